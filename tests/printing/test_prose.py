"""Tests for derive.printing.prose: the markup of captions, statements and notes."""
from __future__ import annotations

import pytest

from derive.printing.prose import parse_prose, prose_tex, references

# (text, segments as (kind, value)).
GOOD = [
    ("plain words", [("text", "plain words")]),
    ("by {b}: $x > 0$.", [("text", "by "), ("ref", "b"), ("text", ": "), ("math", "x > 0"),
                          ("text", ".")]),
    ("the claim {=step_2}", [("text", "the claim "), ("claim", "step_2")]),
    (r"$e^{\log p_k} = p_k$", [("math", r"e^{\log p_k} = p_k")]),
    (r"braces in math $\{1, 2\}$ are fine", [("text", "braces in math "), ("math", r"\{1, 2\}"),
                                             ("text", " are fine")]),
    (r"$x_{100\%} = \# \& 1$", [("math", r"x_{100\%} = \# \& 1")]),   # escaped specials
    ("half: ½", [("text", "half: ½")]),
    (r"$a \iff b$, $\infty$", [("math", r"a \iff b"), ("text", ", "), ("math", r"\infty")]),
    ("", []),
]


@pytest.mark.parametrize("text, segments", GOOD, ids=[t or "empty" for t, _ in GOOD])
def test_parse(text, segments):
    assert [(s.kind, s.value) for s in parse_prose(text)] == segments


# (text, error, words of the message): markup that must be rejected.
BAD = [
    ("costs $5", ValueError, "never closed"),
    ("empty $$ math", ValueError, "empty"),
    (r"$\frac{1}{2$", ValueError, "unbalanced"),
    (r"$a}{b$", ValueError, "unbalanced"),
    (r"$a & b$", ValueError, "not allowed"),
    (r"$a \\ b$", ValueError, "not allowed"),
    (r"$\begin{cases} a \end{cases}$", ValueError, "not allowed"),
    (r"$x \label{y}$", ValueError, "not allowed"),
    ("a {brace that is no name", ValueError, "brace outside math"),
    ("{not a name!}", ValueError, "brace outside math"),
    ("{1abc}", ValueError, "brace outside math"),
    (r"$a % b$", ValueError, "not allowed"),
    (r"$\iffalse$ swallows the page", ValueError, "not allowed"),
    (r"$x \newpage$", ValueError, "not allowed"),
    (r"$\vspace{9in}$", ValueError, "not allowed"),
    (r"$\def\x{1}$", ValueError, "not allowed"),
    (r"$\csname foo\endcsname$", ValueError, "not allowed"),
    (r"$a # b$", ValueError, "not allowed"),
    ("a smile \U0001F600 here", ValueError, "cannot print the character '\U0001F600'"),
    ("a bell \x07 here", ValueError, "cannot print the character"),
    (42, TypeError, "str"),
]


@pytest.mark.parametrize("text, error, words", BAD, ids=[str(t) for t, _, _ in BAD])
def test_parse_rejects(text, error, words):
    with pytest.raises(error, match=words):
        parse_prose(text, what="caption of step 'x'")


def test_references_are_forbidden_where_there_are_none():
    with pytest.raises(ValueError, match="brace outside math"):
        parse_prose("see {b}", refs=False)
    assert parse_prose("$a$ and b", refs=False)[0].kind == "math"


def test_references_in_order():
    assert references("from {a} and {=b}, then {a}") == ("a", "b", "a")


def test_prose_tex_escapes_text_and_keeps_math():
    tex = prose_tex("50% of $p_k > 0$ & {b}", ref=lambda name: r"\eqnref{sec:x}{3}")
    assert tex == r"50\% of $p_k > 0$ \& \eqnref{sec:x}{3}"


def test_prose_tex_needs_a_claim_renderer_for_claims():
    with pytest.raises(ValueError, match="cannot be shown"):
        prose_tex("{=b}", ref=str)

"""The prose before a display (derive.handcheck.leads): cases and givens of the next
display only, conditions and caveats not read that block refutations, rows labelled false."""
from __future__ import annotations

import pytest

from derive.handcheck.leads import read_lead
from derive.handcheck.steps import check_derivation

# (prose, kind, conditions)
LEADS = [
    ("If $i=j$, then", "case", ("i=j",)),
    ("Assume $x>0$ and $y>0$. Then", "case", ("x>0", "y>0")),
    ("When $x > 0$ we have", "case", ("x > 0",)),
    ("For $i\\neq j$:", "case", ("i\\neq j",)),
    ("Case $i = j$:", "case", ("i = j",)),
    ("Let $x=8$.", "case", ("x=8",)),
    ("Suppose $b < 0$:", "case", ("b < 0",)),
    ("where $a=3$", "case", ("a=3",)),
    ("subject to $x+y=1$:", "constraint", ("x+y=1",)),
    ("s.t.", "constraint", ()),
    ("If we shift the logits, then", "unread", ()),
    ("if $i=j$ or $i=k$:", "unread", ()),
    ("The identity holds unless $a=0$:", "caveat", ()),
    ("This holds except for $a = 0$:", "caveat", ()),
    ("It holds only if $a > 0$:", "caveat", ()),
    ("False:", "false", ()),
    ("Wrong:", "false", ()),
    ("**Wrong:**", "false", ()),
    # prose that states no condition
    ("For the gradient we have", "", ()),
    ("where $x$ is the input:", "", ()),
    ("Now differentiate:", "", ()),
    ("and solving for $p_i$:", "", ()),
    ("for $i \\in S$:", "", ()),
    ("If $i \\in S$, then", "case", ("i \\in S",)),    # not relations: run.py guards the display
    ("This is wrong. Now the right one:", "", ()),
    # a negation or disclaimer: the math is what does NOT hold -- never a given
    ("The identity holds for all real $x$ but not for $x = 3$:", "caveat", ()),
    ("Note that this is false when $x = 3$:", "caveat", ()),
    ("Our claim, which is wrong for $x = 3$:", "caveat", ()),
    ("It fails when $x = 3$:", "caveat", ()),
    ("This is never the case for $x = 3$:", "caveat", ()),
    ("It doesn't hold when $x = 3$:", "caveat", ()),
    # TeX emphasis around a label
    ("\\textbf{Wrong:}", "false", ()),
    ("\\emph{False:}", "false", ()),
    ("\\textbf{Incorrect}:", "false", ()),
]

# (prose, lasting): "let", "suppose", "assume", "where", "given" hold from there on
LASTING = [
    ("Let $n = 3$.", True),
    ("Suppose $a = 1$. Then", True),
    ("Assume $x > 0$:", True),
    ("where $a = 3$", True),
    ("Given that $x = 1$,", True),
    ("If $x = 3$, then", False),
    ("When $x > 0$ we have", False),
    ("For $i \\neq j$:", False),
    ("Case $i = j$:", False),
]


@pytest.mark.parametrize("prose, lasting", LASTING, ids=[c[0] for c in LASTING])
def test_which_leads_hold_from_there_on(prose, lasting):
    lead = read_lead(prose)
    assert (lead.kind, lead.lasting) == ("case", lasting)


@pytest.mark.parametrize("prose, kind, conditions", LEADS, ids=[c[0] for c in LEADS])
def test_what_the_prose_before_a_display_says(prose, kind, conditions):
    lead = read_lead(prose)
    assert (lead.kind, lead.conditions) == (kind, conditions)


_SQUARE = "$$ (x+1)^2 = x^2 + 2x + 1 $$\n\n"

# (id, document, {line: (allowed statuses, method or None)})
CASES = [
    # a case lead holds for the next display only
    ("if-then", "If $i=j$, then\n\n$$ \\delta_{ij} = 1 $$\n\n$$ \\delta_{ij} = 1 $$\n",
     {3: (("proved",), None), 5: (("refuted",), None)}),
    ("if-then-x", "If $x = 2$, then\n\n$$ x^2 = 4 $$\n\n$$ x^2 = 4 $$\n",
     {3: (("proved",), None), 5: (("unknown", "diagnostic"), None)}),
    # "Let", "Assume", "Suppose", "where" hold from there on, like a given line
    ("assume-lasts", "Assume $x = 2$. Then\n\n$$ x^2 = 4 $$\n\n$$ x^2 = 4 $$\n",
     {3: (("proved",), None), 5: (("proved",), None)}),
    ("let-lasts", "Let $n = 3$.\n\n$$ n + 1 = 4 $$\n\nThen\n\n$$ 2 n = 6 $$\n",
     {3: (("proved",), None), 7: (("proved",), None)}),
    ("let-lasts-wrong", "Let $n = 3$.\n\n$$ n + 1 = 4 $$\n\nThen\n\n$$ 2 n = 7 $$\n",
     {7: (("refuted",), None)}),
    ("let-leak", "Let $x = 8$.\n\n$$ y = x + 1 = 9 $$\n\n$$ y - x = 1 $$\n\n$$ y = 9 $$\n",
     {3: (("proved",), None), 5: (("proved",), None), 7: (("proved",), None)}),
    # a name the lead's given speaks of is never defined by the display under it
    ("if-then-no-definition", "If $x = 3$, then\n\n$$ x = 4 $$\n\n$$ x + 1 = 5 $$\n",
     {3: (("refuted", "unknown"), None), 5: (("unknown", "diagnostic"), None)}),
    ("if-gt-no-definition", "If $x > 5$, then\n\n$$ x = 1 $$\n\n$$ x^2 = 1 $$\n",
     {3: (("refuted", "unknown"), None), 5: (("unknown", "diagnostic"), None)}),
    ("suppose-no-definition", "Suppose $a^2 = 9$. Then\n\n$$ a = 3 $$\n\n$$ a^3 = 27 $$\n",
     {3: (("unknown",), None), 5: (("unknown", "diagnostic"), None)}),
    # negated or disclaiming prose gives no given (and blocks refutations)
    ("but-not-for", "The identity below holds for all real $x$ but not for $x = 3$:\n\n"
     "$$ x^2 = 9 $$\n", {3: (("unknown",), None)}),
    ("false-when", "Note that this is false when $x = 3$:\n\n$$ x^2 = 9 $$\n",
     {3: (("unknown",), None)}),
    ("wrong-for", "$$ x^2 + 1 = 1 + x^2 $$\n\nOur claim, which is wrong for $x = 3$:\n\n"
     "$$ x = 4 - 1 $$\n", {5: (("unknown",), None)}),
    ("when-we-have", "When $i \\neq j$ we have\n\n$$ \\delta_{ij} = 0 $$\n", {3: (("proved",), None)}),
    ("case-i-eq-j", "Case $i = j$:\n\n$$ \\delta_{ij} = 1 $$\n", {3: (("proved",), None)}),
    ("for-i-neq-j", "For $i \\neq j$:\n\n$$ \\delta_{ij} = 0 $$\n", {3: (("proved",), None)}),
    ("let", _SQUARE + "Let $x = 8$.\n\n$$ x^2 = 64 $$\n", {5: (("proved",), None)}),
    ("where", _SQUARE + "where $x = 8$\n\n$$ x^2 = 64 $$\n", {5: (("proved",), None)}),
    ("subject-to-math", _SQUARE + "subject to $x = 8$:\n\n$$ x^2 = 64 $$\n", {5: (("proved",), None)}),
    # a condition the reader does not read, or a caveat: never refuted
    ("condition-not-read", "If we shift the logits, then\n\n$$ (a+b)^2 = a^2+b^2 $$\n",
     {3: (("unknown",), "condition not read")}),
    ("condition-not-relations", "If $i \\in S$, then\n\n$$ (a+b)^2 = a^2+b^2 $$\n",
     {3: (("unknown",), "condition not read")}),
    ("disjunction", "If $i=j$ or $i=k$:\n\n$$ (a+b)^2 = a^2+b^2 $$\n",
     {3: (("unknown",), "condition not read")}),
    ("unless", "The identity holds unless $a = 0$:\n\n$$ (a+b)^2 = a^2+b^2 $$\n",
     {3: (("unknown",), "condition not read")}),
    ("except-for", "Except for $b = 0$:\n\n$$ (a+b)^2 = a^2+b^2 $$\n",
     {3: (("unknown",), "condition not read")}),
    ("only-if", "Only if $b = 0$:\n\n$$ (a+b)^2 = a^2+b^2 $$\n",
     {3: (("unknown",), "condition not read")}),
    ("guard-is-one-display", "If we shift the logits, then\n\n$$ x = 1 $$\n\nNext.\n\n"
     "$$ (a+b)^2 = a^2+b^2 $$\n", {7: (("refuted",), None)}),
    # rows labelled false: still refuted, never a definition or premise
    ("false-label-no-definition", "False:\n\n$$ a = 5 $$\n\n$$ a + 1 = 6 $$\n",
     {5: (("unknown", "diagnostic"), None)}),
    ("wrong-bold-label", "**Wrong:**\n\n$$ a = 5 $$\n\n$$ a + 1 = 6 $$\n",
     {5: (("unknown", "diagnostic"), None)}),
    ("wrong-textbf-label", "\\textbf{Wrong:}\n\n$$ a = 5 $$\n\n$$ a + 1 = 6 $$\n",
     {5: (("unknown", "diagnostic"), None)}),
    ("false-emph-label", "\\emph{False:}\n\n$$ a = 5 $$\n\n$$ a + 1 = 6 $$\n",
     {5: (("unknown", "diagnostic"), None)}),
    ("wrong-label-still-refuted", "$$ b = 2 $$\n\nWrong:\n\n$$ (b+1)^2 = b^2 + 1 $$\n",
     {5: (("refuted",), None)}),
    ("wrong-in-display", "$$ \\text{Wrong: } a = 5 $$\n\n$$ a + 1 = 6 $$\n",
     {3: (("unknown", "diagnostic"), None)}),
    ("false-in-display-refuted", "$$ b = 2 $$\n\n$$ \\text{False: } (b+1)^2 = b^2 + 1 $$\n",
     {3: (("refuted",), None)}),
    # Let / Suppose written in the display: givens, not claims
    ("let-in-display", _SQUARE + "$$ \\text{Let } x = 8 $$\n", {3: (("assumed",), "given")}),
    ("suppose-in-display", _SQUARE + "$$ \\text{Suppose } x = 8. $$\n", {3: (("assumed",), "given")}),
]


@pytest.mark.parametrize("text, expected", [c[1:] for c in CASES], ids=[c[0] for c in CASES])
def test_leads_give_the_next_display_its_case(text, expected):
    report = check_derivation(text, kind="md", timeout=5.0)
    for line, (allowed, method) in expected.items():
        steps = [s for s in report.steps if s.line == line]
        assert steps and all(s.status in allowed for s in steps), report.steps
        if method is not None:
            assert any(s.method == method for s in steps), steps

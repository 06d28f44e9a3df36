"""Prose with inline mathematics and references, as authors write it in ``proofs/``.

A derivation's captions, theorem statement, assumptions and section notes
are short texts in this markup:

* ``$...$`` -- inline mathematics, written in LaTeX by the author
  (``$p_k > 0$``).  It must be balanced: braces match, and it holds no
  ``&``, ``\\\\``, ``%``, ``#`` (escaped ``\\%`` ``\\#`` ``\\&`` are fine),
  ``\\begin``, ``\\end``, ``\\label``, ``\\tag``, ``\\par``, no conditional,
  definition, page or space break, so that it can never break the page
  around it;
* ``{step_name}`` -- the number of another step's equation, ``(1.3)``;
* ``{=step_name}`` -- that step's equation itself, set as mathematics (so a
  theorem states exactly the relation that was verified);
* everything else is text, escaped for LaTeX (``50%`` prints as written);
  a character LaTeX cannot print is an error when the text is parsed, so
  that a declaration, not a document, fails.

:func:`parse_prose` checks the markup and splits it; :func:`prose_tex`
renders it, asking the caller for the LaTeX of each reference.

Example:
    >>> [s.kind for s in parse_prose("by {b}: $x > 0$.")]
    ['text', 'ref', 'text', 'math', 'text']
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Callable

from .escape import escape_text

__all__ = ["Segment", "parse_prose", "prose_tex", "references", "annotation_tex"]

# An escaped \%, \# or \& is an ordinary character of the math, the bare one is not.
# So are commands that change what follows the math: conditionals and
# definitions, page and space breaks, file and catcode primitives.
_FORBIDDEN_IN_MATH = re.compile(
    r"(?<!\\)[&%#]|\\\\|\\(?:begin|end|label|tag|par|input|include|def|edef|gdef|xdef|let|"
    r"newcommand|renewcommand|providecommand|csname|endcsname|catcode|expandafter|fi|else|"
    r"if(?!f(?![A-Za-z]))[A-Za-z]*|newpage|clearpage|pagebreak|linebreak|newline|vspace|vskip|"
    r"write|immediate|openout|special|makeatletter|makeatother|output|everypar|jobname)"
    r"(?![A-Za-z])")
_REFERENCE = re.compile(r"\{(=?)([A-Za-z_][A-Za-z0-9_]*)\}")


@dataclass(frozen=True)
class Segment:
    """One piece of prose: ``kind`` is ``text``, ``math``, ``ref`` or ``claim``."""

    kind: str
    value: str


def parse_prose(text: str, *, what: str = "text", refs: bool = True) -> tuple[Segment, ...]:
    """Split ``text`` into segments, checking the markup (see the module docstring).

    Args:
        text: the prose.
        what: how the error messages name the text (``"caption of step 'x'"``).
        refs: whether ``{name}`` references are allowed; without them a brace
            is an error too (write it inside ``$...$``).

    Raises:
        TypeError: ``text`` is not a str.
        ValueError: an unclosed ``$``, unbalanced braces or a forbidden
            command in the math, a brace outside math that is no reference.
    """
    if not isinstance(text, str):
        raise TypeError(f"{what} must be a str, got {type(text).__name__}")
    pieces = text.split("$")
    if len(pieces) % 2 == 0:
        raise ValueError(f"{what}: a '$' opens inline math that is never closed: {text!r}")
    out: list[Segment] = []
    for pos, piece in enumerate(pieces):
        if pos % 2:
            out.append(Segment("math", _checked_math(piece, text, what)))
        else:
            out.extend(_text_segments(piece, text, what, refs))
    return tuple(s for s in out if s.value)


def _checked_math(math: str, text: str, what: str) -> str:
    if not math.strip():
        raise ValueError(f"{what}: empty inline math '$$' in {text!r}")
    depth = 0
    for ch in re.sub(r"\\[{}]", "", math):
        depth += {"{": 1, "}": -1}.get(ch, 0)
        if depth < 0:
            break
    if depth:
        raise ValueError(f"{what}: unbalanced braces in the math ${math}$")
    bad = _FORBIDDEN_IN_MATH.search(math)
    if bad:
        raise ValueError(f"{what}: {bad.group(0)!r} is not allowed in inline math (${math}$)")
    return math.strip()


def _text_segments(piece: str, text: str, what: str, refs: bool) -> list[Segment]:
    out, last = [], 0
    for found in _REFERENCE.finditer(piece):
        if not refs:
            break
        out.append(Segment("text", piece[last:found.start()]))
        out.append(Segment("claim" if found.group(1) else "ref", found.group(2)))
        last = found.end()
    rest = piece[last:]
    for seg in out:
        _printable(seg.value, text, what)
    _printable(rest, text, what)
    if "{" in rest or "}" in rest:
        hint = "a reference is {step_name} or {=step_name}; " if refs else ""
        raise ValueError(f"{what}: a brace outside math in {text!r} ({hint}math goes in $...$)")
    out.append(Segment("text", rest))
    return out


def _printable(piece: str, text: str, what: str) -> None:
    try:
        escape_text(piece.replace("{", "").replace("}", ""))
    except ValueError as err:
        # escape_text names its argument "s" and offers strict=False: neither helps an author
        found = re.search(r"character (.+?)(?: \(U\+[0-9A-F]+\))?(?:;|$)", str(err))
        char = found.group(1) if found else repr(piece)
        raise ValueError(f"{what}: LaTeX cannot print the character {char} in {text!r}") from None


def references(text: str, *, what: str = "text") -> tuple[str, ...]:
    """The step names ``text`` refers to, by ``{name}`` or ``{=name}``, in order."""
    return tuple(s.value for s in parse_prose(text, what=what) if s.kind in ("ref", "claim"))


def prose_tex(text: str, *, ref: Callable[[str], str] | None = None,
              claim: Callable[[str], str] | None = None, what: str = "text") -> str:
    """LaTeX (text mode) for ``text``.

    Args:
        text: the prose.
        ref: step name -> the LaTeX of its equation number; None forbids references.
        claim: step name -> the LaTeX (text mode, ``$...$`` included) of its relation.
        what: names the text in error messages.
    """
    parts = []
    for seg in parse_prose(text, what=what, refs=ref is not None):
        if seg.kind == "text":
            parts.append(escape_text(seg.value))
        elif seg.kind == "math":
            parts.append("$%s$" % seg.value)
        elif seg.kind == "ref":
            parts.append(ref(seg.value))
        else:
            if claim is None:
                raise ValueError(f"{what}: {{={seg.value}}} cannot be shown here")
            parts.append(claim(seg.value))
    return "".join(parts)


_INLINE = re.compile(r"\\\((.*?)\\\)")


def annotation_tex(text: str, *, what: str = "text") -> str:
    """Plain prose with inline math written ``\\( ... \\)`` as LaTeX (text mode).

    The markup of the audit transcripts' annotations, where a ``$`` would
    open a display for ``derive check``: ``the constraint \\(\\sum_i p_i = 1\\)``.
    The math obeys the rules of ``$...$`` in :func:`parse_prose`; all other
    text, ``$`` and braces included, prints as written.

    Raises:
        TypeError: ``text`` is not a str.
        ValueError: an unclosed ``\\(``, a stray ``\\)``, or math that could break
            the page (see :func:`parse_prose`), or a character LaTeX cannot print.

    Example:
        >>> annotation_tex(r"needs \\(\\sum_i y_i = 1\\), 100% sure")
        'needs $\\\\sum_i y_i = 1$, 100\\\\% sure'
    """
    if not isinstance(text, str):
        raise TypeError(f"{what} must be a str, got {type(text).__name__}")
    parts, last = [], 0
    for found in _INLINE.finditer(text):
        parts.append(_plain(text[last:found.start()], text, what))
        parts.append("$%s$" % _checked_math(found.group(1), text, what))
        last = found.end()
    parts.append(_plain(text[last:], text, what))
    return "".join(parts)


def _plain(piece: str, text: str, what: str) -> str:
    if "\\(" in piece or "\\)" in piece:
        raise ValueError(f"{what}: a '\\(' opens inline math that is never closed, or a '\\)' "
                         f"closes none: {text!r}")
    _printable(piece, text, what)
    return escape_text(piece)

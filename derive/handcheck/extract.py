"""Find the displayed equations of a ``.tex`` or ``.md`` document, with line numbers.

This reads document *structure* only (delimiters, environments, comments);
the formulas themselves are read by :mod:`derive.handcheck.parser`.

What counts as a displayed equation:

* ``$$ ... $$``, ``\\[ ... \\]`` and the environments ``equation``,
  ``equation*``, ``align``, ``align*``, ``gather``, ``gather*``,
  ``multline``, ``multline*``, ``eqnarray``, ``eqnarray*``, ``displaymath``;
  in Markdown also fenced blocks ```` ```math ````.  Inline ``$...$`` is prose.
* Inside a block, the wrappers ``aligned``, ``split``, ``gathered``,
  ``matrix``, ``array`` (and a nested display environment) are dropped,
  ``\\tag{}``, ``\\label{}``, ``\\nonumber``, ``\\notag`` are stripped, and the
  block is split into rows at ``\\\\``; each row is one :class:`Equation` with
  the line where its text starts.  A row that is only an equation number such
  as ``(4)`` is skipped.
* ``%`` starts a comment (to the end of the line) in TeX, and inside math
  blocks in Markdown (where a ``%`` in prose is a per-cent sign).

Hypotheses (``role="given"``), three spellings:

* a comment line ``% given: \\sum_i y_i = 1`` (TeX anywhere, Markdown inside
  a math block);
* in Markdown, an HTML comment ``<!-- given: \\sum_i y_i = 1 -->`` on one line;
* a displayed row marked ``\\text{given}`` or ``\\text{(given)}``, e.g.
  ``\\sum_i p_i = 1 \\quad \\text{(given)}``.

A new derivation in the same document starts at a comment line ``% reset``
(or ``<!-- reset -->`` in Markdown), reported as an :class:`Equation` with
``role="reset"`` and empty text: everything defined or assumed before it is
forgotten.

Example:
    >>> [e.line for e in extract_equations("a\\n$$x = 1 \\\\\\\\ y = 2$$\\n")]
    [2, 2]
"""
from __future__ import annotations

import re
from dataclasses import dataclass

__all__ = ["Equation", "extract_equations", "KINDS"]

KINDS = ("tex", "md")
_DISPLAY_ENVS = ("equation", "equation*", "align", "align*", "gather", "gather*",
                 "multline", "multline*", "eqnarray", "eqnarray*", "displaymath")
_WRAPPERS = re.compile(
    r"\\(begin|end)\{(aligned|alignedat|split|gathered|matrix|array|"
    + "|".join(re.escape(e) for e in _DISPLAY_ENVS) + r")\}(\{[^{}]*\})?")
_STRIP = re.compile(r"\\(tag\*?|label)\s*\{[^{}]*\}|\\(nonumber|notag)(?![a-zA-Z])")
_ROW_BREAK = re.compile(r"\\\\(\s*\[[^\]]*\])?")
_GIVEN_COMMENT = re.compile(r"^\s*given\s*:\s*(.*?)\s*$", re.IGNORECASE)
_RESET_COMMENT = re.compile(r"^\s*reset\s*$", re.IGNORECASE)
_HTML_RESET = re.compile(r"^\s*<!--\s*reset\s*-->\s*$", re.IGNORECASE)
_GIVEN_MARK = re.compile(r"\\text\s*\{\s*\(?\s*given\s*\)?\s*\}", re.IGNORECASE)
_HTML_GIVEN = re.compile(r"^\s*<!--\s*given\s*:\s*(.*?)\s*-->\s*$", re.IGNORECASE)
_EQ_NUMBER = re.compile(r"^\s*\(\s*\d+\s*\)\s*$")
_OPENERS = re.compile(r"\$\$|\\\[|\\begin\{(" + "|".join(re.escape(e) for e in _DISPLAY_ENVS)
                      + r")\}")
_FENCE = re.compile(r"^\s*(```|~~~)\s*([A-Za-z]*)\s*$")


@dataclass(frozen=True)
class Equation:
    """One displayed row.

    Attributes:
        text: the row's LaTeX (wrappers, tags and comments removed).
        line: 1-based line of the row's first character in the document.
        environment: ``"$$"``, ``"\\["``, ``"align*"``, ``"math"`` (a Markdown
            fence), or ``"given"`` for a comment hypothesis.
        role: ``"step"``, ``"given"`` or ``"reset"``.
    """

    text: str
    line: int
    environment: str
    role: str = "step"


def extract_equations(text: str, *, kind: str = "tex") -> list:
    """The displayed equations of a document, in order.

    Args:
        text: the document.
        kind: ``"tex"`` or ``"md"``.

    Raises:
        TypeError: ``text`` is not a str.
        ValueError: ``kind`` is not one of :data:`KINDS`.
    """
    if not isinstance(text, str):
        raise TypeError(f"text must be a str, got {type(text).__name__}")
    if kind not in KINDS:
        raise ValueError(f"kind must be one of {KINDS}, got {kind!r}")
    if kind == "tex":
        cleaned, givens = _tex_comments(text)
        found = _blocks(cleaned, 1) + givens
    else:
        found = _markdown(text)
    return sorted(found, key=lambda e: e.line)


def _tex_comments(text: str):
    """Blank out ``%`` comments (keeping line numbers); collect ``% given:`` lines."""
    lines, givens = [], []
    for number, line in enumerate(text.split("\n"), 1):
        cut = _comment_start(line)
        if cut is not None:
            match = _GIVEN_COMMENT.match(line[cut + 1:])
            if match and match.group(1):
                givens.append(Equation(match.group(1), number, "given", "given"))
            elif _RESET_COMMENT.match(line[cut + 1:]):
                givens.append(Equation("", number, "reset", "reset"))
            line = line[:cut]
        lines.append(line)
    return "\n".join(lines), givens


def _comment_start(line: str) -> int | None:
    k = 0
    while True:
        k = line.find("%", k)
        if k < 0:
            return None
        backslashes = len(line[:k]) - len(line[:k].rstrip("\\"))
        if backslashes % 2 == 0:
            return k
        k += 1


def _displays(text: str):
    """Each display block of ``text``: (environment, body, line offset of the body's start).

    An unclosed block runs to the end of the text.
    """
    pos = 0
    while True:
        match = _OPENERS.search(text, pos)
        if match is None:
            return
        env = match.group(1) or match.group(0)
        closer = {"$$": "$$", "\\[": "\\]"}.get(env, f"\\end{{{env}}}")
        end = text.find(closer, match.end())
        end = len(text) if end < 0 else end
        yield env, text[match.end():end], text.count("\n", 0, match.end())
        pos = end + len(closer)


def _blocks(text: str, first_line: int) -> list:
    """Every display block of TeX-like ``text`` whose first line is ``first_line``."""
    found = []
    for env, body, offset in _displays(text):
        found += _rows(body, first_line + offset, env)
    return found


def _rows(block: str, line: int, env: str) -> list:
    """Split one block into rows, each with its own line number."""
    block = _WRAPPERS.sub(lambda m: _blank(m.group(0)), block)
    block = _STRIP.sub(lambda m: _blank(m.group(0)), block)
    rows, start = [], 0
    pieces = [(m.start(), m.end()) for m in _ROW_BREAK.finditer(block)] + [(len(block), len(block))]
    for cut, resume in pieces:
        piece = block[start:cut]
        stripped = piece.strip()
        if stripped and not _EQ_NUMBER.match(stripped):
            offset = len(piece) - len(piece.lstrip())
            row_line = line + block.count("\n", 0, start + offset)
            role = "given" if _GIVEN_MARK.search(stripped) else "step"
            rows.append(Equation(stripped, row_line, env, role))
        start = resume
    return rows


def _blank(s: str) -> str:
    """Spaces in place of ``s``, newlines kept (so line numbers survive)."""
    return "".join(c if c == "\n" else " " for c in s)


def _markdown(text: str) -> list:
    """Markdown: code fences skipped, ```math fences and TeX displays read."""
    lines = text.split("\n")
    found, outside, k = [], [], 0
    while k < len(lines):
        fence = _FENCE.match(lines[k])
        if fence:
            end = next((j for j in range(k + 1, len(lines))
                        if lines[j].strip().startswith(fence.group(1))), len(lines))
            if fence.group(2).lower() == "math":
                found += _math_block(lines[k + 1:end], k + 2, "math")
            outside += [""] * (min(end, len(lines) - 1) - k + 1)
            k = end + 1
            continue
        given = _HTML_GIVEN.match(lines[k])
        if given and given.group(1):
            found.append(Equation(given.group(1), k + 1, "given", "given"))
            outside.append("")
        elif _HTML_RESET.match(lines[k]):
            found.append(Equation("", k + 1, "reset", "reset"))
            outside.append("")
        else:
            outside.append(lines[k])
        k += 1
    found += _md_displays("\n".join(outside))
    return found


def _md_displays(text: str) -> list:
    found = []
    for env, body, offset in _displays(text):
        found += _math_block(body.split("\n"), offset + 1, env)
    return found


def _math_block(lines: list, first_line: int, env: str) -> list:
    """A math block of Markdown: TeX comments apply inside it."""
    cleaned, givens = _tex_comments("\n".join(lines))
    givens = [Equation(g.text, g.line + first_line - 1, g.environment, g.role) for g in givens]
    return _rows(cleaned, first_line, env) + givens

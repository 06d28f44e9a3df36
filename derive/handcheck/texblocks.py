"""TeX structures rewritten into tokens of the grammar: vector and matrix literals, ``\\over``.

* a ``bmatrix``/``pmatrix`` of one row or one column is ``\\veclit{a ; b ; c}``; a row
  transposed (``\\end{bmatrix}^T``) is a column, the same vector: the mark goes;
* a matrix written with dots (a general size) is ``\\matlit{a ; \\dots ; b \\matrow ...}``,
  its rows set apart by ``\\matrow``,
  read by :mod:`derive.handcheck.matrices`; a matrix of fixed size is left as written
  (the parser reports it);
* ``{a \\over b}`` is ``\\frac{a}{b}`` in its group.
"""
from __future__ import annotations

import re

from .texmacros import group

__all__ = ["literals", "over"]

_DOTS_CELL = r"^\s*(\.\.\.|\\[vlc]?dots|\\ddots)\s*$"

# ``\end{bmatrix}^T``, ``^{\top}``, ``^\intercal``: the literal transposed
_TRANSPOSED = r"(\s*\^\s*(?:\{\s*(?:T|\\top|\\intercal)\s*\}|T|\\top(?![a-zA-Z])|" \
    r"\\intercal(?![a-zA-Z])))?"


def literals(text: str) -> str:
    """A ``bmatrix``/``pmatrix`` of one row or one column: ``\\veclit{a; b; c}``; a matrix
    with dots, ``\\matlit{a ; \\dots ; b \\matrow \\dots ; \\dots \\matrow c ; \\dots ; d}``."""
    pattern = re.compile(r"\\begin\s*\{([bpvB]?matrix)\}([\s\S]*?)\\end\s*\{\1\}" + _TRANSPOSED)

    def one(m):
        value = _literal(m)
        if m.group(3) and value.startswith("\\veclit") and "&" in m.group(2) and not re.search(
                r"\\\\", m.group(2)):
            return value            # a row written and transposed: a column, as a vector is
        return value + (m.group(3) or "")
    return pattern.sub(one, text)


def _literal(m) -> str:
    """One ``bmatrix`` (its transpose mark, group 3, left out)."""
    body = m.group(2).strip()
    rows = [r for r in re.split(r"\\\\(?:\s*\[[^\]]*\])?", body) if r.strip()]
    cells = [c for r in rows for c in r.split("&")]
    if len(rows) > 1 and any("&" in r for r in rows):
        # a matrix of general size, written with dots (:mod:`.matrices`); a fixed one
        # is left for the parser to report
        grid = [[re.sub(_DOTS_CELL, r"\\dots", c).strip() for c in r.split("&")]
                for r in rows]
        if not any(c == "\\dots" for r in grid for c in r):
            return m.group(0)[:len(m.group(0)) - len(m.group(3) or "")]
        return "\\matlit{" + " \\matrow ".join(" ; ".join(r) for r in grid) + "}"
    if len(cells) == 1:            # entries set apart by spacing: x_1 \ \, x_2 \ \, ...
        cells = [c for c in re.split(r"(?:\\[ ,;]|\\quad|~)+\s*(?:\\[ ,;]\s*)*", cells[0])
                 if c.strip()]
    cells = [re.sub(_DOTS_CELL, r"\\dots", c) for c in cells]
    return "\\veclit{" + " ; ".join(c.strip() for c in cells if c.strip()) + "}"


def over(text: str) -> str:
    """``{a \\over b}`` -> ``\\frac{a}{b}`` (TeX's infix fraction, in its group)."""
    for _ in range(20):
        m = re.search(r"\\over(?![a-zA-Z])", text)
        if m is None:
            return text
        depth, start = 0, -1
        for k in range(m.start() - 1, -1, -1):
            c = text[k]
            if c == "}":
                depth += 1
            elif c == "{":
                if depth == 0:
                    start = k
                    break
                depth -= 1
        if start < 0:
            return text[:m.start()] + "/" + text[m.end():]
        end = group(text, start)
        if end is None:
            return text
        inner = text[start + 1:end[1] - 1]
        left, _, right = inner.partition("\\over")
        text = text[:start] + "{\\frac{" + left + "}{" + right + "}}" + text[end[1]:]
    return text

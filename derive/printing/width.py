"""A rough estimate of how wide a piece of display math will typeset.

The line breaker (:func:`derive.printing.printer.to_latex_lines`) needs to know
when an equation would run off the page before TeX sees it.  Counting source
characters is a poor guide (``\\lambda_{1}`` is eleven characters and less
than two glyphs wide), so :func:`math_width` walks the LaTeX tokens and sums
approximate glyph widths in *units* of half an em (an italic letter or a
digit is about one unit).  It errs on the wide side: breaking a line early
costs nothing, an overfull box costs a page margin.

Example:
    >>> math_width(r"\\lambda_{1}") < math_width(r"\\lambda_{1} + \\lambda_{2}")
    True
"""
from __future__ import annotations

import re

__all__ = ["math_width"]

_TOKEN = re.compile(r"\\[A-Za-z]+|\\.|[{}_^&]|\s+|.", re.DOTALL)

_SCRIPT = 0.72        # sub/superscript size relative to the base
_NESTED_FRAC = 0.8    # a fraction inside a fraction is set smaller
_BINARY = {"+": 2.5, "-": 2.5, "=": 2.8, "<": 2.8, ">": 2.8, ",": 0.8, ";": 0.8}
_SPACES = {"quad": 2.0, "qquad": 4.0, ",": 0.35, ":": 0.45, ";": 0.55, "!": -0.35, " ": 0.7}
_ZERO = {"left", "right", "nobreak", "mathrel", "displaystyle", "limits", "nolimits",
         "begin", "end", "notag", "nonumber", "bigl", "bigr", "Bigl", "Bigr"}
_BIG_OPERATORS = {"sum", "prod", "int"}
_TEXT_COMMANDS = {"text", "mathrm", "operatorname", "textbf", "mathbf", "textit", "mathit"}
_RELATIONS = {"leq", "geq", "neq", "le", "ge", "ne", "approx", "equiv", "to", "rightarrow",
              "in", "mapsto", "times", "cdot", "pm", "mp"}


def math_width(tex: str) -> float:
    """Estimated width of ``tex`` (display math, no delimiters) in half-ems.

    Args:
        tex: LaTeX math source.

    Raises:
        TypeError: ``tex`` is not a str.
    """
    if not isinstance(tex, str):
        raise TypeError(f"tex must be a str, got {type(tex).__name__}")
    tokens = [t for t in _TOKEN.findall(tex)]
    width, _ = _measure(tokens, 0, depth=0)
    return width


def _measure(tokens: list[str], pos: int, *, depth: int) -> tuple[float, int]:
    """Width of tokens from ``pos`` up to the closing brace of this group."""
    total = 0.0
    script = 0.0          # width of the script already attached to the last atom
    big_op = False        # last atom was \sum etc.: its limits go underneath
    while pos < len(tokens):
        tok = tokens[pos]
        pos += 1
        if tok == "}":
            break
        if tok.isspace() or tok == "&":
            continue
        if tok in ("_", "^"):
            w, pos = _atom(tokens, pos, depth=depth)
            w *= _SCRIPT
            extra = max(0.0, w - 1.8) if big_op else max(0.0, w - script)
            total += extra
            script = max(script, w)
            continue
        script, big_op = 0.0, False
        if tok == "{":
            w, pos = _measure(tokens, pos, depth=depth)
            total += w
        elif tok.startswith("\\"):
            w, pos, big_op = _command(tok[1:], tokens, pos, depth=depth)
            total += w
        else:
            total += _BINARY.get(tok, 1.0)
    return total, pos


def _atom(tokens: list[str], pos: int, *, depth: int) -> tuple[float, int]:
    """Width of the single argument (a group or one token) at ``pos``."""
    while pos < len(tokens) and tokens[pos].isspace():
        pos += 1
    if pos >= len(tokens):
        return 0.0, pos
    tok = tokens[pos]
    if tok == "{":
        return _measure(tokens, pos + 1, depth=depth)
    if tok.startswith("\\"):
        w, pos, _ = _command(tok[1:], tokens, pos + 1, depth=depth)
        return w, pos
    return _BINARY.get(tok, 1.0), pos + 1


def _skip_group(tokens: list[str], pos: int) -> int:
    """Position after the brace group starting at ``pos`` (if there is one)."""
    while pos < len(tokens) and tokens[pos].isspace():
        pos += 1
    if pos < len(tokens) and tokens[pos] == "{":
        depth = 0
        while pos < len(tokens):
            depth += {"{": 1, "}": -1}.get(tokens[pos], 0)
            pos += 1
            if depth == 0:
                break
    return pos


def _text_width(tokens: list[str], pos: int) -> tuple[float, int]:
    """Width of a ``\\text{...}`` argument: upright text, about 0.9 units a letter."""
    end = _skip_group(tokens, pos)
    letters = sum(len(t) for t in tokens[pos:end] if t not in "{}")
    return 0.9 * letters, end


def _command(name: str, tokens: list[str], pos: int, *, depth: int) -> tuple[float, int, bool]:
    """Width of ``\\name`` and its arguments; also whether it is a big operator."""
    if name == "frac":
        top, pos = _atom(tokens, pos, depth=depth + 1)
        bottom, pos = _atom(tokens, pos, depth=depth + 1)
        scale = _NESTED_FRAC if depth else 1.0
        return scale * max(top, bottom) + 0.5, pos, False
    if name in ("begin", "end"):
        return 0.0, _skip_group(tokens, pos), False
    if name in ("left", "right"):
        # The delimiter token that follows: "." is invisible.
        if pos < len(tokens) and tokens[pos] == ".":
            return 0.0, pos + 1, False
        w, pos = _atom(tokens, pos, depth=depth)
        return max(w, 0.9), pos, False
    if name in _TEXT_COMMANDS:
        w, pos = _text_width(tokens, pos)
        return w, pos, False
    if name in _SPACES:
        return _SPACES[name], pos, False
    if name in _ZERO:
        return 0.0, pos, False
    if name in _BIG_OPERATORS:
        return 2.0, pos, True
    if name in ("log", "exp", "max", "min", "sin", "cos", "det", "lim", "sup", "inf"):
        return 0.9 * len(name) + 0.4, pos, False
    if name in _RELATIONS:
        return 2.8, pos, False
    return 1.1, pos, False

"""Breaking long display equations into lines that fit an A4 page.

A relation whose printed form is wider than the line budget (measured by
:func:`derive.printing.width.math_width`) is split before top-level ``+`` and
``-`` signs into lines for amsmath's ``split`` environment.  A single term
that is still too wide is opened once more when it is a factor times a
parenthesized sum, a sum over a sum or a derivative of a sum.

Example:
    >>> from sympy import Eq, Symbol
    >>> xs = [Symbol(f"x_{i}") for i in range(40)]
    >>> len(to_latex_lines(Eq(Symbol("y"), sum(xs)))) > 1
    True
"""
from __future__ import annotations

import re
from typing import Any

from sympy import Add, Derivative, Limit, Mul, Sum, Tuple

from ..printing.printer import DOC_PRINTER, as_sympy, rename_apart, to_latex
from ..printing.readable import readable_names
from ..printing.width import math_width

__all__ = ["to_latex_lines", "chain_lines", "line_width", "split_alignment", "DEFAULT_WIDTH",
           "RELATIONS"]
#: Budget for one display line, in the half-em units of :func:`math_width`.
#: An A4 page with 2.5 cm margins at 11 pt holds about 80 units; the rest
#: leaves room for the equation number and the estimate's error.
DEFAULT_WIDTH = 64.0
_QUAD = 2.0
_SIGN = 2.5
RELATIONS = {"==": "=", "!=": r"\neq", "<": "<", "<=": r"\leq", ">": ">", ">=": r"\geq"}
_RELATIONS = RELATIONS


def to_latex_lines(expr: Any, *, width: float = DEFAULT_WIDTH) -> list[str]:
    """LaTeX for ``expr`` broken into lines no wider than ``width``.

    Lines break before a top-level ``+`` or ``-`` of either side of a
    relation; a single term still too wide is opened up once more when it is
    a product with a sum factor, a sum over a sum or a derivative of a sum
    (``\\lambda_{1} \\left( ... \\right.`` / ``\\left. ... \\right)``).

    Args:
        expr: a SymPy expression or relation.
        width: line budget in half-em units (see :mod:`derive.printing.width`).

    Returns:
        ``[tex]`` with no ``&`` when it fits on one line; otherwise lines
        for amsmath's ``split`` environment, each holding one ``&``
        (join them with ``\\\\``).

    Raises:
        TypeError: ``expr`` is not a SymPy expression, or ``width`` not a number.
        ValueError: ``width`` is below 20 units.
    """
    expr = rename_apart(readable_names(as_sympy(expr, "expr")))
    if isinstance(width, bool) or not isinstance(width, (int, float)):
        raise TypeError(f"width must be a number, got {type(width).__name__}")
    if not width >= 20:
        raise ValueError(f"width must be at least 20 units, got {width!r}")
    whole = to_latex(expr)
    if math_width(whole) <= width:
        return [whole]
    rel = _RELATIONS.get(getattr(expr, "rel_op", None)) if expr.is_Relational else None
    if rel is None:
        return _pack(_atoms(expr, width - _QUAD), "&", width, width - _QUAD)
    lhs = to_latex(expr.lhs)
    lhs_w = math_width(lhs) + _SIGN
    if lhs_w <= 0.4 * width:
        return _pack(_atoms(expr.rhs, width - lhs_w - _QUAD), f"{lhs} &{rel} ",
                     width - lhs_w, width - lhs_w - _QUAD)
    top = _pack(_atoms(expr.lhs, width - _QUAD), "&", width, width - _QUAD)
    bottom = _pack(_atoms(expr.rhs, width - _QUAD - _SIGN), f"&{rel} ",
                   width - _SIGN, width - _QUAD)
    return top + bottom


_TOKEN = re.compile(r"\\(?:begin|end)(?![A-Za-z])|\\.|[{}&]")


def split_alignment(line: str) -> tuple[str, str] | None:
    """``(left, right)`` of ``line`` at its alignment point, the first top-level ``&``.

    An ``&`` inside braces or inside an environment of the mathematics
    (``\\begin{cases} a & \\text{if } ...``, which a ``Piecewise`` prints)
    belongs to that environment; None when there is no top-level ``&``.

    Example:
        >>> split_alignment(r"\\begin{cases} a & b \\end{cases} &= 0")
        ('\\\\begin{cases} a & b \\\\end{cases} ', '= 0')
    """
    depth = 0
    for found in _TOKEN.finditer(line):
        tok = found.group(0)
        if tok in ("{", r"\begin"):
            depth += 1
        elif tok in ("}", r"\end"):
            depth -= 1
        elif tok == "&" and depth == 0:
            return line[:found.start()], line[found.end():]
    return None


def line_width(line: str) -> float:
    """The estimated width of one line from :func:`to_latex_lines` or :func:`chain_lines`."""
    return math_width(line.replace(r"\quad", ""))


def chain_lines(head: Any, links, *, width: float = DEFAULT_WIDTH) -> list[list[str]]:
    """The lines of a chain ``head rel_1 rhs_1 rel_2 rhs_2 ...``, one list per link.

    Every line holds one ``&`` (the alignment point, before the relation), so
    the lines of all links stack in one ``align``: the first link reads
    ``head &= rhs_1``, the next ones ``&= rhs_2``.  A head wider than 40 % of
    the budget, when the links do not fit beside it, goes on lines of its
    own (``&head``), and the relations start at the left.

    Args:
        head: the left side of the first relation (a SymPy expression).
        links: ``(rel_op, rhs)`` pairs, ``rel_op`` a key of :data:`RELATIONS`.
        width: line budget in half-em units.

    Raises:
        TypeError: ``head`` or a right side is not SymPy.
        ValueError: an unknown relation, or no links.
    """
    head = as_sympy(head, "head")
    links = [(op, as_sympy(rhs, "rhs")) for op, rhs in links]
    if not links:
        raise ValueError("links must hold at least one (relation, rhs) pair")
    # one renaming for the whole chain: a dummy is one name on every line
    named = readable_names(Tuple(head, *(rhs for _, rhs in links))).args
    head = rename_apart(named[0])
    links = [(op, rename_apart(rhs)) for (op, _), rhs in zip(links, named[1:])]
    bad = [op for op, _ in links if op not in RELATIONS]
    if bad:
        raise ValueError(f"unknown relation {bad[0]!r}; known: {', '.join(RELATIONS)}")
    head_tex = to_latex(head)
    head_w = math_width(head_tex) + _SIGN
    widest = max(math_width(to_latex(rhs)) for _, rhs in links) + _SIGN
    beside = head_w <= 0.4 * width or head_w + widest <= width
    indent = head_w if beside else 0.0
    out = []
    for pos, (op, rhs) in enumerate(links):
        rel = RELATIONS[op]
        prefix = f"{head_tex} &{rel} " if beside and pos == 0 else f"&{rel} "
        rhs_tex = to_latex(rhs)
        avail = width - indent
        if math_width(rhs_tex) + _SIGN <= avail:
            lines = [prefix + rhs_tex]
        else:
            lines = _pack(_atoms(rhs, avail - _QUAD - _SIGN), prefix, avail - _SIGN,
                          avail - _QUAD - _SIGN)
        if pos == 0 and not beside:
            lines = _pack(_atoms(head, width), "&", width, width - _QUAD) + lines
        out.append(lines)
    return out


def _atoms(expr, avail: float) -> list[tuple[str, str, str, float]]:
    """Flatten ``expr`` into ``(kind, sign, tex, width)`` pieces for packing.

    ``kind`` is ``"term"``, ``"open"`` (a prefix ending in ``\\left(``) or
    ``"close"`` (``\\right)``).
    """
    out = []
    for sign, term in DOC_PRINTER.signed_term_exprs(expr):
        tex = DOC_PRINTER.term_tex(term)
        opened = _open_up(term) if math_width(tex) > avail else None
        if opened is None:
            out.append(("term", sign, tex, math_width(tex)))
            continue
        prefix, inner = opened
        out.append(("open", sign, prefix + r" \left(", math_width(prefix) + 1.0))
        out.extend(_atoms(inner, avail - math_width(prefix)))
        out.append(("close", "", r"\right)", 1.0))
    return out


def _open_up(term) -> tuple[str, Any] | None:
    """``(prefix, sum)`` when ``term`` is prefix times a parenthesized sum."""
    if isinstance(term, Mul):
        sums = [f for f in term.args if isinstance(f, Add)]
        if len(sums) == 1:
            rest = Mul(*[f for f in term.args if f is not sums[0]])
            return ("" if rest == 1 else DOC_PRINTER.doprint(rest)), sums[0]
    if isinstance(term, Sum) and isinstance(term.function, Add):
        return DOC_PRINTER.sum_head(term), term.function
    if isinstance(term, Derivative) and isinstance(term.expr, Add):
        return DOC_PRINTER.derivative_head(term), term.expr
    if isinstance(term, Limit) and isinstance(term.args[0], Add):
        return DOC_PRINTER.limit_head(term), term.args[0]
    return None


def _pack(atoms, first_prefix: str, first_avail: float, cont_avail: float) -> list[str]:
    """Fill lines greedily with atoms, closing open delimiters at each break."""
    lines: list[str] = []
    text, used, depth, avail = first_prefix, 0.0, 0, first_avail
    fresh, glue = True, False  # at the start of a line / just after an "open"
    for kind, sign, tex, w in atoms:
        w += _SIGN if sign in "+-" and sign else 0.0
        if not fresh and not glue and kind != "close" and used + w > avail:
            lines.append(text + r" \right." * depth)
            text = r"&\quad " + r"\left. " * depth
            used, avail, fresh = 0.0, cont_avail, True
        if kind == "close":
            text += " " + tex
        elif not sign:
            text += ("" if fresh else " ") + tex
        elif fresh and (lines or sign == "+") and not glue:
            text += "{}%s %s" % (sign, tex)   # {} keeps the sign binary
        else:
            text += ("" if fresh else " ") + "%s %s" % (sign, tex)
        used += w
        depth += {"open": 1, "close": -1}.get(kind, 0)
        fresh, glue = False, kind == "open"
    lines.append(text)
    return lines

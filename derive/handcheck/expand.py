"""Replace defined names by their definitions, holding a derivative's variable fixed.

The builder reads a defined name (``L``, ``p_i`` after ``p_i = e^{z_i} / \\sum_j
e^{z_j}``) as the name itself; :func:`expand_definitions` then puts every
definition in, recursively, once the row is read.  Inside
``\\frac{\\partial F}{\\partial p_i}`` with ``p`` defined, ``p`` is *held*: ``F``
is expanded except for ``p``, differentiated with ``p_i`` as the variable,
and only then is ``p``'s definition put in.  That is the textbook meaning
of the chain rule through a defined intermediate (``\\partial L/\\partial p_i``
with ``L = -\\sum_k y_k \\log p_k`` is ``-y_i/p_i``, at ``p = softmax(z)``).
"""
from __future__ import annotations

from sympy import Basic, Derivative, Idx, Indexed, Symbol

from ..errors import ParseError
from .indexing import JUMP, at_indices, fresh_bound, jump_in
from .premises import carry_out_derivatives

__all__ = ["expand_definitions", "defined_name"]

_MAX_DEPTH = 30


def defined_name(e, defs) -> str | None:
    """The defined name ``e`` stands for (``p`` for ``p[i]``, ``L`` for ``L``), else None."""
    if isinstance(e, Indexed):
        key = str(e.base.label)
        d = defs.get(key)
        return key if d is not None and not d.function and len(d.indices) == len(e.indices) \
            else None
    if isinstance(e, Symbol) and not isinstance(e, Idx) or isinstance(e, Idx) and e.name == "ell":
        d = defs.get(e.name)
        return e.name if d is not None and not d.function and not d.indices else None
    return None


def expand_definitions(expr, defs, *, line: int = 1, held=frozenset(), depth: int = 0):
    """``expr`` with every defined name (not in ``held``) replaced by its definition."""
    if not defs or not isinstance(expr, Basic):
        return expr
    if depth > _MAX_DEPTH:
        raise ParseError("definitions refer to each other in a circle", line)
    return _expand(expr, defs, line, frozenset(held), depth)


def _expand(e, defs, line, held, depth):
    key = defined_name(e, defs)
    if key is not None:
        if key in held:
            return e
        d = defs[key]
        body = fresh_bound(d.body)
        if isinstance(e, Indexed):
            body = at_indices(body, d.indices, e.indices)
        return expand_definitions(body, defs, line=line, held=held, depth=depth + 1)
    if isinstance(e, Derivative):
        names = {defined_name(v, defs) for v in e.variables} - {None}
        inner = _expand(e.expr, defs, line, held | names, depth)
        if jump_in(inner, e.variables) is not None:
            # (a defined name that is an indicator: the same refusal as one written out)
            raise ParseError(JUMP, line)
        found = Derivative(inner, *e.variable_count)
        if not names - held:
            return found
        done = carry_out_derivatives(found)
        if done.has(Derivative):
            raise ParseError(f"cannot carry out the derivative with respect to "
                             f"{', '.join(str(v) for v in e.variables)} before putting in "
                             "its definition", line)
        return _expand(done, defs, line, held, depth)
    if not e.args or isinstance(e, Idx):
        return e
    args = [_expand(a, defs, line, held, depth) for a in e.args]
    if all(a is b for a, b in zip(args, e.args)):
        return e
    return e.func(*args)

"""Canonical names for bound summation variables, and renaming them apart.

Two sums that differ only in the names of their bound variables are the same
quantity; :func:`canonical_indices` gives both the same names (by nesting
depth) so that they compare equal, and :func:`rename_apart` gives every bound
variable a fresh name of its own, so that no substitution can capture it.
Both are alpha-conversions: they change no value.
"""
from __future__ import annotations

from functools import lru_cache

from sympy import Dummy, Idx, Product, Sum, Symbol

__all__ = ["canonical_indices", "rename_apart", "resum"]

_BINDERS = (Sum, Product)


@lru_cache(maxsize=4096)   # pure and called on the same sums again and again
def canonical_indices(expr):
    """Rename bound summation indices by nesting depth, so equal sums compare equal.

    Every bound variable first gets a fresh Dummy (innermost first), so the
    canonical names ``_s0, _s1, ...`` cannot capture one another.
    """
    if not expr.has(*_BINDERS):
        return expr
    taken = {s.name for s in expr.free_symbols if isinstance(s, (Symbol, Idx))}
    return _rename(rename_apart(expr), 0, taken)


def _fresh_like(var, lo, hi, name=None):
    sym = Dummy(integer=True) if name is None else Symbol(name, integer=True)
    if not isinstance(var, Idx):
        return sym
    try:
        return Idx(sym, (lo, hi))
    except (TypeError, ValueError):     # bounds SymPy will not accept for an Idx
        return sym


def _rebind(e, names):
    """``e`` (a Sum/Product) with its variables replaced by ``names(position, var, lo, hi)``."""
    body, limits = e.function, list(e.limits)
    for pos in range(len(limits)):
        var, lo, hi = limits[pos]
        new = names(pos, var, lo, hi)
        body = body.xreplace({var: new})
        # later (outer) limits are not in this variable's scope; earlier (inner) ones are,
        # including an inner Idx whose own range mentions this variable
        limits = [tuple(u.xreplace({var: new}) for u in lim) if q < pos else lim
                  for q, lim in enumerate(limits)]
        limits[pos] = (new, lo, hi)
    return body, limits


def resum(summand, var, lo, hi):
    """``Sum(summand, (var, lo, hi))`` with ``var`` renamed so that an ``Idx`` range fits the limits.

    SymPy refuses a sum whose limits leave the range of its ``Idx`` variable.
    """
    new = _fresh_like(var, lo, hi)
    return Sum(summand.xreplace({var: new}), (new, lo, hi))


def rename_apart(e):
    """``e`` with every bound variable (of a Sum or Product) replaced by its own fresh Dummy."""
    if isinstance(e, _BINDERS):
        inner = e.func(rename_apart(e.function), *[(v, rename_apart(a), rename_apart(b)) for v, a, b in e.limits])
        body, limits = _rebind(inner, lambda pos, var, lo, hi: _fresh_like(var, lo, hi))
        return e.func(body, *limits)
    return _rebuilt(e, [rename_apart(a) for a in e.args])


def _rename(e, depth, taken):
    if isinstance(e, _BINDERS):
        def name(pos, var, lo, hi):
            label = f"_s{depth + len(e.limits) - 1 - pos}"
            while label in taken:
                label += "_"
            return _fresh_like(var, lo, hi, label)

        body, limits = _rebind(e, name)
        return e.func(_rename(body, depth + len(limits), taken),
                      *[(v, _rename(a, depth, taken), _rename(b, depth, taken)) for v, a, b in limits])
    return _rebuilt(e, [_rename(a, depth, taken) for a in e.args])


def _rebuilt(e, args):
    """``e`` with new arguments, or ``e`` itself when none changed: rebuilding a tree
    without binders asks SymPy's assumptions again for nothing."""
    if all(new is old for new, old in zip(args, e.args)):
        return e
    return e.func(*args)

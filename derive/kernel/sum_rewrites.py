"""Two equivalence-preserving rewrites of sums, used by the equality strategies.

* :func:`closed_form_sums`: a sum whose summand is a polynomial in its index
  (with nothing else depending on the index) is replaced by SymPy's closed
  form (Faulhaber's formulas).  The closed form is a polynomial identity in
  the limits and holds for every integer limit under Karr's convention.
* :func:`align_limits`: sums with the same summand whose limits differ by a
  small integer are written over a common range plus the difference terms:
  ``Sum(f, (i, a, b + c)) = Sum(f, (i, a, b)) + f(b + 1) + ... + f(b + c)``
  and ``Sum(f, (i, a, b)) = f(a) + ... + f(a + c - 1) + Sum(f, (i, a + c, b))``.
  Karr's convention makes both hold for every integer ``a``, ``b``.
"""
from __future__ import annotations

from sympy import Add, Dummy, Function, Indexed, Integer, Sum

from .binders import subs_free

__all__ = ["closed_form_sums", "align_limits"]

_MAX_SHIFT = 8      # larger offsets are left alone: they would only make the residual long


def _polynomial_summand(s) -> bool:
    if len(s.limits) != 1:
        return False
    var, f = s.limits[0][0], s.function
    if any(a.has(var) for a in f.atoms(Indexed, Function, Sum)):
        return False
    return bool(f.is_polynomial(var))


def closed_form_sums(e):
    """``e`` with every polynomial sum replaced by its closed form."""
    table = {s: s.doit() for s in e.atoms(Sum) if _polynomial_summand(s)}
    table = {s: v for s, v in table.items() if not v.has(Sum)}
    return e.xreplace(table) if table else e


def _key(s, which):
    """(summand with the index renamed, the limit that must agree) of a one-limit sum."""
    var, lo, hi = s.limits[0]
    u = Dummy("u")  # fresh per call: keys compare through _same_summand
    return s.function.xreplace({var: u}), u, (hi if which == "lower" else lo)


def _same_summand(s, t, which):
    fs, us, fixed_s = _key(s, which)
    ft, ut, fixed_t = _key(t, which)
    return fixed_s == fixed_t and fs == ft.xreplace({ut: us})


def _offset(a, b):
    c = (b - a).expand()
    return int(c) if c.is_Integer and 0 < c <= _MAX_SHIFT else None


def _term(s, value):
    var = s.limits[0][0]
    return subs_free(s.function, {var: value})


def align_limits(e):
    """``e`` with sums of one summand over offset ranges written over a common range."""
    sums = sorted((s for s in e.atoms(Sum) if len(s.limits) == 1), key=str)
    table = {}
    for s in sums:
        for t in sums:
            if s is t or t in table or s in table:
                continue
            (_, lo_s, hi_s), (_, lo_t, hi_t) = s.limits[0], t.limits[0]
            # the cheap test on the limits first: comparing summands renames and rebuilds them
            if (c := _offset(hi_s, hi_t)) is not None and _same_summand(s, t, "upper"):
                # t runs c steps further than s
                table[t] = s + Add(*[_term(s, hi_s + Integer(r)) for r in range(1, c + 1)])
            elif (c := _offset(lo_s, lo_t)) is not None and _same_summand(s, t, "lower"):
                # s starts c steps before t
                table[s] = t + Add(*[_term(t, lo_s + Integer(r)) for r in range(c)])
    return e.xreplace(table) if table else e

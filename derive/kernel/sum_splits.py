"""Sums over adjacent ranges joined, and nested ranges subtracted.

Under Karr's convention, which SymPy's ``Sum`` follows,

    Σ_{i=a}^{b} f(i) + Σ_{i=b+1}^{c} f(i) = Σ_{i=a}^{c} f(i)

holds for *every* integer ``a``, ``b``, ``c`` (that is what the convention is
for), and so does ``Σ_{i=a}^{c} f - Σ_{i=a}^{b} f = Σ_{i=b+1}^{c} f``.  So a
sum split at a symbolic point (the support ``1..s`` and the rest
``s+1..n``) can be joined again with no condition on ``s``.  Both rewrites
replace terms by equal ones; the summands are compared with the summation
index renamed to one fresh symbol.
"""
from __future__ import annotations

from sympy import Add, Dummy, Mul, S, Sum, expand

from .indices import canonical_indices, resum

__all__ = ["join_ranges"]


def _parts(term):
    """(coefficient, sum) when ``term`` is a number or symbols times one single-limit Sum."""
    sums = [f for f in Mul.make_args(term) if isinstance(f, Sum)]
    if len(sums) != 1 or len(sums[0].limits) != 1:
        return None
    s = sums[0]
    return Mul(*[f for f in Mul.make_args(term) if f is not s]), s


def _same_summand(s, t) -> bool:
    (vs, _, _), (vt, _, _) = s.limits[0], t.limits[0]
    u = Dummy("u", integer=True)
    return s.function.xreplace({vs: u}) == t.function.xreplace({vt: u})


def _join_once(terms):
    """One join or subtraction among ``terms`` (a list of Add arguments), or None."""
    parts = [(_parts(t), pos) for pos, t in enumerate(terms)]
    parts = [(p, pos) for p, pos in parts if p is not None]
    for (c1, s), p1 in parts:
        for (c2, t), p2 in parts:
            if p1 == p2 or not _same_summand(s, t):
                continue
            (var, lo_s, hi_s), (_, lo_t, hi_t) = s.limits[0], t.limits[0]
            if expand(c1 - c2) == 0 and expand(hi_s + 1 - lo_t) == 0:
                lo, hi = lo_s, hi_t                     # adjacent: join
            elif expand(c1 + c2) == 0 and expand(lo_s - lo_t) == 0:
                lo, hi = hi_t + 1, hi_s                 # same start: subtract
            else:
                continue
            # Karr: a sum over a..a-1 is empty, whatever a is
            new = S.Zero if expand(hi - lo + 1) == 0 else c1 * resum(s.function, var, lo, hi)
            rest = [term for pos, term in enumerate(terms) if pos not in (p1, p2)]
            return rest + [new]
    return None


def join_ranges(e):
    """``e`` with the sums in each of its additions joined where their ranges meet."""
    if not e.has(Sum):
        return e
    if e.is_Add:
        terms = [join_ranges(t) for t in e.args]
        changed = terms != list(e.args)
        while (joined := _join_once(terms)) is not None:
            terms, changed = joined, True
        return canonical_indices(Add(*terms)) if changed else e
    if e.args and not isinstance(e, Sum):
        return e.func(*[join_ranges(a) for a in e.args])
    return e

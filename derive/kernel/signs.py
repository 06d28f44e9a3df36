"""The sign strategies: prove ``d > 0`` or ``d >= 0`` from the assumptions.

Each strategy maps ``d`` to True when the sign follows, and to None when it
cannot tell; it never answers False.  Every one rewrites ``d`` into an equal
expression in which some quantity is replaced by a fresh positive (or
nonnegative) symbol standing for it, then reads the sign off SymPy's
assumption system.  Only quantities free at their position are replaced
(one symbol for ``exp(z_i)`` under a sum over ``i`` would stand for n
different numbers at once), and through
:func:`~derive.kernel.binders.subs_free`, so a hypothesis about a free ``k``
never rewrites a summation variable ``k``.
"""
from __future__ import annotations

from sympy import Dummy, Indexed, Sum, Symbol, cancel, exp, expand, factor, together

from .binders import free_atoms, subs_free
from .fastpath import sign_shown
from .positive_part import sign_by_cases
from .strategy import Strategy

__all__ = ["SIGN_STRATEGIES"]


def _sign_of(d, strict: bool):
    if sign_shown(d, strict):       # exact and cheap: positive coefficients, positive variables
        return True
    test = (lambda e: e.is_positive) if strict else (lambda e: e.is_nonnegative)
    if test(d):
        return True
    num, den = cancel(together(d)).as_numer_denom()
    if den.is_positive and test(expand(num)):
        return True
    if den.is_positive and test(num):
        return True
    return None


def _plain_sign(d, ctx, strict):
    return _sign_of(d, strict)


def _exp_of_positive(d, ctx, strict):
    """exp(t) = 1 + u with u > 0 whenever t > 0 (u >= 0 whenever t >= 0): exp is increasing."""
    d = expand(d, power_exp=True)
    subs = {}
    for e in sorted(free_atoms(d, exp), key=str):
        if e.args[0].is_positive:
            subs[e] = 1 + Dummy(positive=True)
        elif e.args[0].is_nonnegative:
            subs[e] = 1 + Dummy(nonnegative=True)
    return _sign_of(subs_free(d, subs), strict) if subs else None


def _split_off_term(d, ctx, strict):
    """Sum_{i=1}^{n} f(i) = f(k) + R, with R > 0 when f > 0 and the range has another index."""
    subs = {}
    for s in sorted(free_atoms(d, Sum), key=str):
        if len(s.limits) != 1:
            continue
        var, lo, hi = s.limits[0]
        if not s.function.is_positive:
            continue
        for k in sorted(d.free_symbols - {var}, key=str):
            if getattr(k, "lower", None) == lo and getattr(k, "upper", None) == hi:
                two = ctx.facts.implies_nonneg(hi - lo - 1)
                rest = Dummy(positive=True) if two else Dummy(nonnegative=True)
                subs[s] = subs_free(s.function, {var: k}) + rest
                break
    return _sign_of(subs_free(d, subs), strict) if subs else None


def _shift_by_hypothesis(d, ctx, strict):
    """From a < b (b a symbol or entry) write b = a + t with t > 0 (t >= 0 for <=)."""
    out = d
    for rel in ctx.given_rels:
        op = rel.rel_op
        if op not in ("<", "<=", ">", ">="):
            continue
        small, big = (rel.lhs, rel.rhs) if op in ("<", "<=") else (rel.rhs, rel.lhs)
        t = Dummy(positive=True) if op in ("<", ">") else Dummy(nonnegative=True)
        if isinstance(big, (Symbol, Indexed)):
            out = subs_free(out, {big: small + t})
        elif isinstance(small, (Symbol, Indexed)):
            out = subs_free(out, {small: big - t})
    if out == d:
        return None
    return _sign_of(out, strict) or _exp_of_positive(out, ctx, strict)


def _factored(d, ctx, strict):
    """Factor d (an equal expression): a square or a product of signed factors shows its sign."""
    if d.has(Sum) or len(d.free_symbols) > 8:     # factoring large expressions is slow and rarely helps
        return None
    return _sign_of(factor(d), strict)


SIGN_STRATEGIES: tuple[Strategy, ...] = (
    Strategy("sign-assumptions", "the sign follows from the symbols' assumptions", _plain_sign),
    Strategy("exp-monotone", "exp(t) > 1 for t > 0, and the sign follows", _exp_of_positive),
    Strategy("split-off-term", "splitting one term off the sum leaves a positive remainder", _split_off_term),
    Strategy("hypothesis-shift", "writing the larger side of the hypothesis as the smaller plus a positive amount, the sign follows", _shift_by_hypothesis),
    Strategy("factor", "factored, the sign follows from the assumptions", _factored),
    Strategy("linear-arithmetic", "a nonnegative combination of the hypotheses (in every case of each maximum) gives the sign", sign_by_cases),
)

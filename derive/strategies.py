"""The proof strategies, cheapest first, registered in one table each.

An equality strategy maps the prepared residual ``lhs - rhs`` to a rewritten
residual; the claim is proved when some strategy returns exactly ``0``.  Every
strategy is an equivalence-preserving rewrite (``cancel``, ``expand``,
``expand_log`` without ``force``, a case split on a Kronecker delta, reduction
modulo the hypotheses), so a zero residual is a proof and a nonzero
*constant* residual is a disproof.  Conventions: as in SymPy, a rational
function is identified with its reduced form (``x/x = 1``).

A sign strategy maps ``d`` (claim ``d > 0`` or ``d >= 0``) to True when the
sign follows from the symbols' assumptions.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Callable

from sympy import (Add, Dummy, Idx, Indexed, KroneckerDelta, Mul, S, Sum, Symbol, cancel,
                   exp, expand, expand_log, groebner, powdenest, powsimp, simplify,
                   together)
from sympy.core.relational import Relational

from .indices import Facts, normal_form
from .quantified import instantiate_hypotheses

__all__ = ["Strategy", "EQUALITY_STRATEGIES", "SIGN_STRATEGIES", "Context"]


@dataclass(frozen=True)
class Context:
    """What a strategy may use: index facts and the prepared hypotheses."""

    facts: Facts
    given_eqs: tuple = ()        # residuals g with g = 0 assumed
    given_rels: tuple = ()       # relationals assumed true
    quantified: tuple = ()       # (residual g, its indices): g = 0 for every value of those indices


@dataclass(frozen=True)
class Strategy:
    name: str
    sentence: str
    run: Callable
    expensive: bool = False


def _cancel(d, ctx):
    return cancel(together(d))


def _expand(d, ctx):
    return cancel(expand(d, power_exp=True, log=False))


def _log_exp(d, ctx):
    d = expand_log(powsimp(powdenest(d)), force=False)
    return cancel(together(normal_form(expand(d, power_exp=True), ctx.facts)))


def _cheap(d, ctx):
    for strat in (_cancel, _expand, _log_exp):
        r = strat(d, ctx)
        if r == 0:
            return r
    return r


def _delta_cases(d, ctx):
    """Split on each KroneckerDelta(a, b): the case a = b and the case a != b."""
    deltas = sorted(d.atoms(KroneckerDelta), key=str)
    if not deltas:
        return d
    delta = deltas[0]
    a, b = delta.args
    same = d.xreplace({delta: S.One})
    if isinstance(b, (Symbol, Idx, Indexed)):
        same = same.xreplace({b: a})
    elif isinstance(a, (Symbol, Idx, Indexed)):
        same = same.xreplace({a: b})
    else:
        return d
    different = d.xreplace({delta: S.Zero})
    r_same = _delta_cases(_cheap(normal_form(same, ctx.facts), ctx), ctx)
    r_diff = _delta_cases(_cheap(normal_form(different, ctx.facts), ctx), ctx)
    if r_same == 0 and r_diff == 0:
        return S.Zero
    return d


def _opaque(exprs):
    """Replace every non-polynomial subterm by a fresh symbol (same map for all)."""
    table: dict = {}

    def atom(e):
        if e not in table:
            table[e] = Dummy(f"g{len(table)}")
        return table[e]

    def walk(e):
        if e.is_Atom and not isinstance(e, Symbol):
            return e
        if isinstance(e, (Symbol, Indexed)):
            return e
        if isinstance(e, (Add, Mul)):
            return e.func(*[walk(a) for a in e.args])
        if e.is_Pow and e.exp.is_Integer:
            return walk(e.base) ** e.exp
        return atom(e)

    return [walk(e) for e in exprs]


def _given(d, ctx):
    """Reduce the residual's numerator modulo the hypotheses (a Groebner basis).

    Treating sums and function values as independent variables only forgets
    relations, so a zero remainder is still a proof.
    """
    if not ctx.given_eqs:
        return d
    num, _den = together(_cheap(d, ctx)).as_numer_denom()
    gs = [together(g).as_numer_denom()[0] for g in ctx.given_eqs]
    opaque = _opaque([expand(num)] + [expand(g) for g in gs])
    gens = sorted(set().union(*[e.free_symbols for e in opaque]), key=str)
    if not gens:
        return d
    basis = groebner(opaque[1:], *gens, order="grevlex")
    _, rem = basis.reduce(opaque[0])
    return S.Zero if expand(rem) == 0 else d


def _substitute_givens(d, ctx):
    """Solve each hypothesis for an atom it is linear in (a sum, an entry, a symbol) and substitute."""
    if not ctx.given_eqs:
        return d
    out = d
    for g in ctx.given_eqs:
        for atom in sorted(g.atoms(Sum, Indexed, Symbol), key=lambda a: (-len(str(a)), str(a))):
            if isinstance(atom, Idx) or not out.has(atom):
                continue
            u = Dummy("u")
            lin = expand(g.xreplace({atom: u}))
            coeff = lin.coeff(u, 1)
            if coeff == 0 or expand(lin - coeff * u).has(u) or coeff.has(u):
                continue
            if coeff.is_zero is not False:
                continue
            out = out.xreplace({atom: -(lin - coeff * u) / coeff})
            break
    return _cheap(normal_form(out, ctx.facts), ctx)


def _given_then_delta(d, ctx):
    if not ctx.given_eqs or not d.has(KroneckerDelta):
        return d
    deltas = sorted(d.atoms(KroneckerDelta), key=str)
    a, b = deltas[0].args
    if not isinstance(b, (Symbol, Idx, Indexed)):
        return d
    cases = [d.xreplace({deltas[0]: S.One}).xreplace({b: a}), d.xreplace({deltas[0]: S.Zero})]
    ok = all(_given(normal_form(c, ctx.facts), ctx) == 0 or _given_then_delta(c, ctx) == 0
             for c in cases)
    return S.Zero if ok else d


def _quantified_givens(d, ctx):
    """Use a hypothesis that holds for every value of its own indices inside sums.

    ``Σ_k Y[r, k] = 1`` for every sample ``r`` in ``1..N`` may replace
    ``Σ_k Y[s, k]`` inside ``Σ_{s=1}^{N}``: there ``s`` takes only values in
    ``1..N`` (see :mod:`derive.quantified` for the scope conditions).
    """
    if not ctx.quantified:
        return d
    out = instantiate_hypotheses(d, ctx.quantified, ctx.facts)
    if out == d:
        return d
    return _cheap(normal_form(out, ctx.facts), ctx)


def _simplify(d, ctx):
    return simplify(d)


EQUALITY_STRATEGIES: tuple[Strategy, ...] = (
    Strategy("cancel", "the difference of the two sides cancels to zero", _cancel),
    Strategy("hypothesis-substitution", "substituting the hypotheses, the difference reduces to zero", _substitute_givens),
    Strategy("expand", "the difference expands to zero", _expand),
    Strategy("expand_log+powsimp", "after expanding logarithms and combining powers the difference is zero", _log_exp),
    Strategy("kronecker-cases", "both cases of each Kronecker delta (equal and distinct indices) reduce to zero", _delta_cases),
    Strategy("hypotheses", "the difference reduces to zero modulo the hypotheses", _given),
    Strategy("quantified-hypotheses", "using the hypotheses at every index value the sums take, the difference reduces to zero", _quantified_givens),
    Strategy("hypotheses+kronecker-cases", "in both Kronecker cases the difference reduces to zero modulo the hypotheses", _given_then_delta),
    Strategy("simplify", "sympy.simplify reduces the difference to zero", _simplify, expensive=True),
)


# --- signs ---------------------------------------------------------------

def _sign_of(d, strict: bool):
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
    """exp(t) = 1 + u with u > 0 whenever t > 0."""
    d = expand(d, power_exp=True)
    subs = {}
    for e in d.atoms(exp):
        if e.args[0].is_positive:
            subs[e] = 1 + Dummy(positive=True)
    return _sign_of(d.xreplace(subs), strict) if subs else None


def _split_off_term(d, ctx, strict):
    """Sum_{i=1}^{n} f(i) = f(k) + R, with R > 0 when f > 0 and the range has another index."""
    subs = {}
    for s in d.atoms(Sum):
        if len(s.limits) != 1:
            continue
        var, lo, hi = s.limits[0]
        if not s.function.is_positive:
            continue
        for k in sorted(d.free_symbols - {var}, key=str):
            if getattr(k, "lower", None) == lo and getattr(k, "upper", None) == hi:
                two = ctx.facts.implies_nonneg(hi - lo - 1)
                rest = Dummy(positive=True) if two else Dummy(nonnegative=True)
                subs[s] = s.function.xreplace({var: k}) + rest
                break
    return _sign_of(d.xreplace(subs), strict) if subs else None


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
            out = out.xreplace({big: small + t})
        elif isinstance(small, (Symbol, Indexed)):
            out = out.xreplace({small: big - t})
    if out == d:
        return None
    return _sign_of(out, strict) or _exp_of_positive(out, ctx, strict)


SIGN_STRATEGIES: tuple[Strategy, ...] = (
    Strategy("sign-assumptions", "the sign follows from the symbols' assumptions", _plain_sign),
    Strategy("exp-monotone", "exp(t) > 1 for t > 0, and the sign follows", _exp_of_positive),
    Strategy("split-off-term", "splitting one term off the sum leaves a positive remainder", _split_off_term),
    Strategy("hypothesis-shift", "writing the larger side of the hypothesis as the smaller plus a positive amount, the sign follows", _shift_by_hypothesis),
)

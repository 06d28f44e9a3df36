"""The proof strategies, cheapest first, registered in one table each.

An equality strategy maps the prepared residual ``lhs - rhs`` to a rewritten
residual; the claim is proved when some strategy returns exactly ``0``.  Every
strategy is an equivalence-preserving rewrite (``cancel``, ``expand``,
``expand_log`` without ``force``, a case split on a Kronecker delta, closed
forms of polynomial sums and aligned summation limits, reduction modulo the
hypotheses, hypotheses used at every index value a sum takes), so a zero
residual is a proof.  Conventions, as in SymPy: a rational function is
identified with its reduced form (``x/x = 1``), and sums follow Karr's
convention for reversed ranges.

Two rules keep the rewrites honest about bound variables and undefined
points (see :mod:`derive.kernel.binders` and :mod:`derive.kernel.hypotheses`):
a case split or a substitution acts only on atoms free at their position,
never inside a binder of the same variable; and a strategy that uses the
hypotheses proves the claim only if every denominator of the residual is
nonzero wherever the hypotheses hold.

The sign strategies live in :mod:`derive.kernel.signs` and are re-exported here;
the record types in :mod:`derive.kernel.strategy`.
"""
from __future__ import annotations

from sympy import (Dummy, Idx, Indexed, KroneckerDelta, Ne, S, Sum, Symbol, cancel, expand_log,
                   groebner, powdenest, powsimp, simplify, together)

from .binders import bound_variables, free_atoms, subs_free
from .hypotheses import denominators_nonzero, nonzero_relations, opaque
from .indices import expand_keeping_sums, normal_form
from .memo import remembered
from .quantified import instantiate_hypotheses
from .signs import SIGN_STRATEGIES
from .strategy import Context, Strategy
from .sum_rewrites import align_limits, closed_form_sums
from .sum_splits import join_ranges
from .positive_part import equal_by_cases

__all__ = ["Strategy", "EQUALITY_STRATEGIES", "SIGN_STRATEGIES", "Context"]




# The cheap rewrites are remembered (see :mod:`derive.kernel.memo`): several strategies
# start from the same residual, and each would otherwise redo them.

@remembered
def _cancelled(d):
    return cancel(together(d))


@remembered
def _expanded_cancelled(d):
    return cancel(expand_keeping_sums(d, power_exp=True, log=False))


@remembered
def _logs_expanded(d, facts):
    d = expand_log(powsimp(powdenest(d)), force=False)
    return cancel(together(normal_form(expand_keeping_sums(d, power_exp=True), facts)))


@remembered
def _expanded(d):
    return expand_keeping_sums(d, power_exp=True, log=False)


def _cancel(d, ctx):
    return _cancelled(d)


def _expand(d, ctx):
    return _expanded_cancelled(d)


def _log_exp(d, ctx):
    return _logs_expanded(d, ctx.facts)


def _expand_only(d, ctx):
    """Plain expansion: no polynomial gcd, so much cheaper than cancel when it suffices."""
    return _expanded(d)


def _cheap(d, ctx):
    for strat in (_expand_only, _cancel, _expand, _log_exp):
        r = strat(d, ctx)
        if r == 0:
            return r
    return r


def _known_distinct(a, b, ctx) -> bool:
    """a != b follows from a hypothesis Ne(a, b) or from the index facts."""
    for rel in ctx.given_rels:
        if rel.rel_op == "!=" and {rel.lhs, rel.rhs} == {a, b}:
            return True
    return ctx.facts.decide(Ne(a, b)) is True


def _split_deltas(d):
    """The Kronecker deltas of ``d`` a case split may act on: those free of every bound index.

    A delta ``KroneckerDelta(k, i)`` under a sum over ``i`` is a different
    delta for each term; splitting on it globally would be wrong.
    """
    return sorted(free_atoms(d, KroneckerDelta), key=str)


def _cases(d, delta):
    """(the case a = b, the case a != b) of ``d``, or None if the equal case cannot be written."""
    a, b = delta.args
    same = subs_free(d, {delta: S.One})
    if isinstance(b, (Symbol, Idx, Indexed)):
        same = subs_free(same, {b: a})
    elif isinstance(a, (Symbol, Idx, Indexed)):
        same = subs_free(same, {a: b})
    else:
        return None
    return same, subs_free(d, {delta: S.Zero})


def _delta_cases(d, ctx):
    """Split on each KroneckerDelta(a, b): the case a = b and the case a != b.

    When the hypotheses or index facts show a != b, only that case exists.
    """
    deltas = _split_deltas(d)
    if not deltas:
        return d
    delta = deltas[0]
    a, b = delta.args
    if _known_distinct(a, b, ctx):
        rest = _delta_cases(_cheap(normal_form(subs_free(d, {delta: S.Zero}), ctx.facts), ctx), ctx)
        return S.Zero if rest == 0 else d
    cases = _cases(d, delta)
    if cases is None:
        return d
    same, different = cases
    r_same = _delta_cases(_cheap(normal_form(same, ctx.facts), ctx), ctx)
    r_diff = _delta_cases(_cheap(normal_form(different, ctx.facts), ctx), ctx)
    if r_same == 0 and r_diff == 0:
        return S.Zero
    return d


def _defined(d, ctx) -> bool:
    """The residual's denominators are nonzero wherever the hypotheses hold (else a reduction proves nothing)."""
    return denominators_nonzero(d, ctx.given_eqs, ctx.given_rels)


def _given(d, ctx):
    """Reduce the residual's numerator modulo the hypotheses (a Groebner basis).

    Treating sums and function values as independent variables only forgets
    relations, so a zero remainder is still a proof, provided the
    denominators are nonzero where the hypotheses hold.  Inequalities
    ``a != b``, ``a < b`` contribute ``(a - b) u - 1``.
    """
    if not ctx.given_eqs:
        return d
    num, _den = together(_cheap(d, ctx)).as_numer_denom()
    gs = [together(g).as_numer_denom()[0] for g in ctx.given_eqs]
    gs += [r * Dummy("u") - 1 for r in nonzero_relations(ctx.given_rels)]
    hidden = opaque([expand_keeping_sums(num)] + [expand_keeping_sums(g) for g in gs])
    gens = sorted(set().union(*[e.free_symbols for e in hidden]), key=str)
    if not gens:
        return d
    basis = groebner(hidden[1:], *gens, order="grevlex")
    _, rem = basis.reduce(hidden[0])
    return S.Zero if expand_keeping_sums(rem) == 0 and _defined(d, ctx) else d


def _substitute_givens(d, ctx):
    """Solve each hypothesis for an atom it is linear in (a sum, an entry, a symbol) and substitute.

    Only atoms free in the hypothesis are solved for, and only their free
    occurrences in the residual are replaced.
    """
    if not ctx.given_eqs:
        return d
    out = d
    for g in ctx.given_eqs:
        bound = bound_variables(g)
        for atom in sorted(free_atoms(g, (Sum, Indexed, Symbol)),
                           key=lambda a: (-len(str(a)), str(a))):
            if isinstance(atom, Idx) or atom in bound or atom not in free_atoms(out, type(atom)):
                continue
            u = Dummy("u")
            lin = expand_keeping_sums(subs_free(g, {atom: u}))
            coeff = lin.coeff(u, 1)
            if coeff == 0 or expand_keeping_sums(lin - coeff * u).has(u) or coeff.has(u):
                continue
            if coeff.is_zero is not False:
                continue
            out = subs_free(out, {atom: -(lin - coeff * u) / coeff})
            break
    out = normal_form(out, ctx.facts)
    quick = _expand_only(out, ctx)
    result = quick if quick == 0 else _cheap(out, ctx)
    return result if result != 0 or _defined(d, ctx) else d


def _given_then_delta(d, ctx):
    if not ctx.given_eqs:
        return d
    deltas = _split_deltas(d)
    if not deltas or not isinstance(deltas[0].args[1], (Symbol, Idx, Indexed)):
        return d
    cases = _cases(d, deltas[0])
    if cases is None:
        return d
    ok = all(_given(normal_form(c, ctx.facts), ctx) == 0 or _given_then_delta(c, ctx) == 0
             for c in cases)
    return S.Zero if ok and _defined(d, ctx) else d


def _quantified_givens(d, ctx):
    """Use a hypothesis that holds for every value of its own indices inside sums.

    ``Σ_k Y[r, k] = 1`` for every sample ``r`` in ``1..N`` may replace
    ``Σ_k Y[s, k]`` inside ``Σ_{s=1}^{N}``: there ``s`` takes only values in
    ``1..N`` (see :mod:`derive.kernel.quantified` for the scope conditions).
    """
    if not ctx.quantified:
        return d
    out = instantiate_hypotheses(d, ctx.quantified, ctx.facts)
    if out == d:
        return d
    result = _cheap(normal_form(out, ctx.facts), ctx)
    return result if result != 0 or _defined(d, ctx) else d


def _sum_rewrites(d, ctx):
    """Close polynomial sums and align offset limits (see :mod:`derive.kernel.sum_rewrites`).

    Both rewrites replace a sum by an equal expression, valid for every
    integer limit under SymPy's (Karr's) summation convention.
    """
    out = align_limits(closed_form_sums(d))
    if out == d:
        return d
    return _delta_cases(_cheap(normal_form(out, ctx.facts), ctx), ctx)


def _joined_ranges(d, ctx):
    """Join sums over adjacent ranges (see :mod:`derive.kernel.sum_splits`)."""
    out = join_ranges(d)
    if out == d:
        return d
    return _delta_cases(_cheap(normal_form(out, ctx.facts), ctx), ctx)


def _signs_from_hypotheses(d, ctx):
    """A hypothesis ``x > 0`` (or ``x >= 0``) on a plain symbol: replace ``x`` by a positive
    (nonnegative) symbol, so that SymPy's own rewrites (``sqrt(x**2) -> x``) apply.

    Sound because the claim is then only asserted where the hypothesis holds.
    """
    table = {}
    for rel in ctx.given_rels:
        op, lhs, rhs = rel.rel_op, rel.lhs, rel.rhs
        if op in ("<", "<=") and lhs == 0:
            op, lhs, rhs = (">" if op == "<" else ">="), rhs, lhs
        if op in (">", ">=") and rhs == 0 and isinstance(lhs, Symbol) and not isinstance(lhs, Dummy):
            kind = {"positive": True} if op == ">" else {"nonnegative": True}
            table[lhs] = Dummy(lhs.name, real=True, **kind)
    if not table:
        return d
    return _cheap(subs_free(d, table), ctx)


def _delta_at_non_integer(d) -> bool:
    """A sum over i of a delta KroneckerDelta(i, a) with ``a`` not known to be an integer.

    SymPy's own delta summation (used by ``simplify`` and ``doit``) picks the
    term at ``a`` whenever ``a`` lies in the range, integer or not.
    """
    for s in d.atoms(Sum):
        variables = {lim[0] for lim in s.limits}
        for delta in s.function.atoms(KroneckerDelta):
            if any(v in delta.free_symbols for v in variables) and not all(
                    a.is_integer for a in delta.args):
                return True
    return False


def _simplify(d, ctx):
    if _delta_at_non_integer(d):
        return d
    return simplify(d)


EQUALITY_STRATEGIES: tuple[Strategy, ...] = (
    Strategy("expand", "the difference expands to zero", _expand_only),
    Strategy("hypothesis-substitution", "substituting the hypotheses, the difference reduces to zero", _substitute_givens),
    Strategy("cancel", "the difference of the two sides cancels to zero", _cancel),
    Strategy("sign-hypotheses", "with the signs the hypotheses give the symbols, the difference reduces to zero", _signs_from_hypotheses),
    Strategy("expand+cancel", "the difference expands and cancels to zero", _expand),
    Strategy("expand_log+powsimp", "after expanding logarithms and combining powers the difference is zero", _log_exp),
    Strategy("kronecker-cases", "both cases of each Kronecker delta (equal and distinct indices) reduce to zero", _delta_cases),
    Strategy("sum-limits", "closing polynomial sums and aligning offset summation limits, the difference is zero", _sum_rewrites),
    Strategy("hypotheses", "the difference reduces to zero modulo the hypotheses", _given),
    Strategy("quantified-hypotheses", "using the hypotheses at every index value the sums take, the difference reduces to zero", _quantified_givens),
    Strategy("hypotheses+kronecker-cases", "in both Kronecker cases the difference reduces to zero modulo the hypotheses", _given_then_delta),
    Strategy("sum-splits", "joining sums over adjacent ranges, the difference is zero", _joined_ranges),
    Strategy("positive-part-cases", "in every case of each maximum (larger, equal or smaller argument) the difference is zero", equal_by_cases),
    Strategy("simplify", "sympy.simplify reduces the difference to zero", _simplify, expensive=True),
)


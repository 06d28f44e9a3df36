"""``check``: decide a claim, soundly, within a hard time limit.

Order of work: check the types of the input (nothing else happens before
the deadline starts); under the deadline, evaluate the hypotheses, rename
bound variables apart, check the summation bounds, carry out derivatives and
limits (:mod:`derive.kernel.prepare`); look for contradictory hypotheses
(then the claim holds vacuously, and the verdict says so); settle claims
about infinities; bring sums to their normal form (discharging index guards
from the index ranges); try the cheap equality or sign strategies; look for
a counterexample; then spend what time is left on the expensive strategies
(``simplify``).  Only a symbolic strategy returns "proved"; only a confirmed
counterexample returns "refuted"; everything else is "unknown", with a
reason in words.
"""
from __future__ import annotations

import time
from contextlib import nullcontext
from typing import Any

from sympy import And, Eq, Float, Idx, S, Sum, Tuple
from sympy.core.relational import Relational
from sympy.logic.boolalg import BooleanFalse, BooleanTrue

from . import cache as _cache
from . import fastpath
from .deadline import deadline, remaining, run_with_timeout
from ..errors import CheckTimeout, GuardNotDischarged
from .hypotheses import contradiction, denominators, denominators_nonzero, shared_contradiction
from .fastcheck import fast_equal as _fast_equal
from .memo import forget_rewrites
from .indices import facts_for, normal_form
from .inputs import MISSING, claim_from, given_from, timeout_from
from .prepare import (InputError, Undecided, alpha_convert_relation, bound_check, decide_infinities,
                      evaluate_hypotheses, prepare, shown)
from .quantified import quantified_hypotheses
from .confirm import how_confirmed
from .sampling import find_counterexample
from .strategies import EQUALITY_STRATEGIES, SIGN_STRATEGIES, Context
from .verdict import PROVED, REFUTED, UNKNOWN, Verdict

__all__ = ["check", "prove_quickly", "forget"]

_SEARCH_SHARE = 0.3      # at most this share of the budget goes to the counterexample search
_INPUT_ERROR = "input-error"   # internal status: _decide found the claim ill-posed


def check(claim: Any, rhs: Any = MISSING, *, given=(), timeout: float = 10.0,
          cache=None) -> Verdict:
    """Decide ``claim`` (or ``lhs == rhs``).

    Args:
        claim: a SymPy ``Eq``, a relational (``<``, ``<=``, ``>``, ``>=``, ``Ne``),
            an ``And`` of those, or SymPy's ``true``/``false``; or, with ``rhs``,
            the left-hand side (an expression or a Matrix).
        rhs: the right-hand side, when ``claim`` is a left-hand side.
        given: SymPy relations the proof may assume (``Eq(Sum(y[i], (i, 1, n)), 1)``,
            ``n >= 2``, ``z[k] < z[l]``).  An ``Idx`` free in a hypothesis but not
            in the claim is read "for every value in its range": with ``r`` over
            ``1..N``, ``Eq(Sum(Y[r, k], (k, 1, n)), 1)`` says every row of ``Y``
            sums to one.
        timeout: seconds; the verdict comes back within ``timeout`` + 1 s.
        cache: True to use the persistent verdict cache (:mod:`derive.kernel.cache`),
            False not to, a ``VerdictCache`` for that one; None (the default) uses the
            cache set by ``use_cache`` (``derive run`` sets one), else none.  Only
            "proved" and "refuted" are cached; a cached verdict's method says so.

    Returns:
        A :class:`Verdict`; ``bool(verdict)`` is True only when proved.

    Raises:
        TypeError, ValueError: an argument is not what the API takes, or a sum has a
            numeric bound that is not an integer; the message names it.

    Example:
        >>> from sympy import symbols, Eq
        >>> x = symbols('x')
        >>> check(Eq((x + 1)**2, x**2 + 2*x + 1)).status
        'proved'
    """
    claim = claim_from(claim, rhs)
    hyps = given_from(given)
    budget = timeout_from(timeout)
    store = _cache.resolve(cache)
    if store is not None and (hit := store.get(claim, _relations(hyps))) is not None:
        return hit
    start = time.perf_counter()
    status, method, cex, detail = _settle(claim, hyps, budget, quick=False)
    verdict = Verdict(status, method, cex, time.perf_counter() - start, detail, claim)
    if store is not None:
        store.put(claim, _relations(hyps), verdict)
    return verdict



def _relations(hyps):
    """The hypotheses without their positions: the cache keys on what they say."""
    return tuple(g for _, g in hyps)


_MEMO: dict = {}           # (claim, hypotheses, quick) -> settled result, within this process
_MEMO_SIZE = 20_000


def _settle(claim, hyps, budget, *, quick):
    """:func:`_decide` under the hard time limit, remembered within the process.

    The same claim under the same hypotheses (equal SymPy objects) is decided once per
    process: a proof or a refutation found once holds whatever the budget, and so does
    "no cheap strategy applies" (the cheap strategies do not depend on the budget unless
    they time out, which is never remembered).  A failure inside is "unknown", never a crash.
    Everything done to the user's input, evaluating the hypotheses included, happens
    inside :func:`_decide`, so it all counts against the deadline.

    Raises:
        ValueError: the claim is ill-posed (found while preparing it).
    """
    key = (claim, hyps)
    hit = _MEMO.get((key, quick)) or (_MEMO.get((key, False)) if quick else None)
    if hit is None and not quick and (cheap := _MEMO.get((key, True))) and cheap[0] == PROVED:
        hit = cheap
    if hit is not None:
        return hit if not quick or hit[0] == PROVED else (UNKNOWN, "none", None, "no cheap strategy applies")
    # A cheap pass that said "none" (never a timeout: the strategies do not catch CheckTimeout)
    # says it again on the same input: the full check skips straight to the search.
    tried = not quick and (cheap := _MEMO.get((key, True))) is not None and cheap[1] == "none"
    result = _settle_now(claim, hyps, budget, quick, tried)
    if result[0] in (PROVED, REFUTED) or (quick and result[1] == "none"):
        if len(_MEMO) >= _MEMO_SIZE:
            _MEMO.clear()
        _MEMO[(key, quick)] = result
    return result


def forget() -> None:
    """Empty the in-process memos: settled claims, the fast path's converters and the
    remembered rewrites (the persistent cache is not touched)."""
    _MEMO.clear()
    fastpath.forget()
    forget_rewrites()


def _settle_now(claim, hyps, budget, quick, cheap_tried=False):
    try:
        result = run_with_timeout(_decide_input, (claim, hyps, budget, quick, cheap_tried), budget)
    except CheckTimeout:
        _cache.note_unsettled()
        return UNKNOWN, "timeout", None, f"undecided within {budget:g} s"
    except Exception as exc:  # SymPy can fail in many ways on odd input; that settles nothing
        _cache.note_unsettled()
        return UNKNOWN, "error", None, f"the check stopped on {type(exc).__name__}: {exc}"
    if result[0] == _INPUT_ERROR:
        raise ValueError(result[3])
    return result


def prove_quickly(claim, *, given=(), timeout: float = 10.0, cache=None) -> Verdict | None:
    """The proved Verdict if a cheap strategy proves ``claim``, else None.

    No counterexample search and no expensive strategy: for trying several
    equivalent forms of an obligation before paying for a full :func:`check`.
    """
    claim = claim_from(claim, MISSING)
    hyps = given_from(given)
    budget = timeout_from(timeout)
    store = _cache.resolve(cache)
    if store is not None and (hit := store.get(claim, _relations(hyps), quick=True)) is not None:
        return hit if hit.proved else None
    start = time.perf_counter()
    status, method, cex, detail = _settle(claim, hyps, budget, quick=True)
    if status != PROVED:
        return None
    verdict = Verdict(status, method, cex, time.perf_counter() - start, detail, claim)
    if store is not None:
        store.put(claim, _relations(hyps), verdict, quick=True)
    return verdict


# --- deciding ---------------------------------------------------------------

def _decide_input(claim, given, budget, quick=False, cheap_tried=False):
    """Evaluate and rename the input apart, then decide (all under the caller's deadline)."""
    hyps = evaluate_hypotheses(given)
    for pos, orig, g in hyps:
        if isinstance(g, BooleanFalse):
            return (PROVED, "vacuous", None,
                    f"the hypothesis given[{pos}] ({orig}) is false, so the claim holds vacuously")
    rels = tuple(alpha_convert_relation(g) for _, _, g in hyps)
    labels = tuple(str(orig) for _, orig, _ in hyps)
    try:
        return _decide(claim, rels, labels, budget, quick, cheap_tried)
    except InputError as exc:
        return _INPUT_ERROR, "", None, str(exc)


def _decide(claim, given, labels, budget, quick=False, cheap_tried=False):
    """``cheap_tried``: the quick pass said "none" on this input; the cheap strategies are not rerun."""
    if isinstance(claim, BooleanTrue):
        return PROVED, "structural", None, "SymPy evaluates the relation to true"
    if isinstance(claim, And):
        return _decide_all(claim.args, given, labels, budget, quick)
    claim = alpha_convert_relation(claim) if isinstance(claim, Relational) else claim
    fast = _fast_equal(claim, ())      # an identity, whatever the hypotheses say
    if fast:
        return PROVED, *fast
    renamed = claim
    undecided = bound_check([claim] + [Tuple(g.lhs, g.rhs) for g in given])
    try:
        if isinstance(claim, Relational):
            claim = claim.func(prepare(claim.lhs), prepare(claim.rhs), evaluate=False)
        eqs = tuple(prepare(g.lhs - g.rhs) for g in given if g.rel_op == "==")
    except Undecided as exc:
        return UNKNOWN, "undefined", None, str(exc)
    rels = tuple(g for g in given if g.rel_op != "==")
    eq_labels = [lab for lab, g in zip(labels, given) if g.rel_op == "=="]
    rel_labels = [lab for lab, g in zip(labels, given) if g.rel_op != "=="]
    # A hypothesis about an index the claim lacks holds for every value in its range, of which
    # there may be none (b over s+1..n at s = n): as a plain fact (a contradiction, a Groebner
    # basis, a sign) it would speak of a value that need not exist.  Unless its range is known
    # to be nonempty it is used only where its index takes values (quantified), and by the
    # counterexample search, which must respect every hypothesis.
    scope = facts_for(Tuple(claim.lhs, claim.rhs) if isinstance(claim, Relational) else Tuple(), rels)
    real = lambda g: not _phantom(g, claim, scope)      # noqa: E731
    used_eqs = [(lab, g) for lab, g in zip(eq_labels, eqs) if real(g)]
    used_rels = [(lab, g) for lab, g in zip(rel_labels, rels) if real(g)]
    if isinstance(claim, BooleanFalse):
        clash = contradiction(used_eqs, used_rels)
        if clash:
            return PROVED, "vacuous", None, clash
        return _refute_everywhere(eqs, rels, _BUILT_FALSE)
    infinite = decide_infinities(claim)
    if infinite is not None:
        status, method, detail = infinite
        if status == "false":
            return _refute_everywhere(eqs, rels, detail, method)
        return status, method, None, detail
    undecided = undecided or bound_check([claim])
    plain, quantified = quantified_hypotheses(Tuple(claim.lhs, claim.rhs), eqs)
    kept_rels = tuple(g for _, g in used_rels)
    facts = facts_for(Tuple(claim.lhs, claim.rhs, *plain), kept_rels)
    ctx = Context(facts=facts, given_eqs=tuple(_normal(g, facts) for _, g in used_eqs), given_rels=kept_rels,
                  quantified=tuple((_normal(g, facts.extended(*facts_for(g).nonneg)), q)
                                   for g, q in quantified))
    # in normal form, so that one sum written with two bound names is one quantity
    clash = shared_contradiction(tuple((lab, g) for (lab, _), g in zip(used_eqs, ctx.given_eqs)), tuple(used_rels),
                   facts_for(Tuple(claim.lhs, claim.rhs, *plain)).nonneg)
    if clash:
        return PROVED, "vacuous", None, clash
    fast = None if undecided else _fast_equal(renamed, tuple(g for g in given if real(g)))
    if fast:
        return PROVED, *fast
    prove = _prove_equal if claim.rel_op == "==" else _prove_sign
    inexact = bool(claim.atoms(Float)) or any(g.atoms(Float) for g in eqs)
    found = None if (inexact or undecided or cheap_tried) else prove(claim, ctx, expensive=False)
    if found:
        return found
    if quick:
        return UNKNOWN, "none", None, "no cheap strategy applies"
    cex = _search(claim, eqs, rels, budget)
    if cex is not None:
        return (REFUTED, f"numeric counterexample ({how_confirmed(claim, cex)})", cex,
                "the two sides differ at the counterexample")
    if undecided:
        return UNKNOWN, "non-integer-bound", None, undecided
    if inexact:
        return (UNKNOWN, "inexact-constants", None,
                "floating-point constants are rounded before the check sees them "
                "(SymPy stores 1 + 1e-20 as 1.0), so no proof is attempted; "
                "use exact numbers such as Rational(1, 10**20)")
    try:
        found = prove(claim, ctx, expensive=True)
    except CheckTimeout:
        _cache.note_unsettled()
        return UNKNOWN, "timeout", None, f"no proof or counterexample within {budget:g} s"
    return found or (UNKNOWN, "none", None, _residual_detail(claim, ctx))


def _phantom(g, claim, scope) -> bool:
    """``g`` has a free index the claim lacks whose range is not known to be nonempty."""
    own = {a for a in g.free_symbols if isinstance(a, Idx)} - claim.free_symbols
    return any(a.lower is None or a.upper is None or not scope.implies_nonneg(a.upper - a.lower)
               for a in own)


def _search(claim, eqs, rels, budget):
    """A counterexample within the search's share of the time, or None."""
    search = max(0.2, _SEARCH_SHARE * (remaining() or budget))
    try:
        with deadline(search) if remaining() is not None else nullcontext():
            return find_counterexample(claim, given_eqs=eqs, given_rels=rels)
    except CheckTimeout:
        _cache.note_unsettled()     # a longer search might have found one
        return None


# Eq(log(0), -oo) is False before check() sees it: say so, and how to have it decided as written
_BUILT_FALSE = ("SymPy evaluated the relation to False when it was built, before the checker saw it "
                "(an undefined side such as log(0), which SymPy makes its complex infinity zoo, "
                "equals no number); to have it decided as written, pass the two sides, "
                "check(lhs, rhs), or build it with evaluate=False")


def _refute_everywhere(eqs, rels, why, method="structural"):
    """A claim false at every point: refuted at any point satisfying the hypotheses."""
    if not eqs and not rels:
        return REFUTED, method, {}, why
    cex = find_counterexample(Eq(S.Zero, S.One, evaluate=False), given_eqs=eqs, given_rels=rels)
    if cex is None:
        return (UNKNOWN, method, None,
                f"{why}, but no point satisfying the hypotheses was found to show it")
    return REFUTED, method, cex, f"{why}; every hypothesis holds at the point shown"


def _normal(e, facts):
    try:
        return normal_form(e, facts)
    except GuardNotDischarged:
        return e


def _decide_all(parts, given, labels, budget, quick=False):
    results = [_decide(p, given, labels, budget, quick) for p in parts]
    for r in results:
        if r[0] == REFUTED:
            return r
    if all(r[0] == PROVED for r in results):
        methods = sorted({r[1] for r in results})
        return PROVED, " + ".join(methods), None, f"all {len(results)} parts proved"
    return UNKNOWN, "partial", None, f"{sum(r[0] == PROVED for r in results)} of {len(results)} parts proved"


def _prove_equal(claim, ctx, *, expensive):
    if claim.lhs == claim.rhs and not expensive:    # before subtracting: oo - oo is nan
        return PROVED, "structural", None, "the two sides are identical"
    d = claim.lhs - claim.rhs
    try:
        d = normal_form(d, ctx.facts)
    except GuardNotDischarged:
        return None
    prefix = "sum-normal-form + " if claim.has(Sum) else ""
    if d == 0 and not expensive:
        return PROVED, prefix.rstrip(" +") or "structural", None, "the two sides are identical"
    for strat in EQUALITY_STRATEGIES:
        if strat.expensive != expensive:
            continue
        try:
            r = strat.run(d, ctx)
        except Exception:   # noqa: BLE001 - a SymPy failure inside a rewrite means "not this way"
            continue
        if r == 0:
            return PROVED, prefix + strat.name, None, strat.sentence
    return None


def _prove_sign(claim, ctx, *, expensive):
    op = claim.rel_op
    if op == "!=":
        d = _normal(claim.lhs - claim.rhs, ctx.facts)
        if d.is_zero is False:
            return PROVED, "nonzero", None, "the difference is nonzero under the assumptions"
        return None
    if expensive:
        return None
    raw = claim.lhs - claim.rhs if op in (">", ">=") else claim.rhs - claim.lhs
    strict = op in ("<", ">")
    # The raw difference first: the normal form expands sums of squares and can
    # hide a sign that is manifest as written (Σ p_j (z_j - m)^2 >= 0).  Each strategy
    # gets both forms before the next, dearer one gets either.
    forms = tuple(dict.fromkeys((raw, _normal(raw, ctx.facts))))
    for strat in SIGN_STRATEGIES:
        for d in forms:
            try:
                if strat.run(d, ctx, strict):
                    return PROVED, strat.name, None, strat.sentence
            except Exception:   # noqa: BLE001 - as above: the strategy does not apply
                continue
    return None


def _residual_detail(claim, ctx):
    if claim.rel_op != "==":
        return "the sign could not be established and no counterexample was found"
    try:
        r = EQUALITY_STRATEGIES[0].run(_normal(claim.lhs - claim.rhs, ctx.facts), ctx)
    except Exception:  # detail text only; the verdict is already unknown
        r = claim.lhs - claim.rhs
    text = shown(r)
    text = "residual: " + (text if len(text) <= 200 else text[:197] + "...")
    if ctx.given_eqs:
        dens = [d for d in denominators(r) if not denominators_nonzero(d**-1, ctx.given_eqs,
                                                                       ctx.given_rels)]
        if dens:
            text += (f"; the hypotheses prove nothing about it while the denominator "
                     f"{shown(dens[0])} may vanish where they hold")
    return text

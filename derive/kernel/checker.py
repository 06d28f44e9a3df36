"""``check``: decide a claim, soundly, within a hard time limit.

Order of work: validate the input; carry out derivatives; bring sums to
their normal form (discharging index guards from the index ranges); try the
cheap equality or sign strategies; look for a counterexample; then spend
what time is left on the expensive strategies (``simplify``).  Only a
symbolic strategy returns "proved"; only a confirmed counterexample returns
"refuted"; everything else is "unknown".
"""
from __future__ import annotations

import time
from typing import Any

import numpy as np
from sympy import (And, Basic, Derivative, Eq, Expr, Float, Limit, MatrixBase, S, Sum, Tuple,
                   expand_log, log, sympify)
from sympy.core.relational import Relational
from sympy.logic.boolalg import BooleanFalse, BooleanTrue

from .deadline import deadline, remaining, run_with_timeout
from ..errors import CheckTimeout, GuardNotDischarged
from .indices import facts_for, normal_form, write_out_sums
from .quantified import quantified_hypotheses
from .sampling import find_counterexample
from .strategies import EQUALITY_STRATEGIES, SIGN_STRATEGIES, Context
from .verdict import PROVED, REFUTED, UNKNOWN, Verdict

__all__ = ["check", "prove_quickly"]

_MISSING = object()
_SEARCH_SHARE = 0.3      # at most this share of the budget goes to the counterexample search


def check(claim: Any, rhs: Any = _MISSING, *, given=(), timeout: float = 10.0) -> Verdict:
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

    Returns:
        A :class:`Verdict`; ``bool(verdict)`` is True only when proved.

    Raises:
        TypeError, ValueError: an argument is not what the API takes; the message names it.

    Example:
        >>> from sympy import symbols, Eq
        >>> x = symbols('x')
        >>> check(Eq((x + 1)**2, x**2 + 2*x + 1)).status
        'proved'
    """
    claim = _claim_from(claim, rhs)
    hyps = _given_from(given)
    budget = _timeout_from(timeout)
    start = time.perf_counter()
    status, method, cex, detail = _settle(claim, hyps, budget, quick=False)
    return Verdict(status, method, cex, time.perf_counter() - start, detail, claim)


def _settle(claim, hyps, budget, *, quick):
    """Run :func:`_decide` under the hard time limit; a failure inside is "unknown", never a crash."""
    try:
        return run_with_timeout(_decide, (claim, hyps, budget, quick), budget)
    except CheckTimeout:
        return UNKNOWN, "timeout", None, f"undecided within {budget:g} s"
    except Exception as exc:  # SymPy can fail in many ways on odd input; that settles nothing
        return UNKNOWN, "error", None, f"the check stopped on {type(exc).__name__}: {exc}"


def prove_quickly(claim, *, given=(), timeout: float = 10.0) -> Verdict | None:
    """The proved Verdict if a cheap strategy proves ``claim``, else None.

    No counterexample search and no expensive strategy: for trying several
    equivalent forms of an obligation before paying for a full :func:`check`.
    """
    claim = _claim_from(claim, _MISSING)
    hyps = _given_from(given)
    budget = _timeout_from(timeout)
    start = time.perf_counter()
    status, method, cex, detail = _settle(claim, hyps, budget, quick=True)
    if status != PROVED:
        return None
    return Verdict(status, method, cex, time.perf_counter() - start, detail, claim)


# --- input validation -------------------------------------------------------

def _as_sympy(value, name):
    if isinstance(value, (str, bytes)):
        raise TypeError(f"{name} must be a SymPy object, got a string {value!r}; "
                        "strings are never evaluated, build the expression with SymPy")
    if value is None:
        raise TypeError(f"{name} must be a SymPy object, got None")
    if isinstance(value, np.ndarray):
        raise TypeError(f"{name} must be a SymPy object, got a NumPy array; "
                        "use sympy.Matrix for vector claims")
    if isinstance(value, bool):
        return S.true if value else S.false
    if isinstance(value, (int, float)):
        return sympify(value)
    if not isinstance(value, (Basic, MatrixBase)):
        raise TypeError(f"{name} must be a SymPy object, got {type(value).__name__}")
    return value


def _claim_from(claim, rhs):
    if rhs is not _MISSING:
        lhs, rhs = _as_sympy(claim, "lhs"), _as_sympy(rhs, "rhs")
        if isinstance(lhs, MatrixBase) or isinstance(rhs, MatrixBase):
            if not (isinstance(lhs, MatrixBase) and isinstance(rhs, MatrixBase)):
                raise ValueError("lhs and rhs must both be matrices or both be expressions")
            if lhs.shape != rhs.shape:
                raise ValueError(f"lhs has shape {lhs.shape} but rhs has shape {rhs.shape}")
            return And(*[Eq(a, b) for a, b in zip(lhs, rhs)])
        for value, name in ((lhs, "lhs"), (rhs, "rhs")):
            if not isinstance(value, Expr):
                raise TypeError(f"{name} must be an expression, got {type(value).__name__}")
        # unevaluated: Eq(1 + Float(1e-20), 1) would otherwise be decided (wrongly) by SymPy
        return Eq(lhs, rhs, evaluate=False)
    claim = _as_sympy(claim, "claim")
    if isinstance(claim, MatrixBase):
        raise TypeError("claim must be a relation; to compare matrices pass check(lhs, rhs)")
    if not isinstance(claim, (Relational, BooleanTrue, BooleanFalse, And)):
        raise TypeError(f"claim must be an Eq, a relational, And, true or false; got the "
                        f"{type(claim).__name__} {claim}; pass check(lhs, rhs) to compare expressions")
    return claim


def _given_from(given):
    if isinstance(given, (str, bytes, Basic)) or given is None:
        raise TypeError("given must be a sequence of SymPy relations, e.g. given=(Eq(a, b),)")
    try:
        items = list(given)
    except TypeError:
        raise TypeError(f"given must be a sequence of SymPy relations, got {type(given).__name__}") from None
    out = []
    for pos, g in enumerate(items):
        g = _as_sympy(g, f"given[{pos}]")
        if isinstance(g, Relational):   # built with evaluate=False, z_1 < z_1 must still read false
            g = g.func(g.lhs, g.rhs)
        if isinstance(g, And):
            out.extend(g.args)
        elif isinstance(g, Relational):
            out.append(g)
        elif isinstance(g, BooleanTrue):
            continue
        elif isinstance(g, BooleanFalse):
            out.append(g)
        else:
            raise TypeError(f"given[{pos}] must be a relation such as Eq(a, b), got {g}")
    return tuple(out)


def _timeout_from(timeout):
    if isinstance(timeout, bool) or not isinstance(timeout, (int, float)):
        raise TypeError(f"timeout must be a number of seconds, got {timeout!r}")
    if not timeout > 0 or timeout != timeout or timeout == float("inf"):
        raise ValueError(f"timeout must be a positive finite number of seconds, got {timeout!r}")
    return float(timeout)


# --- deciding ---------------------------------------------------------------

def _prepare(e):
    """Carry out derivatives and limits, and write out sums over short concrete ranges.

    Logarithms are expanded (``expand_log`` without ``force``: only where the
    assumptions make it an identity) before differentiating, since the
    derivative of ``log(exp(a)/b)`` as ``a - log(b)`` is far smaller.
    """
    e = write_out_sums(e)
    e = e.replace(lambda d: isinstance(d, Derivative), _differentiate)
    e = e.replace(lambda d: isinstance(d, Limit), lambda d: d.doit(deep=False))
    return write_out_sums(e)


def _differentiate(d):
    body = expand_log(d.expr, force=False) if d.expr.has(log) else d.expr
    return Derivative(body, *d.variable_count).doit(deep=False)


def _decide(claim, given, budget, quick=False):
    if any(isinstance(g, BooleanFalse) for g in given):
        return PROVED, "vacuous", None, "a hypothesis is false, so the claim holds vacuously"
    if isinstance(claim, BooleanTrue):
        return PROVED, "structural", None, "SymPy evaluates the relation to true"
    if isinstance(claim, BooleanFalse):
        return REFUTED, "structural", {}, "SymPy evaluates the relation to false"
    if isinstance(claim, And):
        return _decide_all(claim.args, given, budget, quick)
    claim = claim.func(_prepare(claim.lhs), _prepare(claim.rhs), evaluate=False)
    eqs = tuple(_prepare(g.lhs - g.rhs) for g in given if g.rel_op == "==")
    rels = tuple(g for g in given if g.rel_op != "==")
    plain, quantified = quantified_hypotheses(Tuple(claim.lhs, claim.rhs), eqs)
    facts = facts_for(Tuple(claim.lhs, claim.rhs, *plain), rels)
    ctx = Context(facts=facts, given_eqs=tuple(_normal(g, facts) for g in eqs), given_rels=rels,
                  quantified=tuple((_normal(g, facts.extended(*facts_for(g).nonneg)), q)
                                   for g, q in quantified))
    prove = _prove_equal if claim.rel_op == "==" else _prove_sign
    inexact = bool(claim.atoms(Float)) or any(g.atoms(Float) for g in eqs)
    found = None if inexact else prove(claim, ctx, expensive=False)
    if found:
        return found
    if quick:
        return UNKNOWN, "none", None, "no cheap strategy applies"
    search = max(0.2, _SEARCH_SHARE * (remaining() or budget))
    try:
        with deadline(search) if remaining() is not None else _nothing():
            cex = find_counterexample(claim, given_eqs=eqs, given_rels=rels)
    except CheckTimeout:
        cex = None
    if cex is not None:
        return (REFUTED, "numeric counterexample (mpmath, 50 and 100 digits)", cex,
                "the two sides differ at the counterexample")
    if inexact:
        return (UNKNOWN, "inexact-constants", None,
                "floating-point constants are rounded before the check sees them "
                "(SymPy stores 1 + 1e-20 as 1.0), so no proof is attempted; "
                "use exact numbers such as Rational(1, 10**20)")
    try:
        found = prove(claim, ctx, expensive=True)
    except CheckTimeout:
        return UNKNOWN, "timeout", None, f"no proof or counterexample within {budget:g} s"
    return found or (UNKNOWN, "none", None, _residual_detail(claim, ctx))


class _nothing:
    def __enter__(self):
        return self

    def __exit__(self, *exc):
        return False


def _normal(e, facts):
    try:
        return normal_form(e, facts)
    except GuardNotDischarged:
        return e


def _decide_all(parts, given, budget, quick=False):
    results = [_decide(p, given, budget, quick) for p in parts]
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
    # hide a sign that is manifest as written (Σ p_j (z_j - m)^2 >= 0).
    for d in dict.fromkeys((raw, _normal(raw, ctx.facts))):
        for strat in SIGN_STRATEGIES:
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
    text = str(r)
    return "residual: " + (text if len(text) <= 200 else text[:197] + "...")

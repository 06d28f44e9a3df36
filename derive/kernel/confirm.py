"""Confirming that a relation is false (or true) at one exact point.

Why a "refuted" is a counterexample.  The numeric search
(:mod:`derive.kernel.sampling`) proposes a point whose coordinates are exact
rationals (or exact SymPy numbers such as ``log 2`` from solving a
hypothesis).  The point is reported only if :func:`violates` confirms the
claim false there, and every hypothesis true (:func:`holds`):

1. Exactly, when every part has a rational value at the point
   (:mod:`derive.kernel.exact`): a nonzero exact residual is a refutation,
   however small (``10**-60``) or however large the values around it; no
   tolerance is involved.
2. Otherwise numerically, at a precision scaled to the numbers: the
   expression is first evaluated to find the largest magnitude ``M`` (in
   digits) of any value met, then at ``50 + M'`` and at ``100 + M'`` digits,
   ``M' = max(0, M - 10)``.  A sum such as ``2**400 + x`` keeps ``x`` at
   ``50 + 111`` digits, while at a fixed 100 digits it would be rounded away
   at both precisions alike.
   The claim must be violated at both precisions by far more than the
   rounding error (``10**-(3(p - M)/5)`` relative), and the two residuals
   must agree to 20 digits: a residual that moves when the precision is
   raised is rounding noise, not a counterexample.  Discontinuities (deltas,
   conditions, ``sign``) are decided exactly at ties, or not at all
   (:mod:`derive.kernel.evaluate`).
3. A claim containing floating-point constants is refuted only if the
   violation is also large relative to the values (``1e-10``): the user's
   ``0.1`` is not ``1/10``, and a gap of that size is not what they meant.

A hypothesis holds at the point if it holds exactly, or (for an inequality
with irrational parts) by a margin confirmed at both precisions.  An
equality hypothesis with irrational parts holds only if SymPy's exact
arithmetic reduces its residual to exactly ``0``.  So the reported point
satisfies every hypothesis, and the claim fails there: it is a
counterexample, not a numerical accident.

Why nothing confirmed here is a "proved".  Agreement at points is no proof,
so no "proved" comes from this module: :func:`holds` is used only to accept
a hypothesis at a proposed counterexample, and a claim that holds at every
point tried stays "unknown" unless a symbolic strategy (each of which
rewrites by equivalences under the assumptions) proves it.  When neither
confirmation succeeds (the residual too close to the rounding error, the
precisions disagreeing, a value beyond ``_MAX_DPS`` digits, or a side
without a value), that point is not reported; without a confirmed point the
verdict is "unknown", never a refutation on doubtful numbers.
"""
from __future__ import annotations

import mpmath
from sympy import Integer, Sum, expand, simplify
from sympy.logic.boolalg import BooleanAtom

from .evaluate import Unevaluable, evaluate_tracked
from .exact import NotExact, exact_value
from .indices import write_out_sums

__all__ = ["violates", "holds", "how_confirmed", "exact_residual", "sympy_residual"]

_BASE = 50              # digits beyond the largest magnitude met
_MAX_DPS = 1500         # numbers beyond this are not confirmed (unknown, never wrong)
_AGREE = 20             # digits the residuals at the two precisions must share
_ROOM = 10              # magnitudes (digits) the base precision absorbs without scaling
_FLOAT_GAP = mpmath.mpf(10) ** -10
_FAILURES = (Unevaluable, NotExact, ZeroDivisionError, ValueError, TypeError, OverflowError,
             ArithmeticError)


def exact_residual(lhs, rhs, point):
    """``lhs - rhs`` at ``point`` as an exact Fraction, or None when it is not rational there."""
    try:
        a, b = exact_value(lhs, point), exact_value(rhs, point)
    except _FAILURES:
        return None
    if isinstance(a, bool) or isinstance(b, bool):
        return None
    return a - b


def sympy_residual(expr, point):
    """``expr`` at ``point`` in SymPy's exact arithmetic (sums written out), or None."""
    ints = {k: Integer(v) for k, v in point.items() if isinstance(v, int)}
    vals = {k: v for k, v in point.items() if not isinstance(v, int)}
    try:
        e = write_out_sums(expr.xreplace(ints), max_terms=10_000)
        if e.has(Sum):
            return None
        return expand(e.xreplace(vals))
    except _FAILURES:
        return None


def _decide(op, d):
    """The relation ``d op 0`` for an exact number ``d``."""
    return {"==": d == 0, "!=": d != 0, "<": d < 0, "<=": d <= 0, ">": d > 0, ">=": d >= 0}[op]


def _numeric(lhs, rhs, point):
    """[(d, scale, tol)] at the two scaled precisions, or None when they cannot be trusted."""
    try:
        _, m_l = evaluate_tracked(lhs, point, dps=_BASE)
        _, m_r = evaluate_tracked(rhs, point, dps=_BASE)
        digits = _extra_digits(max(m_l, m_r))
        out = []
        for extra in (0, _BASE):
            dps = _BASE + digits + extra
            if dps > _MAX_DPS:
                return None
            a, ma = evaluate_tracked(lhs, point, dps=dps)
            b, mb = evaluate_tracked(rhs, point, dps=dps)
            if _extra_digits(max(ma, mb)) > digits + 5:    # magnitudes grew with the precision
                return None
            with mpmath.workdps(dps):
                if not all(mpmath.isfinite(v) for v in (a, b)):
                    return None
                scale = 1 + abs(a) + abs(b)
                tol = mpmath.mpf(10) ** (-(3 * (dps - digits)) // 5) * scale
                out.append((a - b, scale, tol))
        return out
    except _FAILURES:
        return None


def _extra_digits(magnitude: int) -> int:
    """Digits to add to the base precision for values of ``magnitude`` decimal digits.

    Up to 10 digits the base precision has room to spare (the tolerance
    scales with the values); beyond, every digit of magnitude is a digit the
    working precision must add, or a small term next to a large one is lost.
    """
    return max(0, magnitude - _ROOM)


def how_confirmed(rel, point) -> str:
    """How :func:`violates` confirms ``rel`` false at ``point``, in words for the verdict's method."""
    if exact_residual(rel.lhs, rel.rhs, point) is not None:
        return "exact arithmetic"
    try:
        digits = _extra_digits(max(evaluate_tracked(side, point, dps=_BASE)[1]
                                   for side in (rel.lhs, rel.rhs)))
    except _FAILURES:
        digits = 0
    return f"mpmath, {_BASE + digits} and {2 * _BASE + digits} digits"


def violates(rel, point, *, inexact=False) -> bool:
    """True only when ``rel`` is surely false at ``point`` (see the module docstring)."""
    op = rel.rel_op
    exact = exact_residual(rel.lhs, rel.rhs, point)
    if exact is not None:
        if inexact and exact != 0 and not _large(rel, point, exact):
            return False
        return not _decide(op, exact)
    runs = _numeric(rel.lhs, rel.rhs, point)
    if runs is None:
        return False
    (d1, s1, t1), (d2, s2, t2) = runs
    if op in ("!=", "<", ">") and abs(d1) <= t1 and abs(d2) <= t2:
        # a tie violates these only if it is exactly a tie
        zero = sympy_residual(rel.lhs - rel.rhs, point)
        return zero is not None and simplify(zero) == 0
    if op == "!=":
        return False
    with mpmath.workdps(_BASE * 2 + 20):
        if abs(d1 - d2) > abs(d2) * mpmath.mpf(10) ** -_AGREE:
            return False
        if inexact and abs(d2) <= _FLOAT_GAP * s2:
            return False
        return _wrong(op, d1, t1) and _wrong(op, d2, t2)


def _wrong(op, d, tol) -> bool:
    """``d op 0`` is false, by more than ``tol``."""
    if isinstance(d, mpmath.mpc):
        if abs(d.imag) > tol:
            return True             # a non-real difference: neither equal nor ordered
        d = d.real
    return {"==": abs(d) > tol, "<": d > tol, "<=": d > tol, ">": d < -tol, ">=": d < -tol}[op]


def _large(rel, point, exact) -> bool:
    try:
        a, _ = evaluate_tracked(rel.lhs, point, dps=_BASE)
        b, _ = evaluate_tracked(rel.rhs, point, dps=_BASE)
    except _FAILURES:
        return False
    with mpmath.workdps(_BASE):
        return abs(mpmath.mpf(exact.numerator) / exact.denominator) > _FLOAT_GAP * (1 + abs(a) + abs(b))


def holds(rel, point) -> bool:
    """True only when ``rel`` surely holds at ``point``: exactly, or by a confirmed margin.

    ``rel`` may also be SymPy's ``true`` or ``false``: an instance of a quantified
    hypothesis such as ``Ne(i, j)`` at ``i = j = 1`` evaluates to one of them.
    """
    if isinstance(rel, BooleanAtom):
        return bool(rel)
    op = rel.rel_op
    exact = exact_residual(rel.lhs, rel.rhs, point)
    if exact is not None:
        return _decide(op, exact)
    if op == "==":
        zero = sympy_residual(rel.lhs - rel.rhs, point)
        return zero is not None and zero == 0
    runs = _numeric(rel.lhs, rel.rhs, point)
    if runs is None:
        return False
    (d1, _, t1), (d2, _, t2) = runs
    if any(isinstance(d, mpmath.mpc) and abs(d.imag) > t for d, t in ((d1, t1), (d2, t2))):
        return op == "!="
    d1, d2 = mpmath.re(d1), mpmath.re(d2)
    if abs(d1) <= t1 or abs(d2) <= t2:
        # too close to call numerically: only an exact tie settles it
        zero = sympy_residual(rel.lhs - rel.rhs, point)
        tie = zero is not None and simplify(zero) == 0
        return tie and op in ("<=", ">=")
    return {"!=": True, "<": d2 < 0, "<=": d2 < 0, ">": d2 > 0, ">=": d2 > 0}[op] and (d1 > 0) == (d2 > 0)

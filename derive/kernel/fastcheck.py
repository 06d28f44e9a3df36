"""The exact fast path as the checker uses it: when a zero it finds is a proof.

:mod:`derive.kernel.fastpath` decides ``lhs - rhs == 0`` as a rational function;
this module says when the checker may take that as a proof.
"""
from __future__ import annotations

import time

from sympy import Product, Sum, nan, oo, zoo
from sympy.core.relational import Relational

from . import fastpath
from .deadline import run_with_timeout
from .hypotheses import denominators_nonzero
from .inputs import MISSING, claim_from, timeout_from
from .memo import remembered
from .prepare import alpha_convert_relation
from .verdict import PROVED, Verdict

__all__ = ["fast_equal", "prove_exactly"]


_FAST = {
    "field": ("rational-function-field", None,
              "with each exponential of a linear form a monomial in new variables, the "
              "difference is zero as a rational function"),
    "field+hypotheses": ("rational-function-field + hypotheses", None,
                         "with each exponential of a linear form a monomial in new variables, the "
                         "difference reduces to zero modulo the linear hypotheses"),
}


@remembered
def fast_equal(claim, given):
    """(method, counterexample, detail) when the exact fast path proves the equation, else None.

    The fast path (:mod:`derive.kernel.fastpath`) declines claims with sums or products:
    sums over symbolic ranges go through their normal form.  In its fragment the field
    decides in one pass what the rewrites take many for.  It runs on the claim after its
    bound variables are renamed apart, never on infinities, and a zero found only modulo
    the hypotheses counts only where the claim's denominators provably stay nonzero under
    them (``x/y = 7`` given ``x = y = 0`` is 0/0, not 7).
    """
    if not isinstance(claim, Relational) or claim.rel_op != "==" or claim.has(oo, -oo, zoo, nan):
        return None
    if not given:
        return _FAST.get(fastpath.equal_sides(claim.lhs, claim.rhs, ()))
    eqs = [g.lhs - g.rhs for g in given if g.rel_op == "=="]
    how = fastpath.equal_sides(claim.lhs, claim.rhs, eqs)
    if how == "field+hypotheses" and not denominators_nonzero(
            claim.lhs - claim.rhs, eqs, [g for g in given if g.rel_op != "=="]):
        return None
    return _FAST.get(how)


def prove_exactly(claim, *, timeout: float = 10.0) -> Verdict | None:
    """The proved Verdict when the exact fast path shows ``claim`` to be an identity, else None.

    The hypotheses are not used, so what it proves holds whatever they say: it is the
    first thing the checker tries, and trying it on every equivalent form of an
    obligation before any rewrite saves the rewrites of the forms outside its fragment.
    It never refutes; anything it declines (or an error, or the time running out) is None.
    """
    try:
        claim = claim_from(claim, MISSING)
        budget = timeout_from(timeout)
    except (TypeError, ValueError):
        return None          # the full check reports bad input
    if not isinstance(claim, Relational) or claim.rel_op != "==" or claim.has(Sum, Product):
        return None         # sums and products the fast path declines: not worth renaming apart
    start = time.perf_counter()
    try:
        found = run_with_timeout(_identity, (claim,), budget)
    except Exception:   # noqa: BLE001 - a timeout or a SymPy failure decides nothing
        return None
    if not found:
        return None
    method, cex, detail = found
    return Verdict(PROVED, method, cex, time.perf_counter() - start, detail, claim)


def _identity(claim):
    # as the checker calls it (bound variables renamed apart), so the memo is shared
    return fast_equal(alpha_convert_relation(claim), ())

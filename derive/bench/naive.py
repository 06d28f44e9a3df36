"""The naive check the engine is compared with: ``sympy.simplify(lhs - rhs) == 0``.

For fairness the derivatives and limits in a claim are carried out first
(``doit``), as the engine does; hypotheses are not used (the naive check has
no way to).  An inequality ``a > b`` holds when ``simplify(a - b).is_positive``
(``>=``: ``is_nonnegative``), ``a != b`` when ``simplify(a - b).is_nonzero``.
Each claim runs under a hard deadline, since ``simplify`` can run for ever.
"""
from __future__ import annotations

import time

from sympy import And, Derivative, Limit, S, simplify
from sympy.logic.boolalg import BooleanAtom

from ..kernel.deadline import run_with_timeout
from ..errors import CheckTimeout

__all__ = ["PROVED", "NOT_PROVED", "TIMEOUT", "ERROR", "naive_proves", "naive_check"]

PROVED, NOT_PROVED, TIMEOUT, ERROR = "proved", "not proved", "timeout", "error"

_SIGN = {">": "is_positive", ">=": "is_nonnegative", "<": "is_positive", "<=": "is_nonnegative",
         "!=": "is_nonzero"}


def _doit(e):
    return e.replace(lambda d: isinstance(d, (Derivative, Limit)), lambda d: d.doit())


def naive_proves(claim) -> bool:
    """Whether the naive check accepts ``claim`` (no time limit: see :func:`naive_check`)."""
    if isinstance(claim, BooleanAtom):
        return claim is S.true
    if isinstance(claim, And):
        return all(naive_proves(part) for part in claim.args)
    diff = simplify(_doit(claim.lhs - claim.rhs))
    op = claim.rel_op
    if op == "==":
        return diff == 0
    if op in ("<", "<="):
        diff = -diff
    return bool(getattr(diff, _SIGN[op]))


def naive_check(alternatives, *, timeout: float) -> tuple[str, float]:
    """``(outcome, seconds)``: proved when any alternative is, each under ``timeout``.

    The outcome is ``PROVED``, ``NOT_PROVED``, ``TIMEOUT`` (some alternative ran
    out of time, none was proved) or ``ERROR`` (SymPy raised, none was proved).
    """
    start, outcomes = time.perf_counter(), []
    for claim in alternatives:
        try:
            if run_with_timeout(naive_proves, (claim,), timeout):
                return PROVED, time.perf_counter() - start
            outcomes.append(NOT_PROVED)
        except CheckTimeout:
            outcomes.append(TIMEOUT)
        except Exception:     # noqa: BLE001 - simplify failing is the naive check's outcome
            outcomes.append(ERROR)
    worst = next((o for o in (TIMEOUT, ERROR) if o in outcomes), NOT_PROVED)
    return worst, time.perf_counter() - start

"""``assert_identity``: a verdict of :func:`derive.check` as a test assertion.

It passes only on "proved"; "refuted" and "unknown" fail with both sides,
the method, the detail and any counterexample, so the failing test says why.
"""
from __future__ import annotations

from sympy.core.relational import Relational

from ..kernel.checker import check
from ..kernel.verdict import Verdict
from .messages import shorten

__all__ = ["assert_identity"]


def assert_identity(claim_or_lhs, rhs=None, *, given=(), timeout: float = 10.0) -> Verdict:
    """Assert that the engine proves a claim (or ``lhs == rhs``).

    Args:
        claim_or_lhs: a SymPy relation (``Eq``, ``<=``, ...) or, with ``rhs``, a left-hand side.
        rhs: the right-hand side, or None when the first argument is the whole claim.
        given: hypotheses, as for :func:`derive.check`.
        timeout: seconds for the checker.

    Returns:
        the proved :class:`Verdict`.

    Raises:
        AssertionError: unless the verdict is "proved"; the message shows both
            sides, the status, the method, the detail and any counterexample.
        TypeError, ValueError: bad arguments, from :func:`derive.check`.
    """
    if rhs is None:
        verdict = check(claim_or_lhs, given=given, timeout=timeout)
    else:
        verdict = check(claim_or_lhs, rhs, given=given, timeout=timeout)
    if verdict.proved:
        return verdict
    raise AssertionError(_identity_message(claim_or_lhs, rhs, verdict))


def _identity_message(claim_or_lhs, rhs, verdict: Verdict) -> str:
    if rhs is not None:
        sides = [("lhs", claim_or_lhs), ("rhs", rhs)]
    elif isinstance(claim_or_lhs, Relational):
        sides = [("lhs", claim_or_lhs.lhs), ("relation", claim_or_lhs.rel_op),
                 ("rhs", claim_or_lhs.rhs)]
    else:
        sides = [("claim", claim_or_lhs)]
    lines = [f"identity not proved: {verdict.status}"]
    lines += [f"  {label}: {shorten(str(value))}" for label, value in sides]
    lines += [f"  status: {verdict.status}", f"  method: {verdict.method}",
              f"  detail: {verdict.detail or '(none)'}"]
    if verdict.counterexample:
        pairs = ", ".join(f"{key} = {val}" for key, val in verdict.counterexample.items())
        lines.append(f"  counterexample: {shorten(pairs)}")
    return "\n".join(lines)



"""``assert_identity``: a verdict of :func:`derive.check` as a test assertion.

It passes only on "proved"; "refuted" and "unknown" fail with both sides,
the method, the detail and any counterexample, so the failing test says why.
"""
from __future__ import annotations

from sympy.core.relational import Relational

from ..kernel.checker import check
from ..kernel.cache import CACHE_TAG
from ..kernel.verdict import Verdict
from .messages import shorten

__all__ = ["assert_identity"]


def assert_identity(claim_or_lhs, rhs=None, *, given=(), timeout: float = 10.0,
                    allow_vacuous: bool = False, cache=True) -> Verdict:
    """Assert that the engine proves a claim (or ``lhs == rhs``).

    Args:
        claim_or_lhs: a SymPy relation (``Eq``, ``<=``, ...) or, with ``rhs``, a left-hand side.
        rhs: the right-hand side, or None when the first argument is the whole claim.
        given: hypotheses, as for :func:`derive.check`.
        timeout: seconds for the checker.
        allow_vacuous: accept a proof that holds only because the hypotheses
            contradict each other (method "vacuous").  Off by default: such a
            "proof" says nothing about the claim, and usually means a typo in
            ``given``.
        cache: as for :func:`derive.check`, but on by default: a claim proved (or
            refuted) once is answered from the persistent verdict cache
            (``DERIVE_CACHE_DIR``, else the user cache folder) until the claim or the
            engine changes.  ``DERIVE_NO_CACHE=1`` or ``cache=False`` checks afresh.

    Returns:
        the proved :class:`Verdict`.

    Raises:
        AssertionError: unless the verdict is "proved" (and not vacuous, unless
            allowed); the message shows both sides, the status, the method,
            the detail and any counterexample.
        TypeError, ValueError: bad arguments, from :func:`derive.check`.
    """
    if not isinstance(allow_vacuous, bool):
        raise TypeError(f"allow_vacuous must be True or False, got {allow_vacuous!r}")
    if rhs is None:
        verdict = check(claim_or_lhs, given=given, timeout=timeout, cache=cache)
    else:
        verdict = check(claim_or_lhs, rhs, given=given, timeout=timeout, cache=cache)
    if verdict.proved and (allow_vacuous or not _vacuous(verdict)):
        return verdict
    raise AssertionError(_identity_message(claim_or_lhs, rhs, verdict))


def _vacuous(verdict: Verdict) -> bool:
    """The proof rests (in some part) on contradictory or false hypotheses.

    A verdict served from the cache keeps its method with the cache's tag after it;
    the tag says where the verdict came from, not how it was proved.
    """
    method = verdict.method.removesuffix(CACHE_TAG)
    return "vacuous" in method.split(" + ")


def _identity_message(claim_or_lhs, rhs, verdict: Verdict) -> str:
    if rhs is not None:
        sides = [("lhs", claim_or_lhs), ("rhs", rhs)]
    elif isinstance(claim_or_lhs, Relational):
        sides = [("lhs", claim_or_lhs.lhs), ("relation", claim_or_lhs.rel_op),
                 ("rhs", claim_or_lhs.rhs)]
    else:
        sides = [("claim", claim_or_lhs)]
    head = ("proved only vacuously: the hypotheses contradict each other "
            "(pass allow_vacuous=True to accept this)" if verdict.proved else verdict.status)
    lines = [f"identity not proved: {head}"]
    lines += [f"  {label}: {shorten(str(value))}" for label, value in sides]
    lines += [f"  status: {verdict.status}", f"  method: {verdict.method}",
              f"  detail: {verdict.detail or '(none)'}"]
    if verdict.counterexample:
        pairs = ", ".join(f"{key} = {val}" for key, val in verdict.counterexample.items())
        lines.append(f"  counterexample: {shorten(pairs)}")
    return "\n".join(lines)



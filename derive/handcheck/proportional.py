"""``a \\propto b`` decided (a mixin of :class:`derive.handcheck.verdicts.Verdicts`),
and the verdict of a row that follows only from rows not proved.

``a \\propto b`` is proved when the ratio ``a / b`` is provably positive and free
of the row's free indices; refuted only by a counterexample of
``Verdicts._refutation`` (every hypothesis and index range respected) to
``r(i) = r(i')`` or to ``r > 0``.
"""
from __future__ import annotations

from sympy import Eq, Gt, Idx, cancel, together

from ..kernel.verdict import PROVED, REFUTED, UNKNOWN
from .indexing import free_indices, fresh_bound
from .outcome import Outcome, lines_text
from .premises import is_positive

__all__ = ["Proportional", "rests_on"]


def rests_on(lines):
    """A row proved only with rows above that were not proved: unknown, not proved."""
    return Outcome(UNKNOWN, "rests on unproved row",
                   detail=f"follows only with line {lines_text(lines)}, which is not proved: "
                   "a row not proved is no premise")


class Proportional:
    """Mixin: needs ``timeout`` and ``_refutation``."""

    def _proportional(self, a, b, premises):
        """``a \\propto b``: ``a / b`` is positive and free of the row's free indices."""
        ratio = premises.substitute(a / b)
        if free_indices(ratio):
            try:
                ratio = cancel(together(ratio))
            except (ValueError, TypeError, ZeroDivisionError):
                pass
        if not free_indices(ratio) and is_positive(ratio):
            return Outcome(PROVED, "proportional", detail="the ratio is positive and "
                           "independent of the index")
        found = self._not_proportional(a / b, premises)
        if found is not None:
            return found
        return Outcome(UNKNOWN, "proportional", detail=f"could not show that {ratio} is a "
                       "positive factor independent of the index")

    def _not_proportional(self, ratio, premises):
        """Refuted when the ratio takes two values at two values of an index (the
        counterexample holds both, each in its range), or is not positive somewhere.
        The first index and the sign are searched, each with a quarter of the row's
        budget (the proof was tried first)."""
        ratio = fresh_bound(ratio)
        claims = [(Eq(ratio, ratio.xreplace({ix: Idx(f"{ix.name}'", (ix.lower, ix.upper))})),
                   f"the ratio of the two sides differs at {ix} and {ix.name}': the factor "
                   "depends on the index") for ix in sorted(free_indices(ratio), key=str)][:1]
        claims.append((Gt(ratio, 0, evaluate=False), "the ratio of the two sides is not "
                       "positive there"))
        for claim, why in claims:
            verdict = self._refutation(claim, premises, self.timeout / 4)
            if verdict is not None:
                return Outcome(REFUTED, verdict.method, verdict.counterexample,
                               f"{why} ({verdict.detail})")
        return None

"""An error is counted where it is made: a step that uses a refuted row's result.

A chain refuted at one row (``\\partial \\ell_j / \\partial p_j = -y_j / p_j`` with the
sign wrong) states a result, and the rows below may use it: a later step that
rewrites what it carries from above by that result (``\\sum_j \\frac{\\partial
\\ell_j}{\\partial p_j} \\dots = \\sum_j -\\frac{y_j}{p_j} \\dots``) is right given the
row above, and wrong only through it.  Refuting it again would count the one error
twice (and call a right step wrong), so it is unknown, naming the refuted row.

The rewrite applies only to the side the step carries from above (the previous
side of its chain), never to the side the step writes: a row that keeps the
derivative as written (``\\partial L / \\partial a_i = \\sum_j \\frac{\\partial
\\ell_j}{\\partial p_j} \\dots``) is judged by the definitions, whatever a refuted row
said the derivative is.  The results are kept as written (names, derivatives
unevaluated), so the rewrite is the author's substitution, not an equal value.
"""
from __future__ import annotations

from sympy import Eq, Idx, Wild

from ..kernel.verdict import PROVED, UNKNOWN
from .expand import expand_definitions
from .outcome import Outcome

__all__ = ["RefutedResults", "RESTS_ON_REFUTED"]

RESTS_ON_REFUTED = "rests on refuted row"


class RefutedResults:
    """Mixin of :class:`derive.handcheck.run.Run` (needs ``defs``, ``scope``, ``_prove``)."""

    def note_result(self, line, raw_a, raw_b, refuted, carried):
        """Record ``raw_a = raw_b`` (as written) when the link is refuted, and carry a
        recorded result along its chain (``X = A`` refuted, then ``= B``: ``X = B``)."""
        if raw_a is None or raw_b is None:
            return
        found = getattr(self, "_results", None)
        if found is None:
            found = self._results = []
        if refuted:
            found.append((line, raw_a, raw_b))
        elif carried:
            found.extend([(at, x, raw_b) for at, x, y in list(found) if y == raw_a])

    def uses_refuted(self, raw_a, b, extra):
        """The outcome of a refuted link whose carried side ``raw_a``, rewritten by a
        refuted row's result, is the new side ``b``; else None."""
        for at, x, y in reversed(getattr(self, "_results", [])):
            if not x.free_symbols or x == y:
                continue
            rewritten = _rewrite(raw_a, x, y)
            if rewritten is None:
                continue
            claim = Eq(expand_definitions(rewritten, self.defs), b)
            premises = self.scope.premises(extra, proving=True)[0]
            if self._prove(claim, premises)[0] == PROVED:
                return Outcome(UNKNOWN, RESTS_ON_REFUTED, detail=f"follows with the result of "
                               f"line {at}, which is refuted: the error is counted there")
        return None


def _rewrite(expr, x, y):
    """``expr`` with ``x`` (its free indices any index: ``\\partial \\ell_j`` inside a sum
    over ``j``) replaced by ``y``, or None when ``x`` does not occur in it."""
    if not hasattr(expr, "has"):
        return None
    if expr.has(x):
        return expr.xreplace({x: y})
    indices = sorted((s for s in x.free_symbols if isinstance(s, Idx)), key=str)
    if not indices:
        return None
    wilds = {ix: Wild(f"w_{ix}") for ix in indices}
    pattern = x.xreplace(wilds)
    matched = [False]

    def put(**found):       # (the wilds' values come by their names)
        matched[0] = True
        return y.xreplace({ix: found[f"w_{ix}"] for ix in indices})

    out = expr.replace(pattern, put)
    return out if matched[0] else None

"""Deciding one relation of a row: the checker under the hypotheses in scope.

A mixin of :class:`derive.handcheck.run.Run`.  Why its verdicts are sound:

* **proved** only when :func:`derive.kernel.checker.check` proves the claim
  with the solved unknowns of the hypotheses in scope substituted and the
  rest handed over as hypotheses, or when the relation is a nonzero multiple
  of a condition in scope (``_rearranged``: the residual ratio is a nonzero
  constant or provably positive), or, for ``\\propto``, when the ratio is
  provably positive and free of the row's indices.  A checker that finds its
  hypotheses false ("vacuous") proves nothing: the row is unknown.
* **refuted** only by the checker's counterexample, which satisfies every
  hypothesis handed to it, the dimension bounds (``n >= 2`` when ``z_2``
  occurs) included, and which gives ``\\max z`` a value ``z``'s entries can have
  as their maximum.  A claim that would follow from an unstated
  ``\\sum_k y_k = 1`` is a missing-hypothesis diagnostic, never refuted.  A
  ``\\propto`` is refuted by such a counterexample to ``r(i) = r(i')`` (the
  ratio ``r`` of its sides at two values of an index, both in its range) or to
  ``r > 0``.
"""
from __future__ import annotations

from dataclasses import replace

from sympy import (Eq, Ge, Idx, Indexed, Integer, Le, S, Sum, Symbol, cancel, diff, expand,
                   simplify, together)

from ..kernel.checker import check
from ..kernel.fastpath import ratio_constant
from ..kernel.verdict import PROVED, REFUTED, UNKNOWN, Verdict
from ..symbols import n as _n
from .build import DEFINING, MEMBERSHIP, RELATIONS
from .conditions import (NORMALISED, bound_names, free_mismatch, identity_like, names_of, one_sided, pairs,
                         relevant, reused_index)
from .arbitrary import Dependence
from .generic import generic_names, judge_generic
from .extrema import consistent, extrema_of, extremum_hypotheses, respected_extrema
from .notation import MULTIPLIERS
from .indexing import family_range, fresh_bound_for_check, placeholder
from .outcome import ASSUMED, DIAGNOSTIC, Outcome, lines_text
from .premises import is_positive, prepare
from .proportional import Proportional, rests_on as _rests_on
from .scope import Hypothesis

__all__ = ["Verdicts"]


class Verdicts(Dependence, Proportional):
    """Mixin: the verdict on one link ``a op b`` of a row (needs ``timeout``, ``doc``,
    ``scope``, ``seen``, ``defs``, ``objectives``, ``undefined``, ``named``)."""

    def _link_read(self, a, op, b, line, dvars, extra, linked=True, supposed=False, uses=()):
        premises, bad = self.scope.premises(extra)
        if op in ("\\approx", "≈", "\\simeq"):
            return Outcome(UNKNOWN, "approximation", detail="an approximate relation is not checked")
        if op in MEMBERSHIP:
            return Outcome(ASSUMED, "membership", detail="a statement about sets (where a "
                           "quantity lives): notation, not checked", role="notation")
        if bad is not None:
            return Outcome(UNKNOWN, "contradictory hypotheses",
                           detail=f"the hypotheses on lines {lines_text(bad[0])} contradict each "
                           f"other ({bad[1]}); nothing follows from them")
        if op == "=" and b == 0 and dvars:
            self.objectives |= set(uses)
            return self._stationarity(a, line, dvars)
        # A row stated but not proved bounds refutations (the search keeps it), never a
        # proof: a proof found with it is redone without it.
        unproved = self.scope.unproved(extra)
        if op in ("\\propto", "∝"):
            # a refutation of a \propto passes the checks below like any other
            found = self._proportional(a, b, premises)
            if found[0] == PROVED and unproved:
                found = self._proportional(a, b, self.scope.premises(extra, proving=True)[0])
                if found[0] != PROVED:
                    return _rests_on(unproved)
            if found[0] != REFUTED:
                return found
        else:
            if op == "=" or op in DEFINING:
                found = self._rearranged(a - b, extra, proving=True)
                if found is not None:
                    return Outcome(PROVED, f"rearrangement of line {found}",
                                   detail=f"a multiple of the condition on line {found}")
                if unproved and self._rearranged(a - b, extra) is not None:
                    return _rests_on(unproved)
            generic = generic_names(a, b, self.defs)
            if generic:         # every smooth function: proved for all, or unknown
                return judge_generic(a, op, b, generic, lambda e: expand(simplify(e)))
            claim = RELATIONS[op](a, b, evaluate=False)
            found = self._prove(claim, premises)
            if found[0] == PROVED and unproved:
                found = self._prove(claim, self.scope.premises(extra, proving=True)[0])
                if found[0] != PROVED:
                    return _rests_on(unproved)
        if found[0] in (UNKNOWN, REFUTED):
            # An index free on one side only is the error a reader sees (a summation
            # index reused, or an Einstein sum): named as such.
            raw = premises.substitute(a), premises.substitute(b)
            left, right = prepare(raw[0]), prepare(raw[1])
            mismatch = free_mismatch(left, right)
            if found[0] == REFUTED:
                # refuted, an index free on one side and summed on the other (an Einstein
                # sum, a summation index reused) is the clash, also when the summing side
                # has no free index (G = \sum_i y_i = y_i); one that is nowhere else is a
                # free index like any other, and its counterexample stands
                mismatch = sorted({m for m in mismatch if m in bound_names(a) | bound_names(b)}
                                  | reused_index(*raw) | reused_index(raw[1], raw[0]))
            elif reused_index(*raw):
                # undecided, and the right side -- the one a continued row writes -- sums over
                # the index the left side (the chain's start, ∂/∂z_i) has free: the reader
                # sees the letter reused, whatever the search could not settle.  (Not the
                # other way round: a sum over i on the left was the clash of the row above.)
                mismatch = sorted(set(mismatch) | reused_index(*raw))
            if mismatch:
                also = f" (as read it is false: {pairs(found[2])})" if found[0] == REFUTED else ""
                # (the counterexample stays with it: a row false as read is no premise
                # below, like a refuted one; the report shows it in the text only)
                return Outcome(DIAGNOSTIC, "index-clash", found[2] if found[0] == REFUTED else None,
                               detail=f"the index {', '.join(mismatch)} is free on one side "
                               "only (a repeated index is not summed unless a \\sum says so)"
                               + also)
        # A name that came in undefined (on one side of a step) cannot refute a step.
        fresh = one_sided(a, b) - self.seen - set(self.defs) if found[0] == REFUTED else set()
        undefined = (names_of(a) | names_of(b)) & self.undefined if found[0] == REFUTED else set()
        if fresh or undefined:
            # \max z is not undefined where the counterexample gives it its meaning
            known = respected_extrema(fresh | undefined, found[2], self.doc)
            fresh, undefined = fresh - known, undefined - known
        if undefined or fresh:
            self.undefined_lines.add(line)
        if undefined and not fresh:
            return Outcome(DIAGNOSTIC, "undefined-symbol",
                           detail=f"{', '.join(sorted(undefined))} came in above without a "
                           "definition: the step cannot be judged (as read it is false: "
                           f"{pairs(found[2])})")
        if fresh:
            self.undefined |= fresh
            return Outcome(DIAGNOSTIC, "undefined-symbol",
                           detail=f"{', '.join(sorted(fresh))} appear(s) here for the first time, "
                           "on one side only, and is not defined: the step cannot be judged "
                           f"(as read it is false: {pairs(found[2])})")
        if found[0] == REFUTED and (a == S.Exp1 and op in ("=",) + tuple(DEFINING)
                                    or "e" in self.named and (a.has(S.Exp1) or b.has(S.Exp1))):
            # e = 2: Euler's number refuted, or a name e of the document's own?
            self.named.add("e")
            return Outcome(DIAGNOSTIC, "ambiguous",
                           detail="e is read as Euler's number, and the document sets e = ...: "
                           "if e is a name of its own, call it something else (as read it is "
                           f"false{': ' + pairs(found[2]) if found[2] else ''})")
        if found[0] == REFUTED and not linked and "using line" not in found[1] \
                and (supposed or not identity_like(a, b)):
            # "false in general" only where the counterexample is one: a number read by its
            # name only (a sum over a set) is no free number, and the row may be an identity
            opaque = sorted((names_of(a) | names_of(b)) & self.opaque)
            verdict = (f"not judged: {', '.join(opaque)} {'is' if len(opaque) == 1 else 'are'} "
                       "read by name only" if opaque else "false in general, not refuted as a step")
            return Outcome(UNKNOWN, "not derived", detail="a statement about quantities no "
                           "row above connects (a premise, a definition, or a step done in "
                           f"prose?): {verdict}")
        return found

    def _constraint(self, first, last, line) -> bool:
        """``\\sum_i p_i = 1`` after ``L = ... + \\lambda(\\sum_i p_i - 1)`` was made stationary:
        the constraint the multiplier's term encodes (dL/d\\lambda = 0), a condition the
        rows below (and their counterexamples) obey, not a claim."""
        for key in sorted(self.objectives):
            body = getattr(self.defs.get(key), "body", None)
            for m in getattr(body, "free_symbols", ()):
                if str(m).split("_")[0] not in MULTIPLIERS:
                    continue
                g = diff(body, m)
                if g == 0 or g.has(m) or not any(self._check(Eq(first - last + sign * g, 0),
                                                             ()).proved for sign in (1, -1)):
                    continue
                self.scope.add(Hypothesis(self.scope.number(), line, ((first, "=", last),),
                                          "condition"))
                return True
        return False

    def _stationarity(self, a, line, dvars):
        self.scope.add(Hypothesis(self.scope.number(), line, ((a, "=", 0),), "condition",
                                  prefer=tuple(dvars)))
        premises, bad = self.scope.premises()
        if bad is not None:
            return Outcome(DIAGNOSTIC, "contradictory-hypotheses",
                           detail=f"setting the derivative to zero contradicts the hypotheses "
                           f"on lines {lines_text(bad[0])} ({bad[1]})")
        rule = next((r for r in premises.rules if r.line == line), None)
        solved = f"; solved for {rule.target} = {rule.solution}" if rule is not None else ""
        return Outcome(ASSUMED, "stationarity condition",
                       detail="the derivative of the objective is set to zero" + solved)

    def _refutation(self, claim, premises, seconds):
        """The checker's counterexample to ``claim`` under the premises, by the rules of
        :meth:`_prove` (every hypothesis, index range and maximum respected), else None."""
        used: set = set()
        full, given = premises.refuting(premises.substitute(claim, used=used), premises.given(),
                                        used)
        given = relevant(full, given) + self._dimension_bounds(full)
        saved, self.timeout = self.timeout, seconds
        try:
            verdict = self._check(full, given + premises.leftover(full))
            if verdict.refuted:
                verdict = self._respecting_extrema(full, given + premises.leftover(full), verdict)
        finally:
            self.timeout = saved
        if not verdict.refuted or self._unlimited_range(full, verdict) is not None:
            return None
        if used:        # (a refutation that rests on the premises is one about the rows above)
            verdict = replace(verdict, method=f"{verdict.method} using line(s) "
                              f"{', '.join(map(str, sorted(used)))}")
        return verdict

    def _rearranged(self, d, extra, proving=False):
        """The line of a recent condition of which ``d`` is a nonzero multiple, else None."""
        for residual, line in reversed(self.scope.equalities(extra, proving)[-3:]):
            if residual == 0:
                continue
            c = ratio_constant(d, residual)     # exact and cheap; cancel below when it says nothing
            if c is not None:
                if c != 0:
                    return line
                continue
            try:
                ratio = cancel(together(d / residual))
            except (ValueError, TypeError, ZeroDivisionError, RecursionError):
                continue
            if ratio.is_number and ratio.is_finite and ratio != 0 or is_positive(ratio):
                return line
        return None

    def _prove(self, claim, premises):
        """Check ``claim`` with every solved unknown substituted; fewer if undecided."""
        given = premises.given()
        rules = premises.rules
        used: set = set()
        full = premises.substitute(claim, used=used)
        given = relevant(full, given) + self._dimension_bounds(full)
        verdict = self._check(full, given + premises.leftover(full))
        if verdict.status == UNKNOWN:
            for upto in range(len(rules) - 1, -1, -1):
                fewer: set = set()
                partial = premises.substitute(claim, upto=upto, used=fewer)
                if partial != full and (retry := self._check(partial, given)).proved:
                    verdict, used = retry, fewer
                    break
        if verdict.refuted:
            verdict = self._respecting_extrema(full, given + premises.leftover(full), verdict)
        if verdict.refuted and (other := self._unlimited_range(full, verdict)) is not None:
            # A sum written without limits ranges over 1..n; when the claim also sums over
            # 1..N and the counterexample needs n != N, the reader (for whom both are the
            # document's one range) rejects it.
            return Outcome(UNKNOWN, "range unclear",
                           detail=f"refuted only with n != {other}: a sum without limits "
                           f"(1..n) meets a count of {other}; write the limits")
        if verdict.refuted and (outside := _outside_sums(full, verdict.counterexample)):
            # search again with the index in the sum's range; the reader rejects the first
            bounds = tuple(rel for ix, lo, hi in outside for rel in (Ge(ix, lo), Le(ix, hi)))
            retry = self._check(full, given + premises.leftover(full) + bounds)
            if not retry.refuted or _outside_sums(full, retry.counterexample):
                index = outside[0][0]
                return Outcome(UNKNOWN, "range unclear",
                               detail=f"refuted only with {index} outside the range of a sum "
                               f"over the same family: {index} ranges over the sum's range")
            verdict = retry
        if "vacuous" in verdict.method:
            return Outcome(UNKNOWN, "contradictory hypotheses",
                           detail="the hypotheses in scope are false together, so they prove "
                           "nothing")
        if "hypotheses" in verdict.method:
            used |= set(premises.pending_lines())
        suffix = f" using line(s) {', '.join(map(str, sorted(used)))}" if used else ""
        detail = verdict.detail
        fixed = ", ".join(str(r.target) for r in rules if r.line in used)
        if verdict.status == REFUTED and fixed:
            detail += f"; {fixed} take the values the premises fix"
        if not verdict.proved:
            missing = self._missing_hypothesis(full, given)
            if missing is not None:
                also = " (false as stated: " + pairs(verdict.counterexample) + ")" \
                    if verdict.refuted else ""
                return Outcome(DIAGNOSTIC, "missing-hypothesis",
                               detail=f"holds if {missing}, which the derivation does not "
                               f"state{also}")
        return Outcome(verdict.status, verdict.method + suffix, verdict.counterexample, detail)

    def _respecting_extrema(self, claim, given, verdict):
        """A counterexample that gives ``\\max z`` a value no vector ``z`` there has as its
        maximum is rejected; the search is tried once more with the entries held below
        it and the first one equal to it.  Unknown when that fails too."""
        found = extrema_of(claim)
        if not found or all(consistent(*f, verdict.counterexample, self.doc) for f in found):
            return verdict
        for last in (False, True):
            retry = self._check(claim, tuple(given) + extremum_hypotheses(claim, self.doc, last))
            if retry.refuted and all(consistent(*f, retry.counterexample, self.doc)
                                     for f in found):
                return retry
        return Verdict(UNKNOWN, "extremum", None, 0.0, "refuted only where a maximum or minimum "
                       "is given a value its vector's entries do not have", claim)

    def _unlimited_range(self, claim, verdict):
        """The count the refutation needs the default ``n`` to differ from, else None.

        A sum written without limits ranges over 1..n.  When the claim also sums
        over 1..N, or writes out the entries 1..m of a family (``e^{z_1} + e^{z_2}``,
        the two classes of the example), the reader takes n to be that count; a
        counterexample that needs n to be something else is rejected.
        """
        if not hasattr(claim, "atoms") or _n not in claim.free_symbols:
            return None
        cex = verdict.counterexample or {}
        others = sorted({hi for s in claim.atoms(Sum) for _, _, hi in s.limits
                         if isinstance(hi, Symbol) and hi != _n and hi.is_integer}, key=str)
        written = max((int(ix) for a in claim.atoms(Indexed) for ix in a.indices
                       if ix.is_Integer), default=0)
        if written >= 2:
            others.append(Integer(written))
        for other in others:
            if cex.get(_n) is not None and cex.get(_n) == cex.get(other, other):
                continue
            if not self._check(claim.xreplace({_n: other}), ()).refuted:
                return other
        return None

    def _dimension_bounds(self, expr) -> tuple:
        """``n >= 2`` when ``z_2`` occurs: a concrete entry lies inside its family's range."""
        found = {}
        for a in expr.atoms(Indexed) if hasattr(expr, "atoms") else ():
            for slot, ix in enumerate(a.indices):
                upper = (family_range(self.doc.family_ranges, str(a.base.label), slot)
                         or (1, self.doc.dimension or _n))[1]
                if ix.is_Integer and ix > 1 and isinstance(upper, Symbol):
                    found[upper] = max(found.get(upper, 1), int(ix))
        return tuple(Ge(dim, value) for dim, value in sorted(found.items(), key=str))

    def _missing_hypothesis(self, claim, given):
        """``\\sum_k y_k = 1`` when the claim follows from it (an unstated normalisation)."""
        if not hasattr(claim, "atoms"):
            return None
        for a in sorted({a.base for a in claim.atoms(Indexed)
                         if str(a.base.label) in NORMALISED}, key=str):
            lower, upper = family_range(self.doc.family_ranges, str(a.label)) or (
                1, self.doc.dimension or _n)
            s = placeholder(lower, upper)
            total = Eq(Sum(a[s], (s, lower, upper)), 1)
            if any(g == total for g in given):
                continue         # stated: not missing
            # stated by this very row: not missing either (asked only of a row the sum proves,
            # which few are: the two checks of _states cost more than the one above them)
            if self._check(claim, given + (total,)).proved and not self._states(claim, total):
                return f"\\sum_k {a.label}_k = 1"
        return None

    def _states(self, claim, total) -> bool:
        """``claim`` is ``total`` itself, up to its sides' order (``\\sum_i p_i = 1``)."""
        if not isinstance(claim, Eq):
            return False
        d, r = claim.lhs - claim.rhs, total.lhs - total.rhs
        return any(self._check(Eq(d + sign * r, 0), ()).proved for sign in (-1, 1))

    def _check(self, claim, given):
        """:func:`check` on ``lhs - rhs = 0``; a checker failure is unknown, never a crash."""
        if isinstance(claim, Eq):
            claim = Eq(claim.lhs - claim.rhs, 0, evaluate=False)
        given = tuple(fresh_bound_for_check(g) for g in given)
        try:
            return check(claim, given=given, timeout=self.timeout)
        except Exception as err:  # noqa: BLE001 -- a checker bug must not abort the report
            return Verdict(UNKNOWN, "checker error", None, 0.0,
                           f"the checker failed: {type(err).__name__}: {err}", claim)


def _outside_sums(claim, cex):
    """The free indices of families a sum ranges over (``z_i`` beside ``\\sum_{k=1}^K
    e^{z_k}``), as ``(index, lo, hi)``, when the counterexample puts one of them outside the
    sum's range (i = 2, K = 1): the reader's i ranges over 1..K, so the counterexample is
    not one of the claim's cases.  None if it puts none outside."""
    if not hasattr(claim, "atoms") or not cex:
        return None
    values = {str(k): v for k, v in cex.items()}
    found, outside = [], False
    for total in claim.atoms(Sum):
        for k, lo, hi in total.limits:
            families = {(a.base, p) for a in total.function.atoms(Indexed)
                        for p, ix in enumerate(a.indices) if ix == k}
            bounds = [b.xreplace({x: values[str(x)] for x in b.free_symbols if str(x) in values})
                      for b in (lo, hi)]
            for a in claim.atoms(Indexed):
                for p, ix in enumerate(a.indices):
                    if (a.base, p) not in families or not isinstance(ix, Idx) or ix == k:
                        continue
                    found.append((ix, lo, hi))
                    value = values.get(str(ix))
                    outside |= bool(value is not None and value.is_number and all(
                        b.is_number for b in bounds) and not bool(bounds[0] <= value <= bounds[1]))
    return sorted(set(found), key=str) if outside else None

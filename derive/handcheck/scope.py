"""Which hypotheses hold at a row: givens, cases, conditions, and their scope.

The rules (the README's section on ``derive check`` states them for users):

* A **given** outside every block (a comment line, or a display that holds
  only givens) holds from its line to the end of the derivation (the next
  ``reset`` or the end of the document).  A given inside a block (a ``%``
  line between the rows of an ``align``, a row marked ``\\text{(given)}``
  among other rows) holds to the end of that block.
* A **case** is a given that relates indices only (``i = k``,
  ``j \\neq k``, ``i < j``).  It holds for the rows under it until the
  next case (which replaces it) or the end of its block.  A case split
  (``given: i = k`` ... ``given: i \\neq k``) is therefore two cases, never
  both at once.
* A **condition** (a derivative of an objective set to zero) holds from its
  line to the end of the derivation.
* A row that was **stated** but not proved (refuted or undecided) bounds the
  refutations of the rows below it (a counterexample must satisfy it as
  written: an error is counted where it is made), but is never a premise of
  a proof (``proving=True`` leaves it out).  It ends with the case it was
  stated under.  An **update** rule (``x_{t+1} = ...``) is the document's
  own definition of the next iterate: a premise like a given.
* A **row condition** (``\\text{if } i = j``, a ``cases`` branch) holds for
  its row only; the caller adds it with :meth:`Scope.premises`'s ``extra``.

Hypotheses in scope that contradict each other are an error of the
document: :meth:`Scope.premises` reports the lines, and no row is proved
from them.
"""
from __future__ import annotations

from dataclasses import dataclass, replace

from sympy import Derivative, Idx, Integer, Symbol

from .build import RELATIONS
from .premises import Premises, prepare

__all__ = ["Hypothesis", "Scope", "is_case"]


@dataclass(frozen=True)
class Hypothesis:
    """One stated hypothesis.

    Attributes:
        number: its position in the order of statement (unique in a run).
        line: its line in the document.
        relations: ``(lhs, op, rhs)`` triples (``op`` a key of ``RELATIONS``).
        kind: ``"given"``, ``"case"``, ``"condition"``, ``"stated"`` (an earlier
            row that was not proved: it bounds refutations below, never proves),
            ``"update"`` or ``"row"``.
        block: the block it is confined to, or -1.
        prefer: unknowns to solve a condition for first (its derivative variables).
        under: the case it was stated under (it ends with that case), or -1.
    """

    number: int
    line: int
    relations: tuple
    kind: str
    block: int = -1
    prefer: tuple = ()
    under: int = -1


def _index_like(e) -> bool:
    if isinstance(e, (Idx, Integer)):
        return True
    if isinstance(e, Symbol):
        return bool(e.is_integer)
    if e.is_Add or e.is_Mul:
        return all(_index_like(a) for a in e.args)
    return False


def is_case(relations) -> bool:
    """Whether every relation relates index expressions only (``i = k``, ``j \\neq k``)."""
    return bool(relations) and all(
        _index_like(a) and _index_like(b) and (a.has(Idx) or b.has(Idx))
        for a, _, b in relations)


class Scope:
    """The hypotheses of one derivation, and the premises they give at each row."""

    def __init__(self):
        self.items: list = []
        self._count = 0
        self._cache: dict = {}

    def number(self) -> int:
        self._count += 1
        return self._count

    def add(self, hyp: Hypothesis):
        """State ``hyp``; a case ends every earlier case."""
        if hyp.kind == "case":
            ended = {h.number for h in self.items if h.kind == "case"}
            self.items = [h for h in self.items if h.kind != "case" and h.under not in ended]
        self.items.append(hyp)

    def retarget(self, restate):
        """Restate the cases in scope through ``restate`` (a case of a block's lead prose,
        ``if $i = j$:``, read alone, speaks of each row's own ``j``)."""
        for k, hyp in enumerate(self.items):
            relations = tuple(restate(hyp.relations)) if hyp.kind == "case" else hyp.relations
            if relations != hyp.relations:
                self.items[k] = replace(hyp, relations=relations)
                self._cache.clear()      # (keyed by numbers: the case kept its own)

    def case(self) -> int:
        """The number of the case in scope, or -1."""
        return next((h.number for h in reversed(self.items) if h.kind == "case"), -1)

    def drop(self, kinds):
        """Forget every hypothesis of these kinds (a new problem starts)."""
        self.items = [h for h in self.items if h.kind not in kinds]

    def end_block(self, block: int):
        """The block ``block`` ends: what was confined to it no longer holds."""
        if block >= 0:
            ended = {h.number for h in self.items if h.block == block}
            self.items = [h for h in self.items if h.block != block and h.under not in ended]

    def active(self, extra=(), proving=False) -> tuple:
        found = tuple(self.items) + tuple(extra)
        return tuple(h for h in found if h.kind != "stated") if proving else found

    def unproved(self, extra=()) -> tuple:
        """The lines of the rows in scope that were stated but not proved."""
        return tuple(sorted({h.line for h in self.active(extra) if h.kind == "stated"}))

    def premises(self, extra=(), proving=False):
        """``(Premises, contradiction)`` for the hypotheses in scope plus ``extra``.

        ``contradiction`` is None or ``(lines, reason)``.  Built afresh
        whenever the set in scope changes (and cached), so no hypothesis
        outlives its scope inside a long-lived substitution.  ``proving`` leaves out
        the rows stated but not proved: a proof may not rest on them.
        """
        active = self.active(extra, proving)
        key = tuple(h.number for h in active)
        found = self._cache.get(key)
        if found is None:
            premises = Premises()
            for hyp in sorted(active, key=lambda h: h.number):
                for a, op, b in hyp.relations:
                    if op == "=":
                        residual = a - b
                        if residual.has(Derivative):
                            residual = prepare(residual)
                        premises.add_condition(residual, hyp.line, prefer=hyp.prefer)
                    else:
                        premises.add_relation(RELATIONS[op](a, b, evaluate=False), hyp.line)
            found = (premises, premises.contradiction())
            self._cache[key] = found
        return found

    def equalities(self, extra=(), proving=False) -> list:
        """``(residual, line)`` of every equality in scope, in order of statement."""
        return [(a - b, h.line) for h in sorted(self.active(extra, proving), key=lambda h: h.number)
                for a, op, b in h.relations if op == "="]

"""What a derivation's numerical cross-check needs, declared as data.

A :class:`CrossCheck` names the steps that carry the derived optimizer, the
stationarity condition and the multipliers, says which scalars the
constraints determine, and supplies the data: for each size ``n`` a list of
:class:`Case` objects (random scores, ties, ...).  The convex program itself is
generated from the derivation's :class:`~derive.derivation.lagrange.Problem`
(:mod:`derive.numeric.program`), so nothing problem-specific is written twice.
Calling a ``CrossCheck`` with its derivation runs it
(:func:`derive.numeric.generated.cross_check`); cvxpy is imported only then.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Callable

__all__ = ["Case", "CrossCheck"]


@dataclass(frozen=True)
class Case:
    """One data set.

    Attributes:
        values: data families (``IndexedBase`` -> array of length n) and
            parameters (``Symbol`` -> number).
        label: cases with the same label are reported together, as the worst
            of them; a non-empty label names its own group of checks.
        note: a few words naming this case in the report ("eta = 0.5", "ties").
        expect: ``(symbol, value)`` pairs: unknowns that must come out as
            these values (checked), and are then used at these values.
    """

    values: dict = field(default_factory=dict)
    label: str = ""
    note: str = ""
    expect: tuple = ()


@dataclass(frozen=True)
class CrossCheck:
    """The numerical cross-check of a derivation.

    Attributes:
        problem: the optimization problem, as declared for the derivation.
        optimizer: name of the step claiming ``x_k = formula``.
        stationarity: name of the step claiming ``(derivative of L) = 0``.
        multipliers: ``(symbol, step name)`` for the scalar multipliers whose
            closed form a step gives as ``symbol = formula``; ``None`` for one
            that is itself an unknown.  Multipliers of indexed constraints come
            from the stationarity condition, solved for them.
        unknowns: ``(symbol, constraint name)``: scalars with no closed form in
            the data, each the root of that constraint with the optimizer inserted.
        closed_forms: names of steps claiming ``unknown = closed form`` in terms
            of a support size; compared with the root at 50 digits.
        support: ``(size symbol, name of the renumbering step)`` for those.
        cases: ``(n, rng) -> list of Case``.
        ns: the sizes.
        seed: seeds the random data.
        reference: an independent float64 implementation,
            ``(n, values, unknowns) -> (entries, {multiplier: value})``, or None.
        reference_floor: errors of the reference are relative to
            ``max(|expected|, floor)``.
        dual_tolerance: for the multipliers and the stationarity residual at the
            entries where the derived optimizer is 0 (the boundary ``p_i = 0``,
            where a solver error ``δ`` in ``p_i`` enters as ``δ^(α-1)``); None means
            :data:`~derive.numeric.crosscheck.DUAL_TOLERANCE`, which every other
            entry and multiplier is held to.
    """

    problem: Any
    optimizer: str
    stationarity: str
    cases: Callable[[int, Any], list]
    multipliers: tuple = ()
    unknowns: tuple = ()
    closed_forms: tuple = ()
    support: tuple | None = None
    ns: tuple = (1, 2, 7, 60)
    seed: int = 0
    reference: Callable | None = field(default=None, compare=False)
    reference_floor: float = 1e-300
    dual_tolerance: float | None = None

    def __call__(self, derivation, **options):
        from .generated import cross_check   # cvxpy is slow to import: only when numbers are wanted
        return cross_check(self, derivation, **options)

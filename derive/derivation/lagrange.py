"""Lagrangians and KKT conditions for problems over an indexed family.

A :class:`Problem` is an objective in the entries ``x_i`` of one family, with
equality constraints and (for KKT) inequality constraints, each carrying its
multiplier and the sign with which it enters the Lagrangian.  The source
documents use ``L = f - λ (g - b)`` when maximizing and ``L = f + λ (g - b)``
when minimizing; those are the defaults.  Nothing here is specific to
entropy: a squared-L2 or Tsallis regularizer with ``p_i >= 0`` constraints
(sparsemax, entmax) is another :class:`Problem`, declared in its own module
under ``proofs/``.
"""
from __future__ import annotations

from dataclasses import dataclass

from sympy import Eq, Expr, Idx, IndexedBase, S, Sum, diff, sympify

from ..kernel.binders import subs_free
from ..kernel.indices import facts_for, normal_form

__all__ = ["Constraint", "Problem", "lagrangian", "stationarity", "hessian_entry",
           "kkt_conditions", "constraint_sum"]

_KINDS = ("eq", "le")


@dataclass(frozen=True)
class Constraint:
    """``lhs = rhs`` (kind "eq") or ``lhs <= rhs`` (kind "le") with its multiplier.

    ``sign`` is the sign of ``multiplier * (lhs - rhs)`` in the Lagrangian;
    None means the problem's default.  An ``indexed`` constraint is a family,
    one per value of the problem's index (``-p_i <= 0`` with multipliers
    ``ν_i``): its ``lhs``, ``rhs`` and ``multiplier`` contain the index, and it
    enters the Lagrangian summed over it.
    """

    name: str
    lhs: Expr
    rhs: Expr
    multiplier: Expr
    kind: str = "eq"
    sign: int | None = None
    indexed: bool = False

    def __post_init__(self):
        if self.kind not in _KINDS:
            raise ValueError(f"kind must be one of {_KINDS}, got {self.kind!r}")
        if self.sign not in (None, 1, -1):
            raise ValueError(f"sign must be +1, -1 or None, got {self.sign!r}")


@dataclass(frozen=True)
class Problem:
    """Optimize ``objective`` over the entries ``family[index]``, ``index = 1..n``."""

    name: str
    sense: str
    objective: Expr
    family: IndexedBase
    index: Idx
    constraints: tuple[Constraint, ...] = ()

    def __post_init__(self):
        if self.sense not in ("max", "min"):
            raise ValueError(f"sense must be 'max' or 'min', got {self.sense!r}")

    @property
    def default_sign(self) -> int:
        return -1 if self.sense == "max" else 1

    def sign_of(self, c: Constraint) -> int:
        return c.sign if c.sign is not None else self.default_sign

    def variable(self, k: Idx):
        return self.family[k]


def constraint_sum(family, index, weight=S.One):
    """``Sum_i weight_i * family_i`` over the index's range."""
    return Sum(weight * family[index], (index, index.lower, index.upper))


def lagrangian(problem: Problem) -> Expr:
    """``f + Σ_c sign_c · μ_c · (g_c − b_c)``."""
    terms = [problem.objective]
    ix = problem.index
    for c in problem.constraints:
        term = problem.sign_of(c) * c.multiplier * (c.lhs - c.rhs)
        terms.append(Sum(term, (ix, ix.lower, ix.upper)) if c.indexed else term)
    return sum(terms, S.Zero)


def stationarity(problem: Problem, k: Idx) -> Expr:
    """∂L/∂x_k with the sums in normal form (guards discharged from k's range)."""
    d = diff(lagrangian(problem), problem.variable(k))
    return normal_form(d, facts_for(d))


def hessian_entry(problem: Problem, k: Idx, j: Idx) -> Expr:
    """∂²f/∂x_k∂x_j of the objective, sums in normal form."""
    d = diff(problem.objective, problem.variable(k), problem.variable(j))
    return normal_form(d, facts_for(d))


@dataclass(frozen=True)
class KKT:
    """The KKT system: stationarity, primal and dual feasibility, complementary slackness."""

    stationarity: Expr
    primal: tuple
    dual: tuple
    slackness: tuple


def kkt_conditions(problem: Problem, k: Idx) -> KKT:
    """The KKT conditions at entry ``k``.

    An inequality multiplier is ``>= 0`` when it enters the Lagrangian with the
    problem's default sign (``L = f + μ (g - b)`` minimizing, ``f - μ (g - b)``
    maximizing: moving into the feasible side ``g < b`` may not improve ``f``),
    and ``<= 0`` when it is declared with the other sign.
    """
    primal, dual, slack = [], [], []
    for c in problem.constraints:
        at = {problem.index: k} if c.indexed else {}
        lhs, rhs, mult = (subs_free(sympify(e), at) for e in (c.lhs, c.rhs, c.multiplier))
        if c.kind == "eq":
            primal.append(Eq(lhs, rhs))
        else:
            primal.append(lhs <= rhs)
            # the multiplier that enters as the problem's default (+ when minimizing, - when
            # maximizing) is >= 0; one declared with the other sign is <= 0
            dual.append(mult >= 0 if problem.sign_of(c) == problem.default_sign else mult <= 0)
            slack.append(Eq(mult * (lhs - rhs), 0))
    return KKT(stationarity(problem, k), tuple(primal), tuple(dual), tuple(slack))

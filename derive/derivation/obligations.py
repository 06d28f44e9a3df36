"""The record types of the rule table, and what every rule uses to read a step.

A rule turns a step into :class:`Obligation` objects: relations the kernel
must prove.  The helpers here read the step's claim and premises and raise
:class:`~derive.errors.RuleNotApplicable` when they do not have the shape a
rule needs.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Callable

from sympy import And, Eq as _Eq, Idx
from sympy.core.relational import Relational

from ..errors import RuleNotApplicable

__all__ = ["Obligation", "Rule", "Eq", "equation", "premise", "premise_claims", "conjuncts",
           "one", "given", "as_sign", "free_index"]


@dataclass(frozen=True)
class Obligation:
    """Relations to prove; any one of ``alternatives`` suffices."""

    alternatives: tuple
    given: tuple = ()
    what: str = ""


@dataclass(frozen=True)
class Rule:
    """A rule: its name, its sentence for the document, and its obligations.

    ``fixed_n`` says whether re-deriving the step at a fixed dimension is a
    meaningful independent check (it is not for the limit rules, whose
    premises are statements about a symbolic number of terms, nor for a
    definition).

    ``narrowing`` names the arguments that restrict where the step's claim
    holds: the values it is specialized at, hypotheses of its own.  Such a
    claim holds in a narrower context than its premises, so a document must
    not write it as the next link of a chain of equalities that hold more
    generally (``w = f(\\eta) = f(1)`` would assert ``f(\\eta) = f(1)``).

    ``defines`` marks a rule whose claim ``symbol = expression`` introduces the
    symbol: the runner refuses it when the symbol belongs to a problem the
    derivation declares (naming the multiplier ``τ`` "5" would make it 5).
    """

    name: str
    sentence: str
    obligations: Callable
    fixed_n: bool = True
    narrowing: tuple[str, ...] = ("given",)
    defines: bool = False


def Eq(lhs, rhs):  # noqa: N802 - obligations stay unevaluated so a refutation keeps its symbols
    return _Eq(lhs, rhs, evaluate=False)


def equation(step) -> Relational:
    """The step's claim, which must be an equation."""
    if not isinstance(step.claim, Relational) or step.claim.rel_op != "==":
        raise RuleNotApplicable(f"rule {step.rule!r} needs an equation, step {step.name!r} claims {step.claim}")
    return step.claim


def premise(step, premises, pos=0):
    """Premise number ``pos`` of the step, which must be an equation."""
    claim = _lookup(step, premises, pos)
    if not isinstance(claim, Relational) or claim.rel_op != "==":
        raise RuleNotApplicable(f"premise {step.uses[pos]!r} of {step.name!r} is not an equation")
    return claim


def _lookup(step, premises, pos):
    try:
        return premises[step.uses[pos]]
    except (IndexError, KeyError):
        raise RuleNotApplicable(f"step {step.name!r} needs premise #{pos + 1} (uses={step.uses})") from None


def premise_claims(step, premises) -> list:
    """Every premise's claim, in the order of ``uses``."""
    return [_lookup(step, premises, pos) for pos in range(len(step.uses))]


def conjuncts(claim) -> tuple:
    """The relations a claim asserts: the arguments of an ``And``, or the claim itself."""
    return tuple(claim.args) if isinstance(claim, And) else (claim,)


def one(claim, what, given_=()):
    return Obligation((claim,), tuple(given_), what)


def given(step) -> tuple:
    return tuple(step.arg("given", ()))


def as_sign(rel):
    """``(e, op)`` with ``rel`` equivalent to ``e op 0``, ``op`` one of ``==``, ``>=``, ``>``."""
    if not isinstance(rel, Relational) or rel.rel_op == "!=":
        raise RuleNotApplicable(f"{rel} is not an equation or an inequality")
    op = rel.rel_op
    if op in ("<", "<="):
        return rel.rhs - rel.lhs, ">" if op == "<" else ">="
    return rel.lhs - rel.rhs, op


def free_index(expr, what: str):
    """The one ``Idx`` free in ``expr``."""
    found = sorted((a for a in expr.free_symbols if isinstance(a, Idx)), key=str)
    if len(found) != 1:
        raise RuleNotApplicable(f"{what} must have exactly one free index, it has {found or 'none'}")
    return found[0]

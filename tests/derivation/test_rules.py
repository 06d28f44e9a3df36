"""The rules substitute free occurrences only: a bound variable of the same name is another variable.

Each row is a small derivation whose last step either follows (it must be
proved) or does not (it must fail).  Before the rules substituted through the
kernel's binder-aware ``subs_free``, ``substitute`` put ``z_k = 0`` into the
summand of ``sum_k z_k`` (and proved ``v_k = 0`` below), ``into_constraint``
captured a free index in an inner sum over the same letter, and
``specialize`` at ``n = 2`` left the range of ``i`` at ``1..n`` (refuting a
true step).  A step that uses a premise proved under hypotheses restates them (the
runner asks it to); the free ``k`` of the substitution stays in the claim, so the
hypothesis ``z_k = 0`` speaks of that one entry, not of every entry.
"""
from __future__ import annotations

import dataclasses

import pytest
from sympy import Eq, IndexedBase, Symbol, Sum

from derive import run
from derive.kernel.binders import subs_free
from derive.derivation.model import Derivation, Step
from derive.symbols import i, j, k, n, z

v = IndexedBase("v")
y = IndexedBase("y")
q = Symbol("q", integer=True)


def _hyp(name, rel):
    """A premise the step assumes (an identity under itself)."""
    return Step(name, "identity", rel, args=(("given", (rel,)),))


SUB, TGT = _hyp("sub", Eq(z[k], 0)), _hyp("tgt", Eq(Sum(z[k], (k, 1, n)) + z[k], v[k]))
PIECE = _hyp("piece", Eq(y[k], Sum(z[i] * v[k], (i, 1, n))))
NORM = Eq(Sum(y[i], (i, 1, n)), 1)
SUMI = _hyp("sumi", Eq(Sum(z[i], (i, 1, n)), v[1]))
MIXED = _hyp("mixed", Eq(q * Sum(z[q], (q, 1, n)) + q, v[1]))

# (id, steps, whether the last step follows)
CASES = [
    ("substitute_keeps_the_bound_k", (SUB, TGT, Step("c", "substitute", Eq(Sum(z[k], (k, 1, n)), v[k]),
                                                     uses=("sub", "tgt"))), True),
    ("substitute_into_the_bound_k_is_wrong", (SUB, TGT, Step("c", "substitute", Eq(v[k], 0),
                                                             uses=("sub", "tgt"))), False),
    ("into_constraint_does_not_capture",
     (PIECE, Step("c", "into_constraint", Eq(Sum(Sum(z[j], (j, 1, n)) * v[i], (i, 1, n)), 1),
                  uses=("piece",), args=(("constraint", NORM),))), True),
    ("into_constraint_capture_is_wrong",
     (PIECE, Step("c", "into_constraint", Eq(Sum(z[i] * v[i], (i, 1, n)), 1),
                  uses=("piece",), args=(("constraint", NORM),))), False),
    ("specialize_n_moves_the_index_range",
     (SUMI, Step("c", "specialize", Eq(z[1] + z[2], v[1]), uses=("sumi",),
                 args=(("values", ((n, 2),)),))), True),
    ("specialize_n_wrong_value",
     (SUMI, Step("c", "specialize", Eq(z[1] + z[2] + z[3], v[1]), uses=("sumi",),
                 args=(("values", ((n, 2),)),))), False),
    ("specialize_free_q_only",
     (MIXED, Step("c", "specialize", Eq(2 * Sum(z[q], (q, 1, n)) + 2, v[1]), uses=("mixed",),
                  args=(("values", ((q, 2),)),))), True),
    ("specialize_bound_q_too_is_wrong",
     (MIXED, Step("c", "specialize", Eq(2 * Sum(z[2], (q, 1, n)) + 2, v[1]), uses=("mixed",),
                  args=(("values", ((q, 2),)),))), False),
]


def _restating(steps):
    """The last step shows the conditions its premises were proved under (as the runner
    asks of a step that uses a conditional claim), taken at the values it specializes to."""
    *premises, last = steps
    values = dict(last.arg("values") or ())
    shown = tuple(subs_free(p.claim, values) for p in premises if p.name in last.uses)
    return (*premises, dataclasses.replace(last, args=last.args + (("given", shown),)))


@pytest.mark.parametrize("steps,follows", [pytest.param(_restating(s), f, id=name) for name, s, f in CASES])
def test_a_rule_substitutes_free_occurrences_only(steps, follows):
    result = run(Derivation("t", "t", "t", (), steps, dimension=n), numeric=False, instances=False)
    last = result.steps[-1]
    assert all(s.verdict.proved for s in result.steps[:-1]), [s.verdict for s in result.steps]
    if follows:
        assert last.verdict.proved, last.verdict
    else:
        assert not last.verdict.proved, last.verdict

"""The support rules: renumbering a symmetric problem is a choice made once, before anything
depends on the numbering."""
from __future__ import annotations

import pytest
from sympy import Idx, IndexedBase, Integer, Le, Eq, Sum, Symbol

from derive import run
from derive.derivation.lagrange import Constraint, Problem, constraint_sum
from derive.derivation.model import Derivation, Step
from derive.symbols import i, k, n, z

p = IndexedBase("p", real=True)
w = IndexedBase("w", real=True)
tau = Symbol("tau", real=True)
top = Symbol("top", real=True)
r = Idx("r", (1, n - 1))
NORMALIZATION = Constraint("normalization", constraint_sum(p, i), 1, tau)
SQUARED = Problem("squared", "min", Sum((p[i] - z[i]) ** 2 / 2, (i, 1, n)), p, i, (NORMALIZATION,))
TWO = Problem("two", "min", Sum((p[i] - z[i]) ** 2 / 2 + w[i] * p[i], (i, 1, n)), p, i, (NORMALIZATION,))


def _sort(name, family, problem):
    return Step(name, "renumber", Le(family[r + 1], family[r]), args=(("problem", problem),))


# (steps, the step that must fail or None): a false claim proved from two sorts, or from a
# name given to z_1 before the sort, must be stopped at the sort that is not "without loss".
CASES = [
    ((_sort("z_down", z, SQUARED),), None),
    ((Step("stationarity", "identity", Eq((p[k] - z[k]) * 2, 2 * p[k] - 2 * z[k], evaluate=False)),   # symmetric in k
      _sort("z_down", z, SQUARED)), None),
    ((_sort("z_down", z, TWO), _sort("w_down", w, TWO),
      Step("same_order", "follows", (z[r] - z[r + 1]) * (w[r] - w[r + 1]) >= 0, uses=("z_down", "w_down"))),
     "w_down"),
    ((Step("first", "define", Eq(top, z[1])), _sort("z_down", z, SQUARED),
      Step("first_is_largest", "follows", Le(z[2], top), uses=("first", "z_down"),
           args=(("at", (("z_down", ((r, Integer(1)),)),)), ("given", (n >= 2,))))),
     "z_down"),
    ((Step("support_sum", "identity", Eq(Sum(p[i], (i, 1, n - 1)) + p[n], Sum(p[i], (i, 1, n)), evaluate=False)),
      _sort("z_down", z, SQUARED)), "z_down"),
]


@pytest.mark.parametrize("steps, failing", CASES, ids=[str(c[1]) + ":" + c[0][-1].name for c in CASES])
def test_a_renumbering_after_a_numbered_claim_fails(steps, failing):
    result = run(Derivation("t", "t", "t", (), steps, dimension=n), numeric=False, instances=False)
    assert result.failed_step == failing
    if failing:
        assert "numbering" in result.steps[-1].verdict.detail

"""The KKT rules: the conditions they accept are those of the problem as declared, with the
sign of each inequality multiplier following the sign it enters the Lagrangian with."""
from __future__ import annotations

import pytest
from sympy import Eq, IndexedBase, Sum, Symbol

from derive import run
from derive.derivation.lagrange import Constraint, Problem, constraint_sum
from derive.derivation.model import Derivation, Step
from derive.symbols import i, k, n, z

p = IndexedBase("p", real=True)
mu = IndexedBase("mu", real=True)
tau = Symbol("tau", real=True)
SQUARED = Sum((p[i] - z[i]) ** 2, (i, 1, n)) / 2
LINEAR = Sum(z[i] * p[i], (i, 1, n))


def _problem(sense, objective, sign):
    return Problem("t", sense, objective, p, i, (
        Constraint("normalization", constraint_sum(p, i), 1, tau),
        Constraint("nonnegativity", -p[i], 0, mu[i], kind="le", indexed=True, sign=sign)))


# (sense, objective, the sign of mu_i (-p_i) in the Lagrangian, the claimed dual condition,
# accepted): a multiplier declared with the non-default sign is <= 0 at an optimum.
CASES = [
    ("min", SQUARED, None, mu[k] >= 0, True),
    ("min", SQUARED, None, mu[k] <= 0, False),
    ("min", SQUARED, 1, mu[k] >= 0, True),
    ("min", SQUARED, -1, mu[k] >= 0, False),
    ("min", SQUARED, -1, mu[k] <= 0, True),
    ("max", LINEAR, None, mu[k] >= 0, True),
    ("max", LINEAR, -1, mu[k] >= 0, True),
    ("max", LINEAR, 1, mu[k] >= 0, False),
    ("max", LINEAR, 1, mu[k] <= 0, True),
]


@pytest.mark.parametrize("sense, objective, sign, dual, accepted", CASES)
def test_kkt_accepts_the_dual_sign_of_the_declared_lagrangian(sense, objective, sign, dual, accepted):
    problem = _problem(sense, objective, sign)
    step = Step("kkt", "kkt", (p[k] >= 0) & dual & Eq(mu[k] * p[k], 0),
                args=(("problem", problem), ("at", k)))
    result = run(Derivation("t", "t", "t", (), (step,), dimension=n), numeric=False, instances=False)
    assert (result.failed_step is None) == accepted, result.steps[-1].verdict.detail



# (the symbol a first step defines, accepted): a definition must name something new, not a
# multiplier or a parameter of the problem (tau = 5 would make the threshold 5).
DEFINITIONS = [(Symbol("c_new", real=True), True), (tau, False), (n, False)]


@pytest.mark.parametrize("symbol, accepted", DEFINITIONS, ids=[str(d[0]) for d in DEFINITIONS])
def test_a_definition_names_no_symbol_of_the_problem(symbol, accepted):
    problem = _problem("min", SQUARED, None)
    steps = (Step("name_it", "define", Eq(symbol, 5)),
             Step("kkt", "kkt", mu[k] >= 0, args=(("problem", problem), ("at", k))))
    result = run(Derivation("t", "t", "t", (), steps, dimension=n), numeric=False, instances=False)
    assert (result.failed_step is None) == accepted
    if not accepted:
        assert result.failed_step == "name_it" and "symbol of the problem" in result.steps[0].verdict.detail

"""A declared Problem stated for cvxpy: every derivation's problem translates to a DCP program,
the duals' signs follow the declared convention, and what cannot be stated is an error."""
from __future__ import annotations

import numpy as np
import pytest
from sympy import Rational, Sum, Symbol, cos, log

from derive.derivation.lagrange import Constraint, Problem, constraint_sum
from derive.numeric.crosscheck import solve
from derive.numeric.program import build_program, multiplier_sign
from derive.symbols import i, n, p, z
from proofs import DERIVATIONS

tau = Symbol("tau", real=True)


@pytest.mark.parametrize("name", sorted(DERIVATIONS))
def test_every_problem_translates_to_a_dcp_program(name):
    spec = DERIVATIONS[name].numeric
    case = spec.cases(3, np.random.default_rng(0))[0]
    program = build_program(spec.problem, 3, case.values)
    assert program.problem.is_dcp() and len(program.constraints) == len(spec.problem.constraints)


def _projection(sign):
    return Problem("t", "min", Sum((p[i] - z[i]) ** 2, (i, 1, n)) / 2, p, i,
                   (Constraint("normalization", constraint_sum(p, i), 1, tau, sign=sign),))


@pytest.mark.parametrize("sign, expected", [(None, 0.1), (1, 0.1), (-1, -0.1)])
def test_the_declared_sign_decides_the_multiplier(sign, expected):
    """min ½‖p - z‖² with Σ p = 1 at z = (0.6, 0.3, 0.2): p = z - 0.1/3·... interior, τ = (Σz - 1)/3."""
    problem = _projection(sign)
    program = build_program(problem, 3, {z: np.array([0.6, 0.3, 0.4])})
    sol = solve(program.variable, program.problem.objective, program.constraints)
    multiplier = multiplier_sign(problem, problem.constraints[0]) * sol.duals[0][0]
    assert multiplier == pytest.approx(expected, abs=1e-8)


BAD = [
    ("a function cvxpy does not know", Problem("t", "min", Sum(cos(p[i]), (i, 1, n)), p, i), "cannot state"),
    ("not DCP", Problem("t", "max", Sum(p[i] ** 2, (i, 1, n)), p, i), "not DCP"),
    ("an entry at another index", Problem("t", "min", Sum(p[i] * p[1], (i, 1, n)), p, i), "cannot state"),
    ("an unknown symbol", Problem("t", "min", Sum(tau * p[i] ** 2, (i, 1, n)), p, i), "cannot state"),
    ("a sum over part of the range", Problem("t", "min", Sum(p[i] ** 2, (i, 1, 2)), p, i), "cannot state"),
]


@pytest.mark.parametrize("label, problem, words", BAD, ids=[b[0] for b in BAD])
def test_what_cannot_be_stated_is_an_error(label, problem, words):
    with pytest.raises(ValueError, match=words):
        build_program(problem, 3, {})


def test_data_of_the_wrong_length_is_an_error():
    problem = Problem("t", "max", -Sum(p[i] * log(p[i]), (i, 1, n)) + Sum(z[i] * p[i], (i, 1, n)), p, i)
    with pytest.raises(ValueError, match="shape"):
        build_program(problem, 3, {z: np.zeros(4)})


def test_a_fractional_power_leaves_the_multiplier_to_the_declared_constraint():
    """1.5-entmax of (1, 0.2, -3): the third entry is off the support, where the multiplier of
    p_3 >= 0 must be 2 tau - z_3 in full (cvxpy's own domain of x^1.5 would take part of it)."""
    spec = DERIVATIONS["entmax15"].numeric
    scores = np.array([1.0, 0.2, -3.0])
    program = build_program(spec.problem, 3, {z: scores, Symbol("alpha", positive=True): Rational(3, 2)})
    sol = solve(program.variable, program.problem.objective, program.constraints)
    from proofs.entmax15 import bisection
    entries, threshold = bisection(scores)
    assert entries[2] == 0 and sol.converged
    assert sol.duals[1][2] == pytest.approx(2 * threshold - scores[2], abs=1e-3)

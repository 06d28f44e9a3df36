"""Tests for derive.numeric.crosscheck: the comparison, and the solver at tight tolerances."""
from __future__ import annotations

import math

import cvxpy as cp
import numpy as np
import pytest

from derive.numeric import crosscheck as cc

_COMPARE = [
    ("exact", [0.5, 0.5], [0.5, 0.5], 1.0, 0.0),
    ("absolute", [0.5 + 1e-7, 0.5], [0.5, 0.5], 1.0, 1e-7),
    ("relative-to-large", [201.0], [200.0], 1.0, 1 / 200),
    ("relative", [1e-30 * (1 + 1e-10)], [1e-30], 1e-300, 1e-10),
    ("missing", None, [1.0], 1.0, math.inf),
    ("nan", [math.nan], [1.0], 1.0, math.inf),
    ("too-short", [1.0], [1.0, 2.0], 1.0, math.inf),
]


@pytest.mark.parametrize("label, computed, expected, floor, error", _COMPARE, ids=[c[0] for c in _COMPARE])
def test_compare(label, computed, expected, floor, error):
    check = cc.compare("c", "d", n=2, computed=computed, expected=expected, tolerance=1e-6,
                       method="m", floor=floor)
    assert check.max_error == pytest.approx(error, rel=1e-6, abs=1e-15)
    assert check.ok == (error <= 1e-6)


def test_solve_returns_every_dual_as_an_array():
    x = cp.Variable(3)
    constraints = [cp.sum(x) == 1, -x <= 0]
    sol = cc.solve(x, cp.Minimize(cp.sum_squares(x - np.array([1.0, 0.2, -3.0]))), constraints)
    assert sol.converged and sol.tolerance == 1e-12
    assert [d.shape for d in sol.duals] == [(1,), (3,)]
    # sparsemax of (1, 0.2, -3) is (0.9, 0.1, 0) with tau = 0.1, so the dual is 2 tau = 0.2
    assert np.allclose(sol.point, [0.9, 0.1, 0.0], atol=1e-8)
    assert sol.duals[0][0] == pytest.approx(0.2, abs=1e-8)


def test_a_solver_error_is_a_status_not_an_exception(monkeypatch):
    def broken(self, *args, **kwargs):
        raise cp.error.SolverError("simulated failure")
    monkeypatch.setattr(cp.Problem, "solve", broken)
    x = cp.Variable(2)
    sol = cc.solve(x, cp.Minimize(cp.sum_squares(x)), [cp.sum(x) == 1])
    assert not sol.converged and sol.status.startswith("solver error")


@pytest.mark.parametrize("ns, seed, error", [((), 0, TypeError), (5, 0, TypeError), ((0, 2), 0, ValueError),
                                             ((True,), 0, ValueError), ((2,), 1.5, TypeError)])
def test_check_sizes_rejects(ns, seed, error):
    with pytest.raises(error):
        cc.check_sizes(ns, seed)

"""Lagrangian machinery: the documents' sign conventions, and problems beyond softmax."""
from __future__ import annotations

import pytest
from sympy import Eq, IndexedBase, KroneckerDelta, Sum, log

from derive import check
from derive.derivation.lagrange import Constraint, Problem, constraint_sum, hessian_entry, kkt_conditions, lagrangian, stationarity
from derive.symbols import i, j, k, lambda1, lambda2, mu, n, p, z

H = -Sum(p[i] * log(p[i]), (i, 1, n))
nu = IndexedBase("nu", real=True)
q = IndexedBase("q", nonnegative=True)


def _maxent():
    return Problem("m", "max", H, p, i, (
        Constraint("norm", constraint_sum(p, i), 1, lambda1),
        Constraint("mean", constraint_sum(p, i, z[i]), mu, lambda2)))


def test_max_problem_subtracts_multiplier_terms():
    expected = H - lambda1 * (Sum(p[i], (i, 1, n)) - 1) - lambda2 * (Sum(p[i] * z[i], (i, 1, n)) - mu)
    assert (lagrangian(_maxent()) - expected).expand() == 0


def test_stationarity_discharges_the_index_guards():
    assert stationarity(_maxent(), k) == -log(p[k]) - 1 - lambda1 - lambda2 * z[k]


def test_hessian_entry_of_entropy():
    assert check(Eq(hessian_entry(_maxent(), k, j), -KroneckerDelta(j, k) / p[k])).proved
    assert not check(Eq(hessian_entry(_maxent(), k, j), -1 / p[k])).proved


def test_sparsemax_kkt_system_is_built_without_changing_the_engine():
    """Squared L2 regularizer with indexed inequality constraints -q_i <= 0 (sparsemax)."""
    prob = Problem("sparsemax", "min", Sum((q[i] - z[i]) ** 2, (i, 1, n)) / 2, q, i, (
        Constraint("simplex", constraint_sum(q, i), 1, lambda1),
        Constraint("nonnegative", -q[i], 0, nu[i], kind="le", indexed=True)))
    kkt = kkt_conditions(prob, k)
    assert (kkt.stationarity - (q[k] - z[k] + lambda1 - nu[k])).expand() == 0
    assert kkt.dual == (nu[k] >= 0,)
    assert kkt.slackness == (Eq(-nu[k] * q[k], 0),)
    assert Eq(Sum(q[i], (i, 1, n)), 1) in kkt.primal


@pytest.mark.parametrize("kwargs,match", [
    (dict(sense="maximize"), "sense"),
])
def test_problem_rejects_bad_sense(kwargs, match):
    with pytest.raises(ValueError, match=match):
        Problem("x", objective=H, family=p, index=i, **kwargs)


@pytest.mark.parametrize("kwargs,match", [(dict(kind="ge"), "kind"), (dict(sign=2), "sign")])
def test_constraint_rejects_bad_options(kwargs, match):
    with pytest.raises(ValueError, match=match):
        Constraint("c", p[i], 0, lambda1, **kwargs)

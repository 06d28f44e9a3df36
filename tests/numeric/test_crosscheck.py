"""Tests for derive.numeric.crosscheck: the solver agrees with the derived closed forms, and
deliberately wrong closed forms, unconverged solves and bad arguments are caught."""
from __future__ import annotations

import math

import cvxpy as cp
import mpmath
import numpy as np
import pytest

from derive.numeric import crosscheck as cc
from proofs.numeric import entropy_uniform as eu, ftrl_softmax as ft, maxent_gibbs as mg
from derive.derivation.model import NumericCheck

_CHECKS = {
    "entropy_uniform": eu.entropy_uniform_checks,
    "maxent_mean": mg.maxent_mean_checks,
    "ftrl": ft.ftrl_checks,
}
# names each cross-check must report at every n (the maxent extras need two logits)
_EXPECTED_NAMES = {
    "entropy_uniform": {1: {"maximizer", "lambda1", "closed_form_float64"}},
    "maxent_mean": {1: {"maximizer", "multipliers"},
                    2: {"maximizer", "multipliers", "closed_form_float64",
                        "softmax_mean_maximizer", "softmax_mean_multipliers", "softmax_mean_root"}},
    "ftrl": {1: {"minimizer", "lambda", "closed_form_float64"}},
}


@pytest.fixture(scope="module")
def results():
    return {name: fn() for name, fn in _CHECKS.items()}


@pytest.mark.parametrize("name", sorted(_CHECKS))
def test_every_check_passes(results, name):
    checks = results[name]
    assert checks and all(isinstance(c, NumericCheck) for c in checks)
    failing = [c for c in checks if not c.ok]
    assert not failing, failing
    assert all(math.isfinite(c.max_error) and c.tolerance > 0 and c.method for c in checks)


@pytest.mark.parametrize("name", sorted(_CHECKS))
def test_every_dimension_is_covered(results, name):
    by_n: dict[int, set] = {}
    for c in results[name]:
        assert c.name.startswith(name + ".")
        by_n.setdefault(c.n, set()).add(c.name.split(".", 1)[1])
    assert sorted(by_n) == [1, 2, 7, 60]
    for n, names in by_n.items():
        expected = _EXPECTED_NAMES[name]
        assert names == expected[min(n, max(expected))]


def test_float64_checks_are_near_machine_precision(results):
    float_checks = [c for checks in results.values() for c in checks if c.method == cc.NUMPY_METHOD]
    assert float_checks and max(c.max_error for c in float_checks) < 1e-14


@pytest.mark.parametrize("name", sorted(_CHECKS))
def test_deterministic(results, name):
    assert repr(_CHECKS[name]()) == repr(results[name])


# --------------------------------------------------------------------------- wrong closed forms

def _ftrl_case(eta=0.5, n=7):
    x = np.random.default_rng(1).normal(size=n)
    return x, eta, ft.solve_ftrl(x, eta), ft.ftrl_closed_form(x, eta)


def _maxent_case(n=7):
    rng = np.random.default_rng(2)
    z = rng.normal(0.0, 2.0, n)
    mu = float(z.min() + 0.3 * (z.max() - z.min()))
    return z, mu, mg.solve_maxent(z, mu), mg.maxent_closed_form(z, mu)


def _perturbed():
    """(label, computed solver values, the wrong closed form, tolerance)."""
    x, eta, sol, (w, lam) = _ftrl_case()
    flipped_w, _ = ft.ftrl_closed_form(-x, eta)                   # softmax(+eta x)
    no_eta_w, _ = ft.ftrl_closed_form(x, 1.0)                     # learning rate dropped
    z, mu, msol, (p, lam1, lam2) = _maxent_case()
    wrong_sign_p, _ = cc.gibbs([mpmath.mpf(float(v)) for v in z], -lam2)
    n = 5
    esol = eu.solve_entropy(n)
    return [
        ("ftrl softmax(+eta x)", sol.point, flipped_w, cc.SOLVER_TOLERANCE),
        ("ftrl eta ignored", sol.point, no_eta_w, cc.SOLVER_TOLERANCE),
        ("ftrl multiplier sign", sol.duals, [-lam], cc.DUAL_TOLERANCE),
        ("ftrl multiplier without -1", sol.duals, [lam + 1 / mpmath.mpf(eta)], cc.DUAL_TOLERANCE),
        ("maxent exp(+lambda_2 z)", msol.point, wrong_sign_p, cc.SOLVER_TOLERANCE),
        ("maxent lambda_1 without -1", msol.duals, [lam1 + 1, lam2], cc.DUAL_TOLERANCE),
        ("maxent lambda_2 sign", msol.duals, [lam1, -lam2], cc.DUAL_TOLERANCE),
        ("entropy 1/(n+1)", esol.point, [mpmath.mpf(1) / (n + 1)] * n, cc.SOLVER_TOLERANCE),
        ("entropy lambda_1 = log n", esol.duals, [mpmath.log(n)], cc.DUAL_TOLERANCE),
        ("entropy lambda_1 = 1 - log n", esol.duals, [1 - mpmath.log(n)], cc.DUAL_TOLERANCE),
        ("float64 with a 1e-12 slip", np.append(w, lam) * (1 + 1e-12), list(w) + [lam],
         cc.NUMPY_TOLERANCE),
    ]


_PERTURBED = _perturbed()


@pytest.mark.parametrize("label, computed, wrong, tolerance", _PERTURBED,
                         ids=[p[0] for p in _PERTURBED])
def test_wrong_closed_form_is_detected(label, computed, wrong, tolerance):
    check = cc.compare("probe", label, n=len(wrong), computed=computed, expected=wrong,
                       tolerance=tolerance, method="test", floor=1.0 if tolerance > 1e-10 else 1e-300)
    assert not check.ok and check.max_error > tolerance


def test_right_closed_forms_pass_the_same_comparison():
    x, eta, sol, (w, lam) = _ftrl_case()
    z, mu, msol, (p, lam1, lam2) = _maxent_case()
    for computed, expected, tol in ((sol.point, w, cc.SOLVER_TOLERANCE),
                                    (sol.duals, [lam], cc.DUAL_TOLERANCE),
                                    (msol.point, p, cc.SOLVER_TOLERANCE),
                                    (msol.duals, [lam1, lam2], cc.DUAL_TOLERANCE)):
        assert cc.compare("probe", "", n=1, computed=computed, expected=expected,
                          tolerance=tol, method="test").ok


# --------------------------------------------------------------------------- solver failure

def test_unconverged_solver_fails_the_checks(monkeypatch):
    monkeypatch.setitem(cc._SOLVER_OPTIONS, "max_iter", 2)
    checks = ft.ftrl_checks(ns=(3,), eta=(1.0,)) + mg.maxent_mean_checks(ns=(4,))
    solver = [c for c in checks if c.method == cc.SOLVER_METHOD]
    assert solver and all(c.max_error == math.inf and not c.ok for c in solver)
    # the float64 evaluation of the closed form does not depend on the solver
    assert all(c.ok for c in checks if c.method == cc.NUMPY_METHOD)


def test_solver_error_fails_the_checks(monkeypatch):
    def broken(self, *args, **kwargs):
        raise cp.error.SolverError("simulated failure")
    monkeypatch.setattr(cp.Problem, "solve", broken)
    sol = eu.solve_entropy(3)
    assert not sol.converged and sol.status.startswith("solver error")
    checks = eu.entropy_uniform_checks(ns=(3,))
    assert [c.ok for c in checks] == [False, False, True]


# --------------------------------------------------------------------------- pieces

_COMPARE = [
    ("exact", [0.5, 0.5], [0.5, 0.5], 1.0, 0.0),
    ("absolute", [0.5 + 1e-7, 0.5], [0.5, 0.5], 1.0, 1e-7),
    ("relative-to-large", [201.0], [200.0], 1.0, 1 / 200),
    ("relative", [1e-30 * (1 + 1e-10)], [1e-30], 1e-300, 1e-10),
    ("missing", None, [1.0], 1.0, math.inf),
    ("nan", [math.nan], [1.0], 1.0, math.inf),
    ("too-short", [1.0], [1.0, 2.0], 1.0, math.inf),
]


@pytest.mark.parametrize("label, computed, expected, floor, error", _COMPARE,
                         ids=[c[0] for c in _COMPARE])
def test_compare(label, computed, expected, floor, error):
    check = cc.compare("c", "d", n=2, computed=computed, expected=expected, tolerance=1e-6,
                       method="m", floor=floor)
    assert check.max_error == pytest.approx(error, rel=1e-6, abs=1e-15)


@pytest.mark.parametrize("lam2", [-3.0, -1.0, 0.25, 2.0])
def test_solve_lambda2_inverts_the_mean(lam2):
    z = np.array([-1.5, 0.25, 0.5, 2.0])
    with mpmath.workdps(60):
        probs, _ = cc.gibbs([mpmath.mpf(v) for v in z], mpmath.mpf(lam2))
        mu = mpmath.fsum(q * v for q, v in zip(probs, z))
    assert abs(mg.solve_lambda2(z, mu) - lam2) < mpmath.mpf(10) ** -40


@pytest.mark.parametrize("z, mu", [([1.0, 2.0], 2.0), ([1.0, 2.0], 0.5), ([3.0], 3.0)])
def test_solve_lambda2_rejects_mu_outside(z, mu):
    with pytest.raises(ValueError, match="mu"):
        mg.solve_lambda2(z, mu)


_BAD_ARGS = [
    (eu.entropy_uniform_checks, dict(ns=()), TypeError, "ns"),
    (eu.entropy_uniform_checks, dict(ns=5), TypeError, "ns"),
    (mg.maxent_mean_checks, dict(ns=(0, 2)), ValueError, "ns"),
    (mg.maxent_mean_checks, dict(seed="x"), TypeError, "seed"),
    (ft.ftrl_checks, dict(eta=(0.0,)), ValueError, "eta"),
    (ft.ftrl_checks, dict(eta=(math.inf,)), ValueError, "eta"),
    (ft.ftrl_checks, dict(eta=()), ValueError, "eta"),
]


@pytest.mark.parametrize("fn, kwargs, error, word", _BAD_ARGS,
                         ids=[f"{f.__name__}-{w}-{i}" for i, (f, _, _, w) in enumerate(_BAD_ARGS)])
def test_bad_arguments(fn, kwargs, error, word):
    with pytest.raises(error, match=f"^{word} "):
        fn(**kwargs)

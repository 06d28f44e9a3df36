"""The cross-check generated from each derivation's problem: every check passes for the real
derivations, covers n = 1, 2, 7, 60, and fails for derivations with a wrong formula, an
unconverged or failing solver, or bad arguments."""
from __future__ import annotations

import math

import cvxpy as cp
import pytest
from sympy import Eq, Max, Rational, Sum, exp, log

from derive.derivation.model import NumericCheck
from derive.numeric import crosscheck as cc
from derive.numeric.spec import CrossCheck
from derive.symbols import eta, i, k, lam, lambda1, lambda2, n, p, w, x, z
from proofs import DERIVATIONS
from proofs import entmax15, maxent_gibbs, sparsemax

NAMES = sorted(DERIVATIONS)
# check kinds each derivation reports at n = 1 and at n >= 2
KINDS = {
    "entropy_uniform": ({"optimizer", "multipliers", "stationarity", "reference"},) * 2,
    "ftrl_softmax": ({"optimizer", "multipliers", "stationarity", "reference"},) * 2,
    # at n = 1 the two constraints coincide: the multipliers are not unique, stationarity stands in
    "maxent_gibbs": ({"optimizer", "stationarity", "reference"},
                     {"optimizer", "multipliers", "stationarity", "reference",
                      "softmax_mean.optimizer", "softmax_mean.multipliers", "softmax_mean.stationarity",
                      "softmax_mean.root", "softmax_mean.reference"}),
    # from n = 2 some entries are 0, and their duals are checked on their own (at the spec's tolerance)
    "sparsemax": ({"optimizer", "multipliers", "stationarity", "closed_form", "reference"},
                  {"optimizer", "multipliers", "stationarity", "closed_form", "reference",
                   "multipliers_at_zeros", "stationarity_at_zeros"}),
    "entmax15": ({"optimizer", "multipliers", "stationarity", "closed_form", "reference"},
                 {"optimizer", "multipliers", "stationarity", "closed_form", "reference",
                  "multipliers_at_zeros", "stationarity_at_zeros"}),
}


@pytest.fixture(scope="module")
def results():
    return {name: DERIVATIONS[name].numeric(DERIVATIONS[name]) for name in NAMES}


def test_every_derivation_declares_a_cross_check():
    assert set(KINDS) == set(NAMES)
    assert all(isinstance(d.numeric, CrossCheck) for d in DERIVATIONS.values())


@pytest.mark.parametrize("name", NAMES)
def test_every_check_passes(results, name):
    checks = results[name]
    assert checks and all(isinstance(c, NumericCheck) for c in checks)
    assert not [c for c in checks if not c.ok]
    assert all(math.isfinite(c.max_error) and c.tolerance > 0 and c.method for c in checks)


@pytest.mark.parametrize("name", NAMES)
def test_every_size_and_kind_is_covered(results, name):
    by_n: dict = {}
    for c in results[name]:
        assert c.name.startswith(name + ".")
        by_n.setdefault(c.n, set()).add(c.name.split(".", 1)[1])
    assert sorted(by_n) == [1, 2, 7, 60]
    for size, kinds in by_n.items():
        assert kinds == KINDS[name][0 if size == 1 else 1]


def test_float64_references_are_near_machine_precision(results):
    refs = [c for checks in results.values() for c in checks if c.method == cc.NUMPY_METHOD]
    assert len(refs) == 4 * len(NAMES) + 3          # maxent's softmax-mean case from n = 2
    assert max(c.max_error for c in refs) < 1e-14


def test_the_power_cone_problem_says_which_solver_tolerance_it_reached(results):
    assert any("solver tolerance 1e-09" in c.description for c in results["entmax15"])
    assert not any("solver tolerance" in c.description for c in results["maxent_gibbs"])


def test_deterministic():
    d = DERIVATIONS["ftrl_softmax"]
    assert repr(d.numeric(d, ns=(3,))) == repr(d.numeric(d, ns=(3,)))


# --------------------------------------------------------------------------- wrong formulas

_TAU_N = (Sum(z[sparsemax.h], (sparsemax.h, 1, sparsemax.s)) - 1) / n
WRONG = [
    ("entropy_uniform", "p_k_equals_1_over_n", Eq(p[k], 1 / (n + 1)), "optimizer"),
    ("entropy_uniform", "lambda1_equals_log_n_minus_1", Eq(lambda1, log(n)), "multipliers"),
    ("ftrl_softmax", "w_k_is_softmax_of_minus_eta_x",
     Eq(w[k], exp(eta * x[k]) / Sum(exp(eta * x[i]), (i, 1, n))), "optimizer"),
    ("ftrl_softmax", "lambda_is_log_partition_sum_minus_1_over_eta",
     Eq(lam, -(log(Sum(exp(-eta * x[i]), (i, 1, n))) - 1) / eta), "multipliers"),
    ("maxent_gibbs", "p_k_is_gibbs_distribution", Eq(p[k], exp(lambda2 * z[k]) / maxent_gibbs.Z), "optimizer"),
    ("maxent_gibbs", "lambda1_is_log_partition_sum_minus_1", Eq(lambda1, log(maxent_gibbs.Z)), "multipliers"),
    # the root tau comes out with the opposite sign, so the entries agree and the multiplier does not
    ("sparsemax", "p_k_is_max_of_z_k_minus_tau_and_0", Eq(sparsemax.p[k], Max(z[k] + sparsemax.tau, 0)),
     "multipliers"),
    ("sparsemax", "p_k_is_max_of_z_k_minus_tau_and_0", Eq(sparsemax.p[k], Max(z[k] - sparsemax.tau, 0) / 2),
     "optimizer"),
    ("sparsemax", "tau_is_mean_of_support_scores_minus_1_over_s", Eq(sparsemax.tau, _TAU_N), "closed_form"),
    ("entmax15", "alpha_three_halves_gives_the_square_of_the_positive_part",
     Eq(entmax15.p[k], Max(z[k] / 2 - entmax15.tau, 0)), "optimizer"),
    ("entmax15", "lambda_in_terms_of_tau",
     Eq(lam, (entmax15.tau - 1 / entmax15.alpha) / (entmax15.alpha - 1)), "multipliers"),
    # off by 5e-3: within the 1e-2 the boundary entries are allowed, not within DUAL_TOLERANCE
    ("entmax15", "lambda_in_terms_of_tau",
     Eq(lam, (entmax15.tau + 1 / entmax15.alpha) / (entmax15.alpha - 1) + Rational(1, 200)), "multipliers"),
    ("entmax15", "stationarity_sets_that_derivative_to_zero", Eq(entmax15.DERIVATIVE + Rational(1, 200), 0),
     "stationarity"),
]


@pytest.mark.parametrize("name, step, claim, kind", WRONG, ids=[f"{w[0]}:{w[1][:30]}" for w in WRONG])
def test_a_wrong_formula_fails_its_check(name, step, claim, kind):
    bad = DERIVATIONS[name].with_claim(step, claim)
    checks = bad.numeric(bad, ns=(7,))
    failing = {c.name.split(".")[-1] for c in checks if not c.ok}
    assert kind in failing


# --------------------------------------------------------------------------- solver failure

def test_an_unconverged_solver_fails_the_solver_checks(monkeypatch):
    monkeypatch.setitem(cc._SOLVER_OPTIONS, "max_iter", 2)
    d = DERIVATIONS["sparsemax"]
    checks = d.numeric(d, ns=(4,))
    solver = [c for c in checks if c.method == cc.SOLVER_METHOD]
    assert solver and all(c.max_error == math.inf and not c.ok for c in solver)
    assert all(c.ok for c in checks if c.method != cc.SOLVER_METHOD)   # the formulas need no solver


def test_a_solver_error_fails_the_solver_checks(monkeypatch):
    def broken(self, *args, **kwargs):
        raise cp.error.SolverError("simulated failure")
    monkeypatch.setattr(cp.Problem, "solve", broken)
    d = DERIVATIONS["entropy_uniform"]
    checks = d.numeric(d, ns=(3,))
    assert [c.ok for c in checks] == [False, False, False, True]


# --------------------------------------------------------------------------- arguments

@pytest.mark.parametrize("options, error, word", [
    (dict(ns=()), TypeError, "ns"), (dict(ns=5), TypeError, "ns"), (dict(ns=(0, 2)), ValueError, "ns"),
    (dict(seed="x"), TypeError, "seed"),
])
def test_bad_arguments(options, error, word):
    d = DERIVATIONS["entropy_uniform"]
    with pytest.raises(error, match=f"^{word} "):
        d.numeric(d, **options)


def test_a_multiplier_with_no_source_is_an_error():
    d = DERIVATIONS["ftrl_softmax"]
    spec = CrossCheck(d.numeric.problem, optimizer=d.numeric.optimizer, stationarity=d.numeric.stationarity,
                      cases=d.numeric.cases)
    with pytest.raises(ValueError, match="lambda"):
        spec(d, ns=(2,))

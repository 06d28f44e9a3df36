"""The catalogue: every entry gets its expected verdict for general n and at n = min_n..4."""
from __future__ import annotations

import re

import mpmath
import pytest
from sympy import Derivative, Eq, Sum

from derive.catalogue import CATALOGUE, Identity, check_identity, dimensions, softmax
from derive.kernel.evaluate import evaluate
from derive.symbols import D, N, j, k, n, z

pytestmark = pytest.mark.shared_verdicts   # claims checked by several tests: decided once

NAMES = sorted(CATALOGUE)
FIXED = [(name, v) for name in NAMES for v in range(CATALOGUE[name].min_n, 5)]

# The issue's list, one name per item (each must be in the catalogue).
REQUIRED = [
    "softmax_is_positive", "softmax_is_below_one_for_two_or_more_classes", "softmax_sums_to_one",
    "softmax_preserves_strict_order", "softmax_is_shift_invariant", "softmax_jacobian",
    "softmax_jacobian_is_symmetric", "softmax_jacobian_rows_sum_to_zero",
    "jacobian_quadratic_form_is_a_variance", "softmax_jacobian_is_positive_semidefinite",
    "softmax_jacobian_annihilates_the_ones_vector", "log_sum_exp_gradient_is_softmax",
    "cross_entropy_gradient_with_normalised_targets", "cross_entropy_gradient_needs_normalised_targets",
    "maxent_cross_entropy_gradient", "logistic_regression_nll_gradient",
    "softmax_of_two_classes_is_the_logistic_sigmoid", "softmax_with_temperature_jacobian",
    "softmax_with_temperature_is_the_gibbs_form",
]


def test_the_issue_list_is_covered():
    missing = [name for name in REQUIRED if name not in CATALOGUE]
    assert not missing


@pytest.mark.parametrize("name", NAMES)
def test_entry_is_well_formed(name):
    entry = CATALOGUE[name]
    assert entry.name == name and re.fullmatch(r"[a-z0-9_]+", name)
    assert entry.statement.endswith(".") and entry.expected in ("proved", "refuted")
    assert re.match(r"00[023], ", entry.source), entry.source


def test_false_entries_are_kept_so_a_lax_checker_would_be_caught():
    assert sum(e.expected == "refuted" for e in CATALOGUE.values()) >= 2


@pytest.mark.parametrize("name", NAMES)
def test_general_n_verdict_is_the_expected_one(name):
    entry = CATALOGUE[name]
    verdict = check_identity(entry)
    assert verdict.status == entry.expected, str(verdict)
    if entry.expected == "refuted":
        _assert_counterexample(entry, verdict.counterexample)


@pytest.mark.parametrize("name, n_value", FIXED, ids=[f"{a}-n{b}" for a, b in FIXED])
def test_fixed_n_verdict_agrees_with_the_general_one(name, n_value):
    entry = CATALOGUE[name]
    verdict = check_identity(entry, n_value=n_value)
    assert verdict.status == entry.expected, str(verdict)


def _assert_counterexample(entry, cex):
    """The two sides differ at the counterexample (60 digits), and the hypotheses hold there."""
    env = dict(cex)
    tol = mpmath.mpf(10) ** -40
    with mpmath.workdps(60):
        for g in entry.given:
            gap = _value(g.lhs, env) - _value(g.rhs, env)
            assert abs(gap) <= tol if g.rel_op == "==" else evaluate(g, env, dps=60)
        lhs, rhs = _value(entry.claim.lhs, env), _value(entry.claim.rhs, env)
        assert abs(lhs - rhs) > tol * (1 + abs(lhs) + abs(rhs))


def _value(expr, env):
    return evaluate(expr.doit() if expr.has(Derivative) else expr, env, dps=60)


# --- the API of check_identity ---------------------------------------------------

@pytest.mark.parametrize("kwargs, error, text", [
    ({"n_value": 0}, ValueError, "n_value"),
    ({"n_value": 1}, ValueError, "at least 2"),
    ({"n_value": True}, TypeError, "n_value"),
    ({"n_value": "3"}, TypeError, "n_value"),
    ({"n_value": 2.0}, TypeError, "n_value"),
    ({"timeout": -1}, ValueError, "timeout"),
])
def test_check_identity_rejects_bad_arguments(kwargs, error, text):
    entry = CATALOGUE["softmax_is_below_one_for_two_or_more_classes"]
    with pytest.raises(error, match=text):
        check_identity(entry, **kwargs)


def test_check_identity_rejects_what_is_not_an_entry():
    with pytest.raises(TypeError, match="entry"):
        check_identity(Eq(z[k], z[k]))


@pytest.mark.parametrize("kwargs, error", [
    ({"expected": "true"}, ValueError), ({"min_n": 0}, ValueError), ({"claim": "p > 0"}, TypeError),
])
def test_identity_checks_its_fields(kwargs, error):
    base = {"name": "x", "statement": "x.", "claim": softmax(z, k) > 0}
    with pytest.raises(error):
        Identity(**{**base, **kwargs})


def test_a_fixed_n_failure_names_the_index_assignment():
    wrong = Identity("wrong", "A wrong bound.", softmax(z, k) < 1, source="003, item 1")
    verdict = check_identity(wrong, n_value=1)
    assert verdict.status == "refuted" and "n = 1" in verdict.detail and "k = 1" in verdict.detail


def test_dimensions_of_the_regression_entry():
    assert dimensions(CATALOGUE["logistic_regression_nll_gradient"]) == sorted([D, N, n], key=str)
    assert dimensions(CATALOGUE["softmax_of_two_classes_is_the_logistic_sigmoid"]) == []


@pytest.mark.parametrize("name", NAMES)
def test_a_statement_is_read_by_people_and_names_no_source_by_its_key(name):
    """The documents print the statement as prose: "as in 002" means nothing to a reader."""
    statement = CATALOGUE[name].statement
    assert not re.search(r"\b\d{3}\b", statement), statement
    assert statement[:1].isupper() and statement.endswith(".")


# A claim with a free k and a sum over another k: at fixed n only the free one takes values.
SHADOWED = [
    ("squares_with_the_free_entry", Eq(z[k] + Sum(z[k] ** 2, (k, 1, n)), Sum(z[j] ** 2, (j, 1, n)) + z[k],
                                       evaluate=False), "proved"),
    ("sum_is_not_n_times_the_free_entry", Eq(z[k] + Sum(z[k], (k, 1, n)), (n + 1) * z[k], evaluate=False),
     "refuted"),
]


@pytest.mark.parametrize("claim, expected", [pytest.param(c, e, id=name) for name, c, e in SHADOWED])
@pytest.mark.parametrize("n_value", [1, 2, 3])
def test_fixed_n_sets_the_free_index_not_the_bound_one(claim, expected, n_value):
    entry = Identity("shadowed", "A free index beside a bound one.", claim, expected=expected)
    verdict = check_identity(entry, n_value=n_value)
    if expected == "refuted" and n_value == 1:
        assert verdict.status == "proved"      # z_1 + z_1 = 2 z_1: true at n = 1
    else:
        assert verdict.status == expected, verdict

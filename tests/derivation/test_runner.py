"""The derivation runner: every derivation passes, and planted errors fail at their step."""
from __future__ import annotations

import pytest
from sympy import Derivative, Eq, Idx, Integer, KroneckerDelta, Limit, Lt, Max, Rational, Sum, Symbol, exp, log, oo, sqrt

from derive import StepFailed, prove, run
from derive.derivation.runner import instantiate
from derive.derivation.model import Derivation, Step
from derive.symbols import eta, i, k, lam, lambda1, lambda2, n, p, w, x, z
from proofs import DERIVATIONS
from proofs import entmax15 as em, entropy_uniform, maxent_gibbs, sparsemax as sm

pytestmark = pytest.mark.shared_verdicts   # claims checked by several tests: decided once

Z2 = maxent_gibbs.Z
SUM_S = Sum(z[sm.h], (sm.h, 1, sm.s))
Q = Symbol("q", integer=True)

# (derivation, step, corrupted claim): each must make the run fail at that very step.
CORRUPTIONS = [
    ("maxent_gibbs", "derivative_in_p_k_is_minus_log_p_k_minus_1_minus_lambda1_minus_lambda2_z_k",
     Eq(Derivative(Symbol("L"), p[k]), -log(p[k]) - 1 - lambda1 + lambda2 * z[k])),      # wrong sign
    ("maxent_gibbs", "derivative_in_p_k_is_minus_log_p_k_minus_1_minus_lambda1_minus_lambda2_z_k",
     Eq(Derivative(Symbol("L"), p[k]), -log(p[k]) - 1 - lambda1)),                       # dropped λ₂ term
    ("maxent_gibbs", "log_p_k_is_affine_in_z_k", Eq(log(p[k]), 1 + lambda1 + lambda2 * z[k])),
    ("maxent_gibbs", "constant_is_reciprocal_of_partition_sum", Eq(exp(-1 - lambda1), n / Z2)),  # wrong normalization
    ("maxent_gibbs", "p_k_is_gibbs_distribution", Eq(p[k], exp(lambda2 * z[k]) / Z2)),
    ("maxent_gibbs", "lambda2_equal_minus_1_gives_softmax",
     Eq(p[k], exp(-z[k]) / Sum(exp(-z[i]), (i, 1, n)))),
    ("maxent_gibbs", "mean_derivative_in_lambda2_is_minus_variance",
     Eq(Derivative(maxent_gibbs.MEAN, lambda2), maxent_gibbs.SECOND_MOMENT - maxent_gibbs.MEAN ** 2)),
    ("entropy_uniform", "p_k_equals_1_over_n", Eq(p[k], 1 / (n + 1))),
    ("entropy_uniform", "lambda1_equals_log_n_minus_1", Eq(lambda1, log(n))),
    ("entropy_uniform", "normalization_gives_n_exp_of_minus_1_minus_lambda1_equals_1",
     Eq((n - 1) * exp(-1 - lambda1), 1)),
    ("ftrl_softmax", "w_k_is_softmax_of_minus_eta_x",
     Eq(w[k], exp(eta * x[k]) / Sum(exp(eta * x[i]), (i, 1, n)))),
    ("ftrl_softmax", "log_w_k_is_minus_eta_x_k_minus_1_minus_eta_lambda",
     Eq(log(w[k]), -x[k] - 1 - eta * lam)),                                              # lost η
    # sparsemax: a wrong sign of tau, a dropped complementary-slackness case, s replaced by n
    ("sparsemax", "derivative_in_p_k_is_p_k_minus_z_k_plus_tau_minus_mu_k",
     Eq(Derivative(Symbol("L"), sm.p[k]), sm.p[k] - z[k] - sm.tau - sm.mu[k])),
    ("sparsemax", "p_k_is_max_of_z_k_minus_tau_and_0", Eq(sm.p[k], Max(z[k] + sm.tau, 0))),
    ("sparsemax", "complementary_slackness_gives_mu_k_zero_or_p_k_zero", Eq(sm.mu[k], 0)),
    ("sparsemax", "p_k_is_max_of_z_k_minus_tau_and_0", Eq(sm.p[k], z[k] - sm.tau)),      # the case p_k = 0 lost
    ("sparsemax", "tau_is_mean_of_support_scores_minus_1_over_s", Eq(sm.tau, (SUM_S - 1) / n)),
    ("sparsemax", "jacobian_on_the_support_is_delta_minus_1_over_s",
     Eq(Derivative(z[sm.a] - sm.TAU_S, z[sm.q]), KroneckerDelta(sm.a, sm.q) - 1 / n)),
    ("sparsemax", "off_the_support_z_b_is_at_most_tau", Lt(z[sm.b], sm.tau)),
    # 1.5-entmax: the exponent 2 replaced by 1, the other root, a wrong sign of tau, a lost case
    ("entmax15", "alpha_three_halves_gives_the_square_of_the_positive_part",
     Eq(em.p[k], Max(z[k] / 2 - em.tau, 0))),
    ("entmax15", "tau_is_the_smaller_root", Eq(em.tau, em.SUM_Z / (2 * em.s) + sqrt(em.D) / (2 * em.s))),
    ("entmax15", "p_k_is_positive_part_of_shifted_score_to_the_1_over_alpha_minus_1",
     Eq(em.p[k], Max((em.alpha - 1) * z[k] + em.tau, 0) ** (1 / (em.alpha - 1)))),
    ("entmax15", "complementary_slackness_gives_mu_k_zero_or_p_k_zero", Eq(em.p[k], 0)),
    ("entmax15", "tau_solves_a_quadratic", Eq(n * em.tau ** 2 - em.SUM_Z * em.tau + em.SUM_Z2 / 4 - 1, 0)),
    # an outside review: the other root where it is chosen, 1/(alpha-1) -> alpha-1, T -> 0-,
    # supports off by one, a wrong multiplier sign, an unsorted-only consequence
    ("entmax15", "so_tau_minus_the_vertex_is_the_negative_root",
     Eq(em.tau - em.SUM_Z / (2 * em.s), sqrt(em.D) / (2 * em.s))),
    ("entmax15", "p_k_is_positive_part_of_shifted_score_to_the_1_over_alpha_minus_1",
     Eq(em.p[k], Max((em.alpha - 1) * z[k] - em.tau, 0) ** (em.alpha - 1))),
    ("sparsemax", "their_gap_to_that_threshold_tends_to_minus_infinity",
     Eq(Limit((z[1] - sm.g[sm.t]) / sm.T - (z[1] / sm.T - 1), sm.T, 0, "-"), -oo)),
    ("sparsemax", "the_support_is_the_first_s_entries",
     (sm.p[sm.a] > 0) & Eq(sm.p[Idx("b", (sm.s, n))], 0) & (sm.s <= n)),
    ("sparsemax", "normalization_on_the_support_gives_sum_of_z_j_minus_tau_equal_1",
     Eq(Sum(z[sm.h] - sm.tau, (sm.h, 1, sm.s + 1)), 1)),
    ("sparsemax", "kkt_feasibility_and_complementary_slackness_at_k",
     Eq(Sum(sm.p[i], (i, 1, n)), 1) & (sm.p[k] >= 0) & (sm.mu[k] <= 0) & Eq(sm.mu[k] * sm.p[k], 0)),
    ("sparsemax", "support_test_is_nonincreasing_along_sorted_scores", Lt(sm.r * (z[sm.r + 1] - z[sm.r]), 0)),
]


@pytest.mark.parametrize("name", sorted(DERIVATIONS))
def test_every_derivation_is_proved_for_general_n_and_fixed_n(name):
    result = run(DERIVATIONS[name], numeric=False)
    assert result.failed_step is None, result.failed_step
    assert result.ok
    assert len(result.steps) == len(DERIVATIONS[name].steps)
    instanced = [s for s in result.steps if s.instances]
    assert instanced, "some steps must be re-checked at fixed n"
    assert all(c.status == "proved" for s in instanced for c in s.instances)
    assert {c.n for c in instanced[0].instances} == set(DERIVATIONS[name].instances)


@pytest.mark.parametrize("name", ["sparsemax", "entmax15"])
def test_steps_on_the_support_are_rechecked_at_every_support_size(name):
    """At n = 3 a step about the support a in 1..s and the rest b in s+1..n runs for s = 1, 2, 3."""
    from derive.derivation.runner import check_at
    step = "the_support_is_the_first_s_entries"
    d = DERIVATIONS[name]
    later = d.steps[[s.name for s in d.steps].index(step) + 1].name
    at3 = check_at(d, 3)
    assert step not in at3                     # a definition: not re-checked at fixed n
    # the next step mentions a in 1..s: a runs over 1..s (first, second, last) for s = 1, 2, 3
    assert at3[later].status == "proved" and at3[later].assignments == 1 + 2 + 3


@pytest.mark.parametrize("name,step,bad", CORRUPTIONS, ids=[f"{c[0]}:{c[1][:40]}" for c in CORRUPTIONS])
def test_a_corrupted_step_fails_at_that_step(name, step, bad):
    derivation = DERIVATIONS[name].with_claim(step, bad)
    result = run(derivation, numeric=False, instances=False)
    assert result.failed_step == step
    assert not result.ok
    last = result.steps[-1]
    assert last.name == step and last.verdict.status != "proved"
    assert last.verdict.detail, "a failing step explains itself"
    with pytest.raises(StepFailed) as info:
        prove(derivation, numeric=False, instances=False)
    assert info.value.step == step


def test_failure_reports_a_counterexample_when_refuted():
    d = DERIVATIONS["entropy_uniform"].with_claim("p_k_equals_1_over_n", Eq(p[k], 1 / (n + 1)))
    verdict = run(d, numeric=False, instances=False).steps[-1].verdict
    assert verdict.status == "refuted"
    assert verdict.counterexample


# (the step's rule and claim, how its failure begins): with one obligation the checker's words
# stand alone; with several, the failing one is named.
FAILURE_DETAILS = [
    (Step("s", "identity", Eq(p[k] * (p[k] + 1), p[k]**2 + 1)), "the two sides differ"),
    (Step("s", "multiply", Eq(2 * p[k], 2), uses=("base",), args=(("factor", Integer(0)),)),
     "needed: the new equation is the old one times the factor"),
]


@pytest.mark.parametrize("step, begins", FAILURE_DETAILS)
def test_a_failing_step_says_what_fails_in_words(step, begins):
    base = Step("base", "identity", Eq(p[k] * (p[k] + 1), p[k]**2 + p[k]))
    steps = ((base,) if step.uses else ()) + (step,)
    result = run(Derivation("t", "t", "t", (), steps), numeric=False, instances=False)
    detail = result.steps[-1].verdict.detail
    assert result.failed_step == "s" and detail.startswith(begins)
    assert ": refuted" not in detail and ": unknown" not in detail


def test_an_unranged_index_guard_is_not_dropped():
    """Differentiating with respect to p_k for an integer k with no range leaves a guard
    k in 1..n that cannot be discharged: the step must not be proved."""
    kk = Symbol("k", integer=True)
    lagr = entropy_uniform.STEPS[0]
    steps = (
        Step("lagrangian", "lagrangian", lagr.claim, args=lagr.args),
        Step("derivative", "differentiate", Eq(Derivative(Symbol("L"), p[kk]), -log(p[kk]) - 1 - lambda1),
             uses=("lagrangian",), args=(("wrt", p[kk]),)),
    )
    result = run(Derivation("t", "t", "t", (), steps), numeric=False)
    assert result.failed_step == "derivative"
    assert result.steps[-1].verdict.status != "proved"


def test_rule_that_does_not_fit_fails_the_step_with_a_reason():
    steps = (Step("solve", "solve_for", Eq(p[k], 1), args=(("unknown", lambda1),)),)
    result = run(Derivation("t", "t", "t", (), steps), numeric=False)
    assert result.failed_step == "solve"
    assert "premise" in result.steps[0].verdict.detail


def test_unknown_rule_is_a_value_error():
    steps = (Step("s", "no_such_rule", Eq(p[k], 1)),)
    with pytest.raises(ValueError, match="no_such_rule"):
        run(Derivation("t", "t", "t", (), steps), numeric=False)


@pytest.mark.parametrize("bad", ["entropy_uniform", None, 3])
def test_run_rejects_non_derivations(bad):
    with pytest.raises(TypeError, match="derivation"):
        run(bad)


def test_with_claim_rejects_unknown_step():
    with pytest.raises(KeyError):
        DERIVATIONS["entropy_uniform"].with_claim("nope", Eq(p[k], 1))


INSTANTIATIONS = [
    (Sum(z[i], (i, 1, n)), {n: 3}, z[1] + z[2] + z[3]),
    (z[k] * Sum(exp(z[i]), (i, 1, n)), {n: 2, k: 2}, z[2] * (exp(z[1]) + exp(z[2]))),
    (Eq(Sum(p[i], (i, 1, n)), 1), {n: 1}, Eq(p[1], 1, evaluate=False)),
    # the free k is set, the summation k is another variable
    (z[k] + Sum(z[k], (k, 1, n)), {n: 2, k: 1}, 2 * z[1] + z[2]),
    # Karr's convention, as the kernel reads sums: 1..-2 is minus the sum over -1..0; 1..0 is empty
    (Sum(z[Q], (Q, 1, n - 3)), {n: 1}, -z[-1] - z[0]),
    (Sum(z[Q], (Q, 1, n - 1)), {n: 1}, Integer(0)),
]


@pytest.mark.parametrize("expr,values,expected", INSTANTIATIONS)
def test_instantiate_expands_finite_sums(expr, values, expected):
    assert instantiate(expr, values) == expected


def test_a_display_that_is_not_the_claim_fails_the_step():
    step = DERIVATIONS["entropy_uniform"].steps[0]
    wrong = Eq(step.display.lhs, step.display.rhs + 1)
    steps = (Step(step.name, step.rule, step.claim, args=step.args, display=wrong),)
    result = run(Derivation("t", "t", "t", (), steps), numeric=False)
    assert result.failed_step == step.name
    assert "displayed" in result.steps[0].verdict.detail


_x, _al = Symbol("x", real=True), Symbol("alpha", positive=True)
_assume = Step("assume", "follows", _x > 0, args=(("given", (_x > 0,)),))
_power = Step("power", "identity", Eq(_x ** (1 / (_al - 1)) * _x, _x ** (_al / (_al - 1)), evaluate=False), args=(("given", (_al > 1, _x > 0)),))
# (steps, the step that must fail or None): a claim proved under its own hypotheses holds only
# there; a later step must show them (as it takes the premise) or it proves them outright.
CONDITIONAL = [
    ((_assume, Step("conclude", "follows", _x ** 3 > 0, uses=("assume",))), "conclude"),
    ((_assume, Step("conclude", "follows", _x ** 3 > 0, uses=("assume",), args=(("given", (_x > 0,)),))), None),
    ((_assume, Step("conclude", "follows", _x ** 3 > 0, uses=("assume",), args=(("given", (_x > 1,)),))), None),
    ((_power, Step("at_half", "specialize", Eq(_x ** -2 * _x, _x ** -1, evaluate=False), uses=("power",),
                   args=(("values", ((_al, Rational(1, 2)),)), ("given", (_x > 0,))))), "at_half"),
    ((_power, Step("at_3_2", "specialize", Eq(_x ** 2 * _x, _x ** 3, evaluate=False), uses=("power",),
                   args=(("values", ((_al, Rational(3, 2)),)), ("given", (_x > 0,))))), None),
    ((Step("entry", "follows", z[k] ** 3 > 0, args=(("given", (z[k] > 0,)),)),
      Step("first", "follows", z[1] ** 3 > 0, uses=("entry",), args=(("at", (("entry", ((k, Integer(1)),)),)),))),
     "first"),
    ((Step("entry", "follows", z[k] ** 3 > 0, args=(("given", (z[k] > 0,)),)),
      Step("first", "follows", z[1] ** 3 > 0, uses=("entry",),
           args=(("at", (("entry", ((k, Integer(1)),)),)), ("given", (z[1] > 0, n >= 1))))), None),
]


@pytest.mark.parametrize("steps, failing", CONDITIONAL, ids=[f"{c[0][-1].name}:{c[1]}" for c in CONDITIONAL])
def test_a_premise_proved_under_hypotheses_is_used_only_where_they_hold(steps, failing):
    result = run(Derivation("t", "t", "t", (), steps, dimension=n, instances=(2,)), numeric=False)
    assert result.failed_step == failing
    if failing:
        assert "which must hold here" in result.steps[-1].verdict.detail


_y, _x = Symbol("y", real=True), Symbol("x", real=True)
_s = Symbol("s", integer=True)
_D = Derivative(Sum(z[i] ** 2, (i, 1, n)), z[i])
# (claim, display, whether the display is the claim): compared without doit, whose closed
# forms are wrong for a non-integer bound and for a derivative in z_i of a sum over i
DISPLAYS = [
    (Eq(_y, _x), Eq(_y, Sum(1, (_s, 1, _x))), False),
    (Eq(_D, 2 * z[i]), Eq(Sum(2 * z[i], (i, 1, n)), 2 * z[i]), False),
    (Eq(_D, 2 * z[i]), Eq(_D, z[i] + z[i], evaluate=False), True),
    (Eq(_y, _x + 1), Eq(_y, 1 + _x, evaluate=False), True),
]


@pytest.mark.parametrize("claim, display, same", DISPLAYS)
def test_a_display_must_be_the_claim_itself(claim, display, same):
    step = Step("t", "identity", claim, args=(("given", (claim,)),), display=display)
    result = run(Derivation("t", "t", "t", (), (step,), dimension=n), numeric=False, instances=False)
    verdict = result.steps[0].verdict
    if same:
        assert verdict.proved, verdict
    else:
        assert not verdict.proved and "displayed" in verdict.detail, verdict

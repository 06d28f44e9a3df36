"""A table of true and false claims, from the source documents and from classic traps.

Every true claim must be proved; every false claim must be refuted with a
counterexample that this test re-checks on its own: both sides evaluated
with ``derive.kernel.evaluate`` at 60 digits must violate the claim there, while
every hypothesis holds.  No false claim may ever be proved.
"""
from __future__ import annotations

import mpmath
import pytest
from sympy import (Abs, Derivative, Eq, Float, Integer, Integral, KroneckerDelta, Limit, Ne,
                   Piecewise, Rational, Sum, Symbol, cos, exp, expand, log, oo, sign, sin, sqrt,
                   symbols)

from derive.kernel.checker import check
from derive.kernel.evaluate import evaluate
from tests.kernel.oracle import is_counterexample
from derive.symbols import P, S, c, i, j, k, l, lambda1, lambda2, n, p, x, y, z

xr, yr, a, b, e3 = symbols("x y a b g", real=True)
xp, yp, ap, bp = symbols("x y a b", positive=True)
xc = Symbol("x")                                  # no assumptions: a complex number
t = Symbol("t", real=True)
tp = Symbol("t", positive=True)
q = Symbol("q", integer=True)                      # a plain summation index


def sm(f, a_, bound=i):
    """softmax(f)_a over 1..n."""
    return exp(f[a_]) / Sum(exp(f[bound]), (bound, 1, n))


def sig(u):
    return 1 / (1 + exp(-u))


def gibbs(lam, a_):
    return exp(-lam * z[a_]) / Sum(exp(-lam * z[i]), (i, 1, n))


J = Derivative(sm(z, k), z[j])                    # the Jacobian entry dp_k/dz_j
CE = -Sum(y[i] * log(sm(S, i)), (i, 1, n))       # 002's cross-entropy in the scores S
LL = Sum(y[i] * log(P[i]), (i, 1, n))            # 002's log-likelihood with P independent
Y1 = (Eq(Sum(y[i], (i, 1, n)), 1),)              # targets sum to one
L000 = -Sum(p[i] * log(p[i]), (i, 1, n)) - lambda1 * (Sum(p[i], (i, 1, n)) - 1)
L000b = L000 - lambda2 * (Sum(p[i] * z[i], (i, 1, n)) - Symbol("mu", real=True))
E1 = exp(-1 - lambda1)

# (id, claim, given); claims SymPy would settle on construction are built with
# evaluate=False so that the checker, not the constructor, decides them.
TRUE = [
    # classic algebra and assumption-dependent identities, on the right side of their traps
    ("binomial_square", Eq((xr + 1)**2, xr**2 + 2 * xr + 1), ()),
    ("binomial_cube", Eq((xr + yr)**3, xr**3 + 3 * xr**2 * yr + 3 * xr * yr**2 + yr**3), ()),
    ("sqrt_of_square_positive", Eq(sqrt(xp**2), xp), ()),
    ("sqrt_of_square_is_abs", Eq(sqrt(xr**2), Abs(xr)), ()),
    ("log_of_product_positive", Eq(log(ap * bp), log(ap) + log(bp)), ()),
    ("log_of_reciprocal_positive", Eq(log(1 / xp), -log(xp)), ()),
    ("log_exp_real", Eq(log(exp(xr)), xr), ()),
    # SymPy's principal branch: exp(log x) = x for every x != 0, real or not
    ("exp_log_real", Eq(exp(log(xr)), xr), ()),
    ("power_of_power_positive_base", Eq((ap**b)**e3, ap**(b * e3)), ()),
    ("power_of_product_positive", Eq((xp * yp)**e3, xp**e3 * yp**e3), ()),
    ("abs_of_nonnegative", Eq(Abs(xp), xp), ()),
    ("exp_of_sum", Eq(exp(a + b), exp(a) * exp(b)), ()),
    # SymPy's convention: a rational function equals its reduced form (x/x = 1, also "at 0")
    ("x_over_x_is_one", Eq(1 / xr * xr, 1), ()),
    ("difference_of_squares_quotient", Eq((xr**2 - 1) / (xr - 1), xr + 1), ()),
    ("square_nonnegative", xr**2 >= 0, ()),
    ("square_plus_one_positive", xr**2 + 1 > 0, ()),
    ("am_gm_two_squares", xr**2 + yr**2 >= 2 * xr * yr, ()),
    ("exp_positive", exp(xr) > 0, ()),
    ("exp_nonzero", Ne(exp(xr), 0), ()),
    # sums: counting, closed forms, limits, Kronecker contractions
    ("count_terms", Eq(Sum(1, (i, 1, n)), n), ()),
    ("count_terms_from_zero", Eq(Sum(1, (q, 0, n)), n + 1), ()),
    ("gauss_sum", Eq(Sum(i, (i, 1, n)), n * (n + 1) / 2), ()),
    ("sum_of_squares", Eq(Sum(i**2, (i, 1, n)), n * (n + 1) * (2 * n + 1) / 6), ()),
    ("sum_of_odd_numbers", Eq(Sum(2 * q - 1, (q, 1, n)), n**2), ()),
    ("sum_is_linear", Eq(Sum(c * x[i] + y[i], (i, 1, n)), c * Sum(x[i], (i, 1, n)) + Sum(y[i], (i, 1, n))), ()),
    ("peel_last_term", Eq(Sum(x[q], (q, 1, n)), x[n] + Sum(x[q], (q, 1, n - 1))), ()),
    ("peel_first_term", Eq(Sum(x[q], (q, 0, n)), x[0] + Sum(x[q], (q, 1, n))), ()),
    ("reversed_range_karr", Eq(Sum(x[q], (q, 3, 1)), -x[2]), ()),
    ("delta_picks_entry", Eq(Sum(KroneckerDelta(k, j) * x[j], (j, 1, n)), x[k]), ()),
    ("delta_row_sums_to_one", Eq(Sum(KroneckerDelta(k, j), (j, 1, n)), 1), ()),
    ("delta_trace_is_n", Eq(Sum(Sum(KroneckerDelta(i, j), (j, 1, n)), (i, 1, n)), n), ()),
    ("delta_chain", Eq(Sum(KroneckerDelta(i, j) * KroneckerDelta(j, k), (j, 1, n)), KroneckerDelta(i, k)), ()),
    ("delta_outside_range_is_zero", Eq(Sum(KroneckerDelta(1, q), (q, 2, n)), 0), ()),
    # the documents
    ("003_item1_positive", sm(z, k) > 0, ()),
    ("003_item1_at_most_one", sm(z, k) <= 1, ()),
    ("003_item2_sums_to_one", Eq(Sum(sm(z, j), (j, 1, n)), 1), ()),
    ("003_item3_order", sm(z, k) < sm(z, l), (z[k] < z[l],)),
    ("003_item4_jacobian", Eq(J, sm(z, k) * (KroneckerDelta(k, j) - sm(z, j))), ()),
    # looks transposed, but the Jacobian is symmetric
    ("jacobian_transposed_form", Eq(J, sm(z, j) * (KroneckerDelta(k, j) - sm(z, k))), ()),
    ("002_eq6_off_diagonal", Eq(J, -sm(z, k) * sm(z, j)), (Ne(k, j),)),
    ("002_eq11", Eq(Derivative(LL, P[k]), y[k] / P[k]), ()),
    ("002_eq12_before_normalising", Eq(Derivative(-CE, S[k]), y[k] - sm(S, k) * Sum(y[i], (i, 1, n))), ()),
    ("002_eq12_13_gradient", Eq(Derivative(CE, S[k]), sm(S, k) - y[k]), Y1),
    ("002_two_classes_sigmoid", Eq(exp(S[1]) / (exp(S[0]) + exp(S[1])), sig(S[1] - S[0])), ()),
    ("sigmoid_derivative", Eq(Derivative(sig(t), t), sig(t) * (1 - sig(t))), ()),
    ("sigmoid_symmetry", Eq(1 - sig(t), sig(-t)), ()),
    ("000_stationarity_simple", Eq(Derivative(L000, p[k]), -log(p[k]) - 1 - lambda1), ()),
    ("000_stationarity_full", Eq(Derivative(L000b, p[k]), -log(p[k]) - 1 - lambda1 - lambda2 * z[k]), ()),
    ("000_uniform_constant", Eq(E1, 1 / n), (Eq(n * E1, 1),)),
    ("000_uniform_entropy", Eq(-Sum(log(Rational(1, 1) / n) / n, (i, 1, n)), log(n)), ()),
    ("000_lambda2_minus_one_is_softmax", Eq(gibbs(-1, k), sm(z, k)), ()),
    ("log_sum_exp_gradient", Eq(Derivative(log(Sum(exp(z[i]), (i, 1, n))), z[k]), sm(z, k)), ()),
    ("temperature_jacobian",
     Eq(Derivative(gibbs(-1 / tp, k), z[j]), gibbs(-1 / tp, k) * (KroneckerDelta(k, j) - gibbs(-1 / tp, j)) / tp), ()),
]

FALSE = [
    # classic traps
    ("binomial_off_by_tiny_constant", Eq((xr + 1)**2, xr**2 + 2 * xr + 1 + Rational(1, 10**20)), ()),
    ("sqrt_of_square_real", Eq(sqrt(xr**2), xr), ()),
    ("log_of_product_real", Eq(log(a * b), log(a) + log(b)), ()),
    ("log_of_square_real", Eq(log(xr**2), 2 * log(xr)), ()),
    ("sqrt_of_product_real", Eq(sqrt(a * b), sqrt(a) * sqrt(b)), ()),
    ("power_of_power_real", Eq((a**b)**e3, a**(b * e3)), ()),
    ("log_exp_complex", Eq(log(exp(xc)), xc), ()),
    ("abs_is_identity", Eq(Abs(xr), xr), ()),
    ("wrong_quotient", Eq((xr**2 - 1) / (xr - 1), xr - 1), ()),
    ("square_strictly_positive", xr**2 > 0, ()),
    ("am_gm_strict", xr**2 + yr**2 > 2 * xr * yr, ()),
    ("exp_above_one", exp(xr) > 1, ()),
    ("exp_of_sum_is_sum_of_exp", Eq(exp(a + b), exp(a) + exp(b)), ()),
    # sums: off-by-one limits and wrong contractions
    ("count_terms_off_by_one", Eq(Sum(1, (i, 1, n)), n + 1), ()),
    ("gauss_sum_off_by_one", Eq(Sum(i, (i, 1, n)), n * (n - 1) / 2), ()),
    ("sum_from_zero_is_sum_from_one", Eq(Sum(x[q], (q, 0, n)), Sum(x[q], (q, 1, n))), ()),
    ("peel_two_terms_lose_one", Eq(Sum(x[q], (q, 1, n)), x[n] + Sum(x[q], (q, 1, n - 2))), ()),
    ("delta_row_sums_to_n", Eq(Sum(KroneckerDelta(k, j), (j, 1, n)), n), ()),
    ("delta_trace_is_n_squared", Eq(Sum(Sum(KroneckerDelta(i, j), (j, 1, n)), (i, 1, n)), n**2), ()),
    ("delta_chain_is_one", Eq(Sum(KroneckerDelta(i, j) * KroneckerDelta(j, k), (j, 1, n)), 1), ()),
    ("delta_contraction_keeps_wrong_index", Eq(Sum(KroneckerDelta(k, j) * x[j], (j, 1, n)), x[l]), ()),
    ("delta_outside_range_counted", Eq(Sum(KroneckerDelta(1, q), (q, 2, n)), 1), ()),
    ("sum_of_exp_strictly_above_one_term", Sum(exp(z[i]), (i, 1, n)) > exp(z[k]), ()),
    # the documents, misstated or with a slip
    ("003_item1_below_one_for_one_class", sm(z, k) < 1, ()),
    ("003_item3_strict_from_non_strict", sm(z, k) < sm(z, l), (z[k] <= z[l],)),
    ("softmax_at_least_uniform", sm(z, k) >= 1 / n, ()),
    ("softmax_at_most_uniform", sm(z, k) <= 1 / n, ()),
    ("softmax_can_vanish", Eq(sm(z, k), 0, evaluate=False), ()),
    ("jacobian_without_delta", Eq(J, sm(z, k) * (1 - sm(z, j))), ()),
    ("jacobian_wrong_inner_index", Eq(J, sm(z, k) * (KroneckerDelta(k, j) - sm(z, k))), ()),
    ("jacobian_off_diagonal_everywhere", Eq(J, -sm(z, k) * sm(z, j)), ()),
    ("jacobian_delta_not_scaled", Eq(J, sm(z, k) * KroneckerDelta(k, j) - sm(z, j)), ()),
    ("jacobian_sign_flip", Eq(J, sm(z, k) * (KroneckerDelta(k, j) + sm(z, j))), ()),
    ("002_eq12_without_normalised_targets", Eq(Derivative(CE, S[k]), sm(S, k) - y[k]), ()),
    ("002_eq12_sign_slip", Eq(Derivative(-CE, S[k]), sm(S, k) - y[k]), Y1),
    ("002_eq13_derivative_in_P", Eq(Derivative(-LL, P[k]), P[k] - y[k]), Y1),
    ("002_two_classes_sigmoid_swapped", Eq(exp(S[1]) / (exp(S[0]) + exp(S[1])), sig(S[0] - S[1])), ()),
    ("002_eq1_mismatched_ranges",
     Eq(Sum(exp(S[q]), (q, 0, n)) / Sum(exp(S[i]), (i, 1, n)), 1), ()),
    ("sigmoid_derivative_squared", Eq(Derivative(sig(t), t), sig(t)**2), ()),
    ("000_stationarity_sign", Eq(Derivative(L000, p[k]), log(p[k]) - 1 - lambda1), ()),
    ("000_uniform_constant_inverted", Eq(E1, n), (Eq(n * E1, 1),)),
    ("000_lambda2_plus_one_is_softmax", Eq(gibbs(1, k), sm(z, k)), ()),
    ("000_uniform_entropy_of_four_is_1_3",
     Eq(-4 * Rational(1, 4) * log(Rational(1, 4)), Rational(13, 10), evaluate=False), ()),
    ("000_example_distribution_sums_to_one",
     Eq(Rational(8, 10) + Rational(1, 10) + Rational(9, 10000) + Rational(1, 10000), 1,
        evaluate=False), ()),
    # 000's note: the low-temperature limit is the one-hot argmax, not the largest value
    ("000_hardmax_gives_the_max",
     Eq(Limit(exp(4 / tp) / (exp(1 / tp) + exp(2 / tp) + exp(4 / tp)), tp, 0, "+"), 4), ()),
    ("softmax_scale_invariant", Eq(exp(2 * z[k]) / Sum(exp(2 * z[i]), (i, 1, n)), sm(z, k)), ()),
    ("softmax_invariant_to_per_class_shift",
     Eq(exp(z[k] + x[k]) / Sum(exp(z[i] + x[i]), (i, 1, n)), sm(z, k)), ()),
]

# True claims the checker can only leave "unknown" (kept short; each says why).
XFAIL: dict[str, str] = {}

# Issue 11: claims written to break the checker.  Each row: (id, claim, given, expected), the
# claim an Eq/relational or an (lhs, rhs) pair.  expected is one of
#   "proved"      -- true, and must be proved (not vacuously);
#   "refuted"     -- false, and must be refuted with a counterexample the oracle confirms;
#   "true"        -- true; proved, or unknown with a reason, never refuted;
#   "false"       -- false; refuted (with a confirmed counterexample) or unknown, never proved;
#   "undecided"   -- must come back unknown (a proof would need an integer the claim does not give);
#   "vacuous"     -- the hypotheses contradict each other: proved, method "vacuous";
#   "input-error" -- check raises ValueError naming the problem.
s_ = Symbol("s", integer=True)
a_, b_, c_, d_ = symbols("a b c d")                 # plain symbols: no assumptions
TWO400 = Integer(2)**400
ISSUE_11 = [
    # 1. hypotheses about a free variable are not about the bound one of the same name
    ("i11_1_hypothesis_inside_sum", z[k] + Sum(z[k], (k, 1, n)) > 0, (z[k] > 0,), "refuted"),
    ("i11_1_hypothesis_inside_sum_true", z[k] + Sum(z[k], (k, 1, n)) > 0, (z[i] > 0,), "true"),
    ("i11_1_hypothesis_inside_integral",
     (t + Integral(sqrt(t**2), (t, -1, 1)), t + Integral(t, (t, -1, 1))), (t > 0,), "false"),
    # 2. inequality facts about the free variable do not reach the bound one
    ("i11_2_fact_leaks_into_sum", Eq(Sum(Piecewise((0, s_ >= 2), (1, True)), (s_, 1, n)), 0),
     (s_ >= 2,), "refuted"),
    ("i11_2_fact_leaks_into_sum_k",
     Eq(z[k] + Sum(Piecewise((0, k >= 2), (1, True)), (k, 1, n)), z[k]), (k >= 2,), "refuted"),
    # 3. differentiating in z_i a sum over i
    ("i11_3_derivative_bound_index", Eq(Derivative(Sum(z[i]**2, (i, 1, n)), z[i]), 2 * z[i]), (),
     "proved"),
    ("i11_3_derivative_bound_index_summed",
     Eq(Derivative(Sum(z[i]**2, (i, 1, n)), z[i]), Sum(2 * z[i], (i, 1, n))), (), "refuted"),
    ("i11_3_derivative_exp_bound_j", Eq(Derivative(Sum(exp(z[j]), (j, 1, n)), z[j]), exp(z[j])), (),
     "proved"),
    ("i11_3_derivative_exp_bound_j_summed",
     Eq(Derivative(Sum(exp(z[j]), (j, 1, n)), z[j]), Sum(exp(z[j]), (j, 1, n))), (), "refuted"),
    ("i11_3_derivative_plain_index_in_range",
     Eq(Derivative(Sum(z[s_]**2, (s_, 1, n)), z[s_]), 2 * z[s_]), (s_ >= 1, s_ <= n), "proved"),
    # outside 1..n the derivative is 0, so without the range the claim is false (s = 0)
    ("i11_3_derivative_plain_index_any", Eq(Derivative(Sum(z[s_]**2, (s_, 1, n)), z[s_]), 2 * z[s_]),
     (), "false"),
    ("i11_3_derivative_plain_index_summed",
     Eq(Derivative(Sum(z[s_]**2, (s_, 1, n)), z[s_]), Sum(2 * z[s_], (s_, 1, n))), (s_ >= 1, s_ <= n),
     "refuted"),
    # 4. a delta collapses only at an integer point
    ("i11_4_delta_at_non_integer_point", Eq(Sum(KroneckerDelta(i, xr), (i, 1, n)), 1),
     (xr >= 1, xr <= n), "refuted"),
    ("i11_4_delta_at_integer_point", Eq(Sum(KroneckerDelta(i, q), (i, 1, n)), 1), (q >= 1, q <= n),
     "proved"),
    # 5. no global case split on a delta whose index is bound
    ("i11_5_delta_split_on_bound_index", Eq(Sum(z[i]**KroneckerDelta(k, i) - 1, (i, 1, n)), 0),
     (Eq(Sum(z[i], (i, 1, n)), n),), "refuted"),
    # 6. a reduction modulo the hypotheses needs nonzero denominators
    ("i11_6_zero_over_zero_is_7", Eq(xr / yr, 7), (Eq(xr, 0), Eq(yr, 0)), "false"),
    ("i11_6_zero_over_zero_is_8", Eq(xr / yr, 8), (Eq(xr, 0), Eq(yr, 0)), "false"),
    ("i11_6_plain_symbols", Eq((a_ - b_) / (c_ - d_), 5), (Eq(a_, b_), Eq(c_, d_)), "false"),
    ("i11_6_nonzero_denominator", Eq(xr / yp, 0), (Eq(xr, 0),), "proved"),
    # 7. huge exact numbers: the precision must exceed their magnitude
    ("i11_7_addition_theorem_2_400",
     (sin(TWO400 + xr), sin(TWO400) * cos(xr) + cos(TWO400) * sin(xr)), (), "true"),
    ("i11_7_delta_shifted_by_2_400", (KroneckerDelta(xr + TWO400, TWO400), KroneckerDelta(xr, 0)), (),
     "true"),
    ("i11_7_delta_shifted_by_2_400_false",
     (KroneckerDelta(xr + TWO400, TWO400), KroneckerDelta(xr, 1)), (), "refuted"),
    # 8. a float in a hypothesis: the counterexample must satisfy it exactly
    ("i11_8_float_hypothesis", Eq(yr, 2 * xr), (Eq(yr, Float(2.0) * xr),), "true"),
    # 9. sums need integer bounds
    ("i11_9_symbolic_non_integer_bound", Eq(Sum(1, (s_, 1, xr)), xr), (xr >= 1,), "undecided",
     "integer"),
    ("i11_9_numeric_non_integer_bound", (Sum(1, (s_, 1, Rational(5, 2))), Rational(5, 2)), (),
     "input-error", "5/2"),
    ("i11_9_integer_bound", Eq(Sum(1, (s_, 1, q)), q), (q >= 1,), "proved"),
    # contradictory hypotheses prove vacuously, and say so
    ("i11_vacuous_equalities", Eq(yr, 3), (Eq(xr, 1), Eq(xr, 2)), "vacuous", "x"),
    ("i11_vacuous_inequalities", Eq(yr, 3), (xr > 1, xr < 0), "vacuous"),
    # exact nonzero residuals at exact points refute, whatever the size of the values
    ("i11_exact_residual_1e-60", ((xr + 1)**2, xr**2 + 2 * xr + 1 + Rational(1, 10**60)), (), "refuted"),
    ("i11_exact_residual_huge_rational", (Rational(10**100 + 1, 10**100), Integer(1)), (), "refuted"),
    ("i11_exact_residual_off_by_one",
     ((xr + 10**50)**2, expand((xr + 10**50)**2) + 1), (), "refuted"),
    # infinities
    ("i11_oo_is_oo", (oo, oo), (), "proved"),
    ("i11_oo_is_not_minus_oo", (oo, -oo), (), "refuted"),
    ("i11_log_0_is_not_minus_oo", (log(0), -oo), (), "false", "log(0)"),
    # Eq(log(0), -oo) is False when built: the verdict says so in words, and how to avoid it
    ("i11_eq_log_0_built_false", Eq(log(0), -oo), (), "false", "when it was built"),
    ("i11_limit_is_oo", Eq(Limit(1 / xr, xr, 0, "+"), oo), (), "proved"),
    ("i11_limit_is_not_minus_oo", Eq(Limit(1 / xr, xr, 0, "+"), -oo), (), "refuted"),
    ("i11_limit_does_not_exist", Eq(Limit(sign(xr), xr, 0, "+-"), 0), (), "false", "does not exist"),
    ("i11_two_sided_limit_of_1_over_x", Eq(Limit(1 / xr, xr, 0, "+-"), oo), (), "false",
     "does not exist"),
]


def _issue_param(row):
    name, claim, given, expected, *phrase = row
    marks = [pytest.mark.xfail(strict=True, reason=XFAIL[name])] if name in XFAIL else []
    return pytest.param(claim, given, expected, phrase[0] if phrase else "", id=name, marks=marks)


def _run(claim, given):
    if isinstance(claim, tuple):
        return check(*claim, given=given, timeout=TIMEOUT)
    return check(claim, given=given, timeout=TIMEOUT)


def _as_relation(claim):
    return Eq(*claim, evaluate=False) if isinstance(claim, tuple) else claim


def assert_expected(claim, given, expected, phrase=""):
    """The verdict on ``claim`` is the one the table expects (see ISSUE_11).

    ``phrase``: words the detail (or the error message) must contain.
    """
    if expected == "input-error":
        with pytest.raises(ValueError, match="integer") as info:
            _run(claim, given)
        assert phrase in str(info.value)
        return
    verdict = _run(claim, given)
    vacuous = "vacuous" in verdict.method.split(" + ")
    if expected in ("refuted", "false", "undecided"):
        assert verdict.status != "proved", f"a false claim was proved: {verdict}"
    if expected in ("proved", "true", "vacuous"):
        assert verdict.status != "refuted", f"a true claim was refuted: {verdict}"
    if verdict.status == "refuted":
        ok, why = is_counterexample(_as_relation(claim), given, dict(verdict.counterexample))
        assert ok, f"not a counterexample: {why}; {verdict}"
    if expected == "proved":
        assert verdict.status == "proved" and not vacuous, str(verdict)
    elif expected == "refuted":
        assert verdict.status == "refuted", str(verdict)
    elif expected == "vacuous":
        assert verdict.status == "proved" and verdict.method == "vacuous", str(verdict)
        assert "contradict" in verdict.detail, verdict.detail
    elif expected == "undecided":
        assert verdict.status == "unknown", str(verdict)
    if verdict.status == "unknown":
        assert verdict.detail and "Error" not in verdict.detail, f"no reason in words: {verdict}"
    assert phrase in verdict.detail, f"the detail does not say {phrase!r}: {verdict}"


@pytest.mark.parametrize("claim, given, expected, phrase", [_issue_param(r) for r in ISSUE_11])
def test_issue_11_claim_gets_its_verdict(claim, given, expected, phrase):
    assert_expected(claim, given, expected, phrase)


TIMEOUT = 20.0


def _param(row, expected):
    name = row[0]
    marks = [pytest.mark.xfail(strict=True, reason=XFAIL[name])] if name in XFAIL else []
    return pytest.param(*row, expected, id=name, marks=marks)


def test_the_table_has_at_least_40_true_and_40_false_claims():
    assert len(TRUE) >= 40 and len(FALSE) >= 40
    names = [r[0] for r in TRUE + FALSE]
    assert len(names) == len(set(names))


@pytest.mark.parametrize("name, claim, given, expected",
                         [_param(r, "proved") for r in TRUE] + [_param(r, "refuted") for r in FALSE])
def test_claim_gets_its_expected_verdict(name, claim, given, expected):
    verdict = check(claim, given=given, timeout=TIMEOUT)
    if expected == "refuted":
        assert verdict.status != "proved", f"false claim {name} was proved: {verdict}"
    assert verdict.status == expected, str(verdict)
    if expected == "refuted":
        _assert_counterexample(claim, given, verdict.counterexample)


def _concrete(expr):
    """Derivatives and limits carried out by SymPy itself, not by the checker."""
    return expr.doit() if expr.has(Derivative, Limit) else expr


def _value(expr, env):
    return evaluate(_concrete(expr), env, dps=60)


_ASSUMPTIONS = ("integer", "real", "positive", "nonnegative", "negative", "nonpositive", "nonzero")


def _assert_counterexample(claim, given, cex):
    env = dict(cex)
    for key, value in env.items():
        broken = [a for a in _ASSUMPTIONS if getattr(key, "is_" + a) and getattr(value, "is_" + a) is not True]
        assert not broken, f"{key} = {value} breaks the assumptions {broken}"
    tol = mpmath.mpf(10) ** -40
    for g in given:
        lhs, rhs = _value(g.lhs, env), _value(g.rhs, env)
        with mpmath.workdps(60):
            gap = lhs - rhs
            holds = {"==": abs(gap) <= tol, "<": gap < 0, "<=": gap <= tol, ">": gap > 0,
                     ">=": gap >= -tol, "!=": abs(gap) > tol}[g.rel_op]
        assert holds, f"hypothesis {g} fails at the counterexample {cex}"
    lhs, rhs = _value(claim.lhs, env), _value(claim.rhs, env)
    with mpmath.workdps(60):
        gap = lhs - rhs
        scale = tol * (1 + abs(lhs) + abs(rhs))
        if claim.rel_op == "==":
            assert abs(gap) > scale, f"{claim}: both sides equal {lhs} at {cex}"
            return
        assert abs(mpmath.im(gap)) <= scale, f"{claim}: a side is not real at {cex}"
        gap = mpmath.re(gap)
        violated = {"<": gap >= -scale, "<=": gap > scale, ">": gap <= scale,
                    ">=": gap < -scale, "!=": abs(gap) <= scale}[claim.rel_op]
        assert violated, f"{claim} holds at the counterexample {cex}: {lhs} vs {rhs}"

"""Maximum entropy with a mean constraint gives the Gibbs distribution, and softmax at λ₂ = −1.

Main statements:
    * The maximizer of ``H(p) = -Σ_i p_i log p_i`` subject to ``Σ_i p_i = 1`` and
      ``Σ_i p_i z_i = μ`` is ``p_k = exp(-λ₂ z_k) / Σ_i exp(-λ₂ z_i)`` with
      ``λ₁ = log Σ_i exp(-λ₂ z_i) - 1``; at ``λ₂ = -1`` this is ``softmax(z)_k``.
    * ``dμ/dλ₂ = -Var_p(z) <= 0``: the mean is non-increasing in ``λ₂``, and
      strictly decreasing unless all ``z_i`` are equal (the variance, a sum of
      ``p_j (z_j - μ)²`` with every ``p_j > 0``, vanishes only then).  It tends
      to ``max z`` as ``λ₂ → -∞`` and to ``min z`` as ``λ₂ → +∞``, so each ``μ``
      strictly between ``min z`` and ``max z`` is reached by exactly one ``λ₂``;
      ``λ₂ = -1`` belongs to ``μ = Σ_i z_i softmax(z)_i``.
    * Limits: ``λ₂ → -∞`` puts mass ``1/m`` on each of the ``m`` tied maxima of ``z``
      and 0 elsewhere, and ``Σ_i p_i z_i → max z``; ``λ₂ → +∞`` does the same at the
      minima, and ``Σ_i p_i z_i → min z``; ``λ₂ → 0`` gives the uniform distribution.

Notation and assumptions:
    ``z_i`` real, ``p_i > 0``, ``L = H - λ₁ (Σ p_i - 1) - λ₂ (Σ p_i z_i - μ)``
    (the sign convention of the source).  For the limits, the entries of ``z``
    are split into ``m`` maxima equal to ``z_max`` and ``r`` others
    ``z_max - g_q`` with gaps ``g_q > 0`` (for the minima, ``z_min + g_q``).

Implementation notes:
    ``sympy.limit`` cannot take limits of expressions with free ``z`` and
    symbolic ``n``; the limit steps work from the ratios
    ``p_i / p_j = exp(-λ₂ (z_i - z_j))``, a one-variable limit per gap, the sum
    rule for finitely many terms, and continuity.

References:
    Source 000 ("Softmax and Lagrange Multipliers"), section solving the
    original problem, and its closing note on the hard max.
"""
from __future__ import annotations

import mpmath
from sympy import (Derivative, Eq, Ge, Gt, Idx, Lt, IndexedBase, KroneckerDelta, Lambda, Limit, Sum,
                   Symbol, exp, log, oo)

from derive.derivation.lagrange import Constraint, Problem, constraint_sum
from derive.derivation.model import Derivation, Step
from derive.numeric.kernels import logsumexp, softmax
from derive.numeric.spec import Case, CrossCheck
from derive.symbols import i, j, k, lambda1, lambda2, mu, n, ordered, p, z

L = Symbol("L")
H = -Sum(p[i] * log(p[i]), (i, 1, n))
Z = Sum(exp(-lambda2 * z[i]), (i, 1, n))          # the partition sum
NORMALIZATION = Eq(Sum(p[i], (i, 1, n)), 1)


def gibbs(q):
    """The derived maximizer at entry ``q``."""
    return exp(-lambda2 * z[q]) / Z


MEAN = Sum(z[i] * exp(-lambda2 * z[i]), (i, 1, n)) / Z
SECOND_MOMENT = Sum(z[i] ** 2 * exp(-lambda2 * z[i]), (i, 1, n)) / Z
SOFTMAX_K = exp(z[k]) / Sum(exp(z[i]), (i, 1, n))

PROBLEM = Problem(
    name="maxent_gibbs", sense="max", objective=H, family=p, index=i,
    constraints=(Constraint("normalization", constraint_sum(p, i), 1, lambda1),
                 Constraint("mean", constraint_sum(p, i, z[i]), mu, lambda2)),
)

# Symbols for the limits: m tied extreme entries, r others at gaps g_q > 0.
ties = Symbol("m", integer=True, positive=True)
r = Symbol("r", integer=True, nonnegative=True)
q = Idx("q", (1, r))
g = IndexedBase("g", positive=True)
z_max = Symbol("z_max", real=True)
z_min = Symbol("z_min", real=True)
gap = Symbol("gamma", positive=True)
s, s2 = Symbol("s", nonnegative=True), Symbol("s_2", nonnegative=True)
TAIL_LOW = Sum(exp(lambda2 * g[q]), (q, 1, r))      # -> 0 as lambda2 -> -oo
TAIL_HIGH = Sum(exp(-lambda2 * g[q]), (q, 1, r))    # -> 0 as lambda2 -> +oo

_derivation = (
    Step("lagrangian_is_entropy_minus_both_constraints", "lagrangian",
         Eq(L, H - lambda1 * (Sum(p[i], (i, 1, n)) - 1) - lambda2 * (Sum(p[i] * z[i], (i, 1, n)) - mu)),
         args=(("problem", PROBLEM),),
         display=Eq(L, ordered(H, -lambda1 * ordered(Sum(p[i], (i, 1, n)), -1),
                               -lambda2 * ordered(Sum(p[i] * z[i], (i, 1, n)), -mu)))),
    Step("derivative_in_p_k_is_minus_log_p_k_minus_1_minus_lambda1_minus_lambda2_z_k", "differentiate",
         Eq(Derivative(L, p[k]), -log(p[k]) - 1 - lambda1 - lambda2 * z[k]),
         uses=("lagrangian_is_entropy_minus_both_constraints",), args=(("wrt", p[k]),),
         display=Eq(Derivative(L, p[k]), ordered(-log(p[k]), -1, -lambda1, -lambda2 * z[k]))),
    Step("stationarity_sets_that_derivative_to_zero", "stationary",
         Eq(-log(p[k]) - 1 - lambda1 - lambda2 * z[k], 0),
         uses=("derivative_in_p_k_is_minus_log_p_k_minus_1_minus_lambda1_minus_lambda2_z_k",),
         display=Eq(ordered(-log(p[k]), -1, -lambda1, -lambda2 * z[k]), 0)),
    Step("log_p_k_is_affine_in_z_k", "rearrange", Eq(log(p[k]), -1 - lambda1 - lambda2 * z[k]),
         uses=("stationarity_sets_that_derivative_to_zero",),
         display=Eq(log(p[k]), ordered(-1, -lambda1, -lambda2 * z[k]))),
    Step("p_k_is_exp_of_affine_in_z_k", "exponentiate", Eq(p[k], exp(-1 - lambda1 - lambda2 * z[k])),
         uses=("log_p_k_is_affine_in_z_k",)),
    Step("p_k_factors_into_constant_times_exp_of_minus_lambda2_z_k", "rearrange",
         Eq(p[k], exp(-1 - lambda1) * exp(-lambda2 * z[k])), uses=("p_k_is_exp_of_affine_in_z_k",)),
    Step("normalization_gives_constant_times_partition_sum_equals_1", "into_constraint",
         Eq(Sum(exp(-1 - lambda1) * exp(-lambda2 * z[i]), (i, 1, n)), 1),
         uses=("p_k_factors_into_constant_times_exp_of_minus_lambda2_z_k",),
         args=(("constraint", NORMALIZATION),)),
    Step("constant_is_reciprocal_of_partition_sum", "multiply", Eq(exp(-1 - lambda1), 1 / Z),
         uses=("normalization_gives_constant_times_partition_sum_equals_1",), args=(("factor", 1 / Z),)),
    Step("lambda1_is_log_partition_sum_minus_1", "solve_for", Eq(lambda1, log(Z) - 1),
         uses=("constant_is_reciprocal_of_partition_sum",), args=(("unknown", lambda1),)),
    Step("p_k_is_gibbs_distribution", "substitute", Eq(p[k], gibbs(k)),
         uses=("constant_is_reciprocal_of_partition_sum",
               "p_k_factors_into_constant_times_exp_of_minus_lambda2_z_k")),
    Step("lambda2_equal_minus_1_gives_softmax", "specialize", Eq(p[k], SOFTMAX_K),
         uses=("p_k_is_gibbs_distribution",), args=(("values", ((lambda2, -1),)),)),
)

_optimality = (
    Step("hessian_of_entropy_is_minus_delta_kj_over_p_k", "identity",
         Eq(Derivative(H, p[k], p[j]), -KroneckerDelta(k, j) / p[k]), section="optimality"),
    Step("hessian_diagonal_entries_are_negative", "inequality", Lt(-1 / p[k], 0, evaluate=False),
         section="optimality"),
    Step("maximizer_is_interior_so_nonnegativity_is_inactive", "inequality", Gt(gibbs(k), 0, evaluate=False),
         section="optimality"),
    Step("mean_derivative_in_lambda2_is_minus_variance", "identity",
         Eq(Derivative(MEAN, lambda2), -(SECOND_MOMENT - MEAN ** 2)), section="optimality"),
    Step("gibbs_weights_sum_to_one", "identity", Eq(Sum(gibbs(j), (j, 1, n)), 1),
         section="optimality"),
    Step("variance_is_mean_squared_deviation_for_weights_summing_to_one", "identity",
         Eq(Sum(p[i] * z[i] ** 2, (i, 1, n)) - Sum(p[i] * z[i], (i, 1, n)) ** 2,
            Sum(p[j] * (z[j] - Sum(p[i] * z[i], (i, 1, n))) ** 2, (j, 1, n))),
         args=(("given", (NORMALIZATION,)),), section="optimality"),
    Step("variance_is_nonnegative", "inequality",
         Ge(Sum(p[j] * (z[j] - Sum(p[i] * z[i], (i, 1, n))) ** 2, (j, 1, n)), 0, evaluate=False),
         section="optimality"),
    Step("lambda2_equal_minus_1_belongs_to_softmax_mean", "identity",
         Eq(MEAN.subs(lambda2, -1), Sum(z[j] * exp(z[j]), (j, 1, n)) / Sum(exp(z[i]), (i, 1, n))),
         section="optimality"),
)

_limits = (
    Step("ratio_of_two_entries_is_exp_of_minus_lambda2_times_difference", "identity",
         Eq(gibbs(j) / gibbs(k), exp(-lambda2 * (z[j] - z[k]))), section="limits"),
    Step("entry_below_the_max_vanishes_relative_to_the_max", "limit",
         Eq(Limit(exp(lambda2 * gap), lambda2, -oo), 0), section="limits"),
    Step("each_gap_term_vanishes_as_lambda2_to_minus_infinity", "limit",
         Eq(Limit(exp(lambda2 * g[q]), lambda2, -oo), 0), section="limits"),
    Step("tail_sum_vanishes_as_lambda2_to_minus_infinity", "finite_sum_of_limits",
         Eq(Limit(TAIL_LOW, lambda2, -oo), 0),
         uses=("each_gap_term_vanishes_as_lambda2_to_minus_infinity",), section="limits"),
    Step("a_maximal_entry_is_one_over_m_plus_tail", "identity",
         Eq(exp(-lambda2 * z_max) / (ties * exp(-lambda2 * z_max)
                                     + Sum(exp(-lambda2 * (z_max - g[q])), (q, 1, r))),
            1 / (ties + TAIL_LOW)), section="limits"),
    Step("each_maximal_entry_tends_to_one_over_m", "continuity",
         Eq(Limit(1 / (ties + TAIL_LOW), lambda2, -oo), 1 / ties),
         uses=("tail_sum_vanishes_as_lambda2_to_minus_infinity",),
         args=(("F", Lambda(s, 1 / (ties + s))),), section="limits"),
    Step("a_non_maximal_entry_is_its_ratio_times_a_maximal_entry", "identity",
         Eq(exp(-lambda2 * (z_max - gap)) / (ties * exp(-lambda2 * z_max)
                                             + Sum(exp(-lambda2 * (z_max - g[q])), (q, 1, r))),
            exp(lambda2 * gap) / (ties + TAIL_LOW)), section="limits"),
    Step("each_non_maximal_entry_tends_to_zero", "continuity",
         Eq(Limit(exp(lambda2 * gap) / (ties + TAIL_LOW), lambda2, -oo), 0),
         uses=("entry_below_the_max_vanishes_relative_to_the_max",
               "tail_sum_vanishes_as_lambda2_to_minus_infinity"),
         args=(("F", Lambda((s2, s), s2 / (ties + s))),), section="limits"),
    Step("mean_is_max_minus_weighted_gaps", "identity",
         Eq((ties * z_max * exp(-lambda2 * z_max)
             + Sum((z_max - g[q]) * exp(-lambda2 * (z_max - g[q])), (q, 1, r)))
            / (ties * exp(-lambda2 * z_max) + Sum(exp(-lambda2 * (z_max - g[q])), (q, 1, r))),
            z_max - Sum(g[q] * exp(lambda2 * g[q]), (q, 1, r)) / (ties + TAIL_LOW)),
         section="limits"),
    Step("each_weighted_gap_vanishes", "limit",
         Eq(Limit(g[q] * exp(lambda2 * g[q]), lambda2, -oo), 0), section="limits"),
    Step("weighted_gap_sum_vanishes", "finite_sum_of_limits",
         Eq(Limit(Sum(g[q] * exp(lambda2 * g[q]), (q, 1, r)), lambda2, -oo), 0),
         uses=("each_weighted_gap_vanishes",), section="limits"),
    Step("mean_tends_to_max_z", "continuity",
         Eq(Limit(z_max - Sum(g[q] * exp(lambda2 * g[q]), (q, 1, r)) / (ties + TAIL_LOW), lambda2, -oo),
            z_max),
         uses=("weighted_gap_sum_vanishes", "tail_sum_vanishes_as_lambda2_to_minus_infinity"),
         args=(("F", Lambda((s2, s), z_max - s2 / (ties + s))),), section="limits"),
    Step("each_gap_term_vanishes_as_lambda2_to_plus_infinity", "limit",
         Eq(Limit(exp(-lambda2 * g[q]), lambda2, oo), 0), section="limits"),
    Step("tail_sum_vanishes_as_lambda2_to_plus_infinity", "finite_sum_of_limits",
         Eq(Limit(TAIL_HIGH, lambda2, oo), 0),
         uses=("each_gap_term_vanishes_as_lambda2_to_plus_infinity",), section="limits"),
    Step("a_minimal_entry_is_one_over_m_plus_tail", "identity",
         Eq(exp(-lambda2 * z_min) / (ties * exp(-lambda2 * z_min)
                                     + Sum(exp(-lambda2 * (z_min + g[q])), (q, 1, r))),
            1 / (ties + TAIL_HIGH)), section="limits"),
    Step("each_minimal_entry_tends_to_one_over_m", "continuity",
         Eq(Limit(1 / (ties + TAIL_HIGH), lambda2, oo), 1 / ties),
         uses=("tail_sum_vanishes_as_lambda2_to_plus_infinity",),
         args=(("F", Lambda(s, 1 / (ties + s))),), section="limits"),
    Step("mean_is_min_plus_weighted_gaps", "identity",
         Eq((ties * z_min * exp(-lambda2 * z_min)
             + Sum((z_min + g[q]) * exp(-lambda2 * (z_min + g[q])), (q, 1, r)))
            / (ties * exp(-lambda2 * z_min) + Sum(exp(-lambda2 * (z_min + g[q])), (q, 1, r))),
            z_min + Sum(g[q] * exp(-lambda2 * g[q]), (q, 1, r)) / (ties + TAIL_HIGH)),
         section="limits"),
    Step("each_weighted_gap_vanishes_as_lambda2_to_plus_infinity", "limit",
         Eq(Limit(g[q] * exp(-lambda2 * g[q]), lambda2, oo), 0), section="limits"),
    Step("weighted_gap_sum_vanishes_as_lambda2_to_plus_infinity", "finite_sum_of_limits",
         Eq(Limit(Sum(g[q] * exp(-lambda2 * g[q]), (q, 1, r)), lambda2, oo), 0),
         uses=("each_weighted_gap_vanishes_as_lambda2_to_plus_infinity",), section="limits"),
    Step("mean_tends_to_min_z", "continuity",
         Eq(Limit(z_min + Sum(g[q] * exp(-lambda2 * g[q]), (q, 1, r)) / (ties + TAIL_HIGH), lambda2, oo),
            z_min),
         uses=("weighted_gap_sum_vanishes_as_lambda2_to_plus_infinity",
               "tail_sum_vanishes_as_lambda2_to_plus_infinity"),
         args=(("F", Lambda((s2, s), z_min + s2 / (ties + s))),), section="limits"),
    Step("lambda2_to_zero_gives_uniform", "continuity",
         Eq(Limit(gibbs(k), lambda2, 0), 1 / n),
         args=(("F", Lambda(lambda2, gibbs(k))),), section="limits"),
)



def _cases(n, rng):
    """Scores z ~ N(0, 4) and a mean between their extremes; for n >= 2 also the mean of z
    under softmax(z), which must give lambda_2 = -1.  At n = 1 both constraints say p_1 = 1
    and only the stationarity condition pins the multipliers down."""
    scores = rng.normal(0.0, 2.0, n)
    if n == 1:
        return [Case({z: scores, mu: float(scores[0])})]
    target = float(scores.min() + (scores.max() - scores.min()) * rng.uniform(0.1, 0.9))
    with mpmath.workdps(60):
        weights = [mpmath.exp(mpmath.mpf(float(v))) for v in scores]
        mean = mpmath.fsum(w * float(v) for w, v in zip(weights, scores)) / mpmath.fsum(weights)
    return [Case({z: scores, mu: target}),
            Case({z: scores, mu: mean}, label="softmax_mean", expect=((lambda2, -1),))]


def _reference(n, values, unknowns):
    """softmax(-lambda_2 z) and logsumexp(-lambda_2 z) - 1 from derive.numeric."""
    scaled = -unknowns[lambda2] * values[z]
    return softmax(scaled), {lambda1: logsumexp(scaled) - 1.0}


DERIVATION = Derivation(
    name="maxent_gibbs",
    title="Maximum entropy with a mean constraint: the Gibbs distribution and softmax",
    summary="Maximizing entropy under normalization and a fixed mean gives probabilities "
            "proportional to the exponential of −λ₂ times the score (the Gibbs distribution); "
            "at λ₂ = −1 this is the softmax of the scores.",
    sources=("000",),
    steps=_derivation + _optimality + _limits,
    dimension=n,
    numeric=CrossCheck(PROBLEM, optimizer="p_k_is_gibbs_distribution",
                       stationarity="stationarity_sets_that_derivative_to_zero",
                       multipliers=((lambda1, "lambda1_is_log_partition_sum_minus_1"), (lambda2, None)),
                       unknowns=((lambda2, "mean"),), cases=_cases, reference=_reference),
)

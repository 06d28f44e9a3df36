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
from sympy import (Derivative, Ge, Gt, Idx, Lt, IndexedBase, KroneckerDelta, Lambda, Limit, Sum,
                   Symbol, exp, log, oo)

from derive.derivation.lagrange import Constraint, Problem, constraint_sum
from derive.catalogue.identity import equation as Eq    # unevaluated: see its docstring
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
                               -lambda2 * ordered(Sum(p[i] * z[i], (i, 1, n)), -mu))),
         caption="the entropy minus each constraint's residual times its multiplier"),
    Step("derivative_in_p_k_is_minus_log_p_k_minus_1_minus_lambda1_minus_lambda2_z_k", "differentiate",
         Eq(Derivative(L, p[k]), -log(p[k]) - 1 - lambda1 - lambda2 * z[k]),
         uses=("lagrangian_is_entropy_minus_both_constraints",), args=(("wrt", p[k]),),
         display=Eq(Derivative(L, p[k]), ordered(-log(p[k]), -1, -lambda1, -lambda2 * z[k])),
         caption="differentiate in $p_k$; of each sum only the term $i = k$ depends on $p_k$"),
    Step("stationarity_sets_that_derivative_to_zero", "stationary",
         Eq(-log(p[k]) - 1 - lambda1 - lambda2 * z[k], 0),
         uses=("derivative_in_p_k_is_minus_log_p_k_minus_1_minus_lambda1_minus_lambda2_z_k",),
         display=Eq(ordered(-log(p[k]), -1, -lambda1, -lambda2 * z[k]), 0),
         caption="an interior maximizer is a stationary point of $L$"),
    Step("log_p_k_is_affine_in_z_k", "rearrange", Eq(log(p[k]), -1 - lambda1 - lambda2 * z[k]),
         uses=("stationarity_sets_that_derivative_to_zero",),
         display=Eq(log(p[k]), ordered(-1, -lambda1, -lambda2 * z[k])),
         caption=r"solve for $\log p_k$: it is affine in $z_k$"),
    Step("p_k_is_exp_of_affine_in_z_k", "exponentiate", Eq(p[k], exp(-1 - lambda1 - lambda2 * z[k])),
         uses=("log_p_k_is_affine_in_z_k",),
         caption=r"exponentiate; $e^{\log p_k} = p_k$ since $p_k > 0$"),
    Step("p_k_factors_into_constant_times_exp_of_minus_lambda2_z_k", "rearrange",
         Eq(p[k], exp(-1 - lambda1) * exp(-lambda2 * z[k])), uses=("p_k_is_exp_of_affine_in_z_k",),
         caption="split the exponential of a sum; the first factor is the same for every $k$"),
    Step("normalization_gives_constant_times_partition_sum_equals_1", "into_constraint",
         Eq(Sum(exp(-1 - lambda1) * exp(-lambda2 * z[i]), (i, 1, n)), 1),
         uses=("p_k_factors_into_constant_times_exp_of_minus_lambda2_z_k",),
         args=(("constraint", NORMALIZATION),),
         caption=(r"put {p_k_factors_into_constant_times_exp_of_minus_lambda2_z_k} into $\sum_i "
                  r"p_i = 1$")),
    Step("constant_is_reciprocal_of_partition_sum", "multiply", Eq(exp(-1 - lambda1), 1 / Z),
         uses=("normalization_gives_constant_times_partition_sum_equals_1",), args=(("factor", 1 / Z),),
         caption=r"divide by the partition sum $\sum_i e^{-\lambda_2 z_i}$, which is positive"),
    Step("lambda1_is_log_partition_sum_minus_1", "solve_for", Eq(lambda1, log(Z) - 1),
         uses=("constant_is_reciprocal_of_partition_sum",), args=(("unknown", lambda1),),
         caption=(r"take logarithms; $e^{-1-\lambda_1}$ is strictly decreasing in $\lambda_1$, so"
                  r" this is the only solution")),
    Step("p_k_is_gibbs_distribution", "substitute", Eq(p[k], gibbs(k)),
         uses=("constant_is_reciprocal_of_partition_sum",
               "p_k_factors_into_constant_times_exp_of_minus_lambda2_z_k"),
         caption=("put {constant_is_reciprocal_of_partition_sum} into "
                  "{p_k_factors_into_constant_times_exp_of_minus_lambda2_z_k}: the Gibbs "
                  "distribution")),
    Step("lambda2_equal_minus_1_gives_softmax", "specialize", Eq(p[k], SOFTMAX_K),
         uses=("p_k_is_gibbs_distribution",), args=(("values", ((lambda2, -1),)),),
         caption=(r"at $\lambda_2 = -1$ the weights are $e^{z_k}$: this is "
                  r"$\operatorname{softmax}(z)_k$")),
)

_optimality = (
    Step("hessian_of_entropy_is_minus_delta_kj_over_p_k", "identity",
         Eq(Derivative(H, p[k], p[j]), -KroneckerDelta(k, j) / p[k]), section="optimality",
         caption=("differentiate $H$ twice; each of its terms holds a single $p_i$, so only the "
                  "diagonal is nonzero")),
    Step("hessian_diagonal_entries_are_negative", "inequality", Lt(-1 / p[k], 0, evaluate=False),
         section="optimality",
         caption=("each diagonal entry is negative where $p_k > 0$: $H$ is strictly concave on "
                  "the open simplex")),
    Step("maximizer_is_interior_so_nonnegativity_is_inactive", "inequality", Gt(gibbs(k), 0, evaluate=False),
         section="optimality",
         caption=r"every Gibbs weight is positive, so the bounds $p_i \geq 0$ are inactive"),
    Step("mean_derivative_in_lambda2_is_minus_variance", "identity",
         Eq(Derivative(MEAN, lambda2), -(SECOND_MOMENT - MEAN ** 2)), section="optimality",
         caption=(r"the quotient rule for the mean $\mu(\lambda_2)$ under the Gibbs weights gives"
                  r" minus their variance of $z$")),
    Step("gibbs_weights_sum_to_one", "identity", Eq(Sum(gibbs(j), (j, 1, n)), 1),
         section="optimality",
         caption="the weights of {p_k_is_gibbs_distribution} are a distribution"),
    Step("variance_is_mean_squared_deviation_for_weights_summing_to_one", "identity",
         Eq(Sum(p[i] * z[i] ** 2, (i, 1, n)) - Sum(p[i] * z[i], (i, 1, n)) ** 2,
            Sum(p[j] * (z[j] - Sum(p[i] * z[i], (i, 1, n))) ** 2, (j, 1, n))),
         args=(("given", (NORMALIZATION,)),), section="optimality",
         caption=("for weights that sum to one, second moment minus squared mean is the mean "
                  "squared deviation")),
    Step("variance_is_nonnegative", "inequality",
         Ge(Sum(p[j] * (z[j] - Sum(p[i] * z[i], (i, 1, n))) ** 2, (j, 1, n)), 0, evaluate=False),
         section="optimality",
         caption=(r"a sum of products of nonnegative factors; with "
                  r"{mean_derivative_in_lambda2_is_minus_variance}, $\mu$ does not increase with "
                  r"$\lambda_2$")),
    Step("lambda2_equal_minus_1_belongs_to_softmax_mean", "identity",
         Eq(MEAN.subs(lambda2, -1), Sum(z[j] * exp(z[j]), (j, 1, n)) / Sum(exp(z[i]), (i, 1, n))),
         section="optimality",
         caption=r"at $\lambda_2 = -1$ the attained mean is the mean of $z$ under softmax"),
)

_limits = (
    Step("ratio_of_two_entries_is_exp_of_minus_lambda2_times_difference", "identity",
         Eq(gibbs(j) / gibbs(k), exp(-lambda2 * (z[j] - z[k]))), section="limits",
         caption="the partition sum cancels in the ratio of two entries"),
    Step("entry_below_the_max_vanishes_relative_to_the_max", "limit",
         Eq(Limit(exp(lambda2 * gap), lambda2, -oo), 0), section="limits",
         caption=r"a gap $\gamma > 0$: $e^{\lambda_2 \gamma} \to 0$ as $\lambda_2 \to -\infty$"),
    Step("each_gap_term_vanishes_as_lambda2_to_minus_infinity", "limit",
         Eq(Limit(exp(lambda2 * g[q]), lambda2, -oo), 0), section="limits",
         caption="likewise for each gap $g_q > 0$"),
    Step("tail_sum_vanishes_as_lambda2_to_minus_infinity", "finite_sum_of_limits",
         Eq(Limit(TAIL_LOW, lambda2, -oo), 0),
         uses=("each_gap_term_vanishes_as_lambda2_to_minus_infinity",), section="limits",
         caption="a sum of $r$ terms, each tending to $0$"),
    Step("a_maximal_entry_is_one_over_m_plus_tail", "identity",
         Eq(exp(-lambda2 * z_max) / (ties * exp(-lambda2 * z_max)
                                     + Sum(exp(-lambda2 * (z_max - g[q])), (q, 1, r))),
            1 / (ties + TAIL_LOW)), section="limits",
         caption=(r"divide numerator and denominator by $e^{-\lambda_2 z_{\max}}$; the $m$ maxima"
                  r" give $m$")),
    Step("each_maximal_entry_tends_to_one_over_m", "continuity",
         Eq(Limit(1 / (ties + TAIL_LOW), lambda2, -oo), 1 / ties),
         uses=("tail_sum_vanishes_as_lambda2_to_minus_infinity",),
         args=(("F", Lambda(s, 1 / (ties + s))),), section="limits",
         caption=r"$s \mapsto 1/(m + s)$ is continuous at $s = 0$"),
    Step("a_non_maximal_entry_is_its_ratio_times_a_maximal_entry", "identity",
         Eq(exp(-lambda2 * (z_max - gap)) / (ties * exp(-lambda2 * z_max)
                                             + Sum(exp(-lambda2 * (z_max - g[q])), (q, 1, r))),
            exp(lambda2 * gap) / (ties + TAIL_LOW)), section="limits",
         caption=(r"an entry $\gamma$ below the maximum, divided likewise by $e^{-\lambda_2 "
                  r"z_{\max}}$")),
    Step("each_non_maximal_entry_tends_to_zero", "continuity",
         Eq(Limit(exp(lambda2 * gap) / (ties + TAIL_LOW), lambda2, -oo), 0),
         uses=("entry_below_the_max_vanishes_relative_to_the_max",
               "tail_sum_vanishes_as_lambda2_to_minus_infinity"),
         args=(("F", Lambda((s2, s), s2 / (ties + s))),), section="limits",
         caption=r"$(s_2, s) \mapsto s_2/(m + s)$ is continuous at $(0, 0)$"),
    Step("mean_is_max_minus_weighted_gaps", "identity",
         Eq((ties * z_max * exp(-lambda2 * z_max)
             + Sum((z_max - g[q]) * exp(-lambda2 * (z_max - g[q])), (q, 1, r)))
            / (ties * exp(-lambda2 * z_max) + Sum(exp(-lambda2 * (z_max - g[q])), (q, 1, r))),
            z_max - Sum(g[q] * exp(lambda2 * g[q]), (q, 1, r)) / (ties + TAIL_LOW)),
         section="limits",
         caption=(r"the mean, with the entries $z_{\max} - g_q$, divided by $e^{-\lambda_2 "
                  r"z_{\max}}$")),
    Step("each_weighted_gap_vanishes", "limit",
         Eq(Limit(g[q] * exp(lambda2 * g[q]), lambda2, -oo), 0), section="limits",
         caption=r"$g_q e^{\lambda_2 g_q} \to 0$ since $g_q > 0$"),
    Step("weighted_gap_sum_vanishes", "finite_sum_of_limits",
         Eq(Limit(Sum(g[q] * exp(lambda2 * g[q]), (q, 1, r)), lambda2, -oo), 0),
         uses=("each_weighted_gap_vanishes",), section="limits",
         caption="a sum of $r$ terms, each tending to $0$"),
    Step("mean_tends_to_max_z", "continuity",
         Eq(Limit(z_max - Sum(g[q] * exp(lambda2 * g[q]), (q, 1, r)) / (ties + TAIL_LOW), lambda2, -oo),
            z_max),
         uses=("weighted_gap_sum_vanishes", "tail_sum_vanishes_as_lambda2_to_minus_infinity"),
         args=(("F", Lambda((s2, s), z_max - s2 / (ties + s))),), section="limits",
         caption=r"$(s_2, s) \mapsto z_{\max} - s_2/(m + s)$ is continuous at $(0, 0)$"),
    Step("each_gap_term_vanishes_as_lambda2_to_plus_infinity", "limit",
         Eq(Limit(exp(-lambda2 * g[q]), lambda2, oo), 0), section="limits",
         caption=r"for $\lambda_2 \to +\infty$: $e^{-\lambda_2 g_q} \to 0$ since $g_q > 0$"),
    Step("tail_sum_vanishes_as_lambda2_to_plus_infinity", "finite_sum_of_limits",
         Eq(Limit(TAIL_HIGH, lambda2, oo), 0),
         uses=("each_gap_term_vanishes_as_lambda2_to_plus_infinity",), section="limits",
         caption="a sum of $r$ terms, each tending to $0$"),
    Step("a_minimal_entry_is_one_over_m_plus_tail", "identity",
         Eq(exp(-lambda2 * z_min) / (ties * exp(-lambda2 * z_min)
                                     + Sum(exp(-lambda2 * (z_min + g[q])), (q, 1, r))),
            1 / (ties + TAIL_HIGH)), section="limits",
         caption=(r"divide numerator and denominator by $e^{-\lambda_2 z_{\min}}$; the $m$ minima"
                  r" give $m$")),
    Step("each_minimal_entry_tends_to_one_over_m", "continuity",
         Eq(Limit(1 / (ties + TAIL_HIGH), lambda2, oo), 1 / ties),
         uses=("tail_sum_vanishes_as_lambda2_to_plus_infinity",),
         args=(("F", Lambda(s, 1 / (ties + s))),), section="limits",
         caption=r"$s \mapsto 1/(m + s)$ is continuous at $s = 0$"),
    Step("mean_is_min_plus_weighted_gaps", "identity",
         Eq((ties * z_min * exp(-lambda2 * z_min)
             + Sum((z_min + g[q]) * exp(-lambda2 * (z_min + g[q])), (q, 1, r)))
            / (ties * exp(-lambda2 * z_min) + Sum(exp(-lambda2 * (z_min + g[q])), (q, 1, r))),
            z_min + Sum(g[q] * exp(-lambda2 * g[q]), (q, 1, r)) / (ties + TAIL_HIGH)),
         section="limits",
         caption=(r"the mean, with the entries $z_{\min} + g_q$, divided by $e^{-\lambda_2 "
                  r"z_{\min}}$")),
    Step("each_weighted_gap_vanishes_as_lambda2_to_plus_infinity", "limit",
         Eq(Limit(g[q] * exp(-lambda2 * g[q]), lambda2, oo), 0), section="limits",
         caption=r"$g_q e^{-\lambda_2 g_q} \to 0$ since $g_q > 0$"),
    Step("weighted_gap_sum_vanishes_as_lambda2_to_plus_infinity", "finite_sum_of_limits",
         Eq(Limit(Sum(g[q] * exp(-lambda2 * g[q]), (q, 1, r)), lambda2, oo), 0),
         uses=("each_weighted_gap_vanishes_as_lambda2_to_plus_infinity",), section="limits",
         caption="a sum of $r$ terms, each tending to $0$"),
    Step("mean_tends_to_min_z", "continuity",
         Eq(Limit(z_min + Sum(g[q] * exp(-lambda2 * g[q]), (q, 1, r)) / (ties + TAIL_HIGH), lambda2, oo),
            z_min),
         uses=("weighted_gap_sum_vanishes_as_lambda2_to_plus_infinity",
               "tail_sum_vanishes_as_lambda2_to_plus_infinity"),
         args=(("F", Lambda((s2, s), z_min + s2 / (ties + s))),), section="limits",
         caption=r"$(s_2, s) \mapsto z_{\min} + s_2/(m + s)$ is continuous at $(0, 0)$"),
    Step("lambda2_to_zero_gives_uniform", "continuity",
         Eq(Limit(gibbs(k), lambda2, 0), 1 / n),
         args=(("F", Lambda(lambda2, gibbs(k))),), section="limits",
         caption=(r"{p_k_is_gibbs_distribution} is continuous in $\lambda_2$ and every weight "
                  r"tends to $e^{0} = 1$")),
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
    assumptions=(
        r"$n \geq 1$, the scores $z_1, \dots, z_n$ are real, and $p_1, \dots, p_n > 0$.",
        r"The constraints are $\sum_i p_i = 1$ and $\sum_i p_i z_i = \mu$, and "
        r"$L = H - \lambda_1 (\sum_i p_i - 1) - \lambda_2 (\sum_i p_i z_i - \mu)$, "
        r"with the signs of the source.",
        r"For the limits: $m \geq 1$ entries of $z$ equal its largest value $z_{\max}$ and "
        r"the $r \geq 0$ others are $z_{\max} - g_q$ with gaps $g_q > 0$ (for "
        r"$\lambda_2 \to +\infty$ the same with the smallest value $z_{\min}$ and $z_{\min} + g_q$).",
    ),
    statement=(r"Then a stationary point of $L$ is the Gibbs distribution "
               r"{=p_k_is_gibbs_distribution} with {=lambda1_is_log_partition_sum_minus_1}, and it "
               r"is the only maximizer of $H$ under both constraints for the mean $\mu$ it "
               r"attains. At $\lambda_2 = -1$ it is softmax, {=lambda2_equal_minus_1_gives_softmax}. "
               r"The attained mean does not increase with $\lambda_2$: its derivative is minus a "
               r"variance. As $\lambda_2 \to -\infty$ each of the $m$ largest entries of $p$ tends "
               r"to $1/m$, every other entry to $0$, and the mean to $z_{\max}$; as "
               r"$\lambda_2 \to +\infty$ each of the $m$ smallest tends to $1/m$ and the mean to "
               r"$z_{\min}$; as $\lambda_2 \to 0^{+}$ every entry tends to $1/n$."),
    notes=(
        ("derivation", r"At a maximizer with positive entries the Lagrangian is stationary; "
                       r"the stationarity condition and the normalization give $p$ and "
                       r"$\lambda_1$ in terms of $\lambda_2$."),
        ("optimality", r"$H$ is strictly concave and the constraints are affine, so the "
                       r"stationary point is the only maximizer. Which $\lambda_2$ goes with "
                       r"a given $\mu$: the attained mean is monotone in $\lambda_2$."),
        ("limits", r"$z$ is split into its extreme entries and the others, at gaps $g_q > 0$ "
                   r"(assumption (A3)). Every limit is then one of finitely many exponentials "
                   r"of $\lambda_2$ times a positive gap, and continuity carries it through "
                   r"sums and quotients."),
    ),
    result="lambda2_equal_minus_1_gives_softmax",
    numeric_labels=(
        ("maxent_gibbs.optimizer", r"solver's maximizer vs $p_k = e^{-\lambda_2 z_k} / \sum_j "
                                   r"e^{-\lambda_2 z_j}$"),
        ("maxent_gibbs.multipliers", r"solver's multipliers vs $\lambda_1 = \log \sum_i "
                                     r"e^{-\lambda_2 z_i} - 1$ and the root $\lambda_2$"),
        ("maxent_gibbs.stationarity", r"stationarity at the solver's optimum and multipliers"),
        ("maxent_gibbs.reference", r"$p$ and $\lambda_1$ in double precision (softmax and "
                                   r"log-sum-exp of $-\lambda_2 z$) vs 50 digits"),
        ("maxent_gibbs.softmax_mean.optimizer", r"$\mu$ the mean of $z$ under softmax: solver's "
                                                r"maximizer vs $\operatorname{softmax}(z)$"),
        ("maxent_gibbs.softmax_mean.multipliers", r"the same $\mu$: solver's multipliers vs "
                                                  r"$\log \sum_i e^{z_i} - 1$ and $-1$"),
        ("maxent_gibbs.softmax_mean.stationarity", r"the same $\mu$: stationarity at the "
                                                   r"solver's optimum and multipliers"),
        ("maxent_gibbs.softmax_mean.root", r"the same $\mu$: the root of the mean equation vs "
                                           r"$\lambda_2 = -1$"),
        ("maxent_gibbs.softmax_mean.reference", r"the same $\mu$: softmax in double precision "
                                                r"vs 50 digits"),
    ),
)

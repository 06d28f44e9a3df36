"""Sparsemax: the Euclidean projection of the scores onto the simplex, from its KKT conditions.

The KKT conditions of ``min ½ Σ_i (p_i - z_i)²`` over the simplex leave
``p_k = max(z_k - τ, 0)``; with the scores sorted (the problem is symmetric in
its entries) the support is ``1..s`` and ``τ = (Σ_{j<=s} z_j - 1)/s``, and the
KKT conditions hold exactly when ``z_a > τ`` on it and ``z_b <= τ`` off it.
Strict convexity makes that point the unique minimizer.  Then the Jacobian on a
support region, invariance under a shift, and the argmax as ``T → 0+``.  The
statement and assumptions below say it in full; ``a, q`` range over ``1..s``,
``b`` over ``s+1..n``.

Reference: A. F. T. Martins and R. F. Astudillo, "From Softmax to Sparsemax: A
Sparse Model of Attention and Multi-Label Classification", ICML 2016.
"""
from __future__ import annotations

import numpy as np
from sympy import (Derivative, Gt, Idx, IndexedBase, KroneckerDelta, Le, Limit, Max, Or, Sum,
                   Symbol, oo)

from derive.derivation.lagrange import Constraint, Problem, constraint_sum
from derive.catalogue.identity import equation as Eq    # unevaluated: see its docstring
from derive.derivation.model import Derivation, Step
from derive.numeric.spec import Case, CrossCheck
from derive.symbols import c, i, j, k, n, z

h = Symbol("j", integer=True)                               # a summation index that may pass n

p = IndexedBase("p", real=True)
mu = IndexedBase("mu", real=True)
tau = Symbol("tau", real=True)
s = Symbol("s", integer=True, positive=True)                 # the support size
a, q = Idx("a", (1, s)), Idx("q", (1, s))                    # on the support
b = Idx("b", (s + 1, n))                                     # off the support
r = Idx("r", (1, n - 1))
T = Symbol("T", positive=True)
g = IndexedBase("g", positive=True)
t = Idx("t", (2, n))                                         # the non-top entries
L = Symbol("L")

OBJECTIVE = Sum((p[i] - z[i]) ** 2, (i, 1, n)) / 2
NORMALIZATION = Eq(Sum(p[i], (i, 1, n)), 1)
PROBLEM = Problem(
    name="sparsemax", sense="min", objective=OBJECTIVE, family=p, index=i,
    constraints=(Constraint("normalization", constraint_sum(p, i), 1, tau),
                 Constraint("nonnegativity", -p[i], 0, mu[i], kind="le", indexed=True)),
)
TAU_S = (Sum(z[h], (h, 1, s)) - 1) / s
STATIONARITY = p[k] - z[k] + tau - mu[k]


def support_test(m):
    """``1 + m z_m - Σ_{j<=m} z_j``: positive exactly when entry ``m`` is in the support of size ``m``."""
    return 1 + m * z[m] - Sum(z[h], (h, 1, m))


def _at(name, *maps):
    return tuple((name, ((k, v),)) for v in maps)


_derivation = (
    Step("lagrangian_is_half_squared_distance_plus_multiplier_terms", "lagrangian",
         Eq(L, OBJECTIVE + tau * (Sum(p[i], (i, 1, n)) - 1) - Sum(mu[i] * p[i], (i, 1, n))),
         args=(("problem", PROBLEM),),
         caption=r'Each constraint enters with its own multiplier: $\tau$ for the normalization, '
                 r'$\mu_i$ for $p_i \geq 0$.'),
    Step("derivative_in_p_k_is_p_k_minus_z_k_plus_tau_minus_mu_k", "differentiate",
         Eq(Derivative(L, p[k]), STATIONARITY),
         uses=("lagrangian_is_half_squared_distance_plus_multiplier_terms",), args=(("wrt", p[k]),),
         caption='Only the k-th term of each sum depends on $p_k$.'),
    Step("stationarity_sets_p_k_minus_z_k_plus_tau_minus_mu_k_to_zero", "stationary", Eq(STATIONARITY, 0),
         uses=("derivative_in_p_k_is_p_k_minus_z_k_plus_tau_minus_mu_k",),
         caption='Stationarity of the Lagrangian in every entry.'),
    Step("kkt_feasibility_and_complementary_slackness_at_k", "kkt",
         Eq(Sum(p[i], (i, 1, n)), 1) & (p[k] >= 0) & (mu[k] >= 0) & Eq(mu[k] * p[k], 0),
         args=(("problem", PROBLEM), ("at", k)),
         caption='The rest of the KKT system: the point is feasible, the inequality multiplier is '
                 'nonnegative, and it vanishes wherever its constraint is slack.'),
    Step("complementary_slackness_gives_mu_k_zero_or_p_k_zero", "zero_product",
         Or(Eq(mu[k], 0), Eq(p[k], 0)), uses=("kkt_feasibility_and_complementary_slackness_at_k",),
         caption='Complementary slackness leaves two cases for every entry.'),
    Step("p_k_is_max_of_z_k_minus_tau_and_0", "cases", Eq(p[k], Max(z[k] - tau, 0)),
         uses=("complementary_slackness_gives_mu_k_zero_or_p_k_zero",
               "stationarity_sets_p_k_minus_z_k_plus_tau_minus_mu_k_to_zero",
               "kkt_feasibility_and_complementary_slackness_at_k"),
         caption=r'If $\mu_k = 0$, stationarity gives $p_k = z_k - \tau$, which is nonnegative; if '
                 r'$p_k = 0$, it gives $\mu_k = \tau - z_k \geq 0$. Either way $p_k$ is the '
                 r'positive part of $z_k - \tau$.'),
    Step("number_the_entries_by_decreasing_score", "renumber", Le(z[r + 1], z[r]),
         args=(("problem", PROBLEM),),
         caption='Sort the scores once and for all: permuting the entries of $p$ and $z$ together '
                 'leaves the objective and the constraints unchanged.'),
    Step("entries_of_p_decrease_with_the_score", "follows", Le(p[r + 1], p[r]),
         uses=("p_k_is_max_of_z_k_minus_tau_and_0", "number_the_entries_by_decreasing_score"),
         args=(("at", _at("p_k_is_max_of_z_k_minus_tau_and_0", r, r + 1)),),
         caption=r'The positive part of $z_k - \tau$ is non-decreasing in $z_k$.'),
    Step("the_support_is_the_first_s_entries", "support", (p[a] > 0) & Eq(p[b], 0) & (s <= n),
         uses=("entries_of_p_decrease_with_the_score", "kkt_feasibility_and_complementary_slackness_at_k"),
         caption='Nonnegative, sorted entries summing to one are positive on an initial block; $s$ '
                 'counts it.'),
    Step("on_the_support_p_a_is_z_a_minus_tau_and_z_a_exceeds_tau", "follows",
         Eq(p[a], z[a] - tau) & Gt(z[a], tau),
         uses=("p_k_is_max_of_z_k_minus_tau_and_0", "the_support_is_the_first_s_entries"),
         args=(("at", _at("p_k_is_max_of_z_k_minus_tau_and_0", a)),),
         caption='A positive entry is the positive part of a positive number: necessity on the '
                 'support.'),
    Step("off_the_support_z_b_is_at_most_tau", "follows", Le(z[b], tau),
         uses=("p_k_is_max_of_z_k_minus_tau_and_0", "the_support_is_the_first_s_entries"),
         args=(("at", _at("p_k_is_max_of_z_k_minus_tau_and_0", b)),),
         caption='A zero entry is the positive part of a non-positive number: necessity off the '
                 'support.'),
    Step("normalization_on_the_support_gives_sum_of_z_j_minus_tau_equal_1", "into_constraint",
         Eq(Sum(z[h] - tau, (h, 1, s)), 1),
         uses=("on_the_support_p_a_is_z_a_minus_tau_and_z_a_exceeds_tau", "the_support_is_the_first_s_entries"),
         args=(("constraint", NORMALIZATION),),
         caption=r'Split the normalization at $s$: the support contributes $z_j - \tau$, the rest '
                 'nothing.'),
    Step("tau_is_mean_of_support_scores_minus_1_over_s", "solve_for", Eq(tau, TAU_S),
         uses=("normalization_on_the_support_gives_sum_of_z_j_minus_tau_equal_1",), args=(("unknown", tau),),
         caption=r'The equation is linear in $\tau$ with slope $-s$.'),
    Step("on_the_support_z_a_above_tau_satisfies_the_kkt_conditions", "kkt_sufficient",
         Eq(p[a] - z[a] + tau - mu[a], 0) & (p[a] >= 0) & (mu[a] >= 0) & Eq(mu[a] * p[a], 0),
         args=(("problem", PROBLEM), ("at", a),
               ("given", (Eq(p[a], z[a] - tau), Eq(mu[a], 0), Gt(z[a], tau), s <= n))),
         caption=r'Conversely, $p_a = z_a - \tau$ with $\mu_a = 0$ meets every condition as soon as '
                 r'$z_a > \tau$.'),
    Step("off_the_support_z_b_at_most_tau_satisfies_the_kkt_conditions", "kkt_sufficient",
         Eq(p[b] - z[b] + tau - mu[b], 0) & (p[b] >= 0) & (mu[b] >= 0) & Eq(mu[b] * p[b], 0),
         args=(("problem", PROBLEM), ("at", b),
               ("given", (Eq(p[b], 0), Eq(mu[b], tau - z[b]), Le(z[b], tau), s <= n))),
         caption=r'And $p_b = 0$ with $\mu_b = \tau - z_b$ meets them as soon as $z_b \leq \tau$; '
                 r'with $\tau$ as found, the normalization holds too, so these sign conditions are '
                 'all that is left.'),
    Step("support_test_at_s_is_s_times_the_last_support_gap", "identity",
         Eq(s * (z[s] - TAU_S), support_test(s)),
         caption=r'With sorted scores, $z_a > \tau$ on the support comes down to its last entry: '
                 r'$z_s > \tau$ exactly when $1 + s z_s > \sum_{j\leq s} z_j$.'),
    Step("support_test_after_s_is_s_times_the_first_outside_gap", "identity",
         Eq(s * (z[s + 1] - TAU_S), support_test(s + 1)),
         caption=r'Likewise $z_b \leq \tau$ off the support comes down to $z_{s+1} \leq \tau$, the '
                 'same test at $s + 1$ failing.'),
    Step("support_test_changes_by_r_times_the_score_difference", "identity",
         Eq(support_test(r + 1) - support_test(r), r * (z[r + 1] - z[r])),
         caption='Moving the test one entry on changes it by $r (z_{r+1} - z_r)$.'),
    Step("support_test_is_nonincreasing_along_sorted_scores", "follows", Le(r * (z[r + 1] - z[r]), 0),
         uses=("number_the_entries_by_decreasing_score",),
         caption='So the test holds on an initial block of $m$ and fails after it: $s$ is the '
                 r'largest $m$ with $1 + m z_m > \sum_{j\leq m} z_j$.'),
    Step("support_test_holds_at_1", "identity", Eq(support_test(1), 1),
         caption='It always holds at $m = 1$, so the support is never empty.'),
)

_optimality = (
    Step("hessian_of_objective_is_the_identity", "identity",
         Eq(Derivative(OBJECTIVE, p[k], p[j]), KroneckerDelta(k, j)), section="optimality",
         caption='The Hessian is the identity, positive definite: the objective is strictly '
                 'convex.'),
    Step("constraints_are_affine", "identity",
         Eq(Derivative(Sum(p[i], (i, 1, n)), p[k], p[j]), 0), section="optimality",
         caption='The constraints are affine, so the KKT conditions are sufficient and the KKT '
                 'point is the unique minimizer.'),
)

_properties = (
    Step("jacobian_on_the_support_is_delta_minus_1_over_s", "identity",
         Eq(Derivative(z[a] - TAU_S, z[q]), KroneckerDelta(a, q) - 1 / s), section="optimality",
         caption=r'Where the support is locally constant, $p_a = z_a - \tau(z)$ is affine in $z$.'),
    Step("support_entries_do_not_depend_on_scores_off_the_support", "identity",
         Eq(Derivative(z[a] - TAU_S, z[b]), 0), section="optimality",
         caption="$\\tau$ uses only the support's scores; the entries off the support are the "
                 'constant $0$.'),
    Step("shifting_every_score_by_c_shifts_tau_by_c", "identity",
         Eq((Sum(z[h] + c, (h, 1, s)) - 1) / s, TAU_S + c), section="optimality",
         caption='Adding $c$ to every score adds $c$ to the threshold.'),
    Step("so_sparsemax_is_invariant_under_the_shift", "identity",
         Eq(Max(z[k] + c - (Sum(z[h] + c, (h, 1, s)) - 1) / s, 0), Max(z[k] - TAU_S, 0)),
         section="optimality",
         caption=r'Every gap $z_k - \tau$, and with it every entry and the support, is unchanged.'),
)

_limits = (
    Step("other_scores_over_T_are_at_most_the_threshold_once_T_is_at_most_their_gap", "inequality",
         Le((z[1] - g[t]) / T, z[1] / T - 1), args=(("given", (Le(T, g[t]),)),), section="limits",
         caption=r'For the scores $z/T$ with support $\{1\}$, $\tau = z_1/T - 1$ and the top entry '
                 'is $1$; another entry $z_1 - g_t$ satisfies the off-support condition once $T '
                 r'\leq g_t$.'),
    Step("their_gap_to_that_threshold_tends_to_minus_infinity", "limit",
         Eq(Limit((z[1] - g[t]) / T - (z[1] / T - 1), T, 0, "+"), -oo), section="limits",
         caption=r'As $T \to 0^+$ the gap $1 - g_t/T$ falls without bound.'),
    Step("so_sparsemax_of_z_over_T_tends_to_the_argmax", "positive_part_limit",
         Eq(Limit(Max((z[1] - g[t]) / T - (z[1] / T - 1), 0), T, 0, "+"), 0),
         uses=("their_gap_to_that_threshold_tends_to_minus_infinity",), section="limits",
         caption='Every entry but the top one is eventually $0$, so '
                 r'$\operatorname{sparsemax}(z/T)$ tends to the one-hot vector of the largest score '
                 '(distinct scores).'),
)



def _cases(n, rng):
    """Random scores, ties, a clear winner (support of size 1), nearly equal scores (size n)."""
    top = rng.normal(0.0, 1.0, n)
    top[np.argmax(top)] += 3.0
    return [Case({z: rng.normal(0.0, 1.0, n)}, note="random"),
            Case({z: rng.integers(-2, 3, n) / 2.0}, note="ties"),
            Case({z: top}, note="support of size 1"),
            Case({z: rng.uniform(0.0, 1.0 / n ** 2, n)}, note="support of size n")]


def projection(scores):
    """Sparsemax by sorting, in float64 (Held, Wolfe and Crowder 1974; Duchi et al. 2008)."""
    u = np.sort(scores)[::-1]
    sizes = np.arange(1, u.size + 1)
    cumulative = np.cumsum(u)
    size = sizes[1 + sizes * u > cumulative][-1]
    threshold = (cumulative[size - 1] - 1) / size
    return np.maximum(scores - threshold, 0.0), threshold


def _reference(n, values, unknowns):
    entries, threshold = projection(values[z])
    return entries, {tau: threshold}


DERIVATION = Derivation(
    name="sparsemax",
    title="Sparsemax: the projection onto the simplex from its KKT conditions",
    summary="Minimizing half the squared distance to the scores over the simplex gives the positive "
            "part of the scores minus a threshold τ, the mean of the scores in the support less one "
            "over its size; small differences in the scores can set whole classes to probability zero.",
    sources=(),
    steps=_derivation + _optimality + _properties + _limits,
    dimension=n,
    instances=(1, 2, 3, 4),
    sizes=((s, 1, n),),
    numeric=CrossCheck(PROBLEM, optimizer="p_k_is_max_of_z_k_minus_tau_and_0",
                       stationarity="stationarity_sets_p_k_minus_z_k_plus_tau_minus_mu_k_to_zero",
                       multipliers=((tau, None),), unknowns=((tau, "normalization"),),
                       closed_forms=("tau_is_mean_of_support_scores_minus_1_over_s",),
                       support=(s, "number_the_entries_by_decreasing_score"), cases=_cases,
                       reference=_reference, reference_floor=1.0),
    assumptions=(
        r"$n \geq 1$, the scores $z_1, \dots, z_n$ are real, and $p$ ranges over the simplex: "
        r"$p_i \geq 0$ (multipliers $\mu_i$) and $\sum_{i=1}^{n} p_i = 1$ (multiplier $\tau$).",
        r"$L = \frac{1}{2} \sum_i (p_i - z_i)^2 + \tau (\sum_i p_i - 1) - \sum_i \mu_i p_i$; "
        r"$s$ is the number of positive entries of $p$, $a, q$ range over $1, \dots, s$ and $b$ "
        r"over $s + 1, \dots, n$.",
        r"For the limit: the largest score is $z_1$ and the others are $z_1 - g_t$ with gaps "
        r"$g_t > 0$.",
    ),
    statement=(r"Then $\frac{1}{2} \sum_i (p_i - z_i)^2$ has exactly one minimizer on the simplex, "
               r"{=p_k_is_max_of_z_k_minus_tau_and_0}. With the scores sorted in decreasing order "
               r"its support is $1, \dots, s$, where $s$ is the largest $m$ with "
               r"$1 + m z_m > \sum_{j \leq m} z_j$, and {=tau_is_mean_of_support_scores_minus_1_over_s}. "
               r"Adding a constant to every score leaves it unchanged, and as $T \to 0^{+}$ "
               r"the minimizer for the scores $z/T$ tends to the one-hot vector of the largest score."),
    notes=(
        ("derivation", r"The KKT conditions of the projection give every entry as a positive "
                       r"part; sorting the scores turns the support into an initial block and "
                       r"the normalization into a linear equation for $\tau$."),
        ("optimality", r"The objective is strictly convex and the constraints are affine, so the "
                       r"KKT point is the only minimizer."),
        ("limits", r"Once $T$ is below every gap $g_t$ the support is $\{1\}$; the other "
                   r"entries are positive parts of numbers that tend to $-\infty$."),
    ),
    result="p_k_is_max_of_z_k_minus_tau_and_0",
    numeric_labels=(
        ("sparsemax.optimizer", r"solver's minimizer vs $p_k = \max(z_k - \tau, 0)$"),
        ("sparsemax.multipliers", r"solver's multipliers vs the derived $\tau$ and $\mu_k$, $p_k > 0$"),
        ("sparsemax.multipliers_at_zeros", r"solver's $\mu_k$ vs the derived $\mu_k$, $p_k = 0$"),
        ("sparsemax.stationarity", r"stationarity $p_k - z_k + \tau - \mu_k = 0$ at the solver's "
                                   r"optimum and multipliers, $p_k > 0$"),
        ("sparsemax.stationarity_at_zeros", r"stationarity at the solver's optimum and "
                                            r"multipliers, $p_k = 0$"),
        ("sparsemax.closed_form", r"$\tau = (\sum_{j \leq s} z_j - 1)/s$ on the sorted support vs "
                                  r"$\tau$ solved from the normalization, 50 digits"),
        ("sparsemax.reference", r"an independent sort-based implementation in double precision "
                                r"vs the derived formulas"),
    ),
)

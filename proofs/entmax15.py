"""α-entmax from the Tsallis entropy; 1.5-entmax in closed form; softmax in the limit α → 1.

For ``α > 1`` the KKT conditions of maximizing ``Σ_i p_i z_i + Σ_i (p_i - p_i^α)/(α(α-1))``
over the simplex give ``p_k = [(α-1) z_k - τ]_+^{1/(α-1)}``.  At ``α = 3/2`` this is
``(z_k/2 - τ)_+²``, and the normalization on the sorted support ``1..s`` is a quadratic
in ``τ`` whose smaller root is the threshold (the support puts ``τ`` below the vertex).
As ``α → 1+`` the entry tends to the Gibbs form of ``maxent_gibbs`` at ``λ₂ = -1`` and
the Tsallis entropy to the Shannon entropy.  The statement and assumptions below say it
in full; ``s``, ``a``, ``b`` are as in ``sparsemax``.

References: B. Peters, V. Niculae and A. F. T. Martins, "Sparse Sequence-to-Sequence
Models", ACL 2019; C. Tsallis, J. Stat. Phys. 52 (1988).
"""
from __future__ import annotations

import numpy as np
from sympy import (Derivative, Gt, Idx, IndexedBase, Le, Limit, Lt, Max, Or, Rational, Subs, Sum,
                   Symbol, exp, log, sqrt)

from derive.derivation.lagrange import Constraint, Problem, constraint_sum
from derive.catalogue.identity import equation as Eq    # unevaluated: see its docstring
from derive.derivation.model import Derivation, Step
from derive.numeric.spec import Case, CrossCheck
from derive.symbols import i, k, lam, lambda1, lambda2, n, z

p = IndexedBase("p", nonnegative=True)
mu = IndexedBase("mu", real=True)
alpha = Symbol("alpha", positive=True)
tau = Symbol("tau", real=True)
s = Symbol("s", integer=True, positive=True)
a, b, r = Idx("a", (1, s)), Idx("b", (s + 1, n)), Idx("r", (1, n - 1))
h = Symbol("j", integer=True)
L = Symbol("L")
ABOVE_1 = (alpha > 1,)

TSALLIS = Sum(p[i] - p[i] ** alpha, (i, 1, n)) / (alpha * (alpha - 1))
OBJECTIVE = Sum(z[i] * p[i], (i, 1, n)) + TSALLIS
NORMALIZATION = Eq(Sum(p[i], (i, 1, n)), 1)
PROBLEM = Problem(
    name="entmax15", sense="max", objective=OBJECTIVE, family=p, index=i,
    constraints=(Constraint("normalization", constraint_sum(p, i), 1, lam),
                 Constraint("nonnegativity", -p[i], 0, mu[i], kind="le", indexed=True)),
)
DERIVATIVE = z[k] + (1 - alpha * p[k] ** (alpha - 1)) / (alpha * (alpha - 1)) - lam + mu[k]
SCALED = (alpha - 1) * z[k] + 1 / alpha - p[k] ** (alpha - 1) - (alpha - 1) * lam + (alpha - 1) * mu[k]
ENTMAX = Max((alpha - 1) * z[k] - tau, 0) ** (1 / (alpha - 1))
SUM_Z, SUM_Z2 = Sum(z[h], (h, 1, s)), Sum(z[h] ** 2, (h, 1, s))
D = SUM_Z ** 2 - s * SUM_Z2 + 4 * s
BASE = 1 / alpha + (alpha - 1) * (z[k] - lam)


def _at(name, *values):
    return tuple((name, ((k, v),)) for v in values)


_general = (
    Step("lagrangian_is_score_plus_tsallis_entropy_with_multiplier_terms", "lagrangian",
         Eq(L, OBJECTIVE - lam * (Sum(p[i], (i, 1, n)) - 1) + Sum(mu[i] * p[i], (i, 1, n))),
         args=(("problem", PROBLEM),),
         caption=r'Maximize the expected score plus the Tsallis $\alpha$-entropy; $\lambda$ for the '
                 r'normalization, $\mu_i$ for $p_i \geq 0$.'),
    Step("derivative_in_p_k_has_the_tsallis_term", "differentiate", Eq(Derivative(L, p[k]), DERIVATIVE),
         uses=("lagrangian_is_score_plus_tsallis_entropy_with_multiplier_terms",), args=(("wrt", p[k]),),
         caption=r'The derivative of $p^\alpha$ is $\alpha p^{\alpha-1}$, finite at $p = 0$ since '
                 r'$\alpha > 1$.'),
    Step("stationarity_sets_that_derivative_to_zero", "stationary", Eq(DERIVATIVE, 0),
         uses=("derivative_in_p_k_has_the_tsallis_term",), caption='Stationarity in every entry.'),
    Step("kkt_feasibility_and_complementary_slackness_at_k", "kkt",
         Eq(Sum(p[i], (i, 1, n)), 1) & (mu[k] >= 0) & Eq(mu[k] * p[k], 0),
         args=(("problem", PROBLEM), ("at", k)),
         caption=r'The other KKT conditions; $p_k \geq 0$ is the domain of the entropy itself.'),
    Step("times_alpha_minus_1_stationarity_isolates_p_k_to_the_alpha_minus_1", "multiply", Eq(SCALED, 0),
         uses=("stationarity_sets_that_derivative_to_zero",),
         args=(("factor", alpha - 1), ("given", ABOVE_1)),
         caption=r'Multiply by $\alpha - 1$, positive for $\alpha > 1$.'),
    Step("define_tau_as_shifted_multiplier", "define", Eq(tau, (alpha - 1) * lam - 1 / alpha),
         caption=r'Name the threshold: $\tau = (\alpha - 1) \lambda - 1/\alpha$.'),
    Step("lambda_in_terms_of_tau", "solve_for", Eq(lam, (tau + 1 / alpha) / (alpha - 1)),
         uses=("define_tau_as_shifted_multiplier",), args=(("unknown", lam), ("given", ABOVE_1)),
         caption=r'The definition is invertible for $\alpha > 1$.'),
    Step("p_k_to_the_alpha_minus_1_is_shifted_score_plus_scaled_mu_k", "substitute",
         Eq(p[k] ** (alpha - 1), (alpha - 1) * z[k] - tau + (alpha - 1) * mu[k]),
         uses=("lambda_in_terms_of_tau", "times_alpha_minus_1_stationarity_isolates_p_k_to_the_alpha_minus_1"),
         args=(("given", ABOVE_1),), caption=r'In terms of $\tau$ the multiplier term is $(\alpha - 1) z_k - \tau$.'),
    Step("complementary_slackness_gives_mu_k_zero_or_p_k_zero", "zero_product",
         Or(Eq(mu[k], 0), Eq(p[k], 0)), uses=("kkt_feasibility_and_complementary_slackness_at_k",),
         caption='Two cases for every entry.'),
    Step("p_k_is_positive_part_of_shifted_score_to_the_1_over_alpha_minus_1", "cases", Eq(p[k], ENTMAX),
         uses=("complementary_slackness_gives_mu_k_zero_or_p_k_zero",
               "p_k_to_the_alpha_minus_1_is_shifted_score_plus_scaled_mu_k",
               "kkt_feasibility_and_complementary_slackness_at_k"), args=(("given", ABOVE_1),),
         caption=r'If $\mu_k = 0$, then $p_k^{\alpha-1} = (\alpha - 1) z_k - \tau \geq 0$; if $p_k '
                 r'= 0$, then $(\alpha - 1) z_k - \tau = -(\alpha - 1) \mu_k \leq 0$. Both cases '
                 r'are the positive part raised to $1/(\alpha - 1)$.'),
)

_three_halves = (
    Step("alpha_three_halves_gives_the_square_of_the_positive_part", "specialize",
         Eq(p[k], Max(z[k] / 2 - tau, 0) ** 2),
         uses=("p_k_is_positive_part_of_shifted_score_to_the_1_over_alpha_minus_1",),
         args=(("values", ((alpha, Rational(3, 2)),)),),
         caption=r'At $\alpha = 3/2$ the exponent $1/(\alpha - 1)$ is $2$: this is 1.5-entmax.'),
    Step("number_the_entries_by_decreasing_score", "renumber", Le(z[r + 1], z[r]), args=(("problem", PROBLEM),),
         caption='The problem treats all entries alike, so sort the scores.'),
    Step("entries_of_p_decrease_with_the_score", "follows", Le(p[r + 1], p[r]),
         uses=("alpha_three_halves_gives_the_square_of_the_positive_part", "number_the_entries_by_decreasing_score"),
         args=(("at", _at("alpha_three_halves_gives_the_square_of_the_positive_part", r, r + 1)),),
         caption='The square of the positive part is non-decreasing.'),
    Step("the_support_is_the_first_s_entries", "support", (p[a] > 0) & Eq(p[b], 0) & (s <= n),
         uses=("entries_of_p_decrease_with_the_score", "kkt_feasibility_and_complementary_slackness_at_k"),
         caption='The positive entries form an initial block of size $s$.'),
    Step("on_the_support_p_a_is_the_square_of_a_positive_gap", "follows",
         Eq(p[a], (z[a] / 2 - tau) ** 2) & Gt(z[a] / 2 - tau, 0),
         uses=("alpha_three_halves_gives_the_square_of_the_positive_part", "the_support_is_the_first_s_entries"),
         args=(("at", _at("alpha_three_halves_gives_the_square_of_the_positive_part", a)),),
         caption=r'A positive entry is the square of a positive gap $z_a/2 - \tau$.'),
    Step("normalization_on_the_support_is_a_sum_of_squares", "into_constraint",
         Eq(Sum((z[h] / 2 - tau) ** 2, (h, 1, s)), 1),
         uses=("on_the_support_p_a_is_the_square_of_a_positive_gap", "the_support_is_the_first_s_entries"),
         args=(("constraint", NORMALIZATION),), caption='Split the normalization at $s$.'),
    Step("tau_solves_a_quadratic", "rearrange", Eq(s * tau ** 2 - SUM_Z * tau + SUM_Z2 / 4 - 1, 0),
         uses=("normalization_on_the_support_is_a_sum_of_squares",),
         caption=r'Expanded, the normalization is a quadratic in $\tau$.'),
    Step("the_support_gaps_have_a_positive_sum", "sum_inequality", Gt(Sum(z[h] / 2 - tau, (h, 1, s)), 0),
         uses=("on_the_support_p_a_is_the_square_of_a_positive_gap",),
         caption='Add the positive gaps over the support.'),
    Step("so_tau_is_below_the_vertex_of_the_quadratic", "follows", Lt(tau - SUM_Z / (2 * s), 0),
         uses=("the_support_gaps_have_a_positive_sum",),
         caption=r'$\tau$ lies below the mean of the $z_j/2$, where the parabola has its vertex.'),
    Step("completing_the_square", "multiply", Eq((tau - SUM_Z / (2 * s)) ** 2, D / (4 * s ** 2)),
         uses=("tau_solves_a_quadratic",), args=(("factor", 1 / s),),
         caption='Divide by $s$ and complete the square; $D$ is the discriminant.'),
    Step("so_tau_minus_the_vertex_is_the_negative_root", "square_root",
         Eq(tau - SUM_Z / (2 * s), -sqrt(D) / (2 * s)),
         uses=("completing_the_square", "so_tau_is_below_the_vertex_of_the_quadratic"),
         caption='Of the two roots only the smaller lies below the vertex; the larger would make a '
                 'support gap negative.'),
    Step("tau_is_the_smaller_root", "rearrange", Eq(tau, SUM_Z / (2 * s) - sqrt(D) / (2 * s)),
         uses=("so_tau_minus_the_vertex_is_the_negative_root",),
         caption='The closed form of the threshold on a support of size $s$.'),
)

_limits = (
    Step("written_with_lambda_the_entry_is_a_power_of_a_base_near_1", "substitute",
         Eq(p[k], Max(BASE, 0) ** (1 / (alpha - 1))),
         uses=("define_tau_as_shifted_multiplier", "p_k_is_positive_part_of_shifted_score_to_the_1_over_alpha_minus_1"),
         args=(("given", ABOVE_1),), caption=r'Write the threshold back in terms of $\lambda$.'),
    Step("the_base_tends_to_1", "limit", Eq(Limit(BASE, alpha, 1, "+"), 1), section="limits",
         caption=r'The base tends to $1$ as $\alpha \to 1+$.'),
    Step("so_the_entry_tends_to_the_gibbs_form", "positive_part_limit",
         Eq(Limit(Max(BASE, 0) ** (1 / (alpha - 1)), alpha, 1, "+"), exp(z[k] - lam - 1)),
         uses=("the_base_tends_to_1",), section="limits",
         caption=r'Near $\alpha = 1$ the base is positive, and $(1 + (\alpha - 1) c)^{1/(\alpha - '
                 r'1)} \to e^c$.'),
    Step("which_is_maxent_gibbs_at_lambda2_equal_minus_1", "identity",
         Eq(exp(z[k] - lam - 1), exp(-1 - lam + z[k]), evaluate=False), section="limits",
         display=Eq(exp(z[k] - lam - 1), Subs(exp(-1 - lambda1 - lambda2 * z[k]), (lambda1, lambda2), (lam, -1)),
                    evaluate=False),
         caption=r'This is the maximum-entropy solution $\exp(-1 - \lambda_1 - \lambda_2 z_k)$ at '
                 r'$\lambda_2 = -1$; the normalization then makes it $\operatorname{softmax}(z)$.'),
    Step("tsallis_term_tends_to_shannon_term", "limit",
         Eq(Limit((p[k] - p[k] ** alpha) / (alpha * (alpha - 1)), alpha, 1), -p[k] * log(p[k])),
         section="limits", caption=r'Entry by entry, $(p - p^\alpha)/(\alpha(\alpha - 1)) \to -p \log p$.'),
    Step("tsallis_entropy_tends_to_shannon_entropy", "finite_sum_of_limits",
         Eq(Limit(Sum((p[k] - p[k] ** alpha) / (alpha * (alpha - 1)), (k, 1, n)), alpha, 1),
            -Sum(p[k] * log(p[k]), (k, 1, n))),
         uses=("tsallis_term_tends_to_shannon_term",), section="limits",
         caption='Finitely many terms: the Tsallis entropy tends to the Shannon entropy.'),
    Step("tsallis_derivative_tends_to_shannon_derivative", "limit",
         Eq(Limit((1 - alpha * p[k] ** (alpha - 1)) / (alpha * (alpha - 1)), alpha, 1), -log(p[k]) - 1),
         section="limits", caption='And so does the stationarity condition: that of maximum entropy.'),
)



def _cases(n, rng):
    """As for sparsemax: random scores, ties, a clear winner, nearly equal scores."""
    top = rng.normal(0.0, 1.0, n)
    top[np.argmax(top)] += 5.0
    return [Case({z: rng.normal(0.0, 1.0, n), alpha: Rational(3, 2)}, note="random"),
            Case({z: rng.integers(-2, 3, n) / 2.0, alpha: Rational(3, 2)}, note="ties"),
            Case({z: top, alpha: Rational(3, 2)}, note="support of size 1"),
            Case({z: rng.uniform(0.0, 1.0 / n ** 2, n), alpha: Rational(3, 2)}, note="support of size n")]


def bisection(scores, steps=200):
    """1.5-entmax in float64: bisect Σ max(z/2 - τ, 0)² = 1 on [max z/2 - 1, max z/2]."""
    half = scores / 2.0
    lo, hi = half.max() - 1.0, half.max()
    for _ in range(steps):
        mid = (lo + hi) / 2
        lo, hi = (mid, hi) if np.sum(np.maximum(half - mid, 0.0) ** 2) > 1.0 else (lo, mid)
    threshold = (lo + hi) / 2
    return np.maximum(half - threshold, 0.0) ** 2, threshold


DERIVATION = Derivation(
    name="entmax15",
    title="1.5-entmax from the Tsallis entropy, and softmax as α → 1",
    summary="Maximizing the expected score plus the Tsallis α-entropy gives the positive part of a "
            "shifted score raised to 1/(α − 1); at α = 3/2 it is a square, with the threshold the "
            "smaller root of a quadratic; as α → 1 it becomes the Gibbs form and softmax.",
    sources=(),
    steps=_general + _three_halves + _limits,
    dimension=n,
    instances=(1, 2, 3, 4),
    sizes=((s, 1, n),),
    numeric=CrossCheck(PROBLEM, optimizer="alpha_three_halves_gives_the_square_of_the_positive_part",
                       stationarity="stationarity_sets_that_derivative_to_zero",
                       multipliers=((lam, "lambda_in_terms_of_tau"),), unknowns=((tau, "normalization"),),
                       closed_forms=("tau_is_the_smaller_root",),
                       support=(s, "number_the_entries_by_decreasing_score"), cases=_cases,
                       reference=lambda n, values, unknowns: (bisection(values[z])[0], {}),
                       # off the support only: at the 1e-9 tolerance power cones allow, the solver
                       # leaves p_b = δ > 0 there, and the 2√p_b of stationarity turns δ = 2e-7 into
                       # 9e-4 (8.7e-4 seen; on the support and for λ, 1.3e-6 and 2e-7)
                       reference_floor=1.0, dual_tolerance=1e-2),
    assumptions=(
        r"$n \geq 1$, the scores $z_1, \dots, z_n$ are real, $\alpha > 1$, and $p$ ranges over "
        r"the simplex: $p_i \geq 0$ (multipliers $\mu_i$) and $\sum_{i=1}^{n} p_i = 1$ "
        r"(multiplier $\lambda$).",
        r"$f(p) = \sum_i p_i z_i + \frac{1}{\alpha (\alpha - 1)} \sum_i (p_i - p_i^{\alpha})$ "
        r"and $L = f(p) - \lambda (\sum_i p_i - 1) + \sum_i \mu_i p_i$; $s$ is the number of "
        r"positive entries of $p$, $a$ ranges over $1, \dots, s$ and $b$ over $s + 1, \dots, n$.",
    ),
    statement=(r"Then a maximizer of $f$ on the simplex has the entries "
               r"{=p_k_is_positive_part_of_shifted_score_to_the_1_over_alpha_minus_1}, where "
               r"{=define_tau_as_shifted_multiplier}. At $\alpha = 3/2$ they are "
               r"{=alpha_three_halves_gives_the_square_of_the_positive_part}; with the scores "
               r"sorted and $s$ entries positive, the threshold $\tau$ is the smaller root "
               r"{tau_is_the_smaller_root} of a quadratic. As $\alpha \to 1^{+}$ the entries tend "
               r"to the Gibbs form $e^{z_k - \lambda - 1}$, softmax once normalized, and the "
               r"Tsallis entropy to the Shannon entropy."),
    notes=(
        ("derivation", r"The KKT conditions give every entry as a power of a positive part, for "
                       r"every $\alpha > 1$; at $\alpha = 3/2$ the normalization on the support "
                       r"is a quadratic in $\tau$, and the sign of the gaps picks its root."),
        ("limits", r"Written with $\lambda$, each entry is a power of a base that tends to $1$ "
                   r"while the exponent grows, the limit that defines the exponential."),
    ),
    result="alpha_three_halves_gives_the_square_of_the_positive_part",
    numeric_labels=(
        ("entmax15.optimizer", r"solver's maximizer vs $p_k = \max(z_k/2 - \tau, 0)^2$ "
                               r"($\alpha = 3/2$)"),
        ("entmax15.multipliers", r"solver's multipliers vs the derived $\lambda$ and $\mu_k$ "
                                 r"where $p_k > 0$"),
        ("entmax15.multipliers_at_zeros", r"solver's $\mu_k$ vs the derived $\mu_k$ where $p_k = 0$ "
                                          r"(through $2\sqrt{p_k}$, looser)"),
        ("entmax15.stationarity", r"stationarity at the solver's optimum and multipliers, "
                                  r"where $p_k > 0$"),
        ("entmax15.stationarity_at_zeros", r"stationarity at the solver's optimum where $p_k = 0$ "
                                           r"(looser)"),
        ("entmax15.closed_form", r"$\tau$, the smaller root, on the sorted support vs $\tau$ "
                                 r"solved from the normalization, 50 digits"),
        ("entmax15.reference", r"bisection for the threshold in double precision vs the derived "
                               r"formulas"),
    ),
)

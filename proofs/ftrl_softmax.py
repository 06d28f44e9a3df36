"""Follow-the-Regularized-Leader with the negative-entropy regularizer gives softmax(−ηx).

Main statements:
    * The minimizer of ``⟨w, x⟩ + (1/η) Σ_i w_i log w_i`` over the probability
      simplex is ``w_k = exp(-η x_k) / Σ_i exp(-η x_i)``, i.e. ``softmax(-η x)``,
      with multiplier ``λ = (log Σ_i exp(-η x_i) - 1)/η``.
    * At ``η = 1`` (the source's problem) ``w = softmax(-x)``.
    * This is the maximum-entropy solution of ``maxent_gibbs`` at ``λ₂ = 1``,
      ``z = x``.

Notation and assumptions:
    ``x_i`` real, ``η > 0``, ``w_i > 0``; ``L = ⟨w, x⟩ + (1/η) Σ w_i log w_i
    + λ (Σ w_i - 1)`` (the source adds the multiplier term).

Implementation notes:
    The objective's Hessian is ``diag(1/(η w_k))``, positive definite on the
    positive orthant: the objective is strictly convex there, the constraint is
    affine, and the interior stationary point is the unique global minimizer.

References:
    Source 001 ("Softmax", S. Chaudary), equations (2) to (9).
"""
from __future__ import annotations

from sympy import Derivative, Gt, KroneckerDelta, Subs, Sum, Symbol, exp, log

from derive.derivation.lagrange import Constraint, Problem, constraint_sum
from derive.catalogue.identity import equation as Eq    # unevaluated: see its docstring
from derive.derivation.model import Derivation, Step
from derive.numeric.kernels import logsumexp, softmax
from derive.numeric.spec import Case, CrossCheck
from derive.symbols import eta, i, j, k, lam, lambda2, n, ordered, w, x, z

L = Symbol("L")
OBJECTIVE = Sum(w[i] * x[i], (i, 1, n)) + Sum(w[i] * log(w[i]), (i, 1, n)) / eta
Z = Sum(exp(-eta * x[i]), (i, 1, n))
NORMALIZATION = Eq(Sum(w[i], (i, 1, n)), 1)

PROBLEM = Problem(
    name="ftrl_softmax", sense="min", objective=OBJECTIVE, family=w, index=i,
    constraints=(Constraint("normalization", constraint_sum(w, i), 1, lam),),
)


def _gibbs_at(q):
    """Source 000's maximizer exp(-λ₂ z_q)/Σ exp(-λ₂ z_i), for comparison."""
    return exp(-lambda2 * z[q]) / Sum(exp(-lambda2 * z[i]), (i, 1, n))


STEPS = (
    Step("lagrangian_is_loss_plus_entropy_over_eta_plus_lambda_times_normalization", "lagrangian",
         Eq(L, OBJECTIVE + lam * (Sum(w[i], (i, 1, n)) - 1)), args=(("problem", PROBLEM),),
         display=Eq(L, ordered(Sum(w[i] * x[i], (i, 1, n)), Sum(w[i] * log(w[i]), (i, 1, n)) / eta,
                               lam * ordered(Sum(w[i], (i, 1, n)), -1))),
         caption=(r"the objective plus $\lambda$ times the residual of the constraint, as the "
                  r"source writes it")),
    Step("derivative_in_w_k_is_x_k_plus_log_w_k_plus_1_over_eta_plus_lambda", "differentiate",
         Eq(Derivative(L, w[k]), x[k] + (log(w[k]) + 1) / eta + lam),
         uses=("lagrangian_is_loss_plus_entropy_over_eta_plus_lambda_times_normalization",),
         args=(("wrt", w[k]),),
         display=Eq(Derivative(L, w[k]), ordered(x[k], ordered(log(w[k]), 1) / eta, lam)),
         caption="differentiate in $w_k$; of each sum only the term $i = k$ depends on $w_k$"),
    Step("stationarity_sets_that_derivative_to_zero", "stationary",
         Eq(x[k] + (log(w[k]) + 1) / eta + lam, 0),
         uses=("derivative_in_w_k_is_x_k_plus_log_w_k_plus_1_over_eta_plus_lambda",),
         display=Eq(ordered(x[k], ordered(log(w[k]), 1) / eta, lam), 0),
         caption="an interior minimizer is a stationary point of $L$"),
    Step("log_w_k_is_minus_eta_x_k_minus_1_minus_eta_lambda", "multiply",
         Eq(log(w[k]), -eta * x[k] - 1 - eta * lam),
         uses=("stationarity_sets_that_derivative_to_zero",), args=(("factor", eta),),
         display=Eq(log(w[k]), ordered(-eta * x[k], -1, -eta * lam)),
         caption=r"multiply by $\eta > 0$ and solve for $\log w_k$"),
    Step("w_k_is_exp_of_that", "exponentiate", Eq(w[k], exp(-eta * x[k] - 1 - eta * lam)),
         uses=("log_w_k_is_minus_eta_x_k_minus_1_minus_eta_lambda",),
         caption=r"exponentiate; $e^{\log w_k} = w_k$ since $w_k > 0$"),
    Step("w_k_factors_into_constant_times_exp_of_minus_eta_x_k", "rearrange",
         Eq(w[k], exp(-1 - eta * lam) * exp(-eta * x[k])), uses=("w_k_is_exp_of_that",),
         caption="split the exponential of a sum; the first factor is the same for every $k$"),
    Step("normalization_gives_constant_times_partition_sum_equals_1", "into_constraint",
         Eq(Sum(exp(-1 - eta * lam) * exp(-eta * x[i]), (i, 1, n)), 1),
         uses=("w_k_factors_into_constant_times_exp_of_minus_eta_x_k",),
         args=(("constraint", NORMALIZATION),),
         caption=(r"put {w_k_factors_into_constant_times_exp_of_minus_eta_x_k} into $\sum_i w_i ="
                  r" 1$")),
    Step("constant_is_reciprocal_of_partition_sum", "multiply", Eq(exp(-1 - eta * lam), 1 / Z),
         uses=("normalization_gives_constant_times_partition_sum_equals_1",), args=(("factor", 1 / Z),),
         caption=r"divide by the partition sum $\sum_i e^{-\eta x_i}$, which is positive"),
    Step("lambda_is_log_partition_sum_minus_1_over_eta", "solve_for", Eq(lam, (log(Z) - 1) / eta),
         uses=("constant_is_reciprocal_of_partition_sum",), args=(("unknown", lam),),
         caption=(r"take logarithms and divide by $\eta$; $e^{-1-\eta\lambda}$ is strictly "
                  r"decreasing in $\lambda$, so this is the only solution")),
    Step("w_k_is_softmax_of_minus_eta_x", "substitute", Eq(w[k], exp(-eta * x[k]) / Z),
         uses=("constant_is_reciprocal_of_partition_sum",
               "w_k_factors_into_constant_times_exp_of_minus_eta_x_k"),
         caption=(r"put {constant_is_reciprocal_of_partition_sum} into "
                  r"{w_k_factors_into_constant_times_exp_of_minus_eta_x_k}: $w = "
                  r"\operatorname{softmax}(-\eta x)$")),
    Step("eta_equal_1_gives_softmax_of_minus_x", "specialize",
         Eq(w[k], exp(-x[k]) / Sum(exp(-x[i]), (i, 1, n))),
         uses=("w_k_is_softmax_of_minus_eta_x",), args=(("values", ((eta, 1),)),),
         caption=r"the source's case, $\eta = 1$"),
    Step("softmax_of_minus_x_is_maxent_solution_at_lambda2_equal_1", "identity",
         Eq(exp(-x[k]) / Sum(exp(-x[i]), (i, 1, n)), _gibbs_at(k).subs(lambda2, 1).replace(
             lambda e: getattr(e, "base", None) == z, lambda e: x[e.indices[0]]), evaluate=False),
         display=Eq(exp(-x[k]) / Sum(exp(-x[i]), (i, 1, n)),
                    Subs(_gibbs_at(k), (lambda2, z), (1, x)), evaluate=False),
         caption=(r"it is the maximum-entropy solution of the mean-constrained problem at "
                  r"$\lambda_2 = 1$, with scores $z = x$")),
    Step("hessian_of_objective_is_delta_kj_over_eta_w_k", "identity",
         Eq(Derivative(OBJECTIVE, w[k], w[j]), KroneckerDelta(k, j) / (eta * w[k])),
         section="optimality",
         caption=("differentiate the objective twice; the loss is linear, and each entropy term "
                  "holds a single $w_i$")),
    Step("hessian_diagonal_entries_are_positive", "inequality", Gt(1 / (eta * w[k]), 0, evaluate=False),
         section="optimality",
         caption=("each diagonal entry is positive where $w_k > 0$: the objective is strictly "
                  "convex on the open simplex")),
    Step("minimizer_is_interior_so_nonnegativity_is_inactive", "inequality",
         Gt(exp(-eta * x[k]) / Z, 0, evaluate=False), section="optimality",
         caption=(r"every entry of the minimizer is positive, so the bounds $w_i \geq 0$ are "
                  r"inactive")),
)



def _cases(n, rng):
    """Losses x ~ N(0, 1) and three learning rates (reported as the worst of them)."""
    losses = rng.normal(0.0, 1.0, n)
    return [Case({x: losses, eta: e}, note=f"eta = {e:g}") for e in (1.0, 0.5, 3.0)]


def _reference(n, values, unknowns):
    """softmax(-eta x) and (logsumexp(-eta x) - 1) / eta from derive.numeric."""
    scaled = -values[eta] * values[x]
    return softmax(scaled), {lam: (logsumexp(scaled) - 1.0) / values[eta]}


DERIVATION = Derivation(
    name="ftrl_softmax",
    title="Follow-the-Regularized-Leader with entropy: softmax of the negated losses",
    summary="Minimizing a linear loss plus 1/η times the negative entropy over the simplex "
            "gives the softmax of −η times the losses; η = 1 is the source's case.",
    sources=("001",),
    steps=STEPS,
    dimension=n,
    numeric=CrossCheck(PROBLEM, optimizer="w_k_is_softmax_of_minus_eta_x",
                       stationarity="stationarity_sets_that_derivative_to_zero",
                       multipliers=((lam, "lambda_is_log_partition_sum_minus_1_over_eta"),), cases=_cases,
                       reference=_reference),
    assumptions=(
        r"$n \geq 1$, the losses $x_1, \dots, x_n$ are real, the learning rate is $\eta > 0$, "
        r"and $w_1, \dots, w_n > 0$.",
        r"The constraint is $\sum_{i=1}^{n} w_i = 1$, and $L = \sum_i w_i x_i + \frac{1}{\eta} "
        r"\sum_i w_i \log w_i + \lambda (\sum_i w_i - 1)$, as the source writes it.",
    ),
    statement=(r"Then the objective $\sum_{i=1}^{n} w_i x_i + \frac{1}{\eta} \sum_{i=1}^{n} "
               r"w_i \log w_i$ has exactly one minimizer under the constraint, "
               r"{=w_k_is_softmax_of_minus_eta_x}, that is $w = \operatorname{softmax}(-\eta x)$, "
               r"with multiplier {=lambda_is_log_partition_sum_minus_1_over_eta}. At $\eta = 1$ "
               r"it is $\operatorname{softmax}(-x)$, the maximum-entropy solution of the "
               r"mean-constrained problem at $\lambda_2 = 1$ with scores $z = x$."),
    notes=(
        ("derivation", r"The same computation as for maximum entropy, with the loss in place "
                       r"of the mean constraint and the opposite sign on the multiplier."),
        ("optimality", r"A stationary point of a strictly convex function under an affine "
                       r"constraint is its only minimizer."),
    ),
    result="w_k_is_softmax_of_minus_eta_x",
    numeric_labels=(
        ("ftrl_softmax.optimizer", r"solver's minimizer vs $w = \operatorname{softmax}(-\eta x)$"),
        ("ftrl_softmax.multipliers", r"solver's multiplier vs $\lambda = (\log \sum_i "
                                     r"e^{-\eta x_i} - 1)/\eta$"),
        ("ftrl_softmax.stationarity", r"stationarity at the solver's optimum and multiplier"),
        ("ftrl_softmax.reference", r"$w$ and $\lambda$ in double precision vs 50 digits"),
    ),
)

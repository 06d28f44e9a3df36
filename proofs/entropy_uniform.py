"""Maximum entropy with only the normalization constraint gives the uniform distribution.

Main statement:
    The maximizer of ``H(p) = -Σ_i p_i log p_i`` over the simplex is
    ``p_k = 1/n`` for every ``k``, with multiplier ``λ_1 = log n - 1``.

Notation and assumptions:
    ``n`` is a positive integer, ``p_1..p_n > 0`` (the open simplex; the
    solution found is interior, so the constraints ``p_i >= 0`` are inactive),
    ``L = H - λ_1 (Σ_i p_i - 1)`` in the sign convention of the source.

Implementation notes:
    Optimality: the Hessian of ``H`` is ``diag(-1/p_k)``, negative definite on
    the positive orthant, so ``H`` is strictly concave there; with an affine
    constraint the stationary point is the unique global maximizer.

References:
    Source 000 ("Softmax and Lagrange Multipliers"), section on the simpler
    optimization problem.
"""
from __future__ import annotations

import numpy as np
from sympy import Derivative, Gt, KroneckerDelta, Lt, Sum, Symbol, exp, log

from derive.derivation.lagrange import Constraint, Problem, constraint_sum
from derive.catalogue.identity import equation as Eq    # unevaluated: see its docstring
from derive.derivation.model import Derivation, Step
from derive.numeric.kernels import logsumexp, softmax
from derive.numeric.spec import Case, CrossCheck
from derive.symbols import i, j, k, lambda1, n, ordered, p

L = Symbol("L")
H = -Sum(p[i] * log(p[i]), (i, 1, n))
NORMALIZATION = Eq(Sum(p[i], (i, 1, n)), 1)

PROBLEM = Problem(
    name="entropy_uniform", sense="max", objective=H, family=p, index=i,
    constraints=(Constraint("normalization", constraint_sum(p, i), 1, lambda1),),
)

STEPS = (
    Step("lagrangian_is_entropy_minus_lambda1_times_normalization", "lagrangian",
         Eq(L, H - lambda1 * (Sum(p[i], (i, 1, n)) - 1)), args=(("problem", PROBLEM),),
         display=Eq(L, ordered(H, -lambda1 * ordered(Sum(p[i], (i, 1, n)), -1))),
         caption=r"the entropy minus $\lambda_1$ times the residual of the constraint"),
    Step("derivative_in_p_k_is_minus_log_p_k_minus_1_minus_lambda1", "differentiate",
         Eq(Derivative(L, p[k]), -log(p[k]) - 1 - lambda1),
         uses=("lagrangian_is_entropy_minus_lambda1_times_normalization",), args=(("wrt", p[k]),),
         display=Eq(Derivative(L, p[k]), ordered(-log(p[k]), -1, -lambda1)),
         caption="differentiate in $p_k$; of each sum only the term $i = k$ depends on $p_k$"),
    Step("stationarity_sets_minus_log_p_k_minus_1_minus_lambda1_to_zero", "stationary",
         Eq(-log(p[k]) - 1 - lambda1, 0),
         uses=("derivative_in_p_k_is_minus_log_p_k_minus_1_minus_lambda1",),
         display=Eq(ordered(-log(p[k]), -1, -lambda1), 0),
         caption="an interior maximizer is a stationary point of $L$"),
    Step("log_p_k_equals_minus_1_minus_lambda1", "rearrange",
         Eq(log(p[k]), -1 - lambda1),
         uses=("stationarity_sets_minus_log_p_k_minus_1_minus_lambda1_to_zero",),
         display=Eq(log(p[k]), ordered(-1, -lambda1)),
         caption=r"move $\log p_k$ to one side"),
    Step("p_k_equals_exp_of_minus_1_minus_lambda1", "exponentiate",
         Eq(p[k], exp(-1 - lambda1)), uses=("log_p_k_equals_minus_1_minus_lambda1",),
         caption=r"exponentiate; $e^{\log p_k} = p_k$ since $p_k > 0$"),
    Step("normalization_gives_n_exp_of_minus_1_minus_lambda1_equals_1", "into_constraint",
         Eq(n * exp(-1 - lambda1), 1), uses=("p_k_equals_exp_of_minus_1_minus_lambda1",),
         args=(("constraint", NORMALIZATION),),
         caption=(r"all $n$ entries equal {p_k_equals_exp_of_minus_1_minus_lambda1}; put them "
                  r"into $\sum_i p_i = 1$")),
    Step("lambda1_equals_log_n_minus_1", "solve_for", Eq(lambda1, log(n) - 1),
         uses=("normalization_gives_n_exp_of_minus_1_minus_lambda1_equals_1",),
         args=(("unknown", lambda1),),
         caption=(r"take logarithms; $n e^{-1-\lambda_1}$ is strictly decreasing in $\lambda_1$, "
                  r"so this is the only solution")),
    Step("p_k_equals_1_over_n", "substitute", Eq(p[k], 1 / n),
         uses=("lambda1_equals_log_n_minus_1", "p_k_equals_exp_of_minus_1_minus_lambda1"),
         caption=(r"put {lambda1_equals_log_n_minus_1} into "
                  r"{p_k_equals_exp_of_minus_1_minus_lambda1}: $e^{-\log n} = 1/n$")),
    Step("hessian_of_entropy_is_minus_delta_kj_over_p_k", "identity",
         Eq(Derivative(H, p[k], p[j]), -KroneckerDelta(k, j) / p[k]), section="optimality",
         caption=("differentiate $H$ twice; each of its terms holds a single $p_i$, so only the "
                  "diagonal is nonzero")),
    Step("hessian_diagonal_entries_are_negative", "inequality", Lt(-1 / p[k], 0, evaluate=False),
         section="optimality",
         caption=("each diagonal entry is negative where $p_k > 0$: $H$ is strictly concave on "
                  "the open simplex")),
    Step("maximizer_is_interior_so_nonnegativity_is_inactive", "inequality", Gt(1 / n, 0, evaluate=False),
         section="optimality",
         caption=r"the maximizer has positive entries, so the bounds $p_i \geq 0$ are inactive"),
)




def _cases(n, rng):
    """No data: the problem depends on n alone."""
    return [Case()]


def _reference(n, values, unknowns):
    """1/n and log n - 1 computed as softmax and logsumexp of zeros."""
    zero = np.zeros(n)
    return softmax(zero), {lambda1: logsumexp(zero) - 1.0}


DERIVATION = Derivation(
    name="entropy_uniform",
    title="Maximum entropy under normalization: the uniform distribution",
    summary="Maximizing the Shannon entropy over the probability simplex gives the uniform "
            "distribution: every class is equally likely.",
    sources=("000",),
    steps=STEPS,
    dimension=n,
    numeric=CrossCheck(PROBLEM, optimizer="p_k_equals_1_over_n",
                       stationarity="stationarity_sets_minus_log_p_k_minus_1_minus_lambda1_to_zero",
                       multipliers=((lambda1, "lambda1_equals_log_n_minus_1"),), cases=_cases,
                       reference=_reference),
    assumptions=(
        r"$n \geq 1$ is an integer and $p_1, \dots, p_n > 0$.",
        r"The only constraint is $\sum_{i=1}^{n} p_i = 1$, and $L = H - \lambda_1 "
        r"(\sum_{i=1}^{n} p_i - 1)$ in the sign convention of the source.",
    ),
    statement=(r"Then the entropy $H(p) = -\sum_{i=1}^{n} p_i \log p_i$ has exactly one maximizer "
               r"under the constraint: the uniform distribution {=p_k_equals_1_over_n} for "
               r"$k = 1, \dots, n$. Its multiplier is {=lambda1_equals_log_n_minus_1}."),
    notes=(
        ("derivation", r"At a maximizer with positive entries the Lagrangian is stationary; "
                       r"solving the stationarity condition and the constraint gives $p$ and "
                       r"$\lambda_1$."),
        ("optimality", r"A stationary point of a strictly concave function under an affine "
                       r"constraint is its only maximizer. So {p_k_equals_1_over_n} is the "
                       r"maximizer once $H$ is strictly concave and the point lies inside "
                       r"the simplex."),
    ),
    result="p_k_equals_1_over_n",
    numeric_labels=(
        ("entropy_uniform.optimizer", r"solver's maximizer vs $p_k = 1/n$"),
        ("entropy_uniform.multipliers", r"solver's multiplier vs $\lambda_1 = \log n - 1$"),
        ("entropy_uniform.stationarity", r"stationarity $-\log p_k - 1 - \lambda_1 = 0$ at the "
                                         r"solver's optimum and multiplier"),
        ("entropy_uniform.reference", r"$1/n$ and $\log n - 1$ in double precision (softmax and "
                                      r"log-sum-exp of zeros) vs 50 digits"),
    ),
)

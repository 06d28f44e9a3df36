"""Catalogue: what the softmax values are (sign, bounds, sum, order, shift, sigmoid, temperature).

Notation: ``softmax(z, k) = exp(z_k) / Σ_{i=1}^{n} exp(z_i)`` with real
logits ``z`` and indices ``Idx`` over ``1..n``; ``S`` are 002's scores;
``τ > 0`` is a temperature and ``λ₂`` 000's second multiplier.

Sources: 000 (softmax from maximum entropy), 002 (softmax and its gradient,
equations numbered as there), 003 (CS 181 notes, items numbered as there).
Claims SymPy would settle on construction are built unevaluated, so that the
checker decides them and the documents show them.
"""
from __future__ import annotations

from sympy import Gt, Sum, Symbol, exp, log

from ..symbols import S, c, i, k, l, lambda2, n, tau, z
from .identity import Identity, equation, softmax

__all__ = ["ENTRIES"]


def _sigmoid(t):
    return 1 / (1 + exp(-t))


def _tempered(q):
    """Softmax of the logits divided by the temperature, ``softmax(z / τ)_q``."""
    return exp(z[q] / tau) / Sum(exp(z[i] / tau), (i, 1, n))


def _gibbs(q):
    """000's Gibbs form ``exp(-λ₂ z_q) / Σ_i exp(-λ₂ z_i)``."""
    return exp(-lambda2 * z[q]) / Sum(exp(-lambda2 * z[i]), (i, 1, n))


_q = Symbol("q", integer=True)    # a plain summation index for the two-class sum over 0..1

ENTRIES = (
    Identity("softmax_is_positive",
             "Each softmax value is strictly positive.",
             Gt(softmax(z, k), 0, evaluate=False),
             source="003, item 1; 000, requirement 1 (positive outputs)"),
    Identity("softmax_is_at_most_one",
             "Each softmax value is at most one.",
             softmax(z, k) <= 1,
             source="003, item 1"),
    Identity("softmax_is_below_one_for_two_or_more_classes",
             "With two or more classes each softmax value is strictly below one.",
             softmax(z, k) < 1, given=(n >= 2,),
             source="003, item 1 (the strict bound needs a second class)", min_n=2),
    Identity("softmax_sums_to_one",
             "The softmax values add up to one.",
             equation(Sum(softmax(z, l), (l, 1, n)), 1),
             source="003, item 2; 000, requirement 2; 002, section 1.1"),
    Identity("softmax_preserves_strict_order",
             "A strictly larger logit gets a strictly larger softmax value.",
             softmax(z, k) < softmax(z, l), given=(z[k] < z[l],),
             source="003, item 3"),
    Identity("softmax_preserves_order",
             "A logit at least as large gets a softmax value at least as large.",
             softmax(z, k) <= softmax(z, l), given=(z[k] <= z[l],),
             source="003, item 3 (the argument given there, with <=)"),
    Identity("softmax_is_shift_invariant",
             "Adding one constant to every logit leaves the softmax unchanged.",
             equation(exp(z[k] + c) / Sum(exp(z[i] + c), (i, 1, n)), softmax(z, k)),
             source="000, solution of the original problem (the factor exp(-1 - lambda_1) "
                    "cancels in the normalisation)"),
    Identity("softmax_of_two_classes_is_the_logistic_sigmoid",
             "With two classes the probability of the second is the logistic sigmoid of the score "
             "difference.",
             equation(exp(S[1]) / Sum(exp(S[_q]), (_q, 0, 1)), _sigmoid(S[1] - S[0])),
             source="002, section 2.2 (the logistic model on two classes, after eq. (10)); "
                    "eq. (1) with K = 1"),
    Identity("softmax_is_a_sigmoid_of_the_logit_against_the_rest",
             "Each softmax value is the sigmoid of its logit minus the log-sum-exp of the others.",
             equation(softmax(z, k), _sigmoid(z[k] - log(Sum(exp(z[i]), (i, 1, n)) - exp(z[k]))),
                evaluate=False),
             given=(n >= 2,),
             source="002, eq. (6) and the remark after it (the diagonal term is the logistic "
                    "derivative)", min_n=2),
    Identity("softmax_with_temperature_is_the_gibbs_form",
             "Dividing the logits by a temperature gives the Gibbs form with multiplier minus one "
             "over it.",
             equation(_gibbs(k), _tempered(k)), given=(equation(lambda2, -1 / tau),),
             source="000, final Gibbs form p_i = exp(-lambda_2 z_i) / sum_j exp(-lambda_2 z_j) "
                    "(lambda_2 = -1 is tau = 1)"),
    Identity("softmax_with_temperature_preserves_strict_order",
             "At any positive temperature a larger logit still gets a larger probability.",
             _tempered(k) < _tempered(l), given=(z[k] < z[l],),
             source="003, item 3, applied to z / tau with tau > 0"),
)

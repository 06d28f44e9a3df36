"""Catalogue: gradients of log-sum-exp, of the cross-entropy and of the two models.

* 002's maximum-entropy model, eq. (2): ``P_k = exp(Σ_d W_dk x_d) / Σ_m exp(Σ_d W_dm x_d)``
  with features ``d`` in ``1..D`` and classes in ``1..n``.  The catalogue
  states both the gradient of ``log P_c`` in ``W_dk`` and the gradient of the
  cross-entropy ``-Σ_c y_c log P_c``, which is ``(P_k - y_k) x_d`` when the
  targets sum to one (eqs. (12) and (13) composed with the chain rule).
* 003's multiclass logistic regression, item 5, per feature ``d``: data
  ``X[s, d]`` for samples ``s`` in ``1..N``, weights ``W[l, d]`` for classes
  ``l``, one-hot labels ``Y[s, k]`` whose rows sum to one (a hypothesis that
  holds for every sample ``r``).
"""
from __future__ import annotations

from sympy import Derivative, KroneckerDelta, Sum, exp, log

from ..symbols import D, N, S, W, X, Y, i, index, j, k, l, m, n, tau, x, y, z
from .identity import Identity, equation, softmax

__all__ = ["ENTRIES"]

d, e = index("d", D), index("e", D)        # features
s, r = index("s", N), index("r", N)        # samples


def _P(q):
    return softmax(S, q)


def _maxent(q):
    """002, eq. (2): the class-``q`` probability of the maximum-entropy model."""
    score = lambda cls: Sum(W[e, cls] * x[e], (e, 1, D))       # noqa: E731
    return exp(score(q)) / Sum(exp(score(m)), (m, 1, n))


def _lr(sample, cls):
    """003: ``p(C_cls | x_sample)`` with scores ``w_cls · x_sample``."""
    score = lambda c: Sum(W[c, e] * X[sample, e], (e, 1, D))   # noqa: E731
    return exp(score(cls)) / Sum(exp(score(m)), (m, 1, n))


_targets_sum_to_one = equation(Sum(y[i], (i, 1, n)), 1)
_one_hot_rows = equation(Sum(Y[r, k], (k, 1, n)), 1)
_cross_entropy = -Sum(y[i] * log(_P(i)), (i, 1, n))
_maxent_ce = -Sum(y[l] * log(_maxent(l)), (l, 1, n))
_nll = -Sum(Sum(Y[s, k] * log(_lr(s, k)), (k, 1, n)), (s, 1, N))
_nll_gradient = Sum((_lr(s, j) - Y[s, j]) * X[s, d], (s, 1, N))

ENTRIES = (
    Identity("log_sum_exp_gradient_is_softmax",
             "The gradient of log-sum-exp is the softmax.",
             equation(Derivative(log(Sum(exp(z[i]), (i, 1, n))), z[k]), softmax(z, k)),
             source="003, item 5 (derivative of ln p, whose normaliser is log-sum-exp); "
                    "002, eq. (9)"),
    Identity("log_sum_exp_with_temperature_gradient_is_tempered_softmax",
             "The gradient of the temperature-scaled log-sum-exp is the softmax of the scaled logits.",
             equation(Derivative(tau * log(Sum(exp(z[i] / tau), (i, 1, n))), z[k]),
                exp(z[k] / tau) / Sum(exp(z[i] / tau), (i, 1, n))),
             source="000, Gibbs form with lambda_2 = -1/tau; 003, item 5"),
    Identity("cross_entropy_gradient_for_any_targets",
             "For any targets the cross-entropy gradient in a score is the probability times the "
             "target total minus the target.",
             equation(Derivative(_cross_entropy, S[k]), _P(k) * Sum(y[i], (i, 1, n)) - y[k]),
             source="002, eq. (12), second line (before sum_i y(i) = 1 is used)"),
    Identity("cross_entropy_gradient_with_normalised_targets",
             "When the targets sum to one the cross-entropy gradient in a score is the probability "
             "minus the target.",
             equation(Derivative(_cross_entropy, S[k]), _P(k) - y[k]), given=(_targets_sum_to_one,),
             source="002, eqs. (12) and (13)"),
    Identity("cross_entropy_gradient_needs_normalised_targets",
             "Without targets that sum to one, the gradient formula probability minus target is false.",
             equation(Derivative(_cross_entropy, S[k]), _P(k) - y[k]),
             source="002, eq. (12), last step (it uses sum_i y(i) = 1)", expected="refuted"),
    Identity("maxent_log_probability_gradient",
             "In the maximum-entropy model a log-probability differentiated in a weight is the "
             "feature times a Kronecker delta minus the probability.",
             equation(Derivative(log(_maxent(l)), W[d, k]), x[d] * (KroneckerDelta(l, k) - _maxent(k))),
             source="002, eq. (2)"),
    Identity("maxent_cross_entropy_gradient",
             "With targets summing to one, the maximum-entropy cross-entropy gradient in a weight is "
             "probability minus target, times the feature.",
             equation(Derivative(_maxent_ce, W[d, k]), (_maxent(k) - y[k]) * x[d]),
             given=(_targets_sum_to_one,),
             source="002, eqs. (2), (12) and (13), with dS_k/dW_dk = x_d"),
    Identity("logistic_regression_nll_gradient",
             "With one-hot labels the negative log-likelihood gradient in a class weight is the sum "
             "over samples of probability minus label, times the feature.",
             equation(Derivative(_nll, W[j, d]), _nll_gradient), given=(_one_hot_rows,),
             source="003, item 5"),
    Identity("logistic_regression_nll_gradient_needs_one_hot_rows",
             "Without label rows that sum to one, that gradient formula is false.",
             equation(Derivative(_nll, W[j, d]), _nll_gradient),
             source="003, item 5 (its last step uses sum_k y_ik = 1)", expected="refuted"),
)

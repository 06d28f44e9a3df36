"""Catalogue: the softmax Jacobian and its structure.

``J_kj = ∂p_k/∂z_j`` for ``p = softmax(z)``.  Besides the formula itself
(003 item 4, 002 eqs. (6) and (7)) the entries record what follows from it:
``J`` is symmetric, its rows sum to zero, ``J = diag(p) - p pᵀ`` sends the
all-ones vector to zero, and its quadratic form is a variance, hence
nonnegative.  Positive semidefiniteness is the pair
``jacobian_quadratic_form_is_a_variance`` (an identity) and
``softmax_jacobian_is_positive_semidefinite`` (the sign of the variance):
together they give ``vᵀ J v >= 0`` for every real ``v``.
"""
from __future__ import annotations

from sympy import Derivative, Ge, IndexedBase, KroneckerDelta, Ne, Sum, exp

from ..symbols import S, i, j, k, m, n, tau, z
from .identity import Identity, equation, softmax

__all__ = ["ENTRIES"]

v = IndexedBase("v", real=True)      # an arbitrary real vector for the quadratic form


def _J(a, b):
    """``∂ softmax(z)_a / ∂ z_b`` as an unevaluated derivative."""
    return Derivative(softmax(z, a), z[b])


def _P(q):
    """002's notation: ``P_q = exp(S_q) / Σ_m exp(S_m)``."""
    return softmax(S, q, bound=m)


def _tempered(q):
    return exp(z[q] / tau) / Sum(exp(z[i] / tau), (i, 1, n))


def _rest(q):
    """002's ``C_q``: the normaliser without the ``q``-th term, eq. (4)."""
    return Sum(exp(S[m]), (m, 1, n)) - exp(S[q])


_p = lambda q: softmax(z, q)          # noqa: E731  (short local notation)
_mean_v = Sum(_p(j) * v[j], (j, 1, n))

ENTRIES = (
    Identity("softmax_jacobian",
             "A softmax value differentiated in a logit is the value times a Kronecker delta minus "
             "the other value.",
             equation(_J(k, j), _p(k) * (KroneckerDelta(k, j) - _p(j))),
             source="003, item 4; 002, eq. (7)"),
    Identity("softmax_jacobian_diagonal_entry",
             "A probability differentiated in its own score, written with the rest of the normaliser "
             "as Tian writes it.",
             equation(Derivative(_P(j), S[j]), _rest(j) * exp(S[j]) / (_rest(j) + exp(S[j]))**2),
             source="002, eqs. (4) and (6), case i = j"),
    Identity("softmax_jacobian_diagonal_entry_is_p_times_one_minus_p",
             "A probability differentiated in its own score is the probability times one minus it.",
             equation(Derivative(_P(j), S[j]), _P(j) * (1 - _P(j))),
             source="002, eq. (6), case i = j"),
    Identity("softmax_jacobian_off_diagonal_entry",
             "A probability differentiated in another class's score is minus the product of the two "
             "probabilities.",
             equation(Derivative(_P(i), S[j]), -_P(i) * _P(j)), given=(Ne(i, j),),
             source="002, eq. (6), case i != j"),
    Identity("softmax_jacobian_is_symmetric",
             "The softmax Jacobian is symmetric.",
             equation(_J(k, j), _J(j, k)),
             source="003, item 4 (the formula is symmetric in k and j); 002, eq. (7)"),
    Identity("softmax_jacobian_rows_sum_to_zero",
             "Each row of the softmax Jacobian sums to zero.",
             equation(Sum(_J(k, j), (j, 1, n)), 0),
             source="003, items 2 and 4 (differentiate the sum to one)"),
    Identity("softmax_jacobian_annihilates_the_ones_vector",
             "The Jacobian in matrix form, diagonal of p minus p times p transposed, maps the ones "
             "vector to zero.",
             equation(Sum((_p(k) * KroneckerDelta(k, j) - _p(k) * _p(j)) * 1, (j, 1, n)), 0),
             source="003, item 4 written as a matrix; 002, eq. (7)"),
    Identity("jacobian_quadratic_form_is_a_variance",
             "The quadratic form of the Jacobian in any vector is the softmax-weighted variance of "
             "that vector.",
             equation(Sum(Sum(v[k] * _J(k, j) * v[j], (j, 1, n)), (k, 1, n)),
                Sum(_p(i) * (v[i] - _mean_v)**2, (i, 1, n))),
             source="003, item 4 (quadratic form of the Jacobian)"),
    Identity("softmax_jacobian_is_positive_semidefinite",
             "That weighted variance is nonnegative, so the Jacobian is positive semidefinite.",
             Ge(Sum(_p(i) * (v[i] - _mean_v)**2, (i, 1, n)), 0, evaluate=False),
             source="003, item 4, with jacobian_quadratic_form_is_a_variance"),
    Identity("softmax_with_temperature_jacobian",
             "At a temperature the Jacobian of the tempered softmax is divided by the temperature.",
             equation(Derivative(_tempered(k), z[j]), _tempered(k) * (KroneckerDelta(k, j) - _tempered(j)) / tau),
             source="003, item 4 applied to z / tau; 000, Gibbs form with lambda_2 = -1/tau"),
)

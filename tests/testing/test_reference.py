"""Tests for derive.testing.reference: the vectorized values agree with the 50-digit evaluator
of the kernel, entry by entry, and the error bound follows its rules."""
from __future__ import annotations

import mpmath
import numpy as np
import pytest
from sympy import (Abs, Idx, Indexed, IndexedBase, KroneckerDelta, Max, Min, Piecewise, Product,
                   Rational, Sum, exp, log, pi, sqrt, symbols, tanh)

from derive.kernel.evaluate import evaluate
from derive.symbols import N, X, i, j, k, n, tau, y, z
from derive.testing.reference import Grid, Unevaluable, evaluate_grid

b = Idx("b", (1, N))
c = Idx("c", N)                      # 0 .. N-1
W = IndexedBase("W", real=True)

_EXPRESSIONS = [
    ("softmax", exp(z[k]) / Sum(exp(z[i]), (i, 1, n)), (k,)),
    ("jacobian", exp(z[k]) / Sum(exp(z[i]), (i, 1, n)) * (KroneckerDelta(k, j) - exp(z[j]) /
                                                          Sum(exp(z[i]), (i, 1, n))), (k, j)),
    ("log-softmax", z[k] - log(Sum(exp(z[i]), (i, 1, n))), (k,)),
    ("nested-sums", Sum(y[i] * log(Sum(exp(z[j] - z[i]), (j, 1, n))), (i, 1, n)), ()),
    ("partial-sum", Sum(exp(z[i]), (i, 1, k)), (k,)),
    ("reversed-sum", Sum(z[i], (i, 3, 1)), ()),
    ("powers", sqrt(1 + z[k] ** 2) + Rational(1, 3) * z[k] ** 3 - (2 + z[k] ** 2) ** Rational(-3, 2), (k,)),
    ("temperature", exp(z[k] / tau) / Sum(exp(z[i] / tau), (i, 1, n)), (k,)),
    ("piecewise", Piecewise((z[k], z[k] > 0), (-2 * z[k], True)) + Abs(z[k]) + Max(z[k], 1) - Min(z[k], -1), (k,)),
    ("index-arithmetic", Piecewise((z[k + 1], k < n), (z[1], True)) * k, (k,)),
    ("product", Product(1 + exp(-Abs(z[i])), (i, 1, n)), ()),
    ("constants", pi * z[k] + exp(1) / 7, (k,)),
    ("function", tanh(z[k]), (k,)),
    ("two-index", exp(X[b, k]) / Sum(exp(X[b, i]), (i, 1, n)), (b, k)),
    ("zero-based", Sum(W[c, k], (c, 0, N - 1)) * W[c, k], (c, k)),
]


def _inputs(rng, size, rows):
    return {z: rng.uniform(-30, 30, size), y: rng.dirichlet(np.ones(size)),
            X: rng.normal(0, 30, (rows, size)), W: rng.normal(0, 3, (rows, size))}


def _grid(expr, values, axes_idx, size, rows):
    families = {}
    for fam, arr in values.items():
        lowers = (0, 1) if fam == W else (1,) * arr.ndim
        families[fam] = (arr[None], lowers)
    ranges = {k: (1, size), j: (1, size), b: (1, rows), c: (0, rows - 1)}
    axes = [(idx, np.arange(ranges[idx][0], ranges[idx][1] + 1)) for idx in axes_idx]
    return Grid(1, families, {tau: 0.7}, {n: size, N: rows}, axes)


def _env(values, size, rows):
    env = {n: size, N: rows, tau: 0.7}
    for fam, arr in values.items():
        lowers = (0, 1) if fam == W else (1,) * arr.ndim
        for pos in np.ndindex(arr.shape):
            env[Indexed(fam, *(p + lo for p, lo in zip(pos, lowers)))] = float(arr[pos])
    return env


@pytest.mark.parametrize("name, expr, axes", _EXPRESSIONS, ids=[e[0] for e in _EXPRESSIONS])
def test_values_agree_with_the_mpmath_evaluator(name, expr, axes):
    rng = np.random.default_rng(len(name))
    size, rows = 6, 3
    values = _inputs(rng, size, rows)
    value, log_sigma = evaluate_grid(expr, _grid(expr, values, axes, size, rows))
    env = _env(values, size, rows)
    ranges = {k: 1, j: 1, b: 1, c: 0}
    with mpmath.workdps(50):
        for pos in np.ndindex(value.shape[1:]):
            point = {**env, **{idx: p + ranges[idx] for idx, p in zip(axes, pos)}}
            expected = evaluate(expr, point, dps=50)
            got = value.mpf((0, *pos))
            sigma = mpmath.mpf(2) ** float(log_sigma[(0, *pos)])
            assert abs(got - expected) <= 1e-20 * max(sigma, abs(expected)), (pos, got, expected)
            assert sigma >= abs(expected) * (1 - 1e-12)          # the result's own rounding


def test_the_error_bound_follows_its_rules():
    zs = np.array([[2.0, -3.0]])
    grid = Grid(1, {z: (zs, (1,))}, {}, {n: 2}, [(k, np.array([1, 2]))])
    _, leaf = evaluate_grid(z[k], grid)
    assert np.allclose(np.exp2(leaf), [[2.0, 3.0]])                      # |x|
    _, e = evaluate_grid(exp(z[k]), grid)
    assert np.allclose(np.exp2(e), np.exp(zs) * (np.abs(zs) + 1))        # exp(a) (sigma_a + 1)
    _, s = evaluate_grid(Sum(z[i], (i, 1, n)), Grid(1, {z: (zs, (1,))}, {}, {n: 2}, []))
    assert np.allclose(np.exp2(s), 5.0 + 5.0)                   # the terms' bounds + one rounding
    _, p = evaluate_grid(z[k] * 3, grid)
    assert np.allclose(np.exp2(p), 2 * 3 * np.abs(zs))                  # |3| sigma + |3 z|


def test_inputs_given_exactly_carry_no_error_and_low_parts_are_added():
    zs = np.array([[2.0, -3.0]])
    exact = Grid(1, {z: (zs, (1,))}, {tau: 0.5}, {n: 2}, [(k, np.array([1, 2]))], carry=frozenset())
    _, leaf = evaluate_grid(z[k], exact)
    assert np.all(leaf == -np.inf)                                       # exact: no error
    _, e = evaluate_grid(exp(z[k]), exact)
    assert np.allclose(np.exp2(e), np.exp(zs))                           # exp rounds once
    _, t = evaluate_grid(tau * z[k], exact)
    assert np.allclose(np.exp2(t), 0.5 * np.abs(zs))                     # the product's rounding only
    carried = Grid(1, {z: (zs, (1,))}, {}, {n: 2}, [(k, np.array([1, 2]))], {z: np.array([[2.0 ** -60, 0.0]])},
                   frozenset({z}))
    value, leaf = evaluate_grid(z[k], carried)
    with mpmath.workdps(40):
        assert value.mpf((0, 0)) == 2 + mpmath.mpf(2) ** -60            # hi + lo, exactly
    assert np.allclose(np.exp2(leaf), [[2.0, 3.0]])                      # a carried input: |x|


@pytest.mark.parametrize("count, roundings", [(2, 1), (3, 2), (8, 3), (17, 5), (101, 10), (10001, 100)])
def test_a_sum_is_charged_pairwise_or_probabilistic_roundings(count, roundings):
    ones = np.ones((1, count))
    grid = Grid(1, {z: (ones, (1,))}, {}, {n: count}, [], carry=frozenset())
    _, s = evaluate_grid(Sum(z[i], (i, 1, n)), grid)
    # max(ceil(log2 r), sqrt(r - 1)) roundings of the sum of the terms' magnitudes
    assert np.isclose(np.exp2(s), roundings * count)


def test_large_logits_neither_overflow_nor_lose_precision():
    zs = np.array([[1e4, 1e4 - 30.0, -1e4]])
    grid = Grid(1, {z: (zs, (1,))}, {}, {n: 3}, [(k, np.arange(1, 4))])
    value, _ = evaluate_grid(exp(z[k]) / Sum(exp(z[i]), (i, 1, n)), grid)
    with mpmath.workdps(50):
        total = mpmath.fsum(mpmath.exp(mpmath.mpf(v)) for v in zs[0])
        for t in range(3):
            expected = mpmath.exp(mpmath.mpf(zs[0, t])) / total
            assert abs(value.mpf((0, t)) - expected) <= 1e-20 * expected


_UNEVALUABLE = [
    ("unbound-symbol", z[k] * symbols("t"), "no value for t"),
    ("unknown-family", IndexedBase("q")[k], "no values for family q"),
    ("wrong-rank", z[k, j], "indices"),
]


@pytest.mark.parametrize("name, expr, text", _UNEVALUABLE, ids=[u[0] for u in _UNEVALUABLE])
def test_what_cannot_be_evaluated_is_named(name, expr, text):
    grid = Grid(1, {z: (np.zeros((1, 3)), (1,))}, {}, {n: 3}, [(k, np.arange(1, 4)), (j, np.arange(1, 4))])
    with pytest.raises(Unevaluable, match=text):
        evaluate_grid(expr, grid)


# --------------------------------------------------------------------------- the tolerance model

def _softmax(zs):
    e = np.exp(zs - zs.max(axis=-1, keepdims=True))
    return e / e.sum(axis=-1, keepdims=True)


def _sigmoid(zs):
    return 0.5 * (1 + np.tanh(zs / 2))


# (name, expr, the Jacobian d f_k / d z_j as an array [batch, k, j], computed stably)
_CONDITIONED = [
    ("softmax", exp(z[k]) / Sum(exp(z[i]), (i, 1, n)),
     lambda zs: _softmax(zs)[:, :, None] * (np.eye(zs.shape[1]) - _softmax(zs)[:, None, :])),
    ("log-softmax", z[k] - log(Sum(exp(z[i]), (i, 1, n))),
     lambda zs: np.eye(zs.shape[1])[None] - _softmax(zs)[:, None, :]),
    ("sigmoid", 1 / (1 + exp(-z[k])),
     lambda zs: np.eye(zs.shape[1])[None] * (_sigmoid(zs) * _sigmoid(-zs))[:, :, None]),
    ("temperature", exp(z[k] / 2) / Sum(exp(z[i] / 2), (i, 1, n)),
     lambda zs: _softmax(zs / 2)[:, :, None] * (np.eye(zs.shape[1]) - _softmax(zs / 2)[:, None, :]) / 2),
]
_LOGITS = [("normal", lambda rng, m: rng.normal(0, 3, (4, m))),
           ("large", lambda rng, m: rng.uniform(-1000, 1000, (4, m))),
           ("one-hot-ish", lambda rng, m: rng.normal(0, 1, (4, m)) + 40 * np.eye(m)[:4 % m]),
           ("negative", lambda rng, m: rng.normal(-1000, 50, (4, m)))]


@pytest.mark.parametrize("kind, draw", _LOGITS, ids=[d[0] for d in _LOGITS])
@pytest.mark.parametrize("name, expr, jacobian", _CONDITIONED, ids=[c[0] for c in _CONDITIONED])
def test_sigma_with_every_input_rounded_bounds_the_condition(name, expr, jacobian, kind, draw):
    # a backward-stable implementation moves f_k by up to u * sum_j |df_k/dz_j| |z_j|: sigma,
    # with every input entry carrying one rounding (carry None), is at least that
    rng = np.random.default_rng(7)
    for m in (3, 8):
        zs = draw(rng, m)
        grid = Grid(4, {z: (zs, (1,))}, {}, {n: m}, [(k, np.arange(1, m + 1))])
        _, ls = evaluate_grid(expr, grid)
        condition = np.einsum("bkj,bj->bk", np.abs(jacobian(zs)), np.abs(zs))
        normal = condition > 1e-300          # the float64 Jacobian itself is inexact in subnormals
        assert np.all(np.exp2(ls)[normal] >= condition[normal] * (1 - 1e-9)), (np.exp2(ls), condition)


def test_sigma_at_an_exactly_given_input_is_below_the_condition_at_large_logits():
    # the rule the inputs-exact model broke: sigma must not drop below the condition
    zs = np.array([[-994.5, 714.8, -932.8, 459.3, -648.7, 726.4, 82.9, -400.6]])
    expr = exp(z[k]) / Sum(exp(z[i]), (i, 1, n))
    exact = Grid(1, {z: (zs, (1,))}, {}, {n: 8}, [(k, np.arange(1, 9))], carry=frozenset())
    _, ls = evaluate_grid(expr, exact)
    p = _softmax(zs)
    condition = np.einsum("bkj,bj->bk", np.abs(p[:, :, None] * (np.eye(8) - p[:, None, :])), np.abs(zs))
    assert np.any(np.exp2(ls) < condition)

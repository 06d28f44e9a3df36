"""Tests for derive.testing.derivatives: gradients, Jacobians and VJPs against the symbolic
derivative, batch-mean losses included; wrong ones fail, bad arguments are refused."""
from __future__ import annotations

import numpy as np
import pytest
from scipy import special
from sympy import Eq, Idx, Matrix, Sum, exp, log, symbols

from derive.symbols import N, X, Y, i, k, n, tau, y, z
from derive.testing import assert_gradient, assert_jacobian, assert_vjp

SOFTMAX = exp(z[k]) / Sum(exp(z[i]), (i, 1, n))
LOGSUMEXP = log(Sum(exp(z[i]), (i, 1, n)))
LOG_SOFTMAX = z[k] - log(Sum(exp(z[i]), (i, 1, n)))
CROSS_ENTROPY = -Sum(y[i] * (z[i] - log(Sum(exp(z[k]), (k, 1, n)))), (i, 1, n))
b = Idx("b", (1, N))
MEAN_CE = -Sum(Y[b, i] * (X[b, i] - log(Sum(exp(X[b, k]), (k, 1, n)))), (i, 1, n), (b, 1, N)) / N
SMALL = dict(ns=(1, 2, 7), kinds=("normal", "large", "one-hot-ish"))
z1, z2, z3 = symbols("z1 z2 z3", real=True)
S3 = exp(z1) + exp(z2) + exp(z3)


def _one_hot(size, rng):
    return np.eye(size)[rng.integers(size)]


def _one_hot_rows(shape, rng):
    return np.eye(shape[1])[rng.integers(shape[1], size=shape[0])]


def _jacobian(v):
    p = special.softmax(v, axis=-1)
    return np.einsum("...k,kj->...kj", p, np.eye(v.shape[-1])) - p[..., :, None] * p[..., None, :]


def _small(expr):
    general = not isinstance(expr, (list, Matrix)) and expr.has(n)
    return SMALL if general else {"kinds": SMALL["kinds"]}


_RIGHT = [
    ("gradient-cross-entropy", assert_gradient, lambda v, t: special.softmax(v) * t.sum() - t,
     CROSS_ENTROPY, dict(extra={y: _one_hot})),
    ("gradient-logsumexp", assert_gradient, special.softmax, log(Sum(exp(z[i]), (i, 1, n))), {}),
    ("gradient-batch-mean", assert_gradient, lambda x, t: (special.softmax(x, axis=1) - t) / x.shape[0],
     MEAN_CE, dict(family=X, extra={Y: _one_hot_rows})),
    ("gradient-batched-per-slice", assert_gradient, lambda v, t: special.softmax(v, axis=0) - t,
     CROSS_ENTROPY, dict(extra={y: _one_hot}, batch=(3,), axis=0)),
    ("gradient-explicit", assert_gradient, lambda v: special.softmax(v) - np.array([0.0, 1.0, 0.0]),
     -log(exp(z2) / S3), {}),
    ("jacobian", assert_jacobian, _jacobian, SOFTMAX, {}),
    ("jacobian-batched", assert_jacobian, _jacobian, SOFTMAX, dict(batch=(2,))),
    ("jacobian-log-softmax", assert_jacobian, lambda v: np.eye(v.size) - special.softmax(v)[None, :],
     LOG_SOFTMAX, {}),
    ("jacobian-explicit-matrix", assert_jacobian, _jacobian, Matrix([exp(z1) / S3, exp(z2) / S3, exp(z3) / S3]),
     {}),
    ("jacobian-temperature", assert_jacobian, lambda v, t: _jacobian(v / t) / t,
     exp(z[k] / tau) / Sum(exp(z[i] / tau), (i, 1, n)), dict(extra={tau: 0.5})),
    ("vjp-softmax", assert_vjp, lambda v, g: special.softmax(v) * (g - (g * special.softmax(v)).sum()),
     SOFTMAX, {}),
    ("vjp-scalar", assert_vjp, lambda v, g: g * special.softmax(v), log(Sum(exp(z[i]), (i, 1, n))), {}),
    ("vjp-explicit", assert_vjp, lambda v, g: special.softmax(v) * (g - (g * special.softmax(v)).sum()),
     [exp(z1) / S3, exp(z2) / S3, exp(z3) / S3], {}),
]


@pytest.mark.parametrize("name, check, fn, expr, options", _RIGHT, ids=[r[0] for r in _RIGHT])
def test_right_derivatives_pass(name, check, fn, expr, options):
    assert check(fn, expr, **{**_small(expr), **options}) > 0


_WRONG = [
    ("gradient-batch-sum-not-mean", assert_gradient, lambda x, t: special.softmax(x, axis=1) - t,
     MEAN_CE, dict(family=X, extra={Y: _one_hot_rows}), "N = 3"),
    ("gradient-sign", assert_gradient, lambda v, t: t - special.softmax(v), CROSS_ENTROPY,
     dict(extra={y: _one_hot}), "entry:"),
    ("jacobian-transposed", assert_jacobian, lambda v: (np.eye(v.size) - special.softmax(v)[None, :]).T,
     LOG_SOFTMAX, {}, "entry:"),
    ("vjp-is-jacobian-times-v", assert_vjp, lambda v, g: g - (special.softmax(v) * g).sum(),
     LOG_SOFTMAX, {}, "entry:"),
    ("explicit-gradient-of-another-class", assert_gradient,
     lambda v: special.softmax(v) - np.array([1.0, 0.0, 0.0]), -log(exp(z2) / S3), {}, r"entry \[\d\] of expr"),
]


@pytest.mark.parametrize("name, check, fn, expr, options, text", _WRONG, ids=[w[0] for w in _WRONG])
def test_wrong_derivatives_fail(name, check, fn, expr, options, text):
    with pytest.raises(AssertionError, match=text):
        check(fn, expr, **{**_small(expr), **options})


def test_the_symbolic_gradient_is_collapsed_to_closed_form():
    seen = []
    import derive.testing.derivatives as derivatives
    real = derivatives.assert_implementation

    def spy(fn, expr, **options):
        seen.append(expr)
        return real(fn, expr, **options)
    derivatives.assert_implementation = spy
    try:
        assert_gradient(lambda v, t: special.softmax(v) * t.sum() - t, CROSS_ENTROPY, extra={y: _one_hot},
                        ns=(3,), kinds=("normal",))
    finally:
        derivatives.assert_implementation = real
    text = str(seen[0])
    assert "KroneckerDelta" not in text and "y[_m]" in text


_BAD = [
    (assert_gradient, SOFTMAX, ValueError, "scalar"),
    (assert_gradient, [exp(z1) / S3, exp(z2) / S3], ValueError, "scalar"),
    (assert_jacobian, z[k] * z[i], ValueError, "indices"),
    (assert_jacobian, "exp(z[k])", TypeError, "expr"),
    (assert_jacobian, None, TypeError, "expr"),
    (assert_vjp, 5, TypeError, "expr"),
    (assert_gradient, Eq(z[k], 1), TypeError, "loss"),
]


@pytest.mark.parametrize("check, expr, error, word", _BAD)
def test_bad_arguments(check, expr, error, word):
    with pytest.raises(error, match=word):
        check(special.softmax, expr)


@pytest.mark.parametrize("check", [assert_gradient, assert_jacobian, assert_vjp])
def test_a_family_that_is_not_an_indexed_base_is_named(check):
    with pytest.raises(TypeError, match="family"):
        check(special.softmax, LOGSUMEXP if check is assert_gradient else SOFTMAX, family="z")


def test_without_the_normal_form_in_time_the_raw_derivative_is_checked(monkeypatch):
    import derive.testing.derivatives as derivatives
    monkeypatch.setattr(derivatives, "_SIMPLIFY_SECONDS", 1e-6)
    grad = lambda v, t: special.softmax(v) * t.sum() - t         # noqa: E731
    assert assert_gradient(grad, CROSS_ENTROPY, extra={y: _one_hot}, **SMALL) > 0
    with pytest.raises(AssertionError, match="KroneckerDelta"):  # the raw form, in the message
        assert_gradient(lambda v, t: t - special.softmax(v), CROSS_ENTROPY, extra={y: _one_hot}, **SMALL)

"""Real libraries, checked the way their users call them, pass with the default settings.

SciPy always; scikit-learn, PyTorch and JAX when installed (they are not
dependencies of derive), otherwise these tests are skipped with the reason.
"""
from __future__ import annotations

import contextlib

import numpy as np
import pytest
from scipy import special
from sympy import Idx, KroneckerDelta, Sum, exp, log

from derive.symbols import N, X, Y, i, j, k, n, z
from derive.testing import assert_gradient, assert_implementation, assert_jacobian

SOFTMAX = exp(z[k]) / Sum(exp(z[i]), (i, 1, n))
LOG_SOFTMAX = z[k] - log(Sum(exp(z[i]), (i, 1, n)))
LOGSUMEXP = log(Sum(exp(z[i]), (i, 1, n)))
JACOBIAN = SOFTMAX * (KroneckerDelta(k, j) - exp(z[j]) / Sum(exp(z[i]), (i, 1, n)))
b = Idx("b", (1, N))
MEAN_CROSS_ENTROPY = -Sum(Y[b, i] * (X[b, i] - log(Sum(exp(X[b, k]), (k, 1, n)))),
                          (i, 1, n), (b, 1, N)) / N
DTYPES = ["float32", "float64"]


def _one_hot_rows(shape, rng):
    return np.eye(shape[1])[rng.integers(shape[1], size=shape[0])]


# --------------------------------------------------------------------------- SciPy

_SCIPY = [
    ("softmax", lambda v: special.softmax(v, axis=-1), SOFTMAX),
    ("log_softmax", lambda v: special.log_softmax(v, axis=-1), LOG_SOFTMAX),
    ("logsumexp", lambda v: special.logsumexp(v, axis=-1), LOGSUMEXP),
]


@pytest.mark.parametrize("dtype", DTYPES)
@pytest.mark.parametrize("name, fn, expr", _SCIPY, ids=[s[0] for s in _SCIPY])
def test_scipy_passes_with_the_defaults(name, fn, expr, dtype):
    assert assert_implementation(fn, expr, dtype=dtype) > 0


@pytest.mark.parametrize("dtype", DTYPES)
@pytest.mark.parametrize("name, fn, expr", _SCIPY, ids=[s[0] for s in _SCIPY])
def test_scipy_passes_batched_along_axis_0(name, fn, expr, dtype):
    along_0 = {"softmax": lambda v: special.softmax(v, axis=0),
               "log_softmax": lambda v: special.log_softmax(v, axis=0),
               "logsumexp": lambda v: special.logsumexp(v, axis=0)}[name]
    assert assert_implementation(along_0, expr, dtype=dtype, batch=(3,), axis=0) > 0


def test_scipy_summing_along_a_strided_axis_passes_beyond_the_default_sizes():
    # along axis 0 NumPy sums one term after another, not pairwise: its error grows as sqrt(n)
    along_0 = lambda v: special.softmax(v, axis=0)        # noqa: E731
    assert assert_implementation(along_0, SOFTMAX, dtype="float32", batch=(3,), axis=0,
                                 ns=(100_000,), kinds=("normal", "negative")) > 0


# --------------------------------------------------------------------------- scikit-learn

@pytest.mark.parametrize("dtype", DTYPES)
def test_scikit_learn_softmax_takes_2d_input(dtype):
    extmath = pytest.importorskip("sklearn.utils.extmath",
                                  reason="scikit-learn is not installed (optional)")
    assert assert_implementation(extmath.softmax, SOFTMAX, dtype=dtype, batch=(4,)) > 0


# --------------------------------------------------------------------------- PyTorch

@pytest.fixture(scope="module")
def torch():
    return pytest.importorskip("torch", reason="PyTorch is not installed (optional)")


@pytest.mark.parametrize("dtype", DTYPES)
def test_torch_softmax_and_log_softmax(torch, dtype):
    wrap = torch.from_numpy
    assert assert_implementation(lambda t: torch.softmax(t, -1), SOFTMAX, dtype=dtype, wrap=wrap) > 0
    assert assert_implementation(lambda t: torch.softmax(t, 0), SOFTMAX, dtype=dtype, wrap=wrap,
                                 batch=(3,), axis=0) > 0
    assert assert_implementation(lambda t: torch.log_softmax(t, -1), LOG_SOFTMAX, dtype=dtype,
                                 wrap=wrap, batch=(3,)) > 0


@pytest.mark.parametrize("dtype", ["float16", "bfloat16"])
def test_torch_softmax_in_half_precision(torch, dtype):
    half = {"float16": torch.float16, "bfloat16": torch.bfloat16}[dtype]
    assert assert_implementation(lambda t: torch.softmax(t, -1), SOFTMAX, dtype=dtype,
                                 wrap=lambda a: torch.from_numpy(a).to(half), batch=(2,)) > 0


@pytest.mark.parametrize("dtype", DTYPES)
def test_torch_autograd_jacobian(torch, dtype):
    def jacobian(t):
        return torch.autograd.functional.jacobian(lambda u: torch.softmax(u, -1), t, vectorize=True)
    assert assert_implementation(jacobian, JACOBIAN, indices=(k, j), dtype=dtype,
                                 wrap=torch.from_numpy) > 0
    assert assert_jacobian(jacobian, SOFTMAX, dtype=dtype, wrap=torch.from_numpy, kinds=("large",)) > 0


@pytest.mark.parametrize("dtype", DTYPES)
def test_torch_cross_entropy_gradient_is_the_batch_mean(torch, dtype):
    def gradient(x, target):
        x = x.clone().requires_grad_(True)
        torch.nn.functional.cross_entropy(x, target).backward()      # reduction: the batch mean
        return x.grad
    assert assert_gradient(gradient, MEAN_CROSS_ENTROPY, family=X, extra={Y: _one_hot_rows},
                           dtype=dtype, wrap=torch.from_numpy) > 0


# --------------------------------------------------------------------------- JAX

@pytest.fixture(scope="module")
def jax():
    return pytest.importorskip("jax", reason="JAX is not installed (optional)")


def _precision(jax, dtype):
    return jax.enable_x64(True) if dtype == "float64" else contextlib.nullcontext()


@pytest.mark.parametrize("dtype", DTYPES)
def test_jax_softmax(jax, dtype):
    with _precision(jax, dtype):
        assert assert_implementation(jax.nn.softmax, SOFTMAX, dtype=dtype, wrap=jax.numpy.asarray) > 0


@pytest.mark.parametrize("dtype", DTYPES)
def test_jax_jacfwd(jax, dtype):
    with _precision(jax, dtype):
        jacobian = jax.jit(jax.jacfwd(jax.nn.softmax))
        assert assert_implementation(jacobian, JACOBIAN, indices=(k, j), dtype=dtype,
                                     wrap=jax.numpy.asarray) > 0


@pytest.mark.parametrize("dtype", DTYPES)
def test_jax_grad_of_the_mean_cross_entropy(jax, dtype):
    def loss(x, target):
        return -(target * jax.nn.log_softmax(x, axis=-1)).sum() / x.shape[0]
    with _precision(jax, dtype):
        assert assert_gradient(jax.jit(jax.grad(loss)), MEAN_CROSS_ENTROPY, family=X,
                               extra={Y: _one_hot_rows}, dtype=dtype, wrap=jax.numpy.asarray) > 0

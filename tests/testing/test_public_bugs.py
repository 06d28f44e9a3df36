"""Buggy implementations found in public code must fail, with the input, the entry and the
expected value in the message; correct public code must pass.

Each bug is re-written here in a few lines that keep the original's mistake (the
source is named next to it); each is checked the way its own users call it.
"""
from __future__ import annotations

import numpy as np
import pytest
from scipy import special
from sympy import Idx, Sum, diff, exp, log

from derive.symbols import N, X, Y, i, k, n, tau, y, z
from derive.testing import assert_gradient, assert_implementation, assert_jacobian, assert_vjp

SOFTMAX = exp(z[k]) / Sum(exp(z[i]), (i, 1, n))
LOG_SOFTMAX = z[k] - log(Sum(exp(z[i]), (i, 1, n)))
TEMPERED = exp(z[k] / tau) / Sum(exp(z[i] / tau), (i, 1, n))
SIGMOID = 1 / (1 + exp(-z[k]))
BINARY_CE = y[k] * log(1 + exp(-z[k])) + (1 - y[k]) * log(1 + exp(z[k]))    # -log of sigmoid, stably
b = Idx("b", (1, N))
MEAN_CE_ROWS = -Sum(Y[b, i] * (X[b, i] - log(Sum(exp(X[b, k]), (k, 1, n)))), (i, 1, n), (b, 1, N)) / N
MEAN_CE_COLUMNS = -Sum(Y[i, b] * (X[i, b] - log(Sum(exp(X[k, b]), (k, 1, n)))), (i, 1, n), (b, 1, N)) / N


def _one_hot(size, rng):
    return np.eye(size)[rng.integers(size)]


def _one_hot_rows(shape, rng):
    return np.eye(shape[1])[rng.integers(shape[1], size=shape[0])]


def _one_hot_columns(shape, rng):
    return np.eye(shape[0])[:, rng.integers(shape[0], size=shape[1])]


def _stable_rows(x, axis=-1):
    e = np.exp(x - x.max(axis=axis, keepdims=True))
    return e / e.sum(axis=axis, keepdims=True)


# --------------------------------------------------------------------------- the bugs

# after theophilec/oco-project, src/utils.py: exp without subtracting the maximum
def naive_exp(x):
    return np.exp(x) / np.exp(x).sum()


# after AurelienNioche/HotellingBathtub, model/utils.py: a temperature, but no maximum subtracted
def tempered_without_max(x, temp):
    e_x = np.exp(x / temp)
    return e_x / e_x.sum()


# after orris27/deeplearning-simple-implementation, utils.py: one maximum for the whole batch
def global_max_columns(x):
    e_x = np.exp(x - np.max(x))
    return e_x / e_x.sum(axis=0)


# after Priyanshu-pg/Program-Synthesis-using-PG, venv/utils.py, called on a batch of rows:
# the sum runs over axis 0, the batch, instead of over the classes
def sums_over_batch(x):
    e_x = np.exp(x - np.max(x))
    return e_x / e_x.sum(axis=0)


# after w32zhong/mnn, mnn/layer.py (LogSoftmaxLayer.forward): the log of a softmax
def log_of_softmax(x):
    return np.log(_stable_rows(x))


# after NSpectre-Gadget/Python_Proof, cross_entropy.py: binary cross-entropy in log10
def cross_entropy_log10(x, target):
    pred = special.expit(x)
    return -(target * np.log10(pred) + (1 - target) * np.log10(1 - pred))


# after stan-dev/math issue 230 (its jacobian functional returned the transpose),
# applied to log-softmax: J[j, k] = d log p_k / d z_j instead of J[k, j]
def transposed_jacobian(x):
    p = special.softmax(x)
    return (np.eye(x.size, dtype=x.dtype) - p[None, :]).T


# after the question at https://techqa.club/v/q/how-to-get-numpy-exp-to-work-with-an-array-as-well-as-a-scalar-64217950:
# h = 1/1+np.exp(-z), which is 1 + exp(-z)
def sigmoid_precedence(x):
    return 1 / 1 + np.exp(-x)


# after S1m0nCi/Python-Neural-Network, python-neural-network/functions/sigmoid.py: the sign of x
def sigmoid_sign(x):
    return 1 / (1 + np.exp(x))


# after raychungno1/CSE5526, Lab1/activation.py: sigmoid_prime(x) = x (1 - x), which is the
# derivative only when x is already the sigmoid's output
def sigmoid_prime(x):
    return x * (1 - x)


# after jctops/understanding-oversquashing, gdl/src/gdl/curvature/utils.py: exp(a * tau), the
# temperature multiplied where softmax with temperature divides
def temperature_multiplied(x, t):
    e = np.exp(x * t)
    return e / e.sum()


# after 22anushka/DeepLearning-coding-problems, temperature_sampling.py: the maximum is kept as
# a column, the sum is not, so rows divide by the sums of other rows (silent when B == n)
def sum_without_keepdims(logits, t):
    stable = np.max(logits, axis=-1, keepdims=True)
    return np.exp((logits - stable) / t) / np.sum(np.exp((logits - stable) / t), axis=-1)


# after zhuqiangLu/COMP5329Assignment_1, ANN/Cost.py: the loss is averaged over the m samples
# (columns), its gradient y_hat - y is not divided by m
def mean_loss_gradient_without_mean(x, target):
    return _stable_rows(x, axis=0) - target


# after vanqaq/hm1, loss.py: -log(p + 1e-05), averaged over the batch
def cross_entropy_plus_epsilon(x, target):
    p = _stable_rows(x, axis=1)
    labels = np.argmax(target, axis=1)
    return sum(-np.log(p[row, col] + 1e-05) for row, col in enumerate(labels)) / len(labels)


# after mlpack/mlpack issue 2360 (LogSoftMax::Backward): g = exp(output) + gy, the cotangent
# added where the Kronecker delta belongs
def log_softmax_vjp_plus(x, g):
    return np.exp(special.log_softmax(x)) + g


# after sayush2807/Neural_Networks_from_scratch, losses/bce.py: the target where the prediction
# belongs, -y log(y) - (1 - y_hat) log(1 - y_hat)
def bce_target_in_log(x, target):
    pred = special.expit(x)
    return -target * np.log(target) - (1 - pred) * np.log(1 - pred)


_BUGS = [
    ("naive-exp", assert_implementation, naive_exp, SOFTMAX, {}),
    ("temperature-without-max", assert_implementation, tempered_without_max, TEMPERED,
     dict(extra={tau: 0.5})),
    ("global-max-over-the-batch", assert_implementation, global_max_columns, SOFTMAX,
     dict(batch=(4,), axis=0)),
    ("sum-over-the-batch-axis", assert_implementation, sums_over_batch, SOFTMAX, dict(batch=(3,))),
    ("log-of-softmax", assert_implementation, log_of_softmax, LOG_SOFTMAX, {}),
    ("log10-cross-entropy", assert_implementation, cross_entropy_log10, BINARY_CE,
     dict(extra={y: lambda size, rng: rng.integers(0, 2, size).astype(float)})),
    ("transposed-jacobian", assert_jacobian, transposed_jacobian, LOG_SOFTMAX, {}),
    ("sigmoid-precedence", assert_implementation, sigmoid_precedence, SIGMOID, {}),
    ("sigmoid-sign", assert_implementation, sigmoid_sign, SIGMOID, {}),
    ("sigmoid-prime-of-the-input", assert_implementation, sigmoid_prime, diff(SIGMOID, z[k]), {}),
    ("temperature-multiplied", assert_implementation, temperature_multiplied, TEMPERED,
     dict(extra={tau: 2.0})),
    ("sum-without-keepdims", assert_implementation, sum_without_keepdims, TEMPERED,
     dict(extra={tau: 0.7}, batch=(4,), ns=(4,))),
    ("mean-gradient-without-1/m", assert_gradient, mean_loss_gradient_without_mean, MEAN_CE_COLUMNS,
     dict(family=X, extra={Y: _one_hot_columns})),
    ("cross-entropy-plus-epsilon", assert_implementation, cross_entropy_plus_epsilon, MEAN_CE_ROWS,
     dict(family=X, extra={Y: _one_hot_rows})),
    ("log-softmax-vjp-adds-the-cotangent", assert_vjp, log_softmax_vjp_plus, LOG_SOFTMAX, {}),
    ("bce-target-in-the-log", assert_implementation, bce_target_in_log, BINARY_CE,
     dict(extra={y: lambda size, rng: rng.integers(0, 2, size).astype(float)})),
]


@pytest.mark.parametrize("name, check, fn, expr, options", _BUGS, ids=[b[0] for b in _BUGS])
@pytest.mark.parametrize("dtype", ["float64", "float32"])
def test_a_public_bug_fails_with_input_entry_and_expected_value(name, check, fn, expr, options, dtype):
    with pytest.raises(AssertionError) as info:
        check(fn, expr, dtype=dtype, **options)
    message = str(info.value)
    for part in ("implementation check failed", "entry:", "got:", "expected:", "ulps of " + dtype,
                 "expr:", "input "):
        assert part in message, message


# after LiZhenping/seq2seq_attention, softmax.py: z -= np.max(z) writes into the caller's array
def softmax_in_place(x):
    x -= np.max(x)
    return np.exp(x) / np.sum(np.exp(x), axis=0)


def test_a_softmax_that_writes_into_its_input_fails():
    with pytest.raises(AssertionError, match="fn modified its input z: at position") as info:
        assert_implementation(softmax_in_place, SOFTMAX)
    assert "input z = [" in str(info.value)


# after pierresegonne/VINF, code/studies/mean_field_gaussian_mixture/prml/nn/nonlinear/log_softmax.py:
# a correct forward (x - logsumexp) and backward (delta - softmax * sum(delta))
def vinf_log_softmax(x):
    return x - special.logsumexp(x, axis=-1, keepdims=True)


def vinf_log_softmax_vjp(x, delta):
    return delta - np.exp(vinf_log_softmax(x)) * delta.sum(axis=-1, keepdims=True)


# after nik31096/lstm_keras, assignment3.py: the textbook stable softmax
def shifted_softmax(x):
    exps = np.exp(x - np.max(x))
    return exps / np.sum(exps)


def _torch(name):
    torch = pytest.importorskip("torch", reason="PyTorch is not installed (optional)")
    return {"softmax": lambda t: torch.softmax(t, -1),
            "log_softmax": lambda t: torch.log_softmax(t, -1),
            "exp(log_softmax)": lambda t: torch.exp(torch.log_softmax(t, -1)),
            "exp(x - logsumexp)": lambda t: torch.exp(t - torch.logsumexp(t, -1, keepdim=True)),
            "wrap": torch.from_numpy}[name]


def _jax(name):
    jax = pytest.importorskip("jax", reason="JAX is not installed (optional)")
    return {"softmax": jax.nn.softmax, "log_softmax": jax.nn.log_softmax,
            "exp(log_softmax)": lambda a: jax.numpy.exp(jax.nn.log_softmax(a)),
            "wrap": jax.numpy.asarray}[name]


# (name, check, expr, library, fn or its name there, options): correct code, which must pass
# with the default settings at float32 and float64, its rewrites through logsumexp included
_CORRECT = [
    ("vinf-log-softmax", assert_implementation, LOG_SOFTMAX, None, vinf_log_softmax, dict(batch=(2,))),
    ("vinf-log-softmax-vjp", assert_vjp, LOG_SOFTMAX, None, vinf_log_softmax_vjp, dict(batch=(2,))),
    ("textbook-stable-softmax", assert_implementation, SOFTMAX, None, shifted_softmax, {}),
    ("scipy-1.2-exp-x-minus-logsumexp", assert_implementation, SOFTMAX, None,
     lambda x: np.exp(x - special.logsumexp(x, axis=-1, keepdims=True)), {}),
    ("scipy-softmax", assert_implementation, SOFTMAX, None, lambda x: special.softmax(x, axis=-1), {}),
    ("scipy-log-softmax", assert_implementation, LOG_SOFTMAX, None,
     lambda x: special.log_softmax(x, axis=-1), {}),
    ("torch-softmax", assert_implementation, SOFTMAX, "torch", "softmax", {}),
    ("torch-log-softmax", assert_implementation, LOG_SOFTMAX, "torch", "log_softmax", {}),
    ("torch-exp-of-log-softmax", assert_implementation, SOFTMAX, "torch", "exp(log_softmax)", {}),
    ("torch-exp-x-minus-logsumexp", assert_implementation, SOFTMAX, "torch", "exp(x - logsumexp)", {}),
    ("jax-softmax", assert_implementation, SOFTMAX, "jax", "softmax", {}),
    ("jax-log-softmax", assert_implementation, LOG_SOFTMAX, "jax", "log_softmax", {}),
    ("jax-exp-of-log-softmax", assert_implementation, SOFTMAX, "jax", "exp(log_softmax)", {}),
]


@pytest.mark.parametrize("dtype", ["float64", "float32"])
@pytest.mark.parametrize("name, check, expr, library, fn, options", _CORRECT, ids=[c[0] for c in _CORRECT])
def test_correct_code_passes_with_the_defaults(name, check, expr, library, fn, options, dtype):
    if library == "torch":
        fn, options = _torch(fn), dict(options, wrap=_torch("wrap"))
    elif library == "jax":
        fn, options = _jax(fn), dict(options, wrap=_jax("wrap"))
        if dtype == "float64":
            import jax
            with jax.enable_x64(True):
                assert check(fn, expr, dtype=dtype, **options) > 0
            return
    assert check(fn, expr, dtype=dtype, **options) > 0

"""Tests for derive.testing.implementation: right implementations pass, wrong ones are rejected
with a message that shows the input and the entry, and bad arguments are refused."""
from __future__ import annotations

import time
import tracemalloc

import numpy as np
import pytest
from scipy import special
from sympy import Abs, Eq, Idx, KroneckerDelta, Matrix, Piecewise, Sum, exp, log, symbols

from derive.numeric import kernels as nm
from derive.symbols import N, S, X, i, j, k, n, tau, y, z
from derive.testing import DEFAULT_KINDS, DEFAULT_NS, assert_implementation
from derive.testing.arrays import DTYPES as DTYPES_

SOFTMAX = exp(z[k]) / Sum(exp(z[i]), (i, 1, n))
JACOBIAN = SOFTMAX * (KroneckerDelta(k, j) - exp(z[j]) / Sum(exp(z[i]), (i, 1, n)))
GRADIENT = SOFTMAX * Sum(y[i], (i, 1, n)) - y[k]
LOGSUMEXP = log(Sum(exp(z[i]), (i, 1, n)))
TEMPERED = exp(z[k] / tau) / Sum(exp(z[i] / tau), (i, 1, n))
SMALL = dict(ns=(1, 2, 5, 40), kinds=("normal", "large", "ties"))
z1, z2, z3 = symbols("z1 z2 z3", real=True)
S3 = exp(z1) + exp(z2) + exp(z3)
b = Idx("b", (1, N))


def _stable(v):
    e = np.exp(v - v.max(axis=-1, keepdims=True))
    return e / e.sum(axis=-1, keepdims=True)


def _one_hot(size, rng):
    return np.eye(size)[rng.integers(size)]


def _jacobian(v):
    p = _stable(v)
    return np.diag(p) - np.outer(p, p)


# --------------------------------------------------------------------------- right and wrong

_RIGHT = [
    ("numeric-softmax", nm.softmax, SOFTMAX, {}),
    ("stable-softmax", _stable, SOFTMAX, {}),
    ("list-output", lambda v: _stable(v).tolist(), SOFTMAX, {}),
    ("numeric-jacobian", nm.softmax_jacobian, JACOBIAN, dict(indices=(k, j))),
    ("textbook-jacobian", _jacobian, JACOBIAN, dict(indices=(k, j))),
    ("gradient-one-hot", nm.cross_entropy_grad, GRADIENT, dict(extra={y: _one_hot})),
    ("gradient-soft-targets", lambda v, t: _stable(v) * t.sum() - t, GRADIENT,
     dict(extra={y: lambda size, rng: rng.dirichlet(np.ones(size))})),
    ("logsumexp-scalar", nm.logsumexp, LOGSUMEXP, {}),
    ("other-family", _stable, exp(S[k]) / Sum(exp(S[i]), (i, 1, n)), dict(family=S)),
    ("temperature", lambda v, t: _stable(v / t), TEMPERED, dict(extra={tau: 0.25})),
    ("explicit-list", special.softmax, [exp(z1) / S3, exp(z2) / S3, exp(z3) / S3], {}),
    ("explicit-matrix", special.softmax, Matrix([exp(z1) / S3, exp(z2) / S3, exp(z3) / S3]), {}),
    ("explicit-scalar", special.logsumexp, log(S3), {}),
    ("explicit-mapping", lambda v: special.softmax(v)[::-1], [exp(z3) / S3, exp(z2) / S3, exp(z1) / S3],
     dict(symbols={z1: 0, z2: 1, z3: 2})),
    ("explicit-order", special.softmax, [exp(z3) / S3, exp(z2) / S3, exp(z1) / S3],
     dict(symbols=(z3, z2, z1))),
    ("two-index-family", lambda x: special.softmax(x, axis=1),
     exp(X[b, k]) / Sum(exp(X[b, i]), (i, 1, n)), dict(family=X, indices=(b, k))),
]


@pytest.mark.parametrize("name, fn, expr, options", _RIGHT, ids=[r[0] for r in _RIGHT])
def test_right_implementations_pass(name, fn, expr, options):
    small = SMALL if "symbols" not in options and not isinstance(expr, (list, Matrix)) and \
        expr.has(n) else {"kinds": SMALL["kinds"]}
    assert assert_implementation(fn, expr, **{**small, **options}) > 0


def _argmax_zeroed_for_large_n(v):
    p = _stable(v)
    if v.size > 500:
        p[np.argmax(v)] = 0.0
    return p


_WRONG = [
    ("naive-overflows", lambda v: np.exp(v) / np.exp(v).sum(), SOFTMAX, {}, "not finite"),
    ("l2-normalised", lambda v: np.exp(v - v.max()) / np.linalg.norm(np.exp(v - v.max())),
     SOFTMAX, {}, "entry:"),
    ("mean-normalised", lambda v: np.exp(v - v.max()) / np.exp(v - v.max()).mean(),
     SOFTMAX, {}, "entry:"),
    ("wrong-axis", lambda v: _stable(v[:, None]).ravel(), SOFTMAX, {}, "entry:"),
    ("wrong-axis-shape", lambda v: _stable(v[:, None]), SOFTMAX, {}, "shape"),
    ("jacobian-missing-diagonal", lambda v: -np.outer(_stable(v), _stable(v)), JACOBIAN,
     dict(indices=(k, j)), "k = 1, j = 1"),
    ("gradient-sign-flipped", lambda v, t: t - _stable(v) * t.sum(), GRADIENT,
     dict(extra={y: _one_hot}), "entry:"),
    ("gradient-ignores-sum", lambda v, t: _stable(v) - t, GRADIENT,
     dict(extra={y: lambda size, rng: 3.0 * _one_hot(size, rng)}), "entry:"),
    ("nan-output", lambda v: np.full(v.size, np.nan), SOFTMAX, {}, "not finite"),
    ("raises", lambda v: 1 / 0, SOFTMAX, {}, "raised ZeroDivisionError"),
    ("too-few-arguments", lambda v: _stable(v), TEMPERED, dict(extra={tau: 0.5}),
     "takes 1 positional argument but 2 were given (it is called as fn(z, tau))"),
    ("returns-text", lambda v: "p", SOFTMAX, {}, "cannot convert"),
    ("large-wrong-shape", lambda v: np.zeros(10 ** 7, dtype=np.float32), SOFTMAX, {},
     "fn returned shape (10000000,), expected (1,)"),
    ("bug-at-argmax-only-for-large-n", _argmax_zeroed_for_large_n, SOFTMAX,
     dict(ns=(3, 1000)), "n = 1000"),
    ("explicit-wrong-entry", lambda v: special.softmax(v)[::-1], [exp(z1) / S3, exp(z2) / S3, exp(z3) / S3],
     dict(ns=None), "entry [0] of expr"),
]


@pytest.mark.parametrize("name, fn, expr, options", [w[:4] for w in _WRONG], ids=[w[0] for w in _WRONG])
def test_wrong_implementations_are_rejected(name, fn, expr, options):
    text = next(w[4] for w in _WRONG if w[0] == name)
    args = {**SMALL, **options}
    if args.get("ns", 0) is None:
        args.pop("ns")
    with pytest.raises(AssertionError) as info:
        assert_implementation(fn, expr, **args)
    message = str(info.value)
    assert text in message, message
    assert "input " in message and "expr:" in message


def test_failure_summarises_a_long_input():
    with pytest.raises(AssertionError) as info:
        assert_implementation(_argmax_zeroed_for_large_n, SOFTMAX, ns=(1000,), kinds=("normal",))
    message = str(info.value)
    assert "n = 1000" in message and "..." in message and len(message) < 2500


def test_failure_shows_the_extra_input():
    with pytest.raises(AssertionError, match=r"input y = \["):
        assert_implementation(lambda v, t: t - _stable(v), GRADIENT, extra={y: _one_hot}, **SMALL)


# --------------------------------------------------------------------------- coverage

def _one_block_sum(v):
    # after a reduction kernel of one block of 1024 threads: entries beyond it are not summed
    e = np.exp(v - v.max(axis=-1, keepdims=True))
    return e / e[..., :1024].sum(axis=-1, keepdims=True)


def test_the_default_sizes_pass_a_block_of_1024():
    assert assert_implementation(_one_block_sum, SOFTMAX, ns=(1000, 1024), kinds=("normal",)) > 0
    with pytest.raises(AssertionError, match="at n = 1025"):
        assert_implementation(_one_block_sum, SOFTMAX)


def test_default_sizes_and_kinds_cover_the_hard_inputs():
    assert any(4 <= size <= 9 for size in DEFAULT_NS) and 1 in DEFAULT_NS and max(DEFAULT_NS) > 1024
    assert {"negative", "huge", "large", "ties"} <= set(DEFAULT_KINDS)
    seen = []

    def spy(v):
        seen.append(v.copy())
        return _stable(v)
    assert assert_implementation(spy, SOFTMAX) == len(DEFAULT_KINDS) * sum(DEFAULT_NS)
    assert any(np.all(v < 0) and v.min() < -1000 for v in seen)       # all-negative, beyond -1000
    assert any(np.abs(v).max() > 1000 for v in seen)                  # beyond +-1000


def test_one_wrong_entry_of_a_1000_by_1000_jacobian_is_found():
    def one_wrong(v):
        out = _jacobian(v)
        if v.size == 1000:
            out[417, 602] += 1e-9
        return out
    with pytest.raises(AssertionError, match=r"k = 418, j = 603; output\[417, 602\]"):
        assert_implementation(one_wrong, JACOBIAN, indices=(k, j), ns=(1000,), kinds=("normal",))


def test_a_long_input_is_compared_a_slice_at_a_time():
    # six kinds of 200,000 logits: evaluated together, the reference held 360 MB
    tracemalloc.start()
    try:
        assert assert_implementation(special.logsumexp, LOGSUMEXP, ns=(200_000,)) == len(DEFAULT_KINDS)
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert peak < 150e6, peak


def test_beyond_the_full_limit_a_sampled_block_is_compared_and_named():
    def wrong_corner(v):
        out = _jacobian(v)
        out[-1, 0] = 1.0
        return out
    with pytest.raises(AssertionError) as info:
        assert_implementation(wrong_corner, JACOBIAN, indices=(k, j), ns=(1500,), kinds=("normal",))
    message = str(info.value)
    assert "compared: a sampled block (k at 256 positions [1, 2, 3," in message, message
    assert "not all 2250000 entries" in message


# --------------------------------------------------------------------------- batches, axes, dtypes

@pytest.mark.parametrize("batch, axis", [((4,), -1), ((4,), 0), ((2, 3), 1), ((2, 3), 0), ((2, 3), -1)])
def test_batches_along_any_axis(batch, axis):
    fn = lambda v: special.softmax(v, axis=axis)      # noqa: E731
    assert assert_implementation(fn, SOFTMAX, batch=batch, axis=axis, **SMALL) > 0
    wrong_axis = (axis + 1) % (len(batch) + 1)
    with pytest.raises(AssertionError, match="entry:"):
        assert_implementation(lambda v: special.softmax(v, axis=wrong_axis), SOFTMAX, batch=batch,
                              axis=axis, **SMALL)


def test_a_batched_scalar_output_drops_the_axis():
    assert assert_implementation(lambda v: special.logsumexp(v, axis=0), LOGSUMEXP, batch=(3,), axis=0,
                                 **SMALL) > 0
    with pytest.raises(AssertionError, match="shape"):
        assert_implementation(lambda v: special.logsumexp(v, axis=0, keepdims=True), LOGSUMEXP,
                              batch=(3,), axis=0, **SMALL)


def test_a_batch_mixes_kinds_so_a_global_maximum_fails():
    def global_max(v):
        e = np.exp(v - v.max())
        return e / e.sum(axis=-1, keepdims=True)
    assert assert_implementation(global_max, SOFTMAX, **SMALL) > 0          # one vector: right
    with pytest.raises(AssertionError, match="not finite"):
        assert_implementation(global_max, SOFTMAX, batch=(3,), **SMALL)


@pytest.mark.parametrize("dtype", ["float16", "bfloat16", "float32", "float64"])
def test_inputs_are_of_the_dtype_and_the_allowance_is_its_ulps(dtype):
    from derive.testing.arrays import DTYPES
    seen = []

    def fn(v):
        seen.append(v)
        return DTYPES[dtype].round(special.softmax(v.astype(np.float64))).astype(v.dtype)
    assert assert_implementation(fn, SOFTMAX, dtype=dtype, **SMALL) > 0
    assert all(v.dtype == DTYPES[dtype].container for v in seen)
    assert all(np.array_equal(DTYPES[dtype].round(v), v.astype(np.float64)) for v in seen)
    with pytest.raises(AssertionError, match=f"ulps of {dtype}"):
        assert_implementation(lambda v: DTYPES[dtype].round(fn(v) * 1.5).astype(v.dtype), SOFTMAX,
                              dtype=dtype, **SMALL)


@pytest.mark.parametrize("dtype", [np.float32, np.dtype("float32"), "f4"], ids=["type", "dtype", "code"])
def test_a_dtype_may_be_given_as_numpy_spells_it(dtype):
    assert assert_implementation(lambda v: _stable(v), SOFTMAX, dtype=dtype, **SMALL) > 0
    with pytest.raises(AssertionError, match="ulps of float32"):
        assert_implementation(lambda v: _stable(v) * np.float32(1.001), SOFTMAX, dtype=dtype, **SMALL)


def _off_by(off):
    def fn(v):
        p = special.softmax(v.astype(np.float64), axis=-1)
        return DTYPES_[v.dtype.name].round(p * (1 + off)).astype(v.dtype)
    return fn


# a softmax off by a constant factor: within the allowance of one rounding of each logit (passes),
# or beyond it (fails); the allowance grows with the logits' size and shrinks with the dtype's u
_OFF = [("float64", "normal", 1e-15, True), ("float64", "normal", 1e-13, False),
        ("float64", "large", 1e-14, True), ("float64", "large", 1e-11, False),
        ("float32", "normal", 3e-7, True), ("float32", "normal", 1e-4, False),
        ("float32", "large", 1e-5, True), ("float32", "large", 1e-2, False),
        ("float16", "normal", 1e-3, True), ("float16", "normal", 0.1, False)]


@pytest.mark.parametrize("dtype, kind, off, passes", _OFF)
def test_the_allowance_is_one_rounding_of_each_logit(dtype, kind, off, passes):
    if passes:
        assert assert_implementation(_off_by(off), SOFTMAX, dtype=dtype, kinds=(kind,)) > 0
        return
    with pytest.raises(AssertionError, match=f"ulps of {dtype}") as info:
        assert_implementation(_off_by(off), SOFTMAX, dtype=dtype, kinds=(kind,))
    assert "input z = [" in str(info.value) and "expected:" in str(info.value)


def _shifted_by_logsumexp(v):
    # after SciPy 1.2-1.4's softmax: exp(x - logsumexp(x)), a shift by a rounded number
    return np.exp(v - special.logsumexp(v, axis=-1, keepdims=True))


def _logsumexp_in_the_dtype(v):
    top = v.max(axis=-1, keepdims=True)
    return np.exp(v - (top + np.log(np.exp(v - top).sum(axis=-1, keepdims=True))))


def _backward_stable(k_ulps):
    # the definition itself: the exact softmax of the input perturbed by up to k ulps relative,
    # computed in a wider format and rounded once
    def fn(v):
        dtype = DTYPES_[v.dtype.name]
        wide = np.longdouble if v.dtype == np.float64 else np.float64
        r = np.random.default_rng(int(np.abs(v.astype(np.float64)).sum() * 1e3) % 2**32).uniform(-1, 1, v.shape)
        zp = v.astype(wide) * (1 + wide(k_ulps * dtype.u) * r.astype(wide))
        e = np.exp(zp - zp.max(axis=-1, keepdims=True))
        return dtype.round((e / e.sum(axis=-1, keepdims=True)).astype(np.float64)).astype(v.dtype)
    return fn


# a float16 logit of size 1000 is known to half a unit: 4 ulps of it move p by e**2, beyond
# first order (and beyond any useful tolerance); float16 is checked there at moderate logits
_MODERATE = ("normal", "ties", "one-hot-ish")
_STABLE = [("exp(z - logsumexp z)", _shifted_by_logsumexp, "float64", DEFAULT_KINDS),
           ("exp(z - logsumexp z)", _shifted_by_logsumexp, "float32", DEFAULT_KINDS),
           ("exp(z - logsumexp z) in the dtype", _logsumexp_in_the_dtype, "float64", DEFAULT_KINDS),
           ("exp(z - logsumexp z) in the dtype", _logsumexp_in_the_dtype, "float32", DEFAULT_KINDS),
           ("exp(z - logsumexp z) in the dtype", _logsumexp_in_the_dtype, "float16", DEFAULT_KINDS),
           ("backward stable, 4 ulps", _backward_stable(4), "float64", DEFAULT_KINDS),
           ("backward stable, 4 ulps", _backward_stable(4), "float32", DEFAULT_KINDS),
           ("backward stable, 4 ulps", _backward_stable(4), "float16", _MODERATE)]


@pytest.mark.parametrize("name, fn, dtype, kinds", _STABLE, ids=[f"{s[0]}-{s[2]}" for s in _STABLE])
def test_stable_rewrites_and_backward_stable_results_pass(name, fn, dtype, kinds):
    if name.startswith("backward") and dtype == "float64" and np.finfo(np.longdouble).nmant < 63:
        pytest.skip("no format wider than float64 here to compute the exact value in")
    assert assert_implementation(fn, SOFTMAX, dtype=dtype, batch=(2,), kinds=kinds) > 0


def test_an_expression_a_shift_changes_is_judged_at_the_input_itself():
    with pytest.raises(AssertionError, match=r"one rounding of its size \(a shift by the maximum changes"):
        assert_implementation(lambda v: special.logsumexp(v) * (1 + 1e-9), LOGSUMEXP, **SMALL)
    with pytest.raises(AssertionError, match="shifted by its maximum"):
        assert_implementation(lambda v: _stable(v) * (1 + 1e-9), SOFTMAX, **SMALL)


def test_untyped_results_must_be_numbers_of_the_dtype():
    float32 = dict(SMALL, dtype="float32")
    assert assert_implementation(lambda v: _stable(v).tolist(), SOFTMAX, **float32) > 0
    with pytest.raises(AssertionError, match=r"untyped numbers \(a Python list\) that are not float32"):
        assert_implementation(lambda v: _stable(v.astype(np.float64)).tolist(), SOFTMAX, **float32)
    with pytest.raises(AssertionError, match=r"untyped numbers \(a Python float\) that are not float32"):
        assert_implementation(lambda v: float(special.logsumexp(v.astype(np.float64))), LOGSUMEXP,
                              **float32)


def test_numpy_code_at_bfloat16_is_told_how_to_compute_in_it():
    with pytest.raises(AssertionError, match=r"wrap=, such as lambda a: a.astype\(ml_dtypes.bfloat16\)"):
        assert_implementation(_stable, SOFTMAX, dtype="bfloat16", **SMALL)
    ml_dtypes = pytest.importorskip("ml_dtypes", reason="ml_dtypes is not installed (optional)")
    assert assert_implementation(_stable, SOFTMAX, dtype="bfloat16", batch=(2,),
                                 wrap=lambda a: a.astype(ml_dtypes.bfloat16)) > 0


def test_an_expression_without_a_value_at_the_shifted_input_is_judged_at_the_input():
    # at the input shifted by its maximum the largest entry is 0, where no branch applies
    partial = Piecewise((z[k], Abs(z[k]) > 0))
    assert assert_implementation(lambda v: v.copy(), partial, ns=(1, 3, 8), kinds=("normal",)) > 0
    with pytest.raises(AssertionError, match=r"one rounding of its size \(a shift by the maximum changes"):
        assert_implementation(lambda v: v * (1 + 1e-9), partial, ns=(1, 3, 8), kinds=("normal",))


def test_lower_precision_inside_fails_at_the_higher_dtype():
    def via_float16(v):
        return special.softmax(v.astype(np.float16).astype(np.float32)).astype(np.float32)
    with pytest.raises(AssertionError, match="ulps of float32"):
        assert_implementation(via_float16, SOFTMAX, dtype="float32", **SMALL)
    with pytest.raises(AssertionError, match="ulps of float64"):
        assert_implementation(lambda v: special.softmax(v.astype(np.float32)).astype(np.float64),
                              SOFTMAX, **SMALL)


# --------------------------------------------------------------------------- the checks users need

_CHECKS = [
    ("complex-output", lambda v: _stable(v) + 5j, "complex"),
    ("complex-zero-imaginary", lambda v: _stable(v) + 0j, "complex"),
    ("writes-into-its-input", lambda v: (v.__isub__(v.max()), _stable(v))[1], "modified its input z"),
    ("wrong-dtype", lambda v: _stable(v).astype(np.float32), "dtype float32, expected float64"),
    ("not-deterministic", lambda v: _stable(v) * (1 + 1e-3 * np.random.default_rng().random()),
     "not deterministic"),
    ("keepdims-shape", lambda v: _stable(v)[None, :], "shape"),
    ("ragged-list", lambda v: [[1.0], [1.0, 2.0]], "ragged"),
]


@pytest.mark.parametrize("name, fn, text", _CHECKS, ids=[c[0] for c in _CHECKS])
def test_what_users_need_is_checked(name, fn, text):
    with pytest.raises(AssertionError, match=text):
        assert_implementation(fn, SOFTMAX, **SMALL)


def _sleeps(v):
    time.sleep(30)
    return _stable(v)


def _spins(v):
    while True:
        pass


@pytest.mark.parametrize("fn", [_sleeps, _spins], ids=["sleeps", "spins"])
def test_a_call_that_does_not_return_in_time_fails(fn):
    with pytest.raises(AssertionError, match=r"fn did not return within 0.2 s \(timeout=\)") as info:
        assert_implementation(fn, SOFTMAX, timeout=0.2, **SMALL)
    assert "input z = [" in str(info.value)


def test_determinism_can_be_waived():
    noisy = lambda v: _stable(v) * (1 + 1e-17 * np.random.default_rng().random())     # noqa: E731
    assert assert_implementation(noisy, SOFTMAX, deterministic=False, **SMALL) > 0


def test_user_tolerances_replace_the_default_rule():
    off = lambda v: _stable(v) * (1 + 1e-7)     # noqa: E731
    with pytest.raises(AssertionError):
        assert_implementation(off, SOFTMAX, **SMALL)
    assert assert_implementation(off, SOFTMAX, rtol=1e-6, **SMALL) > 0


# --------------------------------------------------------------------------- bad arguments

_BAD = [
    (dict(fn=3), TypeError, "fn"),
    (dict(expr="exp(z[k])"), TypeError, "expr"),
    (dict(expr=Eq(z[k], 1)), TypeError, "expr"),
    (dict(expr=[]), ValueError, "expr"),
    (dict(expr=[[z1], [z1, z2]]), ValueError, "ragged"),
    (dict(family="z"), TypeError, "family"),
    (dict(indices=k), TypeError, "indices"),
    (dict(indices=(k, k)), ValueError, "indices"),
    (dict(expr=JACOBIAN), ValueError, "indices="),
    (dict(expr=SOFTMAX * symbols("t")), ValueError, "free symbols t"),
    (dict(extra=[1]), TypeError, "extra"),
    (dict(extra={"y": 1}), TypeError, "extra"),
    (dict(extra={y: lambda size, rng: np.ones(size + 1)}), ValueError, "extra"),
    (dict(expr=TEMPERED, extra={tau: "hot"}), ValueError, "extra"),
    (dict(ns=()), ValueError, "ns"),
    (dict(ns=(0,)), ValueError, "ns"),
    (dict(kinds=("gaussian",)), ValueError, "kinds"),
    (dict(kinds=()), ValueError, "kinds"),
    (dict(rtol=-1.0), ValueError, "rtol"),
    (dict(atol=float("nan")), ValueError, "atol"),
    (dict(seed="0"), TypeError, "seed"),
    (dict(dtype="float128"), ValueError, "dtype"),
    (dict(batch=(0,)), ValueError, "batch"),
    (dict(batch=0), ValueError, r"batch must be a tuple of positive ints such as \(4,\), got 0$"),
    (dict(fn=42), TypeError, "fn must be callable, got int"),
    (dict(batch="4"), ValueError, "batch"),
    (dict(batch=(2,), axis=2), ValueError, "axis"),
    (dict(axis=1.0), TypeError, "axis"),
    (dict(wrap=3), TypeError, "wrap"),
    (dict(deterministic=1), TypeError, "deterministic"),
    (dict(dims={"N": 3}), TypeError, "dims"),
    (dict(expr=[exp(z1) / S3], ns=(3,)), ValueError, "ns"),
    (dict(expr=[exp(z1) / S3], indices=(k,)), ValueError, "indices"),
    (dict(expr=[symbols("a") + symbols("b")]), ValueError, "symbols="),
    (dict(expr=[z1 + z2], symbols=(z1,)), ValueError, "z2"),
    (dict(expr=[z1 + z2], symbols={z1: 0, z2: 2}), ValueError, "position"),
    (dict(expr=[z1 + z2], symbols="z1"), TypeError, "symbols"),
    (dict(expr=exp(X[b, k]) / Sum(exp(X[b, i]), (i, 1, n)), family=X, indices=(b, k), batch=(2,),
          axis=0), ValueError, "axis"),
    (dict(expr=z[k] + z[i], indices=(k,)), ValueError, "free symbols i"),
    (dict(expr=log(z[k])), ValueError, "undefined"),
    (dict(expr=z[k + 1]), ValueError, "outside its family"),
    (dict(expr=exp(S[k]) / Sum(exp(S[i]), (i, 1, n))), ValueError, "family="),
    (dict(seed=-1), ValueError, "seed"),
    (dict(dtype=["float32"]), ValueError, "dtype"),
    (dict(dtype=np.int32), ValueError, "dtype"),
    (dict(dtype=None), ValueError, "dtype"),
    (dict(timeout=0), ValueError, "timeout"),
    (dict(timeout=float("inf")), ValueError, "timeout"),
    (dict(timeout="1"), TypeError, "timeout"),
    (dict(dims={N: 0}), ValueError, "dims"),
    (dict(ns=(2 ** 31,)), ValueError, "ns"),
    (dict(ns=(10 ** 4,), batch=(4096,)), ValueError, "batch"),
    (dict(expr=TEMPERED, extra={tau: lambda size, rng: 1 / 0}), ValueError, r"extra\[tau\] raised ZeroDivisionError"),
    (dict(expr=TEMPERED, extra={tau: lambda: 1.0}), ValueError, r"extra\[tau\] raised TypeError"),
    (dict(expr=GRADIENT, extra={y: lambda size, rng: np.ones(size)[5]}), ValueError, r"extra\[y\] raised IndexError"),
]


@pytest.mark.parametrize("override, error, word", _BAD, ids=[f"{w}-{t}" for t, (_, _, w) in enumerate(_BAD)])
def test_bad_arguments_name_the_argument(override, error, word):
    args = dict(fn=_stable, expr=SOFTMAX, ns=(2,), kinds=("normal",))
    args.update(override)
    if isinstance(args["expr"], list) and "ns" not in override:
        args.pop("ns")
    with pytest.raises(error, match=word):
        assert_implementation(args.pop("fn"), args.pop("expr"), **args)

"""Tests for derive.numeric.kernels: accuracy in ulps against mpmath, exact cases, bad input."""
from __future__ import annotations

import math

import mpmath
import numpy as np
import pytest

from derive.numeric import kernels as nm

TARGET_ULP = 4


# --------------------------------------------------------------------------- accuracy tables

_VECTOR_CASES = [(fn, ref, kind, n)
                 for fn, ref in ((nm.softmax, nm.mp_softmax), (nm.log_softmax, nm.mp_log_softmax))
                 for kind in nm.LOGIT_KINDS for n in (1, 2, 7, 60)]


@pytest.mark.parametrize("fn, ref, kind, n", _VECTOR_CASES,
                         ids=[f"{f.__name__}-{k}-{n}" for f, _, k, n in _VECTOR_CASES])
def test_vector_functions_within_target_ulps(fn, ref, kind, n):
    rng = np.random.default_rng(n)
    for _ in range(4):
        z = nm.sample_logits(n, kind, rng)
        assert nm.ulp_error(fn(z), ref(z)).max() <= TARGET_ULP, z


@pytest.mark.parametrize("kind", nm.LOGIT_KINDS)
@pytest.mark.parametrize("n", [1, 2, 9, 30])
def test_jacobian_within_target_ulps(kind, n):
    rng = np.random.default_rng(100 + n)
    for _ in range(2):
        z = nm.sample_logits(n, kind, rng)
        assert nm.ulp_error(nm.softmax_jacobian(z), nm.mp_jacobian(z)).max() <= TARGET_ULP, z


@pytest.mark.parametrize("kind", nm.LOGIT_KINDS)
def test_softmax_large_n(kind):
    z = nm.sample_logits(3000, kind, np.random.default_rng(7))
    assert nm.ulp_error(nm.softmax(z), nm.mp_softmax(z)).max() <= TARGET_ULP
    assert nm.ulp_error(nm.log_softmax(z), nm.mp_log_softmax(z)).max() <= TARGET_ULP


def _spacing_bound(computed, reference, scale):
    err = np.abs(np.asarray(computed) - np.array([float(r) for r in np.ravel(reference)]))
    return np.all(err <= TARGET_ULP * np.spacing(np.asarray(scale, dtype=float)))


@pytest.mark.parametrize("kind", nm.LOGIT_KINDS)
@pytest.mark.parametrize("n", [1, 3, 40])
def test_logsumexp_backward_stable(kind, n):
    rng = np.random.default_rng(n)
    for _ in range(5):
        z = nm.sample_logits(n, kind, rng)
        scale = max(abs(z.max()), math.log(n), 1e-300)   # the result is ill-conditioned near 0
        assert _spacing_bound(nm.logsumexp(z), [nm.mp_logsumexp(z)], scale), z


_TARGETS = {
    "one-hot": lambda n, rng: np.eye(n)[rng.integers(n)],
    "distribution": lambda n, rng: rng.dirichlet(np.ones(n)),
    "weights": lambda n, rng: rng.normal(0.0, 5.0, n),
}


@pytest.mark.parametrize("target", sorted(_TARGETS))
@pytest.mark.parametrize("kind", nm.LOGIT_KINDS)
def test_cross_entropy_grad_error_scaled_by_terms(target, kind):
    rng = np.random.default_rng(3)
    for n in (1, 2, 8, 40):
        z, y = nm.sample_logits(n, kind, rng), _TARGETS[target](n, rng)
        ref = nm.mp_cross_entropy_grad(z, y)
        scale = np.maximum(nm.softmax(z) * abs(y.sum()), np.abs(y))
        assert _spacing_bound(nm.cross_entropy_grad(z, y), ref, np.maximum(scale, 1e-300)), (z, y)


def test_naive_formulas_are_caught_by_ulp_error():
    # p_k (1 - p_k) on a one-hot-ish input loses every digit of the diagonal
    z = np.array([40.0, 0.0, -1.0, 0.5])
    p = np.exp(z - z.max()) / np.exp(z - z.max()).sum()
    naive = np.diag(p) - np.outer(p, p)
    assert nm.ulp_error(naive, nm.mp_jacobian(z)).max() > 1e6
    assert nm.ulp_error(nm.softmax_jacobian(z), nm.mp_jacobian(z)).max() <= TARGET_ULP


# --------------------------------------------------------------------------- exact values

_EXACT = [
    ("softmax", lambda: nm.softmax([0.0, 0.0]), [0.5, 0.5]),
    ("softmax-n1", lambda: nm.softmax([123.0]), [1.0]),
    ("softmax-ties-1000", lambda: nm.softmax([1000.0, 1000.0, 1000.0, 1000.0]), [0.25] * 4),
    ("softmax-widest", lambda: nm.softmax([1e308, -1e308]), [1.0, 0.0]),
    ("log_softmax-n1", lambda: nm.log_softmax([-7.0]), [0.0]),
    ("log_softmax-overflowing-gap", lambda: nm.log_softmax([1e308, -1e308]), [0.0, -math.inf]),
    ("logsumexp-ties", lambda: [nm.logsumexp([1000.0, 1000.0])], [1000.0 + math.log(2.0)]),
    ("logsumexp-n1", lambda: [nm.logsumexp([-3.5])], [-3.5]),
    ("jacobian-two", lambda: nm.softmax_jacobian([0.0, 0.0]).ravel(), [0.25, -0.25, -0.25, 0.25]),
    ("jacobian-n1", lambda: nm.softmax_jacobian([5.0]).ravel(), [0.0]),
    ("grad-one-hot", lambda: nm.cross_entropy_grad([0.0, 0.0], [1.0, 0.0]), [-0.5, 0.5]),
    ("grad-zero-target", lambda: nm.cross_entropy_grad([3.0, 1.0], [0.0, 0.0]), [0.0, 0.0]),
    ("ints-accepted", lambda: nm.softmax(np.array([2, 2], dtype=np.int64)), [0.5, 0.5]),
]


@pytest.mark.parametrize("name, compute, expected", _EXACT, ids=[c[0] for c in _EXACT])
def test_exact_values(name, compute, expected):
    assert list(np.asarray(compute(), dtype=float)) == expected


def test_one_hot_diagonal_keeps_relative_precision():
    z = np.array([60.0, 0.0, 0.0])
    diag = np.diag(nm.softmax_jacobian(z))
    assert diag[0] > 0 and nm.ulp_error(diag[0], nm.mp_jacobian(z)[0][0]) <= 1


# --------------------------------------------------------------------------- references and ulps

def _wide(make):
    """Build an mpf at 300 bits (at the default 53 bits it would be rounded already)."""
    with mpmath.workprec(300):
        return make()


_ULP = [
    ("equal", 1.0, 1.0, 0),
    ("next", np.nextafter(1.0, 2.0), 1.0, 1),
    ("zeros", 0.0, -0.0, 0),
    ("smallest-subnormal", 5e-324, 0.0, 1),
    ("across-zero", -5e-324, 5e-324, 2),
    ("tie-to-even", 1.0, _wide(lambda: 1 + mpmath.mpf(2) ** -53), 0),
    ("just-above-tie", np.nextafter(1.0, 2.0), _wide(lambda: 1 + mpmath.mpf(2) ** -53 + mpmath.mpf(2) ** -80), 0),
    ("just-below-tie", 1.0, _wide(lambda: 1 + mpmath.mpf(2) ** -53 - mpmath.mpf(2) ** -80), 0),
    ("subnormal-above-tie", 1.5e-323, _wide(lambda: mpmath.mpf(5) * mpmath.mpf(2) ** -1075 + mpmath.mpf(2) ** -1200), 0),
    ("subnormal-tie", 1e-323, mpmath.mpf(5) * mpmath.mpf(2) ** -1075, 0),
    ("overflowing-reference", math.inf, mpmath.mpf(2) ** 1025, 0),
    ("nan", math.nan, 1.0, math.inf),
    ("string-reference", 0.5, "0.5", 0),
]


@pytest.mark.parametrize("name, computed, reference, distance", _ULP, ids=[u[0] for u in _ULP])
def test_ulp_error(name, computed, reference, distance):
    result = nm.ulp_error(computed, reference)
    assert result.shape == () and result == distance


def test_ulp_error_rejects_mismatched_shapes():
    with pytest.raises(ValueError, match="shape"):
        nm.ulp_error([1.0, 2.0], [1.0])


def test_references_resolve_cancellation():
    # log(1 + e^-200) is e^-200, not 0, and p (1 - p) of a near-one-hot input is not 0
    assert nm.mp_log_softmax([0.0, -200.0])[0] < 0
    assert nm.mp_jacobian([0.0, -200.0])[0][0] > 0
    # tied maxima with y on them: p_k sum(y) - y_k is -(tiny)/2, far beyond 50 digits
    grad = nm.mp_cross_entropy_grad([700.25, 700.25, -2.5], [1.0, 1.0, 0.0])
    assert grad[0] < 0 and abs(grad[0]) < 1e-300
    assert nm.mp_logsumexp([-math.log(2.0), -math.log(2.0)]) > 0


def test_mp_softmax_sums_to_one():
    total = mpmath.fsum(nm.mp_softmax(nm.sample_logits(50, "large", 1)))
    assert abs(total - 1) < mpmath.mpf(10) ** -45


# --------------------------------------------------------------------------- inputs

_BAD = [
    ("empty", [], ValueError, "must not be empty"),
    ("2-D", [[1.0, 2.0]], ValueError, "1-D"),
    ("scalar", 3.0, ValueError, "1-D"),
    ("nan", [1.0, math.nan], ValueError, "finite"),
    ("inf", [math.inf], ValueError, "finite"),
    ("string", "1 2 3", TypeError, "real numbers"),
    ("complex", [1 + 2j], TypeError, "real numbers"),
    ("bool", [True, False], TypeError, "real numbers"),
    ("objects", [None, 1.0], TypeError, "real numbers"),
]
_FUNCTIONS = [nm.softmax, nm.log_softmax, nm.logsumexp, nm.softmax_jacobian, nm.mp_softmax,
              nm.mp_jacobian, lambda z: nm.cross_entropy_grad(z, [0.0])]


@pytest.mark.parametrize("fn", _FUNCTIONS)
@pytest.mark.parametrize("name, value, error, text", _BAD, ids=[b[0] for b in _BAD])
def test_bad_logits_name_the_argument(fn, name, value, error, text):
    with pytest.raises(error, match=text) as info:
        fn(value)
    assert str(info.value).startswith("z ")


@pytest.mark.parametrize("y, error", [([1.0], ValueError), ([1.0, math.nan], ValueError),
                                      ("ab", TypeError), ([[1.0, 0.0]], ValueError)])
def test_bad_targets_name_y(y, error):
    with pytest.raises(error, match="^y "):
        nm.cross_entropy_grad([0.0, 1.0], y)


@pytest.mark.parametrize("kwargs, error, word", [
    (dict(n=0, kind="normal", rng=0), ValueError, "n"),
    (dict(n=True, kind="normal", rng=0), ValueError, "n"),
    (dict(n=3, kind="gaussian", rng=0), ValueError, "kind"),
    (dict(n=3, kind="normal", rng="seed"), TypeError, "rng"),
])
def test_sample_logits_bad_arguments(kwargs, error, word):
    with pytest.raises(error, match=f"^{word} "):
        nm.sample_logits(**kwargs)


def test_dps_is_validated():
    with pytest.raises(ValueError, match="dps"):
        nm.mp_softmax([1.0], dps=5)


# --------------------------------------------------------------------------- test inputs

_KIND_PROPERTIES = {
    "normal": lambda z: np.all(np.abs(z) < 40),
    "negative": lambda z: np.all(z < -700) and z.min() < -1000,
    "large": lambda z: np.all(np.abs(z) <= 1000) and np.abs(z).max() > 100,
    "huge": lambda z: np.all(np.abs(z) <= 1.2e4) and np.abs(z).max() > 1000,
    "ties": lambda z: np.sum(z == z.max()) >= 2,
    "one-hot-ish": lambda z: np.sort(z)[-1] - np.sort(z)[-2] > 10,
}


@pytest.mark.parametrize("kind", nm.LOGIT_KINDS)
def test_sample_logits_kinds(kind):
    assert set(_KIND_PROPERTIES) == set(nm.LOGIT_KINDS)
    z = nm.sample_logits(40, kind, np.random.default_rng(0))
    assert z.shape == (40,) and z.dtype == np.float64 and np.all(np.isfinite(z))
    assert _KIND_PROPERTIES[kind](z)
    assert np.array_equal(z, nm.sample_logits(40, kind, 0))      # an int seed is the same stream
    assert nm.sample_logits(1, kind, 0).shape == (1,)

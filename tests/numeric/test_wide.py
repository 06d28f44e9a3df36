"""Tests for derive.numeric.wide: every operation against 50-digit mpmath, over the float range
and far beyond it; domain errors give NaN."""
from __future__ import annotations

import mpmath
import numpy as np
import pytest

from derive.numeric.wide import Wide

ACCURACY = 1e-20          # relative to the magnitudes an operation combines (the module's promise)


def _values(seed=0):
    rng = np.random.default_rng(seed)
    return np.concatenate([rng.normal(0, 3, 60), rng.uniform(-1e4, 1e4, 60), rng.uniform(-2, 2, 20),
                           [1.0, -1.0, 0.5, 2.0, 1e-300, -1e-300, 1e300, 5e-324, 700.25, -745.5,
                            1 + 2 ** -52, 1 - 2 ** -53]])


def _mp(x):
    return mpmath.mpf(float(x))


def _check(result: Wide, expected, scale):
    with mpmath.workdps(50):
        for t, (e, s) in enumerate(zip(expected, scale)):
            got = result.mpf((t,))
            assert abs(got - e) <= ACCURACY * s, (t, got, e)


_UNARY = [
    ("exp", lambda w: w.exp(), lambda x: mpmath.exp(x), lambda x: abs(mpmath.exp(x)),
     lambda x: abs(x) < 1e6),
    ("log", lambda w: w.log(), lambda x: mpmath.log(x), lambda x: 1 + abs(mpmath.log(x)), lambda x: x > 0),
    ("sqrt", lambda w: w.sqrt(), lambda x: mpmath.sqrt(x), lambda x: mpmath.sqrt(x), lambda x: x >= 0),
    ("powi-3", lambda w: w.powi(3), lambda x: x ** 3, lambda x: abs(x) ** 3, lambda x: True),
    ("powi--2", lambda w: w.powi(-2), lambda x: x ** -2, lambda x: x ** -2, lambda x: x != 0),
    ("abs", lambda w: w.abs(), abs, abs, lambda x: True),
    ("neg", lambda w: -w, lambda x: -x, abs, lambda x: True),
]


@pytest.mark.parametrize("name, op, ref, scale, domain", _UNARY, ids=[u[0] for u in _UNARY])
def test_unary_operations_against_mpmath(name, op, ref, scale, domain):
    x = np.array([v for v in _values() if domain(v) and not (name.startswith("powi") and abs(v) > 1e100)])
    with mpmath.workdps(50):
        xs = [_mp(v) for v in x]
        _check(op(Wide.from_float(x)), [ref(v) for v in xs], [scale(v) for v in xs])


_BINARY = [
    ("add", lambda a, b: a + b, lambda x, y: x + y, lambda x, y: abs(x) + abs(y)),
    ("sub", lambda a, b: a - b, lambda x, y: x - y, lambda x, y: abs(x) + abs(y)),
    ("mul", lambda a, b: a * b, lambda x, y: x * y, lambda x, y: abs(x * y)),
    ("div", lambda a, b: a / b, lambda x, y: x / y, lambda x, y: abs(x / y)),
]


@pytest.mark.parametrize("name, op, ref, scale", _BINARY, ids=[b[0] for b in _BINARY])
def test_binary_operations_against_mpmath_far_beyond_float_range(name, op, ref, scale):
    x = np.array([v for v in _values(1) if abs(v) < 1e6])
    y = _values(2)[::-1][:x.size].copy()
    a, b = Wide.from_float(x).exp(), Wide.from_float(y)       # exp(1e4) and exp(-1e4) included
    with mpmath.workdps(50):
        xs, ys = [mpmath.exp(_mp(v)) for v in x], [_mp(v) for v in y]
        _check(op(a, b), [ref(p, q) for p, q in zip(xs, ys)], [scale(p, q) for p, q in zip(xs, ys)])


def test_sum_along_an_axis_is_accurate_to_the_sum_of_magnitudes():
    x = np.array([v for v in np.concatenate([_values(3), _values(4)]) if abs(v) < 1e6])[:300].reshape(3, 100)
    w = Wide.from_float(x).exp() - Wide.from_float(np.full(x.shape, 1.0))
    total = w.sum(axis=1)
    with mpmath.workdps(60):
        for r in range(3):
            terms = [mpmath.exp(_mp(v)) - 1 for v in x[r]]
            exact = mpmath.fsum(terms)
            assert abs(total.mpf((r,)) - exact) <= ACCURACY * mpmath.fsum(abs(t) for t in terms)


def test_cancellation_to_exact_zero_and_tiny_differences():
    one = Wide.from_float(np.ones(3))
    tiny = Wide.from_float(np.array([1e-20, 0.0, -2 ** -80]))
    back = (one + tiny) - one
    assert back.to_float().tolist() == [1e-20, 0.0, -2 ** -80]
    assert (one + Wide.from_float(1e-20)).log().to_float()[0] == pytest.approx(1e-20, rel=1e-15)


def test_domain_errors_give_nan_not_exceptions():
    w = Wide.from_float(np.array([-1.0, 0.0, 2.0]))
    assert np.isnan(w.log().to_float()[:2]).all() and np.isfinite(w.log().to_float()[2])
    assert np.isnan(w.sqrt().to_float()[0]) and w.sqrt().to_float()[1] == 0.0
    assert np.isnan((Wide.from_float(1.0) / Wide.from_float(0.0)).to_float())
    assert np.isnan(Wide.from_float(1e300).scale2(10 ** 6).exp().to_float())   # beyond any exponent


def test_reading_values_back():
    w = Wide.from_float(np.array([1e4])).exp()
    hi, lo = w.pair()
    assert np.isinf(hi[0]) and np.isinf(w.to_float()[0])
    with mpmath.workdps(50):
        assert mpmath.almosteq(w.mpf((0,)), mpmath.exp(10000), rel_eps=1e-20)
    assert Wide.from_float(np.array([-1e4])).exp().to_float()[0] == 0.0
    assert w.log2abs()[0] == pytest.approx(1e4 / np.log(2), rel=1e-14)
    assert Wide.from_mpf(mpmath.mpf(3) / 7).to_float() == 3 / 7
    assert (Wide.from_float(np.array([1.0, 2.0])).compare(Wide.from_float(np.array([2.0, 2.0])))
            .tolist() == [-1.0, 0.0])

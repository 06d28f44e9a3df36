"""Tests for derive.testing: right implementations pass, wrong ones are rejected with
a message that shows the input and the entry, and bad arguments are refused."""
from __future__ import annotations

import numpy as np
import pytest
from sympy import Eq, KroneckerDelta, Rational, Sum, exp, log, sqrt, symbols

import derive.testing as testing
from derive.numeric import kernels as nm
from derive.symbols import S, i, j, k, n, y, z
from derive.testing import assert_identity, assert_implementation
from derive.kernel.verdict import UNKNOWN, Verdict

x = symbols("x", real=True)
a, b = symbols("a b", positive=True)

SOFTMAX = exp(z[k]) / Sum(exp(z[i]), (i, 1, n))
JACOBIAN = SOFTMAX * (KroneckerDelta(k, j) - exp(z[j]) / Sum(exp(z[i]), (i, 1, n)))
GRADIENT = SOFTMAX * Sum(y[i], (i, 1, n)) - y[k]
LOGSUMEXP = log(Sum(exp(z[i]), (i, 1, n)))
SMALL = dict(ns=(1, 2, 5, 40), kinds=("normal", "large", "ties"))


# --------------------------------------------------------------------------- assert_identity

_TRUE = [
    ("square", (Eq((x + 1) ** 2, x ** 2 + 2 * x + 1),)),
    ("square-pair", ((x + 1) ** 2, x ** 2 + 2 * x + 1)),
    ("log-product-positive", (log(a * b), log(a) + log(b))),
    ("softmax-sums-to-one", (Sum(SOFTMAX.subs(k, j), (j, 1, n)), 1)),
]
_FALSE = [
    ("tiny-constant", (Eq((x + 1) ** 2, x ** 2 + 2 * x + 1 + Rational(1, 10 ** 20)),)),
    ("sqrt-square", (sqrt(x ** 2), x)),
    ("wrong-square", ((x + 1) ** 2, x ** 2 + 1)),
]


@pytest.mark.parametrize("name, args", _TRUE, ids=[t[0] for t in _TRUE])
def test_assert_identity_returns_the_proof(name, args):
    verdict = assert_identity(*args, timeout=20.0)
    assert isinstance(verdict, Verdict) and verdict.proved


@pytest.mark.parametrize("name, args", _FALSE, ids=[f[0] for f in _FALSE])
def test_assert_identity_rejects_false_claims(name, args):
    with pytest.raises(AssertionError) as info:
        assert_identity(*args, timeout=20.0)
    text = str(info.value)
    for part in ("lhs:", "rhs:", "status: refuted", "method:", "detail:", "counterexample:"):
        assert part in text, text


def test_assert_identity_rejects_unknown(monkeypatch):
    undecided = Verdict(UNKNOWN, "timeout", None, 1.0, "undecided within 1 s")
    monkeypatch.setattr(testing, "check", lambda *args, **kwargs: undecided)
    with pytest.raises(AssertionError, match="status: unknown") as info:
        assert_identity(x + 1, x + 1)
    assert "undecided within 1 s" in str(info.value) and "counterexample" not in str(info.value)


def test_assert_identity_passes_hypotheses():
    total = Eq(Sum(y[i], (i, 1, n)), 1)
    claim = (Sum(y[i], (i, 1, n)) * SOFTMAX - y[k], SOFTMAX - y[k])
    assert assert_identity(*claim, given=(total,), timeout=20.0).proved
    with pytest.raises(AssertionError):
        assert_identity(*claim, timeout=20.0)


_VACUOUS = [
    ("contradictory-equalities", (Eq(y[1], 3),), (Eq(x, 1), Eq(x, 2))),
    ("contradictory-inequalities", ((x + 1)**2, x**2 + 1), (x > 1, x < 0)),
    ("false-hypothesis", (Eq(y[1], 3),), (Eq(x, x + 1, evaluate=False),)),
]


@pytest.mark.parametrize("name, args, given", _VACUOUS, ids=[v[0] for v in _VACUOUS])
def test_assert_identity_rejects_a_vacuous_proof_unless_allowed(name, args, given):
    with pytest.raises(AssertionError, match="vacuous") as info:
        assert_identity(*args, given=given, timeout=20.0)
    assert "method: vacuous" in str(info.value)
    verdict = assert_identity(*args, given=given, timeout=20.0, allow_vacuous=True)
    assert verdict.proved and verdict.method == "vacuous"


def test_allow_vacuous_does_not_accept_false_claims():
    with pytest.raises(AssertionError, match="status: refuted"):
        assert_identity((x + 1)**2, x**2 + 1, given=(Eq(x, 1),), allow_vacuous=True, timeout=20.0)
    with pytest.raises(TypeError, match="allow_vacuous"):
        assert_identity(x, x, allow_vacuous="yes")


@pytest.mark.parametrize("args", [("x == x",), (None,), (x + 1,), (np.ones(2), x)])
def test_assert_identity_bad_input_is_a_type_error(args):
    with pytest.raises((TypeError, ValueError)):
        assert_identity(*args)


# --------------------------------------------------------------------------- implementations

def _stable(v):
    e = np.exp(v - v.max())
    return e / e.sum()


def _one_hot(size, rng):
    return np.eye(size)[rng.integers(size)]


def _softmax_rows(m, axis):
    e = np.exp(m - m.max(axis=axis, keepdims=True))
    return e / e.sum(axis=axis, keepdims=True)


_RIGHT = [
    ("numeric-softmax", nm.softmax, SOFTMAX, {}),
    ("stable-softmax", _stable, SOFTMAX, {}),
    ("list-output", lambda v: _stable(v).tolist(), SOFTMAX, {}),
    ("numeric-jacobian", nm.softmax_jacobian, JACOBIAN, dict(indices=(k, j))),
    ("textbook-jacobian", lambda v: np.diag(_stable(v)) - np.outer(_stable(v), _stable(v)),
     JACOBIAN, dict(indices=(k, j))),
    ("gradient-one-hot", nm.cross_entropy_grad, GRADIENT, dict(extra={y: _one_hot})),
    ("gradient-soft-targets", lambda v, t: _stable(v) * t.sum() - t, GRADIENT,
     dict(extra={y: lambda size, rng: rng.dirichlet(np.ones(size))})),
    ("logsumexp-scalar", nm.logsumexp, LOGSUMEXP, dict(indices=())),
    ("other-family", _stable, exp(S[k]) / Sum(exp(S[i]), (i, 1, n)), dict(family=S)),
]


@pytest.mark.parametrize("name, fn, expr, options", _RIGHT, ids=[r[0] for r in _RIGHT])
def test_right_implementations_pass(name, fn, expr, options):
    assert assert_implementation(fn, expr, **{**SMALL, **options}) > 0


def test_defaults_cover_large_n():
    assert assert_implementation(nm.softmax, SOFTMAX) >= 1 + 2 + 3 + 10 + 8


def _argmax_zeroed_for_large_n(v):
    p = _stable(v)
    if v.size > 500:
        p[np.argmax(v)] = 0.0
    return p


_WRONG = [
    ("naive-overflows", lambda v: np.exp(v) / np.exp(v).sum(), SOFTMAX, {}, "overflow"),
    ("l2-normalised", lambda v: np.exp(v - v.max()) / np.linalg.norm(np.exp(v - v.max())),
     SOFTMAX, {}, "entry"),
    ("mean-normalised", lambda v: np.exp(v - v.max()) / np.exp(v - v.max()).mean(),
     SOFTMAX, {}, "entry"),
    ("wrong-axis", lambda v: _softmax_rows(v[:, None], axis=1).ravel(), SOFTMAX, {}, "entry"),
    ("wrong-axis-shape", lambda v: _softmax_rows(v[:, None], axis=1), SOFTMAX, {}, "shape"),
    ("jacobian-missing-diagonal", lambda v: -np.outer(_stable(v), _stable(v)), JACOBIAN,
     dict(indices=(k, j)), "entry [0, 0]"),
    ("gradient-sign-flipped", lambda v, t: t - _stable(v) * t.sum(), GRADIENT,
     dict(extra={y: _one_hot}), "entry"),
    ("gradient-ignores-sum", lambda v, t: _stable(v) - t, GRADIENT,
     dict(extra={y: lambda size, rng: 3.0 * _one_hot(size, rng)}), "entry"),
    ("nan-output", lambda v: np.full(v.size, np.nan), SOFTMAX, {}, "non-finite"),
    ("raises", lambda v: 1 / 0, SOFTMAX, {}, "raised ZeroDivisionError"),
    ("returns-text", lambda v: "p", SOFTMAX, {}, "not an array of real numbers"),
    ("bug-at-argmax-only-for-large-n", _argmax_zeroed_for_large_n, SOFTMAX,
     dict(ns=(3, 1000)), "n = 1000"),
]


@pytest.mark.parametrize("name, fn, expr, options, text", _WRONG, ids=[w[0] for w in _WRONG])
def test_wrong_implementations_are_rejected(name, fn, expr, options, text):
    with pytest.raises(AssertionError) as info:
        assert_implementation(fn, expr, **{**SMALL, **options})
    message = str(info.value)
    assert text in message, message
    assert "input z = [" in message and "expr:" in message


def test_failure_summarises_a_long_input():
    with pytest.raises(AssertionError) as info:
        assert_implementation(_argmax_zeroed_for_large_n, SOFTMAX, ns=(1000,), kinds=("normal",))
    message = str(info.value)
    assert "n = 1000" in message and "..." in message and len(message) < 2000


def test_failure_shows_the_extra_input():
    with pytest.raises(AssertionError, match=r"input y = \["):
        assert_implementation(lambda v, t: t - _stable(v), GRADIENT, extra={y: _one_hot}, **SMALL)


def test_user_input_is_not_mutated_between_calls():
    seen = []

    def scribbles(v):
        seen.append(v.copy())
        out = _stable(v)
        v[:] = 0.0
        return out
    assert assert_implementation(scribbles, SOFTMAX, ns=(3,), kinds=("normal",)) == 3
    assert not np.all(seen[0] == 0.0)


_BAD = [
    (dict(fn=3), TypeError, "fn"),
    (dict(expr="exp(z[k])"), TypeError, "expr"),
    (dict(expr=Eq(z[k], 1)), TypeError, "expr"),
    (dict(family="z"), TypeError, "family"),
    (dict(indices=k), TypeError, "indices"),
    (dict(indices=(k, k)), ValueError, "indices"),
    (dict(extra=[1]), TypeError, "extra"),
    (dict(extra={"y": 1}), TypeError, "extra"),
    (dict(ns=()), ValueError, "ns"),
    (dict(ns=(0,)), ValueError, "ns"),
    (dict(kinds=("gaussian",)), ValueError, "kinds"),
    (dict(kinds=()), ValueError, "kinds"),
    (dict(rtol=-1.0), ValueError, "rtol"),
    (dict(atol=float("nan")), ValueError, "atol"),
    (dict(seed="0"), TypeError, "seed"),
    (dict(expr=SOFTMAX * symbols("t")), ValueError, "expr"),
    (dict(extra={y: lambda size, rng: np.ones(size + 1)}), ValueError, "extra"),
]


@pytest.mark.parametrize("override, error, word", _BAD, ids=[f"{w}-{i}" for i, (_, _, w) in enumerate(_BAD)])
def test_bad_arguments_name_the_argument(override, error, word):
    args = dict(fn=_stable, expr=SOFTMAX, ns=(2,), kinds=("normal",))
    args.update(override)
    with pytest.raises(error, match=word):
        assert_implementation(args.pop("fn"), args.pop("expr"), **args)

"""Tests for derive.testing.identity: proved claims pass, refuted and unknown ones fail with
both sides, the method and the counterexample; bad input is refused."""
from __future__ import annotations

import numpy as np
import pytest
from sympy import Eq, Rational, Sum, exp, log, sqrt, symbols

import derive.testing.identity as identity
from derive.kernel.verdict import UNKNOWN, Verdict
from derive.symbols import i, j, k, n, y, z
from derive.testing import assert_identity

x = symbols("x", real=True)
a, b = symbols("a b", positive=True)

SOFTMAX = exp(z[k]) / Sum(exp(z[i]), (i, 1, n))


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
    monkeypatch.setattr(identity, "check", lambda *args, **kwargs: undecided)
    with pytest.raises(AssertionError, match="status: unknown") as info:
        assert_identity(x + 1, x + 1)
    assert "undecided within 1 s" in str(info.value) and "counterexample" not in str(info.value)


def test_assert_identity_passes_hypotheses():
    total = Eq(Sum(y[i], (i, 1, n)), 1)
    claim = (Sum(y[i], (i, 1, n)) * SOFTMAX - y[k], SOFTMAX - y[k])
    assert assert_identity(*claim, given=(total,), timeout=20.0).proved
    with pytest.raises(AssertionError):
        assert_identity(*claim, timeout=20.0)


@pytest.mark.parametrize("args", [("x == x",), (None,), (x + 1,), (np.ones(2), x)])
def test_assert_identity_bad_input_is_a_type_error(args):
    with pytest.raises((TypeError, ValueError)):
        assert_identity(*args)




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
    assert verdict.proved and verdict.method.startswith("vacuous")
    with pytest.raises(AssertionError, match="vacuous"):      # served from the cache now
        assert_identity(*args, given=given, timeout=20.0)


def test_allow_vacuous_does_not_accept_false_claims():
    with pytest.raises(AssertionError, match="status: refuted"):
        assert_identity((x + 1)**2, x**2 + 1, given=(Eq(x, 1),), allow_vacuous=True, timeout=20.0)
    with pytest.raises(TypeError, match="allow_vacuous"):
        assert_identity(x, x, allow_vacuous="yes")



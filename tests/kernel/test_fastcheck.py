"""``prove_exactly``: the exact fast path alone, tried on every form of an obligation first
(issue 13).  It proves identities only, never refutes, and declines outside its fragment."""
from __future__ import annotations

import pytest
from sympy import Eq, Ge, Ne, Sum, exp, symbols

from derive.derivation.obligations import Obligation
from derive.derivation.runner import discharge
from derive.kernel.fastcheck import prove_exactly
from derive.symbols import i, k, n, z

x, y = symbols("x y", real=True)
S2 = exp(z[1]) + exp(z[2])

PROVED = [
    ("softmax of two sums to one", Eq(exp(z[1]) / S2 + exp(z[2]) / S2, 1, evaluate=False)),
    ("a reduced form", Eq((x**2 - 1) / (x - 1), x + 1)),
    ("exp of a sum", Eq(exp(x + y), exp(x) * exp(y))),
]

DECLINED = [
    ("false", Eq(exp(2 * x), exp(x) * 2)),
    ("true only under a hypothesis (x = 1)", Eq(x, 1)),
    ("a sum over a symbolic range", Eq(Sum(z[i], (i, 1, n)), Sum(z[i], (i, 1, n)) + 0 * x)),
    ("an inequality", Ge(x**2, 0)),
    ("a disequation", Ne(x + 1, x)),
    ("not a relation", x + 1),
]


@pytest.mark.parametrize("name, claim", PROVED, ids=[p[0] for p in PROVED])
def test_identities_in_the_fragment_are_proved(name, claim):
    v = prove_exactly(claim)
    assert v is not None and v.proved and v.method == "rational-function-field"


@pytest.mark.parametrize("name, claim", DECLINED, ids=[d[0] for d in DECLINED])
def test_anything_else_is_declined_never_refuted(name, claim):
    assert prove_exactly(claim) is None


def test_an_obligation_is_proved_by_a_later_form_in_the_fragment():
    # the first form is true (its sums cancel) but outside the fragment, the second is in it
    first = Eq(Sum(z[i], (i, 1, n)) - Sum(z[k], (k, 1, n)) + exp(x) * exp(y), exp(x + y), evaluate=False)
    second = Eq(exp(z[1]) / S2 + exp(z[2]) / S2, 1, evaluate=False)
    v = discharge(Obligation((first, second)), 10.0)
    assert v.proved and v.method == "rational-function-field"


def test_a_false_obligation_is_still_refuted_by_the_full_check():
    v = discharge(Obligation((Eq(exp(2 * x), 2 * exp(x)),)), 10.0)
    assert v.refuted

"""Maxima and minima by cases, through check(): true claims proved, false ones never."""
from __future__ import annotations

import pytest
from sympy import Eq, Ge, Idx, IndexedBase, Le, Max, Min, Symbol, symbols

from derive import check
from derive.symbols import k, n

x, y, tau = symbols("x y tau", real=True)
alpha = Symbol("alpha", positive=True)
z = IndexedBase("z", real=True)
p = IndexedBase("p", real=True)
q = IndexedBase("q", nonnegative=True)
mu = IndexedBase("mu", real=True)
KKT = [Eq(p[k] - z[k] + tau - mu[k], 0), p[k] >= 0, mu[k] >= 0]
s = Symbol("s", integer=True, positive=True)
a, b = Idx("a", (1, s)), Idx("b", (s + 1, n))       # the support and the rest, which may be empty

PROVED = [
    ("positive part with mu = 0", Eq(p[k], Max(z[k] - tau, 0)), [Eq(mu[k], 0)] + KKT),
    ("positive part with p = 0", Eq(p[k], Max(z[k] - tau, 0)), [Eq(p[k], 0)] + KKT),
    ("max of a larger argument", Eq(Max(x, y), x), [x >= y]),
    ("min", Eq(Min(x, y), y), [y <= x]),
    ("maxima cancel", Eq(Max(x - 1, 0) - Max(0, x - 1), 0), []),
    ("positive part minus negative part", Eq(Max(x, 0) - Max(-x, 0), x), []),
    ("product of parts", Eq(Max(x, 0) * Max(-x, 0), 0), []),
    ("monotone", Ge(Max(x - tau, 0), Max(y - tau, 0)), [y <= x]),
    ("monotone squares", Ge(Max(x / 2 - tau, 0) ** 2, Max(y / 2 - tau, 0) ** 2), [y <= x]),
    ("entry positive means gap positive", z[k] - tau > 0, [Eq(p[k], Max(z[k] - tau, 0)), p[k] > 0]),
    ("general alpha, mu = 0", Eq(q[k], Max((alpha - 1) * z[k] - tau, 0) ** (1 / (alpha - 1))),
     [Eq(mu[k], 0), Eq(q[k] ** (alpha - 1), (alpha - 1) * z[k] - tau + (alpha - 1) * mu[k]), mu[k] >= 0,
      alpha > 1]),
]

REJECTED = [
    ("max is not its first argument", Eq(Max(x, 0), x), []),
    ("positive part with the wrong sign", Eq(p[k], Max(z[k] + tau, 0)), [Eq(mu[k], 0)] + KKT),
    ("dropped case", Eq(p[k], z[k] - tau), [Eq(p[k], 0)] + KKT),
    ("not monotone the other way", Le(Max(x - tau, 0), Max(y - tau, 0)), [y <= x]),
    ("strict from a tie", Max(x, 0) > 0, [x >= 0]),
    ("min is the smaller argument, not the larger", Eq(Min(x, y), x), [y <= x]),
    ("max is the larger argument, not the smaller", Eq(Max(x, y), y), [y <= x]),
    # z_b <= tau for every b in s+1..n holds vacuously at s = n: b's range says nothing of s
    ("the range of an index only a hypothesis has", s < n, [z[b] <= tau]),
    ("the range of an index only a hypothesis has, with a maximum", s < n, [Max(z[b], 0) <= tau]),
    ("the range of b bounds a claim about a", z[a] < tau + n - s, [z[b] <= tau, z[a] <= tau]),
]


@pytest.mark.parametrize("label, claim, given", PROVED, ids=[c[0] for c in PROVED])
def test_proved(label, claim, given):
    v = check(claim, given=given, timeout=20)
    assert v.proved, (v.method, v.detail)


@pytest.mark.parametrize("label, claim, given", REJECTED, ids=[c[0] for c in REJECTED])
def test_rejected(label, claim, given):
    v = check(claim, given=given, timeout=20)
    assert not v.proved
    assert v.status == "refuted", v.detail      # each is false: a counterexample exists


def test_an_index_left_free_in_a_hypothesis_does_not_leak():
    """Max(z_k - tau, 0) = z_k - tau needs z_k >= tau for this k; z_1 >= tau is not enough."""
    v = check(Eq(Max(z[k] - tau, 0), z[k] - tau), given=[z[1] >= tau])
    assert not v.proved



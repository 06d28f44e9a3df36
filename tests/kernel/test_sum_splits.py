"""Sums over adjacent ranges joined (Karr's convention makes it unconditional)."""
from __future__ import annotations

import pytest
from sympy import Eq, IndexedBase, Sum, Symbol

from derive import check
from derive.kernel.sum_splits import join_ranges
from derive.symbols import i, n

s = Symbol("s", integer=True, positive=True)
t = Symbol("t", integer=True)
p = IndexedBase("p", real=True)

PROVED = [
    ("split at s", Eq(Sum(p[i], (i, 1, n)), Sum(p[i], (i, 1, s)) + Sum(p[i], (i, s + 1, n)))),
    ("split anywhere (Karr)", Eq(Sum(p[i] ** 2, (i, 1, n)), Sum(p[i] ** 2, (i, 1, t)) + Sum(p[i] ** 2, (i, t + 1, n)))),
    ("subtract a head", Eq(Sum(p[i], (i, 1, n)) - Sum(p[i], (i, 1, s)), Sum(p[i], (i, s + 1, n)))),
    ("with a coefficient", Eq(3 * Sum(p[i], (i, 1, s)) + 3 * Sum(p[i], (i, s + 1, n)), 3 * Sum(p[i], (i, 1, n)))),
]
REFUTED = [
    ("a gap between the pieces", Eq(Sum(p[i], (i, 1, n)), Sum(p[i], (i, 1, s)) + Sum(p[i], (i, s + 2, n)))),
    ("an overlap", Eq(Sum(p[i], (i, 1, n)), Sum(p[i], (i, 1, s)) + Sum(p[i], (i, s, n)))),
    ("different summands", Eq(Sum(p[i], (i, 1, n)), Sum(p[i], (i, 1, s)) + Sum(p[i] ** 2, (i, s + 1, n)))),
]


@pytest.mark.parametrize("label, claim", PROVED, ids=[c[0] for c in PROVED])
def test_proved(label, claim):
    assert check(claim).proved


@pytest.mark.parametrize("label, claim", REFUTED, ids=[c[0] for c in REFUTED])
def test_refuted(label, claim):
    assert check(claim).status == "refuted"


def test_join_leaves_unrelated_sums_alone():
    e = Sum(p[i], (i, 1, s)) + Sum(p[i] ** 2, (i, s + 1, n))
    assert join_ranges(e) == e

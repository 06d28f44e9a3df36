"""Linear arithmetic over the hypotheses: certificates for true signs, none for false ones."""
from __future__ import annotations

import pytest
from sympy import Eq, Idx, IndexedBase, Symbol, symbols

from derive.kernel.linear_arith import entails, hypotheses_from, infeasible

x, y, tau = symbols("x y tau", real=True)
T, g = symbols("T g", positive=True)
s = Symbol("s", integer=True, positive=True)
n = Symbol("n", integer=True, positive=True)
r = Idx("r", (1, n - 1))
b = Idx("b", (s + 1, n))
z = IndexedBase("z", real=True)
p = IndexedBase("p", real=True)

# (label, target, strict, rels, eqs, expected)
CASES = [
    ("gap on the support", z[1] - tau, True, [p[1] > 0], [p[1] - z[1] + tau], True),
    ("a positive denominator is cleared", -(T - g) / T, False, [T <= g], [], True),
    ("product of a positive index and a sorted difference", r * (z[r] - z[r + 1]), False, [z[r + 1] <= z[r]], [], True),
    ("difference of squares of ordered positives", (x / 2 - tau) ** 2 - (y / 2 - tau) ** 2, False,
     [y / 2 - tau > 0, y <= x], [], True),
    ("sum of two hypotheses", x + y, True, [x > 0, y >= 0], [], True),
    ("a number", 3 - s + s, True, [], [], True),
    ("the range of an index of the target", n - b, False, [], [], True),
    # must be rejected
    ("strict from non-strict", x, True, [x >= 0], [], False),
    ("difference of nonnegatives", x - y, False, [x >= 0, y >= 0], [], False),
    ("wrong direction", tau - z[1], False, [p[1] > 0], [p[1] - z[1] + tau], False),
    ("denominator of unknown sign", (T - g) / x, False, [T <= g], [], False),
    ("no hypotheses", x, False, [], [], False),
    ("the range of an index only a hypothesis has", n - s - 1, False, [z[b] <= tau], [], False),
]


@pytest.mark.parametrize("label, target, strict, rels, eqs, expected", CASES, ids=[c[0] for c in CASES])
def test_entails(label, target, strict, rels, eqs, expected):
    assert entails(target, hypotheses_from(rels, eqs), strict) is expected


@pytest.mark.parametrize("rels, eqs, expected", [
    ([x > 0], [x], True),                              # x > 0 and x = 0
    ([x - tau <= 0, z[1] - tau > 0, z[1] <= x], [], True),
    ([x > 0, x < 1], [], False),
    ([x >= 0], [x], False),
    ([], [], False),
])
def test_infeasible(rels, eqs, expected):
    assert infeasible(hypotheses_from(rels, eqs)) is expected


def test_equations_among_the_relations_count_as_equations():
    h = hypotheses_from([Eq(x, 2 * y), y > 0])
    assert h.zero == (x - 2 * y,) and entails(x, h, True)

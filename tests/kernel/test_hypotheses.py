"""derive.kernel.hypotheses: denominators must stay nonzero, and contradictions are found and named."""
from __future__ import annotations

import pytest
from sympy import Eq, Ne, Sum, exp, symbols

from derive.kernel.hypotheses import contradiction, denominators, denominators_nonzero
from derive.symbols import i, k, n, p, z

x, y, a, b = symbols("x y a b", real=True)
yp = symbols("y", positive=True)
SOFTMAX = exp(z[k]) / Sum(exp(z[i]), (i, 1, n))


@pytest.mark.parametrize("residual, eqs, rels, nonzero", [
    (x / y - 7, (x, y), (), False),                 # y = 0 where the hypotheses hold
    ((a - b) / (x - y) - 5, (a - b, x - y), (), False),
    (x / y - 1, (x - y,), (), False),               # x = y = 0 is allowed
    (x / y - 1, (x - y,), (Ne(y, 0),), True),
    (x / y - 1, (x - y,), (y > 0,), True),
    (1 / (n - 1) - 1, (n - 2,), (), True),          # 1 = (n - 1) - (n - 2): n - 1 is never 0
    (x / yp, (x,), (), True),                       # positive by assumption
    (SOFTMAX - 1, (), (), True),                    # a sum of exponentials over 1..n, n >= 1
    (Sum(1 / z[i], (i, 1, n)), (), (), False),      # under the sum: assumptions only
    (Sum(1 / p[i], (i, 1, n)), (), (), True),
])
def test_denominators_nonzero(residual, eqs, rels, nonzero):
    assert denominators_nonzero(residual, eqs, rels) is nonzero


def test_denominators_are_found_inside_functions_and_sums():
    assert set(denominators(exp(1 / x) + Sum(1 / z[i], (i, 1, n)))) == {x, z[i]}


@pytest.mark.parametrize("eqs, rels, words", [
    ([("Eq(x, 1)", x - 1), ("Eq(x, 2)", x - 2)], [], "Eq(x, 1), Eq(x, 2)"),
    ([], [("x > 1", x > 1), ("x < 0", x < 0)], "x > 1, x < 0"),
    ([], [("x > y", x > y), ("y > x", y > x)], "x > y, y > x"),
    ([("Eq(x, 1)", x - 1)], [("x > 2", x > 2)], "Eq(x, 1), x > 2"),
    ([("Eq(x, y)", x - y)], [("Ne(x, y)", Ne(x, y))], "Eq(x, y), Ne(x, y)"),
    ([("A", Sum(z[i], (i, 1, n)) - 1), ("B", Sum(z[i], (i, 1, n)) - 2)], [], "A, B"),
])
def test_contradictions_are_found_and_named(eqs, rels, words):
    text = contradiction(eqs, rels)
    assert "contradict" in text and words in text


@pytest.mark.parametrize("eqs, rels", [
    ([("Eq(x, 1)", x - 1), ("Eq(y, 2)", y - 2)], []),
    ([], [("x > 1", x > 1), ("x < 2", x < 2)]),
    ([("Eq(x, 1)", x - 1)], [("x >= 1", x >= 1)]),
    ([("Eq(x*y, 1)", x * y - 1)], [("Ne(x, 0)", Ne(x, 0))]),
    ([("Eq(x, 1)", x - 1)], []),
])
def test_consistent_hypotheses_are_not_called_contradictory(eqs, rels):
    assert contradiction(eqs, rels) == ""


def test_an_index_range_can_contradict_a_hypothesis():
    text = contradiction([], [("k > n", k > n)], index_facts=(k - 1, n - k))
    assert "k > n" in text and "index ranges" in text
    assert contradiction([], [("k < n", k < n)], index_facts=(k - 1, n - k)) == ""


def _no_basis(*args, **kwargs):
    raise AssertionError("a Groebner basis was computed")


# Rows of a derivation relate exponentials, sums and entries with no constant term: their
# consistency (and that of the index ranges with them) is shown at a common zero, no basis.
ROW = exp(z[k]) * Sum(exp(z[i]), (i, 1, n)) - exp(2 * z[k])


@pytest.mark.parametrize("eqs, rels, facts", [
    ([("A", ROW), ("B", z[k] * ROW)], [], ()),
    ([("A", ROW)], [("n >= 2", n >= 2)], (k - 1, n - k)),
    ([("A", ROW)], [("x > y", x > y)], ()),          # x - y is no constant modulo A
    ([("A", z[1] - z[2])], [("Ne(a, b)", Ne(a, b))], ()),
])
def test_consistency_is_shown_without_a_basis_at_a_common_zero(monkeypatch, eqs, rels, facts):
    monkeypatch.setattr("derive.kernel.hypotheses.groebner", _no_basis)
    assert contradiction(eqs, rels, index_facts=facts) == ""


@pytest.mark.parametrize("eqs, rels, words", [
    ([("A", x * y - 1), ("B", x)], [], "A, B"),               # no common zero: the basis says 1
    ([("A", z[1] - z[2])], [("z2 > z1", z[2] > z[1])], "A, z2 > z1"),   # a zero, the value 0
    ([("A", x - y + 1)], [("x > y", x > y)], "A, x > y"),
    ([("A", z[1] - z[2])], [("Ne", Ne(z[1], z[2]))], "A, Ne"),
])
def test_contradictions_the_common_zero_cannot_rule_out_are_still_found(eqs, rels, words):
    text = contradiction(eqs, rels)
    assert "contradict" in text and words in text


def test_a_denominator_zero_at_a_common_zero_is_not_shown_nonzero(monkeypatch):
    monkeypatch.setattr("derive.kernel.hypotheses.groebner", _no_basis)
    assert denominators_nonzero(x / y - 1, (x - y,), ()) is False
    assert denominators_nonzero(ROW / z[k], (ROW,), ()) is False

"""Signs of linear forms from the symbols' assumptions: exact on the fragment, None outside."""
from __future__ import annotations

import pytest
from sympy import Idx, Rational, Symbol, sqrt

from derive.kernel.linear import linear_form, nonneg

n = Symbol("n", integer=True, positive=True)
m = Symbol("m", integer=True, nonnegative=True)
t = Symbol("t", positive=True)
q = Symbol("q", integer=True, negative=True)
r = Symbol("r", real=True)
c = Symbol("c")
k = Idx("k", (1, n))


@pytest.mark.parametrize("form, expected", [
    (n - 1, True), (n - 2, False), (2 * n - 2, True), (m, True), (m - 1, False),
    (t, True), (t - Rational(1, 10), False), (-q - 1, True), (-q - 2, False),
    (n + m - 1, True), (n - m, False), (r * 0 + 3, True), (r, False), (c + 1, False),
    (k - 1, False),              # an index's range is a fact, not an assumption
    (n - k, False), (Rational(-1, 2), False), (0 * n, True),
])
def test_exact_on_linear_forms(form, expected):
    assert nonneg(linear_form(form)) is expected


@pytest.mark.parametrize("form", [n * m, n ** 2, sqrt(n), 1 / n, sqrt(2) * n])
def test_other_terms_are_outside(form):
    assert linear_form(form) is None

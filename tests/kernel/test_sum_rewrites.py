"""derive.kernel.sum_rewrites: closed forms and aligned limits are equalities for every integer limit."""
from __future__ import annotations

import pytest
from sympy import Integer, IndexedBase, Sum, Symbol

from derive.kernel.sum_rewrites import align_limits, closed_form_sums

x = IndexedBase("x")
q = Symbol("q", integer=True)
m = Symbol("m", integer=True)          # any integer, negative ones included (Karr's convention)


@pytest.mark.parametrize("expr", [
    Sum(q, (q, 1, m)), Sum(q**2 - 3 * q, (q, 2, m)), Sum(Integer(5), (q, m, 3)),
])
def test_closed_forms_agree_with_the_sum_at_every_integer_limit(expr):
    closed = closed_form_sums(expr)
    assert not closed.has(Sum)
    for v in range(-6, 8):
        assert closed.subs(m, v) == expr.subs(m, v).doit()


def test_sums_of_families_are_not_closed():
    assert closed_form_sums(Sum(x[q], (q, 1, m))) == Sum(x[q], (q, 1, m))


@pytest.mark.parametrize("expr", [
    Sum(x[q], (q, 1, m + 2)) - Sum(x[q], (q, 1, m)),
    Sum(x[q], (q, 0, m)) - Sum(x[q], (q, 3, m)),
])
def test_aligned_limits_agree_at_every_integer_limit(expr):
    aligned = align_limits(expr)
    assert aligned != expr
    values = {x[v]: Integer(v * v - 7) for v in range(-10, 12)}
    for v in range(-6, 8):
        assert aligned.subs(m, v).doit().xreplace(values) == expr.subs(m, v).doit().xreplace(values)

"""derive.kernel.binders: renaming bound variables apart and substituting only free occurrences."""
from __future__ import annotations

import pytest
from sympy import (Dummy, Idx, Integral, KroneckerDelta, Lambda, Limit, Rational, Subs, Sum, Symbol,
                   exp, oo, sqrt, symbols)

from derive.kernel.binders import (alpha_convert, bound_variables, free_atoms, subs_free,
                                   sum_bound_problems)
from derive.symbols import i, j, k, n, z
from tests.kernel.oracle import value_at

q, r = symbols("q r", integer=True)
t, x = symbols("t x", real=True)


@pytest.mark.parametrize("expr, free", [
    (z[k] + Sum(z[k], (k, 1, n)), {z[k], k, n}),
    (Sum(q * r, (q, 1, r), (r, 1, 3)), set()),                   # an inner bound names an outer variable
    (Sum(Sum(q, (q, 1, q)), (q, 1, 3)), set()),                  # the same name bound twice
    (t + Integral(sqrt(t**2), (t, -1, 1)), {t}),
    (Limit(1 / x, x, 0, "+") + x, {x}),
    (Subs(x * t, x, t + 1), {t}),
    (Lambda(x, x + t), {t}),
])
def test_alpha_conversion_keeps_the_free_symbols_and_renames_every_bound_one(expr, free):
    out = alpha_convert(expr)
    assert {s for s in out.free_symbols if not s.has(Dummy)} == {s for s in expr.free_symbols}
    assert {s for s in out.free_symbols if not isinstance(s, Dummy) and not s.has(Dummy)} >= free
    assert all(isinstance(v, Dummy) or v.has(Dummy) for v in bound_variables(out))
    assert not (bound_variables(out) & out.free_symbols)


@pytest.mark.parametrize("expr", [
    Sum(q * r, (q, 1, r), (r, 1, 3)),
    Sum(Sum(q, (q, 1, q)), (q, 1, 3)),
    Sum(q**2 + Sum(q, (q, 1, 2)), (q, 1, 4)),
    Integral(t * exp(t), (t, 0, 1)),
    Limit((1 + 1 / x)**x, x, oo),
])
def test_alpha_conversion_keeps_the_value(expr):
    assert (alpha_convert(expr).doit() - expr.doit()).simplify() == 0


POINT = {n: 2, q: 10, z[1]: Rational(1, 3), z[2]: 7, k: 2}


@pytest.mark.parametrize("expr, mapping, expected", [
    # the bound k is another variable: only the free z[k] changes (5 + z_1 + z_2)
    (z[k] + Sum(z[k], (k, 1, n)), {z[k]: 5}, 5 + Rational(1, 3) + 7),
    # a value mentioning the bound name is not captured: sum_{q'=1}^{2} (q' + q), q = 10
    (Sum(q + r, (q, 1, n)), {r: q}, 3 + 2 * 10),
    # a key that is the bound variable changes nothing inside, but the bound outside it
    (Sum(q, (q, 1, q)), {q: 3}, 6),
    # an Idx whose range mentions a substituted dimension stays one variable
    (Sum(z[i], (i, 1, n)), {n: 2}, Rational(1, 3) + 7),
])
def test_subs_free_substitutes_free_occurrences_only(expr, mapping, expected):
    assert value_at(subs_free(expr, mapping), POINT) == expected


def test_plain_xreplace_would_capture_where_subs_free_does_not():
    e = Sum(q + r, (q, 1, 2))
    assert e.xreplace({r: q}).doit() == 6                          # wrong: q captured
    assert subs_free(e, {r: q}).doit().subs(q, 10) == 23           # 1 + 2 + 2*10


@pytest.mark.parametrize("expr, types, expected", [
    (z[k] * KroneckerDelta(k, j) + Sum(KroneckerDelta(k, i) * z[i], (i, 1, n)),
     (KroneckerDelta,), {KroneckerDelta(k, j)}),
    (z[k] + Sum(z[i] * z[k], (i, 1, n)), (type(z[k]),), {z[k]}),
    (exp(z[k]) + Sum(exp(z[i]), (i, 1, n)), (exp,), {exp(z[k])}),
])
def test_free_atoms_leave_out_what_mentions_a_bound_variable(expr, types, expected):
    assert free_atoms(expr, types) == expected


@pytest.mark.parametrize("expr, numeric, symbolic", [
    (Sum(1, (q, 1, Rational(5, 2))), [Rational(5, 2)], []),
    (Sum(1, (q, 1, x)), [], [x]),
    (Sum(1, (q, 1, n)) + Sum(1, (q, 0, r - 1)), [], []),
    (Sum(Rational(1, 2)**q, (q, 0, oo)), [], []),                 # an infinite sum is not a bad bound
    (Sum(Sum(1, (r, 1, q / 2)), (q, 1, n)), [], [q / 2]),
])
def test_sum_bound_problems(expr, numeric, symbolic):
    num, sym = sum_bound_problems(expr)
    assert [b for _, b in num] == numeric
    assert [b for _, b in sym] == symbolic

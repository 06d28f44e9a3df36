"""derive.kernel.exact: rational values at exact points, or NotExact; nothing is rounded."""
from __future__ import annotations

from fractions import Fraction

import pytest
from sympy import (Abs, Eq, Float, KroneckerDelta, Max, Piecewise, Product, Rational, Sum, cos,
                   exp, log, pi, sign, sin, sqrt, symbols)

from derive.kernel.exact import NotExact, exact_value
from derive.symbols import i, k, n, z

x, y = symbols("x y", real=True)
q = symbols("q", integer=True)
BIG = 2**400


@pytest.mark.parametrize("expr, env, expected", [
    ((x + 1)**2 - x**2 - 2 * x - 1 - Rational(1, 10**60), {x: Rational(7, 3)}, Fraction(-1, 10**60)),
    (x + BIG - BIG, {x: 1}, Fraction(1)),
    (KroneckerDelta(x + BIG, BIG), {x: 1}, Fraction(0)),
    (KroneckerDelta(x + BIG, BIG), {x: 0}, Fraction(1)),
    (Sum(KroneckerDelta(i, x), (i, 1, n)), {n: 2, x: Rational(3, 2)}, Fraction(0)),
    (Sum(z[i] * KroneckerDelta(i, k), (i, 1, n)), {n: 3, k: 2, z: [5, 7, 9]}, Fraction(7)),
    (Sum(q, (q, 4, 1)), {}, Fraction(-5)),                         # Karr: -(2 + 3)
    (Product(q, (q, 3, 1)), {}, Fraction(1, 2)),                   # Karr, as SymPy
    (sqrt(x**2 + Rational(1, 10**60)), {x: 0}, Fraction(1, 10**30)),
    (Piecewise((1, x > 0), (2, True)), {x: 0}, Fraction(2)),
    (Abs(x) + Max(x, y) + sign(y), {x: -2, y: Rational(1, 2)}, Fraction(7, 2)),
    (Float(0.1) * x, {x: 10}, Fraction(3602879701896397, 2**55) * 10),  # a Float: its binary value
    (exp(x) + cos(x) + log(y), {x: 0, y: 1}, Fraction(2)),
])
def test_exact_values(expr, env, expected):
    assert exact_value(expr, env) == expected


@pytest.mark.parametrize("expr, env", [
    (exp(x), {x: 1}),
    (sqrt(x), {x: 2}),
    (1 / x, {x: 0}),
    (pi, {}),
    (sin(x), {x: Rational(1, 3)}),
    (Sum(1, (q, 1, x)), {x: Rational(5, 2)}),                     # a bound that is no integer
    (z[k], {k: 1}),                                                # no value for the entry
    (x, {x: 1 + 2 * sqrt(2)}),
])
def test_not_exact(expr, env):
    with pytest.raises(NotExact):
        exact_value(expr, env)


def test_relations_are_decided_exactly():
    assert exact_value(Eq(x + BIG, BIG), {x: Rational(1, 10**200)}) is False
    assert exact_value(x + BIG > BIG, {x: Rational(1, 10**200)}) is True

"""derive.kernel.confirm: a relation is confirmed false only when it surely is, at any magnitude."""
from __future__ import annotations

import pytest
from sympy import (S, Eq, Float, Integer, KroneckerDelta, Ne, Rational, cos, exp, expand, log, sin,
                   sqrt, symbols)

from derive.kernel.confirm import holds, how_confirmed, violates

x, y = symbols("x y", real=True)
BIG = Integer(2)**400


@pytest.mark.parametrize("rel, point, expected", [
    # true claims: never violated, however large the numbers
    (Eq(sin(BIG + x), sin(BIG) * cos(x) + cos(BIG) * sin(x), evaluate=False), {x: 1}, False),
    (Eq(KroneckerDelta(x + BIG, BIG), KroneckerDelta(x, 0), evaluate=False), {x: 1}, False),
    (Eq((exp(400) + x) - exp(400), x, evaluate=False), {x: 1}, False),
    (Eq(sin(x)**2 + cos(x)**2, 1, evaluate=False), {x: Rational(1, 3)}, False),
    (Eq(log(x * y), log(x) + log(y), evaluate=False), {x: 2, y: 3}, False),
    # false claims: violated, however small the residual
    (Eq((x + 1)**2, x**2 + 2 * x + 1 + Rational(1, 10**60)), {x: 3}, True),
    (Eq(Rational(10**100 + 1, 10**100), 1, evaluate=False), {}, True),
    (Eq((x + 10**50)**2, expand((x + 10**50)**2) + 1), {x: Rational(1, 7)}, True),
    (Eq(sin(BIG + x), sin(BIG), evaluate=False), {x: 1}, True),
    (Eq(KroneckerDelta(x + BIG, BIG), 1, evaluate=False), {x: 1}, True),
    (x**2 > 0, {x: 0}, True),                                       # an exact tie
    (Ne(sin(x)**2 + cos(x)**2, 1), {x: Rational(1, 3)}, True),     # an exact tie, irrationally
    (Ne(x, 1), {x: Rational(1, 10**60) + 1}, False),
    # a claim with floats: only a gap far beyond their rounding refutes
    (Eq(y, x / 10), {x: 1, y: Float(0.1)}, False),
    (Eq(y, x / 10), {x: 1, y: Float(0.2)}, True),
])
def test_violates(rel, point, expected):
    inexact = bool(rel.atoms(Float)) or any(isinstance(v, Float) for v in point.values())
    assert violates(rel, point, inexact=inexact) is expected


@pytest.mark.parametrize("rel, point, expected", [
    (x > BIG, {x: BIG + Rational(1, 10**300)}, True),
    (x + BIG > BIG, {x: -Rational(1, 10**300)}, False),
    (Eq(y, 2 * x), {x: Rational(-7, 5), y: Float(-2.8)}, False),    # true only in float arithmetic
    (Eq(y, 2 * x), {x: Rational(-7, 5), y: Rational(-14, 5)}, True),
    (Eq(exp(x), 2), {x: log(2)}, True),                             # SymPy's exact arithmetic
    (exp(x) >= 1 + x, {x: Rational(1, 3)}, True),
    (exp(x) > 1 + x, {x: 0}, False),
    (S.true, {}, True),          # an instance such as Ne(1, 2) evaluates to a boolean
    (S.false, {x: 1}, False),
])
def test_holds(rel, point, expected):
    assert holds(rel, point) is expected


def test_how_confirmed_names_exact_arithmetic_or_the_scaled_precisions():
    assert how_confirmed(Eq(x, 1), {x: 2}) == "exact arithmetic"
    assert how_confirmed(Eq(exp(x), 1), {x: 2}) == "mpmath, 50 and 100 digits"
    assert how_confirmed(Eq(sin(BIG + x), 0, evaluate=False), {x: 1}) == "mpmath, 161 and 211 digits"

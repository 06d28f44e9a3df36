"""derive.kernel.evaluate: numbers for SymPy expressions, sums over bound dimensions included."""
from __future__ import annotations

import mpmath
import numpy as np
import pytest
from sympy import (Derivative, Eq, Function, I, Idx, IndexedBase, KroneckerDelta, Max, Min,
                   Piecewise, Product, Rational, Sum, Symbol, cos, exp, log, pi, sin, sqrt, symbols,
                   sympify)

from derive.kernel.evaluate import Unevaluable, evaluate, evaluate_tracked
from derive.symbols import W, i, j, k, n, z

x, y = symbols("x y", real=True)
q, r = symbols("q r", integer=True)
a = IndexedBase("a")


def close(value, expected, digits=40):
    """value (mpmath) equals the exact SymPy number ``expected`` to ``digits`` digits."""
    with mpmath.workdps(70):
        re, im = sympify(expected).evalf(70).as_real_imag()
        want = mpmath.mpc(mpmath.mpf(str(re)), mpmath.mpf(str(im)))
        return abs(value - want) <= mpmath.mpf(10) ** -digits * (1 + abs(want))


@pytest.mark.parametrize("expr, env, expected", [
    (x**2 + 2 * x + 1, {x: 3}, 16),
    (exp(log(x)), {x: Rational(7, 3)}, Rational(7, 3)),
    (sqrt(2) * sqrt(2), {}, 2),
    (pi, {}, pi),
    (Max(x, y) - Min(x, y), {x: 2, y: -5}, 7),
    (KroneckerDelta(k, j), {k: 2, j: 2}, 1),
    (KroneckerDelta(k, j), {k: 2, j: 3}, 0),
    (Piecewise((x, x > 0), (-x, True)), {x: -4}, 4),
    (Sum(exp(z[i]), (i, 1, n)), {n: 3, z: [0, 0, 0]}, 3),
    (Sum(z[i] * KroneckerDelta(i, k), (i, 1, n)), {n: 3, k: 2, z: [5, 7, 9]}, 7),
    (W[2, 1], {W: [[1, 2], [3, 4]]}, 3),
    (W[2, 1], {W: np.array([[1.0, 2.0], [3.0, 4.0]])}, 3),
    (z[2], {z[2]: Rational(1, 3)}, Rational(1, 3)),
    (x, {x: 1 + 7 * I}, 1 + 7 * I),
    (Sum(q * r, (q, 1, r), (r, 1, 3)), {}, 25),             # inner limit depends on the outer index
])
def test_values(expr, env, expected):
    assert close(evaluate(expr, env, dps=60), expected)


@pytest.mark.parametrize("lo, hi", [(1, 3), (3, 2), (5, 1), (1, -2), (0, 0)])
def test_sums_follow_karr_like_sympy(lo, hi):
    s = Sum(a[q]**2 + q, (q, lo, hi))
    values = {a[v]: Rational(v, 3) + 1 for v in range(-6, 8)}
    exact = s.doit().xreplace(values)
    assert close(evaluate(s, values, dps=60), exact)


@pytest.mark.parametrize("lo, hi", [(1, 3), (3, 2), (5, 1)])
def test_products_follow_karr_like_sympy(lo, hi):
    p = Product(a[q] + q, (q, lo, hi))
    values = {a[v]: Rational(v, 3) + 1 for v in range(-6, 8)}
    assert close(evaluate(p, values, dps=60), p.doit().xreplace(values))


def test_relations_give_booleans():
    assert evaluate(Eq(x, 2), {x: 2}) is True
    assert evaluate(x < y, {x: 3, y: 2}) is False


def test_precision_is_honoured():
    third = evaluate(Rational(1, 3), {}, dps=80)
    with mpmath.workdps(80):
        assert abs(third * 3 - 1) < mpmath.mpf(10) ** -75


@pytest.mark.parametrize("expr, env", [
    (x + y, {x: 1}),                                  # y has no value
    (z[4], {z: [1, 2, 3]}),                           # outside the given values
    (z[k], {z: [1, 2], k: Rational(1, 2)}),          # a non-integer index
    (1 / x, {x: 0}),
    (Derivative(x**2, x), {x: 1}),
    (x, {x: Symbol("t")}),                            # the value is not a number
    (Function("f")(x), {x: 1}),                       # an unknown function
])
def test_what_cannot_be_evaluated_raises_unevaluable(expr, env):
    with pytest.raises(Unevaluable):
        evaluate(expr, env)


def test_the_environment_is_not_changed():
    env = {n: 2, z: [1, 2]}
    evaluate(Sum(z[i], (i, 1, n)), env)
    assert env == {n: 2, z: [1, 2]}
    assert Idx("i", (1, n)) == i


BIG = 2**400


@pytest.mark.parametrize("expr, env, expected", [
    # discontinuities at ties are decided exactly, not by rounded numbers
    (KroneckerDelta(x + BIG, BIG), {x: 1}, 0),
    (KroneckerDelta(x + BIG, BIG), {x: 0}, 1),
    (Piecewise((1, x + BIG > BIG), (0, True)), {x: Rational(1, 10**200)}, 1),
    (Piecewise((1, x + BIG > BIG), (0, True)), {x: -Rational(1, 10**200)}, 0),
    (Sum(KroneckerDelta(i, x), (i, 1, n)), {n: 2, x: Rational(3, 2)}, 0),
])
def test_ties_are_decided_exactly(expr, env, expected):
    assert evaluate(expr, env, dps=30) == expected


def test_an_undecidable_tie_stops_the_evaluation():
    with pytest.raises(Unevaluable, match="exactly"):
        evaluate(KroneckerDelta(sin(x)**2 + cos(x)**2, 1), {x: Rational(1, 3)})


def test_evaluate_tracked_reports_the_largest_magnitude_met():
    _, small = evaluate_tracked(x + 1, {x: 3})
    _, large = evaluate_tracked(sin(BIG + x), {x: 1}, dps=200)
    assert small <= 1 and large == 121


"""Derived formulas at a fixed size and data, at 50 digits, and the roots of derived equations."""
from __future__ import annotations

import mpmath
import numpy as np
import pytest
from sympy import Max, Sum, Symbol, exp, sqrt

from derive.numeric.formulas import Formulas, RootNotFound
from derive.symbols import i, k, n, z

u = Symbol("u", real=True)
DATA = {z: np.array([0.5, -1.0, 2.0])}


def test_a_formula_is_evaluated_at_every_entry():
    f = Formulas(n, 3, DATA)
    values = f.column(exp(z[k]) / Sum(exp(z[i]), (i, 1, n)), k)
    with mpmath.workdps(50):
        total = sum(mpmath.exp(v) for v in (0.5, -1.0, 2.0))
        assert all(abs(v - mpmath.exp(d) / total) < mpmath.mpf(10) ** -45 for v, d in zip(values, (0.5, -1.0, 2.0)))


@pytest.mark.parametrize("residual, expected", [
    (Sum(Max(z[i] - u, 0), (i, 1, n)) - 1, mpmath.mpf("1.0")),   # sparsemax of (0.5, -1, 2): tau = 1
    (u ** 2 - 2, sqrt(2)),
])
def test_roots_are_found_to_50_digits(residual, expected):
    root = Formulas(n, 3, DATA).root(residual, u, start=0.9)
    with mpmath.workdps(50):
        assert abs(root - mpmath.mpf(str(expected.evalf(60)) if hasattr(expected, "evalf") else expected)) \
            < mpmath.mpf(10) ** -45


def test_no_sign_change_is_an_error():
    with pytest.raises(RootNotFound):
        Formulas(n, 3, DATA).root(u ** 2 + 1, u)


def test_a_sum_with_open_limits_is_an_error():
    s = Symbol("s", integer=True, positive=True)
    with pytest.raises(ValueError, match="limits"):
        Formulas(n, 3, DATA).value(Sum(z[i], (i, 1, s)))


def test_sizes_fix_the_support():
    s = Symbol("s", integer=True, positive=True)
    value = Formulas(n, 3, DATA, sizes={s: 2}).value((Sum(z[i], (i, 1, s)) - 1) / s)
    assert value == pytest.approx(-0.75)




@pytest.mark.parametrize("value", [3.0, 0.1, mpmath.mpf("0.1")])
def test_parameters_keep_every_digit(value):
    """1/eta folded by SymPy must not be rounded to the parameter's 15 or 17 digits."""
    eta = Symbol("eta", positive=True)
    got = Formulas(n, 3, {eta: value}).value(1 / eta)
    with mpmath.workdps(60):
        exact = 1 / mpmath.mpf(value)
        assert abs(got - exact) < mpmath.mpf(10) ** -48 * abs(exact)


def test_a_60_digit_parameter_is_not_rounded():
    eta = Symbol("eta", positive=True)
    with mpmath.workdps(60):
        third = mpmath.mpf(1) / 3
    got = Formulas(n, 3, {eta: third}).value(3 * eta - 1)
    assert abs(got) < mpmath.mpf(10) ** -55


@pytest.mark.parametrize("expr, expected", [
    (Sum(z[i], (i, 1, 3)), z[1] + z[2] + z[3]),
    (Sum(z[i], (i, 1, 0)), 0),                          # empty
    (Sum(z[i], (i, 1, -2)), -z[-1] - z[0]),             # Karr: minus the sum over -1..0
    (Sum(z[i], (i, 3, 1)), -z[2]),
])
def test_sums_are_written_out_as_the_checker_reads_them(expr, expected):
    from derive.numeric.formulas import _written_out
    assert _written_out(expr) == expected


# Max and Min are held unevaluated while sums are written out and compiled to max/min
# (issue 13): the values are the maxima themselves, nested or not, with a parameter in them.
@pytest.mark.parametrize("formula, expected", [
    (Max(z[k] - u, 0), [0.0, 0.0, 1.0]),                          # u = 1
    (Max(z[k], 2 * u, -z[k]), [2.0, 2.0, 2.0]),
    (Sum(Max(z[i] - u, 0) ** 2, (i, 1, n)) + 0 * z[k], [1.0, 1.0, 1.0]),
    (-Max(-z[k], Max(z[k] - 3, -u)), [0.5, -1.0, 1.0]),          # -max(-z, max(z-3, -1))
])
def test_maxima_evaluate_to_their_value(formula, expected):
    values = Formulas(n, 3, DATA).column(formula, k, env={u: 1})
    assert [float(v) for v in values] == expected


def test_a_symbol_named_like_a_compiled_argument_is_kept_apart():
    clash = Symbol("_arg0", real=True)
    f = Formulas(n, 3, DATA)
    assert float(f.value(clash + 2 * u, {u: 1, clash: 5})) == 7.0
    assert float(f.value(Max(clash, u), {clash: 3, u: 1})) == 3.0

"""The exact fast path: it proves only true identities, and declines outside its fragment."""
from __future__ import annotations

import pytest
from sympy import (Abs, Derivative, E, Eq, Float, Function, KroneckerDelta, Rational, Sum, cos, exp,
                   log, sin, sqrt, symbols)

from derive.kernel.checker import check
from derive.kernel.fastpath import equal_sides, is_zero, ratio_constant
from derive.symbols import i, k, n, y, z

x, u = symbols("x u", real=True)
f = Function("f")
_p = symbols("p", positive=True)
S2 = exp(z[1]) + exp(z[2])
S3 = exp(z[1]) + exp(z[2]) + exp(z[3])

TRUE = [
    ("exp of a sum", exp(x + u), exp(x) * exp(u)),
    ("exp of a multiple", exp(2 * x), exp(x) ** 2),
    ("rational exponents", exp(x / 2) ** 2, exp(x)),
    ("exp and E", E * exp(x), exp(x + 1)),
    ("sigmoid symmetry", 1 / (exp(x) + 1) + 1 / (exp(-x) + 1), 1),
    ("polynomial", (x + 1) ** 2, x ** 2 + 2 * x + 1),
    ("reduced form", x / x, 1),
    ("softmax sums to one", exp(z[1]) / S3 + exp(z[2]) / S3 + exp(z[3]) / S3, 1),
    ("jacobian entry", Derivative(exp(z[1]) / S2, z[2]), -exp(z[1]) * exp(z[2]) / S2 ** 2),
    ("jacobian diagonal", Derivative(exp(z[1]) / S2, z[1]),
     exp(z[1]) / S2 * (1 - exp(z[1]) / S2)),
    ("log-sum-exp gradient", Derivative(log(S3), z[2]), exp(z[2]) / S3),
    ("chain rule through a product", Derivative(exp(x * u), x), u * exp(x * u)),
    ("negative power", Derivative(x ** -3, x), -3 * x ** -4),
    ("a function not of the variable", Derivative(f(u) * x, x), f(u)),
    ("a symbolic delta is a constant", Derivative(KroneckerDelta(k, 1) * z[1], z[1]), KroneckerDelta(k, 1)),
]

NOT_SHOWN = [
    ("false: exp(2x) is not its own derivative", Derivative(exp(2 * x), x), exp(2 * x)),
    ("false: exp(xu) is not exp(x) exp(u)", exp(x * u), exp(x) * exp(u)),
    ("false: a wrong jacobian entry", Derivative(exp(z[1]) / S2, z[2]), exp(z[1]) * exp(z[2]) / S2 ** 2),
    ("false: wrong sign", 1 / (exp(x) + 1), 1 / (exp(-x) + 1)),
    ("false: plain", x, u),
    ("log rules are not used", log(x * u), log(x) + log(u)),
    ("a symbolic index may equal the variable", Derivative(z[k] ** 2, z[1]), 0),
    ("a function of the variable", Derivative(f(x), x), 0),
    ("sin is opaque", Derivative(sin(x), x), cos(x)),
    ("abs is opaque", Derivative(Abs(x), x), 0),
    ("sums decline", Sum(z[i], (i, 1, n)), Sum(z[k], (k, 1, n))),
    ("floats decline", Float(0.5) * exp(x), exp(x) / 2 + 0 * x),
    ("square root of a square", sqrt(x ** 2), x),
    ("a second derivative declines", Derivative(x ** 3, x, 2), 6 * x),
    # a non-integer power is an opaque indeterminate: its derivative is not the power rule's
    ("false: sqrt is not constant", Derivative(sqrt(_p), _p), 0),
    ("false: a 3/2 power read as a first power", Derivative(_p ** Rational(3, 2), _p), 1),
    ("false: exp of a sqrt is not constant", Derivative(exp(sqrt(_p)), _p), 0),
    ("false: product with a sqrt", Derivative(sqrt(_p) * exp(_p), _p), sqrt(_p) * exp(_p)),
]


@pytest.mark.parametrize("name, lhs, rhs", TRUE, ids=[t[0] for t in TRUE])
def test_true_identities_are_shown(name, lhs, rhs):
    assert equal_sides(lhs, rhs) == "field"


@pytest.mark.parametrize("name, lhs, rhs", NOT_SHOWN, ids=[t[0] for t in NOT_SHOWN])
def test_false_or_foreign_claims_are_never_shown(name, lhs, rhs):
    assert equal_sides(lhs, rhs) is None


@pytest.mark.parametrize("hyps, claim, expected", [
    ((y[1] + y[2] - 1,), (exp(z[1]) / S2 * (y[1] + y[2]) - y[1], exp(z[1]) / S2 - y[1]), "field+hypotheses"),
    ((y[1] + y[2] - 2,), (exp(z[1]) / S2 * (y[1] + y[2]) - y[1], exp(z[1]) / S2 - y[1]), None),
    ((y[1] * y[2] - 1,), (y[1] * y[2], 1), None),                 # not linear: not used
    ((Sum(y[i], (i, 1, n)) - 1,), (y[1] + y[2], 1), None),        # outside the fragment: left out
    ((y[1] - 1, y[2] - y[1]), (y[2], 1), "field+hypotheses"),     # a basis is computed
    ((), (y[1], 1), None),
])
def test_linear_hypotheses(hyps, claim, expected):
    assert equal_sides(*claim, hyps) == expected


@pytest.mark.parametrize("a, b, c", [
    (2 * x + 2 * exp(u), x + exp(u), Rational(2)),
    (-x / (1 + exp(x)), x * exp(-x) / (1 + exp(-x)), Rational(-1)),
    (0 * x, x + 1, Rational(0)),
    (x, u, None),
    (x ** 2, x, None),
    (x, 0 * x, None),
])
def test_ratio_constant(a, b, c):
    assert ratio_constant(a, b) == c


def test_is_zero_declines_quietly_on_odd_input():
    assert is_zero(exp(x) ** 1000) is False       # a power too large to expand
    assert is_zero(1) is False and is_zero(0) is True


@pytest.mark.parametrize("claim, status, method", [
    (Eq(Derivative(exp(z[1]) / S3, z[3]), -exp(z[1]) * exp(z[3]) / S3 ** 2, evaluate=False),
     "proved", "rational-function-field"),
    (Eq(Derivative(exp(z[1]) / S3, z[3]), exp(z[1]) * exp(z[3]) / S3 ** 2, evaluate=False),
     "refuted", "numeric counterexample"),
])
def test_check_uses_the_fast_path_and_still_refutes(claim, status, method):
    v = check(claim)
    assert v.status == status and v.method.startswith(method), v


def test_check_reports_the_hypotheses_when_the_field_needs_them():
    v = check(Eq(exp(z[1]) / S2 * (y[1] + y[2]) - y[1], exp(z[1]) / S2 - y[1], evaluate=False),
              given=(Eq(y[1] + y[2], 1),))
    assert v.proved and v.method == "rational-function-field + hypotheses"
    wrong = check(Eq(exp(z[1]) / S2 * (y[1] + y[2]) - y[1], exp(z[1]) / S2 - y[1], evaluate=False),
                  given=(Eq(y[1] + y[2], 2),))
    assert wrong.refuted


_t = __import__("sympy").Dummy("t", positive=True)
_u = __import__("sympy").Dummy("u", nonnegative=True)


@pytest.mark.parametrize("d, strict, shown", [
    (exp(z[1]) / S2, True, True),
    (1 - exp(z[1]) / S2, True, True),              # = exp(z2) / S
    (exp(x + _t) - exp(x), True, True),            # exp is increasing
    (1 - exp(-_t), True, True),
    (exp(_u) - 1, False, True),
    (exp(_u) - 1, True, False),                    # may be 0
    (0 * x, False, True),
    (0 * x, True, False),
    # must not be shown:
    (x ** 2, True, False),
    (exp(x) - 1, False, False),
    (exp(-_t) - 1, False, False),
    (-exp(x), False, False),
    (exp(z[1]) / S2 - 1, False, False),
    (exp(sqrt(-1) * x), True, False),              # not real
    (Float(0.5) * exp(x), True, False),
])
def test_sign_shown(d, strict, shown):
    from derive.kernel.fastpath import sign_shown
    assert sign_shown(d, strict) is shown


def test_exp_of_a_possibly_infinite_term_is_not_called_positive():
    from sympy import Symbol
    from derive.kernel.fastpath import sign_shown
    w = Symbol("w", extended_real=True)          # may be -oo, and exp(-oo) = 0
    assert sign_shown(exp(w), True) is False
    assert sign_shown(exp(Symbol("v", real=True)), True) is True

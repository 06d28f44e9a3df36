"""derive.kernel.sampling: counterexamples are real, respect assumptions and hypotheses, and never appear for true claims."""
from __future__ import annotations

import pytest
from sympy import Derivative, Eq, Function, Float, Idx, KroneckerDelta, Ne, Rational, Sum, Symbol, cos, exp, log, sin, sqrt

from derive.kernel.sampling import find_counterexample
from derive.symbols import N, Y, i, j, k, l, n, p, x, y, z
from tests.kernel.oracle import is_counterexample

xr = Symbol("x", real=True)
yr = Symbol("y", real=True)
xc = Symbol("x")
m = Symbol("m", integer=True)
q = Symbol("q", integer=True)
r = Idx("r", (1, N))
s = Idx("s", (1, N))
sm = lambda a: exp(z[a]) / Sum(exp(z[i]), (i, 1, n))   # noqa: E731
ONE_HOT = Sum(Y[r, k], (k, 1, n)) - 1                     # residual: every row of Y sums to one

# (claim, given residuals, given relations): true claims, where no counterexample may be found
TRUE = [
    (Eq((xr + 1)**2, xr**2 + 2 * xr + 1), (), ()),
    (Eq(Sum(sm(j), (j, 1, n)), 1), (), ()),
    (sm(k) < sm(l), (), (z[k] < z[l],)),
    (sm(k) <= sm(l), (), (z[k] <= z[l],)),
    (Eq(Sum(y[i], (i, 1, n)) * 2, 2), (Sum(y[i], (i, 1, n)) - 1,), ()),
    (Eq(Sum(Sum(Y[s, k], (k, 1, n)), (s, 1, N)), N), (ONE_HOT,), ()),
    (Eq(log(p[k] * p[l]), log(p[k]) + log(p[l])), (), ()),
    (Eq(KroneckerDelta(k, j) * (1 - KroneckerDelta(k, j)), 0), (), ()),
    (Eq(exp(log(xc)), xc, evaluate=False), (), ()),
    (Eq(xr**2 - 2 * xr + 1, (xr - 1)**2, evaluate=False), (), ()),
    (Eq(xr, 2), (xr - 2,), ()),
    # a float hypothesis is satisfied exactly (2.0 is 2), not in float arithmetic
    (Eq(yr, 2 * xr), (yr - Float(2.0) * xr,), ()),
    # a delta at a point beyond the range
    (Eq(Sum(KroneckerDelta(i, xr), (i, 1, n)), 0), (), (xr > n,)),
    # huge exact numbers do not swallow the variable
    (Eq(sin(2**400 + xr), sin(2**400) * cos(xr) + cos(2**400) * sin(xr)), (), ()),
    # a hypothesis on the derivative of an arbitrary function cannot be made to hold by values
    (Eq(yr, 2 * xr), (Derivative(Function("f")(xr), xr) - yr,), ()),
]

FALSE = [
    (Eq(sqrt(xr**2), xr), (), ()),
    (Eq(log(exp(xc)), xc), (), ()),                           # needs a complex point
    (xr**2 > 0, (), ()),                                        # needs x = 0
    (sm(k) < sm(l), (), (z[k] <= z[l],)),                       # needs a tie
    (Eq(Sum(x[q], (q, 1, m)), Sum(x[q], (q, 0, m))), (), ()),
    (Sum(exp(z[i]), (i, 1, m)) > 0, (), ()),                   # m = 0 gives an empty sum
    (Eq(Sum(Y[s, k], (k, 1, n)), 2), (ONE_HOT,), ()),
    (Eq(Sum(y[i], (i, 1, n)), 1), (), ()),
    (Ne(Sum(KroneckerDelta(i, k), (i, 1, n)), 1), (), ()),
    # a delta at a point in the range that is no integer
    (Eq(Sum(KroneckerDelta(i, xr), (i, 1, n)), 1), (), (xr >= 1, xr <= n)),
    # an exact residual of 10**-60 at values of size 10**100
    (Eq((xr + 10**50)**2, (xr + 10**50)**2 + Rational(1, 10**60), evaluate=False), (), ()),
]


@pytest.mark.parametrize("claim, eqs, rels", TRUE, ids=range(len(TRUE)))
def test_no_counterexample_for_a_true_claim(claim, eqs, rels):
    assert find_counterexample(claim, given_eqs=eqs, given_rels=rels) is None


@pytest.mark.parametrize("claim, eqs, rels", FALSE, ids=range(len(FALSE)))
def test_a_false_claim_gets_a_genuine_counterexample(claim, eqs, rels):
    cex = find_counterexample(claim, given_eqs=eqs, given_rels=rels)
    assert cex is not None
    for key, value in cex.items():
        for a in ("integer", "real", "positive", "nonnegative"):
            assert not getattr(key, "is_" + a) or getattr(value, "is_" + a), (key, value, a)
    # the independent oracle: every hypothesis holds (at every value of its own indices), the claim fails
    ok, why = is_counterexample(claim, [Eq(g, 0) for g in eqs] + list(rels), dict(cex))
    assert ok, why


def test_the_search_is_reproducible():
    claim = Eq(sm(k), 1 / n)
    assert find_counterexample(claim) == find_counterexample(claim)


def test_positive_dimensions_are_never_zero_or_negative():
    cex = find_counterexample(Eq(Sum(x[i], (i, 1, n)), 0))
    assert cex[n] >= 1

"""derive.kernel.sampling: counterexamples are real, respect assumptions and hypotheses, and never appear for true claims."""
from __future__ import annotations

import mpmath
import pytest
from sympy import Eq, Idx, KroneckerDelta, Ne, Sum, Symbol, exp, log, sqrt

from derive.kernel.evaluate import evaluate
from derive.kernel.sampling import find_counterexample
from derive.symbols import N, Y, i, j, k, l, n, p, x, y, z

xr = Symbol("x", real=True)
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
    env = dict(cex)
    for g in eqs:
        for row in _rows(g, env):
            assert abs(evaluate(row, env, dps=60)) < mpmath.mpf(10) ** -40
    for rel in rels:
        assert evaluate(rel, env, dps=60)
    lhs, rhs = evaluate(claim.lhs, env, dps=60), evaluate(claim.rhs, env, dps=60)
    with mpmath.workdps(60):
        gap = lhs - rhs
        if claim.rel_op in ("==", "!="):
            assert (abs(gap) > 1e-30) == (claim.rel_op == "==")
        else:
            assert {"<": gap >= 0, "<=": gap > 0, ">": gap <= 0, ">=": gap < 0}[claim.rel_op]


def _rows(g, env):
    """A hypothesis at every value of its own indices (those without a value in env)."""
    own = [a for a in g.free_symbols if isinstance(a, Idx) and a not in env]
    if not own:
        return [g]
    (idx,) = own
    top = int(idx.upper.xreplace({d: v for d, v in env.items() if not isinstance(d, Idx)}))
    return [g.xreplace({idx: v}) for v in range(1, top + 1)]


def test_the_search_is_reproducible():
    claim = Eq(sm(k), 1 / n)
    assert find_counterexample(claim) == find_counterexample(claim)


def test_positive_dimensions_are_never_zero_or_negative():
    cex = find_counterexample(Eq(Sum(x[i], (i, 1, n)), 0))
    assert cex[n] >= 1

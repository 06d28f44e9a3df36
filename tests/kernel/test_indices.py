"""derive.kernel.indices: index facts, guard discharge, and a sum normal form that keeps values."""
from __future__ import annotations

import random
from itertools import product

import mpmath
import pytest
from sympy import (Derivative, Idx, Indexed, KroneckerDelta, Piecewise, Product, Rational,
                   Sum, Symbol, exp, log, symbols)

from derive.errors import GuardNotDischarged
from derive.kernel.evaluate import evaluate
from derive.kernel.indices import (canonical_indices, discharge, expand_keeping_sums, facts_for,
                            free_indices, normal_form, write_out_sums)
from derive.symbols import D, N, W, X, i, j, k, l, n, x, y, z

q, t = symbols("q t", integer=True)
m = Symbol("m", integer=True)                      # a dimension that may be 0 or negative
s_, e_ = Idx("s", (1, N)), Idx("e", (1, D))
_a = Idx("a", (1, n))
_b = Idx("b", (1, _a))
sm = lambda a: exp(z[a]) / Sum(exp(z[i]), (i, 1, n))   # noqa: E731

# Expressions whose normal form must have the same value at every point.
EXPRESSIONS = [
    Sum(KroneckerDelta(i, k) * x[i], (i, 1, n)),
    Sum(KroneckerDelta(1, q) * x[q], (q, 2, n)),
    Sum(KroneckerDelta(q, 3) * x[q], (q, 5, 1)),                       # reversed (Karr)
    Sum(x[q], (q, 1, m)),
    Sum(2 * x[i] + y[i] * x[k], (i, 1, n)),
    Sum(Sum(KroneckerDelta(i, j) * x[i] * y[j], (j, 1, n)), (i, 1, n)),
    Sum(sm(j) * (KroneckerDelta(k, j) - sm(k)), (j, 1, n)),
    Derivative(Sum(y[i] * log(sm(i)), (i, 1, n)), z[k]).doit(),
    Sum(exp(Sum(W[j, e_] * X[s_, e_], (e_, 1, D))) * X[s_, k], (s_, 1, N)),   # nested, same depth names
    Sum(Product(exp(x[q]), (q, 1, n)) * y[t], (t, 1, n)),
    Sum(Piecewise((x[q], q <= n), (0, True)), (q, 1, n)),
    Sum(x[_b] * y[_a], (_b, 1, _a), (_a, 1, n)),                      # an inner range bound by the outer index
]


def _env(expr, dims, rng):
    """Random exact values for every entry of every family (indices -3..6: reversed sums reach below 1)."""
    env = dict(dims)
    ranks = {a.base: len(a.indices) for a in expr.atoms(Indexed)}
    for base, rank in sorted(ranks.items(), key=str):
        for idx in product(range(-3, 7), repeat=rank):
            env[base[idx]] = Rational(rng.randint(-20, 20), rng.randint(1, 5))
    return env


@pytest.mark.parametrize("expr", EXPRESSIONS, ids=range(len(EXPRESSIONS)))
def test_normal_form_keeps_the_value(expr):
    nf = normal_form(expr, facts_for(expr))
    rng = random.Random(7)
    free = free_indices(expr)
    for dim in (1, 2, 3):
        dims = {n: dim, N: dim, D: 2, m: dim - 2}
        for vals in product(*[range(1, dim + 1) for _ in free]):
            env = {**_env(expr, dims, rng), **dict(zip(free, vals))}
            with mpmath.workdps(50):
                before, after = evaluate(expr, env), evaluate(nf, env)
                assert abs(before - after) <= mpmath.mpf(10) ** -40 * (1 + abs(before)), (expr, nf, env)


def test_bound_indices_do_not_capture_each_other():
    inner = Sum(W[j, e_] * X[s_, e_], (e_, 1, D))
    nf = normal_form(Sum(exp(inner) * X[s_, k], (s_, 1, N)))
    # the outer sample index must still be a different variable from the feature index
    for ind in nf.atoms(Indexed):
        if ind.base == X:
            assert len(set(ind.indices)) == 2, nf


def test_equal_sums_with_different_names_compare_equal():
    a = Sum(exp(z[i]) * Sum(x[j], (j, 1, n)), (i, 1, n))
    b = Sum(exp(z[l]) * Sum(x[i], (i, 1, n)), (l, 1, n))
    assert canonical_indices(a) == canonical_indices(b)
    assert normal_form(a - b) == 0


@pytest.mark.parametrize("expr, expected", [
    (Sum(1, (i, 1, n)), n),
    (Sum(KroneckerDelta(i, k) * x[i], (i, 1, n)), x[k]),
    (Sum(KroneckerDelta(1, q), (q, 2, n)), 0),
    (Sum(x[q], (q, 3, 1)), -x[2]),
])
def test_normal_form_results(expr, expected):
    assert write_out_sums(normal_form(expr)) == expected


def test_facts_come_from_free_indices_only():
    facts = facts_for(Sum(x[q], (q, 1, m)) + x[k])
    assert facts.implies_nonneg(n - k) and facts.implies_nonneg(k - 1)
    assert not facts.implies_nonneg(m - 1)          # q's range says nothing outside its sum
    assert facts.within([(q, 1, m)]).nonneg == facts.nonneg     # m may be negative: no facts


def test_inside_a_sum_its_range_is_known_when_not_reversed():
    facts = facts_for(x[k]).within([(q, 1, n)])
    assert facts.implies_nonneg(n - q) and facts.implies_nonneg(q - 1)


def test_guards_are_discharged_or_refused():
    facts = facts_for(x[k])
    assert discharge(Piecewise((x[k], n >= k), (0, True)), facts) == x[k]
    assert discharge(Piecewise((x[k], k > n), (0, True)), facts) == 0
    with pytest.raises(GuardNotDischarged):
        discharge(Piecewise((x[k], k > 2), (0, True)), facts)


def test_a_guard_on_a_summation_index_is_decided_inside_the_sum():
    e = Sum(Piecewise((x[q], q <= n), (0, True)), (q, 1, n))
    assert normal_form(e) == Sum(x[q], (q, 1, n)).replace(q, Symbol("_s0", integer=True))


def test_sums_over_concrete_ranges_are_written_out():
    assert write_out_sums(Sum(x[q], (q, 1, 3))) == x[1] + x[2] + x[3]
    assert write_out_sums(Sum(x[q], (q, 4, 1))) == -(x[2] + x[3])
    assert write_out_sums(Sum(x[q], (q, 1, 1000)), max_terms=10) == Sum(x[q], (q, 1, 1000))


def test_expand_keeps_exp_of_a_sum_as_such():
    e = exp(Sum(x[i], (i, 1, n)) + y[k])
    out = expand_keeping_sums(e)
    assert not out.has(Product) and out == exp(Sum(x[i], (i, 1, n))) * exp(y[k])

"""derive.kernel.quantified: hypotheses "for every r" are used exactly where r's range covers the sum."""
from __future__ import annotations

import pytest
from sympy import Eq, Idx, IndexedBase, Sum, Symbol

from derive.kernel.checker import check
from derive.kernel.indices import facts_for
from derive.kernel.quantified import instantiate_hypotheses, quantified_hypotheses
from derive.symbols import N

A = IndexedBase("A", real=True)
q = Symbol("q", integer=True)
M = Symbol("M", integer=True, positive=True)
r, s = Idx("r", (1, N)), Idx("s", (1, N))
t0 = Idx("t", (0, N))
EVERY_ENTRY_IS_ONE = (Eq(A[r], 1),)


def test_split_into_plain_and_quantified():
    plain, quantified = quantified_hypotheses(A[s], [A[s] - 1, A[r] - 1])
    assert plain == (A[s] - 1,) and quantified == ((A[r] - 1, (r,)),)


@pytest.mark.parametrize("claim, status", [
    (Eq(Sum(A[q], (q, 1, N)), N), "proved"),            # q runs inside 1..N
    (Eq(Sum(A[q], (q, 2, N)), N - 1), "proved"),        # a sub-range
    (Eq(A[s], 1), "proved"),                             # a free index inside 1..N
    (Eq(Sum(A[q], (q, 0, N)), N + 1), "refuted"),       # q = 0 is outside
    (Eq(Sum(A[q], (q, 1, N + 1)), N + 1), "refuted"),   # q = N + 1 is outside
    (Eq(Sum(A[q], (q, 1, M)), M), "refuted"),           # an unrelated range
    (Eq(A[t0], 1), "refuted"),                           # t = 0 is outside
    (Eq(Sum(A[q], (q, N + 3, N)), -2), "refuted"),      # reversed: runs over N+1..N+2
])
def test_a_hypothesis_for_every_r_is_used_only_inside_its_range(claim, status):
    assert check(claim, given=EVERY_ENTRY_IS_ONE).status == status


def test_instances_are_replaced_inside_sums_only_where_allowed():
    inside = Sum(A[q] * A[q + 1], (q, 1, N - 1))
    out = instantiate_hypotheses(inside, ((A[r] - 1, (r,)),), facts_for(inside))
    assert out == Sum(A[q + 1], (q, 1, N - 1))          # A[q + 1] is not an instance of the atom A[r]

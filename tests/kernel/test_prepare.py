"""derive.kernel.prepare: bounds checked, limits and infinities decided or explained in words."""
from __future__ import annotations

import pytest
from sympy import Eq, Limit, Rational, S, Sum, Symbol, log, oo, sign, sin, symbols, zoo

from derive.kernel.prepare import (InputError, Undecided, bound_check, decide_infinities,
                                   evaluate_hypotheses, prepare)

x = symbols("x", real=True)
q, m = symbols("q m", integer=True)


def test_a_numeric_non_integer_bound_is_an_input_error_naming_it():
    with pytest.raises(InputError, match="5/2"):
        bound_check([Sum(1, (q, 1, Rational(5, 2)))])


@pytest.mark.parametrize("expr, says", [
    (Sum(1, (q, 1, x)), "the bound x of Sum(1, (q, 1, x))"),
    (Sum(1, (q, 1, m)), ""),
    (Sum(1, (q, m / 2, m)), "m/2"),
])
def test_symbolic_bounds_not_known_integers_are_named(expr, says):
    text = bound_check([expr])
    assert (says in text and "integer" in text) if says else text == ""


@pytest.mark.parametrize("lim, words", [
    (Limit(sign(x), x, 0, "+-"), "left is -1 and the limit from the right is 1"),
    (Limit(1 / x, x, 0, "+-"), "left is -oo and the limit from the right is oo"),
    (Limit(sin(1 / x), x, 0, "+"), "oscillating"),
])
def test_a_limit_that_does_not_exist_is_explained(lim, words):
    with pytest.raises(Undecided, match="does not exist") as info:
        prepare(lim + 1)
    assert words in str(info.value) and "Error" not in str(info.value)


def test_limits_that_exist_are_carried_out():
    assert prepare(Limit(1 / x, x, 0, "+")) == oo
    assert prepare(Limit(sin(x) / x, x, 0)) == 1


@pytest.mark.parametrize("claim, status", [
    (Eq(oo, oo, evaluate=False), "proved"),
    (Eq(-oo, -oo, evaluate=False), "proved"),
    (Eq(oo, -oo, evaluate=False), "false"),
    (Eq(oo, 5, evaluate=False), "false"),
    (S(5) < oo, None),                     # SymPy settles this one itself: not a relation left
    (Eq(zoo, -oo, evaluate=False), "unknown"),
    (Eq(oo - oo, 0, evaluate=False), "unknown"),
    (Eq(x * oo, oo, evaluate=False), "unknown"),          # oo*x: the sign of x decides
    (Eq(Sum(Rational(1, 2)**q, (q, 0, oo)), 2, evaluate=False), None),   # oo only as a bound
])
def test_decide_infinities(claim, status):
    if status is None:
        assert claim in (S.true, S.false) or decide_infinities(claim) is None
        return
    got, method, detail = decide_infinities(claim)
    assert got == status and detail
    if claim.lhs is zoo:
        assert "log(0)" in detail and "zoo" in detail


def test_hypotheses_built_unevaluated_are_evaluated_and_conjunctions_split():
    out = evaluate_hypotheses([(0, Eq(x, x + 1, evaluate=False)), (1, Eq(x, 1) & (x > 0))])
    assert [g for _, _, g in out] == [S.false, Eq(x, 1), x > 0]
    assert [pos for pos, _, _ in out] == [0, 1, 1]
    assert log(0) is zoo                   # the reason log(0) claims come back undefined


def _two_k_sums(first_made_second):
    """Sum(y[k1]) - Sum(d(j,k2) y[k2]) with two dummies named k, made in either order."""
    from sympy import Dummy, IndexedBase, KroneckerDelta
    y, (j, C) = IndexedBase("y"), symbols("j C", integer=True)
    a, b = Dummy("k", integer=True), Dummy("k", integer=True)
    if first_made_second:
        a, b = b, a
    return Sum(y[a], (a, 1, C)) - Sum(KroneckerDelta(j, b) * y[b], (b, 1, C)) + symbols("k")


@pytest.mark.parametrize("order", [False, True])
def test_shown_names_same_named_dummies_the_same_way_whatever_their_creation_order(order):
    from derive.kernel.prepare import shown
    text = shown(_two_k_sums(order))
    assert text == shown(_two_k_sums(not order))
    assert "k'" in text and "k''" in text          # the free k keeps its name


def _two_sums(first, second, alike):
    from sympy import IndexedBase
    y_, w_ = IndexedBase("y"), IndexedBase("w")
    C = Symbol("C", integer=True)
    k_ = Symbol("k", integer=True)
    if alike == "shared":   # one Dummy bound by two sums, the other by a third
        return (Sum(y_[first], (first, 1, C)) + Sum(w_[first] * y_[first], (first, 1, C))
                - Sum(w_[second] * y_[second], (second, 1, C)) + y_[k_])
    if alike:           # the same sum but for its variable, once with each sign
        return Sum(w_[first] * y_[first], (first, 1, C)) - Sum(w_[second] * y_[second], (second, 1, C)) + y_[k_]
    return Sum(y_[first], (first, 1, C)) + Sum(w_[second] * y_[second], (second, 1, C)) + y_[k_]


@pytest.mark.parametrize("names", [("k", "k"), ("i", "k")])
@pytest.mark.parametrize("alike", [False, True, "shared"])
def test_shown_names_renamed_variables_the_same_whatever_their_creation_order(names, alike):
    """The text of a residual does not depend on which Dummy was made first (golden reports)."""
    from sympy import Dummy
    from derive.kernel.prepare import shown
    a, b = Dummy(names[0], integer=True), Dummy(names[1], integer=True)
    texts = {shown(_two_sums(a, b, alike))}
    c, d = Dummy(names[1], integer=True), Dummy(names[0], integer=True)
    texts.add(shown(_two_sums(d, c, alike)))
    assert len(texts) == 1, texts

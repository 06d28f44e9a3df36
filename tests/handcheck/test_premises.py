"""Solving conditions for one unknown, only when the solution is unique."""
from __future__ import annotations

import pytest
from sympy import Eq, Idx, Integer, KroneckerDelta, Sum, Symbol, exp, log

from derive.handcheck.premises import Premises, Rule, is_positive, isolate
from derive.symbols import i, j, k, lambda1, lambda2, n, p, w, x, z

a = Symbol("a", real=True)
b = Symbol("b")                     # no assumptions: may be zero, may be complex
t = Symbol("t", positive=True)

ISOLATE = [
    (-log(p[i]) - 1 - lambda1, p[i], exp(-1 - lambda1)),
    (x[i] + 1 + log(w[i]) + lambda1, w[i], exp(-x[i] - 1 - lambda1)),
    (n * exp(-1 - lambda1) - 1, lambda1, -1 - log(1 / n)),
    (3 * a - 6, a, Integer(2)),
    (exp(a) - t, a, log(t)),
    (1 / a - 2, a, Integer(1) / 2),
    (a**3 - 8, a, Integer(2)),
    (t**2 - 4, t, Integer(2)),
    (lambda2 + 1, lambda2, Integer(-1)),
    # not unique, or not safely invertible: no rule
    (a**2 - 1, a, None),             # two real roots
    (b * a - 1, a, None),            # b may be zero
    (exp(b) - 2, b, None),           # b may be complex
    (a * log(a) - 1, a, None),       # the unknown occurs twice
    (Sum(p[j], (j, 1, n)) - 1, p[i], None),   # the family occurs inside a sum
    # a concrete entry is distinct from other concrete entries, not from p[j]
    (p[1] + p[2] - 1, p[1], 1 - p[2]),
    (p[1] + Sum(p[j], (j, 1, n)) - 1, p[1], None),
]


@pytest.mark.parametrize("residual, target, expected", ISOLATE, ids=[str(c[0]) for c in ISOLATE])
def test_isolate(residual, target, expected):
    assert isolate(residual, target) == expected


@pytest.mark.parametrize("expr, expected", [
    (Sum(exp(z[i]), (i, 1, n)), True),
    (exp(a) * t + 1, True),
    (a**2 + 1, True),
    (exp(b), False),
    (a, False),
    (Sum(z[i], (i, 1, n)), False),
])
def test_is_positive_is_sound(expr, expected):
    assert is_positive(expr) is expected


def test_family_rule_renames_bound_indices_apart():
    rule = Rule(p[i], exp(z[i]) / Sum(exp(z[j]), (j, 1, n)), line=3)
    got = rule.apply(p[j])
    # p_j -> e^{z_j} / sum over a fresh index, never over j itself
    assert got.has(exp(z[j]))
    (s,) = got.atoms(Sum)
    assert s.limits[0][0].name != "j"


def test_pending_condition_is_solved_once_its_unknown_has_a_rule():
    prem = Premises()
    assert prem.add_condition(Sum(p[i], (i, 1, n)) - 1, 1) is None
    assert len(prem.pending) == 1
    rule = prem.add_condition(-log(p[i]) - 1 - lambda1, 2, prefer=(p[i],))
    assert rule.target == p[i]
    assert prem.pending == [] and [r.target for r in prem.rules] == [p[i], lambda1]
    # every premise now fixes p_i = 1/n
    assert prem.substitute(p[k]) == Integer(1) / n


def test_distinct_indices_zero_the_delta_and_equal_indices_merge():
    prem = Premises()
    from sympy import Ne
    prem.add_relation(Ne(j, k), 1)
    used = set()
    assert prem.substitute(KroneckerDelta(j, k) + 1, used=used) == 1 and used == {1}
    prem = Premises()
    prem.add_condition(j - k, 2)
    assert prem.substitute(z[j] - z[k]) == 0


def test_given_hands_over_pending_equalities_and_inequalities():
    prem = Premises()
    prem.add_condition(Sum(z[i], (i, 1, n)), 1)
    prem.add_relation(a > 0, 2)
    given = prem.given()
    assert given[0] == Eq(Sum(z[i], (i, 1, n)), 0) and given[1] == (a > 0)
    assert prem.pending_lines() == (1, 2)


def test_idx_symbols_are_never_targets_except_for_index_equalities():
    prem = Premises()
    assert prem.add_condition(Idx("q", (1, n)) * 2 - 4, 1) is None


def test_a_solved_positive_unknown_keeps_its_sign_as_a_hypothesis():
    prem = Premises()
    rule = prem.add_condition(p[1] + p[2] - 1, 1)
    assert rule == Rule(p[1], 1 - p[2], 1)
    assert (1 - p[2] > 0) in prem.given()


def test_a_concrete_rule_reaches_into_short_sums_and_is_kept_where_it_cannot():
    prem = Premises()
    prem.add_condition(p[1] + p[2] - 1, 1)
    # written out, the sum over 1..2 loses p_1 entirely
    assert prem.substitute(Sum(p[k], (k, 1, 2))) == 1
    # over 1..n the entry p_1 may hide in p_k: the rule goes to the checker as a hypothesis
    general = prem.substitute(Sum(p[k], (k, 1, n)))
    assert prem.leftover(general) == (Eq(p[1], 1 - p[2]),)
    assert prem.leftover(prem.substitute(p[1] * p[3])) == ()


q = Symbol("q", integer=True)
# (rule target, solution, expression, expected, the reading that also rewrote the bound index):
# a rule rewrites free occurrences only; a bound index of the rule's name is another variable.
SCOPED = [
    # p_k = z_k * sum_k z_k: the first k is the entry's, the summation k is bound
    (p[k], z[k] * Sum(z[k], (k, 1, n)), p[j], z[j] * Sum(z[i], (i, 1, n)), z[j] * Sum(z[j], (i, 1, n))),
    (p[k], z[k] + Sum(exp(z[k]), (k, 1, n)), p[i] * 2, 2 * z[i] + 2 * Sum(exp(z[j]), (j, 1, n)),
     2 * z[i] + 2 * n * exp(z[i])),
    # an index rule k = 1 sets the free k, not the summation k
    (k, Integer(1), z[k] + Sum(z[k], (k, 1, n)), z[1] + Sum(z[j], (j, 1, n)), (n + 1) * z[1]),
    # a symbol rule does not reach a sum binding that symbol
    (q, Integer(2), q + Sum(q ** 2, (q, 1, n)), 2 + Sum(q ** 2, (q, 1, n)), 2 + 4 * n),
]


@pytest.mark.parametrize("target, solution, expr, expected, wrong", SCOPED)
def test_a_rule_rewrites_free_occurrences_only(target, solution, expr, expected, wrong):
    from derive.kernel.checker import check
    got = Rule(target, solution, line=1).apply(expr)
    assert check(got, expected).proved, got
    assert check(got, wrong).refuted, got


lam_, mu_, c_ = (Symbol(s, real=True) for s in ("lambda", "mu", "c"))
_LOG_P = -c_ * (log(p[i]) + 1) - lam_ - mu_ * x[i]


# (id, residual, rules it gives as (target, solution), where-nonzero targets): a condition
# for every i is solved only for a name with i (lambda = -c (log p_i + 1) - mu x_i would
# drop that the right side is the same at every i); dividing by c, not known nonzero, is a
# rule for refutations only
SOLVES = [
    ("not for a scalar without the index", _LOG_P, [], [p[i]]),
    ("a divisor known nonzero", -(log(p[i]) + 1) - lam_ - mu_ * x[i],
     [(p[i], exp(-1 - lam_ - mu_ * x[i]))], []),
    ("a scalar condition for a scalar", lam_ - 2 * mu_, [(lam_, 2 * mu_)], []),
]


@pytest.mark.parametrize("residual, rules, where_nonzero", [s[1:] for s in SOLVES],
                         ids=[s[0] for s in SOLVES])
def test_a_condition_for_every_index_is_solved_for_that_index(residual, rules, where_nonzero):
    prem = Premises()
    prem.add_condition(residual, 1, prefer=(p[i],))
    assert [(r.target, r.solution) for r in prem.rules] == rules
    assert [r.target for r, _ in prem.where_nonzero] == where_nonzero
    if where_nonzero:       # never a proof's premise: the condition stays pending
        assert prem.pending and prem.substitute(p[i]) == p[i]


def test_a_retry_keeps_what_a_stationarity_condition_holds_for():
    prem = Premises()
    prem.add_condition(_LOG_P, 1, prefer=(p[i],))
    prem.add_condition(mu_ - 1, 2)          # a new rule: the pending condition is retried
    assert mu_ in [r.target for r in prem.rules]
    assert lam_ not in [r.target for r in prem.rules]


def test_a_row_with_a_free_index_still_solves_its_name():
    # 2 w = 2 x_i: w depends on i as written (a definition below may restate it)
    prem = Premises()
    prem.add_condition(2 * Symbol("w", real=True) - 2 * x[i], 1)
    assert [(str(r.target), r.solution) for r in prem.rules] == [("w", x[i])]

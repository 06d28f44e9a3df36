"""The premises of a hand-written derivation, kept as a triangular substitution.

A condition (a ``given`` equation, or a derivative set to zero) is *solved*
for one unknown when the solution is unique: ``-\\log p_i - 1 - \\lambda_1 = 0``
gives the rule ``p_i -> e^{-1-\\lambda_1}``.  A later step follows from the
premises when substituting every rule turns it into an identity; and a
counterexample to the substituted step, with the solved unknowns set by their
rules, satisfies every premise and violates the step -- a genuine refutation.

Only steps that are unique on the real line are taken when solving
(:func:`isolate`): adding or subtracting terms, dividing by a factor known to
be nonzero, ``\\log u = v`` -> ``u = e^{v}``, ``e^{u} = v`` -> ``u = \\log v``
for real ``u``, ``u^{-1} = v`` -> ``u = 1/v``, odd powers and powers of a
positive base.  A condition that cannot be solved stays *pending* and is
handed to :func:`derive.kernel.checker.check` as a hypothesis; it is retried
whenever a new rule appears (``\\sum_i p_i = 1`` becomes solvable for
``\\lambda_1`` once ``p_i`` has a rule).

A rule for a family entry with free indices (``p[i]``) applies to every
entry ``p[e]``, with the solution's bound indices renamed first so that no
index is captured.  A rule for one concrete entry (``p_1 -> 1 - p_2``)
writes out the short concrete sums it meets; where a symbolic sum may still
reach the entry (``p_k`` in ``\\sum_{k=1}^{n}``) the rule is handed to the
checker as a hypothesis as well (:meth:`Premises.leftover`), and a rule for
a positive unknown keeps the solution's sign as a hypothesis, so that a
counterexample always satisfies the premises.
"""
from __future__ import annotations

from dataclasses import dataclass

from sympy import (Add, Basic, Derivative, Eq, Gt, Idx, Indexed, Integer, KroneckerDelta, Ne, S, Sum,
                   Symbol, exp, expand, log)
from sympy.tensor.indexed import IndexException

from ..errors import GuardNotDischarged
from ..kernel.binders import subs_free
from ..kernel.indices import facts_for, normal_form, write_out_sums
from .indexing import free_indices, fresh_bound, rename_bound_apart
from .solving import contains, is_positive, isolate, within

__all__ = ["Rule", "Premises", "isolate", "is_positive", "prepare", "carry_out_derivatives"]



@dataclass(frozen=True)
class Rule:
    """``target -> solution``, established at ``line``.

    ``target`` is a Symbol, or an Indexed entry whose indices are distinct
    free ``Idx`` (a rule for the whole family), or a concrete entry.
    """

    target: Basic
    solution: Basic
    line: int

    def apply(self, expr):
        t = self.target
        if isinstance(t, Indexed) and t.indices and all(isinstance(ix, Idx) for ix in t.indices):
            params = t.indices

            def entry(e):
                return fresh_bound(self.solution).xreplace(dict(zip(params, e.indices)))

            # Only entries whose indices provably lie in the rule's ranges: a rule
            # for i in 1..n says nothing about p_0, p_{n+1}, p_{i+1} or p_k, k <= K.
            return _outside_derivatives(expr, lambda x: x.replace(
                lambda e: isinstance(e, Indexed) and e.base == t.base
                and len(e.indices) == len(params)
                and all(within(a, ix) for a, ix in zip(e.indices, params)), entry))
        if isinstance(t, Idx):
            # Sums may bind an index of the same name; rename them apart first.
            if not expr.has(t):
                return expr
            apart, back = rename_bound_apart(expr)
            # A bound name equal to one the solution brings in stays fresh (no capture).
            taken = {a.name for a in self.solution.atoms(Idx)}
            return apart.xreplace({t: self.solution}).xreplace(
                {ph: old for ph, old in back.items() if old.name not in taken})
        if self.concrete and isinstance(expr, Basic) and expr.has(Sum):
            # p_1 inside a sum over 1..2 is only reached once the sum is written out.
            expr = write_out_sums(expr)
        return _outside_derivatives(expr, lambda x: subs_free(x, {t: self.solution}))

    @property
    def concrete(self) -> bool:
        """A rule for one concrete entry such as ``p[1]``."""
        t = self.target
        return isinstance(t, Indexed) and bool(t.indices) and all(ix.is_Integer for ix in t.indices)


def _differentiates_by(expr, rule) -> bool:
    """Whether a derivative in ``expr`` is taken with respect to what ``rule`` rewrites."""
    return any(rule.apply(v) != v for d in expr.atoms(Derivative) for v in d.variables)


def _outside_derivatives(expr, rewrite):
    """``rewrite`` applied to ``expr`` but not inside a derivative left undone (its
    variable must stay a variable)."""
    if not isinstance(expr, Basic) or not expr.has(Derivative):
        return rewrite(expr)
    if isinstance(expr, Derivative):
        if any(rewrite(v) != v for v in expr.variables):
            return expr       # the rule would rewrite the variable itself: left for later
        return Derivative(_outside_derivatives(expr.expr, rewrite), *expr.variable_count)
    if not expr.args:
        return rewrite(expr)
    return expr.func(*[_outside_derivatives(a, rewrite) for a in expr.args])


def carry_out_derivatives(e):
    """``e`` with its derivatives carried out; unchanged where SymPy cannot.

    SymPy's ``Derivative(Sum(...)).doit()`` can recurse without end (a sum
    over ``0..K`` with an excluded index), so a ``RecursionError`` leaves the
    derivative unevaluated for the checker to report as undecided.
    """
    try:
        return e.replace(lambda d: isinstance(d, Derivative), lambda d: d.doit(deep=False))
    except (RecursionError, ValueError, TypeError, IndexError, AttributeError,
            NotImplementedError, IndexException):
        return e


def prepare(e):
    """Carry out derivatives and bring sums to normal form (guards discharged)."""
    e = carry_out_derivatives(e)
    try:
        return normal_form(e, facts_for(e))
    except (GuardNotDischarged, ValueError, TypeError, NotImplementedError):
        return e


def _candidates(residual, prefer):
    """Unknowns a condition may be solved for, preferred ones first."""
    free = {ix.name for ix in free_indices(residual)}
    symbols = sorted((s for s in residual.free_symbols if isinstance(s, Symbol)
                      and not isinstance(s, Idx) and not s.is_integer), key=str)
    entries = sorted((a for a in residual.atoms(Indexed)
                      if all(isinstance(ix, Idx) and ix.name in free for ix in a.indices)
                      and len({ix.name for ix in a.indices}) == len(a.indices)), key=str)
    entries += sorted((a for a in residual.atoms(Indexed)
                       if all(ix.is_Integer for ix in a.indices)), key=str)
    seen, out = set(), []
    for c in list(prefer) + symbols + entries:
        if c not in seen:
            seen.add(c)
            out.append(c)
    return out


class Premises:
    """Rules, pending conditions and inequality hypotheses, in the order stated.

    Mutable on purpose and private to one :func:`derive.handcheck.steps.check_derivation`
    run; the run's report holds only frozen results.
    """

    def __init__(self):
        self.rules: list = []
        self.pending: list = []          # (residual, line)
        self.relations: list = []        # inequalities, (relation, line)
        self.distinct: dict = {}         # {frozenset({i, j}): line} from i \\neq j
        self.where_nonzero: list = []    # (Rule, divisors): solved only where they are nonzero
        self.prefer: dict = {}           # line -> the derivative variables of its condition

    def substitute(self, expr, *, upto: int | None = None, used: set | None = None):
        """``expr`` with the first ``upto`` rules (default all) applied to a fixed point.

        The lines of the rules that changed something are added to ``used``.
        """
        rules = self.rules[:upto] if upto is not None else self.rules
        expr = self._distinct(expr, used)
        if isinstance(expr, Basic) and expr.has(Derivative) and any(
                _differentiates_by(expr, r) for r in rules):
            # A rule for a derivative's variable: differentiate first, then substitute.
            expr = carry_out_derivatives(expr)
            rules = [r for r in rules if not _differentiates_by(expr, r)]
        for _ in range(len(rules) + 1):
            new = expr
            for rule in rules:
                after = rule.apply(new)
                if used is not None and after != new:
                    used.add(rule.line)
                new = after
            if new == expr:
                return expr
            expr = new
        return expr

    def add_condition(self, residual, line: int, *, prefer=()) -> Rule | None:
        """Record ``residual = 0``; solve it if possible and retry the pending ones."""
        rule = self._solve(residual, line, prefer)
        if rule is None:
            self.pending.append((residual, line))
            self.prefer[line] = prefer      # (a retry keeps what the condition holds for)
            self._solve_where_nonzero(residual, line, prefer)
            return None
        self._retry()
        return rule

    def add_relation(self, relation, line: int):
        """An inequality; ``i \\neq j`` between indices also zeroes ``\\delta_{ij}``."""
        self.relations.append((relation, line))
        if relation.rel_op == "!=" and all(isinstance(a, Idx) or a.is_Integer
                                           for a in relation.args):
            self.distinct[frozenset(relation.args)] = line

    def _distinct(self, expr, used):
        """``expr`` with ``KroneckerDelta(a, b) = 0`` for every pair known distinct.

        Only free occurrences: ``j \\neq k`` says nothing about a ``j`` bound by
        a sum, so bound indices are renamed apart first (and back afterwards).
        """
        if not self.distinct or not isinstance(expr, Basic):
            return expr
        expr = carry_out_derivatives(expr)
        apart, back = rename_bound_apart(expr)

        def zero(d):
            line = self.distinct.get(frozenset(d.args))
            if line is None:
                return d
            if used is not None:
                used.add(line)
            return S.Zero

        found = apart.replace(lambda d: isinstance(d, KroneckerDelta), zero)
        return found.xreplace(back) if found != apart else expr

    def contradiction(self):
        """``(lines, reason)`` when the premises contradict each other, else None.

        Sound, not complete: a condition that substitution turns into a nonzero
        number, one that has no real solution (``e^{a} = -1``), or an inequality
        that evaluates to false.
        """
        for residual, line in self.pending:
            used: set = set()
            r = prepare(self.substitute(residual, used=used))
            if r.is_number and r.is_zero is False:
                return tuple(sorted(used | {line})), f"it reduces to {r} = 0"
            if is_positive(r) or is_positive(-r):
                return tuple(sorted(used | {line})), "the condition has no real solution"
        for relation, line in self.relations:
            used = set()
            sides = [self.substitute(a, used=used) for a in relation.args]
            try:
                value = relation.func(*sides)
            except (TypeError, ValueError):
                continue
            if value is S.false:
                return tuple(sorted(used | {line})), f"{relation} is false under the others"
        return None

    def given(self):
        """Hypotheses for the checker: pending equalities and the inequalities."""
        eqs = [_eq(self.substitute(r)) for r, _ in self.pending]
        # A rule for a positive unknown (p_1 -> 1 - p_2) keeps its sign as a
        # hypothesis, so no counterexample can make the unknown nonpositive.
        signs = [Gt(self.substitute(r.solution), 0) for r in self.rules
                 if r.target.is_positive and not is_positive(r.solution)]
        return tuple(eqs) + tuple(self.substitute(rel) for rel, _ in self.relations) \
            + tuple(sg for sg in signs if sg is not S.true)

    def leftover(self, expr) -> tuple:
        """Rules whose concrete target may survive substitution in ``expr``, as hypotheses.

        ``p_1 -> 1 - p_2`` cannot reach ``p_k`` inside ``\\sum_{k=1}^{n}``: the
        substituted claim still mentions ``p_1`` there, so a counterexample must
        be told that ``p_1 = 1 - p_2`` or it may violate the premise.
        """
        return tuple(Eq(r.target, self.substitute(r.solution), evaluate=False) for r in self.rules
                     if r.concrete and isinstance(expr, Basic) and contains(expr, r.target))

    def pending_lines(self) -> tuple:
        """Lines of the hypotheses handed to the checker."""
        return tuple(sorted({ln for _, ln in self.pending} | {ln for _, ln in self.relations}))

    def _solve(self, residual, line, prefer):
        e = prepare(self.substitute(residual))
        if e == 0:
            return None
        pair = sorted(Add.make_args(e), key=lambda a: not isinstance(a, Idx))
        if len(pair) == 2 and isinstance(pair[0], Idx) and isinstance(-pair[1], Idx):
            # i = k between indices: every later i is read as k.
            rule = Rule(pair[0], -pair[1], line)
            self.rules.append(rule)
            return rule
        for target in _candidates(e, prefer):
            solution = isolate(e, target)
            if solution is not None and not (target.is_positive and solution.is_nonpositive) \
                    and _keeps_indices(target, solution, prefer):
                rule = Rule(target, solution, line)
                self.rules.append(rule)
                return rule
        return None

    def _solve_where_nonzero(self, residual, line, prefer):
        """A pending condition solved by dividing by factors not known to be nonzero:
        for refutations only (:meth:`refuting`), never a proof's premise."""
        e = prepare(self.substitute(residual))
        for target in _candidates(e, prefer)[:1] if e != 0 else ():
            divisors: list = []
            solution = isolate(e, target, divisors)
            if solution is not None and divisors and not (target.is_positive and
                                                          solution.is_nonpositive) \
                    and _keeps_indices(target, solution, prefer):
                self.where_nonzero.append((Rule(target, solution, line), tuple(divisors)))

    def refuting(self, claim, given, used=None):
        """``(claim, given)`` for a counterexample search, with each condition solved where
        its divisors are nonzero substituted and those divisors required nonzero: where
        they are, the rule and its condition say the same, so a counterexample found
        satisfies the condition (``p_i = e^{-1 - (\\alpha + \\beta E_i)/k_B}`` for
        ``-k_B (\\log p_i + 1) - \\alpha - \\beta E_i = 0``)."""
        sides = []
        for rule, divisors in self.where_nonzero:
            if used is not None and rule.apply(claim) != claim:
                used.add(rule.line)
            claim = rule.apply(claim)
            given = tuple(_real_logs(rule.apply(g)) if hasattr(g, "has") else g for g in given)
            # (the condition the rule solves is then 0 = 0: no hypothesis to meet)
            given = tuple(g for g in given if not (isinstance(g, Eq)
                                                   and expand(g.lhs - g.rhs) == 0))
            sides += [Ne(self.substitute(d), 0) for d in divisors]
        return claim, given + tuple(sides)

    def _retry(self):
        progress = True
        while progress and self.pending:
            progress = False
            for item in list(self.pending):
                residual, line = item
                if self._solve(residual, line, self.prefer.get(line, ())) is not None:
                    self.pending.remove(item)
                    progress = True


def _real_logs(e):
    """``log(exp(u)) = u``: every name is real, and so is ``u`` where the divisors are
    nonzero (SymPy keeps the log, not knowing 1/c is real)."""
    return e.replace(lambda t: isinstance(t, log) and isinstance(t.args[0], exp),
                     lambda t: t.args[0].args[0])


def _keeps_indices(target, solution, prefer) -> bool:
    """A stationarity condition holds for every i of its derivative variable (``p_i``):
    solved for a name without i (``\\lambda = -\\log p_i - 1``) it is no rule, as it
    says the solution is the same at every i, which the substitution would drop (a
    counterexample could then break the condition at every i).  (A row such as
    ``2 w = 2 s_i`` is another matter: there the name depends on i as written.)"""
    every = {ix.name for v in prefer if isinstance(v, Indexed) for ix in free_indices(v)}
    mine = {ix.name for ix in free_indices(target)} if isinstance(target, Indexed) else set()
    return not (({ix.name for ix in free_indices(solution)} - mine) & every)


def _eq(residual):
    return Eq(residual, Integer(0), evaluate=False)

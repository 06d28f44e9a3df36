"""Index-range facts and a normal form for sums over a symbolic range.

SymPy differentiates ``Sum(f(p_i), (i, 1, n))`` with respect to ``p_k`` into
``Sum(KroneckerDelta(i, k) f'(p_i), ...)`` and evaluates that to
``Piecewise((f'(p_k), n >= k), (0, True))``.  The guard ``n >= k`` holds
because ``k`` is an ``Idx`` ranging over ``1..n``; this module proves such
guards from the index bounds (:func:`discharge`) and raises
:class:`GuardNotDischarged` when it cannot, so no guard is ever dropped.

:func:`normal_form` rewrites sums into a canonical shape: summands expanded,
sums split over addition, factors free of the summation index pulled out,
Kronecker-delta sums collapsed (with the range fact checked), constant sums
counted, and bound indices renamed canonically so that ``Sum(f(i))`` and
``Sum(f(j))`` compare equal.
"""
from __future__ import annotations

from dataclasses import dataclass
from itertools import combinations

from sympy import (Add, And, Dummy, Idx, Indexed, KroneckerDelta, Mul, Not, Or,
                   Piecewise, S, Sum, Symbol, expand, preorder_traversal)
from sympy.core.relational import Relational
from sympy.logic.boolalg import BooleanFalse, BooleanTrue

from .errors import GuardNotDischarged

__all__ = ["Facts", "facts_for", "discharge", "normal_form", "canonical_indices"]


@dataclass(frozen=True)
class Facts:
    """Quantities known to be >= 0 (from index bounds and given inequalities)."""

    nonneg: tuple

    def implies_nonneg(self, d) -> bool:
        """True when ``d >= 0`` follows from the facts (a sound, incomplete test)."""
        d = expand(d)
        if d.is_nonnegative:
            return True
        for r in (1, 2):
            for combo in combinations(self.nonneg, r):
                rest = expand(d - Add(*combo))
                if rest.is_nonnegative:
                    return True
        return False

    def decide(self, cond):
        """True/False when ``cond`` follows from / contradicts the facts, else None."""
        if isinstance(cond, BooleanTrue) or cond is True:
            return True
        if isinstance(cond, BooleanFalse) or cond is False:
            return False
        if isinstance(cond, And):
            parts = [self.decide(a) for a in cond.args]
            return False if False in parts else (True if all(parts) else None)
        if isinstance(cond, Or):
            parts = [self.decide(a) for a in cond.args]
            return True if True in parts else (False if all(p is False for p in parts) else None)
        if isinstance(cond, Not):
            inner = self.decide(cond.args[0])
            return None if inner is None else not inner
        if isinstance(cond, Relational):
            return self._decide_rel(cond)
        return None

    def _decide_rel(self, rel):
        d = rel.lhs - rel.rhs
        op = rel.rel_op
        if op in (">=", ">"):
            big, strict = d, op == ">"
        elif op in ("<=", "<"):
            big, strict = -d, op == "<"
        else:
            if expand(d) == 0:
                return op == "=="
            # d >= 1 or d <= -1 over integers settles (in)equality
            if self.implies_nonneg(d - 1) or self.implies_nonneg(-d - 1):
                return op == "!="
            return None
        return self._decide_sign(big, strict)

    def _decide_sign(self, big, strict):
        """Decide ``big > 0`` (strict) or ``big >= 0``."""
        integer = _is_integer(big)
        if strict:
            holds = self.implies_nonneg(big - 1) if integer else bool(expand(big).is_positive)
            fails = self.implies_nonneg(-big)
        else:
            holds = self.implies_nonneg(big)
            fails = self.implies_nonneg(-big - 1) if integer else bool(expand(-big).is_positive)
        return True if holds else (False if fails else None)


def _is_integer(e) -> bool:
    return bool(e.is_integer)


def facts_for(expr, given=()) -> Facts:
    """The facts about every ``Idx`` in ``expr`` (its bounds) and the given inequalities."""
    nonneg = []
    for atom in sorted(expr.atoms(Idx), key=str):
        if atom.lower is not None:
            nonneg.append(atom - atom.lower)
        if atom.upper is not None:
            nonneg.append(atom.upper - atom)
    for g in given:
        if isinstance(g, Relational) and g.rel_op in (">=", ">", "<=", "<"):
            d = g.lhs - g.rhs if g.rel_op in (">=", ">") else g.rhs - g.lhs
            if g.rel_op in (">", "<") and _is_integer(d):
                d = d - 1
            nonneg.append(d)
    seen, out = set(), []
    for f in nonneg:
        f = expand(f)
        if f not in seen:
            seen.add(f)
            out.append(f)
    return Facts(tuple(out))


def discharge(expr, facts: Facts):
    """Replace every Piecewise by the branch the facts select.

    Raises:
        GuardNotDischarged: a guard is neither implied nor refuted by the facts.
    """
    if not expr.has(Piecewise):
        return expr

    def pick(pw):
        for e, cond in pw.args:
            verdict = facts.decide(cond)
            if verdict is True:
                return discharge(e, facts)
            if verdict is None:
                raise GuardNotDischarged(f"cannot decide the guard {cond} from the index facts")
        raise GuardNotDischarged(f"no branch of {pw} applies")

    return expr.replace(lambda e: isinstance(e, Piecewise), pick)


def _split_independent(term, var):
    """term = outside * inside with ``outside`` free of ``var``."""
    outside, inside = [], []
    for f in Mul.make_args(term):
        (inside if f.has(var) else outside).append(f)
    return Mul(*outside), Mul(*inside)


def _collapse_delta(inside, var, lo, hi, facts):
    """Sum over var of KroneckerDelta(var, a) * g(var) -> g(a) when lo <= a <= hi."""
    for f in Mul.make_args(inside):
        if isinstance(f, KroneckerDelta) and var in f.args:
            a = f.args[0] if f.args[1] == var else f.args[1]
            if a.has(var):
                continue
            in_range = facts.decide(And(a >= lo, hi >= a))
            if in_range is None:
                raise GuardNotDischarged(f"cannot show {lo} <= {a} <= {hi} from the index facts")
            rest = Mul(*[g for g in Mul.make_args(inside) if g is not f])
            return rest.xreplace({var: a}) if in_range else S.Zero
    return None


def _sum_term(term, var, lo, hi, facts):
    outside, inside = _split_independent(term, var)
    if inside == 1:
        return outside * (hi - lo + 1)
    collapsed = _collapse_delta(inside, var, lo, hi, facts)
    if collapsed is not None:
        return outside * normal_form(collapsed, facts)
    return outside * Sum(inside, (var, lo, hi))


def normal_form(expr, facts: Facts | None = None):
    """Canonical form of the sums in ``expr`` (see module docstring)."""
    if facts is None:
        facts = facts_for(expr)
    expr = discharge(expr, facts)
    if not expr.has(Sum):
        return expr

    def rewrite(s):
        if len(s.limits) != 1:
            inner = Sum(s.function, *s.limits[:-1])
            return rewrite(Sum(normal_form(inner, facts), s.limits[-1]))
        var, lo, hi = s.limits[0]
        body = expand(normal_form(s.function, facts))
        return Add(*[_sum_term(t, var, lo, hi, facts) for t in Add.make_args(body)])

    out = expr.replace(lambda e: isinstance(e, Sum), rewrite)
    return canonical_indices(out)


def canonical_indices(expr):
    """Rename bound summation indices by nesting depth, so equal sums compare equal."""
    taken = {s.name for s in expr.free_symbols if isinstance(s, (Symbol, Idx))}

    def rename(e, depth):
        if isinstance(e, Sum):
            body, limits = e.function, []
            for (var, lo, hi) in e.limits:
                name = f"_s{depth}"
                while name in taken:
                    name += "_"
                new = Idx(Symbol(name, integer=True), (lo, hi)) if isinstance(var, Idx) else Symbol(name, integer=True)
                body = body.xreplace({var: new})
                limits.append((new, lo, hi))
                depth += 1
            return Sum(rename(body, depth), *limits)
        if not e.args:
            return e
        return e.func(*[rename(a, depth) for a in e.args])

    return rename(expr, 0)

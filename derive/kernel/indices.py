"""Index-range facts and a normal form for sums over a symbolic range.

SymPy differentiates ``Sum(f(p_i), (i, 1, n))`` with respect to ``p_k`` into
``Sum(KroneckerDelta(i, k) f'(p_i), ...)`` and evaluates that to
``Piecewise((f'(p_k), n >= k), (0, True))``.  The guard ``n >= k`` holds
because ``k`` is an ``Idx`` ranging over ``1..n``; this module proves such
guards from the index bounds (:func:`discharge`) and raises
:class:`GuardNotDischarged` when it cannot, so no guard is ever dropped.

:func:`normal_form` rewrites sums into a canonical shape: summands expanded,
sums split over addition, factors free of the summation index pulled out,
reversed ranges flipped (Karr's convention),
Kronecker-delta sums collapsed (with the range fact checked), constant sums
counted, and bound indices renamed canonically so that ``Sum(f(i))`` and
``Sum(f(j))`` compare equal.

Implementation notes:
    * Facts are scoped.  A free ``Idx`` contributes its range everywhere (the
      claim is about every index in its range).  A summation variable
      contributes its range only inside the summand, and only when the range
      is known not to be reversed: SymPy sums follow Karr's convention,
      ``Sum(f, (i, a, b)) = -Sum(f, (i, b + 1, a - 1))`` for ``b < a - 1``,
      so a reversed sum evaluates its summand *outside* ``a..b``.
    * ``expand`` turns ``exp(Sum(g))`` into ``Product(exp(g))``; the normal
      form turns it back (both sides are equal under Karr's convention too),
      so that one quantity has one shape.
    * Renaming bound variables first gives every one of them a fresh
      ``Dummy``, so a canonical name can never capture another variable.
"""
from __future__ import annotations


from dataclasses import dataclass
from itertools import combinations

from sympy import (Add, And, Idx, Integer, KroneckerDelta, Mul, Not, Or, Piecewise, Pow,
                   Product, S, Sum, exp, expand)
from sympy.core.relational import Relational
from sympy.logic.boolalg import BooleanFalse, BooleanTrue

from ..errors import GuardNotDischarged
from .binders import subs_free
from .linear import linear_form
from .linear import nonneg as linear_nonneg

from .canonical import canonical_indices, rename_apart, resum  # noqa: F401  (re-exported)

__all__ = ["Facts", "facts_for", "discharge", "normal_form", "canonical_indices",
           "expand_keeping_sums", "free_indices", "rename_apart",
           "write_out_sums", "resum"]

_BINDERS = (Sum, Product)


@dataclass(frozen=True)
class Facts:
    """Quantities known to be >= 0 (from index bounds and given inequalities)."""

    nonneg: tuple

    def implies_nonneg(self, d) -> bool:
        """True when ``d >= 0`` follows from the facts (a sound, incomplete test)."""
        return _implies_nonneg(self.nonneg, d)

    def extended(self, *nonneg) -> "Facts":
        """These facts and the quantities ``nonneg`` (each >= 0)."""
        new = tuple(f for f in (expand(q) for q in nonneg) if f not in self.nonneg)
        return Facts(self.nonneg + new) if new else self

    def within(self, limits) -> "Facts":
        """The facts inside a summand whose limits are ``limits`` (innermost first).

        A variable's range is added only when the range is not reversed
        (``hi - lo + 1 >= 0``); otherwise nothing is known about the variable.
        """
        out = self
        for (var, lo, hi) in reversed(tuple(limits)):
            if out.implies_nonneg(hi - lo + 1):
                out = out.extended(var - lo, hi - var)
        return out

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


def _implies_nonneg(nonneg, d) -> bool:
    forms = [linear_form(d)] + [linear_form(f) for f in nonneg]
    if all(f is not None for f in forms):    # exact and cheap (derive.kernel.linear)
        return _linear_implies(forms[0], forms[1:])
    d = expand(d)
    if d.is_nonnegative:
        return True
    for r in (1, 2):
        for combo in combinations(nonneg, r):
            rest = expand(d - Add(*combo))
            if rest.is_nonnegative:
                return True
    return False


def _linear_implies(d, facts) -> bool:
    """The test of :func:`_implies_nonneg` (d, d - f, d - f - g) on linear forms."""
    def minus(a, *bs):
        out = dict(a)
        for b in bs:
            for key, c in b.items():
                out[key] = out.get(key, 0) - c
        return out
    return (linear_nonneg(d) or any(linear_nonneg(minus(d, f)) for f in facts)
            or any(linear_nonneg(minus(d, f, g)) for f, g in combinations(facts, 2)))


def _is_integer(e) -> bool:
    return bool(e.is_integer)


def free_indices(expr) -> list:
    """The ``Idx`` objects free in ``expr`` (summation variables excluded), sorted by name."""
    return sorted((a for a in expr.free_symbols if isinstance(a, Idx)), key=str)


def facts_for(expr, given=()) -> Facts:
    """The facts about every free ``Idx`` in ``expr`` (its bounds) and the given inequalities.

    Summation variables are not included: their ranges hold only inside
    their summands (:meth:`Facts.within`).
    """
    nonneg = []
    for atom in free_indices(expr):
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
    """Replace every Piecewise by the branch the facts select (scoped inside sums).

    Raises:
        GuardNotDischarged: a guard is neither implied nor refuted by the facts.
    """
    if not expr.has(Piecewise):
        return expr
    if isinstance(expr, Piecewise):
        return discharge(_pick(expr, facts), facts)
    if isinstance(expr, _BINDERS):
        limits = [(v, discharge(lo, facts), discharge(hi, facts)) for (v, lo, hi) in expr.limits]
        return expr.func(discharge(expr.function, facts.within(limits)), *limits)
    return expr.func(*[discharge(a, facts) for a in expr.args])


def _pick(pw, facts):
    for e, cond in pw.args:
        verdict = facts.decide(cond)
        if verdict is True:
            return e
        if verdict is None:
            raise GuardNotDischarged(f"cannot decide the guard {cond} from the index facts")
    raise GuardNotDischarged(f"no branch of {pw} applies")


def expand_keeping_sums(e, **hints):
    """``expand`` (hints passed on), with ``Product(exp(g))`` folded back to ``exp(Sum(g))``."""
    return _fold_products(expand(e, **hints))


def _fold_products(e):
    if not e.has(Product):
        return e
    return e.replace(lambda t: isinstance(t, Product) and isinstance(t.function, exp),
                     lambda t: exp(Sum(t.function.args[0], *t.limits)))


def write_out_sums(e, *, max_terms: int = 64):
    """``e`` with every sum over a concrete range of at most ``max_terms`` terms written out.

    Karr's convention is respected: a reversed range ``a..b`` (``b < a - 1``)
    is the negated sum over ``b+1..a-1``.
    """
    if not e.has(Sum):
        return e

    def out(s):
        body = s.function
        for (var, lo, hi) in s.limits:          # innermost first
            if not (lo.is_Integer and hi.is_Integer):
                return s
            a, b, sign = int(lo), int(hi), 1
            if b < a - 1:
                a, b, sign = b + 1, a - 1, -1
            if b - a + 1 > max_terms:
                return s
            body = sign * Add(*[subs_free(body, {var: Integer(t)}) for t in range(a, b + 1)])
        return body

    return e.replace(lambda t: isinstance(t, Sum), out)


def _split_independent(term, var):
    """term = outside * inside with ``outside`` free of ``var``."""
    outside, inside = [], []
    for f in Mul.make_args(term):
        (inside if f.has(var) else outside).append(f)
    return Mul(*outside), Mul(*inside)


def _collapse_delta(inside, var, lo, hi, facts):
    """Sum over var of KroneckerDelta(var, a) * g(var) -> g(a) when lo <= a <= hi.

    The summation variable takes integer values only, so the sum picks the
    term at ``a`` only when ``a`` is an integer: lying in the range is not
    enough (at ``a = 3/2`` every delta is 0).  A point not known to be an
    integer is left alone.  The sum is 0 when ``a`` lies outside ``lo..hi``
    only if the range is not reversed (Karr's convention sums a reversed
    range over ``hi+1..lo-1``).
    """
    for f in Mul.make_args(inside):
        if isinstance(f, KroneckerDelta) and var in f.args:
            a = f.args[0] if f.args[1] == var else f.args[1]
            if a.has(var) or not a.is_integer:
                continue
            in_range = facts.decide(And(a >= lo, hi >= a))
            if in_range is False and not facts.implies_nonneg(hi - lo + 1):
                in_range = None
            if in_range is None:
                raise GuardNotDischarged(f"cannot show {lo} <= {a} <= {hi} from the index facts")
            rest = Mul(*[g for g in Mul.make_args(inside) if g is not f])
            return subs_free(rest, {var: a}) if in_range else S.Zero
    return None


def _may_be_undefined(e) -> bool:
    """``e`` divides by something not known to be nonzero."""
    return any(p.exp.is_negative and not (p.base.is_nonzero or p.base.is_positive
                                          or p.base.is_negative)
               for p in e.atoms(Pow))


def _sum_term(term, var, lo, hi, facts):
    outside, inside = _split_independent(term, var)
    if _may_be_undefined(outside) and not (facts.implies_nonneg(hi - lo)
                                           or facts.implies_nonneg(lo - hi - 2)):
        # an empty sum is 0 whatever its summand; pulled out, a factor 1/s with s = 0 would
        # make it 0/0 (and then "1" by cancelling): only a nonempty range lets it out
        return Sum(term, (var, lo, hi))
    if inside == 1:
        if not (hi - lo).is_integer:    # hi - lo + 1 terms only for integer bounds
            raise GuardNotDischarged(f"the bounds {lo}, {hi} are not known to be integers")
        return outside * (hi - lo + 1)
    collapsed = _collapse_delta(inside, var, lo, hi, facts)
    if collapsed is not None:
        return outside * _normal(collapsed, facts)
    return outside * Sum(inside, (var, lo, hi))


def _normal(e, facts):
    """Normal form of the sums in ``e`` under ``facts``, without the final renaming."""
    if isinstance(e, Piecewise):
        return _normal(_pick(e, facts), facts)
    if isinstance(e, Sum):
        return _normal_sum(e, facts)
    if not e.args or not e.has(Sum, Piecewise):
        return e
    if isinstance(e, Product):
        limits = [(v, _normal(lo, facts), _normal(hi, facts)) for (v, lo, hi) in e.limits]
        return Product(_normal(e.function, facts.within(limits)), *limits)
    return e.func(*[_normal(a, facts) for a in e.args])


def _normal_sum(s, facts):
    # limits run innermost first; the outermost one is summed here, the rest is the summand
    var, lo, hi = s.limits[-1]
    summand = Sum(s.function, *s.limits[:-1]) if len(s.limits) > 1 else s.function
    lo, hi = _normal(lo, facts), _normal(hi, facts)
    if facts.implies_nonneg(lo - hi - 2):       # reversed range (Karr): flip it
        return -_normal_sum(resum(summand, var, hi + 1, lo - 1), facts)
    inner = facts.within([(var, lo, hi)])
    body = expand_keeping_sums(_normal(summand, inner))
    return Add(*[_sum_term(t, var, lo, hi, facts) for t in Add.make_args(body)])


def normal_form(expr, facts: Facts | None = None):
    """Canonical form of the sums in ``expr`` (see module docstring)."""
    if facts is None:
        facts = facts_for(expr)
    if not expr.has(Sum, Product):
        return discharge(expr, facts)
    return canonical_indices(_normal(_fold_products(expr), facts))

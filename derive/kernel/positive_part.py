"""Maxima and minima by cases: ``max(a, b)`` is ``a`` where ``a > b``, either where
``a = b``, and ``b`` where ``a < b``.

Every ``Max``/``Min`` of two real arguments in the claim or in the hypotheses
is split into those three cases, one at a time (innermost first).  In each
case the case condition joins the hypotheses and the maximum is replaced by
the argument the case selects; then equations that solve for an atom
(``p_k = z_k - τ``, ``τ = z_k/2``, ``x^e = 0`` with ``e > 0``) are
substituted, after a symbol bounded by a number (``α > 1``) is written as
that number plus a positive symbol, and
the case is settled (sums in the hypotheses in their normal form): vacuously, when linear arithmetic shows that its
hypotheses cannot hold (:func:`~derive.kernel.linear_arith.infeasible`); an
equality, when the residual expands to zero or reduces to zero modulo the
remaining equations; a sign, by a linear-arithmetic certificate.

Why "proved" is a proof: the three cases cover every real pair ``(a, b)``;
inside a case the replacement of the maximum by the selected argument and the
substitution of a hypothesis are equalities wherever the case and the
hypotheses hold, and writing ``x = c + u`` with ``u > 0`` ranges over exactly
the ``x > c``; so the claim holds in the case iff its rewritten form does,
and it holds everywhere iff it holds in every case.  A case is dropped only
on a certificate that its hypotheses are contradictory.  Nothing here
refutes; an undecided case leaves the claim undecided.
"""
from __future__ import annotations

from itertools import count

from sympy import (Add, Dummy, Float, Idx, Indexed, Max, Min, Mul, S, Symbol, cancel, count_ops, expand, groebner,
                   together)
from sympy.core.relational import Relational
from sympy.logic.boolalg import BooleanFalse, BooleanTrue

from ..errors import GuardNotDischarged
from .indices import normal_form
from .linear_arith import Linearizer, entails, hypotheses_from, infeasible

__all__ = ["equal_by_cases", "sign_by_cases"]

_MAX_CASES = 81          # 3 cases per maximum: at most four maxima


def _canonical(e):
    """Arguments of every Max/Min expanded, so that equal maxima compare equal."""
    return e.replace(lambda t: isinstance(t, (Max, Min)),
                     lambda t: t.func(*[expand(a) for a in t.args]))


def _splittable(exprs):
    found = set()
    for e in exprs:
        found |= {m for m in e.atoms(Max, Min) if len(m.args) == 2 and all(a.is_real for a in m.args)}
    inner = [m for m in found if not any(a.has(Max, Min) for a in m.args)]
    return sorted(inner, key=str)


class _Case:
    """A claim (kind "eq": target = 0; ">=" / ">": target >= 0 / > 0) under hypotheses."""

    def __init__(self, kind, target, eqs, rels, indices=()):
        self.kind, self.target, self.eqs, self.rels = kind, target, tuple(eqs), tuple(rels)
        self.indices = tuple(indices)       # the claim's free indices (substitutions may add others)

    def exprs(self):
        return (self.target, *self.eqs, *[r.lhs - r.rhs for r in self.rels if isinstance(r, Relational)])

    def replaced(self, table, extra_eqs=(), extra_rels=()):
        eqs = [e.xreplace(table) for e in self.eqs] + list(extra_eqs)
        rels = [_rebuild(r, table) for r in self.rels] + list(extra_rels)
        return _Case(self.kind, self.target.xreplace(table), eqs, rels, self.indices)


def _rebuild(rel, table):
    if not isinstance(rel, Relational):     # already settled to true or false
        return rel
    return rel.func(rel.lhs.xreplace(table), rel.rhs.xreplace(table))


def _branches(m):
    """(value, equations, relations) of the three cases: ``a`` wins, a tie, ``b`` wins."""
    a, b = m.args
    sign = 1 if isinstance(m, Max) else -1      # a maximum takes the larger, a minimum the smaller
    tie = min((a, b), key=lambda e: (count_ops(e), str(e)))   # equal there: the simpler one
    return ((a, (), (sign * (a - b) > 0,)), (tie, (a - b,), ()), (b, (), (sign * (b - a) > 0,)))


def _settle(case: _Case, budget) -> bool:
    if next(budget) >= _MAX_CASES:
        return False
    inner = _splittable(case.exprs())
    if inner:
        m = inner[0]
        return all(_settle(case.replaced({m: value}, eqs, rels), budget) for value, eqs, rels in _branches(m))
    return _decide(_simplified(case))


def _solvable(h):
    """(atom, value) when ``h = 0`` is linear in an atom with a numeric coefficient, or is
    ``c x^e = 0`` with ``e > 0`` (then ``x = 0``: ``x^e = exp(e log x)`` vanishes only at 0)."""
    coeff, rest = expand(h).as_coeff_Mul()
    if coeff != 0 and rest.is_Pow and rest.exp.is_positive and isinstance(rest.base, (Symbol, Indexed)) \
            and not isinstance(rest.base, Dummy):
        return rest.base, S.Zero
    atoms = sorted((a for a in h.free_symbols | h.atoms(Indexed)
                    if not isinstance(a, (Idx, Dummy)) and (isinstance(a, (Symbol, Indexed)))),
                   key=lambda a: (isinstance(a, Symbol), str(a)))
    for x in atoms:
        e = expand(h)
        c = e.coeff(x, 1)
        rest = expand(e - c * x)
        if c.is_Number and c != 0 and not rest.has(x):
            return x, -rest / c
    return None


def _simplified(case: _Case):
    """Shift symbols bounded by a number, then substitute equations solved for an atom."""
    eqs, rels, target = list(case.eqs), list(case.rels), case.target
    shifts = {}
    for r in rels:
        if isinstance(r, Relational) and r.rel_op in (">", ">=", "<", "<="):
            diff = expand(r.lhs - r.rhs if r.rel_op in (">", ">=") else r.rhs - r.lhs)
            const, rest = diff.as_coeff_Add()        # x - c > 0 (or >= 0): x exceeds the number c
            # integers are left alone: x = c + u with u real would also leave the integers
            if isinstance(rest, Symbol) and not isinstance(rest, Dummy) and rest.is_real \
                    and rest.is_integer is not True and rest not in shifts:
                kind = {"positive": True} if r.rel_op in (">", "<") else {"nonnegative": True}
                shifts[rest] = -const + Dummy(rest.name, **kind)
    if shifts:
        target = target.xreplace(shifts)
        eqs = [e.xreplace(shifts) for e in eqs]
        rels = [_rebuild(r, shifts) for r in rels]
    # First substitute atoms that occur only polynomially (nothing is hidden from the linear
    # arithmetic that way); then an atom inside a power or function only where that makes
    # the claim shorter (p^(α-1) = A turns A^(1/(α-1)) into p, while p = 1 - p_2 would
    # only bury p inside a power whose sign is then unknown).
    for cautious in (False, True):
        while True:
            options = []
            for pos, h in enumerate(eqs):
                solved = _solvable(h)
                if solved is None:
                    continue
                others = [target, *[e for q, e in enumerate(eqs) if q != pos],
                          *[r.lhs - r.rhs for r in rels if isinstance(r, Relational)]]
                hidden = solved[0] in set().union(*[_inside_functions(e) for e in others])
                if hidden == cautious and (solved[1] == 0 or not hidden or count_ops(
                        expand(target.xreplace(dict((solved,))))) < count_ops(expand(target))):
                    options.append((pos, dict((solved,))))
            if not options:
                break
            pos, table = options[0]
            target = target.xreplace(table)
            eqs = [expand(e.xreplace(table)) for q, e in enumerate(eqs) if q != pos]
            rels = [_rebuild(r, table) for r in rels]
    return _Case(case.kind, target, eqs, rels, case.indices)


def _inside_functions(e) -> set:
    """Atoms that occur inside a non-polynomial subterm of ``e`` (a power, a function, a sum)."""
    if e.is_Atom or isinstance(e, Indexed):
        return set()
    if isinstance(e, (Add, Mul)) or (e.is_Pow and e.exp.is_Integer and e.exp > 0):
        return set().union(*[_inside_functions(a) for a in e.args])
    return set(e.free_symbols) | set(e.atoms(Indexed))


def _decide(case: _Case) -> bool:
    if any(isinstance(r, BooleanFalse) for r in case.rels):
        return True                     # the case cannot occur
    rels = [r for r in case.rels if not isinstance(r, BooleanTrue)]
    hyps = hypotheses_from(rels, case.eqs, indices=case.indices)
    # the claim itself first (usually one linear program), the vacuous case after
    if case.kind == "eq":
        r = cancel(together(expand(case.target)))
        if r == 0 or _zero_modulo(r, case.eqs):
            return True
        if entails(r, hyps, False) and entails(-r, hyps, False):
            return True
    elif entails(case.target, hyps, case.kind == ">"):
        return True
    return infeasible(hyps)


def _zero_modulo(r, eqs) -> bool:
    """The numerator of ``r`` lies in the ideal of the equations (a Groebner basis), with
    non-polynomial subterms as opaque symbols (that only forgets relations)."""
    if not eqs:
        return False
    lin = Linearizer()
    num = expand(lin.walk(expand(together(r).as_numer_denom()[0])))
    gs = [expand(lin.walk(expand(together(e).as_numer_denom()[0]))) for e in eqs]
    gens = sorted(set().union(num.free_symbols, *[g.free_symbols for g in gs]), key=str)
    if not gens or any(v.is_Float for e in (num, *gs) for v in e.atoms(Float)):
        return False
    basis = groebner(gs, *gens, order="grevlex")
    return expand(basis.reduce(num)[1]) == 0


def _hypotheses(ctx):
    """The equations and inequalities assumed, sums in normal form, maxima canonical."""
    rels = []
    for r in ctx.given_rels:
        if isinstance(r, Relational) and r.rel_op != "!=":
            try:
                d = normal_form(r.lhs - r.rhs, ctx.facts)
            except GuardNotDischarged:
                d = r.lhs - r.rhs
            rels.append(r.func(_canonical(d), 0))
    return tuple(_canonical(e) for e in ctx.given_eqs), tuple(rels)


def equal_by_cases(d, ctx):
    """Strategy: the residual ``d`` vanishes in every case of its maxima and minima."""
    eqs, rels = _hypotheses(ctx)
    d = _canonical(d)
    if not _splittable((d, *eqs, *[r.lhs - r.rhs for r in rels])):
        return d
    if expand(d) == 0:
        return S.Zero
    return S.Zero if _settle(_Case("eq", d, eqs, rels, _indices(d)), count()) else d


def sign_by_cases(d, ctx, strict):
    """Sign strategy: ``d > 0`` (``>= 0``) in every case, by linear arithmetic."""
    eqs, rels = _hypotheses(ctx)
    ok = _settle(_Case(">" if strict else ">=", _canonical(d), eqs, rels, _indices(d)), count())
    return True if ok else None


def _indices(d):
    return sorted((a for a in d.free_symbols if isinstance(a, Idx)), key=str)


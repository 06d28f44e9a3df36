"""Numeric refutation: look for a point where a claim is false.

Numbers never prove anything here.  They can only refute, and only with a
counterexample confirmed twice, at 50 and at 100 significant digits, where
the two sides differ by far more than the working precision.  Sample values
are small exact rationals, so the reported counterexample is exact.

A symbolic dimension ``n`` is instantiated at small values; free ``Idx``
indices run over their range; an equality hypothesis is satisfied by solving
it for one entry it is linear in.
"""
from __future__ import annotations

import random
from itertools import product

import mpmath
from sympy import (Idx, Indexed, IndexedBase, Integer, Poly, Rational, S, Sum, Symbol,
                   simplify)
from sympy.core.relational import Relational

from .evaluate import Unevaluable, evaluate

__all__ = ["find_counterexample"]

_DIMS = (1, 2, 3, 4)
_POINTS_PER_CASE = 3
_MAX_CASES = 24


def _value(sym, rng: random.Random):
    """A small exact rational respecting the symbol's assumptions."""
    if sym.is_integer:
        lo = 1 if sym.is_positive else (0 if sym.is_nonnegative else -4)
        hi = -1 if sym.is_negative else 5
        return Integer(rng.randint(lo, hi))
    num, den = rng.randint(1, 30), rng.randint(1, 6)
    if sym.is_positive:
        return Rational(num, den)
    if sym.is_nonnegative:
        return Rational(rng.choice((0, num)), den)
    if sym.is_negative:
        return -Rational(num, den)
    if sym.is_nonpositive:
        return -Rational(rng.choice((0, num)), den)
    return Rational(rng.randint(-24, 24), den)


def _dimension_symbols(expr):
    """Integer symbols that bound a sum or an index range."""
    dims = set()
    for s in expr.atoms(Sum):
        for (_, lo, hi) in s.limits:
            dims |= {a for a in (lo.free_symbols | hi.free_symbols) if not isinstance(a, Idx)}
    for idx in expr.atoms(Idx):
        for b in (idx.lower, idx.upper):
            if b is not None:
                dims |= {a for a in b.free_symbols if not isinstance(a, Idx)}
    return sorted(dims, key=str)


def _free_indices(expr):
    return sorted((a for a in expr.free_symbols if isinstance(a, Idx)), key=str)


def _bound(e, env):
    return int(e.xreplace({k: Integer(v) for k, v in env.items() if isinstance(v, int)}))


class _Case:
    """One instantiation: dimensions and free indices fixed."""

    def __init__(self, dims: dict, indices: dict):
        self.ints = {**dims, **indices}

    def valid(self, indices) -> bool:
        for idx in indices:
            v = self.ints[idx]
            if v < _bound(idx.lower, self.ints) or v > _bound(idx.upper, self.ints):
                return False
        return True


def _cases(expr, given_rels, rng):
    dims = _dimension_symbols(expr)
    indices = _free_indices(expr)
    out = []
    for dvals in product(_DIMS, repeat=len(dims)):
        denv = {d: v for d, v in zip(dims, dvals) if (v >= 1 or not d.is_positive)}
        if len(denv) != len(dims):
            continue
        ranges = []
        for idx in indices:
            try:
                ranges.append(range(_bound(idx.lower, denv), _bound(idx.upper, denv) + 1))
            except TypeError:
                ranges.append(range(1, 5))
        for ivals in product(*ranges):
            case = _Case(denv, dict(zip(indices, ivals)))
            if _rels_hold(given_rels, case.ints, only_integer=True):
                out.append(case)
    rng.shuffle(out)
    out.sort(key=lambda c: sum(c.ints.values()))    # small cases first, order fixed by seed
    return out[:_MAX_CASES]


def _rels_hold(rels, env, only_integer=False):
    for rel in rels:
        if only_integer and not all(s in env for s in rel.free_symbols):
            continue
        try:
            if not evaluate(rel, env, dps=30):
                return False
        except (Unevaluable, TypeError, ValueError, ZeroDivisionError):
            return False
    return True


def _entries(expr, case):
    """Every family entry the expression can touch at this instantiation."""
    size = max([v for v in case.ints.values()] + [1])
    entries = set()
    for ind in expr.atoms(Indexed):
        ranks = len(ind.indices)
        concrete = all(a.is_Integer for a in ind.indices)
        if concrete:
            entries.add(ind)
        else:
            top = max(size, *(int(a) for a in ind.indices if a.is_Integer)) if any(
                a.is_Integer for a in ind.indices) else size
            for t in product(range(1, top + 1), repeat=ranks):
                entries.add(Indexed(ind.base, *t))
    return sorted(entries, key=str)


def _sample_point(expr, case, given_eqs, rng):
    point = dict(case.ints)
    plain = sorted((s for s in expr.free_symbols
                    if not isinstance(s, (Idx, Indexed, IndexedBase)) and s not in point
                    and not any(s == ind.base.label for ind in expr.atoms(Indexed))), key=str)
    for s in plain:
        point[s] = _value(s, rng)
    for e in _entries(expr, case):
        point[e] = _value(e, rng)
    for g in given_eqs:
        if not _satisfy(g, point, case):
            return None
    return point


def _satisfy(g, point, case):
    """Make the equality hypothesis g = 0 hold by solving for one entry it is linear in."""
    inst = _instantiate(g, case)
    candidates = sorted((a for a in inst.free_symbols | inst.atoms(Indexed) if a in point
                         and not isinstance(point[a], int)), key=str, reverse=True)
    for v in candidates:
        others = {a: val for a, val in point.items() if a != v and not isinstance(val, int)}
        lin = inst.xreplace(others)
        try:
            poly = Poly(lin, v)
        except Exception:
            continue
        if poly.degree() != 1:
            continue
        a, b = poly.all_coeffs()
        if a == 0:
            continue
        value = -b / a
        if (v.is_positive and not value.is_positive) or (v.is_nonnegative and value.is_negative):
            continue
        point[v] = value
        return True
    return inst.xreplace({a: val for a, val in point.items() if not isinstance(val, int)}) == 0


def _instantiate(expr, case):
    e = expr.xreplace({k: Integer(v) for k, v in case.ints.items()})
    return e.replace(lambda s: isinstance(s, Sum), lambda s: s.doit())


def _env(point):
    env = {}
    for k, v in point.items():
        env[k] = v
    return env


def _gap(claim, env, dps):
    """(violated?, magnitude) of the claim at env at the given precision."""
    lhs = evaluate(claim.lhs, env, dps=dps)
    rhs = evaluate(claim.rhs, env, dps=dps)
    if not all(mpmath.isfinite(v) for v in (lhs, rhs)):
        raise Unevaluable("not finite")
    scale = 1 + abs(lhs) + abs(rhs)
    tol = mpmath.mpf(10) ** (-(dps * 3) // 5) * scale
    d = lhs - rhs
    op = claim.rel_op
    if op == "==":
        return abs(d) > tol, d
    if isinstance(d, mpmath.mpc):
        if abs(d.imag) > tol:
            return True, d
        d = d.real
    violated = {"<": d > tol, "<=": d > tol, ">": d < -tol, ">=": d < -tol,
                "!=": False}[op]
    return violated, d


def _exact_zero(claim, point):
    """For != (and ties in strict inequalities): is lhs - rhs exactly 0 at the point?"""
    ints = {k: Integer(v) for k, v in point.items() if isinstance(v, int)}
    vals = {k: v for k, v in point.items() if not isinstance(v, int)}
    d = (claim.lhs - claim.rhs).xreplace(ints)
    d = d.replace(lambda s: isinstance(s, Sum), lambda s: s.doit()).xreplace(vals)
    return simplify(d) == 0


def find_counterexample(claim: Relational, *, given_eqs=(), given_rels=(), seed=0):
    """A point where ``claim`` is false, confirmed at 50 and 100 digits, or None.

    Args:
        claim: a relational whose derivatives have been carried out.
        given_eqs: residuals assumed zero (hypotheses ``g = 0``).
        given_rels: relations assumed true; points violating them are skipped.
        seed: makes the search reproducible.

    Returns:
        dict mapping symbols, index variables and family entries to exact values.
    """
    rng = random.Random(seed)
    whole = claim.lhs - claim.rhs
    for g in given_eqs:
        whole = whole + g
    for case in _cases(whole, given_rels, rng):
        for _ in range(_POINTS_PER_CASE):
            point = _sample_point(whole, case, given_eqs, rng)
            if point is None or not _rels_hold(given_rels, point):
                continue
            if _refutes(claim, point):
                return {k: (v if not isinstance(v, int) else Integer(v)) for k, v in point.items()}
    return None


def _refutes(claim, point):
    try:
        bad50, d50 = _gap(claim, point, 50)
        if claim.rel_op in ("!=", "<", ">") and not bad50:
            return abs(d50) < mpmath.mpf(10) ** -30 and _exact_zero(claim, point)
        if not bad50:
            return False
        bad100, d100 = _gap(claim, point, 100)
    except (Unevaluable, ZeroDivisionError, ValueError, TypeError, OverflowError):
        return False
    return bool(bad100) and abs(d50 - d100) <= abs(d100) * mpmath.mpf(10) ** -20

"""Numeric refutation: look for a point where a claim is false.

Numbers never prove anything here.  They can only refute, and only with a
counterexample confirmed by :mod:`derive.kernel.confirm`: exactly when the
values are rational there, otherwise at two precisions scaled to the
magnitude of the numbers, the residuals agreeing.  Sample values are small
exact rationals, so the reported counterexample is exact.

A symbolic dimension ``n`` is instantiated at small values (also 0 and -1
when it is not known positive; sums follow SymPy's Karr convention, see
:mod:`derive.kernel.evaluate`); free ``Idx`` indices run over their range; an
equality hypothesis is satisfied by solving it for one entry it is linear
in, at every value of its own quantified indices.  A point is used only when
every equality hypothesis holds there *exactly* (rational arithmetic, or
SymPy's exact arithmetic reducing the residual to 0) and every given
inequality holds surely (exactly, or by a margin confirmed at both
precisions).  Floating-point constants are read as their exact binary
values, so "exactly" means exactly; a claim with such constants is refuted
only by a gap far larger than their rounding (see
:func:`derive.kernel.confirm.violates`).  The point therefore satisfies every
hypothesis, and the claim is false there.
"""
from __future__ import annotations

import random
from itertools import product

from sympy import Float, Idx, Indexed, IndexedBase, Integer, Rational, Sum, Tuple
from sympy.core.relational import Relational

from .binders import subs_free
from .confirm import exact_residual, holds, sympy_residual, violates
from .exact import entry
from .indices import free_indices
from .quantified import quantified_hypotheses
from .sample_values import instantiate, random_value, satisfy, tie_value

__all__ = ["find_counterexample"]

_DIMS = (1, 2, 3, 4, 0, -1)   # 0 and -1 only for dimensions not known positive
_POINTS_PER_CASE = 3
_POINTS = 48           # total over all cases, when there are few of them
_MAX_CASES = 24


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


def _bound(e, env):
    """An index bound as an int under the integer assignment ``env`` (TypeError if not concrete)."""
    if e is None:
        raise TypeError("unbounded index")
    return int(e.xreplace({k: Integer(v) for k, v in env.items() if isinstance(v, int)}))


def _index_range(idx, env):
    try:
        return range(_bound(idx.lower, env), _bound(idx.upper, env) + 1)
    except TypeError:       # no range, or bounds not fixed by the dimensions: a few small values
        return range(1, 5)


class _Case:
    """One instantiation: dimensions and free indices fixed."""

    def __init__(self, dims: dict, indices: dict):
        self.ints = {**dims, **indices}


def _allowed(dim, value) -> bool:
    if dim.is_positive:
        return value >= 1
    if dim.is_nonnegative:
        return value >= 0
    return True


def _cases(expr, indices, given_rels, rng):
    dims = _dimension_symbols(expr)
    out = []
    for dvals in product(_DIMS, repeat=len(dims)):
        if not all(_allowed(d, v) for d, v in zip(dims, dvals)):
            continue
        denv = dict(zip(dims, dvals))
        ranges = [_index_range(idx, denv) for idx in indices]
        for ivals in product(*ranges):
            case = _Case(denv, dict(zip(indices, ivals)))
            if _rels_hold(given_rels, case.ints, only_integer=True):
                out.append(case)
    rng.shuffle(out)
    out.sort(key=lambda c: sum(abs(v) for v in c.ints.values()))   # small cases first, order fixed by seed
    return out[:_MAX_CASES]


def _instances(g, qvars, case):
    """``g`` at every value of its quantified indices, or None when a range is not concrete."""
    ranges = []
    for q in qvars:
        try:
            ranges.append(range(_bound(q.lower, case.ints), _bound(q.upper, case.ints) + 1))
        except TypeError:
            return None
    return [subs_free(g, {q: Integer(v) for q, v in zip(qvars, vals)}) for vals in product(*ranges)]


def _rels_hold(rels, env, only_integer=False):
    for rel in rels:
        if only_integer and not all(s in env for s in rel.free_symbols):
            continue
        if not holds(rel, env):
            return False
    return True


def _is_zero(g, point) -> bool:
    """The hypothesis residual ``g`` is exactly 0 at the point."""
    exact = exact_residual(g, Integer(0), point)
    if exact is not None:
        return exact == 0
    value = sympy_residual(g, point)
    return value is not None and value == 0


def _exact(e):
    """``e`` with its floating-point constants replaced by their exact binary values."""
    floats = e.atoms(Float)
    return e.xreplace({f: Rational(f) for f in floats}) if floats else e


def _entries(expr, case):
    """Every family entry the expression can touch at this instantiation.

    Symbolic indices take values between the smallest and the largest
    integer in sight (dimensions, free indices, concrete sum limits, 1), which
    covers the values a (possibly reversed) sum runs over.
    """
    ints = {k: Integer(v) for k, v in case.ints.items()}
    seen = [1] + list(case.ints.values())
    for s in expr.atoms(Sum):
        for (_, lo, hi) in s.limits:
            seen += [int(b) for b in (lo.xreplace(ints), hi.xreplace(ints)) if b.is_Integer]
    low, top = min(seen), max(seen)
    entries = set()
    for ind in expr.atoms(Indexed):
        if all(a.is_Integer for a in ind.indices):
            entries.add(ind)
            continue
        values = [range(int(a), int(a) + 1) if a.is_Integer else range(low, top + 1)
                  for a in ind.indices]
        for t in product(*values):
            entries.add(entry(ind.base, t))
    return sorted(entries, key=str)


def _unknowns(expr, case, plain_eqs, quantified_eqs):
    """What a point of the case assigns (plain symbols, then entries) and the hypotheses it
    must satisfy (None when a quantified range is not concrete): the same at every point."""
    labels = {ind.base.label for ind in expr.atoms(Indexed)}
    plain = sorted((s for s in expr.free_symbols
                    if not isinstance(s, (Idx, Indexed, IndexedBase)) and s not in case.ints
                    and s not in labels), key=str)
    hypotheses = list(plain_eqs)
    for g, qvars in quantified_eqs:
        inst = _instances(g, qvars, case)
        if inst is None:
            return plain + _entries(expr, case), None
        hypotheses.extend(inst)
    return plain + _entries(expr, case), hypotheses


def _sample_point(unknowns, case, hypotheses, rng, complex_ok=False, tie=None):
    """Values for every symbol and entry; ``tie`` = 0 or 1 gives all of them one small value."""
    point = dict(case.ints)
    pick = (lambda sym: tie_value(sym, tie)) if tie is not None else (
        lambda sym: random_value(sym, rng, complex_ok))
    for s in unknowns:
        point[s] = pick(s)      # before giving up below: the random sequence stays as it was
    if hypotheses is None:
        return None
    for g in hypotheses:
        satisfy(g, point, case)
    # solving one hypothesis may break another: every one must hold exactly
    if not all(_is_zero(g, point) for g in hypotheses):
        return None
    return point


def find_counterexample(claim: Relational, *, given_eqs=(), given_rels=(), seed=0):
    """A point where ``claim`` is false, confirmed exactly or at two scaled precisions, or None.

    Args:
        claim: a relational whose derivatives have been carried out.
        given_eqs: residuals assumed zero (hypotheses ``g = 0``); an index free
            in a hypothesis but not in the claim is quantified over its range,
            so the hypothesis is made to hold at every value of it.
        given_rels: relations assumed true; points violating them are skipped.
        seed: makes the search reproducible.

    Returns:
        dict mapping symbols, index variables and family entries to exact values.
    """
    rng = random.Random(seed)
    inexact = bool(claim.atoms(Float)) or any(g.atoms(Float) for g in (*given_eqs, *given_rels))
    claim = _exact(claim)
    given_eqs = tuple(_exact(g) for g in given_eqs)
    given_rels = tuple(_exact(r) for r in given_rels)
    body = Tuple(claim.lhs, claim.rhs)     # its free indices, even those that cancel in lhs - rhs
    plain_eqs, quantified_eqs = quantified_hypotheses(body, given_eqs)
    rel_parts = [r.lhs - r.rhs for r in given_rels]
    plain_rels = [r for r in given_rels if set(free_indices(r)) <= set(free_indices(body))]
    quantified_rels = [(r, tuple(a for a in free_indices(r) if a not in set(free_indices(body))))
                       for r in given_rels if r not in plain_rels]
    # Tuples, not sums: a term that cancels between the two sides still needs a value.
    scope = Tuple(claim.lhs, claim.rhs, *plain_eqs)
    whole = Tuple(scope, *[g for g, _ in quantified_eqs], *rel_parts)
    cases = _cases(whole, free_indices(scope), plain_rels, rng)
    points = max(_POINTS_PER_CASE, _POINTS // max(len(cases), 1))
    for case in cases:
        rels = list(plain_rels)
        for r, qvars in quantified_rels:
            rels.extend(_instances(r, qvars, case) or [])
        if any(_instances(r, q, case) is None for r, q in quantified_rels):
            continue
        unknowns, hypotheses = _unknowns(whole, case, plain_eqs, quantified_eqs)
        for attempt in range(points + 2):
            # two tie points (all 0, all 1), then random real points, the last ones complex
            tie = attempt if attempt < 2 else None
            complex_ok = attempt >= points + 2 - max(1, points // 4)
            point = _sample_point(unknowns, case, hypotheses, rng, complex_ok, tie)
            if point is None or not _rels_hold(rels, point):
                continue
            if violates(claim, point, inexact=inexact):
                return {k: (v if not isinstance(v, int) else Integer(v)) for k, v in point.items()}
    return None

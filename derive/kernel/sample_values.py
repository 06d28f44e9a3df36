"""Values for a numeric search: sample numbers, and points that satisfy hypotheses.

Split from :mod:`derive.kernel.sampling`, which decides where to look; this module
decides what numbers to put there.  Every value is an exact SymPy number
that respects the assumptions of the symbol it is assigned to.
"""
from __future__ import annotations

import random
from functools import lru_cache

from sympy import Derivative, Dummy, I, Indexed, Integer, Poly, Rational, S, solve

from .binders import subs_free
from .indices import write_out_sums

__all__ = ["fits", "random_value", "tie_value", "admissible", "satisfy", "instantiate"]

_SPECIAL = (Integer(0), Integer(1), Integer(-1), Integer(2), Integer(-2), Rational(1, 2),
            Rational(-1, 2), Integer(3))   # where identities that hold "almost always" break
_SPECIAL_SHARE = 0.3


def fits(sym, v) -> bool:
    """v is allowed by the sign assumptions of sym."""
    return not ((sym.is_positive and not v > 0) or (sym.is_nonnegative and not v >= 0)
                or (sym.is_negative and not v < 0) or (sym.is_nonpositive and not v <= 0)
                or (sym.is_nonzero and v == 0))


def random_value(sym, rng: random.Random, complex_ok: bool = False):
    """A small exact number respecting the symbol's assumptions.

    Mostly a random rational; sometimes a special value (0, ±1, ±2, ±1/2, 3);
    with ``complex_ok``, a symbol not known to be real may get an imaginary part.
    """
    if sym.is_integer:
        lo = 1 if sym.is_positive else (0 if sym.is_nonnegative else -4)
        hi = -1 if sym.is_negative else 5
        return Integer(rng.randint(lo, hi))
    special = [v for v in _SPECIAL if fits(sym, v)]
    if special and rng.random() < _SPECIAL_SHARE:
        value = rng.choice(special)
    else:
        value = _random_rational(sym, rng)
    if complex_ok and sym.is_real is None and sym.is_extended_real is None:
        # imaginary parts beyond pi reach the branch cuts of log and of powers
        value = value + I * Rational(rng.choice((-7, -5, -3, -1, 1, 3, 5, 7)), rng.randint(1, 2))
    return value


def _random_rational(sym, rng):
    num, den = rng.randint(1, 30), rng.randint(1, 6)
    if sym.is_positive:
        return Rational(num, den)
    if sym.is_nonnegative:
        return Rational(rng.choice((0, num)), den)
    if sym.is_negative:
        return -Rational(num, den)
    if sym.is_nonpositive:
        return -Rational(rng.choice((0, num)), den)
    v = Rational(rng.randint(-24, 24), den)
    return v if fits(sym, v) else Rational(num, den)


def tie_value(sym, level):
    """The same small value for every symbol (0 or 1, as the assumptions allow): ties and zeros."""
    for v in ((Integer(0), Integer(1), Integer(2)) if level == 0 else (Integer(1), Integer(2))):
        if fits(sym, v) and (v == 0 or not sym.is_integer or v.is_integer):
            return v
    return Integer(-1) if fits(sym, Integer(-1)) else Integer(1)


def admissible(sym, value) -> bool:
    """``value`` is an exact number allowed by every assumption of ``sym`` we sample by."""
    if not value.is_number or value.has(S.NaN, S.ComplexInfinity, S.Infinity, S.NegativeInfinity):
        return False
    checks = (("integer", value.is_integer), ("real", value.is_extended_real),
              ("positive", value.is_positive), ("nonnegative", value.is_nonnegative),
              ("negative", value.is_negative), ("nonpositive", value.is_nonpositive),
              ("nonzero", value.is_nonzero))
    return all(known is True for name, known in checks if getattr(sym, "is_" + name))


def satisfy(g, point, case):
    """Try to make the equality hypothesis g = 0 hold by solving it for one symbol or entry.

    Linear equations are solved directly; otherwise ``solve`` is tried (the
    caller's deadline bounds it).  A solution is used only if it respects the
    assumptions of what it is assigned to; the caller re-checks every
    hypothesis exactly afterwards.
    """
    inst, unknowns = _instantiated(g, tuple(case.ints.items()))
    if inst.has(Derivative):
        # A value put in for a variable of differentiation leaves no derivative to take
        # (d/d0); the hypothesis is left unsatisfied, so the point is not used.
        return
    candidates = [a for a in unknowns if a in point and not isinstance(point[a], int)]
    for solver in (_solve_linear, _solve_general):
        for v in candidates:
            others = {a: val for a, val in point.items() if a != v and not isinstance(val, int)}
            for value in solver(inst.xreplace(others), v):
                if admissible(v, value):
                    point[v] = value
                    return


@lru_cache(maxsize=4096)
def _instantiated(g, ints):
    """``g`` instantiated at the case, and what it could be solved for (the same at every
    point of a case, so written out once per case, not once per point)."""
    inst = instantiate(g, _Ints(dict(ints)))
    return inst, tuple(sorted(inst.free_symbols | inst.atoms(Indexed), key=str, reverse=True))


class _Ints:
    def __init__(self, ints):
        self.ints = ints


def _solve_linear(e, v):
    try:
        poly = Poly(e, v)
    except Exception:   # not a polynomial in v (e.g. v inside exp): no linear solution
        return []
    if poly.degree() != 1:
        return []
    a, b = poly.all_coeffs()
    return [] if a == 0 else [-b / a]


def _solve_general(e, v):
    if isinstance(v, Indexed):      # solve wants symbols
        u = Dummy("u")
        return _solve_general(e.xreplace({v: u}), u)
    try:
        return [r for r in solve(e, v) if r.is_number]
    except (NotImplementedError, ValueError, TypeError):
        return []


def instantiate(expr, case):
    """``expr`` with the dimensions and free indices of ``case`` put in, sums written out.

    Written out term by term, not by SymPy's ``doit``: its delta summation
    picks the term at a point that lies in the range but is no integer.
    """
    e = subs_free(expr, {k: Integer(v) for k, v in case.ints.items()})
    return write_out_sums(e, max_terms=10_000)

"""Exact rational values of expressions at exact points.

``exact_value(expr, env)`` walks the expression like
:func:`derive.kernel.evaluate.evaluate`, but in :class:`fractions.Fraction`
arithmetic: sums over concrete ranges are loops (Karr's convention), deltas
and conditions are decided by exact comparison.  Anything whose value is not
rational there (``exp(1)``, ``sqrt(2)``, an imaginary value) raises
:class:`NotExact`; nothing is ever rounded.  Floats count as their exact
binary values (``Float(0.1)`` is ``3602879701896397/2**55``), the same
reading the numeric evaluator gives them.

Used where a decision must not depend on a working precision: whether a
hypothesis holds at a sample point, whether an exact residual is nonzero,
and which way a Kronecker delta or a ``Piecewise`` condition goes at a tie.
"""
from __future__ import annotations

import math
from fractions import Fraction
from functools import lru_cache

from sympy import (Abs, Add, And, Float, Idx, Indexed, IndexedBase, KroneckerDelta, Max, Min, Mul,
                   Not, Or, Piecewise, Pow, Product, Rational, Sum, Symbol, cos, cosh, exp, log,
                   sign, sin, sinh, tan, tanh, atan)
from sympy.core.relational import Relational
from sympy.logic.boolalg import BooleanFalse, BooleanTrue

__all__ = ["exact_value", "NotExact", "entry"]

_MAX_TERMS = 100_000     # a sum longer than this is not worth an exact loop


class NotExact(ValueError):
    """The value is not a rational number that can be computed exactly here."""


@lru_cache(maxsize=65_536)
def entry(base, idx: tuple):
    """``Indexed(base, *idx)``, one object per entry: building an ``Indexed`` computes its
    assumptions afresh, which dominated the numeric search; the same object keeps them."""
    return Indexed(base, *idx)


def exact_value(expr, env):
    """``expr`` at ``env`` as a Fraction (or a bool for relations).

    Args:
        expr: a SymPy expression or relation.
        env: as for :func:`derive.kernel.evaluate.evaluate` (Symbol/Idx/Indexed -> value,
            IndexedBase -> nested 1-based sequence); values are ints, SymPy
            rationals or Floats, or Python floats.

    Raises:
        NotExact: some part has no exact rational value here, or is undefined (1/0).
    """
    return _Exact(env).ev(expr)


def _fraction(v):
    if isinstance(v, bool):
        raise NotExact("a truth value is not a number")
    if isinstance(v, int):
        return Fraction(v)
    if isinstance(v, Fraction):
        return v
    if isinstance(v, float):
        if v != v or v in (float("inf"), float("-inf")):
            raise NotExact("not finite")
        return Fraction(v)
    if isinstance(v, Rational):
        return Fraction(int(v.p), int(v.q))
    if isinstance(v, Float):
        if not v.is_finite:
            raise NotExact("not finite")
        return Fraction(*Rational(v).as_numer_denom()) if v != 0 else Fraction(0)
    if hasattr(v, "item"):              # a numpy scalar
        return _fraction(v.item())
    raise NotExact(f"no exact value for {v!r}")


_AT_ZERO = {exp: 1, cos: 1, cosh: 1, sin: 0, sinh: 0, tan: 0, tanh: 0, atan: 0}


class _Exact:
    def __init__(self, env):
        self.env = dict(env)

    def ev(self, e):
        if isinstance(e, (int, float, Fraction)):
            return _fraction(e)
        if isinstance(e, (BooleanTrue, BooleanFalse)):
            return bool(e)
        if isinstance(e, (Rational, Float)):
            return _fraction(e)
        if isinstance(e, (Symbol, Idx)):
            return self._lookup(e)
        if isinstance(e, Indexed):
            return self._indexed(e)
        if isinstance(e, Add):
            return sum((self.ev(a) for a in e.args), Fraction(0))
        if isinstance(e, Mul):
            out = Fraction(1)
            for a in e.args:
                out *= self.ev(a)
            return out
        if isinstance(e, Pow):
            return self._pow(e)
        if isinstance(e, KroneckerDelta):
            a, b = (self.ev(x) for x in e.args)
            return Fraction(int(a == b))
        if isinstance(e, (Sum, Product)):
            return self._loop(e.function, list(e.limits), isinstance(e, Sum))
        if isinstance(e, Piecewise):
            for value, cond in e.args:
                if self.ev(cond):
                    return self.ev(value)
            raise NotExact("no branch applies")
        if isinstance(e, Relational):
            return self._rel(e)
        if isinstance(e, And):
            return all(self.ev(a) for a in e.args)
        if isinstance(e, Or):
            return any(self.ev(a) for a in e.args)
        if isinstance(e, Not):
            return not self.ev(e.args[0])
        return self._function(e)

    def _function(self, e):
        if isinstance(e, Abs):
            return abs(self.ev(e.args[0]))
        if isinstance(e, Max):
            return max(self.ev(a) for a in e.args)
        if isinstance(e, Min):
            return min(self.ev(a) for a in e.args)
        if isinstance(e, sign):
            v = self.ev(e.args[0])
            return Fraction((v > 0) - (v < 0))
        if isinstance(e, log) and len(e.args) == 1:
            if self.ev(e.args[0]) == 1:
                return Fraction(0)
            raise NotExact("log is irrational here")
        for func, at_zero in _AT_ZERO.items():
            if isinstance(e, func):
                if self.ev(e.args[0]) == 0:
                    return Fraction(at_zero)
                raise NotExact(f"{func.__name__} is irrational here")
        raise NotExact(f"no exact value for {type(e).__name__}")

    def _lookup(self, e):
        for key in (e, getattr(e, "label", None)):
            if key is not None and key in self.env:
                return _fraction(self.env[key])
        raise NotExact(f"no value for {e}")

    def _index(self, e):
        v = self.ev(e)
        if v.denominator != 1:
            raise NotExact(f"index {e} is not an integer: {v}")
        return int(v)

    def _indexed(self, e):
        idx = tuple(self._index(a) for a in e.indices)
        concrete = entry(e.base, idx)
        if concrete in self.env:
            return _fraction(self.env[concrete])
        seq = self.env.get(e.base, self.env.get(e.base.label) if isinstance(e.base, IndexedBase) else None)
        if seq is None:
            raise NotExact(f"no values for {e.base}")
        try:
            for t in idx:
                if t < 1:
                    raise IndexError
                seq = seq[t - 1]
        except (IndexError, TypeError):
            raise NotExact(f"{e.base}{list(idx)} is outside the given values") from None
        return _fraction(seq)

    def _pow(self, e):
        base, ex = self.ev(e.base), self.ev(e.exp)
        if ex.denominator == 1:
            if base == 0 and ex < 0:
                raise NotExact("division by zero")
            return base ** int(ex)
        if base < 0:
            raise NotExact("a fractional power of a negative number")
        root = _exact_root(base, ex.denominator)
        if root is None:
            raise NotExact("the power is irrational")
        if root == 0 and ex < 0:
            raise NotExact("division by zero")
        return root ** ex.numerator

    def _loop(self, body, limits, is_sum):
        if not limits:
            return self.ev(body)
        (var, lo, hi), rest = limits[-1], limits[:-1]     # the outermost limit is last
        a, b = self._index(lo), self._index(hi)
        flip = b < a - 1            # Karr's convention, as in SymPy
        if flip:
            a, b = b + 1, a - 1
        if b - a + 1 > _MAX_TERMS:
            raise NotExact("too many terms")
        saved = self.env.get(var, _MISSING)
        total = Fraction(0) if is_sum else Fraction(1)
        try:
            for t in range(a, b + 1):
                self.env[var] = t
                value = self._loop(body, rest, is_sum)
                total = total + value if is_sum else total * value
        finally:
            if saved is _MISSING:
                self.env.pop(var, None)
            else:
                self.env[var] = saved
        if not flip:
            return total
        if is_sum:
            return -total
        if total == 0:
            raise NotExact("division by zero")
        return 1 / total

    def _rel(self, e):
        lhs, rhs = self.ev(e.lhs), self.ev(e.rhs)
        return {"==": lhs == rhs, "!=": lhs != rhs, "<": lhs < rhs, "<=": lhs <= rhs,
                ">": lhs > rhs, ">=": lhs >= rhs}[e.rel_op]


_MISSING = object()


def _exact_root(v: Fraction, q: int):
    """The nonnegative q-th root of ``v`` if it is rational, else None."""
    num, den = _int_root(v.numerator, q), _int_root(v.denominator, q)
    return None if num is None or den is None else Fraction(num, den)


def _int_root(m: int, q: int):
    """The integer q-th root of ``m`` if ``m`` is a perfect q-th power, else None (exact, no floats)."""
    if m < 0:
        return None
    if m < 2:
        return m
    r = math.isqrt(m) if q == 2 else _newton_root(m, q)
    return r if r ** q == m else None


def _newton_root(m: int, q: int) -> int:
    """floor(m ** (1/q)) by integer Newton iteration."""
    x = 1 << ((m.bit_length() + q - 1) // q)
    while True:
        y = ((q - 1) * x + m // x ** (q - 1)) // q
        if y >= x:
            return x
        x = y

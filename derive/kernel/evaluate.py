"""Evaluate SymPy expressions, sums over symbolic ranges included, in mpmath.

``evaluate(expr, env)`` walks the expression tree itself instead of
substituting: a ``Sum`` over ``i = 1..n`` is a loop once ``n`` is bound, so
checking a general-n claim at n = 1000 does not build a 1000-term expression.

Sums follow SymPy's (Karr's) convention: ``Sum(f, (i, a, b))`` is empty for
``b = a - 1`` and equals ``-Sum(f, (i, b + 1, a - 1))`` for ``b < a - 1``;
products likewise (``1 / Product(f, (i, b + 1, a - 1))``).

Discontinuous parts are never decided by rounded numbers.  A Kronecker
delta, a ``Piecewise`` condition, a comparison, ``sign`` and a summation
bound or index whose two sides agree to within half the working digits
are decided exactly (:mod:`derive.kernel.exact`), or the evaluation stops
with :class:`Unevaluable`: at ``x = 1``, ``KroneckerDelta(x + 2**400, 2**400)``
is 0 even though the two arguments round to the same 50-digit number.

:func:`evaluate_tracked` also reports the largest magnitude (in decimal
digits) of any value met on the way; a caller that needs the result to a
given number of digits works at that many digits more
(:mod:`derive.kernel.confirm`).
"""
from __future__ import annotations

import mpmath
from sympy import Add, And, Expr, Float, Idx, Indexed, Integer, Mul, Not, Or, Pow, Rational, Symbol
from sympy.core.relational import Relational
from sympy.core.numbers import NumberSymbol, ImaginaryUnit
from sympy.logic.boolalg import BooleanFalse, BooleanTrue

from .exact import NotExact, entry, exact_value

__all__ = ["evaluate", "evaluate_tracked", "Unevaluable"]


class Unevaluable(ValueError):
    """The expression contains something with no numerical meaning here."""


_FUNCS = {
    "exp": mpmath.exp, "log": mpmath.log, "sin": mpmath.sin, "cos": mpmath.cos,
    "tan": mpmath.tan, "tanh": mpmath.tanh, "sinh": mpmath.sinh, "cosh": mpmath.cosh,
    "atan": mpmath.atan, "Abs": abs, "sqrt": mpmath.sqrt, "erf": mpmath.erf,
    "gamma": mpmath.gamma, "loggamma": mpmath.loggamma, "LambertW": mpmath.lambertw,
}


def evaluate(expr, env, *, dps: int = 50):
    """Evaluate ``expr`` numerically at the point ``env``.

    Args:
        expr: a SymPy expression or relational (derivatives must be done first).
        env: maps Symbol/Idx -> number, IndexedBase -> 1-based sequence
            (entry i at position i-1; nested for 2-D families), Indexed -> number.
        dps: decimal digits of working precision.

    Returns:
        an ``mpf``/``mpc`` for expressions, a ``bool`` for relationals.

    Example:
        >>> from derive.symbols import z, i, n
        >>> from sympy import Sum, exp
        >>> float(evaluate(Sum(exp(z[i]), (i, 1, n)), {n: 2, z: [0, 0]}))
        2.0
    """
    with mpmath.workdps(dps):
        return _Walker(env).ev(expr)


def evaluate_tracked(expr, env, *, dps: int = 50):
    """``(value, digits)``: :func:`evaluate`, and the decimal magnitude of the largest value met."""
    with mpmath.workdps(dps):
        walker = _Walker(env)
        value = walker.ev(expr)
        return value, max(0, int(walker.top * 0.30103) + 1)


class _Walker:
    def __init__(self, env):
        self.env = dict(env)
        self.top = 0            # the largest binary magnitude of any value met

    def ev(self, e):
        v = self._ev(e)
        if isinstance(v, (mpmath.mpf, mpmath.mpc)) and v:
            try:
                self.top = max(self.top, int(mpmath.mag(v)))
            except (ValueError, OverflowError):     # inf or nan: the caller rejects it anyway
                pass
        return v

    def _ev(self, e):
        if isinstance(e, (int, float)):
            return mpmath.mpf(e)
        method = getattr(self, "_" + type(e).__name__, None)
        if method is not None:
            return method(e)
        for cls, handler in _DISPATCH:
            if isinstance(e, cls):
                return handler(self, e)
        name = type(e).__name__
        if name in _FUNCS:
            return _FUNCS[name](*[self.ev(a) for a in e.args])
        raise Unevaluable(f"cannot evaluate {type(e).__name__}: {e}")

    def _exact(self, e):
        """The exact value of ``e`` at the current point (loop variables included), or None."""
        try:
            return exact_value(e, self.env)
        except (NotExact, ZeroDivisionError, TypeError, ValueError):
            return None

    def _tie(self, a, b) -> bool:
        """a and b agree to within half the working digits: rounding could decide their order."""
        scale = 1 + abs(a) + abs(b)
        return abs(a - b) <= scale * mpmath.mpf(10) ** (-(mpmath.mp.dps // 2))

    def _compare(self, lhs, rhs):
        """(lhs - rhs) sign as -1/0/1: numerically when clear, exactly at a tie, else Unevaluable."""
        a, b = self.ev(lhs), self.ev(rhs)
        if not self._tie(a, b):
            if isinstance(a, mpmath.mpc) or isinstance(b, mpmath.mpc):
                return None                 # clearly different complex numbers: unordered
            return 1 if a > b else -1
        exact = self._exact(lhs - rhs)
        if exact is None or isinstance(exact, bool):
            raise Unevaluable(f"cannot decide exactly whether {lhs} equals {rhs} here")
        return (exact > 0) - (exact < 0)

    # atoms
    def _symbol(self, e):
        for key in (e, getattr(e, "label", None)):
            if key is not None and key in self.env:
                return self._num(self.env[key])
        raise Unevaluable(f"no value for {e}")

    @staticmethod
    def _num(v):
        if isinstance(v, (Integer, Rational)):
            return mpmath.mpf(v.p) / v.q
        if isinstance(v, Float):
            return mpmath.mpf(v._mpf_)
        if isinstance(v, (int,)):
            return mpmath.mpf(v)
        if hasattr(v, "item"):          # numpy scalar
            v = v.item()
        if isinstance(v, complex):
            return mpmath.mpc(v)
        if isinstance(v, Expr):         # an exact SymPy number such as 1 + 7*I or sqrt(2)
            if not v.is_number:
                raise Unevaluable(f"the value {v} is not a number")
            return _Walker({}).ev(v)
        return mpmath.mpf(v) if not isinstance(v, (mpmath.mpf, mpmath.mpc)) else v

    def _index_value(self, e):
        if isinstance(e, (Symbol, Idx)) and isinstance(self.env.get(e), int):
            return self.env[e]
        exact = self._exact(e)
        if exact is not None and not isinstance(exact, bool):
            if exact.denominator != 1:
                raise Unevaluable(f"index {e} is not an integer: {exact}")
            return int(exact)
        v = self.ev(e)
        if isinstance(v, mpmath.mpc) or not mpmath.isfinite(v) or v != mpmath.floor(v):
            raise Unevaluable(f"index {e} is not an integer: {v}")
        if abs(v) > mpmath.mpf(10) ** (mpmath.mp.dps // 2):
            raise Unevaluable(f"index {e} is too large to be sure it is an integer: {v}")
        return int(v)

    def _Indexed(self, e):
        idx = tuple(self._index_value(a) for a in e.indices)
        concrete = entry(e.base, idx)
        if concrete in self.env:
            return self._num(self.env[concrete])
        if e.base not in self.env:
            raise Unevaluable(f"no values for family {e.base}")
        seq = self.env[e.base]
        try:
            for t in idx:
                if t < 1:
                    raise IndexError
                seq = seq[t - 1]
        except (IndexError, TypeError):
            raise Unevaluable(f"{e.base}{list(idx)} is outside the given values") from None
        return self._num(seq)

    def _Sum(self, e):
        return self._sum(e.function, list(e.limits))

    def _sum(self, body, limits):
        if not limits:
            return self.ev(body)
        (var, lo, hi), rest = limits[-1], limits[:-1]     # SymPy lists the innermost limit first
        a, b = self._index_value(lo), self._index_value(hi)
        sign = 1
        if b < a - 1:       # Karr's convention, as in SymPy: sum_{a}^{b} = -sum_{b+1}^{a-1}
            a, b, sign = b + 1, a - 1, -1
        saved = self.env.get(var, _MISSING)
        total = mpmath.mpf(0)
        try:
            for t in range(a, b + 1):
                self.env[var] = t
                total += self._sum(body, rest)
        finally:
            if saved is _MISSING:
                self.env.pop(var, None)
            else:
                self.env[var] = saved
        return sign * total

    def _Product(self, e):
        return self._product(e.function, list(e.limits))

    def _product(self, body, limits):
        if not limits:
            return self.ev(body)
        (var, lo, hi), rest = limits[-1], limits[:-1]
        a, b = self._index_value(lo), self._index_value(hi)
        invert = b < a - 1      # Karr's convention for products: prod_{a}^{b} = 1 / prod_{b+1}^{a-1}
        if invert:
            a, b = b + 1, a - 1
        saved = self.env.get(var, _MISSING)
        total = mpmath.mpf(1)
        try:
            for t in range(a, b + 1):
                self.env[var] = t
                total *= self._product(body, rest)
        finally:
            if saved is _MISSING:
                self.env.pop(var, None)
            else:
                self.env[var] = saved
        if invert and total == 0:
            raise Unevaluable("division by zero")
        return 1 / total if invert else total

    def _KroneckerDelta(self, e):
        a, b = e.args
        if all(isinstance(x, (Symbol, Idx)) and isinstance(self.env.get(x), int) for x in (a, b)):
            return mpmath.mpf(int(self.env[a] == self.env[b]))
        return mpmath.mpf(1 if self._compare(a, b) == 0 else 0)

    def _Piecewise(self, e):
        for expr, cond in e.args:
            if self.ev(cond):
                return self.ev(expr)
        raise Unevaluable(f"no branch of {e} applies")

    def _Max(self, e):
        return max(self.ev(a) for a in e.args)

    def _Min(self, e):
        return min(self.ev(a) for a in e.args)

    def _sign(self, e):
        order = self._compare(e.args[0], 0)
        if order is None:
            v = self.ev(e.args[0])
            return v / abs(v)               # SymPy's sign of a complex number
        return mpmath.mpf(order)

    def _Derivative(self, e):
        raise Unevaluable("derivatives must be carried out before numerical evaluation")


_MISSING = object()


def _pow(w, e):
    base, ex = w.ev(e.base), w.ev(e.exp)
    if base == 0 and ex < 0:
        raise Unevaluable("division by zero")
    return mpmath.power(base, ex)


def _mul(w, e):
    out = mpmath.mpf(1)
    for a in e.args:
        out *= w.ev(a)
    return out


def _rel(w, e):
    order = w._compare(e.lhs, e.rhs)
    if order is None:       # two different complex numbers
        if e.rel_op in ("==", "!="):
            return e.rel_op == "!="
        raise Unevaluable(f"complex numbers are not ordered: {e}")
    return {"==": order == 0, "!=": order != 0, "<": order < 0, "<=": order <= 0,
            ">": order > 0, ">=": order >= 0}[e.rel_op]


_DISPATCH = (
    (Rational, lambda w, e: mpmath.mpf(e.p) / e.q),
    (Float, lambda w, e: mpmath.mpf(e._mpf_)),
    (NumberSymbol, lambda w, e: mpmath.mpf(e.evalf(mpmath.mp.dps + 5))),
    (ImaginaryUnit, lambda w, e: mpmath.mpc(0, 1)),
    (BooleanTrue, lambda w, e: True),
    (BooleanFalse, lambda w, e: False),
    (Indexed, _Walker._Indexed),
    (Idx, _Walker._symbol),
    (Symbol, _Walker._symbol),
    (Add, lambda w, e: mpmath.fsum(w.ev(a) for a in e.args)),
    (Mul, _mul),
    (Pow, _pow),
    (Relational, _rel),
    (And, lambda w, e: all(w.ev(a) for a in e.args)),
    (Or, lambda w, e: any(w.ev(a) for a in e.args)),
    (Not, lambda w, e: not w.ev(e.args[0])),
)

"""The expected output of an expression over a grid of entries, with its error bound.

:func:`evaluate_grid` walks a SymPy expression once for a whole block of
entries (a batch of inputs times the output positions), in
:class:`~derive.numeric.wide.Wide` arithmetic: every sub-expression is an
array over the batch axis, one axis per output index and one per enclosing
``Sum``, of length 1 where it does not depend on that index.  A Jacobian
``p_k (delta_kj - p_j)`` thus costs two length-n exponentials and a few n x n
products, which is what makes comparing a 1025 x 1025 Jacobian in full cheap.

Next to each value it carries ``sigma`` (as ``log2 sigma``: it only needs a few
digits, but its range is that of the values), a first-order running error bound
of evaluating the expression *as written* in floating point with unit
roundoff ``u``: the error is at most about ``u * sigma``.  The rules, per node:

* an input entry ``x``: ``|x|``, one rounding of its size, for every input
  when ``Grid.carry`` is None (what :mod:`.engine` uses: a backward-stable
  implementation's backward error; at an input shifted by its maximum, the
  rounding of the shift) or for the families in ``carry``; 0 for any other,
  given exactly; an exact integer or index: 0; another constant: its magnitude;
* ``a + b + ...``: the sum of the terms' bounds plus ``levels(r) * sum |t|``
  for r terms, ``levels(r) = max(ceil(log2 r), sqrt(r - 1))``: the worst case
  of a pairwise sum, or the probabilistic bound of a sum in any order
  (:func:`.grid.levels`); a ``Sum`` likewise with r its number of terms;
* ``a * b``: ``sigma_a |b| + |a| sigma_b + |a b|``; ``a ** q``:
  ``|q| |a|**(q-1) sigma_a + |a**q|``;
* ``exp a``: ``exp(a) (sigma_a + 1)``; ``log a``: ``sigma_a / |a| + |log a|``;
  any other function ``f``: ``|f'(a)| sigma_a + |f(a)|``.

Propagating the input roundings with absolute values through every
operation bounds ``sum_j |df/dz_j| |z_j|`` (the condition of ``f`` under
relative perturbations of its inputs) from above, by the triangle inequality
applied to the chain rule.  The bound is the condition of the written formula:
it is large exactly where the formula cancels (``p_k (1 - p_k)`` for ``p_k`` near 1) or amplifies
(``exp`` of a shifted logit ``z_k - max z`` of size 1000 carries the error of
that shift, 1000 units), so an implementation that evaluates the formula
stably stays below it.
"""
from __future__ import annotations

import math
from functools import lru_cache
from typing import Any

import mpmath
import numpy as np
from sympy import (Abs, Add, And, Derivative, Float, Function, Idx, Indexed, Integer,
                   KroneckerDelta, Max, Min, Mul, Not, NumberSymbol, Or, Piecewise, Pow, Product,
                   Rational, Sum, Symbol, exp, log, sign)
from sympy.core.relational import Relational
from sympy.logic.boolalg import BooleanFalse, BooleanTrue

from ..kernel.evaluate import Unevaluable
from ..numeric.wide import Wide
from .grid import (NEG, ONE, ZERO, Grid, const, drop, full, ladd, levels, lift, lift_wide, lmul,
                   product_axis, sum_axis, to_mpf)

__all__ = ["Grid", "evaluate_grid", "Unevaluable"]

_GENERIC_LIMIT = 200_000        # entries a function without a Wide kernel may be evaluated at


def evaluate_grid(expr, grid: Grid) -> tuple[Wide, np.ndarray]:
    """``(value, log2 sigma)`` of ``expr`` on the grid, each of shape ``(batch, *axis lengths)``.

    Raises:
        Unevaluable: a symbol without a value, an index outside its family, or a
            construct with no numerical meaning here.
    """
    walker = _Walker(grid)
    value, ls = walker.ev(expr)
    shape = (grid.batch,) + tuple(len(v) for _, v in grid.axes)
    return full(value, shape), np.broadcast_to(ls, shape)


@lru_cache(maxsize=8192)     # the walk asks for the same nodes' symbols again and again
def _free(e) -> frozenset:
    return frozenset(e.free_symbols)


class _Walker:
    def __init__(self, grid: Grid):
        self.grid = grid
        self.bound: dict[Any, np.ndarray] = {}
        for pos, (idx, values) in enumerate(grid.axes):
            shape = [1] * (1 + len(grid.axes))
            shape[1 + pos] = len(values)
            self.bound[idx] = np.asarray(values, dtype=np.int64).reshape(shape)
        self.sum_vars: list = []
        self.base = self.ndim = 1 + len(grid.axes)
        self.memo: dict = {}

    # ------------------------------------------------------------------ dispatch
    def ev(self, e) -> tuple[Wide, np.ndarray]:
        # a node free of the enclosing summation variables has one value: kept, at the base shape
        local = not self.sum_vars or not (_free(e) & set(self.sum_vars))
        if local and e in self.memo:
            value, ls = self.memo[e]
            return lift_wide(value, self.ndim), lift(ls, self.ndim)
        value, ls = self._dispatch(e)
        if local:
            self.memo[e] = (Wide(*(drop(a, self.base) for a in (value.hi, value.lo, value.ex))),
                            drop(ls, self.base))
        return value, ls

    def _dispatch(self, e):
        for cls, handler in _HANDLERS:
            if isinstance(e, cls):
                return handler(self, e)
        if isinstance(e, Function) and len(e.args) == 1:
            return self._generic(e)
        raise Unevaluable(f"cannot evaluate {type(e).__name__}: {e}")

    # ------------------------------------------------------------------ integers (indices, limits)
    def integer(self, e):
        """An int, or an int array over the bound indices."""
        if isinstance(e, (int, np.integer, Integer)):
            return int(e)
        if isinstance(e, (Symbol, Idx)):
            if e in self.bound:
                return self.bound[e]
            if e in self.grid.sizes:
                return int(self.grid.sizes[e])
            raise Unevaluable(f"no value for the index {e}")
        if isinstance(e, (Add, Mul)):
            parts = [self.integer(a) for a in e.args]
            total = parts[0]
            for p in parts[1:]:
                total = total + p if isinstance(e, Add) else total * p
            return total
        raise Unevaluable(f"{e} is not an integer expression of the indices")

    # ------------------------------------------------------------------ leaves
    def _indexed(self, e):
        if e.base not in self.grid.families:
            raise Unevaluable(f"no values for family {e.base}")
        values, lowers = self.grid.families[e.base]
        if len(e.indices) != values.ndim - 1:
            raise Unevaluable(f"{e} has {len(e.indices)} indices, but {e.base} was given "
                              f"{values.ndim - 1}-dimensional values")
        positions, outside = [], np.False_
        for t, (index, lower) in enumerate(zip(e.indices, lowers)):
            p = lift(np.asarray(self.integer(index)) - lower, self.ndim)
            # outside the family: NaN, an error only where it is used (not in a branch not taken)
            outside = outside | (p < 0) | (p >= values.shape[1 + t])
            positions.append(np.clip(p, 0, values.shape[1 + t] - 1))
        batch = np.arange(values.shape[0]).reshape((-1,) + (1,) * (self.ndim - 1))
        gathered = values[(batch, *positions)]
        if np.any(outside):
            gathered = np.where(outside, np.nan, gathered)
        w = Wide.from_float(gathered)
        if e.base in self.grid.lows:            # an exactly shifted input: hi + lo
            w = w + Wide.from_float(self.grid.lows[e.base][(batch, *positions)])
        carry = self.grid.carry
        return w, (w.log2abs() if carry is None or e.base in carry else np.float64(NEG))

    def _symbol(self, e):
        if e in self.bound:
            ints = np.asarray(self.integer(e), dtype=np.float64)
            return Wide.from_float(lift(ints, self.ndim)), np.float64(NEG)
        if e in self.grid.sizes:
            return Wide.from_float(float(self.grid.sizes[e])), np.float64(NEG)
        if e in self.grid.scalars:
            w = Wide.from_float(float(self.grid.scalars[e]))
            return w, (w.log2abs() if self.grid.carry is None else np.float64(NEG))
        raise Unevaluable(f"no value for {e}")

    def _number(self, e):
        with mpmath.workdps(60):
            value = to_mpf(e)
            exact = isinstance(e, Integer) or (value == mpmath.mpf(float(value)) and abs(value) < 2 ** 53)
        w = const(value)
        return w, (np.float64(NEG) if exact else w.log2abs())

    # ------------------------------------------------------------------ arithmetic
    def _add(self, e):
        terms = [self.ev(a) for a in e.args]
        value, ls = terms[0]
        mags = [terms[0][0].log2abs()]
        for v, s in terms[1:]:
            value, ls = value + v, np.logaddexp2(ls, s)
            mags.append(v.log2abs())
        level = levels(len(terms))
        return value, ladd(ls, *[m + level for m in mags])

    def _mul(self, e):
        value, ls = self.ev(e.args[0])
        lv = value.log2abs()
        for a in e.args[1:]:
            v, s = self.ev(a)
            product = value * v
            lp = product.log2abs()
            ls = ladd(lmul(ls, v.log2abs()), lmul(lv, s), lp)
            value, lv = product, lp
        return value, ls

    def _pow(self, e):
        base, q = e.base, e.exp
        if not q.is_number:
            return self._exp_of(q * log(base))
        a, sa = self.ev(base)
        if isinstance(q, Integer):
            value = a.powi(int(q))
        elif q == Rational(1, 2):
            value = a.sqrt()
        else:
            value = (const(q) * a.log()).exp()
        qf = float(q)
        if qf == 0:
            return value, np.float64(NEG)
        with np.errstate(invalid="ignore"):
            lderiv = math.log2(abs(qf)) + (qf - 1.0) * a.log2abs() if qf != 1 else np.float64(0.0)
        return value, ladd(lmul(lderiv, sa), value.log2abs())

    def _exp(self, e):
        return self._exp_of(e.args[0])

    def _exp_of(self, arg):
        a, sa = self.ev(arg)
        value = a.exp()
        return value, value.log2abs() + np.logaddexp2(sa, 0.0)

    def _log(self, e):
        if len(e.args) != 1:
            raise Unevaluable(f"log with a base is not supported: {e}")
        a, sa = self.ev(e.args[0])
        value = a.log()
        with np.errstate(invalid="ignore"):     # log of 0: NaN, reported by the caller
            return value, ladd(sa - a.log2abs(), value.log2abs())

    def _abs(self, e):
        a, sa = self.ev(e.args[0])
        return a.abs(), sa

    def _sign(self, e):
        a, _ = self.ev(e.args[0])
        return Wide.from_float(a.sign().astype(np.float64)), np.float64(NEG)

    def _extreme(self, e, pick_max: bool):
        value, ls = self.ev(e.args[0])
        for arg in e.args[1:]:
            v, s = self.ev(arg)
            take = (v.compare(value) > 0) if pick_max else (v.compare(value) < 0)
            value, ls = v.where(take, value), np.where(take, s, ls)
        return value, ls

    def _delta(self, e):
        a, b = e.args
        try:
            same = np.asarray(self.integer(a)) == np.asarray(self.integer(b))
        except Unevaluable:
            same = self.ev(a)[0].compare(self.ev(b)[0]) == 0
        return Wide.from_float(lift(same.astype(np.float64), self.ndim)), np.float64(NEG)

    def _piecewise(self, e):
        pieces = [(self.ev(expr), self.condition(cond)) for expr, cond in e.args]
        (value, ls), taken = pieces[-1]
        nothing = ~np.asarray(taken)
        for (v, s), cond in reversed(pieces[:-1]):
            value, ls = v.where(cond, value), np.where(cond, s, ls)
            nothing = nothing & ~np.asarray(cond)
        if np.any(nothing):
            raise Unevaluable(f"no branch of {e} applies at some entries")
        return value, ls

    def condition(self, c):
        if isinstance(c, BooleanTrue):
            return np.True_
        if isinstance(c, BooleanFalse):
            return np.False_
        if isinstance(c, And):
            return np.logical_and.reduce([self.condition(a) for a in c.args])
        if isinstance(c, Or):
            return np.logical_or.reduce([self.condition(a) for a in c.args])
        if isinstance(c, Not):
            return ~np.asarray(self.condition(c.args[0]))
        if isinstance(c, Relational):
            try:
                d = np.asarray(self.integer(c.lhs)) - np.asarray(self.integer(c.rhs))
                d = lift(np.sign(d), self.ndim)
            except Unevaluable:
                d = self.ev(c.lhs)[0].compare(self.ev(c.rhs)[0])
            return {"==": d == 0, "!=": d != 0, "<": d < 0, "<=": d <= 0, ">": d > 0,
                    ">=": d >= 0}[c.rel_op]
        raise Unevaluable(f"cannot decide the condition {c}")

    # ------------------------------------------------------------------ sums and products
    def _sum(self, e):
        return self._reduce(e.function, list(e.limits), product=False)

    def _product(self, e):
        return self._reduce(e.function, list(e.limits), product=True)

    def _reduce(self, body, limits, product):
        if not limits:
            return self.ev(body)
        (var, lo, hi), inner = limits[-1], limits[:-1]     # SymPy lists the innermost limit first
        a, b = self.integer(lo), self.integer(hi)
        scalar = np.ndim(a) == 0 and np.ndim(b) == 0
        flip = False
        if scalar and b < a - 1:         # Karr's convention: sum_a^b = -sum_{b+1}^{a-1}
            a, b, flip = b + 1, a - 1, True
        if not scalar and np.any(np.asarray(b) < np.asarray(a) - 1):
            raise Unevaluable(f"a reversed range with index-dependent limits ({var} = {lo}..{hi})")
        first, last = int(np.min(a)), int(np.max(b))
        count = max(0, last - first + 1)
        saved = self.bound.get(var)
        self.bound[var] = np.arange(first, first + count, dtype=np.int64).reshape(
            (1,) * self.ndim + (count,))
        self.sum_vars.append(var)
        self.ndim += 1
        try:
            v, s = self._reduce(body, inner, product)
            v, s = lift_wide(v, self.ndim), lift(s, self.ndim)
            shape = np.broadcast_shapes(v.shape, np.shape(s))
            v, s = full(v, shape), np.broadcast_to(s, shape)
            if not scalar:
                inside = ((self.bound[var] >= lift(np.asarray(a), self.ndim))
                          & (self.bound[var] <= lift(np.asarray(b), self.ndim)))
                v, s = v.where(inside, ONE if product else ZERO), np.where(inside, s, NEG)
            value, ls = product_axis(v, s) if product else sum_axis(v, s, count)
        finally:
            self.ndim -= 1
            self.sum_vars.pop()
            if saved is None:
                self.bound.pop(var, None)
            else:
                self.bound[var] = saved
        if flip:
            value = (ONE / value) if product else -value
        return value, ls

    # ------------------------------------------------------------------ other functions
    def _generic(self, e):
        name = type(e).__name__
        fn = getattr(mpmath, {"LambertW": "lambertw"}.get(name, name), None)
        if fn is None or not callable(fn):
            raise Unevaluable(f"cannot evaluate the function {name}")
        a, sa = self.ev(e.args[0])
        shape = a.shape
        if int(np.prod(shape)) > _GENERIC_LIMIT:
            raise Unevaluable(f"{name} has no vectorized kernel; {int(np.prod(shape))} entries are "
                              f"too many to evaluate one by one")
        parts = [np.empty(shape), np.empty(shape), np.empty(shape, dtype=np.int64)]
        lderiv = np.empty(shape)
        with mpmath.workdps(40):
            for idx in np.ndindex(shape):
                x = a.mpf(idx)
                val, slope = fn(x), mpmath.diff(fn, x)
                if isinstance(val, mpmath.mpc) or isinstance(slope, mpmath.mpc):
                    raise Unevaluable(f"{name} is complex at {mpmath.nstr(x, 8)}")
                w = Wide.from_mpf(val)
                parts[0][idx], parts[1][idx], parts[2][idx] = w.hi, w.lo, w.ex
                lderiv[idx] = float(mpmath.log(abs(slope), 2)) if slope else NEG
        value = Wide(*parts)
        return value, ladd(lmul(lderiv, sa), value.log2abs())

    def _unevaluable(self, e):
        raise Unevaluable("derivatives must be carried out before numerical evaluation")


_HANDLERS = (
    (Indexed, _Walker._indexed),
    (Idx, _Walker._symbol),
    (Symbol, _Walker._symbol),
    (NumberSymbol, _Walker._number),
    (Rational, _Walker._number),
    (Float, _Walker._number),
    (Add, _Walker._add),
    (Mul, _Walker._mul),
    (Pow, _Walker._pow),
    (exp, _Walker._exp),
    (log, _Walker._log),
    (Abs, _Walker._abs),
    (sign, _Walker._sign),
    (Max, lambda w, e: w._extreme(e, True)),
    (Min, lambda w, e: w._extreme(e, False)),
    (KroneckerDelta, _Walker._delta),
    (Piecewise, _Walker._piecewise),
    (Sum, _Walker._sum),
    (Product, _Walker._product),
    (Derivative, _Walker._unevaluable),
)

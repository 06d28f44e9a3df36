"""The grid an expression is evaluated on, and the arithmetic of its error bounds.

A :class:`Grid` binds every symbol of an expression: the input families as
arrays over a batch axis, scalar inputs, the sizes, and the values each
output index takes.  Arrays of sub-expressions have one axis per output
index and per enclosing sum (length 1 where they do not depend on it).

Error bounds are kept as ``log2 sigma`` (a few digits suffice, but their
range is that of the values): :func:`lmul` multiplies magnitudes, with 0
absorbing infinity; :func:`ladd` adds them.
"""
from __future__ import annotations

import math
from dataclasses import dataclass, field

import mpmath
import numpy as np
from sympy import Float, Rational

from ..numeric.wide import Wide

__all__ = ["Grid", "NEG", "ONE", "ZERO", "full", "lift", "lift_wide", "drop", "const", "to_mpf",
           "levels", "lmul", "ladd", "sum_axis", "product_axis"]

NEG = -np.inf


@dataclass
class Grid:
    """Where to evaluate: the values bound to every symbol, and the output axes.

    Attributes:
        batch: the number of inputs (the length of axis 0).
        families: IndexedBase -> (float64 array of shape (batch, *dims), lower index per axis).
        scalars: Symbol -> float, inputs that are one number (a temperature).
        sizes: Symbol -> int, the dimensions (``n``, ``N``).
        axes: (index, int array of its values) per output axis, in order.
        lows: IndexedBase -> float64 array: low parts, when a family's values are
            double-doubles ``values + lows`` (an input shifted exactly).
        carry: the families whose entries carry their own magnitude as error (their
            copies or shifts may round); None: every input, scalars too.
    """

    batch: int
    families: dict
    scalars: dict
    sizes: dict
    axes: list
    lows: dict = field(default_factory=dict)
    carry: frozenset | None = None



def full(w: Wide, shape) -> Wide:
    return Wide(*(np.broadcast_to(a, shape) for a in (w.hi, w.lo, w.ex)))


def lift(a, ndim):
    a = np.asarray(a)
    return a if a.ndim in (0, ndim) else a.reshape(a.shape + (1,) * (ndim - a.ndim))


def lift_wide(w: Wide, ndim) -> Wide:
    return Wide(lift(w.hi, ndim), lift(w.lo, ndim), lift(w.ex, ndim))


def drop(a, ndim):
    a = np.asarray(a)
    return a.reshape(a.shape[:ndim]) if a.ndim > ndim else a


def to_mpf(value):
    if isinstance(value, Rational):
        return mpmath.mpf(value.p) / value.q
    if isinstance(value, Float):
        return mpmath.mpf(value._mpf_)
    if hasattr(value, "evalf"):
        return mpmath.mpf(value.evalf(60)._mpf_)
    return mpmath.mpf(value)


def const(value) -> Wide:
    with mpmath.workdps(60):
        return Wide.from_mpf(to_mpf(value))


ONE = Wide.from_float(1.0)
ZERO = Wide.from_float(0.0)


def levels(count: int) -> float:
    """log2 of the roundings a sum of ``count`` terms is charged (-inf for one term).

    ``max(ceil(log2 r), sqrt(r - 1))`` for ``r`` terms: the worst case of a pairwise sum, or
    the probabilistic bound of a sum in any order (Higham and Mary, SIAM J. Sci. Comput.
    41 (2019): ``lambda sqrt(r - 1) u`` with probability ``1 - 2 exp(-lambda**2 / 2)``), whichever
    is larger; a sequential sum (a strided NumPy axis, a cumulative sum) has the second.
    """
    if count < 2:
        return NEG
    return math.log2(max(math.ceil(math.log2(count)), math.sqrt(count - 1)))


def lmul(*logs):
    """log2 of a product of magnitudes given by their log2 (0 absorbs infinity)."""
    total = logs[0]
    zero = np.asarray(logs[0]) == NEG
    for a in logs[1:]:
        total = total + a
        zero = zero | (np.asarray(a) == NEG)
    return np.where(zero, NEG, total)


def ladd(*logs):
    out = logs[0]
    with np.errstate(invalid="ignore"):         # NaN (a domain error) is reported by the caller
        for a in logs[1:]:
            out = np.logaddexp2(out, a)
    return out



def sum_axis(v: Wide, s: np.ndarray, count: int):
    level = levels(count)
    mags = v.log2abs() + level
    both = np.concatenate([s, mags], axis=-1) if level != NEG else s
    with np.errstate(invalid="ignore", divide="ignore"):   # an all-zero bound: -inf, kept below
        top = np.max(both, axis=-1, keepdims=True) if both.shape[-1] else np.full(both.shape[:-1] + (1,), NEG)
        safe = np.where(np.isfinite(top), top, 0.0)
        ls = np.squeeze(safe, -1) + np.log2(np.sum(np.exp2(both - safe), axis=-1))
    ls = np.where(np.squeeze(top, -1) == NEG, NEG, ls)
    return v.sum(axis=-1), ls


def product_axis(v: Wide, s: np.ndarray):
    count = v.shape[-1]
    value = v[..., 0] if count else Wide.from_float(np.ones(v.shape[:-1]))
    rel = s[..., 0] - v[..., 0].log2abs() if count else np.full(v.shape[:-1], NEG)
    for t in range(1, count):
        value = value * v[..., t]
        rel = np.logaddexp2(rel, s[..., t] - v[..., t].log2abs())
    return value, value.log2abs() + np.logaddexp2(rel, math.log2(max(count, 1)))

"""Wide numbers: arrays of ``(hi + lo) * 2**ex`` for fast, accurate reference values.

A :class:`Wide` array holds a double-double mantissa (``hi`` in ``[0.5, 1)``
or 0, ``|lo| <= ulp(hi)``) and an ``int64`` binary exponent per entry, so
``exp(1e4)`` and ``exp(-1e4)`` are ordinary values and nothing overflows or
underflows.  The operations are vectorized NumPy, some hundred times faster
than ``mpmath`` per entry, which is what lets ``derive.testing`` compare a
1000 x 1000 Jacobian in full.

Accuracy: about 1e-22 relative to the magnitudes an operation combines
(``|a| + |b|`` for a sum), six orders below float64's unit roundoff, which is
all a reference for float64 results needs.  How:

* products and quotients use Veltkamp/Dekker error-free transformations on
  mantissas in ``[0.5, 1)``, which can neither overflow nor underflow;
* a sum aligns both operands to the larger exponent and adds with TwoSum
  (the "sloppy" double-double sum, exact but for the low parts' rounding);
  a reduction over an axis splits every term at ``2**-26`` of the largest,
  so the sum of the high parts is exact in float64 and only tiny parts round;
* ``exp`` reduces by ``K ln 2`` (``ln 2`` to 160 bits) and by a table of
  ``exp(j / 64)``, then sums the Taylor series of the remainder
  (``|s| <= 1/128``) with its leading terms exact; ``log`` takes one Newton
  step on that ``exp`` from float64's ``log``; ``sqrt`` one Newton step.

A domain error (``log`` of a negative number, a division by zero) gives NaN
in that entry rather than an exception, because a ``Piecewise`` branch that
is not taken is evaluated too; the caller rejects NaN in a result it uses.
"""
from __future__ import annotations

import mpmath
import numpy as np

__all__ = ["Wide", "ZERO_EX"]

ZERO_EX = -(1 << 40)          # the exponent of 0: below every real exponent, so max() skips it
_SPLITTER = 134217729.0       # 2**27 + 1
_SHIFT_FLOOR = -2200          # aligning further down underflows to 0 anyway
_EXP_LIMIT = 2.0 ** 50        # |x| beyond this: exp(x) has no int64 exponent in reach
_TABLE = 48                   # exp(j/64) for |j| <= 48 covers arguments up to 0.75


def _two_sum(a, b):
    s = a + b
    bb = s - a
    return s, (a - (s - bb)) + (b - bb)


def _fast_two_sum(a, b):
    s = a + b
    return s, b - (s - a)


def _split(a):
    c = _SPLITTER * a
    hi = c - (c - a)
    return hi, a - hi


def _two_prod(a, b):
    p = a * b
    ah, al = _split(a)
    bh, bl = _split(b)
    return p, ((ah * bh - p) + ah * bl + al * bh) + al * bl


def _dd_add(ah, al, bh, bl):
    # the "sloppy" double-double sum: its error is ~u^2 (|a| + |b|), all this module promises
    s, e = _two_sum(ah, bh)
    return _fast_two_sum(s, e + (al + bl))


def _dd_mul(ah, al, bh, bl):
    p, e = _two_prod(ah, bh)
    return _fast_two_sum(p, e + (ah * bl + al * bh))


def _dd_div(ah, al, bh, bl):
    with np.errstate(divide="ignore", invalid="ignore"):
        q1 = ah / bh
        p, e = _dd_mul(q1, 0.0 * q1, bh, bl)
        rh, rl = _dd_add(ah, al, -p, -e)
        q2 = rh / bh
        p, e = _dd_mul(q2, 0.0 * q2, bh, bl)
        rh, _ = _dd_add(rh, rl, -p, -e)
        q3 = rh / bh
    s, t = _fast_two_sum(q1, q2)
    return _dd_add(s, t, q3, 0.0 * q3)


def _dd(value) -> tuple[float, float]:
    """An mpmath number as the nearest double-double."""
    hi = float(value)
    return hi, float(value - mpmath.mpf(hi))


with mpmath.workdps(60):
    _LN2 = _dd(mpmath.log(2))
    _LN2_LO2 = float(mpmath.log(2) - mpmath.mpf(_LN2[0]) - mpmath.mpf(_LN2[1]))
    _EXP_TABLE = np.array([_dd(mpmath.exp(mpmath.mpf(j) / 64)) for j in range(-_TABLE, _TABLE + 1)])
    _TAIL = [float(1 / mpmath.factorial(t)) for t in range(3, 9)]   # s**3/3! ... s**8/8!


def _exp_reduced(rh, rl):
    """``exp(rh + rl)`` for ``|rh| <= 0.75`` as a double-double (NaN stays NaN)."""
    j = np.rint(rh * 64.0)
    j = np.where(np.isfinite(j), j, 0.0)
    sh, sl = _two_sum(rh, -j / 64.0)             # j/64 is exact: s = r - j/64, |s| <= 1/128
    sl = sl + rl
    tail = _TAIL[-1]
    for c in reversed(_TAIL[:-1]):
        tail = tail * sh + c
    tail = tail * sh * sh * sh                   # s^3/6 + ...: below 1e-7, float64 suffices
    qh, ql = _two_prod(sh, sh)                   # s^2 exactly
    em_h, em_l = _dd_add(sh, sl, 0.5 * qh, 0.5 * ql + sh * sl + tail)   # expm1(s)
    idx = j.astype(np.int64) + _TABLE
    th, tl = _EXP_TABLE[idx, 0], _EXP_TABLE[idx, 1]
    ph, pl = _dd_mul(th, tl, em_h, em_l)
    return _dd_add(th, tl, ph, pl)


def _frexp(hi, lo, ex):
    """Normalised ``(hi, lo, ex)`` of the double-double ``hi + lo`` scaled by ``2**ex``."""
    m, k = np.frexp(hi)
    return m, np.ldexp(lo, -k), np.where(m == 0, ZERO_EX, ex + k)


class Wide:
    """An array of ``(hi + lo) * 2**ex`` (see the module docstring).

    Arrays broadcast like NumPy arrays; every operation returns a new Wide.
    """

    __slots__ = ("hi", "lo", "ex")

    def __init__(self, hi, lo, ex):
        self.hi, self.lo, self.ex = hi, lo, ex

    # ------------------------------------------------------------------ construction
    @classmethod
    def from_float(cls, values) -> "Wide":
        """Exact Wide copies of float64 values (finite)."""
        x = np.asarray(values, dtype=np.float64)
        m, k = np.frexp(x)
        return cls(m, np.zeros_like(m), np.where(m == 0, ZERO_EX, k.astype(np.int64)))

    @classmethod
    def from_mpf(cls, value) -> "Wide":
        """A 0-d Wide nearest to an mpmath (or exact) number."""
        with mpmath.workdps(60):
            v = mpmath.mpf(value)
            if v == 0:
                return cls.from_float(0.0)
            m, e = mpmath.frexp(v)
            hi, lo = _dd(m)
            return cls(np.float64(hi), np.float64(lo), np.int64(e))

    # ------------------------------------------------------------------ reading
    @property
    def shape(self):
        return np.broadcast_shapes(np.shape(self.hi), np.shape(self.lo), np.shape(self.ex))

    def pair(self):
        """``(hi, lo)`` as float64 arrays of the value (inf where it overflows, 0 below range)."""
        ex = np.clip(self.ex, -1200, 1200)
        with np.errstate(over="ignore", invalid="ignore"):
            return np.ldexp(self.hi, ex), np.ldexp(self.lo, ex)

    def to_float(self):
        """The nearest float64 (inf beyond its range)."""
        hi, lo = self.pair()
        with np.errstate(invalid="ignore"):
            return np.where(np.isfinite(hi), hi + lo, hi)

    def mpf(self, index=()):
        """One entry, exactly, as an mpmath number."""
        with mpmath.workdps(60):
            hi = np.broadcast_to(self.hi, self.shape)[index]
            lo = np.broadcast_to(self.lo, self.shape)[index]
            ex = int(np.broadcast_to(self.ex, self.shape)[index])
            return mpmath.ldexp(mpmath.mpf(float(hi)) + mpmath.mpf(float(lo)), ex)

    def isnan(self):
        return np.isnan(self.hi) | np.isnan(self.lo)

    def sign(self):
        return np.sign(self.hi)

    def __getitem__(self, key) -> "Wide":
        shape = self.shape
        return Wide(*(np.broadcast_to(a, shape)[key] for a in (self.hi, self.lo, self.ex)))

    def reshape(self, shape) -> "Wide":
        full = self.shape
        return Wide(*(np.broadcast_to(a, full).reshape(shape) for a in (self.hi, self.lo, self.ex)))

    # ------------------------------------------------------------------ arithmetic
    def __neg__(self) -> "Wide":
        return Wide(-self.hi, -self.lo, self.ex)

    def abs(self) -> "Wide":
        neg = self.hi < 0
        return Wide(np.where(neg, -self.hi, self.hi), np.where(neg, -self.lo, self.lo), self.ex)

    def __add__(self, other: "Wide") -> "Wide":
        top = np.maximum(self.ex, other.ex)
        # one ldexp per operand, then exact multiplications by the power of two (faster)
        fa = np.ldexp(1.0, np.maximum(self.ex - top, _SHIFT_FLOOR))
        fb = np.ldexp(1.0, np.maximum(other.ex - top, _SHIFT_FLOOR))
        s, e = _dd_add(self.hi * fa, self.lo * fa, other.hi * fb, other.lo * fb)
        return Wide(*_frexp(s, e, top))

    def log2abs(self):
        """``log2 |self|`` as float64 (-inf at 0), to a few units of 1e-16."""
        with np.errstate(divide="ignore"):
            return np.log2(np.abs(self.hi)) + self.ex

    def __sub__(self, other: "Wide") -> "Wide":
        return self + (-other)

    def __mul__(self, other: "Wide") -> "Wide":
        p, e = _dd_mul(self.hi, self.lo, other.hi, other.lo)
        return Wide(*_frexp(p, e, self.ex + other.ex))

    def __truediv__(self, other: "Wide") -> "Wide":
        zero = other.hi == 0
        bh = np.where(zero, np.nan, other.hi)
        q, e = _dd_div(self.hi, self.lo, bh, other.lo)
        return Wide(*_frexp(q, e, self.ex - other.ex))

    def scale2(self, k: int) -> "Wide":
        """``self * 2**k`` exactly."""
        return Wide(self.hi, self.lo, np.where(self.hi == 0, ZERO_EX, self.ex + k))

    def sum(self, axis: int) -> "Wide":
        """The sum along ``axis`` (the axis is removed); empty sums are 0."""
        shape = self.shape
        hi, lo, ex = (np.broadcast_to(a, shape) for a in (self.hi, self.lo, self.ex))
        if shape[axis] == 0:
            return Wide.from_float(np.zeros(shape[:axis] + shape[axis + 1:]))
        top = np.max(ex, axis=axis, keepdims=True)
        d = np.maximum(ex - top, _SHIFT_FLOOR)
        h, low = np.ldexp(hi, d), np.ldexp(lo, d)            # every |h| < 1
        # multiples of 2**-26 (then of 2**-52) below 1: their sums are exact for < 2**26 terms
        big = np.rint(h * 2.0 ** 26) * 2.0 ** -26
        mid = np.rint((h - big) * 2.0 ** 52) * 2.0 ** -52
        s1, s2 = np.sum(big, axis=axis), np.sum(mid, axis=axis)
        s3 = np.sum((h - big) - mid, axis=axis) + np.sum(low, axis=axis)
        s, e = _two_sum(s1, s2)
        s, e = _fast_two_sum(s, e + s3)
        return Wide(*_frexp(s, e, np.squeeze(top, axis=axis)))

    def where(self, cond, other: "Wide") -> "Wide":
        """``self`` where ``cond``, else ``other``."""
        return Wide(np.where(cond, self.hi, other.hi), np.where(cond, self.lo, other.lo),
                    np.where(cond, self.ex, other.ex))

    # ------------------------------------------------------------------ functions
    def exp(self) -> "Wide":
        ex = np.clip(self.ex, -1100, 60)
        xh, xl = np.ldexp(self.hi, ex), np.ldexp(self.lo, ex)
        far = np.abs(xh) > _EXP_LIMIT
        xh = np.where(far, np.nan, xh)
        k = np.rint(xh / _LN2[0])
        p, pe = _two_prod(k, _LN2[0])
        q, qe = _two_prod(k, _LN2[1])
        rh, rl = _dd_add(xh, xl, -p, -pe)
        rh, rl = _dd_add(rh, rl, -q, -(qe + k * _LN2_LO2))
        eh, el = _exp_reduced(rh, rl)
        kk = np.where(np.isnan(k), 0, k).astype(np.int64)
        return Wide(*_frexp(eh, el, kk))

    def log(self) -> "Wide":
        bad = (self.hi <= 0) | self.isnan()
        hi = np.where(bad, 0.75, self.hi)
        lo = np.where(bad, 0.0, self.lo)
        ex = np.where(bad, 0, self.ex)
        near_one = (ex == 0) | (ex == 1)                     # the value lies in [0.5, 2)
        # log(m 2^e) = e ln2 + log(m); near 1 the value itself is used, so nothing cancels
        with np.errstate(over="ignore"):
            mh = np.where(near_one, np.ldexp(hi, np.minimum(ex, 1)), hi)
            ml = np.where(near_one, np.ldexp(lo, np.minimum(ex, 1)), lo)
        e = np.where(near_one, 0, ex).astype(np.float64)
        y0 = np.log(mh)
        wh, wl = _exp_reduced(-y0, 0.0 * y0)                 # |y0| <= ln 2
        ph, pl = _dd_mul(mh, ml, wh, wl)
        ch, cl = _dd_add(ph, pl, -np.ones_like(ph), 0.0 * ph)    # m exp(-y0) - 1, tiny
        yh, yl = _dd_add(y0, 0.0 * y0, ch, cl)
        a, ae = _two_prod(e, _LN2[0])
        yh, yl = _dd_add(yh, yl, a, ae + e * _LN2[1])
        out = Wide(*_frexp(yh, yl, np.zeros(np.shape(yh), dtype=np.int64)))
        return Wide(np.where(bad, np.nan, out.hi), out.lo, out.ex)

    def sqrt(self) -> "Wide":
        bad = (self.hi < 0) | self.isnan()
        odd = (self.ex % 2) != 0
        mh = np.where(odd, 2.0 * self.hi, self.hi)          # value = m' 2^(2h), m' in [0.25, 2)
        ml = np.where(odd, 2.0 * self.lo, self.lo)
        half = np.where(odd, self.ex - 1, self.ex) // 2
        y0 = np.sqrt(np.where(bad | (mh == 0), 1.0, mh))
        sh, sl = _two_prod(y0, y0)
        rh, rl = _dd_add(mh, ml, -sh, -sl)
        yh, yl = _fast_two_sum(y0, (rh + rl) / (2.0 * y0))
        out = Wide(*_frexp(yh, yl, half))
        zero = self.hi == 0
        return Wide(np.where(bad, np.nan, np.where(zero, 0.0, out.hi)), np.where(zero, 0.0, out.lo),
                    np.where(zero, ZERO_EX, out.ex))

    def powi(self, q: int) -> "Wide":
        """``self ** q`` for an integer ``q`` (by squaring)."""
        if q == 1:
            return self
        if q == -1:
            return Wide.from_float(1.0) / self
        if q < 0:
            return Wide.from_float(1.0) / self.powi(-q)
        result, base = Wide.from_float(np.ones(self.shape)), self
        while q:
            if q & 1:
                result = result * base
            q >>= 1
            if q:
                base = base * base
        return result

    def compare(self, other: "Wide"):
        """-1, 0 or 1 per entry: the sign of ``self - other``."""
        return (self - other).sign()


"""Accurate, overflow-safe softmax numerics in float64.

Used by the cross-checks, ``derive.testing`` and the benchmark; the aim is a
few ulps for logits up to ``|z| = 1e4``.  How:

* ``z - max z`` is inexact across binades: TwoSum recovers its error ``e`` and
  ``exp(s + e) = exp(s)(1 + e)``; the argument is also reduced by ``K ln 2`` so
  tiny exponentials keep full precision instead of going subnormal.
* Sums use ``math.fsum`` and keep the residual, so the normaliser is a
  double-double; products and quotients run on ``frexp`` mantissas, so the
  error-free transformations never underflow, and each result rounds once.
* ``1 - p_k`` is never formed: the Jacobian diagonal is ``p_k`` times the share
  of the other classes, and the log of the normaliser is ``log1p`` of that share.
* ``logsumexp`` is backward stable; near a zero of the result it is
  ill-conditioned and its error is bounded in ulps of ``max(|max z|, log n)``.

The 50-digit mpmath references (``mp_*``) and ``ulp_error`` live in
:mod:`derive.numeric.reference` and are re-exported here.
"""
from __future__ import annotations

import math
from numbers import Integral

import numpy as np

from .reference import _as_vector
from .reference import (mp_cross_entropy_grad, mp_jacobian, mp_log_softmax,  # noqa: F401
                                mp_logsumexp, mp_softmax, ulp_error)             # re-exported

__all__ = [
    "softmax", "log_softmax", "logsumexp", "softmax_jacobian", "cross_entropy_grad",
    "mp_softmax", "mp_log_softmax", "mp_logsumexp", "mp_jacobian", "mp_cross_entropy_grad",
    "ulp_error", "sample_logits", "LOGIT_KINDS",
]

_SPLITTER = 134217729.0          # 2**27 + 1, Veltkamp's constant for float64
_ROW_BLOCK = 256                 # Jacobian rows per block: bounds the n x n temporaries


def _two_sum(a, b):
    s = a + b
    bb = s - a
    return s, (a - (s - bb)) + (b - bb)


def _split(a):
    c = _SPLITTER * a
    hi = c - (c - a)
    return hi, a - hi


def _two_prod(a, b):
    """Exact ``a*b = p + err`` for mantissa-sized operands (no under/overflow)."""
    p = a * b
    ah, al = _split(a)
    bh, bl = _split(b)
    return p, ((ah * bh - p) + ah * bl + al * bh) + al * bl


def _normalise(hi, lo, ex=0):
    """``(hi + lo) * 2**ex = (mh + ml) * 2**e`` with ``mh`` in [0.5, 1) (or 0)."""
    mh, e = np.frexp(hi)
    return mh, np.ldexp(lo, -e), e + ex


def _dd_div(ah, al, bh, bl, ea=0, eb=0):
    """``(ah + al) 2**ea / ((bh + bl) 2**eb)`` as a mantissa double-double and an exponent."""
    ma, la, ea = _normalise(ah, al, ea)
    mb, lb, eb = _normalise(bh, bl, eb)
    q = ma / mb
    p, perr = _two_prod(q, mb)
    r = (((ma - p) - perr) + la - q * lb) / mb
    hi = q + r
    return hi, r - (hi - q), ea - eb


def _dd_mul(ah, al, ea, bh, bl, eb):
    """``(ah + al) 2**ea * (bh + bl) 2**eb`` as a mantissa double-double and an exponent."""
    ma, la, ea = _normalise(ah, al, ea)
    mb, lb, eb = _normalise(bh, bl, eb)
    p, err = _two_prod(ma, mb)
    return p, err + (ma * lb + la * mb), ea + eb


def _to_float(hi, lo, ex):
    # one rounding for normal results; at most half a unit more when subnormal
    return np.ldexp(hi + lo, ex)


def _scaled_fsum(hi, lo, ex):
    """Sum of ``(hi + lo) * 2**ex`` as ``(s_hi, s_lo, e)``, at the largest term's scale."""
    top = int(ex.max()) if ex.size else 0
    parts = np.ldexp(hi, ex - top).tolist() + np.ldexp(lo, ex - top).tolist()
    s_hi = math.fsum(parts)
    return s_hi, math.fsum(parts + [-s_hi]), top


_LN2_HI = float.fromhex("0x1.62e42fee00000p-1")   # 32 bits: K * _LN2_HI is exact
_LN2_LO = 1.9082149292705877e-10
_FAR = 5000.0


class _Exps:
    """``exp(z_i - max z) = (hi + lo) * 2**ex`` with ``hi`` in (0.5, 1.5) and sums of them.

    ``exp`` is taken of a reduced argument ``s + K ln 2``, so entries far below
    the maximum keep full relative precision instead of going subnormal.
    """

    def __init__(self, z: np.ndarray):
        self.top = int(np.argmax(z))
        self.m = z[self.top]
        with np.errstate(over="ignore", invalid="ignore"):
            self.s, ds = _two_sum(z, -self.m)        # z - m = s + ds exactly (or -inf)
        self.ds = np.where(np.isfinite(self.s), ds, 0.0)
        r = np.maximum(self.s, -_FAR)                # exp(-_FAR) underflows every result
        k = np.rint(-r / math.log(2.0))
        t, dt = _two_sum(r, k * _LN2_HI)
        t, dt2 = _two_sum(t, k * _LN2_LO)
        self.hi = np.exp(t)
        self.lo = self.hi * (dt + dt2 + self.ds)      # exp(t + d) = exp(t)(1 + d) to O(d^2)
        self.ex = -k.astype(np.int64)
        self.sum_hi, self.sum_lo, _ = _scaled_fsum(self.hi, self.lo, self.ex)
        rest = np.arange(z.size) != self.top     # the maximal entry is exactly 1 (s = 0)
        self.rest = _scaled_fsum(self.hi[rest], self.lo[rest], self.ex[rest])

    def probabilities(self):
        """softmax as a mantissa double-double ``(hi, lo, ex)``."""
        return _dd_div(self.hi, self.lo, self.sum_hi, self.sum_lo, self.ex)

    def others(self):
        """``sum_{j != k} exp(s_j)`` for every k, as ``(hi, lo, ex)``."""
        a, b = _two_sum(self.sum_hi, -np.ldexp(self.hi, self.ex))
        hi, lo = _two_sum(a, b + self.sum_lo - np.ldexp(self.lo, self.ex))
        ex = np.zeros(hi.size, dtype=np.int64)
        hi[self.top], lo[self.top], ex[self.top] = self.rest   # avoids the one cancellation
        return hi, lo, ex

    def log_sum(self):
        """``log(sum exp(s)) = log1p(others of the maximum)`` as ``hi + lo``."""
        r_hi, r_lo = math.ldexp(self.rest[0], self.rest[2]), math.ldexp(self.rest[1], self.rest[2])
        return math.log1p(r_hi), r_lo / (1.0 + r_hi)


def softmax(z) -> np.ndarray:
    """``exp(z_k) / sum_j exp(z_j)`` for a non-empty finite 1-D ``z``; about 1 ulp.

    Example:
        >>> softmax([1000.0, 1000.0]).tolist()
        [0.5, 0.5]
    """
    return _to_float(*_Exps(_as_vector(z, "z")).probabilities())


def log_softmax(z) -> np.ndarray:
    """``z_k - log sum_j exp(z_j)``; both parts are non-positive so nothing cancels.

    Example:
        >>> log_softmax([0.0]).tolist()
        [0.0]
    """
    ex = _Exps(_as_vector(z, "z"))
    l_hi, l_lo = ex.log_sum()
    with np.errstate(invalid="ignore"):
        a, b = _two_sum(ex.s, -l_hi)
        out = a + (b + ex.ds - l_lo)
    return np.where(np.isfinite(ex.s), out, -np.inf)    # only where z - max z overflows


def logsumexp(z) -> float:
    """``log sum_j exp(z_j)`` without overflow (backward stable).

    Example:
        >>> logsumexp([1000.0, 1000.0]) == 1000.0 + math.log(2.0)
        True
    """
    ex = _Exps(_as_vector(z, "z"))
    l_hi, l_lo = ex.log_sum()
    a, b = _two_sum(float(ex.m), l_hi)
    return float(a + (b + l_lo))


def softmax_jacobian(z) -> np.ndarray:
    """``J[k, j] = d p_k / d z_j = p_k (delta_kj - p_j)``, an ``(n, n)`` array.

    The diagonal is ``p_k * sum_{j != k} p_j``; rows are built in blocks.

    Example:
        >>> softmax_jacobian([0.0, 0.0]).tolist()
        [[0.25, -0.25], [-0.25, 0.25]]
    """
    ex = _Exps(_as_vector(z, "z"))
    ph, pl, pe = ex.probabilities()
    oh, ol, oe = ex.others()
    th, tl, te = _dd_div(oh, ol, ex.sum_hi, ex.sum_lo, oe)     # share of the other classes
    size = ph.size
    out = np.empty((size, size))
    for start in range(0, size, _ROW_BLOCK):
        rows = slice(start, min(start + _ROW_BLOCK, size))
        p, err = _two_prod(ph[rows, None], ph[None, :])          # broadcasts to a block of rows
        err = err + (ph[rows, None] * pl[None, :] + pl[rows, None] * ph[None, :])
        out[rows] = -np.ldexp(p + err, pe[rows, None] + pe[None, :])
    out[np.diag_indices(size)] = _to_float(*_dd_mul(ph, pl, pe, th, tl, te))
    return out


def cross_entropy_grad(z, y) -> np.ndarray:
    """Gradient in ``z`` of ``-sum_i y_i log softmax(z)_i``: ``softmax(z) * sum(y) - y``.

    ``y`` holds any real weights, one per logit.  Computed as
    ``(e_k sum(y) - y_k S) / S`` with exact products, so the one-hot case
    ``p_k - 1`` does not cancel; the error is a few ulps of ``max(p_k |sum y|, |y_k|)``.

    Example:
        >>> cross_entropy_grad([0.0, 0.0], [1.0, 0.0]).tolist()
        [-0.5, 0.5]
    """
    zv = _as_vector(z, "z")
    yv = _as_vector(y, "y")
    if yv.shape != zv.shape:
        raise ValueError(f"y must have the same length as z ({zv.size}), got {yv.size}")
    # only huge y is scaled (by an exact power of two), so that fsum(y) cannot overflow
    shift = max(0, int(np.frexp(np.max(np.abs(yv)))[1]) - 900)
    yv = np.ldexp(yv, -shift)
    ex = _Exps(zv)
    ylist = yv.tolist()
    y_hi = math.fsum(ylist)
    y_lo = math.fsum(ylist + [-y_hi])
    # e_k * sum(y) and y_k * S as exact products, brought to one exponent before subtracting
    p1, e1, x1 = _dd_mul(ex.hi, ex.lo, ex.ex, y_hi, y_lo, 0)
    p2, e2, x2 = _dd_mul(yv, 0.0, 0, ex.sum_hi, ex.sum_lo, 0)
    big = np.maximum(x1, x2)
    a, b = _two_sum(np.ldexp(p1, x1 - big), -np.ldexp(p2, x2 - big))
    num_hi, num_lo = _two_sum(a, b + (np.ldexp(e1, x1 - big) - np.ldexp(e2, x2 - big)))
    qh, ql, qe = _dd_div(num_hi, num_lo, ex.sum_hi, ex.sum_lo, big + shift)
    with np.errstate(over="ignore"):
        out = _to_float(qh, ql, qe)
    if not np.all(np.isfinite(out)):
        raise ValueError("the gradient overflows float64 for these y (|y| too large)")
    return out


def _huge(n, rng):
    z = rng.uniform(-1e4, 1e4, n)
    # a cluster below the top keeps several probabilities representable at this scale
    near = rng.choice(n, size=max(1, n // 4), replace=False)
    z[near] = z.max() - rng.exponential(40.0, near.size)
    return z


def _ties(n, rng):
    levels = np.array([-1000.0, -2.5, 0.0, 1.5, 700.25, 1000.0])
    z = rng.choice(levels, n)
    if n >= 2:
        z[rng.choice(n, size=2, replace=False)] = z.max()
    return z


def _one_hot_ish(n, rng):
    z = rng.normal(0.0, 1.0, n)
    z[rng.integers(n)] += rng.uniform(20.0, 60.0)
    return z


_KINDS = {
    "normal": lambda n, rng: rng.normal(0.0, 3.0, n),          # moderate logits
    "negative": lambda n, rng: rng.normal(-1000.0, 50.0, n),   # all near -1000: naive exp underflows
    "large": lambda n, rng: rng.uniform(-1000.0, 1000.0, n),   # naive exp overflows
    "huge": _huge,              # |z| up to 1e4 with a cluster under the maximum
    "ties": _ties,              # repeated values, the maximum at least twice
    "one-hot-ish": _one_hot_ish,  # one logit 20..60 above the rest: p_k within 1e-9..1e-26 of 1
}
LOGIT_KINDS = tuple(_KINDS)


def sample_logits(n: int, kind: str, rng) -> np.ndarray:
    """Draw ``n`` test logits of a ``kind`` in ``LOGIT_KINDS``; ``rng`` is a Generator or int seed.

    Example:
        >>> sample_logits(3, "ties", 0).size
        3
    """
    if not isinstance(n, Integral) or isinstance(n, bool) or n < 1:
        raise ValueError(f"n must be a positive int, got {n!r}")
    if kind not in _KINDS:
        raise ValueError(f"kind must be one of {LOGIT_KINDS}, got {kind!r}")
    if isinstance(rng, Integral) and not isinstance(rng, bool):
        rng = np.random.default_rng(int(rng))
    if not isinstance(rng, np.random.Generator):
        raise TypeError(f"rng must be a numpy.random.Generator or an int seed, got {type(rng).__name__}")
    return np.asarray(_KINDS[kind](int(n), rng), dtype=np.float64)

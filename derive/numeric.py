"""Accurate, overflow-safe softmax numerics in float64, with mpmath references.

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
"""
from __future__ import annotations

import math
from numbers import Integral

import mpmath
import numpy as np

__all__ = [
    "softmax", "log_softmax", "logsumexp", "softmax_jacobian", "cross_entropy_grad",
    "mp_softmax", "mp_log_softmax", "mp_logsumexp", "mp_jacobian", "mp_cross_entropy_grad",
    "ulp_error", "sample_logits", "LOGIT_KINDS",
]

_SPLITTER = 134217729.0          # 2**27 + 1, Veltkamp's constant for float64
_ROW_BLOCK = 256                 # Jacobian rows per block: bounds the n x n temporaries


def _as_vector(value, name: str) -> np.ndarray:
    if isinstance(value, (str, bytes)):
        raise TypeError(f"{name} must be a 1-D array of real numbers, got {type(value).__name__}")
    try:
        arr = np.asarray(value)
    except (TypeError, ValueError) as exc:
        raise TypeError(f"{name} must be a 1-D array of real numbers: {exc}") from None
    if arr.dtype.kind not in "iuf":
        raise TypeError(f"{name} must be a 1-D array of real numbers, got dtype {arr.dtype}")
    if arr.ndim != 1:
        raise ValueError(f"{name} must be 1-D, got shape {arr.shape}")
    if arr.size == 0:
        raise ValueError(f"{name} must not be empty")
    arr = arr.astype(np.float64)
    if not np.all(np.isfinite(arr)):
        raise ValueError(f"{name} must be finite, got {arr[~np.isfinite(arr)][0]!r} among its entries")
    return arr


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


def _mp_exps(z, dps):
    """Exact float inputs, ``exp(z_i - max z)``, their sum, and the sum without the maximum."""
    if not isinstance(dps, Integral) or isinstance(dps, bool) or dps < 15:
        raise ValueError(f"dps must be an int >= 15, got {dps!r}")
    zs = [mpmath.mpf(float(v)) for v in _as_vector(z, "z")]
    lead = max(range(len(zs)), key=zs.__getitem__)
    exps = [mpmath.exp(v - zs[lead]) for v in zs]
    rest = mpmath.fsum(e for t, e in enumerate(exps) if t != lead)   # no 1 + tiny rounding
    return zs, lead, exps, 1 + rest, rest


def _until_resolved(compute, dps):
    """Double the precision until no entry's cancellation error matters.

    ``compute()`` returns values and, per value, the size of the terms that
    cancel in it.  The error ``2**(24 - prec) * size`` must fall below ``dps``
    digits of the value or below ``2**-1100``, which it does by about 2300 bits.
    """
    prec = max(int(dps * 3.33) + 8, 64)
    while True:
        with mpmath.workprec(prec):
            values, bounds = compute()
            slack = mpmath.ldexp(1, 24 - prec)
            if all(slack * b <= max(abs(v) * mpmath.ldexp(1, -int(dps * 3.32)), mpmath.ldexp(1, -1100))
                   for v, b in zip(values, bounds)):
                return values
        prec *= 2


def mp_softmax(z, dps: int = 50) -> list:
    """Reference softmax: a list of ``mpf`` computed with ``dps`` decimal digits."""
    with mpmath.workdps(dps):
        _, _, exps, total, _ = _mp_exps(z, dps)
        return [e / total for e in exps]


def mp_log_softmax(z, dps: int = 50) -> list:
    """Reference log-softmax: a list of ``mpf`` (``log1p`` keeps ``log(1 + tiny)``)."""
    with mpmath.workdps(dps):
        zs, lead, _, _, rest = _mp_exps(z, dps)
        log_total = mpmath.log1p(rest)
        return [(v - zs[lead]) - log_total for v in zs]


def mp_logsumexp(z, dps: int = 50):
    """Reference ``log sum exp(z)`` as an ``mpf``, resolved where ``max z`` cancels the log."""
    def compute():
        zs, lead, _, _, rest = _mp_exps(z, dps)
        log_total = mpmath.log1p(rest)
        return [zs[lead] + log_total], [abs(zs[lead]) + log_total]
    return _until_resolved(compute, dps)[0]


def mp_jacobian(z, dps: int = 50) -> list:
    """Reference Jacobian ``p_k (delta_kj - p_j)`` as rows of ``mpf``; no ``1 - p_k`` formed."""
    with mpmath.workdps(dps):
        _, lead, exps, total, rest = _mp_exps(z, dps)
        probs = [e / total for e in exps]
        others = [rest if k == lead else total - e for k, e in enumerate(exps)]
        return [[pk * others[k] / total if k == j else -pk * pj for j, pj in enumerate(probs)]
                for k, pk in enumerate(probs)]


def mp_cross_entropy_grad(z, y, dps: int = 50) -> list:
    """Reference ``softmax(z) * sum(y) - y``; ``p_k sum(y)`` may equal ``y_k`` to 300 digits."""
    yv = _as_vector(y, "y")
    if yv.size != np.size(z):
        raise ValueError(f"y must have the same length as z ({np.size(z)}), got {yv.size}")

    def compute():
        _, _, exps, total, _ = _mp_exps(z, dps)
        ys = [mpmath.mpf(float(v)) for v in yv]
        y_total = mpmath.fsum(ys)
        values = [(e * y_total - yk * total) / total for e, yk in zip(exps, ys)]
        return values, [(e * abs(y_total) + abs(yk) * total) / total for e, yk in zip(exps, ys)]
    return _until_resolved(compute, dps)


_SMALLEST_NORMAL = mpmath.ldexp(1, -1022)


def _round_to_float64(value) -> float:
    """Round to nearest float64, including the subnormal range (no double rounding)."""
    with mpmath.workprec(256):                   # strings and ints are read without rounding
        x = value if isinstance(value, mpmath.mpf) else mpmath.mpf(value)
        if mpmath.isnan(x):
            raise ValueError("reference contains NaN")
        if x != 0 and abs(x) < _SMALLEST_NORMAL:     # ldexp is exact; nint rounds half to even
            return math.ldexp(int(mpmath.nint(mpmath.ldexp(x, 1074))), -1074)
    with mpmath.workprec(53):
        return float(+x)                           # '+' rounds to 53 bits, to nearest


def _ordinal(values: np.ndarray) -> np.ndarray:
    """Map float64 to uint64 so that consecutive floats have consecutive keys (+0 == -0)."""
    bits = values.view(np.uint64)
    mag = bits & np.uint64(0x7FFF_FFFF_FFFF_FFFF)
    half = np.uint64(1 << 63)
    return np.where(bits >> np.uint64(63) == 1, half - mag, half + mag)


def ulp_error(computed, reference) -> np.ndarray:
    """Distance in float64 steps between ``computed`` and ``reference`` rounded to float64.

    ``reference`` has the shape of ``computed`` and holds ``mpf`` values, numbers or
    strings; each is rounded to nearest (subnormals included).  Returns a float64
    array of that shape: 0 is correctly rounded, ``inf`` marks a NaN in ``computed``,
    and across zero every float in between counts (``5e-324`` vs ``-5e-324`` is 2).
    """
    comp = np.asarray(computed, dtype=np.float64)
    ref_obj = np.asarray(reference, dtype=object)
    if ref_obj.shape != comp.shape:
        raise ValueError(f"reference has shape {ref_obj.shape}, computed has shape {comp.shape}")
    ref = np.array([_round_to_float64(v) for v in ref_obj.ravel()], dtype=np.float64)
    flat = comp.reshape(-1).copy()
    a, b = _ordinal(flat), _ordinal(ref)
    dist = np.where(a >= b, a - b, b - a).astype(np.float64)
    return np.where(np.isnan(flat), np.inf, dist).reshape(comp.shape)


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

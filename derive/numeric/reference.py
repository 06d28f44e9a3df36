"""50-digit mpmath references for the softmax numerics, and the ulp distance.

The references are independent of :mod:`derive.numeric.kernels` (which they check):
they compute in ``mpmath`` at ``dps`` decimal digits (50 by default) from the
exact float inputs, never form ``1 - p_k`` or ``1 + tiny``, and raise the
precision until cancellation cannot matter.  ``ulp_error`` measures a float64
result against such a reference in float64 steps.

Input validation (``_as_vector``) lives here so both modules share it without
an import cycle; :mod:`derive.numeric.kernels` re-exports every public name.
"""
from __future__ import annotations

import math
from numbers import Integral

import mpmath
import numpy as np

__all__ = [
    "mp_softmax", "mp_log_softmax", "mp_logsumexp", "mp_jacobian", "mp_jacobian_entries",
    "mp_cross_entropy_grad", "ulp_error",
]

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


def mp_jacobian_entries(z, rows, cols, dps: int = 50) -> list:
    """Reference Jacobian entries ``J[rows[t], cols[t]]`` as ``mpf``, without the n x n matrix.

    For large ``n``, where :func:`mp_jacobian` would build ``n**2`` values;
    ``rows`` and ``cols`` are equally long sequences of 0-based indices.
    """
    rows, cols = [int(r) for r in rows], [int(c) for c in cols]
    if len(rows) != len(cols):
        raise ValueError(f"rows and cols must be equally long, got {len(rows)} and {len(cols)}")
    with mpmath.workdps(dps):
        _, lead, exps, total, rest = _mp_exps(z, dps)
        if any(not 0 <= t < len(exps) for t in rows + cols):
            raise ValueError(f"rows and cols must be indices in 0..{len(exps) - 1}")
        probs = {t: exps[t] / total for t in set(rows + cols)}

        def entry(k, j):
            if k != j:
                return -probs[k] * probs[j]
            return probs[k] * (rest if k == lead else total - exps[k]) / total
        return [entry(k, j) for k, j in zip(rows, cols)]


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

"""Dtypes, and arrays from other libraries, without importing those libraries.

:data:`DTYPES` describes the four floating-point formats an implementation can
be checked at: precision ``p`` (significand bits with the implicit one), the
smallest normal exponent, the largest finite value, and the NumPy dtype of the
arrays ``fn`` receives (NumPy has no bfloat16: bfloat16 inputs arrive as
float32 arrays holding bfloat16 values; a ``wrap=`` converts them).

:func:`host_array` turns what ``fn`` returns into a NumPy array: a NumPy
array or scalar as it is; anything with ``__dlpack__`` through
``numpy.from_dlpack`` (a PyTorch or JAX CPU tensor; ``detach()`` first when
autograd holds on to it); anything with ``__array__`` through
``numpy.asarray``; a GPU array through its own ``get()`` (only when it has
``__cuda_array_interface__``) or ``cpu()``; a
bfloat16 tensor, which NumPy cannot hold, through ``float()``.  The dtype name
is read before any conversion, so a float64 result of a float32 check is seen.
"""
from __future__ import annotations

from dataclasses import dataclass

import numpy as np

__all__ = ["DType", "DTYPES", "TOLERANCE", "host_array", "summary"]

TOLERANCE = 8.0             # allowed error: TOLERANCE * u * sigma + tiny (see derive.testing)


@dataclass(frozen=True)
class DType:
    """A floating-point format: ``p`` significand bits, normal exponents from ``emin``."""

    name: str
    p: int
    emin: int
    largest: float
    container: type

    @property
    def u(self) -> float:
        """The unit roundoff, ``2**-p``."""
        return 2.0 ** -self.p

    @property
    def tiny(self) -> float:
        """The smallest positive normal number."""
        return 2.0 ** self.emin

    def round(self, values) -> np.ndarray:
        """float64 copies of ``values`` rounded to this format (to nearest, ties to even)."""
        x = np.asarray(values, dtype=np.float64)
        if self.name == "bfloat16":
            bits = x.astype(np.float32).view(np.uint32).astype(np.uint64)
            bits = (bits + 0x7FFF + ((bits >> 16) & 1)) & 0xFFFF0000
            return bits.astype(np.uint32).view(np.float32).astype(np.float64)
        with np.errstate(over="ignore"):          # beyond the format's range: inf, as a cast gives
            return x.astype(self.container).astype(np.float64)

    def ulp(self, values) -> np.ndarray:
        """The spacing of this format at ``|values|`` (the subnormal spacing below ``tiny``)."""
        x = np.abs(np.asarray(values, dtype=np.float64))
        with np.errstate(divide="ignore"):
            e = np.floor(np.log2(np.where(x > 0, x, self.tiny)))
        return np.ldexp(1.0, (np.maximum(e, self.emin) - (self.p - 1)).astype(np.int64))


DTYPES = {
    "float16": DType("float16", 11, -14, 65504.0, np.float16),
    "bfloat16": DType("bfloat16", 8, -126, float(np.finfo(np.float32).max) * (1 - 2.0 ** -8),
                      np.float32),
    "float32": DType("float32", 24, -126, float(np.finfo(np.float32).max), np.float32),
    "float64": DType("float64", 53, -1022, float(np.finfo(np.float64).max), np.float64),
}


def dtype_name(obj) -> str | None:
    """The element type's name (``float32``, ``bfloat16``), or None for untyped Python data."""
    dtype = getattr(obj, "dtype", None)
    if dtype is None:
        return None
    name = getattr(dtype, "name", None) if isinstance(dtype, np.dtype) else None
    return name or str(dtype).rsplit(".", 1)[-1]


def _try(convert, obj):
    try:
        return convert(obj)
    except (BufferError, RuntimeError, TypeError, ValueError, AttributeError):
        return None


def _dlpack(obj):
    if not hasattr(obj, "__dlpack__"):
        return None
    found = _try(np.from_dlpack, obj)
    detach = getattr(obj, "detach", None)
    if found is None and callable(detach):            # autograd keeps a tensor from export
        found = _try(lambda o: np.from_dlpack(o.detach()), obj)
    return found


def _asarray(obj):
    if not hasattr(obj, "__array__"):
        return None
    detach = getattr(obj, "detach", None)
    found = _try(np.asarray, obj)
    if found is None and callable(detach):
        found = _try(lambda o: np.asarray(o.detach()), obj)
    return found


def host_array(obj) -> tuple[np.ndarray, str | None]:
    """``(NumPy array, dtype name)`` of what an implementation returned.

    Raises:
        TypeError: nothing converts it (the message names its type).
    """
    if isinstance(obj, (np.ndarray, np.generic)):
        return np.asarray(obj), obj.dtype.name
    if isinstance(obj, (bool, int, float, complex, list, tuple)):
        try:
            return np.asarray(obj), None
        except ValueError as exc:       # a ragged list: rows of different lengths
            raise TypeError(f"fn returned a ragged {type(obj).__name__}, not an array ({exc})") from None
    name = dtype_name(obj)
    candidates = [obj]
    for method in ("detach", "cpu", "get"):            # autograd, a GPU tensor, a CuPy array
        step = getattr(candidates[-1], method, None)
        if method == "get" and not hasattr(candidates[-1], "__cuda_array_interface__"):
            continue            # only a device array's get() is a copy to the host (a queue's blocks)
        if callable(step):
            moved = _try(lambda o: getattr(o, method)(), candidates[-1])
            if moved is not None and not isinstance(moved, type(None)):
                candidates.append(moved)
    for candidate in candidates:
        for convert in (_dlpack, _asarray):
            found = convert(candidate)
            if isinstance(found, np.ndarray) or isinstance(found, np.generic):
                return np.asarray(found), name
    widen = getattr(candidates[-1], "float", None)      # bfloat16 tensors: NumPy has no such type
    if callable(widen):
        wider = _try(lambda o: o.float(), candidates[-1])
        if wider is not None:
            for convert in (_dlpack, _asarray):
                found = convert(wider)
                if isinstance(found, np.ndarray):
                    return found, name
    raise TypeError(f"cannot convert the {type(obj).__module__}.{type(obj).__name__} that fn "
                    f"returned to a NumPy array (it has no __array__ or __dlpack__)")


def summary(arr: np.ndarray) -> str:
    """A one-line view of an input: all of a short vector, the ends and extremes of a long one."""
    arr = np.asarray(arr, dtype=np.float64)
    if arr.ndim == 0:
        return repr(float(arr))
    if arr.ndim == 1:
        if arr.size <= 12:
            return "[" + ", ".join(repr(float(v)) for v in arr) + "]"
        head = ", ".join(repr(float(v)) for v in arr[:4])
        tail = ", ".join(repr(float(v)) for v in arr[-2:])
        return (f"[{head}, ..., {tail}] (n = {arr.size}, min {float(arr.min())!r}, "
                f"max {float(arr.max())!r} at index {int(np.argmax(arr))})")
    rows = [summary(row) for row in arr[:3]]
    more = f", ... ({arr.shape[0]} rows)" if arr.shape[0] > 3 else ""
    return f"shape {arr.shape}: [" + ", ".join(rows) + more + "]"

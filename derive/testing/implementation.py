"""``assert_implementation``: check a numerical function against a symbolic expression.

The function is called the way its users call it (NumPy arrays, or a
library's tensors through ``wrap=``; batched along any axis; float16 to
float64) on random and extreme logits, and every output entry is compared
with the expression (see :mod:`.engine` for the checks and the tolerance).
"""
from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from numbers import Integral, Real
from typing import Callable

import numpy as np
from sympy import Basic, Expr, Idx, Indexed, IndexedBase, MatrixBase, Symbol
from sympy.core.relational import Relational
from sympy.tensor.array import NDimArray

from .. import symbols as _sym
from ..kernel.indices import free_indices
from ..numeric.kernels import LOGIT_KINDS
from .arrays import DTYPES
from .engine import Options, run
from .spec import explicit_spec, indexed_spec

__all__ = ["assert_implementation", "DEFAULT_NS", "DEFAULT_KINDS"]

DEFAULT_NS = (1, 2, 3, 5, 8, 100, 1025)    # 1025: one past a block of 1024 (a GPU kernel's tail)
DEFAULT_KINDS = ("normal", "negative", "large", "huge", "ties", "one-hot-ish")
DEFAULT_TIMEOUT = 60.0      # seconds per call of fn


def assert_implementation(fn: Callable, expr, *, family=_sym.z, indices=None, symbols=None,
                          extra=None, batch=(), axis: int = -1, dtype: str = "float64",
                          ns=None, dims=None, kinds=None, rtol=None, atol=None, seed: int = 0,
                          wrap: Callable | None = None, deterministic: bool = True,
                          timeout: float | None = DEFAULT_TIMEOUT) -> int:
    """Assert that ``fn`` computes ``expr``, the way its users call it.

    ``expr`` is either a general-n expression in an indexed ``family``
    (``exp(z[k]) / Sum(exp(z[i]), (i, 1, n))``; a two-index family ``X[b, k]``
    is a 2-D input), or an expression, list or Matrix in explicit ``symbols``
    (``z1, z2, z3``, bound to the input vector in order or by a mapping
    ``{z1: 0, ...}``; inferred when the names are numbered).

    For each size in ``ns`` (other dimensions from ``dims``) and each kind in
    ``kinds``, logits are drawn (the last axis of ``batch`` slices cycles
    through the kinds), rounded to ``dtype``, and ``fn(logits, *extras)`` is
    called, twice.  It must raise nothing, return within ``timeout``, leave its
    inputs unmodified, return real numbers of ``dtype`` and of the right shape,
    return the same bits both times, and agree with ``expr`` at every compared
    entry within ``8 * u * sigma + tiny``: ``u`` and ``tiny`` are the unit
    roundoff and smallest normal number of ``dtype``, and ``sigma`` is the
    running error bound of ``expr`` as written at that input, each entry
    carrying one rounding of its size (the backward error of a backward-stable
    implementation; ``exp`` passes on the error of its argument times its
    value, a sum of r terms adds ``max(ceil(log2 r), sqrt(r - 1))`` roundings)
    or, where the entry does not change when each logit vector is shifted by
    its maximum (softmax, log-softmax, their derivatives), the larger of that
    and the bound at the shifted input, whose entries carry the rounding of
    the shift (see :mod:`derive.testing.engine`).  Every output entry is compared up to
    2,097,152 per slice (a 1025 x 1025 Jacobian in full); beyond that a
    sampled block of 256 positions per axis, and a failure says which.

    Args:
        fn: the implementation; it receives NumPy arrays (or ``wrap(array)``)
            and may return NumPy arrays, scalars, lists, or the arrays of
            another library (converted through ``__dlpack__`` or ``__array__``).
        expr: the expected output (see above).
        family: the IndexedBase the input binds to (indexed form).
        indices: the output indices in the order of the output axes; by
            default the free index of ``expr`` (none for a scalar).
        symbols: the explicit symbols, in input order, or ``{symbol: position}``.
        extra: further inputs ``{symbol_or_family: value or callable}``, passed
            after the main input in this order; a callable gets ``(n, rng)``
            (the shape instead of ``n`` for a family of two or more indices).
        batch: leading batch shape, such as ``(4,)``; each slice is checked.
        axis: the axis of the input array that runs over the family (any axis
            of ``batch + (n,)``); the output axes take its place.
        dtype: ``"float16"``, ``"bfloat16"``, ``"float32"`` or ``"float64"`` (or
            the type as NumPy or a library spells it: ``np.float32``, ``torch.float32``).
        ns: the sizes ``n`` (default ``DEFAULT_NS``: 1, 2, 3, 5, 8, 100, 1025).  One call's
            inputs may hold 2**21 entries and its output 2**24 (batch included); a larger
            case is refused before anything is drawn.
        dims: sizes of other dimension symbols, ``{N: (1, 3)}`` (default 1 and 3).
        kinds: logit kinds from ``derive.numeric.LOGIT_KINDS`` (default all six:
            moderate, all near -1000, within +-1000, up to +-1e4, ties, one-hot).
        rtol, atol: replace the default rule by ``atol + rtol * |expected|``.
        seed: seed of the inputs.
        wrap: called on each input array before ``fn`` sees it, such as
            ``torch.from_numpy`` or ``jax.numpy.asarray``.
        deterministic: also require two calls to return the same bits.
        timeout: seconds one call of ``fn`` may take (None: no limit); a call
            that takes longer fails the check.  Enforced with ``SIGALRM`` in
            the main thread only (elsewhere there is no limit), and only when
            ``fn`` runs Python code: a call stuck inside native code is not
            interrupted until it returns.

    Returns:
        the number of entries compared (always positive).

    Raises:
        AssertionError: the first failure; the message shows the case, the
            input, the entry, the value returned, the expected value and the
            error in ulps of ``dtype``.
        TypeError, ValueError: bad arguments; the message names the argument.
    """
    fn, spec, opts = _prepare(fn, expr, family, indices, symbols, extra, batch, axis, dtype, ns, dims,
                              kinds, rtol, atol, seed, wrap, deterministic, timeout)
    return run(fn, spec, opts)


def _is_explicit(expr, family, symbols) -> bool:
    if symbols is not None or isinstance(expr, (list, tuple, MatrixBase, NDimArray)):
        return True
    return not expr.atoms(Indexed)          # an indexed expression names its family (family=)


def _prepare(fn, expr, family, indices, symbols, extra, batch, axis, dtype, ns, dims, kinds,
             rtol, atol, seed, wrap, deterministic, timeout=DEFAULT_TIMEOUT):
    if not callable(fn):
        raise TypeError(f"fn must be callable, got {type(fn).__name__}")
    _check_expr(expr)
    _check_family(family)
    extra = _extra(extra)
    if _is_explicit(expr, family, symbols):
        if indices is not None:
            raise ValueError("indices applies to an indexed expression, not to explicit symbols")
        if ns is not None:
            raise ValueError("ns does not apply to explicit symbols: the input has one entry per symbol")
        spec = explicit_spec(expr, symbols, extra)
    else:
        spec = indexed_spec(expr, family, _indices(expr, indices), extra)
    opts = Options(_dtype(dtype), _batch(batch), _axis(axis, batch, spec), _ns(ns), _dims(dims),
                   _kinds(kinds), _tol("rtol", rtol), _tol("atol", atol), _seed(seed),
                   _wrap(wrap), _bool("deterministic", deterministic), _timeout(timeout))
    return fn, spec, opts


def _check_expr(expr, name: str = "expr") -> None:
    if isinstance(expr, str):
        raise TypeError(f"{name} must be a SymPy expression, list or Matrix; strings are never evaluated")
    if isinstance(expr, Relational) or not isinstance(expr, (Expr, list, tuple, MatrixBase, NDimArray)):
        raise TypeError(f"{name} must be a SymPy expression, list or Matrix, got {type(expr).__name__}")


def _check_family(family) -> None:
    if not isinstance(family, IndexedBase):
        raise TypeError(f"family must be a SymPy IndexedBase, got {type(family).__name__}")


def _indices(expr, indices) -> tuple:
    if indices is None:
        free = free_indices(expr)
        if len(free) > 1:
            raise ValueError(f"expr has the free indices {', '.join(map(str, free))}: give "
                             f"indices=(...) in the order of the output axes")
        return tuple(free)
    if isinstance(indices, (str, Basic)) or not isinstance(indices, Sequence):
        raise TypeError(f"indices must be a tuple of SymPy Idx or Symbol, got {indices!r}")
    if not all(isinstance(idx, (Idx, Symbol)) for idx in indices) or len(set(indices)) != len(indices):
        raise ValueError(f"indices must be distinct SymPy Idx or Symbol objects, got {indices!r}")
    return tuple(indices)


def _extra(extra) -> dict:
    if extra is None:
        return {}
    if not isinstance(extra, Mapping):
        raise TypeError(f"extra must be a mapping from symbols or families to values, got {extra!r}")
    if not all(isinstance(key, (Symbol, IndexedBase)) for key in extra):
        raise TypeError(f"extra keys must be SymPy Symbols or IndexedBases, got {list(extra)!r}")
    return dict(extra)


def _dtype(dtype):
    """The DType of a name, or of a type as NumPy (``np.float32``, ``"f4"``) or a library spells it."""
    name = dtype if isinstance(dtype, str) and dtype in DTYPES else None
    if name is None and dtype is not None and not isinstance(dtype, (list, dict, set)):
        try:
            name = np.dtype(dtype).name
        except (TypeError, ValueError):
            name = str(dtype).rsplit(".", 1)[-1]        # torch.float32, jax's dtypes
    if name not in DTYPES:
        raise ValueError(f"dtype must be one of {tuple(DTYPES)}, got {dtype!r}")
    return DTYPES[name]


def _batch(given) -> tuple:
    batch = (given,) if isinstance(given, Integral) and not isinstance(given, bool) else given
    if (not isinstance(batch, Sequence) or isinstance(batch, str)
            or any(isinstance(b, bool) or not isinstance(b, Integral) or b < 1 for b in batch)):
        raise ValueError(f"batch must be a tuple of positive ints such as (4,), got {given!r}")
    if math.prod(batch) > 4096:
        raise ValueError(f"batch {tuple(batch)} has {math.prod(batch)} slices; at most 4096 are checked")
    return tuple(int(b) for b in batch)


def _axis(axis, batch, spec) -> int:
    batch = _batch(batch)
    if isinstance(axis, bool) or not isinstance(axis, Integral):
        raise TypeError(f"axis must be an int, got {axis!r}")
    if not -len(batch) - 1 <= axis <= len(batch):
        raise ValueError(f"axis must lie in {-len(batch) - 1}..{len(batch)} for batch {batch}, got {axis}")
    if len(spec.ranges) != 1 and axis % (len(batch) + 1) != len(batch):
        raise ValueError(f"axis applies to a 1-D input; {spec.family} has {len(spec.ranges)} axes, "
                         f"which follow the batch")
    return int(axis)


def _ns(ns, name: str = "ns") -> tuple:
    if ns is None:
        return DEFAULT_NS
    values = tuple(ns) if isinstance(ns, Sequence) and not isinstance(ns, str) else None
    if not values or any(isinstance(v, bool) or not isinstance(v, Integral) or v < 1 for v in values):
        raise ValueError(f"{name} must be a non-empty sequence of positive ints, got {ns!r}")
    return tuple(int(v) for v in values)


def _dims(dims) -> dict:
    if dims is None:
        return {}
    if not isinstance(dims, Mapping) or not all(isinstance(k, Symbol) for k in dims):
        raise TypeError(f"dims must map dimension Symbols to sizes, got {dims!r}")
    return {key: _ns((v,) if isinstance(v, Integral) else v, f"dims[{key}]") for key, v in dims.items()}


def _kinds(kinds) -> tuple:
    if kinds is None:
        return DEFAULT_KINDS
    values = tuple(kinds) if isinstance(kinds, Sequence) and not isinstance(kinds, str) else None
    if not values or any(kind not in LOGIT_KINDS for kind in values):
        raise ValueError(f"kinds must be a non-empty sequence drawn from {LOGIT_KINDS}, got {kinds!r}")
    return values


def _tol(name, tol):
    if tol is None:
        return None
    if isinstance(tol, bool) or not isinstance(tol, Real) or not 0 <= tol < math.inf:
        raise ValueError(f"{name} must be a finite number >= 0, got {tol!r}")
    return float(tol)


def _seed(seed) -> int:
    if isinstance(seed, bool) or not isinstance(seed, Integral):
        raise TypeError(f"seed must be an int, got {seed!r}")
    if seed < 0:
        raise ValueError(f"seed must be a non-negative int (NumPy's generators take no other), got {seed}")
    return int(seed)


def _wrap(wrap):
    if wrap is not None and not callable(wrap):
        raise TypeError(f"wrap must be callable or None, got {type(wrap).__name__}")
    return wrap


def _timeout(timeout) -> float | None:
    if timeout is None:
        return None
    if isinstance(timeout, bool) or not isinstance(timeout, Real):
        raise TypeError(f"timeout must be a number of seconds or None, got {timeout!r}")
    if not 0 < timeout < math.inf:
        raise ValueError(f"timeout must be a positive, finite number of seconds or None, got {timeout!r}")
    return float(timeout)


def _bool(name, value) -> bool:
    if not isinstance(value, bool):
        raise TypeError(f"{name} must be a bool, got {value!r}")
    return value

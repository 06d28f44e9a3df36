"""The inputs of a check: sizes, logit kinds, batches, dtypes.

A *case* is one size assignment (``n`` from ``ns``, every other dimension
from ``dims``) and one starting logit kind.  Its input holds one slice per
batch entry; slice ``b`` of case ``t`` is drawn from kind
``kinds[(t + b) % len(kinds)]``, so a batch mixes kinds (a row of logits near
-1000 beside one near +1000 exposes a maximum taken over the whole batch).
A 2-D family draws each fibre along its class axis (the one of length ``n``)
from the slice's kind.  Every value is rounded to the dtype before anything
is computed from it, so the reference sees exactly what ``fn`` sees.
"""
from __future__ import annotations

from dataclasses import dataclass
from itertools import product
from numbers import Integral, Real

import numpy as np

from .. import symbols as _sym
from ..numeric.kernels import sample_logits
from .arrays import DType
from .spec import Spec, axis_lengths

__all__ = ["Case", "Inputs", "cases", "draw_inputs", "DEFAULT_DIMS"]

DEFAULT_DIMS = (1, 3)       # a dimension other than n (a batch size N): one row, and several


@dataclass(frozen=True)
class Case:
    """One size assignment and the kind its first slice is drawn from."""

    number: int
    sizes: dict
    kind: int


@dataclass(frozen=True)
class Inputs:
    """A case's inputs, canonical: axis 0 runs over the flattened batch.

    Attributes:
        main: float64, shape (batch, *family shape), values of the dtype.
        families: extra family -> float64 array, shape (batch, *its shape).
        scalars: extra symbol -> float.
        kinds: the kind of each slice.
    """

    main: np.ndarray
    families: dict
    scalars: dict
    kinds: tuple


def cases(spec: Spec, ns, dims, kinds) -> list[Case]:
    """Every (sizes, kind) of a check, in a fixed order."""
    symbols = sorted(spec.size_symbols, key=str)
    choices = []
    for sym in symbols:
        if sym == _sym.n:
            choices.append([(sym, v) for v in ns])
        else:
            choices.append([(sym, v) for v in dims.get(sym, DEFAULT_DIMS)])
    out = []
    for combo in product(*choices):
        for kind in range(len(kinds)):
            out.append(Case(len(out), dict(combo), kind))
    return out


def _draw(shape, fibre, kind, rng) -> np.ndarray:
    moved = list(shape[:fibre]) + list(shape[fibre + 1:])
    count = int(np.prod(moved)) if moved else 1
    rows = [sample_logits(shape[fibre], kind, rng) for _ in range(count)]
    block = np.array(rows).reshape(tuple(moved) + (shape[fibre],))
    return np.moveaxis(block, -1, fibre)


def _value(key, make, arg, rng):
    if not callable(make):
        return make
    try:
        return make(arg, rng)
    except Exception as exc:  # noqa: BLE001 - the user's generator; its own traceback is chained
        raise ValueError(f"extra[{key}] raised {type(exc).__name__}: {exc} (a callable extra is "
                         f"called as make({'shape' if isinstance(arg, tuple) else 'n'}, rng))") from exc


def draw_inputs(spec: Spec, case: Case, batch: int, kinds, dtype: DType, rng) -> Inputs:
    """The case's inputs (see the module docstring).

    Raises:
        ValueError: an extra input of the wrong shape, or not finite and real.
    """
    shape = axis_lengths(spec.ranges, case.sizes)
    slice_kinds = tuple(kinds[(case.kind + b) % len(kinds)] for b in range(batch))
    main = np.stack([dtype.round(_draw(shape, spec.fibre, k, rng)) for k in slice_kinds])
    families, scalars = {}, {}
    n_value = case.sizes.get(_sym.n, shape[0] if shape else 1)
    for extra in spec.extras:
        if extra.ranges:
            ext = axis_lengths(extra.ranges, case.sizes)
            arg = ext[0] if len(ext) == 1 else ext
            rows = []
            for _ in range(batch):
                value = _value(extra.key, extra.make, arg, rng)
                try:
                    arr = np.array(value, dtype=np.float64)
                except (TypeError, ValueError) as exc:
                    raise ValueError(f"extra[{extra.key}] must give real numbers: {exc}") from None
                if arr.shape != ext:
                    raise ValueError(f"extra[{extra.key}] must have shape {ext}, got shape {arr.shape}")
                if not np.all(np.isfinite(arr)):
                    raise ValueError(f"extra[{extra.key}] must be finite")
                rows.append(dtype.round(arr))
            families[extra.key] = np.stack(rows)
        else:
            value = _value(extra.key, extra.make, n_value, rng)
            if isinstance(value, bool) or not isinstance(value, (Real, Integral, np.number)) \
                    or not np.isfinite(float(value)):
                raise ValueError(f"extra[{extra.key}] must be a finite real number, got {value!r}")
            scalars[extra.key] = float(value) if not isinstance(value, Integral) else int(value)
    return Inputs(main, families, scalars, slice_kinds)

"""Section 4: accuracy and speed of the project's softmax numerics.

``derive.numeric.softmax``, ``log_softmax`` and ``softmax_jacobian`` (the ones
the cross-checks and ``derive.testing`` use) are compared with the 50-digit
mpmath references of :mod:`derive.numeric.reference`, in float64 steps (ulps),
on every logit kind of ``derive.numeric.LOGIT_KINDS`` (``huge`` reaches
``|z| = 1e4``, ``ties`` repeats the maximum).  SciPy's ``softmax`` and
``log_softmax`` (and its ``p`` in ``diag(p) - p pᵀ``) are measured on the same
arrays, for contrast.  At large ``n`` the Jacobian is compared on a sample:
its whole diagonal, the row of the largest logit and ``n`` random entries.
"""
from __future__ import annotations

import time
from dataclasses import dataclass

import numpy as np
import scipy.special

from ..numeric import kernels as nm
from ..numeric.reference import (mp_jacobian, mp_jacobian_entries, mp_log_softmax, mp_softmax,
                                 ulp_error)
from .model import rounded

__all__ = ["AccuracyRow", "SpeedRow", "NumericsResult", "FUNCTIONS", "measure_numerics"]

FUNCTIONS = ("softmax", "log_softmax", "softmax_jacobian")
_SEED = 20240607


@dataclass(frozen=True)
class AccuracyRow:
    """Largest ulp error of one function on one kind of logits at one length."""

    function: str
    kind: str
    n: int
    draws: int
    entries: int          # values compared over all draws
    sampled: bool         # Jacobian entries sampled rather than all n**2
    max_ulp: float        # derive.numeric
    scipy_max_ulp: float  # SciPy on the same arrays

    def record(self) -> dict:
        return {"function": self.function, "kind": self.kind, "n": self.n, "draws": self.draws,
                "entries": self.entries, "sampled": self.sampled, "max_ulp": self.max_ulp,
                "scipy_max_ulp": self.scipy_max_ulp}


@dataclass(frozen=True)
class SpeedRow:
    """Seconds per call of derive.numeric.kernels and SciPy on the same array."""

    function: str
    n: int
    derive_seconds: float
    scipy_seconds: float

    @property
    def slowdown(self) -> float:
        return self.derive_seconds / self.scipy_seconds

    def record(self) -> dict:
        return {"function": self.function, "n": self.n,
                "derive_microseconds": rounded(self.derive_seconds * 1e6, 2),
                "scipy_microseconds": rounded(self.scipy_seconds * 1e6, 2),
                "derive_over_scipy": rounded(self.slowdown, 2)}


@dataclass(frozen=True)
class NumericsResult:
    accuracy: tuple[AccuracyRow, ...]
    speed: tuple[SpeedRow, ...]

    def max_ulp(self, function: str | None = None) -> float | None:
        rows = [r for r in self.accuracy if function in (None, r.function)]
        return max((r.max_ulp for r in rows), default=None)

    def scipy_max_ulp(self, function: str) -> float | None:
        return max((r.scipy_max_ulp for r in self.accuracy if r.function == function), default=None)

    def largest_n(self, function: str) -> int | None:
        return max((r.n for r in self.accuracy if r.function == function), default=None)

    def record(self) -> dict:
        return {"max_ulp": {f: self.max_ulp(f) for f in FUNCTIONS},
                "scipy_max_ulp": {f: self.scipy_max_ulp(f) for f in FUNCTIONS},
                "accuracy": [r.record() for r in self.accuracy],
                "speed": [r.record() for r in self.speed]}


def _draws(size: int) -> int:
    return 8 if size <= 10 else 3 if size <= 100 else 2 if size <= 1000 else 1


def _logits(kind: str, size: int, draw: int) -> np.ndarray:
    seed = [_SEED, nm.LOGIT_KINDS.index(kind), size, draw]
    return nm.sample_logits(size, kind, np.random.default_rng(seed))


def _worst(computed, reference) -> float:
    return float(np.max(ulp_error(computed, reference)))


def _vector_errors(function: str, z) -> tuple[float, float, int]:
    ours, theirs, ref = {
        "softmax": (nm.softmax, scipy.special.softmax, mp_softmax),
        "log_softmax": (nm.log_softmax, scipy.special.log_softmax, mp_log_softmax),
    }[function]
    reference = ref(z)
    return _worst(ours(z), reference), _worst(theirs(z), reference), z.size


def _sample(z) -> tuple[np.ndarray, np.ndarray]:
    size, top = z.size, int(np.argmax(z))
    rng = np.random.default_rng([_SEED, size])
    diag = np.arange(size)
    rows = np.concatenate([diag, np.full(size, top), rng.integers(size, size=size)])
    cols = np.concatenate([diag, diag, rng.integers(size, size=size)])
    return rows, cols


def _jacobian_errors(z, sampled: bool) -> tuple[float, float, int]:
    p = scipy.special.softmax(z)
    if not sampled:
        reference = mp_jacobian(z)
        return (_worst(nm.softmax_jacobian(z), reference),
                _worst(np.diag(p) - np.outer(p, p), reference), z.size ** 2)
    rows, cols = _sample(z)
    reference = mp_jacobian_entries(z, rows, cols)
    ours = nm.softmax_jacobian(z)[rows, cols]      # the n x n matrix is freed right here
    theirs = np.where(rows == cols, p[rows], 0.0) - p[rows] * p[cols]
    return _worst(ours, reference), _worst(theirs, reference), rows.size


def _accuracy_row(function, kind, size, sampled=False) -> AccuracyRow:
    worst_ours = worst_theirs = 0.0
    entries, draws = 0, _draws(size)
    for draw in range(draws):
        z = _logits(kind, size, draw)
        if function == "softmax_jacobian":
            ours, theirs, count = _jacobian_errors(z, sampled)
        else:
            ours, theirs, count = _vector_errors(function, z)
        worst_ours, worst_theirs = max(worst_ours, ours), max(worst_theirs, theirs)
        entries += count
    return AccuracyRow(function, kind, size, draws, entries, sampled, worst_ours, worst_theirs)


def _per_call(fn, z, *, batches: int = 3, batch_seconds: float = 0.05) -> float:
    """Best of ``batches`` batches, each long enough (``batch_seconds``) to time reliably."""
    fn(z)                                   # warm up (first-call allocations, caches)
    start = time.perf_counter()
    fn(z)
    calls = max(1, int(batch_seconds / max(time.perf_counter() - start, 1e-7)))
    best = float("inf")
    for _ in range(batches):
        start = time.perf_counter()
        for _ in range(calls):
            fn(z)
        best = min(best, (time.perf_counter() - start) / calls)
    return best


def _speed_rows(sizes) -> list[SpeedRow]:
    pairs = (("softmax", nm.softmax, scipy.special.softmax),
             ("log_softmax", nm.log_softmax, scipy.special.log_softmax))
    rows = []
    for size in sizes:
        z = _logits("large", size, 0)
        for name, ours, theirs in pairs:
            rows.append(SpeedRow(name, size, _per_call(ours, z), _per_call(theirs, z)))
    return rows


def measure_numerics(*, logit_sizes, jacobian_sizes, sampled_sizes, huge_jacobian,
                     speed_sizes, echo=print) -> NumericsResult:
    """Accuracy over every kind and size, then speed against SciPy."""
    rows = []
    for function in ("softmax", "log_softmax"):
        rows += [_accuracy_row(function, kind, size) for size in logit_sizes for kind in nm.LOGIT_KINDS]
    rows += [_accuracy_row("softmax_jacobian", kind, size)
             for size in jacobian_sizes for kind in nm.LOGIT_KINDS]
    rows += [_accuracy_row("softmax_jacobian", kind, size, sampled=True)
             for size in sampled_sizes for kind in nm.LOGIT_KINDS]
    if huge_jacobian is not None:
        size, kinds = huge_jacobian
        rows += [_accuracy_row("softmax_jacobian", kind, size, sampled=True) for kind in kinds]
    result = NumericsResult(tuple(rows), ())
    echo("    largest error: " + ", ".join(f"{f} {result.max_ulp(f):g} ulp" for f in FUNCTIONS))
    speed = tuple(_speed_rows(speed_sizes))
    return NumericsResult(result.accuracy, speed)

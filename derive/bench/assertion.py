"""The time of a default ``assert_implementation`` check (issue 16: at most 0.2 s).

The check is the one a user writes first: a NumPy softmax against
``softmax(z, k)`` with every default (sizes 1..1025, six logit kinds, float64,
every entry compared, each case called twice).  It is timed ``repeats`` times
after one warm-up run (which pays SymPy's and NumPy's first-call costs, as a
test session does once); the median is the figure.
"""
from __future__ import annotations

import statistics
import time
from dataclasses import dataclass
from typing import Callable

import numpy as np

from ..catalogue.identity import softmax
from ..symbols import k, z
from ..testing import DEFAULT_KINDS, DEFAULT_NS, assert_implementation
from .model import Target, at_most, rounded

__all__ = ["AssertionTiming", "measure_assertion"]

LIMIT = 0.2                  # seconds: the target


def _numpy_softmax(v):
    e = np.exp(v - v.max(axis=-1, keepdims=True))
    return e / e.sum(axis=-1, keepdims=True)


@dataclass(frozen=True)
class AssertionTiming:
    """The timed runs of one default check."""

    seconds: tuple
    entries: int
    key: str = "assertion"

    @property
    def median(self) -> float | None:
        return statistics.median(self.seconds) if self.seconds else None

    def target(self) -> Target:
        what = (f"a default assert_implementation check (NumPy softmax, n in {DEFAULT_NS}, "
                f"{len(DEFAULT_KINDS)} kinds, {self.entries} entries), median of {len(self.seconds)}")
        return at_most("assertion_check_seconds", what, LIMIT, self.median, "s")

    def record(self) -> dict:
        return {"seconds": [rounded(s) for s in self.seconds], "median": rounded(self.median),
                "entries": self.entries, "ns": list(DEFAULT_NS), "kinds": list(DEFAULT_KINDS)}

    def markdown(self) -> list[str]:
        runs = ", ".join(f"{s:.3f}" for s in self.seconds)
        return ["", "## 7. A default assert_implementation check", "",
                f"`assert_implementation(numpy_softmax, softmax(z, k))` with every default: "
                f"{self.entries} entries compared per run; runs (s): {runs}; median "
                f"{self.median:.3f} s (target <= {LIMIT:g} s)."]


def measure_assertion(repeats: int = 5, *, echo: Callable[[str], None] = print) -> AssertionTiming:
    """Time the default check ``repeats`` times after a warm-up run."""
    expr = softmax(z, k)
    entries = assert_implementation(_numpy_softmax, expr)
    seconds = []
    for _ in range(max(1, repeats)):
        start = time.perf_counter()
        assert_implementation(_numpy_softmax, expr)
        seconds.append(time.perf_counter() - start)
    result = AssertionTiming(tuple(seconds), entries)
    echo(f"  default assert_implementation check: median {result.median:.3f} s over {len(seconds)} runs")
    return result

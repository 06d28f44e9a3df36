"""Shared pieces of the benchmark: targets, and small timing helpers."""
from __future__ import annotations

import statistics
import time
from dataclasses import dataclass
from typing import Callable

__all__ = ["Target", "at_most", "at_least", "median", "timed", "rounded"]


@dataclass(frozen=True)
class Target:
    """One figure of the issue with its target.

    Attributes:
        key: a stable identifier (``"pipeline_seconds"``).
        what: what was measured, in words.
        goal: the target as written in the issue (``"<= 5 s"``).
        measured: the figure, or None when this run did not measure it.
        unit: ``"s"``, ``"x"``, ``"ulp"`` or ``""``.
        met: True/False, or None when not judged (not measured, or a ``--quick`` figure).
        note: why it was not measured, or what qualifies the figure.
    """

    key: str
    what: str
    goal: str
    measured: float | None
    unit: str
    met: bool | None
    note: str = ""

    @property
    def verdict(self) -> str:
        return {True: "met", False: "MISSED", None: "not judged"}[self.met]

    def shown(self) -> str:
        if self.measured is None:
            return "-"
        value = f"{self.measured:.3g}" if isinstance(self.measured, float) else str(self.measured)
        return f"{value} {self.unit}".strip()

    def record(self) -> dict:
        return {"key": self.key, "what": self.what, "goal": self.goal,
                "measured": rounded(self.measured), "unit": self.unit, "met": self.met,
                "verdict": self.verdict, "note": self.note}


def at_most(key, what, limit, measured, unit, note="") -> Target:
    """A target ``measured <= limit`` (not measured when ``measured`` is None)."""
    met = None if measured is None else measured <= limit
    return Target(key, what, f"<= {limit:g} {unit}".strip(), measured, unit, met, note)


def at_least(key, what, limit, measured, unit, note="") -> Target:
    """A target ``measured >= limit`` (not measured when ``measured`` is None)."""
    met = None if measured is None else measured >= limit
    return Target(key, what, f">= {limit:g} {unit}".strip(), measured, unit, met, note)


def median(values) -> float | None:
    """The median of the finite values, None when there are none."""
    values = [v for v in values if v is not None]
    return statistics.median(values) if values else None


def timed(fn: Callable, *args, **kwargs):
    """``(fn(*args, **kwargs), seconds)``."""
    start = time.perf_counter()
    value = fn(*args, **kwargs)
    return value, time.perf_counter() - start


def rounded(value, digits: int = 4):
    """Floats rounded for the JSON (times vary anyway); other values unchanged."""
    if isinstance(value, float):
        return round(value, digits)
    return value

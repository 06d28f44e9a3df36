"""Section 6: timeout discipline on a claim that makes ``simplify`` hang.

The claim is the true identity ``cos x cos 2x cos 4x ... cos 64x = sin 128x /
(128 sin x)``: the cheap rewrites cannot prove it, no counterexample exists,
so the checker ends in ``simplify``, which runs for minutes on it (SymPy
1.14: not finished after 60 s).  The benchmark first shows that ``simplify``
alone does not finish within a probe time, then times ``derive.check`` with
several timeouts, in the main thread (a ``SIGALRM`` timer) and in a worker
thread (a forked child that is killed).
"""
from __future__ import annotations

import threading
import time
from dataclasses import dataclass

from sympy import Eq, Mul, Symbol, cos, simplify, sin

from ..kernel.checker import check
from ..kernel.deadline import run_with_timeout
from ..errors import CheckTimeout
from ..kernel.verdict import UNKNOWN
from .model import rounded

__all__ = ["TimeoutTrial", "HangResult", "hanging_claim", "measure_hang"]

_SLACK = 1.0        # the verdict must come back within timeout + this


def hanging_claim():
    """``prod_{t=0}^{6} cos(2**t x) = sin(128 x) / (128 sin x)`` for real x."""
    x = Symbol("x", real=True)
    return Eq(Mul(*[cos(2**t * x) for t in range(7)]), sin(128 * x) / (128 * sin(x)))


@dataclass(frozen=True)
class TimeoutTrial:
    """One ``check`` of the hanging claim."""

    timeout: float
    thread: str          # "main" or "worker"
    status: str
    method: str
    seconds: float

    @property
    def ok(self) -> bool:
        return self.status == UNKNOWN and self.seconds <= self.timeout + _SLACK

    def record(self) -> dict:
        return {"timeout": self.timeout, "thread": self.thread, "status": self.status,
                "method": self.method, "seconds": rounded(self.seconds),
                "overrun": rounded(self.seconds - self.timeout), "ok": self.ok}


@dataclass(frozen=True)
class HangResult:
    claim: str
    probe: float
    simplify_seconds: float | None       # None: simplify did not finish within the probe
    trials: tuple[TimeoutTrial, ...]

    @property
    def worst_overrun(self) -> float | None:
        return max((t.seconds - t.timeout for t in self.trials), default=None)

    @property
    def ok(self) -> bool:
        return bool(self.trials) and all(t.ok for t in self.trials)

    def record(self) -> dict:
        return {"claim": self.claim, "simplify_probe": self.probe,
                "simplify_seconds": rounded(self.simplify_seconds),
                "simplify_finished": self.simplify_seconds is not None,
                "worst_overrun": rounded(self.worst_overrun), "ok": self.ok,
                "trials": [t.record() for t in self.trials]}


def _probe(claim, seconds: float) -> float | None:
    start = time.perf_counter()
    try:
        run_with_timeout(simplify, (claim.lhs - claim.rhs,), seconds)
    except CheckTimeout:
        return None
    return time.perf_counter() - start


def _trial(claim, timeout: float, thread: str) -> TimeoutTrial:
    box = {}

    def work():
        start = time.perf_counter()
        try:
            verdict = check(claim, timeout=timeout)
            box["result"] = (verdict.status, verdict.method, time.perf_counter() - start)
        except Exception as exc:    # noqa: BLE001 - reported as the trial's outcome
            box["result"] = ("error", f"{type(exc).__name__}: {exc}", time.perf_counter() - start)

    if thread == "main":
        work()
    else:
        worker = threading.Thread(target=work, name="derive-bench-worker")
        worker.start()
        worker.join()
    return TimeoutTrial(timeout, thread, *box["result"])


def measure_hang(*, timeouts, probe: float, echo=print) -> HangResult:
    """Probe ``simplify``, then check the claim with each timeout in both kinds of thread."""
    claim = hanging_claim()
    simplify_seconds = _probe(claim, probe)
    shown = "did not finish" if simplify_seconds is None else f"finished in {simplify_seconds:.2f} s"
    echo(f"    simplify alone, {probe:g} s allowed: {shown}")
    trials = []
    for thread in ("main", "worker"):
        for timeout in timeouts:
            trials.append(_trial(claim, timeout, thread))
            t = trials[-1]
            echo(f"    check(timeout={timeout:g}) in the {thread} thread: {t.status} in {t.seconds:.2f} s")
    return HangResult(str(claim), probe, simplify_seconds, tuple(trials))

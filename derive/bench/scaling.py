"""Section 3: the Jacobian identity entry by entry at fixed n, and for general n.

At dimension ``n`` the claim ``∂p_a/∂z_b = p_a (δ_ab - p_b)`` with
``p_a = exp(z_a) / (exp(z_1) + ... + exp(z_n))`` is written out for all
``n**2`` pairs ``(a, b)`` (building them is timed apart: both checkers get the
same claims).  The engine checks each with ``derive.check``, the naive side
with ``simplify`` (see :mod:`.naive`).  Each side has a time budget per
dimension; a side that exceeds it "did not finish" there and is skipped at
larger dimensions.
"""
from __future__ import annotations

import time
from dataclasses import dataclass

from sympy import Add, Derivative, Eq, KroneckerDelta, exp
from sympy.core.cache import clear_cache

from ..catalogue import softmax
from ..kernel.checker import check, forget
from ..symbols import j, k, z
from . import naive
from .model import rounded

__all__ = ["SideTiming", "SizeTiming", "ScalingResult", "jacobian_claims", "general_claim",
           "measure_scaling"]


def _fresh():
    """Neither side may profit from earlier work: SymPy's cache and the checker's memo emptied."""
    clear_cache()
    forget()


def general_claim():
    """The Jacobian identity for general n (Idx indices k, j over 1..n)."""
    return Eq(Derivative(softmax(z, k), z[j]), softmax(z, k) * (KroneckerDelta(k, j) - softmax(z, j)))


def jacobian_claims(size: int) -> tuple:
    """The ``size**2`` explicit claims, row by row."""
    total = Add(*[exp(z[t]) for t in range(1, size + 1)])

    def p(a):
        return exp(z[a]) / total
    # evaluate=False: an evaluated Eq would try to decide itself, costing more than the check
    return tuple(Eq(Derivative(p(a), z[b]), p(a) * (KroneckerDelta(a, b) - p(b)), evaluate=False)
                 for a in range(1, size + 1) for b in range(1, size + 1))


@dataclass(frozen=True)
class SideTiming:
    """One checker at one dimension: seconds (None: did not finish), entries done and proved."""

    seconds: float | None
    done: int
    proved: int
    note: str = ""

    def record(self) -> dict:
        return {"seconds": rounded(self.seconds), "done": self.done, "proved": self.proved,
                "note": self.note}


@dataclass(frozen=True)
class SizeTiming:
    n: int
    entries: int
    build_seconds: float
    engine: SideTiming
    naive: SideTiming

    def record(self) -> dict:
        return {"n": self.n, "entries": self.entries, "build_seconds": rounded(self.build_seconds),
                "engine": self.engine.record(), "naive": self.naive.record()}


@dataclass(frozen=True)
class ScalingResult:
    general_status: str
    general_method: str
    general_seconds: float
    sizes: tuple[SizeTiming, ...]
    engine_budget: float
    naive_budget: float

    def engine_seconds_at(self, size: int) -> float | None:
        return next((s.engine.seconds for s in self.sizes if s.n == size), None)

    def record(self) -> dict:
        return {"general": {"status": self.general_status, "method": self.general_method,
                            "seconds": rounded(self.general_seconds)},
                "engine_budget": self.engine_budget, "naive_budget": self.naive_budget,
                "sizes": [s.record() for s in self.sizes]}


def _engine_side(claims, budget, timeout) -> SideTiming:
    start, cpu, proved = time.perf_counter(), time.process_time(), 0
    for done, claim in enumerate(claims, 1):
        proved += check(claim, timeout=timeout).proved
        elapsed = time.perf_counter() - start
        if elapsed > budget and done < len(claims):
            return SideTiming(None, done, proved, f"did not finish within {budget:g} s")
    # the CPU time shows the cost apart from the load other programs put on the machine
    return SideTiming(time.perf_counter() - start, len(claims), proved,
                      f"CPU {time.process_time() - cpu:.2f} s")


def _naive_side(claims, budget) -> SideTiming:
    """Each entry may use what is left of the budget; running out is "did not finish"."""
    start, proved = time.perf_counter(), 0
    for done, claim in enumerate(claims, 1):
        left = budget - (time.perf_counter() - start)
        outcome, _ = naive.naive_check((claim,), timeout=max(left, 0.01))
        if outcome == naive.TIMEOUT:
            return SideTiming(None, done - 1, proved, f"did not finish within {budget:g} s")
        proved += outcome == naive.PROVED
    return SideTiming(time.perf_counter() - start, len(claims), proved)


def _skipped(side: str, earlier: int) -> SideTiming:
    return SideTiming(None, 0, 0, f"skipped: the {side} did not finish at n = {earlier}")


def measure_scaling(*, sizes, engine_budget: float, naive_budget: float, engine_timeout: float,
                    echo=print) -> ScalingResult:
    """Time both checkers at each size, and the engine once for general n."""
    _fresh()
    start = time.perf_counter()
    general = check(general_claim(), timeout=engine_timeout)
    general_seconds = time.perf_counter() - start
    rows, stopped = [], {"engine": None, "naive": None}
    for size in sizes:
        start = time.perf_counter()
        claims = jacobian_claims(size)
        build = time.perf_counter() - start
        _fresh()
        engine = (_skipped("engine", stopped["engine"]) if stopped["engine"]
                  else _engine_side(claims, engine_budget, engine_timeout))
        _fresh()
        slow = (_skipped("naive check", stopped["naive"]) if stopped["naive"]
                else _naive_side(claims, naive_budget))
        for side, timing in (("engine", engine), ("naive", slow)):
            if timing.seconds is None and stopped[side] is None:
                stopped[side] = size
        rows.append(SizeTiming(size, len(claims), build, engine, slow))
        echo(f"    n = {size:>3}: engine {_shown(engine)}, naive {_shown(slow)}")
    return ScalingResult(general.status, general.method, general_seconds, tuple(rows),
                         engine_budget, naive_budget)


def _shown(side: SideTiming) -> str:
    return f"{side.seconds:.2f} s" if side.seconds is not None else side.note

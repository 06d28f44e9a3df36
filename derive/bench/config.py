"""What a benchmark run measures: the full run and the ``--quick`` one.

The full configuration is sized to finish in a few minutes on a shared
2-core machine; the quick one (used by the test suite so that the benchmark
code never rots) runs every section at small sizes, with partial pipeline
runs and one repetition.
"""
from __future__ import annotations

from dataclasses import dataclass

__all__ = ["BenchConfig", "FULL", "QUICK"]


@dataclass(frozen=True)
class BenchConfig:
    """Sizes, repetitions and time budgets of one benchmark run.

    Attributes:
        quick: True for the small run; targets it cannot measure read "not measured".
        repeats: subprocess runs per pipeline variant (the median is reported).
        repeat_limit: when the first round's slowest run takes longer than this, the
            variants are not repeated: the target is missed by far, and repeating
            would only make the benchmark slow.
        partial_run: run ``derive run -k <first identity>`` instead of the whole job.
        run_limit: seconds after which one ``derive run`` subprocess is abandoned.
        engine_timeout: the checker's timeout per claim (as in ``derive run``).
        naive_timeout: seconds ``simplify`` gets per claim before it counts as a timeout.
        items_per_source: at most this many claims per derivation and from the catalogue
            (None: all).
        sizes: the fixed dimensions of the Jacobian scaling.
        engine_budget: seconds the engine gets per dimension before it "did not finish".
        naive_budget: the same for the naive check; larger dimensions are then skipped.
        logit_sizes: vector lengths for the accuracy of softmax and log-softmax.
        jacobian_sizes: lengths at which the Jacobian is compared entry by entry.
        sampled_sizes: lengths at which sampled Jacobian entries are compared.
        huge_jacobian: (length, kinds): the largest Jacobian, for the given kinds only
            (the float64 matrix alone is 8 n**2 bytes: 800 MB at n = 1e4).
        throughput_sizes: vector lengths for the speed against SciPy.
        hang_timeouts: checker timeouts tried on a claim that makes simplify hang.
        hang_probe: seconds simplify alone gets on that claim, to show it does not finish.
    """

    quick: bool
    repeats: int
    repeat_limit: float
    partial_run: bool
    run_limit: float
    engine_timeout: float
    naive_timeout: float
    items_per_source: int | None
    sizes: tuple[int, ...]
    engine_budget: float
    naive_budget: float
    logit_sizes: tuple[int, ...]
    jacobian_sizes: tuple[int, ...]
    sampled_sizes: tuple[int, ...]
    huge_jacobian: tuple[int, tuple[str, ...]] | None
    throughput_sizes: tuple[int, ...]
    hang_timeouts: tuple[float, ...]
    hang_probe: float


FULL = BenchConfig(
    quick=False, repeats=3, repeat_limit=20.0, partial_run=False, run_limit=180.0,
    engine_timeout=10.0, naive_timeout=5.0, items_per_source=None,
    sizes=(2, 4, 8, 16, 32, 64), engine_budget=60.0, naive_budget=12.0,
    logit_sizes=(1, 2, 10, 100, 1000, 10000), jacobian_sizes=(1, 2, 10),
    sampled_sizes=(100, 1000), huge_jacobian=(10000, ("huge",)),
    throughput_sizes=(10, 1000, 100000), hang_timeouts=(2.0,), hang_probe=6.0,
)

QUICK = BenchConfig(
    quick=True, repeats=1, repeat_limit=20.0, partial_run=True, run_limit=120.0,
    engine_timeout=5.0, naive_timeout=2.0, items_per_source=3,
    sizes=(2, 4), engine_budget=20.0, naive_budget=5.0,
    logit_sizes=(1, 2, 10, 100), jacobian_sizes=(1, 2, 10),
    sampled_sizes=(100,), huge_jacobian=None,
    throughput_sizes=(10, 1000), hang_timeouts=(0.5,), hang_probe=1.5,
)

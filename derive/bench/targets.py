"""The issue's targets, judged from the measured sections.

A target is never weakened: a figure that misses it is reported as missed
with the figure.  A ``--quick`` run measures small sizes, so its figures are
shown but not judged.
"""
from __future__ import annotations

from dataclasses import dataclass, replace

from .hang import HangResult
from .model import Target, at_least, at_most
from .numerics import NumericsResult
from .scaling import ScalingResult
from .steps import StepsResult
from .wall import WallResult

__all__ = ["Sections", "judge"]


@dataclass(frozen=True)
class Sections:
    """Every section's result; None for a section not measured (yet)."""

    wall: WallResult | None = None
    steps: StepsResult | None = None
    scaling: ScalingResult | None = None
    numerics: NumericsResult | None = None
    hang: HangResult | None = None
    extras: tuple = ()          # the registered further sections (derive.bench.extras)


#: the targets of a section not measured yet: (key, goal, unit)
_PENDING = {
    "wall": (("pipeline_seconds", "<= 8 s", "s"), ("warm_run_seconds", "<= 2 s", "s")),
    "steps": (("steps_ratio", ">= 10 x", "x"), ("steps_engine_covers_naive", "= 0", "")),
    "scaling": (("scaling_n32_seconds", "<= 1 s", "s"),),
    "numerics": (("numerics_max_ulp", "<= 4 ulp", "ulp"),),
    "parallel": (("parallel_speedup", ">= 1.6 x", "x"),),
    "hang": (("timeout_overrun_seconds", "<= 1 s", "s"),),
}


def _pending(name) -> list[Target]:
    return [Target(key, "not measured yet", goal, None, unit, None, "not measured yet")
            for key, goal, unit in _PENDING[name]]


def _pipeline(wall: WallResult) -> list[Target]:
    # `derive run` uses every core by default; on this 2-core machine that is -j 2.
    run, warm = wall.run("-j 2"), wall.run("warm")
    what = (f"`derive run --no-pdf -j 2 --no-cache`, cold in a subprocess (imports included), "
            f"median of {len(run.seconds)}")
    note = f"partial run ({' '.join(wall.selection)})" if wall.partial else ""
    cpu = f"CPU {run.cpu_median:.1f} s (the run and its workers)" if run.cpu_median else ""
    cold = at_most("pipeline_seconds", what, 8.0, run.median, "s",
                   "; ".join(filter(None, [note, cpu, wall.note, run.problem])))
    what = (f"the same run again with nothing changed (`-j 2`, a cache folder filled by one "
            f"earlier run), median of {len(warm.seconds)}")
    cpu = f"CPU {warm.cpu_median:.1f} s" if warm.cpu_median else ""
    return [cold, at_most("warm_run_seconds", what, 2.0, warm.median, "s",
                          "; ".join(filter(None, [note, cpu, warm.problem])))]


def _steps(steps: StepsResult) -> list[Target]:
    what = (f"step checking, {len(steps.timings)} claims: naive simplify time / engine time "
            f"(naive timeouts counted at {steps.naive_timeout:g} s)")
    exceptions = steps.exceptions
    coverage = Target("steps_engine_covers_naive",
                      "claims the naive check proves and the engine does not", "= 0",
                      len(exceptions), "", not exceptions, ", ".join(exceptions))
    return [at_least("steps_ratio", what, 10.0, steps.ratio, "x"), coverage]


_SCALING_N, _SCALING_LIMIT = 32, 1.0


def _scaling(scaling: ScalingResult) -> Target:
    size = _SCALING_N
    key, what = f"scaling_n{size}_seconds", (f"engine, Jacobian entry by entry at n = {size} "
                                             f"({size * size} claims)")
    seconds = scaling.engine_seconds_at(size)
    measured = any(s.n == size for s in scaling.sizes)
    larger = [s for s in scaling.sizes if s.n > size and s.engine.seconds is not None]
    note = "" if measured else f"n = {size} not in this run's sizes"
    if measured and seconds is not None:
        note = next(s for s in scaling.sizes if s.n == size).engine.note
    if larger:
        note = "; ".join(filter(None, [note] + [f"n = {s.n}: {s.engine.seconds:.2f} s" for s in larger]))
    if measured and seconds is None:      # did not finish: the target is missed, not unmeasured
        row = next(s for s in scaling.sizes if s.n == size)
        return Target(key, what, f"<= {_SCALING_LIMIT:g} s", None, "s", False, row.engine.note)
    return at_most(key, what, _SCALING_LIMIT, seconds, "s", note)


def _numerics(numerics: NumericsResult) -> Target:
    largest = max((numerics.largest_n(f) or 0) for f in ("softmax", "log_softmax"))
    what = (f"largest error of softmax, log_softmax, softmax_jacobian vs 50-digit mpmath "
            f"(|z| <= 1e4, ties, n <= {largest})")
    return at_most("numerics_max_ulp", what, 4.0, numerics.max_ulp(), "ulp")


def _parallel(wall: WallResult) -> Target:
    notes = [f"partial run ({' '.join(wall.selection)})" if wall.partial else ""]
    if wall.best_j2:
        bound = wall.run("-j 1").median / wall.best_j2
        notes.append(f"a perfect split of the -j 1 tasks: {wall.best_j2:.1f} s, at most {bound:.2f}x")
    note = "; ".join(filter(None, notes))
    return at_least("parallel_speedup", "`derive run -j 2` vs `-j 1` (medians)", 1.6,
                    wall.speedup, "x", note)


def _hang(hang: HangResult) -> Target:
    what = "check() on a claim that makes simplify hang: verdict time minus timeout (worst)"
    bad = [f"{t.thread} thread, timeout {t.timeout:g} s: {t.status}" for t in hang.trials
           if t.status != "unknown"]
    note = ("; ".join(bad) if bad else
            "" if hang.simplify_seconds is None else
            f"simplify finished in {hang.simplify_seconds:.2f} s here, so it did not hang")
    target = at_most("timeout_overrun_seconds", what, 1.0, hang.worst_overrun, "s", note)
    return replace(target, met=target.met and not bad) if target.met is not None else target


def judge(sections: Sections, *, quick: bool) -> tuple[Target, ...]:
    """Every target, in the issue's order."""
    s = sections
    targets = [*(_pipeline(s.wall) if s.wall else _pending("wall")),
               *(_steps(s.steps) if s.steps else _pending("steps")),
               *([_scaling(s.scaling)] if s.scaling else _pending("scaling")),
               *([_numerics(s.numerics)] if s.numerics else _pending("numerics")),
               *([_parallel(s.wall)] if s.wall else _pending("parallel")),
               *([_hang(s.hang)] if s.hang else _pending("hang")),
               *[extra.target() for extra in s.extras]]
    if quick:
        note = "quick run: small sizes, not judged"
        targets = [replace(t, met=None, note="; ".join(filter(None, [note, t.note])))
                   for t in targets]
    return tuple(targets)

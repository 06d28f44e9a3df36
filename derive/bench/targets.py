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
    """Every section's result."""

    wall: WallResult
    steps: StepsResult
    scaling: ScalingResult
    numerics: NumericsResult
    hang: HangResult
    extras: tuple = ()          # the registered further sections (derive.bench.extras)


def _pipeline(wall: WallResult) -> Target:
    # `derive run` uses every core by default; on this 2-core machine that is -j 2.
    run = wall.run("-j 2")
    what = (f"`derive run --no-pdf` (default: every core, here -j 2), cold in a subprocess, "
            f"median of {len(run.seconds)}")
    note = f"partial run ({' '.join(wall.selection)})" if wall.partial else ""
    note = "; ".join(filter(None, [note, wall.note, run.problem]))
    return at_most("pipeline_seconds", what, 5.0, run.median, "s", note)


def _steps(steps: StepsResult) -> list[Target]:
    what = (f"step checking, {len(steps.timings)} claims: naive simplify time / engine time "
            f"(naive timeouts counted at {steps.naive_timeout:g} s)")
    exceptions = steps.exceptions
    coverage = Target("steps_engine_covers_naive",
                      "claims the naive check proves and the engine does not", "= 0",
                      len(exceptions), "", not exceptions, ", ".join(exceptions))
    return [at_least("steps_ratio", what, 10.0, steps.ratio, "x"), coverage]


def _scaling(scaling: ScalingResult) -> Target:
    seconds = scaling.engine_seconds_at(16)
    measured = any(s.n == 16 for s in scaling.sizes)
    note = "" if measured else "n = 16 not in this run's sizes"
    if measured and seconds is None:      # did not finish: the target is missed, not unmeasured
        row = next(s for s in scaling.sizes if s.n == 16)
        return Target("scaling_n16_seconds", "engine, Jacobian entry by entry at n = 16 (256 claims)",
                      "<= 2 s", None, "s", False, row.engine.note)
    return at_most("scaling_n16_seconds", "engine, Jacobian entry by entry at n = 16 (256 claims)",
                   2.0, seconds, "s", note)


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
    targets = [_pipeline(sections.wall), *_steps(sections.steps),
               _scaling(sections.scaling), _numerics(sections.numerics),
               _parallel(sections.wall), _hang(sections.hang),
               *[extra.target() for extra in sections.extras]]
    if quick:
        note = "quick run: small sizes, not judged"
        targets = [replace(t, met=None, note="; ".join(filter(None, [note, t.note])))
                   for t in targets]
    return tuple(targets)

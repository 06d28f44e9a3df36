"""Sections 1 and 5: wall time of ``derive run --no-pdf`` in a fresh interpreter.

Each run is a subprocess ``python -m derive run --no-pdf -o <tmp>``, so the
time includes starting Python and importing SymPy, NumPy and cvxpy: what a
user waits for.  The cold variants run with ``--no-cache``: nothing is reused.
The warm variant runs ``-j 2`` over a cache folder of its own (a fresh
temporary folder, filled by one untimed run first): the same run again with
nothing changed.  The variants are interleaved (``-j 1``, ``--no-numeric``,
``-j 2``, warm, then again), so a change in the machine's load spreads over
all of them instead of favouring one.
"""
from __future__ import annotations

import heapq
import os
import re
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

from .model import median, rounded

__all__ = ["RunTiming", "WallResult", "VARIANTS", "measure_wall"]

#: (label, extra arguments of ``derive run``); ``<cache>`` is the warm variant's cache folder
VARIANTS: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("-j 1", ("-j", "1", "--no-cache")),
    ("--no-numeric", ("-j", "1", "--no-numeric", "--no-cache")),
    ("-j 2", ("-j", "2", "--no-cache")),
    ("warm", ("-j", "2", "--cache-dir", "<cache>")),
)

_ROOT = Path(__file__).resolve().parents[2]       # the folder holding derive/ and proofs/
# derive run's progress lines: "  ✓ identity   softmax_sums_to_one      0.04 s  proved"
_TASK_LINE = re.compile(r"^\s+[\u2713\u2717]\s+(\w+)\s+(.+?)\s+(\d+(?:\.\d+)?) s(?:\s|$)")


@dataclass(frozen=True)
class RunTiming:
    """The repetitions of one variant of ``derive run``."""

    label: str
    command: tuple[str, ...]        # as run, with the temporary output folder written <tmp>
    seconds: tuple[float, ...]      # one per finished repetition
    exit_codes: tuple[int, ...]
    problem: str = ""               # empty, or what went wrong
    cpu_seconds: tuple[float, ...] = ()   # user + system time of the run and its workers

    @property
    def median(self) -> float | None:
        return median(self.seconds)

    @property
    def cpu_median(self) -> float | None:
        return median(self.cpu_seconds)

    def record(self) -> dict:
        return {"label": self.label, "command": " ".join(self.command),
                "seconds": [rounded(s) for s in self.seconds], "median": rounded(self.median),
                "cpu_seconds": [rounded(s) for s in self.cpu_seconds],
                "cpu_median": rounded(self.cpu_median),
                "exit_codes": list(self.exit_codes), "problem": self.problem}


@dataclass(frozen=True)
class WallResult:
    """Every variant's timings; ``partial`` when only a selection (``-k``) was run."""

    partial: bool
    selection: tuple[str, ...]
    runs: tuple[RunTiming, ...]
    tasks: tuple[tuple[str, float], ...] = ()   # ("derivation maxent_gibbs", s) from one -j 1 run
    note: str = ""

    def run(self, label: str) -> RunTiming:
        return next(r for r in self.runs if r.label == label)

    @property
    def speedup(self) -> float | None:
        """``-j 1`` median over ``-j 2`` median."""
        one, two = self.run("-j 1").median, self.run("-j 2").median
        return one / two if one and two else None

    @property
    def best_j2(self) -> float | None:
        """The ``-j 1`` median with its task time replaced by the best two-way split of the
        tasks (longest first): an upper bound on what ``-j 2`` can gain."""
        one = self.run("-j 1").median
        if not one or not self.tasks:
            return None
        loads = [0.0, 0.0]
        for _, seconds in sorted(self.tasks, key=lambda t: -t[1]):
            heapq.heapreplace(loads, loads[0] + seconds)
        return one - sum(s for _, s in self.tasks) + max(loads)

    def record(self) -> dict:
        return {"partial": self.partial, "selection": list(self.selection),
                "runs": [r.record() for r in self.runs], "speedup_j2": rounded(self.speedup),
                "tasks": [{"task": t, "seconds": rounded(s)} for t, s in self.tasks],
                "best_j2_seconds": rounded(self.best_j2), "note": self.note}


def _selection(partial: bool) -> tuple[str, ...]:
    if not partial:
        return ()
    from ..catalogue import CATALOGUE
    return ("-k", next(iter(CATALOGUE)))


def _tasks(stdout: str) -> tuple[tuple[str, float], ...]:
    """The per-task times ``derive run`` prints, slowest first."""
    found = [(f"{m.group(1)} {m.group(2).strip()}", float(m.group(3)))
             for m in map(_TASK_LINE.match, stdout.splitlines()) if m]
    return tuple(sorted(found, key=lambda t: (-t[1], t[0])))


def _children_cpu() -> float | None:
    try:
        import resource         # POSIX only: elsewhere the CPU column reads "-"
    except ImportError:
        return None
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def _once(extra: tuple[str, ...], limit: float, cache: str):
    """One run: (seconds, exit code, problem, stdout, CPU seconds); seconds is None when it
    timed out.  The CPU time (the run's and its workers', as the OS counts them) shows
    what the run costs apart from the load other programs put on the machine."""
    extra = tuple(cache if a == "<cache>" else a for a in extra)
    env = dict(os.environ)
    env.pop("DERIVE_NO_CACHE", None)
    env["PYTHONPATH"] = os.pathsep.join(filter(None, [str(_ROOT), env.get("PYTHONPATH")]))
    env.setdefault("MPLBACKEND", "Agg")
    with tempfile.TemporaryDirectory(prefix="derive-bench-") as tmp:
        command = [sys.executable, "-m", "derive", "run", "--no-pdf", "-o", tmp, *extra]
        start, cpu = time.perf_counter(), _children_cpu()
        try:
            proc = subprocess.run(command, cwd=_ROOT, env=env, capture_output=True, text=True,
                                  timeout=limit)
        except subprocess.TimeoutExpired:
            return None, None, f"timed out after {limit:g} s", "", None
        seconds, after = time.perf_counter() - start, _children_cpu()
        cpu = after - cpu if after is not None and cpu is not None else None
    if proc.returncode == 0:
        return seconds, 0, "", proc.stdout, cpu
    tail = (proc.stderr.strip() or proc.stdout.strip()).splitlines()[-1:] or [""]
    return seconds, proc.returncode, f"exit code {proc.returncode}: {tail[0][:200]}", proc.stdout, cpu


def measure_wall(*, repeats: int, partial: bool, limit: float, repeat_limit: float,
                 echo=print) -> WallResult:
    """Time every variant ``repeats`` times, interleaved (once when the first round is slow)."""
    with tempfile.TemporaryDirectory(prefix="derive-bench-cache-") as cache:
        selection = _selection(partial)
        filled = _once(("-j", "2", "--cache-dir", cache) + selection, limit, cache)
        shown = "timed out" if filled[0] is None else f"{filled[0]:.2f} s"
        echo(f"    derive run filling a fresh cache for the warm runs (not counted): {shown}")
        return _measure(repeats, partial, selection, limit, repeat_limit, cache, echo)


def _measure(repeats, partial, selection, limit, repeat_limit, cache, echo) -> WallResult:
    found: dict[str, list] = {label: [] for label, _ in VARIANTS}
    note = ""
    for rep in range(repeats):
        for label, extra in VARIANTS:
            outcome = _once(extra + selection, limit, cache)
            found[label].append(outcome)
            shown = "timed out" if outcome[0] is None else f"{outcome[0]:.2f} s"
            echo(f"    derive run {label:<13} repetition {rep + 1}/{repeats}: {shown}")
        slowest = max((o[0] if o[0] is not None else limit) for o in (v[-1] for v in found.values()))
        if rep == 0 and repeats > 1 and slowest > repeat_limit:
            note = (f"one repetition only: the first round's slowest run took {slowest:.0f} s "
                    f"(over {repeat_limit:g} s), so the target is missed by far")
            echo(f"    {note}")
            break
    runs = []
    for label, extra in VARIANTS:
        outcomes = found[label]
        problems = sorted({o[2] for o in outcomes if o[2]})
        runs.append(RunTiming(
            label, ("python", "-m", "derive", "run", "--no-pdf", "-o", "<tmp>",
                    *(a if a != "<cache>" else "<fresh cache>" for a in extra), *selection),
            tuple(o[0] for o in outcomes if o[0] is not None),
            tuple(o[1] for o in outcomes if o[1] is not None), "; ".join(problems),
            tuple(o[4] for o in outcomes if o[4] is not None)))
    return WallResult(partial, selection, tuple(runs), _tasks(found["-j 1"][0][3]), note)

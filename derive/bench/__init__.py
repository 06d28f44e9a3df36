"""``derive bench``: the engine measured against the naive approach and reference libraries.

One run on the machine at hand measures (issue 7):

1. the whole pipeline, ``derive run --no-pdf`` cold in a subprocess (and with
   ``--no-numeric``), and warm (the same run over a filled cache folder),
   median of 3 (:mod:`.wall`);
2. step checking, the engine against ``simplify(lhs - rhs) == 0`` on every step
   obligation and catalogue identity (:mod:`.steps`, :mod:`.naive`);
3. the Jacobian identity entry by entry at n = 2..64, and for general n
   (:mod:`.scaling`, plotted by :mod:`.plot`);
4. the accuracy (ulps against 50-digit mpmath) and speed (against SciPy) of
   ``derive.numeric.kernels`` (:mod:`.numerics`);
5. ``derive run -j 2`` against ``-j 1`` (:mod:`.wall`);
6. the hard timeout on a claim that makes ``simplify`` hang (:mod:`.hang`);
7. the sections registered in :mod:`.extras` (the time of a default
   ``assert_implementation`` check, :mod:`.assertion`);

judges each figure against its target (:mod:`.targets`) and writes
``bench.json``, ``bench.md`` and ``bench.png`` (:mod:`.report`) after every
section, so a benchmark stopped half-way keeps what it measured.  Without
matplotlib the plot is skipped with a one-line install hint.

Example:
    >>> from derive.bench import run_bench            # doctest: +SKIP
    >>> report = run_bench(quick=True, output="out")  # doctest: +SKIP
    >>> [t.verdict for t in report.targets]           # doctest: +SKIP

May import: every room but the pipeline and the CLI (it measures them from outside).
"""
from __future__ import annotations

import os
import time
from dataclasses import replace
from pathlib import Path
from typing import Callable

from ..atomic import replace_outputs
from .config import FULL, QUICK, BenchConfig
from .extras import EXTRAS
from .hang import measure_hang
from .machine import describe_machine, load_average
from .model import Target
from .numerics import measure_numerics
from .plot import scaling_png
from .report import PLOT_HINT, BenchReport, bench_json, bench_markdown
from .scaling import measure_scaling
from .steps import measure_steps
from .targets import Sections, judge
from .wall import measure_wall

__all__ = ["run_bench", "measure", "write_report", "output_folder", "BenchConfig", "BenchReport",
           "Target", "FULL", "QUICK", "FILES"]

FILES = ("bench.json", "bench.md", "bench.png")


def output_folder(output) -> Path:
    """``output`` as a Path, checked before minutes of measuring are spent.

    Raises:
        TypeError: not a non-empty str or path.
        ValueError: it names a file, or a folder that cannot be created or written.
    """
    if isinstance(output, bool) or not isinstance(output, (str, os.PathLike)) or not str(output):
        raise TypeError(f"output must be a non-empty str or os.PathLike folder, got {output!r}")
    path = Path(output)
    if path.exists() and not path.is_dir():
        raise ValueError(f"output must be a folder, but {path} is a file")
    existing = next(p for p in (path, *path.absolute().parents) if p.exists())
    if not existing.is_dir() or not os.access(existing, os.W_OK | os.X_OK):
        raise ValueError(f"output folder {path} cannot be written ({existing} is not writable)")
    return path


def measure(config: BenchConfig, *, echo: Callable[[str], None] = print,
            progress: Callable[[BenchReport], None] | None = None) -> BenchReport:
    """Run every section with ``config``; nothing is written.

    ``progress`` is called with the report so far after each section, so that a
    caller can write what is known before the next section starts.
    """
    if not isinstance(config, BenchConfig):
        raise TypeError(f"config must be a derive.bench.BenchConfig, got {type(config).__name__}")
    start, machine, load_start = time.perf_counter(), describe_machine(), load_average()
    echo(f"Benchmark on {machine.summary()}")
    sections = Sections()

    def report() -> BenchReport:
        return BenchReport(config.quick, machine, load_start, load_average(),
                           time.perf_counter() - start, sections, judge(sections, quick=config.quick))

    steps = (
        ("1, 5. derive run, cold and warm, in subprocesses:", "wall", lambda: measure_wall(
            repeats=config.repeats, partial=config.partial_run, limit=config.run_limit,
            repeat_limit=config.repeat_limit, echo=echo)),
        ("2. step checking, engine vs naive simplify:", "steps", lambda: measure_steps(
            engine_timeout=config.engine_timeout, naive_timeout=config.naive_timeout,
            per_source=config.items_per_source, echo=echo)),
        ("3. the Jacobian at fixed n:", "scaling", lambda: measure_scaling(
            sizes=config.sizes, engine_budget=config.engine_budget,
            naive_budget=config.naive_budget, engine_timeout=config.engine_timeout, echo=echo)),
        ("6. timeout discipline:", "hang", lambda: measure_hang(
            timeouts=config.hang_timeouts, probe=config.hang_probe, echo=echo)),
        ("4. numerics against 50-digit mpmath and SciPy:", "numerics", lambda: measure_numerics(
            logit_sizes=config.logit_sizes, jacobian_sizes=config.jacobian_sizes,
            sampled_sizes=config.sampled_sizes, huge_jacobian=config.huge_jacobian,
            speed_sizes=config.throughput_sizes, echo=echo)),
        ("7. further sections:", "extras", lambda: tuple(make(config, echo) for make in EXTRAS)),
    )
    for title, field, run in steps:
        echo(title)
        sections = replace(sections, **{field: run()})
        if progress is not None:
            progress(report())
    return report()


def write_report(report: BenchReport, output, *, echo: Callable[[str], None] = print) -> tuple[Path, ...]:
    """Write ``bench.json``, ``bench.md`` and (with matplotlib) ``bench.png``, each atomically.

    Without matplotlib the plot is skipped with a one-line hint; the figures are all in
    the other two files.
    """
    png = None
    if report.sections.scaling is not None:
        title = f"{report.machine.cpu}, {report.machine.usable_cores} cores; " + (
            "quick run" if report.quick else "full run")
        try:
            png = scaling_png(report.sections.scaling, title=title)
        except ImportError:
            echo(PLOT_HINT)
    files = {"bench.json": bench_json(report), "bench.md": bench_markdown(report, png=png is not None)}
    if png is not None:
        files["bench.png"] = png
    return replace_outputs(output_folder(output), files)


def run_bench(*, quick: bool = False, output="output",
              echo: Callable[[str], None] = print) -> tuple[BenchReport, tuple[Path, ...]]:
    """Measure everything (small sizes when ``quick``), writing the files after every section.

    Raises:
        TypeError, ValueError: ``quick`` is not a bool, or ``output`` is not a folder.
    """
    if not isinstance(quick, bool):
        raise TypeError(f"quick must be a bool, got {quick!r}")
    folder = output_folder(output)           # checked before minutes of measuring
    written: list = []

    def progress(partial: BenchReport) -> None:
        written[:] = write_report(partial, folder, echo=lambda line: None)

    report = measure(QUICK if quick else FULL, echo=echo, progress=progress)
    return report, write_report(report, folder, echo=echo)

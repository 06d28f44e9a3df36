"""``bench.json`` and ``bench.md`` from a finished benchmark (pure: nothing is written).

The JSON has the same keys on every run (times vary, structure does not);
the Markdown names the machine, states each target with its measured figure
and verdict, then gives each section's table.
"""
from __future__ import annotations

from dataclasses import dataclass

from ..derivation.report import to_json
from .machine import Machine
from .model import Target, rounded
from .numerics import FUNCTIONS
from .targets import Sections

__all__ = ["BenchReport", "bench_json", "bench_markdown", "PLOT_HINT"]


@dataclass(frozen=True)
class BenchReport:
    """A finished benchmark: where, how, what it measured and how that compares."""

    quick: bool
    machine: Machine
    load_start: tuple | None
    load_end: tuple | None
    seconds: float
    sections: Sections
    targets: tuple[Target, ...]


def bench_json(report: BenchReport) -> str:
    s = report.sections
    return to_json({
        "quick": report.quick, "machine": report.machine.record(),
        "load_average": {"start": list(report.load_start or ()), "end": list(report.load_end or ())},
        "seconds": rounded(report.seconds, 2),
        "targets": [t.record() for t in report.targets],
        **{key: (part.record() if part is not None else None) for key, part in (
            ("pipeline", s.wall), ("steps", s.steps), ("scaling", s.scaling),
            ("numerics", s.numerics), ("timeout", s.hang))},
        **{extra.key: extra.record() for extra in s.extras},
    })


def _cell(value) -> str:
    return str(value).replace("|", "\\|").replace("\n", " ")


def _table(header, rows) -> list[str]:
    lines = ["| " + " | ".join(header) + " |", "|" + "---|" * len(header)]
    return lines + ["| " + " | ".join(_cell(c) for c in row) + " |" for row in rows]


def _s(seconds) -> str:
    return "-" if seconds is None else f"{seconds:.2f} s"


def _load(load) -> str:
    return " / ".join(f"{v:.2f}" for v in load) if load else "unknown"


def _header(report: BenchReport) -> list[str]:
    versions = dict(report.machine.versions)
    kind = ("Quick run (small sizes, one repetition): the figures are not judged against the targets."
            if report.quick else "Full run.")
    return [
        "# derive bench", "",
        f"Machine: {report.machine.summary()}; NumPy {versions['numpy']}, SciPy {versions['scipy']}, "
        f"mpmath {versions['mpmath']}.",
        f"Load average (1 / 5 / 15 min) at the start {_load(report.load_start)}, "
        f"at the end {_load(report.load_end)}. {kind} The benchmark took {report.seconds:.0f} s.", "",
        "## Targets", "",
        *_table(("#", "what", "measured", "target", "verdict", "note"),
                [(pos, t.what, t.shown(), t.goal, f"**{t.verdict}**" if t.met is False else t.verdict,
                  t.note or "") for pos, t in enumerate(report.targets, 1)]),
    ]


def _wall(s: Sections) -> list[str]:
    rows = [(f"`{' '.join(r.command)}`", _s(r.median), ", ".join(f"{v:.2f}" for v in r.seconds) or "-",
             _s(r.cpu_median), r.problem or "") for r in s.wall.runs]
    speed = "-" if s.wall.speedup is None else f"{s.wall.speedup:.2f}x"
    lines = ["", "## 1 and 5. Whole pipeline, cold, and -j 2", "",
             *_table(("command", "median", "runs (s)", "CPU (median)", "problem"), rows), "",
             f"`-j 2` speed-up over `-j 1`: {speed}." + (f" {s.wall.note.capitalize()}." if s.wall.note else "")]
    if s.wall.tasks:
        total = sum(t for _, t in s.wall.tasks)
        lines += ["", f"Where the first `-j 1` run spent its time: {total:.1f} s in "
                      f"{len(s.wall.tasks)} tasks, the rest is start-up and writing. "
                      f"A perfect two-way split of these tasks would finish in {_s(s.wall.best_j2)}. "
                      "Slowest tasks:", "",
                  *_table(("task", "seconds"), [(t, f"{v:.2f}") for t, v in s.wall.tasks[:5]])]
    return lines


def _steps(s: Sections) -> list[str]:
    st, n = s.steps, len(s.steps.timings)
    rec = st.record()
    rows = [("total time", _s(st.engine_total), _s(st.naive_total)),
            ("proved", f"{rec['engine_proved']} of {n}", f"{rec['naive_proved']} of {n}"),
            ("timeouts", "-", f"{rec['naive_timeouts']} (at {st.naive_timeout:g} s each)"),
            ("SymPy errors", "-", str(rec["naive_errors"]))]
    ratio = "-" if st.ratio is None else f"{st.ratio:.1f}x"
    which = ("every derivation step's proof obligations and every catalogue identity"
             if st.per_source is None else
             f"the first {st.per_source} proof obligations of each derivation and catalogue identities")
    lines = ["", "## 2. Step checking: engine vs `simplify(lhs - rhs) == 0`", "",
             f"{n} claims: {which}. An obligation with equivalent forms counts as proved when one is; "
             "the engine uses the hypotheses, the naive check cannot.", "",
             *_table(("", "engine", "naive simplify"), rows), "",
             f"Time ratio naive / engine: {ratio}.",
             "Proved by the naive check but not by the engine: "
             + (", ".join(st.exceptions) or "none") + "."]
    for side in ("engine", "naive"):
        if st.unsound(side):
            lines.append(f"Expected to be refuted, yet proved by the {side} check: "
                         + ", ".join(st.unsound(side)) + ".")
    if st.skipped:
        lines.append("Steps whose rule did not apply (no obligations): " + ", ".join(st.skipped) + ".")
    slowest = sorted(st.timings, key=lambda t: (-t.naive_seconds, t.claim.name))[:5]
    lines += ["", "Where the naive check spent its time:", "",
              *_table(("claim", "naive", "engine"),
                      [(t.claim.name, f"{t.naive_seconds:.2f} s, {t.naive_status}",
                        f"{t.engine_seconds:.2f} s, {t.engine_status}") for t in slowest])]
    return lines


def _side(side, entries) -> str:
    if side.seconds is not None:
        return f"{side.seconds:.2f} s ({side.proved}/{side.done} proved)" + (
            f"; {side.note}" if side.note else "")
    return side.note + (f" ({side.done} of {entries} done)" if side.done else "")


PLOT_HINT = ("bench.png was not drawn: matplotlib is not installed "
             "(pip install 'derive[bench]', or pip install matplotlib)")


def _scaling(s: Sections, png: bool = True) -> list[str]:
    sc = s.scaling
    rows = [(r.n, r.entries, _s(r.build_seconds), _side(r.engine, r.entries), _side(r.naive, r.entries))
            for r in sc.sizes]
    return ["", "## 3. Fixed-n scaling: the Jacobian entry by entry", "",
            *_table(("n", "entries", "building the claims", "engine", "naive simplify"), rows), "",
            f"General n (one symbolic claim): {sc.general_status} in {sc.general_seconds:.2f} s "
            f"({sc.general_method}).", "", "![fixed-n scaling](bench.png)" if png else PLOT_HINT + "."]


def _ulp(value) -> str:
    return "-" if value is None else f"{value:.3g}"


def _numerics(s: Sections) -> list[str]:
    nu = s.numerics
    summary = [(f"`{f}`", _ulp(nu.max_ulp(f)), _ulp(nu.scipy_max_ulp(f)), nu.largest_n(f))
               for f in FUNCTIONS]
    by_kind = {}
    for r in nu.accuracy:
        key = (r.function, r.kind)
        old = by_kind.get(key, (0.0, 0.0))
        by_kind[key] = (max(old[0], r.max_ulp), max(old[1], r.scipy_max_ulp))
    kinds = [(f"`{f}`", kind, _ulp(a), _ulp(b)) for (f, kind), (a, b) in by_kind.items()]
    speed = [(f"`{r.function}`", r.n, f"{r.derive_seconds * 1e6:.1f}", f"{r.scipy_seconds * 1e6:.1f}",
              f"{r.slowdown:.1f}x") for r in nu.speed]
    return ["", "## 4. Numerics: largest error in ulps against 50-digit mpmath", "",
            *_table(("function", "derive.numeric", "SciPy", "largest n"), summary), "",
            "SciPy's Jacobian is `diag(p) - p pᵀ` with SciPy's `p`. An ulp count counts every "
            "float64 in between, so one above 1e15 means a result of the wrong magnitude (such as 0 "
            "where the true value is -1e-200). By kind of logits:", "",
            *_table(("function", "logits", "derive.numeric", "SciPy"), kinds), "",
            "Speed (best of 3 batches, microseconds per call):", "",
            *_table(("function", "n", "derive.numeric", "SciPy", "derive / SciPy"), speed)]


def _hang(s: Sections) -> list[str]:
    h = s.hang
    alone = ("did not finish" if h.simplify_seconds is None
             else f"finished in {h.simplify_seconds:.2f} s")
    rows = [(t.thread, f"{t.timeout:g} s", t.status, t.method, _s(t.seconds), f"{t.seconds - t.timeout:+.2f} s")
            for t in h.trials]
    return ["", "## 6. Timeout discipline", "",
            f"Claim: `{h.claim}`. `simplify` alone, allowed {h.probe:g} s: {alone}.", "",
            *_table(("thread", "timeout", "verdict", "method", "elapsed", "over the timeout"), rows)]


def bench_markdown(report: BenchReport, *, png: bool = True) -> str:
    """The Markdown report; ``png``: whether bench.png was drawn (else the install hint)."""
    s = report.sections
    lines = _header(report)
    for part, section in ((s.wall, _wall), (s.steps, _steps),
                          (s.scaling, lambda s: _scaling(s, png)),
                          (s.numerics, _numerics), (s.hang, _hang)):
        if part is not None:
            lines += section(s)
    missing = [name for name, part in (("pipeline", s.wall), ("step checking", s.steps),
                                       ("fixed-n scaling", s.scaling), ("numerics", s.numerics),
                                       ("timeout", s.hang)) if part is None]
    lines += [line for extra in s.extras for line in extra.markdown()]
    if missing:
        lines += ["", "Not measured yet (the benchmark is still running, or stopped): "
                  + ", ".join(missing) + "."]
    return "\n".join(lines) + "\n"

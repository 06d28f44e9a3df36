"""The benchmark: a quick run end to end (files, JSON structure), and its parts.

No timing assertions: times vary from machine to machine and run to run.
What is asserted is the structure of the output and the logic that turns
measurements into verdicts (which must flag a missed target or an unsound
checker).
"""
from __future__ import annotations

import dataclasses
import json

import numpy as np
import pytest
from sympy import Derivative, Eq, Ne, S, Symbol, sqrt

import derive.bench as bench
from derive.bench import naive
from derive.bench.hang import HangResult, TimeoutTrial, hanging_claim
from derive.bench.machine import _cpuinfo_field
from derive.bench.model import at_least, at_most
from derive.bench.report import _table
from derive.bench.scaling import SideTiming, jacobian_claims
from derive.bench.steps import Claim, ClaimTiming, StepsResult, collect_claims
from derive.bench.targets import judge
from derive.bench.wall import RunTiming, WallResult
from derive.cli import main
from derive.numeric.kernels import LOGIT_KINDS, sample_logits
from derive.numeric.reference import mp_jacobian, mp_jacobian_entries

TARGET_KEYS = ["pipeline_seconds", "warm_run_seconds", "steps_ratio", "steps_engine_covers_naive",
               "scaling_n32_seconds", "numerics_max_ulp", "parallel_speedup", "timeout_overrun_seconds",
               "assertion_check_seconds"]


@pytest.fixture(scope="module")
def quick(tmp_path_factory):
    """``derive bench --quick`` through the CLI; the report object is kept as well."""
    out = tmp_path_factory.mktemp("bench")
    seen = {}
    real = bench.run_bench

    def keep(**kwargs):
        seen["report"], files = real(**kwargs, echo=lambda line: None)
        return seen["report"], files

    with pytest.MonkeyPatch.context() as mp:
        mp.setattr(bench, "run_bench", keep)
        code = main(["bench", "--quick", "-o", str(out)])
    return {"code": code, "out": out, "report": seen["report"],
            "json": json.loads((out / "bench.json").read_text(encoding="utf-8"))}


_RUN = RunTiming("-j 1", ("python",), (1.0,), (0,))
_WALL = WallResult(True, ("-k", "x"), tuple(dataclasses.replace(_RUN, label=label)
                                          for label in ("-j 1", "--no-numeric", "-j 2", "warm")))
_STEPS = StepsResult((), (), 1.0, 1.0)


# --- the quick run ------------------------------------------------------------

def test_quick_run_writes_the_three_files(quick):
    assert quick["code"] == 0          # a quick run judges nothing, so nothing is missed
    assert sorted(p.name for p in quick["out"].iterdir()) == sorted(bench.FILES)
    assert (quick["out"] / "bench.png").read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"


def test_json_has_every_section_and_target(quick):
    data = quick["json"]
    assert set(data) == {"quick", "machine", "load_average", "seconds", "targets", "pipeline",
                         "steps", "scaling", "numerics", "timeout", "assertion"}
    assert data["quick"] is True
    assert [t["key"] for t in data["targets"]] == TARGET_KEYS
    for t in data["targets"]:
        assert set(t) == {"key", "what", "goal", "measured", "unit", "met", "verdict", "note"}
        assert t["met"] is None and t["verdict"] == "not judged"
    assert {"cpu", "cores", "python", "versions"} <= set(data["machine"])
    assert data["machine"]["versions"]["sympy"] != "not installed"


def test_json_pipeline_section(quick):
    pipe = quick["json"]["pipeline"]
    assert pipe["partial"] is True and pipe["selection"][0] == "-k"
    assert [r["label"] for r in pipe["runs"]] == ["-j 1", "--no-numeric", "-j 2", "warm"]
    assert all("--no-cache" in r["command"] for r in pipe["runs"][:3])
    assert "--cache-dir <fresh cache>" in pipe["runs"][3]["command"]
    for run in pipe["runs"]:
        assert len(run["seconds"]) == 1 and run["exit_codes"] == [0], run["problem"]
    assert [t["task"] for t in pipe["tasks"]] == [f"identity {pipe['selection'][1]}"]


def test_best_two_way_split_bounds_the_parallel_run():
    run = RunTiming("-j 1", (), (10.0,), (0,))
    wall = WallResult(False, (), (run, dataclasses.replace(run, label="-j 2")),
                      (("a", 3.0), ("b", 2.0), ("c", 2.0), ("d", 1.0)))
    assert wall.best_j2 == pytest.approx(10.0 - 8.0 + 4.0)     # {a, d} and {b, c}
    assert dataclasses.replace(wall, tasks=()).best_j2 is None


def test_json_steps_section(quick):
    steps = quick["json"]["steps"]
    assert steps["claims"] == len(steps["per_claim"]) > 0
    names = [c["name"] for c in steps["per_claim"]]
    assert len(names) == len(set(names))
    assert {c["source"] for c in steps["per_claim"]} == {"step", "identity"}
    assert {c["naive_status"] for c in steps["per_claim"]} <= {"proved", "not proved", "timeout", "error"}
    assert {c["engine_status"] for c in steps["per_claim"]} <= {"proved", "refuted", "unknown"}
    assert steps["naive_proved_expected_refuted"] == [] and steps["engine_proved_expected_refuted"] == []


def test_json_scaling_section_checks_every_entry(quick):
    sizes = quick["json"]["scaling"]["sizes"]
    assert [s["n"] for s in sizes] == [2, 4]
    for s in sizes:
        assert s["entries"] == s["n"] ** 2
        assert s["engine"]["proved"] == s["engine"]["done"] == s["entries"]
    assert quick["json"]["scaling"]["general"]["status"] == "proved"


def test_json_numerics_and_timeout_sections(quick):
    nums = quick["json"]["numerics"]
    assert set(nums["max_ulp"]) == {"softmax", "log_softmax", "softmax_jacobian"}
    assert {r["kind"] for r in nums["accuracy"]} == set(LOGIT_KINDS)
    assert all(np.isfinite(v) for v in nums["max_ulp"].values())
    assert {r["function"] for r in nums["speed"]} == {"softmax", "log_softmax"}
    hang = quick["json"]["timeout"]
    assert [t["thread"] for t in hang["trials"]] == ["main", "worker"]
    assert all(t["status"] == "unknown" for t in hang["trials"])


def test_markdown_names_the_machine_and_every_target(quick):
    text = (quick["out"] / "bench.md").read_text(encoding="utf-8")
    report = quick["report"]
    assert report.machine.cpu in text and "SymPy" in text and "## Targets" in text
    for target in report.targets:
        assert target.what.replace("|", "\\|") in text
    assert "![fixed-n scaling](bench.png)" in text


# --- judging: a missed target or an unsound checker must show ---------------------

def _timing(name, expected, engine, naive_status):
    claim = Claim(name, "identity", "", expected, (S.true,))
    return ClaimTiming(claim, engine, "m", 0.1, naive_status, 1.0)


def test_steps_result_names_claims_only_the_naive_check_proves():
    result = StepsResult((_timing("a", "proved", "proved", naive.PROVED),
                          _timing("b", "proved", "unknown", naive.PROVED),
                          _timing("c", "proved", "proved", naive.TIMEOUT),
                          _timing("d", "refuted", "refuted", naive.PROVED)), (), 10.0, 5.0)
    assert result.exceptions == ("b",)
    assert result.unsound("naive") == ("d",) and result.unsound("engine") == ()
    assert result.ratio == pytest.approx(10.0)


def test_judge_flags_a_timeout_overrun_and_a_wrong_verdict(quick):
    sections = quick["report"].sections
    slow = HangResult("c", 1.0, None, (TimeoutTrial(1.0, "main", "unknown", "timeout", 2.5),))
    wrong = HangResult("c", 1.0, None, (TimeoutTrial(1.0, "main", "proved", "simplify", 0.2),))
    good = HangResult("c", 1.0, None, (TimeoutTrial(1.0, "worker", "unknown", "timeout", 1.1),))
    verdicts = {}
    for label, hang in (("slow", slow), ("wrong", wrong), ("good", good)):
        targets = judge(dataclasses.replace(sections, hang=hang), quick=False)
        verdicts[label] = next(t.met for t in targets if t.key == "timeout_overrun_seconds")
    assert verdicts == {"slow": False, "wrong": False, "good": True}


def test_judge_counts_n32_that_did_not_finish_as_missed(quick):
    sections = quick["report"].sections
    row = dataclasses.replace(sections.scaling.sizes[0], n=32,
                              engine=SideTiming(None, 10, 10, "did not finish within 60 s"))
    scaling = dataclasses.replace(sections.scaling, sizes=(row,))
    target = next(t for t in judge(dataclasses.replace(sections, scaling=scaling), quick=False)
                  if t.key == "scaling_n32_seconds")
    assert target.met is False and "did not finish" in target.note


@pytest.mark.parametrize("seconds, met", [(0.9, True), (1.1, False)])
def test_judge_n32_target_and_reports_n64(quick, seconds, met):
    sections = quick["report"].sections
    base = sections.scaling.sizes[0]
    rows = (dataclasses.replace(base, n=32, engine=SideTiming(seconds, 1024, 1024)),
            dataclasses.replace(base, n=64, engine=SideTiming(7.5, 4096, 4096)))
    scaling = dataclasses.replace(sections.scaling, sizes=rows)
    target = next(t for t in judge(dataclasses.replace(sections, scaling=scaling), quick=False)
                  if t.key == "scaling_n32_seconds")
    assert target.met is met and "n = 64: 7.50 s" in target.note


def test_warm_run_target_is_judged_from_the_warm_variant(quick):
    sections = quick["report"].sections
    runs = tuple(dataclasses.replace(r, seconds=(1.5,) if r.label == "warm" else (30.0,))
                 for r in sections.wall.runs)
    wall = dataclasses.replace(sections.wall, runs=runs, partial=False, selection=())
    targets = {t.key: t for t in judge(dataclasses.replace(sections, wall=wall), quick=False)}
    assert targets["warm_run_seconds"].met is True and targets["warm_run_seconds"].measured == 1.5
    assert targets["pipeline_seconds"].met is False


def test_partial_reports_are_written_after_each_section(tmp_path, monkeypatch):
    """A benchmark that stops in its third section keeps the first two in bench.json/bench.md."""
    done = {}

    def fake(name, value):
        def run(**kwargs):
            done[name] = True
            return value
        return run

    monkeypatch.setattr(bench, "measure_wall", fake("wall", _WALL))
    monkeypatch.setattr(bench, "measure_steps", fake("steps", _STEPS))

    def stop(**kwargs):
        raise KeyboardInterrupt
    monkeypatch.setattr(bench, "measure_scaling", stop)
    with pytest.raises(KeyboardInterrupt):
        bench.run_bench(quick=True, output=tmp_path, echo=lambda line: None)
    data = json.loads((tmp_path / "bench.json").read_text(encoding="utf-8"))
    assert data["pipeline"] is not None and data["steps"] is not None
    assert data["scaling"] is None and data["numerics"] is None
    keys = {t["key"]: t for t in data["targets"]}
    assert keys["scaling_n32_seconds"]["note"].endswith("not measured yet")
    assert "Not measured yet" in (tmp_path / "bench.md").read_text(encoding="utf-8")
    assert not (tmp_path / "bench.png").exists()


def test_missing_matplotlib_skips_the_plot_with_a_hint(quick, tmp_path, monkeypatch):
    def no_matplotlib(*args, **kwargs):
        raise ImportError("No module named 'matplotlib'")
    monkeypatch.setattr(bench, "scaling_png", no_matplotlib)
    lines = []
    files = bench.write_report(quick["report"], tmp_path, echo=lines.append)
    assert sorted(p.name for p in files) == ["bench.json", "bench.md"]
    assert lines == [bench.PLOT_HINT] and "pip install" in lines[0]
    assert bench.PLOT_HINT in (tmp_path / "bench.md").read_text(encoding="utf-8")


@pytest.mark.parametrize("make, value, met", [
    (at_most, 4.0, True), (at_most, 4.5, False), (at_most, None, None),
    (at_least, 10.0, True), (at_least, 9.9, False), (at_least, None, None),
])
def test_targets_compare_with_the_limit(make, value, met):
    assert make("k", "w", 4.0 if make is at_most else 10.0, value, "x").met is met


# --- the naive check ------------------------------------------------------------

x = Symbol("x", real=True)

NAIVE_CASES = [
    ("expands", Eq((x + 1) ** 2, x**2 + 2 * x + 1), True),
    ("derivative done first", Eq(Derivative(x**3, x), 3 * x**2), True),
    ("sqrt of a square is not x", Eq(sqrt(x**2), x), False),
    ("false equation", Eq(x + 1, x), False),
    ("positive", x**2 + 1 > 0, True),
    ("not known positive", x > 0, False),
    ("nonzero", Ne(x, x + 1), True),
    ("true", S.true, True),
    ("false", S.false, False),
]


@pytest.mark.parametrize("name, claim, expected", NAIVE_CASES, ids=[c[0] for c in NAIVE_CASES])
def test_naive_proves(name, claim, expected):
    assert naive.naive_proves(claim) is expected


def test_naive_check_tries_every_alternative():
    assert naive.naive_check((Eq(x, x + 1), Eq(x, x)), timeout=5.0)[0] == naive.PROVED
    assert naive.naive_check((Eq(x, x + 1),), timeout=5.0)[0] == naive.NOT_PROVED


def test_naive_check_times_out_on_the_hanging_claim():
    assert naive.naive_check((hanging_claim(),), timeout=0.5)[0] == naive.TIMEOUT


# --- the claims and references the bench measures on --------------------------------

def test_collect_claims_takes_steps_and_identities_with_unique_names():
    claims, _ = collect_claims()
    names = [c.name for c in claims]
    assert len(names) == len(set(names))
    assert {c.source for c in claims} == {"step", "identity"}
    assert all(c.alternatives for c in claims)
    limited, _ = collect_claims(per_source=2)
    assert len(limited) < len(claims)


def test_jacobian_claims_are_every_entry_and_a_corrupted_one_fails():
    claims = jacobian_claims(3)
    assert len(claims) == 9 and all(naive.naive_proves(c) for c in claims[:2])
    bad = Eq(claims[1].lhs, -claims[1].rhs)          # the off-diagonal sign flipped
    assert not naive.naive_proves(bad)


@pytest.mark.parametrize("kind", LOGIT_KINDS)
def test_sampled_reference_entries_match_the_full_reference(kind):
    z = sample_logits(5, kind, 3)
    full = mp_jacobian(z)
    rows, cols = np.divmod(np.arange(25), 5)
    assert mp_jacobian_entries(z, rows, cols) == [full[r][c] for r, c in zip(rows, cols)]


@pytest.mark.parametrize("rows, cols", [([0, 1], [0]), ([5], [0]), ([-1], [0])])
def test_sampled_reference_rejects_bad_indices(rows, cols):
    with pytest.raises(ValueError, match="rows and cols"):
        mp_jacobian_entries([0.0, 1.0, 2.0], rows, cols)


# --- small parts ---------------------------------------------------------------------

@pytest.mark.parametrize("text, field, expected", [
    ("model name\t: AMD EPYC 7B13\ncpu cores\t: 2\n", "model name", "AMD EPYC 7B13"),
    ("processor : 0\n", "model name", None),
    ("MemTotal:       24000000 kB\n", "MemTotal", "24000000 kB"),
])
def test_cpuinfo_field(text, field, expected):
    assert _cpuinfo_field(text, field) == expected


def test_markdown_table_escapes_pipes():
    assert _table(("a",), [("|z| <= 1",)])[-1] == "| \\|z\\| <= 1 |"


@pytest.mark.parametrize("output, error", [(None, TypeError), ("", TypeError), (3, TypeError)])
def test_output_folder_rejects_bad_arguments(output, error):
    with pytest.raises(error, match="output"):
        bench.output_folder(output)


def test_output_that_is_a_file_is_a_usage_error_before_measuring(tmp_path, capsys):
    target = tmp_path / "a_file"
    target.write_text("x")
    assert main(["bench", "--quick", "-o", str(target)]) == 2
    assert "is a file" in capsys.readouterr().err


def test_run_bench_rejects_a_non_bool_quick():
    with pytest.raises(TypeError, match="quick"):
        bench.run_bench(quick="yes")

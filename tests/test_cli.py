"""The command line: exit codes, listing, selection, usage errors."""
from __future__ import annotations

import subprocess
import sys

import pytest

from derive.cli import main


def test_list_names_every_derivation_and_identity(capsys):
    assert main(["list"]) == 0
    out = capsys.readouterr().out
    for name in ("entropy_uniform", "maxent_gibbs", "ftrl_softmax", "sparsemax", "entmax15", "softmax_sums_to_one"):
        assert name in out


@pytest.mark.parametrize("argv", [[], ["frobnicate"], ["run", "-j", "0"], ["run", "-k", "no_such_thing"],
                                  ["run", "--pdf", "--no-pdf"]])
def test_usage_errors_exit_2(argv, capsys):
    assert main(argv) == 2


def test_output_that_is_a_file_is_a_usage_error(tmp_path, capsys):
    target = tmp_path / "a_file"
    target.write_text("x")
    assert main(["run", "-o", str(target)]) == 2
    assert "not a folder" in capsys.readouterr().err


def test_help_exits_0(capsys):
    assert main(["--help"]) == 0
    assert "run" in capsys.readouterr().out


def test_partial_run_checks_one_item_and_writes_nothing(tmp_path, capsys):
    assert main(["run", "-k", "softmax_sums_to_one", "-o", str(tmp_path)]) == 0
    out = capsys.readouterr().out
    assert "softmax_sums_to_one" in out and "\u2713" in out
    assert list(tmp_path.iterdir()) == []


def test_python_dash_m_derive_works():
    proc = subprocess.run([sys.executable, "-m", "derive", "list"], capture_output=True, text=True,
                          timeout=120)
    assert proc.returncode == 0 and "maxent_gibbs" in proc.stdout


# --- the verdict cache on the command line ----------------------------------------

def _cache_line(out):
    return next(line for line in out.splitlines() if line.startswith("Verdict cache"))


def test_run_fills_the_cache_and_a_second_run_reads_it(tmp_path, capsys):
    cache = tmp_path / "cache"
    argv = ["run", "-k", "softmax_sums_to_one", "-j", "1", "--cache-dir", str(cache)]
    assert main(argv) == 0
    first = _cache_line(capsys.readouterr().out)
    assert f"({cache})" in first and "0 of 4 units" in first
    assert (cache / "verdicts.sqlite").exists() and (cache / "units.sqlite").exists()
    assert main(argv) == 0
    assert "4 of 4 units of work from the cache" in _cache_line(capsys.readouterr().out)


def test_no_cache_reads_and_writes_nothing(tmp_path, capsys):
    cache = tmp_path / "cache"
    assert main(["run", "-k", "softmax_sums_to_one", "--no-cache", "--cache-dir", str(cache)]) == 0
    assert _cache_line(capsys.readouterr().out) == "Verdict cache: off"
    assert not cache.exists()


def test_derive_no_cache_in_the_environment_switches_it_off(tmp_path, capsys, monkeypatch):
    monkeypatch.setenv("DERIVE_NO_CACHE", "1")
    assert main(["run", "-k", "softmax_sums_to_one", "--cache-dir", str(tmp_path / "c")]) == 0
    assert _cache_line(capsys.readouterr().out) == "Verdict cache: off"


def test_cache_clear_and_info(tmp_path, capsys):
    cache = tmp_path / "cache"
    assert main(["run", "-k", "softmax_sums_to_one", "-j", "1", "--cache-dir", str(cache)]) == 0
    capsys.readouterr()
    assert main(["cache", "info", "--cache-dir", str(cache)]) == 0
    info = capsys.readouterr().out
    assert str(cache) in info and "sympy" in info and "entries: 0" not in info
    assert main(["cache", "clear", "--cache-dir", str(cache)]) == 0
    cleared = capsys.readouterr().out
    assert "removed" in cleared and "4 units of work" in cleared
    assert main(["cache", "info", "--cache-dir", str(cache)]) == 0
    assert "entries: 0" in capsys.readouterr().out


@pytest.mark.parametrize("argv", [["cache"], ["cache", "frobnicate"]])
def test_cache_usage_errors_exit_2(argv, capsys):
    assert main(argv) == 2


def test_check_file_uses_the_cache_and_its_report_does_not_change(tmp_path, capsys):
    from pathlib import Path
    data = Path(__file__).resolve().parent / "data" / "handcheck" / "cross_entropy.tex"
    source = tmp_path / "d.tex"
    source.write_text(data.read_text(encoding="utf-8"), encoding="utf-8")
    argv = ["check", str(source), "-o", str(tmp_path), "--cache-dir", str(tmp_path / "c")]
    assert main(argv) == 0
    first_out = capsys.readouterr().out
    report = (tmp_path / "d.tex.check.json").read_bytes()
    assert main(argv) == 0
    out = capsys.readouterr().out
    assert "0 of" not in _cache_line(out) and _cache_line(out) != _cache_line(first_out)
    assert (tmp_path / "d.tex.check.json").read_bytes() == report

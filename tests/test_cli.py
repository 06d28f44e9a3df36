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

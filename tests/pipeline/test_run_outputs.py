"""`derive run` end to end: golden outputs, the report, the PDF, and failing runs."""
from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path

import pytest
from sympy import Eq

import proofs
from derive import catalogue
from derive.cli import main
from derive.latex.pdf import compile_pdf, find_pdflatex
from derive.pipeline import run_all
from derive.symbols import k, n, p

GOLDEN = Path(__file__).resolve().parents[2] / "output"
GOLDEN_FILES = ["derivations.tex", "report.json", "audit.json"] + [f"{name}.tex" for name in proofs.DERIVATIONS]


@pytest.fixture(scope="module")
def fresh(tmp_path_factory):
    out = tmp_path_factory.mktemp("output")
    outcome, files = run_all(output=out, echo=lambda line: None)
    return outcome, out


def test_full_run_is_proved_and_cross_checked(fresh):
    outcome, _ = fresh
    assert outcome.ok, outcome.failures()


@pytest.mark.parametrize("name", GOLDEN_FILES)
def test_regenerated_file_is_byte_identical_to_the_golden_copy(fresh, name):
    _, out = fresh
    assert (out / name).read_bytes() == (GOLDEN / name).read_bytes(), (
        f"output/{name} changed; if the change is intended, review it and commit the new file")


def test_report_lists_every_step_with_verdict_method_and_errors(fresh):
    _, out = fresh
    report = json.loads((out / "report.json").read_text())
    assert report["ok"] is True and report["failures"] == []
    for d in report["derivations"]:
        assert d["steps"] and all(s["verdict"]["status"] == "proved" and s["verdict"]["method"]
                                  for s in d["steps"])
        assert d["numeric"] and all(c["ok"] for c in d["numeric"])
    timings = json.loads((out / "timings.json").read_text())
    assert set(timings["derivations"]) == set(proofs.DERIVATIONS)


@pytest.mark.skipif(find_pdflatex() is None, reason="pdflatex is not installed (CI installs it)")
def test_combined_document_compiles_cleanly_and_page_one_is_not_blank(fresh, tmp_path):
    _, out = fresh
    tex = tmp_path / "derivations.tex"
    shutil.copy(out / "derivations.tex", tex)
    result = compile_pdf(tex)
    assert result.undefined_references == () and result.missing_characters == ()
    assert all(box.points <= 1.0 for box in result.overfull), result.overfull
    if shutil.which("pdftoppm") is None:
        pytest.skip("pdftoppm (poppler-utils) is not installed")
    subprocess.run(["pdftoppm", "-png", "-r", "40", "-f", "1", "-l", "1", str(result.pdf),
                    str(tmp_path / "page")], check=True, timeout=60)
    png = next(tmp_path.glob("page*.png"))
    import matplotlib.image as mpimg
    pixels = mpimg.imread(png)
    dark = (pixels[..., :3].mean(axis=-1) < 0.5).sum()
    assert dark > 30, f"page 1 looks blank ({dark} dark pixels)"


def test_a_failing_run_exits_1_and_its_report_names_the_step(tmp_path, monkeypatch, capsys):
    bad = proofs.DERIVATIONS["entropy_uniform"].with_claim("p_k_equals_1_over_n", Eq(p[k], 2 / n))
    monkeypatch.setattr(proofs, "DERIVATIONS", {"entropy_uniform": bad})
    one = catalogue.CATALOGUE["softmax_sums_to_one"]
    monkeypatch.setattr("derive.pipeline.CATALOGUE", {one.name: one})
    monkeypatch.setattr("derive.pipeline.units.CATALOGUE", {one.name: one})
    assert main(["run", "-o", str(tmp_path), "--no-pdf", "--no-numeric", "--no-audit"]) == 1
    report = json.loads((tmp_path / "report.json").read_text())
    assert report["ok"] is False
    assert report["failures"] == ["derivation entropy_uniform: step p_k_equals_1_over_n"]
    assert "FAILED" in capsys.readouterr().out


def test_missing_pdflatex_with_pdf_flag_is_an_error(tmp_path, monkeypatch, capsys):
    one = catalogue.CATALOGUE["softmax_sums_to_one"]
    monkeypatch.setattr(proofs, "DERIVATIONS", {})
    monkeypatch.setattr("derive.pipeline.CATALOGUE", {one.name: one})
    monkeypatch.setattr("derive.pipeline.units.CATALOGUE", {one.name: one})
    monkeypatch.setattr("derive.latex.pdf.find_pdflatex", lambda: None)
    assert main(["run", "-o", str(tmp_path), "--pdf", "--no-audit"]) == 1
    assert "pdflatex was not found" in capsys.readouterr().err
    assert (tmp_path / "derivations.tex").exists()


def test_missing_pdflatex_without_flag_still_writes_tex_and_says_how(tmp_path, monkeypatch, capsys):
    one = catalogue.CATALOGUE["softmax_sums_to_one"]
    monkeypatch.setattr(proofs, "DERIVATIONS", {})
    monkeypatch.setattr("derive.pipeline.CATALOGUE", {one.name: one})
    monkeypatch.setattr("derive.pipeline.units.CATALOGUE", {one.name: one})
    monkeypatch.setattr("derive.latex.pdf.find_pdflatex", lambda: None)
    assert main(["run", "-o", str(tmp_path), "--no-audit"]) == 0
    assert "apt-get install texlive-latex-base" in capsys.readouterr().out
    assert (tmp_path / "derivations.tex").exists() and not (tmp_path / "derivations.pdf").exists()

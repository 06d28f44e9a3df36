"""`derive run` end to end: golden outputs, the report, the PDF, and failing runs."""
from __future__ import annotations

import json
import re
import shutil
import subprocess
from pathlib import Path

import pytest
from sympy import Eq

import proofs
from derive import catalogue
from derive.cli import main
from derive.latex.pdf import compile_pdf, find_pdflatex
from derive.numeric.crosscheck import NUMPY_METHOD
from derive.pipeline import run_all
from derive.symbols import k, n, p

GOLDEN = Path(__file__).resolve().parents[2] / "output"
GOLDEN_FILES = ["derivations.tex", "report.json", "audit.json"] + [f"{name}.tex" for name in proofs.DERIVATIONS]


@pytest.fixture(scope="module")
def fresh(tmp_path_factory):
    from tests.conftest import one_at_a_time, session_verdicts
    out = tmp_path_factory.mktemp("output")
    # Through the session's cache: the claims the runner's and the catalogue's tests checked
    # are not checked again, and a second worker that needs the run waits for the first and
    # takes its units from the cache (the documents do not depend on it, test_cli shows).
    with one_at_a_time("full-run"):
        outcome, files = run_all(output=out, echo=lambda line: None, cache=session_verdicts())
    return outcome, out


def test_full_run_is_proved_and_cross_checked(fresh):
    outcome, _ = fresh
    assert outcome.ok, outcome.failures()


# The float64 rows measure the processor's exp kernel, not the derivation: NumPy picks
# it by CPU features (AVX-512 or not), which moves the last digits of those errors
# (4.2e-16 without AVX-512, 2.9e-16 with it, same NumPy).  Those figures are compared
# against their tolerance; everything else byte for byte.
_FLOAT64_ERROR = re.compile(r"\d\.\de[-+]\d\d")


def _platform_neutral(name: str, data: bytes) -> bytes:
    text = data.decode("utf-8")
    if name.endswith(".json") and "derivations" in json.loads(text):
        report = json.loads(text)
        for d in report["derivations"]:
            for c in d["numeric"]:
                if c["method"] == NUMPY_METHOD:
                    assert float(c["max_error"]) <= float(c["tolerance"]), c
                    c["max_error"] = "float64"
        return json.dumps(report, indent=2, sort_keys=True).encode()
    lines = [_FLOAT64_ERROR.sub("float64", line, count=1) if NUMPY_METHOD in line else line
             for line in text.split("\n")]
    return "\n".join(lines).encode()


@pytest.mark.parametrize("name", GOLDEN_FILES)
def test_regenerated_file_is_byte_identical_to_the_golden_copy(fresh, name):
    _, out = fresh
    new, old = (out / name).read_bytes(), (GOLDEN / name).read_bytes()
    assert new == old or _platform_neutral(name, new) == _platform_neutral(name, old), (
        f"output/{name} changed; if the change is intended, review it and commit the new file")


@pytest.mark.parametrize("a, b, same", [
    ("x & 4.2e-16 & 1.0e-13 & " + NUMPY_METHOD, "x & 2.9e-16 & 1.0e-13 & " + NUMPY_METHOD, True),
    ("x & 4.2e-16 & 1.0e-13 & cvxpy", "x & 2.9e-16 & 1.0e-13 & cvxpy", False),
    ("y & 4.2e-16 & 1.0e-13 & " + NUMPY_METHOD, "x & 4.2e-16 & 1.0e-13 & " + NUMPY_METHOD, False),
])
def test_only_float64_figures_are_platform_neutral(a, b, same):
    assert (_platform_neutral("d.tex", a.encode()) == _platform_neutral("d.tex", b.encode())) == same


def test_documents_served_from_the_unit_cache_are_the_rendered_ones(fresh, tmp_path):
    from derive.kernel.cache import VerdictCache, unsettled
    from derive.pipeline import render
    from derive.pipeline.unitcache import UnitCache
    outcome, _ = fresh
    store = UnitCache(VerdictCache(tmp_path))
    assert store.put(("identity", "x", None), 1, unsettled())
    memo = (store, store.documents_key([("identity", "x", None)]))
    plain, first, second = render(outcome), render(outcome, memo), render(outcome, memo)
    assert set(plain) == set(first) == set(second) and "timings.json" in plain
    assert all(plain[name] == first[name] == second[name] for name in plain if name != "timings.json")
    assert store.get_documents(memo[1]) is not None and "timings.json" not in store.get_documents(memo[1])


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


def test_every_derivation_states_its_theorem_and_labels_every_numerical_check(fresh):
    _, out = fresh
    report = json.loads((out / "report.json").read_text())
    for d in report["derivations"]:
        deriv = proofs.DERIVATIONS[d["name"]]
        assert deriv.statement and deriv.assumptions and deriv.result, d["name"]
        labels = dict(deriv.numeric_labels)
        unlabelled = sorted({c["name"] for c in d["numeric"]} - set(labels))
        assert unlabelled == [], f"{d['name']}: no author label for {unlabelled}"


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
    # the summary is one page, and no page before the last is half empty
    pages = subprocess.run(["pdftoppm", "-png", "-r", "30", str(result.pdf), str(tmp_path / "all")],
                           check=True, timeout=300)
    assert pages.returncode == 0
    shown = sorted(tmp_path.glob("all*.png"))
    fill = [_ink_depth(mpimg.imread(p)) for p in shown]
    assert all(f > 0.6 for f in fill[:-1]), [round(f, 2) for f in fill]
    if shutil.which("pdftotext"):
        second = subprocess.run(["pdftotext", "-f", "2", "-l", "2", str(result.pdf), "-"],
                                capture_output=True, text=True, check=True, timeout=60).stdout
        assert second.lstrip().startswith("Contents"), second[:200]


def _ink_depth(pixels) -> float:
    """How far down the page its text goes (the page number at the foot left out)."""
    gray = pixels[..., :3].min(axis=-1)
    body = gray[: int(gray.shape[0] * 0.9)] < 0.9
    rows = body.any(axis=1).nonzero()[0]
    return float(rows.max() / gray.shape[0]) if len(rows) else 0.0


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

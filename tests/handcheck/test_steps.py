"""Checking hand-written derivations: correct ones pass, planted errors fail at their line."""
from __future__ import annotations

import io
import json
from pathlib import Path

import pytest

from derive.errors import ParseError
from derive.handcheck.steps import check_derivation
from derive.latex.checkreport import report_tex
from derive.pipeline.checkfile import MAX_FILE_BYTES, main_check, report_json

DATA = Path(__file__).resolve().parents[1] / "data" / "handcheck"

# Correct derivations: the source documents' (transcribed) and our own.
CORRECT = [
    "entropy_mean.md",          # 000: entropy with a mean constraint -> softmax
    "entropy_uniform.md",       # 000: entropy alone -> uniform
    "entropy_two_problems.md",  # 000: both, separated by a reset
    "ftrl.tex",                 # 001: FTRL with entropy regulariser
    "ftrl_temperature.md",      # own: FTRL with a learning rate
    "softmax_definition.md",    # 002: softmax as a definition, its gradient
    "cross_entropy.tex",        # 002: gradient of cross-entropy through softmax
    "softmax_sum.tex",          # 003: components sum to one
    "softmax_jacobian.tex",     # 003: off-diagonal Jacobian, then both cases
    "softmax_diagonal.tex",     # 003: diagonal of the Jacobian
    "softmax_diagonal_seed.tex",  # 003: the same as written there, under j = k
    "softmax_bounds.md",        # 003: positivity
    "softmax_shift.md",         # own: shift invariance
    "log_softmax.tex",          # own: log-softmax and its derivative
]


@pytest.mark.parametrize("name", CORRECT)
def test_correct_derivation_is_proved(name):
    report = check_derivation((DATA / name).read_text(encoding="utf-8"))
    assert report.first_failure is None, report.first_failure
    assert report.ok
    assert all(s.status in ("proved", "assumed") for s in report.steps)


# (file, text replaced, planted error, line where the check must fail, status or kind)
PLANTED = [
    ("entropy_uniform.md", "=> p_i = 1/n", "=> p_i = 2/n", 27, "refuted"),           # wrong normalisation
    ("entropy_uniform.md", "log(p_i) = -1 - λ_1", "log(p_i) = 1 - λ_1", 17, "refuted"),  # wrong sign
    ("entropy_uniform.md", "= -log(p_i) - 1 - λ₁", "= -log(p_i) - λ₁", 11, "refuted"),   # dropped term
    ("entropy_mean.md", "log(p_i) = -1 - λ₁", "log(p_i) = -1 + λ₁", 22, "refuted"),     # wrong sign
    ("entropy_mean.md", "- 1 - λ₁ - λ₂ * z_i = 0", "- 1 - λ₁ = 0", 16, "refuted"),      # dropped λ₂ term
    ("entropy_mean.md", "exp(-1 - λ₁) * exp(-λ₂ * z_i)", "exp(-1 - λ₁) * exp(-λ₂ * z_j)", 24,
     "refuted"),                                                                          # wrong index
    ("entropy_mean.md", "∂L/∂p_i", "∂L/∂z_i", 16, "refuted"),                            # wrong variable
    ("entropy_mean.md", "/ Σ exp(-λ₂ * z_j)\n$$", "/ Σ exp(λ₂ * z_j)\n$$", 38, "refuted"),
    ("entropy_mean.md", "=> p_i = exp(z_i) / Σ exp(z_j)", "=> p_i = exp(-z_i) / Σ exp(-z_j)", 44,
     "refuted"),                                                                          # wrong λ₂
    ("ftrl.tex", r"&= \exp\left(-\mathbf{x}_{i}\right)", r"&= \exp\left(\mathbf{x}_{i}\right)", 13,
     "refuted"),
    ("ftrl.tex", r"{\partial \mathbf{w}_i}", r"{\partial \mathbf{y}_i}", 12,
     "derivative-variable"),                                                              # wrong variable
    ("ftrl_temperature.md", r"- 1 - \eta \lambda $$", r"- 1 - \lambda $$", 11, "refuted"),  # dropped η
    ("softmax_jacobian.tex", r"(I_{kj} - \text{softmax}", r"(I_{kj} + \text{softmax}", 14, "refuted"),
    ("softmax_jacobian.tex", r"^2} \exp(z_j) \\", r"^2} \exp(z_k) \\", 7, "refuted"),    # wrong index
    ("softmax_diagonal.tex", r"(1 - \text{softmax}(\mathbf{z})_k)", r"(1 - \text{softmax}(\mathbf{z})_j)",
     7, "refuted"),
    ("softmax_diagonal_seed.tex", r"(1 - \text{softmax}(\mathbf{z})_j)",
     r"(1 + \text{softmax}(\mathbf{z})_j)", 9, "refuted"),
    ("softmax_definition.md", r"P_i * (\delta_{ij} - P_j)", r"P_i * (\delta_{ij} + P_j)", 7, "refuted"),
    ("cross_entropy.tex", "&= y_k - \\text{softmax}(\\mathbf{S})_k\n",
     "&= \\text{softmax}(\\mathbf{S})_k - y_k\n", 7, "refuted"),                          # wrong sign
    # a line that starts with "=" continues the relation above it: the error is on its own line
    ("softmax_sum.tex", "= 1.", "= n.", 4, "refuted"),
    ("softmax_shift.md", r"\sum_i e^{z_i + c}", r"\sum_i e^{z_i}", 6, "refuted"),         # dropped term
    ("log_softmax.tex", r"&= z_k - \log", r"&= z_k + \log", 3, "refuted"),
    ("softmax_bounds.md", "> 0 $$\n\n$$ \\sum", "> 1 $$\n\n$$ \\sum", 3, "refuted"),
    # well-formedness problems are caught at their line too
    ("entropy_mean.md", "/ Σ exp(-λ₂ * z_j)\n$$", "/ Σ exp(-λ₂ * z_i)\n$$", 38, "index-clash"),
    ("softmax_sum.tex", r"\sum_j \frac{\exp(z_j)}{\sum_i \exp(z_i)}",
     r"\sum_j \frac{\exp(z_j)}{\sum_j \exp(z_j)}", 3, "index-clash"),
    ("ftrl.tex", r"{\sum_{j=1}^{n} \exp", r"{\sum_{j=1}^{n \exp", 15, "unbalanced"),
    ("softmax_shift.md", r"e^{z_k} e^{c}", r"e^{z_k} e^{b}", 5, "undefined-symbol"),
]


@pytest.mark.parametrize("name, old, new, line, expected", PLANTED,
                         ids=[f"{p[0]}:{p[3]}:{p[4]}" for p in PLANTED])
def test_planted_error_fails_at_its_line(name, old, new, line, expected):
    text = (DATA / name).read_text(encoding="utf-8")
    assert text.count(old) == 1, "the planted change must be unambiguous"
    report = check_derivation(text.replace(old, new))
    first = report.first_failure
    assert first is not None and first.line == line
    assert expected in (first.status, first.method)
    assert not report.ok
    if first.status == "refuted":
        assert first.counterexample is not None


def test_refutation_reports_a_counterexample_that_violates_the_step():
    text = (DATA / "planted_wrong_index.md").read_text(encoding="utf-8")
    first = check_derivation(text).first_failure
    assert (first.line, first.status) == (6, "refuted")
    assert first.counterexample and all(str(k) for k in first.counterexample)


@pytest.mark.parametrize("text, status, method", [
    ("$$ \\exp(x) \\geq 1 + x $$", "unknown", "none"),               # true, but undecided
    ("$$ z_i = a $$", "assumed", "definition"),                        # an undeclared letter is a variable
    ("$$ a = 1 $$", "assumed", "definition"),                          # a new name: defined
    ("% given: a > 0\n$$ a^2 > 0 $$", "proved", None),
    ("$$ &= 1 $$", "diagnostic", "syntax"),                            # continues nothing
    ("$$ z_i + 1 $$", "unknown", "not a relation"),                    # nothing to check
    ("% given: z_i\n$$ z_i = z_i $$", "diagnostic", "syntax"),         # a given must be a relation
    # a conditional probability on the left states the model's p, as H(p) = ... states H
    ("$$ p(\\mathbf{y} = C_k | x) = 1 $$", "assumed", "definition"),
    ("$$ (\\mathbf{y} = C_k | x) = 1 $$", "diagnostic", "syntax"),    # no function named
])
def test_single_rows(text, status, method):
    steps = check_derivation(text, kind="tex").steps
    last = steps[-1] if status == "proved" else steps[0]
    assert last.status == status
    assert method is None or last.method == method


def test_definition_chain_checks_its_other_links():
    report = check_derivation("$$ q = z_i + z_i = 2 z_i $$\n$$ q = 2 z_i $$", kind="md")
    assert [s.status for s in report.steps] == ["proved", "proved"]
    report = check_derivation("$$ q = z_i + z_i = 3 z_i $$", kind="md")
    assert report.steps[0].status == "refuted"


# ---------------------------------------------------------------- bad input
@pytest.mark.parametrize("kwargs, error, fragment", [
    (dict(text=b"$$a = 1$$"), TypeError, "text"),
    (dict(text="$$z_i = z_i$$", timeout=0), ValueError, "timeout"),
    (dict(text="$$z_i = z_i$$", timeout="1"), TypeError, "timeout"),
    (dict(text="$$z_i = z_i$$", kind="rst"), ValueError, "kind"),
    (dict(text=""), ParseError, "empty"),
    (dict(text="   \n"), ParseError, "empty"),
    (dict(text="no equations, only prose $x$"), ParseError, "no displayed equations"),
    (dict(text="x" * 1_000_001), ParseError, "limit"),
])
def test_check_derivation_bad_input(kwargs, error, fragment):
    with pytest.raises(error, match=fragment):
        check_derivation(**kwargs)


def _write(tmp_path, name, data):
    path = tmp_path / name
    path.write_bytes(data)
    return path


@pytest.mark.parametrize("name, data, fragment", [
    ("empty.tex", b"", "empty"),
    ("blank.md", b"  \n\n", "empty"),
    ("binary.tex", b"$$ a = 1 $$\x00\x01\x02", "binary"),
    ("latin1.tex", "$$ λ = 1 $$".encode("utf-16"), "binary"),
    ("prose.md", b"# Title\n\nNo math at all.\n", "no displayed equations"),
])
def test_main_check_bad_files(tmp_path, name, data, fragment):
    out = io.StringIO()
    assert main_check(str(_write(tmp_path, name, data)), out_dir=str(tmp_path), pdf=False,
                      stream=out) == 2
    assert fragment in out.getvalue()
    assert not list(tmp_path.glob("*.check.*"))


def test_main_check_refuses_a_huge_file_before_reading_it(tmp_path):
    path = tmp_path / "huge.tex"
    with path.open("wb") as fh:
        fh.truncate(10 * 1024 * 1024)        # 10 MB, sparse: never read
    out = io.StringIO()
    assert main_check(str(path), pdf=False, stream=out) == 2
    assert f"the limit is {MAX_FILE_BYTES}" in out.getvalue()


@pytest.mark.parametrize("target", ["missing.tex", "."])
def test_main_check_missing_file_or_directory(tmp_path, target):
    out = io.StringIO()
    assert main_check(str(tmp_path / target), pdf=False, stream=out) == 2
    assert "derive check:" in out.getvalue()


def test_main_check_missing_output_directory(tmp_path):
    out = io.StringIO()
    code = main_check(str(DATA / "softmax_sum.tex"), out_dir=str(tmp_path / "nope"),
                      pdf=False, stream=out)
    assert code == 2 and "does not exist" in out.getvalue()


# ---------------------------------------------------------------- outputs
def test_main_check_passes_and_writes_reproducible_reports(tmp_path):
    runs = []
    for k in range(2):
        out_dir = tmp_path / f"run{k}"
        out_dir.mkdir()
        out = io.StringIO()
        assert main_check(str(DATA / "entropy_uniform.md"), out_dir=str(out_dir),
                          pdf=False, stream=out) == 0
        runs.append({p.name: p.read_bytes() for p in sorted(out_dir.iterdir())})
    assert runs[0] == runs[1]
    assert set(runs[0]) == {"entropy_uniform.md.check.json", "entropy_uniform.md.check.tex"}
    data = json.loads(runs[0]["entropy_uniform.md.check.json"])
    assert data["ok"] and data["first_failure"] is None and data["counts"]["proved"] >= 5
    assert "line 11: proved" in out.getvalue()


def test_main_check_names_the_first_failing_step(tmp_path):
    out = io.StringIO()
    code = main_check(str(DATA / "planted_wrong_sign.tex"), out_dir=str(tmp_path),
                      pdf=False, stream=out)
    text = out.getvalue()
    assert code == 1
    assert "line 9: REFUTED" in text and "first failing step: line 9" in text
    data = json.loads((tmp_path / "planted_wrong_sign.tex.check.json").read_text())
    assert data["first_failure"] == 9


def test_the_terminal_residual_names_no_internal_symbol(tmp_path):
    path = _write(tmp_path, "r.md", "$$ \\frac{e^{x_i}}{\\sum_j e^{x_j}} = x \\, y_i $$\n".encode())
    out = io.StringIO()
    assert main_check(str(path), pdf=False, stream=out) == 1
    text = out.getvalue()
    assert "residual: " in text and "Sum(exp(x[j]), (j, 1, n))" in text, text
    assert "_s0" not in text and "Dummy" not in text, text


def test_a_md_and_a_tex_file_of_one_name_keep_their_own_reports(tmp_path):
    for suffix, good in ((".md", "entropy_uniform.md"), (".tex", "planted_wrong_sign.tex")):
        (tmp_path / ("x" + suffix)).write_bytes((DATA / good).read_bytes())
    codes = [main_check(str(tmp_path / name), pdf=False, stream=io.StringIO())
             for name in ("x.md", "x.tex")]
    assert codes == [0, 1]
    md = json.loads((tmp_path / "x.md.check.json").read_text())
    tex = json.loads((tmp_path / "x.tex.check.json").read_text())
    assert (md["source"], md["ok"]) == ("x.md", True)
    assert (tex["source"], tex["ok"]) == ("x.tex", False)
    assert "x.md" in (tmp_path / "x.md.check.tex").read_text()
    assert "x.tex" in (tmp_path / "x.tex.check.tex").read_text()


def test_annotated_tex_marks_each_step():
    report = check_derivation((DATA / "planted_wrong_index.md").read_text(encoding="utf-8"))
    tex = report_tex(report, source="planted_wrong_index.md")
    assert tex.startswith("\\documentclass") and tex.rstrip().endswith("\\end{document}")
    assert "\\checkmark" in tex and "\\times" in tex and "Counterexample" in tex
    assert "first failing step is on line 6" in tex
    assert json.loads(report_json(report, source="x"))["counts"]["refuted"] == 1


def test_a_partly_readable_file_lists_the_rows_not_read(tmp_path):
    path = tmp_path / "partly.md"
    path.write_text("$$ a = 1 $$\n\n$$ a + 1 = 2 $$\n\n$$ \\frobnicate{a} = 1 $$\n\n"
                    "$$ 2 a = 2 $$\n", encoding="utf-8")
    out = io.StringIO()
    assert main_check(str(path), out_dir=str(tmp_path), pdf=False, stream=out) == 1
    text = out.getvalue()
    assert "line 3: proved" in text and "line 7: proved" in text     # every readable row
    assert "1 of 4 rows could not be read:" in text and "  line 5: syntax" in text


# (document, status, method of its last row): a signature and a function's rule written
# with \mapsto describe a function, no claim; \mapsto after an equation is not read
MAPPINGS = [
    (r"$$ \sigma: \mathbb{R}^K \to (0,1)^K $$", "assumed", "signature"),
    (r"$$ \begin{aligned} \sigma(\cdot): \mathbb{R}^{K} & \rightarrow (0,1)^{K} \\"
     r" \mathbf{z} & \mapsto \sigma(\mathbf z) \end{aligned} $$", "assumed", "signature"),
    (r"$$ \begin{bmatrix} z_1 & \cdots & z_K \end{bmatrix}^{\top} \mapsto \begin{bmatrix}"
     r" e^{z_1} & \cdots & e^{z_K} \end{bmatrix}^{\top} $$", "assumed", "signature"),
    (r"$$ x = 2 \mapsto 3 $$", "diagnostic", "syntax"),
    (r"$$ \sigma(z) = z \to 1 $$", "diagnostic", None),
]


@pytest.mark.parametrize("text, status, method", MAPPINGS, ids=[str(k) for k in range(len(MAPPINGS))])
def test_a_function_described_is_no_claim(text, status, method):
    last = check_derivation(text, kind="md").steps[-1]
    assert last.status == status and (method is None or last.method == method), last.detail

"""Tests for derive.latex.checkreport: the annotated report of ``derive check``."""
from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from sympy import Eq, Rational, Sum, Symbol, Tuple, log

from derive.handcheck.steps import HandCheckReport, StepCheck, check_derivation
from derive.latex.checkreport import breakable_tt, report_tex, typeset_source
from derive.latex.leaks import find_leaks
from derive.latex.pdf import compile_pdf
from derive.symbols import i, lambda1, n, p

DATA = Path(__file__).resolve().parents[2] / "tests" / "data" / "handcheck"
needs_pdflatex = pytest.mark.skipif(shutil.which("pdflatex") is None,
                                    reason="pdflatex is not installed (Debian: apt-get install "
                                           "texlive-latex-base texlive-latex-recommended)")

GIVEN = Eq(Sum(p[i], (i, 1, n)), 1)
LONG_SOURCE = " + ".join(r"\frac{\partial L}{\partial p_{%d}} \cdot \lambda_{%d}" % (q, q)
                         for q in range(40)) + " = 0"
UNICODE_SOURCE = "∂L/∂p_i = -log(p_i) - 1 - λ₁ ≠ e^{x} ⟨z⟩ " + "x" * 200

STEPS = (
    StepCheck(2, r"\sum_i p_i = 1", GIVEN, "assumed", "given",
              detail="a hypothesis from this line on", role="given"),
    StepCheck(4, r"L = -\sum_i p_i \log p_i", Eq(Symbol("L"), -Sum(p[i] * log(p[i]), (i, 1, n))),
              "assumed", "definition", detail="defines L", role="definition"),
    StepCheck(7, r"\log p_i &= -1 - \lambda_1", Eq(log(p[i]), -1 - lambda1), "proved",
              "sum-normal-form + stationarity condition",
              detail="the derivative is set to zero; solved for p[i] = exp(-lambda_1 - 1)"),
    StepCheck(9, r"\log p_i &= -1 + \lambda_1", Eq(log(p[i]), -1 + lambda1), "refuted",
              "numeric counterexample using line(s) 2, 7", {lambda1: Rational(1, 3), n: 2},
              "the two sides differ at the counterexample; p[i], lambda_1 take the values"),
    StepCheck(10, r"\mymacro{p_i} = 2", Eq(p[i], 2), "unknown", "none",
              detail="residual: Sum(_s0*p[_s0], (_s0, 1, n)) - 2"),
    StepCheck(11, LONG_SOURCE, None, "diagnostic", "syntax", detail="unbalanced braces"),
    StepCheck(12, UNICODE_SOURCE, Tuple(Eq(p[i], lambda1), Eq(lambda1, 1)), "proved", "structural"),
)
REPORT = HandCheckReport(STEPS, "tex")


def test_rows_come_back_in_order_with_their_marks():
    tex = report_tex(REPORT, source="my_derivation.tex")
    marks = [(r"\item[\markassumed\ \textbf{2}]"), r"\item[\markassumed\ \textbf{4}]",
             r"\item[\markproved\ \textbf{7}]", r"\item[\markrefuted\ \textbf{9}]",
             r"\item[\markunknown\ \textbf{10}]", r"\item[\markunread\ \textbf{11}]",
             r"\item[\markproved\ \textbf{12}]"]
    positions = [tex.index(m) for m in marks]
    assert positions == sorted(positions)
    assert "7 rows: 2 proved, 1 refuted, 1 not settled, 1 unreadable, and 2 assumed" in tex
    assert "The first failing step is on line 9." in tex


def test_plain_latex_rows_are_typeset_as_written():
    tex = report_tex(REPORT, source="x.tex")
    assert "\\begin{equation*}\n\\log p_i = -1 - \\lambda_1\n\\end{equation*}" in tex
    assert typeset_source(r"p_i &= 1 \nonumber \label{eq:x}") == "p_i = 1"


def test_a_failing_row_has_its_counterexample_reading_and_scope_under_it():
    tex = report_tex(REPORT, source="x.tex")
    row = tex[tex.index(r"\textbf{9}]"):tex.index(r"\textbf{10}]")]
    assert r"\textbf{Counterexample:} $\lambda_{1} = \frac{1}{3},\ n = 2$" in row
    assert "Read as:" in row and r"\log p_{i} &= \lambda_{1} - 1" in row
    assert "numeric counterexample, using lines 2, 7" in row
    assert ("In scope: the hypothesis of line 2, the definition on line 4, the condition on "
            "line 7.") in row
    assert "p[i]" not in row and "the two sides differ at the counterexample" in row


def test_an_unsettled_row_has_its_residual():
    tex = report_tex(REPORT, source="x.tex")
    row = tex[tex.index(r"\textbf{10}]"):tex.index(r"\textbf{11}]")]
    assert r"\textbf{Residual} (left side minus right side, as read):" in row
    assert "p_{i} - 2 = 0" in row and "Sum(" not in row
    # an unknown macro is quoted, never typeset
    assert r"\textbackslash{}mymacro" in row


def test_the_hypotheses_are_listed():
    tex = report_tex(REPORT, source="x.tex")
    assert "\\subsection*{Hypotheses}" in tex and r"\item[line 2] $\sum_{i=1}^{n} p_{i} = 1$" in tex
    none = report_tex(HandCheckReport(STEPS[2:3], "tex"), source="x.tex")
    assert "None: the file states no hypothesis" in none


def test_an_empty_scope_is_said_once_not_under_every_row():
    rows = tuple(StepCheck(q, "a = b", None, "diagnostic", "syntax", detail="bad") for q in (1, 2, 3))
    tex = report_tex(HandCheckReport(rows, "tex"), source="x.tex")
    assert tex.count("None: the file states no hypothesis") == 1 and "In scope" not in tex


def test_chained_reading_and_long_lines_break():
    tex = report_tex(REPORT, source="x.tex")
    assert "p_{i} &= \\lambda_{1} \\\\\n&= 1" in tex
    assert tex.count(r"\allowbreak{}") > 40


@pytest.mark.parametrize("source, typeset", [
    (r"\frac{\partial L}{\partial p_i} &= -\log p_i - 1 = 0", True),
    (r"p_i = e^{-1 - \lambda_1}", True),
    (r"p_i &= 1 \nonumber \label{eq:x}", True),
    (r"\mymacro{x} = 1", False),
    ("λ = 1", False),
    (r"a = b \\ c = d", False),
    (r"\left( a = b", False),
    ("a = {b", False),
    ("50% = x", False),
    (LONG_SOURCE, False),
    (r"L = -\sum_i p_i log(p_i)", False),           # an italic word "log"
    (r"L = \sum_i p_i * z_i", False),                # a star for a product
    (r"y = exp(x) + \max(a, b)", False),
    (r"\log p_i + \exp(x) = \max(a, b) - \ln x", True),
    (r"x_{lower} = b", True),
])
def test_typeset_source(source, typeset):
    assert (typeset_source(source) is not None) == typeset


def test_breakable_tt_escapes_everything():
    tex = breakable_tt(r"\frac{a}{b} & 100% $x$ ~ ^ #")
    for raw in ("&", "%", "$", "#"):
        assert "\\" + raw in tex
    assert r"\textbackslash{}" in tex and r"\textasciitilde{}" in tex


def test_no_leak_and_deterministic():
    tex = report_tex(REPORT, source="x.tex")
    assert find_leaks(tex) == []
    assert tex == report_tex(REPORT, source="x.tex")


@needs_pdflatex
def test_report_compiles_within_the_margins(tmp_path):
    path = tmp_path / "x.check.tex"
    path.write_text(report_tex(REPORT, source="my_derivation.tex"), encoding="utf-8")
    result = compile_pdf(path)
    assert result.max_overfull <= 1.0, result.overfull
    assert result.undefined_references == () and result.missing_characters == ()
    assert result.warnings == (), result.warnings


@needs_pdflatex
@pytest.mark.parametrize("name", ["planted_wrong_sign.tex", "entropy_mean.md", "planted_wrong_index.md",
                                  "../real/08_zakaria_cross_entropy_softmax.md"])
def test_real_reports_compile_within_the_margins(tmp_path, name):
    report = check_derivation((DATA / name).read_text(encoding="utf-8"))
    if name.startswith("../real/"):     # a file from the web with a refuted row
        assert any(s.status == "refuted" and s.counterexample for s in report.steps)
    path = tmp_path / "r.check.tex"
    path.write_text(report_tex(report, source=name), encoding="utf-8")
    result = compile_pdf(path)
    assert result.max_overfull <= 1.0, result.overfull
    assert result.missing_characters == () and result.warnings == ()
    assert find_leaks(path.read_text(encoding="utf-8")) == []


# (a row the reader could not read, what the report says about it): words, never the
# checker's codes, and the user's characters quoted exactly.
DIAGNOSTIC_ROWS = [
    (StepCheck(3, r"\partial y_i / \partial x_k = 0", None, "diagnostic", "derivative-variable",
               detail="derivative with respect to x[k], which does not occur in the expression "
                      "differentiated"),
     r"unreadable: the variable of a derivative; derivative with respect to $x_{k}$, which does "
     r"not occur in the expression differentiated."),
    (StepCheck(3, "a; b", None, "diagnostic", "syntax", detail="unexpected character ';' at column 2"),
     r"unreadable: syntax; unexpected character ';' at column 2."),
    (StepCheck(3, "M = 1", None, "diagnostic", "undefined-symbol", detail="undefined symbol M"),
     r"unreadable: an undefined symbol; undefined symbol M."),
    (StepCheck(3, "[a", None, "diagnostic", "unbalanced", detail="'[' is never closed"),
     r"unreadable: unbalanced brackets; '[' is never closed."),
    (StepCheck(3, r"\hat{y}_i = 1", None, "assumed", "definition", detail=r"defines \hat{y}"),
     r"assumed: definition; defines $\hat{y}$."),                # the name as math, not TeX source
    (StepCheck(3, r"\mathcal{L} = 1", None, "assumed", "definition",
               detail=r"defines \mathcal{L} (used above it)"),
     r"assumed: definition; defines $\mathcal{L}$ (used above it)."),
    (StepCheck(3, r"\Delta = \nabla_{w} \mathcal{L}", None, "diagnostic", "derivative-variable",
               detail=r"derivative with respect to w[j] of an expression with a name that is not "
                      r"defined (\mathcal{L}, f): its dependence on the variable is not known"),
     r"unreadable: the variable of a derivative; derivative with respect to $w_{j}$ of an "
     r"expression with a name that is not defined ($\mathcal{L}$, $f$): its dependence on the "
     r"variable is not known."),
]


@pytest.mark.parametrize("row, words", DIAGNOSTIC_ROWS)
def test_an_unreadable_row_is_explained_in_words(row, words):
    tex = report_tex(HandCheckReport((row,), "tex"), source="x.tex")
    assert "{\\small %s\\par}" % words in tex
    assert "derivative-variable" not in tex and "undefined-symbol" not in tex


def test_a_counterexample_is_in_natural_order():
    from derive.symbols import z
    row = StepCheck(5, r"z_1 = z_2", Eq(z[1], z[2]), "refuted", "numeric counterexample",
                    {z[10]: 1, z[2]: 2, z[1]: 3, n: 10}, "the two sides differ")
    tex = report_tex(HandCheckReport((row,), "tex"), source="x.tex")
    assert r"$n = 10,\ z_{1} = 3,\ z_{2} = 2,\ z_{10} = 1$" in tex

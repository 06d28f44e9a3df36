"""Tests for derive.latex.leaks, and the leak scan of every generated document.

Every document derive writes -- the combined document, each per-derivation
document, a ``derive check`` report -- must print SymPy objects as
mathematics: no class name in ``\\text{...}``, no internal name, no ``str()``
of an expression.  Planted inputs show both halves: what the printer must
turn into mathematics, and what the scan must catch.
"""
from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import pytest
from sympy import Dummy, Eq, Ge, Limit, Max, Min, Piecewise, Sum, Symbol, exp, oo

from derive.derivation.model import Derivation, DerivationResult, NumericCheck, Step, StepResult
from derive.handcheck.steps import check_derivation
from derive.kernel.verdict import Verdict
from derive.latex.checkreport import report_tex
from derive.latex.document import combined_document, derivation_document, derivation_fragment
from derive.latex.leaks import find_leaks, sympy_class_names
from derive.latex.tables import IdentityEntry
from derive.printing.printer import DocPrinter
from derive.symbols import i, j, k, lambda2, n, z

ROOT = Path(__file__).resolve().parents[2]

# (LaTeX, the kinds of leak found in it).
PLANTED = [
    (r"\lim_{\lambda_{2} \to \text{NegativeInfinity}} e^{\lambda_{2}}", ["class name in text"]),
    (r"\lambda_{2} \to \text{Infinity}", ["class name in text"]),
    (r"\mathtt{\text{Piecewise((x, x > 0), (0, True))}}",
     ["class name in text", "SymPy str()"]),
    (r"\operatorname{Max}(a, b)", ["class name in text"]),
    (r"residual: Sum(\_s0*z[\_s0], (\_s0, 1, n))",
     ["internal bound name", "internal bound name", "internal bound name", "SymPy str()"]),
    (r"$x_{Dummy_{12}}$", ["internal dummy"]),
    ("bound ι4 left over", ["placeholder index"]),
    (r"\iota 4 + \iota_{5}", ["placeholder index", "placeholder index"]),
    (r"solved for p[i] = exp(-lambda\_1)", ["Python indexing"]),
    (r"x**2", ["Python power"]),
    (r"\text{True} \tag*{\markproved\,(\thesection.20)}", ["decided relation"]),
    (r"& \text{False} &&", ["decided relation"]),
    ("vs 50 digits (NumPy (derive.numeric) vs mpmath)", ["module name"]),
    (r"% a comment may say \text{Infinity}", []),
]

CLEAN = [
    r"\lim_{\lambda_{2} \to -\infty} e^{\lambda_{2} g_{q}} = 0",
    r"\begin{cases} x & \text{if } x > 0 \\ 0 & \text{otherwise} \end{cases}",
    r"\max\left(z_{i}, z_{j}\right) + \operatorname{softmax}(z)_k + \mathrm{d}x",
    r"\item[\markproved\ \textbf{7}] \parbox[t]{\notewidth}{a} \\[1ex] s_{0} + z_{\max}",
    r"\texttt{planted\_wrong\_sign.tex} \text{undefined} True 50\% of Sums",
    r"\sum_{i=1}^{n} p_{i} \log p_{i} \quad \iota",
]


@pytest.mark.parametrize("tex, kinds", PLANTED)
def test_planted_leaks_are_caught(tex, kinds):
    assert sorted(leak.kind for leak in find_leaks(tex)) == sorted(kinds)


@pytest.mark.parametrize("tex", CLEAN)
def test_mathematics_is_not_a_leak(tex):
    assert find_leaks(tex) == []


def test_class_names():
    names = sympy_class_names()
    assert {"NegativeInfinity", "Infinity", "Piecewise", "Max", "Min", "Sum", "KroneckerDelta",
            "Indexed", "Dummy"} <= names
    assert not names & {"for", "if", "otherwise", "True", "undefined"}


def test_find_leaks_reports_lines_and_rejects_bytes():
    assert [leak.line for leak in find_leaks("a\nb \\text{Infinity}\n")] == [2]
    with pytest.raises(TypeError, match="tex"):
        find_leaks(b"x")


def test_the_old_printer_fallback_would_be_caught():
    # The bug this scan guards against: without SymPy's own printing hook,
    # oo prints as its class name.
    old = DocPrinter()
    old.printmethod = "_no_such_hook"
    tex = old.doprint(Limit(exp(lambda2), lambda2, -oo))
    assert [leak.kind for leak in find_leaks(tex)] == ["class name in text"]


# -- documents built from planted results ------------------------------------------------

q = Symbol("_s0", integer=True)
PLANTED_CLAIMS = (
    Step("limit_at_minus_infinity", "limit", Eq(Limit(exp(lambda2), lambda2, -oo), 0)),
    Step("limit_at_infinity", "limit", Eq(Limit(exp(-lambda2), lambda2, oo), 0)),
    Step("piecewise", "identity", Eq(Symbol("y"), Piecewise((z[k], z[k] > 0), (0, True)))),
    Step("max_min", "inequality", Ge(Max(z[i], z[j]), Min(z[i], z[j]), evaluate=False)),
    Step("indexed_sums", "identity", Eq(Sum(z[i] * Sum(z[j], (j, 1, n)), (i, 1, n)), Symbol("T"))),
    Step("internal_names", "identity", Eq(Dummy() + q, Dummy("u") - oo, evaluate=False)),
)
LEAKY_DETAIL = ("residual: Sum(_s0*z[_s0], (_s0, 1, n)) - Dummy_7; p[i], ι4 take the values "
                "the premises fix; x**2")


def _planted_result(steps=PLANTED_CLAIMS, description="the sum of z vs 1"):
    deriv = Derivation("planted", "Planted", "Every SymPy object as mathematics.", (), steps, n)
    refuted = Verdict("refuted", "numeric", {z[k]: -oo, q: 1}, 0.0, LEAKY_DETAIL)
    unknown = Verdict("unknown", "none", None, 0.0, LEAKY_DETAIL)
    results = tuple(StepResult(s, "A direct identity.", (), refuted if pos == 0 else unknown
                               if pos == 1 else Verdict("proved", "expand", None, 0.0, LEAKY_DETAIL))
                    for pos, s in enumerate(steps))
    numeric = (NumericCheck("planted.check", description, 2, 0.0, 1.0, "m"),)
    return DerivationResult(deriv, results, numeric, 0.0)


def test_planted_sympy_objects_print_as_mathematics_in_every_document():
    result = _planted_result()
    identity = IdentityEntry("planted_identity", "Planted.", PLANTED_CLAIMS[0].claim,
                             Verdict("refuted", "numeric", {q: -oo}, 0.0, LEAKY_DETAIL))
    docs = {"fragment": derivation_fragment(result), "document": derivation_document(result),
            "combined": combined_document([result], identities=[identity])}
    for name, tex in docs.items():
        assert r"-\infty" in tex, name
        assert find_leaks(tex) == [], (name, find_leaks(tex)[:3])


def test_a_placeholder_index_in_a_claim_is_caught_in_the_document():
    leaky = (Step("placeholder", "identity", Eq(Symbol("ι4"), 0)),)
    tex = derivation_fragment(_planted_result(leaky))
    assert "placeholder index" in {leak.kind for leak in find_leaks(tex)}


def test_an_authors_description_quoting_sympy_is_caught():
    # Prose is the author's: the document prints it as written, and the scan flags it.
    tex = derivation_fragment(_planted_result(description="Sum(z[i], (i, 1, n)) vs 1"))
    assert {leak.kind for leak in find_leaks(tex)} == {"SymPy str()", "Python indexing"}


def test_a_class_name_in_a_title_is_caught():
    result = _planted_result()
    titled = replace(result, derivation=replace(result.derivation, title="NegativeInfinity"))
    tex = derivation_document(titled).replace(r"\begin{center}{\LARGE\bfseries NegativeInfinity",
                                              r"\begin{center}{\text{NegativeInfinity}")
    assert find_leaks(tex)


# -- every generated document ----------------------------------------------------------

GOLDEN = sorted((ROOT / "output").glob("*.tex"))


@pytest.mark.parametrize("path", GOLDEN, ids=[p.name for p in GOLDEN])
def test_no_leak_in_the_golden_documents(path):
    # output/*.tex are byte-identical to what derive run writes (tests/pipeline checks that)
    assert find_leaks(path.read_text(encoding="utf-8")) == []


@pytest.mark.parametrize("name", ["planted_wrong_sign.tex", "planted_wrong_index.md", "entropy_mean.md",
                                  # files from the web: an unread \max_i, a \dots in arguments
                                  "../real/21_gaohongnan_softmax_invariance.md",
                                  "../real/23_hincal_maxent_lagrange.md"])
def test_no_leak_in_a_check_report(name):
    text = (ROOT / "tests" / "data" / "handcheck" / name).read_text(encoding="utf-8")
    report = check_derivation(text)
    assert any(s.detail for s in report.steps)
    assert find_leaks(report_tex(report, source=name)) == []

"""Tests for derive.latex.document, .tables and .blocks: content, determinism, compiling."""
from __future__ import annotations

import re
import shutil
import subprocess

import pytest
from sympy import (Add, Derivative, Eq, KroneckerDelta, Le, Limit, Mul, S as Sym, Sum, Symbol,
                   exp, log)

from derive.latex.blocks import format_error, format_range, format_value, make_label
from derive.latex.document import combined_document, derivation_document, derivation_fragment
from derive.latex.tables import ErratumItem, IdentityEntry
from derive.derivation.model import (Derivation, DerivationResult, InstanceCheck, NumericCheck, Source,
                          Step, StepResult)
from derive.latex.pdf import compile_pdf
from derive.kernel.verdict import Verdict
from derive.symbols import i, j, k, lambda1, lambda2, mu, n, p, z

NO_PDFLATEX = "pdflatex is not installed (Debian: apt-get install texlive-latex-base texlive-latex-recommended)"
NO_POPPLER = "pdftoppm is not installed (Debian: apt-get install poppler-utils)"
needs_pdflatex = pytest.mark.skipif(shutil.which("pdflatex") is None, reason=NO_PDFLATEX)

L = Symbol("L")
H = -Sum(p[i] * log(p[i]), (i, 1, n))
Z = Sum(exp(-lambda2 * z[i]), (i, 1, n))
LAGRANGIAN = H - lambda1 * (Sum(p[i], (i, 1, n)) - 1) - lambda2 * (Sum(p[i] * z[i], (i, 1, n)) - mu)
DERIVATIVE_DISPLAY = Add(-log(p[k]), Sym.NegativeOne, -lambda1,
                         Mul(-1, lambda2, z[k], evaluate=False), evaluate=False)
LONG_RHS = Add(*[Symbol(f"a_{q}") * exp(-lambda2 * z[k]) / Z for q in range(14)])

SOURCES = (
    Source("000", "Softmax & Lagrange multipliers: 100% λ, é", "A. Nonymous", "date not stated",
           "seeds/000.txt"),
    Source("002", "Softmax", "Zhiliang Tian", "1 May 2016", "seeds/002.txt"),
)

PROVED = Verdict("proved", "sum-normal-form", None, 0.12, "difference is 0")
CANCEL = Verdict("proved", "cancel", None, 0.03, "")
INSTANCES = tuple(InstanceCheck(d, d * (d + 1) // 2, "proved", "cancel") for d in range(1, 7))

STEPS = (
    Step("lagrangian_is_entropy_minus_both_constraints", "lagrangian", Eq(L, LAGRANGIAN)),
    Step("derivative_in_p_k", "differentiate",
         Eq(Derivative(L, p[k]), -log(p[k]) - 1 - lambda1 - lambda2 * z[k]),
         uses=("lagrangian_is_entropy_minus_both_constraints",), args=(("wrt", p[k]),),
         display=Eq(Derivative(L, p[k]), DERIVATIVE_DISPLAY)),
    Step("p_k_is_gibbs", "solve_for", Eq(p[k], exp(-lambda2 * z[k]) / Z),
         uses=("derivative_in_p_k",), args=(("unknown", p[k]),)),
    Step("a_deliberately_long_equation", "substitute", Eq(Derivative(L, p[k]), LONG_RHS),
         uses=("p_k_is_gibbs", "derivative_in_p_k")),
    Step("hessian_is_minus_delta_over_p", "identity",
         Eq(Derivative(H, p[j], p[k]), -KroneckerDelta(j, k) / p[k]), section="optimality"),
    Step("uniform_at_lambda2_zero", "specialize", Eq(Limit(p[k], lambda2, 0), 1 / n),
         uses=("p_k_is_gibbs",), args=(("values", ((lambda2, 0),)),), section="limits"),
)

SENTENCES = {
    "lagrangian": ("Form the Lagrangian: the objective plus each constraint times its "
                   "multiplier (100% standard & well known).", ()),
    "differentiate": ("Differentiate {premise} with respect to {wrt}.",
                      (("premise", "lagrangian_is_entropy_minus_both_constraints"), ("wrt", p[k]))),
    "solve_for": ("Solve {premise} for {unknown}.", (("premise", "derivative_in_p_k"),
                                                    ("unknown", p[k]))),
    "substitute": ("Substitute {premise} into {target}.",
                   (("premise", "p_k_is_gibbs"), ("target", "derivative_in_p_k"))),
    "identity": ("A direct identity.", ()),
    "specialize": ("Specialize {premise} at {values}.",
                   (("premise", "p_k_is_gibbs"), ("values", ((lambda2, 0),)))),
}

NUMERIC = (
    NumericCheck("softmax_matches_gibbs", "p from the formula vs. scipy's softmax", 5,
                 3.14159e-15, 1e-12, "numpy float64"),
    NumericCheck("maximizer_beats_random_points", "entropy at 1000 random points", 4,
                 0.0, 1e-9, "scipy.optimize"),
)


def make_result(name="maxent_gibbs", *, title="Maximum entropy: the Gibbs distribution",
                broken=None, steps=STEPS, numeric=NUMERIC) -> DerivationResult:
    """A realistic result; ``broken`` names a step whose verdict is a refutation."""
    derivation = Derivation(name, title, "Maximizing H(p) gives p_k ∝ exp(-λ₂ z_k); 50% of it.",
                            ("000", "999"), steps, n)
    results = []
    for step in steps:
        sentence, args = SENTENCES[step.rule]
        verdict = CANCEL if step.rule == "solve_for" else PROVED
        instances = INSTANCES
        if step.name == broken:
            verdict = Verdict("refuted", "numeric counterexample (mpmath, 50 digits)",
                              {lambda1: 0.5, n: 2, z[k]: Sym(1) / 3}, 0.2, "residual 0.25 != 0")
            instances = INSTANCES[:2] + (InstanceCheck(3, 6, "refuted", "cancel"),)
        results.append(StepResult(step, sentence, args, verdict, instances))
    return DerivationResult(derivation, tuple(results), numeric, 1.234,
                            failed_step=broken)


IDENTITIES = (
    IdentityEntry("softmax_sums_to_one", "The entries of softmax add up to one.",
                  Eq(Sum(exp(z[i]) / Sum(exp(z[j]), (j, 1, n)), (i, 1, n)), 1), PROVED),
    ("softmax_shift_invariance", "Adding c to every z_i & the result is unchanged.",
     Eq(exp(z[k] + Symbol("c")) / Sum(exp(z[i] + Symbol("c")), (i, 1, n)),
        exp(z[k]) / Sum(exp(z[i]), (i, 1, n))), CANCEL),
    IdentityEntry("wrong_on_purpose", "A false claim the checker must refute.",
                  Le(exp(z[k]), z[k]), Verdict("refuted", "numeric counterexample",
                                               {z[k]: 0}, 0.1, "1 > 0")),
)

ERRATA = (
    ("002", (ErratumItem("eq. (1)", Eq(p[k], exp(z[k]) / Sum(exp(z[k]), (k, 1, n))), "typo",
                         "The denominator sums over a fresh index: $i$, not $k$ (#1)."),
             ("eq. (12)", "y(k) - P_k * sum_i y(i)", "refuted", Eq(Symbol("g"), p[k] - Symbol("y_k"))))),
    ("000", ()),
)


# -- helpers ----------------------------------------------------------------------

@pytest.mark.parametrize("parts, label", [
    (("eq", "maxent_gibbs", "p_k_is_gibbs"), "eq:maxent_gibbs:p_k_is_gibbs"),
    (("eq", "a b", "c:d", "é!"), "eq:a-b:c-d:-"),
    (("src", "000"), "src:000"),
])
def test_make_label(parts, label):
    if label.endswith(":-"):
        with pytest.raises(ValueError):
            make_label(*parts)
    else:
        assert make_label(*parts) == label


@pytest.mark.parametrize("value, text", [
    (3.14159e-15, "3.1e-15"), (0.0, "0.0e+00"), (1e-12, "1.0e-12"), (2, "2.0e+00"),
    (float("nan"), "nan"), (float("inf"), "inf"), (Sym(1) / 4, "2.5e-01"),
])
def test_format_error(value, text):
    assert format_error(value) == text


@pytest.mark.parametrize("bad", ["1e-3", None, True])
def test_format_error_rejects(bad):
    with pytest.raises(TypeError):
        format_error(bad)


@pytest.mark.parametrize("value, tex", [
    (2, "2"), (Sym(1) / 3, r"\frac{1}{3}"), (0.5, "0.5"), (1.23456789e-20, r"1.23457 \times 10^{-20}"),
])
def test_format_value(value, tex):
    assert format_value(value) == tex


@pytest.mark.parametrize("values, tex", [
    ([1, 2, 3, 4, 5, 6], r"1, \dots, 6"), ([2, 1], "1, 2"), ([1, 2, 5], "1, 2, 5"), ([], ""),
])
def test_format_range(values, tex):
    assert format_range(values) == tex


# -- the fragment ---------------------------------------------------------------

def test_fragment_steps_labels_sentences_and_checks():
    tex = derivation_fragment(make_result())
    assert tex.startswith(r"\section{Maximum entropy: the Gibbs distribution}\label{sec:maxent_gibbs}")
    for step in STEPS:
        assert r"\label{eq:maxent_gibbs:%s}" % step.name in tex
    # Step.display wins over Step.claim, in the author's term order.
    assert r"- \log p_{k} - 1 - \lambda_{1} - \lambda_{2} z_{k}" in tex
    # Placeholders: step names become \eqref, SymPy values inline math.
    assert (r"Differentiate \eqref{eq:maxent_gibbs:lagrangian_is_entropy_minus_both_constraints}"
            r" with respect to $p_{k}$.") in tex
    assert r"Specialize \eqref{eq:maxent_gibbs:p_k_is_gibbs} at $\lambda_{2} = 0$." in tex
    assert "multiplier (100\\% standard \\& well known)." in tex
    assert r"Proved by \emph{the normal form of sums}" in tex
    assert r"Proved by \emph{cancellation}" in tex
    assert r"Re-checked at $n = 1, \dots, 6$ (56 index assignments, by \emph{cancellation}): all hold." in tex
    assert "Source: \\cite{src:000}" not in tex      # no bibliography in a bare fragment
    assert "6 of 6 steps proved; 2 of 2 numerical cross-checks within tolerance." in tex


def test_fragment_groups_sections_in_order():
    tex = derivation_fragment(make_result())
    heads = re.findall(r"\\subsection\{([^}]*)\}", tex)
    assert heads == ["Derivation", "Optimality", "Limits", "Numerical cross-checks"]
    only_derivation = make_result(steps=STEPS[:3], numeric=())
    heads = re.findall(r"\\subsection\{([^}]*)\}", derivation_fragment(only_derivation))
    assert heads == ["Derivation"]
    assert "no numerical cross-check" in derivation_fragment(only_derivation)


def test_numeric_table():
    tex = derivation_fragment(make_result())
    assert (r"Softmax matches gibbs: p from the formula vs. scipy's softmax & 5 & 3.1e-15 & "
            r"1.0e-12 & numpy float64 & pass \\") in tex
    failing = (NumericCheck("too_far", "", 3, 2.5e-3, 1e-9, "mpmath"),)
    assert r"& 2.5e-03 & 1.0e-09 & mpmath & \textbf{FAIL} \\" in derivation_fragment(
        make_result(numeric=failing))


def test_long_equation_is_split():
    tex = derivation_fragment(make_result())
    block = tex.split(r"\label{eq:maxent_gibbs:a_deliberately_long_equation}")[1].split(
        r"\end{equation}")[0]
    assert r"\begin{split}" in block and block.count(r"\\") >= 1


def test_uses_not_named_in_sentence_are_cited():
    steps = (STEPS[0], Step("derivative_in_p_k", "identity", STEPS[1].claim,
                            uses=("lagrangian_is_entropy_minus_both_constraints",)))
    tex = derivation_fragment(make_result(steps=steps, numeric=()))
    assert (r"A direct identity (from "
            r"\eqref{eq:maxent_gibbs:lagrangian_is_entropy_minus_both_constraints}).") in tex


def test_a_refuted_step_is_shown_as_refuted():
    tex = derivation_fragment(make_result(broken="p_k_is_gibbs"))
    assert r"\textbf{Refuted} by \emph{numeric counterexample (mpmath, 50 digits)}" in tex
    assert (r"residual 0.25 != 0; counterexample $\lambda_{1} = 0.5,\ n = 2,\ "
            r"z_{k} = \frac{1}{3}$.") in tex
    assert r"\textbf{fails} at $n = 3$ (refuted)." in tex
    assert "5 of 6 steps proved" in tex
    assert r"stops at step ``P k is gibbs'', which does not follow." in tex
    assert tex != derivation_fragment(make_result())


def test_fragment_is_deterministic():
    assert derivation_fragment(make_result()) == derivation_fragment(make_result())


@pytest.mark.parametrize("make, error, match", [
    (lambda: derivation_fragment("not a result"), TypeError, "result"),
    (lambda: derivation_fragment(make_result(steps=(STEPS[0], STEPS[0]))), ValueError, "taken"),
    (lambda: derivation_fragment(make_result(steps=(
        Step("x", "identity", Eq(z[k], z[k]), section="appendix"),))), ValueError, "section"),
    (lambda: combined_document(make_result()), TypeError, "results"),
    (lambda: combined_document([make_result(), make_result()]), ValueError, "duplicate"),
    (lambda: combined_document([], sources=("000",)), TypeError, "Source"),
    (lambda: combined_document([], sources=SOURCES + SOURCES[:1]), ValueError, "duplicate key"),
    (lambda: combined_document([], identities=[("only", "three", Eq(z[k], 0))]), TypeError,
     "IdentityEntry"),
    (lambda: combined_document([], identities=IDENTITIES + IDENTITIES[:1]), ValueError,
     "duplicate"),
    (lambda: combined_document([], errata=[("002", [("loc", "c", "typo")])]), TypeError,
     "ErratumItem"),
    (lambda: combined_document([], errata=["002"]), TypeError, "pairs"),
    (lambda: combined_document([], title=None), TypeError, "title"),
])
def test_bad_input(make, error, match):
    with pytest.raises(error, match=match):
        make()


def test_bad_sentence_placeholder():
    result = make_result(steps=STEPS[:1], numeric=())
    bad = StepResult(STEPS[0], "Uses {missing}.", (), PROVED, ())
    with pytest.raises(ValueError, match="missing"):
        derivation_fragment(DerivationResult(result.derivation, (bad,), (), 0.0))


# -- whole documents ---------------------------------------------------------------

def combined():
    return combined_document([make_result(), make_result("entropy_uniform", title="Uniform ~ {a}",
                                                          broken="p_k_is_gibbs")],
                             identities=IDENTITIES, sources=SOURCES, errata=ERRATA)


def test_combined_document_parts():
    tex = combined()
    assert tex.startswith("\\documentclass[a4paper,11pt,titlepage]{article}")
    assert "\\date{}" in tex and "\\today" not in tex
    assert "\\author{generated by derive}" in tex
    assert tex.index(r"\maketitle") < tex.index(r"\begin{thebibliography}") < tex.index(
        r"\section{Maximum entropy") < tex.index(r"\section{Identities}") < tex.index(
        r"\section{Errata}")
    assert (r"\bibitem{src:000} A. Nonymous. \emph{Softmax \& Lagrange multipliers: 100\% "
            r"\ensuremath{\lambda}, \'e}. date not stated.") in tex
    assert r"\bibitem{src:002} Zhiliang Tian. \emph{Softmax}. 1 May 2016." in tex
    assert r"Source: \cite{src:000}, 999." in tex    # unknown keys are named, not cited
    assert r"\section{Uniform \textasciitilde{} \{a\}}" in tex
    assert "2 of 3 catalogue identities are proved." in tex
    assert r"\eqref{eq:identity:wrong_on_purpose} & Wrong on purpose & \textbf{refuted}" in tex
    assert r"\label{eq:identity:softmax_shift_invariance}" in tex
    assert r"\subsection{Softmax (Zhiliang Tian)}" in tex and "Verdict: \\textbf{typo}" in tex
    assert r"\textbf{Refuted} by \emph{numeric counterexample}: 1 \textgreater{} 0; counterexample $z_{k} = 0$." in tex
    assert r"(\#1)" in tex
    assert "No errors were found in this document." in tex
    for field in ("seconds", "1.234", "0.12"):
        assert field not in tex


def test_documents_are_byte_identical_run_to_run():
    assert combined().encode() == combined().encode()
    assert derivation_document(make_result(), SOURCES) == derivation_document(make_result(), SOURCES)


def test_derivation_document_lists_only_cited_sources():
    tex = derivation_document(make_result(), SOURCES)
    assert r"\bibitem{src:000}" in tex and r"\bibitem{src:002}" not in tex
    assert r"Source: \cite{src:000}" in tex


def _nonwhite_fraction(png) -> float:
    image = pytest.importorskip("matplotlib.image").imread(str(png))
    rgb = image[..., :3]
    scale = 1.0 if rgb.max() <= 1.0 else 255.0
    return float((rgb.min(axis=-1) < 0.9 * scale).mean())


def _compile_and_check(tmp_path, name, tex):
    path = tmp_path / name
    path.write_text(tex, encoding="utf-8")
    result = compile_pdf(path)
    assert result.undefined_references == ()
    assert result.max_overfull <= 10.0, result.overfull
    assert not [w for w in result.warnings if "Rerun" in w or "undefined" in w], result.warnings
    return result


@needs_pdflatex
@pytest.mark.skipif(shutil.which("pdftoppm") is None, reason=NO_POPPLER)
def test_combined_document_compiles_and_page_one_is_not_blank(tmp_path):
    result = _compile_and_check(tmp_path, "derivations.tex", combined())
    subprocess.run(["pdftoppm", "-png", "-r", "50", "-f", "1", "-l", "1", str(result.pdf),
                    str(tmp_path / "page")], check=True, capture_output=True)
    pages = sorted(tmp_path.glob("page*.png"))
    assert len(pages) == 1
    assert _nonwhite_fraction(pages[0]) > 0.001


@needs_pdflatex
def test_blank_page_check_can_fail(tmp_path):
    # The control for the test above: an empty page renders white.
    if shutil.which("pdftoppm") is None:
        pytest.skip(NO_POPPLER)
    path = tmp_path / "blank.tex"
    path.write_text("\\documentclass{article}\\pagestyle{empty}\\begin{document}"
                    "\\null\\end{document}\n")
    pdf_path = compile_pdf(path, runs=1).pdf
    subprocess.run(["pdftoppm", "-png", "-r", "50", "-f", "1", "-l", "1", str(pdf_path),
                    str(tmp_path / "blank")], check=True, capture_output=True)
    assert _nonwhite_fraction(next(tmp_path.glob("blank*.png"))) == 0.0


@needs_pdflatex
def test_derivation_document_compiles(tmp_path):
    _compile_and_check(tmp_path, "maxent_gibbs.tex", derivation_document(make_result(), SOURCES))

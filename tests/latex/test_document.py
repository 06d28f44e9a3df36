"""Tests for derive.latex.document, .tables and .blocks: content, determinism, compiling."""
from __future__ import annotations

import re
import shutil
import subprocess
from dataclasses import replace
from pathlib import Path

import pytest
from sympy import (Add, Derivative, Eq, KroneckerDelta, Le, Limit, Mul, S as Sym, Sum, Symbol,
                   exp, log)

from derive.latex.blocks import (format_error, format_range, format_value, make_label,
                                 verdict_phrase)
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

def test_fragment_opens_with_the_theorem_then_the_parts_then_the_table():
    tex = derivation_fragment(make_result())
    assert tex.startswith(r"\section{Maximum entropy: the Gibbs distribution}\label{sec:maxent_gibbs}")
    heads = re.findall(r"\\subsection\*\{([^}]*)\}", tex)
    assert heads == ["Derivation", "Optimality", "Limits", "Verification"]
    assert tex.index(r"\begin{theorem}") < tex.index(r"\subsection*{Derivation}")
    assert r"\label{thm:maxent_gibbs}" in tex and r"\label{tab:maxent_gibbs}" in tex
    only_derivation = make_result(steps=STEPS[:3], numeric=())
    heads = re.findall(r"\\subsection\*\{([^}]*)\}", derivation_fragment(only_derivation))
    assert heads == ["Derivation", "Verification"]


def test_every_equation_is_numbered_and_marked():
    tex = derivation_fragment(make_result())
    for pos in range(1, len(STEPS) + 1):
        assert r"{\markproved}{(\thesection.%d)}" % pos in tex
    # Step.display wins over Step.claim, in the author's term order.
    assert r"- \log p_{k} - 1 - \lambda_{1} - \lambda_{2} z_{k}" in tex


def test_the_machinery_is_not_repeated_under_every_equation():
    tex = derivation_fragment(make_result())
    assert "Re-checked at" not in tex and "Proved by" not in tex
    # one mark per equation and per table row, one in the lead's legend
    assert tex.count(r"\markproved") == 2 * len(STEPS) + len(NUMERIC) + 1


def test_rule_sentences_justify_steps_without_captions_never_the_identifier():
    tex = derivation_fragment(make_result())
    assert (r"Differentiate \eqnref{sec:maxent_gibbs}{1} with respect to $p_{k}$.") in tex
    assert r"Specialize \eqnref{sec:maxent_gibbs}{3} at $\lambda_{2} = 0$." in tex
    assert "multiplier (100\\% standard \\& well known)." in tex
    for step in STEPS:
        words = step.name.replace("_", " ")
        assert words[:1].upper() + words[1:] not in tex
        assert step.name.replace("_", r"\_") not in tex


CAPTIONED = (
    replace(STEPS[0], caption="the entropy minus both constraints, 100% as in the source"),
    replace(STEPS[1], caption=r"differentiate in $p_k$; only the terms $i = k$ depend on it"),
    replace(STEPS[2], caption=r"solve {derivative_in_p_k} for $p_k$: the claim {=p_k_is_gibbs}"),
    replace(STEPS[3], caption="an identity"),
)


def test_captions_are_the_authors_prose_with_references():
    tex = derivation_fragment(make_result(steps=CAPTIONED, numeric=()))
    assert r"the entropy minus both constraints, 100\% as in the source." in tex
    assert r"differentiate in $p_k$; only the terms $i = k$ depend on it." in tex
    assert r"solve \eqnref{sec:maxent_gibbs}{2} for $p_k$: the claim $p_{k} = " in tex
    # the premises the caption does not name are cited, all of them once one is
    assert r"an identity; by \eqnref{sec:maxent_gibbs}{2} and \eqnref{sec:maxent_gibbs}{3}." in tex
    assert "Form the Lagrangian" not in tex


def test_numbers_follow_the_parts_not_the_declaration():
    steps = (STEPS[4], STEPS[0])   # optimality declared first
    tex = derivation_fragment(make_result(steps=steps, numeric=()))
    assert tex.index(r"{(\thesection.1)}") < tex.index(r"{(\thesection.2)}")
    assert tex.index(r"\subsection*{Derivation}") < tex.index(r"{(\thesection.1)}")


def test_theorem_states_assumptions_and_statement():
    result = make_result(steps=CAPTIONED, numeric=())
    deriv = replace(result.derivation, assumptions=(r"$n \geq 1$ and $p_i > 0$.",),
                    statement=r"Then the maximizer is {=p_k_is_gibbs} (see {p_k_is_gibbs}).",
                    notes=(("derivation", r"Set the gradient to zero; 50% done."),))
    tex = derivation_fragment(replace(result, derivation=deriv))
    theorem = tex[tex.index(r"\begin{theorem}"):tex.index(r"\end{theorem}")]
    assert r"\item $n \geq 1$ and $p_i > 0$." in theorem
    assert r"Then the maximizer is $p_{k} = " in theorem and r"(see \eqnref{sec:maxent_gibbs}{3})" in theorem
    assert r"Set the gradient to zero; 50\% done." in tex
    assert "Maximizing H(p)" in tex     # the summary, after the theorem


def test_verification_table_rows():
    tex = derivation_fragment(make_result())
    table = tex[tex.index(r"\begin{longtable}"):tex.index(r"\end{longtable}")]
    # the method spans three columns, so that no method wraps; the count is in the fourth
    assert r"\multicolumn{1}{R{0.15\textwidth}}{$n = 1, \dots, 6$}" in table
    assert (r"\eqnref{sec:maxent_gibbs}{3} & \multicolumn{3}{L{\dimexpr0.66\textwidth+4\tabcolsep"
            r"\relax}}{cancellation} & \multicolumn{1}{R{0.15\textwidth}}{56} & \markproved \\") in table
    # numerical cross-checks: one row per check and n, numbers in one format
    assert r"{P from the formula vs. scipy's softmax {\footnotesize(numpy float64)}} \\*" in table
    assert r" & & 5\hspace{1.5em} & $3.1\times10^{-15}$ & $1.0\times10^{-12}$ & \markproved \\" in table
    assert r" & & 4\hspace{1.5em} & $0$ & $1.0\times10^{-\phantom{-}9\phantom{0}}$" not in table
    assert r" & & 4\hspace{1.5em} & $0$ & $1.0\times10^{-9\phantom{0}}$ & \markproved \\" in table
    assert "Softmax matches gibbs" not in table and "maximizer\\_beats" not in table


def test_verification_table_uses_the_derivations_labels():
    result = make_result()
    deriv = replace(result.derivation, numeric_labels=(
        ("softmax_matches_gibbs", r"formula vs $\operatorname{softmax}(z)$"),))
    tex = derivation_fragment(replace(result, derivation=deriv))
    assert r"Formula vs $\operatorname{softmax}(z)$ {\footnotesize(numpy float64)}" in tex
    failing = (NumericCheck("too_far", "", 3, 2.5e-3, 1e-9, "mpmath"),)
    tex = derivation_fragment(make_result(numeric=failing))
    assert r"Numerical check {\footnotesize(mpmath)}" in tex and "Too far" not in tex
    assert r"& & 3\hspace{1.5em} & $2.5\times10^{-3\phantom{0}}$ & $1.0\times10^{-9\phantom{0}}$ & \markrefuted \\" in tex
    assert r"\textbf{1 numerical cross-check exceeds the tolerance}" in tex


def test_long_equation_is_split():
    tex = derivation_fragment(make_result())
    assert tex.count(r"\quad {}+") >= 1 or tex.count(r"\quad +") >= 1


def test_a_refuted_step_is_shown_as_refuted():
    tex = derivation_fragment(make_result(broken="p_k_is_gibbs"))
    assert r"{\markrefuted}{(\thesection.3)}" in tex
    assert r"\textbf{Refuted} (a counterexample in exact numbers, confirmed at 50 digits): " \
           r"residual 0.25 != 0; counterexample $\lambda_{1} = 0.5,\ n = 2,\ z_{k} = \frac{1}{3}$." in tex
    assert r"\textbf{Fails} at $n = 3$ (refuted)." in tex
    assert r"\textbf{fails at} $n = 3$" in tex
    assert r"The derivation stops at \eqnref{sec:maxent_gibbs}{3}, which does not follow" in tex
    assert tex != derivation_fragment(make_result())


def test_a_statement_whose_proof_fails_is_a_claim_not_a_theorem():
    broken = make_result(broken="p_k_is_gibbs")
    tex = derivation_fragment(broken)
    assert r"\begin{claim}\label{thm:maxent_gibbs}" in tex and r"\begin{theorem}" not in tex
    assert "the claim above is not proved" in tex
    assert r"Claim~\ref{thm:maxent_gibbs}, \textbf{not proved}" in combined_document([broken])
    assert r"proof of Claim~\ref{thm:maxent_gibbs}" in derivation_document(broken)
    good = derivation_fragment(make_result())
    assert r"\begin{theorem}\label{thm:maxent_gibbs}" in good and r"\begin{claim}" not in good


def test_an_unsettled_step_is_not_said_to_be_false():
    result = make_result(broken="p_k_is_gibbs")
    steps = tuple(replace(s, verdict=Verdict("unknown", "none", None, 0.1, "no cheap strategy applies"),
                          instances=()) if s.name == "p_k_is_gibbs" else s for s in result.steps)
    tex = derivation_fragment(replace(result, steps=steps))
    assert r"\textbf{Not settled} (no strategy settled it): no cheap strategy applies." in tex
    assert r"stops at \eqnref{sec:maxent_gibbs}{3}, which could not be settled" in tex
    assert "does not follow" not in tex and "(none)" not in tex


# (detail, counterexample, the phrase): the checker's words as a reader's sentence.
PHRASES = [
    ("the two sides differ at the counterexample", {Symbol("z_10"): 1, Symbol("z_2"): 2},
     r"\textbf{Refuted} (a counterexample in exact numbers, confirmed at 50 and 100 digits): the "
     r"two sides differ at the counterexample $z_{10} = 1,\ z_{2} = 2$"),
    ("the two sides differ at the counterexample", {z[10]: 1, z[2]: 2, k: 1},
     r"\textbf{Refuted} (a counterexample in exact numbers, confirmed at 50 and 100 digits): the "
     r"two sides differ at the counterexample $k = 1,\ z_{2} = 2,\ z_{10} = 1$"),
    ("needed: the factor is nonzero; unexpected character ';' at column 4", {},
     r"\textbf{Not settled} (no strategy settled it): needed: the factor is nonzero; unexpected "
     r"character ';' at column 4"),
    ("derivative with respect to x[k], which does not occur; solved for p[i] = exp(-1)", {},
     r"\textbf{Not settled} (no strategy settled it): derivative with respect to $x_{k}$, which "
     r"does not occur"),
]


@pytest.mark.parametrize("detail, values, phrase", PHRASES)
def test_verdict_phrase(detail, values, phrase):
    method = "numeric counterexample (mpmath, 50 and 100 digits)" if values else "none"
    verdict = Verdict("refuted" if values else "unknown", method, values or None, 0.1, detail)
    assert verdict_phrase(verdict) == phrase
    assert verdict_phrase(PROVED) == ""


def test_checker_text_quoting_sympy_is_left_out():
    result = make_result(broken="p_k_is_gibbs")
    steps = tuple(replace(s, verdict=replace(
        s.verdict, detail="residual: Sum(_s0*z[_s0], (_s0, 1, n)); undecided within 10 s"))
        if s.name == "p_k_is_gibbs" else s for s in result.steps)
    tex = derivation_fragment(replace(result, steps=steps))
    assert "undecided within 10 s" in tex and "Sum(" not in tex and "\\_s0" not in tex


def test_fragment_is_deterministic():
    assert derivation_fragment(make_result()) == derivation_fragment(make_result())


def _bad_caption():
    return Derivation("d", "t", "s", (), (Step("a", "identity", Eq(z[k], 0),
                                               caption="see {nowhere}"),), n)


@pytest.mark.parametrize("make, error, match", [
    (lambda: derivation_fragment("not a result"), TypeError, "result"),
    (lambda: derivation_fragment(make_result(steps=(STEPS[0], STEPS[0]))), ValueError, "twice"),
    (lambda: derivation_fragment(make_result(steps=(
        Step("x", "identity", Eq(z[k], 0), section="appendix"),))), ValueError, "section"),
    (_bad_caption, ValueError, "not a step"),
    (lambda: Step("a", "identity", Eq(z[k], 0), caption="costs $5"), ValueError, "never closed"),
    (lambda: Step("a", "identity", Eq(z[k], 0), caption=3), TypeError, "caption"),
    (lambda: replace(make_result().derivation, notes=(("appendix", "x"),)), ValueError, "section"),
    (lambda: replace(make_result().derivation, result="nowhere"), ValueError, "result"),
    (lambda: replace(make_result().derivation, assumptions="one string"), TypeError, "assumptions"),
    (lambda: replace(make_result().derivation, numeric_labels=(("c", "{ref}"),)), ValueError, "brace"),
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
    assert tex.startswith("\\documentclass[a4paper,11pt]{article}")
    assert "\\today" not in tex and "generated by derive" not in tex and "titlepage" not in tex
    assert tex.index(r"\section*{Summary}") < tex.index(r"\tableofcontents") < tex.index(
        r"\begin{thebibliography}") < tex.index(r"\section{Maximum entropy") < tex.index(
        r"\section{Identities}") < tex.index(r"\section{Errata}")
    assert (r"\bibitem{src:000} A. Nonymous. \emph{Softmax \& Lagrange multipliers: 100\% "
            r"\ensuremath{\lambda}, \'e}. date not stated.") in tex
    assert r"\bibitem{src:002} Zhiliang Tian. \emph{Softmax}. 1 May 2016." in tex
    assert r"Source: \cite{src:000}, 999." in tex    # unknown keys are named, not cited
    assert r"\section{Uniform \textasciitilde{} \{a\}}" in tex
    assert "2 of 3 identities stated in the sources are proved" in tex
    assert (r"\eqnref{sec:identities}{3} & A false claim the checker must refute. & numeric "
            r"counterexample & \markrefuted \\") in tex
    assert r"{\markproved\,(\thesection.2)}" in tex
    assert r"\subsection{Softmax (Zhiliang Tian)}" in tex and "Verdict: \\textbf{typo}" in tex
    assert (r"\textbf{Refuted} (numeric counterexample): 1 \textgreater{} 0; counterexample "
            r"$z_{k} = 0$.") in tex
    assert r"(\#1)" in tex
    assert "No errors were found in this document." in tex
    for field in ("seconds", "1.234", "0.12"):
        assert field not in tex


def test_summary_says_what_was_derived_and_how_it_was_verified():
    tex = combined()
    summary = tex[tex.index(r"\section*{Summary}"):tex.index(r"\clearpage")]
    assert r"Maximum entropy: the Gibbs distribution (Theorem~\ref{thm:maxent_gibbs}" in summary
    assert r"$p_{k} = 0$" not in summary
    assert "Each of the 12 steps is a proof obligation" in summary
    assert ("11 of 12 steps are proved; the rewrites used are the normal form of sums (10 steps), "
            "cancellation (1).") in summary
    # 56 index assignments at n = 1..6 per step; the broken step holds at n = 1, 2 only
    assert r"at $n = 1, \dots, 6$" in summary and "68 of 69 re-checks hold" in summary
    assert "over 626 index assignments" in summary
    assert "4 of 4 cross-checks are within tolerance" in summary
    assert "3 identities stated in the sources are checked the same way" in summary
    assert "2 proved, 1 refuted" in summary
    assert "finds 1 refuted and 1 typo claims" in summary
    assert r"\ref{sec:maxent_gibbs} & Maximum entropy & 6/6 & 36/36 & 2/2 & $3.1\times10^{-15}$ \\" in summary


def test_summary_headline_is_the_result_step():
    result = make_result()
    tex = combined_document([replace(result, derivation=replace(result.derivation, result="p_k_is_gibbs"))])
    summary = tex[tex.index(r"\section*{Summary}"):tex.index(r"\clearpage")]
    assert r"$p_{k} = \frac{e^{- \lambda_{2} z_{k}}}{\sum_{i=1}^{n} e^{- \lambda_{2} z_{i}}}$" in summary


def test_documents_are_byte_identical_run_to_run():
    assert combined().encode() == combined().encode()
    assert derivation_document(make_result(), SOURCES) == derivation_document(make_result(), SOURCES)


def test_derivation_document_lists_only_cited_sources():
    tex = derivation_document(make_result(), SOURCES)
    assert r"\bibitem{src:000}" in tex and r"\bibitem{src:002}" not in tex
    assert r"\emph{In this document.}" in tex and r"Table~\ref{tab:maxent_gibbs} lists them" in tex
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
    assert result.missing_characters == ()
    assert result.max_overfull <= 1.0, result.overfull
    assert result.warnings == (), result.warnings
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


# -- the golden documents, as a reader gets them --------------------------------------

GOLDEN = Path(__file__).resolve().parents[2] / "output"
GOLDEN_TEX = sorted(p.name for p in GOLDEN.glob("*.tex"))


def test_golden_documents_exist():
    assert "derivations.tex" in GOLDEN_TEX and len(GOLDEN_TEX) >= 4, GOLDEN_TEX


@needs_pdflatex
@pytest.mark.parametrize("name", GOLDEN_TEX)
def test_golden_document_compiles_cleanly(tmp_path, name):
    # output/*.tex are byte-identical to what derive run writes (tests/pipeline checks that)
    result = _compile_and_check(tmp_path, name, (GOLDEN / name).read_text(encoding="utf-8"))
    assert result.pdf.stat().st_size > 10_000


def test_a_theorem_quoting_a_step_the_run_did_not_reach():
    result = make_result(steps=CAPTIONED, numeric=())
    deriv = replace(result.derivation, statement=r"Then {=p_k_is_gibbs}, see {p_k_is_gibbs}.")
    stopped = replace(result, derivation=deriv, steps=result.steps[:2], failed_step="derivative_in_p_k")
    tex = derivation_fragment(stopped)
    assert r"Then $p_{k} = " in tex and r"see \emph{(a step the run did not reach)}" in tex
    assert "p k is gibbs" not in tex

"""Tests for derive.latex.verification: the figures and the verification table."""
from __future__ import annotations

import math

import pytest
from sympy import Eq

from derive.derivation.model import (Derivation, DerivationResult, InstanceCheck, NumericCheck, Step,
                                     StepResult)
from derive.kernel.verdict import Verdict
from derive.latex.verification import figures, format_number, numeric_label, step_status, verification_table
from derive.symbols import k, n, z


@pytest.mark.parametrize("x, tex", [
    (2.6e-9, r"$2.6\times10^{-9\phantom{0}}$"),
    (1.1e-13, r"$1.1\times10^{-13}$"),
    (1e-5, r"$1.0\times10^{-5\phantom{0}}$"),
    (3.0, r"$3.0\times10^{0\phantom{0}}$"),           # no phantom minus: it read as a lost sign
    (12345.678, r"$1.2\times10^{4\phantom{0}}$"),
    (0.0, "$0$"), (math.inf, r"$\infty$"), (-math.inf, r"$-\infty$"), (math.nan, "NaN"),
])
def test_format_number(x, tex):
    assert format_number(x) == tex


def _result(verdicts, instances=(), numeric=()):
    steps = tuple(Step(f"s{q}", "identity", Eq(z[k], q)) for q in range(len(verdicts)))
    deriv = Derivation("d", "T", "S", (), steps, n)
    results = tuple(StepResult(s, "A direct identity.", (), v, tuple(instances))
                    for s, v in zip(steps, verdicts))
    return DerivationResult(deriv, results, tuple(numeric), 0.0)


PROVED = Verdict("proved", "expand", None, 0.0, "")
REFUTED = Verdict("refuted", "numeric", {z[k]: 1}, 0.0, "")
UNKNOWN = Verdict("unknown", "timeout", None, 0.0, "undecided")
HOLD = tuple(InstanceCheck(d, d, "proved", "structural") for d in (1, 2, 3))
BREAK = HOLD[:2] + (InstanceCheck(3, 3, "refuted", "structural"),)


@pytest.mark.parametrize("verdict, instances, status", [
    (PROVED, HOLD, "proved"), (PROVED, BREAK, "refuted"), (REFUTED, HOLD, "refuted"),
    (UNKNOWN, HOLD, "unknown"), (PROVED, (InstanceCheck(1, 1, "unknown", "x"),), "unknown"),
])
def test_step_status(verdict, instances, status):
    assert step_status(_result([verdict], instances).steps[0]) == status


def test_figures_count_everything():
    checks = (NumericCheck("a.x", "d", 2, 1e-9, 1e-6, "m"), NumericCheck("a.x", "d", 7, 3e-8, 1e-6, "m"),
              NumericCheck("a.y", "d", 2, 5e-3, 1e-6, "m"))
    fig = figures(_result([PROVED, REFUTED], HOLD, checks))
    assert (fig.steps, fig.proved, fig.rechecks, fig.rechecks_holding, fig.assignments) == (2, 1, 6, 6, 12)
    assert (fig.dimensions, fig.numeric, fig.numeric_within, fig.worst.max_error) == ((1, 2, 3), 3, 2, 5e-3)


def test_numeric_label_falls_back_to_the_description_never_the_name():
    check = NumericCheck("deriv.closed_form_float64", "closed form vs 50 digits", 2, 0.0, 1.0, "m")
    assert numeric_label(check, {}) == "Closed form vs 50 digits"
    assert numeric_label(NumericCheck("deriv.closed_form", "", 2, 0.0, 1.0, "m"), {}) == "Numerical check"
    assert numeric_label(check, {check.name: r"$p$ vs 50 digits"}) == r"$p$ vs 50 digits"


# (generated description, the label printed): a step is named by its equation number,
# never by its identifier in words
QUOTED_STEPS = [
    ("solver optimum vs the step 'p k is max of z k minus tau and 0' (random)",
     "Solver optimum vs the step (1.6) (random)"),
    ("the step 'tau is the smaller root' on the sorted support", "The step (1.13) on the sorted support"),
    ("the step 'not a step here' at the optimum", "A step at the optimum"),
]


@pytest.mark.parametrize("description, label", QUOTED_STEPS, ids=[q[1] for q in QUOTED_STEPS])
def test_a_described_step_is_named_by_its_equation_number(description, label):
    numbers = {"p_k_is_max_of_z_k_minus_tau_and_0": "(1.6)", "tau_is_the_smaller_root": "(1.13)"}
    out = numeric_label(NumericCheck("d.x", description, 2, 0.0, 1.0, "m"), {}, numbers)
    assert out == label
    assert "minus tau" not in out and "smaller root" not in out


def test_table_has_one_row_per_equation_and_per_check_and_n():
    checks = (NumericCheck("a.x", "first", 7, 1e-9, 1e-6, "m"), NumericCheck("a.y", "second", 2, 0.0, 1e-6, "m"),
              NumericCheck("a.x", "first", 2, 2e-9, 1e-6, "m"))
    result = _result([PROVED, REFUTED], BREAK, checks)
    numbers = {"s0": "(1)", "s1": "(2)"}
    tex = verification_table(result, numbers, label="tab:d")
    span = r"\multicolumn{3}{L{\dimexpr0.66\textwidth+4\tabcolsep\relax}}"
    count = r"\multicolumn{1}{R{0.15\textwidth}}"
    assert (r"(1) & %s{expansion; \textbf{fails at} $n = 3$} & %s{6} & \markrefuted \\"
            % (span, count)) in tex
    assert (r"(2) & %s{\textbf{refuted}: numeric; \textbf{fails at} $n = 3$} & %s{6} & "
            r"\markrefuted \\" % (span, count)) in tex
    first, second = tex.index("{First"), tex.index("{Second")
    rows = tex[first:second]
    # rows of a check sorted by n, under one heading
    assert rows.index(" & & 2\\hspace{1.5em} & ") < rows.index(" & & 7\\hspace{1.5em} & ")
    assert r"\caption{Verification of Section~\ref{sec:d}: 0 of 2 equations proved" in tex
    assert tex.count(r"\\*") == 2


def test_table_rejects_foreign_checks():
    with pytest.raises(TypeError, match="NumericCheck"):
        verification_table(_result([PROVED], (), ("not a check",)), {"s0": "(1)"}, label="tab:d")


def test_a_label_naming_no_check_is_an_error_not_a_silent_fallback():
    from dataclasses import replace
    result = _result([PROVED], HOLD, (NumericCheck("d.optimizer", "solver optimum", 2, 0.0, 1.0, "m"),))
    stale = replace(result, derivation=replace(result.derivation,
                                               numeric_labels=(("d.maximizer", "solver's maximizer"),)))
    with pytest.raises(ValueError, match="d.maximizer"):
        verification_table(stale, {"s0": "(1)"}, label="tab:d")
    fine = replace(result, derivation=replace(result.derivation,
                                              numeric_labels=(("d.optimizer", "solver's maximizer"),)))
    assert "Solver's maximizer" in verification_table(fine, {"s0": "(1)"}, label="tab:d")

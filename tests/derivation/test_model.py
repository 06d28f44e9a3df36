"""Frozen results and their notebook rendering."""
from __future__ import annotations

import dataclasses

import pytest
from sympy import Eq, Symbol

from derive import run
from derive.derivation.model import Derivation, Step
from derive.kernel.verdict import Verdict
from proofs import DERIVATIONS


def test_derivation_result_renders_as_math_for_jupyter():
    result = run(DERIVATIONS["entropy_uniform"], numeric=False, instances=False)
    tex = result._repr_latex_()
    assert tex.startswith("$$") and tex.endswith("$$")
    assert tex.count(r"\checkmark") == len(result.steps)
    # the display order of the Lagrangian is kept: entropy first, then the multiplier term
    assert tex.index(r"\log p_{i}") < tex.index(r"\lambda_{1} \left(")


def test_verdict_renders_and_is_immutable():
    v = Verdict("refuted", "numeric", {Symbol("x"): -1}, 0.1, "differs", Eq(Symbol("x"), 1))
    assert r"\times" in v._repr_latex_() and "counterexample" in v._repr_latex_()
    with pytest.raises(dataclasses.FrozenInstanceError):
        v.status = "proved"
    assert not v


@pytest.mark.parametrize("status,cex", [("proved", {Symbol("x"): 1}), ("refuted", None), ("maybe", None)])
def test_verdict_rejects_inconsistent_fields(status, cex):
    with pytest.raises(ValueError):
        Verdict(status, "m", cex)


def test_step_arguments_are_looked_up_by_key():
    step = Step("s", "identity", Eq(Symbol("a"), Symbol("b")), args=(("given", ()),))
    assert step.arg("given") == () and step.arg("missing", 3) == 3


a = Symbol("a")
# (a declaration, the error, words of its message): mistakes caught where they are made, not
# in a document that prints "True" for an equation or a theorem with no proof.
BAD_DECLARATIONS = [
    (lambda: Step("s", "identity", Eq(a, a)), ValueError, "step 's': the claim is True"),
    (lambda: Step("s", "identity", Eq(a, a + 1) if False else Eq(1, 2)), ValueError, "is False"),
    (lambda: Step("s", "identity", Eq(a, 1), caption="a smile \U0001F600"), ValueError,
     "caption of step 's': LaTeX cannot print"),
    (lambda: Derivation("d", "t", "s", (), ()), ValueError, "'d': steps must be a non-empty"),
    (lambda: Derivation("d", "t", "s", (), [Step("s", "identity", Eq(a, 1))]), ValueError,
     "non-empty tuple"),
    (lambda: Derivation("d", "t", "s", (), ("not a step",)), TypeError, "Step objects"),
]


@pytest.mark.parametrize("make, error, words", BAD_DECLARATIONS)
def test_bad_declarations_are_errors_naming_the_problem(make, error, words):
    with pytest.raises(error, match=words):
        make()


def test_an_unevaluated_equation_is_a_claim():
    assert Step("s", "identity", Eq(a, a, evaluate=False)).claim.lhs == a
    assert Derivation("d", "t", "s", (), (Step("s", "identity", Eq(a, 1)),)).steps[0].name == "s"


@pytest.mark.parametrize("name", sorted(DERIVATIONS))
def test_a_summary_names_no_variable_in_plain_letters(name):
    """The summary prints as text: "one over n" would set n upright, as a word, not a symbol."""
    import re
    summary = DERIVATIONS[name].summary
    assert not re.findall(r"(?<![\w$\\'’])[b-zB-HJ-Z](?![\w'’])", summary), summary

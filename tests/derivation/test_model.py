"""Frozen results and their notebook rendering."""
from __future__ import annotations

import dataclasses

import pytest
from sympy import Eq, Symbol

from derive import run
from derive.derivation.model import Step
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
    step = Step("s", "identity", Eq(Symbol("a"), Symbol("a")), args=(("given", ()),))
    assert step.arg("given") == () and step.arg("missing", 3) == 3

"""Tests for derive.latex.steptext: the words beside each equation."""
from __future__ import annotations

import pytest
from sympy import Eq, Symbol

from derive.derivation.model import Step, StepResult
from derive.kernel.verdict import Verdict
from derive.latex.steptext import StepText

a, b = Symbol("a"), Symbol("b")
PROVED = Verdict("proved", "structural", None, 0.0, "")
NUMBERS = {name: "(%d)" % pos for pos, name in enumerate(["p1", "p2", "prev", "this"], 1)}


def _note(uses, caption="", previous="prev"):
    step = Step("this", "identity", Eq(a, b), uses=uses, caption=caption)
    return StepText(NUMBERS, {}).note(StepResult(step, "A direct identity.", (), PROVED), previous)


# (premises, caption, the note): the previous step alone goes unsaid; a list is never partial.
NOTES = [
    (("prev",), "", "A direct identity."),
    (("p1",), "", "A direct identity; by (1)."),
    (("p1", "prev"), "", "A direct identity; by (1) and (3)."),
    (("prev", "p1", "p2"), "", "A direct identity; by (1), (2), and (3)."),
    (("p1", "prev"), "continuous; by {p1}", "continuous; by (1)."),   # the author named it
    (("p1", "prev"), "from {prev}", "from (3); by (1)."),
    (("p1", "p1"), "", "A direct identity; by (1)."),
]


@pytest.mark.parametrize("uses, caption, note", NOTES)
def test_the_premises_named_beside_a_step(uses, caption, note):
    assert _note(uses, caption) == note

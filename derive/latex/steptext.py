"""The words beside each equation: its justification, and its failure if it has one.

A step is justified by its author's caption (prose in the markup of
:mod:`derive.printing.prose`); a step without one by its rule's sentence,
with the ``{key}`` placeholders filled (a step name becomes its equation
number, a SymPy value inline math).  Never by the step's identifier.  The
premises the text does not mention are added ("by (1.5)"); when the step
just before is the only one, it is left out, since the reader has it in
front of them, but a list of premises is never partial ("by (3.23) and
(3.30)", not "by (3.23)" when (3.30) is used too).

A step that does not hold says so in its note: the verdict, the checker's
words (:func:`derive.latex.blocks.verdict_phrase`) and the counterexample.
"""
from __future__ import annotations

import string
from typing import Any

from sympy import Basic, Eq

from ..derivation.model import StepResult
from ..kernel.verdict import PROVED
from .blocks import format_range, inline_math, verdict_phrase
from ..printing.escape import escape_text
from ..printing.prose import prose_tex, references

__all__ = ["StepText", "failure_text", "ref_list"]


def ref_list(refs: list[str]) -> str:
    if len(refs) <= 2:
        return " and ".join(refs)
    return ", ".join(refs[:-1]) + ", and " + refs[-1]


def _is_assignment(item: Any) -> bool:
    """``(symbol, value)``: how rules pass the values a premise is specialized at."""
    return isinstance(item, tuple) and len(item) == 2 and isinstance(item[0], Basic)


class StepText:
    """Renders the notes of one derivation's steps.

    Args:
        numbers: step name -> text-mode LaTeX of its equation number, for
            the steps shown.
        shown: step name -> the relation the document displays for it, for
            every declared step (a run that fails stops early, and a theorem
            may quote a step that was not reached).
    """

    def __init__(self, numbers: dict[str, str], shown: dict[str, Any]):
        self.numbers = numbers
        self.shown = shown

    def ref(self, name: str) -> str:
        if name in self.numbers:
            return self.numbers[name]
        return r"\emph{(a step the run did not reach)}"

    def claim(self, name: str) -> str:
        if name not in self.shown:
            return self.ref(name)
        return inline_math(self.shown[name])

    def value(self, value: Any) -> str:
        """A sentence argument: step name -> number, text, assignments or math."""
        if isinstance(value, str):
            return self.numbers[value] if value in self.numbers else escape_text(value)
        if isinstance(value, dict):
            value = tuple(value.items())
        if isinstance(value, (tuple, list)):
            if value and all(_is_assignment(v) for v in value):
                return ref_list([inline_math(Eq(a, b, evaluate=False)) for a, b in value])
            return ref_list([self.value(v) for v in value])
        return inline_math(value)

    def note(self, result: StepResult, previous: str | None) -> str:
        """The justification of ``result`` (text-mode LaTeX), its failure appended."""
        step = result.step
        if step.caption:
            text = prose_tex(step.caption, ref=self.ref, claim=self.claim,
                             what=f"caption of step {step.name!r}").strip()
            mentioned = set(references(step.caption))
        else:
            text, mentioned = self._sentence(result)
        unmentioned = [u for u in dict.fromkeys(step.uses) if u not in mentioned]
        order = {name: pos for pos, name in enumerate(self.numbers)}
        unmentioned.sort(key=lambda u: order.get(u, len(order)))
        premises = [] if unmentioned == [previous] else [self.ref(u) for u in unmentioned]
        if premises:
            text = text.rstrip(".") + "; by %s" % ref_list(premises)
        if text and not text.endswith((".", "!", "?")):
            text += "."
        failure = failure_text(result)
        return text + (" " + failure if failure else "")

    def _sentence(self, result: StepResult) -> tuple[str, set]:
        args = dict(result.sentence_args)
        out = []
        try:
            parsed = list(string.Formatter().parse(result.sentence))
        except ValueError as err:
            raise ValueError(f"step {result.name!r}: malformed sentence "
                             f"{result.sentence!r}: {err}") from None
        for literal, field, spec, conversion in parsed:
            out.append(escape_text(literal))
            if field is None:
                continue
            if spec or conversion or field not in args:
                raise ValueError(f"step {result.name!r}: sentence placeholder {{{field}}} "
                                 f"has no plain value in sentence_args")
            # A rule's optional argument the step left out: say so rather than fail.
            out.append(r"\emph{(not given)}" if args[field] is None else self.value(args[field]))
        mentioned = {v for v in args.values() if isinstance(v, str)}
        for v in args.values():
            if isinstance(v, (tuple, list)):
                mentioned.update(x for x in v if isinstance(x, str))
        return "".join(out).strip(), mentioned


def failure_text(result: StepResult) -> str:
    """What went wrong with the step, in a sentence or two; empty when it holds."""
    parts = []
    phrase = verdict_phrase(result.verdict)
    if phrase:
        parts.append(phrase + ".")
    failed = [c for c in result.instances if c.status != PROVED]
    if failed:
        parts.append(r"\textbf{Fails} at $n = %s$ (%s)." % (
            format_range([c.n for c in failed]),
            ", ".join(sorted({"not settled" if c.status == "unknown" else c.status
                              for c in failed}))))
    return " ".join(parts)

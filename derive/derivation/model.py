"""Frozen dataclasses that describe derivations and their results.

A derivation (in ``proofs/``) is declared as data: a tuple of :class:`Step`
specs.  Running it (``derive.derivation.run``) produces a
:class:`DerivationResult` holding one :class:`StepResult` per step.  Nothing
here computes anything; the rules live in ``derive.derivation.rules``.
"""
from __future__ import annotations

from dataclasses import dataclass, field, replace
from typing import Any, Callable

from sympy.logic.boolalg import BooleanAtom

from ..kernel.verdict import Verdict, PROVED
from ..printing.prose import parse_prose, references

__all__ = [
    "Source", "Step", "Derivation", "InstanceCheck", "StepResult",
    "NumericCheck", "DerivationResult",
]

SECTIONS = ("derivation", "optimality", "limits")


@dataclass(frozen=True)
class Source:
    """A source document, cited by title, author and date."""

    key: str
    title: str
    author: str
    date: str
    path: str


@dataclass(frozen=True)
class Step:
    """One named step of a derivation.

    Attributes:
        name: snake_case; states the claim (``stationarity_gives_log_p_linear_in_z``).
        rule: key into ``derive.derivation.rules.RULES``.
        claim: the SymPy relation the step asserts.
        uses: names of earlier steps this one builds on (its premises).
        args: rule arguments as ``(key, value)`` pairs (kept hashable).
        section: one of ``"derivation"``, ``"optimality"``, ``"limits"``.
        display: optional unevaluated form of ``claim`` for the document.
        caption: the author's prose for the document, a few words that justify
            the step ("differentiate in $p_k$; only the $k$-th terms depend on
            it", "by {other_step}"), in the markup of
            :mod:`derive.printing.prose`; empty means the rule's sentence.
    """

    name: str
    rule: str
    claim: Any
    uses: tuple[str, ...] = ()
    args: tuple[tuple[str, Any], ...] = ()
    section: str = "derivation"
    display: Any = None
    caption: str = ""

    def __post_init__(self):
        if not isinstance(self.caption, str):
            raise TypeError(f"caption must be a str, got {type(self.caption).__name__}")
        if isinstance(self.claim, BooleanAtom):
            # Eq(x, x) is already True when it is built: the equation is lost, and a
            # document would print "True" for it.
            raise ValueError(f"step {self.name!r}: the claim is {self.claim}, which SymPy decided "
                             f"when the relation was built, so there is no equation to check or "
                             f"print; build it with Eq(..., evaluate=False)")
        parse_prose(self.caption, what=f"caption of step {self.name!r}")

    def arg(self, key: str, default: Any = None) -> Any:
        return dict(self.args).get(key, default)


@dataclass(frozen=True)
class Derivation:
    """A derivation declared as data; ``proofs`` modules each define one.

    Attributes:
        name: registry key (module name).
        title: human title.
        summary: the result in one sentence.
        sources: keys into ``proofs.sources.SOURCES``.
        steps: the steps, in order.
        dimension: the symbol for the dimension ``n`` (None if no general n).
        instances: the fixed dimensions at which every step is re-checked.
        sizes: further integer sizes with their ranges, ``(s, lower, upper)``,
            the bounds in terms of ``dimension`` (the support size ``s`` in
            ``1..n``); at a fixed dimension a step that mentions ``s`` is
            re-checked at every value in its range.
        numeric: a function ``(derivation) -> tuple[NumericCheck, ...]`` for the
            independent numerical cross-check, or None.
        statement: the theorem the derivation proves, as the document states
            it ("Then ... {=step} ..."); empty means ``summary``.
        assumptions: the theorem's hypotheses, one sentence each.
        notes: ``(section, prose)`` pairs: a sentence or two printed before
            that section's equations (why the section's argument works).
        result: the step whose equation summaries quote as the result;
            empty means the last step of the "derivation" section.
        numeric_labels: ``(check name, prose)`` pairs: how the verification
            table names each numerical cross-check (math in ``$...$``);
            a check without one is named by its description.

    ``statement``, ``assumptions``, ``notes`` and captions use the markup of
    :mod:`derive.printing.prose`; a reference must name a step of this
    derivation, and a wrong one is an error here, not in the document.
    """

    name: str
    title: str
    summary: str
    sources: tuple[str, ...]
    steps: tuple[Step, ...]
    dimension: Any = None
    instances: tuple[int, ...] = (1, 2, 3, 4, 5, 6)
    sizes: tuple = ()
    numeric: Callable[["Derivation"], tuple["NumericCheck", ...]] | None = field(default=None, compare=False)
    statement: str = ""
    assumptions: tuple[str, ...] = ()
    notes: tuple[tuple[str, str], ...] = ()
    result: str = ""
    numeric_labels: tuple[tuple[str, str], ...] = ()

    def __post_init__(self):
        if not isinstance(self.steps, tuple) or not self.steps:
            raise ValueError(f"derivation {self.name!r}: steps must be a non-empty tuple of Step "
                             f"objects, got {self.steps!r}")
        bad = next((s for s in self.steps if not isinstance(s, Step)), None)
        if bad is not None:
            raise TypeError(f"derivation {self.name!r}: steps must hold Step objects, got {bad!r}")
        names = [s.name for s in self.steps]
        texts = [(f"caption of step {s.name!r}", s.caption) for s in self.steps]
        texts.append(("statement", self.statement))
        if isinstance(self.assumptions, str) or not isinstance(self.assumptions, tuple):
            raise TypeError(f"{self.name}: assumptions must be a tuple of str")
        texts += [(f"assumption {pos + 1}", a) for pos, a in enumerate(self.assumptions)]
        for section, prose in _pairs(self.notes, "notes", self.name):
            if section not in SECTIONS:
                raise ValueError(f"{self.name}: notes name the section {section!r}; "
                                 f"the sections are {', '.join(SECTIONS)}")
            texts.append((f"note on {section}", prose))
        for what, text in texts:
            unknown = [r for r in references(text, what=f"{self.name}: {what}") if r not in names]
            if unknown:
                raise ValueError(f"{self.name}: {what} refers to {unknown[0]!r}, which is not "
                                 f"a step of this derivation")
        if self.result and self.result not in names:
            raise ValueError(f"{self.name}: result {self.result!r} is not a step of this derivation")
        for check, label in _pairs(self.numeric_labels, "numeric_labels", self.name):
            parse_prose(label, what=f"{self.name}: label of check {check!r}", refs=False)

    def step(self, name: str) -> Step:
        for s in self.steps:
            if s.name == name:
                return s
        raise KeyError(f"derivation {self.name!r} has no step {name!r}")

    def with_claim(self, step_name: str, claim: Any) -> "Derivation":
        """A copy with one step's claim replaced (used to plant errors in tests)."""
        self.step(step_name)
        steps = tuple(replace(s, claim=claim, display=None) if s.name == step_name else s
                      for s in self.steps)
        return replace(self, steps=steps)


def _pairs(items, argname: str, owner: str) -> tuple[tuple[str, str], ...]:
    if isinstance(items, str) or not isinstance(items, tuple) or not all(
            isinstance(p, tuple) and len(p) == 2 and all(isinstance(x, str) for x in p)
            for p in items):
        raise TypeError(f"{owner}: {argname} must be a tuple of (str, str) pairs, got {items!r}")
    return items


@dataclass(frozen=True)
class InstanceCheck:
    """A step re-checked at a fixed dimension, over every index assignment."""

    n: int
    assignments: int
    status: str
    method: str


@dataclass(frozen=True)
class StepResult:
    """A step with its verdicts.

    ``sentence`` is the rule's sentence for the document, with ``{key}``
    placeholders filled from ``sentence_args`` (SymPy objects, printed as math).
    ``context`` holds the ``(key, value)`` arguments that restrict where the
    claim holds (values it is specialized at, hypotheses of its own; see
    ``derive.derivation.rules.Rule.narrowing``); empty: wherever the
    derivation's assumptions hold.
    """

    step: Step
    sentence: str
    sentence_args: tuple[tuple[str, Any], ...]
    verdict: Verdict
    instances: tuple[InstanceCheck, ...] = ()
    context: tuple[tuple[str, Any], ...] = ()

    @property
    def name(self) -> str:
        return self.step.name

    @property
    def ok(self) -> bool:
        return self.verdict.status == PROVED and all(i.status == PROVED for i in self.instances)


@dataclass(frozen=True)
class NumericCheck:
    """One numerical cross-check: the largest error found and its tolerance."""

    name: str
    description: str
    n: int
    max_error: float
    tolerance: float
    method: str

    @property
    def ok(self) -> bool:
        return self.max_error <= self.tolerance


@dataclass(frozen=True)
class DerivationResult:
    """The outcome of running a :class:`Derivation`."""

    derivation: Derivation
    steps: tuple[StepResult, ...]
    numeric: tuple[NumericCheck, ...]
    seconds: float
    failed_step: str | None = None

    @property
    def name(self) -> str:
        return self.derivation.name

    @property
    def ok(self) -> bool:
        return (self.failed_step is None and all(s.ok for s in self.steps)
                and all(c.ok for c in self.numeric))

    def _repr_latex_(self) -> str:
        """Math-mode LaTeX (what Jupyter's MathJax renders): one numbered row per step."""
        from ..printing.printer import to_latex
        rows = []
        for pos, s in enumerate(self.steps, 1):
            mark = r"\checkmark" if s.ok else r"\times"
            rows.append(r"& %s && (%d)\ %s" % (
                to_latex(s.step.display if s.step.display is not None else s.step.claim), pos, mark))
        title = self.derivation.title.replace("_", " ")
        return (r"$$\text{%s}\\ \begin{aligned}" % title + r"\\ ".join(rows)
                + r"\end{aligned}$$")

"""Check a derivation written by hand: each displayed equation is a step.

Semantics, in the order the equations appear (:mod:`derive.handcheck.extract`
finds them, :mod:`derive.handcheck.tex`, :mod:`derive.handcheck.segment` and
:mod:`derive.handcheck.parser` read them, :mod:`derive.handcheck.run` checks them):

* **Reset**: ``% reset`` (``<!-- reset -->``) starts a new derivation in the
  same document; definitions, givens and conditions before it are forgotten.
* **Given** (``% given: ...``, ``<!-- given: ... -->``, a row marked
  ``\\text{(given)}``, a constraint after ``s.t.``): a hypothesis, with the
  scope of :mod:`derive.handcheck.scope` -- a given inside a block holds to
  the end of the block, a case (``i = k``) until the next case.  Hypotheses
  in scope that contradict each other are a diagnostic, and nothing is
  proved from them.  A given stated in a comment is reported as hidden.
* **Row condition**: ``\\text{if } i = j``, ``\\quad i \\neq j``, a ``cases``
  branch: a hypothesis of that row only.
* **Definition**: a row ``X = expr`` (or ``X := expr``) whose left side is a
  name (``L``, ``H(p)``, ``s(\\mathbf x)_i``, ``P_k`` with distinct index
  letters) that no earlier row used, and does not occur in ``expr``; also
  ``\\text{where } Z = ...`` after a claim (read before the claim).  Later
  rows read ``X`` as ``expr``; a function's arguments are substituted for
  its parameters.  ``e``, ``\\pi``, ``\\infty`` are never defined; any other
  name may be.  A derivation's last row is never a definition: a new name
  there is an unchecked conclusion (unknown).
* **Terms named**: ``L = -\\sum_j y_j \\log p_j = -\\sum_j \\ell_j`` with ``\\ell`` new
  defines ``\\ell_j = y_j \\log p_j`` (:mod:`derive.handcheck.termwise`).
* **Stationarity**: ``\\partial L/\\partial p_i = E = 0`` with ``L`` a
  defined objective (or ``E = 0`` right after ``\\partial L/\\partial p_i = E``)
  sets the derivative to zero: a condition, solved for the differentiation
  variable when the real solution is unique.  A condition with no real
  solution is a contradiction.  The derivative of a written-out expression
  set to zero is a claim like any other.
* **Step**: every other link ``A op B`` (``a = b = c`` has two links; a row
  starting with ``&=`` continues the previous row's last side, and is
  unknown when that row could not be read) must follow: proved when it is a
  nonzero multiple of a condition in scope, or when, with every solved
  unknown substituted, :func:`derive.kernel.checker.check` proves it under
  the pending hypotheses.  It is refuted only by a counterexample to that
  substituted claim -- which, with the solved unknowns set by their rules,
  satisfies every hypothesis in scope, and puts every index in the range
  the document gives it (:mod:`derive.handcheck.document`), and gives ``\\max z``
  a value that ``z``'s entries there can have as their maximum
  (:mod:`derive.handcheck.extrema`).  Otherwise it is unknown (including a
  timeout).  A side that sums over an index the other side has free
  (``\\partial/\\partial z_i`` continued by ``\\sum_i``) is an index clash unless proved.
* **Diagnostic**: a row that cannot be read, is ambiguous, or breaks a
  well-formedness rule (:mod:`derive.handcheck.diagnostics`).  It counts as
  a failure.

``timeout`` bounds every row: ``timeout`` seconds per relation the row
states, parsing, premises and checker calls included.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Mapping

from ..errors import ParseError
from ..kernel.verdict import PROVED, REFUTED, UNKNOWN
from .document import read_document
from .extract import extract_equations
from .indexing import placeholder_scope
from .run import ASSUMED, DIAGNOSTIC, RANK, Run

__all__ = ["StepCheck", "HandCheckReport", "check_derivation", "guess_kind",
           "MAX_TEXT_CHARS", "STATUSES"]

STATUSES = (PROVED, REFUTED, UNKNOWN, DIAGNOSTIC, ASSUMED)
FAILURES = (REFUTED, UNKNOWN, DIAGNOSTIC)
MAX_TEXT_CHARS = 1_000_000
_RANK = RANK


@dataclass(frozen=True)
class StepCheck:
    """The verdict on one displayed row.

    Attributes:
        line: 1-based line of the row in the source.
        source: the row's LaTeX.
        parsed: the row as SymPy (a relation, or a ``Tuple`` of them), or None.
        status: one of :data:`STATUSES`; ``assumed`` for givens, definitions
            and stationarity conditions.
        method: how it was settled (``"cancel"``, ``"rearrangement of line 5"``,
            ``"definition"``, ``"given"``, or for a diagnostic its kind:
            ``"syntax"``, ``"unbalanced"``, ``"index-clash"``, ...).
        counterexample: for ``refuted``, values at which the step is false
            while every premise holds.
        detail: one sentence for the reader.
        role: ``"step"``, ``"given"``, ``"definition"`` or ``"condition"``.
    """

    line: int
    source: str
    parsed: Any
    status: str
    method: str
    counterexample: Mapping | None = field(default=None, compare=False)
    detail: str = ""
    role: str = "step"

    def __post_init__(self):
        if self.status not in STATUSES:
            raise ValueError(f"status must be one of {STATUSES}, got {self.status!r}")

    @property
    def failed(self) -> bool:
        return self.status in FAILURES


@dataclass(frozen=True)
class HandCheckReport:
    """Every row's verdict, in order of appearance."""

    steps: tuple
    kind: str

    @property
    def first_failure(self) -> StepCheck | None:
        return next((s for s in self.steps if s.failed), None)

    @property
    def checked(self) -> int:
        """How many rows were steps to prove (not givens or definitions)."""
        return sum(s.status != ASSUMED for s in self.steps)

    @property
    def ok(self) -> bool:
        return self.first_failure is None and any(s.status == PROVED for s in self.steps)


def guess_kind(text: str) -> str:
    """``"md"`` when the text has Markdown fences, headings or HTML comments, else ``"tex"``."""
    for line in text.split("\n"):
        s = line.lstrip()
        if s.startswith(("```", "~~~", "<!--", "# ", "## ")):
            return "md"
    return "tex"


def check_derivation(text: str, *, kind: str | None = None, timeout: float = 10.0) -> HandCheckReport:
    """Check every displayed equation of ``text`` as a step of one derivation.

    Args:
        text: a ``.tex`` fragment or a Markdown document.
        kind: ``"tex"``, ``"md"``, or None to guess (:func:`guess_kind`).
        timeout: seconds for each call to the checker.

    Raises:
        TypeError, ValueError: a bad argument (the message names it).
        ParseError: the text is empty, too long, or has no displayed equation.
    """
    if not isinstance(text, str):
        raise TypeError(f"text must be a str, got {type(text).__name__}")
    if isinstance(timeout, bool) or not isinstance(timeout, (int, float)):
        raise TypeError(f"timeout must be a number of seconds, got {timeout!r}")
    if not 0 < timeout < float("inf"):
        raise ValueError(f"timeout must be a positive finite number of seconds, got {timeout!r}")
    if kind is not None and kind not in ("tex", "md"):
        raise ValueError(f"kind must be 'tex', 'md' or None, got {kind!r}")
    if len(text) > MAX_TEXT_CHARS:
        raise ParseError(f"the text has {len(text)} characters; the limit is {MAX_TEXT_CHARS}")
    if not text.strip():
        raise ParseError("the text is empty")
    kind = kind or guess_kind(text)
    equations = extract_equations(text, kind=kind)
    if not equations:
        raise ParseError("no displayed equations found ($$...$$, \\[...\\], equation or "
                         "align environments" + (", ```math fences" if kind == "md" else "") + ")")
    with placeholder_scope():
        document = read_document(text, equations)
        steps, late, observed = _read_all(equations, document, float(timeout), {})
        better = read_document(text, equations, observed)
        if any(late) or better != document:
            # A name used above the row that defines it, or a range seen only once the rows
            # were read with their definitions: read again, knowing it from the start.
            steps, _, _ = _read_all(equations, better, float(timeout), dict(enumerate(late)))
    if not steps:
        raise ParseError("no displayed equations found (only reset markers)")
    return HandCheckReport(tuple(steps), kind)


def _read_all(equations, document, timeout, late):
    """Every row's StepCheck; per derivation the definitions found below their use; the
    sums each line held, read in context."""
    segment, observed = 0, {}
    run, steps, start, found = Run(timeout, document, late.get(0)), [], 0, []
    for eq in equations:
        if eq.role == "reset":
            _conclusion(steps, start)
            found.append(run.candidates)
            observed.update(run.sums)
            segment += 1
            run, start = Run(timeout, document, late.get(segment)), len(steps)
            continue
        if eq.role == "unread":
            steps.append(StepCheck(eq.line, eq.text, None, DIAGNOSTIC, "unread", None,
                                   f"a display in {eq.environment} that the reader does not "
                                   "read: not checked", "step"))
            continue
        line, o = run.row(eq)
        cex = o[2] if o[0] == REFUTED else None     # (a diagnostic's is in its text)
        steps.append(StepCheck(line, eq.text, o[4], o[0], o[1], cex, o[3], o[5]))
    _conclusion(steps, start)
    found.append(run.candidates)
    observed.update(run.sums)
    return steps, found, observed


def _conclusion(steps: list, start: int):
    """A derivation's last row that only defines a new name states nothing checkable.

    ``p^\\star_i = 1/2`` at the end of a derivation is its conclusion, not a
    definition: a new name there is reported as unknown, never assumed.
    """
    rows = steps[start:]
    if len(rows) < 2 or rows[-1].status != ASSUMED or rows[-1].method != "definition" \
            or "(used above it)" in (rows[-1].detail or ""):
        return
    last = rows[-1]
    steps[-1] = StepCheck(last.line, last.source, last.parsed, UNKNOWN, "conclusion not checked",
                          None, f"the last row {last.detail.replace('defines', 'defines the new name')}: "
                          "a conclusion about a new name cannot be checked; state it with "
                          "the names the derivation uses", "step")

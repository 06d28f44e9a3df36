"""Check a derivation written by hand: each displayed equation is a step.

Semantics, in the order the equations appear (:mod:`derive.handcheck.extract`
finds them, :mod:`derive.handcheck.parser` reads them):

* **Reset**: ``% reset`` (``<!-- reset -->``) starts a new derivation in the
  same document; definitions, givens and conditions before it are forgotten.
* **Given** (``% given: ...`` and the other spellings of
  :mod:`derive.handcheck.extract`): a hypothesis, from its line on.  Its
  undefined names become declared.  An equation is solved for an unknown when
  that is unique (:mod:`derive.handcheck.premises`), otherwise handed to the checker
  as a hypothesis; an inequality is always handed over.
* **Definition**: a row ``X = expr`` whose left side is a name (``L``,
  ``H(p)``, ``P_k`` with distinct index letters) that is undefined or has not
  appeared in any earlier equation, and does not occur in ``expr``.  Later
  rows read ``X`` as ``expr`` (so ``\\partial L/\\partial p_i`` differentiates
  the Lagrangian).  Constants and dimensions (``n``, ``e``, ``\\pi``) are
  never defined this way.
* **Stationarity**: a link ``E = 0`` of a chain that starts with a
  derivative (``\\partial L/\\partial p_i = E = 0``), or a row ``E = 0`` right
  after a row ``\\partial L/\\partial p_i = E``, sets the derivative to zero:
  a condition, solved preferably for the differentiation variable.
* **Step**: every other link ``A op B`` (``a = b = c`` has two links; a row
  starting with ``&=`` continues the previous row's last side) must follow:
  proved when it is a rearrangement of a condition (``A - B`` a finite
  multiple of the condition's residual), or when, with every solved unknown
  substituted, :func:`derive.kernel.checker.check` proves it under the pending
  hypotheses.  It is refuted only by a counterexample to that substituted
  claim -- which, with the solved unknowns set by their rules, satisfies
  every premise.  Otherwise it is unknown (including a checker timeout).
* **Diagnostic**: a row that cannot be read, or breaks a well-formedness rule
  (:mod:`derive.handcheck.diagnostics`).  It counts as a failure.

``timeout`` is the budget of each call to the checker; a step makes at most
``1 + (number of solved unknowns)`` calls.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Mapping

from sympy import Derivative, Eq, Idx, Indexed, Symbol, Tuple, cancel, together
from sympy.core.function import AppliedUndef

from ..kernel.checker import check
from ..kernel.fastpath import ratio_constant
from ..errors import ParseError
from .build import RELATIONS
from .extract import extract_equations
from .indexing import fresh_bound
from .names import Definition
from .notation import SCALARS
from .parser import parse_row
from .premises import Premises, is_positive, prepare
from ..kernel.verdict import PROVED, REFUTED, UNKNOWN, Verdict

__all__ = ["StepCheck", "HandCheckReport", "check_derivation", "guess_kind",
           "MAX_TEXT_CHARS", "STATUSES"]

DIAGNOSTIC, ASSUMED = "diagnostic", "assumed"
STATUSES = (PROVED, REFUTED, UNKNOWN, DIAGNOSTIC, ASSUMED)
FAILURES = (REFUTED, UNKNOWN, DIAGNOSTIC)
MAX_TEXT_CHARS = 1_000_000
_RANK = {ASSUMED: 0, PROVED: 1, UNKNOWN: 2, DIAGNOSTIC: 3, REFUTED: 4}


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
    run, steps = _Run(float(timeout)), []
    for eq in equations:
        if eq.role == "reset":
            run = _Run(float(timeout))
        else:
            steps.append(run.row(eq))
    if not steps:
        raise ParseError("no displayed equations found (only reset markers)")
    return HandCheckReport(tuple(steps), kind)


class _Run:
    """The state of one check: definitions, declared names, premises."""

    def __init__(self, timeout: float):
        self.timeout = timeout
        self.defs: dict = {}
        self.declared: set = set()
        self.seen: set = set()
        self.premises = Premises()
        self.conditions: list = []     # (residual, line) of every equality condition
        self.last = None               # the previous row's last side
        self.last_dvars: tuple = ()    # its derivative variables, when it began with one

    def row(self, eq) -> StepCheck:
        try:
            row = parse_row(eq.text, line=eq.line, context=self.defs, declared=self.declared)
            if eq.role == "given":
                return self._given(eq, row)
            definition = self._definition(eq, row)
            if definition is not None:
                return definition
            if row.diagnostics:
                first = row.diagnostics[0]
                return StepCheck(first.line, eq.text, None, DIAGNOSTIC, first.kind,
                                 detail=first.message)
            return self._steps(eq, row)
        except ParseError as err:
            found = getattr(err, "diagnostic", None)
            if found is not None:
                return StepCheck(found.line, eq.text, None, DIAGNOSTIC, found.kind,
                                 detail=found.message)
            return StepCheck(err.line or eq.line, eq.text, None, DIAGNOSTIC, "syntax",
                             detail=str(err).split(": ", 1)[-1])

    # ------------------------------------------------------------ givens
    def _given(self, eq, row):
        if row.unknown:
            self.declared |= set(row.unknown)
            row = parse_row(eq.text, line=eq.line, context=self.defs, declared=self.declared)
        if row.diagnostics:
            first = row.diagnostics[0]
            return StepCheck(first.line, eq.text, None, DIAGNOSTIC, first.kind, detail=first.message)
        rels = [(a, op, b) for c in row.chains for a, op, b in _links(c.exprs, c.ops)]
        if not rels or any(c.continuation for c in row.chains):
            return StepCheck(eq.line, eq.text, None, DIAGNOSTIC, "syntax",
                             detail="a given must be a complete relation such as a = b")
        for a, op, b in rels:
            if op == "=":
                self._condition(a - b, eq.line)
            else:
                self.premises.add_relation(RELATIONS[op](a, b, evaluate=False), eq.line)
        self._see(row)
        return StepCheck(eq.line, eq.text, _parsed(rels), ASSUMED, "given",
                         detail="a hypothesis from this line on", role="given")

    def _condition(self, residual, line, prefer=()):
        if residual.has(Derivative):
            residual = prepare(residual)
        self.conditions.append((residual, line))
        return self.premises.add_condition(residual, line, prefer=prefer)

    # ------------------------------------------------------------ definitions
    def _definition(self, eq, row):
        chain = row.chains[0] if len(row.chains) == 1 else None
        if chain is None or chain.continuation or not chain.ops or chain.ops[0] != "=":
            return None
        lhs, rhs = chain.exprs[0], chain.exprs[1]
        key, indices = _head(lhs)
        if key is None or key in self.defs or key in SCALARS or key in self.declared:
            return None
        if set(row.unknown) - {key} or (key not in row.unknown and key in self.seen):
            return None
        if _mentions(rhs, key) or any(d.kind != "undefined-symbol" for d in row.diagnostics):
            return None
        self.defs[key] = Definition(key, rhs, indices, isinstance(lhs, AppliedUndef))
        self.seen.add(key)
        if len(chain.exprs) == 2:
            self._see(row)
            self.last, self.last_dvars = rhs, ()
            return StepCheck(eq.line, eq.text, Eq(lhs, rhs, evaluate=False), ASSUMED,
                             "definition", detail=f"defines {key}", role="definition")
        rest = type(chain)(chain.exprs[1:], chain.ops[1:], False)
        return self._steps(eq, type(row)(row.text, row.line, (rest,), row.implied, row.prose),
                           note=f"defines {key}; ")

    # ------------------------------------------------------------ steps
    def _steps(self, eq, row, note=""):
        outcomes, rels = [], []
        for chain in row.chains:
            exprs, dvars = chain.exprs, ()
            if chain.continuation:
                if self.last is None:
                    raise ParseError("the row starts with a relation but no equation precedes it",
                                     eq.line)
                exprs, dvars = (self.last,) + exprs, self.last_dvars
            elif isinstance(exprs[0], Derivative):
                dvars = exprs[0].variables
            elif self.last is not None and exprs[0] == self.last:
                dvars = self.last_dvars
            for a, op, b in _links(exprs, chain.ops):
                rels.append((a, op, b))
                outcomes.append(self._link(a, op, b, eq.line, dvars))
            self.last, self.last_dvars = exprs[-1], dvars
        self._see(row)
        if not outcomes:
            return StepCheck(eq.line, eq.text, None, DIAGNOSTIC, "syntax",
                             detail="not an equation: the row has no relation (=, <, ...)")
        status, method, cex, detail = max(outcomes, key=lambda o: _RANK[o[0]])
        if len(outcomes) > 1 and status in (PROVED, ASSUMED):
            method = " + ".join(dict.fromkeys(o[1] for o in outcomes))
            detail = "; ".join(o[3] for o in outcomes if o[3])
        role = "condition" if status == ASSUMED else "step"
        return StepCheck(eq.line, eq.text, _parsed(rels), status, method, cex, note + detail, role)

    def _link(self, a, op, b, line, dvars):
        if op == "=" and b == 0 and (dvars or isinstance(a, Derivative)):
            if prepare(a) == 0:
                return PROVED, "structural", None, "the derivative is identically zero"
            rule = self._condition(a, line, prefer=tuple(dvars))
            solved = f"; solved for {rule.target} = {rule.solution}" if rule is not None else ""
            return ASSUMED, "stationarity condition", None, "the derivative is set to zero" + solved
        claim = RELATIONS[op](a, b, evaluate=False)
        found = self._rearranged(a - b) if op == "=" else None
        if found is not None:
            return PROVED, f"rearrangement of line {found}", None, \
                f"a multiple of the condition on line {found}"
        return self._prove(claim)

    def _rearranged(self, d):
        """The line of a recent condition of which ``d`` is a nonzero multiple, else None."""
        for residual, line in reversed(self.conditions[-3:]):
            if residual == 0:
                continue
            c = ratio_constant(d, residual)     # exact and cheap; cancel below when it says nothing
            if c is not None:
                if c != 0:
                    return line
                continue
            try:
                ratio = cancel(together(d / residual))
            except (ValueError, TypeError, ZeroDivisionError, RecursionError):
                continue
            if ratio.is_number and ratio.is_finite and ratio != 0 or is_positive(ratio):
                return line
        return None

    def _prove(self, claim):
        """Check ``claim`` with every solved unknown substituted; fewer if undecided."""
        given = self.premises.given()
        rules = self.premises.rules
        used: set = set()
        full = self.premises.substitute(claim, used=used)
        verdict = self._check(full, given + self.premises.leftover(full))
        if verdict.status == UNKNOWN:
            for upto in range(len(rules) - 1, -1, -1):
                fewer: set = set()
                partial = self.premises.substitute(claim, upto=upto, used=fewer)
                if partial != full and (retry := self._check(partial, given)).proved:
                    verdict, used = retry, fewer
                    break
        if "hypotheses" in verdict.method:
            used |= set(self.premises.pending_lines())
        suffix = f" using line(s) {', '.join(map(str, sorted(used)))}" if used else ""
        detail = verdict.detail
        fixed = ", ".join(str(r.target) for r in rules if r.line in used)
        if verdict.status == REFUTED and fixed:
            detail += f"; {fixed} take the values the premises fix"
        return verdict.status, verdict.method + suffix, verdict.counterexample, detail

    def _check(self, claim, given):
        """:func:`check`, with the claim's sides as one difference and errors as unknown.

        ``Eq(a - b, 0)`` rather than ``Eq(a, b)``: the counterexample search
        instantiates the free indices of ``a - b``, so a term such as ``z_i``
        on both sides must cancel before it looks.  Bound indices of the
        hypotheses are renamed apart from the claim's free ones.
        """
        if isinstance(claim, Eq):
            claim = Eq(claim.lhs - claim.rhs, 0, evaluate=False)
        given = tuple(fresh_bound(g) for g in given)
        try:
            return check(claim, given=given, timeout=self.timeout)
        except Exception as err:  # noqa: BLE001 -- a checker bug must not abort the report
            # (CheckTimeout is a BaseException and is never caught here.)
            return Verdict(UNKNOWN, "checker error", None, 0.0,
                           f"the checker failed: {type(err).__name__}: {err}", claim)

    def _see(self, row):
        for chain in row.chains:
            for e in chain.exprs:
                self.seen |= {str(s) for s in e.free_symbols if isinstance(s, Symbol)}
                self.seen |= {str(a.base.label) for a in e.atoms(Indexed)}
                self.seen |= {type(f).__name__ for f in e.atoms(AppliedUndef)}


def _links(exprs, ops):
    return list(zip(exprs, ops, exprs[1:]))


def _parsed(rels):
    items = [RELATIONS[op](a, b, evaluate=False) for a, op, b in rels]
    return items[0] if len(items) == 1 else Tuple(*items)


def _head(lhs):
    """(key, indices) when ``lhs`` can name a definition, else (None, ())."""
    if isinstance(lhs, Symbol) and not isinstance(lhs, Idx):
        return lhs.name, ()
    if isinstance(lhs, AppliedUndef):
        return type(lhs).__name__, ()
    if isinstance(lhs, Indexed) and all(isinstance(ix, Idx) for ix in lhs.indices) \
            and len({ix.name for ix in lhs.indices}) == len(lhs.indices):
        return str(lhs.base.label), tuple(lhs.indices)
    return None, ()


def _mentions(expr, key) -> bool:
    names = {str(s) for s in expr.free_symbols}
    names |= {str(a.base.label) for a in expr.atoms(Indexed)}
    names |= {type(f).__name__ for f in expr.atoms(AppliedUndef)}
    return key in names

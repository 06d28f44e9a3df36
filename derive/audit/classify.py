"""Audit the source documents: every transcribed claim checked, errata reported.

The four source documents (:data:`proofs.sources.SOURCES`) are transcribed in
``proofs/sources/<key>.md``, in the annotated format of
:mod:`derive.audit.transcript`: each claim carries its location, a human
classification and, for a problem, its correction, followed by the claim as
stated and the corrected claim, both in the input format of ``derive check``::

    <!-- claim: 002-eq12-last-step
    location: eq. (12), last step
    class: imprecise
    states: y_k - P_k times the sum of the y_i equals y_k - P_k
    correction: this needs sum_i y_i = 1 (y is one-hot, eq. (8))
    -->
    <!-- reset -->
    $$ y_k - P_k * \\sum_{i} y_i = y_k - P_k $$
    <!-- corrected -->
    <!-- reset -->
    <!-- given: \\sum_i y_i = 1 -->
    $$ y_k - P_k * \\sum_{i} y_i = y_k - P_k $$

``class`` is one of ``correct``, ``wrong``, ``imprecise``, ``not checkable``
(which takes a ``reason:`` field and no blocks).  The descriptions are the
auditor's own words; only equations are copied from the sources.

Each block is checked with :func:`derive.handcheck.steps.check_derivation`; a
block's *status* is ``proved`` when every step is proved, else the status
of its first failing step (``refuted``, ``unknown`` or ``diagnostic``).
The classification is data, and the machine must support it
(:data:`SUPPORT`):

* ``correct``: the stated block is proved (and a corrected block, if any);
* ``wrong``: the stated block is refuted by a counterexample, and the
  corrected block is proved;
* ``imprecise``: the corrected block is proved; the stated block (a missing
  hypothesis, a clashing index, a wrong variable) may have any status, which
  is reported;
* ``not checkable``: no block, and a reason.

A claim whose classification the machine does not support is a failure:
``derive audit`` exits 1.  The report goes to ``output/audit.json`` (sorted
keys, no timings: identical runs give identical bytes) and a table per
document to stdout; :func:`errata` turns it into the Errata section of the
combined document.

Example:
    >>> report = run_audit(timeout=10.0)                  # doctest: +SKIP
    >>> combined_document(results, errata=errata(report))  # doctest: +SKIP
"""
from __future__ import annotations

import json
import re
import sys
from dataclasses import dataclass
from importlib.resources import files
from pathlib import Path

from ..atomic import write_text_atomic
from .transcript import (CLASSES, CORRECT, IMPRECISE, NOT_CHECKABLE, WRONG, Block, ClaimSpec,
                           read_transcription)
from ..errors import DeriveError, ParseError
from ..handcheck.steps import check_derivation
from ..latex.tables import ErratumItem
from ..kernel.verdict import PROVED, REFUTED

__all__ = ["BlockCheck", "ClaimVerdict", "DocumentAudit", "AuditReport", "SUPPORT",
           "audit_text", "transcription_path", "audit_document", "run_audit", "errata", "report_json",
           "report_table", "main_audit"]

_PLACEHOLDER = re.compile(r"ι\d+")


@dataclass(frozen=True)
class BlockCheck:
    """The machine's verdict on one block.

    Attributes:
        status: ``proved``, or the status of the first failing step.
        line: the file line of that step (of the last step when proved).
        method: how that step was settled (or the diagnostic's kind).
        detail: one sentence about that step.
        counterexample: for ``refuted``, ``(name, value)`` pairs as strings, sorted.
        steps: ``(line, status, method)`` for every row of the block.
    """

    status: str
    line: int
    method: str
    detail: str
    counterexample: tuple
    steps: tuple

    def record(self) -> dict:
        return {"status": self.status, "line": self.line, "method": self.method,
                "detail": self.detail, "counterexample": dict(self.counterexample) or None,
                "steps": [{"line": ln, "status": st, "method": me} for ln, st, me in self.steps]}


@dataclass(frozen=True)
class ClaimVerdict:
    """A claim, the machine's verdicts on its blocks, and whether they support it."""

    spec: ClaimSpec
    stated: BlockCheck | None
    corrected: BlockCheck | None
    problem: str = ""

    @property
    def supported(self) -> bool:
        return not self.problem

    def record(self) -> dict:
        s = self.spec
        return {"id": s.id, "line": s.line, "location": s.location,
                "classification": s.classification, "states": s.states,
                "correction": s.correction or None, "reason": s.reason or None,
                "stated": self.stated.record() if self.stated else None,
                "corrected": self.corrected.record() if self.corrected else None,
                "supported": self.supported, "problem": self.problem or None}


@dataclass(frozen=True)
class DocumentAudit:
    """The claims of one source document, in the order of its transcription."""

    key: str
    title: str
    transcription: str
    claims: tuple

    def counts(self) -> dict:
        return {c: sum(v.spec.classification == c for v in self.claims) for c in CLASSES}


@dataclass(frozen=True)
class AuditReport:
    """Every document's audit, in key order."""

    documents: tuple

    @property
    def failures(self) -> tuple:
        """``(document key, claim id, problem)`` for each unsupported classification."""
        return tuple((d.key, v.spec.id, v.problem) for d in self.documents
                     for v in d.claims if not v.supported)

    @property
    def ok(self) -> bool:
        return not self.failures


# --------------------------------------------------------------------- support
def _needs(block, status, label) -> str:
    if block is None:
        return f"no {label} block"
    if block.status != status:
        return (f"the {label} block is {block.status} (line {block.line}: {block.method}), "
                f"not {status}")
    return ""


def _support_correct(stated, corrected) -> str:
    return _needs(stated, PROVED, "stated") or (
        _needs(corrected, PROVED, "corrected") if corrected else "")


def _support_wrong(stated, corrected) -> str:
    return _needs(stated, REFUTED, "stated") or _needs(corrected, PROVED, "corrected")


def _support_imprecise(stated, corrected) -> str:
    return _needs(corrected, PROVED, "corrected")


def _support_not_checkable(stated, corrected) -> str:
    return "" if stated is None and corrected is None else "a not-checkable claim has blocks"


#: classification -> rule giving "" when the machine's verdicts support it, else the reason.
SUPPORT = {
    CORRECT: _support_correct,
    WRONG: _support_wrong,
    IMPRECISE: _support_imprecise,
    NOT_CHECKABLE: _support_not_checkable,
}


# --------------------------------------------------------------------- checking
def _check_block(block: Block | None, timeout: float) -> BlockCheck | None:
    if block is None:
        return None
    report = check_derivation(block.text, kind="md", timeout=timeout)
    steps = tuple((s.line, s.status, s.method) for s in report.steps)
    first = report.first_failure
    if first is None and not report.ok:
        last = report.steps[-1]
        return BlockCheck("unknown", last.line, "nothing to prove",
                          "every row is a given, a definition or a condition", (), steps)
    step = first if first is not None else report.steps[-1]
    status = first.status if first is not None else PROVED
    cex = tuple(sorted((str(k), str(v)) for k, v in (step.counterexample or {}).items()))
    # Bound indices renamed apart carry a process-wide counter (ι12); drop it so
    # that two runs in one process give identical text.
    detail = _PLACEHOLDER.sub("ι", step.detail) if status != PROVED else ""
    return BlockCheck(status, step.line, step.method, detail, cex, steps)


def _verdict(spec: ClaimSpec, timeout: float) -> ClaimVerdict:
    stated = _check_block(spec.stated, timeout)
    corrected = _check_block(spec.corrected, timeout)
    return ClaimVerdict(spec, stated, corrected, SUPPORT[spec.classification](stated, corrected))


def audit_text(text: str, *, name: str = "transcription", timeout: float = 10.0) -> tuple:
    """Check every claim of a transcription given as text; one :class:`ClaimVerdict` each.

    Raises:
        TypeError: ``text`` is not a str.
        ParseError: the transcription is malformed.
    """
    return tuple(_verdict(spec, timeout) for spec in read_transcription(text, name=name))


def transcription_path(key: str):
    """The transcription of source ``key`` (a Traversable inside the ``proofs`` package)."""
    if not isinstance(key, str):
        raise TypeError(f"key must be a str, got {type(key).__name__}")
    return files("proofs").joinpath("sources", f"{key}.md")


def audit_document(key: str, *, timeout: float = 10.0) -> DocumentAudit:
    """Check every claim of the transcription of source ``key``.

    Raises:
        ValueError: ``key`` is not a source key.
        ParseError: the transcription is malformed.
    """
    from proofs.sources import SOURCES
    if key not in SOURCES:
        raise ValueError(f"key must be one of {sorted(SOURCES)}, got {key!r}")
    name = f"proofs/sources/{key}.md"
    text = transcription_path(key).read_text(encoding="utf-8")
    return DocumentAudit(key, SOURCES[key].title, name, audit_text(text, name=name, timeout=timeout))


def run_audit(*, timeout: float = 10.0) -> AuditReport:
    """Audit every source document.

    Args:
        timeout: seconds for each call to the checker.

    Raises:
        TypeError, ValueError: a bad ``timeout``.
        ParseError: a transcription is malformed.
    """
    if isinstance(timeout, bool) or not isinstance(timeout, (int, float)):
        raise TypeError(f"timeout must be a number of seconds, got {timeout!r}")
    if not 0 < timeout < float("inf"):
        raise ValueError(f"timeout must be a positive finite number of seconds, got {timeout!r}")
    from proofs.sources import SOURCES
    return AuditReport(tuple(audit_document(key, timeout=float(timeout))
                             for key in sorted(SOURCES)))


# --------------------------------------------------------------------- outputs
# how a block's status reads in the errata's "(Checked: ...)" note
_STATUS_WORDS = {"proved": "proved", "refuted": "refuted", "unknown": "not settled",
                 "diagnostic": "rejected by the reader as written", "assumed": "assumed"}


def _machine_note(v: ClaimVerdict) -> str:
    parts = []
    if v.stated is not None:
        parts.append(f"the claim as stated is {_STATUS_WORDS.get(v.stated.status, v.stated.status)}")
    if v.corrected is not None:
        parts.append(f"the correction is "
                     f"{_STATUS_WORDS.get(v.corrected.status, v.corrected.status)}")
    return f" (Checked: {'; '.join(parts)}.)" if parts else ""


def errata(report: AuditReport) -> list:
    """``(source key, [ErratumItem, ...])`` per document: its wrong and imprecise claims.

    Pass the result as ``errata=`` to :func:`derive.latex.document.combined_document`.
    """
    if not isinstance(report, AuditReport):
        raise TypeError(f"report must be an AuditReport, got {type(report).__name__}")
    out = []
    for doc in report.documents:
        items = [ErratumItem(v.spec.location, v.spec.states, v.spec.classification,
                             v.spec.correction.rstrip(".") + "." + _machine_note(v))
                 for v in doc.claims if v.spec.classification in (WRONG, IMPRECISE)]
        out.append((doc.key, items))
    return out


def report_json(report: AuditReport) -> str:
    """The report as JSON text: sorted keys, documents in key order, claims in file order."""
    data = {
        "ok": report.ok,
        "failures": [{"document": k, "claim": c, "problem": p} for k, c, p in report.failures],
        "documents": [{"key": d.key, "title": d.title, "transcription": d.transcription,
                       "counts": d.counts(), "claims": [v.record() for v in d.claims]}
                      for d in report.documents],
    }
    return json.dumps(data, indent=2, sort_keys=True, ensure_ascii=False) + "\n"


def _cell(block: BlockCheck | None) -> str:
    return "-" if block is None else block.status


def report_table(report: AuditReport) -> str:
    """A plain-text table per document: claim, location, classification, machine verdicts."""
    out = []
    for doc in report.documents:
        counts = ", ".join(f"{n} {c}" for c, n in doc.counts().items() if n)
        out.append(f"{doc.key}  {doc.title}  ({len(doc.claims)} claims: {counts})")
        out.append(f"  {'claim':<34} {'classification':<14} {'stated':<10} {'corrected':<10} "
                   f"{'':<6} location")
        for v in doc.claims:
            s = v.spec
            mark = "ok" if v.supported else "FAILED"
            out.append(f"  {s.id:<34} {s.classification:<14} {_cell(v.stated):<10} "
                       f"{_cell(v.corrected):<10} {mark:<6} {s.location}")
            if s.classification in (WRONG, IMPRECISE):
                out.append(f"      correction: {s.correction}")
            elif s.classification == NOT_CHECKABLE:
                out.append(f"      not checkable: {s.reason}")
            if v.problem:
                out.append(f"      FAILED: {v.problem}")
        out.append("")
    total = sum(len(d.claims) for d in report.documents)
    out.append(f"{total - len(report.failures)}/{total} classifications supported by the machine"
               + ("" if report.ok else f"; {len(report.failures)} FAILED"))
    return "\n".join(out) + "\n"


def main_audit(*, output: str | Path = "output", timeout: float = 10.0, stream=None) -> int:
    """``derive audit``: check, print the tables, write ``<output>/audit.json``.

    Returns:
        0 when the machine supports every classification, 1 when not, 2 for
        bad input (a malformed transcription, an unusable output folder, a bad
        timeout).
    """
    out = stream or sys.stdout
    if not isinstance(output, (str, Path)) or not str(output):
        raise TypeError(f"output must be a folder path, got {output!r}")
    target = Path(output)
    try:
        target.mkdir(parents=True, exist_ok=True)
    except OSError as err:
        print(f"derive audit: cannot use the output folder {str(target)!r}: "
              f"{err.strerror or err}", file=out)
        return 2
    try:
        report = run_audit(timeout=timeout)
    except (ParseError, OSError, ValueError, TypeError) as err:
        print(f"derive audit: {err}", file=out)
        return 2
    print(report_table(report), end="", file=out)
    try:
        write_text_atomic(target / "audit.json", report_json(report))
    except (OSError, DeriveError) as err:
        print(f"derive audit: cannot write {target / 'audit.json'}: {err}", file=out)
        return 2
    print(f"wrote {target / 'audit.json'}", file=out)
    return 0 if report.ok else 1

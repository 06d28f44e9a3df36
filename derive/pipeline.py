"""The main job: check every derivation and identity, write the documents.

One orchestrator, :func:`run_all`, chains pure stages: select the work, check
it (optionally in parallel processes), render the documents and reports,
write them atomically, compile the PDF.
"""
from __future__ import annotations

import multiprocessing
import time
from concurrent.futures import ProcessPoolExecutor, as_completed
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Callable

from .atomic import replace_outputs
from .audit import AuditReport, audit_document
from .audit import errata as audit_errata
from .audit import report_json as audit_json
from .catalogue import CATALOGUE, Identity, check_identity
from .derivation import check_at, check_general, merge_instances, step_sentence
from .latex.document import combined_document, derivation_document
from .latex.tables import IdentityEntry
from .model import DerivationResult, StepResult
from .report import derivation_record, timings_record, to_json, verdict_record
from .verdict import PROVED, Verdict

__all__ = ["IdentityOutcome", "RunOutcome", "select", "check_all", "write_outputs", "run_all"]

FIXED_N = (1, 2, 3, 4)


@dataclass(frozen=True)
class IdentityOutcome:
    """A catalogue identity checked for general n and at each fixed n."""

    entry: Identity
    general: Verdict
    fixed: tuple[tuple[int, Verdict], ...]
    seconds: float

    @property
    def ok(self) -> bool:
        want = self.entry.expected
        return self.general.status == want and all(
            v.status == want or (want != PROVED and v.status == PROVED and n < self.entry.min_n)
            for n, v in self.fixed)

    def display_verdict(self) -> Verdict:
        ns = [n for n, _ in self.fixed]
        fixed = f"; at n = {ns[0]}..{ns[-1]}: " + ", ".join(
            sorted({v.status for _, v in self.fixed})) if ns else ""
        return Verdict(self.general.status, self.general.method, self.general.counterexample,
                       self.general.seconds, self.general.detail + fixed, self.general.claim)

    def record(self) -> dict:
        return {"name": self.entry.name, "statement": self.entry.statement,
                "source": self.entry.source, "expected": self.entry.expected,
                "claim": str(self.entry.claim), "given": [str(g) for g in self.entry.given],
                "general": verdict_record(self.general),
                "fixed_n": [{"n": n, **verdict_record(v)} for n, v in self.fixed], "ok": self.ok}


@dataclass(frozen=True)
class RunOutcome:
    derivations: tuple[DerivationResult, ...]
    identities: tuple[IdentityOutcome, ...]
    audit: AuditReport | None = None

    @property
    def ok(self) -> bool:
        return (all(r.ok for r in self.derivations) and all(o.ok for o in self.identities)
                and (self.audit is None or self.audit.ok))

    def failures(self) -> list[str]:
        out = [f"derivation {r.name}: " + (f"step {r.failed_step}" if r.failed_step else "numeric cross-check")
               for r in self.derivations if not r.ok]
        out += [f"identity {o.entry.name}: {o.general.status}, expected {o.entry.expected}"
                for o in self.identities if not o.ok]
        if self.audit is not None:
            out += [f"audit {doc} {claim}: {problem}" for doc, claim, problem in self.audit.failures]
        return out


def select(names=()):
    """The derivations and identities whose names match any of ``names`` (all when empty).

    Raises:
        ValueError: a name matches nothing; the message lists what exists.
    """
    from proofs import DERIVATIONS
    if not names:
        return list(DERIVATIONS.values()), list(CATALOGUE.values())
    ders, ids = [], []
    for pattern in names:
        hit_d = [d for d in DERIVATIONS.values() if pattern in d.name]
        hit_i = [e for e in CATALOGUE.values() if pattern in e.name]
        if not hit_d and not hit_i:
            known = ", ".join(list(DERIVATIONS) + list(CATALOGUE))
            raise ValueError(f"-k {pattern!r} matches no derivation or identity; known: {known}")
        ders += [d for d in hit_d if d not in ders]
        ids += [e for e in hit_i if e not in ids]
    return ders, ids


def _check_identity(entry: Identity) -> IdentityOutcome:
    start = time.perf_counter()
    general = check_identity(entry)
    fixed = tuple((v, check_identity(entry, n_value=v)) for v in FIXED_N if v >= entry.min_n)
    return IdentityOutcome(entry, general, fixed, time.perf_counter() - start)


def _task(kind: str, name: str, arg=None):
    """One unit of work; units are independent so that they can run in parallel.

    Results travel between processes as plain data (:func:`_plain`): unpickling
    a SymPy object re-evaluates it, which would undo the unevaluated forms the
    documents print.  The parent puts its own claims back (:func:`_restore`).
    """
    from proofs import DERIVATIONS
    if kind == "general":
        return check_general(DERIVATIONS[name])
    if kind == "at":
        return check_at(DERIVATIONS[name], arg)
    if kind == "numeric":
        return tuple(DERIVATIONS[name].numeric())
    if kind == "audit":
        return audit_document(name)
    return _check_identity(CATALOGUE[name])


def _verdict_data(v: Verdict) -> tuple:
    return (v.status, v.method, v.counterexample, v.seconds, v.detail)


def _plain(unit, value):
    if unit[0] == "general":
        return ([(s.name, _verdict_data(s.verdict)) for s in value.steps], value.seconds,
                value.failed_step)
    if unit[0] == "identity":
        return (_verdict_data(value.general), [(n, _verdict_data(v)) for n, v in value.fixed],
                value.seconds)
    return value


def _restore(unit, data, derivations):
    if unit[0] == "general":
        d = derivations[unit[1]]
        rows, seconds, failed = data
        steps = []
        for name, vdata in rows:
            step = d.step(name)
            sentence, args = step_sentence(step)
            steps.append(StepResult(step, sentence, args, Verdict(*vdata, claim=step.claim)))
        return DerivationResult(d, tuple(steps), (), seconds, failed)
    if unit[0] == "identity":
        entry = CATALOGUE[unit[1]]
        general, fixed, seconds = data
        return IdentityOutcome(entry, Verdict(*general, claim=entry.claim),
                               tuple((n, Verdict(*v, claim=entry.claim)) for n, v in fixed), seconds)
    return data


def _timed_task(*unit):
    start = time.perf_counter()
    value = _task(*unit)
    return _plain(unit, value), time.perf_counter() - start


def _line(kind, name, ok, seconds, extra=""):
    mark = "\u2713" if ok else "\u2717"
    return f"  {mark} {kind:<10} {name:<58} {seconds:6.2f} s{extra}"


def _units(derivations, identities, numeric, audit=()):
    units = [("audit", key, None) for key in audit]
    for d in derivations:
        units.append(("general", d.name, None))
        units += [("at", d.name, dim) for dim in d.instances if d.dimension is not None]
        if numeric and d.numeric:
            units.append(("numeric", d.name, None))
    return units + [("identity", e.name, None) for e in identities]


def _assemble(d, parts) -> DerivationResult:
    """One derivation's result from its units; ``parts`` maps unit -> (value, seconds)."""
    mine = {u: vs for u, vs in parts.items() if u[0] not in ("identity", "audit") and u[1] == d.name}
    general = mine[("general", d.name, None)][0]
    result = general
    if general.failed_step is None:
        result = merge_instances(general, [mine[("at", d.name, dim)][0] for dim in d.instances
                                           if ("at", d.name, dim) in mine])
    numeric = mine.get(("numeric", d.name, None), ((), 0.0))[0]
    return replace(result, numeric=numeric if result.ok else (),
                   seconds=sum(seconds for _, seconds in mine.values()))


def check_all(derivations, identities, *, jobs: int = 1, numeric: bool = True, audit=(),
              echo: Callable[[str], None] = print) -> RunOutcome:
    """Run the derivations, identities and document audits (source keys in ``audit``),
    reporting each as soon as all its parts are done."""
    units = _units(derivations, identities, numeric, audit)
    parts: dict = {}
    pending = {d.name: sum(1 for u in units if u[1] == d.name and u[0] not in ("identity", "audit"))
               for d in derivations}
    by_name = {d.name: d for d in derivations}

    def finished(unit, value, seconds):
        parts[unit] = (value, seconds)
        if unit[0] == "audit":
            ok = all(v.supported for v in value.claims)
            echo(_line("audit", f"source {unit[1]}", ok, seconds, f"  {len(value.claims)} claims"))
            return
        if unit[0] == "identity":
            echo(_line("identity", unit[1], value.ok, value.seconds, f"  {value.general.status}"))
            return
        pending[unit[1]] -= 1
        if pending[unit[1]] == 0:
            r = _assemble(by_name[unit[1]], parts)
            extra = "" if r.ok else f"  FAILED at {r.failed_step or 'numeric cross-check'}"
            echo(_line("derivation", unit[1], r.ok, r.seconds, f"  {len(r.steps)} steps{extra}"))

    if jobs <= 1:
        for unit in units:
            data, seconds = _timed_task(*unit)     # the same plain-data path as in parallel
            finished(unit, _restore(unit, data, by_name), seconds)
    else:
        ctx = multiprocessing.get_context("fork")
        with ProcessPoolExecutor(max_workers=jobs, mp_context=ctx) as pool:
            futures = {pool.submit(_timed_task, *unit): unit for unit in units}
            for fut in as_completed(futures):
                data, seconds = fut.result()
                finished(futures[fut], _restore(futures[fut], data, by_name), seconds)
    report = AuditReport(tuple(parts[("audit", key, None)][0] for key in audit)) if audit else None
    return RunOutcome(tuple(_assemble(d, parts) for d in derivations),
                      tuple(parts[("identity", e.name, None)][0] for e in identities), report)


def render(outcome: RunOutcome) -> dict[str, str]:
    """Every output file's text, keyed by file name (pure; nothing is written)."""
    from proofs.sources import SOURCES
    sources = list(SOURCES.values())
    files = {f"{r.name}.tex": derivation_document(r, sources) for r in outcome.derivations}
    entries = [IdentityEntry(o.entry.name, o.entry.statement, o.entry.claim, o.display_verdict())
               for o in outcome.identities]
    errata = audit_errata(outcome.audit) if outcome.audit is not None else ()
    files["derivations.tex"] = combined_document(list(outcome.derivations), identities=entries,
                                                 sources=sources, errata=errata)
    if outcome.audit is not None:
        files["audit.json"] = audit_json(outcome.audit)
    files["report.json"] = to_json({
        "ok": outcome.ok, "failures": outcome.failures(),
        "derivations": [derivation_record(r) for r in outcome.derivations],
        "identities": [o.record() for o in outcome.identities],
    })
    files["timings.json"] = to_json(timings_record(outcome.derivations, outcome.identities))
    return files


def write_outputs(outcome: RunOutcome, output: Path) -> tuple[Path, ...]:
    output.mkdir(parents=True, exist_ok=True)
    return replace_outputs(output, render(outcome))


def run_all(*, names=(), jobs: int = 1, output: Path = Path("output"), numeric: bool = True,
            echo: Callable[[str], None] = print) -> tuple[RunOutcome, tuple[Path, ...]]:
    """Select, check, and (for a full run) write every output file."""
    from proofs.sources import SOURCES
    derivations, identities = select(names)
    audit = () if names else tuple(sorted(SOURCES))   # the audit belongs to full runs only
    outcome = check_all(derivations, identities, jobs=jobs, numeric=numeric, audit=audit, echo=echo)
    if names:   # a partial run must not overwrite the full, reviewed documents
        return outcome, ()
    return outcome, write_outputs(outcome, output)

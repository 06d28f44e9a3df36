"""The main job: check every derivation and identity, write the documents.

One orchestrator, :func:`run_all`, chains pure stages: select the work, check
it (optionally in parallel processes), render the documents and reports,
write them atomically, compile the PDF.

May import: every room but the CLI and the bench.
"""
from __future__ import annotations

import multiprocessing
from concurrent.futures import ProcessPoolExecutor, as_completed
from dataclasses import dataclass
from pathlib import Path
from typing import Callable

from ..atomic import replace_outputs
from ..audit.classify import AuditReport
from ..audit.classify import errata as audit_errata
from ..audit.classify import report_json as audit_json
from ..catalogue import CATALOGUE
from ..kernel.cache import VerdictCache, use_cache
from ..latex.document import combined_document, derivation_document
from ..latex.tables import IdentityEntry
from ..derivation.model import DerivationResult
from ..derivation.report import derivation_record, timings_record, to_json
from .unitcache import UnitCache
from .units import (IdentityOutcome, assemble_derivation, assemble_identity, cached, group_of, keyed,
                    restore, timed, units_for)

__all__ = ["RunOutcome", "select", "check_all", "render", "write_outputs", "run_all"]

@dataclass(frozen=True)
class RunOutcome:
    derivations: tuple[DerivationResult, ...]
    identities: tuple[IdentityOutcome, ...]
    audit: AuditReport | None = None
    cache_hits: int = 0           # verdicts served by the verdict cache
    cache_misses: int = 0         # cache look-ups that had to check
    cached_units: int = 0         # units whose whole result came from the cache
    units: int = 0                # units of work in the run

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


def _line(kind, name, ok, seconds, extra=""):
    mark = "\u2713" if ok else "\u2717"
    return f"  {mark} {kind:<10} {name:<58} {seconds:6.2f} s{extra}"


def check_all(derivations, identities, *, jobs: int = 1, numeric: bool = True, audit=(),
              echo: Callable[[str], None] = print, cache: VerdictCache | None = None) -> RunOutcome:
    """Run the derivations, identities and document audits (source keys in ``audit``),
    reporting each as soon as all its units are done; ``cache`` serves and stores verdicts
    (in every worker)."""
    with use_cache(cache):
        return _check_all(derivations, identities, jobs, numeric, audit, echo)


def _check_all(derivations, identities, jobs, numeric, audit, echo) -> RunOutcome:
    units = units_for(derivations, identities, numeric=numeric, audit=audit)
    counts = [0, 0, 0]
    parts: dict = {}
    pending: dict = {}
    for u in units:
        pending[group_of(u)] = pending.get(group_of(u), 0) + 1
    ders = {d.name: d for d in derivations}

    def finished(unit, value, seconds, hits):
        parts[unit] = (value, seconds)
        for pos, count in enumerate(hits):
            counts[pos] += count
        group = group_of(unit)
        pending[group] -= 1
        if pending[group]:
            return
        family, name = group
        if family == "audit":
            ok = all(v.supported for v in value.claims)
            echo(_line("audit", f"source {name}", ok, seconds, f"  {len(value.claims)} claims"))
        elif family == "identity":
            o = assemble_identity(CATALOGUE[name], parts)
            echo(_line("identity", name, o.ok, o.seconds, f"  {o.general.status}"))
        else:
            r = assemble_derivation(ders[name], parts)
            extra = "" if r.ok else f"  FAILED at {r.failed_step or 'numeric cross-check'}"
            echo(_line("derivation", name, r.ok, r.seconds, f"  {len(r.steps)} steps{extra}"))

    todo = []
    for unit in units:         # whole units from the cache first: a warm run starts no workers
        hit = cached(unit)
        if hit is None:
            todo.append(unit)
        else:
            finished(unit, restore(unit, hit[0], ders), hit[1], hit[2])
    if jobs <= 1 or len(todo) <= 1:
        for unit in todo:
            data, seconds, hits = timed(*unit)      # the same plain-data path as in parallel
            finished(unit, restore(unit, data, ders), seconds, hits)
    else:
        ctx = multiprocessing.get_context("fork")
        with ProcessPoolExecutor(max_workers=jobs, mp_context=ctx) as pool:
            futures = {pool.submit(timed, *unit): unit for unit in todo}
            for fut in as_completed(futures):
                data, seconds, hits = fut.result()
                finished(futures[fut], restore(futures[fut], data, ders), seconds, hits)
    report = AuditReport(tuple(parts[("audit", key, None)][0] for key in audit)) if audit else None
    return RunOutcome(tuple(assemble_derivation(d, parts) for d in derivations),
                      tuple(assemble_identity(e, parts) for e in identities), report, *counts,
                      len(units))


def render(outcome: RunOutcome, memo=None) -> dict[str, str]:
    """Every output file's text, keyed by file name (nothing is written).

    ``memo``: a ``(UnitCache, key)`` pair from :meth:`UnitCache.documents_key`; the
    documents and reports rendered from the same stored results are served from it (only
    timings.json, the one file that changes from run to run, is rendered every time).
    """
    files = None
    if memo is not None:
        files = memo[0].get_documents(memo[1])
    if files is None:
        files = _documents(outcome)
        if memo is not None:
            memo[0].put_documents(memo[1], files)
    files = dict(files)
    files["timings.json"] = to_json(timings_record(outcome.derivations, outcome.identities))
    return files


def _documents(outcome: RunOutcome) -> dict[str, str]:
    from proofs.sources import SOURCES
    sources = list(SOURCES.values())
    files = {f"{r.name}.tex": derivation_document(r, sources) for r in outcome.derivations}
    entries = [IdentityEntry(o.entry.name, o.entry.statement, o.entry.claim, o.display_verdict(),
                             o.entry.given) for o in outcome.identities]
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
    return files


def write_outputs(outcome: RunOutcome, output: Path, memo=None) -> tuple[Path, ...]:
    output.mkdir(parents=True, exist_ok=True)
    return replace_outputs(output, render(outcome, memo))


def run_all(*, names=(), jobs: int = 1, output: Path = Path("output"), numeric: bool = True,
            audit: bool = True, echo: Callable[[str], None] = print,
            cache: VerdictCache | None = None) -> tuple[RunOutcome, tuple[Path, ...]]:
    """Select, check, and (for a full run) write every output file.

    ``cache``: the verdict cache to use (None: none).  The documents and reports do not
    depend on it: a cached verdict carries the method the engine found.
    """
    from proofs.sources import SOURCES
    derivations, identities = select(names)
    keys = tuple(sorted(SOURCES)) if audit and not names else ()   # full runs only
    outcome = check_all(derivations, identities, jobs=jobs, numeric=numeric, audit=keys, echo=echo,
                        cache=cache)
    if names:   # a partial run must not overwrite the full, reviewed documents
        return outcome, ()
    memo = None
    if cache is not None:
        store = UnitCache(cache)
        key = store.documents_key([keyed(u) for u in units_for(derivations, identities,
                                                                 numeric=numeric, audit=keys)])
        memo = (store, key) if key is not None else None
    return outcome, write_outputs(outcome, output, memo)

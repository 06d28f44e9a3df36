"""The main job: check every derivation and identity, write the documents.

One orchestrator, :func:`run_all`, chains pure stages: select the work, check
it (optionally in parallel processes), render the documents and reports,
write them atomically, compile the PDF.
"""
from __future__ import annotations

import multiprocessing
import time
from concurrent.futures import ProcessPoolExecutor, as_completed
from dataclasses import dataclass
from pathlib import Path
from typing import Callable

from .atomic import replace_outputs
from .catalogue import CATALOGUE, Identity, check_identity
from .derivation import run as run_derivation
from .latex.document import combined_document, derivation_document
from .latex.tables import IdentityEntry
from .model import DerivationResult
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

    @property
    def ok(self) -> bool:
        return all(r.ok for r in self.derivations) and all(o.ok for o in self.identities)

    def failures(self) -> list[str]:
        out = [f"derivation {r.name}: " + (f"step {r.failed_step}" if r.failed_step else "numeric cross-check")
               for r in self.derivations if not r.ok]
        out += [f"identity {o.entry.name}: {o.general.status}, expected {o.entry.expected}"
                for o in self.identities if not o.ok]
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


def _task(kind: str, name: str, numeric: bool):
    if kind == "derivation":
        from proofs import DERIVATIONS
        return run_derivation(DERIVATIONS[name], numeric=numeric)
    return _check_identity(CATALOGUE[name])


def _line(kind, name, ok, seconds, extra=""):
    mark = "\u2713" if ok else "\u2717"
    return f"  {mark} {kind:<10} {name:<58} {seconds:6.2f} s{extra}"


def check_all(derivations, identities, *, jobs: int = 1, numeric: bool = True,
              echo: Callable[[str], None] = print) -> RunOutcome:
    """Run the derivations and identities, reporting each as it finishes."""
    tasks = [("derivation", d.name) for d in derivations] + [("identity", e.name) for e in identities]
    done: dict = {}

    def report(key, result):
        done[key] = result
        if key[0] == "derivation":
            extra = "" if result.ok else f"  FAILED at {result.failed_step or 'numeric cross-check'}"
            echo(_line("derivation", key[1], result.ok, result.seconds, f"  {len(result.steps)} steps{extra}"))
        else:
            echo(_line("identity", key[1], result.ok, result.seconds, f"  {result.general.status}"))

    if jobs <= 1:
        for key in tasks:
            report(key, _task(*key, numeric))
    else:
        ctx = multiprocessing.get_context("fork")
        with ProcessPoolExecutor(max_workers=jobs, mp_context=ctx) as pool:
            futures = {pool.submit(_task, *key, numeric): key for key in tasks}
            for fut in as_completed(futures):
                report(futures[fut], fut.result())
    return RunOutcome(tuple(done[("derivation", d.name)] for d in derivations),
                      tuple(done[("identity", e.name)] for e in identities))


def render(outcome: RunOutcome) -> dict[str, str]:
    """Every output file's text, keyed by file name (pure; nothing is written)."""
    from proofs.sources import SOURCES
    sources = list(SOURCES.values())
    files = {f"{r.name}.tex": derivation_document(r, sources) for r in outcome.derivations}
    entries = [IdentityEntry(o.entry.name, o.entry.statement, o.entry.claim, o.display_verdict())
               for o in outcome.identities]
    files["derivations.tex"] = combined_document(list(outcome.derivations), identities=entries,
                                                 sources=sources)
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
    derivations, identities = select(names)
    outcome = check_all(derivations, identities, jobs=jobs, numeric=numeric, echo=echo)
    if names:   # a partial run must not overwrite the full, reviewed documents
        return outcome, ()
    return outcome, write_outputs(outcome, output)

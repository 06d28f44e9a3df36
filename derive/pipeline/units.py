"""Units of work for ``derive run``: small, independent, so they can run in parallel.

A derivation is split into its general pass, one unit per fixed dimension and
its numerical cross-check; an identity into its general check and one unit
per fixed dimension; the audit into one unit per source document.  Results
travel between processes as plain data: unpickling a SymPy object
re-evaluates it, which would undo the unevaluated forms the documents print,
so the parent puts its own claims back (:func:`restore`).
"""
from __future__ import annotations

import hashlib
import re
import time
from dataclasses import dataclass, replace

from ..catalogue import CATALOGUE, Identity, check_identity
from ..derivation.runner import check_at, check_general, merge_instances, step_result
from ..derivation.model import DerivationResult
from ..kernel.cache import ambient, unsettled
from .unitcache import UnitCache
from ..kernel.verdict import Verdict

__all__ = ["IdentityOutcome", "units_for", "group_of", "keyed", "cached", "timed", "restore",
           "assemble_derivation",
           "assemble_identity", "IDENTITY_FIXED_N"]

IDENTITY_FIXED_N = (1, 2, 3)


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
        return self.general.status == want and all(v.status == want for _, v in self.fixed)

    def display_verdict(self) -> Verdict:
        ns = [n for n, _ in self.fixed]
        words = {"proved": "proved", "refuted": "refuted", "unknown": "not settled"}
        statuses = " or ".join(sorted({words.get(v.status, v.status) for _, v in self.fixed}))
        fixed = (f"; {statuses} at every fixed size from {ns[0]} to {ns[-1]} as well" if ns else "")
        return Verdict(self.general.status, self.general.method, self.general.counterexample,
                       self.general.seconds, self.general.detail + fixed, self.general.claim)

    def record(self) -> dict:
        from ..derivation.report import verdict_record
        return {"name": self.entry.name, "statement": self.entry.statement,
                "source": self.entry.source, "expected": self.entry.expected,
                "claim": str(self.entry.claim), "given": [str(g) for g in self.entry.given],
                "general": verdict_record(self.general),
                "fixed_n": [{"n": n, **verdict_record(v)} for n, v in self.fixed], "ok": self.ok}


def units_for(derivations, identities, *, numeric: bool, audit=()) -> list[tuple]:
    """Every unit ``(kind, name, arg)``, the slow kinds first so that workers stay busy."""
    units = [("audit", key, None) for key in audit]
    for d in derivations:
        units.append(("general", d.name, None))
        if d.dimension is not None:
            units += [("at", d.name, dim) for dim in d.instances]
        if numeric and d.numeric:
            units.append(("numeric", d.name, None))
    for e in identities:
        units.append(("identity", e.name, None))
        units += [("identity_at", e.name, v) for v in IDENTITY_FIXED_N if v >= e.min_n]
    return units


def group_of(unit) -> tuple[str, str]:
    """The derivation, identity or document a unit belongs to."""
    kind, name, _ = unit
    family = {"general": "derivation", "at": "derivation", "numeric": "derivation",
              "identity": "identity", "identity_at": "identity", "audit": "audit"}[kind]
    return family, name


def _run(kind, name, arg):
    from proofs import DERIVATIONS
    if kind == "general":
        return check_general(DERIVATIONS[name])
    if kind == "at":
        return check_at(DERIVATIONS[name], arg)
    if kind == "numeric":
        return tuple(DERIVATIONS[name].numeric(DERIVATIONS[name]))
    if kind == "audit":
        from ..audit.classify import audit_document
        return audit_document(name)
    return check_identity(CATALOGUE[name], n_value=arg)


def _verdict_data(v: Verdict) -> tuple:
    return (v.status, v.method, v.counterexample, v.seconds, v.detail)


_UNIT_CACHES: dict = {}
_DIGESTS: dict = {}        # id -> (the object, kept alive so that its id is not reused; digest)


def keyed(unit) -> tuple:
    """``unit`` with a digest of the derivation or identity it checks: the unit cache's key.

    The source fingerprint covers every file of the packages, but a program can check
    a derivation changed at run time under its old name (``with_claim``, a patched
    table): that is another unit.  The digest is of the object's repr (its steps,
    claims and settings; a function inside is named by the source fingerprint, not by
    its address).  An audit unit reads a source file of the package: no digest needed.
    """
    kind, name, arg = unit
    if kind == "audit":
        return (kind, name, arg)
    from proofs import DERIVATIONS
    obj = CATALOGUE[name] if kind in ("identity", "identity_at") else DERIVATIONS[name]
    known = _DIGESTS.get(id(obj))
    if known is None or known[0] is not obj:
        text = re.sub(r" at 0x[0-9a-fA-F]+", "", repr(obj))
        known = _DIGESTS[id(obj)] = (obj, hashlib.sha256(text.encode()).hexdigest())
    return (kind, name, arg, known[1])


def _unit_cache(store):
    if store is None:
        return None
    if store.directory not in _UNIT_CACHES:
        _UNIT_CACHES[store.directory] = UnitCache(store)
    return _UNIT_CACHES[store.directory]


def cached(unit):
    """``timed(*unit)`` when the ambient cache holds the whole unit, else None (nothing run)."""
    units = _unit_cache(ambient())
    start = time.perf_counter()
    if units is not None and (hit := units.get(keyed(unit))) is not None:
        return hit, time.perf_counter() - start, (0, 0, 1)
    return None


def timed(kind, name, arg):
    """Run one unit; return its result as plain data, its wall time, and
    ``(verdict hits, verdict misses, 1 if the whole unit came from the cache else 0)``.

    With an ambient verdict cache the unit's result is stored afterwards
    (:mod:`derive.pipeline.unitcache`); :func:`cached` looks it up.
    """
    store = ambient()
    units = _unit_cache(store)      # looked up by the caller (check_all), stored here
    start = time.perf_counter()
    before = (store.hits, store.misses) if store is not None else (0, 0)
    unsettled_before = unsettled()
    value = _run(kind, name, arg)
    if kind == "general":
        value = ([(s.name, _verdict_data(s.verdict)) for s in value.steps], value.seconds,
                 value.failed_step)
    elif kind in ("identity", "identity_at"):
        value = _verdict_data(value)
    seconds = time.perf_counter() - start
    after = (store.hits, store.misses) if store is not None else (0, 0)
    if units is not None:
        units.put(keyed((kind, name, arg)), value, unsettled_before)
    return value, seconds, (after[0] - before[0], after[1] - before[1], 0)


def restore(unit, data, derivations):
    """The unit's result with the parent's own SymPy claims put back."""
    kind, name, _ = unit
    if kind == "general":
        d = derivations[name]
        rows, seconds, failed = data
        steps = []
        for step_name, vdata in rows:
            step = d.step(step_name)
            steps.append(step_result(step, Verdict(*vdata, claim=step.claim)))
        return DerivationResult(d, tuple(steps), (), seconds, failed)
    if kind in ("identity", "identity_at"):
        return Verdict(*data, claim=CATALOGUE[name].claim)
    return data


def assemble_derivation(d, parts) -> DerivationResult:
    """One derivation's result from its units; ``parts`` maps unit -> (value, seconds)."""
    mine = {u: vs for u, vs in parts.items() if group_of(u) == ("derivation", d.name)}
    result = general = mine[("general", d.name, None)][0]
    if general.failed_step is None:
        result = merge_instances(general, [mine[("at", d.name, dim)][0] for dim in d.instances
                                           if ("at", d.name, dim) in mine])
    numeric = mine.get(("numeric", d.name, None), ((), 0.0))[0]
    return replace(result, numeric=numeric if result.ok else (),
                   seconds=sum(seconds for _, seconds in mine.values()))


def assemble_identity(entry, parts) -> IdentityOutcome:
    mine = {u: vs for u, vs in parts.items() if group_of(u) == ("identity", entry.name)}
    fixed = tuple((u[2], v) for u, (v, _) in sorted(mine.items(), key=lambda kv: kv[0][2] or 0)
                  if u[0] == "identity_at")
    return IdentityOutcome(entry, mine[("identity", entry.name, None)][0], fixed,
                           sum(seconds for _, seconds in mine.values()))

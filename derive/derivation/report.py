"""Machine-readable reports: JSON with a stable layout and no wall times.

Wall times differ from run to run, so they go to a separate timings file;
``report.json`` is byte-identical across runs and is kept as a golden copy.
"""
from __future__ import annotations

import json
from typing import Any

from .model import DerivationResult, NumericCheck
from ..kernel.verdict import Verdict

__all__ = ["derivation_record", "verdict_record", "to_json", "timings_record"]


def _text(value) -> str:
    return str(value)


def verdict_record(v: Verdict) -> dict[str, Any]:
    """A verdict without its wall time."""
    record = {"status": v.status, "method": v.method, "detail": v.detail}
    if v.counterexample is not None:
        record["counterexample"] = {_text(k): _text(val) for k, val in
                                    sorted(v.counterexample.items(), key=lambda kv: str(kv[0]))}
    return record


def _error(x: float) -> str:
    return "inf" if x == float("inf") else f"{x:.1e}"


def numeric_record(c: NumericCheck) -> dict[str, Any]:
    return {"name": c.name, "description": c.description, "n": c.n,
            "max_error": _error(c.max_error), "tolerance": _error(c.tolerance),
            "method": c.method, "ok": c.ok}


def derivation_record(r: DerivationResult) -> dict[str, Any]:
    steps = []
    for s in r.steps:
        steps.append({
            "name": s.name, "section": s.step.section, "rule": s.step.rule,
            "claim": _text(s.step.claim), "uses": list(s.step.uses),
            "verdict": verdict_record(s.verdict),
            "fixed_n": [{"n": c.n, "assignments": c.assignments, "status": c.status,
                         "method": c.method} for c in s.instances],
            "ok": s.ok,
        })
    return {"name": r.name, "title": r.derivation.title, "sources": list(r.derivation.sources),
            "ok": r.ok, "failed_step": r.failed_step, "steps": steps,
            "numeric": [numeric_record(c) for c in r.numeric]}


def timings_record(results, identities) -> dict[str, Any]:
    """Wall times (seconds) of every step, cross-check and identity: not deterministic."""
    return {
        "derivations": {r.name: {"total": round(r.seconds, 4),
                                 "steps": {s.name: round(s.verdict.seconds, 4) for s in r.steps}}
                        for r in results},
        "identities": {o.entry.name: round(o.seconds, 4) for o in identities},
    }


def to_json(record: Any) -> str:
    """Stable JSON text: sorted keys, two-space indent, trailing newline."""
    return json.dumps(record, indent=2, sort_keys=True, ensure_ascii=False) + "\n"

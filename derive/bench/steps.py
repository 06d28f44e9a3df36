"""Section 2: the engine's step checking against the naive ``simplify``.

The claims are every proof obligation of every derivation step (from the
step's rule, with the earlier steps' claims as premises) and every catalogue
identity.  An obligation may list equivalent alternatives (a rearranged
equation may have been multiplied by -1); it counts as proved, for either
checker, when any alternative is, exactly as ``derive run`` counts it.  The
engine gets the hypotheses, the naive check cannot use them.  SymPy's cache
is cleared before each side, so neither profits from the other's work.
"""
from __future__ import annotations

import time
from dataclasses import dataclass

from sympy.core.cache import clear_cache

from ..catalogue import CATALOGUE
from ..derivation.runner import discharge
from ..errors import RuleNotApplicable
from ..derivation.rules import Obligation, rule
from ..kernel.checker import forget
from ..kernel.verdict import PROVED, REFUTED
from . import naive
from .model import rounded

__all__ = ["Claim", "ClaimTiming", "StepsResult", "collect_claims", "measure_steps"]


def _fresh():
    """Neither side may profit from earlier work: SymPy's cache and the checker's memo emptied."""
    clear_cache()
    forget()


@dataclass(frozen=True)
class Claim:
    """One claim of the comparison: a step obligation or a catalogue identity."""

    name: str
    source: str                 # "step" or "identity"
    what: str
    expected: str               # PROVED or REFUTED
    alternatives: tuple
    given: tuple = ()


@dataclass(frozen=True)
class ClaimTiming:
    """How each checker fared on one claim."""

    claim: Claim
    engine_status: str
    engine_method: str
    engine_seconds: float
    naive_status: str
    naive_seconds: float

    def record(self) -> dict:
        return {"name": self.claim.name, "source": self.claim.source, "what": self.claim.what,
                "expected": self.claim.expected, "engine_status": self.engine_status,
                "engine_method": self.engine_method,
                "engine_seconds": rounded(self.engine_seconds),
                "naive_status": self.naive_status, "naive_seconds": rounded(self.naive_seconds)}


@dataclass(frozen=True)
class StepsResult:
    """The per-claim timings and what they add up to."""

    timings: tuple[ClaimTiming, ...]
    skipped: tuple[str, ...]            # steps whose rule did not apply (no obligations)
    engine_timeout: float
    naive_timeout: float
    per_source: int | None = None       # at most this many claims per derivation / catalogue

    @property
    def engine_total(self) -> float:
        return sum(t.engine_seconds for t in self.timings)

    @property
    def naive_total(self) -> float:
        return sum(t.naive_seconds for t in self.timings)

    @property
    def ratio(self) -> float | None:
        return self.naive_total / self.engine_total if self.engine_total > 0 else None

    def count(self, side: str, status: str) -> int:
        return sum(getattr(t, f"{side}_status") == status for t in self.timings)

    @property
    def exceptions(self) -> tuple[str, ...]:
        """True claims the naive check proves and the engine does not (a false claim the
        naive check proves is the naive check's fault: see :meth:`unsound`)."""
        return tuple(t.claim.name for t in self.timings if t.claim.expected == PROVED
                     and t.naive_status == naive.PROVED and t.engine_status != PROVED)

    def unsound(self, side: str) -> tuple[str, ...]:
        """Claims expected to be refuted that ``side`` nevertheless proved."""
        return tuple(t.claim.name for t in self.timings
                     if t.claim.expected == REFUTED and getattr(t, f"{side}_status") == PROVED)

    def record(self) -> dict:
        return {
            "claims": len(self.timings), "per_source": self.per_source,
            "skipped": list(self.skipped),
            "engine_timeout": self.engine_timeout, "naive_timeout": self.naive_timeout,
            "engine_seconds": rounded(self.engine_total), "naive_seconds": rounded(self.naive_total),
            "ratio": rounded(self.ratio),
            "engine_proved": self.count("engine", PROVED),
            "naive_proved": self.count("naive", naive.PROVED),
            "naive_timeouts": self.count("naive", naive.TIMEOUT),
            "naive_errors": self.count("naive", naive.ERROR),
            "naive_proved_engine_not": list(self.exceptions),
            "engine_proved_expected_refuted": list(self.unsound("engine")),
            "naive_proved_expected_refuted": list(self.unsound("naive")),
            "per_claim": [t.record() for t in self.timings],
        }


def _step_claims(derivation, limit):
    premises, claims, skipped = {}, [], []
    for step in derivation.steps:
        try:
            obligations = rule(step.rule).obligations(step, premises)
        except RuleNotApplicable:
            skipped.append(f"{derivation.name}.{step.name}")
            obligations = ()
        for pos, ob in enumerate(obligations):
            suffix = f"#{pos + 1}" if len(obligations) > 1 else ""
            claims.append(Claim(f"{derivation.name}.{step.name}{suffix}", "step", ob.what, PROVED,
                                tuple(ob.alternatives), tuple(ob.given)))
        premises[step.name] = step.claim
    return claims[:limit], skipped


def collect_claims(*, per_source: int | None = None) -> tuple[tuple[Claim, ...], tuple[str, ...]]:
    """Every step obligation and catalogue identity (at most ``per_source`` from each
    derivation and from the catalogue), and the steps whose rule did not apply."""
    from proofs import DERIVATIONS
    claims, skipped = [], []
    for derivation in DERIVATIONS.values():
        found, missed = _step_claims(derivation, per_source)
        claims += found
        skipped += missed
    claims += [Claim(e.name, "identity", e.statement, e.expected, (e.claim,), tuple(e.given))
               for e in list(CATALOGUE.values())[:per_source]]
    return tuple(claims), tuple(skipped)


def _engine(claim: Claim, timeout: float):
    """The runner's own discharge of an obligation, so the bench measures what runs."""
    return discharge(Obligation(claim.alternatives, claim.given), timeout)


def measure_steps(*, engine_timeout: float, naive_timeout: float, per_source: int | None = None,
                  echo=print) -> StepsResult:
    """Check every claim with the engine, then with the naive check."""
    claims, skipped = collect_claims(per_source=per_source)
    _fresh()
    engine = []
    for claim in claims:
        start = time.perf_counter()
        verdict = _engine(claim, engine_timeout)
        engine.append((verdict.status, verdict.method, time.perf_counter() - start))
    echo(f"    engine: {len(claims)} claims in {sum(e[2] for e in engine):.2f} s")
    _fresh()
    timings = []
    for claim, (status, method, seconds) in zip(claims, engine):
        outcome, naive_seconds = naive.naive_check(claim.alternatives, timeout=naive_timeout)
        timings.append(ClaimTiming(claim, status, method, seconds, outcome, naive_seconds))
    echo(f"    naive:  {len(claims)} claims in {sum(t.naive_seconds for t in timings):.2f} s")
    return StepsResult(tuple(timings), tuple(skipped), engine_timeout, naive_timeout, per_source)

"""Differential fuzzing: derive.check against an independent 60-digit evaluation.

Random claims from the softmax vocabulary (:mod:`tests.kernel.fuzz_claims`:
sums over index ranges, Kronecker deltas, exp, log, hypotheses), about half
true by construction and half perturbed.  For each verdict:

* "proved": the oracle (:mod:`tests.kernel.oracle`, exact or 60 digits) must
  find the claim true at every sampled point that satisfies the hypotheses;
* "refuted": the counterexample must satisfy every hypothesis and falsify the
  claim according to the oracle;
* a claim true by construction must never be refuted at all (that would be a
  counterexample to the generator's rewrites, which the oracle confirmed).

The committed run uses a fixed seed and 200 claims; set ``DERIVE_FUZZ_CLAIMS``
(and ``DERIVE_FUZZ_SEED``) for a longer one, e.g. ``DERIVE_FUZZ_CLAIMS=2000``.
"""
from __future__ import annotations

import os
import random
from collections import Counter

from derive.kernel.checker import check
from tests.kernel.fuzz_claims import make_claims, sample_point
from tests.kernel.oracle import Undefined, holds_at, is_counterexample

COUNT = int(os.environ.get("DERIVE_FUZZ_CLAIMS", "200"))
SEED = int(os.environ.get("DERIVE_FUZZ_SEED", "20240611"))
POINTS = 8
TIMEOUT = 5.0


def _holds_everywhere_sampled(item, rng):
    """None if the oracle found no point violating the claim, else the point that does."""
    for _ in range(POINTS * 3):
        point = sample_point(item, rng)
        if point is None:
            continue
        try:
            if not all(holds_at(g, point) is True for g in item.given):
                continue
            if holds_at(item.claim, point, certify=False) is False:
                return point
        except Undefined:            # a side without a value there (0/0): no evidence either way
            continue
    return None


def run(count=COUNT, seed=SEED):
    """Check ``count`` fuzz claims; returns (tally, problems)."""
    rng = random.Random(seed)
    tally, problems = Counter(), []
    for item in make_claims(count, seed):
        verdict = check(item.claim, given=item.given, timeout=TIMEOUT)
        tally[(item.intended, verdict.status)] += 1
        if verdict.status == "proved":
            bad = _holds_everywhere_sampled(item, rng)
            if bad is not None:
                problems.append(f"false proof of {item.name}: {item.claim} given {item.given}; "
                                f"{verdict}; false at {bad}")
        elif verdict.status == "refuted":
            ok, why = is_counterexample(item.claim, item.given, dict(verdict.counterexample))
            if not ok:
                problems.append(f"false refutation of {item.name}: {item.claim} given {item.given}; "
                                f"{verdict}; {why}")
            elif item.intended:
                problems.append(f"the generator's true claim {item.name} is false: {item.claim} "
                                f"given {item.given}; {verdict}")
    return tally, problems


def test_no_false_proof_and_no_false_refutation_on_random_claims():
    tally, problems = run()
    summary = ", ".join(f"{'true' if t else 'false'}/{s}: {c}" for (t, s), c in sorted(tally.items()))
    print(f"\nfuzz, {COUNT} claims, seed {SEED}: {summary}")
    assert not problems, "\n".join(problems[:10])
    true_total = sum(c for (t, _), c in tally.items() if t)
    false_total = sum(c for (t, _), c in tally.items() if not t)
    # both directions are exercised: many true claims proved, many false ones refuted
    assert tally[(True, "proved")] >= 0.4 * true_total, summary
    assert tally[(False, "refuted")] >= 0.4 * false_total, summary

"""The adversarial claims of ``tests/data/adversarial_claims.py``: every verdict is a right one.

The data (213 claims in six families: binders, deltas, hypotheses,
denominators, precision, limits of sums) was written to break the checker and
its truth confirmed without ``derive`` by ``tests/data/confirm_adversarial.py``
(exact arithmetic, mpmath at 60 and 120 digits).  Here each claim is checked:

* true: proved or unknown, never refuted, never "vacuous" (its hypotheses can hold);
* false: refuted or unknown, never proved; a counterexample must satisfy every
  hypothesis and falsify the claim according to the independent oracle
  (:mod:`tests.kernel.oracle`), which also re-confirms the entry's own witness;
* vacuous (contradictory hypotheses): proved with the method "vacuous", or unknown;
* input error: ``check`` raises ValueError.
"""
from __future__ import annotations

import importlib.util
from collections import Counter
from pathlib import Path

import pytest
from sympy import Derivative, Eq, Idx, Indexed, IndexedBase, Integer, sympify
from sympy.logic.boolalg import BooleanAtom

from derive.kernel.checker import check
from tests.kernel.oracle import Undefined, holds_at, hypotheses_hold, is_counterexample

_DATA = Path(__file__).resolve().parents[1] / "data" / "adversarial_claims.py"
_spec = importlib.util.spec_from_file_location("adversarial_claims", _DATA)
_module = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(_module)
CLAIMS = _module.CLAIMS
TIMEOUT = 10.0


def _relation(entry):
    claim = entry["claim"]
    return Eq(*claim, evaluate=False) if isinstance(claim, tuple) else claim


def _run(entry):
    claim = entry["claim"]
    if isinstance(claim, tuple):
        return check(*claim, given=entry["given"], timeout=TIMEOUT)
    return check(claim, given=entry["given"], timeout=TIMEOUT)


def _witness_env(entry):
    """The entry's witness (names -> values) as a point for the oracle."""
    rel = _relation(entry)
    parts = [rel] + list(entry["given"])
    symbols = set()
    for part in parts:
        symbols |= part.free_symbols
        for d in part.atoms(Derivative):      # SymPy leaves z[i] of d/dz[i] out of free_symbols
            for v in d.variables:
                symbols |= v.free_symbols
    for s in list(symbols):
        if isinstance(s, Idx):
            for b in (s.lower, s.upper):
                symbols |= getattr(b, "free_symbols", set())
    by_name = {str(s): s for s in symbols if not isinstance(s, (Indexed, IndexedBase))}
    bases = {str(b): b for part in parts for b in part.atoms(IndexedBase)}
    env = {}
    for name, value in entry["witness"].items():
        if name in bases:
            items = value.items() if isinstance(value, dict) else enumerate(value, start=1)
            for idx, v in items:
                idx = idx if isinstance(idx, tuple) else (idx,)
                env[Indexed(bases[name], *[Integer(t) for t in idx])] = sympify(v)
        else:
            env[by_name[name]] = sympify(value)
    return env


def test_the_data_has_100_claims_or_more_in_every_family_balanced():
    assert len(CLAIMS) >= 100
    ids = [e["id"] for e in CLAIMS]
    assert len(ids) == len(set(ids))
    for family in _module.FAMILIES:
        truths = Counter(str(e["truth"]) for e in CLAIMS if e["family"] == family)
        assert truths["True"] >= 10 and truths["False"] >= 10, (family, truths)
        assert abs(truths["True"] - truths["False"]) <= 3, (family, truths)


@pytest.mark.parametrize("entry", [e for e in CLAIMS if e["truth"] is False],
                         ids=[e["id"] for e in CLAIMS if e["truth"] is False])
def test_the_witness_of_a_false_claim_is_a_counterexample_for_the_oracle(entry):
    env = _witness_env(entry)
    rel = _relation(entry)
    if isinstance(rel, BooleanAtom):
        assert rel is sympify(False)
        return
    ok, why = hypotheses_hold(rel, entry["given"], env)
    assert ok, why
    try:
        assert holds_at(rel, env) is False, f"{rel} is not false at the witness {env}"
    except Undefined:           # a side undefined at the witness: false there (0/0, zoo)
        pass


@pytest.mark.parametrize("entry", CLAIMS, ids=[e["id"] for e in CLAIMS])
def test_adversarial_claim_gets_a_right_verdict(entry):
    truth = entry["truth"]
    if truth == "input_error":
        with pytest.raises(ValueError, match="integer"):
            _run(entry)
        return
    verdict = _run(entry)
    vacuous = "vacuous" in verdict.method.split(" + ")
    if truth is True:
        assert verdict.status != "refuted", f"a true claim was refuted: {verdict}"
        assert not vacuous, f"consistent hypotheses called contradictory: {verdict}"
    elif truth is False:
        assert verdict.status != "proved", f"a false claim was proved: {verdict}"
        if verdict.status == "refuted":
            ok, why = is_counterexample(_relation(entry), entry["given"], dict(verdict.counterexample))
            assert ok, f"not a counterexample: {why}; {verdict}"
    else:
        assert truth == "vacuous"
        assert verdict.status != "refuted", f"refuted under contradictory hypotheses: {verdict}"
        if verdict.status == "proved":
            assert verdict.method == "vacuous" and "contradict" in verdict.detail, str(verdict)
    if verdict.status == "unknown":
        assert verdict.detail, f"unknown without a reason: {verdict}"

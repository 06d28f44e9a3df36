"""``derive check`` on the real-world corpus (tests/data/real), copied unchanged.

The scorer is :mod:`tests.handcheck.corpus` (``python -m tests.handcheck.corpus -v``
prints the figures row by row).  Each file is checked by a test of its own, and
its figures are pinned in ``corpus_pins.json`` (written by ``python -m
tests.handcheck.corpus --pin`` when they were last changed; the totals are in the
README, "Checking a derivation written by hand"): per truth category and status
exactly, so a change that reads fewer rows, refutes a correct row, catches fewer
wrong rows, proves a wrong row or raises on a file fails here, and so does one
that improves them until the pins are moved with it.  Two figures are looser: a
conditional row (correct only under a case stated in prose) may come out refuted
in one run and an index clash in another (04:18), so the conditional rows are
pinned by their total, and the read and parsed counts, over the other rows, are floors.  A row that
runs out of time on a loaded machine turns unknown and fails the pin too: the
figures are measured at 10 s per relation, far above what any row needs unloaded.
"""
from __future__ import annotations

import json

import pytest

from tests.handcheck.corpus import PINS, REAL, file_figures, truth_table

TRUTH = truth_table()
PINNED = json.loads(PINS.read_text(encoding="utf-8"))
FILE_SECONDS_AT_MOST = 240.0        # a hang, not a slow machine


def test_the_corpus_is_whole():
    assert len(TRUTH) >= 25
    assert sum(len(rows) for rows in TRUTH.values()) == 438
    assert sorted(PINNED) == sorted(TRUTH)
    for name in TRUTH:
        first = (REAL / name).read_text(encoding="utf-8").split("\n", 1)[0]
        assert "source:" in first and "http" in first, name


def test_the_pins_meet_the_soundness_targets():
    # The per-file tests below hold each file to its pins; these are the pins' totals.
    correct = sum(sum(p["by_truth"].get("correct", {}).values()) for p in PINNED.values())
    refuted = [w for p in PINNED.values() for w in p["correct_refuted"]]
    assert len(refuted) <= 0.02 * correct
    assert all(p["by_truth"].get("wrong", {}).get("proved", 0) == 0 for p in PINNED.values())


@pytest.mark.parametrize("name", sorted(TRUTH))
def test_a_corpus_file_gets_its_pinned_verdicts(name):
    fig = file_figures(name, TRUTH[name], timeout=10.0)
    pinned = PINNED[name]
    assert fig.wrong_proved == []
    assert fig.tracebacks == []
    assert fig.slowest[1] <= FILE_SECONDS_AT_MOST, fig.slowest
    assert fig.correct_refuted == pinned["correct_refuted"]
    assert fig.wrong_caught == pinned["wrong_caught"]
    assert fig.firm_read >= pinned["read"] and fig.firm_parsed >= pinned["parsed"], \
        (fig.firm_read, fig.firm_parsed)
    assert fig.unmatched == pinned["unmatched"]
    found = {t: dict(sorted(c.items())) for t, c in fig.by_truth.items()}
    expected = dict(pinned["by_truth"])
    assert sum(found.pop("conditional", {}).values()) == sum(expected.pop("conditional", {}).values())
    assert found == expected

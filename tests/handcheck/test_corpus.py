"""``derive check`` on the real-world corpus (tests/data/real), copied unchanged.

The scorer is :mod:`tests.handcheck.corpus` (``python -m tests.handcheck.corpus -v``
prints the figures row by row).  The figures are pinned exactly, per truth
category and status, at the values measured when they were last changed
(README, "Checking a derivation written by hand"): a change that reads fewer
rows, refutes a correct row, catches fewer wrong rows, proves a wrong row or
raises on a file fails here, and so does one that improves them until the pins
are moved with it (the conditional rows, correct only under a case stated in
prose, are pinned by their total, see below).  A row that runs out of time on a loaded machine turns
unknown and fails the pin too: the figures are measured at 10 s per relation,
far above what any row needs unloaded.
"""
from __future__ import annotations

import json

import pytest

from tests.handcheck.corpus import REAL, corpus_figures

# truth category -> {status: rows}; "none" is a truth row no checker row matched
PINNED = {
    "conditional": {"diagnostic": 24, "none": 1, "proved": 8, "refuted": 13, "unknown": 7},
    "correct": {"assumed": 2, "diagnostic": 85, "none": 8, "proved": 132, "unknown": 26},
    "not_a_claim": {"assumed": 43, "diagnostic": 29, "none": 1, "proved": 11, "refuted": 1,
                    "unknown": 15},
    "wrong": {"diagnostic": 20, "refuted": 8, "unknown": 4},
}
READ, PARSED, UNMATCHED = 261, 342, 10
CORRECT_REFUTED: list = []
WRONG_CAUGHT = [
    "03_minitorch_softmax_derivative.md:33",
    "05_mattpetersen_softmax_cross_entropy.md:40", "08_zakaria_cross_entropy_softmax.md:18",
    "10_jmlb_cross_entropy_gradient.md:59",
    "10_jmlb_cross_entropy_gradient.md:65", "10_jmlb_cross_entropy_gradient.md:71",
    "11_yanfenglee_dl_formulas.md:7", "11_yanfenglee_dl_formulas.md:24",
    "14_cs224d_sigmoid_derivative.md:16", "19_zhouxin_logsumexp_gradient.md:47",
    "24_sassafras_maxent_boltzmann.md:27",
    "24_sassafras_maxent_boltzmann.md:35", "29_mathse_log_softmax_question.md:6",
    "29_mathse_log_softmax_question.md:8", "29_mathse_log_softmax_question.md:10",
]
FILE_SECONDS_AT_MOST = 240.0        # a hang, not a slow machine


@pytest.fixture(scope="module")
def figures():
    return corpus_figures(timeout=10.0)


def test_the_corpus_is_whole():
    truth = json.loads((REAL / "truth.json").read_text(encoding="utf-8"))
    assert len(truth) >= 25
    assert sum(len(rows) for rows in truth.values()) == 438
    for name in truth:
        first = (REAL / name).read_text(encoding="utf-8").split("\n", 1)[0]
        assert "source:" in first and "http" in first, name


def test_no_wrong_row_is_proved(figures):
    assert figures.wrong_proved == []


def test_no_traceback_and_no_hang(figures):
    assert figures.tracebacks == []
    assert figures.slowest[1] <= FILE_SECONDS_AT_MOST, figures.slowest


def test_the_correct_rows_refuted_are_the_pinned_ones(figures):
    assert figures.correct_refuted == CORRECT_REFUTED
    assert len(figures.correct_refuted) <= 0.02 * figures.total("correct")


def test_the_wrong_rows_caught_are_the_pinned_ones(figures):
    assert figures.wrong_caught == WRONG_CAUGHT


def test_the_pinned_figures(figures):
    # A conditional row (correct only under a case stated in prose) may come out refuted in
    # one run and an index clash in another (04:18): the reading counts are floors, and the
    # conditional rows are pinned by their total; every other category exactly.
    assert figures.read >= READ and figures.parsed >= PARSED, (figures.read, figures.parsed)
    assert figures.unmatched == UNMATCHED
    found = {t: dict(sorted(c.items())) for t, c in figures.by_truth.items()}
    assert sum(found.pop("conditional").values()) == sum(PINNED["conditional"].values())
    assert found == {t: c for t, c in PINNED.items() if t != "conditional"}

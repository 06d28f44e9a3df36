"""Run ``derive check`` over the real-world corpus and score it against ``truth.json``.

Shared by :mod:`tests.handcheck.test_corpus` (which pins the figures) and by
``python -m tests.handcheck.corpus`` (which prints them, row by row with ``-v``).

A truth row is matched to the checker's row on the same line with the same
text (whitespace and alignment ``&`` ignored), else to the next unmatched
row on that line, in order.  Two figures say how much was read:

* *read*: the checker has a verdict on the row that is not a diagnostic, a
  continuation of an unreadable row, a timeout or an internal error;
* *parsed*: the row was turned into SymPy: a verdict as above, or a
  diagnostic given after parsing (an index clash, a derivative in a
  variable the operand lacks, a missing hypothesis, an undefined name,
  contradictory hypotheses); not a syntax, bracket or ambiguity diagnostic.

A wrong row is *caught* when it is refuted, or flagged as an index clash or
a missing hypothesis.  :func:`per_notation` gives the rows parsed in the files
the corpus README tags with each notation.
"""
from __future__ import annotations

import json
import re
import sys
import time
import traceback
from dataclasses import dataclass, field
from pathlib import Path

from derive.handcheck.steps import check_derivation

REAL = Path(__file__).resolve().parents[1] / "data" / "real"
UNREAD_METHODS = ("continues unreadable row", "timeout", "internal error")
# Diagnostics given after the row was read into SymPy (the others: it was not).
READ_DIAGNOSTICS = ("index-clash", "derivative-variable", "missing-hypothesis", "undefined-symbol",
                    "contradictory-hypotheses")
CAUGHT_DIAGNOSTICS = ("index-clash", "missing-hypothesis")


def _norm(text: str) -> str:
    return re.sub(r"\s|&", "", text)


@dataclass
class Figures:
    files: int = 0
    rows: int = 0
    read: int = 0
    parsed: int = 0
    by_truth: dict = field(default_factory=dict)     # truth -> {status: count}
    correct_refuted: list = field(default_factory=list)
    conditional_refuted: list = field(default_factory=list)
    not_a_claim_refuted: list = field(default_factory=list)
    wrong_proved: list = field(default_factory=list)
    wrong_caught: list = field(default_factory=list)
    wrong_missed: list = field(default_factory=list)
    tracebacks: list = field(default_factory=list)
    slowest: tuple = ("", 0.0)
    unmatched: int = 0
    firm_read: int = 0      # read and parsed among the rows that are not conditional (whose
    firm_parsed: int = 0    # verdicts are pinned; a conditional row's may flip between runs)
    rows_detail: list = field(default_factory=list)

    def count(self, truth, status):
        self.by_truth.setdefault(truth, {}).setdefault(status, 0)
        self.by_truth[truth][status] += 1

    def total(self, truth):
        return sum(self.by_truth.get(truth, {}).values())

    def add(self, other: "Figures") -> None:
        """Count ``other``'s files and rows too (the files come in name order)."""
        for name in ("files", "rows", "read", "parsed", "unmatched", "firm_read", "firm_parsed"):
            setattr(self, name, getattr(self, name) + getattr(other, name))
        for t, counts in other.by_truth.items():
            for status, count in counts.items():
                self.by_truth.setdefault(t, {}).setdefault(status, 0)
                self.by_truth[t][status] += count
        for name in ("correct_refuted", "conditional_refuted", "not_a_claim_refuted", "wrong_proved",
                     "wrong_caught", "wrong_missed", "tracebacks", "rows_detail"):
            getattr(self, name).extend(getattr(other, name))
        if other.slowest[1] > self.slowest[1]:
            self.slowest = other.slowest


def _match(truth_rows, steps):
    by_line: dict = {}
    for s in steps:
        by_line.setdefault(s.line, []).append(s)
    out = []
    for row in truth_rows:
        candidates = by_line.get(row["line"], [])
        found = next((s for s in candidates if _norm(s.source) == _norm(row["text"])), None)
        if found is None:
            found = next((s for s in candidates
                          if _norm(row["text"]) in _norm(s.source)
                          or _norm(s.source) in _norm(row["text"])), None)
        if found is None and candidates:
            found = candidates[0]
        if found is not None:
            candidates.remove(found)
        out.append(found)
    return out


def truth_table() -> dict:
    """``{file name: [truth rows]}`` from ``truth.json``."""
    return json.loads((REAL / "truth.json").read_text(encoding="utf-8"))


def corpus_figures(timeout: float = 10.0, verbose: bool = False) -> Figures:
    """The figures over the whole corpus (the sum of :func:`file_figures` over its files)."""
    fig = Figures()
    for name, rows in sorted(truth_table().items()):
        fig.add(file_figures(name, rows, timeout, verbose))
    return fig


def file_figures(name: str, truth_rows: list, timeout: float = 10.0, verbose: bool = False) -> Figures:
    """Check one corpus file with ``derive check`` and score its rows against the truth."""
    fig = Figures()
    fig.files += 1
    text = (REAL / name).read_text(encoding="utf-8")
    kind = "md" if name.endswith(".md") else "tex"
    start = time.monotonic()
    try:
        steps = check_derivation(text, kind=kind, timeout=timeout).steps
    except Exception as err:   # noqa: BLE001 -- counted, it is a figure of its own
        fig.tracebacks.append(f"{name}: {type(err).__name__}: {err}")
        if verbose:
            traceback.print_exc()
        steps = ()
    fig.slowest = (name, time.monotonic() - start)
    for row, step in zip(truth_rows, _match(truth_rows, steps)):
        fig.rows += 1
        t = row["truth"]
        status = step.status if step is not None else "none"
        method = step.method if step is not None else ""
        if step is None:
            fig.unmatched += 1
        read = step is not None and status != "diagnostic" and method not in UNREAD_METHODS
        fig.read += read
        fig.parsed += _parsed(step)
        if t != "conditional":
            fig.firm_read += read
            fig.firm_parsed += _parsed(step)
        fig.count(t, status)
        if method == "internal error":
            fig.tracebacks.append(f"{name}:{row['line']}: {step.detail}")
        where = f"{name}:{row['line']}"
        if t == "correct" and status == "refuted":
            fig.correct_refuted.append(where)
        if t == "conditional" and status == "refuted":
            fig.conditional_refuted.append(where)
        if t == "not_a_claim" and status == "refuted":
            fig.not_a_claim_refuted.append(where)
        if t == "wrong":
            if status == "proved":
                fig.wrong_proved.append(where)
            elif status == "refuted" or method in CAUGHT_DIAGNOSTICS:
                fig.wrong_caught.append(where)
            else:
                fig.wrong_missed.append(f"{where} ({status}, {method})")
        fig.rows_detail.append((where, t, status, method,
                                (step.detail if step is not None else "")[:160],
                                row["text"][:100].replace("\n", " ")))
    return fig


def pins(fig: Figures) -> dict:
    """What tests/handcheck/test_corpus.py pins for one file's figures (the read and parsed
    floors over the rows that are not conditional, like the statuses)."""
    return {"read": fig.firm_read, "parsed": fig.firm_parsed, "unmatched": fig.unmatched,
            "by_truth": {t: dict(sorted(c.items())) for t, c in sorted(fig.by_truth.items())},
            "correct_refuted": fig.correct_refuted, "wrong_caught": fig.wrong_caught}


def _parsed(step) -> bool:
    return step is not None and step.method not in UNREAD_METHODS and (
        step.status != "diagnostic" or step.method in READ_DIAGNOSTICS)


def per_notation(fig: Figures) -> dict:
    """``{notation: (files, rows, rows parsed)}`` over the files the corpus README tags with it."""
    tags = {}
    for line in (REAL / "README.md").read_text(encoding="utf-8").split("\n"):
        cells = [c.strip() for c in line.split("|")]
        if len(cells) > 7 and cells[1].startswith("`") and cells[1].endswith(("md`", "tex`")):
            tags[cells[1].strip("`")] = [t.strip() for t in cells[7].split(",") if t.strip()]
    by_file: dict = {}
    for where, _, status, method, _, _ in fig.rows_detail:
        name = where.rsplit(":", 1)[0]
        done = method not in UNREAD_METHODS and (status not in ("diagnostic", "none")
                                                 or method in READ_DIAGNOSTICS)
        total, got = by_file.get(name, (0, 0))
        by_file[name] = (total + 1, got + done)
    out: dict = {}
    for name, notations in tags.items():
        total, got = by_file.get(name, (0, 0))
        for tag in notations:
            files, rows, parsed = out.get(tag, (0, 0, 0))
            out[tag] = (files + 1, rows + total, parsed + got)
    return dict(sorted(out.items(), key=lambda kv: (-kv[1][1], kv[0])))


def _print(fig: Figures, verbose: bool):
    if verbose:
        for d in fig.rows_detail:
            print(" | ".join(str(x) for x in d))
    print(f"files {fig.files}, rows {fig.rows}, read {fig.read} ({100 * fig.read / fig.rows:.1f} %), "
          f"parsed {fig.parsed} ({100 * fig.parsed / fig.rows:.1f} %), unmatched {fig.unmatched}")
    for t, counts in sorted(fig.by_truth.items()):
        print(f"  {t:<12} {fig.total(t):>4}  {dict(sorted(counts.items()))}")
    print(f"correct refuted {len(fig.correct_refuted)} {fig.correct_refuted}")
    print(f"conditional refuted {len(fig.conditional_refuted)} {fig.conditional_refuted}")
    print(f"not_a_claim refuted {len(fig.not_a_claim_refuted)} {fig.not_a_claim_refuted}")
    print(f"wrong proved {len(fig.wrong_proved)} {fig.wrong_proved}")
    print(f"wrong caught {len(fig.wrong_caught)} / {fig.total('wrong')}")
    print(f"wrong missed {fig.wrong_missed}")
    print(f"tracebacks {fig.tracebacks}; slowest file {fig.slowest[0]} {fig.slowest[1]:.1f} s")
    print("notation: files, rows, rows parsed")
    for tag, (files, rows, parsed) in per_notation(fig).items():
        print(f"  {tag:<40} {files:>3} {rows:>4} {parsed:>4}  ({100 * parsed / max(rows, 1):.0f} %)")


PINS = Path(__file__).resolve().parent / "corpus_pins.json"


def write_pins(timeout: float = 10.0) -> Figures:
    """Measure every file and write its pins to corpus_pins.json (after an improvement)."""
    from concurrent.futures import ProcessPoolExecutor
    fig, table, truth = Figures(), {}, sorted(truth_table().items())
    with ProcessPoolExecutor(max_workers=2) as pool:     # one file per core, as the tests run
        futures = [pool.submit(file_figures, name, rows, timeout) for name, rows in truth]
        for (name, _), future in zip(truth, futures):
            one = future.result()
            table[name] = pins(one)
            fig.add(one)
    PINS.write_text(json.dumps(table, indent=1, sort_keys=True) + "\n", encoding="utf-8")
    return fig


if __name__ == "__main__":
    verbose = "-v" in sys.argv
    _print(write_pins() if "--pin" in sys.argv else corpus_figures(verbose=verbose), verbose)

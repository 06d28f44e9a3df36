"""The audit of the source documents: every transcribed claim's verdict is pinned.

One full audit runs per module (about 15 s); the table below fixes, for
every claim, its classification and the machine's status on the stated and
the corrected block, so that an engine change that flips one is caught.
"""
from __future__ import annotations

import json
import re

import pytest

from derive.audit.classify import (SUPPORT, AuditReport, BlockCheck, audit_document, audit_text, errata,
                          main_audit, report_json, report_table, run_audit)
from derive.audit.transcript import CLASSES, read_transcription
from derive.cli import main
from derive.errors import ParseError
from derive.latex.document import combined_document
from derive.latex.tables import ErratumItem
from proofs.sources import SOURCES

# (claim id, classification, stated status, corrected status, diagnostic kind of the stated block)
VERDICTS = [
    ("000-requirements", "correct", "proved", None, None),
    ("000-shannon-uniqueness", "not checkable", None, None, None),
    ("000-entropy-definition", "not checkable", None, None, None),
    ("000-entropy-uniform", "wrong", "refuted", "proved", None),
    ("000-entropy-uniform-is-maximal", "not checkable", None, None, None),
    ("000-peaked-is-distribution", "wrong", "refuted", "proved", None),
    ("000-peaked-entropy", "imprecise", "refuted", "proved", None),
    ("000-main-problem", "not checkable", None, None, None),
    ("000-mu-range", "imprecise", None, "proved", None),
    ("000-simpler-problem", "correct", "proved", None, None),
    ("000-second-constraint", "imprecise", "refuted", "proved", None),
    ("000-concavity", "imprecise", None, "proved", None),
    ("000-main-solution", "correct", "proved", None, None),
    ("000-softmax-at-minus-one", "correct", "proved", None, None),
    ("000-hard-max", "wrong", "refuted", "proved", None),
    ("001-eq1-argmin", "imprecise", None, "proved", None),
    ("001-eq2-regularised-problem", "not checkable", None, None, None),
    ("001-convexity", "imprecise", None, "proved", None),
    ("001-eq3-eq4", "correct", "proved", None, None),
    ("001-eq6", "correct", "proved", None, None),
    ("001-eq7-eq8", "correct", "proved", None, None),
    ("001-eq9-index", "imprecise", "diagnostic", "proved", "index-clash"),
    ("001-softmax-sign", "imprecise", "refuted", "proved", None),
    ("001-eq10", "not checkable", None, None, None),
    ("002-properties", "correct", "proved", None, None),
    ("002-eq1", "imprecise", "diagnostic", "proved", "index-clash"),
    ("002-eq2", "imprecise", "diagnostic", "proved", "unbalanced"),
    ("002-eq3", "correct", "proved", None, None),
    ("002-eq4", "correct", "proved", None, None),
    ("002-eq5", "wrong", "refuted", "proved", None),
    ("002-eq6-diagonal", "correct", "proved", None, None),
    ("002-eq6-off-diagonal", "correct", "proved", None, None),
    ("002-logistic-remark", "correct", "proved", None, None),
    ("002-eq7", "correct", "proved", None, None),
    ("002-eq8", "correct", "proved", None, None),
    ("002-eq9", "correct", "proved", None, None),
    ("002-eq10", "wrong", "refuted", "proved", None),
    ("002-two-class-remark", "correct", "proved", None, None),
    ("002-eq11", "correct", "proved", None, None),
    ("002-eq12-left-side", "wrong", "refuted", "proved", None),
    ("002-eq12-chain-rule", "imprecise", None, "proved", None),
    ("002-eq12-index-j", "wrong", "refuted", "proved", None),
    ("002-eq12-second-line", "wrong", "refuted", "proved", None),
    ("002-eq12-last-step", "imprecise", "diagnostic", "proved", None),   # a missing hypothesis, with its counterexample
    ("002-eq13", "wrong", "refuted", "proved", None),
    ("002-eq13-expectations", "not checkable", None, None, None),
    ("003-softmax-definition", "not checkable", None, None, None),
    ("003-class-probability", "not checkable", None, None, None),
    ("003-item1", "imprecise", "proved", "proved", None),
    ("003-item2", "correct", "proved", None, None),
    ("003-item3-claim", "correct", "proved", None, None),
    ("003-item3-reason", "imprecise", "proved", "proved", None),
    ("003-item4-off-diagonal", "correct", "proved", None, None),
    ("003-item4-diagonal", "correct", "proved", None, None),
    ("003-item4-combined", "correct", "proved", None, None),
    ("003-item5-dot-product", "correct", "proved", None, None),
    ("003-item5", "correct", "proved", None, None),
    # C bounds a sum, so it is a count of its own: the claim holds only if C = n (unknown)
    ("003-item5-upper-limit", "imprecise", "unknown", "proved", None),
    ("003-item5-reference", "imprecise", None, "proved", None),
]


@pytest.fixture(scope="module")
def report() -> AuditReport:
    return run_audit(timeout=10.0)


def _claims(report):
    return {v.spec.id: v for d in report.documents for v in d.claims}


@pytest.mark.parametrize("ident, classification, stated, corrected, kind", VERDICTS,
                         ids=[v[0] for v in VERDICTS])
def test_every_claim_has_its_pinned_verdict(report, ident, classification, stated, corrected,
                                            kind):
    v = _claims(report)[ident]
    assert v.spec.classification == classification
    assert (v.stated.status if v.stated else None) == stated
    assert (v.corrected.status if v.corrected else None) == corrected
    if kind is not None:
        assert v.stated.method == kind
    assert v.supported, v.problem


def test_the_table_covers_every_claim_and_every_document(report):
    assert [d.key for d in report.documents] == sorted(SOURCES)
    assert sorted(_claims(report)) == sorted(v[0] for v in VERDICTS)
    for doc in report.documents:
        assert all(v.spec.id.startswith(doc.key + "-") for v in doc.claims)
    assert report.ok and report.failures == ()


def test_refutations_carry_their_counterexample(report):
    claims = _claims(report)
    # A free-index claim is refuted at concrete values; a constant claim needs none.
    assert dict(claims["001-softmax-sign"].stated.counterexample)["n"] == "2"
    assert claims["000-entropy-uniform"].stated.counterexample == ()
    assert claims["000-entropy-uniform"].stated.method.startswith("numeric counterexample")


def test_json_structure(report):
    data = json.loads(report_json(report))
    assert set(data) == {"ok", "failures", "documents"}
    assert data["ok"] is True and data["failures"] == []
    doc = data["documents"][0]
    assert set(doc) == {"key", "title", "transcription", "counts", "claims"}
    assert doc["transcription"] == "proofs/sources/000.md"
    assert set(doc["counts"]) == set(CLASSES)
    assert sum(doc["counts"].values()) == len(doc["claims"])
    claim = next(c for c in doc["claims"] if c["id"] == "000-entropy-uniform")
    assert set(claim) == {"id", "line", "location", "classification", "states", "correction",
                          "reason", "stated", "corrected", "supported", "problem"}
    assert claim["stated"]["status"] == "refuted"
    assert set(claim["stated"]) == {"status", "line", "method", "detail", "counterexample",
                                    "steps"}
    assert all(set(s) == {"line", "status", "method"} for s in claim["stated"]["steps"])
    assert "seconds" not in report_json(report)


def test_derive_audit_writes_the_same_bytes_on_a_second_run(report, tmp_path, capsys):
    # The module's report is the first run; the command line makes the second.
    assert main(["audit", "-o", str(tmp_path)]) == 0
    assert (tmp_path / "audit.json").read_text(encoding="utf-8") == report_json(report)
    out = capsys.readouterr().out
    assert "59/59 classifications supported" in out
    assert not [p.name for p in tmp_path.iterdir() if p.name != "audit.json"]


def test_table_names_every_claim_and_its_correction(report):
    table = report_table(report)
    for ident, *_ in VERDICTS:
        assert ident in table
    assert r"correction: \(H = \ln 4 = 1.386\ldots\) nats" in table


def test_errata_hold_the_wrong_and_imprecise_claims_of_each_document(report):
    found = errata(report)
    assert [key for key, _ in found] == sorted(SOURCES)
    items = [item for _, group in found for item in group]
    assert all(isinstance(i, ErratumItem) for i in items)
    assert {i.verdict for i in items} == {"wrong", "imprecise"}
    assert len(items) == sum(1 for v in VERDICTS if v[1] in ("wrong", "imprecise"))
    tex = combined_document([], sources=list(SOURCES.values()), errata=found)
    assert r"\section{Errata}" in tex and tex.count(r"\subsection{") == len(SOURCES)
    errata_tex = tex[tex.index(r"\section{Errata}"):]
    # mathematics is set as mathematics, never as ASCII (sum_i p_i z_i, lambda_2, K >= 2)
    assert r"the mean $\sum_i p_i z_i$, not of $p$" in errata_tex
    assert r"\paragraph{Derivation, the closing note on $\lambda_2 \to -\infty$.}" in errata_tex
    for ascii_math in (r"\_", r"sum\_", "lambda", r"\textgreater{}=", "exp(", "..K"):
        prose = re.sub(r"\$[^$]*\$", "", errata_tex)
        assert ascii_math not in prose, ascii_math
    assert "is diagnostic" not in errata_tex and "rejected by the reader as written" in errata_tex


# ------------------------------------------------------------------ support rules
def _block(status):
    return BlockCheck(status, 1, "m", "", (), ())


# (classification, stated status, corrected status, supported?)
SUPPORT_CASES = [
    ("correct", "proved", None, True),
    ("correct", "unknown", None, False),
    ("correct", "refuted", None, False),
    ("correct", None, None, False),
    ("wrong", "refuted", "proved", True),
    ("wrong", "diagnostic", "proved", False),
    ("wrong", "proved", "proved", False),
    ("wrong", "refuted", "unknown", False),
    ("wrong", "refuted", None, False),
    ("imprecise", None, "proved", True),
    ("imprecise", "refuted", "proved", True),
    ("imprecise", "diagnostic", "proved", True),
    ("imprecise", "proved", "refuted", False),
    ("imprecise", None, None, False),
    ("not checkable", None, None, True),
    ("not checkable", "proved", None, False),
]


@pytest.mark.parametrize("classification, stated, corrected, supported", SUPPORT_CASES)
def test_support_rules(classification, stated, corrected, supported):
    problem = SUPPORT[classification](_block(stated) if stated else None,
                                      _block(corrected) if corrected else None)
    assert (problem == "") is supported


GOOD = """header
<!-- claim: t-square
location: eq. (1)
class: {cls}
states: a square
{extra}
-->
<!-- reset -->
$$ (x + 1)^2 = {rhs} $$
{corrected}
"""
_FIX = "<!-- corrected -->\n<!-- reset -->\n$$ (x + 1)^2 = x^2 + 2 x + 1 $$"

# A true identity and a false one, each classified rightly and wrongly.
MISCLASSIFIED = [
    ("correct", "x^2 + 2 x + 1", "", "", True),
    ("correct", "x^2 + 1", "", "", False),
    ("wrong", "x^2 + 1", "correction: add 2x", _FIX, True),
    ("wrong", "x^2 + 2 x + 1", "correction: none needed", _FIX, False),
]


@pytest.mark.parametrize("cls, rhs, extra, corrected, supported", MISCLASSIFIED)
def test_a_misclassified_claim_is_reported(cls, rhs, extra, corrected, supported):
    text = GOOD.format(cls=cls, rhs=rhs, extra=extra, corrected=corrected)
    (verdict,) = audit_text(text, name="t.md", timeout=5.0)
    assert verdict.supported is supported
    assert bool(verdict.problem) is not supported


# ------------------------------------------------------------------ the format
_HEAD = "<!-- claim: c1\nlocation: eq. (1)\nstates: s\n"
_BLOCK = "<!-- reset -->\n$$ x = x $$\n"

# (text, fragment of the message, line)
FORMAT_ERRORS = [
    ("no claims here\n$$ x = x $$\n", "no claim", 1),
    ("$$ x = x $$\n" + _HEAD + "class: correct\n-->\n" + _BLOCK, "before the first claim", 1),
    (_HEAD + "class: correct\n" + _BLOCK, "no closing", 1),
    (_HEAD + "class: sure\n-->\n" + _BLOCK, "class must be one of", 1),
    (_HEAD + "class: correct\ncorrection: x\n-->\n" + _BLOCK, "takes no field 'correction'", 1),
    (_HEAD + "class: wrong\ncorrection: x\n-->\n" + _BLOCK, "needs a corrected block", 1),
    (_HEAD + "class: imprecise\n-->\n<!-- corrected -->\n" + _BLOCK, "needs the field", 1),
    (_HEAD + "class: not checkable\nreason: r\n-->\n" + _BLOCK, "has no stated block", 7),
    (_HEAD + "class: correct\n-->\n$$ x = x $$\n", "must start with '<!-- reset -->'", 6),
    (_HEAD + "class: correct\ncost: $5\n-->\n" + _BLOCK, "may not contain", 5),
    (_HEAD + "class: correct\ncolour: red\n-->\n" + _BLOCK, "expected 'field: value'", 5),
    (_HEAD.replace("states: s", "states: the mean \\(\\sum_i p_i z_i") + "class: correct\n-->\n"
     + _BLOCK, "never closed", 1),
    (_HEAD.replace("states: s", "states: \\(a & b\\)") + "class: correct\n-->\n" + _BLOCK,
     "is not allowed in inline math", 1),
    (_HEAD + "class: correct\n-->\nsome words\n", "without a displayed equation", 6),
    (_HEAD + "class: correct\n-->\n" + _BLOCK + _HEAD + "class: correct\n-->\n" + _BLOCK,
     "duplicate claim id", 1),
]


@pytest.mark.parametrize("text, fragment, line", FORMAT_ERRORS, ids=[f[1] for f in FORMAT_ERRORS])
def test_malformed_transcriptions_are_parse_errors_with_line(text, fragment, line):
    with pytest.raises(ParseError) as err:
        read_transcription(text, name="t.md")
    assert fragment in str(err.value)
    assert err.value.line == line


def test_blocks_keep_the_line_numbers_of_the_file():
    text = _HEAD + "class: correct\n-->\n\n" + _BLOCK
    (spec,) = read_transcription(text)
    assert spec.stated.first_line == 7
    (verdict,) = audit_text(text)
    assert verdict.stated.line == 8 and verdict.stated.status == "proved"


def test_every_transcription_is_also_input_to_derive_check():
    from derive.handcheck.extract import extract_equations
    from derive.audit.classify import transcription_path
    for key in SOURCES:
        text = transcription_path(key).read_text(encoding="utf-8")
        resets = [e for e in extract_equations(text, kind="md") if e.role == "reset"]
        specs = read_transcription(text)
        assert len(resets) >= sum((s.stated is not None) + (s.corrected is not None)
                                  for s in specs)


# ------------------------------------------------------------------ bad input
BAD = [
    (lambda: run_audit(timeout="10"), TypeError, "timeout"),
    (lambda: run_audit(timeout=0), ValueError, "timeout"),
    (lambda: audit_document("999"), ValueError, "key"),
    (lambda: errata("report"), TypeError, "report"),
    (lambda: read_transcription(b"<!-- claim: x"), TypeError, "text"),
    (lambda: main_audit(output=3), TypeError, "output"),
]


@pytest.mark.parametrize("call, error, name", BAD, ids=[b[2] + str(k) for k, b in enumerate(BAD)])
def test_bad_arguments_name_the_argument(call, error, name):
    with pytest.raises(error) as err:
        call()
    assert name in str(err.value)


def test_cli_rejects_a_bad_timeout_and_an_unusable_folder(tmp_path, capsys):
    assert main(["audit", "--timeout", "0", "-o", str(tmp_path)]) == 2
    blocker = tmp_path / "file"
    blocker.write_text("x")
    assert main(["audit", "-o", str(blocker / "sub")]) == 2
    assert "derive audit:" in capsys.readouterr().out
    assert not (tmp_path / "audit.json").exists()

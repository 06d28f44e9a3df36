"""Corpus notation of issue 12, part 2: each construct's reading, and claims using it
that must not be proved (a wrong one) or refuted (a right one)."""
from __future__ import annotations

import pytest
from sympy import Function, Sum, Symbol, exp

from derive.handcheck import parse_row
from derive.handcheck.steps import check_derivation
from derive.symbols import i, n, x, y

theta, a, b = (Symbol(s, real=True) for s in ("theta", "x", "y"))

NOT_PROVED = ("refuted", "unknown", "diagnostic")
NOT_REFUTED = ("proved", "unknown", "diagnostic", "assumed")

# (construct, source, the SymPy form it becomes)
READS = [
    ("x^T y stays an inner product", r"x^T y", Sum(x[i] * y[i], (i, 1, n))),
    ("e^2 stays a power", r"e^2", exp(2)),
    # a list is no number: a name before one is a function of several arguments
    ("p(x, \\theta)", r"p(x, \theta)", Function("p")(a, theta)),
    ("L(z; q) after a known family", r"p(x; y)", Function("p")(a, b)),
    ("label subscript", r"\mathcal{L}_{\mathrm{sparsemax}}(x; y)",
     Function(r"\mathcal{L}_{sparsemax}")(a, b)),
    ("index subscript", r"f_i(x, y)", Function("f")(a, b, i)),
]

# (construct, source, a fragment of the ambiguity diagnostic)
AMBIGUOUS = [
    # e^T m was m exp(T): with T a temperature it proved rows about a transposed e
    ("e^T m", r"e^T m", "e^T"),
    ("e^{T} m", r"e^{T} m", "e^T"),
    ("e^\\intercal m", r"\frac{m}{e^\intercal m}", "e^T"),
    ("e^\\top m", r"e^{\top} m", "e^T"),
    # one argument: still a product or an application
    ("p(x)", r"p(x)", "p(...)"),
]

# (id, document, {line: allowed statuses})
_LSQ = "$$ \\mathcal{L}_{\\mathrm{sq}}(x; y) = x^2 + y $$\n\n"
VERDICTS = [
    ("a labelled function's definition is used", _LSQ + "$$ \\mathcal{L}_{\\mathrm{sq}}(x; y) - y "
     "= x^2 $$\n", {3: ("proved",)}),
    ("a wrong claim about it", _LSQ + "$$ \\mathcal{L}_{\\mathrm{sq}}(x; y) = x^2 $$\n",
     {3: ("refuted",)}),
    ("at numbers", _LSQ + "$$ \\mathcal{L}_{\\mathrm{sq}}(2; 3) = 8 $$\n", {3: ("refuted",)}),
    ("an undefined function of two arguments is not symmetric",
     "$$ p(x, \\theta) = p(\\theta, x) $$\n", {1: NOT_PROVED}),
    ("nor refuted where it is itself", "$$ p(x, \\theta) - p(x, \\theta) = 0 $$\n",
     {1: NOT_REFUTED}),
    ("e^T is not exp(T)", "$$ T = 0 $$\n\n$$ e^T m = m $$\n", {3: NOT_PROVED}),
    ("e^T is not exp(T), refuted neither", "$$ T = 1 $$\n\n$$ e^T m = m $$\n", {3: NOT_REFUTED}),
]


@pytest.mark.parametrize("source, expected", [r[1:] for r in READS], ids=[r[0] for r in READS])
def test_reads(source, expected):
    row = parse_row(source)
    assert row.chains[0].exprs[0] == expected
    assert not [d for d in row.diagnostics if d.kind == "ambiguous"]


@pytest.mark.parametrize("source, fragment", [a[1:] for a in AMBIGUOUS],
                         ids=[a[0] for a in AMBIGUOUS])
def test_ambiguities_are_diagnostics(source, fragment):
    found = [d.message for d in parse_row(source).diagnostics if d.kind == "ambiguous"]
    assert any(fragment in f for f in found), found


@pytest.mark.parametrize("text, expected", [v[1:] for v in VERDICTS], ids=[v[0] for v in VERDICTS])
def test_verdicts(text, expected):
    report = check_derivation(text, kind="md", timeout=5.0)
    for line, allowed in expected.items():
        steps = [s for s in report.steps if s.line == line]
        assert steps, [(s.line, s.status) for s in report.steps]
        for step in steps:
            assert step.status in allowed, (line, step)

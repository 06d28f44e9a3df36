"""Corpus notation of issue 12, part 2: each construct's reading, and claims using it
that must not be proved (a wrong one) or refuted (a right one)."""
from __future__ import annotations

import pytest
from sympy import Function, Sum, Symbol, exp

from derive.errors import ParseError
from derive.handcheck import parse_row
from derive.handcheck.steps import check_derivation
from derive.symbols import i, n, p, x, y

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
    # an upright subscript is a label whatever its length or word (a one-letter one was
    # an index argument, L(x, y, a); \log, softmax raised a traceback)
    ("one-letter label", r"\mathcal{L}_{\mathrm{a}}(x; y)", Function(r"\mathcal{L}_{a}")(a, b)),
    ("operatorname label", r"g_{\operatorname{b}}(x)", Function("g_{b}")(a)),
    ("function-word label", r"\mathcal{L}_{\mathrm{softmax}}(x; y)",
     Function(r"\mathcal{L}_{softmax}")(a, b)),
    ("log label", r"\mathcal{L}_{\mathrm{log}}(x; y)", Function(r"\mathcal{L}_{log}")(a, b)),
    ("one-letter label on a symbol", r"x_{\mathrm{a}}", Symbol("x_{a}", real=True)),
    # 1^T p was p (the number 1 to a power T): it is the all-ones vector's inner product
    ("1^T p is a sum", r"1^T p", Sum(p[i], (i, 1, n))),
    ("1^\top p is a sum", r"1^{\top} p", Sum(p[i], (i, 1, n))),
]

# (construct, source, a fragment of the ambiguity diagnostic)
AMBIGUOUS = [
    # e^T m was m exp(T): with T a temperature it proved rows about a transposed e
    ("e^T m", r"e^T m", "e^T"),
    ("e^{T} m", r"e^{T} m", "e^T"),
    ("e^\\intercal m", r"\frac{m}{e^\intercal m}", "e^T"),
    ("e^\\top m", r"e^{\top} m", "e^T"),
    # a transpose mark is never a power: e_i^T x was x e_i^T, gamma^\top was gamma^T
    ("e_i^T x", r"e_i^T x", "transposed"),
    ("e_i^\\top x", r"e_i^\top x", "transposed"),
    ("a scalar's transpose", r"\gamma^{\intercal}", "transposed"),
    ("a number other than 1", r"2^T p", "transposed"),
    ("a bracket", r"(a + b)^\top c", "transposed"),
    # one argument: still a product or an application
    ("p(x)", r"p(x)", "p(...)"),
    # tau^2(z) was tau^2 times z, silently
    ("tau^2(z)", r"\tau^2(\mathbf{z})", "a power of a function"),
    ("x_i^2(y)", r"x_i^2(y)", "a power of a function"),
]

# (construct, source, the name of the opaque number it becomes)
SET_SUMS = [
    ("sum over S(z)", r"\sum_{j \in S(\mathbf{z})} p_j (2 z_j - p_j)",
     r"\sum_{j \in S ( \mathbf{z} )} \left(p_{j} \left(2 z_{j} - p_{j}\right)\right)"),
    ("sum over S", r"\sum_{j \in S} z_j", r"\sum_{j \in S} \left(z_{j}\right)"),
]

# (construct, source, a fragment of the error): a name cannot carry another index
SET_ERRORS = [
    ("terms depend on an outer index", r"\sum_i \sum_{j \in S} a_{ij}", "depend on i"),
    ("the set depends on an outer index", r"\sum_{i} \sum_{j \in S(i)} 1", "depend on i"),
    ("an upper limit beside the set", r"\sum_{j \in S}^{n} z_j", "upper limit"),
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
    # a maximum is read by its name only: no substitution reaches into it
    ("f(z) = max_j z_j is not f(a)", "$$ f(\\mathbf{z}) = \\max_j z_j $$\n\n"
     "$$ f(\\mathbf{a}) = f(\\mathbf{z}) $$\n", {3: NOT_PROVED}),
    ("g(x) = max_j x_j + x at y", "$$ g(x) = \\max_j x_j + x $$\n\n"
     "$$ g(y) - y = g(x) - x $$\n", {3: NOT_PROVED}),
    ("a sum over a set is not the sum over all", "$$ \\sum_{j \\in S} z_j = \\sum_j z_j $$\n",
     {1: ("unknown", "diagnostic")}),
    ("nor one more", "$$ \\sum_{j \\in S} z_j = \\sum_{j \\in S} z_j + 1 $$\n", {1: NOT_PROVED}),
    ("a true bound is not refuted", "$$ \\sum_{j \\in S} 1 \\le n $$\n", {1: NOT_REFUTED}),
    ("nor refuted where it is itself", "$$ p(x, \\theta) - p(x, \\theta) = 0 $$\n",
     {1: NOT_REFUTED}),
    ("L_a is not L_b", "$$ \\mathcal{L}_{\\mathrm{a}}(z; q) = z + q $$\n\n"
     "$$ \\mathcal{L}_{\\mathrm{b}}(1; 2) = 3 $$\n", {3: NOT_PROVED}),
    ("g_a is not g_b", "$$ g_{\\mathrm{a}}(z) = z + 1 $$\n\n$$ g_{\\mathrm{b}}(1) = 2 $$\n",
     {3: NOT_PROVED}),
    ("g_a is used", "$$ g_{\\mathrm{a}}(z) = z + 1 $$\n\n$$ g_{\\mathrm{a}}(1) = 2 $$\n",
     {3: ("proved",)}),
    ("a wrong claim about g_a", "$$ g_{\\mathrm{a}}(z) = z + 1 $$\n\n$$ g_{\\mathrm{a}}(1) = 3 $$\n",
     {3: ("refuted",)}),
    ("L_softmax is used", "$$ \\mathcal{L}_{\\mathrm{softmax}}(z; q) = z + q $$\n\n"
     "$$ \\mathcal{L}_{\\mathrm{softmax}}(1; 2) = 4 $$\n", {3: ("refuted",)}),
    # a power of a defined function at any argument: tau(2)^2 or tau(tau(2)) (was 2 tau(z)^2,
    # refuted with z = 0; the product reading proved tau^2(z+1) = tau^2 z + tau^2)
    ("tau^2(2) after tau(z)", "$$ \\tau(z) = z + 1 $$\n\n$$ \\tau^2(2) = 9 $$\n",
     {3: ("diagnostic",)}),
    ("tau^2(z + 1) after tau(z)", "$$ \\tau(z) = z + 1 $$\n\n$$ \\tau^2(z + 1) = (z + 2)^2 $$\n",
     {3: ("diagnostic",)}),
    ("tau^2(z + 1) as a product", "$$ \\tau(z) = z + 1 $$\n\n"
     "$$ \\tau^2(z + 1) = \\tau^2 z + \\tau^2 $$\n", {3: NOT_PROVED}),
    # a bare tau beside tau at another argument was tau(z) there, silently
    ("bare tau beside tau(2)", "$$ \\tau(z) = z + 1 $$\n\n$$ \\tau(2) = \\tau + 1 $$\n",
     {3: ("diagnostic",)}),
    ("bare tau beside tau(2), as tau(z)", "$$ \\tau(z) = z + 1 $$\n\n"
     "$$ \\tau(2) + \\tau = z + 4 $$\n", {3: ("diagnostic",)}),
    ("a bare name at the definition's own argument", "$$ \\tau(z) = z + 1 $$\n\n"
     "$$ \\tau(z) + \\tau = 2 z + 2 $$\n", {3: ("proved",)}),
    ("and a wrong claim with it", "$$ \\tau(z) = z + 1 $$\n\n"
     "$$ \\tau(z) + \\tau = 2 z + 1 $$\n", {3: ("refuted",)}),
    ("a bare name in a derivative", "$$ L(p) = p^2 $$\n\n$$ \\frac{d L}{d p} = 2 p $$\n",
     {3: ("proved",)}),
    ("the square written after the call is read", "$$ f(z) = z + 1 $$\n\n$$ f(2)^2 = 9 $$\n", {3: ("proved",)}),
    ("e^T is not exp(T)", "$$ T = 0 $$\n\n$$ e^T m = m $$\n", {3: NOT_PROVED}),
    ("1^T p = 1 is no definition of p", "$$ 1^T p = 1 $$\n\n$$ p = 1 $$\n", {1: NOT_PROVED,
                                                                          3: NOT_PROVED}),
    ("e_i^T x = x_i is not checked", "$$ e_i^T x = x_i $$\n", {1: ("diagnostic",)}),
    ("nor e_i^T x = 0", "$$ e_i^T x = 0 $$\n", {1: ("diagnostic",)}),
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


@pytest.mark.parametrize("source, name", [r[1:] for r in SET_SUMS], ids=[r[0] for r in SET_SUMS])
def test_sums_over_a_set_are_opaque(source, name):
    row = parse_row(source)
    assert row.chains[0].exprs[0] == Symbol(name, real=True) and row.opaque


@pytest.mark.parametrize("source, fragment", [r[1:] for r in SET_ERRORS],
                         ids=[r[0] for r in SET_ERRORS])
def test_sums_over_a_set_not_read(source, fragment):
    with pytest.raises(ParseError, match=fragment):
        parse_row(source)


@pytest.mark.parametrize("text, expected", [v[1:] for v in VERDICTS], ids=[v[0] for v in VERDICTS])
def test_verdicts(text, expected):
    report = check_derivation(text, kind="md", timeout=5.0)
    for line, allowed in expected.items():
        steps = [s for s in report.steps if s.line == line]
        assert steps, [(s.line, s.status) for s in report.steps]
        for step in steps:
            assert step.status in allowed, (line, step)

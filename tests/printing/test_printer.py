"""Tests for derive.printing.printer, .lines and .width: notation, order, line breaking."""
from __future__ import annotations

import shutil

import pytest
from sympy import (Add, Derivative, Dummy, Eq, Idx, KroneckerDelta, Lambda, Le, Limit, Max,
                   Min, Mul, Piecewise, Rational, S as One, Sum, Symbol, UnevaluatedExpr, exp,
                   log, nan, oo, pi, zoo)

from derive.latex.preamble import PREAMBLE
from derive.latex.lines import DEFAULT_WIDTH, to_latex_lines
from derive.printing.printer import signed_terms, to_latex
from derive.printing.width import math_width
from derive.latex.pdf import compile_pdf
from derive.symbols import W, i, j, k, lambda1, lambda2, mu, n, p, x, z

NO_PDFLATEX = "pdflatex is not installed (Debian: apt-get install texlive-latex-base texlive-latex-recommended)"

SOFTMAX = exp(z[k]) / Sum(exp(z[i]), (i, 1, n))
LAGRANGIAN = (-Sum(p[i] * log(p[i]), (i, 1, n)) - lambda1 * (Sum(p[i], (i, 1, n)) - 1)
              - lambda2 * (Sum(p[i] * z[i], (i, 1, n)) - mu))

# (expression, exact LaTeX).
NOTATION = [
    (z[k], "z_{k}"),
    (W[i, k], "W_{ik}"),
    (W[Idx("ii"), k], "W_{ii,k}"),
    (lambda1, r"\lambda_{1}"),
    (Symbol("λ_2"), r"\lambda_{2}"),
    (KroneckerDelta(k, j, evaluate=False), r"\delta_{kj}"),
    (Sum(p[i], (i, 1, n)), r"\sum_{i=1}^{n} p_{i}"),
    (Sum(W[i, k] * x[i], (i, 1, n), (k, 1, n)), r"\sum_{k=1}^{n} \sum_{i=1}^{n} W_{ik} x_{i}"),
    (Sum(p[i] + z[i], (i, 1, n)), r"\sum_{i=1}^{n} \left(p_{i} + z_{i}\right)"),
    (exp(z[k]), "e^{z_{k}}"),
    (exp(Sum(W[i, k] * x[i], (i, 1, n))), r"\exp\left(\sum_{i=1}^{n} W_{ik} x_{i}\right)"),
    (exp(-lambda2 * (z[k] - z[j])), r"e^{- \lambda_{2} \left(z_{k} - z_{j}\right)}"),
    (exp(mu * z[j] - lambda1 - lambda2 * z[k] - 1),
     r"\exp\left(\mu z_{j} - \lambda_{1} - \lambda_{2} z_{k} - 1\right)"),
    (log(p[k]), r"\log p_{k}"),
    (log(p[k] + 1), r"\log\left(p_{k} + 1\right)"),
    (log(p[k]) ** 2, r"\log^{2} p_{k}"),
    (p[i] * log(p[i]), r"p_{i} \log p_{i}"),
    (Mul(log(p[i]), p[i], evaluate=False), r"\left(\log p_{i}\right) p_{i}"),
    (Derivative(p[k], z[j]), r"\frac{\partial p_{k}}{\partial z_{j}}"),
    (Derivative(log(p[k]) + z[k], z[j]),
     r"\frac{\partial}{\partial z_{j}} \left(\log p_{k} + z_{k}\right)"),
    (Derivative(exp(z[k]), z[j], 2), r"\frac{\partial^{2}}{\partial z_{j}^{2}} \left(e^{z_{k}}\right)"),
    (SOFTMAX, r"\frac{e^{z_{k}}}{\sum_{i=1}^{n} e^{z_{i}}}"),
    (p[k] * (KroneckerDelta(j, k) - p[j]), r"p_{k} \left(\delta_{jk} - p_{j}\right)"),
    (Eq(p[k], SOFTMAX), r"p_{k} = \frac{e^{z_{k}}}{\sum_{i=1}^{n} e^{z_{i}}}"),
    (Le(lambda1, 0), r"\lambda_{1} \leq 0"),
    (Rational(1, 3), r"\frac{1}{3}"),
    ((z[j] - Sum(z[i], (i, 1, n))) ** 2 * exp(z[j]),
     r"\left(z_{j} - \sum_{i=1}^{n} z_{i}\right)^{2} e^{z_{j}}"),
    (-p[i] * log(p[i]) / 2, r"- \frac{p_{i} \log p_{i}}{2}"),
    (Lambda(Symbol("s"), exp(Symbol("s"))), r"\left( s \mapsto e^{s} \right)"),
    (exp, r"\exp"),
    (3, "3"),
]


@pytest.mark.parametrize("expr, expected", NOTATION, ids=[t for _, t in NOTATION])
def test_notation(expr, expected):
    assert to_latex(expr) == expected


# (expression, exact LaTeX): SymPy objects that print themselves through SymPy's
# own hook, or that it would print with their class names, print as mathematics.
MATHEMATICS = [
    (oo, r"\infty"),
    (-oo, r"-\infty"),
    (Limit(exp(lambda2), lambda2, -oo), r"\lim_{\lambda_{2} \to -\infty} e^{\lambda_{2}}"),
    (Limit(exp(-lambda2), lambda2, oo), r"\lim_{\lambda_{2} \to \infty} e^{- \lambda_{2}}"),
    (Eq(Symbol("t"), -oo, evaluate=False), r"t = -\infty"),
    (zoo, r"\tilde{\infty}"),
    (nan, r"\text{undefined}"),
    (pi, r"\pi"),
    (Piecewise((z[k], z[k] > 0), (0, True)),
     r"\begin{cases} z_{k} & \text{if } z_{k} > 0 \\ 0 & \text{otherwise} \end{cases}"),
    (Max(z[i], z[j]), r"\max\left(z_{i}, z_{j}\right)"),
    (Min(z[i], 0), r"\min\left(0, z_{i}\right)"),
    (Sum(z[i] * Sum(z[j], (j, 1, n)), (i, 1, n)), r"\sum_{i=1}^{n} z_{i} \sum_{j=1}^{n} z_{j}"),
    (Symbol("_s0"), "s_{0}"),
    (Dummy(), r"\xi"),
    (Dummy("u"), "u"),
    (Symbol("z_max"), r"z_{\max}"),
    (Symbol("z_min") + 1, r"z_{\min} + 1"),
    (Symbol("λ₁"), r"\lambda_{1}"),
    (Symbol("x²"), "x^{2}"),
]


@pytest.mark.parametrize("expr, expected", MATHEMATICS, ids=[t for _, t in MATHEMATICS])
def test_sympy_objects_print_as_mathematics(expr, expected):
    assert to_latex(expr) == expected


# (expression, LaTeX): an Add built with evaluate=False keeps the author's
# order; an evaluated one is printed in SymPy's lex order, led by a positive term.
ORDER = [
    (Add(-log(p[k]), One.NegativeOne, -lambda1, Mul(-1, lambda2, z[k], evaluate=False),
         evaluate=False),
     r"- \log p_{k} - 1 - \lambda_{1} - \lambda_{2} z_{k}"),
    (-log(p[k]) - 1 - lambda1 - lambda2 * z[k],
     r"- \lambda_{1} - \lambda_{2} z_{k} - \log p_{k} - 1"),
    (Add(UnevaluatedExpr(z[k]), -z[j], evaluate=False), "z_{k} - z_{j}"),
    (Add(-z[j], UnevaluatedExpr(z[k]), evaluate=False), "- z_{j} + z_{k}"),
    (Add(z[k], UnevaluatedExpr(-z[j]), evaluate=False), "z_{k} - z_{j}"),
    (2 * UnevaluatedExpr(-z[j]), r"2 \left(- z_{j}\right)"),
    (z[k] - z[j], "z_{k} - z_{j}"),
    (Sum(p[i] * z[i], (i, 1, n)) - mu, r"\sum_{i=1}^{n} p_{i} z_{i} - \mu"),
    (Mul(z[k], lambda2, evaluate=False), r"z_{k} \lambda_{2}"),
    # numbered entries in numeric order, not as strings (z_{10} before z_{2})
    (Add(*[z[q] for q in range(1, 12)]), " + ".join("z_{%d}" % q for q in range(1, 12))),
    (z[2] - z[11] + 3, "z_{2} - z_{11} + 3"),
    (Add(*[exp(z[q]) * W[q, 1] for q in (3, 12, 1)]),
     r"e^{z_{1}} W_{11} + e^{z_{3}} W_{31} + e^{z_{12}} W_{12,1}"),
]


@pytest.mark.parametrize("expr, expected", ORDER, ids=[t for _, t in ORDER])
def test_term_order(expr, expected):
    assert to_latex(expr) == expected


def test_evaluated_and_unevaluated_orders_differ():
    terms = (-log(p[k]), One.NegativeOne, -lambda1)
    assert to_latex(Add(*terms, evaluate=False)) != to_latex(Add(*terms))


def test_signed_terms():
    assert signed_terms(Add(-log(p[k]), lambda1, evaluate=False)) == [
        ("-", r"\log p_{k}"), ("+", r"\lambda_{1}")]
    assert signed_terms(-z[k]) == [("-", "z_{k}")]


@pytest.mark.parametrize("bad", ["x + 1", b"x", object(), None])
def test_to_latex_rejects_non_sympy(bad):
    with pytest.raises(TypeError, match="expr"):
        to_latex(bad)


def test_unprintable_symbol_name_is_a_value_error():
    with pytest.raises(ValueError, match="symbol name"):
        to_latex(Symbol("é"))


# -- widths and line breaking -------------------------------------------------------

LONG_SUM = Add(*[Symbol(f"a_{q}") * exp(z[k]) / Sum(exp(z[i]), (i, 1, n)) for q in range(14)])
LONG_PRODUCT = lambda1 * Add(*[Symbol(f"c_{q}") * log(p[k]) for q in range(24)])

LONG = [
    Eq(Derivative(Symbol("L"), p[k]), LONG_SUM),
    Eq(Symbol("y"), LONG_PRODUCT),
    Eq(Add(*[Symbol(f"b_{q}") * z[k] for q in range(30)]), Add(*[x[i] ** q for q in range(2, 30)])),
    Add(*[Symbol(f"x_{q}") ** 2 for q in range(40)]),
    Eq(Symbol("R"), Add(*[exp(Symbol(f"u_{q}") + Symbol(f"v_{q}")) for q in range(25)])),
]


@pytest.mark.parametrize("tex, wider", [
    (r"\lambda_{1}", r"\lambda_{1} + \lambda_{2}"),
    (r"\frac{a}{b}", r"\frac{a + b + c}{d}"),
    (r"\sum_{i=1}^{n} p_{i}", r"\sum_{i=1}^{n} p_{i} \log p_{i}"),
    ("x", r"\text{a long phrase}"),
])
def test_math_width_orders(tex, wider):
    assert 0 < math_width(tex) < math_width(wider)


def test_math_width_of_fraction_is_its_wider_part():
    assert math_width(r"\frac{abcdef}{g}") < math_width("abcdef") + 1


def test_short_equation_is_one_line():
    assert to_latex_lines(Eq(p[k], SOFTMAX)) == [to_latex(Eq(p[k], SOFTMAX))]


@pytest.mark.parametrize("expr", LONG)
def test_long_equations_are_broken(expr):
    lines = to_latex_lines(expr)
    assert len(lines) > 1
    assert all(line.count("&") == 1 for line in lines)
    assert all(math_width(line) <= DEFAULT_WIDTH + 1 for line in lines)
    # \left( ... \right. per line keeps every line balanced.
    for line in lines:
        assert line.count(r"\left") == line.count(r"\right")


def test_breaking_keeps_every_term():
    lines = to_latex_lines(LONG[0])
    joined = " ".join(lines)
    for q in range(14):
        assert "a_{%d}" % q in joined


def test_product_with_long_sum_is_opened():
    lines = to_latex_lines(LONG[1])
    assert lines[0].startswith(r"y &= \lambda_{1} \left(")
    assert lines[0].endswith(r"\right.")
    assert lines[-1].endswith(r"\right)")


@pytest.mark.parametrize("width, error", [("60", TypeError), (True, TypeError),
                                          (5, ValueError), (float("nan"), ValueError)])
def test_bad_width(width, error):
    with pytest.raises(error, match="width"):
        to_latex_lines(z[k], width=width)


def _display(expr) -> str:
    lines = to_latex_lines(expr)
    if len(lines) == 1:
        return "\\begin{equation}\n%s\n\\end{equation}" % lines[0]
    return "\\begin{equation}\n\\begin{split}\n%s\n\\end{split}\n\\end{equation}" % (
        " \\\\\n".join(lines))


@pytest.mark.skipif(shutil.which("pdflatex") is None, reason=NO_PDFLATEX)
def test_everything_compiles_within_the_page(tmp_path):
    exprs = [e for e, _ in NOTATION if e is not exp] + [e for e, _ in ORDER] + LONG + [
        Eq(Symbol("L"), LAGRANGIAN)] + [e for e, _ in MATHEMATICS]
    body = "\n".join(_display(e) for e in exprs)
    tex = tmp_path / "printer.tex"
    tex.write_text("\\documentclass[a4paper,11pt]{article}\n%s\n\\begin{document}\n%s\n"
                   "\\end{document}\n" % (PREAMBLE, body), encoding="utf-8")
    result = compile_pdf(tex)
    assert result.undefined_references == ()
    assert result.missing_characters == ()
    assert result.max_overfull <= 1.0, result.overfull


@pytest.mark.skipif(shutil.which("pdflatex") is None, reason=NO_PDFLATEX)
def test_unbroken_long_equation_would_overflow(tmp_path):
    # The control for the test above: without breaking, the page overflows.
    body = "\\begin{equation}\n%s\n\\end{equation}" % to_latex(LONG[0])
    tex = tmp_path / "overflow.tex"
    tex.write_text("\\documentclass[a4paper,11pt]{article}\n%s\n\\begin{document}\n%s\n"
                   "\\end{document}\n" % (PREAMBLE, body), encoding="utf-8")
    assert compile_pdf(tex, runs=1).max_overfull > 10.0

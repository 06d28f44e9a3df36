"""The LaTeX reader: input text -> expected SymPy object, compared structurally."""
from __future__ import annotations

import logging

import pytest
from sympy import (Derivative, E, Eq, Function, Ge, Idx, IndexedBase,
                   KroneckerDelta, Le, Limit, Lt, Max, Ne, Product, Rational, Sum,
                   Symbol, Tuple, exp, log, oo, sqrt)

from derive.errors import ParseError
from derive.handcheck import Definition, parse_math, parse_row
from derive.handcheck.diagnostics import quoted
from derive.symbols import (W, eta, i, index, j, k, l, lam, lambda1,
                            lambda2, m, mu, n, p, x, y, z, S, w)

K = Symbol("K", integer=True, positive=True)
d = Symbol("d", integer=True, positive=True)
C = IndexedBase("C", real=True)
a, b = Symbol("a", real=True), Symbol("b", real=True)
ell = index("ell")
softmax_k = exp(z[k]) / Sum(exp(z[i]), (i, 1, n))


def _idx(name, lo, hi):
    return Idx(name, (lo, hi))


# (source, expected) -- each expected object is built by hand.
CASES = [
    # indexed families and subscripts
    (r"z_i", z[i]),
    (r"p_{k}", p[k]),
    (r"W_{ik}", W[i, k]),
    (r"W_{ki}", W[k, i]),
    (r"W_{i,k}", W[i, k]),
    (r"y_{mk}", y[m, k]),
    (r"x_1 + x₂", x[1] + x[2]),
    (r"z_n", z[n]),
    (r"z_{k+1}", z[k + 1]),
    (r"\mathbf{w}_i \mathbf x_i", w[i] * x[i]),
    (r"\mathbf{w}_{i}^{\star}", IndexedBase(r"w^{\star}", positive=True)[i]),
    (r"w_i^*", IndexedBase(r"w^{\star}", positive=True)[i]),
    (r"\hat{p}_i", IndexedBase(r"\hat{p}", positive=True)[i]),
    (r"x", Symbol("x", real=True)),
    # multipliers and Greek letters
    (r"\lambda_1 + \lambda_{2}", lambda1 + lambda2),
    (r"λ₁ + λ₂", lambda1 + lambda2),
    (r"λ_1 - \mu", lambda1 - mu),
    (r"\lambda + \eta", lam + eta),
    (r"\mu_k", Symbol("mu_k", real=True)),
    # Kronecker delta and the indicator of document 003
    (r"\delta_{ij}", KroneckerDelta(i, j)),
    (r"I_{kj}", KroneckerDelta(k, j)),
    # sums: limits, extent, inferred index, exclusions
    (r"\sum_{i=1}^{n} p_i", Sum(p[i], (i, 1, n))),
    (r"\sum_i p_i", Sum(p[i], (i, 1, n))),
    (r"\sum_{j} z_j", Sum(z[j], (j, 1, n))),
    (r"\Sigma_i p_i", Sum(p[i], (i, 1, n))),
    (r"Σ_i p_i", Sum(p[i], (i, 1, n))),
    (r"∑_i p_i", Sum(p[i], (i, 1, n))),
    (r"Σ e^{z_j}", Sum(exp(z[j]), (j, 1, n))),
    (r"\sum_i p_i \log p_i + 1", Sum(p[i] * log(p[i]), (i, 1, n)) + 1),
    (r"\Sigma_i \ p_i * log(p_i)", Sum(p[i] * log(p[i]), (i, 1, n))),
    (r"\sum_i p_i - 1", Sum(p[i], (i, 1, n)) - 1),
    (r"\sum_i (p_i - 1)", Sum(p[i] - 1, (i, 1, n))),
    (r"a \sum_i p_i", a * Sum(p[i], (i, 1, n))),
    (r"\sum_{k=0}^{K} S_k", Sum(S[_idx("k", 0, K)], (_idx("k", 0, K), 0, K))),
    (r"\sum_{i=1}^{d} w_i", Sum(w[_idx("i", 1, d)], (_idx("i", 1, d), 1, d))),
    (r"\sum_{\ell=1}^K z_\ell", Sum(z[_idx("ell", 1, K)], (_idx("ell", 1, K), 1, K))),
    (r"\sum_{i \neq k} y_i", Sum((1 - KroneckerDelta(i, k)) * y[i], (i, 1, n))),
    (r"\sum_i \sum_j W_{ij}", Sum(Sum(W[i, j], (j, 1, n)), (i, 1, n))),
    (r"\prod_{i=1}^{n} p_i", Product(p[i], (i, 1, n))),
    (r"1 / Σ e^{(-λ₂ * z_i)}", 1 / Sum(exp(-lambda2 * z[i]), (i, 1, n))),
    # exp, log, fractions, products, powers
    (r"e^{x}", exp(Symbol("x", real=True))),
    (r"e^{(-1 - λ_1)}", exp(-1 - lambda1)),
    (r"e", E),
    (r"\exp(z_k)", exp(z[k])),
    (r"exp(-λ₂ * z_i)", exp(-lambda2 * z[i])),
    (r"\log p_i", log(p[i])),
    (r"\ln(p_i)", log(p[i])),
    (r"log(p_i)", log(p[i])),
    (r"\log\left(\mathbf{w}_i\right)", log(w[i])),
    (r"\frac{a}{b}", a / b),
    (r"\dfrac{1}{n}", 1 / n),
    (r"a b", a * b),
    (r"a * b \cdot p_i \times 2", 2 * a * b * p[i]),
    (r"p_i^2", p[i] ** 2),
    (r"p_i²", p[i] ** 2),
    (r"-a", -a),
    (r"a - -b", a + b),
    (r"(a + b)^{2}", (a + b) ** 2),
    (r"\left( a + b \right) [a - b] {a}", (a + b) * (a - b) * a),
    (r"\sqrt{a}", sqrt(a)),
    (r"0.25 + 1.5", Rational(7, 4)),
    (r"\max(a, b)", Max(a, b)),
    # relations, chains, implications
    (r"a = b", Eq(a, b, evaluate=False)),
    (r"a \neq b", Ne(a, b, evaluate=False)),
    (r"a < b", Lt(a, b, evaluate=False)),
    (r"a \le b", Le(a, b, evaluate=False)),
    (r"a \geq b", Ge(a, b, evaluate=False)),
    (r"a = b = 1", Tuple(Eq(a, b, evaluate=False), Eq(b, 1, evaluate=False))),
    (r"a = b \Rightarrow b = a", Tuple(Eq(a, b, evaluate=False), Eq(b, a, evaluate=False))),
    (r"=> p_i = 1/n", Eq(p[i], 1 / n, evaluate=False)),
    (r"a = b, \text{ for all } k", Eq(a, b, evaluate=False)),
    (r"a = b.", Eq(a, b, evaluate=False)),
    # derivatives
    (r"\frac{\partial}{\partial z_j} z_k", Derivative(z[k], z[j])),
    (r"\frac{\partial z_k}{\partial z_j}", Derivative(z[k], z[j])),
    (r"∂z_k/∂z_j", Derivative(z[k], z[j])),
    (r"\partial_{z_j} z_k", Derivative(z[k], z[j])),
    (r"\frac{\partial^2 (p_i p_j)}{\partial p_i \partial p_j}", Derivative(p[i] * p[j], p[i], p[j])),
    (r"\frac{\partial^2 p_i^3}{\partial p_i^2}", Derivative(p[i] ** 3, (p[i], 2))),
    (r"\frac{\partial}{\partial z_j} \frac{\exp(z_k)}{\sum_i \exp(z_i)}",
     Derivative(exp(z[k]) / Sum(exp(z[i]), (i, 1, n)), z[j])),
    (r"\frac{\partial}{\partial \lambda_1} \lambda_1 a", Derivative(lambda1 * a, lambda1)),
    # limits: one-sided at infinity, two-sided at a finite point
    (r"\lim_{\lambda_2 \to -\infty} e^{\lambda_2}", Limit(exp(lambda2), lambda2, -oo)),
    (r"\lim_{a \to 0} \frac{e^{a} - 1}{a} + 1", Limit((exp(a) - 1) / a, a, 0, "+-") + 1),
    # softmax and inner products
    (r"\text{softmax}(\mathbf{z})_k", softmax_k),
    (r"\operatorname{softmax}(z)_k", softmax_k),
    (r"softmax(-x)_j", exp(-x[j]) / Sum(exp(-x[i]), (i, 1, n))),
    (r"\langle \mathbf{w}, \mathbf{x} \rangle", Sum(w[i] * x[i], (i, 1, n))),
    (r"\langle w, \mathbf{1} \rangle", Sum(w[i], (i, 1, n))),
    (r"⟨w, x⟩", Sum(w[i] * x[i], (i, 1, n))),
    # a whole vector: the row is read componentwise, at a fresh free index
    (r"\mathbf{w} + 1", w[i] + 1),
    (r"softmax(z)", exp(z[i]) / Sum(exp(z[j]), (j, 1, n))),
]


@pytest.mark.parametrize("source, expected", CASES, ids=[c[0] for c in CASES])
def test_reads(source, expected):
    assert parse_math(source, declared={"a", "b"}) == expected


def test_seed_lagrangian_with_definition_in_context():
    L = parse_math(r"- \Sigma_i\  p_i log(p_i) - \lambda_1 (\Sigma_i \ p_i -1)")
    got = parse_math("∂L/∂p_i = -log(p_i) - 1 - λ₁", context={"L": L})
    body = -Sum(p[j] * log(p[j]), (j, 1, n)) - lambda1 * (Sum(p[j], (j, 1, n)) - 1)
    assert got == Eq(Derivative(body, p[i]), -log(p[i]) - 1 - lambda1, evaluate=False)


def test_indexed_definition_is_instantiated_at_the_use_index():
    body = exp(S[k]) / Sum(exp(S[l]), (l, 1, n))
    got = parse_math(r"\frac{\partial P_i}{\partial S_j}",
                     context={"P": Definition("P", body, (k,))})
    assert got == Derivative(exp(S[i]) / Sum(exp(S[k]), (k, 1, n)), S[j])


def test_function_definition_head_and_use():
    row = parse_row(r"H(p) = - \Sigma_i p_i \log p_i")
    assert row.chains[0].exprs[0] == Function("H")(Symbol("p", positive=True))
    assert [d.kind for d in row.diagnostics] == ["undefined-symbol"]
    body = row.chains[0].exprs[1]
    got = parse_math(r"H(p) + 1", context={"H": Definition("H", body, (), True)})
    assert got == body + 1


def test_continuation_row_keeps_its_relation():
    row = parse_row(r"&= a + b", declared={"a", "b"})
    assert row.chains[0].continuation and row.chains[0].exprs == (a + b,)
    with pytest.raises(ParseError, match="continues"):
        parse_math(r"&= a + b", declared={"a", "b"})


def test_summation_limits_bind_only_inside_the_sum():
    row = parse_row(r"\sum_{k=0}^{K} S_k + S_k")
    k0 = _idx("k", 0, K)
    assert row.chains[0].exprs[0] == Sum(S[k0], (k0, 0, K)) + S[k]
    assert [dg.kind for dg in row.diagnostics] == ["index-clash"]


# (source, diagnostic kind, line offset inside the text)
DIAGNOSTICS = [
    (r"p_k = \frac{\exp(z_k)}{\sum_k \exp(z_k)}", "index-clash", 0),
    (r"\sum_i \sum_i p_i", "index-clash", 0),
    (r"\frac{\partial}{\partial z_j} 5", "derivative-variable", 0),
    # (p_i, L undefined are functions of the variable, arbitrary.py; not read a second time)
    (r"\frac{\partial}{\partial \lambda_1} \frac{\partial p_i}{\partial z_j}", "derivative-variable", 0),
    (r"\frac{\partial^2 L}{\partial p_i^2} = 0", "derivative-variable", 0),
    (r"q + 1", "undefined-symbol", 0),
    (r"C_j + 1", "undefined-symbol", 0),
    (r"F(z_i)", "undefined-symbol", 0),
    (r"\sigma + 1", "undefined-symbol", 0),
    (r"2 / p_i z_j", "ambiguous", 0),            # (2/p_i) z_j or 2/(p_i z_j)
]


@pytest.mark.parametrize("source, kind, offset", DIAGNOSTICS, ids=[c[0] for c in DIAGNOSTICS])
def test_diagnostics_are_reported_with_their_line(source, kind, offset):
    row = parse_row(source, line=7)
    kinds = [dg.kind for dg in row.diagnostics]
    assert kinds[0] == kind and set(kinds) <= {kind, "undefined-symbol"}
    assert row.diagnostics[0].line == 7 + offset
    with pytest.raises(ParseError) as err:
        parse_math(source, line=7)
    assert err.value.line == 7 + offset and kind in str(err.value)


def test_declared_and_defined_names_are_not_undefined():
    assert parse_row("q + 1", declared={"q"}).diagnostics == ()
    assert parse_row("q + 1", context={"q": n}).diagnostics == ()
    assert parse_row(r"C_j + 1", declared={"C"}).diagnostics == ()


# (source, fragment of the message, line reported when the text starts on line 3)
ERRORS = [
    ("-\\mathbf y \\log \\mathbf s^\\top", "transposed vector cannot stand here", 3),
    ("(a + b", "never closed", 3),
    ("a + b)", "closes nothing", 3),
    ("\\frac{a}{b\n + 1", "never closed", 3),
    ("(a + b]", "closed by", 3),
    ("a +\n\n (b", "never closed", 5),
    ("a + ", "ends too early", 3),
    ("a = = b", "unexpected", 3),
    ("a | b", "bar |", 3),
    ("a \\\\ b", "row break", 3),
    ("\\{a\\}", "set braces", 3),
    ("\\foo + 1", "unsupported command \\foo", 3),
    ("\\begin{cases} a", "environments", 3),
    ("\\arg\\max_i z_i", "argmax with a subscript is not supported", 3),
    ("\\operatorname{argmax}(z)", "argmax is not supported", 3),
    ("Σ W_{ik} x_i", "cannot tell which index", 3),
    ("\\begin{bmatrix} y_1 & \\dots & 3 & \\dots & y_n \\end{bmatrix}",
     "cannot tell what \\dots stands for in the vector", 3),      # 3 has no place
    ("\\frac{\\partial f}{\\partial (a + b)}", "cannot differentiate", 3),
    ("\\max p_i", "needs parentheses", 3),
    ("\\lim_{z_i \\to 0} a", "needs a variable", 3),
    ("\\lim_{a \\to a + 1} a", "limit point", 3),
    ("(a, b)", "parenthesised list", 3),
    ("softmax(x_{ij})", "needs a vector argument", 3),
    ("\\bf{a - b} + 1", "unsupported command \\bf", 3),   # a bold expression is not read     # a row or a column? not guessed
    ("   ", "empty formula", 3),
    ("(" * 150 + "a" + ")" * 150, "nested more than", 3),
    ("a" * 20_001, "longer than", 3),
    # SymPy would compute these numbers at once, with no deadline
    ("9^{9^{9}} + a", "number too large", 3),
    ("(1/3)^{10^{7}}", "number too large", 3),
    ("2^{-10^{6}}", "number too large", 3),
]


@pytest.mark.parametrize("source, fragment, line", ERRORS, ids=[e[0][:30] for e in ERRORS])
def test_errors_are_parse_errors_with_line(source, fragment, line):
    with pytest.raises(ParseError) as err:
        parse_math(source, line=3, declared={"a", "b", "f"})
    assert fragment in str(err.value)
    assert err.value.line == line


# (source, the message's quotation of it): TeX is quoted as typed, one backslash each
QUOTED = [
    ("a \\\\ b", "unexpected character '\\' at column 3: a row break \\\\ separates rows"),
    ("a = \\frac{1}{2} \\cdot \\cdot b", "unexpected '\\cdot'"),
]


@pytest.mark.parametrize("source, message", QUOTED, ids=[q[0] for q in QUOTED])
def test_messages_quote_the_source_without_doubling_backslashes(source, message):
    with pytest.raises(ParseError) as err:
        parse_math(source, line=1, declared={"a", "b"})
    assert message in str(err.value), str(err.value)
    assert "\\\\" not in str(err.value).replace("row break \\\\", "")


@pytest.mark.parametrize("text, shown", [
    (r"\text{diag}(\mathbf s)", r"'\text{diag}(\mathbf s)'"),
    ("it's", '"it\'s"'),
    ("a\nb", "'a b'"),
])
def test_quoted_keeps_the_characters_as_typed(text, shown):
    assert quoted(text) == shown


BAD_ARGS = [
    (dict(text=b"a = b"), TypeError, "text"),
    (dict(text=None), TypeError, "text"),
    (dict(text="a", line=0), ValueError, "line"),
    (dict(text="a", line="1"), TypeError, "line"),
    (dict(text="a", line=True), TypeError, "line"),
    (dict(text="a", context=["L"]), TypeError, "context"),
    (dict(text="a", context={"L": "x + 1"}), TypeError, "context"),
    (dict(text="a", declared="abc"), TypeError, "declared"),
    (dict(text="a", declared=[1]), TypeError, "declared"),
]


@pytest.mark.parametrize("kwargs, error, name", BAD_ARGS, ids=[str(b[0]) for b in BAD_ARGS])
def test_bad_arguments_name_the_argument(kwargs, error, name):
    with pytest.raises(error, match=name):
        parse_math(**kwargs)


def test_text_is_never_evaluated():
    # A Python expression is just letters to the grammar: never run.
    with pytest.raises(ParseError):
        parse_math("__import__('os').system('true')")


def test_grammar_is_conflict_free(caplog):
    from lark import Lark, logger
    from importlib.resources import files

    grammar = files("derive.handcheck").joinpath("latex.lark").read_text(encoding="utf-8")
    logger.setLevel(logging.DEBUG)
    with caplog.at_level(logging.DEBUG, logger="lark"):
        Lark(grammar, parser="lalr", lexer="basic", debug=True)
    assert not [r for r in caplog.records if "conflict" in r.getMessage().lower()]


@pytest.mark.parametrize("source, printed", [
    (r"e^{z_j - \max_i z_i}", r"e^{z_{j} - \max_{i} z_{i}}"),
    (r"\min_k (z_k + 1)", r"\min_{k} \left(z_{k} + 1\right)"),
])
def test_an_unread_maximum_prints_as_written(source, printed):
    from derive.latex.leaks import find_leaks
    from derive.printing.printer import to_latex
    tex = to_latex(parse_math(source, declared={"z"}))
    assert tex == printed
    assert find_leaks("$%s$" % tex) == [] and "z[" not in tex

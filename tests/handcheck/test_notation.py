"""The notation of issue 12, part 2: each construct, the SymPy form it becomes.

Formulas read alone go through :func:`parse_row` (with the document context
a construct needs); constructs that live between rows (cases, delimiters,
definitions in either order, constraints) go through ``check_derivation``
and are checked by the parsed form and the verdict of their rows.  Every
table holds readings that must be refused too.
"""
from __future__ import annotations

import pytest
from sympy import (Abs, Derivative, Function, Idx, IndexedBase, KroneckerDelta, Max, Product, Rational,
                   Sum, Symbol, exp, log, tanh)

from derive.handcheck import Definition, extract_equations, parse_row
from derive.handcheck.segment import split_row
from derive.handcheck.steps import check_derivation
from derive.symbols import i, index, j, k, n, p, w, x, y, z

N = Symbol("N", integer=True, positive=True)
K = Symbol("K", integer=True, positive=True)
C = Symbol("C", integer=True, positive=True)
T = Symbol("T", integer=True, positive=True)
o, a, s, t, u, h = (IndexedBase(name, real=True) for name in ("o", "a", "s", "t", "u", "h"))
theta, beta, tau_ = (IndexedBase(name, real=True) for name in ("theta", "beta", "tau"))
ell = IndexedBase("ell", real=True)
L = Symbol("L", real=True)
cc = index("c", C)
jK, kK = Idx("j", (1, K)), Idx("k", (1, K))


def _sigmoid(v):
    return 1 / (1 + exp(-v))


def _row(text, **kwargs):
    row = parse_row(text, **kwargs)
    assert not [d for d in row.diagnostics if d.kind != "undefined-symbol"], row.diagnostics
    rels = [c for c in row.chains]
    if len(rels) == 1 and len(rels[0].exprs) == 1:
        return rels[0].exprs[0]
    return tuple(e for c in rels for e in c.exprs)


# (construct, source, keyword arguments of parse_row, expected)
READS = [
    # letters: any letter for logits, targets, outputs; any letter as an index
    ("letters", r"o_i + a_i + s_i + t_i + u_i + h_i", {}, o[i] + a[i] + s[i] + t[i] + u[i] + h[i]),
    ("greek letters", r"\theta_i + \beta_i + \tau_i", {}, theta[i] + beta[i] + tau_[i]),
    ("ell", r"\ell_k", {}, ell[k]),
    ("any index letter", r"\sum_{c=1}^{C} y_c", {"dims": ("C",)}, Sum(y[cc], (cc, 1, C))),
    ("counts are positive integers", r"N + K + T", {"dims": ("T",)}, N + K + T),
    ("free index takes the range of its family", r"z_j", {"family_ranges": {"z": (1, K)}},
     z[jK]),
    ("sum without limits takes it too", r"\sum_k e^{z_k}", {"family_ranges": {"z": (1, K)}},
     Sum(exp(z[kK]), (kK, 1, K))),
    # vectors
    ("inner product", r"\mathbf w^\top \mathbf x", {}, Sum(w[i] * x[i], (i, 1, n))),
    ("row of a matrix times a vector", r"w_k^T x", {}, Sum(w[k, i] * x[i], (i, 1, n))),
    ("ones vector", r"\mathbf 1^\top \mathbf p", {}, Sum(p[i], (i, 1, n))),
    ("componentwise vector equation", r"\mathbf p - \mathbf y", {}, p[i] - y[i]),
    ("entrywise product", r"\mathbf p \odot \mathbf y", {}, p[i] * y[i]),
    ("gradient", r"\nabla_{\mathbf p} L", {"context": {"L": -Sum(y[k] * log(p[k]), (k, 1, n))}},
     Derivative(-Sum(y[j] * log(p[j]), (j, 1, n)), p[i])),
    ("component of a vector expression", r"[\mathrm{softmax}(\mathbf z)]_k", {},
     exp(z[k]) / Sum(exp(z[i]), (i, 1, n))),
    ("vector literal with dots", r"\begin{bmatrix} x_1 \\ x_2 \\ \vdots \\ x_n \end{bmatrix}", {},
     x[i]),
    ("vector literal with an exception between dots",
     r"\begin{bmatrix} y_1 & y_2 & ... & y_{k-1} & y_k - 1 & y_{k+1} & ... & y_n \end{bmatrix}", {},
     y[i] - KroneckerDelta(i, k)),
    ("vector literal, two entries after the dots",
     r"\begin{bmatrix} y_1 & \dots & y_{n-1} & y_n \end{bmatrix}", {}, y[i]),
    ("small vector literal", r"\begin{bmatrix} 1 & 2 \end{bmatrix}", {},
     KroneckerDelta(1, i) + 2 * KroneckerDelta(2, i)),
    ("Jacobian entries", r"\operatorname{diag}(\mathbf p) - \mathbf p \mathbf p^\top", {},
     p[i] * KroneckerDelta(i, j) - p[i] * p[j]),
    # other notation
    ("dots in a sum", r"e^{z_1} + \dots + e^{z_n}", {}, Sum(exp(z[i]), (i, 1, n))),
    ("cdots in a product", r"p_1 p_2 \cdots p_K", {}, Product(p[Idx("i", (1, K))],
                                                           (Idx("i", (1, K)), 1, K))),
    ("powers in a sum", r"x + x^2 + \dots + x^6", {},
     Sum(Symbol("x", real=True) ** Idx("i", (1, 6)), (Idx("i", (1, 6)), 1, 6))),
    # named by its LaTeX, so that a report prints it as written
    ("max over an index is opaque", r"\max_i z_i", {}, Symbol(r"\max_{i} z_{i}", real=True)),
    ("z_max is opaque", r"z_{\max}", {}, Symbol("z_max", real=True)),
    ("prime of sigma", r"\sigma'(x)", {}, _sigmoid(Symbol("x", real=True)).diff(Symbol("x", real=True))),
    ("prime superscript", r"f^{\prime}(a)",
     {"context": {"f": Definition("f", Symbol("a", real=True) ** 3, (), True,
                                  (Symbol("a", real=True),))}},
     3 * Symbol("a", real=True) ** 2),
    ("tanh", r"\tanh(x_1)", {}, tanh(x[1])),
    ("sigmoid", r"\text{sigmoid}(x_1) + \sigma(x_2)", {}, _sigmoid(x[1]) + _sigmoid(x[2])),
    ("softmax", r"\operatorname{softmax}(\mathbf z)_k", {}, exp(z[k]) / Sum(exp(z[i]), (i, 1, n))),
    ("log-softmax", r"\text{log-softmax}(\mathbf z)_k", {},
     z[k] - log(Sum(exp(z[i]), (i, 1, n)))),
    ("LSE", r"\mathrm{LSE}(\mathbf z)", {}, log(Sum(exp(z[i]), (i, 1, n)))),
    ("ReLU", r"\mathrm{ReLU}(x_1)", {}, Max(0, x[1])),
    ("sample superscripts", r"y^{(i)}_k", {}, IndexedBase("y^{()}", real=True)[i, k]),
    ("step labels", r"w^{(t+1)}", {}, IndexedBase("w^{()}", positive=True)[index("t") + 1]),
    ("absolute value", r"|x_1 - x_2|", {}, Abs(x[1] - x[2])),
    ("log base", r"\log_2 x_1", {}, log(x[1]) / log(2)),
    # markup that only shows something
    ("boxed", r"\boxed{x_1} + 1", {}, x[1] + 1),
    ("color", r"{\color{red} x_1} + \color{blue}{x_2}", {}, x[1] + x[2]),
    ("cssId", r"\cssId{eq1}{x_1}", {}, x[1]),
    ("bm and boldsymbol", r"\bm{x}_1 + \boldsymbol{x}_2", {}, x[1] + x[2]),
    ("mathcal and mathbb", r"\mathcal{L} + \mathbb{E}", {},
     Symbol(r"\mathcal{L}", real=True) + Symbol(r"\mathbb{E}", real=True)),
    ("one-digit arguments", r"\frac12 x_1 + \sqrt2", {}, x[1] / 2 + 2 ** Rational(1, 2)),
    ("thousands", r"1\,000\,000 + 1 000", {}, 1001000),
    ("log of a product with a number", r"\log 2x_1", {}, log(2 * x[1])),
    ("log of a function value", r"\log \sigma(x_1)", {}, log(_sigmoid(x[1]))),
    ("d/dx", r"\frac{d}{dx} x^2", {}, Derivative(Symbol("x", real=True) ** 2, Symbol("x", real=True))),
    ("d sigma / dx", r"\frac{\mathrm d \sigma(x)}{\mathrm dx}", {},
     Derivative(_sigmoid(Symbol("x", real=True)), Symbol("x", real=True))),
    ("over", r"{1 \over n}", {}, 1 / n),
    # indicators of an index relation, \Sigma as a name, arguments after a semicolon
    ("indicator 1_{i=j}", r"1_{i=j} y_i", {}, KroneckerDelta(i, j) * y[i]),
    (r"indicator \mathbb{1}\{i \neq j\}", r"\mathbb{1}\{i \neq j\} y_i", {},
     (1 - KroneckerDelta(i, j)) * y[i]),
    (r"\Sigma alone is a name", r"\frac{e^{z_i}}{\Sigma^2}", {},
     exp(z[i]) / Symbol("Sigma", real=True) ** 2),
    (r"\Sigma with limits is a sum", r"\Sigma^n_{i=1} y_i", {}, Sum(y[i], (i, 1, n))),
    (r"\max{z} is an opaque number", r"z_k - \max{z}", {}, z[k] - Symbol("max(z)", real=True)),
    (r"\intercal is a transpose", r"\mathbf w^\intercal \mathbf x", {}, Sum(w[i] * x[i], (i, 1, n))),
    # a bracket that closes in another brace group: braces that are no argument only group
    ("bracket across brace groups", r"\frac{\partial{(\log{\sum_{i=1}^n e^{z_i})}}}{\partial z_j}",
     {}, Derivative(log(Sum(exp(z[i]), (i, 1, n))), z[j])),
    ("bracket across a bare group", r"{(1 + {x_1)}}", {}, 1 + x[1]),
    ("zeros vector", r"\mathbf w^\top (\mathbf x + \mathbf 0)", {}, Sum(w[i] * x[i], (i, 1, n))),
    # two digits in braces: the entry (2, 1) of a family the document writes with two indices
    ("w_{21} of a matrix", r"w_{21}", {"matrices": {"w"}}, w[2, 1]),
    ("w_{21} of a vector", r"w_{21}", {}, w[21]),
    ("w_{2,1} as written", r"w_{2,1}", {}, w[2, 1]),
    # norms: numbers read by their name only (the text inside the bars, a vector as one symbol)
    ("norm with a subscript", r"|x - y|_{\infty}", {}, Symbol("‖x - y‖_\\infty", real=True)),
    ("norm bars", r"\|\mathbf w\|^2", {}, Symbol("‖w‖", real=True) ** 2),
    ("double bars", r"||\mathbf q||_2^2", {}, Symbol("‖q‖_2", real=True) ** 2),
    ("left/right norm bars", r"\left\| \mathbf w \right\|", {}, Symbol("‖w‖", real=True)),
    # letters side by side that spell a name the document defines are that name
    (r"\partial CE after CE = ...", r"\frac{\partial CE}{\partial z_1}",
     {"context": {"CE": Definition("CE", -Sum(y[i] * log(z[i]), (i, 1, n)))}},
     Derivative(-Sum(y[i] * log(z[i]), (i, 1, n)), z[1])),
]


@pytest.mark.parametrize("source, kwargs, expected", [r[1:] for r in READS],
                         ids=[r[0] for r in READS])
def test_reads(source, kwargs, expected):
    assert _row(source, **kwargs) == expected


def test_macros_from_the_document():
    text = "\\newcommand{\\vz}{\\mathbf{z}}\n\\newcommand{\\sm}[1]{\\mathrm{softmax}(#1)}\n" \
           "$$ \\sum_k \\sm{\\vz}_k = 1 $$\n"
    report = check_derivation(text, kind="tex")
    assert report.steps[-1].status == "proved"


# (construct, source, the diagnostic kind) -- readings that must be refused, not guessed
AMBIGUOUS = [
    ("x^23", r"x^23", "ambiguous"),
    ("x_12", r"x_12", "ambiguous"),
    ("sqrt12", r"\sqrt12", "ambiguous"),
    ("2 3", r"2 3", "ambiguous"),
    ("a/bc", r"2 / p_i z_j", "ambiguous"),
    ("mu(x)", r"\mu(x_1)", "ambiguous"),
    ("log x y", r"\log p_1 p_2", "ambiguous"),
    ("w_ji", r"w_ji", "ambiguous"),
    ("vectors side by side", r"\mathbf y \log \mathbf p + \mathbf y \mathbf p", "ambiguous"),
    ("differential", r"dS", "ambiguous"),
    ("delta{ik}", r"y_i \delta{ik}", "ambiguous"),
    ("log{a + b}", r"\log{1 + e^x}", "ambiguous"),
    ("e^{i pi}", r"e^{i\pi}", "ambiguous"),
    # TeX renders 2e-3 as 2e - 3; code means 2 * 10^-3
    ("2e-3", r"2e-3", "ambiguous"),
    ("scientific notation", r"1e-3 + 2.5e2", "ambiguous"),
    ("3e-3 after a power", r"e^{2}-3e-3", "ambiguous"),
    ("log(2e-3)", r"\log(2e-3)", "ambiguous"),
    ("e^-xy", r"e^-xy", "ambiguous"),      # e^{-xy} or e^{-x} y (e^-x alone: test_tex)
    # the field's Jacobian J_x y, or J_x times y? (it was multiplied)
    ("J_x y", r"J_x y = \operatorname{diag}(\mathbf y)", "ambiguous"),
    ("bold J_x s", r"\mathbf J_{\mathbf x} \mathbf s = 1", "ambiguous"),
    # a number subtracted from a matrix, or the outer product of row vectors?
    ("s^T s in a matrix", r"\mathbf J = \operatorname{diag}(\mathbf s) - \mathbf s^\top \mathbf s",
     "ambiguous"),
    # a derivative missing its d above, or a quotient by d times x? (it was f / (d x))
    ("f over dx", r"\frac{f}{dx} = 2x", "ambiguous"),
    ("1 over d x", r"\frac{1}{d x} = 2x", "ambiguous"),
    ("f over mathrm d x", r"\frac{f}{\mathrm{d} x} = 2x", "ambiguous"),
]


@pytest.mark.parametrize("source, kind", [a[1:] for a in AMBIGUOUS], ids=[a[0] for a in AMBIGUOUS])
def test_ambiguities_are_diagnostics(source, kind):
    assert kind in [d.kind for d in parse_row(source).diagnostics]


Q = Symbol("q", real=True)
# (construct, source, context, the reading when not ambiguous, or None: ambiguous)
IN_CONTEXT = [
    ("S(p) = ... after S = ... states S anew", r"S(p) = 1", {"S": Q},
     Function("S")(Symbol("p", positive=True))),
    ("S(p) after S = ..., used", r"L = S(p)", {"S": Q}, None),
    ("S(a + b) after S = ... multiplies", r"S(p + 1)", {"S": Q}, Q * (Symbol("p", positive=True) + 1)),
    ("CE undefined stays C E", r"CE", {}, Symbol("C", real=True) * Symbol("E", real=True)),
    ("CE with only C defined", r"CE", {"C": Q}, Q * Symbol("E", real=True)),
    ("CE with both CE and C defined", r"CE", {"C": Q, "CE": Q}, None),
    ("J_k x_k: an index below J multiplies", r"J_k x_k", {},
     IndexedBase("J", real=True)[k] * x[k]),
]


@pytest.mark.parametrize("source, context, expected", [a[1:] for a in IN_CONTEXT],
                         ids=[a[0] for a in IN_CONTEXT])
def test_readings_in_context(source, context, expected):
    row = parse_row(source, context=context)
    kinds = [d.kind for d in row.diagnostics]
    if expected is None:
        assert "ambiguous" in kinds
    else:
        assert "ambiguous" not in kinds and row.chains[0].exprs[0] == expected


# (construct, source, the TeX it is read as) -- spelling variants rewritten before parsing
SPELLED = [
    (r"\bf over a sum of names", r"\bf{\hat{y} - y}", r"\hat{\mathbf{y}} - \mathbf{y}"),
    (r"\bf over a list", r"\bf{y,\hat{y}}", r"\mathbf{y}, \hat{\mathbf{y}}"),
    (r"\bf over anything else stays", r"\bf{y - 2x}", r"\bf{y - 2x}"),
    (r"\bf is a switch: what follows is bold too", r"\bf{y - x} + z", r"\bf{y - x} + z"),
    (r"\bigtriangledown is the gradient", r"\bigtriangledown_{w} J", r"\nabla _{w} J"),
]


@pytest.mark.parametrize("source, expected", [a[1:] for a in SPELLED], ids=[a[0] for a in SPELLED])
def test_spelling_variants(source, expected):
    from derive.handcheck.tex import normalize
    assert normalize(source).text == expected


def test_absolute_values_side_by_side_are_not_a_norm():
    from derive.errors import ParseError
    with pytest.raises(ParseError):
        parse_row(r"|a||b|")


def test_brackets_inside_arguments_still_pair_with_their_braces():
    from derive.errors import ParseError
    with pytest.raises(ParseError):
        parse_row(r"\frac{(1}{2)}")


# (construct, row, [(claim text, conditions), ...])
PIECES = [
    ("alignment and spacing before the math", r"&\quad\ x_1 \ge 0", [(r"\ x_1 \ge 0", ())]),
    ("alignment before prose is not dropped: the math after the words is not a claim",
     r"&\text{note that } z_j = z_k", [(r"& \quad \text{note that} z_j = z_k", ())]),
    # words that connect relations: the row is not its relations (the parser reports it)
    ("or between two relations", r"x = 1 \quad \text{or} \quad x = 2",
     [(r"x = 1 \quad \text{or} x = 2", ())]),
    ("unless after a relation", r"x^2 \ge 0 \quad \text{unless } x = 3",
     [(r"x^2 \ge 0 \quad \text{unless} x = 3", ())]),
    ("otherwise after a relation", r"f = 0 \quad \text{otherwise}",
     [(r"f = 0 \quad \text{otherwise}", ())]),
    ("a condition stays a condition", r"f = 1 \quad \text{if } i = j", [("f = 1", ("i = j",))]),
    ("words without a relation after them stay a note", r"a = b \quad \text{by the chain rule}",
     [("a = b", ())]),
    ("cases", r"\delta_{jk} = \begin{cases} 1 & j = k \\ 0 & j \neq k \end{cases}",
     [(r"\delta_{jk} =  1", ("j = k",)), (r"\delta_{jk} =  0", (r"j \neq k",))]),
    ("array cases", r"f = \left\{ \begin{array}{ll} 1 & \text{if } i = j \\ 0 & \text{otherwise} "
                    r"\end{array} \right.", [("f =  1", ("i = j",)), ("f =  0", ("not:i = j",))]),
    ("text if", r"a_i = 1 \quad \text{if } i = j", [("a_i = 1", ("i = j",))]),
    ("quad condition", r"a_i = 0 \quad i \neq j", [("a_i = 0", (r"i \neq j",))]),
    ("mbox for", r"a_i = 0 \mbox{ for } i \neq j", [("a_i = 0", (r"i \neq j",))]),
    ("two claims", r"x = 1 \quad y = 2", [("x = 1", ()), ("y = 2", ())]),
    ("text and", r"x = 1 \text{ and } y = 2", [("x = 1", ()), ("y = 2", ())]),
    ("equation number", r"x = 1 \qquad (2)", [("x = 1", ())]),
    ("where", r"p_i = e^{x_i}/Z \quad \text{where} \quad Z = \sum_j e^{x_j}",
     [("p_i = e^{x_i}/Z", ()), (r"Z = \sum_j e^{x_j}", ())]),
    ("forall is prose", r"p_i > 0 \quad \forall i", [("p_i > 0", ())]),
    ("range is prose", r"p_i > 0, \quad i = 1, \dots, n", [("p_i > 0", ())]),
]


@pytest.mark.parametrize("text, expected", [c[1:] for c in PIECES], ids=[c[0] for c in PIECES])
def test_rows_split_into_what_they_state(text, expected):
    got = [(pc.text, pc.conditions) for pc in split_row(text) if pc.role == "claim"
           or pc.role == "definition"]
    assert got == expected


# (construct, document, kind, {line: status}) -- constructs between rows
DOCUMENTS = [
    ("pair of displays for the cases", "md",
     "$$ s_k = \\frac{e^{z_k}}{\\sum_i e^{z_i}} $$\n\nWhen $j = k$:\n\n"
     "$$ \\frac{\\partial s_k}{\\partial z_j} = s_k (1 - s_k) $$\n\nand for $j \\neq k$:\n\n"
     "$$ \\frac{\\partial s_k}{\\partial z_j} = - s_k s_j $$\n", {5: "proved", 9: "proved"}),
    ("a wrong case is refuted", "md",
     "$$ s_k = \\frac{e^{z_k}}{\\sum_i e^{z_i}} $$\n\nWhen $j = k$:\n\n"
     "$$ \\frac{\\partial s_k}{\\partial z_j} = - s_k s_j $$\n", {5: "refuted"}),
    ("cases environment", "md",
     "$$ s_k = \\frac{e^{z_k}}{\\sum_i e^{z_i}} $$\n\n$$ \\frac{\\partial s_k}{\\partial z_j} = "
     "\\begin{cases} s_k(1 - s_k) & j = k \\\\ -s_k s_j & j \\neq k \\end{cases} $$\n",
     {3: "proved"}),
    ("chain rule through a defined intermediate", "md",
     "$$ p_i = \\frac{e^{z_i}}{\\sum_k e^{z_k}} $$\n\n$$ L = -\\sum_i y_i \\log p_i $$\n\n"
     "$$ \\frac{\\partial L}{\\partial p_i} = -\\frac{y_i}{p_i} $$\n", {5: "proved"}),
    ("chain rule, wrong sign", "md",
     "$$ p_i = \\frac{e^{z_i}}{\\sum_k e^{z_k}} $$\n\n$$ L = -\\sum_i y_i \\log p_i $$\n\n"
     "$$ \\frac{\\partial L}{\\partial p_i} = \\frac{y_i}{p_i} $$\n", {5: "refuted"}),
    ("[sigma(a)]_i: a defined function's component", "md",
     "$$ \\sigma(\\mathbf{z})_i = \\frac{e^{z_i}}{\\sum^K_{j=1}e^{z_j}} $$\n\n"
     "$$ [\\sigma(\\mathbf{a})]_i = \\frac{e^{a_i}}{\\sum^K_{k=1}e^{a_k}} $$\n\n"
     "$$ [\\sigma(\\mathbf{a})]_i = \\frac{e^{a_k}}{\\sum^K_{k=1}e^{a_k}} $$\n\n"
     "$$ [\\sigma(\\mathbf{a})]_i = \\frac{e^{a_i}}{\\sum^K_{k=1}e^{2 a_k}} $$\n",
     {3: "proved", 5: "diagnostic", 7: "refuted"}),
    ("a vector with an exception between dots", "md",
     "$$ \\begin{bmatrix} y_1 & \\dots & y_{k-1} & y_k - 1 & y_{k+1} & \\dots & y_n \\end{bmatrix}"
     " = \\mathbf y $$\n", {1: "refuted"}),
    ("Jacobian in matrix form", "md",
     "$$ \\mathbf p = \\mathrm{softmax}(\\mathbf z) $$\n\n$$ \\frac{\\partial \\mathbf p}{\\partial "
     "\\mathbf z} = \\operatorname{diag}(\\mathbf p) - \\mathbf p \\mathbf p^\\top $$\n",
     {3: "proved"}),
    ("gradient, componentwise", "md",
     "% given: \\sum_i y_i = 1\n$$ L = -\\sum_i y_i \\log \\mathrm{softmax}(\\mathbf z)_i $$\n\n"
     "$$ \\nabla_{\\mathbf z} L = \\mathrm{softmax}(\\mathbf z) - \\mathbf y $$\n", {4: "proved"}),
    ("definitions in either order", "md",
     "$$ p_i = \\frac{e^{-\\beta E_i}}{Z} $$\n\n$$ Z = \\sum_j e^{-\\beta E_j} $$\n\n"
     "$$ \\sum_i p_i = 1 $$\n", {3: "assumed", 5: "proved"}),
    ("constraints under subject to", "md",
     "$$ \\max_p -\\sum_i p_i \\log p_i $$\n\nsubject to\n\n$$ \\sum_i p_i = 1 $$\n",
     {1: "assumed", 5: "assumed"}),
    ("s.t. in the row", "md", "$$ \\max_p H \\quad \\text{s.t.} \\quad \\sum_i p_i = 1 $$\n",
     {1: "assumed"}),
    (":= defines", "md", "$$ q := x_1 + 1 $$\n\n$$ q - 1 = x_1 $$\n", {1: "assumed", 3: "proved"}),
    ("\\equiv defines", "md", "$$ q \\equiv x_1 + 1 $$\n\n$$ q - 1 = x_1 $$\n", {3: "proved"}),
    ("\\triangleq defines", "md", "$$ q \\triangleq x_1 $$\n\n$$ q = x_1 $$\n", {3: "proved"}),
    ("\\in is a statement about sets", "md", "$$ \\mathbf z \\in \\mathbb{R}^n $$\n",
     {1: "assumed"}),
    ("\\propto: a positive factor free of the index", "md",
     "$$ p_i = \\frac{e^{z_i}}{\\sum_j e^{z_j}} $$\n\n$$ p_i \\propto e^{z_i} $$\n",
     {3: "proved"}),
    ("\\propto with a factor depending on the index", "md",
     "$$ p_i = \\frac{e^{z_i}}{\\sum_j e^{z_j}} $$\n\n$$ p_i \\propto e^{2 z_i} $$\n",
     {3: "refuted"}),      # the ratio differs at two values of i
    ("subscript on a function value", "md",
     "$$ \\sigma(\\mathbf z)_i = \\frac{e^{z_i}}{\\sum_j e^{z_j}} $$\n\n"
     "$$ \\sigma(\\mathbf z + c)_i = \\sigma(\\mathbf z)_i $$\n", {1: "assumed", 3: "proved"}),
    ("S(x)_j", "md", "$$ S(x)_j = \\frac{e^{x_j}}{\\sum_k e^{x_k}} $$\n\n$$ \\sum_j S(x)_j = 1 $$\n",
     {3: "proved"}),
    ("argmax is an objective", "md", "$$ \\arg\\max_p H(p) $$\n", {1: "assumed"}),
    ("an entry defined below the definition that uses it", "md",
     "$$ L = -\\sum_i y_i \\log p_i $$\n\n$$ p_i = \\frac{e^{o_i}}{\\sum_j e^{o_j}} $$\n\n"
     "$$ \\frac{\\partial p_i}{\\partial o_k} = p_i (\\delta_{ik} - p_k) $$\n\n"
     "$$ \\frac{\\partial p_i}{\\partial o_k} = p_i (\\delta_{ik} + p_k) $$\n",
     {3: "assumed", 5: "proved", 7: "refuted"}),
    ("a signature is notation", "md", "$$ \\sigma: \\mathbb{R}^K \\rightarrow (0,1)^K $$\n",
     {1: "assumed"}),
    ("a defined vector function used as a vector", "md",
     "$$ \\sigma(\\mathbf z)_i = \\frac{e^{z_i}}{\\sum_{j=1}^K e^{z_j}} $$\n\n"
     "$$ \\sigma(\\mathbf z) = \\sigma(\\mathbf z + c) $$\n\n"
     "$$ \\sigma(\\mathbf z) = \\sigma(2 \\mathbf z) $$\n", {3: "proved", 5: "refuted"}),
    ("a function defined at fixed arguments, used at the same text", "md",
     "$$ f(s^i) = \\frac{(e^z)^i}{\\sum_j^N (e^z)^j} $$\n\n"
     "$$ f(s^i) = (e^z)^i \\cdot {\\sum_j^N (e^z)^j}^{-1} $$\n\n"
     "$$ f(s^i) = (e^z)^i $$\n", {3: "proved", 5: "refuted"}),
    ("w_{21} beside w_{ji}", "md", "$$ z_i = \\sum_j w_{ji} h_j $$\n\n"
     "$$ \\frac{\\partial z_1}{\\partial w_{21}} = h_2 $$\n\n"
     "$$ \\frac{\\partial z_1}{\\partial w_{21}} = h_1 $$\n", {3: "proved", 5: "refuted"}),
    ("a quantity stated anew as a function", "md",
     "$$ S = 2 $$\n\n$$ S(p) = p + 1 $$\n\n$$ S(q) = q + 1 $$\n\n$$ S(q) = q $$\n",
     {3: "assumed", 5: "proved", 7: "refuted"}),
    ("boxed prose states nothing", "md", "$$\\boxed{\\text{the distribution } {p_i}}$$\n",
     {1: "unknown"}),
    ("a norm is a number read by its name only", "md",
     "$$ q = \\sum_i |x_i| $$\n\n$$ |x_1| \\le \\|x\\| $$\n", {3: "unknown"}),
    # max z = 1: any z_1 up to 1 with another entry equal to 1 has it as its largest (extrema.py)
    ("a maximum inside a definition refutes where its value can be the largest entry", "md",
     "$$ \\hat z_i = z_i - \\max{z} $$\n\n$$ \\hat z_1 = z_1 $$\n", {1: "assumed", 3: "refuted"}),
    ("the same function at other arguments is not guessed", "md",
     "$$ f(s^i) = \\frac{(e^z)^i}{\\sum_j^N (e^z)^j} $$\n\n$$ f(a) = 1 $$\n",
     {3: "diagnostic"}),
]


@pytest.mark.parametrize("kind, text, expected", [d[1:] for d in DOCUMENTS],
                         ids=[d[0] for d in DOCUMENTS])
def test_documents(kind, text, expected):
    report = check_derivation(text, kind=kind, timeout=10.0)
    got = {s.line: s.status for s in report.steps}
    assert {line: got.get(line) for line in expected} == expected, report.steps


# (construct, document, kind, [(text, line), ...])
DELIMITERS = [
    ("\\[ \\]", "tex", "a\n\\[ x = 1 \\]\n", [("x = 1", 2)]),
    ("\\( \\) alone", "md", "prose\n\\( x = 1 \\)\nmore, with \\(y = 2\\) inline\n", [("x = 1", 2)]),
    ("$ $ alone", "md", "prose\n$x = 1$\nand $y = 2$ inline\n", [("x = 1", 2)]),
    ("a line of $ $ formulas", "md", "prose\n$x = 1$   $y = 2$\nand $z = 3$ $w = 4$ inline\n",
     [("x = 1", 2), ("y = 2", 2)]),
    ("lone $ lines", "md", "$\n\\begin{aligned} a &= b \\\\ &= c \\end{aligned}\n$\n",
     [("a &= b", 2), ("&= c", 2)]),
    ("kramdown inline $$", "md", "The sum $$ \\sum_i p_i = 1 $$ holds.\n\n$$ x = 1 $$\n",
     [("x = 1", 3)]),
    ("MathJax script", "md", '<script type="math/tex; mode=display">\nx = 1\n</script>\n'
     '<script type="math/tex">y = 2</script>\n', [("x = 1", 2)]),
    ("row spacing", "tex", "\\begin{align*} a &= b \\\\[6pt] &= c \\end{align*}\n",
     [("a &= b", 1), ("&= c", 1)]),
    ("alignat", "tex", "\\begin{alignat}{2} a &= b \\end{alignat}\n", [("a &= b", 1)]),
    ("html comment", "md", "<!--\n$$ 1 = 2 $$\n-->\n$$ x = 1 $$\n", [("x = 1", 4)]),
    ("a row starts at its first visible character", "tex",
     "\\begin{align*} a &= b \\\\\\ \n\\leq c \\end{align*}\n",
     [("a &= b", 1), ("\\ \n\\leq c", 2)]),
    ("Hugo math_block", "md", "{{< math_block >}}\nx = 1\n{{< /math_block >}}\n\n"
     "{{< math_block >}}\n\\begin{align*} a &= b \\\\ &= c \\end{align*}\n{{< /math_block >}}\n"
     "{{< figure src=\"a.png\" >}}\n", [("x = 1", 2), ("a &= b", 6), ("&= c", 6)]),
]


@pytest.mark.parametrize("kind, text, expected", [d[1:] for d in DELIMITERS],
                         ids=[d[0] for d in DELIMITERS])
def test_delimiters(kind, text, expected):
    got = [(e.text, e.line) for e in extract_equations(text, kind=kind) if e.role == "step"]
    assert got == expected


"""The TeX rewrites of :mod:`derive.handcheck.tex` read as the author meant, or as ambiguities."""
from __future__ import annotations

import pytest
from sympy import Rational, Symbol, exp

from derive.errors import ParseError

from derive.handcheck import parse_row
from derive.handcheck.steps import check_derivation
from derive.handcheck.tex import normalize

x = Symbol("x", real=True)
alpha = Symbol("alpha", real=True)
y = Symbol("y", real=True)

# (source, its SymPy form, or None: an ambiguity).  A sign alone in an exponent means
# nothing, so e^-x is e^{-x} when nothing else could belong to the exponent; when another
# factor, a digit, a script or a bracket follows, it could, and the row is not read.
SIGN_EXPONENTS = [
    (r"e^-x", exp(-x)),
    (r"1 / (1 + e^-x)", 1 / (1 + exp(-x))),
    (r"-e^-x / (1 + e^-x)^2", -exp(-x) / (1 + exp(-x)) ** 2),
    (r"e^-x + 1", exp(-x) + 1),
    (r"e^-x - y", exp(-x) - y),
    (r"e^-x * y", exp(-x) * y),
    (r"e^-x \cdot y", exp(-x) * y),
    (r"e^- x", exp(-x)),
    (r"e^-\alpha", exp(-alpha)),
    (r"2^-1", Rational(1, 2)),
    (r"\left(e^-x\right)", exp(-x)),
    (r"e^-xy", None),           # e^{-xy} or e^{-x} y
    (r"e^-2x", None),           # e^{-2x} or e^{-2} x
    (r"e^-12", None),           # e^{-12} or e^{-1} 2
    (r"e^-x_i", None),          # e^{-x_i} or (e^{-x})_i
    (r"e^-x^2", None),
    (r"e^-x (1 + y)", None),    # e^{-x(1+y)} or e^{-x} (1+y)
    (r"e^-x \alpha", None),
    (r"e^-x y + 1", None),
    (r"e^-\frac{1}{2}", None),
]


@pytest.mark.parametrize("source, expected", SIGN_EXPONENTS, ids=[s for s, _ in SIGN_EXPONENTS])
def test_a_sign_alone_in_an_exponent(source, expected):
    try:
        row = parse_row(source)
    except ParseError:          # (e^-x^2: a double superscript) not read either
        assert expected is None
        return
    kinds = [d.kind for d in row.diagnostics]
    if expected is None:
        assert "ambiguous" in kinds
        return
    assert not [d for d in row.diagnostics if d.kind != "undefined-symbol"], row.diagnostics
    assert row.chains[0].exprs[0] == expected


def test_the_rewrite_keeps_the_ambiguity_named():
    found = normalize(r"e^-xy")
    assert found.ambiguities and "^{-}x" in found.ambiguities[0]
    assert not normalize(r"e^-x + 1").ambiguities


SIGMOID = "$\\sigma(x) = 1 / (1 + e^-x)$\n\n"
# (document, the last row's status): the rows are read, true ones proved, false refuted
SIGMOID_ROWS = [
    (SIGMOID + "$$ \\sigma(x) = e^x / (1 + e^x) $$", "proved"),
    (SIGMOID + "$$ 1 - \\sigma(x) = e^-x / (1 + e^-x) $$", "proved"),
    (SIGMOID + "$$ 1 - \\sigma(x) = 1 / (1 + e^-x) $$", "refuted"),
    (SIGMOID + "$$ \\sigma(x) = 1 / (1 + e^-2x) $$", "diagnostic"),
]


@pytest.mark.parametrize("text, status", SIGMOID_ROWS, ids=[str(k) for k in range(len(SIGMOID_ROWS))])
def test_rows_with_a_sign_alone_in_an_exponent(text, status):
    assert check_derivation(text, kind="md", timeout=20).steps[-1].status == status

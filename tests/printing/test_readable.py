"""Tests for derive.printing.readable: internal names printed as distinct readable ones."""
from __future__ import annotations

import pytest
from sympy import Dummy, Eq, Idx, Sum, Symbol, exp

from derive.latex.lines import chain_lines, to_latex_lines
from derive.printing.printer import to_latex
from derive.printing.readable import readable_names
from derive.symbols import i, j, n, x, z

_s0 = Symbol("_s0", integer=True)
_a, _b = Dummy(), Dummy()
_j1, _j2 = Dummy("j", integer=True), Dummy("j", integer=True)
_xi = Symbol("xi")

# (expression, its text after renaming): every internal symbol gets a name of its own
# that no other symbol of the expression has
CASES = [
    (exp(x[i]) / Sum(exp(x[_s0]), (_s0, 1, n)), "exp(x[i])/Sum(exp(x[j]), (j, 1, n))"),
    (Sum(z[Idx(_s0, (1, n))], (Idx(_s0, (1, n)), 1, n)) + z[j], "z[j] + Sum(z[k], (k, 1, n))"),
    (_a + _xi, "xi + xi'"),
    (_j1 + 1, "j + 1"),
    (Symbol("y") + 1, "y + 1"),                       # nothing internal: unchanged
]


@pytest.mark.parametrize("expr, text", CASES, ids=[c[1] for c in CASES])
def test_internal_names_become_readable(expr, text):
    out = readable_names(expr)
    assert str(out) == text
    assert not any(s.name.startswith("_") or s.name.startswith("Dummy") for s in out.free_symbols)


def test_dummies_named_like_a_free_symbol_are_primed_apart():
    out = readable_names(_j1 - _j2 + j)
    assert {str(s) for s in out.free_symbols} == {"j", "j'", "j''"}
    assert out.subs({Symbol("j'", integer=True): 0, Symbol("j''", integer=True): 0}) == j


@pytest.mark.parametrize("expr", [_a - _b, Eq(_a, 2 * _b), _a * _b + 1])
def test_two_nameless_dummies_get_distinct_names(expr):
    out = readable_names(expr)
    assert {str(s) for s in out.free_symbols} == {"xi_1", "xi_2"}
    tex = to_latex(expr)
    assert r"\xi_{1}" in tex and r"\xi_{2}" in tex, tex


def test_a_relation_is_not_decided_by_the_renaming():
    from sympy import oo
    out = readable_names(Eq(_a + _s0, Dummy("u") - oo, evaluate=False))
    assert isinstance(out, Eq) and str(out) == "Eq(j + xi, u - oo)"


def test_two_dummies_are_never_printed_alike():
    # (a - b) is zero only when a = b: printed with one name it would read as 0
    assert to_latex(_a - _b) not in (r"\xi - \xi", "0")
    assert to_latex(_j1 - _j2) in ("j - j'", "- j + j'", "j' - j", "- j' + j")


def test_a_chain_names_a_dummy_alike_on_every_line():
    lines = chain_lines(_a + _b, [("==", 2 * _a), ("==", _a + _b)], width=80)
    text = " ".join(line for group in lines for line in group)
    assert r"\xi " not in text + " " and "Dummy" not in text
    assert text.count(r"\xi_{1}") >= 2 and r"\xi_{2}" in text


def test_lines_of_a_long_formula_print_no_internal_name():
    expr = Eq(Sum(x[_s0], (_s0, 1, n)), sum(x[q] for q in range(1, 12)))
    text = " ".join(to_latex_lines(expr, width=40))
    assert "s_{0}" not in text and "s0" not in text and r"\sum_{j=1}^{n} x_{j}" in text

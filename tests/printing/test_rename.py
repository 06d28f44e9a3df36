"""Tests for derive.printing.rename: a shadowed sum index is renamed apart before printing."""
from __future__ import annotations

import pytest
from sympy import Add, Eq, Ge, Sum, Symbol

from derive.derivation.runner import expand_sum
from derive.latex.lines import to_latex_lines
from derive.printing.printer import to_latex
from derive.printing.rename import rename_apart
from derive.symbols import i, j, k, n, z

_t, _m = Symbol("t"), Symbol("m", integer=True)
# (expression, LaTeX, values to evaluate it at): an inner sum whose index shadows an outer one
# is renamed apart to a letter the expression does not use; the value never changes.
SHADOWED = [
    (Sum(Sum(z[i], (i, 1, n)), (i, 1, n)), r"\sum_{i=1}^{n} \sum_{j=1}^{n} z_{j}", {n: 3}),
    (Sum(z[i] * Sum(z[i]**2, (i, 1, n)), (i, 1, n)) + z[j],
     r"z_{j} + \sum_{i=1}^{n} z_{i} \sum_{k=1}^{n} z_{k}^{2}", {n: 2}),
    (Sum(Sum(Sum(z[i], (i, 1, n)), (i, 1, n)), (i, 1, n)),
     r"\sum_{i=1}^{n} \sum_{j=1}^{n} \sum_{k=1}^{n} z_{k}", {n: 2}),
    (Sum(Sum(_t, (_t, 0, 3)), (_t, 1, 2)), r"\sum_{t=1}^{2} \sum_{j=0}^{3} j", {}),
    (Sum(Sum(_t, (_t, 0, _m)), (_m, 1, 3), (_t, 1, 2)),
     r"\sum_{t=1}^{2} \sum_{m=1}^{3} \sum_{j=0}^{m} j", {}),
    (Sum(z[i] * Sum(z[j], (j, 1, n)), (i, 1, n)), r"\sum_{i=1}^{n} z_{i} \sum_{j=1}^{n} z_{j}",
     {n: 2}),                                                       # nothing shadowed: unchanged
]


def test_a_relation_is_rebuilt_unevaluated():
    """Renaming inside Ge(s, 0, evaluate=False) must not let SymPy decide it (it printed True)."""
    shadowed = Sum(z[i] ** 2 / Sum(z[i] ** 2 + 1, (i, 1, n)), (i, 1, n))
    rel = Ge(shadowed, 0, evaluate=False)
    assert to_latex(rel).endswith(r"\geq 0")
    assert r"\sum_{j=1}^{n}" in to_latex(rel)
    ordered = Add(z[k], -z[i] * shadowed, evaluate=False)
    assert to_latex(ordered).startswith("z_{k} - ")


@pytest.mark.parametrize("expr, expected, at", SHADOWED)
def test_a_shadowed_index_is_renamed_apart(expr, expected, at):
    assert to_latex(expr) == expected
    def value(e):     # every sum written out term by term, then every entry z_q a number
        e = e.xreplace(at).replace(lambda a: isinstance(a, Sum), expand_sum)
        return e.replace(lambda a: a.is_Indexed, lambda a: 2 * a.indices[0] ** 2 + 1).subs(j, 5).doit()

    assert value(rename_apart(expr)) == value(expr)
    lines = to_latex_lines(Eq(Symbol("F"), Add(*[Symbol(f"a_{q}") * expr for q in range(12)])))
    assert len(lines) > 1 and all(r"\sum_{i=1}^{n} \sum_{i=1}" not in line for line in lines)

"""Indicators ``1\\{a = b\\}`` and conditional probabilities ``p(y = k \\mid x; \\theta)``."""
from __future__ import annotations

import pytest
from sympy import Eq, Function, IndexedBase, KroneckerDelta, Lt, Piecewise, Sum, Symbol, log

from derive.errors import ParseError
from derive.handcheck import parse_row
from derive.handcheck.steps import check_derivation
from derive.symbols import i, j, k

x, y = Symbol("x", real=True), Symbol("y", real=True)
theta = Symbol("theta", real=True)
K = Symbol("K", integer=True, positive=True)
y_i = IndexedBase("y^{()}", real=True)[i]
x_i = IndexedBase("x^{()}", real=True)[i]
P = Function("p_{\\mid}")


def _ind(rel):
    return Piecewise((1, rel), (0, True))


# (source, the SymPy form it becomes)
CASES = [
    (r"1\{x < 2\}", _ind(Lt(x, 2))),
    (r"\mathbb{1}\{x = 2\}", _ind(Eq(x, 2))),
    (r"\mathbf{1}\{x \neq 2\}", 1 - _ind(Eq(x, 2))),
    (r"1 \{ y^{(i)} = k \}", _ind(Eq(y_i, k))),
    (r"1\{i = j\}", KroneckerDelta(i, j)),          # an index relation: the delta
    (r"p(y \mid x)", P(y, x)),
    (r"p(y | x)", P(y, x)),
    (r"p(y^{(i)} = k \mid x^{(i)} ; \theta)", P(y_i, k, x_i, theta)),
    (r"\log p(y^{(i)} = k \mid x^{(i)}; \theta)", log(P(y_i, k, x_i, theta))),
    (r"\sum_{k=1}^{K} 1\{y^{(i)} = k\} \log p(y^{(i)} = k \mid x^{(i)})",
     Sum(_ind(Eq(y_i, k)) * log(P(y_i, k, x_i)), (k, 1, K))),
]


@pytest.mark.parametrize("source, expected", CASES, ids=[c[0] for c in CASES])
def test_probability_notation_reads_as(source, expected):
    # (compared as printed: the sample index i of y^{(i)} is an index of the row)
    assert str(parse_row(source).chains[0].exprs[0]) == str(expected)


def test_a_conditional_probability_is_not_the_function_without_the_bar():
    assert parse_row(r"p(y \mid x)").chains[0].exprs[0] != parse_row(r"p(y, x)").chains[0].exprs[0]
    assert any("p_{\\mid}" in d.message for d in parse_row(r"p(y \mid x)").diagnostics)


# (source, fragment of the error): not read, never guessed
ERRORS = [
    (r"(y \mid x)", "needs the name of its function"),
    (r"2(y \mid x)", "read only after a plain function name"),
    (r"p(y < 2 \mid x)", "read only as y = k"),
    (r"1\{x \in A\}", "indicator of a relation"),
    (r"p(y \mid x)_k", "subscript on a conditional probability"),
    (r"a | b", "the bar |"),
]


@pytest.mark.parametrize("source, fragment", ERRORS, ids=[e[0] for e in ERRORS])
def test_unread_probability_notation_is_a_parse_error(source, fragment):
    with pytest.raises(ParseError) as err:
        parse_row(source)
    assert fragment in str(err.value)


# (document, the status of its one row): claims that must be rejected, and one that holds
CLAIMS = [
    (r"$$ \mathbb{1}\{x < 2\} = 1 $$", "refuted"),
    (r"$$ 1\{x = 1\} x = x $$", "refuted"),
    (r"$$ 1\{x = 1\} = 1\{x = 1\}^2 $$", "proved"),
    # a sum index that is also the free index of the row: the reuse is reported
    (r"$$ \sum_{i=1}^{n} \sum_{k=1}^{K} 1\{y^{(i)} = k\} q_k = q_k $$", "diagnostic"),
]


@pytest.mark.parametrize("text, status", CLAIMS, ids=[c[0] for c in CLAIMS])
def test_claims_with_indicators(text, status):
    (step,) = check_derivation(text, kind="md", timeout=10).steps
    assert step.status == status, step.detail


MODEL = r"$$ p(y = k \mid x) = \frac{e^{z_k}}{\sum_j e^{z_j}} $$" + "\n\n"
# (document, the status of its last row): a defined conditional probability is its definition
DEFINED = [
    (MODEL + r"$$ \sum_k p(y = k \mid x) = 1 $$", "proved"),
    (MODEL + r"$$ \sum_k p(y = k \mid x) = 2 $$", "refuted"),
    (MODEL + r"$$ p(y = k \mid x) = e^{z_k} $$", "refuted"),
]


@pytest.mark.parametrize("text, status", DEFINED, ids=[d[0][len(MODEL):] for d in DEFINED])
def test_a_defined_conditional_probability(text, status):
    steps = check_derivation(text, kind="md", timeout=10).steps
    assert steps[0].method == "definition"
    assert steps[-1].status == status, steps[-1].detail


# (document, the status of its last row): a definition applies only at the arguments it was
# defined for (F7: p(x | y) is another distribution than p(y | x)), each argument taking
# the use's range (F8: the sum's k, 1..K, not the definition's k)
Z_RANGE = "$$ s = \\sum_{k=1}^K z_k $$\n\n"      # z over 1..K: so is y, in z_y
AT_ITS_ARGUMENTS = [
    ("$$ p(y \\mid x) = 1 $$\n\n$$ p(x \\mid y) = 1 $$", "diagnostic"),
    ("$$ p(y \\mid x) = 1/2 $$\n\n$$ p(y \\mid w) = 1/2 $$", "diagnostic"),
    ("$$ p(y = k \\mid x) = 2 $$\n\n$$ p(y = 1 \\mid x) = 2 $$", "diagnostic"),
    ("$$ p(y \\mid x) = 1/2 $$\n\n$$ 2 p(y \\mid x) = 1 $$", "proved"),
    ("$$ p(y \\mid x) = 1/2 $$\n\n$$ 2 p(y \\mid x) = 2 $$", "refuted"),
    # (F8 as found: y has no range there, so no verdict; never the refutation with k = 2)
    ("$$ p(y = k \\mid x) = z_k $$\n\n$$ \\sum_{k=1}^K 1\\{y = k\\} p(y = k \\mid x) = z_y $$",
     "diagnostic"),
    (Z_RANGE + "$$ p(y = k \\mid x) = z_k $$\n\n"
     "$$ \\sum_{k=1}^K 1\\{y = k\\} p(y = k \\mid x) = z_y $$", "proved"),
    (Z_RANGE + "$$ p(y = k \\mid x) = z_k $$\n\n"
     "$$ \\sum_{k=1}^K 1\\{y = k\\} p(y = k \\mid x) = 2 z_y $$", "refuted"),
]


@pytest.mark.parametrize("text, status", AT_ITS_ARGUMENTS, ids=[d[0] for d in AT_ITS_ARGUMENTS])
def test_a_definition_applies_at_its_arguments(text, status):
    steps = check_derivation(text, kind="md", timeout=10).steps
    assert steps[-1].status == status, steps[-1].detail


# (document, the status of its row): an indicator comparing an index with an index letter the
# row also uses as a number (F13): the letter's range is not the row's, so no counterexample
# with i = 3 > n, and no proof; an index letter read as an index keeps its verdicts
INDEX_AGAINST_NUMBER = [
    ("$$ \\sum_{j=1}^n 1\\{j \\leq i\\} = i $$", "diagnostic"),
    ("$$ \\sum_{j=1}^n 1\\{i < j\\} = n - i $$", "diagnostic"),
    ("$$ \\sum_{j=1}^n 1\\{j \\leq i\\} x_j = \\sum_{j=1}^i x_j $$", "diagnostic"),
    ("$$ \\sum_{j=1}^n 1\\{j \\leq i\\} = i + 1 $$", "diagnostic"),
    ("$$ \\sum_{k=1}^n 1\\{i = k\\} x_k = x_i $$", "proved"),
    ("$$ \\sum_{k=1}^n 1\\{i = k\\} x_k = 2 x_i $$", "refuted"),
    ("$$ \\sum_{j=1}^n 1\\{j \\leq n\\} = n $$", "proved"),
    ("$$ \\sum_{j=1}^n 1\\{j \\leq n\\} = n + 1 $$", "refuted"),
]


@pytest.mark.parametrize("text, status", INDEX_AGAINST_NUMBER, ids=[d[0] for d in INDEX_AGAINST_NUMBER])
def test_an_index_compared_with_a_number(text, status):
    (step,) = check_derivation(text, kind="md", timeout=10).steps
    assert step.status == status, step.detail


# (document, the status of its last row): 1{y = k} under a sum over k picks y's term only if
# y is one of the sum's values; with no range for y (F5) both rows get no verdict, where the
# default range proved the one and refuted the other at y = 2, K = 1
UNRANGED = [
    ("$$ \\sum_{k=1}^{K} 1\\{y = k\\} \\sum_{j=1}^K 1\\{y = j\\} = 1 $$", "diagnostic"),
    ("$$ \\sum_{k=1}^{K} 1\\{y = k\\} = 1 $$", "diagnostic"),
    ("$$ \\sum_{k=1}^K 1\\{y = k\\} z_k = z_y $$", "proved"),       # y ranges as z's index
    ("$$ \\sum_{k=1}^K 1\\{y = k\\} z_k = 2 z_y $$", "refuted"),
    ("$$ \\sum_{k=1}^n 1\\{i = k\\} x_k = x_i $$", "proved"),         # an index letter
]


@pytest.mark.parametrize("text, status", UNRANGED, ids=[d[0] for d in UNRANGED])
def test_a_letter_without_range_against_a_sum_index(text, status):
    steps = check_derivation(text, kind="md", timeout=10).steps
    assert steps[-1].status == status, steps[-1].detail

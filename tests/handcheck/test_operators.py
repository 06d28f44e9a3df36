"""Sums under a condition on values, ``\\sum_{z_i \\neq z_k}``: read as written (ties count)."""
from __future__ import annotations

import pytest
from sympy import Eq, IndexedBase, KroneckerDelta, Ne, Piecewise, Sum, exp

from derive.errors import ParseError
from derive.handcheck import parse_row
from derive.handcheck.steps import check_derivation
from derive.symbols import i, index, j, k, n, x, z

# (source, the SymPy form it becomes)
CASES = [
    (r"\sum_{z_i \neq z_k} z_i", Sum(Piecewise((z[i], Ne(z[i], z[k])), (0, True)), (i, 1, n))),
    (r"\sum_{z_i = z_k}{\exp(z_i - z_k)}",
     Sum(Piecewise((exp(z[i] - z[k]), Eq(z[i], z[k])), (0, True)), (i, 1, n))),
    (r"\sum_{i \neq k} z_i", Sum((1 - KroneckerDelta(i, k)) * z[i], (i, 1, n))),
    # the relation is symmetric: the summed index is the one the terms carry (F15)
    (r"\sum_{z_k \neq z_i} z_i", Sum(Piecewise((z[i], Ne(z[k], z[i])), (0, True)), (i, 1, n))),
    (r"\sum_{2 = z_k} z_k", Sum(Piecewise((z[k], Eq(2, z[k])), (0, True)), (k, 1, n))),
    (r"\sum_{z_i \neq 0} 1", Sum(Piecewise((1, Ne(z[i], 0)), (0, True)), (i, 1, n))),
]


@pytest.mark.parametrize("source, expected", CASES, ids=[c[0] for c in CASES])
def test_value_condition_sums_read_as(source, expected):
    assert str(parse_row(source).chains[0].exprs[0]) == str(expected)


@pytest.mark.parametrize("source", [r"\sum_{z_i < z_k} z_i", r"\sum_{z_i + z_j \neq 0} z_i z_j",
                                    r"\sum_{z_i = z_k} 1", r"\sum_{z_i + z_k \neq z_j} (z_i - z_k)"])
def test_a_sum_whose_index_is_unclear_is_not_read(source):
    with pytest.raises(ParseError, match="which index"):
        parse_row(source)


# (document, status): the value reading is not the index reading (ties), so the index
# reading's identity must be refuted, and what holds as written proved or left open
CLAIMS = [
    (r"$$ \sum_{z_i \neq z_k} z_i = \sum_{i} z_i - z_k $$", "refuted"),
    (r"$$ \sum_{z_i \neq z_k} z_i = 1 $$", "refuted"),
    # written either way round, the same sum over i (F15); over k it would be refuted
    (r"$$ \sum_{z_k \neq z_i} z_i = \sum_{z_i \neq z_k} z_i $$", "proved"),
    (r"$$ \sum_{z_k \neq z_i} z_i = \sum_{z_k \neq z_i} z_k $$", "diagnostic"),
]


@pytest.mark.parametrize("text, status", CLAIMS, ids=[c[0] for c in CLAIMS])
def test_claims_with_value_condition_sums(text, status):
    (step,) = check_derivation(text, kind="md", timeout=10).steps
    assert step.status == status, step.detail


# (document, status of its last row): a vector written with dots runs over its first and
# last entries' indices; over another range than the row's components it is ambiguous
VECTOR_RANGES = [
    (r"$$ \begin{bmatrix} y_2 & \dots & y_{n} \end{bmatrix} = \mathbf y $$", "diagnostic"),
    (r"$$ \begin{bmatrix} y_0 & y_1 & \dots & y_{n} \end{bmatrix} = \mathbf y $$", "diagnostic"),
    (r"$$ \mathbf v = \begin{bmatrix} y_2 & \dots & y_n \end{bmatrix} $$" "\n\n"
     r"$$ \mathbf 1^\top \mathbf v = \sum_{i=1}^n y_i $$", "diagnostic"),
    (r"$$ \begin{bmatrix} y_1 & \dots & y_{n} \end{bmatrix} = \mathbf y $$", "proved"),
    (r"$$ \begin{bmatrix} y_1 & y_2 & \dots & y_{n} \end{bmatrix} = 2 \mathbf y $$", "refuted"),
    (r"$$ \mathbf v = \begin{bmatrix} y_1 & \dots & y_n \end{bmatrix} $$" "\n\n"
     r"$$ \mathbf 1^\top \mathbf v = \sum_{i=1}^n y_i $$", "proved"),
]


@pytest.mark.parametrize("text, status", VECTOR_RANGES,
                         ids=[str(k) for k in range(len(VECTOR_RANGES))])
def test_a_dotted_vector_runs_over_its_rows_range(text, status):
    steps = [s for s in check_derivation(text, kind="md", timeout=20).steps
             if s.status != "assumed"]
    assert steps[0].status == status, steps[0].detail


a_, b_, c_ = (IndexedBase(name, real=True) for name in "abc")
q = index("q")
# (source, its SymPy form, or None: which index is summed is not known).  A \sum without
# an index sums the summand's one free index; with several, the one nowhere else in the row
# (as a parse alone, with no range for the family, over 1..n).
UNINDEXED_SUMS = [
    (r"\sum x_i", Sum(x[i], (i, 1, n))),
    (r"c_i \sum a_{iq}", c_[i] * Sum(a_[i, q], (q, 1, n))),
    (r"c_{ij} - \sum a_{iq} b_{iq}", c_[i, j] - Sum(a_[i, q] * b_[i, q], (q, 1, n))),
    (r"c_i = \sum a_{iq} b_q", (c_[i], Sum(a_[i, q] * b_[q], (q, 1, n)))),
    (r"\sum a_{iq} b_{iq}", None),             # i or q: both occur only here
    (r"c_{iq} \sum a_{iq}", None),             # both occur outside too
    (r"c_k \sum a_{iq}", None),
    (r"\sum 2", None),
]


@pytest.mark.parametrize("source, expected", UNINDEXED_SUMS, ids=[c[0] for c in UNINDEXED_SUMS])
def test_a_sum_without_an_index_sums_the_lone_one(source, expected):
    if expected is None:
        with pytest.raises(ParseError, match="which index"):
            parse_row(source)
        return
    exprs = parse_row(source).chains[0].exprs
    assert (exprs[0] if len(exprs) == 1 else exprs) == expected


# (document, status of its last row): the sum over the lone index, over the range of its
# family (0..N-1 here); an index bound in another sum of the row counts as written there
TWO_A = r"$$ c_{ij} \sum_{q=0}^{N-1} 2 a_{iq} = 2 c_{ij} \sum_{q=0}^{N-1} a_{iq} $$" "\n\n"
LONE_INDEX_CLAIMS = [
    (TWO_A + r"$$ = 2 c_{ij} \sum a_{iq} $$", "proved"),
    (TWO_A + r"$$ = c_{ij} \sum 2 a_{iq} $$", "proved"),
    (TWO_A + r"$$ = c_{ij} \sum a_{iq} $$", "refuted"),
    (TWO_A + r"$$ = 2 \sum c_{ij} a_{iq} $$", "diagnostic"),      # i, j or q?
    (r"$$ c_{ij} \sum_{q=1}^{n} a_{iq} = c_{ij} \sum a_{iq} $$", "diagnostic"),
]


@pytest.mark.parametrize("text, status", LONE_INDEX_CLAIMS, ids=[c[0] for c in LONE_INDEX_CLAIMS])
def test_claims_with_a_sum_over_the_lone_index(text, status):
    step = check_derivation(text, kind="md", timeout=20).steps[-1]
    assert step.status == status, step.detail

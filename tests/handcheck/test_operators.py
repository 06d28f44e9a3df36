"""Sums under a condition on values, ``\\sum_{z_i \\neq z_k}``: read as written (ties count)."""
from __future__ import annotations

import pytest
from sympy import Eq, KroneckerDelta, Ne, Piecewise, Sum, exp

from derive.errors import ParseError
from derive.handcheck import parse_row
from derive.handcheck.steps import check_derivation
from derive.symbols import i, k, n, z

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

"""Vectors written whole: transposes, inner products, the length a vector has."""
from __future__ import annotations

import pytest

from derive.handcheck.steps import check_derivation


def _statuses(text):
    return [(s.status, s.method) for s in check_derivation(text, kind="md", timeout=20).steps]


# (document, the last row's status): a row the reader cannot read is that row's
# diagnostic, and the rest of the report is kept (a traceback lost the document)
UNREAD = [
    (r"$$ \mathbf x^{\top} \mathbf y^{\top} = 1 $$" "\n\n$$ 1 + 1 = 2 $$", "proved"),
    (r"$$ \mathbf a^\top \mathbf b^\top \mathbf c = 1 $$" "\n\n$$ 1 + 1 = 3 $$", "refuted"),
]


@pytest.mark.parametrize("text, last", UNREAD, ids=["xT-yT", "aT-bT-c"])
def test_a_product_of_transposes_is_a_diagnostic_not_a_lost_report(text, last):
    found = _statuses(text)
    assert found[0] == ("diagnostic", "syntax")
    assert found[-1][0] == last


# (document, status of its last row): a vector used whole has its own entries (1..n, or
# 1..K when all its sums say K), never the limits of a partial sum beside it
LENGTHS = [
    (r"$$ \mathbf p = \mathrm{softmax}(\mathbf z) $$" "\n\n"
     r"$$ \mathbf 1^\top \mathbf p = \sum_{i=1}^{n-1} p_i $$", "refuted"),
    (r"$$ \mathbf x \in \mathbb{R}^n $$" "\n\n"
     r"$$ \mathbf x^\top \mathbf x = \sum_{i=1}^{n-1} x_i^2 $$", "refuted"),
    (r"$$ \mathbf x^\top \mathbf y = \sum_{i=2}^{n} x_i y_i $$", "refuted"),
    (r"$$ \mathbf p = \mathrm{softmax}(\mathbf z) $$" "\n\n"
     r"$$ \mathbf p^\top \mathbf p = \sum_{i=1}^{n-1} p_i^2 $$", "refuted"),
    # 0..n: n + 1 entries, or a sum over an entry x_0 the vector lacks?
    (r"$$ \mathbf x^\top \mathbf y = \sum_{i=0}^{n} x_i y_i $$", "diagnostic"),
    # true variants
    (r"$$ \mathbf 1^\top \mathbf p = \sum_{i=1}^{n-1} p_i + p_n $$", "proved"),
    (r"$$ \mathbf x^\top \mathbf x = \sum_{i=1}^{n-1} x_i^2 + x_n^2 $$", "proved"),
    (r"$$ \mathbf p = \mathrm{softmax}(\mathbf z) $$" "\n\n"
     r"$$ \mathbf 1^\top \mathbf p - p_n = \sum_{i=1}^{n-1} p_i $$", "proved"),
    (r"$$ \mathbf x^\top \mathbf y = \sum_{i=1}^{K} x_i y_i $$", "proved"),
    (r"$$ \mathbf x^\top \mathbf y = \sum_{i=0}^{N-1} x_i y_i $$", "proved"),
    (r"$$ \mathbf p = \mathrm{softmax}(\mathbf z) $$" "\n\n"
     r"$$ \mathbf 1^\top \mathbf p = 1 $$", "proved"),
]


@pytest.mark.parametrize("text, last", LENGTHS, ids=[str(k) for k in range(len(LENGTHS))])
def test_a_vector_has_its_own_length_not_a_partial_sums(text, last):
    assert _statuses(text)[-1][0] == last


# (document, status): \mathbf x \cdot \mathbf y was the entrywise product, silently (the
# dot product to most readers): ambiguous, as two vectors side by side
DOT_PRODUCTS = [
    (r"$$ \mathbf x \cdot \mathbf y = \sum_i x_i y_i $$", "diagnostic"),
    (r"$$ \mathbf x^\top \mathbf y = \mathbf x \cdot \mathbf y $$", "diagnostic"),
    (r"$$ \mathbf x \odot \mathbf y = \mathbf y \odot \mathbf x $$", "proved"),
    (r"$$ \mathbf x \cdot 2 = 2 \mathbf x $$", "proved"),
    (r"$$ \mathbf x^\top \cdot \mathbf y = \sum_i x_i y_i $$", "proved"),
]


@pytest.mark.parametrize("text, status", DOT_PRODUCTS, ids=[str(k) for k in range(len(DOT_PRODUCTS))])
def test_a_dot_between_vectors_is_ambiguous(text, status):
    assert _statuses(text)[-1][0] == status


# (document, status): a^T A b with a bold capital (a matrix) read A as a vector and lost b
QUADRATIC = [
    (r"$$ \mathbf 1^\top \mathbf A \mathbf 1 = \sum_{i} \sum_j A_{ij} $$", "diagnostic"),
    (r"$$ \mathbf x^\top \mathbf W \mathbf y = 0 $$", "diagnostic"),
    (r"$$ \mathbf x^\top \mathbf y = \mathbf y^\top \mathbf x $$", "proved"),
    (r"$$ \mathbf x^\top \mathbf y = \mathbf y^\top \mathbf x + 1 $$", "refuted"),
]


@pytest.mark.parametrize("text, status", QUADRATIC, ids=[str(k) for k in range(len(QUADRATIC))])
def test_a_matrix_between_transposes_is_not_read_as_a_vector(text, status):
    assert _statuses(text)[-1][0] == status


# (document, status): a row [x_1 ... x_n] times a column [y_1 \\ ... \\ y_n] was the
# entrywise product (the literal's orientation is not kept): ambiguous
ROW_TIMES_COLUMN = [
    (r"$$ \begin{bmatrix} x_1 & x_2 & \dots & x_n \end{bmatrix} \begin{bmatrix} y_1 \\ y_2 \\ "
     r"\vdots \\ y_n \end{bmatrix} = \sum_{i=1}^n x_i y_i $$", "diagnostic"),
    (r"$$ 2 \begin{bmatrix} y_1 & \dots & y_n \end{bmatrix} = \mathbf y + \mathbf y $$", "proved"),
]


@pytest.mark.parametrize("text, status", ROW_TIMES_COLUMN, ids=["row-column", "scaled"])
def test_two_vector_literals_side_by_side_are_ambiguous(text, status):
    assert _statuses(text)[-1][0] == status


# (document, status): a transpose times the all-ones vector sums the entries (F21: it
# said "softmax(...) needs a vector argument"); a number after a transpose has no entries
ONES_AFTER = [
    (r"$$ \mathbf p^\top \mathbf 1 = \sum_i p_i $$", "proved"),
    (r"$$ \mathbf 1^\top \mathbf 1 = n $$", "proved"),
    (r"$$ \mathbf 1^\top \mathbf p = \mathbf p^\top \mathbf 1 $$", "proved"),
    (r"$$ \mathbf 1^\top \mathbf 1 = n + 1 $$", "refuted"),
    (r"$$ \mathbf p^\top \mathbf 1 = \sum_i p_i^2 $$", "refuted"),
    (r"$$ \mathbf p^\top 2 = 2 $$", "diagnostic"),
]


@pytest.mark.parametrize("text, status", ONES_AFTER, ids=[str(k) for k in range(len(ONES_AFTER))])
def test_a_transpose_times_the_ones_vector_sums_the_entries(text, status):
    assert _statuses(text)[-1][0] == status

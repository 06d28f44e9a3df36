"""Vectors written whole: transposes, inner products, the length a vector has."""
from __future__ import annotations

import pytest
from sympy import IndexedBase, Sum

from derive.handcheck import parse_row
from derive.handcheck.document import transposable
from derive.handcheck.steps import check_derivation
from derive.symbols import i, n, x


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


h_ = IndexedBase("h", real=True)
# (source, the names the document transposes, its SymPy form, or None: not read).
# h^T is h transposed where the document writes h with one index and T is no symbol.
TRANSPOSED_NAMES = [
    (r"h^T \mathbf x", {"h"}, Sum(h_[i] * x[i], (i, 1, n))),
    (r"h^\top \mathbf x", {"h"}, Sum(h_[i] * x[i], (i, 1, n))),
    (r"h^{T} \cdot \mathbf x", {"h"}, Sum(h_[i] * x[i], (i, 1, n))),
    (r"h^T \mathbf x", set(), None),          # h never indexed: a power or a transpose?
    (r"h_k^T \mathbf x", {"h"}, None),        # h_k is a number here
    (r"e_i^T \mathbf x", set(), None),        # F12: a basis vector or a row of e?
    (r"e^T \mathbf x", set(), None),          # exp(T) x or e transposed?
]


@pytest.mark.parametrize("source, names, expected", TRANSPOSED_NAMES,
                         ids=[f"{s} {sorted(v)}" for s, v, _ in TRANSPOSED_NAMES])
def test_a_transpose_mark_on_a_name_the_document_indexes(source, names, expected):
    row = parse_row(source, transposable=names)
    kinds = [d.kind for d in row.diagnostics]
    if expected is None:
        assert "ambiguous" in kinds
    else:
        assert "ambiguous" not in kinds and row.chains[0].exprs[0] == expected


# (document texts, the vectors written with one index, those ^T transposes)
TRANSPOSABLE = [
    ([r"h^T y", r"h_i + y_i"], {"h", "y"}, {"h", "y"}),
    ([r"h^{\top} y", r"\mathbf{W}^{\mathsf{T}} h"], {"h"}, {"h"}),
    ([r"h^T y", r"\sum_{t=1}^{T} h_t"], {"h"}, set()),     # T a bound
    ([r"h^T y", r"x_T"], {"h"}, set()),                    # T an index
    ([r"h^T y", r"\prod^{T}_{t=1} h_t"], {"h"}, set()),
    ([r"h^T y", r"f(T) = 2"], {"h"}, set()),               # T an argument
    ([r"h^T y", r"T = 10"], {"h"}, set()),                 # T defined
]


@pytest.mark.parametrize("texts, vectors, expected", TRANSPOSABLE,
                         ids=[str(k) for k in range(len(TRANSPOSABLE))])
def test_the_document_says_which_names_are_transposed(texts, vectors, expected):
    assert transposable(vectors, texts) == expected


# (document, status of its last row): a bmatrix literal transposed, and h^T in a document
ROW_LITERAL = r"\begin{bmatrix} x_1 & x_2 & \dots & x_n \end{bmatrix}"
TRANSPOSES_IN_DOCUMENTS = [
    (rf"$$ {ROW_LITERAL}^T = \mathbf x $$", "proved"),
    (rf"$$ {ROW_LITERAL}^\top = \mathbf x $$", "proved"),
    (rf"$$ {ROW_LITERAL}^T = 2 \mathbf x $$", "refuted"),
    (r"$$ \begin{bmatrix} y_1 & \dots & y_{k-1} & y_k - 1 & y_{k+1} & \dots & y_n "
     r"\end{bmatrix}^T = \mathbf y $$", "refuted"),
    (r"$$ \begin{bmatrix} y_1 & \dots & y_{k-1} & y_k - 1 & y_{k+1} & \dots & y_n "
     r"\end{bmatrix}^T = \begin{bmatrix} y_1 & \dots & y_{k-1} & y_k - 1 & y_{k+1} & \dots & y_n "
     r"\end{bmatrix} $$", "proved"),
    (r"$$ \sum_{t=1}^T h_t = 1 $$" "\n\n" r"$$ h^T \mathbf x = \sum_i h_i x_i $$", "diagnostic"),
    # a row transposed times a vector: inner or entrywise product? (two vectors side by side)
    (rf"$$ {ROW_LITERAL}^T \mathbf y = \sum_i x_i y_i $$", "diagnostic"),
    # a column transposed is a row: not read alone
    (r"$$ \begin{bmatrix} x_1 \\ \dots \\ x_n \end{bmatrix}^T = \mathbf x $$", "diagnostic"),
    (r"$$ h^T \mathbf x = \sum_i h_i x_i $$", "proved"),
    (r"$$ h^T \mathbf x = \sum_i h_i x_i + 1 $$", "refuted"),
    (r"$$ h^T \mathbf x = \sum_{i=1}^{T} h_i x_i $$", "diagnostic"),
    (r"$$ h^T \mathbf x = 1 $$", "diagnostic"),
]


@pytest.mark.parametrize("text, status", TRANSPOSES_IN_DOCUMENTS,
                         ids=[str(k) for k in range(len(TRANSPOSES_IN_DOCUMENTS))])
def test_transposes_in_documents(text, status):
    assert _statuses(text)[-1][0] == status

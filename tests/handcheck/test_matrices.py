"""Matrices of a general size written with dots: read by the pattern their entries show."""
from __future__ import annotations

import pytest
from sympy import KroneckerDelta

from derive.errors import ParseError
from derive.handcheck import parse_row
from derive.handcheck.steps import check_derivation
from derive.symbols import i, j, n, y

d = KroneckerDelta(i, j)


def _matrix(rows):
    return r"\begin{bmatrix} " + r" \\ ".join(" & ".join(r) for r in rows) + r" \end{bmatrix}"


JACOBIAN = _matrix([["y_1 - y_1 y_1", "-y_1 y_2", r"\dots", "-y_1 y_n"],
                    ["-y_2 y_1", "y_2 - y_2 y_2", r"\dots", "-y_2 y_n"],
                    [r"\vdots", r"\ddots"],
                    ["-y_n y_1", "-y_n y_2", r"\dots", "y_n - y_n y_n"]])
LOG_JACOBIAN = _matrix([["1 - y_1", "- y_2", "...", "- y_n"], ["- y_1", "1 - y_2", "...", "- y_n"],
                        [r"\vdots", r"\ddots"], ["- y_1", "- y_2", "...", "1 - y_n"]])
# (2, 1) is y_2 y_1 where the others give -y_r y_c (file 01 of the corpus)
SLIPPED = JACOBIAN.replace("-y_2 y_1", "y_2 y_1")

# (source, the entry (i, j) it becomes)
CASES = [
    (JACOBIAN, (y[i] - y[i] ** 2) * d - y[i] * y[j] * (1 - d)),
    (LOG_JACOBIAN, (1 - y[i]) * d - y[j] * (1 - d)),
    (_matrix([["1", "0", r"\cdots", "0"], ["0", "1", r"\cdots", "0"], [r"\vdots", r"\ddots"],
              ["0", "0", r"\cdots", "1"]]), d),
]


@pytest.mark.parametrize("source, expected", CASES, ids=["jacobian", "log-jacobian", "identity"])
def test_a_dotted_matrix_reads_as_its_pattern(source, expected):
    assert str(parse_row(source).chains[0].exprs[0]) == str(expected)


# (source, fragment of the error): what the dots stand for cannot be told
ERRORS = [
    # rows 1 and n, columns 1, 2 and n: at n = 3 row 2 would be hidden
    (_matrix([["y_1", "-y_1 y_2", r"\dots", "y_n"], [r"\vdots"], ["y_n", "y_2 y_n", r"\dots", "y_1"]]),
     "follow no single pattern"),
    (_matrix([["y_1", r"\dots", "y_n"], ["y_2", r"\dots", "y_n"]]), "one row of dots"),
    (_matrix([["y_1", "y_2", r"\dots"], [r"\vdots"], ["y_n", "y_1", r"\dots"]]),
     "between the first columns and the last ones"),
    (_matrix([["x_{i1}", r"\dots", "x_{in}"], [r"\vdots"], ["x_{n1}", r"\dots", "x_{nn}"]]),
     "numbered from 0 or 1 to one symbol"),
]


@pytest.mark.parametrize("source, fragment", ERRORS, ids=[str(k) for k in range(len(ERRORS))])
def test_a_matrix_whose_pattern_is_unclear_is_not_read(source, fragment):
    with pytest.raises(ParseError) as err:
        parse_row(source)
    assert fragment in str(err.value)


# a matrix whose written entries follow no single pattern: what its dots stand for is a
# guess (read at its written places at n = 3, a banded matrix's zeros were read as entries)
TRIDIAGONAL = _matrix([["2", "-1", r"\dots", "0"], ["-1", "2", r"\dots", "0"], [r"\vdots", r"\ddots"],
                       ["0", "0", r"\dots", "2"]])


@pytest.mark.parametrize("text", [
    SLIPPED + r" = \operatorname{diag}(y) - y y^T",
    TRIDIAGONAL + r" = 2\delta_{ij} - \delta_{i,j+1} - \delta_{i+1,j}",
    TRIDIAGONAL + r" = 2\delta_{ij}",
], ids=["slipped", "tridiagonal true", "tridiagonal false"])
def test_a_matrix_without_one_pattern_is_not_read(text):
    with pytest.raises(ParseError) as err:
        parse_row(text)
    assert "no single pattern" in str(err.value)


def test_a_matrix_over_another_range_is_ambiguous():
    zero = _matrix([["w_0", r"\dots", "0"], [r"\vdots", r"\ddots"], ["0", r"\dots", "w_n"]])
    row = parse_row(zero + r" = \operatorname{diag}(\mathbf w)")
    assert "ambiguous" in [dg.kind for dg in row.diagnostics]


# (document, status): true claims proved, false ones refuted
CLAIMS = [
    (rf"$$ {JACOBIAN} = \operatorname{{diag}}(y) - y y^T $$", "proved"),
    (rf"$$ {LOG_JACOBIAN} = I - \mathbf{{1}} y^T $$", "proved"),
    (rf"$$ {LOG_JACOBIAN} = I - y \mathbf{{1}}^T $$", "refuted"),      # transposed
    (rf"$$ {JACOBIAN.replace('y_n - y_n y_n', 'y_n + y_n y_n')} = \operatorname{{diag}}(y) $$",
     "diagnostic"),
    (rf"$$ {JACOBIAN} = \operatorname{{diag}}(y) + y y^T $$", "refuted"),
    # no single pattern: not read (a guess), whether true or false
    (rf"$$ {SLIPPED} = \operatorname{{diag}}(y) - y y^T $$", "diagnostic"),
    (r"$$ " + _matrix([["y_1", r"\dots", "y_n"], [r"\vdots"], ["y_n", r"\dots", "y_1"]]) + " = 0 $$",
     "diagnostic"),
]


@pytest.mark.parametrize("text, status", CLAIMS, ids=[str(k) for k in range(len(CLAIMS))])
def test_claims_with_dotted_matrices(text, status):
    (step,) = check_derivation(text, kind="md", timeout=10).steps
    assert step.status == status, step.detail


ONES = _matrix([["1", "1", r"\dots", "1"], ["1", "1", r"\dots", "1"], [r"\vdots", r"\ddots"],
                ["1", "1", r"\dots", "1"]])
ROWS_Y = _matrix([["y_1", "y_1", r"\dots", "y_1"], ["y_2", "y_2", r"\dots", "y_2"],
                  [r"\vdots", r"\ddots"], ["y_n", "y_n", r"\dots", "y_n"]])

# (document, status): a product or a power of matrices read entry by entry would be the
# entrywise one (J J = J for the all-ones J, which is n J): not read; a sum is still read
PRODUCTS = [
    (rf"$$ {ONES} {ONES} = {ONES} $$", "diagnostic"),
    (rf"$$ {ONES} \cdot {ONES} = {ONES} $$", "diagnostic"),
    (rf"$$ ({ONES})^2 = {ONES} $$", "diagnostic"),
    (rf"$$ {ROWS_Y} {ROWS_Y} = \mathbf y \mathbf y^\top $$", "diagnostic"),
    (rf"$$ \operatorname{{diag}}(\mathbf w) {ONES} = \operatorname{{diag}}(\mathbf w) $$",
     "diagnostic"),
    (r"$$ \operatorname{diag}(\mathbf w) \mathbf 1 \mathbf 1^\top = \mathbf w \mathbf 1^\top $$",
     "diagnostic"),
    (r"$$ (I - \mathbf 1 \mathbf 1^\top)^2 = I - \mathbf 1 \mathbf 1^\top $$", "diagnostic"),
    (rf"$$ {ONES} + {ONES} = 2 {ONES} $$", "proved"),
    (rf"$$ {ONES} = \mathbf 1 \mathbf 1^\top $$", "proved"),
    (rf"$$ {ROWS_Y} = \mathbf y \mathbf 1^\top $$", "proved"),
    (rf"$$ {ONES} = 2 \mathbf 1 \mathbf 1^\top $$", "refuted"),
]


@pytest.mark.parametrize("text, status", PRODUCTS, ids=[str(k) for k in range(len(PRODUCTS))])
def test_a_product_of_matrices_is_not_read_entrywise(text, status):
    (step,) = check_derivation(text, kind="md", timeout=10).steps
    assert step.status == status, step.detail

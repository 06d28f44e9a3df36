"""A family named term by term (:mod:`derive.handcheck.termwise`).

Only a chain continuing a quantity names the terms of its sum; a bare equation
between two sums defines nothing entrywise, so what would follow only from an
entrywise reading must not be proved.
"""
from __future__ import annotations

import pytest

from derive.handcheck.steps import check_derivation

CASES = [
    # (finding F4) the equality of two sums says nothing about p_1 and y_1
    ("two sums equal: no entrywise definition",
     "$$ \\sum_{i=1}^n p_i = \\sum_{j=1}^n y_j $$\n\n$$ p_1 = y_1 $$\n", 3, {"unknown", "diagnostic"}),
    ("1^T p = 1^T y: no entrywise definition",
     "$$ \\mathbf{1}^\\top \\mathbf{p} = \\mathbf{1}^\\top \\mathbf{y} $$\n\n"
     "$$ \\mathbf p^\\top \\mathbf p = \\mathbf y^\\top \\mathbf y $$\n", 3, {"unknown", "diagnostic"}),
    ("a defined family renamed through sums is no definition either",
     "$$ p_i = e^{z_i} $$\n\n$$ q = \\sum_{i=1}^n p_i = \\sum_{j=1}^n y_j $$\n\n$$ p_1 = y_1 $$\n",
     5, {"unknown", "diagnostic"}),
    # the true variant: the sums' equality itself follows
    # (line 1 names undefined p and y, so line 3 rests on it: not refuted, not proved)
    ("the sums' equality is used as stated",
     "$$ \\sum_{i=1}^n p_i = \\sum_{j=1}^n y_j $$\n\n$$ 2 \\sum_{i=1}^n p_i = 2 \\sum_{j=1}^n y_j $$\n",
     3, {"proved", "unknown"}),
    ("a chain continuing a quantity names its terms",
     "$$ L = -\\sum_{j=1}^n y_j \\log p_j \\\\ = -\\sum_{j=1}^n \\ell_j $$\n\n"
     "$$ \\ell_k = y_k \\log p_k $$\n", 3, {"proved"}),
    ("a chain's named terms with the wrong sign",
     "$$ L = -\\sum_{j=1}^n y_j \\log p_j \\\\ = -\\sum_{j=1}^n \\ell_j $$\n\n"
     "$$ \\ell_k = -y_k \\log p_k $$\n", 3, {"refuted"}),
]


@pytest.mark.parametrize("text, line, allowed", [c[1:] for c in CASES], ids=[c[0] for c in CASES])
def test_terms_are_named_only_by_a_chain(text, line, allowed):
    report = check_derivation(text, kind="md", timeout=10.0)
    got = {s.line: s.status for s in report.steps}
    assert got.get(line) in allowed, report.steps

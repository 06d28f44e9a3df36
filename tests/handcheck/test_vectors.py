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

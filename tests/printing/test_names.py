"""Tests for derive.printing.names: symbol names as a mathematician writes them."""
from __future__ import annotations

import pytest

from derive.printing.names import document_name

# (name, the name handed to SymPy's splitter).
NAMES = [
    ("x", "x"), ("z_max", r"z_{\max}"), ("z_min", r"z_{\min}"), ("z_mid", "z_mid"),
    ("_s0", "s0"), ("__s1_", "s1_"), ("Dummy_1234", r"\xi"), ("λ₁", r"\lambda_1"),
    ("x²", "x^2"), ("λ_2", r"\lambda_2"), ("_", "_"),
    ("Lambda_max", r"\Lambda_{\max}"), ("theta_min", r"\theta_{\min}"),   # not the italic word
    ("\u2026", r"\dots"), ("\u22ef", r"\cdots"),          # what \\dots and \\cdots are read into
]


@pytest.mark.parametrize("name, printed", NAMES)
def test_document_name(name, printed):
    assert document_name(name) == printed


def test_document_name_rejects_a_text_only_letter():
    with pytest.raises(ValueError, match="symbol name"):
        document_name("é")

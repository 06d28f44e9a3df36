"""LaTeX documents: derivation documents, tables, the check report, and the PDF.

Modules:
    lines: ``to_latex_lines`` -- long equations broken to fit an A4 page.
    blocks, tables, document: the documents built from derivation results.
    checkreport: the annotated report of ``derive check`` on a user's file.
    pdf: ``compile_pdf`` -- pdflatex, run twice, its log parsed.

The expression printer and text escaping are :mod:`derive.printing`'s.

May import: :mod:`derive.printing`, :mod:`derive.atomic`, :mod:`derive.errors`, and the
result types of the deciding rooms (:mod:`derive.kernel.verdict`,
:mod:`derive.derivation.model`); no decider.
"""
from .document import (ErratumItem, IdentityEntry, combined_document, derivation_document,
                       derivation_fragment)
from ..printing.escape import escape_text
from .lines import to_latex_lines
from ..printing.printer import to_latex

__all__ = ["to_latex", "to_latex_lines", "escape_text", "derivation_fragment",
           "derivation_document", "combined_document", "IdentityEntry", "ErratumItem"]

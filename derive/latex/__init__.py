"""LaTeX documents: derivation documents, tables, the check report, and the PDF.

Modules:
    lines: ``to_latex_lines``, ``chain_lines`` -- long equations broken to fit the page.
    chains: steps set as chains of relations, justified beside or after them.
    steptext: a step's justification (caption or rule sentence) and its failure.
    verification, summary: the verification table; the summary page.
    blocks, tables, document, preamble: the documents built from derivation results.
    checkreport: the annotated report of ``derive check`` on a user's file.
    leaks: ``find_leaks`` -- SymPy class names or internal names in a document.
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

"""LaTeX output: the expression printer, text escaping and the documents.

Modules:
    printer: ``to_latex`` -- SymPy to LaTeX in the source documents' notation.
    lines: ``to_latex_lines`` -- long equations broken to fit an A4 page.
    width: ``math_width`` -- the width estimate the line breaker uses.
    escape: ``escape_text`` -- prose and titles for text mode.
    blocks, tables, document: the documents built from derivation results.
"""
from .document import (ErratumItem, IdentityEntry, combined_document, derivation_document,
                       derivation_fragment)
from .escape import escape_text
from .lines import to_latex_lines
from .printer import to_latex

__all__ = ["to_latex", "to_latex_lines", "escape_text", "derivation_fragment",
           "derivation_document", "combined_document", "IdentityEntry", "ErratumItem"]

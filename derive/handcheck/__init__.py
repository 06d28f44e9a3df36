"""The handcheck: reading a derivation written by hand, and checking it row by row.

Modules, in the order a document meets them:
    extract: the displayed equations of a ``.tex``/``.md`` file, and the
        ``given:``/``reset`` markers.
    parser, latex.lark, build: one formula to SymPy (a lark LALR grammar and its builder).
    notation, names, indexing: the notation rules, declared names and
        definitions, index letters and bound indices.
    diagnostics: well-formedness rules (index clashes, derivatives in absent variables).
    premises: the givens, definitions and conditions in scope.
    steps: ``check_derivation`` -- the step semantics, each obligation handed to the kernel.

May import: the kernel, :mod:`derive.errors`, :mod:`derive.symbols`, and the
derivation model at most.  Writing files and the LaTeX report are the
pipeline's and the latex room's (:mod:`derive.pipeline.checkfile`,
:mod:`derive.latex.checkreport`).
"""
from .diagnostics import Diagnostic
from .extract import Equation, extract_equations
from .names import Definition
from .parser import ParsedRow, parse_math, parse_row
from .steps import HandCheckReport, StepCheck, check_derivation

__all__ = ["parse_math", "parse_row", "ParsedRow", "Definition", "Diagnostic",
           "extract_equations", "Equation", "check_derivation", "HandCheckReport", "StepCheck"]

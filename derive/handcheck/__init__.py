"""The handcheck: reading a derivation written by hand, and checking it row by row.

Modules, in the order a document meets them:
    extract, rows: the displayed equations of a ``.tex``/``.md`` file and their
        rows; comments and their ``given:``/``reset`` markers.
    document: what the whole document says about each row (macros, counts, ranges).
    tex, texmacros: a row's TeX rewritten as TeX renders it; ambiguities reported.
    segment: a row cut into claims, row conditions, definitions, constraints.
    parser, latex.lark, build (with apply, operators, vectors, derivatives): one
        formula to SymPy (a lark LALR grammar and its builder).
    notation, names, scripts, arguments, expand, indexing: the notation rules,
        names and definitions, index letters and bound indices.
    diagnostics: well-formedness rules (index clashes, derivatives in absent
        variables, ambiguities, contradictions).
    scope, premises, solve: the hypotheses in scope, solved into substitutions.
    steps, run, definitions, proving, judge, outcome: ``check_derivation`` --
        the step semantics, each claim handed to the kernel.

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

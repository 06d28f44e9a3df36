"""Reading hand-written derivations: LaTeX formulas to SymPy, and displayed
equations out of ``.tex``/``.md`` files.

Public API:

* :func:`parse_math` / :func:`parse_row` -- one formula (:mod:`.parser`);
* :func:`extract_equations` -- the displayed equations of a file (:mod:`.extract`);
* :class:`Definition`, :class:`Diagnostic`, :class:`ParsedRow`, :class:`Equation`.

The notation rules are in :mod:`derive.parse.notation`.
"""
from .diagnostics import Diagnostic
from .extract import Equation, extract_equations
from .names import Definition
from .parser import ParsedRow, parse_math, parse_row

__all__ = ["parse_math", "parse_row", "ParsedRow", "Definition", "Diagnostic",
           "extract_equations", "Equation"]

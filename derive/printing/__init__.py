"""How mathematics is written: SymPy expressions to LaTeX, and text escaping.

Modules:
    printer: ``to_latex`` -- SymPy to LaTeX in the source documents' notation.
    width: ``math_width`` -- the width estimate the line breaker uses.
    escape: ``escape_text`` -- prose and titles for text mode.

Shared by every room (a verdict renders itself in Jupyter with it).

May import: :mod:`derive.errors` only.
"""

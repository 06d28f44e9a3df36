"""The annotated LaTeX report of ``derive check`` on a user's file.

It reads the :class:`~derive.handcheck.steps.HandCheckReport` only through its
fields (steps with line, source, parsed form, status, method, detail and
counterexample), so the latex room needs no decider.
"""
from __future__ import annotations

from .blocks import display_math
from ..printing.escape import escape_text
from ..printing.printer import to_latex

__all__ = ["report_tex"]

_MARK = {"proved": r"\checkmark", "refuted": r"\times", "unknown": "?", "diagnostic": "!",
         "assumed": r"\cdot"}


def report_tex(report, *, source: str) -> str:
    """An annotated LaTeX document: every row, its reading and its verdict."""
    first = report.first_failure
    verdict = (f"The first failing step is on line {first.line}." if first
               else "Every step is proved." if report.ok else "Nothing was proved.")
    body = [
        "\\documentclass[11pt]{article}",
        "\\usepackage[T1]{fontenc}",
        "\\usepackage[utf8]{inputenc}",
        "\\usepackage{amsmath,amssymb}",
        "\\usepackage[margin=2.2cm]{geometry}",
        "\\begin{document}",
        f"\\section*{{Check of \\texttt{{{escape_text(source, strict=False)}}}}}",
        escape_text(verdict, strict=False),
        "",
    ]
    for step in report.steps:
        body += _tex_step(step)
    body.append("\\end{document}")
    return "\n".join(body) + "\n"


def _tex_step(step) -> list:
    head = (f"\\subsection*{{$\\left[{_MARK[step.status]}\\right]$ Line {step.line}: "
            f"{escape_text(step.status, strict=False)}}}")
    lines = [head, f"\\noindent\\texttt{{{escape_text(step.source, strict=False)}}}"]
    if step.parsed is not None:
        for rel in (step.parsed.args if step.parsed.func.__name__ == "Tuple" else (step.parsed,)):
            lines.append(_display(rel))
    note = step.method + (f"; {step.detail}" if step.detail else "")
    lines.append("\\noindent " + escape_text(note, strict=False))
    if step.counterexample:
        pairs = ", ".join(f"{_latex(k)} = {_latex(v)}" for k, v in
                          sorted(step.counterexample.items(), key=lambda kv: str(kv[0])))
        lines.append(f"\n\\noindent Counterexample: ${pairs}$")
    return lines + [""]


def _display(expr) -> str:
    try:
        return display_math(expr)
    except (TypeError, ValueError, AttributeError, NotImplementedError):
        return "\\begin{center}\\texttt{%s}\\end{center}" % escape_text(str(expr), strict=False)


def _latex(e) -> str:
    try:
        return to_latex(e)
    except (TypeError, ValueError, AttributeError, NotImplementedError):
        return "\\text{%s}" % escape_text(str(e), strict=False)

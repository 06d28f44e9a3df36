"""The engine's one error hierarchy.

Mistakes by the caller (a string where a SymPy expression belongs, a
negative timeout) raise the built-in ``TypeError``/``ValueError`` with a
message naming the argument.  Everything the engine itself detects derives
from :class:`DeriveError`.
"""
from __future__ import annotations

__all__ = [
    "DeriveError",
    "RuleNotApplicable",
    "GuardNotDischarged",
    "StepFailed",
    "ParseError",
    "PdfError",
    "CheckTimeout",
]


class DeriveError(Exception):
    """Root of every error the engine raises on its own account."""


class RuleNotApplicable(DeriveError):
    """A derivation rule was asked to act on a premise it does not fit."""


class GuardNotDischarged(DeriveError):
    """A Piecewise guard produced by SymPy could not be decided from the index facts.

    Raised instead of dropping the guard: dropping it silently would let a
    claim about ``k > n`` pass as a claim about ``1 <= k <= n``.
    """


class StepFailed(DeriveError):
    """A derivation step does not follow; names the step and carries the verdict."""

    def __init__(self, step: str, verdict, message: str = ""):
        self.step = step
        self.verdict = verdict
        super().__init__(message or f"step {step!r} does not follow: {verdict.detail}")


class ParseError(DeriveError):
    """Input text could not be read; carries the 1-based line number."""

    def __init__(self, message: str, line: int | None = None):
        self.line = line
        super().__init__(f"line {line}: {message}" if line is not None else message)


class PdfError(DeriveError):
    """pdflatex is missing (when the PDF was required) or reported errors."""


class CheckTimeout(BaseException):
    """Internal: a time budget ran out.

    A ``BaseException`` on purpose: SymPy catches ``Exception`` in many places,
    and must not swallow the signal that stops it.
    """

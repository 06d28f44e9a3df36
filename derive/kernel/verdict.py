"""The result of checking one claim."""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Mapping

__all__ = ["Verdict", "PROVED", "REFUTED", "UNKNOWN"]

PROVED, REFUTED, UNKNOWN = "proved", "refuted", "unknown"
_STATUSES = (PROVED, REFUTED, UNKNOWN)


@dataclass(frozen=True)
class Verdict:
    """How a claim was settled.

    Attributes:
        status: exactly one of ``"proved"``, ``"refuted"``, ``"unknown"``.
        method: the strategy that settled it (``"cancel"``, ``"sum-normal-form"``,
            ``"numeric counterexample (mpmath, 50 digits)"``, ...).
        counterexample: for ``"refuted"``, symbol -> value where the claim is false,
            confirmed in high precision; otherwise ``None``.
        seconds: wall time spent.
        detail: one human-readable sentence (the residual when not proved).
        claim: the claim that was checked, for display.

    Example:
        >>> from sympy import symbols, Eq
        >>> x = symbols('x')
        >>> bool(Verdict(PROVED, "expand", None, 0.0, "difference expands to 0"))
        True
    """

    status: str
    method: str
    counterexample: Mapping[Any, Any] | None = field(default=None, hash=False, compare=False)
    seconds: float = field(default=0.0, compare=False)
    detail: str = ""
    claim: Any = field(default=None, compare=False)

    def __post_init__(self):
        if self.status not in _STATUSES:
            raise ValueError(f"status must be one of {_STATUSES}, got {self.status!r}")
        if (self.counterexample is not None) != (self.status == REFUTED):
            raise ValueError("a counterexample goes with status 'refuted' and only with it")

    def __bool__(self) -> bool:
        return self.status == PROVED

    @property
    def proved(self) -> bool:
        return self.status == PROVED

    @property
    def refuted(self) -> bool:
        return self.status == REFUTED

    def __str__(self) -> str:
        text = f"{self.status} by {self.method} ({self.seconds:.3f} s)"
        if self.counterexample:
            pairs = ", ".join(f"{k} = {v}" for k, v in self.counterexample.items())
            text += f"; counterexample: {pairs}"
        if self.detail:
            text += f"; {self.detail}"
        return text

    def _repr_latex_(self) -> str:
        from ..printing.printer import to_latex
        from ..printing.escape import escape_text

        mark = {PROVED: r"\checkmark", REFUTED: r"\times", UNKNOWN: "?"}[self.status]
        body = to_latex(self.claim) if self.claim is not None else ""
        text = escape_text(f" {self.status} by {self.method}")
        cex = ""
        if self.counterexample:
            cex = r",\ \text{counterexample: }" + r",\ ".join(
                f"{to_latex(k)} = {to_latex(v)}" for k, v in self.counterexample.items()
            )
        return f"$\\displaystyle {body} \\quad {mark}\\ \\text{{{text}}}{cex}$"

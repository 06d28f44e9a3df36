"""How a derivation was verified: its figures, and its one verification table.

The table lists every equation of the derivation (the method that proved it
for general ``n``, the fixed-``n`` re-checks and how many index assignments
they covered), then every numerical cross-check, one row per check and
dimension, the errors in aligned columns.  :class:`Figures` holds the counts
that the summaries quote.
"""
from __future__ import annotations

import math
import re
from dataclasses import dataclass
from typing import Sequence

from ..derivation.model import DerivationResult, NumericCheck, StepResult
from ..kernel.verdict import PROVED, REFUTED
from .blocks import format_range, method_words
from .preamble import MARKS
from ..printing.escape import escape_text
from ..printing.prose import prose_tex

__all__ = ["Figures", "figures", "step_status", "numeric_label", "verification_table",
           "format_number", "statement_kind"]


@dataclass(frozen=True)
class Figures:
    """The headline numbers of one derivation result."""

    steps: int
    proved: int
    rechecks: int            # (step, n) pairs re-derived at a fixed dimension
    rechecks_holding: int
    assignments: int         # index assignments those re-checks covered
    dimensions: tuple[int, ...]
    numeric: int
    numeric_within: int
    worst: NumericCheck | None   # the check with the largest error


def figures(result: DerivationResult) -> Figures:
    """The counts of ``result`` (see :class:`Figures`)."""
    instances = [c for s in result.steps for c in s.instances]
    worst = max(result.numeric, default=None,
                key=lambda c: math.inf if math.isnan(c.max_error) else c.max_error)
    return Figures(len(result.steps), sum(s.ok for s in result.steps), len(instances),
                   sum(c.status == PROVED for c in instances),
                   sum(c.assignments for c in instances),
                   tuple(sorted({c.n for c in instances})), len(result.numeric),
                   sum(c.ok for c in result.numeric), worst)


def statement_kind(result: DerivationResult) -> tuple[str, str]:
    """``("theorem", "Theorem")``, or ``("claim", "Claim")`` when a step does not hold.

    A statement whose proof stops at a step that does not follow is not a
    theorem of the document, whatever its source says.
    """
    if result.failed_step is not None or not all(s.ok for s in result.steps):
        return "claim", "Claim"
    return "theorem", "Theorem"


def step_status(result: StepResult) -> str:
    """``proved``, ``refuted`` or ``unknown``: what the step's mark shows."""
    if result.ok:
        return PROVED
    if result.verdict.status == REFUTED or any(c.status == REFUTED for c in result.instances):
        return REFUTED
    return "unknown"


def format_number(x: float, *, column: bool = True) -> str:
    """Text-mode LaTeX for an error or tolerance: ``$2.6\\times10^{-9}$``, ``$0$``, ``$\\infty$``.

    Two significant digits.  For a table ``column`` a one-digit exponent is
    padded with a phantom digit, so that the entries have one width; in
    running text it is not.
    """
    if math.isnan(x):
        return "NaN"
    if math.isinf(x):
        return r"$\infty$" if x > 0 else r"$-\infty$"
    if x == 0:
        return "$0$"
    mantissa, exponent = f"{x:.1e}".split("e")
    exp = int(exponent)
    pad = r"\phantom{0}" if abs(exp) < 10 and column else ""
    # no phantom sign before a positive exponent: its gap reads as a lost minus
    return r"$%s\times10^{%s%d%s}$" % (mantissa, "-" if exp < 0 else "", abs(exp), pad)


def numeric_label(check: NumericCheck, labels: dict[str, str],
                  numbers: dict[str, str] | None = None) -> str:
    """Text-mode LaTeX naming ``check``: the derivation's label, else its description.

    A description names a step by its identifier in words (``the step 'p k
    equals 1 over n'``); the document names it by its equation number,
    ``(1.6)``, from ``numbers`` (step name -> number), never by the identifier.
    """
    if check.name in labels:
        label = labels[check.name]
        label = label[:1].upper() + label[1:]      # "$x$ ..." keeps its math as written
        return prose_tex(label, what=f"label of check {check.name!r}")
    text = check.description or "numerical check"
    pieces, last = [], 0
    for found in _QUOTED_STEP.finditer(text):
        name = found.group(2).replace(" ", "_")
        number = (numbers or {}).get(name)
        pieces += [escape_text(text[last:found.start()]),
                   "%s %s" % (found.group(1), number) if number else "a step"]
        last = found.end()
    out = "".join(pieces) + escape_text(text[last:])
    return out[:1].upper() + out[1:]


# how a generated description quotes a step: its identifier with spaces for underscores
_QUOTED_STEP = re.compile(r"\b((?:the )?step) '([A-Za-z0-9 ]+)'", re.IGNORECASE)


_AFTER_N = r"\hspace{1.5em}"
_COLUMNS = (r"@{}L{0.085\textwidth}L{0.41\textwidth}R{0.1\textwidth}L{0.15\textwidth}"
            r"L{0.15\textwidth}C{0.035\textwidth}@{}")
# columns 2 to 4 as one: their widths and the inner padding they had
_METHOD_SPAN = r"\multicolumn{3}{L{\dimexpr0.66\textwidth+4\tabcolsep\relax}}{%s}"
_COUNT = r"\multicolumn{1}{R{0.15\textwidth}}{%s}"


def verification_table(result: DerivationResult, numbers: dict[str, str], *, label: str) -> str:
    """The derivation's verification table (a ``longtable`` with a caption).

    Args:
        result: the derivation result.
        numbers: step name -> text-mode LaTeX of its equation number.
        label: the table's ``\\label``.
    """
    groups = _groups(result.numeric)
    fig = figures(result)
    # The method spans three columns, the fixed-n count sits in the fourth:
    # the longest methods ("..., then a case split on the Kronecker delta") fit.
    if fig.dimensions:
        rows = [r"Eq. & %s & %s & \\" % (_METHOD_SPAN % "proved for general $n$ by",
                                        _COUNT % "re-checked at"),
                r" & %s & %s & \\" % (_METHOD_SPAN % "", _COUNT % (
                    "$n = %s$" % format_range(list(fig.dimensions)))), r"\midrule"]
    else:
        rows = [r"Eq. & %s & & \\" % (_METHOD_SPAN % "proved for general $n$ by"), r"\midrule"]
    for s in sorted(result.steps, key=lambda s: _order(numbers, s.name)):
        rows.append(_step_row(s, numbers[s.name]))
    if result.numeric:
        rows += [r"\midrule", r"\multicolumn{2}{@{}l}{numerical cross-check} & $n$%s & " % _AFTER_N +
                 r"max.\ error & tolerance & \\", r"\midrule"]
        labels = dict(result.derivation.numeric_labels)
        stale = sorted(set(labels) - {name for name, _ in groups})
        if stale:
            # a renamed check would silently lose its label and print its generated words
            raise ValueError(f"derivation {result.derivation.name!r}: numeric_labels name "
                             f"{stale[0]!r}, which is not one of its numerical checks "
                             f"({', '.join(name for name, _ in groups)})")
        for name, group in groups:
            methods = sorted({c.method for c in group})
            head = numeric_label(group[0], labels, numbers) + r" {\footnotesize(%s)}" % escape_text(
                "; ".join(methods))
            rows.append(r"\multicolumn{6}{@{}p{\textwidth}@{}}{%s} \\*" % head)
            for c in group:
                # a gap after n: "1 0" must not read as "10"
                rows.append(r" & & %d%s & %s & %s & %s \\" % (
                    c.n, _AFTER_N, format_number(c.max_error), format_number(c.tolerance),
                    MARKS[PROVED] if c.ok else MARKS[REFUTED]))
    caption = (r"Verification of Section~\ref{%s}: %d of %d equations proved for general $n$"
               % (label.replace("tab:", "sec:", 1), fig.proved, fig.steps))
    if fig.rechecks:
        caption += ", %d of %d fixed-$n$ re-checks hold" % (fig.rechecks_holding, fig.rechecks)
    if fig.numeric:
        caption += ", %d of %d numerical cross-checks within tolerance" % (
            fig.numeric_within, fig.numeric)
    caption += "."
    if any(not s.instances for s in result.steps) and fig.rechecks:
        caption += (r" Re-checked: the index assignments at which the step was derived again "
                    r"with explicit symbols; a dash: the step is proved for general $n$ only.")
    elif fig.rechecks:
        caption += (r" Re-checked: the index assignments at which the step was derived again "
                    r"with explicit symbols.")
    if fig.numeric:
        caption += " Errors are absolute; agreement is evidence, never proof."
    return "\n".join([
        r"\begingroup\small\setlength{\tabcolsep}{3pt}",
        r"\begin{longtable}{%s}" % _COLUMNS,
        r"\caption{%s}\label{%s}\\" % (caption, label),
        r"\toprule",
        *rows,
        r"\bottomrule",
        r"\end{longtable}",
        r"\endgroup",
    ])


def _order(numbers: dict[str, str], name: str) -> int:
    return list(numbers).index(name)


def _step_row(s: StepResult, number: str) -> str:
    status = step_status(s)
    method = escape_text(method_words(s.verdict.method)) if s.verdict.method else "no method"
    if s.verdict.status != PROVED:
        method = r"\textbf{%s}: %s" % (s.verdict.status, method)
    count = "---"
    if s.instances:
        count = "%d" % sum(c.assignments for c in s.instances)
        bad = [c.n for c in s.instances if c.status != PROVED]
        if bad:
            method += r"; \textbf{fails at} $n = %s$" % format_range(bad)
    return r"%s & %s & %s & %s \\" % (number, _METHOD_SPAN % method, _COUNT % count, MARKS[status])


def _groups(checks: Sequence[NumericCheck]) -> list[tuple[str, list[NumericCheck]]]:
    """Checks grouped by name, groups in order of first appearance, rows by n."""
    groups: dict[str, list[NumericCheck]] = {}
    for c in checks:
        if not isinstance(c, NumericCheck):
            raise TypeError(f"numeric checks must be NumericCheck objects, got {c!r}")
        groups.setdefault(c.name, []).append(c)
    return [(name, sorted(group, key=lambda c: c.n)) for name, group in groups.items()]

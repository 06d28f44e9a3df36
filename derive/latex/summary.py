"""The front matter: a one-page summary of what was derived and how it was verified.

:func:`front_summary` opens the combined document: each derivation's result
with a pointer to its theorem, what was verified and how (symbolically for
general ``n``, re-derived at fixed ``n``, numerically against a solver and
high-precision references), and a table of the headline numbers.
:func:`derivation_abstract` is the same in a paragraph, for a document that
holds one derivation.  Everything is computed from the results.
"""
from __future__ import annotations

from collections import Counter
from typing import Sequence

from ..derivation.model import DerivationResult
from ..kernel.verdict import PROVED, REFUTED
from .blocks import format_range, inline_math, make_label, method_words
from ..printing.escape import escape_text
from .verification import Figures, figures, format_number, statement_kind

__all__ = ["front_summary", "derivation_abstract", "headline"]


def headline(result: DerivationResult) -> str:
    """Text-mode LaTeX of the derivation's result: the equation of its ``result`` step."""
    deriv = result.derivation
    shown = {s.name: s.step for s in result.steps}
    name = deriv.result or next((s.name for s in reversed(deriv.steps)
                                 if s.section == "derivation"), "")
    step = shown.get(name)
    if step is None:
        return escape_text(deriv.summary)
    tex = inline_math(step.display if step.display is not None else step.claim)
    # an inline result is not to be broken at its "=" sign
    return r"\mbox{%s}" % tex if tex.startswith("$") else tex


def _methods(results: Sequence[DerivationResult]) -> str:
    """The rewrites the proofs used, most used first: 'the normal form of sums (31 steps), ...'."""
    counts: Counter = Counter()
    for r in results:
        for s in r.steps:
            if s.verdict.status == PROVED:
                counts.update({m.strip() for alt in s.verdict.method.split(" ; ")
                               for m in alt.split(" + ") if m.strip()})
    items = sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))
    # the few that do most of the work; the long tail is in each derivation's table
    shown, rest = items[:_MOST_USED], items[_MOST_USED:]
    words = ["%s (%d)" % (escape_text(method_words(m)), c) for m, c in shown]
    if words:
        words[0] = words[0][:-1] + " steps)"
    if len(rest) == 1:
        words.append("%s (%d)" % (escape_text(method_words(rest[0][0])), rest[0][1]))
    elif rest:
        words.append("and %d other rewrites (%d uses), listed in the verification tables"
                     % (len(rest), sum(c for _, c in rest)))
    return ", ".join(words)


_MOST_USED = 5
# one page: list items set closer than the article default
_ITEMIZE = r"\begin{itemize}\setlength{\itemsep}{0pt}\setlength{\parsep}{0pt}"


def _numeric_methods(results: Sequence[DerivationResult]) -> str:
    methods = sorted({c.method for r in results for c in r.numeric})
    return "; ".join(escape_text(m) for m in methods)


def _worst(fig: Figures) -> str:
    return "---" if fig.worst is None else format_number(fig.worst.max_error, column=False)


def _verified_items(results: Sequence[DerivationResult], figs: list[Figures]) -> list[str]:
    steps = sum(f.steps for f in figs)
    proved = sum(f.proved for f in figs)
    items = [r"\item \emph{Symbolically, for general $n$.} Each of the %d steps is a proof "
             r"obligation for derive's checker, which accepts a step only after an "
             r"equivalence-preserving rewrite reaches zero or a sign follows from the "
             r"assumptions; numbers never prove anything. %d of %d steps are proved; the "
             r"rewrites used are %s."
             % (steps, proved, steps, _methods(results))]
    rechecks = sum(f.rechecks for f in figs)
    if rechecks:
        dims = sorted({d for f in figs for d in f.dimensions})
        items.append(
            r"\item \emph{At fixed $n$.} Every step whose rule can be instantiated is derived "
            r"again with explicit symbols at $n = %s$, independently of the general proof: "
            r"%d of %d re-checks hold, over %d index assignments."
            % (format_range(dims), sum(f.rechecks_holding for f in figs), rechecks,
               sum(f.assignments for f in figs)))
    numeric = sum(f.numeric for f in figs)
    if numeric:
        items.append(
            r"\item \emph{Numerically.} A convex solver solves each original problem, and its "
            r"optimum and multipliers are compared with the derived formulas; the closed "
            r"forms in double precision are compared with 50-digit references (%s). %d of %d "
            r"cross-checks are within tolerance. This is evidence, not proof."
            % (_numeric_methods(results), sum(f.numeric_within for f in figs), numeric))
    return items


def front_summary(results: Sequence[DerivationResult], *, identities: Sequence = (),
                  errata: Sequence = ()) -> str:
    """The summary page (text-mode LaTeX, ending with ``\\clearpage``).

    Args:
        results: the derivation results, in document order.
        identities: :class:`derive.latex.tables.IdentityEntry` objects.
        errata: ``(source_key, [ErratumItem, ...])`` pairs.
    """
    figs = [figures(r) for r in results]
    parts = [r"\section*{Summary}"]
    if results:
        derived = [r"\item %s (%s~\ref{%s}%s, p.~\pageref{%s}): %s" % (
            escape_text(r.derivation.title), statement_kind(r)[1], make_label("thm", r.name),
            "" if statement_kind(r)[0] == "theorem" else r", \textbf{not proved}",
            make_label("thm", r.name), headline(r)) for r in results]
        parts += [r"\paragraph{What is derived.}", _ITEMIZE, *derived, r"\end{itemize}"]
    items = _verified_items(results, figs) if results else []
    if identities:
        counts = Counter(e.verdict.status for e in identities)
        items.append(r"\item \emph{Identities.} %d identities stated in the sources are checked "
                     r"the same way (Section~\ref{sec:identities}): %s." % (
                         len(identities), ", ".join("%d %s" % (counts[s], s) for s in
                                                    (PROVED, REFUTED, "unknown") if counts[s])))
    problems = Counter(item.verdict for _, group in errata for item in group)
    if problems:
        items.append(r"\item \emph{Errata.} The audit of the %d sources finds %s claims, each "
                     r"with its correction (Section~\ref{sec:errata})." % (
                         len(errata), " and ".join("%d %s" % (n, escape_text(w))
                                                   for w, n in sorted(problems.items()))))
    if items:
        parts += [r"\paragraph{What is verified, and how.}", _ITEMIZE, *items,
                  r"\end{itemize}"]
    if results:
        parts.append(_numbers_table(results, figs))
    parts.append(r"\clearpage")
    return "\n".join(parts)


def _numbers_table(results: Sequence[DerivationResult], figs: list[Figures]) -> str:
    rows = []
    for r, f in zip(results, figs):
        rows.append(r"\ref{%s} & %s & %d/%d & %d/%d & %d/%d & %s \\" % (
            make_label("sec", r.name), escape_text(r.derivation.title.split(":")[0]),
            f.proved, f.steps, f.rechecks_holding, f.rechecks, f.numeric_within, f.numeric,
            _worst(f)))
    return "\n".join([
        r"\paragraph{Headline numbers.}\mbox{}\par\smallskip",
        r"\begingroup\small\setlength{\tabcolsep}{4pt}",
        r"\noindent\begin{tabular}{@{}R{0.03\textwidth}L{0.41\textwidth}R{0.09\textwidth}"
        r"R{0.1\textwidth}R{0.11\textwidth}L{0.14\textwidth}@{}}",
        r"\toprule",
        r"\S & derivation & steps proved & fixed-$n$ re-checks & numerical checks & "
        r"largest error \\",
        r"\midrule", *rows, r"\bottomrule", r"\end{tabular}", r"\endgroup\par\smallskip",
        r"{\footnotesize\noindent Largest error: the largest absolute error of the "
        r"derivation's numerical cross-checks (tolerances in Tables~\ref{%s}--\ref{%s}).\par}"
        % (make_label("tab", results[0].name), make_label("tab", results[-1].name))])


def derivation_abstract(result: DerivationResult) -> str:
    """One paragraph: what this derivation shows and the headline numbers of its verification."""
    f = figures(result)
    text = [r"\noindent\emph{In this document.} Every step of the proof of %s~\ref{%s} "
            r"is checked by machine:" % (statement_kind(result)[1], make_label("thm", result.name))]
    text.append("%d of %d steps are proved symbolically for general $n$" % (f.proved, f.steps))
    if f.rechecks:
        text[-1] += ", %d of %d re-derivations at $n = %s$ hold (%d index assignments)" % (
            f.rechecks_holding, f.rechecks, format_range(list(f.dimensions)), f.assignments)
    if f.numeric:
        text[-1] += (", and %d of %d numerical cross-checks are within tolerance (largest error %s)"
                     % (f.numeric_within, f.numeric, _worst(f)))
    return text[0] + " " + text[1] + r". Table~\ref{%s} lists them." % make_label("tab", result.name)

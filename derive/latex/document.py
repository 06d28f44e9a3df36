"""LaTeX documents from derivation results.

Three entry points, all pure functions returning the ``.tex`` source; the
output depends only on the arguments (no dates, no timings, stable order),
so a rerun is byte-identical:

* :func:`derivation_fragment` -- one derivation as a ``\\section``: each step
  as a labelled displayed equation, its rule in words and how it was
  verified, grouped into Derivation / Optimality / Limits subsections, then
  the numerical cross-check table;
* :func:`derivation_document` -- a standalone document for one derivation;
* :func:`combined_document` -- title page, sources, every derivation, the
  identities table and the errata.

Only packages from Debian's ``texlive-latex-base`` and
``texlive-latex-recommended`` are used (amsmath, amssymb, booktabs,
longtable, array, geometry, lmodern when present).
"""
from __future__ import annotations

import string
from typing import Any, Iterable, Sequence

from sympy import Basic, Eq

from ..derivation.model import SECTIONS, DerivationResult, Source, StepResult
from ..kernel.verdict import PROVED
from .blocks import method_words, display_math, format_range, humanize, inline_math, make_label
from ..printing.escape import escape_text
from .tables import (ErratumItem, IdentityEntry, errata_section, identities_section,
                     numeric_table, verdict_phrase)

__all__ = ["derivation_fragment", "derivation_document", "combined_document",
           "IdentityEntry", "ErratumItem", "PREAMBLE"]

PREAMBLE = r"""\usepackage[T1]{fontenc}
\usepackage[utf8]{inputenc}
\IfFileExists{lmodern.sty}{\usepackage{lmodern}}{}
\usepackage[a4paper,margin=2.5cm]{geometry}
\usepackage{amsmath}
\usepackage{amssymb}
\usepackage{booktabs}
\usepackage{longtable}
\usepackage{array}
\newcolumntype{L}[1]{>{\raggedright\arraybackslash}p{#1}}
\numberwithin{equation}{section}
\allowdisplaybreaks
\setlength{\emergencystretch}{3em}
% No creation date or random ID in the PDF: reruns give the same bytes.
\ifdefined\pdfinfoomitdate\pdfinfoomitdate=1\fi
\ifdefined\pdftrailerid\pdftrailerid{}\fi
\ifdefined\pdfsuppressptexinfo\pdfsuppressptexinfo=-1\fi"""

_SECTION_TITLES = {"derivation": "Derivation", "optimality": "Optimality", "limits": "Limits"}


def _check_result(result: Any, argname: str) -> DerivationResult:
    if not isinstance(result, DerivationResult):
        raise TypeError(f"{argname} must be a DerivationResult, got {type(result).__name__}")
    return result


def _check_sources(sources: Iterable[Any]) -> dict[str, Source]:
    if isinstance(sources, (str, bytes)):
        raise TypeError("sources must be a sequence of Source objects, not a string")
    by_key: dict[str, Source] = {}
    for source in sources:
        if not isinstance(source, Source):
            raise TypeError(f"sources must hold Source objects, got {source!r}")
        if source.key in by_key:
            raise ValueError(f"sources: duplicate key {source.key!r}")
        by_key[source.key] = source
    return by_key


def _is_assignment(item: Any) -> bool:
    """``(symbol, value)``: how rules pass the values a premise is specialized at."""
    return isinstance(item, tuple) and len(item) == 2 and isinstance(item[0], Basic)


def _ref_list(refs: list[str]) -> str:
    if len(refs) <= 2:
        return " and ".join(refs)
    return ", ".join(refs[:-1]) + ", and " + refs[-1]


class _StepText:
    """Renders one step's sentence, knowing which step names have equations."""

    def __init__(self, labels: dict[str, str]):
        self.labels = labels  # step name -> label, for steps shown in this section

    def value(self, value: Any) -> str:
        """A sentence argument: step name -> ``\\eqref``, text, assignments or math."""
        if isinstance(value, str):
            if value in self.labels:
                return r"\eqref{%s}" % self.labels[value]
            return escape_text(value)
        if isinstance(value, dict):
            value = tuple(value.items())
        if isinstance(value, (tuple, list)):
            if value and all(_is_assignment(v) for v in value):
                return _ref_list([inline_math(Eq(a, b, evaluate=False)) for a, b in value])
            return _ref_list([self.value(v) for v in value])
        return inline_math(value)

    def sentence(self, result: StepResult) -> str:
        args = dict(result.sentence_args)
        out = []
        try:
            parsed = list(string.Formatter().parse(result.sentence))
        except ValueError as err:
            raise ValueError(f"step {result.name!r}: malformed sentence "
                             f"{result.sentence!r}: {err}") from None
        for literal, field, spec, conversion in parsed:
            out.append(escape_text(literal))
            if field is None:
                continue
            if spec or conversion or field not in args:
                raise ValueError(f"step {result.name!r}: sentence placeholder {{{field}}} "
                                 f"has no plain value in sentence_args")
            # A rule's optional argument the step left out: say so rather than fail.
            out.append(r"\emph{(not given)}" if args[field] is None else self.value(args[field]))
        text = "".join(out).strip()
        mentioned = {v for v in args.values() if isinstance(v, str)}
        for v in args.values():
            if isinstance(v, (tuple, list)):
                mentioned.update(x for x in v if isinstance(x, str))
        premises = [self.value(u) for u in result.step.uses if u not in mentioned]
        if premises:
            text = text.rstrip(".") + " (from %s)" % _ref_list(premises)
        return text if text.endswith((".", "!", "?")) else text + "."


def _instances_text(result: StepResult) -> str:
    checks = result.instances
    if not checks:
        return ""
    total = sum(c.assignments for c in checks)
    methods = sorted({method_words(c.method) for c in checks if c.method})
    text = r" Re-checked at $n = %s$ (%d index assignment%s" % (
        format_range([c.n for c in checks]), total, "" if total == 1 else "s")
    if methods:
        text += ", by %s" % ", ".join(r"\emph{%s}" % escape_text(m) for m in methods)
    failed = [c for c in checks if c.status != PROVED]
    if not failed:
        return text + "): all hold."
    return text + r"): \textbf{fails} at $n = %s$ (%s)." % (
        format_range([c.n for c in failed]), ", ".join(sorted({c.status for c in failed})))


def _step_block(result: StepResult, text: _StepText) -> str:
    step = result.step
    shown = step.display if step.display is not None else step.claim
    try:
        equation = display_math(shown, label=text.labels[step.name])
    except TypeError as err:
        raise TypeError(f"step {step.name!r}: {err}") from None
    words = r"\noindent\emph{%s.} %s %s.%s" % (
        humanize(step.name), text.sentence(result), verdict_phrase(result.verdict),
        _instances_text(result))
    return equation + "\n" + words + "\n"


def derivation_fragment(result: DerivationResult) -> str:
    """One derivation as a LaTeX ``\\section`` (see the module docstring).

    Raises:
        TypeError: ``result`` is not a DerivationResult, or a claim is not SymPy.
        ValueError: duplicate step names, or a sentence placeholder has no value.
    """
    result = _check_result(result, "result")
    return _fragment(result, cite=set(), used=set())


def _fragment(result: DerivationResult, *, cite: set[str], used: set[str]) -> str:
    """The section for ``result``; ``used`` (labels taken so far) grows in place."""
    deriv = result.derivation
    labels: dict[str, str] = {}
    for step_result in result.steps:
        label = make_label("eq", deriv.name, step_result.name)
        if label in used:
            raise ValueError(f"derivation {deriv.name!r}: label {label!r} is taken "
                             f"(duplicate step or derivation name {step_result.name!r})")
        used.add(label)
        labels[step_result.name] = label
    unknown = sorted({s.step.section for s in result.steps} - set(SECTIONS))
    if unknown:
        raise ValueError(f"derivation {deriv.name!r}: unknown step sections {unknown}")
    text = _StepText(labels)
    parts = [r"\section{%s}\label{%s}" % (escape_text(deriv.title), make_label("sec", deriv.name)),
             escape_text(deriv.summary)]
    # A source that is not listed in the document is named, not cited, so that
    # no \cite is left undefined.
    cited = [r"\cite{%s}" % make_label("src", key) if key in cite else escape_text(key)
             for key in deriv.sources]
    if cited:
        parts[-1] += " Source: %s." % ", ".join(cited)
    parts.append(_status_line(result))
    for section in SECTIONS:
        group = [s for s in result.steps if s.step.section == section]
        if group:
            parts.append(r"\subsection{%s}" % _SECTION_TITLES[section])
            parts.extend(_step_block(s, text) for s in group)
    if result.numeric:
        parts.append(r"\subsection{Numerical cross-checks}")
        parts.append("Independent numerical evaluation; agreement is evidence, not proof.")
        parts.append(numeric_table(result.numeric))
    return "\n\n".join(parts) + "\n"


def _status_line(result: DerivationResult) -> str:
    proved = sum(1 for s in result.steps if s.ok)
    text = "%d of %d steps proved" % (proved, len(result.steps))
    if result.numeric:
        within = sum(1 for c in result.numeric if c.ok)
        text += "; %d of %d numerical cross-checks within tolerance." % (
            within, len(result.numeric))
    else:
        text += "; no numerical cross-check."
    if result.failed_step is not None:
        text += r" \textbf{The derivation stops at step ``%s'', which does not follow.}" % (
            humanize(result.failed_step))
    return text


def _bibliography(sources: Sequence[Source]) -> str:
    if not sources:
        return ""
    items = [r"\bibitem{%s} %s. \emph{%s}. %s." % (
        make_label("src", s.key), escape_text(s.author), escape_text(s.title), escape_text(s.date))
        for s in sources]
    return "\n".join([r"\renewcommand{\refname}{Sources}",
                      r"\addcontentsline{toc}{section}{Sources}",
                      r"\begin{thebibliography}{%d}" % len(sources), *items,
                      r"\end{thebibliography}"])


def _wrap(body: list[str], *, title: str, options: str) -> str:
    head = "\\documentclass[%s]{article}\n%s\n\\title{%s}\n\\author{generated by derive}\n\\date{}\n" % (
        options, PREAMBLE, escape_text(title))
    return head + "\\begin{document}\n" + "\n\n".join(p for p in body if p) + "\n\\end{document}\n"


def derivation_document(result: DerivationResult, sources: Iterable[Source] = ()) -> str:
    """A standalone LaTeX document for one derivation.

    Args:
        result: the derivation's result.
        sources: Source records; those the derivation cites are listed and cited.
    """
    result = _check_result(result, "result")
    by_key = _check_sources(sources)
    cited = [by_key[k] for k in dict.fromkeys(result.derivation.sources) if k in by_key]
    body = [r"\maketitle", _fragment(result, cite={s.key for s in cited}, used=set()),
            _bibliography(cited)]
    return _wrap(body, title=result.derivation.title, options="a4paper,11pt")


def combined_document(results: Sequence[DerivationResult], *,
                      identities: Iterable[Any] = (), sources: Iterable[Source] = (),
                      errata: Iterable[Any] = (),
                      title: str = "Softmax: verified derivations") -> str:
    """The combined document: title page, sources, derivations, identities, errata.

    Args:
        results: the derivation results, in the order to print them.
        identities: :class:`IdentityEntry` objects or ``(name, description,
            claim, verdict)`` tuples.
        sources: the :class:`derive.derivation.model.Source` records, listed in this order.
        errata: ``(source_key, items)`` pairs, items :class:`ErratumItem` or
            ``(location, claim, verdict_word, correction)`` tuples.
        title: the title page's title.

    Raises:
        TypeError: an argument of the wrong type (the message names it).
        ValueError: duplicate derivation, identity or source names.
    """
    if isinstance(results, DerivationResult) or not isinstance(results, (list, tuple)):
        raise TypeError("results must be a list or tuple of DerivationResult objects")
    if not isinstance(title, str):
        raise TypeError(f"title must be a str, got {type(title).__name__}")
    checked = [_check_result(r, "results[%d]" % pos) for pos, r in enumerate(results)]
    names = [r.name for r in checked]
    if len(set(names)) != len(names):
        raise ValueError(f"results: duplicate derivation names in {names}")
    by_key = _check_sources(sources)
    used: set[str] = set()
    body = [r"\maketitle", r"\tableofcontents", r"\clearpage",
            _bibliography(list(by_key.values()))]
    body.extend(_fragment(r, cite=set(by_key), used=used) for r in checked)
    body.append(identities_section(identities, used=used))
    body.append(errata_section(errata, by_key))
    return _wrap(body, title=title, options="a4paper,11pt,titlepage")

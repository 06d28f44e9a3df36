"""LaTeX documents from derivation results.

Each derivation reads like a short textbook section:

1. the theorem, with its assumptions (the derivation's ``statement`` and
   ``assumptions``; its ``summary`` when it states none);
2. the proof: the steps of each part (derivation, optimality, limits) as
   chains of relations in ``align``, each equation numbered with a small
   mark of its verification, each justified in the margin by its author's
   caption (or its rule's sentence), cross-referenced by number;
3. the verification table: every equation with the method that proved it
   for general ``n`` and its fixed-``n`` re-checks, then every numerical
   cross-check, one row per check and dimension.

Three entry points, all pure functions returning the ``.tex`` source; the
output depends only on the arguments (no dates, no timings, stable order),
so a rerun is byte-identical:

* :func:`derivation_fragment` -- one derivation as a ``\\section``;
* :func:`derivation_document` -- a standalone document for one derivation;
* :func:`combined_document` -- a one-page summary, the sources, every
  derivation, the identities and the errata.

Equations are numbered by the writer, ``(s.N)`` in section ``s``, so that a
tag can hold its mark; references are ``\\eqnref{sec:...}{N}``.
"""
from __future__ import annotations

from typing import Any, Iterable, Sequence

from ..derivation.model import SECTIONS, DerivationResult, Source
from .blocks import format_range, make_label
from .chains import ChainRow, section_tex
from .preamble import DOCUMENT_OPTIONS, MARKS, PREAMBLE
from ..printing.escape import escape_text
from ..printing.prose import prose_tex
from .steptext import StepText
from .summary import derivation_abstract, front_summary
from .tables import ErratumItem, IdentityEntry, as_erratum, as_identity, errata_section, identities_section
from .verification import format_number, statement_kind, step_status, verification_table

__all__ = ["derivation_fragment", "derivation_document", "combined_document",
           "IdentityEntry", "ErratumItem", "PREAMBLE"]

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


def derivation_fragment(result: DerivationResult) -> str:
    """One derivation as a LaTeX ``\\section`` (see the module docstring).

    Raises:
        TypeError: ``result`` is not a DerivationResult, or a claim is not SymPy.
        ValueError: duplicate step names, an unknown section, or a sentence
            placeholder with no value.
    """
    result = _check_result(result, "result")
    return _fragment(result, cite=set(), used=set())


def _shown(step) -> Any:
    return step.display if step.display is not None else step.claim


def _fragment(result: DerivationResult, *, cite: set[str], used: set[str]) -> str:
    """The section for ``result``; ``used`` (labels taken so far) grows in place."""
    deriv = result.derivation
    sec = make_label("sec", deriv.name)
    if sec in used:
        raise ValueError(f"derivation {deriv.name!r}: label {sec!r} is taken "
                         f"(duplicate derivation name)")
    used.add(sec)
    names = [s.name for s in result.steps]
    if len(set(names)) != len(names):
        dup = next(n for n in names if names.count(n) > 1)
        raise ValueError(f"derivation {deriv.name!r}: the step name {dup!r} is taken twice")
    unknown = sorted({s.step.section for s in result.steps} - set(SECTIONS))
    if unknown:
        raise ValueError(f"derivation {deriv.name!r}: unknown step sections {unknown}")
    ordered = [s for section in SECTIONS for s in result.steps if s.step.section == section]
    numbers = {s.name: r"\eqnref{%s}{%d}" % (sec, pos) for pos, s in enumerate(ordered, 1)}
    text = StepText(numbers, {s.name: _shown(s) for s in deriv.steps})
    parts = [r"\section{%s}\label{%s}" % (escape_text(deriv.title), sec),
             _theorem(result, text), _lead(result, cite, numbers)]
    position = {s.name: pos for pos, s in enumerate(ordered, 1)}
    for section in SECTIONS:
        group = [s for s in ordered if s.step.section == section]
        if not group:
            continue
        parts.append(r"\subsection*{%s}" % _SECTION_TITLES[section])
        note = dict(deriv.notes).get(section)
        if note:
            parts.append(prose_tex(note, ref=text.ref, claim=text.claim,
                                   what=f"{deriv.name}: note on {section}"))
        parts.extend(_chains(group, text, position))
    parts.append(r"\subsection*{Verification}")
    parts.append(verification_table(result, numbers, label=make_label("tab", deriv.name)))
    return "\n\n".join(p for p in parts if p) + "\n"


def _theorem(result: DerivationResult, text: StepText) -> str:
    deriv = result.derivation
    body = []
    if deriv.assumptions:
        items = [r"\item " + prose_tex(a, ref=text.ref, claim=text.claim,
                                       what=f"{deriv.name}: assumption {pos}")
                 for pos, a in enumerate(deriv.assumptions, 1)]
        body += ["Assume:", r"\begin{enumerate}\renewcommand{\labelenumi}{(A\arabic{enumi})}",
                 *items, r"\end{enumerate}"]
    if deriv.statement:
        body.append(prose_tex(deriv.statement, ref=text.ref, claim=text.claim,
                              what=f"{deriv.name}: statement"))
    else:
        body.append(escape_text(deriv.summary))
    env, _ = statement_kind(result)
    return "\n".join([r"\begin{%s}\label{%s}" % (env, make_label("thm", deriv.name)), *body,
                      r"\end{%s}" % env])


def _lead(result: DerivationResult, cite: set[str], numbers: dict[str, str]) -> str:
    """The paragraph between theorem and proof: source, marks, and a failure if any."""
    deriv = result.derivation
    # A source that is not listed in the document is named, not cited, so that
    # no \cite is left undefined.
    cited = [r"\cite{%s}" % make_label("src", key) if key in cite else escape_text(key)
             for key in deriv.sources]
    out = []
    if deriv.statement:
        out.append(escape_text(deriv.summary))
    if cited:
        out.append("Source: %s." % ", ".join(cited))
    dims = sorted({c.n for s in result.steps for c in s.instances})
    again = r" and re-derived at $n = %s$" % format_range(dims) if dims else ""
    out.append(r"The proof below is checked step by step: the mark %s{} beside an equation "
               r"number says the step was proved for general $n$%s; %s{} marks a refuted step, "
               r"%s{} one not settled. Table~\ref{%s} gives the method of each step and the numerical "
               r"cross-checks." % (MARKS["proved"], again, MARKS["refuted"], MARKS["unknown"],
                                   make_label("tab", deriv.name)))
    if result.failed_step is not None:
        where = numbers.get(result.failed_step, escape_text(result.failed_step.replace("_", " ")))
        failed = next((s for s in result.steps if s.name == result.failed_step), None)
        why = ("which could not be settled" if failed is not None and step_status(failed) == "unknown"
               else "which does not follow")
        out.append(r"\textbf{The derivation stops at %s, %s; the steps after it are not "
                   r"shown, and the claim above is not proved.}" % (where, why))
    bad = [c for c in result.numeric if not c.ok]
    if bad:
        out.append(r"\textbf{%d numerical cross-check%s exceed%s the tolerance} (largest error %s)."
                   % (len(bad), "" if len(bad) == 1 else "s", "s" if len(bad) == 1 else "",
                      format_number(max(c.max_error for c in bad), column=False)))
    return " ".join(out)


def _chains(group, text: StepText, position: dict[str, int]) -> list[str]:
    rows, previous = [], None
    for s in group:
        rows.append(ChainRow(_shown(s.step), MARKS[step_status(s)],
                             r"(\thesection.%d)" % position[s.name], text.numbers[s.name],
                             text.note(s, previous), s.context))
        previous = s.name
    try:
        return [section_tex(rows)]
    except TypeError as err:
        raise TypeError(f"a step of {group[0].step.name!r}'s section: {err}") from None


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


def _title(title: str) -> str:
    return r"\begin{center}{\LARGE\bfseries %s\par}\end{center}" % escape_text(title)


def _wrap(body: list[str]) -> str:
    head = "\\documentclass[%s]{article}\n%s\n" % (DOCUMENT_OPTIONS, PREAMBLE)
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
    body = [_title(result.derivation.title), derivation_abstract(result),
            _fragment(result, cite={s.key for s in cited}, used=set()), _bibliography(cited)]
    return _wrap(body)


def combined_document(results: Sequence[DerivationResult], *,
                      identities: Iterable[Any] = (), sources: Iterable[Source] = (),
                      errata: Iterable[Any] = (),
                      title: str = "Softmax: verified derivations") -> str:
    """The combined document: summary, sources, derivations, identities, errata.

    Args:
        results: the derivation results, in the order to print them.
        identities: :class:`IdentityEntry` objects or ``(name, description,
            claim, verdict)`` tuples.
        sources: the :class:`derive.derivation.model.Source` records, listed in this order.
        errata: ``(source_key, items)`` pairs, items :class:`ErratumItem` or
            ``(location, claim, verdict_word, correction)`` tuples.
        title: the document's title.

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
    entries = [as_identity(item) for item in identities]
    errata = [_errata_pair(pair) for pair in errata]
    used: set[str] = set()
    # The contents and the sources share page 2 with the start of Section 1
    # (a page of their own was half empty); the contents appear only from the
    # second pdflatex pass and move what follows, so compile_pdf passes on
    # until the labels and the contents no longer change.
    body = [_title(title), front_summary(checked, identities=entries, errata=errata),
            r"\tableofcontents", _bibliography(list(by_key.values()))]
    body.extend(_fragment(r, cite=set(by_key), used=used) for r in checked)
    body.append(identities_section(entries, used=used))
    body.append(errata_section(errata, by_key))
    return _wrap(body)


def _errata_pair(pair: Any) -> tuple[str, list[ErratumItem]]:
    if not (isinstance(pair, tuple) and len(pair) == 2 and isinstance(pair[0], str)):
        raise TypeError(f"errata must hold (source_key, items) pairs, got {pair!r}")
    return pair[0], [as_erratum(item) for item in pair[1]]

"""The last parts of the combined document: identities and errata.

Also defines the two small records the combined document takes besides
derivation results:

* :class:`IdentityEntry` -- one catalogue identity and its verdict;
* :class:`ErratumItem` -- one error found in a source document.

Plain tuples in the same field order are accepted wherever these are.
"""
from __future__ import annotations

import dataclasses
from dataclasses import dataclass
from typing import Any, Iterable, Mapping

from sympy import Basic

from ..derivation.model import Source
from ..kernel.verdict import PROVED, Verdict
from .blocks import display_math, make_label, method_words, verdict_phrase
from .preamble import MARKS
from ..printing.escape import escape_text
from ..printing.printer import to_latex
from ..printing.prose import annotation_tex

__all__ = ["IdentityEntry", "ErratumItem", "as_identity", "as_erratum",
           "identities_section", "errata_section", "verdict_phrase"]


@dataclass(frozen=True)
class IdentityEntry:
    """A catalogue identity with its verdict.

    Attributes:
        name: snake_case name; unique within a document.
        description: one sentence of prose.
        claim: the SymPy relation.
        verdict: how the checker settled it.
    """

    name: str
    description: str
    claim: Any
    verdict: Verdict
    given: tuple = ()


@dataclass(frozen=True)
class ErratumItem:
    """An error found in a source document.

    Attributes:
        location: where in the source (``"eq. (6)"``, ``"section 2"``).
        claim: what the source states: a SymPy relation or prose.
        verdict: one word for what the checker found (``"refuted"``, ``"typo"``).
        correction: the corrected statement: a SymPy relation or prose.

    Prose (the location too) writes its mathematics as ``\\( ... \\)``
    (:func:`derive.printing.prose.annotation_tex`), the markup of the audit
    transcripts, so that the document sets it as mathematics, never as
    ``sum_i p_i z_i``.
    """

    location: str
    claim: Any
    verdict: str
    correction: Any


def _coerce(item: Any, cls: type, argname: str):
    if isinstance(item, cls):
        return item
    fields = cls.__dataclass_fields__
    required = sum(1 for f in fields.values()
                   if f.default is dataclasses.MISSING and f.default_factory is dataclasses.MISSING)
    if isinstance(item, tuple) and required <= len(item) <= len(fields):
        return cls(*item)
    raise TypeError(f"{argname} items must be {cls.__name__} or a {len(fields)}-tuple "
                    f"({', '.join(fields)}), got {item!r}")


def as_identity(item: Any) -> IdentityEntry:
    """``item`` as an :class:`IdentityEntry`, checking the field types."""
    entry = _coerce(item, IdentityEntry, "identities")
    if not isinstance(entry.name, str) or not isinstance(entry.description, str):
        raise TypeError(f"identities: name and description must be str in {entry!r}")
    if not isinstance(entry.verdict, Verdict):
        raise TypeError(f"identities: verdict of {entry.name!r} must be a Verdict")
    return entry


def as_erratum(item: Any) -> ErratumItem:
    """``item`` as an :class:`ErratumItem`, checking the field types."""
    entry = _coerce(item, ErratumItem, "errata")
    if not isinstance(entry.location, str) or not isinstance(entry.verdict, str):
        raise TypeError(f"errata: location and verdict must be str in {entry!r}")
    return entry


def _sentence(text: str) -> str:
    text = text.strip()
    return text if not text or text.endswith((".", "!", "?")) else text + "."


def identities_section(identities: Iterable[Any], *, used: set[str]) -> str:
    """Section "Identities": a verdict table, then each claim as a numbered, marked display.

    Args:
        identities: :class:`IdentityEntry` objects or 4-tuples.
        used: labels already taken in the document; extended in place.
    """
    entries = [as_identity(item) for item in identities]
    if not entries:
        return ""
    sec = make_label("sec", "identities")
    rows, statements = [], []
    for pos, entry in enumerate(entries, 1):
        label = make_label("eq", "identity", entry.name)
        if label in used:
            raise ValueError(f"identities: duplicate name {entry.name!r}")
        used.add(label)
        mark = MARKS.get(entry.verdict.status, MARKS["unknown"])
        number = r"\eqnref{%s}{%d}" % (sec, pos)
        rows.append(r"%s & %s & %s & %s \\" % (
            number, escape_text(_sentence(entry.description)),
            escape_text(method_words(entry.verdict.method)), mark))
        words = [escape_text(_sentence(entry.description))]
        if entry.given:
            words.append("Hypotheses: %s." % ", ".join("$%s$" % to_latex(g) for g in entry.given))
        if entry.verdict.status != PROVED:
            words.append(_sentence(verdict_phrase(entry.verdict)))
        statements.append(r"\noindent %s" % " ".join(words))
        statements.append(display_math(entry.claim, tag=r"%s\,(\thesection.%d)" % (mark, pos)))
    proved = sum(1 for e in entries if e.verdict.status == PROVED)
    return "\n".join([
        r"\section{Identities}\label{%s}" % sec,
        "%d of %d identities stated in the sources are proved for general $n$; a refuted one is "
        "false as its source states it, and its counterexample is given." % (proved, len(entries)),
        r"\begingroup\small\setlength{\tabcolsep}{3pt}",
        # Fixed-width columns only: natural-width (l) columns make longtable
        # ask for a third pdflatex run whenever a reference changes width.
        r"\begin{longtable}{@{}L{0.08\textwidth}L{0.52\textwidth}L{0.32\textwidth}"
        r"C{0.04\textwidth}@{}}",
        r"\toprule",
        r"Eq. & identity & proved by & \\",
        r"\midrule",
        r"\endhead",
        *rows,
        r"\bottomrule",
        r"\end{longtable}",
        r"\endgroup",
        r"\subsection*{Statements}",
        *statements,
    ])


def _statement(value: Any) -> str:
    """A SymPy claim as a display, prose as an escaped quotation."""
    if isinstance(value, Basic):
        return display_math(value)
    if isinstance(value, str):
        return r"\begin{quote}%s\end{quote}" % annotation_tex(value, what="errata: a statement")
    raise TypeError(f"errata: claim/correction must be SymPy or str, got {value!r}")


def errata_section(errata: Iterable[Any], sources: Mapping[str, Source]) -> str:
    """Section "Errata" with one subsection per source document.

    Args:
        errata: ``(source_key, items)`` pairs; items are :class:`ErratumItem`
            objects or 4-tuples.
        sources: source key -> :class:`Source`, for the subsection titles.
    """
    parts = []
    for pair in errata:
        if not (isinstance(pair, tuple) and len(pair) == 2 and isinstance(pair[0], str)):
            raise TypeError(f"errata must hold (source_key, items) pairs, got {pair!r}")
        key, items = pair
        entries = [as_erratum(item) for item in items]
        source = sources.get(key)
        # Two sources may share a title ("Softmax"): the author tells them apart.
        title = escape_text(f"{source.title} ({source.author})" if source else key)
        parts.append(r"\subsection{%s}" % title)
        if not entries:
            parts.append("No errors were found in this document.")
        for entry in entries:
            parts.append(r"\paragraph{%s.} The source states:"
                         % annotation_tex(entry.location, what="errata: a location"))
            parts.append(_statement(entry.claim))
            parts.append(r"Verdict: \textbf{%s}. Correction:" % escape_text(entry.verdict))
            parts.append(_statement(entry.correction))
    if not parts:
        return ""
    return "\n".join([r"\section{Errata}\label{%s}" % make_label("sec", "errata"), *parts])

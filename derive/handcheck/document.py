"""What the whole document tells the reader of each row: macros, counts, ranges.

Read once, before any row is checked, so that a name used before the display
that introduces it reads the same everywhere:

* **macros**: ``\\newcommand`` and friends (:func:`derive.handcheck.tex.document_macros`);
* **counts**: an upper-case letter (or ``m``) that bounds a sum or a product
  (``\\sum_{c=1}^{C}``) or ends a range ``\\{1, \\dots, C\\}`` is a positive
  integer, like ``n, N, K, d, D`` always are;
* **ranges**: a family summed with explicit limits (``\\sum_{k=1}^{K} e^{z_k}``)
  has that range in the whole document, when all its explicit sums agree.
  A free index on that family (``z_j``), a sum without limits over it, and a
  vector function of it (``softmax(\\mathbf z)``) range over the same values;
  a counterexample therefore never puts ``j = 2`` next to ``K = 1``.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field

from sympy import Indexed

from ..errors import CheckTimeout
from ..symbols import n as _n
from .parser import parse_row
from .segment import split_row
from .tex import document_macros, normalize

__all__ = ["Document", "read_document", "transposable"]

_N = re.compile(r"(?<![\\A-Za-z_{])n(?![A-Za-z=])")     # n as a quantity, not an index
_COUNT = re.compile(r"\\(sum|prod)(\\limits)?\s*_\s*(\{[^{}]*\}|[A-Za-z])\s*\^\s*\{?\s*([A-Z]|m)"
                    r"\s*\}?|\{\s*[01]\s*,\s*(\\[lc]?dots|\.\.\.)\s*,?\s*([A-Z]|m)\s*\\\}|"
                    r"(?<![A-Za-z\\])[1]\s*,\s*\\[lc]?dots\s*,\s*([A-Z]|m)(?![A-Za-z])")


@dataclass(frozen=True)
class Document:
    """The document-wide reading context."""

    macros: dict = field(default_factory=dict)
    dims: frozenset = frozenset()
    family_ranges: dict = field(default_factory=dict)
    step_blocks: frozenset = frozenset()
    dimension: object = None
    matrices: frozenset = frozenset()     # families written with two indices (w_{ji})
    transposable: frozenset = frozenset()   # h^T is h transposed (:func:`transposable`)

    def row_options(self) -> dict:
        """What :func:`.parser.parse_row` takes from the document."""
        return {"dims": self.dims, "dimension": self.dimension, "family_ranges": self.family_ranges,
                "matrices": self.matrices, "transposable": self.transposable}


def read_document(text: str, equations, observed=None) -> Document:
    """The :class:`Document` of ``text``, whose rows are ``equations``.

    ``observed`` maps a line to the sums its rows held when they were read
    in context (with the definitions above them); they replace what a row
    read alone shows.
    """
    macros = document_macros(text)
    dims = set()
    for eq in equations:
        for m in _COUNT.finditer(normalize(eq.text, macros).text):
            letter = m.group(4) or m.group(6) or m.group(7)
            if letter and letter not in ("n", "N", "K", "D", "d"):
                dims.add(letter)
    by_line: dict = {}
    arity: dict = {}
    writes_n = False
    for eq in equations:
        if eq.role in ("reset", "unread"):
            continue
        for piece in split_row(normalize(eq.text, macros).text):
            writes_n = writes_n or bool(_N.search(piece.text))
            try:
                row = parse_row(piece.text, line=eq.line, dims=tuple(dims))
            except CheckTimeout:
                raise
            except Exception:  # noqa: BLE001 -- a row this pre-pass cannot read gets its
                continue       # diagnostic when it is checked; the document is never lost
            by_line.setdefault(eq.line, []).extend(row.sums)
            for chain in row.chains:
                for e in chain.exprs:
                    for a in (e.atoms(Indexed) if hasattr(e, "atoms") else ()):
                        if not all(ix.is_number for ix in a.indices):
                            arity.setdefault(str(a.base.label), set()).add(len(a.indices))
    by_line.update(observed or {})
    seen: dict = {}
    uppers: list = []
    for sums in by_line.values():
        for family, slot, lower, upper in sums:
            uppers.append(upper)
            if family:
                seen.setdefault((family, slot), set()).add((lower, upper))
    ranges = {fam: next(iter(rs)) for fam, rs in seen.items()
              if len(rs) == 1 and next(iter(rs)) != (1, _n)}
    steps = frozenset(e.block for e in equations if e.role == "step")
    symbols = {u for u in uppers if not u.is_number}
    # A document that never writes n, and bounds its sums by one count (N) more than
    # once, means that count by a sum without limits.
    dimension = next(iter(symbols)) if len(symbols) == 1 and not writes_n and \
        uppers.count(next(iter(symbols))) >= 2 else None
    matrices = frozenset(f for f, counts in arity.items() if counts == {2})
    vectors = frozenset(f for f, counts in arity.items() if counts == {1})
    return Document(macros, frozenset(dims), ranges, steps, dimension, matrices,
                    transposable(vectors, [normalize(eq.text, macros).text for eq in equations]))


# a transpose mark: ^T, ^{T}, ^\top, ^{\mathsf{T}} (\intercal is \top by then)
_MARK = re.compile(r"\^\s*(?:\{\s*)?(?:T|\\top|\\math(?:sf|rm)\s*\{\s*T\s*\})(?![a-zA-Z])(?:\s*\})?")
# (the upper limit of a sum, \\sum_{t=1}^{T}, is no mark: its caret goes, its T stays)
_LIMIT = re.compile(r"(\\(?:sum|prod|int)(?:\\limits)?\s*(?:_\s*(?:\{[^{}]*\}|\\?\w+)\s*)?)\^")
_T = re.compile(r"(?<![\\A-Za-z])T(?![A-Za-z])")


def transposable(vectors, texts) -> frozenset:
    """The ``vectors`` (families written with one index, ``h_i``) on which ``^T`` is a
    transpose: all of them when T is no symbol anywhere in the document's ``texts`` (not
    defined, no index, no bound, no argument: every T is a superscript of its own), else
    none (``h^T`` beside ``\\sum_{t=1}^{T}`` is a power, or a transpose: ambiguous)."""
    if any(_T.search(_MARK.sub(" ", _LIMIT.sub(r"\1 ", text))) for text in texts):
        return frozenset()
    return frozenset(vectors)

"""Read an audit transcription: claims, their classification and their blocks.

The format (see :mod:`derive.audit.classify` for what is done with it) is Markdown
that ``derive check`` also reads.  Each claim opens with an HTML comment::

    <!-- claim: 000-entropy-uniform
    location: Background, the example [0.25, 0.25, 0.25, 0.25]
    class: wrong
    states: the entropy of four equally likely classes is 1.3
    correction: H = ln 4 = 1.386... nats
    -->

Fields (one per line; a line that starts with whitespace continues the
previous field):

* ``location`` -- where the claim is in the source (equation number,
  section, item);
* ``class`` -- the human classification, one of :data:`CLASSES`;
* ``states`` -- what the source claims, in our own words;
* ``correction`` -- for ``wrong`` and ``imprecise``: the true value, the
  missing hypothesis, the right variable or index;
* ``reason`` -- for ``not checkable``: why the checker cannot read it.

After the comment come the blocks: the *stated* block (the claim as the
source writes it), then optionally a line ``<!-- corrected -->`` and the
*corrected* block.  Each block starts with ``<!-- reset -->`` so that
``derive check`` on the whole file treats it as a derivation of its own, and
holds displayed equations and ``<!-- given: ... -->`` hypotheses as in
:mod:`derive.handcheck.steps`.  Which blocks a class needs: ``correct`` a stated
block; ``wrong`` both; ``imprecise`` a corrected block (a stated block is
optional); ``not checkable`` none.

Text before the first claim is a free-form header without equations.  The
annotation text may not hold ``$`` or ``\\[`` (it would open a display); its
mathematics is written ``\\( ... \\)`` (``the mean \\(\\sum_i p_i z_i\\)``), which
the errata set as mathematics (:func:`derive.printing.prose.annotation_tex`).
"""
from __future__ import annotations

import re
from dataclasses import dataclass

from ..errors import ParseError
from ..handcheck.extract import extract_equations
from ..printing.prose import annotation_tex

__all__ = ["CLASSES", "CORRECT", "WRONG", "IMPRECISE", "NOT_CHECKABLE", "ClaimSpec", "Block",
           "read_transcription"]

CORRECT, WRONG, IMPRECISE, NOT_CHECKABLE = "correct", "wrong", "imprecise", "not checkable"
CLASSES = (CORRECT, WRONG, IMPRECISE, NOT_CHECKABLE)

_OPEN = re.compile(r"^\s*<!--\s*claim\s*:\s*(?P<id>[A-Za-z0-9][A-Za-z0-9_.-]*)\s*$")
_CLOSE = re.compile(r"^\s*-->\s*$")
_FIELD = re.compile(r"^(?P<key>[a-z]+)\s*:\s*(?P<value>.*)$")
_CORRECTED = re.compile(r"^\s*<!--\s*corrected\s*-->\s*$")
_RESET = re.compile(r"^\s*<!--\s*reset\s*-->\s*$")
_FORBIDDEN = ("$", "\\[", "\\begin")
_FIELDS = ("location", "class", "states", "correction", "reason")

# What each class requires: (stated block, corrected block, field that must be given).
# None means "must be absent", True "must be present", False "optional".
_NEEDS = {
    CORRECT: (True, False, None),
    WRONG: (True, True, "correction"),
    IMPRECISE: (False, True, "correction"),
    NOT_CHECKABLE: (None, None, "reason"),
}


@dataclass(frozen=True)
class Block:
    """A part of a claim: the text ``derive check`` reads, padded so that
    its line numbers are those of the transcription file."""

    text: str
    first_line: int


@dataclass(frozen=True)
class ClaimSpec:
    """One annotated claim of a transcription.

    Attributes:
        id: unique within the file (``000-entropy-uniform``).
        line: the line of its ``<!-- claim:`` comment.
        location: where in the source document.
        classification: one of :data:`CLASSES`.
        states: what the source claims (our words).
        correction: the correction (``wrong``/``imprecise``), else "".
        reason: why it is not checkable, else "".
        stated: the block transcribing the claim as stated, or None.
        corrected: the block with the corrected claim, or None.
    """

    id: str
    line: int
    location: str
    classification: str
    states: str
    correction: str = ""
    reason: str = ""
    stated: Block | None = None
    corrected: Block | None = None


def read_transcription(text: str, *, name: str = "transcription") -> tuple:
    """The claims of a transcription, in order.

    Args:
        text: the Markdown transcription.
        name: the file's name, for messages.

    Raises:
        TypeError: ``text`` is not a str.
        ParseError: the annotation is malformed (the message names the file and line).
    """
    if not isinstance(text, str):
        raise TypeError(f"text must be a str, got {type(text).__name__}")
    lines = text.split("\n")
    opens = [k for k, line in enumerate(lines) if _OPEN.match(line)]
    if not opens:
        raise ParseError(f"{name}: no claim (a line '<!-- claim: ID')", 1)
    header = "\n".join(lines[:opens[0]])
    if extract_equations(header, kind="md"):
        raise ParseError(f"{name}: displayed equations before the first claim", 1)
    claims = []
    for pos, start in enumerate(opens):
        end = opens[pos + 1] if pos + 1 < len(opens) else len(lines)
        claims.append(_claim(lines, start, end, name))
    ids = [c.id for c in claims]
    dup = sorted({i for i in ids if ids.count(i) > 1})
    if dup:
        raise ParseError(f"{name}: duplicate claim id(s) {', '.join(dup)}", 1)
    return tuple(claims)


def _claim(lines, start, end, name):
    """The claim whose comment opens on line index ``start``; the next opens at ``end``."""
    ident = _OPEN.match(lines[start]).group("id")
    close = next((k for k in range(start + 1, end) if _CLOSE.match(lines[k])), None)
    if close is None:
        raise ParseError(f"{name}: claim {ident} has no closing '-->'", start + 1)
    fields = _fields(lines[start + 1:close], start + 2, name, ident)
    marks = [k for k in range(close + 1, end) if _CORRECTED.match(lines[k])]
    if len(marks) > 1:
        raise ParseError(f"{name}: claim {ident} has two '<!-- corrected -->' lines", marks[1] + 1)
    cut = marks[0] if marks else end
    stated = _block(lines, close + 1, cut, name, ident)
    corrected = _block(lines, cut + 1, end, name, ident) if marks else None
    if marks and corrected is None:
        raise ParseError(f"{name}: claim {ident}: the corrected block is empty", cut + 1)
    spec = ClaimSpec(ident, start + 1, fields.get("location", ""), fields.get("class", ""),
                     fields.get("states", ""), fields.get("correction", ""),
                     fields.get("reason", ""), stated, corrected)
    _validate(spec, name)
    return spec


def _fields(body, first_line, name, ident) -> dict:
    fields: dict = {}
    key = None
    for offset, raw in enumerate(body):
        where = first_line + offset
        if any(f in raw for f in _FORBIDDEN):
            raise ParseError(f"{name}: claim {ident}: the annotation may not contain "
                             f"{' or '.join(_FORBIDDEN)}", where)
        if not raw.strip():
            continue
        if raw[:1].isspace() and key is not None:
            fields[key] += " " + raw.strip()
            continue
        match = _FIELD.match(raw.strip())
        if match is None or match.group("key") not in _FIELDS:
            raise ParseError(f"{name}: claim {ident}: expected 'field: value' with a field "
                             f"among {', '.join(_FIELDS)}, got {raw.strip()!r}", where)
        key = match.group("key")
        if key in fields:
            raise ParseError(f"{name}: claim {ident}: field {key!r} given twice", where)
        fields[key] = match.group("value").strip()
    return fields


def _block(lines, begin, end, name, ident) -> Block | None:
    """The block on line indices ``begin..end-1``, or None when it has no equation."""
    body = lines[begin:end]
    text = "\n" * begin + "\n".join(body)
    if not extract_equations(text, kind="md"):
        if any(line.strip() for line in body if not _RESET.match(line)):
            raise ParseError(f"{name}: claim {ident}: text without a displayed equation "
                             "where a block belongs", begin + 1)
        return None
    first = next(k for k in range(begin, end) if lines[k].strip())
    if not _RESET.match(lines[first]):
        raise ParseError(f"{name}: claim {ident}: a block must start with '<!-- reset -->' "
                         "so that derive check reads it as a derivation of its own", first + 1)
    return Block(text, first + 1)


def _validate(spec: ClaimSpec, name: str):
    where = f"{name}: claim {spec.id}"
    if spec.classification not in _NEEDS:
        raise ParseError(f"{where}: class must be one of {', '.join(CLASSES)}, "
                         f"got {spec.classification!r}", spec.line)
    for field in ("location", "states"):
        if not getattr(spec, field):
            raise ParseError(f"{where}: the field {field!r} is missing", spec.line)
    for field in ("location", "states", "correction", "reason"):
        try:   # the errata print these as prose with \( ... \) math: it must typeset
            annotation_tex(getattr(spec, field), what=f"{where}: the field {field!r}")
        except ValueError as err:
            raise ParseError(str(err), spec.line) from None
    stated, corrected, field = _NEEDS[spec.classification]
    for block, need, label in ((spec.stated, stated, "stated"),
                               (spec.corrected, corrected, "corrected")):
        if need is True and block is None:
            raise ParseError(f"{where}: a {spec.classification} claim needs a {label} block",
                             spec.line)
        if need is None and block is not None:
            raise ParseError(f"{where}: a {spec.classification} claim has no {label} block",
                             block.first_line)
    for other in ("correction", "reason"):
        given = bool(getattr(spec, other))
        if other == field and not given:
            raise ParseError(f"{where}: a {spec.classification} claim needs the field "
                             f"{other!r}", spec.line)
        if other != field and given:
            raise ParseError(f"{where}: a {spec.classification} claim takes no field "
                             f"{other!r}", spec.line)

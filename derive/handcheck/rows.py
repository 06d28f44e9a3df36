"""Split one display block into its rows, each with the line where it starts.

A block's body is TeX.  Rows end at ``\\\\`` (with an optional spacing
argument ``\\\\[6pt]``) and at ``\\intertext{...}``, but only at the block's
top level: a ``\\\\`` inside braces or inside an environment that is a value
(``cases``, ``bmatrix``, ``pmatrix``, an ``array`` inside ``\\left\\{``) belongs
to that value.  Layout wrappers (``aligned``, ``split``, ``gathered``,
``alignedat``, a nested display environment, and a ``matrix``/``array`` that
holds the whole block) are dropped; ``\\tag``, ``\\label``, ``\\nonumber``,
``\\notag`` are stripped; a row that is only an equation number ``(4)`` is
skipped.

Two rows are one formula: in ``multline`` (and ``multlined``) a ``\\\\``
only breaks the line, and a ``\\\\`` after a binary operator (``a = b +
\\\\ c``) continues the formula.  In the align family (``align``,
``alignat``, ``xalignat``, ``xxalignat``, ``flalign``, ``aligned``,
``alignedat``) the columns come in pairs, each pair an equation of its own:
``a &= b & c &= d`` is two rows.  A pair that states no relation, or whose left
column is words (``&& \\text{since } x = 1``), stays with the pair before it:
it is that equation's note.

Example:
    >>> [(r.text, r.line) for r in split_rows("a = 1 \\\\\\\\\\n b = 2", 3)]
    [('a = 1', 3), ('b = 2', 4)]
"""
from __future__ import annotations

import re
import threading
from dataclasses import dataclass

from ..kernel.deadline import deadline

__all__ = ["Row", "split_rows", "blank", "WRAPPERS", "VALUE_ENVS", "raw_of", "links_of", "strip_given_mark",
           "bounded"]

WRAPPERS = ("aligned", "alignedat", "split", "gathered", "multlined", "subequations",
            "equation", "equation*", "align", "align*", "alignat", "alignat*", "flalign",
            "flalign*", "gather", "gather*", "multline", "multline*", "eqnarray",
            "eqnarray*", "displaymath", "dmath", "dmath*", "IEEEeqnarray", "IEEEeqnarray*")
VALUE_ENVS = ("cases", "dcases", "rcases", "bmatrix", "pmatrix", "vmatrix", "Vmatrix",
              "Bmatrix", "smallmatrix", "matrix", "array", "subarray")
_ENV = re.compile(r"\\(begin|end)\s*\{([A-Za-z]+\*?)\}")
_ENV_ARGS = re.compile(r"(\s*\[[a-z]\])?(\s*\{[^{}]*\})?")
_STRIP = re.compile(r"\\(tag\*?|label)\s*\{[^{}]*\}|\\(nonumber|notag)(?![a-zA-Z])")
_INTERTEXT = re.compile(r"\\(intertext|shortintertext)\s*\{[^{}]*\}")
_BREAK = re.compile(r"\\\\(\s*\[\s*-?[\d.]+\s*(pt|em|ex|mm|cm|in|mu|bp|pc)\s*\])?")
_EQ_NUMBER = re.compile(r"^\s*\(\s*\d+[a-z]?\s*\)\s*$")
_GIVEN_MARK = re.compile(r"\\(text|mbox|textrm)\s*\{\s*\(?\s*given\s*\)?\s*\}", re.IGNORECASE)
_WHOLE = re.compile(r"^\s*\\begin\s*\{(matrix|array)\}(\s*\{[^{}]*\})?([\s\S]*)\\end\s*\{\1\}\s*$")


@dataclass(frozen=True)
class Row:
    """One row of a block: its text, first line, and whether it is marked ``(given)``."""

    text: str
    line: int
    given: bool = False
    unread: str = ""       # why the row is not read (an ambiguous layout), or ""


def blank(s: str) -> str:
    """Spaces in place of ``s``, newlines kept (so line numbers survive)."""
    return "".join(c if c == "\n" else " " for c in s)


def split_rows(body: str, line: int, env: str = "") -> list:
    """The rows of a block body whose first character is on ``line`` (``env``: the
    block's environment, ``"$$"`` for a display without one)."""
    pairs = env in _PAIRED or bool(_PAIRED_INSIDE.search(body))
    body = _STRIP.sub(lambda m: blank(m.group(0)), body)
    if env.startswith("multline"):
        if _two_equations(body):     # (joined, they would be one product: a = 1 b = 2)
            first = len(body) - len(body.lstrip())
            return [Row(" ".join(body.split()), line + body.count("\n", 0, first), False,
                        "a multline whose lines are two equations")]
        body = _no_breaks(body)
    body = _MULTLINED.sub(lambda m: _no_breaks(m.group(0)), body)
    body = _INTERTEXT.sub(lambda m: "\\\\" + blank(m.group(0))[2:], body)
    whole = _WHOLE.match(body)
    if whole:   # a matrix/array used as the block's row container (document 000's habit)
        start = whole.start(3)
        body = blank(body[:start]) + whole.group(3) + blank(body[whole.end(3):])
    body = _drop_wrappers(body)
    if whole:
        pairs = False      # (an array's columns are cells of one row, not equations)
    rows, start = [], 0
    breaks = []
    for cut, resume in _breaks(body):
        if _OPERATOR_END.search(body, max(0, cut - 40), cut):     # a + \\ c: one formula
            body = body[:cut] + blank(body[cut:resume]) + body[resume:]
        else:
            breaks.append((cut, resume))
    columns: list = []      # the last side of each column's chain, when a row had several pairs
    for cut, resume in breaks + [(len(body), len(body))]:
        for b, e in _line_continuations(body, start, cut):
            found = []
            for begin, end in (_column_pairs(body, b, e) if pairs else [(b, e)]):
                piece = body[begin:end]
                text = piece.strip()
                if text and not _EQ_NUMBER.match(text):
                    # (the row starts where its first visible character is: not at a "\ " spacing)
                    offset = _LEADING_SPACE.match(piece).end()
                    row_line = line + body.count("\n", 0, begin + offset)
                    cond = _TRAILING_INDEX.search(text)
                    if cond and _index_condition(text[cond.start() + 1:], text[:cond.start()]):
                        # (written as the condition it is, the way "&& \\text{if } i = j" is read)
                        text = text[:cond.start()] + "&& \\text{if } " + cond.group(1) + " " + \
                            cond.group(2) + " " + cond.group(3)
                    found.append(Row(text, row_line, bool(_GIVEN_MARK.search(text))))
            if found:
                columns = _by_column(found, columns, rows)
        start = resume
    return rows


def _by_column(found: list, columns: list, rows: list) -> list:
    """Append one line's pairs to ``rows``; return the columns' last sides for the next line.

    After a line of several pairs (``a &= 1 & b &= 2``), the k-th pair of a line that
    continues (``&= 2 & &= 3``) continues the k-th column's chain, not the last
    pair's: it is written out as that column's last side and its own relation
    (``1 &= 2``, ``2 &= 3``).  A continuation with no column above it is ambiguous."""
    if len(columns) > 1 or len(found) > 1:
        out = []
        for k, row in enumerate(found):
            if _LEADING_RELATION.match(row.text) and len(columns) > 1:
                if k >= len(columns) or columns[k] is None:
                    row = Row(row.text, row.line, row.given,
                              "ambiguous layout: this pair continues no column of the line above")
                else:
                    row = Row(columns[k] + " " + row.text, row.line, row.given)
            out.append(row)
        rows.extend(out)
        return [None if r.unread else _last_side(r.text) for r in out]
    rows.extend(found)
    return []


def _last_side(text: str):
    """The text after a pair's last top-level relation (``None`` when it has none)."""
    depth, last = 0, None
    for k, c in enumerate(text):
        depth += (c == "{") - (c == "}")
        if depth == 0:
            m = _HAS_RELATION.match(text, k)
            if m is not None:
                last = m.end()
    if last is None:
        return None
    side = text[last:].strip().lstrip("&").strip()
    return side if side and not _HAS_RELATION.search(side) else None


_PAIRED = frozenset(("align", "align*", "alignat", "alignat*", "xalignat", "xalignat*", "xxalignat",
                     "flalign", "flalign*", "aligned", "alignedat"))
_PAIRED_INSIDE = re.compile(r"\\begin\s*\{(aligned|alignedat|align\*?|alignat\*?|flalign\*?|"
                            r"xx?alignat\*?)\}")
_MULTLINED = re.compile(r"\\begin\s*\{multlined\}[\s\S]*?\\end\s*\{multlined\}")
# (a superscript or subscript star or sign, x^* or x_\\ast or x^+, is part of a name, no operator)
_OPERATOR_END = re.compile(r"(?:(?<![\^_])(?:[+\-*/]|\\ast(?![a-zA-Z]))|"
                           r"\\(?:cdot|times|pm|mp|div)(?![a-zA-Z]))[\s&]*$")
# a left column that is words or spacing: a note of the pair before it, not an equation
_NOTE = re.compile(r"\s*(?:\\[,;: !]|\\q?quad(?![a-zA-Z])|\\hspace\s*\{[^{}]*\})*\s*"
                   r"(?:\\(?:text|mbox|textrm|textup|mathrm\s*\{\s*(?:if|for|where)|forall)"
                   r"(?![a-zA-Z])|(?:if|for|where|since|and|when|with|by|as|because|using|otherwise|all|"
                   r"each|every|given|so|thus|hence|then)\b|\([^()]*\)\s*$|,|&|$)", re.IGNORECASE)


def _two_equations(body: str) -> bool:
    """Whether a ``\\\\`` of a multline stands between two relations: the line before
    it holds one and does not end in an operator, and the next holds one and does
    not start with one (it is no continuation)."""
    cuts = _breaks(body)
    starts = [0] + [resume for _, resume in cuts]
    ends = [cut for cut, _ in cuts] + [len(body)]
    lines = [body[a:b] for a, b in zip(starts, ends)]
    return any(_HAS_RELATION.search(_outside_braces(before)) and not _OPERATOR_END.search(before)
               and _HAS_RELATION.search(_outside_braces(after)) and not _LEADING_RELATION.match(after.lstrip())
               for before, after in zip(lines, lines[1:]))


_INDEX_RELATION = re.compile(r"\s*([a-zA-Z])\s*&?\s*(?:=|<|>|\\(?:neq?|le|leq|ge|geq)(?![a-zA-Z]))\s*"
                             r"([a-zA-Z])\s*[.,;]?\s*$")


_TRAILING_INDEX = re.compile(r"&\s*([a-zA-Z])\s*&\s*(=|<|>|\\(?:neq?|le|leq|ge|geq)(?![a-zA-Z]))\s*"
                             r"([a-zA-Z])\s*[.,;]?\s*$")


def _index_condition(rest: str, before: str) -> bool:
    """Whether a pair is a bare relation between indices of the pair before it
    (``\\delta_{ij} &= 1 & i &= j``): that equation's condition, not an equation."""
    m = _INDEX_RELATION.match(rest)
    if m is None:
        return False
    scripts = "".join(re.findall(r"_\s*(\{[^{}]*\}|[a-zA-Z])", before))
    return m.group(1) in scripts and m.group(2) in scripts


def _no_breaks(text: str) -> str:
    """Every ``\\\\`` (a line break of one formula) blanked."""
    return _BREAK.sub(lambda m: blank(m.group(0)), text)


def _column_pairs(body: str, begin: int, end: int) -> list:
    """``(begin, end)`` of each column pair of a row: cut before every second top-level
    ``&``, when what follows is an equation of its own."""
    amps, depth, envs, k = [], 0, 0, begin
    while k < end:
        c = body[k]
        if c == "\\":
            env = _ENV.match(body, k)
            if env is not None and env.group(2) in VALUE_ENVS:
                envs += 1 if env.group(1) == "begin" else -1
            k = env.end() if env is not None else k + 2
            continue
        depth += (c == "{") - (c == "}")
        if c == "&" and depth == 0 and envs <= 0:
            amps.append(k)
        k += 1
    pieces, start = [], begin
    for cut in amps[1::2]:
        rest = body[cut + 1:end]
        if (_NOTE.match(rest) and not _CONTINUED_PAIR.match(rest)) or _index_condition(rest, body[start:cut]) or not _HAS_RELATION.search(_outside_braces(rest)) or \
                not _HAS_RELATION.search(_outside_braces(body[start:cut])):
            continue
        pieces.append((start, cut))
        start = cut + 1
    pieces.append((start, end))
    return pieces


# a pair after an empty left column (``& &= 2``): a column's continuation, not a note
_CONTINUED_PAIR = re.compile(r"\s*&\s*(=|<|>|\\(le|leq|ge|geq|neq|approx|equiv)(?![a-zA-Z])|≤|≥)")
_LEADING_SPACE = re.compile(r"(?:\s|\\[ ,;:!](?=\s)|\\q?quad(?![a-zA-Z]))*")
_LEADING_RELATION = re.compile(r"[ \t]*&?[ \t]*(=|<|>|\\(le|leq|ge|geq|neq|approx|Rightarrow|implies|"
                               r"Longrightarrow|propto|equiv)(?![a-zA-Z])|≤|≥|⇒)")
_HAS_RELATION = re.compile(r"=|<|>|\\(le|leq|ge|geq|neq|approx|propto|equiv)(?![a-zA-Z])|≤|≥")


def _line_continuations(body: str, start: int, end: int) -> list:
    """Split a row before each new line that starts with a relation, once the text
    before it already holds one: ``a = b`` / ``= c`` are two rows, the second
    continuing the first (a left side alone stays joined to its next line)."""
    pieces, begin, pos = [], start, start
    while True:
        nl = body.find("\n", pos, end)
        if nl < 0:
            break
        if _LEADING_RELATION.match(body, nl + 1) and _HAS_RELATION.search(
                _outside_braces(body[begin:nl])) and _balanced(body[begin:nl]):
            pieces.append((begin, nl))
            begin = nl + 1
        pos = nl + 1
    pieces.append((begin, end))
    return pieces


def _outside_braces(text: str) -> str:
    out, depth = [], 0
    for c in text:
        depth += c == "{"
        if depth == 0:
            out.append(c)
        depth -= c == "}" and depth > 0
    return "".join(out)


def _balanced(text: str) -> bool:
    depth = 0
    for c in text:
        depth += (c in "{([") - (c in "})]")
    return depth == 0 and text.count("\\begin") == text.count("\\end")


def _drop_wrappers(body: str) -> str:
    out, pos = [], 0
    for m in _ENV.finditer(body):
        if m.group(2) in WRAPPERS:
            end = m.end()
            if m.group(1) == "begin":
                end += len(_ENV_ARGS.match(body, end).group(0))
            out.append(body[pos:m.start()] + blank(body[m.start():end]))
            pos = end
    out.append(body[pos:])
    return "".join(out)


def _breaks(body: str) -> list:
    """(start, end) of every top-level row break."""
    found, depth, envs, k = [], 0, 0, 0
    while k < len(body):
        c = body[k]
        if c == "\\":
            env = _ENV.match(body, k)
            if env is not None:
                if env.group(2) in VALUE_ENVS:
                    envs += 1 if env.group(1) == "begin" else -1
                k = env.end()
                continue
            brk = _BREAK.match(body, k)
            if brk is not None:
                if depth == 0 and envs <= 0:
                    found.append((k, brk.end()))
                k = brk.end()
                continue
            k += 2          # an escaped character such as \{ or \%
            continue
        if c == "{":
            depth += 1
        elif c == "}":
            depth = max(depth - 1, 0)
        k += 1
    return found


def raw_of(pair, anchor):
    """The row above's last side as written, when ``anchor`` is that side unchanged."""
    return pair[1] if pair is not None and pair[0] == anchor else None


def links_of(item) -> int:
    row = item[1]
    return sum(len(c.ops) for c in row.chains) + (1 if row.chains and row.chains[0].continuation
                                                  else 0)


def strip_given_mark(text: str) -> str:
    return re.sub(r"\\(text|mbox|textrm)\s*\{\s*\(?\s*given\s*\)?\s*\}", "", text,
                  flags=re.IGNORECASE).strip()


def bounded(seconds):
    """A deadline in the main thread (SIGALRM); elsewhere the checker's own limits only."""
    if threading.current_thread() is threading.main_thread():
        return deadline(seconds)
    return _NoDeadline()


class _NoDeadline:
    def __enter__(self):
        return self

    def __exit__(self, *exc):
        return False

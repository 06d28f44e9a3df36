"""Find the displayed equations of a ``.tex`` or ``.md`` document, with line numbers.

This reads document *structure* only (delimiters, environments, comments);
the formulas themselves are read by :mod:`derive.handcheck.parser`.

What counts as a displayed equation (a *block*; its rows are split by
:mod:`derive.handcheck.rows`):

* ``$$ ... $$``, ``\\[ ... \\]``, and every display environment: ``equation``,
  ``align``, ``alignat``, ``flalign``, ``gather``, ``multline``, ``eqnarray``,
  ``displaymath``, ``dmath``, ``IEEEeqnarray`` (starred or not);
* ``\\( ... \\)`` and ``$ ... $`` standing alone on their lines (or several
  ``$ ... $`` with only spaces between them: a line of formulas), or a ``$``
  alone on a line opening a block that a ``$`` alone on a later line closes
  (elsewhere they are inline math, which is prose);
* in Markdown also fenced blocks ```` ```math ```` and MathJax's
  ``<script type="math/tex; mode=display">``.  kramdown's ``$$ ... $$``
  inside a paragraph (text before or after it on the same line) is inline
  math: prose, not a step; but most viewers show it as a display, so one
  holding a relation is reported (``role="unread"``), never skipped silently.
  A display in a blockquote (``> $$ ... $$``) or a list item (``1. $$ ... $$``)
  is read as Markdown renders it, the markers removed;
* ``empheq`` (its options and its ``{align}`` name the inner environment); any
  other environment outside every display that holds a relation outside inline
  math is reported as unread.

Comments are not part of the derivation: ``%`` to the end of the line in
TeX (in Markdown: a line starting with ``%``, and ``%`` inside math),
``\\iffalse ... \\fi`` and ``\\begin{comment} ... \\end{comment}`` in TeX, and
``<!-- ... -->`` in Markdown, over any number of lines.  A display inside a
comment is never read.  Two markers inside comments are read, and reported
as ``hidden`` so that the report can show what the rendered document does
not:

* ``given: <relation>`` -- a hypothesis (``role="given"``).  Outside every
  block it holds from its line on; inside a block (a ``%`` line between the
  rows of an ``align``) only to the end of that block
  (:mod:`derive.handcheck.scope`).
* ``reset`` -- a new derivation starts (``role="reset"``, empty text).

A displayed row marked ``\\text{given}`` or ``\\text{(given)}`` is a given too.

Example:
    >>> [e.line for e in extract_equations("a\\n$$x = 1 \\\\\\\\ y = 2$$\\n")]
    [2, 2]
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field

from .rows import blank, split_rows

__all__ = ["Equation", "extract_equations", "KINDS", "DISPLAY_ENVS"]

KINDS = ("tex", "md")
DISPLAY_ENVS = ("equation", "equation*", "align", "align*", "alignat", "alignat*", "flalign",
                "flalign*", "xalignat", "xxalignat", "gather", "gather*", "multline",
                "multline*", "eqnarray", "eqnarray*", "displaymath", "dmath", "dmath*",
                "IEEEeqnarray", "IEEEeqnarray*")
_OPENERS = re.compile(
    r"(?<!\\)\$\$|\\\[|\\\(|<script\s+type\s*=\s*[\"']math/tex;\s*mode\s*=\s*display[\"']\s*>"
    r"|\{\{<\s*(?:math_block|math|katex)(?:\s+display)?\s*>\}\}"
    r"|\\begin\{(" + "|".join(re.escape(e) for e in DISPLAY_ENVS) + r")\}(\{[^{}]*\})?"
    # empheq: [options]{align} name the inner environment, whose rows are read
    r"|\\begin\{(empheq)\}(?:\[(?:[^\[\]{}]|\{[^{}]*\})*\])?\{[^{}]*\}")
_DOLLAR_LINE = re.compile(r"^[ \t]*(?<!\\)\$(?!\$)([^$\n]+)(?<!\\)\$[ \t]*[.,;]?[ \t]*$", re.M)
_DOLLARS_LINE = re.compile(r"^[ \t]*(?:(?<!\\)\$(?!\$)[^$\n]+(?<!\\)\$[ \t]+)+(?<!\\)\$(?!\$)"
                           r"[^$\n]+(?<!\\)\$[ \t]*[.,;]?[ \t]*$", re.M)
_LONE_DOLLAR = re.compile(r"^[ \t]*(?<!\\)\$[ \t]*$", re.M)
_GIVEN = re.compile(r"^\s*given\s*:\s*([\s\S]*?)\s*$", re.IGNORECASE)
_RESET = re.compile(r"^\s*reset\s*$", re.IGNORECASE)
_HTML_COMMENT = re.compile(r"<!--([\s\S]*?)(-->|$)")
_FENCE = re.compile(r"^\s*(```+|~~~+)\s*([A-Za-z]*)\s*$")
_SCRIPT = re.compile(r"<script[^>]*>[\s\S]*?</script>", re.IGNORECASE)
_RELATION = re.compile(r"[=<>]|\\(?:n?eq|leq?|geq?|neq?|approx|equiv|propto|sim)(?![a-zA-Z])")
# a blockquote's markers; a list item's marker when a display follows it
_QUOTE = re.compile(r"^ {0,3}>[ \t]?")
_ITEM = re.compile(r"^ {0,3}(?:\d{1,9}[.)]|[-*+])[ \t]+(?=\$|\\\[|\\begin\b)")
_SKIPPED = re.compile(r"\\iffalse(?![a-zA-Z])|\\begin\{comment\}")
_IF = re.compile(r"\\if[a-zA-Z]*|\\fi(?![a-zA-Z])")
_BEGIN = re.compile(r"\\begin\{([^{}]+)\}")
_INLINE = re.compile(r"(?<!\\)\$[^$]*(?<!\\)\$|\\\([\s\S]*?\\\)|\[[^\[\]]*\]")
# environments that hold prose or code, where an "=" is no displayed relation
_TEXT_ENVS = frozenset("""document itemize enumerate description figure figure* table table*
    center flushleft flushright proof theorem lemma corollary proposition definition remark
    example exercise solution abstract quote quotation verse minipage tabular tabular* tabularx
    longtable verbatim verbatim* Verbatim lstlisting minted tikzpicture axis scope frame block
    alertblock exampleblock columns column thebibliography appendix subequations
    empheq""".split())


@dataclass(frozen=True)
class Equation:
    """One displayed row (or a comment marker).

    Attributes:
        text: the row's LaTeX (wrappers, tags and comments removed).
        line: 1-based line of the row's first character in the document.
        environment: ``"$$"``, ``"\\["``, ``"align*"``, ``"math"`` (a Markdown
            fence), ``"script"``, or ``"given"``/``"reset"`` for a comment marker.
        role: ``"step"``, ``"given"``, ``"reset"``, or ``"unread"``: a display the
            reader does not read (``environment`` says where it stands), reported
            as not checked.
        block: the number of the display block holding the row (0, 1, ...),
            or -1 for a comment marker outside every block.
        hidden: stated in a comment, invisible in the rendered document.
        lead: for a block's first row, the prose just before the block.
    """

    text: str
    line: int
    environment: str
    role: str = "step"
    block: int = field(default=-1, compare=False)
    hidden: bool = field(default=False, compare=False)
    lead: str = field(default="", compare=False)


def extract_equations(text: str, *, kind: str = "tex") -> list:
    """The displayed equations of a document, in order.

    Args:
        text: the document.
        kind: ``"tex"`` or ``"md"``.

    Raises:
        TypeError: ``text`` is not a str.
        ValueError: ``kind`` is not one of :data:`KINDS`.
    """
    if not isinstance(text, str):
        raise TypeError(f"text must be a str, got {type(text).__name__}")
    if kind not in KINDS:
        raise ValueError(f"kind must be one of {KINDS}, got {kind!r}")
    markers: list = []       # (offset, line, role, text)
    fences: list = []        # (offset, end, first line, body) of ```math fences
    if kind == "md":
        text = _md_fences(text, fences)
        text = _html_comments(text, markers)
        text = _percent_lines(text, markers)
        text = _md_containers(text)
    else:
        text = _tex_comments(text, markers)
        text = _skipped_tex(text, markers)
    unread: list = []        # (offset, body, where): displays the reader does not read
    spans = _display_spans(text, kind, unread) + [(a, b, "math", body, ln) for a, b, ln, body in fences]
    spans.sort()
    found, previous_end = [], 0
    for number, (start, end, env, body, body_line) in enumerate(spans):
        body = _tex_comments(body, markers, offset=start, first_line=body_line)
        lead = _lead(text[previous_end:start])
        for k, row in enumerate(split_rows(body, body_line, env)):
            if row.unread:      # (a layout the reader cannot place: reported, not read)
                found.append(Equation(row.text, row.line, env, "unread", number))
                continue
            role = "given" if row.given else "step"
            found.append(Equation(row.text, row.line, env, role, number, False,
                                  lead if k == 0 else ""))
        previous_end = max(previous_end, end)
    unread += _unknown_environments(text, spans)
    for offset, body, where in unread:
        found.append(Equation(" ".join(body.split()), _line_of(text, offset), where, "unread"))
    for offset, line, role, body in markers:
        block = next((n for n, s in enumerate(spans) if s[0] <= offset < s[1]), -1)
        found.append(Equation(body, line, role if role == "reset" else "given", role, block,
                              True))
    return sorted(found, key=lambda e: e.line)


def _lead(prose: str) -> str:
    words = " ".join(prose.split())
    return words[-200:]


def _marker(body: str, offset: int, line: int, markers: list):
    given = _GIVEN.match(body)
    if given and given.group(1):
        markers.append((offset, line, "given", " ".join(given.group(1).split())))
    elif _RESET.match(body):
        markers.append((offset, line, "reset", ""))


def _line_of(text: str, offset: int, first_line: int = 1) -> int:
    return first_line + text.count("\n", 0, offset)


def _tex_comments(text: str, markers: list, *, offset: int | None = None,
                  first_line: int = 1) -> str:
    """Blank ``%`` comments (keeping line numbers); record ``given:``/``reset`` markers.

    With ``offset`` the text is a block body starting at that document offset;
    markers found there are recorded at that offset (inside the block).
    """
    lines, pos = [], 0
    for number, line in enumerate(text.split("\n")):
        cut = _comment_start(line)
        if cut is not None:
            where = (offset if offset is not None else pos + cut)
            _marker(line[cut + 1:], where, first_line + number, markers)
            line = line[:cut] + blank(line[cut:])
        lines.append(line)
        pos += len(line) + 1
    return "\n".join(lines)


def _comment_start(line: str) -> int | None:
    k = 0
    while True:
        k = line.find("%", k)
        if k < 0:
            return None
        backslashes = len(line[:k]) - len(line[:k].rstrip("\\"))
        if backslashes % 2 == 0:
            return k
        k += 1


def _percent_lines(text: str, markers: list) -> str:
    """Markdown: a line starting with ``%`` is a comment (elsewhere ``%`` is a per-cent sign)."""
    out, pos = [], 0
    for number, line in enumerate(text.split("\n"), 1):
        if line.lstrip().startswith("%"):
            _marker(line.lstrip()[1:], pos, number, markers)
            line = blank(line)
        out.append(line)
        pos += len(line) + 1
    return "\n".join(out)


def _md_containers(text: str) -> str:
    """Blank blockquote markers, and list markers before a display, as Markdown renders.

    A line inside a display opened outside a quote keeps its ``>`` (it is math)."""
    out, opened = [], None         # None: no display open; else: opened inside a quote
    for line in text.split("\n"):
        quoted = bool(_QUOTE.match(line))
        if opened is None or opened:
            while True:
                m = _QUOTE.match(line) or _ITEM.match(line)
                if not m:
                    break
                line = blank(m.group(0)) + line[m.end():]
        for _ in re.finditer(r"(?<!\\)\$\$", line):
            opened = quoted if opened is None else None
        out.append(line)
    return "\n".join(out)


def _skipped_tex(text: str, markers: list) -> str:
    """``\\iffalse ... \\fi`` and ``\\begin{comment} ... \\end{comment}``: comments too."""
    while True:
        m = _SKIPPED.search(text)
        if m is None:
            return text
        if m.group(0).startswith("\\begin"):
            end = text.find("\\end{comment}", m.end())
            end = len(text) if end < 0 else end + len("\\end{comment}")
        else:
            depth, end = 1, len(text)
            for t in _IF.finditer(text, m.end()):
                depth += -1 if t.group(0) == "\\fi" else 1
                if depth == 0:
                    end = t.end()
                    break
        pos = m.start()
        for k, piece in enumerate(text[m.start():end].split("\n")):
            _marker(piece if k else piece[len(m.group(0)):], pos, _line_of(text, pos), markers)
            pos += len(piece) + 1
        text = text[:m.start()] + blank(text[m.start():end]) + text[end:]


def _unknown_environments(text: str, spans: list) -> list:
    """Environments the reader does not know, outside every display, with a relation in them."""
    found = []
    for m in _BEGIN.finditer(text):
        name = m.group(1).strip()
        if name in _TEXT_ENVS or name in DISPLAY_ENVS or \
                any(a <= m.start() < b for a, b, *_ in spans):
            continue
        end = text.find("\\end{" + name + "}", m.end())
        body = text[m.end():end if end >= 0 else len(text)]
        for a, b, *_ in spans:       # the displays inside are read on their own
            if m.end() <= a < b <= m.end() + len(body):
                body = body[:a - m.end()] + blank(body[a - m.end():b - m.end()]) + \
                    body[b - m.end():]
        if _RELATION.search(_INLINE.sub(" ", body)):
            found.append((m.start(), body, "the environment " + name))
    return found


def _html_comments(text: str, markers: list) -> str:
    def hide(m):
        _marker(m.group(1), m.start(), _line_of(text, m.start()), markers)
        return blank(m.group(0))
    return _HTML_COMMENT.sub(hide, text)


def _md_fences(text: str, fences: list) -> str:
    """Blank code fences; a ```math fence becomes a block of its own."""
    lines = text.split("\n")
    out, k = list(lines), 0
    offsets = [0]
    for line in lines:
        offsets.append(offsets[-1] + len(line) + 1)
    while k < len(lines):
        fence = _FENCE.match(lines[k])
        if not fence:
            k += 1
            continue
        end = next((j for j in range(k + 1, len(lines))
                    if lines[j].strip().startswith(fence.group(1))), len(lines))
        if fence.group(2).lower() == "math":
            fences.append((offsets[k], offsets[min(end, len(lines))], k + 2,
                           "\n".join(lines[k + 1:end])))
        for j in range(k, min(end + 1, len(lines))):
            out[j] = blank(lines[j])
        k = end + 1
    return "\n".join(out)


def _display_spans(text: str, kind: str, unread: list) -> list:
    """(start, end, environment, body, first line of body) for every display block.

    A ``$$ ... $$`` holding a relation inside a paragraph or a table cell of
    Markdown renders as a display in most viewers: it goes to ``unread``."""
    spans, pos = [], 0
    while True:
        match = _OPENERS.search(text, pos)
        if match is None:
            break
        opener = match.group(0)
        env, closer = _closer(opener, match.group(1) or match.group(3))
        end = text.find(closer, match.end()) if closer != "$$" else _dollars(text, match.end())
        end = len(text) if end < 0 else end
        after = end + len(closer)
        pos = after
        if env in ("$$", "\\(") and not _alone(text, match.start(), min(after, len(text)),
                                               kind, env):
            if _RELATION.search(text[match.end():end]):
                unread.append((match.start(), text[match.end():end], "a paragraph or a table"))
            continue        # inline math inside a paragraph: prose
        body = text[match.end():end]
        spans.append((match.start(), after, env, body, _line_of(text, match.end())))
    taken = [(s[0], s[1]) for s in spans]
    lone = [m for m in _LONE_DOLLAR.finditer(text) if not any(a <= m.start() < b for a, b in taken)]
    for open_, close in zip(lone[::2], lone[1::2]):     # "$" alone on a line opens and closes
        spans.append((open_.start(), close.end(), "$", text[open_.end():close.start()],
                      _line_of(text, open_.end())))
        taken.append((open_.start(), close.end()))
    for m in _DOLLAR_LINE.finditer(text):
        if not any(a <= m.start() < b for a, b in taken):
            spans.append((m.start(), m.end(), "$", m.group(1), _line_of(text, m.start(1))))
            taken.append((m.start(), m.end()))
    for m in _DOLLARS_LINE.finditer(text):      # $a = b$   $c = d$: a line of formulas only
        if not any(a <= m.start() < b for a, b in taken):
            for one in re.finditer(r"(?<!\\)\$([^$\n]+)(?<!\\)\$", m.group(0)):
                at = m.start() + one.start(1)
                spans.append((m.start() + one.start(), m.start() + one.end(), "$", one.group(1),
                              _line_of(text, at)))
    return spans


def _closer(opener: str, env):
    if opener == "$$":
        return "$$", "$$"
    if opener == "\\[":
        return "\\[", "\\]"
    if opener == "\\(":
        return "\\(", "\\)"
    if opener.startswith("<"):
        return "script", "</script>"
    if opener.startswith("{{"):       # a Hugo shortcode: {{< math_block >}} ... {{< /math_block >}}
        name = re.match(r"\{\{<\s*(\w+)", opener).group(1)
        return "shortcode", "{{< /" + name + " >}}"
    return env, f"\\end{{{env}}}"


def _dollars(text: str, start: int) -> int:
    k = start
    while True:
        k = text.find("$$", k)
        if k < 0 or text[k - 1] != "\\":
            return k
        k += 2


def _alone(text: str, start: int, end: int, kind: str, env: str) -> bool:
    """Whether the delimiters stand apart from prose on their lines (a display, not inline)."""
    if env == "$$" and kind == "tex":
        return True
    before = text[text.rfind("\n", 0, start) + 1:start]
    line_end = text.find("\n", end)
    after = text[end:line_end if line_end >= 0 else len(text)]
    return not before.strip() and not after.strip().strip(".,;:")

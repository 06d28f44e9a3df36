"""The prose just before a display: what it makes of that display's rows.

The rules (the README's section on ``derive check`` states them for users).
Only the prose's last sentence counts, after a closing "then", "we have",
"we get", ":" ... is set aside ("Assume $x > 0$. Then" is read as "Assume
$x > 0$"):

* **case**: "If $i = j$, then", "When $x > 0$ we have", "Assume $a = 1$.",
  "Suppose $b < 0$:", "For $i \\neq j$:", "Let $x = 8$.", "where $a = 3$",
  "with $i = k$" -- a keyword followed by inline math only (several formulas
  joined by "and" or commas).  Each formula is a given (a case when it
  relates indices).  "Let", "suppose", "assume", "where" and "given" state
  what holds from there on (``lasting``: to the end of the document, like a
  ``% given:`` line); "if", "when", "for", "case", "with" ... a case of the
  NEXT display only.
* **constraint**: "subject to", "s.t.", "such that" ending the prose make the
  display's rows constraints; followed by inline math, that math is a given
  of the display.
* **unread**: a conditional keyword ("if", "when", "assume", "suppose",
  "provided", "in the case") whose condition is not inline math alone ("If we
  shift the logits, then"), or math that is not read as relations.  The
  author's case is unknown: the display's rows are never refuted.
* **caveat**: "unless", "except", "only if", or a negation or disclaimer
  ("not", "false", "wrong", "fails", "incorrect", "never") in the sentence:
  the rows hold with an exception the reader does not know, or the author
  says the math is NOT the case ("holds but not for $x = 3$", "false when
  $x = 3$"); no given, and never refuted either.
* **false**: the prose labels what follows "False:", "Wrong:", "**Wrong:**",
  "Incorrect:": the rows are checked (and may be refuted) but never become a
  definition or a premise of the rows below.

"For", "where", "with", "let", "given" and "case" followed by words ("where $x$ is the
input") or by math without a relation ("solving for $p_i$") introduce no
condition: that prose is read as nothing.
"""
from __future__ import annotations

import re
from dataclasses import dataclass

from ..kernel.verdict import UNKNOWN
from .conditions import COMPARISONS
from .outcome import Outcome, row_links

__all__ = ["Lead", "read_lead", "lead_relations", "unread_lead"]


@dataclass(frozen=True)
class Lead:
    """What the prose before a display says of its rows.

    Attributes:
        kind: ``""`` (nothing), ``"case"``, ``"constraint"``, ``"unread"``,
            ``"caveat"`` or ``"false"``.
        conditions: the inline math of a case or a constraint (TeX, one per formula).
        words: the sentence read (for the diagnostics).
        lasting: a case stated by "let", "suppose", "assume", "where", "given":
            it holds to the end of the document, not for the next display only.
    """

    kind: str = ""
    conditions: tuple = ()
    words: str = ""
    lasting: bool = False


_MATH = re.compile(r"(?<!\\)\$([^$]+)(?<!\\)\$")
_HOLE = "\x00"
_LABEL = re.compile(r"(?:^|[\s>#(])[*_]*\s*(false|wrong|incorrect|not true|mistaken)\s*[*_]*\s*:"
                    r"\s*[*_]*\s*$|^\W*(false|wrong|incorrect)\W*$", re.I)
_TAIL = re.compile(r"(?:[\s,:;.]|\b(?:then|we have|we get|we obtain|we find|we see|one has|"
                   r"one gets|one obtains|it follows that|it follows|this gives|gives|yields|"
                   r"holds)\b)*$", re.I)
_STRONG = (r"if|when|whenever|assume|assuming|suppose|supposing|provided(?:\s+that)?|"
           r"in\s+(?:the\s+)?case(?:\s+(?:of|that|where))?|given\s+that")
_WEAK = r"for|where|with|let|given|case"
_CONSTRAINT = r"subject\s+to|s\.\s?t\.|such\s+that"
_KEYWORD = re.compile(rf"(?<![\w\\])(?:(?P<constraint>{_CONSTRAINT})|(?P<strong>{_STRONG})|"
                      rf"(?P<weak>{_WEAK}))(?![\w])", re.I)
_RELATION = re.compile(r"=|<|>|\\(?:neq?|leq?|geq?)(?![a-zA-Z])|≤|≥|≠")
_CAVEAT = re.compile(r"(?<![\w\\])(unless|except|only\s+if)(?![\w])", re.I)
# (a negation or disclaimer in a sentence that holds math: the math is NOT what holds)
_NEGATION = re.compile(r"(?<![\w\\])(not|no|nor|cannot|false|wrong|fails?|failing|incorrect|"
                       r"untrue|invalid|never|neither|counterexample)(?![\w])|n't\b", re.I)
_LASTING = re.compile(r"let|suppose|supposing|assume|assuming|where|given(?:\s+that)?", re.I)
# TeX emphasis around a label (\textbf{Wrong:}, \emph{False}:) is read as its words
_EMPHASIS = re.compile(r"\\(?:textbf|textit|emph|textsc|underline|text|mathbf|bf|it|em)\s*"
                       r"\{([^{}$]*)\}")
_JOINED = re.compile(rf"\s*(?:that\s+)?{_HOLE}(\d+){_HOLE}((?:\s*(?:,|and|,\s*and)\s*{_HOLE}\d+{_HOLE})*)"
                     r"\s*[,:;.]?\s*$", re.I)


def read_lead(prose: str) -> Lead:
    """The :class:`Lead` of the prose before a display."""
    maths = []

    def hole(m):
        maths.append(m.group(1).strip())
        return f"{_HOLE}{len(maths) - 1}{_HOLE}"

    text = _MATH.sub(hole, " ".join(_EMPHASIS.sub(r" \1 ", prose).split()))
    if _LABEL.search(text):
        return Lead("false", words=text[-40:])
    if re.search(rf"(?:{_CONSTRAINT})[\s:,]*$", text, re.I):
        return Lead("constraint", words=text[-40:])
    text = _TAIL.sub("", text)
    sentence = re.split(r"(?<=[.!?])\s+", text)[-1] if text else ""
    words = _MATH.sub("", re.sub(f"{_HOLE}(\\d+){_HOLE}", lambda m: f"${maths[int(m.group(1))]}$",
                                 sentence))
    shown = re.sub(f"{_HOLE}(\\d+){_HOLE}", lambda m: f"${maths[int(m.group(1))]}$", sentence)
    if _CAVEAT.search(words) or _HOLE in sentence and _NEGATION.search(words):
        return Lead("caveat", words=shown)
    for m in _KEYWORD.finditer(sentence):
        rest = sentence[m.end():]
        joined = _JOINED.match(rest)
        if joined is not None:
            numbers = [int(joined.group(1))] + [int(k) for k in re.findall(
                f"{_HOLE}(\\d+){_HOLE}", joined.group(2))]
            conditions = tuple(maths[k] for k in numbers)
            if m.group("weak") and not all(_RELATION.search(c) for c in conditions):
                continue        # "solving for $p_i$", "for $i \\in S$": no condition
            kind = "constraint" if m.group("constraint") else "case"
            return Lead(kind, conditions, shown,
                        kind == "case" and bool(_LASTING.fullmatch(m.group(0))))
        if m.group("strong") or m.group("constraint"):
            return Lead("unread", words=shown)
    return Lead(words=shown)


def lead_relations(row):
    """The relations of a lead's parsed formula, or None when it is not relations only."""
    if row is None or any(c.continuation for c in row.chains):
        return None
    links = row_links(row)
    rels = tuple(link for link in links if link[1] in COMPARISONS | {"\\neq"})
    return rels if rels and len(rels) == len(links) else None


def unread_lead(lead: Lead) -> Outcome:
    """The verdict of a row refuted as read under prose whose condition is not read."""
    why = "a caveat" if lead.kind == "caveat" else "a condition"
    return Outcome(UNKNOWN, "condition not read", detail=f"false as read, but the prose "
                   f"before the display states {why} that is not read: '{lead.words}'")

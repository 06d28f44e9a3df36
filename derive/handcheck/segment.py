"""Split one displayed row into what it states: claims, row conditions, definitions, prose.

TeX renders ``x = 1 \\quad y = 2`` as two equations side by side and
``f = 1 \\text{ if } i = j`` as an equation with its condition, so the row is
cut at its top-level separators -- ``\\text{...}`` prose, ``\\quad``,
``\\qquad``, a comma, ``\\forall`` -- and each piece is given the role the
words before it give it:

=========================================  ==========================================
before the piece                           the piece is
=========================================  ==========================================
nothing (the row's first piece)            a claim
``\\quad``, a comma, ``\\text{and}``         another claim; an index relation
                                           (``i \\neq j``) is a condition of the claim
``if``, ``for``, ``when``, ``provided``     a condition of the claim (holds for this
                                           row only); ``for i = 1, \\dots, n`` is a range
``where``, ``with``, ``and where``          a definition (``Z = \\sum_j e^{z_j}``)
``s.t.``, ``subject to``, ``such that``     a constraint (a hypothesis of the problem)
``hence``, ``so``, ``thus``, ``therefore``  another claim
``\\forall``, ``for all``                   a quantifier: prose
``let``, ``suppose``, ``assume`` (first)    a given (a hypothesis, not a claim)
``false:``, ``wrong:`` (first)              a claim never made a premise or definition
a number in parentheses ``(2)``            an equation number: dropped
any other words, before math with no      not read: the row cannot be refuted
relation
any other words before a relation, or      kept with the claim: the parser reports the
``or``/``unless``/``otherwise``... after   row unread (``x = 1 \\text{ or } x = 2`` is
the last one                               neither claim, nor a definition of x)
=========================================  ==========================================

A ``cases`` environment (``cases``, ``dcases``, ``\\left\\{\\begin{array}...\\right.``)
is expanded into one row per branch, its condition a row condition;
``otherwise`` is the complement of the other branches' conditions.

Nothing is dropped silently: every piece is a claim, a condition, a
definition, a constraint, a range, an equation number, prose without math,
or listed in :attr:`Piece.unread`.
"""
from __future__ import annotations

import re
from dataclasses import dataclass

__all__ = ["Piece", "split_row", "TEXT_FUNCTIONS", "top_level_split"]

TEXT_FUNCTIONS = frozenset({
    "softmax", "exp", "log", "ln", "max", "min", "argmax", "argmin", "diag", "sigmoid",
    "logsumexp", "lse", "LSE", "relu", "ReLU", "tanh", "sign", "sgn", "softplus",
    "logsoftmax", "log-softmax", "log_softmax", "d", "T", "CE", "KL",
    "Var", "E", "tr", "Tr", "const", "st", "sech", "cosh", "sinh",
})
_CONDITION = ("if", "for", "when", "whenever", "provided", "provided that", "assuming",
              "given", "for any", "for each", "for every", "in case", "if and only if")
_DEFINE = ("where", "with", "and where", "letting", "here", "and", "where we define",
           "with the notation", "defining")
_CONSTRAINT = ("s.t.", "s.t", "st", "subject to", "such that", "subject to:", "s. t.")
_CONSEQUENCE = ("hence", "so", "thus", "therefore", "then", "and so", "i.e.", "ie", "that is")
_QUANTIFIER = ("for all", "for every", "forall")
_SUPPOSE = ("let", "suppose", "suppose that", "assume", "assume that", "given that")
_FALSE_LABEL = re.compile(r"\W*(false|wrong|incorrect|not true)\W*", re.I)
# words after the last relation that change what it states (kept for the parser to report)
_QUALIFIER = re.compile(r"\b(or|unless|otherwise|else|except|not|wrong|false|never|only)\b", re.I)
# words after a relation that give its reason or a reference: a note, never a change of meaning
_JUSTIFICATION = re.compile(
    r"\W*(by|from|using|use|since|because|as|via|with|applying|apply|substituting|plugging|"
    r"after|per|see|cf|eq|eqs|equation|definition|def|rule|chain|product|quotient|given|"
    r"hence|thus|so|therefore|then|i\.?e|e\.?g|where|for|note|recall|which|and|in|on|at|"
    r"q\.?e\.?d|qed|step|line|lemma|theorem|thm|prop|proposition|identity|above|below|"
    r"similarly|likewise|again|also|now|here|simplif\w*|expand\w*|rearrang\w*|cancel\w*|"
    r"factor\w*|divid\w*|multiply\w*|multiplied|differentiat\w*|taking|take|sum\w*|"
    r"integrat\w*|linearity|symmetry|assumption|hypothesis|constraint|normali[sz]\w*|"
    r"\d+|[ivx]+)\b|\W*$", re.I)
_TEXT = re.compile(r"\\(text|mbox|textrm|textnormal|textit|textbf|mathrm)\s*\{([^{}]*)\}")
_SPACE = re.compile(r"\\(quad|qquad)(?![a-zA-Z])|\\hspace\*?\s*\{[^{}]*\}|(\\[;:]\s*){2,}")
_EQNO = re.compile(r"^\(\s*\d+(\.\d+)*[a-z]?\s*\)\.?$")
_RANGE = re.compile(r"^\s*[A-Za-z](\\[a-z]+)?\s*(=\s*[^,]+,\s*(\\[lc]?dots|\.\.\.|\\ldots)"
                    r"|\\in\b|∈)")
_CASES = re.compile(r"(\\left\s*\\\{\s*)?\\begin\s*\{(cases|dcases|rcases|array)\}(\s*\{[^{}]*\})?")
_REL = re.compile(r"(?<![<>!])=|<|>|\\(neq|ne|leq|le|geq|ge|leqslant|geqslant|approx|equiv|"
                  r"propto|triangleq|coloneqq)(?![a-zA-Z])|≤|≥|≠|:=")


@dataclass(frozen=True)
class Piece:
    """One thing a row states.

    Attributes:
        text: the math of the piece.
        role: ``"claim"``, ``"definition"`` or ``"constraint"``.
        conditions: texts of the relations under which the claim is stated
            (``i = j``); ``"not:<text>"`` for the complement of a branch condition.
        unread: math found after words whose meaning is not read.
        notes: what was recognised and set aside (equation numbers, ranges).
    """

    text: str
    role: str = "claim"
    conditions: tuple = ()
    unread: tuple = ()
    notes: tuple = ()


def has_relation(text: str) -> bool:
    return bool(_REL.search(_strip_braced(text)))


def _strip_braced(text):
    """The text with everything inside braces removed (a script's ``=`` is not a relation)."""
    out, depth = [], 0
    for c in text:
        if c == "{":
            depth += 1
        elif c == "}":
            depth = max(depth - 1, 0)
        elif depth == 0:
            out.append(c)
    return "".join(out)


def split_row(text: str) -> list:
    """The pieces of one row (see the module docstring)."""
    branches = _cases(text)
    if branches is not None:
        out = []
        for body, conds in branches:
            out += [Piece(p.text, p.role, p.conditions + conds, p.unread, p.notes)
                    for p in split_row(body)]
        return out
    return _pieces(text)


def top_level_split(text: str, seps) -> list:
    """Cut ``text`` at each top-level match of the regex ``seps`` -> [(piece, separator)].

    Top level: outside ``{}``, ``()``, ``[]``, ``\\{ \\}`` and ``\\langle \\rangle``.
    """
    out, depth, start, k = [], 0, 0, 0
    while k < len(text):
        m = seps.match(text, k) if depth == 0 else None
        if m is not None and m.end() > k:
            out.append((text[start:k], m.group(0)))
            start = k = m.end()
            continue
        c = text[k]
        if c == "\\":
            word = re.match(r"\\([a-zA-Z]+|.)", text[k:])
            name = word.group(1) if word else ""
            if name in ("{", "langle"):
                depth += 1
            elif name in ("}", "rangle"):
                depth = max(depth - 1, 0)
            k += len(word.group(0)) if word else 1
            continue
        if c in "{([":
            depth += 1
        elif c in "})]":
            depth = max(depth - 1, 0)
        k += 1
    out.append((text[start:], ""))
    return out


_SEPS = re.compile(r"\\(text|mbox|textrm|textnormal|textit|textbf)\s*\{[^{}]*\}|"
                   r"\\(quad|qquad)(?![a-zA-Z])|\\hspace\*?\s*\{[^{}]*\}|(\\[;:]\s*){2,}|"
                   r"\\forall(?![a-zA-Z])|,|;")


def _word(sep: str) -> str:
    m = _TEXT.match(sep.strip())
    if m:
        return " ".join(m.group(2).split()).lower().strip(" ,:")
    if sep.strip() == "\\forall":
        return "forall"
    if sep.strip() in (",", ";"):
        return ","
    return ""


def _is_name_text(text: str, sep: str, after: str) -> bool:
    """``\\text{softmax}(z)``, ``\\text{LSE}``: a name written in text, not prose."""
    m = _TEXT.match(sep.strip())
    if not m:
        return False
    word = m.group(2).strip()
    if word in TEXT_FUNCTIONS or word.lower() in TEXT_FUNCTIONS:
        return True
    if not re.fullmatch(r"[A-Za-z][A-Za-z0-9-]*", word):
        return False
    if word.lower() in _CONDITION + _DEFINE + _CONSTRAINT + _CONSEQUENCE + _QUANTIFIER + (
            "otherwise", "else", "or", "since", "because", "by", "using", "as", "is", "are",
            "on", "at", "in", "of", "the", "to", "we", "have", "get", "obtain"):
        return False
    return bool(re.match(r"\s*(\(|_|\^|\[|\\left|=|\\mathbf|\\boldsymbol)", after))


def _pieces(text: str) -> list:
    parts = top_level_split(text, _SEPS)
    # Re-join separators that are part of the math (a name in \text, a comma in a list).
    chunks = [[parts[0][0], ""]]
    pending = parts[0][1]
    for piece, sep in parts[1:]:
        if _is_name_text(pending, pending, piece):
            chunks[-1][0] += pending + piece
        elif pending in (",", ";") and not has_relation(piece) and not _RANGE.match(piece) \
                and not _is_condition_math(piece):
            chunks[-1][0] += pending + piece
        else:
            chunks.append([piece, pending])
        pending = sep
    if pending and _is_name_text(pending, pending, ""):
        chunks[-1][0] += pending
    out = []
    words = []
    for at, (math, sep) in enumerate(chunks):
        word = _word(sep) if sep else ""
        math = math.strip()
        after = chunks[at + 1][1] if at + 1 < len(chunks) else ""
        if not re.sub(r"&|\\[ ,;:!]|~", "", math).strip() and after and not _word(after):
            math = ""       # only alignment before a spacing (&\quad p \ge 0): nothing stated
        if not math:
            if word and word != ",":
                words.append(word)
            continue
        word = " ".join(words + ([word] if word else [])).strip()
        words = []
        if not out:
            # "Let x = 8", "Suppose ...": a given; "Wrong: ...": checked, never a premise
            out.append(Piece(_clean(math), "given" if word.rstrip(":") in _SUPPOSE else "claim"))
            if word:
                out[-1] = _note(out[-1], "labelled false" if _FALSE_LABEL.fullmatch(word) else
                                f"prose before the formula: {word}")
            continue
        out = _attach(out, word, _clean(math))
    if out and words and _QUALIFIER.search(" ".join(words)):
        out[-1] = _with_prose(out[-1], " ".join(words))     # x = 1 \text{ otherwise}
    elif out and words and not _JUSTIFICATION.match(" ".join(words)):
        # words after the last relation that are no reason given for it ("fails", "would
        # be absurd", "(incorrect)") may deny it: the row is not fully read
        last = out[-1]
        out[-1] = Piece(last.text, last.role, last.conditions,
                        last.unread + (f"the words '{' '.join(words)}'",), last.notes)
    return out


def _clean(math: str) -> str:
    return math.strip().rstrip(".,;").strip()


def _note(p: Piece, note: str) -> Piece:
    return Piece(p.text, p.role, p.conditions, p.unread, p.notes + (note,))


def _is_condition_math(math: str) -> bool:
    """An index relation: ``i \\neq j`` (any letters), ``j = k``, ``i < j`` (index letters)."""
    m = re.fullmatch(r"\s*([A-Za-z])\s*(=|\\neq|\\ne|≠|<|>|\\le|\\ge|\\leq|\\geq)\s*([A-Za-z])\s*",
                     _clean(math))
    if m is None:
        return False
    return m.group(2) in ("\\neq", "\\ne", "≠") or {m.group(1), m.group(3)} <= set("ijklmtuv")


def _attach(out: list, word: str, math: str) -> list:
    last = out[-1]
    if _EQNO.match(math):
        out[-1] = _note(last, f"equation number {math}")
        return out
    if word in _QUANTIFIER or word == "forall" or math.startswith("\\forall") or (
            word in _CONDITION and re.fullmatch(r"\s*[A-Za-z](\s*,\s*[A-Za-z])*\s*", math)):
        # "for any k, j": the letters are quantified, not a condition
        out[-1] = _note(last, f"quantifier: {word} {math}".replace("forall ", ""))
        return out
    if _RANGE.match(math) and word in ("", ",") + _CONDITION:
        out[-1] = _note(last, f"range: {math}")
        return out
    if word in _CONDITION:
        out[-1] = Piece(last.text, last.role, last.conditions + (math,), last.unread, last.notes)
        return out
    if word in ("", ",", "and") and _is_condition_math(math):
        out[-1] = Piece(last.text, last.role, last.conditions + (math,), last.unread, last.notes)
        return out
    if word in _DEFINE and word != "and":
        return out + [Piece(math, "definition")]
    if word in _CONSTRAINT:
        return out + [Piece(math, "constraint")]
    if word in ("", ",", "and") + _CONSEQUENCE and has_relation(math):
        return out + [Piece(math)]
    if has_relation(math):
        # words that connect two relations ("or", "is wrong; in fact", "unless"): the row is
        # not its relations; kept on the piece, the parser reports the math after the prose
        out[-1] = _with_prose(last, word, math)
        return out
    out[-1] = Piece(last.text, last.role, last.conditions, last.unread + (
        f"{word} {math}".strip(),), last.notes)
    return out


def _with_prose(p: Piece, word: str, math: str = "") -> Piece:
    return Piece(f"{p.text} \\quad \\text{{{word}}} {math}".strip(), p.role, p.conditions,
                 p.unread, p.notes)


def _cases(text: str):
    """``[(row text, conditions), ...]`` for a row holding a cases environment, else None."""
    m = _CASES.search(text)
    if m is None or (m.group(2) == "array" and not m.group(1)):
        return None
    env = m.group(2)
    end = text.find(f"\\end{{{env}}}", m.end())
    if end < 0:
        return None
    body = text[m.end():end]
    before = text[:m.start()]
    after = text[end + len(f"\\end{{{env}}}"):]
    after = re.sub(r"^\s*\\right\s*\.", "", after)
    rows = [r for r, _ in top_level_split(body, re.compile(r"\\\\(\s*\[[^\]]*\])?")) if r.strip()]
    branches, plain = [], []
    for row in rows:
        value, _, cond = row.partition("&")
        cond = cond.strip().strip(",").strip()
        word = ""
        t = _TEXT.match(cond)
        if t:
            word = " ".join(t.group(2).split()).lower().strip(" ,:")
            cond = cond[t.end():].strip()
        value = value.strip().rstrip(",").strip()
        if word in ("otherwise", "else", "sonst") or cond in ("\\text{otherwise}",):
            branches.append((value, None))
            continue
        cond = cond.lstrip(",").strip()
        branches.append((value, cond or ""))
        if cond:
            plain.append(cond)
    out = []
    for value, cond in branches:
        conds = tuple(f"not:{c}" for c in plain) if cond is None else ((cond,) if cond else ())
        out.append((before + " " + value + " " + after, conds))
    return out

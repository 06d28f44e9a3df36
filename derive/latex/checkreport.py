"""The annotated LaTeX report of ``derive check`` on a user's file.

The user's rows come back in order, each with its mark (✓ proved, ✗
refuted, ? not settled, ! unreadable, · assumed: a given, a definition or a
stationarity condition) and its line number:

* a row written in plain LaTeX math is typeset as the user wrote it; any
  other row (Markdown notation, unknown macros) is quoted in typewriter
  type that breaks anywhere, so a long line never runs off the page, and
  the checker's reading of it is typeset below;
* under a failing row: how it was read, the counterexample (or, without
  one, the difference of its two sides as read), and the hypotheses in
  scope -- the givens, definitions and conditions on earlier lines (when
  there are none, the list of hypotheses at the top says so, once).

It reads the :class:`~derive.handcheck.steps.HandCheckReport` only through
its fields (``steps`` with ``line``, ``source``, ``parsed``, ``status``,
``method``, ``detail``, ``counterexample``, ``role``), so the latex room
needs no decider.
"""
from __future__ import annotations

import re

from sympy import Basic, Eq
from sympy.core.relational import Relational

from .blocks import (METHOD_WORDS, counterexample_tex, detail_tex, display_math,
                     method_words)
from .lines import chain_lines, line_width
from .preamble import DOCUMENT_OPTIONS, MARKS, PREAMBLE
from ..printing.escape import escape_text
from ..printing.printer import to_latex
from ..printing.width import math_width

__all__ = ["report_tex", "typeset_source", "breakable_tt"]

#: Math width (half-em units) of a row inside the list of rows.
ROW_WIDTH = 58.0

_SAFE_WORDS = frozenset("""
alpha beta gamma delta epsilon varepsilon zeta eta theta vartheta iota kappa lambda mu nu xi
pi varpi rho varrho sigma varsigma tau upsilon phi varphi chi psi omega Gamma Delta Theta
Lambda Xi Pi Sigma Upsilon Phi Psi Omega frac dfrac tfrac partial sum prod log ln exp left
right cdot cdots ldots dots times quad qquad sqrt max min lim infty to leq geq le ge neq ne
approx propto sim in langle rangle mathrm operatorname text mathbf boldsymbol mathcal mathbb
hat tilde bar vec dot prime nabla ell big Big bigl bigr Bigl Bigr limits nolimits
displaystyle implies iff Rightarrow rightarrow mapsto forall exists top mid vert lvert rvert
Vert lVert rVert sin cos tan tanh sinh cosh arg det sup inf
""".split())
_CONTROL = re.compile(r"\\([A-Za-z]+|.)")
_BARE_FUNCTION = re.compile(r"(?<![\\A-Za-z])(?:log|ln|exp|sin|cos|tan|tanh|sinh|cosh|max|min|"
                            r"lim|sum|prod|sqrt|det|softmax|argmax|argmin)(?![A-Za-z])")
# the reader's diagnostics (derive.handcheck.diagnostics.KINDS); the checker's outcomes are in METHOD_WORDS
_METHOD_WORDS = {**METHOD_WORDS, "unbalanced": "unbalanced brackets", "index-clash": "an index clash",
                 "derivative-variable": "the variable of a derivative",
                 "undefined-symbol": "an undefined symbol"}
_STATUS_WORDS = {"proved": "proved", "refuted": "refuted", "unknown": "not settled",
                 "diagnostic": "unreadable", "assumed": "assumed"}


def typeset_source(source: str) -> str | None:
    """The row's own LaTeX, fit to typeset as display math; None when it is not.

    Accepted: ASCII, balanced braces and ``\\left``/``\\right``, and only the
    control words of ordinary mathematics (``\\frac``, ``\\sum``, ``\\log``,
    Greek letters, ...); no ``*`` and no function name without its
    backslash (``log(p_i)``), which LaTeX would set as a star and an italic
    word.  Alignment marks ``&``, ``\\nonumber``, ``\\label{...}``
    and ``\\tag{...}`` are dropped.  Anything else
    (Unicode, ``$``, ``%``, ``\\\\``, an unknown macro) could break the page,
    and the row is quoted instead.
    """
    if not isinstance(source, str) or not source.isascii() or any(c in source for c in "$%#\n"):
        return None
    # numbering commands of the user's own document have no place in the report
    text = re.sub(r"\\(?:nonumber|notag)(?![A-Za-z])|\\(?:label|tag)\{[^{}]*\}", " ", source)
    text = re.sub(r"\s+", " ", text.replace("&", " ")).strip()
    if not text:
        return None
    depth = 0
    for ch in re.sub(r"\\[{}]", "", text):
        depth += {"{": 1, "}": -1}.get(ch, 0)
        if depth < 0:
            return None
    if depth:
        return None
    # "log(p_i)" or "p_i * z_i" is plain-text mathematics, not LaTeX: set as
    # written it reads as the italic word log and a star; quote it and show
    # the reading instead.
    if "*" in text or _BARE_FUNCTION.search(text):
        return None
    words = _CONTROL.findall(text)
    for word in words:
        if word.isalpha() and word not in _SAFE_WORDS:
            return None
        if word == "\\":
            return None
    if words.count("left") != words.count("right") or math_width(text) > ROW_WIDTH:
        return None
    return text


_BREAK_AFTER = set(" +-=,()[]{}_^/*&|<>")


def breakable_tt(text: str) -> str:
    """``text`` in typewriter type, breakable after operators, before commands, every 12 characters.

    Long source lines then wrap inside the margins instead of running off them.
    """
    out, run = [], 0
    for ch in text.replace("\t", " "):
        if ch == "\\" and run:    # a break before a command, never inside its name
            out.append(r"\allowbreak{}")
            run = 0
        out.append(escape_text(ch, strict=False))
        run += 1
        if ch in _BREAK_AFTER or run >= 12:
            out.append(r"\allowbreak{}")
            run = 0
    return r"{\ttfamily\footnotesize\raggedright %s\par}" % "".join(out)


def _how(step) -> str:
    """The method in words: 'the normal form of sums and the stationarity condition, using lines 2 and 7'."""
    method, _, using = step.method.partition(" using ")
    words = [_METHOD_WORDS.get(m.strip()) or method_words(m.strip())
             for m in method.split(" + ") if m.strip()]
    text = " and ".join(dict.fromkeys(words))
    if using:
        lines = re.findall(r"\d+", using)
        text += ", using line%s %s" % ("" if len(lines) == 1 else "s", ", ".join(lines))
    return escape_text(text, strict=False)


def _math(expr) -> str:
    try:
        return to_latex(expr)
    except (TypeError, ValueError, AttributeError, NotImplementedError):
        return r"\text{%s}" % escape_text(str(expr), strict=False)


def _relations(parsed) -> list:
    if parsed is None:
        return []
    if isinstance(parsed, Basic) and parsed.func.__name__ == "Tuple":
        return list(parsed.args)
    return [parsed]


def _reading(parsed) -> str:
    """The checker's reading of a row: its relations as one chain where they chain."""
    rels = _relations(parsed)
    if not rels:
        return ""
    try:
        if all(isinstance(r, Relational) for r in rels) and all(
                a.rhs == b.lhs for a, b in zip(rels, rels[1:])):
            lines = [line for group in chain_lines(rels[0].lhs, [(r.rel_op, r.rhs) for r in rels],
                                                    width=ROW_WIDTH) for line in group]
            if max(line_width(line) for line in lines) <= ROW_WIDTH + 6:
                return "\\begin{align*}\n" + " \\\\\n".join(lines) + "\n\\end{align*}"
        return "\n".join(display_math(r, width=ROW_WIDTH) for r in rels)
    except (TypeError, ValueError, AttributeError, NotImplementedError):
        return breakable_tt(str(parsed))


def report_tex(report, *, source: str) -> str:
    """An annotated LaTeX document: every row, its mark, its reading and its verdict."""
    steps = list(report.steps)
    first = report.first_failure
    counts = {s: sum(step.status == s for step in steps) for s in _STATUS_WORDS}
    tally = ", ".join("%d %s" % (counts[s], _STATUS_WORDS[s]) for s in
                      ("proved", "refuted", "unknown", "diagnostic") if counts[s])
    verdict = (f"The first failing step is on line {first.line}." if first
               else "Every step is proved." if report.ok else "Nothing was proved.")
    legend = r"; ".join(r"%s{} %s" % (MARKS[s], _STATUS_WORDS[s]) for s in _STATUS_WORDS)
    body = [
        "\\documentclass[%s]{article}" % DOCUMENT_OPTIONS, PREAMBLE, "\\begin{document}",
        "\\section*{Check of \\texttt{%s}}" % escape_text(source, strict=False),
        "%d rows: %s%s%d assumed (givens, definitions, conditions). %s" % (
            len(steps), tally, ", and " if tally else "", counts["assumed"], escape_text(verdict)),
        "\\par\\smallskip\\noindent{\\small Marks: %s (a given, a definition or a "
        "stationarity condition).\\par}" % legend,
        _hypotheses(steps),
        "\\subsection*{The rows}",
        "\\begin{list}{}{\\setlength{\\leftmargin}{4.2em}\\setlength{\\labelwidth}{3.8em}"
        "\\setlength{\\labelsep}{0.4em}}",
    ]
    for pos, step in enumerate(steps):
        body += _row(step, steps[:pos])
    body += ["\\end{list}", "\\end{document}"]
    return "\n".join(body) + "\n"


def _hypotheses(steps) -> str:
    givens = [s for s in steps if s.role == "given"]
    if not givens:
        return ("\\subsection*{Hypotheses}\nNone: the file states no hypothesis "
                "(\\texttt{\\% given: ...} in TeX, \\texttt{<!-{}- given: ... -{}->} in Markdown).")
    items = ["\\item[line %d] $%s$" % (s.line, ",\\ ".join(_math(r) for r in _relations(s.parsed)))
             for s in givens if s.parsed is not None]
    return "\n".join(["\\subsection*{Hypotheses}", "Each holds from its line on.",
                      "\\begin{description}", *items, "\\end{description}"])


def _row(step, earlier) -> list[str]:
    mark = MARKS.get(step.status, MARKS["unknown"])
    lines = ["\\item[%s\\ \\textbf{%d}]" % (mark, step.line)]
    own = typeset_source(step.source) if step.parsed is not None else None
    if own is not None:
        lines.append("\\begin{equation*}\n%s\n\\end{equation*}" % own)
    else:
        lines.append(breakable_tt(step.source))
        reading = _reading(step.parsed)
        if reading:
            lines += ["{\\small Read as:}", reading]
    words = "%s: %s" % (_STATUS_WORDS.get(step.status, step.status), _how(step))
    detail = detail_tex(step.detail)
    if detail:
        words += "; " + detail
    lines.append("{\\small %s.\\par}" % words)
    if step.failed:
        lines += _failure(step, earlier, own is not None)
    return lines


def _failure(step, earlier, typeset_own: bool) -> list[str]:
    out = []
    if typeset_own and step.parsed is not None:
        out += ["{\\small Read as:}", _reading(step.parsed)]
    if step.counterexample:
        out.append("\\noindent\\textbf{Counterexample:} $%s$\\par"
                   % counterexample_tex(step.counterexample))
    else:
        rels = _relations(step.parsed)
        if len(rels) == 1 and isinstance(rels[0], Relational):
            out += ["\\noindent\\textbf{Residual} (left side minus right side, as read):",
                    display_math(Eq(rels[0].lhs - rels[0].rhs, 0, evaluate=False), width=ROW_WIDTH)]
    scope = _scope(earlier)
    if scope:   # with nothing in scope the Hypotheses section has said so, once
        out.append("\\noindent{\\small In scope: %s.\\par}" % scope)
    return out


def _scope(earlier) -> str:
    items = []
    for s in earlier:
        if s.role == "given":
            items.append("the hypothesis of line %d" % s.line)
        elif s.role == "definition":
            items.append("the definition on line %d" % s.line)
        elif s.role == "condition" or "stationarity condition" in s.method:
            items.append("the condition on line %d" % s.line)
    return ", ".join(items)

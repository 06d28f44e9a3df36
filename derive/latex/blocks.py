"""Small LaTeX building blocks shared by the document and table writers.

Labels, displayed and inline math, and deterministic number formats.  All
functions are pure and return strings.

Example:
    >>> make_label("eq", "softmax entropy", "step:1")
    'eq:softmax-entropy:step-1'
    >>> format_error(3.14e-15)
    '3.1e-15'
"""
from __future__ import annotations

import math
import re
from numbers import Integral, Real
from typing import Any

from sympy import Basic, Integer, Rational

from ..printing.escape import escape_text
from .lines import DEFAULT_WIDTH, to_latex_lines
from ..printing.printer import to_latex
from ..printing.width import math_width

__all__ = ["make_label", "humanize", "display_math", "inline_math", "format_error",
           "format_value", "format_range", "reader_detail", "detail_tex", "counterexample_tex",
           "verdict_phrase", "method_words", "INLINE_LIMIT"]

#: Math wider than this (half-em units) is displayed rather than run into a line.
INLINE_LIMIT = 34.0

_LABEL_UNSAFE = re.compile(r"[^A-Za-z0-9_.-]+")


def make_label(kind: str, *parts: str) -> str:
    """A LaTeX label ``kind:part1:part2`` with only ``[A-Za-z0-9_.-]`` in each part.

    Raises:
        TypeError: a part is not a str.
        ValueError: a part has no usable character.
    """
    clean = []
    for part in (kind, *parts):
        if not isinstance(part, str):
            raise TypeError(f"label parts must be str, got {part!r}")
        safe = _LABEL_UNSAFE.sub("-", part.strip()).strip("-")
        if not safe:
            raise ValueError(f"label part {part!r} has no letter or digit")
        clean.append(safe)
    return ":".join(clean)


def humanize(name: str) -> str:
    """``stationarity_gives_log_p`` -> ``Stationarity gives log p`` (escaped text).

    Prose rather than a ``\\texttt`` name, so that TeX can break the line.
    """
    words = name.replace("_", " ").strip()
    return escape_text(words[:1].upper() + words[1:])


def display_math(expr: Any, *, label: str | None = None, tag: str | None = None,
                 width: float = DEFAULT_WIDTH) -> str:
    """A displayed equation: numbered and labelled when ``label`` is given,
    with the text-mode ``tag`` (``\\tag*``) when that is given, else unnumbered.

    Equations too wide for the page are broken into a ``split``.
    """
    if label and tag:
        raise ValueError("display_math takes a label or a tag, not both")
    lines = to_latex_lines(expr, width=width)
    env = "equation" if label else "equation*"
    head = "\\begin{%s}" % env + ("\\label{%s}" % label if label else "")
    if len(lines) == 1:
        body = lines[0]
    else:
        body = "\\begin{split}\n" + " \\\\\n".join(lines) + "\n\\end{split}"
    if tag:
        body += " \\tag*{%s}" % tag
    return "%s\n%s\n\\end{%s}" % (head, body, env)


def inline_math(expr: Any) -> str:
    """``$...$`` for short math, an unnumbered display for long math."""
    tex = to_latex(expr)
    if math_width(tex) <= INLINE_LIMIT:
        return "$%s$" % tex
    return "\n" + display_math(expr) + "\n"


def format_error(x: Any) -> str:
    """An error or tolerance with two significant digits: ``3.1e-15``.

    Raises:
        TypeError: ``x`` is not a real number.
    """
    if isinstance(x, bool) or not isinstance(x, (Real, Basic)):
        raise TypeError(f"x must be a real number, got {type(x).__name__}")
    value = float(x)
    if math.isnan(value):
        return "nan"
    if math.isinf(value):
        return "inf" if value > 0 else "-inf"
    return f"{value:.1e}"


def format_value(v: Any) -> str:
    """Math-mode LaTeX for a counterexample value: exact when rational, else 6 digits."""
    if isinstance(v, bool):
        return r"\text{%s}" % v
    if isinstance(v, Integral):
        return str(int(v))
    if isinstance(v, (Integer, Rational)):
        return to_latex(v)
    try:
        value = float(v)
    except (TypeError, ValueError):
        return to_latex(v)
    if not math.isfinite(value):
        return to_latex(v)
    text = f"{value:.6g}"
    if "e" in text:
        mantissa, exponent = text.split("e")
        return r"%s \times 10^{%d}" % (mantissa, int(exponent))
    return text


def format_range(values: list[int]) -> str:
    """Math-mode list of integers with runs shortened: ``1, \\dots, 6`` or ``1, 2, 5``."""
    ordered = sorted(set(int(v) for v in values))
    if not ordered:
        return ""
    if len(ordered) > 2 and ordered == list(range(ordered[0], ordered[-1] + 1)):
        return r"%d, \dots, %d" % (ordered[0], ordered[-1])
    return ", ".join(str(v) for v in ordered)


#: How the checker's method names read in a document.
METHOD_WORDS = {
    "structural": "SymPy's canonical form",
    "rational-function-field": "exact arithmetic of rational functions",
    "sum-normal-form": "the normal form of sums",
    "expand": "expansion",
    "cancel": "cancellation",
    "expand+cancel": "expansion and cancellation",
    "expand_log+powsimp": "expanding logarithms and combining powers",
    "kronecker-cases": "a case split on the Kronecker delta",
    "sum-limits": "aligning summation limits",
    "hypothesis-substitution": "substituting the hypotheses",
    "sign-hypotheses": "the signs the hypotheses give",
    "hypotheses": "reduction modulo the hypotheses",
    "quantified-hypotheses": "the hypotheses at every index value",
    "hypotheses+kronecker-cases": "the hypotheses in each Kronecker case",
    "sign-assumptions": "the signs of the symbols",
    "exp-monotone": "the monotonicity of exp",
    "split-off-term": "splitting one term off the sum",
    "hypothesis-shift": "the ordering hypothesis",
    "factor": "factoring",
    "nonzero": "a nonzero difference",
    "vacuous": "contradictory hypotheses, under which every claim holds vacuously",
    "extended-reals": "arithmetic in the extended reals",
    "non-integer-bound": "a summation bound not known to be an integer",
    "undefined": "a side without a value",
    "infinity": "a comparison with infinity it cannot decide",
    "inexact-constants": "floating-point constants, which are not exact numbers",
    "timeout": "the time ran out",
    "error": "the checker failed",
    "partial": "only some of the parts proved",
    "simplify": "sympy.simplify",
    "sum-splits": "joining sums over adjacent ranges",
    "positive-part-cases": "a case split on each maximum",
    "linear-arithmetic": "a linear combination of the hypotheses",
    "none": "no strategy settled it",
    "rule not applicable": "the rule does not fit the step",
    "display check": "comparing the displayed equation with the claim",
}


# A clause of the checker's text that quotes SymPy's str() of an expression:
# a call (Sum(, exp(), a power (**), an internal name.  Entries such as
# x[k] or theta[k] are not on the list: they are printed as mathematics.
_SYMPY_TEXT = re.compile(r"\b(?:[A-Z][a-z]+[A-Za-z]*|exp|log|sqrt)\(|"
                         r"\*\*|\b_s\d|Dummy|\u03b9|^\s*residual:")
# A simple entry of an indexed family, as str() writes it: z[k], theta[k], W[i, j].
_ENTRY = re.compile(r"(?<![\\A-Za-z0-9_'])([A-Za-z][A-Za-z0-9]*(?:_[A-Za-z0-9]+)?)"
                    r"\[([A-Za-z0-9]+(?:, ?[A-Za-z0-9]+)*)\]")
# A clause ends at a semicolon followed by a space; a quoted ';' is no boundary.
_CLAUSE = re.compile(r";\s+")


def _clauses(detail: str) -> list[str]:
    if not isinstance(detail, str):
        raise TypeError(f"detail must be a str, got {type(detail).__name__}")
    return [c.strip().rstrip(";").strip() for c in _CLAUSE.split(detail)
            if c.strip().rstrip(";").strip() and not _SYMPY_TEXT.search(_ENTRY.sub("e", c))]


def reader_detail(detail: str) -> str:
    """The clauses of a checker's ``detail`` a reader can use, as plain text.

    The checker writes some of its details with SymPy's ``str()`` of an
    expression (``residual: Sum(_s0*z[_s0], ...)``, ``solved for p[i] =
    exp(-lambda_1 - 1)``); in a document those are noise, and the
    expressions themselves are shown as mathematics where they matter.
    Clauses (separated by ``"; "``) that quote such text are left out; a
    clause that only names an entry (``x[k]``) is kept, and
    :func:`detail_tex` prints that entry as mathematics.
    """
    return "; ".join(_clauses(detail))


def _entry_tex(found: re.Match) -> str:
    from sympy import Symbol
    indices = ",".join(part.strip() for part in found.group(2).split(","))
    return "$%s_{%s}$" % (to_latex(Symbol(found.group(1))), indices)


def detail_tex(detail: str) -> str:
    """:func:`reader_detail` as text-mode LaTeX, each entry ``x[k]`` as ``$x_{k}$``.

    Example:
        >>> detail_tex("derivative with respect to theta[k]; residual: Sum(_s0, (_s0, 1, n))")
        'derivative with respect to $\\\\theta_{k}$'
    """
    return "; ".join(_clauses_tex(detail))


def _clauses_tex(detail: str) -> list[str]:
    out = []
    for clause in _clauses(detail):
        named = _DEFINES.fullmatch(clause)
        if named:
            # the defined name as the formulas print it ($\hat{y}$), not its TeX source
            out.append("defines %s%s" % (_name_tex(named.group(1)),
                                         escape_text(named.group(2) or "", strict=False)))
            continue
        undefined = _UNDEFINED_NAMES.search(clause)
        if undefined:
            names = ", ".join(_name_tex(name.strip()) for name in undefined.group(1).split(","))
            out.append(_entries_tex(clause[:undefined.start(1)]) + names
                       + _entries_tex(clause[undefined.end(1):]))
            continue
        out.append(_entries_tex(clause))
    return out


def _entries_tex(text: str) -> str:
    pieces, last = [], 0
    for found in _ENTRY.finditer(text):
        pieces += [escape_text(text[last:found.start()], strict=False), _entry_tex(found)]
        last = found.end()
    return "".join(pieces) + escape_text(text[last:], strict=False)


# "defines \hat{y}", "defines Z (used above it)": the checker's words for a definition row
_DEFINES = re.compile(r"defines (\S+)( \(used above it\))?")
# "... a name that is not defined (\mathcal{L}, f): ...": names, printed as the formulas print them
_UNDEFINED_NAMES = re.compile(r"not defined \(([^()]+)\)")


def _name_tex(name: str) -> str:
    from sympy import Symbol
    try:
        return "$%s$" % to_latex(Symbol(name))
    except ValueError:      # a character with no math-mode LaTeX: quote it as text
        return escape_text(name, strict=False)


def _natural(key) -> tuple:
    """Sort key of a counterexample's symbol: by name, then by index value (z_2 before z_10)."""
    base = getattr(key, "base", None)
    indices = getattr(key, "indices", None)
    if base is not None and indices is not None:
        return (str(base), tuple((0, int(i), "") if getattr(i, "is_Integer", False)
                                 else (1, 0, str(i)) for i in indices))
    return (str(key), ())


def counterexample_tex(values: dict) -> str:
    """Math-mode LaTeX of a counterexample: ``k = 1,\\ z_{2} = 7,\\ z_{10} = -2``, in natural order."""
    pairs = sorted(values.items(), key=lambda kv: _natural(kv[0]))
    return ",\\ ".join("%s = %s" % (to_latex(k), format_value(v)) for k, v in pairs)


def verdict_phrase(verdict: Any) -> str:
    """Empty for a proved verdict; else ``\\textbf{Refuted} (method): detail $counterexample$``.

    Text-mode LaTeX, a sentence without its final period.
    """
    if verdict.status == "proved":
        return ""
    text = r"\textbf{%s}" % ("Refuted" if verdict.status == "refuted" else "Not settled")
    if verdict.method:
        text += " (%s)" % escape_text(method_words(verdict.method))
    clauses = _clauses_tex(verdict.detail)
    if verdict.counterexample:
        values = "$%s$" % counterexample_tex(verdict.counterexample)
        # "the two sides differ at the counterexample" takes the values in apposition
        at = next((pos for pos, c in enumerate(clauses) if c.endswith("the counterexample")), None)
        if at is None:
            clauses.append("counterexample " + values)
        else:
            clauses[at] += " " + values
    return text + (": " + "; ".join(clauses) if clauses else "")


_COUNTEREXAMPLE = re.compile(r"numeric counterexample \((?:mpmath, (.+)|(exact arithmetic))\)$")


def method_words(method: str) -> str:
    """``'sum-normal-form + cancel ; structural'`` as words for the document (plain text)."""
    parts = []
    for alternative in method.split(" ; "):
        words = [_method_word(m.strip()) for m in alternative.split(" + ")]
        parts.append(", then ".join(w for w in words if w))
    return "; ".join(dict.fromkeys(p for p in parts if p))


def _method_word(method: str) -> str:
    found = _COUNTEREXAMPLE.match(method)
    if found and found.group(2):
        return "a counterexample in exact numbers, confirmed in exact arithmetic"
    if found:
        return "a counterexample in exact numbers, confirmed at %s" % found.group(1)
    return METHOD_WORDS.get(method, method)

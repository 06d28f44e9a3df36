"""Rewrite a row's TeX into the grammar's subset, reading it as TeX renders it.

Each rule below either keeps the meaning exactly (markup, macros, spelling
variants) or reports an ambiguity: where a reader could see two formulas,
the row gets a diagnostic naming both, never a silent choice.

Rewrites (meaning kept):

* markup that only colours or frames: ``\\boxed{X}``, ``\\color{c}{X}``,
  ``{\\color{c} X}``, ``\\textcolor{c}{X}``, ``\\cssId{id}{X}``,
  ``\\class{c}{X}``, ``\\style{s}{X}``, ``\\underbrace{X}_{note}``,
  ``\\overbrace{X}^{note}``, ``\\bbox[...]{X}``, ``\\phantom{}``; ``\\overset{..}{=}``
  and ``\\stackrel{..}{=}`` are the relation; ``\\bm``, ``\\boldsymbol``, ``\\vec``
  are ``\\mathbf``; ``\\mathrm{d}`` is ``d``; ``\\left.``/``\\right.`` vanish;
* macros: ``\\newcommand``/``\\renewcommand``/``\\def`` (with ``#1``... arguments)
  and ``\\DeclareMathOperator`` found anywhere in the document;
* one-token arguments as TeX takes them: ``\\frac12`` is ``\\frac{1}{2}``,
  ``\\frac1Z`` is ``\\frac{1}{Z}``, ``\\sqrt2`` is ``\\sqrt{2}``;
* derivatives written with ``d``: ``\\frac{d}{dx}``, ``\\frac{\\mathrm d}{\\mathrm dx}``,
  ``\\frac{d\\sigma(x)}{dx}``, ``\\frac{d^2 f}{dx^2}`` are ``\\partial`` derivatives
  (in a formula whose other symbols do not depend on ``x``, the same thing);
* ``\\hat{y_1}`` is ``\\hat{y}_1`` (the accent sits on the letter);
* digits grouped by thousands, ``1\\,000\\,000`` or ``1 000 000``, are one number;
* the indicator of an index relation, ``1_{i=j}``, ``\\mathbb{1}\\{i = j\\}``,
  ``1(i \\neq j)``, is ``\\delta_{ij}`` (or ``1 - \\delta_{ij}``); ``\\intercal`` is ``\\top``.

Ambiguities (a diagnostic, kind ``ambiguous``):

* a script or root with several digits and no braces: ``x^23`` renders as
  x²3, ``x_12`` as x₁2, ``\\sqrt12`` as √1·2;
* a subscript of several letters without braces: ``w_ji`` renders as w_j·i;
* digits separated by a space that are not thousands groups: ``2 3`` renders
  as 23 (TeX drops the space), but may mean 2·3;
* ``\\delta{ik}`` renders as δik: the Kronecker delta ``\\delta_{ik}``, or δ times i k;
* ``e^{i\\pi}``: the imaginary unit or an index i (the reader is real-valued);
* ``\\log{a + b}`` renders as log a + b (braces are invisible): of the sum, or of a?
* ``2e-3`` renders as 2e − 3 (TeX has no scientific notation), but code means
  2·10⁻³; ``e^-x`` renders as e⁻x, but may mean e^{-x}.
"""
from __future__ import annotations

import re
from dataclasses import dataclass

from .texblocks import literals as _literals, over as _over
from .texmacros import argument, document_macros, expand_macros, group, unwrap

__all__ = ["Normalized", "normalize", "document_macros"]

_GREEK = r"alpha|beta|gamma|delta|epsilon|varepsilon|zeta|eta|theta|vartheta|iota|kappa|lambda|" \
         r"mu|nu|xi|pi|rho|sigma|tau|upsilon|phi|varphi|chi|psi|omega|Gamma|Delta|Theta|" \
         r"Lambda|Xi|Pi|Sigma|Phi|Psi|Omega|ell"
_D = r"(?:d|\\mathrm\s*\{\s*d\s*\}|\\mathrm\s+d|\\text\s*\{\s*d\s*\}|\\textrm\s*\{\s*d\s*\}|" \
     r"\\operatorname\s*\{\s*d\s*\}|\\mathop\s*\{\s*d\s*\})"
_VAR = r"(?:\\mathbf\s*\{?\s*[A-Za-z]\s*\}?|\\boldsymbol\s*\{?\s*\\?[A-Za-z]+\s*\}?|" \
       r"\\[a-zA-Z]+|[A-Za-z])(?:\s*_\s*(?:\{[^{}]*\}|[A-Za-z0-9]))?"
_DERIV_DEN = re.compile(r"^\s*" + _D + r"\s*(" + _VAR + r")\s*(\^\s*\{?\s*(\d)\s*\}?)?\s*$")
_DERIV_NUM = re.compile(r"^\s*" + _D + r"(\s*\^\s*\{?\s*(\d)\s*\}?)?\s*(.*)$", re.S)
@dataclass(frozen=True)
class Normalized:
    """A row rewritten: its text, notes on what was rewritten, and ambiguities."""

    text: str
    notes: tuple = ()
    ambiguities: tuple = ()


def _derivatives(text: str, problems: list) -> str:
    """``\\frac{d ...}{d x}`` -> ``\\frac{\\partial ...}{\\partial x}``."""
    out, pos = [], 0
    for m in re.finditer(r"\\[dtc]?frac(?![a-zA-Z])", text):
        if m.start() < pos:
            continue
        num = argument(text, m.end())
        den = argument(text, num[1]) if num else None
        if den is None:
            continue
        dm, nm = _DERIV_DEN.match(den[0]), _DERIV_NUM.match(num[0])
        if dm and not nm:
            # \frac{f}{dx}: read as f / (d x) it silently cancels against a derivative
            problems.append(f"\\frac{{{num[0].strip()}}}{{{den[0].strip()}}}: a derivative whose "
                            f"numerator lacks its d, or a quotient by d times {dm.group(1)}? "
                            "write \\frac{d ...}{d ...} or \\cdot")
        if not (dm and nm):
            continue
        order = nm.group(2)
        if (order or "1") != (dm.group(3) or "1") and (order or dm.group(3)):
            continue
        power = f"^{{{order}}}" if order else ""
        new = (f"\\frac{{\\partial{power} {nm.group(3)}}}{{\\partial {dm.group(1)}"
               + (f"^{{{order}}}" if order else "") + "}")
        out.append(text[pos:m.start()] + new)
        pos = den[1]
    out.append(text[pos:])
    return "".join(out)


_ONE_TOKEN = re.compile(r"\\([dtc]?frac)\s*(\d)(\d|[A-Za-z]|\\[a-zA-Z]+)?")


def _frac_digits(text: str) -> str:
    def fix(m):
        second = m.group(3)
        if second is None:
            return m.group(0)
        return f"\\{m.group(1)}{{{m.group(2)}}}{{{second}}}"
    text = _ONE_TOKEN.sub(fix, text)
    return re.sub(r"\\([dtc]?frac)\s*\{([^{}]*)\}\s*(\d)", r"\\\1{\2}{\3}", text)


def normalize(text: str, macros: dict | None = None) -> Normalized:
    """Rewrite one row (see the module docstring)."""
    text = expand_macros(text, macros or {})
    text, notes = unwrap(text)
    notes = list(notes)
    problems = []
    text = text.replace("’", "'").replace("′", "'").replace("…", "\\dots ")
    text = re.sub(r"\\not\s*=", r"\\neq ", text)
    text = re.sub(r"\\not\s*\\in(?![a-zA-Z])", r"\\notin ", text)
    text = re.sub(r"(?<![a-zA-Z])\{\s*(softmax|logsumexp|sigmoid|tanh|LSE|ReLU|relu|exp|log)\s*\}",
                  r" \1 ", text)
    text = _over(text)
    text = _sign_exponents(text, problems)
    # 2e-3: TeX renders 2e − 3; the grammar's number would be 2·10^-3
    for m in re.finditer(r"(?<![\\A-Za-z\d.])(\d+(?:\.\d+)?)([eE])([-+]?\d+)", text):
        shown = (f"{m.group(1)}{m.group(2)} {m.group(3)[0]} {m.group(3)[1:]}"
                 if m.group(3)[0] in "+-" else f"{m.group(1)} {m.group(2)} {m.group(3)}")
        problems.append(f"'{m.group(0)}' renders as {shown} (TeX has no scientific notation),"
                        f" or is it {m.group(1)} \\cdot 10^{{{m.group(3).lstrip('+')}}}? "
                        "write the one meant")
    # a ". " between factors is a product (``df_{pq} . \frac{...}{...}``)
    # (not inside \text{s.t.}: prose, read by the segmenter)
    words = [m.span(1) for m in re.finditer(r"\\(?:text|mbox|textrm|textnormal|textit|textbf)"
                                            r"\s*\{([^{}]*)\}", text)]
    text = re.sub(r"(?<=[\w})\]])\s*\.\s*(?=\\(frac|sigma|sum|exp|log|left|text|mathrm|operatorname)"
                  r"|[A-Za-z(\[])", lambda m: m.group(0) if any(
                      a <= m.start() < b for a, b in words) else r" \cdot ", text)
    # softmax_i(z): the component after the argument, as the grammar reads it
    text = re.sub(r"((?:\\(?:mathrm|operatorname|text)\s*\{\s*)?(?:softmax|logsoftmax|sigmoid)"
                  r"\s*\}?)\s*_\s*(\{[^{}]*\}|[A-Za-z0-9])\s*(\((?:[^()]|\([^()]*\))*\))",
                  r"\1\3_\2", text)
    text = _bars(text)
    text = _loose_braces(text)
    text = _literals(text)
    text = re.sub(r"(?<![\\A-Za-z])d([A-Za-z])\s*/\s*d([A-Za-z])(?![A-Za-z])",
                  r"\\partial \1/\\partial \2", text)
    text = re.sub(r"\\intercal(?![a-zA-Z])", r"\\top ", text)      # the transpose sign
    text = re.sub(r"\\(big)?triangledown(?![a-zA-Z])", r"\\nabla ", text)   # the gradient
    text = _indicators(text)
    # L(\mathbf z; \mathbf q): arguments and parameters, one list of arguments
    text = re.sub(r"(?<=[A-Za-z}])(\s*\()([^()|;]*);([^()|;]*)\)", r"\1\2,\3)", text)
    text = re.sub(r"\\bf\s*\{([^{}]*(?:\{[^{}]*\}[^{}]*)*)\}", _bold_list, text)
    text = re.sub(r"\\(bm|boldsymbol|vec|pmb)(?![a-zA-Z])", r"\\mathbf", text)
    text = re.sub(r"\\mathbf\s*\{\s*\\([a-zA-Z]+)\s*\}", r"\\\1", text)   # bold Greek: the letter
    text = re.sub(r"\\(left|right)\s*\.", " ", text)
    text = re.sub(r"\\(hat|bar|tilde|widehat|widetilde|overline)\s*\{\s*([A-Za-z])\s*_\s*"
                  r"(\{[^{}]*\}|[A-Za-z0-9])\s*\}", r"\\\1{\2}_\3", text)
    text = re.sub(r"\\(hat|bar|tilde|widehat|widetilde)\s+([A-Za-z])", r"\\\1{\2}", text)
    text = re.sub(r"\^\s*\{?\s*\\prime\s*\}?", "'", text)
    text = _derivatives(text, problems)
    for m in re.finditer(r"(?<![\\a-zA-Z])sqrt\b|\\sqrt\s*(\d\d+)", text):
        if m.group(1):
            problems.append(f"\\sqrt{m.group(1)} renders as \\sqrt{{{m.group(1)[0]}}}"
                            f"{m.group(1)[1:]}; write \\sqrt{{{m.group(1)}}} or "
                            f"\\sqrt{{{m.group(1)[0]}}} {m.group(1)[1:]}")
    text = _frac_digits(text)
    for m in re.finditer(r"([_^])\s*(\d\d+)", text):
        problems.append(f"{m.group(1)}{m.group(2)} renders as {m.group(1)}{{{m.group(2)[0]}}}"
                        f"{m.group(2)[1:]}; write {m.group(1)}{{{m.group(2)}}} or "
                        f"{m.group(1)}{{{m.group(2)[0]}}} {m.group(2)[1:]}")
    # (a_ka_i is a_k a_i: the last letter carries its own subscript)
    for m in re.finditer(r"(?<![\\a-zA-Z])([A-Za-z])_([A-Za-z]{2,})(?![a-zA-Z{])(?!\s*[_^])", text):
        problems.append(f"{m.group(0)} renders as {m.group(1)}_{m.group(2)[0]} "
                        f"{m.group(2)[1:]}; write {m.group(1)}_{{{m.group(2)}}}")
    text = re.sub(r"(?<![\d.])(\d{1,3})((?:(?:\s|\\,|\\ |~|\{,\})\d{3})+)(?![\d.])",
                  lambda m: m.group(1) + re.sub(r"\D", "", m.group(2))
                  if " " in m.group(2) or "\\," in m.group(2) or "~" in m.group(2) else m.group(0),
                  text)
    for m in re.finditer(r"(?<![_^\d.{])(\d+)\s+(\d+)(?![\d.])", text):
        problems.append(f"'{m.group(0)}' renders as {m.group(1)}{m.group(2)} (TeX drops the "
                        f"space); write {m.group(1)}{m.group(2)} or {m.group(1)} \\cdot {m.group(2)}")
    for m in re.finditer(r"(?<![\\A-Za-z])d([A-Z]|\\(sigma|theta|lambda|mu|beta|alpha))(?![A-Za-z])",
                         text):
        problems.append(f"d{m.group(1)} is a differential (d times {m.group(1)} is also "
                        "possible); differentials are not read, write a derivative")
    problems += _invisible_braces(text)
    for m in re.finditer(r"\\(delta|Delta)\s*\{\s*([A-Za-z])\s*,?\s*([A-Za-z])\s*\}", text):
        problems.append(f"\\{m.group(1)}{{{m.group(2)}{m.group(3)}}} renders as "
                        f"{m.group(1)} {m.group(2)}{m.group(3)}: the Kronecker delta or "
                        f"{m.group(1)} times {m.group(2)} {m.group(3)}? write "
                        f"\\{m.group(1)}_{{{m.group(2)}{m.group(3)}}}")
    for m in re.finditer(r"(?<![\\A-Za-z])e\s*\^\s*\{([^{}]*)\}", text):
        if re.search(r"(?<![\\A-Za-z_])i(?![A-Za-z])", m.group(1)) and "\\pi" in m.group(1):
            problems.append(f"e^{{{m.group(1)}}}: is i the imaginary unit or an index? "
                            "derive check reads real quantities only; write the real form "
                            "(\\cos, \\sin) or name the index differently")
    return Normalized(text, tuple(notes), tuple(problems))


# e^-x: TeX renders e⁻x, the sign alone in the exponent, which means nothing: the author
# meant e^{-x}.  Which tokens the exponent holds is clear only when one token follows the
# sign and then something that cannot belong to an exponent (a bracket, a sign, an
# operator, a relation, the end): e^-xy, e^-2x, e^-12, e^-x_i, e^-x (1 + z) stay ambiguous.
_SIGN_EXPONENT = re.compile(r"\^\s*-\s*([A-Za-z0-9]|\\(?:" + _GREEK + r")(?![a-zA-Z]))")
_EXPONENT_ENDS = re.compile(r"\s*(?:$|[-+=)\]}/,*<>&|]|\.\s*$|\\(?:right|cdot|times|le|leq|ge|geq|"
                            r"neq|ne|approx|quad|qquad)(?![a-zA-Z])|\\\\)")


def _sign_exponents(text: str, problems: list) -> str:
    """``e^-x`` -> ``e^{-x}`` where nothing else could belong to the exponent; otherwise an
    ambiguity (the row is still rewritten, so that it parses, but it is not read)."""
    out, pos = [], 0
    for m in re.finditer(r"\^\s*-\s*([A-Za-z0-9]|\\[a-zA-Z]+)", text):
        one = _SIGN_EXPONENT.match(text, m.start())
        if one is None or one.end() != m.end() or not _EXPONENT_ENDS.match(text, m.end()):
            problems.append(f"'{m.group(0)}' renders as ^{{-}}{m.group(1)} (the sign alone in "
                            f"the exponent); write ^{{-{m.group(1)}}} or ^{{-}} {m.group(1)}")
        out.append(text[pos:m.start()] + "^{-" + m.group(1) + "}")
        pos = m.end()
    return "".join(out) + text[pos:]


# A brace group after one of these is no argument: TeX shows it as its content.
_NO_ARGUMENT = re.compile(r"(?:\\(?:log|ln|exp|partial|cdot|times|left|right|big|Big|bigg|Bigg)"
                          r"|[-+=(\[{,*/<>&])\s*$")


def _loose_braces(text: str) -> str:
    """``\\partial{(\\log{\\sum_i e^{z_i})}}``: a bracket that closes in another brace group.

    TeX does not pair brackets with braces: a group that is no command's argument
    only groups, and renders as its content.  Such a group whose brackets do not
    balance inside it loses its braces, so the brackets pair as they are seen."""
    for _ in range(20):
        for k, c in enumerate(text):
            if c != "{" or (k and text[k - 1] == "\\") or not (
                    k == 0 or _NO_ARGUMENT.search(text[:k])):
                continue
            g = group(text, k)
            if g is None or _bracket_depth(g[0]) == (0, 0):
                continue
            text = text[:k] + " " + g[0] + " " + text[g[1]:]
            break
        else:
            return text
    return text


def _bracket_depth(text: str) -> tuple:
    """(unclosed, unopened) round and square brackets of ``text``, ignoring ``\\{``."""
    depth, lowest = 0, 0
    for k, c in enumerate(text):
        if c in "([" and (k == 0 or text[k - 1] != "\\"):
            depth += 1
        elif c in ")]" and (k == 0 or text[k - 1] != "\\"):
            depth -= 1
            lowest = min(lowest, depth)
    return depth - lowest, -lowest


def _invisible_braces(text: str) -> list:
    """``\\log{a + b}``: TeX shows no braces (log a + b), the parser would read log(a + b)."""
    found = []
    for m in re.finditer(r"\\(log|ln|exp)\s*(?=\{)", text):
        g = group(text, m.end())
        if g is None:
            continue
        depth, inner = 0, g[0]
        for k, c in enumerate(inner):
            depth += c in "{([" and (k == 0 or inner[k - 1] != "\\")
            depth -= c in "})]" and (k == 0 or inner[k - 1] != "\\")
            if depth == 0 and c in "+-" and inner[:k].strip():
                found.append(f"\\{m.group(1)}{{{inner.strip()[:40]}}} renders as {m.group(1)} "
                             f"{inner.strip()[:40]} (TeX shows no braces): \\{m.group(1)} of the "
                             "whole sum, or of its first term? write parentheses")
                break
    return found


_ONE = r"(?:\\(?:mathbb|mathbf|mathds|bm)\s*\{?\s*1\s*\}?|(?<![\w.}])1)"
_INDICATOR = re.compile(_ONE + r"\s*(?:_\s*\{|\\\{|\(|\[)\s*([A-Za-z])\s*(=|\\neq|\\ne(?![a-z])|"
                        r"\\not=)\s*([A-Za-z])\s*(?:\}|\\\}|\)|\])")


_BOLD_NAME = r"\\(?:hat|bar|tilde)\s*\{\s*[A-Za-z]\s*\}|\\[a-zA-Z]+|[A-Za-z]"
_BOLD_TERMS = r"\s*(?:" + _BOLD_NAME + r")(?:\s*[-+]\s*(?:" + _BOLD_NAME + r"))+\s*"


def _switched_on(text: str, k: int) -> bool:
    """Whether letters or digits follow ``text[k:]`` in the same group: TeX's ``\\bf`` is a
    switch, and they would be bold too (``\\bf{a} + b`` is bold a + bold b)."""
    depth = 0
    for j in range(k, len(text)):
        c = text[j]
        depth += (c == "{") - (c == "}")
        if depth < 0 or c == "&" and depth == 0:
            return False
        if c.isalnum() or c == "\\":
            return True
    return False


def _bold_list(m) -> str:
    """``\\bf{y,\\hat{y}}``: TeX's old bold switch over a group; a list of names (or one)
    is each name in bold.  Anything else in the group stays as written, unread."""
    parts, depth, start, body = [], 0, 0, m.group(1)
    for k, c in enumerate(body):
        depth += (c == "{") - (c == "}")
        if c == "," and depth == 0:
            parts.append(body[start:k])
            start = k + 1
    parts.append(body[start:])
    out = []
    for part in (p.strip() for p in parts):
        accent = re.fullmatch(r"\\(hat|bar|tilde)\s*\{\s*([A-Za-z])\s*\}", part)
        if re.fullmatch(r"[A-Za-z]|\\[a-zA-Z]+", part):
            out.append(f"\\mathbf{{{part}}}")
        elif accent:
            out.append(f"\\{accent.group(1)}{{\\mathbf{{{accent.group(2)}}}}}")
        elif re.fullmatch(_BOLD_TERMS, part) and not _switched_on(m.string, m.end()):
            # \bf{\hat{y} - y}: a sum of names, each in bold (a vector expression)
            out.append(re.sub(_BOLD_NAME, lambda n: _bold_list(re.match(r"(.*)", n.group(0))),
                              part))
        else:
            return m.group(0)
    return ", ".join(out)


def _indicators(text: str) -> str:
    """``1_{i=j}``, ``\\mathbb{1}\\{i = j\\}``, ``1(i \\neq j)``: the indicator of an index
    relation is the Kronecker delta (or one minus it)."""
    def one(m):
        a, op, b = m.group(1), m.group(2), m.group(3)
        delta = f"\\delta_{{{a}{b}}}"
        return f" {delta} " if op == "=" else f" (1 - {delta}) "
    return _INDICATOR.sub(one, text)


def _norms(text: str) -> str:
    """``\\|x\\|``, ``||x||``, ``\\left\\| x \\right\\|``: norm bars, paired left to right
    (``\\lVert``/``\\rVert`` as written); unpaired bars are left as they are."""
    text = re.sub(r"\\left\s*\\lVert|\\left\s*\\\||\\left\s*\|\|", r"\\lVert ", text)
    text = re.sub(r"\\right\s*\\rVert|\\right\s*\\\||\\right\s*\|\|", r"\\rVert ", text)
    text = _pair(text, r"\\\|", lambda rest: True)
    # (|a||b|: absolute values side by side, not a norm)
    return _pair(text, r"\|\|", lambda rest: "|" not in rest)


def _pair(text: str, bar: str, alone) -> str:
    marks = list(re.finditer(bar, text))
    if not marks or len(marks) % 2 or not alone(re.sub(bar, "", text)):
        return text
    out, pos = [], 0
    for k, m in enumerate(marks):
        out.append(text[pos:m.start()] + (" \\lVert " if k % 2 == 0 else " \\rVert "))
        pos = m.end()
    return "".join(out) + text[pos:]


def _bars(text: str) -> str:
    """``|x|``, ``\\left| x \\right|``, ``\\lvert x \\rvert``: absolute values, paired left to right."""
    text = _norms(text)
    text = re.sub(r"\\left\s*\|", r"\\lvert ", text)
    text = re.sub(r"\\right\s*\|", r"\\rvert ", text)
    if "||" in text or "\\|" in text:
        return text          # norm bars that do not pair: left for the parser to report
    out, open_at = [], None
    for k, c in enumerate(text):
        if c == "|":
            if open_at is None:
                open_at = len(out)
                out.append("\\lvert ")
            else:
                out.append(" \\rvert ")
                open_at = None
            continue
        out.append(c)
    if open_at is not None:
        out[open_at] = "|"
    return "".join(out)

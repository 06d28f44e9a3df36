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
* ``1e-3`` is scientific notation (``10^{-3}``), as in the field's code.

Ambiguities (a diagnostic, kind ``ambiguous``):

* a script or root with several digits and no braces: ``x^23`` renders as
  x²3, ``x_12`` as x₁2, ``\\sqrt12`` as √1·2;
* a subscript of several letters without braces: ``w_ji`` renders as w_j·i;
* digits separated by a space that are not thousands groups: ``2 3`` renders
  as 23 (TeX drops the space), but may mean 2·3.
"""
from __future__ import annotations

import re
from dataclasses import dataclass

__all__ = ["Normalized", "normalize", "document_macros"]

_D = r"(?:d|\\mathrm\s*\{\s*d\s*\}|\\mathrm\s+d|\\text\s*\{\s*d\s*\}|\\textrm\s*\{\s*d\s*\}|" \
     r"\\operatorname\s*\{\s*d\s*\}|\\mathop\s*\{\s*d\s*\})"
_VAR = r"(?:\\mathbf\s*\{?\s*[A-Za-z]\s*\}?|\\boldsymbol\s*\{?\s*\\?[A-Za-z]+\s*\}?|" \
       r"\\[a-zA-Z]+|[A-Za-z])(?:\s*_\s*(?:\{[^{}]*\}|[A-Za-z0-9]))?"
_DERIV_DEN = re.compile(r"^\s*" + _D + r"\s*(" + _VAR + r")\s*(\^\s*\{?\s*(\d)\s*\}?)?\s*$")
_DERIV_NUM = re.compile(r"^\s*" + _D + r"(\s*\^\s*\{?\s*(\d)\s*\}?)?(?![a-zA-Z])\s*(.*)$", re.S)
_WRAP1 = ("boxed", "cssId", "class", "style", "textcolor", "color", "bbox", "mathstrut",
          "underbrace", "overbrace", "underset", "overset", "stackrel", "phantom", "hphantom",
          "vphantom", "smash", "mathop", "displaystyle", "mbox")
_MACRO_DEF = re.compile(
    r"\\(?:re)?newcommand\*?\s*\{?\s*(\\[a-zA-Z]+)\s*\}?\s*(?:\[(\d)\])?\s*(?:\[[^\]]*\])?\s*\{"
    r"|\\def\s*(\\[a-zA-Z]+)\s*((?:#\d)*)\s*\{"
    r"|\\DeclareMathOperator\*?\s*\{\s*(\\[a-zA-Z]+)\s*\}\s*\{")


@dataclass(frozen=True)
class Normalized:
    """A row rewritten: its text, notes on what was rewritten, and ambiguities."""

    text: str
    notes: tuple = ()
    ambiguities: tuple = ()


def _group(text: str, k: int):
    """``(content, end)`` of the braced group starting at ``text[k] == '{'``, else None."""
    if k >= len(text) or text[k] != "{":
        return None
    depth = 0
    for j in range(k, len(text)):
        c = text[j]
        if c == "\\":
            continue
        if c == "{" and text[j - 1] != "\\":
            depth += 1
        elif c == "}" and text[j - 1] != "\\":
            depth -= 1
            if depth == 0:
                return text[k + 1:j], j + 1
    return None


def _skip(text: str, k: int) -> int:
    while k < len(text) and text[k] in " \t\n":
        k += 1
    return k


def _arg(text: str, k: int):
    """One TeX argument at ``k``: a braced group, a command, or one character."""
    k = _skip(text, k)
    if k >= len(text):
        return None
    g = _group(text, k)
    if g is not None:
        return g
    m = re.match(r"\\[a-zA-Z]+|\\.|.", text[k:], re.S)
    return m.group(0), k + len(m.group(0))


def document_macros(text: str) -> dict:
    """``{"\\name": (number of arguments, body)}`` for every macro the document defines."""
    found = {}
    for m in _MACRO_DEF.finditer(text):
        name = m.group(1) or m.group(3) or m.group(5)
        body = _group(text, m.end() - 1)
        if body is None:
            continue
        if m.group(5):
            found[name] = (0, "\\operatorname{" + body[0].strip() + "}")
        elif m.group(1):
            found[name] = (int(m.group(2) or 0), body[0])
        else:
            found[name] = (len(m.group(4) or "") // 2, body[0])
    return found


def _expand_macros(text: str, macros: dict) -> str:
    if not macros:
        return text
    pattern = re.compile("|".join(re.escape(k) + r"(?![a-zA-Z])"
                                  for k in sorted(macros, key=len, reverse=True)))
    for _ in range(10):
        m = pattern.search(text)
        if m is None:
            return text
        count, body = macros[m.group(0)]
        end, args = m.end(), []
        for _ in range(count):
            a = _arg(text, end)
            if a is None:
                break
            args.append(a[0])
            end = a[1]
        for number, a in enumerate(args, 1):
            body = body.replace(f"#{number}", a)
        text = text[:m.start()] + "{" + body + "}" + text[end:]
    return text


def _unwrap(text: str) -> tuple:
    """Drop markup commands, keeping what they show."""
    notes = []
    for _ in range(50):
        m = re.search(r"\\(" + "|".join(_WRAP1) + r")(?![a-zA-Z])", text)
        if m is None:
            break
        name, k = m.group(1), m.end()
        if name in ("displaystyle", "mathstrut"):
            text = text[:m.start()] + text[k:]
            continue
        if name == "bbox":
            opt = re.match(r"\s*\[[^\]]*\]", text[k:])
            k += opt.end() if opt else 0
        if name in ("cssId", "class", "style", "textcolor"):
            first = _arg(text, k)
            k = first[1] if first else k
        if name == "color":
            first = _arg(text, k)
            if first is None:
                break
            rest = _skip(text, first[1])
            if rest < len(text) and text[rest] == "{":
                k = first[1]
            else:      # {\color{red} x}: the colour applies to the rest of the group
                text = text[:m.start()] + text[first[1]:]
                continue
        if name in ("underset", "overset", "stackrel"):
            over = _arg(text, k)
            base = _arg(text, over[1]) if over else None
            if base is None:
                break
            if name != "underset" and re.fullmatch(r"\s*(=|<|>|\\le|\\ge|\\leq|\\geq|\\approx)\s*",
                                                   base[0]):
                notes.append(f"annotation {over[0].strip()} over {base[0].strip()}")
                text = text[:m.start()] + " " + base[0] + " " + text[base[1]:]
            else:
                script = "_" if name == "underset" else "^"
                text = text[:m.start()] + "{" + base[0] + "}" + script + "{" + over[0] + "}" + \
                    text[base[1]:]
            continue
        a = _arg(text, k)
        if a is None:
            break
        content, end = a
        if name in ("phantom", "hphantom", "vphantom"):
            content = ""
        if name in ("underbrace", "overbrace"):
            label = re.match(r"\s*[_^]\s*", text[end:])
            if label:
                lab = _arg(text, end + label.end())
                if lab is not None:
                    notes.append(f"{name} label {lab[0].strip()} not read")
                    end = lab[1]
        text = text[:m.start()] + "{" + content + "}" + text[end:]
    return text, notes


def _derivatives(text: str) -> str:
    """``\\frac{d ...}{d x}`` -> ``\\frac{\\partial ...}{\\partial x}``."""
    out, pos = [], 0
    for m in re.finditer(r"\\[dtc]?frac(?![a-zA-Z])", text):
        if m.start() < pos:
            continue
        num = _arg(text, m.end())
        den = _arg(text, num[1]) if num else None
        if den is None:
            continue
        dm, nm = _DERIV_DEN.match(den[0]), _DERIV_NUM.match(num[0])
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
    text = _expand_macros(text, macros or {})
    text, notes = _unwrap(text)
    problems = []
    text = re.sub(r"\\(bm|boldsymbol|vec|pmb)(?![a-zA-Z])", r"\\mathbf", text)
    text = re.sub(r"\\mathbf\s*\{\s*\\([a-zA-Z]+)\s*\}", r"\\\1", text)   # bold Greek: the letter
    text = re.sub(r"\\(left|right)\s*\.", " ", text)
    text = re.sub(r"\\(hat|bar|tilde|widehat|widetilde|overline)\s*\{\s*([A-Za-z])\s*_\s*"
                  r"(\{[^{}]*\}|[A-Za-z0-9])\s*\}", r"\\\1{\2}_\3", text)
    text = re.sub(r"\\(hat|bar|tilde|widehat|widetilde)\s+([A-Za-z])", r"\\\1{\2}", text)
    text = re.sub(r"\^\s*\{?\s*\\prime\s*\}?", "'", text)
    text = _derivatives(text)
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
    for m in re.finditer(r"(?<![\\a-zA-Z])([A-Za-z])_([A-Za-z]{2,})(?![a-zA-Z{])", text):
        problems.append(f"{m.group(0)} renders as {m.group(1)}_{m.group(2)[0]} "
                        f"{m.group(2)[1:]}; write {m.group(1)}_{{{m.group(2)}}}")
    text = re.sub(r"(?<![\d.])(\d{1,3})((?:(?:\s|\\,|\\ |~|\{,\})\d{3})+)(?![\d.])",
                  lambda m: m.group(1) + re.sub(r"\D", "", m.group(2))
                  if " " in m.group(2) or "\\," in m.group(2) or "~" in m.group(2) else m.group(0),
                  text)
    for m in re.finditer(r"(?<![_^\d.{])(\d+)\s+(\d+)(?![\d.])", text):
        problems.append(f"'{m.group(0)}' renders as {m.group(1)}{m.group(2)} (TeX drops the "
                        f"space); write {m.group(1)}{m.group(2)} or {m.group(1)} \\cdot {m.group(2)}")
    return Normalized(text, tuple(notes), tuple(problems))

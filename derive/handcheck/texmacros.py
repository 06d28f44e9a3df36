"""TeX markup that only shows something: macros, colours, boxes, braces and annotations.

:func:`unwrap` drops markup and keeps what it shows; :func:`document_macros`
collects the document's ``\\newcommand``/``\\def``/``\\DeclareMathOperator``
definitions and :func:`expand_macros` puts them in.  Both work on braces
and TeX arguments (a braced group, a command, or one character), as TeX
reads them.
"""
from __future__ import annotations

import re

__all__ = ["group", "argument", "document_macros", "expand_macros", "unwrap"]

_WRAP1 = ("boxed", "cssId", "class", "style", "textcolor", "color", "bbox", "mathstrut",
          "underbrace", "overbrace", "underset", "overset", "stackrel", "phantom", "hphantom",
          "vphantom", "smash", "mathop", "displaystyle", "mbox")
_MACRO_DEF = re.compile(
    r"\\(?:re)?newcommand\*?\s*\{?\s*(\\[a-zA-Z]+)\s*\}?\s*(?:\[(\d)\])?\s*(?:\[[^\]]*\])?\s*\{"
    r"|\\def\s*(\\[a-zA-Z]+)\s*((?:#\d)*)\s*\{"
    r"|\\DeclareMathOperator\*?\s*\{\s*(\\[a-zA-Z]+)\s*\}\s*\{")


def group(text: str, k: int):
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


def argument(text: str, k: int):
    """One TeX argument at ``k``: a braced group, a command, or one character."""
    k = _skip(text, k)
    if k >= len(text):
        return None
    g = group(text, k)
    if g is not None:
        return g
    m = re.match(r"\\[a-zA-Z]+|\\.|.", text[k:], re.S)
    return m.group(0), k + len(m.group(0))


def document_macros(text: str) -> dict:
    """``{"\\name": (number of arguments, body)}`` for every macro the document defines."""
    found = {}
    for m in _MACRO_DEF.finditer(text):
        name = m.group(1) or m.group(3) or m.group(5)
        body = group(text, m.end() - 1)
        if body is None:
            continue
        if m.group(5):
            found[name] = (0, "\\operatorname{" + body[0].strip() + "}")
        elif m.group(1):
            found[name] = (int(m.group(2) or 0), body[0])
        else:
            found[name] = (len(m.group(4) or "") // 2, body[0])
    return found


def expand_macros(text: str, macros: dict) -> str:
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
            a = argument(text, end)
            if a is None:
                break
            args.append(a[0])
            end = a[1]
        for number, a in enumerate(args, 1):
            body = body.replace(f"#{number}", a)
        text = text[:m.start()] + " " + body + " " + text[end:]   # TeX adds no braces
    return text


def unwrap(text: str) -> tuple:
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
            first = argument(text, k)
            k = first[1] if first else k
        if name == "color":
            first = argument(text, k)
            if first is None:
                break
            rest = _skip(text, first[1])
            if rest < len(text) and text[rest] == "{":
                k = first[1]
            else:      # {\color{red} x}: the colour applies to the rest of the group
                text = text[:m.start()] + text[first[1]:]
                continue
        if name in ("underset", "overset", "stackrel"):
            over = argument(text, k)
            base = argument(text, over[1]) if over else None
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
        a = argument(text, k)
        if a is None:
            break
        content, end = a
        if name in ("phantom", "hphantom", "vphantom"):
            content = ""
        if name in ("underbrace", "overbrace"):
            label = re.match(r"\s*[_^]\s*", text[end:])
            if label:
                lab = argument(text, end + label.end())
                if lab is not None:
                    notes.append(f"{name} label {lab[0].strip()} not read")
                    end = lab[1]
        # Braces keep a boxed term one factor; a boxed relation stays a relation.
        # (and boxed prose is prose: \boxed{\text{...} p_i} is no factor)
        wrapped = content if _RELATION.search(content) or _PROSE.match(content) \
            else "{" + content + "}"
        text = text[:m.start()] + " " + wrapped + " " + text[end:]
    return text, notes


_PROSE = re.compile(r"\s*\\(text|mbox|textrm|textnormal)\s*\{")
_RELATION = re.compile(r"(?<![\\{])=|<|>|\\(le|leq|ge|geq|neq|approx|propto)(?![a-zA-Z])")

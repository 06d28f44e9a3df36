"""The message of a syntax error: what was found, what was expected, and a hint.

Some mistakes are common enough to be named: a row break ``\\\\`` inside a row, set
braces, a lone bar, and (:func:`typo_hint`) writings the grammar cannot read whose
intended reading is plain to a reader but would be a guess for the checker:

* ``\\frac{f}{\\partial x}``: a derivative whose numerator lacks its ``\\partial``
  (a typo, or f divided by a differential?);
* ``\\frac{\\partial}{\\partial Bh}``: a derivative with respect to a product, which is
  no variable (write a name for it: u = Bh);
* ``sum(x, dim=0, keepdim=True)``: code with keyword arguments, not a formula.
"""
from __future__ import annotations

import re

from lark.exceptions import UnexpectedCharacters, UnexpectedEOF, UnexpectedToken

from ..errors import ParseError
from .diagnostics import quoted
from .texmacros import argument

__all__ = ["syntax_error", "typo_hint"]

_TERMINALS = {
    "RPAR": "')'", "RBRACK": "']'", "RBRACE": "'}'", "LPAR": "'('", "LBRACE": "'{'",
    "RANGLE": "\\rangle", "REL": "a relation", "IMPLIES": "=>", "COMMA": "','",
    "USCORE": "'_'", "CARET": "'^'", "PARTIAL": "\\partial", "SLASH": "'/'",
    "LETTER": "a letter", "NUMBER": "a number", "$END": "the end of the formula",
}
_HINTS = {
    "|": "the bar | is read only in an absolute value |x| or in p(y \\mid x)",
    "\\\\": "a row break \\\\ separates rows; give one row at a time",
    "\\{": "set braces \\{ \\} are not supported",
    "\\}": "set braces \\{ \\} are not supported",
    "$": "pass the formula without its $ delimiters",
}


_PARTIAL = r"(?:\\partial(?![a-zA-Z])|∂)"
# \partial Bh: the differential of a product of single letters (no operator between)
_PRODUCT = re.compile(r"^\s*" + _PARTIAL + r"\s*((?:[A-Za-z]|\\mathbf\s*\{\s*[A-Za-z]\s*\})"
                      r"(?:\s*(?:[A-Za-z]|\\mathbf\s*\{\s*[A-Za-z]\s*\}))+)\s*$")
_KEYWORD = re.compile(r"[,(]\s*([A-Za-z_][A-Za-z_0-9]+)\s*=\s*([\w.]+)\s*(?=[,)])")


def typo_hint(text: str) -> str | None:
    """What a formula that does not parse most likely has wrong, when it is plain."""
    for m in re.finditer(r"\\[dtc]?frac(?![a-zA-Z])", text):
        num = argument(text, m.end())
        den = argument(text, num[1]) if num else None
        if den is None or not re.match(r"\s*" + _PARTIAL, den[0]):
            continue
        if not re.search(_PARTIAL, num[0]):
            return (f"\\frac{{{num[0].strip()}}}{{{den[0].strip()}}}: a derivative whose "
                    f"numerator lacks its \\partial (\\frac{{\\partial {num[0].strip()}}}"
                    f"{{{den[0].strip()}}}?), or a quotient by a differential? write the one meant")
        product = _PRODUCT.match(den[0])
        if product:
            return (f"{den[0].strip()}: a derivative with respect to a product "
                    f"{product.group(1).strip()} is not read (only a variable can be one): "
                    "name it, e.g. u = ..., and write \\partial u")
    m = _KEYWORD.search(text)
    if m:
        return (f"{m.group(1)}={m.group(2)}: a keyword argument, as in code; not read as "
                "a formula: write the sum or product with its index")
    return None


def syntax_error(err, text, line) -> ParseError:
    at = line + (getattr(err, "line", 1) or 1) - 1
    hint = typo_hint(text)
    if hint is not None:
        return ParseError(hint, at)
    if isinstance(err, UnexpectedCharacters):
        char = text[err.pos_in_stream] if err.pos_in_stream < len(text) else "?"
        pair = text[err.pos_in_stream:err.pos_in_stream + 2]
        hint = _HINTS.get(pair, _HINTS.get(char, ""))
        return ParseError(f"unexpected character {quoted(char)} at column {err.column}"
                          + (f": {hint}" if hint else ""), at)
    if isinstance(err, UnexpectedEOF):
        return ParseError("the formula ends too early", line + text.count("\n"))
    if isinstance(err, UnexpectedToken):
        tok = err.token
        expected = sorted(_TERMINALS[t] for t in err.expected if t in _TERMINALS)
        tail = f" (expected {', '.join(expected[:6])})" if expected else ""
        if tok.type == "$END":
            return ParseError(f"the formula ends too early{tail}",
                              line + text.rstrip().count("\n"))
        hint = _HINTS.get(str(tok).strip(), "") if tok.type == "MID" else ""
        return ParseError(f"unexpected {quoted(str(tok))}{tail}" + (f": {hint}" if hint else ""), at)
    return ParseError(str(err).splitlines()[0], at)

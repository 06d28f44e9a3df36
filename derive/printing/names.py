"""Symbol names as a mathematician writes them.

SymPy's printer sets a name such as ``z_max`` as ``z_{max}`` (three italic
letters), fails on ``λ₁`` and prints the engine's internal names as they are:
``_s0`` (a bound variable renamed apart), ``Dummy_123`` (a nameless dummy,
numbered by a process-wide counter).  :func:`document_name` rewrites a name
before SymPy splits it into base, subscripts and superscripts:

* Unicode letters become their math commands (``λ`` -> ``\\lambda``),
  Unicode sub- and superscript digits become ``_1`` and ``^2``;
* the subscripts ``max`` and ``min`` become the operators ``\\max``, ``\\min``
  (upright, as in ``z_{\\max}``; other subscripts are left to SymPy);
* a leading underscore (``_s0``) is dropped: what is left is a letter with
  a digit subscript (``s_{0}``);
* a nameless dummy (``Dummy_123``) prints as ``\\xi``: its counter depends on
  what else ran in the process, and the document must not.

Example:
    >>> document_name("z_max"), document_name("λ₁"), document_name("_s0")
    ('z_{\\\\max}', '\\\\lambda_1', 's0')
"""
from __future__ import annotations

import codecs
import re

import latexcodec  # noqa: F401  (registers the "ulatex" codec)
from sympy.printing.latex import translate

__all__ = ["document_name"]

_SUBSCRIPT_DIGITS = {chr(0x2080 + d): str(d) for d in range(10)}
_SUPERSCRIPT_DIGITS = {"\u2070": "0", "\u00b9": "1", "\u00b2": "2", "\u00b3": "3",
                       **{chr(0x2074 + d - 4): str(d) for d in range(4, 10)}}
_NAMELESS_DUMMY = re.compile(r"Dummy_\d+")
_WORD_SUBSCRIPT = re.compile(r"^(?P<base>[^_^]+)_(?P<word>[A-Za-z]{2,})$")
_OPERATOR_SUBSCRIPTS = {"max": r"\max", "min": r"\min"}
# what the handcheck reads \dots and \cdots into; latexcodec gives them only as text
_MATH_PUNCTUATION = {"\u2026": r"\dots", "\u22ef": r"\cdots"}


def document_name(name: str) -> str:
    """The name to hand to SymPy's name splitter (see the module docstring).

    Raises:
        ValueError: the name holds a character with no math-mode LaTeX.
    """
    if _NAMELESS_DUMMY.fullmatch(name):
        return r"\xi"
    if name.startswith("_") and name.strip("_"):
        name = name.lstrip("_")
    name = _unicode_scripts(name)
    if not name.isascii():
        name = _math_ascii(name)
    word = _WORD_SUBSCRIPT.match(name)
    if word and word.group("word") in _OPERATOR_SUBSCRIPTS:
        # finished LaTeX, which SymPy will not split again: translate the base
        # here (Lambda_max is \Lambda_{\max}, not the italic word Lambda)
        return "%s_{%s}" % (translate(word.group("base")), _OPERATOR_SUBSCRIPTS[word.group("word")])
    return name


def _unicode_scripts(name: str) -> str:
    """``λ₁`` -> ``λ_1``, ``x²`` -> ``x^2`` (runs of digits stay together)."""
    out, mode = [], None
    for ch in name:
        if ch in _SUBSCRIPT_DIGITS:
            out.append(("" if mode == "_" else "_") + _SUBSCRIPT_DIGITS[ch])
            mode = "_"
        elif ch in _SUPERSCRIPT_DIGITS:
            out.append(("" if mode == "^" else "^") + _SUPERSCRIPT_DIGITS[ch])
            mode = "^"
        else:
            out.append(ch)
            mode = None
    return "".join(out)


def _math_ascii(name: str) -> str:
    """Replace non-ASCII letters in a symbol name (``λ_1``) by their commands.

    latexcodec knows the math names (``λ`` -> ``$\\lambda$``); a character it
    can only give as text (``é``) has no place in a math symbol name.
    """
    out = []
    for ch in name:
        if ch.isascii():
            out.append(ch)
            continue
        if ch in _MATH_PUNCTUATION:
            out.append(_MATH_PUNCTUATION[ch] + " ")
            continue
        try:
            tex = codecs.encode(ch, "ulatex")
        except UnicodeEncodeError:
            tex = ""
        if not (len(tex) > 2 and tex[0] == tex[-1] == "$"):
            raise ValueError(f"symbol name {name!r}: no math-mode LaTeX for {ch!r}")
        out.append(tex[1:-1] + " ")
    return "".join(out).replace(" _", "_").replace(" ^", "^").strip()

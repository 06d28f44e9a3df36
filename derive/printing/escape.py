"""Escape prose and titles for LaTeX text mode.

latexcodec's ``"ulatex"`` codec turns Unicode into LaTeX (``é`` -> ``\\'e``,
``λ`` -> ``$\\lambda$``) and escapes ``% & # _ ~``.  It leaves ``$ { } ^ \\``
alone (it treats them as LaTeX the writer meant), and a few ASCII
characters make ligatures or wrong glyphs in text mode.  This module
handles those itself, runs everything else through the codec, and rewrites
the codec's ``$...$`` as ``\\ensuremath{...}`` so that the output never holds
a bare ``$``: every ``$`` and ``%`` in the result is escaped.

The result is plain ASCII and compiles with pdflatex under
``\\usepackage[T1]{fontenc}`` and ``\\usepackage[utf8]{inputenc}``.

Example:
    >>> escape_text("50% of $x_1$ & λ")
    '50\\\\% of \\\\$x\\\\_1\\\\$ \\\\& \\\\ensuremath{\\\\lambda}'
"""
from __future__ import annotations

import codecs
import re
from functools import lru_cache

import latexcodec  # noqa: F401  (registers the "ulatex" codec)

__all__ = ["escape_text", "OWN_ESCAPES"]

#: Characters escaped here rather than by latexcodec (which passes them
#: through, or whose output for them would misbehave).
OWN_ESCAPES = {
    "\\": r"\textbackslash{}",
    "$": r"\$",
    "{": r"\{",
    "}": r"\}",
    "^": r"\textasciicircum{}",
    "~": r"\textasciitilde{}",
    "<": r"\textless{}",
    ">": r"\textgreater{}",
    "|": r"\textbar{}",
    "\n": " ",
    "\r": " ",
    "\t": " ",
}

# Characters latexcodec cannot translate but LaTeX can show.
_FALLBACK = {
    **{chr(0x2080 + d): r"\textsubscript{%d}" % d for d in range(10)},
    "\u00b9": r"\textsuperscript{1}", "\u2070": r"\textsuperscript{0}",
    **{chr(0x2074 + d - 4): r"\textsuperscript{%d}" % d for d in range(4, 10)},
    "\u207b": r"\textsuperscript{-}", "\u1d40": r"\textsuperscript{T}",
    "\u20ac": r"\texteuro{}",
    "\u00bd": r"\ensuremath{\tfrac{1}{2}}", "\u00bc": r"\ensuremath{\tfrac{1}{4}}",
    "\u00be": r"\ensuremath{\tfrac{3}{4}}", "\u2153": r"\ensuremath{\tfrac{1}{3}}",
    "\u2154": r"\ensuremath{\tfrac{2}{3}}",
    "\u2212": r"\ensuremath{-}",
    "\u2032": r"\ensuremath{'}", "\u2033": r"\ensuremath{''}",
    **{ch: r"\ensuremath{\%s}" % name for ch, name in (
        ("\u221d", "propto"), ("\u2261", "equiv"), ("\u27e8", "langle"), ("\u27e9", "rangle"),
        ("\u2194", "leftrightarrow"), ("\u21d4", "Leftrightarrow"), ("\u2213", "mp"),
        ("\u2218", "circ"), ("\u2016", "|"), ("\u2243", "simeq"), ("\u22a4", "top"),
        ("\u22a5", "bot"), ("\u22c5", "cdot"))},
}

# In T1 text these pairs are ligatures (-- is an en dash, `` and '' are
# curly quotes, ,, a low quote, !` and ?` inverted marks); an empty group
# between them keeps the characters as typed.
_LIGATURE_PAIRS = {"--", "``", "''", ",,", "!`", "?`"}

_MATH = re.compile(r"\$([^$]*)\$")


@lru_cache(maxsize=16_384)     # latexcodec is slow, and documents repeat the same runs of text
def _codec(run: str, *, strict: bool) -> str:
    """Encode a run of ordinary characters with latexcodec."""
    if not run:
        return ""
    try:
        tex = codecs.encode(run, "ulatex")
    except UnicodeEncodeError:
        return "".join(_codec_char(ch, strict=strict) for ch in run)
    return _MATH.sub(lambda m: r"\ensuremath{%s}" % m.group(1), tex)


def _codec_char(ch: str, *, strict: bool) -> str:
    """One character the codec refused as part of a run."""
    if ch in _FALLBACK:
        return _FALLBACK[ch]
    try:
        tex = codecs.encode(ch, "ulatex")
    except UnicodeEncodeError:
        if strict:
            raise ValueError(f"s: no LaTeX for character {ch!r} (U+{ord(ch):04X}); "
                             "pass strict=False to replace it with '?'") from None
        return "?"
    tex = _MATH.sub(lambda m: r"\ensuremath{%s}" % m.group(1), tex)
    # A control word such as \ss must not swallow the next letter.
    return tex + "{}" if re.search(r"\\[A-Za-z]+$", tex) else tex


def escape_text(s: str, *, strict: bool = True) -> str:
    """LaTeX text-mode source that prints ``s`` as written.

    Args:
        s: prose, a title or a name; any Unicode.
        strict: when a character has no LaTeX form, raise (True) or print
            ``?`` (False).

    Returns:
        ASCII LaTeX; every ``$``, ``%``, ``#``, ``&``, ``_``, ``{``, ``}``,
        ``~``, ``^`` and ``\\`` of ``s`` is escaped, newlines become spaces.

    Raises:
        TypeError: ``s`` is not a str.
        ValueError: ``strict`` and ``s`` holds a character with no LaTeX
            form, or ``s`` holds a control character.
    """
    if not isinstance(s, str):
        raise TypeError(f"s must be a str, got {type(s).__name__}")
    bad = next((ch for ch in s if ord(ch) < 32 and ch not in "\n\r\t" or ch == "\x7f"), None)
    if bad is not None:
        raise ValueError(f"s holds the control character {bad!r}")
    out, run = [], []
    for pos, ch in enumerate(s):
        if ch in OWN_ESCAPES:
            out.append(_codec("".join(run), strict=strict))
            out.append(OWN_ESCAPES[ch])
            run = []
            continue
        run.append(ch)
        if s[pos:pos + 2] in _LIGATURE_PAIRS:
            out.append(_codec("".join(run), strict=strict) + "{}")
            run = []
    out.append(_codec("".join(run), strict=strict))
    text = "".join(out)
    # A trailing control word (\ss) would swallow whatever the caller appends.
    return text + "{}" if re.search(r"\\[A-Za-z]+$", text) else text

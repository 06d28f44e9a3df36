"""Tests for derive.printing.escape: every special character, and a real compile."""
from __future__ import annotations

import random
import re
import shutil
import subprocess

import pytest

from derive.latex.preamble import PREAMBLE
from derive.printing.escape import escape_text
from derive.latex.pdf import compile_pdf

NO_PDFLATEX = "pdflatex is not installed (Debian: apt-get install texlive-latex-base texlive-latex-recommended)"
NO_POPPLER = "pdftotext is not installed (Debian: apt-get install poppler-utils)"

# (input, exact escaped output).  The LaTeX specials, what latexcodec
# leaves alone ($ { } ^ \), Unicode, and the T1 ligatures.
CASES = [
    ("plain words", "plain words"),
    ("%", r"\%"),
    ("&", r"\&"),
    ("$", r"\$"),
    ("#", r"\#"),
    ("_", r"\_"),
    ("{", r"\{"),
    ("}", r"\}"),
    ("~", r"\textasciitilde{}"),
    ("^", r"\textasciicircum{}"),
    ("\\", r"\textbackslash{}"),
    ("<", r"\textless{}"),
    (">", r"\textgreater{}"),
    ("|", r"\textbar{}"),
    ("λ", r"\ensuremath{\lambda}"),
    ("λμ", r"\ensuremath{\lambda}\ensuremath{\mu}"),
    ("é", r"\'e"),
    ("naïve café", r'na\"\i ve caf\'e'),
    ("Gauß", r"Gau\ss{}"),
    ("ß e", r"\ss\ e"),
    ("x₁", r"x\textsubscript{1}"),
    ("€", r"\texteuro{}"),
    ("½ and ¾", r"\ensuremath{\tfrac{1}{2}} and \ensuremath{\tfrac{3}{4}}"),
    ("a--b", "a-{}-b"),
    ("''", "'{}'"),
    ("a\nb\tc", "a b c"),
    ("50% of $x_1$ & λ", r"50\% of \$x\_1\$ \& \ensuremath{\lambda}"),
    (r"\textbf{x}", r"\textbackslash{}textbf\{x\}"),
    ("", ""),
]

# What pdftotext must read back from the compiled PDF for each input.
READ_BACK = ["%", "&", "$", "#", "_", "{", "}", "~", "^", "\\", "<", ">", "|", "λ", "é",
             "naïve café", "Gauß e", "a--b", "€5", "ß", "Ł", "©", "α<β>|γ", ",,", "<<",
             "50% of $x_1$ & λ", '"quoted"']


@pytest.mark.parametrize("text, expected", CASES)
def test_escape_table(text, expected):
    assert escape_text(text) == expected


@pytest.mark.parametrize("special", list("%&$#_{}~^\\"))
def test_every_special_changes(special):
    assert escape_text(special) != special


def _unescaped(tex: str, char: str) -> list[int]:
    """Positions of ``char`` not preceded by a backslash."""
    return [m.start() for m in re.finditer(r"(?<!\\)" + re.escape(char), tex)]


def test_no_raw_dollar_or_percent_survives():
    rng = random.Random(20240518)
    alphabet = "ab $%&#_{}~^\\λé€ß-'`<>|\n"
    for _ in range(500):
        text = "".join(rng.choice(alphabet) for _ in range(rng.randint(0, 30)))
        tex = escape_text(text)
        for char in "$%&#_":
            assert not _unescaped(tex, char), (text, tex)
        assert "\\\\" not in tex, (text, tex)          # no line break from a backslash
        assert tex.isascii()
        # User braces are escaped; the remaining ones are ours and balance.
        depth = 0
        for ch in tex.replace(r"\{", "").replace(r"\}", ""):
            depth += {"{": 1, "}": -1}.get(ch, 0)
            assert depth >= 0, (text, tex)
        assert depth == 0, (text, tex)


def test_trailing_control_word_does_not_swallow_what_follows():
    assert escape_text("ß") + "e" == r"\ss{}e"


@pytest.mark.parametrize("bad, error", [
    (None, TypeError), (b"bytes", TypeError), (3, TypeError),
    ("\x00", ValueError), ("a\x07b", ValueError), ("snow \u2603", ValueError),
])
def test_bad_input(bad, error):
    with pytest.raises(error):
        escape_text(bad)


def test_non_strict_replaces_unknown_characters():
    assert escape_text("snow \u2603", strict=False) == "snow ?"


def _compile_cases(tmp_path, cases):
    body = "\n\n".join("CASE%d[%s]" % (pos, escape_text(s)) for pos, s in enumerate(cases))
    tex = tmp_path / "escape.tex"
    tex.write_text("\\documentclass{article}\n%s\n\\pagestyle{empty}\n\\begin{document}\n"
                   "%s\n\\end{document}\n" % (PREAMBLE, body), encoding="utf-8")
    return compile_pdf(tex)


@pytest.mark.skipif(shutil.which("pdflatex") is None, reason=NO_PDFLATEX)
def test_all_cases_compile(tmp_path):
    result = _compile_cases(tmp_path, [text for text, _ in CASES] + READ_BACK)
    assert result.pdf.stat().st_size > 0
    assert not [w for w in result.warnings if "Unicode" in w or "undefined" in w]


@pytest.mark.skipif(shutil.which("pdflatex") is None, reason=NO_PDFLATEX)
@pytest.mark.skipif(shutil.which("pdftotext") is None, reason=NO_POPPLER)
def test_pdf_shows_the_characters_as_written(tmp_path):
    result = _compile_cases(tmp_path, READ_BACK)
    text = subprocess.run(["pdftotext", "-enc", "UTF-8", str(result.pdf), "-"],
                          capture_output=True, text=True, check=True).stdout
    for pos, original in enumerate(READ_BACK):
        found = re.search(r"CASE%d\[(.*?)\]\s*(?=CASE|\Z)" % pos, text, re.S)
        assert found is not None, (pos, original, text)
        assert found.group(1) == original

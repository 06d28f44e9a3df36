"""Tests for derive.latex.pdf: compiling, log parsing, errors, reproducibility."""
from __future__ import annotations

import shutil

import pytest

import derive.latex.pdf as pdf
from derive.errors import PdfError
from derive.latex.pdf import OverfullBox, compile_pdf, find_pdflatex, missing_characters, parse_log
from derive.latex.preamble import PREAMBLE

NO_PDFLATEX = "pdflatex is not installed (Debian: apt-get install texlive-latex-base texlive-latex-recommended)"
needs_pdflatex = pytest.mark.skipif(shutil.which("pdflatex") is None, reason=NO_PDFLATEX)

GOOD = r"""\documentclass{article}
\begin{document}
\section{One}\label{sec:one}
See section~\ref{sec:one} and equation~\eqref{eq:a}.
\begin{equation}\label{eq:a} x = 1 \end{equation}
\end{document}
"""
GOOD = GOOD.replace(r"\begin{document}", "\\usepackage{amsmath}\n\\begin{document}")

OVERFULL = r"""\documentclass{article}
\begin{document}
\noindent\hbox to 20pt{\hskip 60pt}
\end{document}
"""

UNDEFINED = r"""\documentclass{article}
\begin{document}
See \ref{nowhere} and \cite{nobody}.
\end{document}
"""

BROKEN = r"""\documentclass{article}
\begin{document}
\thiscommanddoesnotexist
\end{document}
"""

LOG = "\n".join([
    "This is pdfTeX, Version 3.141592653",
    r"Overfull \hbox (12.3pt too wide) in paragraph at lines 10--12",
    r"Overfull \vbox (4.0pt too high) has occurred while \output is active",
    r"Underfull \hbox (badness 10000) in paragraph at lines 3--3",
    "LaTeX Warning: Reference `eq:a' on page 1 undefined on input line 5.",
    "LaTeX Warning: Reference `eq:a' on page 2 undefined on input line 9.",
    "LaTeX Warning: Citation `src:000' on page 1 undefined on input line 7.",
    "LaTeX Warning: There were undefined references.",
    "Package rerunfilecheck Warning: File `x.out' has changed.",
])


def test_parse_log():
    warnings, overfull, undefined = parse_log(LOG)
    assert overfull == (OverfullBox("hbox", 12.3, "in paragraph at lines 10--12"),
                        OverfullBox("vbox", 4.0, r"has occurred while \output is active"))
    assert undefined == ("reference:eq:a", "citation:src:000")
    assert len(warnings) == 5
    assert warnings[-1].startswith("Package rerunfilecheck Warning")


def test_parse_log_unnamed_undefined_references():
    _, _, undefined = parse_log("LaTeX Warning: There were undefined references.\n")
    assert undefined == ("(unnamed)",)


def test_missing_characters_are_read_from_the_log():
    log = ("Missing character: There is no \u00e9 in font cmr10!\n"
           "Missing character: There is no \u00e9 in font cmr10!\n"
           "Missing character: There is no ^^a0 in font lmr10!\n")
    assert missing_characters(log) == ("\u00e9 in cmr10", "^^a0 in lmr10")
    assert missing_characters("This is pdfTeX\n") == ()
    with pytest.raises(TypeError, match="text"):
        missing_characters(None)


def test_parse_clean_log():
    assert parse_log("This is pdfTeX\nOutput written on x.pdf (1 page).\n") == ((), (), ())


def test_parse_log_rejects_bytes():
    with pytest.raises(TypeError, match="text"):
        parse_log(b"log")


def _write(tmp_path, text, name="doc.tex"):
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


@needs_pdflatex
def test_find_pdflatex():
    assert find_pdflatex() == shutil.which("pdflatex")


@needs_pdflatex
def test_compile_resolves_references_and_leaves_no_debris(tmp_path):
    result = compile_pdf(_write(tmp_path, GOOD))
    assert result.pdf == tmp_path / "doc.pdf"
    assert result.pdf.read_bytes().startswith(b"%PDF")
    assert result.log.read_text().startswith("This is pdfTeX")
    assert result.undefined_references == ()
    assert result.overfull == ()
    assert result.max_overfull == 0.0
    assert sorted(p.name for p in tmp_path.iterdir()) == ["doc.log", "doc.pdf", "doc.tex"]


@needs_pdflatex
def test_one_run_leaves_references_undefined(tmp_path):
    # The control for the test above: one pass cannot resolve a forward \eqref.
    result = compile_pdf(_write(tmp_path, GOOD), runs=1)
    assert result.undefined_references


@needs_pdflatex
def test_overfull_box_is_reported_with_its_width(tmp_path):
    result = compile_pdf(_write(tmp_path, OVERFULL), runs=1)
    assert [b.kind for b in result.overfull] == ["hbox"]
    assert result.max_overfull == pytest.approx(40.0, abs=0.5)


# A glyph the font lacks: pdflatex drops it silently unless \tracinglostchars is set,
# which the shared preamble does.
MISSING = ("\\documentclass{article}\n%s\n\\begin{document}\n"
           "{\\fontencoding{OT1}\\fontfamily{cmr}\\selectfont\\char\"80 abc}\n\\end{document}\n")


@needs_pdflatex
def test_a_missing_glyph_is_reported(tmp_path):
    result = compile_pdf(_write(tmp_path, MISSING % PREAMBLE), runs=1)
    assert result.missing_characters, result.warnings


@needs_pdflatex
def test_the_documents_preamble_has_no_missing_glyph(tmp_path):
    # The control for the test above.
    result = compile_pdf(_write(tmp_path, MISSING.replace("\\char\"80 ", "{} ") % PREAMBLE), runs=1)
    assert result.missing_characters == ()


@needs_pdflatex
def test_undefined_references_are_named(tmp_path):
    result = compile_pdf(_write(tmp_path, UNDEFINED))
    assert "reference:nowhere" in result.undefined_references
    assert "citation:nobody" in result.undefined_references


@needs_pdflatex
def test_latex_error_raises_pdf_error_with_first_error_lines(tmp_path):
    tex = _write(tmp_path, BROKEN)
    with pytest.raises(PdfError, match="Undefined control sequence"):
        compile_pdf(tex)
    assert not (tmp_path / "doc.pdf").exists()
    assert (tmp_path / "doc.log").exists()


@needs_pdflatex
def test_failed_rebuild_keeps_the_previous_pdf(tmp_path):
    tex = _write(tmp_path, GOOD)
    before = compile_pdf(tex).pdf.read_bytes()
    tex.write_text(BROKEN)
    with pytest.raises(PdfError):
        compile_pdf(tex)
    assert (tmp_path / "doc.pdf").read_bytes() == before


@needs_pdflatex
def test_pdf_is_reproducible(tmp_path):
    first = compile_pdf(_write(tmp_path, GOOD, "a.tex")).pdf.read_bytes()
    second = compile_pdf(_write(tmp_path, GOOD, "b.tex")).pdf.read_bytes()
    assert first == second


@needs_pdflatex
def test_file_name_with_spaces(tmp_path):
    result = compile_pdf(_write(tmp_path, GOOD, "my doc (v1).tex"))
    assert result.pdf.name == "my doc (v1).pdf"


def test_missing_engine_is_a_pdf_error(tmp_path, monkeypatch):
    monkeypatch.setattr(pdf, "find_pdflatex", lambda: None)
    with pytest.raises(PdfError, match="pdflatex not found.*texlive-latex-base"):
        compile_pdf(_write(tmp_path, GOOD))


@pytest.mark.parametrize("kwargs, error", [
    ({"runs": 0}, ValueError), ({"runs": 2.0}, TypeError), ({"runs": True}, TypeError),
    ({"timeout": 0}, ValueError), ({"timeout": "60"}, TypeError),
])
def test_bad_options(tmp_path, kwargs, error):
    with pytest.raises(error):
        compile_pdf(_write(tmp_path, GOOD), **kwargs)


@pytest.mark.parametrize("path, error", [
    (None, TypeError), ("", TypeError), ("missing.tex", FileNotFoundError),
    ("notes.txt", ValueError),
])
def test_bad_paths(tmp_path, path, error):
    if isinstance(path, str) and path:
        path = str(tmp_path / path)
        if path.endswith(".txt"):
            _write(tmp_path, GOOD, "notes.txt")
    with pytest.raises(error):
        compile_pdf(path)


_MOVING_CONTENTS = "\n".join(
    [r"\documentclass{article}", r"\begin{document}", r"\tableofcontents",
     r"\section{First} The last section starts on page \pageref{last}."]
    + [r"\section{Section %d} Text." % q for q in range(90)]
    + [r"\section{Last}\label{last} Done.", r"\end{document}", ""])


@needs_pdflatex
def test_passes_go_on_until_the_contents_stop_moving_the_labels(tmp_path):
    # the contents appear in pass 2 and push every section on by pages, so the
    # \pageref written in pass 2 is stale: a third pass is needed, and taken
    path = tmp_path / "moving.tex"
    path.write_text(_MOVING_CONTENTS, encoding="utf-8")
    result = compile_pdf(path)
    assert result.warnings == (), result.warnings
    assert result.undefined_references == ()
    if shutil.which("pdftotext"):
        import subprocess
        text = subprocess.run(["pdftotext", str(result.pdf), "-"], capture_output=True, text=True,
                              check=True, timeout=60).stdout
        pages = text.split("\f")
        said = int(text.split("starts on page ", 1)[1].split(".", 1)[0])
        assert "Last" in pages[said - 1] and "Done." in pages[said - 1]


@needs_pdflatex
def test_one_requested_pass_is_one_pass(tmp_path):
    path = tmp_path / "moving.tex"
    path.write_text(_MOVING_CONTENTS, encoding="utf-8")
    assert compile_pdf(path, runs=1).undefined_references      # no second pass was taken

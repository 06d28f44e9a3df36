"""Compile a ``.tex`` file to PDF with pdflatex and read its log.

pdflatex runs in a private temporary directory (so a failed run leaves no
``.aux`` debris and never a half-written PDF beside the source), as many
times as asked so that cross-references resolve, with
``-interaction=nonstopmode -halt-on-error``.  The PDF and the log are then
moved beside the ``.tex`` file atomically.  ``SOURCE_DATE_EPOCH`` and
``FORCE_SOURCE_DATE`` are set so that the PDF's dates and ID do not depend
on the clock.

Example:
    >>> find_pdflatex() is None or find_pdflatex().endswith("pdflatex")
    True
"""
from __future__ import annotations

import os
import re
import shutil
import subprocess
import tempfile
from dataclasses import dataclass
from pathlib import Path

from ..atomic import write_bytes_atomic
from ..errors import PdfError

__all__ = ["OverfullBox", "PdfResult", "find_pdflatex", "compile_pdf", "parse_log",
           "missing_characters"]

INSTALL_HINT = ("install a TeX engine, e.g. on Debian/Ubuntu: "
                "apt-get install texlive-latex-base texlive-latex-recommended")

_OVERFULL = re.compile(r"^Overfull \\([hv]box) \((-?\d+(?:\.\d+)?)pt too (?:wide|high)\)(.*)$")
_UNDEFINED = re.compile(r"^LaTeX Warning: (Reference|Citation) `([^']*)' on page \S+ undefined")
_WARNING = re.compile(r"^(LaTeX|Package \S+|Class \S+|pdfTeX) [Ww]arning")
_MISSING = re.compile(r"^Missing character: There is no (.+?) in font (\S+?)!?$")
_FIXED_EPOCH = "0"


@dataclass(frozen=True)
class OverfullBox:
    """One ``Overfull \\hbox``/``\\vbox`` report: by how many points, and where."""

    kind: str
    points: float
    where: str


@dataclass(frozen=True)
class PdfResult:
    """A successful compilation.

    Attributes:
        pdf: the PDF, beside the ``.tex`` file.
        log: pdflatex's log of the last run, beside the ``.tex`` file.
        warnings: the first line of every warning in the last run.
        overfull: every overfull box in the last run.
        undefined_references: labels and citations still undefined after the last run.
        missing_characters: ``"<char> in <font>"`` for every glyph the fonts lack
            (the preamble sets ``\\tracinglostchars`` so that pdflatex logs them).
    """

    pdf: Path
    log: Path
    warnings: tuple[str, ...]
    overfull: tuple[OverfullBox, ...]
    undefined_references: tuple[str, ...]
    missing_characters: tuple[str, ...] = ()

    @property
    def max_overfull(self) -> float:
        """The widest overfull box in points (0.0 when there is none)."""
        return max((box.points for box in self.overfull), default=0.0)


def find_pdflatex() -> str | None:
    """The path of the ``pdflatex`` executable, or None when it is not installed."""
    return shutil.which("pdflatex")


def parse_log(text: str) -> tuple[tuple[str, ...], tuple[OverfullBox, ...], tuple[str, ...]]:
    """Warnings, overfull boxes and undefined references in a pdflatex log.

    Returns:
        ``(warnings, overfull, undefined)``; ``undefined`` holds
        ``"reference:<label>"``/``"citation:<key>"`` entries, plus
        ``"(unnamed)"`` when LaTeX only says there were undefined references.
    """
    if not isinstance(text, str):
        raise TypeError(f"text must be a str, got {type(text).__name__}")
    warnings, overfull, undefined = [], [], []
    for line in text.splitlines():
        box = _OVERFULL.match(line)
        if box:
            overfull.append(OverfullBox(box.group(1), float(box.group(2)), box.group(3).strip()))
            continue
        ref = _UNDEFINED.match(line)
        if ref:
            entry = f"{ref.group(1).lower()}:{ref.group(2)}"
            if entry not in undefined:
                undefined.append(entry)
        if _WARNING.match(line):
            warnings.append(line.strip())
    if not undefined and any("There were undefined references" in w for w in warnings):
        undefined.append("(unnamed)")
    return tuple(warnings), tuple(overfull), tuple(undefined)


def missing_characters(text: str) -> tuple[str, ...]:
    """``"<char> in <font>"`` for each distinct "Missing character" line of a pdflatex log."""
    if not isinstance(text, str):
        raise TypeError(f"text must be a str, got {type(text).__name__}")
    found = []
    for line in text.splitlines():
        hit = _MISSING.match(line.strip())
        if hit and f"{hit.group(1)} in {hit.group(2)}" not in found:
            found.append(f"{hit.group(1)} in {hit.group(2)}")
    return tuple(found)


def _first_error(log: str, limit: int = 8) -> str:
    """The first LaTeX error (a line starting with ``!``) and the lines after it."""
    lines = log.splitlines()
    for pos, line in enumerate(lines):
        if line.startswith("!"):
            return "\n".join(lines[pos:pos + limit]).strip()
    return "\n".join(lines[-limit:]).strip()


def _check_args(tex_path, runs, timeout) -> Path:
    if not isinstance(tex_path, (str, os.PathLike)) or not str(tex_path):
        raise TypeError(f"tex_path must be a str or os.PathLike, got {tex_path!r}")
    path = Path(tex_path)
    if path.suffix != ".tex":
        raise ValueError(f"tex_path must name a .tex file, got {str(path)!r}")
    if not path.is_file():
        raise FileNotFoundError(f"tex_path: no such file {str(path)!r}")
    if isinstance(runs, bool) or not isinstance(runs, int):
        raise TypeError(f"runs must be an int, got {type(runs).__name__}")
    if not 1 <= runs <= 5:
        raise ValueError(f"runs must be between 1 and 5, got {runs}")
    if isinstance(timeout, bool) or not isinstance(timeout, (int, float)):
        raise TypeError(f"timeout must be a number of seconds, got {type(timeout).__name__}")
    if not timeout > 0:
        raise ValueError(f"timeout must be positive, got {timeout!r}")
    return path


def _environment(source_dir: Path) -> dict[str, str]:
    env = dict(os.environ)
    env.setdefault("SOURCE_DATE_EPOCH", _FIXED_EPOCH)
    env["FORCE_SOURCE_DATE"] = "1"
    # Unwrapped log lines, so warnings can be matched one line each.
    env["max_print_line"] = "10000"
    # \input{...} of files beside the source still works from the temp dir.
    env["TEXINPUTS"] = f"{source_dir}{os.pathsep}" + env.get("TEXINPUTS", "")
    return env


MAX_RUNS = 5
_RERUN = "Rerun to get cross-references right"


def _cross_reference_state(workdir: Path) -> tuple[bytes, ...]:
    """The files a pass writes for the next one (labels, contents)."""
    return tuple((workdir / f"document.{ext}").read_bytes() if (workdir / f"document.{ext}").exists()
                 else b"" for ext in ("aux", "toc", "out"))


def compile_pdf(tex_path, *, runs: int = 2, timeout: float = 120) -> PdfResult:
    """Compile ``tex_path`` to a PDF beside it.

    Args:
        tex_path: the ``.tex`` file.
        runs: how many pdflatex passes at least (2 resolves references); from 2
            on, passes continue while one changes the labels or the contents,
            up to :data:`MAX_RUNS`.
        timeout: seconds allowed per pass.

    Returns:
        A :class:`PdfResult`; inspect ``overfull`` and
        ``undefined_references`` for layout problems.

    Raises:
        PdfError: pdflatex is not installed, timed out, or reported an error
            (the message quotes the first error lines).
        TypeError, ValueError, FileNotFoundError: bad arguments.
    """
    source = _check_args(tex_path, runs, timeout)
    engine = find_pdflatex()
    if engine is None:
        raise PdfError(f"pdflatex not found on PATH; {INSTALL_HINT}")
    pdf_target = source.with_suffix(".pdf")
    log_target = source.with_suffix(".log")
    with tempfile.TemporaryDirectory(prefix="derive-pdf-") as work:
        workdir = Path(work)
        shutil.copyfile(source, workdir / "document.tex")
        env = _environment(source.resolve().parent)
        command = [engine, "-interaction=nonstopmode", "-halt-on-error",
                   "-no-shell-escape", "document.tex"]
        passes, previous = 0, None
        while True:
            passes += 1
            try:
                proc = subprocess.run(command, cwd=workdir, env=env, stdin=subprocess.DEVNULL,
                                      stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                                      timeout=timeout, check=False)
            except subprocess.TimeoutExpired as err:
                raise PdfError(f"pdflatex timed out after {timeout} s on {source}") from err
            log_file = workdir / "document.log"
            log = (log_file.read_bytes() if log_file.exists() else proc.stdout).decode(
                "utf-8", errors="replace")
            if proc.returncode != 0 or not (workdir / "document.pdf").exists():
                write_bytes_atomic(log_target, log.encode("utf-8"))
                raise PdfError(f"pdflatex failed on {source} (log: {log_target}):\n"
                               f"{_first_error(log)}")
            state = _cross_reference_state(workdir)
            # Past the requested passes, go on while a pass moved a label or a
            # contents line (the contents push pages on): latexmk's rule, bounded.
            if passes >= runs and (runs < 2 or passes >= MAX_RUNS or
                                   (state == previous and _RERUN not in log)):
                break
            previous = state
        write_bytes_atomic(pdf_target, (workdir / "document.pdf").read_bytes())
        write_bytes_atomic(log_target, log.encode("utf-8"))
    warnings, overfull, undefined = parse_log(log)
    return PdfResult(pdf_target, log_target, warnings, overfull, undefined, missing_characters(log))

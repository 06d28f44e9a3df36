"""``derive check FILE``: read a file, check it, print per-step lines, write the reports.

Outputs, all written together (:func:`derive.atomic.replace_outputs`) into
``out_dir`` (default: the input file's directory), named after the whole
file name, extension included, so that checking ``x.md`` and ``x.tex`` in one
folder writes ``x.md.check.*`` and ``x.tex.check.*`` instead of one report
over the other:

* ``<name>.check.json`` -- every step: line, source, parsed form, status,
  method, counterexample, detail; keys sorted, no timings, so identical runs
  give identical bytes;
* ``<name>.check.tex`` -- an annotated LaTeX document of the checked
  derivation, each step marked;
* ``<name>.check.pdf`` -- compiled from it when ``pdf=True`` and pdflatex is
  installed (a missing or failing pdflatex is reported, not fatal).

Input refused with a message and exit code 2: a missing or unreadable file,
a directory, an empty file, a file over :data:`MAX_FILE_BYTES` (checked
before reading it), a binary file (a NUL byte, or not UTF-8), a file with no
displayed equation.
"""
from __future__ import annotations

import json
import os
import sys
from pathlib import Path

from ..atomic import replace_outputs
from ..errors import DeriveError, ParseError, PdfError
from ..handcheck.steps import ASSUMED, MAX_TEXT_CHARS, HandCheckReport, check_derivation, guess_kind
from ..latex.checkreport import report_tex

__all__ = ["main_check", "report_json", "report_stem", "MAX_FILE_BYTES"]

MAX_FILE_BYTES = MAX_TEXT_CHARS
_KINDS = {".tex": "tex", ".latex": "tex", ".md": "md", ".markdown": "md"}
_UNREAD = ("syntax", "unbalanced", "ambiguous", "unread")   # diagnostics of rows not read


def main_check(path: str, *, out_dir: str | None = None, timeout: float = 10.0,
               pdf: bool = True, stream=None) -> int:
    """Check the derivation in ``path``; print one line per step.

    Returns:
        0 when every step is proved (givens and definitions aside), 1 when a
        step is refuted, unknown or unreadable (the first one is named, and the
        rows that could not be read are listed), 2 for bad input.
    """
    out = stream or sys.stdout
    try:
        text, kind = _read(path)
        report = check_derivation(text, kind=kind, timeout=timeout)
    except (ParseError, OSError, ValueError, TypeError) as err:
        print(f"derive check: {path}: {_message(err)}", file=out)
        return 2
    for step in report.steps:
        print(_line(step), file=out)
    unread = [s for s in report.steps if s.status == "diagnostic" and s.method in _UNREAD]
    if unread:
        print(f"{len(unread)} of {len(report.steps)} rows could not be read:", file=out)
        for s in unread:
            print(f"  line {s.line}: {s.method}: {s.detail}", file=out)
    first = report.first_failure
    if first is not None:
        print(f"first failing step: line {first.line}", file=out)
    elif not report.ok:
        print("nothing was proved: every equation is a given or a definition", file=out)
    written = _write(path, report, out_dir, pdf, out)
    if written is None:
        return 2
    return 0 if report.ok else 1


def _message(err) -> str:
    if isinstance(err, ParseError) or not isinstance(err, OSError):
        return str(err)
    return f"cannot read the file ({err.strerror or err})"


def _read(path):
    if not isinstance(path, (str, os.PathLike)):
        raise TypeError(f"path must be a str, got {type(path).__name__}")
    p = Path(path)
    if p.is_dir():
        raise ValueError("is a directory, not a file")
    size = p.stat().st_size
    if size > MAX_FILE_BYTES:
        raise ValueError(f"the file has {size} bytes; the limit is {MAX_FILE_BYTES}")
    with p.open("rb") as fh:
        data = fh.read(MAX_FILE_BYTES + 1)
    if len(data) > MAX_FILE_BYTES:
        raise ValueError(f"the file has more than {MAX_FILE_BYTES} bytes")
    if not data.strip():
        raise ValueError("the file is empty")
    if b"\0" in data:
        raise ValueError("a binary file (it contains NUL bytes), not LaTeX or Markdown text")
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as err:
        raise ValueError(f"not UTF-8 text (a binary file?): byte {err.start} is invalid") from None
    return text.replace("\r\n", "\n"), _KINDS.get(p.suffix.lower()) or guess_kind(text)


def _line(step) -> str:
    status = "REFUTED" if step.status == "refuted" else step.status
    text = f"line {step.line}: {status} ({step.method})"
    if step.status == "refuted" and step.counterexample:
        text += " counterexample: " + _pairs(step.counterexample)
    if step.detail and step.status != "proved":
        text += f" -- {step.detail}"
    return text


def _pairs(cex) -> str:
    return ", ".join(f"{k} = {v}" for k, v in sorted(cex.items(), key=lambda kv: str(kv[0])))


def report_json(report: HandCheckReport, *, source: str) -> str:
    """The report as JSON text (sorted keys, no timings)."""
    first = report.first_failure
    counts = {s: sum(step.status == s for step in report.steps)
              for s in ("proved", "refuted", "unknown", "diagnostic", ASSUMED)}
    data = {
        "source": source,
        "kind": report.kind,
        "ok": report.ok,
        "first_failure": first.line if first else None,
        "counts": counts,
        "steps": [{
            "line": s.line, "source": s.source, "role": s.role, "status": s.status,
            "method": s.method, "detail": s.detail,
            "parsed": str(s.parsed) if s.parsed is not None else None,
            "counterexample": ({str(k): str(v) for k, v in s.counterexample.items()}
                               if s.counterexample else None),
        } for s in report.steps],
    }
    return json.dumps(data, indent=2, sort_keys=True, ensure_ascii=False) + "\n"


def report_stem(path) -> str:
    """``x.md`` -> ``x.md.check``: the reports' name, unique per input file in a folder."""
    return Path(path).name + ".check"


def _write(path, report, out_dir, pdf, out):
    p = Path(path)
    target = Path(out_dir) if out_dir is not None else p.resolve().parent
    stem = report_stem(p)
    files = {f"{stem}.json": report_json(report, source=p.name),
             f"{stem}.tex": report_tex(report, source=p.name)}
    try:
        if not target.is_dir():
            raise NotADirectoryError(f"output directory {str(target)!r} does not exist")
        replace_outputs(target, files)
    except (OSError, DeriveError, ValueError) as err:
        print(f"derive check: cannot write the reports: {err}", file=out)
        return None
    print(f"wrote {target / (stem + '.json')} and {target / (stem + '.tex')}", file=out)
    if pdf:
        _pdf(target / f"{stem}.tex", out)
    return target


def _pdf(tex_path, out):
    from ..latex.pdf import compile_pdf, find_pdflatex
    if find_pdflatex() is None:
        print("no PDF: pdflatex is not installed", file=out)
        return
    try:
        result = compile_pdf(tex_path)
        print(f"wrote {result.pdf}", file=out)
    except PdfError as err:
        print(f"no PDF: {str(err).splitlines()[0]}", file=out)

"""The ``derive`` command line.

Exit codes: 0 everything proved and cross-checked; 1 something failed (the
report names it); 2 a usage error.
"""
from __future__ import annotations

import argparse
import os
import sys
import time
from pathlib import Path

__all__ = ["main"]

_PDF_HINT = ("pdflatex was not found, so no PDF was made; the LaTeX is in {tex}. "
             "Install it (Debian/Ubuntu: apt-get install texlive-latex-base "
             "texlive-latex-recommended) and run again, or compile that file yourself.")


def _parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(
        prog="derive",
        description="Derive softmax from its Lagrangians, check every step symbolically, "
                    "and write verified LaTeX documents.")
    sub = p.add_subparsers(dest="command", metavar="COMMAND")
    run = sub.add_parser("run", help="check every derivation and identity; write output/")
    run.add_argument("-k", dest="names", action="append", default=[], metavar="NAME",
                     help="only the derivations/identities whose name contains NAME (repeatable); "
                          "a partial run writes no files")
    run.add_argument("-j", dest="jobs", type=int, default=os.cpu_count() or 1, metavar="N",
                     help="check in N processes (default: the number of cores, here %(default)s)")
    run.add_argument("-o", "--output", type=Path, default=Path("output"), help="output folder")
    pdf = run.add_mutually_exclusive_group()
    pdf.add_argument("--pdf", dest="pdf", action="store_const", const="required",
                     help="make a missing or failing pdflatex an error")
    pdf.add_argument("--no-pdf", dest="pdf", action="store_const", const="off",
                     help="do not compile the PDF")
    run.add_argument("--no-numeric", dest="numeric", action="store_false",
                     help="skip the numerical cross-checks")
    run.add_argument("--no-audit", dest="audit", action="store_false",
                     help="skip the audit of the source documents (no errata section, no audit.json)")
    _cache_options(run)
    run.set_defaults(pdf="auto")
    sub.add_parser("list", help="list the derivations and identities")
    chk = sub.add_parser("check", help="check a derivation written by hand (.tex or .md)")
    chk.add_argument("file", help="the file to check")
    chk.add_argument("--timeout", type=float, default=10.0,
                     help="seconds for each call to the checker (default 10)")
    chk.add_argument("-o", "--output", type=Path, default=Path("."),
                     help="folder for the annotated .tex/.pdf and the JSON report (default: .)")
    _cache_options(chk)
    cache = sub.add_parser("cache", help="the persistent verdict cache: where it is, clear it")
    cache.add_argument("action", choices=("clear", "info"),
                       help="clear: delete every cached verdict; info: folder, entries, engine")
    cache.add_argument("--cache-dir", type=Path, default=None, metavar="DIR",
                       help="the cache folder (default: $DERIVE_CACHE_DIR, else the user cache folder)")
    bench = sub.add_parser("bench", help="benchmark the engine against naive simplify and SciPy; "
                                         "write bench.json, bench.md, bench.png")
    bench.add_argument("--quick", action="store_true",
                       help="small sizes and one repetition (about half a minute); figures not judged")
    bench.add_argument("-o", "--output", type=Path, default=Path("output"),
                       help="output folder (default: output)")
    aud = sub.add_parser("audit", help="check every claim of the source documents' "
                                       "transcriptions; write audit.json")
    aud.add_argument("--timeout", type=float, default=10.0,
                     help="seconds for each call to the checker (default 10)")
    aud.add_argument("-o", "--output", type=Path, default=Path("output"),
                     help="output folder (default: output)")
    return p


def _cache_options(sub) -> None:
    sub.add_argument("--no-cache", dest="cache", action="store_false",
                     help="check every claim again: neither read nor write the verdict cache")
    sub.add_argument("--cache-dir", type=Path, default=None, metavar="DIR",
                     help="the verdict cache folder (default: $DERIVE_CACHE_DIR, else the "
                          "platform's user cache folder, e.g. ~/.cache/derive)")


def _verdict_cache(args):
    """The cache the command asked for (None with --no-cache or DERIVE_NO_CACHE=1).

    The methods of cached verdicts are not tagged, so that the written reports are the
    same bytes whether or not the cache served them; the hits are printed instead.
    """
    from .kernel.cache import VerdictCache, default_cache_dir
    if not args.cache or os.environ.get("DERIVE_NO_CACHE", "") not in ("", "0"):
        return None
    return VerdictCache(args.cache_dir or default_cache_dir(), tag_method=False)


def _cache_line(hits, misses, cache, units=None) -> str:
    if cache is None:
        return "Verdict cache: off"
    text = f"Verdict cache ({cache.directory}): {hits} of {hits + misses} verdicts"
    return text + (f", {units[0]} of {units[1]} units of work from the cache" if units else "")


def _cache(args) -> int:
    from .kernel.cache import VerdictCache, default_cache_dir
    from .pipeline.unitcache import UnitCache
    cache = VerdictCache(args.cache_dir or default_cache_dir())
    if args.action == "clear":
        count, units = cache.clear(), UnitCache(cache).clear()
        print(f"derive cache: removed {count} verdicts and {units} units of work "
              f"from {cache.directory}")
    else:
        print(f"folder:  {cache.directory}\nentries: {len(cache)}\nengine:  {cache.fingerprint}")
    return 0


def _list() -> int:
    from proofs import DERIVATIONS
    from .catalogue import CATALOGUE
    print("Derivations:")
    for name, d in DERIVATIONS.items():
        print(f"  {name:<50} {len(d.steps):3d} steps  {d.title}")
    print("Identities:")
    for name, e in CATALOGUE.items():
        print(f"  {name:<50} {e.statement}")
    return 0


def _output_problem(folder: Path) -> str:
    """Why the output folder cannot be used, checked before any work ('' if it can)."""
    if folder.exists() and not folder.is_dir():
        return "exists and is not a folder"
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        return f"cannot be created ({exc.strerror or exc})"
    if not os.access(folder, os.W_OK):
        return "is not writable"
    return ""


def _summary_table(outcome) -> str:
    """A plain-text table: one row per derivation, identity totals, audit totals."""
    rows = [("derivation", "steps proved", "fixed n", "largest numeric error", "verdict")]
    for r in outcome.derivations:
        proved = sum(s.verdict.proved for s in r.steps)
        fixed = sum(len(s.instances) for s in r.steps)
        worst = max((c.max_error for c in r.numeric), default=None)
        rows.append((r.name, f"{proved}/{len(r.derivation.steps)}", f"{fixed} checks",
                     "-" if worst is None else f"{worst:.1e}", "ok" if r.ok else "FAILED"))
    lines = []
    widths = [max(len(row[i]) for row in rows) for i in range(len(rows[0]))]
    for row in rows:
        lines.append(("  " + "  ".join(cell.ljust(w) for cell, w in zip(row, widths))).rstrip())
    if outcome.identities:
        counts: dict = {}
        for o in outcome.identities:
            counts[o.general.status] = counts.get(o.general.status, 0) + 1
        lines.append("  identities: " + ", ".join(f"{v} {k}" for k, v in sorted(counts.items()))
                     + f"; {sum(o.ok for o in outcome.identities)}/{len(outcome.identities)} as expected")
    if outcome.audit is not None:
        for d in outcome.audit.documents:
            c = d.counts()
            lines.append(f"  audit {d.key}: " + ", ".join(f"{v} {k}" for k, v in c.items()))
    return "\n".join(lines)


def _run(args) -> int:
    from .errors import PdfError
    from .latex.pdf import compile_pdf, find_pdflatex
    from .pipeline import run_all, select
    if args.jobs < 1:
        print("derive run: -j must be at least 1", file=sys.stderr)
        return 2
    problem = _output_problem(args.output)
    if problem:
        print(f"derive run: -o {args.output}: {problem}", file=sys.stderr)
        return 2
    start = time.perf_counter()
    try:
        select(tuple(args.names))      # a bad -k is a usage error before any work
    except ValueError as exc:
        print(f"derive run: {exc}", file=sys.stderr)
        return 2
    print("Checking derivations and identities:")
    try:
        cache = _verdict_cache(args)
        outcome, files = run_all(names=tuple(args.names), jobs=args.jobs, output=args.output,
                                 numeric=args.numeric, audit=args.audit, cache=cache)
    except ValueError as exc:
        print(f"derive run: {exc}", file=sys.stderr)
        return 2
    ders, ids = outcome.derivations, outcome.identities
    audited = ""
    if outcome.audit is not None:
        claims = [v for d in outcome.audit.documents for v in d.claims]
        audited = f"{sum(v.supported for v in claims)}/{len(claims)} audit verdicts confirmed, "
    print(f"\nSummary: {sum(r.ok for r in ders)}/{len(ders)} derivations, "
          f"{sum(o.ok for o in ids)}/{len(ids)} identities as expected, {audited}"
          f"{sum(len(r.steps) for r in ders)} steps, {time.perf_counter() - start:.2f} s")
    print(_summary_table(outcome))
    units = (outcome.cached_units, outcome.units)
    print(_cache_line(outcome.cache_hits, outcome.cache_misses, cache, units))
    for failure in outcome.failures():
        print(f"  FAILED: {failure}")
    if files:
        print(f"Wrote {len(files)} files to {args.output}/ (report: {args.output}/report.json)")
    code = 0 if outcome.ok else 1
    if files and args.pdf != "off":
        tex = args.output / "derivations.tex"
        if find_pdflatex() is None:
            print(_PDF_HINT.format(tex=tex), file=sys.stderr if args.pdf == "required" else sys.stdout)
            return 1 if args.pdf == "required" else code
        try:
            result = compile_pdf(tex)
        except PdfError as exc:
            print(f"derive run: the PDF failed: {exc}", file=sys.stderr)
            return 1
        print(f"Wrote {result.pdf}")
    return code


def _check(args) -> int:
    from .pipeline.checkfile import main_check
    problem = _output_problem(args.output)
    if problem:
        print(f"derive check: -o {args.output}: {problem}", file=sys.stderr)
        return 2
    from .kernel.cache import use_cache
    cache = _verdict_cache(args)
    with use_cache(cache):
        code = main_check(args.file, out_dir=str(args.output), timeout=args.timeout)
    if cache is not None and code != 2:
        print(_cache_line(cache.hits, cache.misses, cache))
    return code


def _audit(args) -> int:
    from .audit.classify import main_audit
    return main_audit(output=args.output, timeout=args.timeout)


def _bench(args) -> int:
    """Exit 0 when every judged target is met, 1 when one is missed (bench.md names it)."""
    from .bench import output_folder, run_bench
    try:
        folder = output_folder(args.output)
    except (TypeError, ValueError) as exc:
        print(f"derive bench: {exc}", file=sys.stderr)
        return 2
    report, files = run_bench(quick=args.quick, output=folder)
    print("\nTargets:")
    for t in report.targets:
        print(f"  {t.verdict:<11} {t.key:<28} {t.shown():>12}  (target {t.goal})")
    print(f"Wrote {', '.join(str(f) for f in files)}")
    return 1 if any(t.met is False for t in report.targets) else 0


_COMMANDS = {"run": _run, "list": lambda args: _list(), "check": _check, "bench": _bench,
             "audit": _audit, "cache": _cache}


def main(argv=None) -> int:
    parser = _parser()
    try:
        args = parser.parse_args(argv)
    except SystemExit as exc:     # argparse exits 2 on usage errors, 0 on --help
        return int(exc.code or 0)
    if args.command is None:
        parser.print_help()
        return 2
    try:
        return _COMMANDS[args.command](args)
    except KeyboardInterrupt:
        print("derive: interrupted; files already in place were left whole", file=sys.stderr)
        return 1
    except BrokenPipeError:       # `derive list | head`: the reader left; stop quietly
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return 0


if __name__ == "__main__":
    sys.exit(main())

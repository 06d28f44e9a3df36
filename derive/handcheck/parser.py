"""Read one displayed formula (one row) of LaTeX into SymPy.

The grammar is ``latex.lark`` (LALR(1), lexed by lark terminals); names are
resolved by the rules of :mod:`derive.handcheck.notation`.  Nothing is ever
evaluated: the text only selects grammar rules.

Two entry points:

* :func:`parse_row` is lenient about well-formedness: it returns every
  relation of the row together with its :class:`Diagnostic` list (undefined
  symbols, index clashes, derivative variables).  ``derive check`` uses it.
* :func:`parse_math` is strict: it raises :class:`~derive.errors.ParseError`
  on the first diagnostic and returns one SymPy object.

Both raise ``ParseError`` (with the line) on syntax errors and unbalanced
brackets, ``TypeError``/``ValueError`` on bad arguments.

What is read (names: :mod:`derive.handcheck.notation`):

* sums ``\\sum``/``\\Sigma``/``Σ``/``∑`` with limits (``_{i=1}^{n}``,
  ``_{k=0}^{K}``, ``_{i \\neq k}``, ``_{k=0, k \\neq j}``) or without (range
  ``1..n``; a bare ``Σ`` sums over the one free index of its summand);
  ``\\prod`` likewise.  A big operator takes the rest of its product chain:
  ``\\sum_i a_i b_i + c`` is ``(\\sum_i a_i b_i) + c``;
* products by juxtaposition, ``*``, ``\\cdot``, ``\\times`` and ``/``, all at
  one left-associative level (``a / b c`` is ``(a/b) c``); powers, unary
  signs, ``( )``, ``[ ]``, ``\\left( \\right)``, braces; ``\\frac``, ``\\sqrt``;
* ``e^{...}``, ``\\exp``, ``exp``; ``\\log``, ``\\ln``, ``log``, ``ln`` (natural);
  without parentheses a function takes the next factor with its scripts
  (``\\log p_i^2`` is ``\\log(p_i^2)``) or a following big operator
  (``\\log \\sum_i e^{z_i}``); ``\\max(a, b)``, ``\\min``;
* ``\\text{softmax}(\\mathbf{z})_k`` (also ``\\operatorname``, ``softmax``) as
  ``e^{z_k} / \\sum_i e^{z_i}`` over ``1..n``; ``\\langle w, x \\rangle`` as
  ``\\sum_i w_i x_i`` (``\\mathbf{1}`` is the all-ones vector there);
* partial derivatives ``\\frac{\\partial f}{\\partial z_j}``,
  ``\\frac{\\partial}{\\partial z_j} (...)`` (an operator on the rest of the
  chain), ``∂L/∂p_i``, ``\\partial_{z_j} f``, higher orders
  ``\\frac{\\partial^2 f}{\\partial p_i \\partial p_j}``; unevaluated ``Derivative``;
* a name right before parentheses that is neither known nor declared is a
  function application ``H(p)``; a defined function (``H(p) = ...``) is
  replaced by its definition;
* limits ``\\lim_{\\lambda_2 \\to -\\infty} f`` (``\\to``, ``\\rightarrow``, ``→``):
  one-sided at an infinite point, two-sided at a finite one; unevaluated ``Limit``;
* relations ``=``, ``\\neq``, ``<``, ``\\le``, ``>``, ``\\ge`` (and Unicode),
  chains ``a = b = c``, ``=>``/``\\Rightarrow`` between relations or leading a
  row, a leading relation (``&= ...``, an align continuation), a trailing
  ``.``/``,`` and trailing prose ``\\text{ for all } k``.

Out of scope (a clear ``ParseError``): ``cases`` and other environments inside a
formula, ``\\underset{...}{\\operatorname{argmin}}`` problems, and a bar ``|`` that is
neither an absolute value nor the bar of a conditional probability ``p(y = k \\mid x)``
(:mod:`derive.handcheck.probability`).

Example:
    >>> from derive.handcheck import parse_math
    >>> parse_math(r"\\sum_{i=1}^{n} p_i = 1")
    Eq(Sum(p[i], (i, 1, n)), 1)
"""
from __future__ import annotations

import re

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from functools import lru_cache, partial
from importlib.resources import files

from lark import Lark
from lark.exceptions import UnexpectedInput
from sympy import Basic, Indexed, SympifyError, Tuple

from ..errors import ParseError
from .build import RELATIONS, Builder, BuiltChain, BuiltRow
from .expand import defined_name, expand_definitions
from .tex import normalize
from .syntax import syntax_error as _syntax
from .diagnostics import (Diagnostic, check_balance, derivative_variables, index_clashes,
                          quoted, undefined_symbols)

RELATION_IN_PROSE = re.compile(r"=|<|>|\\(neq|leq|geq|le|ge)(?![a-zA-Z])")
# prose after the relations that changes what they state: "x = 1 \text{ otherwise}"
QUALIFIER = re.compile(r"\b(or|unless|otherwise|else|except|not|wrong|false|never|only)\b", re.I)
from .indexing import (family_range, free_indices, placeholder, rename_placeholders,
                       vector_length)
from .vectors import NeedsComponents, NeedsMatrix
from .names import Definition

__all__ = ["ParsedRow", "parse_row", "parse_math", "MAX_FORMULA_CHARS"]

MAX_FORMULA_CHARS = 20_000

@dataclass(frozen=True)
class ParsedRow:
    """One row, read.

    Attributes:
        text: the source text of the row.
        line: its first line in the file.
        chains: the relation chains (``a = b = c``), ``=>``-separated.
        implied: the row starts with ``=>`` / ``\\Rightarrow``.
        prose: trailing prose (``\\text{ for all } k``), verbatim.
        diagnostics: well-formedness problems, in order of line.
        unknown: names used without definition.
        objectives: ``(expression, variables)`` for each chain that starts with the
            derivative of a defined name (``\\partial L/\\partial p_i``).
        calls: ``(name, arguments, indices)`` of each undefined function applied.
        sums: ``(family, slot, lower, upper)`` for each family index summed with explicit limits.
        uses: the defined names the row uses.
        raw: the chains with defined names left as names (what a definition stores).
        opaque: numbers read without their meaning (``\\max_i z_i``): the row cannot
            be refuted.
    """

    text: str
    line: int
    chains: tuple
    implied: bool = False
    prose: str = ""
    diagnostics: tuple = ()
    unknown: tuple = ()
    objectives: tuple = ()
    calls: tuple = ()
    sums: tuple = ()
    opaque: tuple = ()
    uses: tuple = ()
    raw: tuple = ()

    def as_sympy(self) -> Basic:
        """The row as one SymPy object (see :func:`parse_math`)."""
        if any(c.continuation for c in self.chains):
            raise ParseError("the row starts with a relation: it continues an earlier row",
                             self.line)
        rels = [rel for c in self.chains for rel in relations(c)]
        if not rels:
            return self.chains[0].exprs[0]
        return rels[0] if len(rels) == 1 else Tuple(*rels)


def relations(chain: BuiltChain) -> list:
    """The unevaluated relations of a chain (``a = b = c`` -> two ``Eq``)."""
    return [RELATIONS[op](a, b, evaluate=False)
            for a, op, b in zip(chain.exprs, chain.ops, chain.exprs[1:])]


@lru_cache(maxsize=1)
def _lark() -> Lark:
    grammar = files(__package__).joinpath("latex.lark").read_text(encoding="utf-8")
    return Lark(grammar, parser="lalr", lexer="basic", propagate_positions=True,
                maybe_placeholders=False)


def parse_row(text: str, *, line: int = 1, context: Mapping | None = None,
              declared: Iterable[str] = (), dims: Iterable[str] = (),
              ranges: Mapping | None = None, family_ranges: Mapping | None = None,
              dimension=None, bare_indices: bool = False, matrices=(),
              transposable=()) -> ParsedRow:
    """Read one row and collect its diagnostics.

    Args:
        text: the LaTeX of one row (no ``$`` delimiters, no ``\\\\``).
        line: the file line of the text's first line (for messages).
        context: definitions made earlier, ``{name: Definition or SymPy expr}``.
        declared: names introduced by ``given`` lines.
        dims: further letters that are counts (positive integers), e.g. ``C``.
        ranges: ``{letter: (lower, upper)}``, the range of a free index letter.
        family_ranges: ``{family or (family, slot): (lower, upper)}``, the range a vector
            function (softmax, LSE, an inner product) sums a family over.
        dimension: the upper limit of a sum written without one (default ``n``).
        matrices: families the document writes with two indices (``w_{ji}``): there
            ``w_{21}`` is the entry (2, 1), not the entry 21.
        transposable: names the document writes with one index, in a document where T is
            no symbol: there ``h^T`` is h transposed, not h to the power T.
        bare_indices: read ``i, j, k, l, m`` written alone as indices even when the
            row uses them in no subscript (a condition ``i = j``); otherwise such
            a letter is a variable (``x_i - m`` shifts by a number m).

    Raises:
        ParseError: a syntax error or unbalanced brackets (with the line).
    """
    text, line, context, declared = _check_args(text, line, context, declared)
    if not text.strip():
        raise ParseError("empty formula", line)
    if len(text) > MAX_FORMULA_CHARS:
        raise ParseError(f"formula longer than {MAX_FORMULA_CHARS} characters", line)
    norm = normalize(text)          # read as TeX renders it (idempotent)
    text = norm.text
    parser = _lark()
    tokens = _tokens(parser, text, line)
    problem = check_balance(tokens, line)
    if problem is not None:
        raise problem.error()
    tree = _tree(parser, text, line)
    _build = partial(_build_row, matrices=frozenset(matrices),
                     transposable=frozenset(transposable))
    builder, row = _build(tree, line, context, declared, dims, ranges, family_ranges,
                          dimension)
    plain = builder.bare_letters - builder.sub_letters - set(context)
    if plain and not bare_indices:
        builder, row = _build(tree, line, context, declared, dims, ranges, family_ranges,
                              dimension, frozenset(plain))
    if family_ranges:
        # A free index takes the range of the family it indexes (z_j with z over 1..K).
        letters = _letter_ranges(row, family_ranges, ranges or {})
        if letters:
            builder, row = _build(tree, line, context, declared, dims,
                                  {**(ranges or {}), **letters}, family_ranges, dimension,
                                  builder.plain_letters)
    if builder.unranged and family_ranges is not None:
        # (in a document; the pre-pass that collects the families' ranges reads it alone)
        raise ParseError(*builder.unranged[0])
    defs = builder.context
    expand = (lambda e: expand_definitions(e, defs, line=line)) if defs else (lambda e: e)
    # A chain that starts with the derivative of a defined objective (a stationarity form).
    starts = [c.exprs[0].variables if c.exprs and c.exprs[0] in builder.objectives else None
              for c in row.chains]
    raw = tuple(BuiltChain(rename_placeholders(c.exprs), c.ops, c.continuation)
                for c in row.chains) if defs else None
    row = BuiltRow(tuple(BuiltChain(tuple(expand(e) if isinstance(e, Basic) else e
                                          for e in c.exprs), c.ops, c.continuation)
                         for c in row.chains), row.implied, row.prose)
    records = [(expand_definitions(op, defs, line=line, held={
        defined_name(v, defs) for v in variables} - {None}) if defs else op, variables, at)
        for op, variables, at in builder.derivatives]
    chains = tuple(BuiltChain(rename_placeholders(c.exprs), c.ops, c.continuation)
                   for c in row.chains)
    objectives = tuple((c.exprs[0], start) for c, start in zip(chains, starts)
                       if start is not None)
    _require_scalars(chains, line)
    found = [Diagnostic("ambiguous", message, line) for message in norm.ambiguities]
    found += [Diagnostic("ambiguous", message, at) for message, at in builder.ambiguities]
    for c in chains:
        found += index_clashes(c.exprs, line)
    found += derivative_variables(records, builder.unknown)
    found += undefined_symbols(builder.unknown)
    if row.prose and RELATION_IN_PROSE.search(row.prose.split("}", 1)[-1]):
        found.append(Diagnostic("unread", "math after the prose "
                                f"{quoted(row.prose.strip()[:60])} is not read", line))
    elif row.prose and QUALIFIER.search(row.prose):
        found.append(Diagnostic("unread", f"the prose {quoted(row.prose.strip()[:60])} changes "
                                "what the row states, and is not read", line))
    found.sort(key=lambda d: d.line)
    calls = tuple((key, args, idx) for key, (args, idx) in builder.calls.items())
    return ParsedRow(text, line, chains, row.implied, row.prose, tuple(dict.fromkeys(found)),
                     tuple(builder.unknown), objectives, calls, tuple(builder.sums),
                     tuple(dict.fromkeys(builder.opaques)), tuple(sorted(builder.uses)),
                     raw or chains)


def _build_row(tree, line, context, declared, dims, ranges, family_ranges, dimension=None,
               plain=frozenset(), matrices=frozenset(), transposable=frozenset()):
    """Build the row; a row holding a whole vector is built again, componentwise."""
    mode = 0           # 0: as written, 1: componentwise (a vector), 2: by entries (a matrix)
    while True:
        builder = Builder(line=line, context=context, declared=declared, dims=tuple(dims),
                          ranges=ranges, family_ranges=family_ranges, dimension=dimension)
        builder.plain_letters, builder.matrices = plain, matrices
        builder.transposable = transposable
        if mode:
            found = set((family_ranges or {}).values())
            # (a partial sum's limits, 1..n-1, are not the vector's entries: vector_length)
            lower, upper = (vector_length(next(iter(found)), builder.dimension) or next(iter(
                found))) if len(found) == 1 else (1, builder.dimension)
            builder.vector_index = builder.row_index = placeholder(lower, upper)
            if mode == 2:
                builder.col_index = placeholder(lower, upper)
        try:
            return builder, builder.row(tree.children[0])
        except NeedsMatrix as err:
            if mode == 2:
                raise ParseError(str(err), line) from None
            mode = 2
        except NeedsComponents as err:
            if mode:
                raise ParseError(str(err) or "a vector here needs a component subscript",
                                 line) from None
            mode = 1
        except RecursionError:
            raise ParseError("formula nested too deeply", line) from None
        except SympifyError as err:
            # a transposed vector (\mathbf s^\top) where no vector follows it, inside a
            # function or alone: nothing it could be multiplied with
            what = "a transposed vector" if "Transposed" in str(err) else "a part of the formula"
            raise ParseError(f"{what} cannot stand here (\\log \\mathbf s^\\top?): write "
                             "the entries, e.g. \\sum_i y_i \\log s_i", line) from None


def _letter_ranges(row, family_ranges, given) -> dict:
    """``{letter: range}`` for free index letters whose families agree on a document range."""
    found: dict = {}
    for chain in row.chains:
        for e in chain.exprs:
            if not isinstance(e, Basic):
                continue
            free = free_indices(e)
            for a in e.atoms(Indexed):
                for slot, ix in enumerate(a.indices):
                    if ix in free and ix.name not in given:
                        found.setdefault(ix.name, set()).add(
                            family_range(family_ranges, str(a.base.label), slot))
    out = {}
    for name, ranges in found.items():
        known = ranges - {None}
        if len(known) == 1:
            out[name] = next(iter(known))
    return out


def parse_math(text: str, *, line: int = 1, context: Mapping | None = None,
               declared: Iterable[str] = ()) -> Basic:
    """Read one formula into SymPy, strictly.

    Returns an expression, an unevaluated relation (``Eq``, ``Ne``, ``Lt``,
    ``Le``, ``Gt``, ``Ge``), or for a chain ``a = b = c`` (or several
    ``\\Rightarrow``-separated relations) a ``Tuple`` of relations in order.

    Raises:
        ParseError: syntax, unbalanced brackets, or any diagnostic of
            :func:`parse_row` (the first one), with its line.
    """
    row = parse_row(text, line=line, context=context, declared=declared)
    if row.diagnostics:
        raise row.diagnostics[0].error()
    return row.as_sympy()


def _check_args(text, line, context, declared):
    if not isinstance(text, str):
        raise TypeError(f"text must be a str, got {type(text).__name__}")
    if isinstance(line, bool) or not isinstance(line, int):
        raise TypeError(f"line must be an int, got {type(line).__name__}")
    if line < 1:
        raise ValueError(f"line must be >= 1, got {line}")
    if context is not None and not isinstance(context, Mapping):
        raise TypeError(f"context must be a mapping of names to definitions, "
                        f"got {type(context).__name__}")
    defs = {}
    for key, value in (context or {}).items():
        if not isinstance(key, str):
            raise TypeError(f"context keys must be str, got {key!r}")
        if isinstance(value, Basic):
            value = Definition(key, value)
        elif not isinstance(value, Definition):
            raise TypeError(f"context[{key!r}] must be a SymPy expression or a Definition, "
                            f"got {type(value).__name__}")
        defs[key] = value
    if isinstance(declared, str) or not isinstance(declared, Iterable):
        raise TypeError("declared must be an iterable of names (str)")
    names = frozenset(declared)
    if not all(isinstance(d, str) for d in names):
        raise TypeError("declared must contain only str names")
    return text, line, defs, names


def _tokens(parser, text, line):
    try:
        return list(parser.lex(text))
    except UnexpectedInput as err:
        raise _syntax(err, text, line) from None


def _tree(parser, text, line):
    try:
        return parser.parse(text)
    except UnexpectedInput as err:
        raise _syntax(err, text, line) from None


def _require_scalars(chains, line):
    for c in chains:
        for e in c.exprs:
            if not isinstance(e, Basic):
                raise ParseError("a parenthesised list (a, b) is not a number", line)

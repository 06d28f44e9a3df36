"""Well-formedness diagnostics: reported with their line, never a traceback.

Four kinds beyond plain syntax errors:

``unbalanced``
    A ``(``, ``[``, ``{`` or ``\\langle`` without its partner (or closed by
    the wrong one).  Checked on the token stream before parsing, so the
    message names the bracket instead of the parser's guess.
``index-clash``
    A summation index that also occurs free in the same equation (``p_k =
    e^{z_k} / \\sum_k e^{z_k}``), or two nested sums over the same index.
``derivative-variable``
    A derivative with respect to a variable that does not occur in what is
    differentiated (``\\frac{\\partial}{\\partial z_j} p_i`` with ``p``
    undefined in terms of ``z``).
``undefined-symbol``
    A name that is not in the notation table (:mod:`derive.handcheck.notation`),
    not an index, and not introduced by a definition or a ``given`` line
    (reported by :func:`~derive.handcheck.parser.parse_math`; ``derive check``
    reads such a name as a real variable).
``ambiguous``
    Text with two plausible readings (``x^23``, ``a/bc``, ``\\mu(x)``).
``unread``
    Math after prose that the reader does not interpret.
``contradictory-hypotheses``
    Hypotheses in scope that contradict each other (``derive check`` only).
``missing-hypothesis``
    A step that holds only under a hypothesis the derivation does not state,
    such as ``\\sum_k y_k = 1`` (``derive check`` only).
"""
from __future__ import annotations

from dataclasses import dataclass

from sympy import Indexed
from sympy.core.function import AppliedUndef

from ..errors import ParseError
from .indexing import bound_indices, free_indices

__all__ = ["Diagnostic", "KINDS", "check_balance", "index_clashes",
           "derivative_variables", "undefined_symbols", "quoted"]

def quoted(text: str) -> str:
    """``text`` from the user's file in quotes, its characters as typed.

    ``repr`` would double every backslash (``'\\\\frac'`` for ``\\frac``), so a
    message would quote TeX the user never wrote; a line break becomes a space.
    """
    text = " ".join(str(text).split("\n"))
    return ("'%s'" if "'" not in text else '"%s"') % text


KINDS = ("syntax", "unbalanced", "index-clash", "derivative-variable", "undefined-symbol",
         "ambiguous", "unread", "contradictory-hypotheses", "missing-hypothesis")

_OPEN = {"LPAR": "RPAR", "LBRACK": "RBRACK", "LBRACE": "RBRACE", "LANGLE": "RANGLE",
         "DFRAC": "RBRACE", "LVERT": "RVERT", "LNORM": "RNORM"}
_CLOSE = {"RPAR": "LPAR", "RBRACK": "LBRACK", "RBRACE": "LBRACE", "RANGLE": "LANGLE",
          "RVERT": "LVERT", "RNORM": "LNORM"}
_MAX_DEPTH = 100


@dataclass(frozen=True)
class Diagnostic:
    """One problem found in a formula.

    Attributes:
        kind: one of :data:`KINDS`.
        message: one sentence for the user.
        line: 1-based line in the source file.
    """

    kind: str
    message: str
    line: int

    def __post_init__(self):
        if self.kind not in KINDS:
            raise ValueError(f"kind must be one of {KINDS}, got {self.kind!r}")

    def error(self) -> ParseError:
        """This diagnostic as an exception; ``err.diagnostic`` is the diagnostic."""
        err = ParseError(f"{self.message} [{self.kind}]", self.line)
        err.diagnostic = self
        return err

    def __str__(self) -> str:
        return f"line {self.line}: {self.message} [{self.kind}]"


def check_balance(tokens, line: int) -> Diagnostic | None:
    """The first bracket problem in a token stream (lark tokens), else None.

    Args:
        tokens: the row's tokens, with 1-based ``.line`` relative to the row.
        line: the file line of the row's first line.
    """
    stack = []
    for tok in tokens:
        if tok.type in _OPEN:
            stack.append(tok)
            if len(stack) > _MAX_DEPTH:
                return Diagnostic("unbalanced", f"brackets nested more than {_MAX_DEPTH} deep",
                                  _at(tok, line))
        elif tok.type in _CLOSE:
            if not stack:
                return Diagnostic("unbalanced", f"'{tok}' closes nothing", _at(tok, line))
            opener = stack.pop()
            if _OPEN[opener.type] != tok.type:
                return Diagnostic(
                    "unbalanced",
                    f"'{opener}' opened on line {_at(opener, line)} is closed by '{tok}'",
                    _at(tok, line))
    if stack:
        opener = stack[-1]
        return Diagnostic("unbalanced", f"'{opener}' is never closed", _at(opener, line))
    return None


def _at(tok, line: int) -> int:
    return line + (tok.line or 1) - 1


def index_clashes(exprs, line: int) -> list:
    """Summation indices that are also free in ``exprs`` (one equation), or nested twice."""
    free = set()
    for e in exprs:
        free |= {ix.name for ix in free_indices(e)}
    found, seen = [], set()
    for e in exprs:
        for var, enclosing in bound_indices(e):
            if var.name in seen:
                continue
            if var.name in free:
                message = (f"summation index {var.name} also occurs free in this equation; "
                           f"rename the summation index")
            elif var.name in enclosing:
                message = f"nested sums both use the index {var.name}"
            else:
                continue
            seen.add(var.name)
            found.append(Diagnostic("index-clash", message, line))
    return found


def derivative_variables(records, unknown, covered=lambda operand, var: False) -> list:
    """Derivatives whose variable does not occur in the differentiated expression.

    Args:
        records: ``(operand, variables, line)`` from the builder.
        unknown: names used undefined; an operand holding one is reported as
            undefined instead.
        covered: whether a derivative is read otherwise (names no row defines as
            arbitrary functions of the variable: :mod:`derive.handcheck.arbitrary`).
    """
    found = []
    for operand, variables, line in records:
        undefined = _mentions_unknown(operand, unknown)
        for var in variables:
            if not _occurs(var, operand) and not covered(operand, var):
                message = (f"derivative with respect to {var} of an expression with a name "
                           f"that is not defined ({', '.join(sorted(undefined))}): its "
                           "dependence on the variable is not known" if undefined else
                           f"derivative with respect to {var}, which does not occur in the "
                           "expression differentiated")
                found.append(Diagnostic("derivative-variable", message, line))
    return found


def _occurs(var, operand) -> bool:
    if isinstance(var, Indexed):
        return any(a.base == var.base for a in operand.atoms(Indexed))
    return operand.has(var)


def _mentions_unknown(expr, unknown) -> set:
    names = {str(s) for s in expr.free_symbols}
    names |= {str(a.base) for a in expr.atoms(Indexed)}
    names |= {type(f).__name__ for f in expr.atoms(AppliedUndef)}
    return names & set(unknown)


def undefined_symbols(unknown: dict) -> list:
    """Diagnostics for names used without a definition (``{key: (kind, line)}``)."""
    hint = "define it first (X = ...) or introduce it in a given line"
    return [Diagnostic("undefined-symbol", f"undefined {kind} {key}: {hint}", line)
            for key, (kind, line) in unknown.items()]

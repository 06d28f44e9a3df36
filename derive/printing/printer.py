"""LaTeX for SymPy expressions, in the source documents' notation.

SymPy's own ``latex()`` prints ``Idx`` objects with their ranges
(``{z}_{{k}_{1..n}}``), sorts every sum into canonical order and writes
``\\log{\\left(p_{k} \\right)}``.  The derivation documents write ``z_{k}``,
``W_{ik}``, ``\\delta_{kj}``, ``\\log p_{k}`` and keep terms in the order the
author chose.  :class:`DocPrinter` prints that way:

* ``Indexed`` and ``Idx`` as plain subscripts (``W[i, k]`` -> ``W_{ik}``);
* ``KroneckerDelta`` as ``\\delta_{kj}`` in its stored argument order;
* ``Sum`` as ``\\sum_{i=1}^{n}``, nested sums outermost first; an inner sum
  whose index shadows an outer one's is renamed apart first
  (``\\sum_{i=1}^{n} \\sum_{j=1}^{n} z_{j}``, not ``\\sum_{i} \\sum_{i} z_{i}``);
* ``exp(a)`` as ``e^{a}`` when ``a`` is short, ``\\exp\\left(a\\right)`` when not;
* ``log`` as ``\\log p_{k}`` (parentheses only for compound arguments);
* ``Derivative`` as ``\\frac{\\partial p_{k}}{\\partial z_{j}}``;
* an ``Add`` or ``Mul`` built with ``evaluate=False`` (or holding
  ``UnevaluatedExpr``) keeps its argument order; an evaluated one is printed
  in SymPy's ``lex`` order, led by a positive term (``z_{k} - z_{j}``).
  An unevaluated node is recognised by its arguments not being in canonical
  order, so one whose chosen order happens to be canonical is printed like
  an evaluated one; wrap a term in ``UnevaluatedExpr`` to pin it.

Example:
    >>> from sympy import Add, log, Mul, S
    >>> from derive.symbols import p, z, k, lambda1, lambda2
    >>> to_latex(Add(-log(p[k]), S.NegativeOne, -lambda1,
    ...              Mul(-1, lambda2, z[k], evaluate=False), evaluate=False))
    '- \\\\log p_{k} - 1 - \\\\lambda_{1} - \\\\lambda_{2} z_{k}'
"""
from __future__ import annotations

import re
from contextlib import contextmanager
from typing import Any

from sympy import (S, Add, Basic, Derivative, Idx, Indexed, Mul, Pow, Product, Sum, Symbol,
                   SympifyError, UnevaluatedExpr, exp, fraction, log, sympify)
from sympy.core.function import AppliedUndef, FunctionClass
from sympy.logic.boolalg import true
from sympy.printing.latex import LatexPrinter

from .names import document_name
from .readable import readable_names
from .rename import rename_apart
from .width import math_width

__all__ = ["DocPrinter", "DOC_PRINTER", "as_sympy", "to_latex", "signed_terms", "rename_apart"]

# An exponent wider than this (in math_width units, before scaling to
# superscript size), or holding a sum or fraction, makes e^{...} hard to
# read: print \exp\left(...\right) instead.
_SHORT_EXPONENT = 14.0
_TALL = (r"\sum", r"\frac", r"\prod", r"\exp")


class DocPrinter(LatexPrinter):
    """A ``LatexPrinter`` for the derivation documents (see the module docstring)."""

    # SymPy's own hook: oo, -oo, nan, pi, I, E print themselves through it
    # (\\infty, ...); without it they fall back to their class names.
    printmethod = "_latex"

    def doprint(self, expr) -> str:
        # distinct readable names first: two dummies would otherwise both print as \xi
        return super().doprint(rename_apart(readable_names(expr)))

    def _print(self, expr, **kwargs) -> str:
        # SymPy's own hook would write NaN as \text{NaN}, its class name.
        if expr is S.NaN:
            return r"\text{undefined}"
        return super()._print(expr, **kwargs)

    # -- term order ---------------------------------------------------------
    @contextmanager
    def _order(self, order):
        saved = self._settings.get("order")
        self._settings["order"] = order
        try:
            yield
        finally:
            self._settings["order"] = saved

    def signed_term_exprs(self, expr) -> list[tuple[str, Any]]:
        """The terms of an ``Add`` as ``(sign, term)`` pairs, in print order.

        The first sign is ``""`` or ``"-"``; later ones are ``"+"`` or ``"-"``;
        ``term`` is the term with its minus sign taken out.  A non-``Add``
        is one term.
        """
        if not isinstance(expr, Add):
            if expr.could_extract_minus_sign() and not expr.is_Number:
                return [("-", -expr)]
            return [("", expr)]
        # Explicit, so an enclosing unevaluated Mul's "none" does not leak in.
        order = "none" if _is_unevaluated(expr) else "lex"
        terms = list(self._as_ordered_terms(expr, order=order))
        if order == "lex":
            terms = _natural_indices(expr, terms)
            # z_{k} - z_{j}, not - z_{j} + z_{k}: lead with a positive term.
            lead = next((t for t in terms if not t.could_extract_minus_sign()), None)
            if lead is not None:
                terms.remove(lead)
                terms.insert(0, lead)
        out = []
        for pos, term in enumerate(terms):
            sign = "" if pos == 0 else "+"
            inner = term.args[0] if isinstance(term, UnevaluatedExpr) else term
            if inner.could_extract_minus_sign():
                sign, term = "-", -inner
            out.append((sign, term))
        return out

    def term_tex(self, term) -> str:
        """LaTeX for one term of a sum, bracketed when a sum needs it."""
        tex = self._print(term)
        return r"\left(%s\right)" % tex if self._needs_add_brackets(term) else tex

    def signed_terms(self, expr) -> list[tuple[str, str]]:
        """Like :meth:`signed_term_exprs`, with each term printed."""
        return [(sign, self.term_tex(term)) for sign, term in self.signed_term_exprs(expr)]

    def _print_Add(self, expr, order=None):
        return join_terms(self.signed_terms(expr))

    def _print_Mul(self, expr):
        if not isinstance(expr, Mul):  # SymPy's _print_Pow sends 1/x here
            return super()._print_Mul(expr)
        if _is_unevaluated(expr):
            with self._order("none"):
                return super()._print_Mul(expr)
        if expr.could_extract_minus_sign():
            inner = -expr
            tex = self._print(inner)
            return "- " + (r"\left(%s\right)" % tex if isinstance(inner, Add) else tex)
        numer, denom = fraction(expr, exact=True)
        if denom != 1:
            return r"\frac{%s}{%s}" % (self._print(numer), self._print(denom))
        # p_{i} \log p_{i}, not \log p_{i} p_{i}: operators that take what
        # follows them as their argument go last, parenthesized sums just
        # before them (p_{k} (\delta_{jk} - p_{j})).
        factors = sorted(expr.as_ordered_factors(),
                         key=lambda f: 2 if _is_open(f) else int(isinstance(f, Add)))
        with self._order("none"):
            return super()._print_Mul(Mul(*factors, evaluate=False))

    def _needs_mul_brackets(self, expr, first=False, last=False) -> bool:
        if isinstance(expr, UnevaluatedExpr):
            expr = expr.args[0]
        if not last and _is_open(expr):
            return True
        if isinstance(expr, Pow) and isinstance(expr.base, Add) and expr.exp.is_positive:
            return False  # already \left(...\right)^{2}: SymPy would wrap a Sum inside again
        return super()._needs_mul_brackets(expr, first=first, last=last)

    # -- symbols and indices -----------------------------------------------
    def _print_Symbol(self, expr, style="plain"):
        name = document_name(expr.name)
        if "{" in name:   # already LaTeX (z_{\max}): SymPy would not split it
            return name
        return super()._print_Symbol(Symbol(name), style=style)

    def _print_Piecewise(self, expr):
        rows = []
        for value, cond in expr.args:
            when = r"\text{otherwise}" if cond == true else r"\text{if } %s" % self._print(cond)
            rows.append(r"%s & %s" % (self._print(value), when))
        return r"\begin{cases} %s \end{cases}" % r" \\ ".join(rows)

    def _print_Idx(self, expr):
        return self._print(expr.label)

    def _print_IndexedBase(self, expr):
        return self._print(expr.label)

    def _print_Indexed(self, expr):
        base = self._print(expr.base.label)
        if "_" in base or "^" in base:
            base = "{%s}" % base
        return "%s_{%s}" % (base, self._subscript(expr.indices))

    def _subscript(self, indices) -> str:
        parts = [self._print(i) for i in indices]
        # W_{ik} reads well only while every index is one glyph.
        glue = "" if all(_one_glyph(s) for s in parts) else ","
        return glue.join(parts)

    def _print_KroneckerDelta(self, expr, exp=None):
        tex = r"\delta_{%s}" % self._subscript(expr.args)
        return r"\left(%s\right)^{%s}" % (tex, exp) if exp is not None else tex

    def _print_FunctionClass(self, expr):
        return r"\exp" if expr is exp else super()._print_FunctionClass(expr)

    # -- operators -----------------------------------------------------------
    def sum_head(self, expr) -> str:
        """``\\sum_{i=1}^{n}`` for each limit of ``expr``, outermost first."""
        heads = []
        for limit in reversed(expr.limits):
            if len(limit) == 3:
                var, lo, hi = (self._print(t) for t in limit)
                heads.append(r"\sum_{%s=%s}^{%s}" % (var, lo, hi))
            else:
                heads.append(r"\sum_{%s}" % self._print(limit[0]))
        return " ".join(heads)

    def limit_head(self, expr) -> str:
        """``\\lim_{x \\to a}``: the operator part of a Limit (SymPy's notation)."""
        return self._print_Limit(expr.func(S.One, *expr.args[1:])).rsplit(" ", 1)[0]

    def _print_Sum(self, expr):
        body = self._print(expr.function)
        if isinstance(expr.function, Add):
            body = r"\left(%s\right)" % body
        return self.sum_head(expr) + " " + body

    def _print_exp(self, expr, exp=None):
        arg = self._print(expr.args[0])
        if math_width(arg) <= _SHORT_EXPONENT and not any(t in arg for t in _TALL):
            tex = "e^{%s}" % arg
        else:
            tex = r"\exp\left(%s\right)" % arg
        return self._do_exponent(tex, exp)

    def _print_log(self, expr, exp=None):
        arg = expr.args[0]
        head = r"\log" if exp is None else r"\log^{%s}" % exp
        if _is_atomic(arg):
            return r"%s %s" % (head, self._print(arg))
        return r"%s\left(%s\right)" % (head, self._print(arg))

    def _derivative_parts(self, expr) -> tuple[str, str]:
        """Numerator operator and denominator of a Derivative's fraction."""
        variables = []
        order = 0
        for var, count in expr.variable_count:
            order += count
            tex = self._print(var)
            variables.append(r"\partial %s" % tex if count == 1
                             else r"\partial %s^{%s}" % (_brace_super(tex), count))
        top = r"\partial" if order == 1 else r"\partial^{%d}" % order
        return top, " ".join(reversed(variables))

    def _print_Derivative(self, expr):
        top, denom = self._derivative_parts(expr)
        if _is_atomic(expr.expr):
            return r"\frac{%s %s}{%s}" % (top, self._print(expr.expr), denom)
        return r"\frac{%s}{%s} \left(%s\right)" % (top, denom, self._print(expr.expr))

    def derivative_head(self, expr) -> str:
        """``\\frac{\\partial}{\\partial z_{j}}``: the operator part of a Derivative."""
        return r"\frac{%s}{%s}" % self._derivative_parts(expr)


_PINNED: set = set()


def _natural_indices(expr, terms: list) -> list:
    """``terms`` in ``lex`` order, with numbered entries in numeric order (z_2 before z_10).

    SymPy's ``lex`` compares the names of entries as strings, so ``z[10]``
    comes before ``z[2]``; ordering a copy in which every numbered entry is
    a symbol with a zero-padded number gives the same order otherwise.
    """
    entries = {e for e in expr.atoms(Indexed)
               if e.indices and all(i.is_Integer for i in e.indices)}
    if not any(abs(int(i)) >= 10 for e in entries for i in e.indices):
        return terms
    padded = {e: Symbol("%s_%s" % (e.base, "_".join("%012d" % (int(i) + 10**11) for i in e.indices)),
                        **e.assumptions0) for e in entries}
    position = {t: pos for pos, t in
                enumerate(Add(*[t.xreplace(padded) for t in terms]).as_ordered_terms(order="lex"))}
    return sorted(terms, key=lambda t: position.get(t.xreplace(padded), len(position)))


def pin_order(expr):
    """Mark ``expr`` (an Add or Mul) to be printed in its stored argument order.

    Needed when the author's order happens to be SymPy's canonical one, which
    :func:`_is_unevaluated` cannot tell from an evaluated node.
    """
    _PINNED.add(expr)
    return expr


def _is_unevaluated(expr) -> bool:
    """True when ``expr`` (Add/Mul) would change if SymPy re-evaluated it.

    That is how a node built with ``evaluate=False`` shows itself; its
    argument order is the author's and is kept.  Nodes marked with
    :func:`pin_order` count as unevaluated too.
    """
    if expr in _PINNED or any(isinstance(arg, UnevaluatedExpr) for arg in expr.args):
        return True
    try:
        return type(expr)(*expr.args).args != expr.args
    except Exception:  # noqa: BLE001 - an odd node is simply printed as stored
        return True


def _is_open(expr) -> bool:
    """True for factors printed as an operator applied to what follows."""
    if isinstance(expr, log):
        return _is_atomic(expr.args[0])
    return isinstance(expr, (Sum, Product, Derivative))


def _is_atomic(expr) -> bool:
    return isinstance(expr, (Symbol, Indexed, Idx, AppliedUndef)) or (
        getattr(expr, "is_Number", False) and expr.is_nonnegative)


def _one_glyph(tex: str) -> bool:
    return len(tex) == 1 or re.fullmatch(r"\\[A-Za-z]+", tex) is not None


def _brace_super(tex: str) -> str:
    return "{%s}" % tex if "^" in tex else tex


def join_terms(terms: list[tuple[str, str]]) -> str:
    """Join ``(sign, latex)`` pairs from :func:`signed_terms` into one string."""
    out = ""
    for pos, (sign, tex) in enumerate(terms):
        if pos == 0:
            out = ("- " if sign == "-" else "") + tex
        else:
            out += " %s %s" % (sign, tex)
    return out


#: The shared printer instance (stateless between calls).
DOC_PRINTER = DocPrinter()


def as_sympy(expr: Any, argname: str):
    """``expr`` as a SymPy object; TypeError naming ``argname`` otherwise."""
    if isinstance(expr, (Basic, FunctionClass)):
        return expr
    if isinstance(expr, (str, bytes)):
        raise TypeError(f"{argname} must be a SymPy expression, not a string: {expr!r}")
    try:
        return sympify(expr, strict=True)
    except (SympifyError, TypeError, ValueError) as err:
        raise TypeError(f"{argname} must be a SymPy expression, got "
                        f"{type(expr).__name__}: {expr!r}") from err


def to_latex(expr: Any) -> str:
    """LaTeX (math mode, no delimiters) for ``expr`` in the documents' notation.

    Args:
        expr: a SymPy expression or relation, or a number.

    Raises:
        TypeError: ``expr`` is a string or not convertible to SymPy.
    """
    return DOC_PRINTER.doprint(as_sympy(expr, "expr"))


def signed_terms(expr: Any) -> list[tuple[str, str]]:
    """The top-level terms of ``expr`` as ``(sign, latex)`` pairs; see :meth:`DocPrinter.signed_terms`."""
    return DOC_PRINTER.signed_terms(as_sympy(expr, "expr"))

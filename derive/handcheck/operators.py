"""Sums written out, dots, maxima, gradients and absolute values, for the builder.

* ``a_1 + a_2 + \\dots + a_n`` is ``\\sum_{k=1}^{n} a_k`` (and ``p_1 p_2 \\cdots p_n``
  the product): the first and last terms fix the pattern, the middle ones
  must fit it, or the row is not read.  ``\\dots`` elsewhere (``f(p_1,
  \\dots, p_n)``) stays a marker that only a definition's arguments accept.
* ``\\max_i z_i``, ``z_{\\max}``: an opaque number; a row holding one is
  never refuted (a counterexample would have to know the maximum).  So is
  ``\\sum_{j \\in S(\\mathbf z)} p_j``, a sum over a set the row does not spell out.
* ``\\sum_{z_i \\neq z_k} t_i``: a sum over the terms whose entries meet the condition, as
  written (a condition on values: ties count), ``\\sum_i [z_i \\neq z_k] t_i``; the index of
  the left side is summed, as in ``\\sum_{i \\neq k}``.
* ``\\log_b x`` is ``\\log x / \\log b``.
* ``\\nabla_{\\mathbf z} L`` is the vector of ``\\partial L / \\partial z_i``: read in
  the row's componentwise mode (:meth:`derive.handcheck.names.NameResolver.vector`).
* ``\\lvert x \\rvert`` (and ``|x|``, ``\\left| x \\right|``) is ``Abs(x)``.
"""
from __future__ import annotations

import math

from lark import Token, Tree
from sympy import (Abs, Add, Eq, Idx, Indexed, Integer, KroneckerDelta, Ne, Piecewise, Pow, S, Sum,
                   Symbol, exp, log)

from .indexing import families_of, family_range, free_indices, placeholder
from .names import function_name, single_script
from .scripts import bare_token, is_star
from .vectors import NeedsComponents, is_transpose
from ..printing.printer import to_latex

__all__ = ["Operators", "DOTS"]

DOTS = Symbol("…")
_SUPDIGITS = str.maketrans("⁰¹²³⁴⁵⁶⁷⁸⁹⁻", "0123456789-")
_MAX_BITS = 10 ** 5


class Operators:
    """Mixin of :class:`derive.handcheck.build.Builder`."""

    row_tree = None        # the row being read (set by Builder.row): what lies outside a sum

    # ------------------------------------------------------------ powers
    def power(self, value, sup, node):
        if isinstance(sup, Token):
            return self._bounded_power(value, Integer(str(sup).translate(_SUPDIGITS)), node)
        if is_star(sup):
            self.fail("a star superscript (w^*) is only read on a name", node)
        if is_transpose(sup):
            return self.transpose_not_power(value, node)
        exponent = self.ex(single_script(sup, self, node))
        if value.is_nonnegative is not True and exponent.is_Rational and \
                not exponent.is_integer and exponent.q % 2:
            # SymPy's (-8)^{1/3}, x^{1/3} at x < 0: principal complex roots; real ones meant?
            self.ambiguous(f"({value})^{{{exponent}}}: the real root or the principal complex "
                           "root? write \\sqrt[n]{...} for the real root", node)
        return exp(exponent) if value is S.Exp1 else self._bounded_power(value, exponent, node)

    def _bounded_power(self, value, exponent, node):
        # SymPy computes a number's power at once, with no deadline: 9^{9^9} would not end
        if value.is_Rational and exponent.is_Rational and abs(exponent) > 1:
            bits = abs(exponent) * math.log2(max(abs(value.p), value.q, 1))
            if bits > _MAX_BITS:
                self.fail(f"number too large: a power of about {int(bits)} bits is not computed", node)
        return value ** exponent

    # ------------------------------------------------------------ sums written out
    def add(self, tree):
        return self._series_sum(tree)

    sub = add

    def neg(self, tree):
        return -self.ex(tree.children[1])

    def pos(self, tree):
        return self.ex(tree.children[1])

    def negfactor(self, tree):
        return -self.ex(tree.children[1])

    def _series_sum(self, tree):
        items = [(sign, self.ex(node)) for sign, node in _sequence(tree)]
        if not any(v == DOTS for _, v in items):
            total = Integer(0)
            for sign, v in items:
                self._scalar(v, tree)
                total = total + v if sign > 0 else total - v
            return total
        k = next(j for j, (_, v) in enumerate(items) if v == DOTS)
        before, after = items[:k], items[k + 1:]
        if not before or len(after) != 1 or len({s for s, _ in before + after}) != 1:
            self.fail("cannot tell what \\dots stands for: write a_1 + a_2 + \\dots + a_n", tree)
        sign = before[0][0]
        return sign * self.series(Sum, [v for _, v in before], after[0][1], tree)

    def series(self, cls, first, last, node):
        """``first[0] + first[1] + ... + last`` as a ``Sum`` (or ``Product``)."""
        for lo, hi, make in _patterns(first[0], last):
            idx = placeholder(lo, hi)
            template = make(idx)
            if template.xreplace({idx: hi}) == last and all(
                    template.xreplace({idx: lo + k}) == t for k, t in enumerate(first)):
                return cls(template, (idx, lo, hi))
        self.fail("cannot tell what \\dots stands for: the first and last terms must differ "
                  "only in one index or power (a_1 + \\dots + a_n)", node)

    def dots(self, tree):
        return DOTS

    def vector_literal(self, tree):
        """``[x_1, x_2, \\dots, x_n]`` is the vector x; ``[a, b, c]`` has entry
        ``\\sum_k e_k \\delta_{rk}`` at the row's component r.  Between two runs of dots
        the entries take their places from the ones that fit the pattern, and an entry
        that does not fit is the exception at its place: ``[y_1, \\dots, y_{k-1},
        y_k - 1, y_{k+1}, \\dots, y_n]`` has entry ``y_r - \\delta_{rk}``."""
        if self.vector_index is None:
            raise NeedsComponents("a vector literal")
        entries = [self.ex(a) for a in tree.children[2].children[::2]]
        if DOTS in entries:
            runs = _runs(entries)
            if runs is None:
                self.fail("cannot tell what \\dots stands for in the vector", tree)
            first, last = runs[0], runs[-1]
            for lo, hi, make in _patterns(first[0], last[-1]):
                idx = placeholder(lo, hi)
                template = make(idx)

                def at(v, template=template, idx=idx):
                    return template.xreplace({idx: v})
                if not (all(at(lo + j) == t for j, t in enumerate(first)) and all(
                        at(hi - j) == t for j, t in enumerate(reversed(last)))):
                    continue
                odd = _exceptions(runs[1:-1], at)
                if odd is not None:
                    r = self.vector_index
                    self._literal_range(lo, hi, tree)
                    return at(r) + Add(*[(e - at(v)) * KroneckerDelta(r, v) for v, e in odd])
            self.fail("cannot tell what \\dots stands for in the vector", tree)
        return Add(*[e * KroneckerDelta(self.vector_index, j + 1) for j, e in enumerate(entries)])

    def _literal_range(self, lo, hi, tree):
        """A vector written with dots runs over its first and last entries' indices; the
        row's component over its own range: ``[y_2, \\dots, y_n] = \\mathbf y`` was proved."""
        r = self.vector_index
        own = (getattr(r, "lower", None), getattr(r, "upper", None))
        if own != (lo, hi):
            self.ambiguous(f"the vector's entries run over {lo}..{hi}, the row's components "
                           f"over {own[0]}..{own[1]}: which is meant?", tree)

    # ------------------------------------------------------------ operators
    def func_over(self, tree):
        """``\\max_i z_i``, ``\\min_j``, ``\\log_2 x``, ``\\arg\\max_i``."""
        name = function_name(tree.children[0])
        script, body = tree.children[2], tree.children[3]
        if name == "log":
            base = self.ex(single_script(script, self, tree))
            return log(self.ex(body)) / log(base)
        if name in ("max", "min"):
            var = self.bare_name_of(script, tree.children[0])
            idx = self.index_letter(var)
            with self.binding(var, Idx(f"{var}", (idx.lower, idx.upper)) if isinstance(idx, Idx)
                              else idx):
                value = self.ex(body)
            return self.opaque(f"{name}_{var}({value})", tree, tex=_operator_tex(name, var, value))
        self.fail(f"{name} with a subscript is not supported: state the optimality "
                  "condition (derivative = 0) instead", tree)

    def infer_index(self, value, head, tree):
        """``\\sum x_i``: the one free index of the summand is summed.  With several
        (``\\sum s_{iq} f_{iq}`` beside ``s_{ij}``), the one that occurs nowhere else in the row
        (the others are the row's own), over the range the document gives its family;
        else which is summed is not known.  ``(value, index)``."""
        free = {ix.name: ix for ix in free_indices(value)
                if ix.name not in self.bound and not ix.name.startswith("ι")}
        names = sorted(free)
        lone = [m for m in names if m not in _letters_outside(self.row_tree, tree)] \
            if len(names) > 1 and self.row_tree is not None else names
        if len(lone) != 1:
            self.fail(f"cannot tell which index {head} sums over (free indices: "
                      f"{', '.join(names) or 'none'}); write {head}_{{i}}", head)
        if len(names) == 1:
            return value, self.index_letter(names[0])
        idx = free[lone[0]]
        found = {family_range(self.family_ranges, f, slot)
                 for f, slot in families_of(value, idx)} - {None}
        if len(found) == 1:
            new = Idx(idx.name, next(iter(found)))
            value, idx = value.xreplace({idx: new}), new
        return value, idx

    def value_sum(self, chains, sup, body, head):
        """``\\sum_{z_i \\neq z_k} t``, else None (a bare index on the left: ``\\sum_{i \\neq k}``)."""
        if len(chains) != 1 or len(chains[0].children) != 3 or bare_token(
                chains[0].children[0]) is not None:
            return None
        left, rel, right = chains[0].children
        kind = {"=": Eq, "\\neq": Ne, "\\ne": Ne, "!=": Ne, "≠": Ne}.get(str(rel).strip())
        sides = [{ix.name for ix in free_indices(self.ex(s))} - set(self.bound)
                 for s in (left, right)]
        # = and \neq are symmetric, so authors write either side first: the summed index
        # is the one its terms carry (t_i under z_k \neq z_i), never the first one written
        words = {str(t) for t in (body.scan_values(lambda v: isinstance(v, Token))
                                  if isinstance(body, Tree) else [body])}
        names = sorted(name for name in sides[0] | sides[1] if name in words)
        if len(names) > 1 and len(sides[0] & set(names)) == 1:
            names = sorted(sides[0] & set(names))     # both carried: first one, as \sum_{i \neq k}
        if not names and not sides[1]:
            names = sorted(sides[0])
        if kind is None:
            self.fail(f"cannot tell which index {head}_{{... {str(rel).strip()} ...}} sums over: "
                      f"write the index and an indicator, as {head}_i 1\\{{z_i < z_k\\}} t_i", head)
        if len(names) != 1:
            which = (f"both {' and '.join(names)} occur in its terms" if len(names) > 1
                     else "its terms name none of its indices")
            self.fail(f"cannot tell which index {head}_{{...}} sums over: {which}", head)
        upper = self.ex(single_script(sup, self, head)) if sup is not None else self.dimension
        idx = Idx(names[0], (Integer(1), upper))
        with self.binding(names[0], idx):
            value, a, b = self.ex(body), self.ex(left), self.ex(right)
        return Sum(Piecewise((value, kind(a, b)), (0, True)), (idx, idx.lower, idx.upper))

    def set_sum(self, var, where, body, head):
        """``\\sum_{j \\in S(z)} p_j``: a sum over a set the document names but does not
        spell out (the support of sparsemax), read by its name only like ``\\max_j``.  A
        name cannot follow another index, so terms that depend on one are not read."""
        words = [str(t) for t in where.scan_values(lambda v: isinstance(v, Token))]
        idx = self.index_letter(var)
        with self.binding(var, Idx(var, (idx.lower, idx.upper)) if isinstance(idx, Idx) else idx):
            value = self.ex(body)
        other = sorted({ix.name for ix in free_indices(value)} - {var}
                       | {w for w in words if w in self.bound})
        if other:
            self.fail(f"the terms of {head}_{{{var} \\in ...}} depend on {', '.join(other)} "
                      "too: a sum over a set is read by its name only", head)
        text = " ".join(words)
        try:
            tex = r"\sum_{%s \in %s} \left(%s\right)" % (var, text, to_latex(value))
        except (TypeError, ValueError):
            tex = None
        return self.opaque(f"sum_{var} in {text}({value})", head, tex=tex)

    def opaque(self, text: str, node, *, tex: str | None = None):
        """A number the checker knows nothing about (a maximum): never refuted.

        Its symbol is named ``tex`` when given (``\\max_{i} z_{i}``), so that a
        formula prints it as written; ``text`` names it in the diagnostics.
        """
        self.opaques.append(tex or text)
        return Symbol(tex or text, real=True)

    def nabla_op(self, tree):
        if self.vector_index is None:
            raise NeedsComponents("\\nabla of a vector: read componentwise")
        var = self.ex(single_script(tree.children[2], self, tree))
        return self._derivative(self.ex(tree.children[3]), [var], None, tree,
                                self._objective(tree.children[3]))

    def abs_value(self, tree):
        return Abs(self.ex(tree.children[1]))

    def norm_value(self, tree, sub=None):
        """``\\|x\\|``, ``|x - y|_\\infty``: a norm, a number the checker does not read
        (its name is the text read inside the bars, a vector as one symbol)."""
        inner = self.as_whole(tree.children[1])
        label = ("".join(str(t) for t in sub.scan_values(lambda v: True)).strip("{}")
                 if isinstance(sub, Tree) else str(sub)) if sub is not None else None
        return self.opaque(f"‖{inner}‖" + (f"_{label}" if label else ""), tree)

    def label_script(self, tree):
        self.fail("a function name is a label here, not a value", tree)


def _sequence(tree):
    """``a + b - c`` as ``[(+1, a), (+1, b), (-1, c)]`` in written order."""
    if isinstance(tree, Tree) and tree.data in ("add", "sub"):
        sign = 1 if tree.data == "add" else -1
        return _sequence(tree.children[0]) + [(sign, tree.children[2])]
    return [(1, tree)]


def _runs(entries):
    """The entries between dots, run by run (two runs at least, none empty), else None."""
    runs, run = [], []
    for e in entries + [DOTS]:
        if e == DOTS:
            if not run:
                return None
            runs.append(run)
            run = []
        else:
            run.append(e)
    return runs if len(runs) >= 2 else None


def _exceptions(runs, at):
    """``[(place, entry)]`` of the entries of the middle runs that ``at`` does not give, each
    run placed by the entries that fit (they must agree, and one at least must); None when
    a run cannot be placed."""
    odd = []
    for run in runs:
        starts = {v - j for j, e in enumerate(run) for a in e.atoms(Indexed)
                  for v in a.indices if at(v) == e}
        if len(starts) != 1:
            return None
        start = starts.pop()
        odd += [(start + j, e) for j, e in enumerate(run) if at(start + j) != e]
    return odd


def _patterns(first, last):
    """``(lo, hi, template(idx))`` candidates: one integer index of ``first`` varies."""
    lows = sorted({ix for a in first.atoms(Indexed) for ix in a.indices if ix.is_Integer},
                  key=int)
    highs = [ix for a in last.atoms(Indexed) for ix in a.indices
             if not ix.is_Integer or ix not in lows] + lows
    for lo in lows:
        def make(idx, lo=lo):
            return first.replace(lambda e: isinstance(e, Indexed) and lo in e.indices,
                                 lambda e: e.base[tuple(idx if i == lo else i for i in e.indices)])
        for hi in dict.fromkeys(highs):
            if hi != lo:
                yield lo, hi, make
    base, lo = (first.base, first.exp) if isinstance(first, Pow) else (first, Integer(1))
    if isinstance(last, Pow) and last.base == base and lo.is_Integer:
        yield lo, last.exp, (lambda idx: base ** idx)


def _operator_tex(name: str, var, value) -> str | None:
    """``\\max_{i} z_{i}``: LaTeX of an unread operator, or None when it has none."""
    try:
        body = to_latex(value)
    except (TypeError, ValueError):
        return None
    if not isinstance(value, (Symbol, Indexed)):
        body = r"\left(%s\right)" % body
    return r"\%s_{%s} %s" % (name, to_latex(Symbol(str(var))), body)


def _letters_outside(tree, inner) -> set:
    """The letters (and Greek names) written in ``tree`` outside its subtree ``inner``."""
    out, stack = set(), [tree]
    while stack:
        node = stack.pop()
        if node is inner:
            continue
        if isinstance(node, Token) and node.type in ("LETTER", "GREEK"):
            out.add(str(node).lstrip("\\"))
        elif isinstance(node, Tree):
            stack.extend(node.children)
    return out

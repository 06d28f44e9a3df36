"""Derivatives and limits, for the builder.

``\\frac{\\partial f}{\\partial z_j}``, ``\\frac{\\partial}{\\partial z_j} (...)``, ``\\partial
L/\\partial p_i``, ``\\partial_{z_j} f``, higher orders, and ``\\lim_{x \\to a} f``: all
unevaluated SymPy objects (the checker carries them out).  A derivative of a
name defined as an objective (``L``, ``H(p)``) is recorded: set to zero it
is a stationarity condition.  In a row read as a matrix the variable of
``\\frac{\\partial \\mathbf p}{\\partial \\mathbf z}`` is read at the column index.
"""
from __future__ import annotations

from lark import Token, Tree
from sympy import Derivative, Idx, Integer, Limit, Pow, Symbol

from .indexing import JUMP, jump_in
from .names import is_star, script_parts, single_script
from .notation import NameKey, name_key
from .vectors import NeedsMatrix

__all__ = ["Derivatives", "primes"]


class Derivatives:
    """Mixin of :class:`derive.handcheck.build.Builder`."""

    # ------------------------------------------------------------ limits
    def lim_op(self, tree):
        """``\\lim_{x \\to a} f``: two-sided at a finite point, one-sided at infinity."""
        var, point = self.ex(tree.children[3]), self.ex(tree.children[5])
        if not (isinstance(var, Symbol) and not isinstance(var, Idx)):
            self.fail(f"\\lim needs a variable such as \\lambda_2 before \\to, got {var}", tree)
        if point.has(var) or point.is_extended_real is False:
            self.fail(f"\\lim: the limit point {point} must be a number or an expression "
                      f"free of {var}", tree)
        body = self.ex(tree.children[-1])
        self._scalar(body, tree)
        direction = "+-" if point.is_finite is not False else "+"
        return Limit(body, var, point, direction)

    # ------------------------------------------------------------ derivatives
    def deriv_op(self, tree):
        order, dvars = _deriv_parts(tree.children[:-1])
        return self._derivative(self.ex(tree.children[-1]), dvars, order, tree,
                                self._objective(tree.children[-1]))

    def deriv_frac(self, tree):
        order, dvars = _deriv_parts(tree.children)
        operand = next(c for c in tree.children[1:] if isinstance(c, Tree)
                       and c.data not in ("order", "dvar"))
        return self._derivative(self.ex(operand), dvars, order, tree, self._objective(operand))

    def partial_sub_op(self, tree):
        var = self.ex(single_script(tree.children[2], self, tree))
        return self._derivative(self.ex(tree.children[3]), [var], None, tree,
                                self._objective(tree.children[3]))

    def slash_deriv(self, tree):
        operand, var = tree.children[1], tree.children[4]
        return self._derivative(self.ex(operand), [self.ex(var)], None, tree,
                                self._objective(operand))

    def _objective(self, node) -> bool:
        """Whether a differentiated expression is written as a defined name (``L``, ``H(p)``).

        Only the derivative of a defined objective set to zero is a stationarity
        condition; ``\\partial e^{z_1} / \\partial z_1 = 0`` is a claim.
        """
        while isinstance(node, Tree) and len(node.children) >= 1 and node.data in (
                "term", "based", "group", "nparen"):
            kids = [c for c in node.children if not (isinstance(c, Token) and c.type in (
                "LBRACE", "RBRACE"))]
            if node.data == "term" and len(kids) == 2:
                kids = kids[:1]       # H(p): the name before the parentheses
            starred = False
            if node.data == "based" and len(kids) == 2:
                sub, sup = script_parts(kids[1].children)
                starred = sub is None and sup is not None and is_star(sup)
                kids = kids[:1] if starred else kids     # S^*: the starred name
            if len(kids) != 1:
                return False
            node = kids[0]
            if starred:
                return self._defined_name(node, starred=True)
        return self._defined_name(node)

    def _defined_name(self, node, starred=False) -> bool:
        """Whether ``node`` is a name the context defines, primes and star included (``S'``)."""
        if not (isinstance(node, Tree) and node.data == "name"):
            return False
        tok = node.children[0]
        if tok.type == "CMD":
            return False
        nk = name_key(tok.type, str(tok))
        key = nk.key + "'" * primes(node)
        if starred:
            key = NameKey(key, nk.letter, nk.bold).starred().key
        return key in self.context

    def _variable(self, node, operand):
        """A derivative's variable; ``\\partial \\mathbf p / \\partial \\mathbf z`` is a Jacobian,
        its variable read at the column index."""
        if self.col_index is not None:
            self.matrix_reads += 1   # a Jacobian
            saved, self.vector_index = self.vector_index, self.col_index
            try:
                return self.ex(node)
            finally:
                self.vector_index = saved
        value = self.ex(node)
        if self.row_index is not None and hasattr(operand, "has") and value.has(
                self.row_index) and operand.has(self.row_index):
            raise NeedsMatrix("the derivative of a vector by a vector is a matrix")
        return value

    def _derivative(self, operand, variables, order, node, objective=False):
        counts = []
        for v in variables:
            if isinstance(v, Tree) and v.data == "dvar":
                v = self._variable(v.children[1], operand)
            base, times = (v.base, v.exp) if isinstance(v, Pow) else (v, Integer(1))
            if not (base.is_Symbol or base.is_Indexed) or not (times.is_Integer and times > 0):
                self.fail(f"cannot differentiate with respect to {v}: write a variable "
                          "such as z_j, p_i or \\lambda_1", node)
            counts.append((base, int(times)))
        total = sum(c for _, c in counts)
        if order is not None and self.ex(single_script(order.children[1], self, node)) != total:
            self.fail(f"\\partial^{{...}} does not match the {total} variable(s) below", node)
        if jump_in(operand, [v for v, _ in counts]) is not None:
            # (d/dx 1{x > 0} is 0 only for x != 0: no proof of an identity failing there)
            self.fail(JUMP, node)
        self.derivatives.append((operand, tuple(v for v, _ in counts), self.where(node)))
        found = Derivative(operand, *counts)
        if objective:
            self.objectives.append(found)
        return found


def _deriv_parts(children):
    order = next((c for c in children if isinstance(c, Tree) and c.data == "order"), None)
    dvars = [c for c in children if isinstance(c, Tree) and c.data == "dvar"]
    return order, dvars


def primes(name_tree) -> int:
    """How many primes follow a name (``f'``, ``\\sigma''``)."""
    return sum(len(str(t)) for t in name_tree.children[1:] if isinstance(t, Token))

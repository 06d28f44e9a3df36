"""Derivatives in a formula: ``\\frac{\\partial L}{\\partial p_i}``, ``\\frac{d}{dx}``.

A mixin of :class:`derive.handcheck.build.Builder`.  It records each
derivative (the caller checks that its variable occurs in what is
differentiated) and marks the derivative of a defined name (``L``, ``S'``,
``H(p)``) as an *objective*: only that derivative set to zero is read as a
stationarity condition; ``\\partial e^{z_1} / \\partial z_1 = 0`` stays a claim.
"""
from __future__ import annotations

from lark import Token, Tree
from sympy import Derivative, Integer, Pow

from .names import is_star, script_parts, single_script
from .notation import NameKey, name_key

__all__ = ["Derivatives", "primes"]


class Derivatives:
    """Mixin of the builder: the derivative operators of ``latex.lark``."""

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

    def _derivative(self, operand, variables, order, node, objective=False):
        counts = []
        for v in variables:
            v = self.ex(v.children[1]) if isinstance(v, Tree) and v.data == "dvar" else v
            base, times = (v.base, v.exp) if isinstance(v, Pow) else (v, Integer(1))
            if not (base.is_Symbol or base.is_Indexed) or not (times.is_Integer and times > 0):
                self.fail(f"cannot differentiate with respect to {v}: write a variable "
                          "such as z_j, p_i or \\lambda_1", node)
            counts.append((base, int(times)))
        total = sum(c for _, c in counts)
        if order is not None and self.ex(single_script(order.children[1], self, node)) != total:
            self.fail(f"\\partial^{{...}} does not match the {total} variable(s) below", node)
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

"""Turn a parse tree of ``latex.lark`` into SymPy, top-down.

Top-down (a lark ``Interpreter``) because a sum's index range must be known
before its summand is read: inside ``\\sum_{k=0}^{K}`` the letter ``k`` is
``Idx('k', (0, K))``, outside it is the free ``Idx('k', (1, n))``.
Names are resolved by :mod:`derive.handcheck.names`; this module handles the
operators.  Problems that leave no meaningful formula raise
:class:`~derive.errors.ParseError` with the line; names that are merely
undefined are recorded in ``unknown`` and reported by the caller.
"""
from __future__ import annotations

from dataclasses import dataclass

from lark import Token, Tree
from sympy import (Derivative, Eq, Ge, Gt, Idx, Integer, KroneckerDelta, Le, Limit,
                   Lt, Max, Min, Mul, Ne, Pow, Product, Sum, Symbol, exp,
                   log, root, sqrt)

from ..symbols import n as _n
from .indexing import free_indices, placeholder
from .names import NameResolver, function_name, number, script_parts, single_script

__all__ = ["Builder", "BuiltChain", "BuiltRow", "RELATIONS"]

RELATIONS = {
    "=": Eq, "!=": Ne, "\\neq": Ne, "\\ne": Ne, "≠": Ne,
    "<": Lt, ">": Gt, "<=": Le, "\\le": Le, "\\leq": Le, "\\leqslant": Le, "≤": Le,
    ">=": Ge, "\\ge": Ge, "\\geq": Ge, "\\geqslant": Ge, "≥": Ge,
}


@dataclass(frozen=True)
class BuiltChain:
    """``a = b = c`` as ``exprs=(a, b, c)``, ``ops=("=", "=")``.

    ``continuation`` is set for a row that starts with its relation
    (``&= c`` in an align); its first left side is then the previous row's
    last right side, which the caller supplies.
    """

    exprs: tuple
    ops: tuple
    continuation: bool = False


@dataclass(frozen=True)
class BuiltRow:
    chains: tuple
    implied: bool = False   # the row starts with => / \Rightarrow
    prose: str = ""


class Builder(NameResolver):
    """Builds one row; see :class:`derive.handcheck.names.NameResolver` for names."""

    # ------------------------------------------------------------ rows
    def row(self, tree) -> BuiltRow:
        chains, implied, prose = [], False, ""
        for k, ch in enumerate(tree.children):
            if isinstance(ch, Token):
                if ch.type == "IMPLIES" and k == 0:
                    implied = True
                elif ch.type == "PROSE":
                    prose = str(ch)
                continue
            chains.append(self._chain(ch))
        return BuiltRow(tuple(chains), implied, prose)

    def _chain(self, tree) -> BuiltChain:
        exprs, ops = [], []
        for ch in tree.children:
            if isinstance(ch, Token) and ch.type == "REL":
                ops.append(_rel_key(ch))
            else:
                exprs.append(self.ex(ch))
        return BuiltChain(tuple(exprs), tuple(ops), tree.data == "continuation")

    # ------------------------------------------------------------ sums
    def add(self, tree):
        return self.ex(tree.children[0]) + self.ex(tree.children[2])

    def sub(self, tree):
        return self.ex(tree.children[0]) - self.ex(tree.children[2])

    def neg(self, tree):
        return -self.ex(tree.children[1])

    def pos(self, tree):
        return self.ex(tree.children[1])

    # ------------------------------------------------------------ products
    def term(self, tree):
        items = tree.children
        acc, op, k = None, None, 0
        while k < len(items):
            item = items[k]
            if isinstance(item, Token):
                op = str(item)
                k += 1
                continue
            call = self._application(item, items[k + 1] if k + 1 < len(items) else None)
            value = call if call is not None else self.ex(item)
            k += 2 if call is not None else 1
            self._scalar(value, item)
            acc = value if acc is None else (Mul(acc, Pow(value, -1)) if op == "/"
                                             else Mul(acc, value))
            op = None
        return acc

    def _scalar(self, value, node):
        if isinstance(value, tuple):
            self.fail("a parenthesised list (a, b) is not a number; only max, min "
                      "and defined functions take several arguments", node)

    # ------------------------------------------------------------ big operators
    def sum_op(self, tree):
        return self._big(Sum, tree)

    def prod_op(self, tree):
        return self._big(Product, tree)

    def _big(self, cls, tree):
        head, body = tree.children[0], tree.children[-1]
        limits = tree.children[1] if len(tree.children) == 3 else None
        sub, sup = script_parts(limits.children) if limits is not None else (None, None)
        if sub is None:
            if sup is not None:
                self.fail(f"{head} has an upper limit but no index; write {head}_{{i=1}}^{{n}}", head)
            value = self.ex(body)
            idx = self._infer_index(value, head)
            return cls(value, (idx, idx.lower, idx.upper))
        var, lower, excluded = self._sum_subscript(sub, head)
        upper = self.ex(single_script(sup, self, head)) if sup is not None else _n
        try:
            idx = Idx(var, (lower, upper))
        except (TypeError, ValueError):
            self.fail(f"the limits of {head} must be integers, got {lower} and {upper}", head)
        with self.binding(var, idx):
            value = self.ex(body)
            for other in excluded:
                value = value * (1 - KroneckerDelta(idx, self.ex(other)))
        return cls(value, (idx, lower, upper))

    def _infer_index(self, value, head):
        names = sorted({ix.name for ix in free_indices(value)
                        if ix.name not in self.bound and not ix.name.startswith("ι")})
        if len(names) != 1:
            found = ", ".join(names) or "none"
            self.fail(f"cannot tell which index {head} sums over (free indices: {found}); "
                      f"write {head}_{{i}}", head)
        return self.index_letter(names[0])

    def _sum_subscript(self, sub, head):
        """``i``, ``i=1``, ``i \\neq k``, ``k=0, k \\neq j`` -> (name, lower, excluded)."""
        chains = _script_chains(sub)
        if chains is None:
            return self.bare_name_of(sub, head), Integer(1), ()
        var, lower, excluded = None, Integer(1), []
        for chain in chains:
            parts = chain.children
            name = self.bare_name_of(parts[0], head)
            if var is not None and name != var:
                self.fail(f"{head} binds {var} and {name} at once", head)
            var = name
            for rel, rhs in zip(parts[1::2], parts[2::2]):
                kind = RELATIONS.get(_rel_key(rel))
                if kind is Eq:
                    lower = self.ex(rhs)
                elif kind is Ne:
                    excluded.append(rhs)
                else:
                    self.fail(f"unsupported condition {rel} under {head}", rel)
        return var, lower, tuple(excluded)

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
        return self._derivative(self.ex(tree.children[-1]), dvars, order, tree)

    def deriv_frac(self, tree):
        order, dvars = _deriv_parts(tree.children)
        operand = next(c for c in tree.children[3:] if isinstance(c, Tree)
                       and c.data not in ("order", "dvar"))
        return self._derivative(self.ex(operand), dvars, order, tree)

    def partial_sub_op(self, tree):
        var = self.ex(single_script(tree.children[2], self, tree))
        return self._derivative(self.ex(tree.children[3]), [var], None, tree)

    def slash_deriv(self, tree):
        operand, var = tree.children[1], tree.children[4]
        return self._derivative(self.ex(operand), [self.ex(var)], None, tree)

    def _derivative(self, operand, variables, order, node):
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
        return Derivative(operand, *counts)

    # ------------------------------------------------------------ functions
    def func_app(self, tree):
        name = function_name(tree.children[0])
        if name not in ("exp", "log"):
            self.fail(f"{tree.children[0]} needs parentheses: {tree.children[0]}(...)", tree)
        return self.apply(name, [tree.children[1]], None, tree)

    def func_call(self, tree, sub=None):
        args = tree.children[2].children[::2]
        return self.apply(function_name(tree.children[0]), args, sub, tree)

    def apply(self, name, args, sub, node):
        if name in ("argmax", "argmin"):
            self.fail(f"{name} is not supported: state the optimality condition "
                      "(derivative = 0) instead", node)
        if name == "softmax":
            return self._softmax(args, sub, node)
        if sub is not None:
            self.fail(f"{name}(...) takes no subscript", node)
        if name in ("max", "min"):
            return (Max if name == "max" else Min)(*[self.ex(a) for a in args])
        if len(args) != 1:
            self.fail(f"{name} takes one argument, got {len(args)}", node)
        value = self.ex(args[0])
        self._scalar(value, node)
        return exp(value) if name == "exp" else log(value)

    def _softmax(self, args, sub, node):
        if len(args) != 1 or sub is None:
            self.fail("write softmax(z)_k: one vector argument and a component subscript", node)
        vec, ph = self.vector(args[0], node)
        (k,), _ = self.indices(sub, node)
        s = placeholder(1, _n)
        return exp(vec.xreplace({ph: k})) / Sum(exp(vec.xreplace({ph: s})), (s, 1, _n))

    def inner(self, tree):
        (a, pa), (b, pb) = (self.vector(tree.children[k], tree, ones=True) for k in (1, 3))
        if pa is None and pb is None:
            self.fail("\\langle a, b \\rangle needs vectors such as \\mathbf{w}", tree)
        s = placeholder(1, _n)
        a, b = (v.xreplace({ph: s}) if ph is not None else v for v, ph in ((a, pa), (b, pb)))
        return Sum(a * b, (s, 1, _n))

    # ------------------------------------------------------------ atoms
    def number(self, tree):
        return number(str(tree.children[0]))

    def group(self, tree):
        return self.ex(tree.children[1])

    def paren(self, tree):
        args = tree.children[1].children[::2]
        values = tuple(self.ex(a) for a in args)
        return values[0] if len(values) == 1 else values

    def frac(self, tree):
        num, den = (self.ex(_arg(a)) for a in tree.children[1:3])
        self._scalar(num, tree)
        self._scalar(den, tree)
        return Mul(num, Pow(den, -1))

    def sqrt(self, tree):
        parts = tree.children
        value = self.ex(_arg(parts[-1]))
        return root(value, self.ex(parts[2])) if len(parts) == 5 else sqrt(value)

    def based(self, tree):
        base = tree.children[0]
        sub, sup = (script_parts(tree.children[1].children) if len(tree.children) > 1
                    else (None, None))
        if isinstance(base, Tree) and base.data == "name":
            return self.name(base.children[0], sub, sup)
        if isinstance(base, Tree) and base.data == "func_call":
            value = self.func_call(base, sub)
        else:
            if sub is not None:
                self.fail("only a name or softmax(...) can carry a subscript", tree)
            value = self.ex(base)
        return self.power(value, sup, tree) if sup is not None else value

    nparen = based


def _rel_key(token) -> str:
    text = str(token).strip()
    return text if text in RELATIONS else text.rstrip()


def _arg(node):
    """``\\frac`` and ``\\sqrt`` arguments: ``{expr}`` or one token."""
    kids = node.children
    return kids[1] if len(kids) == 3 else kids[0]


def _script_chains(script):
    """The comma-separated chains of a braced script, or None for one token."""
    if isinstance(script, Tree) and script.data == "script" and len(script.children) == 3:
        return script.children[1].children[::2]
    return None


def _deriv_parts(children):
    order = next((c for c in children if isinstance(c, Tree) and c.data == "order"), None)
    dvars = [c for c in children if isinstance(c, Tree) and c.data == "dvar"]
    return order, dvars

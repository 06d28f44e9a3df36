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
from sympy import (Eq, Function, Ge, Gt, Idx, Integer, KroneckerDelta, Le, Lt, Mul, Ne,
                   Pow, Product, Sum, Abs, root, sign, sqrt)

from .indexing import families_of, family_range
from .apply import SCALAR_FUNCTIONS, Applications
from .derivatives import Derivatives, primes
from .operators import DOTS, Operators
from .probability import Probability
from .matrices import Matrices
from .vectors import Transposed, Vectors, is_transpose
from .names import NameResolver, function_name, number, script_parts, single_script

__all__ = ["Builder", "BuiltChain", "BuiltRow", "RELATIONS", "DEFINING", "MEMBERSHIP",
           "Proportional", "Approximately", "Element"]

# ``:=`` and its spellings define the left side; ``\\propto`` and ``\\approx`` are
# relations of their own (steps decide what they claim).
DEFINING = frozenset({":=", "\\coloneqq", "\\eqqcolon", "\\triangleq", "\\equiv", "\\doteq",
                      "≡", "≜"})
Proportional = Function("Proportional")
Approximately = Function("Approximately")
Element = Function("Element")
MEMBERSHIP = frozenset({"\\in", "∈", "\\notin", "\\subset", "\\subseteq"})
RELATIONS = {
    "=": Eq, "!=": Ne, "\\neq": Ne, "\\ne": Ne, "≠": Ne,
    "<": Lt, ">": Gt, "<=": Le, "\\le": Le, "\\leq": Le, "\\leqslant": Le, "≤": Le,
    ">=": Ge, "\\ge": Ge, "\\geq": Ge, "\\geqslant": Ge, "≥": Ge,
    **{d: Eq for d in DEFINING},
    "\\propto": Proportional, "∝": Proportional,
    "\\approx": Approximately, "≈": Approximately, "\\simeq": Approximately,
    **{m: Element for m in MEMBERSHIP},
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


class Builder(Derivatives, Vectors, Matrices, Operators, Probability, Applications,
              NameResolver):
    """Builds one row; see :class:`derive.handcheck.names.NameResolver` for names."""

    # ------------------------------------------------------------ rows
    def row(self, tree) -> BuiltRow:
        chains, implied, prose = [], False, ""
        self.row_tree = tree
        for k, ch in enumerate(tree.children):
            if isinstance(ch, Token):
                if ch.type == "IMPLIES" and k == 0:
                    implied = True
                elif ch.type == "PROSE":
                    prose = str(ch)
                continue
            chains.append(self._chain(ch))
        self.bare_beside_applied()
        return BuiltRow(tuple(chains), implied, prose)

    def _chain(self, tree) -> BuiltChain:
        exprs, ops = [], []
        kids = tree.children
        # "H(p) = ..." and "\\sigma(z)_i := ...": the left side names what is defined.
        head = (len(kids) > 2 and isinstance(kids[1], Token) and kids[1].type == "REL"
                and (_rel_key(kids[1]) == "=" or _rel_key(kids[1]) in DEFINING)
                and _is_head(kids[0]))
        side = (len(kids) > 2 and isinstance(kids[1], Token) and kids[1].type == "REL"
                and (_rel_key(kids[1]) == "=" or _rel_key(kids[1]) in DEFINING))
        for k, ch in enumerate(kids):
            if isinstance(ch, Token) and ch.type == "REL":
                ops.append(_rel_key(ch))
            else:
                self.head, self.head_side = head and k == 0, side and k == 0
                try:
                    exprs.append(self.ex(ch))
                finally:
                    self.head = self.head_side = False
        return BuiltChain(tuple(exprs), tuple(ops), tree.data == "continuation")

    # ------------------------------------------------------------ sums
    # ------------------------------------------------------------ products
    def term(self, tree):
        items = self.defined_runs(tree.children)
        factors, op, k, matrices = [], None, 0, 0
        divided = False        # the previous factor was a divisor written with "/"
        while k < len(items):
            item = items[k]
            if isinstance(item, Token):
                op = str(item)
                k += 1
                continue
            nxt = items[k + 1] if k + 1 < len(items) else None
            if divided and op is None and not _is_bigop(item):
                self.ambiguous("a/bc: is it (a/b)·c or a/(bc)? write parentheses", item)
            before = self.matrix_reads
            value, used = self._function_run(item, nxt) if _is_bare_func(item) else (None, 0)
            if value is None:
                call = self.call_of(item, nxt)
                if call is None and nxt is not None:
                    call = self.indexed_call(item, nxt, len(items) == 2)
                value, used = (call, 2) if call is not None else (self.ex(item), 1)
            if isinstance(value, Transposed):
                value, used = self.transposed_factor(value, items, k, used, item)
            matrices = self.matrix_factor(matrices, before, item)
            k += used
            after = items[k] if k < len(items) else None
            if _is_bare_func(item) and after is not None and not isinstance(after, Token):
                self.ambiguous(f"{item.children[0]} without parentheses before a product: "
                               "which factors are its argument? write parentheses", item)
            if value == DOTS:
                factors.append(value)
                op = None
                continue
            self._scalar(value, item)
            divided = op == "/"
            factors.append(Pow(value, -1) if op == "/" else value)
            op = None
        self.check_vector_product(items, factors, tree)
        if factors == [DOTS]:
            return DOTS
        if DOTS in factors:
            k = factors.index(DOTS)
            if k == 0 or len(factors) != k + 2:
                self.fail("cannot tell what \\cdots stands for: write p_1 p_2 \\cdots p_n", tree)
            return self.series(Product, factors[:k], factors[k + 1], tree)
        acc = factors[0]
        for f in factors[1:]:
            acc = Mul(acc, f)
        return acc

    def _function_run(self, item, nxt):
        """``\\log \\sigma(z)`` and ``\\log 2x``: the argument a function takes without parentheses.

        Returns ``(value, items used)``, or ``(None, 0)`` for the plain case.
        """
        name = function_name(item.children[0])
        arg = item.children[1]
        if nxt is None or isinstance(nxt, Token) or name not in SCALAR_FUNCTIONS:
            return None, 0
        inner = arg.children[0] if len(arg.children) == 1 else None
        if isinstance(inner, Tree) and inner.data == "name":
            call = self.call_of(Tree("based", [inner]), nxt)
            if call is not None:
                return SCALAR_FUNCTIONS[name](call), 2
        if isinstance(inner, Tree) and inner.data == "number" and isinstance(nxt, Tree) \
                and nxt.data == "based" and isinstance(nxt.children[0], Tree) \
                and nxt.children[0].data == "name":
            return SCALAR_FUNCTIONS[name](self.ex(inner) * self.ex(nxt)), 2
        return None, 0

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
            value, idx = self.infer_index(self.ex(body), head, tree)
            return cls(value, (idx, idx.lower, idx.upper))
        chains = _script_chains(sub)
        if chains is not None and len(chains) == 1 and len(chains[0].children) == 3 and \
                str(chains[0].children[1]).strip() in ("\\in", "∈") and cls is Sum:
            # \sum_{j \in S(z)}: over a set the row names only (a bound or an upper
            # limit beside it would be a second condition: not read)
            if sup is not None:
                self.fail(f"{head}_{{... \\in ...}} with an upper limit is not read", head)
            return self.set_sum(self.bare_name_of(chains[0].children[0], head),
                                chains[0].children[2], body, head)
        found = self.value_sum(chains, sup, body, head) if chains and cls is Sum else None
        if found is not None:
            return found
        var, given_lower, excluded = self._sum_subscript(sub, head)
        lower = given_lower if given_lower is not None else Integer(1)
        upper = self.ex(single_script(sup, self, head)) if sup is not None else self.dimension
        marks = self._marks()
        idx, value = self._bound_body(var, lower, upper, body, head)
        if sup is None:
            # No upper limit: the range the document gives the summed family.
            found = {family_range(self.family_ranges, f, slot)
                     for f, slot in families_of(value, idx)} - {None}
            if len(found) == 1 and next(iter(found))[0] == (
                    given_lower if given_lower is not None else next(iter(found))[0]) \
                    and next(iter(found)) != (lower, upper):
                self._restore(marks)
                lower, upper = next(iter(found))
                idx, value = self._bound_body(var, lower, upper, body, head)
        else:
            self.sums.extend((f, slot, lower, upper)
                             for f, slot in families_of(value, idx) or [("", 0)])
        for other in excluded:
            with self.binding(var, idx):
                saved, self.in_subscript = self.in_subscript, True
                try:
                    value = value * (1 - KroneckerDelta(idx, self.ex(other)))
                finally:
                    self.in_subscript = saved
        return cls(value, (idx, idx.lower, idx.upper))

    def _bound_body(self, var, lower, upper, body, head):
        try:
            idx = Idx(var, (lower, upper))
        except (TypeError, ValueError):
            self.fail(f"the limits of {head} must be integers, got {lower} and {upper}", head)
        with self.binding(var, idx):
            return idx, self.ex(body)

    def _marks(self):
        return (len(self.derivatives), len(self.objectives), len(self.ambiguities), len(self.sums))

    def _restore(self, marks):
        for name, mark in zip(("derivatives", "objectives", "ambiguities", "sums"), marks):
            del getattr(self, name)[mark:]

    def _sum_subscript(self, sub, head):
        """``i``, ``i=1``, ``i \\neq k``, ``k=0, k \\neq j`` -> (name, lower, excluded)."""
        chains = _script_chains(sub)
        if chains is None:
            return self.bare_name_of(sub, head), None, ()
        var, lower, excluded = None, None, []
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
        if len(parts) != 5:
            return sqrt(value)
        degree = self.ex(parts[2])
        if degree.is_integer and degree.is_odd and not value.is_nonnegative:
            # numbers are real here: the odd root of -8 is -2, not SymPy's principal
            # complex root (which refuted \sqrt[3]{-8} = -2)
            odd = value.is_Pow and value.exp.is_integer and value.exp.is_odd
            return sign(value.base if odd else value) * root(Abs(value), degree)
        return root(value, degree)

    def based(self, tree):
        base = tree.children[0]
        sub, sup = (script_parts(tree.children[1].children) if len(tree.children) > 1
                    else (None, None))
        before = self.matrix_reads
        if isinstance(base, Tree) and base.data == "name":
            return self.matrix_power(before, sup, tree,
                                     self.name(base.children[0], sub, sup, primes(base)))
        if isinstance(base, Tree) and base.data == "func_call":
            value = self.func_call(base, sub)
            if sup is not None and function_name(base.children[0]) == "log":
                self.ambiguous("\\log(x)^t: (\\log x)^t or \\log(x^t)? write parentheses", tree)
        elif sub is not None and isinstance(base, Tree) and base.data == "paren":
            value = self.component(base, sub, tree)
        elif isinstance(base, Tree) and base.data in ("abs_value", "norm_value") and (
                sub is not None or base.data == "norm_value"):
            value = self.norm_value(base, sub)       # |x - y|_\infty: a norm of a vector
        else:
            if sub is not None:
                self.fail("only a name, a function value or a bracket can carry a subscript",
                          tree)
            value = self.ex(base)
            if value == 1 and sup is not None and is_transpose(sup):
                return self.ones_transposed(base.children[0] if isinstance(base, Tree) else base)
        return self.power(self.matrix_power(before, sup, tree, value), sup, tree) \
            if sup is not None else value

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


def _is_bare_func(node) -> bool:
    """A function written without parentheses (``\\log p_i``)."""
    return (isinstance(node, Tree) and node.data == "func_app"
            and isinstance(node.children[1], Tree) and node.children[1].data == "nparen")


def _is_bigop(node) -> bool:
    return isinstance(node, Tree) and node.data in ("sum_op", "prod_op", "deriv_op",
                                                    "partial_sub_op", "lim_op")


def _is_head(node) -> bool:
    """A left side that is one name applied to arguments: ``H(p)``, ``\\sigma(\\mathbf z)_i``,
    ``softmax(x_{ij})``."""
    if isinstance(node, Tree) and node.data == "based" and isinstance(node.children[0], Tree) \
            and node.children[0].data == "func_call":
        return True
    if isinstance(node, Tree) and node.data == "term" and len(node.children) == 1:
        return _is_head(node.children[0])
    return (isinstance(node, Tree) and node.data == "term" and len(node.children) == 2
            and all(isinstance(c, Tree) and c.data == "based" for c in node.children)
            and isinstance(node.children[0].children[0], Tree)
            and node.children[0].children[0].data == "name" and len(node.children[0].children) == 1
            and isinstance(node.children[1].children[0], Tree)
            and node.children[1].children[0].data == "paren")

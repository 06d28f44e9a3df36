"""Probability notation for the builder: indicators and conditional probabilities.

* ``1\\{y^{(i)} = k\\}``, ``\\mathbb{1}\\{a < b\\}``: the indicator of the relation, 1 where
  it holds and 0 elsewhere, ``Piecewise((1, Eq(a, b)), (0, True))`` (exact for any values,
  where ``KroneckerDelta`` would assume integers); ``\\neq`` is one minus it.  The
  indicator of an index relation between two letters (``1\\{i = j\\}``) is ``\\delta_{ij}``
  already (:mod:`derive.handcheck.tex`).
* ``p(y^{(i)} = k \\mid x^{(i)}; \\theta)``: a conditional probability, an undefined function
  ``p_{\\mid}`` of the event's variable, its value, the conditions and the parameters, in
  that order (``p(y \\mid x)`` has no value).  Undefined, it proves nothing about ``p``; but
  its indices are the row's (a sum index that is also free is reported), and its name is
  not that of a function ``p(a, b)`` written without the bar.  Defined (``p(y = k \\mid x)
  = ...``), a use is the definition only at the arguments it was defined for (the same
  letters, each taking the use's range): ``p(x \\mid y)`` is another distribution than
  ``p(y \\mid x)``, named by its arguments, not the same function at other points.
"""
from __future__ import annotations

from lark import Token, Tree
from sympy import Eq, Function, Ge, Gt, Idx, Indexed, Le, Lt, Piecewise, S

from .names import script_parts
from .notation import DIMENSIONS, INDEX_LETTERS, name_key

__all__ = ["Probability", "conditional_name", "is_conditional"]

_RELATIONS = {"=": Eq, "<": Lt, ">": Gt, "<=": Le, "\\le": Le, "\\leq": Le, "≤": Le,
              ">=": Ge, "\\ge": Ge, "\\geq": Ge, "≥": Ge}
_NOT_EQUAL = ("\\neq", "\\ne", "!=", "≠")


def conditional_name(key: str) -> str:
    """The function a conditional probability ``key(a \\mid b)`` is read as."""
    return f"{key}_{{\\mid}}"


def is_conditional(key: str) -> bool:
    """``key`` names a conditional probability (:func:`conditional_name`)."""
    return key.endswith("_{\\mid}")


class Probability:
    """Mixin of :class:`derive.handcheck.build.Builder`."""

    def indicator(self, tree):
        _, left, rel, right, _ = tree.children
        op = str(rel).strip()
        if op not in _RELATIONS and op not in _NOT_EQUAL:
            self.fail(f"the indicator of a relation {op} is not read: only =, \\neq, <, "
                      "\\le, >, \\ge", tree)
        a, b = self.ex(left), self.ex(right)
        for value in (a, b):
            self._scalar(value, tree)
        self._index_against_number(a, b, tree)
        held = Piecewise((S.One, Eq(a, b) if op in _NOT_EQUAL else _RELATIONS[op](a, b)),
                         (S.Zero, True))
        return 1 - held if op in _NOT_EQUAL else held

    def _index_against_number(self, a, b, tree):
        """``1\\{j \\le i\\}`` with ``j`` an index and ``i`` an index letter the row also
        uses as a number (``= i``): the author's ``i`` is an index, in a range the row does
        not give, so a reading of ``i`` as any real (a counterexample ``i = 3 > n``) is not
        the author's; refused, never guessed."""
        for one, other in ((a, b), (b, a)):
            # (the index itself, j or j + 1; not a family's entry such as y^{(i)})
            if not one.free_symbols or one.has(Indexed) or not all(
                    isinstance(s, Idx) for s in one.free_symbols):
                continue
            plain = sorted(str(s) for s in other.free_symbols
                           if not isinstance(s, Idx) and str(s) in INDEX_LETTERS)
            if plain:
                self.fail(f"the indicator compares an index with {plain[0]}, which the row "
                          f"also uses as a number: is {plain[0]} an index (in which range?) "
                          "or a real number? write its range or another letter", tree)

    def ranged_against_bound(self, idx, node):
        """``1\\{y = k\\}`` under ``\\sum_{k=1}^K``: the sum picks ``y``'s term only if ``y``
        lies in 1..K.  A letter that is no index letter and that no row gives a range
        would take the default one, a guess that proves the row in one document and
        refutes it in another; refused, never guessed."""
        bound = {str(v) for v in self.bound.values()} | set(self.bound)
        if not any(isinstance(ix, Idx) and str(ix) in bound for ix in idx):
            return
        for ix in idx:
            name = str(ix)
            if isinstance(ix, Idx) and name not in bound and name not in INDEX_LETTERS \
                    and name not in self.ranges and name not in DIMENSIONS:
                # (recorded, not raised: the parser builds the row again with the ranges
                # the families give, z_y with z over 1..K, and refuses only if still unranged)
                self.unranged.append((f"{name} is compared with a summation index, but no row "
                                      f"gives {name} a range (is {name} one of the sum's "
                                      f"values?): index a family by it (z_{name}) or write the "
                                      "sum's terms", self.where(node)))

    def cond_paren(self, tree):
        self.fail("a conditional probability (a \\mid b) needs the name of its function: "
                  "write p(y \\mid x)", tree)

    def call_of(self, item, nxt):
        """``name(...)`` applied: a conditional probability, or see ``application``."""
        value = self.conditional(item, nxt)
        return self.application(item, nxt) if value is None else value

    def conditional(self, item, nxt):
        """``p(a = b \\mid c; d)``, else None (not a conditional probability)."""
        if not (isinstance(nxt, Tree) and nxt.data == "based"
                and isinstance(nxt.children[0], Tree) and nxt.children[0].data == "cond_paren"):
            return None
        if not (isinstance(item, Tree) and item.data == "based" and len(item.children) == 1
                and isinstance(item.children[0], Tree) and item.children[0].data == "name"
                and item.children[0].children[0].type in ("LETTER", "WORD", "NAMECMD")
                and len(item.children[0].children) == 1):
            written = "".join(str(t) for t in item.scan_values(lambda v: isinstance(v, Token))) \
                if isinstance(item, Tree) else str(item)
            self.fail(f"a conditional probability (a \\mid b) is read only after a plain "
                      f"function name such as p (not {written}, with its scripts, primes or "
                      "command): write p(y \\mid x)", nxt)
        tok = item.children[0].children[0]
        paren = nxt.children[0]
        event, conditions = paren.children[1], paren.children[3]
        if len(event.children) == 3:          # y = k: the variable and its value
            nodes = [event.children[0], event.children[2]]
            if str(event.children[1]).strip() != "=":
                self.fail("the event of a conditional probability is read only as y = k", nxt)
        else:
            nodes = event.children[0].children[::2]
        nodes += conditions.children[::2]
        args = self.bare_arguments(nodes)
        for value in args:
            self._scalar(value, nxt)
        name = conditional_name(name_key(tok.type, str(tok)).key)
        definition = self.context.get(name)
        if definition is not None and definition.function and not self.head:
            value = self.instantiate(name, (), tok, args)     # p(y = k | x) = ... above
        else:
            self._unknown(name, "function", tok)
            self.calls.setdefault(name, (args, ()))
            value = Function(name)(*args)
        sub, sup = (script_parts(nxt.children[1].children) if len(nxt.children) > 1
                    else (None, None))
        if sub is not None:
            self.fail("a subscript on a conditional probability is not read", nxt)
        return self.power(value, sup, tok) if sup is not None else value

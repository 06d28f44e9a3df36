"""The engine's internal names replaced by distinct readable ones, for printing.

The checker works with names no author wrote: bound indices renamed to a
canonical ``_s0``, ``_s1`` (so that equal sums compare equal), ``Dummy``
symbols with a name (``j``, the same name for every fresh copy) or none
(``Dummy_123``, numbered by a process-wide counter).  Printed as they are,
``_s0`` is noise, two dummies named ``j`` read as one variable, and a
counter's number changes from run to run.  :func:`readable_names` gives each
such symbol its own name, one no other symbol of the expression has:

* a bound index with an internal name (``_s0``) takes the first free letter
  of ``j, k, l, m, q, r, s, t, u, v``;
* a named dummy keeps its name when it is free, else it is primed (``j'``);
* nameless dummies are ``xi`` when there is one, ``xi_1``, ``xi_2``, ...
  when there are several, numbered in order of appearance.

Renaming is a bijection onto fresh names, so the printed expression says
what the original says; only what the reader sees changes.

Example:
    >>> from sympy import Dummy, IndexedBase, Sum, Symbol
    >>> x, s = IndexedBase("x"), Symbol("_s0", integer=True)
    >>> readable_names(Sum(x[s], (s, 1, 3)) + Dummy())
    xi + Sum(x[j], (j, 1, 3))
"""
from __future__ import annotations

import re

from sympy import Basic, Dummy, Symbol, preorder_traversal
from sympy.core.relational import Relational

__all__ = ["readable_names", "is_internal"]

_LETTERS = "jklmqrstuv"
_NAMELESS = re.compile(r"Dummy_\d+")


def is_internal(sym) -> bool:
    """True for a symbol the engine made: a Dummy, or a name with a leading underscore."""
    return isinstance(sym, Dummy) or (isinstance(sym, Symbol) and sym.name.startswith("_"))


def readable_names(expr):
    """``expr`` with every internal symbol (see :func:`is_internal`) renamed apart.

    Anything that is not a SymPy object, or holds no internal symbol, comes
    back unchanged.
    """
    if not isinstance(expr, Basic):
        return expr
    internal = []
    for node in preorder_traversal(expr):
        if is_internal(node) and node not in internal:
            internal.append(node)
    if not internal:
        return expr
    internal.sort(key=lambda sym: _place(expr, internal, sym))
    taken = {a.name for a in expr.atoms(Symbol) if not is_internal(a)}
    nameless = [d for d in internal if _NAMELESS.fullmatch(d.name)]
    table = {}
    for sym in internal:
        if sym in nameless:
            name = "xi" if len(nameless) == 1 else "xi_%d" % (nameless.index(sym) + 1)
            while name in taken:
                name += "'"
        elif sym.name.startswith("_"):
            name = _letter(sym, taken)
        else:
            name = sym.name
            while name in taken:
                name += "'"
        taken.add(name)
        table[sym] = Symbol(name, **sym.assumptions0)
    return _swap(expr, table)


def _place(expr, internal, sym):
    """Where ``sym`` first shows in the text, the other internal symbols printed by name.

    A traversal meets dummies of one name in an order set by their creation counter
    (SymPy sorts terms by it), which depends on what ran before; the text with ``sym``
    marked depends only on the expression, so the names come out the same on every run.
    """
    marked = {d: Symbol(d.name, **d.assumptions0) for d in internal}
    marked[sym] = Symbol("\x00", **sym.assumptions0)
    text = str(_swap(expr, marked))
    return (text.find("\x00"), text)


def _swap(expr, table):
    """``expr.xreplace(table)``, with every relation rebuilt unevaluated.

    ``xreplace`` rebuilds a relation evaluated: ``Eq(xi + j, u - oo)``
    would become ``False``, a statement the author never wrote.
    """
    if expr in table:
        return table[expr]
    if not expr.args:
        return expr
    args = [_swap(a, table) for a in expr.args]
    if all(new is old for new, old in zip(args, expr.args)):
        return expr
    if isinstance(expr, Relational):
        return expr.func(*args, evaluate=False)
    return expr.func(*args)


def _letter(sym, taken: set) -> str:
    if sym.is_integer:
        for c in _LETTERS:
            if c not in taken:
                return c
    name = sym.name.lstrip("_") or "s"
    while name in taken:
        name += "'"
    return name


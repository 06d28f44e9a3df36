"""Index bookkeeping for parsed expressions: free and bound indices, fresh names.

SymPy's ``free_symbols`` reports ``p[i]`` inside ``Sum(p[i], (i, 1, n))`` as
free, so the parser walks the tree itself: an ``Idx`` is bound inside the
``Sum``/``Product`` whose limits name it and free elsewhere.

Sums the parser creates on the user's behalf (``softmax``, ``\\langle\\rangle``,
substituted definitions) use *placeholder* indices (names starting with
``PLACEHOLDER``) which :func:`rename_placeholders` later turns into letters not
used anywhere in the row, so that they can never capture or clash with an
index the user wrote.
"""
from __future__ import annotations

import threading
from contextlib import contextmanager
from itertools import count

from sympy import Basic, Derivative, Idx, Indexed, Piecewise, Product, Sum, Symbol

__all__ = ["at_indices", "PLACEHOLDER", "free_indices", "bound_indices", "placeholder", "rename_bound_apart",
           "family_range", "families_of",
           "rename_placeholders", "fresh_bound", "fresh_bound_for_check", "placeholder_scope", "jump_in",
           "JUMP"]

PLACEHOLDER = "ι"
_FRESH = ("i", "j", "k", "l", "m", "q", "r", "s", "t", "u", "v")
_outside = count(1)          # placeholders made outside any document: ι01, ι02, ...
_scopes = threading.local()  # per thread: (counter, depth) of the document being read


def free_indices(expr) -> set:
    """The ``Idx`` objects occurring free in ``expr``."""
    found: set = set()
    _walk(expr, frozenset(), found, None)
    return found


def bound_indices(expr) -> list:
    """``(Idx, enclosing bound names)`` for every bound index, outermost first."""
    found: list = []
    _walk(expr, frozenset(), set(), found)
    return found


def _walk(e, bound, free, binders):
    if isinstance(e, Idx):
        if e.name not in bound:
            free.add(e)
        return
    if not isinstance(e, Basic):
        return
    if isinstance(e, (Sum, Product)):
        inner = set(bound)
        for var, *ends in e.limits:
            for end in ends:
                _walk(end, frozenset(inner), free, binders)
            if binders is not None:
                binders.append((var, frozenset(inner)))
            inner.add(var.name)
        _walk(e.function, frozenset(inner), free, binders)
        return
    if isinstance(e, Derivative):
        _walk(e.expr, bound, free, binders)
        for var, _ in e.variable_count:
            _walk(var, bound, free, binders)
        return
    for arg in e.args:
        _walk(arg, bound, free, binders)


@contextmanager
def placeholder_scope():
    """Number the placeholders of one document from 1 (ι1, ι2, ...).

    The same document then gets the same names on every run and in every process,
    whatever was read before it: the verdict cache's keys and the engine's choice
    of method depend on the names.  Placeholders made outside any scope are named
    ι01, ι02, ... and can never equal one made inside (no numeral starts with 0);
    a nested scope goes on with its enclosing document's numbering.
    """
    depth = getattr(_scopes, "depth", 0)
    if depth == 0:
        _scopes.counter = count(1)
        _scopes.renamed = {}
    _scopes.depth = depth + 1
    try:
        yield
    finally:
        _scopes.depth = depth


def placeholder(lower, upper) -> Idx:
    """A fresh placeholder index over ``lower..upper``."""
    if getattr(_scopes, "depth", 0):
        return Idx(f"{PLACEHOLDER}{next(_scopes.counter)}", (lower, upper))
    return Idx(f"{PLACEHOLDER}0{next(_outside)}", (lower, upper))


def fresh_bound(expr):
    """``expr`` with every bound index replaced by a fresh placeholder, in its own scope only.

    A free index of the same name is another variable and stays as it is
    (``z_k * sum_k z_k`` keeps its first ``k``).  Sums over the same index get
    the same placeholder: their scopes do not overlap, or one shadows the
    other exactly as before.
    """
    return _rename_bound(expr, {})[0] if isinstance(expr, Basic) else expr


def fresh_bound_for_check(expr):
    """:func:`fresh_bound`, the same result for the same ``expr`` within one document.

    For the hypotheses handed to the checker: the same hypothesis then reaches it as the
    same object on every check, so its work on it (and its memo of settled claims) is
    found again.  The placeholders are fresh when first made and only ever go to the
    checker, which hands none back, so no later row can contain one; outside a document
    every call is fresh.
    """
    renamed = getattr(_scopes, "renamed", None) if getattr(_scopes, "depth", 0) else None
    if renamed is None or not isinstance(expr, Basic):
        return fresh_bound(expr)
    if expr not in renamed:
        renamed[expr] = fresh_bound(expr)
    return renamed[expr]


def _rename_bound(e, table):
    """(``e`` with the Idx variables of its sums and products renamed, the table used).

    The limits run innermost first; a variable's scope is the summand and the
    bounds of the limits inside it, never its own bounds or outer ones.
    """
    if not isinstance(e, Basic) or not e.has(Sum, Product):
        return e, table
    if isinstance(e, (Sum, Product)):
        body = _rename_bound(e.function, table)[0]
        limits = [[lim[0]] + [_rename_bound(b, table)[0] for b in lim[1:]] for lim in e.limits]
        for pos, lim in enumerate(limits):
            var = lim[0]
            if not isinstance(var, Idx) or len(lim) != 3:
                continue
            new = table.setdefault(var, placeholder(var.lower, var.upper))
            body = body.xreplace({var: new})
            for inner in limits[:pos]:
                inner[1:] = [b.xreplace({var: new}) for b in inner[1:]]
            lim[0] = new
        return e.func(body, *[tuple(lim) for lim in limits]), table
    return e.func(*[_rename_bound(a, table)[0] for a in e.args]), table


def rename_placeholders(exprs: tuple) -> tuple:
    """Give placeholder indices the first letters unused in ``exprs``."""
    used = set()
    holders = []
    for e in exprs:
        for ix in (e.atoms(Idx) if isinstance(e, Basic) else ()):
            if ix.name.startswith(PLACEHOLDER):
                if ix not in holders:
                    holders.append(ix)
            else:
                used.add(ix.name)
        used |= {str(s) for s in (e.free_symbols if isinstance(e, Basic) else ())}
    if not holders:
        return exprs
    mapping = {}
    names = (name for name in _candidates() if name not in used)
    for ix in sorted(holders, key=lambda h: int(h.name[len(PLACEHOLDER):])):
        mapping[ix] = Idx(next(names), (ix.lower, ix.upper))
    return tuple(e.xreplace(mapping) if isinstance(e, Basic) else e for e in exprs)


def _candidates():
    yield from _FRESH
    for k in count(2):
        for letter in _FRESH:
            yield f"{letter}{k}"


def rename_bound_apart(expr):
    """``(expr with fresh bound indices, mapping back)``: a rewrite of free
    occurrences on the first cannot touch a bound one; ``xreplace`` with the
    mapping restores the original names."""
    if not isinstance(expr, Basic):
        return expr, {}
    apart, table = _rename_bound(expr, {})
    return apart, {v: k for k, v in table.items()}


def family_range(ranges, label: str, slot: int = 0):
    """The range a document gives the ``slot``-th index of family ``label``, or None.

    ``ranges`` maps ``(label, slot)`` (or, for the first slot, ``label``) to
    ``(lower, upper)``: ``x_{pq}`` summed over ``p = 0..M-1`` and ``q = 0..N-1``
    has a range per slot.
    """
    found = ranges.get((label, slot))
    return found if found is not None or slot else ranges.get(label)


def families_of(value, idx) -> list:
    """``(family, slot)`` for each entry index ``idx`` is in (``(z, 0)`` in ``e^{z_k}``)."""
    return sorted({(str(a.base.label), a.indices.index(idx)) for a in value.atoms(Indexed)
                   if idx in a.indices})


def at_indices(body, old, new):
    """A definition's body at the use's indices: ``f_w = w^2`` at ``v`` is ``v^2``.

    A subscript that is no index letter (``w``, ``\\theta``) is a symbol in the body,
    apart from the ``Idx`` of the left side: both are replaced (only the ``Idx`` was,
    so ``f_v = w^2`` was proved).
    """
    mapping = dict(zip(old, new))
    for o, n in zip(old, new):
        for s in body.free_symbols if o != n else ():
            if isinstance(s, Symbol) and not isinstance(s, Idx) and s.name == o.name:
                mapping[s] = Symbol(n.name, real=True) if isinstance(n, Idx) else n
    return body.xreplace(mapping)


def vector_length(found, dimension):
    """The entries ``(lower, upper)`` of a vector used whole (``1^T p``, ``softmax(z)``) whose
    sums run over ``found`` in the document, or None when that cannot be told.

    A family summed over ``1..K`` (or ``0..K-1``) everywhere is a vector of K entries.  A
    sum over other limits (``1..n-1``, ``2..n``) is a partial sum of the vector of n
    entries, never its length: the length borrowed from it proved
    ``1^T p = \\sum_{i=1}^{n-1} p_i``.  Over ``0..n`` the vector could have n + 1 entries
    or the sum an entry the vector does not have: None."""
    if found is None:
        return (1, dimension)
    lower, upper = found
    if lower == 1 and upper.is_Symbol or lower == 0 and (upper + 1).is_Symbol:
        return found
    if lower.is_Integer and lower >= 1:
        return (1, dimension)
    return None


JUMP = ("the derivative of an indicator or a piecewise function of the variable is not read: "
        "it does not exist where the condition changes")


def jump_in(operand, variables):
    """A piece-wise part of ``operand`` (an indicator ``1\\{x > 0\\}``, a ``cases``) whose
    condition depends on one of ``variables``, else None.  Its derivative does not exist
    where the condition changes (SymPy differentiates piece by piece and drops the jump),
    so a derivative of it is never carried out as if it were smooth."""
    if not isinstance(operand, Basic):
        return None
    bases = {v.base for v in variables if isinstance(v, Indexed)}
    names = {v for v in variables if not isinstance(v, Indexed)}
    for piece in operand.atoms(Piecewise):
        for _, cond in piece.args:
            if not isinstance(cond, Basic) or cond in (True, False):
                continue
            if cond.free_symbols & names or any(a.base in bases for a in cond.atoms(Indexed)):
                return piece
    return None

"""Relations of a row that are read as conditions, and which claims stand alone.

Helpers of :mod:`derive.handcheck.run`: a row's ``\\text{if } i = j`` as
relations on the row's own indices, and the test of whether a relation no
row above leads to is still a claim to refute (an identity) or a statement
about different quantities (a premise, not refuted as a step).
"""
from __future__ import annotations

from sympy import Function, Idx, Indexed, Pow, Symbol

from ..errors import ParseError
from .outcome import links
from .parser import parse_row
from .scope import is_case

__all__ = ["COMPARISONS", "condition_relations", "identity_like", "same_indices"]

COMPARISONS = frozenset({"=", "<", ">", "<=", ">=", "\\le", "\\leq", "\\ge", "\\geq", "≤", "≥",
                          "\\leqslant", "\\geqslant"})


def condition_relations(text, line, defs, doc):
    """A row condition as ``[(a, op, b)]``; ``not:`` negates an index relation; None if unread."""
    negate = text.startswith("not:")
    text = text[4:] if negate else text
    try:
        row = parse_row(text, line=line, context=defs, dims=doc.dims,
                        family_ranges=doc.family_ranges)
    except ParseError:
        return None
    if any(d.kind not in ("undefined-symbol",) for d in row.diagnostics):
        return None
    rels = [link for c in row.chains for link in links(c.exprs, c.ops)]
    if not rels or any(c.continuation for c in row.chains):
        return None
    if negate:
        if len(rels) != 1 or rels[0][1] not in ("=", "\\neq") or not is_case(rels):
            return None
        a, op, b = rels[0]
        rels = [(a, "\\neq" if op == "=" else "=", b)]
    return rels


def same_indices(rels, row):
    """The condition's indices as the row's own: ``if i = j`` speaks of the row's ``j``.

    The condition is parsed alone, so its ``j`` has the default range while
    the row's ``j`` took its range from the sums it meets (1..K); without this
    the case ``i = j`` would set ``i`` to a different ``j``.
    """
    own: dict = {}
    for chain in row.chains:
        for e in chain.exprs:
            for ix in e.atoms(Idx):
                own.setdefault(ix.name, set()).add(ix)
    mapping = {}
    for a, _, b in rels:
        for side in (a, b):
            for ix in getattr(side, "atoms", lambda *_: ())(Idx):
                found = own.get(ix.name, set())
                if len(found) == 1 and ix not in found:
                    mapping[ix] = next(iter(found))
    if not mapping:
        return list(rels)
    return [(a.xreplace(mapping), op, b.xreplace(mapping)) for a, op, b in rels]


def identity_like(a, b) -> bool:
    """A claim to refute even when nothing above leads to it.

    Both sides share a variable (an identity), neither has one (arithmetic),
    or one side is a number and the other applies a function (``e^{z_j} > 1``).
    What is left relates different quantities (``\\sum_i p_i = 1``,
    ``e^{-1-\\lambda} = 1/N``): a premise, a definition or a result of prose.
    """
    def names(e):
        found = {str(s) for s in e.free_symbols if isinstance(s, Symbol) and not s.is_integer}
        return found | {str(x.base.label) for x in e.atoms(Indexed)}
    left, right = names(a), names(b)
    if left & right or not (left or right):
        return True
    if (not left or not right) and len(left | right) == 1:
        side = a if left else b
        return bool(side.atoms(Function)) or any(isinstance(p, Pow) and not p.exp.is_Integer
                                                 for p in side.atoms(Pow))
    return False

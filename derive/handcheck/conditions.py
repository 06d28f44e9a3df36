"""Relations of a row read as conditions, and the rules for judging one claim.

Helpers of :mod:`derive.handcheck.run` and :mod:`derive.handcheck.verdicts`:
a row's ``\\text{if } i = j`` as relations on the row's own indices, and the
rules, each a reason for a reader to reject a counterexample:

* :func:`identity_like`: a claim relating quantities that nothing above
  connects (``\\sum_i p_i = 1``) is a premise, a definition or a result of
  prose, not a step to refute; an identity (both sides share a variable) or
  a claim about one variable (``e^{z} > 1``) is refutable.
* :func:`one_sided`: a name that appears for the first time on one side of a
  step is undefined, not a free variable to refute with.
* :func:`free_mismatch`: an index free on one side only.
* :func:`opaque_derivatives`: a derivative in a variable its operand lacks
  means something the document does not say; it must neither vanish nor
  cancel.
* :func:`relevant`: the hypotheses a claim needs, through shared names.
* :func:`anchor_indices`: the row above, continued by this one, speaks of
  this row's indices.
"""
from __future__ import annotations

import re

from sympy import Derivative, Function, Idx, Indexed, Pow, Product, Sum, Symbol

from ..errors import ParseError
from .indexing import free_indices, rename_bound_apart
from .outcome import links
from .parser import parse_row
from .scope import is_case

__all__ = ["COMPARISONS", "NAMED", "NORMALISED", "OPAQUE", "anchor_indices", "bound_names",
           "condition_relations", "free_mismatch", "identity_like", "names_of", "one_sided",
           "opaque_derivatives", "pairs", "relevant", "reused_index", "same_indices",
           "sharing_lines"]

COMPARISONS = frozenset({"=", "<", ">", "<=", ">=", "\\le", "\\leq", "\\ge", "\\geq", "≤", "≥",
                          "\\leqslant", "\\geqslant"})
NAMED = re.compile(r"softmax|sigmoid|\\sigma\s*[(_]|\\tanh|tanh|LSE|logsumexp|relu|ReLU|softplus")
NORMALISED = frozenset({"y", "t", "q", "Y", "p"})   # targets and probabilities: distributions
OPAQUE = "∂?"


def condition_relations(text, line, defs, doc):
    """A row condition as ``[(a, op, b)]``; ``not:`` negates an index relation; None if unread."""
    negate = text.startswith("not:")
    text = text[4:] if negate else text
    try:
        row = parse_row(text, line=line, context=defs, dims=doc.dims,
                        dimension=doc.dimension, bare_indices=True,
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
    left, right = names_of(a), names_of(b)
    if left & right or not (left or right):
        return True
    if (not left or not right) and len(left | right) == 1:
        side = a if left else b
        return bool(side.atoms(Function)) or any(isinstance(p, Pow) and not p.exp.is_Integer
                                                 for p in side.atoms(Pow))
    return False


def names_of(e) -> set:
    """The real variables and the families an expression speaks of."""
    found = {str(s) for s in e.free_symbols if isinstance(s, Symbol) and not s.is_integer}
    return found | {str(x.base.label) for x in e.atoms(Indexed)}


def one_sided(a, b) -> set:
    """Names on one side of a relation only, when the other side has names too
    (``e^{z} > 1`` is a claim for every z; ``p_i = x^i / \\dots`` introduces x)."""
    left, right = names_of(a), names_of(b)
    if not left or not right:
        return set()
    return (left | right) - (left & right)


def free_mismatch(a, b) -> list:
    """Free indices on one side only, when both sides vary with some index."""
    if not (hasattr(a, "free_symbols") and hasattr(b, "free_symbols")):
        return []
    left = {ix.name for ix in free_indices(a)}
    right = {ix.name for ix in free_indices(b)}
    if not left or not right:
        return []
    return sorted(left ^ right)


def reused_index(a, b) -> set:
    """Indices free in ``a`` that ``b`` sums over while they are not free in ``b``."""
    if not (hasattr(a, "free_symbols") and hasattr(b, "free_symbols")):
        return set()
    return ({ix.name for ix in free_indices(a)} - {ix.name for ix in free_indices(b)}) \
        & bound_names(b)


def bound_names(e) -> set:
    """The names of the indices that sums and products in ``e`` bind."""
    if not hasattr(e, "atoms"):
        return set()
    return {str(v) for s in e.atoms(Sum, Product) for v in s.variables}


def relevant(claim, given) -> tuple:
    """The hypotheses connected to the claim through shared names (transitively).

    The others constrain nothing the claim mentions: leaving them out keeps a
    proof a proof, and a counterexample extends to them (they are satisfiable
    on their own names, as every premise in scope is taken to be).
    """
    if not hasattr(claim, "free_symbols"):
        return tuple(given)
    names = names_of(claim)
    chosen, rest = [], list(given)
    grew = True
    while grew:
        grew = False
        for g in list(rest):
            if names_of(g) & names or not names_of(g):
                chosen.append(g)
                names |= names_of(g)
                rest.remove(g)
                grew = True
    return tuple(g for g in given if g in chosen)


def opaque_derivatives(e):
    """``e`` with every derivative in a variable its operand lacks made an opaque number:
    it means something the derivation does not say, so it can neither vanish nor cancel."""
    def opaque(d):
        if all(d.expr.has(v) for v in d.variables):
            return d
        return Symbol(f"{OPAQUE}({d.expr})/({', '.join(map(str, d.variables))})", real=True)
    return e.replace(lambda x: isinstance(x, Derivative), opaque)


def anchor_indices(anchor, exprs):
    """The row above read with this row's indices: ``j`` must be one index in a step,
    even when the two rows gave it different ranges."""
    mine = {ix.name: ix for e in exprs if hasattr(e, "atoms") for ix in free_indices(e)}
    if not hasattr(anchor, "atoms"):
        return anchor
    swap = {ix: mine[ix.name] for ix in free_indices(anchor)
            if ix.name in mine and mine[ix.name] != ix}
    if not swap:
        return anchor
    apart, back = rename_bound_apart(anchor)     # a bound j of the same name stays itself
    return apart.xreplace(swap).xreplace(back)


def pairs(cex) -> str:
    """A counterexample as ``a = 1, b = 2`` in a stable order."""
    return ", ".join(f"{k} = {v}" for k, v in sorted((cex or {}).items(), key=lambda kv: str(kv[0])))


def sharing_lines(hypotheses, relations) -> tuple:
    """The lines of the hypotheses connected to ``relations`` through shared names."""
    names = set().union(*(names_of(a) | names_of(b) for a, _, b in relations))
    chosen, rest, grew = set(), list(hypotheses), True
    while grew:
        grew = False
        for h in list(rest):
            mine = set().union(set(), *(names_of(a) | names_of(b) for a, _, b in h.relations))
            if mine & names:
                chosen.add(h.line)
                names |= mine
                rest.remove(h)
                grew = True
    return tuple(sorted(chosen))

"""A family named term by term: ``L = -\\sum_j y_j \\log p_j = -\\sum_j \\ell_j``.

A row that rewrites a sum as the same sum of a new family's entries, with no
other name in it, is read as the field writes it: it names the terms,
``\\ell_j = y_j \\log p_j``.  Only the equality of the two sums follows from
the row; that the terms are equal one by one is the author's naming, which
the rows below use (``\\partial \\ell_j / \\partial p_j``).  It applies only
when nothing else is possible:

* the new family appears nowhere above, and only as ``\\ell_j`` with the
  sum's own index (not ``\\ell_{j+1}``, not ``\\ell_1``);
* the sum it names continues a chain (``L = ... = -\\sum_j \\ell_j``, or a row
  starting with ``=``): a bare equation between two sums, ``\\sum_i p_i =
  \\sum_j y_j``, is a statement about the sums and defines nothing entrywise;
* the terms are not another family's bare entries (``y_j = p_j``): renaming a
  family entrywise is written ``\\mathbf y = \\mathbf p``, never through sums;
* the side it appears on is ``c \\sum_j \\ell_j``, the other ``c' \\sum_j g_j``
  with the same limits, and ``c, c'`` free of the index (``c'/c`` goes into
  the terms: ``-\\sum_j y_j \\log p_j = -\\sum_j \\ell_j`` gives
  ``\\ell_j = y_j \\log p_j``).

A row that does not have this shape is checked as it stands.
"""
from __future__ import annotations

from sympy import Eq, Indexed, Mul, S, Sum

from .conditions import names_of
from .expand import defined_name
from .names import Definition
from .outcome import ASSUMED, Outcome

__all__ = ["term_family", "name_terms"]


def term_family(a, b, fresh: set):
    """``(name, index, term)`` when ``b`` (or ``a``) names the terms of the other side's sum
    by a family in ``fresh``; else None."""
    for named, other in ((b, a), (a, b)):
        found = _terms(named, other, fresh)
        if found is not None:
            return found
    return None


def _terms(named, other, fresh):
    left = _scaled_sum(named)
    right = _scaled_sum(other)
    if left is None or right is None:
        return None
    (c, summand, limits), (c2, body, limits2) = left, right
    if len(limits) != 1 or len(limits2) != 1:
        return None
    (var, lo, hi), (var2, lo2, hi2) = limits[0], limits2[0]
    if (lo, hi) != (lo2, hi2) or not isinstance(summand, Indexed):
        return None
    name = str(summand.base.label)
    if name not in fresh or summand.indices != (var,):
        return None
    term = (c2 / c) * body.xreplace({var2: var})
    if isinstance(term, Indexed):
        return None
    if var in c.free_symbols or var2 in c2.free_symbols or summand.base in _bases(term) \
            or (names_of(c) | names_of(c2)) & fresh:
        return None
    return name, var, term


def _scaled_sum(e):
    """``(c, summand, limits)`` for ``c * Sum(summand, *limits)``, ``c`` free of sums."""
    if isinstance(e, Sum):
        return S.One, e.function, e.limits
    if isinstance(e, Mul):
        sums = [f for f in e.args if isinstance(f, Sum)]
        if len(sums) == 1:
            rest = Mul(*[f for f in e.args if f is not sums[0]])
            if not rest.has(Sum) and rest != 0:
                return rest, sums[0].function, sums[0].limits
    return None


def _bases(e) -> set:
    return {x.base for x in e.atoms(Indexed)}


def name_terms(run, a, op, b, raw_a, raw_b, carried=True):
    """The row ``a = b`` naming the terms of a sum: a definition of ``run``, else None.

    ``carried``: ``a`` continues a chain (a side from above).  Only then, or when ``a`` is
    a defined quantity (``L = -\\sum_j \\ell_j`` below ``L``'s definition), the row names:
    an equation between two sums (``\\sum_i p_i = \\sum_j y_j``) names no terms.

    ``raw_a``, ``raw_b`` are the sides as written (defined names kept as names), so
    the terms keep ``p`` for ``p_j``: ``\\partial \\ell_j / \\partial p_j`` holds it.
    """
    if op != "=" or raw_a is None or raw_b is None or not (
            carried or defined_name(raw_a, run.defs) is not None):
        return None
    fresh = (names_of(raw_a) ^ names_of(raw_b)) - run.seen - set(run.defs) - run.undefined
    if not fresh:
        return None
    found = term_family(_as_written(raw_a, run.defs), _as_written(raw_b, run.defs), fresh)
    if found is None:
        return None
    name, var, term = found
    run.defs[name] = Definition(name, term, (var,))
    run.seen.add(name)
    return Outcome(ASSUMED, "definition", detail=f"names the terms of the sum: {name}_{var} = "
                   f"{term}", parsed=Eq(a, b, evaluate=False), role="definition")


def _as_written(e, defs):
    """A defined name (``L`` in ``L = -\\sum_j \\ell_j`` below ``L``'s definition) as its
    definition's body, names kept; anything else as it is."""
    key = defined_name(e, defs)
    if key is None:
        return e
    d = defs[key]
    if isinstance(e, Indexed):
        return d.body.xreplace(dict(zip(d.indices, e.indices)))
    return d.body

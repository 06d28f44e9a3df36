"""``\\max z``, ``\\min z`` in a counterexample: kept only when the values respect them.

``\\max z`` (``\\max{z}``, or ``\\max_i z_i`` after a definition) is read as a
name, a number the checker knows nothing about.  A counterexample that gives
it a value is one the document's reader accepts only when some vector ``z``
with the entries the counterexample fixes, inside the range the document
gives ``z``, has that value as its largest (smallest) entry: no fixed entry
above it, and either a fixed entry equal to it or an entry left free to take
it.  When the checker's counterexample does not, the search is tried again
with every entry held below the value and the first (then the last) equal to
it -- stronger than the meaning, so what it finds is a counterexample under
the meaning; those hypotheses never prove anything.  Otherwise the row is
unknown.
"""
from __future__ import annotations

import re

from sympy import Eq, Ge, Indexed, Integer, Le, Symbol, sympify

from ..symbols import n as _n
from .indexing import family_range, placeholder

__all__ = ["respected_extrema", "extremum_names", "extrema_of", "consistent", "extremum_hypotheses"]

_EXTREMUM = re.compile(r"^(max|min)\((\w+)\)$")
_OVER = re.compile(r"^\\(max|min)_\{(\w+)\} (\w+)_\{\2\}$")     # \max_{i} z_{i}


def extrema_of(expr) -> list:
    """``[(symbol, "max"|"min", family)]`` for the maxima and minima of a family in ``expr``."""
    found = []
    for sym in sorted(getattr(expr, "free_symbols", ()), key=str):
        if not isinstance(sym, Symbol):
            continue
        m = _EXTREMUM.match(sym.name)
        if m is not None:
            found.append((sym, m.group(1), m.group(2)))
            continue
        m = _OVER.match(sym.name)
        if m is not None:
            found.append((sym, m.group(1), m.group(3)))
    return found


def respected_extrema(names, cex, doc) -> set:
    """The names among ``names`` that are ``max(z)``/``min(z)`` and whose value in
    ``cex`` is the maximum/minimum of ``z``'s entries there."""
    names = set(names)
    symbols = [Symbol(name) for name in names]
    return {str(sym) for sym, kind, family in extrema_of(_Bag(symbols))
            if consistent(sym, kind, family, cex, doc)}


def extremum_names(names) -> set:
    """The names among ``names`` that are the maximum or minimum of a family."""
    return {str(sym) for sym, _, _ in extrema_of(_Bag([Symbol(name) for name in names]))}


class _Bag:
    def __init__(self, symbols):
        self.free_symbols = set(symbols)


def consistent(sym, kind, family, cex, doc) -> bool:
    """``cex`` gives ``sym`` a value that some vector ``family`` with the given entries has
    as its maximum (minimum), every entry inside the range the document gives it."""
    cex = {k: sympify(v) for k, v in (cex or {}).items()}
    values = {str(k): v for k, v in cex.items()}
    value = values.get(str(sym))
    if value is None or not getattr(value, "is_Rational", False):
        return False
    lower, upper = family_range(doc.family_ranges, family) or (1, doc.dimension or _n)
    lower, upper = _fixed(lower, values), _fixed(upper, values, free=True)
    if lower is None:
        return False
    known = {}
    for key, v in cex.items():
        if isinstance(key, Indexed) and str(key.base.label) == family:
            if len(key.indices) != 1 or not key.indices[0].is_Integer or \
                    not getattr(v, "is_Rational", False):
                return False
            k = int(key.indices[0])
            if k < lower or upper is not None and upper is not _FREE and k > upper:
                return False
            known[k] = v
    if known and (value < max(known.values()) if kind == "max" else value > min(known.values())):
        return False
    if value in known.values():
        return True
    # not attained by an entry the counterexample fixes: another entry must be free to take it
    if upper is _FREE:
        return True
    return upper is not None and len(known) < upper - lower + 1


def extremum_hypotheses(expr, doc, last=False) -> tuple:
    """Hypotheses that make every maximum (minimum) in ``expr`` what it names: each entry
    at most (least) the value, the first (``last``: the last) entry equal to it.  Stronger
    than the meaning, so a counterexample under them is one under the meaning (never used
    to prove)."""
    out = []
    for sym, kind, family in extrema_of(expr):
        bases = {a.base for a in expr.atoms(Indexed) if str(a.base.label) == family}
        if len(bases) != 1:
            continue
        base = bases.pop()
        lower, upper = family_range(doc.family_ranges, family) or (1, doc.dimension or _n)
        s = placeholder(lower, upper)
        out.append(Le(base[s], sym) if kind == "max" else Ge(base[s], sym))
        out.append(Eq(base[upper if last else lower], sym))
    return tuple(out)


_FREE = object()


def _fixed(bound, values, free=False):
    if isinstance(bound, (int, Integer)):
        return int(bound)
    if isinstance(bound, Symbol) and str(bound) in values and values[str(bound)].is_Integer:
        return int(values[str(bound)])
    if free and isinstance(bound, Symbol):
        return _FREE            # the count is not in the counterexample: any will do
    return None

"""The catalogue's entry type and its checker, for general n and at a fixed n.

``check_identity(entry)`` checks the claim as stated, for a symbolic
dimension.  ``check_identity(entry, n_value=4)`` sets the number of classes
``n`` to 4 and any other dimension of the entry (samples ``N``, features
``D``) to ``min(4, 2)``, writes every sum out, and checks the claim for every
assignment of its free indices.  Two samples and two features already
exercise every kind of term the sums over them produce (equal and distinct
indices); more would only make the fixed-n check slower.  A hypothesis with
an index of its own (``Σ_k Y[r, k] = 1`` for every sample ``r``) becomes one
hypothesis per value of that index.
"""
from __future__ import annotations

import time
from dataclasses import dataclass, replace
from itertools import product

from sympy import And, Basic, Eq, Idx, Integer, Sum, Symbol, exp
from sympy.core.relational import Relational

from ..kernel.binders import subs_free
from ..kernel.checker import check
from ..kernel.indices import free_indices, write_out_sums
from ..symbols import i, n
from ..kernel.verdict import PROVED, REFUTED, Verdict

__all__ = ["Identity", "check_identity", "softmax", "dimensions", "equation"]

_EXPECTED = (PROVED, REFUTED)
_OTHER_DIMENSIONS = 2     # samples, features: see the module docstring


def equation(lhs, rhs, evaluate=False):
    """``Eq(lhs, rhs)`` as stated, unevaluated.

    Evaluating an ``Eq`` of derivatives and sums asks SymPy's assumption system about the
    whole difference (seconds at import time for the catalogue) and can only turn a
    claim into ``true`` before the checker sees it.
    """
    return Eq(lhs, rhs, evaluate=evaluate)


def softmax(family, q, bound=i, dim=n):
    """``exp(family_q) / Σ_{bound=1}^{dim} exp(family_bound)``."""
    return exp(family[q]) / Sum(exp(family[bound]), (bound, 1, dim))


@dataclass(frozen=True)
class Identity:
    """A named claim from the sources.

    Attributes:
        name: snake_case; states the claim.
        statement: the claim in one sentence of plain words.
        claim: the SymPy relation, for general n.
        given: hypotheses (SymPy relations) the claim may use.  An index free
            in a hypothesis but not in the claim is read "for every value".
        source: where it stands, e.g. "003, item 2" or "002, eq. (6)".
        expected: "proved" for a true claim, "refuted" for one false as stated.
        min_n: the smallest dimension at which the claim is meant to hold.
    """

    name: str
    statement: str
    claim: object
    given: tuple = ()
    source: str = ""
    expected: str = PROVED
    min_n: int = 1

    def __post_init__(self):
        if self.expected not in _EXPECTED:
            raise ValueError(f"expected must be one of {_EXPECTED}, got {self.expected!r}")
        if isinstance(self.min_n, bool) or not isinstance(self.min_n, int) or self.min_n < 1:
            raise ValueError(f"min_n must be a positive int, got {self.min_n!r}")
        if not isinstance(self.claim, Basic):
            raise TypeError(f"claim must be a SymPy relation, got {type(self.claim).__name__}")


def dimensions(entry: Identity) -> list:
    """The integer symbols that bound the entry's sums and indices (n, N, D, ...)."""
    objs = [entry.claim, *entry.given]
    dims = set()
    for o in objs:
        for ix in o.atoms(Idx):
            for b in (ix.lower, ix.upper):
                if b is not None:
                    dims |= {a for a in b.free_symbols if not isinstance(a, Idx)}
        for s in o.atoms(Sum):
            for (_, lo, hi) in s.limits:
                dims |= {a for a in lo.free_symbols | hi.free_symbols if not isinstance(a, Idx)}
        if n in o.free_symbols:
            dims.add(n)
    return sorted((d for d in dims if isinstance(d, Symbol) and d.is_integer), key=str)


def check_identity(entry: Identity, *, n_value: int | None = None, timeout: float = 10.0) -> Verdict:
    """Check ``entry`` for general n, or at the fixed dimension ``n_value``.

    Args:
        entry: a catalogue :class:`Identity`.
        n_value: None for a symbolic dimension; else an int >= ``entry.min_n``,
            the number of classes ``n`` (other dimensions: ``min(n_value, 2)``).
        timeout: seconds for each call of :func:`derive.check`.

    Returns:
        The general verdict; at fixed n, the first verdict that is not
        "proved" (with the index assignment in its detail), else a combined
        "proved" verdict.

    Raises:
        TypeError, ValueError: a bad argument; the message names it.
    """
    if not isinstance(entry, Identity):
        raise TypeError(f"entry must be a derive.catalogue.Identity, got {type(entry).__name__}")
    if n_value is None:
        return check(entry.claim, given=entry.given, timeout=timeout)
    if isinstance(n_value, bool) or not isinstance(n_value, int):
        raise TypeError(f"n_value must be an int or None, got {n_value!r}")
    if n_value < entry.min_n:
        raise ValueError(f"n_value must be at least {entry.min_n} for {entry.name} "
                         f"(the claim is stated for n >= {entry.min_n}), got {n_value}")
    start, verdicts = time.perf_counter(), []
    dims = {d: (n_value if d == n else min(n_value, _OTHER_DIMENSIONS)) for d in dimensions(entry)}
    for values in _assignments(entry.claim, dims):
        v = check(_fix(entry.claim, values), given=_fix_given(entry.given, values),
                  timeout=timeout)
        verdicts.append(v)
        if not v.proved:
            return replace(v, detail=f"at n = {n_value}, {_describe(values)}: {v.detail}",
                           seconds=time.perf_counter() - start)
    methods = " ; ".join(dict.fromkeys(v.method for v in verdicts))
    return Verdict(PROVED, methods, None, time.perf_counter() - start,
                   f"all {len(verdicts)} index assignments at n = {n_value} proved", entry.claim)


def _ints(values):
    return {k: Integer(v) for k, v in values.items()}


def _range(idx, values):
    lo, hi = (int(b.xreplace(_ints(values))) for b in (idx.lower, idx.upper))
    return range(lo, hi + 1)


def _assignments(claim, dims):
    """Every assignment of the claim's free indices within their ranges at these dimensions."""
    free = free_indices(claim)
    for vals in product(*[_range(ix, dims) for ix in free]):
        yield {**dims, **dict(zip(free, vals))}


def _fix(obj, values):
    """``obj`` with dimensions and indices replaced by integers and the sums written out.

    A relation is rebuilt unevaluated: evaluating ``Eq`` on the written-out sides asks
    SymPy's assumption system about the whole difference, which costs more than the check.
    """
    if isinstance(obj, Relational):
        return obj.func(_fix(obj.lhs, values), _fix(obj.rhs, values), evaluate=False)
    if isinstance(obj, And):
        return And(*[_fix(a, values) for a in obj.args], evaluate=False)
    # only the free occurrences: a summation index of the same name is another variable
    out = subs_free(obj, _ints(values))
    return write_out_sums(out, max_terms=10_000)


def _fix_given(given, values):
    """The hypotheses at these values; one copy per value of a hypothesis's own indices."""
    out = []
    for g in given:
        own = [a for a in free_indices(g) if a not in values]
        for vals in product(*[_range(ix, values) for ix in own]):
            out.append(_fix(g, {**values, **dict(zip(own, vals))}))
    return tuple(out)


def _describe(values):
    return ", ".join(f"{k} = {v}" for k, v in values.items())

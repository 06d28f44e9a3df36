"""The softmax identities of the source documents, as named, checkable entries.

Each :class:`Identity` states one claim for general ``n`` (SymPy ``Idx``
indices over ``1..n``), with its hypotheses and its place in the sources.
``check_identity(entry)`` checks it for general ``n``;
``check_identity(entry, n=4)`` checks it with explicit symbols at ``n = 4``
for every assignment of its free indices.  Entries with
``expected="refuted"`` record claims that are false as stated (for example
the cross-entropy gradient without ``Σ y = 1``): the catalogue keeps them so
that a checker which accepted them would be caught.

Example:
    >>> from derive.catalogue import CATALOGUE, check_identity
    >>> check_identity(CATALOGUE["softmax_sums_to_one"]).status
    'proved'
"""
from __future__ import annotations

import time
from dataclasses import dataclass, replace
from itertools import product

from sympy import Eq, Idx, Sum, exp
from sympy.core.relational import Relational

from .checker import check
from .symbols import i, j, k, l, n, z
from .verdict import PROVED, Verdict

__all__ = ["Identity", "CATALOGUE", "check_identity", "softmax"]


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
        given: hypotheses (SymPy relations) the claim may use.
        source: where it stands, e.g. "003, item 2" or "002, eq. (6)".
        expected: "proved" for a true claim, "refuted" for one false as stated.
        min_n: the smallest dimension at which the claim is meant to hold.
    """

    name: str
    statement: str
    claim: object
    given: tuple = ()
    source: str = ""
    expected: str = "proved"
    min_n: int = 1


def check_identity(entry: Identity, *, n_value: int | None = None, timeout: float = 10.0) -> Verdict:
    """Check ``entry`` for general n, or at the fixed dimension ``n_value``."""
    if not isinstance(entry, Identity):
        raise TypeError(f"entry must be a derive.catalogue.Identity, got {type(entry).__name__}")
    if n_value is None:
        return check(entry.claim, given=entry.given, timeout=timeout)
    if isinstance(n_value, bool) or not isinstance(n_value, int) or n_value < 1:
        raise ValueError(f"n_value must be a positive int, got {n_value!r}")
    from .derivation import instantiate
    free = sorted((a for a in entry.claim.free_symbols if isinstance(a, Idx)), key=str)
    start, verdicts = time.perf_counter(), []
    for vals in product(range(1, n_value + 1), repeat=len(free)):
        values = {n: n_value, **dict(zip(free, vals))}
        v = check(instantiate(entry.claim, values),
                  given=tuple(instantiate(g, values) for g in entry.given), timeout=timeout)
        verdicts.append(v)
        if not v.proved:
            return replace(v, detail=f"at n = {n_value}, {_assignment(values)}: {v.detail}",
                           seconds=time.perf_counter() - start)
    methods = " ; ".join(dict.fromkeys(v.method for v in verdicts))
    return Verdict(PROVED, methods, None, time.perf_counter() - start,
                   f"all {len(verdicts)} index assignments at n = {n_value} proved", entry.claim)


def _assignment(values):
    return ", ".join(f"{k} = {v}" for k, v in values.items())


_ENTRIES = (
    Identity("softmax_is_positive", "Every softmax component is positive.",
             softmax(z, k) > 0, source="003, item 1"),
    Identity("softmax_is_below_one_for_two_or_more_classes",
             "With at least two classes every softmax component is below 1.",
             softmax(z, k) < 1, given=(n >= 2,), source="003, item 1", min_n=2),
    Identity("softmax_sums_to_one", "The softmax components sum to one.",
             Eq(Sum(softmax(z, j), (j, 1, n)), 1), source="003, item 2"),
    Identity("softmax_preserves_strict_order", "A larger logit gets a larger probability.",
             softmax(z, k) < softmax(z, l), given=(z[k] < z[l],), source="003, item 3"),
)

CATALOGUE: dict[str, Identity] = {e.name: e for e in _ENTRIES}

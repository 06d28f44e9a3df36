"""The softmax identities of the source documents, as named, checkable entries.

Each :class:`Identity` states one claim for general ``n`` (SymPy ``Idx``
indices over ``1..n``), with its hypotheses and its place in the sources.
``check_identity(entry)`` checks it for general ``n``;
``check_identity(entry, n_value=4)`` checks it with 4 classes (and two
samples or features where the entry has them), for every assignment of its
free indices.  Entries with
``expected="refuted"`` record claims that are false as stated (for example
the cross-entropy gradient without ``Σ y = 1``): the catalogue keeps them so
that a checker which accepted them would be caught.

Main entries, by module:
    * :mod:`.properties`: positivity, bounds, sum to one, order, shift
      invariance, the two-class sigmoid, temperature;
    * :mod:`.jacobian`: the Jacobian, its symmetry, zero row sums, null vector
      and positive semidefiniteness;
    * :mod:`.gradients`: log-sum-exp, cross-entropy, the maximum-entropy model
      and multiclass logistic regression.

Example:
    >>> from derive.catalogue import CATALOGUE, check_identity
    >>> check_identity(CATALOGUE["softmax_sums_to_one"]).status
    'proved'

May import: the kernel, :mod:`derive.errors`, :mod:`derive.symbols`.
"""
from __future__ import annotations

from . import gradients, jacobian, properties
from .identity import Identity, check_identity, dimensions, softmax

__all__ = ["Identity", "CATALOGUE", "check_identity", "softmax", "dimensions"]

CATALOGUE: dict[str, Identity] = {
    e.name: e for e in properties.ENTRIES + jacobian.ENTRIES + gradients.ENTRIES}

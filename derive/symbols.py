"""The notation shared by the derivations, the catalogue and the parser.

Indices are SymPy ``Idx`` objects with range ``1..n``: the range is what lets
the checker discharge SymPy's ``Piecewise`` guards (``n >= k``) explicitly
instead of dropping them.  Families are ``IndexedBase`` objects whose
assumptions (real, positive) carry over to their entries.
"""
from __future__ import annotations

from sympy import Idx, IndexedBase, Symbol, symbols

__all__ = [
    "n", "N", "D", "index", "family", "i", "j", "k", "l", "m",
    "z", "p", "w", "x", "y", "S", "P", "W", "X", "Y",
    "lambda1", "lambda2", "mu", "eta", "c", "tau", "lam", "ordered",
]

n = Symbol("n", integer=True, positive=True)      # number of classes / dimension
N = Symbol("N", integer=True, positive=True)      # number of samples
D = Symbol("D", integer=True, positive=True)      # number of features


def index(name: str, upper=n, lower=1) -> Idx:
    """An integer index ranging over ``lower..upper`` (both inclusive)."""
    if not isinstance(name, str) or not name:
        raise TypeError(f"index name must be a non-empty str, got {name!r}")
    return Idx(name, (lower, upper))


def family(name: str, **assumptions) -> IndexedBase:
    """An indexed family such as ``z_i``; entries inherit the assumptions."""
    if not isinstance(name, str) or not name:
        raise TypeError(f"family name must be a non-empty str, got {name!r}")
    return IndexedBase(name, **assumptions)


i, j, k, l, m = (index(s) for s in "ijklm")

z = family("z", real=True)        # logits / scores
x = family("x", real=True)        # FTRL loss vector, or features
S = family("S", real=True)        # scores in 002's notation
y = family("y", real=True)        # targets (one-hot or any weights)
p = family("p", positive=True)    # probabilities (interior of the simplex)
w = family("w", positive=True)    # FTRL iterate
P = family("P", positive=True)
W = family("W", real=True)        # weight matrix W_{ik}
X = family("X", real=True)        # data matrix
Y = family("Y", real=True)        # label matrix

lambda1, lambda2 = symbols("lambda_1 lambda_2", real=True)
lam = Symbol("lambda", real=True)
mu = Symbol("mu", real=True)
eta = Symbol("eta", positive=True)   # FTRL learning rate
tau = Symbol("tau", positive=True)   # temperature
c = Symbol("c", real=True)           # a shift


def ordered(*terms):
    """A sum printed in the given term order (for ``Step.display``; equal to the evaluated sum)."""
    from sympy import Add
    from .printing.printer import pin_order
    return pin_order(Add(*terms, evaluate=False))

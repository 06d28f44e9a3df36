"""The notation table: what a name written in a derivation means.

Rules (the parser's contract with the rest of the engine):

* **Families.** A letter with an index subscript is an entry of an indexed
  family: ``z_i`` is ``z[i]``.  The families of :mod:`derive.symbols` keep
  their assumptions (``z, x, S, y, W, X, Y`` real; ``p, w, P`` positive); any
  other letter with a subscript (``C_j``) is a real family, and counts as
  undefined until a definition or a ``given`` line introduces it.  A family
  letter *without* subscript is a scalar with the family's assumptions.
* **Subscripts.** A subscript of single letters, with or without braces, is
  one index per letter: ``W_{ik}`` is ``W[i, k]`` (write ``W_{i,k}`` or
  ``W_{k+1}`` for index expressions).  Letters in a subscript are indices
  ranging over ``1..n`` (:func:`derive.symbols.index`), except a letter bound
  by an enclosing sum (which takes that sum's range) and the dimension letters
  ``n, N, K, d, D`` (which are the dimension itself: ``z_n`` is the last
  entry).  A number subscript is a concrete entry: ``x_1`` is ``x[1]``.
* **Ranges.** A sum without limits, ``softmax`` and ``\\langle\\rangle`` run
  over ``1..n``.  A sum with limits binds its index with exactly those limits
  (``\\sum_{k=0}^{K}`` gives ``Idx('k', (0, K))``); ``K`` and ``d`` are
  dimensions of their own, never assumed equal to ``n``, so a document that
  mixes ``\\sum_{k=1}^{K}`` with free indices over ``1..n`` may be
  undecidable -- write ``n`` throughout.
* **Multipliers.** ``\\lambda``, ``\\mu`` and ``\\nu`` with any subscript are
  plain real symbols: ``\\lambda_1``, ``\\lambda_{1}`` and ``λ₁`` are all
  ``Symbol('lambda_1')`` (:data:`derive.symbols.lambda1`).
* **Kronecker delta.** ``\\delta_{ij}`` and the indicator ``I_{kj}`` of
  document 003 are ``KroneckerDelta``.
* **Constants and scalars.** ``e`` is Euler's number (so ``e^{x}`` is
  ``exp(x)``), ``\\pi``, ``\\infty``; ``n, N, D, K, d`` are positive integer
  dimensions; ``\\lambda, \\mu, \\eta, \\tau, c`` are those of
  :mod:`derive.symbols`.
* **Decorations.** ``w^{\\star}``/``w^*`` and ``\\hat{p}`` are new families
  (``w^{\\star}``, ``\\hat{p}``) with the assumptions of their letter;
  ``\\mathbf{w}`` is ``w``.
* **Defined.** A name is defined when it is in this table, is a bound or
  index letter, or was introduced by a definition (``L = ...``, passed as
  ``context``) or by a ``given`` line (passed as ``declared``).  Anything else
  is built (as a real symbol) but reported as an undefined symbol.
"""
from __future__ import annotations

from dataclasses import dataclass

from sympy import E, IndexedBase, Symbol, oo, pi

from .. import symbols as _s

__all__ = [
    "NameKey", "FAMILIES", "SCALARS", "DIMENSIONS", "INDEX_LETTERS",
    "MULTIPLIERS", "DELTAS", "FUNCTIONS", "GREEK", "family_for", "scalar_for",
    "name_key",
]

# Families with their assumptions (the same objects as derive.symbols).
FAMILIES = {f.name: f for f in (_s.z, _s.x, _s.S, _s.y, _s.W, _s.X, _s.Y,
                                 _s.p, _s.w, _s.P)}

DIMENSIONS = {
    "n": _s.n, "N": _s.N, "D": _s.D,
    "K": Symbol("K", integer=True, positive=True),
    "d": Symbol("d", integer=True, positive=True),
}

SCALARS = {
    **DIMENSIONS,
    "lambda": _s.lam, "mu": _s.mu, "eta": _s.eta, "tau": _s.tau, "c": _s.c,
    "e": E, "pi": pi, "infty": oo,
}

INDEX_LETTERS = frozenset("ijklm") | {"ell"}
MULTIPLIERS = frozenset({"lambda", "mu", "nu"})
DELTAS = frozenset({"delta", "I"})

# Written function name -> canonical name.
FUNCTIONS = {
    "exp": "exp", "log": "log", "ln": "log", "max": "max", "min": "min",
    "softmax": "softmax", "argmax": "argmax", "argmin": "argmin", "tanh": "tanh",
    "sigmoid": "sigmoid", "sigm": "sigmoid", "logsumexp": "lse", "lse": "lse",
    "relu": "relu", "softplus": "softplus", "logsoftmax": "logsoftmax", "diag": "diag",
    
}

GREEK = {
    "α": "alpha", "β": "beta", "γ": "gamma", "δ": "delta", "ε": "epsilon",
    "ζ": "zeta", "η": "eta", "θ": "theta", "ι": "iota", "κ": "kappa",
    "λ": "lambda", "μ": "mu", "ν": "nu", "ξ": "xi", "π": "pi", "ρ": "rho",
    "σ": "sigma", "ς": "sigma", "τ": "tau", "υ": "upsilon", "φ": "phi",
    "χ": "chi", "ψ": "psi", "ω": "omega", "Γ": "Gamma", "Δ": "Delta",
    "Θ": "Theta", "Λ": "Lambda", "Ξ": "Xi", "Π": "Pi", "Φ": "Phi",
    "Ψ": "Psi", "Ω": "Omega", "ℓ": "ell", "∞": "infty", "ο": "omicron",
}


@dataclass(frozen=True)
class NameKey:
    """A written name, normalised.

    Attributes:
        key: the name as the engine knows it (``"z"``, ``"lambda"``,
            ``"w^{\\star}"``, ``"\\mathcal{L}"``); definitions are keyed by it.
        letter: the underlying letter whose assumptions a decorated name
            inherits (``"w"`` for ``w^{\\star}``), or ``""``.
        bold: written in bold (a vector); ``\\mathbf{1}`` has key ``"1"``.
    """

    key: str
    letter: str = ""
    bold: bool = False

    def starred(self) -> "NameKey":
        return NameKey(self.key + r"^{\star}", self.letter, self.bold)


def _inner(text: str) -> str:
    """The argument of ``\\cmd{arg}``, stripped."""
    return text[text.index("{") + 1:text.rindex("}")].strip()


def _plain(name: str) -> str:
    """A letter or a Greek command/character, as a key."""
    if name.startswith("\\"):
        return name[1:]
    return GREEK.get(name, name)


def name_key(kind: str, text: str) -> NameKey:
    """Normalise a name token (``kind`` is its terminal name)."""
    if kind == "LETTER":
        return NameKey(text, text)
    if kind == "WORD":
        return NameKey(text, "")
    if kind == "GREEK":
        key = _plain(text)
        return NameKey(key, key)
    if kind == "BOLD":
        key = _plain(_inner(text) if "{" in text else text[-1])
        return NameKey(key, key, bold=True)
    if kind == "ACCENT":
        accent = text[1:text.index("{")].strip()
        inner = _inner(text)
        letter = _plain(_inner(inner) if "{" in inner else inner)
        return NameKey(f"\\{accent}{{{letter}}}", letter)
    if kind == "NAMECMD":
        command = text[1:text.index("{")].strip()
        inner = _inner(text)
        if command == "mathbb":
            return NameKey(f"\\mathbb{{{inner}}}", "")
        if command in ("mathrm", "mathit", "operatorname", "mathsf") and len(inner) == 1:
            return NameKey(inner, inner)
        if command == "mathcal":
            return NameKey(f"\\mathcal{{{inner}}}", "")
        return NameKey(inner, "")
    raise ValueError(f"not a name token: {kind}")


def family_for(name: NameKey) -> IndexedBase | None:
    """The known family a (possibly decorated) name belongs to, else None."""
    if name.key in FAMILIES:
        return FAMILIES[name.key]
    base = FAMILIES.get(name.letter)
    if base is None:
        return None
    return IndexedBase(name.key, **_assumptions(base))


def _assumptions(base: IndexedBase) -> dict:
    if base.is_positive:
        return {"positive": True}
    return {"real": True}


def scalar_for(name: NameKey):
    """The scalar a bare (unsubscripted) known name stands for, else None."""
    if name.key in SCALARS:
        return SCALARS[name.key]
    family = family_for(name)
    if family is not None:
        return Symbol(name.key, **_assumptions(family))
    return None

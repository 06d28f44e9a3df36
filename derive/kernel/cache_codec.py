"""Stable keys for claims, and a safe encoding of counterexamples, for the verdict cache.

The key of a check is the SHA-256 of a text that determines the claim, its
hypotheses and every assumption the engine can see:

* ``srepr`` of the claim and of each hypothesis, which spells out every
  symbol with the assumptions it was created with, every ``Idx`` with its
  range, every sum with its limits, every ``Dummy`` with its index -- after
  renaming the dummies canonically (:func:`canonical_dummies`), so that a claim
  whose variables were renamed apart with fresh dummies still finds its entry.
  The bound variables of sums keep their names: the engine's choice of method
  may depend on them, and a key shared by two such claims would hand one the
  other's method (a run with a cache would then write other documents than a
  run without).  ``derive check`` names its placeholders per document
  (:func:`derive.handcheck.indexing.placeholder_scope`), so its keys are
  stable from run to run;
* the assumptions of every undefined function class (``Function('f',
  real=True)``), which ``srepr`` leaves out;
* the engine fingerprint (:func:`engine_fingerprint`): the package version,
  the versions of SymPy and mpmath, and a hash of the kernel's source files.

Two checks with the same key therefore ask the same question of the same
engine, so a verdict stored under the key is the verdict the engine would
compute again (the quick and the full check keep their entries apart, see
:meth:`derive.kernel.cache.VerdictCache.get`).  (A key that differs for equal claims only costs a miss.)

Counterexamples are stored as JSON trees over a small whitelist of classes
(rationals, ``I``, symbols, dummies, indices, family entries, sums,
products and powers of those) and rebuilt by calling those classes: nothing
read from the cache is ever evaluated as code.  A counterexample outside the
whitelist is not encodable, and such a verdict is simply not cached.
"""
from __future__ import annotations

import hashlib
import json
from functools import lru_cache
from importlib import metadata
from pathlib import Path

import mpmath
import sympy
from sympy import (Add, And, Dummy, I, Idx, Indexed, IndexedBase, Integer, Mul, Pow, Rational, Symbol,
                   preorder_traversal, srepr)
from sympy.core.assumptions import _assume_defined
from sympy.core.function import AppliedUndef
from sympy.core.relational import Relational


__all__ = ["Unencodable", "engine_fingerprint", "claim_key", "canonical_dummies", "renamed",
           "encode_mapping", "decode_mapping"]

_KERNEL = Path(__file__).resolve().parent
_ALSO_HASHED = (_KERNEL.parent / "errors.py",)


class Unencodable(ValueError):
    """A value outside the whitelist of the counterexample encoding."""


def _package_version() -> str:
    try:
        return metadata.version("derive")
    except metadata.PackageNotFoundError:     # run from a source tree: the source hash decides
        return "source"


@lru_cache(maxsize=1)
def engine_fingerprint() -> str:
    """Package version, SymPy and mpmath versions, and a hash of the kernel's source.

    Any edit to a file of :mod:`derive.kernel` (or :mod:`derive.errors`)
    changes the fingerprint, so no cached verdict outlives a change to the engine.
    """
    digest = hashlib.sha256()
    for path in sorted(_KERNEL.glob("*.py")) + list(_ALSO_HASHED):
        digest.update(path.name.encode() + b"\0" + path.read_bytes() + b"\0")
    return (f"derive {_package_version()}; sympy {sympy.__version__}; "
            f"mpmath {mpmath.__version__}; kernel {digest.hexdigest()[:32]}")


def _function_assumptions(exprs) -> list[str]:
    found = set()
    for e in exprs:
        for f in e.atoms(AppliedUndef):
            cls = type(f)
            found.add(f"{cls.__name__}:{sorted(getattr(cls, '_kwargs', {}).items())}")
    return sorted(found)


_CANONICAL_BASE = 10 ** 12     # dummy indices of the canonical dummies (by position)


def canonical_dummies(claim, given) -> dict:
    """Each ``Dummy`` of the claim and hypotheses -> a canonical one (same name and
    assumptions, an index given by its order of first appearance).

    Bound variables renamed apart and parsed placeholders are fresh dummies on every
    run; renaming them consistently (distinct to distinct, assumptions kept) gives an
    equivalent claim, so equal canonical forms may share one verdict.
    """
    table: dict = {}
    for obj in (claim, *given):
        for node in preorder_traversal(obj):
            if isinstance(node, Dummy) and node not in table:
                table[node] = Dummy(node.name, dummy_index=_CANONICAL_BASE + len(table),
                                    **_assumptions(node))
    return table


def renamed(obj, table):
    """``obj`` with ``table`` applied; relations and conjunctions are rebuilt unevaluated."""
    if not table:
        return obj
    if isinstance(obj, Relational):
        return obj.func(renamed(obj.lhs, table), renamed(obj.rhs, table), evaluate=False)
    if isinstance(obj, And):
        return And(*[renamed(a, table) for a in obj.args], evaluate=False)
    return obj.xreplace(table)


def claim_key(claim, given, fingerprint: str | None = None, *, mode: str = "") -> str:
    """The SHA-256 hex key of checking ``claim`` under the hypotheses ``given``
    (``mode``: which check asks, ``"quick"`` or ``""`` for the full one)."""
    table = canonical_dummies(claim, given)
    claim, given = renamed(claim, table), [renamed(g, table) for g in given]
    text = json.dumps([fingerprint or engine_fingerprint(), mode, srepr(claim), [srepr(g) for g in given],
                       _function_assumptions([claim, *given])])
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


# --- counterexamples as JSON trees ----------------------------------------------------------

def _assumptions(sym) -> dict:
    orig = getattr(sym, "_assumptions_orig", None)
    if orig is None:                      # older SymPy
        orig = sym._assumptions.generator
    return {k: bool(v) for k, v in sorted(dict(orig).items())}


def _encode(e):
    if isinstance(e, bool) or not isinstance(e, sympy.Basic):
        raise Unencodable(f"not a SymPy object: {e!r}")
    if e.is_Rational:
        return ["Q", int(e.p), int(e.q)]
    if e is I:
        return ["I"]
    if isinstance(e, Dummy):
        return ["D", e.name, int(e.dummy_index), _assumptions(e)]
    if isinstance(e, Idx):
        rng = [] if e.lower is None else [_encode(e.lower), _encode(e.upper)]
        return ["Idx", _encode(e.label), *rng]
    if type(e) is Symbol:
        return ["S", e.name, _assumptions(e)]
    if isinstance(e, Indexed):
        return ["X", _encode(e.base.label), *[_encode(a) for a in e.indices]]
    for tag, cls in (("+", Add), ("*", Mul), ("^", Pow)):
        if type(e) is cls:
            return [tag, *[_encode(a) for a in e.args]]
    raise Unencodable(f"{type(e).__name__} is not in the counterexample encoding")


def _decode(t):
    if not isinstance(t, list) or not t or not isinstance(t[0], str):
        raise ValueError("malformed counterexample tree")
    tag, rest = t[0], t[1:]
    if tag == "Q":
        p, q = rest
        if not (isinstance(p, int) and isinstance(q, int)) or q <= 0:
            raise ValueError("malformed rational")
        return Rational(p, q) if q != 1 else Integer(p)
    if tag == "I":
        return I
    if tag == "D":
        name, index, assumptions = rest
        return Dummy(str(name), dummy_index=int(index), **_checked(assumptions))
    if tag == "S":
        name, assumptions = rest
        return Symbol(str(name), **_checked(assumptions))
    if tag == "Idx":
        label = _decode(rest[0])
        return Idx(label, (_decode(rest[1]), _decode(rest[2]))) if len(rest) == 3 else Idx(label)
    if tag == "X":
        return Indexed(IndexedBase(_decode(rest[0])), *[_decode(a) for a in rest[1:]])
    ops = {"+": Add, "*": Mul, "^": Pow}
    if tag in ops:
        return ops[tag](*[_decode(a) for a in rest])
    raise ValueError(f"unknown tag {tag!r} in a counterexample tree")


def _checked(assumptions) -> dict:
    if not isinstance(assumptions, dict) or not all(
            isinstance(k, str) and k in _assume_defined and isinstance(v, bool)
            for k, v in assumptions.items()):
        raise ValueError("malformed assumptions")
    return assumptions


def encode_mapping(mapping) -> list:
    """``{symbol: value}`` as a JSON-ready list of pairs (raises :class:`Unencodable`)."""
    return [[_encode(k), _encode(v)] for k, v in mapping.items()]


def decode_mapping(pairs) -> dict:
    """The inverse of :func:`encode_mapping` (raises ValueError on a malformed input)."""
    if not isinstance(pairs, list):
        raise ValueError("malformed counterexample")
    out = {}
    for pair in pairs:
        if not isinstance(pair, list) or len(pair) != 2:
            raise ValueError("malformed counterexample pair")
        out[_decode(pair[0])] = _decode(pair[1])
    return out

"""The derivations, one per module, found without a hand-kept list.

Every module in this package that defines ``DERIVATION`` (a
:class:`derive.derivation.model.Derivation`) is registered under its module name.
"""
from __future__ import annotations

import importlib
import pkgutil

from derive.derivation.model import Derivation

__all__ = ["DERIVATIONS", "get"]


def _discover() -> dict[str, Derivation]:
    found = {}
    for info in sorted(pkgutil.iter_modules(__path__), key=lambda m: m.name):
        module = importlib.import_module(f"{__name__}.{info.name}")
        derivation = getattr(module, "DERIVATION", None)
        if isinstance(derivation, Derivation):
            found[derivation.name] = derivation
    return found


DERIVATIONS: dict[str, Derivation] = _discover()


def get(name: str) -> Derivation:
    """The derivation registered as ``name``."""
    try:
        return DERIVATIONS[name]
    except KeyError:
        raise ValueError(f"no derivation named {name!r}; known: {', '.join(DERIVATIONS)}") from None

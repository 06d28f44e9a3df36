"""Substituting a function's arguments for its parameters (``H(w)`` after ``H(p) = ...``)."""
from __future__ import annotations

from sympy import Dummy, Indexed, IndexedBase, Symbol

from .notation import FAMILIES

__all__ = ["assumptions_of", "substitute_arguments"]


def assumptions_of(thing) -> dict:
    """``{"positive": True}`` for a positive family or expression, else ``{"real": True}``."""
    if thing is None:
        return {"real": True}
    return {"positive": True} if thing.is_positive else {"real": True}


def _base_for(symbol) -> IndexedBase:
    """The family whose entries a vector symbol stands for."""
    if symbol.name in FAMILIES:
        return FAMILIES[symbol.name]
    return IndexedBase(symbol.name, **({"positive": True} if symbol.is_positive else {"real": True}))


def substitute_arguments(body, params, args, vectors, fail):
    """``body`` with each parameter replaced by its argument.

    A scalar parameter ``x`` is replaced by the argument; a vector parameter
    ``p`` (its entries ``p_i`` occur in the body) by the argument read
    componentwise: ``H(w)`` puts ``w_i`` for ``p_i``, ``s(x + c)_i`` puts
    ``x_j + c`` for ``x_j``.
    """
    args = tuple(args)
    if tuple(params) == args:
        return body
    if len(params) != len(args):
        fail(f"defined with {len(params)} argument(s), given {len(args)}")
    scalars, entries, renames = {}, {}, {}
    for param, arg in zip(params, args):
        if isinstance(param, Indexed):
            # softmax(x_{ij}) defined, softmax(x_{kl}) used: the indices are renamed
            if not (isinstance(arg, Indexed) and arg.base == param.base
                    and len(arg.indices) == len(param.indices)):
                fail(f"cannot substitute {arg} for the argument {param}")
            renames.update(zip(param.indices, arg.indices))
            continue
        if not isinstance(param, Symbol):
            fail(f"cannot substitute {arg} for the argument {param}")
        bases = {a.base for a in body.atoms(Indexed) if str(a.base.label) == param.name}
        if _bare(body, param):             # the symbol itself, not the label of x_i
            scalars[param] = arg
        for base in bases:
            entries[base] = arg
    found = body.xreplace(renames) if renames else body

    def entry(e):
        arg = entries[e.base]
        names = [v for v in arg.free_symbols if isinstance(v, Symbol)
                 and (v.name in vectors or v.name == str(e.base.label))]
        if not names and arg.free_symbols - {v for v in arg.free_symbols if v.is_integer}:
            fail(f"cannot read {arg} componentwise")
        return arg.xreplace({v: _base_for(v)[e.indices] for v in names})

    if entries:
        found = found.replace(lambda e: isinstance(e, Indexed) and e.base in entries, entry)
    if scalars:
        hidden = {a: Dummy() for a in found.atoms(Indexed)}
        back = {v: k for k, v in hidden.items()}
        found = found.xreplace(hidden).xreplace(scalars).xreplace(back)
    return found


def _bare(body, symbol) -> bool:
    """Whether ``symbol`` occurs in ``body`` other than as the label of an entry."""
    return body.xreplace({a: Dummy() for a in body.atoms(Indexed)}).has(symbol)

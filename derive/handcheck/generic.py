"""Undefined functions under a derivative: arbitrary smooth functions.

``\\frac{d}{dx}[g(x)h(x)] = g'(x)h(x) + g(x)h'(x)`` speaks of every ``g`` and
``h``: it is proved only by a symbolic argument with ``g`` and ``h`` left as
SymPy functions (the product and chain rules applied by ``doit``), which holds
for each of them.  Such a row is never refuted: a counterexample would pick one
function, and the author did not.  A prime on an applied function (``g'(x)``,
``f''(u)``) is its derivative in its one argument, evaluated at that argument;
a prime on a function of several arguments says no variable, and the row is
left undecided.
"""
from __future__ import annotations

from sympy import Derivative, Dummy, Function, Subs
from sympy.core.function import AppliedUndef

from ..kernel.verdict import PROVED, UNKNOWN
from .outcome import Outcome

__all__ = ["GENERIC", "generic_names", "judge_generic"]

GENERIC = "generic functions"


def _split(name: str):
    base = name.rstrip("'")
    return base, len(name) - len(base)


def generic_names(a, b, defined) -> set:
    """The undefined functions the relation differentiates (under a ``Derivative`` or
    primed): empty when there are none, and the row is judged as usual."""
    found = set()
    for side in (a, b):
        if not hasattr(side, "atoms"):
            continue
        for f in side.atoms(AppliedUndef):
            base, primes = _split(type(f).__name__)
            if base in defined:
                continue
            if primes or any(f in d.expr.atoms(AppliedUndef) for d in side.atoms(Derivative)):
                found.add(base)
    return found


def _read_primes(expr, a, b):
    """``f'(u)`` as ``Subs(Derivative(f(t), t), t, u)``; None when a primed function has
    several arguments."""
    classes = {type(f).__name__: type(f) for s in (a, b) for f in s.atoms(AppliedUndef)}
    mapping = {}
    for f in expr.atoms(AppliedUndef):
        base, primes = _split(type(f).__name__)
        if not primes:
            continue
        if len(f.args) != 1:
            return None
        t = Dummy("t")
        fn = classes.get(base) or Function(base)
        mapping[f] = Subs(Derivative(fn(t), (t, primes)), t, f.args[0])
    return expr.xreplace(mapping)


def judge_generic(a, op, b, names, simplify):
    """The verdict on ``a op b`` for every choice of the functions ``names``: proved when
    ``simplify`` (a budgeted simplifier) takes the difference, derivatives carried
    out, to zero; else unknown, never refuted."""
    which = ", ".join(sorted(names))
    undecided = Outcome(UNKNOWN, GENERIC, detail=f"{which}: not defined, so any differentiable "
                        "function; the relation is not shown to hold for every one, and one "
                        "choice of function is no counterexample")
    if op != "=":
        return undecided
    left, right = _read_primes(a, a, b), _read_primes(b, a, b)
    if left is None or right is None:
        return undecided
    residual = simplify((left - right).doit())
    if residual == 0:
        return Outcome(PROVED, GENERIC, detail=f"holds for every differentiable {which} "
                       "(derivatives carried out with the functions left symbolic)")
    return undecided

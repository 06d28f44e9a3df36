"""The checker's input: the claim, the hypotheses and the timeout as the caller gave them.

Only types and shapes are checked here, before the deadline starts; anything that
needs SymPy to evaluate (a relation, a hypothesis) is done under the deadline by
:func:`derive.kernel.checker.check`.  Strings are never evaluated.
"""
from __future__ import annotations

import numpy as np
from sympy import And, Basic, Eq, Expr, MatrixBase, S, sympify
from sympy.core.relational import Relational
from sympy.logic.boolalg import BooleanFalse, BooleanTrue

__all__ = ["MISSING", "as_sympy", "claim_from", "given_from", "timeout_from"]

MISSING = object()


def as_sympy(value, name):
    if isinstance(value, (str, bytes)):
        raise TypeError(f"{name} must be a SymPy object, got a string {value!r}; "
                        "strings are never evaluated, build the expression with SymPy")
    if value is None:
        raise TypeError(f"{name} must be a SymPy object, got None")
    if isinstance(value, np.ndarray):
        raise TypeError(f"{name} must be a SymPy object, got a NumPy array; "
                        "use sympy.Matrix for vector claims")
    if isinstance(value, bool):
        return S.true if value else S.false
    if isinstance(value, (int, float)):
        return sympify(value)
    if not isinstance(value, (Basic, MatrixBase)):
        raise TypeError(f"{name} must be a SymPy object, got {type(value).__name__}")
    return value


def claim_from(claim, rhs):
    if rhs is not MISSING:
        lhs, rhs = as_sympy(claim, "lhs"), as_sympy(rhs, "rhs")
        if isinstance(lhs, MatrixBase) or isinstance(rhs, MatrixBase):
            if not (isinstance(lhs, MatrixBase) and isinstance(rhs, MatrixBase)):
                raise ValueError("lhs and rhs must both be matrices or both be expressions")
            if lhs.shape != rhs.shape:
                raise ValueError(f"lhs has shape {lhs.shape} but rhs has shape {rhs.shape}")
            # unevaluated: comparing the entries is SymPy work, done under the deadline
            return And(*[Eq(a, b, evaluate=False) for a, b in zip(lhs, rhs)])
        for value, name in ((lhs, "lhs"), (rhs, "rhs")):
            if not isinstance(value, Expr):
                raise TypeError(f"{name} must be an expression, got {type(value).__name__}")
        # unevaluated: Eq(1 + Float(1e-20), 1) would otherwise be decided (wrongly) by SymPy
        return Eq(lhs, rhs, evaluate=False)
    claim = as_sympy(claim, "claim")
    if isinstance(claim, MatrixBase):
        raise TypeError("claim must be a relation; to compare matrices pass check(lhs, rhs)")
    if not isinstance(claim, (Relational, BooleanTrue, BooleanFalse, And)):
        raise TypeError(f"claim must be an Eq, a relational, And, true or false; got the "
                        f"{type(claim).__name__} {claim}; pass check(lhs, rhs) to compare expressions")
    return claim


def given_from(given):
    """``(position, hypothesis)`` pairs; only types are checked here (evaluating is SymPy work)."""
    if isinstance(given, (str, bytes, Basic)) or given is None:
        raise TypeError("given must be a sequence of SymPy relations, e.g. given=(Eq(a, b),)")
    try:
        items = list(given)
    except TypeError:
        raise TypeError(f"given must be a sequence of SymPy relations, got {type(given).__name__}") from None
    out = []
    for pos, g in enumerate(items):
        g = as_sympy(g, f"given[{pos}]")
        if not isinstance(g, (Relational, And, BooleanTrue, BooleanFalse)):
            raise TypeError(f"given[{pos}] must be a relation such as Eq(a, b), got {g}")
        if isinstance(g, And) and not all(isinstance(a, (Relational, BooleanTrue, BooleanFalse))
                                          for a in g.args):
            raise TypeError(f"given[{pos}] must be a relation such as Eq(a, b), got {g}")
        out.append((pos, g))
    return tuple(out)


def timeout_from(timeout):
    if isinstance(timeout, bool) or not isinstance(timeout, (int, float)):
        raise TypeError(f"timeout must be a number of seconds, got {timeout!r}")
    if not timeout > 0 or timeout != timeout or timeout == float("inf"):
        raise ValueError(f"timeout must be a positive finite number of seconds, got {timeout!r}")
    return float(timeout)

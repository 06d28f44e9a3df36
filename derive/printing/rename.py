"""Bound indices renamed apart for printing.

SymPy reads ``Sum(Sum(z[i], (i, 1, n)), (i, 1, n))`` (which it stores as
one ``Sum`` with two limits, innermost first) as an inner sum over its own
``i``; printed as written it reads ``\\sum_i \\sum_i z_i``, which a reader
cannot parse.  :func:`rename_apart` gives each shadowing index a letter the
expression does not use.  Renaming a bound variable changes nothing of the
value: only the binding sum and the occurrences it binds are renamed.

Example:
    >>> from sympy import Sum, Symbol
    >>> t = Symbol("t")
    >>> rename_apart(Sum(Sum(t, (t, 0, 3)), (t, 1, 2)))
    Sum(j, (j, 0, 3), (t, 1, 2))
"""
from __future__ import annotations

import itertools

from sympy import Add, Basic, Idx, Mul, Pow, Sum, Symbol
from sympy.core.relational import Relational

__all__ = ["rename_apart"]

_FRESH = "jklmqrstuvi"


def rename_apart(expr):
    """``expr`` with each sum's index renamed when an enclosing sum binds the same name.

    The new index is a letter used nowhere in ``expr`` nor by an enclosing
    sum (an ``Idx`` keeps its range); other objects come back unchanged.
    """
    if not isinstance(expr, Basic) or not expr.has(Sum):
        return expr
    taken = {str(a) for a in expr.atoms(Symbol, Idx)}
    renamed = _apart(expr, frozenset(), taken)
    return expr if renamed is None else renamed


def _apart(expr, bound: frozenset, taken: set):
    """The renamed ``expr``, or None when nothing in it needed renaming."""
    if not isinstance(expr, Basic) or not expr.args or not expr.has(Sum):
        return None
    if isinstance(expr, Sum):
        # SymPy keeps Sum(Sum(f, (i, ..)), (i, ..)) as one Sum with the limits
        # innermost first; a limit's variable is in scope in the bounds of the
        # limits inside it and, unless one of those binds it again, in the function.
        function, limits, running, changed = expr.function, list(expr.limits), set(bound), False
        for q in reversed(range(len(limits))):
            var = limits[q][0]
            if str(var) in running:
                # a name of ``expr`` or of an enclosing binding; siblings may share one
                new = _fresh(var, taken | running)
                for r in reversed(range(q)):
                    limits[r] = (limits[r][0], *[b.xreplace({var: new}) for b in limits[r][1:]])
                    if limits[r][0] == var:
                        break
                else:
                    function = function.xreplace({var: new})
                limits[q] = (new, *limits[q][1:])
                var, changed = new, True
            running.add(str(var))
        inner = _apart(function, frozenset(running), taken)
        if inner is None and not changed:
            return None
        return Sum(function if inner is None else inner, *limits)
    args = [_apart(a, bound, taken) for a in expr.args]
    if all(a is None for a in args):
        return None
    args = [old if new is None else new for old, new in zip(expr.args, args)]
    if isinstance(expr, (Relational, Add, Mul, Pow)):
        # rebuilt as written: an evaluated Ge would become True, an Add reorder its terms
        return expr.func(*args, evaluate=False)
    return expr.func(*args)


def _fresh(var, used: set):
    names = itertools.chain((c for c in _FRESH if c != str(var)),
                            (str(var) + "'" * q for q in itertools.count(1)))
    name = next(c for c in names if c not in used)
    if isinstance(var, Idx):
        return Idx(name, (var.lower, var.upper)) if var.lower is not None else Idx(name)
    return Symbol(name, **var.assumptions0)

"""Bound variables: renaming them apart, and substituting only free occurrences.

A ``Sum``, ``Product``, definite ``Integral``, ``Limit``, ``Subs`` or
``Lambda`` binds its variable: in ``z_k + Sum(z_k, (k, 1, n))`` the second
``k`` is a different variable from the first, and a hypothesis ``z_k > 0``
about the free ``k`` says nothing about it.  Every proof kernel meets this
with alpha-conversion, and so does this one:

* :func:`alpha_convert` gives every bound variable of the claim and of the
  hypotheses its own fresh ``Dummy`` (same name, same assumptions, an ``Idx``
  keeping its range) before anything is differentiated, substituted or
  assumed.  Renaming a bound variable does not change the value of the
  binder, so the claim is the same claim; afterwards no free symbol equals a
  bound one, so no hypothesis, fact or substitution about a free symbol can
  reach a bound one by accident.
* :func:`subs_free` substitutes free occurrences only and never enters a
  binder's scope for a symbol it binds (and renames the binder's variable
  when a replacement mentions it, so nothing is captured).  The strategies
  substitute through it, so the guarantee holds for expressions they build
  themselves, too.
* :func:`free_atoms` lists the atoms (deltas, entries, sums) that mention no
  variable bound above them: only those may be split on or solved for.
* :func:`sum_bound_problems` finds summation bounds that are not integers.
  Sums and products are defined for integer bounds only (SymPy's ``doit``
  happily returns ``5/2`` for ``Sum(1, (s, 1, 5/2))``); a numeric
  non-integer bound is an input error, a symbolic one not known to be an
  integer leaves the claim undecided.
"""
from __future__ import annotations

from sympy import Basic, Dummy, Idx, Integral, Lambda, Limit, Product, Subs, Sum, Tuple

__all__ = ["alpha_convert", "alpha_convert_once", "subs_free", "free_atoms", "bound_variables",
           "sum_bound_problems", "fresh_like"]

_LIMITS = (Sum, Product, Integral)


def fresh_like(var):
    """A fresh variable standing for ``var``: a Dummy with its name and assumptions (an Idx keeps its range)."""
    if isinstance(var, Idx):
        label = Dummy(str(var.label), integer=True)
        try:
            return Idx(label, (var.lower, var.upper)) if var.lower is not None else Idx(label)
        except (TypeError, ValueError):
            return label
    return Dummy(var.name, **var.assumptions0)


def _bound_here(e) -> tuple:
    """The variables ``e`` itself binds (not those of binders inside it)."""
    if isinstance(e, _LIMITS):
        # an indefinite Integral(f, x) is a function of x: nothing is bound
        return tuple(lim[0] for lim in e.limits if len(lim) == 3)
    if isinstance(e, Limit):
        return (e.args[1],)
    if isinstance(e, Subs):
        return tuple(e.variables)
    if isinstance(e, Lambda):
        return tuple(e.variables)
    return ()


def bound_variables(e) -> set:
    """Every variable some binder inside ``e`` binds."""
    out = set()
    for node in _preorder(e):
        out.update(_bound_here(node))
    return out


def _preorder(e):
    stack = [e]
    while stack:
        node = stack.pop()
        if isinstance(node, Basic):
            yield node
            stack.extend(node.args)


def _rebuild(e, new_vars, convert):
    """``e`` with its own bound variables replaced by ``new_vars``, then ``convert`` applied to its parts.

    The limits of a Sum/Product/Integral run innermost first and are renamed
    in that order: a variable's scope is the body and the bounds of the
    limits inside it, never its own bounds or those of outer limits (so
    ``Sum(q, (q, 1, q), (q, 1, 3))`` keeps its meaning).
    """
    if isinstance(e, _LIMITS):
        body, limits = e.function, [tuple(lim) for lim in e.limits]
        fresh = iter(new_vars)
        for pos, lim in enumerate(limits):
            if len(lim) != 3:
                continue
            var, new = lim[0], next(fresh)
            body = body.xreplace({var: new})
            limits = [tuple(u.xreplace({var: new}) for u in inner) if q < pos else inner
                      for q, inner in enumerate(limits)]
            limits[pos] = (new,) + lim[1:]
        # the variables too: an Idx carries its range, which may mention a substituted symbol,
        # and the body's copies of it are converted alike
        return e.func(convert(body), *[tuple(convert(u) for u in lim) for lim in limits])
    table = dict(zip(_bound_here(e), new_vars))
    if isinstance(e, Limit):
        expr, var, point, direction = e.args
        return Limit(convert(expr.xreplace(table)), table[var], convert(point), str(direction))
    if isinstance(e, Subs):
        expr, variables, points = e.args
        return Subs(convert(expr.xreplace(table)), Tuple(*[table[v] for v in variables]),
                    Tuple(*[convert(p) for p in points]))
    if isinstance(e, Lambda):
        return Lambda(Tuple(*[table[v] for v in e.variables]), convert(e.expr.xreplace(table)))
    raise TypeError(f"not a binder: {type(e).__name__}")


def alpha_convert(e):
    """``e`` with every bound variable replaced by its own fresh Dummy (innermost binders first).

    Example:
        >>> from sympy import Sum, Symbol
        >>> k = Symbol('k', integer=True)
        >>> e = alpha_convert(k + Sum(k, (k, 1, 3)))
        >>> sorted(str(a) for a in e.free_symbols)
        ['k']
    """
    if not isinstance(e, Basic) or not e.args:
        return e
    if _bound_here(e):
        fresh = [fresh_like(v) for v in _bound_here(e)]
        return _rebuild(e, fresh, alpha_convert)
    return e.func(*[alpha_convert(a) for a in e.args])


def subs_free(e, mapping: dict):
    """``e`` with the free occurrences of the keys of ``mapping`` replaced (capture-avoiding).

    Keys are symbols, entries or any subexpression (matched structurally, as
    ``xreplace`` does).  A binder whose variable occurs in a key or in a
    value is renamed apart first: the key then no longer matches inside it
    (it is about another variable), and no value is captured.
    """
    if not mapping or not isinstance(e, Basic):
        return e
    mentioned = set()
    for key, value in mapping.items():
        mentioned |= getattr(key, "free_symbols", set()) | getattr(value, "free_symbols", set())
    if not (bound_variables(e) & mentioned):
        return e.xreplace(mapping)      # no binder is touched: a plain replacement is the same
    return _subs(e, dict(mapping))


def _subs(e, mapping):
    if not isinstance(e, Basic):
        return e
    if e in mapping:
        return mapping[e]
    if not e.args:
        return e
    bound = _bound_here(e)
    if bound:
        mentioned = set()
        for key, value in mapping.items():
            mentioned |= getattr(key, "free_symbols", set()) | getattr(value, "free_symbols", set())
        if set(bound) & mentioned:
            # a key about the bound variable, or a value it would capture: rename it apart first,
            # after which the mapping means the same inside the binder as outside
            e = alpha_convert_once(e)
        return _rebuild(e, _bound_here(e), lambda part: _subs(part, mapping))
    return e.func(*[_subs(a, mapping) for a in e.args])


def alpha_convert_once(e):
    """``e`` (a binder) with its own variables renamed to fresh Dummies; its inside unchanged."""
    return _rebuild(e, [fresh_like(v) for v in _bound_here(e)], lambda part: part)


def free_atoms(e, types) -> set:
    """The subexpressions of the given types that mention no variable bound above them in ``e``."""
    out: set = set()
    _collect(e, types, frozenset(), out)
    return out


def _collect(e, types, bound, out):
    if not isinstance(e, Basic):
        return
    if isinstance(e, types) and not (e.free_symbols & bound):
        out.add(e)
    here = _bound_here(e)
    if here:
        scope = bound | set(here)
        for a in e.args:
            _collect(a, types, scope, out)   # limits see the variable too; a bound limit is rare
        return
    for a in e.args:
        _collect(a, types, bound, out)


def sum_bound_problems(e) -> tuple[list, list]:
    """(numeric, symbolic): summation/product bounds that are, or may be, not integers.

    ``numeric`` lists ``(binder, bound)`` pairs whose bound is a number but no
    integer (an input error); ``symbolic`` those whose bound is not known to
    be an integer (the claim is then undecided).
    """
    numeric, symbolic = [], []
    for node in _preorder(e):
        if not isinstance(node, (Sum, Product)):
            continue
        for lim in node.limits:
            for bound in lim[1:]:
                if bound.is_integer:
                    continue
                if bound.is_number and bound.is_finite is not False:
                    numeric.append((node, bound))
                elif not bound.is_number:
                    symbolic.append((node, bound))
    return numeric, symbolic


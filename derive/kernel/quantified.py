"""Hypotheses that hold for every value of their own indices.

Convention (documented in :func:`derive.kernel.checker.check`): an index that
occurs free in a hypothesis but not in the claim is read as universally
quantified over its range.  ``Eq(Sum(Y[r, k], (k, 1, n)), 1)`` with ``r``
an ``Idx`` over ``1..N`` says every row of ``Y`` sums to one.

Such a hypothesis ``coeff(r) * A(r) + rest(r) = 0`` is used by replacing an
instance ``A(t)`` of its atom by ``-rest(t)/coeff(t)`` wherever ``t`` is an
index in scope (a summation variable of an enclosing sum, or a free index of
the claim) whose values all lie in ``r``'s range.  Soundness conditions,
each checked from the scoped index facts:

* ``t`` takes only values in ``lo_r..hi_r``: the facts in scope give
  ``t >= lo_r`` and ``hi_r >= t``.  Inside a sum those facts exist only when
  its range is not reversed (:meth:`derive.kernel.indices.Facts.within`).
* ``coeff`` is nonzero for every value (from the symbols' assumptions).
* Bound variables are renamed apart before matching, so no substitution
  captures a variable.
"""
from __future__ import annotations

from itertools import product

from sympy import Dummy, Idx, Indexed, Product, Sum, Symbol, expand

from .binders import free_atoms, subs_free
from .indices import Facts, canonical_indices, free_indices, rename_apart

__all__ = ["quantified_hypotheses", "instantiate_hypotheses"]

_BINDERS = (Sum, Product)


def quantified_hypotheses(claim_expr, residuals) -> tuple[tuple, tuple]:
    """Split hypothesis residuals into (plain, quantified).

    Returns:
        plain: residuals whose free indices all occur free in the claim;
        quantified: ``(residual, indices)`` pairs, ``indices`` being those free
        in the residual but not in the claim.
    """
    claim_idx = set(free_indices(claim_expr))
    plain, quantified = [], []
    for g in residuals:
        own = tuple(a for a in free_indices(g) if a not in claim_idx)
        if own:
            quantified.append((g, own))
        else:
            plain.append(g)
    return tuple(plain), tuple(quantified)


def _solutions(g, qvars):
    """(atom, value) with ``g = 0  <=>  atom = value``; atoms mention every quantified index."""
    out = []
    for atom in sorted(free_atoms(g, (Sum, Indexed, Symbol)), key=lambda a: (-len(str(a)), str(a))):
        if isinstance(atom, Idx) or not set(qvars) <= atom.free_symbols:
            continue
        u = Dummy("u")
        lin = expand(subs_free(g, {atom: u}))
        coeff = lin.coeff(u, 1)
        rest = expand(lin - coeff * u)
        if coeff == 0 or rest.has(u) or coeff.has(u) or coeff.is_zero is not False:
            continue
        out.append((atom, -rest / coeff))
    return out


def instantiate_hypotheses(expr, quantified, facts: Facts):
    """``expr`` with instances of quantified hypotheses' atoms replaced by their values.

    Args:
        expr: a residual in sum normal form.
        quantified: ``(residual, indices)`` pairs from :func:`quantified_hypotheses`.
        facts: the index facts of the claim (free indices' ranges).
    """
    out = expr
    for g, qvars in quantified:
        for atom, value in _solutions(g, qvars):
            new = _walk(out, rename_apart(atom), rename_apart(value), qvars,
                        sorted(free_indices(expr), key=str), facts)
            if new != out:
                out = new
                break
    return out


def _walk(e, atom, value, qvars, scope, facts):
    if type(e) is type(atom):
        match = _match(e, atom, qvars, scope, facts)
        if match is not None:
            return value.xreplace(match)
    if isinstance(e, _BINDERS):
        inner = facts.within(e.limits)
        names = scope + [v for (v, _, _) in e.limits]
        return e.func(_walk(e.function, atom, value, qvars, names, inner), *e.limits)
    if not e.args:
        return e
    return e.func(*[_walk(a, atom, value, qvars, scope, facts) for a in e.args])


def _in_range(t, q, facts) -> bool:
    if q.lower is None or q.upper is None:
        return False
    return facts.implies_nonneg(t - q.lower) and facts.implies_nonneg(q.upper - t)


def _match(e, atom, qvars, scope, facts):
    """An assignment of scope indices to ``qvars`` making ``atom`` equal to ``e``, or None."""
    target = canonical_indices(e)
    choices = [[t for t in scope if _in_range(t, q, facts)] for q in qvars]
    for values in product(*choices):
        assign = dict(zip(qvars, values))
        if canonical_indices(atom.xreplace(assign)) == target:
            return assign
    return None

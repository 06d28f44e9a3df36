"""Signs of linear forms in plain symbols, decided from the symbols' assumptions alone.

The index facts (:class:`derive.kernel.indices.Facts`) are linear forms such as
``n - k`` or ``k - 1``, and asking whether ``d - f1 - f2 >= 0`` is what SymPy's
assumption system answers slowly (an ``expand`` and an ``is_nonnegative``
query for every combination).  For a linear form ``c0 + sum c_i x_i`` with
rational coefficients, each ``x_i`` a symbol, the answer follows from bounds
the assumptions give each symbol:

* lower bound: 1 for a positive integer, 0 for a positive or nonnegative one;
* upper bound: -1 for a negative integer, 0 for a negative or nonpositive one;
* none otherwise (a complex or unbounded symbol).

The infimum of the form is ``c0 + sum (c_i L_i if c_i > 0 else c_i U_i)``.
The form is nonnegative for every admissible value exactly when every needed
bound exists and the infimum is ``>= 0``: the bounds are attained or
approached by admissible values, and distinct symbols are independent.  So
the test is exact on its fragment -- it answers True or False there and None
outside it (a product of symbols, an ``Idx`` whose range the assumptions do
not know, any other term), where the caller asks SymPy.
"""
from __future__ import annotations

from functools import lru_cache

from sympy import Add, Idx, Rational, Symbol

__all__ = ["linear_form", "nonneg"]


@lru_cache(maxsize=16384)
def linear_form(e):
    """``{symbol: coefficient, 1: constant}`` of a linear form in symbols, or None."""
    out: dict = {}
    for term in Add.make_args(e):
        coeff, rest = term.as_coeff_Mul()
        if not isinstance(coeff, Rational):
            return None
        if rest == 1:
            key = 1
        elif isinstance(rest, (Symbol, Idx)):
            key = rest
        else:
            return None
        out[key] = out.get(key, 0) + coeff
    return out


def _bounds(x):
    integer = x.is_integer
    lower = (1 if integer else 0) if x.is_positive else 0 if x.is_nonnegative else None
    upper = (-1 if integer else 0) if x.is_negative else 0 if x.is_nonpositive else None
    if x.is_extended_real is not True:
        return None, None
    return lower, upper


def nonneg(form: dict) -> bool:
    """Whether the linear form (from :func:`linear_form`) is ``>= 0`` for every value."""
    low = form.get(1, 0)
    for x, c in form.items():
        if x == 1 or c == 0:
            continue
        lower, upper = _bounds(x)
        bound = lower if c > 0 else upper
        if bound is None:
            return False
        low += c * bound
    return bool(low >= 0)

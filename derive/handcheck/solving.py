"""Solving one condition for one unknown over the reals, and a sound positivity test.

:func:`isolate` takes only steps whose solution is unique on the real line:
adding or subtracting terms, dividing by a factor known to be nonzero,
``\\log u = v`` -> ``u = e^{v}``, ``e^{u} = v`` -> ``u = \\log v`` for real
``u`` and ``v > 0`` (``e^u = -1`` has no real solution: None), ``u^{-1} = v``,
odd powers (the real root: ``u^3 = -8`` gives ``u = -2``) and powers of a
positive base, then a linear equation with a nonzero coefficient.  A solution
holding infinity or NaN is no solution.  So a rule it returns is the only
real value the condition allows, and substituting it loses no case.
"""
from __future__ import annotations

from sympy import Add, Idx, Indexed, Mul, Pow, S, Sum, exp, expand, log, real_root
from sympy.core.function import AppliedUndef

__all__ = ["contains", "is_positive", "isolate", "within"]

_MAX_DEPTH = 40


def within(value, idx: Idx) -> bool:
    """Whether the index value ``value`` provably lies in ``idx``'s range."""
    lo, hi = idx.lower, idx.upper
    if lo is None or hi is None:
        return False
    if isinstance(value, Idx):
        a, b = value.lower, value.upper
        if a is None or b is None:
            return False
        return bool((a - lo).is_nonnegative) and bool((hi - b).is_nonnegative)
    return bool((value - lo).is_nonnegative) and bool((hi - value).is_nonnegative)


def is_positive(e) -> bool:
    """A sound, incomplete positivity test that knows sums of positive terms."""
    if e.is_positive:
        return True
    if isinstance(e, exp):
        return bool(e.args[0].is_real)
    if isinstance(e, Sum):
        return is_positive(e.function) and all(
            (hi - lo).is_nonnegative for _, lo, hi in e.limits)
    if isinstance(e, Mul) or isinstance(e, Add):
        return all(is_positive(a) for a in e.args)
    if isinstance(e, Pow):
        return is_positive(e.base) and bool(e.exp.is_real)
    return False


def _nonzero(e) -> bool:
    return bool(e.is_nonzero) or is_positive(e) or is_positive(-e)


def contains(e, target) -> bool:
    """Whether ``e`` may hold ``target``: for a family entry, any entry that could equal it."""
    if isinstance(target, Indexed):
        if target.indices and all(ix.is_Integer for ix in target.indices):
            # A concrete entry p[1] is distinct from p[2], but p[i] may be p[1].
            return any(a.base == target.base and (a == target or not all(
                ix.is_Integer for ix in a.indices)) for a in e.atoms(Indexed))
        return e.has(target.base)
    return e.has(target)


def isolate(residual, target, divisors=None):
    """The unique real solution of ``residual = 0`` for ``target``, else None.

    ``divisors``: a list to collect the factors divided by that are not known to be
    nonzero (``k_B`` in ``k_B \\log p_i = c``); the solution then holds only where
    they are nonzero.  Without it, such a division is not made.
    """
    lhs, rhs = residual, S.Zero
    for _ in range(_MAX_DEPTH):
        if lhs == target:
            if contains(rhs, target) or rhs.has(S.ComplexInfinity, S.Infinity,
                                                  S.NegativeInfinity, S.NaN):
                return None
            return rhs
        step = _unwind(lhs, rhs, target, divisors)
        if step is None:
            return _linear(lhs - rhs, target)
        lhs, rhs = step
    return None


def _unwind(lhs, rhs, target, divisors=None):
    """One inverse step: (lhs, rhs) -> (inner, new rhs), or None."""
    parts = [a for a in lhs.args if contains(a, target)] if lhs.args else []
    # The other arguments are rebuilt, not divided out: SymPy would leave
    # e^{-a} e^{a} uncancelled.
    others = [a for a in lhs.args if not contains(a, target)] if lhs.args else []
    if isinstance(lhs, Add) and len(parts) == 1:
        return parts[0], rhs - Add(*others)
    if isinstance(lhs, Mul) and len(parts) == 1:
        other = Mul(*others)
        if not _nonzero(other):
            if divisors is None or other.is_zero:
                return None
            divisors.append(other)
        return parts[0], rhs / other
    if isinstance(lhs, log):
        return lhs.args[0], exp(rhs)
    if isinstance(lhs, exp) and lhs.args[0].is_real:
        # e^u = v has a real solution only for v > 0 (never u = i*pi for v = -1).
        return (lhs.args[0], log(rhs)) if is_positive(rhs) else None
    if isinstance(lhs, Pow) and not contains(lhs.exp, target):
        base, k = lhs.base, lhs.exp
        if k == -1:
            return base, 1 / rhs
        if k.is_Integer and k % 2 == 1:
            return base, _odd_root(rhs, k)
        if is_positive(base) and k.is_real and k != 0:
            return base, rhs ** (1 / k)
    return None


def _odd_root(v, k):
    """The real k-th root (k odd) of ``v``: ``(-8)^{1/3} = -2``, ``(b^3)^{1/3} = b``."""
    if isinstance(v, Pow) and v.exp == k and v.base.is_real:
        return v.base
    if isinstance(v, Mul) and v.args[0] == -1 and isinstance(-v, Pow) and (-v).exp == k \
            and (-v).base.is_real:
        return -(-v).base
    return real_root(v, k)


def _linear(residual, target):
    """``a*target + b = 0`` with ``a`` nonzero and free of the target."""
    if isinstance(target, AppliedUndef):
        return None
    e = expand(residual)
    a = e.coeff(target)
    b = expand(e - a * target)
    if a == 0 or contains(a, target) or contains(b, target) or not _nonzero(a):
        return None
    return -b / a

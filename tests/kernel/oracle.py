"""An independent judge for the kernel's tests: the truth of a claim at one point.

Nothing here comes from ``derive``: the expression is interpreted at the
point (a summation variable is bound by its sum and shadows a free symbol of
the same name; sums are written out term by term, Karr's convention for
reversed ranges), derivatives, limits and integrals are carried out by SymPy
*after* the sums are written out (so ``d/dz_1`` of ``z_1**2 + z_2**2`` is
unambiguous), and the resulting number is compared exactly when it is
rational, else at 60 digits with ``evalf``.
"""
from __future__ import annotations

import mpmath
from sympy import (AccumBounds, Derivative, Float, Idx, Indexed, IndexedBase, Integer, Integral,
                   Limit, Product, Rational, S, Subs, Sum, Symbol, nan, sympify, zoo)
from sympy.core.evalf import PrecisionExhausted

__all__ = ["value_at", "holds_at", "hypotheses_hold", "is_counterexample", "Undefined"]

_DPS = 60


class Undefined(ValueError):
    """The expression has no finite value at the point (0/0, log(0), a bound that is not an integer)."""


def _split(env):
    ints, rest, families = {}, {}, {}
    for key, val in env.items():
        if isinstance(key, IndexedBase):
            families[key] = val
        elif not isinstance(key, Indexed) and (isinstance(val, int) or getattr(val, "is_Integer", False)):
            ints[key] = Integer(val)
        else:
            rest[key] = sympify(val)
    return ints, rest, families


def _concrete(e, env):
    """``e`` with the integer symbols of ``env`` put in and every sum written out.

    An interpreter, not a substitution: a summation variable is bound by its
    sum (it shadows a free symbol of the same name), and derivatives are taken
    of the written-out expression, in the written-out variable (``z[1]``).
    """
    if isinstance(e, (Symbol, Idx)):
        return env.get(e, e)
    if not getattr(e, "args", None):
        return e
    if isinstance(e, (Sum, Product)):
        return _loop(e, list(e.limits), env)
    if isinstance(e, Indexed):
        return Indexed(e.base, *[_concrete(a, env) for a in e.indices])
    if isinstance(e, Derivative):
        body = _concrete(e.expr, env)
        variables = [(_concrete(v, env), c) for v, c in e.variable_count]
        return Derivative(body, *variables).doit()
    if isinstance(e, Subs):
        expr, variables, points = e.args
        inner = {k: v for k, v in env.items() if k not in variables}
        body = _concrete(expr, inner)
        return body.subs(dict(zip(variables, [_concrete(p, env) for p in points])), simultaneous=True)
    if isinstance(e, (Limit, Integral)):
        inner = dict(env)
        bound = [e.args[1]] if isinstance(e, Limit) else [lim[0] for lim in e.limits]
        for v in bound:
            inner.pop(v, None)
        return e.func(*[_concrete(a, inner) for a in e.args]).doit()
    return e.func(*[_concrete(a, env) for a in e.args])


def _loop(e, limits, env):
    var, lo, hi = limits[-1]                  # the outermost limit is the last
    lo, hi = _concrete(lo, env), _concrete(hi, env)
    if not (lo.is_Integer and hi.is_Integer):
        raise Undefined(f"the bounds {lo}, {hi} of {e} are not integers at the point")
    a, b, flip = int(lo), int(hi), False
    if b < a - 1:                             # Karr's convention, as in SymPy
        a, b, flip = b + 1, a - 1, True
    values = []
    for v in range(a, b + 1):
        inner = {**env, var: Integer(v)}
        values.append(_loop(e, limits[:-1], inner) if len(limits) > 1 else _concrete(e.function, inner))
    if isinstance(e, Sum):
        total = sum(values, S.Zero)
        return -total if flip else total
    prod = S.One
    for v in values:
        prod *= v
    return 1 / prod if flip else prod


def value_at(expr, env):
    """``expr`` at the point ``env`` as an exact SymPy number (or one with transcendental parts).

    Raises:
        Undefined: no finite value there.
    """
    ints, rest, families = _split(env)
    e = _concrete(sympify(expr), ints)
    entries = dict(rest)
    for ind in e.atoms(Indexed):
        if ind in entries:
            continue
        if ind.base in families and all(a.is_Integer for a in ind.indices):
            seq = families[ind.base]
            try:
                for t in ind.indices:
                    if int(t) < 1:
                        raise IndexError
                    seq = seq[int(t) - 1]
            except (IndexError, TypeError):
                raise Undefined(f"no value for {ind}") from None
            entries[ind] = sympify(seq)
    e = e.xreplace({k: v for k, v in entries.items() if isinstance(k, Indexed)})
    e = e.xreplace({k: v for k, v in entries.items() if not isinstance(k, Indexed)})
    e = e.xreplace({f: Rational(f) for f in e.atoms(Float)})   # a Float is its exact binary value
    if e.has(nan, zoo, AccumBounds) or e.free_symbols or (e.has(S.Infinity, S.NegativeInfinity)
                                             and e not in (S.Infinity, S.NegativeInfinity)):
        raise Undefined(f"{expr} has no value at the point: {e}")
    return e


def _number(v, strict=False):
    with mpmath.workdps(_DPS):
        re, im = v.evalf(_DPS, strict=strict, maxn=600).as_real_imag()
        return mpmath.mpc(mpmath.mpf(str(re)), mpmath.mpf(str(im)))


def holds_at(rel, env, certify=True):
    """True/False: ``rel`` at ``env``; exact for rational values, else at 60 digits.

    Returns None when the difference is not rational and below ``1e-50`` (relative) at 60
    digits, unless ``certify``: then SymPy's adaptive ``evalf`` must certify 60 correct
    digits of it (and not find it 0) to decide.
    """
    if rel in (S.true, S.false):
        return bool(rel)
    lhs, rhs = value_at(rel.lhs, env), value_at(rel.rhs, env)
    if lhs.is_infinite or rhs.is_infinite:       # oo and -oo: SymPy's extended-real order decides
        decided = rel.func(lhs, rhs)
        return bool(decided) if decided in (S.true, S.false) else None
    op = rel.rel_op
    if lhs.is_Rational and rhs.is_Rational:
        gap = lhs - rhs
        return bool({"==": gap == 0, "!=": gap != 0, "<": gap < 0, "<=": gap <= 0,
                     ">": gap > 0, ">=": gap >= 0}[op])
    left, right = _number(lhs), _number(rhs)
    with mpmath.workdps(_DPS):
        g, scale = left - right, 1 + abs(left) + abs(right)
    if abs(g) <= mpmath.mpf(10) ** -50 * scale:
        if not certify:
            return None
        try:                # tiny: only a certified value decides (evalf raises its precision)
            g = _number(lhs - rhs, strict=True)
        except PrecisionExhausted:
            return None
        if g == 0:          # no certificate that it is exactly 0
            return None
    if op in ("==", "!="):
        return op == "!="
    if g.imag != 0:         # a non-real difference: no order
        return False
    return bool({"<": g.real < 0, "<=": g.real < 0, ">": g.real > 0, ">=": g.real > 0}[op])


def is_counterexample(claim, given, env):
    """(ok, why): every hypothesis holds at ``env`` (quantified indices at every value) and the claim fails."""
    try:
        return _is_counterexample(claim, given, env)
    except Undefined as exc:      # the point leaves a side without a value: it shows nothing
        return False, str(exc)


def hypotheses_hold(claim, given, env):
    """(ok, why): every hypothesis holds at ``env``, at every value of its own indices."""
    for g in given:
        for point in _instances(g, claim, env):
            if holds_at(g, point) is not True:
                return False, f"hypothesis {g} does not hold at {point}"
    return True, ""


def _is_counterexample(claim, given, env):
    ok, why = hypotheses_hold(claim, given, env)
    if not ok:
        return ok, why
    verdict = holds_at(claim, env)
    if verdict is not False:
        return False, f"the claim {claim} is not violated at {env} ({verdict})"
    return True, ""


def _instances(g, claim, env):
    """The point, extended by every value of each index free in ``g`` but not in the claim."""
    claim_free = claim.free_symbols if hasattr(claim, "free_symbols") else set()
    own = sorted((a for a in g.free_symbols if isinstance(a, Idx) and a not in claim_free
                  and a not in env), key=str)
    ints = {k: Integer(v) for k, v in env.items() if isinstance(v, int) or getattr(v, "is_Integer", False)}
    points = [dict(env)]
    for idx in own:
        lo, hi = _concrete(idx.lower, ints), _concrete(idx.upper, ints)
        points = [{**p, idx: Integer(v)} for p in points for v in range(int(lo), int(hi) + 1)]
    return points

"""An independent judge for the kernel's tests: the truth of a claim at one point.

Nothing here comes from ``derive``: the point is substituted with SymPy's own
``subs`` (which leaves bound variables alone), sums over concrete ranges are
written out term by term (Karr's convention for reversed ranges),
derivatives, limits and integrals are carried out by SymPy *after* the sums
are written out (so ``d/dz_1`` of ``z_1**2 + z_2**2`` is unambiguous), and
the resulting number is compared exactly when it is rational, else at 60
digits with ``evalf``.
"""
from __future__ import annotations

import mpmath
from sympy import (Derivative, Idx, Indexed, IndexedBase, Integer, Integral, Limit, Product, S,
                   Sum, nan, sympify, zoo)

__all__ = ["value_at", "holds_at", "is_counterexample", "Undefined"]

_DPS = 60


class Undefined(ValueError):
    """The expression has no finite value at the point (0/0, log(0), a bound that is not an integer)."""


def _split(env):
    ints, rest, families = {}, {}, {}
    for key, val in env.items():
        if isinstance(key, IndexedBase):
            families[key] = val
        elif isinstance(val, int) or (hasattr(val, "is_Integer") and val.is_Integer
                                      and not isinstance(key, Indexed)):
            ints[key] = Integer(val)
        else:
            rest[key] = sympify(val)
    return ints, rest, families


def _write_out(e):
    """Every Sum/Product over a concrete integer range written out, innermost first."""
    if not getattr(e, "args", None):
        return e
    if not isinstance(e, (Sum, Product)):
        return e.func(*[_write_out(a) for a in e.args])
    body = _write_out(e.function)
    for (var, lo, hi) in e.limits:          # innermost first
        lo, hi = _write_out(lo), _write_out(hi)
        if not (lo.is_Integer and hi.is_Integer):
            if lo.is_number and hi.is_number:
                raise Undefined(f"the bounds {lo}, {hi} of {e} are not integers")
            return e
        a, b, flip = int(lo), int(hi), False
        if b < a - 1:
            a, b, flip = b + 1, a - 1, True
        terms = [body.subs(var, Integer(v)) for v in range(a, b + 1)]
        if isinstance(e, Sum):
            body = sum(terms, S.Zero)
            body = -body if flip else body
        else:
            prod = S.One
            for t in terms:
                prod *= t
            body = 1 / prod if flip else prod
        body = _write_out(body)
    return body


def value_at(expr, env):
    """``expr`` at the point ``env`` as an exact SymPy number (or one with transcendental parts).

    Raises:
        Undefined: no finite value there.
    """
    ints, rest, families = _split(env)
    e = sympify(expr)
    e = e.subs(ints) if ints else e
    e = _write_out(e)
    if e.has(Derivative, Limit, Integral):
        e = e.doit()
        e = _write_out(e)
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
    e = e.subs({k: v for k, v in entries.items() if not isinstance(k, Indexed)})
    if e.has(Derivative, Limit, Integral):
        e = e.doit()
    if e.has(nan, zoo) or e.free_symbols or (e.has(S.Infinity, S.NegativeInfinity)
                                             and e not in (S.Infinity, S.NegativeInfinity)):
        raise Undefined(f"{expr} has no value at the point: {e}")
    return e


def _number(v):
    with mpmath.workdps(_DPS):
        re, im = v.evalf(_DPS).as_real_imag()
        return mpmath.mpc(mpmath.mpf(str(re)), mpmath.mpf(str(im)))


def holds_at(rel, env):
    """True/False: ``rel`` at ``env``; exact for rational values, else at 60 digits.

    Returns None when the two sides agree to 40 digits but are not rational (no decision).
    """
    if rel in (S.true, S.false):
        return bool(rel)
    lhs, rhs = value_at(rel.lhs, env), value_at(rel.rhs, env)
    if lhs.is_infinite or rhs.is_infinite:       # oo and -oo: SymPy's extended-real order decides
        decided = rel.func(lhs, rhs)
        return bool(decided) if decided in (S.true, S.false) else None
    gap = (lhs - rhs).expand()
    op = rel.rel_op
    if gap.is_Rational:
        return {"==": gap == 0, "!=": gap != 0, "<": gap < 0, "<=": gap <= 0,
                ">": gap > 0, ">=": gap >= 0}[op]
    g, scale = _number(gap), 1 + abs(_number(lhs)) + abs(_number(rhs))
    with mpmath.workdps(_DPS):
        tol = mpmath.mpf(10) ** -40 * scale
        if abs(g) <= tol:
            return None
        if op == "==":
            return False
        if op == "!=":
            return True
        if abs(g.imag) > tol:
            return False
        r = g.real
        return {"<": r < 0, "<=": r < 0, ">": r > 0, ">=": r > 0}[op]


def is_counterexample(claim, given, env):
    """(ok, why): every hypothesis holds at ``env`` (quantified indices at every value) and the claim fails."""
    for g in given:
        for inst in _instances(g, claim, env):
            if holds_at(inst, env) is not True:
                return False, f"hypothesis {inst} does not hold at {env}"
    verdict = holds_at(claim, env)
    if verdict is not False:
        return False, f"the claim {claim} is not violated at {env} ({verdict})"
    return True, ""


def _instances(g, claim, env):
    """A hypothesis with an index free in it but not in the claim, at every value of its range."""
    claim_free = claim.free_symbols if hasattr(claim, "free_symbols") else set()
    own = sorted((a for a in g.free_symbols if isinstance(a, Idx) and a not in claim_free
                  and a not in env), key=str)
    if not own:
        return [g]
    ints = {k: Integer(v) for k, v in env.items() if isinstance(v, int) or getattr(v, "is_Integer", False)}
    out = [g]
    for idx in own:
        lo, hi = idx.lower.subs(ints), idx.upper.subs(ints)
        out = [h.subs(idx, Integer(v)) for h in out for v in range(int(lo), int(hi) + 1)]
    return out



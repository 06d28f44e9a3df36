"""The arithmetic of :mod:`derive.kernel.fastpath`: fractions over a sparse polynomial ring.

A fraction is ``(N, {F: p})``: the polynomial ``N`` over the product of the
monic polynomials ``F`` to the powers ``p``.  Sums use a common multiple of
the denominators (no gcd is ever taken), which is all a zero test needs.
:class:`Convert` maps SymPy subterms to fractions (and their derivatives, by
the rules of differentiation on the tree); see the fast path's docstring for
why a zero numerator is a proof.
"""
from __future__ import annotations

from functools import reduce

from sympy import Add, Derivative, Indexed, Rational, S, exp, expand, log
from sympy.polys.domains import QQ
from sympy.polys.rings import PolyRing

__all__ = ["Decline", "Convert", "exp_terms", "add"]


class Decline(Exception):
    """The expression is outside the fragment; nothing is shown."""


def exp_terms(e):
    """``[(c, m)]`` with the argument of ``exp`` equal to ``sum c * m``, ``c`` rational."""
    arg = e.args[0] if isinstance(e, exp) else S.One
    if arg.is_Mul and any(a.is_Add for a in arg.args):
        arg = expand(arg, deep=False, power_exp=False, power_base=False, log=False,
                     multinomial=False)
    out = []
    for t in Add.make_args(arg):
        c, m = t.as_coeff_Mul()
        if not c.is_Rational:
            raise Decline("a non-rational coefficient in an exponent")
        out.append((c, m))
    return out


class Convert:
    """Second pass: ``(N, {monic factor: power})`` for each subterm, memoized."""

    def __init__(self, scan):
        # The order of the indeterminates does not matter for a zero test (nor for the
        # ratio ratio_constant finds), so they are not sorted: first seen, first numbered.
        plain, opaque, exps = list(scan.plain), list(scan.opaque), list(scan.exps)
        self.ring = _ring(len(plain) + len(opaque) + len(exps))
        gens = list(self.ring.gens)
        self.atom = dict(zip(plain + opaque, gens))
        self.exp_gen = {m: (gens[len(plain) + len(opaque) + pos], scan.exps[m])
                        for pos, m in enumerate(exps)}
        self.memo: dict = {}
        self.dmemo: dict = {}

    def const(self, q):
        return self.ring(QQ(int(q.p), int(q.q)))

    def frac(self, e):
        hit = self.memo.get(e)
        if hit is None:
            hit = self.memo[e] = self._frac(e)
        return hit

    def _frac(self, e):
        if e.is_Rational:
            return self.const(e), {}
        if e in self.atom:
            return self.atom[e], {}
        if e.is_Add:
            return add([self.frac(a) for a in e.args], self.ring)
        if e.is_Mul:
            num, den = self.ring.one, {}
            for a in e.args:
                n, d = self.frac(a)
                num = num * n
                den = _merge(den, d)
            return num, den
        if e.is_Pow and e.exp.is_Integer:
            return self._power(self.frac(e.base), int(e.exp))
        if isinstance(e, exp) or e is S.Exp1:
            num, den = self.ring.one, {}
            for c, m in exp_terms(e):
                gen, L = self.exp_gen[m]
                k = int(c * L)
                if k >= 0:
                    num = num * gen ** k
                else:
                    den = _merge(den, {gen: -k})
            return num, den
        if isinstance(e, Derivative):
            out, first = None, True
            for v, count in e.variable_count:
                for _ in range(int(count)):
                    out = self.deriv(e.expr, v) if first else _decline_nested()
                    first = False
            return out
        raise Decline(f"unexpected subterm {type(e).__name__}")

    # --- derivatives, by the rules of differentiation on the tree -------------------------

    def deriv(self, e, v):
        key = (e, v)
        hit = self.dmemo.get(key)
        if hit is None:
            hit = self.dmemo[key] = self._deriv(e, v)
        return hit

    def _deriv(self, e, v):
        zero = (self.ring.zero, {})
        if e.is_Rational:
            return zero
        if isinstance(e, log):
            du = self.deriv(e.args[0], v)
            return zero if du[0] == 0 else _mul(du, self._power(self.frac(e.args[0]), -1))
        # An indeterminate before any shape test: a non-integer power (sqrt(x)) is an
        # opaque indeterminate, never differentiated by the power rule for integers.
        if e in self.atom:
            if e == v:
                return (self.ring.one, {})
            if _independent(e, v):
                return zero
            raise Decline(f"cannot tell how {type(e).__name__} depends on {v}")
        if e.is_Add:
            return add([self.deriv(a, v) for a in e.args], self.ring)
        if e.is_Mul:
            terms = []
            for pos, a in enumerate(e.args):
                da = self.deriv(a, v)
                if da[0] == 0:
                    continue
                rest = [self.frac(b) for q, b in enumerate(e.args) if q != pos]
                terms.append(reduce(_mul, rest, da))
            return add(terms, self.ring) if terms else zero
        if e.is_Pow and e.exp.is_Integer:
            db = self.deriv(e.base, v)
            if db[0] == 0:
                return zero
            k = int(e.exp)
            return _mul(_mul((self.const(Rational(k)), {}), self._power(self.frac(e.base), k - 1)), db)
        if isinstance(e, exp) or e is S.Exp1:
            terms = [_mul((self.const(c), {}), self.deriv(m, v)) for c, m in exp_terms(e)]
            return _mul(self.frac(e), add(terms, self.ring))
        raise Decline(f"cannot tell how {type(e).__name__} depends on {v}")

    def _power(self, base, k):
        num, den = base
        if k >= 0:
            return num ** k, {f: p * k for f, p in den.items()}
        if num == 0:
            raise Decline("a zero denominator")
        k = -k
        top = reduce(lambda acc, fp: acc * fp[0] ** (fp[1] * k), den.items(), self.ring.one)
        lc = num.LC
        if num.is_ground:
            return top * self.ring(1 / lc ** k), {}
        monic = num.monic()
        return top * self.ring(1 / lc ** k), {monic: k}


_RINGS: dict = {}


def _ring(size: int) -> PolyRing:
    """QQ[x0, ..., x(size-1)], built once per size (building a ring parses its names)."""
    size = max(size, 1)
    ring = _RINGS.get(size)
    if ring is None:
        ring = _RINGS[size] = PolyRing([f"x{i}" for i in range(size)], QQ)
    return ring


def _decline_nested():
    raise Decline("a derivative of a derivative")


def _independent(e, v) -> bool:
    """``e`` (an indeterminate of the ring) does not change with ``v``.

    Distinct entries of a family are independent only when both have integer
    indices (``z[k]`` may be ``z[1]``); any other subterm must not mention ``v``
    or, for an entry ``v``, its family except through such entries.
    """
    if not isinstance(v, Indexed):
        return v not in e.free_symbols
    return not _mentions(e, v)


def _mentions(e, v) -> bool:
    if isinstance(e, Indexed):
        if e.base == v.base:
            return not (e.indices != v.indices and all(t.is_Integer for t in e.indices + v.indices))
        return any(_mentions(t, v) for t in e.indices)
    if e == v or e == v.base.label or e == v.base:
        return True
    return any(_mentions(a, v) for a in e.args)


def _mul(a, b):
    return a[0] * b[0], _merge(a[1], b[1])


def _merge(a, b):
    if not b:
        return a
    out = dict(a)
    for f, p in b.items():
        out[f] = out.get(f, 0) + p
    return out


def add(parts, ring):
    """Sum of fractions over the common multiple of the denominators (max power of each factor)."""
    common: dict = {}
    for _, den in parts:
        for f, p in den.items():
            if p > common.get(f, 0):
                common[f] = p
    total = ring.zero
    for num, den in parts:
        if num == 0:
            continue
        term = num
        for f, p in common.items():
            missing = p - den.get(f, 0)
            if missing:
                term = term * f ** missing
        total = total + term
    return total, common


# SymPy raising inside a conversion means "outside the fragment", never "zero"
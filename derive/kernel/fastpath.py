"""The exact fast path: decide ``d == 0`` in a sparse polynomial ring, without Expr rewriting.

The fragment is what the fixed-n re-checks and the written-out catalogue
claims live in: sums, products and integer powers of rational numbers,
symbols, family entries, exponentials and any other subterm.  An expression
is mapped to a quotient ``N / M`` of polynomials over QQ in these
indeterminates:

* every symbol or family entry is an indeterminate;
* ``exp(a)``: the argument is expanded into terms ``c * m`` (``c`` rational,
  ``m`` the rest of the term); each ``m`` gets one indeterminate
  ``G_m = exp(m / L_m)``, with ``L_m`` the least common denominator of the
  coefficients ``m`` has in all exponentials of the expression, and
  ``exp(a)`` becomes the Laurent monomial ``prod G_m ** (c * L_m)``.  This is
  an equality (``exp(u + v) = exp(u) exp(v)``, ``exp(k u) = exp(u)**k`` for
  an integer ``k``): the exponents are reduced to the basis of their terms;
* every other subterm (a logarithm, a sum, a Kronecker delta, a
  non-integer power, ...) is an indeterminate of its own.

Why a zero is a proof.  The map sends the expression to a rational function
``R`` in indeterminates; substituting for each indeterminate the value of the
subterm it stands for is a ring homomorphism that gives back the expression's
value wherever the denominators do not vanish.  ``M`` is a product of the
denominators met (no gcd is taken: any common multiple of the denominators
works), so if ``N`` is the zero polynomial then ``R = 0`` identically and the
expression is zero at every point where it is defined -- the same convention
as ``cancel`` (a rational function is identified with its reduced form).
Treating the indeterminates as independent only forgets relations among them
(``log(x y)`` versus ``log x + log y``, dependent exponents within an opaque
term), so it can miss a zero but never invent one; reducing the exponents to
the basis of their terms is what lets it see ``exp(a + b) = exp(a) exp(b)``.
When ``N`` is not zero the fast path says nothing ("not shown"), and the
usual strategies go on.  It declines (also "not shown") on floating-point
numbers and non-commutative symbols.
"""
from __future__ import annotations

from functools import reduce
from math import lcm

from sympy import Add, Derivative, Idx, Indexed, Product, Rational, S, Sum, Symbol, exp, expand, log, sympify
from sympy.polys.domains import QQ
from sympy.polys.groebnertools import groebner
from sympy.polys.rings import PolyRing

__all__ = ["is_zero", "ratio_constant", "equal_sides"]


_MAX_POWER = 64        # larger integer powers are left to the other strategies


class _Decline(Exception):
    """The expression is outside the fragment; nothing is shown."""


def _exp_terms(e):
    """``[(c, m)]`` with the argument of ``exp`` equal to ``sum c * m``, ``c`` rational."""
    arg = e.args[0] if isinstance(e, exp) else S.One
    if arg.is_Mul and any(a.is_Add for a in arg.args):
        arg = expand(arg, deep=False, power_exp=False, power_base=False, log=False,
                     multinomial=False)
    out = []
    for t in Add.make_args(arg):
        c, m = t.as_coeff_Mul()
        if not c.is_Rational:
            raise _Decline("a non-rational coefficient in an exponent")
        out.append((c, m))
    return out


class _Scan:
    """First pass: the indeterminates an expression needs."""

    def __init__(self, sums: bool = False):
        self.sums = sums              # sums and products as opaque indeterminates, or decline
        self.plain: dict = {}         # insertion-ordered sets
        self.opaque: dict = {}
        self.exps: dict = {}          # m -> L_m
        self.seen: set = set()

    def visit(self, e):
        if e in self.seen:
            return
        self.seen.add(e)
        if e.is_Rational:
            return
        if e.is_Float or e.is_commutative is False:
            raise _Decline("a float or a non-commutative factor")
        if isinstance(e, (Symbol, Indexed, Idx)):
            self.plain[e] = None
        elif e.is_Add or e.is_Mul:
            for a in e.args:
                self.visit(a)
        elif e.is_Pow and e.exp.is_Integer:
            if abs(int(e.exp)) > _MAX_POWER:
                raise _Decline("a power too large to expand")
            self.visit(e.base)
        elif isinstance(e, exp) or e is S.Exp1:
            for c, m in _exp_terms(e):
                self.exps[m] = lcm(self.exps.get(m, 1), int(c.q))
                self.visit(m)
        elif isinstance(e, Derivative):
            for v, count in e.variable_count:
                if not isinstance(v, (Symbol, Indexed)) or not count.is_Integer or count > 4:
                    raise _Decline("a derivative other than in a symbol or an entry")
                self.visit(v)
            self.visit(e.expr)
        elif isinstance(e, (Sum, Product)) and not self.sums:
            raise _Decline("a sum or product: its normal form decides it")
        else:
            self.opaque[e] = None
            if isinstance(e, log):        # its derivative is expressed through its argument
                self.visit(e.args[0])


class _Convert:
    """Second pass: ``(N, {monic factor: power})`` for each subterm, memoized."""

    def __init__(self, scan: _Scan):
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
            return _add([self.frac(a) for a in e.args], self.ring)
        if e.is_Mul:
            num, den = self.ring.one, {}
            for a in e.args:
                n, d = self.frac(a)
                num = num * n
                den = _merge(den, d)
            return num, den
        if e.is_Pow:
            return self._power(self.frac(e.base), int(e.exp))
        if isinstance(e, exp) or e is S.Exp1:
            num, den = self.ring.one, {}
            for c, m in _exp_terms(e):
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
        raise _Decline(f"unexpected subterm {type(e).__name__}")

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
        if e.is_Add:
            return _add([self.deriv(a, v) for a in e.args], self.ring)
        if e.is_Mul:
            terms = []
            for pos, a in enumerate(e.args):
                da = self.deriv(a, v)
                if da[0] == 0:
                    continue
                rest = [self.frac(b) for q, b in enumerate(e.args) if q != pos]
                terms.append(reduce(_mul, rest, da))
            return _add(terms, self.ring) if terms else zero
        if e.is_Pow:
            db = self.deriv(e.base, v)
            if db[0] == 0:
                return zero
            k = int(e.exp)
            return _mul(_mul((self.const(Rational(k)), {}), self._power(self.frac(e.base), k - 1)), db)
        if isinstance(e, exp) or e is S.Exp1:
            terms = [_mul((self.const(c), {}), self.deriv(m, v)) for c, m in _exp_terms(e)]
            return _mul(self.frac(e), _add(terms, self.ring))
        if isinstance(e, log):
            du = self.deriv(e.args[0], v)
            return zero if du[0] == 0 else _mul(du, self._power(self.frac(e.args[0]), -1))
        if e in self.atom:
            if e == v:
                return (self.ring.one, {})
            if _independent(e, v):
                return zero
        raise _Decline(f"cannot tell how {type(e).__name__} depends on {v}")

    def _power(self, base, k):
        num, den = base
        if k >= 0:
            return num ** k, {f: p * k for f, p in den.items()}
        if num == 0:
            raise _Decline("a zero denominator")
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
    raise _Decline("a derivative of a derivative")


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


def _add(parts, ring):
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
_FAILURES = (_Decline, ZeroDivisionError, ValueError, TypeError, AttributeError, RecursionError)
_CONVERTERS: dict = {}     # generator sets -> converter: claims of one family share their work
_MAX_CONVERTERS = 16
_MAX_MEMO = 200_000


def _converter(scan: _Scan) -> _Convert:
    """A converter for exactly these indeterminates, reused (with its memo) when one exists.

    The conversion of a subterm depends only on which indeterminate each atom,
    opaque subterm and exponential term is mapped to, so a converter built for
    the same sets gives the same fractions; sharing it lets the n**2 entries of
    a written-out Jacobian convert their common denominator once.
    """
    key = (frozenset(scan.plain), frozenset(scan.opaque), frozenset(scan.exps.items()))
    conv = _CONVERTERS.get(key)
    if conv is None or len(conv.memo) + len(conv.dmemo) > _MAX_MEMO:
        if len(_CONVERTERS) >= _MAX_CONVERTERS:
            _CONVERTERS.pop(next(iter(_CONVERTERS)))
        conv = _CONVERTERS[key] = _Convert(scan)
    return conv


def _fractions(*exprs, sums: bool = False):
    exprs = [sympify(e) for e in exprs]
    scan = _Scan(sums)
    for e in exprs:
        scan.visit(e)
    conv = _converter(scan)
    return [conv.frac(e) for e in exprs]


def is_zero(d) -> bool:
    """True only when ``d`` is identically zero in the fragment (see the module docstring).

    False means "not shown": outside the fragment, or not zero as a rational
    function of independent indeterminates.
    """
    try:
        (num, _), = _fractions(d)
    except _FAILURES:
        return False
    return num == 0


def equal_sides(lhs, rhs, given_zero=()) -> str | None:
    """How ``lhs - rhs`` is shown to be zero (derivatives included), or None.

    Derivatives in a symbol or a family entry are carried out on the tree by
    the sum, product, power and chain rules (``exp(a)' = exp(a) a'``,
    ``log(u)' = u'/u``); a subterm whose dependence on the variable the ring
    cannot express (a sum over a symbolic range, a function of it) declines.

    ``given_zero``: hypotheses ``g = 0``.  Those in the fragment whose numerator
    is linear are used: the claim's numerator is reduced modulo their Groebner
    basis.  A zero remainder puts the numerator in the ideal they generate, so
    it vanishes wherever they hold.  The others are left out, which only
    weakens the argument.

    Returns:
        ``"field"`` (no hypothesis needed), ``"field+hypotheses"``, or None.
    """
    usable = []
    for g in given_zero:
        try:
            _Scan().visit(sympify(g))
            usable.append(g)
        except _FAILURES:
            continue
    try:
        (na, da), (nb, db), *hyps = _fractions(lhs, rhs, *usable)
        num, _ = _add([(na, da), (-nb, db)], na.ring)
        if num == 0:
            return "field"
        basis = [h for h, _ in hyps if h != 0 and not h.is_ground and _linear(h)]
        if basis and num.rem(groebner(basis, num.ring)) == 0:
            return "field+hypotheses"
    except _FAILURES:
        return None
    return None


def _linear(p) -> bool:
    return all(sum(m) <= 1 for m in p.monoms())


def ratio_constant(a, b):
    """The rational number ``c`` with ``a = c * b`` shown in the fragment, else None.

    ``b`` must not be shown to be zero; ``c`` may be 0 only when ``a`` is zero.  Sums
    count as indeterminates here (a sum is a number like any other subterm).
    """
    try:
        (na, da), (nb, db) = _fractions(a, b, sums=True)
    except _FAILURES:
        return None
    if nb == 0:
        return None
    # a / b = (na * db) / (nb * da); constant c when na * db == c * nb * da
    left = na
    for f, p in db.items():
        left = left * f ** p
    right = nb
    for f, p in da.items():
        right = right * f ** p
    if left == 0:
        return Rational(0)
    c = left.LC / right.LC
    if left == right * c:
        return Rational(int(c.numerator), int(c.denominator))
    return None

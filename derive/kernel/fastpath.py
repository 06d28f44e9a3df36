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

from math import lcm

from sympy import Derivative, Idx, Indexed, Product, Rational, S, Sum, Symbol, exp, log, sympify
from sympy.polys.groebnertools import groebner

from .field import Convert as _Convert
from .field import Decline as _Decline
from .field import add as _add
from .field import exp_terms as _exp_terms

__all__ = ["is_zero", "ratio_constant", "equal_sides", "sign_shown", "forget"]

_MAX_POWER = 64        # larger integer powers are left to the other strategies


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
        if e.is_Float:
            raise _Decline("a floating-point number")
        if isinstance(e, (Symbol, Indexed, Idx)):
            if e.is_commutative is False:
                raise _Decline("a non-commutative symbol")
            self.plain[e] = None
        elif e.is_Add and len(e.args) > _SHARED_SCAN:
            self.merge(_scan_of(e, self.sums))
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


    def merge(self, other: "_Scan"):
        self.plain.update(other.plain)
        self.opaque.update(other.opaque)
        for m, L in other.exps.items():
            self.exps[m] = lcm(self.exps.get(m, 1), L)
        self.seen |= other.seen


_SHARED_SCAN = 8          # sums of more terms are scanned once and remembered
_SCANS: dict = {}


def _scan_of(e, sums: bool) -> _Scan:
    """The scan of a large sum (a common denominator shared by many claims), remembered."""
    key = (e, sums)
    hit = _SCANS.get(key)
    if hit is None:
        if len(_SCANS) > 4096:
            _SCANS.clear()
        hit = _Scan(sums)
        hit.seen.add(e)
        for a in e.args:
            hit.visit(a)
        _SCANS[key] = hit
    return hit


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


def forget() -> None:
    """Drop the shared converters (and their memos) and the remembered scans."""
    _CONVERTERS.clear()
    _SCANS.clear()


def _fractions(*exprs, sums: bool = False):
    return _fractions_with(*exprs, sums=sums)[0]


def _fractions_with(*exprs, sums: bool = False):
    exprs = [sympify(e) for e in exprs]
    scan = _Scan(sums)
    for e in exprs:
        scan.visit(e)
    conv = _converter(scan)
    return [conv.frac(e) for e in exprs], conv


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


def sign_shown(d, strict: bool) -> bool:
    """True only when ``d > 0`` (``strict``) or ``d >= 0`` follows in the field.

    With ``d = N / prod F**p``: every indeterminate is positive (or nonnegative) by its
    assumptions -- an exponential of a real term is positive -- every ``F`` has only
    positive coefficients, so it is positive, and ``N`` has only positive coefficients,
    so it is positive when some term has only positive indeterminates (nonnegative in
    any case).  A sum of positive terms is positive: nothing else is used.  Sums count
    as indeterminates here, with the sign SymPy's assumptions give them.

    Before that, an exponential ``G = exp(m / L)`` of a positive (nonnegative) ``m`` is
    written ``G = 1 + U`` in ``N`` and every ``F``, with ``U > 0`` (``U >= 0``): exp is
    increasing.  This is a change of variable applied to both, so the fraction is the same.
    """
    try:
        ((num, den),), conv = _fractions_with(d, sums=True)
        kinds = _kinds(conv)
        for m, (gen, _) in conv.exp_gen.items():
            shifted = "pos" if m.is_positive else "nonneg" if m.is_nonnegative else None
            if shifted is not None:
                num = num.compose(gen, gen + 1)
                den = {f.compose(gen, gen + 1): p for f, p in den.items()}
                kinds[conv.ring.gens.index(gen)] = shifted
        if num == 0:
            return not strict
        num_kind = _poly_kind(num, kinds)
        if num_kind is None or (strict and num_kind != "pos"):
            return False
        return all(_poly_kind(f, kinds) == "pos" for f in den)
    except _FAILURES:
        return False


def _kinds(conv) -> list:
    """Per indeterminate: "pos", "nonneg" or None (sign unknown)."""
    kinds = [None] * conv.ring.ngens
    for atom, gen in conv.atom.items():
        kinds[conv.ring.gens.index(gen)] = ("pos" if atom.is_positive else
                                            "nonneg" if atom.is_nonnegative else None)
    for m, (gen, _) in conv.exp_gen.items():
        kinds[conv.ring.gens.index(gen)] = "pos" if m.is_real else None   # finite: exp(-oo) = 0
    return kinds


def _poly_kind(p, kinds):
    """"pos" when ``p > 0`` follows term by term, "nonneg" for ``p >= 0``, else None."""
    strict = False
    for monom, coeff in p.terms():
        if coeff <= 0:
            return None
        used = [kinds[g] for g, e in enumerate(monom) if e]
        if any(k is None for k in used):
            return None
        strict = strict or all(k == "pos" for k in used)
    return "pos" if strict else "nonneg"

"""Signs from the hypotheses by linear arithmetic: a Farkas certificate, checked exactly.

To prove ``t >= 0`` (or ``t > 0``) from hypotheses ``g_j >= 0`` (some strict)
and ``h_l = 0``, look for rationals ``c >= 0``, ``λ_j >= 0`` and ``ν_l`` with

    t = c + Σ_j λ_j g_j + Σ_l ν_l h_l

as an identity of polynomials.  The ``g_j`` are the hypotheses, the signs the
symbols' assumptions give to each atom, the ranges of the claim's free indices
(only those: the claim speaks of each value in its range, while a hypothesis
``z_b <= τ`` about a ``b`` over ``s+1..n`` the claim does not mention holds for
every ``b`` there, of which there may be none, so ``b``'s range says nothing
about ``s``), and the products of any two of these
(so ``r (z_r - z_{r+1}) >= 0`` follows from ``r > 0`` and ``z_{r+1} <= z_r``).
Non-polynomial subterms (sums, powers with symbolic exponents, functions) are
opaque atoms; a denominator is cleared only when its sign is known.  The
coefficients come from an exact rational simplex (``sympy.solvers.simplex``).

Why "proved" is a proof: the identity is verified with the found (exact
rational) coefficients before anything is claimed, by exact arithmetic in the
polynomial ring over QQ in the atoms (``sympy.polys.rings``; a rounded
constant means no certificate); each ``g_j`` is nonnegative
wherever the hypotheses hold, each ``h_l`` vanishes there, so the right-hand
side is ``>= c >= 0`` there; for a strict claim ``c > 0`` or some strict
``g_j`` has ``λ_j > 0``.  Replacing opaque subterms by symbols only forgets
relations, so an identity in the symbols is one in the original terms.
:func:`infeasible` certifies that the hypotheses cannot all hold (a
nonnegative combination that is identically a negative constant, or zero
with a strict part), which makes a case of a case split vacuous.  This
module never refutes.
"""
from __future__ import annotations

from dataclasses import dataclass
from fractions import Fraction

from sympy import Add, Dummy, Float, Idx, Indexed, Integer, Matrix, Mul, QQ, Rational, Symbol, expand, together
from sympy.core.relational import Relational
from sympy.polys.polyerrors import CoercionFailed
from sympy.polys.rings import PolyRing

__all__ = ["Hypotheses", "hypotheses_from", "entails", "infeasible", "Linearizer"]

_MAX_COLUMNS = 80          # larger systems are left alone: the exact simplex gets slow
_ZERO, _ONE = Fraction(0), Fraction(1)


@dataclass(frozen=True)
class Hypotheses:
    """Expressions assumed ``>= 0``, ``> 0`` and ``= 0``, and the claim's free indices, each
    in its range (None: the free indices of the target passed to :func:`entails`)."""

    nonneg: tuple = ()
    positive: tuple = ()
    zero: tuple = ()
    indices: tuple | None = None

    def add(self, rel) -> "Hypotheses":
        """These hypotheses and one more relation (``==``, ``<``, ``<=``, ``>``, ``>=``)."""
        return hypotheses_from((rel,), base=self)


def hypotheses_from(rels=(), eqs=(), base: Hypotheses | None = None, indices=None) -> Hypotheses:
    """Hypotheses from relationals ``rels`` and residuals ``eqs`` (each ``= 0``); ``indices``
    are the claim's free indices (None: those of the target, or ``base``'s)."""
    if indices is None and base is not None:
        indices = base.indices
    nonneg, positive, zero = (list(base.nonneg), list(base.positive), list(base.zero)) if base \
        else ([], [], [])
    zero.extend(eqs)
    for r in rels:
        if not isinstance(r, Relational):
            continue
        op = r.rel_op
        if op == "==":
            zero.append(r.lhs - r.rhs)
        elif op in (">", ">="):
            (positive if op == ">" else nonneg).append(r.lhs - r.rhs)
        elif op in ("<", "<="):
            (positive if op == "<" else nonneg).append(r.rhs - r.lhs)
    return Hypotheses(tuple(nonneg), tuple(positive), tuple(zero),
                      None if indices is None else tuple(indices))


class Linearizer:
    """Opaque atoms for non-polynomial subterms, one table for every expression of a problem."""

    def __init__(self):
        self.table: dict = {}
        self.back: dict = {}

    def atom(self, e):
        if e not in self.table:
            d = Dummy(f"a{len(self.table)}")
            self.table[e] = d
            self.back[d] = e
        return self.table[e]

    def walk(self, e):
        if e.is_Number:
            return e
        if isinstance(e, (Symbol, Indexed)):
            return e
        if isinstance(e, (Add, Mul)):
            return e.func(*[self.walk(a) for a in e.args])
        if e.is_Pow and e.exp.is_Integer and e.exp > 0:
            return self.walk(e.base) ** e.exp
        return self.atom(e)

    def original(self, sym):
        return self.back.get(sym, sym)


def _cleared(e):
    """``e`` with its denominator cleared (sign known), as an expanded expression, or None."""
    num, den = together(e).as_numer_denom()
    if den.is_positive:
        return expand(num)
    if den.is_negative:
        return expand(-num)
    return None


def _prepare(target, hyps: Hypotheses):
    """Linearized target and inequality/equality columns (products of pairs included), as
    polynomials over QQ in the atoms: ``(target, [(g, strict)], [h])``, or None."""
    lin = Linearizer()
    t = _cleared(target)
    if t is None:
        return None
    t = expand(lin.walk(t))
    ineq = []           # (expression, strict)
    for group, strict in ((hyps.nonneg, False), (hyps.positive, True)):
        for g in group:
            c = _cleared(g)
            if c is not None:
                ineq.append((expand(lin.walk(c)), strict))
    eqs = []
    for h in hyps.zero:
        num = together(h).as_numer_denom()[0]
        eqs.append(expand(lin.walk(expand(num))))
    gens = set(t.free_symbols)
    for e, _ in ineq:
        gens |= e.free_symbols
    for e in eqs:
        gens |= e.free_symbols
    for g in sorted(gens, key=str):     # signs the assumptions give to each atom
        orig = lin.original(g)
        if orig.is_positive:
            ineq.append((g, True))
        elif orig.is_nonnegative:
            ineq.append((g, False))
        elif orig.is_negative:
            ineq.append((-g, True))
        elif orig.is_nonpositive:
            ineq.append((-g, False))
    indices = {a for a in target.free_symbols if isinstance(a, Idx)} if hyps.indices is None \
        else set(hyps.indices)
    for g in sorted(gens, key=str):     # a free index of the claim lies in its range
        orig = lin.original(g)
        if isinstance(orig, Idx) and orig in indices:
            ineq += [(expand(lin.walk(b)), False) for b in _range_facts(orig)]
    ineq = list(dict.fromkeys(ineq))
    exprs = [t, *[e for e, _ in ineq], *eqs]
    if any(e.has(Float) for e in exprs):        # rounded constants: no exact certificate
        return None
    gens = sorted(set().union(*[e.free_symbols for e in exprs]), key=str)
    try:
        # exact polynomial arithmetic: the products of pairs are ring products, not expand()
        ring = PolyRing(gens or (Dummy("one"),), QQ)
        t, eqs = ring.from_expr(t), [ring.from_expr(e) for e in eqs]
        ineq = [(ring.from_expr(e), strict) for e, strict in ineq]
    except (ValueError, CoercionFailed):    # not a polynomial in the atoms: no certificate
        return None
    products = [(a * b, sa and sb) for pos, (a, sa) in enumerate(ineq) for (b, sb) in ineq[pos:]]
    if len(ineq) + len(products) + 2 * len(eqs) < _MAX_COLUMNS:
        ineq = list(dict.fromkeys(ineq + products))
    return t, ineq, eqs


def _range_facts(idx):
    out = []
    if idx.lower is not None:
        out.append(idx - idx.lower)
    if idx.upper is not None:
        out.append(idx.upper - idx)
    return out


def _fraction(q) -> Fraction:
    return Fraction(int(q.numerator), int(q.denominator))


def _matrix(t, ineq, eqs, constant: bool):
    """The coefficient-matching rows of ``t = [c] + Σ λ g + Σ (ν⁺ - ν⁻) h`` (Fractions), or None."""
    if len(ineq) + 2 * len(eqs) + 1 > _MAX_COLUMNS:
        return None
    columns = [dict(e) for e, _ in ineq] + [dict(e) for e in eqs]
    target = dict(t)
    one = t.ring.zero_monom
    m, q = len(ineq), len(eqs)
    zero = QQ.zero
    a_eq, b_eq = [], []
    for mono in sorted(set(target).union(*columns) | {one}, key=str):
        row = [columns[j].get(mono, zero) for j in range(m)]
        row += [columns[m + l].get(mono, zero) for l in range(q)]
        row += [-columns[m + l].get(mono, zero) for l in range(q)]
        row = [_fraction(v) for v in row]
        row.append(Fraction(1 if mono == one and constant else 0))
        a_eq.append(row)
        b_eq.append(_fraction(target.get(mono, zero)))
    return a_eq, b_eq


def _lp(cost, a_eq, b_eq, a_ub=None, b_ub=None, capped=()):
    """Minimize ``cost·x`` over ``x >= 0`` with ``A_eq x = b_eq``, ``A_ub x <= b_ub`` and
    ``x_j <= 1`` for ``j`` in ``capped`` (all Fractions).

    HiGHS finds a solution in floating point; it is turned into exact rationals
    (small denominators first, then an exact solve on the columns it uses) and
    returned only if it satisfies the constraints exactly.  The caller re-checks
    the certificate by exact polynomial arithmetic in any case.
    """
    import numpy as np
    from scipy.optimize import linprog
    bounds = [(0, 1) if j in capped else (0, None) for j in range(len(cost))]
    res = linprog(np.array([float(c) for c in cost]), A_eq=np.array(a_eq, dtype=float),
                  b_eq=np.array([float(b) for b in b_eq]),
                  A_ub=None if a_ub is None else np.array(a_ub, dtype=float),
                  b_ub=None if b_ub is None else np.array([float(b) for b in b_ub]),
                  bounds=bounds, method="highs")
    if res.status != 0:
        return None

    def dot(row, x):
        return sum((a * v for a, v in zip(row, x) if a and v), Fraction(0))

    def exact(x):
        ub_ok = a_ub is None or all(dot(row, x) <= w for row, w in zip(a_ub, b_ub))
        caps_ok = all(x[j] <= 1 for j in capped)
        return all(dot(row, x) == b for row, b in zip(a_eq, b_eq)) and all(v >= 0 for v in x) \
            and ub_ok and caps_ok

    for denominator in (1000, 10 ** 6):
        x = [Fraction(v).limit_denominator(denominator) for v in res.x]
        if exact(x):
            return x
    used = [j for j, v in enumerate(res.x) if v > 1e-9]
    a, b = Matrix([[Rational(v.numerator, v.denominator) for v in row] for row in a_eq]), \
        Matrix([Rational(v.numerator, v.denominator) for v in b_eq])
    try:
        sol, params = a[:, used].gauss_jordan_solve(b)
    except ValueError:
        return None
    x = [Fraction(0)] * len(cost)
    for j, v in zip(used, sol.xreplace({t: 0 for t in params})):
        if not v.is_Rational:
            return None
        x[j] = Fraction(int(v.p), int(v.q))
    return x if exact(x) else None


def _split(x, m, q):
    return x[-1], list(x[:m]), [x[m + l] - x[m + q + l] for l in range(q)]


def _combination(ring, ineq, eqs, c, lam, nu):
    """``c + Σ λ g + Σ ν h`` in the polynomial ring (the zero terms left out)."""
    out = ring(QQ(c.numerator, c.denominator))
    for v, (e, _) in zip(lam, ineq):
        if v:
            out += e.mul_ground(QQ(v.numerator, v.denominator))
    for v, e in zip(nu, eqs):
        if v:
            out += e.mul_ground(QQ(v.numerator, v.denominator))
    return out


def entails(target, hyps: Hypotheses, strict: bool) -> bool:
    """True when ``target > 0`` (strict) or ``target >= 0`` follows by a certificate."""
    prepared = _prepare(target, hyps)
    if prepared is None:
        return False
    t, ineq, eqs = prepared
    system = _matrix(t, ineq, eqs, constant=True)
    if system is None:
        return False
    m, q = len(ineq), len(eqs)
    a_eq, b_eq = system
    if not strict:
        x = _lp([_ZERO] * (m + 2 * q + 1), a_eq, b_eq)
    else:
        # maximize w <= min(1, c + Σ_strict λ): one more column w, one inequality row
        a_eq = [row + [_ZERO] for row in a_eq]
        ub = [-(_ONE if s else _ZERO) for _, s in ineq] + [_ZERO] * (2 * q) + [-_ONE, _ONE]
        x = _lp([_ZERO] * (m + 2 * q + 1) + [-_ONE], a_eq, b_eq, [ub], [_ZERO],
                capped=(m + 2 * q + 1,))
        x = None if x is None else x[:-1]
    if x is None:
        return False
    c, lam, nu = _split(x, m, q)
    if c < 0 or any(v < 0 for v in lam) or t != _combination(t.ring, ineq, eqs, c, lam, nu):
        return False
    return bool(not strict or c > 0 or any(v > 0 and s for v, (_, s) in zip(lam, ineq)))


def infeasible(hyps: Hypotheses) -> bool:
    """True when the hypotheses cannot all hold.

    The certificate is ``c + Σ λ g + Σ ν h ≡ 0`` with ``c + Σ_strict λ = 1``:
    where the hypotheses held, the left side would be positive.
    """
    prepared = _prepare(Integer(0), hyps)
    if prepared is None:
        return False
    zero, ineq, eqs = prepared
    system = _matrix(zero, ineq, eqs, constant=True)
    if not ineq or system is None:
        return False
    a_eq, b_eq = system
    m, q = len(ineq), len(eqs)
    a_eq.append([_ONE if s else _ZERO for _, s in ineq] + [_ZERO] * (2 * q) + [_ONE])
    b_eq.append(_ONE)
    x = _lp([_ZERO] * (m + 2 * q + 1), a_eq, b_eq)
    if x is None:
        return False
    c, lam, nu = _split(x, m, q)
    strict_part = c + sum((v for v, (_, s) in zip(lam, ineq) if s), _ZERO)
    return bool(c >= 0 and all(v >= 0 for v in lam) and strict_part > 0
                and not _combination(zero.ring, ineq, eqs, c, lam, nu))

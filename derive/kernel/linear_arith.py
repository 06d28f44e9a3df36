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

Why "proved" is a proof: the identity is verified by ``expand`` with the
found coefficients before anything is claimed; each ``g_j`` is nonnegative
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

from sympy import Add, Dummy, Idx, Indexed, Integer, Matrix, Mul, Poly, Rational, S, Symbol, expand, together
from sympy.core.relational import Relational

__all__ = ["Hypotheses", "hypotheses_from", "entails", "infeasible", "Linearizer"]

_MAX_COLUMNS = 80          # larger systems are left alone: the exact simplex gets slow


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
    """Linearized target and inequality/equality columns (products of pairs included)."""
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
    products = [(expand(a * b), sa and sb) for pos, (a, sa) in enumerate(ineq)
                for (b, sb) in ineq[pos:]]
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


def _coefficients(e, gens):
    if e == 0:
        return {}
    if not gens:
        return {(): e}
    return dict(Poly(e, *gens).terms())


def _matrix(t, ineq, eqs, constant: bool):
    """The coefficient-matching rows of ``t = [c] + Σ λ g + Σ (ν⁺ - ν⁻) h``, or None."""
    if len(ineq) + 2 * len(eqs) + 1 > _MAX_COLUMNS:
        return None
    gens = sorted(set().union(t.free_symbols, *[e.free_symbols for e, _ in ineq],
                              *[e.free_symbols for e in eqs]), key=str)
    try:
        columns = [_coefficients(e, gens) for e, _ in ineq] + [_coefficients(e, gens) for e in eqs]
        target = _coefficients(t, gens)
    except Exception:       # noqa: BLE001 - a non-polynomial or inexact term: no certificate
        return None
    if not all(v.is_Rational for col in columns + [target] for v in col.values()):
        return None
    one = tuple(0 for _ in gens)
    m, q = len(ineq), len(eqs)
    a_eq, b_eq = [], []
    for mono in sorted(set(target).union(*columns) | {one}, key=str):
        row = [columns[j].get(mono, S.Zero) for j in range(m)]
        row += [columns[m + l].get(mono, S.Zero) for l in range(q)]
        row += [-columns[m + l].get(mono, S.Zero) for l in range(q)]
        row.append(S.One if mono == one and constant else S.Zero)
        a_eq.append(row)
        b_eq.append(target.get(mono, S.Zero))
    return a_eq, b_eq


def _lp(cost, a_eq, b_eq, a_ub=None, b_ub=None, capped=()):
    """Minimize ``cost·x`` over ``x >= 0`` with ``A_eq x = b_eq``, ``A_ub x <= b_ub`` and
    ``x_j <= 1`` for ``j`` in ``capped``.

    HiGHS finds a solution in floating point; it is turned into exact rationals
    (small denominators first, then an exact solve on the columns it uses) and
    returned only if it satisfies the constraints exactly.  The caller re-checks
    the certificate symbolically in any case.
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
    a, b = Matrix(a_eq), Matrix(b_eq)

    def exact(x):
        ub_ok = a_ub is None or all(v <= w for v, w in zip(Matrix(a_ub) * x, b_ub))
        caps_ok = all(x[j] <= 1 for j in capped)
        return a * x == b and all(v >= 0 for v in x) and ub_ok and caps_ok

    for denominator in (1000, 10 ** 6):
        x = Matrix([Rational(Fraction(v).limit_denominator(denominator)) for v in res.x])
        if exact(x):
            return list(x)
    used = [j for j, v in enumerate(res.x) if v > 1e-9]
    try:
        sol, params = a[:, used].gauss_jordan_solve(b)
    except ValueError:
        return None
    x = Matrix([S.Zero] * len(cost))
    for j, v in zip(used, sol.xreplace({t: 0 for t in params})):
        x[j] = v
    return list(x) if exact(x) else None


def _split(x, m, q):
    return x[-1], list(x[:m]), [x[m + l] - x[m + q + l] for l in range(q)]


def _combination(ineq, eqs, c, lam, nu):
    # most coefficients are 0: multiplying an expression by 0 still asks SymPy's assumptions
    return c + Add(*[v * e for v, (e, _) in zip(lam, ineq) if v != 0]) \
        + Add(*[v * e for v, e in zip(nu, eqs) if v != 0])


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
        x = _lp([S.Zero] * (m + 2 * q + 1), a_eq, b_eq)
    else:
        # maximize w <= min(1, c + Σ_strict λ): one more column w, one inequality row
        a_eq = [row + [S.Zero] for row in a_eq]
        ub = [-(S.One if s else S.Zero) for _, s in ineq] + [S.Zero] * (2 * q) + [S.NegativeOne, S.One]
        x = _lp([S.Zero] * (m + 2 * q + 1) + [S.NegativeOne], a_eq, b_eq, [ub], [S.Zero],
                capped=(m + 2 * q + 1,))
        x = None if x is None else x[:-1]
    if x is None:
        return False
    c, lam, nu = _split(x, m, q)
    if c < 0 or any(v < 0 for v in lam) or expand(t - _combination(ineq, eqs, c, lam, nu)) != 0:
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
    _, ineq, eqs = prepared
    system = _matrix(Integer(0), ineq, eqs, constant=True)
    if not ineq or system is None:
        return False
    a_eq, b_eq = system
    m, q = len(ineq), len(eqs)
    a_eq.append([S.One if s else S.Zero for _, s in ineq] + [S.Zero] * (2 * q) + [S.One])
    b_eq.append(S.One)
    x = _lp([S.Zero] * (m + 2 * q + 1), a_eq, b_eq)
    if x is None:
        return False
    c, lam, nu = _split(x, m, q)
    strict_part = c + Add(*[v for v, (_, s) in zip(lam, ineq) if s])
    return bool(c >= 0 and all(v >= 0 for v in lam) and strict_part > 0
                and expand(_combination(ineq, eqs, c, lam, nu)) == 0)

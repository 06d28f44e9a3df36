"""Confirm the truth of every entry of ``adversarial_claims.py`` without ``derive``.

Run ``python tests/data/confirm_adversarial.py``: it exits 0 only if every entry
is confirmed.  ``--report`` afterwards runs ``derive.check`` on every claim
(timeout 5 s) and writes ``adversarial_report.txt`` beside this file; that part,
and only that part, imports ``derive`` (the data file imports ``derive.symbols``
for the shared notation).

How a claim is evaluated at a point (an assignment of exact values):

1. *Instantiation* (exact, SymPy): free symbols are replaced by their values
   with binders respected (a bound variable shadows a free one of the same
   name); finite sums and products are written out term by term with Karr's
   convention (``Sum(f,(q,a,b))`` for ``b < a - 1`` is ``-Sum(f,(q,b+1,a-1))``;
   a symbolic upper limit that is a non-integer rational sums over the
   integers up to it); derivatives are taken with ``sympy.diff`` *after* the
   sums are written out, by the value slot of the differentiation variable
   (``z[i]`` at ``i = 2`` is the entry ``z_2`` wherever it occurs); ``Subs``
   substitutes; Kronecker deltas and Piecewise conditions are decided exactly;
   Floats become their exact binary value.  Integrals, limits and infinite
   sums are left for step 3.
2. *Exact decision*: when both sides are now rational numbers (or +-oo) the
   relation is decided exactly; ``nan``/``zoo`` on a side makes it false.
3. *mpmath at 60 and at 120 digits* (working precision +20 digits):
   transcendental functions of exact arguments are evaluated with the
   argument precision raised by the argument's magnitude (so
   ``sin(2**400 + 1/3)`` is right to the last digit); integrals by
   ``mpmath.quad`` (split at 0), infinite sums by ``mpmath.nsum``, limits by
   evaluating at ``a +- 10**-3k`` (or ``+-10**3k``), k = 1..8, deciding
   divergence to +-oo (monotone, non-shrinking steps) or convergence
   (steps shrinking by 1e-6 at least; the last step size is added to the
   tolerance) and otherwise "does not exist".  A relation holds at p digits
   when the difference is within ``10**-(p-10)`` times the largest magnitude
   met in a sum (or 1): below that resolution it reads as equal.

Truth ``True``: at every sample where every hypothesis holds *exactly* the
claim holds exactly (when decidable) or at both 60 and 120 digits.  Samples:
``n = 1..4`` (``N = 1..3``), every assignment of the free indices in range,
integer symbols enumerated, real symbols and family entries random rationals
(special values 0, +-1, 1/2, ...), with simple bounds from the hypotheses and
every equality hypothesis solved exactly for one of its unknowns (by
construction); the hypotheses are then re-checked exactly.

Truth ``False``: the witness satisfies every hypothesis exactly (including
index ranges and integrality) and the claim is false there exactly, or at 120
digits (the 60-digit result is printed; a difference below the 60-digit
resolution is reported as such).

Truth ``"vacuous"``: an exact certificate that the hypotheses are
contradictory (``sympy.solve``/``reduce_inequalities`` or a linear
combination), plus random samples none of which satisfies them.

Truth ``"input_error"``: the two readings of the sum (SymPy's closed form
and the sum over the integers) disagree, so the claim is ill-posed.
"""
from __future__ import annotations

import argparse
import importlib.util
import itertools
import pathlib
import random
import sys
import time

import mpmath
import sympy as sp
from sympy import (Abs, Add, Derivative, Dummy, Float, Idx, Indexed, Integer, Integral,
                   KroneckerDelta, Limit, Max, Min, Mul, Piecewise, Pow, Product, Rational, S,
                   Subs, Sum, Symbol, floor, nan, oo, zoo)
from sympy.logic.boolalg import BooleanFalse, BooleanTrue

HERE = pathlib.Path(__file__).resolve().parent
PRECISIONS = (60, 120)


def load_claims():
    spec = importlib.util.spec_from_file_location("adversarial_claims", HERE / "adversarial_claims.py")
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    return mod.CLAIMS


class Undefined(Exception):
    """A side has no value at the point (0/0, log 0, a limit that does not exist...)."""


class Missing(Exception):
    """A value the evaluation needs is not in the assignment."""


class IllPosed(Exception):
    """E.g. a sum with a numeric non-integer limit."""


# --- assignments ----------------------------------------------------------------

class Env:
    """Symbol (or ``(IndexedBase, index tuple)``) -> value, with shadowing scopes."""

    def __init__(self, values=None, gen=None, parent=None):
        self.values = dict(values or {})
        self.gen = gen
        self.parent = parent

    def child(self, extra):
        return Env(extra, None, self)

    def lookup(self, key):
        e, root = self, self
        while e is not None:
            if key in e.values:
                return e.values[key]
            root, e = e, e.parent
        if root.gen is not None:
            v = root.gen(key)
            root.values[key] = v
            return v
        raise Missing(key)


def is_size(s):
    return isinstance(s, Symbol) and s.name in ("n", "N") and s.is_integer and s.is_positive


def free_syms(e, bound=frozenset()):
    """Free Symbols and Idx of ``e``, binders respected."""
    if isinstance(e, Indexed):
        out = set()
        for ix in e.indices:
            out |= free_syms(ix, bound)
        return out
    if isinstance(e, (Symbol, Idx)):
        return set() if e in bound else {e}
    if not isinstance(e, sp.Basic):
        return set()
    out = set()
    if isinstance(e, (Sum, Product, Integral)):
        b = set(bound)
        for lim in reversed(e.limits):
            for piece in lim[1:]:
                out |= free_syms(piece, frozenset(b))
            b.add(lim[0])
        return out | free_syms(e.function, frozenset(b))
    if isinstance(e, Derivative):
        out |= free_syms(e.expr, bound)
        for v, _ in e.variable_count:
            out |= free_syms(v, bound)
        return out
    if isinstance(e, Limit):
        f, v, a, _ = e.args
        return free_syms(a, bound) | free_syms(f, bound | {v})
    if isinstance(e, Subs):
        expr, vs, pts = e.args
        for p in pts:
            out |= free_syms(p, bound)
        return out | free_syms(expr, bound | set(vs))
    for a in e.args:
        out |= free_syms(a, bound)
    return out


def families(e):
    return {ix.base for ix in e.atoms(Indexed)} if isinstance(e, sp.Basic) else set()


# --- step 1: instantiation ---------------------------------------------------------

def as_int(v):
    v = sp.sympify(v)
    if not v.is_Integer:
        raise Undefined(f"index value {v} is not an integer")
    return int(v)


def karr_points(lo, hi):
    """(points, sign): the sum over ``points`` times ``sign`` (reciprocal for products)."""
    if not (lo.is_Rational and hi.is_Rational):
        raise Undefined(f"sum limits {lo}, {hi} are not rational numbers")
    if not lo.is_Integer:
        raise IllPosed(f"non-integer lower limit {lo}")
    lo = int(lo)
    if hi.is_Integer:
        hi = int(hi)
        if hi >= lo:
            return list(range(lo, hi + 1)), 1
        if hi == lo - 1:
            return [], 1
        return list(range(hi + 1, lo)), -1
    if hi >= lo:   # a symbolic limit with a non-integer value: the integers lo..floor(hi)
        return list(range(lo, int(floor(hi)) + 1)), 1
    raise IllPosed(f"reversed sum with a non-integer limit {hi}")


def inst(e, env):
    if isinstance(e, Float):
        return Rational(e)                       # the exact binary value
    if isinstance(e, (BooleanTrue, BooleanFalse)):
        return e
    if not isinstance(e, sp.Basic):
        return sp.sympify(e)
    if e.is_Number or isinstance(e, sp.NumberSymbol) or e is S.ImaginaryUnit:
        return e
    if isinstance(e, Indexed):
        return env.lookup((e.base, tuple(as_int(inst(ix, env)) for ix in e.indices)))
    if isinstance(e, (Symbol, Idx)):
        return env.lookup(e)
    if isinstance(e, (Sum, Product)):
        return _nest(e.func, e.function, list(e.limits), env)
    if isinstance(e, Integral):
        return _integral(e.function, list(e.limits), env)
    if isinstance(e, Derivative):
        return _derivative(e, env)
    if isinstance(e, Limit):
        f, v, a, dr = e.args
        uu = Dummy("u", real=True)
        return Limit(inst(f, env.child({v: uu})), uu, inst(a, env), str(dr))
    if isinstance(e, Subs):
        expr, vs, pts = e.args
        return inst(expr, env.child({v: inst(p, env) for v, p in zip(vs, pts)}))
    if isinstance(e, KroneckerDelta):
        p, q = (inst(arg, env) for arg in e.args)
        if p.is_Rational and q.is_Rational:
            return S.One if p == q else S.Zero
        return KroneckerDelta(p, q)
    if isinstance(e, Piecewise):
        pieces = []
        for ex, cond in e.args:
            cv = inst(cond, env)
            if cv is S.true:
                if not pieces:
                    return inst(ex, env)
                pieces.append((inst(ex, env), True))
                break
            if cv is S.false:
                continue
            pieces.append((inst(ex, env), cv))
        if not pieces:
            raise Undefined("no Piecewise condition holds")
        return Piecewise(*pieces)
    return e.func(*[inst(a, env) for a in e.args])


def _nest(func, body, limits, env):
    if not limits:
        return inst(body, env)
    v, lo, hi = limits[-1]
    lo_v, hi_v = inst(lo, env), inst(hi, env)
    if hi_v is oo:
        uu = Dummy("q", integer=True)
        return func(_nest(func, body, limits[:-1], env.child({v: uu})), (uu, lo_v, oo))
    points, sign = karr_points(lo_v, hi_v)
    terms = [_nest(func, body, limits[:-1], env.child({v: Integer(p)})) for p in points]
    if func is Sum:
        total = Add(*terms)
        return total if sign > 0 else -total
    total = Mul(*terms)
    return total if sign > 0 else 1 / total


def _integral(body, limits, env):
    if not limits:
        return inst(body, env)
    v, lo, hi = limits[-1]
    uu = Dummy("t", real=True)
    return Integral(_integral(body, limits[:-1], env.child({v: uu})), (uu, inst(lo, env), inst(hi, env)))


def _derivative(e, env):
    overrides, values, order = {}, {}, []
    for var, count in e.variable_count:
        if isinstance(var, Indexed):
            key = (var.base, tuple(as_int(inst(ix, env)) for ix in var.indices))
        else:
            key = var
        if key not in overrides:
            uu = Dummy("d", real=True)
            overrides[key] = uu
            values[uu] = env.lookup(key)
        order.append((overrides[key], count))
    res = inst(e.expr, env.child(overrides))
    for uu, count in order:
        res = sp.diff(res, uu, count)
    return res.xreplace(values)


# --- step 2: exact decision --------------------------------------------------------

_UNEVALUATED = (Integral, Limit, Sum, Product, Derivative)


def _exact_number(v):
    return v.is_Rational or v in (oo, -oo)


def exact_relation(op, lhs, rhs):
    """True/False if decidable exactly, else None."""
    for v in (lhs, rhs):
        if v.has(nan, zoo):
            return False
    if lhs.has(*_UNEVALUATED) or rhs.has(*_UNEVALUATED):
        return None
    if not (_exact_number(lhs) and _exact_number(rhs)):
        return None
    return bool({"==": lambda: lhs == rhs, "!=": lambda: lhs != rhs, ">": lambda: lhs > rhs,
                 ">=": lambda: lhs >= rhs, "<": lambda: lhs < rhs,
                 "<=": lambda: lhs <= rhs}[op]())


# --- step 3: mpmath ----------------------------------------------------------------

_FUNCS = {sp.exp: mpmath.exp, sp.sin: mpmath.sin, sp.cos: mpmath.cos, sp.tan: mpmath.tan,
          sp.atan: mpmath.atan, sp.sinh: mpmath.sinh, sp.cosh: mpmath.cosh}
_PERIODIC = (sp.sin, sp.cos, sp.tan)


class NumEval:
    def __init__(self, dps):
        self.dps = dps
        self.scale = mpmath.mpf(1)
        self.limit_err = mpmath.mpf(0)
        self._quiet = 0          # > 0 while evaluating a boosted function argument

    def ev(self, e, denv):
        v = self._ev(e, denv)
        if isinstance(v, (mpmath.mpf, mpmath.mpc)) and mpmath.isnan(v):
            raise Undefined("nan")
        return v

    def _ev(self, e, denv):
        mp = mpmath
        if e is nan or e is zoo:
            raise Undefined(str(e))
        if e is oo:
            return mp.inf
        if e is -oo:
            return -mp.inf
        if isinstance(e, Symbol):
            return denv[e]
        if e.is_Integer:
            return mp.mpf(int(e))
        if e.is_Rational:
            return mp.mpf(e.p) / e.q
        if isinstance(e, Float):
            return mp.mpf(Rational(e).p) / Rational(e).q
        if e is S.Pi:
            return +mp.pi
        if e is S.Exp1:
            return +mp.e
        if e is S.ImaginaryUnit:
            return mp.mpc(0, 1)
        if isinstance(e, Add):
            terms = [self.ev(a, denv) for a in e.args]
            if not self._quiet:
                for tv in terms:
                    if mp.isfinite(tv):
                        self.scale = max(self.scale, abs(tv))
            return mp.fsum(terms)
        if isinstance(e, Mul):
            out = mp.mpf(1)
            for a in e.args:
                out = out * self.ev(a, denv)
            return out
        if isinstance(e, Pow):
            base = self.ev(e.base, denv)
            ex = self.ev(e.exp, denv)
            if base == 0 and (ex <= 0 if not isinstance(ex, mp.mpc) else True):
                raise Undefined("0 to a non-positive power")
            if isinstance(base, mp.mpf) and base < 0 and not e.exp.is_Integer:
                return mp.power(mp.mpc(base), ex)
            return mp.power(base, ex)
        if isinstance(e, sp.log):
            arg = self.ev(e.args[0], denv)
            if arg == 0:
                raise Undefined("log(0)")
            return mp.log(mp.mpc(arg) if (isinstance(arg, mp.mpf) and arg < 0) else arg)
        if isinstance(e, Abs):
            return abs(self.ev(e.args[0], denv))
        if isinstance(e, sp.floor):
            return mp.floor(self.ev(e.args[0], denv))
        if isinstance(e, (Max, Min)):
            vals = [self.ev(a, denv) for a in e.args]
            return max(vals) if isinstance(e, Max) else min(vals)
        if isinstance(e, tuple(_FUNCS)):
            f = _FUNCS[e.func]
            if isinstance(e, _PERIODIC):
                # raise the argument's precision by its magnitude: sin(2**400 + x)
                self._quiet += 1
                try:
                    with mp.workdps(self.dps + 10):
                        rough = self.ev(e.args[0], denv)
                    extra = int(mp.log10(abs(rough))) + 5 if mp.isfinite(rough) and abs(rough) > 1 else 0
                    with mp.workdps(self.dps + extra + 10):
                        arg = self.ev(e.args[0], denv)
                        val = f(arg)
                finally:
                    self._quiet -= 1
                return +val
            return f(self.ev(e.args[0], denv))
        if isinstance(e, Integral):
            (uu, lo, hi), = e.limits
            lo_v, hi_v = self.ev(lo, denv), self.ev(hi, denv)
            pts = [lo_v, hi_v]
            if lo_v < 0 < hi_v:
                pts = [lo_v, mp.mpf(0), hi_v]
            return mp.quad(lambda v: self.ev(e.function, {**denv, uu: v}), pts)
        if isinstance(e, Sum):
            (uu, lo, hi), = e.limits
            if hi is not oo:
                raise Undefined("unexpanded finite sum")
            return mp.nsum(lambda v: self.ev(e.function, {**denv, uu: v}), [self.ev(lo, denv), mp.inf])
        if isinstance(e, Limit):
            return self._limit(e, denv)
        raise NotImplementedError(f"no mpmath rule for {type(e).__name__}: {e}")

    def _limit(self, e, denv):
        body, uu, a, dr = e.args
        dr = str(dr)
        if dr == "+-":
            l1 = self._limit1(body, uu, a, "+", denv)
            l2 = self._limit1(body, uu, a, "-", denv)
            if mpmath.isinf(l1) or mpmath.isinf(l2):
                if l1 == l2:
                    return l1
                raise Undefined("one-sided limits differ")
            if abs(l1 - l2) <= self.limit_err + mpmath.mpf(10)**(-(self.dps - 30)):
                return l1
            raise Undefined("one-sided limits differ")
        return self._limit1(body, uu, a, dr, denv)

    def _limit1(self, body, uu, a, dr, denv):
        mp = mpmath
        steps = range(1, 9)
        if a is oo:
            pts = [mp.mpf(10)**(3 * s) for s in steps]
        elif a is -oo:
            pts = [-mp.mpf(10)**(3 * s) for s in steps]
        else:
            av = self.ev(a, denv)
            sgn = 1 if dr == "+" else -1
            pts = [av + sgn * mp.mpf(10)**(-3 * s) for s in steps]
        vals = [self.ev(body, {**denv, uu: p}) for p in pts]
        if any(isinstance(v, mp.mpc) for v in vals):
            raise Undefined("complex values near the limit point")
        diffs = [vals[s + 1] - vals[s] for s in range(len(vals) - 1)]
        monotone = all(dd > 0 for dd in diffs) or all(dd < 0 for dd in diffs)
        if monotone and all(abs(diffs[s + 1]) >= abs(diffs[s]) / 2 for s in range(len(diffs) - 1)) \
                and abs(vals[-1]) > 10:
            return mp.inf if vals[-1] > 0 else -mp.inf
        if abs(diffs[-1]) <= abs(diffs[0]) * mp.mpf(10)**-6 or abs(diffs[-1]) < mp.mpf(10)**(-self.dps):
            self.limit_err = max(self.limit_err, 10 * abs(diffs[-1]))
            return vals[-1]
        raise Undefined("no limit")


def numeric_relation(op, lhs, rhs, digits):
    """'T', 'F' or '?' for ``lhs op rhs`` at ``digits`` digits (see the module docstring)."""
    mp = mpmath
    ne = NumEval(digits + 20)
    with mp.workdps(digits + 20):
        try:
            L, R = ne.ev(lhs, {}), ne.ev(rhs, {})
        except Undefined:
            return "F", "undefined"
        info = f"lhs={mp.nstr(L, 12)}, rhs={mp.nstr(R, 12)}"
        if mp.isinf(L) or mp.isinf(R):
            if isinstance(L, mp.mpc) or isinstance(R, mp.mpc):
                return "F", info
            res = {"==": L == R, "!=": L != R, ">": L > R, ">=": L >= R, "<": L < R, "<=": L <= R}[op]
            return ("T" if res else "F"), info
        tol = mp.mpf(10)**(-(digits - 10)) * max(mp.mpf(1), ne.scale, abs(L), abs(R)) + ne.limit_err
        diff = L - R
        info += f", diff={mp.nstr(diff, 5)}, tol={mp.nstr(tol, 3)}"
        if op in ("==", "!="):
            close = abs(diff) <= tol
            if op == "==":
                return ("T" if close else "F"), info
            return ("?" if close else "T"), info
        if isinstance(L, mp.mpc) and abs(L.imag) > tol or isinstance(R, mp.mpc) and abs(R.imag) > tol:
            return "F", info + " (complex)"
        diff = mp.re(diff)
        if op in ("<", "<="):
            diff = -diff
        if diff > tol:
            return "T", info
        if diff < -tol:
            return "F", info
        return ("T" if op in (">=", "<=") else "?"), info


# --- claims, hypotheses, points ----------------------------------------------------

def claim_parts(entry):
    """(op, lhs, rhs) or ('const', value, None)."""
    c = entry["claim"]
    if isinstance(c, tuple):
        lhs, rhs = c
        op = "=="
    elif isinstance(c, (BooleanTrue, BooleanFalse)):
        return "const", bool(c), None
    else:
        op, lhs, rhs = c.rel_op, c.lhs, c.rhs
    if entry.get("convention") == "reduced_form":
        # a rational function is its reduced form: the claim is about the reduced difference
        lhs, rhs = sp.cancel(sp.sympify(lhs) - sp.sympify(rhs)), S.Zero
    return op, sp.sympify(lhs), sp.sympify(rhs)


def claim_free(entry):
    op, lhs, rhs = claim_parts(entry)
    if op == "const":
        return set()
    return free_syms(lhs) | free_syms(rhs)


def hyp_quantified(g, cfree):
    return [s for s in free_syms(g) if isinstance(s, Idx) and s not in cfree]


def _idx_range(ix, env):
    lo, hi = inst(ix.lower, env), inst(ix.upper, env)
    return range(as_int(lo), as_int(hi) + 1)


def hyp_instances(g, env, cfree):
    """Yield ``(op, lhs, rhs)`` instantiated for every value of the quantified indices."""
    qs = sorted(hyp_quantified(g, cfree), key=str)
    for values in itertools.product(*[_idx_range(ix, env) for ix in qs]):
        e2 = env.child({ix: Integer(v) for ix, v in zip(qs, values)})
        yield g.rel_op, inst(g.lhs, e2), inst(g.rhs, e2)


def hyp_holds(g, env, cfree):
    """Decide one hypothesis exactly (SymPy rationals); undefined means it does not hold."""
    if isinstance(g, BooleanFalse):
        return False
    if isinstance(g, BooleanTrue):
        return True
    for op, L, R in hyp_instances(g, env, cfree):
        res = exact_relation(op, L, R)
        if res is None:
            raise RuntimeError(f"hypothesis {g} is not exactly decidable at this point ({L}, {R})")
        if not res:
            return False
    return True


def implicit_ok(env, syms):
    """Index ranges, integrality and signs of the free symbols."""
    for s in syms:
        v = env.lookup(s)
        if isinstance(s, Idx):
            if not (v.is_Integer and v in _idx_range(s, env)):
                return False, f"{s} = {v} outside its range"
            continue
        if s.is_integer and not v.is_Integer:
            return False, f"{s} = {v} is not an integer"
        if s.is_positive and not v > 0:
            return False, f"{s} = {v} is not positive"
        if s.is_nonnegative and not v >= 0:
            return False, f"{s} = {v} is negative"
        if s.is_real and not v.is_Rational:
            return False, f"{s} = {v} is not an exact rational"
    return True, ""


def family_ok(env):
    for key, v in env.values.items():
        if isinstance(key, tuple):
            base = key[0]
            if base[1].is_positive and not v > 0:
                return False, f"{base}{list(key[1])} = {v} is not positive"
    return True, ""


def evaluate_claim(entry, env):
    """{'exact': True/False/None, 60: 'T'/'F'/'?', 120: ..., 'info': ...} at one point."""
    op, lhs, rhs = claim_parts(entry)
    if op == "const":
        return {"exact": lhs, 60: "T" if lhs else "F", 120: "T" if lhs else "F", "info": str(lhs)}
    try:
        L, R = inst(lhs, env), inst(rhs, env)
    except Undefined as exc:
        return {"exact": False, 60: "F", 120: "F", "info": f"undefined: {exc}"}
    out = {"exact": exact_relation(op, L, R), "info": f"lhs={_short(L)}, rhs={_short(R)}"}
    for p in PRECISIONS:
        out[p], out[f"info{p}"] = numeric_relation(op, L, R, p)
    return out


def _short(v):
    text = str(v)
    return text if len(text) < 70 else text[:67] + "..."


def point_text(env):
    parts = []
    fam = {}
    for key, v in env.values.items():
        if isinstance(key, tuple):
            fam.setdefault(str(key[0]), []).append((key[1], v))
        else:
            parts.append(f"{key}={v}")
    for name, items in sorted(fam.items()):
        items.sort()
        parts.append(f"{name}=" + ",".join(f"{list(i_)}:{v}" for i_, v in items))
    return " ".join(sorted(parts))


# --- witnesses -------------------------------------------------------------------------

def env_from_names(entry, values):
    """Env from a witness dict (names -> values; families as tuples or dicts)."""
    op, lhs, rhs = claim_parts(entry)
    syms = set(claim_free(entry))
    fams = set()
    for part in ([lhs, rhs] if op != "const" else []) + list(entry["given"]):
        fams |= families(part)
    cfree = claim_free(entry)
    for g in entry["given"]:
        syms |= free_syms(g) - set(hyp_quantified(g, cfree))
    for ix in [s for s in syms if isinstance(s, Idx)]:
        syms |= free_syms(ix.lower) | free_syms(ix.upper)     # n in i = 1..n
    by_name = {str(s): s for s in syms}
    fam_by_name = {str(f): f for f in fams}
    env = Env()
    for name, v in values.items():
        if name in fam_by_name:
            base = fam_by_name[name]
            items = v.items() if isinstance(v, dict) else (((p + 1,), val) for p, val in enumerate(v))
            for idx, val in items:
                idx = idx if isinstance(idx, tuple) else (idx,)
                env.values[(base, tuple(int(t) for t in idx))] = sp.nsimplify(val) if isinstance(val, float) else sp.sympify(val)
        elif name in by_name:
            env.values[by_name[name]] = sp.sympify(v)
        else:
            raise KeyError(f"witness names {name!r}, which is not a free symbol or family of the entry")
    missing = [str(s) for s in syms if s not in env.values]
    if missing:
        raise KeyError(f"witness lacks {missing}")
    return env, syms


def env_from_objects(mapping):
    """Env from derive's counterexample (SymPy keys); Floats become exact binary rationals."""
    env = Env()
    for key, v in mapping.items():
        v = sp.sympify(v)
        if isinstance(v, Float):
            v = Rational(v)
        if isinstance(key, Indexed):
            env.values[(key.base, tuple(as_int(ix) for ix in key.indices))] = v
        else:
            env.values[key] = v
    return env


def check_point(entry, env, syms):
    """(hypotheses hold?, reason, claim evaluation or None)."""
    ok, why = implicit_ok(env, syms)
    if not ok:
        return False, why, None
    ok, why = family_ok(env)
    if not ok:
        return False, why, None
    cfree = claim_free(entry)
    for g in entry["given"]:
        if not hyp_holds(g, env, cfree):
            return False, f"hypothesis {g} fails", None
    return True, "", evaluate_claim(entry, env)


# --- sampling for true claims ------------------------------------------------------------

SPECIALS = [0, 1, -1, 2, -2, Rational(1, 2), Rational(-1, 2), 3, Rational(1, 3), Rational(-5, 2),
            Rational(7, 4), 10]


def rand_value(rng, lo=None, lo_strict=False, hi=None, hi_strict=False, exclude=(), positive=False):
    for _ in range(200):
        if rng.random() < 0.4:
            base = Rational(rng.choice(SPECIALS))
        else:
            base = Rational(rng.randint(-60, 60), rng.randint(1, 12))
        if positive:
            lo, lo_strict = (max(lo, 0), lo_strict) if lo is not None else (S.Zero, True)
        if lo is not None and hi is not None:
            frac = Rational(rng.randint(0, 12), 12)
            v = lo + (hi - lo) * frac
        elif lo is not None:
            v = lo + abs(base)
        elif hi is not None:
            v = hi - abs(base)
        else:
            v = base
        if lo is not None and (v < lo or (lo_strict and v == lo)):
            continue
        if hi is not None and (v > hi or (hi_strict and v == hi)):
            continue
        if v in exclude:
            continue
        return v
    raise RuntimeError("could not draw a value within the bounds")


def _candidate_key(e, w, key, bounds):
    """Which unknown an equality is solved for: lowest degree, unbounded, the family entry
    with the largest index (u_n in sum u = 1), then by name."""
    deg = sp.degree(e, w) if e.is_polynomial(w) else 99
    if isinstance(key, tuple):
        return (deg, w in bounds, 0, tuple(-v for v in key[1]), str(key[0]))
    return (deg, w in bounds, 1, (), str(key))


def make_sample(entry, structural, reals, rng):
    """One assignment satisfying the hypotheses by construction, or None."""
    unknown = {}

    def gen_unknown(key):
        dmy = Dummy("w", real=True)
        unknown[dmy] = key
        return dmy

    cfree = claim_free(entry)
    senv = Env(dict(structural), gen=gen_unknown)
    for s in reals:
        senv.values[s] = gen_unknown(s)
    constraints = []
    for g in entry["given"]:
        for op, L, R in hyp_instances(g, senv, cfree):
            constraints.append((op, sp.expand(L - R) if op != "==" else L - R))
    # simple bounds  w op c  with w an unknown
    bounds = {}
    equalities = []
    for op, e in constraints:
        fs = [s for s in e.free_symbols if s in unknown]
        if op == "==":
            equalities.append(e)
            continue
        if len(fs) == 1:
            w = fs[0]
            poly = sp.Poly(e, w) if e.is_polynomial(w) else None
            if poly is not None and poly.degree() == 1:
                a1, a0 = poly.all_coeffs()
                c0 = -a0 / a1
                flip = a1 < 0
                b = bounds.setdefault(w, {"lo": None, "los": False, "hi": None, "his": False, "ex": set()})
                if op == "!=":
                    b["ex"].add(c0)
                    continue
                o = {">": ">", ">=": ">=", "<": "<", "<=": "<="}[op]
                if flip:
                    o = {">": "<", ">=": "<=", "<": ">", "<=": ">="}[o]
                if o in (">", ">="):
                    if b["lo"] is None or c0 >= b["lo"]:
                        b["lo"], b["los"] = c0, (o == ">")
                else:
                    if b["hi"] is None or c0 <= b["hi"]:
                        b["hi"], b["his"] = c0, (o == "<")
    # choose one unknown per equality to solve for
    solve_for = []
    chosen = set()
    for e in equalities:
        cands = [s for s in e.free_symbols if s in unknown and s not in chosen]
        cands.sort(key=lambda s: _candidate_key(e, s, unknown[s], bounds))
        w = cands[0] if cands else None
        solve_for.append(w)
        if w is not None:
            chosen.add(w)
    values = {}
    for w, key in unknown.items():
        if w in chosen:
            continue
        b = bounds.get(w)
        positive = isinstance(key, tuple) and key[0][1].is_positive
        if b:
            values[w] = rand_value(rng, b["lo"], b["los"], b["hi"], b["his"], b["ex"], positive)
        else:
            values[w] = rand_value(rng, positive=positive)
    for e, w in zip(equalities, solve_for):
        e2 = sp.sympify(e).xreplace(values)
        if w is None:
            continue
        if e2.has(nan, zoo):
            return None
        sols = [v for v in sp.solve(e2, w) if v.is_real and v.is_Rational]
        if not sols:
            return None
        values[w] = rng.choice(sols)
    env = Env(dict(structural))
    for w, key in unknown.items():
        env.values[key] = values[w]
    return env


def structural_assignments(entry):
    """Values of n, N, indices and integer symbols: every combination (bounded)."""
    cfree = claim_free(entry)
    syms = set(cfree)
    for g in entry["given"]:
        syms |= free_syms(g) - set(hyp_quantified(g, cfree))
    sizes = sorted([s for s in syms if is_size(s)], key=str)
    idxs = sorted([s for s in syms if isinstance(s, Idx)], key=str)
    ints = sorted([s for s in syms if isinstance(s, Symbol) and s.is_integer and not is_size(s)], key=str)
    reals = sorted([s for s in syms if isinstance(s, Symbol) and not s.is_integer], key=str)
    # an Idx range may mention sizes that are not free in the claim (r over 1..N)
    for ix in list(idxs):
        for s in free_syms(ix.lower) | free_syms(ix.upper):
            if is_size(s) and s not in sizes:
                sizes.append(s)
    size_ranges = [range(1, 5) if s.name == "n" else range(1, 4) for s in sizes]
    out = []
    for sv in itertools.product(*size_ranges):
        base = Env({s: Integer(v) for s, v in zip(sizes, sv)})
        iranges = [_idx_range(ix, base) for ix in idxs]
        nmax = max(sv) if sv else 4
        int_ranges = [range(-4, 7) if s.name in ("ia", "ib") else range(-2, nmax + 4) for s in ints]
        for iv in itertools.product(*iranges, *int_ranges):
            vals = dict(base.values)
            for s, v in zip(idxs + ints, iv):
                vals[s] = Integer(v)
            out.append(vals)
    return out, reals, idxs + ints + sizes


def true_samples(entry, rng, target=150):
    assigns, reals, structural_syms = structural_assignments(entry)
    heavy = any(part.has(Integral, Limit) or (isinstance(part, sp.Basic) and any(
        isinstance(s_, Sum) and s_.limits[0][2] is oo for s_ in part.atoms(Sum)))
        for part in claim_parts(entry)[1:] if isinstance(part, sp.Basic))
    per = 1 if len(assigns) > 60 else (2 if len(assigns) > 20 else (6 if len(assigns) > 1 else 16))
    if heavy:
        per = 4 if reals else 1
    if not reals and not any(families(p) for p in claim_parts(entry)[1:] if isinstance(p, sp.Basic)) \
            and not any(families(g) for g in entry["given"]):
        per = 1          # nothing random: one evaluation per structural assignment
    if len(assigns) > target:
        assigns = rng.sample(assigns, target)
    samples, attempts, rejected = [], 0, 0
    for vals in assigns:
        got = 0
        for _ in range(per * 12):
            if got >= per:
                break
            attempts += 1
            env = make_sample(entry, vals, reals, rng)
            if env is None:
                rejected += 1
                continue
            fam_gen_rng = random.Random(rng.random())

            def gen(key, _r=fam_gen_rng):
                positive = isinstance(key, tuple) and key[0][1].is_positive
                return rand_value(_r, positive=positive)

            env.gen = gen
            ok, why, res = check_point(entry, env, set(vals) | set(reals))
            if not ok:
                rejected += 1
                continue
            samples.append((env, res))
            got += 1
    return samples, attempts, rejected


# --- vacuous certificates ------------------------------------------------------------------

def _vacuous_certificates():
    x, y = sp.symbols("x y", real=True)
    w = Symbol("w", real=True)
    total = Symbol("S", real=True)
    kk, nn = sp.symbols("k n", integer=True)

    def solve_empty(eqs, vs):
        sol = sp.solve(eqs, vs, dict=True)
        return sol == [], f"sympy.solve({eqs}) = {sol}"

    def reduce_false(rels, v):
        red = sp.reduce_inequalities(rels, v)
        return red is S.false, f"reduce_inequalities({rels}) = {red}"

    def linear_26():
        comb = sp.expand((kk - nn) + (nn - kk))
        return comb == 0, "(k - n) [> 0, hypothesis] + (n - k) [>= 0, range of k] = 0, so 0 > 0"

    def ne_39():
        sol = sp.solve(sp.Eq(x, y), x)
        after = sp.Ne(sol[0], y)
        return after is S.false, f"x = {sol[0]} from Eq(x, y) turns Ne(x, y) into {after}"

    two = lambda: solve_empty([x - 1, x - 2], [x])   # noqa: E731
    return {
        "hypotheses_02": two, "hypotheses_03": two, "hypotheses_04": two,
        "hypotheses_22": lambda: reduce_false([x > 1, x < 0], x),
        "hypotheses_23": lambda: reduce_false([w > 0, w < 0], w),
        "hypotheses_24": lambda: solve_empty([total - 1, total - 2], [total]),
        "hypotheses_25": lambda: reduce_false([x**2 < -x - 1], x),
        "hypotheses_26": linear_26,
        "hypotheses_39": ne_39,
    }


def confirm_vacuous(entry, rng):
    cert = _vacuous_certificates().get(entry["id"])
    if cert is None:
        return False, "no certificate for this vacuous entry"
    ok, text = cert()
    # evidence: random points never satisfy the hypotheses
    assigns, reals, _ = structural_assignments(entry)
    hits = 0
    cfree = claim_free(entry)
    for vals in assigns[:40]:
        for _ in range(5):
            env = Env(dict(vals), gen=lambda key: rand_value(rng))
            for s in reals:
                env.values[s] = rand_value(rng)
            try:
                if all(hyp_holds(g, env, cfree) for g in entry["given"]):
                    hits += 1
            except Undefined:
                pass
    return ok and hits == 0, f"{text}; {hits} of the random points satisfy the hypotheses"


def confirm_input_error(entry):
    lhs, rhs = entry["claim"]
    sums = list(lhs.atoms(Sum))
    texts, ok = [], bool(sums)
    for sm in sums:
        v, lo, hi = sm.limits[0]
        closed = sm.doit()
        pts = range(int(lo), int(floor(hi)) + 1)
        integer_reading = sum(sm.function.subs(v, p) for p in pts)
        texts.append(f"{sm}: SymPy doit = {closed}, over the integers {lo}..{hi} = {integer_reading}")
        ok = ok and (not hi.is_Integer) and closed != integer_reading
    return ok, "; ".join(texts) + " -> ill-posed"


# --- driver -------------------------------------------------------------------------------

def confirm(entry, rng):
    truth = entry["truth"]
    if truth == "vacuous":
        return confirm_vacuous(entry, rng)
    if truth == "input_error":
        return confirm_input_error(entry)
    if truth is False:
        env, syms = env_from_names(entry, entry["witness"])
        holds, why, res = check_point(entry, env, syms)
        if not holds:
            return False, f"witness violates the hypotheses: {why}"
        n60, n120 = res[60], res[120]
        # exact decides when it can (mpmath may not even represent 10**100 + 1 at 60 digits);
        # otherwise the 120-digit evaluation must find the claim false
        ok = res["exact"] is False or (res["exact"] is None and n120 == "F")
        desc = (f"witness {point_text(env)}: {res['info']}; exact={res['exact']}, "
                f"60 digits={n60}, 120 digits={n120}")
        if n60 != "F":
            desc += f" (60 digits: {'below resolution' if n60 == 'T' else 'undecided'}: {res['info60']})"
        return ok, desc
    if truth is True:
        samples, attempts, rejected = true_samples(entry, rng)
        if not samples:
            return False, f"no sample satisfies the hypotheses ({attempts} attempts)"
        bad = []
        kinds = {"exact": 0, "numeric": 0}
        for env, res in samples:
            if res["exact"] is True:
                good = res[60] != "F" and res[120] != "F"
                kinds["exact"] += 1
            elif res["exact"] is None:
                good = res[60] == "T" and res[120] == "T"
                kinds["numeric"] += 1
            else:
                good = False
            if not good:
                bad.append((point_text(env), res))
        desc = (f"{len(samples)} samples ({kinds['exact']} decided exactly, {kinds['numeric']} at "
                f"60 and 120 digits; {rejected} draws rejected by the hypotheses)")
        if bad:
            pt, res = bad[0]
            desc += f"; FAILS at {pt}: {res}"
        return not bad, desc
    return False, f"unknown truth {truth!r}"


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("-k", help="only entries whose id contains this")
    ap.add_argument("--report", action="store_true",
                    help="also run derive.check on every claim and write adversarial_report.txt")
    ap.add_argument("--seed", type=int, default=20240601)
    args = ap.parse_args(argv)
    claims = load_claims()
    if args.k:
        claims = [e for e in claims if args.k in e["id"]]
    failures = []
    t0 = time.time()
    for entry in claims:
        rng = random.Random(f"{args.seed}:{entry['id']}")
        t1 = time.time()
        try:
            ok, desc = confirm(entry, rng)
        except Exception as exc:   # a broken entry is a failure, not a crash
            ok, desc = False, f"{type(exc).__name__}: {exc}"
        mark = "ok  " if ok else "FAIL"
        print(f"{mark} {entry['id']:<18} truth={str(entry['truth']):<11} {time.time() - t1:5.1f}s  {desc}",
              flush=True)
        if not ok:
            failures.append(entry["id"])
    print(f"\n{len(claims) - len(failures)}/{len(claims)} confirmed in {time.time() - t0:.0f} s")
    if failures:
        print("NOT confirmed:", ", ".join(failures))
    if args.report:
        write_report(claims)
    return 1 if failures else 0


# --- the derive report (the only part that imports derive) ----------------------------------

def run_derive(entry, timeout=5.0):
    import derive
    c = entry["claim"]
    try:
        if isinstance(c, tuple):
            return derive.check(c[0], c[1], given=entry["given"], timeout=timeout), None
        return derive.check(c, given=entry["given"], timeout=timeout), None
    except (TypeError, ValueError) as exc:
        return None, f"{type(exc).__name__}: {exc}"


def judge(entry, verdict, error):
    """(mark, note) for derive's answer on one entry."""
    truth = entry["truth"]
    if error is not None:
        if truth == "input_error":
            return "ok", "input error raised"
        return "ERROR-RAISED", error
    st, method = verdict.status, verdict.method
    cex_note = ""
    ce_mark = None
    if st == "refuted":
        try:
            env = env_from_objects(verdict.counterexample or {})
            syms = set(claim_free(entry))
            cfree = claim_free(entry)
            for g in entry["given"]:
                syms |= free_syms(g) - set(hyp_quantified(g, cfree))
            for ix in [s for s in syms if isinstance(s, Idx)]:
                syms |= free_syms(ix.lower) | free_syms(ix.upper)
            for ix in sorted((s for s in syms if isinstance(s, Idx) and s not in env.values), key=str):
                try:
                    rng_ = _idx_range(ix, env)
                except Missing:
                    continue
                if len(rng_) == 1:      # the range forces the value (k in 1..n at n = 1)
                    env.values[ix] = Integer(rng_[0])
                    cex_note = f"{ix} = {rng_[0]} forced by its range; "
            holds, why, res = check_point(entry, env, syms)
            if not holds:
                ce_mark, cex_note = "UNSOUND-CE", cex_note + f"counterexample violates the hypotheses: {why}"
            elif res["exact"] is True or (res["exact"] is None and res[120] == "T"):
                ce_mark, cex_note = "BAD-CE", cex_note + f"the claim holds at the counterexample: {res['info']}"
        except (Missing, KeyError) as exc:
            ce_mark, cex_note = "CE-INCOMPLETE", f"counterexample lacks {exc}"
        except Exception as exc:   # noqa: BLE001
            ce_mark, cex_note = "CE-UNCHECKED", f"{type(exc).__name__}: {exc}"
    if truth is True:
        mark = {"proved": "ok", "unknown": "miss", "refuted": "WRONG"}[st]
    elif truth is False:
        mark = {"proved": "WRONG", "unknown": "miss", "refuted": "ok"}[st]
    elif truth == "vacuous":
        if st == "proved":
            mark = "ok" if "vacuous" in method else "METHOD"
            if mark == "METHOD":
                cex_note = "proved, but the method does not say vacuous"
        else:
            mark = {"unknown": "miss", "refuted": "WRONG"}[st]
    else:   # input_error
        mark = {"proved": "WRONG", "refuted": "WRONG", "unknown": "miss"}[st]
        cex_note = "should raise an input error"
    if ce_mark:
        mark = mark + "+" + ce_mark if mark != "ok" else ce_mark
    return mark, cex_note


def write_report(claims):
    lines = []
    rows = []
    t0 = time.time()
    for entry in claims:
        verdict, error = run_derive(entry)
        mark, note = judge(entry, verdict, error)
        if verdict is not None:
            status, method = verdict.status, verdict.method
            cex = ("; counterexample " + ", ".join(f"{k}={v}" for k, v in verdict.counterexample.items())
                   if verdict.counterexample else "")
            secs = f"{verdict.seconds:.2f}s"
        else:
            status, method, cex, secs = "raised", error, "", ""
        rows.append((entry, mark, status, method, cex, note, secs))
        print(f"{mark:<14} {entry['id']:<18} truth={str(entry['truth']):<11} {status:<8} {method} {secs}",
              flush=True)
    fams = sorted({e["family"] for e in claims}, key=lambda f: [e["family"] for e in claims].index(f))
    lines.append("Adversarial claims: derive.check verdicts (timeout 5 s)")
    lines.append(f"generated by tests/data/confirm_adversarial.py --report in {time.time() - t0:.0f} s")
    lines.append("")
    lines.append("Marks: ok | miss (unknown) | WRONG (proved a false claim, refuted a true or vacuous one,")
    lines.append("or answered an ill-posed claim) | UNSOUND-CE (a counterexample violates a hypothesis,")
    lines.append("checked exactly, Floats read as exact binary values) | BAD-CE (the claim holds at the")
    lines.append("counterexample) | METHOD (a vacuous claim proved without saying 'vacuous') |")
    lines.append("ERROR-RAISED (TypeError/ValueError on a well-formed claim)")
    lines.append("")
    lines.append("Counts per family (truth):")
    for f in fams:
        es = [e for e in claims if e["family"] == f]
        cnt = {t: sum(1 for e in es if str(e["truth"]) == t) for t in ("True", "False", "vacuous", "input_error")}
        lines.append(f"  {f:<13} {len(es):3d}: true {cnt['True']}, false {cnt['False']}, "
                     f"vacuous {cnt['vacuous']}, input_error {cnt['input_error']}")
    lines.append("")
    lines.append("Marks per family:")
    for f in fams:
        marks = {}
        for entry, mark, *_ in rows:
            if entry["family"] == f:
                marks[mark] = marks.get(mark, 0) + 1
        lines.append(f"  {f:<13} " + ", ".join(f"{m} {c}" for m, c in sorted(marks.items())))
    lines.append("")
    bad = [r for r in rows if r[1] not in ("ok", "miss")]
    lines.append(f"Entries needing attention ({len(bad)}):")
    for entry, mark, status, method, cex, note, secs in bad:
        lines.append(f"  {mark:<14} {entry['id']:<18} truth={entry['truth']!s:<8} derive: {status} by {method}"
                     + (f" -- {note}" if note else ""))
    lines.append("")
    lines.append("All entries:")
    for entry, mark, status, method, cex, note, secs in rows:
        lines.append(f"{entry['id']:<18} truth={entry['truth']!s:<11} derive={status:<8} method={method}"
                     f" [{mark}] {secs}{cex}" + (f" -- {note}" if note else ""))
    (HERE / "adversarial_report.txt").write_text("\n".join(lines) + "\n")
    print(f"wrote {HERE / 'adversarial_report.txt'}")


if __name__ == "__main__":
    sys.exit(main())

"""Derived formulas evaluated at 50 digits, at a fixed size and data.

A formula from a derivation's step (``p_k = max(z_k - τ, 0)``) is taken at
``n`` and at each entry ``k``, its sums written out, the data put in as exact
binary64 values, and evaluated with mpmath.  A scalar the derivation leaves
implicit (``τ``, ``λ₂``) is the root of a constraint with the formula inserted,
found by bracketing from a starting value and refined to 50 digits; the
bracket guarantees a sign change, so what is returned is a root of the
derived equation, wherever the start came from.
"""
from __future__ import annotations

import mpmath
from sympy import Add, Float, IndexedBase, Integer, Sum, Symbol, lambdify, sympify

__all__ = ["DPS", "Formulas", "RootNotFound"]

DPS = 50
_WORK = DPS + 15


class RootNotFound(ValueError):
    """No sign change of the equation was found, or the root did not settle."""


def _written_out(e):
    """``e`` with every sum over integer limits written out term by term."""
    def out(s):
        body = s.function
        for var, lo, hi in reversed(s.limits):
            if not (lo.is_Integer and hi.is_Integer):
                raise ValueError(f"the sum {s} has limits that are not fixed numbers")
            body = Add(*[body.xreplace({var: Integer(t)}) for t in range(int(lo), int(hi) + 1)])
        return body
    while e.has(Sum):
        e = e.replace(lambda t: isinstance(t, Sum), out)
    return e


class Formulas:
    """Evaluate expressions of a derivation at size ``n`` with the data ``values``.

    ``sizes`` are further integers (the support size ``s``) to fix.
    """

    def __init__(self, dimension, n, values, sizes=None):
        self.n = n
        self.fixed = {dimension: Integer(n), **{k: Integer(v) for k, v in (sizes or {}).items()}}
        self.values = values
        with mpmath.workdps(_WORK):
            self.data = {}
            for base, arr in values.items():
                if isinstance(base, IndexedBase):
                    for pos, v in enumerate(arr, start=1):
                        self.data[base[pos]] = Float(mpmath.mpf(float(v)), _WORK)
            self.params = {k: sympify(v) for k, v in values.items() if isinstance(k, Symbol)}

    def concrete(self, e, entry=None, index=None, entries=None, data=True):
        """``e`` at this size, at entry ``entry`` of the free index ``index``, with the data
        (unless ``data`` is false) and the values ``entries`` of further entries in."""
        table = dict(self.fixed)
        if index is not None:
            table[index] = Integer(entry)
        e = e.xreplace(table)
        e = _written_out(e.xreplace({k: v for k, v in self.params.items()}))
        return e.xreplace({**self.data, **(entries or {})}) if data else e.xreplace(entries or {})

    def datum(self, e):
        """``e`` with the data put in."""
        return e.xreplace(self.data)

    def function(self, e, args, entry=None, index=None, entries=None):
        """``e`` as an mpmath function of the symbols ``args`` (common subterms computed once)."""
        return lambdify(list(args), self.concrete(e, entry, index, entries), modules="mpmath", cse=True)

    def column(self, e, index, env=None, entries=None):
        """``e`` at every entry ``1..n`` of ``index``, at 50 digits (one compiled function for all)."""
        env = env or {}
        keys = list(env)
        with mpmath.workdps(_WORK):
            exprs = [self.concrete(e, j, index, entries) for j in range(1, self.n + 1)]
            f = lambdify(keys, exprs, modules="mpmath", cse=True)
            return [mpmath.mpf(v) for v in f(*[mpmath.mpf(env[k]) for k in keys])]

    def value(self, e, env=None, entry=None, index=None, entries=None):
        """``e`` at 50 digits, its remaining symbols taken from ``env``."""
        env = env or {}
        keys = list(env)
        with mpmath.workdps(_WORK):
            f = self.function(e, keys, entry, index, entries)
            out = f(*[mpmath.mpf(env[k]) if not isinstance(env[k], mpmath.mpf) else env[k] for k in keys])
            return mpmath.mpf(out) if not isinstance(out, mpmath.mpc) else out

    def root(self, residual, unknown, start=0.0, env=None):
        """The root in ``unknown`` of ``residual`` (other symbols from ``env``), to 50 digits."""
        env = env or {}
        keys = list(env)
        with mpmath.workdps(_WORK):
            f0 = self.function(residual, [unknown, *keys])
            rest = [mpmath.mpf(env[k]) for k in keys]

            def f(u):
                return mpmath.mpf(f0(u, *rest))

            lo, hi, width = mpmath.mpf(start), mpmath.mpf(start), mpmath.mpf(1)
            flo = fhi = f(lo)
            if flo == 0:
                return +lo
            for _ in range(80):      # widen until the sign changes
                lo, hi = mpmath.mpf(start) - width, mpmath.mpf(start) + width
                flo, fhi = f(lo), f(hi)
                if flo * fhi <= 0:
                    break
                width *= 2
            else:
                raise RootNotFound(f"{residual} = 0 has no sign change around {start}")
            try:    # the Illinois method keeps a bracket and converges superlinearly
                u = mpmath.findroot(f, (lo, hi), solver="illinois", tol=mpmath.mpf(10) ** (-2 * DPS),
                                    maxsteps=200)
                if lo <= u <= hi and abs(f(u)) <= mpmath.mpf(10) ** (-DPS - 5) * (1 + abs(flo) + abs(fhi)):
                    return +u
            except (ValueError, ZeroDivisionError):
                pass
            for _ in range(400):     # bisection: slow but certain
                mid = (lo + hi) / 2
                fm = f(mid)
                if fm == 0 or hi - lo < mpmath.mpf(10) ** (-DPS - 8) * max(1, abs(mid)):
                    return +mid
                if (fm < 0) == (flo < 0):
                    lo, flo = mid, fm
                else:
                    hi = mid
            raise RootNotFound(f"{residual} = 0 did not settle in [{lo}, {hi}]")


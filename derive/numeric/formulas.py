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
import numpy as np
from sympy import (Add, Dummy, Float, Function, Indexed, IndexedBase, Integer, Max, Min, Rational, Sum, Symbol,
                   lambdify, sympify)

__all__ = ["DPS", "Formulas", "RootNotFound"]

DPS = 50
_WORK = DPS + 15


class RootNotFound(ValueError):
    """No sign change of the equation was found, or the root did not settle."""


class _Largest(Function):
    """``Max`` that does not evaluate: compiled to Python's ``max``, as lambdify prints ``Max``."""


class _Smallest(Function):
    """``Min`` that does not evaluate: compiled to Python's ``min``."""


_INERT_NAMES = {"_Largest": max, "_Smallest": min}


def _inert(e):
    """``e`` with every Max/Min held unevaluated until it is compiled.

    Writing a sum out, or putting an index or a parameter in, rebuilds each
    maximum, and SymPy's ``Max`` then compares its arguments through the
    assumption system: most of the cross-check's time at n = 60.  The value is
    the same: the compiled function takes the largest (smallest) argument,
    exactly as the compiled ``Max`` (``max(...)``) does.
    """
    if not e.has(Max, Min):
        return e
    return e.replace(lambda t: isinstance(t, (Max, Min)),
                     lambda t: (_Largest if isinstance(t, Max) else _Smallest)(*t.args))


def _written_out(e):
    """``e`` with every sum over integer limits written out term by term.

    Karr's convention, as the checker reads sums: a range ``a..b`` with
    ``b < a - 1`` is the negated sum over ``b+1..a-1``; ``b = a - 1`` is empty.
    """
    def out(s):
        body = s.function
        for var, lo, hi in s.limits:            # innermost first
            if not (lo.is_Integer and hi.is_Integer):
                raise ValueError(f"the sum {s} has limits that are not fixed numbers")
            a, b, sign = int(lo), int(hi), 1
            if b < a - 1:
                a, b, sign = b + 1, a - 1, -1
            body = sign * Add(*[body.xreplace({var: Integer(t)}) for t in range(a, b + 1)])
        return body
    while e.has(Sum):
        e = e.replace(lambda t: isinstance(t, Sum), out)
    return e


def _exact(v):
    """A parameter as an exact rational: floats and mpf values are binary fractions, and a
    Float would fold constants (1/η) at its own precision, which sympify sets to 15 digits."""
    if isinstance(v, (float, np.floating)):
        return Rational(float(v))
    if isinstance(v, mpmath.mpf):
        man, exp = v.man_exp          # as it is: mpf(v) would round it to the working precision
        return Rational(int(man)) * Rational(2) ** int(exp)
    return sympify(v)


# The symbolic work of a cross-check (writing sums out, compiling) depends on the
# expression, the size and the exact parameters only, never on the data, which enter the
# compiled functions as arguments: every data case of a size shares it.  Keys are SymPy
# expressions (structural equality) and the argument symbols, so a hit is the same function.
_CACHE_LIMIT = 4096
_CONCRETE: dict = {}        # (formulas key, e, entry, index, data) -> the concrete expression
_COLUMNS: dict = {}         # (formulas key, e, index) -> (concrete expression, ((entry at index, argument), ...))
_COMPILED: dict = {}        # (args, exprs) -> the compiled function
_SLOTS: dict = {}           # entry -> its argument symbol, shared by every Formulas
_ENTRY_OF: dict = {}        # argument symbol -> entry


def _remembered(table, key, make):
    if key not in table:
        if len(table) >= _CACHE_LIMIT:
            table.clear()
        table[key] = make()
    return table[key]


def _slot(entry):
    if entry not in _SLOTS:
        _SLOTS[entry] = sym = Dummy("e")
        _ENTRY_OF[sym] = entry
    return _SLOTS[entry]


def _lambdified(args, exprs):
    """:func:`_compile_now` of ``args`` and ``exprs``, compiled once per process."""
    key = (tuple(args), tuple(exprs) if isinstance(exprs, (list, tuple)) else exprs, isinstance(exprs, list))
    return _remembered(_COMPILED, key, lambda: _compile_now(args, exprs))


def _compile_now(args, exprs):
    """``lambdify(args, exprs)`` for mpmath, common subterms computed once.

    The arguments are renamed to plain symbols in one pass first: given a
    ``Dummy`` argument, lambdify renames every argument itself, one pass over
    the expressions each, which at n = 60 is most of the compiling.
    """
    many = isinstance(exprs, (list, tuple))
    names = {str(a) for e in (exprs if many else [exprs]) for a in e.free_symbols}
    prefix = "_arg"
    while any(name.startswith(prefix) for name in names):
        prefix += "_"
    plain = [Symbol(f"{prefix}{pos}") for pos in range(len(args))]
    table = dict(zip(args, plain))
    exprs = [e.xreplace(table) for e in exprs] if many else exprs.xreplace(table)
    return lambdify(plain, exprs, modules=[_INERT_NAMES, "mpmath"], cse=True, dummify=False)


class Formulas:
    """Evaluate expressions of a derivation at size ``n`` with the data ``values``.

    ``sizes`` are further integers (the support size ``s``) to fix.  Data and other
    entries enter the compiled functions as arguments (one symbol per entry), not as
    numbers inside SymPy expressions: rebuilding ``Max`` or ``exp`` around 65-digit
    numbers is what would cost the time.
    """

    def __init__(self, dimension, n, values, sizes=None):
        self.n = n
        self.fixed = {dimension: Integer(n), **{k: Integer(v) for k, v in (sizes or {}).items()}}
        self.values = values
        self.data = {}      # entry -> exact value
        with mpmath.workdps(_WORK):
            for base, arr in values.items():
                if isinstance(base, IndexedBase):
                    for pos, v in enumerate(arr, start=1):
                        self.data[base[pos]] = mpmath.mpf(float(v))
        self.params = {k: _exact(v) for k, v in values.items() if isinstance(k, Symbol)}
        self.key = (frozenset(self.fixed.items()), frozenset(self.params.items()))

    def concrete(self, e, entry=None, index=None, data=True):
        """``e`` at this size, at entry ``entry`` of the free index ``index``, its sums written
        out; entries of the data (and any other entry) stand as argument symbols."""
        return _remembered(_CONCRETE, (self.key, e, entry, index, data),
                           lambda: self._concrete_now(e, entry, index, data))

    def _concrete_now(self, e, entry, index, data):
        table = dict(self.fixed)
        if index is not None:
            table[index] = Integer(entry)
        e = _written_out((_inert(e) if data else e).xreplace(table).xreplace(self.params))
        if not data:
            return e
        return e.xreplace({a: _slot(a) for a in e.atoms(Indexed) if all(i.is_Integer for i in a.indices)})

    def datum(self, e):
        """``e`` with the data put in, as numbers."""
        return e.xreplace({k: Float(v, _WORK) for k, v in self.data.items()})

    def _compiled(self, exprs, keys, entries):
        """A function of the values of ``keys``, with the data and ``entries`` bound."""
        known = {**self.data, **{k: mpmath.mpf(v) if not isinstance(v, mpmath.mpf) else v
                                 for k, v in (entries or {}).items()}}
        many = isinstance(exprs, (list, tuple))
        used = {s for e in (exprs if many else [exprs]) for s in e.free_symbols if s in _ENTRY_OF}
        slots = sorted(used, key=lambda sym: sym.dummy_index)     # the order they were made in
        missing = [_ENTRY_OF[sym] for sym in slots if _ENTRY_OF[sym] not in known]
        if missing:
            raise ValueError(f"no value for {missing[0]}")
        f = _lambdified(list(keys) + slots, exprs)
        bound = [known[_ENTRY_OF[sym]] for sym in slots]
        return lambda *values: f(*values, *bound)

    def function(self, e, args, entry=None, index=None, entries=None):
        """``e`` as an mpmath function of the symbols ``args`` (common subterms computed once)."""
        return self._compiled(self.concrete(e, entry, index), args, entries)

    def column(self, e, index, env=None, entries=None):
        """``e`` at every entry ``1..n`` of ``index``, at 50 digits.

        Compiled once: the sums are written out with ``index`` left free, and the
        entries at ``index`` (``z_k``, ``p_k``) become arguments filled in entry by entry.
        """
        env = env or {}
        keys = list(env)
        concrete, local = _remembered(_COLUMNS, (self.key, e, index), lambda: self._column_form(e, index))
        local = dict(local)
        exprs = [concrete]
        known = {**self.data, **{k: mpmath.mpf(v) for k, v in (entries or {}).items()}}
        with mpmath.workdps(_WORK):
            f = self._compiled(exprs, keys + list(local.values()), entries)
            values = [mpmath.mpf(env[k]) for k in keys]
            out = []
            for j in range(1, self.n + 1):
                at = [known.get(a.base[j], None) for a in local]
                if any(v is None for v in at):
                    raise ValueError(f"no value for an entry at {j}")
                out.append(mpmath.mpf(f(*values, *at)[0]))
            return out

    def _column_form(self, e, index):
        e = _written_out(_inert(e).xreplace(self.fixed).xreplace(self.params))
        at_index = index.xreplace(self.fixed)           # its range has the size in it
        local = {a: Dummy("at") for a in e.atoms(Indexed) if a.indices == (at_index,)}
        return self.concrete(e.xreplace(local)), tuple(local.items())

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


"""A declared optimization problem as a cvxpy program, at a fixed size and data.

The objective and each constraint of a :class:`~derive.derivation.lagrange.Problem`
are translated term by term: a sum over the problem's index becomes
``cp.sum`` of an elementwise vector expression, the family's entries the
variable, data families NumPy arrays, parameters numbers.  Recognized
forms: ``x log x`` (``-entr``), ``log``, ``exp``, numeric powers (``power``;
``power(pos(x), a)`` for a fractional power of an entry when ``x_i >= 0`` is
declared, so that the declared constraint and not the atom's own domain holds
the multiplier), products with constants or data, sums.  An indexed constraint
becomes one vector constraint.  Anything else, or a program that is not
DCP, raises :class:`ValueError` naming it: the check fails loudly rather
than solving something else.

Dual values: for ``Minimize`` cvxpy's ``dual_value`` ``ν`` of ``g == 0`` or
``g <= 0`` satisfies ``∇f + ν ∇g = 0``; for ``Maximize``, ``∇f - ν ∇g = 0``
(cvxpy minimizes ``-f``), with ``ν >= 0`` for inequalities.  A derivation's
Lagrangian is ``f + Σ σ_c m_c (g_c - b_c)``, so its multiplier is
``m_c = σ_c ν`` when minimizing and ``-σ_c ν`` when maximizing
(:func:`multiplier_sign`); with the documents' defaults that is ``ν`` itself.
"""
from __future__ import annotations

import numpy as np
import cvxpy as cp
from sympy import Add, Indexed, IndexedBase, Mul, Pow, Sum, Symbol, exp, log, sympify

__all__ = ["Program", "build_program", "multiplier_sign"]


class Program:
    """The cvxpy problem, its variable, and one cvxpy constraint per declared constraint."""

    def __init__(self, problem, variable, constraints):
        self.problem, self.variable, self.constraints = problem, variable, constraints


def multiplier_sign(problem, constraint) -> int:
    """The factor turning cvxpy's dual value of ``constraint`` into the derivation's multiplier."""
    return problem.sign_of(constraint) * (1 if problem.sense == "min" else -1)


class _Translator:
    def __init__(self, problem, n, values):
        self.family, self.index, self.n = problem.family, problem.index, n
        self.entry = problem.family[problem.index]
        self.nonneg_declared = any(c.indexed and c.kind == "le" and sympify(c.lhs + self.entry) == 0
                                   and sympify(c.rhs) == 0 for c in problem.constraints)
        self.x = cp.Variable(n)
        self.data = {k: np.asarray(v, dtype=float) for k, v in values.items() if isinstance(k, IndexedBase)}
        self.params = {k: sympify(v) for k, v in values.items() if isinstance(k, Symbol)}
        for base, arr in self.data.items():
            if arr.shape != (n,):
                raise ValueError(f"data {base} has shape {arr.shape}, expected ({n},)")

    def scalar(self, e):
        """A term outside any sum."""
        if isinstance(e, Sum):
            (var, lo, hi), = e.limits
            return cp.sum(self.vector(e.function, var)) if self._full(lo, hi) else self._bad(e)
        if e.has(Sum):
            return self._combine(e, self.scalar)
        return self._const(e)

    def vector(self, e, var):
        """An elementwise expression in the entries ``[var]``."""
        if isinstance(e, Indexed):
            if e.indices != (var,):
                return self._bad(e)
            if e.base == self.family:
                return self.x
            if e.base in self.data:
                return self.data[e.base]
            return self._bad(e)
        if not (e.has(var)):
            return self._const(e)
        if isinstance(e, Mul):
            entries = [f for f in e.args if isinstance(f, Indexed) and f.base == self.family]
            logs = [f for f in e.args if isinstance(f, log) and f.args[0] in entries]
            if logs:      # x log x is -entr(x), the form cvxpy knows to be convex
                rest = Mul(*[f for f in e.args if f not in (logs[0], logs[0].args[0])])
                return cp.multiply(self.vector(rest, var), -cp.entr(self.x)) if rest.has(var) \
                    else self._const(rest) * -cp.entr(self.x)
        return self._combine(e, lambda t: self.vector(t, var))

    def _combine(self, e, sub):
        if isinstance(e, Add):
            return sum((sub(a) for a in e.args[1:]), sub(e.args[0]))
        if isinstance(e, Mul):
            parts = [sub(a) for a in e.args]
            out = parts[0]
            for q in parts[1:]:     # elementwise: ``*`` of an expression and an array is a matrix product
                out = cp.multiply(out, q) if isinstance(out, cp.Expression) or isinstance(q, cp.Expression) \
                    else out * q
            return out
        if isinstance(e, Pow) and e.exp.is_number:
            base, power = sub(e.base), float(e.exp)
            if not isinstance(base, cp.Expression):
                return np.power(base, power)
            if not e.exp.is_integer and e.base == self.entry and self.nonneg_declared:
                # cvxpy's power carries the domain x >= 0 itself, and would take part of the
                # multiplier of the declared p_i >= 0; on that domain x^a = pos(x)^a
                return cp.power(cp.pos(base), power)
            return cp.power(base, power)
        if isinstance(e, log):
            inner = sub(e.args[0])
            return cp.log(inner) if isinstance(inner, cp.Expression) else np.log(inner)
        if isinstance(e, exp):
            inner = sub(e.args[0])
            return cp.exp(inner) if isinstance(inner, cp.Expression) else np.exp(inner)
        return self._bad(e)

    def _const(self, e):
        value = e.xreplace({k: v for k, v in self.params.items()}).xreplace({self._dim(): self.n})
        if not value.is_number:
            return self._bad(e)
        return float(value)

    def _dim(self):
        return self.index.upper

    def _full(self, lo, hi) -> bool:
        return lo == self.index.lower and hi == self.index.upper

    def _bad(self, e):
        raise ValueError(f"cannot state {e} for the convex solver")


def build_program(problem, n: int, values: dict) -> Program:
    """The cvxpy program of ``problem`` at size ``n`` with data and parameters ``values``."""
    t = _Translator(problem, n, values)
    params = {k: sympify(v) for k, v in values.items() if isinstance(k, Symbol)}
    objective = t.scalar(sympify(problem.objective).xreplace(params))
    constraints = []
    for c in problem.constraints:
        lhs, rhs = sympify(c.lhs).xreplace(params), sympify(c.rhs).xreplace(params)
        g = t.vector(lhs - rhs, problem.index) if c.indexed else t.scalar(lhs) - t.scalar(rhs)
        constraints.append(g == 0 if c.kind == "eq" else g <= 0)
    sense = cp.Minimize if problem.sense == "min" else cp.Maximize
    program = cp.Problem(sense(objective), constraints)
    if not program.is_dcp():
        raise ValueError(f"the problem {problem.name!r} is not DCP as stated; cvxpy cannot solve it")
    return Program(program, t.x, constraints)

"""The cross-check of any derivation, generated from its declared problem.

For every size and data case of a :class:`~derive.numeric.spec.CrossCheck`:

1. the problem is stated for cvxpy (:mod:`derive.numeric.program`) and solved;
2. the derivation's formulas are evaluated at 50 digits
   (:mod:`derive.numeric.formulas`), implicit scalars (``τ``, ``λ₂``) as roots
   of their constraint with the optimizer inserted;
3. checks: the solver's optimum against the derived optimizer
   (``optimizer``); its duals, turned into the derivation's multipliers,
   against the derived ones, including ``μ_i`` from stationarity
   (``multipliers``; only when the equality constraints are independent, so
   that the multipliers are unique); the derived stationarity condition at
   the solver's point and duals (``stationarity``, which also holds when they
   are not unique); an expected value of an unknown (``root``); closed forms
   on the sorted support against the roots (``closed_form``); an independent
   float64 implementation against the 50-digit formulas (``reference``).

Cases with the same label are reported as the worst of them.  A solver that
did not converge makes its checks ``inf``, never a skip.
"""
from __future__ import annotations

import mpmath
import numpy as np
from sympy import Dummy, Indexed, diff, expand

from ..derivation.model import NumericCheck
from .crosscheck import (DUAL_TOLERANCE, MPMATH_METHOD, NUMPY_METHOD, NUMPY_TOLERANCE, ROOT_TOLERANCE,
                         SOLVER_METHOD, SOLVER_TOLERANCE, check_sizes, compare, solve)
from .formulas import Formulas, RootNotFound
from .program import build_program, multiplier_sign

__all__ = ["cross_check"]


def cross_check(spec, derivation, *, ns=None, seed=None) -> tuple[NumericCheck, ...]:
    """Every check of ``spec`` for ``derivation`` at the sizes ``ns`` (default: the spec's)."""
    ns = spec.ns if ns is None else ns
    seed = spec.seed if seed is None else seed
    check_sizes(ns, seed)
    rng = np.random.default_rng(seed)
    out = []
    for n in ns:
        groups: dict = {}
        for case in spec.cases(n, rng):
            groups.setdefault(case.label, []).append(_case_checks(spec, derivation, n, case))
        for per_case in groups.values():
            out.extend(_worst(per_case))
    return tuple(out)


def _worst(per_case):
    names = list(dict.fromkeys(c.name for checks in per_case for c in checks))
    return [max((c for checks in per_case for c in checks if c.name == name), key=lambda c: c.max_error)
            for name in names]


class _Case:
    """One solve and the derived values it is compared with."""

    def __init__(self, spec, derivation, n, case):
        self.spec, self.derivation, self.n, self.case = spec, derivation, n, case
        self.problem = problem = spec.problem
        program = build_program(problem, n, case.values)
        self.sol = solve(program.variable, program.problem.objective, program.constraints)
        self.ok = self.sol.converged
        self.duals = {c.name: multiplier_sign(problem, c) * d for c, d in zip(problem.constraints, self.sol.duals)} \
            if self.ok else {}
        self.f = Formulas(derivation.dimension, n, case.values)
        optimizer = derivation.step(spec.optimizer).claim
        self.k, self.formula = optimizer.lhs.indices[0], optimizer.rhs
        self.stationarity = _residual(derivation.step(spec.stationarity).claim)
        self.independent = _independent(problem, self.f, n)
        self.unknowns = self._unknowns()
        self.x = self.f.column(self.formula, self.k, self.unknowns)

    def _constraint(self, name):
        return next(c for c in self.problem.constraints if c.name == name)

    def _solver_multiplier(self, symbol):
        c = next((c for c in self.problem.constraints if c.multiplier == symbol), None)
        return float(self.duals[c.name][0]) if c is not None and self.ok else None

    def _inserted(self, name):
        c = self._constraint(name)
        body = lambda e: self.formula.xreplace({self.k: e.indices[0]})    # noqa: E731
        return (c.lhs - c.rhs).replace(lambda e: isinstance(e, Indexed) and e.base == self.problem.family, body)

    def _unknowns(self):
        expected, out = dict(self.case.expect), {}
        for u, name in self.spec.unknowns:
            if u in expected:
                out[u] = mpmath.mpf(expected[u])
            elif not self.independent:     # not determined by the data: the solver's value stands in
                out[u] = mpmath.mpf(self._solver_multiplier(u) or 0)
            else:
                out[u] = self.root(u, name, out)
        return out

    def root(self, u, name, known):
        start = self._solver_multiplier(u)
        try:
            return self.f.root(self._inserted(name), u, start=start if start is not None else 0.0, env=known)
        except RootNotFound:
            return mpmath.mpf("nan")

    def entries(self, point):
        """The family's entries at ``point`` (numbers, at 50 digits)."""
        return {self.problem.family[j]: mpmath.mpf(v) for j, v in enumerate(point, start=1)}

    def multipliers(self):
        """The derived multipliers, constraint by constraint, each as a list: the scalar ones
        from their steps (or as unknowns), then those of indexed constraints from stationarity."""
        steps, scalar = dict(self.spec.multipliers), dict(self.unknowns)
        for c in self.problem.constraints:
            if c.indexed or steps.get(c.multiplier, "") is None:
                continue
            if c.multiplier not in steps:
                raise ValueError(f"the cross-check of {self.derivation.name!r} does not say where the "
                                 f"multiplier {c.multiplier} comes from")
            scalar[c.multiplier] = self.f.value(self.derivation.step(steps[c.multiplier]).claim.rhs,
                                                self.unknowns)
        x = self.entries(self.x) if all(mpmath.isfinite(v) for v in self.x) else {}
        out = []
        for c in self.problem.constraints:
            if c.indexed:
                m_k = _solved_for(self.stationarity, c.multiplier.xreplace({self.problem.index: self.k}))
                out.append(self.f.column(m_k, self.k, scalar, x))
            else:
                out.append([scalar[c.multiplier]])
        return out

    def stationarity_residuals(self):
        point = self.sol.point
        if self.problem.family[1].is_nonnegative:    # the domain of p^α: clip the solver's -1e-12
            point = np.maximum(point, 0.0)
        env, entries = {}, self.entries(point)
        for c in self.problem.constraints:
            if c.indexed:
                entries.update({c.multiplier.xreplace({self.problem.index: j}): mpmath.mpf(float(v))
                                for j, v in enumerate(self.duals[c.name], start=1)})
            else:
                env[c.multiplier] = float(self.duals[c.name][0])
        return self.f.column(self.stationarity, self.k, env, entries)


def _words(step_name: str) -> str:
    """A step's name as words (a document can break lines between them)."""
    return "'" + step_name.replace("_", " ") + "'"


def _residual(claim):
    return claim.lhs - claim.rhs


def _solved_for(expr, m):
    lin = expand(expr)
    coeff = lin.coeff(m, 1)
    rest = expand(lin - coeff * m)
    if coeff == 0 or rest.has(m):
        raise ValueError(f"the stationarity condition is not linear in the multiplier {m}")
    return -rest / coeff


def _independent(problem, f, n) -> bool:
    """The equality constraints' gradients are linearly independent (so their multipliers are unique)."""
    entries = tuple(problem.family[j] for j in range(1, n + 1))
    rows = [[float(f.datum(d)) for d in _gradient(f, c.lhs - c.rhs, entries)]
            for c in problem.constraints if c.kind == "eq" and not c.indexed]
    return not rows or np.linalg.matrix_rank(np.array(rows)) == len(rows)


_GRADIENTS: dict = {}       # the same constraint at the same size and parameters: data cases share it


def _gradient(f, g, entries):
    """The derivatives of ``g`` (at ``f``'s size and parameters) in ``entries``, symbolic."""
    key = (f.key, g, entries)
    if key not in _GRADIENTS:
        if len(_GRADIENTS) > 1024:
            _GRADIENTS.clear()
        # differentiated in plain symbols standing for the entries: the derivative in an
        # Indexed entry goes through a Kronecker delta per term, n**2 of them per constraint
        plain = {x: Dummy("x", **x.assumptions0) for x in entries}
        back = {v: x for x, v in plain.items()}
        concrete = f.concrete(g, data=False).xreplace(plain)
        _GRADIENTS[key] = tuple(diff(concrete, plain[x]).xreplace(back) for x in entries)
    return _GRADIENTS[key]


def _case_checks(spec, derivation, n, case) -> list[NumericCheck]:
    c = _Case(spec, derivation, n, case)
    name = derivation.name + (f".{case.label}" if case.label else "")
    words = [case.note] if case.note else []
    if c.ok and c.sol.tolerance > 1e-12:
        words.append(f"solver tolerance {c.sol.tolerance:g}")
    note = f" ({'; '.join(words)})" if words else ""
    point = c.sol.point if c.ok else None
    out = [compare(f"{name}.optimizer", f"solver optimum vs the step {_words(spec.optimizer)}{note}", n=n,
                   computed=point, expected=c.x, tolerance=SOLVER_TOLERANCE, method=SOLVER_METHOD)]
    expected = c.multipliers()
    # Entries where the derived optimizer is 0 sit on the boundary p_i = 0: there a solver
    # error δ in p_i enters the gradient as δ^(α-1) (2√δ for p^(3/2)), so their multipliers
    # and stationarity residuals get the spec's own tolerance; everything else keeps
    # DUAL_TOLERANCE (a looser one for all let a multiplier off by 5e-3 pass).
    zero = [v == 0 for v in c.x]
    if c.independent:
        solver = np.concatenate([c.duals[k.name] for k in c.problem.constraints]) if c.ok else None
        at_zero = [con.indexed and zero[j] for con, m in zip(c.problem.constraints, expected)
                   for j in range(len(m))]
        out += _split_compare(f"{name}.multipliers", "solver duals vs the derived multipliers", note, n,
                              solver, [v for m in expected for v in m], at_zero, spec)
    out += _split_compare(f"{name}.stationarity", f"the step {_words(spec.stationarity)} at the solver's "
                          "optimum and duals", note, n, c.stationarity_residuals() if c.ok else None,
                          [0] * n, zero, spec)
    for u, value in case.expect:
        if c.independent:
            root = c.root(u, dict(spec.unknowns)[u], {})
            out.append(compare(f"{name}.root", f"{u} solved from the {dict(spec.unknowns)[u]} constraint "
                               f"vs {value}{note}", n=n, computed=[root], expected=[value],
                               tolerance=ROOT_TOLERANCE, method=MPMATH_METHOD))
    out.extend(_closed_forms(spec, derivation, c, name, note))
    if spec.reference is not None:
        entries, mults = spec.reference(n, case.values, {u: float(v) for u, v in c.unknowns.items()})
        derived = {k.multiplier: m[0] for k, m in zip(c.problem.constraints, expected) if not k.indexed}
        out.append(compare(f"{name}.reference", f"an independent float64 implementation vs the derived "
                           f"formulas{note}", n=n, computed=list(entries) + [mults[m] for m in mults],
                           expected=c.x + [derived[m] for m in mults], tolerance=NUMPY_TOLERANCE,
                           method=NUMPY_METHOD, floor=spec.reference_floor))
    return out


def _split_compare(name, what, note, n, computed, expected, at_zero, spec):
    """``name`` over the entries not at a zero of the optimizer, at DUAL_TOLERANCE, and
    ``name_at_zeros`` over the others (when there are any), at the spec's dual tolerance."""
    flat = None if computed is None else list(np.asarray(computed, dtype=object).ravel())
    out = []
    for part, suffix, tolerance, words in ((False, "", DUAL_TOLERANCE, ""),
                                           (True, "_at_zeros", spec.dual_tolerance or DUAL_TOLERANCE,
                                            " where the optimizer is 0")):
        keep = [j for j, z in enumerate(at_zero) if z == part]
        if not keep:
            continue
        # a mis-shaped answer stays mis-shaped, so that compare() reports it as inf
        picked = flat if flat is None or len(flat) != len(expected) else [flat[j] for j in keep]
        out.append(compare(name + suffix, what + words + note, n=n, computed=picked,
                           expected=[expected[j] for j in keep], tolerance=tolerance, method=SOLVER_METHOD))
    return out


def _closed_forms(spec, derivation, c, name, note):
    if not spec.closed_forms:
        return []
    size, renumber = spec.support
    order = derivation.step(renumber).claim            # x_(r+1) <= x_r: decreasing in x
    small, big = (order.lhs, order.rhs) if order.rel_op == "<=" else (order.rhs, order.lhs)
    data = np.asarray(c.case.values[small.base], dtype=float)
    perm = np.argsort(-data if small.base == big.base else data, kind="stable")
    values = {k: (np.asarray(v)[perm] if k in c.case.values and hasattr(v, "__len__") else v)
              for k, v in c.case.values.items()}
    s = sum(1 for v in c.x if v > 0)
    f = Formulas(derivation.dimension, c.n, values, sizes={size: s})
    out = []
    for step in spec.closed_forms:
        claim = derivation.step(step).claim
        u = claim.lhs
        value = f.value(claim.rhs, {k: v for k, v in c.unknowns.items() if k != u})
        out.append(compare(f"{name}.closed_form", f"the step {_words(step)} on the sorted support (s = {s}) vs {u} "
                           f"solved from its constraint{note}", n=c.n, computed=[value],
                           expected=[c.unknowns[u]], tolerance=ROOT_TOLERANCE, method=MPMATH_METHOD))
    return out

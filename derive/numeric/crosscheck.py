"""The solver-based numerical cross-check of a derivation: solving, and comparing.

An optimization problem is handed, as stated, to a convex solver (cvxpy,
solved by Clarabel) and never to the closed form; the solver's optimum and its
dual values are then compared (:func:`compare`) with what the derivation
predicts, evaluated in 50-digit mpmath.  The program is generated from the
derivation's declared problem (:mod:`derive.numeric.program`); which steps
hold the predictions is declared beside the derivation
(:class:`derive.numeric.spec.CrossCheck`); :mod:`derive.numeric.generated`
runs it.

cvxpy's ``constraint.dual_value`` for an equality ``g == 0`` is the ``nu`` with
``grad(objective) + nu grad(g) = 0`` for Minimize, and
``grad(objective) - nu grad(g) = 0`` for Maximize (cvxpy minimizes the negated
objective); for an inequality ``g <= 0`` the same, with ``nu >= 0``.  So with
the sign conventions of the source documents (``L = f - λ(g - b)`` when
maximizing, ``L = f + λ(g - b)`` when minimizing), ``dual_value`` is the
documents' multiplier with no sign change
(:func:`derive.numeric.program.multiplier_sign` handles other signs).

Solver choice, measured here (2 shared cores, cold caches): importing cvxpy
took 1.5-3.1 s and scipy.optimize 0.9-1.5 s; the 72 FTRL solves of a sweep took
about 0.9 s with cvxpy/Clarabel (all converged, errors <= 1e-7) against 2.5 s
with SLSQP (4 not converged, errors up to 4e-2); trust-constr took minutes.
Clarabel's default stopping rule leaves ~1e-5 errors on these exponential
cones; at 1e-12 tolerances, solves reported "optimal" were within 3e-7 in a
sweep of 720 problems.  Only "optimal" counts as converged: "optimal_inaccurate"
is retried with shorter steps, and if it persists the check fails (inf).
"""
from __future__ import annotations

import math
import warnings
from dataclasses import dataclass
from numbers import Integral
from typing import Sequence

import clarabel
import cvxpy as cp
import mpmath
import numpy as np

from ..derivation.model import NumericCheck

__all__ = [
    "compare", "Solution", "solve", "check_sizes", "cp", "DPS",
    "SOLVER_METHOD", "NUMPY_METHOD", "MPMATH_METHOD", "SOLVER_TOLERANCE", "DUAL_TOLERANCE",
    "NUMPY_TOLERANCE", "ROOT_TOLERANCE",
]

SOLVER_METHOD = f"cvxpy {cp.__version__} / CLARABEL {clarabel.__version__}"
NUMPY_METHOD = "NumPy float64 vs mpmath at 50 digits"
MPMATH_METHOD = "mpmath at 50 digits"
SOLVER_TOLERANCE = 1e-6        # absolute, on the optimal probabilities
# Relative to max(1, |lambda|).  A multiplier is recovered through log p_i, so its
# error grows like (error in p_i) / p_i: 1.8e-6 was seen with a p_i of 1.7e-4.
DUAL_TOLERANCE = 1e-5
NUMPY_TOLERANCE = 1e-13        # relative
ROOT_TOLERANCE = 1e-40         # two 50-digit evaluations of the same quantity
DPS = 50

_SOLVER_OPTIONS = {"solver": cp.CLARABEL, "max_iter": 200}
# Clarabel sometimes stalls just short of 1e-12 ("AlmostSolved"); a shorter step
# usually gets there.  On power cones (a fractional power p^(3/2)) it stalls short of 1e-10
# at n >= 7 whatever the step, and reaches 1e-9: that is the last resort, and the
# check says so.  Only the status picks the attempt, never the closed form.
_ATTEMPTS = ((1e-12, 0.8), (1e-12, 0.6), (1e-12, 0.4), (1e-9, 0.99), (1e-9, 0.8))
_CONVERGED = ("optimal",)


@dataclass(frozen=True)
class Solution:
    """A solver's answer: the optimal point, each constraint's dual (an array), the status."""

    point: np.ndarray | None
    duals: tuple
    status: str
    tolerance: float = 1e-12

    @property
    def converged(self) -> bool:
        return self.status in _CONVERGED and self.point is not None and all(
            d is not None and np.all(np.isfinite(d)) for d in self.duals)


def compare(name: str, description: str, *, n: int, computed, expected, tolerance: float,
            method: str, floor: float = 1.0) -> NumericCheck:
    """Largest ``|computed - expected| / max(|expected|, floor)`` as a :class:`NumericCheck`.

    ``floor = 1`` gives an absolute error for probabilities and an error
    relative to ``max(1, |lambda|)`` for multipliers; a tiny floor gives a
    relative error.  Missing, non-finite or mis-shaped ``computed`` values
    (a solver that did not converge) give ``max_error = inf``, never a skip.
    """
    with mpmath.workdps(DPS):
        exp = [mpmath.mpf(v) for v in np.asarray(expected, dtype=object).ravel()]
        comp = [] if computed is None else [mpmath.mpf(v) for v in _flat(computed)]
        error = math.inf
        if len(comp) == len(exp) and exp and all(mpmath.isfinite(c) for c in comp):
            error = float(max(abs(c - e) / max(abs(e), mpmath.mpf(floor)) for c, e in zip(comp, exp)))
    return NumericCheck(name, description, int(n), error, float(tolerance), method)


def _flat(values):
    try:
        return np.asarray(values, dtype=object).ravel().tolist()
    except ValueError:          # ragged: treated as mis-shaped
        return [math.nan]


def solve(variable, objective, constraints) -> Solution:
    """Solve a cvxpy problem at tight tolerances; the point, the duals in order, the status."""
    problem = cp.Problem(objective, constraints)
    status, tolerance = "not solved", None
    for tolerance, fraction in _ATTEMPTS:
        tolerances = dict.fromkeys(("tol_gap_abs", "tol_gap_rel", "tol_feas", "tol_ktratio"), tolerance)
        try:
            with warnings.catch_warnings():     # "may be inaccurate": the status is judged here
                warnings.simplefilter("ignore")
                problem.solve(max_step_fraction=fraction, **tolerances, **_SOLVER_OPTIONS)
        except cp.error.SolverError as exc:
            status = f"solver error: {exc}"
            continue
        status = str(problem.status)
        if status in _CONVERGED:
            break
    if status.startswith("solver error"):
        return Solution(None, (), status)
    point = None if variable.value is None else np.array(variable.value, dtype=np.float64)
    duals = tuple(None if c.dual_value is None else np.asarray(c.dual_value, dtype=np.float64).ravel()
                  for c in constraints)
    return Solution(point, duals, status, tolerance)


def check_sizes(ns, seed):
    """Validate the problem sizes and the seed of a cross-check."""
    if isinstance(ns, (str, bytes)) or not isinstance(ns, Sequence) or not ns:
        raise TypeError(f"ns must be a non-empty sequence of positive ints, got {ns!r}")
    if any(not isinstance(v, Integral) or isinstance(v, bool) or v < 1 for v in ns):
        raise ValueError(f"ns must hold positive ints, got {ns!r}")
    if not isinstance(seed, Integral) or isinstance(seed, bool):
        raise TypeError(f"seed must be an int, got {seed!r}")

"""Independent numerical cross-check of the three softmax derivations.

Each original optimization problem is handed, as stated, to a convex solver
(cvxpy with its ``entr`` atom, solved by Clarabel) and never to the closed
form.  The solver's optimum and its dual values are then compared with what
the derivation predicts, evaluated in 50-digit mpmath.  Separately, each
closed form is evaluated in float64 by :mod:`derive.numeric` and compared
with the same 50-digit values.

Sign conventions (those of the source documents):
    * max-ent: ``L = H - lambda_1 (sum p - 1) - lambda_2 (sum p z - mu)``,
      stationarity ``-log p_i - 1 - lambda_1 - lambda_2 z_i = 0``;
    * FTRL: ``L = <w, x> + (1/eta) sum w log w + lambda (sum w - 1)``,
      stationarity ``x_i + (1/eta)(1 + log w_i) + lambda = 0``.
  cvxpy's ``constraint.dual_value`` for an equality ``g == 0`` is the ``nu``
  with ``grad(objective) + nu grad(g) = 0`` for Minimize, and
  ``grad(objective) - nu grad(g) = 0`` for Maximize (cvxpy minimizes the
  negated objective).  So for both problems ``dual_value`` is the documents'
  multiplier with no sign change; this was checked empirically (entropy at
  n = 7: dual 0.94591 vs log 7 - 1 = 0.94591; FTRL at eta = 0.5: agreement to 1e-7).

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

from .model import NumericCheck
from .numeric import logsumexp, softmax

__all__ = [
    "entropy_uniform_checks", "maxent_mean_checks", "ftrl_checks", "compare", "Solution",
    "solve_entropy", "solve_maxent", "solve_ftrl",
    "entropy_closed_form", "maxent_closed_form", "ftrl_closed_form", "solve_lambda2",
    "SOLVER_METHOD", "NUMPY_METHOD", "SOLVER_TOLERANCE", "DUAL_TOLERANCE", "NUMPY_TOLERANCE",
]

SOLVER_METHOD = f"cvxpy {cp.__version__} / CLARABEL {clarabel.__version__}"
NUMPY_METHOD = "NumPy (derive.numeric) vs mpmath 50 digits"
SOLVER_TOLERANCE = 1e-6        # absolute, on the optimal probabilities
# Relative to max(1, |lambda|).  A multiplier is recovered through log p_i, so its
# error grows like (error in p_i) / p_i: 1.8e-6 was seen with a p_i of 1.7e-4.
DUAL_TOLERANCE = 1e-5
NUMPY_TOLERANCE = 1e-13        # relative
DPS = 50

_SOLVER_OPTIONS = {
    "solver": cp.CLARABEL, "tol_gap_abs": 1e-12, "tol_gap_rel": 1e-12, "tol_feas": 1e-12,
    "tol_ktratio": 1e-12, "max_iter": 200,
}
# Clarabel sometimes stalls just short of 1e-12 ("AlmostSolved"); a shorter step
# usually gets there.  Only the status picks the attempt, never the closed form.
_STEP_FRACTIONS = (0.8, 0.6, 0.4)
_CONVERGED = ("optimal",)


@dataclass(frozen=True)
class Solution:
    """A solver's answer: the optimal point, the equality duals in order, the status."""

    point: np.ndarray | None
    duals: tuple[float, ...]
    status: str

    @property
    def converged(self) -> bool:
        return self.status in _CONVERGED and self.point is not None and all(
            d is not None and math.isfinite(d) for d in self.duals)


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


# --------------------------------------------------------------------------- solvers

def _solve(variable, objective, constraints) -> Solution:
    problem = cp.Problem(objective, constraints)
    status = "not solved"
    for fraction in _STEP_FRACTIONS:
        try:
            with warnings.catch_warnings():     # "may be inaccurate": the status is judged here
                warnings.simplefilter("ignore", UserWarning)
                problem.solve(max_step_fraction=fraction, **_SOLVER_OPTIONS)
        except cp.error.SolverError as exc:
            return Solution(None, (), f"solver error: {exc}")
        status = str(problem.status)
        if status in _CONVERGED:
            break
    point = None if variable.value is None else np.array(variable.value, dtype=np.float64)
    duals = tuple(None if c.dual_value is None else float(np.asarray(c.dual_value).ravel()[0])
                  for c in constraints)
    return Solution(point, duals, status)


def solve_entropy(n: int) -> Solution:
    """Maximize ``-sum p log p`` subject to ``sum p = 1``; duals ``(lambda_1,)``."""
    p = cp.Variable(n)
    return _solve(p, cp.Maximize(cp.sum(cp.entr(p))), [cp.sum(p) == 1])


def solve_maxent(z: np.ndarray, mu: float) -> Solution:
    """Maximize entropy subject to ``sum p = 1`` and ``sum p z = mu``; duals ``(lambda_1, lambda_2)``."""
    p = cp.Variable(z.size)
    return _solve(p, cp.Maximize(cp.sum(cp.entr(p))), [cp.sum(p) == 1, z @ p == mu])


def solve_ftrl(x: np.ndarray, eta: float) -> Solution:
    """Minimize ``<w, x> + (1/eta) sum w log w`` over the simplex; duals ``(lambda,)``."""
    w = cp.Variable(x.size)
    return _solve(w, cp.Minimize(x @ w - cp.sum(cp.entr(w)) / eta), [cp.sum(w) == 1])


# --------------------------------------------------------------------------- closed forms (mpmath)

def _gibbs(z, lam2):
    """``p_i = exp(-lam2 z_i) / sum_j exp(-lam2 z_j)`` and ``log sum_j exp(-lam2 z_j)``."""
    args = [-lam2 * v for v in z]
    top = max(args)
    exps = [mpmath.exp(a - top) for a in args]
    total = mpmath.fsum(exps)
    return [e / total for e in exps], top + mpmath.log(total)


def entropy_closed_form(n: int):
    """``p_i = 1/n`` and ``lambda_1 = log n - 1`` at 50 digits."""
    with mpmath.workdps(DPS):
        return [mpmath.mpf(1) / n] * n, mpmath.log(n) - 1


def solve_lambda2(z: Sequence[float], mu) -> mpmath.mpf:
    """Root of the derived equation ``sum_i p_i(lambda_2) z_i = mu`` at 50 digits.

    The mean decreases in ``lambda_2`` (its derivative is ``-Var_p(z)``), so a
    bracket is found by doubling and refined by Newton steps kept inside it.
    """
    zs = [mpmath.mpf(float(v)) for v in z]
    with mpmath.workdps(DPS + 10):
        mu = mpmath.mpf(mu)
        if len(zs) < 2 or not min(zs) < mu < max(zs):
            raise ValueError(f"mu must lie strictly between min z and max z, got {mu}")

        def mean_var(lam):
            probs, _ = _gibbs(zs, lam)
            mean = mpmath.fsum(q * v for q, v in zip(probs, zs))
            return mean, mpmath.fsum(q * (v - mean) ** 2 for q, v in zip(probs, zs))

        lo, hi = mpmath.mpf(-1), mpmath.mpf(1)
        for _ in range(200):
            if mean_var(lo)[0] >= mu:
                break
            lo *= 2
        for _ in range(200):
            if mean_var(hi)[0] <= mu:
                break
            hi *= 2
        lam = (lo + hi) / 2
        for _ in range(400):
            mean, var = mean_var(lam)
            if mean == mu or hi - lo < mpmath.mpf(10) ** (-DPS - 5) * max(1, abs(lam)):
                break
            lo, hi = (lam, hi) if mean > mu else (lo, lam)
            step = lam + (mean - mu) / var if var > 0 else lo - 1
            # Newton converges from one side, so also stop once its step is negligible
            if abs(step - lam) < mpmath.mpf(10) ** (-DPS - 5) * max(1, abs(lam)):
                lam = step
                break
            lam = step if lo < step < hi else (lo + hi) / 2
        return +lam


def maxent_closed_form(z: Sequence[float], mu):
    """``(p, lambda_1, lambda_2)`` of the max-ent problem at 50 digits (``n >= 2``)."""
    with mpmath.workdps(DPS):
        lam2 = solve_lambda2(z, mu)
        probs, log_total = _gibbs([mpmath.mpf(float(v)) for v in z], lam2)
        return probs, log_total - 1, lam2


def ftrl_closed_form(x: Sequence[float], eta: float):
    """``w = softmax(-eta x)`` and ``lambda = (log sum exp(-eta x) - 1) / eta`` at 50 digits."""
    with mpmath.workdps(DPS):
        e = mpmath.mpf(float(eta))
        probs, log_total = _gibbs([mpmath.mpf(float(v)) for v in x], e)
        return probs, (log_total - 1) / e


# --------------------------------------------------------------------------- the three cross-checks

def _check_args(ns, seed):
    if isinstance(ns, (str, bytes)) or not isinstance(ns, Sequence) or not ns:
        raise TypeError(f"ns must be a non-empty sequence of positive ints, got {ns!r}")
    if any(not isinstance(v, Integral) or isinstance(v, bool) or v < 1 for v in ns):
        raise ValueError(f"ns must hold positive ints, got {ns!r}")
    if not isinstance(seed, Integral) or isinstance(seed, bool):
        raise TypeError(f"seed must be an int, got {seed!r}")


def entropy_uniform_checks(*, ns=(1, 2, 7, 60), seed: int = 0) -> tuple[NumericCheck, ...]:
    """Entropy alone: the solver's maximizer is uniform and its dual is ``log n - 1``.

    ``seed`` is accepted for a uniform signature; this problem has no random data.
    """
    _check_args(ns, seed)
    out = []
    for n in ns:
        sol = solve_entropy(n)
        probs, lam1 = entropy_closed_form(n)
        ok = sol.converged
        out.append(compare("entropy_uniform.maximizer", "solver maximizer vs the uniform 1/n",
                           n=n, computed=sol.point if ok else None, expected=probs,
                           tolerance=SOLVER_TOLERANCE, method=SOLVER_METHOD))
        out.append(compare("entropy_uniform.lambda1", "solver dual of sum p = 1 vs log n - 1",
                           n=n, computed=sol.duals if ok else None, expected=[lam1],
                           tolerance=DUAL_TOLERANCE, method=SOLVER_METHOD))
        zero = np.zeros(n)   # 1/n is the softmax of a constant vector, log n its log-sum-exp
        out.append(compare("entropy_uniform.closed_form_float64",
                           "1/n and log n - 1 computed as softmax and logsumexp of zeros",
                           n=n, computed=np.append(softmax(zero), logsumexp(zero) - 1.0),
                           expected=probs + [lam1], tolerance=NUMPY_TOLERANCE,
                           method=NUMPY_METHOD, floor=1e-300))
    return tuple(out)


def _maxent_data(n, rng):
    z = rng.normal(0.0, 2.0, n)
    if n == 1:
        return z, float(z[0])
    return z, float(z.min() + (z.max() - z.min()) * rng.uniform(0.1, 0.9))


def maxent_mean_checks(*, ns=(1, 2, 7, 60), seed: int = 0) -> tuple[NumericCheck, ...]:
    """Entropy with a mean constraint: maximizer, both duals, float64 closed form, softmax case.

    At n = 1 the two constraints coincide and only ``lambda_1 + lambda_2 z_1 = -1``
    is determined, so that combination is checked instead of each multiplier;
    the softmax-mean check needs two distinct logits and runs for n >= 2.
    """
    _check_args(ns, seed)
    rng = np.random.default_rng(seed)
    out = []
    for n in ns:
        z, mu = _maxent_data(n, rng)
        sol = solve_maxent(z, mu)
        ok = sol.converged
        if n == 1:
            out.append(compare("maxent_mean.maximizer", "solver maximizer vs p = (1)", n=n,
                               computed=sol.point if ok else None, expected=[1],
                               tolerance=SOLVER_TOLERANCE, method=SOLVER_METHOD))
            combo = [sol.duals[0] + sol.duals[1] * z[0]] if ok else None
            out.append(compare("maxent_mean.multipliers", "solver lambda_1 + lambda_2 z_1 vs -1",
                               n=n, computed=combo, expected=[-1], tolerance=DUAL_TOLERANCE,
                               method=SOLVER_METHOD))
            continue
        probs, lam1, lam2 = maxent_closed_form(z, mu)
        out.append(compare("maxent_mean.maximizer",
                           "solver maximizer vs exp(-lambda_2 z_i) / sum_j exp(-lambda_2 z_j)",
                           n=n, computed=sol.point if ok else None, expected=probs,
                           tolerance=SOLVER_TOLERANCE, method=SOLVER_METHOD))
        out.append(compare("maxent_mean.multipliers",
                           "solver duals vs lambda_1 = log sum exp(-lambda_2 z) - 1 and the root lambda_2",
                           n=n, computed=sol.duals if ok else None, expected=[lam1, lam2],
                           tolerance=DUAL_TOLERANCE, method=SOLVER_METHOD))
        w = -float(lam2) * z
        out.append(compare("maxent_mean.closed_form_float64",
                           "p and lambda_1 from softmax and logsumexp of -lambda_2 z",
                           n=n, computed=np.append(softmax(w), logsumexp(w) - 1.0),
                           expected=probs + [lam1], tolerance=NUMPY_TOLERANCE,
                           method=NUMPY_METHOD, floor=1e-300))
        out.extend(_softmax_mean_checks(z))
    return tuple(out)


def _softmax_mean_checks(z):
    """mu = sum z_i softmax(z)_i must give lambda_2 = -1, in the solver and in the equation."""
    n = z.size
    with mpmath.workdps(DPS):
        zs = [mpmath.mpf(float(v)) for v in z]
        probs, log_total = _gibbs(zs, mpmath.mpf(-1))
        mu = mpmath.fsum(q * v for q, v in zip(probs, zs))
        root = solve_lambda2(z, mu)
    sol = solve_maxent(z, float(mu))
    ok = sol.converged
    return (
        compare("maxent_mean.softmax_mean_maximizer",
                "with mu the mean of z under softmax(z): solver maximizer vs softmax(z)", n=n,
                computed=sol.point if ok else None, expected=probs,
                tolerance=SOLVER_TOLERANCE, method=SOLVER_METHOD),
        compare("maxent_mean.softmax_mean_multipliers",
                "with mu the mean of z under softmax(z): solver duals vs log sum exp(z) - 1 and -1",
                n=n, computed=sol.duals if ok else None, expected=[log_total - 1, -1],
                tolerance=DUAL_TOLERANCE, method=SOLVER_METHOD),
        compare("maxent_mean.softmax_mean_root",
                "root of the derived mean equation at the softmax mean vs -1", n=n,
                computed=[root], expected=[-1], tolerance=1e-40, method="mpmath 50 digits"),
    )


def ftrl_checks(*, ns=(1, 2, 7, 60), seed: int = 0,
                eta=(1.0, 0.5, 3.0)) -> tuple[NumericCheck, ...]:
    """FTRL with entropy regularizer: minimizer ``softmax(-eta x)`` and its multiplier.

    Each check reports the largest error over the learning rates ``eta``.
    """
    _check_args(ns, seed)
    etas = tuple(eta) if isinstance(eta, Sequence) else (eta,)
    if not etas or any(isinstance(e, bool) or not isinstance(e, (int, float))
                       or not 0 < e < math.inf for e in etas):
        raise ValueError(f"eta must be positive finite numbers, got {eta!r}")
    rng = np.random.default_rng(seed)
    out = []
    for n in ns:
        x = rng.normal(0.0, 1.0, n)
        per_eta = [_ftrl_one(x, float(e)) for e in etas]
        for idx in range(3):
            worst = max((checks[idx] for checks in per_eta), key=lambda c: c.max_error)
            out.append(worst)
    return tuple(out)


def _ftrl_one(x, eta):
    n = x.size
    sol = solve_ftrl(x, eta)
    ok = sol.converged
    probs, lam = ftrl_closed_form(x, eta)
    where = f" (worst over the learning rates; this one eta = {eta:g})"
    return (
        compare("ftrl.minimizer", "solver minimizer vs softmax(-eta x)" + where, n=n,
                computed=sol.point if ok else None, expected=probs,
                tolerance=SOLVER_TOLERANCE, method=SOLVER_METHOD),
        compare("ftrl.lambda", "solver dual vs (log sum exp(-eta x) - 1) / eta" + where, n=n,
                computed=sol.duals if ok else None, expected=[lam],
                tolerance=DUAL_TOLERANCE, method=SOLVER_METHOD),
        compare("ftrl.closed_form_float64",
                "softmax(-eta x) and the multiplier from derive.numeric" + where, n=n,
                computed=np.append(softmax(-eta * x), (logsumexp(-eta * x) - 1.0) / eta),
                expected=probs + [lam], tolerance=NUMPY_TOLERANCE, method=NUMPY_METHOD,
                floor=1e-300),
    )

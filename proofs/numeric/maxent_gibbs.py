"""Entropy with a mean constraint, numerically: maximizer, both duals, the float64
closed form and the softmax case (:mod:`proofs.maxent_gibbs`)."""
from __future__ import annotations

import numpy as np
import mpmath

from derive.derivation.model import NumericCheck
from derive.numeric.crosscheck import (DPS, DUAL_TOLERANCE, NUMPY_METHOD, NUMPY_TOLERANCE,
                                       SOLVER_METHOD, SOLVER_TOLERANCE, Solution, check_sizes,
                                       compare, cp, gibbs, solve)
from derive.numeric.kernels import logsumexp, softmax
from typing import Sequence


def solve_maxent(z: np.ndarray, mu: float) -> Solution:
    """Maximize entropy subject to ``sum p = 1`` and ``sum p z = mu``; duals ``(lambda_1, lambda_2)``."""
    p = cp.Variable(z.size)
    return solve(p, cp.Maximize(cp.sum(cp.entr(p))), [cp.sum(p) == 1, z @ p == mu])


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
            probs, _ = gibbs(zs, lam)
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
        probs, log_total = gibbs([mpmath.mpf(float(v)) for v in z], lam2)
        return probs, log_total - 1, lam2


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
    check_sizes(ns, seed)
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
        probs, log_total = gibbs(zs, mpmath.mpf(-1))
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
                computed=[root], expected=[-1], tolerance=1e-40, method="mpmath at 50 digits"),
    )

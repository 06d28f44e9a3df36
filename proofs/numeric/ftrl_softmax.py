"""FTRL with the entropy regularizer, numerically: the minimizer is ``softmax(-eta x)``
with its multiplier (:mod:`proofs.ftrl_softmax`)."""
from __future__ import annotations

import numpy as np
import mpmath

from derive.derivation.model import NumericCheck
from derive.numeric.crosscheck import (DPS, DUAL_TOLERANCE, NUMPY_METHOD, NUMPY_TOLERANCE,
                                       SOLVER_METHOD, SOLVER_TOLERANCE, Solution, check_sizes,
                                       compare, cp, gibbs, solve)
from derive.numeric.kernels import logsumexp, softmax
import math
from typing import Sequence


def solve_ftrl(x: np.ndarray, eta: float) -> Solution:
    """Minimize ``<w, x> + (1/eta) sum w log w`` over the simplex; duals ``(lambda,)``."""
    w = cp.Variable(x.size)
    return solve(w, cp.Minimize(x @ w - cp.sum(cp.entr(w)) / eta), [cp.sum(w) == 1])


def ftrl_closed_form(x: Sequence[float], eta: float):
    """``w = softmax(-eta x)`` and ``lambda = (log sum exp(-eta x) - 1) / eta`` at 50 digits."""
    with mpmath.workdps(DPS):
        e = mpmath.mpf(float(eta))
        probs, log_total = gibbs([mpmath.mpf(float(v)) for v in x], e)
        return probs, (log_total - 1) / e


def ftrl_checks(*, ns=(1, 2, 7, 60), seed: int = 0,
                eta=(1.0, 0.5, 3.0)) -> tuple[NumericCheck, ...]:
    """FTRL with entropy regularizer: minimizer ``softmax(-eta x)`` and its multiplier.

    Each check reports the largest error over the learning rates ``eta``.
    """
    check_sizes(ns, seed)
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

"""Entropy under normalization, numerically: the solver's maximizer is uniform
and its dual is ``log n - 1`` (:mod:`proofs.entropy_uniform`)."""
from __future__ import annotations

import numpy as np
import mpmath

from derive.derivation.model import NumericCheck
from derive.numeric.crosscheck import (DPS, DUAL_TOLERANCE, NUMPY_METHOD, NUMPY_TOLERANCE,
                                       SOLVER_METHOD, SOLVER_TOLERANCE, Solution, check_sizes,
                                       compare, cp, solve)
from derive.numeric.kernels import logsumexp, softmax


def solve_entropy(n: int) -> Solution:
    """Maximize ``-sum p log p`` subject to ``sum p = 1``; duals ``(lambda_1,)``."""
    p = cp.Variable(n)
    return solve(p, cp.Maximize(cp.sum(cp.entr(p))), [cp.sum(p) == 1])


def entropy_closed_form(n: int):
    """``p_i = 1/n`` and ``lambda_1 = log n - 1`` at 50 digits."""
    with mpmath.workdps(DPS):
        return [mpmath.mpf(1) / n] * n, mpmath.log(n) - 1


def entropy_uniform_checks(*, ns=(1, 2, 7, 60), seed: int = 0) -> tuple[NumericCheck, ...]:
    """Entropy alone: the solver's maximizer is uniform and its dual is ``log n - 1``.

    ``seed`` is accepted for a uniform signature; this problem has no random data.
    """
    check_sizes(ns, seed)
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

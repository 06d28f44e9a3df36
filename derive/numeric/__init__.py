"""Numbers: float64 kernels, 50-digit mpmath references, and the solver-based
cross-check of a derivation.

Modules:
    kernels: stable float64 softmax, log-softmax, logsumexp, Jacobian, gradients.
    reference: the same in mpmath at any precision (the yardstick).
    crosscheck: solve at tight tolerances; compare computed and expected values.
    spec: ``CrossCheck`` and ``Case``: what a derivation declares for its cross-check.
    program: a declared ``Problem`` stated for cvxpy, and the dual-value signs.
    formulas: a derivation's formulas at a fixed size, at 50 digits; roots.
    generated: the cross-check of any derivation, generated from its problem.

May import: :mod:`derive.errors`, :mod:`derive.symbols` and the derivation model
(:mod:`derive.derivation.model`, for ``NumericCheck``); no decider.
"""
from .kernels import (LOGIT_KINDS, cross_entropy_grad, log_softmax, logsumexp, mp_cross_entropy_grad,
                      mp_jacobian, mp_log_softmax, mp_logsumexp, mp_softmax, sample_logits,
                      softmax, softmax_jacobian, ulp_error)

__all__ = ["softmax", "log_softmax", "logsumexp", "softmax_jacobian", "cross_entropy_grad",
           "mp_softmax", "mp_log_softmax", "mp_logsumexp", "mp_jacobian", "mp_cross_entropy_grad",
           "ulp_error", "sample_logits", "LOGIT_KINDS"]

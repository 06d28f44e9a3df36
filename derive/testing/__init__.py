"""Assertion helpers for other projects' test suites.

* :func:`assert_identity` turns a verdict of :func:`derive.check` into a test
  assertion.
* :func:`assert_implementation` checks a numerical function (a softmax, its
  Jacobian, a loss) against a symbolic expression, called the way its users
  call it: NumPy arrays or another library's tensors, batched along any axis,
  at float16, bfloat16, float32 or float64, on random and extreme logits.
* :func:`assert_gradient`, :func:`assert_jacobian` and :func:`assert_vjp`
  check a gradient, Jacobian or vector-Jacobian product (autograd or written
  by hand) against the symbolic derivative of an expression.

The default tolerance is ``8 * u * sigma + tiny``: ``u`` and ``tiny`` are the
dtype's unit roundoff (``2**-p``) and smallest normal number, and ``sigma`` is
the first-order error bound of evaluating the expression as written at the
input ``fn`` received, every input entry carrying one rounding of its own size
(``|dz_j| <= u |z_j|``: the backward error of a backward-stable
implementation) -- or, where the entry does not change when each logit vector
is shifted by its maximum (softmax, log-softmax and their derivatives), the
larger of that and the bound at the shifted input, whose entries carry the
rounding of the shift (:mod:`derive.testing.reference` gives the rules,
:mod:`derive.testing.engine` the argument).  Propagated with absolute values,
``sigma_i`` is at least the conditioning ``sum_j |df_i/dz_j| |z_j|``, so every
implementation whose result is exact for inputs perturbed by up to 8 ulps
relative passes; so does ``exp(z - logsumexp z)``, which near a one-hot input
is off by one rounding of the logits' size where the condition number alone
is tiny.  The allowance thus grows where the inputs or the formula are
ill-conditioned (logits of size 1000, ``p (1 - p)`` near a one-hot input, a
sum of many terms) and nowhere else: a softmax off by a constant factor passes
up to about 1e-12 (float64) or 7e-4 (float32) at logits of size 1000, and
4e-15 or 2e-6 at logits of size 3; every bug in
``tests/testing/test_public_bugs.py`` is off by far more.  SciPy,
scikit-learn, PyTorch and JAX stay within ``0.8 * u * sigma`` on every default
input at float64 and float32 (PyTorch's softmax at float16 and bfloat16 too),
ten times inside the rule; ``exp(z - logsumexp z)`` within ``1.4 * u * sigma``.

Modules:
    identity: ``assert_identity``.
    implementation: ``assert_implementation`` and its argument checks.
    derivatives: ``assert_gradient``, ``assert_jacobian``, ``assert_vjp``.
    spec: reading the expression, its inputs and output axes.
    cases: the sizes, kinds, batches and dtypes of the inputs.
    calls: one case: calling ``fn`` and the checks on what it returns.
    engine: all cases, and the comparison with the expression.
    reference, grid: expected values and error bounds, vectorized.
    arrays: dtypes, and converting other libraries' arrays.
    messages: the failure messages.

May import: :mod:`derive.errors`, :mod:`derive.symbols`, the kernel (the
checker, the evaluator, the index normal form), :mod:`derive.numeric` and the
package face.

Example:
    >>> import numpy as np
    >>> from sympy import Sum, exp
    >>> from derive.symbols import z, i, k, n
    >>> def my_softmax(v):
    ...     e = np.exp(v - v.max(axis=-1, keepdims=True))
    ...     return e / e.sum(axis=-1, keepdims=True)
    >>> checked = assert_implementation(my_softmax, exp(z[k]) / Sum(exp(z[i]), (i, 1, n)),
    ...                                 batch=(3,), dtype="float32")
"""
from .derivatives import assert_gradient, assert_jacobian, assert_vjp
from .identity import assert_identity
from .implementation import DEFAULT_KINDS, DEFAULT_NS, assert_implementation

__all__ = ["assert_identity", "assert_implementation", "assert_gradient", "assert_jacobian",
           "assert_vjp", "DEFAULT_NS", "DEFAULT_KINDS"]

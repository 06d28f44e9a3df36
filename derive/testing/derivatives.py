"""Gradients, Jacobians and vector-Jacobian products against the symbolic derivative.

Each helper differentiates the expression with SymPy (with respect to
``family[m]`` for fresh indices ``m`` that range over the family's axes, or
with respect to each explicit symbol), brings the result to the kernel's
index normal form (Kronecker-delta sums collapse: ``sum_i delta_im f(i) =
f(m)``, each step an equality under the index ranges), and hands it to
:func:`assert_implementation`.  So ``assert_gradient(grad, loss)`` checks an
autograd or hand-written gradient with every check and option of
``assert_implementation``; a batch-mean loss is a scalar in a two-index
family, ``(1/N) sum_b loss(X[b, :])``, whose gradient has the family's shape.

Layouts: a gradient has the shape of the input; a Jacobian has the output
axes first, then the input axes (as ``torch.autograd.functional.jacobian``
and ``jax.jacfwd`` return it); a VJP ``vjp(x, v)`` receives a cotangent ``v``
shaped like the output and returns ``sum_k v_k d f_k / d x`` shaped like the
input.
"""
from __future__ import annotations

from itertools import product

from sympy import Dummy, Idx, IndexedBase, Integer, Sum, Symbol, diff

from .. import symbols as _sym
from ..errors import CheckTimeout, DeriveError
from ..kernel.deadline import deadline
from ..kernel.indices import free_indices, normal_form
from .implementation import (_check_expr, _check_family, _extra, _indices, _is_explicit,
                             assert_implementation)
from .spec import _binding, _entries, _family_ranges

__all__ = ["assert_gradient", "assert_jacobian", "assert_vjp", "COTANGENT"]

COTANGENT = IndexedBase("cotangent", real=True)      # the v of a VJP (indexed form)
_COTANGENT_SCALAR = Symbol("cotangent", real=True)  # ... of a scalar output
_SIMPLIFY_SECONDS = 20.0


def _normal(expr):
    """The index normal form of ``expr``, or ``expr`` itself when it cannot be had in time."""
    try:
        with deadline(_SIMPLIFY_SECONDS):
            return normal_form(expr)
    except (DeriveError, RuntimeError, CheckTimeout):   # a guard undecided, out of time, not main thread
        return expr


def _fresh(ranges) -> tuple:
    names = "mlrst"
    return tuple(Idx(Dummy(names[p % len(names)], integer=True), (lo, hi))
                 for p, (lo, hi) in enumerate(ranges))


def _explicit_order(expr, symbols, extra):
    flat, shape, flat_ok = _entries(expr)
    if flat_ok:                 # a column or row Matrix is a vector
        shape = (len(flat),)
    scalars = {key for key in extra if not isinstance(key, IndexedBase)}
    families = {key for key in extra if isinstance(key, IndexedBase)}
    free = {s for e in flat for s in e.free_symbols if isinstance(s, Symbol)}
    free -= scalars | {f.label for f in families}
    return flat, shape, _binding(symbols, free)


def _nested(flat, shape):
    if not shape:
        return flat[0]
    step = len(flat) // shape[0]
    return [_nested(flat[t * step:(t + 1) * step], shape[1:]) for t in range(shape[0])]


def assert_gradient(grad_fn, loss, *, family=_sym.z, symbols=None, extra=None, **options) -> int:
    """Assert that ``grad_fn`` computes the gradient of the scalar ``loss``.

    Args:
        grad_fn: called like ``fn`` of :func:`assert_implementation`; returns an
            array shaped like its (first) input.
        loss: a scalar SymPy expression: general-n in ``family`` (for a
            batch-mean loss, a two-index family such as ``X[b, k]``), or in
            explicit ``symbols``.
        family, symbols, extra: as for :func:`assert_implementation`.
        **options: any other option of :func:`assert_implementation`.

    Returns:
        the number of entries compared.

    Raises:
        AssertionError: as :func:`assert_implementation`.
        TypeError, ValueError: bad arguments, or a ``loss`` with a free index.
    """
    _check_expr(loss, "loss")
    _check_family(family)
    extra = _extra(extra)
    if _is_explicit(loss, family, symbols):
        flat, shape, order = _explicit_order(loss, symbols, extra)
        if shape:
            raise ValueError("loss must be a scalar expression; for a list or Matrix use "
                             "assert_jacobian or assert_vjp")
        return assert_implementation(grad_fn, [diff(flat[0], s) for s in order], symbols=order,
                                     extra=extra, **options)
    if free_indices(loss):
        raise ValueError(f"loss must be a scalar, but it has the free indices "
                         f"{', '.join(map(str, free_indices(loss)))}: use assert_jacobian or assert_vjp")
    ms = _fresh(_family_ranges(loss, family, "family", (Integer(1), _sym.n)))
    gradient = _normal(diff(loss, family[ms]))
    return assert_implementation(grad_fn, gradient, family=family, indices=ms, extra=extra, **options)


def assert_jacobian(jac_fn, expr, *, family=_sym.z, indices=None, symbols=None, extra=None,
                    **options) -> int:
    """Assert that ``jac_fn`` computes the Jacobian of ``expr``: output axes, then input axes.

    Args:
        jac_fn: returns ``J[out..., in...] = d expr[out...] / d input[in...]``.
        expr: as for :func:`assert_implementation`.
        family, indices, symbols, extra: as for :func:`assert_implementation`.
        **options: any other option of :func:`assert_implementation`.

    Returns:
        the number of entries compared.
    """
    _check_expr(expr)
    _check_family(family)
    extra = _extra(extra)
    if _is_explicit(expr, family, symbols):
        flat, shape, order = _explicit_order(expr, symbols, extra)
        rows = [diff(e, s) for e in flat for s in order]
        return assert_implementation(jac_fn, _nested(rows, tuple(shape) + (len(order),)),
                                     symbols=order, extra=extra, **options)
    out = _indices(expr, indices)
    ms = _fresh(_family_ranges(expr, family, "family", (Integer(1), _sym.n)))
    jacobian = _normal(diff(expr, family[ms]))
    return assert_implementation(jac_fn, jacobian, family=family, indices=out + ms, extra=extra,
                                 **options)


def _cotangent_draw(size_or_shape, rng):
    return rng.normal(0.0, 1.0, size_or_shape)


def _scalar_cotangent(size, rng):
    return float(rng.normal(0.0, 1.0))


def assert_vjp(vjp_fn, expr, *, family=_sym.z, indices=None, symbols=None, extra=None,
               **options) -> int:
    """Assert that ``vjp_fn(x, v, *extras)`` computes ``sum_k v_k d expr_k / d x``.

    The cotangent ``v`` is drawn from a standard normal distribution, shaped
    like the output (a number for a scalar ``expr``), and passed right after
    the input.

    Args:
        vjp_fn: returns an array shaped like its first input.
        expr: as for :func:`assert_implementation`.
        family, indices, symbols, extra: as for :func:`assert_implementation`.
        **options: any other option of :func:`assert_implementation`.

    Returns:
        the number of entries compared.
    """
    _check_expr(expr)
    _check_family(family)
    extra = _extra(extra)
    if _is_explicit(expr, family, symbols):
        flat, shape, order = _explicit_order(expr, symbols, extra)
        if shape:
            cotangents = [COTANGENT[tuple(p + 1 for p in pos)]
                          for pos in product(*(range(size) for size in shape))]
            weighted = sum((c * e for c, e in zip(cotangents, flat)), Integer(0))
            cot = {COTANGENT: _cotangent_draw}
        else:
            weighted, cot = _COTANGENT_SCALAR * flat[0], {_COTANGENT_SCALAR: _scalar_cotangent}
        return assert_implementation(vjp_fn, [diff(weighted, s) for s in order], symbols=order,
                                     extra={**cot, **extra}, **options)
    out = _indices(expr, indices)
    ms = _fresh(_family_ranges(expr, family, "family", (Integer(1), _sym.n)))
    if out:
        weighted = COTANGENT[out] * expr
        for idx in reversed(out):
            lo, hi = (idx.lower, idx.upper) if isinstance(idx, Idx) and idx.lower is not None \
                else (Integer(1), _sym.n)
            weighted = Sum(weighted, (idx, lo, hi))
        cot = {COTANGENT: _cotangent_draw}
    else:
        weighted, cot = _COTANGENT_SCALAR * expr, {_COTANGENT_SCALAR: _scalar_cotangent}
    vjp = _normal(diff(weighted, family[ms]))
    return assert_implementation(vjp_fn, vjp, family=family, indices=ms, extra={**cot, **extra},
                                 **options)


"""Assertion helpers for other projects' test suites.

``assert_identity`` turns a verdict of :func:`derive.check` into a test
assertion.  ``assert_implementation`` checks a NumPy function (a softmax, its
Jacobian, a cross-entropy gradient) against a symbolic expression over general
``n``, at random and extreme logits: values of +-1000, ties, ``n = 1`` and large
``n``.  The expression is evaluated in mpmath by :func:`derive.kernel.evaluate.evaluate`.

Example:
    >>> import numpy as np
    >>> from sympy import Sum, exp
    >>> from derive.symbols import z, i, k, n
    >>> def my_softmax(v):
    ...     e = np.exp(v - v.max())
    ...     return e / e.sum()
    >>> checked = assert_implementation(my_softmax, exp(z[k]) / Sum(exp(z[i]), (i, 1, n)),
    ...                                 ns=(1, 3), kinds=("large",))
"""
from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from itertools import product
from numbers import Integral, Real
from typing import Any, Callable

import mpmath
import numpy as np
from sympy import Basic, Expr, Float, Idx, IndexedBase, Sum, Symbol
from sympy.core.relational import Relational

from . import symbols as _sym
from .kernel.checker import check
from .kernel.evaluate import Unevaluable, evaluate
from .numeric.kernels import LOGIT_KINDS, sample_logits
from .kernel.verdict import Verdict

__all__ = ["assert_identity", "assert_implementation"]

_ALL_ENTRIES = 400          # up to this many output entries, every one is compared
_SAMPLED_POSITIONS = 8      # otherwise, per axis: ends, argmax, argmin and a few random ones
_SHOWN = 2000               # characters of an expression shown in a message


def assert_identity(claim_or_lhs, rhs=None, *, given=(), timeout: float = 10.0,
                    allow_vacuous: bool = False, cache=True) -> Verdict:
    """Assert that the engine proves a claim (or ``lhs == rhs``).

    Args:
        claim_or_lhs: a SymPy relation (``Eq``, ``<=``, ...) or, with ``rhs``, a left-hand side.
        rhs: the right-hand side, or None when the first argument is the whole claim.
        given: hypotheses, as for :func:`derive.check`.
        timeout: seconds for the checker.
        allow_vacuous: accept a proof that holds only because the hypotheses
            contradict each other (method "vacuous").  Off by default: such a
            "proof" says nothing about the claim, and usually means a typo in
            ``given``.
        cache: as for :func:`derive.check`, but on by default: a claim proved (or
            refuted) once is answered from the persistent verdict cache
            (``DERIVE_CACHE_DIR``, else the user cache folder) until the claim or the
            engine changes.  ``DERIVE_NO_CACHE=1`` or ``cache=False`` checks afresh.

    Returns:
        the proved :class:`Verdict`.

    Raises:
        AssertionError: unless the verdict is "proved" (and not vacuous, unless
            allowed); the message shows both sides, the status, the method,
            the detail and any counterexample.
        TypeError, ValueError: bad arguments, from :func:`derive.check`.
    """
    if not isinstance(allow_vacuous, bool):
        raise TypeError(f"allow_vacuous must be True or False, got {allow_vacuous!r}")
    if rhs is None:
        verdict = check(claim_or_lhs, given=given, timeout=timeout, cache=cache)
    else:
        verdict = check(claim_or_lhs, rhs, given=given, timeout=timeout, cache=cache)
    if verdict.proved and (allow_vacuous or not _vacuous(verdict)):
        return verdict
    raise AssertionError(_identity_message(claim_or_lhs, rhs, verdict))


def _vacuous(verdict: Verdict) -> bool:
    """The proof rests (in some part) on contradictory or false hypotheses."""
    return "vacuous" in verdict.method.split(" + ")


def _identity_message(claim_or_lhs, rhs, verdict: Verdict) -> str:
    if rhs is not None:
        sides = [("lhs", claim_or_lhs), ("rhs", rhs)]
    elif isinstance(claim_or_lhs, Relational):
        sides = [("lhs", claim_or_lhs.lhs), ("relation", claim_or_lhs.rel_op),
                 ("rhs", claim_or_lhs.rhs)]
    else:
        sides = [("claim", claim_or_lhs)]
    head = ("proved only vacuously: the hypotheses contradict each other "
            "(pass allow_vacuous=True to accept this)" if verdict.proved else verdict.status)
    lines = [f"identity not proved: {head}"]
    lines += [f"  {label}: {_shorten(str(value))}" for label, value in sides]
    lines += [f"  status: {verdict.status}", f"  method: {verdict.method}",
              f"  detail: {verdict.detail or '(none)'}"]
    if verdict.counterexample:
        pairs = ", ".join(f"{key} = {val}" for key, val in verdict.counterexample.items())
        lines.append(f"  counterexample: {_shorten(pairs)}")
    return "\n".join(lines)


def _shorten(text: str) -> str:
    return text if len(text) <= _SHOWN else text[:_SHOWN] + f" ... ({len(text)} characters)"


# --------------------------------------------------------------------------- implementations

def assert_implementation(fn: Callable, expr, *, family=_sym.z, indices=(_sym.k,), extra=None,
                          ns=(1, 2, 3, 10, 1000), kinds=("normal", "large", "ties"),
                          rtol: float = 1e-9, atol: float = 1e-12, seed: int = 0) -> int:
    """Assert that ``fn`` computes ``expr`` at random and extreme inputs.

    For each ``n`` in ``ns`` and each kind in ``kinds`` (see
    ``derive.numeric.LOGIT_KINDS``), logits are drawn, ``fn(logits, *extras)`` is
    called, and its entries are compared with ``expr`` evaluated in mpmath:
    ``|got - expected| <= atol + rtol * |expected|``.  Up to 400 output entries
    are all compared; beyond that a sample including the ends, the argmax and
    the argmin of the logits along each axis.  The reference uses 50 digits
    (30 for n > 100), so where ``expr`` itself cancels (``p_k (1 - p_k)`` near a
    one-hot input) keep ``atol`` well above ``1e-30``.

    Args:
        fn: the implementation; takes a 1-D float64 array (and the extras).
        expr: a SymPy expression over general ``n``, such as
            ``exp(z[k]) / Sum(exp(z[i]), (i, 1, n))`` or ``p_k (delta_kj - p_j)``.
        family: the IndexedBase the logits bind to.
        indices: the free indices of ``expr``, mapped in order to the output axes.
        extra: further inputs, ``{symbol_or_family: value or callable(n, rng)}``;
            passed to ``fn`` positionally after the logits, in this order.
        ns: dimensions to try.
        kinds: logit kinds to try.
        rtol, atol: tolerances.
        seed: seed of the input generator.

    Returns:
        the number of entries compared (always positive).

    Raises:
        AssertionError: on the first disagreement, overflow, NaN or inf, wrong
            shape or exception in ``fn``; the message shows the input and the entry.
        TypeError, ValueError: bad arguments; the message names the argument.
    """
    extras, ns, kinds = _validate(fn, expr, family, indices, extra, ns, kinds, rtol, atol, seed)
    rng = np.random.default_rng(seed)
    compared = 0
    for size, kind in product(ns, kinds):
        logits = sample_logits(size, kind, rng)
        values = [(key, _extra_value(key, make, size, rng)) for key, make in extras]
        case = _Case(fn, expr, family, tuple(indices), size, kind, logits, values)
        compared += case.run(rtol, atol, rng)
    return compared


def _validate(fn, expr, family, indices, extra, ns, kinds, rtol, atol, seed):
    if not callable(fn):
        raise TypeError(f"fn must be callable, got {type(fn).__name__}")
    if not isinstance(expr, Expr) or isinstance(expr, Relational):
        raise TypeError(f"expr must be a SymPy expression, got {type(expr).__name__}"
                        + ("; strings are never evaluated" if isinstance(expr, str) else ""))
    if not isinstance(family, IndexedBase):
        raise TypeError(f"family must be a SymPy IndexedBase, got {type(family).__name__}")
    if isinstance(indices, (str, Basic)) or not isinstance(indices, Sequence):
        raise TypeError(f"indices must be a tuple of SymPy Idx or Symbol, got {indices!r}")
    if not all(isinstance(idx, (Idx, Symbol)) for idx in indices) or len(set(indices)) != len(indices):
        raise ValueError(f"indices must be distinct SymPy Idx or Symbol objects, got {indices!r}")
    if extra is None:
        extra = {}
    if not isinstance(extra, Mapping):
        raise TypeError(f"extra must be a mapping from symbols or families to values, got {extra!r}")
    if not all(isinstance(key, (Symbol, IndexedBase)) for key in extra):
        raise TypeError(f"extra keys must be SymPy Symbols or IndexedBases, got {list(extra)!r}")
    ns = tuple(ns) if isinstance(ns, Sequence) and not isinstance(ns, str) else None
    if not ns or any(isinstance(v, bool) or not isinstance(v, Integral) or v < 1 for v in ns):
        raise ValueError(f"ns must be a non-empty sequence of positive ints, got {ns!r}")
    kinds = tuple(kinds) if isinstance(kinds, Sequence) and not isinstance(kinds, str) else None
    if not kinds or any(kind not in LOGIT_KINDS for kind in kinds):
        raise ValueError(f"kinds must be a non-empty sequence drawn from {LOGIT_KINDS}, got {kinds!r}")
    for name, tol in (("rtol", rtol), ("atol", atol)):
        if isinstance(tol, bool) or not isinstance(tol, Real) or not 0 <= tol < math.inf:
            raise ValueError(f"{name} must be a finite number >= 0, got {tol!r}")
    if isinstance(seed, bool) or not isinstance(seed, Integral):
        raise TypeError(f"seed must be an int, got {seed!r}")
    return tuple(extra.items()), tuple(int(v) for v in ns), kinds


def _extra_value(key, make, size, rng):
    value = make(size, rng) if callable(make) else make
    if isinstance(key, IndexedBase):
        arr = np.array(value, dtype=np.float64)
        if arr.ndim < 1 or arr.shape[0] != size:
            raise ValueError(f"extra[{key}] must have length n = {size}, got shape {arr.shape}")
        return arr
    return value


def _summary(arr: np.ndarray) -> str:
    if arr.size <= 12:
        return np.array2string(arr, precision=17, separator=", ", max_line_width=200)
    head = ", ".join(repr(float(v)) for v in arr[:4])
    tail = ", ".join(repr(float(v)) for v in arr[-2:])
    low, high = float(arr.min()), float(arr.max())
    return f"[{head}, ..., {tail}] (n = {arr.size}, min {low!r}, max {high!r} at index {int(np.argmax(arr))})"


class _Case:
    """One input: call ``fn`` once, then compare the chosen entries with ``expr``."""

    def __init__(self, fn, expr, family, indices, size, kind, logits, extras):
        self.fn, self.expr, self.family, self.indices = fn, expr, family, indices
        self.size, self.kind, self.logits, self.extras = size, kind, logits, extras
        self.dps = 50 if size <= 100 else 30

    def run(self, rtol, atol, rng) -> int:
        got = self._call()
        env = self._env()
        expr = self._precompute_sums(env)
        entries = self._entries(rng)
        for entry in entries:
            point = {**env, **{idx: pos + 1 for idx, pos in zip(self.indices, entry)}}
            try:
                expected = evaluate(expr, point, dps=self.dps)
            except (Unevaluable, ZeroDivisionError, TypeError) as exc:
                raise ValueError(f"expr cannot be evaluated with the given family, indices and "
                                 f"extra: {exc}") from None
            value = got[entry] if entry else got[()]
            with mpmath.workdps(self.dps):
                diff = abs(mpmath.mpf(float(value)) - expected)
                allowed = atol + rtol * abs(expected)
                if not diff <= allowed:
                    self._fail(f"entry {self._where(entry)}: got {float(value)!r}, expected "
                               f"{mpmath.nstr(expected, 17)} (|difference| = {mpmath.nstr(diff, 3)}"
                               f" > atol + rtol*|expected| = {mpmath.nstr(allowed, 3)})")
        return len(entries)

    def _call(self) -> np.ndarray:
        args = [self.logits.copy()] + [np.copy(v) if isinstance(v, np.ndarray) else v
                                       for _, v in self.extras]
        try:
            with np.errstate(over="raise", invalid="raise"):
                out = self.fn(*args)
        except FloatingPointError as exc:
            self._fail(f"fn overflowed or produced an invalid value ({exc})", exc)
        except Exception as exc:  # noqa: BLE001 - any error of the user's code is a failure
            self._fail(f"fn raised {type(exc).__name__}: {exc}", exc)
        try:
            got = np.asarray(out, dtype=np.float64)
        except (TypeError, ValueError) as exc:
            self._fail(f"fn returned {type(out).__name__}, not an array of real numbers ({exc})")
        shape = (self.size,) * len(self.indices)
        if got.shape != shape:
            self._fail(f"fn returned shape {got.shape}, expected {shape} "
                       f"(one axis of length n per index {', '.join(map(str, self.indices))})")
        bad = np.argwhere(~np.isfinite(got))
        if bad.size:
            entry = tuple(int(v) for v in bad[0])
            self._fail(f"fn returned {got[entry] if entry else got[()]} at entry {self._where(entry)}"
                       f" ({len(bad)} non-finite entries)")
        return got

    def _env(self) -> dict:
        env: dict[Any, Any] = {_sym.n: self.size, self.family: self.logits.tolist()}
        for key, value in self.extras:
            env[key] = value.tolist() if isinstance(value, np.ndarray) else value
        return env

    def _precompute_sums(self, env):
        """Evaluate once the sums that do not depend on the output indices."""
        values = {}
        for total in self.expr.atoms(Sum):
            try:
                values[total] = Float(evaluate(total, env, dps=self.dps + 5), self.dps + 5)
            except (Unevaluable, ZeroDivisionError, TypeError):
                continue                    # depends on an index: evaluated per entry
        return self.expr.xreplace(values) if values else self.expr

    def _entries(self, rng) -> list[tuple[int, ...]]:
        axes = len(self.indices)
        if self.size ** axes <= _ALL_ENTRIES:
            return list(product(range(self.size), repeat=axes))
        chosen = {0, self.size - 1, int(np.argmax(self.logits)), int(np.argmin(self.logits))}
        extra = _SAMPLED_POSITIONS - len(chosen)
        chosen.update(int(v) for v in rng.choice(self.size, size=extra, replace=False))
        return list(product(sorted(chosen), repeat=axes))

    def _where(self, entry) -> str:
        named = ", ".join(f"{idx} = {pos + 1}" for idx, pos in zip(self.indices, entry))
        return f"{list(entry)} ({named or 'scalar'})"

    def _fail(self, what: str, cause: BaseException | None = None):
        lines = [f"implementation check failed at n = {self.size}, logits of kind "
                 f"{self.kind!r}: {what}",
                 f"  expr: {_shorten(str(self.expr))}",
                 f"  input {self.family} = {_summary(self.logits)}"]
        for key, value in self.extras:
            shown = _summary(value) if isinstance(value, np.ndarray) else repr(value)
            lines.append(f"  input {key} = {shown}")
        raise AssertionError("\n".join(lines)) from cause

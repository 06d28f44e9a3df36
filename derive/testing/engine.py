"""Run one check: every case called and checked (:mod:`.calls`), every entry compared.

The cases that share their sizes are compared together: their inputs are
stacked along the batch axis, so the reference (:mod:`.reference`) walks the
expression once per size rather than once per logit kind.  The earliest case
with a confirmed disagreement is reported, at its worst entry.

Agreement: ``|got - expected| <= TOLERANCE * u * sigma + tiny``, where ``u``
and ``tiny`` are the dtype's unit roundoff and smallest normal number, and
``sigma`` is the first-order error bound of the expression as written
(:mod:`.reference`) at the input ``fn`` received with *every input entry
carrying one rounding of its own size* (``|dz_j| <= u |z_j|``, extras and
scalars too) -- the backward error of a backward-stable implementation -- plus
one rounding per operation.  Where the entry is unchanged when each logit
vector (each fibre along the class axis) is shifted by its maximum (softmax,
log-softmax and their derivatives), sigma is the larger of that and the same
bound at the shifted input, each shifted entry carrying ``|z_k - max z|``.
The shift is made exactly, in double-double, and the two reference values
must agree to ``2**-60`` of sigma for the entry to count as unchanged.

Why this rule (the tolerance model):

* *Every backward-stable implementation passes.*  Such an implementation
  returns ``f(z + dz)`` (to a rounding) with ``|dz_j| <= k u |z_j|``, so output
  ``i`` moves by at most ``k u sum_j |df_i/dz_j| |z_j|`` (first order).  The
  bound propagates the perturbations with absolute values through every
  operation, so it is at least that sum for every sign pattern of ``dz``
  (the triangle inequality applied to the chain rule): ``sigma_i >=
  sum_j |df_i/dz_j| |z_j|``, checked in ``tests/testing/test_reference.py``.
  ``k`` up to ``TOLERANCE`` passes.
* *So do stable rewrites the condition number alone would fail.*  Near a
  one-hot input at logits of size ``M``, ``sum_j |dp_i/dz_j| |z_j|`` is about
  ``2 p_i (1 - p_i) M``, tiny, while ``exp(z - logsumexp z)`` (SciPy 1.2-1.4's
  softmax, and a common hand-written one) is off by ``p_i u |logsumexp z|``:
  its result is the softmax of no nearby input (its entries sum to ``exp(-eta)``,
  ``|eta|`` up to ``u |logsumexp z|``), but the softmax times the rounding
  ``eta`` of the shift.
  The bound of the formula as written does not let the perturbations of the
  numerator and the denominator cancel, so it charges ``p_i u (|z_i| +
  sum_j p_j |z_j|) >= p_i u |logsumexp z| - p_i u log n``: that rewrite
  passes, at the cost of allowing any error of that size.
* *Nothing larger passes.*  The allowance is ``TOLERANCE`` roundings of the
  logits' size: a softmax off by a constant factor passes up to about ``1e-12``
  (float64) and ``7e-4`` (float32) at logits of size 1000, ``4e-15`` and
  ``2e-6`` at logits of size 3.  A bug
  from public code is off by far more (a lost maximum overflows, a wrong axis
  or a missing ``1/m`` is off by O(1)).  One rounding of a logit of size 1000
  is 0.49 in float16 (3.9 in bfloat16), so the output is known only to a
  factor ``e**0.49``: no tolerance can then tell a bug from a stable rewrite,
  and the first-order model itself holds only while ``TOLERANCE * u * |z|``
  is well below 1.

With ``rtol``/``atol`` given, the rule is ``atol + rtol * |expected|``
instead.  An expected value beyond the dtype's range must come back as the
infinity of its sign.

A disagreement found with the vectorized reference is confirmed with the
50-digit mpmath evaluator (:func:`derive.kernel.evaluate.evaluate`) before it
is reported, so a failure is a counterexample in high precision.
"""
from __future__ import annotations

from dataclasses import dataclass
from itertools import groupby
from typing import Callable

import mpmath
import numpy as np
from sympy import Indexed

from ..kernel.evaluate import Unevaluable, evaluate
from ..numeric.wide import _two_sum
from .arrays import TOLERANCE, DType
from .calls import Called
from .cases import cases
from .messages import fail
from .grid import NEG
from .reference import Grid, evaluate_grid
from .spec import Spec, at_sizes, axis_lengths

__all__ = ["Options", "run", "FULL_ENTRIES", "BLOCK", "MAX_INPUT", "MAX_OUTPUT"]

MAX_INPUT = 1 << 21         # entries of fn's inputs in one call: the reference holds ~300 bytes each
MAX_OUTPUT = 1 << 24        # entries of fn's output in one call: two float64 copies are kept
FULL_ENTRIES = 1 << 21      # per slice up to this many output entries are all compared
BLOCK = 256                 # beyond that, this many positions per output axis
_CHUNK = 1 << 18            # entries evaluated at once (bounds the memory of the reference)
_CONFIRM = 40               # disagreements re-checked in mpmath before the reference is doubted
_SAME = 60                  # log2 of the gap, below sigma, at which two reference values agree


@dataclass(frozen=True)
class Options:
    """The validated options of one check (see ``assert_implementation``)."""

    dtype: DType
    batch: tuple
    axis: int
    ns: tuple
    dims: dict
    kinds: tuple
    rtol: float | None
    atol: float | None
    seed: int
    wrap: Callable | None
    deterministic: bool
    timeout: float | None = None


def _size_key(case):
    return tuple(sorted(((str(k), v) for k, v in case.sizes.items())))


def run(fn, spec: Spec, opts: Options) -> int:
    """Check ``fn`` on every case; the number of entries compared.

    Raises:
        AssertionError: the first failure, with its message.
    """
    rng = np.random.default_rng(opts.seed)
    every = cases(spec, opts.ns, opts.dims, opts.kinds)
    for case in every:
        _check_size(spec, opts, case)
    compared = 0
    for _, group in groupby(every, key=_size_key):
        called = [Called(fn, spec, opts, case, rng).run() for case in group]
        # cases whose scalar inputs differ cannot share one evaluation
        for _, same in groupby(called, key=lambda c: tuple(sorted(map(str, c.inputs.scalars.items())))):
            compared += _Group(spec, opts, list(same), rng).compare()
    return compared


def _check_size(spec: Spec, opts: Options, case) -> None:
    """Refuse, before anything is drawn, a case too large to draw, copy and compare."""
    slices = int(np.prod(opts.batch)) if opts.batch else 1
    shapes = [spec.ranges] + [e.ranges for e in spec.extras if e.ranges]
    inputs = slices * sum(int(np.prod(axis_lengths(r, case.sizes), dtype=object)) for r in shapes)
    axes = axis_lengths([(lo, hi) for _, lo, hi in spec.axes], case.sizes)
    outputs = slices * int(np.prod(axes + tuple(spec.shape), dtype=object))
    if inputs > MAX_INPUT or outputs > MAX_OUTPUT:
        sizes = ", ".join(f"{key} = {value}" for key, value in sorted(case.sizes.items(), key=str))
        raise ValueError(f"at {sizes or 'these sizes'} with batch {tuple(opts.batch)}, fn's inputs "
                         f"would have {inputs:,} entries and its output {outputs:,}; at most "
                         f"{MAX_INPUT:,} and {MAX_OUTPUT:,} are checked: lower ns, dims or batch")


class _Group:
    """Cases of one size, compared together: their slices stacked along axis 0."""

    def __init__(self, spec: Spec, opts: Options, called: list, rng):
        self.spec, self.opts, self.called, self.rng = spec, opts, called, rng
        first = called[0]
        self.case, self.out_shape, self.lowers = first.case, first.out_shape, first.lowers
        self.per_case = first.slices
        self.slices = first.slices * len(called)
        self.main = np.concatenate([c.inputs.main for c in called])
        self.families = {key: np.concatenate([c.inputs.families[key] for c in called])
                         for key in first.inputs.families}
        self.scalars = first.inputs.scalars
        self.got = np.concatenate([c.got for c in called])

    def _owner(self, slice_: int):
        """(the Called the stacked slice belongs to, its slice there)."""
        return self.called[slice_ // self.per_case], slice_ % self.per_case

    def _positions(self):
        lengths = self.out_shape[:len(self.spec.axes)]
        if int(np.prod(lengths)) <= FULL_ENTRIES:
            return [np.arange(size) for size in lengths], False
        chosen = []
        main = self.main.reshape(self.slices, -1)
        for size in lengths:
            picks = {0, 1, 2, size - 3, size - 2, size - 1}
            if main.shape[1] == size:
                picks |= {int(v) for v in np.argmax(main, axis=1)} | {int(v) for v in np.argmin(main, axis=1)}
            rest = np.setdiff1d(np.arange(size), sorted(picks))
            extra = max(0, BLOCK - len(picks))
            picks |= {int(v) for v in self.rng.choice(rest, size=min(extra, rest.size), replace=False)}
            chosen.append(np.array(sorted(picks)))
        return chosen, True

    def _grid(self, b0, b1, positions, model) -> Grid:
        # every input entry carries one rounding of its own size (carry None): the backward error
        # of a backward-stable implementation; shifted entries carry the rounding of the shift
        main, lows = self.main[b0:b1], {}
        if model == "shifted":
            top = np.max(main, axis=1 + self.spec.fibre, keepdims=True)
            main, low = _two_sum(main, -top)          # main - top exactly, as hi + lo
            lows = {self.spec.family: low}
        families = {self.spec.family: (main, self.lowers)}
        for extra in self.spec.extras:
            if extra.ranges:
                lowers = tuple(at_sizes(lo, self.case.sizes) for lo, _ in extra.ranges)
                families[extra.key] = (self.families[extra.key][b0:b1], lowers)
        axes = [(idx, pos + at_sizes(lo, self.case.sizes))
                for (idx, lo, _), pos in zip(self.spec.axes, positions)]
        return Grid(b1 - b0, families, self.scalars, dict(self.case.sizes), axes, lows, None)

    def _walk(self, b0, b1, positions, model):
        """(value hi, value lo, log2 sigma) of one error model, shaped like the compared entries."""
        try:
            if self.spec.axes or not self.spec.binding:
                value, ls = evaluate_grid(self.spec.entries[0], self._grid(b0, b1, positions, model))
                hi, lo = value.pair()
                return hi, lo, ls
            parts = [evaluate_grid(e, self._grid(b0, b1, [], model)) for e in self.spec.entries]
        except (Unevaluable, ZeroDivisionError, TypeError) as exc:
            raise ValueError(f"expr cannot be evaluated with the given family, indices and extra: "
                             f"{exc}") from None
        shape = (b1 - b0,) + tuple(self.spec.shape)
        pairs = [v.pair() for v, _ in parts]
        return (np.stack([p[0] for p in pairs], axis=-1).reshape(shape),
                np.stack([p[1] for p in pairs], axis=-1).reshape(shape),
                np.stack([np.broadcast_to(s, (b1 - b0,)) for _, s in parts], axis=-1).reshape(shape))

    def _reference(self, b0, b1, positions):
        """(value hi, value lo, log2 sigma, invariant) at the block, shaped like the compared entries.

        ``sigma`` is the bound of ``expr`` as written at this input, every entry carrying one
        rounding of its size; where the entry does not change when each logit vector is
        shifted by its maximum (``invariant``), the larger of that and the bound at the
        shifted input, whose entries carry the rounding of the shift.  See the module docstring.
        """
        hi, lo, lexact = self._walk(b0, b1, positions, "input")
        try:
            shi, slo, lshift = self._walk(b0, b1, positions, "shifted")
        except ValueError:      # no value at the shifted input (a branch that no longer applies)
            return hi, lo, lexact, np.zeros(np.shape(hi), dtype=bool)
        with np.errstate(invalid="ignore", divide="ignore", over="ignore"):
            gap = np.log2(np.abs((hi - shi) + (lo - slo)))
            scale = np.maximum(np.maximum(lexact, lshift), np.log2(np.abs(hi)))
            # the same value to within the reference's own accuracy (~2**-70 of sigma)
            invariant = np.isfinite(hi) & ((gap == NEG) | (gap <= scale - _SAME))
        return hi, lo, np.where(invariant, np.maximum(lexact, lshift), lexact), invariant

    def _allowed(self, hi, ls):
        o = self.opts
        if o.rtol is not None or o.atol is not None:
            return (o.atol or 0.0) + (o.rtol or 0.0) * np.abs(hi)
        with np.errstate(over="ignore"):
            return TOLERANCE * o.dtype.u * np.exp2(ls) + o.dtype.tiny

    def compare(self) -> int:
        got = self.got
        positions, sampled = self._positions() if self.spec.axes else ([], False)
        per_slice = int(np.prod([len(p) for p in positions])) if positions else int(np.prod(self.spec.shape))
        # a block's arrays span its compared entries and, inside a Sum, its input entries
        inputs = self.main[0].size + sum(a[0].size for a in self.families.values())
        bstep = max(1, _CHUNK // max(per_slice, inputs, 1))
        chunks = [positions]
        if positions and per_slice > _CHUNK:       # a large output: blocks of rows of its first axis
            rows = positions[0]
            step = max(1, _CHUNK * len(rows) // per_slice)
            chunks = [[rows[r:r + step]] + positions[1:] for r in range(0, len(rows), step)]
        compared = 0
        for b0 in range(0, self.slices, bstep):
            b1 = min(self.slices, b0 + bstep)
            for block in chunks:
                compared += self._compare_block(got, b0, b1, block, positions, sampled)
        return compared

    def _compare_block(self, got, b0, b1, block, positions, sampled) -> int:
        hi, lo, ls, invariant = self._reference(b0, b1, block)
        if np.any(np.isnan(hi)):
            where = tuple(int(v) for v in np.argwhere(np.isnan(hi))[0])
            called, slice_ = self._owner(b0 + where[0])
            raise ValueError(called.failure.plain(
                f"expr is undefined at this input (a logarithm of a non-positive number, a division "
                f"by zero, or an index outside its family), at entry {list(where[1:])}", slice_))
        idx = np.ix_(np.arange(b0, b1), *block) if block else (slice(b0, b1),)
        values = got[idx]
        allowed = self._allowed(hi, ls)
        with np.errstate(invalid="ignore", over="ignore"):
            diff = np.abs((values - hi) - lo)
            over = np.abs(hi) > self.opts.dtype.largest
            ok = np.where(over, values == np.sign(hi) * np.inf, np.isfinite(values) & (diff <= allowed))
            ratio = np.where(np.isfinite(values), diff / allowed, np.inf)
        if not ok.all():
            bad = np.argwhere(~ok)
            # the earliest case first (cases are stacked in order), its worst entries first
            owner = bad[:, 0] // self.per_case
            order = np.lexsort((-ratio[~ok], owner))[:_CONFIRM]
            for k in order:
                local = tuple(int(v) for v in bad[k])
                entry = (b0 + local[0],) + tuple(int(block[t][local[1 + t]]) for t in range(len(block)))
                if not block:
                    entry = (b0 + local[0],) + local[1:]
                expected = self._confirm(entry, float(values[local]), float(allowed[local]),
                                         hi[local] + lo[local])
                if expected is not None:
                    called, where = self._owner(entry[0])
                    in_case = int(np.sum(owner == owner[k]))
                    fail(called.failure.mismatch((where,) + entry[1:], float(values[local]), expected,
                                                 float(allowed[local]), float(ls[local]), bool(invariant[local]), in_case,
                                                 ok.size // len(self.called),
                                                 positions if sampled else None))
        return int(ok.size)

    def _confirm(self, entry, got, allowed, fallback):
        """The 50-digit expected value when it confirms the disagreement, else None."""
        called, slice_ = self._owner(entry[0])
        inputs, pos = called.inputs, entry[1:]
        env = dict(self.case.sizes)
        if self.spec.binding:
            expr = self.spec.originals[int(np.ravel_multi_index(pos, self.spec.shape)) if pos else 0]
            env.update(zip(self.spec.binding, inputs.main[slice_].tolist()))
        else:
            expr = self.spec.entries[0]
            for (idx, lo, _), p in zip(self.spec.axes, pos):
                env[idx] = p + at_sizes(lo, self.case.sizes)
            self._bind(env, self.spec.family, inputs.main[slice_], self.lowers)
        for extra in self.spec.extras:
            if extra.ranges:
                lowers = tuple(at_sizes(lo, self.case.sizes) for lo, _ in extra.ranges)
                self._bind(env, extra.key, inputs.families[extra.key][slice_], lowers)
            else:
                env[extra.key] = inputs.scalars[extra.key]
        dps = 50 if inputs.main[slice_].size <= 100 else 30
        try:
            expected = evaluate(expr, env, dps=dps)
        except (Unevaluable, ZeroDivisionError, TypeError, ValueError):
            expected = mpmath.mpf(float(fallback))
        if isinstance(expected, mpmath.mpc):
            return None
        with mpmath.workdps(dps):
            if not np.isfinite(got):
                return expected
            return expected if abs(mpmath.mpf(got) - expected) > allowed else None

    @staticmethod
    def _bind(env, family, values, lowers):
        for pos in np.ndindex(values.shape):
            env[Indexed(family, *(p + lo for p, lo in zip(pos, lowers)))] = float(values[pos])

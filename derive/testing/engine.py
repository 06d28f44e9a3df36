"""Run one check: call ``fn`` per case, check what it returned, compare every entry.

Per case the input is drawn (:mod:`.cases`), ``fn`` is called on copies, and
these must hold, in this order: ``fn`` raises nothing; it leaves its inputs
as they were; it returns something that converts to a NumPy array
(:func:`.arrays.host_array`) of real numbers, of the requested dtype and of
the right shape; a second call on the same input returns the same bits; and
every compared entry agrees with the expression.

Agreement: ``|got - expected| <= TOLERANCE * u * sigma + tiny``, where ``u``
and ``tiny`` are the dtype's unit roundoff and smallest normal number, and
``sigma`` is the expression's running error bound at this input
(:mod:`.reference`).  With ``rtol``/``atol`` given, the rule is
``atol + rtol * |expected|`` instead.  An expected value beyond the dtype's
range must come back as the infinity of its sign.

A disagreement found with the vectorized reference is confirmed with the
50-digit mpmath evaluator (:func:`derive.kernel.evaluate.evaluate`) before it
is reported, so a failure is a counterexample in high precision.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Callable

import mpmath
import numpy as np
from sympy import Indexed

from ..kernel.evaluate import Unevaluable, evaluate
from .arrays import TOLERANCE, DType, host_array
from .cases import Case, cases, draw_inputs
from .messages import Failure, fail
from .reference import Grid, evaluate_grid
from .spec import Spec, at_sizes, axis_lengths

__all__ = ["Options", "run", "TOLERANCE", "FULL_ENTRIES"]

FULL_ENTRIES = 1_000_000    # per slice up to this many output entries are all compared
BLOCK = 256                 # beyond that, this many positions per output axis
_CHUNK = 1 << 18            # entries evaluated at once (bounds the memory of the reference)
_CONFIRM = 40               # disagreements re-checked in mpmath before the reference is doubted


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


def run(fn, spec: Spec, opts: Options) -> int:
    """Check ``fn`` on every case; the number of entries compared.

    Raises:
        AssertionError: the first failure, with its message.
    """
    rng = np.random.default_rng(opts.seed)
    return sum(_Case(fn, spec, opts, case, rng).run() for case in cases(spec, opts.ns, opts.dims,
                                                                         opts.kinds))


class _Case:
    def __init__(self, fn, spec: Spec, opts: Options, case: Case, rng):
        self.fn, self.spec, self.opts, self.case, self.rng = fn, spec, opts, case, rng
        self.slices = int(np.prod(opts.batch)) if opts.batch else 1
        self.lowers = tuple(at_sizes(lo, case.sizes) for lo, _ in spec.ranges)
        axis_shape = axis_lengths([(lo, hi) for _, lo, hi in spec.axes], case.sizes)
        self.out_shape = axis_shape + tuple(spec.shape)
        self.place = opts.axis % (len(opts.batch) + 1) if len(spec.ranges) == 1 else len(opts.batch)

    # ------------------------------------------------------------------ the steps
    def run(self) -> int:
        self.inputs = draw_inputs(self.spec, self.case, self.slices, self.opts.kinds, self.opts.dtype,
                                  self.rng)
        self.failure = Failure(self.spec, self.case, self.opts, self.inputs)
        first = self._call()
        got = self._canonical(first)
        if self.opts.deterministic:
            again = self._canonical(self._call())
            differ = ~((got == again) | (np.isnan(got) & np.isnan(again)))
            if np.any(differ):
                where = tuple(int(v) for v in np.argwhere(differ)[0])
                fail(self.failure.at(where, f"fn is not deterministic: a second call on the same "
                                            f"input returned {float(again[where])!r} instead of "
                                            f"{float(got[where])!r}"))
        return self._compare(got)

    def _user(self, canonical: np.ndarray, vector: bool) -> np.ndarray:
        batch = tuple(self.opts.batch)
        arr = canonical.reshape(batch + canonical.shape[1:]) if batch else canonical[0]
        if batch and vector:
            arr = np.moveaxis(arr, -1, self.place)
        return np.ascontiguousarray(arr.astype(self.opts.dtype.container))

    def _call(self):
        arrays = [self._user(self.inputs.main, len(self.spec.ranges) == 1)]
        names = [str(self.spec.family) if not self.spec.binding else "input"]
        for extra in self.spec.extras:
            if extra.ranges:
                arrays.append(self._user(self.inputs.families[extra.key], len(extra.ranges) == 1))
                names.append(str(extra.key))
        pristine = [a.copy() for a in arrays]
        wrap = self.opts.wrap
        try:
            passed = [wrap(a) for a in arrays] if wrap else arrays
        except Exception as exc:  # noqa: BLE001 - the user's converter
            fail(self.failure.plain(f"wrap raised {type(exc).__name__}: {exc}"), exc)
        args, t = [], 0
        for extra in (None, *self.spec.extras):
            if extra is None or extra.ranges:
                args.append(passed[t])
                t += 1
            else:
                args.append(self.inputs.scalars[extra.key])
        try:
            with np.errstate(all="ignore"):
                out = self.fn(*args)
        except Exception as exc:  # noqa: BLE001 - any error of the user's code is a failure
            fail(self.failure.plain(f"fn raised {type(exc).__name__}: {exc}"), exc)
        for name, arr, before, obj in zip(names, arrays, pristine, passed):
            after = arr
            if obj is not arr:
                try:
                    after = host_array(obj)[0].astype(before.dtype)
                except (TypeError, ValueError):
                    after = arr
                if after.shape != before.shape:
                    after = arr
            for now in (arr, after):
                if not np.array_equal(now, before, equal_nan=True):
                    pos = tuple(int(v) for v in np.argwhere(~((now == before)
                                                              | (np.isnan(now) & np.isnan(before))))[0])
                    fail(self.failure.plain(
                        f"fn modified its input {name}: at position {list(pos)} it was "
                        f"{float(before[pos])!r}, after the call {float(now[pos])!r} (fn must not "
                        f"write to its arguments; copy them first)"))
        return out

    def _canonical(self, out) -> np.ndarray:
        try:
            arr, name = host_array(out)
        except TypeError as exc:
            fail(self.failure.plain(str(exc)))
        if arr.dtype.kind == "c":
            fail(self.failure.plain(f"fn returned complex numbers (dtype {arr.dtype}); the "
                                    f"expression is real"))
        try:
            values = arr.astype(np.float64)
        except (TypeError, ValueError) as exc:
            fail(self.failure.plain(f"fn returned {type(out).__name__}, not an array of real numbers "
                                    f"({exc})"))
        want = self.opts.dtype
        if want.name == "bfloat16" and name == "float32":
            # NumPy has no bfloat16: float32 holding bfloat16 numbers stands for it, as for the inputs
            finite = values[np.isfinite(values)]
            if not np.array_equal(want.round(finite), finite):
                fail(self.failure.plain("fn returned float32 numbers that are not bfloat16 numbers "
                                        "(return bfloat16, or float32 holding bfloat16 values)"))
        elif name is not None and name != want.name:
            fail(self.failure.plain(f"fn returned dtype {name}, expected {want.name}"))
        batch = tuple(self.opts.batch)
        expected = batch[:self.place] + self.out_shape + batch[self.place:]
        flat = batch[:self.place] + (int(np.prod(self.spec.shape)),) + batch[self.place:]
        if values.shape != expected and not (self.spec.flat_ok and values.shape == flat):
            what = (f"one axis of length n per index {', '.join(str(a[0]) for a in self.spec.axes)}"
                    if self.spec.axes else f"the shape of expr, {tuple(self.spec.shape)}")
            where = f" at axis {self.place}" if batch else ""
            fail(self.failure.plain(f"fn returned shape {values.shape}, expected {expected} "
                                    f"({what}{where}{', after the batch' if batch else ''})"))
        if values.shape != expected:
            values = values.reshape(expected)
            self.failure.flat = True
        count = len(self.out_shape)
        values = np.moveaxis(values, list(range(self.place, self.place + count)),
                             list(range(len(batch), len(batch) + count)))
        return np.ascontiguousarray(values.reshape((self.slices,) + self.out_shape))

    # ------------------------------------------------------------------ the comparison
    def _positions(self):
        lengths = self.out_shape[:len(self.spec.axes)]
        if int(np.prod(lengths)) <= FULL_ENTRIES:
            return [np.arange(size) for size in lengths], False
        chosen = []
        main = self.inputs.main.reshape(self.slices, -1)
        for size in lengths:
            picks = {0, 1, 2, size - 3, size - 2, size - 1}
            if main.shape[1] == size:
                picks |= {int(v) for v in np.argmax(main, axis=1)} | {int(v) for v in np.argmin(main, axis=1)}
            rest = np.setdiff1d(np.arange(size), sorted(picks))
            extra = max(0, BLOCK - len(picks))
            picks |= {int(v) for v in self.rng.choice(rest, size=min(extra, rest.size), replace=False)}
            chosen.append(np.array(sorted(picks)))
        return chosen, True

    def _grid(self, b0, b1, positions) -> Grid:
        families = {self.spec.family: (self.inputs.main[b0:b1], self.lowers)}
        for extra in self.spec.extras:
            if extra.ranges:
                lowers = tuple(at_sizes(lo, self.case.sizes) for lo, _ in extra.ranges)
                families[extra.key] = (self.inputs.families[extra.key][b0:b1], lowers)
        axes = [(idx, pos + at_sizes(lo, self.case.sizes))
                for (idx, lo, _), pos in zip(self.spec.axes, positions)]
        return Grid(b1 - b0, families, self.inputs.scalars, dict(self.case.sizes), axes)

    def _reference(self, b0, b1, positions):
        """(value hi, value lo, log2 sigma) at the block, shaped like the compared entries."""
        try:
            if self.spec.axes or not self.spec.binding:
                value, ls = evaluate_grid(self.spec.entries[0], self._grid(b0, b1, positions))
                hi, lo = value.pair()
                return hi, lo, ls
            parts = [evaluate_grid(e, self._grid(b0, b1, [])) for e in self.spec.entries]
        except (Unevaluable, ZeroDivisionError, TypeError) as exc:
            raise ValueError(f"expr cannot be evaluated with the given family, indices and extra: "
                             f"{exc}") from None
        shape = (b1 - b0,) + tuple(self.spec.shape)
        pairs = [v.pair() for v, _ in parts]
        return (np.stack([p[0] for p in pairs], axis=-1).reshape(shape),
                np.stack([p[1] for p in pairs], axis=-1).reshape(shape),
                np.stack([np.broadcast_to(s, (b1 - b0,)) for _, s in parts], axis=-1).reshape(shape))

    def _allowed(self, hi, ls):
        o = self.opts
        if o.rtol is not None or o.atol is not None:
            return (o.atol or 0.0) + (o.rtol or 0.0) * np.abs(hi)
        with np.errstate(over="ignore"):
            return TOLERANCE * o.dtype.u * np.exp2(ls) + o.dtype.tiny

    def _compare(self, got: np.ndarray) -> int:
        positions, sampled = self._positions() if self.spec.axes else ([], False)
        per_slice = int(np.prod([len(p) for p in positions])) if positions else int(np.prod(self.spec.shape))
        bstep = max(1, _CHUNK // max(per_slice, 1))
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
        hi, lo, ls = self._reference(b0, b1, block)
        if np.any(np.isnan(hi)):
            where = tuple(int(v) for v in np.argwhere(np.isnan(hi))[0])
            raise ValueError(f"expr is undefined at one input (a logarithm of a non-positive number, "
                             f"a division by zero, or an index outside its family): slice "
                             f"{b0 + where[0]}, entry {list(where[1:])}")
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
            order = np.argsort(-ratio[~ok], kind="stable")[:_CONFIRM]
            for k in order:
                local = tuple(int(v) for v in bad[k])
                entry = (b0 + local[0],) + tuple(int(block[t][local[1 + t]]) for t in range(len(block)))
                if not block:
                    entry = (b0 + local[0],) + local[1:]
                expected = self._confirm(entry, float(values[local]), float(allowed[local]),
                                         hi[local] + lo[local])
                if expected is not None:
                    fail(self.failure.mismatch(entry, float(values[local]), expected, float(allowed[local]),
                                               float(ls[local]), len(bad), ok.size,
                                               positions if sampled else None))
        return int(ok.size)

    def _confirm(self, entry, got, allowed, fallback):
        """The 50-digit expected value when it confirms the disagreement, else None."""
        slice_, pos = entry[0], entry[1:]
        env = dict(self.case.sizes)
        if self.spec.binding:
            expr = self.spec.originals[int(np.ravel_multi_index(pos, self.spec.shape)) if pos else 0]
            env.update(zip(self.spec.binding, self.inputs.main[slice_].tolist()))
        else:
            expr = self.spec.entries[0]
            for (idx, lo, _), p in zip(self.spec.axes, pos):
                env[idx] = p + at_sizes(lo, self.case.sizes)
            self._bind(env, self.spec.family, self.inputs.main[slice_], self.lowers)
        for extra in self.spec.extras:
            if extra.ranges:
                lowers = tuple(at_sizes(lo, self.case.sizes) for lo, _ in extra.ranges)
                self._bind(env, extra.key, self.inputs.families[extra.key][slice_], lowers)
            else:
                env[extra.key] = self.inputs.scalars[extra.key]
        dps = 50 if self.inputs.main[slice_].size <= 100 else 30
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

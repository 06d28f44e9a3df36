"""One case of a check: draw its inputs, call ``fn``, check what it returned.

In this order: ``fn`` raises nothing and returns within ``timeout`` (a
``SIGALRM`` deadline, in the main thread only: elsewhere no signal can stop
it); it leaves its inputs as they were (compared bit for bit, through the
wrapped tensors too); it returns something that converts to a NumPy array
(:func:`.arrays.host_array`) of real numbers, of the requested dtype (untyped
Python numbers must be numbers of that dtype) and of the right shape; and a second call on
the same input returns the same bits.  The output is then brought to a
canonical layout, ``(slice, *output axes)``, for the comparison
(:mod:`.engine`).
"""
from __future__ import annotations

import contextlib
import signal
import threading

import numpy as np

from ..errors import CheckTimeout
from ..kernel.deadline import deadline
from .arrays import host_array
from .cases import Case, draw_inputs
from .messages import Failure, fail
from .spec import Spec, at_sizes, axis_lengths

__all__ = ["Called"]


def _limit(seconds):
    """A deadline for one call of ``fn``: SIGALRM works in the main thread only."""
    usable = (seconds is not None and hasattr(signal, "setitimer")
              and threading.current_thread() is threading.main_thread())
    return deadline(seconds) if usable else contextlib.nullcontext()


class Called:
    """One case: its inputs drawn, ``fn`` called on them, and what it returned, checked.

    Attributes:
        inputs: the case's inputs (:class:`.cases.Inputs`).
        got: the output, float64, canonical: shape ``(slices, *out_shape)``.
        failure: the builder of this case's messages.
    """

    def __init__(self, fn, spec: Spec, opts, case: Case, rng):
        self.fn, self.spec, self.opts, self.case, self.rng = fn, spec, opts, case, rng
        self.slices = int(np.prod(opts.batch)) if opts.batch else 1
        self.lowers = tuple(at_sizes(lo, case.sizes) for lo, _ in spec.ranges)
        axis_shape = axis_lengths([(lo, hi) for _, lo, hi in spec.axes], case.sizes)
        self.out_shape = axis_shape + tuple(spec.shape)
        self.place = opts.axis % (len(opts.batch) + 1) if len(spec.ranges) == 1 else len(opts.batch)

    def run(self) -> "Called":
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
        self.got = got
        return self

    def _user(self, canonical: np.ndarray, vector: bool) -> np.ndarray:
        batch = tuple(self.opts.batch)
        arr = canonical.reshape(batch + canonical.shape[1:]) if batch else canonical[0]
        if batch and vector:
            arr = np.moveaxis(arr, -1, self.place)
        return np.ascontiguousarray(arr.astype(self.opts.dtype.container))

    def _call(self):
        arrays = [self._user(self.inputs.main, len(self.spec.ranges) == 1)]
        for extra in self.spec.extras:
            if extra.ranges:
                arrays.append(self._user(self.inputs.families[extra.key], len(extra.ranges) == 1))
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
            with np.errstate(all="ignore"), _limit(self.opts.timeout):
                out = self.fn(*args)
        except CheckTimeout:
            fail(self.failure.plain(f"fn did not return within {self.opts.timeout:g} s (timeout=): it "
                                    f"was stopped"))
        except Exception as exc:  # noqa: BLE001 - any error of the user's code is a failure
            fail(self.failure.plain(f"fn raised {type(exc).__name__}: {exc} (it is called as "
                                    f"fn({', '.join(self.failure.argument_names())}))"), exc)
        for t, (arr, before, obj) in enumerate(zip(arrays, pristine, passed)):
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
                        f"fn modified its input {self._names()[t]}: at position {list(pos)} it was "
                        f"{float(before[pos])!r}, after the call {float(now[pos])!r} (fn must not "
                        f"write to its arguments; copy them first)"))
        return out

    def _names(self) -> list[str]:
        first = str(self.spec.family) if not self.spec.binding else "input"
        return [first] + [str(e.key) for e in self.spec.extras if e.ranges]

    def _canonical(self, out) -> np.ndarray:
        try:
            arr, name = host_array(out)
        except TypeError as exc:
            fail(self.failure.plain(str(exc)))
        if arr.dtype.kind == "c":
            fail(self.failure.plain(f"fn returned complex numbers (dtype {arr.dtype}); the "
                                    f"expression is real"))
        # the shape first: a wrong result may be large, and is not converted
        batch = tuple(self.opts.batch)
        expected = batch[:self.place] + self.out_shape + batch[self.place:]
        flat = batch[:self.place] + (int(np.prod(self.spec.shape)),) + batch[self.place:]
        if arr.shape != expected and not (self.spec.flat_ok and arr.shape == flat):
            what = (f"one axis of length n per index {', '.join(str(a[0]) for a in self.spec.axes)}"
                    if self.spec.axes else f"the shape of expr, {tuple(self.spec.shape)}")
            where = f" at axis {self.place}" if batch else ""
            fail(self.failure.plain(f"fn returned shape {arr.shape}, expected {expected} "
                                    f"({what}{where}{', after the batch' if batch else ''})"))
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
                fail(self.failure.plain(
                    "fn returned float32 numbers that are not bfloat16 numbers. NumPy has no "
                    "bfloat16, so fn received float32 arrays holding bfloat16 values: convert them "
                    "with wrap=, such as lambda a: a.astype(ml_dtypes.bfloat16) for NumPy code, "
                    "lambda a: torch.from_numpy(a).bfloat16() or lambda a: jax.numpy.asarray(a, "
                    "jax.numpy.bfloat16); or return float32 holding bfloat16 values"))
        elif name is not None and name != want.name:
            fail(self.failure.plain(f"fn returned dtype {name}, expected {want.name}"))
        elif name is None and want.name != "float64":
            # untyped Python numbers: they must at least be numbers of the dtype
            finite = values[np.isfinite(values)]
            if not np.array_equal(want.round(finite), finite):
                fail(self.failure.plain(f"fn returned untyped numbers (a Python {type(out).__name__}) "
                                        f"that are not {want.name} numbers: it computed in a wider "
                                        f"type (return {want.name} arrays)"))
        if values.shape != expected:
            values = values.reshape(expected)
            self.failure.flat = True
        count = len(self.out_shape)
        values = np.moveaxis(values, list(range(self.place, self.place + count)),
                             list(range(len(batch), len(batch) + count)))
        return np.ascontiguousarray(values.reshape((self.slices,) + self.out_shape))

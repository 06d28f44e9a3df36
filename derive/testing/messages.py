"""The failure messages of ``assert_implementation``: what failed, where, and on which input.

Every message names the case (sizes, logit kind, dtype, batch), the
expression and the input of the slice concerned; a disagreement also gives
the entry (by index value and by its position in ``fn``'s output), the value
``fn`` returned, the 50-digit expected value, the error in ulps of the dtype
next to the allowed error, and, for a sampled comparison, which positions
were compared.
"""
from __future__ import annotations

import mpmath
import numpy as np

from .arrays import TOLERANCE, summary
from .spec import at_sizes

__all__ = ["Failure", "fail", "shorten"]

_SHOWN = 2000               # characters of an expression shown in a message


def shorten(text: str) -> str:
    return text if len(text) <= _SHOWN else text[:_SHOWN] + f" ... ({len(text)} characters)"


def fail(message: str, cause: BaseException | None = None):
    raise AssertionError(message) from cause


def _float(value, dtype) -> str:
    if dtype.name in ("float32",):
        return repr(float(np.float32(value)))
    return repr(float(value))


def _positions(values) -> str:
    values = [int(v) for v in values]
    if len(values) <= 12:
        return str(values)
    return f"[{', '.join(map(str, values[:6]))}, ..., {', '.join(map(str, values[-3:]))}]"


class Failure:
    """Builds the messages of one case."""

    def __init__(self, spec, case, opts, inputs):
        self.spec, self.case, self.opts, self.inputs = spec, case, opts, inputs
        self.flat = False       # fn returned a column Matrix as a flat vector

    def _header(self, slice_=None) -> str:
        sizes = ", ".join(f"{k} = {v}" for k, v in sorted(self.case.sizes.items(), key=lambda kv: str(kv[0])))
        where = f"at {sizes}, " if sizes else "at "
        kind = self.inputs.kinds[slice_ or 0]
        text = f"implementation check failed {where}logits of kind {kind!r} (dtype {self.opts.dtype.name}"
        if self.opts.batch:
            text += f", batch {tuple(self.opts.batch)}, input axis {self.opts.axis}"
        return text + ")"

    def argument_names(self) -> list[str]:
        """The names of fn's arguments, in the order it receives them."""
        main = str(self.spec.family) if not self.spec.binding else \
            "(" + ", ".join(str(s) for s in self.spec.binding) + ")"
        return [main] + [str(extra.key) for extra in self.spec.extras]

    def _inputs(self, slice_: int) -> list[str]:
        tag = f" (slice {self._slice_index(slice_)} of the batch)" if self.opts.batch else ""
        name = str(self.spec.family) if not self.spec.binding else \
            "(" + ", ".join(map(str, self.spec.binding)) + ")"
        lines = [f"  expr: {shorten(self.spec.shown)}",
                 f"  input {name}{tag} = {summary(self.inputs.main[slice_])}"]
        for extra in self.spec.extras:
            if extra.ranges:
                lines.append(f"  input {extra.key}{tag} = {summary(self.inputs.families[extra.key][slice_])}")
            else:
                lines.append(f"  input {extra.key} = {self.inputs.scalars[extra.key]!r}")
        return lines

    def _slice_index(self, slice_: int) -> list[int]:
        return [int(v) for v in np.unravel_index(slice_, tuple(self.opts.batch))]

    def plain(self, what: str, slice_: int = 0) -> str:
        """A failure that concerns the whole call (an exception, a shape, a dtype)."""
        return "\n".join([f"{self._header(slice_)}: {what}"] + self._inputs(slice_))

    def at(self, where, what: str) -> str:
        """A failure at one entry of the canonical output (slice first)."""
        return "\n".join([f"{self._header(where[0])}: {what}", f"  entry: {self._entry(where)}"]
                         + self._inputs(where[0]))

    def _entry(self, where) -> str:
        slice_, pos = where[0], tuple(where[1:])
        parts = []
        if self.spec.axes:
            named = ", ".join(f"{idx} = {p + at_sizes(lo, self.case.sizes)}"
                              for (idx, lo, _), p in zip(self.spec.axes, pos))
            parts.append(named)
        elif pos:
            parts.append(f"entry {list(pos)} of expr")
        else:
            parts.append("the value of expr")
        batch = tuple(self.opts.batch)
        if self.flat:
            pos = (int(np.ravel_multi_index(pos, self.spec.shape)),)
        if batch:
            b = self._slice_index(slice_)
            place = self.opts.axis % (len(batch) + 1) if len(self.spec.ranges) == 1 else len(batch)
            user = b[:place] + list(pos) + b[place:]
        else:
            user = list(pos)
        parts.append(f"output{user}" if user else "the output")
        return "; ".join(parts)

    def mismatch(self, where, got, expected, allowed, ls, invariant, bad, compared, sampled) -> str:
        """A compared entry that disagrees with the 50-digit value of expr."""
        dtype = self.opts.dtype
        with mpmath.workdps(30):
            exp_f = float(expected)
            error = abs(mpmath.mpf(got) - expected) if np.isfinite(got) else mpmath.inf
        ulp = float(dtype.ulp(max(abs(exp_f), abs(got) if np.isfinite(got) else 0.0)))
        err_text = ("not finite" if not np.isfinite(got) else
                    f"{float(error):.3g} = {float(error) / ulp:.3g} ulps")
        rule = ("atol + rtol*|expected|" if self.opts.rtol is not None or self.opts.atol is not None else
                f"{TOLERANCE:g}*u*sigma + tiny, sigma = {2.0 ** ls:.3g}: "
                + ("the larger error bound of expr as written at this input, each entry carrying one "
                   "rounding of its size, and at this input shifted by its maximum, each shifted entry "
                   "rounded (expr is unchanged by the shift)"
                   if invariant else "the error bound of expr as written at this input, each entry "
                   "carrying one rounding of its size (a shift by the maximum changes expr)"))
        lines = [f"{self._header(where[0])}: an entry differs from expr",
                 f"  entry: {self._entry(where)}",
                 f"  got:      {_float(got, dtype)} ({dtype.name})",
                 f"  expected: {mpmath.nstr(expected, 20)} (50-digit mpmath)",
                 f"  error:    {err_text}; allowed {allowed:.3g} = {allowed / ulp:.3g} ulps "
                 f"(ulps of {dtype.name} at the larger of the two values; allowed: {rule})"]
        if bad > 1:
            lines.append(f"  {bad} of the {compared} entries compared in this block differ; the "
                         f"largest error is shown")
        if sampled is not None:
            shown = "; ".join(f"{idx} at {len(p)} positions {_positions(p + at_sizes(lo, self.case.sizes))}"
                              for (idx, lo, _), p in zip(self.spec.axes, sampled))
            lines.append(f"  compared: a sampled block ({shown}), not all "
                         f"{int(np.prod([at_sizes(hi - lo + 1, self.case.sizes) for _, lo, hi in self.spec.axes]))}"
                         f" entries of this output")
        return "\n".join(lines + self._inputs(where[0]))

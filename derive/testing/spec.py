"""What an implementation is checked against: the expression, its inputs and its output axes.

:func:`indexed_spec` reads a general-n expression in an indexed family
(``exp(z[k]) / Sum(exp(z[i]), (i, 1, n))``, or ``X[b, k]`` for a 2-D input):
each axis of each family gets the range of the indices used there (an
``Idx`` range, or the limits of the ``Sum`` that binds it), and each output
index becomes an output axis.  :func:`explicit_spec` reads an expression, a
list or a Matrix in explicit symbols (``z1, z2, z3``): the symbols are bound
to the positions of one input vector, in order or by a mapping, and are
replaced by entries of an internal family so that both forms are evaluated
the same way.

A range that cannot be told, or two ranges that disagree, is an error that
names the family and the axis: the check never guesses a size.
"""
from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from sympy import (Basic, Expr, Idx, Indexed, IndexedBase, Integer, MatrixBase, Sum, Symbol,
                   sympify)
from sympy.core.relational import Relational
from sympy.tensor.array import NDimArray

from .. import symbols as _sym

__all__ = ["Spec", "Extra", "indexed_spec", "explicit_spec", "axis_lengths", "at_sizes"]

_INPUT = IndexedBase("input", real=True)     # the explicit symbols' values, in order


@dataclass(frozen=True)
class Extra:
    """A further input: a scalar symbol or a family, passed to ``fn`` after the main input."""

    key: Any
    make: Any                   # a value, or callable(n_or_shape, rng)
    ranges: tuple = ()          # (lower, upper) per axis, for a family


@dataclass(frozen=True)
class Spec:
    """The expected output of ``fn``, and how its inputs are shaped.

    Attributes:
        entries: the expressions; one for the indexed form, one per output entry otherwise.
        shape: the shape of ``entries`` (``()`` for the indexed form).
        flat_ok: a column or row Matrix: the flat shape is accepted as well.
        axes: (index, lower, upper) per output axis (indexed form).
        family: the main input's family.
        ranges: (lower, upper) per axis of the main input.
        fibre: the axis of the main input along which a logit vector runs.
        extras: the further inputs, in the order ``fn`` receives them.
        shown: the expression as messages show it.
        originals: the entries in the user's own symbols (explicit form), for mpmath.
        binding: the user's symbols in input order (explicit form).
    """

    entries: tuple
    shape: tuple
    flat_ok: bool
    axes: tuple
    family: Any
    ranges: tuple
    fibre: int
    extras: tuple
    shown: str
    originals: tuple = ()
    binding: tuple = ()

    @property
    def size_symbols(self) -> frozenset:
        """The dimension symbols (``n``, ``N``, ...) the shapes depend on."""
        found = set()
        for lo, hi in self.ranges + tuple(r for e in self.extras for r in e.ranges) + tuple(
                (lo, hi) for _, lo, hi in self.axes):
            found |= sympify(lo).free_symbols | sympify(hi).free_symbols
        return frozenset(found)


def at_sizes(expr, sizes) -> int:
    """The integer value of a bound (``n``, ``N - 1``, ``1``) at the given sizes."""
    if isinstance(expr, int):
        return expr
    return _at_sizes(sympify(expr), frozenset(sizes.items()))


@lru_cache(maxsize=4096)         # every case asks for the same few bounds (unordered: no printing)
def _at_sizes(expr, sizes: frozenset) -> int:
    value = expr.xreplace({key: Integer(v) for key, v in sizes})
    if not value.is_Integer:
        raise ValueError(f"{expr} has no integer value at {dict(sizes)}")
    return int(value)


def axis_lengths(ranges, sizes) -> tuple[int, ...]:
    """The length of each axis, ``upper - lower + 1``, at the given sizes."""
    return tuple(at_sizes(hi - lo + 1, sizes) for lo, hi in ranges)


def _sum_limits(expr) -> dict:
    found: dict = {}
    for total in expr.atoms(Sum):
        for var, lo, hi in total.limits:
            found.setdefault(var, set()).add((lo, hi))
    return found


def _family_ranges(expr, base, name: str, default) -> tuple:
    """(lower, upper) per axis of ``base`` in ``expr``, from the indices used there."""
    limits = _sum_limits(expr)
    seen: dict[int, set] = {}
    numbers: dict[int, list] = {}
    rank = None
    for item in expr.atoms(Indexed):
        if item.base != base:
            continue
        if rank is not None and len(item.indices) != rank:
            raise ValueError(f"{name} {base} is used with {rank} and with {len(item.indices)} indices")
        rank = len(item.indices)
        for pos, index in enumerate(item.indices):
            found = seen.setdefault(pos, set())
            if index in limits and len(limits[index]) == 1:
                found |= limits[index]
            elif isinstance(index, Idx) and index.lower is not None and index not in limits:
                found.add((index.lower, index.upper))
            elif index.is_Integer:
                numbers.setdefault(pos, []).append(int(index))
    if rank is None:
        return ()
    ranges = []
    for pos in range(rank):
        options = seen.get(pos, set())
        if not options and numbers.get(pos) and min(numbers[pos]) >= 1:
            options = {(Integer(1), Integer(max(numbers[pos])))}     # entries 1..max of a fixed size
        if len(options) > 1:
            shown = " and ".join(f"{lo}..{hi}" for lo, hi in sorted(options, key=str))
            raise ValueError(f"axis {pos} of {name} {base} is indexed over different ranges: {shown}")
        if not options:
            if default is None:
                raise ValueError(f"cannot tell the range of axis {pos} of {name} {base}: index it "
                                 f"with an Idx, such as Idx('i', (1, n)), or sum over it")
            options = {default}
        ranges.append(next(iter(options)))
    return tuple(ranges)


def _fibre(ranges) -> int:
    with_n = [pos for pos, (lo, hi) in enumerate(ranges) if _sym.n in sympify(hi).free_symbols]
    return with_n[0] if len(with_n) == 1 else len(ranges) - 1


def _extras(expr, extra, *, explicit: bool) -> tuple:
    out = []
    for key, make in extra.items():
        if isinstance(key, IndexedBase):
            ranges = _family_ranges(expr, key, "the extra family", None if explicit else (1, _sym.n))
            if not ranges:
                raise ValueError(f"extra family {key} does not occur in expr")
            out.append(Extra(key, make, ranges))
        else:
            out.append(Extra(key, make))
    return tuple(out)


def _index_range(index, ranges_by_index) -> tuple:
    if isinstance(index, Idx) and index.lower is not None:
        return index.lower, index.upper
    return ranges_by_index.get(index, (Integer(1), _sym.n))


def indexed_spec(expr, family, indices, extra) -> Spec:
    """The spec of a general-n expression in ``family`` with output ``indices``.

    Raises:
        ValueError: ``family`` does not occur, a range cannot be told or is ambiguous,
            or ``expr`` has a free symbol that is neither an output index nor an input.
    """
    ranges = _family_ranges(expr, family, "family", (Integer(1), _sym.n))
    if not ranges:
        raise ValueError(f"family {family} does not occur in expr; pass family=, or symbols= for "
                         f"an expression in explicit symbols")
    by_index = {}
    for item in expr.atoms(Indexed):
        if item.base == family:
            for pos, index in enumerate(item.indices):
                by_index.setdefault(index, ranges[pos])
    axes = tuple((idx, *_index_range(idx, by_index)) for idx in indices)
    extras = _extras(expr, extra, explicit=False)
    spec = Spec((expr,), (), False, axes, family, ranges, _fibre(ranges), extras, str(expr))
    _check_free(expr, spec, set(indices))
    return spec


def _check_free(expr, spec: Spec, bound: set):
    """Every free symbol is an output index, a size, an input or an input's label."""
    inputs = [spec.family] + [e.key for e in spec.extras if isinstance(e.key, IndexedBase)]
    known = (bound | set(spec.size_symbols) | {e.key for e in spec.extras} | {_sym.n}
             | {b.label for b in inputs})
    loose = sorted((s for s in expr.free_symbols if not isinstance(s, Indexed) and s not in known),
                   key=str)
    if loose:
        raise ValueError(f"expr has free symbols {', '.join(map(str, loose))} that are neither "
                         f"output indices nor inputs: add them to indices= or extra=")


# --------------------------------------------------------------------------- explicit symbols

def _entries(expr):
    """(flat tuple of expressions, shape, flat_ok) of an expression, list or Matrix."""
    if isinstance(expr, MatrixBase):
        rows, cols = expr.shape
        return tuple(expr), (rows, cols), rows == 1 or cols == 1
    if isinstance(expr, NDimArray):
        return tuple(expr), tuple(expr.shape), len(expr.shape) == 1
    if isinstance(expr, (list, tuple)):
        items = [_entries(e) for e in expr]
        if not items:
            raise ValueError("expr must not be an empty list")
        shapes = {shape for _, shape, _ in items}
        if len(shapes) != 1:
            raise ValueError(f"expr is a ragged list (entries of shapes {sorted(shapes)})")
        return sum((flat for flat, _, _ in items), ()), (len(items),) + items[0][1], False
    if isinstance(expr, str):
        raise TypeError("expr must be a SymPy expression, list or Matrix, not a str; strings are "
                        "never evaluated")
    if isinstance(expr, Relational) or not isinstance(expr, (Expr, int, float)):
        raise TypeError(f"expr must be a SymPy expression, list or Matrix, got {type(expr).__name__}")
    return (sympify(expr),), (), False


_NUMBERED = re.compile(r"^(.*?)_?\{?(\d+)\}?$")


def _infer_order(names) -> tuple:
    parsed = [(_NUMBERED.match(s.name), s) for s in names]
    if not parsed or any(m is None for m, _ in parsed) or len({m.group(1) for m, _ in parsed}) != 1:
        return ()
    numbers = sorted((int(m.group(2)), s) for m, s in parsed)
    values = [v for v, _ in numbers]
    if len(set(values)) != len(values) or values != list(range(values[0], values[0] + len(values))):
        return ()
    return tuple(s for _, s in numbers)


def _binding(symbols, free) -> tuple:
    if symbols is None:
        order = _infer_order(sorted(free, key=str))
        if not order:
            raise ValueError(f"expr is in the symbols {', '.join(sorted(map(str, free)))}: give "
                             f"symbols=(...) in the order of the input vector, or a mapping "
                             f"{{symbol: position}}")
        return order
    if isinstance(symbols, Mapping):
        if not all(isinstance(s, Symbol) for s in symbols):
            raise TypeError(f"symbols keys must be SymPy Symbols, got {list(symbols)!r}")
        positions = list(symbols.values())
        if (any(isinstance(p, bool) or not isinstance(p, int) for p in positions)
                or sorted(positions) != list(range(len(positions)))):
            raise ValueError(f"symbols must map each symbol to a distinct position 0..{len(positions) - 1},"
                             f" got {dict(symbols)!r}")
        return tuple(s for s, _ in sorted(symbols.items(), key=lambda item: item[1]))
    if isinstance(symbols, (str, Basic)) or not isinstance(symbols, Sequence) or not symbols:
        raise TypeError(f"symbols must be a non-empty sequence of SymPy Symbols or a mapping "
                        f"{{symbol: position}}, got {symbols!r}")
    if not all(isinstance(s, Symbol) for s in symbols) or len(set(symbols)) != len(symbols):
        raise ValueError(f"symbols must be distinct SymPy Symbols, got {symbols!r}")
    return tuple(symbols)


def explicit_spec(expr, symbols, extra) -> Spec:
    """The spec of an expression, list or Matrix in explicit symbols bound to one input vector.

    Raises:
        TypeError, ValueError: a bad expression or binding; a symbol that is neither
            bound nor an extra input.
    """
    flat, shape, flat_ok = _entries(expr)
    scalars = {key for key in extra if not isinstance(key, IndexedBase)}
    families = {key for key in extra if isinstance(key, IndexedBase)}
    free = {s for e in flat for s in e.free_symbols if isinstance(s, Symbol)}
    free -= scalars | {f.label for f in families}
    if not free and symbols is None:
        raise ValueError("expr has no input: it contains neither the family (family=) nor any symbol")
    order = _binding(symbols, free)
    unbound = sorted(free - set(order), key=str)
    if unbound:
        raise ValueError(f"expr has symbols {', '.join(map(str, unbound))} that are neither in "
                         f"symbols= nor in extra=")
    table = {s: _INPUT[t + 1] for t, s in enumerate(order)}
    entries = tuple(e.xreplace(table) for e in flat)
    whole = sum(entries, Integer(0))
    ranges = ((Integer(1), Integer(len(order))),)
    extras = _extras(whole, extra, explicit=True)
    shown = str(expr if not isinstance(expr, (list, tuple)) else list(expr))
    return Spec(entries, shape, flat_ok, (), _INPUT, ranges, 0, extras, shown, flat, order)

"""Matrices of a general size written with dots, read by their pattern.

A ``bmatrix`` whose rows and columns run on with dots (``\\dots``, ``\\vdots``,
``\\ddots``, ``...``) is read as its authors mean it: the entries follow one
pattern, which the written ones show.  Written as

.. code-block:: latex

    \\begin{bmatrix} 1 - y_1 & - y_2 & \\dots & - y_n \\\\
                     - y_1 & 1 - y_2 & \\dots & - y_n \\\\
                     \\vdots & \\ddots \\\\
                     - y_1 & - y_2 & \\dots & 1 - y_n \\end{bmatrix}

it is the matrix with entry ``\\delta_{rc} (1 - y_c) + (1 - \\delta_{rc}) (-y_c)``.

* **Positions.** The rows above the row of dots are the first ones, those below it
  the last ones; so for the columns, before and after the dots.  The first row
  and column are numbered by the smallest index the entries use (0 or 1), the last
  ones by the one symbol they use (``n``): a matrix over ``0..n`` is one, over
  ``1..n`` another, and the row's other side must run over the same range (else
  an ambiguity).
* **Pattern.** Each written entry, with its row's number replaced by r and its
  column's by c, gives the pattern of its place: off the diagonal one, on it
  another.  The written entries must agree on both; a matrix whose entries follow
  no single pattern (a banded or triangular picture, a slipped entry) is not read:
  what its dots stand for is a guess.
"""
from __future__ import annotations

from lark import Tree
from sympy import Dummy, Indexed, Integer, KroneckerDelta

from .operators import DOTS
from .vectors import NeedsMatrix, is_transpose

__all__ = ["Matrices"]


_ROW, _COL, _DIAG = Dummy("r"), Dummy("c"), Dummy("d")


class Matrices:
    """Mixin of :class:`derive.handcheck.build.Builder`."""

    def matrix_literal(self, tree):
        if self.col_index is None:
            raise NeedsMatrix("a matrix written with dots")
        self.matrix_reads += 1
        rows = [[self.ex(c) for c in args.children[::2]] for args in tree.children
                if isinstance(args, Tree) and args.data == "args"]
        for row in rows:
            for value in row:
                self._scalar(value, tree)
        cells = self._positions(rows, tree)
        # (entries without indices, as the identity's: the row's own range)
        lo, hi = _labels([v for _, _, v in cells], self, tree) or (
            self.row_index.lower, self.row_index.upper)
        if (lo, hi) != (self.row_index.lower, self.row_index.upper):
            self.ambiguous(f"the matrix's rows and columns run over {lo}..{hi}, the row's "
                           f"indices over {self.row_index.lower}..{self.row_index.upper}: "
                           "which is meant?", tree)
        off, diag = {}, {}
        for top, left, value in cells:
            r, c = _label(top, lo, hi), _label(left, lo, hi)
            if r == c:
                diag.setdefault(_abstract(value, {r: _DIAG}), (r, c, value))
            else:
                off.setdefault(_abstract(value, {r: _ROW, c: _COL}), (r, c, value))
        for found in (off, diag):
            if len(found) > 1:
                (a, b, u), (a2, b2, u2) = list(found.values())[:2]
                # (read at its written places only, at the least size where they are
                # distinct, a banded matrix's zeros became entries the author did not mean)
                self.fail(f"the written entries of the matrix follow no single pattern (entry "
                          f"({a}, {b}) is {u}, entry ({a2}, {b2}) is {u2}): cannot tell what the "
                          "dots stand for", tree)
        if not off:
            self.fail("the matrix shows no entry off its diagonal: cannot tell what the "
                      "dots stand for", tree)
        r, c = self.row_index, self.col_index
        general = next(iter(off)).xreplace({_ROW: r, _COL: c})
        if not diag:
            return general
        on = next(iter(diag)).xreplace({_DIAG: r})
        if on == general.xreplace({c: r}):
            return general
        return on * KroneckerDelta(r, c) + general * (1 - KroneckerDelta(r, c))

    def matrix_power(self, before, sup, node, value):
        """``J^2`` read entry by entry would be the entry squared: a matrix's power is
        a product of matrices, not read."""
        if sup is not None and self.matrix_reads > before and not is_transpose(sup):
            self.fail("a power of a matrix is not read (matrices are read only entry by "
                      "entry, and J^2's entry is a sum)", node)
        return value

    def matrix_factor(self, count, before, node):
        """The number of matrices among a product's factors so far, ``node`` included: read
        entry by entry, J J would be the entrywise product (J J = J proved for the all-ones
        J, which is n J), so a product of two matrices is not read."""
        count += self.matrix_reads > before
        if count > 1:
            self.fail("a product of two matrices is not read (matrices are read only entry "
                      "by entry, and the product's entry is a sum)", node)
        return count

    def _positions(self, rows, tree):
        """``[(row position, column position, entry)]``: a position is ``(block, k)``, with
        block 0 before the dots (k from the start) and 1 after them (k from the end)."""
        def fail(why):
            self.fail(f"cannot tell what the dots stand for in the matrix: {why}", tree)
        gaps = [k for k, row in enumerate(rows) if all(v == DOTS for v in row)]
        if len(gaps) != 1 or gaps[0] in (0, len(rows) - 1):
            fail("one row of dots between the first rows and the last ones is read")
        written = [row for row in rows if row is not rows[gaps[0]]]
        widths = {len(row) for row in written}
        places = {tuple(k for k, v in enumerate(row) if v == DOTS) for row in written}
        if len(widths) != 1 or len(places) != 1 or len(next(iter(places))) != 1:
            fail("every other row needs one \\dots, in the same column")
        width, (gap,) = widths.pop(), places.pop()
        if gap in (0, width - 1):
            fail("the \\dots must stand between the first columns and the last ones")
        out = []
        for k, row in enumerate(rows):
            if k == gaps[0]:
                continue
            top = (0, k) if k < gaps[0] else (1, len(rows) - 1 - k)
            for j, value in enumerate(row):
                if j != gap:
                    out.append((top, (0, j) if j < gap else (1, width - 1 - j), value))
        return out


def _labels(values, builder, tree):
    """``(first, last)``: the smallest integer index of the entries (0 or 1), and the one
    symbol their other indices are (``n``, ``n - 1``); None for entries without indices."""
    indices = [ix for v in values for a in v.atoms(Indexed) for ix in a.indices]
    if not indices:
        return None
    ints = [int(ix) for ix in indices if ix.is_Integer]
    symbols = {s for ix in indices if not ix.is_Integer for s in ix.free_symbols}
    if not ints or min(ints) not in (0, 1) or len(symbols) != 1 or any(
            not (ix - next(iter(symbols))).is_Integer for ix in indices if not ix.is_Integer):
        builder.fail("cannot tell what the dots stand for in the matrix: its entries must be "
                     "numbered from 0 or 1 to one symbol, as y_1, y_2, ..., y_n", tree)
    return Integer(min(ints)), next(iter(symbols))


def _label(position, lo, hi):
    block, k = position
    return lo + k if block == 0 else hi - k


def _abstract(value, labels):
    """``value`` with the indices that are its row's or column's number made symbols."""
    return value.replace(lambda e: isinstance(e, Indexed),
                         lambda e: e.base[tuple(labels.get(ix, ix) for ix in e.indices)])

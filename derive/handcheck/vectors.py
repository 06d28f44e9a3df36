"""Vectors as the field writes gradients: transposes, components, rows read componentwise.

* ``\\mathbf w^\\top \\mathbf x`` (also ``^T``, ``^{\\top}``, ``^\\intercal``) is
  ``\\sum_i w_i x_i``; ``w_k^T x`` (the k-th weight vector) is ``\\sum_i w_{ki} x_i``;
  ``\\mathbf 1^\\top \\mathbf p`` is ``\\sum_i p_i``.  A transposed vector not
  followed by a vector (an outer product ``\\mathbf p \\mathbf p^\\top``) is a
  matrix, read only by its entries: the row is not read.
* ``[\\mathrm{softmax}(\\mathbf z)]_k``, ``(\\mathbf a + \\mathbf b)_i``: the k-th
  component of a vector expression.
* A row that holds a whole vector (``\\nabla_{\\mathbf z} L = \\mathbf p - \\mathbf y``,
  ``\\mathbf s(\\mathbf x + c) = \\mathbf s(\\mathbf x)``) is read componentwise: every
  bold name without subscript is its entry at one fresh free index, so the
  row states its claim for every component.  ``\\odot`` is the entrywise
  product there; two vectors side by side (``\\mathbf y \\log \\mathbf s``) could
  be an inner or an entrywise product, and the row gets an ambiguity diagnostic.
"""
from __future__ import annotations

from dataclasses import dataclass

from lark import Token, Tree
from sympy import S, Sum

from .indexing import placeholder
from .notation import NameKey

__all__ = ["Transposed", "Vectors", "is_transpose", "NeedsComponents"]

_TRANSPOSE = frozenset({"T", "\\top", "\\intercal", "\\mathsf{T}", "\\mathrm{T}"})


class NeedsComponents(Exception):
    """The row holds a whole vector: it is read again, componentwise."""


@dataclass(frozen=True)
class Transposed:
    """``\\mathbf w^\\top`` (or ``w_k^T``) waiting for the vector it multiplies."""

    key: NameKey
    sub: object
    token: object


def is_transpose(script) -> bool:
    """Whether a superscript is a transpose mark."""
    while isinstance(script, Tree) and len(script.children) in (1, 3):
        kids = [c for c in script.children if not (isinstance(c, Token)
                                                   and c.type in ("LBRACE", "RBRACE"))]
        if len(kids) != 1:
            return False
        script = kids[0]
    return isinstance(script, Token) and str(script).replace(" ", "") in _TRANSPOSE


class Vectors:
    """Mixin of :class:`derive.handcheck.build.Builder`."""

    def inner_product(self, left: Transposed, right, node):
        vec, ph = self.vector(right, node)
        if left.key.bold and left.key.key == "1":
            entry = S.One
        else:
            family = self._family(left.key, left.token)
            idx = tuple(self.indices(left.sub, left.token)[0]) if left.sub is not None else ()
            entry = family[idx + (ph,)]
        lower, upper = self.vector_range(vec)
        s = placeholder(lower, upper)
        return Sum((entry * vec).xreplace({ph: s}), (s, lower, upper))

    def component(self, paren, sub, node):
        """``[v]_k``: the expression in parentheses read as a vector, at component ``k``."""
        if len(paren.children[1].children) != 1:
            self.fail("a subscript on a list (a, b)_k is not read", node)
        (k,), _ = self.indices(sub, node)
        saved, self.vector_index = self.vector_index, k
        try:
            return self.ex(paren.children[1].children[0])
        finally:
            self.vector_index = saved

    def check_vector_product(self, items, values, node):
        """Two bare vectors side by side in a componentwise row: inner or entrywise?"""
        if self.row_index is None:
            return
        varying = [v for v in values if hasattr(v, "has") and v.has(self.row_index)]
        bare = [v for item, v in zip(items, values) if _vector_like(item)
                and hasattr(v, "has") and v.has(self.row_index)]
        if len(varying) >= 2 and bare:
            self.ambiguous("two vectors side by side: an inner product or an entrywise "
                           "product? write \\mathbf a^\\top \\mathbf b or \\mathbf a \\odot "
                           "\\mathbf b", node)


def _vector_like(item) -> bool:
    """A bold name or a gradient: a vector in its own right, not a function of one."""
    if isinstance(item, Tree) and item.data in ("nabla_op",):
        return True
    return (isinstance(item, Tree) and item.data == "based" and len(item.children) == 1
            and isinstance(item.children[0], Tree) and item.children[0].data == "name"
            and item.children[0].children[0].type == "BOLD")

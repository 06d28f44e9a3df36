"""Vectors as the field writes gradients: transposes, components, rows read componentwise.

* ``\\mathbf w^\\top \\mathbf x`` (also ``^T``, ``^{\\top}``, ``^\\intercal``) is
  ``\\sum_i w_i x_i``; ``w_k^T x`` (the k-th weight vector) is ``\\sum_i w_{ki} x_i``
  (in a row that holds a matrix, ``\\operatorname{diag}(\\mathbf s) - \\mathbf s^\\top \\mathbf s``,
  an ambiguity: with row vectors it is the outer product);
  ``\\mathbf 1^\\top \\mathbf p`` is ``\\sum_i p_i``.  A transposed vector not
  followed by a vector (an outer product ``\\mathbf p \\mathbf p^\\top``) is a
  matrix, read only by its entries: the row is not read.
* ``[\\mathrm{softmax}(\\mathbf z)]_k``, ``(\\mathbf a + \\mathbf b)_i``: the k-th
  component of a vector expression.
* A row that holds a matrix -- ``\\operatorname{diag}(\\mathbf p)``, an outer product
  ``\\mathbf p \\mathbf p^\\top``, a Jacobian ``\\frac{\\partial \\mathbf p}{\\partial \\mathbf z}``,
  the identity ``I`` -- is read by its entries at two fresh free indices (r, c):
  ``diag(p)_{rc} = p_r \\delta_{rc}``, ``(p p^\\top)_{rc} = p_r p_c``, the Jacobian's
  entry is ``\\partial p_r / \\partial z_c``.
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
from sympy import Indexed, KroneckerDelta, S, Sum

from .indexing import family_range, placeholder, rename_placeholders, vector_length
from .notation import INDEX_LETTERS, NameKey, family_for, name_key
from .scripts import bare_token, script_parts

__all__ = ["Transposed", "Vectors", "is_transpose", "NeedsComponents", "NeedsMatrix"]

_DOT = ("\\cdot", "·", "⋅")
_TRANSPOSE = frozenset({"T", "\\top", "\\intercal", "\\mathsf{T}", "\\mathrm{T}"})


class NeedsComponents(Exception):
    """The row holds a whole vector: it is read again, componentwise."""


class NeedsMatrix(NeedsComponents):
    """The row holds a matrix (``diag``, an outer product, a Jacobian): read by its entries."""


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

    # names the document writes with one index (h_i) while T is no symbol of it: there
    # h^T is h transposed (document.py); elsewhere a power or a transpose, ambiguous
    transposable: frozenset = frozenset()

    def transposes(self, nk: NameKey, sub, sup, defined) -> bool:
        """Whether ``sup`` on the name ``nk`` (with subscript ``sub``) is a transpose: on a
        bold name, a known vector family or a :attr:`transposable` one; on a defined name
        when the definition has one index more than written (``w_k^T`` of ``w_{ki}``)."""
        if sup is None or not is_transpose(sup):
            return False
        if defined is not None:
            return not defined.function and len(defined.indices) == 1 + (sub is not None)
        return nk.bold or family_for(nk) is not None or (sub is None
                                                         and nk.key in self.transposable)

    def as_whole(self, node):
        """Read ``node`` with every vector as one symbol, no entry selected (the argument
        of a norm or of ``\\max z``: a number the checker reads by its name only)."""
        saved, self.bare_vectors = (self.bare_vectors, self.vector_index), True
        self.vector_index = None
        try:
            return self.ex(node)
        finally:
            self.bare_vectors, self.vector_index = saved

    def transpose_not_power(self, value, node):
        """A transpose mark on what is not read as a vector: ``e^T m`` was ``exp(T) m`` and
        ``e_i^T x`` was ``x e_i^T``, silently.  It is never a power; which vector is meant
        (``e_i`` a basis vector, or a row of a family ``e``) is not known."""
        shown = "e" if value is S.Exp1 else str(rename_placeholders((value,))[0]) \
            if hasattr(value, "atoms") else str(value)
        power = "\\exp(T)" if value is S.Exp1 else "a power needs an exponent other than T"
        self.ambiguous(f"{shown}^T: {shown} to the power T, or {shown} transposed (a vector)? "
                       f"write \\mathbf{{...}}^\\top for a vector ({power})", node)
        return self.opaque(f"{shown}^T", node)

    def ones_transposed(self, token):
        """``1^T p``: the all-ones vector transposed, as in ``1^T p = 1`` (sparsemax, the
        simplex); the number 1 to a power T is 1 whatever T, so no author means that."""
        return Transposed(NameKey("1", "", True), None, token)

    def inner_product(self, left: Transposed, right, node):
        if self.col_index is not None:
            # diag(s) - s^T s: a number taken from a matrix is no formula; with row vectors
            # (as some authors write them) s^T s is the outer product
            self.ambiguous("a^T b in a matrix: the inner product of column vectors (a number) "
                           "or the outer product of row vectors? write \\mathbf a \\mathbf b^\\top "
                           "for the outer product", node)
        if _vector_like(right) and str(right.children[0].children[0]).rstrip("}")[-1:].isupper():
            # 1^T A 1: A read as a vector lost the trailing 1 (a self-contradictory refutation)
            self.fail("a^T A b with a matrix A is not read: matrices are read only by their "
                      "entries (write \\sum_i \\sum_j a_i A_{ij} b_j)", node)
        vec, ph = self.vector(right, node, ones=True)
        ones = ph is None
        if ones and vec != 1:
            self.fail("a^T b needs a vector after the transpose (a number has no entries)", node)
        if ones:   # p^T 1: the all-ones vector, every entry 1, as long as p
            ph = placeholder(1, self.dimension)
        entry = self._entry(left, ph)
        lower, upper = self.vector_range(entry if ones else vec, node)
        s = placeholder(lower, upper)
        return Sum((entry * vec).xreplace({ph: s}), (s, lower, upper))

    def transposed_factor(self, value, items, k, used, item):
        """A transposed vector among a product's ``items`` (``used`` of them from ``k`` are
        read): an inner product with the vector after it (``\\cdot`` allowed between), else
        the column index of an outer product.  ``(value, items used)``."""
        after = items[k + used] if k + used < len(items) else None
        if after is not None and isinstance(after, Token) and str(after).strip() in (
                "\\cdot", "·", "⋅"):
            used += 1
            after = items[k + used] if k + used < len(items) else None
        if after is None or isinstance(after, Token):
            return self.column_entry(value, item), used
        return self.inner_product(value, after, item), used + 1

    def vector_range(self, vec, node=None):
        """The entries of the vector families in ``vec`` (:func:`.indexing.vector_length`)."""
        for base in sorted({str(a.base.label) for a in vec.atoms(Indexed)}):
            found = family_range(self.family_ranges, base)
            if found is not None:
                own = vector_length(found, self.dimension)
                if own is None:
                    self.ambiguous(f"the entries of the vector {base}: its sums run over "
                                   f"{found[0]}..{found[1]}; is that its length? (write "
                                   "its membership, e.g. \\mathbb R^n, or its entries)", node)
                    own = (1, self.dimension)
                return own
        return (1, self.dimension)

    def column_entry(self, left: Transposed, node):
        """``\\mathbf p^\\top`` at the end of a product: the column index of a matrix row."""
        if self.col_index is None:
            if self.row_index is not None:
                raise NeedsMatrix("an outer product is a matrix")
            self.fail("a transposed vector must be followed by a vector (an inner product); "
                      "matrices are read only by their entries", node)
        self.matrix_reads += 1       # the row vector that makes an outer product a matrix
        return self._entry(left, self.col_index)

    def _entry(self, left: Transposed, at):
        """The entry ``at`` of a transposed vector (of row ``k`` for ``w_k^T``)."""
        if left.key.bold and left.key.key == "1":
            return S.One
        idx = tuple(self.indices(left.sub, left.token)[0]) if left.sub is not None else ()
        if left.key.key in self.context:
            return self.instantiate(left.key.key, idx + (at,), left.token)
        return self._family(left.key, left.token)[idx + (at,)]

    def diagonal(self, args, node):
        """``\\operatorname{diag}(\\mathbf v)``: the matrix with ``v`` on its diagonal."""
        if self.col_index is None:
            raise NeedsMatrix("diag(...) is a matrix")
        self.matrix_reads += 1
        if len(args) != 1:
            self.fail("diag takes one vector", node)
        vec, ph = self.vector(args[0], node)
        return vec.xreplace({ph: self.row_index}) * KroneckerDelta(self.row_index, self.col_index)

    def component(self, paren, sub, node):
        """``[v]_k``: the expression in parentheses read as a vector, at component ``k``."""
        if len(paren.children[1].children) != 1:
            self.fail("a subscript on a list (a, b)_k is not read", node)
        inner = paren.children[1].children[0]
        if isinstance(inner, Tree) and inner.data == "term" and len(inner.children) == 2 \
                and _called(inner.children[1]) and len(node.children) == 2:
            # [\sigma(\mathbf a)]_i: the function's value at component i, as \sigma(\mathbf a)_i
            call = self.call_of(inner.children[0], Tree("based", [inner.children[1].children[0],
                                                                 node.children[1]]))
            if call is not None:
                return call
        (k,), _ = self.indices(sub, node)
        saved, self.vector_index = self.vector_index, k
        try:
            return self.ex(paren.children[1].children[0])
        finally:
            self.vector_index = saved

    def check_vector_product(self, items, values, node):
        """Two vectors side by side (no operator between) in a componentwise row:
        an inner or an entrywise product?  (And ``J_x y``: the field's Jacobian of y, or
        J_x times y?  It was multiplied silently.)"""
        for item, nxt in zip(items, items[1:]):
            if not isinstance(nxt, Token) and _jacobian(item):
                self.ambiguous("J_x y: the Jacobian of y with respect to x, or J_x times y? "
                               "write \\frac{\\partial \\mathbf y}{\\partial \\mathbf x}, or "
                               "J_x \\cdot y", item)
        if self.row_index is None:
            return
        factors = [c for c in items if not isinstance(c, Token)]
        if any(isinstance(c, Token) and str(c).strip() not in _DOT for c in items):
            return          # an explicit \odot (or / ...) says which product; \mathbf x \cdot
            # \mathbf y is the dot product to most readers, the entrywise one as read
        varying = [v for v in values if hasattr(v, "has") and v.has(self.row_index)]
        bare = [v for item, v in zip(factors, values) if _vector_like(item)
                and hasattr(v, "has") and v.has(self.row_index)]
        if len(varying) >= 2 and bare:
            shown = "\\mathbf a \\cdot \\mathbf b" if len(factors) != len(items) else \
                "two vectors side by side"
            self.ambiguous(f"{shown}: an inner product or an entrywise "
                           "product? write \\mathbf a^\\top \\mathbf b or \\mathbf a \\odot "
                           "\\mathbf b", node)


def _jacobian(node) -> bool:
    """``J_x``, ``\\mathbf J_{\\mathbf x}``: J with a vector's letter (no index) below it."""
    if not (isinstance(node, Tree) and node.data == "based" and len(node.children) == 2
            and isinstance(node.children[0], Tree) and node.children[0].data == "name"):
        return False
    tok = node.children[0].children[0]
    if tok.type not in ("LETTER", "BOLD") or name_key(tok.type, str(tok)).key != "J":
        return False
    sub, sup = script_parts(node.children[1].children)
    letter = bare_token(sub) if sub is not None and sup is None else None
    return letter is not None and (letter.type == "BOLD" or letter.type == "LETTER" and str(
        letter) not in INDEX_LETTERS)


def _called(node) -> bool:
    """Parentheses without scripts, as after a function's name."""
    return (isinstance(node, Tree) and node.data == "based" and len(node.children) == 1
            and isinstance(node.children[0], Tree) and node.children[0].data == "paren"
            and node.children[0].children[0].type == "LPAR")


def _vector_like(item) -> bool:
    """A bold name or a gradient: a vector in its own right, not a function of one."""
    if isinstance(item, Tree) and item.data in ("nabla_op", "vector_literal"):
        return True     # (a row [x_1 ... x_n] times a column [y_1; ...; y_n] is no entrywise
    if isinstance(item, Tree) and item.data == "based" and len(item.children) == 1 and \
            isinstance(item.children[0], Tree) and item.children[0].data == "vector_literal":
        return True     # product: the literal's orientation is not kept)
    return (isinstance(item, Tree) and item.data == "based" and len(item.children) == 1
            and isinstance(item.children[0], Tree) and item.children[0].data == "name"
            and item.children[0].children[0].type == "BOLD")

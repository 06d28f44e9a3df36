"""Name resolution for the builder: letters, scripts, indices, definitions (rules of
:mod:`derive.handcheck.notation`; the state, subclassed by :class:`~.build.Builder`).
"""
from __future__ import annotations

from contextlib import contextmanager
from dataclasses import dataclass

from lark import Token, Tree
from lark.visitors import Interpreter
from sympy import IndexedBase, Integer, KroneckerDelta, S, Symbol

from ..errors import ParseError
from ..symbols import index, n as _n
from .arguments import assumptions_of, substitute_arguments
from .scripts import (bare_token, digit_and_letter, function_name, index_label, is_star, label,
                      letters, number, script_parts, single_script, upright_word)
from .indexing import at_indices, fresh_bound, placeholder
from .vectors import NeedsComponents, Transposed
from .notation import (DELTAS, DIMENSIONS, INDEX_LETTERS, MULTIPLIERS, NameKey,
                       family_for, name_key, scalar_for)

__all__ = ["Definition", "NameResolver", "function_name", "is_star", "number", "script_parts",
           "single_script"]

_SUBDIGITS = str.maketrans("₀₁₂₃₄₅₆₇₈₉", "0123456789")


@dataclass(frozen=True)
class Definition:
    """A name introduced by a definition step (``L = ...``, ``P_k = ...``, ``H(p) = ...``).

    Attributes:
        key: the defined name (:attr:`NameKey.key`).
        body: what it stands for.
        indices: the index letters of an indexed definition (``P_k`` -> ``(k,)``);
            a use ``P_i`` substitutes ``i`` for ``k``.
        function: written as ``H(p)``; a later ``H(q)`` substitutes ``q`` for ``p``.
        params: the parameters of a function definition (symbols; a vector
            parameter ``p`` stands for its entries ``p_i`` in the body), or
            None when none were stated (the body is used as it is).
        fixed: arguments that cannot be substituted (``L(p_1, \\dots, p_n)``):
            a use must repeat them exactly.
    """

    key: str
    body: object
    indices: tuple = ()
    function: bool = False
    params: tuple | None = None
    fixed: tuple | None = None


class NameResolver(Interpreter):
    """State and name handling shared by the builder's methods.

    Args:
        line: the line of the row's first character (1-based).
        context: definitions so far, ``{key: Definition}``.
        declared: names introduced by ``given`` lines.
    """

    def __init__(self, *, line: int, context, declared, dims=(), ranges=None,
                 family_ranges=None, dimension=None):
        super().__init__()
        self.line = line
        self.context = dict(context or {})
        self.declared = frozenset(declared or ())
        self.dims = {d: Symbol(d, integer=True, positive=True) for d in dims}
        self.ranges = dict(ranges or {})     # index letter -> (lower, upper) for free indices
        self.family_ranges = dict(family_ranges or {})   # family -> (lower, upper)
        self.dimension = dimension if dimension is not None else _n   # of sums without limits
        self.bound: dict = {}
        self.unranged: list = []       # (message, line): see Probability.ranged_against_bound
        self.vector_index = None
        self.bare_vectors = False        # function arguments: a vector name is one symbol
        self.vector_names: set = set()   # names read as whole vectors there
        self.in_subscript = False
        self.unknown: dict = {}          # key -> (kind, line), first use
        self.derivatives: list = []      # (operand, variables, line)
        self.objectives: list = []       # derivatives of a defined name (L, J, H(p))
        self.calls: dict = {}            # key -> the arguments of its first application
        self.ambiguities: list = []      # (message, line)
        self.sums: list = []             # (family, slot, lower, upper) of each sum with limits
        self.opaques: list = []          # maxima and other numbers the checker cannot know
        self.row_index = None            # the free index of a row read componentwise
        self.col_index = None            # the second one, for a row read as a matrix
        self.matrix_reads = 0            # matrices read so far: a product of two is refused
        self.uses: set = set()           # the defined names the row uses
        self.applied: dict = {}          # defined function -> its argument texts (None: bare)
        self.bare_letters: set = set()   # index letters read outside any subscript
        self.sub_letters: set = set()    # letters read inside subscripts
        self.plain_letters: frozenset = frozenset()   # index letters read as variables here
        self.matrices: frozenset = frozenset()       # families the document writes w_{ji}
        self.head = False                # reading the left side of a definition
        self.head_side = False           # reading the left side of an equation

    # ------------------------------------------------------------ plumbing
    def ex(self, node):
        if isinstance(node, Token):
            return self.name(node, None, None) if node.type != "NUMBER" else number(str(node))
        return self.visit(node)

    def where(self, node) -> int:
        line = getattr(node, "line", None)
        if line is None and isinstance(node, Tree):
            line = getattr(node.meta, "line", None) if not node.meta.empty else None
        return self.line + (line - 1 if line else 0)

    def fail(self, message: str, node=None):
        raise ParseError(message, self.where(node) if node is not None else self.line)

    @contextmanager
    def binding(self, name: str, idx):
        saved = self.bound.get(name)
        self.bound[name] = idx
        try:
            yield
        finally:
            if saved is None:
                del self.bound[name]
            else:
                self.bound[name] = saved

    def _unknown(self, key: str, kind: str, node):
        if key not in self.declared and key not in self.unknown:
            self.unknown[key] = (kind, self.where(node))

    def ambiguous(self, message: str, node):
        """Record that the text has two plausible readings (the row is not checked)."""
        self.ambiguities.append((message, self.where(node)))

    def bare_beside_applied(self):
        """A defined function's bare name stands for it at the definition's arguments
        (``\\partial L`` after ``L(p) = ...``); beside the function applied to other
        arguments in the same row (``\\tau(2) = \\tau + 1``), which argument is meant?"""
        for key, uses in self.applied.items():
            params = self.context[key].params
            own = tuple(map(str, params)) if params is not None else None
            if None in uses and any(u is not None and u != own for u in uses):
                self.ambiguous(f"{key} alone beside {key}(...) at other arguments: {key} at the "
                               "arguments of its definition, or at those? write them", None)

    def defined_runs(self, items) -> list:
        """``\\partial CE`` after ``CE(y) = ...``: letters side by side that spell a name
        the document defines are that name, not a product (TeX sets both alike; the
        document's own definition decides)."""
        out, k = [], 0
        while k < len(items):
            j = k
            while j < len(items) and _plain_letter(items[j]):
                j += 1
            for end in range(j, k + 1, -1):
                word = "".join(str(items[m].children[0].children[0]) for m in range(k, end))
                if word in self.context and any(c in self.context or c in self.declared
                                                for c in word):
                    self.ambiguous(f"{word}: the name {word} or a product of its letters? "
                                   "both are defined; write \\cdot or \\mathrm{...}", items[k])
                elif word in self.context:
                    tok = Token.new_borrow_pos("WORD", word, items[k].children[0].children[0])
                    out.append(Tree("based", [Tree("name", [tok])], items[k].meta))
                    k = end
                    break
            else:
                out.append(items[k])
                k += 1
        return out

    # ------------------------------------------------------------ names
    def name(self, token, sub, sup, primes=0):
        nk = name_key(token.type, str(token)) if token.type != "CMD" else None
        if nk is None:
            if str(token) in ("\\begin", "\\end"):
                self.fail("environments (\\begin{cases}, ...) are not supported inside "
                          "a formula", token)
            self.fail(f"unsupported command {token}", token)
        if primes:
            nk = NameKey(nk.key + "'" * primes, nk.letter, nk.bold)
        if sup is not None and is_star(sup):
            nk, sup = nk.starred(), None
        defined = self.context.get(nk.key)
        if self.transposes(nk, sub, sup, defined):
            return Transposed(nk, sub, token)
        inner = label(sup) if nk.key != "e" else None
        if inner is not None and index_label(inner):
            # y^{(i)}, w^{(t+1)}: a sample or step label, the first index of a family.
            saved, self.in_subscript = self.in_subscript, True
            try:
                first = self.ex(inner)
            finally:
                self.in_subscript = saved
            idx = tuple(self.indices(sub, token)[0]) if sub is not None else ()
            family = IndexedBase(nk.key + "^{()}", **assumptions_of(family_for(nk)))
            return family[(first,) + idx]
        if isinstance(sub, Tree) and sub.data == "label_script":
            func = function_name(next(t for t in sub.children if t.type == "FUNC"))
            value = self.opaque(f"{nk.key}_{func}", token)
            return self.power(value, sup, token) if sup is not None else value
        if upright_word(sub) is not None:   # x_{\mathrm{a}}: a label, part of the name, not x[a]
            nk, sub = NameKey(f"{nk.key}_{{{upright_word(sub)}}}", ""), None
        value = self.resolve(nk, sub, token)
        return self.power(value, sup, token) if sup is not None else value

    def resolve(self, nk: NameKey, sub, node):
        key = nk.key
        if nk.bold and key in ("0", "1"):
            if self.vector_index is None:
                raise NeedsComponents(f"\\mathbf{{{key}}} (the all-{'zeros' if key == '0' else 'ones'}"
                                      " vector) is a vector")
            return S.One if key == "1" else S.Zero
        if sub is not None:
            return self._subscripted(nk, sub, node)
        if self.in_subscript and (len(key) == 1 or key == "ell"):
            self.sub_letters.add(key)
            return self.index_letter(key)
        if key in self.bound:
            return self.bound[key]
        if key in self.context and not self.context[key].function:
            d = self.context[key]
            if len(d.indices) == 1:      # p for the vector of the defined p_i
                if self.vector_index is None:
                    raise NeedsComponents(f"{key} is a vector here")
                return self.instantiate(key, (self.vector_index,), node)
            return self.instantiate(key, (), node)
        if self.col_index is not None and key == "I" and key not in self.declared:
            self.matrix_reads += 1
            return KroneckerDelta(self.row_index, self.col_index)    # the identity matrix
        if self.bare_vectors and (nk.bold or family_for(nk) is not None):
            # the whole vector, also in a row read by entries (\sigma(\mathbf a) was a[i][j])
            self.vector_names.add(key)
            return Symbol(key, **assumptions_of(family_for(nk)))
        if self.vector_index is not None and (nk.bold or family_for(nk) is not None):
            if self.col_index is not None and nk.bold and key[:1].isupper():
                self.matrix_reads += 1
                return self._family(nk, node)[self.row_index, self.col_index]
            return self._family(nk, node)[self.vector_index]
        if key in self.context:
            return self.instantiate(key, (), node)
        if (key in INDEX_LETTERS or key in self.ranges) and key not in self.plain_letters:
            self.bare_letters.add(key)
            return self.index_letter(key)
        if key in self.dims:
            return self.dims[key]
        if nk.bold:
            raise NeedsComponents(f"the vector {key} needs a component subscript ({key}_i)")
        value = scalar_for(nk)
        if value is not None:
            return value
        self._unknown(key, "symbol", node)
        return Symbol(key, real=True)

    def _subscripted(self, nk, sub, node):
        key = nk.key
        idx, text = self.indices(sub, node)
        if key in self.matrices and len(idx) == 1 and not isinstance(sub, Token) \
                and len(text) == 2 and text.isdigit():
            idx = [Integer(text[0]), Integer(text[1])]   # w_{21} beside w_{ji}: entry (2, 1)
        elif len(idx) == 1 and self._two_indexed(key) and not isinstance(sub, Token):
            # A_{2j} beside A_{ij}: (2, j), as a product 2·j could not be its single index
            toks = digit_and_letter(sub)
            idx = idx if toks is None else [
                Integer(str(t)) if t.type == "NUMBER" else self.index_letter(str(t)) for t in toks]
        if key in MULTIPLIERS:
            return Symbol(f"{key}_{text}", real=True)
        if key in DELTAS and key not in self.context and key not in self.declared:
            if len(idx) != 2:
                self.fail(f"{key}_{{..}} (Kronecker delta) needs two indices", node)
            self.ranged_against_bound(idx, node)
            return KroneckerDelta(*idx)
        if key in self.context:
            return self.instantiate(key, idx, node)
        return self._family(nk, node)[tuple(idx)]

    def _two_indexed(self, key) -> bool:
        return key in self.matrices or (key in self.context and
                                        len(self.context[key].indices) == 2)

    def _family(self, nk, node):
        family = family_for(nk)
        if family is None:
            self._unknown(nk.key, "family", node)
            family = IndexedBase(nk.key, real=True)
        return family

    def instantiate(self, key, idx, node, args=None, apply=False):
        """A defined name at indices ``idx`` (and, for a function, arguments ``args``;
        ``apply``: a family defined with parameters, ``y_i(x)``, at other arguments)."""
        definition = self.context[key]
        self.uses.add(key)
        if definition.function:
            self.applied.setdefault(key, set()).add(None if args is None else tuple(map(str, args)))
        if not idx and len(definition.indices) == 1:
            # \sigma(\mathbf z) for the defined \sigma(\mathbf z)_i: the vector, by its entries
            if self.vector_index is None:
                raise NeedsComponents(f"{key} is a vector here")
            idx = (self.vector_index,)
        if len(idx) != len(definition.indices):
            self.fail(f"{key} was defined with {len(definition.indices)} index(es), "
                      f"used with {len(idx)}", node)
        if not definition.function and not apply:
            # The name itself; :func:`~derive.handcheck.expand.expand_definitions` puts the
            # definition in once the row is read (holding it inside d/d(name)).
            if idx:
                return IndexedBase(key, **assumptions_of(definition.body))[tuple(idx)]
            return Symbol(key, **assumptions_of(definition.body))
        body = fresh_bound(definition.body)
        if idx:
            body = at_indices(body, definition.indices, idx)
        if args is not None and definition.fixed is not None and tuple(args) != definition.fixed \
                and tuple(map(str, args)) != tuple(map(str, definition.fixed)):
            # (the same text: an index letter read first as an index, then as a variable)
            self.fail(f"{key} was defined for the arguments {definition.fixed}; it cannot "
                      f"be applied to {tuple(args)}", node)
        if args is not None and definition.fixed is not None:
            # the same letters as written, each the use's own: the sum's k (1..K), not the
            # definition's k (1..n) that prints alike
            body = body.xreplace({f: a for f, a in zip(definition.fixed, args) if f != a})
        if args is not None and definition.params is not None:
            body = substitute_arguments(body, definition.params, args, self.vector_names,
                                        lambda message: self.fail(f"{key}: {message}", node))
        return body

    def index_letter(self, key):
        if key in self.bound:
            return self.bound[key]
        if key in DIMENSIONS:
            return DIMENSIONS[key]
        if key in self.dims:
            return self.dims[key]
        if key in self.ranges:
            lower, upper = self.ranges[key]
            return index(key, upper, lower)
        return index(key, self.dimension)

    def indices(self, sub, node):
        """A subscript as (indices, text): ``{ik}`` -> ([i, k], "ik"), ``₁`` -> ([1], "1")."""
        if isinstance(sub, Token):
            digits = str(sub).translate(_SUBDIGITS)
            return [Integer(digits)], digits
        if sub.data == "star_script":
            self.fail("a star belongs in a superscript", node)
        toks = letters(sub)
        if toks is not None:
            self.sub_letters |= {name_key(t.type, str(t)).key for t in toks}
            return [self.index_letter(name_key(t.type, str(t)).key) for t in toks], \
                "".join(name_key(t.type, str(t)).key for t in toks)
        if len(sub.children) == 1:
            tok = sub.children[0]
            if tok.type == "NUMBER":
                return [number(str(tok))], str(tok)
            self.fail(f"unsupported subscript {tok}", node)
        saved, self.in_subscript = self.in_subscript, True
        try:
            values = [self.ex(single_script(c, self, node)) for c in sub.children[1].children[::2]]
        finally:
            self.in_subscript = saved
        return values, "".join(str(v) for v in values)

    def bare_name_of(self, node, head) -> str:
        """The index name a sum binds (``i``, ``{i}``, ``\\ell``)."""
        tok = node if isinstance(node, Token) else bare_token(node)
        if tok is None or tok.type not in ("LETTER", "GREEK"):
            self.fail(f"{head} must be followed by an index letter", head)
        return name_key(tok.type, str(tok)).key

    def vector(self, node, where, *, ones=False):
        """Read ``node`` in vector mode: bare family names become entries."""
        saved, self.vector_index = self.vector_index, placeholder(1, self.dimension)
        ph = self.vector_index
        try:
            value = self.ex(node)
        finally:
            self.vector_index = saved
        if not hasattr(value, "has"):   # \mathbf x^\top \mathbf y^\top: a transpose left over
            self.fail("a transposed vector here needs a vector after it (\\mathbf a^\\top "
                      "\\mathbf b); a transpose of a transpose or a product of transposes is "
                      "not read", where)
        if not value.has(ph):
            if ones:
                return value, None
            self.fail("softmax(...) needs a vector argument such as \\mathbf{z}", where)
        return value, ph



def _plain_letter(node) -> bool:
    """One letter with no scripts and no prime (a factor of a product chain)."""
    return (isinstance(node, Tree) and node.data == "based" and len(node.children) == 1
            and isinstance(node.children[0], Tree) and node.children[0].data == "name"
            and len(node.children[0].children) == 1
            and node.children[0].children[0].type == "LETTER")

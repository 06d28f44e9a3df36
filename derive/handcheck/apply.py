"""Function applications for the builder: named functions, defined functions, ``f(x)``.

The named functions and what they are (a user's definition of the name replaces them):

=================================  =================================================
written                            read as
=================================  =================================================
``\\exp``, ``e^{..}``, ``\\log``     ``exp``, natural ``log``
``\\tanh``                          ``tanh``
``\\sigma(x)``, ``sigmoid(x)``      ``1 / (1 + e^{-x})`` for a scalar argument
``ReLU(x)``, ``relu``               ``max(0, x)``
``softplus(x)``                     ``log(1 + e^{x})``
``softmax(z)_k``, ``[softmax(z)]_k``  ``e^{z_k} / \\sum_j e^{z_j}``
``softmax(z_k)``, ``Softmax(z_k)``    the same: the field's name for the k-th output
``log-softmax(z)_k``                ``z_k - log \\sum_j e^{z_j}``
``LSE(z)``, ``logsumexp(z)``        ``log \\sum_j e^{z_j}``
``\\max(a, b)``, ``\\min``           ``Max``, ``Min``
=================================  =================================================

A vector function sums over its argument family's range in the document, else ``1..n``.

A name written before parentheses is applied when it is a defined function
(its parameters are substituted: after ``f(x) = x^2``, ``f(2)`` is 4) or a
name the notation does not know (``g(x)`` is an undefined function; with a
subscript, ``s(\\mathbf x)_i``, the subscript is one more argument).  A known
scalar before parentheses multiplies them (``\\lambda (\\sum_i p_i - 1)``);
but before a single name (``\\mu(x)``) both readings are plausible, and the
row gets an ambiguity diagnostic.  So does an undefined function of a vector in a
row read entry by entry (:meth:`Applications.undefined_call`).
"""
from __future__ import annotations

from lark import Token, Tree
from sympy import Dummy, Function, Indexed as _Indexed, Max, Min, Sum, diff, exp, log, tanh

from ..kernel.binders import subs_free
from .indexing import family_range, placeholder
from .vectors import NeedsComponents, is_transpose
from .notation import INDEX_LETTERS, MULTIPLIERS, family_for, name_key, scalar_for
from ..errors import ParseError
from .names import function_name, script_parts
from .scripts import is_star, upright_word

__all__ = ["Applications", "SCALAR_FUNCTIONS", "VECTOR_FUNCTIONS"]

SCALAR_FUNCTIONS = {"exp": exp, "log": log, "tanh": tanh, "sigmoid": lambda u: 1 / (1 + exp(-u)),
                    "relu": lambda u: Max(0, u), "softplus": lambda u: log(1 + exp(u))}
VECTOR_FUNCTIONS = ("softmax", "logsoftmax", "lse")


class Applications:
    """Mixin of :class:`derive.handcheck.build.Builder`: everything written ``f(...)``."""

    # ------------------------------------------------------------ grammar rules
    def func_app(self, tree):
        name = function_name(tree.children[0])
        if name in ("max", "min"):
            # \max{z}, \max z: the largest entry of a vector, a number the checker
            # knows nothing about (as \max_i z_i); of a scalar it is that scalar
            value = self.as_whole(tree.children[1])
            if not self.vector_names & {str(s) for s in value.free_symbols}:
                self.fail(f"{tree.children[0]} of one number needs parentheses: "
                          f"{tree.children[0]}(a, b), or {tree.children[0]}_i", tree)
            if self.vector_index is None:
                # z - \max z: a row about a vector, read by its entries
                raise NeedsComponents(f"{tree.children[0]} of a vector: read componentwise")
            return self.opaque(f"{name}({value})", tree)
        if name not in SCALAR_FUNCTIONS:
            self.fail(f"{tree.children[0]} needs parentheses: {tree.children[0]}(...)", tree)
        return self.apply(name, [tree.children[1]], None, tree)

    def func_call(self, tree, sub=None):
        args = tree.children[2].children[::2]
        name = function_name(tree.children[0])
        if self.head and name not in self.context:
            try:
                return self.apply(name, args, sub, tree)
            except ParseError:
                # softmax(x_{ij}) = ...: the document defines its own softmax.
                values = self.bare_arguments(args)
                idx = tuple(self.indices(sub, tree)[0]) if sub is not None else ()
                return self.undefined_call(name, values, idx, tree)
        return self.apply(name, args, sub, tree)

    def apply(self, name, args, sub, node):
        if name in self.context and self.context[name].function:
            values = self.bare_arguments(args)
            idx = tuple(self.indices(sub, node)[0]) if sub is not None else ()
            return self.instantiate(name, idx, node, values)
        if name in ("argmax", "argmin"):
            self.fail(f"{name} is not supported: state the optimality condition "
                      "(derivative = 0) instead", node)
        if name in VECTOR_FUNCTIONS:
            return self._vector_function(name, args, sub, node)
        if name == "diag":
            return self.diagonal(args, node)
        if sub is not None:
            self.fail(f"{name}(...) takes no subscript", node)
        if name in ("max", "min"):
            return (Max if name == "max" else Min)(*[self.ex(a) for a in args])
        if len(args) != 1:
            self.fail(f"{name} takes one argument, got {len(args)}", node)
        value = self.ex(args[0])
        self._scalar(value, node)
        return SCALAR_FUNCTIONS[name](value)

    def _vector_function(self, name, args, sub, node):
        if len(args) != 1:
            self.fail(f"{name} takes one vector argument, got {len(args)}", node)
        if name == "lse" and sub is not None:
            self.fail("LSE(z) is a number and takes no subscript", node)
        component = None
        if name != "lse" and sub is None:
            entry = self._entry_argument(args[0])
            if entry is not None:
                return self._at_entry(name, entry)
            if self.vector_index is None:
                raise NeedsComponents(f"{name}(z) is a vector: write {name}(z)_k")
            component = self.vector_index
        vec, ph = self.vector(args[0], node)
        lower, upper = self.vector_range(vec)
        s = placeholder(lower, upper)
        total = Sum(exp(vec.xreplace({ph: s})), (s, lower, upper))
        if name == "lse":
            return log(total)
        k = component if component is not None else self.indices(sub, node)[0][0]
        if name == "logsoftmax":
            return subs_free(vec, {ph: k}) - log(total)
        return exp(subs_free(vec, {ph: k})) / total

    def _entry_argument(self, node):
        """``x_k`` when ``node`` is one entry of a plain family, else None.

        ``softmax(x_k)`` is how the field writes the k-th output of softmax(x)
        (the softmax of one number would be 1, which nobody writes).  A bold
        or doubly indexed entry (``softmax(\\mathbf x_i)``, ``softmax(x_{ij})``)
        could be a whole vector or a row: those keep their own reading.  On the
        left of ``=`` it is the document's own definition (``softmax(x_i) = ...``)."""
        if self.head:
            return None
        if any(isinstance(t, str) and any(b in t for b in ("mathbf", "bm", "boldsymbol", "vec"))
               for t in node.scan_values(lambda v: True)) if isinstance(node, Tree) else False:
            return None
        try:
            value = self.ex(node)
        except (ParseError, NeedsComponents):
            return None
        if not isinstance(value, _Indexed) or len(value.indices) != 1:
            return None
        if self.vector_index is not None and value.has(self.vector_index):
            return None
        return value

    def _at_entry(self, name, entry):
        lower, upper = self.vector_range(entry)
        s = placeholder(lower, upper)
        total = Sum(exp(entry.base[s]), (s, lower, upper))
        return entry - log(total) if name == "logsoftmax" else exp(entry) / total

    def vector_range(self, vec):
        """The range of the vector families in ``vec`` (the document's, else 1..n)."""
        for base in sorted({str(a.base.label) for a in vec.atoms(_Indexed)}):
            found = family_range(self.family_ranges, base)
            if found is not None:
                return found
        return (1, self.dimension)

    def inner(self, tree):
        (a, pa), (b, pb) = (self.vector(tree.children[k], tree, ones=True) for k in (1, 3))
        if pa is None and pb is None:
            self.fail("\\langle a, b \\rangle needs vectors such as \\mathbf{w}", tree)
        lower, upper = self.vector_range((a if pa is not None else b))
        s = placeholder(lower, upper)
        a, b = (v.xreplace({ph: s}) if ph is not None else v for v, ph in ((a, pa), (b, pb)))
        return Sum(a * b, (s, lower, upper))

    # ------------------------------------------------------------ f(x)
    def bare_arguments(self, nodes) -> tuple:
        """Function arguments, a vector name read as one symbol (``H(\\mathbf p)`` -> ``p``)."""
        saved, self.bare_vectors = self.bare_vectors, True
        try:
            values = tuple(self.ex(a) for a in nodes)
        finally:
            self.bare_vectors = saved
        return values

    def application(self, item, nxt):
        """``name(args)`` with optional scripts on the parentheses; None when not one."""
        if not (_is_bare_name(item) and _is_paren(nxt, brackets=True)):
            return None
        tok = item.children[0].children[0]
        if tok.type == "CMD":
            return None
        if nxt.children[0].children[0].type == "LBRACK" and tok.type not in ("NAMECMD", "WORD"):
            return None      # x[1 - x] multiplies; \mathbb{E}[x] applies
        nk = name_key(tok.type, str(tok))
        key = nk.key
        paren = nxt.children[0]
        sub, sup = (script_parts(nxt.children[1].children) if len(nxt.children) > 1
                    else (None, None))
        primes = sum(len(str(t)) for t in item.children[0].children[1:])
        nodes = paren.children[1].children[::2]
        definition = self.context.get(key)
        if definition is not None and not definition.function and self.head and \
                all(_single_name(n) for n in nodes) and not primes and sub is None:
            # S = k_B \ln \Omega, then S(p) = -k_B \sum_i p_i \ln p_i: the whole left side
            # states S anew, as a function of p (nobody defines a product)
            args = self.bare_arguments(nodes)
            self.calls.setdefault(key, (args, ()))
            value = Function(key)(*args)
            return self.power(value, sup, tok) if sup is not None else value
        if definition is not None and not definition.function:
            if len(nodes) == 1 and (_single_name(nodes[0]) or _single_number(nodes[0])):
                # elsewhere S(p) (or \mu(0)) after S = ...: a function of p, or S times p?
                self.ambiguous(f"{tok}(...) after {key} was defined as a quantity: {key} times "
                               f"it, or a function {key} of it? write {tok} \\cdot (...) or "
                               f"define {key} as a function", tok)
            return None
        if definition is None and (key in self.bound or key in INDEX_LETTERS):
            return None
        if primes:
            value = self._derivative_of(key, definition, nodes, primes, tok)
        elif self.head and definition is None and len(nodes) >= 1 and not (
                scalar_for(nk) is not None and not all(_single_name(n) for n in nodes)):
            # (a known scalar before a compound bracket multiplies it, also on a left
            # side: \tau(a+b) = ... is tau times a+b, not a function tau being defined)
            args = self.bare_arguments(nodes)
            idx = tuple(self.indices(sub, tok)[0]) if sub is not None else ()
            value = self.undefined_call(key, args, idx, tok)
        elif definition is None and key == "sigma" and key not in self.declared:
            value = self._sigma(nodes, sub, tok)
        elif definition is None and len(nodes) >= 2 and key not in self.dims:
            # p(x, \theta): a list is no number, so no product; the one reading is a
            # function of the arguments (an undefined one: it proves nothing about p)
            args = self.bare_arguments(nodes)
            idx = tuple(self.indices(sub, tok)[0]) if sub is not None else ()
            value = self.undefined_call(key, args, idx, tok)
        elif definition is None and (key in self.declared or key in MULTIPLIERS or nk.bold
                                     or family_for(nk) is not None or key in self.dims
                                     or scalar_for(nk) is not None):
            if len(nodes) == 1 and _single_name(nodes[0]):
                self.ambiguous(f"{tok}(...) before a single name: {key} times it, or a "
                               f"function {key} of it? write {tok} \\cdot (...) or define "
                               f"{key}(...) = ...", tok)
            return None
        else:
            args = self.bare_arguments(nodes)
            idx = tuple(self.indices(sub, tok)[0]) if sub is not None else ()
            if definition is not None:
                value = self.instantiate(key, idx, tok, args)
            else:
                value = self.undefined_call(key, args, idx, tok)
        return self.power(value, sup, tok) if sup is not None else value

    def indexed_call(self, item, nxt, alone):
        """``y_i(x)``: an output written with the vector it depends on, or y_i times x?

        As the whole left side of an equation (``y_i(x) = ...``) it is the field's
        notation for the y_i being defined there, a function of x: it reads as
        ``y_i``.  Anywhere else both readings are plausible, and the row gets an
        ambiguity diagnostic (it was once multiplied silently)."""
        if not (isinstance(item, Tree) and item.data == "based" and len(item.children) == 2
                and isinstance(item.children[0], Tree) and item.children[0].data == "name"
                and _is_paren(nxt) and len(nxt.children) == 1):
            return None
        scripts = [str(t) for t in item.children[1].children if isinstance(t, Token)]
        nodes = nxt.children[0].children[1].children[::2]
        tok = item.children[0].children[0]
        key = name_key(tok.type, str(tok)).key if tok.type != "CMD" else None
        definition = self.context.get(key)
        if scripts == ["_"] and upright_word(script_parts(item.children[1].children)[0]):
            return self._labelled_call(key, item, nodes, tok)    # L_{\mathrm{a}}(z): a label
        if scripts == ["_"] and definition is not None and definition.params is not None \
                and definition.indices and not self.head:
            # h_\theta(x) = ... defined h_\theta as a function of x: h_\theta(1) is its value
            # at 1 (read as h_\theta times 1 it proved anything about h_\theta(1))
            sub = script_parts(item.children[1].children)[0]
            idx = tuple(self.indices(sub, tok)[0])
            args = self.bare_arguments(nodes)
            if args == definition.params:
                return self.ex(item)
            return self.instantiate(key, idx, tok, args, apply=True)
        sup = script_parts(item.children[1].children)[1]
        if "^" in scripts and not is_transpose(sup) and not is_star(sup) and (
                len(nodes) == 1 and _single_name(nodes[0])
                or definition is not None and definition.function):
            # \tau^2(\mathbf z): tau squared times z, or the square of tau at z? (it was
            # multiplied silently); a defined tau: \tau(2)^2 or \tau(\tau(2)), at any argument
            self.ambiguous(f"{tok}^...(...): a power of {tok} times it, a power of a "
                           f"function {tok} at it, or {tok} applied repeatedly? write \\cdot, "
                           f"or {tok}(...)^2", tok)
            return None
        if scripts == ["_"] and len(nodes) >= 2 and definition is None:
            return self._labelled_call(key, item, nodes, tok)
        if scripts != ["_"] or len(nodes) != 1 or not (
                isinstance(nodes[0], Tree) and nodes[0].data == "term"
                and len(nodes[0].children) == 1 and _is_bare_name(nodes[0].children[0])):
            return None
        if self.head_side and alone:
            # the argument is the definition's parameter (see _parameters in definitions.py)
            self.calls.setdefault(key, (self.bare_arguments(nodes), ()))
            return self.ex(item)
        name = item.children[0].children[0]
        self.ambiguous(f"{name}_...(...) before a single name: {name} times it, or {name} as a "
                       f"function of it? write \\cdot, or define {name}_i(x) = ...", name)
        return None

    def _labelled_call(self, key, item, nodes, tok):
        """``\\mathcal{L}_{\\mathrm{a}}(z; q)``, ``f_i(x, y)``: a function of the arguments; an
        upright word subscript is part of its name (a label), an index is one more argument."""
        sub = script_parts(item.children[1].children)[0]
        word = upright_word(sub) or _label_word(sub)
        name = f"{key}_{{{word}}}" if word is not None else key
        args = self.bare_arguments(nodes)
        definition = self.context.get(name) if word is not None else None
        if definition is not None and definition.function:
            return self.instantiate(name, (), tok, args)
        idx = tuple(self.indices(sub, tok)[0]) if word is None else ()
        return self.undefined_call(name, args, idx, tok)

    def undefined_call(self, name, args, idx, node):
        """A function no row defines, at its arguments.  In a row read entry by entry,
        ``\\mathbf y = g(\\mathbf z)`` as ``y_i = g(z_i)`` proved ``\\partial y_1/\\partial z_2 = 0``;
        an undefined g of a vector is as plausibly a function of the whole vector (as
        softmax is): ambiguous.  Named scalar functions (tanh, sigmoid) do not come here."""
        if self.vector_index is not None and any(
                getattr(a, "has", None) is not None and a.has(self.vector_index) for a in args):
            self.ambiguous(f"{name}(...) of a vector in a row about vectors: {name} of each entry, or "
                           f"of the whole vector? write {name}(z_i) for each entry, or define {name}", node)
        self._unknown(name, "function", node)
        self.calls.setdefault(name, (args, idx))
        return Function(name)(*args, *idx)

    def _derivative_of(self, key, definition, nodes, primes, tok):
        """``f'(x)``, ``\\sigma'(z)``: the derivative of a one-argument function at ``x``."""
        if len(nodes) != 1:
            self.fail(f"{key}' takes one argument", tok)
        arg = self.ex(nodes[0])
        t = Dummy("t", real=True)
        if definition is not None and definition.params and len(definition.params) == 1:
            f = self.instantiate(key, (), tok, (t,))
        elif definition is None and key == "sigma":
            f = SCALAR_FUNCTIONS["sigmoid"](t)
        elif definition is None and key in SCALAR_FUNCTIONS:
            f = SCALAR_FUNCTIONS[key](t)
        else:
            self._unknown(key + "'" * primes, "function", tok)
            return Function(key + "'" * primes)(arg)
        return diff(f, t, primes).xreplace({t: arg})

    def _sigma(self, nodes, sub, tok):
        """``\\sigma(x)``: the sigmoid of a scalar; of a vector it is ambiguous."""
        if len(nodes) != 1:
            self.fail("\\sigma(...) takes one argument", tok)
        value = self.ex(nodes[0]) if sub is None else None
        if sub is not None or value is None:
            self.fail("\\sigma(\\mathbf z)_i: the sigmoid of an entry or softmax? define "
                      "\\sigma first (\\sigma(z)_i = ...)", tok)
        return SCALAR_FUNCTIONS["sigmoid"](value)


def _is_bare_name(node) -> bool:
    return (isinstance(node, Tree) and node.data == "based" and len(node.children) == 1
            and isinstance(node.children[0], Tree) and node.children[0].data == "name")


def _is_paren(node, brackets=False) -> bool:
    opening = ("LPAR", "LBRACK") if brackets else ("LPAR",)
    return (isinstance(node, Tree) and node.data == "based" and isinstance(node.children[0], Tree)
            and node.children[0].data == "paren" and node.children[0].children[0].type in opening)


def _single_name(node) -> bool:
    """An argument that is one name, possibly with scripts (``x``, ``\\mathbf z``, ``x_i``)."""
    while isinstance(node, Tree) and node.data in ("term", "based") and len(node.children) == 1:
        node = node.children[0]
    if isinstance(node, Tree) and node.data == "based":
        return _is_bare_name(Tree("based", node.children[:1]))
    return isinstance(node, Tree) and node.data == "name"


def _label_word(sub):
    """The word of a subscript ``{\\mathrm{sparsemax}}`` (a label), else None."""
    while isinstance(sub, Tree) and len(sub.children) in (1, 3) and sub.data != "name":
        kids = [c for c in sub.children if not (isinstance(c, Token) and c.type.endswith("BRACE"))]
        if len(kids) != 1:
            return None
        sub = kids[0]
    if isinstance(sub, Tree) and sub.data == "name" and len(sub.children) == 1:
        tok = sub.children[0]
        word = name_key(tok.type, str(tok)).key if tok.type in ("NAMECMD", "WORD") else ""
        return word if len(word) >= 2 else None
    return None


def _single_number(node) -> bool:
    """An argument that is one number (``0``, ``1.5``): ``\\mu(0)`` may apply or multiply."""
    while isinstance(node, Tree) and node.data in ("term", "based") and len(node.children) == 1:
        node = node.children[0]
    return isinstance(node, Tree) and node.data == "number"

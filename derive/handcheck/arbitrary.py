"""Names no row defines, under a derivative: arbitrary differentiable functions.

``\\frac{\\partial}{\\partial \\theta_k} \\log \\hat y_i`` with ``\\hat y`` defined only in
the author's prose says nothing SymPy can carry out (``\\hat y_i`` lacks ``\\theta``:
the derivative would silently be 0).  Read as the field reads it, ``\\hat y`` is
some differentiable function of ``\\theta``, and the derivative is
``\\hat y_i^{-1} \\, \\partial\\hat y_i / \\partial\\theta_k`` with ``\\partial\\hat y_i /
\\partial\\theta_k`` a number the document does not give.

The reading applies in a row where a derivative in a variable ``v`` (an entry
``v_k`` of a family, or a scalar) has an operand that lacks ``v``'s family and
holds names (the trigger).  Then, in every derivative in ``v`` of the row, every
real name other than ``v``'s family is a function of ``v`` -- the row speaks of
one reading throughout -- and the derivative is carried out by the product
and chain rules through sums, products, powers, ``exp``, ``log`` and the
smooth functions, with:

* ``\\partial v_j / \\partial v_k = \\delta_{jk}`` (one Kronecker delta per index);
* ``\\partial u_i / \\partial v_k`` the entry ``[i, k]`` of a family of its own
  (:func:`derivative_name`), so that sums, deltas and ranges work on it, and the
  same derivative written in a later row is the same object;
* bound indices renamed apart first (``\\partial/\\partial\\theta_k \\sum_k ...``).

Why a verdict on such a row is sound: every rewrite is an equality for every
choice of the functions, and the derivatives are free numbers of the claim, so
a proof (an identity in them) holds for the author's functions too.  A row
that fails is never refuted (one choice of function is not the author's):
:class:`Dependence` makes it unknown, saying which undefined name's dependence
on the variable it would need.  A second derivative of an undefined name, a
function applied (``J(\\theta)``, :mod:`derive.handcheck.generic`), a defined
variable, or a part the rules above do not cover is not read: the row keeps
its ``derivative-variable`` diagnostic, with the reason.
"""
from __future__ import annotations

from sympy import (Add, Basic, Derivative, Idx, Indexed, IndexedBase, Integral, KroneckerDelta,
                   Limit, Mul, Piecewise, Pow, S, Sum, Symbol, exp, log)
from sympy.core.function import AppliedUndef
from sympy.functions import atan, cos, cosh, erf, sin, sinh, tan, tanh

from ..kernel.deadline import remaining
from ..kernel.verdict import PROVED, UNKNOWN
from .build import RELATIONS
from .diagnostics import Diagnostic
from .expand import defined_name
from .indexing import fresh_bound, rename_placeholders
from .outcome import ASSUMED, DIAGNOSTIC, Outcome

__all__ = ["ArbitraryReading", "Dependence", "derivative_name", "derivative_names", "origin"]

_SHORTER = 3              # the checker's budget on a claim about such derivatives: a third
_SMOOTH = (sin, cos, tan, tanh, sinh, cosh, atan, erf)
_ORIGIN: dict = {}         # the name of a derivative family -> (name differentiated, variable)
_NOT_READ = (Derivative, Limit, Integral, Piecewise, AppliedUndef)


class _Unread(Exception):
    """A part of a derivative the arbitrary reading does not cover (the message says which)."""


def derivative_name(u: str, rank: int, v: str) -> str:
    """The name of the derivatives of ``u`` (with ``rank`` indices) in ``v``'s family.

    The rank is written in the name (``∂\\hat{y}[·]/∂theta``) so that the entry
    ``[i, k]`` of a family's derivative is never the entry ``[k]`` of a scalar's
    at another variable: each name splits its indices one way.
    """
    name = f"∂{u}/∂{v}" if rank == 0 else f"∂{u}[{','.join('·' * rank)}]/∂{v}"
    _ORIGIN[name] = (u, v)
    return name


def origin(name: str):
    """``(u, v)`` for a derivative name made by :func:`derivative_name`, else None."""
    return _ORIGIN.get(name)


def derivative_names(*exprs) -> set:
    """The derivative names (:func:`derivative_name`) in ``exprs``."""
    found = set()
    for e in exprs:
        if not isinstance(e, Basic):
            continue
        found |= {str(a.base.label) for a in e.atoms(Indexed) if str(a.base.label) in _ORIGIN}
        found |= {s.name for s in e.atoms(Symbol) if s.name in _ORIGIN}
    return found


def _label(v) -> str:
    return str(v.base.label) if isinstance(v, Indexed) else str(v)


def _names(e) -> set:
    """The real names ``e`` speaks of: scalars and families (labels), not indices."""
    found: set = set()

    def walk(x):
        if isinstance(x, Indexed):
            found.add(str(x.base.label))
            for ix in x.indices:
                walk(ix)
        elif isinstance(x, Symbol):
            if not (isinstance(x, Idx) or x.is_integer):
                found.add(x.name)
        elif isinstance(x, Basic):
            for a in x.args:
                walk(a)
    walk(e)
    return found


class ArbitraryReading:
    """The arbitrary-function reading of one row (see the module docstring).

    Args:
        records: ``(operand, variables, line)`` of the row's derivatives (operands
            with the definitions put in).
        defs: the definitions in context.
        opaque: names of numbers read by their name only (``\\max_i z_i``): a
            derivative of one is not read.
    """

    def __init__(self, records, defs, opaque=()):
        self.defs = defs
        self.opaque = {str(o) for o in opaque}
        self.families: set = set()      # the variables' families that trigger the reading
        self.problems: list = []        # (message) of the derivatives not read
        for operand, variables, _ in records:
            for var in variables:
                if self._triggers(operand, var):
                    self.families.add(_label(var))

    def _triggers(self, operand, var) -> bool:
        if not isinstance(operand, Basic) or defined_name(var, self.defs) is not None:
            return False
        names = _names(operand)
        if _label(var) in names or not names or names & self.opaque:
            return False
        return not operand.has(*_NOT_READ)

    def covers(self, operand, var) -> bool:
        """Whether the derivative of ``operand`` in ``var`` is read here (no diagnostic)."""
        return _label(var) in self.families and defined_name(var, self.defs) is None

    def chains(self, chains):
        """The row's chains with the derivatives in a triggering variable carried out."""
        if not self.families:
            return chains
        out = []
        for c in chains:
            exprs = tuple(self._apply(e) if isinstance(e, Basic) else e for e in c.exprs)
            out.append(type(c)(rename_placeholders(exprs), c.ops, c.continuation))
        return tuple(out)

    def diagnostics(self, line) -> list:
        return [Diagnostic("derivative-variable", m, line) for m in dict.fromkeys(self.problems)]

    def _apply(self, e):
        if not e.has(Derivative):
            return e
        if isinstance(e, Derivative):
            inner = self._apply(e.expr)
            if not any(_label(v) in self.families for v in e.variables):
                return e.func(inner, *e.variable_count) if inner is not e.expr else e
            var = e.variables[0]
            try:
                if len(e.variable_count) != 1 or e.variable_count[0][1] != 1:
                    raise _Unread("a derivative of higher order of a name no row defines")
                if defined_name(var, self.defs) is not None:
                    raise _Unread(f"{var} is defined, and a name no row defines is in the operand")
                return _Diff(var, self.opaque).of(fresh_bound(inner))
            except _Unread as why:
                self.problems.append(f"derivative with respect to {var} of an expression with "
                                     f"names no row defines, read as functions of {var}: {why}; "
                                     "not read")
                return e
        args = [self._apply(a) for a in e.args]
        return e.func(*args) if any(a is not b for a, b in zip(args, e.args)) else e


class _Diff:
    """``d/dvar`` with every name but ``var``'s family a differentiable function of ``var``."""

    def __init__(self, var, opaque):
        self.var, self.family, self.opaque = var, _label(var), opaque
        self.indices = var.indices if isinstance(var, Indexed) else ()

    def of(self, e):
        if e.is_number or isinstance(e, (Idx, KroneckerDelta)) or \
                isinstance(e, Symbol) and e.is_integer:
            return S.Zero
        if isinstance(e, Symbol):
            if e == self.var:
                return S.One
            return self._arbitrary(e.name, ())
        if isinstance(e, Indexed):
            return self._entry(e)
        if isinstance(e, Add):
            return Add(*[self.of(a) for a in e.args])
        if isinstance(e, Mul):
            terms = []
            for k, factor in enumerate(e.args):
                d = self.of(factor)
                if d != 0:
                    terms.append(Mul(*(e.args[:k] + (d,) + e.args[k + 1:])))
            return Add(*terms)
        if isinstance(e, Pow):
            base, power = e.args
            db, dp = self.of(base), self.of(power)
            if dp == 0:
                return power * base ** (power - 1) * db
            return e * (dp * log(base) + power * db / base)
        if isinstance(e, exp):
            return e * self.of(e.args[0])
        if isinstance(e, log) and len(e.args) == 1:
            return self.of(e.args[0]) / e.args[0]
        if isinstance(e, _SMOOTH) and len(e.args) == 1:
            return e.fdiff(1) * self.of(e.args[0])
        if isinstance(e, Sum):
            for _, *ends in e.limits:
                if any(_names(end) for end in ends):
                    raise _Unread("a sum whose limits are not counts")
            inner = self.of(e.function)
            return S.Zero if inner == 0 else Sum(inner, *e.limits)
        raise _Unread(f"{type(e).__name__} is not differentiated under this reading")

    def _entry(self, e):
        label = str(e.base.label)
        if label == self.family:
            if len(e.indices) != len(self.indices):
                raise _Unread(f"{e} and {self.var} have different numbers of indices")
            return Mul(*[KroneckerDelta(a, b) for a, b in zip(e.indices, self.indices)])
        return self._arbitrary(label, e.indices)

    def _arbitrary(self, name, indices):
        if name == self.family:
            raise _Unread(f"{name} stands alone beside its entries {self.var}")
        if name in _ORIGIN:
            raise _Unread("a second derivative of a name no row defines")
        if name in self.opaque:
            raise _Unread(f"{name} is read by its name only")
        name = derivative_name(name, len(indices), self.family)
        at = tuple(indices) + tuple(self.indices)
        return IndexedBase(name, real=True)[at] if at else Symbol(name, real=True)


class Dependence:
    """Mixin of the verdicts: a link whose sides hold derivatives of undefined names
    (:func:`derivative_names`) is proved, or unknown -- never refuted, never a
    missing hypothesis or an index clash (the function the author means is one
    particular function; a choice of another is no counterexample)."""

    def _link(self, a, op, b, line, dvars, extra, linked=True, supposed=False, uses=()):
        names = sorted(derivative_names(a, b))
        saved = self.timeout
        if names:       # (a refutation is not kept, so the checker's search for one is cut short)
            self.timeout = min(saved, max(1.0, saved / _SHORTER))
        try:
            found = self._link_read(a, op, b, line, dvars, extra, linked, supposed, uses)
        finally:
            self.timeout = saved
        if not names and found[2] is not None:
            # a counterexample to the claim as the premises rewrite it: a rule solved from
            # a row about such a derivative puts it in
            premises = self.scope.premises(extra)[0]
            names = sorted(derivative_names(premises.substitute(a), premises.substitute(b)))
        if not names or found[0] == ASSUMED:
            return found
        pairs: dict = {}
        for u, v in sorted(origin(n) for n in names):
            pairs.setdefault(u, []).append(v)
        reading = "names no row defines, read as any differentiable functions: " + \
            "; ".join(f"{u} of {', '.join(vs)}" for u, vs in pairs.items())
        if found[0] == PROVED:
            return Outcome(PROVED, found[1], found[2], f"{found[3]}; {reading}".lstrip("; "),
                           found[4], found[5])
        if found[0] == DIAGNOSTIC and found[1] not in ("index-clash", "missing-hypothesis",
                                                          "undefined-symbol"):
            return found
        # A name that comes in here on one side only came in undefined, as in a refuted
        # row: no row below is refuted with it (the checker's verdict here is not kept).
        left, right = _names(a), _names(b)
        fresh = (left ^ right if left and right else set()) - self.seen - set(self.defs) \
            - derivative_names(a, b)
        if fresh:
            self.undefined |= fresh
            self.undefined_lines.add(line)
        needs = self._needs(a, op, b, names, extra)
        why = (f"holds if {needs}" if needs else "not shown to hold for every such function, "
               "and one choice of function is no counterexample")
        also = f" (as read: {found[3]})" if found[0] == DIAGNOSTIC and found[1] != \
            "undefined-symbol" else ""
        return Outcome(UNKNOWN, "undefined function", None, f"{reading}; {why}{also}")

    def _needs(self, a, op, b, names, extra):
        """``y does not depend on theta`` when the claim holds with that derivative 0."""
        if op != "=":
            return None
        premises = self.scope.premises(extra, proving=True)[0]
        budget = min(self.timeout, max(1.0, self.timeout / _SHORTER))
        for name in names[:3]:
            left = remaining()
            if left is not None and left < 2 * budget:
                return None     # (only a hint in the detail: never at the cost of the row)
            sides = [_zero(side, name) for side in (a, b)]
            if sides == [a, b]:
                continue
            claim = RELATIONS[op](*sides, evaluate=False)
            saved, self.timeout = self.timeout, budget
            try:
                proved = self._prove(claim, premises)[0] == PROVED
            finally:
                self.timeout = saved
            if proved:
                u, v = origin(name)
                return f"{u} does not depend on {v}"
        return None


def _zero(e, name):
    """``e`` with the derivatives named ``name`` set to 0 (a name that does not depend)."""
    e = e.replace(lambda x: isinstance(x, Indexed) and str(x.base.label) == name,
                  lambda x: S.Zero)
    return e.xreplace({s: S.Zero for s in e.atoms(Symbol) if s.name == name})

"""Preparing a claim and its hypotheses, under the deadline: every step keeps the meaning.

In order (:func:`prepare_input`):

1. Hypotheses built with ``evaluate=False`` are evaluated (``z_1 < z_1`` must
   read false).  This is SymPy work on user input, so it runs under the
   deadline like everything after it.
2. Bound variables are renamed apart (:func:`derive.kernel.binders.alpha_convert`)
   before any hypothesis is used or anything is differentiated.
3. Summation bounds are checked: a numeric non-integer bound is an input
   error; a symbolic one not known to be an integer leaves the claim
   undecided (no proof is attempted; a counterexample is still valid, since
   the evaluator only runs sums whose bounds are integers).
4. Derivatives and limits are carried out (:func:`prepare`); a limit that
   does not exist, or that SymPy cannot compute, is reported in words.

:func:`decide_infinities` settles claims whose sides involve ``oo``, ``zoo``
or ``nan`` outside summation bounds: constant sides in the extended reals are
compared exactly (``oo = oo`` is proved, ``oo = -oo`` refuted); ``zoo`` and
``nan`` are undefined and explained, never compared.
"""
from __future__ import annotations

from .memo import remembered
from sympy import (AccumBounds, Basic, Derivative, Dummy, Idx, Limit, Product, S, Sum,
                   expand_log, log)
from sympy.core.relational import Relational
from sympy.logic.boolalg import And, BooleanFalse, BooleanTrue

from .binders import alpha_convert, alpha_convert_once, sum_bound_problems
from .indices import write_out_sums
from ..printing.readable import readable_names

__all__ = ["Undecided", "InputError", "evaluate_hypotheses", "prepare", "bound_check",
           "decide_infinities", "shown", "alpha_convert_relation"]


class Undecided(Exception):
    """Preparation found that the claim cannot be decided; the message says why, in words."""


class InputError(Exception):
    """The claim is ill-posed (a numeric non-integer summation bound); the message names it."""


def shown(e) -> str:
    """``e`` as text, each internal name (a Dummy, a canonical ``_s0``) replaced by a
    readable one that no other symbol of ``e`` has (:func:`derive.printing.readable.readable_names`)."""
    if not isinstance(e, Basic):
        return str(e)
    # each sum over a renamed variable its own first: which sums share one Dummy depends
    # on the order the rewrites ran in
    return str(readable_names(_apart(e)))


def _apart(e):
    """``e`` with each sum over a renamed variable given its own: two sums may share one
    Dummy, and which ones do depends on the order the rewrites ran in."""
    if not isinstance(e, Basic) or not e.args or not e.has(Dummy):
        return e
    e = e.func(*[_apart(a) for a in e.args])
    if isinstance(e, (Sum, Product)) and any(isinstance(lim[0], Dummy) for lim in e.limits):
        e = alpha_convert_once(e)
    return e


def evaluate_hypotheses(given):
    """Each hypothesis evaluated (a relation built unevaluated is decided now): (position, original, evaluated)."""
    flat = []
    for pos, g in given:
        for part in (g.args if isinstance(g, And) else (g,)):
            if isinstance(part, Relational):
                part = part.func(part.lhs, part.rhs)
            if not isinstance(part, BooleanTrue):
                flat.append((pos, g, part))
    return flat


@remembered
def alpha_convert_relation(rel):
    """A relation with the bound variables of both sides renamed apart.

    Remembered: the same relation gets the same Dummies every time it is checked, so the
    work on it (normal forms, contradictions among hypotheses, SymPy's own caches and
    assumption queries) is found again instead of redone on new objects.  Sound because
    the Dummies never leave the checker (verdicts carry the caller's claim, counterexamples
    only free symbols and entries), so no later input can contain one free.
    """
    if not isinstance(rel, Relational):
        return rel
    return rel.func(alpha_convert(rel.lhs), alpha_convert(rel.rhs), evaluate=False)


def bound_check(exprs):
    """Raise :class:`InputError` for a numeric non-integer summation bound; return the symbolic ones.

    Returns:
        a sentence naming the first bound not known to be an integer, or "".
    """
    numeric, symbolic = [], []
    for e in exprs:
        if isinstance(e, Basic):
            num, sym = sum_bound_problems(e)
            numeric += num
            symbolic += sym
    if numeric:
        binder, bound = numeric[0]
        raise InputError(f"the bound {bound} of {shown(binder)} is not an integer; sums and products "
                         f"run over integers, so write the bound as an integer")
    if symbolic:
        binder, bound = symbolic[0]
        return (f"the bound {shown(bound)} of {shown(binder)} is not known to be an integer "
                f"(sums run over integers), so no proof is attempted; declare it integer=True")
    return ""


def prepare(e):
    """Carry out derivatives and limits, and write out sums over short concrete ranges.

    Logarithms are expanded (``expand_log`` without ``force``: only where the
    assumptions make it an identity) before differentiating, since the
    derivative of ``log(exp(a)/b)`` as ``a - log(b)`` is far smaller.

    Raises:
        Undecided: a limit does not exist or cannot be computed.
    """
    e = write_out_sums(e)
    if e.has(Derivative):       # a walk that finds nothing still rebuilds nothing, but costs
        e = e.replace(lambda d: isinstance(d, Derivative), _differentiate)
    if e.has(Limit):
        e = e.replace(lambda d: isinstance(d, Limit), _limit)
    return write_out_sums(e)


def _differentiate(d):
    body = expand_log(d.expr, force=False) if d.expr.has(log) else d.expr
    return Derivative(body, *d.variable_count).doit(deep=False)


def _limit(lim):
    expr, var, point, direction = lim.args
    try:
        value = lim.doit(deep=False)
    except ValueError as exc:
        if "does not exist" in str(exc):
            raise Undecided(f"the limit {shown(lim)} does not exist: {_sides(expr, var, point)}") from None
        raise Undecided(f"SymPy could not compute the limit {shown(lim)}") from None
    except (NotImplementedError, TypeError, AttributeError):
        raise Undecided(f"SymPy could not compute the limit {shown(lim)}") from None
    if isinstance(value, AccumBounds) or (isinstance(value, Basic) and value.has(AccumBounds)):
        raise Undecided(f"the limit {shown(lim)} does not exist: the expression keeps oscillating "
                        f"(SymPy bounds it by {value})")
    if value is S.ComplexInfinity and str(direction) == "+-":
        raise Undecided(f"the limit {shown(lim)} does not exist: {_sides(expr, var, point)}")
    return value


def _sides(expr, var, point):
    """The one-sided limits, in words."""
    try:
        left = Limit(expr, var, point, "-").doit(deep=False)
        right = Limit(expr, var, point, "+").doit(deep=False)
    except Exception:   # noqa: BLE001 - the words are a courtesy; the verdict is unknown anyway
        return "the one-sided limits differ or do not exist"
    return f"the limit from the left is {left} and the limit from the right is {right}"


_SPECIAL = (S.Infinity, S.NegativeInfinity, S.ComplexInfinity, S.NaN)


def _specials(e) -> set:
    """oo, -oo, zoo, nan occurring in ``e`` outside the bounds of sums and products."""
    if e in _SPECIAL:
        return {e}
    if not isinstance(e, Basic) or not e.args:
        return set()
    if isinstance(e, (Sum, Product)):
        return _specials(e.function)
    if isinstance(e, Idx):
        return set()
    out = set()
    for a in e.args:
        out |= _specials(a)
    return out


_ZOO_WORDS = ("zoo is SymPy's complex infinity (log(0) and 1/0 evaluate to it): it is undefined as "
              "a real number and equal to neither oo nor -oo; for a one-sided behaviour write the "
              "limit, e.g. Limit(log(x), x, 0, '+'), which is -oo")


def decide_infinities(claim):
    """(status, method, detail) for a claim involving infinities, or None if it involves none.

    ``status`` is "proved", "false" (constant sides that compare false in the
    extended reals: the caller refutes, with a point satisfying the
    hypotheses) or "unknown".
    """
    found = _specials(claim.lhs) | _specials(claim.rhs)
    if not found:
        return None
    if S.ComplexInfinity in found:
        return "unknown", "undefined", f"a side evaluates to zoo; {_ZOO_WORDS}"
    if S.NaN in found:
        return ("unknown", "undefined", "a side evaluates to nan, an undefined value (as oo - oo or "
                "0*oo are); it is neither equal nor unequal to anything")
    if claim.lhs.free_symbols or claim.rhs.free_symbols:
        return ("unknown", "infinity", "the sides involve oo and free symbols; only claims whose "
                "sides are constants in the extended reals are decided")
    decided = claim.func(claim.lhs, claim.rhs)
    if isinstance(decided, BooleanTrue):
        return "proved", "extended-reals", f"in the extended reals, {claim.lhs} {claim.rel_op} {claim.rhs}"
    if isinstance(decided, BooleanFalse):
        return "false", "extended-reals", f"in the extended reals, {claim.lhs} {claim.rel_op} {claim.rhs} is false"
    return "unknown", "infinity", f"the comparison of {claim.lhs} and {claim.rhs} is not decided"

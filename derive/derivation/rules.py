"""The derivation rules, registered in one table.

A rule turns a step (its claim, premises and arguments) into proof
obligations: relations that ``derive.kernel.checker.check`` must prove for the step
to follow.  Each rule carries the sentence the documents print for it.  A
rule that does not fit the step raises :class:`RuleNotApplicable`.
"""
from __future__ import annotations

from sympy import Add, Function, Idx, Indexed, Ne, Sum, diff, exp, expand, sympify, together
from sympy.core.relational import Relational
from sympy.logic.boolalg import BooleanAtom

from ..errors import RuleNotApplicable
from ..kernel.binders import subs_free
from ..kernel.indices import resum
from .kkt_rules import KKT_RULES
from .lagrange import lagrangian
from .obligations import Eq, Obligation, Rule, given as _given, one as _one
from .support_rules import SUPPORT_RULES
from .obligations import conjuncts, equation as _eq, premise as _premise, premise_claims

__all__ = ["Obligation", "Rule", "RULES", "rule"]


def _lagrangian(step, premises):
    c = _eq(step)
    return (_one(Eq(c.rhs, lagrangian(step.arg("problem"))),
                 "the stated Lagrangian is the one built from the problem"),)


def _differentiate(step, premises):
    c, p = _eq(step), _premise(step, premises)
    return (_one(Eq(diff(p.rhs, step.arg("wrt")), c.rhs), "the derivative is as stated", _given(step)),)


def _stationary(step, premises):
    c, p = _eq(step), _premise(step, premises)
    return (_one(Eq(c.lhs - c.rhs, p.rhs), "the condition sets that derivative to zero"),)


def _rearrange(step, premises):
    c, p = _eq(step), _premise(step, premises)
    return (Obligation((Eq(c.lhs - c.rhs, p.lhs - p.rhs), Eq(c.lhs - c.rhs, p.rhs - p.lhs)),
                       _given(step), "the new equation is the old one rearranged"),)


def _multiply(step, premises):
    c, p = _eq(step), _premise(step, premises)
    factor = step.arg("factor")
    if factor is None:
        raise RuleNotApplicable(f"step {step.name!r} needs the argument 'factor'")
    return (Obligation((Eq(c.lhs - c.rhs, factor * (p.lhs - p.rhs)),
                        Eq(c.lhs - c.rhs, -factor * (p.lhs - p.rhs))), _given(step),
                       "the new equation is the old one times the factor"),
            Obligation((factor > 0, factor < 0, Ne(factor, 0)), _given(step), "the factor is nonzero"))


def _exponentiate(step, premises):
    c, p = _eq(step), _premise(step, premises)
    return (_one(Eq(c.lhs, exp(p.lhs)), "the left side is exp of the old left side"),
            _one(Eq(c.rhs, exp(p.rhs)), "the right side is exp of the old right side"))


def _solve_for(step, premises):
    c, p = _eq(step), _premise(step, premises)
    u = step.arg("unknown")
    if c.lhs != u:
        raise RuleNotApplicable(f"step {step.name!r} must have {u} alone on its left side")
    g = p.lhs - p.rhs
    slope = diff(g, u)
    return (_one(Eq(subs_free(g, {u: c.rhs}), 0), "the value solves the equation", _given(step)),
            Obligation((slope > 0, slope < 0), _given(step),
                       "the equation is strictly monotone in the unknown, so the solution is unique"))


def _substitute(step, premises):
    c = _eq(step)
    sub, target = _premise(step, premises, 0), _premise(step, premises, 1)
    if not (sub.lhs.is_Symbol or isinstance(sub.lhs, Indexed) or sub.lhs.func == exp):
        raise RuleNotApplicable(f"premise {step.uses[0]!r} must define a symbol, an entry or an exponential")
    replaced = subs_free(target.lhs - target.rhs, {sub.lhs: sub.rhs})
    if replaced == target.lhs - target.rhs:
        raise RuleNotApplicable(f"{sub.lhs} does not occur in premise {step.uses[1]!r}")
    return (Obligation((Eq(c.lhs - c.rhs, replaced), Eq(c.lhs - c.rhs, -replaced)), _given(step),
                       "the equation is the target with the substitution made"),)


def _into_constraint(step, premises):
    """Insert entry formulas into a constraint; formulas for the pieces of a split range
    (``p_a`` for ``a`` in ``1..s``, ``p_b`` for ``b`` in ``s+1..n``) split its sums there.

    A formula for ``x_k``, ``k`` in ``lo..hi``, is used only where the index takes
    values in ``lo..hi``: inside a sum over exactly that range, or at an entry whose
    index lies in it.  Splitting ``Σ_{i=lo}^{hi}`` at the pieces is an identity
    (Karr's convention); each piece must not be reversed, or its terms would lie
    outside the range (an obligation, unless the assumptions settle it).
    """
    c = _eq(step)
    constraint = step.arg("constraint")
    pieces = [e for claim in premise_claims(step, premises) for e in conjuncts(claim)
              if isinstance(e, Relational) and e.rel_op == "==" and isinstance(e.lhs, Indexed)
              and len(e.lhs.indices) == 1 and isinstance(e.lhs.indices[0], Idx)]
    if not pieces or len({e.lhs.base for e in pieces}) != 1:
        raise RuleNotApplicable(f"the premises of {step.name!r} must give entries x_k = ... of one family")
    base = pieces[0].lhs.base
    ranges = []
    inserted = (constraint.lhs - constraint.rhs).replace(
        lambda e: isinstance(e, Sum) and e.function.has(base),
        lambda s: _insert_in_sum(s, base, pieces, ranges))
    inserted = inserted.replace(lambda e: isinstance(e, Indexed) and e.base == base,
                                lambda e: _entry_value(e, pieces))
    obligations = [_one(Eq(c.lhs - c.rhs, inserted), "the equation is the constraint with the entries inserted")]
    hyps = tuple(r for claim in premise_claims(step, premises) for r in conjuncts(claim)
                 if isinstance(r, Relational) and r.rel_op in ("<", "<=", ">", ">=")) + _given(step)
    for lo, hi in ranges:
        size = hi - lo + 1
        if size.is_nonnegative is not True:
            obligations.append(_one(size >= 0, f"the range {lo}..{hi} is not reversed", hyps))
    return tuple(obligations)


def _insert_in_sum(s, base, pieces, ranges):
    if len(s.limits) != 1:
        raise RuleNotApplicable("a formula can be inserted only into a sum over one index")
    var, lo, hi = s.limits[0]
    chain = sorted(pieces, key=lambda e: str(e.lhs.indices[0].lower))
    ordered, start = [], lo
    while True:     # the pieces, in order, must cover lo..hi exactly
        nxt = next((e for e in chain if expand(e.lhs.indices[0].lower - start) == 0 and e not in ordered), None)
        if nxt is None:
            raise RuleNotApplicable(f"the premises' index ranges do not cover {lo}..{hi} piece by piece")
        ordered.append(nxt)
        end = nxt.lhs.indices[0].upper
        if expand(end - hi) == 0:
            break
        start = end + 1
    terms = []
    for e in ordered:
        k = e.lhs.indices[0]
        body = s.function.replace(lambda t: isinstance(t, Indexed) and t.base == base and t.indices == (var,),
                                  lambda t: subs_free(e.rhs, {k: var}))
        if body.has(base):
            raise RuleNotApplicable(f"the summand of {s} holds entries the premises do not give")
        ranges.append((k.lower, k.upper))
        terms.append(resum(body, var, k.lower, k.upper))
    return Add(*terms)


def _entry_value(e, pieces):
    (at,) = e.indices
    for piece in pieces:
        k = piece.lhs.indices[0]
        inside = (at == k) or (at.is_Integer and k.lower.is_Integer and k.upper.is_Integer
                               and k.lower <= at <= k.upper)
        if inside:
            return subs_free(piece.rhs, {k: at})
    raise RuleNotApplicable(f"no premise gives the entry {e}")


def _specialize(step, premises):
    c, p = _eq(step), _premise(step, premises)
    values = {sympify(key): sympify(v) for key, v in dict(step.arg("values")).items()}
    return (_one(Eq(c.lhs - c.rhs, subs_free(p.lhs - p.rhs, values)), "the equation is the premise at these values"),)


def _direct(step, premises):
    if not isinstance(step.claim, (Relational, BooleanAtom)):
        raise RuleNotApplicable(f"step {step.name!r} must claim a relation")
    return (_one(step.claim, "the claim holds", _given(step)),)


def _finite_sum_of_limits(step, premises):
    """lim Σ_{i=1}^{r} f_i = Σ lim f_i over a finite range: the rule is the sum rule for limits.

    The premise is the limit of the summand for a free summation index, so it
    holds for every term; its value is finite (a limit equation with a finite
    right-hand side), and the sum of finitely many limits is the limit of the sum.
    """
    c, p = _eq(step), _premise(step, premises)
    lim_c, lim_p = c.lhs, p.lhs
    if lim_c.func.__name__ != "Limit" or lim_p.func.__name__ != "Limit":
        raise RuleNotApplicable("both the claim and the premise must be limits")
    total = lim_c.args[0]
    if total.func.__name__ != "Sum" or total.args[0] != lim_p.args[0] or lim_c.args[1:] != lim_p.args[1:]:
        raise RuleNotApplicable("the claim must be the limit of a finite sum of the premise's terms")
    var, lo, hi = total.limits[0]
    return (_one(Eq(c.rhs, Sum(p.rhs, (var, lo, hi))), "the limit of the sum is the sum of the limits"),)


def _limit_parts(claim, name):
    lim = claim.lhs
    if lim.func.__name__ != "Limit":
        raise RuleNotApplicable(f"{name} must be an equation Limit(...) = value")
    expr, var, point = lim.args[0], lim.args[1], lim.args[2]
    return expr, var, point


def _continuity(step, premises):
    """lim F(s_1, .., s_m) = F(lim s_1, .., lim s_m) for F continuous at the limits.

    ``F`` (a Lambda) may use exp, integer powers and finite sums, which are
    continuous everywhere, and division, which is continuous where the
    denominator is nonzero: that is the obligation this rule adds.  When F has
    one argument more than there are premises, the last one is the limit
    variable itself, and the point must be finite.
    """
    c = _eq(step)
    expr, var, point = _limit_parts(c, f"step {step.name!r}")
    F = step.arg("F")
    inner, values = [], []
    for pos in range(len(step.uses)):
        p = _premise(step, premises, pos)
        e, v2, pt2 = _limit_parts(p, f"premise {step.uses[pos]!r}")
        if (v2, pt2) != (var, point):
            raise RuleNotApplicable(f"premise {step.uses[pos]!r} is a limit in another variable or point")
        inner.append(e)
        values.append(p.rhs)
    if len(F.variables) == len(inner) + 1:
        if not point.is_finite:
            raise RuleNotApplicable("the limit variable can be an argument of F only at a finite point")
        inner.append(var)
        values.append(point)
    if len(F.variables) != len(inner):
        raise RuleNotApplicable(f"F takes {len(F.variables)} arguments, the step supplies {len(inner)}")
    allowed = {"exp", "Pow", "Add", "Mul", "Sum"}
    bad = {type(a).__name__ for a in F.expr.atoms(Function)} - allowed
    if bad:
        raise RuleNotApplicable(f"F uses {', '.join(sorted(bad))}, whose continuity this rule does not know")
    at_limit = F(*values)
    _, den = together(F.expr).as_numer_denom()
    den_at = subs_free(den, dict(zip(F.variables, values)))
    return (_one(Eq(expr, F(*inner)), "the expression is F of the premises' expressions"),
            _one(Eq(c.rhs, at_limit), "the value is F of the premises' limits"),
            Obligation((den_at > 0, den_at < 0, Ne(den_at, 0)), (),
                       "F is continuous there: its denominator does not vanish"))


RULES: dict[str, Rule] = {r.name: r for r in KKT_RULES + SUPPORT_RULES + (
    Rule("lagrangian", "Form the Lagrangian: the objective plus each constraint, scaled by its multiplier, with the sign convention of the source.", _lagrangian),
    Rule("differentiate", "Differentiate {premise} with respect to {wrt}; the Kronecker deltas collapse the sums because the index lies in its range.", _differentiate),
    Rule("stationary", "A stationary point makes the derivative {premise} vanish.", _stationary),
    Rule("rearrange", "Rearrange {premise}.", _rearrange),
    Rule("multiply", "Multiply both sides of {premise} by {factor}, which is nonzero.", _multiply),
    Rule("exponentiate", "Exponentiate both sides of {premise}; the exponential is injective, so nothing is lost.", _exponentiate),
    Rule("solve_for", "Solve {premise} for {unknown}; it is strictly monotone in {unknown}, so the solution is unique.", _solve_for),
    Rule("substitute", "Substitute {premise} into {target}.", _substitute),
    Rule("into_constraint", "Insert {premise} into the constraint {constraint}.", _into_constraint),
    Rule("specialize", "Specialize {premise} at {values}.", _specialize, narrowing=("values", "given")),
    Rule("identity", "A direct identity.", _direct),
    Rule("inequality", "A sign argument.", _direct),
    Rule("limit", "A limit, computed symbolically.", _direct, fixed_n=False),
    Rule("continuity", "Pass to the limit through {F}, which is continuous at the limit point.", _continuity, fixed_n=False),
    Rule("finite_sum_of_limits", "The sum rule for limits over the finite range of {premise}.", _finite_sum_of_limits, fixed_n=False),
)}


def rule(name: str) -> Rule:
    """The rule registered under ``name``."""
    try:
        return RULES[name]
    except KeyError:
        raise ValueError(f"unknown rule {name!r}; known rules: {', '.join(sorted(RULES))}") from None

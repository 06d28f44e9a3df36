"""Rules for problems with inequality constraints: the KKT system and its case analysis.

* ``kkt`` -- at an optimum of a problem whose constraints are affine, the KKT
  conditions hold for some multipliers (the Karush-Kuhn-Tucker theorem; affine
  constraints need no further qualification).  The claim lists conditions at
  one entry; each must be one the engine generates from the problem
  (:func:`~derive.derivation.lagrange.kkt_conditions`), and each constraint
  must be affine (its second derivatives vanish).
* ``kkt_sufficient`` -- every KKT condition at an entry holds under the
  stated hypotheses (a candidate point and multipliers).
* ``zero_product`` -- a product that vanishes has a vanishing factor: the
  claimed disjunction must multiply out to a premise.
* ``cases`` -- the claim holds in each case of a disjunction (a premise),
  with the other premises as hypotheses.
* ``follows`` -- the claim follows from the premises, each possibly taken at
  a chosen value of its free index (in that index's range).
* ``define`` -- a new symbol names an expression.
"""
from __future__ import annotations

from sympy import And, Dummy, Idx, Mul, Or, S, Symbol, diff, true
from sympy.core.relational import Relational

from ..errors import RuleNotApplicable
from ..kernel.binders import subs_free
from ..kernel.indices import rename_apart
from .lagrange import kkt_conditions
from .obligations import Eq, Obligation, Rule, as_sign, conjuncts, free_index, given, one, premise_claims

__all__ = ["KKT_RULES"]


def _problem(step):
    problem = step.arg("problem")
    if problem is None:
        raise RuleNotApplicable(f"step {step.name!r} needs the argument 'problem'")
    return problem


def _entry_index(step, problem):
    """The entry the step speaks of: the argument ``at``, else the claim's one free index."""
    at = step.arg("at")
    return at if at is not None else free_index(step.claim, f"the claim of {step.name!r}")


def _conditions(problem, k):
    """The KKT conditions at entry ``k``, those of them that are about that entry, and the
    obligation that ``k`` is an entry.

    They are generated at an index over the problem's whole range and then
    taken at ``k``, so an entry of a sub-range (the support ``1..s``) needs
    only to be shown to lie in the range.
    """
    ix = problem.index
    generic = Idx(Dummy(str(ix), integer=True), (ix.lower, ix.upper))
    system = kkt_conditions(problem, generic)
    conditions = (Eq(system.stationarity, 0),) + system.primal + system.dual + system.slackness
    entrywise = tuple(c.xreplace({generic: k}) for c in conditions if c.has(generic))
    conditions = tuple(c.xreplace({generic: k}) for c in conditions)
    return conditions, entrywise, And(k >= ix.lower, ix.upper >= k)


def _matches(rel, conditions, given_=()):
    """Obligation: ``rel`` is one of ``conditions`` (the same relation, possibly rearranged)."""
    e, op = as_sign(rel)
    alts = []
    for cond in conditions:
        if isinstance(cond, Relational) and cond.rel_op != "!=":
            f, op2 = as_sign(cond)
            if op2 == op:
                alts.append(Eq(e, f))
                if op == "==":
                    alts.append(Eq(e, -f))
    if not alts:
        raise RuleNotApplicable(f"{rel} is not of the form of any KKT condition")
    return Obligation(tuple(alts), tuple(given_), f"{rel} is a KKT condition of the problem")


def _affine(problem, k):
    j = Idx(Dummy("j", integer=True), (k.lower, k.upper)) if isinstance(k, Idx) else k
    out = []
    for c in problem.constraints:
        g = subs_free(c.lhs - c.rhs, {problem.index: k}) if c.indexed else c.lhs - c.rhs
        out.append(one(Eq(diff(g, problem.variable(k), problem.variable(j)), 0),
                       f"the constraint {c.name} is affine"))
    return out


def _kkt(step, premises):
    problem = _problem(step)
    k = _entry_index(step, problem)
    conditions, _, entry = _conditions(problem, k)
    return tuple([one(entry, f"{k} is an entry", given(step))]
                 + [_matches(r, conditions) for r in conjuncts(step.claim)] + _affine(problem, k))


def _kkt_sufficient(step, premises):
    problem = _problem(step)
    k = _entry_index(step, problem)
    _, entrywise, entry = _conditions(problem, k)
    out = [one(entry, f"{k} is an entry", given(step))]
    out += [_matches(r, entrywise) for r in conjuncts(step.claim)]
    out += [one(c, f"the KKT condition {c} holds", given(step)) for c in entrywise]
    return tuple(out)


def _zero_product(step, premises):
    cases = step.claim.args if isinstance(step.claim, Or) else (step.claim,)
    if not all(isinstance(c, Relational) and c.rel_op == "==" for c in cases):
        raise RuleNotApplicable(f"step {step.name!r} must claim equations joined by Or")
    product = Mul(*[c.lhs - c.rhs for c in cases])
    eqs = [r for claim in premise_claims(step, premises) for r in conjuncts(claim)
           if isinstance(r, Relational) and r.rel_op == "=="]
    if not eqs:
        raise RuleNotApplicable(f"step {step.name!r} needs a premise that is an equation")
    alts = tuple(Eq(product, sgn * (r.lhs - r.rhs)) for r in eqs for sgn in (1, -1))
    return (Obligation(alts, (), "the cases multiply out to an equation among the premises"),)


def _hypotheses(claims):
    return tuple(r for c in claims for r in conjuncts(c) if r is not true)


def _cases(step, premises):
    claims = premise_claims(step, premises)
    if not claims or not isinstance(claims[0], Or):
        raise RuleNotApplicable(f"the first premise of {step.name!r} must be a disjunction of cases")
    rest = _hypotheses(claims[1:]) + given(step)
    return tuple(one(step.claim, f"the case {case}", (case,) + rest) for case in claims[0].args)


def _instances(step, premises):
    """The premises, each at the index values ``at`` names (renamed apart first)."""
    table = {}
    for name, mapping in step.arg("at", ()):
        if name not in step.uses:
            raise RuleNotApplicable(f"'at' names {name!r}, which is not among the premises of {step.name!r}")
        table.setdefault(name, []).append(dict(mapping))
    claims, ranges = [], []
    bounds = tuple(r for c in premise_claims(step, premises) for r in conjuncts(c)
                   if isinstance(r, Relational) and r.rel_op in ("<", "<=", ">", ">=")
                   and not any(isinstance(a, Idx) for a in r.free_symbols)) + given(step)
    for pos, name in enumerate(step.uses):
        claim = premise_claims(step, premises)[pos]
        for mapping in table.get(name, [{}]):
            for idx, value in mapping.items():
                if not isinstance(idx, Idx) or not claim.has(idx):
                    raise RuleNotApplicable(f"{idx} is not a free index of premise {name!r}")
                ranges.append(one(And(value >= idx.lower, idx.upper >= value),
                                  f"{value} lies in the range of {idx}", bounds))
            claims.append(rename_apart(claim).xreplace(mapping))
    return claims, ranges


def _follows(step, premises):
    if not isinstance(step.claim, (Relational, And)):
        raise RuleNotApplicable(f"step {step.name!r} must claim a relation")
    claims, ranges = _instances(step, premises)
    return tuple(ranges) + (one(step.claim, "the claim follows from the premises",
                                _hypotheses(claims) + given(step)),)


def _define(step, premises):
    c = step.claim
    if not (isinstance(c, Relational) and c.rel_op == "==" and isinstance(c.lhs, Symbol)):
        raise RuleNotApplicable(f"step {step.name!r} must claim symbol = expression")
    if c.rhs.has(c.lhs) or any(p.has(c.lhs) for p in premises.values()):
        raise RuleNotApplicable(f"{c.lhs} already occurs, so it cannot be defined here")
    return (one(S.true, f"{c.lhs} is a new name"),)


KKT_RULES = (
    Rule("kkt", "At an optimum the Karush-Kuhn-Tucker conditions hold for some multipliers "
         "(the constraints are affine, so no further qualification is needed).", _kkt),
    Rule("kkt_sufficient", "Under the stated hypotheses every KKT condition at this entry holds.",
         _kkt_sufficient),
    Rule("zero_product", "A product vanishes only where one of its factors does: {premise}.", _zero_product),
    Rule("cases", "Both cases of {premise} give the claim.", _cases),
    Rule("follows", "It follows from {premise} and the other premises.", _follows),
    Rule("define", "Define a new symbol.", _define, defines=True),
)

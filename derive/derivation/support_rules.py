"""Rules for sorted entries and their support, sums of inequalities, roots and positive parts.

* ``renumber`` -- number the entries so that one family is sorted.  Allowed
  when the problem is symmetric: its objective and constraints are sums of
  one term per entry (the index occurs only as the index of entries), so a
  simultaneous permutation of all families permutes the terms of each sum
  and changes nothing.  At a fixed dimension the symmetry is checked
  directly: every adjacent transposition (they generate all permutations)
  leaves the objective and each constraint unchanged.  A renumbering is a
  choice made once, before anything depends on the numbering: every earlier
  claim must itself treat the entries alike (entries only at an index over
  the whole range, sums only over the whole range), else "without loss of
  generality" is false (a name given to ``z_1`` before sorting is not the
  largest score; two families cannot both be sorted).
* ``support`` -- nonnegative, non-increasing entries that sum to a nonzero
  total are positive exactly on an initial segment ``lo..s`` with
  ``lo <= s <= hi``; the step names that ``s`` (a definition, not re-checked at
  fixed n).
* ``sum_inequality`` -- summing ``f(a) > 0`` (``>= 0``) over the range of
  ``a`` gives a positive (nonnegative) sum, the range being nonempty (not
  reversed).
* ``square_root`` -- ``u² = c² X`` with ``u`` real and ``u``, ``c`` of one
  sign gives ``u = c·√X`` (``X = 1`` allowed: ``u² = c²``).  ``X >= 0`` need not
  be shown: it follows from ``c² X = u² >= 0``.
* ``positive_part_limit`` -- where ``f`` tends to ``L ≠ 0``, ``max(f, 0)`` is
  ``f`` (``L > 0``) or ``0`` (``L < 0``) near the limit point, and a limit
  depends only on a neighbourhood of the point.
"""
from __future__ import annotations

from sympy import Basic, Dummy, Idx, Indexed, Limit, Max, Mul, Ne, S, Sum, Symbol, expand
from sympy.core.relational import Relational

from ..errors import RuleNotApplicable
from ..kernel.binders import subs_free
from .obligations import (Eq, Obligation, Rule, as_sign, conjuncts, free_index, given, one, premise,
                          premise_claims)

__all__ = ["SUPPORT_RULES"]


def _families(problem):
    exprs = [problem.objective] + [c.lhs - c.rhs for c in problem.constraints]
    return sorted({a.base for e in exprs for a in e.atoms(Indexed)}, key=str)


def _symmetric_term(body, var) -> bool:
    """``var`` occurs in ``body`` only as the whole index of entries."""
    table = {a: Dummy() for a in body.atoms(Indexed) if a.indices == (var,)}
    return not body.xreplace(table).has(var)


def _check_symmetric(problem):
    ix = problem.index
    for c in problem.constraints:
        if c.indexed and not _symmetric_term(c.lhs - c.rhs, ix):
            raise RuleNotApplicable(f"the constraint {c.name} treats the entries differently")
    exprs = [problem.objective] + [c.lhs - c.rhs for c in problem.constraints if not c.indexed]
    for e in exprs:
        outside = e.replace(lambda t: isinstance(t, Sum), lambda t: S.Zero)
        if outside.atoms(Indexed):
            raise RuleNotApplicable(f"{e} holds entries outside a sum over all of them")
        for s in e.atoms(Sum):
            var, lo, hi = s.limits[0]
            if len(s.limits) != 1 or (lo, hi) != (ix.lower, ix.upper) or not _symmetric_term(s.function, var):
                raise RuleNotApplicable(f"{s} is not a sum of one term per entry")


def _transpositions(problem):
    """At a fixed dimension: every adjacent swap leaves the objective and the constraints alone."""
    lo, hi = problem.index.lower, problem.index.upper
    families, out = _families(problem), []
    for u in range(int(lo), int(hi)):
        swap = {f[v]: f[w] for f in families for v, w in ((u, u + 1), (u + 1, u))}
        for e in [problem.objective] + [c.lhs - c.rhs for c in problem.constraints if not c.indexed]:
            out.append(one(Eq(e.xreplace(swap), e), f"swapping entries {u} and {u + 1} changes nothing"))
    return out


def _invariant(claim, problem) -> bool:
    """``claim``, read for every value of its free indices, is unchanged by any simultaneous
    permutation of the entries: each sum runs over the whole range with one term per entry,
    and outside the sums every entry is at an index over the whole range, which occurs
    only as that index."""
    ix = problem.index

    def whole(v):
        return isinstance(v, Idx) and expand(v.lower - ix.lower) == 0 and expand(v.upper - ix.upper) == 0

    for sm in claim.atoms(Sum):
        var, lo, hi = sm.limits[0]
        if len(sm.limits) != 1 or expand(lo - ix.lower) != 0 or expand(hi - ix.upper) != 0 \
                or not _symmetric_term(sm.function, var):
            return False
    outside = claim.replace(lambda t: isinstance(t, Sum), lambda t: Dummy())
    if not all(len(e.indices) == 1 and whole(e.indices[0]) for e in outside.atoms(Indexed)):
        return False
    free = {v for v in outside.free_symbols if isinstance(v, Idx)}
    return all(whole(v) and _symmetric_term(outside, v) for v in free)


def _renumber(step, premises):
    problem = step.arg("problem")
    c = step.claim
    if problem is None or not isinstance(c, Relational) or c.rel_op not in ("<=", ">="):
        raise RuleNotApplicable(f"step {step.name!r} must claim x_(r+1) <= x_r (or >=) for a problem")
    small, big = (c.lhs, c.rhs) if c.rel_op == "<=" else (c.rhs, c.lhs)
    if not (isinstance(small, Indexed) and isinstance(big, Indexed) and small.base == big.base
            and small.base in _families(problem) and expand(small.indices[0] - big.indices[0] - 1) == 0):
        raise RuleNotApplicable(f"{c} does not compare neighbouring entries of one family of the problem")
    for name, earlier in premises.items():
        if isinstance(earlier, Basic) and not _invariant(earlier, problem):
            raise RuleNotApplicable(f"the entries can be renumbered only before anything depends on their "
                                    f"numbering, and the earlier step {name!r} does")
    lo, hi = problem.index.lower, problem.index.upper
    if lo.is_Integer and hi.is_Integer:
        return tuple(_transpositions(problem))
    _check_symmetric(problem)
    r = big.indices[0]
    if not (isinstance(r, Idx) and expand(r.lower - lo) == 0 and expand(r.upper - hi + 1) == 0):
        raise RuleNotApplicable(f"{r} must range over {lo}..{hi - 1}")
    return (one(S.true, "the objective and every constraint are sums of one term per entry"),)


def _support(step, premises):
    claims = [r for c in premise_claims(step, premises) for r in conjuncts(c)]
    parts = conjuncts(step.claim)
    pos = [r for r in parts if isinstance(r, Relational) and r.rel_op == ">" and isinstance(r.lhs, Indexed)]
    zero = [r for r in parts if isinstance(r, Relational) and r.rel_op == "==" and r.rhs == 0]
    bound = [r for r in parts if r not in pos and r not in zero]
    if len(pos) != 1 or len(zero) != 1 or len(bound) > 1:
        raise RuleNotApplicable(f"step {step.name!r} must claim x_a > 0 and x_b = 0 (and s <= n)")
    xa, xb = pos[0].lhs, zero[0].lhs
    if not (isinstance(xa, Indexed) and isinstance(xb, Indexed) and xa.base == xb.base):
        raise RuleNotApplicable("the claim must speak of entries of one family")
    base, a, b = xa.base, xa.indices[0], xb.indices[0]
    size = a.upper
    if not (isinstance(size, Symbol) and size.is_integer and size.is_positive
            and expand(b.lower - size - 1) == 0) or any(c.has(size) for c in premises.values()):
        raise RuleNotApplicable(f"the support must be {a.lower}..s and the rest s+1..{b.upper}, s a new symbol")
    lo, hi = a.lower, b.upper
    if bound and not (isinstance(bound[0], Relational) and bound[0].rel_op == "<="
                      and (bound[0].lhs, bound[0].rhs) == (size, hi)):
        raise RuleNotApplicable(f"the third part of the claim must be {size} <= {hi}")
    decreasing = any(isinstance(r, Relational) and r.rel_op in ("<=", ">=")
                     and all(isinstance(t, Indexed) and t.base == base for t in (r.lhs, r.rhs))
                     and _neighbours(r, lo, hi) for r in claims)
    nonneg = bool(base[Dummy("k", integer=True)].is_nonnegative) or any(
        isinstance(r, Relational) and r.rel_op != "!=" and _entry_of(as_sign(r), base, lo, hi)
        for r in claims)
    total = next((r.rhs for r in claims if isinstance(r, Relational) and r.rel_op == "=="
                  and isinstance(r.lhs, Sum) and len(r.lhs.limits) == 1
                  and r.lhs.function == base[r.lhs.limits[0][0]] and r.lhs.limits[0][1:] == (lo, hi)), None)
    if not (decreasing and nonneg and total is not None):
        raise RuleNotApplicable("the premises must give non-increasing, nonnegative entries and their sum")
    return (one(Ne(total, 0), "the entries do not all vanish"),)


def _entry_of(sign, base, lo, hi) -> bool:
    """``sign`` says ``base[k] >= 0`` for an index ``k`` over ``lo..hi``."""
    e, op = sign
    if op != ">=" or not isinstance(e, Indexed) or e.base != base:
        return False
    k = e.indices[0]
    return isinstance(k, Idx) and expand(k.lower - lo) == 0 and expand(k.upper - hi) == 0


def _neighbours(r, lo, hi) -> bool:
    small, big = (r.lhs, r.rhs) if r.rel_op == "<=" else (r.rhs, r.lhs)
    i = big.indices[0]
    return (expand(small.indices[0] - i - 1) == 0 and isinstance(i, Idx)
            and expand(i.lower - lo) == 0 and expand(i.upper - hi + 1) == 0)


def _sum_inequality(step, premises):
    found = [r for r in conjuncts(premise_claims(step, premises)[0])
             if isinstance(r, Relational) and r.rel_op in ("<", "<=", ">", ">=")]
    if len(found) != 1:
        raise RuleNotApplicable(f"the premise of {step.name!r} must hold exactly one inequality")
    e, op = as_sign(found[0])
    ec, opc = as_sign(step.claim)
    if opc != op or op == "==":
        raise RuleNotApplicable(f"the claim of {step.name!r} must be the premise's inequality, summed")
    a = free_index(e, f"premise {step.uses[0]!r}")
    v = Dummy("v", integer=True)
    out = [one(Eq(ec, Sum(subs_free(e, {a: v}), (v, a.lower, a.upper))), "the claim is the premise summed over its index"),
           one(a.upper - a.lower + (0 if op == ">" else 1) >= 0,
               "the range is " + ("nonempty" if op == ">" else "not reversed"), given(step))]
    return tuple(out)


def _square_root(step, premises):
    c, p = step.claim, premise(step, premises, 0)
    if not (isinstance(c, Relational) and c.rel_op == "==" and c.lhs.is_real):
        raise RuleNotApplicable(f"step {step.name!r} must claim u = c*sqrt(X) for a real u")
    u, rhs = c.lhs, c.rhs
    roots = [f for f in Mul.make_args(rhs) if f.is_Pow and f.exp == S.Half]
    coeff = Mul(*[f for f in Mul.make_args(rhs) if f not in roots])
    if len(roots) > 1 or coeff.is_zero is not False or not coeff.is_real:
        raise RuleNotApplicable(f"{rhs} must be a real coefficient times at most one square root")
    if coeff.is_negative:
        sign_goal, word = u <= 0, "negative"
    elif coeff.is_positive:
        sign_goal, word = u >= 0, "positive"
    else:
        raise RuleNotApplicable(f"the sign of {coeff} is not known")
    hyps = tuple(r for q in premise_claims(step, premises)[1:] for r in conjuncts(q)) + given(step)
    square = Obligation((Eq(p.lhs - p.rhs, u ** 2 - rhs ** 2), Eq(p.lhs - p.rhs, rhs ** 2 - u ** 2)), (),
                        "the premise says u squared equals the square of the root")
    return (square, one(sign_goal, f"u has the sign of the {word} root", hyps))


def _positive_part_limit(step, premises):
    c, p = step.claim, premise(step, premises, 0)
    if not (isinstance(c, Relational) and c.rel_op == "==" and isinstance(c.lhs, Limit)
            and isinstance(p.lhs, Limit) and c.lhs.args[1:] == p.lhs.args[1:]):
        raise RuleNotApplicable("the claim and the premise must be limits at the same point")
    f, value = p.lhs.args[0], p.rhs
    target = [m for m in c.lhs.args[0].atoms(Max) if set(m.args) == {f, S.Zero}]
    if len(target) != 1:
        raise RuleNotApplicable(f"the claim's limit must contain max({f}, 0)")
    if value.is_extended_positive:
        inner, word = c.lhs.args[0].xreplace({target[0]: f}), "positive"
    elif value.is_extended_negative:
        inner, word = c.lhs.args[0].xreplace({target[0]: S.Zero}), "negative"
    else:
        raise RuleNotApplicable(f"the sign of the limit {value} is not known")
    return (one(Eq(c.rhs, Limit(inner, *c.lhs.args[1:])),
                f"near the point the argument is {word}, so the limit is that of the rewritten expression"),)


SUPPORT_RULES = (
    Rule("renumber", "Renumber the entries as stated; the objective and the constraints treat all "
         "entries alike, so this loses no generality.", _renumber),
    Rule("support", "The entries are nonnegative, non-increasing and do not all vanish, so the positive "
         "ones come first; let s be their number.", _support, fixed_n=False),
    Rule("sum_inequality", "Sum {premise} over the range of its index.", _sum_inequality),
    Rule("square_root", "Take square roots in {premise}; the sign of the unknown picks the root.",
         _square_root),
    Rule("positive_part_limit", "Near the limit point {premise} keeps the sign of its limit, so the "
         "positive part there is the argument or zero.", _positive_part_limit, fixed_n=False),
)


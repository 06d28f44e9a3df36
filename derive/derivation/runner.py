"""Running a derivation: check each step's obligations, then re-check at fixed n.

``run`` is the one orchestrator: for each step it asks the step's rule for its
proof obligations, checks them for general ``n``, re-derives and re-checks
them at every fixed dimension in ``derivation.instances`` and every
assignment of the free indices, and stops at the first step that does not
follow.  The numerical cross-check runs last.
"""
from __future__ import annotations

import dataclasses
import string
import time
from itertools import product

from sympy import Basic, Eq, Idx, Integer, Subs, Sum, expand
from sympy.core.relational import Relational

from ..kernel.binders import subs_free
from ..kernel.checker import check, prove_quickly
from ..kernel.fastcheck import prove_exactly
from ..kernel.indices import write_out_sums
from ..kernel.memo import remembered
from ..errors import DeriveError, GuardNotDischarged, RuleNotApplicable, StepFailed
from .model import Derivation, DerivationResult, InstanceCheck, StepResult
from .obligations import Obligation
from ..kernel.indices import rename_apart
from .rules import rule
from ..kernel.verdict import PROVED, UNKNOWN, Verdict

__all__ = ["run", "prove", "instantiate", "check_general", "check_at", "merge_instances", "discharge",
           "step_result", "step_sentence"]


def run(derivation: Derivation, *, timeout: float = 10.0, instances: bool = True,
        numeric: bool = True) -> DerivationResult:
    """Check every step of ``derivation``; stop at the first that does not follow.

    Args:
        derivation: the declared derivation.
        timeout: seconds allowed for each proof obligation.
        instances: also re-check each step at the fixed dimensions.
        numeric: also run the derivation's numerical cross-check.
    """
    if not isinstance(derivation, Derivation):
        raise TypeError(f"derivation must be a derive.Derivation, got {type(derivation).__name__}")
    start = time.perf_counter()
    result = check_general(derivation, timeout=timeout)
    if instances and result.failed_step is None:
        result = merge_instances(result, [check_at(derivation, dim, timeout=timeout)
                                          for dim in derivation.instances])
    if numeric and result.ok and derivation.numeric:
        result = dataclasses.replace(result, numeric=tuple(derivation.numeric(derivation)))
    return dataclasses.replace(result, seconds=time.perf_counter() - start)


def check_general(derivation: Derivation, *, timeout: float = 10.0) -> DerivationResult:
    """The general-n pass alone: each step's obligations, up to the first failure."""
    start = time.perf_counter()
    premises, results, failed = {}, [], None
    assumed, declared = _assumptions(derivation), _declared(derivation)
    for step in derivation.steps:
        verdict = _check_step(step, premises, timeout, assumed, declared)
        results.append(step_result(step, verdict))
        if not verdict.proved:
            failed = step.name
            break
        premises[step.name] = step.claim
    return DerivationResult(derivation, tuple(results), (), time.perf_counter() - start, failed)


def check_at(derivation: Derivation, dim: int, *, timeout: float = 10.0) -> dict[str, InstanceCheck]:
    """Every instantiable step re-derived and re-checked at the fixed dimension ``dim``.

    Independent of the general pass, so the dimensions can be checked in parallel.
    """
    premises, out = {}, {}
    assumed, declared = _assumptions(derivation), _declared(derivation)
    for step in derivation.steps:
        if _instantiable(step, derivation):
            out[step.name] = _instance(step, premises, assumed, derivation, dim, timeout, declared)
        premises[step.name] = step.claim
    return out


def merge_instances(result: DerivationResult, per_dim) -> DerivationResult:
    """Attach the fixed-dimension checks to the steps; the first step failing one fails the run."""
    steps, failed = [], result.failed_step
    for s in result.steps:
        checks = tuple(d[s.name] for d in per_dim if s.name in d)
        merged = dataclasses.replace(s, instances=checks)
        steps.append(merged)
        if failed is None and not merged.ok:
            failed = s.name
            break
    return dataclasses.replace(result, steps=tuple(steps), failed_step=failed)


def _instantiable(step, derivation) -> bool:
    """Fixed-n re-checks apply to the derivation and optimality steps whose rule allows them.

    The limits section speaks of ``r`` non-extreme entries, not of ``n``, and
    its limit rules have no fixed-size counterpart; it is checked for general
    ``r`` only.
    """
    return (derivation.dimension is not None and step.section != "limits"
            and rule(step.rule).fixed_n)


def prove(derivation: Derivation, **options) -> DerivationResult:
    """Like :func:`run`, but raise :class:`StepFailed` naming the first failing step."""
    result = run(derivation, **options)
    if result.failed_step is not None:
        bad = next(s for s in result.steps if s.name == result.failed_step)
        raise StepFailed(bad.name, bad.verdict)
    if not result.ok:
        raise DeriveError(f"derivation {derivation.name!r}: a numerical cross-check failed")
    return result


def _displays_claim(step, timeout) -> bool:
    """The displayed form, when given, must be the claim with its terms reordered.

    Side by side, each displayed side must equal the claim's: by expansion, or
    else as the kernel proves it.  Not by ``doit``: SymPy's ``doit`` sums
    ``Sum(1, (s, 1, x))`` to ``x`` for any x and differentiates
    ``sum_i z_i**2`` in ``z_i`` to ``sum_i 2 z_i``, which would let a document
    print an equation other than the one checked.
    """
    d, c = step.display, step.claim
    if d is None:
        return True
    if not (isinstance(d, Relational) and isinstance(c, Relational) and d.rel_op == c.rel_op):
        return False
    return all(expand(a - b) == 0 or check(Eq(a, b, evaluate=False), timeout=timeout).proved
               for a, b in ((_substituted(d.lhs), c.lhs), (_substituted(d.rhs), c.rhs)))


def _substituted(e):
    """A displayed ``Subs(f, x, a)`` read as ``f`` with ``x`` replaced by ``a`` (free occurrences only)."""
    return e.replace(lambda t: isinstance(t, Subs), lambda t: subs_free(t.expr, dict(zip(t.variables, t.point))))


def _declared(derivation) -> frozenset:
    """The symbols of every problem (a dataclass argument) the derivation's steps declare."""
    def walk(obj):
        if isinstance(obj, Basic):
            return obj.free_symbols
        if isinstance(obj, tuple):
            return set().union(*[walk(o) for o in obj]) if obj else set()
        if dataclasses.is_dataclass(obj) and not isinstance(obj, type):
            return walk(tuple(getattr(obj, f.name) for f in dataclasses.fields(obj)))
        return set()
    return frozenset().union(*[walk(v) for s in derivation.steps for _, v in s.args
                               if dataclasses.is_dataclass(v) and not isinstance(v, type)])


def _assumptions(derivation) -> dict:
    """Each step's own hypotheses (its argument ``given``): where its claim is proved to hold."""
    return {s.name: tuple(s.arg("given", ())) for s in derivation.steps}


def _inherited(step, assumed) -> tuple:
    """Obligations: the hypotheses each premise was proved under hold here, by this step's own.

    A claim proved under ``given`` holds only where those hypotheses do.  A later
    step may use it only where it shows them, taken as it takes the premise (at
    the entries ``at`` names, at the ``values`` it specializes to); otherwise
    ``x > 0`` proved under ``x > 0`` would become a fact.  Only the step's own
    hypotheses may show them: a premise's claim cannot vouch for its own condition.
    """
    at, values, out = step.arg("at"), step.arg("values"), []
    for name in dict.fromkeys(step.uses):
        maps = [dict(m) for key, m in at if key == name] if isinstance(at, tuple) else []
        for mapping in maps or [{}]:
            for g in assumed.get(name, ()):
                h = rename_apart(g).xreplace(mapping) if mapping else g
                h = subs_free(h, dict(values)) if values else h
                out.append(Obligation((h,), tuple(step.arg("given", ())),
                                      f"premise {name!r} holds where {g}, which must hold here"))
    return tuple(out)


def _check_step(step, premises, timeout, assumed=None, declared=frozenset()) -> Verdict:
    """The step's verdict: every obligation of its rule discharged, and the hypotheses its
    premises were proved under (``assumed``: step name -> its ``given``) shown to hold.
    A definition may not name a symbol of a declared problem (``declared``)."""
    start = time.perf_counter()
    if not _displays_claim(step, timeout):
        return Verdict(UNKNOWN, "display check", None, 0.0,
                       "the displayed equation is not the claim that is checked", step.claim)
    named = getattr(step.claim, "lhs", None)
    if rule(step.rule).defines and named in declared:
        return Verdict(UNKNOWN, "rule not applicable", None, 0.0,
                       f"{named} is a symbol of the problem, so a step cannot define it", step.claim)
    try:
        obligations = tuple(rule(step.rule).obligations(step, premises)) + _inherited(step, assumed or {})
    except (RuleNotApplicable, GuardNotDischarged) as exc:
        return Verdict(UNKNOWN, "rule not applicable", None, 0.0, str(exc), step.claim)
    verdicts = [discharge(ob, timeout) for ob in obligations]
    return _combine(step, obligations, verdicts, time.perf_counter() - start)


def discharge(obligation, timeout):
    """The first proved alternative, else the first refutation, else unknown.

    All alternatives get the exact fast path first, then the cheap strategies,
    so that a form outside the fast path's fragment does not cost rewrites when
    another form is in it, and a false alternative does not cost a
    counterexample search when a true one is next.
    """
    for alt in obligation.alternatives:
        exact = prove_exactly(alt, timeout=timeout)
        if exact is not None:
            return exact
    for alt in obligation.alternatives:
        quick = prove_quickly(alt, given=obligation.given, timeout=timeout)
        if quick is not None:
            return quick
    tried = []
    for alt in obligation.alternatives:
        tried.append(check(alt, given=obligation.given, timeout=timeout))
        if tried[-1].proved:
            return tried[-1]
    refuted = [v for v in tried if v.refuted]
    if len(refuted) == len(tried):
        return refuted[0]
    return next((v for v in tried if v.status == UNKNOWN), tried[0])


def _combine(step, obligations, verdicts, seconds):
    methods = " ; ".join(dict.fromkeys(v.method for v in verdicts))
    for ob, v in zip(obligations, verdicts):
        if not v.proved:
            # with several obligations, say which one failed ("needed: the factor is nonzero")
            detail = f"needed: {ob.what}; {v.detail}" if len(obligations) > 1 else v.detail
            return Verdict(v.status, methods, v.counterexample, seconds, detail, step.claim)
    what = "; ".join(ob.what for ob in obligations)
    return Verdict(PROVED, methods, None, seconds, what, step.claim)


# --- fixed dimensions ---------------------------------------------------------

def instantiate(obj, values: dict):
    """Replace the dimension and free indices by integers and expand the now-finite sums.

    Only free occurrences are replaced (a summation index of the same name is
    another variable), and the Idx ranges with them, so a sum and its index
    agree on the range; the sums are written out with Karr's convention, as
    the kernel reads them.  Works on SymPy objects, tuples and frozen
    dataclasses (rule arguments).
    """
    if isinstance(obj, Relational):
        return obj.func(instantiate(obj.lhs, values), instantiate(obj.rhs, values), evaluate=False)
    if isinstance(obj, Basic):
        return _instantiated(obj, tuple(values.items()))
    if isinstance(obj, tuple):
        return tuple(instantiate(o, values) for o in obj)
    if dataclasses.is_dataclass(obj) and not isinstance(obj, type):
        return dataclasses.replace(obj, **{f.name: instantiate(getattr(obj, f.name), values)
                                          for f in dataclasses.fields(obj) if f.init})
    return obj


@remembered
def _instantiated(e, values):
    """Remembered: a fixed size re-instantiates the same premises and arguments step after step."""
    return expand_sum(subs_free(e, {k: Integer(v) for k, v in values}))


def expand_sum(e):
    """``e`` with its sums over concrete integer ranges written out term by term.

    A reversed range ``a..b`` with ``b < a - 1`` is the negated sum over
    ``b+1..a-1`` (Karr's convention, which SymPy's ``doit`` and the kernel
    follow); ``b = a - 1`` is the empty sum.
    """
    return write_out_sums(e, max_terms=10_000)


def _free_indices(step, premises):
    objs = [step.claim] + [v for _, v in step.args if isinstance(v, Basic)]
    free = set()
    for o in objs:
        free |= {a for a in o.free_symbols if isinstance(a, Idx)}
    return sorted(free, key=str)


def _dimensions(step, premises, dimension):
    """The integer symbols bounding the step's sums and indices (all set to the same value)."""
    objs = [step.claim] + [v for _, v in step.args if isinstance(v, Basic)]
    objs += [premises[u] for u in step.uses if u in premises]
    dims = {dimension}
    for o in objs:
        for ix in o.atoms(Idx):
            dims |= {a for a in ix.upper.free_symbols | ix.lower.free_symbols if not isinstance(a, Idx)}
        for sm in o.atoms(Sum):
            for (_, lo, hi) in sm.limits:
                dims |= {a for a in lo.free_symbols | hi.free_symbols if not isinstance(a, Idx)}
    return sorted(dims, key=str)


def _sample_range(lo: int, hi: int) -> tuple[int, ...]:
    """First, second and last index: every value for short ranges, and both the
    equal and the distinct case when two indices are combined."""
    return tuple(sorted({v for v in (lo, lo + 1, hi) if lo <= v <= hi}))


def _size_values(step, premises, sizes, dim, dimension):
    """Every assignment of the sizes the step mentions, each over its range at this dimension."""
    objs = [step.claim] + [v for _, v in step.args if isinstance(v, Basic)]
    objs += [premises[u] for u in step.uses if u in premises]
    mentioned = set()
    for o in objs:
        mentioned |= o.free_symbols
        for ix in o.atoms(Idx):
            mentioned |= ix.lower.free_symbols | ix.upper.free_symbols
    used = [(sym, lo, hi) for sym, lo, hi in sizes if sym in mentioned]
    ranges = [range(int(instantiate(lo, {dimension: dim})), int(instantiate(hi, {dimension: dim})) + 1)
              for _, lo, hi in used]
    return [dict(zip([u[0] for u in used], vals)) for vals in product(*ranges)]


def _instance(step, premises, assumed, derivation, dim, timeout, declared):
    sizes = {sym for sym, _, _ in derivation.sizes}
    dims = {d: dim for d in _dimensions(step, premises, derivation.dimension) if d not in sizes}
    status, methods, count = PROVED, [], 0
    for chosen in _size_values(step, premises, derivation.sizes, dim, derivation.dimension):
        fixed = {**dims, **chosen}
        indices = _free_indices(step, premises)
        ranges = [_sample_range(int(instantiate(ix.lower, fixed)), int(instantiate(ix.upper, fixed)))
                  for ix in indices]
        for vals in product(*ranges):
            values = {**fixed, **dict(zip(indices, vals))}
            concrete = dataclasses.replace(step, claim=instantiate(step.claim, values), display=None,
                                           args=instantiate(step.args, values))
            concrete_premises = {name: instantiate(c, values) for name, c in premises.items()
                                 if name in step.uses}
            concrete_assumed = {name: instantiate(assumed.get(name, ()), values) for name in step.uses}
            verdict = _check_step(concrete, concrete_premises, timeout, concrete_assumed, declared)
            count += 1
            methods.append(verdict.method)
            if not verdict.proved:
                return InstanceCheck(dim, count, verdict.status, " ; ".join(dict.fromkeys(methods)))
    method = " ; ".join(dict.fromkeys(methods)) if methods else "no index assignment"
    return InstanceCheck(dim, count, status, method)


def step_result(step, verdict) -> StepResult:
    """The step's result before its fixed-n checks: its verdict, sentence and context."""
    sentence, args = step_sentence(step)
    narrowing = rule(step.rule).narrowing
    context = tuple((key, step.arg(key)) for key in narrowing if step.arg(key))
    return StepResult(step, sentence, args, verdict, context=context)


def step_sentence(step):
    """The step's rule sentence and its placeholder values."""
    template = rule(step.rule).sentence
    keys = [field for _, field, _, _ in string.Formatter().parse(template) if field]
    args = []
    for key in keys:
        if key == "premise":
            args.append((key, step.uses[0] if step.uses else ""))
        elif key == "target":
            args.append((key, step.uses[1] if len(step.uses) > 1 else ""))
        else:
            args.append((key, step.arg(key)))
    return template, tuple(args)

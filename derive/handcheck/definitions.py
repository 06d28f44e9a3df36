"""Definitions in a hand-written derivation: which rows define a name, and what it means.

A name used in rows above the row that defines it (``p_i = e^{-\\beta E_i}/Z``,
then ``Z = \\sum_i e^{-\\beta E_i}``) is defined for the whole derivation: the
derivation is read twice, the second time with that definition known from
the start, unless a condition of the derivation determines the name.

A row ``X = expr`` (or ``X := expr``) defines ``X`` when ``X`` is a name no
earlier row used (``L``, ``H(p)``, ``s(\\mathbf x)_i``, ``P_k`` with distinct
index letters), ``X`` is not ``e``, ``\\pi`` or ``\\infty``, and ``expr`` does
not mention ``X`` (``w := w - \\eta g`` is an update, not a claim and not a
definition).  A function's parameters are its arguments when they are
distinct symbols; otherwise (``L(p_1, \\dots, p_n)``) a use must repeat them.

``p^\\star`` after a derivation that solved for ``p`` is read as ``p``: the
star marks the solution, so ``p^\\star_1 = 1/2`` is a claim about it.
"""
from __future__ import annotations

from dataclasses import replace

from sympy import Eq, Idx, Indexed, IndexedBase, Symbol
from sympy.core.function import AppliedUndef

from .arbitrary import origin
from .build import DEFINING
from .names import Definition
from .notation import FAMILIES
from .outcome import ASSUMED, UNKNOWN, Outcome
from .probability import is_conditional
from ..kernel.verdict import PROVED
from .scope import Hypothesis

__all__ = ["Definitions", "head", "CONSTANTS"]

CONSTANTS = frozenset({"e", "pi", "infty"})


class Definitions:
    """Mixin of :class:`derive.handcheck.run.Run`: the definition rows."""

    def _solution(self, rhs, indices) -> bool:
        """``rhs`` is what a condition above solved some name to (the solution, renamed)."""
        for rule in self.scope.premises(proving=True)[0].rules:
            value = _renamed(rule, tuple(indices or ()))
            if value is not None and self._check(Eq(rhs, value), ()).proved:
                return True
        return False

    def _define_early(self, row):
        """A ``where Z = ...`` piece: defined before the claim that uses it is read."""
        if row.diagnostics and any(d.kind != "undefined-symbol" for d in row.diagnostics):
            return
        chain = row.chains[0]
        if len(row.chains) == 1 and chain.ops and chain.ops[0] in ("=",) + tuple(DEFINING):
            key, indices = head(chain.exprs[0])
            if key is not None and key not in self.defs and key not in CONSTANTS:
                self.defs[key] = Definition(key, chain.exprs[1], indices)

    def _definition(self, eq, row):
        chain = row.chains[0] if len(row.chains) == 1 else None
        if chain is None or chain.continuation or not chain.ops:
            return None
        defining = chain.ops[0] in DEFINING
        if chain.ops[0] != "=" and not defining:
            return None
        lhs, rhs = chain.exprs[0], chain.exprs[1]
        if row.raw and row.raw[0].exprs:      # the left side as written, not its definition
            lhs = row.raw[0].exprs[0]
        key, indices = head(lhs)
        if len(chain.exprs) == 2 and key not in self.defs and _is_update(lhs, rhs):
            # the document's rule for the next iterate: a premise of the rows below
            self.scope.add(Hypothesis(self.scope.number(), eq.line, ((lhs, "=", rhs),),
                                      "update", under=self.scope.case()))
            self._see(row)
            self.last, self.last_dvars, self.unreadable = rhs, (), None
            return Outcome(ASSUMED, "update", detail=f"an update rule: {lhs} from the step "
                           "before it, not a claim", parsed=Eq(lhs, rhs, evaluate=False),
                           role="definition")
        if key is not None and self.late.get(key, (None, -1))[1] == eq.line:
            self.last, self.last_dvars, self.unreadable = rhs, (), None
            if len(chain.exprs) == 2:
                return Outcome(ASSUMED, "definition", detail=f"defines {key} (used above it)",
                               parsed=Eq(lhs, rhs, evaluate=False), role="definition")
            return self._rest(eq, row, chain, f"defines {key} (used above it)")
        if key is not None and key in self.objectives and len(chain.exprs) == 2 and \
                not defining and rhs != self.defs[key].body and not _mentions(rhs, key):
            # The objective of a new problem: what the old one's conditions gave is dropped.
            self.scope.drop(("condition", "stated", "update"))
            self.objectives.discard(key)
            del self.defs[key]
            self.seen.discard(key)
        # S(p) = ... after S = ...: the quantity stated anew as a function of its argument
        anew = isinstance(lhs, AppliedUndef) and key in self.defs and not self.defs[key].function
        if key in row.opaque:
            return None       # \max_j z_j = z_1 states a maximum, it names nothing new
        if key is None or key in CONSTANTS or (key in self.defs and not defining and not anew):
            return None
        if any(d.kind not in ("undefined-symbol",) for d in row.diagnostics):
            return None
        retro = self._retroactive(key, lhs, rhs, row)
        if not retro and not defining and not anew and key in self.seen and (
                key in self.claimed or indices is None or not indices
                or key not in _body_names(self)):
            solved = {str(getattr(r.target, "base", r.target)) for r in
                      self.scope.premises()[0].rules}
            # (only a name the rows above used inside definitions' bodies: one a claim or
            # a given used is checked by this row, never defined by it)
            if len(chain.exprs) == 2 and not _mentions(rhs, key) and key not in solved \
                    and key not in self.given_names and key not in self.claimed \
                    and isinstance(lhs, Symbol) and not indices:
                # (a scalar such as Z or \\beta; p_i = ... after using p is a result)
                # Used above, defined here: a definition in either order (checked again).
                body = row.raw[0].exprs[1] if row.raw and len(row.raw[0].exprs) > 1 else rhs
                self.candidates[key] = (Definition(key, body, indices), eq.line)
            return None
        if _mentions(rhs, key):
            if not defining:
                return None
            return Outcome(ASSUMED, "assignment", detail=f"an update of {key}, not a claim",
                           parsed=Eq(lhs, rhs, evaluate=False), role="definition")
        if _starred_family(key) in self.seen:
            return None       # p^\star after p: the solution, a claim about p
        # (y_i(x) = ...: the family y_i, held as a name, with the parameter x)
        function = isinstance(lhs, AppliedUndef) or not isinstance(lhs, Indexed) and any(
            k == key for k, _, _ in row.calls)
        params, fixed, indices = _parameters(lhs, key, row, indices)
        if function and params and row.opaque and fixed is None:
            # f(z) = \max_j z_j: the maximum is read by its name only, which a substitution
            # cannot reach (f(a) was \max_j z_j, and f(a) = f(z) was proved)
            fixed = tuple(params)
        if function and is_conditional(key) and fixed is None and params:
            # p(y \mid x) = 1 says nothing of p(x \mid y): a distribution is named by its
            # arguments, so every use repeats them (constant or not, the same rule)
            fixed = tuple(params)
        # The body keeps other defined names as names: d/dp holds p (expand_definitions).
        body = row.raw[0].exprs[1] if row.raw and len(row.raw[0].exprs) > 1 else rhs
        self.defs[key] = Definition(key, body, indices, function, params, fixed)
        self.seen.add(key)
        if retro:
            # the rows above that used the name undefined are read again with it
            self.candidates[key] = (self.defs[key], eq.line)
            self.last, self.last_dvars, self.unreadable = rhs, (), None
            self.raw_last = (rhs, body)
            if len(chain.exprs) == 2:
                return Outcome(ASSUMED, "definition", detail=f"defines {key} (used above it)",
                               parsed=Eq(lhs, rhs, evaluate=False), role="definition")
            found = self._rest(eq, row, chain, f"defines {key} (used above it)")
            if found[0] != PROVED:
                # a row whose own claim is not shown is no definition of what came above
                del self.candidates[key]
            return found
        if len(chain.exprs) == 2:
            self._see(row, claimed=False)
            self.last, self.last_dvars, self.unreadable = rhs, (), None
            self.raw_last = (rhs, body)
            if self.solving and not defining and not function and not self._solution(rhs, indices):
                # q_i = e^{\lambda + 1} right after a stationarity condition: the solution
                # under a new name, a conclusion; assumed, a wrong one made the file pass
                return Outcome(UNKNOWN, "conclusion not checked", detail=f"{key} is a new "
                               "name stated right after the conditions above, not shown to "
                               "be what they give: a conclusion about a new name cannot be checked; "
                               "state it with the names the derivation uses",
                               parsed=Eq(lhs, rhs, evaluate=False))
            return Outcome(ASSUMED, "definition", detail=f"defines {key}",
                           parsed=Eq(lhs, rhs, evaluate=False), role="definition")
        return self._rest(eq, row, chain, f"defines {key}")

    def _rest(self, eq, row, chain, what):
        """``X = a = b``: after ``X = a`` defines ``X``, the rest of the chain is checked."""
        rest = type(chain)(chain.exprs[1:], chain.ops[1:], False)
        found = self._steps(eq, replace(row, chains=(rest,)), (), ())
        return Outcome(found[0], found[1], found[2], f"{what}; {found[3]}", found[4], found[5])

    def _retroactive(self, key, lhs, rhs, row) -> bool:
        """``X = expr`` defines ``X`` used above it when every use above left ``X`` undefined
        (an undefined-name verdict): those rows are judged again with the definition.  Not a
        name a given spoke of, one a condition solved, one the rows above were solving for
        (that row is their conclusion), nor a row that mentions ``X`` on its right."""
        if key is None or key in CONSTANTS or key in self.defs or key not in self.undefined:
            return False
        if self.solving or key in self.given_names or _mentions(rhs, key):
            return False
        if any(d.kind != "undefined-symbol" for d in row.diagnostics):
            return False
        # Read as a definition, the rows above hold when they hold of the body; read as
        # their conclusion, this row holds when they force the name to be the body.  The
        # readings agree only when the rows above solved the name, to this body: else
        # (u^2 = 4v^2, then u = 2v; 2Z = 10, then Z = 6) the row is a conclusion to check,
        # and as a definition it would pass a wrong step or refute a correct row above.
        matched = False
        for rule in self.scope.premises()[0].rules:
            if str(getattr(rule.target, "base", rule.target)) != key:
                continue
            value = _renamed(rule, tuple(head(lhs)[1] or ()))
            if rule.line not in self.undefined_lines or value is None or \
                    not self._check(Eq(rhs, value), ()).proved:
                return False
            matched = True
        return matched and key not in self.late

    def _unstar(self, row):
        """``p^\\star`` after a derivation that solved for ``p`` is that solution: read ``p``."""
        solved = {str(r.target.base.label) if isinstance(r.target, Indexed) else str(r.target)
                  for r in self.scope.premises()[0].rules}
        mapping = {}
        for chain in row.chains:
            for e in chain.exprs:
                for a in e.atoms(Indexed):
                    plain = _starred_family(str(a.base.label))
                    if plain in solved:
                        mapping[a.base] = FAMILIES.get(plain) or IndexedBase(
                            plain, **_family_assumptions(a.base))
                for sym in e.free_symbols:
                    plain = _starred_family(str(sym))
                    if plain in solved and isinstance(sym, Symbol):
                        mapping[sym] = Symbol(plain, **sym.assumptions0)
        if not mapping:
            return row
        chains = tuple(type(c)(tuple(e.xreplace(mapping) for e in c.exprs), c.ops, c.continuation)
                       for c in row.chains)
        return replace(row, chains=chains)

    def _see(self, row, claimed=True):
        for chain in row.chains:
            for e in chain.exprs:
                names = {str(s) for s in e.free_symbols if isinstance(s, Symbol)}
                names |= {str(a.base.label) for a in e.atoms(Indexed)}
                names |= {type(f).__name__ for f in e.atoms(AppliedUndef)}
                self.seen |= names
                if claimed:       # (not in a definition's body: p in L = -\sum y log p)
                    self.claimed |= names


def head(lhs):
    """(key, indices) when ``lhs`` can name a definition, else (None, ()).

    A derivative of a name no row defines (:mod:`derive.handcheck.arbitrary`) is never
    defined: ``\\partial \\hat y_i / \\partial \\theta_k = ...`` is a claim about it."""
    if origin(str(lhs.base.label) if isinstance(lhs, Indexed) else str(lhs)) is not None:
        return None, ()
    if isinstance(lhs, Idx) and lhs.name == "ell":
        return "ell", ()        # \ell is an index letter, but written alone it may be defined
    if isinstance(lhs, Symbol) and not isinstance(lhs, Idx):
        return lhs.name, ()
    if isinstance(lhs, AppliedUndef):
        return type(lhs).__name__, ()
    if isinstance(lhs, Indexed) and all(isinstance(ix, Idx) for ix in lhs.indices) \
            and len({ix.name for ix in lhs.indices}) == len(lhs.indices):
        return str(lhs.base.label), tuple(lhs.indices)
    return None, ()


def _renamed(rule, indices):
    """A rule's solution at the indices of a definition (``p_j -> e^{\\lambda-1}`` at ``i``)."""
    target = rule.target
    if isinstance(target, Indexed):
        if len(target.indices) != len(indices) or not all(isinstance(i, Idx) for i in
                                                          target.indices):
            return None
        return rule.solution.xreplace(dict(zip(target.indices, indices)))
    return None if indices else rule.solution


def _parameters(lhs, key, row, indices):
    """``(params, fixed, indices)`` of a definition's left side."""
    call = next(((a, i) for k, a, i in row.calls if k == key), None)
    if not isinstance(lhs, AppliedUndef) and (call is None or not isinstance(lhs, Indexed)):
        return None, None, indices
    args, idx = call if call is not None else (lhs.args, ())
    if idx and all(isinstance(ix, Idx) for ix in idx) and len(set(idx)) == len(idx):
        indices = tuple(idx)
    def param(a):
        return isinstance(a, Symbol) and not isinstance(a, Idx) or isinstance(a, Indexed) and all(
            isinstance(ix, Idx) for ix in a.indices) and len(set(a.indices)) == len(a.indices)
    if all(param(a) for a in args) and len(set(args)) == len(args):
        return tuple(args), None, indices
    return None, tuple(args), indices


def _family_assumptions(base) -> dict:
    return {"positive": True} if base.is_positive else {"real": True}


def _starred_family(key: str):
    return key[:-len("^{\\star}")] if key.endswith("^{\\star}") else None


def _mentions(expr, key) -> bool:
    names = {str(s) for s in expr.free_symbols}
    names |= {str(a.base.label) for a in expr.atoms(Indexed)}
    names |= {type(f).__name__ for f in expr.atoms(AppliedUndef)}
    return key in names




def _is_update(lhs, rhs) -> bool:
    """``w^{(t+1)} = w^{(t)} - \\eta g``, ``w_{t+1} = f(w_t)``: the next iterate of a family,
    defined from an earlier one (the step index shifted by a positive number)."""
    if not isinstance(lhs, Indexed) or not lhs.indices:
        return False
    step = lhs.indices[0]
    earlier = [a for a in rhs.atoms(Indexed) if a.base == lhs.base and a.indices
               and (step - a.indices[0]).is_positive and (step - a.indices[0]).is_number]
    return bool(earlier) and any(isinstance(s, Idx) or s.is_integer for s in step.free_symbols)


def _body_names(run) -> set:
    """The names the bodies of the definitions so far mention (``p`` in ``L = -\\sum y \\log p``)."""
    found: set = set()
    for d in run.defs.values():
        if hasattr(d.body, "atoms"):
            found |= {str(a.base.label) for a in d.body.atoms(Indexed)}
            found |= {str(s) for s in d.body.free_symbols}
    return found

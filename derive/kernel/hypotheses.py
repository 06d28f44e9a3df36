"""Using hypotheses soundly: what a reduction modulo them proves, and when they contradict.

Why a "proved" that uses hypotheses is a proof.  The claim under hypotheses
``H`` says: at every point where every hypothesis holds (and both sides are
defined), ``lhs - rhs = 0``.  The strategies that use hypotheses argue at
such a point:

* Substitution (solving ``g = 0`` for an atom it is linear in, the
  coefficient nonzero by the assumptions) replaces the atom by a value it
  has at every such point.  Reduction modulo a Groebner basis writes the
  residual's numerator as a polynomial combination of the hypotheses'
  numerators, which all vanish there (a hypothesis ``p/q = 0`` that holds
  has ``p = 0``).  Non-polynomial subterms (sums, exponentials) are treated
  as independent variables; that only forgets relations, so a zero
  remainder is still a proof.  Inequalities ``a != b``, ``a < b`` add
  ``(a - b) u = 1`` for a fresh ``u``, which holds with ``u = 1/(a - b)``.
* A vanishing *numerator* is not a vanishing *quotient* when the
  denominator can vanish too: ``x/y = 7`` "follows" from ``x = 0, y = 0``
  that way, and so does ``x/y = 8``.  So :func:`denominators_nonzero` must
  show that every denominator of the residual is nonzero at every such
  point: from the symbols' assumptions, or because ``1`` lies in the ideal
  of the hypotheses plus the denominator (then ``1 = c * den`` at those
  points).  Denominators under a summation index must be nonzero by the
  assumptions alone.
* Bound variables were renamed apart first (:mod:`derive.kernel.binders`),
  and substitutions go through :func:`~derive.kernel.binders.subs_free`, so a
  hypothesis about a free ``k`` never rewrites a bound ``k``; only atoms
  free at their position are solved for or split on
  (:func:`~derive.kernel.binders.free_atoms`).

Contradictory hypotheses (:func:`contradiction`) make every claim hold
vacuously; the checker then reports the method "vacuous" and names the
contradicting hypotheses instead of presenting the claim as proved on its
merits.  Found by exact arithmetic only: the Groebner basis of the
equalities is ``{1}``, an equality forces an inequality's difference to a
constant of the wrong sign, or two inequalities add up to one.

Why a "refuted" under hypotheses is a counterexample: the numeric search
(:mod:`derive.kernel.sampling`) only reports a point at which every equality
hypothesis holds exactly (rational arithmetic, floats read as their exact
binary values) and every inequality holds exactly or by a margin confirmed
at a precision scaled to the numbers (:mod:`derive.kernel.confirm`).
"""
from __future__ import annotations

from itertools import combinations

from sympy import Add, Dummy, Indexed, Mul, Pow, S, Symbol, expand, groebner, together

from .binders import bound_variables
from .memo import remembered

__all__ = ["opaque", "denominators", "denominators_nonzero", "contradiction", "shared_contradiction",
           "nonzero_relations"]

_MAX_TERMS = 400         # larger systems are not searched for contradictions (time, not soundness)


def opaque(exprs, table=None):
    """Replace every non-polynomial subterm by a fresh symbol (the same map for all ``exprs``)."""
    table = {} if table is None else table

    def atom(e):
        if e not in table:
            table[e] = Dummy(f"g{len(table)}")
        return table[e]

    def walk(e):
        if e.is_Atom and not isinstance(e, Symbol):
            return e
        if isinstance(e, (Symbol, Indexed)):
            return e
        if isinstance(e, (Add, Mul)):
            return e.func(*[walk(a) for a in e.args])
        if e.is_Pow and e.exp.is_Integer:
            return walk(e.base) ** e.exp
        return atom(e)

    return [walk(e) for e in exprs]


def denominators(e) -> list:
    """The bases of every negative power in ``e`` (inside functions and sums too), without repeats."""
    out = []
    for p in e.atoms(Pow):
        if p.exp.is_negative and p.base not in out:
            out.append(p.base)
    return sorted(out, key=str)


def nonzero_relations(rels) -> list:
    """Residuals ``a - b`` that the relations ``a != b``, ``a < b``, ``a > b`` make nonzero."""
    return [r.lhs - r.rhs for r in rels if r.rel_op in ("!=", "<", ">")]


def _numerators(eqs):
    return [together(g).as_numer_denom()[0] for g in eqs]


def _ideal_has_one(polys, nonzero=()) -> bool:
    """1 lies in the ideal of ``polys`` plus ``d * u_d - 1`` for each ``d`` in ``nonzero``."""
    exprs = opaque(list(polys) + list(nonzero))
    polys, nonzero = exprs[:len(polys)], exprs[len(polys):]
    gens_exprs = polys + [d * Dummy("u") - 1 for d in nonzero]
    gens = sorted(set().union(*[e.free_symbols for e in gens_exprs]), key=str)
    if not gens:
        return any(e != 0 for e in gens_exprs)
    zero = _common_zeros(polys, gens)
    if zero is not None and all(_nonzero_polynomial(d.xreplace(zero)) for d in nonzero):
        return False
    basis = groebner(gens_exprs, *gens, order="grevlex")
    return list(basis.exprs) == [1]


def _nonzero_polynomial(e) -> bool:
    """``e`` (no infinity or nan in it, so a polynomial) is not the zero polynomial."""
    e = expand(e)
    return e != 0 and not e.has(S.ComplexInfinity, S.NaN, S.Infinity, S.NegativeInfinity)


def _common_zeros(polys, gens):
    """A map setting some of ``gens`` to 0 under which every one of ``polys`` (after
    :func:`opaque`) is the zero polynomial in the other generators, else None.

    Why it replaces a Groebner basis when it exists: every point with those generators 0
    and the others anything is a common zero of ``polys``.  So 1 is not in their ideal
    (``1 = sum a_i f_i`` would read ``1 = 0`` there), nor in it plus ``d u_d - 1`` when
    each ``d`` is a nonzero polynomial in the other generators (a point where the
    product of the ``d`` is nonzero, with ``u_d = 1/d``, is a common zero); and a ``d``
    that is a constant ``c`` modulo the ideal (``d - c`` in it) takes the value ``c``
    at every such point.  The rows of a derivation relate exponentials, sums and
    entries (opaque atoms, entries of families) with no constant term, so the first
    candidate, those set to 0 and the plain symbols left free, mostly applies; the
    second is the origin.  Both are checked by expanding, which is exact.
    """
    families = [g for g in gens if isinstance(g, (Dummy, Indexed))]
    for chosen in (families, gens):
        zero = {g: S.Zero for g in chosen}
        try:
            if chosen and all(expand(e.xreplace(zero)) == 0 for e in polys):
                return zero
        except Exception:   # noqa: BLE001 - a value SymPy cannot form (0**-1): not this point
            continue
    return None


def denominators_nonzero(d, given_eqs, given_rels) -> bool:
    """Every denominator of ``d`` is nonzero at every point satisfying the hypotheses (see module doc)."""
    bound = bound_variables(d)
    eqs = _numerators(given_eqs)
    nonzero = nonzero_relations(given_rels)
    for den in denominators(d):
        if den.is_nonzero or den.is_positive or den.is_negative:
            continue
        if den.free_symbols & bound:
            return False
        try:
            if not _ideal_has_one(eqs + [den], nonzero):
                return False
        except Exception:   # noqa: BLE001 - a basis SymPy cannot compute shows nothing
            return False
    return True


def _size(exprs) -> int:
    return sum(len(Add.make_args(e.expand())) for e in exprs)


def contradiction(eqs, rels, index_facts=()) -> str:
    """Words naming hypotheses that contradict each other, or "" if none is found.

    Args:
        eqs: ``(label, residual)`` pairs, the residual assumed zero.
        rels: ``(label, relation)`` pairs, each relation assumed true.
        index_facts: quantities ``>= 0`` from the ranges of the claim's free
            indices (``k - 1``, ``n - k``), which hold wherever the claim speaks.
    """
    if len(eqs) + len(rels) < 1 or _size([g for _, g in eqs]) > _MAX_TERMS:
        return ""
    nums = [(label, n) for (label, _), n in zip(eqs, _numerators([g for _, g in eqs]))]
    ranked = _ranked(rels) + [("the index ranges", f, False) for f in index_facts]
    if len(nums) + len(rels) + len(index_facts) < 2:
        return ""
    if len(nums) >= 2 and _ideal_has_one([n for _, n in nums]):
        for group in combinations(nums, 2):     # name a pair when one suffices
            if _ideal_has_one([n for _, n in group]):
                return _words([label for label, _ in group], "together they give 1 = 0")
        return _words([label for label, _ in nums], "together they give 1 = 0")
    for (la, a, sa), (lb, b, sb) in combinations(ranked, 2):
        total = (a + b).expand()
        if total.is_number and (total.is_negative or ((sa or sb) and total.is_zero)):
            return _words([la, lb], f"adding them gives {total} {'>' if sa or sb else '>='} 0")
    if nums:
        ideal = _Ideal([n for _, n in nums], [d for _, d, _ in ranked])
        for label, d, strict in ranked:
            value = ideal.value(d, strict)
            if value is not None and value.is_number and (value.is_negative or (strict and value.is_zero)):
                return _words([label for label, _ in nums] + [label],
                              f"the equalities make the difference {value}")
        unequal = [(label, rel) for label, rel in rels if rel.rel_op in ("!=", "<", ">")]
        if unequal and _ideal_has_one([n for _, n in nums], nonzero_relations([r for _, r in unequal])):
            return _words([lab for lab, _ in nums] + [lab for lab, _ in unequal],
                          "the equalities force a difference the inequalities keep nonzero to vanish")
    return ""


@remembered
def shared_contradiction(eqs: tuple, rels: tuple, index_facts: tuple) -> str:
    """:func:`contradiction` of tuples, remembered: the steps of a derivation share hypotheses."""
    return contradiction(eqs, rels, index_facts)


def _ranked(rels):
    """Each inequality as (label, d, strict) meaning ``d > 0`` (strict) or ``d >= 0``.

    Over the integers ``d > 0`` is ``d - 1 >= 0``, which lets ``k > n`` meet ``n - k >= 0``.
    """
    out = []
    for label, r in rels:
        op = r.rel_op
        if op in (">", ">="):
            d, strict = r.lhs - r.rhs, op == ">"
        elif op in ("<", "<="):
            d, strict = r.rhs - r.lhs, op == "<"
        else:
            continue
        if strict and d.is_integer:
            d, strict = d - 1, False
        out.append((label, d, strict))
    return out


class _Ideal:
    """The ideal of the equalities' numerators, for the values it forces on the inequalities.

    One table of opaque subterms and one Groebner basis serve every inequality, and the
    basis is computed only when :func:`_common_zeros` leaves the question open.  It lives
    in a ring with the generators of all the inequalities: a generator no equality has
    changes neither the basis nor the grevlex order among the others.
    """

    def __init__(self, polys, candidates):
        self.table: dict = {}
        self.polys = list(polys)
        self.gens, self.zero, self._basis = [], None, None
        try:
            nums = [together(d).as_numer_denom()[0] for d in candidates]
            exprs = opaque(self.polys + nums, self.table)
        except Exception:   # noqa: BLE001 - each inequality goes the long way (_reduce)
            return
        self.gens = sorted(set().union(*[e.free_symbols for e in exprs]), key=str)
        self.opaque_polys = exprs[:len(self.polys)]
        if self.gens:
            self.zero = _common_zeros(self.opaque_polys, self.gens)

    def value(self, d, strict):
        """``d`` reduced modulo the ideal (non-polynomial parts opaque), or None.

        None also when the common zeros show that no contradiction can come of it: a
        constant value of ``d`` modulo the ideal is its value at each of them, so ``d``
        there is that constant, and it must be negative (zero when ``strict``).
        """
        try:
            num, den = together(d).as_numer_denom()
            if not den.is_number:
                return None
            top = opaque([num], self.table)[0]
            if not self.gens or not top.free_symbols <= set(self.gens):
                return _reduce(d, self.polys)
            if self.zero is not None:
                at = expand(top.xreplace(self.zero)) / den
                if not at.is_number or at.is_positive or (at.is_zero and not strict):
                    return None
            if self._basis is None:
                self._basis = groebner(self.opaque_polys, *self.gens, order="grevlex")
            _, rem = self._basis.reduce(top)
            return rem / den
        except Exception:   # noqa: BLE001 - no reduction, no contradiction found
            return None


def _reduce(d, polys):
    """``d`` reduced modulo the ideal of ``polys`` (non-polynomial parts opaque), or None."""
    try:
        table: dict = {}
        exprs = opaque([together(d).as_numer_denom()[0]] + list(polys), table)
        den = together(d).as_numer_denom()[1]
        if not den.is_number:
            return None
        gens = sorted(set().union(*[e.free_symbols for e in exprs]), key=str)
        if not gens:
            return d
        basis = groebner(exprs[1:], *gens, order="grevlex")
        _, rem = basis.reduce(exprs[0])
        return rem / den
    except Exception:   # noqa: BLE001 - no reduction, no contradiction found
        return None


def _words(labels, how) -> str:
    names = ", ".join(dict.fromkeys(labels))
    return f"the hypotheses contradict each other ({names}: {how}), so every claim holds vacuously"

"""The verdict on one part of a row, and how a row's parts make its verdict."""
from __future__ import annotations

from sympy import Tuple

from ..kernel.verdict import PROVED, REFUTED, UNKNOWN
from .build import RELATIONS

__all__ = ["Outcome", "RANK", "DIAGNOSTIC", "ASSUMED", "combine", "links", "row_links",
           "parsed_relations", "lines_text", "stays_stated"]

DIAGNOSTIC, ASSUMED = "diagnostic", "assumed"
# A row is as bad as its worst part.
RANK = {ASSUMED: 0, PROVED: 1, UNKNOWN: 2, DIAGNOSTIC: 3, REFUTED: 4}


class Outcome(tuple):
    """``(status, method, counterexample, detail, parsed, role)`` of one part of a row."""

    def __new__(cls, status, method, cex=None, detail="", parsed=None, role="step"):
        return super().__new__(cls, (status, method, cex, detail, parsed, role))


def combine(outcomes):
    outcomes = [o for o in outcomes if o is not None]
    status, method, cex, detail, parsed, role = max(outcomes, key=lambda o: RANK[o[0]])
    if len(outcomes) > 1 and status in (PROVED, ASSUMED):
        method = " + ".join(dict.fromkeys(o[1] for o in outcomes))
        detail = "; ".join(o[3] for o in outcomes if o[3])
    parts = [o[4] for o in outcomes if o[4] is not None]
    if len(parts) > 1:
        parsed = Tuple(*[p for part in parts for p in (part.args if isinstance(part, Tuple)
                                                        else (part,))])
    elif parts:
        parsed = parts[0]
    roles = {o[5] for o in outcomes}
    if len(outcomes) > 1:
        role = "step" if "step" in roles else role
    return Outcome(status, method, cex, detail, parsed, role)


def links(exprs, ops):
    return list(zip(exprs, ops, exprs[1:]))


def row_links(row):
    return [link for c in row.chains for link in links(c.exprs, c.ops)]


def parsed_relations(rels):
    items = [RELATIONS[op](a, b, evaluate=False) for a, op, b in rels]
    if not items:
        return None
    return items[0] if len(items) == 1 else Tuple(*items)


def lines_text(lines) -> str:
    lines = list(lines)
    return ", ".join(map(str, lines[:-1])) + (" and " if len(lines) > 1 else "") + str(lines[-1])


def stays_stated(found, new_name: bool) -> bool:
    """Whether a link not proved stays, as written, a premise of the rows below (it
    bounds refutations there, never proves): an error is counted where it is made, not
    again in every row after it.

    Not a row whose range is unclear (as a premise it would fix n silently), nor an
    ambiguous one.  A row false as read -- refuted, or a diagnostic that keeps its
    counterexample (an index clash), every name in it defined -- is an error about known
    things, no premise: as one it would bound every refutation below to the values where
    it holds, none at all when it is false for every value (08:36 held 08:47 back).
    Such a row stays only when it brings in a name of its own (the mean-value theorem's
    epsilon).
    """
    status, method, cex = found[0], found[1], found[2]
    false = status == REFUTED or status == DIAGNOSTIC and cex is not None \
        or method == "rests on refuted row"      # (refuted.RESTS_ON_REFUTED)
    if false:
        return new_name
    # (nor a row about an arbitrary function, generic.py and arbitrary.py: as a premise it
    # ties only free derivatives, and two rows that disagree on one would contradict)
    return (status == UNKNOWN and method not in ("range unclear", "generic functions",
                                                 "undefined function")
            or status == DIAGNOSTIC and method != "ambiguous")

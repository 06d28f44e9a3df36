"""Steps as chains of relations in ``align``, each justified in the margin.

Consecutive steps whose relations continue one another are set as one
chain, the way a derivation is written by hand:

* a step whose left side is the previous step's right side continues the
  chain (``∂L/∂p_k = -log p_k - 1 - λ₁`` then ``-log p_k - 1 - λ₁ = 0`` is
  ``∂L/∂p_k = -log p_k - 1 - λ₁ = 0``);
* so does a step with the chain's first left side, while every link so far
  is an equality (``p_k = e^{...}`` then ``p_k = c e^{...}``).

Either way the printed line ``&= b`` reads "previous side = b", which
follows from the two steps when both hold in the same context; the number on
the line is the step's own.  A step whose claim holds only in a narrower
context than the chain's (specialized at ``\\eta = 1``, or under a hypothesis
of its own) starts a chain of its own: ``w_k = f(\\eta)`` then ``w_k = f(1)``
must not print as ``w_k = f(\\eta) = f(1)``.  A step that holds wherever the
chain's first step does may continue it.

Each line carries its tag (the step's mark and number).  Its justification
goes in a margin column when the chain fits beside it (at most
:data:`WIDTH_BESIDE_NOTES` units of mathematics); a wider chain is set
across the page and its justifications follow it, number by number.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Sequence

from sympy.core.relational import Relational

from .lines import DEFAULT_WIDTH, chain_lines, line_width, split_alignment
from ..printing.printer import as_sympy, to_latex

__all__ = ["ChainRow", "group_chains", "chain_tex", "section_tex", "WIDTH_BESIDE_NOTES"]

#: Budget (half-em units) for the mathematics beside a margin note of 0.3 \textwidth.
WIDTH_BESIDE_NOTES = 38.0


@dataclass(frozen=True)
class ChainRow:
    """One step, ready to print.

    Attributes:
        relation: the relation shown (a SymPy relation; anything else is one line).
        mark: text-mode LaTeX of the verification mark (``\\markproved``).
        tag: text-mode LaTeX of the equation's number as it is printed, ``(1.3)``.
        number: text-mode LaTeX referring to that number, to key a note set
            after the chain.
        note: text-mode LaTeX of the justification; may be empty.
        context: what restricts where the claim holds beyond the
            derivation's assumptions (``(key, value)`` pairs, as
            :attr:`derive.derivation.model.StepResult.context`).
    """

    relation: Any
    mark: str
    tag: str
    number: str
    note: str = ""
    context: tuple = ()


def _continues(chain: Sequence[Any], rel: Any, inside: bool = True) -> bool:
    last = chain[-1]
    if not (inside and isinstance(rel, Relational) and isinstance(last, Relational)):
        return False
    if rel.lhs == last.rhs:
        return True
    return rel.lhs == chain[0].lhs and all(r.rel_op == "==" for r in chain)


def group_chains(relations: Sequence[Any], contexts: Sequence[tuple] | None = None
                 ) -> list[list[int]]:
    """Positions of ``relations`` grouped into chains (see the module docstring).

    Args:
        relations: the relations, in order.
        contexts: for each relation, what restricts where it holds (empty:
            nothing beyond the derivation's assumptions); None: all empty.

    Example:
        >>> from sympy import Eq, symbols
        >>> a, b, c = symbols("a b c")
        >>> group_chains([Eq(a, b), Eq(b, c), Eq(c, 1)])
        [[0, 1, 2]]
        >>> group_chains([Eq(a, b), Eq(a, c)], [(), (("values", ((b, 1),)),)])
        [[0], [1]]
    """
    contexts = [()] * len(relations) if contexts is None else [tuple(c) for c in contexts]
    if len(contexts) != len(relations):
        raise ValueError(f"contexts must have one entry per relation: {len(contexts)} for "
                         f"{len(relations)} relations")
    groups: list[list[int]] = []
    for pos, rel in enumerate(relations):
        # the chain's first step fixes its context; a link may not narrow it
        inside = bool(groups) and all(c in contexts[groups[-1][0]] for c in contexts[pos])
        if groups and _continues([relations[q] for q in groups[-1]], rel, inside):
            groups[-1].append(pos)
        else:
            groups.append([pos])
    return groups


def _lines(rows: Sequence[ChainRow], width: float) -> list[list[str]]:
    """The lines of each row's link, for a chain of ``rows``."""
    first = as_sympy(rows[0].relation, "relation")
    if not isinstance(first, Relational):
        if len(rows) != 1:
            raise ValueError("only a relation can start a chain of several steps")
        return [["&" + to_latex(first)]]
    links = [(first.rel_op, first.rhs)] + [(r.relation.rel_op, r.relation.rhs) for r in rows[1:]]
    return chain_lines(first.lhs, links, width=width)


def _flat(lines: list[list[str]]) -> list[list[str]]:
    """Chain lines with one ``&`` as single-column lines, each chain aligned on its own.

    ``head &= a`` becomes ``head = a``; a later ``&= b`` becomes
    ``\\hphantom{head} = b``, so its relation sits under the first one
    without sharing an alignment point with any other chain.
    """
    head = _split(lines[0][0])[0].strip()
    pad = r"\hphantom{%s}" % head if head else ""
    out = []
    for group in lines:
        flat = []
        for line in group:
            left, right = _split(line)
            flat.append((left.strip() + " " + right.strip()).strip() if left.strip()
                        else (pad + " " + right.strip()).strip())
        out.append(flat)
    return out


def _split(line: str) -> tuple[str, str]:
    parts = split_alignment(line)
    if parts is None:
        raise ValueError(f"a chain line has no alignment point: {line!r}")
    return parts


def _fits(lines: list[list[str]], width: float) -> bool:
    return max(line_width(line) for group in lines for line in group) <= width


def section_tex(rows: Sequence[ChainRow]) -> str:
    """The rows of one part of a proof, chained, with their numbers and justifications.

    Chains that fit beside their notes share one ``flalign*``: the mathematics
    flush left (each chain aligned on its own relations), the notes in a
    column of fixed width and the numbers flush right, so that notes and
    numbers line up down the page.  A chain too wide for that is set across
    the page (``align*``) with its notes after it.

    Raises:
        TypeError: a relation is not SymPy.
    """
    rows = list(rows)
    chains = [[rows[p] for p in group]
              for group in group_chains([r.relation for r in rows], [r.context for r in rows])]
    out, pending = [], []
    for chain in chains:
        narrow = _lines(chain, WIDTH_BESIDE_NOTES)
        if _fits(narrow, WIDTH_BESIDE_NOTES):
            pending.append((chain, _flat(narrow)))
            continue
        if pending:
            out.append(_beside(pending))
            pending = []
        out.append(_across(chain, _lines(chain, DEFAULT_WIDTH)))
    if pending:
        out.append(_beside(pending))
    return "\n".join(out)


def chain_tex(rows: Sequence[ChainRow]) -> str:
    """One chain as a display (see :func:`section_tex`).

    Raises:
        TypeError: a relation is not SymPy.
        ValueError: ``rows`` is empty.
    """
    if not rows:
        raise ValueError("rows must hold at least one step")
    return section_tex(rows)


# Line ends: within a chain no page may break (``\\*``: a page must not open
# with "= ..." whose left side is on the page before); between chains it may,
# and a little space separates them.
_WITHIN, _AFTER_CHAIN = " \\\\*\n", " \\\\[1ex]\n"


def _beside(chains) -> str:
    items = []   # [line, the end that follows it]
    for pos, (chain, lines) in enumerate(chains):
        for row, group in zip(chain, lines):
            note = r"\stepnote{%s}" % row.note if row.note else ""
            indent = r"\hspace{1.5em}" if not items else ""
            items.append([r"%s& %s && %s\stepnumber{%s}{%s}" % (indent, group[0], note, row.mark,
                                                                row.tag), _WITHIN])
            items += [[r"& %s &&" % line, _WITHIN] for line in group[1:]]
        items[-1][1] = _AFTER_CHAIN
    body = "".join(line + end for line, end in items[:-1]) + items[-1][0]
    return "\\begin{flalign*}\n" + body + "\n\\end{flalign*}"


def _across(chain, lines: list[list[str]]) -> str:
    steps = []
    for row, group in zip(chain, lines):
        steps.append(_WITHIN.join([group[0] + r" \tag*{%s\,%s}" % (row.mark, row.tag)] + group[1:]))
    tex = "\\begin{align*}\n" + _WITHIN.join(steps) + "\n\\end{align*}"
    after = [r"\noindent{\footnotesize %s~%s\par}" % (r.number, r.note) for r in chain if r.note]
    return "\n".join([tex, *after])

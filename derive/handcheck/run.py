"""One derivation, read row by row: the state between rows and each row's verdict.

The step semantics are stated in :mod:`derive.handcheck.steps`; this module
carries them out.  Why a verdict here is never wrong:

* **proved** only when :func:`derive.kernel.checker.check` proves the claim,
  with the solved unknowns of the hypotheses *in scope* substituted and the
  others handed to it as hypotheses, or when the claim is a nonzero multiple
  of a condition in scope.  Hypotheses that contradict each other prove
  nothing: the row is reported, never proved (also when the checker finds
  its hypotheses false: "vacuous").
* **refuted** only by the checker's counterexample to that substituted
  claim, which with the solved unknowns set by their rules satisfies every
  hypothesis in scope.  A row with a part that was not read (math after
  unknown words, an ``otherwise`` whose complement is not an index relation)
  is never refuted: what was not read might be the condition that makes it
  true.
* Every row runs under a deadline (:mod:`derive.kernel.deadline`) of
  ``timeout`` seconds per relation it states, parsing and premises included.
"""
from __future__ import annotations

import re
from dataclasses import replace

from sympy import Eq, Indexed, S, Symbol
from sympy.core.function import AppliedUndef

from ..errors import CheckTimeout, ParseError
from ..kernel.verdict import PROVED, REFUTED, UNKNOWN
from .definitions import Definitions, head
from .extrema import extremum_names
from .outcome import (ASSUMED, DIAGNOSTIC, RANK, Outcome, combine, lines_text, links,
                      parsed_relations, row_links, stays_stated)
from .parser import parse_row
from .refuted import RefutedResults
from .leads import Lead, lead_relations, read_lead, unread_lead
from .scope import Hypothesis, Scope, is_case
from .segment import split_row
from .rows import bounded, links_of, raw_of, strip_given_mark
from .conditions import (COMPARISONS, NAMED, OPAQUE, anchor_indices, condition_relations,
                         names_of, opaque_derivatives, same_indices, sharing_lines)
from .termwise import name_terms
from .tex import normalize
from .verdicts import Verdicts

__all__ = ["Run", "Outcome", "DIAGNOSTIC", "ASSUMED", "RANK"]

_ORDER = {"definition": 0, "constraint": 1, "given": 1, "claim": 2}


class _Unreadable(Exception):
    """A row (or a piece of one) that gives a diagnostic instead of a verdict.

    ``last`` is the row's last side when the row was read all the same (an
    index clash, a derivative in an absent variable): the row below that
    continues it (``&= ...``) is checked against it.
    """

    def __init__(self, kind, message, line, last=None):
        super().__init__(message)
        self.kind, self.message, self.line, self.last = kind, message, line, last


_READ_KINDS = frozenset({"index-clash", "derivative-variable"})
_KEEPS_LAST = frozenset({"missing-hypothesis", "undefined-symbol", "contradictory-hypotheses",
                         "index-clash"})


class Run(Verdicts, Definitions, RefutedResults):
    """The state of one derivation: definitions, hypotheses in scope, the previous row."""

    def __init__(self, timeout: float, document, late=None):
        self.timeout = timeout
        self.doc = document
        self.late = dict(late or {})          # key -> (Definition, line): defined below use
        self.candidates: dict = {}            # the same, found while reading
        self.sums: dict = {}                  # line -> the sums its rows held, in context
        self.defs: dict = {key: d for key, (d, _) in self.late.items()}
        self.seen: set = set()
        self.opaque: set = set()              # names of numbers read by their name only
        self.scope = Scope()
        self.block = -1
        self.last = None               # the previous row's last side
        self.last_dvars: tuple = ()    # its derivative variables, when it began with an objective
        self.raw_last = None           # (the previous row's last side, as written: names kept)
        self.unreadable = None         # the line of the previous row, when it could not be read
        self._lost_line = None
        self.constraints = None        # the block whose rows the prose calls constraints
        self.guarded = None            # (block, Lead): its prose's condition is not read
        self.denied = None             # the block its prose labels false
        self.objectives: set = set()   # defined names whose derivative was set to zero
        self.undefined, self.undefined_lines = set(), set()  # names that came in undefined; where
        self.named: set = set()        # constants (e) the document also uses as names
        self.given_names, self.lead_names = set(), set()  # names a given (a case) speaks of
        self.gap = None                # a row above that ran out of time: not a premise
        self.claimed: set = set()      # names used in a claim or a given, not only in definitions
        self.solving = False           # the previous row set a derivative to zero

    # ------------------------------------------------------------ one row
    def row(self, eq):
        """``(line, outcome)`` for one equation of the document."""
        line, outcome = self._row(eq)
        self.solving = "stationarity condition" in outcome[1]
        if outcome[0] == REFUTED and self.guarded and self.guarded[0] == eq.block >= 0:
            outcome = unread_lead(self.guarded[1])     # the author's case is not known
        return line, outcome

    def _row(self, eq):
        if eq.block != self.block:
            self.scope.end_block(self.block)
            self.block = eq.block
            self._lead(eq)
        if eq.block >= 0 and eq.block == self.constraints and eq.role == "step":
            eq = replace(eq, role="given")
        if _SIGNATURE.match(eq.text):
            return eq.line, Outcome(ASSUMED, "signature", detail="a function's domain and "
                                    "codomain, or its rule (x \\mapsto ...): notation", role="notation")
        try:
            with bounded(self.timeout):
                pieces = self._read(eq)
            with bounded(self.timeout * max(1, sum(links_of(p) for p in pieces))):
                outcomes = [self._piece(eq, p) for p in pieces]
        except _Unreadable as err:
            self._lost(eq)
            if err.last is not None:
                self.last, self.unreadable = err.last, None
            if _OBJECTIVE.match(eq.text) and not _TOP_RELATION.search(eq.text):
                return eq.line, Outcome(ASSUMED, "objective", detail="the problem's objective "
                                        "(not read further): nothing to check", role="notation")
            # (reported at the row's first line, as every verdict, the problem's own line named)
            where = f" (line {err.line})" if err.line and err.line != eq.line else ""
            return eq.line, Outcome(DIAGNOSTIC, err.kind, detail=err.message + where)
        except CheckTimeout:
            self._lost(eq)
            self.gap = eq.line
            return eq.line, Outcome(UNKNOWN, "timeout", detail=f"no verdict within the row's "
                                    f"budget ({self.timeout:g} s per relation)")
        except Exception as err:  # noqa: BLE001 -- one row's failure must not end the report
            self._lost(eq)
            return eq.line, Outcome(UNKNOWN, "internal error", detail=f"the row could not be "
                                    f"checked: {type(err).__name__}: {str(err)[:200]}")
        if any(o[0] == DIAGNOSTIC and o[1] not in _KEEPS_LAST for o in outcomes):
            self._lost(eq)
        return eq.line, combine(outcomes)

    def _lead(self, eq):
        """The prose before a block (:mod:`derive.handcheck.leads`): a case or given, constraints,
        rows never refuted (condition or caveat not read), rows labelled false (no premise)."""
        self.given_names, self.lead_names = self.given_names - self.lead_names, set()  # case over
        lead = read_lead(eq.lead) if eq.lead and eq.block >= 0 else Lead()
        self.denied = eq.block if lead.kind == "false" else None
        self.constraints = eq.block if lead.kind == "constraint" and not lead.conditions else None
        guarded = lead.kind in ("unread", "caveat")
        for text in lead.conditions:
            try:
                rels = lead_relations(self._parse(text, eq.line, bare_indices=True))
            except CheckTimeout:
                rels = None
            except Exception:  # noqa: BLE001 -- an unreadable lead guards its block, never
                rels = None    # ends the report
            if rels is None:
                guarded, lead = True, replace(lead, kind="unread")
            else:   # ("Let $n = 3$." holds from there on, "If $x = 3$, then" for the display; a
                # name the given speaks of is never defined by the rows under it, as `given:`)
                self.scope.add(Hypothesis(self.scope.number(), eq.line, rels, "case" if
                                          is_case(rels) else "given", -1 if lead.lasting else eq.block))
                named = set().union(*(names_of(a) | names_of(b) for a, _, b in rels))
                self.lead_names |= set() if lead.lasting else named - self.given_names
                self.given_names, self.seen, self.claimed = (g | named for g in (
                    self.given_names, self.seen, self.claimed))
        self.guarded = (eq.block, lead) if guarded else None

    def _lost(self, eq):
        self.last, self.last_dvars, self.unreadable = None, (), eq.line
        self._lost_line = eq.line

    def _read(self, eq):
        """Normalise, segment and parse the row: ``[(piece, parsed row, conditions)]``."""
        norm = normalize(eq.text, self.doc.macros)
        if norm.ambiguities:
            raise _Unreadable("ambiguous", norm.ambiguities[0], eq.line)
        pieces = sorted(split_row(norm.text), key=lambda p: _ORDER[p.role])
        out = []
        for piece in pieces:
            if eq.role == "given":
                piece = type(piece)(piece.text.replace("(given)", "").strip(), "given",
                                    piece.conditions, piece.unread, piece.notes)
            row = self._parse(strip_given_mark(piece.text), eq.line,
                              bare_indices=eq.role == "given" or piece.role == "given")
            if piece.role == "definition" and eq.block != self.denied:
                self._define_early(row)
            self.scope.retarget(lambda rels: same_indices(rels, row))
            conds, unread = [], list(piece.unread)
            for text in piece.conditions:
                found = self._condition_relations(text, eq.line, piece.conditions)
                if found is None:
                    unread.append(text)
                else:
                    conds += same_indices(found, row)
            out.append((piece, row, tuple(conds), tuple(unread)))
        return out

    def _parse(self, text, line, bare_indices=False):
        row = self._parse_row(text, line, bare_indices)
        self.sums.setdefault(line, []).extend(row.sums)
        self.opaque |= set(row.opaque)
        return row

    def _parse_row(self, text, line, bare_indices):
        context = self.defs
        own = [key for key, (_, at) in self.late.items() if at == line]
        if own:     # the row that defines a name used above it reads the name itself
            context = {k: d for k, d in self.defs.items() if k not in own}
        try:
            return parse_row(text, line=line, context=context, bare_indices=bare_indices,
                             **self.doc.row_options())
        except ParseError as err:
            found = getattr(err, "diagnostic", None)
            if found is not None:
                raise _Unreadable(found.kind, found.message, found.line) from None
            raise _Unreadable("syntax", str(err).split(": ", 1)[-1], err.line or line) from None

    def _condition_relations(self, text, line, siblings):
        """A row condition as ``[(a, op, b)]`` (:func:`condition_relations`); None if unread."""
        return condition_relations(text, line, self.defs, self.doc)

    # ------------------------------------------------------------ pieces
    def _piece(self, eq, item):
        piece, row, conds, unread = item
        if piece.role in ("given", "constraint") or eq.role == "given":
            return self._given(eq, row, piece)
        diags = [d for d in row.diagnostics if d.kind != "undefined-symbol"]
        denied = eq.block == self.denied >= 0 or "labelled false" in piece.notes
        if piece.role == "definition" and not denied:
            return Outcome(ASSUMED, "definition", detail=f"defines {head(row.chains[0].exprs[0])[0]}",
                           parsed=parsed_relations(row_links(row)), role="definition")
        denied = eq.block == self.denied >= 0 or "labelled false" in piece.notes
        found = None if denied else self._definition(eq, row)
        if found is not None:
            return found
        row = self._unstar(row)
        if diags:
            kind = diags[0].kind
            last = row.chains[-1].exprs[-1] if kind in _READ_KINDS and row.chains and all(
                d.kind in _READ_KINDS for d in diags) else None
            if last is not None and kind == "derivative-variable":
                last = opaque_derivatives(last)
            raise _Unreadable(kind, diags[0].message, diags[0].line, last)
        stated = len(self.scope.items)
        found = self._steps(eq, row, conds, unread)
        if denied:      # a row labelled false: checked, never a definition or premise
            self.scope.items[stated:] = [h for h in self.scope.items[stated:] if h.kind != "stated"]
        return found

    def _given(self, eq, row, piece):
        diags = [d for d in row.diagnostics if d.kind != "undefined-symbol"]
        if diags:
            raise _Unreadable(diags[0].kind, diags[0].message, diags[0].line)
        rels = row_links(row)
        if not rels or any(c.continuation for c in row.chains):
            raise _Unreadable("syntax", "a given must be a complete relation such as a = b",
                              eq.line)
        confined = eq.block >= 0 and (eq.hidden or eq.block in self.doc.step_blocks)
        constraint = piece.role == "constraint" or eq.block == self.constraints
        block = eq.block if confined and not constraint else -1
        kind = "case" if is_case(rels) else "given"
        self.scope.add(Hypothesis(self.scope.number(), eq.line, tuple(rels), kind, block))
        self._see(row)
        self.given_names |= set().union(*(names_of(a) | names_of(b) for a, _, b in rels))
        premises, bad = self.scope.premises()
        if bad is None and any(op != "=" for _, op, _ in rels) and \
                "vacuous" in self._check(Eq(S.One, 0), premises.given()).method:
            # inequalities no substitution decides (x > 1, x < 0): the checker finds them
            # false together
            bad = (sharing_lines(self.scope.items, rels), "no value satisfies them all")
        if bad is not None:
            lines, reason = bad
            return Outcome(DIAGNOSTIC, "contradictory-hypotheses",
                           detail=f"the hypotheses on lines {lines_text(lines)} contradict each "
                           f"other ({reason}); nothing follows from them", parsed=parsed_relations(rels))
        where = ("from this line to the end of the block" if block >= 0 else
                 "until the next case" if kind == "case" else "from this line on")
        hidden = "stated in a comment (not shown in the rendered document); " if eq.hidden else ""
        name = "a constraint" if constraint else f"a {kind}"
        return Outcome(ASSUMED, "given", detail=f"{hidden}{name}, {where}",
                       parsed=parsed_relations(rels), role="given")

    # ------------------------------------------------------------ steps
    def _steps(self, eq, row, conds, unread):
        # A number read by its name only (\max_i z_i, a norm), here or through a definition
        # or the row above, is no undefined name: a row false as read with it is unknown.
        here = {n for c in row.chains for e in c.exprs + (self.last,) * c.continuation
                if hasattr(e, "free_symbols") for n in names_of(e)}
        # (A maximum or minimum of a family is not among them: extrema.py keeps a refutation
        # only where its value can be the largest or smallest entry.)
        known = extremum_names(self.opaque | set(row.opaque))
        unread = tuple(unread) + tuple(f"{o} (only its name is read)"
                                       for o in sorted((self.opaque & here | set(row.opaque)) - known))
        self.seen |= self.opaque
        if row.chains and row.chains[0].continuation and self.last is not None and any(
                str(s).startswith(OPAQUE) for s in self.last.free_symbols):
            unread += ("a derivative of the row above whose meaning is not known",)
        extra = ()
        if conds:
            extra = (Hypothesis(self.scope.number(), eq.line, tuple(conds), "row"),)
        outcomes, rels, stated = [], [], []
        for number, chain in enumerate(row.chains):
            exprs, dvars = chain.exprs, ()
            raw = row.raw[number].exprs if len(row.raw) > number and \
                len(row.raw[number].exprs) == len(exprs) else (None,) * len(exprs)
            here = extra
            if number > 0:      # A => B: B is checked with A as a hypothesis
                here = extra + (Hypothesis(self.scope.number(), eq.line, tuple(
                    (a, op, b) for a, op, b in rels if op in COMPARISONS), "row"),)
            if chain.continuation:
                if self.last is None:
                    if self.unreadable is not None:
                        # this row's own last side anchors the row below it
                        self.last, self.last_dvars = exprs[-1], ()
                        self.unreadable = None
                        return Outcome(UNKNOWN, "continues unreadable row",
                                       detail=f"continues unreadable line {self._lost_line}")
                    raise _Unreadable("syntax", "the row starts with a relation but no "
                                      "equation precedes it", eq.line)
                anchor = anchor_indices(self.last, exprs)
                raw = (raw_of(self.raw_last, anchor),) + raw
                exprs, dvars = (anchor,) + exprs, self.last_dvars
            elif any(exprs[0] == o for o, _ in row.objectives):
                dvars = next(v for o, v in row.objectives if o == exprs[0])
            elif self.last is not None and exprs[0] == self.last:
                dvars = self.last_dvars
            pairs = links(exprs, chain.ops)
            if not dvars and not conds and not unread and len(exprs) > 1 and set(chain.ops) == {"="} and \
                    self._constraint(exprs[0], exprs[-1], eq.line) and len(exprs) == 2:
                # (a longer chain's links are checked with the constraint as a premise)
                rels.append(pairs.pop())
                outcomes.append(Outcome(ASSUMED, "constraint", detail="the constraint the "
                                        "multiplier's term of the objective encodes"))
            for k, (a, op, b) in enumerate(pairs):
                rels.append((a, op, b))
                # The antecedent of A => B is supposed, an equation to solve (e^z = 5 => ...),
                # not an identity: only the premises above can refute it.
                supposed = len(row.chains) > 1 and number == 0 and len(chain.ops) == 1 \
                    and not chain.continuation
                linked = not supposed and (chain.continuation or k > 0 or number > 0 or
                                           bool(row.uses) or NAMED.search(eq.text) is not None)
                found = name_terms(self, a, op, b, raw[k], raw[k + 1], k > 0 or chain.continuation) or \
                    self._link(a, op, b, eq.line, dvars, here, linked, supposed, row.uses)
                carried = k > 0 or chain.continuation      # a side from above: its rewrite
                if found[0] == REFUTED and carried and op == "=":
                    found = self.uses_refuted(raw[k], b, here) or found
                self.note_result(eq.line, raw[k], raw[k + 1], found[0] == REFUTED, carried)
                outcomes.append(found)
                # A row not proved stays, as written, a premise of the rows below
                new_name = bool((names_of(a) | names_of(b)) - self.seen - set(self.defs))
                if stays_stated(found, new_name) and op in COMPARISONS and not conds:
                    stated.append((a, op, b))
            self.last, self.last_dvars = exprs[-1], dvars
            self.raw_last = (exprs[-1], raw[-1])
        if stated and not unread:
            self.scope.add(Hypothesis(self.scope.number(), eq.line, tuple(stated), "stated",
                                      under=self.scope.case()))
        self.unreadable = None
        self._see(row)
        if not outcomes:
            if _OBJECTIVE.match(eq.text):
                return Outcome(ASSUMED, "objective", detail="the problem's objective: "
                               "nothing to check", role="notation")
            return Outcome(UNKNOWN, "not a relation", detail="the row states no relation "
                           "(=, <, ...): nothing to check", parsed=None)
        found = combine([Outcome(*o) for o in outcomes])
        status, method, cex, detail = found[0], found[1], found[2], found[3]
        if status == REFUTED and self.gap is not None:
            # what the row that ran out of time states might be what this one needs; a
            # verdict must not depend on the machine's load
            status, method, cex = UNKNOWN, "after a timeout", None
            detail = f"refuted as read, but line {self.gap} above ran out of time and is " \
                     "not a premise here"
        elif status == REFUTED and unread:
            status, method, cex = UNKNOWN, "not fully read", None
            detail = f"refuted as read, but the row goes on with {'; '.join(unread)}, " \
                     "which is not read"
        elif unread and status == PROVED:
            # what was not read may change what the row states ("\\text{fails}"): the
            # relation as read holds, the row is not shown to
            detail = f"proved as read ({method}), but the row goes on with " \
                     f"{'; '.join(unread)}, which is not read"
            status, method = UNKNOWN, "not fully read"
        role = "condition" if status == ASSUMED else "step"
        return Outcome(status, method, cex, detail, parsed_relations(rels), role)

_OBJECTIVE = re.compile(r"\s*(\\(max|min|arg\s*\\?max|arg\s*\\?min|argmax|argmin|operatorname\*?"
                        r"\{arg\s*(max|min)\}|mathop\{\\rm arg\s*(max|min)\}|underset)|"
                        r"maximi[sz]e|minimi[sz]e)", re.IGNORECASE)
_SIGNATURE = re.compile(r"\s*(\\[a-zA-Z]+|[A-Za-z]+)\s*(\([^()]*\))?\s*:(?!=)[^=]*\\(to|rightarrow|"
                        r"longrightarrow|mapsto)(?![a-zA-Z])|[^=]*\\mapsto(?![a-zA-Z])")
_TOP_RELATION = re.compile(r"(?<![{_^])(=|<|>|\\le|\\ge|\\leq|\\geq)(?![a-zA-Z])")


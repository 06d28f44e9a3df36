"""Tests for derive.latex.chains and derive.latex.lines.chain_lines: steps set as chains."""
from __future__ import annotations

import pytest
from sympy import Abs, Add, Eq, Ge, Lt, Max, Piecewise, Symbol, Sum, exp, log, true

from derive.latex.chains import ChainRow, WIDTH_BESIDE_NOTES, chain_tex, group_chains, section_tex
from derive.latex.lines import chain_lines, line_width, split_alignment
from derive.symbols import i, k, lambda1, n, p, z

a, b, c, d = (Symbol(s) for s in "abcd")

# (relations, chains): which consecutive relations continue one another.
GROUPS = [
    ([Eq(a, b), Eq(b, c), Eq(c, 1)], [[0, 1, 2]]),            # lhs = previous rhs
    ([Eq(a, b), Eq(a, c)], [[0, 1]]),                          # same head, equalities so far
    ([Eq(a, b), Ge(b, 0)], [[0, 1]]),                          # a = b >= 0
    ([Lt(a, b), Eq(a, c)], [[0], [1]]),                        # same head after a "<": no
    ([Eq(a, b), Eq(c, d)], [[0], [1]]),                        # unrelated
    ([Eq(a, b), Eq(c, b)], [[0], [1]]),                        # rhs = rhs is not a chain
    ([Eq(a, b), true, Eq(b, c)], [[0], [1], [2]]),             # a non-relation breaks it
    ([], []),
]


@pytest.mark.parametrize("relations, chains", GROUPS)
def test_group_chains(relations, chains):
    assert group_chains(relations) == chains


AT_1 = (("values", ((c, 1),)),)
GIVEN = (("given", (Ge(c, 0),)),)
# (relations, contexts, chains): a link may not hold in a narrower context than the chain.
CONTEXT_GROUPS = [
    ([Eq(a, b), Eq(a, c)], [(), AT_1], [[0], [1]]),             # w = f(eta), w = f(1): no
    ([Eq(a, b), Eq(b, c)], [(), AT_1], [[0], [1]]),             # a = b, then b = c only at c = 1
    ([Eq(a, b), Eq(b, c)], [(), GIVEN], [[0], [1]]),            # a hypothesis of its own
    ([Eq(a, b), Eq(a, c), Eq(c, d)], [(), AT_1, ()], [[0], [1, 2]]),   # general links continue
    ([Eq(a, b), Eq(b, c)], [AT_1, AT_1], [[0, 1]]),             # the same context
    ([Eq(a, b), Eq(b, c)], [AT_1 + GIVEN, GIVEN], [[0, 1]]),    # a wider one
]


@pytest.mark.parametrize("relations, contexts, chains", CONTEXT_GROUPS)
def test_a_narrower_claim_starts_its_own_chain(relations, contexts, chains):
    assert group_chains(relations, contexts) == chains


def test_group_chains_needs_one_context_per_relation():
    with pytest.raises(ValueError, match="one entry per relation"):
        group_chains([Eq(a, b), Eq(b, c)], [()])


def test_a_specialized_step_is_not_chained_onto_the_general_formula():
    """FTRL: w_k = e^{-eta x_k}/Z (general eta), then w_k at eta = 1 is a new line, not "= ..."."""
    from derive.derivation.runner import check_general
    from derive.latex.document import derivation_fragment
    from proofs.ftrl_softmax import DERIVATION

    tex = derivation_fragment(check_general(DERIVATION, timeout=20))
    general = next(line for line in tex.splitlines() if r"(\thesection.10)" in line)
    special = next(line for line in tex.splitlines() if r"(\thesection.11)" in line)
    assert general.lstrip().startswith("& w_{k} =")
    assert special.lstrip().startswith("& w_{k} =") and r"\hphantom" not in special


def test_chain_lines_put_the_head_once():
    lines = chain_lines(a, [("==", b + c), ("==", 0)])
    assert lines == [["a &= b + c"], ["&= 0"]]


def test_chain_lines_break_a_long_link_and_keep_every_term():
    long = Add(*[Symbol(f"x_{q}") * exp(z[k]) / Sum(exp(z[i]), (i, 1, n)) for q in range(12)])
    lines = chain_lines(a, [("==", long), ("<=", 1)], width=38)
    assert len(lines[0]) > 1 and lines[1] == [r"&\leq 1"]
    assert all(line.count("&") == 1 for group in lines for line in group)
    assert all(line_width(line) <= 38 for group in lines for line in group)
    joined = " ".join(lines[0])
    assert all("x_{%d}" % q in joined for q in range(12))


def test_a_wide_head_goes_on_its_own_lines():
    head = Add(*[Symbol(f"h_{q}") for q in range(12)])
    long = Add(*[Symbol(f"r_{q}") for q in range(12)])
    lines = chain_lines(head, [("==", long)], width=38)
    assert lines[0][0].startswith("&h_{0}") and any(line.startswith("&= ") for line in lines[0])


@pytest.mark.parametrize("head, links, error", [
    (a, [], ValueError), (a, [("~", b)], ValueError), ("a", [("==", b)], TypeError),
    (a, [("==", "b")], TypeError),
])
def test_chain_lines_bad_input(head, links, error):
    with pytest.raises(error):
        chain_lines(head, links)


def _row(rel, number, note="why"):
    return ChainRow(rel, r"\markproved", "(\\thesection.%d)" % number, r"\eqnref{sec:s}{%d}" % number,
                    note)


def test_a_chain_fits_beside_its_notes():
    rows = [_row(Eq(Symbol("L"), -log(p[k]) - 1 - lambda1), 1, "differentiate"),
            _row(Eq(-log(p[k]) - 1 - lambda1, 0), 2, "stationary")]
    tex = chain_tex(rows)
    assert tex.startswith(r"\begin{flalign*}") and tex.count(r"\stepnote{") == 2
    first, second = tex.split("\n")[1:3]
    assert first.startswith(r"\hspace{1.5em}& L = ") and r"\stepnote{differentiate}" in first
    # the continued link sits under the first relation, not at another chain's
    assert second.startswith(r"& \hphantom{L} = 0 && \stepnote{stationary}")
    assert r"\stepnumber{\markproved}{(\thesection.2)}" in second


def test_separate_chains_share_one_display_with_a_gap():
    tex = section_tex([_row(Eq(a, b), 1), _row(Eq(c, d), 2)])
    assert tex.count(r"\begin{flalign*}") == 1 and r"\\[1ex]" in tex


def test_a_chain_too_wide_for_notes_goes_across_with_notes_after():
    wide = Eq(Symbol("y"), exp(Add(*[Symbol(f"u_{q}") for q in range(30)])) / (1 + exp(a)))
    tex = section_tex([_row(Eq(a, b), 1), _row(wide, 2, "the wide one"), _row(Eq(c, d), 3)])
    assert tex.count(r"\begin{flalign*}") == 2 and tex.count(r"\begin{align*}") == 1
    assert r"\tag*{\markproved\,(\thesection.2)}" in tex
    assert r"\noindent{\footnotesize \eqnref{sec:s}{2}~the wide one\par}" in tex
    assert WIDTH_BESIDE_NOTES < 64


def test_a_non_relation_is_one_line():
    assert r"& \text{True} &&" in chain_tex([_row(true, 1)])


def test_chain_tex_needs_rows():
    with pytest.raises(ValueError, match="rows"):
        chain_tex([])


def _line_ends(display: str) -> list[str]:
    """How each line of a display ends but the last: ``\\\\*``, ``\\\\`` or ``\\\\[1ex]``."""
    lines = display.split("\n")[1:-1]
    return [line.rsplit(" ", 1)[-1] for line in lines[:-1]]


@pytest.mark.parametrize("layout", ["beside", "across"])
def test_no_page_breaks_inside_a_chain(layout):
    """A chain keeps its lines on one page (no page opens with "= ..."); pages break between chains."""
    wide = exp(Add(*[Symbol(f"u_{r}") for r in range(14)]))       # no line beside the notes holds it
    factor = exp(z[k]) / Sum(exp(z[i]), (i, 1, n)) if layout == "beside" else wide
    long = Add(*[Symbol(f"x_{q}") * factor for q in range(12)])
    tex = section_tex([_row(Eq(a, long), 1), _row(Eq(a, b), 2), _row(Eq(c, d), 3)])
    env = "flalign*" if layout == "beside" else "align*"
    assert tex.startswith(r"\begin{%s}" % env)
    ends = _line_ends(tex.split(r"\end{%s}" % env)[0] + r"\end{%s}" % env)
    assert len(ends) >= 3
    if layout == "beside":          # the chain of (1) and (2), then the chain (3), in one display
        assert set(ends[:-1]) == {r"\\*"} and ends[-1] == r"\\[1ex]"
    else:                           # the wide chain alone in its align*
        assert set(ends) == {r"\\*"}


def test_a_piecewise_is_not_split_at_its_own_alignment_marks():
    """The ``&`` of ``cases`` belongs to the cases; the chain aligns on its relation."""
    x = Symbol("x", real=True)
    pw = Piecewise((x, x > 0), (0, True))
    tex = section_tex([_row(Eq(pw, Max(x, 0)), 1), _row(Eq(Max(x, 0), Abs(x) / 2 + x / 2), 2)])
    first, second = tex.split("\n")[1:3]
    assert first.startswith(r"\hspace{1.5em}& \begin{cases} x & \text{if } x > 0 \\ 0 & \text{otherwise}")
    assert r"\end{cases} = \max\left(0, x\right) && \stepnote{why}" in first
    assert second.startswith(r"& \hphantom{\begin{cases}")
    assert first.count("&&") == 1


@pytest.mark.parametrize("line, parts", [
    ("a &= b", ("a ", "= b")),
    (r"\begin{cases} a & b \end{cases} &= 0", (r"\begin{cases} a & b \end{cases} ", "= 0")),
    (r"x_{a&b} &\leq 1", ("x_{a&b} ", r"\leq 1")),
    (r"\&x &= 1", (r"\&x ", "= 1")),
    ("&= 0", ("", "= 0")),
    ("a = b", None),
])
def test_split_alignment(line, parts):
    assert split_alignment(line) == parts

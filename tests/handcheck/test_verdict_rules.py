"""Verdict rules that catch more wrong rows without a wrong verdict (issue 12).

Each rule has a planted wrong step that must be caught and a correct one that
must not be: a family named term by term (``L = -\\sum_j y_j \\log p_j =
-\\sum_j \\ell_j``), a summation index reused across a continued row, and
counterexamples that must respect what ``\\max z`` means, and ``\\propto`` refuted by
a ratio that varies with the index.
"""
from __future__ import annotations

import pytest
from sympy import Idx, IndexedBase, Integer, Rational, Symbol

from derive.handcheck.document import Document
from derive.handcheck.extrema import consistent
from derive.handcheck.steps import check_derivation

_LOSS = "$$\nL = -\\sum_{j=1}^C y_j \\log p_j \\\\\n= -\\sum_{j=1}^C \\ell_j\n$$\n\n"
_HAT = "$$ \\hat{z} = z - \\max{z} $$\n\n"
_BOLTZMANN = "$$ p_i = \\frac{e^{-\\beta E_i}}{\\sum_{j=1}^n e^{-\\beta E_j}} $$\n\n"
_MAX_I = "$$ m = \\max_i z_i $$\n\n"
_LS = ("$$LS(z) = z - c - \\log({\\sum_{i=0}^n e^{z_i-c}})$$\n\n"
       "$${\\partial {LS}\\over\\partial{z_i}}= 1 - {\\partial{ \\log({\\sum_{i=0}^n e^{z_i-c}})}"
       " \\over \\partial {z_i} }$$\n\n")

# 08's rows: a continued row false as read at every value (line 23, an index clash) is no
# premise below; as one it bounded every refutation to no values at all
_CLASH = '$$\n  L = -\\sum_j^C y_j \\log p_j \\\\\n  = -\\sum_j^C \\ell_j.\n$$\n\n$$\n  p_j = \\frac{\\exp( a_j)}{\\sum_k^C \\exp(a_k)}.\n$$\n$$\n  \\frac{\\partial p_j}{\\partial a_i} = \\frac{\\partial }{\\partial a_i} \\frac{\\exp( a_j)}{\\sum_k^C \\exp(a_k)}\n$$\n\n$$\n  = \\frac{\\partial }{\\partial a_j} \\frac{\\exp( a_j)}{\\sum_k^C \\exp(a_k)} \\\\\n  = \\frac{\\partial }{\\partial a_j} \\exp( a_j) \\left(\\sum_k^C \\exp(a_k) \\right)^{-1} \\\\\n  = \\exp( a_j) \\left(\\sum_k^C \\exp(a_k) \\right)^{-1} - \n    \\exp( a_j) \\left(\\sum_k^C \\exp(a_k) \\right)^{-2} \\exp( a_j) \\\\\n  = p_j -p_j^2 \\\\\n  = p_j(1-p_j).\n$$\n\n$$\n  = \\frac{\\partial }{\\partial a_i} \\frac{\\exp( a_j)}{\\sum_k^C \\exp(a_k)} \\\\\n  = \\exp( a_j) \\frac{\\partial }{\\partial a_i}\\left(\\sum_k^C \\exp(a_k) \\right)^{-1} \\\\\n  = -\\exp( a_j) \\left(\\sum_k^C \\exp(a_k) \\right)^{-2} \\exp(a_i) \\\\\n  = -p_jp_i. \\\\\n$$\n'
# a chain refuted at its first row states a result; a step using it is not refuted again
_WRONG_TERM = '$$ L = -\\sum_{j=1}^C y_j \\log p_j \\\\ = -\\sum_{j=1}^C \\ell_j $$\n\n$$ \\frac{\\partial \\ell_j}{\\partial p_j} = -\\frac{y_j}{p_j} $$\n\n'

# (id, document, {line: (status, method or None)}); a status tuple allows any of them
CASES = [
    # -- a family named term by term
    ("terms named: a wrong derivative of a term is refuted",
     _LOSS + "$$ \\frac{\\partial \\ell_j}{\\partial p_j} = -\\frac{y_j}{p_j} $$\n",
     {3: ("assumed", "definition"), 6: ("refuted", None)}),
    ("terms named: the right derivative is proved",
     _LOSS + "$$ \\frac{\\partial \\ell_j}{\\partial p_j} = \\frac{y_j}{p_j} $$\n",
     {3: ("assumed", "definition"), 6: ("proved", None)}),
    ("terms named with the sum's factor moved into them",
     "$$\nL = -\\sum_{j=1}^C y_j \\log p_j \\\\\n= \\sum_{j=1}^C \\ell_j\n$$\n\n"
     "$$ \\ell_j = -y_j \\log p_j $$\n",
     {3: ("assumed", "definition"), 6: ("proved", None)}),
    ("terms named below the sum's own definition",
     "$$ L = -\\sum_{j=1}^C y_j \\log p_j $$\n\n$$ L = -\\sum_{j=1}^C \\ell_j $$\n\n"
     "$$ \\frac{\\partial \\ell_j}{\\partial p_j} = -\\frac{y_j}{p_j} $$\n",
     {3: ("assumed", "definition"), 5: ("refuted", None)}),
    ("a name used above is not named term by term",
     "$$ \\ell_1 = 2 $$\n\n" + _LOSS, {5: (("refuted", "unknown", "diagnostic"), None)}),
    ("nor a family with another index than the sum's",
     "$$\nL = -\\sum_{j=1}^C y_j \\log p_j \\\\\n= -\\sum_{j=1}^C \\ell_{j+1}\n$$\n",
     {3: (("unknown", "diagnostic"), None)}),
    ("nor over other limits",
     "$$\nL = -\\sum_{j=1}^C y_j \\log p_j \\\\\n= -\\sum_{j=2}^C \\ell_j\n$$\n",
     {3: (("unknown", "diagnostic"), None)}),
    # -- a summation index reused across a continued row
    ("the continued row sums over the chain's free index: a clash",
     _LS + "$$= 1 - {e^{z-c}\\over {\\sum_{i=0}^n e^{z_i-c}}}$$\n",
     {5: ("diagnostic", "index-clash")}),
    ("the same row summing over a fresh letter is no clash",
     _LS + "$$= 1 - {e^{z-c}\\over {\\sum_{j=0}^n e^{z_j-c}}}$$\n",
     {5: (("unknown", "refuted", "proved"), None)}),
    # -- \propto: refuted by a ratio that varies with the index, or is not positive
    ("a factor that depends on the index is refuted",
     _BOLTZMANN + "$$ p_i \\propto e^{-2 \\beta E_i} $$\n", {3: ("refuted", None)}),
    ("so is a negative factor",
     _BOLTZMANN + "$$ p_i \\propto -e^{-\\beta E_i} $$\n", {3: ("refuted", None)}),
    ("the right proportionality is proved",
     _BOLTZMANN + "$$ p_i \\propto e^{-\\beta E_i} $$\n", {3: ("proved", "proportional")}),
    ("a name new on one side of a proportionality is not refuted with",
     _BOLTZMANN + "$$ p_i \\propto e^{-\\beta E_i} q_i $$\n",
     {3: ("diagnostic", "undefined-symbol")}),
    ("nor a proportionality about nothing defined",
     "$$ p_i \\propto e^{-2 \\beta E_i} $$\n", {1: (("diagnostic", "unknown"), None)}),
    # -- \max z in a counterexample
    ("a true row about z - max z is not refuted",
     _HAT + "$$ \\sum_{i=1}^n e^{\\hat{z}_i} \\geq 1 $$\n", {3: (("unknown", "proved"), None)}),
    ("nor is a true bound of one entry",
     _HAT + "$$ \\hat{z}_1 \\leq 0 $$\n", {3: (("unknown", "proved"), None)}),
    ("a false row is refuted where max z is the largest entry",
     _HAT + "$$ \\hat{z}_2 = 0 $$\n", {3: ("refuted", None)}),
    ("and so is a false sum",
     _HAT + "$$ \\sum_{i=1}^n e^{\\hat{z}_i} = 7 $$\n", {3: ("refuted", None)}),
    ("a maximum defined as max_i z_i: a true bound is not refuted",
     _MAX_I + "$$ z_1 - m \\leq 0 $$\n", {3: (("unknown", "proved"), None)}),
    ("nor a true sum",
     _MAX_I + "$$ \\sum_{i=1}^n e^{z_i - m} \\geq 1 $$\n", {3: (("unknown", "proved"), None)}),
    ("a false equation is",
     _MAX_I + "$$ z_1 - m = 0 $$\n", {3: ("refuted", None)}),
    # -- a row false as read bounds nothing below
    ("a wrong sign after a row false as read is refuted", _CLASH + "$$ \\frac{\\partial L}"
     "{\\partial a_i} = \\sum_j^C \\frac{\\partial \\ell_j}{\\partial p_j} \\frac{\\partial "
     "p_j}{\\partial a_i} $$\n", {23: ("diagnostic", "index-clash"), 28: ("refuted", None)}),
    ("the right gradient there is proved", _CLASH + "$$ \\frac{\\partial L}{\\partial a_i} = "
     "p_i \\sum_j^C y_j - y_i $$\n", {28: ("proved", None)}),
]


@pytest.mark.parametrize("text, expected", [c[1:] for c in CASES], ids=[c[0] for c in CASES])
def test_rule(text, expected):
    report = check_derivation(text, kind="md", timeout=10.0)
    for line, (status, method) in expected.items():
        found = [s for s in report.steps if s.line == line]
        assert found, [(s.line, s.status) for s in report.steps]
        allowed = status if isinstance(status, tuple) else (status,)
        assert any(s.status in allowed for s in found), found
        if method is not None:
            assert method in [s.method for s in found if s.status in allowed], found
        for s in found:
            if s.status == "refuted":
                _assert_extrema_respected(s.counterexample)


def _assert_extrema_respected(cex):
    values = {str(k): v for k, v in (cex or {}).items()}
    for name in ("max(z)", "\\max_{i} z_{i}"):
        if name in values:
            entries = [v for k, v in values.items() if k.startswith("z[")]
            assert all(values[name] >= v for v in entries), cex
            if "n" not in values or len(entries) == values["n"]:
                assert values[name] in entries, cex


z = IndexedBase("z", real=True)
M, n = Symbol("max(z)", real=True), Symbol("n", integer=True, positive=True)
_DOC = Document()


@pytest.mark.parametrize("cex, ok", [
    ({n: 2, M: Integer(3), z[1]: Integer(1), z[2]: Integer(3)}, True),     # attained
    ({n: 2, M: Integer(3), z[1]: Integer(1), z[2]: Integer(2)}, False),    # above every entry
    ({n: 2, M: Integer(1), z[1]: Integer(1), z[2]: Integer(2)}, False),    # below one
    ({M: Integer(5), z[1]: Integer(1)}, True),          # n free: another entry can be 5
    ({n: 1, M: Integer(5), z[1]: Integer(1)}, False),   # n = 1: z_1 is the maximum
    ({n: 2, M: Rational(1, 2), z[1]: Rational(1, 2)}, True),   # z_2 free, below 1/2
    ({n: 2, z[1]: Integer(1)}, False),                  # no value for the maximum
])
def test_a_maximum_is_consistent_only_with_entries_that_have_it(cex, ok):
    assert consistent(M, "max", "z", cex, _DOC) is ok


# (id, document, line, a fragment the detail must hold, one it must not): a message claims
# falsity only with a counterexample; a sum over a set is read by name only (F8)
MESSAGES = [
    ("an identity about sums over a set", "$$\\sum_{j \\in S(z)} 2 z_j = 2 \\sum_{j \\in S(z)} z_j$$\n",
     1, "read by name only", "false"),
    ("renamed bound index", "$$\\sum_{j \\in S(z)} z_j - \\sum_{k \\in S(z)} z_k = 0$$\n",
     1, "read by name only", "false"),
    ("a wrong one is not called false either",
     "$$\\sum_{j \\in S(z)} z_j = 2 \\sum_{j \\in S(w)} z_j$$\n", 1, "read by name only", "false"),
    ("an unconnected statement with free numbers is false in general",
     "$$ \\sum_{i=1}^n p_i = 1 $$\n", 1, "false in general", "name only"),
]


@pytest.mark.parametrize("text, line, holds, lacks", [m[1:] for m in MESSAGES],
                         ids=[m[0] for m in MESSAGES])
def test_a_message_claims_falsity_only_with_a_counterexample(text, line, holds, lacks):
    found = [s for s in check_derivation(text, kind="md", timeout=5.0).steps if s.line == line]
    assert found and all(s.status != "refuted" and s.status != "proved" for s in found), found
    assert any(holds in (s.detail or "") for s in found), found
    assert all(lacks not in (s.detail or "") for s in found), found


# (id, document, line, the statuses of its links in order): a step that rewrites what it
# carries from above by a refuted row's result is unknown, not refuted again; a step
# that keeps the derivative as written, or does not follow from the result, is refuted
_USING = ("$$ \\frac{\\partial L}{\\partial p_i} = -\\sum_{j=1}^C \\frac{\\partial \\ell_j}"
          "{\\partial p_j} \\delta_{ij} \\\\ = ")
RESTS = [
    ("a step using a refuted result", _WRONG_TERM + _USING + "\\sum_{j=1}^C \\frac{y_j}{p_j} "
     "\\delta_{ij} $$\n", 5, ["proved", "unknown"]),
    ("a step not following from it", _WRONG_TERM + _USING + "\\sum_{j=1}^C \\frac{2 y_j}{p_j} "
     "\\delta_{ij} $$\n", 5, ["proved", "refuted"]),
    ("a row keeping the derivative as written", _WRONG_TERM + "$$ \\frac{\\partial L}"
     "{\\partial p_i} = \\sum_{j=1}^C \\frac{\\partial \\ell_j}{\\partial p_j} \\delta_{ij} $$\n",
     5, ["refuted"]),
    ("the refuted row itself", _WRONG_TERM, 3, ["refuted"]),
]


@pytest.mark.parametrize("text, line, statuses", [r[1:] for r in RESTS], ids=[r[0] for r in RESTS])
def test_an_error_is_counted_where_it_is_made(text, line, statuses):
    found = [s for s in check_derivation(text, kind="md", timeout=10.0).steps if s.line == line]
    assert [s.status for s in found] == statuses, found

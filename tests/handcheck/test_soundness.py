"""``derive check`` never gives a wrong verdict: each defect of issue 12, part 1, as a case.

Every case is a document and, for some of its lines, the verdicts allowed
there.  A case fails when a row is proved that must not be (a false or
vacuous proof) or refuted when the reader would reject the counterexample.
"""
from __future__ import annotations

import time

import pytest

from derive.handcheck import run as run_module
from derive.handcheck.steps import check_derivation

NOT_PROVED = ("refuted", "unknown", "diagnostic")
NOT_REFUTED = ("proved", "unknown", "diagnostic", "assumed")


def _at(report, line):
    found = [s for s in report.steps if s.line == line]
    assert found, f"no row on line {line}: {[(s.line, s.status) for s in report.steps]}"
    return found


_SOFTMAX_K = "$$ p_i = \\frac{e^{z_i}}{\\sum_{k=1}^K e^{z_k}} $$\n\n"

_MAXENT = ("$$S = - \\sum_i p_i \\ln p_i - \\lambda \\left( \\sum_i p_i - 1 \\right)$$\n\n"
           "$$\\frac{\\partial S}{\\partial p_i} = 0$$\n\n$$\\frac{\\partial S}{\\partial \\lambda} = 0$$\n\n")

_MAXENT_N = ("$$ \\mathcal{L} = -\\sum_{i=1}^{n} p_i \\log p_i + \\lambda\\left(\\sum_{i=1}^{n} "
             "p_i - 1\\right) $$\n\n"
             "$$ \\frac{\\partial \\mathcal{L}}{\\partial p_i} = -\\log p_i - 1 + \\lambda = 0 $$\n\n")

# (id, kind, document, {line: allowed statuses}, the whole report must fail)
CASES = [
    # -- vacuous success: a case holds until the next case; contradictions are errors
    ("case-split", "tex",
     "% given: i = k\n$$ \\delta_{ik} = 1 $$\n% given: i \\neq k\n$$ \\delta_{ik} = 0 $$\n"
     "$$ 1 = 2 $$\n",
     {2: ("proved",), 4: ("proved",), 5: NOT_PROVED}, True),
    ("case-split-in-blocks", "md",
     "$$ \\delta_{jk} = 1 \\quad \\text{if } j = k $$\n\n"
     "$$ \\delta_{jk} = 0 \\quad \\text{if } j \\neq k $$\n\n$$ 1 = 2 $$\n",
     {1: ("proved",), 3: ("proved",), 5: ("refuted",)}, True),
    ("contradiction-0=1", "tex", "% given: 0 = 1\n$$ 1 = 2 $$\n",
     {1: ("diagnostic",), 2: NOT_PROVED}, True),
    ("contradiction-html-comment", "md", "<!-- given: 0 = 1 -->\n\n$$ 1 = 2 $$\n",
     {1: ("diagnostic",), 3: NOT_PROVED}, True),
    ("contradiction-two-givens", "tex", "% given: a = 1\n% given: a = 2\n$$ 1 = 2 $$\n",
     {2: ("diagnostic",), 3: NOT_PROVED}, True),
    ("next-case-replaces-the-last", "tex",
     "\\begin{align*}\n% given: i = k\n% given: i \\neq k\n\\delta_{ik} &= 1\n\\end{align*}\n",
     {3: ("assumed",), 4: NOT_PROVED}, True),
    ("contradiction-case-and-given", "tex",
     "% given: i = k\n% given: \\delta_{ik} = 0\n$$ 1 = 2 $$\n",
     {2: ("diagnostic",), 3: NOT_PROVED}, True),
    ("block-given-ends-with-block", "md",
     "$$ a = 1 \\quad \\text{(given)} \\\\ a + 1 = 2 $$\n\n$$ a + 1 = 2 $$\n",
     {1: ("assumed", "proved"), 3: NOT_PROVED}, True),
    # -- stale pairing: a continuation of an unreadable row is unknown
    ("stale-pairing", "md",
     "$$ a = 1 $$\n\n$$\n\\begin{aligned}\nb &= \\frobnicate{x} \\\\\n&= 3\n\\end{aligned}\n$$\n",
     {6: ("unknown",)}, True),
    # -- rules only inside their range
    ("rule-range-n+1", "tex", "% given: p_i = 1/n\n$$ p_{n+1} = 1/n $$\n", {2: NOT_PROVED}, True),
    ("rule-range-0", "tex", "% given: p_i = 1/n\n$$ p_0 = 1/n $$\n", {2: NOT_PROVED}, True),
    ("rule-range-i+1", "tex", "% given: p_i = 1/n\n$$ p_{i+1} = 1/n $$\n", {2: NOT_PROVED}, True),
    ("rule-range-other-sum", "tex",
     "% given: p_i = 1/n\n$$ \\sum_{i=1}^{n} p_i = 1 $$\n$$ \\sum_{k=1}^{K} p_k = K/n $$\n",
     {2: ("proved",), 3: NOT_PROVED}, True),
    ("rule-range-inside", "tex",
     "% given: p_i = 1/n\n$$ \\sum_{k=1}^{n} p_k = 1 $$\n", {2: ("proved",)}, False),
    # -- capture: i \neq k says nothing about a bound i
    ("capture-sum-delta", "tex",
     "% given: i \\neq k\n$$ \\sum_i \\delta_{ik} = 0 $$\n", {2: NOT_PROVED}, True),
    ("capture-row-sum", "tex",
     "% given: j \\neq k\n$$ \\sum_j \\delta_{jk} = 1 $$\n", {2: ("proved",)}, False),
    # -- real roots
    ("cube-root", "tex", "% given: a^3 = -8\n$$ a = -2 $$\n", {2: ("proved",)}, False),
    ("cube-roots-equal", "tex", "% given: a^3 = b^3\n$$ a = b $$\n", {2: ("proved",)}, False),
    ("exp-negative", "tex", "% given: e^{a} = -1\n$$ a = 1 $$\n",
     {1: ("diagnostic",), 2: NOT_PROVED}, True),
    # -- the antecedent of A => B is supposed (an equation to solve), never refuted as an identity
    ("implies-exp", "md", "$$ e^{z} = 5 \\implies z = \\log 5 $$\n", {1: NOT_REFUTED}, None),
    ("implies-log", "md", "$$ \\log x = 2 \\implies x = e^2 $$\n", {1: NOT_REFUTED}, None),
    ("implies-inequality", "md", "$$ e^{z} > 5 \\implies z > \\log 5 $$\n", {1: NOT_REFUTED}, None),
    ("implies-lagrange", "md", "$$ e^{-1-\\lambda} = 1/n \\Rightarrow \\lambda = \\log n - 1 $$\n",
     {1: NOT_REFUTED}, None),
    ("implies-no-real-solution", "md", "$$ e^x = -1 \\implies x = i\\pi $$\n", {1: NOT_REFUTED}, None),
    ("implies-wrong-consequent", "md", "$$ e^{z} = 5 \\implies z = \\log 6 $$\n", {1: ("refuted",)},
     True),
    ("implies-wrong-lagrange", "md",
     "$$ e^{-1-\\lambda} = 1/n \\Rightarrow \\lambda = \\log n + 1 $$\n", {1: ("refuted",)}, True),
    # -- a row's condition speaks of the row's own indices (j ranging over 1..K, not 1..n)
    ("cases-jacobian-K", "md", _SOFTMAX_K + "$$ \\frac{\\partial p_i}{\\partial z_j} = \\begin{cases} "
     "p_i(1-p_i) & \\text{if } i = j \\\\ -p_i p_j & \\text{if } i \\neq j \\end{cases} $$\n",
     {3: ("proved",)}, False),
    ("case-row-equal-K", "md", _SOFTMAX_K + "$$ \\frac{\\partial p_i}{\\partial z_j} = p_i(1-p_i) "
     "\\quad \\text{if } i = j $$\n", {3: ("proved",)}, False),
    ("case-row-distinct-K", "md", _SOFTMAX_K + "$$ \\frac{\\partial p_i}{\\partial z_j} = -p_i p_j "
     "\\quad \\text{if } i \\neq j $$\n", {3: ("proved",)}, False),
    ("cases-jacobian-K-sign", "md", _SOFTMAX_K + "$$ \\frac{\\partial p_i}{\\partial z_j} = "
     "\\begin{cases} p_i(1-p_i) & \\text{if } i = j \\\\ p_i p_j & \\text{if } i \\neq j "
     "\\end{cases} $$\n", {3: ("refuted",)}, True),
    ("cases-jacobian-K-swapped", "md", _SOFTMAX_K + "$$ \\frac{\\partial p_i}{\\partial z_j} = "
     "\\begin{cases} -p_i p_j & \\text{if } i = j \\\\ p_i(1-p_i) & \\text{if } i \\neq j "
     "\\end{cases} $$\n", {3: ("refuted",)}, True),
    # -- function definitions respect their argument
    ("function-argument", "md", "$$ f(x) = x^2 $$\n\n$$ f(2) = x^2 $$\n", {3: ("refuted",)}, True),
    ("function-argument-ok", "md", "$$ f(x) = x^2 $$\n\n$$ f(2) = 4 $$\n", {3: ("proved",)}, False),
    ("function-vector-argument", "md",
     "$$ H(p) = -\\sum_i p_i \\log p_i $$\n\n$$ H(w) = H(p) $$\n", {3: NOT_PROVED}, True),
    # -- unchecked conclusions
    ("fresh-name-final-row", "md",
     "$$ L = -p_1 \\log p_1 - p_2 \\log p_2 - \\lambda (p_1 + p_2 - 1) $$\n\n"
     "$$ \\frac{\\partial L}{\\partial p_1} = -\\log p_1 - 1 - \\lambda = 0 $$\n\n"
     "$$ \\frac{\\partial L}{\\partial p_2} = -\\log p_2 - 1 - \\lambda = 0 $$\n\n"
     "$$ p_1 + p_2 = 1 \\quad \\text{(given)} $$\n\n"
     "$$ p^\\star_1 = 1/3 $$\n",
     {9: NOT_PROVED + ()}, True),
    ("derivative-chain-zero", "md",
     "$$ \\frac{\\partial e^{z_1}}{\\partial z_1} = e^{z_1} = 0 $$\n", {1: NOT_PROVED}, True),
    ("no-finite-solution", "md",
     "$$ \\frac{\\partial}{\\partial z_1} e^{z_1} = 0 $$\n\n$$ z_1 = 5 $$\n",
     {1: NOT_PROVED, 3: NOT_PROVED}, True),
    ("lagrangian-stationarity", "md",
     "$$ L = a^2 - 2a $$\n\n$$ \\frac{\\partial L}{\\partial a} = 2a - 2 = 0 $$\n\n$$ a = 1 $$\n",
     {3: ("assumed", "proved"), 5: ("proved",)}, False),
    # -- the derivative of a defined objective named with a prime or a star is stationarity
    *[(f"stationarity-{tag}", "md", f"$${name} = - \\sum_i p_i \\ln p_i - \\lambda \\left( \\sum_i "
       f"p_i - 1 \\right)$$\n\n$$\\frac{{\\partial {name}}}{{\\partial p_i}} = 0 = {rhs}$$\n",
       {3: allowed}, fails)
      for tag, name in (("prime", "S'"), ("quote", "S’"), ("star", "S^*"))
      for rhs, allowed, fails in (("- \\ln p_i - 1 - \\lambda", ("proved",), False),
                                  ("- \\ln p_i - \\lambda", ("refuted",), True))],
    # -- every math environment is read
    ("alignat", "tex", "\\begin{alignat}{2}\n1 &= 2\n\\end{alignat}\n", {2: ("refuted",)}, True),
    ("flalign", "tex", "\\begin{flalign*}\n1 &= 2 &&\n\\end{flalign*}\n", {2: ("refuted",)}, True),
    # -- comments are not part of the derivation
    ("html-comment-display", "md", "<!--\n$$ 1 = 2 $$\n-->\n$$ 1 = 1 $$\n", {4: ("proved",)}, False),
    ("tex-comment-display", "tex", "% $$ 1 = 2 $$\n$$ 1 = 1 $$\n", {2: ("proved",)}, False),
    ("md-percent-in-math", "md", "$$ 1 = 1 % = 2\n$$\n", {1: ("proved",)}, False),
    # -- reserved names are the user's
    ("tau-definition", "md", "$$ \\tau = 2 $$\n\n$$ \\tau + 1 = 3 $$\n", {3: ("proved",)}, False),
    ("ell-definition", "md", "$$ \\ell = -\\log p_1 $$\n\n$$ e^{-\\ell} = p_1 $$\n",
     {3: ("proved",)}, False),
    # -- counterexamples a reader accepts: indices in the document's ranges
    ("jacobian-K", "md",
     "$$ s_k = \\frac{e^{z_k}}{\\sum_{i=1}^{K} e^{z_i}} $$\n\n"
     "$$ \\frac{\\partial s_k}{\\partial z_j} = s_k (\\delta_{kj} - s_j) $$\n",
     {3: NOT_REFUTED}, None),
    ("batch-N", "md",
     "$$ L = \\frac{1}{N} \\sum_{b=1}^{N} (a x_b - y_b)^2 $$\n\n"
     "$$ \\frac{\\partial L}{\\partial x_b} = \\frac{2}{N} a (a x_b - y_b) $$\n",
     {3: NOT_REFUTED}, None),
    ("unlimited-sum-meets-N", "md", _MAXENT + "$$ \\sum_{i=1}^N e^{-1-\\lambda} = 1 $$\n",
     {7: NOT_REFUTED}, None),
    ("unlimited-sum-meets-N-wrong", "md", _MAXENT + "$$ \\sum_{i=1}^N e^{-1-\\lambda} = 2 $$\n",
     {7: ("refuted",)}, True),
    ("batch-N-wrong", "md",
     "$$ L = \\frac{1}{N} \\sum_{b=1}^{N} (a x_b - y_b)^2 $$\n\n"
     "$$ \\frac{\\partial L}{\\partial x_b} = \\frac{2}{N} (a x_b - y_b) $$\n",
     {3: ("refuted",)}, True),
    # -- a sum without limits next to entries written out: the reader's n is their count
    ("written-out-entries", "md",
     "$$ q_i = \\frac{e^{z_i}}{\\sum_k e^{z_k}} $$\n\n"
     "$$ \\frac{\\partial q_1}{\\partial z_1} = \\frac{e^{z_1} e^{z_2}}{(e^{z_1} + e^{z_2})^2} $$\n",
     {3: NOT_REFUTED}, True),
    ("written-out-entries-wrong", "md",
     "$$ q_i = \\frac{e^{z_i}}{\\sum_k e^{z_k}} $$\n\n"
     "$$ \\frac{\\partial q_2}{\\partial z_1} = \\frac{e^{z_1} e^{z_2}}{(e^{z_1} + e^{z_2})^2} $$\n",
     {3: ("refuted",)}, True),
    # -- an index free on one side only (an Einstein sum?) is an index clash, not refuted
    ("einstein-index-clash", "md",
     "$$ -y_k + y_i q_k = -y_k + \\sum_i y_i q_k $$\n", {1: ("diagnostic",)}, True),
    # -- silent misreadings: \delta{ik}, e^{i\pi}, e as a name, \tau(a+b)
    ("delta-braces", "md", "$$ \\sum_i y_i \\delta{ik} = y_k $$\n", {1: ("diagnostic",)}, True),
    ("euler-i-pi", "md", "$$ e^{i\\pi} = -1 $$\n", {1: ("diagnostic",)}, True),
    ("euler-i-pi-wrong", "md", "$$ e^{i\\pi} = 1 $$\n", {1: ("diagnostic",)}, True),
    ("e-as-a-name", "md", "$$ e = 2 $$\n\n$$ e + 1 = 3 $$\n",
     {1: ("diagnostic",), 3: NOT_REFUTED}, True),
    ("e-is-euler", "md", "$$ e = \\lim_{n \\to \\infty} (1 + 1/n)^n $$\n", {1: ("proved",)}, False),
    ("tau-times-bracket", "md", "$$ \\tau(a+b) = \\tau a + \\tau b $$\n", {1: ("proved",)}, False),
    ("tau-times-bracket-wrong", "md", "$$ \\tau(a+b) = \\tau a + b $$\n", {1: ("refuted",)}, True),
    # -- an update rule defines the next iterate (a premise below), it is not a claim
    ("update-rule", "md",
     "$$ \\eta = 0.1 $$\n\n$$ w^{(t+1)} = w^{(t)} - 2 \\eta (w^{(t)} - 3) $$\n\n"
     "$$ w^{(t+1)} - 3 = (1 - 2 \\eta)(w^{(t)} - 3) $$\n",
     {3: ("assumed",), 5: ("proved",)}, False),
    ("update-rule-wrong-consequence", "md",
     "$$ \\eta = 0.1 $$\n\n$$ w_{t+1} = w_t - 2 \\eta (w_t - 3) $$\n\n"
     "$$ w_{t+1} - 3 = (1 - \\eta)(w_t - 3) $$\n",
     {3: ("assumed",), 5: ("refuted",)}, True),
    ("a claim about a defined family is no update", "md",
     "$$ p_i = i $$\n\n$$ p_{i+1} = p_i + 2 $$\n", {3: ("refuted",)}, True),
    # -- contradictory inequalities are named; a name in a given is not defined below it
    ("contradictory-inequalities", "tex", "% given: x > 1\n% given: x < 0\n$$ x^2 + 1 = 0 $$\n",
     {2: ("diagnostic",), 3: NOT_PROVED}, True),
    # -- a name a claim above used is not defined by a row below: that row is a claim
    ("claimed-name-not-defined-below", "md",
     "$$ y = x^2 + 1 $$\n\n$$ y = 10 $$\n\n$$ x = -3 $$\n\n$$ x + 1 = -2 $$\n",
     {3: NOT_PROVED, 5: NOT_PROVED}, True),
    ("claimed-root-not-defined-below", "md", "$$ x^2 = 9 $$\n\n$$ x = -3 $$\n",
     {1: NOT_PROVED, 3: NOT_PROVED}, True),
    ("given-sum-limit-not-defined-below", "md",
     "<!-- given: \\sum_{i=1}^{n} p_i = 1 -->\n\n<!-- given: p_i = 2 -->\n\n"
     "$$ 2n = 1 $$\n\n$$ n = \\frac{1}{2} $$\n\n$$ 4n = 2 $$\n",
     {7: NOT_PROVED, 9: NOT_PROVED}, True),
    ("a-name-in-a-definition-body-is-defined-below", "md",
     "$$ p_i = \\frac{e^{-\\beta E_i}}{Z} $$\n\n$$ Z = \\sum_i e^{-\\beta E_i} $$\n\n"
     "$$ \\sum_i p_i = 1 $$\n", {3: ("assumed",), 5: ("proved",)}, False),
    # -- a new name right after a stationarity condition is its solution: checked
    ("new-name-after-stationarity-wrong", "md", _MAXENT_N +
     "$$ q_i = e^{\\lambda + 1} $$\n\n$$ \\log q_i = \\lambda + 1 $$\n",
     {5: NOT_PROVED}, True),
    ("new-name-after-stationarity-right", "md", _MAXENT_N +
     "$$ q_i = e^{\\lambda - 1} $$\n\n$$ \\log q_i = \\lambda - 1 $$\n",
     {5: ("assumed",), 7: ("proved",)}, False),
    # -- numbers are real: an odd root of a negative number is the real root
    ("real-cube-root", "md", "$$ \\sqrt[3]{-8} = -2 $$\n", {1: ("proved",)}, False),
    ("real-cube-root-wrong", "md", "$$ \\sqrt[3]{-8} = 2 $$\n", {1: ("refuted",)}, True),
    ("real-cube-root-of-a-cube", "md", "$$ \\sqrt[3]{x^3} = x $$\n", {1: NOT_REFUTED}, None),
    ("real-cube-root-of-a-variable", "md", "$$ \\sqrt[3]{x^3 y^3} = x y $$\n",
     {1: NOT_REFUTED}, None),
    ("negative-base-fractional-power-is-ambiguous", "md", "$$ (-8)^{1/3} = -2 $$\n",
     {1: ("diagnostic",)}, True),
    # -- the constraint a Lagrangian's multiplier term encodes is a condition, not a claim
    ("lagrangian-constraint-chain", "md", _MAXENT_N +
     "$$ p_i = e^{\\lambda - 1} $$\n\n$$ \\sum_{i=1}^{n} p_i = n e^{\\lambda - 1} = 1 $$\n\n"
     "$$ p_i = \\frac{1}{n} $$\n", {7: ("proved",), 9: ("proved",)}, False),
    ("lagrangian-constraint-stated", "md", _MAXENT_N + "$$ \\sum_{i=1}^{n} p_i = 1 $$\n\n"
     "$$ p_i = \\frac{1}{n} $$\n", {5: ("assumed",), 7: ("proved",)}, False),
    ("not-the-lagrangian-constraint", "md", _MAXENT_N + "$$ \\sum_{i=1}^{n} p_i = 2 $$\n",
     {5: NOT_PROVED}, True),
    # -- a lead "If $i = j$:" speaks of the rows' own j (ranging over the sum's 1..K)
    ("lead-case-speaks-of-the-rows-index", "md", _SOFTMAX_K +
     "If $i = j$:\n$$ \\frac{\\partial p_i}{\\partial z_j} = p_i(1-p_j) $$\n", {4: ("proved",)},
     False),
    ("lead-case-wrong-row-still-refuted", "md", _SOFTMAX_K +
     "If $i = j$:\n$$ \\frac{\\partial p_i}{\\partial z_j} = p_i(1+p_j) $$\n",
     {4: ("refuted",)}, True),
    ("lead-case-not-equal", "md", _SOFTMAX_K +
     "If $i \\neq j$:\n$$ \\frac{\\partial p_i}{\\partial z_j} = -p_i p_j $$\n", {4: ("proved",)},
     False),
    # -- f_w(x) = ... defines a function of x: f_w(1) is its value at 1, not f_w times 1
    ("subscripted-function-at-a-number", "md",
     "$$ h_\\theta(x) = \\frac{1}{1 + e^{-\\theta x}} $$\n\n"
     "$$ h_\\theta(1) = \\frac{1}{1 + e^{-\\theta x}} $$\n", {3: ("refuted",)}, True),
    ("subscripted-function-polynomial", "md",
     "$$ f_w(x) = w x^2 $$\n\n$$ f_w(1) = w x^2 $$\n", {3: ("refuted",)}, True),
    ("subscripted-function-at-2x", "md",
     "$$ h_\\theta(x) = \\frac{1}{1 + e^{-\\theta x}} $$\n\n"
     "$$ h_\\theta(2x) = \\frac{1}{1 + e^{-2\\theta x}} $$\n", {3: ("proved",)}, False),
    ("subscripted-function-at-its-parameter", "md",
     "$$ f_w(x) = w x^2 $$\n\n$$ f_w(x) + 1 = w x^2 + 1 $$\n", {3: ("proved",)}, False),
    ("subscripted-function-at-another-subscript", "md",
     "$$ h_\\theta(x) = \\frac{1}{1 + e^{-\\theta x}} $$\n\n"
     "$$ h_\\phi(1) = \\frac{1}{1 + e^{-\\theta}} $$\n", {3: NOT_PROVED}, True),
    ("subscripted-function-at-another-subscript-right", "md",
     "$$ f_w(x) = w x^2 $$\n\n$$ f_v(1) = v $$\n", {3: ("proved",)}, False),
    ("subscripted-name-at-another-subscript", "md", "$$ f_w = w^2 $$\n\n$$ f_v = w^2 $$\n",
     {3: NOT_PROVED}, True),
    ("subscripted-name-at-another-subscript-right", "md",
     "$$ f_w = w^2 $$\n\n$$ f_v = v^2 $$\n", {3: ("proved",)}, False),
    ("given-name-not-defined-below", "tex", "% given: x > 0\n$$ x^2 = 25 $$\n$$ x = 5 $$\n",
     {2: NOT_PROVED}, True),
    # -- every display is read or reported: quotes, lists, empheq, prose; TeX's other comments
    ("false row in a blockquote", "md", "$$ (x+1)^2 = x^2 + 2x + 1 $$\n\n> $$ (x+1)^2 = x^2 + 1 $$\n",
     {3: ("refuted",)}, True),
    ("false row in a list item", "md", "$$ (x+1)^2 = x^2 + 2x + 1 $$\n\n1. $$ (x+1)^2 = x^2 + 1 $$\n",
     {3: ("refuted",)}, True),
    ("false row in empheq", "tex", "\\begin{empheq}[box=\\fbox]{align}\n(x+1)^2 &= x^2 + 1\n"
     "\\end{empheq}\n", {2: ("refuted",)}, True),
    ("display in a table cell", "md", "$$ a = a $$\n\n| 2 | $$ (x+1)^2 = x^2 + 1 $$ |\n",
     {3: ("diagnostic",)}, True),
    ("display after prose", "md", "$$ a = a $$\n\nHence $$ (x+1)^2 = x^2 + 1 $$\n",
     {3: ("diagnostic",)}, True),
    ("a given in \\iffalse is no given", "tex",
     "\\iffalse\n\\[ x = 3 \\quad \\text{(given)} \\]\n\\fi\n\\[ x^2 = 9 \\]\n",
     {4: NOT_PROVED}, True),
    ("a given in a comment environment is no given", "tex",
     "\\begin{comment}\n\\[ x = 3 \\quad \\text{(given)} \\]\n\\end{comment}\n\\[ x^2 = 9 \\]\n",
     {4: NOT_PROVED}, True),
    ("2e-3 is 2e - 3 as rendered, or a number: ambiguous", "md", "$$ 2e-3 = 2e - 3 $$\n",
     {1: ("diagnostic",)}, True),
    ("log(2e-3) is not read as a number", "md", "$$ \\log(2e-3) < 0 $$\n", {1: ("diagnostic",)}, True),
    # -- words that connect relations: neither claims nor definitions
    ("x = 1 or x = 2 defines nothing", "md", "$$x = 1 \\quad \\text{or} \\quad x = 2$$\n"
     "$$x + 1 = 2$$\n$$x = 1$$\n", {1: ("diagnostic",), 2: NOT_PROVED}, True),
    ("is wrong; in fact: not two claims", "md",
     "$$x = 2 \\quad \\text{is wrong; in fact} \\quad x = 3$$\n", {1: ("diagnostic",)}, True),
    ("unless: not proved as the plain relation", "md",
     "$$x^2 \\ge 0 \\quad \\text{unless } x = 3$$\n", {1: ("diagnostic",)}, True),
    ("otherwise: not a definition", "md", "$$f = 0 \\quad \\text{otherwise}$$\n$$f + 1 = 1$$\n",
     {1: ("diagnostic",), 2: NOT_PROVED}, True),
    ("x^{1/3} of a real x is the real or the complex root: ambiguous", "md",
     "$$ \\sqrt[3]{x} = x^{1/3} $$\n", {1: ("diagnostic",)}, True),
    # -- words after the last relation that are no reason for it may deny it
    ("a true row followed by 'fails' is not proved", "md",
     "$$ (x+1)^2 = x^2 + 2x + 1 \\quad \\text{fails} $$\n", {1: ("unknown",)}, True),
    ("a false row followed by 'would be absurd' is not refuted", "md",
     "$$ 1 = 2 \\quad \\text{would be absurd} $$\n", {1: ("unknown",)}, True),
    ("(incorrect) after a row is not read", "md",
     "$$ (x+1)^2 = x^2 + 2x + 1 \\quad \\text{(incorrect)} $$\n", {1: ("unknown",)}, True),
    ("a constraint row the words deny is no constraint", "md",
     "$$ \\mathcal{L} = -\\sum_{i=1}^{n} p_i \\log p_i + \\lambda\\left(\\sum_{i=1}^{n} p_i - 1\\right) $$\n\n"
     "$$ \\frac{\\partial \\mathcal{L}}{\\partial p_i} = -\\log p_i - 1 + \\lambda = 0 $$\n\n"
     "$$ \\sum_{i=1}^{n} p_i = 1 \\quad \\text{fails} $$\n\n$$ p_i = \\frac{1}{n} $$\n",
     {5: ("unknown",), 7: NOT_PROVED}, True),
    ("a reason after a row is a note", "md",
     "$$ (x+1)^2 = x^2 + 2x + 1 \\quad \\text{(by expanding)} $$\n", {1: ("proved",)}, False),
    ("a reference after a row is a note", "md",
     "$$ (x+1)^2 = x^2 + 2x + 1 \\quad \\text{from the chain rule} $$\n", {1: ("proved",)}, False),
    ("a condition still holds for its row", "md",
     "$$ \\delta_{jk} = 1 \\quad \\text{if } j = k $$\n", {1: ("proved",)}, False),
    ("a huge power is refused, not computed", "md",
     "$$x = 1$$\n$$9^{9^{9}} + x = 9^{9^{9}} + 1$$\n", {2: ("diagnostic",)}, True),
]


@pytest.mark.parametrize("kind, text, expected, fails", [c[1:] for c in CASES],
                         ids=[c[0] for c in CASES])
def test_verdicts_a_reader_accepts(kind, text, expected, fails):
    report = check_derivation(text, kind=kind, timeout=5.0)
    for line, allowed in expected.items():
        for step in _at(report, line):
            assert step.status in allowed, (line, step)
            assert step.method != "vacuous" and "vacuous" not in step.detail
    if fails is not None:
        assert report.ok is not fails, [(s.line, s.status, s.method) for s in report.steps]


def test_a_given_in_a_comment_is_shown():
    report = check_derivation("<!-- given: \\sum_i y_i = 1 -->\n\n$$ \\sum_j y_j = 1 $$\n",
                              kind="md")
    given = _at(report, 1)[0]
    assert given.role == "given" and "comment" in given.detail
    assert _at(report, 3)[0].status == "proved"


def test_contradiction_names_the_lines():
    report = check_derivation("% given: a = 1\n% given: a = 2\n$$ a = 1 $$\n", kind="tex")
    bad = _at(report, 2)[0]
    assert bad.method == "contradictory-hypotheses"
    assert "1" in bad.detail and "2" in bad.detail


def test_contradictory_inequalities_name_both_lines():
    report = check_derivation("% given: x > 1\n% given: c > 0\n% given: x < 0\n$$ x = x $$\n",
                              kind="tex")
    bad = _at(report, 3)[0]
    assert bad.method == "contradictory-hypotheses"
    assert "lines 1 and 3" in bad.detail, bad.detail


def test_every_row_gets_its_verdict_within_its_budget(monkeypatch):
    """A rewrite that never returns is stopped by the row's deadline, not waited for."""
    def endless(*args, **kwargs):
        start = time.monotonic()
        while time.monotonic() - start < 60:   # long enough to fail the test, short of a hang
            pass
        raise AssertionError("the row's deadline did not stop the work")

    monkeypatch.setattr(run_module.Run, "_rearranged", lambda *a, **k: endless())
    report = check_derivation("% given: a = 1\n$$ a^2 = 1 $$\n", kind="tex", timeout=0.5)
    row = _at(report, 2)[0]
    assert row.status == "unknown" and "timeout" in row.method


def test_a_timeout_does_not_turn_the_rows_below_into_refutations(monkeypatch):
    """A row that runs out of time is no premise; a row below that needed it is unknown
    (on an idle machine it is proved from that row), never refuted: no verdict depends on
    the load."""
    original = run_module.Run._given

    def endless_given(self, *args, **kwargs):
        start = time.monotonic()
        while time.monotonic() - start < 60:
            pass
        return original(self, *args, **kwargs)

    text = "% given: a = 1\n$$ a^2 = a $$\n"
    assert _at(check_derivation(text, kind="tex", timeout=5.0), 2)[0].status == "proved"
    assert _at(check_derivation(text[15:], kind="tex", timeout=5.0), 1)[0].status == "refuted"
    monkeypatch.setattr(run_module.Run, "_given", endless_given)
    report = check_derivation(text, kind="tex", timeout=0.5)
    assert _at(report, 1)[0].method == "timeout"
    below = _at(report, 2)[0]
    assert below.status == "unknown" and below.method == "after a timeout", below


# (id, document, {line: (status, method or None)}) -- the rules that keep a refutation one a
# reader accepts, and a proof one that uses only what the rows above state
READER_RULES = [
    ("a statement nothing above connects is not refuted",
     "$$ \\sum_i p_i = 1 $$\n", {1: ("unknown", "not derived")}),
    # a row not proved bounds refutations below it, never proves a row below it
    ("and proves nothing below it",
     "$$ \\sum_i p_i = 1 $$\n\n$$ \\sum_i 2 p_i = 2 $$\n", {3: ("unknown", "rests on unproved row")}),
    # (with c for 2 instead, c = 2ab below would define c, the name line 3 used undefined)
    ("a refuted row proves nothing below it",
     "$$ x = 1 + 1 $$\n\n$$ (a+b)^2 = a^2 + b^2 + 2 $$\n\n$$ 2 = 2ab $$\n",
     {5: ("unknown", "rests on unproved row")}),
    ("nor through a chain of rows below it",
     "$$ \\sum_i p_i = 1 $$\n\n$$ \\sum_i 3 p_i = 3 $$\n\n$$ \\sum_i 6 p_i = 6 $$\n",
     {3: ("unknown", None), 5: ("unknown", None)}),
    ("but a false row below it is still refuted with it kept",
     "$$ \\sum_i p_i = 1 $$\n\n$$ (a+b)^2 = a^2 + b^2 $$\n", {3: ("refuted", None)}),
    # rows that are one formula, and column pairs that are two equations
    ("a row ending in an operator continues on the next",
     "$$ (a+b)^2 = a^2 + 2ab + \\\\\n b^2 $$\n", {1: ("proved", None)}),
    ("a multline is one formula",
     "$$\\begin{multlined} (a+b)^2 = a^2 + 2ab \\\\ + b^2 \\end{multlined}$$\n", {1: ("proved", None)}),
    # \mu(0) after \mu = 2: mu times 0, or the function mu at 0? never a silent choice
    ("a defined quantity before a number in parentheses is ambiguous",
     "$$ \\mu = 2 $$\n\n$$ \\mu(0) = 0 $$\n", {3: ("diagnostic", "ambiguous")}),
    ("also on a right side",
     "$$ \\mu = 2 $$\n\n$$ x = \\mu(1) $$\n", {3: ("diagnostic", "ambiguous")}),
    ("a product written as one is still refuted",
     "$$ \\mu = 2 $$\n\n$$ \\mu \\cdot (1) = 3 $$\n", {3: ("refuted", None)}),
    ("and a given still proves",
     "<!-- given: \\sum_i p_i = 1 -->\n\n$$ \\sum_i 2 p_i = 2 $$\n", {3: ("proved", None)}),
    ("an identity is refuted even alone",
     "$$ (a + b)^2 = a^2 + b^2 $$\n", {1: ("refuted", None)}),
    ("a name new on one side of a step is undefined",
     "$$ q = z_1 + z_2 $$\n\n$$ q = z_1 + b $$\n", {3: ("diagnostic", "undefined-symbol")}),
    ("an unstated normalisation is a missing hypothesis",
     "$$ p_j \\sum_k y_k - y_j = p_j - y_j $$\n", {1: ("diagnostic", "missing-hypothesis")}),
    ("so is an unstated sum of probabilities p",
     "$$ -p_k + \\sum_j p_j y_k = -p_k + y_k $$\n", {1: ("diagnostic", "missing-hypothesis")}),
    ("a row that states the normalisation is not missing it",
     "$$ \\sum_i p_i = 1 $$\n", {1: ("unknown", "not derived")}),
    ("a false row about p that no normalisation saves is still refuted",
     "$$\\begin{aligned} x &= \\sum_j p_j y_k \\\\ &= 2 y_k \\end{aligned}$$\n",
     {1: ("refuted", None)}),
    ("a concrete entry bounds its dimension: z_2 means n >= 2",
     "$$ \\sum_i e^{z_i} > e^{z_2} $$\n", {1: (("proved", "unknown"), None)}),
    ("a continuation of an undecided row is checked against it",
     "$$\\begin{aligned} q &= \\frobnicate \\\\ &= 2 \\\\ &= 1 + 1 \\end{aligned}$$\n",
     {1: ("unknown", "continues unreadable row")}),
    ("a summation index reused free on the other side is a clash, not refuted",
     "$$\\begin{aligned} G &= -\\sum_i y_i \\log(q_i) \\\\ &= -y_i \\log(q_i) \\end{aligned}$$\n",
     {1: ("diagnostic", "index-clash")}),
    ("a sum over a fresh letter that is false is still refuted",
     "$$\\begin{aligned} G &= -\\sum_i y_i \\log(q_i) \\\\ &= -2\\sum_j y_j \\log(q_j) \\end{aligned}$$\n",
     {1: ("refuted", None)}),
    ("and so is a free index that is summed nowhere",
     "$$\\begin{aligned} G_k &= \\sum_i y_i q_k \\\\ &= 2 y_k q_k \\end{aligned}$$\n",
     {1: ("refuted", None)}),
    ("\\delta{ik} is an ambiguity, not delta times i k",
     "$$ \\sum_i y_i \\delta{ik} = y_k $$\n", {1: ("diagnostic", "ambiguous")}),
    ("an index free on one side of a continued row is an index clash, not refuted",
     "$$\\begin{aligned} x &= -y_k + y_i q_k \\\\ &= -y_k + \\sum_i y_i q_k \\end{aligned}$$\n",
     {1: ("diagnostic", "index-clash")}),
    # an undefined g of a vector: g of each entry, or a function of the whole vector?
    ("an undefined function of a vector in a vector row is ambiguous",
     "$$ \\mathbf y = g(\\mathbf z) $$\n\n$$ \\frac{\\partial y_1}{\\partial z_2} = 0 $$\n",
     {1: ("diagnostic", "ambiguous"), 3: (NOT_PROVED, None)}),
    ("also with a label on its name",
     "$$ \\mathbf y = g_{\\mathrm{a}}(\\mathbf z) $$\n\n$$ \\frac{\\partial y_1}{\\partial z_2} = 0 $$\n",
     {1: ("diagnostic", "ambiguous"), 3: (NOT_PROVED, None)}),
    ("a named scalar function of a vector is entrywise",
     "$$ \\mathbf y = \\tanh(\\mathbf z) $$\n\n$$ \\frac{\\partial y_1}{\\partial z_2} = 0 $$\n",
     {1: ("assumed", "definition"), 3: ("proved", None)}),
    ("and so is an undefined function of one entry",
     "$$ y_i = g(z_i) $$\n\n$$ \\frac{\\partial y_1}{\\partial z_2} = 0 $$\n",
     {1: ("assumed", "definition"), 3: ("proved", None)}),
    ("a number-valued undefined function of a vector is not ambiguous",
     "$$ L = g(\\mathbf z) $$\n\n$$ L = g(\\mathbf z) $$\n", {1: ("assumed", "definition")}),
]


@pytest.mark.parametrize("text, expected", [r[1:] for r in READER_RULES],
                         ids=[r[0] for r in READER_RULES])
def test_rules_that_keep_verdicts_honest(text, expected):
    report = check_derivation(text, kind="md", timeout=5.0)
    for line, (status, method) in expected.items():
        steps = _at(report, line)
        allowed = status if isinstance(status, tuple) else (status,)
        assert any(s.status in allowed for s in steps), steps
        if method is not None:
            assert method in [s.method for s in steps if s.status in allowed], steps


@pytest.mark.parametrize("text", [
    _SOFTMAX_K + "$$ \\frac{\\partial p_i}{\\partial z_j} = \\begin{cases} p_i(1-p_i) & i = j \\\\ "
    "p_i p_j & i \\neq j \\end{cases} $$\n",
    _SOFTMAX_K + "$$ p_i = p_j $$\n",
])
def test_a_counterexample_keeps_an_index_in_the_range_of_its_sum(text):
    """``p_i`` beside ``\\sum_{k=1}^K``: the reader's i ranges over 1..K (i = 2, K = 1 was given)."""
    report = check_derivation(text, kind="md", timeout=5.0)
    step = _at(report, 3)[0]
    assert step.status in ("refuted", "unknown"), step
    if step.status == "refuted":
        cex = {str(k): v for k, v in step.counterexample.items()}
        assert all(1 <= cex[i] <= cex["K"] for i in ("i", "j") if i in cex), cex


# (id, kind, document, [(line, status)] of every row): a row of column pairs is one
# verdict per pair, never one chain glued across the pairs
COLUMN_PAIRS = [
    ("align", "tex", "\\begin{align}\na &= 1 & b &= 2 \\\\\na+b &= 3 & a+b &= 4\n\\end{align}\n",
     [(2, "assumed"), (2, "assumed"), (3, "proved"), (3, "refuted")]),
    ("aligned", "md", "$$\\begin{aligned} a &= 1 & b &= 2 \\\\ a+b &= 4 & a+b &= 3 \\end{aligned}$$\n",
     [(1, "assumed"), (1, "assumed"), (1, "refuted"), (1, "proved")]),
    ("flalign", "tex", "\\begin{flalign}\nx &= 2 & y &= 3 \\\\\nx y &= 6 & x + y &= 5\n\\end{flalign}\n",
     [(2, "assumed"), (2, "assumed"), (3, "proved"), (3, "proved")]),
    # a continuation line's pairs continue their own columns: a = 1 = 2 is wrong, b = 2 = 2 right
    ("column continuation", "tex", "\\begin{align}\na &= 1 & b &= 2 \\\\\n  &= 2 & &= 2\n\\end{align}\n",
     [(2, "assumed"), (2, "assumed"), (3, "refuted"), (3, "proved")]),
    ("column continuation, true", "tex",
     "\\begin{align}\na &= 1 & b &= 2 \\\\\n  &= 0 + 1 & &= 1 + 1\n\\end{align}\n",
     [(2, "assumed"), (2, "assumed"), (3, "proved"), (3, "proved")]),
    ("aligned column continuation", "tex",
     "\\begin{equation}\\begin{aligned}\na &= 1 & b &= 2 \\\\\n  &= 2 & &= 2\n\\end{aligned}\\end{equation}\n",
     [(2, "assumed"), (2, "assumed"), (3, "refuted"), (3, "proved")]),
    # a bare relation of the row's indices is its condition, not an equation defining i
    ("index condition pair", "tex", "\\begin{align}\n\\delta_{ij} &= 1 & i &= j\n\\end{align}\n",
     [(2, "proved")]),
    ("index condition pair, wrong", "tex", "\\begin{align}\n\\delta_{ij} &= 0 & i &= j\n\\end{align}\n",
     [(2, "refuted")]),
    # x^* is a name: the rows are not one product, so b = 2 is a definition and b + 1 = 4 wrong
    ("superscript star", "tex", "\\begin{align}\na &= x^* \\\\\nb &= 2 \\\\\nb + 1 &= 4\n\\end{align}\n",
     [(2, "assumed"), (3, "assumed"), (4, "refuted")]),
    ("superscript ast", "tex", "\\begin{align}\na &= x^\\ast \\\\\nb &= 2 \\\\\nb + 1 &= 3\n\\end{align}\n",
     [(2, "assumed"), (3, "assumed"), (4, "proved")]),
]


@pytest.mark.parametrize("kind, text, expected", [c[1:] for c in COLUMN_PAIRS],
                         ids=[c[0] for c in COLUMN_PAIRS])
def test_each_column_pair_is_its_own_equation(kind, text, expected):
    report = check_derivation(text, kind=kind, timeout=5.0)
    assert [(s.line, s.status) for s in report.steps] == expected

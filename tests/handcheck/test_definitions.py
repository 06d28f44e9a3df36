"""Definitions in either order: a name used undefined above the row that defines it.

Each case is a document and the statuses expected at its lines; wrong rows must stay
refuted (or unknown), never proved, once the definition below is known.
"""
from __future__ import annotations

import pytest

from derive.handcheck.steps import check_derivation

S = "\\frac{e^{x_i}}{\\sum_j e^{x_j}}"
CASES = [
    # (read as a definition, y_i below would prove line 1; read as line 1's conclusion it
    # is not forced by it: the readings disagree, so it is no definition)
    ("an entry family a claim above used is not defined below it", "md",
     f"$$ {S} \\cdot \\frac{{\\sum_j e^{{x_j}} - e^{{x_i}}}}{{\\sum_j e^{{x_j}}}} = y_i (1 - y_i) $$"
     f"\n\n$$ y_i = {S} $$\n\n$$ y_i (1 - y_i) = y_i - y_i^2 $$\n",
     {1: "diagnostic", 3: "diagnostic", 5: "proved"}),
    ("a wrong step above the definition is refuted, never proved", "md",
     f"$$ {S} = y_i (1 + y_i) $$\n\n$$ y_i = {S} $$\n", {1: "diagnostic", 3: "diagnostic"}),
    ("a conclusion the row above does not force is no definition (the square root)", "md",
     "$$ u^2 = 4 v^2 $$\n\n$$ u = 2 v $$\n\n$$ u - 2 v = 0 $$\n",
     {1: "diagnostic", 3: "diagnostic", 5: "unknown"}),
    ("nor a division by what may be zero", "md",
     "$$ x y = y^2 $$\n\n$$ x = y $$\n", {1: "diagnostic", 3: "diagnostic"}),
    ("a definition chain whose own claim is false defines nothing above it", "md",
     f"$$ {S} = y_i $$\n\n$$ y_i = {S} = e^{{x_i}} $$\n", {1: "diagnostic"}),
    ("a definition chain whose own claim holds", "md",
     f"$$ {S} = y_i $$\n\n$$ y_i = {S} = \\frac{{e^{{x_i - m}}}}{{\\sum_j e^{{x_j - m}}}} $$\n",
     {1: "proved", 3: "proved"}),
    ("a conclusion that disagrees with the row above is checked, not a definition", "md",
     f"$$ 2 w = {S} + 3 $$\n\n$$ w = {S} $$\n", {1: "diagnostic", 3: "diagnostic"}),
    ("a conclusion that agrees with the row above", "md",
     f"$$ 2 w = 2 {S} $$\n\n$$ w = {S} $$\n", {1: "proved", 3: "assumed"}),
    # checked, not a definition; unknown because line 2, which it follows from, is not proved
    ("a name a given spoke of is not defined below it", "md",
     "% given: q > 0\n$$ q + 1 = w $$\n\n$$ q = w - 1 $$\n", {4: "unknown"}),
]


@pytest.mark.parametrize("kind, text, expected", [c[1:] for c in CASES], ids=[c[0] for c in CASES])
def test_definitions_in_either_order(kind, text, expected):
    report = check_derivation(text, kind=kind, timeout=10.0)
    got = {s.line: s.status for s in report.steps}
    assert {line: got.get(line) for line in expected} == expected, report.steps


def test_the_definition_row_says_it_defines_a_name_used_above():
    text = f"$$ {S} = y_i $$\n\n$$ y_i = {S} $$\n"
    report = check_derivation(text, kind="md", timeout=10.0)
    assert "defines y (used above it)" in report.steps[-1].detail


# (document, statuses): a family defined with two indices reads {2j} and {j2} as two
# indices (F31), each at its place; a product 2·j could not be its single index
TWO_INDICES = [
    ("$$ A_{ij} = x_i y_j $$\n\n$$ A_{2j} = x_2 y_j $$\n\n$$ A_{j2} = x_j y_2 $$\n",
     {3: "proved", 5: "proved"}),
    ("$$ A_{ij} = x_i y_j $$\n\n$$ A_{2j} = x_j y_2 $$\n", {3: "refuted"}),
    ("$$ A_{ij} = x_i y_j $$\n\n$$ A_{j2} = x_2 y_j $$\n", {3: "refuted"}),
    # one index defined: {2j} stays the product, so a family of one index keeps its reading
    ("$$ a_i = x_i^2 $$\n\n$$ a_{2j} = x_{2j}^2 $$\n", {3: "proved"}),
    ("$$ A_{ij} = x_i y_j $$\n\n$$ A_{23j} = x_2 y_j $$\n", {3: "diagnostic"}),
]


@pytest.mark.parametrize("text, expected", TWO_INDICES, ids=[str(k) for k in range(len(TWO_INDICES))])
def test_a_digit_beside_a_letter_under_a_family_of_two_indices(text, expected):
    report = check_derivation(text, kind="md", timeout=10.0)
    got = {s.line: s.status for s in report.steps}
    assert {line: got.get(line) for line in expected} == expected, report.steps

"""Undefined functions under a derivative are arbitrary: proved for every one, or unknown.

A wrong rule (product, quotient, chain) must never be proved, and no row about an
arbitrary function is refuted by choosing one.
"""
from __future__ import annotations

import pytest

from derive.handcheck.steps import check_derivation

D = "\\frac{d}{dx}"
CASES = [
    ("product rule", f"{D}[g(x)h(x)] = g'(x)h(x)+g(x)h'(x)", "proved"),
    ("product rule, other order", f"{D}[g(x)h(x)] = h'(x)g(x)+h(x)g'(x)", "proved"),
    ("wrong product rule", f"{D}[g(x)h(x)] = g'(x)h'(x)", "unknown"),
    ("wrong product rule, a sign", f"{D}[g(x)h(x)] = g'(x)h(x)-g(x)h'(x)", "unknown"),
    ("quotient rule", f"{D}\\frac{{g(x)}}{{h(x)}} = \\frac{{g'(x)h(x)-g(x)h'(x)}}{{h(x)^2}}", "proved"),
    ("wrong quotient rule", f"{D}\\frac{{g(x)}}{{h(x)}} = \\frac{{g'(x)h(x)+g(x)h'(x)}}{{h(x)^2}}",
     "unknown"),
    ("quotient rule without the square", f"{D}\\frac{{g(x)}}{{h(x)}} = \\frac{{g'(x)h(x)-g(x)h'(x)}}"
     "{h(x)}", "unknown"),
    ("chain rule", f"{D} f(g(x)) = f'(g(x)) g'(x)", "proved"),
    ("wrong chain rule, the outer derivative at x", f"{D} f(g(x)) = f'(x) g'(x)", "unknown"),
    ("wrong chain rule, no inner derivative", f"{D} f(g(x)) = f'(g(x))", "unknown"),
    ("power of a function", "\\frac{\\partial}{\\partial z} f(z)^2 = 2 f(z) f'(z)", "proved"),
    ("wrong power of a function", "\\frac{\\partial}{\\partial z} f(z)^2 = 2 f'(z)", "unknown"),
    ("exponential of a function", f"{D} e^{{f(x)}} = e^{{f(x)}} f'(x)", "proved"),
    ("wrong exponential of a function", f"{D} e^{{f(x)}} = e^{{f'(x)}}", "unknown"),
    ("logarithm of a function", f"{D} \\log f(x) = \\frac{{f'(x)}}{{f(x)}}", "proved"),
    ("wrong logarithm of a function", f"{D} \\log f(x) = \\frac{{1}}{{f(x)}}", "unknown"),
    ("linearity", f"{D}[3 f(x) + g(x)] = 3 f'(x) + g'(x)", "proved"),
    ("wrong linearity", f"{D}[3 f(x) + g(x)] = f'(x) + g'(x)", "unknown"),
    ("a known factor", f"{D}[x^2 f(x)] = 2x f(x) + x^2 f'(x)", "proved"),
    ("a known factor, wrong", f"{D}[x^2 f(x)] = 2x f'(x)", "unknown"),
    ("second derivative", f"{D} f'(x) = f''(x)", "proved"),
    ("wrong second derivative", f"{D} f'(x) = f'(x)", "unknown"),
    ("an inequality about an arbitrary function is not refuted", f"{D} f(x) > 0", "unknown"),
    ("a derivative in a variable absent is named, not judged", "\\frac{d}{dy} f(x) = 0", "diagnostic"),
]


@pytest.mark.parametrize("text, expected", [c[1:] for c in CASES], ids=[c[0] for c in CASES])
def test_arbitrary_functions(text, expected):
    report = check_derivation(f"$$ {text} $$\n", kind="md", timeout=10.0)
    assert [s.status for s in report.steps] == [expected], report.steps


def test_a_row_about_an_arbitrary_function_is_no_premise():
    # the wrong product rule, unknown, must not make the row below it follow
    text = (f"$$ {D}[g(x)h(x)] = g'(x)h'(x) $$\n\n"
            f"$$ {D}[g(x)h(x)] - g'(x)h'(x) = 0 $$\n")
    report = check_derivation(text, kind="md", timeout=10.0)
    assert [s.status for s in report.steps] == ["unknown", "unknown"], report.steps

"""Names no row defines, under a derivative, are arbitrary differentiable functions of the
variable (derive.handcheck.arbitrary): a row is proved only when it holds for every such
function; a wrong rule (a factor missing, a sign, a derivative set to zero, a dependence
assumed away) is never proved, and a row about such a function is never refuted.
"""
from __future__ import annotations

import pytest

from derive.handcheck.arbitrary import derivative_name, origin
from derive.handcheck.steps import check_derivation

T = "\\frac{\\partial}{\\partial \\theta_k}"
DY = "\\frac{\\partial \\hat y_i}{\\partial \\theta_k}"
DX = "\\frac{d}{dx}"

# (name, rows, expected statuses, a phrase the last row's detail must hold)
CASES = [
    ("chain rule through log", [f"-y_i {T}\\log \\hat y_i = -y_i \\frac{{1}}{{\\hat y_i}} {DY}"],
     ["proved"], "any differentiable functions: \\hat{y} of theta"),
    ("y depends on theta too: not proved", [f"{T}(y_i \\log \\hat y_i) = y_i \\frac{{1}}{{\\hat y_i}} {DY}"],
     ["unknown"], "holds if y does not depend on theta"),
    ("product rule, both factors undefined",
     [f"{T}(y_i \\hat y_i) = \\hat y_i \\frac{{\\partial y_i}}{{\\partial \\theta_k}} + y_i {DY}"],
     ["proved"], ""),
    ("chain rule, the inner factor missing", [f"{T}\\log \\hat y_i = \\frac{{1}}{{\\hat y_i}}"],
     ["unknown"], "no counterexample"),
    ("chain rule, wrong sign", [f"{T}\\log \\hat y_i = -\\frac{{1}}{{\\hat y_i}} {DY}"],
     ["unknown"], ""),
    ("chain rule through exp", [f"{T} e^{{\\hat y_i}} = e^{{\\hat y_i}} {DY}"], ["proved"], ""),
    ("chain rule through exp, the inner factor missing", [f"{T} e^{{\\hat y_i}} = e^{{\\hat y_i}}"],
     ["unknown"], ""),
    ("power of a scalar", [f"{DX} \\sigma^2 = 2 \\sigma \\frac{{d\\sigma}}{{dx}}"], ["proved"], ""),
    ("power of a scalar, the factor 2 missing", [f"{DX} \\sigma^2 = \\sigma \\frac{{d\\sigma}}{{dx}}"],
     ["unknown"], ""),
    ("quotient rule", [f"{DX} \\frac{{a}}{{b}} = \\frac{{\\frac{{da}}{{dx}} b - a \\frac{{db}}{{dx}}}}{{b^2}}"],
     ["proved"], ""),
    ("quotient rule, wrong sign", [f"{DX} \\frac{{a}}{{b}} = \\frac{{\\frac{{da}}{{dx}} b + a \\frac{{db}}{{dx}}}}{{b^2}}"],
     ["unknown"], ""),
    ("the derivative of an undefined name is not zero", ["\\frac{\\partial u}{\\partial v} = 0"],
     ["unknown"], ""),
    ("the derivative of an undefined entry is not zero", [f"{DY} = 0"], ["unknown"], ""),
    ("false for some function, maybe not for the author's: not refuted",
     [f"{DY} = \\hat y_i (\\delta_{{ik}} - \\hat y_k)"], ["unknown"], ""),
    ("an inequality about an undefined function is not refuted", ["\\frac{d\\sigma}{dx} > 0"],
     ["unknown"], ""),
    ("linearity over a sum", [f"{T}\\sum_j \\hat y_j = \\sum_j \\frac{{\\partial \\hat y_j}}{{\\partial \\theta_k}}"],
     ["proved"], ""),
    ("a sum is not its k-th term", [f"{T}\\sum_j \\hat y_j = \\frac{{\\partial \\hat y_k}}{{\\partial \\theta_k}}"],
     ["unknown"], ""),
    ("the variable's own family: a Kronecker delta",
     [f"{T}(\\theta_i \\hat y_i) = \\delta_{{ik}} \\hat y_i + \\theta_i {DY}"], ["proved"], ""),
    ("the variable's own family, the delta dropped",
     [f"{T}(\\theta_i \\hat y_i) = \\hat y_i + \\theta_i {DY}"], ["unknown"], ""),
    ("a chain rule through an intermediate the reading does not license",
     ["\\frac{\\partial J}{\\partial W_{cd}} = \\frac{\\partial J}{\\partial \\hat{y}_a} "
      "\\frac{\\partial \\hat{y}_a}{\\partial W_{cd}}"], ["unknown"], ""),
    ("a second derivative of an undefined name is not read",
     [f"{DX}\\frac{{d\\sigma}}{{dx}} = \\sigma"], ["diagnostic"], ""),
    ("the same derivative in a later row is the same object",
     [f"-y_i {T}\\log \\hat y_i = -\\frac{{y_i}}{{\\hat y_i}} {DY}",
      f"= -y_i \\frac{{1}}{{\\hat y_i}} {DY}"], ["proved", "proved"], ""),
    ("rows without undefined names keep their verdicts",
     ["\\frac{\\partial}{\\partial z_j} e^{z_j} = 2 e^{z_j}"], ["refuted"], ""),
    ("a defined name is put in, as before",
     ["\\sigma = \\frac{1}{1 + e^{-x}}", "\\frac{d\\sigma}{dx} = \\sigma (1 - \\sigma)"],
     ["assumed", "proved"], ""),
]


@pytest.mark.parametrize("rows, expected, phrase", [c[1:] for c in CASES], ids=[c[0] for c in CASES])
def test_undefined_names_as_arbitrary_functions(rows, expected, phrase):
    text = "$$\n\\begin{align}\n" + " \\\\\n".join(
        r if not r.startswith("=") else "&" + r for r in rows) + "\n\\end{align}\n$$\n"
    steps = check_derivation(text, kind="md", timeout=10.0).steps
    assert [s.status for s in steps] == expected, steps
    assert phrase in steps[-1].detail, steps[-1]


NAMES = [
    ("a family's derivative in an entry", ("\\hat{y}", 1, "theta"), "∂\\hat{y}[·]/∂theta"),
    ("a scalar's derivative", ("J", 0, "W"), "∂J/∂W"),
    ("two indices", ("A", 2, "x"), "∂A[·,·]/∂x"),
]


@pytest.mark.parametrize("args, name", [c[1:] for c in NAMES], ids=[c[0] for c in NAMES])
def test_a_derivative_name_splits_its_indices_one_way(args, name):
    assert derivative_name(*args) == name
    assert origin(name) == (args[0], args[2])
    assert origin("∂u/∂v never made") is None

"""Syntax errors name the likely mistake: a derivative without its \\partial, a derivative
with respect to a product, a keyword argument of code.  None of them is read (guessed)."""
from __future__ import annotations

import pytest

from derive.errors import ParseError
from derive.handcheck import parse_row
from derive.handcheck.syntax import typo_hint

# (source, fragment of the message): each is rejected, with the reason
REJECTED = [
    (r"\frac{f}{\partial x} = 1", r"numerator lacks its \partial"),
    (r"a = \frac{-y_t}{\partial \hat{y}_t} b", r"numerator lacks its \partial"),
    (r"\frac{\mathrm{sparsemax}(\mathbf{z})}{\partial \mathbf{W}} = 0",
     r"(\frac{\partial \mathrm{sparsemax}(\mathbf{z})}{\partial \mathbf{W}}?)"),
    (r"\frac{\partial}{\partial Bh} \log(h) = 1", "a derivative with respect to a product Bh"),
    (r"\frac{\partial f}{\partial \mathbf{W} \mathbf{x}} = 1", "with respect to a product"),
    (r"y = sum(x, dim=0, keepdim=True)", "dim=0: a keyword argument"),
    (r"y = f(x, axis=1)", "axis=1: a keyword argument"),
    (r"a \\ b", "row break"),
    # a conditional probability after another head than a plain name says which (F22)
    (r"\Pr(y = k \mid x) = 1", r"(not \Pr,"),
    (r"p'(y \mid x) = 1", "(not p',"),
]


@pytest.mark.parametrize("source, fragment", REJECTED, ids=[r[0] for r in REJECTED])
def test_a_likely_mistake_is_named(source, fragment):
    with pytest.raises(ParseError) as err:
        parse_row(source)
    assert fragment in str(err.value)


# formulas that parse, or fail for another reason: no hint is given for them
NO_HINT = [
    r"\frac{\partial f}{\partial x}",
    r"\frac{\partial^2 f}{\partial x \partial y}",
    r"\frac{a}{b}",
    r"f(a, b=2)",              # one letter: b = 2 may be math
]


@pytest.mark.parametrize("source", NO_HINT)
def test_no_hint_for_other_formulas(source):
    assert typo_hint(source) is None

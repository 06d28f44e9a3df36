"""Every method the checker can name reads as words in a document, never as its raw key."""
from __future__ import annotations

import pytest
from sympy import Eq, Float, Integer, Limit, Rational, Sum, Symbol, oo, symbols

from derive.kernel.checker import check
from derive.kernel.strategies import EQUALITY_STRATEGIES, SIGN_STRATEGIES
from derive.latex.blocks import method_words, verdict_phrase

x, y = symbols("x y", real=True)
s = Symbol("s", integer=True)

# methods the checker's own code returns, beside its registered strategies
FIXED = ["structural", "rational-function-field", "sum-normal-form", "nonzero", "vacuous",
         "extended-reals", "non-integer-bound", "undefined", "infinity", "inexact-constants",
         "timeout", "error", "partial", "none"]
KEYS = sorted({st.name for st in EQUALITY_STRATEGIES + SIGN_STRATEGIES} | set(FIXED))


@pytest.mark.parametrize("key", KEYS)
def test_every_method_key_has_words(key):
    words = method_words(key)
    # a key is a word joined by hyphens, signs or brackets; the words never quote it
    assert words and words != key and (key.isalpha() or key not in words), words


# (claim, given, the method the checker answers with)
VERDICTS = [
    (Eq(y, 3), (Eq(x, 1), Eq(x, 2)), "vacuous"),
    (Eq(Limit(1 / x, x, 0, "+"), oo), (), "extended-reals"),
    (Eq(Sum(1, (s, 1, x)), x), (x >= 1,), "non-integer-bound"),
    (Eq(Limit(1 / x, x, 0, "+-"), oo), (), "undefined"),
    (Eq(y, 2 * x), (Eq(y, Float(2.0) * x),), "inexact-constants"),
    (Eq(Rational(10**100 + 1, 10**100), Integer(1), evaluate=False), (),
     "numeric counterexample (exact arithmetic)"),
]


@pytest.mark.parametrize("claim, given, method", VERDICTS)
def test_a_verdict_prints_its_method_as_a_sentence(claim, given, method):
    verdict = check(claim, given=given, timeout=10)
    assert verdict.method == method, verdict
    words = method_words(verdict.method)
    assert words != verdict.method and (method.isalpha() or method not in words), words
    if verdict.status != "proved":
        phrase = verdict_phrase(verdict)
        assert "(%s)" % words in phrase and method not in phrase, phrase

"""Remembered rewrites (issue 13): the same value for the same arguments, nothing else kept."""
from __future__ import annotations

import pytest
from sympy import Dummy, Float, Integer, Symbol, cancel, together

from derive.kernel.checker import forget
from derive.kernel.memo import remembered

x = Symbol("x")
xp = Symbol("x", positive=True)


def _counting():
    calls = []

    @remembered
    def f(*args):
        calls.append(args)
        return cancel(together(args[0]))
    return f, calls


def test_a_value_is_computed_once_per_argument():
    f, calls = _counting()
    assert f((x**2 - 1) / (x - 1)) == x + 1
    assert f((x**2 - 1) / (x - 1)) == x + 1
    assert len(calls) == 1


@pytest.mark.parametrize("a, b", [
    (x + 2, x + Float(2)),            # 2 and 2.0
    (x, xp),                          # with and without assumptions
    (x, Dummy("x")),                  # a Dummy of the same name
    (x, Integer(1) * Symbol("y")),
])
def test_distinct_arguments_are_distinct_keys(a, b):
    f, calls = _counting()
    f(a), f(b)
    assert len(calls) == 2


def test_an_exception_is_not_remembered():
    seen = []

    @remembered
    def fails_once(e):
        seen.append(e)
        if len(seen) == 1:
            raise TimeoutError("interrupted")
        return e

    with pytest.raises(TimeoutError):
        fails_once(x)
    assert fails_once(x) == x and len(seen) == 2


def test_unhashable_arguments_are_computed_every_time():
    g = remembered(lambda items: len(items))
    assert g([x, x]) == 2 and g([x]) == 1


def test_forget_empties_the_memos():
    f, calls = _counting()
    f(x / x)
    forget()
    f(x / x)
    assert len(calls) == 2

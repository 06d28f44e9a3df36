"""Remembered rewrites: a pure rewrite of the same expression is done once per process.

The strategies try rewrites one after another, and several of them start
from the same residual (the Groebner strategy and the substitution of the
hypotheses both run the cheap rewrites first), so ``cancel(together(d))``
of one ``d`` was computed up to three times per claim.

Why it is sound: a remembered function must be a deterministic function of
its arguments, which are SymPy objects (or tuples of them) compared
structurally: ``x`` with and without assumptions, a ``Dummy`` and a Symbol of
the same name, ``2`` and ``2.0`` are all distinct keys.  Only values are
remembered, never an exception (a timeout, a guard not discharged), so an
interrupted computation is done again in full.  The memo is bounded, and
:func:`derive.kernel.checker.forget` empties it.
"""
from __future__ import annotations

import functools

__all__ = ["remembered", "forget_rewrites"]

_SIZE = 4_000           # entries per function before its memo is emptied
_MEMOS: list[dict] = []


def remembered(fn):
    """``fn`` with its results kept, keyed by its positional arguments."""
    memo: dict = {}
    _MEMOS.append(memo)

    @functools.wraps(fn)
    def wrapper(*args):
        try:
            return memo[args]
        except KeyError:
            pass
        except TypeError:           # an unhashable argument: nothing to remember it by
            return fn(*args)
        value = fn(*args)
        if len(memo) >= _SIZE:
            memo.clear()
        memo[args] = value
        return value
    return wrapper


def forget_rewrites() -> None:
    """Empty every memo (the benchmark does, so that no side profits from the other)."""
    for memo in _MEMOS:
        memo.clear()

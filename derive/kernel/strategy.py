"""The record types of the strategy tables: a strategy, and what it may use."""
from __future__ import annotations

from dataclasses import dataclass
from typing import Callable

from .indices import Facts

__all__ = ["Strategy", "Context"]


@dataclass(frozen=True)
class Context:
    """What a strategy may use: index facts and the prepared hypotheses."""

    facts: Facts
    given_eqs: tuple = ()        # residuals g with g = 0 assumed
    given_rels: tuple = ()       # relationals assumed true
    quantified: tuple = ()       # (residual g, its indices): g = 0 for every value of those indices


@dataclass(frozen=True)
class Strategy:
    name: str
    sentence: str
    run: Callable
    expensive: bool = False

"""Sections of the benchmark beyond the first six, registered in one table.

Each entry of :data:`EXTRAS` is a callable ``(config, echo) -> result``; the
result has ``key`` (its name in ``bench.json``), ``record()`` (its JSON),
``markdown()`` (its lines of ``bench.md``) and ``target()`` (its judged
figure).  Adding a section is one line here.
"""
from __future__ import annotations

from .assertion import measure_assertion

__all__ = ["EXTRAS"]

EXTRAS = (
    lambda config, echo: measure_assertion(1 if config.quick else 5, echo=echo),   # issue 16
)

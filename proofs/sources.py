"""The source documents the derivations are taken from (``shared/seeds/``)."""
from __future__ import annotations

from derive.derivation.model import Source

__all__ = ["SOURCES"]

SOURCES: dict[str, Source] = {s.key: s for s in (
    Source("000", "Softmax and Lagrange Multipliers", "Anonymous", "undated",
           "seeds/000_10b5352eed176c1e.txt"),
    Source("001", "Softmax", "Suriya Chaudary", "18 October 2024",
           "seeds/001_f2b9b3e94aa1c261.txt"),
    Source("002", "Softmax", "Zhiliang Tian", "1 May 2016",
           "seeds/002_762acdfdf849fd6d.txt"),
    Source("003", "Softmax (CS 181 problem set)", "CS 181 course staff", "Spring 2020",
           "seeds/003_39bc1ff46505d671.txt"),
)}

"""The unit cache's memo of rendered documents (derive.pipeline.unitcache)."""
from __future__ import annotations

import sqlite3

import pytest

from derive.kernel.cache import VerdictCache, unsettled
from derive.pipeline.unitcache import UnitCache

UNITS = [("identity", "a", None), ("identity_at", "a", 2), ("audit", "000", None)]


@pytest.fixture
def store(tmp_path):
    return UnitCache(VerdictCache(tmp_path / "cache"))


def _fill(store, units=UNITS, value="v"):
    for unit in units:
        assert store.put(unit, (value, unit), unsettled())     # no check in between timed out


def test_no_key_while_a_unit_is_not_stored(store):
    assert store.documents_key(UNITS) is None
    _fill(store, UNITS[:2])
    assert store.documents_key(UNITS) is None
    _fill(store)
    assert store.documents_key(UNITS) is not None


def test_the_key_follows_the_stored_results(store):
    _fill(store)
    key = store.documents_key(UNITS)
    assert store.documents_key(list(UNITS)) == key                 # stable
    assert store.documents_key(UNITS[:2]) != key                   # other units
    assert store.documents_key(list(reversed(UNITS))) != key
    store.put(UNITS[1], ("another result", UNITS[1]), unsettled())           # a unit's result changed
    assert store.documents_key(UNITS) != key


def test_documents_round_trip_and_a_damaged_entry_is_dropped(store):
    _fill(store)
    key = store.documents_key(UNITS)
    assert store.get_documents(key) is None
    files = {"b.tex": "B", "a.json": "{}"}
    assert store.put_documents(key, files)
    assert store.get_documents(key) == files
    with sqlite3.connect(store.path) as db:
        db.execute("UPDATE rendered SET checksum = 'x'")
    assert store.get_documents(key) is None
    with sqlite3.connect(store.path) as db:
        assert db.execute("SELECT COUNT(*) FROM rendered").fetchone()[0] == 0


@pytest.mark.parametrize("value", [b"not a pickle", "a str", {"a.tex": 3}])
def test_an_entry_that_is_not_a_dict_of_texts_is_dropped(store, value):
    import hashlib
    import pickle
    blob = value if isinstance(value, bytes) else pickle.dumps(value)
    assert store.get_documents("k") is None                        # creates the database
    with sqlite3.connect(store.path) as db:
        db.execute("INSERT INTO rendered VALUES (?, ?, ?)", ("k", blob, hashlib.sha256(blob).hexdigest()))
    assert store.get_documents("k") is None


def test_clear_forgets_the_documents_too(store):
    _fill(store)
    key = store.documents_key(UNITS)
    store.put_documents(key, {"a.tex": "A"})
    assert store.clear() == len(UNITS)
    assert store.get_documents(key) is None and store.documents_key(UNITS) is None


def test_a_derivation_changed_at_run_time_is_another_unit(monkeypatch):
    import proofs
    from sympy import Eq
    from derive.pipeline.units import keyed
    from derive.symbols import k, n, p
    unit = ("general", "entropy_uniform", None)
    before = keyed(unit)
    assert keyed(unit) == before                                    # stable
    bad = proofs.DERIVATIONS["entropy_uniform"].with_claim("p_k_equals_1_over_n", Eq(p[k], 2 / n))
    monkeypatch.setitem(proofs.DERIVATIONS, "entropy_uniform", bad)
    assert keyed(unit)[:3] == before[:3] and keyed(unit) != before
    assert keyed(("audit", "000", None)) == ("audit", "000", None)

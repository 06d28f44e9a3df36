"""The persistent verdict cache: hits and misses, invalidation, corruption, concurrency."""
from __future__ import annotations

import multiprocessing
import shutil
import sqlite3

import pytest
from sympy import I, Eq, Function, IndexedBase, Integer, Rational, Symbol, cos, sin, sqrt, symbols

from derive.kernel import cache_codec
from derive.kernel.cache import CACHE_TAG, VerdictCache, default_cache_dir, resolve, use_cache
from derive.kernel.cache_codec import claim_key, decode_mapping, encode_mapping
from derive.kernel.checker import check, prove_quickly
from derive.symbols import k, z
from derive.testing import assert_identity

x = Symbol("x", real=True)
TRUE = Eq((x + 1) ** 2, x ** 2 + 2 * x + 1)
FALSE = Eq(sqrt(x ** 2), x)


@pytest.fixture
def cache(tmp_path):
    return VerdictCache(tmp_path / "cache")


@pytest.mark.parametrize("claim, status", [(TRUE, "proved"), (FALSE, "refuted")])
def test_second_check_is_a_hit_with_the_same_verdict(cache, claim, status):
    first = check(claim, cache=cache)
    second = check(claim, cache=cache)
    assert first.status == second.status == status
    assert CACHE_TAG not in first.method and second.method == first.method + CACHE_TAG
    assert second.detail == first.detail and second.counterexample == first.counterexample
    assert (cache.hits, cache.misses, cache.stores, len(cache)) == (1, 1, 1, 1)


def test_the_cached_counterexample_still_refutes(cache):
    check(FALSE, cache=cache)
    cex = check(FALSE, cache=cache).counterexample
    assert (sqrt(x ** 2) - x).xreplace(cex) != 0


def test_unknown_and_timeouts_are_never_cached(cache):
    unknown = check(Eq(Function("f")(x), Function("g")(x)), cache=cache, timeout=2.0)
    assert unknown.status == "unknown"
    hard = 1
    for p in range(7):
        hard *= cos(2 ** p * x)
    timeout = check(Eq(hard, sin(128 * x) / (128 * sin(x))), cache=cache, timeout=0.3)
    assert timeout.status == "unknown"
    assert len(cache) == 0 and cache.stores == 0


def test_prove_quickly_reads_and_writes_proved_verdicts_only(cache):
    assert prove_quickly(TRUE, cache=cache).proved
    assert CACHE_TAG in prove_quickly(TRUE, cache=cache).method
    check(FALSE, cache=cache)
    assert prove_quickly(FALSE, cache=cache) is None      # a cached refutation is not a proof


def test_a_changed_engine_fingerprint_is_a_miss(cache, monkeypatch):
    check(TRUE, cache=cache)
    monkeypatch.setattr(cache_codec, "engine_fingerprint", lambda: "another engine")
    again = check(TRUE, cache=cache)
    assert CACHE_TAG not in again.method and cache.misses == 2


def test_the_fingerprint_hashes_the_kernel_source(tmp_path, monkeypatch):
    copy = tmp_path / "kernel"
    shutil.copytree(cache_codec._KERNEL, copy, ignore=shutil.ignore_patterns("__pycache__"))
    monkeypatch.setattr(cache_codec, "_KERNEL", copy)
    before = cache_codec.engine_fingerprint.__wrapped__()
    (copy / "strategies.py").write_text((copy / "strategies.py").read_text() + "\n# edited\n")
    after = cache_codec.engine_fingerprint.__wrapped__()
    assert before != after and "sympy" in before and "kernel" in before


@pytest.mark.parametrize("a, b", [
    (Eq(Function("f", real=True)(x), 0), Eq(Function("f")(x), 0)),
    (Eq(IndexedBase("q", real=True)[k], 0), Eq(IndexedBase("q")[k], 0)),
    (Eq(Symbol("t", positive=True), 0), Eq(Symbol("t"), 0)),
    (Eq(z[k], 0), Eq(z[1], 0)),
])
def test_assumptions_and_ranges_are_part_of_the_key(a, b):
    assert claim_key(a, ()) != claim_key(b, ())


def test_hypotheses_are_part_of_the_key():
    assert claim_key(TRUE, ()) != claim_key(TRUE, (x > 0,)) != claim_key(TRUE, (x > 1,))


@pytest.mark.parametrize("damage", ["value", "checksum", "json"])
def test_a_corrupt_entry_is_ignored_and_recomputed(cache, damage):
    check(FALSE, cache=cache)
    with sqlite3.connect(cache.path) as db:
        if damage == "value":
            db.execute("UPDATE verdicts SET value = replace(value, 'refuted', 'proved')")
        elif damage == "checksum":
            db.execute("UPDATE verdicts SET checksum = 'x'")
        else:
            db.execute("UPDATE verdicts SET value = '{not json', checksum = 'x'")
    fresh = VerdictCache(cache.directory)
    again = check(FALSE, cache=fresh)
    assert again.refuted and CACHE_TAG not in again.method        # recomputed, not believed
    assert CACHE_TAG in check(FALSE, cache=fresh).method           # and stored again


def test_a_file_that_is_not_a_database_is_replaced(cache):
    cache.directory.mkdir(parents=True)
    cache.path.write_bytes(b"this is not sqlite" * 100)
    assert check(TRUE, cache=cache).proved
    assert CACHE_TAG in check(TRUE, cache=cache).method


@pytest.mark.parametrize("lock", ["BEGIN EXCLUSIVE", "BEGIN IMMEDIATE"])
def test_a_locked_database_is_waited_for_briefly_and_kept(cache, lock):
    # Another process holding the lock costs a miss, never the check's deadline (each
    # statement waits at most a fraction of a second) and never the stored entries.
    assert check(FALSE, cache=cache).refuted                       # one stored entry
    holder = sqlite3.connect(cache.path, isolation_level=None)
    holder.execute(lock)
    try:
        other = VerdictCache(cache.directory)
        assert check(TRUE, cache=other).proved
        conn = other._conn()
        if conn is not None:
            assert conn.execute("PRAGMA busy_timeout").fetchone()[0] <= 250
    finally:
        holder.execute("ROLLBACK")
        holder.close()
    assert CACHE_TAG in check(FALSE, cache=VerdictCache(cache.directory)).method


def test_an_unusable_folder_switches_the_cache_off(tmp_path, capsys):
    blocker = tmp_path / "file"
    blocker.write_text("x")
    cache = VerdictCache(blocker / "cache")
    assert check(TRUE, cache=cache).proved and check(TRUE, cache=cache).proved
    assert capsys.readouterr().err.count("cannot be used") == 1


def _square(p):
    return Eq((x + p) ** 2, x ** 2 + 2 * p * x + p ** 2)


def _writer(folder, offset):
    cache = VerdictCache(folder)
    for p in range(2, 14):
        check(_square(p + offset), cache=cache)
        check(TRUE, cache=cache)          # every writer writes this one too


def test_concurrent_writers(tmp_path):
    folder = tmp_path / "shared"
    ctx = multiprocessing.get_context("fork")
    VerdictCache(folder).get(TRUE)         # the parent opens it first, then forks
    procs = [ctx.Process(target=_writer, args=(folder, 100 * w)) for w in range(4)]
    for p in procs:
        p.start()
    for p in procs:
        p.join(120)
    assert [p.exitcode for p in procs] == [0, 0, 0, 0]
    cache = VerdictCache(folder)
    assert len(cache) == 4 * 12 + 1
    assert all(CACHE_TAG in check(_square(p), cache=cache).method for p in (2, 111, 313))


def test_clear(cache):
    check(TRUE, cache=cache)
    check(FALSE, cache=cache)
    assert cache.clear() == 2 and len(cache) == 0
    assert CACHE_TAG not in check(TRUE, cache=cache).method


@pytest.mark.parametrize("value", ["yes", 1, 0.5, object()])
def test_resolve_rejects_what_is_not_a_cache(value):
    with pytest.raises(TypeError, match="cache must be"):
        check(TRUE, cache=value)


def test_resolve_and_the_environment(tmp_path, monkeypatch):
    mine = VerdictCache(tmp_path)
    assert resolve(None) is None and resolve(False) is None and resolve(mine) is mine
    with use_cache(mine):
        assert resolve(None) is mine and resolve(True) is mine
        monkeypatch.setenv("DERIVE_NO_CACHE", "1")
        assert resolve(None) is None and resolve(True) is None
    monkeypatch.delenv("DERIVE_NO_CACHE")
    monkeypatch.setenv("DERIVE_CACHE_DIR", str(tmp_path / "env"))
    assert default_cache_dir() == tmp_path / "env" and resolve(True).directory == tmp_path / "env"


def test_default_folder_without_the_override(monkeypatch, tmp_path):
    monkeypatch.delenv("DERIVE_CACHE_DIR", raising=False)
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "xdg"))
    import sys
    if sys.platform.startswith("linux"):
        assert default_cache_dir() == tmp_path / "xdg" / "derive"


@pytest.mark.parametrize("bad", [None, "", 3, True])
def test_bad_folder(bad):
    with pytest.raises(TypeError, match="directory"):
        VerdictCache(bad)


def test_untagged_cache_serves_the_engine_method(tmp_path):
    quiet = VerdictCache(tmp_path, tag_method=False)
    first = check(TRUE, cache=quiet)
    assert check(TRUE, cache=quiet).method == first.method and quiet.hits == 1


def test_assert_identity_uses_the_cache_by_default():
    # conftest points DERIVE_CACHE_DIR at a fresh folder for this session
    claim = Eq((x + 7) ** 3, x ** 3 + 21 * x ** 2 + 147 * x + 343)
    assert_identity(claim)
    assert CACHE_TAG in assert_identity(claim).method
    assert CACHE_TAG not in assert_identity(claim, cache=False).method
    with pytest.raises(AssertionError, match="refuted"):
        assert_identity(FALSE)
    with pytest.raises(AssertionError, match="from the verdict cache"):
        assert_identity(FALSE)          # a cached refutation still fails the test


@pytest.mark.parametrize("mapping", [
    {x: symbols("r", positive=True) * 0 + 3},
    {z[1]: Integer(-2), z[k]: Rational(1, 3) + 2 * I, symbols("d_0", integer=True): Integer(0)},
])
def test_counterexample_codec_round_trips(mapping):
    assert decode_mapping(encode_mapping(mapping)) == mapping


@pytest.mark.parametrize("bad", [[["Q", 1]], [[["eval", "1"], ["Q", 1, 1]]], [[["Q", 1, 0], ["Q", 1, 1]]],
                                 "x", [[["S", "x", {"__class__": True}], ["Q", 1, 1]]]])
def test_counterexample_codec_rejects_malformed_trees(bad):
    with pytest.raises(ValueError):
        decode_mapping(bad)


def test_dummies_renamed_apart_share_a_key_and_bound_variables_keep_their_names():
    from sympy import Dummy, Sum
    from derive.symbols import i, j, n
    a = Eq(Sum(z[i], (i, 1, n)), z[k])
    b = Eq(Sum(z[j], (j, 1, n)), z[k])
    assert claim_key(a, ()) == claim_key(Eq(Sum(z[i], (i, 1, n)), z[k]), ())
    assert claim_key(a, ()) != claim_key(b, ())        # the engine may pick another method
    d1, d2 = Dummy("t", positive=True), Dummy("t", positive=True)
    assert claim_key(Eq(d1 ** 2, d1), ()) == claim_key(Eq(d2 ** 2, d2), ())
    assert claim_key(Eq(d1, d2), ()) != claim_key(Eq(d1, d1), ())      # distinct stay distinct
    assert claim_key(Eq(d1, 0), ()) != claim_key(Eq(Dummy("t"), 0), ())  # assumptions kept


def test_a_cached_counterexample_names_this_claims_dummies(cache):
    from sympy import Dummy
    first, second = Dummy("s", real=True), Dummy("s", real=True)
    check(Eq(sqrt(first ** 2), first), cache=cache)
    v = check(Eq(sqrt(second ** 2), second), cache=cache)
    assert CACHE_TAG in v.method and set(v.counterexample) == {second}


def test_without_sqlite_the_check_goes_on_and_says_why_once(tmp_path, monkeypatch, capsys):
    from derive.kernel import cache as cache_module
    monkeypatch.setattr(cache_module, "sqlite3", None)
    quiet = VerdictCache(tmp_path)
    assert check(TRUE, cache=quiet).proved and check(TRUE, cache=quiet).proved
    assert capsys.readouterr().err.count("needs Python's sqlite3 module") == 1
    assert len(quiet) == 0


def test_the_quick_and_the_full_check_keep_their_entries_apart(cache):
    """A full check's proof may need a strategy the quick one lacks: prove_quickly must not
    answer from it (its method would depend on which ran first)."""
    from derive.kernel.checker import prove_quickly
    claim = Eq((x + 1) ** 2, x ** 2 + 2 * x + 1)
    full = check(claim, cache=cache)
    assert full.proved and CACHE_TAG not in full.method
    quick = prove_quickly(claim, cache=cache)
    assert quick is not None and CACHE_TAG not in quick.method      # computed, not read
    assert CACHE_TAG in prove_quickly(claim, cache=cache).method     # now its own entry
    assert CACHE_TAG in check(claim, cache=cache).method

"""The persistent verdict cache: a claim checked once is not checked again.

What is stored: only "proved" and "refuted" verdicts, under the key of
:func:`derive.kernel.cache_codec.claim_key` (the claim, the hypotheses, every
assumption and index range, and the engine fingerprint).  "unknown" and
timeouts are never stored: a faster machine or a longer timeout may decide
them.  A stored verdict is the verdict the same engine computed for the same
question, so replaying it proves and refutes exactly what checking would;
once the kernel's source, the package version or SymPy changes, the
fingerprint changes and every old entry is a miss.

Where: one folder, ``verdicts.sqlite`` inside it.  The folder is
``DERIVE_CACHE_DIR`` when set, else the platform's user cache folder
(``$XDG_CACHE_HOME/derive`` or ``~/.cache/derive``; ``~/Library/Caches/derive``
on macOS; ``%LOCALAPPDATA%\\derive\\Cache`` on Windows).  ``DERIVE_NO_CACHE=1``
switches the ambient cache off.

Safety: SQLite in WAL mode with a short busy timeout (:data:`IO_WAIT` per
statement, so that cache I/O never stretches a check past its deadline by more
than a fraction of a second; a read that would wait longer is simply skipped,
a miss, and a store retries for at most :data:`WRITE_WAIT`), one connection per
process (a forked worker opens its own and never touches its parent's), so
``-j`` workers write concurrently.  A database
another process holds locked is left alone: only a file that is not SQLite at
all is replaced.  Each entry carries a checksum of its value; an
entry that fails to decode or to match it is deleted and recomputed, and a
database file that is not SQLite at all is replaced.  A cache that cannot be
opened (a read-only folder) is switched off with one warning: the check goes
on without it.

Who uses it: :func:`derive.check` with ``cache=True`` (or a
:class:`VerdictCache`), :func:`derive.testing.assert_identity` (on by
default), and ``derive run`` / ``derive check`` (on unless ``--no-cache``),
through :func:`use_cache`.  A verdict served from the cache has
:data:`CACHE_TAG` appended to its method.
"""
from __future__ import annotations

import hashlib
import json
import os
try:
    import sqlite3
except ImportError:             # a Python built without SQLite: the cache is off, checks go on
    sqlite3 = None
import sys
import threading
import time
from contextlib import contextmanager
from pathlib import Path

from .cache_codec import (Unencodable, canonical_dummies, claim_key, decode_mapping, encode_mapping,
                          engine_fingerprint, renamed)
from .verdict import PROVED, REFUTED, Verdict

__all__ = ["VerdictCache", "CACHE_TAG", "default_cache_dir", "use_cache", "ambient", "resolve"]

CACHE_TAG = " [from the verdict cache]"
_FILE = "verdicts.sqlite"
_SCHEMA = ("CREATE TABLE IF NOT EXISTS verdicts (key TEXT PRIMARY KEY, value TEXT NOT NULL, "
           "checksum TEXT NOT NULL, created REAL NOT NULL)")
_STORED = (PROVED, REFUTED)
IO_WAIT = 0.1      # seconds a statement may wait for another process's lock (connect: 3 statements)
WRITE_WAIT = 1.0   # seconds a store may keep retrying while other writers hold the lock


def default_cache_dir() -> Path:
    """``DERIVE_CACHE_DIR``, else the platform's user cache folder for derive."""
    env = os.environ.get("DERIVE_CACHE_DIR")
    if env:
        return Path(env)
    home = Path.home()
    if sys.platform == "darwin":
        return home / "Library" / "Caches" / "derive"
    if os.name == "nt":
        base = os.environ.get("LOCALAPPDATA") or str(home / "AppData" / "Local")
        return Path(base) / "derive" / "Cache"
    xdg = os.environ.get("XDG_CACHE_HOME")
    return (Path(xdg) if xdg and os.path.isabs(xdg) else home / ".cache") / "derive"


def _checksum(value: str) -> str:
    return hashlib.sha256(value.encode("utf-8")).hexdigest()[:16]


class VerdictCache:
    """Verdicts on disk, keyed by claim, hypotheses and engine fingerprint.

    Args:
        directory: the cache folder (created when needed).
        tag_method: append :data:`CACHE_TAG` to the method of a verdict served from the
            cache.  ``derive run`` and ``derive check`` switch it off so that their
            documents and reports are the same bytes whether or not the cache served
            them; they print the number of cached verdicts instead (:attr:`hits`).

    Example:
        >>> import tempfile
        >>> from sympy import Eq, symbols
        >>> x = symbols("x")
        >>> cache = VerdictCache(tempfile.mkdtemp())
        >>> from derive.kernel.checker import check
        >>> check(Eq(x + x, 2 * x), cache=cache).method
        'expand'
        >>> check(Eq(x + x, 2 * x), cache=cache).method
        'expand [from the verdict cache]'
    """

    def __init__(self, directory, *, tag_method: bool = True):
        if isinstance(directory, bool) or not isinstance(directory, (str, os.PathLike)) \
                or not str(directory):
            raise TypeError(f"directory must be a non-empty str or os.PathLike, got {directory!r}")
        self.directory = Path(directory)
        self.tag_method = bool(tag_method)
        self._local = threading.local()
        self._broken = False
        self.hits = self.misses = self.stores = 0

    @property
    def path(self) -> Path:
        return self.directory / _FILE

    def __repr__(self) -> str:
        return f"VerdictCache({str(self.directory)!r})"

    # --- connection ---------------------------------------------------------------------

    def _connect(self):
        conn = sqlite3.connect(self.path, timeout=IO_WAIT, isolation_level=None)
        conn.execute("PRAGMA journal_mode=WAL")
        conn.execute("PRAGMA synchronous=NORMAL")
        conn.execute(_SCHEMA)
        return conn

    def _conn(self):
        """This process's (and thread's) connection, or None when the cache is unusable."""
        if self._broken:
            return None
        if sqlite3 is None:
            self._broken = True
            print("derive: the verdict cache needs Python's sqlite3 module, which this Python "
                  "lacks (install Python with SQLite, e.g. the libsqlite3-dev package before "
                  "building it); checking without the cache", file=sys.stderr)
            return None
        local = self._local
        if getattr(local, "pid", None) == os.getpid():
            return local.conn
        # A forked child must not use (or close) its parent's connection: keep it unreferenced
        # by us but alive, and open a new one.
        stale = getattr(local, "conn", None)
        if stale is not None:
            _ORPHANS.append(stale)
        try:
            self.directory.mkdir(parents=True, exist_ok=True)
            try:
                conn = self._connect()
            except sqlite3.OperationalError as exc:
                if _busy(exc):        # another process holds the lock: this call goes without
                    return None
                raise
            except sqlite3.DatabaseError:     # not a database at all: start a new one
                for suffix in ("", "-wal", "-shm"):
                    Path(str(self.path) + suffix).unlink(missing_ok=True)
                conn = self._connect()
        except (OSError, sqlite3.Error) as exc:
            self._broken = True
            print(f"derive: the verdict cache in {self.directory} cannot be used ({exc}); "
                  "checking without it", file=sys.stderr)
            return None
        local.conn, local.pid = conn, os.getpid()
        return conn

    # --- reading and writing --------------------------------------------------------------

    def get(self, claim, given=(), *, quick: bool = False) -> Verdict | None:
        """The stored verdict for ``claim`` under ``given``, or None (a miss or a corrupt entry).

        ``quick``: the entry of :func:`~derive.kernel.checker.prove_quickly`, kept apart from
        that of a full check, whose proof may need a strategy the quick one does not try;
        sharing them would make a verdict's method depend on which ran first.
        """
        start = time.perf_counter()
        conn = self._conn()
        if conn is None:
            return None
        key = claim_key(claim, tuple(given), mode="quick" if quick else "")
        try:
            row = conn.execute("SELECT value, checksum FROM verdicts WHERE key = ?", (key,)).fetchone()
        except sqlite3.Error:
            return None
        if row is None:
            self.misses += 1
            return None
        try:
            verdict = self._decode(row, claim, tuple(given), time.perf_counter() - start,
                                   self.tag_method)
        except (ValueError, TypeError, KeyError, IndexError, json.JSONDecodeError):
            self._forget(conn, key)
            self.misses += 1
            return None
        self.hits += 1
        return verdict

    @staticmethod
    def _decode(row, claim, given, seconds, tag) -> Verdict:
        value, checksum = row
        if not isinstance(value, str) or _checksum(value) != checksum:
            raise ValueError("checksum mismatch")
        data = json.loads(value)
        status, method, detail = data["status"], data["method"], data["detail"]
        if status not in _STORED or not isinstance(method, str) or not isinstance(detail, str):
            raise ValueError("malformed entry")
        cex = None
        if status == REFUTED:     # stored with canonical dummies: put this claim's own back
            back = {c: d for d, c in canonical_dummies(claim, given).items()}
            cex = {renamed(k, back): renamed(v, back)
                   for k, v in decode_mapping(data["counterexample"]).items()}
        return Verdict(status, method + (CACHE_TAG if tag else ""), cex, seconds, detail, claim)

    @staticmethod
    def _forget(conn, key):
        try:
            conn.execute("DELETE FROM verdicts WHERE key = ?", (key,))
        except sqlite3.Error:
            pass

    def put(self, claim, given, verdict: Verdict, *, quick: bool = False) -> bool:
        """Store ``verdict`` if it is "proved" or "refuted"; True when it was stored."""
        if verdict.status not in _STORED or CACHE_TAG in verdict.method:
            return False
        try:
            cex = None
            if verdict.status == REFUTED:
                table = canonical_dummies(claim, tuple(given))
                cex = encode_mapping({renamed(k, table): renamed(v, table)
                                      for k, v in verdict.counterexample.items()})
        except Unencodable:
            return False
        deadline = time.monotonic() + WRITE_WAIT
        conn = self._conn()
        while conn is None and not self._broken and time.monotonic() < deadline:
            time.sleep(0.01)              # the database was busy when this process connected
            conn = self._conn()
        if conn is None:
            return False
        value = json.dumps({"status": verdict.status, "method": verdict.method,
                            "detail": verdict.detail, "counterexample": cex}, sort_keys=True)
        row = (claim_key(claim, tuple(given), mode="quick" if quick else ""), value,
               _checksum(value), time.time())
        # -j writers contend for one lock, each for milliseconds: a store retries for a while
        # (the verdict is already known, so this never delays it) instead of being dropped.
        while True:
            try:
                conn.execute("INSERT OR REPLACE INTO verdicts VALUES (?, ?, ?, ?)", row)
                break
            except sqlite3.OperationalError as exc:
                if not _busy(exc) or time.monotonic() > deadline:
                    return False
                time.sleep(0.01)
            except sqlite3.Error:
                return False
        self.stores += 1
        return True

    def clear(self) -> int:
        """Delete every entry; the number deleted."""
        conn = self._conn()
        if conn is None:
            return 0
        count = conn.execute("SELECT COUNT(*) FROM verdicts").fetchone()[0]
        conn.execute("DELETE FROM verdicts")
        conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        return int(count)

    def __bool__(self) -> bool:      # an empty cache is still a cache
        return True

    def __len__(self) -> int:
        conn = self._conn()
        return 0 if conn is None else int(conn.execute("SELECT COUNT(*) FROM verdicts").fetchone()[0])

    @property
    def fingerprint(self) -> str:
        return engine_fingerprint()


def _busy(exc) -> bool:
    """The error is a lock held by someone else (transient), not a broken cache."""
    text = str(exc).lower()
    return "locked" in text or "busy" in text


_unsettled = [0]


def note_unsettled() -> None:
    """Count a check (or its counterexample search) that ran out of time or failed."""
    _unsettled[0] += 1


def unsettled() -> int:
    """How many checks in this process ran out of time or failed: their outcome depends on
    the machine, so no result built on them may be cached (see derive.pipeline.unitcache)."""
    return _unsettled[0]


_ORPHANS: list = []      # connections inherited across fork: never used, never closed
_ambient: list = [None]  # the cache check(cache=None) uses


def ambient() -> VerdictCache | None:
    """The cache that ``check(..., cache=None)`` uses: the one set by :func:`use_cache`, if any."""
    if os.environ.get("DERIVE_NO_CACHE", "") not in ("", "0"):
        return None
    return _ambient[0]


@contextmanager
def use_cache(cache: VerdictCache | None):
    """Within the block, ``check(..., cache=None)`` uses ``cache`` (None: no cache)."""
    saved = _ambient[0]
    _ambient[0] = cache
    try:
        yield cache
    finally:
        _ambient[0] = saved


_defaults: dict = {}


def _default_cache() -> VerdictCache:
    folder = default_cache_dir()
    if folder not in _defaults:
        _defaults[folder] = VerdictCache(folder)
    return _defaults[folder]


def resolve(cache) -> VerdictCache | None:
    """The cache a call asked for.

    ``None``: the ambient one (see :func:`use_cache`); ``True``: the ambient one,
    else the default folder; ``False``: none; a :class:`VerdictCache`: itself.
    ``DERIVE_NO_CACHE=1`` turns ``None`` and ``True`` into none.

    Raises:
        TypeError: anything else.
    """
    if cache is None:
        return ambient()
    if cache is False:
        return None
    if cache is True:
        if os.environ.get("DERIVE_NO_CACHE", "") not in ("", "0"):
            return None
        return _ambient[0] if _ambient[0] is not None else _default_cache()
    if isinstance(cache, VerdictCache):
        return cache
    raise TypeError(f"cache must be True, False, None or a derive VerdictCache, got {cache!r}")

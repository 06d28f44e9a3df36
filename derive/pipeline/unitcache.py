"""Whole units of ``derive run`` from the cache folder: a warm run redoes nothing.

The verdict cache (:mod:`derive.kernel.cache`) answers each claim, but a unit
also parses documents, instantiates steps at fixed n and solves the convex
problems; with nothing changed those give the same result again.  So a unit's
result (the plain data :func:`derive.pipeline.units.timed` returns) is kept
too, in ``units.sqlite`` beside ``verdicts.sqlite``, under a key made of:

* the unit (kind, name, fixed dimension);
* a hash of every source file of the ``derive`` and ``proofs`` packages (code,
  grammar, the transcriptions of the sources) and the versions of Python,
  SymPy, NumPy, SciPy, mpmath, cvxpy and Clarabel.

Any edit anywhere in the package, or any upgrade of a library it computes
with, is a miss.  A unit is stored only when no check inside it ran out of time
or failed (:func:`derive.kernel.cache.unsettled`): such an outcome depends on
the machine.  The data are pickled, exactly as they travel between the
worker processes of a parallel run; the file is written only by ``derive run``
in the user's own cache folder, and an entry whose checksum does not match or
that fails to load is deleted and recomputed.
"""
from __future__ import annotations

import hashlib
import os
import pickle
try:
    import sqlite3
except ImportError:             # no SQLite in this Python: the verdict cache says so once
    sqlite3 = None
import sys
from functools import lru_cache
from importlib import metadata
from pathlib import Path

from ..kernel.cache import VerdictCache, unsettled

__all__ = ["UnitCache", "source_fingerprint"]

_FILE = "units.sqlite"
_ORPHANS: list = []
_SCHEMA = "CREATE TABLE IF NOT EXISTS units (key TEXT PRIMARY KEY, value BLOB, checksum TEXT)"
_RENDERED = "CREATE TABLE IF NOT EXISTS rendered (key TEXT PRIMARY KEY, value BLOB, checksum TEXT)"
_LIBRARIES = ("sympy", "numpy", "scipy", "mpmath", "cvxpy", "clarabel", "lark")
_ROOTS = ("derive", "proofs")


def _version(name: str) -> str:
    try:
        return metadata.version(name)
    except metadata.PackageNotFoundError:
        return "absent"


@lru_cache(maxsize=1)
def source_fingerprint() -> str:
    """A hash of every file of the derive and proofs packages, and the library versions."""
    import derive
    import proofs
    digest = hashlib.sha256(sys.version.encode())
    for lib in _LIBRARIES:
        digest.update(f"{lib} {_version(lib)}\0".encode())
    for package in (derive, proofs):
        root = Path(package.__file__).resolve().parent
        for path in sorted(p for p in root.rglob("*") if p.is_file() and "__pycache__" not in p.parts
                           and p.suffix not in (".pyc", ".pyo")):
            digest.update(str(path.relative_to(root)).encode() + b"\0" + path.read_bytes() + b"\0")
    return digest.hexdigest()


class UnitCache:
    """Unit results in ``<folder>/units.sqlite`` (the folder of a :class:`VerdictCache`)."""

    def __init__(self, verdicts: VerdictCache):
        self.verdicts = verdicts
        self.path = verdicts.directory / _FILE
        self._conn = None
        self._pid = None

    def _connection(self):
        if self._pid == os.getpid() or sqlite3 is None:
            return self._conn
        if self._conn is not None:    # inherited across fork: never used or closed here
            _ORPHANS.append(self._conn)
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            try:
                conn = self._open()
            except sqlite3.DatabaseError:       # not a database: start a new one
                for suffix in ("", "-wal", "-shm"):
                    Path(str(self.path) + suffix).unlink(missing_ok=True)
                conn = self._open()
        except (OSError, sqlite3.Error):
            conn = None
        self._conn, self._pid = conn, os.getpid()
        return conn

    def _open(self):
        conn = sqlite3.connect(self.path, timeout=30.0, isolation_level=None)
        conn.execute("PRAGMA journal_mode=WAL")
        conn.execute(_SCHEMA)
        conn.execute(_RENDERED)
        return conn

    @staticmethod
    def key(unit) -> str:
        return hashlib.sha256(repr((source_fingerprint(), tuple(unit))).encode()).hexdigest()

    def get(self, unit):
        """The stored result of ``unit``, or None."""
        return self._load("units", self.key(unit))

    def _load(self, table: str, key: str, valid=lambda value: True):
        """The value stored under ``key`` in ``table``, or None; an entry whose checksum
        does not match, that fails to load or that is not ``valid`` is deleted."""
        conn = self._connection()
        if conn is None:
            return None
        try:
            row = conn.execute(f"SELECT value, checksum FROM {table} WHERE key = ?", (key,)).fetchone()
        except sqlite3.Error:
            return None
        if row is None:
            return None
        try:
            if hashlib.sha256(row[0]).hexdigest() != row[1]:
                raise ValueError("checksum mismatch")
            value = pickle.loads(row[0])
            if not valid(value):
                raise ValueError("malformed entry")
            return value
        except Exception:   # noqa: BLE001 - any damaged entry is computed again
            try:
                conn.execute(f"DELETE FROM {table} WHERE key = ?", (key,))
            except sqlite3.Error:
                pass
            return None

    def _store(self, table: str, key: str, data) -> bool:
        conn = self._connection()
        if conn is None:
            return False
        try:
            value = pickle.dumps(data, protocol=pickle.HIGHEST_PROTOCOL)
            conn.execute(f"INSERT OR REPLACE INTO {table} VALUES (?, ?, ?)",
                         (key, value, hashlib.sha256(value).hexdigest()))
        except (sqlite3.Error, pickle.PicklingError, TypeError, AttributeError):
            return False
        return True

    def put(self, unit, data, unsettled_before: int) -> bool:
        """Store ``data`` unless a check in the unit ran out of time or failed."""
        if unsettled() != unsettled_before:
            return False
        return self._store("units", self.key(unit), data)

    def clear(self) -> int:
        conn = self._connection()
        if conn is None:
            return 0
        count = conn.execute("SELECT COUNT(*) FROM units").fetchone()[0]
        conn.execute("DELETE FROM units")
        conn.execute("DELETE FROM rendered")
        return int(count)

    # --- rendered documents -------------------------------------------------------------

    def documents_key(self, units) -> str | None:
        """A key for the documents rendered from the stored results of exactly ``units``, or
        None when one of them is not stored.

        The documents are a pure function of the code and the units' results (that is what
        makes them byte-identical from run to run), so documents rendered once from these
        very entries (their checksums are in the key) are the documents rendering would
        give again.  A unit that is not stored ran out of time or failed: no key.
        """
        conn = self._connection()
        if conn is None:
            return None
        keys = [self.key(u) for u in units]
        found: dict = {}
        try:
            for start in range(0, len(keys), 500):      # SQLite's limit on bound parameters
                chunk = keys[start:start + 500]
                marks = ",".join("?" * len(chunk))
                found.update(conn.execute(f"SELECT key, checksum FROM units WHERE key IN ({marks})",
                                          chunk).fetchall())
        except sqlite3.Error:
            return None
        if any(k not in found for k in keys):
            return None
        return hashlib.sha256(repr((source_fingerprint(), [found[k] for k in keys])).encode()).hexdigest()

    def get_documents(self, key: str) -> dict | None:
        """The files stored under ``key`` (name -> text), or None."""
        return self._load("rendered", key, lambda files: isinstance(files, dict) and all(
            isinstance(k, str) and isinstance(v, str) for k, v in files.items()))

    def put_documents(self, key: str, files: dict) -> bool:
        return self._store("rendered", key, dict(sorted(files.items())))

"""Every test session gets its own, empty verdict cache; every test a fresh memo.

The suite never reads or writes the user's real cache folder, and a verdict
left over from an earlier session can never hide a failure: ``DERIVE_CACHE_DIR``
points at a fresh temporary folder (inherited by the xdist workers and by the
``derive`` subprocesses the tests start), and ``DERIVE_NO_CACHE`` from the caller's shell is cleared.
The checker's in-process memo is emptied before each test, so a test that
changes the engine (monkeypatching a strategy) sees it run.
"""
from __future__ import annotations

import os
import shutil
import tempfile
from contextlib import contextmanager

try:
    import fcntl
except ImportError:        # not POSIX: workers do not wait for each other (only slower)
    fcntl = None

import pytest


def pytest_configure(config):
    os.environ.pop("DERIVE_NO_CACHE", None)
    if hasattr(config, "workerinput"):     # an xdist worker: the controller's folder, inherited
        return
    folder = tempfile.mkdtemp(prefix="derive-test-cache-")
    config._derive_cache_dir = folder
    os.environ["DERIVE_CACHE_DIR"] = folder


def pytest_unconfigure(config):
    folder = getattr(config, "_derive_cache_dir", None)
    if folder:
        shutil.rmtree(folder, ignore_errors=True)


def session_verdicts():
    """The session's verdict cache (shared by the xdist workers), methods untagged as in
    ``derive run``: a module marked ``shared_verdicts`` checks through it, so a claim that
    several of its tests (or the full run) check is decided once per session, by the same
    engine, and the verdict each test sees is the one checking would give."""
    from derive.kernel.cache import VerdictCache
    return VerdictCache(os.environ["DERIVE_CACHE_DIR"], tag_method=False)


@contextmanager
def one_at_a_time(name: str):
    """Hold the session-wide lock ``name`` (an xdist worker waits for the one holding it)."""
    if fcntl is None:
        yield
        return
    with open(os.path.join(os.environ["DERIVE_CACHE_DIR"], f"{name}.lock"), "w") as handle:
        fcntl.flock(handle, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)


@pytest.fixture(autouse=True)
def _fresh_memo(request):
    from derive.kernel.cache import use_cache
    from derive.kernel.checker import forget
    forget()
    if request.node.get_closest_marker("shared_verdicts") is None:
        yield
        return
    with use_cache(session_verdicts()):
        yield

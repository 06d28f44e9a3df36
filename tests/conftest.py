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


@pytest.fixture(autouse=True)
def _fresh_memo():
    from derive.kernel.checker import forget
    forget()
    yield

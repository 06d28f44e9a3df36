"""Every test session gets its own, empty verdict cache.

The suite never reads or writes the user's real cache folder, and a verdict
left over from an earlier session can never hide a failure: ``DERIVE_CACHE_DIR``
points at a fresh temporary folder (inherited by the ``derive`` subprocesses
the tests start), and ``DERIVE_NO_CACHE`` from the caller's shell is cleared.
"""
from __future__ import annotations

import os
import shutil
import tempfile


def pytest_configure(config):
    folder = tempfile.mkdtemp(prefix="derive-test-cache-")
    config._derive_cache_dir = folder
    os.environ["DERIVE_CACHE_DIR"] = folder
    os.environ.pop("DERIVE_NO_CACHE", None)


def pytest_unconfigure(config):
    folder = getattr(config, "_derive_cache_dir", None)
    if folder:
        shutil.rmtree(folder, ignore_errors=True)

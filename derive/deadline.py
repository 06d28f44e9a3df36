"""Hard time limits for SymPy work, which has no timeout of its own.

In the main thread a ``SIGALRM`` timer raises :class:`CheckTimeout` inside the
running computation (SymPy is pure Python, so the signal is seen between
bytecodes).  Elsewhere (a worker thread, a platform without ``SIGALRM``) the
work runs in a forked child process that is killed when time runs out.
"""
from __future__ import annotations

import multiprocessing
import os
import signal
import threading
import time
from contextlib import contextmanager
from typing import Any, Callable

from .errors import CheckTimeout

__all__ = ["deadline", "run_with_timeout", "remaining"]

_stack: list[float] = []   # absolute deadlines, innermost last


def _can_alarm() -> bool:
    return hasattr(signal, "setitimer") and threading.current_thread() is threading.main_thread()


def remaining() -> float | None:
    """Seconds left before the innermost active deadline, or None if none is active."""
    return (_stack[-1] - time.monotonic()) if _stack else None


def _on_alarm(signum, frame):
    raise CheckTimeout()


@contextmanager
def deadline(seconds: float):
    """Raise :class:`CheckTimeout` in the block once ``seconds`` have passed.

    Nested deadlines keep the earliest one; the outer timer is restored on exit.
    Only usable in the main thread (see :func:`run_with_timeout` otherwise).
    """
    if not _can_alarm():
        raise RuntimeError("deadline() needs the main thread; use run_with_timeout()")
    end = time.monotonic() + max(seconds, 0.0)
    if _stack:
        end = min(end, _stack[-1])
    old_handler = signal.signal(signal.SIGALRM, _on_alarm)
    _stack.append(end)
    signal.setitimer(signal.ITIMER_REAL, max(end - time.monotonic(), 1e-4))
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        _stack.pop()
        signal.signal(signal.SIGALRM, old_handler)
        if _stack:  # re-arm the enclosing deadline
            left = _stack[-1] - time.monotonic()
            if left <= 0:
                raise CheckTimeout()
            signal.setitimer(signal.ITIMER_REAL, left)


def _child(conn, fn, args):
    try:
        conn.send(("ok", fn(*args)))
    except BaseException as exc:  # report anything, the parent decides
        conn.send(("error", repr(exc)))
    finally:
        conn.close()


def run_with_timeout(fn: Callable[..., Any], args: tuple, seconds: float) -> Any:
    """Run ``fn(*args)`` and return its value, raising CheckTimeout after ``seconds``.

    Uses :func:`deadline` in the main thread, a forked, killable child elsewhere.
    """
    if _can_alarm():
        with deadline(seconds):
            return fn(*args)
    ctx = multiprocessing.get_context("fork")
    parent, child = ctx.Pipe(duplex=False)
    proc = ctx.Process(target=_child, args=(child, fn, args), daemon=True)
    proc.start()
    child.close()
    try:
        if not parent.poll(max(seconds, 0.0)):
            raise CheckTimeout()
        kind, value = parent.recv()
    except EOFError:
        raise CheckTimeout() from None
    finally:
        if proc.is_alive():
            proc.kill()
        proc.join(1.0)
        parent.close()
    if kind == "error":
        raise RuntimeError(f"checker child failed: {value}")
    return value

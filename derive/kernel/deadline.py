"""Hard time limits for SymPy work, which has no timeout of its own.

In the main thread a ``SIGALRM`` timer raises :class:`CheckTimeout` inside the
running computation (SymPy is pure Python, so the signal is seen between
bytecodes).  Elsewhere (a worker thread, a platform without ``SIGALRM``) the
work runs in a forked child process that is killed when time runs out.

Implementation notes:
    * Deadlines nest; the innermost active one is the earliest.
    * The caller's own ``SIGALRM`` handler and interval timer are restored
      when the outermost deadline ends.  If the caller's timer would fire
      during the check, the check stops then (and returns "unknown"), and the
      caller's alarm is delivered right after.
    * Once a deadline has passed the alarm repeats every ``_REPEAT`` seconds
      until the block is left, in case an exception was swallowed.
    * Leaving a deadline switches the timer off first, retrying if an alarm
      that was already pending arrives meanwhile, so the bookkeeping is
      always restored.
"""
from __future__ import annotations

import multiprocessing
import signal
import threading
import time
from typing import Any, Callable

from ..errors import CheckTimeout

__all__ = ["deadline", "run_with_timeout", "remaining"]

_stack: list[float] = []   # absolute deadlines (time.monotonic), innermost last
_MIN_TIMER = 1e-4          # setitimer(0) would switch the timer off


def _can_alarm() -> bool:
    return hasattr(signal, "setitimer") and threading.current_thread() is threading.main_thread()


def remaining() -> float | None:
    """Seconds left before the innermost active deadline, or None if none is active."""
    return (_stack[-1] - time.monotonic()) if _stack else None


_REPEAT = 0.25             # seconds between alarms once the deadline has passed


def _on_alarm(signum, frame):
    # The timer repeats: an exception raised where Python ignores it (a __del__,
    # a bare except inside a library) is followed by another one, so no check
    # can outlive its deadline by swallowing the first.
    if _stack and time.monotonic() >= _stack[-1] - 1e-3:
        raise CheckTimeout()


def _timer_off():
    """Switch the interval timer off; an alarm already pending may still arrive once."""
    while True:
        try:
            signal.setitimer(signal.ITIMER_REAL, 0)
            return
        except CheckTimeout:
            continue


class deadline:  # noqa: N801  (used as a context manager, like a function)
    """Raise :class:`CheckTimeout` in the ``with`` block once ``seconds`` have passed.

    Only usable in the main thread (see :func:`run_with_timeout` otherwise).

    Example:
        >>> with deadline(5.0):
        ...     pass
    """

    def __init__(self, seconds: float):
        self.seconds = max(float(seconds), 0.0)
        self._outer = None      # (timer end, interval) of the caller's own timer, outermost only

    def __enter__(self):
        if not _can_alarm():
            raise RuntimeError("deadline() needs the main thread; use run_with_timeout()")
        now = time.monotonic()
        end = now + self.seconds
        if _stack:
            end = min(end, _stack[-1])
        else:
            value, interval = signal.getitimer(signal.ITIMER_REAL)
            if value > 0:
                self._outer = (now + value, interval)
                end = min(end, now + value)
        self._handler = signal.signal(signal.SIGALRM, _on_alarm)
        _stack.append(end)
        # An already-spent deadline fires within 0.1 ms, possibly before the with block
        # is set up; then __exit__ would never run and the timer would go on firing.
        try:
            signal.setitimer(signal.ITIMER_REAL, max(end - time.monotonic(), _MIN_TIMER), _REPEAT)
            return self
        except CheckTimeout:
            self.__exit__(None, None, None)
            raise

    def __exit__(self, *exc):
        _timer_off()
        _stack.pop()
        signal.signal(signal.SIGALRM, self._handler)
        if _stack:  # re-arm the enclosing deadline
            signal.setitimer(signal.ITIMER_REAL, max(_stack[-1] - time.monotonic(), _MIN_TIMER),
                             _REPEAT)
        elif self._outer is not None:
            end, interval = self._outer
            signal.setitimer(signal.ITIMER_REAL, max(end - time.monotonic(), _MIN_TIMER), interval)
        return False


def _child(conn, fn, args, seconds):
    try:
        with deadline(seconds):
            conn.send(("ok", fn(*args)))
    except CheckTimeout:
        conn.send(("timeout", None))
    except BaseException as exc:  # report anything, the parent decides
        conn.send(("error", repr(exc)))
    finally:
        conn.close()


def run_with_timeout(fn: Callable[..., Any], args: tuple, seconds: float) -> Any:
    """Run ``fn(*args)`` and return its value, raising CheckTimeout after ``seconds``.

    Uses :func:`deadline` in the main thread, a forked, killable child elsewhere
    (the child sets its own deadline too, so ``fn`` can budget its time with
    :func:`remaining`).

    Raises:
        CheckTimeout: time ran out.
        RuntimeError: the child process failed; the message has its error.
    """
    if _can_alarm():
        with deadline(seconds):
            return fn(*args)
    ctx = multiprocessing.get_context("fork")
    parent, child = ctx.Pipe(duplex=False)
    proc = ctx.Process(target=_child, args=(child, fn, args, seconds), daemon=True)
    proc.start()
    child.close()
    try:
        if not parent.poll(max(seconds, 0.0) + 0.2):   # the child stops itself at `seconds`
            raise CheckTimeout()
        kind, value = parent.recv()
    except EOFError:
        raise CheckTimeout() from None
    finally:
        if proc.is_alive():
            proc.kill()
        proc.join(1.0)
        parent.close()
    if kind == "timeout":
        raise CheckTimeout()
    if kind == "error":
        raise RuntimeError(f"checker child failed: {value}")
    return value

"""derive.kernel.deadline: hard limits in the main thread (SIGALRM) and in worker threads (a forked child)."""
from __future__ import annotations

import signal
import threading
import time

import pytest

from derive.kernel.deadline import deadline, remaining, run_with_timeout
from derive.errors import CheckTimeout


def _spin():
    while True:
        pass


def _add(a, b):
    return a + b


def _fail():
    raise ZeroDivisionError("inside")


def test_a_busy_loop_is_stopped():
    with pytest.raises(CheckTimeout):
        with deadline(0.2):
            _spin()
    assert remaining() is None and signal.getitimer(signal.ITIMER_REAL) == (0.0, 0.0)


def test_the_inner_deadline_ends_first_and_the_outer_one_is_rearmed():
    with deadline(5.0):
        with pytest.raises(CheckTimeout):
            with deadline(0.2):
                _spin()
        left = remaining()
        assert left is not None and 0 < left <= 5.0
        assert 0 < signal.getitimer(signal.ITIMER_REAL)[0] <= 5.0
    assert remaining() is None


def test_an_inner_deadline_cannot_outlive_the_outer_one():
    with deadline(0.3):
        with deadline(100.0):
            assert remaining() <= 0.3
        with pytest.raises(CheckTimeout):
            _spin()


def test_run_with_timeout_returns_the_value_or_times_out():
    assert run_with_timeout(_add, (2, 3), 5.0) == 5
    with pytest.raises(CheckTimeout):
        run_with_timeout(_spin, (), 0.2)


def _in_thread(fn):
    out = []
    worker = threading.Thread(target=lambda: out.append(_capture(fn)))
    worker.start()
    worker.join(30)
    return out[0]


def _capture(fn):
    try:
        return ("value", fn())
    except BaseException as exc:  # the test inspects what was raised
        return ("raised", exc)


def test_in_a_worker_thread_the_work_runs_in_a_child_process():
    assert _in_thread(lambda: run_with_timeout(_add, (2, 3), 5.0)) == ("value", 5)
    kind, exc = _in_thread(lambda: run_with_timeout(_spin, (), 0.3))
    assert kind == "raised" and isinstance(exc, CheckTimeout)
    kind, exc = _in_thread(lambda: run_with_timeout(_fail, (), 5.0))
    assert kind == "raised" and isinstance(exc, RuntimeError) and "ZeroDivisionError" in str(exc)


def test_deadline_itself_refuses_a_worker_thread():
    kind, exc = _in_thread(lambda: deadline(1.0).__enter__())
    assert kind == "raised" and isinstance(exc, RuntimeError) and "main thread" in str(exc)


def test_the_callers_handler_is_restored():
    def mine(signum, frame):
        raise AssertionError("the caller's handler ran")
    previous = signal.signal(signal.SIGALRM, mine)
    try:
        with pytest.raises(CheckTimeout):
            with deadline(0.1):
                _spin()
        assert signal.getsignal(signal.SIGALRM) is mine
    finally:
        signal.signal(signal.SIGALRM, previous)


def test_the_callers_earlier_alarm_stops_the_work_and_is_delivered_after():
    fired = []
    previous = signal.signal(signal.SIGALRM, lambda s, f: fired.append(s))
    try:
        signal.setitimer(signal.ITIMER_REAL, 0.2)
        with pytest.raises(CheckTimeout):
            with deadline(10.0):
                _spin()
        time.sleep(0.05)
        assert fired == [signal.SIGALRM]
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)


def test_a_spent_deadline_entered_inside_another_leaves_no_timer_behind():
    import signal
    import time

    from derive.errors import CheckTimeout
    from derive.kernel import deadline as dl

    for _ in range(200):
        try:
            with dl.deadline(0.0005):
                time.sleep(0.002)         # the outer deadline is spent ...
                with dl.deadline(5.0):    # ... so this one fires at once, maybe in __enter__
                    time.sleep(0.01)
        except CheckTimeout:
            pass
    assert dl._stack == []
    assert signal.getitimer(signal.ITIMER_REAL) == (0.0, 0.0)

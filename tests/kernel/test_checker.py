"""The public API of ``derive.check``: call forms, verdicts, bad input, hard timeouts, display."""
from __future__ import annotations

import builtins
import dataclasses
import signal
import threading
import time

import numpy as np
import pytest
from sympy import And, Eq, Float, Function, Idx, Matrix, Ne, S, Sum, Symbol, exp, sqrt, sympify, symbols

import derive.kernel.checker as checker_module
import derive.kernel.inputs as inputs_module
from derive import Verdict, check
from derive.kernel.checker import prove_quickly
from derive.kernel.deadline import remaining
from derive.kernel.strategies import Strategy
from derive.symbols import i, k, n, z

x, y = symbols("x y", real=True)
SOFTMAX_K = exp(z[k]) / Sum(exp(z[i]), (i, 1, n))


# --- call forms and verdicts ---------------------------------------------------

@pytest.mark.parametrize("lhs, rhs, status", [
    ((x + 1)**2, x**2 + 2 * x + 1, "proved"),
    ((x + 1)**2, x**2 + 1, "refuted"),
    (Sum(SOFTMAX_K, (k, 1, n)), S.One, "proved"),
])
def test_both_call_forms_agree(lhs, rhs, status):
    one, two = check(Eq(lhs, rhs)), check(lhs, rhs)
    assert one.status == two.status == status


def test_matrix_sides_are_compared_entrywise():
    assert check(Matrix([x + x, x * x]), Matrix([2 * x, x**2])).status == "proved"
    verdict = check(Matrix([x, 1]), Matrix([x, 2]))
    assert verdict.status == "refuted"


@pytest.mark.parametrize("claim, status", [
    (Eq(x * (x + 1), x**2 + x), "proved"),
    (Eq(x * (x + 1), x**2 - x), "refuted"),
    (exp(x) > 0, "proved"),
    (x**2 > 0, "refuted"),
    (Ne(exp(x), 0), "proved"),
    (And(Eq(x + x, 2 * x), x**2 >= 0), "proved"),
    (And(Eq(x + x, 2 * x), x**2 > 0), "refuted"),
    (S.true, "proved"),
])
def test_verdict_fields(claim, status):
    v = check(claim)
    assert v.status == status
    assert isinstance(v.method, str) and v.method
    assert isinstance(v.detail, str) and v.detail
    assert isinstance(v.seconds, float) and v.seconds >= 0
    assert bool(v) is (status == "proved") and v.proved is (status == "proved")
    if status == "refuted":
        assert isinstance(v.counterexample, dict)
    else:
        assert v.counterexample is None


def test_false_is_refuted_with_an_empty_counterexample():
    v = check(S.false)
    assert v.status == "refuted" and v.counterexample == {} and not v


@pytest.mark.parametrize("upper, status", [
    (n, "unknown"),                        # n >= 1: i = j occurs, the hypotheses cannot all hold
    (Symbol("m", integer=True), "refuted"),   # m = 0: no i, j at all, so the hypothesis holds
])
def test_false_under_a_quantified_hypothesis_that_evaluates_to_a_boolean(upper, status):
    # Ne(i, j) at i = j = 1 is SymPy's false, not a relation: the search must read it as
    # a hypothesis that fails there, not stop on an error
    a, b = Idx("a", (1, upper)), Idx("b", (1, upper))
    v = check(S.false, given=[Ne(a, b)])
    assert v.status == status and v.method == "structural"


def test_verdict_is_immutable_and_checks_its_invariants():
    v = check(Eq(x, x + 0))
    with pytest.raises(dataclasses.FrozenInstanceError):
        v.status = "refuted"
    with pytest.raises(ValueError, match="status"):
        Verdict("maybe", "none")
    with pytest.raises(ValueError, match="counterexample"):
        Verdict("proved", "expand", {x: 1})
    with pytest.raises(ValueError, match="counterexample"):
        Verdict("refuted", "numeric")


def test_unknown_is_falsy_and_floats_are_never_proved():
    v = check(Eq((x + 1)**2, x**2 + 2 * x + 1 + Float(1e-20)))
    assert v.status == "unknown" and not v and v.counterexample is None


def test_given_is_used_and_a_false_given_proves_vacuously():
    assert check(Eq(y, 3), given=[Eq(y, 3)]).proved
    assert check(Eq(y, 3)).status == "refuted"
    assert check(Eq(y, 3), given=(S.false,)).method == "vacuous"
    assert check(Eq(y, 3), given=(g for g in [Eq(y, 3)])).proved     # any iterable


def test_prove_quickly_returns_a_verdict_only_for_cheap_proofs():
    assert prove_quickly(Eq((x + 1)**2, x**2 + 2 * x + 1)).proved
    assert prove_quickly(Eq((x + 1)**2, x**2 + 1)) is None


# --- bad input -----------------------------------------------------------------

BAD_CLAIMS = [
    ("x**2", TypeError, "claim"),
    (b"x > 0", TypeError, "claim"),
    (None, TypeError, "claim"),
    (np.array([1.0, 2.0]), TypeError, "claim"),
    (x**2, TypeError, "claim"),
    (Matrix([x]), TypeError, "claim"),
    ([Eq(x, x)], TypeError, "claim"),
    ({x: 1}, TypeError, "claim"),
    (3.5, TypeError, "claim"),
]


@pytest.mark.parametrize("claim, error, name", BAD_CLAIMS)
def test_bad_claim_raises_naming_the_argument(claim, error, name):
    with pytest.raises(error, match=name):
        check(claim)
    with pytest.raises(error, match=name):
        prove_quickly(claim)


BAD_PAIRS = [
    ("x", x, TypeError, "lhs"),
    (x, "x", TypeError, "rhs"),
    (None, x, TypeError, "lhs"),
    (x, None, TypeError, "rhs"),
    (np.array([1, 2]), Matrix([1, 2]), TypeError, "lhs"),
    (Eq(x, 1), x, TypeError, "lhs"),
    (Matrix([x, y]), Matrix([x, y, 1]), ValueError, "shape"),
    (Matrix([[x, y]]), Matrix([x, y]), ValueError, "shape"),
    (Matrix([x]), x, ValueError, "lhs and rhs"),
]


@pytest.mark.parametrize("lhs, rhs, error, name", BAD_PAIRS)
def test_bad_lhs_rhs_pair_raises_naming_the_argument(lhs, rhs, error, name):
    with pytest.raises(error, match=name):
        check(lhs, rhs)


@pytest.mark.parametrize("timeout, error", [
    (0, ValueError), (-1.0, ValueError), (float("nan"), ValueError), (float("inf"), ValueError),
    ("10", TypeError), (None, TypeError), (True, TypeError), ([5], TypeError),
])
def test_bad_timeout_raises_naming_the_argument(timeout, error):
    with pytest.raises(error, match="timeout"):
        check(Eq(x, x), timeout=timeout)


@pytest.mark.parametrize("given, name", [
    ("Eq(x, 1)", "given"),
    (None, "given"),
    (Eq(x, 1), "given"),                 # a relation, not a sequence of them
    (5, "given"),
    ([x**2], r"given\[0\]"),
    ([Eq(x, 1), None], r"given\[1\]"),
    ([Eq(x, 1), "x > 0"], r"given\[1\]"),
    ([np.array([1])], r"given\[0\]"),
])
def test_bad_given_raises_naming_the_argument(given, name):
    with pytest.raises(TypeError, match=name):
        check(Eq(x, x), given=given)


def test_strings_are_never_evaluated(monkeypatch, tmp_path):
    marker = tmp_path / "evaluated"
    payload = f"__import__('pathlib').Path({str(marker)!r}).touch()"
    calls = []
    real_sympify, real_eval = sympify, builtins.eval
    monkeypatch.setattr(inputs_module, "sympify", lambda *a, **kw: calls.append(a) or real_sympify(*a, **kw))
    monkeypatch.setattr(builtins, "eval", lambda *a, **kw: calls.append(a) or real_eval(*a, **kw))
    for call in (lambda: check(payload), lambda: check(payload, x), lambda: check(x, payload),
                 lambda: check(Eq(x, x), given=[payload]), lambda: check(Eq(x, x), given=payload)):
        with pytest.raises(TypeError):
            call()
    assert not marker.exists()
    assert not any(payload in map(str, a) for a in calls)


# --- the hard timeout ----------------------------------------------------------

def _forever(d, ctx):
    while True:
        pass


def _sleep_forever(d, ctx):
    time.sleep(10_000)


@pytest.fixture(params=[_forever, _sleep_forever], ids=["busy-loop", "sleep"])
def hanging_strategy(request, monkeypatch):
    """The first equality strategy never returns (as simplify can on a hard input)."""
    hang = Strategy("hang", "never returns", request.param)
    monkeypatch.setattr(checker_module, "EQUALITY_STRATEGIES",
                        (hang,) + checker_module.EQUALITY_STRATEGIES)
    return hang


HARD = Eq(SOFTMAX_K * (1 - SOFTMAX_K), SOFTMAX_K - SOFTMAX_K**2)


def test_a_hanging_strategy_gives_unknown_within_timeout_plus_one_second(hanging_strategy):
    start = time.monotonic()
    v = check(HARD, timeout=1.0)
    elapsed = time.monotonic() - start
    assert v.status == "unknown" and v.method == "timeout"
    assert elapsed < 1.0 + 1.0


def test_the_timeout_holds_in_a_worker_thread_too(hanging_strategy):
    out = []
    start = time.monotonic()
    worker = threading.Thread(target=lambda: out.append(check(HARD, timeout=1.0)))
    worker.start()
    worker.join(30)
    elapsed = time.monotonic() - start
    assert out and out[0].status == "unknown" and out[0].method == "timeout"
    assert elapsed < 1.0 + 1.0


def test_a_worker_thread_gets_the_same_verdicts():
    out = []
    claims = [Eq((x + 1)**2, x**2 + 2 * x + 1), Eq((x + 1)**2, x**2 + 1), x**2 > 0]
    worker = threading.Thread(target=lambda: out.extend(check(c) for c in claims))
    worker.start()
    worker.join(60)
    assert [v.status for v in out] == ["proved", "refuted", "refuted"]
    assert out[1].counterexample and all(not isinstance(v, float) for v in out[1].counterexample.values())


class _Probe(Function):
    """An opaque function that records whether SymPy asks about it with a deadline running."""

    seen: list = []

    def __getattribute__(self, name):
        if name.startswith("_eval_is"):         # SymPy asking about its assumptions: work on it
            _Probe.seen.append(remaining())
        return object.__getattribute__(self, name)


@pytest.mark.parametrize("call, evaluated", [
    # a hypothesis built unevaluated is evaluated by the checker: under the deadline
    # (each row probes its own argument: SymPy caches what it learnt about an expression)
    (lambda: check(Eq(x, x + 1, evaluate=False), given=[Eq(_Probe(x, 1), 0, evaluate=False)],
                   timeout=5.0), True),
    (lambda: check(Eq(x, 1), given=[And(Eq(_Probe(x, 2), 0, evaluate=False), x > 0)], timeout=5.0),
     True),
    # the entries of matrix sides are compared under the deadline
    (lambda: check(Matrix([_Probe(x, 3), x]), Matrix([0, x]), timeout=5.0), True),
], ids=["given", "given-conjunction", "matrix"])
def test_all_work_on_the_input_counts_against_the_deadline(call, evaluated):
    _Probe.seen.clear()
    call()
    assert _Probe.seen or not evaluated, "the probe was never evaluated"
    assert all(left is not None for left in _Probe.seen), "SymPy worked on the input before the deadline"


def test_an_internal_error_is_unknown_not_a_traceback(monkeypatch):
    def broken(d, ctx):
        raise KeyError("boom")
    monkeypatch.setattr(checker_module, "_decide", lambda *a: broken(None, None))
    v = check(Eq(x, x + 1))
    assert v.status == "unknown" and v.method == "error" and "KeyError" in v.detail


def _own_handler(signum, frame):
    raise AssertionError("the caller's alarm handler ran during check()")


def _assert_restored_after(call):
    previous = signal.signal(signal.SIGALRM, _own_handler)
    try:
        call()
        assert signal.getsignal(signal.SIGALRM) is _own_handler
        assert signal.getitimer(signal.ITIMER_REAL) == (0.0, 0.0)
    finally:
        signal.signal(signal.SIGALRM, previous)


@pytest.mark.parametrize("claim", [
    Eq((x + 1)**2, x**2 + 2 * x + 1),      # proved by a cheap strategy
    Eq((x + 1)**2, x**2 + 1),               # refuted after the nested search deadline
    x**2 >= 0,
])
def test_the_alarm_handler_and_timer_are_restored(claim):
    _assert_restored_after(lambda: check(claim, timeout=5.0))


def test_the_alarm_handler_and_timer_are_restored_after_a_timeout(hanging_strategy):
    _assert_restored_after(lambda: check(HARD, timeout=0.5))


def test_the_callers_pending_alarm_survives_a_check():
    fired = []
    previous = signal.signal(signal.SIGALRM, lambda s, f: fired.append(s))
    try:
        signal.setitimer(signal.ITIMER_REAL, 30.0)
        assert check(Eq(x + x, 2 * x)).proved
        left, _ = signal.getitimer(signal.ITIMER_REAL)
        assert 0 < left <= 30.0 and not fired
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)


# --- display -------------------------------------------------------------------

@pytest.mark.parametrize("claim, mark", [
    (Eq((x + 1)**2, x**2 + 2 * x + 1), r"\checkmark"),
    (Eq((x + 1)**2, x**2 + 1), r"\times"),
    (Eq((x + 1)**2, x**2 + 2 * x + 1 + Float(1e-20)), "?"),
])
def test_verdicts_render_as_latex(claim, mark):
    text = check(claim)._repr_latex_()
    assert text.startswith("$") and text.endswith("$") and mark in text
    assert "x" in text


def test_a_refuted_verdict_shows_its_counterexample_in_latex():
    text = check(Eq(SOFTMAX_K, 1 / n))._repr_latex_()
    assert r"\sum_{i=1}^{n} e^{z_{i}}" in text
    assert r"\text{counterexample: }n = " in text and "z_{1} = " in text


SIGN_HYPOTHESES = [
    # (claim, given, expected status)
    (lambda x: Eq(sqrt(x ** 2), x), lambda x: (x > 0,), "proved"),
    (lambda x: Eq(sqrt(x ** 2), x), lambda x: (x >= 0,), "proved"),
    (lambda x: Eq(sqrt(x ** 2), x), lambda x: (x < 0,), "refuted"),
    (lambda x: Eq(sqrt(x ** 2), -x), lambda x: (x > 0,), "refuted"),
]


@pytest.mark.parametrize("claim,given,expected", SIGN_HYPOTHESES)
def test_a_sign_hypothesis_on_a_symbol_is_used_and_never_overreaches(claim, given, expected):
    x = Symbol("x", real=True)
    assert check(claim(x), given=given(x)).status == expected


# A hypothesis about an index the claim lacks holds for every value in its range; over
# s+1..n that range is empty at s = n, so the hypothesis may hold vacuously and says nothing
# (not even by contradicting itself).  Over 1..n, which is never empty, it is a fact.
_s = Symbol("s", integer=True, positive=True)
_tau = Symbol("tau", real=True)
_a, _b, _c = Idx("a", (1, _s)), Idx("b", (_s + 1, n)), Idx("c", (1, n))
EMPTY_RANGE = [
    (_s < n, [z[_b] <= _tau, z[_b] >= _tau + 1], False),
    (Eq(z[_a], 7), [Eq(z[_b], 0), Eq(z[_b], 1)], False),
    (Eq(_s, n + 5), [Eq(z[_b], 0), Eq(z[_b], 1)], False),
    (Eq(z[_a], 7), [Eq(z[_c], 0), Eq(z[_c], 1)], True),        # 1..n has a value: a contradiction
]


@pytest.mark.parametrize("claim, given, proved", EMPTY_RANGE, ids=[str(c[0]) + " | " + str(c[1]) for c in EMPTY_RANGE])
def test_a_hypothesis_over_a_possibly_empty_range_is_no_fact(claim, given, proved):
    assert check(claim, given=given, timeout=20).proved is proved

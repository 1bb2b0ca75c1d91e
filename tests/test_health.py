"""Source health policy: pure functions."""

from __future__ import annotations

import datetime as dt

from renewal_watch.health import (
    HEALTH_EMPTY,
    HEALTH_FAILING,
    HEALTH_OK,
    HealthState,
    RunFacts,
    assess_run,
    ema,
    is_silent,
)

NOW = dt.datetime(2024, 5, 1, 12, 0, tzinfo=dt.UTC)
DAY = 86400

GOOD = RunFacts(ok=True, items=10, new_items=2)
FAIL = RunFacts(ok=False, error="HTTP 500")
EMPTY = RunFacts(ok=True, items=0)
NOT_MODIFIED = RunFacts(ok=True, items=0, not_modified=True)
INTERRUPTED = RunFacts(ok=False, error="interrupted (shutdown)", interrupted=True)


def play(runs, threshold=3, state=None):
    """Fold runs into a state; return the final state and the transitions seen."""
    state = state or HealthState()
    transitions = []
    for run in runs:
        verdict = assess_run(state, run, failure_threshold=threshold)
        state = verdict.state
        if verdict.transition:
            transitions.append((verdict.transition, verdict.problem))
    return state, transitions


def test_healthy_source_raises_nothing():
    state, transitions = play([GOOD] * 5)
    assert state.health == HEALTH_OK
    assert transitions == []
    assert state.avg_items == 10


def test_failures_below_threshold_raise_nothing():
    state, transitions = play([GOOD, FAIL, FAIL, GOOD, FAIL, FAIL])
    assert transitions == []
    assert state.consecutive_failures == 2


def test_threshold_failures_raise_exactly_once_and_recover_once():
    state, transitions = play([GOOD] + [FAIL] * 6 + [GOOD, GOOD])
    assert [t for t, _ in transitions] == ["raised", "recovered"]
    assert "3 runs in a row" in transitions[0][1]
    assert "HTTP 500" in transitions[0][1]
    assert transitions[1][1] is None
    assert state.health == HEALTH_OK and state.consecutive_failures == 0


def test_interrupted_runs_are_neither_failures_nor_successes():
    # A daemon restarted during crawls again and again does not make its sources "failing" ...
    state, transitions = play([GOOD, FAIL, FAIL] + [INTERRUPTED] * 5)
    assert transitions == [] and state.consecutive_failures == 2
    assert state.health == HEALTH_OK and state.avg_items == 10
    # ... nor does it clear a problem the source has.
    state, transitions = play([GOOD] * 3 + [FAIL] * 3 + [INTERRUPTED] * 2)
    assert [t for t, _ in transitions] == ["raised"]
    assert state.health == HEALTH_FAILING and state.consecutive_failures == 3
    verdict = assess_run(state, INTERRUPTED, failure_threshold=3)
    assert verdict.transition is None and "3 runs in a row" in verdict.problem


def test_sudden_zero_items_is_a_problem_until_items_return():
    _, transitions = play([GOOD] * 3 + [EMPTY] * 3 + [GOOD])
    assert [t for t, _ in transitions] == ["raised", "recovered"]
    assert "layout" in transitions[0][1]


def test_zero_items_are_not_averaged_in_while_empty():
    state, _ = play([GOOD] * 3 + [EMPTY] * 20)
    assert state.health == HEALTH_EMPTY
    assert state.avg_items == 10


def test_failing_then_empty_then_fixed_is_one_alert_and_one_recovery():
    runs = [GOOD] * 3 + [FAIL] * 4 + [EMPTY] * 2 + [FAIL] * 3 + [GOOD]
    state, transitions = play(runs)
    assert [t for t, _ in transitions] == ["raised", "recovered"]
    assert state.health == HEALTH_OK


def test_not_modified_is_not_empty():
    state, transitions = play([GOOD] * 3 + [NOT_MODIFIED] * 5)
    assert transitions == []
    assert state.health == HEALTH_OK


def test_not_modified_ends_failing_but_not_empty():
    state, transitions = play([GOOD] * 3 + [FAIL] * 3 + [NOT_MODIFIED])
    assert [t for t, _ in transitions] == ["raised", "recovered"]
    state, transitions = play([GOOD] * 3 + [EMPTY, NOT_MODIFIED])
    assert [t for t, _ in transitions] == ["raised"]
    assert state.health == HEALTH_EMPTY


def test_source_that_usually_finds_nothing_is_not_empty():
    state, transitions = play([RunFacts(ok=True, items=1), EMPTY, EMPTY, EMPTY])
    assert transitions == []
    assert state.health == HEALTH_OK


def test_threshold_one_raises_on_first_failure():
    state, transitions = play([FAIL], threshold=1)
    assert state.health == HEALTH_FAILING
    assert [t for t, _ in transitions] == ["raised"]


def test_long_error_is_truncated_in_the_problem():
    _, transitions = play([RunFacts(ok=False, error="x" * 10_000)], threshold=1)
    assert len(transitions[0][1]) < 500


def test_ema():
    assert ema(None, 4) == 4
    assert ema(10, 0, alpha=0.5) == 5


def test_silent_longer_than_usual():
    # Usually a new item every 6 hours (120 in 30 days): 2 days quiet is not silent, 3 is.
    window = 30 * DAY
    assert not is_silent(NOW, NOW - dt.timedelta(days=1.9), 120, window)
    assert is_silent(NOW, NOW - dt.timedelta(days=3), 120, window)


def test_silent_uses_cadence_when_it_is_slow():
    # A new item every 5 days: silent only after 20.
    window = 30 * DAY
    assert not is_silent(NOW, NOW - dt.timedelta(days=15), 6, window)
    assert is_silent(NOW, NOW - dt.timedelta(days=21), 6, window)


def test_silent_when_nothing_new_in_window_but_before():
    assert is_silent(NOW, NOW - dt.timedelta(days=40), 0, 30 * DAY)


def test_never_yielded_is_not_silent():
    assert not is_silent(NOW, None, 0, 30 * DAY)

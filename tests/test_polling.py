"""Adaptive polling policy: pure functions."""

from __future__ import annotations

import datetime as dt

import pytest

from renewal_watch.polling import (
    RETRY_AFTER_CAP,
    interval_bounds,
    is_due,
    next_interval,
    parse_retry_after,
    plan_next_poll,
    rate_limited_interval,
)

NOW = dt.datetime(2024, 5, 1, 12, 0, tzinfo=dt.UTC)
HOUR = 3600
BOUNDS = {"min_interval": 600, "max_interval": 86400}


def test_bounds_are_anchored_on_the_configured_interval():
    assert interval_bounds(HOUR, 600, 86400) == (1800, 8 * HOUR)


def test_bounds_respect_daemon_min_and_max():
    assert interval_bounds(1200, 900, 86400) == (900, 9600)
    assert interval_bounds(6 * HOUR, 600, 86400) == (3 * HOUR, 86400)


def test_configured_interval_is_always_allowed_even_outside_min_max():
    low, high = interval_bounds(60, 600, 86400)
    assert low == 60 and high >= 60
    low, high = interval_bounds(7 * 86400, 600, 86400)
    assert low <= 7 * 86400 <= high


def test_busy_source_is_polled_more_often_down_to_the_floor():
    interval = None
    seen = []
    for _ in range(10):
        interval = next_interval(interval, HOUR, new_items=5, **BOUNDS)
        seen.append(interval)
    assert seen[0] < HOUR
    assert seen == sorted(seen, reverse=True)
    assert seen[-1] == 1800


def test_quiet_source_is_polled_less_often_up_to_the_ceiling():
    interval = None
    for _ in range(30):
        interval = next_interval(interval, HOUR, new_items=0, **BOUNDS)
    assert interval == 8 * HOUR


def test_quiet_source_wakes_up_quickly():
    interval = 8 * HOUR
    for _ in range(3):
        interval = next_interval(interval, HOUR, new_items=2, **BOUNDS)
    assert interval < 3 * HOUR


def test_stored_interval_outside_new_bounds_is_clamped():
    # The user changed the configured interval from 1 d to 1 h: the old state must not linger.
    assert next_interval(86400, HOUR, new_items=0, **BOUNDS) == 8 * HOUR


def test_rate_limit_doubles_up_to_ceiling():
    assert rate_limited_interval(HOUR, HOUR, **BOUNDS) == 2 * HOUR
    assert rate_limited_interval(8 * HOUR, HOUR, **BOUNDS) == 8 * HOUR


@pytest.mark.parametrize(("value", "expected"), [
    ("120", 120), (" 30 ", 30), (90, 90), (0, 0), ("-5", 0),
    ("Wed, 01 May 2024 13:00:00 GMT", 3600),
    ("Wed, 01 May 2024 11:00:00 GMT", 0),
    ("soon", None), ("", None), (None, None), ("nan", None),
    (str(10 ** 9), RETRY_AFTER_CAP),
])
def test_parse_retry_after(value, expected):
    assert parse_retry_after(value, NOW) == expected


def test_plan_after_a_normal_run():
    plan = plan_next_poll(NOW, base=HOUR, current=HOUR, new_items=3, rate_limited=False,
                          retry_after=None, **BOUNDS)
    assert plan.backoff_until is None
    assert plan.interval < HOUR
    assert plan.next_due_at == NOW + dt.timedelta(seconds=plan.interval)


def test_plan_after_429_with_retry_after_waits_at_least_that_long():
    plan = plan_next_poll(NOW, base=HOUR, current=HOUR, new_items=0, rate_limited=True,
                          retry_after=5 * HOUR, **BOUNDS)
    assert plan.interval == 2 * HOUR
    assert plan.backoff_until == NOW + dt.timedelta(hours=5)
    assert plan.next_due_at == plan.backoff_until


def test_plan_after_429_without_retry_after_backs_off_by_the_doubled_interval():
    plan = plan_next_poll(NOW, base=HOUR, current=HOUR, new_items=0, rate_limited=True,
                          retry_after=None, **BOUNDS)
    assert plan.backoff_until == NOW + dt.timedelta(hours=2)
    assert plan.next_due_at == plan.backoff_until


def test_cron_source_keeps_its_times_unless_backed_off():
    cron_next = NOW + dt.timedelta(minutes=10)
    plan = plan_next_poll(NOW, base=HOUR, current=None, new_items=0, rate_limited=False,
                          retry_after=None, cron_next=cron_next, **BOUNDS)
    assert plan.next_due_at == cron_next
    plan = plan_next_poll(NOW, base=HOUR, current=None, new_items=0, rate_limited=True,
                          retry_after=3 * HOUR, cron_next=cron_next, **BOUNDS)
    assert plan.next_due_at == NOW + dt.timedelta(hours=3)


def test_is_due():
    past, future = NOW - dt.timedelta(seconds=1), NOW + dt.timedelta(seconds=1)
    assert is_due(NOW, None, None)
    assert is_due(NOW, past, None)
    assert not is_due(NOW, future, None)
    assert not is_due(NOW, past, future)
    assert is_due(NOW, past, past)

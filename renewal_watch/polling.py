"""Adaptive polling: when to crawl a source next (pure functions, no I/O).

Like a good feed reader, a source that keeps yielding new items is polled more often and a quiet
one less, but always anchored on the interval the user configured: never more than
`FASTEST_FACTOR` times faster nor `SLOWEST_FACTOR` times slower, and within `[daemon]
min_interval` / `max_interval` (the configured interval itself is always allowed, even outside
those bounds: the user asked for it). A source that answers 429 or sends `Retry-After` is
backed off: its next poll waits at least as long as it asked, and its interval doubles.

The scheduler stores the result in `sources.poll_interval`, `next_due_at` and `backoff_until`.
"""

from __future__ import annotations

import datetime as dt
import email.utils
from dataclasses import dataclass

# --- how far adaptation may move away from the configured interval --------------------------
# Twice as often as configured at most: a busy source is still polled politely.
FASTEST_FACTOR = 0.5
# Eight times slower at most: a quiet source is still seen within a few of its periods.
SLOWEST_FACTOR = 8.0

# --- how fast it moves -----------------------------------------------------------------------
# Multiplicative steps: a run with new items shortens the wait, an empty one lengthens it.
# The asymmetry (x0.7 vs x1.25) returns a source that wakes up to its fast pace within two or
# three runs, while a quiet spell slows it down gradually.
SPEED_UP = 0.7
SLOW_DOWN = 1.25
# Rate limited without a Retry-After: the interval doubles each time (exponential backoff).
RATE_LIMIT_FACTOR = 2.0

# --- Retry-After ----------------------------------------------------------------------------
# A Retry-After longer than this is capped: a bogus header must not silence a source for months.
RETRY_AFTER_CAP = 2 * 86400


@dataclass(frozen=True)
class PollPlan:
    """The decision after a run: the interval to use from now on and when to run next."""

    interval: int
    next_due_at: dt.datetime
    backoff_until: dt.datetime | None


def interval_bounds(base: int, min_interval: int, max_interval: int) -> tuple[int, int]:
    """(fastest, slowest) allowed interval for a source configured at `base` seconds."""
    fastest = max(min_interval, round(base * FASTEST_FACTOR))
    slowest = min(max_interval, round(base * SLOWEST_FACTOR))
    # The configured interval is always inside the bounds.
    return min(fastest, base), max(slowest, base)


def _clamp(value: float, low: int, high: int) -> int:
    return int(min(max(round(value), low), high))


def next_interval(current: int | None, base: int, *, new_items: int, min_interval: int,
                  max_interval: int) -> int:
    """The interval after a run that found `new_items` new articles/signals (0 on failure)."""
    low, high = interval_bounds(base, min_interval, max_interval)
    current = base if current is None else _clamp(current, low, high)
    factor = SPEED_UP if new_items > 0 else SLOW_DOWN
    return _clamp(current * factor, low, high)


def rate_limited_interval(current: int | None, base: int, *, min_interval: int,
                          max_interval: int) -> int:
    """The interval after a 429: doubled, up to the slowest allowed."""
    low, high = interval_bounds(base, min_interval, max_interval)
    current = base if current is None else _clamp(current, low, high)
    return _clamp(current * RATE_LIMIT_FACTOR, low, high)


def parse_retry_after(value: str | int | float | None, now: dt.datetime) -> int | None:
    """Seconds to wait from a Retry-After value (delta-seconds or an HTTP date), capped.

    None when absent or unparsable (a malformed header is ignored, not trusted).
    """
    if value is None or isinstance(value, bool):
        return None
    if isinstance(value, int | float):
        seconds = float(value)
    else:
        text = value.strip()[:100]
        if not text:
            return None
        try:
            seconds = float(text)
        except ValueError:
            try:
                when = email.utils.parsedate_to_datetime(text)
            except (TypeError, ValueError, IndexError):
                return None
            if when.tzinfo is None:
                when = when.replace(tzinfo=dt.UTC)
            seconds = (when - now).total_seconds()
    if seconds != seconds:  # NaN
        return None
    return int(min(max(seconds, 0), RETRY_AFTER_CAP))


def plan_next_poll(now: dt.datetime, *, base: int, current: int | None, new_items: int,
                   rate_limited: bool, retry_after: int | None, min_interval: int,
                   max_interval: int, cron_next: dt.datetime | None = None) -> PollPlan:
    """Everything the scheduler needs after a run of one source.

    `cron_next` is the next fire time of a cron-scheduled source: its times are the user's, so
    only a backoff may delay them; adaptation applies to interval sources only.
    """
    backoff_until: dt.datetime | None = None
    if rate_limited or retry_after is not None:
        interval = rate_limited_interval(current, base, min_interval=min_interval,
                                         max_interval=max_interval)
        wait = max(interval, retry_after or 0) if rate_limited else (retry_after or 0)
        backoff_until = now + dt.timedelta(seconds=min(wait, RETRY_AFTER_CAP))
        if not rate_limited:  # a polite "come back later" on a 503: keep the pace otherwise
            interval = next_interval(current, base, new_items=new_items,
                                     min_interval=min_interval, max_interval=max_interval)
    else:
        interval = next_interval(current, base, new_items=new_items, min_interval=min_interval,
                                 max_interval=max_interval)
    due = cron_next if cron_next is not None else now + dt.timedelta(seconds=interval)
    if backoff_until is not None and backoff_until > due:
        due = backoff_until
    return PollPlan(interval=interval, next_due_at=due, backoff_until=backoff_until)


def is_due(now: dt.datetime, next_due_at: dt.datetime | None,
           backoff_until: dt.datetime | None) -> bool:
    """Whether a source should be crawled now (`--once`): never run, or its time has come."""
    if backoff_until is not None and backoff_until > now:
        return False
    return next_due_at is None or next_due_at <= now

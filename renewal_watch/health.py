"""Source health: is a source working, and when must the user hear about it (pure functions).

A source is a problem when it has failed `[daemon] failure_threshold` runs in a row, or when a
run that parsed fine suddenly yields zero items where it used to yield some (the site changed
its layout: the parser still succeeds but finds nothing). Crossing from healthy to a problem
raises exactly one source-health alert; coming back raises one recovery. Moving from one
problem to another (failing, then empty) raises nothing new: the user already knows.

A run stopped before it finished by a shutdown (the daemon's, or Ctrl+C: status
"interrupted") says nothing about the source: its health stands as it was. A run ended by the
crawl's time limit is a failure (status "timeout").

"Silent longer than expected" (no new item for much longer than the source's usual cadence) is
reported by `renewal-watch status` only: news is bursty, and an alert for every quiet week
would teach users to ignore health alerts.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, replace
from typing import Literal

# --- values of sources.health ---------------------------------------------------------------
HEALTH_UNKNOWN = "unknown"  # never ran
HEALTH_OK = "ok"
HEALTH_FAILING = "failing"  # failure_threshold failed runs in a row
HEALTH_EMPTY = "empty"  # parsed fine, zero items, where it used to yield some
PROBLEMS = frozenset({HEALTH_FAILING, HEALTH_EMPTY})

# --- "suddenly zero" ------------------------------------------------------------------------
# Weight of the newest run in the moving average of items per run.
EMA_ALPHA = 0.3
# Zero items is only suspicious from a source that averaged at least this many: a search feed
# that usually finds nothing is not broken when it finds nothing again.
EMPTY_MIN_AVG = 2.0

# --- "silent longer than expected" (status only) --------------------------------------------
# Silent = no new item for SILENT_FACTOR times the usual gap between new items ...
SILENT_FACTOR = 4.0
# ... and never less than this: a quiet weekend is not a problem.
SILENT_MIN_SECONDS = 2 * 86400

# Error texts are the crawler's (possibly echoing a server's answer): keep alert texts short.
MAX_ERROR_CHARS = 300

Transition = Literal["raised", "recovered"]


@dataclass(frozen=True)
class RunFacts:
    """What one finished run says about its source."""

    ok: bool
    items: int = 0  # entries the source yielded (articles + signals found), 0 when failed
    new_items: int = 0  # of which new to the database
    not_modified: bool = False  # every fetch was a 304: nothing parsed, zero is expected
    error: str | None = None
    interrupted: bool = False  # stopped by a shutdown before it finished: tells nothing


@dataclass(frozen=True)
class HealthState:
    """The health columns of a source (sources.health, consecutive_failures, avg_items)."""

    health: str = HEALTH_UNKNOWN
    consecutive_failures: int = 0
    avg_items: float | None = None


@dataclass(frozen=True)
class HealthVerdict:
    """The state after a run, the current problem (None if healthy) and what to tell the user."""

    state: HealthState
    problem: str | None
    transition: Transition | None


def ema(previous: float | None, value: float, alpha: float = EMA_ALPHA) -> float:
    """Exponential moving average; the first value starts it."""
    return float(value) if previous is None else previous + alpha * (value - previous)


def _failing_problem(failures: int, error: str | None) -> str:
    last = (error or "unknown error").strip().replace("\n", " ")[:MAX_ERROR_CHARS]
    return f"failed {failures} runs in a row (last error: {last})"


def _empty_problem(avg: float | None) -> str:
    return (f"the last run parsed fine but found no items (usually about {avg or 0:.0f}); "
            "the site's layout may have changed")


def _standing_problem(state: HealthState) -> str | None:
    """The problem a source already has, restated without a new run's facts."""
    if state.health == HEALTH_FAILING:
        return f"failed {state.consecutive_failures} runs in a row"
    if state.health == HEALTH_EMPTY:
        return _empty_problem(state.avg_items)
    return None


def _next_state(prev: HealthState, run: RunFacts, threshold: int) -> tuple[HealthState, str | None]:
    if run.interrupted:
        return prev, _standing_problem(prev)
    if not run.ok:
        failures = prev.consecutive_failures + 1
        if failures >= threshold:
            return (replace(prev, health=HEALTH_FAILING, consecutive_failures=failures),
                    _failing_problem(failures, run.error))
        # Below the threshold nothing changes yet (one timeout is not an outage).
        state = replace(prev, consecutive_failures=failures)
        return state, (_empty_problem(prev.avg_items) if prev.health == HEALTH_EMPTY else None)
    if run.not_modified:
        # The server answered (so it is not failing), but we learnt nothing about its content:
        # an "empty" source stays empty until a run actually finds items.
        if prev.health == HEALTH_EMPTY:
            return replace(prev, consecutive_failures=0), _empty_problem(prev.avg_items)
        return HealthState(HEALTH_OK, 0, prev.avg_items), None
    if run.items > 0:
        return HealthState(HEALTH_OK, 0, ema(prev.avg_items, run.items)), None
    if prev.avg_items is not None and prev.avg_items >= EMPTY_MIN_AVG:
        # Zero is not averaged in: the average keeps what "normal" looks like until it returns.
        return HealthState(HEALTH_EMPTY, 0, prev.avg_items), _empty_problem(prev.avg_items)
    return HealthState(HEALTH_OK, 0, ema(prev.avg_items, 0)), None


def assess_run(prev: HealthState, run: RunFacts, *, failure_threshold: int) -> HealthVerdict:
    """Fold one run into a source's health and say whether to raise or clear an alert."""
    state, problem = _next_state(prev, run, max(1, failure_threshold))
    was_problem = prev.health in PROBLEMS
    is_problem = state.health in PROBLEMS
    transition: Transition | None = None
    if is_problem and not was_problem:
        transition = "raised"
    elif was_problem and not is_problem:
        transition = "recovered"
    return HealthVerdict(state=state, problem=problem, transition=transition)


def usual_gap_seconds(new_items_in_window: int, window_seconds: float) -> float | None:
    """Average seconds between new items over a window; None when nothing was new in it."""
    if new_items_in_window <= 0 or window_seconds <= 0:
        return None
    return window_seconds / new_items_in_window


def is_silent(now: dt.datetime, last_new_item_at: dt.datetime | None,
              new_items_in_window: int, window_seconds: float) -> bool:
    """No new item for much longer than usual.

    The usual cadence comes from how many new items the window held. A source with nothing new
    in the whole window but new items before it is silent too; one that never yielded anything
    has no "usual" and is not.
    """
    if last_new_item_at is None:
        return False
    quiet = (now - last_new_item_at).total_seconds()
    gap = usual_gap_seconds(new_items_in_window, window_seconds)
    if gap is None:
        return quiet > max(SILENT_MIN_SECONDS, window_seconds)
    return quiet > max(SILENT_MIN_SECONDS, SILENT_FACTOR * gap)

"""Run a crawl in a child process with a hard time limit.

A Twisted reactor cannot restart (TRAPS.md 4), and a crawl must never hang its caller: the CLI
and the daemon both start `python -m renewal_watch.crawl_child` through `run_in_child`. At the
time limit, or when the caller cancels the crawl (the daemon's shutdown, Ctrl+C), the child's
process group gets SIGTERM (the child stops its crawlers at once and records them), then
SIGKILL after a grace period. Whatever the child could not record itself (it hung, crashed, was
killed, or never got as far as opening its runs) is recorded here, so every crawl leaves one
finished crawl_runs row per source: "timeout" at the time limit and "failed" after a crash
(both count against the source's health), "interrupted" when cancelled (which does not).
"""

from __future__ import annotations

import contextlib
import datetime as dt
import logging
import os
import signal
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import select

from renewal_watch import runlog, store
from renewal_watch.config import Config, database_url, load_config
from renewal_watch.crawl import select_sources
from renewal_watch.crawl_child import EVENT_ERROR, EVENT_PREFIX, EVENT_PROGRESS, decode_event
from renewal_watch.db import open_database
from renewal_watch.models import CrawlRun, Source, utcnow

logger = logging.getLogger(__name__)

# Seconds the child may take to stop after SIGTERM before it is killed.
GRACE_SECONDS = 10.0
# How much of the child's log is kept in a crash message.
LOG_TAIL_CHARS = 2_000
# Seconds between looks at the cancel event while the child runs.
CANCEL_POLL_SECONDS = 0.2
# How the parent ended a child (the `ended` argument of _settle_runs).
ENDED_TIMEOUT = "timeout"
ENDED_CANCELLED = "cancelled"


@dataclass(frozen=True)
class RunResult:
    """One source's run as recorded in crawl_runs."""

    source: str
    run_id: int
    status: str
    error: str | None
    counts: dict[str, int]


@dataclass
class RunOutcome:
    """What a child crawl did: its exit, whether it hit the time limit, and the runs."""

    returncode: int | None
    timed_out: bool
    duration: float
    cancelled: bool = False           # ended through `cancel` (its runs: "interrupted")
    runs: list[RunResult] = field(default_factory=list)
    error: str | None = None          # the child's own error message (bad config, ...)
    log_tail: str = ""

    @property
    def any_ok(self) -> bool:
        return any(r.status == "ok" for r in self.runs)


def _command(config_path: str | os.PathLike[str] | None, db_url: str,
             source_names: Iterable[str], trigger: str, log_level: str) -> list[str]:
    cmd = [sys.executable, "-m", "renewal_watch.crawl_child", "--db", db_url,
           "--trigger", trigger, "--log-level", log_level]
    if config_path:
        cmd += ["--config", str(config_path)]
    for name in source_names:
        cmd += ["--source", name]
    return cmd


def _print(line: str) -> None:
    sys.stdout.write(line)
    sys.stdout.flush()


def _read_events(stream: Any, progress: Callable[[dict[str, Any]], None] | None,
                 events: list[dict[str, Any]], output: Callable[[str], None] | None) -> None:
    """Parse the child's event lines (progress goes to the callback as it comes) and pass
    every other line (console:// alerts, say) to `output`."""
    for line in stream:
        event = decode_event(line)
        if event is None:
            if output is not None and not line.startswith(EVENT_PREFIX):
                output(line)
            continue
        events.append(event)
        if event.get("event") == EVENT_PROGRESS and progress is not None:
            try:
                progress(event)
            except Exception:  # a display problem must not stop the crawl
                logger.exception("progress callback failed")


def _stop(proc: subprocess.Popen[str], grace: float) -> None:
    """SIGTERM the child's process group, then SIGKILL it if it is still there after `grace`."""
    with contextlib.suppress(ProcessLookupError):
        os.killpg(proc.pid, signal.SIGTERM)
    try:
        proc.wait(timeout=grace)
    except subprocess.TimeoutExpired:
        logger.warning("crawl child %s ignored SIGTERM for %.0fs: killing it", proc.pid, grace)
        with contextlib.suppress(ProcessLookupError):
            os.killpg(proc.pid, signal.SIGKILL)
        proc.wait()


def _wait(proc: subprocess.Popen[str], limit: float, cancel: threading.Event | None,
          ) -> str | None:
    """Wait for the child to exit; ENDED_TIMEOUT or ENDED_CANCELLED if it must be stopped."""
    if cancel is None:
        try:
            proc.wait(timeout=limit)
        except subprocess.TimeoutExpired:
            return ENDED_TIMEOUT
        return None
    deadline = time.monotonic() + limit
    while not cancel.is_set():
        left = deadline - time.monotonic()
        if left <= 0:
            return ENDED_TIMEOUT
        try:
            proc.wait(timeout=min(left, CANCEL_POLL_SECONDS))
        except subprocess.TimeoutExpired:
            continue
        return None
    return ENDED_CANCELLED


def run_in_child(config_path: str | os.PathLike[str] | None, db_url: str | None,
                 source_names: Iterable[str] | None = None, trigger: str = "manual",
                 time_limit: float | None = None, *,
                 cancel: threading.Event | None = None,
                 progress: Callable[[dict[str, Any]], None] | None = None,
                 output: Callable[[str], None] | None = _print,
                 grace: float = GRACE_SECONDS, log_level: str = "WARNING") -> RunOutcome:
    """Crawl `source_names` (None: every enabled source) in a child process.

    `time_limit` defaults to `[crawl] time_limit`. Setting `cancel` (from another thread) ends
    the crawl: SIGTERM to the child's process group, SIGKILL after `grace` seconds; its
    unfinished runs are recorded as "interrupted". `progress` receives the child's progress
    events (dicts with source, state, requests, items, errors); `output` every other line the
    child prints (by default passed on to this process's stdout: console:// alerts are seen).
    Returns the per-source outcomes read back from crawl_runs.
    """
    config = load_config(config_path)
    url = database_url(config, db_url)
    names = [s.name for s in select_sources(config, source_names)]
    limit = float(time_limit if time_limit is not None else config.crawl.time_limit)
    started_at, started = utcnow(), time.monotonic()
    events: list[dict[str, Any]] = []
    with tempfile.TemporaryFile("w+", encoding="utf-8", errors="replace") as log:
        proc = subprocess.Popen(_command(config_path, url, names, trigger, log_level),
                                stdout=subprocess.PIPE, stderr=log, text=True,
                                start_new_session=True)
        reader = threading.Thread(target=_read_events,
                                  args=(proc.stdout, progress, events, output), daemon=True)
        reader.start()
        ended: str | None = None
        interrupted: BaseException | None = None
        try:
            ended = _wait(proc, limit, cancel)
        except BaseException as exc:  # Ctrl+C in the parent: stop the child, record, re-raise
            ended, interrupted = ENDED_CANCELLED, exc
        if ended == ENDED_TIMEOUT:
            logger.warning("crawl child %s reached the time limit (%.0fs)", proc.pid, limit)
        elif ended == ENDED_CANCELLED:
            logger.warning("crawl child %s cancelled: stopping it", proc.pid)
        if ended is not None:
            _stop(proc, grace)
        reader.join(timeout=5)
        log.seek(0)
        log_tail = log.read()[-LOG_TAIL_CHARS:]
    error = next((e.get("message") for e in events if e.get("event") == EVENT_ERROR), None)
    runs = _settle_runs(config, url, names, proc.pid, trigger, started_at, ended, limit,
                        error or _crash_message(proc.returncode, log_tail))
    if interrupted is not None:
        raise interrupted
    return RunOutcome(returncode=proc.returncode, timed_out=ended == ENDED_TIMEOUT,
                      duration=time.monotonic() - started, runs=runs, error=error,
                      log_tail=log_tail, cancelled=ended == ENDED_CANCELLED)


def _crash_message(returncode: int | None, log_tail: str) -> str:
    last = [line for line in log_tail.strip().splitlines() if line.strip()][-1:] or [""]
    how = (f"killed by signal {-returncode}" if returncode is not None and returncode < 0
           else f"exit code {returncode}")
    return f"crawl process ended without recording this source ({how}) {last[0]}".strip()


def _closing(row: CrawlRun, ended: str | None, limit: float, crash: str,
             ) -> tuple[str, str, bool] | None:
    """(status, error, counts against health) for a run the child left unsettled, or None.

    At the time limit, runs the child stopped ("interrupted") become timeouts too: the limit
    is the source's failure, not a shutdown.
    """
    if ended == ENDED_TIMEOUT and row.status in ("running", "interrupted"):
        return "timeout", f"time limit of {limit:.0f}s reached", True
    if row.status != "running":
        return None
    if ended == ENDED_CANCELLED:
        return "interrupted", "interrupted (the crawl was cancelled before it finished)", False
    return "failed", crash, True


def _settle_runs(config: Config, url: str, names: list[str], pid: int, trigger: str,
                 started_at: dt.datetime, ended: str | None, limit: float,
                 crash: str) -> list[RunResult]:
    """Finish what the child left open and return every run of this child."""
    db = open_database(url)
    try:
        unhealthy: list[tuple[str, str | None]] = []
        with db.transaction() as session:
            ids = store.sync_sources(session, config)
            rows = list(session.scalars(select(CrawlRun).where(
                CrawlRun.pid == pid, CrawlRun.started_at >= started_at - dt.timedelta(seconds=5))
                .order_by(CrawlRun.id)))
            recorded = {r.source_id for r in rows}
            for name in names:  # the child died before opening these runs
                if ids[name] not in recorded:
                    run_id = runlog.start_run(session, ids[name], trigger=trigger, pid=pid,
                                             now=started_at)
                    rows.append(session.get(CrawlRun, run_id))
            for row in rows:
                closing = _closing(row, ended, limit, crash)
                if closing is None:
                    continue
                status, error, failure = closing
                runlog.finish_run(session, row.id, status=status,
                                 counts={c: getattr(row, c) or 0
                                         for c in runlog.RUN_COUNT_COLUMNS},
                                 error=error, stats=row.stats)
                # (The child leaves health alone for the runs it records as interrupted.)
                verdict = runlog.record_source_outcome(
                    session, row.source_id, ok=False, items=0, new_items=0, error=error,
                    failure_threshold=config.daemon.failure_threshold, interrupted=not failure)
                if verdict.transition is not None:
                    unhealthy.append((_name(session, row.source_id), verdict.problem))
            results = [RunResult(source=_name(session, r.source_id), run_id=r.id, status=r.status,
                                 error=r.error,
                                 counts={c: getattr(r, c) or 0 for c in runlog.RUN_COUNT_COLUMNS})
                       for r in rows]
        for name, problem in unhealthy:
            _health_alert(db, config, name, problem)
        return results
    finally:
        db.dispose()


def _name(session: Any, source_id: int | None) -> str:
    source = session.get(Source, source_id) if source_id is not None else None
    return source.name if source is not None else "?"


def _health_alert(db: Any, config: Config, name: str, problem: str | None) -> None:
    try:
        from renewal_watch.alerts import source_health_changed

        source_health_changed(db, config, name, problem)
    except Exception:  # alerting must not undo the recorded runs
        logger.exception("source-health alert for %s failed", name)


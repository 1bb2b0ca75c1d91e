"""What the daemon's jobs do, apart from scheduling them (see the top-level `scheduler`).

Each function opens its own short transactions, so a job never holds the database while it
waits for a crawl child, and a killed daemon leaves nothing half-written that the next start
cannot repair (`recover`).
"""

from __future__ import annotations

import datetime as dt
import logging
import threading
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from apscheduler.triggers.cron import CronTrigger
from sqlalchemy import select, update

from renewal_watch.config import Config
from renewal_watch.db import Database
from renewal_watch.lock import pid_alive
from renewal_watch.models import CrawlRun, DaemonJob, Source, utcnow
from renewal_watch.polling import PollPlan, is_due, parse_retry_after, plan_next_poll

logger = logging.getLogger(__name__)

__all__ = ["PollPlan"]

DAY = dt.timedelta(days=1)
# A periodic job counts as done for its period if it succeeded this long before its period
# came round (a daily job run at 08:03 yesterday is due again at 08:00 today).
DUE_TOLERANCE = dt.timedelta(minutes=30)
# A run may be opened by the child a little after the job noted its start time.
RUN_CLOCK_SLACK = dt.timedelta(seconds=5)
# A run still "running" this long after the time limit has no live process behind it.
ORPHAN_MARGIN = dt.timedelta(minutes=5)
ORPHAN_ERROR = "the crawl process ended without closing this run (daemon or crawl was killed)"
MAX_ERROR_CHARS = 2000
# The crawl's stat for new structured signals (pipeline/stages/store.py).
SIGNALS_NEW_STAT = "renewal_watch/signals_new"
# The crawl's stat for the largest Retry-After asked, in seconds (renewal_watch.http.stats:
# RETRY_AFTER, written by the retry middleware; not imported: it would load Scrapy here).
RETRY_AFTER_STAT = "renewal_watch/retry_after"
# After SIGTERM a crawl child records its runs and exits; SIGKILL if it takes longer than this.
CHILD_TERM_SECONDS = 10


# --------------------------------------------------------------------------------------------
# Crawling in a child process
# --------------------------------------------------------------------------------------------


class CrawlControl:
    """One running crawl job, so the daemon can end its child process at shutdown.

    `end()` sets the event the job's `runner.run_in_child` watches: the runner sends SIGTERM to
    the child's process group (the child stops at once and records its unfinished runs as
    "interrupted"), then SIGKILL after CHILD_TERM_SECONDS, and records what the child could
    not. The child leads its own process group (the runner starts it in a new session), so a
    Ctrl+C or a service manager's SIGTERM reaches the daemon only.
    """

    def __init__(self, sources: Sequence[str]) -> None:
        self.sources = list(sources)
        self.started_at = utcnow()
        self.event = threading.Event()

    @property
    def cancelled(self) -> bool:
        return self.event.is_set()

    def end(self) -> None:
        """Ask the crawl's runner to end its child (idempotent)."""
        if not self.event.is_set():
            logger.warning("ending the crawl of %s", ", ".join(self.sources))
        self.event.set()


def crawl_in_child(config_path: str | None, db_url: str, control: CrawlControl,
                   time_limit: int) -> object:
    """One scheduled crawl, in a child process with a hard time limit (the same code path as
    `renewal-watch crawl`); returns the runner's RunOutcome (None if it could not start)."""
    from renewal_watch import runner

    try:
        return runner.run_in_child(config_path, db_url, control.sources, "schedule",
                                   time_limit, cancel=control.event, grace=CHILD_TERM_SECONDS)
    except Exception:  # a runner bug must not end the daemon
        logger.exception("crawl of %s could not run", ", ".join(control.sources))
        return None


# --------------------------------------------------------------------------------------------
# Start-up recovery
# --------------------------------------------------------------------------------------------


def close_orphaned_runs(db: Database, config: Config, now: dt.datetime | None = None) -> int:
    """Close runs left "running" by a killed daemon or crawl, as failed; returns how many.

    A run whose child is still alive on this host (an orphan of a `kill -9`ed daemon finishing
    its crawl) is left alone: it closes its own run.
    """
    now = now or utcnow()
    too_old = now - dt.timedelta(seconds=config.crawl.time_limit) - ORPHAN_MARGIN
    with db.transaction() as s:
        running = s.execute(select(CrawlRun.id, CrawlRun.pid, CrawlRun.started_at)
                            .where(CrawlRun.status == "running")).all()
        dead = [run_id for run_id, pid, started in running
                if started < too_old or pid is None or not pid_alive(pid)]
        if dead:
            s.execute(update(CrawlRun).where(CrawlRun.id.in_(dead),
                                             CrawlRun.status == "running")
                      .values(status="failed", finished_at=now, error=ORPHAN_ERROR)
                      .execution_options(synchronize_session=False))
    if dead:
        logger.warning("closed %s crawl run(s) left running by a killed process", len(dead))
    return len(dead)


def recover(db: Database, config: Config) -> None:
    """Repair what a killed daemon left: open runs, sources, undecided mentions, deliveries."""
    from renewal_watch import alerts, store

    close_orphaned_runs(db, config)
    with db.transaction() as s:  # so status shows every source and title from the start
        store.sync_sources(s, config)
        store.sync_titles(s, config)
    try:
        # Mentions stored by a crawl killed before its alert stage are decided now; deliveries
        # claimed by the dead daemon are retried once their claim expires.
        alerts.after_crawl(db, config)
    except Exception:
        logger.exception("alert sweep at start-up failed; the delivery job will retry")


# --------------------------------------------------------------------------------------------
# Per-source polling state
# --------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class SourceState:
    """A source's stored polling state."""

    name: str
    poll_interval: int | None
    next_due_at: dt.datetime | None
    backoff_until: dt.datetime | None


def source_states(db: Database, names: Sequence[str]) -> dict[str, SourceState]:
    with db.session() as s:
        rows = s.execute(select(Source.name, Source.poll_interval, Source.next_due_at,
                                Source.backoff_until).where(Source.name.in_(list(names))))
        return {row.name: SourceState(*row) for row in rows}


def due_sources(db: Database, config: Config, now: dt.datetime) -> list[str]:
    """Enabled sources whose next poll is due (never polled counts as due)."""
    states = source_states(db, [s.name for s in config.sources])
    due = []
    for src in config.sources:
        state = states.get(src.name)
        if state is None or is_due(now, state.next_due_at, state.backoff_until):
            due.append(src.name)
    return due


def _status_count(stats: dict, code: int) -> int:
    """How many `code` answers a run got (the crawler's stats, or Scrapy's own key)."""
    for key in (f"http/status/{code}", f"downloader/response_status_count/{code}"):
        value = stats.get(key)
        if isinstance(value, int | float) and not isinstance(value, bool):
            return int(value)
    counts = stats.get("http_status_counts")
    if isinstance(counts, dict):
        value = counts.get(str(code), counts.get(code, 0))
        return int(value) if isinstance(value, int | float) else 0
    return 0


def _retry_after(stats: dict, now: dt.datetime) -> int | None:
    """The Retry-After (seconds, capped) the run was asked for, if any."""
    return parse_retry_after(stats.get(RETRY_AFTER_STAT), now)


def latest_run(db: Database, name: str, since: dt.datetime) -> CrawlRun | None:
    """The newest finished run of a source started after `since` (minus clock slack)."""
    with db.session() as s:
        return s.scalars(select(CrawlRun).join(Source, CrawlRun.source_id == Source.id)
                         .where(Source.name == name, CrawlRun.status != "running",
                                CrawlRun.started_at >= since - RUN_CLOCK_SLACK)
                         .order_by(CrawlRun.started_at.desc(), CrawlRun.id.desc())
                         .limit(1)).first()


def plan_after_run(db: Database, config: Config, name: str, started: dt.datetime,
                   now: dt.datetime | None = None) -> PollPlan | None:
    """Plan a source's next poll from the run that just ended; stores interval and backoff."""
    now = now or utcnow()
    src = config.get_source(name)
    if src is None:
        return None
    run = latest_run(db, name, started)
    stats = dict(run.stats or {}) if run is not None else {}
    new_items = 0
    if run is not None and run.status == "ok":
        # New articles, and new structured signals for the API sources (AniList, Jikan, ANN).
        signals = stats.get(SIGNALS_NEW_STAT, 0)
        new_items = (run.articles_new or 0) + (int(signals) if isinstance(signals, int) else 0)
    rate_limited = _status_count(stats, 429) > 0
    retry_after = _retry_after(stats, now)
    cron_next = None
    if src.schedule.cron:
        cron_next = CronTrigger.from_crontab(src.schedule.cron).get_next_fire_time(
            None, now.astimezone())
    with db.transaction() as s:
        row = s.scalars(select(Source).where(Source.name == name)).first()
        if row is None:
            logger.warning("source %s has no row after its crawl; schedule unchanged", name)
            return None
        base = src.schedule.interval or row.poll_interval or config.daemon.min_interval
        plan = plan_next_poll(now, base=base, current=row.poll_interval, new_items=new_items,
                              rate_limited=rate_limited, retry_after=retry_after,
                              min_interval=config.daemon.min_interval,
                              max_interval=config.daemon.max_interval, cron_next=cron_next)
        row.poll_interval = plan.interval
        row.backoff_until = plan.backoff_until
        row.next_due_at = plan.next_due_at
    if plan.backoff_until is not None:
        logger.warning("source %s asked us to slow down: next poll not before %s", name,
                       plan.backoff_until.isoformat(timespec="seconds"))
    return plan


def save_next_due(db: Database, name: str, due: dt.datetime) -> None:
    with db.transaction() as s:
        s.execute(update(Source).where(Source.name == name).values(next_due_at=due)
                  .execution_options(synchronize_session=False))


# --------------------------------------------------------------------------------------------
# The other jobs
# --------------------------------------------------------------------------------------------


def deliver(db: Database, config: Config) -> object:
    from renewal_watch import alerts

    return alerts.deliver_pending(db, config)


def digests(db: Database, config: Config, period: str) -> object:
    from renewal_watch import alerts

    return alerts.send_digests(db, config, period)


def housekeeping(db: Database, config: Config) -> object:
    from renewal_watch.housekeeping import run_housekeeping

    return run_housekeeping(db, config)


def record_job(db: Database, job_id: str, work: Callable[[], object]) -> bool:
    """Run a job and record its start, end and outcome in daemon_jobs; True if it succeeded.

    This is a process boundary: an unexpected error is logged with its traceback and recorded,
    and the daemon goes on.
    """
    started = utcnow()
    _save_job(db, job_id, last_started_at=started)
    try:
        work()
    except Exception as exc:
        logger.exception("job %s failed", job_id)
        _save_job(db, job_id, last_finished_at=utcnow(),
                  last_error=f"{type(exc).__name__}: {exc}"[:MAX_ERROR_CHARS])
        return False
    _save_job(db, job_id, last_finished_at=utcnow(), last_ok_at=started, last_error=None)
    return True


def _save_job(db: Database, job_id: str, **values: object) -> None:
    try:
        with db.transaction() as s:
            row = s.get(DaemonJob, job_id)
            if row is None:
                row = DaemonJob(id=job_id)
                s.add(row)
            for key, value in values.items():
                setattr(row, key, value)
    except Exception:  # bookkeeping must never fail the job itself
        logger.exception("could not record job %s", job_id)


def job_due(db: Database, job_id: str, every: dt.timedelta, now: dt.datetime) -> bool:
    """Whether a periodic job is due (`--once`): never succeeded, or not within `every`."""
    with db.session() as s:
        last_ok = s.scalar(select(DaemonJob.last_ok_at).where(DaemonJob.id == job_id))
    return last_ok is None or now - last_ok >= every - DUE_TOLERANCE

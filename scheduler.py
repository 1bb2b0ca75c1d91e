"""The renewal-watch daemon: crawls, alert delivery, digests and housekeeping on a schedule.

APScheduler 3.x (`BackgroundScheduler`, one in-memory job store: the jobs are derived from the
configuration at every start, so nothing stale survives a restart). The main thread only waits
for a signal; jobs run in executor threads, and a crawl job's thread does nothing but wait for
its crawl, which runs in a **child process** (`renewal_watch.runner.run_in_child`) with the
hard time limit `[crawl] time_limit`: a Twisted reactor cannot restart, and a crash, hang or
memory leak in one crawl must not touch the daemon or the other sources (TRAPS 4).

Jobs (explicit ids, `replace_existing=True`, `max_instances=1`, `coalesce=True`):

    crawl:<source>         one per enabled source; interval (adaptive) or cron, with jitter
    alerts:deliver         every minute: retry due deliveries
    alerts:digest:daily    daily digests;   alerts:digest:weekly  weekly digests
    housekeeping           daily: retention, vacuum/analyze
    daemon:heartbeat       keeps the daemon lock alive

SIGTERM/SIGINT: no new job starts; a running crawl may finish within `[daemon] grace_period`,
then its child is ended (SIGTERM, then SIGKILL); the daemon exits 0. A second signal ends the
crawls at once. `Daemon(..., once=True)` runs every due job once and returns (cron, timers).
"""

from __future__ import annotations

import contextlib
import datetime as dt
import logging
import os
import random
import signal
import threading
import uuid
from collections.abc import Callable, Iterator
from concurrent.futures import ThreadPoolExecutor as FuturesPool
from concurrent.futures import wait as wait_futures
from contextlib import contextmanager
from typing import Any

from apscheduler.executors.pool import ThreadPoolExecutor
from apscheduler.jobstores.memory import MemoryJobStore
from apscheduler.schedulers.background import BackgroundScheduler
from apscheduler.triggers.cron import CronTrigger
from apscheduler.triggers.interval import IntervalTrigger

from renewal_watch import daemon_tasks as tasks
from renewal_watch.config import Config
from renewal_watch.db import Database, open_database
from renewal_watch.exceptions import DaemonAlreadyRunning
from renewal_watch.lock import HEARTBEAT_SECONDS, DaemonLockHolder
from renewal_watch.models import utcnow
from renewal_watch.polling import interval_bounds

logger = logging.getLogger(__name__)

# --- job ids ---------------------------------------------------------------------------------
JOB_DELIVER = "alerts:deliver"
JOB_DIGEST = {"daily": "alerts:digest:daily", "weekly": "alerts:digest:weekly"}
JOB_HOUSEKEEPING = "housekeeping"
JOB_HEARTBEAT = "daemon:heartbeat"

# --- executors -------------------------------------------------------------------------------
# Crawls at once (each a child process of ~80 MB); more sources due queue up behind them.
CRAWL_WORKERS = 2
# Deliveries, digests, housekeeping.
TASK_WORKERS = 3

# --- misfire_grace_time (how late a run may start before it is skipped), chosen per job ------
# Crawls: never skipped. A crawl queued behind slow crawls for a worker is as useful late as on
# time, and coalesce=True folds any backlog into one run; a finite grace would silently drop
# a source whose turn came late.
CRAWL_GRACE: int | None = None
# Delivery retries: the next run a minute later does the same work.
DELIVER_GRACE = 50
# Digests and housekeeping: a run delayed by a suspended machine is still wanted that day.
DAILY_GRACE = 12 * 3600
# Heartbeat: a late beat is replaced by the next one.
HEARTBEAT_GRACE = HEARTBEAT_SECONDS

# --- when the daily jobs run (local time of the daemon's host) ------------------------------
DIGEST_HOUR = 8  # daily digests at 08:00, weekly on Monday 08:00
HOUSEKEEPING_HOUR, HOUSEKEEPING_MINUTE = 3, 30
DELIVER_EVERY = 60

# After the grace period, how long the daemon waits for crawl children to end (SIGTERM, then
# SIGKILL after tasks.CHILD_TERM_SECONDS) before it gives up on them.
KILL_WAIT_SECONDS = tasks.CHILD_TERM_SECONDS + 5
# A running crawl holds its job back for its time limit plus this, in case it never returns.
HOLD_MARGIN_SECONDS = 60
# Exit codes: 0 clean; 3 another daemon holds (or took over) the lock.
EXIT_OK = 0
EXIT_LOCK_LOST = DaemonAlreadyRunning.exit_code

# Running daemons by id: APScheduler jobs are module-level functions with plain arguments.
_DAEMONS: dict[str, Daemon] = {}


def crawl_job(daemon_id: str, source_name: str) -> None:
    """Scheduled crawl of one source."""
    _DAEMONS[daemon_id].crawl_source(source_name)


def deliver_job(daemon_id: str) -> None:
    """Retry due alert deliveries."""
    _DAEMONS[daemon_id].run_task(JOB_DELIVER)


def digest_job(daemon_id: str, period: str) -> None:
    """Send the daily or weekly digests."""
    _DAEMONS[daemon_id].run_task(JOB_DIGEST[period])


def housekeeping_job(daemon_id: str) -> None:
    """Retention and database maintenance."""
    _DAEMONS[daemon_id].run_task(JOB_HOUSEKEEPING)


def heartbeat_job(daemon_id: str) -> None:
    """Keep the daemon lock alive; stop the daemon if another one took it over."""
    _DAEMONS[daemon_id].heartbeat()


def crawl_job_id(source_name: str) -> str:
    return f"crawl:{source_name}"


class Daemon:
    """The scheduler daemon for one configuration and one database. `run()` returns an exit code.

    Raises DaemonAlreadyRunning (exit code 3) when another live daemon holds the database.
    """

    def __init__(self, config: Config, db_url: str, config_path: str | os.PathLike[str] | None
                 = None, once: bool = False):
        self.config = config
        self.db_url = db_url
        path = config_path if config_path is not None else config.path
        self.config_path = str(path) if path is not None else None
        self.once = once
        self.id = uuid.uuid4().hex
        self.db: Database | None = None
        self.scheduler: BackgroundScheduler | None = None
        self._stop = threading.Event()  # no new jobs
        self._hurry = threading.Event()  # end running crawls now
        self._exit_code = EXIT_OK
        self._lock: DaemonLockHolder | None = None
        self._busy = threading.Condition()
        self._running: dict[str, tasks.CrawlControl | None] = {}

    # --- lifecycle ------------------------------------------------------------------------

    def run(self) -> int:
        """Take the lock, recover from a previous crash, then run (or run due jobs once)."""
        self.db = open_database(self.db_url)
        self._lock = DaemonLockHolder(self.db)
        try:
            self._lock.acquire()
        except DaemonAlreadyRunning:
            self.db.dispose()
            raise
        _DAEMONS[self.id] = self
        restore = self._install_signal_handlers()
        try:
            tasks.recover(self.db, self.config)
            return self._run_once() if self.once else self._run_forever()
        finally:
            restore()
            _DAEMONS.pop(self.id, None)
            if self._exit_code != EXIT_LOCK_LOST:
                self._lock.release()
            self.db.dispose()
            logger.info("daemon stopped (exit code %s)", self._exit_code)

    def stop(self, hurry: bool = False) -> None:
        """Ask the daemon to stop (what SIGTERM does); `hurry` ends running crawls at once."""
        if self._stop.is_set() and not hurry:
            hurry = True  # a second request: do not wait for the grace period
        self._stop.set()
        if hurry:
            self._hurry.set()
        with self._busy:
            self._busy.notify_all()

    def _install_signal_handlers(self) -> Callable[[], None]:
        if threading.current_thread() is not threading.main_thread():
            return lambda: None  # (tests drive a Daemon from a thread and call stop())

        def handle(signum: int, _frame: Any) -> None:
            logger.info("received %s: stopping", signal.Signals(signum).name)
            self.stop()

        previous = {sig: signal.signal(sig, handle) for sig in (signal.SIGTERM, signal.SIGINT)}

        def restore() -> None:
            for sig, handler in previous.items():
                signal.signal(sig, handler)

        return restore

    def _run_forever(self) -> int:
        self.scheduler = self._build_scheduler()
        self._add_jobs(self.scheduler)
        self.scheduler.start()
        logger.info("daemon running: %s sources, grace period %s s", len(self.config.sources),
                    self.config.daemon.grace_period)
        self._stop.wait()
        # Stop taking jobs; jobs already running go on (queued crawl jobs see _stop and return).
        self.scheduler.shutdown(wait=False)
        self._drain()
        return self._exit_code

    def _drain(self) -> None:
        """Wait for running jobs up to the grace period, then end crawl children."""
        deadline = utcnow() + dt.timedelta(seconds=self.config.daemon.grace_period)
        with self._busy:
            while self._running and not self._hurry.is_set():
                left = (deadline - utcnow()).total_seconds()
                if left <= 0:
                    break
                logger.info("waiting up to %.0f s for %s", left, ", ".join(sorted(self._running)))
                self._busy.wait(min(left, 5))
            if self._running:
                why = "asked twice" if self._hurry.is_set() else "grace period over"
                logger.warning("%s: ending %s", why, ", ".join(sorted(self._running)))
            end = utcnow() + dt.timedelta(seconds=KILL_WAIT_SECONDS)
            while self._running and utcnow() < end:
                for control in list(self._running.values()):
                    if control is not None:
                        control.end()  # its runner: SIGTERM, then SIGKILL if it lingers
                self._busy.wait(1)
            if self._running:
                logger.error("still running after the grace period: %s",
                             ", ".join(sorted(self._running)))

    @contextmanager
    def _track(self, name: str, control: tasks.CrawlControl | None = None) -> Iterator[None]:
        with self._busy:
            self._running[name] = control
        try:
            yield
        finally:
            with self._busy:
                self._running.pop(name, None)
                self._busy.notify_all()

    # --- the scheduler --------------------------------------------------------------------

    def _build_scheduler(self) -> BackgroundScheduler:
        return BackgroundScheduler(
            jobstores={"default": MemoryJobStore()},
            executors={"default": ThreadPoolExecutor(TASK_WORKERS),
                       "crawl": ThreadPoolExecutor(CRAWL_WORKERS),
                       # its own thread: a heartbeat never waits behind a slow delivery
                       "lock": ThreadPoolExecutor(1)},
            job_defaults={"coalesce": True, "max_instances": 1},
        )

    def _add_jobs(self, sched: BackgroundScheduler) -> None:
        states = tasks.source_states(self.db, [s.name for s in self.config.sources])
        now = utcnow()
        for src in self.config.sources:
            trigger, first = self._crawl_trigger(src, states.get(src.name), now)
            sched.add_job(crawl_job, trigger, args=[self.id, src.name],
                          id=crawl_job_id(src.name), name=crawl_job_id(src.name),
                          executor="crawl", misfire_grace_time=CRAWL_GRACE,
                          replace_existing=True, next_run_time=first)
        jitter = self.config.daemon.jitter or None
        common = {"replace_existing": True, "args": [self.id]}
        sched.add_job(deliver_job, IntervalTrigger(seconds=DELIVER_EVERY, timezone=dt.UTC),
                      id=JOB_DELIVER, name=JOB_DELIVER, misfire_grace_time=DELIVER_GRACE,
                      **common)
        sched.add_job(digest_job, CronTrigger(hour=DIGEST_HOUR, jitter=jitter),
                      args=[self.id, "daily"], id=JOB_DIGEST["daily"], name=JOB_DIGEST["daily"],
                      misfire_grace_time=DAILY_GRACE, replace_existing=True)
        sched.add_job(digest_job, CronTrigger(day_of_week="mon", hour=DIGEST_HOUR, jitter=jitter),
                      args=[self.id, "weekly"], id=JOB_DIGEST["weekly"],
                      name=JOB_DIGEST["weekly"], misfire_grace_time=DAILY_GRACE,
                      replace_existing=True)
        sched.add_job(housekeeping_job, CronTrigger(hour=HOUSEKEEPING_HOUR,
                                                    minute=HOUSEKEEPING_MINUTE, jitter=jitter),
                      id=JOB_HOUSEKEEPING, name=JOB_HOUSEKEEPING,
                      misfire_grace_time=DAILY_GRACE, **common)
        sched.add_job(heartbeat_job, IntervalTrigger(seconds=HEARTBEAT_SECONDS, timezone=dt.UTC),
                      id=JOB_HEARTBEAT, name=JOB_HEARTBEAT, executor="lock",
                      misfire_grace_time=HEARTBEAT_GRACE, **common)

    def _crawl_trigger(self, src: Any, state: tasks.SourceState | None, now: dt.datetime
                       ) -> tuple[IntervalTrigger | CronTrigger, dt.datetime]:
        """The trigger of a source's job and its first run (resuming the stored schedule)."""
        jitter = self.config.daemon.jitter
        if src.schedule.cron:
            trigger = CronTrigger.from_crontab(src.schedule.cron)
            trigger.jitter = jitter or None  # (from_crontab takes no jitter argument)
            first = trigger.get_next_fire_time(None, now.astimezone())
            latest = None
        else:
            low, high = interval_bounds(src.schedule.interval, self.config.daemon.min_interval,
                                        self.config.daemon.max_interval)
            stored = state.poll_interval if state and state.poll_interval else None
            interval = min(max(stored or src.schedule.interval, low), high)
            trigger = IntervalTrigger(seconds=interval, timezone=dt.UTC)
            # Never run (or overdue after a restart): soon, spread over the jitter window so
            # that a restart does not start every source in the same second.
            first = now + dt.timedelta(seconds=random.uniform(0, min(jitter, interval / 4)))
            # A stored time from a slower configuration must not delay the new one.
            latest = now + dt.timedelta(seconds=high)
        if state is not None and state.next_due_at is not None and state.next_due_at > first:
            first = min(state.next_due_at, latest) if latest else state.next_due_at
        if state is not None and state.backoff_until is not None and state.backoff_until > first:
            first = state.backoff_until  # the site asked us to wait: always honoured
        return trigger, first

    def _reschedule(self, name: str, plan: tasks.PollPlan) -> dt.datetime:
        """Move a source's job to its next due time; returns it (with jitter)."""
        src = self.config.get_source(name)
        jitter = self.config.daemon.jitter
        due = plan.next_due_at
        if src is not None and not src.schedule.cron:
            due += dt.timedelta(seconds=random.uniform(0, min(jitter, plan.interval / 4)))
        if self.scheduler is None or self._stop.is_set():
            return due
        changes: dict[str, Any] = {"next_run_time": due}
        if src is not None and not src.schedule.cron:
            changes["trigger"] = IntervalTrigger(seconds=plan.interval, timezone=dt.UTC)
        elif plan.backoff_until is None:
            return due  # a cron source keeps its own times
        with contextlib.suppress(LookupError):  # the job is gone (shutting down)
            self.scheduler.modify_job(crawl_job_id(name), **changes)
        return due

    # --- jobs -----------------------------------------------------------------------------

    def crawl_source(self, name: str) -> None:
        """Crawl one source in a child process, then plan its next poll."""
        if self._stop.is_set():
            return
        control = tasks.CrawlControl([name])
        with self._track(crawl_job_id(name), control):
            # The next poll counts from the end of this one (as feed readers do): until then
            # the job is held back, so the trigger does not fire into a running crawl.
            self._hold(name, self.config.crawl.time_limit + HOLD_MARGIN_SECONDS)
            plan = None
            try:
                tasks.crawl_in_child(self.config_path, self.db_url, control,
                                     self.config.crawl.time_limit)
                if control.cancelled:
                    return  # ended by shutdown: the source's stored schedule stays as it was
                plan = tasks.plan_after_run(self.db, self.config, name, control.started_at)
            except Exception:  # a job boundary: log, keep the daemon and the schedule going
                logger.exception("crawl job for %s failed", name)
            if plan is None:
                src = self.config.get_source(name)
                self._hold(name, (src.schedule.interval if src else None) or 3600)
                return
            due = self._reschedule(name, plan)
            tasks.save_next_due(self.db, name, due)

    def _hold(self, name: str, seconds: float) -> None:
        """Move an interval source's next run `seconds` ahead (cron sources keep their times)."""
        src = self.config.get_source(name)
        if self.scheduler is None or src is None or src.schedule.cron or self._stop.is_set():
            return
        with contextlib.suppress(LookupError):
            self.scheduler.modify_job(crawl_job_id(name),
                                      next_run_time=utcnow() + dt.timedelta(seconds=seconds))

    def run_task(self, job_id: str) -> None:
        """Run one non-crawl job, recording it in daemon_jobs."""
        if self._stop.is_set():
            return
        runners: dict[str, Callable[[], object]] = {
            JOB_DELIVER: lambda: tasks.deliver(self.db, self.config),
            JOB_DIGEST["daily"]: lambda: tasks.digests(self.db, self.config, "daily"),
            JOB_DIGEST["weekly"]: lambda: tasks.digests(self.db, self.config, "weekly"),
            JOB_HOUSEKEEPING: lambda: tasks.housekeeping(self.db, self.config),
        }
        with self._track(job_id):
            tasks.record_job(self.db, job_id, runners[job_id])

    def heartbeat(self) -> None:
        try:
            ours = self._lock.heartbeat()
        except Exception:  # the database is unreachable: keep going, try again next beat
            logger.exception("daemon lock heartbeat failed")
            return
        if not ours:
            logger.error("another daemon took over the lock on this database: stopping")
            self._exit_code = EXIT_LOCK_LOST
            self.stop()

    # --- once -----------------------------------------------------------------------------

    def _run_once(self) -> int:
        """Every due job once: crawls of due sources, deliveries, digests and housekeeping."""
        due = tasks.due_sources(self.db, self.config, utcnow())
        logger.info("--once: %s source(s) due: %s", len(due), ", ".join(due) or "none")
        with FuturesPool(CRAWL_WORKERS, thread_name_prefix="crawl") as pool:
            futures = [pool.submit(self.crawl_source, name) for name in due]
            while not self._stop.is_set() and not all(f.done() for f in futures):
                wait_futures(futures, timeout=1)
            if self._stop.is_set():
                self._drain()
        for job_id, every in ((JOB_DELIVER, None), (JOB_DIGEST["daily"], tasks.DAY),
                              (JOB_DIGEST["weekly"], 7 * tasks.DAY),
                              (JOB_HOUSEKEEPING, tasks.DAY)):
            if self._stop.is_set():
                break
            if every is None or tasks.job_due(self.db, job_id, every, utcnow()):
                self.run_task(job_id)
        return self._exit_code


"""Crawl bookkeeping: crawl_runs rows, source health after a run, HTTP validators.

Like `renewal_watch.store`, every function works inside the caller's session and
transaction, on SQLite and PostgreSQL alike.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from renewal_watch.health import HEALTH_UNKNOWN, HealthState, HealthVerdict, RunFacts, assess_run
from renewal_watch.models import CrawlRun, HttpValidator, Source, utcnow
from renewal_watch.store import MAX_ERROR_CHARS, clip_text, insert_or_reread, url_hash

# --------------------------------------------------------------------------------------------
# HTTP validators (conditional requests)
# --------------------------------------------------------------------------------------------


def get_validator(session: Session, url: str) -> HttpValidator | None:
    return session.scalars(select(HttpValidator).where(
        HttpValidator.url_hash == url_hash(url))).first()


def save_validator(session: Session, url: str, *, etag: str | None, last_modified: str | None,
                   body_hash: str | None, status: int, source_id: int | None = None,
                   now: dt.datetime | None = None) -> None:
    """Remember what a 200 answer carried, for the next poll's If-None-Match/-Modified-Since."""
    now = now or utcnow()
    row = get_validator(session, url)
    if row is None:
        row, _ = insert_or_reread(
            session, lambda: HttpValidator(url_hash=url_hash(url), url=url, source_id=source_id),
            lambda: get_validator(session, url))
    row.etag = clip_text(etag, 512)
    row.last_modified = clip_text(last_modified, 100)
    row.content_hash = body_hash
    row.last_status = status
    row.fetched_at = now
    row.checked_at = now
    row.source_id = source_id or row.source_id
    session.flush()


def note_not_modified(session: Session, url: str, *, now: dt.datetime | None = None) -> None:
    """Count a 304 (or an unchanged body) against the URL's validators."""
    row = get_validator(session, url)
    if row is not None:
        row.checked_at = now or utcnow()
        row.last_status = 304
        row.not_modified_count += 1
        session.flush()


def forget_validators(session: Session, urls: Iterable[str]) -> int:
    """Drop validators so the next poll fetches (and parses) these URLs in full."""
    count = 0
    for url in urls:
        row = get_validator(session, url)
        if row is not None:
            session.delete(row)
            count += 1
    session.flush()
    return count


# --------------------------------------------------------------------------------------------
# Crawl runs and source health
# --------------------------------------------------------------------------------------------

# crawl_runs columns filled from a run's counts (see crawl.RunCounts).
RUN_COUNT_COLUMNS = ("requests", "responses_200", "responses_304", "responses_4xx",
                     "responses_5xx", "timeouts", "too_large", "items", "articles_new",
                     "articles_changed", "errors")


# crawl_runs.status: "running" until closed, then "ok", "failed" (a source or crawl error,
# or a crash), "timeout" (ended at the crawl's time limit) or "interrupted" (stopped by a
# shutdown before it finished: not held against the source's health).


def start_run(session: Session, source_id: int, *, trigger: str, pid: int | None,
              now: dt.datetime | None = None) -> int:
    """Open a crawl_runs row in status "running"; returns its id."""
    row = CrawlRun(source_id=source_id, trigger=trigger, status="running",
                   started_at=now or utcnow(), pid=pid, stats={})
    session.add(row)
    session.flush()
    return row.id


def finish_run(session: Session, run_id: int, *, status: str, counts: dict[str, int],
               error: str | None = None, stats: dict[str, Any] | None = None,
               now: dt.datetime | None = None) -> CrawlRun:
    """Close a run with its final status, counts, error and (JSON-safe) crawler stats."""
    row = session.get(CrawlRun, run_id)
    if row is None:
        raise LookupError(f"crawl run {run_id} does not exist")
    row.status = status
    row.finished_at = now or utcnow()
    for column in RUN_COUNT_COLUMNS:
        setattr(row, column, int(counts.get(column, 0)))
    row.error = clip_text(error, MAX_ERROR_CHARS)
    row.stats = dict(stats or {})
    session.flush()
    return row


def runs_still_running(session: Session, *, pid: int | None = None,
                       run_ids: Iterable[int] | None = None) -> list[CrawlRun]:
    """Runs left in status "running" (by the given child pid or among the given ids)."""
    query = select(CrawlRun).where(CrawlRun.status == "running")
    if pid is not None:
        query = query.where(CrawlRun.pid == pid)
    if run_ids is not None:
        query = query.where(CrawlRun.id.in_(list(run_ids)))
    return list(session.scalars(query))


def record_source_outcome(session: Session, source_id: int, *, ok: bool, items: int,
                          new_items: int, not_modified: bool = False, error: str | None = None,
                          failure_threshold: int = 3, now: dt.datetime | None = None,
                          interrupted: bool = False) -> HealthVerdict:
    """Fold a finished run into its source's health columns; returns the health verdict
    (whose `transition` says whether a source-health alert must be raised or cleared).

    An `interrupted` run (stopped by a shutdown) only moves `last_run_at`: it is neither a
    success nor a failure of the source.
    """
    now = now or utcnow()
    source = session.get(Source, source_id)
    if source is None:
        raise LookupError(f"source {source_id} does not exist")
    previous = HealthState(health=source.health or HEALTH_UNKNOWN,
                           consecutive_failures=source.consecutive_failures or 0,
                           avg_items=source.avg_items)
    verdict = assess_run(previous, RunFacts(ok=ok, items=items, new_items=new_items,
                                            not_modified=not_modified, error=error,
                                            interrupted=interrupted),
                         failure_threshold=failure_threshold)
    source.last_run_at = now
    if interrupted:
        session.flush()
        return verdict
    if ok:
        source.last_success_at = now
        if not not_modified:  # a 304 run says nothing new about how many items there are
            source.last_items = items
        if new_items:
            source.last_new_item_at = now
    else:
        source.last_error = clip_text(error or "failed", MAX_ERROR_CHARS)
        source.last_error_at = now
    source.health = verdict.state.health
    source.consecutive_failures = verdict.state.consecutive_failures
    source.avg_items = verdict.state.avg_items
    session.flush()
    return verdict

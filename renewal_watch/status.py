"""What `renewal-watch status` shows: daemon, sources, pending deliveries, titles.

`collect_status()` runs a fixed number of queries whatever the size of the database (no query
per source or per title): per-source figures come from correlated subqueries that walk the
indexes `ix_crawl_runs_source_started` and `ix_articles_source_first_seen` for each source in
one statement.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from typing import Any

from sqlalchemy import func, select, true
from sqlalchemy.orm import aliased

from renewal_watch.config import Config
from renewal_watch.db import Database
from renewal_watch.health import HEALTH_EMPTY, HEALTH_FAILING, is_silent
from renewal_watch.lock import lock_status
from renewal_watch.models import (
    Alert,
    Article,
    ChannelState,
    CrawlRun,
    DaemonJob,
    Delivery,
    Source,
    Title,
    utcnow,
)

# Runs per source looked at for the 304 ratio and the recent error count.
RECENT_RUNS = 20
# Run statuses counted in a source's recent_failures: a source or crawl error (or a crash) and
# the time limit. "interrupted" (a shutdown stopped the run: renewal_watch.runner) is not the
# source's failure, as in its health (renewal_watch.health); "running" is not finished.
FAILED_RUN_STATUSES = frozenset({"failed", "timeout"})
# Window for a source's usual cadence of new items ("silent longer than expected").
CADENCE_WINDOW = dt.timedelta(days=30)
# Error texts come from crawlers and servers: shown shortened.
MAX_ERROR_CHARS = 300


def _iso(value: dt.datetime | None) -> str | None:
    return value.isoformat() if value else None


def _short(text: str | None) -> str | None:
    if text is None:
        return None
    text = " ".join(text.split())
    return text if len(text) <= MAX_ERROR_CHARS else text[: MAX_ERROR_CHARS - 1] + "…"


def _schedule(config: Config, name: str) -> str | None:
    src = config.get_source(name)
    if src is None:
        return None
    if src.schedule.cron:
        return f"cron {src.schedule.cron}"
    return f"every {src.schedule.interval} s"


def _source_rows(s, now: dt.datetime) -> list[Any]:
    """Every source with its article figures, in one statement (index seeks per source)."""
    cutoff = now - CADENCE_WINDOW
    last_new = (select(func.max(Article.first_seen_at)).where(Article.source_id == Source.id)
                .correlate(Source).scalar_subquery())
    new_in_window = (select(func.count()).select_from(Article)
                     .where(Article.source_id == Source.id, Article.first_seen_at >= cutoff)
                     .correlate(Source).scalar_subquery())
    return list(s.execute(select(Source, last_new.label("last_new"),
                                 new_in_window.label("new_in_window")).order_by(Source.name)))


def _recent_runs(s) -> dict[int, list[CrawlRun]]:
    """The last RECENT_RUNS runs of every source, newest first, in one statement.

    Driven from `sources`: per source, RECENT_RUNS entries of `ix_crawl_runs_source_started`,
    so the cost does not grow with the number of runs kept. PostgreSQL gets a LATERAL join
    (it would run an IN (correlated LIMIT) per run row); SQLite, which has no LATERAL, plans
    the IN form per source.
    """
    inner = aliased(CrawlRun)
    recent = (select(inner.id).where(inner.source_id == Source.id)
              .order_by(inner.started_at.desc(), inner.id.desc()).limit(RECENT_RUNS))
    order = (CrawlRun.source_id, CrawlRun.started_at.desc(), CrawlRun.id.desc())
    if s.get_bind().dialect.name == "postgresql":
        lateral = recent.lateral("recent")
        stmt = (select(CrawlRun).select_from(Source).join(lateral, true())
                .join(CrawlRun, CrawlRun.id == lateral.c.id).order_by(*order))
    else:
        stmt = (select(CrawlRun).select_from(Source)
                .join(CrawlRun, CrawlRun.id.in_(recent.correlate(Source))).order_by(*order))
    runs: dict[int, list[CrawlRun]] = defaultdict(list)
    for run in s.scalars(stmt):
        runs[run.source_id].append(run)
    return runs


def _run_dict(run: CrawlRun | None) -> dict[str, Any] | None:
    if run is None:
        return None
    return {"id": run.id, "trigger": run.trigger, "status": run.status,
            "started_at": _iso(run.started_at), "finished_at": _iso(run.finished_at),
            "items": run.items, "new": run.articles_new, "changed": run.articles_changed,
            "requests": run.requests, "responses_304": run.responses_304,
            "errors": run.errors, "error": _short(run.error)}


def _problem(src: Source) -> str | None:
    if src.health == HEALTH_FAILING:
        return (f"failed {src.consecutive_failures} runs in a row: "
                f"{_short(src.last_error) or 'unknown error'}")
    if src.health == HEALTH_EMPTY:
        return "parsed fine but found no items where it used to find some (layout change?)"
    return None


def _source_dict(config: Config, row: Any, runs: list[CrawlRun], now: dt.datetime
                 ) -> dict[str, Any]:
    src, last_new, new_in_window = row
    finished = [r for r in runs if r.status != "running"]
    requests = sum(r.requests or 0 for r in finished)
    not_modified = sum(r.responses_304 or 0 for r in finished)
    last_new_item = max((t for t in (last_new, src.last_new_item_at) if t), default=None)
    if isinstance(last_new_item, str):  # a raw aggregate on SQLite comes back as text
        last_new_item = dt.datetime.fromisoformat(last_new_item).replace(tzinfo=dt.UTC)
    silent = is_silent(now, last_new_item, new_in_window or 0, CADENCE_WINDOW.total_seconds())
    configured = config.get_source(src.name)
    return {
        "name": src.name, "type": src.type, "trust": src.trust,
        "configured": configured is not None,
        "enabled": bool(configured and configured.enabled),
        "schedule": _schedule(config, src.name),
        "health": src.health, "problem": _problem(src), "silent": silent,
        "last_run": _run_dict(runs[0] if runs else None),
        "running": any(r.status == "running" for r in runs),
        "last_success_at": _iso(src.last_success_at),
        "consecutive_failures": src.consecutive_failures,
        "last_error": _short(src.last_error),
        "avg_items": round(src.avg_items, 2) if src.avg_items is not None else None,
        "recent_runs": len(finished),
        "recent_failures": sum(1 for r in finished if r.status in FAILED_RUN_STATUSES),
        "ratio_304": round(not_modified / requests, 3) if requests else None,
        "last_new_item_at": _iso(last_new_item),
        "new_items_30d": new_in_window or 0,
        "poll_interval": src.poll_interval,
        "next_run_at": _iso(src.next_due_at),
        "backoff_until": _iso(src.backoff_until),
    }


def _sources(s, config: Config, now: dt.datetime) -> list[dict[str, Any]]:
    rows = _source_rows(s, now)
    runs = _recent_runs(s)
    out = [_source_dict(config, row, runs.get(row[0].id, []), now) for row in rows]
    known = {row[0].name for row in rows}
    for src in config.sources:  # configured but never crawled yet
        if src.name not in known:
            out.append({"name": src.name, "type": src.type, "trust": src.trust,
                        "configured": True, "enabled": True,
                        "schedule": _schedule(config, src.name), "health": "unknown",
                        "problem": None, "silent": False, "last_run": None, "running": False,
                        "next_run_at": None})
    return sorted(out, key=lambda d: d["name"])


def _deliveries(s) -> dict[str, Any]:
    rows = s.execute(select(Delivery.channel, Delivery.status, func.count(),
                            func.min(Delivery.created_at), func.max(Delivery.attempts))
                     .where(Delivery.status.in_(("pending", "dead")))
                     .group_by(Delivery.channel, Delivery.status)).all()
    states = {c.name: c for c in s.scalars(select(ChannelState))}
    channels: dict[str, dict[str, Any]] = {}
    for channel, status, count, oldest, attempts in rows:
        entry = channels.setdefault(channel, {"name": channel, "pending": 0, "dead": 0,
                                              "oldest_pending_at": None, "max_attempts": 0})
        entry[status] = count
        if status == "pending":
            entry["oldest_pending_at"] = oldest
            entry["max_attempts"] = attempts or 0
    for name, state in states.items():
        entry = channels.setdefault(name, {"name": name, "pending": 0, "dead": 0,
                                           "oldest_pending_at": None, "max_attempts": 0})
        entry["consecutive_failures"] = state.consecutive_failures
        entry["last_error"] = _short(state.last_error)
        entry["unhealthy_since"] = _iso(state.unhealthy_since)
    oldest = min((c["oldest_pending_at"] for c in channels.values() if c["oldest_pending_at"]),
                 default=None)
    for entry in channels.values():
        entry["failing"] = bool(entry.get("consecutive_failures") or entry["dead"]
                                or entry["max_attempts"])
        entry["oldest_pending_at"] = _iso(entry["oldest_pending_at"])
    return {"pending": sum(c["pending"] for c in channels.values()),
            "dead": sum(c["dead"] for c in channels.values()),
            "oldest_pending_at": _iso(oldest),
            "failing_channels": sorted(n for n, c in channels.items() if c["failing"]),
            "channels": sorted(channels.values(), key=lambda c: c["name"])}


def _titles(s, config: Config) -> list[dict[str, Any]]:
    open_alerts = dict(s.execute(select(Alert.title_id, func.count())
                                 .where(Alert.status == "new", Alert.title_id.is_not(None))
                                 .group_by(Alert.title_id)).all())
    watched = {w.key for w in config.watchlist}
    out = []
    for t in s.scalars(select(Title).order_by(Title.key)):
        changed = (t.believed_status, t.believed_season) != (t.baseline_status, t.baseline_season)
        out.append({"key": t.key, "name": t.name, "watched": t.key in watched,
                    "baseline": {"status": t.baseline_status, "season": t.baseline_season,
                                 "as_of": t.baseline_as_of.isoformat() if t.baseline_as_of
                                 else None},
                    "believed": {"status": t.believed_status, "season": t.believed_season,
                                 "since": _iso(t.believed_since)},
                    "changed": changed and t.believed_status != "unknown",
                    "open_alerts": open_alerts.get(t.id, 0)})
    return out


def _jobs(s) -> dict[str, Any]:
    return {j.id: {"last_started_at": _iso(j.last_started_at),
                   "last_finished_at": _iso(j.last_finished_at),
                   "last_ok_at": _iso(j.last_ok_at), "last_error": _short(j.last_error)}
            for j in s.scalars(select(DaemonJob).order_by(DaemonJob.id))}


def collect_status(db: Database, config: Config, now: dt.datetime | None = None
                   ) -> dict[str, Any]:
    """Everything `status` shows, as JSON-ready data (ISO 8601 UTC times)."""
    now = now or utcnow()
    daemon = lock_status(db, now)
    with db.session() as s:
        return {"generated_at": now.isoformat(), "database": db.url, "daemon": daemon,
                "jobs": _jobs(s), "sources": _sources(s, config, now),
                "deliveries": _deliveries(s), "titles": _titles(s, config)}


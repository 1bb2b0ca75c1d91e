"""`collect_status` and `renewal-watch status`, on SQLite and PostgreSQL."""

from __future__ import annotations

import datetime as dt
import json

from click.testing import CliRunner
from sqlalchemy import event

from renewal_watch.cli import cli
from renewal_watch.config import validate
from renewal_watch.lock import DaemonLockHolder
from renewal_watch.models import (
    Alert,
    Article,
    ChannelState,
    CrawlRun,
    Delivery,
    Source,
    Title,
    utcnow,
)
from renewal_watch.status import RECENT_RUNS, collect_status

NOW = utcnow()


def _config(sources=("feed-a", "feed-b", "fresh")):
    return validate({"source": [{"name": n, "type": "feed", "urls": [f"https://{n}.test/rss"],
                                 "schedule": {"interval": "30m"}} for n in sources]})


def _ago(**kw):
    return NOW - dt.timedelta(**kw)


def _run(src, minutes_ago, status="ok", **kw):
    start = _ago(minutes=minutes_ago)
    return CrawlRun(source=src, status=status, started_at=start,
                    finished_at=None if status == "running" else start, **kw)


def _fill(db, n_sources=2, runs_per_source=3):
    with db.transaction() as s:
        a = Source(name="feed-a", type="feed", health="ok", avg_items=12.0, poll_interval=1800,
                   next_due_at=_ago(minutes=-20), last_success_at=_ago(minutes=10))
        b = Source(name="feed-b", type="feed", health="failing", consecutive_failures=4,
                   last_error="HTTP 500 from https://feed-b.test/rss")
        s.add_all([a, b])
        for extra in range(2, n_sources):
            s.add(Source(name=f"extra-{extra}", type="feed"))
        s.add_all([_run(a, 30 * i + 10, items=10, articles_new=i, requests=4, responses_304=2)
                   for i in range(runs_per_source)])
        s.add_all([_run(b, 30 * i + 5, status="failed", errors=1, error="HTTP 500")
                   for i in range(runs_per_source)])
        s.add(_run(a, 1, status="running"))
        for n in range(20):  # feed-a: new items daily, last one 10 days ago -> silent
            s.add(Article(url_hash=f"h{n}", canonical_url=f"u{n}", url=f"u{n}", source=a,
                          content_hash="c", first_seen_at=_ago(days=10 + n)))
        title = Title(key="hero-mask", name="Hero Mask", baseline_season=2,
                      baseline_status="ended", believed_status="renewed", believed_season=3)
        s.add(title)
        s.flush()
        s.add(Alert(dedupe_key="k", kind="renewal", title_id=title.id, severity="critical",
                    summary="Hero Mask: season 3"))
        s.add_all([
            Delivery(key="d1", channel="email", status="pending", attempts=3,
                     created_at=_ago(hours=2), last_error="SMTP refused"),
            Delivery(key="d2", channel="email", status="pending", created_at=_ago(hours=1)),
            Delivery(key="d3", channel="console", status="sent"),
            Delivery(key="d4", channel="slack", status="dead", attempts=12),
            ChannelState(name="email", consecutive_failures=3, last_error="SMTP refused"),
        ])


def _by_name(data):
    return {s["name"]: s for s in data["sources"]}


def test_status_reports_sources_runs_and_health(db):
    _fill(db)
    data = collect_status(db, _config())
    json.dumps(data)  # JSON-ready
    sources = _by_name(data)
    a, b = sources["feed-a"], sources["feed-b"]
    assert a["running"] is True
    assert a["last_run"]["status"] == "running"
    assert a["recent_runs"] == 3 and a["recent_failures"] == 0
    assert a["ratio_304"] == 0.5
    assert a["health"] == "ok" and a["problem"] is None
    assert a["silent"] is True
    assert a["new_items_30d"] == 20
    assert a["next_run_at"] is not None and a["poll_interval"] == 1800
    assert b["health"] == "failing"
    assert "4 runs in a row" in b["problem"] and "HTTP 500" in b["problem"]
    assert b["last_run"]["status"] == "failed" and b["last_run"]["errors"] == 1
    assert sources["fresh"]["last_run"] is None and sources["fresh"]["configured"]


def test_interrupted_runs_are_not_counted_as_failures(db):
    # A shutdown stops a run ("interrupted"): not the source's failure. Time limits are.
    with db.transaction() as s:
        src = Source(name="feed-a", type="feed", health="ok")
        s.add(src)
        s.add_all([_run(src, 50, status="ok"), _run(src, 40, status="interrupted"),
                   _run(src, 30, status="timeout"), _run(src, 20, status="failed"),
                   _run(src, 10, status="interrupted"), _run(src, 1, status="running")])
    a = _by_name(collect_status(db, _config()))["feed-a"]
    assert a["recent_runs"] == 5
    assert a["recent_failures"] == 2
    assert a["last_run"]["status"] == "running"


def test_status_reports_deliveries_and_titles(db):
    _fill(db)
    data = collect_status(db, _config())
    deliveries = data["deliveries"]
    assert deliveries["pending"] == 2 and deliveries["dead"] == 1
    assert deliveries["oldest_pending_at"] == _ago(hours=2).isoformat()
    assert deliveries["failing_channels"] == ["email", "slack"]
    (title,) = data["titles"]
    assert title["baseline"]["status"] == "ended" and title["believed"]["season"] == 3
    assert title["changed"] is True and title["open_alerts"] == 1


def test_daemon_running_and_not(db):
    assert collect_status(db, _config())["daemon"] == {"running": False}
    holder = DaemonLockHolder(db)
    holder.acquire()
    daemon = collect_status(db, _config())["daemon"]
    assert daemon["running"] is True and daemon["pid"] == holder.pid
    holder.release()


def test_recent_runs_are_bounded_per_source(db):
    _fill(db, runs_per_source=RECENT_RUNS + 15)
    data = collect_status(db, _config())
    assert _by_name(data)["feed-b"]["recent_runs"] == RECENT_RUNS


def _count_statements(db, config):
    seen = []

    def before(conn, cursor, statement, *args):
        seen.append(statement)

    event.listen(db.engine, "before_cursor_execute", before)
    try:
        collect_status(db, config)
    finally:
        event.remove(db.engine, "before_cursor_execute", before)
    return len([s for s in seen if not s.lstrip().upper().startswith(("PRAGMA", "SAVEPOINT"))])


def test_query_count_does_not_grow_with_sources_or_runs(db):
    _fill(db, n_sources=2, runs_per_source=2)
    small = _count_statements(db, _config())
    with db.transaction() as s:
        for n in range(40):
            src = Source(name=f"more-{n}", type="feed")
            s.add(src)
            s.add_all([_run(src, minutes, items=1) for minutes in range(30)])
            s.add(Article(url_hash=f"more{n}", canonical_url="u", url="u", source=src,
                          content_hash="c"))
            s.add(Title(key=f"t{n}", name=f"T {n}"))
    assert _count_statements(db, _config()) == small
    assert small <= 12


def test_status_command_json_and_text(db_url, db):
    _fill(db)
    runner = CliRunner()
    result = runner.invoke(cli, ["status", "--db", db_url, "--json"])
    assert result.exit_code == 0, result.output
    data = json.loads(result.output)
    assert {"daemon", "sources", "deliveries", "titles"} <= set(data)
    result = runner.invoke(cli, ["status", "--db", db_url])
    assert result.exit_code == 0, result.output
    assert "Daemon: not running" in result.output
    assert "failed 4 runs in a row" in result.output
    assert "failing channel email: SMTP refused" in result.output
    assert "Hero Mask: baseline ended s2, believed renewed s3  CHANGED" in result.output

"""renewal_watch.runlog on SQLite and PostgreSQL: validators, crawl runs, source health."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import func, select

from renewal_watch import runlog, store
from renewal_watch.config import validate
from renewal_watch.models import CrawlRun, HttpValidator, Source

T0 = dt.datetime(2026, 1, 10, 12, 0, tzinfo=dt.UTC)


def _config():
    return validate({"source": [{"name": "a", "type": "feed", "urls": ["https://a.example/feed"]}]})


def _count(db, model) -> int:
    with db.session() as s:
        return s.scalar(select(func.count()).select_from(model))


def test_validators_save_note_forget(db):
    url = "https://a.example/feed.xml"
    with db.transaction() as s:
        runlog.save_validator(s, url, etag='"abc"', last_modified="Mon, 12 Jan 2026 10:00:00 GMT",
                             body_hash="h", status=200)
        runlog.save_validator(s, url, etag='"def"', last_modified=None, body_hash="h2", status=200)
        runlog.note_not_modified(s, url)
    with db.session() as s:
        row = runlog.get_validator(s, url)
        assert (row.etag, row.last_modified, row.not_modified_count, row.last_status) == (
            '"def"', None, 1, 304)
    with db.transaction() as s:
        assert runlog.forget_validators(s, [url, "https://a.example/other"]) == 1
    assert _count(db, HttpValidator) == 0


def test_runs_and_source_health(db):
    config = _config()
    with db.transaction() as s:
        ids = store.sync_sources(s, config)
        run_id = runlog.start_run(s, ids["a"], trigger="manual", pid=123, now=T0)
    with db.transaction() as s:
        runlog.finish_run(s, run_id, status="failed", counts={"requests": 3, "errors": 1},
                         error="HTTP 500 for https://a.example/feed", stats={"x": 1},
                         now=T0 + dt.timedelta(seconds=5))
        verdicts = [runlog.record_source_outcome(s, ids["a"], ok=False, items=0, new_items=0,
                                                error="HTTP 500", failure_threshold=2, now=T0)
                    for _ in range(2)]
    assert verdicts[0].transition is None and verdicts[1].transition == "raised"
    with db.transaction() as s:
        recovered = runlog.record_source_outcome(s, ids["a"], ok=True, items=5, new_items=2,
                                                failure_threshold=2, now=T0)
    assert recovered.transition == "recovered"
    with db.session() as s:
        run = s.get(CrawlRun, run_id)
        source = s.get(Source, ids["a"])
    assert (run.status, run.requests, run.errors, run.stats) == ("failed", 3, 1, {"x": 1})
    assert (source.health, source.consecutive_failures, source.last_items) == ("ok", 0, 5)
    assert source.last_success_at == T0 and source.last_new_item_at == T0
    with db.session() as s:
        assert runlog.runs_still_running(s, pid=123) == []


def test_interrupted_run_leaves_source_health_as_it_was(db):
    with db.transaction() as s:
        ids = store.sync_sources(s, _config())
        runlog.record_source_outcome(s, ids["a"], ok=False, items=0, new_items=0,
                                     error="HTTP 500", failure_threshold=2, now=T0)
    later = T0 + dt.timedelta(minutes=5)
    with db.transaction() as s:  # one more failure would cross the threshold
        verdict = runlog.record_source_outcome(s, ids["a"], ok=False, items=0, new_items=0,
                                               error="interrupted (shutdown)",
                                               failure_threshold=2, now=later,
                                               interrupted=True)
    assert verdict.transition is None
    with db.session() as s:
        source = s.get(Source, ids["a"])
    assert (source.consecutive_failures, source.last_error, source.last_error_at) == (
        1, "HTTP 500", T0)
    assert source.last_run_at == later

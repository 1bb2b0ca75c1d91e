"""The daemon's job bodies against a real database (the scheduling is in test_scheduler)."""

from __future__ import annotations

import datetime as dt
import subprocess
import sys

from sqlalchemy import select

from renewal_watch import daemon_tasks as tasks
from renewal_watch.config import load_defaults, merge, validate
from renewal_watch.models import CrawlRun, DaemonJob, Source, utcnow

NOW = utcnow()


def _config(**sources):
    """Shipped sources off; the given ones as {name: schedule}."""
    user = {"daemon": {"min_interval": 60, "max_interval": 86400},
            "source": [{"name": s["name"], "enabled": False} for s in load_defaults()["source"]]
            + [{"name": n, "type": "feed", "urls": [f"https://{n}.test/rss"], "schedule": sch}
               for n, sch in sources.items()]}
    return validate(merge(load_defaults(), user))


def _source(db, name, **kw):
    with db.transaction() as s:
        s.add(Source(name=name, type="feed", **kw))


def _run(db, name, started, **kw):
    with db.transaction() as s:
        src = s.scalars(select(Source).where(Source.name == name)).one()
        s.add(CrawlRun(source_id=src.id, started_at=started, **kw))


def test_orphaned_runs_closed_but_live_ones_kept(db):
    config = _config(a={"interval": 3600})
    _source(db, "a")
    dead = subprocess.Popen([sys.executable, "-c", "pass"])
    dead.wait()
    live = subprocess.Popen([sys.executable, "-c", "import time; time.sleep(60)"])
    try:
        _run(db, "a", NOW, status="running", pid=dead.pid)
        _run(db, "a", NOW, status="running", pid=live.pid)
        _run(db, "a", NOW - dt.timedelta(days=1), status="running", pid=live.pid)
        _run(db, "a", NOW, status="ok", pid=dead.pid)
        assert tasks.close_orphaned_runs(db, config) == 2
        with db.session() as s:
            rows = s.execute(select(CrawlRun.pid, CrawlRun.status, CrawlRun.error)
                             .order_by(CrawlRun.id)).all()
    finally:
        live.kill()
        live.wait()
    assert [r.status for r in rows] == ["failed", "running", "failed", "ok"]
    assert rows[0].error == tasks.ORPHAN_ERROR and rows[3].error is None


def test_plan_after_a_productive_run_polls_sooner(db):
    config = _config(a={"interval": 3600})
    _source(db, "a", poll_interval=3600)
    _run(db, "a", NOW, status="ok", articles_new=3, finished_at=NOW)
    plan = tasks.plan_after_run(db, config, "a", NOW)
    assert plan.interval < 3600 and plan.backoff_until is None
    with db.session() as s:
        src = s.scalars(select(Source)).one()
    assert src.poll_interval == plan.interval and src.next_due_at == plan.next_due_at


def test_new_signals_count_as_new_items(db):
    config = _config(a={"interval": 3600})
    _source(db, "a", poll_interval=3600)
    _run(db, "a", NOW, status="ok", articles_new=0, finished_at=NOW,
         stats={"renewal_watch/signals_new": 2})
    assert tasks.plan_after_run(db, config, "a", NOW).interval < 3600


def test_plan_after_429_with_retry_after_backs_off(db):
    config = _config(a={"interval": 3600})
    _source(db, "a", poll_interval=3600)
    _run(db, "a", NOW, status="failed", finished_at=NOW,
         stats={"downloader/response_status_count/429": 1, tasks.RETRY_AFTER_STAT: 7200})
    plan = tasks.plan_after_run(db, config, "a", NOW, now=NOW)
    assert plan.backoff_until == NOW + dt.timedelta(hours=2)
    assert plan.next_due_at == plan.backoff_until
    assert tasks.due_sources(db, config, NOW + dt.timedelta(hours=1)) == []
    assert tasks.due_sources(db, config, NOW + dt.timedelta(hours=3)) == ["a"]


def test_retry_after_stat_key_is_the_one_the_crawl_writes():
    from renewal_watch.http.stats import RETRY_AFTER

    assert tasks.RETRY_AFTER_STAT == RETRY_AFTER


def test_plan_ignores_runs_from_before_the_job(db):
    config = _config(a={"interval": 3600})
    _source(db, "a", poll_interval=3600)
    _run(db, "a", NOW - dt.timedelta(hours=1), status="ok", articles_new=9,
         stats={"http/status/429": 2})
    plan = tasks.plan_after_run(db, config, "a", NOW)
    assert plan.backoff_until is None and plan.interval > 3600  # no run: nothing new


def test_cron_source_plans_its_next_cron_time(db):
    config = _config(c={"cron": "0 6 * * *"})
    _source(db, "c")
    plan = tasks.plan_after_run(db, config, "c", NOW, now=NOW)
    local = plan.next_due_at.astimezone()
    assert (local.hour, local.minute) == (6, 0)
    assert NOW < plan.next_due_at <= NOW + dt.timedelta(days=1)


def test_due_sources(db):
    config = _config(a={"interval": 60}, b={"interval": 60}, c={"interval": 60})
    _source(db, "a", next_due_at=NOW - dt.timedelta(seconds=1))
    _source(db, "b", next_due_at=NOW + dt.timedelta(minutes=5))
    assert tasks.due_sources(db, config, NOW) == ["a", "c"]  # c never ran


def test_record_job_success_and_failure(db):
    assert tasks.job_due(db, "housekeeping", tasks.DAY, NOW)
    assert tasks.record_job(db, "housekeeping", lambda: None)
    assert not tasks.job_due(db, "housekeeping", tasks.DAY, utcnow())
    assert tasks.job_due(db, "housekeeping", tasks.DAY, utcnow() + tasks.DAY)

    def boom():
        raise RuntimeError("disk full")

    assert not tasks.record_job(db, "alerts:deliver", boom)
    with db.session() as s:
        job = s.get(DaemonJob, "alerts:deliver")
    assert job.last_ok_at is None and job.last_error == "RuntimeError: disk full"

"""run_in_child: a hung crawl ends at the time limit, a killed one is recorded as failed, a
cancelled one stops at once and is recorded as interrupted (not held against its source)."""

from __future__ import annotations

import os
import signal
import threading
import time

import pytest
from sqlalchemy import select

from renewal_watch import store
from renewal_watch.config import load_config
from renewal_watch.exceptions import ConfigError, NotFound
from renewal_watch.mirror import Answer
from renewal_watch.models import Alert, CrawlRun, Source
from renewal_watch.runner import run_in_child
from tests.crawlkit import NOW, crawl, feed_source, latest_runs, rss, site_server, write_config

RELEASE = threading.Event()


def _hang(_request):
    RELEASE.wait(30)  # far past the crawl's time limit (and its download timeout)
    return Answer(body=b"late")


def test_hung_crawl_is_ended_at_the_time_limit_and_recorded_as_timeout(db, db_url, tmp_path):
    RELEASE.clear()
    with site_server() as site:
        site.route("/hang.xml", _hang)
        config = write_config(tmp_path / "config.toml",
                              [feed_source("hang", site.url("/hang.xml"))],
                              crawl={"download_timeout": 60})
        started = time.monotonic()
        outcome = crawl(config, db_url, ["hang"], time_limit=3, grace=2)
        elapsed = time.monotonic() - started
        RELEASE.set()
    assert outcome.timed_out
    assert elapsed < 20
    (run,) = outcome.runs
    assert run.status == "timeout" and "time limit" in run.error
    row = latest_runs(db)["hang"]
    assert row.status == "timeout" and row.finished_at is not None
    with db.session() as s:
        source = s.scalars(select(Source).where(Source.name == "hang")).one()
        assert source.consecutive_failures == 1 and "time limit" in source.last_error
        assert not s.scalars(select(CrawlRun).where(CrawlRun.status == "running")).all()


def test_killed_child_is_recorded_as_failed(sqlite_db, tmp_path):
    db_url = sqlite_db.engine.url.render_as_string(hide_password=False)

    def kill_the_crawler(_request):
        # The request comes from the crawl child: find its pid in its own run row, kill it.
        with sqlite_db.session() as s:
            pid = s.scalars(select(CrawlRun.pid).where(CrawlRun.status == "running")).first()
        os.kill(pid, signal.SIGKILL)
        return Answer(body=b"never read")

    with site_server() as site:
        site.route("/feed.xml", kill_the_crawler)
        config = write_config(tmp_path / "config.toml", [feed_source("doomed", site.url("/feed.xml"))])
        outcome = crawl(config, db_url, ["doomed"])
    assert outcome.returncode == -signal.SIGKILL and not outcome.timed_out
    (run,) = outcome.runs
    assert run.status == "failed" and "killed by signal 9" in run.error
    assert latest_runs(sqlite_db)["doomed"].finished_at is not None


def test_outcome_lists_every_source_of_the_child(sqlite_db, tmp_path):
    db_url = sqlite_db.engine.url.render_as_string(hide_password=False)
    with site_server() as site:
        site.set("/a.xml", rss(site.base_url, [("/news/studio-roundup.html", "Roundup", NOW)]))
        site.set("/b.xml", "not found here", status=404)
        config = write_config(tmp_path / "config.toml",
                              [feed_source("a", site.url("/a.xml")),
                               feed_source("b", site.url("/b.xml"))])
        outcome = crawl(config, db_url, ["a", "b"])
    assert {(r.source, r.status) for r in outcome.runs} == {("a", "ok"), ("b", "failed")}
    assert outcome.any_ok
    failed = next(r for r in outcome.runs if r.source == "b")
    assert "HTTP 404" in failed.error and failed.counts["responses_4xx"] == 1


def test_progress_events_reach_the_callback(sqlite_db, tmp_path):
    db_url = sqlite_db.engine.url.render_as_string(hide_password=False)
    events = []
    with site_server() as site:
        site.set("/a.xml", rss(site.base_url, []))
        config = write_config(tmp_path / "config.toml", [feed_source("a", site.url("/a.xml"))])
        run_in_child(str(config), db_url, ["a"], progress=events.append, output=None)
    done = [e for e in events if e.get("state") == "done"]
    assert done and done[-1]["source"] == "a" and done[-1]["status"] == "ok"


def test_unknown_source_and_bad_config_fail_before_starting(tmp_path):
    config = write_config(tmp_path / "config.toml", [])
    with pytest.raises(NotFound):
        run_in_child(str(config), f"sqlite:///{tmp_path / 'db.sqlite3'}", ["nope"], output=None)
    bad = tmp_path / "bad.toml"
    bad.write_text("[crawl]\ndownload_timeout = -1\n", encoding="utf-8")
    with pytest.raises(ConfigError):
        run_in_child(str(bad), f"sqlite:///{tmp_path / 'db.sqlite3'}", None, output=None)


# --------------------------------------------------------------------------------------------
# Cancelling a crawl (the daemon's shutdown): SIGTERM, the child stops at once
# --------------------------------------------------------------------------------------------


def _stuck_routes(asked: threading.Event, release: threading.Event) -> dict[str, object]:
    """Answers that hold a crawl: a download that never comes, a long Retry-After wait."""

    def never_answers(_request):
        asked.set()
        release.wait(60)  # far past the grace the tests give the child
        return Answer(body=b"late")

    def come_back_later(_request):
        asked.set()  # (100 s: under RETRY_AFTER_MAX, so the retry middleware waits for it)
        return Answer(body=b"busy", status=503, content_type="text/plain",
                      headers={"Retry-After": "100"})

    return {"hang": never_answers, "retry-after": come_back_later}


def _source_row(db, name):
    with db.session() as s:
        return s.scalars(select(Source).where(Source.name == name)).one()


def _cancel_when_asked(config, db_url, names, asked, **kwargs):
    """run_in_child in a thread, cancelled once the mirror has the crawl's request."""
    cancel, result = threading.Event(), {}

    def run():
        result["outcome"] = run_in_child(str(config), db_url, names, cancel=cancel, output=None,
                                         **kwargs)

    worker = threading.Thread(target=run)
    worker.start()
    assert asked.wait(60), "the crawl never reached the mirror"
    cancel.set()
    worker.join(120)
    return result["outcome"]


@pytest.mark.parametrize("stuck", ["hang", "retry-after"])
def test_cancelled_crawl_stops_at_once_and_is_recorded_interrupted(sqlite_db, tmp_path, stuck):
    db_url = sqlite_db.engine.url.render_as_string(hide_password=False)
    asked, release = threading.Event(), threading.Event()
    with site_server() as site:
        site.route("/feed.xml", _stuck_routes(asked, release)[stuck])
        config = write_config(tmp_path / "config.toml", [feed_source("stuck", site.url("/feed.xml"))],
                              crawl={"download_timeout": 60, "retry_times": 2})
        with sqlite_db.transaction() as s:  # one failure short of a source-health alert
            store.sync_sources(s, load_config(config))
            s.scalars(select(Source).where(Source.name == "stuck")).one().consecutive_failures = 2
        try:
            # A grace far longer than the stop should take: the child must exit by itself.
            outcome = _cancel_when_asked(config, db_url, ["stuck"], asked, grace=30)
        finally:
            release.set()
    assert outcome.cancelled and not outcome.timed_out
    assert outcome.returncode == 1, outcome.log_tail  # exited by itself, not SIGKILLed
    (run,) = outcome.runs
    # Recorded by the child itself (the runner's own message says "cancelled").
    assert run.status == "interrupted" and run.error.startswith("interrupted (")
    assert "cancelled" not in run.error
    row = latest_runs(sqlite_db)["stuck"]
    assert row.status == "interrupted" and row.finished_at is not None
    source = _source_row(sqlite_db, "stuck")
    assert source.consecutive_failures == 2 and source.health == "unknown"
    with sqlite_db.session() as s:
        assert not s.scalars(select(Alert).where(Alert.kind == "source_health")).all()


def test_cancelled_crawl_killed_before_it_records_is_recorded_interrupted(sqlite_db, tmp_path):
    db_url = sqlite_db.engine.url.render_as_string(hide_password=False)
    asked, release = threading.Event(), threading.Event()
    with site_server() as site:
        site.route("/feed.xml", _stuck_routes(asked, release)["hang"])
        config = write_config(tmp_path / "config.toml", [feed_source("stuck", site.url("/feed.xml"))],
                              crawl={"download_timeout": 60})
        try:
            outcome = _cancel_when_asked(config, db_url, ["stuck"], asked, grace=0)  # SIGKILL
        finally:
            release.set()
    assert outcome.cancelled and outcome.returncode == -signal.SIGKILL
    (run,) = outcome.runs
    assert run.status == "interrupted" and "cancelled" in run.error
    source = _source_row(sqlite_db, "stuck")
    assert source.consecutive_failures == 0 and source.last_error is None

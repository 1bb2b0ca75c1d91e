"""The daemon as a real process: lock, signals, --once, crawls against a loopback mirror."""

from __future__ import annotations

import contextlib
import datetime as dt
import os
import signal
import threading
import time

import pytest
from alertkit import Receiver
from daemonkit import (
    DaemonProcess,
    article_page,
    feed_source,
    publish,
    rss_feed,
    run_cli,
    status,
    wait_for,
    write_config,
)
from sqlalchemy import select

from renewal_watch.config import validate
from renewal_watch.lock import lock_status
from renewal_watch.mirror import Answer, MirrorServer
from renewal_watch.models import Alert, Article, CrawlRun, Source
from renewal_watch.status import collect_status

RENEWAL = ("Netflix and Studio Pierrot have announced that the anime Hero Mask will return with "
           "a third season. Hero Mask season 3 is scheduled to premiere next year.")

pytestmark = pytest.mark.slow


@pytest.fixture
def daemons():
    """Started daemons, killed at the end if a test left one running.

    Tests open the database (`db`, `sqlite_db`) before starting processes, so it is migrated
    before two processes open it at once (concurrent first-use migrations race).
    """
    started: list[DaemonProcess] = []
    yield started
    for daemon in started:
        daemon.close()


def _start(daemons, config, db_url, tmp_path, *args, name="daemon"):
    daemon = DaemonProcess(config, db_url, tmp_path / f"{name}-{len(daemons)}.log", *args)
    daemons.append(daemon)
    return daemon


def _daemon(db):
    """The daemon part of the status, read in this process (cheap enough to poll)."""
    return lock_status(db)


def _source_status(db, name):
    """One source's status, read in this process (the CLI is checked where it matters)."""
    return next((s for s in collect_status(db, validate({}))["sources"] if s["name"] == name),
                {})


# --------------------------------------------------------------------------------------------
# Lifecycle without crawls
# --------------------------------------------------------------------------------------------


def test_second_daemon_refuses_then_sigterm_exits_zero(db_url, db, tmp_path, daemons):
    config = write_config(tmp_path / "config.toml")
    first = _start(daemons, config, db_url, tmp_path)
    wait_for(lambda: _daemon(db)["running"], what="first daemon running")
    second = run_cli("daemon", "--config", str(config), "--db", db_url, timeout=60)
    assert second.returncode == 3
    assert "another renewal-watch daemon is running" in second.stderr
    assert f"pid {first.pid}" in second.stderr
    assert first.terminate() == 0, first.output()
    assert _daemon(db) == {"running": False}


def test_lock_of_a_killed_daemon_is_taken_over(db_url, db, tmp_path, daemons):
    config = write_config(tmp_path / "config.toml")
    first = _start(daemons, config, db_url, tmp_path)
    wait_for(lambda: _daemon(db)["running"], what="first daemon running")
    first.kill()  # kill -9: the lock row stays behind
    daemon = status(config, db_url)["daemon"]  # (through the CLI once)
    assert daemon["running"] is False and daemon["stale_lock"] is True
    second = _start(daemons, config, db_url, tmp_path)
    wait_for(lambda: _daemon(db).get("pid") == second.pid,
             what="second daemon holding the lock")
    assert "took over the daemon lock" in second.output()
    assert second.terminate() == 0


def test_once_without_due_work_exits_zero(db_url, tmp_path, db):
    config = write_config(tmp_path / "config.toml")
    result = run_cli("daemon", "--once", "--config", str(config), "--db", db_url)
    assert result.returncode == 0, result.stderr
    jobs = status(config, db_url)["jobs"]
    assert {"alerts:deliver", "housekeeping", "alerts:digest:daily"} <= set(jobs)
    assert all(job["last_ok_at"] for job in jobs.values())


def test_bad_config_exits_two(tmp_path):
    bad = tmp_path / "bad.toml"
    bad.write_text("[daemon]\nmin_interval = 'soon'\n")
    result = run_cli("daemon", "--config", str(bad), "--db", str(tmp_path / "x.sqlite3"))
    assert result.returncode == 2
    assert "daemon.min_interval" in result.stderr


# --------------------------------------------------------------------------------------------
# Crawls against a loopback mirror
# --------------------------------------------------------------------------------------------


def _runs(db, name):
    """(status, error, articles_new) of every run of a source, oldest first."""
    with db.session() as s:
        return s.execute(select(CrawlRun.status, CrawlRun.error, CrawlRun.articles_new)
                         .join(Source, CrawlRun.source_id == Source.id)
                         .where(Source.name == name).order_by(CrawlRun.id)).all()


def _article_urls(db):
    with db.session() as s:
        return list(s.scalars(select(Article.canonical_url).order_by(Article.id)))


def test_daemon_crawls_on_schedule_and_stops_on_sigterm(db_url, db, tmp_path, daemons):
    with MirrorServer() as site:
        publish(site, 3)
        config = write_config(tmp_path / "config.toml",
                              sources=[feed_source("news", site.url("/feed.xml"), interval=1)])
        daemon = _start(daemons, config, db_url, tmp_path)
        wait_for(lambda: len(_article_urls(db)) == 3, what="first three articles", timeout=60)
        publish(site, 5)  # two more articles: picked up by a later scheduled run
        wait_for(lambda: len(_article_urls(db)) == 5, what="two new articles", timeout=60)
        # The unchanged feed is then answered 304, and status shows it.
        wait_for(lambda: _source_status(db, "news").get("ratio_304"), what="a 304", timeout=60)
        live = next(s for s in status(config, db_url)["sources"] if s["name"] == "news")
        assert live["running"] or live["last_run"]  # (the CLI's view, while the daemon runs)
        assert daemon.terminate() == 0, daemon.output()
    # Read again once the daemon has stopped: with a 1 s interval a crawl may be under way
    # when the live view is taken, and its last run is then still "running".
    src = next(s for s in status(config, db_url)["sources"] if s["name"] == "news")
    assert src["recent_runs"] >= 3 and src["ratio_304"] > 0
    assert src["last_run"]["status"] == "ok"
    assert src["health"] == "ok" and src["next_run_at"] is not None
    assert len(set(_article_urls(db))) == 5
    assert all(run.status == "ok" for run in _runs(db, "news"))
    assert _daemon(db) == {"running": False}


@pytest.fixture
def sqlite_url(sqlite_db, tmp_path):
    """The URL of `sqlite_db` (crawl-heavy process tests run on SQLite only)."""
    return f"sqlite:///{tmp_path / 'test.sqlite3'}"


def _running_pid(db, name):
    with db.session() as s:
        return s.scalar(select(CrawlRun.pid).join(Source, CrawlRun.source_id == Source.id)
                        .where(Source.name == name, CrawlRun.status == "running"))


def test_hung_crawl_is_ended_at_its_time_limit_and_the_next_one_runs(
        sqlite_url, sqlite_db, tmp_path, daemons):
    release = threading.Event()

    def never_answers(_request):
        release.wait(90)
        return

    with MirrorServer() as site:
        publish(site, 2)
        site.route("/stuck.xml", never_answers)
        config = write_config(tmp_path / "config.toml",
                              sources=[feed_source("stuck", site.url("/stuck.xml")),
                                       feed_source("news", site.url("/feed.xml"))],
                              crawl={"time_limit": 8, "download_timeout": 120},
                              daemon={"grace_period": 1})
        daemon = _start(daemons, config, sqlite_url, tmp_path)
        try:
            wait_for(lambda: len(runs := _runs(sqlite_db, "stuck")) >= 2
                     and runs[0].status == "timeout", what="a timed-out run, then the next",
                     timeout=90)
            # The other source goes on while the stuck one hangs (still held: not released).
            wait_for(lambda: any(r.status == "ok" for r in _runs(sqlite_db, "news")),
                     what="a successful run of the other source", timeout=60)
        finally:
            release.set()
        assert daemon.terminate() == 0, daemon.output()
    assert _runs(sqlite_db, "stuck")[0].error == "time limit of 8s reached"
    assert len(_article_urls(sqlite_db)) == 2


def test_crashed_crawl_is_recorded_as_failed_and_the_daemon_goes_on(
        sqlite_url, sqlite_db, tmp_path, daemons):
    killed = []

    def crash_the_crawler(_request):
        # The crawl process dies in the middle of a request (as if the OOM killer took it).
        if not killed:
            killed.append(_running_pid(sqlite_db, "news"))
            os.kill(killed[0], signal.SIGKILL)
        return

    with MirrorServer() as site:
        publish(site, 2)
        site.route("/robots.txt", crash_the_crawler)
        config = write_config(tmp_path / "config.toml",
                              sources=[feed_source("news", site.url("/feed.xml"))])
        daemon = _start(daemons, config, sqlite_url, tmp_path)
        wait_for(lambda: any(r.status == "ok" for r in _runs(sqlite_db, "news")),
                 what="a successful run after the crash", timeout=60)
        assert daemon.terminate() == 0, daemon.output()
    first = _runs(sqlite_db, "news")[0]
    assert first.status == "failed" and "killed by signal 9" in first.error
    assert len(_article_urls(sqlite_db)) == 2


def _slow_site(site, n, delay):
    """`n` articles whose pages each take `delay` seconds to answer."""
    publish(site, n)
    for i in range(n):
        path = f"/news/{i}.html"
        body = article_page(f"Slow story {i}", f"Story {i}: a studio announced a new project.")

        def answer(_request, body=body):
            time.sleep(delay)
            return Answer(body=body.encode())

        site.route(path, answer)


def test_sigterm_lets_a_running_crawl_finish_within_the_grace_period(
        sqlite_url, sqlite_db, tmp_path, daemons):
    with MirrorServer() as site:
        _slow_site(site, 3, delay=1.0)
        config = write_config(tmp_path / "config.toml",
                              sources=[feed_source("slow", site.url("/feed.xml"), interval=3600)],
                              daemon={"grace_period": 30})
        daemon = _start(daemons, config, sqlite_url, tmp_path)
        wait_for(lambda: site.requests_for("/news/0.html"), what="the crawl under way")
        assert daemon.terminate() == 0, daemon.output()
    assert [r.status for r in _runs(sqlite_db, "slow")] == ["ok"]
    assert len(_article_urls(sqlite_db)) == 3


def test_sigterm_ends_a_crawl_that_outlasts_the_grace_period(
        sqlite_url, sqlite_db, tmp_path, daemons):
    release, asked = threading.Event(), threading.Event()

    def never_answers(_request):
        asked.set()  # (never answered, so never in the mirror's log)
        release.wait(90)

    with MirrorServer() as site:
        site.route("/stuck.xml", never_answers)
        config = write_config(tmp_path / "config.toml",
                              sources=[feed_source("stuck", site.url("/stuck.xml"))],
                              crawl={"time_limit": 600, "download_timeout": 300},
                              daemon={"grace_period": 1})
        daemon = _start(daemons, config, sqlite_url, tmp_path)
        try:
            wait_for(asked.is_set, what="the crawl under way")
            code = daemon.terminate(timeout=60)
        finally:
            release.set()
    assert code == 0, daemon.output()
    assert "grace period over: ending crawl:stuck" in daemon.output()
    runs = _runs(sqlite_db, "stuck")
    assert len(runs) == 1 and runs[0].status == "interrupted"  # closed, not left "running"
    # The child stopped by itself (no SIGKILL), and the shutdown is not the source's failure.
    assert "ignored SIGTERM" not in daemon.output()
    with sqlite_db.session() as s:
        source = s.scalars(select(Source).where(Source.name == "stuck")).one()
        assert source.consecutive_failures == 0 and source.last_error is None
        assert not s.scalars(select(Alert).where(Alert.kind == "source_health")).all()


def test_kill_9_during_a_crawl_then_restart_loses_and_duplicates_nothing(
        sqlite_url, sqlite_db, tmp_path, daemons):
    # One page is held until the kill: the first crawl cannot finish (and deliver) before the
    # power cut, however slowly a loaded machine runs this test. The others answer at once,
    # in whatever order the crawler asks for them.
    release = threading.Event()
    held = article_page("Slow story 0", "Story 0: a studio announced a new project.")

    def held_until_the_kill(_request):
        release.wait(90)
        return Answer(body=held.encode())

    with Receiver() as hook, MirrorServer() as site:
        publish(site, 4)
        site.route("/news/0.html", held_until_the_kill)
        site.set("/news/hero.html", article_page("Hero Mask anime renewed for season 3", RENEWAL))
        site.set("/feed.xml", rss_feed(site.base_url, [
            ("/news/hero.html", "Hero Mask anime renewed for season 3"),
            *[(f"/news/{i}.html", f"Studio news number {i}") for i in range(4)]]))
        # (Downloads outlast the wait for the kill: a timed-out page would end the crawl.)
        config = write_config(tmp_path / "config.toml",
                              sources=[feed_source("news", site.url("/feed.xml"))],
                              crawl={"download_timeout": 120},
                              channels=[{"name": "hook", "url": hook.url()}])
        first = _start(daemons, config, sqlite_url, tmp_path)
        try:
            child = wait_for(lambda: site.url("/news/hero.html") in _article_urls(sqlite_db)
                             and _running_pid(sqlite_db, "news"),
                             what="a crawl half done", timeout=60)
            # Power cut: the daemon and its crawl child die at once.
            first.kill()
            with contextlib.suppress(ProcessLookupError):
                os.killpg(child, signal.SIGKILL)
        finally:
            release.set()
        assert _runs(sqlite_db, "news")[0].status == "running"  # left open by the power cut
        second = _start(daemons, config, sqlite_url, tmp_path)
        wait_for(lambda: len(_article_urls(sqlite_db)) == 5, what="every article", timeout=60)
        wait_for(lambda: sum(r.status == "ok" for r in _runs(sqlite_db, "news")) >= 2,
                 what="a second complete run", timeout=60)
        wait_for(lambda: hook.titles(), what="the alert delivered")
        assert second.terminate() == 0, second.output()
    urls = _article_urls(sqlite_db)
    assert len(urls) == len(set(urls)) == 5
    runs = _runs(sqlite_db, "news")
    assert runs[0].status == "failed" and "killed" in runs[0].error
    assert "running" not in {r.status for r in runs}
    with sqlite_db.session() as s:
        renewals = s.scalars(select(Alert).where(Alert.kind == "renewal")).all()
    assert len(renewals) == 1
    assert sum("Hero Mask" in title for title in hook.titles()) == 1


def test_once_crawls_due_sources_once_and_exits(sqlite_url, sqlite_db, tmp_path):
    with MirrorServer() as site:
        publish(site, 2)
        config = write_config(tmp_path / "config.toml",
                              sources=[feed_source("news", site.url("/feed.xml"),
                                                   interval=3600)])
        log = tmp_path / "logs" / "daemon.log"
        args = ("daemon", "--once", "--config", str(config), "--db", sqlite_url)
        first = run_cli(*args, "--log-file", str(log))
        assert first.returncode == 0, first.stderr
        assert "--once: 1 source(s) due: news" in log.read_text()
        assert [r.status for r in _runs(sqlite_db, "news")] == ["ok"]
        assert len(_article_urls(sqlite_db)) == 2
        second = run_cli(*args)  # nothing is due an hour ahead
        assert second.returncode == 0, second.stderr
    assert len(_runs(sqlite_db, "news")) == 1
    src = _source_status(sqlite_db, "news")
    assert src["next_run_at"] > src["last_run"]["finished_at"]


def test_source_answering_429_is_backed_off(sqlite_url, sqlite_db, tmp_path):
    with MirrorServer() as site:
        site.route("/feed.xml", lambda _r: Answer(body=b"slow down", status=429,
                                                  content_type="text/plain",
                                                  headers={"Retry-After": "3600"}))
        config = write_config(tmp_path / "config.toml",
                              sources=[feed_source("busy", site.url("/feed.xml"), interval=600)],
                              daemon={"min_interval": 60})
        args = ("daemon", "--once", "--config", str(config), "--db", sqlite_url)
        assert run_cli(*args).returncode == 0
        assert run_cli(*args).returncode == 0  # still backed off: not crawled again
        assert len(site.requests_for("/feed.xml")) == 1
    with sqlite_db.session() as s:
        (stats,) = s.scalars(select(CrawlRun.stats)).all()
    assert stats["renewal_watch/retry_after"] == 3600  # given up (over RETRY_AFTER_MAX), kept
    src = _source_status(sqlite_db, "busy")
    assert src["poll_interval"] == 1200  # doubled
    assert src["next_run_at"] == src["backoff_until"]
    # The hour the site asked for, longer than the doubled interval.
    wait = dt.datetime.fromisoformat(src["backoff_until"]) - dt.datetime.fromisoformat(
        src["last_run"]["finished_at"])
    assert dt.timedelta(minutes=59) < wait <= dt.timedelta(minutes=61)


# --------------------------------------------------------------------------------------------
# Source health through the alert channels
# --------------------------------------------------------------------------------------------


def test_broken_source_raises_one_health_alert_and_one_recovery(
        sqlite_url, sqlite_db, tmp_path, daemons):
    phase = {"now": "good"}

    with Receiver() as hook, MirrorServer() as site:
        publish(site, 3)
        feeds = {"good": rss_feed(site.base_url, [(f"/news/{i}.html", f"Studio news number {i}")
                                                  for i in range(3)]),
                 "empty": rss_feed(site.base_url, [])}

        def feed(_request):
            if phase["now"] == "error":
                return Answer(body=b"internal error", status=500, content_type="text/plain")
            return Answer(body=feeds[phase["now"]].encode(), content_type="application/rss+xml")

        site.route("/feed.xml", feed)
        config = write_config(tmp_path / "config.toml",
                              sources=[feed_source("news", site.url("/feed.xml"))],
                              daemon={"failure_threshold": 2},
                              channels=[{"name": "hook", "url": hook.url(),
                                         "severities": ["critical", "warning", "notice"]}])
        daemon = _start(daemons, config, sqlite_url, tmp_path)

        def health():
            return _source_status(sqlite_db, "news").get("health")

        wait_for(lambda: health() == "ok", what="a healthy source", timeout=60)
        phase["now"] = "error"  # the site breaks: 500s
        wait_for(lambda: health() == "failing", what="failing after 2 runs", timeout=60)
        phase["now"] = "empty"  # then a new layout: parses, finds nothing
        wait_for(lambda: health() == "empty", what="the empty layout noticed", timeout=60)
        phase["now"] = "good"  # fixed
        wait_for(lambda: health() == "ok", what="recovery", timeout=60)
        wait_for(lambda: len(hook.titles()) >= 2, what="both messages delivered")
        assert daemon.terminate() == 0, daemon.output()
    with sqlite_db.session() as s:
        alerts = s.scalars(select(Alert).where(Alert.kind == "source_health")).all()
    assert len(alerts) == 1 and alerts[0].resolved_at is not None
    titles = hook.titles()
    assert len(titles) == 2, titles
    assert "news" in titles[0] and "resolved" not in titles[0]
    assert "resolved" in titles[1]


# --------------------------------------------------------------------------------------------
# Resuming a source's schedule at start (no process needed)
# --------------------------------------------------------------------------------------------


def _trigger_for(state, interval=600, **daemon):
    from renewal_watch.daemon_tasks import SourceState
    from scheduler import Daemon

    config = validate({"daemon": {"jitter": 0, "min_interval": 60, **daemon},
                       "source": [{"name": "s", "type": "feed", "urls": ["https://s.test/"],
                                   "schedule": {"interval": interval}}]})
    now = dt.datetime(2025, 1, 1, 12, tzinfo=dt.UTC)
    stored = SourceState("s", *state) if state else None
    trigger, first = Daemon(config, "sqlite://")._crawl_trigger(config.get_source("s"),
                                                                  stored, now)
    return trigger.interval_length, (first - now).total_seconds()


def test_never_polled_source_starts_at_once_with_its_interval():
    assert _trigger_for(None) == (600, 0)


def test_restart_resumes_stored_interval_and_due_time():
    due = dt.datetime(2025, 1, 1, 12, 15, tzinfo=dt.UTC)
    assert _trigger_for((900, due, None)) == (900, 900)


def test_restart_honours_backoff_but_caps_a_stale_slow_schedule():
    far = dt.datetime(2025, 1, 3, tzinfo=dt.UTC)
    # The interval was lowered to 10 min: a due time two days ahead is cut to 8 x 10 min.
    assert _trigger_for((86400, far, None)) == (4800, 4800)
    backoff = dt.datetime(2025, 1, 1, 18, tzinfo=dt.UTC)
    assert _trigger_for((600, None, backoff)) == (600, 6 * 3600)

"""Crawls of a real loopback site through the production path (a child process per crawl).

What a second poll costs (one 304, nothing parsed, nothing stored), what an edit becomes
(version 2), what robots.txt and the age limit keep us from fetching, and that faults of
one source (500s, a hang, a gzip bomb, an entity bomb, a broken feed) are recorded as that
source's errors without losing the others' results.
"""

from __future__ import annotations

import datetime as dt
import time

import pytest
from sqlalchemy import func, select

from renewal_watch.config import load_config
from renewal_watch.crawl import group_by_host, run_outcome
from renewal_watch.db import open_database
from renewal_watch.mirror import Answer
from renewal_watch.models import Article, ArticleVersion, HttpValidator, Mention, Source
from tests.crawlkit import (
    BILLION_LAUGHS,
    NOW,
    crawl,
    feed_source,
    gzip_bomb,
    latest_runs,
    rss,
    site_server,
    write_config,
)

RENEWAL = "/news/hero-mask-season-3.html"
ROUNDUP = "/news/studio-roundup.html"
ARCHIVE = "/news/hero-mask-archive.html"
PRIVATE = "/private/hero-mask-leak.html"


def _feed(base: str, renewal_date: dt.datetime = NOW) -> str:
    return rss(base, [
        (RENEWAL, "Hero Mask Season 3 Announced by Netflix", renewal_date),
        (ROUNDUP, "Weekly Studio Roundup", NOW - dt.timedelta(hours=2)),
        (PRIVATE, "Leaked Hero Mask page", NOW - dt.timedelta(hours=3)),
        (ARCHIVE, "Hero Mask Part 2 Streams Worldwide", NOW - dt.timedelta(days=400)),
    ])


def _count(db, model) -> int:
    with db.session() as session:
        return session.scalar(select(func.count()).select_from(model))


def test_poll_cycle_new_then_304_then_edited_version(db, db_url, tmp_path):
    with site_server() as site:
        site.set("/feed.xml", _feed(site.base_url))
        config = write_config(tmp_path / "config.toml",
                              [feed_source("site", site.url("/feed.xml"))])

        # 1. first poll: the fresh, allowed articles are fetched and stored
        outcome = crawl(config, db_url, ["site"])
        assert [(r.source, r.status) for r in outcome.runs] == [("site", "ok")], outcome.log_tail
        fetched = {r.path for r in site.requests}
        assert {RENEWAL, ROUNDUP} <= fetched
        assert PRIVATE not in fetched          # robots.txt Disallow
        assert ARCHIVE not in fetched          # older than article_max_age_days
        assert _count(db, Article) == 2
        with db.session() as s:
            article = s.scalars(select(Article).where(Article.url.endswith(RENEWAL))).one()
            assert article.version == 1 and "third season" in article.text
            mention = s.scalars(select(Mention).where(Mention.article_id == article.id)).one()
            assert mention.label == "renewal"
            assert s.scalar(select(func.count()).select_from(HttpValidator)) >= 3
        first = latest_runs(db)["site"]
        assert (first.articles_new, first.responses_304) == (2, 0)
        assert first.items == 4 and first.errors == 0

        # 2. second poll: a conditional request, a 304, nothing parsed or fetched or stored
        site.clear_log()
        outcome = crawl(config, db_url, ["site"])
        assert outcome.runs[0].status == "ok"
        feed_requests = site.requests_for("/feed.xml")
        assert len(feed_requests) == 1
        assert feed_requests[0].headers.get("if-none-match")
        assert feed_requests[0].status == 304
        assert {r.path for r in site.requests} <= {"/robots.txt", "/feed.xml"}
        second = latest_runs(db)["site"]
        assert (second.responses_304, second.items, second.articles_new) == (1, 0, 0)
        assert _count(db, Article) == 2 and _count(db, ArticleVersion) == 2

        # 3. the article is edited and the feed says so: version 2, the other is not refetched
        page = (site.root / RENEWAL.lstrip("/")).read_text(encoding="utf-8")
        site.set(RENEWAL, page.replace("did not give a premiere date",
                                       "set an October premiere date"))
        site.set("/feed.xml", _feed(site.base_url, renewal_date=dt.datetime.now(dt.UTC)
                                    + dt.timedelta(minutes=1)))
        site.clear_log()
        outcome = crawl(config, db_url, ["site"])
        assert outcome.runs[0].status == "ok"
        paths = [r.path for r in site.requests]
        assert RENEWAL in paths and ROUNDUP not in paths
        with db.session() as s:
            article = s.scalars(select(Article).where(Article.url.endswith(RENEWAL))).one()
            assert article.version == 2 and "October premiere" in article.text
            versions = s.scalars(select(ArticleVersion.version).where(
                ArticleVersion.article_id == article.id).order_by(ArticleVersion.version)).all()
            assert versions == [1, 2]
        third = latest_runs(db)["site"]
        assert (third.articles_changed, third.articles_new) == (1, 0)
        assert _count(db, Article) == 2


def _slow(_request):
    time.sleep(5)  # longer than the download_timeout of 3 s set below
    return Answer(body=b"<rss version='2.0'><channel></channel></rss>")


def test_faulty_sources_are_recorded_and_others_kept(sqlite_db, tmp_path):
    db_url = sqlite_db.engine.url.render_as_string(hide_password=False)
    with site_server() as site:
        site.set("/good.xml", rss(site.base_url, [(RENEWAL, "Hero Mask Season 3", NOW)]))
        site.set("/e500.xml", "oops", status=500)
        site.route("/slow.xml", _slow)
        site.route("/bomb.xml", gzip_bomb(50_000_000))
        site.set("/laughs.xml", BILLION_LAUGHS, content_type="application/rss+xml")
        site.set("/broken.xml", "<html><body><p>Service moved</p>", content_type="text/html")
        names = ["good", "e500", "slow", "bomb", "laughs", "broken"]
        config = write_config(tmp_path / "config.toml",
                              [feed_source(n, site.url(f"/{n}.xml")) for n in names],
                              crawl={"download_timeout": 3})
        outcome = crawl(config, db_url, names)

    status = {r.source: (r.status, r.error or "") for r in outcome.runs}
    assert status["good"] == ("ok", ""), outcome.log_tail
    assert _count(sqlite_db, Article) == 1
    for name in names[1:]:
        assert status[name][0] == "failed", (name, status[name])
    assert "HTTP 500" in status["e500"][1]
    assert "timeout" in status["slow"][1].lower()
    assert "size limit" in status["bomb"][1]
    assert "entit" in status["laughs"][1]
    assert "not a feed" in status["broken"][1]
    runs = latest_runs(sqlite_db)
    assert runs["e500"].responses_5xx == 2          # one retry
    assert runs["slow"].timeouts == 2
    assert runs["bomb"].too_large == 1
    assert runs["good"].articles_new == 1
    with sqlite_db.session() as s:
        sources = {src.name: src for src in s.scalars(select(Source))}
    for name in names[1:]:
        assert sources[name].consecutive_failures == 1 and sources[name].last_error
        assert sources[name].last_success_at is None
    assert sources["good"].last_success_at is not None and sources["good"].last_error is None
    assert outcome.any_ok and outcome.returncode == 0


def test_oversized_body_is_dropped(sqlite_db, tmp_path):
    import os

    db_url = sqlite_db.engine.url.render_as_string(hide_password=False)
    with site_server() as site:
        site.set("/huge.xml", os.urandom(2_000_000), content_type="application/rss+xml")
        config = write_config(tmp_path / "config.toml", [feed_source("huge", site.url("/huge.xml"))])
        outcome = crawl(config, db_url, ["huge"])
    (run,) = outcome.runs
    assert run.status == "failed" and "size limit" in run.error
    assert run.counts["too_large"] == 1


def test_entries_are_the_articles_without_follow_links(sqlite_db, tmp_path):
    db_url = sqlite_db.engine.url.render_as_string(hide_password=False)
    atom = f"""<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom"><title>r/test</title>
<entry><id>t3_abc123</id><title>Hero Mask season 3 confirmed by Netflix!</title>
<link href="https://forum.invalid/r/test/comments/abc123/"/>
<updated>{NOW.isoformat()}</updated><author><name>/u/tester</name></author>
<content type="html">&lt;p&gt;Netflix confirmed a third season of the Hero Mask anime by Pierrot.&lt;/p&gt;
&lt;script&gt;alert(1)&lt;/script&gt;</content></entry></feed>"""
    with site_server() as site:
        site.set("/r.rss", atom, content_type="application/atom+xml")
        config = write_config(tmp_path / "config.toml",
                              [feed_source("forum", site.url("/r.rss"), follow_links=False)])
        outcome = crawl(config, db_url, ["forum"])
        assert {r.path for r in site.requests} <= {"/robots.txt", "/r.rss"}
    assert outcome.runs[0].status == "ok", outcome.log_tail
    with sqlite_db.session() as s:
        article = s.scalars(select(Article)).one()
    assert article.url == "https://forum.invalid/r/test/comments/abc123/"
    assert article.guid == "t3_abc123"
    assert "third season" in article.text
    assert "alert(" not in article.text and "<" not in article.text


def test_news_sitemap_fetches_only_fresh_matching_urls(sqlite_db, tmp_path):
    db_url = sqlite_db.engine.url.render_as_string(hide_password=False)
    old = (NOW - dt.timedelta(days=90)).isoformat()
    with site_server() as site:
        index = (f'<sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">'
                 f"<sitemap><loc>{site.url('/news-sitemap.xml')}</loc></sitemap>"
                 f"<sitemap><loc>{site.url('/old-sitemap.xml')}</loc><lastmod>{old}</lastmod>"
                 f"</sitemap></sitemapindex>")
        news = (f'<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9" '
                f'xmlns:news="http://www.google.com/schemas/sitemap-news/0.9">'
                f"<url><loc>{site.url(RENEWAL)}</loc><news:news><news:publication_date>"
                f"{NOW.isoformat()}</news:publication_date></news:news></url>"
                f"<url><loc>{site.url(ARCHIVE)}</loc><lastmod>{old}</lastmod></url>"
                f"<url><loc>{site.url('/about.html')}</loc><lastmod>{NOW.isoformat()}</lastmod>"
                f"</url></urlset>")
        site.set("/sitemap_index.xml", index)
        site.set("/news-sitemap.xml", news)
        # Found through robots.txt, as a site announces it.
        robots = (site.root / "robots.txt").read_text(encoding="utf-8")
        site.set("/robots.txt", robots + f"Sitemap: {site.url('/sitemap_index.xml')}\n",
                 content_type="text/plain")
        source = {"name": "maps", "type": "sitemap", "urls": [site.url("/robots.txt")],
                  "url_patterns": ["/news/"]}
        config = write_config(tmp_path / "config.toml", [source])
        outcome = crawl(config, db_url, ["maps"])
        paths = {r.path for r in site.requests}
    assert outcome.runs[0].status == "ok", outcome.log_tail
    assert {RENEWAL, "/sitemap_index.xml", "/news-sitemap.xml"} <= paths
    assert not paths & {ARCHIVE, "/about.html", "/old-sitemap.xml"}
    assert _count(sqlite_db, Article) == 1


def test_group_by_host_serialises_sources_sharing_a_host():
    config = load_config(None)
    groups = group_by_host(config.sources)
    flat = [s.name for g in groups for s in g]
    assert sorted(flat) == sorted(s.name for s in config.sources)
    for group in groups:
        hosts = [set(filter(None, (u.split("/")[2] for u in s.urls))) for s in group]
        assert len(group) == 1 or any(a & b for a in hosts for b in hosts if a is not b)


@pytest.mark.parametrize("stats,error,expected", [
    ({"finish_reason": "finished", "renewal_watch/listing_ok": 1}, None, ("ok", None)),
    ({"finish_reason": "finished", "renewal_watch/listing_ok": 1, "renewal_watch/errors": 2,
      "renewal_watch/last_error": "HTTP 404"}, None, ("ok", "HTTP 404")),
    ({"finish_reason": "finished", "renewal_watch/listing_failed": 1,
      "renewal_watch/last_error": "timeout"}, None, ("failed", "timeout")),
    ({"finish_reason": "shutdown", "renewal_watch/listing_ok": 1}, None,
     ("failed", "interrupted (shutdown)")),
    ({}, "ValueError: bad", ("failed", "ValueError: bad")),
    ({"finish_reason": "finished"}, None, ("ok", None)),   # nothing to do (no ids configured)
])
def test_run_outcome(stats, error, expected):
    assert run_outcome(stats, error) == expected


@pytest.mark.parametrize("stats,error,expected", [
    ({"finish_reason": "shutdown", "renewal_watch/listing_ok": 1}, None,
     ("interrupted", "interrupted (shutdown)")),
    # the stop cut a download short and the spider then ran out of work
    ({"finish_reason": "finished", "renewal_watch/listing_failed": 1,
      "renewal_watch/requests_aborted": 1}, None, ("interrupted", "interrupted (requests cut short)")),
    ({}, "stopped before it started", ("interrupted", "interrupted (stopped before it started)")),
    # done before the stop reached it: judged as usual
    ({"finish_reason": "finished", "renewal_watch/listing_ok": 1}, None, ("ok", None)),
])
def test_run_outcome_of_a_stopped_crawl(stats, error, expected):
    assert run_outcome(stats, error, stopped=True) == expected


def test_aborted_requests_stat_key_agrees_with_the_middlewares():
    from renewal_watch.crawl import REQUESTS_ABORTED_STAT
    from renewal_watch.http.stats import REQUESTS_ABORTED

    assert REQUESTS_ABORTED_STAT == REQUESTS_ABORTED


def test_crawl_reopens_database_with_migrations(tmp_path):
    # A crawl into a database that does not exist yet creates and migrates it.
    db_url = f"sqlite:///{tmp_path / 'new' / 'db.sqlite3'}"
    with site_server() as site:
        site.set("/feed.xml", rss(site.base_url, []))
        config = write_config(tmp_path / "config.toml", [feed_source("empty", site.url("/feed.xml"))])
        outcome = crawl(config, db_url, ["empty"])
    assert outcome.runs[0].status == "ok"
    db = open_database(db_url)
    try:
        assert _count(db, Source) >= 1
    finally:
        db.dispose()


def test_failed_article_fetch_decides_whether_the_feed_is_revalidated(sqlite_db, tmp_path):
    # A 5xx article may work next time: its feed is fetched in full again (no validators).
    # A 404 will not: its feed keeps its validators and is answered 304.
    db_url = sqlite_db.engine.url.render_as_string(hide_password=False)
    with site_server() as site:
        site.set("/a.xml", rss(site.base_url, [("/news/missing.html", "Missing", NOW)]))
        site.set("/b.xml", rss(site.base_url, [("/news/flaky.html", "Flaky", NOW)]))
        site.set("/news/flaky.html", "busy", status=503)
        config = write_config(tmp_path / "config.toml",
                              [feed_source("a", site.url("/a.xml")),
                               feed_source("b", site.url("/b.xml"))])
        first = crawl(config, db_url, ["a", "b"])
        site.clear_log()
        crawl(config, db_url, ["a", "b"])
        a_feed, b_feed = site.requests_for("/a.xml"), site.requests_for("/b.xml")
    assert {r.source: r.status for r in first.runs} == {"a": "ok", "b": "ok"}
    assert {r.source: r.counts["errors"] for r in first.runs} == {"a": 1, "b": 1}
    assert [r.status for r in a_feed] == [304]
    assert [r.status for r in b_feed] == [200] and "if-none-match" not in b_feed[0].headers

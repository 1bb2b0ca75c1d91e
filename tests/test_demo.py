"""The offline demo end to end: `renewal-watch demo --out DIR` in a subprocess.

Where the machine allows it (`unshare -rn`), the demo runs in a network namespace that has
only a loopback interface, so any attempt to reach beyond 127.0.0.1 fails the crawl; either
way the database must show that every fetched URL was on 127.0.0.1.
"""

from __future__ import annotations

import datetime as dt
import functools
import json
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from lxml import html as lxml_html
from sqlalchemy import select

from renewal_watch.db import open_database
from renewal_watch.demo import DEMO_SOURCES
from renewal_watch.demo.sites import fill_placeholders, iter_site_files
from renewal_watch.models import Alert, Article, CrawlRun, Delivery, Mention, Source

pytestmark = pytest.mark.slow

DEMO_NAMES = {s.name for s in DEMO_SOURCES}
LOOPBACK = "http://127.0.0.1:"


@functools.cache
def _can_isolate() -> bool:
    """Whether `unshare -rn` gives us a loopback-only network namespace here."""
    if shutil.which("unshare") is None or shutil.which("ip") is None:
        return False
    probe = subprocess.run(["unshare", "-rn", "sh", "-c", "ip link set lo up"],
                           capture_output=True, timeout=30, check=False)
    return probe.returncode == 0


def _demo_command(out: Path) -> list[str]:
    cmd = [sys.executable, "-c", "from renewal_watch.cli import main; main()", "demo",
           "--out", str(out)]
    if _can_isolate():
        cmd = ["unshare", "-rn", "sh", "-c", 'ip link set lo up && exec "$@"', "demo", *cmd]
    return cmd


@pytest.fixture(scope="module")
def demo_run(tmp_path_factory):
    out = tmp_path_factory.mktemp("demo") / "run"
    env = {k: v for k, v in os.environ.items()
           if k not in ("RENEWAL_WATCH_CONFIG", "RENEWAL_WATCH_DB")}
    done = subprocess.run(_demo_command(out), capture_output=True, text=True, timeout=240,
                          env=env, check=False)
    assert done.returncode == 0, f"stdout:\n{done.stdout}\nstderr:\n{done.stderr[-4000:]}"
    db = open_database(f"sqlite:///{out / 'demo.sqlite3'}")
    try:
        yield out, done, db
    finally:
        db.dispose()


def test_one_critical_renewal_alert_with_three_sources(demo_run):
    _, _, db = demo_run
    with db.session() as s:
        alerts = list(s.scalars(select(Alert)))
        critical = [a for a in alerts if a.severity == "critical"]
        assert len(critical) == 1, [(a.kind, a.severity, a.summary) for a in alerts]
        alert = critical[0]
        assert alert.kind == "renewal" and alert.season == 3
        assert alert.title is not None and alert.title.key == "hero-mask"
        assert sorted(src.source_name for src in alert.sources) == [
            "demo-fan-corner", "demo-otaku-wire", "demo-trade-daily"]
        copies = [src.source_name for src in alert.sources if not src.independent]
        assert copies == ["demo-otaku-wire"], "the syndicated copy is not independent"
        # Nothing else reports a change of status: no "ended" from the "everything we know"
        # piece, nothing from the superhero-mask craft page.
        assert {a.kind for a in alerts} <= {"renewal", "rumor"}
        assert all(a.severity == "notice" for a in alerts if a.kind == "rumor")
        assert alert.title.believed_status == "ongoing" and alert.title.believed_season == 3


def test_distractors_open_nothing(demo_run):
    _, _, db = demo_run
    with db.session() as s:
        attached = {src.url for a in s.scalars(select(Alert)) for src in a.sources}
        assert not any("everything-we-know" in u or "superhero" in u for u in attached)
        craft = s.scalars(select(Article).where(Article.url.contains("diy-superhero-mask"))).one()
        labels = set(s.scalars(select(Mention.label).where(Mention.article_id == craft.id)))
        assert labels <= {"unrelated"}
        guide = s.scalars(select(Article).where(Article.url.contains("everything-we-know"))).one()
        labels = set(s.scalars(select(Mention.label).where(Mention.article_id == guide.id)))
        assert not labels & {"renewal", "new_project"}, labels


def test_only_loopback_was_fetched(demo_run):
    _, _, db = demo_run
    with db.session() as s:
        urls = list(s.scalars(select(Article.url)))
        assert len(urls) >= 10
        assert all(u.startswith(LOOPBACK) for u in urls), urls
        runs = s.execute(select(Source.name, CrawlRun.status)
                         .join(CrawlRun, CrawlRun.source_id == Source.id)).all()
        assert {name for name, _ in runs} == DEMO_NAMES
        assert all(status == "ok" for _, status in runs), runs


def test_alert_delivered_to_file_channel(demo_run):
    out, _, db = demo_run
    lines = [json.loads(line) for line in
             (out / "alerts.jsonl").read_text(encoding="utf-8").splitlines() if line.strip()]
    renewal = [m for m in lines if "Hero Mask" in m["title"] and "renewal" in m["title"].lower()]
    assert len(renewal) == 1, lines
    with db.session() as s:
        sent = {d.channel for d in s.scalars(select(Delivery).where(Delivery.status == "sent"))}
    assert {"console", "demo-file"} <= sent


def test_console_delivery_reaches_the_terminal(demo_run):
    _, done, db = demo_run
    with db.session() as s:
        console = s.scalars(select(Delivery).where(Delivery.channel == "console",
                                                   Delivery.status == "sent")).first()
    assert console is not None and console.subject
    assert console.subject in done.stdout, done.stdout


def test_report_written_with_the_alert(demo_run):
    out, _, _ = demo_run
    page = (out / "report.html").read_text(encoding="utf-8")
    doc = lxml_html.fromstring(page)
    cards = doc.xpath("//article[@data-kind='renewal'][@data-severity='critical']")
    assert len(cards) == 1
    assert "Hero Mask" in cards[0].text_content()
    assert len(cards[0].xpath(".//li[@class='source']")) == 3
    assert doc.xpath("//*[local-name()='svg']//*[local-name()='rect'][@class='bar']")


def test_output_says_where_things_are_and_what_next(demo_run):
    out, done, _ = demo_run
    for name in ("report.html", "demo.sqlite3", "config.toml", "alerts.jsonl"):
        assert str(out / name) in done.stdout
    assert "renewal-watch report --config" in done.stdout


def test_out_directory_already_used_is_refused(demo_run):
    out, _, _ = demo_run
    done = subprocess.run([sys.executable, "-c", "from renewal_watch.cli import main; main()",
                           "demo", "--out", str(out)], capture_output=True, text=True,
                          timeout=120, check=False)
    assert done.returncode != 0
    assert "already holds a demo" in done.stderr


# --------------------------------------------------------------------------------------------
# The bundled sites themselves (no crawl)
# --------------------------------------------------------------------------------------------


def test_every_demo_page_is_marked_fictional():
    files = dict(iter_site_files())
    pages = [p for p in files if p.endswith(".html")]
    feeds = [p for p in files if p.endswith((".rss", ".atom"))]
    assert len(pages) >= 12 and len(feeds) >= 3
    for path in pages:
        assert "DEMO CONTENT — fictional" in files[path].decode("utf-8"), path
    for path in feeds:
        text = files[path].decode("utf-8")
        assert "(demo)</title>" in text, path


def test_placeholders_fill_with_base_url_and_fresh_dates():
    import feedparser

    now = dt.datetime(2026, 5, 6, 12, 0, tzinfo=dt.UTC)
    files = dict(iter_site_files())
    for path in ("/trade-daily/feed.rss", "/otaku-wire/feed.atom", "/fan-corner/feed.rss"):
        text = fill_placeholders(files[path].decode("utf-8"), "http://127.0.0.1:9999", now)
        assert not re.search(r"@[A-Z0-9:-]+@", text), "placeholder left unfilled"
        feed = feedparser.parse(text)
        assert not feed.bozo and feed.version in ("rss20", "atom10")
        for entry in feed.entries:
            assert entry.link.startswith("http://127.0.0.1:9999/")
            published = dt.datetime(*entry.published_parsed[:6], tzinfo=dt.UTC)
            assert now - dt.timedelta(days=30) < published < now

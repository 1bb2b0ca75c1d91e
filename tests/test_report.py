"""Reports: gathering from the database (SQLite and PostgreSQL), escaping, every format, the CLI."""

from __future__ import annotations

import datetime as dt
import json
import re
import xml.etree.ElementTree as ET

import feedparser
import pytest
from click.testing import CliRunner
from lxml import etree
from lxml import html as lxml_html
from report_rows import (
    EVIDENCE,
    HOSTILE_SENTENCE,
    IMG_PAYLOAD,
    JS_URL,
    NOW,
    SCRIPT_PAYLOAD,
    populate,
)
from sqlalchemy import select, update

from renewal_watch.cli import cli
from renewal_watch.config import load_config
from renewal_watch.exceptions import NotFound
from renewal_watch.models import Alert, AlertSource, Source, Title
from renewal_watch.report import FORMATS, build_report, render
from renewal_watch.report.chart import weekly_bar_chart
from renewal_watch.report.html import content_security_policy
from renewal_watch.report.json_format import SCHEMA
from renewal_watch.report.text import (
    MAX_EVIDENCE,
    MAX_HEADLINE,
    md_escape,
    safe_href,
    snippet,
    truncate,
)


@pytest.fixture
def config():
    return load_config(None)


@pytest.fixture
def filled(db):
    return db, populate(db)


# --------------------------------------------------------------------------------------------
# build_report on both databases
# --------------------------------------------------------------------------------------------


def test_title_belief_against_baseline_with_history(filled, config):
    db, ids = filled
    report = build_report(db, config, now=NOW)
    hero = next(t for t in report.titles if t.key == "hero-mask")
    assert (hero.baseline_status, hero.baseline_season) == ("ended", 2)
    assert (hero.believed_status, hero.believed_season) == ("ongoing", 3)
    assert hero.changed and hero.in_database
    assert [(h.from_status, h.to_status, h.alert_id) for h in hero.history] == [
        ("ended", "ongoing", ids.renewal_alert)]
    assert hero.mentions == {"renewal": 3, "ended": 1, "mention": 2}


def test_alert_sources_evidence_located_in_article_text(filled, config):
    db, ids = filled
    report = build_report(db, config, now=NOW)
    alert = next(a for a in report.alerts if a.id == ids.renewal_alert)
    assert alert.kind == "renewal" and alert.severity == "critical" and alert.season == 3
    assert [s.source_name for s in alert.sources] == ["trade-news", "syndicator", "community-board"]
    assert alert.independent_sources == 2
    first = alert.sources[0].evidence[0]
    assert first.located and first.match == EVIDENCE
    assert first.before.endswith("busy week.") and first.after.startswith("Further details")
    # Only http(s) URLs become links.
    assert [s.href is not None for s in alert.sources] == [True, True, False]
    assert alert.sources[2].url == JS_URL


def test_timeline_counts_mentions_per_week_and_label(filled, config):
    db, _ = filled
    tl = build_report(db, config, now=NOW).timeline
    assert tl.weeks == [dt.date(2026, 2, 9), dt.date(2026, 2, 16), dt.date(2026, 2, 23),
                        dt.date(2026, 3, 2)]
    assert tl.series == {"renewal": [0, 0, 0, 3], "ended": [1, 0, 0, 0],
                         "mention": [0, 1, 1, 0]}


def test_source_health(filled, config):
    db, _ = filled
    sources = {s.name: s for s in build_report(db, config, now=NOW).sources}
    broken = sources["broken-feed"]
    assert broken.health == "failing" and broken.consecutive_failures == 3
    assert broken.failed_runs == 2 and broken.last_success_at is None
    assert broken.last_error.startswith("HTTP 503")
    assert sources["trade-news"].articles == 4 and sources["trade-news"].last_items == 12
    assert "switched-off" not in sources


def test_since_limits_alerts_and_timeline(filled, config):
    db, ids = filled
    report = build_report(db, config, since=dt.timedelta(days=10), now=NOW)
    assert {a.id for a in report.alerts} == {ids.renewal_alert, ids.health_alert}
    # Ten days back is Sunday 22 February: its week (from Monday 16th) opens the timeline.
    assert report.timeline.weeks[0] == dt.date(2026, 2, 16)
    assert report.timeline.series == {"renewal": [0, 0, 3], "mention": [0, 1, 0]}
    hero = next(t for t in report.titles if t.key == "hero-mask")
    assert hero.history, "status history is shown whole"
    assert sum(s.failed_runs for s in report.sources) == 2


def test_title_filter(filled, config):
    db, ids = filled
    report = build_report(db, config, title="HERO MASK", now=NOW)  # an alias in the config
    assert report.title_filter == "hero-mask"
    assert ids.health_alert not in {a.id for a in report.alerts}
    with pytest.raises(NotFound):
        build_report(db, config, title="No Such Show", now=NOW)


def test_empty_database_reports_configured_titles(db, config):
    report = build_report(db, config)
    hero = next(t for t in report.titles if t.key == "hero-mask")
    assert not hero.in_database and hero.believed_status == "ended"
    assert report.alerts == [] and report.timeline.total == 0
    for fmt in FORMATS:
        assert render(report, fmt)


def test_long_scraped_text_is_bounded(db, config):
    ids = populate(db)
    with db.transaction() as s:
        s.execute(update(AlertSource).where(AlertSource.alert_id == ids.renewal_alert).values(
            headline="H" * 50_000, evidence=[{"text": "E " * 20_000, "field": "text"}]))
    alert = next(a for a in build_report(db, config, now=NOW).alerts if a.id == ids.renewal_alert)
    assert len(alert.sources[0].headline) <= MAX_HEADLINE
    assert len(alert.sources[0].evidence[0].match) <= MAX_EVIDENCE


# --------------------------------------------------------------------------------------------
# Pure helpers
# --------------------------------------------------------------------------------------------


def test_snippet_prefers_offsets_then_searches_then_falls_back():
    text = "Intro sentence. The show returns in 2027. Outro sentence."
    start = text.index("The show")
    ok = snippet({"text": "The show returns in 2027.", "start": start, "end": start + 25}, text)
    assert (ok.before, ok.match, ok.after, ok.located) == (
        "Intro sentence.", "The show returns in 2027.", "Outro sentence.", True)
    moved = snippet({"text": "The show returns in 2027.", "start": 0, "end": 25}, text)
    assert moved.located and moved.match == "The show returns in 2027."
    gone = snippet({"text": "The show returns in 2027.", "start": start, "end": start + 25}, None)
    assert not gone.located and gone.match == "The show returns in 2027." and gone.before == ""
    head = snippet({"text": "Season 3", "start": 0, "end": 8, "field": "headline"}, text,
                   "Season 3 confirmed")
    assert head.field == "headline" and head.match == "Season 3" and head.after == "confirmed"
    assert snippet({"start": "x"}, text) is None and snippet(42, text) is None


def test_snippet_context_is_bounded():
    text = "word " * 2000 + "EVIDENCE." + " word" * 2000
    s = snippet({"text": "EVIDENCE.", "start": 10_000, "end": 10_009}, text)
    assert s.match == "EVIDENCE."
    assert s.before.startswith("…") and s.after.endswith("…")
    assert len(s.before) < 250 and len(s.after) < 250


@pytest.mark.parametrize(("url", "ok"), [
    ("https://example.com/a?b=1", True), ("http://example.com", True),
    ("HTTPS://EXAMPLE.COM/", True), ("javascript:alert(1)", False), (" javascript:x", False),
    ("data:text/html,<b>", False), ("file:///etc/passwd", False), ("//example.com/x", False),
    ("https://exa mple.com", False), ("https:///nohost", False), ("https://e.com/\x00", False),
    (None, False), ("https://e.com/" + "a" * 5000, False),
])
def test_safe_href(url, ok):
    assert (safe_href(url) is not None) is ok


def test_md_escape_neutralises_markdown_and_html():
    assert md_escape("[x](javascript:alert(1))") == r"\[x\]\(javascript:alert\(1\)\)"
    assert md_escape("<b>&amp;</b> *a* _b_ `c` |d|") == (
        r"\<b\>\&amp;\</b\> \*a\* \_b\_ \`c\` \|d\|")
    assert md_escape("# heading") == r"\# heading"
    assert md_escape("1. item") == r"1\. item"
    assert md_escape("- item\n# two") == r"\- item # two"  # one line: "#" mid-line is text
    assert md_escape("plain words, 2026-01-05") == "plain words, 2026-01-05"


def test_truncate():
    assert truncate("short", 10) == "short"
    cut = truncate("a b c d e f g h i j k l m n o p", 10)
    assert len(cut) <= 10 and cut.endswith("…")


def test_chart_has_one_bar_per_nonzero_cell_scaled_to_counts():
    weeks = [dt.date(2026, 1, 5), dt.date(2026, 1, 12), dt.date(2026, 1, 19)]
    svg = weekly_bar_chart(weeks, {"renewal": [1, 0, 2], "mention": [3, 0, 1],
                                   "odd<label>": [0, 0, 1]})
    root = ET.fromstring(svg)
    ns = "{http://www.w3.org/2000/svg}"
    bars = root.findall(f"{ns}rect[@class='bar']")
    assert len(bars) == 5
    by_cell = {(b.get("data-week"), b.get("data-label")): b for b in bars}
    assert set(by_cell) == {("2026-01-05", "renewal"), ("2026-01-05", "mention"),
                            ("2026-01-19", "renewal"), ("2026-01-19", "mention"),
                            ("2026-01-19", "odd<label>")}
    h = {k: float(b.get("height")) for k, b in by_cell.items()}
    assert h[("2026-01-05", "mention")] == pytest.approx(3 * h[("2026-01-05", "renewal")])
    assert "odd&lt;label&gt;" in svg
    assert len(root.findall(f"{ns}rect[@class='legend']")) == 3


# --------------------------------------------------------------------------------------------
# Formats
# --------------------------------------------------------------------------------------------


def test_html_escapes_scraped_text_and_links_only_http(filled, config):
    db, ids = filled
    page = render(build_report(db, config, now=NOW), "html")
    assert "<script" not in page.lower()
    assert "<img" not in page.lower()
    assert "&lt;script&gt;document.title=" in page
    assert "&lt;img src=x onerror=" in page
    doc = lxml_html.fromstring(page)
    hrefs = [a.get("href") for a in doc.iter("a")]
    assert all(h.startswith(("https://", "http://", "#alert-")) for h in hrefs), hrefs
    assert "https://trade-news.example/a/1" in hrefs
    assert not any(el.get("onerror") for el in doc.iter())
    card = doc.get_element_by_id(f"alert-{ids.renewal_alert}")
    assert [m.text_content() for m in card.iter("mark")] == [EVIDENCE] * 3 + [HOSTILE_SENTENCE]
    assert len(doc.findall(".//svg")) == 1
    assert len(doc.xpath("//svg//rect[@class='bar']")) == 4


def test_html_is_self_contained_with_strict_csp(filled, config):
    db, _ = filled
    page = render(build_report(db, config, now=NOW), "html")
    doc = lxml_html.fromstring(page)
    csp = doc.xpath("//meta[@http-equiv='Content-Security-Policy']/@content")[0]
    assert "script-src 'none'" in csp and "default-src 'none'" in csp
    assert "unsafe-inline" not in csp
    css = doc.xpath("//style")[0].text
    assert csp == content_security_policy(css)  # the hash allows exactly the inline CSS
    for el in doc.iter():
        for attr in ("src", "style", "srcset"):
            assert el.get(attr) is None, (el.tag, attr)
    assert not re.search(r"""(?:src|href)=["']?(?:https?:)?//""", page.split("<body")[0])
    assert "@import" not in css and "url(" not in css


def test_markdown_escapes_scraped_text(filled, config):
    db, _ = filled
    md = render(build_report(db, config, now=NOW), "md")
    ours = re.compile(r"\[(?:[^\[\]\\]|\\.)*\]\(https?://[^)\s]*\)")  # [label](http...)
    assert len(ours.findall(md)) == 2
    assert not re.search(r"(?<!\\)[<>\[\]]", ours.sub("", md)), "unescaped < > [ ] in scraped text"
    assert r"\<script\>" in md and r"\<img src=x onerror=" in md
    assert r"\[click\]\(javascript:alert\(1\)\)" in md
    # The only link targets are http(s).
    targets = re.findall(r"\]\(([^)]*)\)", md)
    assert targets and all(t.startswith("https://") for t in targets), targets
    assert f"**{md_escape(EVIDENCE)}**" in md


def test_json_has_stable_documented_keys(filled, config):
    db, ids = filled
    data = json.loads(render(build_report(db, config, now=NOW), "json"))
    assert list(data) == ["schema", "generated_at", "since", "title_filter", "database_id",
                          "titles", "alerts", "alerts_truncated", "timeline", "sources"]
    assert data["schema"] == SCHEMA
    alert = next(a for a in data["alerts"] if a["id"] == ids.renewal_alert)
    assert set(alert) == {"id", "kind", "severity", "status", "season", "summary", "reason",
                          "opened_at", "updated_at", "title", "source_name",
                          "independent_sources", "evidence", "sources"}
    assert alert["title"] == {"key": "hero-mask", "name": "Hero Mask"}
    assert [s["link"] for s in alert["sources"]][2] is None
    assert alert["sources"][0]["evidence"][0]["match"] == EVIDENCE
    assert data["timeline"]["weeks"][0] == "2026-02-09"
    assert data["titles"][0]["baseline"] == {"status": "ended", "season": 2,
                                             "as_of": "2019-08-23"}
    assert dt.datetime.fromisoformat(data["generated_at"]) == NOW


def _atom(db, config):
    return render(build_report(db, config, now=NOW), "atom")


def test_atom_is_valid_feed_with_stable_ids(filled, config):
    db, ids = filled
    first, second = _atom(db, config), _atom(db, config)
    feed = feedparser.parse(first)
    assert not feed.bozo, feed.get("bozo_exception")
    assert feed.version == "atom10"
    assert feed.feed.id.startswith("tag:renewal-watch,2026:feed/")
    entries = {e.id: e for e in feed.entries}
    # The dismissed alert is left out of the feed.
    assert len(entries) == 2
    for entry in feed.entries:
        assert entry.id.startswith("tag:renewal-watch,2026:alert/")
        assert entry.title and entry.updated_parsed
    renewal = next(e for e in feed.entries if e.id.endswith(f"/{ids.renewal_alert}"))
    assert renewal.title == "Hero Mask: renewal, season 3"
    assert [link.href for link in renewal.links] == [
        "https://trade-news.example/a/1", "https://syndicator.example/a/2"]
    assert renewal.link == "https://trade-news.example/a/1"
    assert renewal.updated_parsed[:5] == (2026, 3, 2, 17, 0)
    again = feedparser.parse(second)
    assert [e.id for e in again.entries] == [e.id for e in feed.entries]


def test_atom_ids_differ_between_databases(tmp_path, config):
    from renewal_watch.db import open_database

    ids = []
    for name in ("one", "two"):
        db = open_database(f"sqlite:///{tmp_path / name}.sqlite3")
        populate(db)
        with db.transaction() as s:  # the same rows, to the second, in both databases
            first_use = NOW - dt.timedelta(days=90)
            s.execute(update(Source).values(created_at=first_use))
            s.execute(update(Title).values(created_at=first_use))
        ids.append({e.id for e in feedparser.parse(_atom(db, config)).entries})
        db.dispose()
    assert len(ids[0]) == len(ids[1]) == 2
    assert not ids[0] & ids[1]


def test_atom_ids_survive_deleting_the_oldest_rows(filled, config):
    db, _ = filled
    with db.transaction() as s:  # a source older than every other row ...
        s.add(Source(name="first-ever", type="feed", created_at=NOW - dt.timedelta(days=3650)))
    before = feedparser.parse(_atom(db, config))
    with db.transaction() as s:  # ... is deleted (a user's clean-up)
        s.delete(s.scalars(select(Source).where(Source.name == "first-ever")).one())
    after = feedparser.parse(_atom(db, config))
    assert after.feed.id == before.feed.id
    assert {e.id for e in after.entries} <= {e.id for e in before.entries}
    assert after.entries


def test_atom_well_formed_with_control_characters_and_cdata_end(db, config):
    ids = populate(db)
    # PostgreSQL cannot store NUL at all; SQLite can, so it may reach a report from there.
    nul = "\x00" if db.dialect == "sqlite" else ""
    nasty = f"Hero ]]> Mask {nul}\x01\x0b\x1f\ufffe <![CDATA[ x ]]> & </title>"
    with db.transaction() as s:
        s.execute(update(Alert).where(Alert.id == ids.renewal_alert).values(
            summary=nasty, reason=nasty))
        s.execute(update(AlertSource).where(AlertSource.alert_id == ids.renewal_alert)
                  .values(headline=nasty))
    text = _atom(db, config)
    root = etree.fromstring(text.encode("utf-8"))  # raises on malformed XML
    ns = {"a": "http://www.w3.org/2005/Atom"}
    titles = root.xpath("//a:entry/a:title/text()", namespaces=ns)
    assert "Hero ]]> Mask <![CDATA[ x ]]> & </title>" in titles
    feed = feedparser.parse(text)
    assert not feed.bozo, feed.get("bozo_exception")
    assert any("]]>" in e.title for e in feed.entries)


def test_render_rejects_unknown_format(db, config):
    with pytest.raises(ValueError, match="unknown report format"):
        render(build_report(db, config), "pdf")


# --------------------------------------------------------------------------------------------
# CLI
# --------------------------------------------------------------------------------------------


def _sqlite_url(db) -> str:
    return db.engine.url.render_as_string(hide_password=False)


def test_cli_writes_each_format(sqlite_db, tmp_path):
    populate(sqlite_db)
    runner = CliRunner()
    for fmt in FORMATS:
        out = tmp_path / f"report.{fmt}"
        result = runner.invoke(cli, ["report", "--format", fmt, "--out", str(out),
                                     "--db", _sqlite_url(sqlite_db)])
        assert result.exit_code == 0, result.output
        assert out.stat().st_size > 500
    assert json.loads((tmp_path / "report.json").read_text())["schema"] == SCHEMA


def test_cli_stdout_since_and_title(sqlite_db):
    populate(sqlite_db)
    result = CliRunner().invoke(cli, ["report", "--format", "json", "--since", "2026-03-01",
                                      "--title", "hero-mask", "--db", _sqlite_url(sqlite_db)])
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert data["since"] == "2026-03-01T00:00:00+00:00" and data["title_filter"] == "hero-mask"
    assert [a["kind"] for a in data["alerts"]] == ["renewal"]


@pytest.mark.parametrize(("args", "message"), [
    (["--format", "html", "--since", "yesterday"], "neither a duration"),
    (["--format", "html", "--title", "No Such Show"], "no watched title"),
    (["--format", "pdf"], "Invalid value for '--format'"),
    (["--format", "html", "--config", "/nonexistent/config.toml"], "file not found"),
])
def test_cli_errors_are_clean(sqlite_db, args, message):
    result = CliRunner().invoke(cli, ["report", *args, "--db", _sqlite_url(sqlite_db)])
    assert result.exit_code != 0
    assert message in result.output
    assert "Traceback" not in result.output


def test_cli_help_ends_with_example():
    result = CliRunner().invoke(cli, ["report", "--help"])
    assert result.exit_code == 0
    assert "Example:\n    renewal-watch report" in result.output


def test_render_is_not_shadowed_by_a_submodule():
    import importlib

    import renewal_watch.report as package

    for name in ("atom", "chart", "data", "html", "json_format", "markdown", "text"):
        importlib.import_module(f"renewal_watch.report.{name}")
    assert callable(package.render) and package.render.__module__ == "renewal_watch.report"


def test_payload_constants_are_hostile():
    # Guards the fixtures themselves: the escaping tests mean nothing without real payloads.
    assert "<script>" in SCRIPT_PAYLOAD and "onerror=" in IMG_PAYLOAD
    assert JS_URL.startswith("javascript:")

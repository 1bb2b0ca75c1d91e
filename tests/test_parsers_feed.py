"""spiders.parsers.feed on real saved feeds and on feedparser's own corpus."""

from __future__ import annotations

import datetime as dt

import pytest

from spiders.parsers.feed import parse_feed
from tests.conftest import realweb_file, realweb_files

ILLFORMED = realweb_files("feedparser-tests/illformed/**/*.xml")
WELLFORMED = realweb_files("feedparser-tests/wellformed/**/*.xml")
SANITIZE = realweb_files("feedparser-tests/wellformed/sanitize/*.xml")
# What must never reach stored text from a sanitize case.
SCRIPT_MARKERS = ("<script", "javascript:", "onload=", "onmouseover=", "<iframe", "<style",
                  "executeme", "alert(", "expression(")


def _parse(rel: str, headers: dict | None = None):
    path = realweb_file(rel)
    return parse_feed(path.read_bytes(), "https://feeds.example/feed.xml", headers)


@pytest.mark.parametrize("rel", ILLFORMED)
def test_illformed_feed_parses_without_raising(rel):
    feed = _parse(rel)
    assert isinstance(feed.entries, tuple)
    for entry in feed.entries:
        assert entry.url.startswith(("http://", "https://"))


def test_wellformed_corpus_parses_without_raising():
    if not WELLFORMED:
        pytest.skip("feedparser corpus not available")
    with_entries = 0
    for rel in WELLFORMED:
        feed = _parse(rel)
        with_entries += bool(feed.entries or feed.unlinked)
        for entry in feed.entries + feed.unlinked:
            assert entry.published is None or entry.published.tzinfo is not None
            assert entry.updated is None or entry.updated.tzinfo is not None
    assert len(WELLFORMED) > 1500
    assert with_entries > 500  # most cases have at least one entry


@pytest.mark.parametrize("rel", SANITIZE)
def test_sanitize_cases_let_no_script_into_text(rel):
    feed = _parse(rel)
    texts = [feed.title or ""]
    for entry in feed.entries + feed.unlinked:
        texts += [entry.title or "", entry.summary or "", entry.author or "",
                  entry.content_text or ""]
    for text in texts:
        lowered = text.lower()
        assert not any(marker in lowered for marker in SCRIPT_MARKERS), (rel, text[:200])


def test_guardian_rss_entries_have_links_authors_and_dates():
    feed = _parse("generic/feeds/guardian_us_rss2_2018.xml")
    assert feed.version == "rss20"
    assert len(feed.entries) > 20
    first = feed.entries[0]
    assert first.url.startswith("https://www.theguardian.com/")
    assert first.author
    assert first.published == dt.datetime(2018, 1, 31, 7, 26, 5, tzinfo=dt.UTC)
    assert first.summary and "<" not in first.summary


@pytest.mark.parametrize("rel,version", [("reddit/frontpage_atom_2016.xml", "atom10"),
                                         ("reddit/frontpage_rss2_2015.xml", "rss20")])
def test_reddit_feeds(rel, version):
    feed = _parse(rel)
    assert feed.version == version
    assert len(feed.entries) >= 20
    for entry in feed.entries:
        assert "/comments/" in entry.url
        assert entry.guid
        assert entry.published is not None
    if version == "atom10":
        assert feed.entries[0].guid.endswith("t3_42tizy")
        assert feed.entries[0].categories == ("funny",)


def test_rfc822_offset_is_kept():
    body = b"""<?xml version="1.0"?><rss version="2.0"><channel><title>ANN</title>
    <item><title>A &lt;cite&gt;Show&lt;/cite&gt; news</title>
    <link>https://www.animenewsnetwork.com/news/2026-01-26/x/.233489</link>
    <guid isPermaLink="true">https://www.animenewsnetwork.com/cms/.233489</guid>
    <pubDate>Mon, 26 Jan 2026 16:00:00 -0500</pubDate></item></channel></rss>"""
    entry = parse_feed(body, "https://www.animenewsnetwork.com/all/rss.xml").entries[0]
    assert entry.published.utcoffset() == dt.timedelta(hours=-5)
    assert entry.published == dt.datetime(2026, 1, 26, 21, 0, tzinfo=dt.UTC)
    assert entry.title == "A Show news"
    assert entry.guid == "https://www.animenewsnetwork.com/cms/.233489"


def test_declared_charset_from_headers_is_used():
    body = "<rss version='2.0'><channel><item><title>caf\u00e9</title><link>http://a.example/1</link></item></channel></rss>".encode("latin-1")
    feed = parse_feed(body, "http://a.example/feed", {b"Content-Type": [b"application/rss+xml; charset=iso-8859-1"]})
    assert feed.entries[0].title == "caf\u00e9"


def test_html_page_and_garbage_are_not_feeds():
    assert not parse_feed(b"<html><body><p>hello</p></body></html>", "http://a.example/",
                          {"content-type": "text/html"}).is_feed
    garbage = parse_feed(b"\x00\x01\x02 not xml", "http://a.example/")
    assert not garbage.is_feed and garbage.bozo


def test_entity_expansion_is_not_performed():
    lol = b'<?xml version="1.0"?><!DOCTYPE r [<!ENTITY a "aaaaaaaaaa">' + b"".join(
        b'<!ENTITY a%d "%s">' % (i, (b"&a%d;" % (i - 1) if i else b"&a;") * 10) for i in range(1, 9)
    ) + b']><rss version="2.0"><channel><item><title>x &a8;</title><link>http://a.example/1</link></item></channel></rss>'
    feed = parse_feed(lol, "http://a.example/feed")
    assert feed.refused and not feed.entries
    assert "entit" in feed.problem


def test_external_doctype_without_entities_is_parsed():
    body = (b'<?xml version="1.0"?><!DOCTYPE rss PUBLIC "-//Netscape Communications//DTD RSS 0.91//EN" '
            b'"http://my.netscape.com/publish/formats/rss-0.91.dtd"><rss version="0.91"><channel>'
            b'<title>t</title><item><title>x</title><link>http://a.example/1</link></item></channel></rss>')
    feed = parse_feed(body, "http://a.example/feed")
    assert not feed.refused and len(feed.entries) == 1

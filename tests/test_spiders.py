"""Spider helpers: search queries, listing URLs, ANN name matching, entry documents."""

from __future__ import annotations

import datetime as dt
from urllib.parse import parse_qs, urlsplit

from renewal_watch.config import validate
from spiders.ann_encyclopedia import starts_with_name
from spiders.base import entry_document
from spiders.feed import listing_urls, search_query
from spiders.parsers.types import ListingEntry

WATCH = validate({"watch": [{"name": "Hero Mask", "aliases": [
    "HERO MASK", "Hero:Mask", "ヒーローマスク", 'Say "hi"']}]}).watch


def test_search_query_quotes_each_name_once():
    assert search_query(WATCH[-1]) == '"Hero Mask" OR "Hero:Mask" OR "ヒーローマスク" OR "Say hi"'


def test_listing_urls_expand_the_template_url_encoded():
    urls = listing_urls(["https://a.example/feed"],
                        "https://news.example/rss/search?q={query}&hl=en-US", WATCH)
    assert urls[0] == "https://a.example/feed" and len(urls) == 2
    query = parse_qs(urlsplit(urls[1]).query)
    assert query["q"] == [search_query(WATCH[-1])]
    assert query["hl"] == ["en-US"]
    assert " " not in urls[1] and '"' not in urls[1]


def test_ann_entry_names_match_watched_names_and_aliases():
    watch = WATCH[-1]
    assert starts_with_name("Hero Mask (TV 2)", watch)
    assert starts_with_name("hero mask: the final", watch)
    assert starts_with_name("ヒーローマスク (TV)", watch)
    assert not starts_with_name("Hero Masking (TV)", watch)
    assert not starts_with_name("Superhero Mask (movie)", watch)


def test_entry_document_escapes_listing_text():
    entry = ListingEntry(url="https://forum.example/1", title="<b>Hero</b> & Mask",
                         content_text="line one\n<script>alert(1)</script>", author='x"y',
                         published=dt.datetime(2026, 1, 1, tzinfo=dt.UTC), language="en")
    page = entry_document(entry).decode()
    assert "<script>" not in page and "&lt;script&gt;" in page
    assert "<title>&lt;b&gt;Hero&lt;/b&gt; &amp; Mask</title>" in page
    assert 'content="x&quot;y"' in page
    assert 'content="2026-01-01T00:00:00+00:00"' in page

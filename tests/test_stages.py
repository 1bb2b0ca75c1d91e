"""Pipeline stage helpers: which canonical URL is trusted, what is stored from an item."""

from __future__ import annotations

import datetime as dt

from pipeline.extraction import extract_article
from pipeline.stages.store import article_data, trusted_canonical
from renewal_watch.items import ArticleItem
from tests.crawlkit import SITE


def test_canonical_only_trusted_on_the_same_site():
    page = "https://www.news.example/a/1"
    assert trusted_canonical(page, "https://news.example/a/1?x") == "https://news.example/a/1?x"
    assert trusted_canonical(page, "https://other.example/a/1") is None
    assert trusted_canonical(page, "javascript:alert(1)") is None
    assert trusted_canonical(page, None) is None


def test_article_data_prefers_the_page_and_falls_back_to_the_listing():
    body = (SITE / "news" / "hero-mask-season-3.html").read_bytes()
    url = "http://127.0.0.1:8000/news/hero-mask-season-3.html"
    when = dt.datetime(2026, 1, 2, tzinfo=dt.UTC)
    item = ArticleItem(url=url, source="s", body=body, guid="g1", listing_title="Listing title",
                       listing_published=when, listing_author="Feed Author")
    item.extracted = extract_article(body, url)
    data = article_data(item, source_id=7)
    assert data.headline == "Hero Mask Season 3 Announced by Netflix"
    assert data.canonical_url == url  # relative canonical resolved on the same site
    assert data.published == when     # the page has no date: the listing's
    assert data.source_id == 7 and data.guid == "g1"
    assert "third season" in data.text and data.simhash is not None


def _extract_stage():
    from scrapy import Spider
    from scrapy.crawler import Crawler
    from scrapy.statscollectors import MemoryStatsCollector

    from pipeline.stages.extract import ExtractStage

    crawler = Crawler(Spider, {"DOWNLOAD_MAXSIZE": 1_000_000})
    crawler.stats = MemoryStatsCollector(crawler)
    return ExtractStage.from_crawler(crawler), crawler.stats


def test_extract_stage_extracts_keeps_and_drops():
    import asyncio

    import pytest
    from scrapy.exceptions import DropItem

    from renewal_watch.items import SignalItem

    stage, stats = _extract_stage()
    body = (SITE / "news" / "studio-roundup.html").read_bytes()
    item = asyncio.run(stage.process_item(ArticleItem(url="http://a.example/1", source="s",
                                                      body=body)))
    assert item.extracted.headline == "Weekly Studio Roundup" and "rowing" in item.extracted.text
    binary = ArticleItem(url="http://a.example/2", source="s", body=bytes(range(256)) * 40)
    with pytest.raises(DropItem, match="undecodable"):
        asyncio.run(stage.process_item(binary))
    with pytest.raises(DropItem, match="empty page"):
        asyncio.run(stage.process_item(ArticleItem(url="http://a.example/3", source="s")))
    described = ArticleItem(url="http://a.example/4", source="s", body=bytes(range(256)) * 40,
                            listing_title="Title", listing_summary="What the feed said.")
    kept = asyncio.run(stage.process_item(described))
    assert (kept.extracted.text, kept.extracted.method) == ("What the feed said.", "listing")
    assert kept.extracted.headline == "Title"
    signal = SignalItem(source="s", provider="anilist", title_key="k", subject_id="1",
                        kind="status")
    assert asyncio.run(stage.process_item(signal)) is signal
    assert stats.get_value("renewal_watch/dropped/undecodable_page") == 1
    assert stats.get_value("renewal_watch/dropped/empty_page") == 1

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

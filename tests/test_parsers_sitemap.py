"""spiders.parsers.sitemap: news sitemaps, indexes, date and pattern filters."""

from __future__ import annotations

import datetime as dt

from spiders.parsers.sitemap import parse_sitemap, select_urls

NEWS = b"""<?xml version="1.0" encoding="UTF-8"?>
<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9"
        xmlns:news="http://www.google.com/schemas/sitemap-news/0.9">
  <url><loc>https://news.example/2025/05/new-season</loc>
    <news:news><news:publication><news:name>N</news:name><news:language>en</news:language></news:publication>
      <news:publication_date>2025-05-01T10:00:00-04:00</news:publication_date>
      <news:title>Show gets season 2</news:title></news:news></url>
  <url><loc>https://news.example/2020/01/old</loc><lastmod>2020-01-01</lastmod></url>
  <url><loc>https://news.example/about</loc></url>
  <url><loc>https://news.example/tag/anime</loc><lastmod>2025-05-02T00:00:00Z</lastmod></url>
</urlset>"""

INDEX = b"""<sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">
<sitemap><loc>/post-sitemap.xml</loc><lastmod>2025-05-02T00:00:00+00:00</lastmod></sitemap>
<sitemap><loc>https://news.example/page-sitemap.xml</loc></sitemap></sitemapindex>"""


def test_news_sitemap_keeps_publication_date_and_title():
    parsed = parse_sitemap(NEWS, "https://news.example/sitemap.xml")
    assert parsed.kind == "urlset"
    first = parsed.urls[0]
    assert first.publication_date == dt.datetime(2025, 5, 1, 14, tzinfo=dt.UTC)
    assert first.publication_date.utcoffset() == dt.timedelta(hours=-4)
    assert (first.title, first.language) == ("Show gets season 2", "en")


def test_select_by_age_and_pattern():
    parsed = parse_sitemap(NEWS, "https://news.example/sitemap.xml")
    since = dt.datetime(2025, 4, 1, tzinfo=dt.UTC)
    selected, skipped = select_urls(parsed.urls, since=since, patterns=[r"/\d{4}/\d{2}/"])
    assert [u.loc for u in selected] == ["https://news.example/2025/05/new-season"]
    assert skipped == {"old": 1, "undated": 0, "pattern": 2}
    selected, skipped = select_urls(parsed.urls, since=since)
    assert len(selected) == 2 and skipped["undated"] == 1


def test_index_resolves_relative_locations():
    parsed = parse_sitemap(INDEX, "https://news.example/sitemap_index.xml")
    assert parsed.kind == "sitemapindex"
    assert [u.loc for u in parsed.urls] == ["https://news.example/post-sitemap.xml",
                                            "https://news.example/page-sitemap.xml"]


def test_garbage_and_entities():
    assert parse_sitemap(b"not xml at all", "https://a.example/").kind == ""
    lol = (b'<?xml version="1.0"?><!DOCTYPE u [<!ENTITY a "https://a.example/xxxxxxxxxx">]>'
           b'<urlset><url><loc>&a;</loc></url></urlset>')
    parsed = parse_sitemap(lol, "https://a.example/")
    assert all("xxxxxxxxxx" not in u.loc for u in parsed.urls)

"""News sitemaps and sitemap indexes: fresh, matching URLs go through the article path.

URLs older than `[crawl] article_max_age_days` (by `<lastmod>` or `<news:publication_date>`)
and URLs not matching the source's `url_patterns` are never requested. Child sitemaps of an
index are followed unless their own `<lastmod>` is older than that. A source URL ending in
`/robots.txt` is read for its `Sitemap:` lines (Scrapy's `sitemap_urls_from_robots`).
"""

from __future__ import annotations

import logging
from collections.abc import Iterable
from typing import Any

import scrapy
from scrapy.utils.gz import gunzip, gzip_magic_number
from scrapy.utils.sitemap import sitemap_urls_from_robots

from spiders.base import PREFIX, SourceSpider
from spiders.parsers.sitemap import parse_sitemap, select_urls
from spiders.parsers.types import ListingEntry

logger = logging.getLogger(__name__)

# Nesting bound: an index of indexes of indexes is already unusual.
MAX_DEPTH = 3


class SitemapSpider(SourceSpider):
    """`scrapy crawl sitemap -a source=anime-corner-sitemap`"""

    name = "sitemap"
    source_type = "sitemap"

    def listing_requests(self) -> Iterable[scrapy.Request]:
        for url in self.source.urls:
            yield self.listing_request(url, self.parse_sitemap, cb_kwargs={"depth": 0})

    def _body(self, response: scrapy.http.Response) -> bytes | None:
        if not gzip_magic_number(response):
            return response.body
        try:
            return gunzip(response.body, max_size=self.settings.getint("DOWNLOAD_MAXSIZE"))
        except ValueError as exc:  # scrapy's _DecompressionMaxSizeExceeded is a ValueError
            self.listing_unusable(response.url, "too_large", f"sitemap too large: {exc}")
        except OSError as exc:
            self.listing_unusable(response.url, "bad_gzip", f"bad gzip sitemap: {exc}")
        return None

    def parse_sitemap(self, response: scrapy.http.Response, depth: int) -> Iterable[Any]:
        if response.url.endswith("/robots.txt"):
            # A source may name robots.txt: its `Sitemap:` lines are the sitemaps to read.
            found = list(sitemap_urls_from_robots(response.body, base_url=response.url))
            if not found:
                self.listing_unusable(response.url, "not_a_sitemap",
                                      f"no Sitemap: lines in {response.url}")
                return
            self.listing_parsed(response.url)
            for url in found:
                yield self.listing_request(url, self.parse_sitemap, cb_kwargs={"depth": depth + 1})
            return
        body = self._body(response)
        if body is None:
            return
        parsed = parse_sitemap(body, response.url)
        if not parsed.kind:
            self.listing_unusable(response.url, "not_a_sitemap", f"not a sitemap: {response.url}")
            return
        self.listing_parsed(response.url)
        if parsed.kind == "sitemapindex":
            for child in parsed.urls:
                if depth >= MAX_DEPTH:
                    break
                if child.date is not None and child.date < self.since:
                    self.crawler.stats.inc_value(PREFIX + "skipped_old_sitemaps")
                    continue
                yield self.listing_request(child.loc, self.parse_sitemap,
                                           cb_kwargs={"depth": depth + 1})
            return
        selected, skipped = select_urls(parsed.urls, since=self.since,
                                        patterns=self.source.url_patterns)
        for reason, count in skipped.items():
            self.crawler.stats.inc_value(f"{PREFIX}sitemap_skipped/{reason}", count)
        entries = [ListingEntry(url=u.loc, title=u.title, guid=None, published=u.publication_date,
                                updated=u.lastmod, language=u.language) for u in selected]
        yield from self.follow_entries(entries, response.url)

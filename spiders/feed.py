"""Feeds (RSS 0.9x/1.0/2.0, Atom): each fresh entry's page goes through the article path.

With `follow_links = false` the entry is the article (Reddit posts, Google News items). A
source with a `url_template` gets one feed URL per watched title, `{query}` being the quoted
name OR the quoted aliases, URL-encoded (Google News search).
"""

from __future__ import annotations

import logging
from collections.abc import Iterable
from typing import Any
from urllib.parse import quote_plus

import scrapy

from renewal_watch.config import Watch
from spiders.base import PREFIX, SourceSpider
from spiders.parsers.feed import parse_feed

logger = logging.getLogger(__name__)

FEED_BOZO = PREFIX + "feed_bozo"


def search_query(watch: Watch) -> str:
    """`"Hero Mask" OR "HERO MASK" OR ...`: the name and aliases, each once (case-folded)."""
    seen: set[str] = set()
    terms: list[str] = []
    for term in (watch.name, *watch.aliases):
        clean = " ".join(term.replace('"', " ").split())
        if clean and clean.casefold() not in seen:
            seen.add(clean.casefold())
            terms.append(f'"{clean}"')
    return " OR ".join(terms)


def listing_urls(urls: Iterable[str], template: str | None, watchlist: Iterable[Watch],
                 ) -> list[str]:
    """The source's fixed URLs, then one templated URL per watched title."""
    out = list(urls)
    if template:
        out += [template.replace("{query}", quote_plus(search_query(w))) for w in watchlist]
    return out


class FeedSpider(SourceSpider):
    """`scrapy crawl feed -a source=ann`"""

    name = "feed"
    source_type = "feed"

    def listing_requests(self) -> Iterable[scrapy.Request]:
        for url in listing_urls(self.source.urls, self.source.url_template, self.watchlist):
            yield self.listing_request(url, self.parse_feed)

    def parse_feed(self, response: scrapy.http.Response) -> Iterable[Any]:
        feed = parse_feed(response.body, response.url, response.headers)
        if feed.refused:
            self.listing_unusable(response.url, "refused", f"{response.url}: {feed.problem}")
            return
        if not feed.is_feed:
            self.listing_unusable(response.url, "not_a_feed",
                                  f"not a feed: {response.url} ({feed.problem or 'no entries'})")
            return
        if feed.bozo:
            # feedparser's loose parser still got entries out of ill-formed XML: usable.
            self.crawler.stats.inc_value(FEED_BOZO)
            logger.info("%s: ill-formed feed %s: %s", self.source.name, response.url,
                        feed.problem)
        self.listing_parsed(response.url)
        yield from self.follow_entries(feed.entries, response.url)

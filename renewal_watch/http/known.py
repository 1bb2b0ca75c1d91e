"""Skip article pages that are already stored and have not changed since.

A listing entry's request carries `meta["rw_entry"] = {"guid": ..., "latest": datetime|None}`.
If an article with that URL (or guid) is stored and the entry's newest date is not after what
we already have (our last fetch, or the stored published/updated dates), no request is sent:
`KnownArticle` ends it and the spider counts it. An entry without any date is fetched once.
"""

from __future__ import annotations

import datetime as dt
import logging
from typing import TYPE_CHECKING

from scrapy.exceptions import IgnoreRequest

from renewal_watch import store
from renewal_watch.scrapy_settings import database_from_crawler

if TYPE_CHECKING:
    from scrapy import Request
    from scrapy.crawler import Crawler

logger = logging.getLogger(__name__)

META_ENTRY = "rw_entry"
SKIPPED_KNOWN = "renewal_watch/skipped_known"


class KnownArticle(IgnoreRequest):
    """The article is stored and the listing says nothing changed since."""


def is_unchanged(latest: dt.datetime | None, known: list[dt.datetime | None]) -> bool:
    """True when the entry's newest date is not after the newest date we know of."""
    dates = [d for d in known if d is not None]
    if latest is None or not dates:
        return latest is None
    return latest <= max(dates)


class KnownArticleMiddleware:
    """Ends requests for stored, unchanged articles before anything is sent."""

    def __init__(self, crawler: Crawler) -> None:
        self.crawler = crawler
        self.db = database_from_crawler(crawler)

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> KnownArticleMiddleware:
        return cls(crawler)

    def process_request(self, request: Request) -> None:
        entry = request.meta.get(META_ENTRY)
        if not entry or request.meta.get("retry_times"):
            return
        with self.db.session() as session:
            article = store.find_known_article(session, request.url, entry.get("guid"))
            if article is None:
                return
            known = [article.last_fetched_at, article.updated_at, article.published_at]
        if is_unchanged(entry.get("latest"), known):
            self.crawler.stats.inc_value(SKIPPED_KNOWN)
            raise KnownArticle(f"stored and unchanged: {request.url}")

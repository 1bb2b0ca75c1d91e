"""Stage 300: an ArticleItem's raw page -> `item.extracted` (pipeline.extraction).

Extraction is CPU-bound (trafilatura: 18-48 ms on a large page), so it runs in a worker
thread, never on the reactor. Pages that give neither text nor a headline, even with the
listing's own title and summary to fall back on, are dropped (DropItem) and counted.
"""

from __future__ import annotations

import asyncio
import dataclasses
import logging
from typing import Any

from scrapy.crawler import Crawler
from scrapy.exceptions import DropItem

from pipeline.extraction import extract_article
from renewal_watch.items import ArticleItem

logger = logging.getLogger(__name__)

DROPPED = "renewal_watch/dropped/"
EXTRACTED = "renewal_watch/extracted"
# Problems (from pipeline.extraction) that mean the body is not a readable page at all.
UNREADABLE = ("binary content", "empty body")


class ExtractStage:
    """ArticleItem -> item.extracted; other items pass through."""

    def __init__(self, crawler: Crawler) -> None:
        self.stats = crawler.stats
        self.max_bytes = crawler.settings.getint("DOWNLOAD_MAXSIZE") or 10_000_000

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> ExtractStage:
        return cls(crawler)

    def _drop(self, reason: str, item: ArticleItem) -> DropItem:
        self.stats.inc_value(DROPPED + reason.replace(" ", "_"))
        return DropItem(f"{reason}: {item.url}")

    async def process_item(self, item: Any) -> Any:
        if not isinstance(item, ArticleItem):
            return item
        if not item.body and not item.listing_summary:
            raise self._drop("empty page", item)
        extracted = await asyncio.to_thread(extract_article, item.body, item.url,
                                            encoding=item.encoding, max_bytes=self.max_bytes)
        unreadable = any(p.startswith(UNREADABLE) for p in extracted.problems)
        if not extracted.text and item.listing_summary:
            # A page we cannot read, with a listing that describes it: keep what we know.
            extracted = dataclasses.replace(
                extracted, text=item.listing_summary, method="listing",
                problems=(*extracted.problems, "text from the listing"))
        elif unreadable:
            raise self._drop("undecodable page", item)
        if not extracted.headline and item.listing_title:
            extracted = dataclasses.replace(extracted, headline=item.listing_title)
        if not extracted.text and not extracted.headline:
            raise self._drop("empty page", item)
        self.stats.inc_value(EXTRACTED)
        item.extracted = extracted
        return item

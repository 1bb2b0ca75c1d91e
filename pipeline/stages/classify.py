"""Stage 400: find the watched titles in an article and classify each mention.

`pipeline.matching.Matcher` runs once over the extracted text and headline; every supported
match is classified (`pipeline.classifier.classify`) against the title's believed state as of
the article's date (`renewal_watch.alerts.effective_baseline`), so a second report of an
event already believed is no change. Both steps are pure and CPU-bound: a worker thread runs
them. The result is `item.matches` and `item.classifications` (title key -> Classification).
"""

from __future__ import annotations

import asyncio
import logging
from typing import Any

from scrapy.crawler import Crawler

from pipeline.classifier import classify
from pipeline.matching import Matcher, TitleSpec
from renewal_watch.items import ArticleItem
from renewal_watch.scrapy_settings import config_from_settings, database_from_crawler

logger = logging.getLogger(__name__)

MATCHED = "renewal_watch/matched"
UNSUPPORTED = "renewal_watch/matches_unsupported"
CLASSIFIED = "renewal_watch/classified/"


class ClassifyStage:
    """ArticleItem (extracted) -> item.matches, item.classifications."""

    def __init__(self, crawler: Crawler) -> None:
        self.crawler = crawler
        self.config = config_from_settings(crawler.settings)
        self.stats = crawler.stats
        self.matcher: Matcher | None = None
        self.specs: dict[str, TitleSpec] = {}

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> ClassifyStage:
        return cls(crawler)

    def open_spider(self) -> None:
        self.specs = {w.key: w.spec() for w in self.config.watchlist}
        self.matcher = Matcher(self.specs.values())
        self.db = database_from_crawler(self.crawler)

    def close_spider(self) -> None:
        self.matcher = None

    def _baseline(self, key: str, item: ArticleItem) -> Any:
        from renewal_watch.alerts import effective_baseline

        published = item.extracted.published or item.listing_published
        with self.db.session() as session:
            return effective_baseline(session, key, as_of=published)

    def _judge(self, item: ArticleItem, baselines: dict[str, Any]) -> dict[str, Any]:
        extracted = item.extracted
        published = extracted.published or item.listing_published
        out = {}
        for match in item.matches:
            if not match.supported:
                continue
            out[match.title_key] = classify(
                extracted.text, self.specs[match.title_key], baselines[match.title_key],
                headline=extracted.headline, language=extracted.language or item.language,
                published=published.date() if published else None)
        return out

    async def process_item(self, item: Any) -> Any:
        if not isinstance(item, ArticleItem) or item.extracted is None or self.matcher is None:
            return item
        extracted = item.extracted
        item.matches = await asyncio.to_thread(self.matcher.find, extracted.text or "",
                                               extracted.headline)
        supported = [m for m in item.matches if m.supported]
        self.stats.inc_value(UNSUPPORTED, len(item.matches) - len(supported))
        if not supported:
            return item
        self.stats.inc_value(MATCHED)
        baselines = {m.title_key: self._baseline(m.title_key, item) for m in supported}
        item.classifications = await asyncio.to_thread(self._judge, item, baselines)
        for classification in item.classifications.values():
            self.stats.inc_value(CLASSIFIED + classification.label)
        return item

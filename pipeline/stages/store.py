"""Stage 500: ArticleItem -> articles / article_versions / mentions; SignalItem -> signals.

Writes are idempotent upserts (`renewal_watch.store`), one transaction per item, so a crawl
killed half-way keeps what it stored and a re-run duplicates nothing. The item comes out with
`article_id`, `article_version`, `is_new`, `is_changed` (or `signal_id`, ...) set for the alert
stage after it.
"""

from __future__ import annotations

import logging
from typing import Any
from urllib.parse import urlsplit

from scrapy.crawler import Crawler

from pipeline.classifier import CLASSIFIER_VERSION
from pipeline.fingerprint import simhash, to_db
from renewal_watch import store
from renewal_watch.items import ArticleItem, SignalItem
from renewal_watch.scrapy_settings import config_from_settings, database_from_crawler

logger = logging.getLogger(__name__)

ARTICLES_NEW = "renewal_watch/articles_new"
ARTICLES_CHANGED = "renewal_watch/articles_changed"
ARTICLES_UNCHANGED = "renewal_watch/articles_unchanged"
SIGNALS_NEW = "renewal_watch/signals_new"
SIGNALS_CHANGED = "renewal_watch/signals_changed"
MENTIONS = "renewal_watch/mentions"


def _host(url: str) -> str:
    return (urlsplit(url).hostname or "").lower().removeprefix("www.")


def trusted_canonical(fetched: str, canonical: str | None) -> str | None:
    """A page's canonical URL, if it stays on the page's own site.

    A canonical link to another site (a hostile or careless page) would let one page take
    over another article's row; those are ignored.
    """
    if canonical and canonical.startswith(("http://", "https://")) \
            and _host(canonical) == _host(fetched):
        return canonical
    return None


def article_data(item: ArticleItem, source_id: int | None) -> store.ArticleData:
    """What to store for an extracted article: the page's fields, the listing's as fallback."""
    ex = item.extracted
    return store.ArticleData(
        url=item.url, canonical_url=trusted_canonical(item.url, ex.canonical_url),
        source_id=source_id, guid=item.guid, headline=ex.headline or item.listing_title,
        text=ex.text, published=ex.published or item.listing_published,
        updated=ex.updated or item.listing_updated, language=ex.language or item.language,
        author=ex.author or item.listing_author, method=ex.method, problems=list(ex.problems),
        simhash=to_db(simhash(ex.text)) if ex.text else None)


class StoreStage:
    """Stores articles (with versions and mentions) and signals."""

    def __init__(self, crawler: Crawler) -> None:
        self.crawler = crawler
        self.config = config_from_settings(crawler.settings)
        self.stats = crawler.stats
        self.source_ids: dict[str, int] = {}
        self.title_ids: dict[str, int] = {}

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> StoreStage:
        return cls(crawler)

    def open_spider(self) -> None:
        self.db = database_from_crawler(self.crawler)
        with self.db.transaction() as session:
            self.source_ids = store.sync_sources(session, self.config)
            self.title_ids = store.sync_titles(session, self.config)

    def process_item(self, item: Any) -> Any:
        if isinstance(item, ArticleItem) and item.extracted is not None:
            self._article(item)
        elif isinstance(item, SignalItem):
            self._signal(item)
        return item

    def _article(self, item: ArticleItem) -> None:
        with self.db.transaction() as session:
            outcome = store.upsert_article(session, article_data(item,
                                                                 self.source_ids.get(item.source)))
            for key, classification in item.classifications.items():
                title_id = self.title_ids.get(key)
                if title_id is None:
                    continue
                store.upsert_mention(session, article_id=outcome.article_id, title_id=title_id,
                                     classification=classification,
                                     classifier_version=CLASSIFIER_VERSION,
                                     article_version=outcome.version)
                self.stats.inc_value(MENTIONS)
        item.article_id, item.article_version = outcome.article_id, outcome.version
        item.is_new, item.is_changed = outcome.is_new, outcome.is_changed
        self.stats.inc_value(ARTICLES_NEW if outcome.is_new else
                             ARTICLES_CHANGED if outcome.is_changed else ARTICLES_UNCHANGED)

    def _signal(self, item: SignalItem) -> None:
        with self.db.transaction() as session:
            outcome = store.upsert_signal(
                session, provider=item.provider, subject_id=item.subject_id,
                title_key=item.title_key, kind=item.kind, related_id=item.related_id,
                source_id=self.source_ids.get(item.source), url=item.url, payload=item.payload,
                relation=item.relation, related_title=item.related_title,
                related_format=item.related_format, related_status=item.related_status,
                status=item.status)
        item.signal_id, item.is_new, item.is_changed = (outcome.signal_id, outcome.is_new,
                                                        outcome.is_changed)
        if outcome.is_new:
            self.stats.inc_value(SIGNALS_NEW)
        elif outcome.is_changed:
            self.stats.inc_value(SIGNALS_CHANGED)

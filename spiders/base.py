"""What every renewal-watch spider shares: its configured source, requests, outcome counting.

A spider serves one configured source (`-a source=<name>`). `start()` (here, for all of
them) yields the spider's `listing_requests()`; with `-a check=1` (`renewal-watch sources
check`) only the first one, and entries are recorded instead of followed, so nothing but the
listing is fetched. It only navigates: parsers in
`spiders.parsers` turn responses into entries, relations and statuses; this base class turns
those into requests and items and counts every outcome in namespaced crawler stats, which
`renewal_watch.crawl` copies into the source's crawl_runs row.

Listing requests (feeds, sitemaps, API calls) decide whether a run succeeded: a run in which
no listing could be fetched and parsed has failed. Article requests that fail are errors of
the run, but not its failure; their listing is marked incomplete so it is fetched in full
next time (see `renewal_watch.http.conditional`).
"""

from __future__ import annotations

import datetime as dt
import html
import logging
from collections.abc import Iterable
from typing import Any, ClassVar

import scrapy
from scrapy import signals
from scrapy.exceptions import IgnoreRequest
from scrapy.spidermiddlewares.httperror import HttpError
from twisted.python.failure import Failure
from w3lib.encoding import http_content_type_encoding

from renewal_watch.config import Config, Source, Watch
from renewal_watch.http.conditional import META_CONDITIONAL, NotModified
from renewal_watch.http.known import META_ENTRY, KnownArticle
from renewal_watch.http.stats import (
    PREFIX,
    TIMEOUT_EXCEPTIONS,
    TOO_LARGE_EXCEPTIONS,
    record_error,
)
from renewal_watch.items import ArticleItem, SignalItem
from renewal_watch.scrapy_settings import config_from_settings
from spiders.parsers.types import ListingEntry, MediaStatus, Relation

logger = logging.getLogger(__name__)

# Stat keys of listing outcomes (see module docstring).
LISTING_OK = PREFIX + "listing_ok"
LISTING_FAILED = PREFIX + "listing_failed"
LISTING_NOT_MODIFIED = PREFIX + "listing_not_modified"
ENTRIES = PREFIX + "entries"           # entries/signals a source yielded (health "items")
SKIPPED_OLD = PREFIX + "skipped_old"
ROBOTS_FORBIDDEN = PREFIX + "robots_forbidden"
META_LISTING = "rw_listing"            # this request is a listing
META_FROM_LISTING = "rw_from_listing"  # an article request's listing URL
# A listing may list many entries; beyond this many per listing the rest wait for next time.
MAX_FOLLOW_PER_LISTING = 200


def failure_reason(failure: Failure) -> tuple[str, str]:
    """(kind, message) for a failed request: http_404, timeout, too_large, dns, ..."""
    exc = failure.value
    if isinstance(exc, HttpError):
        return f"http_{exc.response.status}", f"HTTP {exc.response.status} for {exc.response.url}"
    if isinstance(exc, TIMEOUT_EXCEPTIONS):
        return "timeout", f"timeout: {exc}"
    if isinstance(exc, TOO_LARGE_EXCEPTIONS):
        return "too_large", f"response larger than the size limit: {exc}"
    if isinstance(exc, IgnoreRequest) and "DOWNLOAD_MAXSIZE" in str(exc):
        return "too_large", f"decompressed response larger than the size limit: {exc}"
    if isinstance(exc, IgnoreRequest) and "robots.txt" in str(exc):
        return "robots", str(exc)
    return type(exc).__name__.lower(), f"{type(exc).__name__}: {exc}"


class SourceSpider(scrapy.Spider):
    """Base class: one configured source of type `source_type`."""

    source_type: ClassVar[str] = ""
    config: Config
    source: Source

    def __init__(self, source: str | None = None, check: str | bool = False, *args: Any,
                 **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.source_name = source or ""
        self.check_mode = str(check).lower() in {"1", "true", "yes"}
        self.rw_incomplete_listings: set[str] = set()
        self.rw_found: list[ListingEntry] = []      # check mode: entries seen, not followed
        self.now = dt.datetime.now(dt.UTC)

    @classmethod
    def from_crawler(cls, crawler: scrapy.crawler.Crawler, *args: Any, **kwargs: Any,
                     ) -> SourceSpider:
        spider = super().from_crawler(crawler, *args, **kwargs)
        spider.config = config_from_settings(crawler.settings)
        source = spider.config.get_source(spider.source_name)
        if source is None:
            raise ValueError(f"{cls.name}: no configured source named {spider.source_name!r} "
                             f"(use -a source=NAME)")
        if source.type != cls.source_type:
            raise ValueError(f"{cls.name}: source {source.name!r} is of type {source.type!r}")
        spider.source = source
        spider.max_age = dt.timedelta(days=spider.config.crawl.article_max_age_days)
        crawler.signals.connect(spider._on_spider_error, signal=signals.spider_error)
        return spider

    # -- configuration views -------------------------------------------------------------

    @property
    def watchlist(self) -> list[Watch]:
        return self.config.watchlist

    def ids(self, provider: str) -> dict[int, str]:
        """{provider id: title key} of enabled watched titles."""
        return {ident: w.key for w in self.watchlist for ident in w.ids.get(provider, [])}

    @property
    def since(self) -> dt.datetime:
        """Entries older than this are never fetched ([crawl] article_max_age_days)."""
        return self.now - self.max_age

    def is_fresh(self, entry: ListingEntry) -> bool:
        """Undated entries count as fresh (the known-article check keeps them to one fetch)."""
        return entry.latest is None or entry.latest >= self.since

    # -- requests --------------------------------------------------------------------------

    async def start(self) -> Any:
        """The listing requests (only the first in check mode)."""
        for request in self.listing_requests():
            yield request
            if self.check_mode:
                break

    def listing_requests(self) -> Iterable[scrapy.Request]:
        """The source's listings: feeds, sitemaps, API calls (each spider says which)."""
        raise NotImplementedError

    def listing_request(self, url: str, callback: Any, *, conditional: bool = True,
                        **kwargs: Any) -> scrapy.Request:
        """A request whose outcome decides the run's success."""
        meta = {META_LISTING: True, META_CONDITIONAL: conditional, **kwargs.pop("meta", {})}
        return scrapy.Request(url, callback=callback, errback=self.listing_failed, meta=meta,
                              dont_filter=True, **kwargs)

    def article_request(self, entry: ListingEntry, listing_url: str) -> scrapy.Request:
        """Fetch an entry's page through the generic article path."""
        meta = {META_ENTRY: {"guid": entry.guid, "latest": entry.latest},
                META_CONDITIONAL: True, META_FROM_LISTING: listing_url}
        return scrapy.Request(entry.url, callback=self.parse_article, errback=self.article_failed,
                              meta=meta, cb_kwargs={"entry": entry})

    def follow_entries(self, entries: Iterable[ListingEntry], listing_url: str,
                       ) -> Iterable[scrapy.Request | ArticleItem]:
        """Requests (or, without follow_links, items) for the fresh entries of a listing."""
        followed = 0
        for entry in entries:
            self.crawler.stats.inc_value(ENTRIES)
            if self.check_mode:
                self.rw_found.append(entry)
                continue
            if not self.is_fresh(entry):
                self.crawler.stats.inc_value(SKIPPED_OLD)
                continue
            if followed >= MAX_FOLLOW_PER_LISTING:
                self.rw_incomplete_listings.add(listing_url)
                break
            followed += 1
            if self.source.follow_links:
                yield self.article_request(entry, listing_url)
            else:
                yield self.entry_item(entry, listing_url)

    # -- items -------------------------------------------------------------------------------

    def parse_article(self, response: scrapy.http.Response, entry: ListingEntry,
                      ) -> Iterable[ArticleItem]:
        """Any site's article page, as raw bytes plus what the listing said about it."""
        content_type = (response.headers.get(b"Content-Type") or b"").decode("latin-1")
        yield self._article_item(entry, url=response.url, body=response.body,
                                 encoding=http_content_type_encoding(content_type),
                                 status=response.status)

    def entry_item(self, entry: ListingEntry, listing_url: str) -> ArticleItem:
        """A listing entry that is its own article (Reddit post, Google News item)."""
        return self._article_item(entry, url=entry.url, body=entry_document(entry),
                                  encoding="utf-8", status=200)

    def _article_item(self, entry: ListingEntry, **fields: Any) -> ArticleItem:
        return ArticleItem(
            source=self.source.name, fetched_at=dt.datetime.now(dt.UTC), listing_url=entry.url,
            guid=entry.guid, listing_title=entry.title, listing_published=entry.published,
            listing_updated=entry.updated, listing_author=entry.author,
            listing_summary=entry.summary or entry.content_text, language=entry.language,
            **fields)

    def relation_item(self, title_key: str, relation: Relation, *, kind: str = "relation",
                      **payload: Any) -> SignalItem:
        self.crawler.stats.inc_value(ENTRIES)
        return SignalItem(
            source=self.source.name, provider=relation.provider, title_key=title_key,
            subject_id=relation.subject_id, kind=kind, related_id=relation.related_id,
            relation=relation.relation, related_title=relation.related_title,
            related_format=relation.related_format, related_status=relation.related_status,
            url=relation.url,
            payload={"related_type": relation.related_type, **payload})

    def status_item(self, title_key: str, status: MediaStatus) -> SignalItem:
        self.crawler.stats.inc_value(ENTRIES)
        return SignalItem(
            source=self.source.name, provider=status.provider, title_key=title_key,
            subject_id=status.subject_id, kind="status", status=status.status,
            related_title=status.title, related_format=status.format, url=status.url,
            payload=dict(status.extra))

    # -- outcomes ----------------------------------------------------------------------------

    def listing_parsed(self, url: str) -> None:
        self.crawler.stats.inc_value(LISTING_OK)
        logger.debug("%s: listing parsed: %s", self.source.name, url)

    def listing_unusable(self, url: str, kind: str, message: str) -> None:
        """A listing was fetched but could not be used (not a feed, an API error)."""
        self.crawler.stats.inc_value(LISTING_FAILED)
        record_error(self.crawler.stats, kind, message)
        logger.warning("%s: %s", self.source.name, message)

    def listing_failed(self, failure: Failure) -> None:
        url = failure.request.url if hasattr(failure, "request") else "?"
        if failure.check(NotModified):
            self.crawler.stats.inc_value(LISTING_OK)
            self.crawler.stats.inc_value(LISTING_NOT_MODIFIED)
            return
        kind, message = failure_reason(failure)
        self.listing_unusable(url, kind, message)

    def article_failed(self, failure: Failure) -> None:
        if failure.check(NotModified, KnownArticle):
            return
        kind, message = failure_reason(failure)
        if kind == "robots":
            self.crawler.stats.inc_value(ROBOTS_FORBIDDEN)
            return
        request = getattr(failure, "request", None)
        # A transient failure (timeout, 5xx) may succeed next time: fetch the listing in full
        # again then. A 4xx will not, and must not cost the listing its 304s forever.
        transient = not kind.startswith("http_4")
        if transient and request is not None and request.meta.get(META_FROM_LISTING):
            self.rw_incomplete_listings.add(request.meta[META_FROM_LISTING])
        record_error(self.crawler.stats, kind, message)
        logger.warning("%s: article: %s", self.source.name, message)

    def _on_spider_error(self, failure: Failure, response: scrapy.http.Response,
                         spider: scrapy.Spider) -> None:
        if spider is not self:
            return
        message = f"parser error on {response.url}: {failure.getErrorMessage()}"
        if response.meta.get(META_LISTING):
            self.listing_unusable(response.url, "parse", message)
        else:
            if response.meta.get(META_FROM_LISTING):
                self.rw_incomplete_listings.add(response.meta[META_FROM_LISTING])
            record_error(self.crawler.stats, "parse", message)


def entry_document(entry: ListingEntry) -> bytes:
    """A minimal HTML page holding a listing entry's own text, for the generic extraction.

    Only escaped plain text goes in: no markup from the listing is passed on.
    """
    title = html.escape(entry.title or "")
    body = entry.content_text or entry.summary or ""
    paragraphs = "".join(f"<p>{html.escape(line)}</p>" for line in body.split("\n")
                         if line.strip())
    meta = ""
    if entry.published:
        meta += (f'<meta property="article:published_time" '
                 f'content="{entry.published.isoformat()}">')
    if entry.updated:
        meta += f'<meta property="article:modified_time" content="{entry.updated.isoformat()}">'
    if entry.author:
        meta += f'<meta name="author" content="{html.escape(entry.author)}">'
    lang = f' lang="{html.escape(entry.language)}"' if entry.language else ""
    return (f'<!DOCTYPE html><html{lang}><head><meta charset="utf-8"><title>{title}</title>'
            f'{meta}</head><body><article><h1>{title}</h1>{paragraphs}</article></body></html>'
            ).encode()

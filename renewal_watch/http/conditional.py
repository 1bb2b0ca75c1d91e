"""Conditional requests with stored validators, so an unchanged feed costs one 304.

Requests marked `meta["rw_conditional"]` (listings: feeds, sitemaps, API GETs; and article
pages) get `If-None-Match` / `If-Modified-Since` from the `http_validators` table. A 304, or a
200 whose body hashes the same as last time (servers without validators), ends the request
with `NotModified` before any parsing; the spider's errback counts it as "unchanged".

Validators of 200 answers are written when the source's crawl finishes normally, and not for
listings the spider reports as incompletely processed (`spider.rw_incomplete_listings`): a
feed whose articles could not all be fetched is fetched in full again next time rather than
being answered 304 with entries never stored.
"""

from __future__ import annotations

import hashlib
import logging
from typing import TYPE_CHECKING, Any

from scrapy import signals
from scrapy.exceptions import IgnoreRequest

from renewal_watch import runlog
from renewal_watch.scrapy_settings import database_from_crawler

if TYPE_CHECKING:
    from scrapy import Request, Spider
    from scrapy.crawler import Crawler
    from scrapy.http import Response

logger = logging.getLogger(__name__)

META_CONDITIONAL = "rw_conditional"
META_SOURCE_ID = "rw_source_id"
_META_KNOWN_HASH = "rw_known_body_hash"
NOT_MODIFIED = "renewal_watch/not_modified"
UNCHANGED_BODY = "renewal_watch/unchanged_body"


class NotModified(IgnoreRequest):
    """The resource is unchanged since the last poll (304, or the same body again)."""


def body_hash(body: bytes) -> str:
    return hashlib.sha256(body).hexdigest()


class ConditionalRequestMiddleware:
    """Adds validators to marked requests; ends unchanged answers; stores new validators."""

    def __init__(self, crawler: Crawler) -> None:
        self.crawler = crawler
        self.db = database_from_crawler(crawler)
        self.pending: dict[str, dict[str, Any]] = {}
        crawler.signals.connect(self.spider_closed, signal=signals.spider_closed)

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> ConditionalRequestMiddleware:
        return cls(crawler)

    def process_request(self, request: Request) -> None:
        if not request.meta.get(META_CONDITIONAL) or request.method != "GET":
            return
        with self.db.session() as session:
            validator = runlog.get_validator(session, request.url)
            if validator is None:
                return
            etag, modified, known = (validator.etag, validator.last_modified,
                                     validator.content_hash)
        if etag:
            request.headers.setdefault("If-None-Match", etag)
        if modified:
            request.headers.setdefault("If-Modified-Since", modified)
        request.meta[_META_KNOWN_HASH] = known

    def process_response(self, request: Request, response: Response) -> Response:
        if not request.meta.get(META_CONDITIONAL) or request.method != "GET":
            return response
        if response.status == 304:
            self._unchanged(request, NOT_MODIFIED)
        if response.status == 200:
            digest = body_hash(response.body)
            if digest == request.meta.get(_META_KNOWN_HASH):
                self._unchanged(request, UNCHANGED_BODY)
            self.pending[request.url] = {
                "etag": _header(response, b"ETag"),
                "last_modified": _header(response, b"Last-Modified"),
                "body_hash": digest, "source_id": request.meta.get(META_SOURCE_ID)}
        return response

    def _unchanged(self, request: Request, stat: str) -> None:
        self.crawler.stats.inc_value(stat)
        with self.db.transaction() as session:
            runlog.note_not_modified(session, request.url)
        raise NotModified(f"unchanged since last poll: {request.url}")

    def spider_closed(self, spider: Spider, reason: str) -> None:
        if reason != "finished":
            logger.info("crawl of %s ended (%s): validators not updated", spider.name, reason)
            return
        incomplete = set(getattr(spider, "rw_incomplete_listings", ()))
        with self.db.transaction() as session:
            for url, values in self.pending.items():
                if url not in incomplete:
                    runlog.save_validator(session, url, status=200, **values)
            if incomplete:
                runlog.forget_validators(session, incomplete)
        self.pending.clear()


def _header(response: Response, name: bytes) -> str | None:
    value = response.headers.get(name)
    return value.decode("latin-1") if value else None

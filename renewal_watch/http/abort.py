"""Stop a crawl at once: end its in-flight downloads and its waits.

Scrapy's graceful stop (`crawler.stop()`: the engine closes the spider) waits for every
request in progress. A download that never answers holds it for up to DOWNLOAD_TIMEOUT, a
retry's backoff for up to RETRY_AFTER_MAX, and requests queued behind a host's rate limit
for one delay each: a crawl told to stop (SIGTERM from the daemon's shutdown or the runner)
could outlive its grace period and be killed before it records its runs.

`abort_downloads(crawler)` sends ABORT_DOWNLOADS, a crawler signal: the download handler
below (crawl.py installs it for http and https) cancels what it is downloading (closing the
connection) and refuses new downloads, `BackoffRetryMiddleware` cuts its waits short and
retries nothing more, and requests still queued in the downloader's slots are failed at once.
Each ends with `DownloadAborted` (an IgnoreRequest: the spider's errback sees it, nothing is
logged as an error), so the engine's bookkeeping completes and the spider closes at once.
"""

from __future__ import annotations

import asyncio
import logging
from typing import TYPE_CHECKING, Any

from scrapy.core.downloader.handlers.http11 import HTTP11DownloadHandler
from scrapy.exceptions import IgnoreRequest

from renewal_watch.http.stats import REQUESTS_ABORTED

if TYPE_CHECKING:
    from scrapy import Request
    from scrapy.crawler import Crawler
    from scrapy.http import Response

logger = logging.getLogger(__name__)

# The crawler signal (Scrapy signals are plain objects) sent when the crawl is being stopped.
ABORT_DOWNLOADS = object()


class DownloadAborted(IgnoreRequest):
    """The crawl was stopped while this request was queued, waiting or downloading."""


def abort_downloads(crawler: Crawler) -> int:
    """End every download and wait of `crawler` now; returns how many queued requests failed.

    Call it from the reactor thread, together with `crawler.stop()` (whose engine then stops
    taking new requests); calling it twice is harmless.
    """
    crawler.signals.send_catch_log(signal=ABORT_DOWNLOADS)
    engine = getattr(crawler, "engine", None)
    downloader = getattr(engine, "downloader", None)
    failed = 0
    # Requests queued behind a slot's delay are in the engine's "in progress" set too; they
    # would be sent one delay apart before the spider could close.
    for slot in list(getattr(downloader, "slots", {}).values()):
        while slot.queue:
            request, deferred = slot.queue.popleft()
            deferred.errback(DownloadAborted(f"crawl stopped before {request.url} was sent"))
            failed += 1
    if failed and crawler.stats is not None:
        crawler.stats.inc_value(REQUESTS_ABORTED, failed)
    return failed


class AbortableHTTP11DownloadHandler(HTTP11DownloadHandler):
    """Scrapy's HTTP/1.1 handler whose downloads end when ABORT_DOWNLOADS is sent."""

    def __init__(self, crawler: Crawler) -> None:
        super().__init__(crawler)
        self._stats = crawler.stats
        self._aborted = asyncio.Event()
        crawler.signals.connect(self._abort, signal=ABORT_DOWNLOADS)

    def _abort(self, **_kwargs: Any) -> None:
        self._aborted.set()

    def _aborting(self) -> None:
        if self._stats is not None:
            self._stats.inc_value(REQUESTS_ABORTED)

    async def download_request(self, request: Request) -> Response:
        if self._aborted.is_set():
            self._aborting()
            raise DownloadAborted(f"crawl stopped before {request.url} was sent")
        download = asyncio.ensure_future(super().download_request(request))
        aborted = asyncio.ensure_future(self._aborted.wait())
        try:
            await asyncio.wait({download, aborted}, return_when=asyncio.FIRST_COMPLETED)
        finally:
            aborted.cancel()
            if not download.done():
                # Cancelling the task cancels Scrapy's Deferred, which closes the connection.
                download.cancel()
        if not download.done() or download.cancelled():
            await asyncio.wait({download})  # let the cancellation finish its clean-up
            self._aborting()
            raise DownloadAborted(f"crawl stopped while downloading {request.url}")
        return download.result()

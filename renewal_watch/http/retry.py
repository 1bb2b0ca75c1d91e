"""RetryMiddleware with exponential backoff and `Retry-After` (bounded).

Scrapy's RetryMiddleware re-schedules a failed request at once. Here the retry waits
`base * 2**(attempt-1)` seconds first, where `base` is the host's polite interval (its
DOWNLOAD_SLOTS delay, else DOWNLOAD_DELAY, at least RETRY_BACKOFF_MIN), capped at
RETRY_BACKOFF_MAX. A 429/503 with `Retry-After` waits what the server asked, unless that is
longer than RETRY_AFTER_MAX: then the request is given up and the answer passed on (the
spider records it as an error) rather than holding the crawl hostage.

The largest `Retry-After` a 429/503 asked for, waited for or not, is the crawler stat
`renewal_watch/retry_after` (whole seconds): it reaches the run's crawl_runs.stats, from which
the daemon's adaptive polling backs the source off for that long. When the crawl is stopped
(`renewal_watch.http.abort`), a wait ends at once and nothing more is retried.
"""

from __future__ import annotations

import asyncio
import email.utils
import logging
import math
import time
from typing import TYPE_CHECKING, Any

from scrapy.downloadermiddlewares.retry import RetryMiddleware
from scrapy.utils.httpobj import urlparse_cached
from scrapy.utils.response import response_status_message

from renewal_watch.http.abort import ABORT_DOWNLOADS
from renewal_watch.http.stats import REQUESTS_ABORTED, RETRY_AFTER

if TYPE_CHECKING:
    from scrapy import Request
    from scrapy.crawler import Crawler
    from scrapy.http import Response

logger = logging.getLogger(__name__)

# Defaults of the settings this middleware reads.
RETRY_BACKOFF_MIN = 0.0       # seconds; the floor of the backoff base
RETRY_BACKOFF_MAX = 60.0      # seconds; no single wait is longer
RETRY_AFTER_MAX = 120.0       # seconds; a longer Retry-After is not waited for
# Answers whose Retry-After means "come back later" (on a 3xx it is about the redirect).
RETRY_AFTER_STATUSES = frozenset({429, 503})


def parse_retry_after(value: bytes | str | None, now: float | None = None) -> float | None:
    """Seconds to wait from a Retry-After header (delta-seconds or an HTTP date)."""
    if not value:
        return None
    text = value.decode("latin-1") if isinstance(value, bytes) else value
    text = text.strip()
    if text.isdigit():
        return float(text)
    try:
        when = email.utils.parsedate_to_datetime(text)
    except (TypeError, ValueError):
        return None
    return max(0.0, when.timestamp() - (now if now is not None else time.time()))


class BackoffRetryMiddleware(RetryMiddleware):
    """Retries (RETRY_TIMES, RETRY_HTTP_CODES, RETRY_EXCEPTIONS) after a growing wait."""

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> BackoffRetryMiddleware:
        mw = cls(crawler.settings)
        mw.crawler = crawler
        settings = crawler.settings
        mw.backoff_min = settings.getfloat("RETRY_BACKOFF_MIN", RETRY_BACKOFF_MIN)
        mw.backoff_max = settings.getfloat("RETRY_BACKOFF_MAX", RETRY_BACKOFF_MAX)
        mw.retry_after_max = settings.getfloat("RETRY_AFTER_MAX", RETRY_AFTER_MAX)
        mw.slots = settings.getdict("DOWNLOAD_SLOTS")
        mw.default_delay = settings.getfloat("DOWNLOAD_DELAY")
        mw.stopping = asyncio.Event()
        crawler.signals.connect(mw._stop_waiting, signal=ABORT_DOWNLOADS)
        return mw

    def _stop_waiting(self, **_kwargs: Any) -> None:
        self.stopping.set()

    async def pause(self, seconds: float) -> bool:
        """Wait `seconds` before a retry; False (at once) if the crawl is being stopped."""
        if not self.stopping.is_set():
            try:
                await asyncio.wait_for(self.stopping.wait(), timeout=seconds)
            except TimeoutError:
                return True
        self.crawler.stats.inc_value(REQUESTS_ABORTED)
        return False

    def note_retry_after(self, response: Response) -> float | None:
        """The answer's Retry-After in seconds (429/503 only), kept as the run's largest."""
        if response.status not in RETRY_AFTER_STATUSES:
            return None
        asked = parse_retry_after(response.headers.get("Retry-After"))
        if asked is not None:
            self.crawler.stats.max_value(RETRY_AFTER, math.ceil(asked))
        return asked

    def backoff(self, request: Request) -> float:
        """The wait before the next attempt of `request`."""
        host = urlparse_cached(request).hostname or ""
        base = float(self.slots.get(host, {}).get("delay", self.default_delay))
        attempt = int(request.meta.get("retry_times", 0)) + 1
        return min(self.backoff_max, max(self.backoff_min, base) * 2 ** (attempt - 1))

    async def process_response(self, request: Request, response: Response,
                               ) -> Request | Response:
        asked = self.note_retry_after(response)  # (even when not retried: the daemon backs off)
        if request.meta.get("dont_retry", False) or response.status not in self.retry_http_codes:
            return response
        wait = self.backoff(request)
        if asked is not None:
            if asked > self.retry_after_max:
                logger.warning("%s asked to retry after %.0fs (more than %.0fs): giving up",
                               request.url, asked, self.retry_after_max)
                self.crawler.stats.inc_value("renewal_watch/retry_after_too_long")
                return response
            wait = max(wait, asked)
        retry = self._retry(request, response_status_message(response.status))
        if retry is None or not await self.pause(wait):
            return response
        return retry

    async def process_exception(self, request: Request, exception: Exception,
                                ) -> Request | None:
        if request.meta.get("dont_retry", False) or not isinstance(
                exception, self.exceptions_to_retry):
            return None
        retry = self._retry(request, exception)
        if retry is None or not await self.pause(self.backoff(request)):
            return None
        return retry

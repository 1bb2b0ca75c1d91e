"""Per-source request outcome counters, namespaced in the crawler stats.

Sits next to the downloader (order 950) so it sees every attempt, retries included, and every
raw status before other middlewares act on it. `crawl.py` copies these into crawl_runs.
"""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING

from scrapy.exceptions import DownloadCancelledError, DownloadTimeoutError
from twisted.internet.defer import CancelledError
from twisted.internet.error import TimeoutError as TxTimeoutError

if TYPE_CHECKING:
    from scrapy import Request
    from scrapy.crawler import Crawler
    from scrapy.http import Response
    from scrapy.statscollectors import StatsCollector

logger = logging.getLogger(__name__)

PREFIX = "renewal_watch/"
# Stat keys (all under PREFIX). Spiders and stages add their own under the same prefix.
REQUESTS = PREFIX + "requests"
TIMEOUTS = PREFIX + "timeouts"
TOO_LARGE = PREFIX + "too_large"
DOWNLOAD_ERRORS = PREFIX + "download_errors"
ERRORS = PREFIX + "errors"
LAST_ERROR = PREFIX + "last_error"
# The largest Retry-After (seconds) a 429/503 asked for; the daemon's polling backs off by it
# (daemon_tasks.RETRY_AFTER_STAT reads this key).
RETRY_AFTER = PREFIX + "retry_after"
# Requests ended because the crawl was being stopped (renewal_watch.http.abort).
REQUESTS_ABORTED = PREFIX + "requests_aborted"

TIMEOUT_EXCEPTIONS = (DownloadTimeoutError, TxTimeoutError, TimeoutError)
# The download handler cancels a body that outgrows DOWNLOAD_MAXSIZE.
TOO_LARGE_EXCEPTIONS = (DownloadCancelledError, CancelledError)


def status_key(status: int) -> str:
    """`renewal_watch/status/200`, `/304`, `/4xx`, `/5xx` or `/other`."""
    if status in (200, 304):
        return f"{PREFIX}status/{status}"
    if 400 <= status < 600:
        return f"{PREFIX}status/{status // 100}xx"
    return f"{PREFIX}status/other"


def record_error(stats: StatsCollector, kind: str, message: str) -> None:
    """Count an error of `kind` and keep the latest message for the run's `error` column."""
    stats.inc_value(ERRORS)
    stats.inc_value(f"{PREFIX}error/{kind}")
    stats.set_value(LAST_ERROR, message[:500])


class ResponseStatsMiddleware:
    """Counts requests, responses by status class, timeouts and oversized bodies."""

    def __init__(self, stats: StatsCollector) -> None:
        self.stats = stats

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> ResponseStatsMiddleware:
        return cls(crawler.stats)

    def process_request(self, request: Request) -> None:
        self.stats.inc_value(REQUESTS)

    def process_response(self, request: Request, response: Response) -> Response:
        self.stats.inc_value(status_key(response.status))
        return response

    def process_exception(self, request: Request, exception: Exception) -> None:
        if isinstance(exception, TIMEOUT_EXCEPTIONS):
            self.stats.inc_value(TIMEOUTS)
        elif isinstance(exception, TOO_LARGE_EXCEPTIONS):
            self.stats.inc_value(TOO_LARGE)
        else:
            self.stats.inc_value(DOWNLOAD_ERRORS)

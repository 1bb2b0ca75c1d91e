"""renewal_watch.http: retry backoff and Retry-After (kept for the daemon's backoff, cut short
by a stop), the known-article rule, stat keys."""

from __future__ import annotations

import asyncio
import datetime as dt
from email.utils import format_datetime

import pytest
from scrapy import Request, Spider
from scrapy.crawler import Crawler
from scrapy.http import Response
from scrapy.settings import Settings
from scrapy.statscollectors import MemoryStatsCollector

from renewal_watch.http.abort import ABORT_DOWNLOADS
from renewal_watch.http.known import is_unchanged
from renewal_watch.http.retry import BackoffRetryMiddleware, parse_retry_after
from renewal_watch.http.stats import REQUESTS_ABORTED, RETRY_AFTER, status_key

T0 = dt.datetime(2026, 1, 10, 12, tzinfo=dt.UTC)


@pytest.mark.parametrize("value,expected", [
    (b"120", 120.0), ("7", 7.0), (None, None), (b"", None), (b"soon", None),
    (format_datetime(dt.datetime.fromtimestamp(1_000_030, dt.UTC), usegmt=True), 30.0),
    (format_datetime(dt.datetime.fromtimestamp(999_000, dt.UTC), usegmt=True), 0.0),
])
def test_parse_retry_after(value, expected):
    got = parse_retry_after(value, now=1_000_000)
    assert got == pytest.approx(expected) if expected is not None else got is None


def _middleware(**settings) -> BackoffRetryMiddleware:
    crawler = Crawler(Spider, Settings({"DOWNLOAD_DELAY": 1.0, "RETRY_BACKOFF_MAX": 10,
                                        "DOWNLOAD_SLOTS": {"slow.example": {"delay": 4.0}},
                                        **settings}))
    crawler.stats = MemoryStatsCollector(crawler)
    crawler.spider = Spider.from_crawler(crawler, "test")
    return BackoffRetryMiddleware.from_crawler(crawler)


def _answer(mw, status, retry_after=None, url="https://a.example/feed"):
    """The middleware's verdict on one answer (a Request means: retried)."""
    headers = {"Retry-After": retry_after} if retry_after is not None else {}
    request = Request(url)
    response = Response(url, status=status, headers=headers, request=request)
    # (bounded: a wait the middleware should not have started fails the test, not hangs it)
    return asyncio.run(asyncio.wait_for(mw.process_response(request, response), 30))


def test_backoff_doubles_from_the_hosts_interval_and_is_capped():
    mw = _middleware()
    waits = [mw.backoff(Request("https://a.example/x", meta={"retry_times": n}))
             for n in range(5)]
    assert waits == [1.0, 2.0, 4.0, 8.0, 10.0]
    assert mw.backoff(Request("https://slow.example/x")) == 4.0
    assert _middleware(RETRY_BACKOFF_MIN=3).backoff(Request("https://a.example/")) == 3.0


def test_largest_retry_after_is_kept_also_when_given_up():
    mw = _middleware(RETRY_AFTER_MAX=120, DOWNLOAD_DELAY=0)
    assert isinstance(_answer(mw, 503, "0"), Request)              # retried
    assert isinstance(_answer(mw, 429, "3600"), Response)          # too long: given up
    assert isinstance(_answer(mw, 503, "0.5 hours"), Request)      # unparsable: ignored
    assert mw.crawler.stats.get_value(RETRY_AFTER) == 3600
    assert mw.crawler.stats.get_value("renewal_watch/retry_after_too_long") == 1


def test_retry_after_of_other_answers_is_not_a_backoff():
    mw = _middleware()
    _answer(mw, 301, "600")
    _answer(mw, 404, "600")
    assert mw.crawler.stats.get_value(RETRY_AFTER) is None


def test_a_stopping_crawl_waits_for_no_retry():
    mw = _middleware(RETRY_AFTER_MAX=120)
    mw.crawler.signals.send_catch_log(signal=ABORT_DOWNLOADS)
    # 100 s asked (under RETRY_AFTER_MAX): answered at once with the 503 itself, no retry.
    answer = _answer(mw, 503, "100")
    assert isinstance(answer, Response) and answer.status == 503
    assert mw.crawler.stats.get_value(REQUESTS_ABORTED) == 1
    assert mw.crawler.stats.get_value(RETRY_AFTER) == 100


@pytest.mark.parametrize("latest,known,unchanged", [
    (None, [T0], True),                                   # undated entry, stored: skip
    (T0, [T0 + dt.timedelta(hours=1), None], True),       # fetched after the entry's date
    (T0 + dt.timedelta(hours=2), [T0 + dt.timedelta(hours=1)], False),  # updated since
    (T0, [None, None], False),                            # nothing to compare with: fetch
])
def test_known_article_rule(latest, known, unchanged):
    assert is_unchanged(latest, known) is unchanged


@pytest.mark.parametrize("status,key", [(200, "renewal_watch/status/200"),
                                        (304, "renewal_watch/status/304"),
                                        (404, "renewal_watch/status/4xx"),
                                        (503, "renewal_watch/status/5xx"),
                                        (301, "renewal_watch/status/other")])
def test_status_keys(status, key):
    assert status_key(status) == key

"""Stage 600: decide alerts for what the store stage (500) just wrote.

For an article, each of its mentions not yet decided; for a signal, the signal. Each decision
is its own transaction, marked on the mention/signal, so a crawl killed between store and
alert loses nothing: `renewal_watch.alerts.after_crawl` (run when the crawl ends, or by the
next one) sweeps whatever is still undecided. Nothing is sent from here; delivery runs after
the crawl, outside the reactor.
"""

from __future__ import annotations

import logging
from typing import Any

from scrapy.crawler import Crawler
from sqlalchemy.exc import SQLAlchemyError

from renewal_watch.alerts import SweepReport, process_article, process_signal
from renewal_watch.exceptions import RenewalWatchError
from renewal_watch.items import ArticleItem, SignalItem
from renewal_watch.scrapy_settings import config_from_settings, database_from_crawler

logger = logging.getLogger(__name__)

ALERTS_OPENED = "renewal_watch/alerts_opened"
ALERTS_RAISED = "renewal_watch/alerts_raised"
ALERT_ERRORS = "renewal_watch/alert_errors"


class AlertStage:
    """Opens alerts, or corroborates open ones, from stored mentions and signals."""

    def __init__(self, crawler: Crawler) -> None:
        self.crawler = crawler
        self.config = config_from_settings(crawler.settings)
        self.stats = crawler.stats

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> AlertStage:
        return cls(crawler)

    def open_spider(self) -> None:
        self.db = database_from_crawler(self.crawler)

    def process_item(self, item: Any) -> Any:
        try:
            if isinstance(item, ArticleItem) and item.article_id is not None:
                report = process_article(self.db, self.config, item.article_id)
            elif isinstance(item, SignalItem) and item.signal_id is not None:
                report = process_signal(self.db, self.config, item.signal_id)
            else:
                return item
        except (SQLAlchemyError, RenewalWatchError):
            # The item is stored and left undecided: the after-crawl sweep retries it.
            logger.exception("alert decision failed; left for the after-crawl sweep")
            self.stats.inc_value(ALERT_ERRORS)
            return item
        self._count(report)
        return item

    def _count(self, report: SweepReport) -> None:
        if report.opened:
            self.stats.inc_value(ALERTS_OPENED, len(report.opened))
        if report.raised:
            self.stats.inc_value(ALERTS_RAISED, len(report.raised))

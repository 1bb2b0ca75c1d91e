"""Alerts: events, severity, believed status, outbox delivery and digests.

The interface other parts use (see docs/ARCHITECTURE.md, "Cross-module interfaces"):

* `after_crawl(db, config)`: decide every stored mention/signal not yet decided (so a crawl
  killed between store and alert loses nothing), then deliver what is due;
* `process_article(db, config, article_id)` / `process_signal(db, config, signal_id)`: the
  decision for one stored item (the alert pipeline stage calls these);
* `deliver_pending(db, config, now=None)`, `send_digests(db, config, period, now=None)`;
* `source_health_changed(db, config, source_name, problem)` (None = recovered);
* `effective_baseline(session, title_key)`: the believed status as a classifier Baseline;
* `channel_health(db, config)`: channels with their health and queue (secrets masked).

Apprise (for delivery) is imported only when something is sent.
"""

from __future__ import annotations

import datetime as dt
import logging
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from sqlalchemy import or_, select
from sqlalchemy.exc import IntegrityError, OperationalError

from renewal_watch.alerts.believed import effective_baseline
from renewal_watch.alerts.decide import OPENED, RAISED, Outcome, decide_mention, decide_signal
from renewal_watch.config import Config
from renewal_watch.db import Database
from renewal_watch.models import Article, Mention, Signal, utcnow

if TYPE_CHECKING:
    from renewal_watch.alerts.delivery import DeliveryReport

logger = logging.getLogger(__name__)

__all__ = [
    "SweepReport", "after_crawl", "channel_health", "deliver_pending", "effective_baseline",
    "process_article", "process_signal", "send_digests", "source_health_changed", "sweep",
]

# A decision that lost a race (another process opened the same alert) is retried this often.
RACE_RETRIES = 2


@dataclass
class SweepReport:
    """What a sweep decided."""

    opened: list[int] = field(default_factory=list)
    raised: list[int] = field(default_factory=list)
    decided: int = 0

    def add(self, outcome: Outcome | None) -> None:
        if outcome is None:
            return
        self.decided += 1
        if outcome.action == OPENED and outcome.alert_id is not None:
            self.opened.append(outcome.alert_id)
        elif outcome.action == RAISED and outcome.alert_id is not None:
            self.raised.append(outcome.alert_id)


def _unprocessed_mention(query):
    return query.where(or_(Mention.alert_processed_at.is_(None),
                           Mention.alert_processed_at < Mention.classified_at))


def _unprocessed_signal(query):
    return query.where(or_(Signal.alert_processed_at.is_(None),
                           Signal.alert_processed_at < Signal.changed_at))


def _decide_one(db: Database, config: Config, model: type, row_id: int,
                now: dt.datetime) -> Outcome | None:
    """Decide one mention or signal in its own transaction (None: decided elsewhere)."""
    for attempt in range(RACE_RETRIES + 1):
        try:
            with db.transaction() as session:
                filt = _unprocessed_mention if model is Mention else _unprocessed_signal
                # FOR UPDATE (PostgreSQL): a concurrent sweep waits, then finds it decided.
                row = session.scalars(filt(select(model).where(model.id == row_id))
                                      .with_for_update()).first()
                if row is None:
                    return None
                decide = decide_mention if model is Mention else decide_signal
                return decide(session, config, row, now)
        except (IntegrityError, OperationalError) as exc:
            if attempt == RACE_RETRIES:
                raise
            logger.info("decision on %s %s raced (%s); retrying", model.__name__, row_id,
                        type(exc).__name__)
    return None


def process_article(db: Database, config: Config, article_id: int,
                    now: dt.datetime | None = None) -> SweepReport:
    """Decide the undecided mentions of one stored article."""
    now = now or utcnow()
    with db.session() as session:
        ids = list(session.scalars(_unprocessed_mention(
            select(Mention.id).where(Mention.article_id == article_id)).order_by(Mention.id)))
    report = SweepReport()
    for mention_id in ids:
        report.add(_decide_one(db, config, Mention, mention_id, now))
    return report


def process_signal(db: Database, config: Config, signal_id: int,
                   now: dt.datetime | None = None) -> SweepReport:
    """Decide one stored signal, if undecided."""
    report = SweepReport()
    report.add(_decide_one(db, config, Signal, signal_id, now or utcnow()))
    return report


def sweep(db: Database, config: Config, now: dt.datetime | None = None) -> SweepReport:
    """Decide every mention and signal not yet decided, oldest article first."""
    now = now or utcnow()
    with db.session() as session:
        mention_ids = list(session.scalars(_unprocessed_mention(
            select(Mention.id).join(Article, Article.id == Mention.article_id))
            .order_by(Article.published_at.is_(None), Article.published_at,
                      Article.first_seen_at, Mention.id)))
        signal_ids = list(session.scalars(_unprocessed_signal(select(Signal.id))
                                          .order_by(Signal.first_seen_at, Signal.id)))
    report = SweepReport()
    for mention_id in mention_ids:
        report.add(_decide_one(db, config, Mention, mention_id, now))
    for signal_id in signal_ids:
        report.add(_decide_one(db, config, Signal, signal_id, now))
    if report.decided:
        logger.info("alert sweep: %s decided, %s opened, %s raised", report.decided,
                    len(report.opened), len(report.raised))
    return report


def after_crawl(db: Database, config: Config, now: dt.datetime | None = None
                ) -> tuple[SweepReport, DeliveryReport]:
    """Sweep undecided mentions/signals into alerts, then deliver what is due."""
    report = sweep(db, config, now)
    return report, deliver_pending(db, config, now)


def deliver_pending(db: Database, config: Config, now: dt.datetime | None = None
                    ) -> DeliveryReport:
    """Send every due delivery once (see `alerts.delivery`)."""
    from renewal_watch.alerts import delivery

    return delivery.deliver_pending(db, config, now)


def send_digests(db: Database, config: Config, period: str, now: dt.datetime | None = None
                 ) -> DeliveryReport:
    """Queue and send the daily or weekly digests (see `alerts.digest`)."""
    from renewal_watch.alerts import digest

    return digest.send_digests(db, config, period, now)


def source_health_changed(db: Database, config: Config, source_name: str,
                          problem: str | None, now: dt.datetime | None = None) -> int | None:
    """A source started failing (`problem`) or recovered (None); see `alerts.health`."""
    from renewal_watch.alerts import health

    return health.source_health_changed(db, config, source_name, problem, now)


def channel_health(db: Database, config: Config) -> list[dict[str, object]]:
    """Channels with health and queue counts, URLs masked (see `alerts.delivery`)."""
    from renewal_watch.alerts import delivery

    return delivery.channel_health(db, config)

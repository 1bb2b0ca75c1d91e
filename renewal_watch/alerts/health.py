"""Source health as alerts: a source that keeps failing is reported; its recovery closes it."""

from __future__ import annotations

import datetime as dt
import logging

from sqlalchemy import select

from renewal_watch.alerts.events import KIND_SOURCE_HEALTH
from renewal_watch.alerts.messages import Message, clean
from renewal_watch.alerts.outbox import KIND_INSTANT, enqueue_alert, enqueue_message
from renewal_watch.config import Config
from renewal_watch.db import Database
from renewal_watch.models import Alert, Delivery, Source, utcnow

logger = logging.getLogger(__name__)

MAX_PROBLEM_CHARS = 500


def source_health_changed(db: Database, config: Config, source_name: str,
                          problem: str | None, now: dt.datetime | None = None) -> int | None:
    """Record a change in a source's health; returns the alert id concerned, if any.

    A problem opens one `source_health` alert (warning) per failure episode; repeated calls
    while it is open only update its reason. `problem=None` (recovered) resolves it and tells
    the channels that heard of the failure.
    """
    now = now or utcnow()
    with db.transaction() as session:
        source = session.scalars(select(Source).where(Source.name == source_name)).first()
        source_id = source.id if source is not None else None
        open_alert = session.scalars(
            select(Alert).where(Alert.kind == KIND_SOURCE_HEALTH,
                                Alert.dedupe_key.startswith(f"source:{source_name}:"),
                                Alert.resolved_at.is_(None))
            .order_by(Alert.id.desc()).limit(1)).first()
        if problem is None:
            if open_alert is None:
                return None
            open_alert.resolved_at = now
            open_alert.updated_at = now
            _tell_recovery(session, open_alert, source_name, now)
            logger.info("source %s recovered (alert %s)", source_name, open_alert.id)
            return open_alert.id
        reason = clean(problem, MAX_PROBLEM_CHARS)
        if open_alert is not None:
            open_alert.reason = reason
            open_alert.updated_at = now
            return open_alert.id
        alert = Alert(dedupe_key=f"source:{source_name}:{now.isoformat()}",
                      kind=KIND_SOURCE_HEALTH, source_id=source_id, severity="warning",
                      status="new", summary=f"Source {source_name!r} is failing", reason=reason,
                      evidence=[], opened_at=now, updated_at=now)
        session.add(alert)
        session.flush()
        enqueue_alert(session, config, alert, now=now)
        logger.warning("source %s failing: alert %s", source_name, alert.id)
        return alert.id


def _tell_recovery(session, alert: Alert, source_name: str, now: dt.datetime) -> None:
    told = session.scalars(select(Delivery.channel).where(
        Delivery.alert_id == alert.id, Delivery.kind == KIND_INSTANT)).all()
    message = Message(subject=f"[resolved] Source {source_name!r} recovered",
                      body=f"Source {source_name!r} works again (alert {alert.id} resolved).",
                      html=f"<p>Source {clean(source_name, 100)!r} works again "
                           f"(alert {alert.id} resolved).</p>")
    for channel in sorted(set(told)):
        enqueue_message(session, f"alert:{alert.id}:{channel}:resolved", channel, message,
                        kind=KIND_INSTANT, now=now)

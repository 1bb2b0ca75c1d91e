"""The outbox: which channels hear of an alert at once, queued in the alert's transaction.

A `Delivery` row per (alert, channel, severity) is written in the same transaction that opens
the alert or raises its severity, so an alert is never committed without its deliveries nor
delivered before it is committed. The sender (`delivery.deliver_pending`) works from these
rows alone, which is what lets a killed process lose nothing.
"""

from __future__ import annotations

import datetime as dt
import logging

from sqlalchemy import select
from sqlalchemy.orm import Session

from renewal_watch.alerts.events import KIND_CHANNEL_HEALTH, KIND_RUMOR
from renewal_watch.alerts.messages import Message, render_alert
from renewal_watch.config import Channel, Config
from renewal_watch.models import Alert, Delivery

logger = logging.getLogger(__name__)

KIND_INSTANT = "instant"
KIND_DIGEST = "digest"

STATUS_PENDING = "pending"
STATUS_SENT = "sent"
STATUS_DEAD = "dead"


def instant_channels(config: Config, alert: Alert, *, exclude: str | None = None
                     ) -> list[Channel]:
    """Channels that take this alert at once; the rest may see it in their digest.

    A rumor set to `[alerts] rumor = "digest"` is never instant. A channel-health report goes
    to every other channel whatever its severities: the user must hear a channel is broken.
    """
    channels = [c for c in config.channels if c.name != exclude]
    if alert.kind == KIND_CHANNEL_HEALTH:
        return channels
    if alert.kind == KIND_RUMOR and config.alerts.rumor == "digest":
        return []
    return [c for c in channels if alert.severity in c.severities]


def delivery_key(alert: Alert, channel: str) -> str:
    """One instant delivery per alert, channel and severity: a rise is a new message."""
    return f"alert:{alert.id}:{channel}:{alert.severity}"


def enqueue_alert(session: Session, config: Config, alert: Alert, *,
                  previous: str | None = None, believed_before: str | None = None,
                  exclude: str | None = None, now: dt.datetime) -> list[Delivery]:
    """Queue the alert (at its current severity) for each instant channel, once."""
    channels = instant_channels(config, alert, exclude=exclude)
    if not channels or alert.status == "dismissed":
        return []
    session.flush()  # the alert needs its id for the keys
    keys = {delivery_key(alert, c.name): c for c in channels}
    existing = set(session.scalars(select(Delivery.key).where(Delivery.key.in_(keys))))
    todo = [(k, c) for k, c in keys.items() if k not in existing]
    if not todo:
        return []
    message = render_alert(alert, previous=previous, believed_before=believed_before)
    rows = [_row(key, channel.name, message, alert=alert, now=now) for key, channel in todo]
    session.add_all(rows)
    logger.info("queued alert %s (%s) for %s", alert.id, alert.severity,
                ", ".join(c.name for _, c in todo))
    return rows


def enqueue_message(session: Session, key: str, channel: str, message: Message, *,
                    kind: str, now: dt.datetime) -> Delivery | None:
    """Queue a message that belongs to no alert (a digest); None if `key` is queued already."""
    if session.scalars(select(Delivery.id).where(Delivery.key == key)).first() is not None:
        return None
    row = _row(key, channel, message, kind=kind, now=now)
    session.add(row)
    return row


def _row(key: str, channel: str, message: Message, *, alert: Alert | None = None,
         kind: str = KIND_INSTANT, now: dt.datetime) -> Delivery:
    return Delivery(key=key, alert_id=alert.id if alert else None, channel=channel, kind=kind,
                    status=STATUS_PENDING, attempts=0, next_attempt_at=now,
                    subject=message.subject, body=message.body, body_html=message.html,
                    severity=alert.severity if alert else None, created_at=now)

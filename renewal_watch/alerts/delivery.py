"""The delivery worker: sends what the outbox holds, records every attempt, retries failures.

All state is in the database, so a sender can be killed at any point and the next one picks
up where it stopped. A row is *claimed* (an UPDATE that only succeeds while the row is
pending, due and unclaimed) before it is sent, so two processes never send the same row; a
claim left behind by a killed sender expires after `CLAIM_LEASE` and the row is retried.
Failures back off exponentially (`[alerts] retry_base_seconds * 2^(attempt-1)`, capped at
`retry_max_seconds`) until `max_attempts`, then the row is dead. A channel failing
`channel_failure_threshold` times in a row is reported through the other channels.
"""

from __future__ import annotations

import datetime as dt
import logging
import os
import socket
import uuid
from dataclasses import dataclass

from sqlalchemy import func, or_, select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from renewal_watch.alerts import channels
from renewal_watch.alerts.events import KIND_CHANNEL_HEALTH
from renewal_watch.alerts.messages import clean
from renewal_watch.alerts.outbox import (
    STATUS_DEAD,
    STATUS_PENDING,
    STATUS_SENT,
    enqueue_alert,
)
from renewal_watch.config import Config
from renewal_watch.db import Database
from renewal_watch.models import Alert, ChannelState, Delivery, DeliveryAttempt, utcnow

logger = logging.getLogger(__name__)

# How long a claimed row is left to its sender before another may take it over.
CLAIM_LEASE = dt.timedelta(minutes=10)


@dataclass
class DeliveryReport:
    """Counts of one `deliver_pending` pass."""

    sent: int = 0
    failed: int = 0
    dead: int = 0
    skipped: int = 0

    def __str__(self) -> str:
        return f"{self.sent} sent, {self.failed} failed, {self.dead} dead"


def worker_id() -> str:
    """A name for this sender in claims: host, pid and a random suffix."""
    return f"{socket.gethostname()[:60]}:{os.getpid()}:{uuid.uuid4().hex[:8]}"


def backoff(config: Config, attempts: int) -> dt.timedelta:
    """Delay before the next try after `attempts` failed attempts."""
    base = config.alerts.retry_base_seconds
    seconds = min(base * 2 ** max(0, attempts - 1), config.alerts.retry_max_seconds)
    return dt.timedelta(seconds=seconds)


def _due(session: Session, now: dt.datetime) -> list[tuple[int, str]]:
    rows = session.execute(
        select(Delivery.id, Delivery.channel)
        .where(Delivery.status == STATUS_PENDING, Delivery.next_attempt_at <= now,
               or_(Delivery.claimed_until.is_(None), Delivery.claimed_until < now))
        .order_by(Delivery.next_attempt_at, Delivery.id)).all()
    return [(r[0], r[1]) for r in rows]


def deliver_pending(db: Database, config: Config, now: dt.datetime | None = None
                    ) -> DeliveryReport:
    """Send every due delivery once; failures are rescheduled or marked dead.

    `now` drives the clock (due times, claims, backoff), so tests need not sleep. After the
    first failure of a channel in a pass its other rows wait for the next pass.
    """
    now = now or utcnow()
    worker = worker_id()
    report = DeliveryReport()
    tried: set[int] = set()
    failing: set[str] = set()
    while True:
        with db.transaction() as session:
            due = [(i, c) for i, c in _due(session, now) if i not in tried and c not in failing]
        if not due:
            break
        for delivery_id, channel in due:
            tried.add(delivery_id)
            if channel in failing:
                report.skipped += 1
                continue
            outcome = deliver_one(db, config, delivery_id, now, worker)
            if outcome == STATUS_SENT:
                report.sent += 1
            elif outcome == STATUS_DEAD:
                report.dead += 1
                failing.add(channel)
            elif outcome == "failed":
                report.failed += 1
                failing.add(channel)
            else:
                report.skipped += 1
    if report.sent or report.failed or report.dead:
        logger.info("deliveries: %s", report)
    return report


def _claim(db: Database, delivery_id: int, now: dt.datetime, worker: str) -> bool:
    with db.transaction() as session:
        result = session.execute(
            update(Delivery)
            .where(Delivery.id == delivery_id, Delivery.status == STATUS_PENDING,
                   Delivery.next_attempt_at <= now,
                   or_(Delivery.claimed_until.is_(None), Delivery.claimed_until < now))
            .values(claimed_by=worker, claimed_until=now + CLAIM_LEASE)
            .execution_options(synchronize_session=False))
        return result.rowcount == 1


def deliver_one(db: Database, config: Config, delivery_id: int, now: dt.datetime,
                worker: str | None = None) -> str:
    """Claim, send and record one delivery: "sent", "failed", "dead" or "skipped"."""
    worker = worker or worker_id()
    if not _claim(db, delivery_id, now, worker):
        return "skipped"  # another sender has it, or it is no longer due
    with db.session() as session:
        row = session.get(Delivery, delivery_id)
        assert row is not None
        name, subject, body, html = row.channel, row.subject, row.body, row.body_html
    channel = next((c for c in config.channels if c.name == name), None)
    if channel is None:
        result = channels.SendResult(False, "channel not configured (or disabled)", 0)
    else:
        result = channels.send(channel.url, subject, body, html)
    with db.transaction() as session:
        row = session.get(Delivery, delivery_id)
        assert row is not None
        outcome = _record(session, config, row, result, now, terminal=channel is None)
        if channel is not None:
            _channel_result(session, config, name, result, now)
    log = logger.info if result.ok else logger.warning
    log("delivery %s to %s: %s (%s)", delivery_id,
        channels.safe_url(channel.url) if channel else name, outcome, result.answer[:200])
    return outcome


def _record(session: Session, config: Config, row: Delivery, result: channels.SendResult,
            now: dt.datetime, *, terminal: bool) -> str:
    row.attempts += 1
    row.last_attempt_at = now
    row.claimed_by = None
    row.claimed_until = None
    session.add(DeliveryAttempt(delivery_id=row.id, at=now, ok=result.ok,
                                response=result.answer, duration_ms=result.duration_ms))
    if result.ok:
        row.status = STATUS_SENT
        row.sent_at = now
        row.last_error = None
        return STATUS_SENT
    row.last_error = result.answer
    if terminal or row.attempts >= config.alerts.max_attempts:
        row.status = STATUS_DEAD
        return STATUS_DEAD
    row.next_attempt_at = now + backoff(config, row.attempts)
    return "failed"


def _state(session: Session, name: str) -> ChannelState:
    state = session.scalars(select(ChannelState).where(ChannelState.name == name)).first()
    if state is not None:
        return state
    state = ChannelState(name=name, consecutive_failures=0)
    try:
        with session.begin_nested():
            session.add(state)
            session.flush()
    except IntegrityError:  # created by another sender meanwhile
        state = session.scalars(select(ChannelState).where(ChannelState.name == name)).one()
    return state


def _channel_result(session: Session, config: Config, name: str,
                    result: channels.SendResult, now: dt.datetime) -> None:
    """Track the channel's health; report it through the others when it keeps failing."""
    state = _state(session, name)
    if result.ok:
        state.consecutive_failures = 0
        state.last_success_at = now
        if state.unhealthy_since is not None:
            state.unhealthy_since = None
            if state.alert_id is not None and (alert := session.get(Alert, state.alert_id)):
                alert.resolved_at = now
                alert.updated_at = now
            logger.info("channel %s recovered", name)
        return
    state.consecutive_failures += 1
    state.last_error = result.answer
    state.last_failure_at = now
    if (state.consecutive_failures < config.alerts.channel_failure_threshold
            or state.unhealthy_since is not None):
        return
    state.unhealthy_since = now
    alert = Alert(dedupe_key=f"channel:{name}:{now.isoformat()}", kind=KIND_CHANNEL_HEALTH,
                  severity="warning", status="new",
                  summary=f"Notification channel {name!r} is failing",
                  reason=clean(f"{state.consecutive_failures} consecutive failed deliveries; "
                               f"last answer: {result.answer}", 1000),
                  evidence=[], opened_at=now, updated_at=now)
    session.add(alert)
    session.flush()
    state.alert_id = alert.id
    enqueue_alert(session, config, alert, exclude=name, now=now)
    logger.warning("channel %s failed %s times in a row: reported through the others", name,
                   state.consecutive_failures)


def channel_health(db: Database, config: Config) -> list[dict[str, object]]:
    """Each configured channel's health and queue, secrets masked (for `status`)."""
    with db.session() as session:
        states = {s.name: s for s in session.scalars(select(ChannelState))}
        counts = {(channel, status): n for channel, status, n in session.execute(
            select(Delivery.channel, Delivery.status, func.count())
            .group_by(Delivery.channel, Delivery.status))}
    out = []
    for channel in config.channel:
        state = states.get(channel.name)
        out.append({
            "name": channel.name, "url": channels.safe_url(channel.url),
            "enabled": channel.enabled, "severities": list(channel.severities),
            "digest": channel.digest,
            "healthy": state is None or state.unhealthy_since is None,
            "consecutive_failures": state.consecutive_failures if state else 0,
            "last_error": state.last_error if state else None,
            "last_success_at": state.last_success_at.isoformat()
            if state and state.last_success_at else None,
            "pending": counts.get((channel.name, STATUS_PENDING), 0),
            "dead": counts.get((channel.name, STATUS_DEAD), 0),
        })
    return out

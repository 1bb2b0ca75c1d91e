"""Scheduled digests: per channel, what stayed below its instant threshold.

A channel with `digest = "daily"` or `"weekly"` gets one message per period gathering the
alerts it did not receive at once (rumors in digest mode, severities it does not take
instantly), franchise activity (mentions that are not events), and source and channel
health. An empty digest is not sent. A digest is queued in the outbox under a key naming its
period, so running the job twice in a period sends it once.
"""

from __future__ import annotations

import datetime as dt
import logging
from collections import Counter, defaultdict
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from renewal_watch.alerts.delivery import DeliveryReport, deliver_pending
from renewal_watch.alerts.events import EVENT_KINDS, KIND_SOURCE_HEALTH
from renewal_watch.alerts.messages import clean, render_digest, safe_link
from renewal_watch.alerts.outbox import KIND_DIGEST, enqueue_message
from renewal_watch.config import Channel, Config
from renewal_watch.db import Database
from renewal_watch.models import (
    Alert,
    Article,
    ChannelState,
    Delivery,
    Mention,
    Source,
    Title,
    utcnow,
)

logger = logging.getLogger(__name__)

PERIODS = {"daily": dt.timedelta(days=1), "weekly": dt.timedelta(days=7)}
# Labels summarised as franchise activity (events have their own section).
ACTIVITY_LABELS = ("mention", "rumor", "renewal", "new_project", "ended")
HEALTHY = frozenset({"ok", "unknown", "healthy"})
MAX_DIGEST_ALERTS = 50


def period_stamp(period: str, now: dt.datetime) -> str:
    """The period a digest belongs to: "2025-03-14" (daily) or "2025-W11" (weekly)."""
    if period == "weekly":
        year, week, _ = now.isocalendar()
        return f"{year}-W{week:02d}"
    return now.date().isoformat()


def _window_start(session: Session, channel: str, period: str, now: dt.datetime
                  ) -> dt.datetime:
    last = session.scalars(
        select(Delivery.created_at).where(Delivery.kind == KIND_DIGEST,
                                          Delivery.key.startswith(f"digest:{channel}:{period}:"))
        .order_by(Delivery.created_at.desc()).limit(1)).first()
    return last if last is not None else now - PERIODS[period]


def _alerts(session: Session, channel: Channel, start: dt.datetime, now: dt.datetime
            ) -> list[dict[str, Any]]:
    rows = session.scalars(
        select(Alert).where(Alert.updated_at >= start, Alert.updated_at < now,
                            Alert.status != "dismissed",
                            Alert.kind.in_([*EVENT_KINDS, KIND_SOURCE_HEALTH]))
        .order_by(Alert.updated_at.desc()).limit(MAX_DIGEST_ALERTS * 4))
    sent_keys = set(session.scalars(select(Delivery.key).where(
        Delivery.channel == channel.name, Delivery.kind == "instant",
        Delivery.alert_id.isnot(None))))
    out = []
    for alert in rows:
        if f"alert:{alert.id}:{channel.name}:{alert.severity}" in sent_keys:
            continue  # the channel heard of it at this severity already
        first = next(iter(sorted(alert.sources, key=lambda s: s.id)), None)
        out.append({"id": alert.id, "severity": alert.severity,
                    "summary": clean(alert.summary, 300), "sources": len(alert.sources),
                    "url": safe_link(first.url) if first else ""})
        if len(out) >= MAX_DIGEST_ALERTS:
            break
    return out


def _mentions(session: Session, start: dt.datetime, now: dt.datetime) -> list[dict[str, Any]]:
    rows = session.execute(
        select(Title.name, Mention.label)
        .join(Mention, Mention.title_id == Title.id)
        .join(Article, Article.id == Mention.article_id)
        .where(Mention.classified_at >= start, Mention.classified_at < now,
               Mention.label.in_(ACTIVITY_LABELS))).all()
    per_title: dict[str, Counter[str]] = defaultdict(Counter)
    for name, label in rows:
        per_title[name][label] += 1
    return [{"title": clean(name, 200), "count": sum(c.values()),
             "labels": ", ".join(f"{n} {label}" for label, n in c.most_common())}
            for name, c in sorted(per_title.items())]


def _health(session: Session) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    sources = [{"name": s.name, "health": s.health,
                "error": clean(s.last_error, 200) if s.last_error else ""}
               for s in session.scalars(select(Source).order_by(Source.name))
               if s.enabled and (s.health not in HEALTHY or s.consecutive_failures)]
    chans = [{"name": c.name, "failures": c.consecutive_failures,
              "error": clean(c.last_error, 200) if c.last_error else ""}
             for c in session.scalars(select(ChannelState).order_by(ChannelState.name))
             if c.unhealthy_since is not None]
    return sources, chans


def build_digest(session: Session, channel: Channel, period: str, now: dt.datetime
                 ) -> dict[str, Any]:
    """The values of one channel's digest for the period ending `now`."""
    start = _window_start(session, channel.name, period, now)
    sources, chans = _health(session)
    return {"period": period, "channel": channel.name,
            "start": start.strftime("%Y-%m-%d %H:%M UTC"),
            "end": now.strftime("%Y-%m-%d %H:%M UTC"),
            "alerts": _alerts(session, channel, start, now),
            "mentions": _mentions(session, start, now), "sources": sources,
            "channels": [c for c in chans if c["name"] != channel.name]}


def send_digests(db: Database, config: Config, period: str, now: dt.datetime | None = None
                 ) -> DeliveryReport:
    """Queue this period's digest for every channel that wants one, then deliver."""
    if period not in PERIODS:
        raise ValueError(f"period must be one of {', '.join(PERIODS)}")
    now = now or utcnow()
    queued = 0
    for channel in config.channels:
        if channel.digest != period:
            continue
        with db.transaction() as session:
            ctx = build_digest(session, channel, period, now)
            if not (ctx["alerts"] or ctx["mentions"] or ctx["sources"] or ctx["channels"]):
                logger.info("digest for %s: nothing to say", channel.name)
                continue
            key = f"digest:{channel.name}:{period}:{period_stamp(period, now)}"
            if enqueue_message(session, key, channel.name, render_digest(ctx),
                               kind=KIND_DIGEST, now=now) is not None:
                queued += 1
    logger.info("queued %s %s digest(s)", queued, period)
    return deliver_pending(db, config, now=now)

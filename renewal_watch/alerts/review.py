"""Reviewing alerts: list, show, acknowledge, dismiss (the library under `renewal-watch alerts`).

Dismissing an alert marks it a false positive: the articles behind it never open an alert for
the title again, and a believed status it set is put back.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from renewal_watch.alerts import believed
from renewal_watch.alerts.channels import safe_url
from renewal_watch.config import Config
from renewal_watch.exceptions import NotFound
from renewal_watch.models import Alert, Title, utcnow

ALERT_STATUSES = ("new", "acked", "dismissed")
MAX_REASON_CHARS = 1000


def list_alerts(session: Session, *, status: str | None = None, title: str | None = None,
                since: dt.datetime | None = None, limit: int = 500) -> list[Alert]:
    """Alerts, newest first, filtered by status, title (key or name) and opening time."""
    query = select(Alert).order_by(Alert.opened_at.desc(), Alert.id.desc()).limit(limit)
    if status:
        query = query.where(Alert.status == status)
    if since:
        query = query.where(Alert.updated_at >= since)
    if title:
        found = believed.find_title(session, title)
        query = query.where(Alert.title_id == found.id)
    return list(session.scalars(query))


def get_alert(session: Session, alert_id: int) -> Alert:
    """An alert by id; raises NotFound."""
    alert = session.get(Alert, alert_id)
    if alert is None:
        raise NotFound(f"no alert {alert_id}")
    return alert


def ack(session: Session, alert_id: int, now: dt.datetime | None = None) -> Alert:
    """Mark an alert seen (a later rise in severity is still delivered)."""
    alert = get_alert(session, alert_id)
    if alert.status == "new":
        alert.status = "acked"
        alert.acked_at = now or utcnow()
    return alert


def dismiss(session: Session, alert_id: int, reason: str, now: dt.datetime | None = None
            ) -> Alert:
    """Mark an alert a false positive and undo the belief it set."""
    now = now or utcnow()
    alert = get_alert(session, alert_id)
    alert.status = "dismissed"
    alert.dismissed_at = now
    alert.dismissed_reason = reason[:MAX_REASON_CHARS]
    title = session.get(Title, alert.title_id) if alert.title_id is not None else None
    if title is not None:
        believed.revert_alert(session, title, alert.id, reason, now=now)
    return alert


def _iso(value: dt.datetime | None) -> str | None:
    return value.isoformat() if value is not None else None


def alert_row(alert: Alert) -> dict[str, Any]:
    """The list view of an alert as plain data."""
    return {
        "id": alert.id, "kind": alert.kind, "severity": alert.severity, "status": alert.status,
        "title": alert.title.key if alert.title is not None else None,
        "season": alert.season, "summary": alert.summary, "sources": len(alert.sources),
        "independent": sum(1 for s in alert.sources if s.independent),
        "opened_at": _iso(alert.opened_at), "updated_at": _iso(alert.updated_at),
        "resolved_at": _iso(alert.resolved_at),
    }


def alert_detail(alert: Alert, config: Config | None = None) -> dict[str, Any]:
    """Everything about an alert: evidence, sources, deliveries with their attempts."""
    urls = {c.name: safe_url(c.url) for c in config.channel} if config else {}
    out = alert_row(alert)
    out.update({
        "reason": alert.reason, "evidence": alert.evidence,
        "acked_at": _iso(alert.acked_at), "dismissed_at": _iso(alert.dismissed_at),
        "dismissed_reason": alert.dismissed_reason,
        "source_list": [{
            "source": s.source_name, "trust": s.trust, "url": s.url, "headline": s.headline,
            "independent": s.independent, "structured": s.signal_id is not None,
            "article_id": s.article_id, "signal_id": s.signal_id, "evidence": s.evidence,
            "added_at": _iso(s.added_at)} for s in sorted(alert.sources, key=lambda s: s.id)],
        "deliveries": [{
            "id": d.id, "channel": d.channel, "channel_url": urls.get(d.channel),
            "severity": d.severity, "status": d.status, "attempts": d.attempts,
            "next_attempt_at": _iso(d.next_attempt_at) if d.status == "pending" else None,
            "sent_at": _iso(d.sent_at), "last_error": d.last_error,
            "attempt_log": [{"at": _iso(a.at), "ok": a.ok, "response": a.response,
                             "duration_ms": a.duration_ms} for a in d.attempts_log],
        } for d in sorted(alert.deliveries, key=lambda d: d.id)],
    })
    return out

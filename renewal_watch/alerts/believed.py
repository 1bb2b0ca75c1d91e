"""Believed status per title: what we currently hold true, and its history.

A title starts from its configured baseline (`titles.baseline_*`). Only confirmed (critical)
events move the belief; the user can confirm or reset it (`renewal-watch watch status`).
Every move is a `status_history` row saying from what, to what, when, and which alert (or
user) moved it, so a dismissed false positive can be undone and a reclassification can judge
an old article against what we believed when it appeared.
"""

from __future__ import annotations

import datetime as dt
import logging
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from renewal_watch.alerts.events import State
from renewal_watch.exceptions import NotFound
from renewal_watch.models import StatusChange, Title, utcnow

logger = logging.getLogger(__name__)

STATUSES = ("ended", "ongoing", "unknown")
ACTOR_ALERT = "alert"
ACTOR_USER = "user"


def title_by_key(session: Session, title_key: str) -> Title | None:
    """The watched title with this key, or None."""
    return session.scalars(select(Title).where(Title.key == title_key)).one_or_none()


def find_title(session: Session, name_or_key: str) -> Title:
    """A title by key or (case-insensitive) name; raises NotFound."""
    title = title_by_key(session, name_or_key)
    if title is None:
        needle = name_or_key.casefold()
        title = next((t for t in session.scalars(select(Title))
                      if t.name.casefold() == needle), None)
    if title is None:
        raise NotFound(f"no watched title {name_or_key!r} in the database "
                       "(has a crawl run since it was added?)")
    return title


def baseline_state(title: Title) -> State:
    """The configured baseline as a State."""
    return State(title.baseline_status or "unknown", title.baseline_season)


def current_state(title: Title) -> State:
    """What we believe now: the believed status once set, else the configured baseline."""
    if title.believed_since is None:
        return baseline_state(title)
    return State(title.believed_status or "unknown", title.believed_season)


def state_at(session: Session, title: Title, when: dt.datetime) -> State:
    """What we believed at `when` (the last history row at or before it, else the baseline)."""
    row = session.scalars(
        select(StatusChange).where(StatusChange.title_id == title.id, StatusChange.at <= when)
        .order_by(StatusChange.at.desc(), StatusChange.id.desc()).limit(1)).first()
    if row is None:
        return baseline_state(title)
    return State(row.to_status, row.to_season)


def effective_baseline(session: Session, title_key: str, as_of: dt.datetime | None = None):
    """The believed state of a title as a `pipeline.classifier.Baseline`.

    Later articles about an event we already believe are judged against it (a second
    "season 3 announced" story is then no change). With `as_of`, the belief at that time.
    An unknown title gives `Baseline(None, "unknown")`.
    """
    from pipeline.classifier import Baseline

    title = title_by_key(session, title_key)
    if title is None:
        return Baseline(last_season=None, status="unknown")
    state = current_state(title) if as_of is None else state_at(session, title, as_of)
    return Baseline(last_season=state.season, status=state.status)


def move_belief(session: Session, title: Title, to: State, *, actor: str,
                alert_id: int | None = None, note: str | None = None,
                now: dt.datetime | None = None) -> StatusChange | None:
    """Set the believed state and record the move; None when nothing changes."""
    now = now or utcnow()
    before = current_state(title)
    if before == to and title.believed_since is not None:
        return None
    title.believed_status = to.status
    title.believed_season = to.season
    title.believed_since = now
    change = StatusChange(title_id=title.id, from_status=before.status,
                          from_season=before.season, to_status=to.status, to_season=to.season,
                          at=now, alert_id=alert_id, actor=actor, note=note)
    session.add(change)
    logger.info("believed status of %s: %s/%s -> %s/%s (%s)", title.key, before.status,
                before.season, to.status, to.season, actor)
    return change


def set_status(session: Session, title_key: str, status: str, season: int | None = None,
               note: str | None = None, now: dt.datetime | None = None) -> StatusChange | None:
    """The user confirms or corrects a title's believed status (keeps the season if None)."""
    if status not in STATUSES:
        raise ValueError(f"status must be one of {', '.join(STATUSES)}")
    title = find_title(session, title_key)
    if season is None:
        season = current_state(title).season
    return move_belief(session, title, State(status, season), actor=ACTOR_USER, note=note,
                       now=now)


def reset_to_baseline(session: Session, title_key: str, note: str | None = None,
                      now: dt.datetime | None = None) -> StatusChange | None:
    """The user returns a title to its configured baseline (recorded in the history)."""
    title = find_title(session, title_key)
    return move_belief(session, title, baseline_state(title), actor=ACTOR_USER,
                       note=note or "reset to the configured baseline", now=now)


def revert_alert(session: Session, title: Title, alert_id: int, reason: str | None,
                 now: dt.datetime | None = None) -> StatusChange | None:
    """Undo the belief a (now dismissed) alert set, if nothing moved it since."""
    last = session.scalars(
        select(StatusChange).where(StatusChange.title_id == title.id)
        .order_by(StatusChange.at.desc(), StatusChange.id.desc()).limit(1)).first()
    if last is None or last.alert_id != alert_id or last.actor != ACTOR_ALERT:
        return None
    note = f"alert {alert_id} dismissed" + (f": {reason}" if reason else "")
    return move_belief(session, title, State(last.from_status or "unknown", last.from_season),
                       actor=ACTOR_USER, note=note, now=now)


def history(session: Session, title: Title) -> list[StatusChange]:
    """The title's status history, oldest first."""
    return list(session.scalars(
        select(StatusChange).where(StatusChange.title_id == title.id)
        .order_by(StatusChange.at, StatusChange.id)))


def describe(session: Session, title: Title) -> dict[str, Any]:
    """Baseline, current belief and history of a title, as plain data (CLI and JSON)."""
    state = current_state(title)
    return {
        "key": title.key, "name": title.name,
        "baseline": {"status": title.baseline_status, "season": title.baseline_season,
                     "as_of": title.baseline_as_of.isoformat() if title.baseline_as_of else None},
        "believed": {"status": state.status, "season": state.season,
                     "since": title.believed_since.isoformat() if title.believed_since else None},
        "history": [{"at": h.at.isoformat(), "from_status": h.from_status,
                     "from_season": h.from_season, "to_status": h.to_status,
                     "to_season": h.to_season, "actor": h.actor, "alert_id": h.alert_id,
                     "note": h.note} for h in history(session, title)],
    }

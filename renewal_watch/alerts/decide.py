"""The alert decision: stored mentions and signals become events, alerts and corroboration.

For each report (a classified mention of a watched title in an article, or a structured
signal) the decision is made once, in one transaction with its outcome, and marked on the
report (`alert_processed_at`). The first report of an event opens its alert; later reports of
the same event attach to it as `AlertSource` rows (a near-duplicate of an attached story is
marked not independent) and may raise its severity, never lower it. A confirmed (critical)
event moves the title's believed status. Every opening and every rise queues its deliveries
in the same transaction (see `outbox`).
"""

from __future__ import annotations

import datetime as dt
import logging
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from renewal_watch.alerts import believed, events
from renewal_watch.alerts.events import Event, Report, State
from renewal_watch.alerts.messages import clean
from renewal_watch.alerts.outbox import enqueue_alert
from renewal_watch.config import Config
from renewal_watch.models import Alert, AlertSource, Article, Mention, Signal, Source, Title

logger = logging.getLogger(__name__)

# Relations seen this long after a provider first answered for a title count as new (a
# first crawl sees every old relation at once, within a few seconds).
FIRST_LOOK_GRACE = dt.timedelta(hours=1)

OPENED, ATTACHED, RAISED, SKIPPED = "opened", "attached", "raised", "skipped"


@dataclass(frozen=True)
class Outcome:
    """What deciding one report did."""

    action: str                 # opened | attached | raised | skipped
    alert_id: int | None = None
    reason: str = ""


@dataclass
class _Incoming:
    """A report about to be attached."""

    source_name: str | None
    trust: str | None
    url: str | None
    headline: str | None
    evidence: list[Any] = field(default_factory=list)
    article: Article | None = None
    signal: Signal | None = None

    @property
    def structured(self) -> bool:
        return self.signal is not None


# --------------------------------------------------------------------------------------------
# Entry points
# --------------------------------------------------------------------------------------------


def decide_mention(session: Session, config: Config, mention: Mention,
                   now: dt.datetime) -> Outcome:
    """Decide one classified mention (marks it processed in the same transaction)."""
    # Never before its classification time, whatever clock `now` came from: the sweep takes
    # "processed earlier than classified" for "classified again since".
    mention.alert_processed_at = max(now, mention.classified_at)
    label = mention.label
    if label in events.NEVER_ALERT_LABELS or label not in events.EVENT_LABELS:
        return Outcome(SKIPPED, reason=f"label {label}")
    if mention.confidence < config.alerts.min_confidence:
        return Outcome(SKIPPED, reason=f"confidence {mention.confidence:.2f} below minimum")
    if label == events.KIND_RUMOR and config.alerts.rumor == "off":
        return Outcome(SKIPPED, reason="rumors are off")
    if label == events.KIND_RUMOR and events.headline_only(mention.evidence):
        # "Season 3: everything we know" / "Will there be a season 3?": search-bait headlines
        # are the commonest false rumor; a rumor must be in the article's own text.
        return Outcome(SKIPPED, reason="rumor only in the headline")
    title, article = mention.title, mention.article
    state = believed.current_state(title)
    incoming = _from_article(config, article, mention)
    if mention.season is None and label in (events.KIND_RENEWAL, events.KIND_RUMOR):
        # "Hero Mask renewed!" with no number: most likely the recent renewal again.
        recent = _recent_alert(session, title, label, now)
        if recent is not None:
            return _corroborate(session, config, recent, incoming, now)
    event = events.event_for_label(label, mention.season, state)
    if event is None:
        return Outcome(SKIPPED, reason=f"label {label}")
    alert = _find_alert(session, title, event, now)
    if alert is not None:
        return _corroborate(session, config, alert, incoming, now)
    # The classifier never calls a rumor a change; for the others its verdict stands.
    if label != events.KIND_RUMOR and not mention.change:
        return Outcome(SKIPPED, reason="the classifier saw no change against the baseline")
    if not events.is_change(event, state):
        return Outcome(SKIPPED, reason=f"already believed ({state.status}, {state.season})")
    if _in_dismissed(session, title, article_id=article.id):
        return Outcome(SKIPPED, reason="article belongs to a dismissed alert")
    return _open(session, config, title, event, incoming, now,
                 reason=clean(mention.reason, 1000),
                 evidence=events.bounded_evidence(mention.evidence))


def decide_signal(session: Session, config: Config, signal: Signal,
                  now: dt.datetime) -> Outcome:
    """Decide one structured signal (marks it processed in the same transaction)."""
    signal.alert_processed_at = max(now, signal.changed_at or now)
    title = believed.title_by_key(session, signal.title_key)
    if title is None:
        return Outcome(SKIPPED, reason=f"unknown title {signal.title_key}")
    state = believed.current_state(title)
    event = events.event_for_signal(
        kind=signal.kind, relation=signal.relation, related_title=signal.related_title,
        related_format=signal.related_format, related_status=signal.related_status,
        status=signal.status, newly_related=_newly_related(session, signal), state=state)
    if event is None:
        return Outcome(SKIPPED, reason="no event in this signal")
    incoming = _from_signal(session, config, signal)
    alert = _find_alert(session, title, event, now)
    if alert is not None:
        return _corroborate(session, config, alert, incoming, now)
    if not events.is_change(event, state):
        return Outcome(SKIPPED, reason=f"already believed ({state.status}, {state.season})")
    if _in_dismissed(session, title, signal_id=signal.id):
        return Outcome(SKIPPED, reason="signal belongs to a dismissed alert")
    what = clean(signal.related_title or signal.status or "", 200)
    reason = f"{signal.provider}: {signal.relation or signal.kind} {what}".strip()
    return _open(session, config, title, event, incoming, now, reason=reason, evidence=[])


# --------------------------------------------------------------------------------------------
# Reports
# --------------------------------------------------------------------------------------------


def _trust(config: Config, name: str | None, stored: str | None) -> str | None:
    conf = config.get_source(name) if name else None
    return conf.trust if conf is not None else stored


def _from_article(config: Config, article: Article, mention: Mention) -> _Incoming:
    source = article.source
    name = source.name if source is not None else None
    return _Incoming(source_name=name, trust=_trust(config, name, source.trust if source else None),
                     url=article.canonical_url or article.url, headline=article.headline,
                     evidence=events.bounded_evidence(mention.evidence), article=article)


def _from_signal(session: Session, config: Config, signal: Signal) -> _Incoming:
    row = session.get(Source, signal.source_id) if signal.source_id is not None else None
    name = row.name if row is not None else signal.provider
    what = clean(signal.related_title or signal.status or "", 200)
    headline = f"{signal.provider}: {signal.relation or signal.kind} {what}".strip()
    return _Incoming(source_name=name, trust=_trust(config, name, "official"), url=signal.url,
                     headline=headline, signal=signal)


def _reports(alert: Alert) -> list[Report]:
    return [Report(source_name=s.source_name, trust=s.trust, independent=s.independent,
                   structured=s.signal_id is not None) for s in alert.sources]


def _independent(session: Session, alert: Alert, article: Article) -> bool:
    """False when the article copies (same content or near-duplicate text) an attached one."""
    rows = session.execute(
        select(Article.id, Article.content_hash, Article.simhash)
        .join(AlertSource, AlertSource.article_id == Article.id)
        .where(AlertSource.alert_id == alert.id, Article.id != article.id)).all()
    for _id, content_hash, simhash in rows:
        if content_hash and content_hash == article.content_hash:
            return False
        if simhash is not None and article.simhash is not None:
            from pipeline.fingerprint import from_db, is_near_duplicate

            if is_near_duplicate(from_db(simhash), from_db(article.simhash)):
                return False
    return True


def _newly_related(session: Session, signal: Signal) -> bool:
    """Whether the provider knew the subject well before this relation appeared."""
    first = session.scalars(
        select(Signal.first_seen_at).where(Signal.provider == signal.provider,
                                           Signal.subject_id == signal.subject_id)
        .order_by(Signal.first_seen_at).limit(1)).first()
    return first is not None and signal.first_seen_at - first > FIRST_LOOK_GRACE


# --------------------------------------------------------------------------------------------
# Alerts
# --------------------------------------------------------------------------------------------


def _alerts_for(session: Session, title: Title, event: Event) -> list[Alert]:
    base = event.key(title.key)
    rows = session.scalars(select(Alert).where(Alert.dedupe_key.startswith(base, autoescape=True))
                           .order_by(Alert.opened_at.desc(), Alert.id.desc())).all()
    return [a for a in rows if a.dedupe_key == base or a.dedupe_key.startswith(base + "#")]


def _find_alert(session: Session, title: Title, event: Event, now: dt.datetime) -> Alert | None:
    """The alert this event already has; a season-less one only while it is recent."""
    rows = _alerts_for(session, title, event)
    if not rows:
        return None
    latest = rows[0]
    window = dt.timedelta(days=events.UNNUMBERED_EVENT_WINDOW_DAYS)
    if event.season is None and latest.updated_at < now - window:
        return None
    return latest


def _recent_alert(session: Session, title: Title, kind: str, now: dt.datetime) -> Alert | None:
    since = now - dt.timedelta(days=events.UNNUMBERED_EVENT_WINDOW_DAYS)
    return session.scalars(
        select(Alert).where(Alert.title_id == title.id, Alert.kind == kind,
                            Alert.updated_at >= since)
        .order_by(Alert.updated_at.desc(), Alert.id.desc()).limit(1)).first()


def _in_dismissed(session: Session, title: Title, *, article_id: int | None = None,
                  signal_id: int | None = None) -> bool:
    """Whether this report already backs a dismissed alert of the title (a false positive)."""
    query = select(AlertSource.id).join(Alert, Alert.id == AlertSource.alert_id).where(
        Alert.title_id == title.id, Alert.status == "dismissed")
    if article_id is not None:
        query = query.where(AlertSource.article_id == article_id)
    else:
        query = query.where(AlertSource.signal_id == signal_id)
    return session.scalars(query.limit(1)).first() is not None


def _attach(session: Session, alert: Alert, incoming: _Incoming, now: dt.datetime
            ) -> AlertSource | None:
    """Attach a report to an alert once; None when it is attached already."""
    if incoming.article is not None:
        match = AlertSource.article_id == incoming.article.id
    else:
        match = AlertSource.signal_id == incoming.signal.id  # type: ignore[union-attr]
    if session.scalars(select(AlertSource.id).where(AlertSource.alert_id == alert.id, match)
                       ).first() is not None:
        return None
    independent = (incoming.article is None
                   or _independent(session, alert, incoming.article))
    row = AlertSource(
        alert=alert, article_id=incoming.article.id if incoming.article else None,
        signal_id=incoming.signal.id if incoming.signal else None,
        source_name=incoming.source_name, trust=incoming.trust,
        url=clean(incoming.url, 2000) or None, headline=clean(incoming.headline, 500) or None,
        evidence=incoming.evidence, independent=independent, added_at=now)
    session.add(row)
    return row


def _open(session: Session, config: Config, title: Title, event: Event, incoming: _Incoming,
          now: dt.datetime, *, reason: str, evidence: list[Any]) -> Outcome:
    existing = _alerts_for(session, title, event)
    base = event.key(title.key)
    key = base if not existing else f"{base}#{len(existing) + 1}"
    state = believed.current_state(title)
    alert = Alert(dedupe_key=key, kind=event.kind, title_id=title.id, season=event.season,
                  severity="notice", status="new", summary=event.describe(title.name),
                  reason=reason, evidence=evidence, opened_at=now, updated_at=now)
    try:
        with session.begin_nested():
            session.add(alert)
            session.flush()
    except IntegrityError:
        # Another process opened this event a moment ago: corroborate it instead.
        found = _find_alert(session, title, event, now)
        if found is None:
            raise
        return _corroborate(session, config, found, incoming, now)
    _attach(session, alert, incoming, now)
    session.flush()
    alert.severity = events.severity_for(alert.kind, _reports(alert))
    _on_severity(session, config, alert, title, event, now)
    enqueue_alert(session, config, alert, believed_before=_describe_state(state), now=now)
    logger.info("opened alert %s: %s (%s)", alert.id, alert.summary, alert.severity)
    return Outcome(OPENED, alert.id)


def _corroborate(session: Session, config: Config, alert: Alert, incoming: _Incoming,
                 now: dt.datetime) -> Outcome:
    if _attach(session, alert, incoming, now) is None:
        return Outcome(SKIPPED, alert.id, "already attached")
    session.flush()
    session.refresh(alert, ["sources"])
    alert.updated_at = now
    old = alert.severity
    new = events.severity_for(alert.kind, _reports(alert))
    if not events.higher(new, old):
        return Outcome(ATTACHED, alert.id)
    alert.severity = new
    if alert.status == "dismissed":
        # New, stronger evidence after a dismissal: the user should look again.
        alert.status = "new"
        alert.reason = clean(f"{alert.reason or ''} (reopened: {new} evidence arrived after "
                             "dismissal)", 1000)
    title = alert.title
    state = believed.current_state(title) if title is not None else None
    if title is not None:
        _on_severity(session, config, alert, title, Event(alert.kind, alert.season), now)
    enqueue_alert(session, config, alert, previous=old,
                  believed_before=_describe_state(state) if state else None, now=now)
    logger.info("alert %s rose %s -> %s", alert.id, old, new)
    return Outcome(RAISED, alert.id)


def _on_severity(session: Session, config: Config, alert: Alert, title: Title, event: Event,
                 now: dt.datetime) -> None:
    """A confirmed event moves the believed status, and settles rumors of it."""
    if alert.severity != "critical" or alert.kind not in (
            events.KIND_RENEWAL, events.KIND_NEW_PROJECT, events.KIND_ENDED):
        return
    state = believed.current_state(title)
    if events.is_change(event, state):
        believed.move_belief(session, title, events.believed_after(event, state),
                             actor=believed.ACTOR_ALERT, alert_id=alert.id, note=alert.summary,
                             now=now)
    if alert.kind == events.KIND_RENEWAL:
        rumors = session.scalars(select(Alert).where(
            Alert.title_id == title.id, Alert.kind == events.KIND_RUMOR,
            Alert.season == alert.season, Alert.resolved_at.is_(None)))
        for rumor in rumors:
            rumor.resolved_at = now
            rumor.reason = clean(f"{rumor.reason or ''} (confirmed by alert {alert.id})", 1000)


def _describe_state(state: State | None) -> str | None:
    if state is None:
        return None
    if state.season is None:
        return state.status
    return f"{state.status} after season {state.season}"

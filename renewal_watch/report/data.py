"""Gathering a report: plain data objects read from the database with SQLAlchemy `select()`.

`build_report()` does all the querying and all the bounding of scraped text; the renderers only
format what it returns. Every scraped string in a `ReportData` is already one line and
size-bounded, but still untrusted: renderers escape it.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import logging
from collections import Counter, defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from sqlalchemy import func, or_, select
from sqlalchemy.orm import Session, selectinload

from renewal_watch.config import Config
from renewal_watch.db import Database, install_id
from renewal_watch.exceptions import NotFound
from renewal_watch.models import Alert, Article, CrawlRun, Mention, Source, StatusChange, Title
from renewal_watch.report import text as T
from renewal_watch.report.chart import label_order

logger = logging.getLogger(__name__)

# --- bounds on how much a report holds ----------------------------------------------------------
MAX_ALERTS = 500             # most recently updated first
MAX_SOURCES_PER_ALERT = 50
MAX_HISTORY = 100            # status changes per title, newest kept
MAX_WEEKS = 104              # timeline columns, most recent kept
IN_CHUNK = 500               # ids per IN (...) query

FAILED_RUN_STATUSES = ("failed", "timeout")


@dataclass(frozen=True)
class StatusEvent:
    """One change of a title's believed status."""

    at: dt.datetime
    from_status: str | None
    from_season: int | None
    to_status: str
    to_season: int | None
    actor: str
    alert_id: int | None
    note: str


@dataclass(frozen=True)
class TitleReport:
    """A watched title: configured baseline, current belief, its history and mention counts."""

    key: str
    name: str
    baseline_status: str
    baseline_season: int | None
    baseline_as_of: dt.date | None
    believed_status: str
    believed_season: int | None
    believed_since: dt.datetime | None
    in_database: bool
    history: list[StatusEvent] = field(default_factory=list)
    mentions: dict[str, int] = field(default_factory=dict)

    @property
    def changed(self) -> bool:
        """True when the belief differs from the configured baseline."""
        return (self.believed_status, self.believed_season) != (
            self.baseline_status, self.baseline_season)


@dataclass(frozen=True)
class SourceLink:
    """An article or signal attached to an alert, with its evidence."""

    source_name: str
    trust: str
    headline: str
    url: str            # display text
    href: str | None    # set only for an http(s) URL
    independent: bool
    added_at: dt.datetime | None
    evidence: list[T.Snippet] = field(default_factory=list)


@dataclass(frozen=True)
class AlertReport:
    """One alert with its corroborating sources."""

    id: int
    kind: str
    severity: str
    status: str
    title_key: str | None
    title_name: str | None
    source_name: str | None      # for source-health alerts
    season: int | None
    summary: str
    reason: str
    opened_at: dt.datetime
    updated_at: dt.datetime
    evidence: list[T.Snippet] = field(default_factory=list)
    sources: list[SourceLink] = field(default_factory=list)

    @property
    def independent_sources(self) -> int:
        return sum(1 for s in self.sources if s.independent)


@dataclass(frozen=True)
class Timeline:
    """Mentions per ISO week (Monday dates) and label: `series[label][i]` is for `weeks[i]`."""

    weeks: list[dt.date]
    series: dict[str, list[int]]

    @property
    def labels(self) -> list[str]:
        return label_order(list(self.series))

    @property
    def total(self) -> int:
        return sum(sum(v) for v in self.series.values())


@dataclass(frozen=True)
class SourceHealth:
    """A source's health as recorded by the crawler."""

    name: str
    type: str
    trust: str
    enabled: bool
    health: str
    last_run_at: dt.datetime | None
    last_success_at: dt.datetime | None
    consecutive_failures: int
    failed_runs: int         # in the report period
    runs: int                # in the report period
    last_items: int | None
    articles: int
    last_error: str
    last_error_at: dt.datetime | None


@dataclass(frozen=True)
class ReportData:
    """Everything a report shows; renderers format it and add nothing."""

    generated_at: dt.datetime
    since: dt.datetime | None
    title_filter: str | None
    database_id: str
    titles: list[TitleReport]
    alerts: list[AlertReport]
    timeline: Timeline
    sources: list[SourceHealth]
    alerts_truncated: bool = False


# ------------------------------------------------------------------------------------------------


def build_report(db: Database, config: Config, since: dt.datetime | dt.timedelta | None = None,
                 title: str | None = None, *, now: dt.datetime | None = None) -> ReportData:
    """Read everything a report shows from `db`.

    `since` (an aware datetime, or a timedelta back from now) limits alerts (by last update),
    the timeline and run counts; status history is always shown whole. `title` (key, name or
    alias) limits titles, alerts and the timeline to one watched title; raises NotFound when
    no such title is configured or stored.
    """
    now = now or dt.datetime.now(dt.UTC)
    if isinstance(since, dt.timedelta):
        since = now - since
    if since is not None and since.tzinfo is None:
        raise ValueError("since must be timezone-aware")
    with db.session() as session:
        title_row = _resolve_title(session, config, title) if title else None
        title_key = title_row.key if title_row else None
        titles = _titles(session, config, title_key, since)
        alerts, truncated = _alerts(session, title_row.id if title_row else None, since)
        timeline = _timeline(session, title_row.id if title_row else None, since, now)
        sources = _sources(session, since)
    database_id = _database_id(db)
    return ReportData(generated_at=now, since=since, title_filter=title_key,
                      database_id=database_id, titles=titles, alerts=alerts, timeline=timeline,
                      sources=sources, alerts_truncated=truncated)


def _resolve_title(session: Session, config: Config, name: str) -> Title:
    watch = config.get_watch(name)
    keys = {watch.key} if watch else set()
    wanted = name.casefold()
    row = session.scalars(select(Title).where(or_(
        Title.key.in_(keys | {name}), func.lower(Title.name) == wanted))).first()
    if row is None:
        raise NotFound(f"no watched title {name!r} in the database (crawl first?)")
    return row


def _database_id(db: Database) -> str:
    """A short identifier of this database, stable across runs: a hash of its install id.

    The install id is random, written once on first use and never changed (unlike any data
    row, which retention or a user may delete), so feeds built from two different databases
    never share entry ids while reruns on one database always agree.
    """
    return hashlib.sha256(install_id(db).encode()).hexdigest()[:12]


def _titles(session: Session, config: Config, only: str | None,
            since: dt.datetime | None) -> list[TitleReport]:
    stmt = select(Title).order_by(Title.name)
    if only:
        stmt = stmt.where(Title.key == only)
    rows = list(session.scalars(stmt))
    history = _history(session, [r.id for r in rows])
    counts = _mention_counts(session, [r.id for r in rows], since)
    out = [TitleReport(
        key=r.key, name=T.one_line(r.name, T.MAX_HEADLINE), baseline_status=r.baseline_status,
        baseline_season=r.baseline_season, baseline_as_of=r.baseline_as_of,
        believed_status=r.believed_status, believed_season=r.believed_season,
        believed_since=r.believed_since, in_database=True, history=history.get(r.id, []),
        mentions=counts.get(r.id, {})) for r in rows]
    stored = {r.key for r in rows}
    for watch in config.watchlist:  # configured but never crawled: show the baseline
        if watch.key not in stored and (only is None or watch.key == only):
            b = watch.baseline
            out.append(TitleReport(
                key=watch.key, name=T.one_line(watch.name, T.MAX_HEADLINE),
                baseline_status=b.status, baseline_season=b.last_season, baseline_as_of=b.as_of,
                believed_status=b.status, believed_season=b.last_season, believed_since=None,
                in_database=False))
    return out


def _chunks(ids: Sequence[int]) -> Iterable[Sequence[int]]:
    for i in range(0, len(ids), IN_CHUNK):
        yield ids[i:i + IN_CHUNK]


def _history(session: Session, title_ids: list[int]) -> dict[int, list[StatusEvent]]:
    out: dict[int, list[StatusEvent]] = defaultdict(list)
    for chunk in _chunks(title_ids):
        stmt = (select(StatusChange).where(StatusChange.title_id.in_(chunk))
                .order_by(StatusChange.at, StatusChange.id))
        for c in session.scalars(stmt):
            out[c.title_id].append(StatusEvent(
                at=c.at, from_status=c.from_status, from_season=c.from_season,
                to_status=c.to_status, to_season=c.to_season, actor=c.actor,
                alert_id=c.alert_id, note=T.one_line(c.note, T.MAX_NOTE)))
    return {k: v[-MAX_HISTORY:] for k, v in out.items()}


def _mention_rows(session: Session, title_ids: list[int] | None):
    """(title_id, label, effective date) of every mention, optionally for some titles."""
    stmt = (select(Mention.title_id, Mention.label, Article.published_at, Article.first_seen_at)
            .join(Article, Mention.article_id == Article.id))
    if title_ids is not None:
        stmt = stmt.where(Mention.title_id.in_(title_ids))
    for title_id, label, published, first_seen in session.execute(stmt):
        # A feed's publication date is the story's date; a missing or future one (bad feed
        # clock) falls back to when we first saw the article.
        when = published if published is not None and published <= first_seen + dt.timedelta(
            days=1) else first_seen
        yield title_id, label, when


def _mention_counts(session: Session, title_ids: list[int],
                    since: dt.datetime | None) -> dict[int, dict[str, int]]:
    counts: dict[int, Counter[str]] = defaultdict(Counter)
    if not title_ids:
        return {}
    for title_id, label, when in _mention_rows(session, title_ids):
        if since is None or when >= since:
            counts[title_id][label] += 1
    return {tid: {lab: c[lab] for lab in label_order(list(c))} for tid, c in counts.items()}


def _week(day: dt.date) -> dt.date:
    return day - dt.timedelta(days=day.weekday())


def _timeline(session: Session, title_id: int | None, since: dt.datetime | None,
              now: dt.datetime) -> Timeline:
    cells: Counter[tuple[dt.date, str]] = Counter()
    for _tid, label, when in _mention_rows(session, [title_id] if title_id else None):
        if since is None or when >= since:
            cells[(_week(when.date()), label)] += 1
    if not cells:
        return Timeline(weeks=[], series={})
    first = _week(since.date()) if since else min(w for w, _ in cells)
    last = max(_week(now.date()), max(w for w, _ in cells))
    weeks: list[dt.date] = []
    day = first
    while day <= last:
        weeks.append(day)
        day += dt.timedelta(days=7)
    weeks = weeks[-MAX_WEEKS:]
    index = {w: i for i, w in enumerate(weeks)}
    series: dict[str, list[int]] = {}
    for label in label_order(list({lab for _, lab in cells})):
        series[label] = [0] * len(weeks)
    for (week, label), n in cells.items():
        if week in index:
            series[label][index[week]] += n
    return Timeline(weeks=weeks, series=series)


def _alerts(session: Session, title_id: int | None,
            since: dt.datetime | None) -> tuple[list[AlertReport], bool]:
    stmt = (select(Alert).options(selectinload(Alert.sources), selectinload(Alert.title))
            .order_by(Alert.updated_at.desc(), Alert.id.desc()).limit(MAX_ALERTS + 1))
    if title_id is not None:
        stmt = stmt.where(Alert.title_id == title_id)
    if since is not None:
        stmt = stmt.where(Alert.updated_at >= since)
    rows = list(session.scalars(stmt))
    truncated = len(rows) > MAX_ALERTS
    rows = rows[:MAX_ALERTS]
    texts = _article_texts(session, {s.article_id for a in rows for s in a.sources
                                     if s.article_id is not None})
    source_names = dict(session.execute(select(Source.id, Source.name)).all())
    return [_alert_report(a, texts, source_names) for a in rows], truncated


def _article_texts(session: Session,
                   ids: set[int]) -> dict[int, tuple[str | None, str | None]]:
    out: dict[int, tuple[str | None, str | None]] = {}
    for chunk in _chunks(sorted(ids)):
        stmt = select(Article.id, Article.text, Article.headline).where(Article.id.in_(chunk))
        for aid, text, headline in session.execute(stmt):
            out[aid] = (text, headline)
    return out


def _alert_report(a: Alert, texts: dict[int, tuple[str | None, str | None]],
                  source_names: dict[int, str]) -> AlertReport:
    links = []
    for s in sorted(a.sources, key=lambda s: (s.added_at, s.id))[:MAX_SOURCES_PER_ALERT]:
        text, headline = texts.get(s.article_id, (None, None)) if s.article_id else (None, None)
        links.append(SourceLink(
            source_name=T.one_line(s.source_name or "?", 100), trust=s.trust or "",
            headline=T.one_line(s.headline or headline or "", T.MAX_HEADLINE),
            url=T.shown_url(s.url), href=T.safe_href(s.url), independent=bool(s.independent),
            added_at=s.added_at, evidence=T.snippets(s.evidence, text, s.headline or headline)))
    evidence: list[T.Snippet] = []
    if not any(link.evidence for link in links):
        # Evidence kept on the alert only: resolve it against the first article, if any.
        first = next((s for s in a.sources if s.article_id), None)
        text, headline = texts.get(first.article_id, (None, None)) if first else (None, None)
        evidence = T.snippets(a.evidence, text, headline)
    return AlertReport(
        id=a.id, kind=a.kind, severity=a.severity, status=a.status,
        title_key=a.title.key if a.title else None,
        title_name=T.one_line(a.title.name, T.MAX_HEADLINE) if a.title else None,
        source_name=source_names.get(a.source_id) if a.source_id else None,
        season=a.season, summary=T.one_line(a.summary, T.MAX_SUMMARY),
        reason=T.one_line(a.reason, T.MAX_REASON), opened_at=a.opened_at,
        updated_at=a.updated_at, evidence=evidence, sources=links)


def _sources(session: Session, since: dt.datetime | None) -> list[SourceHealth]:
    runs_stmt = select(CrawlRun.source_id, CrawlRun.status, func.count()).group_by(
        CrawlRun.source_id, CrawlRun.status)
    if since is not None:
        runs_stmt = runs_stmt.where(CrawlRun.started_at >= since)
    runs: Counter[int] = Counter()
    failed: Counter[int] = Counter()
    for source_id, status, n in session.execute(runs_stmt):
        runs[source_id] += n
        if status in FAILED_RUN_STATUSES:
            failed[source_id] += n
    articles = dict(session.execute(
        select(Article.source_id, func.count()).group_by(Article.source_id)).all())
    return [SourceHealth(
        name=s.name, type=s.type, trust=s.trust, enabled=s.enabled, health=s.health,
        last_run_at=s.last_run_at, last_success_at=s.last_success_at,
        consecutive_failures=s.consecutive_failures or 0, failed_runs=failed[s.id],
        runs=runs[s.id], last_items=s.last_items, articles=articles.get(s.id, 0),
        last_error=T.one_line(s.last_error, T.MAX_ERROR), last_error_at=s.last_error_at)
        for s in session.scalars(select(Source).order_by(Source.name))
        # A source switched off before it ever ran has no health to report.
        if s.enabled or s.last_run_at is not None or runs[s.id]]

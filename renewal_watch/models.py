"""The database schema: SQLAlchemy 2.0 typed models, one place for every table.

Times are stored as timezone-aware UTC (`UTCDateTime` normalises what SQLite hands back).
Writes are idempotent by construction: every natural key has a unique constraint, and the
store code upserts against it, so re-running a crawl never duplicates a row.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from sqlalchemy import (
    JSON,
    BigInteger,
    Boolean,
    Date,
    DateTime,
    Float,
    ForeignKey,
    Index,
    Integer,
    MetaData,
    String,
    Text,
    TypeDecorator,
    UniqueConstraint,
)
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column, relationship

# Named constraints, so Alembic (and SQLite batch mode) can alter them later.
NAMING_CONVENTION = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_N_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


def utcnow() -> dt.datetime:
    return dt.datetime.now(dt.UTC)


class UTCDateTime(TypeDecorator[dt.datetime]):
    """Aware UTC datetimes in, aware UTC datetimes out, on SQLite and PostgreSQL alike."""

    impl = DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value: dt.datetime | None, dialect: Any) -> dt.datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError("naive datetime given to a UTC column")
        value = value.astimezone(dt.UTC)
        # SQLite has no time zones: store naive UTC so string comparison orders correctly.
        return value.replace(tzinfo=None) if dialect.name == "sqlite" else value

    def process_result_value(self, value: dt.datetime | None, dialect: Any) -> dt.datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            return value.replace(tzinfo=dt.UTC)
        return value.astimezone(dt.UTC)


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING_CONVENTION)
    type_annotation_map = {  # noqa: RUF012 (SQLAlchemy reads it as a class attribute)
        dt.datetime: UTCDateTime, dict[str, Any]: JSON, list[Any]: JSON}


# --------------------------------------------------------------------------------------------
# Sources and crawling
# --------------------------------------------------------------------------------------------


class Source(Base):
    """A configured source as last seen, with its health."""

    __tablename__ = "sources"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(100), unique=True)
    type: Mapped[str] = mapped_column(String(40))
    trust: Mapped[str] = mapped_column(String(20), default="community")
    enabled: Mapped[bool] = mapped_column(Boolean, default=True)
    created_at: Mapped[dt.datetime] = mapped_column(default=utcnow)
    last_run_at: Mapped[dt.datetime | None]
    last_success_at: Mapped[dt.datetime | None]
    last_error: Mapped[str | None] = mapped_column(Text)
    last_error_at: Mapped[dt.datetime | None]
    consecutive_failures: Mapped[int] = mapped_column(Integer, default=0)
    last_items: Mapped[int | None] = mapped_column(Integer)
    # Exponential moving average of items per successful run, for "suddenly zero" detection.
    avg_items: Mapped[float | None] = mapped_column(Float)
    last_new_item_at: Mapped[dt.datetime | None]
    # Adaptive polling state, owned by the scheduler.
    poll_interval: Mapped[int | None] = mapped_column(Integer)
    next_due_at: Mapped[dt.datetime | None]
    backoff_until: Mapped[dt.datetime | None]
    health: Mapped[str] = mapped_column(String(20), default="unknown")

    runs: Mapped[list[CrawlRun]] = relationship(back_populates="source")


class HttpValidator(Base):
    """Per-URL validators for conditional requests (ETag / Last-Modified)."""

    __tablename__ = "http_validators"

    id: Mapped[int] = mapped_column(primary_key=True)
    url_hash: Mapped[str] = mapped_column(String(64), unique=True)
    url: Mapped[str] = mapped_column(Text)
    source_id: Mapped[int | None] = mapped_column(ForeignKey("sources.id", ondelete="SET NULL"))
    etag: Mapped[str | None] = mapped_column(String(512))
    last_modified: Mapped[str | None] = mapped_column(String(100))
    content_hash: Mapped[str | None] = mapped_column(String(64))
    last_status: Mapped[int | None] = mapped_column(Integer)
    fetched_at: Mapped[dt.datetime | None]
    checked_at: Mapped[dt.datetime | None]
    not_modified_count: Mapped[int] = mapped_column(Integer, default=0)


class CrawlRun(Base):
    """One crawl of one source: when, how it ended, and its counts."""

    __tablename__ = "crawl_runs"
    __table_args__ = (Index("ix_crawl_runs_source_started", "source_id", "started_at"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    source_id: Mapped[int | None] = mapped_column(ForeignKey("sources.id", ondelete="CASCADE"))
    trigger: Mapped[str] = mapped_column(String(20), default="manual")  # manual|schedule|demo
    # running | ok | failed | timeout | interrupted (stopped by a shutdown: not held against the
    # source's health); see the vocabulary in runlog.py.
    status: Mapped[str] = mapped_column(String(20), default="running")
    started_at: Mapped[dt.datetime] = mapped_column(default=utcnow)
    finished_at: Mapped[dt.datetime | None]
    pid: Mapped[int | None] = mapped_column(Integer)
    requests: Mapped[int] = mapped_column(Integer, default=0)
    responses_200: Mapped[int] = mapped_column(Integer, default=0)
    responses_304: Mapped[int] = mapped_column(Integer, default=0)
    responses_4xx: Mapped[int] = mapped_column(Integer, default=0)
    responses_5xx: Mapped[int] = mapped_column(Integer, default=0)
    timeouts: Mapped[int] = mapped_column(Integer, default=0)
    too_large: Mapped[int] = mapped_column(Integer, default=0)  # dropped over max_response_bytes
    items: Mapped[int] = mapped_column(Integer, default=0)
    articles_new: Mapped[int] = mapped_column(Integer, default=0)
    articles_changed: Mapped[int] = mapped_column(Integer, default=0)
    errors: Mapped[int] = mapped_column(Integer, default=0)
    error: Mapped[str | None] = mapped_column(Text)
    stats: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)

    source: Mapped[Source | None] = relationship(back_populates="runs")


# --------------------------------------------------------------------------------------------
# Articles and structured signals
# --------------------------------------------------------------------------------------------


class Article(Base):
    """An article page, identified by its canonical URL (hashed for a bounded unique key)."""

    __tablename__ = "articles"
    __table_args__ = (Index("ix_articles_published", "published_at"),
                      Index("ix_articles_simhash", "simhash"),
                      # status: new items per source in a window, last new item per source
                      Index("ix_articles_source_first_seen", "source_id", "first_seen_at"),
                      # crawl: "is this feed entry already stored?" by the feed's own id
                      Index("ix_articles_guid", "guid"))

    id: Mapped[int] = mapped_column(primary_key=True)
    url_hash: Mapped[str] = mapped_column(String(64), unique=True)
    canonical_url: Mapped[str] = mapped_column(Text)
    url: Mapped[str] = mapped_column(Text)
    # Hash of the URL it was fetched at, when the page's canonical URL differs: a listing that
    # links the fetched URL finds the stored article without refetching it.
    fetched_url_hash: Mapped[str | None] = mapped_column(String(64), index=True)
    source_id: Mapped[int | None] = mapped_column(ForeignKey("sources.id", ondelete="SET NULL"))
    guid: Mapped[str | None] = mapped_column(String(512))
    headline: Mapped[str | None] = mapped_column(Text)
    published_at: Mapped[dt.datetime | None]
    updated_at: Mapped[dt.datetime | None]
    language: Mapped[str | None] = mapped_column(String(16))
    author: Mapped[str | None] = mapped_column(String(300))
    text: Mapped[str | None] = mapped_column(Text)  # None once retention drops it
    content_hash: Mapped[str] = mapped_column(String(64))
    simhash: Mapped[int | None] = mapped_column(BigInteger)
    extraction_method: Mapped[str | None] = mapped_column(String(20))
    problems: Mapped[list[Any]] = mapped_column(JSON, default=list)
    version: Mapped[int] = mapped_column(Integer, default=1)
    first_seen_at: Mapped[dt.datetime] = mapped_column(default=utcnow)
    last_seen_at: Mapped[dt.datetime] = mapped_column(default=utcnow)
    last_fetched_at: Mapped[dt.datetime | None]

    source: Mapped[Source | None] = relationship()
    versions: Mapped[list[ArticleVersion]] = relationship(
        back_populates="article", cascade="all, delete-orphan", order_by="ArticleVersion.version")
    mentions: Mapped[list[Mention]] = relationship(back_populates="article",
                                                   cascade="all, delete-orphan")


class ArticleVersion(Base):
    """Each distinct content of an article; version 1 is the first fetch."""

    __tablename__ = "article_versions"
    __table_args__ = (UniqueConstraint("article_id", "version"),
                      UniqueConstraint("article_id", "content_hash"))

    id: Mapped[int] = mapped_column(primary_key=True)
    article_id: Mapped[int] = mapped_column(ForeignKey("articles.id", ondelete="CASCADE"))
    version: Mapped[int] = mapped_column(Integer)
    content_hash: Mapped[str] = mapped_column(String(64))
    headline: Mapped[str | None] = mapped_column(Text)
    text: Mapped[str | None] = mapped_column(Text)
    fetched_at: Mapped[dt.datetime] = mapped_column(default=utcnow)

    article: Mapped[Article] = relationship(back_populates="versions")


class Signal(Base):
    """A structured fact from an API (AniList, ANN encyclopedia, Jikan): a relation or a status."""

    __tablename__ = "signals"
    __table_args__ = (UniqueConstraint("provider", "subject_id", "kind", "related_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    provider: Mapped[str] = mapped_column(String(20))  # anilist | ann | jikan | mal
    subject_id: Mapped[str] = mapped_column(String(40))  # the watched entry's id there
    title_key: Mapped[str] = mapped_column(String(200), index=True)
    kind: Mapped[str] = mapped_column(String(20))  # relation | status | news
    related_id: Mapped[str] = mapped_column(String(40), default="")  # "" for status
    relation: Mapped[str | None] = mapped_column(String(40))  # SEQUEL, PREQUEL, sequel, ...
    related_title: Mapped[str | None] = mapped_column(Text)
    related_format: Mapped[str | None] = mapped_column(String(40))
    related_status: Mapped[str | None] = mapped_column(String(40))
    status: Mapped[str | None] = mapped_column(String(40))
    url: Mapped[str | None] = mapped_column(Text)
    source_id: Mapped[int | None] = mapped_column(ForeignKey("sources.id", ondelete="SET NULL"))
    payload: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    first_seen_at: Mapped[dt.datetime] = mapped_column(default=utcnow)
    last_seen_at: Mapped[dt.datetime] = mapped_column(default=utcnow)
    changed_at: Mapped[dt.datetime | None]
    # Set by the alert decision in the same transaction as its outcome; NULL (or older than
    # changed_at) means "not yet decided", which the after-crawl sweep picks up after a kill.
    alert_processed_at: Mapped[dt.datetime | None]


# --------------------------------------------------------------------------------------------
# Watched titles, mentions and their classification
# --------------------------------------------------------------------------------------------


class Title(Base):
    """A watched title: its configured baseline and what we currently believe."""

    __tablename__ = "titles"

    id: Mapped[int] = mapped_column(primary_key=True)
    key: Mapped[str] = mapped_column(String(200), unique=True)
    name: Mapped[str] = mapped_column(Text)
    baseline_season: Mapped[int | None] = mapped_column(Integer)
    baseline_status: Mapped[str] = mapped_column(String(20), default="unknown")
    baseline_as_of: Mapped[dt.date | None] = mapped_column(Date)
    believed_status: Mapped[str] = mapped_column(String(20), default="unknown")
    believed_season: Mapped[int | None] = mapped_column(Integer)
    believed_since: Mapped[dt.datetime | None]
    created_at: Mapped[dt.datetime] = mapped_column(default=utcnow)

    mentions: Mapped[list[Mention]] = relationship(back_populates="title")


class StatusChange(Base):
    """History of a title's believed status: from, to, when, and which alert (or user) did it."""

    __tablename__ = "status_history"

    id: Mapped[int] = mapped_column(primary_key=True)
    title_id: Mapped[int] = mapped_column(ForeignKey("titles.id", ondelete="CASCADE"), index=True)
    from_status: Mapped[str | None] = mapped_column(String(20))
    from_season: Mapped[int | None] = mapped_column(Integer)
    to_status: Mapped[str] = mapped_column(String(20))
    to_season: Mapped[int | None] = mapped_column(Integer)
    at: Mapped[dt.datetime] = mapped_column(default=utcnow)
    alert_id: Mapped[int | None] = mapped_column(ForeignKey("alerts.id", ondelete="SET NULL"))
    actor: Mapped[str] = mapped_column(String(20), default="alert")  # alert | user | config
    note: Mapped[str | None] = mapped_column(Text)


class Mention(Base):
    """A watched title found in an article, with the classifier's judgement of it."""

    __tablename__ = "mentions"
    __table_args__ = (UniqueConstraint("article_id", "title_id"),
                      Index("ix_mentions_title_label", "title_id", "label"))

    id: Mapped[int] = mapped_column(primary_key=True)
    article_id: Mapped[int] = mapped_column(ForeignKey("articles.id", ondelete="CASCADE"))
    title_id: Mapped[int] = mapped_column(ForeignKey("titles.id", ondelete="CASCADE"))
    label: Mapped[str] = mapped_column(String(20))
    season: Mapped[int | None] = mapped_column(Integer)
    confidence: Mapped[float] = mapped_column(Float)
    change: Mapped[bool] = mapped_column(Boolean, default=False)
    evidence: Mapped[list[Any]] = mapped_column(JSON, default=list)
    reason: Mapped[str] = mapped_column(Text, default="")
    classifier_version: Mapped[str] = mapped_column(String(40))
    article_version: Mapped[int] = mapped_column(Integer, default=1)
    classified_at: Mapped[dt.datetime] = mapped_column(default=utcnow)
    # See Signal.alert_processed_at: NULL or older than classified_at = not yet decided.
    alert_processed_at: Mapped[dt.datetime | None]

    article: Mapped[Article] = relationship(back_populates="mentions")
    title: Mapped[Title] = relationship(back_populates="mentions")


# --------------------------------------------------------------------------------------------
# Alerts (events) and their delivery
# --------------------------------------------------------------------------------------------


class Alert(Base):
    """One event ("Hero Mask: renewal, season 3") or one source-health change.

    `dedupe_key` makes an event open one alert however many articles report it; later reports
    attach as `AlertSource` rows (corroboration).
    """

    __tablename__ = "alerts"
    __table_args__ = (Index("ix_alerts_status_opened", "status", "opened_at"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    dedupe_key: Mapped[str] = mapped_column(String(300), unique=True)
    kind: Mapped[str] = mapped_column(String(30))  # renewal|new_project|rumor|ended|source_health
    title_id: Mapped[int | None] = mapped_column(ForeignKey("titles.id", ondelete="CASCADE"))
    source_id: Mapped[int | None] = mapped_column(ForeignKey("sources.id", ondelete="CASCADE"))
    season: Mapped[int | None] = mapped_column(Integer)
    severity: Mapped[str] = mapped_column(String(20))  # critical | warning | notice
    status: Mapped[str] = mapped_column(String(20), default="new")  # new | acked | dismissed
    summary: Mapped[str] = mapped_column(Text)
    reason: Mapped[str | None] = mapped_column(Text)
    evidence: Mapped[list[Any]] = mapped_column(JSON, default=list)
    opened_at: Mapped[dt.datetime] = mapped_column(default=utcnow)
    updated_at: Mapped[dt.datetime] = mapped_column(default=utcnow)
    resolved_at: Mapped[dt.datetime | None]
    acked_at: Mapped[dt.datetime | None]
    dismissed_at: Mapped[dt.datetime | None]
    dismissed_reason: Mapped[str | None] = mapped_column(Text)

    title: Mapped[Title | None] = relationship()
    sources: Mapped[list[AlertSource]] = relationship(back_populates="alert",
                                                      cascade="all, delete-orphan")
    deliveries: Mapped[list[Delivery]] = relationship(back_populates="alert",
                                                      cascade="all, delete-orphan")


class AlertSource(Base):
    """An article or structured signal that reported (or corroborated) an alert's event."""

    __tablename__ = "alert_sources"
    __table_args__ = (UniqueConstraint("alert_id", "article_id"),
                      UniqueConstraint("alert_id", "signal_id"))

    id: Mapped[int] = mapped_column(primary_key=True)
    alert_id: Mapped[int] = mapped_column(ForeignKey("alerts.id", ondelete="CASCADE"))
    article_id: Mapped[int | None] = mapped_column(ForeignKey("articles.id", ondelete="SET NULL"))
    signal_id: Mapped[int | None] = mapped_column(ForeignKey("signals.id", ondelete="SET NULL"))
    source_name: Mapped[str | None] = mapped_column(String(100))
    trust: Mapped[str | None] = mapped_column(String(20))
    url: Mapped[str | None] = mapped_column(Text)
    headline: Mapped[str | None] = mapped_column(Text)
    evidence: Mapped[list[Any]] = mapped_column(JSON, default=list)
    # False for a syndicated / near-duplicate copy of a story already attached.
    independent: Mapped[bool] = mapped_column(Boolean, default=True)
    added_at: Mapped[dt.datetime] = mapped_column(default=utcnow)

    alert: Mapped[Alert] = relationship(back_populates="sources")


class Delivery(Base):
    """The outbox: one row per (alert or digest, channel), committed before any send."""

    __tablename__ = "deliveries"
    __table_args__ = (Index("ix_deliveries_status_next", "status", "next_attempt_at"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    key: Mapped[str] = mapped_column(String(300), unique=True)  # "alert:12:email", "digest:..."
    alert_id: Mapped[int | None] = mapped_column(ForeignKey("alerts.id", ondelete="CASCADE"))
    channel: Mapped[str] = mapped_column(String(100))
    kind: Mapped[str] = mapped_column(String(20), default="instant")  # instant | digest
    status: Mapped[str] = mapped_column(String(20), default="pending")  # pending|sent|dead
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    next_attempt_at: Mapped[dt.datetime] = mapped_column(default=utcnow)
    last_attempt_at: Mapped[dt.datetime | None]
    sent_at: Mapped[dt.datetime | None]
    last_error: Mapped[str | None] = mapped_column(Text)
    subject: Mapped[str] = mapped_column(Text, default="")
    body: Mapped[str] = mapped_column(Text, default="")
    body_html: Mapped[str | None] = mapped_column(Text)  # for channels that take HTML (email)
    severity: Mapped[str | None] = mapped_column(String(20))  # the alert's severity when queued
    created_at: Mapped[dt.datetime] = mapped_column(default=utcnow)
    # A sender claims a row (compare-and-set) before sending, so two processes never send the
    # same row; a claim that outlives `claimed_until` (a killed sender) may be taken over.
    claimed_by: Mapped[str | None] = mapped_column(String(100))
    claimed_until: Mapped[dt.datetime | None]

    alert: Mapped[Alert | None] = relationship(back_populates="deliveries")
    attempts_log: Mapped[list[DeliveryAttempt]] = relationship(
        back_populates="delivery", cascade="all, delete-orphan", order_by="DeliveryAttempt.at")


class DeliveryAttempt(Base):
    """Each send attempt and what the provider answered."""

    __tablename__ = "delivery_attempts"

    id: Mapped[int] = mapped_column(primary_key=True)
    delivery_id: Mapped[int] = mapped_column(ForeignKey("deliveries.id", ondelete="CASCADE"),
                                             index=True)
    at: Mapped[dt.datetime] = mapped_column(default=utcnow)
    ok: Mapped[bool] = mapped_column(Boolean)
    response: Mapped[str | None] = mapped_column(Text)
    duration_ms: Mapped[int | None] = mapped_column(Integer)

    delivery: Mapped[Delivery] = relationship(back_populates="attempts_log")


class ChannelState(Base):
    """Health of a notification channel: consecutive failures, and the alert that reported it."""

    __tablename__ = "channel_states"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(100), unique=True)
    consecutive_failures: Mapped[int] = mapped_column(Integer, default=0)
    last_error: Mapped[str | None] = mapped_column(Text)
    last_failure_at: Mapped[dt.datetime | None]
    last_success_at: Mapped[dt.datetime | None]
    unhealthy_since: Mapped[dt.datetime | None]
    alert_id: Mapped[int | None] = mapped_column(ForeignKey("alerts.id", ondelete="SET NULL"))


# --------------------------------------------------------------------------------------------
# Daemon
# --------------------------------------------------------------------------------------------


class DaemonLock(Base):
    """At most one row: the daemon that owns this database, kept alive by a heartbeat."""

    __tablename__ = "daemon_lock"

    id: Mapped[int] = mapped_column(primary_key=True)  # always 1
    owner: Mapped[str] = mapped_column(String(100))
    host: Mapped[str] = mapped_column(String(255))
    pid: Mapped[int] = mapped_column(Integer)
    started_at: Mapped[dt.datetime] = mapped_column(default=utcnow)
    heartbeat_at: Mapped[dt.datetime] = mapped_column(default=utcnow)


class DaemonJob(Base):
    """The last run of each daemon job that is not a crawl (housekeeping, digests, deliveries).

    Shown by `renewal-watch status`, and read by `daemon --once` to tell whether a daily job is
    due (a cron or systemd timer starts it many times a day).
    """

    __tablename__ = "daemon_jobs"

    id: Mapped[str] = mapped_column(String(100), primary_key=True)  # "housekeeping", ...
    last_started_at: Mapped[dt.datetime | None]
    last_finished_at: Mapped[dt.datetime | None]
    last_ok_at: Mapped[dt.datetime | None]
    last_error: Mapped[str | None] = mapped_column(Text)


# --------------------------------------------------------------------------------------------
# This database itself
# --------------------------------------------------------------------------------------------


class Meta(Base):
    """Facts about this database as a whole, by key (see `renewal_watch.db.install_id`).

    Keys: "install_id", a random id written once when first asked for and never changed (Atom
    entry ids are built on it, so it must outlive any row of the other tables).
    """

    __tablename__ = "meta"

    key: Mapped[str] = mapped_column(String(100), primary_key=True)
    value: Mapped[str] = mapped_column(Text)

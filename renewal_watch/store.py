"""Storage of crawl results: sources, titles, articles with versions, mentions, signals.

Every function takes an open `Session` inside the caller's transaction and is idempotent:
re-running a crawl never duplicates a row, because each write is an upsert against a natural
key with a unique constraint (articles by canonical-URL hash, versions by content hash,
mentions by (article, title), signals by (provider, subject, kind, related id)). A concurrent
writer that wins an insert race is handled with a savepoint and a re-read. The same code runs
on SQLite and PostgreSQL. Crawl runs, source health and HTTP validators are in
`renewal_watch.runlog`.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import logging
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any, TypeVar
from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from renewal_watch.config import Config
from renewal_watch.models import (
    Article,
    ArticleVersion,
    Mention,
    Signal,
    Source,
    Title,
    utcnow,
)

logger = logging.getLogger(__name__)

T = TypeVar("T")

# Query parameters that only track the reader: dropped before hashing a URL, so the same
# article reached from two feeds is one row.
TRACKING_PARAMS = frozenset({"utm_source", "utm_medium", "utm_campaign", "utm_term",
                             "utm_content", "utm_id", "fbclid", "gclid", "mc_cid", "mc_eid",
                             "ref_src", "cmpid", "ncid"})
# Bounds on what one article row may hold (scraped text is untrusted).
MAX_HEADLINE_CHARS = 2_000
MAX_TEXT_CHARS = 1_000_000
MAX_ERROR_CHARS = 2_000


# --------------------------------------------------------------------------------------------
# Keys
# --------------------------------------------------------------------------------------------


def canonical_url(url: str) -> str:
    """The URL that identifies an article: lower-case scheme/host, no fragment, no trackers,
    query sorted, default ports dropped."""
    parts = urlsplit(url.strip())
    host = (parts.hostname or "").lower()
    port = parts.port
    if port and not ((parts.scheme == "http" and port == 80)
                     or (parts.scheme == "https" and port == 443)):
        host = f"{host}:{port}"
    query = sorted((k, v) for k, v in parse_qsl(parts.query, keep_blank_values=True)
                   if k.lower() not in TRACKING_PARAMS)
    return urlunsplit((parts.scheme.lower(), host, parts.path or "/", urlencode(query), ""))


def url_hash(url: str) -> str:
    """sha256 of the canonical URL: the bounded unique key of articles and validators."""
    return hashlib.sha256(canonical_url(url).encode("utf-8")).hexdigest()


def content_hash(headline: str | None, text: str | None) -> str:
    """What decides whether an article changed: its headline and text, whitespace-normalised."""
    norm = " ".join((headline or "").split()) + "\n" + " ".join((text or "").split())
    return hashlib.sha256(norm.encode("utf-8")).hexdigest()


def clip_text(value: str | None, limit: int) -> str | None:
    """`value` cut to `limit` characters (None stays None)."""
    return value if value is None or len(value) <= limit else value[:limit]


def insert_or_reread(session: Session, make: Callable[[], T],
                      reread: Callable[[], T | None]) -> tuple[T, bool]:
    """Insert `make()` in a savepoint; if another writer inserted the key first, re-read it.

    Returns (row, inserted).
    """
    try:
        with session.begin_nested():
            row = make()
            session.add(row)
            session.flush()
        return row, True
    except IntegrityError:
        existing = reread()
        if existing is None:
            raise
        return existing, False


# --------------------------------------------------------------------------------------------
# Configuration mirrored into the database
# --------------------------------------------------------------------------------------------


def sync_sources(session: Session, config: Config) -> dict[str, int]:
    """Mirror configured sources into `sources` (a removed source is kept, disabled).

    Returns {name: id} for every configured source.
    """
    rows = {s.name: s for s in session.scalars(select(Source))}
    configured = {s.name for s in config.source}
    for source in config.source:
        row = rows.get(source.name)
        if row is None:
            row, _ = insert_or_reread(
                session,
                lambda src=source: Source(name=src.name, type=src.type, trust=src.trust,
                                          enabled=src.enabled),
                lambda src=source: session.scalars(
                    select(Source).where(Source.name == src.name)).first())
            rows[source.name] = row
        row.type, row.trust, row.enabled = source.type, source.trust, source.enabled
    for name, row in rows.items():
        if name not in configured:
            row.enabled = False
    session.flush()
    return {name: rows[name].id for name in configured}


def sync_titles(session: Session, config: Config) -> dict[str, int]:
    """Mirror the watchlist into `titles` (name and configured baseline). Returns {key: id}."""
    rows = {t.key: t for t in session.scalars(select(Title))}
    for watch in config.watch:
        row = rows.get(watch.key)
        if row is None:
            row, _ = insert_or_reread(
                session,
                lambda w=watch: Title(key=w.key, name=w.name),
                lambda w=watch: session.scalars(select(Title).where(Title.key == w.key)).first())
            rows[watch.key] = row
        row.name = watch.name
        row.baseline_season = watch.baseline.last_season
        row.baseline_status = watch.baseline.status
        row.baseline_as_of = watch.baseline.as_of
    session.flush()
    return {w.key: rows[w.key].id for w in config.watch}


# --------------------------------------------------------------------------------------------
# Articles, versions, mentions
# --------------------------------------------------------------------------------------------


@dataclass
class ArticleData:
    """What the store needs to know about a fetched, extracted article."""

    url: str
    canonical_url: str | None = None
    source_id: int | None = None
    guid: str | None = None
    headline: str | None = None
    text: str | None = None
    published: dt.datetime | None = None
    updated: dt.datetime | None = None
    language: str | None = None
    author: str | None = None
    method: str | None = None
    problems: list[str] = field(default_factory=list)
    simhash: int | None = None


@dataclass(frozen=True)
class ArticleOutcome:
    article_id: int
    version: int
    is_new: bool
    is_changed: bool


def find_known_article(session: Session, url: str, guid: str | None = None,
                       ) -> Article | None:
    """The stored article for a listing entry: by (canonical or fetched) URL, else by guid."""
    digest = url_hash(url)
    found = session.scalars(select(Article).where(Article.url_hash == digest)).first()
    if found is None:
        found = session.scalars(select(Article).where(Article.fetched_url_hash == digest)
                                .order_by(Article.id)).first()
    if found is None and guid:
        found = session.scalars(select(Article).where(Article.guid == guid[:512])
                                .order_by(Article.id)).first()
    return found


def _apply(article: Article, data: ArticleData, digest: str, now: dt.datetime) -> None:
    article.headline = clip_text(data.headline, MAX_HEADLINE_CHARS)
    article.text = clip_text(data.text, MAX_TEXT_CHARS)
    article.content_hash = digest
    article.published_at = data.published or article.published_at
    article.updated_at = data.updated or article.updated_at
    article.language = data.language or article.language
    article.author = clip_text(data.author, 300) or article.author
    article.extraction_method = data.method
    article.problems = list(data.problems)
    article.simhash = data.simhash if data.simhash is not None else article.simhash
    article.last_seen_at = now
    article.last_fetched_at = now


def upsert_article(session: Session, data: ArticleData, *, now: dt.datetime | None = None,
                   ) -> ArticleOutcome:
    """Insert a new article (version 1) or, when its content hash changed, a new version.

    An unchanged re-fetch only moves `last_seen_at`/`last_fetched_at`.
    """
    now = now or utcnow()
    key_url = data.canonical_url or data.url
    digest = content_hash(data.headline, data.text)
    article = find_known_article(session, key_url, data.guid)
    if article is None and data.canonical_url and data.canonical_url != data.url:
        article = find_known_article(session, data.url)
    if article is None:
        def make() -> Article:
            fetched = url_hash(data.url)
            row = Article(url_hash=url_hash(key_url), canonical_url=canonical_url(key_url),
                          url=data.url, source_id=data.source_id,
                          fetched_url_hash=fetched if fetched != url_hash(key_url) else None,
                          guid=clip_text(data.guid, 512), version=1, first_seen_at=now)
            _apply(row, data, digest, now)
            row.versions.append(ArticleVersion(version=1, content_hash=digest,
                                               headline=row.headline, text=row.text,
                                               fetched_at=now))
            return row

        article, inserted = insert_or_reread(
            session, make, lambda: find_known_article(session, key_url, data.guid))
        if inserted:
            return ArticleOutcome(article.id, 1, True, False)
    if article.content_hash == digest:
        article.last_seen_at = now
        article.last_fetched_at = now
        session.flush()
        return ArticleOutcome(article.id, article.version, False, False)
    earlier = session.scalars(select(ArticleVersion).where(
        ArticleVersion.article_id == article.id, ArticleVersion.content_hash == digest)).first()
    if earlier is None:
        article.version += 1
        session.add(ArticleVersion(article_id=article.id, version=article.version,
                                   content_hash=digest, headline=clip_text(data.headline,
                                                                       MAX_HEADLINE_CHARS),
                                   text=clip_text(data.text, MAX_TEXT_CHARS), fetched_at=now))
    # (A revert to an earlier content makes it current again without a new version row.)
    _apply(article, data, digest, now)
    session.flush()
    return ArticleOutcome(article.id, article.version, False, earlier is None)


def upsert_mention(session: Session, *, article_id: int, title_id: int,
                   classification: Any, classifier_version: str, article_version: int,
                   now: dt.datetime | None = None) -> tuple[int, bool]:
    """Record the classifier's judgement of a title in an article; returns (id, changed).

    `classification` is a `pipeline.classifier.Classification` (label, season, confidence,
    change, evidence, reason). A re-classification that gives the same judgement for the same
    article version changes nothing (and so is not swept for alerts again).
    """
    now = now or utcnow()
    evidence = [e.to_dict() if hasattr(e, "to_dict") else dict(getattr(e, "__dict__", {}))
                for e in (classification.evidence or ())]
    values = {"label": classification.label, "season": classification.season,
              "confidence": float(classification.confidence),
              "change": bool(classification.change), "evidence": evidence,
              "reason": classification.reason or "", "classifier_version": classifier_version,
              "article_version": article_version}
    found = session.scalars(select(Mention).where(Mention.article_id == article_id,
                                                  Mention.title_id == title_id)).first()
    if found is None:
        row, inserted = insert_or_reread(
            session,
            lambda: Mention(article_id=article_id, title_id=title_id, classified_at=now,
                            **values),
            lambda: session.scalars(select(Mention).where(
                Mention.article_id == article_id, Mention.title_id == title_id)).first())
        if inserted:
            return row.id, True
        found = row
    changed = any(getattr(found, key) != value for key, value in values.items())
    if changed:
        for key, value in values.items():
            setattr(found, key, value)
        found.classified_at = now
        session.flush()
    return found.id, changed


# --------------------------------------------------------------------------------------------
# Signals
# --------------------------------------------------------------------------------------------

# Fields whose change makes a signal "changed" (and so worth another look by the alerts).
SIGNAL_FIELDS = ("relation", "related_title", "related_format", "related_status", "status")


@dataclass(frozen=True)
class SignalOutcome:
    signal_id: int
    is_new: bool
    is_changed: bool


def upsert_signal(session: Session, *, provider: str, subject_id: str, title_key: str,
                  kind: str, related_id: str = "", source_id: int | None = None,
                  url: str | None = None, payload: dict[str, Any] | None = None,
                  now: dt.datetime | None = None, **fields: str | None) -> SignalOutcome:
    """Insert a signal (first_seen_at = last_seen_at = now) or refresh it.

    `fields` are the SIGNAL_FIELDS; a change in any of them sets `changed_at`.
    """
    unknown = set(fields) - set(SIGNAL_FIELDS)
    if unknown:
        raise TypeError(f"unknown signal fields: {sorted(unknown)}")
    now = now or utcnow()

    def find() -> Signal | None:
        return session.scalars(select(Signal).where(
            Signal.provider == provider, Signal.subject_id == subject_id, Signal.kind == kind,
            Signal.related_id == related_id)).first()

    row = find()
    if row is None:
        row, inserted = insert_or_reread(
            session,
            lambda: Signal(provider=provider, subject_id=subject_id, title_key=title_key,
                           kind=kind, related_id=related_id, source_id=source_id, url=url,
                           payload=dict(payload or {}), first_seen_at=now, last_seen_at=now,
                           **fields),
            find)
        if inserted:
            return SignalOutcome(row.id, True, False)
    changed = any(getattr(row, key) != value for key, value in fields.items())
    if changed:
        for key, value in fields.items():
            setattr(row, key, value)
        row.changed_at = now
    row.last_seen_at = now
    row.title_key = title_key
    row.url = url or row.url
    row.source_id = source_id or row.source_id
    if payload:
        row.payload = dict(payload)
    session.flush()
    return SignalOutcome(row.id, False, changed)

"""Helpers for the alert tests: a config with local channels, and database rows made by hand.

The store stage writes these rows in a real crawl; here they are written directly so the
decision logic is tested on its own, on SQLite and PostgreSQL.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import itertools
from typing import Any

from renewal_watch.config import Config, load_defaults, merge, validate
from renewal_watch.models import Article, Mention, Signal, Source, Title

T0 = dt.datetime(2025, 3, 1, 12, 0, tzinfo=dt.UTC)
_counter = itertools.count(1)


def make_config(channels: list[dict[str, Any]] | None = None, **alerts: Any) -> Config:
    """Shipped defaults (its sources and Hero Mask), the console channel off, given channels."""
    user: dict[str, Any] = {"channel": [{"name": "console", "enabled": False},
                                        *(channels or [])]}
    if alerts:
        user["alerts"] = alerts
    return validate(merge(load_defaults(), user))


def add_source(session, name: str, trust: str = "community", type_: str = "feed") -> Source:
    source = Source(name=name, type=type_, trust=trust)
    session.add(source)
    session.flush()
    return source


def add_title(session, key: str = "hero-mask", name: str = "Hero Mask", season: int | None = 2,
              status: str = "ended") -> Title:
    title = Title(key=key, name=name, baseline_season=season, baseline_status=status)
    session.add(title)
    session.flush()
    return title


def add_article(session, source: Source | None, *, headline: str = "Hero Mask news",
                text: str | None = None, url: str | None = None, simhash: int | None = None,
                content_hash: str | None = None, published: dt.datetime | None = None,
                seen: dt.datetime | None = None) -> Article:
    n = next(_counter)
    url = url or f"https://{source.name if source else 'x'}.example/news/{n}"
    text = text if text is not None else f"{headline} body {n}"
    article = Article(
        url_hash=hashlib.sha256(url.encode()).hexdigest(), canonical_url=url, url=url,
        source_id=source.id if source else None, headline=headline, text=text,
        content_hash=content_hash or hashlib.sha256(text.encode()).hexdigest(),
        simhash=simhash, published_at=published or T0, first_seen_at=seen or T0,
        last_seen_at=seen or T0)
    session.add(article)
    session.flush()
    return article


def add_mention(session, article: Article, title: Title, label: str, *,
                season: int | None = None, confidence: float = 0.9, change: bool = True,
                evidence: str = "Hero Mask season 3 has been announced.",
                classified: dt.datetime | None = None) -> Mention:
    mention = Mention(article_id=article.id, title_id=title.id, label=label, season=season,
                      confidence=confidence, change=change,
                      evidence=[{"text": evidence, "start": 0, "end": len(evidence),
                                 "field": "text"}],
                      reason=f"test: {label}", classifier_version="test",
                      classified_at=classified or T0)
    session.add(mention)
    session.flush()
    return mention


def add_signal(session, *, title_key: str = "hero-mask", provider: str = "anilist",
               subject_id: str = "110686", kind: str = "relation", related_id: str = "999",
               relation: str | None = "SEQUEL", related_title: str | None = None,
               related_format: str | None = "TV", related_status: str | None = None,
               status: str | None = None, source: Source | None = None,
               seen: dt.datetime | None = None) -> Signal:
    signal = Signal(provider=provider, subject_id=subject_id, title_key=title_key, kind=kind,
                    related_id=related_id, relation=relation, related_title=related_title,
                    related_format=related_format, related_status=related_status,
                    status=status, source_id=source.id if source else None,
                    url=f"https://anilist.co/anime/{related_id}", payload={},
                    first_seen_at=seen or T0, last_seen_at=seen or T0)
    session.add(signal)
    session.flush()
    return signal

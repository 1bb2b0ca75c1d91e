"""Re-running the current classifier over stored articles (`renewal-watch reclassify`).

`plan` matches and classifies each stored article's text again, each title judged against
what we believed when the article appeared, and lists the mentions whose label, season or
change would differ (new mentions, and mentions no longer matched, included). `apply` writes
those through the store and runs the alert decision on the articles concerned, which attaches
them to existing alerts or opens new ones (never for an article behind a dismissed alert).
"""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from renewal_watch.alerts.believed import effective_baseline
from renewal_watch.config import Config
from renewal_watch.db import Database
from renewal_watch.models import Article, Mention, Title, utcnow

logger = logging.getLogger(__name__)

BATCH = 200


@dataclass(frozen=True)
class Verdict:
    label: str
    season: int | None
    change: bool
    confidence: float

    def to_dict(self) -> dict[str, Any]:
        return {"label": self.label, "season": self.season, "change": self.change,
                "confidence": round(self.confidence, 3)}


@dataclass
class Change:
    """One mention whose classification would change."""

    article_id: int
    title_key: str
    url: str
    headline: str | None
    old: Verdict | None             # None: a new mention
    new: Verdict
    classification: Any             # the pipeline.classifier.Classification to store

    def to_dict(self) -> dict[str, Any]:
        return {"article_id": self.article_id, "title": self.title_key, "url": self.url,
                "headline": self.headline, "old": self.old.to_dict() if self.old else None,
                "new": self.new.to_dict(), "reason": self.classification.reason}


def _verdict(obj: Any) -> Verdict:
    return Verdict(obj.label, obj.season, bool(obj.change), float(obj.confidence))


def _same(a: Verdict | None, b: Verdict) -> bool:
    return a is not None and (a.label, a.season, a.change) == (b.label, b.season, b.change)


def _articles(session: Session, since: dt.datetime | None,
              title_id: int | None) -> Iterator[Article]:
    query = select(Article).where(Article.text.isnot(None)).order_by(Article.id)
    if since is not None:
        query = query.where(func.coalesce(Article.published_at, Article.first_seen_at) >= since)
    if title_id is not None:
        query = query.where(Article.id.in_(select(Mention.article_id)
                                           .where(Mention.title_id == title_id)))
    yield from session.scalars(query.execution_options(yield_per=BATCH))


def plan(session: Session, config: Config, *, since: dt.datetime | None = None,
         title: str | None = None) -> list[Change]:
    """The mentions the current classifier would judge differently (nothing is written)."""
    from pipeline.classifier import classify
    from pipeline.matching import Matcher

    specs = {w.key: w.spec() for w in config.watchlist}
    if title is not None:
        watch = config.get_watch(title)
        specs = {watch.key: specs[watch.key]} if watch and watch.key in specs else {}
    titles = {t.key: t for t in session.scalars(select(Title)) if t.key in specs}
    if not titles:
        return []
    matcher = Matcher([specs[k] for k in titles])
    only = titles[next(iter(titles))].id if title is not None else None
    changes: list[Change] = []
    for article in _articles(session, since, only):
        matches = {m.title_key: m for m in matcher.find(article.text or "", article.headline)}
        stored = {m.title_id: m for m in article.mentions}
        when = article.published_at or article.first_seen_at
        for key, row in titles.items():
            old_row = stored.get(row.id)
            match = matches.get(key)
            if match is None and old_row is None:
                continue
            result = classify(article.text or "", specs[key],
                              effective_baseline(session, key, as_of=when),
                              headline=article.headline, language=article.language,
                              published=when.date() if when else None, match=match)
            old = _verdict(old_row) if old_row is not None else None
            new = _verdict(result)
            if old is None and new.label == "unrelated":
                continue  # an unsupported match, as the classify stage would drop it
            if not _same(old, new):
                changes.append(Change(article.id, key, article.canonical_url,
                                      article.headline, old, new, result))
    return changes


def apply(db: Database, config: Config, changes: list[Change],
          now: dt.datetime | None = None) -> dict[str, list[int]]:
    """Store the new classifications, then decide alerts for the articles concerned."""
    from pipeline.classifier import CLASSIFIER_VERSION
    from renewal_watch import store
    from renewal_watch.alerts import process_article

    now = now or utcnow()
    touched: list[int] = []
    with db.transaction() as session:
        title_ids = store.sync_titles(session, config)
        for change in changes:
            article = session.get(Article, change.article_id)
            if article is None or change.title_key not in title_ids:
                continue
            store.upsert_mention(session, article_id=article.id,
                                 title_id=title_ids[change.title_key],
                                 classification=change.classification,
                                 classifier_version=CLASSIFIER_VERSION,
                                 article_version=article.version, now=now)
            if article.id not in touched:
                touched.append(article.id)
    opened: list[int] = []
    raised: list[int] = []
    for article_id in touched:
        report = process_article(db, config, article_id, now)
        opened += report.opened
        raised += report.raised
    logger.info("reclassify: %s mentions updated, %s alerts opened, %s raised", len(changes),
                len(opened), len(raised))
    return {"articles": touched, "opened": opened, "raised": raised}

"""renewal_watch.store on SQLite and PostgreSQL: idempotent upserts and versions."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

import pytest
from sqlalchemy import func, select

from renewal_watch import store
from renewal_watch.config import validate
from renewal_watch.models import (
    Article,
    ArticleVersion,
    Mention,
    Signal,
    Source,
    Title,
)

T0 = dt.datetime(2026, 1, 10, 12, 0, tzinfo=dt.UTC)


def _config(**extra):
    data = {"watch": [{"name": "Hero Mask", "baseline": {"last_season": 2, "status": "ended"}}],
            "source": [{"name": "a", "type": "feed", "urls": ["https://a.example/feed"]},
                       {"name": "b", "type": "anilist", "urls": ["https://graphql.example"]}]}
    data.update(extra)
    return validate(data)


def _count(db, model) -> int:
    with db.session() as s:
        return s.scalar(select(func.count()).select_from(model))


def test_canonical_url_and_hash():
    assert store.canonical_url("HTTPS://News.Example:443/a?b=2&utm_source=x&a=1#frag") == \
        "https://news.example/a?a=1&b=2"
    assert store.url_hash("https://news.example/a?utm_medium=rss") == \
        store.url_hash("https://NEWS.example/a")
    assert store.url_hash("https://news.example/a") != store.url_hash("https://news.example/b")
    assert store.canonical_url("http://x.example:8080") == "http://x.example:8080/"


def test_content_hash_ignores_whitespace_only():
    assert store.content_hash("H", "a  b\n c") == store.content_hash("H", "a b c")
    assert store.content_hash("H", "a b c") != store.content_hash("H2", "a b c")


def test_sync_is_idempotent_and_disables_removed_sources(db):
    config = _config()
    for _ in range(2):
        with db.transaction() as s:
            ids = store.sync_sources(s, config)
            titles = store.sync_titles(s, config)
    assert set(ids) == {"a", "b"} and set(titles) == {"hero-mask"}
    assert _count(db, Source) == 2 and _count(db, Title) == 1
    with db.transaction() as s:
        store.sync_sources(s, _config(source=[{"name": "a", "type": "feed",
                                               "urls": ["https://a.example/feed"]}]))
    with db.session() as s:
        enabled = dict(s.execute(select(Source.name, Source.enabled)).all())
        title = s.scalars(select(Title)).one()
    assert enabled == {"a": True, "b": False}
    assert (title.baseline_season, title.baseline_status) == (2, "ended")


def _article(**kw) -> store.ArticleData:
    base = {"url": "https://a.example/news/1?utm_source=rss", "guid": "guid-1",
            "headline": "Hero Mask season 3", "text": "Netflix renewed Hero Mask.",
            "published": T0, "method": "trafilatura"}
    return store.ArticleData(**{**base, **kw})


def test_article_new_unchanged_changed(db):
    with db.transaction() as s:
        first = store.upsert_article(s, _article(), now=T0)
    with db.transaction() as s:
        again = store.upsert_article(s, _article(text="Netflix  renewed\nHero Mask."),
                                     now=T0 + dt.timedelta(hours=1))
    with db.transaction() as s:
        edited = store.upsert_article(s, _article(text="Netflix renewed Hero Mask for 2027."),
                                      now=T0 + dt.timedelta(hours=2))
    assert (first.is_new, first.version) == (True, 1)
    assert (again.is_new, again.is_changed, again.version) == (False, False, 1)
    assert (edited.is_changed, edited.version) == (True, 2)
    assert first.article_id == again.article_id == edited.article_id
    assert _count(db, Article) == 1 and _count(db, ArticleVersion) == 2
    with db.session() as s:
        article = s.get(Article, first.article_id)
        assert article.text.endswith("2027.") and article.version == 2
        assert article.first_seen_at == T0 and article.last_fetched_at == T0 + dt.timedelta(hours=2)
        assert article.canonical_url == "https://a.example/news/1"


def test_revert_to_an_earlier_content_adds_no_version(db):
    for text in ("one", "two", "one"):
        with db.transaction() as s:
            outcome = store.upsert_article(s, _article(text=text))
    assert outcome.version == 2 and not outcome.is_changed
    assert _count(db, ArticleVersion) == 2
    with db.session() as s:
        assert s.scalars(select(Article.text)).one() == "one"


def test_known_article_by_guid_and_by_canonical(db):
    with db.transaction() as s:
        store.upsert_article(s, _article(canonical_url="https://a.example/news/canonical"))
    with db.session() as s:
        assert store.find_known_article(s, "https://a.example/news/1?utm_source=rss") is not None
        assert store.find_known_article(s, "https://a.example/news/canonical") is not None
        assert store.find_known_article(s, "https://elsewhere.example/x", "guid-1") is not None
        assert store.find_known_article(s, "https://elsewhere.example/x", "guid-2") is None
    # The same page reached again by its listing URL is the same row.
    with db.transaction() as s:
        outcome = store.upsert_article(s, _article(canonical_url=None))
    assert not outcome.is_new and _count(db, Article) == 1


@dataclass(frozen=True)
class _Evidence:
    text: str
    start: int = 0
    end: int = 5
    field: str = "text"

    def to_dict(self):
        return {"text": self.text, "start": self.start, "end": self.end, "field": self.field}


@dataclass(frozen=True)
class _Classification:
    label: str = "renewal"
    season: int | None = 3
    confidence: float = 0.9
    change: bool = True
    evidence: tuple = field(default=(_Evidence("renewed"),))
    reason: str = "renewal: season 3"


def test_mentions_upsert_and_change_detection(db):
    with db.transaction() as s:
        titles = store.sync_titles(s, _config())
        article = store.upsert_article(s, _article())
    args = {"article_id": article.article_id, "title_id": titles["hero-mask"],
            "classifier_version": "v1", "article_version": 1}
    with db.transaction() as s:
        first = store.upsert_mention(s, classification=_Classification(), now=T0, **args)
    with db.transaction() as s:
        same = store.upsert_mention(s, classification=_Classification(),
                                    now=T0 + dt.timedelta(hours=1), **args)
    with db.transaction() as s:
        other = store.upsert_mention(s, classification=_Classification(label="rumor"),
                                     now=T0 + dt.timedelta(hours=2), **args)
    assert first == (first[0], True) and same == (first[0], False) and other == (first[0], True)
    with db.session() as s:
        mention = s.scalars(select(Mention)).one()
    assert mention.label == "rumor" and mention.classified_at == T0 + dt.timedelta(hours=2)
    assert mention.evidence == [{"text": "renewed", "start": 0, "end": 5, "field": "text"}]


def test_signals_first_seen_last_seen_changed(db):
    key = {"provider": "anilist", "subject_id": "1", "title_key": "hero-mask",
           "kind": "relation", "related_id": "2"}
    with db.transaction() as s:
        new = store.upsert_signal(s, relation="SEQUEL", related_status="NOT_YET_RELEASED",
                                  now=T0, **key)
    with db.transaction() as s:
        same = store.upsert_signal(s, relation="SEQUEL", related_status="NOT_YET_RELEASED",
                                   now=T0 + dt.timedelta(days=1), **key)
    with db.transaction() as s:
        changed = store.upsert_signal(s, relation="SEQUEL", related_status="RELEASING",
                                      now=T0 + dt.timedelta(days=2), **key)
    assert (new.is_new, same.is_new, same.is_changed, changed.is_changed) == (
        True, False, False, True)
    with db.session() as s:
        signal = s.scalars(select(Signal)).one()
    assert signal.first_seen_at == T0
    assert signal.last_seen_at == signal.changed_at == T0 + dt.timedelta(days=2)
    assert signal.related_status == "RELEASING"
    with pytest.raises(TypeError), db.transaction() as s:
        store.upsert_signal(s, colour="red", **key)

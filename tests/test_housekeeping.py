"""Housekeeping: retention of article text and old runs, on SQLite and PostgreSQL."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import func, select

from renewal_watch.config import validate
from renewal_watch.housekeeping import run_housekeeping
from renewal_watch.models import (
    Alert,
    AlertSource,
    Article,
    ArticleVersion,
    CrawlRun,
    Mention,
    Source,
    Title,
    utcnow,
)

NOW = utcnow()
OLD = NOW - dt.timedelta(days=400)
RECENT = NOW - dt.timedelta(days=10)
EVIDENCE = [{"text": "season 3 was announced", "start": 0, "end": 22, "field": "text"}]


def _config(text_days=365, runs_days=90):
    return validate({"retention": {"article_text_days": text_days, "runs_days": runs_days}})


def _article(s, source, n, when):
    art = Article(url_hash=f"h{n}", canonical_url=f"https://x.test/{n}", url=f"https://x.test/{n}",
                  source=source, headline=f"Headline {n}", text=f"body {n}", content_hash=f"c{n}",
                  first_seen_at=when, last_seen_at=when)
    art.versions.append(ArticleVersion(version=1, content_hash=f"c{n}", headline=f"Headline {n}",
                                       text=f"body {n}", fetched_at=when))
    s.add(art)
    return art


def _fill(db):
    with db.transaction() as s:
        src = Source(name="feed-a", type="feed")
        other = Source(name="feed-b", type="feed")
        title = Title(key="hero-mask", name="Hero Mask")
        s.add_all([src, other, title])
        old_art = _article(s, src, 1, OLD)
        _article(s, src, 2, RECENT)
        s.flush()
        s.add(Mention(article_id=old_art.id, title_id=title.id, label="renewal", confidence=0.9,
                      evidence=EVIDENCE, classifier_version="t"))
        alert = Alert(dedupe_key="hero-mask:renewal:3", kind="renewal", title_id=title.id,
                      severity="critical", summary="Hero Mask: renewal", evidence=EVIDENCE)
        alert.sources.append(AlertSource(article_id=old_art.id, url=old_art.url,
                                         headline=old_art.headline, evidence=EVIDENCE))
        s.add(alert)
        for days in (200, 150, 100, 5):
            start = NOW - dt.timedelta(days=days)
            s.add(CrawlRun(source=src, status="ok", started_at=start, finished_at=start))
        # feed-b's only run is old: kept, it is the latest thing status can show.
        s.add(CrawlRun(source=other, status="failed", started_at=OLD, finished_at=OLD))
        s.add(CrawlRun(source=src, status="running", started_at=OLD))


def test_old_text_is_dropped_but_identity_and_evidence_kept(db):
    _fill(db)
    result = run_housekeeping(db, _config())
    assert result.article_texts_cleared == 1
    assert result.version_texts_cleared == 1
    with db.session() as s:
        old = s.scalars(select(Article).where(Article.url_hash == "h1")).one()
        recent = s.scalars(select(Article).where(Article.url_hash == "h2")).one()
        assert old.text is None and old.versions[0].text is None
        assert old.headline == "Headline 1" and old.content_hash == "c1"
        assert old.canonical_url == "https://x.test/1"
        assert recent.text == "body 2" and recent.versions[0].text == "body 2"
        assert s.scalars(select(Mention.evidence)).one() == EVIDENCE
        assert s.scalars(select(Alert.evidence)).one() == EVIDENCE
        assert s.scalars(select(AlertSource.evidence)).one() == EVIDENCE


def test_old_runs_deleted_except_latest_per_source_and_running(db):
    _fill(db)
    result = run_housekeeping(db, _config())
    assert result.runs_deleted == 3  # feed-a's runs 200, 150 and 100 days old
    with db.session() as s:
        left = s.execute(select(Source.name, CrawlRun.status).join(CrawlRun.source)
                         .order_by(CrawlRun.started_at)).all()
    assert sorted(left) == [("feed-a", "ok"), ("feed-a", "running"), ("feed-b", "failed")]


def test_housekeeping_is_idempotent_and_reports_maintenance(db):
    _fill(db)
    run_housekeeping(db, _config())
    again = run_housekeeping(db, _config())
    assert (again.article_texts_cleared, again.version_texts_cleared, again.runs_deleted) == \
        (0, 0, 0)
    expected = "PRAGMA optimize" if db.dialect == "sqlite" else "ANALYZE"
    assert expected in again.maintenance


def test_batches_cover_more_rows_than_one_batch(db, monkeypatch):
    import renewal_watch.housekeeping as hk

    monkeypatch.setattr(hk, "BATCH_SIZE", 7)
    with db.transaction() as s:
        src = Source(name="bulk", type="feed")
        s.add(src)
        for n in range(30):
            _article(s, src, n, OLD)
    result = run_housekeeping(db, _config())
    assert result.article_texts_cleared == 30
    with db.session() as s:
        assert s.scalar(select(func.count()).where(Article.text.is_not(None))) == 0


def test_sqlite_vacuums_when_much_was_freed(sqlite_db, monkeypatch):
    import renewal_watch.housekeeping as hk

    monkeypatch.setattr(hk, "VACUUM_MIN_FREE_PAGES", 10)
    with sqlite_db.transaction() as s:
        src = Source(name="big", type="feed")
        s.add(src)
        for n in range(300):
            art = _article(s, src, n, OLD)
            art.text = "x" * 20_000
            art.versions[0].text = "y" * 20_000
    with sqlite_db.engine.connect() as conn:
        before = conn.exec_driver_sql("PRAGMA page_count").scalar()
    result = run_housekeeping(sqlite_db, _config())
    with sqlite_db.engine.connect() as conn:
        after = conn.exec_driver_sql("PRAGMA page_count").scalar()
    assert "VACUUM" in result.maintenance
    assert after < before / 2

"""Daily housekeeping: retention of raw article text and old crawl runs, then vacuum/analyze.

What is dropped and what is kept:
- `articles.text` and `article_versions.text` older than `[retention] article_text_days` become
  NULL; headline, URL and content hash stay, so an article is still recognised (no re-fetch,
  no duplicate) and reports still link it.
- Alerts, their `alert_sources` evidence and mentions' evidence are never touched: they quote
  the few sentences that justified a decision, which is the record the user keeps.
- `crawl_runs` older than `[retention] runs_days` are deleted, except each source's latest run
  (status shows it) and runs still marked running.

Updates go in batches so that, on SQLite, a crawl writing at the same time waits for one short
transaction, never for the whole clean-up.
"""

from __future__ import annotations

import datetime as dt
import logging
from dataclasses import asdict, dataclass

from sqlalchemy import delete, func, select, update

from renewal_watch.config import Config
from renewal_watch.db import Database
from renewal_watch.models import Article, ArticleVersion, CrawlRun, utcnow

logger = logging.getLogger(__name__)

# Rows per write transaction (a few ms each on SQLite).
BATCH_SIZE = 2000
# SQLite: VACUUM (rewrites the file, needs free disk of its size) only when at least this share
# of its pages is free and the file is not tiny; otherwise free pages are simply reused.
VACUUM_FREE_RATIO = 0.25
VACUUM_MIN_FREE_PAGES = 2048
# PostgreSQL: tables whose statistics are refreshed after a clean-up (autovacuum does the rest).
ANALYZE_TABLES = ("articles", "article_versions", "crawl_runs")


@dataclass
class HousekeepingResult:
    """What a housekeeping pass did."""

    article_texts_cleared: int = 0
    version_texts_cleared: int = 0
    runs_deleted: int = 0
    maintenance: str = ""

    def to_dict(self) -> dict[str, object]:
        return asdict(self)


def _clear_in_batches(db: Database, model: type, time_column, cutoff: dt.datetime) -> int:
    total = 0
    while True:
        with db.transaction() as s:
            ids = select(model.id).where(model.text.is_not(None), time_column < cutoff) \
                .limit(BATCH_SIZE).scalar_subquery()
            done = s.execute(update(model).where(model.id.in_(ids)).values(text=None)
                             .execution_options(synchronize_session=False)).rowcount
        total += done
        if done < BATCH_SIZE:
            return total


def _delete_old_runs(db: Database, cutoff: dt.datetime) -> int:
    total = 0
    latest = select(func.max(CrawlRun.id)).group_by(CrawlRun.source_id).scalar_subquery()
    while True:
        with db.transaction() as s:
            ids = (select(CrawlRun.id)
                   .where(CrawlRun.started_at < cutoff, CrawlRun.status != "running",
                          CrawlRun.id.not_in(latest))
                   .limit(BATCH_SIZE).scalar_subquery())
            done = s.execute(delete(CrawlRun).where(CrawlRun.id.in_(ids))
                             .execution_options(synchronize_session=False)).rowcount
        total += done
        if done < BATCH_SIZE:
            return total


def _sqlite_maintenance(db: Database) -> str:
    with db.engine.connect() as conn:
        pages = conn.exec_driver_sql("PRAGMA page_count").scalar() or 0
        free = conn.exec_driver_sql("PRAGMA freelist_count").scalar() or 0
        auto_vacuum = conn.exec_driver_sql("PRAGMA auto_vacuum").scalar() or 0
    done = []
    # VACUUM cannot run inside a transaction: use a raw autocommit connection.
    with db.engine.connect().execution_options(isolation_level="AUTOCOMMIT") as conn:
        if auto_vacuum == 2 and free:  # incremental: give free pages back cheaply
            conn.exec_driver_sql("PRAGMA incremental_vacuum")
            done.append(f"incremental_vacuum ({free} free pages)")
        elif pages and free >= VACUUM_MIN_FREE_PAGES and free / pages >= VACUUM_FREE_RATIO:
            conn.exec_driver_sql("VACUUM")
            done.append(f"VACUUM ({free} of {pages} pages were free)")
        # Refreshes the planner's statistics where they are out of date; cheap when they are not.
        conn.exec_driver_sql("PRAGMA optimize")
        done.append("PRAGMA optimize")
    return ", ".join(done)


def _postgres_maintenance(db: Database) -> str:
    with db.engine.connect().execution_options(isolation_level="AUTOCOMMIT") as conn:
        for table in ANALYZE_TABLES:
            conn.exec_driver_sql(f"ANALYZE {table}")
    return "ANALYZE " + ", ".join(ANALYZE_TABLES)


def database_maintenance(db: Database) -> str:
    """Vacuum/analyze as the backend needs; returns what was done."""
    if db.dialect == "sqlite":
        return _sqlite_maintenance(db)
    if db.dialect == "postgresql":
        return _postgres_maintenance(db)
    return ""


def run_housekeeping(db: Database, config: Config, now: dt.datetime | None = None
                     ) -> HousekeepingResult:
    """Apply retention, then vacuum/analyze. Safe to run at any time, any number of times."""
    now = now or utcnow()
    text_cutoff = now - dt.timedelta(days=config.retention.article_text_days)
    runs_cutoff = now - dt.timedelta(days=config.retention.runs_days)
    result = HousekeepingResult()
    result.article_texts_cleared = _clear_in_batches(db, Article, Article.first_seen_at,
                                                     text_cutoff)
    result.version_texts_cleared = _clear_in_batches(db, ArticleVersion,
                                                     ArticleVersion.fetched_at, text_cutoff)
    result.runs_deleted = _delete_old_runs(db, runs_cutoff)
    result.maintenance = database_maintenance(db)
    logger.info("housekeeping: %s", result.to_dict())
    return result

"""How long `collect_status` takes on a large database.

Fills a fresh database with many articles, runs, sources, titles, alerts and deliveries, then
times `collect_status` (median of a few calls) and prints the figures.

    python bench/status_speed.py                       # SQLite in a temporary directory
    python bench/status_speed.py --db postgresql+psycopg://postgres@127.0.0.1/test
        (on PostgreSQL it works in a new schema that it drops at the end)
    python bench/status_speed.py --articles 200000 --runs 2000 --sources 50
"""

from __future__ import annotations

import argparse
import contextlib
import datetime as dt
import random
import statistics
import tempfile
import time
import uuid
from pathlib import Path

from sqlalchemy import insert

from renewal_watch.config import validate
from renewal_watch.db import open_database
from renewal_watch.models import (
    Alert,
    Article,
    CrawlRun,
    Delivery,
    Source,
    Title,
    utcnow,
)
from renewal_watch.status import collect_status

# A status slower than this on the default sizes is worth a look (not a hard gate).
FLOOR_SECONDS = 0.5
CHUNK = 5000


def _fill(db, n_articles: int, n_runs: int, n_sources: int, n_titles: int) -> None:
    rng = random.Random(7)
    now = utcnow()
    with db.transaction() as s:
        s.execute(insert(Source), [
            {"id": i + 1, "name": f"source-{i:03d}", "type": "feed", "health": "ok",
             "consecutive_failures": 0, "avg_items": 10.0, "poll_interval": 1800,
             "next_due_at": now + dt.timedelta(minutes=i)} for i in range(n_sources)])
        s.execute(insert(Title), [{"id": i + 1, "key": f"title-{i}", "name": f"Title {i}",
                                   "baseline_status": "ended", "believed_status": "ended"}
                                  for i in range(n_titles)])
    for start in range(0, n_articles, CHUNK):
        rows = []
        for n in range(start, min(start + CHUNK, n_articles)):
            seen = now - dt.timedelta(minutes=rng.randrange(0, 365 * 24 * 60))
            rows.append({"url_hash": f"{n:064d}", "canonical_url": f"https://news.test/{n}",
                         "url": f"https://news.test/{n}", "source_id": rng.randrange(n_sources) + 1,
                         "headline": f"Headline {n}", "text": "Body text " * 40,
                         "content_hash": f"{n:064x}", "problems": [], "version": 1,
                         "first_seen_at": seen, "last_seen_at": seen})
        with db.transaction() as s:
            s.execute(insert(Article), rows)
    runs = []
    for n in range(n_runs):
        started = now - dt.timedelta(minutes=30 * (n // n_sources) + rng.randrange(30))
        runs.append({"source_id": n % n_sources + 1, "trigger": "schedule",
                     "status": "ok" if rng.random() > 0.1 else "failed",
                     "started_at": started, "finished_at": started + dt.timedelta(seconds=20),
                     "requests": 20, "responses_304": rng.randrange(20), "items": 10,
                     "articles_new": rng.randrange(3), "articles_changed": 0, "errors": 0,
                     "stats": {}})
    with db.transaction() as s:
        s.execute(insert(CrawlRun), runs)
        s.execute(insert(Alert), [{"dedupe_key": f"a{n}", "kind": "renewal",
                                   "title_id": n % n_titles + 1, "severity": "critical",
                                   "status": "new" if n % 3 else "acked", "summary": "x",
                                   "evidence": []} for n in range(n_titles * 5)])
        s.execute(insert(Delivery), [{"key": f"d{n}", "channel": f"channel-{n % 4}",
                                      "status": ("pending", "sent", "dead")[n % 3],
                                      "attempts": n % 5} for n in range(3000)])


@contextlib.contextmanager
def _bench_url(url: str | None):
    """The URL to fill: a temporary SQLite file, or a throw-away PostgreSQL schema."""
    if not url:
        with tempfile.TemporaryDirectory() as tmp:
            yield f"sqlite:///{Path(tmp) / 'bench.sqlite3'}"
        return
    if not url.startswith("postgres"):
        yield url
        return
    import psycopg

    schema = f"rw_bench_{uuid.uuid4().hex[:12]}"
    dsn = "postgresql://" + url.split("://", 1)[1]
    with psycopg.connect(dsn, autocommit=True) as conn:
        conn.execute(f'CREATE SCHEMA "{schema}"')
    try:
        sep = "&" if "?" in url else "?"
        yield f"{url}{sep}options=-csearch_path%3D{schema}"
    finally:
        with psycopg.connect(dsn, autocommit=True) as conn:
            conn.execute(f'DROP SCHEMA IF EXISTS "{schema}" CASCADE')


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--db", help="database URL (default: a temporary SQLite file)")
    parser.add_argument("--articles", type=int, default=200_000)
    parser.add_argument("--runs", type=int, default=2_000)
    parser.add_argument("--sources", type=int, default=50)
    parser.add_argument("--titles", type=int, default=20)
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()
    with _bench_url(args.db) as url:
        db = open_database(url)
        t0 = time.perf_counter()
        _fill(db, args.articles, args.runs, args.sources, args.titles)
        fill = time.perf_counter() - t0
        config = validate({"source": [{"name": f"source-{i:03d}", "type": "feed",
                                       "urls": [f"https://s{i}.test/rss"]}
                                      for i in range(args.sources)]})
        timings = []
        for _ in range(args.repeat):
            t0 = time.perf_counter()
            data = collect_status(db, config)
            timings.append(time.perf_counter() - t0)
        db.dispose()
    median = statistics.median(timings)
    print(f"backend: {url.split(':', 1)[0]}")
    print(f"filled {args.articles} articles, {args.runs} runs, {args.sources} sources, "
          f"{args.titles} titles in {fill:.1f} s")
    print(f"status: {len(data['sources'])} sources, {data['deliveries']['pending']} pending "
          f"deliveries, {len(data['titles'])} titles")
    print(f"collect_status: median {median * 1000:.1f} ms, min {min(timings) * 1000:.1f} ms, "
          f"max {max(timings) * 1000:.1f} ms over {args.repeat} calls")
    verdict = "ok" if median <= FLOOR_SECONDS else "SLOW"
    print(f"floor {FLOOR_SECONDS * 1000:.0f} ms: {verdict}")


if __name__ == "__main__":
    main()

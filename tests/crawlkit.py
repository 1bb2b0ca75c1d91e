"""Helpers for crawl tests: a test config, feeds with fresh dates, a crawl in a child process."""

from __future__ import annotations

import datetime as dt
import gzip
from email.utils import format_datetime
from html import escape
from pathlib import Path
from typing import Any

import tomlkit
from sqlalchemy import select

from renewal_watch.config import load_defaults
from renewal_watch.mirror import Answer, MirrorServer
from renewal_watch.models import CrawlRun, Source
from renewal_watch.runner import RunOutcome, run_in_child
from tests.conftest import FIXTURES

SITE = FIXTURES / "site"
NOW = dt.datetime.now(dt.UTC)

# Crawl settings that keep loopback crawls fast: no politeness delay worth the name, one
# retry. The timeout is generous (a loaded CI machine); timeout tests set their own.
FAST_CRAWL = {"download_timeout": 10, "retry_times": 1, "default_rate_per_minute": 60000,
              "rate_limits": {"127.0.0.1": 60000}, "time_limit": 60,
              "max_response_bytes": 1_000_000}


def write_config(path: Path, sources: list[dict[str, Any]], *, crawl: dict | None = None,
                 watch: list[dict[str, Any]] | None = None) -> Path:
    """A user config: shipped sources and the console channel off, then `sources`."""
    defaults = load_defaults()
    doc: dict[str, Any] = {
        "crawl": {**FAST_CRAWL, **(crawl or {})},
        "source": [{"name": s["name"], "enabled": False} for s in defaults["source"]]
        + list(sources),
        "channel": [{"name": "console", "enabled": False}],
    }
    if watch:
        doc["watch"] = watch
    path.write_text(tomlkit.dumps(doc), encoding="utf-8")
    return path


def feed_source(name: str, url: str, **extra: Any) -> dict[str, Any]:
    return {"name": name, "type": "feed", "urls": [url], "trust": "trade", **extra}


def rss(base: str, items: list[tuple[str, str, dt.datetime]], title: str = "Test feed") -> str:
    """An RSS 2.0 feed of (path, title, date) items on `base`."""
    out = [f'<?xml version="1.0" encoding="utf-8"?><rss version="2.0"><channel>'
           f"<title>{escape(title)}</title><link>{base}/</link><description>d</description>"]
    for path, headline, when in items:
        out.append(f"<item><title>{escape(headline)}</title><link>{base}{path}</link>"
                   f"<guid>{base}{path}</guid><pubDate>{format_datetime(when)}</pubDate>"
                   f"<description>{escape(headline)} (summary)</description></item>")
    out.append("</channel></rss>")
    return "".join(out)


def site_server() -> MirrorServer:
    """The fixture site (robots.txt, news/, private/) on an ephemeral loopback port."""
    return MirrorServer(root=SITE)


def gzip_bomb(decompressed_bytes: int) -> Answer:
    """A small gzip body that inflates to `decompressed_bytes` of zeros."""
    body = gzip.compress(b"\0" * decompressed_bytes, compresslevel=9)
    return Answer(body=body, content_type="application/rss+xml",
                  headers={"Content-Encoding": "gzip"})


BILLION_LAUGHS = (
    b'<?xml version="1.0"?>\n<!DOCTYPE rss [\n <!ENTITY lol "lol">\n'
    + b"".join(b' <!ENTITY lol%d "%s">\n' % (i, (b"&lol%d;" % (i - 1) if i > 1 else b"&lol;") * 10)
               for i in range(1, 10))
    + b']>\n<rss version="2.0"><channel><title>&lol9;</title><item><title>&lol9;</title>'
      b"<link>http://127.0.0.1/news/x.html</link></item></channel></rss>")


def crawl(config: Path, db_url: str, names: list[str], **kwargs: Any) -> RunOutcome:
    """One crawl in a child process (the production path), child output not echoed."""
    kwargs.setdefault("time_limit", 60)
    return run_in_child(str(config), db_url, names, "manual", output=None, **kwargs)


def latest_runs(db: Any) -> dict[str, CrawlRun]:
    """The newest crawl_runs row of each source, by source name."""
    with db.session() as session:
        rows = session.execute(select(Source.name, CrawlRun).join(
            CrawlRun, CrawlRun.source_id == Source.id).order_by(CrawlRun.id)).all()
    return {name: run for name, run in rows}  # noqa: C416 (Row tuples, newest last wins)

"""The offline demo: crawl bundled fictional news sites on 127.0.0.1 and alert on what they say.

    with serve_demo_site() as mirror:
        result = run_demo(Path("demo-out"), mirror=mirror)

`run_demo` writes a demo configuration (the demo sites as sources, every default source
switched off, console and file channels) and runs the real crawl through the same code path as
`renewal-watch crawl` (`renewal_watch.runner.run_in_child`) into a fresh SQLite database, then
decides and delivers alerts (`renewal_watch.alerts.after_crawl`) and writes the HTML report.
Nothing leaves 127.0.0.1. The sites are in `renewal_watch/demo/site/`, see `demo.sites`.
"""

from __future__ import annotations

import datetime as dt
import logging
import time
from contextlib import ExitStack
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import quote

import tomlkit
from sqlalchemy import select
from sqlalchemy.orm import selectinload

from renewal_watch.config import default_data_dir, load_config, load_defaults
from renewal_watch.demo.sites import DEMO_SOURCES, serve_demo_site
from renewal_watch.exceptions import RenewalWatchError
from renewal_watch.mirror import MirrorServer

logger = logging.getLogger(__name__)

__all__ = ["DEMO_SOURCES", "DemoAlert", "DemoError", "DemoResult", "run_demo",
           "serve_demo_site"]

# Files written into the demo directory.
CONFIG_NAME = "config.toml"
DB_NAME = "demo.sqlite3"
ALERTS_NAME = "alerts.jsonl"
REPORT_NAME = "report.html"
OUR_FILES = (CONFIG_NAME, DB_NAME, ALERTS_NAME, REPORT_NAME)

# The whole crawl must finish well inside the demo's one-minute promise.
DEMO_TIME_LIMIT = 45
# Crawl settings for a loopback server: no politeness delay is needed against ourselves.
DEMO_CRAWL = {
    "download_timeout": 10,
    "retry_times": 0,
    "concurrent_requests_per_domain": 8,
    "autothrottle_target_concurrency": 8.0,
    "default_rate_per_minute": 6000,
    "time_limit": DEMO_TIME_LIMIT,
    "rate_limits": {"127.0.0.1": 6000},
}
DEMO_FILE_CHANNEL = "demo-file"
ALL_SEVERITIES = ["critical", "warning", "notice"]

CONFIG_HEADER = """\
# renewal-watch DEMO configuration, written by `renewal-watch demo`.
# The sources are fictional sites served on 127.0.0.1 by the demo while it runs (or while
# `renewal-watch demo --keep` keeps them up); every default source is switched off, so nothing
# here reaches the internet. Alerts go to the console and to the file channel below.
"""


class DemoError(RenewalWatchError):
    """The demo could not be set up (e.g. --out points at a directory already in use)."""


@dataclass(frozen=True)
class DemoAlert:
    """An alert the demo opened, as shown to the user."""

    id: int
    kind: str
    severity: str
    status: str
    summary: str
    season: int | None
    title_key: str | None
    sources: list[str] = field(default_factory=list)


@dataclass
class DemoResult:
    """Where everything went and what the crawl found."""

    directory: Path
    config_path: Path
    db_path: Path
    db_url: str
    alerts_file: Path
    report_path: Path
    base_url: str
    outcome: Any = None            # renewal_watch.runner.RunOutcome
    alerts: list[DemoAlert] = field(default_factory=list)
    articles: int = 0
    seconds: float = 0.0


def new_demo_directory(out: Path | None) -> Path:
    """`out` (created; refused if it already holds demo files), or a new timestamped
    directory under the user data directory."""
    if out is None:
        stamp = dt.datetime.now().strftime("%Y%m%d-%H%M%S")
        base = default_data_dir() / "demo"
        out = base / stamp
        n = 1
        while out.exists():
            n += 1
            out = base / f"{stamp}-{n}"
    out = out.expanduser().resolve()
    taken = [name for name in OUR_FILES if (out / name).exists()]
    if taken:
        raise DemoError(f"{out}: already holds a demo ({', '.join(taken)}); "
                        "choose a new directory with --out")
    try:
        out.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise DemoError(f"{out}: cannot create the demo directory: {exc}") from exc
    return out


def demo_config(base_url: str, db_url: str, alerts_file: Path) -> dict[str, Any]:
    """The demo configuration as TOML-ready data (merged over the shipped defaults)."""
    defaults = load_defaults()
    disabled = [{"name": s["name"], "enabled": False} for s in defaults.get("source", [])]
    sources = [{"name": s.name, "type": s.type, "urls": [base_url + s.path], "trust": s.trust,
                "schedule": {"interval": "1h"}} for s in DEMO_SOURCES]
    return {
        "database": {"url": db_url},
        "crawl": dict(DEMO_CRAWL),
        "source": disabled + sources,
        "channel": [{"name": "console", "url": "console://", "severities": ALL_SEVERITIES},
                    {"name": DEMO_FILE_CHANNEL, "url": "file://" + quote(str(alerts_file)),
                     "severities": ALL_SEVERITIES}],
    }


def write_demo_config(path: Path, data: dict[str, Any]) -> None:
    path.write_text(CONFIG_HEADER + "\n" + tomlkit.dumps(data), encoding="utf-8")


def _collect(db: Any) -> tuple[list[DemoAlert], int]:
    from sqlalchemy import func

    from renewal_watch.models import Alert, Article

    with db.session() as s:
        rows = s.scalars(select(Alert).options(selectinload(Alert.sources),
                                               selectinload(Alert.title)).order_by(Alert.id))
        alerts = [DemoAlert(id=a.id, kind=a.kind, severity=a.severity, status=a.status,
                            summary=a.summary, season=a.season,
                            title_key=a.title.key if a.title else None,
                            sources=[src.source_name or "?" for src in a.sources])
                  for a in rows]
        articles = s.scalar(select(func.count()).select_from(Article)) or 0
    return alerts, articles


def run_demo(out: Path | None = None, *, mirror: MirrorServer | None = None,
             time_limit: int = DEMO_TIME_LIMIT) -> DemoResult:
    """Run the demo into `out` (see `new_demo_directory`); returns where everything went.

    Uses `mirror` if given (already serving the demo sites), else starts one and stops it
    before returning.
    """
    from renewal_watch import alerts, runner
    from renewal_watch.db import open_database
    from renewal_watch.report import build_report, render

    started = time.monotonic()
    directory = new_demo_directory(out)
    with ExitStack() as stack:
        if mirror is None:
            mirror = stack.enter_context(serve_demo_site())
        db_path = directory / DB_NAME
        result = DemoResult(directory=directory, config_path=directory / CONFIG_NAME,
                            db_path=db_path, db_url=f"sqlite:///{db_path}",
                            alerts_file=directory / ALERTS_NAME,
                            report_path=directory / REPORT_NAME, base_url=mirror.base_url)
        write_demo_config(result.config_path,
                          demo_config(mirror.base_url, result.db_url, result.alerts_file))
        config = load_config(result.config_path)
        db = open_database(result.db_url)
        stack.callback(db.dispose)
        logger.info("demo: crawling %s sources on %s", len(DEMO_SOURCES), mirror.base_url)
        result.outcome = runner.run_in_child(str(result.config_path), result.db_url,
                                             [s.name for s in DEMO_SOURCES], "demo", time_limit)
        # The crawl decides and delivers as it goes; sweeping again here delivers anything it
        # left (a crawl that ended early) and is a no-op otherwise.
        alerts.after_crawl(db, config)
        report = build_report(db, config, title=None)
        result.report_path.write_text(render(report, "html", title="renewal-watch demo report"),
                                      encoding="utf-8")
        result.alerts, result.articles = _collect(db)
    result.seconds = time.monotonic() - started
    return result

"""Check one source now: fetch its first listing through Scrapy and report what was parsed.

Nothing is stored and nothing but the listing is fetched (the spider runs with `check=1`, no
item pipelines, no database middlewares). Like a crawl it needs a reactor of its own, so the
CLI runs it as `python -m renewal_watch.check` in a child process (`check_in_child`).
"""

from __future__ import annotations

import asyncio
import json
import logging
import subprocess
import sys
from typing import Any

from renewal_watch.config import Config, load_config
from renewal_watch.crawl import SPIDERS, install_asyncio_reactor, select_sources
from renewal_watch.exceptions import RenewalWatchError, SourceError

logger = logging.getLogger(__name__)

# How many entries / signals a check reports in full.
SHOW_LIMIT = 20
CHECK_TIMEOUT = 120.0  # seconds


def _entry(entry: Any) -> dict[str, Any]:
    return {"url": entry.url, "title": entry.title, "guid": entry.guid,
            "published": entry.published.isoformat() if entry.published else None,
            "updated": entry.updated.isoformat() if entry.updated else None}


def _signal(item: Any) -> dict[str, Any]:
    return {k: getattr(item, k) for k in ("provider", "title_key", "subject_id", "kind",
                                          "related_id", "relation", "related_title",
                                          "related_format", "related_status", "status", "url")}


def check_source(config: Config, name: str) -> dict[str, Any]:
    """Run the source's spider in check mode in this process; returns a JSON-safe report."""
    from scrapy import signals
    from scrapy.crawler import AsyncCrawlerRunner
    from scrapy.settings import Settings
    from scrapy.utils.misc import load_object
    from twisted.internet.defer import Deferred

    from renewal_watch import scrapy_settings

    (source,) = select_sources(config, [name])
    install_asyncio_reactor()
    from twisted.internet import reactor  # only now: importing it installs a default reactor
    settings = Settings()
    settings.setmodule(scrapy_settings, priority="project")
    settings.set("RW_CONFIG", scrapy_settings.Shared(config), priority="cmdline")
    settings.set("ITEM_PIPELINES", {}, priority="cmdline")
    settings.set("DOWNLOADER_MIDDLEWARES", {
        **scrapy_settings.DOWNLOADER_MIDDLEWARES,
        "renewal_watch.http.known.KnownArticleMiddleware": None,
        "renewal_watch.http.conditional.ConditionalRequestMiddleware": None}, priority="cmdline")
    settings.set("LOG_LEVEL", "WARNING", priority="cmdline")
    runner = AsyncCrawlerRunner(settings)
    crawler = runner.create_crawler(load_object(SPIDERS[source.type]))
    items: list[Any] = []
    crawler.signals.connect(lambda item, **_: items.append(item), signal=signals.item_scraped,
                            weak=False)
    failures: list[Any] = []

    def start() -> None:
        deferred = Deferred.fromFuture(asyncio.ensure_future(
            crawler.crawl_async(source=name, check="1")))
        deferred.addErrback(failures.append)
        deferred.addBoth(lambda _: reactor.stop())

    reactor.callWhenRunning(start)
    reactor.run(installSignalHandlers=False)
    if failures:
        raise SourceError(f"{name}: {failures[0].getErrorMessage()}")
    stats = crawler.stats.get_stats()
    spider = crawler.spider
    found = list(getattr(spider, "rw_found", []))
    signal_items = [i for i in items if hasattr(i, "provider")]
    return {
        "source": name, "type": source.type,
        "ok": bool(stats.get("renewal_watch/listing_ok")),
        "error": stats.get("renewal_watch/last_error"),
        "requests": stats.get("renewal_watch/requests", 0),
        "entries_total": len(found), "entries": [_entry(e) for e in found[:SHOW_LIMIT]],
        "signals_total": len(signal_items),
        "signals": [_signal(i) for i in signal_items[:SHOW_LIMIT]],
    }


def check_in_child(config_path: str | None, name: str,
                   timeout: float = CHECK_TIMEOUT) -> dict[str, Any]:
    """`check_source` in a child process (a reactor per check); raises SourceError on failure."""
    cmd = [sys.executable, "-m", "renewal_watch.check", name]
    if config_path:
        cmd += ["--config", str(config_path)]
    try:
        proc = subprocess.run(cmd, capture_output=True, text=True, timeout=timeout, check=False)
    except subprocess.TimeoutExpired as exc:
        raise SourceError(f"{name}: no answer within {timeout:.0f}s") from exc
    lines = [line for line in proc.stdout.splitlines() if line.startswith("{")]
    if not lines:
        tail = proc.stderr.strip().splitlines()[-1:] or ["no output"]
        raise SourceError(f"{name}: check failed ({tail[0]})")
    result = json.loads(lines[-1])
    if "message" in result and "source" not in result:
        raise SourceError(result["message"])
    return result


def main(argv: list[str] | None = None) -> int:
    import argparse

    parser = argparse.ArgumentParser(prog="python -m renewal_watch.check")
    parser.add_argument("source")
    parser.add_argument("--config", default=None)
    args = parser.parse_args(argv)
    logging.basicConfig(level=logging.WARNING)
    try:
        result = check_source(load_config(args.config), args.source)
    except RenewalWatchError as exc:
        sys.stdout.write(json.dumps({"message": str(exc)}) + "\n")  # the parent reads stdout
        return exc.exit_code
    sys.stdout.write(json.dumps(result, default=str) + "\n")
    return 0 if result["ok"] else 1


if __name__ == "__main__":
    raise SystemExit(main())

"""Run one crawl of a set of sources in THIS process: the one crawl code path.

`run_crawl` opens a crawl_runs row per source, runs one Scrapy crawler per source (so stats
are per source) on one asyncio reactor, closes each row with its status and counts, folds the
outcome into the source's health, and finally hands over to the alerts
(`renewal_watch.alerts.after_crawl`). A Twisted reactor cannot be restarted (TRAPS.md 4), so a
process runs at most one crawl: the CLI and the daemon start it in a child process
(`renewal_watch.crawl_child`, through `renewal_watch.runner.run_in_child`).

Sources sharing a host run one after another (per-host rate limits live in each crawler's
downloader); other sources run side by side.

SIGTERM or SIGINT stops the crawl at once: every crawler is stopped, its in-flight downloads
and retry waits are ended (`renewal_watch.http.abort`), the runs that had not finished are
recorded as "interrupted" (which does not count against a source's health), and the process
exits without the alert sweep (the next crawl, or the daemon's start, sweeps what was stored).
A second signal stops the reactor where it is.
"""

from __future__ import annotations

import asyncio
import datetime as dt
import logging
import os
import signal
from collections.abc import Callable, Iterable
from dataclasses import asdict, dataclass, field
from typing import Any
from urllib.parse import urlsplit

from renewal_watch import runlog, store
from renewal_watch.config import Config, Source
from renewal_watch.db import Database, open_database
from renewal_watch.exceptions import NotFound
from renewal_watch.models import utcnow

logger = logging.getLogger(__name__)

ASYNCIO_REACTOR = "twisted.internet.asyncioreactor.AsyncioSelectorReactor"
# Spider class per source type (dotted, imported after the reactor is installed).
SPIDERS = {
    "feed": "spiders.feed.FeedSpider",
    "sitemap": "spiders.sitemap.SitemapSpider",
    "ann_encyclopedia": "spiders.ann_encyclopedia.AnnEncyclopediaSpider",
    "anilist": "spiders.anilist.AniListSpider",
    "jikan": "spiders.jikan.JikanSpider",
}
# crawl_runs count column -> crawler stat key it is read from.
COUNT_STATS = {
    "requests": "renewal_watch/requests",
    "responses_200": "renewal_watch/status/200",
    "responses_304": "renewal_watch/status/304",
    "responses_4xx": "renewal_watch/status/4xx",
    "responses_5xx": "renewal_watch/status/5xx",
    "timeouts": "renewal_watch/timeouts",
    "too_large": "renewal_watch/error/too_large",
    "items": "renewal_watch/entries",
    "articles_new": "renewal_watch/articles_new",
    "articles_changed": "renewal_watch/articles_changed",
    "errors": "renewal_watch/errors",
}
PROGRESS_INTERVAL = 1.0  # seconds between progress reports
# Requests ended by a stop (renewal_watch.http.stats.REQUESTS_ABORTED; a literal here, so that
# importing this module loads no Scrapy).
REQUESTS_ABORTED_STAT = "renewal_watch/requests_aborted"
# DOWNLOAD_HANDLERS: Scrapy's HTTP/1.1 handler, abortable (renewal_watch.http.abort).
ABORTABLE_HANDLERS = dict.fromkeys(("http", "https"),
                                   "renewal_watch.http.abort.AbortableHTTP11DownloadHandler")

Progress = Callable[[dict[str, Any]], None]


@dataclass
class SourceRun:
    """The outcome of one source in a crawl (what its crawl_runs row says)."""

    source: str
    run_id: int
    status: str = "running"            # ok | failed | timeout | interrupted
    error: str | None = None
    counts: dict[str, int] = field(default_factory=dict)
    health: str | None = None


@dataclass
class CrawlSummary:
    """All sources of one crawl."""

    runs: list[SourceRun]
    started_at: dt.datetime
    finished_at: dt.datetime | None = None

    @property
    def any_ok(self) -> bool:
        return any(r.status == "ok" for r in self.runs)

    def to_dict(self) -> dict[str, Any]:
        return {"runs": [asdict(r) for r in self.runs],
                "started_at": self.started_at.isoformat(),
                "finished_at": self.finished_at.isoformat() if self.finished_at else None}


def select_sources(config: Config, names: Iterable[str] | None) -> list[Source]:
    """The named sources (disabled ones too, when named), else every enabled source."""
    if not names:
        return list(config.sources)
    selected = []
    for name in names:
        source = config.get_source(name)
        if source is None:
            known = ", ".join(s.name for s in config.source)
            raise NotFound(f"no source named {name!r} (configured: {known})")
        if source not in selected:
            selected.append(source)
    return selected


def _hosts(source: Source) -> set[str]:
    urls = [*source.urls, *([source.url_template] if source.url_template else [])]
    return {(urlsplit(u).hostname or "").lower() for u in urls}


def group_by_host(sources: list[Source]) -> list[list[Source]]:
    """Sources that share a host in one group (run in turn); groups run side by side."""
    groups: list[tuple[set[str], list[Source]]] = []
    for source in sources:
        hosts = _hosts(source)
        merged = [g for g in groups if g[0] & hosts]
        for g in merged:
            groups.remove(g)
            hosts |= g[0]
        groups.append((hosts, [s for g in merged for s in g[1]] + [source]))
    return [members for _, members in groups]


def _json_safe(stats: dict[str, Any]) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for key, value in stats.items():
        if isinstance(value, dt.datetime | dt.date):
            out[key] = value.isoformat()
        elif isinstance(value, bool | int | float | str) or value is None:
            out[key] = value
        else:
            out[key] = str(value)
    return out


def run_outcome(stats: dict[str, Any], error: str | None = None, *,
                stopped: bool = False) -> tuple[str, str | None]:
    """(status, error) of a finished crawler from its stats (or the exception that ended it).

    Interrupted: the crawl was told to stop (`stopped`) before this crawler was done: it was
    shut down, never started, or had requests cut short. Failed: the crawler could not start,
    did not finish normally, or no listing could be fetched and parsed. Otherwise ok, with
    the last error kept when some requests failed.
    """
    reason = stats.get("finish_reason")
    if stopped and (error or reason != "finished" or stats.get(REQUESTS_ABORTED_STAT)):
        detail = error or (reason if reason not in (None, "finished") else "requests cut short")
        return "interrupted", f"interrupted ({detail})"
    if error:
        return "failed", error
    if reason != "finished":
        return "failed", f"interrupted ({reason or 'no finish reason'})"
    last = stats.get("renewal_watch/last_error")
    if not stats.get("renewal_watch/listing_ok") and stats.get("renewal_watch/listing_failed"):
        return "failed", last or "no listing could be fetched"
    return "ok", last if stats.get("renewal_watch/errors") else None


def _counts(stats: dict[str, Any]) -> dict[str, int]:
    return {column: int(stats.get(key, 0) or 0) for column, key in COUNT_STATS.items()}


class _CrawlSession:
    """One crawl: database rows, crawlers, progress and the final hand-over to alerts."""

    def __init__(self, config: Config, db: Database, sources: list[Source], trigger: str,
                 progress: Progress | None) -> None:
        self.config, self.db, self.sources = config, db, sources
        self.trigger, self.progress = trigger, progress
        self.runs: dict[str, SourceRun] = {}
        self.crawlers: dict[str, Any] = {}
        self.runner: Any = None
        self.interrupted = False
        self.active: set[str] = set()   # sources whose crawler is running
        self.stopped: set[str] = set()  # sources the stop caught before they were done

    def open_runs(self) -> None:
        with self.db.transaction() as session:
            ids = store.sync_sources(session, self.config)
            store.sync_titles(session, self.config)
            for source in self.sources:
                run_id = runlog.start_run(session, ids[source.name], trigger=self.trigger,
                                         pid=os.getpid())
                self.runs[source.name] = SourceRun(source=source.name, run_id=run_id)
        self.source_ids = ids

    def settings(self) -> Any:
        from scrapy.settings import Settings

        from renewal_watch import scrapy_settings

        settings = Settings()
        settings.setmodule(scrapy_settings, priority="project")
        settings.set("RW_CONFIG", scrapy_settings.Shared(self.config), priority="cmdline")
        settings.set("RW_DATABASE", scrapy_settings.Shared(self.db), priority="cmdline")
        # Downloads this process can end at once when it is told to stop (see stop()).
        settings.set("DOWNLOAD_HANDLERS", dict(ABORTABLE_HANDLERS), priority="cmdline")
        settings.set("LOG_LEVEL", logging.getLevelName(logging.getLogger().level)
                     if logging.getLogger().level else "WARNING", priority="cmdline")
        return settings

    async def crawl_one(self, source: Source) -> None:
        from scrapy.utils.misc import load_object

        run = self.runs[source.name]
        error = None
        stats: dict[str, Any] = {}
        if self.interrupted:
            error = "stopped before it started"
            self.stopped.add(source.name)
        else:
            self.active.add(source.name)
            try:
                crawler = self.runner.create_crawler(load_object(SPIDERS[source.type]))
                self.crawlers[source.name] = crawler
                await crawler.crawl_async(source=source.name)
            except Exception as exc:  # a crawler that cannot start fails its source only
                logger.exception("crawl of %s failed", source.name)
                error = f"{type(exc).__name__}: {exc}"
            finally:
                self.active.discard(source.name)
            crawler = self.crawlers.get(source.name)
            if crawler is not None and crawler.stats is not None:
                stats = crawler.stats.get_stats()
        self.finish(source, run, stats, error)

    def finish(self, source: Source, run: SourceRun, stats: dict[str, Any],
               error: str | None) -> None:
        run.status, run.error = run_outcome(stats, error, stopped=source.name in self.stopped)
        run.counts = _counts(stats)
        not_modified = bool(stats.get("renewal_watch/listing_ok")) and stats.get(
            "renewal_watch/listing_not_modified") == stats.get("renewal_watch/listing_ok")
        with self.db.transaction() as session:
            runlog.finish_run(session, run.run_id, status=run.status, counts=run.counts,
                             error=run.error, stats=_json_safe(stats))
            verdict = runlog.record_source_outcome(
                session, self.source_ids[source.name], ok=run.status == "ok",
                items=run.counts["items"], new_items=run.counts["articles_new"],
                not_modified=not_modified, error=run.error,
                failure_threshold=self.config.daemon.failure_threshold,
                interrupted=run.status == "interrupted")
        run.health = verdict.state.health
        if verdict.transition is not None:
            self._health_alert(source.name, verdict.problem)
        self.report(source.name, done=True)

    def _health_alert(self, name: str, problem: str | None) -> None:
        try:
            from renewal_watch.alerts import source_health_changed

            source_health_changed(self.db, self.config, name, problem)
        except Exception:  # alerting must not undo a recorded crawl
            logger.exception("source-health alert for %s failed", name)

    def report(self, name: str, *, done: bool = False) -> None:
        if self.progress is None:
            return
        run = self.runs[name]
        crawler = self.crawlers.get(name)
        stats = crawler.stats.get_stats() if crawler is not None and crawler.stats else {}
        counts = run.counts if done else _counts(stats)
        self.progress({"source": name, "state": "done" if done else "running",
                       "status": run.status, "requests": counts.get("requests", 0),
                       "items": counts.get("items", 0), "errors": counts.get("errors", 0),
                       "articles_new": counts.get("articles_new", 0),
                       "error": run.error if done else None})

    async def report_loop(self) -> None:
        while True:
            await asyncio.sleep(PROGRESS_INTERVAL)
            for name, run in self.runs.items():
                if run.status == "running" and name in self.crawlers:
                    self.report(name)

    async def main(self) -> None:
        from scrapy.crawler import AsyncCrawlerRunner

        self.runner = AsyncCrawlerRunner(self.settings())

        async def group(members: list[Source]) -> None:
            for source in members:
                await self.crawl_one(source)

        ticker = asyncio.ensure_future(self.report_loop())
        try:
            await asyncio.gather(*(group(g) for g in group_by_host(self.sources)))
        finally:
            ticker.cancel()

    def stop(self) -> None:
        """First signal: stop every crawler now; unfinished runs are recorded as interrupted.

        Scrapy's stop waits for the requests in progress, so their downloads and retry waits
        are ended first (a download that never answers would hold it until its timeout).
        """
        from renewal_watch.http.abort import abort_downloads

        self.interrupted = True
        self.stopped |= self.active
        for crawler in list(self.crawlers.values()):
            abort_downloads(crawler)
        if self.runner is not None:
            self._stopping = asyncio.ensure_future(self.runner.stop())


def install_asyncio_reactor() -> None:
    """Install the asyncio reactor, or check that it is the one installed (TRAPS.md 5)."""
    from scrapy.utils.reactor import install_reactor, is_reactor_installed, verify_installed_reactor

    if is_reactor_installed():
        verify_installed_reactor(ASYNCIO_REACTOR)
    else:
        install_reactor(ASYNCIO_REACTOR)


def _run_reactor(session: _CrawlSession) -> None:
    from twisted.internet import reactor
    from twisted.internet.defer import Deferred

    failures: list[Any] = []

    def start() -> None:
        deferred = Deferred.fromFuture(asyncio.ensure_future(session.main()))
        deferred.addErrback(failures.append)
        deferred.addBoth(lambda _: reactor.stop())

    def on_signal(signum: int, _frame: Any) -> None:
        if session.interrupted:  # second signal: stop now
            reactor.callFromThread(reactor.stop)
            return
        logger.warning("signal %s: stopping the crawl", signum)
        reactor.callFromThread(session.stop)

    previous = {s: signal.signal(s, on_signal) for s in (signal.SIGTERM, signal.SIGINT)}
    try:
        reactor.callWhenRunning(start)
        reactor.run(installSignalHandlers=False)
    finally:
        for sig, handler in previous.items():
            signal.signal(sig, handler)
    if failures:
        failures[0].raiseException()


def run_crawl(config: Config, db_url: str, source_names: Iterable[str] | None = None,
              trigger: str = "manual", progress: Progress | None = None) -> CrawlSummary:
    """Crawl the selected sources once, in this process; see the module docstring.

    `progress`, if given, is called with a dict per source about once a second and when the
    source is done. Runs at most once per process (the reactor cannot restart).
    """
    sources = select_sources(config, source_names)
    started = utcnow()
    install_asyncio_reactor()
    db = open_database(db_url)
    try:
        session = _CrawlSession(config, db, sources, trigger, progress)
        session.open_runs()
        if sources:
            _run_reactor(session)
        for name, run in session.runs.items():  # a crawler the reactor never finished
            if run.status == "running":
                if session.interrupted:
                    session.stopped.add(name)
                session.finish(config.get_source(name), run, {}, "crawl did not finish")
        if session.interrupted:
            logger.warning("crawl stopped: alerts are left to the next crawl's sweep")
        else:
            _after_crawl(db, config)
        return CrawlSummary(runs=list(session.runs.values()), started_at=started,
                            finished_at=utcnow())
    finally:
        db.dispose()


def _after_crawl(db: Database, config: Config) -> None:
    """Hand the stored mentions and signals to the alerts (decide, then deliver)."""
    try:
        from renewal_watch.alerts import after_crawl
    except ImportError:  # the alerts package is optional for a bare crawl
        logger.warning("renewal_watch.alerts.after_crawl is not available: no alerts decided")
        return
    try:
        after_crawl(db, config)
    except Exception:  # the crawl's results are committed; the next sweep retries the alerts
        logger.exception("alerts after the crawl failed (they will be retried next crawl)")

"""Scrapy settings for renewal-watch (the module `scrapy.cfg` points at).

The constants below are what does not depend on the user's configuration. What does (the
User-Agent's contact URL, timeouts, size limits, per-host rate limits) is applied by
`ConfigAddon` when each crawler starts, from the `Config` object that `crawl.run_crawl` puts
in the settings (RW_CONFIG), or else from the config file (RW_CONFIG_PATH, then the usual
lookup), so `scrapy crawl feed -a source=ann` in a checkout behaves like a real crawl.
"""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING, Any

from renewal_watch import __version__

if TYPE_CHECKING:
    from scrapy.crawler import Crawler
    from scrapy.settings import BaseSettings

    from renewal_watch.config import Config
    from renewal_watch.db import Database

logger = logging.getLogger(__name__)

# --- project -------------------------------------------------------------------------------
BOT_NAME = "renewal-watch"
SPIDER_MODULES = ["spiders"]
NEWSPIDER_MODULE = "spiders"
TWISTED_REACTOR = "twisted.internet.asyncioreactor.AsyncioSelectorReactor"
LOG_LEVEL = "INFO"

# --- safety (TRAPS.md 3): no remote-control HTTP server, no telnet console -----------------
REMOTE_CONTROL_ENABLED = False
TELNETCONSOLE_ENABLED = False

# --- politeness ----------------------------------------------------------------------------
ROBOTSTXT_OBEY = True
COOKIES_ENABLED = False
AUTOTHROTTLE_ENABLED = True
AUTOTHROTTLE_MAX_DELAY = 60.0
CONCURRENT_REQUESTS = 16
# Feeds are revalidated on every poll with stored validators (http/conditional.py); a
# heuristic HTTP cache would answer them locally and miss new entries (TRAPS.md 6).
HTTPCACHE_ENABLED = False
DOWNLOAD_FAIL_ON_DATALOSS = True

# --- retries (http/retry.py adds the backoff) -----------------------------------------------
RETRY_ENABLED = True
RETRY_HTTP_CODES = [500, 502, 503, 504, 522, 524, 408, 429]
RETRY_BACKOFF_MAX = 60.0
RETRY_AFTER_MAX = 120.0

# --- components ----------------------------------------------------------------------------
DOWNLOADER_MIDDLEWARES = {
    # Before robots.txt: a stored, unchanged article needs no request at all.
    "renewal_watch.http.known.KnownArticleMiddleware": 50,
    "scrapy.downloadermiddlewares.retry.RetryMiddleware": None,
    "renewal_watch.http.retry.BackoffRetryMiddleware": 550,
    # Below HttpCompression (590) so responses reach it decompressed (and size-checked).
    "renewal_watch.http.conditional.ConditionalRequestMiddleware": 580,
    # Next to the downloader: sees every attempt and every raw status.
    "renewal_watch.http.stats.ResponseStatsMiddleware": 950,
}
EXTENSIONS = {
    "scrapy.extensions.throttle.AutoThrottle": None,
    "renewal_watch.http.throttle.RateLimitedAutoThrottle": 0,
}
ITEM_PIPELINES = {
    "pipeline.stages.extract.ExtractStage": 300,
    "pipeline.stages.classify.ClassifyStage": 400,
    "pipeline.stages.store.StoreStage": 500,
    "pipeline.stages.alert.AlertStage": 600,
}
ADDONS = {"renewal_watch.scrapy_settings.ConfigAddon": 0}

# --- our own keys, set by crawl.run_crawl (read by ConfigAddon and the components) --------
# RW_CONFIG     a renewal_watch.config.Config (wrapped in Shared), else RW_CONFIG_PATH is loaded
# RW_CONFIG_PATH a config file (None: $RENEWAL_WATCH_CONFIG, then the user config directory)
# RW_DB_URL     the database URL (None: from the config / environment)
# RW_DATABASE   an open renewal_watch.db.Database to share between crawlers (wrapped in Shared)


class Shared:
    """A settings value passed by reference: Scrapy deep-copies settings for every crawler,
    which must not clone an open database engine."""

    def __init__(self, value: Any) -> None:
        self.value = value

    def __deepcopy__(self, memo: dict[int, Any]) -> Shared:
        return self


def _unwrap(value: Any) -> Any:
    return value.value if isinstance(value, Shared) else value


def user_agent(contact_url: str) -> str:
    """`renewal-watch/<version> (+<contact_url>)`."""
    return f"renewal-watch/{__version__} (+{contact_url})"


def rate_settings(config: Config) -> dict[str, Any]:
    """DOWNLOAD_DELAY and DOWNLOAD_SLOTS from [crawl] rates (requests per minute, per host)."""
    crawl = config.crawl
    default_delay = 60.0 / crawl.default_rate_per_minute
    slots = {host: {"delay": 60.0 / rate, "jitter": 0.0,
                    "concurrency": crawl.concurrent_requests_per_domain}
             for host, rate in crawl.rate_limits.items()}
    return {"DOWNLOAD_DELAY": default_delay, "AUTOTHROTTLE_START_DELAY": default_delay,
            "DOWNLOAD_SLOTS": slots}


def config_settings(config: Config) -> dict[str, Any]:
    """Every Scrapy setting derived from the user's configuration."""
    crawl = config.crawl
    return {
        "USER_AGENT": user_agent(config.general.contact_url),
        "DOWNLOAD_TIMEOUT": crawl.download_timeout,
        "RETRY_TIMES": crawl.retry_times,
        # Checked on the wire and again after decompression (HttpCompressionMiddleware).
        "DOWNLOAD_MAXSIZE": crawl.max_response_bytes,
        "DOWNLOAD_WARNSIZE": crawl.max_response_bytes // 2,
        "CONCURRENT_REQUESTS_PER_DOMAIN": crawl.concurrent_requests_per_domain,
        "AUTOTHROTTLE_TARGET_CONCURRENCY": crawl.autothrottle_target_concurrency,
        **rate_settings(config),
    }


def config_from_settings(settings: BaseSettings) -> Config:
    """The Config a crawl runs with: RW_CONFIG if given, else loaded from RW_CONFIG_PATH."""
    from renewal_watch.config import Config, load_config

    given = _unwrap(settings.get("RW_CONFIG"))
    if isinstance(given, Config):
        return given
    return load_config(settings.get("RW_CONFIG_PATH"))


def database_from_crawler(crawler: Crawler) -> Database:
    """The crawl's database: RW_DATABASE if given, else opened once per crawler from RW_DB_URL
    (and disposed when the engine stops)."""
    from scrapy import signals

    from renewal_watch.config import database_url
    from renewal_watch.db import Database, open_database

    given = _unwrap(crawler.settings.get("RW_DATABASE"))
    if isinstance(given, Database):
        return given
    cached = getattr(crawler, "_rw_database", None)
    if cached is None:
        url = crawler.settings.get("RW_DB_URL") or database_url(
            config_from_settings(crawler.settings))
        cached = open_database(url)
        crawler._rw_database = cached  # type: ignore[attr-defined]
        crawler.signals.connect(lambda: cached.dispose(), signal=signals.engine_stopped,
                                weak=False)
    return cached


class ConfigAddon:
    """Applies the user's configuration to each crawler's settings (priority "addon")."""

    def update_settings(self, settings: BaseSettings) -> None:
        config = config_from_settings(settings)
        settings.setdict(config_settings(config), priority="addon")
        if settings.get("RW_CONFIG") is None:  # load the file once per crawler, not per component
            settings.set("RW_CONFIG", Shared(config), priority="addon")

"""renewal_watch.scrapy_settings: what the configuration turns into, and safety switches."""

from __future__ import annotations

import copy

from scrapy.settings import Settings

from renewal_watch import __version__, scrapy_settings
from renewal_watch.config import load_config, validate
from renewal_watch.scrapy_settings import ConfigAddon, Shared, config_from_settings, config_settings


def test_traps_are_switched_off_and_politeness_on():
    assert scrapy_settings.REMOTE_CONTROL_ENABLED is False
    assert scrapy_settings.TELNETCONSOLE_ENABLED is False
    assert scrapy_settings.ROBOTSTXT_OBEY is True
    assert scrapy_settings.HTTPCACHE_ENABLED is False
    assert scrapy_settings.TWISTED_REACTOR.endswith("AsyncioSelectorReactor")
    stages = scrapy_settings.ITEM_PIPELINES
    assert [stages[k] for k in ("pipeline.stages.extract.ExtractStage",
                                "pipeline.stages.classify.ClassifyStage",
                                "pipeline.stages.store.StoreStage")] == [300, 400, 500]


def test_config_becomes_settings():
    config = validate({"general": {"contact_url": "https://example.org/contact"},
                       "crawl": {"download_timeout": 12, "max_response_bytes": 2_000_000,
                                 "default_rate_per_minute": 30,
                                 "rate_limits": {"graphql.anilist.co": 30, "fast.example": 600}}})
    settings = config_settings(config)
    assert settings["USER_AGENT"] == f"renewal-watch/{__version__} (+https://example.org/contact)"
    assert settings["DOWNLOAD_TIMEOUT"] == 12
    assert (settings["DOWNLOAD_MAXSIZE"], settings["DOWNLOAD_WARNSIZE"]) == (2_000_000, 1_000_000)
    assert settings["DOWNLOAD_DELAY"] == settings["AUTOTHROTTLE_START_DELAY"] == 2.0
    assert settings["DOWNLOAD_SLOTS"]["graphql.anilist.co"]["delay"] == 2.0
    assert settings["DOWNLOAD_SLOTS"]["fast.example"]["delay"] == 0.1
    assert settings["DOWNLOAD_SLOTS"]["fast.example"]["jitter"] == 0.0


def test_shipped_defaults_rate_limit_anilist_to_30_per_minute():
    slots = config_settings(load_config(None))["DOWNLOAD_SLOTS"]
    assert slots["graphql.anilist.co"]["delay"] == 2.0
    assert slots["api.jikan.moe"]["delay"] == 1.0


def test_addon_applies_config_under_project_settings():
    config = validate({"crawl": {"download_timeout": 7}})
    settings = Settings()
    settings.setmodule(scrapy_settings, priority="project")
    settings.set("RW_CONFIG", Shared(config), priority="cmdline")
    ConfigAddon().update_settings(settings)
    assert settings.getint("DOWNLOAD_TIMEOUT") == 7
    assert config_from_settings(settings) is config
    # Scrapy deep-copies settings per crawler: the shared value must stay one object.
    assert copy.deepcopy(settings)["RW_CONFIG"].value is config


def test_scrapy_commands_work_in_a_checkout(tmp_path):
    import os
    import subprocess
    import sys
    from pathlib import Path

    from sqlalchemy import func, select

    from renewal_watch.db import open_database
    from renewal_watch.models import Article
    from tests.conftest import REPO
    from tests.crawlkit import NOW, feed_source, rss, site_server, write_config

    scrapy = str(Path(sys.executable).parent / "scrapy")
    listed = subprocess.run([scrapy, "list"], cwd=REPO, capture_output=True, text=True,
                            check=True).stdout.split()
    assert listed == ["anilist", "ann_encyclopedia", "feed", "jikan", "sitemap"]
    db_url = f"sqlite:///{tmp_path / 'db.sqlite3'}"
    with site_server() as site:
        site.set("/feed.xml", rss(site.base_url, [("/news/studio-roundup.html", "Roundup", NOW)]))
        config = write_config(tmp_path / "config.toml", [feed_source("site", site.url("/feed.xml"))])
        env = {**os.environ, "RENEWAL_WATCH_CONFIG": str(config), "RENEWAL_WATCH_DB": db_url}
        done = subprocess.run([scrapy, "crawl", "feed", "-a", "source=site", "-s", "LOG_LEVEL=WARNING"],
                              cwd=REPO, env=env, capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr[-2000:]
    db = open_database(db_url)
    try:
        with db.session() as s:
            assert s.scalar(select(func.count()).select_from(Article)) == 1
    finally:
        db.dispose()

"""Helpers for the daemon tests: a config file, a real daemon process, waiting for conditions."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import tomlkit

from renewal_watch.config import load_defaults

BIN = Path(sys.executable).parent / "renewal-watch"


def write_config(path: Path, *, sources: list[dict[str, Any]] = (), daemon: dict | None = None,
                 crawl: dict | None = None, channels: list[dict[str, Any]] = (),
                 retention: dict | None = None) -> Path:
    """A user config: every shipped source off, the console channel off, then what is given.

    Daemon defaults suit tests: no jitter, intervals down to one second, failure threshold 2.
    """
    defaults = load_defaults()
    doc: dict[str, Any] = {
        "daemon": {"jitter": 0, "min_interval": 1, "grace_period": 20, "failure_threshold": 2,
                   **(daemon or {})},
        "crawl": {"time_limit": 60, "retry_times": 0, "download_timeout": 5,
                  "default_rate_per_minute": 6000, **(crawl or {})},
        "source": [{"name": s["name"], "enabled": False} for s in defaults["source"]]
        + list(sources),
        "channel": [{"name": "console", "enabled": False}, *channels],
    }
    if retention:
        doc["retention"] = retention
    path.write_text(tomlkit.dumps(doc), encoding="utf-8")
    return path


def feed_source(name: str, url: str, interval: int = 1, **extra: Any) -> dict[str, Any]:
    return {"name": name, "type": "feed", "urls": [url], "trust": "trade",
            "schedule": {"interval": interval}, **extra}


class DaemonProcess:
    """`renewal-watch daemon` as a real child process, logging to a file."""

    def __init__(self, config: Path, db_url: str, log: Path, *args: str):
        self.log = log
        self._out = log.open("ab")
        self.proc = subprocess.Popen(
            [str(BIN), "-v", "daemon", "--config", str(config), "--db", db_url, *args],
            stdout=self._out, stderr=subprocess.STDOUT, env={**os.environ, "NO_COLOR": "1"})

    @property
    def pid(self) -> int:
        return self.proc.pid

    def terminate(self, timeout: float = 60) -> int:
        """SIGTERM, then wait for the exit code."""
        self.proc.send_signal(signal.SIGTERM)
        return self.wait(timeout)

    def kill(self) -> None:
        self.proc.kill()
        self.proc.wait(10)

    def wait(self, timeout: float = 60) -> int:
        try:
            return self.proc.wait(timeout)
        finally:
            self._out.close()

    def output(self) -> str:
        return self.log.read_text("utf-8", errors="replace")

    def close(self) -> None:
        if self.proc.poll() is None:
            self.proc.kill()
            self.proc.wait(10)
        self._out.close()


def run_cli(*args: str, timeout: float = 120) -> subprocess.CompletedProcess[str]:
    return subprocess.run([str(BIN), *args], capture_output=True, text=True, timeout=timeout,
                          check=False)


def status(config: Path, db_url: str) -> dict[str, Any]:
    result = run_cli("status", "--json", "--config", str(config), "--db", db_url)
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)


def wait_for(predicate: Callable[[], Any], timeout: float = 30, every: float = 0.2,
             what: str = "condition") -> Any:
    """Poll until `predicate()` is truthy; return its value (fail the test on timeout)."""
    end = time.monotonic() + timeout
    while True:
        value = predicate()
        if value:
            return value
        if time.monotonic() > end:
            raise AssertionError(f"timed out after {timeout} s waiting for {what}")
        time.sleep(every)


# --------------------------------------------------------------------------------------------
# A small news site written for these tests (served by renewal_watch.mirror.MirrorServer)
# --------------------------------------------------------------------------------------------

ARTICLE_HTML = """<!doctype html><html lang="en"><head><meta charset="utf-8">
<title>{headline}</title></head><body><article><h1>{headline}</h1>
<p>Published {date}. {body}</p>
<p>This paragraph is filler written for the renewal-watch daemon tests, long enough for the
extractor to take it for an article body rather than page chrome.</p></article></body></html>
"""


def article_page(headline: str, body: str) -> str:
    import datetime as dt

    return ARTICLE_HTML.format(headline=headline, body=body,
                               date=dt.datetime.now(dt.UTC).date().isoformat())


def rss_feed(base_url: str, items: list[tuple[str, str]], title: str = "Test News") -> str:
    """An RSS 2.0 feed of (path, headline) items, all published just now."""
    import datetime as dt
    import email.utils
    from xml.sax.saxutils import escape

    now = dt.datetime.now(dt.UTC)
    entries = "".join(
        f"<item><title>{escape(headline)}</title><link>{base_url}{path}</link>"
        f"<guid>{base_url}{path}</guid>"
        f"<pubDate>{email.utils.format_datetime(now - dt.timedelta(minutes=n))}</pubDate>"
        f"<description>{escape(headline)}</description></item>"
        for n, (path, headline) in enumerate(items))
    return (f'<?xml version="1.0" encoding="utf-8"?><rss version="2.0"><channel>'
            f"<title>{escape(title)}</title><link>{base_url}/</link>"
            f"<description>test feed</description>{entries}</channel></rss>")


def publish(site, n: int, prefix: str = "/news", feed_path: str = "/feed.xml") -> None:
    """Serve `n` articles under `prefix` and a feed listing them (newest first)."""
    items = []
    for i in range(n):
        path = f"{prefix}/{i}.html"
        headline = f"Studio news number {i}"
        site.set(path, article_page(headline, f"Story {i}: a studio announced a new project."))
        items.append((path, headline))
    site.set(feed_path, rss_feed(site.base_url, list(reversed(items))),
             content_type="application/rss+xml")

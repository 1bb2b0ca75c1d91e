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

"""The daemon as a real process: lock, signals, --once, crawls against a loopback mirror."""

from __future__ import annotations

import pytest
from daemonkit import DaemonProcess, run_cli, status, wait_for, write_config

pytestmark = pytest.mark.slow


@pytest.fixture
def daemons(db):
    """Started daemons, killed at the end if a test left one running.

    Uses `db` so the database is migrated before two processes open it at once (concurrent
    first-use migrations race on PostgreSQL).
    """
    started: list[DaemonProcess] = []
    yield started
    for daemon in started:
        daemon.close()


def _start(daemons, config, db_url, tmp_path, *args, name="daemon"):
    daemon = DaemonProcess(config, db_url, tmp_path / f"{name}-{len(daemons)}.log", *args)
    daemons.append(daemon)
    return daemon


def _running(config, db_url):
    return status(config, db_url)["daemon"].get("running")


# --------------------------------------------------------------------------------------------
# Lifecycle without crawls
# --------------------------------------------------------------------------------------------


def test_second_daemon_refuses_then_sigterm_exits_zero(db_url, tmp_path, daemons):
    config = write_config(tmp_path / "config.toml")
    first = _start(daemons, config, db_url, tmp_path)
    wait_for(lambda: _running(config, db_url), what="first daemon running")
    second = run_cli("daemon", "--config", str(config), "--db", db_url, timeout=60)
    assert second.returncode == 3
    assert "another renewal-watch daemon is running" in second.stderr
    assert f"pid {first.pid}" in second.stderr
    assert first.terminate() == 0, first.output()
    assert status(config, db_url)["daemon"] == {"running": False}


def test_lock_of_a_killed_daemon_is_taken_over(db_url, tmp_path, daemons):
    config = write_config(tmp_path / "config.toml")
    first = _start(daemons, config, db_url, tmp_path)
    wait_for(lambda: _running(config, db_url), what="first daemon running")
    first.kill()  # kill -9: the lock row stays behind
    daemon = status(config, db_url)["daemon"]
    assert daemon["running"] is False and daemon["stale_lock"] is True
    second = _start(daemons, config, db_url, tmp_path)
    wait_for(lambda: status(config, db_url)["daemon"].get("pid") == second.pid,
             what="second daemon holding the lock")
    assert "took over the daemon lock" in second.output()
    assert second.terminate() == 0


def test_once_without_due_work_exits_zero(db_url, tmp_path, db):
    config = write_config(tmp_path / "config.toml")
    result = run_cli("daemon", "--once", "--config", str(config), "--db", db_url)
    assert result.returncode == 0, result.stderr
    jobs = status(config, db_url)["jobs"]
    assert {"alerts:deliver", "housekeeping", "alerts:digest:daily"} <= set(jobs)
    assert all(job["last_ok_at"] for job in jobs.values())


def test_bad_config_exits_two(tmp_path):
    bad = tmp_path / "bad.toml"
    bad.write_text("[daemon]\nmin_interval = 'soon'\n")
    result = run_cli("daemon", "--config", str(bad), "--db", str(tmp_path / "x.sqlite3"))
    assert result.returncode == 2
    assert "daemon.min_interval" in result.stderr

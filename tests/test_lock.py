"""The daemon lock on SQLite and PostgreSQL (the real-process tests are in test_scheduler)."""

from __future__ import annotations

import datetime as dt
import os
import subprocess
import sys
import time

import pytest

from renewal_watch.exceptions import DaemonAlreadyRunning
from renewal_watch.lock import DaemonLockHolder, LockInfo, is_dead, lock_status, read_lock
from renewal_watch.models import DaemonLock, utcnow


@pytest.fixture
def live_pid():
    """The pid of a real process that stays alive during the test."""
    proc = subprocess.Popen([sys.executable, "-c", "import time; time.sleep(60)"])
    yield proc.pid
    proc.kill()
    proc.wait()


@pytest.fixture
def dead_pid():
    proc = subprocess.Popen([sys.executable, "-c", "pass"])
    proc.wait()
    return proc.pid


def _plant(db, *, pid, host=None, heartbeat_age=0.0):
    """A lock row as another daemon would have left it."""
    from renewal_watch.lock import this_host

    now = utcnow()
    with db.transaction() as s:
        s.add(DaemonLock(id=1, owner="other", host=host or this_host(), pid=pid,
                         started_at=now - dt.timedelta(hours=1),
                         heartbeat_at=now - dt.timedelta(seconds=heartbeat_age)))


def test_free_lock_is_taken_heartbeats_and_released(db):
    holder = DaemonLockHolder(db)
    assert holder.acquire() is None
    assert read_lock(db).owner == holder.owner
    assert holder.heartbeat()
    status = lock_status(db)
    assert status["running"] is True and status["pid"] == holder.pid
    holder.release()
    assert read_lock(db) is None
    assert lock_status(db) == {"running": False}


def test_live_holder_refuses_second_daemon_with_clear_message(db, live_pid):
    _plant(db, pid=live_pid)
    with pytest.raises(DaemonAlreadyRunning, match=f"pid {live_pid} on host") as exc:
        DaemonLockHolder(db).acquire()
    assert exc.value.exit_code == 3
    assert read_lock(db).owner == "other"


def test_dead_pid_on_same_host_is_taken_over_at_once(db, dead_pid):
    _plant(db, pid=dead_pid)
    assert lock_status(db)["running"] is False
    holder = DaemonLockHolder(db)
    previous = holder.acquire()
    assert previous.pid == dead_pid
    assert read_lock(db).owner == holder.owner


def test_other_host_is_trusted_until_heartbeat_is_stale(db):
    _plant(db, pid=1, host="elsewhere.example", heartbeat_age=10)
    with pytest.raises(DaemonAlreadyRunning):
        DaemonLockHolder(db, stale_after=60).acquire()
    holder = DaemonLockHolder(db, stale_after=5)
    assert holder.acquire().host == "elsewhere.example"


def test_taken_over_holder_notices_on_heartbeat(db):
    first = DaemonLockHolder(db)
    first.acquire()
    with db.transaction() as s:  # its heartbeat went stale; a second daemon takes over
        s.get(DaemonLock, 1).heartbeat_at = utcnow() - dt.timedelta(hours=1)
    second = DaemonLockHolder(db)
    second.acquire()
    assert first.heartbeat() is False
    first.release()  # must not release someone else's lock
    assert read_lock(db).owner == second.owner


def test_own_pid_on_same_host_is_a_previous_incarnation():
    now = utcnow()
    info = LockInfo("x", "h", 1, now, now)
    assert is_dead(info, now, host="h", own_pid=1)
    assert not is_dead(info, now, host="other", own_pid=1)


@pytest.mark.skipif(not os.path.exists("/proc/self/stat"), reason="needs Linux /proc")
def test_zombie_is_not_alive():
    from renewal_watch.lock import pid_alive

    proc = subprocess.Popen([sys.executable, "-c", "pass"])
    # Not reaped yet: a zombie until wait(); kill(pid, 0) still succeeds on it. (A loaded
    # machine may take seconds to start and end the child: wait with a generous deadline.)
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if os.path.exists(f"/proc/{proc.pid}") and not pid_alive(proc.pid):
            break
        time.sleep(0.05)
    try:
        assert not pid_alive(proc.pid)
    finally:
        proc.wait()

"""The daemon lock: one daemon per database, that a crashed daemon never leaves stuck.

The lock is the single `daemon_lock` row (id 1), kept alive by a heartbeat. Taking it is an
INSERT (the primary key makes a second one fail on SQLite and PostgreSQL alike); taking over a
dead owner's lock is a compare-and-set UPDATE on its owner token, so two daemons racing for a
stale lock cannot both win. A lock is dead when its heartbeat is older than `stale_after`, or
at once when its pid is gone on this host (a `kill -9` followed by a restart).
"""

from __future__ import annotations

import datetime as dt
import logging
import os
import socket
import uuid
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import delete, select, update
from sqlalchemy.exc import IntegrityError

from renewal_watch.db import Database
from renewal_watch.exceptions import DaemonAlreadyRunning
from renewal_watch.models import DaemonLock, utcnow

logger = logging.getLogger(__name__)

LOCK_ID = 1
# The owner refreshes its heartbeat this often ...
HEARTBEAT_SECONDS = 15
# ... and another daemon (on another host, where the pid cannot be checked) takes the lock over
# once it is this old. Much longer than the heartbeat: on SQLite a heartbeat write may wait up
# to the busy timeout (30 s) behind a crawl's write.
STALE_AFTER_SECONDS = 120


@dataclass(frozen=True)
class LockInfo:
    """Who holds the lock."""

    owner: str
    host: str
    pid: int
    started_at: dt.datetime
    heartbeat_at: dt.datetime


def this_host() -> str:
    return socket.gethostname()


def pid_alive(pid: int) -> bool:
    """Whether a process with this pid runs on this host (a zombie does not)."""
    if pid <= 0:
        return False
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:  # exists, owned by someone else
        pass
    except OSError:
        return False
    return not _is_zombie(pid)


def _is_zombie(pid: int) -> bool:
    """Linux: a killed process whose parent has not reaped it yet (common in containers
    without an init) still answers kill(pid, 0) but is dead."""
    try:
        stat = Path(f"/proc/{pid}/stat").read_text()
    except OSError:
        return False
    fields = stat.rsplit(")", 1)[-1].split()
    return bool(fields) and fields[0] in {"Z", "X"}


def is_dead(info: LockInfo, now: dt.datetime, *, stale_after: float = STALE_AFTER_SECONDS,
            host: str | None = None, own_pid: int | None = None) -> bool:
    """Whether the holder of `info` is gone: stale heartbeat, or (same host) its pid is dead.

    On the same host our own pid means a previous incarnation (a container restarts its daemon
    as pid 1 every time): that holder is gone too.
    """
    if (now - info.heartbeat_at).total_seconds() > stale_after:
        return True
    host = this_host() if host is None else host
    own_pid = os.getpid() if own_pid is None else own_pid
    if info.host == host:
        return info.pid == own_pid or not pid_alive(info.pid)
    return False


def read_lock(db: Database) -> LockInfo | None:
    """The current holder, or None."""
    with db.session() as s:
        row = s.get(DaemonLock, LOCK_ID)
        if row is None:
            return None
        return LockInfo(row.owner, row.host, row.pid, row.started_at, row.heartbeat_at)


def _describe(info: LockInfo, now: dt.datetime) -> str:
    age = int((now - info.heartbeat_at).total_seconds())
    return (f"pid {info.pid} on host {info.host}, running since "
            f"{info.started_at:%Y-%m-%d %H:%M:%S} UTC, last heartbeat {age} s ago")


class DaemonLockHolder:
    """Our hold on the lock: `acquire()`, then `heartbeat()` regularly, `release()` at exit."""

    def __init__(self, db: Database, *, stale_after: float = STALE_AFTER_SECONDS):
        self.db = db
        self.stale_after = stale_after
        self.owner = uuid.uuid4().hex
        self.host = this_host()
        self.pid = os.getpid()

    def acquire(self) -> LockInfo | None:
        """Take the lock; return the dead holder it took over (None if it was free).

        Raises DaemonAlreadyRunning when a live daemon holds it.
        """
        now = utcnow()
        try:
            with self.db.transaction() as s:
                s.add(DaemonLock(id=LOCK_ID, owner=self.owner, host=self.host, pid=self.pid,
                                 started_at=now, heartbeat_at=now))
            return None
        except IntegrityError:
            pass
        held = read_lock(self.db)
        if held is None:  # released between our INSERT and SELECT: try once more
            return self.acquire()
        if not is_dead(held, now, stale_after=self.stale_after, host=self.host,
                       own_pid=self.pid):
            raise DaemonAlreadyRunning(
                f"another renewal-watch daemon is running on {self.db.url} "
                f"({_describe(held, now)}); stop it first")
        with self.db.transaction() as s:
            taken = s.execute(
                update(DaemonLock)
                .where(DaemonLock.id == LOCK_ID, DaemonLock.owner == held.owner)
                .values(owner=self.owner, host=self.host, pid=self.pid, started_at=now,
                        heartbeat_at=now)
                .execution_options(synchronize_session=False)).rowcount
        if taken != 1:
            current = read_lock(self.db)
            detail = _describe(current, now) if current else "it was just taken"
            raise DaemonAlreadyRunning(
                f"another renewal-watch daemon took the lock on {self.db.url} first ({detail})")
        logger.warning("took over the daemon lock from a dead daemon (%s)", _describe(held, now))
        return held

    def heartbeat(self) -> bool:
        """Refresh our heartbeat; False when the lock is no longer ours (taken over)."""
        with self.db.transaction() as s:
            rows = s.execute(
                update(DaemonLock)
                .where(DaemonLock.id == LOCK_ID, DaemonLock.owner == self.owner)
                .values(heartbeat_at=utcnow())
                .execution_options(synchronize_session=False)).rowcount
        return rows == 1

    def release(self) -> None:
        """Give the lock up (only if it is still ours)."""
        with self.db.transaction() as s:
            s.execute(delete(DaemonLock).where(DaemonLock.id == LOCK_ID,
                                               DaemonLock.owner == self.owner))


def lock_status(db: Database, now: dt.datetime | None = None) -> dict[str, object]:
    """For `status`: whether a daemon is running (a dead holder's lock means not running)."""
    now = now or utcnow()
    with db.session() as s:
        row = s.scalars(select(DaemonLock).where(DaemonLock.id == LOCK_ID)).first()
        info = (LockInfo(row.owner, row.host, row.pid, row.started_at, row.heartbeat_at)
                if row else None)
    if info is None:
        return {"running": False}
    dead = is_dead(info, now, own_pid=-1)
    return {"running": not dead, "stale_lock": dead, "pid": info.pid, "host": info.host,
            "since": info.started_at.isoformat(), "heartbeat_at": info.heartbeat_at.isoformat(),
            "heartbeat_age_seconds": round((now - info.heartbeat_at).total_seconds(), 1)}

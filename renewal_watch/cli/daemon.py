"""`renewal-watch daemon`: run the scheduler (crawls, deliveries, digests, housekeeping)."""

from __future__ import annotations

import logging
import os
import sys
from pathlib import Path

import click

from renewal_watch.cli._common import config_option, db_option, fail
from renewal_watch.exceptions import RenewalWatchError

logger = logging.getLogger(__name__)

# Loggers that are chatty at INFO (APScheduler logs every job start and end, Alembic its
# plugins each time the database is opened).
QUIET_LOGGERS = ("apscheduler.executors", "apscheduler.scheduler", "alembic")
# The optional log file rotates at this size, keeping this many old files.
LOG_FILE_BYTES = 10_000_000
LOG_FILE_BACKUPS = 5


def _setup_logging(log_file: str | None) -> None:
    root = logging.getLogger()
    # A daemon's INFO lines (runs, backoffs, health) are its record: on unless -v asked more.
    if root.level > logging.INFO or root.level == logging.NOTSET:
        root.setLevel(logging.INFO)
    if root.level > logging.DEBUG:
        for name in QUIET_LOGGERS:
            logging.getLogger(name).setLevel(logging.WARNING)
    if log_file:
        log_to_file(log_file, root.level)


def log_to_file(path: str | os.PathLike[str], level: int = logging.INFO) -> logging.Handler:
    """Add a rotating log file to the root logger (10 MB x 5); returns the handler."""
    from logging.handlers import RotatingFileHandler

    target = Path(path).expanduser()
    target.parent.mkdir(parents=True, exist_ok=True)
    handler = RotatingFileHandler(target, maxBytes=LOG_FILE_BYTES, backupCount=LOG_FILE_BACKUPS,
                                  encoding="utf-8")
    handler.setLevel(level)
    handler.setFormatter(logging.Formatter(
        "%(asctime)s %(levelname)s %(process)d %(name)s: %(message)s"))
    logging.getLogger().addHandler(handler)
    return handler


@click.command("daemon")
@config_option
@db_option
@click.option("--once", is_flag=True,
              help="Run every due job once and exit (for cron or a systemd timer).")
@click.option("--log-file", type=click.Path(dir_okay=False),
              help="Also log to this file, rotated at 10 MB (default: [daemon] log_file).")
def daemon_command(config_path: str | None, db_url: str | None, once: bool,
                   log_file: str | None) -> None:
    """Crawl every enabled source on its schedule, deliver alerts, send digests.

    Logs go to stderr (and to --log-file). SIGTERM or Ctrl+C stops it cleanly: a running crawl
    may finish within [daemon] grace_period. Exit codes: 0 stopped cleanly, 2 bad
    configuration, 3 another daemon is running on this database.

    \b
    Example:
      renewal-watch daemon --config ~/.config/renewal-watch/config.toml
      renewal-watch daemon --once        # from cron or a systemd timer
    """
    from renewal_watch.config import database_url, load_config

    try:
        config = load_config(config_path)
        _setup_logging(log_file or config.daemon.log_file or None)
        from scheduler import Daemon

        daemon = Daemon(config, database_url(config, db_url), config.path, once=once)
        code = daemon.run()
    except RenewalWatchError as exc:
        fail(exc)
    sys.exit(code)

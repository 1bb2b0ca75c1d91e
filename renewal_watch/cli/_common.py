"""Options and error handling shared by the crawl, sources, db and config commands."""

from __future__ import annotations

from typing import NoReturn

import click

from renewal_watch.exceptions import RenewalWatchError

config_option = click.option(
    "--config", "config_path", type=click.Path(dir_okay=False), metavar="FILE",
    help="Configuration file (default: $RENEWAL_WATCH_CONFIG, then the user config file).")
db_option = click.option(
    "--db", "db_url", metavar="URL",
    help="Database URL or SQLite path (default: $RENEWAL_WATCH_DB, then [database] url).")


def fail(exc: RenewalWatchError | str, exit_code: int = 1) -> NoReturn:
    """Leave with a clean one-line message (no traceback) and the error's exit code."""
    err = click.ClickException(str(exc))
    err.exit_code = exc.exit_code if isinstance(exc, RenewalWatchError) else exit_code
    raise err


def when(value: object) -> str:
    """A datetime (or ISO string) as 'YYYY-MM-DD HH:MM' UTC; '-' when absent."""
    if value is None:
        return "-"
    text = value.isoformat() if hasattr(value, "isoformat") else str(value)
    return text[:16].replace("T", " ")

"""Helpers shared by the review commands (`alerts`, `watch`, `reclassify`).

Output is a rich table on a terminal and plain tab-separated lines otherwise (for pipes and
scripts); `--json` where offered. Every piece of scraped text shown goes through `safe()`:
control and bidi characters removed, length bounded, and it reaches rich only as a `Text`
(never parsed as markup), so a headline cannot restyle or rewrite the terminal.
"""

from __future__ import annotations

import datetime as dt
import json
import sys
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from typing import Any, NoReturn

import click

from renewal_watch.exceptions import RenewalWatchError

# Longest cell shown in a table; details (`alerts show`) allow more.
MAX_CELL_CHARS = 120


def fail(exc: RenewalWatchError) -> NoReturn:
    """Map a library error to a clean CLI error with its exit code."""
    err = click.ClickException(str(exc))
    err.exit_code = exc.exit_code
    raise err


def config_options(func: Callable[..., Any]) -> Callable[..., Any]:
    """Add --config and --db (the same meaning as in every command)."""
    func = click.option("--db", "db_url", metavar="URL",
                        help="Database URL or SQLite path (default: $RENEWAL_WATCH_DB, the "
                             "config, or the user data directory).")(func)
    return click.option("--config", "config_path", type=click.Path(dir_okay=False),
                        help="Configuration file (default: $RENEWAL_WATCH_CONFIG or the "
                             "user config).")(func)


@contextmanager
def opened(config_path: str | None, db_url: str | None) -> Iterator[tuple[Any, Any]]:
    """(config, database) for one command; errors become clean CLI errors."""
    from renewal_watch.config import database_url, load_config
    from renewal_watch.db import open_database

    try:
        config = load_config(config_path)
        db = open_database(database_url(config, db_url))
    except RenewalWatchError as exc:
        fail(exc)
    try:
        yield config, db
    except RenewalWatchError as exc:
        fail(exc)
    finally:
        db.dispose()


def parse_age(value: str | None, option: str = "--since") -> dt.datetime | None:
    """ "7d", "12h", "2w" back from now, or an ISO date (UTC when it has no zone)."""
    from renewal_watch.config import parse_duration

    if not value:
        return None
    now = dt.datetime.now(dt.UTC)
    try:
        return now - dt.timedelta(seconds=parse_duration(value))
    except ValueError:
        pass
    try:
        when = dt.datetime.fromisoformat(value)
    except ValueError:
        raise click.BadParameter(f"{value!r} is neither an age (7d, 12h, 2w) nor a date "
                                 "(2025-01-31)", param_hint=option) from None
    return when if when.tzinfo else when.replace(tzinfo=dt.UTC)


def safe(value: object, limit: int = MAX_CELL_CHARS) -> str:
    """Untrusted text made printable: no control characters, one line, bounded."""
    from renewal_watch.alerts.messages import clean

    return clean("" if value is None else value, limit)


def is_tty() -> bool:
    return sys.stdout.isatty()


def emit_json(data: Any) -> None:
    click.echo(json.dumps(data, indent=2, ensure_ascii=False, default=str))


def table(headers: Sequence[str], rows: Sequence[Sequence[object]], *, title: str | None = None,
          limit: int = MAX_CELL_CHARS) -> None:
    """A rich table on a terminal, tab-separated lines otherwise (cells cleaned either way)."""
    cells = [[safe(c, limit) for c in row] for row in rows]
    if not is_tty():
        click.echo("\t".join(headers))
        for row in cells:
            click.echo("\t".join(row))
        return
    from rich.console import Console
    from rich.table import Table
    from rich.text import Text

    out = Table(title=Text(title) if title else None, show_lines=False)
    for header in headers:
        out.add_column(Text(header))
    for row in cells:
        out.add_row(*(Text(c) for c in row))
    Console().print(out)


def lines(pairs: Sequence[tuple[str, object]], *, limit: int = 500) -> None:
    """ "label: value" lines (values cleaned), aligned."""
    width = max((len(k) for k, _ in pairs), default=0)
    for key, value in pairs:
        click.echo(f"{key + ':':<{width + 1}} {safe(value, limit)}")


def when(value: dt.datetime | str | None) -> str:
    """ '2025-03-01 12:00' (UTC) or '-'."""
    if value is None:
        return "-"
    text = value.isoformat() if isinstance(value, dt.datetime) else value
    return text[:16].replace("T", " ")

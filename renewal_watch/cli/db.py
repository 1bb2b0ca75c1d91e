"""`renewal-watch db`: database maintenance."""

from __future__ import annotations

import click

from renewal_watch.cli._common import config_option, db_option, fail
from renewal_watch.exceptions import RenewalWatchError


@click.group("db")
def db_group() -> None:
    """Database maintenance (migrations).

    \b
    Example:
      renewal-watch db upgrade --db postgresql://rw@localhost/rw
    """


@db_group.command("upgrade")
@db_option
@config_option
def upgrade_command(db_url: str | None, config_path: str | None) -> None:
    """Apply the database migrations up to the newest (safe to run again).

    The database is also migrated on first use; run this after upgrading renewal-watch to
    migrate at a moment of your choosing.

    \b
    Example:
      renewal-watch db upgrade --db ~/renewal-watch.sqlite3
    """
    from renewal_watch.config import database_url, load_config
    from renewal_watch.db import current_revision, head_revision, make_engine, upgrade

    try:
        config = load_config(config_path) if config_path else None
        engine = make_engine(database_url(config, db_url))
        try:
            before = current_revision(engine)
            upgrade(engine)
            after = current_revision(engine)
            where = engine.url.render_as_string(hide_password=True)
        finally:
            engine.dispose()
    except RenewalWatchError as exc:
        fail(exc)
    except Exception as exc:  # an unreachable server, bad credentials: say so plainly
        fail(f"cannot upgrade the database: {exc}")
    if before == after:
        click.echo(f"{where}: already at {after} (head {head_revision()})")
    else:
        click.echo(f"{where}: upgraded from {before or 'empty'} to {after}")

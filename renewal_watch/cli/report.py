"""`renewal-watch report`: write a report (HTML, Markdown, JSON or an Atom feed of alerts)."""

from __future__ import annotations

import datetime as dt
import os
import sys
import tempfile
from pathlib import Path

import click

from renewal_watch.cli._common import config_option, db_option, fail
from renewal_watch.exceptions import RenewalWatchError

FORMAT_CHOICES = ("html", "md", "json", "atom")



def parse_since(value: str | None) -> dt.datetime | dt.timedelta | None:
    """A duration back from now ("30d", "12h", "2w") or an ISO date/time (UTC if no zone)."""
    from renewal_watch.config import parse_duration

    if not value:
        return None
    try:
        return dt.timedelta(seconds=parse_duration(value))
    except ValueError:
        pass
    try:
        when = dt.datetime.fromisoformat(value)
    except ValueError:
        raise click.BadParameter(
            f"{value!r} is neither a duration (30d, 12h, 2w) nor a date (2026-01-31)",
            param_hint="--since") from None
    return when if when.tzinfo else when.replace(tzinfo=dt.UTC)


def write_atomically(path: Path, text: str) -> None:
    """Write `text` to `path` via a temporary file and rename, so readers never see half."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", dir=path.parent)
    try:
        with os.fdopen(fd, "w", encoding="utf-8", newline="") as fh:
            fh.write(text)
        Path(tmp).replace(path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


@click.command("report")
@click.option("--since", "since_text", metavar="AGE|DATE",
              help="Only alerts updated, and mentions published, since then: 30d, 12h, 2w or "
                   "a date like 2026-01-31. Default: everything.")
@click.option("--title", "title", metavar="TITLE",
              help="Only this watched title (key, name or alias).")
@click.option("--format", "fmt", type=click.Choice(FORMAT_CHOICES), required=True,
              help="html: one self-contained page; md: Markdown; json: the machine format; "
                   "atom: an Atom feed of alerts for a feed reader.")
@click.option("--out", "out", type=click.Path(dir_okay=False, path_type=Path),
              help="Write to this file (replaced atomically). Default: standard output.")
@click.option("--report-title", "heading", metavar="TEXT", help="Page or feed title.")
@config_option
@db_option
def report_command(since_text: str | None, title: str | None, fmt: str, out: Path | None,
                   heading: str | None, config_path: str | None, db_url: str | None) -> None:
    """Write a report: per title the believed status against its baseline and its history,
    alerts with their evidence and sources, mentions per week, and source health.

    \b
    Example:
      renewal-watch report --since 30d --format html --out report.html
    """
    from renewal_watch.config import database_url, load_config
    from renewal_watch.db import open_database
    from renewal_watch.report import build_report, render

    since = parse_since(since_text)
    try:
        config = load_config(config_path)
        db = open_database(database_url(config, db_url))
        try:
            text = render(build_report(db, config, since=since, title=title), fmt, title=heading)
        finally:
            db.dispose()
    except RenewalWatchError as exc:
        fail(exc)
    if out is None:
        # Bytes, so a report is UTF-8 whatever the terminal's locale says.
        buffer = getattr(sys.stdout, "buffer", None)
        if buffer is None:
            click.echo(text, nl=False)
        else:
            sys.stdout.flush()
            buffer.write(text.encode("utf-8"))
            buffer.flush()
        return
    write_atomically(out, text)
    click.echo(f"wrote {fmt} report to {out}", err=True)

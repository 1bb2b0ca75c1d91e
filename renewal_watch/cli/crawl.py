"""`renewal-watch crawl`: crawl sources once, now, in a child process with a time limit."""

from __future__ import annotations

import sys
from typing import Any

import click

from renewal_watch.cli._common import config_option, db_option, fail
from renewal_watch.exceptions import CrawlFailed, RenewalWatchError

# Columns of the summary table: (heading, crawl_runs count).
SUMMARY_COLUMNS = (("REQ", "requests"), ("200", "responses_200"), ("304", "responses_304"),
                   ("4XX", "responses_4xx"), ("5XX", "responses_5xx"), ("ITEMS", "items"),
                   ("NEW", "articles_new"), ("CHANGED", "articles_changed"),
                   ("ERR", "errors"))


class _Progress:
    """Live per-source progress: a rich table on a terminal, one line per finished source
    otherwise (logs and CI)."""

    def __init__(self, sources: list[str], live: bool) -> None:
        self.rows: dict[str, dict[str, Any]] = {s: {"state": "waiting"} for s in sources}
        self.live = None
        if live:
            from rich.live import Live

            self.live = Live(self._table(), refresh_per_second=4, transient=True)

    def _table(self) -> Any:
        from rich.table import Table

        table = Table(title="Crawling", show_edge=False)
        for heading in ("SOURCE", "STATE", "REQUESTS", "ITEMS", "ERRORS"):
            table.add_column(heading, justify="left" if heading in ("SOURCE", "STATE")
                             else "right")
        for name, row in self.rows.items():
            state = row["state"] if row["state"] != "done" else row.get("status", "done")
            table.add_row(name, state, str(row.get("requests", "")),
                          str(row.get("items", "")), str(row.get("errors", "")))
        return table

    def __call__(self, event: dict[str, Any]) -> None:
        name = event.get("source")
        if name not in self.rows:
            return
        self.rows[name] = event
        if self.live is not None:
            self.live.update(self._table())
        elif event.get("state") == "done":
            click.echo(f"{name}: {event.get('status')} (requests {event.get('requests', 0)}, "
                       f"items {event.get('items', 0)}, errors {event.get('errors', 0)})")

    def __enter__(self) -> _Progress:
        if self.live is not None:
            self.live.start()
        return self

    def __exit__(self, *exc: object) -> None:
        if self.live is not None:
            self.live.stop()


def summary_table(runs: list[Any], rich_output: bool) -> None:
    """Print one row per source: status, counts, error."""
    if rich_output:
        from rich.console import Console
        from rich.table import Table

        table = Table(title="Crawl summary", show_edge=False)
        table.add_column("SOURCE")
        table.add_column("STATUS")
        for heading, _ in SUMMARY_COLUMNS:
            table.add_column(heading, justify="right")
        table.add_column("ERROR", overflow="fold")
        for run in runs:
            style = "green" if run.status == "ok" else "red"
            table.add_row(run.source, f"[{style}]{run.status}[/]",
                          *(str(run.counts.get(c, 0)) for _, c in SUMMARY_COLUMNS),
                          (run.error or "")[:200])
        Console().print(table)
        return
    header = f"{'SOURCE':<24} {'STATUS':<8} " + " ".join(f"{h:>7}" for h, _ in SUMMARY_COLUMNS)
    click.echo(header)
    for run in runs:
        counts = " ".join(f"{run.counts.get(c, 0):>7}" for _, c in SUMMARY_COLUMNS)
        click.echo(f"{run.source:<24} {run.status:<8} {counts}")
        if run.error:
            click.echo(f"    error: {run.error[:300]}")


@click.command("crawl")
@click.option("--source", "sources", multiple=True, metavar="NAME",
              help="Crawl only this source (repeatable; default: every enabled source).")
@click.option("--time-limit", type=click.IntRange(min=1), metavar="SECONDS",
              help="End the crawl after this long (default: [crawl] time_limit).")
@config_option
@db_option
@click.pass_context
def crawl_command(ctx: click.Context, sources: tuple[str, ...], time_limit: int | None,
                  config_path: str | None, db_url: str | None) -> None:
    """Crawl the sources once, now, and show what each one gave.

    Runs the same crawl as the daemon (in a child process, ended at the time limit), then
    prints a summary per source. Exits 0 when at least one source succeeded.

    \b
    Example:
      renewal-watch crawl --source ann --source anilist
    """
    from renewal_watch.config import load_config
    from renewal_watch.crawl import select_sources
    from renewal_watch.runner import run_in_child

    verbose = (ctx.find_root().params.get("verbose") or 0) > 0
    try:
        config = load_config(config_path)
        names = [s.name for s in select_sources(config, sources or None)]
        if not names:
            raise CrawlFailed("no enabled sources to crawl")
        tty = sys.stdout.isatty()
        with _Progress(names, live=tty) as progress:
            outcome = run_in_child(config_path, db_url, names, trigger="manual",
                                   time_limit=time_limit, progress=progress,
                                   log_level="INFO" if verbose else "WARNING")
    except RenewalWatchError as exc:
        fail(exc)
    if outcome.error:
        fail(outcome.error, exit_code=outcome.returncode or 1)
    summary_table(outcome.runs, rich_output=tty)
    if outcome.timed_out:
        click.echo("The crawl reached its time limit; unfinished sources are marked timeout.",
                   err=True)
    if not outcome.any_ok:
        fail(CrawlFailed(f"no source succeeded ({len(outcome.runs)} tried); "
                         "see the errors above"))

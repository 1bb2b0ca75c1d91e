"""`renewal-watch sources`: the configured sources with their health; check one now."""

from __future__ import annotations

import json
from typing import Any

import click
from sqlalchemy import func, select

from renewal_watch.cli._common import config_option, db_option, fail, when
from renewal_watch.exceptions import RenewalWatchError


def source_rows(config: Any, db: Any) -> list[dict[str, Any]]:
    """Every configured source with its health columns and its latest run."""
    from renewal_watch import store
    from renewal_watch.models import CrawlRun, Source

    with db.transaction() as session:
        store.sync_sources(session, config)
        latest = (select(CrawlRun.source_id, func.max(CrawlRun.id).label("run_id"))
                  .group_by(CrawlRun.source_id).subquery())
        runs = {run.source_id: run for run in session.scalars(
            select(CrawlRun).join(latest, CrawlRun.id == latest.c.run_id))}
        rows = {s.name: s for s in session.scalars(select(Source))}
        out = []
        for source in config.source:
            row = rows[source.name]
            run = runs.get(row.id)
            out.append({
                "name": source.name, "type": source.type, "trust": source.trust,
                "enabled": source.enabled, "health": row.health,
                "last_run": when(run.started_at) if run else None,
                "last_status": run.status if run else None,
                "last_success": when(row.last_success_at) if row.last_success_at else None,
                "failures": row.consecutive_failures, "items": row.last_items,
                "last_error": row.last_error})
        return out


@click.group("sources")
def sources_group() -> None:
    """The configured sources: health, last runs, and a live check of one.

    \b
    Example:
      renewal-watch sources list
    """


@sources_group.command("list")
@click.option("--json", "as_json", is_flag=True, help="Print machine-readable JSON.")
@config_option
@db_option
def list_command(as_json: bool, config_path: str | None, db_url: str | None) -> None:
    """List sources with their health: last run, last success, failures in a row, items.

    \b
    Example:
      renewal-watch sources list --json
    """
    from renewal_watch.config import database_url, load_config
    from renewal_watch.db import open_database

    try:
        config = load_config(config_path)
        db = open_database(database_url(config, db_url))
        try:
            rows = source_rows(config, db)
        finally:
            db.dispose()
    except RenewalWatchError as exc:
        fail(exc)
    if as_json:
        click.echo(json.dumps(rows, indent=2, ensure_ascii=False))
        return
    click.echo(f"{'NAME':<22} {'TYPE':<16} {'ON':<3} {'HEALTH':<8} {'LAST RUN':<16} "
               f"{'STATUS':<8} {'LAST SUCCESS':<16} {'FAIL':>4} {'ITEMS':>5}")
    for r in rows:
        click.echo(f"{r['name']:<22} {r['type']:<16} {'yes' if r['enabled'] else 'no':<3} "
                   f"{r['health']:<8} {r['last_run'] or '-':<16} {r['last_status'] or '-':<8} "
                   f"{r['last_success'] or '-':<16} {r['failures']:>4} "
                   f"{r['items'] if r['items'] is not None else '-':>5}")
        if r["last_error"] and r["last_status"] != "ok":
            click.echo(f"    last error: {r['last_error'][:200]}")


@sources_group.command("check")
@click.argument("name")
@click.option("--json", "as_json", is_flag=True, help="Print machine-readable JSON.")
@config_option
def check_command(name: str, as_json: bool, config_path: str | None) -> None:
    """Fetch NAME's first listing now and show what the parser found (nothing is stored).

    \b
    Example:
      renewal-watch sources check ann
    """
    from renewal_watch.check import check_in_child
    from renewal_watch.config import load_config
    from renewal_watch.crawl import select_sources

    try:
        select_sources(load_config(config_path), [name])  # unknown names fail fast, here
        result = check_in_child(config_path, name)
    except RenewalWatchError as exc:
        fail(exc)
    if as_json:
        click.echo(json.dumps(result, indent=2, ensure_ascii=False))
    else:
        _print_check(result)
    if not result["ok"]:
        fail(f"{name}: {result.get('error') or 'the listing could not be fetched or parsed'}")


def _print_check(result: dict[str, Any]) -> None:
    click.echo(f"{result['source']} ({result['type']}): "
               f"{'ok' if result['ok'] else 'FAILED'}, {result['requests']} requests")
    if result.get("error"):
        click.echo(f"  error: {result['error']}")
    if result["entries_total"]:
        click.echo(f"  {result['entries_total']} entries (first {len(result['entries'])}):")
        for entry in result["entries"]:
            click.echo(f"    {when(entry['published'])}  {(entry['title'] or '')[:70]}")
            click.echo(f"        {entry['url']}")
    if result["signals_total"]:
        click.echo(f"  {result['signals_total']} signals (first {len(result['signals'])}):")
        for sig in result["signals"]:
            what = sig["status"] if sig["kind"] == "status" else (
                f"{sig['relation']} -> {sig['related_title'] or sig['related_id']}"
                f" [{sig['related_format'] or '?'}, {sig['related_status'] or '?'}]")
            click.echo(f"    {sig['title_key']}: {sig['provider']} {sig['kind']}: {what}")
    if not result["entries_total"] and not result["signals_total"]:
        click.echo("  nothing found")

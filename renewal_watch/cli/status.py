"""`renewal-watch status`: is the daemon running, how are the sources, what is pending."""

from __future__ import annotations

import json
from typing import Any

import click

from renewal_watch.cli._common import config_option, db_option, fail, when
from renewal_watch.exceptions import RenewalWatchError


def _daemon_line(daemon: dict[str, Any]) -> str:
    if daemon.get("running"):
        return (f"Daemon: running since {when(daemon['since'])} UTC (pid {daemon['pid']} on "
                f"{daemon['host']}, heartbeat {daemon['heartbeat_age_seconds']:.0f} s ago)")
    if daemon.get("stale_lock"):
        return (f"Daemon: not running (stale lock left by pid {daemon['pid']} on "
                f"{daemon['host']}; the next daemon takes it over)")
    return "Daemon: not running"


def _source_lines(sources: list[dict[str, Any]]) -> list[str]:
    lines = ["Sources:",
             f"  {'NAME':<24} {'HEALTH':<8} {'LAST RUN':<16} {'OUTCOME':<8} "
             f"{'ITEMS':>5} {'NEW':>4} {'ERR':>4}  NEXT RUN"]
    hidden = [s for s in sources if not s.get("enabled") and not s.get("last_run")]
    for src in sources:
        if src in hidden:
            continue
        run = src.get("last_run") or {}
        outcome = "running" if src.get("running") else run.get("status", "-")
        health = src["health"] + ("*" if src.get("silent") else "")
        lines.append(f"  {src['name']:<24} {health:<8} {when(run.get('started_at')):<16} "
                     f"{outcome:<8} {run.get('items', '-'):>5} {run.get('new', '-'):>4} "
                     f"{run.get('errors', '-'):>4}  {when(src.get('next_run_at'))}")
        if src.get("problem"):
            lines.append(f"      ! {src['problem']}")
        elif run.get("status") not in (None, "ok", "running") and run.get("error"):
            lines.append(f"      last error: {run['error']}")
        if src.get("silent"):
            lines.append(f"      * no new item since {when(src.get('last_new_item_at'))}, "
                         "much longer than usual")
    if hidden:
        lines.append(f"  ({len(hidden)} disabled sources never crawled: not shown)")
    return lines


def _delivery_lines(deliveries: dict[str, Any]) -> list[str]:
    line = f"Deliveries: {deliveries['pending']} pending"
    if deliveries["oldest_pending_at"]:
        line += f" (oldest {when(deliveries['oldest_pending_at'])})"
    if deliveries["dead"]:
        line += f", {deliveries['dead']} given up"
    lines = [line]
    for channel in deliveries["channels"]:
        if channel["failing"]:
            why = channel.get("last_error") or f"{channel['max_attempts']} attempts"
            lines.append(f"  failing channel {channel['name']}: {why}")
    return lines


def _title_lines(titles: list[dict[str, Any]]) -> list[str]:
    lines = ["Titles:"]
    for t in titles:
        base, now = t["baseline"], t["believed"]
        season = f" s{now['season']}" if now["season"] is not None else ""
        base_season = f" s{base['season']}" if base["season"] is not None else ""
        mark = "  CHANGED" if t["changed"] else ""
        lines.append(f"  {t['name']}: baseline {base['status']}{base_season}, "
                     f"believed {now['status']}{season}{mark}"
                     + (f" ({t['open_alerts']} open alerts)" if t["open_alerts"] else ""))
    return lines


def render_text(data: dict[str, Any]) -> str:
    """The human-readable status."""
    lines = [_daemon_line(data["daemon"]), ""]
    lines += [*_source_lines(data["sources"]), ""]
    lines += [*_delivery_lines(data["deliveries"]), ""]
    lines += _title_lines(data["titles"])
    return "\n".join(lines)


@click.command("status")
@config_option
@db_option
@click.option("--json", "as_json", is_flag=True, help="Print machine-readable JSON.")
def status_command(config_path: str | None, db_url: str | None, as_json: bool) -> None:
    """Show the daemon, each source's last run and health, pending deliveries and titles.

    \b
    Example:
      renewal-watch status --json | jq '.sources[] | {name, health}'
    """
    from renewal_watch.config import database_url, load_config
    from renewal_watch.db import open_database
    from renewal_watch.status import collect_status

    try:
        config = load_config(config_path)
        db = open_database(database_url(config, db_url))
        try:
            data = collect_status(db, config)
        finally:
            db.dispose()
    except RenewalWatchError as exc:
        fail(exc)
    if as_json:
        click.echo(json.dumps(data, indent=2, ensure_ascii=False))
    else:
        click.echo(render_text(data))

"""`renewal-watch reclassify`: run the current classifier over stored articles."""

from __future__ import annotations

import sys

import click

from renewal_watch.cli._review import config_options, emit_json, opened, parse_age, table


def _verdict(v: dict | None) -> str:
    if v is None:
        return "(none)"
    season = f" s{v['season']}" if v["season"] is not None else ""
    return f"{v['label']}{season}{' change' if v['change'] else ''} ({v['confidence']:.2f})"


@click.command("reclassify")
@click.option("--since", "since", default="90d", show_default=True, metavar="AGE|DATE",
              help="Articles published (or first seen) since then: 90d, 2w or a date.")
@click.option("--title", metavar="TITLE", help="Only this watched title.")
@click.option("--dry-run", is_flag=True, help="Only show what would change.")
@click.option("--yes", is_flag=True, help="Apply without asking (asked only on a terminal).")
@click.option("--json", "as_json", is_flag=True,
              help="Print JSON: {changes: [...], applied: {...} | null}.")
@config_options
def reclassify_command(since: str, title: str | None, dry_run: bool, yes: bool, as_json: bool,
                       config_path: str | None, db_url: str | None) -> None:
    """Classify stored articles again with the current classifier and show, per mention, how
    label, season and change would differ; then apply (updates the mentions and runs the alert
    decision on them). Dismissed alerts stay dismissed.

    \b
    Example:
      renewal-watch reclassify --since 90d --dry-run
    """
    from renewal_watch.alerts import reclassify

    cutoff = parse_age(since)
    with opened(config_path, db_url) as (config, db):
        with db.session() as session:
            changes = reclassify.plan(session, config, since=cutoff, title=title)
        rows = [c.to_dict() for c in changes]
        if not as_json:
            if not rows:
                click.echo("No classification would change.")
            else:
                table(["ARTICLE", "TITLE", "BEFORE", "AFTER", "HEADLINE"],
                      [[r["article_id"], r["title"], _verdict(r["old"]), _verdict(r["new"]),
                        r["headline"] or r["url"]] for r in rows])
        applied = None
        if changes and not dry_run:
            if (not yes and not as_json and sys.stdin.isatty()
                    and not click.confirm(f"Apply {len(changes)} change(s)?", default=False)):
                click.echo("Nothing applied.")
                return
            applied = reclassify.apply(db, config, changes)
            if not as_json:
                click.echo(f"Applied {len(changes)} change(s): "
                           f"{len(applied['opened'])} alert(s) opened, "
                           f"{len(applied['raised'])} raised.")
    if as_json:
        emit_json({"changes": rows, "applied": applied})

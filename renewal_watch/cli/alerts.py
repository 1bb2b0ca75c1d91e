"""`renewal-watch alerts`: review alerts (list, show, ack, dismiss) and run deliveries."""

from __future__ import annotations

import click

from renewal_watch.cli._review import (
    config_options,
    emit_json,
    lines,
    opened,
    parse_age,
    safe,
    table,
    when,
)

STATUS_CHOICES = ("new", "acked", "dismissed")


@click.group("alerts")
def alerts_group() -> None:
    """Review alerts: what changed, how sure we are, and where it was delivered.

    \b
    Example:
      renewal-watch alerts list --status new --since 7d
    """


@alerts_group.command("list")
@click.option("--status", type=click.Choice(STATUS_CHOICES), help="Only alerts in this state.")
@click.option("--title", metavar="TITLE", help="Only this watched title (key or name).")
@click.option("--since", "since", metavar="AGE|DATE",
              help="Only alerts updated since then: 7d, 12h, 2w or a date like 2025-01-31.")
@click.option("--limit", type=click.IntRange(1, 10000), default=200, show_default=True)
@click.option("--json", "as_json", is_flag=True, help="Print JSON (a list of alerts).")
@config_options
def list_command(status: str | None, title: str | None, since: str | None, limit: int,
                 as_json: bool, config_path: str | None, db_url: str | None) -> None:
    """List alerts, newest first.

    \b
    Example:
      renewal-watch alerts list --title "Hero Mask" --since 30d --json
    """
    from renewal_watch.alerts.review import alert_row, list_alerts

    cutoff = parse_age(since)
    with opened(config_path, db_url) as (_config, db), db.session() as session:
        rows = [alert_row(a) for a in list_alerts(session, status=status, title=title,
                                                  since=cutoff, limit=limit)]
    if as_json:
        emit_json(rows)
        return
    if not rows:
        click.echo("No alerts.")
        return
    table(["ID", "SEVERITY", "STATUS", "SUMMARY", "SOURCES", "OPENED", "UPDATED"],
          [[r["id"], r["severity"], r["status"], r["summary"],
            f"{r['sources']} ({r['independent']} indep.)", when(r["opened_at"]),
            when(r["updated_at"])] for r in rows])


@alerts_group.command("show")
@click.argument("alert_id", type=int)
@click.option("--json", "as_json", is_flag=True, help="Print JSON.")
@config_options
def show_command(alert_id: int, as_json: bool, config_path: str | None,
                 db_url: str | None) -> None:
    """Show one alert: its evidence, every source, and each delivery with its attempts.

    \b
    Example:
      renewal-watch alerts show 12
    """
    from renewal_watch.alerts.review import alert_detail, get_alert

    with opened(config_path, db_url) as (config, db), db.session() as session:
        data = alert_detail(get_alert(session, alert_id), config)
    if as_json:
        emit_json(data)
        return
    lines([("Alert", data["id"]), ("Summary", data["summary"]),
           ("Severity", data["severity"]), ("Status", data["status"]),
           ("Opened", when(data["opened_at"])), ("Updated", when(data["updated_at"])),
           ("Why", data["reason"] or "-")]
          + ([("Dismissed", f"{when(data['dismissed_at'])}: {data['dismissed_reason']}")]
             if data["dismissed_at"] else []))
    for item in data["evidence"] or []:
        click.echo(f'  "{safe(item.get("text") if isinstance(item, dict) else item, 400)}"')
    click.echo("")
    table(["SOURCE", "TRUST", "INDEPENDENT", "HEADLINE", "URL"],
          [[s["source"], s["trust"] + (" (structured)" if s["structured"] else ""),
            "yes" if s["independent"] else "no (copy)", s["headline"], s["url"]]
           for s in data["source_list"]], title="Sources", limit=200)
    if data["deliveries"]:
        click.echo("")
        table(["CHANNEL", "SEVERITY", "STATUS", "ATTEMPTS", "SENT", "LAST ANSWER"],
              [[d["channel"], d["severity"], d["status"], d["attempts"], when(d["sent_at"]),
                (d["attempt_log"][-1]["response"] if d["attempt_log"] else "-")]
               for d in data["deliveries"]], title="Deliveries", limit=200)


@alerts_group.command("ack")
@click.argument("alert_id", type=int)
@config_options
def ack_command(alert_id: int, config_path: str | None, db_url: str | None) -> None:
    """Mark an alert as seen (a later rise in severity is still delivered).

    \b
    Example:
      renewal-watch alerts ack 12
    """
    from renewal_watch.alerts.review import ack

    with opened(config_path, db_url) as (_config, db), db.transaction() as session:
        alert = ack(session, alert_id)
        status, summary = alert.status, alert.summary
    click.echo(f"alert {alert_id} {status}: {safe(summary)}")


@alerts_group.command("dismiss")
@click.argument("alert_id", type=int)
@click.option("--reason", required=True, metavar="TEXT",
              help="Why this is a false positive (kept with the alert).")
@config_options
def dismiss_command(alert_id: int, reason: str, config_path: str | None,
                    db_url: str | None) -> None:
    """Dismiss a false positive: the same articles never bring it back, and a believed
    status it set is undone.

    \b
    Example:
      renewal-watch alerts dismiss 12 --reason "satire site"
    """
    from renewal_watch.alerts.review import dismiss

    with opened(config_path, db_url) as (_config, db), db.transaction() as session:
        alert = dismiss(session, alert_id, reason)
        summary = alert.summary
    click.echo(f"alert {alert_id} dismissed: {safe(summary)}")


@alerts_group.command("deliver")
@config_options
def deliver_command(config_path: str | None, db_url: str | None) -> None:
    """Send every delivery that is due now (the daemon does this after each crawl).

    \b
    Example:
      renewal-watch alerts deliver
    """
    from renewal_watch.alerts import deliver_pending

    with opened(config_path, db_url) as (config, db):
        report = deliver_pending(db, config)
    click.echo(f"deliveries: {report}")
    if report.failed or report.dead:
        raise SystemExit(1)


@alerts_group.command("digest")
@click.argument("period", type=click.Choice(("daily", "weekly")))
@config_options
def digest_command(period: str, config_path: str | None, db_url: str | None) -> None:
    """Send this period's digest to every channel with `digest = PERIOD` (once per period).

    \b
    Example:
      renewal-watch alerts digest daily
    """
    from renewal_watch.alerts import send_digests

    with opened(config_path, db_url) as (config, db):
        report = send_digests(db, config, period)
    click.echo(f"{period} digest: {report}")
    if report.failed or report.dead:
        raise SystemExit(1)

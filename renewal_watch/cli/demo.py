"""`renewal-watch demo`: the offline demo (fictional sites on 127.0.0.1, a real crawl)."""

from __future__ import annotations

import shlex
import threading
from pathlib import Path
from typing import NoReturn

import click

from renewal_watch.exceptions import RenewalWatchError


def _fail(exc: RenewalWatchError) -> NoReturn:
    err = click.ClickException(str(exc))
    err.exit_code = exc.exit_code
    raise err


def _q(value: object) -> str:
    return shlex.quote(str(value))


def next_steps(result) -> list[str]:
    """Commands worth trying on the demo's database (only commands this install has)."""
    from renewal_watch.cli import COMMANDS

    common = f"--config {_q(result.config_path)} --db {_q(result.db_url)}"
    steps = [
        ("report", f"renewal-watch report {common} --format md"),
        ("report", f"renewal-watch report {common} --format atom --out "
                   f"{_q(result.directory / 'alerts.atom')}"),
        ("alerts", f"renewal-watch alerts list {common}"),
        ("status", f"renewal-watch status {common}"),
        ("classify", "renewal-watch classify --title 'Hero Mask' "
                     "'Netflix has renewed Hero Mask for a third season.'"),
    ]
    return [cmd for name, cmd in steps if name in COMMANDS]


def _print_result(result) -> None:
    critical = [a for a in result.alerts if a.severity == "critical"]
    click.echo("")
    click.echo(f"Done in {result.seconds:.1f} s: {result.articles} articles stored, "
               f"{len(result.alerts)} alert(s), {len(critical)} critical.")
    for alert in result.alerts:
        sources = ", ".join(alert.sources)
        click.echo(f"  #{alert.id} {alert.severity:<8} {alert.summary}"
                   + (f"  [{len(alert.sources)} sources: {sources}]" if sources else ""))
    click.echo("")
    click.echo("Files:")
    click.echo(f"  report    {result.report_path}")
    click.echo(f"  database  {result.db_path}")
    click.echo(f"  config    {result.config_path}")
    click.echo(f"  alerts    {result.alerts_file}  (the file channel: one JSON line per alert)")
    steps = next_steps(result)
    if steps:
        click.echo("")
        click.echo("Try next:")
        for cmd in steps:
            click.echo(f"  {cmd}")


def _serve_until_interrupted(mirror, config_path: Path) -> None:
    click.echo("")
    click.echo(f"The demo sites stay up at {mirror.base_url}/ (DEMO CONTENT) until Ctrl+C.")
    click.echo(f"  renewal-watch crawl --config {_q(config_path)}   crawls them again")
    try:
        threading.Event().wait()
    except KeyboardInterrupt:
        click.echo("stopping the demo sites")


@click.command("demo")
@click.option("--out", "out", type=click.Path(file_okay=False, path_type=Path),
              help="Directory for the demo's config, database, alerts and report (default: a "
                   "new directory under the user data directory).")
@click.option("--keep", is_flag=True,
              help="Keep serving the demo sites after the run (until Ctrl+C), so the printed "
                   "commands can crawl them again.")
def demo_command(out: Path | None, keep: bool) -> None:
    """Run renewal-watch end to end, offline: crawl bundled fictional news sites served on
    127.0.0.1, open an alert for a (fictional) Hero Mask season 3 announcement, deliver it to
    the console and a file, and write an HTML report. Takes a few seconds; nothing is sent
    anywhere but this machine.

    \b
    Example:
      renewal-watch demo --out ./renewal-watch-demo
    """
    from renewal_watch.demo import run_demo, serve_demo_site

    try:
        with serve_demo_site() as mirror:
            click.echo(f"renewal-watch demo: fictional news sites on {mirror.base_url}/ "
                       "(DEMO CONTENT, nothing real)")
            click.echo("Crawling them with the real spiders and pipeline...")
            result = run_demo(out, mirror=mirror)
            _print_result(result)
            failed = _crawl_failed(result.outcome)
            if keep and not failed:
                _serve_until_interrupted(mirror, result.config_path)
    except RenewalWatchError as exc:
        _fail(exc)
    if failed:
        raise click.ClickException(f"the demo crawl did not succeed: {failed}")


def _crawl_failed(outcome) -> str | None:
    """Why the crawl failed, or None when it succeeded."""
    if outcome is None:
        return "it did not start"
    ok = getattr(outcome, "ok", None)
    if ok is None:
        status = getattr(outcome, "status", "ok")
        ok = status == "ok"
    if ok:
        return None
    return str(getattr(outcome, "error", None) or getattr(outcome, "status", "failed"))

"""`renewal-watch demo`: the offline demo (fictional sites on 127.0.0.1, a real crawl)."""

from __future__ import annotations

import shlex
import signal
import threading
from pathlib import Path

import click

from renewal_watch.cli._common import fail
from renewal_watch.exceptions import RenewalWatchError


def _q(value: object) -> str:
    return shlex.quote(str(value))


def _has_command(name: str) -> bool:
    """Whether this install has a working `renewal-watch <name>` (registered and importable)."""
    import importlib.util

    from renewal_watch.cli import COMMANDS

    target = COMMANDS.get(name)
    return target is not None and importlib.util.find_spec(target.split(":")[0]) is not None


def next_steps(result) -> list[str]:
    """Commands worth trying on the demo's database (only commands this install has)."""
    common = f"--config {_q(result.config_path)} --db {_q(result.db_url)}"
    steps = [
        ("report", f"renewal-watch report {common} --format md"),
        ("report", f"renewal-watch report {common} --format atom --out "
                   f"{_q(result.directory / 'alerts.atom')}"),
        ("alerts", f"renewal-watch alerts list {common}"),
        ("status", f"renewal-watch status {common}"),
        ("demo", "renewal-watch demo --keep   (keeps the demo sites up to crawl them again)"),
    ]
    return [cmd for name, cmd in steps if _has_command(name)]


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
    if _has_command("crawl"):
        click.echo(f"  renewal-watch crawl --config {_q(config_path)}   crawls them again")
    stop = threading.Event()
    # Ctrl+C or a plain `kill` both end the wait cleanly, so the mirror is stopped.
    previous = {sig: signal.signal(sig, lambda *_: stop.set())
                for sig in (signal.SIGINT, signal.SIGTERM)}
    try:
        stop.wait()
    finally:
        for sig, handler in previous.items():
            signal.signal(sig, handler)
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
        fail(exc)
    if failed:
        raise click.ClickException(f"the demo crawl did not succeed: {failed}")


def _crawl_failed(outcome) -> str | None:
    """Why the demo crawl did not fully succeed (a RunOutcome), or None when every run did."""
    if outcome is None:
        return "it did not start"
    if outcome.timed_out:
        return "it reached its time limit"
    bad = [f"{r.source}: {r.status} ({r.error})" for r in outcome.runs if r.status != "ok"]
    if bad:
        return "; ".join(bad)
    if outcome.error or not outcome.runs:
        return outcome.error or "no source ran"
    return None

"""The `renewal-watch` command line: thin commands over the library.

Each command group lives in its own module and is loaded lazily, so `renewal-watch --help`
stays fast and a broken optional dependency only breaks its own command.
"""

from __future__ import annotations

import importlib
import logging
import sys

import click

from renewal_watch import __version__

# command name -> "module:attribute"; modules are imported only when the command runs.
COMMANDS: dict[str, str] = {
    "alerts": "renewal_watch.cli.alerts:alerts_group",
    "classify": "renewal_watch.cli.classify:classify_command",
    "config": "renewal_watch.cli.config:config_group",
    "crawl": "renewal_watch.cli.crawl:crawl_command",
    "daemon": "renewal_watch.cli.daemon:daemon_command",
    "db": "renewal_watch.cli.db:db_group",
    "demo": "renewal_watch.cli.demo:demo_command",
    "reclassify": "renewal_watch.cli.reclassify:reclassify_command",
    "report": "renewal_watch.cli.report:report_command",
    "sources": "renewal_watch.cli.sources:sources_group",
    "status": "renewal_watch.cli.status:status_command",
    "watch": "renewal_watch.cli.watch:watch_group",
}


class LazyGroup(click.Group):
    """A click group whose subcommands are imported on first use."""

    def list_commands(self, ctx: click.Context) -> list[str]:
        return sorted(COMMANDS)

    def get_command(self, ctx: click.Context, cmd_name: str) -> click.Command | None:
        target = COMMANDS.get(cmd_name)
        if target is None:
            return None
        module_name, attr = target.split(":")
        return getattr(importlib.import_module(module_name), attr)


@click.group(cls=LazyGroup, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="renewal-watch")
@click.option("-v", "--verbose", count=True, help="More log output (-v info, -vv debug).")
def cli(verbose: int) -> None:
    """Watch anime news for announcements about whether a show continues.

    \b
    Example:
      renewal-watch demo
    """
    level = logging.WARNING - 10 * min(verbose, 2)
    logging.basicConfig(level=level, stream=sys.stderr,
                        format="%(asctime)s %(levelname)s %(name)s: %(message)s")


def main() -> None:
    """Console-script entry point."""
    cli(prog_name="renewal-watch")

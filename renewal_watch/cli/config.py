"""`renewal-watch config`: show the merged configuration, validate a file."""

from __future__ import annotations

from typing import Any

import click

from renewal_watch.cli._common import config_option, fail
from renewal_watch.exceptions import ConfigError, RenewalWatchError


def mask_url(url: str) -> str:
    """A channel URL with its secrets hidden (Apprise's privacy rendering, else by hand)."""
    try:
        from renewal_watch.alerts.channels import redact

        return redact(url, url)
    except ImportError:
        scheme, _, rest = url.partition("://")
        return f"{scheme}://****" if rest else url


def to_toml(config: Any) -> str:
    """The merged configuration as TOML, channel URLs masked."""
    import tomlkit

    data = config.model_dump(mode="json", exclude_none=True)
    for channel in data.get("channel", []):
        channel["url"] = mask_url(channel["url"])
    for source in data.get("source", []):
        schedule = source.get("schedule") or {}
        if "interval" in schedule:
            schedule["interval"] = f"{schedule['interval']}s"
    return tomlkit.dumps(data)


@click.group("config")
def config_group() -> None:
    """Show or validate the configuration (shipped defaults merged with your file).

    \b
    Example:
      renewal-watch config show --paths
    """


@config_group.command("show")
@click.option("--paths", is_flag=True, help="Only show which files are read.")
@config_option
def show_command(paths: bool, config_path: str | None) -> None:
    """Print the merged configuration as TOML (secrets in channel URLs masked).

    \b
    Example:
      renewal-watch config show > effective.toml
    """
    from renewal_watch.config import config_paths, load_config

    try:
        if paths:
            found = config_paths(config_path)
            click.echo(f"defaults: {found.defaults}")
            state = "" if found.user_exists else " (not found: defaults only)"
            click.echo(f"user:     {found.user}{state}")
            return
        click.echo(to_toml(load_config(config_path)), nl=False)
    except RenewalWatchError as exc:
        fail(exc)


@config_group.command("validate")
@click.argument("file", required=False, type=click.Path(dir_okay=False))
def validate_command(file: str | None) -> None:
    """Check FILE (default: your config file) and list every problem as `file: key: what`.

    \b
    Example:
      renewal-watch config validate ~/.config/renewal-watch/config.toml
    """
    from renewal_watch.config import load_config

    try:
        config = load_config(file)
    except ConfigError as exc:
        for problem in exc.problems:
            click.echo(problem, err=True)
        fail(f"{len(exc.problems)} problem(s) found", exit_code=exc.exit_code)
    except RenewalWatchError as exc:
        fail(exc)
    where = config.path or "shipped defaults only"
    click.echo(f"{where}: ok ({len(config.watchlist)} watched titles, "
               f"{len(config.sources)} enabled sources, {len(config.channels)} channels)")

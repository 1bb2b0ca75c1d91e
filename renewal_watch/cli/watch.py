"""`renewal-watch watch`: the watchlist (list, add, resolve ids) and believed status."""

from __future__ import annotations

import click

from renewal_watch.cli._review import (
    config_options,
    emit_json,
    fail,
    lines,
    opened,
    safe,
    table,
    when,
)
from renewal_watch.exceptions import RenewalWatchError

STATUS_CHOICES = ("ended", "ongoing", "unknown")


@click.group("watch")
def watch_group() -> None:
    """The watched titles: list and add them, look up their ids, see or set their status.

    \b
    Example:
      renewal-watch watch add "Hero Mask" --alias "HERO MASK" --last-season 2 --status ended
    """


def _load(config_path: str | None):
    from renewal_watch.config import load_config

    try:
        return load_config(config_path)
    except RenewalWatchError as exc:
        fail(exc)


def _baseline(status: str, season: int | None) -> str:
    return status if season is None else f"{status} after season {season}"


@watch_group.command("list")
@click.option("--json", "as_json", is_flag=True, help="Print JSON.")
@click.option("--config", "config_path", type=click.Path(dir_okay=False),
              help="Configuration file (default: $RENEWAL_WATCH_CONFIG or the user config).")
def list_command(as_json: bool, config_path: str | None) -> None:
    """List the watched titles with their aliases, ids and baseline.

    \b
    Example:
      renewal-watch watch list
    """
    config = _load(config_path)
    rows = [{"key": w.key, "name": w.name, "aliases": list(w.aliases), "enabled": w.enabled,
             "ids": {k: list(v) for k, v in w.ids.items()},
             "baseline": {"status": w.baseline.status, "last_season": w.baseline.last_season,
                          "as_of": w.baseline.as_of.isoformat() if w.baseline.as_of else None}}
            for w in config.watch]
    if as_json:
        emit_json(rows)
        return
    table(["KEY", "NAME", "ALIASES", "BASELINE", "IDS", "ENABLED"],
          [[r["key"], r["name"], ", ".join(r["aliases"]),
            _baseline(r["baseline"]["status"], r["baseline"]["last_season"]),
            " ".join(f"{k}:{','.join(map(str, v))}" for k, v in r["ids"].items()),
            "yes" if r["enabled"] else "no"] for r in rows])


@watch_group.command("add")
@click.argument("title")
@click.option("--alias", "aliases", multiple=True, metavar="A",
              help="Another name (Japanese, romaji, short form); repeat for more.")
@click.option("--last-season", type=click.IntRange(0, 200), metavar="N",
              help="The last season you know of.")
@click.option("--status", type=click.Choice(STATUS_CHOICES), default="unknown",
              show_default=True, help="What you believe now about the show.")
@click.option("--context", "context", multiple=True, metavar="T",
              help="A term that confirms a match (studio, streamer, character); repeatable.")
@click.option("--exclude", "exclude", multiple=True, metavar="PHRASE",
              help="A phrase that vetoes a match; repeatable.")
@click.option("--anilist", "anilist", multiple=True, type=click.IntRange(1), metavar="ID")
@click.option("--mal", "mal", multiple=True, type=click.IntRange(1), metavar="ID")
@click.option("--ann", "ann", multiple=True, type=click.IntRange(1), metavar="ID")
@click.option("--note", default="", help="A note kept with the baseline.")
@click.option("--config", "config_path", type=click.Path(dir_okay=False),
              help="Configuration file to edit (created if missing; default: "
                   "$RENEWAL_WATCH_CONFIG or the user config).")
def add_command(title: str, aliases: tuple[str, ...], last_season: int | None, status: str,
                context: tuple[str, ...], exclude: tuple[str, ...], anilist: tuple[int, ...],
                mal: tuple[int, ...], ann: tuple[int, ...], note: str,
                config_path: str | None) -> None:
    """Add a title to the watchlist in your config file (comments and layout are kept;
    a title already watched under this name or alias is refused).

    \b
    Example:
      renewal-watch watch add "Hero Mask" --alias "ヒーローマスク" --last-season 2 \\
          --status ended --context Netflix --context Pierrot --anilist 110686
    """
    from renewal_watch.watchlist import add_watch, config_file

    path = config_file(config_path)
    try:
        key = add_watch(path, name=title, aliases=list(aliases), last_season=last_season,
                        status=status, context=list(context), exclude=list(exclude),
                        anilist=list(anilist), mal=list(mal), ann=list(ann), note=note)
    except RenewalWatchError as exc:
        fail(exc)
    click.echo(f"watching {safe(title)} as {key!r} (written to {path})")


@watch_group.command("resolve")
@click.argument("title")
@click.option("--anilist-endpoint", metavar="URL", help="AniList GraphQL endpoint "
              "(default: the configured anilist source, else graphql.anilist.co).")
@click.option("--ann-endpoint", metavar="URL", help="ANN encyclopedia api.xml endpoint "
              "(default: the configured ann_encyclopedia source).")
@click.option("--save", is_flag=True,
              help="Write the exact matches' ids into your config for this watched title.")
@click.option("--json", "as_json", is_flag=True, help="Print JSON.")
@click.option("--config", "config_path", type=click.Path(dir_okay=False),
              help="Configuration file (default: $RENEWAL_WATCH_CONFIG or the user config).")
def resolve_command(title: str, anilist_endpoint: str | None, ann_endpoint: str | None,
                    save: bool, as_json: bool, config_path: str | None) -> None:
    """Look up a title's AniList, MyAnimeList and ANN ids (needs the network).

    \b
    Example:
      renewal-watch watch resolve "Hero Mask" --save
    """
    from renewal_watch.watchlist import config_file, resolve, save_ids

    config = _load(config_path)
    found, problems = resolve(config, title, anilist_endpoint=anilist_endpoint,
                              ann_endpoint=ann_endpoint)
    for problem in problems:
        click.echo(f"warning: {safe(problem, 300)}", err=True)
    if not found and problems:
        raise click.ClickException("no lookup succeeded (offline? the ids can also be set "
                                   "with `watch add --anilist/--mal/--ann`)")
    if as_json:
        emit_json({"candidates": [c.to_dict() for c in found], "problems": problems})
    elif not found:
        click.echo("No entries found.")
    else:
        table(["PROVIDER", "ID", "MAL ID", "TITLE", "FORMAT", "YEAR", "EXACT"],
              [[c.provider, c.id, c.mal_id or "-", c.title, c.format or "-", c.year or "-",
                "yes" if c.exact else ""] for c in found])
    if save:
        exact = [c for c in found if c.exact]
        ids: dict[str, list[int]] = {}
        for c in exact:
            ids.setdefault(c.provider, []).append(c.id)
            if c.mal_id:
                ids.setdefault("mal", []).append(c.mal_id)
        if not ids:
            raise click.ClickException("no exact match to save; pass ids to `watch add`")
        try:
            key = save_ids(config_file(config_path), config, title, ids)
        except RenewalWatchError as exc:
            fail(exc)
        click.echo(f"saved ids for {key}: " + ", ".join(
            f"{k}={','.join(map(str, sorted(set(v))))}" for k, v in sorted(ids.items())),
            err=as_json)


@watch_group.command("status")
@click.argument("title")
@click.option("--set", "set_to", type=click.Choice(STATUS_CHOICES),
              help="Confirm or correct what we believe.")
@click.option("--season", type=click.IntRange(0, 200), metavar="N",
              help="With --set: the last season (default: keep).")
@click.option("--note", metavar="TEXT", help="With --set or --reset: why.")
@click.option("--reset", is_flag=True, help="Go back to the configured baseline.")
@click.option("--json", "as_json", is_flag=True, help="Print JSON.")
@config_options
def status_command(title: str, set_to: str | None, season: int | None, note: str | None,
                   reset: bool, as_json: bool, config_path: str | None,
                   db_url: str | None) -> None:
    """Show a title's believed status, its baseline and the history of changes; or set it.

    \b
    Example:
      renewal-watch watch status "Hero Mask" --set ongoing --season 3 --note "confirmed"
    """
    from renewal_watch import store
    from renewal_watch.alerts import believed

    if set_to and reset:
        raise click.UsageError("give --set or --reset, not both")
    if season is not None and not set_to:
        raise click.UsageError("--season goes with --set")
    with opened(config_path, db_url) as (config, db):
        with db.transaction() as session:
            store.sync_titles(session, config)  # a title added since the last crawl
            if set_to:
                believed.set_status(session, title, set_to, season, note)
            elif reset:
                believed.reset_to_baseline(session, title, note)
        with db.session() as session:
            data = believed.describe(session, believed.find_title(session, title))
    if as_json:
        emit_json(data)
        return
    base, now = data["baseline"], data["believed"]
    lines([("Title", f"{data['name']} ({data['key']})"),
           ("Believed", _baseline(now["status"], now["season"])
            + (f" since {when(now['since'])}" if now["since"] else " (the baseline)")),
           ("Baseline", _baseline(base["status"], base["season"])
            + (f" as of {base['as_of']}" if base["as_of"] else ""))])
    if data["history"]:
        click.echo("")
        table(["WHEN", "FROM", "TO", "BY", "ALERT", "NOTE"],
              [[when(h["at"]), _baseline(h["from_status"] or "-", h["from_season"]),
                _baseline(h["to_status"], h["to_season"]), h["actor"], h["alert_id"] or "-",
                h["note"] or ""] for h in data["history"]], title="History")

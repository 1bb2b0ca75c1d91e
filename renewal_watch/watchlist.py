"""Editing the watchlist in the user's config file, and looking titles up online.

`add_watch` writes a `[[watch]]` entry with tomlkit, so the user's comments and layout
survive; the file is created if missing, the result is validated before it is written, and a
title that is already watched (by key, name or alias) is refused. `resolve` asks AniList
(GraphQL `Page(search:)`) and the ANN encyclopedia API (`api.xml?title=~NAME`) for the ids a
title has there; `save_ids` records chosen ids for a watched title.
"""

from __future__ import annotations

import datetime as dt
import json
import logging
import os
import tempfile
import urllib.error
import urllib.parse
import urllib.request
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

import tomlkit
from tomlkit.items import AoT, Table

from renewal_watch import __version__
from renewal_watch.config import (
    Config,
    ConfigError,
    load_defaults,
    merge,
    resolve_config_path,
    slugify,
    validate,
)
from renewal_watch.exceptions import SourceError

logger = logging.getLogger(__name__)

DEFAULT_ANILIST = "https://graphql.anilist.co"
DEFAULT_ANN = "https://cdn.animenewsnetwork.com/encyclopedia/api.xml"
LOOKUP_TIMEOUT = 20          # seconds per request
MAX_ANSWER_BYTES = 2_000_000  # an API answer larger than this is refused
MAX_CANDIDATES = 10
NEW_FILE_HEADER = ("renewal-watch configuration (overrides the shipped defaults key by key).\n"
                   "`renewal-watch config show` prints the merged result.")

ANILIST_SEARCH = """
query ($search: String, $perPage: Int) {
  Page(perPage: $perPage) {
    media(search: $search, type: ANIME) {
      id idMal format status seasonYear episodes
      title { romaji english native }
    }
  }
}
"""


# --------------------------------------------------------------------------------------------
# The user's config file
# --------------------------------------------------------------------------------------------


def config_file(path: str | os.PathLike[str] | None) -> Path:
    """The user's config file (--config, $RENEWAL_WATCH_CONFIG, or the platform default)."""
    return resolve_config_path(path)[0]


def _read(path: Path) -> tomlkit.TOMLDocument:
    if not path.exists():
        doc = tomlkit.document()
        for line in NEW_FILE_HEADER.splitlines():
            doc.add(tomlkit.comment(line))
        doc.add(tomlkit.nl())
        return doc
    try:
        return tomlkit.parse(path.read_text("utf-8"))
    except (OSError, UnicodeDecodeError, tomlkit.exceptions.TOMLKitError) as exc:
        raise ConfigError([f"{path}: cannot read: {exc}"]) from exc


def _write(path: Path, doc: tomlkit.TOMLDocument) -> Config:
    """Validate the whole merged result, then replace the file atomically."""
    user = doc.unwrap()
    config = validate(merge(load_defaults(), user), user, str(path))
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", dir=path.parent)
    try:
        with os.fdopen(fd, "w", encoding="utf-8", newline="") as fh:
            fh.write(tomlkit.dumps(doc))
        Path(tmp).replace(path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    return config


def _watch_array(doc: tomlkit.TOMLDocument, path: Path) -> AoT:
    if "watch" not in doc:
        doc.append("watch", tomlkit.aot())
    watches = doc["watch"]
    if not isinstance(watches, AoT):
        raise ConfigError([f"{path}: watch: written as an inline array; edit it by hand or "
                           "use [[watch]] tables"])
    return watches


def _known_names(config: Config) -> dict[str, str]:
    names: dict[str, str] = {}
    for w in config.watch:
        for n in (w.key, w.name, *w.aliases):
            names[n.casefold()] = w.key
    return names


def add_watch(path: Path, *, name: str, aliases: list[str] | tuple[str, ...] = (),
              last_season: int | None = None, status: str = "unknown",
              context: list[str] | tuple[str, ...] = (),
              exclude: list[str] | tuple[str, ...] = (), anilist: list[int] | tuple[int, ...] = (),
              mal: list[int] | tuple[int, ...] = (), ann: list[int] | tuple[int, ...] = (),
              key: str | None = None, note: str = "", today: dt.date | None = None) -> str:
    """Append a watched title to the user's config file; returns its key."""
    doc = _read(path)
    current = validate(merge(load_defaults(), doc.unwrap()), doc.unwrap(), str(path))
    key = key or slugify(name)
    known = _known_names(current)
    for candidate in (key, name, *aliases):
        if candidate.casefold() in known:
            raise ConfigError([f"{path}: watch: {candidate!r} is already watched "
                               f"(as {known[candidate.casefold()]!r})"])
    entry = tomlkit.table()
    entry["key"] = key
    entry["name"] = name
    if aliases:
        entry["aliases"] = list(aliases)
    if context:
        entry["context"] = list(context)
    if exclude:
        entry["exclude"] = list(exclude)
    ids = {k: list(v) for k, v in (("anilist", anilist), ("mal", mal), ("ann", ann)) if v}
    if ids:
        entry["ids"] = _inline(ids)
    baseline = tomlkit.table()
    if last_season is not None:
        baseline["last_season"] = last_season
    baseline["status"] = status
    baseline["as_of"] = today or dt.date.today()
    if note:
        baseline["note"] = note
    entry["baseline"] = baseline
    _watch_array(doc, path).append(entry)
    _write(path, doc)
    logger.info("added %s to %s", key, path)
    return key


def _inline(mapping: dict[str, Any]) -> Any:
    table = tomlkit.inline_table()
    table.update(mapping)
    return table


def save_ids(path: Path, config: Config, title: str, ids: dict[str, list[int]]) -> str:
    """Record ids for a watched title in the user's file (an override entry if needed)."""
    watch = config.get_watch(title)
    if watch is None:
        raise ConfigError([f"{path}: watch: {title!r} is not watched (add it first)"])
    doc = _read(path)
    watches = _watch_array(doc, path)
    entry: Table | None = next((t for t in watches if str(t.get("key", "")) == watch.key
                                or (not t.get("key") and slugify(str(t.get("name", "")))
                                    == watch.key)), None)
    if entry is None:
        entry = tomlkit.table()
        entry["key"] = watch.key
        watches.append(entry)
    merged = {k: list(v) for k, v in watch.ids.items()}
    for provider, values in ids.items():
        merged[provider] = sorted(set(merged.get(provider, [])) | set(values))
    entry["ids"] = _inline(merged)
    _write(path, doc)
    return watch.key


# --------------------------------------------------------------------------------------------
# Looking titles up (AniList, ANN)
# --------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Candidate:
    """One entry a provider found for a title."""

    provider: str                   # anilist | ann
    id: int
    title: str
    mal_id: int | None = None
    format: str | None = None
    year: int | None = None
    status: str | None = None
    exact: bool = False             # its title equals the name or an alias

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


def _fetch(url: str, *, data: bytes | None = None, contact: str = "") -> bytes:
    headers = {"User-Agent": f"renewal-watch/{__version__} (+{contact})",
               "Accept": "application/json, application/xml;q=0.9"}
    if data is not None:
        headers["Content-Type"] = "application/json"
    request = urllib.request.Request(url, data=data, headers=headers,  # noqa: S310
                                     method="POST" if data is not None else "GET")
    host = urllib.parse.urlsplit(url).netloc or url
    try:
        with urllib.request.urlopen(request, timeout=LOOKUP_TIMEOUT) as answer:  # noqa: S310
            body = answer.read(MAX_ANSWER_BYTES + 1)
    except urllib.error.HTTPError as exc:
        raise SourceError(f"{host} answered HTTP {exc.code}") from exc
    except (urllib.error.URLError, TimeoutError, OSError) as exc:
        reason = getattr(exc, "reason", exc)
        raise SourceError(f"cannot reach {host} ({reason}); are you offline?") from exc
    if len(body) > MAX_ANSWER_BYTES:
        raise SourceError(f"{host}: answer larger than {MAX_ANSWER_BYTES} bytes")
    return body


def _names(name: str, aliases: tuple[str, ...]) -> set[str]:
    return {n.casefold().strip() for n in (name, *aliases)}


def search_anilist(name: str, endpoint: str = DEFAULT_ANILIST, *, aliases: tuple[str, ...] = (),
                   contact: str = "") -> list[Candidate]:
    """AniList entries matching `name` (id, MyAnimeList id, format, year)."""
    payload = json.dumps({"query": ANILIST_SEARCH,
                          "variables": {"search": name, "perPage": MAX_CANDIDATES}}).encode()
    try:
        answer = json.loads(_fetch(endpoint, data=payload, contact=contact))
    except ValueError as exc:
        raise SourceError(f"AniList: not JSON ({exc})") from exc
    if not isinstance(answer, dict):
        raise SourceError("AniList: unexpected answer")
    if answer.get("errors"):
        first = answer["errors"][0]
        message = first.get("message", first) if isinstance(first, dict) else first
        raise SourceError(f"AniList: {str(message)[:300]}")
    media = (((answer.get("data") or {}).get("Page") or {}).get("media")) or []
    wanted = _names(name, aliases)
    out = []
    for m in media[:MAX_CANDIDATES]:
        if not isinstance(m, dict) or not isinstance(m.get("id"), int):
            continue
        titles = m.get("title") or {}
        shown = titles.get("english") or titles.get("romaji") or titles.get("native") or ""
        exact = any(str(t).casefold().strip() in wanted for t in titles.values() if t)
        out.append(Candidate("anilist", m["id"], str(shown), mal_id=m.get("idMal"),
                             format=m.get("format"), year=m.get("seasonYear"),
                             status=m.get("status"), exact=exact))
    return out


def _strip_kind(title: str) -> str:
    """ "Hero Mask (ONA)" -> "hero mask" (ANN puts the format in brackets)."""
    base = title.rsplit("(", 1)[0] if title.rstrip().endswith(")") else title
    return base.casefold().strip()


def search_ann(name: str, endpoint: str = DEFAULT_ANN, *, aliases: tuple[str, ...] = (),
               contact: str = "") -> list[Candidate]:
    """ANN encyclopedia anime entries whose title contains `name`."""
    from lxml import etree

    url = f"{endpoint}?{urllib.parse.urlencode({'title': '~' + name})}"
    body = _fetch(url, contact=contact)
    parser = etree.XMLParser(resolve_entities=False, no_network=True, huge_tree=False)
    try:
        root = etree.fromstring(body, parser=parser)
    except etree.XMLSyntaxError as exc:
        raise SourceError(f"ANN: not XML ({exc})") from exc
    wanted = _names(name, aliases)
    out = []
    for anime in root.iter("anime"):
        try:
            ann_id = int(anime.get("id", ""))
        except ValueError:
            continue
        title = anime.get("name") or ""
        vintage = anime.findtext("info[@type='Vintage']") or ""
        year = int(vintage[:4]) if vintage[:4].isdigit() else None
        out.append(Candidate("ann", ann_id, title, format=anime.get("type"), year=year,
                             exact=_strip_kind(title) in wanted))
        if len(out) >= MAX_CANDIDATES:
            break
    return out


def endpoints(config: Config) -> tuple[str, str]:
    """AniList and ANN endpoints: the configured sources' URLs, else the public ones."""
    anilist = next((s.urls[0] for s in config.source if s.type == "anilist" and s.urls),
                   DEFAULT_ANILIST)
    ann = next((s.urls[0] for s in config.source if s.type == "ann_encyclopedia" and s.urls),
               DEFAULT_ANN)
    return anilist, ann


def resolve(config: Config, name: str, *, anilist_endpoint: str | None = None,
            ann_endpoint: str | None = None) -> tuple[list[Candidate], list[str]]:
    """Candidates from AniList and ANN, and the problems met (one provider may fail alone)."""
    watch = config.get_watch(name)
    aliases = tuple(watch.aliases) if watch else ()
    query = watch.name if watch else name
    default_anilist, default_ann = endpoints(config)
    contact = config.general.contact_url
    found: list[Candidate] = []
    problems: list[str] = []
    for label, search, endpoint in (
            ("AniList", search_anilist, anilist_endpoint or default_anilist),
            ("ANN", search_ann, ann_endpoint or default_ann)):
        try:
            found += search(query, endpoint, aliases=aliases, contact=contact)
        except SourceError as exc:
            problems.append(f"{label}: {exc}" if not str(exc).startswith(label) else str(exc))
    return found, problems

"""The bundled demo sites: fictional news sites written for the demo, served on 127.0.0.1.

The files under `site/` hold three kinds of placeholder, filled in when served, because the
mirror's port is only known once it listens and feeds must carry fresh dates (older entries
are never fetched):

* ``@BASE@``            the mirror's base URL, e.g. ``http://127.0.0.1:43121``;
* ``@RFC822:-20h@``     20 hours ago, as an RSS date;
* ``@ISO:-20h@``        20 hours ago, as an ISO 8601 / RFC 3339 time (Atom, HTML metadata);
* ``@DATE:-20h@``       20 hours ago, as a date for people ("November 24, 2026").

Every page carries a visible "DEMO CONTENT — fictional" banner and every feed title ends in
"(demo)".
"""

from __future__ import annotations

import datetime as dt
import email.utils
import logging
import re
from collections.abc import Iterator
from dataclasses import dataclass
from importlib import resources
from importlib.resources.abc import Traversable

from renewal_watch.mirror import MirrorServer

logger = logging.getLogger(__name__)

SITE_DIR = "site"
# Only text files are templated; anything else would be served as it is.
TEXT_SUFFIXES = (".html", ".rss", ".atom", ".xml", ".txt")
_PLACEHOLDER = re.compile(r"@(BASE|(RFC822|ISO|DATE):-(\d{1,5})h)@")


@dataclass(frozen=True)
class DemoSource:
    """One demo site as a configured source."""

    name: str
    type: str      # a renewal-watch source type: "feed" or "sitemap"
    path: str      # listing path on the mirror
    trust: str


# The sites the demo crawls. Otaku Wire republishes Anime Trade Daily's story (a syndicated
# copy), Fan Corner rewrites it in its own words, Craft Corner has nothing to do with anime.
DEMO_SOURCES = (
    DemoSource("demo-trade-daily", "feed", "/trade-daily/feed.rss", "trade"),
    DemoSource("demo-otaku-wire", "feed", "/otaku-wire/feed.atom", "trade"),
    DemoSource("demo-fan-corner", "feed", "/fan-corner/feed.rss", "community"),
    DemoSource("demo-craft-corner", "sitemap", "/craft-corner/sitemap.xml", "community"),
)


def site_root() -> Traversable:
    """The bundled site directory (inside the installed package)."""
    return resources.files("renewal_watch.demo").joinpath(SITE_DIR)


def iter_site_files(root: Traversable | None = None, prefix: str = "") -> Iterator[
        tuple[str, bytes]]:
    """(URL path, raw bytes) of every bundled file, e.g. ("/trade-daily/feed.rss", b"...")."""
    root = root if root is not None else site_root()
    for entry in sorted(root.iterdir(), key=lambda e: e.name):
        if entry.name.startswith((".", "__")):
            continue
        path = f"{prefix}/{entry.name}"
        if entry.is_dir():
            yield from iter_site_files(entry, path)
        else:
            yield path, entry.read_bytes()


def fill_placeholders(text: str, base_url: str, now: dt.datetime) -> str:
    """`text` with @BASE@ and the relative dates filled in (see the module docstring)."""

    def one(match: re.Match[str]) -> str:
        if match.group(1) == "BASE":
            return base_url
        when = now - dt.timedelta(hours=int(match.group(3)))
        kind = match.group(2)
        if kind == "RFC822":
            return email.utils.format_datetime(when.astimezone(dt.UTC), usegmt=True)
        if kind == "ISO":
            return when.astimezone(dt.UTC).replace(microsecond=0).isoformat()
        return f"{when:%B} {when.day}, {when.year}"

    return _PLACEHOLDER.sub(one, text)


def serve_demo_site(now: dt.datetime | None = None) -> MirrorServer:
    """Start a mirror on 127.0.0.1 (ephemeral port) serving the filled-in demo sites.

    Directory paths ("/trade-daily/") answer with their index.html, like a web server.
    The caller stops it (`stop()` or a `with` block).
    """
    now = now or dt.datetime.now(dt.UTC)
    mirror = MirrorServer().start()
    try:
        base = mirror.base_url
        count = 0
        for path, data in iter_site_files():
            body: bytes | str = data
            if path.endswith(TEXT_SUFFIXES):
                body = fill_placeholders(data.decode("utf-8"), base, now)
            mirror.set(path, body)
            if path.endswith("/index.html"):
                mirror.set(path.removesuffix("index.html"), body,
                           content_type="text/html; charset=utf-8")
            count += 1
    except BaseException:
        mirror.stop()
        raise
    logger.info("demo sites: %s files on %s", count, base)
    return mirror

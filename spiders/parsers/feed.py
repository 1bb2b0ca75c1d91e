"""RSS 0.9x/1.0/2.0 and Atom feeds, well-formed or not, through feedparser.

feedparser is given the raw bytes and the response headers so it can honour the charset the
server declared (and fall back sensibly when the document disagrees). feedparser's own HTML
sanitiser is switched off: it keeps the text of malformed script elements. Every text construct
is instead reduced here to plain text, script and style content dropped (`text.html_to_text`),
so no markup from a feed is ever stored or rendered.
"""

from __future__ import annotations

import logging
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urljoin

import feedparser

from spiders.parsers import xmlsafe
from spiders.parsers.dates import parse_feed_date
from spiders.parsers.text import clip, html_to_text, normalise_space
from spiders.parsers.types import ListingEntry

logger = logging.getLogger(__name__)

# Bounds on what one feed may contribute (a hostile feed can be large but not endless).
MAX_ENTRIES = 500
MAX_TITLE_CHARS = 1_000
MAX_SUMMARY_CHARS = 20_000
MAX_CONTENT_CHARS = 500_000
MAX_URL_CHARS = 2_000
ALLOWED_SCHEMES = ("http://", "https://")


@dataclass(frozen=True)
class ParsedFeed:
    """A feed as parsed: its entries, and whether the document was a feed at all."""

    url: str
    version: str                              # "rss20", "atom10", ... ("" when not a feed)
    title: str | None
    link: str | None
    language: str | None
    entries: tuple[ListingEntry, ...] = ()
    bozo: bool = False                        # the XML was ill-formed (entries may still be fine)
    problem: str | None = None                # what went wrong, when bozo
    # Entries without a usable http(s) link (url ""): nothing to fetch or key them by.
    unlinked: tuple[ListingEntry, ...] = ()
    refused: bool = False                     # declared XML entities: not parsed at all
    extra: dict[str, Any] = field(default_factory=dict)

    @property
    def is_feed(self) -> bool:
        """True when anything feed-like was recognised (a broken HTML page is not a feed)."""
        return bool(self.version or self.entries or self.unlinked)


def _headers(headers: Mapping[str, Any] | None) -> dict[str, str]:
    """Scrapy's bytes headers (or any mapping) as the lower-case str dict feedparser wants."""
    out: dict[str, str] = {}
    for key, value in (headers or {}).items():
        if isinstance(value, list):
            value = value[0] if value else b""
        k = key.decode("latin-1") if isinstance(key, bytes) else str(key)
        v = value.decode("latin-1") if isinstance(value, bytes) else str(value)
        out[k.lower()] = v
    return out


def _link(entry: Mapping[str, Any], base: str) -> str | None:
    """The entry's article URL: rel=alternate link, else `link`, else a permalink guid."""
    candidates: list[str] = []
    for link in entry.get("links") or []:
        if link.get("href") and link.get("rel", "alternate") == "alternate":
            candidates.append(link["href"])
    if entry.get("link"):
        candidates.append(entry["link"])
    if entry.get("guidislink") and entry.get("id"):
        candidates.append(entry["id"])
    for raw in candidates:
        url = urljoin(base, str(raw).strip())
        if url.startswith(ALLOWED_SCHEMES) and len(url) <= MAX_URL_CHARS:
            return url
    return None


def _content_text(entry: Mapping[str, Any]) -> str | None:
    """Plain text of the richest content the entry carries (content:encoded / atom:content)."""
    best = ""
    for content in entry.get("content") or []:
        value = content.get("value") or ""
        if len(value) > len(best):
            best = value
    if not best:
        best = entry.get("summary") or ""
    return html_to_text(best, limit=MAX_CONTENT_CHARS) or None


def _entry(entry: Mapping[str, Any], base: str, language: str | None) -> ListingEntry:
    url = _link(entry, base) or ""
    title = clip(html_to_text(entry.get("title")), MAX_TITLE_CHARS) or None
    summary = clip(html_to_text(entry.get("summary")), MAX_SUMMARY_CHARS) or None
    tags = tuple(normalise_space(str(t.get("term") or t.get("label") or ""))[:100]
                 for t in entry.get("tags") or [] if t.get("term") or t.get("label"))
    author = entry.get("author") or None
    guid = str(entry["id"]).strip()[:512] if entry.get("id") else None
    detail = entry.get("title_detail") or {}
    return ListingEntry(
        url=url,
        title=title,
        guid=guid or url or None,
        published=parse_feed_date(entry.get("published"), entry.get("published_parsed")),
        # dict.get: FeedParserDict maps a missing `updated` to `published` (with a warning).
        updated=parse_feed_date(dict.get(entry, "updated"), dict.get(entry, "updated_parsed")),
        author=clip(html_to_text(author), 300) if author else None,
        summary=summary,
        content_text=_content_text(entry),
        language=(detail.get("language") or language or None),
        categories=tags,
    )


def parse_feed(body: bytes, url: str, headers: Mapping[str, Any] | None = None) -> ParsedFeed:
    """Parse a feed document. Never raises on bad input: problems are reported in the result.

    A document that declares XML entities is refused unparsed: no real feed needs them, and
    they are how an entity-expansion ("billion laughs") bomb is built.
    """
    if xmlsafe.declares_entities(body):
        return ParsedFeed(url=url, version="", title=None, link=None, language=None, bozo=True,
                          problem="refused: the document declares XML entities "
                                  "(entity-expansion risk)", refused=True)
    try:
        parsed = feedparser.parse(body, response_headers=_headers(headers), sanitize_html=False,
                                  resolve_relative_uris=True)
    except Exception as exc:  # feedparser is robust, but a crash here must not kill the crawl
        logger.warning("feedparser failed on %s: %s", url, exc)
        return ParsedFeed(url=url, version="", title=None, link=None, language=None,
                          bozo=True, problem=f"{type(exc).__name__}: {exc}")
    meta = parsed.get("feed") or {}
    base = meta.get("link") if str(meta.get("link", "")).startswith(ALLOWED_SCHEMES) else url
    language = meta.get("language") or None
    entries: list[ListingEntry] = []
    unlinked: list[ListingEntry] = []
    for raw in (parsed.get("entries") or [])[:MAX_ENTRIES]:
        entry = _entry(raw, url or base, language)
        (entries if entry.url else unlinked).append(entry)
    problem = None
    if parsed.get("bozo"):
        exc = parsed.get("bozo_exception")
        problem = f"{type(exc).__name__}: {exc}" if exc is not None else "ill-formed"
    return ParsedFeed(
        url=url,
        version=parsed.get("version") or "",
        title=clip(html_to_text(meta.get("title")), MAX_TITLE_CHARS) or None,
        link=base,
        language=language,
        entries=tuple(entries),
        bozo=bool(parsed.get("bozo")),
        problem=problem,
        unlinked=tuple(unlinked),
    )

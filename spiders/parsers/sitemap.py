"""XML sitemaps, sitemap indexes and Google News sitemaps.

Scrapy's `scrapy.utils.sitemap.Sitemap` keeps only the direct children of `<url>`, so the
nested `<news:news><news:publication_date>` of a news sitemap is lost; this parser reads the
same documents with the same safe lxml settings (no entity expansion, no network, recover on
bad markup, DOCTYPE cut: `xmlsafe`) and keeps the news fields. Gzip bodies are inflated by
the caller, bounded.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable
from dataclasses import dataclass
from io import BytesIO
from urllib.parse import urljoin

import lxml.etree

from spiders.parsers import xmlsafe
from spiders.parsers.dates import parse_iso_date
from spiders.parsers.text import clip, normalise_space

MAX_URLS = 50_000          # the sitemap protocol's own limit per file


@dataclass(frozen=True)
class SitemapUrl:
    """One `<url>` (or `<sitemap>` of an index) with the dates that decide whether to fetch it."""

    loc: str
    lastmod: dt.datetime | None = None
    publication_date: dt.datetime | None = None   # <news:publication_date>
    title: str | None = None                      # <news:title>
    language: str | None = None                   # <news:language>

    @property
    def date(self) -> dt.datetime | None:
        """The newest date known for the URL."""
        dates = [d for d in (self.lastmod, self.publication_date) if d is not None]
        return max(dates) if dates else None


@dataclass(frozen=True)
class ParsedSitemap:
    kind: str                     # "urlset" | "sitemapindex" | "" (not a sitemap)
    urls: tuple[SitemapUrl, ...]


def _local(tag: object) -> str:
    return tag.rpartition("}")[2] if isinstance(tag, str) else ""


def _element(elem: lxml.etree._Element, base: str) -> SitemapUrl | None:
    fields: dict[str, str] = {}
    for child in elem.iter():
        name = _local(child.tag)
        if name in {"loc", "lastmod", "publication_date", "title", "language"} and child.text:
            fields.setdefault(name, child.text.strip())
    loc = fields.get("loc")
    if not loc:
        return None
    url = urljoin(base, loc)
    if not url.startswith(("http://", "https://")):
        return None
    return SitemapUrl(
        loc=url,
        lastmod=parse_iso_date(fields.get("lastmod")),
        publication_date=parse_iso_date(fields.get("publication_date")),
        title=clip(normalise_space(fields["title"]), 1000) if fields.get("title") else None,
        language=fields.get("language") or None,
    )


def parse_sitemap(body: bytes, url: str) -> ParsedSitemap:
    """Parse a sitemap or sitemap index; a document that is neither gives kind ""."""
    try:
        body = xmlsafe.strip_doctype(body)
    except xmlsafe.UnsafeXML:
        return ParsedSitemap(kind="", urls=())
    parser_events = lxml.etree.iterparse(
        BytesIO(body), events=("start", "end"), recover=True, resolve_entities=False,
        no_network=True, remove_comments=True, remove_pis=True, huge_tree=False)
    kind = ""
    urls: list[SitemapUrl] = []
    try:
        for event, elem in parser_events:
            name = _local(elem.tag)
            if event == "start":
                if not kind:
                    kind = name if name in {"urlset", "sitemapindex"} else "?"
                continue
            if name in {"url", "sitemap"}:
                item = _element(elem, url)
                if item is not None:
                    urls.append(item)
                elem.clear()
                if len(urls) >= MAX_URLS:
                    break
    except lxml.etree.XMLSyntaxError:
        pass  # recover=True keeps what was read; an empty/garbage body simply yields nothing
    return ParsedSitemap(kind=kind if kind in {"urlset", "sitemapindex"} else "",
                         urls=tuple(urls))


def select_urls(urls: Iterable[SitemapUrl], *, since: dt.datetime,
                patterns: Iterable[str] = ()) -> tuple[list[SitemapUrl], dict[str, int]]:
    """URLs dated at or after `since` and matching one of `patterns` (all if none).

    Undated URLs are skipped: without a date there is no way to keep old pages unfetched.
    Returns (selected, counts of what was skipped and why).
    """
    compiled = [re.compile(p) for p in patterns]
    selected: list[SitemapUrl] = []
    skipped = {"old": 0, "undated": 0, "pattern": 0}
    for item in urls:
        if compiled and not any(p.search(item.loc) for p in compiled):
            skipped["pattern"] += 1
        elif item.date is None:
            skipped["undated"] += 1
        elif item.date < since:
            skipped["old"] += 1
        else:
            selected.append(item)
    return selected, skipped

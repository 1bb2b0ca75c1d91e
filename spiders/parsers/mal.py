"""MyAnimeList HTML: anime pages (current and 2018 layouts) and per-title news lists.

Selectors from ../shared/realweb/NOTES.md section 2. Related entries are read from both the
tiles and the table of the current layout (which one a relation lands in varies), and from
the old `table.anime_detail_related_anime`. News-list dates carry no zone and omit the year
when it is the current one (`dates.parse_month_day`).
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from urllib.parse import urljoin

from parsel import Selector

from spiders.parsers.dates import MAL_TZ, parse_month_day
from spiders.parsers.text import clip, normalise_space
from spiders.parsers.types import ListingEntry, Relation

MAL_BASE = "https://myanimelist.net/"
_MEDIA_ID = re.compile(r"/(anime|manga)/(\d+)")
_NEWS_ID = re.compile(r"/news/(\d+)")
_TRAILING_FORMAT = re.compile(r"\(([^()]+)\)\s*$")


def media_id(url: str) -> tuple[str, str] | None:
    """("anime"|"manga", id) from a MAL URL, or None."""
    match = _MEDIA_ID.search(url or "")
    return (match.group(1), match.group(2)) if match else None


@dataclass(frozen=True)
class MalAnimePage:
    id: str | None
    title: str | None
    relations: tuple[Relation, ...]


def _relation(subject: str, relation: str, href: str, title: str | None,
              fmt: str | None) -> Relation | None:
    ident = media_id(href)
    if ident is None:
        return None
    kind, rid = ident
    return Relation(provider="mal", subject_id=subject, related_id=rid,
                    relation=relation.rstrip(":").strip(), related_title=title or None,
                    related_format=fmt or None, related_type=kind.upper(),
                    url=urljoin(MAL_BASE, href))


def _current_layout(sel: Selector, subject: str) -> list[Relation]:
    out: list[Relation] = []
    for tile in sel.css("#related-entries-tab div.anime-detail-related-entries, "
                        "div.related-entries div.anime-detail-related-entries"):
        href = tile.css('a[data-ga-click-type="anime-user-related"]::attr(href)').get() \
            or tile.css("a.thumb::attr(href)").get() or ""
        rel = _relation(subject, normalise_space(tile.css("div.text::text").get() or ""), href,
                        normalise_space(tile.css("img::attr(alt)").get() or ""),
                        normalise_space(tile.css("span.users::text").get() or ""))
        if rel is not None and rel.relation:
            out.append(rel)
    for row in sel.css("table.entries-table tr"):
        relation = normalise_space("".join(row.css("td:nth-child(1) ::text").getall()))
        for item in row.css("ul.entries li"):
            trailing = normalise_space("".join(item.xpath("text()").getall()))
            fmt = _TRAILING_FORMAT.search(trailing)
            rel = _relation(subject, relation, item.css("a::attr(href)").get() or "",
                            normalise_space("".join(item.css("a ::text").getall())),
                            fmt.group(1) if fmt else None)
            if rel is not None and rel.relation:
                out.append(rel)
    return out


def _old_layout(sel: Selector, subject: str) -> list[Relation]:
    out: list[Relation] = []
    for row in sel.css("table.anime_detail_related_anime tr"):
        relation = normalise_space("".join(row.css("td:nth-child(1) ::text").getall()))
        for link in row.css("td:nth-child(2) a"):
            rel = _relation(subject, relation, link.attrib.get("href") or "",
                            normalise_space("".join(link.css("::text").getall())), None)
            if rel is not None and rel.relation:
                out.append(rel)
    return out


def parse_anime_page(body: bytes | str, url: str) -> MalAnimePage:
    """Related entries and title of a MAL anime page, either layout."""
    text = body.decode("utf-8", "replace") if isinstance(body, bytes) else body
    sel = Selector(text=text)
    canonical = sel.css('meta[property="og:url"]::attr(content)').get() or url
    ident = media_id(canonical) or media_id(url)
    subject = ident[1] if ident else ""
    title = normalise_space("".join(sel.css("h1.title-name ::text").getall())) \
        or normalise_space("".join(sel.css("h1 span[itemprop=name] ::text").getall())) or None
    relations = _current_layout(sel, subject) or _old_layout(sel, subject)
    # The same entry can appear twice (tile and table); keep the first sighting.
    seen: set[tuple[str, str, str]] = set()
    unique: list[Relation] = []
    for rel in relations:
        key = (rel.related_type or "", rel.related_id, rel.relation)
        if key not in seen:
            seen.add(key)
            unique.append(rel)
    return MalAnimePage(id=subject or None, title=title, relations=tuple(unique))


_NEWS_ITEMS = ('//h2[normalize-space()="News"]/following-sibling::div[contains(@class,"clearfix")]'
               '[.//a[starts-with(@href,"/news/")]]')


def parse_news_list(body: bytes | str, url: str, *, now: dt.datetime | None = None,
                    ) -> list[ListingEntry]:
    """A per-title news list (`/anime/<id>/<slug>/news`): headline, link, teaser, date, author.

    `now` anchors dates printed without a year (defaults to the current time).
    """
    text = body.decode("utf-8", "replace") if isinstance(body, bytes) else body
    sel = Selector(text=text)
    now = now or dt.datetime.now(dt.UTC)
    entries: list[ListingEntry] = []
    for item in sel.xpath(_NEWS_ITEMS):
        href = item.css("p.spaceit a::attr(href)").get()
        if not href:
            continue
        link = urljoin(url, href)
        info = normalise_space("".join(item.css("p.lightLink ::text").getall()))
        date_text, _, rest = info.partition(" by ")
        teaser = normalise_space("".join(
            item.xpath('.//div[contains(@class,"clearfix")]/p/text()').getall()))
        match = _NEWS_ID.search(link)
        entries.append(ListingEntry(
            url=link,
            title=normalise_space("".join(item.css("p.spaceit a strong::text").getall())) or None,
            guid=match.group(1) if match else None,
            published=parse_month_day(date_text, now=now, tz=MAL_TZ),
            author=clip(normalise_space(rest.split("|")[0]), 300) or None,
            summary=clip(teaser, 5000) or None))
    return entries

"""Anime News Network: encyclopedia API (`api.xml`), `reports.xml`, encyclopedia HTML pages.

Selectors and id schemes are the ones verified in ../shared/realweb/NOTES.md section 1.
XML is read with its DOCTYPE cut and entity expansion and network access off (`xmlsafe`);
relations are read from their attributes in any order (`<related-next rel="sequel" id="4199"/>`),
and a `<warning>no result ...</warning>` answer is "no result", not an error.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from urllib.parse import parse_qs, urljoin, urlparse

import lxml.etree
from parsel import Selector

from spiders.parsers import xmlsafe
from spiders.parsers.dates import ANN_TZ, parse_iso_date, parse_month_day
from spiders.parsers.text import clip, normalise_space
from spiders.parsers.types import ListingEntry, Relation

ANN_BASE = "https://www.animenewsnetwork.com/"
# Relation elements of the API; `rel` says what the *related* entry is to this one
# ("sequel": the related entry is the sequel; "sequel of": this one is the sequel of it).
RELATION_TAGS = ("related-prev", "related-next")
# Trailing "(TV 2)", "(movie)" in an ANN name: the format ANN gives the entry.
_NAME_FORMAT = re.compile(r"\s*\(([^()]*)\)\s*$")
# The article id: the number after "/." in news URLs; equals the RSS guid's cms id.
_ARTICLE_ID = re.compile(r"/\.(\d+)(?:[/?#]|$)")

def article_id(url: str) -> str | None:
    """ANN's numeric article id from a news/review URL ("/news/2025-01-31/slug/.220666")."""
    match = _ARTICLE_ID.search(url)
    return match.group(1) if match else None


def name_format(name: str) -> str | None:
    """The bracketed format at the end of an ANN name: "TV 2", "movie", "OAV"."""
    match = _NAME_FORMAT.search(name or "")
    return match.group(1).strip() if match else None


@dataclass(frozen=True)
class AnnEntry:
    """One `<anime>` (or `<manga>`) of an api.xml answer."""

    id: str
    kind: str                          # anime | manga
    name: str
    type: str | None                   # TV, movie, OAV, ...
    precision: str | None              # TV 2, ...
    vintage: str | None
    news: tuple[ListingEntry, ...] = ()
    relations: tuple[Relation, ...] = ()
    extra: dict[str, str] = field(default_factory=dict)


@dataclass(frozen=True)
class AnnApiResult:
    entries: tuple[AnnEntry, ...]
    warnings: tuple[str, ...] = ()     # "no result for anime=..." and the like
    ok: bool = True                    # False when the document is not an <ann> answer


def _root(body: bytes) -> lxml.etree._Element | None:
    return xmlsafe.fromstring(body)


def _inner_text(elem: lxml.etree._Element) -> str:
    return normalise_space("".join(elem.itertext()))


def _api_entry(elem: lxml.etree._Element, base: str) -> AnnEntry | None:
    ident = (elem.get("id") or "").strip()
    if not ident:
        return None
    news: list[ListingEntry] = []
    relations: list[Relation] = []
    vintage = None
    for child in elem:
        tag = child.tag if isinstance(child.tag, str) else ""
        if tag == "news" and child.get("href"):
            url = urljoin(base, child.get("href").strip())
            news.append(ListingEntry(
                url=url, title=clip(_inner_text(child), 1000) or None,
                guid=article_id(url), published=parse_iso_date(child.get("datetime"))))
        elif tag in RELATION_TAGS and child.get("id"):
            relations.append(Relation(
                provider="ann", subject_id=ident, related_id=child.get("id").strip(),
                relation=(child.get("rel") or tag).strip(),
                related_type="MANGA" if child.get("manga") else None,
                url=urljoin(ANN_BASE, f"encyclopedia/anime.php?id={child.get('id').strip()}")))
        elif tag == "info" and child.get("type") == "Vintage" and vintage is None:
            vintage = _inner_text(child) or None
    return AnnEntry(
        id=ident, kind=str(elem.tag), name=normalise_space(elem.get("name") or ""),
        type=elem.get("type"), precision=elem.get("precision"), vintage=vintage,
        news=tuple(news), relations=tuple(relations))


def parse_api(body: bytes, url: str = ANN_BASE) -> AnnApiResult:
    """Parse an `api.xml?anime=<id>[/<id>...]` answer."""
    root = _root(body)
    if root is None or root.tag != "ann":
        return AnnApiResult(entries=(), ok=False)
    warnings = tuple(_inner_text(w) for w in root.iter("warning"))
    entries = [e for e in (_api_entry(el, url) for el in root if el.tag in {"anime", "manga"})
               if e is not None]
    return AnnApiResult(entries=tuple(entries), warnings=warnings)


@dataclass(frozen=True)
class ReportItem:
    """A row of `reports.xml`: the entry id, its name, and the report's other columns."""

    id: str
    name: str
    url: str | None
    date: dt.datetime | None          # date_added (US-Eastern server time) when present
    fields: dict[str, str]


def _report_id(item: lxml.etree._Element) -> tuple[str | None, str, str | None]:
    link = item.find("anime")
    if link is None:
        link = item.find("manga")
    if link is not None and link.get("href"):
        query = parse_qs(urlparse(link.get("href")).query)
        ident = (query.get("id") or [None])[0]
        return ident, _inner_text(link), urljoin(ANN_BASE, link.get("href"))
    ident_el, name_el = item.find("id"), item.find("name")
    ident = ident_el.text.strip() if ident_el is not None and ident_el.text else None
    name = _inner_text(name_el) if name_el is not None else ""
    url = urljoin(ANN_BASE, f"encyclopedia/anime.php?id={ident}") if ident else None
    return ident, name, url


def parse_report(body: bytes) -> list[ReportItem]:
    """Parse a `reports.xml?id=...` answer (148: recently added, 155: titles, 177: aired)."""
    root = _root(body)
    if root is None:
        return []
    items: list[ReportItem] = []
    for item in root.iter("item"):
        ident, name, url = _report_id(item)
        if not ident:
            continue
        fields = {child.tag: _inner_text(child) for child in item
                  if isinstance(child.tag, str) and child.tag not in {"anime", "manga"}}
        added = fields.get("date_added")
        date = parse_iso_date(added.replace(" ", "T"), ANN_TZ) if added else None
        items.append(ReportItem(id=ident, name=name, url=url, date=date, fields=fields))
    return items


@dataclass(frozen=True)
class EncyclopediaPage:
    """What an encyclopedia HTML page (anime.php?id=) says about relations and news."""

    id: str | None
    title: str | None
    relations: tuple[Relation, ...]
    news: tuple[ListingEntry, ...]        # S0: articles about this title
    mentions: tuple[ListingEntry, ...]    # S2: articles with an unverified "greenlink" only


_NEWS_TABS = ('//div[contains(@class,"encyc-info-type") and contains(@class,"articles")]'
              '[strong[starts-with(normalize-space(.),"News")]]//div[contains(@class,"tab")]')


def _page_news(sel: Selector, url: str, now: dt.datetime) -> tuple[list[ListingEntry], ...]:
    own: list[ListingEntry] = []
    mentions: list[ListingEntry] = []
    for tab in sel.xpath(_NEWS_TABS):
        href = tab.css("a::attr(href)").get()
        if not href:
            continue
        link = urljoin(url, href)
        classes = set((tab.attrib.get("class") or "").split())
        group = "S2" if "S2" in classes else "S0"
        entry = ListingEntry(
            url=link,
            title=normalise_space("".join(tab.css("a ::text").getall())) or None,
            guid=article_id(link),
            # Page dates carry no time and follow the reader's edition: a day, in UTC.
            published=parse_month_day(tab.css("small::text").get(), now=now),
            extra={"group": group})
        (mentions if group == "S2" else own).append(entry)
    return own, mentions


def parse_encyclopedia_page(body: bytes | str, url: str, *, now: dt.datetime | None = None,
                            ) -> EncyclopediaPage:
    """Parse an encyclopedia anime page: its relations ("(sequel)") and per-title news."""
    text = body.decode("utf-8", "replace") if isinstance(body, bytes) else body
    sel = Selector(text=text)
    now = now or dt.datetime.now(dt.UTC)
    subject = (parse_qs(urlparse(url).query).get("id") or [None])[0]
    relations: list[Relation] = []
    for link in sel.css("#infotype-related a"):
        href = link.attrib.get("href") or ""
        following = normalise_space(link.xpath("following-sibling::text()[1]").get() or "")
        match = re.match(r"^\(([^()]+)\)", following)
        if not match:  # "]" after the "adapted from" link, or nothing
            continue
        query = parse_qs(urlparse(href).query)
        name = normalise_space("".join(link.css("::text").getall()))
        relations.append(Relation(
            provider="ann", subject_id=subject or "", related_id=(query.get("id") or [""])[0],
            relation=match.group(1).strip(), related_title=name or None,
            related_format=name_format(name),
            related_type="MANGA" if "manga.php" in href else "ANIME",
            url=urljoin(url, href)))
    own, mentions = _page_news(sel, url, now)
    title = normalise_space(sel.css("h1#page_header ::text").get() or "") or None
    return EncyclopediaPage(id=subject, title=title, relations=tuple(relations),
                            news=tuple(own), mentions=tuple(mentions))

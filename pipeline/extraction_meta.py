"""Article metadata from a parsed page: JSON-LD, Open Graph, meta tags, bylines, dates.

Pure functions over an lxml tree (no I/O). ``pipeline.extraction`` calls :func:`read_metadata`;
Dates are parsed by ``pipeline.extraction_dates.parse_date``.

Order of sources (measured on the saved pages in ``shared/realweb/generic``, NOTES.md section 6):
JSON-LD article object, then ``article:*`` / Open Graph meta tags, then other meta tags, then the
markup (``<time datetime>``, ``<h1>``, byline elements, ``<title>``).
"""

from __future__ import annotations

import json
import logging
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from datetime import datetime
from urllib.parse import urljoin, urlsplit

from lxml import html as lxml_html

from pipeline.extraction_dates import parse_date
from pipeline.extraction_lang import normalise_language

logger = logging.getLogger(__name__)

# --- vocabularies ---------------------------------------------------------------------------

# schema.org types that describe "the article on this page" (subtypes of Article included).
ARTICLE_TYPES = frozenset({
    "Article", "NewsArticle", "BlogPosting", "ReportageNewsArticle", "AnalysisNewsArticle",
    "OpinionNewsArticle", "BackgroundNewsArticle", "ReviewNewsArticle", "LiveBlogPosting",
    "Report", "TechArticle", "SocialMediaPosting", "DiscussionForumPosting",
})

# Meta keys (property/name/itemprop, lower-cased) per field, best first.
PUBLISHED_KEYS = ("article:published_time", "datepublished", "og:published_time",
                  "sailthru.date", "parsely-pub-date", "dc.date.issued", "dcterms.issued",
                  "dc.date", "pubdate", "publishdate", "date")
UPDATED_KEYS = ("article:modified_time", "datemodified", "og:updated_time", "dcterms.modified",
                "last-modified")
AUTHOR_KEYS = ("author", "sailthru.author", "article:author", "parsely-author", "dc.creator",
               "byl")
TITLE_KEYS = ("og:title", "twitter:title", "sailthru.title", "dc.title")
SITE_NAME_KEYS = ("og:site_name", "application-name", "apple-mobile-web-app-title")
DESCRIPTION_KEYS = ("og:description", "description", "twitter:description")
LANGUAGE_KEYS = ("og:locale", "content-language", "language", "dc.language")

# Byline markup used by WordPress/Yoast/hAtom-style themes. One cheap XPath pass finds the
# candidates (big pages have 15,000 elements); _byline_rank orders them, best first:
# itemprop=author, rel=author, class author-name, .byline .author, .vcard .fn.
BYLINE_CANDIDATES_XPATH = ('//*[@itemprop="author" or @rel="author" or contains(@class, "author")'
                           ' or contains(@class, "fn")]')
BYLINE_MAX_CANDIDATES = 50
IN_COMMENTS_XPATH = ('ancestor::*[contains(translate(@class, "C", "c"), "comment")'
                     ' or contains(translate(@id, "C", "c"), "comment")]')
BYLINE_PREFIX_RE = re.compile(r"^(?:by|von|di|por|par|written by|text:?)\s+", re.IGNORECASE)

# Separators between a headline and the site name in <title> ("Story | Site", "Story - Site").
TITLE_SEPARATOR_RE = re.compile(r"\s+[|\-–—·•»:]\s+|\s*[｜：]\s*")

# Tokens for comparing headlines: one CJK character, or a run of other letters, or digits.
CJK_OR_WORD_RE = re.compile(r"[\u3040-\u30ff\u3400-\u9fff\uac00-\ud7af]"
                            r"|[^\W\d_\u3040-\u30ff\u3400-\u9fff\uac00-\ud7af]+|\d+")

# Bounds on untrusted values.
MAX_FIELD_CHARS = {"headline": 500, "author": 200, "site_name": 200, "description": 1000}
MAX_JSONLD_SCRIPTS = 20
MAX_JSONLD_CHARS = 300_000
MAX_JSONLD_OBJECTS = 500


@dataclass
class PageMeta:
    """Metadata found on a page; ``problems`` lists what was missing or dubious."""

    headline: str | None = None
    published: datetime | None = None
    updated: datetime | None = None
    author: str | None = None
    declared_language: str | None = None
    site_name: str | None = None
    description: str | None = None
    canonical_url: str | None = None
    problems: list[str] = field(default_factory=list)


# --- small helpers --------------------------------------------------------------------------

def clean_space(value: object, limit: int | None = None) -> str | None:
    """Collapse whitespace; None for empty or non-string values; cut to ``limit`` chars."""
    if not isinstance(value, str):
        return None
    text = " ".join(value.split())
    if limit is not None:
        text = text[:limit]
    return text or None


def _meta_tags(tree: lxml_html.HtmlElement) -> dict[str, str]:
    """First non-empty content per meta key (property, name, itemprop or http-equiv)."""
    found: dict[str, str] = {}
    for meta in tree.iter("meta"):
        content = clean_space(meta.get("content"))
        if content is None:
            continue
        for attr in ("property", "name", "itemprop", "http-equiv"):
            key = (meta.get(attr) or "").strip().lower()
            if not key:
                continue
            # Some sites (Reuters) write "og:article:published_time".
            key = key.removeprefix("og:") if key.startswith("og:article:") else key
            found.setdefault(key, content)
    return found


def _first(mapping: dict[str, str], keys: Iterable[str]) -> str | None:
    return next((mapping[k] for k in keys if mapping.get(k)), None)


# --- JSON-LD --------------------------------------------------------------------------------

def _walk_json(node: object, depth: int = 0) -> Iterator[dict]:
    """Yield every dict in a JSON-LD document (top-level lists, @graph, nested objects)."""
    if depth > 6:
        return
    if isinstance(node, list):
        for item in node:
            yield from _walk_json(item, depth + 1)
    elif isinstance(node, dict):
        yield node
        for key in ("@graph", "mainEntity", "itemListElement"):
            if key in node:
                yield from _walk_json(node[key], depth + 1)


def json_ld_objects(tree: lxml_html.HtmlElement) -> list[dict]:
    """All JSON-LD objects of the page; broken scripts are skipped (logged at debug)."""
    objects: list[dict] = []
    scripts = tree.xpath('//script[contains(translate(@type, "LDJSON", "ldjson"), "ld+json")]')
    for script in scripts[:MAX_JSONLD_SCRIPTS]:
        raw = (script.text or "")[:MAX_JSONLD_CHARS].strip()
        # Vox and others wrap the JSON in CDATA or HTML comments.
        raw = re.sub(r"^(?:<!\[CDATA\[|<!--)|(?:\]\]>|-->)$", "", raw).strip()
        if not raw:
            continue
        try:
            data = json.loads(raw, strict=False)
        except (ValueError, RecursionError) as exc:
            logger.debug("unreadable JSON-LD skipped: %s", exc)
            continue
        objects.extend(_walk_json(data))
        if len(objects) > MAX_JSONLD_OBJECTS:
            break
    return objects[:MAX_JSONLD_OBJECTS]


def _types(obj: dict) -> set[str]:
    kind = obj.get("@type")
    kinds = kind if isinstance(kind, list) else [kind]
    return {k.rsplit("/", 1)[-1] for k in kinds if isinstance(k, str)}


def _names(value: object, index: dict[str, dict]) -> list[str]:
    """Names from a JSON-LD author/publisher value (string, object, @id reference, list)."""
    values = value if isinstance(value, list) else [value]
    names: list[str] = []
    for item in values[:10]:
        if isinstance(item, dict) and "name" not in item and isinstance(item.get("@id"), str):
            item = index.get(item["@id"], item)
        name = item.get("name") if isinstance(item, dict) else item
        text = clean_space(name, MAX_FIELD_CHARS["author"])
        if text and not text.startswith(("http://", "https://")):
            names.append(text)
    return names


def _from_json_ld(objects: list[dict]) -> dict[str, object]:
    """Fields of the first article object (headline, dates, author, publisher, language)."""
    index = {o["@id"]: o for o in objects if isinstance(o.get("@id"), str)}
    article = next((o for o in objects if _types(o) & ARTICLE_TYPES), None)
    website = next((o for o in objects if "WebSite" in _types(o)), None)
    out: dict[str, object] = {}
    if article is not None:
        out["headline"] = clean_space(article.get("headline")) or clean_space(article.get("name"))
        out["published"] = clean_space(article.get("datePublished") or article.get("dateCreated"))
        out["updated"] = clean_space(article.get("dateModified"))
        out["authors"] = _names(article.get("author"), index)
        publisher = _names(article.get("publisher"), index)
        out["site_name"] = publisher[0] if publisher else None
        out["description"] = clean_space(article.get("description"))
        lang = article.get("inLanguage")
        out["language"] = clean_space(lang if isinstance(lang, str) else None)
    if not out.get("site_name") and website is not None:
        out["site_name"] = clean_space(website.get("name"))
    return out


# --- dates ----------------------------------------------------------------------------------

def _first_date(values: list[object], now: datetime | None, what: str,
                problems: list[str]) -> datetime | None:
    """First date with a zone among ``values`` (best source first), else the first naive one."""
    naive: tuple[datetime, str] | None = None
    rejected: list[str] = []
    for value in values:
        parsed, problem = parse_date(value if isinstance(value, str) else None, now=now,
                                     what=what)
        if parsed is not None and problem is None:
            return parsed
        if parsed is not None and naive is None:
            naive = (parsed, problem or "")
        elif parsed is None and problem:
            rejected.append(problem)
    problems.extend(rejected[:2])
    if naive is not None:
        problems.append(naive[1])
        return naive[0]
    return None


def _markup_dates(tree: lxml_html.HtmlElement) -> tuple[str | None, str | None]:
    """``<time datetime>`` values: (marked as publication or inside the article, any other).

    The second is a weak source: outside ``<article>``/``<main>`` a ``<time>`` is as likely to
    date a sidebar story as this one.
    """
    marked = tree.xpath('//time[@datetime][@itemprop="datePublished" or @pubdate'
                        ' or contains(@class, "publish") or contains(@class, "entry-date")]'
                        '/@datetime')
    scoped = tree.xpath("//article//time/@datetime | //main//time/@datetime")
    anywhere = tree.xpath("//time/@datetime")
    first = next((v for v in (*marked, *scoped) if v.strip()), None)
    return first, next((v for v in anywhere if v.strip()), None)


# --- headline, author, canonical ------------------------------------------------------------

def _tokens(text: str) -> set[str]:
    """Words, or single characters in CJK scripts (which do not separate words)."""
    return set(CJK_OR_WORD_RE.findall(text.lower()))


def _similar(a: str, b: str) -> float:
    """Share of ``a``'s tokens found in ``b``."""
    ta, tb = _tokens(a), _tokens(b)
    return len(ta & tb) / len(ta) if ta else 0.0


def strip_site_suffix(title: str, site_name: str | None, *, guess: bool = False) -> str:
    """Remove a trailing (or leading) site name segment such as ``" | Reuters"``.

    With ``guess`` (for ``<title>``, which nearly always carries the site name), a short last
    segment is removed even when the site name is unknown.
    """
    parts = TITLE_SEPARATOR_RE.split(title)
    if len(parts) < 2:
        return title
    seps = TITLE_SEPARATOR_RE.findall(title)
    site = (site_name or "").lower()
    last, first = parts[-1].strip().lower(), parts[0].strip().lower()
    if site and len(last) >= 3 and (last in site or site in last):
        return title[: len(title) - len(parts[-1]) - len(seps[-1])].strip()
    if site and len(first) >= 3 and (first in site or site in first):
        return title[len(parts[0]) + len(seps[0]):].strip()
    # Unknown site name: a short last segment after " | " or " - " is most likely the site.
    short_last = len(parts[-1].split()) <= 4 and len(parts[-1]) <= 30
    if guess and short_last and len(title) - len(parts[-1]) > 15:
        return title[: len(title) - len(parts[-1]) - len(seps[-1])].strip()
    return title


def choose_headline(candidates: list[str | None], title_tag: str | None,
                    site_name: str | None) -> str | None:
    """Pick the headline: the first candidate agreeing with ``<title>``, else the cleaned title.

    Sites A/B-test headlines, so JSON-LD, og:title, h1 and <title> can all differ; the <title>
    element is the reference (as Readability does). Measured on the saved pages: this matches
    every ground-truth title (JSON-LD first fails on time.com, og:title first on vox.com).
    """
    cleaned = [strip_site_suffix(c, site_name) for c in candidates if c]
    title = strip_site_suffix(title_tag, site_name, guess=True) if title_tag else None
    if title is None:
        return cleaned[0] if cleaned else None
    for candidate in cleaned:
        if _similar(candidate, title) >= 0.75 and _similar(title, candidate) >= 0.75:
            return candidate
    if len(title) >= 10 or not cleaned:
        return title
    return cleaned[0]


def _has_class_above(node: lxml_html.HtmlElement, name: str) -> bool:
    return bool(node.xpath(f'ancestor::*[contains(concat(" ", normalize-space(@class), " "),'
                           f' " {name} ")]'))


def _byline_rank(node: lxml_html.HtmlElement) -> int | None:
    classes = set((node.get("class") or "").split())
    if node.get("itemprop") == "author":
        return 0
    if node.tag == "a" and "author" in (node.get("rel") or "").split():
        return 1
    if "author-name" in classes:
        return 2
    if "author" in classes and _has_class_above(node, "byline"):
        return 3
    if "fn" in classes and _has_class_above(node, "vcard"):
        return 4
    return None


def _byline(tree: lxml_html.HtmlElement) -> str | None:
    """Author from byline markup, skipping the authors of reader comments."""
    ranked = []
    for order, node in enumerate(tree.xpath(BYLINE_CANDIDATES_XPATH)[:BYLINE_MAX_CANDIDATES]):
        rank = _byline_rank(node)
        if rank is not None and not node.xpath(IN_COMMENTS_XPATH):
            ranked.append((rank, order, node))
    for _rank, _order, node in sorted(ranked, key=lambda item: item[:2]):
        names = node.xpath('.//*[@itemprop="name"]') if node.get("itemprop") == "author" else []
        text = clean_space((names[0] if names else node).text_content(),
                           MAX_FIELD_CHARS["author"])
        if text:
            text = BYLINE_PREFIX_RE.sub("", text)
            if 0 < len(text.split()) <= 6 and len(text) <= 80:
                return text
    return None


def resolve_canonical(href: str | None, url: str, problems: list[str]) -> str | None:
    """Absolute canonical URL, or None when unusable (reason added to ``problems``)."""
    href = clean_space(href, 2000)
    if not href:
        return None
    absolute = urljoin(url, href).split("#", 1)[0]
    parts, page = urlsplit(absolute), urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.netloc:
        problems.append(f"canonical url ignored (not http/https): {href!r}")
        return None
    if parts.path in ("", "/") and page.path not in ("", "/") and not parts.query:
        # A site-wide template bug: every page claims the home page as canonical.
        problems.append(f"canonical url ignored (points to the site root): {href!r}")
        return None
    if parts.hostname != page.hostname:
        problems.append(f"canonical url on another host: {parts.hostname}")
    return absolute


def _node_texts(tree: lxml_html.HtmlElement, xpath: str) -> list[str]:
    return [t for t in (clean_space(n.text_content()) for n in tree.xpath(xpath)[:5]) if t]


# --- entry point ----------------------------------------------------------------------------

def read_metadata(tree: lxml_html.HtmlElement, url: str, *,
                  now: datetime | None = None) -> PageMeta:
    """Collect headline, dates, author, language, site name, description and canonical URL."""
    meta = PageMeta()
    tags = _meta_tags(tree)
    ld = _from_json_ld(json_ld_objects(tree))

    meta.site_name = clean_space(ld.get("site_name") or _first(tags, SITE_NAME_KEYS),
                                 MAX_FIELD_CHARS["site_name"])
    h1s = _node_texts(tree, "//article//h1 | //main//h1") or _node_texts(tree, "//h1")
    titles = _node_texts(tree, "//head/title") or _node_texts(tree, "//title")
    candidates = [ld.get("headline"), *(tags.get(k) for k in TITLE_KEYS), *h1s[:1]]
    headline = choose_headline([c for c in candidates if isinstance(c, str)],
                               titles[0] if titles else None, meta.site_name)
    meta.headline = clean_space(headline, MAX_FIELD_CHARS["headline"])

    in_article, elsewhere = _markup_dates(tree)
    meta.published = _first_date(
        [ld.get("published"), *(tags.get(k) for k in PUBLISHED_KEYS), in_article],
        now, "published date", meta.problems)
    if meta.published is None and elsewhere:
        meta.published = _first_date([elsewhere], now, "published date", meta.problems)
        if meta.published is not None:
            meta.problems.append("published date from a <time> outside the article")
    meta.updated = _first_date([ld.get("updated"), *(tags.get(k) for k in UPDATED_KEYS)],
                               now, "updated date", meta.problems)

    authors = ld.get("authors") or []
    # article:author is often a profile URL, not a name.
    tag_author = next((tags[k] for k in AUTHOR_KEYS
                       if tags.get(k) and not tags[k].startswith(("http://", "https://"))), None)
    if not authors and tag_author:
        authors = [tag_author]
    author = ", ".join(authors) if authors else _byline(tree)
    meta.author = clean_space((author or "").strip(" ,;|/"), MAX_FIELD_CHARS["author"])

    meta.description = clean_space(_first(tags, DESCRIPTION_KEYS) or ld.get("description"),
                                   MAX_FIELD_CHARS["description"])
    for raw in (tree.get("lang"), tree.get("xml:lang"), ld.get("language"),
                *(tags.get(k) for k in LANGUAGE_KEYS)):
        meta.declared_language = normalise_language(raw)
        if meta.declared_language:
            break

    hrefs = tree.xpath('//link[contains(concat(" ", normalize-space(@rel), " "), " canonical ")]'
                       "/@href")
    for href in (*hrefs[:1], tags.get("og:url")):
        meta.canonical_url = resolve_canonical(href, url, meta.problems)
        if meta.canonical_url:
            break
    return meta

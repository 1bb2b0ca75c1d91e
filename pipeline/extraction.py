"""Article extraction: fetched page bytes -> headline, main text, dates, author, language.

``extract_article`` is pure and never raises on bad input: what it could not get is listed in
``ExtractedArticle.problems``. Main text comes from trafilatura (comments, tables and links
excluded), cleaned of link lists, datelines and boilerplate lines (``extraction_clean``); when
trafilatura finds little (under 150 characters), a BeautifulSoup fallback takes the
article/main element or the largest block of paragraphs. Metadata: ``extraction_meta``;
bytes to text: ``extraction_decode``; dates: ``extraction_dates``; language: ``extraction_lang``.

trafilatura is CPU-bound (10-50 ms on a 100-250 kB article page here, 100-600 ms on huge
database pages): callers inside the Scrapy reactor must run ``extract_article`` in a thread
(``deferToThread``), never inline. It is thread-safe. For bulk re-classification use
``extract_text_fast`` (regex only, no layout analysis, about 1-3 ms per page).
"""

from __future__ import annotations

import html
import logging
import re
import threading
from dataclasses import asdict, dataclass
from datetime import datetime

import lxml.etree
import trafilatura
from lxml import html as lxml_html

from pipeline import extraction_fallback
from pipeline.extraction_clean import (
    clean_lines,
    link_texts,
    normalise_tree,
    prune_comment_sections,
)
from pipeline.extraction_decode import decode_body
from pipeline.extraction_lang import guess_language, script_language
from pipeline.extraction_meta import PageMeta, read_metadata

logger = logging.getLogger(__name__)

METHODS = ("trafilatura", "fallback", "none")
DEFAULT_MAX_BYTES = 5_000_000
MAX_TEXT_CHARS = 200_000
# Below this many characters a trafilatura result is compared with the fallback's.
SHORT_TEXT_CHARS = 150

CONTROL_CHARS_RE = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
XML_DECLARATION_RE = re.compile(r"^\s*<\?xml[^>]*\?>")
BINARY_CONTROL_SHARE = 0.1

# lxml parser objects must not be shared between threads, and callers run extraction in a
# thread pool: one parser per thread.
_PARSERS = threading.local()


def _html_parser() -> lxml_html.HTMLParser:
    parser = getattr(_PARSERS, "parser", None)
    if parser is None:
        parser = lxml_html.HTMLParser(remove_comments=True, remove_pis=True, no_network=True,
                                      collect_ids=False)
        _PARSERS.parser = parser
    return parser


@dataclass(frozen=True)
class ExtractedArticle:
    """What an article page says about itself. Dates are timezone-aware or None.

    ``canonical_url`` is the page's usable canonical URL, else ``url`` itself (then "no canonical
    url" is among the problems). ``encoding`` is the codec the bytes were decoded with.
    """

    url: str
    canonical_url: str | None
    headline: str | None
    text: str
    published: datetime | None
    updated: datetime | None
    author: str | None
    language: str | None
    site_name: str | None
    description: str | None
    method: str                     # "trafilatura" | "fallback" | "none"
    problems: tuple[str, ...] = ()
    encoding: str | None = None     # None for str input

    def to_dict(self) -> dict[str, object]:
        """JSON-ready dict (dates as ISO-8601 strings, problems as a list)."""
        out = asdict(self)
        for key in ("published", "updated"):
            value = out[key]
            out[key] = value.isoformat() if value is not None else None
        out["problems"] = list(self.problems)
        return out


# --- parsing and pruning --------------------------------------------------------------------

def _parse(text: str) -> lxml_html.HtmlElement | None:
    # lxml refuses str input with an encoding declaration and with control characters.
    cleaned = CONTROL_CHARS_RE.sub(" ", XML_DECLARATION_RE.sub("", text, count=1))
    if not cleaned.strip():
        return None
    try:
        return lxml_html.document_fromstring(cleaned, parser=_html_parser())
    except (lxml.etree.ParserError, ValueError) as exc:
        logger.debug("lxml could not parse the page: %s", exc)
        return None


# --- main text ------------------------------------------------------------------------------

def _trafilatura_text(tree: lxml_html.HtmlElement, url: str, fast: bool) -> str:
    """trafilatura's main text ("" when it finds none). Comments, tables, links excluded."""
    try:
        document = trafilatura.bare_extraction(
            tree, url=url, include_comments=False, include_tables=False, include_links=False,
            include_images=False, with_metadata=False, deduplicate=False, fast=fast)
    except Exception:
        # Third-party code on untrusted markup: any failure means "use the fallback".
        logger.warning("trafilatura failed on %s", url, exc_info=True)
        return ""
    return (document.text or "") if document is not None else ""


def _main_text(tree: lxml_html.HtmlElement | None, page: str, url: str, headline: str | None,
               problems: list[str], fast: bool) -> tuple[str, str]:
    """Return ``(text, method)``; fall back to BeautifulSoup when trafilatura finds little."""
    links = link_texts(tree) if tree is not None else {}
    raw = _trafilatura_text(tree, url, fast) if tree is not None else ""
    text = clean_lines(raw, headline, links)
    if len(text) >= SHORT_TEXT_CHARS:
        return text, "trafilatura"
    source = lxml_html.tostring(tree, encoding="unicode") if tree is not None else page
    fallback = clean_lines(extraction_fallback.main_text(source), headline, links)
    if len(fallback) > 2 * len(text):
        problems.append("text from fallback")
        return fallback, "fallback"
    if text:
        return text, "trafilatura"
    return "", "none"


# --- entry points ---------------------------------------------------------------------------

def _looks_binary(text: str) -> bool:
    sample = text[:4096]
    odd = len(CONTROL_CHARS_RE.findall(sample)) + sample.count("\ufffd")
    return bool(sample) and odd / len(sample) > BINARY_CONTROL_SHARE


def _language(meta: PageMeta, text: str, problems: list[str]) -> str | None:
    declared = meta.declared_language
    script = script_language(text)
    if declared and script and declared != script:
        problems.append(f"declared language {declared} contradicts the text ({script})")
        return script
    if declared:
        return declared
    guessed = guess_language(text)
    if guessed is None:
        problems.append("no language")
    return guessed


def extract_article(body: bytes | str, url: str, *, encoding: str | None = None,
                    max_bytes: int = DEFAULT_MAX_BYTES, now: datetime | None = None,
                    fast: bool = False) -> ExtractedArticle:
    """Extract headline, main text and metadata from a fetched page. Never raises on bad markup.

    ``encoding`` is the HTTP header charset, if any. Bodies over ``max_bytes`` (characters for
    ``str``) are truncated before parsing. ``now`` bounds plausible dates (default: current
    time). Missing or dubious fields are listed in ``problems``. ``fast`` skips trafilatura's
    second opinion (readability/jusText): about 2.5x faster, the same text on every saved
    article page, but it loses text on database-like pages (ANN encyclopedia, MAL).
    """
    problems: list[str] = []
    truncated = len(body) > max_bytes
    if truncated:
        body = body[:max_bytes]
        problems.append(f"truncated to {max_bytes} bytes before parsing")
    used_encoding = None
    if isinstance(body, bytes):
        decoded = decode_body(body, encoding, final=not truncated)
        page, used_encoding = decoded.text, decoded.encoding
        problems.extend(decoded.problems)
    else:
        page = _without_surrogates(body, problems)
    empty = ExtractedArticle(url=url, canonical_url=url, headline=None, text="", published=None,
                             updated=None, author=None, language=None, site_name=None,
                             description=None, method="none", encoding=used_encoding,
                             problems=())
    if not page.strip():
        return _with_problems(empty, problems, "empty body")
    if _looks_binary(page):
        return _with_problems(empty, problems, "binary content, not HTML")

    tree = _parse(page)
    meta = read_metadata(tree, url, now=now) if tree is not None else PageMeta()
    if tree is None:
        problems.append("markup could not be parsed")
    else:
        normalise_tree(tree)
        prune_comment_sections(tree)
    headline = meta.headline or (extraction_fallback.headline(page) if tree is None else None)
    text, method = _main_text(tree, page, url, headline, problems, fast)
    if len(text) > MAX_TEXT_CHARS:
        text = text[:MAX_TEXT_CHARS]
        problems.append(f"text truncated to {MAX_TEXT_CHARS} characters")
    problems.extend(meta.problems)
    if not headline:
        problems.append("no headline")
    if not text:
        problems.append("no text")
    if meta.published is None:
        problems.append("no date")
    if meta.canonical_url is None:
        problems.append("no canonical url")
    return ExtractedArticle(
        url=url, canonical_url=meta.canonical_url or url, headline=headline, text=text,
        published=meta.published, updated=meta.updated, author=meta.author,
        language=_language(meta, f"{headline or ''}\n{text}", problems),
        site_name=meta.site_name, description=meta.description, method=method,
        problems=tuple(problems), encoding=used_encoding)


def _without_surrogates(page: str, problems: list[str]) -> str:
    # Lone surrogates (from a bad decode upstream) make lxml refuse the whole page.
    try:
        page.encode("utf-8")
    except UnicodeEncodeError:
        problems.append("undecodable characters replaced")
        return page.encode("utf-8", "replace").decode("utf-8")
    return page


def _with_problems(article: ExtractedArticle, problems: list[str], *extra: str) -> ExtractedArticle:
    return ExtractedArticle(**{**asdict(article), "problems": (*problems, *extra)})


# --- fast text path -------------------------------------------------------------------------

FAST_DROP_RE = re.compile(
    # Browsers read script/style as raw text up to the end tag or the end of the file; the
    # other containers are only dropped when closed, so a missing end tag cannot eat the page.
    # Possessive "unrolled" loops instead of ".*?": 10x faster, and no backtracking blow-up.
    r"<!--(?:[^-]++|-(?!->))*+(?:-->|\Z)"
    r"|<(script|style)\b[^>]*+>(?:[^<]++|<(?!/\1))*+(?:</\1\s*>|\Z)"
    # Not <form>: ASP.NET pages wrap the whole body in one.
    r"|<(noscript|template|svg|title|nav|footer|aside|select)\b[^>]*+>"
    r"(?:[^<]++|<(?!/\2))*+</\2\s*>",
    re.IGNORECASE)
FAST_BLOCK_RE = re.compile(
    r"</?(?:p|div|br|li|ul|ol|h[1-6]|tr|td|th|table|section|article|header|blockquote|pre|dd|dt)"
    r"\b[^>]*>", re.IGNORECASE)
FAST_TAG_RE = re.compile(r"<[^>]*>")
FAST_SPACE_RE = re.compile(r"\s+")
FAST_MAX_CHARS = 2_000_000


def extract_text_fast(html_text: str) -> str:
    """Cheap visible-text approximation: no layout analysis, no metadata.

    Drops comments, scripts, styles, navigation, footers and asides, turns block tags into line
    breaks, unescapes entities and collapses whitespace (``<pre>`` included). Input is cut at
    2,000,000 characters.
    """
    stripped = FAST_DROP_RE.sub(" ", html_text[:FAST_MAX_CHARS])
    # Source line breaks are plain whitespace; only block tags end a line.
    stripped = FAST_SPACE_RE.sub(" ", stripped)
    stripped = FAST_TAG_RE.sub("", FAST_BLOCK_RE.sub("\n", stripped))
    lines = (" ".join(line.split()) for line in html.unescape(stripped).splitlines())
    return "\n".join(line for line in lines if line)

"""Article extraction: fetched page bytes -> headline, main text, dates, author, language.

``extract_article`` is pure and never raises on bad input: what it could not get is listed in
``ExtractedArticle.problems``. Main text comes from trafilatura (comments excluded), cleaned of
link lists, bylines and boilerplate lines; when trafilatura finds nothing, a BeautifulSoup
fallback takes the article/main element or the largest block of paragraphs.

trafilatura is CPU-bound (about 10-30 ms on an 80 kB page, more on huge ones): callers inside
the Scrapy reactor must run ``extract_article`` in a thread (``deferToThread``), never inline.
For bulk re-classification use ``extract_text_fast`` (regex only, no layout analysis).
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
from pipeline.extraction_decode import decode_body
from pipeline.extraction_lang import guess_language, script_language
from pipeline.extraction_meta import PageMeta, clean_space, read_metadata

logger = logging.getLogger(__name__)

METHODS = ("trafilatura", "fallback", "none")
DEFAULT_MAX_BYTES = 5_000_000
MAX_TEXT_CHARS = 200_000
# Below this many characters a trafilatura result is compared with the fallback's.
SHORT_TEXT_CHARS = 150

# --- vocabularies for cleaning extracted lines ----------------------------------------------

# Headings that open a reader-comment section in layouts trafilatura cannot recognise
# (no "comment" class or id), e.g. an old table layout with <div class="titlebar">Kommentare.
COMMENT_HEADING_RE = re.compile(
    r"^\W*(?:\d+\s+)?(?:comments?|reader comments|leave a (?:comment|reply)|kommentare?"
    r"|kommentare schreiben|commenti|lascia un commento|commentaires?|comentarios?"
    r"|comentários?|deja un comentario|コメント(?:一覧|する)?)\W*(?:\(\d+\))?\W*$",
    re.IGNORECASE)
COMMENT_HEADING_TAGS = ("h1", "h2", "h3", "h4", "h5", "h6", "div", "p", "dt", "legend", "header")
COMMENT_MIN_TEXT_BEFORE = 200

# Short lines that are site chrome, not article text (checked on lines <= 100 characters).
BOILERPLATE_LINE_RES = (
    # copyright and rights notices
    re.compile(r"all rights reserved|tutti i diritti riservati|alle rechte vorbehalten"
               r"|todos los derechos reservados|tous droits réservés|無断転載|無断複製"
               r"|copyright\s*(?:©|\(c\)|\d{4})|©\s*\d{4}", re.IGNORECASE),
    # ad labels
    re.compile(r"^(?:advertisement|anzeige|pubblicità|publicidad|publicité|広告"
               r"|スポンサーリンク|sponsored(?: content)?)$", re.IGNORECASE),
    # sharing, newsletters, "read more", related-article labels
    re.compile(r"^(?:share|teilen|condividi|compartir|partager)(?: this| on| via|$)"
               r"|(?:sign up|subscribe|register)\b.{0,40}\bnewsletter"
               r"|^(?:read more|continue reading|weiterlesen|leggi anche|leer más|lire aussi)\b"
               r"|^(?:related(?: articles| stories| coverage)?|more from|you may also like"
               r"|recommended|関連記事|関連ニュース)\W*$", re.IGNORECASE),
    # Japanese paywall and account chrome
    re.compile(r"会員登録|ログイン|記事保存|有料会員|会員の方はこちら|プランを選択|詳しくはこちら$"),
)
BOILERPLATE_MAX_CHARS = 100

# A line starting with a date (times and zone names aside) plus at most a name: a dateline.
MONTH_NAMES_BY_LANGUAGE = {
    "en": "january february march april may june july august september october november december "
          "jan feb mar apr jun jul aug sep sept oct nov dec",
    "de": "januar februar märz mai juni juli oktober dezember",
    "it": "gennaio febbraio marzo aprile maggio giugno luglio agosto settembre ottobre dicembre",
    "fr": "janvier février mars avril juin juillet août septembre octobre novembre décembre",
    "es": "enero febrero abril mayo junio julio septiembre octubre noviembre diciembre",
    "pt": "janeiro fevereiro março maio junho julho setembro outubro novembro dezembro",
}
MONTH_NAMES = frozenset(w for names in MONTH_NAMES_BY_LANGUAGE.values() for w in names.split())
_MONTH = "(?:" + "|".join(sorted(MONTH_NAMES, key=len, reverse=True)) + r")\.?"
DATELINE_TIME_RE = re.compile(r"\b\d{1,2}:\d{2}(?::\d{2})?(?:\s*[ap]\.?m\.?)?(?:\s+[A-Z]{2,5}\b)?",
                              re.IGNORECASE)
DATELINE_RE = re.compile(
    rf"^\W*(?:[^\W\d_]+,\s+)?(?:\d{{1,2}}\.?\s+(?:de\s+)?{_MONTH}\s+(?:de\s+)?\d{{4}}"
    rf"|{_MONTH}\s+\d{{1,2}}(?:st|nd|rd|th)?,?\s+\d{{4}}"
    r"|\d{4}[-/.]\d{1,2}[-/.]\d{1,2}|\d{1,2}[-/.]\d{1,2}[-/.]\d{2,4}|\d{4}年\d{1,2}月\d{1,2}日)",
    re.IGNORECASE)
DATELINE_MAX_CHARS = 60
DATELINE_MAX_WORDS = 3

# Lines covered this much by the text of a single link are link lists / related stories.
LINK_LINE_MAX_CHARS = 150
LINK_LINE_MIN_COVER = 0.6
LIST_MARKER_RE = re.compile(r"^[\s\-*•·>＞|]+")
EDGE_PUNCT = " .,:;!?|…。、"

RAW_TEXT_TAGS = frozenset({"pre", "textarea", "script", "style", lxml.etree.Comment})
NEWLINES_RE = re.compile(r"\s*\n\s*")
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
    """What an article page says about itself. Dates are timezone-aware or None."""

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
    encoding: str | None = None     # codec the bytes were decoded with (None for str input)

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


def prune_comment_sections(tree: lxml_html.HtmlElement) -> int:
    """Remove reader-comment sections opened by an untagged heading; return how many.

    The heading and everything after it at its level go; when that empties the parent, the
    parent's following siblings go too (a heading wrapped in its own ``<div>``). A heading
    with little text before it is left alone: it is a counter in the article's header.
    """
    headings = [el for el in tree.iter(*COMMENT_HEADING_TAGS)
                if len(el.text_content()) <= 40
                and COMMENT_HEADING_RE.match(" ".join(el.text_content().split()))
                and not el.xpath(".//a | ancestor::a")]
    removed = 0
    for heading in headings:
        if heading.getparent() is None or _text_before(heading) < COMMENT_MIN_TEXT_BEFORE:
            continue
        node = heading
        for _level in range(3):
            parent = node.getparent()
            if parent is None or parent.tag == "html":
                break
            for sibling in [node, *node.itersiblings()]:
                parent.remove(sibling)
            removed += 1
            if parent.tag in ("body", "article", "main") or parent.text_content().strip():
                break
            node = parent
    return removed


def _text_before(node: lxml_html.HtmlElement) -> int:
    texts = node.xpath("preceding::text()[not(ancestor::script or ancestor::style"
                       " or ancestor::head)]")
    return sum(len(t.strip()) for t in texts)


def _normalise_tree(tree: lxml_html.HtmlElement) -> None:
    """Drop inert ``<template>`` content; make source line breaks plain spaces (as HTML does).

    trafilatura keeps newlines of text held directly in ``<div>``s, which would split sentences.
    """
    lxml.etree.strip_elements(tree, "template", with_tail=False)
    for element in tree.iter():
        if element.tag in RAW_TEXT_TAGS:
            continue
        if element.text and "\n" in element.text:
            element.text = NEWLINES_RE.sub(" ", element.text)
        if element.tail and "\n" in element.tail:
            element.tail = NEWLINES_RE.sub(" ", element.tail)


def _link_texts(tree: lxml_html.HtmlElement) -> dict[int, set[str]]:
    """Normalised link texts, grouped by length (for the link-line filter)."""
    by_length: dict[int, set[str]] = {}
    for anchor in tree.iter("a"):
        text = (clean_space(anchor.text_content(), LINK_LINE_MAX_CHARS + 1) or "").strip(EDGE_PUNCT)
        if len(text) > 1:
            by_length.setdefault(len(text), set()).add(text)
    return by_length


def _is_link_line(line: str, links: dict[int, set[str]]) -> bool:
    core = LIST_MARKER_RE.sub("", line).strip(EDGE_PUNCT)
    if not core or len(core) > LINK_LINE_MAX_CHARS:
        return False
    shortest = int(len(core) * LINK_LINE_MIN_COVER) or 1
    for length in range(len(core), shortest - 1, -1):
        if any(text in core for text in links.get(length, ())):
            return True
    return False


def _is_dateline(line: str) -> bool:
    if len(line) > DATELINE_MAX_CHARS:
        return False
    line = DATELINE_TIME_RE.sub(" ", line)
    match = DATELINE_RE.match(line)
    if match is None:
        return False
    words = [w for w in re.findall(r"[^\W\d_]+", line[match.end():]) if w.lower() != "by"]
    return len(words) <= DATELINE_MAX_WORDS


def _is_boilerplate(line: str) -> bool:
    return len(line) <= BOILERPLATE_MAX_CHARS and any(r.search(line) for r in BOILERPLATE_LINE_RES)


def clean_lines(text: str, headline: str | None, links: dict[int, set[str]]) -> str:
    """Normalise whitespace and drop link lists, datelines, boilerplate and a repeated headline."""
    lines = [" ".join(line.split()) for line in text.splitlines()]
    kept = [line for line in lines
            if line and not _is_link_line(line, links) and not _is_dateline(line)
            and not _is_boilerplate(line)]
    if kept and headline and " ".join(headline.split()) == LIST_MARKER_RE.sub("", kept[0]):
        kept = kept[1:]
    return "\n".join(kept)


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
    links = _link_texts(tree) if tree is not None else {}
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
        page = body
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
        _normalise_tree(tree)
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

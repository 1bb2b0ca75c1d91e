"""Cleaning around trafilatura: the page tree before it, the extracted lines after it.

Before: drop ``<template>`` content, turn source line breaks into spaces, and remove reader
comment sections that carry no "comment" class (old layouts). After: drop lines that are link
lists, datelines/bylines, site chrome, or the headline repeated. Each rule is pinned by a saved
real page in tests/test_extraction.py (love-hina.ch comments and dateline, Reuters trust
footer, remember8090 related links, nikkei paywall chrome, Hollywood Reporter dateline).
"""

from __future__ import annotations

import re

import lxml.etree
from lxml import html as lxml_html

from pipeline.extraction_meta import clean_space

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


def normalise_tree(tree: lxml_html.HtmlElement) -> None:
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


def link_texts(tree: lxml_html.HtmlElement) -> dict[int, set[str]]:
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

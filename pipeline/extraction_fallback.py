"""BeautifulSoup fallback for pages trafilatura finds no text in (or lxml cannot parse).

Uses Python's own ``html.parser`` so it does not share libxml2's failure modes. Picks the
``<article>``/``<main>`` element (or a known article-body class) with the most text, else the
element holding the largest block of paragraphs, else the whole body.
"""

from __future__ import annotations

import logging
import re

from bs4 import BeautifulSoup, Tag

logger = logging.getLogger(__name__)

# --- vocabularies ---------------------------------------------------------------------------

# Elements that never hold article prose. Not <form>: ASP.NET pages wrap the whole body in one.
NON_CONTENT_TAGS = ("script", "style", "noscript", "template", "svg", "iframe", "nav", "footer",
                    "aside", "button", "select", "textarea", "input", "head")
# class/id words of site chrome (matched as whole words of the attribute value).
CHROME_WORDS = frozenset({"comment", "comments", "share", "sharing", "social", "related",
                          "sidebar", "footer", "nav", "navbar", "menu", "breadcrumb",
                          "breadcrumbs", "advert", "ads", "promo", "newsletter", "cookie",
                          "popup", "modal", "subscribe", "disqus", "respond"})
# Containers that usually hold the article, best first.
ARTICLE_SELECTORS = ("article", "main", "[role=main]", "[itemprop=articleBody]",
                     ".entry-content", ".post-content", ".article-body", ".article-content",
                     ".story-body", "#article", "#content")
# Tags after which a line break belongs in the text.
BLOCK_TAGS = ("p", "div", "li", "h1", "h2", "h3", "h4", "h5", "h6", "tr", "td", "th",
              "blockquote", "pre", "section", "article", "dd", "dt", "table", "ul", "ol")
MIN_CONTAINER_CHARS = 200
MAX_INPUT_CHARS = 3_000_000     # html.parser is pure Python: bound its work


def _soup(page: str) -> BeautifulSoup:
    return BeautifulSoup(page[:MAX_INPUT_CHARS], "html.parser")


def _is_chrome(tag: Tag) -> bool:
    classes = tag.get("class") or []
    words = " ".join([*classes, tag.get("id") or ""]).lower()
    if not CHROME_WORDS.intersection(re.split(r"[\s_\-]+", words)):
        return False
    # A wrapper named after a sidebar ("has-sidebar") may still hold the article.
    return tag.find(["article", "main", "h1"]) is None


def _remove_chrome(soup: BeautifulSoup) -> None:
    for tag in soup.find_all(NON_CONTENT_TAGS):
        tag.decompose()
    for tag in soup.find_all(True):
        if not tag.decomposed and tag.attrs is not None and _is_chrome(tag):
            tag.decompose()


def _container(soup: BeautifulSoup) -> Tag | None:
    for selector in ARTICLE_SELECTORS:
        found = [t for t in soup.select(selector)
                 if len(t.get_text(" ", strip=True)) >= MIN_CONTAINER_CHARS]
        if found:
            return max(found, key=lambda t: len(t.get_text(" ", strip=True)))
    # Largest block of paragraphs: credit each parent with its <p> children's text.
    scores: dict[int, tuple[int, Tag]] = {}
    for para in soup.find_all("p"):
        parent = para.parent
        if isinstance(parent, Tag):
            length = len(para.get_text(" ", strip=True))
            total = scores.get(id(parent), (0, parent))[0] + length
            scores[id(parent)] = (total, parent)
    if scores:
        total, best = max(scores.values(), key=lambda item: item[0])
        if total >= MIN_CONTAINER_CHARS:
            return best
    return soup.body or soup


def _text_of(container: Tag) -> str:
    for br in container.find_all("br"):
        br.replace_with("\n")
    for block in container.find_all(BLOCK_TAGS):
        block.insert_before("\n")
        block.insert_after("\n")
    lines = (" ".join(line.split()) for line in container.get_text().splitlines())
    return "\n".join(line for line in lines if line)


def main_text(page: str) -> str:
    """Main text of a page by simple structural rules ("" when there is none)."""
    soup = _soup(page)
    _remove_chrome(soup)
    container = _container(soup)
    return _text_of(container) if container is not None else ""


def headline(page: str) -> str | None:
    """The first ``<h1>``, else ``<title>``, for pages whose metadata could not be read."""
    soup = _soup(page)
    for tag in (soup.find("h1"), soup.find("title")):
        if tag is not None:
            text = " ".join(tag.get_text(" ").split())[:500]
            if text:
                return text
    return None

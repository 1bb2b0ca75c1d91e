"""Plain text from untrusted HTML fragments (feed summaries, API excerpts).

Scraped markup is never rendered: tags are dropped, the content of script-like elements is
dropped with them, entities are decoded, whitespace is collapsed, and the result is bounded.
"""

from __future__ import annotations

import re
from html.parser import HTMLParser

# Elements whose content is never text a reader sees (and may be executable).
SKIP_CONTENT_TAGS = frozenset({
    "script", "style", "noscript", "template", "iframe", "object", "embed", "applet",
    "svg", "math", "head", "title", "select", "textarea",
})
# Elements that separate blocks of text: a space (or line break) goes where they are.
BLOCK_TAGS = frozenset({
    "p", "div", "br", "li", "ul", "ol", "tr", "td", "th", "table", "h1", "h2", "h3", "h4",
    "h5", "h6", "blockquote", "section", "article", "header", "footer", "pre", "hr", "dd", "dt",
})
# Upper bound on the text kept from one fragment (characters).
MAX_TEXT_CHARS = 200_000

# Anything still shaped like a tag after parsing (odd CDATA/declaration nesting that
# html.parser passes through as data) is removed too: plain text never needs it.
_LEFTOVER_TAG = re.compile(r"<[!?/]?[A-Za-z\[][^<>]*>")
_WS = re.compile(r"[ \t\r\f\v\u00a0]+")
_NL = re.compile(r"\s*\n\s*")


class _TextCollector(HTMLParser):
    def __init__(self, limit: int) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self.size = 0
        self.limit = limit
        self.skip_depth = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in SKIP_CONTENT_TAGS:
            self.skip_depth += 1
        elif tag in BLOCK_TAGS:
            self.parts.append("\n")

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in BLOCK_TAGS:
            self.parts.append("\n")

    def handle_endtag(self, tag: str) -> None:
        if tag in SKIP_CONTENT_TAGS:
            self.skip_depth = max(0, self.skip_depth - 1)
        elif tag in BLOCK_TAGS:
            self.parts.append("\n")

    def handle_data(self, data: str) -> None:
        if self.skip_depth or self.size >= self.limit:
            return
        self.parts.append(data)
        self.size += len(data)


def html_to_text(fragment: str | None, *, limit: int = MAX_TEXT_CHARS) -> str:
    """Readable plain text of an HTML fragment ("" for None). Never raises on bad markup."""
    if not fragment:
        return ""
    if "<" not in fragment and "&" not in fragment:
        return normalise_space(fragment[:limit])
    collector = _TextCollector(limit)
    try:
        collector.feed(fragment)
        collector.close()
    except (AssertionError, ValueError):  # html.parser gives up on some malformed declarations
        pass
    text = "".join(collector.parts)[:limit]
    for _ in range(3):
        stripped = _LEFTOVER_TAG.sub("", text)
        if stripped == text:
            break
        text = stripped
    return normalise_space(text)


def normalise_space(text: str) -> str:
    """Collapse runs of spaces, keep single line breaks between blocks, strip the ends."""
    text = _WS.sub(" ", text.replace("\x00", ""))
    return _NL.sub("\n", text).strip()


def clip(text: str | None, limit: int) -> str | None:
    """`text` cut to `limit` characters (None stays None)."""
    if text is None:
        return None
    return text if len(text) <= limit else text[:limit]

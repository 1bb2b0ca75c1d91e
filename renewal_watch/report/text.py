"""Bounding and locating scraped text for reports: truncation, safe links, evidence snippets.

Everything here is pure. Scraped strings (headlines, evidence, errors, URLs) arrive from the
database as untrusted data; these helpers make them short and well-formed, never markup. The
escaping itself is done by the renderer (Jinja2 autoescape for HTML, `md_escape` for Markdown,
the XML writer for Atom).
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlsplit

# --- size bounds (characters) ------------------------------------------------------------------
MAX_HEADLINE = 300
MAX_SUMMARY = 500
MAX_REASON = 1000
MAX_ERROR = 500
MAX_NOTE = 500
MAX_EVIDENCE = 500          # the highlighted sentence itself
EVIDENCE_CONTEXT = 140      # surrounding text shown on each side of the highlight
MAX_URL_SHOWN = 300
MAX_HREF = 2048             # longer URLs are shown as text, never linked
MAX_SNIPPETS = 3            # evidence snippets per source (the classifier's strongest first)

ELLIPSIS = "…"

# Only these schemes become links; anything else (javascript:, data:, file:, ...) is text.
LINK_SCHEMES = frozenset({"http", "https"})

# C0/C1 controls except tab/newline, plus characters XML 1.0 cannot carry at all.
_CONTROL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ufffe\uffff\ud800-\udfff]")
_SPACE = re.compile(r"\s+")


def clean(value: Any) -> str:
    """A string without control characters (None -> "")."""
    if value is None:
        return ""
    return _CONTROL.sub("", str(value))


def one_line(value: Any, limit: int) -> str:
    """Collapse whitespace and truncate to `limit` characters (at a word boundary when near)."""
    return truncate(_SPACE.sub(" ", clean(value)).strip(), limit)


def truncate(text: str, limit: int) -> str:
    """`text` cut to at most `limit` characters, ending in an ellipsis when cut."""
    if len(text) <= limit:
        return text
    cut = text[: max(limit - 1, 0)]
    space = cut.rfind(" ")
    if space > limit * 0.7:  # prefer a word boundary when it loses little
        cut = cut[:space]
    return cut.rstrip() + ELLIPSIS


def safe_href(url: Any) -> str | None:
    """`url` if it may become a link (absolute http/https, bounded, no spaces), else None."""
    if not isinstance(url, str):
        return None
    url = url.strip()
    if not url or len(url) > MAX_HREF or _CONTROL.search(url) or _SPACE.search(url):
        return None
    try:
        parts = urlsplit(url)
    except ValueError:
        return None
    if parts.scheme.lower() not in LINK_SCHEMES or not parts.netloc:
        return None
    return url


def shown_url(url: Any) -> str:
    """A URL as displayed text: one line, bounded."""
    return one_line(url, MAX_URL_SHOWN)


# --- evidence -------------------------------------------------------------------------------


@dataclass(frozen=True)
class Snippet:
    """One evidence sentence with the text around it.

    `before` + `match` + `after` read as a passage; `match` is the evidence to highlight.
    `located` is True when the stored offsets were found in the stored article text (False:
    the text was dropped by retention or changed since, and only the evidence itself is shown).
    """

    before: str
    match: str
    after: str
    field: str
    located: bool


def _as_int(value: Any) -> int | None:
    return value if isinstance(value, int) and not isinstance(value, bool) else None


def _locate(source: str, start: int | None, end: int | None, said: str) -> tuple[int, int] | None:
    """Where the evidence is in `source`: the stored offsets if they agree, else a search."""
    if start is not None and end is not None and 0 <= start < end <= len(source):
        found = source[start:end]
        if not said or _SPACE.sub(" ", found).strip() == _SPACE.sub(" ", said).strip():
            return start, end
    if said:
        at = source.find(said)
        if at >= 0:
            return at, at + len(said)
    return None


def _context_before(source: str, start: int) -> str:
    lo = max(0, start - EVIDENCE_CONTEXT)
    text = source[lo:start]
    if lo > 0:
        space = text.find(" ")
        text = ELLIPSIS + (text[space + 1:] if 0 <= space < len(text) // 3 else text)
    return _SPACE.sub(" ", clean(text)).strip()


def _context_after(source: str, end: int) -> str:
    hi = min(len(source), end + EVIDENCE_CONTEXT)
    text = source[end:hi]
    if hi < len(source):
        space = text.rfind(" ")
        text = (text[:space] if space > len(text) * 2 // 3 else text) + ELLIPSIS
    return _SPACE.sub(" ", clean(text)).strip()


def snippet(evidence: Any, text: str | None, headline: str | None = None) -> Snippet | None:
    """A bounded, located `Snippet` for one stored evidence entry.

    `evidence` is what the classifier stored: a mapping with `text`, `start`, `end` and
    `field` ("text" offsets index the article text, "headline" the headline), or a plain
    string. Returns None for an entry with nothing to show.
    """
    if isinstance(evidence, str):
        evidence = {"text": evidence}
    if not isinstance(evidence, Mapping):
        return None
    said = clean(evidence.get("text"))
    field = str(evidence.get("field") or "text")
    source = headline if field == "headline" else text
    where = _locate(source, _as_int(evidence.get("start")), _as_int(evidence.get("end")), said) \
        if source else None
    if where is None:
        if not said.strip():
            return None
        return Snippet("", one_line(said, MAX_EVIDENCE), "", field if field in ("text", "headline")
                       else "text", located=False)
    start, end = where
    assert source is not None
    return Snippet(
        before=_context_before(source, start),
        match=one_line(source[start:end], MAX_EVIDENCE),
        after=_context_after(source, end),
        field="headline" if field == "headline" else "text",
        located=True,
    )


def snippets(evidence: Any, text: str | None, headline: str | None = None) -> list[Snippet]:
    """Snippets for a stored evidence list (bounded to MAX_SNIPPETS, duplicates dropped)."""
    if not isinstance(evidence, list | tuple):
        return []
    out: list[Snippet] = []
    seen: set[str] = set()
    for entry in evidence:
        found = snippet(entry, text, headline)
        if found is None or found.match in seen:
            continue
        seen.add(found.match)
        out.append(found)
        if len(out) >= MAX_SNIPPETS:
            break
    return out


# --- Markdown ---------------------------------------------------------------------------------

# Characters with inline meaning anywhere in a CommonMark/GFM line (emphasis, code, links,
# images, raw HTML, entities, tables, strikethrough, math on some hosts).
_MD_INLINE = re.compile(r"([\\`*_{}\[\]()<>&|~!$^])")
# Characters that start a block (heading, list, quote, thematic break, setext underline) when
# they open a line.
_MD_BLOCK_START = re.compile(r"^(\s*)([#+\-=>]|\d+(?=[.)]))")


def md_escape(value: Any) -> str:
    """Scraped text made inert in Markdown: one line, metacharacters backslash-escaped."""
    text = _SPACE.sub(" ", clean(value)).strip()
    text = _MD_INLINE.sub(r"\\\1", text)
    return _MD_BLOCK_START.sub(_escape_block_start, text)


def _escape_block_start(match: re.Match[str]) -> str:
    lead, token = match.group(1), match.group(2)
    if token.isdigit():  # "1." / "1)" would start an ordered list: escape the delimiter
        return lead + token + "\\"
    return lead + "\\" + token


def normalise_for_xml(value: Any) -> str:
    """Text XML 1.0 can carry (NFC, no control characters)."""
    return unicodedata.normalize("NFC", clean(value))

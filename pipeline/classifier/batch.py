"""Classify JSON records in bulk: one output line per input line, errors included.

Each record names the title its text is about, so a text that does not repeat the name
(an excerpt) is still judged for that title (``classify(..., assume_title=True)``).

Input record::

    {"id", "title", "aliases", "baseline": {"last_season", "status"}, "published",
     "headline", "text"}

``text`` may be HTML (recognised by its tags); it is reduced to visible text first. The
output is ``{"id", "label", "season", "confidence", "change", "evidence", "reason"}``, or
``{"id", "error"}`` for a record that cannot be classified: a bad line never stops a batch.
"""

from __future__ import annotations

import datetime
import json
import logging
import re
from collections.abc import Iterable, Iterator
from typing import Any

from pipeline.classifier.core import classify
from pipeline.classifier.model import Baseline
from pipeline.matching import TitleSpec

logger = logging.getLogger(__name__)

MAX_LINE_CHARS = 2_000_000   # scraped text is untrusted: a line this long is refused
MAX_ALIASES = 50
_HTML_RE = re.compile(r"<(?:html|body|p|div|br|span|article|h[1-6]|a|!doctype)\b", re.IGNORECASE)
_SLUG_RE = re.compile(r"[^a-z0-9]+")


class RecordError(ValueError):
    """A record that cannot be classified (its message goes to the output line)."""


def looks_like_html(text: str) -> bool:
    """Whether ``text`` is markup rather than plain text."""
    return bool(_HTML_RE.search(text[:5000]))


def html_to_text(html: str) -> str:
    """Visible text of an HTML fragment or page."""
    try:
        from pipeline.extraction import extract_text_fast
    except ImportError:  # extraction not installed: fall back on lxml
        from lxml import html as lxml_html

        return lxml_html.fromstring(html).text_content()
    return extract_text_fast(html)


def _title(record: dict[str, Any]) -> TitleSpec:
    name = record.get("title")
    if not isinstance(name, str) or not name.strip():
        raise RecordError("missing 'title'")
    aliases = record.get("aliases") or []
    if not isinstance(aliases, list) or not all(isinstance(a, str) for a in aliases):
        raise RecordError("'aliases' must be a list of strings")
    key = _SLUG_RE.sub("-", name.lower()).strip("-") or "title"
    kept = tuple(a for a in aliases[:MAX_ALIASES] if a.strip())
    return TitleSpec(key=key, name=name.strip(), aliases=kept)


def _baseline(record: dict[str, Any]) -> Baseline:
    raw = record.get("baseline") or {}
    if not isinstance(raw, dict):
        raise RecordError("'baseline' must be an object")
    last = raw.get("last_season")
    if last is not None and (not isinstance(last, int) or isinstance(last, bool)):
        raise RecordError("'baseline.last_season' must be an integer or null")
    try:
        return Baseline(last, raw.get("status") or "unknown")
    except ValueError as exc:
        raise RecordError(str(exc)) from exc


def _published(record: dict[str, Any]) -> datetime.date | None:
    value = record.get("published")
    if not value:
        return None
    try:
        return datetime.date.fromisoformat(str(value)[:10])
    except ValueError as exc:
        raise RecordError(f"'published' is not a date: {value!r}") from exc


def classify_record(record: dict[str, Any]) -> dict[str, Any]:
    """Classify one record; raises :class:`RecordError` for an unusable record."""
    if not isinstance(record, dict):
        raise RecordError("a record must be a JSON object")
    text = record.get("text") or ""
    headline = record.get("headline")
    if not isinstance(text, str) or (headline is not None and not isinstance(headline, str)):
        raise RecordError("'text' and 'headline' must be strings")
    if looks_like_html(text):
        text = html_to_text(text)
    result = classify(text, _title(record), _baseline(record), headline=headline,
                      published=_published(record), language=record.get("language"),
                      assume_title=True)
    return {"id": record.get("id"), **result.to_dict()}


def classify_jsonl(lines: Iterable[str]) -> Iterator[dict[str, Any]]:
    """One output dict per non-blank input line, in order; bad lines yield an "error"."""
    for number, line in enumerate(lines, 1):
        if not line.strip():
            continue
        record_id: Any = None
        try:
            if len(line) > MAX_LINE_CHARS:
                raise RecordError(f"line longer than {MAX_LINE_CHARS} characters")
            try:
                record = json.loads(line)
            except json.JSONDecodeError as exc:
                raise RecordError(f"not JSON: {exc.msg} at column {exc.colno}") from exc
            if isinstance(record, dict):
                record_id = record.get("id")
            yield classify_record(record)
        except RecordError as exc:
            yield {"id": record_id, "line": number, "error": str(exc)}
        except Exception as exc:  # a batch boundary: one bad record must not stop the rest
            logger.exception("line %s: classification failed", number)
            yield {"id": record_id, "line": number, "error": f"internal error: {exc!r}"}

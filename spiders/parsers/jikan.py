"""Jikan v4 (MyAnimeList's unofficial REST API): news, relations, the anime itself.

Shapes as in ../shared/realweb/NOTES.md section 3. Dates are ISO 8601 with an offset.
Answers that are not the expected JSON (an HTML error page, a `{"status": 404}` body)
give empty results rather than exceptions; the spider records them as errors.
"""

from __future__ import annotations

import json
from typing import Any

from spiders.parsers.dates import parse_iso_date
from spiders.parsers.text import clip, html_to_text, normalise_space
from spiders.parsers.types import ListingEntry, MediaStatus, Relation

MAX_ITEMS = 500


class JikanError(ValueError):
    """The body is not a Jikan answer of the expected shape (message says why)."""


def load(body: bytes | str) -> dict[str, Any]:
    """The decoded JSON object, or JikanError (not JSON / an error answer)."""
    try:
        data = json.loads(body)
    except (ValueError, UnicodeDecodeError) as exc:
        raise JikanError(f"not JSON: {exc}") from exc
    if not isinstance(data, dict):
        raise JikanError("not a JSON object")
    if "data" not in data:
        status = data.get("status")
        message = data.get("message") or data.get("error") or "no data"
        raise JikanError(f"{status or 'error'}: {clip(str(message), 300)}")
    return data


def parse_news(body: bytes | str) -> list[ListingEntry]:
    """`/anime/{id}/news` (or `/manga/{id}/news`): one ListingEntry per news row."""
    rows = load(body).get("data") or []
    entries: list[ListingEntry] = []
    for row in rows[:MAX_ITEMS] if isinstance(rows, list) else []:
        if not isinstance(row, dict) or not str(row.get("url", "")).startswith("http"):
            continue
        entries.append(ListingEntry(
            url=str(row["url"]),
            title=clip(normalise_space(str(row.get("title") or "")), 1000) or None,
            guid=str(row["mal_id"]) if row.get("mal_id") is not None else None,
            published=parse_iso_date(row.get("date")),
            author=clip(str(row.get("author_username") or ""), 300) or None,
            summary=clip(html_to_text(str(row.get("excerpt") or "")), 5000) or None,
            extra={"comments": str(row.get("comments", ""))}))
    return entries


def parse_relations(body: bytes | str, subject_id: str) -> list[Relation]:
    """`/anime/{id}/relations`: one Relation per related entry."""
    rows = load(body).get("data") or []
    out: list[Relation] = []
    for row in rows if isinstance(rows, list) else []:
        if not isinstance(row, dict):
            continue
        relation = normalise_space(str(row.get("relation") or ""))
        for entry in row.get("entry") or []:
            if not isinstance(entry, dict) or entry.get("mal_id") is None:
                continue
            kind = str(entry.get("type") or "").upper() or None
            out.append(Relation(
                provider="jikan", subject_id=subject_id, related_id=str(entry["mal_id"]),
                relation=relation, related_title=clip(str(entry.get("name") or ""), 500) or None,
                related_type=kind, related_format=kind, url=entry.get("url")))
    return out


def parse_anime(body: bytes | str) -> MediaStatus:
    """`/anime/{id}`: the title's own status ("Finished Airing", "Not yet aired", ...)."""
    data = load(body).get("data")
    if not isinstance(data, dict) or data.get("mal_id") is None:
        raise JikanError("no anime in answer")
    aired = data.get("aired") if isinstance(data.get("aired"), dict) else {}
    return MediaStatus(
        provider="jikan", subject_id=str(data["mal_id"]),
        status=str(data.get("status")) if data.get("status") else None,
        title=str(data.get("title_english") or data.get("title") or "") or None,
        format=str(data.get("type")) if data.get("type") else None,
        url=data.get("url"),
        extra={k: str(v) for k, v in (("aired_from", aired.get("from")),
                                      ("aired_to", aired.get("to")),
                                      ("episodes", data.get("episodes"))) if v is not None})

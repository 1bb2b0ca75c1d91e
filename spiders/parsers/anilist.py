"""AniList GraphQL: a `Media(id:)` answer's status and relations.

A SEQUEL edge, or any related ANIME that is NOT_YET_RELEASED, is the strongest structured
renewal signal there is (NOTES.md section 4); `is_renewal_signal` says which edges qualify.
"""

from __future__ import annotations

import json
from typing import Any

from spiders.parsers.text import clip
from spiders.parsers.types import MediaStatus, Relation

# The query the spider posts: only the fields this parser reads.
MEDIA_QUERY = """
query ($id: Int) {
  Media(id: $id) {
    id type format status season seasonYear siteUrl
    title { romaji english native userPreferred }
    startDate { year month day }
    endDate { year month day }
    relations { edges { relationType node {
      id type format status siteUrl title { romaji english userPreferred } } } }
  }
}
""".strip()

# Statuses of a related anime that mean "something new is coming or running".
UPCOMING_STATUSES = frozenset({"NOT_YET_RELEASED", "RELEASING"})
SITE = "https://anilist.co/anime/"


class AniListError(ValueError):
    """The body is not a usable AniList answer (message says why, e.g. "Not Found.")."""


def media_request_body(media_id: int) -> str:
    """The JSON body of a POST asking for one Media."""
    return json.dumps({"query": MEDIA_QUERY, "variables": {"id": int(media_id)}})


def _title(title: Any) -> str | None:
    if not isinstance(title, dict):
        return None
    for key in ("english", "userPreferred", "romaji", "native"):
        if title.get(key):
            return clip(str(title[key]), 500)
    return None


def _media(body: bytes | str) -> dict[str, Any]:
    try:
        data = json.loads(body)
    except (ValueError, UnicodeDecodeError) as exc:
        raise AniListError(f"not JSON: {exc}") from exc
    if not isinstance(data, dict):
        raise AniListError("not a JSON object")
    media = (data.get("data") or {}).get("Media") if isinstance(data.get("data"), dict) else None
    if not isinstance(media, dict):
        errors = data.get("errors") or []
        message = "; ".join(str(e.get("message")) for e in errors if isinstance(e, dict))
        raise AniListError(message or "no Media in answer")
    return media


def parse_media(body: bytes | str) -> tuple[MediaStatus, list[Relation]]:
    """The Media's own status and one Relation per edge."""
    media = _media(body)
    subject = str(media.get("id", ""))
    status = MediaStatus(
        provider="anilist", subject_id=subject, status=media.get("status"),
        title=_title(media.get("title")), format=media.get("format"),
        url=media.get("siteUrl") or (SITE + subject if subject else None),
        extra={k: str(media[k]) for k in ("season", "seasonYear") if media.get(k)})
    relations: list[Relation] = []
    edges = ((media.get("relations") or {}).get("edges") or [])
    for edge in edges if isinstance(edges, list) else []:
        node = edge.get("node") if isinstance(edge, dict) else None
        if not isinstance(node, dict) or node.get("id") is None:
            continue
        rid = str(node["id"])
        kind = node.get("type")
        relations.append(Relation(
            provider="anilist", subject_id=subject, related_id=rid,
            relation=str(edge.get("relationType") or "OTHER"),
            related_title=_title(node.get("title")), related_format=node.get("format"),
            related_type=kind, related_status=node.get("status"),
            url=node.get("siteUrl") or f"https://anilist.co/{str(kind or 'anime').lower()}/{rid}"))
    return status, relations


def is_renewal_signal(relation: Relation) -> bool:
    """A SEQUEL anime, or any related anime not yet released / now releasing."""
    if relation.related_type not in (None, "ANIME"):
        return False
    return relation.relation == "SEQUEL" or relation.related_status in UPCOMING_STATUSES

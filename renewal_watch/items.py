"""Typed items passed from spiders to the pipeline stages.

Spiders only fill in what they fetched; stages add what they derive (extraction, matches,
classifications, stored ids). Plain dataclasses, read through ItemAdapter where generic.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any


@dataclass
class ArticleItem:
    """A fetched article page (or a feed entry that is its own article, e.g. a Reddit post)."""

    url: str                                  # the URL fetched (after redirects)
    source: str                               # configured source name
    body: bytes = b""                         # raw page bytes (bounded by the size limit)
    encoding: str | None = None               # from the HTTP header, if any
    status: int = 200
    fetched_at: dt.datetime | None = None
    # What the listing (feed entry, sitemap, API) said about it, used when the page lacks it.
    listing_url: str | None = None
    guid: str | None = None
    listing_title: str | None = None
    listing_published: dt.datetime | None = None
    listing_updated: dt.datetime | None = None
    listing_author: str | None = None
    listing_summary: str | None = None        # plain text
    language: str | None = None
    # Filled by stages ------------------------------------------------------------------
    extracted: Any = None                     # pipeline.extraction.ExtractedArticle
    matches: list[Any] = field(default_factory=list)          # pipeline.matching.TitleMatch
    classifications: dict[str, Any] = field(default_factory=dict)  # title key -> Classification
    article_id: int | None = None
    article_version: int | None = None
    is_new: bool = False
    is_changed: bool = False


@dataclass
class SignalItem:
    """A structured fact from an API about a watched title: a relation or a status."""

    source: str                               # configured source name
    provider: str                             # anilist | ann | jikan | mal
    title_key: str                            # watched title's key
    subject_id: str                           # the watched entry's id at the provider
    kind: str                                 # relation | status
    related_id: str = ""                      # "" for status
    relation: str | None = None               # SEQUEL, PREQUEL, sequel, Side Story, ...
    related_title: str | None = None
    related_format: str | None = None         # TV, MOVIE, OVA, ...
    related_status: str | None = None         # FINISHED, NOT_YET_RELEASED, RELEASING, ...
    status: str | None = None                 # the subject's own status (kind == "status")
    url: str | None = None
    payload: dict[str, Any] = field(default_factory=dict)
    # Filled by stages
    signal_id: int | None = None
    is_new: bool = False
    is_changed: bool = False

"""What parsers return: plain dataclasses, independent of Scrapy items and of configuration.

Spiders turn these into `renewal_watch.items` objects, adding what only navigation knows (the
configured source, the watched title a request was made for).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field


@dataclass(frozen=True)
class ListingEntry:
    """One entry of a listing (feed item, sitemap URL, API news row, encyclopedia news link)."""

    url: str
    title: str | None = None
    guid: str | None = None                   # the site's own id for the entry, if any
    published: dt.datetime | None = None      # aware; the original offset is kept
    updated: dt.datetime | None = None
    author: str | None = None
    summary: str | None = None                # plain text, scripts and tags removed
    content_text: str | None = None           # plain text of the full entry, if the listing has it
    language: str | None = None
    categories: tuple[str, ...] = ()
    # Site-specific extras, e.g. ANN's "S0"/"S2" class, MAL's comment count.
    extra: dict[str, str] = field(default_factory=dict)

    @property
    def latest(self) -> dt.datetime | None:
        """The newest of the entry's dates (what "changed since" compares against)."""
        dates = [d for d in (self.published, self.updated) if d is not None]
        return max(dates) if dates else None


@dataclass(frozen=True)
class Relation:
    """A related entry of a title at a provider (a sequel, a prequel, an adaptation...)."""

    provider: str                             # anilist | ann | jikan | mal
    subject_id: str                           # the title's id at the provider ("" if unknown)
    related_id: str
    relation: str                             # as the provider spells it: SEQUEL, sequel, Sequel
    related_title: str | None = None
    related_format: str | None = None         # TV, MOVIE, OVA, manga, ...
    related_type: str | None = None           # ANIME | MANGA where the provider says
    related_status: str | None = None         # FINISHED, NOT_YET_RELEASED, RELEASING, ...
    url: str | None = None


@dataclass(frozen=True)
class MediaStatus:
    """A title's own status at a provider (AniList `Media.status`, Jikan `status`)."""

    provider: str
    subject_id: str
    status: str | None
    title: str | None = None
    format: str | None = None
    url: str | None = None
    extra: dict[str, str] = field(default_factory=dict)

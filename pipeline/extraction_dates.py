"""Dates of articles and feeds: ISO-8601 and RFC-822, offsets kept, implausible ones rejected.

Pure functions, and the one implementation of date parsing: ``parse_iso`` and ``parse_rfc822``
are the shared core (a zone the text names is kept; a text that names none gives a naive
datetime, so each caller decides explicitly what a zoneless date means). ``parse_date`` is the
article rule used by ``pipeline.extraction_meta`` (zoneless read as UTC and reported,
implausible dates rejected); the feed, sitemap and API parsers reach the same core through
``spiders.parsers.dates`` (zoneless read in the site's zone), so every source follows the same
rules.
"""

from __future__ import annotations

import email.utils
import re
from datetime import UTC, datetime, timedelta, timezone

# --- vocabularies ---------------------------------------------------------------------------

# ISO-like dates fromisoformat refuses ("2019-11-19 05:45:00.000 +0100", trailing words).
LOOSE_ISO_RE = re.compile(
    r"(\d{4}-\d{2}-\d{2})[T ](\d{2}:\d{2}(?::\d{2})?)(?:\.\d+)?\s*(Z|[+-]\d{2}:?\d{2})?")
# W3C-DTF month precision ("2013-10", seen in sitemaps' lastmod): read as the month's first day.
W3C_MONTH_RE = re.compile(r"\d{4}-\d{2}")

# Zone abbreviations RFC-822 parsing does not know but Japanese/European feeds use.
EXTRA_ZONES = {"JST": 9, "KST": 9, "CET": 1, "CEST": 2, "EET": 2, "EEST": 3, "AEST": 10,
               "AEDT": 11}
# A trailing zone abbreviation of an RFC-822 date ("... 16:00:00 JST").
ZONE_ABBREVIATION_RE = re.compile(r"\s([A-Z]{3,4})$")

# Longer texts are not dates (scraped values are untrusted: nothing long is parsed).
MAX_DATE_CHARS = 200

# Plausibility window for article dates.
EARLIEST_DATE = datetime(1990, 1, 1, tzinfo=UTC)
FUTURE_SLACK = timedelta(days=1)


def clean_value(value: object, limit: int = 100) -> str | None:
    """Whitespace-collapsed string, or None for empty and non-string values."""
    if not isinstance(value, str):
        return None
    return " ".join(value.split())[:limit] or None


def parse_iso(text: str) -> datetime | None:
    """ISO 8601 / W3C-DTF ("2025-03-12T03:44:31+09:00", "20180619T055000+0900", "...Z",
    "2013-05-29", "2013-10") and ISO-like forms ("2019-11-19 05:45:00.000 +0100").

    The offset is kept; a text without one gives a naive datetime (the caller decides which
    zone it means). None when the text is not such a date; never raises.
    """
    text = text.strip()
    if len(text) > MAX_DATE_CHARS:
        return None
    if W3C_MONTH_RE.fullmatch(text):
        text += "-01"
    if text.endswith("z"):  # fromisoformat takes only an upper-case Z
        text = text[:-1] + "Z"
    # Python 3.11 reads basic and extended ISO forms, "Z", "+0900" and long fractions.
    try:
        return datetime.fromisoformat(text)
    except ValueError:
        pass
    match = LOOSE_ISO_RE.match(text)
    if match is None:
        return None
    try:
        return datetime.fromisoformat(f"{match[1]}T{match[2]}{match[3] or ''}")
    except ValueError:
        return None


def parse_rfc822(text: str) -> datetime | None:
    """RFC 822/1123 dates ("Mon, 26 Jan 2026 16:00:00 -0500", "... EST", "... JST").

    The offset is kept, also for the zone abbreviations in EXTRA_ZONES; "-0000" and unknown
    abbreviations give a naive datetime (no zone is known). None when unreadable; never raises.
    """
    text = text.strip()
    if len(text) > MAX_DATE_CHARS:
        return None
    zone = ZONE_ABBREVIATION_RE.search(text)
    try:
        parsed = email.utils.parsedate_to_datetime(text)
    except (TypeError, ValueError, IndexError, OverflowError):   # "26 Jan 99999999999"
        return None
    if parsed.tzinfo is None and zone and zone[1] in EXTRA_ZONES:
        parsed = parsed.replace(tzinfo=timezone(timedelta(hours=EXTRA_ZONES[zone[1]])))
    return parsed


def parse_date(value: str | None, *, now: datetime | None = None,
               what: str = "date") -> tuple[datetime | None, str | None]:
    """Parse an ISO-8601 or RFC-822 date; return ``(aware datetime or None, problem or None)``.

    Offsets are kept. A value without a zone is read as UTC and reported as a problem. Dates
    before 1990 or more than a day after ``now`` (default: the current time) are rejected.
    """
    text = clean_value(value)
    if text is None:
        return None, None
    parsed = parse_iso(text) or parse_rfc822(text)
    if parsed is None:
        return None, f"{what} not understood: {text!r}"
    problem = None
    if parsed.tzinfo is None:
        parsed = parsed.replace(tzinfo=UTC)
        problem = f"{what} has no time zone, read as UTC: {text!r}"
    reference = now or datetime.now(UTC)
    if reference.tzinfo is None:
        reference = reference.replace(tzinfo=UTC)
    if parsed < EARLIEST_DATE or parsed > reference + FUTURE_SLACK:
        return None, f"{what} rejected as implausible: {text!r}"
    return parsed, problem

"""Dates as sites write them, turned into aware datetimes that keep the original offset.

feedparser's `*_parsed` values are UTC `struct_time`s: right instant, lost zone. ANN feed
times are US-Eastern and ANN page times follow the reader's edition, so the raw string is
parsed first and `*_parsed` is only the fallback. Text without a zone gets an explicit one.

The ISO-8601 and RFC-822 parsing itself is `pipeline.extraction_dates` (`parse_iso`,
`parse_rfc822`: pure, standard library only), so feeds, sitemaps, APIs and article pages read
dates by the same rules; this module adds the zones sites leave out and the listing formats.
"""

from __future__ import annotations

import calendar
import datetime as dt
import re
import time
from zoneinfo import ZoneInfo

from pipeline.extraction_dates import parse_iso, parse_rfc822

UTC = dt.UTC
# ANN's own servers (reports.xml, un-zoned dates) run on US-Eastern time.
ANN_TZ = ZoneInfo("America/New_York")
# MyAnimeList pages print times without a zone; logged-out pages use US-Pacific (UNVERIFIED:
# NOTES.md 2c says only "no zone"; Jikan's JSON, in UTC, is the reliable source).
MAL_TZ = ZoneInfo("America/Los_Angeles")

_MONTHS = {m.lower(): i for i, m in enumerate(calendar.month_abbr) if m}
# "Apr 30, 3:26 AM", "Dec 4, 2017 10:08 AM", "Jan 31, 2025"
_MONTH_DAY = re.compile(
    r"^\s*\(?(?P<mon>[A-Za-z]{3})[a-z]*\.?\s+(?P<day>\d{1,2}),?\s*(?P<year>\d{4})?"
    r"(?:,?\s*(?P<hour>\d{1,2}):(?P<minute>\d{2})\s*(?P<ampm>[AaPp][Mm])?)?\s*\)?\s*$")


def _aware(value: dt.datetime, default_tz: dt.tzinfo = UTC) -> dt.datetime:
    return value if value.tzinfo is not None else value.replace(tzinfo=default_tz)


def parse_http_date(raw: str | None) -> dt.datetime | None:
    """RFC 822/1123 dates ("Mon, 26 Jan 2026 16:00:00 -0500", "... EST"), offset kept.

    A date that names no zone ("-0000", an unknown abbreviation) is read as UTC.
    """
    if not raw or not raw.strip():
        return None
    value = parse_rfc822(raw)
    return _aware(value) if value else None


def parse_iso_date(raw: str | None, default_tz: dt.tzinfo = UTC) -> dt.datetime | None:
    """ISO 8601 / W3C-DTF ("2025-03-12T03:44:31+00:00", "2018-10-31T20:00:00Z", "2013-05-29",
    "2013-10"), offset kept; a date that names no zone is read in `default_tz`."""
    if not raw or not raw.strip():
        return None
    value = parse_iso(raw)
    return _aware(value, default_tz) if value else None


def from_struct_time(value: time.struct_time | None) -> dt.datetime | None:
    """feedparser's UTC struct_time as an aware UTC datetime."""
    if not value:
        return None
    try:
        return dt.datetime.fromtimestamp(calendar.timegm(value), UTC)
    except (OverflowError, ValueError, OSError, TypeError):
        return None


def parse_feed_date(raw: str | None, parsed: time.struct_time | None = None,
                    ) -> dt.datetime | None:
    """A feed's date: the raw string with its own offset if it parses, else feedparser's UTC."""
    return parse_http_date(raw) or parse_iso_date(raw) or from_struct_time(parsed)


def parse_month_day(text: str | None, *, now: dt.datetime, tz: dt.tzinfo = UTC,
                    ) -> dt.datetime | None:
    """Listing dates like "Apr 30, 3:26 AM" (no year: this year) or "(Jan 31, 2025)".

    A date without a year that would lie in the future (more than a day ahead of `now`)
    belongs to the previous year: listings only show past items.
    """
    if not text:
        return None
    match = _MONTH_DAY.match(text)
    if not match or match["mon"].lower()[:3] not in _MONTHS:
        return None
    month, day = _MONTHS[match["mon"].lower()[:3]], int(match["day"])
    hour, minute = int(match["hour"] or 0), int(match["minute"] or 0)
    if match["ampm"]:
        hour = hour % 12 + (12 if match["ampm"].lower() == "pm" else 0)
    local_now = now.astimezone(tz)
    year = int(match["year"]) if match["year"] else local_now.year
    try:
        value = dt.datetime(year, month, day, hour, minute, tzinfo=tz)
        if not match["year"] and value > local_now + dt.timedelta(days=1):
            value = value.replace(year=year - 1)
    except ValueError:  # 31 Feb, 29 Feb of a non-leap year
        return None
    return value

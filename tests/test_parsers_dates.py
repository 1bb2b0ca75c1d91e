"""spiders.parsers.dates: the site-facing rules over the shared core in pipeline.extraction_dates."""

from __future__ import annotations

import datetime as dt
import subprocess
import sys

import pytest

from pipeline.extraction_dates import parse_date
from spiders.parsers.dates import ANN_TZ, parse_feed_date, parse_http_date, parse_iso_date

UTC = dt.UTC
NOW = dt.datetime(2026, 2, 1, tzinfo=UTC)


@pytest.mark.parametrize(("raw", "expected", "offset_hours"), [
    ("Mon, 26 Jan 2026 16:00:00 -0500", dt.datetime(2026, 1, 26, 21, tzinfo=UTC), -5),
    ("26 Jan 2026 16:00:00 JST", dt.datetime(2026, 1, 26, 7, tzinfo=UTC), 9),  # not read as UTC
    ("Mon, 26 Jan 2026 16:00:00 -0000", dt.datetime(2026, 1, 26, 16, tzinfo=UTC), 0),
    ("2018-10-31T20:00:00z", dt.datetime(2018, 10, 31, 20, tzinfo=UTC), 0),
    ("2019-11-19 05:45:00.000 +0100", dt.datetime(2019, 11, 19, 4, 45, tzinfo=UTC), 1),
])
def test_feed_dates_keep_the_offset_the_text_names(raw, expected, offset_hours):
    parsed = parse_feed_date(raw)
    assert parsed == expected
    assert parsed.utcoffset() == dt.timedelta(hours=offset_hours)


def test_a_date_without_zone_is_read_in_the_zone_given():
    assert parse_iso_date("2025-05-01T10:00:00", ANN_TZ).utcoffset() == dt.timedelta(hours=-4)
    assert parse_iso_date("2025-05-01T10:00:00").tzinfo is UTC


def test_w3c_month_precision_is_the_first_of_the_month():
    assert parse_iso_date("2013-10") == dt.datetime(2013, 10, 1, tzinfo=UTC)
    assert parse_iso_date("2013-13") is None


@pytest.mark.parametrize("raw", [None, "", "   ", "next Tuesday", "2025-99-99", "x" * 300,
                                 "2025-05-01T10:00:00Z" + " " * 300 + "tail"])
def test_unreadable_or_oversized_values_are_none(raw):
    assert parse_http_date(raw) is None
    assert parse_iso_date(raw) is None


@pytest.mark.parametrize("raw", ["2020-01-19T12:25:36Z", "20180619T055000+0900",
                                 "Mon, 26 Jan 2026 16:00:00 -0500", "26 Jan 2026 16:00:00 JST",
                                 "2017-12-15T08:50:02-05:00", "2019-11-19 05:45:00 +0100"])
def test_feeds_and_article_pages_read_a_date_the_same_way(raw):
    article, problem = parse_date(raw, now=NOW)
    assert problem is None
    assert parse_feed_date(raw) == article
    assert parse_feed_date(raw).utcoffset() == article.utcoffset()


def test_parsers_import_no_io_modules():
    code = ("import sys, spiders.parsers.dates, pipeline.extraction_dates\n"
            "heavy = ('renewal_watch', 'scrapy', 'twisted', 'sqlalchemy', 'requests')\n"
            "print(sorted(m for m in sys.modules if m.split('.')[0] in heavy))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                         check=True).stdout.strip()
    assert out == "[]"

"""spiders.parsers.mal on saved MyAnimeList pages (current and 2018 layouts, news list)."""

from __future__ import annotations

import datetime as dt

import pytest

from spiders.parsers.dates import MAL_TZ
from spiders.parsers.mal import parse_anime_page, parse_news_list
from tests.conftest import realweb_file

# page -> (id, expected (relation, related id) pairs that must be there, total relations)
PAGES = {
    "mal/anime_1575_code_geass_related_entries.html": ("1575", {("Sequel", "2904"),
                                                                ("Adaptation", "1528")}, 18),
    "mal/anime_18507_free_related_entries_sequel.html": ("18507", {("Sequel", "22265"),
                                                                   ("Prequel", "30415")}, 5),
    "mal/anime_8857_nichijou_0wa_related_entries.html": ("8857", {("Sequel", "10165")}, 2),
    "mal/anime_10003_no_related_entries.html": ("10003", set(), 0),
    "mal/anime_21_one_piece_2018-06.html": ("21", {("Adaptation", "13"), ("Side story", "459")},
                                            None),
}


@pytest.mark.parametrize("rel", sorted(PAGES))
def test_anime_page_related_entries(rel):
    ident, must, total = PAGES[rel]
    page = parse_anime_page(realweb_file(rel).read_bytes(), f"https://myanimelist.net/anime/{ident}")
    assert page.id == ident
    assert page.title
    pairs = {(r.relation, r.related_id) for r in page.relations}
    assert must <= pairs
    if total is not None:
        assert len(page.relations) == total
    for relation in page.relations:
        assert relation.related_type in {"ANIME", "MANGA"}
        assert relation.url.startswith("https://myanimelist.net/")


def test_sequel_tile_has_format_and_title():
    page = parse_anime_page(
        realweb_file("mal/anime_18507_free_related_entries_sequel.html").read_bytes(),
        "https://myanimelist.net/anime/18507")
    sequel = next(r for r in page.relations if r.relation == "Sequel")
    assert (sequel.related_title, sequel.related_format) == ("Free! Eternal Summer", "TV")


def test_news_list_dates_without_year_or_zone():
    now = dt.datetime(2018, 7, 17, 12, tzinfo=dt.UTC)
    entries = parse_news_list(
        realweb_file("mal/anime_21_one_piece_news_list_2018-07.html").read_bytes(),
        "https://myanimelist.net/anime/21/_/news", now=now)
    assert len(entries) == 30
    first = entries[0]
    assert first.url == "https://myanimelist.net/news/55115038"
    assert first.guid == "55115038"
    assert first.title == "North American Anime & Manga Releases for May"
    # "Apr 30, 3:26 AM": no year (this year), no zone (MAL's, explicit)
    assert first.published == dt.datetime(2018, 4, 30, 3, 26, tzinfo=MAL_TZ)
    assert first.author == "Sakana-san"
    assert first.summary and "read more" not in first.summary and " by " not in first.summary[-20:]
    dates = [e.published for e in entries]
    assert all(d is not None and d <= now for d in dates)
    assert dates == sorted(dates, reverse=True)  # "Dec 4, 2017" has its year: older than May
    assert dates[2].year == 2017


def test_news_list_year_rolls_back_for_future_dates():
    # Seen in January: "Dec 30" without a year is last December, not this one.
    html = ('<h2>News</h2><div class="clearfix"><p class="spaceit"><a href="/news/1">'
            '<strong>T</strong></a></p><p class="lightLink spaceit">Dec 30, 9:00 PM by x</p></div>')
    (entry,) = parse_news_list(html, "https://myanimelist.net/anime/1/_/news",
                               now=dt.datetime(2025, 1, 5, tzinfo=dt.UTC))
    assert entry.published.year == 2024

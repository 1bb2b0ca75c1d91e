"""spiders.parsers.ann on the saved ANN encyclopedia API answers, reports and HTML pages."""

from __future__ import annotations

import datetime as dt

import pytest

from spiders.parsers.ann import article_id, parse_api, parse_encyclopedia_page, parse_report
from tests.conftest import realweb_file, realweb_files

PAGE_URL = "https://www.animenewsnetwork.com/encyclopedia/anime.php?id={}"
NOW = dt.datetime(2025, 3, 12, tzinfo=dt.UTC)


def test_api_answer_news_and_names():
    body = realweb_file("ann/api_xml_anime_4658_jinki_extend_2013.xml").read_bytes()
    result = parse_api(body, "https://cdn.animenewsnetwork.com/encyclopedia/api.xml?anime=4658")
    assert result.ok and not result.warnings
    (entry,) = result.entries
    assert (entry.id, entry.name, entry.type) == ("4658", "Jinki:Extend", "TV")
    assert len(entry.news) == 16
    first = entry.news[0]
    assert first.url.startswith("http://www.animenewsnetwork.com/news/2007-08-10/")
    assert first.published == dt.datetime(2007, 8, 10, 15, 58, 20, tzinfo=dt.UTC)
    assert first.title and "<" not in first.title
    assert entry.relations == ()  # the 2013 sample has none


def test_api_relations_read_from_attributes_in_any_order():
    body = (b'<ann><anime name="Show (TV 2)" type="TV" id="200">'
            b'<related-prev rel="sequel of" id="100"/><related-next id="300" rel="sequel"/>'
            b'<related-next rel="adaptation" id="55" manga="1"/></anime></ann>')
    (entry,) = parse_api(body).entries
    rels = {(r.relation, r.related_id) for r in entry.relations}
    assert rels == {("sequel of", "100"), ("sequel", "300"), ("adaptation", "55")}
    assert all(r.subject_id == "200" for r in entry.relations)


def test_api_warning_is_no_result_not_a_crash():
    result = parse_api(b"<ann><warning>no result for anime=99999999</warning></ann>")
    assert result.ok and result.entries == ()
    assert result.warnings == ("no result for anime=99999999",)


@pytest.mark.parametrize("body", [b"", b"<html>oops</html>", b"\x00garbage"])
def test_api_non_answers(body):
    assert not parse_api(body).ok


def test_api_does_not_expand_entities():
    body = (b'<?xml version="1.0"?><!DOCTYPE ann [<!ENTITY a "aaaaaaaaaaaaaaaa">'
            b'<!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;">]>'
            b'<ann><anime id="1" name="&b;"/></ann>')
    result = parse_api(body)
    assert all(len(e.name) < 100 for e in result.entries)


@pytest.mark.parametrize("rel,count,first_id,first_name", [
    ("ann/reports_xml_id148_recently_added_anime_2013.xml", 50, "15359",
     "Arpeggio of Blue Steel (TV)"),
    ("ann/reports_xml_id155_type_anime_title_list_2013.xml", 100, "15347", "Outbreak Company"),
    ("ann/reports_xml_id177_recent_production_2013.xml", 100, "15201",
     "Otona Joshi no Anime Time (TV 2)"),
])
def test_reports(rel, count, first_id, first_name):
    items = parse_report(realweb_file(rel).read_bytes())
    assert len(items) == count
    assert (items[0].id, items[0].name) == (first_id, first_name)
    if "148" in rel:
        assert items[0].date.utcoffset() == dt.timedelta(hours=-4)  # EDT in May
        assert items[0].url.endswith("anime.php?id=15359")


# (page, expected relation, expected related format, own news at least, greenlink mentions)
PAGES = {
    "ann/encyclopedia_anime_frieren_tv_2025-03.html": (("sequel", "TV 2"), 64, 9),
    "ann/encyclopedia_anime_death_note_tv_2025-03.html": (("sequel", "special"), 100, 1),
    "ann/encyclopedia_anime_fma_brotherhood_tv_2025-03.html": (("side story", "OAV"), 100, 1),
    "ann/encyclopedia_anime_tokimeki_tonight_tv_2025-03.html": (None, 0, 0),
}


@pytest.mark.parametrize("rel", realweb_files("ann/encyclopedia_anime_*.html"))
def test_encyclopedia_page(rel):
    expected_rel, min_news, min_mentions = PAGES[rel]
    page = parse_encyclopedia_page(realweb_file(rel).read_bytes(), PAGE_URL.format(26529),
                                   now=NOW)
    assert page.title and page.title.endswith("(TV)")
    pairs = {(r.relation, r.related_format) for r in page.relations}
    if expected_rel is None:
        assert pairs == set()  # only an "adapted from" link: not a relation
    else:
        assert expected_rel in pairs
    assert all(r.related_id.isdigit() for r in page.relations)
    assert len(page.news) >= min_news
    assert len(page.mentions) >= min_mentions
    assert {e.extra["group"] for e in page.news} <= {"S0"}
    assert {e.extra["group"] for e in page.mentions} <= {"S2"}
    # Only newer URLs carry the "/.NNNNNN" id; the first (newest) item always does.
    if page.news:
        assert page.news[0].guid and page.news[0].guid.isdigit()
    for entry in page.news + page.mentions:
        assert entry.guid is None or entry.guid.isdigit()
        assert entry.published is not None and entry.published <= NOW


def test_frieren_page_details():
    page = parse_encyclopedia_page(
        realweb_file("ann/encyclopedia_anime_frieren_tv_2025-03.html").read_bytes(),
        PAGE_URL.format(26529), now=NOW)
    assert len(page.news) == 64 and len(page.mentions) == 9
    sequel = next(r for r in page.relations if r.relation == "sequel")
    assert sequel.related_id == "33628"
    assert sequel.related_title == "Frieren: Beyond Journey's End (TV 2)"
    first = page.news[0]
    assert first.guid == "220666"
    assert first.published == dt.datetime(2025, 1, 31, tzinfo=dt.UTC)
    assert first.title.startswith("Look Back, Frieren Win")


def test_article_id():
    assert article_id("https://www.animenewsnetwork.com/news/2026-01-26/x/.233489") == "233489"
    assert article_id("https://www.animenewsnetwork.com/cms/.233489") == "233489"
    assert article_id("https://www.animenewsnetwork.com/news/") is None

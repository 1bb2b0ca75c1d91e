"""spiders.parsers.jikan on saved Jikan v4 answers."""

from __future__ import annotations

import datetime as dt
import json

import pytest

from spiders.parsers.jikan import JikanError, parse_anime, parse_news, parse_relations
from tests.conftest import realweb_file


@pytest.mark.parametrize("rel,count", [("jikan/v4_anime_news.json", 1),
                                       ("jikan/v4_manga_news.json", 1)])
def test_news(rel, count):
    entries = parse_news(realweb_file(rel).read_bytes())
    assert len(entries) >= count
    for entry in entries:
        assert entry.url.startswith("https://myanimelist.net/news/")
        assert entry.guid and entry.guid.isdigit()
        assert entry.published.tzinfo is not None
        assert entry.title and entry.summary


def test_anime_news_first_row():
    (entry,) = parse_news(realweb_file("jikan/v4_anime_news.json").read_bytes())
    assert entry.published == dt.datetime(2018, 10, 31, 20, 0, tzinfo=dt.UTC)
    assert entry.guid == "56114579"


def test_relations():
    rels = parse_relations(realweb_file("jikan/v4_anime_relations.json").read_bytes(), "11757")
    assert {(r.relation, r.related_id, r.related_type) for r in rels} == {
        ("Adaptation", "21479", "MANGA"), ("Adaptation", "43921", "MANGA")}
    assert all(r.subject_id == "11757" and r.provider == "jikan" for r in rels)


def test_relations_sequel_variant():
    data = json.loads(realweb_file("jikan/v4_anime_relations.json").read_bytes())
    data["data"].append({"relation": "Sequel", "entry": [
        {"mal_id": 20021, "type": "anime", "name": "Sequel Title", "url": "https://myanimelist.net/anime/20021"}]})
    rels = parse_relations(json.dumps(data), "11757")
    assert ("Sequel", "20021", "ANIME") in {(r.relation, r.related_id, r.related_type) for r in rels}


def test_anime_status():
    status = parse_anime(realweb_file("jikan/v4_anime_11757_sword_art_online.json").read_bytes())
    assert (status.subject_id, status.status, status.format) == ("11757", "Finished Airing", "TV")


@pytest.mark.parametrize("body", [b"<html>rate limited</html>", b'{"status": 404, "message": "Resource does not exist"}', b"[]"])
def test_error_answers_raise_jikan_error(body):
    with pytest.raises(JikanError):
        parse_news(body)

"""spiders.parsers.anilist on saved AniList GraphQL answers."""

from __future__ import annotations

import json

import pytest

from spiders.parsers.anilist import AniListError, is_renewal_signal, media_request_body, parse_media
from tests.conftest import realweb_file, realweb_files

# file -> (subject id, relation types present, any renewal signal among FINISHED nodes)
EXPECTED = {
    "anilist/media_100133_one_room_s2_prequel_sequel.json": ("100133", {"PREQUEL", "SIDE_STORY", "SEQUEL"}, True),
    "anilist/media_1000_captain_harlock_many_relations.json": ("1000", {"PREQUEL", "SEQUEL", "SOURCE", "SIDE_STORY", "ALTERNATIVE", "CHARACTER"}, True),
    "anilist/media_10005_alternative_source.json": ("10005", {"ALTERNATIVE", "SOURCE"}, False),
    "anilist/media_100_source_only.json": ("100", {"SOURCE"}, False),
    "anilist/media_10003_no_relations.json": ("10003", set(), False),
}


@pytest.mark.parametrize("rel", realweb_files("anilist/*.json"))
def test_media(rel):
    subject, types, signal = EXPECTED[rel]
    status, relations = parse_media(realweb_file(rel).read_bytes())
    assert (status.subject_id, status.status) == (subject, "FINISHED")
    assert status.title
    assert {r.relation for r in relations} == types
    assert any(is_renewal_signal(r) for r in relations) == signal
    for relation in relations:
        assert relation.subject_id == subject and relation.related_id.isdigit()


def test_not_yet_released_related_anime_is_a_signal():
    data = json.loads(realweb_file("anilist/media_10005_alternative_source.json").read_bytes())
    edges = data["data"]["Media"]["relations"]["edges"]
    alternative = next(e for e in edges if e["relationType"] == "ALTERNATIVE")
    _, before = parse_media(json.dumps(data))
    assert not any(is_renewal_signal(r) for r in before)
    alternative["node"]["status"] = "NOT_YET_RELEASED"
    _, after = parse_media(json.dumps(data))
    flagged = [r for r in after if is_renewal_signal(r)]
    assert [(r.related_id, r.related_status) for r in flagged] == [
        (str(alternative["node"]["id"]), "NOT_YET_RELEASED")]


def test_related_manga_not_yet_released_is_not_a_signal():
    data = json.loads(realweb_file("anilist/media_10005_alternative_source.json").read_bytes())
    source = next(e for e in data["data"]["Media"]["relations"]["edges"] if e["relationType"] == "SOURCE")
    source["node"]["status"] = "NOT_YET_RELEASED"
    _, relations = parse_media(json.dumps(data))
    assert not any(is_renewal_signal(r) for r in relations if r.related_type == "MANGA")


@pytest.mark.parametrize("body", [b'{"errors":[{"message":"Not Found.","status":404}],"data":{"Media":null}}', b"<html/>", b"[1]"])
def test_errors(body):
    with pytest.raises(AniListError):
        parse_media(body)


def test_request_body():
    payload = json.loads(media_request_body(110686))
    assert payload["variables"] == {"id": 110686}
    assert "relations" in payload["query"] and "Media(id: $id)" in payload["query"]

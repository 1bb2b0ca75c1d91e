"""The API spiders (AniList, Jikan, ANN encyclopedia) crawling a loopback copy of their APIs.

AniList and Jikan answers are the saved real ones from ../shared/realweb, read at run time
(with a positive variant made by editing the loaded JSON); the ANN answers are written here.
"""

from __future__ import annotations

import datetime as dt
import itertools
import json

from sqlalchemy import select

from renewal_watch.mirror import Answer
from renewal_watch.models import Article, Signal
from tests.conftest import realweb_file
from tests.crawlkit import NOW, crawl, latest_runs, site_server, write_config

HERO_MASK_IDS = {"name": "Hero Mask", "key": "hero-mask",
                 "ids": {"anilist": [100133], "mal": [11757], "ann": [4658]}}


def _anilist_answer() -> bytes:
    data = json.loads(realweb_file("anilist/media_100133_one_room_s2_prequel_sequel.json")
                      .read_bytes())
    for edge in data["data"]["Media"]["relations"]["edges"]:
        if edge["relationType"] == "SEQUEL":
            edge["node"]["status"] = "NOT_YET_RELEASED"
    return json.dumps(data).encode()


def _jikan_relations() -> bytes:
    data = json.loads(realweb_file("jikan/v4_anime_relations.json").read_bytes())
    data["data"].append({"relation": "Sequel", "entry": [
        {"mal_id": 55555, "type": "anime", "name": "Hero Mask Season 3",
         "url": "https://myanimelist.net/anime/55555"}]})
    return json.dumps(data).encode()


def _ann_answers(base: str) -> dict[str, str]:
    news = f"{base}/news/hero-mask-season-3.html"
    return {
        "/encyclopedia/api.xml?anime=4658": (
            f'<ann><anime id="4658" gid="1" type="ONA" name="Hero Mask (ONA)" precision="ONA">'
            f'<related-next rel="sequel" id="99001"/>'
            f'<news datetime="{NOW.isoformat()}" href="{news}">Hero Mask <cite>S3</cite></news>'
            f'<news datetime="2007-08-10T15:58:20Z" href="{base}/news/ancient.html">Old</news>'
            f"</anime></ann>"),
        "/encyclopedia/api.xml?anime=99001": (
            '<ann><anime type="TV" name="Hero Mask (TV 2)" id="99001" precision="TV 2"/></ann>'),
        "/encyclopedia/reports.xml?id=148&nlist=50": (
            '<report skipped="0" listed="2">'
            '<item><anime href="/encyclopedia/anime.php?id=99001">Hero Mask (TV 2)</anime>'
            "<date_added>2026-01-05 10:00:00</date_added></item>"
            '<item><anime href="/encyclopedia/anime.php?id=5">Superhero Masking (TV)</anime>'
            "<date_added>2026-01-05 09:00:00</date_added></item></report>"),
    }


def _signals(db) -> list[Signal]:
    with db.session() as s:
        return list(s.scalars(select(Signal).order_by(Signal.provider, Signal.kind,
                                                      Signal.related_id)))


def test_api_sources_yield_signals_and_follow_news(sqlite_db, tmp_path):
    db_url = sqlite_db.engine.url.render_as_string(hide_password=False)
    anilist, relations = _anilist_answer(), _jikan_relations()
    with site_server() as site:
        site.route("/graphql", lambda _r: Answer(body=anilist, content_type="application/json"))
        site.set("/v4/anime/11757/news", realweb_file("jikan/v4_anime_news.json").read_bytes())
        site.set("/v4/anime/11757/relations", relations, content_type="application/json")
        site.set("/v4/anime/11757",
                 realweb_file("jikan/v4_anime_11757_sword_art_online.json").read_bytes(),
                 content_type="application/json")
        for path, body in _ann_answers(site.base_url).items():
            site.set(path, body, content_type="text/xml")
        sources = [
            {"name": "anilist-test", "type": "anilist", "urls": [site.url("/graphql")]},
            {"name": "jikan-test", "type": "jikan", "urls": [site.url("/v4")]},
            {"name": "ann-test", "type": "ann_encyclopedia",
             "urls": [site.url("/encyclopedia/api.xml")]},
        ]
        config = write_config(tmp_path / "config.toml", sources, watch=[HERO_MASK_IDS])
        outcome = crawl(config, db_url, [s["name"] for s in sources])
        paths = [r.path for r in site.requests]
        posts = [r for r in site.requests if r.method == "POST"]

    assert {r.source: r.status for r in outcome.runs} == {
        "anilist-test": "ok", "jikan-test": "ok", "ann-test": "ok"}, outcome.log_tail
    assert len(posts) == 1 and posts[0].headers["content-type"] == "application/json"
    # News: the fresh ANN link is fetched as an article; 2007 and 2018 news are too old.
    assert "/news/hero-mask-season-3.html" in paths and "/news/ancient.html" not in paths
    with sqlite_db.session() as s:
        assert [a.url.rsplit("/", 1)[-1] for a in s.scalars(select(Article))] == [
            "hero-mask-season-3.html"]
    signals = _signals(sqlite_db)
    by = {(x.provider, x.kind, x.related_id): x for x in signals}
    sequel = by[("anilist", "relation", "116147")]
    assert (sequel.relation, sequel.related_status) == ("SEQUEL", "NOT_YET_RELEASED")
    assert sequel.payload["renewal_signal"] is True and sequel.title_key == "hero-mask"
    assert by[("anilist", "relation", "97857")].payload["renewal_signal"] is False
    assert by[("anilist", "status", "")].status == "FINISHED"
    assert by[("jikan", "relation", "55555")].relation == "Sequel"
    assert by[("jikan", "status", "")].status == "Finished Airing"
    ann = by[("ann", "relation", "99001")]
    assert (ann.relation, ann.related_title, ann.related_format) == (
        "sequel", "Hero Mask (TV 2)", "TV 2")
    new_entries = [x for x in signals if x.kind == "new_entry"]
    assert [(x.related_id, x.related_title) for x in new_entries] == [
        ("99001", "Hero Mask (TV 2)")]
    runs = latest_runs(sqlite_db)
    assert runs["anilist-test"].items == 4  # status + 3 relations


def test_second_poll_refreshes_signals_without_duplicates(sqlite_db, tmp_path):
    db_url = sqlite_db.engine.url.render_as_string(hide_password=False)
    anilist = _anilist_answer()
    with site_server() as site:
        site.route("/graphql", lambda _r: Answer(body=anilist, content_type="application/json"))
        config = write_config(tmp_path / "config.toml",
                              [{"name": "anilist-test", "type": "anilist",
                                "urls": [site.url("/graphql")]}], watch=[HERO_MASK_IDS])
        crawl(config, db_url, ["anilist-test"])
        first = {(x.kind, x.related_id): x.last_seen_at for x in _signals(sqlite_db)}
        crawl(config, db_url, ["anilist-test"])
    second = _signals(sqlite_db)
    assert len(second) == len(first) == 4
    for signal in second:
        assert signal.last_seen_at > first[(signal.kind, signal.related_id)]
        assert signal.changed_at is None


def test_anilist_unknown_id_is_a_recorded_error(sqlite_db, tmp_path):
    db_url = sqlite_db.engine.url.render_as_string(hide_password=False)
    answer = b'{"errors":[{"message":"Not Found.","status":404}],"data":{"Media":null}}'
    with site_server() as site:
        site.route("/graphql", lambda _r: Answer(body=answer, status=404,
                                                 content_type="application/json"))
        config = write_config(tmp_path / "config.toml",
                              [{"name": "anilist-test", "type": "anilist",
                                "urls": [site.url("/graphql")]}], watch=[HERO_MASK_IDS])
        outcome = crawl(config, db_url, ["anilist-test"])
    (run,) = outcome.runs
    assert run.status == "failed" and "Not Found." in run.error and "100133" in run.error


def test_rate_limit_spaces_requests_to_a_host(sqlite_db, tmp_path):
    # 30/min = one request every 2 s; AutoThrottle must not speed this host up. The gaps are
    # seen by the server, so each carries the scheduling delays of two processes: up to ~90 ms
    # on a loaded 2-core machine (a late request shortens the next gap by as much). A 2 s
    # spacing keeps the 10% margin well above that noise.
    db_url = sqlite_db.engine.url.render_as_string(hide_password=False)
    with site_server() as site:
        site.set("/feed.xml", "".join([
            '<rss version="2.0"><channel><title>t</title>',
            *(f"<item><title>n{i}</title><link>{site.url(p)}</link>"
              f"<pubDate>{(NOW - dt.timedelta(minutes=i)).strftime('%a, %d %b %Y %H:%M:%S +0000')}"
              f"</pubDate></item>"
              for i, p in enumerate(["/news/hero-mask-season-3.html", "/news/studio-roundup.html",
                                     "/news/hero-mask-archive.html"])),
            "</channel></rss>"]))
        config = write_config(tmp_path / "config.toml",
                              [{"name": "limited", "type": "feed", "urls": [site.url("/feed.xml")]}],
                              crawl={"rate_limits": {"127.0.0.1": 30}})
        outcome = crawl(config, db_url, ["limited"])
        times = [r.at for r in site.requests]
    assert outcome.runs[0].status == "ok"
    assert len(times) == 5  # robots.txt, the feed, three articles
    gaps = [b - a for a, b in itertools.pairwise(times)]
    assert min(gaps) >= 1.8, gaps


def test_429_retry_after_is_waited_for(sqlite_db, tmp_path):
    db_url = sqlite_db.engine.url.render_as_string(hide_password=False)
    anilist = _anilist_answer()
    answers = [Answer(body=b'{"errors":[{"message":"Too Many Requests."}]}', status=429,
                      content_type="application/json", headers={"Retry-After": "1"})]

    def limited(_request):
        return answers.pop(0) if answers else Answer(body=anilist,
                                                     content_type="application/json")

    with site_server() as site:
        site.route("/graphql", limited)
        # Retries to spare: a connection hiccup on a loaded machine must not use up the one
        # retry the 429 needs.
        config = write_config(tmp_path / "config.toml",
                              [{"name": "anilist-test", "type": "anilist",
                                "urls": [site.url("/graphql")]}], watch=[HERO_MASK_IDS],
                              crawl={"retry_times": 3})
        outcome = crawl(config, db_url, ["anilist-test"])
        posts = [r for r in site.requests if r.method == "POST"]
    assert outcome.runs[0].status == "ok", outcome.log_tail
    assert [p.status for p in posts] == [429, 200]
    assert posts[1].at - posts[0].at >= 0.95
    assert outcome.runs[0].counts["responses_4xx"] == 1

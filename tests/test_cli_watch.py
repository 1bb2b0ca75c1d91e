"""`renewal-watch watch ...`: editing the config with tomlkit, believed status, id lookups."""

from __future__ import annotations

import json

import pytest
import tomlkit
from alertkit import free_port
from click.testing import CliRunner

from renewal_watch.cli import cli
from renewal_watch.config import load_config
from renewal_watch.mirror import Answer, MirrorServer

# Stand-ins for the AniList and ANN answers (written for this test, ids made up).
ANILIST = {"data": {"Page": {"media": [
    {"id": 110686, "idMal": 39196, "format": "ONA", "status": "FINISHED", "seasonYear": 2019,
     "episodes": 12, "title": {"romaji": "Hero Mask 2nd Season", "english": "Hero Mask Part 2",
                               "native": None}},
    {"id": 101000, "idMal": 37000, "format": "ONA", "status": "FINISHED", "seasonYear": 2018,
     "episodes": 12, "title": {"romaji": "Hero Mask", "english": "Hero Mask", "native": None}},
    {"id": 5, "idMal": None, "format": "MOVIE", "status": "FINISHED", "seasonYear": 2001,
     "episodes": 1, "title": {"romaji": "[red]Superhero[/red] Masks", "english": None,
                              "native": None}},
]}}}
ANN = """<ann>
<anime id="20937" gid="1" type="ONA" name="Hero Mask (ONA)" precision="ONA">
<info type="Main title" lang="EN">Hero Mask</info><info type="Vintage">2018-12-03</info></anime>
<anime id="21999" gid="2" type="ONA" name="Hero Mask (ONA 2)" precision="ONA 2"></anime>
</ann>"""


def run(*args, code=0, input=None):
    result = CliRunner().invoke(cli, list(args), input=input)
    assert result.exit_code == code, result.output
    return result.output


@pytest.fixture
def config_path(tmp_path, monkeypatch):
    """Where the user's config file goes (not created)."""
    monkeypatch.delenv("RENEWAL_WATCH_CONFIG", raising=False)
    return tmp_path / "conf" / "config.toml"


@pytest.fixture
def empty_config(config_path):
    config_path.parent.mkdir(parents=True)
    config_path.write_text("# mine\n", encoding="utf-8")
    return config_path


def test_add_creates_the_file_and_refuses_duplicates(config_path):
    out = run("watch", "add", "Moon Shadow", "--alias", "MS", "--last-season", "1",
              "--status", "ongoing", "--context", "Bones", "--anilist", "12", "--mal", "34",
              "--config", str(config_path))
    assert "watching Moon Shadow as 'moon-shadow'" in out
    config = load_config(config_path)
    watch = config.get_watch("moon-shadow")
    assert (watch.name, watch.aliases, watch.context) == ("Moon Shadow", ["MS"], ["Bones"])
    assert watch.ids == {"anilist": [12], "mal": [34]}
    assert (watch.baseline.last_season, watch.baseline.status) == (1, "ongoing")
    assert config.get_watch("hero-mask") is not None  # the defaults are still merged in
    assert "already watched" in run("watch", "add", "moon shadow", "--config", str(config_path),
                                    code=2)
    assert "already watched" in run("watch", "add", "Other", "--alias", "ヒーローマスク",
                                    "--config", str(config_path), code=2)
    run("watch", "add", "X", "--status", "bogus", "--config", str(config_path), code=2)
    rows = json.loads(run("watch", "list", "--json", "--config", str(config_path)))
    assert [r["key"] for r in rows] == ["hero-mask", "moon-shadow"]
    plain = run("watch", "list", "--config", str(config_path))
    assert "moon-shadow\tMoon Shadow\tMS\tongoing after season 1" in plain


def test_add_keeps_comments_and_layout(config_path):
    config_path.parent.mkdir(parents=True)
    original = ('# my settings, keep this comment\n[alerts]\nrumor = "off"  # quiet please\n\n'
                '[[watch]]\n# a show I like\nname = "Moon Shadow"\n')
    config_path.write_text(original, encoding="utf-8")
    run("watch", "add", "Star Road", "--last-season", "2", "--status", "ended",
        "--config", str(config_path))
    text = config_path.read_text("utf-8")
    assert text.startswith(original)
    assert text.count("[[watch]]") == 2 and 'name = "Star Road"' in text
    assert load_config(config_path).alerts.rumor == "off"


def test_status_shows_sets_and_resets(empty_config, db_url):
    args = ["--config", str(empty_config), "--db", db_url]
    data = json.loads(run("watch", "status", "Hero Mask", "--json", *args))
    assert data["baseline"] == {"status": "ended", "season": 2, "as_of": "2019-08-23"}
    assert data["believed"]["status"] == "ended" and data["history"] == []
    data = json.loads(run("watch", "status", "hero-mask", "--set", "ongoing", "--season", "3",
                          "--note", "seen the trailer", "--json", *args))
    assert (data["believed"]["status"], data["believed"]["season"]) == ("ongoing", 3)
    (change,) = data["history"]
    assert (change["from_status"], change["to_status"], change["actor"], change["note"]) == (
        "ended", "ongoing", "user", "seen the trailer")
    plain = run("watch", "status", "Hero Mask", *args)
    assert "Believed: ongoing after season 3" in plain and "seen the trailer" in plain
    data = json.loads(run("watch", "status", "Hero Mask", "--reset", "--json", *args))
    assert (data["believed"]["status"], data["believed"]["season"]) == ("ended", 2)
    assert len(data["history"]) == 2
    run("watch", "status", "Hero Mask", "--season", "3", *args, code=2)
    run("watch", "status", "Hero Mask", "--set", "ended", "--reset", *args, code=2)
    assert "no watched title" in run("watch", "status", "Nope", *args, code=1)


@pytest.fixture
def apis():
    def anilist(request):
        if request.method != "POST" or "json" not in request.headers.get("content-type", ""):
            return Answer(body=b'{"errors": [{"message": "POST JSON please"}]}', status=400,
                          content_type="application/json")
        return Answer(body=json.dumps(ANILIST).encode(), content_type="application/json")

    seen: list[str] = []

    def ann(request):
        # Recorded here, before answering: the mirror's own log is written after the reply.
        seen.append(request.path)
        return Answer(body=ANN.encode(), content_type="application/xml")

    with MirrorServer() as mirror:
        mirror.route("/graphql", anilist)
        mirror.route("/encyclopedia/api.xml", ann)
        mirror.ann_paths = seen
        yield mirror


def test_resolve_against_standins_and_save(empty_config, apis):
    config_path = empty_config
    endpoints = ["--anilist-endpoint", apis.url("/graphql"),
                 "--ann-endpoint", apis.url("/encyclopedia/api.xml")]
    data = json.loads(run("watch", "resolve", "Hero Mask", "--json", *endpoints,
                          "--config", str(config_path)))
    found = {(c["provider"], c["id"]): c for c in data["candidates"]}
    assert found[("anilist", 101000)]["exact"] and found[("anilist", 101000)]["mal_id"] == 37000
    assert found[("anilist", 110686)]["exact"] is False
    assert found[("ann", 20937)]["exact"] and found[("ann", 20937)]["year"] == 2018
    assert data["problems"] == []
    assert apis.ann_paths == ["/encyclopedia/api.xml?title=~Hero+Mask"]
    plain = run("watch", "resolve", "Hero Mask", *endpoints, "--config", str(config_path))
    assert "[red]Superhero[/red] Masks" in plain
    run("watch", "resolve", "Hero Mask", "--save", *endpoints, "--config", str(config_path))
    ids = load_config(config_path).get_watch("hero-mask").ids
    # ANN names parts "Hero Mask (ONA 2)": the bracket is a format, so both parts match.
    assert ids == {"anilist": [101000, 110686], "mal": [37000], "ann": [20937, 21999]}


def test_resolve_uses_configured_endpoints(config_path, apis):
    config_path.parent.mkdir(parents=True)
    config_path.write_text(tomlkit.dumps({"source": [
        {"name": "anilist", "urls": [apis.url("/graphql")]},
        {"name": "ann-encyclopedia", "urls": [apis.url("/encyclopedia/api.xml")]}]}))
    data = json.loads(run("watch", "resolve", "Hero Mask", "--json", "--config",
                          str(config_path)))
    assert len(data["candidates"]) == 5


def test_resolve_offline_is_a_clear_error(empty_config):
    config_path = empty_config
    dead = f"http://127.0.0.1:{free_port()}"
    out = run("watch", "resolve", "Hero Mask", "--anilist-endpoint", dead + "/graphql",
              "--ann-endpoint", dead + "/api.xml", "--config", str(config_path), code=1)
    assert "offline" in out and "Traceback" not in out

"""`renewal-watch crawl`, `sources`, `db`, `config` through click's CliRunner."""

from __future__ import annotations

import json

import pytest
from click.testing import CliRunner
from sqlalchemy import func, select

from renewal_watch.cli import cli
from renewal_watch.models import Article
from tests.crawlkit import NOW, feed_source, rss, site_server, write_config

# Every command this module adds, as typed after `renewal-watch`.
COMMANDS = [["crawl"], ["sources"], ["sources", "list"], ["sources", "check"], ["db"],
            ["db", "upgrade"], ["config"], ["config", "show"], ["config", "validate"]]


def _run(*args: str):
    return CliRunner().invoke(cli, list(args), catch_exceptions=False)


@pytest.mark.parametrize("command", COMMANDS, ids=" ".join)
def test_help_ends_with_an_example(command):
    result = _run(*command, "--help")
    assert result.exit_code == 0
    lines = [line.strip() for line in result.output.splitlines() if line.strip()]
    example = lines.index("Example:")
    assert lines[example + 1].startswith("renewal-watch ")


def test_crawl_prints_a_summary_and_exits_0_when_a_source_worked(tmp_path, sqlite_db):
    db_url = sqlite_db.engine.url.render_as_string(hide_password=False)
    with site_server() as site:
        site.set("/feed.xml", rss(site.base_url, [("/news/studio-roundup.html", "Roundup", NOW)]))
        site.set("/gone.xml", "gone", status=410)
        config = write_config(tmp_path / "config.toml",
                              [feed_source("site", site.url("/feed.xml")),
                               feed_source("gone", site.url("/gone.xml"))])
        result = _run("crawl", "--source", "site", "--source", "gone", "--config", str(config),
                      "--db", db_url)
    assert result.exit_code == 0, result.output
    lines = result.output.splitlines()
    assert any(line.startswith("site") and " ok " in line for line in lines)
    assert any(line.startswith("gone") and "failed" in line for line in lines)
    assert "HTTP 410" in result.output
    with sqlite_db.session() as s:
        assert s.scalar(select(func.count()).select_from(Article)) == 1


def test_crawl_exits_non_zero_when_no_source_worked(tmp_path, sqlite_db):
    db_url = sqlite_db.engine.url.render_as_string(hide_password=False)
    with site_server() as site:
        site.set("/gone.xml", "gone", status=410)
        config = write_config(tmp_path / "config.toml", [feed_source("gone", site.url("/gone.xml"))])
        result = CliRunner().invoke(cli, ["crawl", "--source", "gone", "--config", str(config),
                                          "--db", db_url])
    assert result.exit_code == 1
    assert "no source succeeded" in result.output


def test_crawl_unknown_source_and_bad_config(tmp_path):
    config = write_config(tmp_path / "config.toml", [])
    result = CliRunner().invoke(cli, ["crawl", "--source", "nope", "--config", str(config)])
    assert result.exit_code == 1 and "no source named 'nope'" in result.output
    bad = tmp_path / "bad.toml"
    bad.write_text("[crawl]\nretry_times = 99\n", encoding="utf-8")
    result = CliRunner().invoke(cli, ["crawl", "--config", str(bad)])
    assert result.exit_code == 2 and "crawl.retry_times" in result.output
    assert "Traceback" not in result.output


def test_sources_list_shows_health_after_a_crawl(tmp_path, sqlite_db):
    db_url = sqlite_db.engine.url.render_as_string(hide_password=False)
    with site_server() as site:
        site.set("/gone.xml", "gone", status=410)
        config = write_config(tmp_path / "config.toml", [feed_source("gone", site.url("/gone.xml"))])
        CliRunner().invoke(cli, ["crawl", "--source", "gone", "--config", str(config),
                                 "--db", db_url])
    result = _run("sources", "list", "--json", "--config", str(config), "--db", db_url)
    assert result.exit_code == 0
    rows = {r["name"]: r for r in json.loads(result.output)}
    assert rows["gone"]["last_status"] == "failed" and rows["gone"]["failures"] == 1
    assert "HTTP 410" in rows["gone"]["last_error"]
    assert rows["ann"]["enabled"] is False and rows["ann"]["last_run"] is None
    text = _run("sources", "list", "--config", str(config), "--db", db_url).output
    assert "gone" in text and "last error: HTTP 410" in text


def test_sources_check_shows_entries_and_stores_nothing(tmp_path, sqlite_db):
    db_url = sqlite_db.engine.url.render_as_string(hide_password=False)
    with site_server() as site:
        site.set("/feed.xml", rss(site.base_url, [
            ("/news/hero-mask-season-3.html", "Hero Mask Season 3 Announced", NOW)]))
        config = write_config(tmp_path / "config.toml", [feed_source("site", site.url("/feed.xml"))])
        # Even with a database configured, a check writes nothing to it.
        result = CliRunner(env={"RENEWAL_WATCH_DB": db_url}).invoke(
            cli, ["sources", "check", "site", "--config", str(config)])
        paths = {r.path for r in site.requests}
    assert result.exit_code == 0, result.output
    assert "1 entries" in result.output and "Hero Mask Season 3 Announced" in result.output
    assert "/news/hero-mask-season-3.html" not in paths  # entries are shown, not followed
    with sqlite_db.session() as s:
        assert s.scalar(select(func.count()).select_from(Article)) == 0


def test_sources_check_failure_and_unknown_name(tmp_path):
    with site_server() as site:
        site.set("/feed.xml", "<html>not a feed</html>", content_type="text/html")
        config = write_config(tmp_path / "config.toml", [feed_source("site", site.url("/feed.xml"))])
        result = CliRunner().invoke(cli, ["sources", "check", "site", "--config", str(config)])
    assert result.exit_code == 1 and "not a feed" in result.output
    result = CliRunner().invoke(cli, ["sources", "check", "nope", "--config", str(config)])
    assert result.exit_code == 1 and "no source named" in result.output


def test_db_upgrade_is_repeatable(tmp_path):
    db = tmp_path / "fresh.sqlite3"
    first = _run("db", "upgrade", "--db", str(db))
    assert first.exit_code == 0 and "upgraded from empty to" in first.output
    again = _run("db", "upgrade", "--db", str(db))
    assert again.exit_code == 0 and "already at" in again.output
    bad = CliRunner().invoke(cli, ["db", "upgrade", "--db", "nosuch://x"])
    assert bad.exit_code != 0 and "Traceback" not in bad.output


def test_config_show_masks_channel_secrets(tmp_path):
    path = tmp_path / "config.toml"
    path.write_text('[[channel]]\nname = "hook"\n'
                    'url = "json://user:VerySecretPassword123@hooks.example/notify"\n',
                    encoding="utf-8")
    result = _run("config", "show", "--config", str(path))
    assert result.exit_code == 0
    assert "VerySecretPassword123" not in result.output
    assert 'name = "hook"' in result.output and "[[source]]" in result.output
    import tomllib

    assert tomllib.loads(result.output)["crawl"]["time_limit"] == 900
    paths = _run("config", "show", "--paths", "--config", str(path))
    assert str(path) in paths.output and "default_config.toml" in paths.output


def test_config_validate(tmp_path):
    good = write_config(tmp_path / "good.toml", [])
    result = _run("config", "validate", str(good))
    assert result.exit_code == 0 and "ok" in result.output
    bad = tmp_path / "bad.toml"
    bad.write_text('[crawl]\ndownload_timeout = 0\n[[source]]\nname = "x"\ntype = "feed"\n',
                   encoding="utf-8")
    result = CliRunner().invoke(cli, ["config", "validate", str(bad)])
    assert result.exit_code == 2
    assert f"{bad}: crawl.download_timeout:" in result.output
    assert f"{bad}: source[x]" in result.output
    missing = CliRunner().invoke(cli, ["config", "validate", str(tmp_path / "none.toml")])
    assert missing.exit_code == 2 and "file not found" in missing.output

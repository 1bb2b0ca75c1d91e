"""`renewal-watch alerts ...` (and every review command's help), on SQLite and PostgreSQL."""

from __future__ import annotations

import json
import os
import pty
import select as select_mod
import subprocess
import sys

import pytest
import tomlkit
from alertkit import T0, make_config, seed, store_report
from click.testing import CliRunner

from renewal_watch.alerts import deliver_pending, sweep
from renewal_watch.cli import cli

HOSTILE = "[bold red]PWNED[/bold red] \x1b[2J\x1b]0;title\x07 Hero Mask season 3"
COMMANDS = [["alerts"], ["alerts", "list"], ["alerts", "show"], ["alerts", "ack"],
            ["alerts", "dismiss"], ["alerts", "deliver"], ["alerts", "digest"], ["watch"],
            ["watch", "list"], ["watch", "add"], ["watch", "resolve"], ["watch", "status"],
            ["reclassify"]]


@pytest.mark.parametrize("command", COMMANDS, ids=" ".join)
def test_every_help_ends_with_an_example(command):
    result = CliRunner().invoke(cli, [*command, "--help"])
    assert result.exit_code == 0, result.output
    text = result.output.split("Options:")[0].rstrip().splitlines()
    example = text.index("  Example:")
    assert text[example + 1].strip().startswith("renewal-watch ")


@pytest.fixture
def env(db, db_url, tmp_path):
    """A config file (a file channel), the database with one alert; CLI args for both."""
    config_path = tmp_path / "config.toml"
    outbox = tmp_path / "alerts.jsonl"
    config_path.write_text(tomlkit.dumps({"channel": [
        {"name": "console", "enabled": False},
        {"name": "file", "url": f"file://{outbox}", "severities": ["critical", "warning"]}]}))
    config = make_config([{"name": "file", "url": f"file://{outbox}"}])
    _, (reddit,) = seed(db, ("reddit-anime", "community"))
    store_report(db, reddit, headline=HOSTILE)
    sweep(db, config, T0)
    deliver_pending(db, config, now=T0)
    return {"args": ["--config", str(config_path), "--db", db_url], "db": db,
            "outbox": outbox}


def run(env, *args, code=0):
    result = CliRunner().invoke(cli, [*args, *env["args"]])
    assert result.exit_code == code, result.output
    return result.output


def test_list_json_filters_and_plain_output(env):
    rows = json.loads(run(env, "alerts", "list", "--json"))
    assert [(r["id"], r["kind"], r["severity"], r["status"]) for r in rows] == [
        (1, "renewal", "warning", "new")]
    assert json.loads(run(env, "alerts", "list", "--status", "acked", "--json")) == []
    assert len(json.loads(run(env, "alerts", "list", "--title", "Hero Mask", "--json"))) == 1
    assert len(json.loads(run(env, "alerts", "list", "--since", "2020-01-01", "--json"))) == 1
    plain = run(env, "alerts", "list")
    assert plain.splitlines()[0].split("\t")[:3] == ["ID", "SEVERITY", "STATUS"]
    assert "\t1 (1 indep.)\t" in plain
    assert "neither an age" in run(env, "alerts", "list", "--since", "nonsense", code=2)
    assert "no watched title" in run(env, "alerts", "list", "--title", "Nope", code=1)


def test_show_json_has_evidence_sources_and_deliveries(env):
    data = json.loads(run(env, "alerts", "show", "1", "--json"))
    assert data["summary"] == "Hero Mask: renewal, season 3"
    assert data["evidence"][0]["text"]
    (source,) = data["source_list"]
    assert source["source"] == "reddit-anime" and source["independent"] is True
    (delivery,) = data["deliveries"]
    assert delivery["status"] == "sent" and delivery["attempt_log"][0]["ok"] is True
    assert delivery["channel_url"] == "file://"
    plain = run(env, "alerts", "show", "1")
    assert "\x1b" not in plain and "\x07" not in plain  # no terminal control from scraped text
    assert "[bold red]PWNED[/bold red]" in plain          # shown as text
    assert "no alert 99" in run(env, "alerts", "show", "99", code=1)


def test_ack_and_dismiss(env):
    assert "acked" in run(env, "alerts", "ack", "1")
    assert json.loads(run(env, "alerts", "list", "--status", "acked", "--json"))[0]["id"] == 1
    assert "--reason" in run(env, "alerts", "dismiss", "1", code=2)
    assert "dismissed" in run(env, "alerts", "dismiss", "1", "--reason", "satire")
    data = json.loads(run(env, "alerts", "show", "1", "--json"))
    assert (data["status"], data["dismissed_reason"]) == ("dismissed", "satire")
    assert "no alert 5" in run(env, "alerts", "ack", "5", code=1)


def test_deliver_and_digest_commands(env):
    assert "0 sent, 0 failed, 0 dead" in run(env, "alerts", "deliver")
    assert "daily digest" in run(env, "alerts", "digest", "daily")
    run(env, "alerts", "digest", "monthly", code=2)


def test_rich_table_on_a_terminal_escapes_markup(env):
    """On a real pseudo-terminal: a rich table, with the headline's markup shown literally."""
    main, child = pty.openpty()
    proc = subprocess.Popen(
        [sys.executable, "-c", "from renewal_watch.cli import main; main()", "alerts", "show",
         "1", *env["args"]], stdin=child, stdout=child, stderr=child, close_fds=True,
        env={**os.environ, "COLUMNS": "250", "TERM": "xterm"})
    os.close(child)
    chunks = []
    while True:
        ready, _, _ = select_mod.select([main], [], [], 60)
        if not ready:
            break
        try:
            data = os.read(main, 65536)
        except OSError:
            break
        if not data:
            break
        chunks.append(data)
    proc.wait(timeout=60)
    os.close(main)
    out = b"".join(chunks).decode("utf-8", "replace")
    assert proc.returncode == 0, out
    assert "┃" in out or "│" in out                  # rich drew a table
    assert "[bold red]PWNED[/bold red]" in out        # markup in scraped text stays text
    assert "\x1b[2J" not in out and "\x1b]0;" not in out

"""`renewal-watch reclassify`: the current classifier over stored articles, shown then applied."""

from __future__ import annotations

import json

import pytest
from alertkit import T0, make_config, seed, store_report
from click.testing import CliRunner
from sqlalchemy import select

from renewal_watch.alerts import sweep
from renewal_watch.alerts.review import dismiss
from renewal_watch.cli import cli
from renewal_watch.models import Alert, Mention

RENEWAL = ("Netflix and Studio Pierrot announced on Tuesday that the anime series Hero Mask will "
           "return for a third season. The streaming service confirmed the renewal and said the "
           "new season will premiere in 2027.")
CRAFT = "How to make a superhero mask from craft foam, in ten easy steps."


@pytest.fixture
def env(db, db_url, tmp_path):
    config_path = tmp_path / "config.toml"
    config_path.write_text('[[channel]]\nname = "console"\nenabled = false\n', encoding="utf-8")
    _, (ann,) = seed(db, ("ann", "trade"))
    # Stored with a stale judgement: an older classifier called it a mere mention.
    store_report(db, ann, label="mention", season=None, change=False, text=RENEWAL,
                 headline="Hero Mask returns")
    store_report(db, ann, label="unrelated", season=None, change=False, text=CRAFT,
                 headline="Craft corner")
    return {"args": ["--config", str(config_path), "--db", db_url], "db": db, "ann": ann}


def run(env, *args, code=0):
    result = CliRunner().invoke(cli, [*args, *env["args"]])
    assert result.exit_code == code, result.output
    return result.output


def _labels(db) -> list[tuple[str, int | None]]:
    with db.session() as s:
        return [(m.label, m.season) for m in s.scalars(select(Mention).order_by(Mention.id))]


def test_dry_run_shows_the_change_and_writes_nothing(env):
    data = json.loads(run(env, "reclassify", "--since", "2020-01-01", "--dry-run", "--json"))
    (change,) = data["changes"]
    assert change["title"] == "hero-mask" and change["headline"] == "Hero Mask returns"
    assert (change["old"]["label"], change["new"]["label"], change["new"]["season"],
            change["new"]["change"]) == ("mention", "renewal", 3, True)
    assert data["applied"] is None
    plain = run(env, "reclassify", "--since", "2020-01-01", "--dry-run")
    assert "mention (0.90)\trenewal s3 change" in plain
    assert _labels(env["db"]) == [("mention", None), ("unrelated", None)]
    # The default window (90 days back from today) does not reach these old articles.
    assert "No classification would change" in run(env, "reclassify", "--dry-run")


def test_apply_updates_mentions_and_opens_the_alert_once(env):
    out = run(env, "reclassify", "--since", "2020-01-01", "--yes")
    assert "Applied 1 change(s): 1 alert(s) opened" in out
    assert _labels(env["db"])[0] == ("renewal", 3)
    with env["db"].session() as s:
        (alert,) = s.scalars(select(Alert))
        assert (alert.kind, alert.season, alert.severity) == ("renewal", 3, "critical")
    assert "No classification would change" in run(env, "reclassify", "--since", "2020-01-01")


def test_reclassify_does_not_bring_back_a_dismissed_alert(env):
    db = env["db"]
    run(env, "reclassify", "--since", "2020-01-01", "--yes")
    with db.transaction() as s:
        alert = s.scalars(select(Alert)).one()
        dismiss(s, alert.id, "hoax")
        s.scalars(select(Mention).order_by(Mention.id)).first().label = "mention"
    out = run(env, "reclassify", "--since", "2020-01-01", "--yes", "--json")
    assert json.loads(out)["applied"]["opened"] == []
    with db.session() as s:
        assert [a.status for a in s.scalars(select(Alert))] == ["dismissed"]


def test_new_mentions_are_found_too(env):
    db = env["db"]
    with db.transaction() as s:
        s.query(Mention).delete()
    data = json.loads(run(env, "reclassify", "--since", "2020-01-01", "--dry-run", "--json"))
    assert [(c["old"], c["new"]["label"]) for c in data["changes"]] == [(None, "renewal")]
    sweep(db, make_config(), T0)  # nothing to decide: reclassify wrote nothing
    assert _labels(db) == []

"""Digests (what stays below a channel's instant threshold) and source-health alerts."""

from __future__ import annotations

import datetime as dt

from alertkit import T0, Receiver, make_config, seed, store_report
from sqlalchemy import select

from renewal_watch.alerts import deliver_pending, send_digests, source_health_changed, sweep
from renewal_watch.alerts.digest import period_stamp
from renewal_watch.models import Alert, Delivery, Source


def _set_health(db, name: str, health: str) -> None:
    with db.transaction() as s:
        s.scalars(select(Source).where(Source.name == name)).one().health = health


def test_daily_digest_gathers_what_was_not_sent_at_once(db):
    with Receiver() as instant, Receiver() as daily:
        config = make_config([
            {"name": "instant", "url": instant.url(), "severities": ["critical", "warning"]},
            {"name": "daily", "url": daily.url(), "severities": ["critical"], "digest": "daily"},
        ], rumor="digest")
        _, (reddit, ann) = seed(db, ("reddit-anime", "community"), ("ann", "trade"))
        store_report(db, reddit)                                         # a warning
        store_report(db, reddit, label="rumor", season=4, change=False)  # rumors: digest only
        store_report(db, ann, label="mention", season=None)              # franchise activity
        _set_health(db, "ann", "failing")
        sweep(db, config, T0)
        report = send_digests(db, config, "daily", now=T0 + dt.timedelta(hours=2))
        assert report.sent == 2  # the digest, and the warning still due for `instant`
        assert instant.titles() == ["[warning] Hero Mask: renewal, season 3"]
        (digest,) = daily.messages
        assert digest["title"].startswith("renewal-watch daily digest")
        text = digest["message"]
        assert "[warning] Hero Mask: renewal, season 3" in text
        assert "[notice] Hero Mask: rumor, season 4" in text
        assert "Hero Mask: 3 articles" in text and "1 mention" in text
        assert "ann: failing" in text
        # Once per period ...
        assert send_digests(db, config, "daily", now=T0 + dt.timedelta(hours=5)).sent == 0
        # ... the next day only what is new (here: the source still failing) ...
        send_digests(db, config, "daily", now=T0 + dt.timedelta(hours=26))
        assert len(daily.messages) == 2
        assert "Hero Mask" not in daily.messages[1]["message"]
        # ... and nothing at all when there is nothing to say.
        _set_health(db, "ann", "ok")
        assert send_digests(db, config, "daily", now=T0 + dt.timedelta(hours=50)).sent == 0
        assert len(daily.messages) == 2
    with db.session() as s:
        keys = sorted(k for k in s.scalars(select(Delivery.key)) if k.startswith("digest:"))
    assert keys == [f"digest:daily:daily:{period_stamp('daily', T0 + dt.timedelta(hours=h))}"
                    for h in (2, 26)]


def test_weekly_periods_are_iso_weeks():
    assert period_stamp("weekly", dt.datetime(2025, 3, 14, tzinfo=dt.UTC)) == "2025-W11"
    assert period_stamp("daily", dt.datetime(2025, 3, 14, tzinfo=dt.UTC)) == "2025-03-14"


def test_source_health_opens_once_and_recovery_resolves_and_tells(db):
    with Receiver() as hook:
        config = make_config([{"name": "hook", "url": hook.url()}])
        seed(db, ("ann", "trade"))
        first = source_health_changed(db, config, "ann", "HTTP 503 three times", now=T0)
        again = source_health_changed(db, config, "ann", "HTTP 503 four times",
                                      now=T0 + dt.timedelta(hours=1))
        assert first == again
        deliver_pending(db, config, now=T0 + dt.timedelta(hours=1))
        assert hook.titles() == ["[warning] Source 'ann' is failing"]
        assert source_health_changed(db, config, "ann", None,
                                     now=T0 + dt.timedelta(hours=2)) == first
        deliver_pending(db, config, now=T0 + dt.timedelta(hours=2))
        assert hook.titles()[-1] == "[resolved] Source 'ann' recovered"
        assert source_health_changed(db, config, "ann", None) is None  # nothing open
        # A new failure later is a new episode.
        assert source_health_changed(db, config, "ann", "timeout",
                                     now=T0 + dt.timedelta(days=1)) != first
    with db.session() as s:
        alerts = list(s.scalars(select(Alert).order_by(Alert.id)))
    assert [(a.kind, a.reason, a.resolved_at is not None) for a in alerts] == [
        ("source_health", "HTTP 503 four times", True), ("source_health", "timeout", False)]

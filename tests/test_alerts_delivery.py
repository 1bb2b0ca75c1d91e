"""Delivery through Apprise to real local servers: SMTP (aiosmtpd) and a webhook receiver.

Time is driven by passing `now`; nothing sleeps waiting for a backoff.
"""

from __future__ import annotations

import datetime as dt
import os
import signal
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest
from alertkit import T0, Receiver, free_port, make_config, seed, store_report
from sqlalchemy import select

from renewal_watch.alerts import after_crawl, channel_health, deliver_pending, sweep
from renewal_watch.alerts.delivery import CLAIM_LEASE, backoff
from renewal_watch.models import Alert, Delivery, DeliveryAttempt

TESTS = Path(__file__).resolve().parent
REPO = TESTS.parent


def _one_alert(db, config, now=T0):
    _, (ann,) = seed(db, ("ann", "trade"))
    store_report(db, ann, evidence="Hero Mask will return for a third season, staff said.")
    sweep(db, config, now)


def _deliveries(db) -> list[Delivery]:
    with db.session() as s:
        rows = list(s.scalars(select(Delivery).order_by(Delivery.id)))
        for r in rows:
            _ = r.attempts_log
        return rows


@pytest.fixture
def smtp():
    from aiosmtpd.controller import Controller

    class Handler:
        def __init__(self):
            self.envelopes = []

        async def handle_DATA(self, server, session, envelope):
            self.envelopes.append(envelope)
            return "250 OK"

    handler = Handler()
    controller = Controller(handler, hostname="127.0.0.1", port=free_port())
    controller.start()
    try:
        yield handler, controller.port
    finally:
        controller.stop()


def test_delivers_to_smtp_and_webhook_and_records_the_attempts(db, smtp):
    handler, port = smtp
    with Receiver() as hook:
        mail = (f"mailto://127.0.0.1:{port}?from=watch@example.com&to=me@example.com"
                "&mode=insecure")
        config = make_config([{"name": "mail", "url": mail}, {"name": "hook", "url": hook.url()}])
        _one_alert(db, config)
        report = deliver_pending(db, config, now=T0)
        assert (report.sent, report.failed) == (2, 0)
        assert hook.titles() == ["[critical] Hero Mask: renewal, season 3"]
        assert "third season" in hook.messages[0]["message"]
    (envelope,) = handler.envelopes
    assert envelope.rcpt_tos == ["me@example.com"]
    content = envelope.content.decode()
    assert "Subject: [critical] Hero Mask: renewal, season 3" in content
    assert "text/html" in content  # email gets the autoescaped HTML body
    for row in _deliveries(db):
        assert row.status == "sent" and row.attempts == 1 and row.sent_at == T0
        (attempt,) = row.attempts_log
        assert attempt.ok and attempt.response.startswith("status=SUCCESS")
    assert deliver_pending(db, config, now=T0 + dt.timedelta(hours=1)).sent == 0


def test_receiver_down_then_up_is_delivered_once_after_backoff(db):
    port = free_port()
    hook = Receiver(port=port)
    config = make_config([{"name": "hook", "url": hook.url()}], retry_base_seconds=60,
                         retry_max_seconds=3600)
    _one_alert(db, config)
    assert deliver_pending(db, config, now=T0).failed == 1        # nothing listens
    (row,) = _deliveries(db)
    assert (row.status, row.attempts, row.next_attempt_at) == ("pending", 1, T0 + backoff(config, 1))
    assert "Connection" in row.attempts_log[0].response and not row.attempts_log[0].ok
    assert deliver_pending(db, config, now=T0 + dt.timedelta(seconds=30)).failed == 0  # not due
    assert deliver_pending(db, config, now=T0 + dt.timedelta(seconds=60)).failed == 1
    (row,) = _deliveries(db)
    assert row.next_attempt_at == T0 + dt.timedelta(seconds=60) + dt.timedelta(seconds=120)
    with hook:
        later = T0 + dt.timedelta(seconds=180)
        assert deliver_pending(db, config, now=later).sent == 1
        assert deliver_pending(db, config, now=later + dt.timedelta(days=1)).sent == 0
        assert len(hook.messages) == 1
    (row,) = _deliveries(db)
    assert row.status == "sent" and [a.ok for a in row.attempts_log] == [False, False, True]


def test_backoff_is_capped_and_attempts_end_dead(db):
    config = make_config([{"name": "hook", "url": f"json://127.0.0.1:{free_port()}/x"}],
                         retry_base_seconds=10, retry_max_seconds=25, max_attempts=3)
    assert [backoff(config, n).seconds for n in (1, 2, 3, 4)] == [10, 20, 25, 25]
    _one_alert(db, config)
    now = T0
    for _ in range(3):
        deliver_pending(db, config, now=now)
        now += dt.timedelta(seconds=30)
    (row,) = _deliveries(db)
    assert (row.status, row.attempts) == ("dead", 3)
    assert deliver_pending(db, config, now=now + dt.timedelta(days=1)).failed == 0


def test_failing_channel_is_reported_through_the_other_channel(db):
    secret = "s3cretpassw0rd"
    down = f"json://alice:{secret}@127.0.0.1:{free_port()}/down"
    with Receiver() as hook:
        config = make_config([{"name": "down", "url": down}, {"name": "hook", "url": hook.url()}],
                             channel_failure_threshold=2, retry_base_seconds=60)
        _one_alert(db, config)
        deliver_pending(db, config, now=T0)
        assert len(hook.messages) == 1
        deliver_pending(db, config, now=T0 + dt.timedelta(minutes=1))
        assert hook.titles()[1] == "[warning] Notification channel 'down' is failing"
        # Reported once per episode, not at every further failure.
        deliver_pending(db, config, now=T0 + dt.timedelta(minutes=5))
        assert len(hook.messages) == 2
    health = {c["name"]: c for c in channel_health(db, config)}
    assert health["down"]["healthy"] is False and health["down"]["consecutive_failures"] == 3
    assert health["hook"]["healthy"] is True
    assert secret not in health["down"]["url"] and "****" in health["down"]["url"]
    with db.session() as s:
        responses = " ".join(r or "" for r in s.scalars(select(DeliveryAttempt.response)))
        health_alert = s.scalars(select(Alert).where(Alert.kind == "channel_health")).one()
    assert secret not in responses and secret not in (health_alert.reason or "")


def test_channel_recovery_resolves_its_health_alert(db):
    port = free_port()
    hook = Receiver(port=port)
    config = make_config([{"name": "hook", "url": hook.url()}], channel_failure_threshold=1,
                         retry_base_seconds=60)
    _one_alert(db, config)
    deliver_pending(db, config, now=T0)
    assert channel_health(db, config)[-1]["healthy"] is False
    with hook:
        deliver_pending(db, config, now=T0 + dt.timedelta(minutes=2))
    assert channel_health(db, config)[-1]["healthy"] is True
    with db.session() as s:
        assert s.scalars(select(Alert).where(Alert.kind == "channel_health")).one().resolved_at


def test_an_expired_claim_is_taken_over_a_live_one_is_not(db):
    with Receiver() as hook:
        config = make_config([{"name": "hook", "url": hook.url()}])
        _one_alert(db, config)
        with db.transaction() as s:
            row = s.scalars(select(Delivery)).one()
            row.claimed_by, row.claimed_until = "dead-process", T0 + CLAIM_LEASE
        assert deliver_pending(db, config, now=T0).sent == 0
        assert deliver_pending(db, config, now=T0 + CLAIM_LEASE + dt.timedelta(seconds=1)).sent == 1
        assert len(hook.messages) == 1


CHILD = textwrap.dedent("""
    import sys, time
    sys.path.insert(0, {tests!r})
    from alertkit import make_config, seed, store_report, T0
    from renewal_watch.alerts import sweep
    from renewal_watch.db import open_database
    db = open_database({url!r})
    config = make_config([{{"name": "hook", "url": {hook!r}}}])
    _, (ann,) = seed(db, ("ann", "trade"))
    store_report(db, ann)
    if {decide!r}:
        sweep(db, config, T0)      # the alert and its delivery are committed ...
    print("committed", flush=True)
    time.sleep(600)                # ... and the process dies before delivering
""")


@pytest.mark.parametrize("decide", [True, False], ids=["after-alert", "before-alert"])
def test_killed_process_loses_nothing_and_sends_once(db_url, decide):
    from renewal_watch.db import open_database

    with Receiver() as hook:
        script = CHILD.format(tests=str(TESTS), url=db_url, hook=hook.url(), decide=decide)
        child = subprocess.Popen([sys.executable, "-c", script], stdout=subprocess.PIPE,
                                 text=True, cwd=REPO, env={**os.environ})
        try:
            assert child.stdout.readline().strip() == "committed"
        finally:
            child.send_signal(signal.SIGKILL)
            child.wait(timeout=30)
        assert child.returncode == -signal.SIGKILL
        db = open_database(db_url)
        try:
            config = make_config([{"name": "hook", "url": hook.url()}])
            # The restarted process: sweep (finds the undecided mention, if any) and deliver.
            sweep_report, sent = after_crawl(db, config, now=T0 + dt.timedelta(minutes=1))
            assert len(sweep_report.opened) == (0 if decide else 1)
            assert sent.sent == 1
            again, sent_again = after_crawl(db, config, now=T0 + dt.timedelta(hours=1))
            assert again.decided == 0 and sent_again.sent == 0
            assert hook.titles() == ["[critical] Hero Mask: renewal, season 3"]
        finally:
            db.dispose()


SENDER = textwrap.dedent("""
    import sys
    sys.path.insert(0, {tests!r})
    from alertkit import make_config, T0
    from renewal_watch.alerts import deliver_pending
    from renewal_watch.db import open_database
    db = open_database({url!r}, migrate=False)
    config = make_config([{{"name": "hook", "url": {hook!r}}}])
    print(deliver_pending(db, config, now=T0).sent, flush=True)
""")


def test_two_concurrent_senders_never_send_a_row_twice(db, db_url):
    with Receiver(delay=0.2) as hook:
        config = make_config([{"name": "hook", "url": hook.url()}])
        _, (ann,) = seed(db, ("ann", "trade"))
        for season in (3, 4, 5, 6):
            store_report(db, ann, season=season, text=f"season {season}")
        sweep(db, config, T0)
        script = SENDER.format(tests=str(TESTS), url=db_url, hook=hook.url())
        procs = [subprocess.Popen([sys.executable, "-c", script], stdout=subprocess.PIPE,
                                  text=True, cwd=REPO) for _ in range(2)]
        counts = [int(p.communicate(timeout=120)[0].strip()) for p in procs]
        assert sum(counts) == 4
        assert sorted(hook.titles()) == sorted(set(hook.titles())) and len(hook.titles()) == 4

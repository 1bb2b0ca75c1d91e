"""The alert decision on SQLite and PostgreSQL: events, severity, corroboration, belief."""

from __future__ import annotations

import datetime as dt

from alertkit import T0, add_signal, add_source, make_config, seed, store_report
from sqlalchemy import func, select

from renewal_watch.alerts import process_article, sweep
from renewal_watch.alerts.believed import current_state, title_by_key
from renewal_watch.alerts.review import dismiss
from renewal_watch.models import Alert, AlertSource, Delivery, Mention, StatusChange

HOOK = {"name": "hook", "url": "json://127.0.0.1:9/hook", "severities": ["critical", "warning"]}
NOTICES = {"name": "all", "url": "json://127.0.0.1:9/all",
           "severities": ["critical", "warning", "notice"]}


def _alerts(db) -> list[Alert]:
    with db.session() as s:
        rows = list(s.scalars(select(Alert).order_by(Alert.id)))
        for a in rows:
            _ = a.sources, a.deliveries
        return rows


def _keys(db) -> list[str]:
    with db.session() as s:
        return sorted(s.scalars(select(Delivery.key)))


def test_community_report_opens_a_warning_and_queues_it(db):
    _, (reddit,) = seed(db, ("reddit-anime", "community"))
    store_report(db, reddit)
    report = sweep(db, make_config([HOOK]), T0)
    (alert,) = _alerts(db)
    assert report.opened == [alert.id]
    assert (alert.kind, alert.season, alert.severity) == ("renewal", 3, "warning")
    assert alert.summary == "Hero Mask: renewal, season 3"
    assert [s.source_name for s in alert.sources] == ["reddit-anime"]
    assert _keys(db) == [f"alert:{alert.id}:hook:warning"]
    with db.session() as s:  # one community source does not move the belief
        assert current_state(title_by_key(s, "hero-mask")).status == "ended"


def test_trade_report_is_critical_and_moves_the_belief(db):
    _, (ann,) = seed(db, ("ann", "trade"))
    store_report(db, ann)
    sweep(db, make_config([HOOK]), T0)
    (alert,) = _alerts(db)
    assert alert.severity == "critical"
    with db.session() as s:
        state = current_state(title_by_key(s, "hero-mask"))
        change = s.scalars(select(StatusChange)).one()
    assert (state.status, state.season) == ("ongoing", 3)
    assert (change.from_status, change.from_season, change.to_status, change.to_season) == (
        "ended", 2, "ongoing", 3)
    assert change.alert_id == alert.id and change.actor == "alert"


def test_two_independent_sources_raise_to_critical_and_deliver_the_rise(db):
    _, (reddit, google) = seed(db, ("reddit-anime", "community"), ("google-news", "community"))
    config = make_config([HOOK])
    store_report(db, reddit, text="Fans report Hero Mask returns for a third season.")
    sweep(db, config, T0)
    store_report(db, google, text="A different write-up: Hero Mask season 3 confirmed by staff.")
    report = sweep(db, config, T0 + dt.timedelta(hours=1))
    (alert,) = _alerts(db)
    assert report.raised == [alert.id] and report.opened == []
    assert alert.severity == "critical"
    assert [s.independent for s in alert.sources] == [True, True]
    assert _keys(db) == [f"alert:{alert.id}:hook:critical", f"alert:{alert.id}:hook:warning"]


def test_syndicated_copy_is_attached_but_not_independent(db):
    _, (reddit, google) = seed(db, ("reddit-anime", "community"), ("google-news", "community"))
    config = make_config([HOOK])
    store_report(db, reddit, text="Same syndicated text.", content_hash="c" * 64)
    store_report(db, google, text="Same syndicated text.", content_hash="c" * 64)
    report = sweep(db, config, T0)
    (alert,) = _alerts(db)
    assert len(report.opened) == 1
    assert [s.independent for s in alert.sources] == [True, False]
    assert alert.severity == "warning"  # a copy is not a second source agreeing


def test_mentions_unrelated_and_low_confidence_never_alert_but_are_marked(db):
    _, (ann,) = seed(db, ("ann", "trade"))
    store_report(db, ann, label="mention", season=None)
    store_report(db, ann, label="unrelated", season=None)
    store_report(db, ann, label="renewal", confidence=0.2)
    report = sweep(db, make_config([HOOK], min_confidence=0.5), T0)
    assert _alerts(db) == [] and report.decided == 3
    with db.session() as s:
        assert s.scalar(select(func.count()).select_from(Mention)
                        .where(Mention.alert_processed_at.is_(None))) == 0
    assert sweep(db, make_config([HOOK]), T0).decided == 0  # nothing left to decide


def test_rumor_opens_a_notice_off_opens_nothing_digest_delivers_nothing_at_once(db):
    _, (reddit,) = seed(db, ("reddit-anime", "community"))
    store_report(db, reddit, label="rumor", change=False)
    sweep(db, make_config([NOTICES], rumor="off"), T0)
    assert _alerts(db) == []

    store_report(db, reddit, label="rumor", change=False)
    sweep(db, make_config([NOTICES], rumor="digest"), T0)
    (alert,) = _alerts(db)
    assert (alert.kind, alert.severity) == ("rumor", "notice")
    assert _keys(db) == []

    store_report(db, reddit, label="rumor", season=4, change=False)
    sweep(db, make_config([NOTICES, HOOK], rumor="notice"), T0)
    rumor4 = _alerts(db)[-1]
    assert rumor4.season == 4
    assert _keys(db) == [f"alert:{rumor4.id}:all:notice"]  # `hook` does not take notices


def test_ended_against_ended_baseline_is_no_event_against_ongoing_it_is(db):
    _, (ann,) = seed(db, ("ann", "trade"))
    store_report(db, ann, label="ended", season=None)
    sweep(db, make_config([HOOK]), T0)
    assert _alerts(db) == []
    from renewal_watch.models import Title

    with db.transaction() as s:
        s.scalars(select(Title)).one().baseline_status = "ongoing"
    store_report(db, ann, label="ended", season=None)
    sweep(db, make_config([HOOK]), T0)
    (alert,) = _alerts(db)
    assert (alert.kind, alert.severity, alert.summary) == ("ended", "critical", "Hero Mask: ended")


def test_no_change_and_old_seasons_open_nothing(db):
    _, (ann,) = seed(db, ("ann", "trade"))
    store_report(db, ann, change=False)           # e.g. "season 3: everything we know", no news
    store_report(db, ann, season=2)               # the season we already know about
    sweep(db, make_config([HOOK]), T0)
    assert _alerts(db) == []


def test_follow_ups_attach_to_the_event_instead_of_opening_new_alerts(db):
    _, (ann, reddit) = seed(db, ("ann", "trade"), ("reddit-anime", "community"))
    config = make_config([HOOK])
    store_report(db, ann)
    sweep(db, config, T0)
    # Season-less follow-up after the belief moved to season 3: the same renewal, not season 4.
    store_report(db, reddit, season=None, change=False, headline="Hero Mask is back!")
    store_report(db, reddit, season=3, change=False, headline="Hero Mask S3 staff")
    report = sweep(db, config, T0 + dt.timedelta(days=1))
    (alert,) = _alerts(db)
    assert report.opened == [] and len(alert.sources) == 3
    assert alert.severity == "critical"  # never lowered


def test_structured_sequel_signal_alone_is_critical_and_articles_corroborate_it(db):
    seed(db)
    with db.transaction() as s:
        add_signal(s, related_title="Hero Mask Season 3", related_format="TV",
                   related_status="NOT_YET_RELEASED")
        add_signal(s, related_id="1000", related_title="Hero Mask: The Movie",
                   related_format="MOVIE", related_status="NOT_YET_RELEASED")
        add_signal(s, related_id="1", related_title="Hero Mask Part 2",
                   related_format="TV", related_status="FINISHED")
        add_signal(s, related_id="2", relation="PREQUEL", related_status="NOT_YET_RELEASED")
    config = make_config([HOOK])
    report = sweep(db, config, T0)
    alerts = _alerts(db)
    assert len(report.opened) == 2
    assert [(a.kind, a.season, a.severity) for a in alerts] == [
        ("renewal", 3, "critical"), ("new_project", None, "critical")]
    assert alerts[0].sources[0].signal_id is not None
    with db.transaction() as s:
        reddit = add_source(s, "reddit-anime", "community").id
    store_report(db, reddit, change=False)  # classified against the new belief: no change
    sweep(db, config, T0)
    assert len(_alerts(db)[0].sources) == 2


def test_dismissed_alert_does_not_come_back_for_the_same_articles(db):
    _, (ann,) = seed(db, ("ann", "trade"))
    config = make_config([HOOK])
    article_id = store_report(db, ann)
    sweep(db, config, T0)
    (alert,) = _alerts(db)
    with db.transaction() as s:
        dismiss(s, alert.id, "satire site", now=T0 + dt.timedelta(hours=1))
    with db.session() as s:  # the belief it set is undone
        state = current_state(title_by_key(s, "hero-mask"))
    assert (state.status, state.season) == ("ended", 2)
    # Reclassified or re-crawled: the same article is decided again.
    with db.transaction() as s:
        s.scalars(select(Mention)).one().alert_processed_at = None
    assert process_article(db, config, article_id, T0 + dt.timedelta(hours=2)).opened == []
    (again,) = _alerts(db)
    assert again.status == "dismissed" and len(again.sources) == 1
    assert _keys(db) == [f"alert:{alert.id}:hook:critical"]


def test_dismissed_alert_reopens_only_on_stronger_new_evidence(db):
    _, (reddit, google) = seed(db, ("reddit-anime", "community"), ("google-news", "community"))
    config = make_config([HOOK])
    store_report(db, reddit, text="one")
    sweep(db, config, T0)
    (alert,) = _alerts(db)
    with db.transaction() as s:
        dismiss(s, alert.id, "looked wrong")
    store_report(db, google, text="two, independently written")
    report = sweep(db, config, T0 + dt.timedelta(days=1))
    (alert,) = _alerts(db)
    assert report.raised == [alert.id]
    assert (alert.status, alert.severity) == ("new", "critical")


def test_sweep_after_a_kill_decides_each_report_exactly_once(db):
    _, (ann, reddit) = seed(db, ("ann", "trade"), ("reddit-anime", "community"))
    config = make_config([HOOK])
    store_report(db, ann)
    store_report(db, reddit)
    first = sweep(db, config, T0)
    second = sweep(db, config, T0)
    assert len(first.opened) == 1 and second.decided == 0
    with db.session() as s:
        assert s.scalar(select(func.count()).select_from(AlertSource)) == 2
        assert s.scalar(select(func.count()).select_from(Delivery)) == 1


def test_reclassified_mention_is_decided_again(db):
    _, (reddit,) = seed(db, ("reddit-anime", "community"))
    store_report(db, reddit, label="mention", season=None)
    config = make_config([HOOK])
    sweep(db, config, T0)
    with db.transaction() as s:  # the store (or reclassify) updates the classification
        m = s.scalars(select(Mention)).one()
        m.label, m.season, m.classified_at = "renewal", 3, T0 + dt.timedelta(minutes=5)
    assert len(sweep(db, config, T0 + dt.timedelta(minutes=6)).opened) == 1


STORY = ("Netflix and Studio Pierrot announced on Tuesday that the anime series Hero Mask will "
         "return for a third season. The streaming service confirmed the renewal during its "
         "anime showcase, and said the new season will premiere in 2027. James Blood and Sarah "
         "Sinclair return, with the original director back at the helm.")


def test_near_duplicate_text_is_not_independent(db):
    from pipeline.fingerprint import simhash, to_db

    _, (reddit, google, fan) = seed(db, ("reddit-anime", "community"),
                                    ("google-news", "community"), ("fan-blog", "community"))
    copy = STORY + " This story was originally published elsewhere."
    rewrite = ("Hero Mask has been renewed for season 3, Netflix said this week; the Pierrot "
               "production streams in 2027 and follows investigator James Blood again.")
    config = make_config([HOOK])
    for source, text in ((reddit, STORY), (google, copy), (fan, rewrite)):
        store_report(db, source, text=text, simhash=to_db(simhash(text)))
    sweep(db, config, T0)
    (alert,) = _alerts(db)
    assert [(s.source_name, s.independent) for s in alert.sources] == [
        ("reddit-anime", True), ("google-news", False), ("fan-blog", True)]
    assert alert.severity == "critical"  # the rewrite is a second independent source


def test_rumor_only_in_the_headline_opens_nothing(db):
    _, (reddit,) = seed(db, ("reddit-anime", "community"))
    store_report(db, reddit, label="rumor", change=False,
                 headline="Hero Mask season 3: everything we know")
    with db.transaction() as s:
        mention = s.scalars(select(Mention)).one()
        mention.evidence = [{"text": "Hero Mask season 3: everything we know", "start": 0,
                             "end": 38, "field": "headline"}]
    assert sweep(db, make_config([NOTICES]), T0).opened == []

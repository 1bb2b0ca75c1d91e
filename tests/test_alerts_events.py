"""Pure event logic: which reports are events, their season, severity and the belief after."""

from __future__ import annotations

import pytest

from renewal_watch.alerts.events import (
    Event,
    Report,
    State,
    believed_after,
    bounded_evidence,
    event_for_label,
    event_for_signal,
    higher,
    is_change,
    season_from_title,
    severity_for,
)

ENDED_S2 = State("ended", 2)


@pytest.mark.parametrize(("title", "season"), [
    ("Hero Mask Season 3", 3), ("Hero Mask 3rd Season", 3), ("Hero Mask (TV 3)", 3),
    ("ヒーローマスク 第3期", 3), ("Hero Mask S4", 4), ("Hero Mask III", 3),
    ("Hero Mask: The Movie", None), ("Hero Mask", None), (None, None),
])
def test_season_from_related_title(title, season):
    assert season_from_title(title) == season


def _signal(**kw):
    base = {"kind": "relation", "relation": "SEQUEL", "related_title": None,
            "related_format": "TV", "related_status": "NOT_YET_RELEASED", "status": None,
            "newly_related": False, "state": ENDED_S2}
    return event_for_signal(**{**base, **kw})


@pytest.mark.parametrize(("fmt", "expected"), [
    ("TV", Event("renewal", 3)), ("TV_SHORT", Event("renewal", 3)),
    ("MOVIE", Event("new_project")), ("OVA", Event("new_project")),
    ("SPECIAL", Event("new_project")), ("ONA", Event("new_project")),
])
def test_upcoming_sequel_by_format(fmt, expected):
    assert _signal(related_format=fmt) == expected


def test_signal_vocabulary_is_read_loosely_and_old_relations_are_not_news():
    assert _signal(relation="sequel", related_status="Not yet aired") == Event("renewal", 3)
    assert _signal(related_status="FINISHED") is None
    assert _signal(relation="PREQUEL") is None
    assert _signal(relation="SIDE_STORY") is None
    # No status (ANN, Jikan): news only when the relation is new or names a later season.
    assert _signal(related_status=None) is None
    assert _signal(related_status=None, newly_related=True) == Event("renewal", 3)
    assert _signal(related_status=None, related_title="Hero Mask (TV 3)",
                   related_format=None) == Event("renewal", 3)
    assert _signal(related_status=None, related_title="Hero Mask (TV 2)",
                   related_format=None) is None
    assert _signal(kind="status", relation=None, status="CANCELLED") == Event("ended")
    assert _signal(kind="status", relation=None, status="FINISHED") is None


def test_labels_to_events_and_changes():
    assert event_for_label("mention", None, ENDED_S2) is None
    assert event_for_label("unrelated", 3, ENDED_S2) is None
    assert event_for_label("renewal", None, ENDED_S2) == Event("renewal", 3)
    assert event_for_label("rumor", 4, ENDED_S2) == Event("rumor", 4)
    assert event_for_label("ended", 2, State("ongoing", 2)) == Event("ended")
    assert is_change(Event("renewal", 3), ENDED_S2)
    assert not is_change(Event("renewal", 2), ENDED_S2)
    assert not is_change(Event("ended"), ENDED_S2)
    assert is_change(Event("ended"), State("ongoing", 2))
    assert is_change(Event("new_project"), ENDED_S2)
    assert is_change(Event("renewal", 1), State("unknown", None))


def test_event_keys_and_descriptions():
    assert Event("renewal", 3).key("hero-mask") == "event:hero-mask:renewal:3"
    assert Event("new_project").key("hero-mask") == "event:hero-mask:new_project:-"
    assert Event("renewal", 3).describe("Hero Mask") == "Hero Mask: renewal, season 3"
    assert Event("new_project").describe("Hero Mask") == "Hero Mask: new project"
    assert Event("ended").describe("Hero Mask") == "Hero Mask: ended"


@pytest.mark.parametrize(("reports", "expected"), [
    ([Report("reddit", "community")], "warning"),
    ([Report("ann", "trade")], "critical"),
    ([Report("crunchyroll", "official")], "critical"),
    ([Report("anilist", "official", structured=True)], "critical"),
    ([Report("reddit", "community"), Report("google", "community")], "critical"),
    ([Report("reddit", "community"), Report("google", "community", independent=False)],
     "warning"),
    ([Report("reddit", "community"), Report("reddit", "community")], "warning"),
])
def test_severity(reports, expected):
    assert severity_for("renewal", reports) == expected


def test_rumors_stay_notices_and_severity_order():
    assert severity_for("rumor", [Report("ann", "trade")]) == "notice"
    assert higher("critical", "warning") and higher("warning", "notice")
    assert not higher("warning", "critical") and not higher("notice", "notice")


def test_belief_after_confirmed_events():
    assert believed_after(Event("renewal", 3), ENDED_S2) == State("ongoing", 3)
    assert believed_after(Event("new_project"), ENDED_S2) == State("ongoing", 2)
    assert believed_after(Event("ended"), State("ongoing", 3)) == State("ended", 3)
    assert believed_after(Event("renewal", 2), State("ongoing", 3)) == State("ongoing", 3)


def test_evidence_is_bounded():
    many = [{"text": "x" * 5000, "start": 0, "end": 5000, "field": "text"}] * 10 + ["junk"]
    out = bounded_evidence(many)
    assert len(out) == 3 and all(len(e["text"]) == 400 for e in out)
    assert out[0]["field"] == "text"


def test_numbered_streaming_seasons_are_renewals_films_new_projects():
    assert _signal(related_format="ONA", related_title="Hero Mask Season 3") == Event("renewal", 3)
    assert _signal(related_format="ONA", related_title="Hero Mask (ONA 3)") == Event("renewal", 3)
    assert _signal(related_format="ONA", related_title="Hero Mask: Origins") == Event(
        "new_project")
    assert _signal(related_format="MOVIE", related_title="Hero Mask Season 3 Movie") == Event(
        "new_project")
    assert _signal(related_format="TV 3", related_title="Hero Mask (TV 3)", relation="sequel",
                   related_status=None) == Event("renewal", 3)


def test_ann_new_entries():
    def entry(title, fmt):
        return _signal(kind="new_entry", relation="new_entry", related_title=title,
                       related_format=fmt, related_status=None)

    assert entry("Hero Mask (TV 3)", "TV 3") == Event("renewal", 3)
    assert entry("Hero Mask (movie)", "movie") == Event("new_project")
    # ANN numbers seasons: a plain "(TV)" entry is another series of the franchise.
    assert entry("Hero Mask Academy (TV)", "TV") == Event("new_project")

"""Rows for report tests, inserted through the models (written for these tests, not scraped).

`populate(db)` builds one watched title whose belief moved from "ended, season 2" to a third
season, a critical renewal alert with three sources (one a syndicated copy), a source-health
alert, mentions over several weeks and sources in good and bad health. Hostile strings go into
every scraped field so renderers can be checked for escaping.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from renewal_watch.models import (
    Alert,
    AlertSource,
    Article,
    CrawlRun,
    Mention,
    Source,
    StatusChange,
    Title,
)

NOW = dt.datetime(2026, 3, 4, 12, 0, tzinfo=dt.UTC)  # a Wednesday

# Payloads: each would leave a trace in the DOM if it ever ran.
SCRIPT_PAYLOAD = "<script>document.title='PWNED-SCRIPT';document.documentElement.setAttribute('data-pwned-script','1')</script>"
IMG_PAYLOAD = "<img src=x onerror=\"document.title='PWNED-IMG';document.documentElement.setAttribute('data-pwned-img','1')\">"
JS_URL = "javascript:document.title='PWNED-URL'"
MARKDOWN_PAYLOAD = "[click](javascript:alert(1)) **bold** # not a heading | pipe"

EVIDENCE = "Studio Pierrot confirmed that Hero Mask season 3 is in production for Netflix."
ARTICLE_TEXT = (
    "The fictional trade paper reports on a busy week. "
    + EVIDENCE
    + " Further details will follow at a later date, the studio said. " * 3
)


# An evidence sentence that is itself hostile (scraped text quoted as evidence).
HOSTILE_SENTENCE = f"A commenter wrote {SCRIPT_PAYLOAD} and {IMG_PAYLOAD} for season 3."


def _evidence_in(text: str) -> list[dict]:
    """Evidence entries (with offsets into `text`) for each known sentence it contains."""
    out = []
    for sentence in (EVIDENCE, HOSTILE_SENTENCE):
        if sentence in text:
            start = text.index(sentence)
            out.append({"text": sentence, "start": start, "end": start + len(sentence),
                        "field": "text"})
    return out


@dataclass
class Ids:
    title: int
    renewal_alert: int
    health_alert: int
    old_alert: int
    articles: list[int]


def _source(s, name: str, trust: str, **kw) -> Source:
    row = Source(name=name, type="feed", trust=trust, created_at=NOW - dt.timedelta(days=60), **kw)
    s.add(row)
    s.flush()
    return row


def _article(s, source: Source, n: int, headline: str, text: str, published: dt.datetime) -> Article:
    row = Article(url_hash=f"{n:064d}", canonical_url=f"https://{source.name}.example/a/{n}",
                  url=f"https://{source.name}.example/a/{n}", source_id=source.id,
                  headline=headline, text=text, content_hash=f"{n:064x}",
                  published_at=published, first_seen_at=published + dt.timedelta(hours=1),
                  last_seen_at=published + dt.timedelta(hours=1))
    s.add(row)
    s.flush()
    return row


def populate(db, *, hostile: bool = True) -> Ids:
    """Insert the report scenario; `hostile` puts payloads in headlines, evidence and URLs."""
    start = ARTICLE_TEXT.index(EVIDENCE)
    evidence = [{"text": EVIDENCE, "start": start, "end": start + len(EVIDENCE), "field": "text"}]
    with db.transaction() as s:
        trade = _source(s, "trade-news", "trade", health="ok", last_success_at=NOW,
                        last_run_at=NOW, last_items=12)
        synd = _source(s, "syndicator", "trade", health="ok", last_success_at=NOW, last_items=4)
        community = _source(s, "community-board", "community", health="ok", last_success_at=NOW)
        broken = _source(s, "broken-feed", "trade", health="failing", consecutive_failures=3,
                         last_run_at=NOW, last_error=("HTTP 503 " + IMG_PAYLOAD) if hostile
                         else "HTTP 503", last_error_at=NOW)
        _source(s, "switched-off", "trade", enabled=False)  # never ran: not in the report
        title = Title(key="hero-mask", name="Hero Mask", baseline_season=2,
                      baseline_status="ended", baseline_as_of=dt.date(2019, 8, 23),
                      believed_status="ongoing", believed_season=3,
                      believed_since=NOW - dt.timedelta(days=2),
                      created_at=NOW - dt.timedelta(days=60))
        s.add(title)
        s.flush()

        published = NOW - dt.timedelta(days=2)
        headline = "Hero Mask season 3 announced" + (f" {SCRIPT_PAYLOAD}" if hostile else "")
        a1 = _article(s, trade, 1, headline, ARTICLE_TEXT, published)
        a2 = _article(s, synd, 2, "Hero Mask returns (syndicated)", ARTICLE_TEXT, published)
        a3 = _article(s, community, 3, "Fans react: Hero Mask S3" + (
            f" {MARKDOWN_PAYLOAD}" if hostile else ""),
            "Short post. " + EVIDENCE + (f" {HOSTILE_SENTENCE}" if hostile else ""), published)
        # Older mentions spread over earlier weeks for the timeline.
        old = [_article(s, trade, 10 + i, f"Weekly news {i}", "Hero Mask was mentioned.",
                        NOW - dt.timedelta(weeks=i + 1)) for i in range(3)]
        for art, label in [(a1, "renewal"), (a2, "renewal"), (a3, "renewal"),
                           (old[0], "mention"), (old[1], "mention"), (old[1], None),
                           (old[2], "ended")]:
            if label is None:
                continue
            s.add(Mention(article_id=art.id, title_id=title.id, label=label, season=3,
                          confidence=0.9, evidence=evidence, classifier_version="test"))

        renewal = Alert(dedupe_key="hero-mask:renewal:3", kind="renewal", title_id=title.id,
                        season=3, severity="critical", status="new",
                        summary="Hero Mask: renewal, season 3",
                        reason="An official announcement of a third season.",
                        evidence=evidence, opened_at=published + dt.timedelta(hours=2),
                        updated_at=published + dt.timedelta(hours=5))
        health = Alert(dedupe_key="source-health:broken-feed", kind="source_health",
                       source_id=broken.id, severity="warning", status="new",
                       summary="broken-feed is failing", reason="3 failures in a row",
                       opened_at=NOW - dt.timedelta(hours=3), updated_at=NOW - dt.timedelta(hours=3))
        ancient = Alert(dedupe_key="hero-mask:rumor:3", kind="rumor", title_id=title.id,
                        severity="notice", status="dismissed", summary="Hero Mask: rumor",
                        opened_at=NOW - dt.timedelta(days=200),
                        updated_at=NOW - dt.timedelta(days=200))
        s.add_all([renewal, health, ancient])
        s.flush()
        hostile_url = JS_URL if hostile else "https://community-board.example/a/3"
        for art, src, url, independent in [
            (a1, trade, a1.url, True),
            (a2, synd, a2.url, False),
            (a3, community, hostile_url, True),
        ]:
            s.add(AlertSource(alert_id=renewal.id, article_id=art.id, source_name=src.name,
                              trust=src.trust, url=url, headline=art.headline,
                              evidence=_evidence_in(art.text),
                              independent=independent,
                              added_at=published + dt.timedelta(hours=2 + art.id)))
        s.add(StatusChange(title_id=title.id, from_status="ended", from_season=2,
                           to_status="ongoing", to_season=3, at=published + dt.timedelta(hours=2),
                           alert_id=renewal.id, actor="alert", note="renewal alert"))
        for n, status in enumerate(["ok", "ok", "failed", "timeout"]):
            s.add(CrawlRun(source_id=broken.id if status != "ok" else trade.id, status=status,
                           started_at=NOW - dt.timedelta(days=n)))
        return Ids(title=title.id, renewal_alert=renewal.id, health_alert=health.id,
                   old_alert=ancient.id, articles=[a1.id, a2.id, a3.id] + [o.id for o in old])

"""The report as JSON: the machine format. Keys are stable; new keys may be added, none renamed.

Times are ISO 8601 in UTC (``2026-02-01T14:05:00+00:00``), dates ``YYYY-MM-DD``; absent values
are ``null``. Scraped strings are one line and size-bounded (see ``report.text``) but otherwise
raw: consumers must escape them for their own output.

Top level::

    schema          "renewal-watch.report/1"
    generated_at    time the report was built
    since           start of the period, or null for all time
    title_filter    watched title key the report is limited to, or null
    database_id     short stable identifier of the database (same as in Atom entry ids)
    titles          [title]
    alerts          [alert], most recently updated first
    alerts_truncated  true when only the first MAX_ALERTS alerts are included
    timeline        {"weeks": [date of each ISO week's Monday],
                     "series": {label: [count per week, same length as weeks]}}
    sources         [source]

title::

    key, name
    baseline        {"status", "season", "as_of"}          from the configuration
    believed        {"status", "season", "since"}          current belief
    changed         belief differs from the baseline
    in_database     false when configured but never crawled
    mentions        {label: count} in the period
    history         [{"at", "from_status", "from_season", "to_status", "to_season",
                      "actor", "alert_id", "note"}], oldest first

alert::

    id, kind, severity, status, season, summary, reason, opened_at, updated_at
    title           {"key", "name"} or null (source-health alerts)
    source_name     the failing source for a source-health alert, else null
    independent_sources  number of sources that are not syndicated copies
    evidence        [snippet] kept on the alert itself (only when no source has its own)
    sources         [{"source_name", "trust", "headline", "url", "link", "independent",
                      "added_at", "evidence": [snippet]}]
                    "link" is the URL when it is http(s), else null

snippet::

    before, match, after   surrounding text and the evidence sentence itself
    field                  "text" or "headline": what the evidence offsets index
    located                false when the stored text no longer holds the offsets

source::

    name, type, trust, enabled, health, last_run_at, last_success_at, consecutive_failures,
    failed_runs, runs (both in the period), last_items, articles, last_error, last_error_at
"""

from __future__ import annotations

import datetime as dt
import json
from typing import Any

from renewal_watch.report.data import AlertReport, ReportData, SourceHealth, TitleReport
from renewal_watch.report.text import Snippet

SCHEMA = "renewal-watch.report/1"


def _t(value: dt.datetime | dt.date | None) -> str | None:
    if value is None:
        return None
    if isinstance(value, dt.datetime):
        return value.astimezone(dt.UTC).isoformat()
    return value.isoformat()


def _snippet(s: Snippet) -> dict[str, Any]:
    return {"before": s.before, "match": s.match, "after": s.after, "field": s.field,
            "located": s.located}


def _title(t: TitleReport) -> dict[str, Any]:
    return {
        "key": t.key, "name": t.name,
        "baseline": {"status": t.baseline_status, "season": t.baseline_season,
                     "as_of": _t(t.baseline_as_of)},
        "believed": {"status": t.believed_status, "season": t.believed_season,
                     "since": _t(t.believed_since)},
        "changed": t.changed, "in_database": t.in_database, "mentions": dict(t.mentions),
        "history": [{"at": _t(h.at), "from_status": h.from_status, "from_season": h.from_season,
                     "to_status": h.to_status, "to_season": h.to_season, "actor": h.actor,
                     "alert_id": h.alert_id, "note": h.note} for h in t.history],
    }


def _alert(a: AlertReport) -> dict[str, Any]:
    return {
        "id": a.id, "kind": a.kind, "severity": a.severity, "status": a.status,
        "season": a.season, "summary": a.summary, "reason": a.reason,
        "opened_at": _t(a.opened_at), "updated_at": _t(a.updated_at),
        "title": {"key": a.title_key, "name": a.title_name} if a.title_key else None,
        "source_name": a.source_name, "independent_sources": a.independent_sources,
        "evidence": [_snippet(s) for s in a.evidence],
        "sources": [{"source_name": s.source_name, "trust": s.trust, "headline": s.headline,
                     "url": s.url, "link": s.href, "independent": s.independent,
                     "added_at": _t(s.added_at), "evidence": [_snippet(e) for e in s.evidence]}
                    for s in a.sources],
    }


def _source(s: SourceHealth) -> dict[str, Any]:
    return {"name": s.name, "type": s.type, "trust": s.trust, "enabled": s.enabled,
            "health": s.health, "last_run_at": _t(s.last_run_at),
            "last_success_at": _t(s.last_success_at),
            "consecutive_failures": s.consecutive_failures, "failed_runs": s.failed_runs,
            "runs": s.runs, "last_items": s.last_items, "articles": s.articles,
            "last_error": s.last_error or None, "last_error_at": _t(s.last_error_at)}


def report_dict(report: ReportData) -> dict[str, Any]:
    """The report as plain JSON-ready data (the keys documented in this module)."""
    return {
        "schema": SCHEMA,
        "generated_at": _t(report.generated_at),
        "since": _t(report.since),
        "title_filter": report.title_filter,
        "database_id": report.database_id,
        "titles": [_title(t) for t in report.titles],
        "alerts": [_alert(a) for a in report.alerts],
        "alerts_truncated": report.alerts_truncated,
        "timeline": {"weeks": [_t(w) for w in report.timeline.weeks],
                     "series": {label: list(report.timeline.series[label])
                                for label in report.timeline.labels}},
        "sources": [_source(s) for s in report.sources],
    }


def render_json(report: ReportData) -> str:
    """Indented JSON, UTF-8 text (non-ASCII kept), ending in a newline."""
    return json.dumps(report_dict(report), ensure_ascii=False, indent=2) + "\n"

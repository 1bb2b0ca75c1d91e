"""Alerts as an Atom 1.0 feed (RFC 4287), so any feed reader can follow them.

Built with lxml's element tree, which escapes text and refuses malformed XML; scraped text is
first stripped of the characters XML 1.0 cannot carry. Entry ids are tag URIs (RFC 4151):
``tag:renewal-watch,2026:alert/<database id>/<alert id>``, stable across runs on one database
and distinct between databases. Dismissed alerts are left out (they were false alarms).
"""

from __future__ import annotations

import datetime as dt

from lxml import etree

from renewal_watch import __version__
from renewal_watch.report.data import AlertReport, ReportData
from renewal_watch.report.html import render_atom_content, status_text
from renewal_watch.report.text import normalise_for_xml

ATOM_NS = "http://www.w3.org/2005/Atom"
TAG_AUTHORITY = "tag:renewal-watch,2026:"
GENERATOR_URI = "https://github.com/renewal-watch/renewal-watch"
FEED_TITLE = "renewal-watch alerts"
HIDDEN_STATUSES = frozenset({"dismissed"})


def _q(tag: str) -> str:
    return f"{{{ATOM_NS}}}{tag}"


def _sub(parent: etree._Element, tag: str, text: str | None = None,
         **attrs: str) -> etree._Element:
    el = etree.SubElement(parent, _q(tag), {k: normalise_for_xml(v) for k, v in attrs.items()})
    if text is not None:
        el.text = normalise_for_xml(text)
    return el


def _stamp(value: dt.datetime) -> str:
    """RFC 3339 in UTC, whole seconds."""
    return value.astimezone(dt.UTC).replace(microsecond=0).isoformat().replace("+00:00", "Z")


def feed_id(report: ReportData) -> str:
    base = f"{TAG_AUTHORITY}feed/{report.database_id}"
    return f"{base}/title/{report.title_filter}" if report.title_filter else base


def entry_id(report: ReportData, alert: AlertReport) -> str:
    """The stable id of one alert's entry."""
    return f"{TAG_AUTHORITY}alert/{report.database_id}/{alert.id}"


def _entry_title(alert: AlertReport) -> str:
    if alert.summary:
        return alert.summary
    subject = alert.title_name or alert.source_name or "renewal-watch"
    return f"{subject}: {alert.kind} ({status_text(alert.status, alert.season)})"


def _entry(feed: etree._Element, report: ReportData, alert: AlertReport) -> None:
    entry = _sub(feed, "entry")
    _sub(entry, "id", entry_id(report, alert))
    _sub(entry, "title", _entry_title(alert), type="text")
    _sub(entry, "updated", _stamp(alert.updated_at))
    _sub(entry, "published", _stamp(alert.opened_at))
    for term in (alert.severity, alert.kind, *( [alert.title_key] if alert.title_key else [])):
        _sub(entry, "category", term=term)
    links = [s for s in alert.sources if s.href]
    for n, source in enumerate(links):
        # The first link is the one a reader opens; the rest corroborate it.
        _sub(entry, "link", rel="alternate" if n == 0 else "related", href=source.href or "",
             title=source.headline or source.source_name, type="text/html")
    summary = alert.reason or alert.summary
    if summary:
        _sub(entry, "summary", summary, type="text")
    _sub(entry, "content", render_atom_content(alert), type="html")


def render_atom(report: ReportData, title: str | None = None) -> str:
    """The feed as an XML document (UTF-8 declared), alerts newest-updated first."""
    feed = etree.Element(_q("feed"), nsmap={None: ATOM_NS})
    _sub(feed, "id", feed_id(report))
    heading = title or (f"{FEED_TITLE}: {report.title_filter}" if report.title_filter
                        else FEED_TITLE)
    _sub(feed, "title", heading, type="text")
    alerts = [a for a in report.alerts if a.status not in HIDDEN_STATUSES]
    # The feed changes when an alert does; an empty feed is as new as the report.
    updated = max((a.updated_at for a in alerts), default=report.generated_at)
    _sub(feed, "updated", _stamp(updated))
    author = _sub(feed, "author")
    _sub(author, "name", "renewal-watch")
    _sub(feed, "generator", "renewal-watch", uri=GENERATOR_URI, version=__version__)
    for alert in alerts:
        _entry(feed, report, alert)
    return etree.tostring(feed, xml_declaration=True, encoding="UTF-8",
                          pretty_print=True).decode("utf-8")

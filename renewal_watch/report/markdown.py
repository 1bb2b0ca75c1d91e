"""The report as GitHub-flavoured Markdown.

Escaping is the default: every line is built with `fmt(template, *values)`, which escapes each
value with `md_escape` unless it is an `MdSafe` fragment assembled here from escaped parts.
Scraped text therefore cannot open a link, an image, raw HTML, emphasis, a heading, a list or
a table cell.
"""

from __future__ import annotations

from typing import Any
from urllib.parse import quote

from renewal_watch.report.data import AlertReport, ReportData, TitleReport
from renewal_watch.report.html import page_title, status_text, when
from renewal_watch.report.text import Snippet, md_escape

# Characters kept as they are in a link target; everything else (spaces, brackets, quotes,
# angle brackets, parentheses) is percent-encoded so the target cannot end the link early.
_URL_SAFE = ":/?#@!$&'*+,;=%~-._"


class MdSafe(str):
    """A Markdown fragment assembled from escaped parts: printed as is."""

    __slots__ = ()


def _esc(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, MdSafe):
        return value
    return md_escape(value)


def fmt(template: str, *values: Any) -> MdSafe:
    """`template.format(*values)` with every value escaped unless already MdSafe."""
    return MdSafe(template.format(*(_esc(v) for v in values)))


def snip(s: Snippet) -> MdSafe:
    """An evidence snippet: context plain, the evidence itself in bold."""
    parts = [md_escape(s.before), f"**{md_escape(s.match)}**", md_escape(s.after)]
    head = "headline: " if s.field == "headline" else ""
    return MdSafe(head + " ".join(p for p in parts if p))


def link(href: str | None, text: str, url: str) -> MdSafe:
    """A link for an http(s) `href` (percent-encoded target), otherwise text and URL as text."""
    if href:
        target = quote(href, safe=_URL_SAFE)
        return MdSafe(f"[{md_escape(text or url) or 'link'}]({target})")
    return fmt("{} {}", text, url) if text else fmt("{}", url)


def _title(t: TitleReport, since_set: bool) -> list[str]:
    out = [fmt("### {}", t.name), ""]
    line = fmt("- Believed: **{}**", status_text(t.believed_status, t.believed_season))
    if t.believed_since:
        line += fmt(" since {}", when(t.believed_since))
    if t.changed:
        line += " (changed from baseline)"
    if not t.in_database:
        line += " (not crawled yet)"
    out.append(line)
    base = fmt("- Baseline: {}", status_text(t.baseline_status, t.baseline_season))
    out.append(base + (fmt(" as of {}", when(t.baseline_as_of)) if t.baseline_as_of else ""))
    if t.mentions:
        counts = ", ".join(fmt("{} {}", label, n) for label, n in t.mentions.items())
        out.append(("- Mentions in period: " if since_set else "- Mentions: ") + counts)
    if t.history:
        out += ["", "| When | From | To | By | Note |", "|---|---|---|---|---|"]
        for h in t.history:
            by = fmt("{} (alert {})", h.actor, h.alert_id) if h.alert_id else fmt("{}", h.actor)
            out.append(fmt("| {} | {} | {} | {} | {} |", when(h.at),
                           status_text(h.from_status, h.from_season),
                           status_text(h.to_status, h.to_season), by, h.note))
    return [*out, ""]


def _alert(a: AlertReport) -> list[str]:
    out = [fmt("### {}: {}", a.severity.capitalize(), a.summary), ""]
    facts = [a.kind.replace("_", " ")]
    facts += [a.title_name] if a.title_name else []
    facts += [f"season {a.season}"] if a.season else []
    facts += [f"source {a.source_name}"] if a.source_name else []
    facts += [a.status, f"opened {when(a.opened_at)}"]
    if a.updated_at != a.opened_at:
        facts.append(f"updated {when(a.updated_at)}")
    facts.append(f"alert {a.id}")
    out.append("- " + "; ".join(fmt("{}", f) for f in facts))
    if a.reason:
        out.append(fmt("- Why: {}", a.reason))
    out += [fmt("- Evidence: {}", snip(s)) for s in a.evidence]
    for src in a.sources:
        line = fmt("- {} **{}**: {}", src.trust or "?", src.source_name,
                   link(src.href, src.headline, src.url))
        out.append(line + ("" if src.independent else " (syndicated copy)"))
        out += [fmt("  - {}", snip(s)) for s in src.evidence]
    return [*out, ""]


def _timeline(report: ReportData) -> list[str]:
    tl = report.timeline
    if not tl.total:
        return ["No mentions in this period." if report.since else "No mentions.", ""]
    labels = tl.labels
    out = ["| Week of | " + " | ".join(fmt("{}", lab) for lab in labels) + " |",
           "|---|" + "---|" * len(labels)]
    for i, week in enumerate(tl.weeks):
        cells = " | ".join(str(tl.series[lab][i]) for lab in labels)
        out.append(fmt("| {} | ", week.isoformat()) + cells + " |")
    return [*out, ""]


def _sources(report: ReportData) -> list[str]:
    if not report.sources:
        return ["No sources have been crawled yet.", ""]
    out = ["| Source | Health | Last success | Failures | Runs | Items | Last error |",
           "|---|---|---|---|---|---|---|"]
    for s in report.sources:
        kind = f"{s.type}, {s.trust}" + ("" if s.enabled else ", disabled")
        items = "-" if s.last_items is None else str(s.last_items)
        out.append(fmt("| {} ({}) | {} | {} | {} in a row, {} failed runs | {} | "
                       "{} last run, {} articles | {} |", s.name, kind, s.health,
                       when(s.last_success_at) if s.last_success_at else "never",
                       s.consecutive_failures, s.failed_runs, s.runs, items, s.articles,
                       s.last_error or "-"))
    return [*out, ""]


def render_markdown(report: ReportData, title: str | None = None) -> str:
    """The whole report in Markdown, ending in a newline."""
    period = f"covering since {when(report.since)}" if report.since else "all time"
    head = fmt("Generated {}, {}", when(report.generated_at), period)
    if report.title_filter:
        head += fmt(", title {}", report.title_filter)
    lines = [fmt("# {}", page_title(report, title)), "", head + ".", "", "## Watched titles", ""]
    for t in report.titles:
        lines += _title(t, report.since is not None)
    if not report.titles:
        lines += ["No watched titles.", ""]
    lines += ["## Alerts", ""]
    if report.alerts_truncated:
        lines += [f"Only the {len(report.alerts)} most recently updated alerts are shown.", ""]
    for a in report.alerts:
        lines += _alert(a)
    if not report.alerts:
        lines += ["No alerts in this period." if report.since else "No alerts.", ""]
    lines += ["## Mentions per week", "", *_timeline(report), "## Source health", "",
              *_sources(report)]
    return "\n".join(lines).rstrip("\n") + "\n"

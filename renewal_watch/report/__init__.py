"""Reports: what renewal-watch believes about each watched title, and why.

    report = build_report(db, config, since=dt.timedelta(days=30), title="hero-mask")
    html = render(report, "html")     # also "md", "json", "atom"

`build_report` gathers a plain `ReportData` with SQLAlchemy `select()`; `render` formats it.
Scraped text is untrusted throughout: it is size-bounded when gathered and escaped by every
renderer (Jinja2 autoescape for HTML, Markdown escaping, the JSON encoder, an XML writer for
Atom). The JSON keys are documented in `renewal_watch.report.json_format`.
"""

from __future__ import annotations

from collections.abc import Callable

from renewal_watch.report.data import (
    AlertReport,
    ReportData,
    SourceHealth,
    SourceLink,
    StatusEvent,
    Timeline,
    TitleReport,
    build_report,
)

FORMATS = ("html", "md", "json", "atom")

__all__ = ["FORMATS", "AlertReport", "ReportData", "SourceHealth", "SourceLink", "StatusEvent",
           "Timeline", "TitleReport", "build_report", "render"]


def render(report: ReportData, fmt: str, *, title: str | None = None) -> str:
    """`report` as text in `fmt` (one of FORMATS). `title` overrides the page/feed title."""
    renderers: dict[str, Callable[[], str]] = {
        "html": lambda: _html(report, title),
        "md": lambda: _md(report, title),
        "json": lambda: _json(report),
        "atom": lambda: _atom(report, title),
    }
    if fmt not in renderers:
        raise ValueError(f"unknown report format {fmt!r} (choose from {', '.join(FORMATS)})")
    return renderers[fmt]()


# Renderers are imported on use: JSON needs no Jinja2, Atom needs lxml.
def _html(report: ReportData, title: str | None) -> str:
    from renewal_watch.report.html import render_html

    return render_html(report, title)


def _md(report: ReportData, title: str | None) -> str:
    from renewal_watch.report.markdown import render_markdown

    return render_markdown(report, title)


def _json(report: ReportData) -> str:
    from renewal_watch.report.json_format import render_json

    return render_json(report)


def _atom(report: ReportData, title: str | None) -> str:
    from renewal_watch.report.atom import render_atom

    return render_atom(report, title)

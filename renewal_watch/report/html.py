"""Rendering a `ReportData` as HTML with Jinja2, plus helpers shared by the other formats.

Templates are loaded from the package (`PackageLoader`) and are the only templates: scraped
text is passed to them as data, never compiled, and the environment autoescapes everything.
"""

from __future__ import annotations

import base64
import datetime as dt
import hashlib
from functools import cache
from typing import Any

from jinja2 import Environment, PackageLoader, StrictUndefined, select_autoescape
from markupsafe import Markup

from renewal_watch import __version__
from renewal_watch.report.chart import weekly_bar_chart
from renewal_watch.report.data import ReportData

DEFAULT_TITLE = "renewal-watch report"
CSS_TEMPLATE = "report.css"

# Defence in depth behind autoescaping: no script of any kind, no fetches, no forms, no base
# rewriting; the one inline <style> is allowed by its hash only.
CSP_TEMPLATE = ("default-src 'none'; script-src 'none'; object-src 'none'; "
                "style-src {style}; img-src 'none'; font-src 'none'; connect-src 'none'; "
                "media-src 'none'; frame-src 'none'; base-uri 'none'; form-action 'none'")


def when(value: dt.datetime | dt.date | None) -> str:
    """A UTC timestamp for people: 2026-02-01 14:05 UTC."""
    if value is None:
        return ""
    if isinstance(value, dt.datetime):
        return value.astimezone(dt.UTC).strftime("%Y-%m-%d %H:%M UTC")
    return value.isoformat()


def status_text(status: str | None, season: int | None) -> str:
    """"ended, season 2" / "renewed, season 3" / "unknown"."""
    if not status:
        return "–" if season is None else f"season {season}"
    return status if season is None else f"{status}, season {season}"


def _common_globals() -> dict[str, Any]:
    return {"status_text": status_text, "version": __version__}


@cache
def html_environment() -> Environment:
    """The Jinja2 environment for HTML (and the Atom entry content): autoescape always on."""
    env = Environment(
        loader=PackageLoader("renewal_watch.report", "templates"),
        autoescape=select_autoescape(enabled_extensions=("html", "xml"),
                                     default_for_string=True, default=True),
        undefined=StrictUndefined, trim_blocks=False, lstrip_blocks=False)
    env.filters["when"] = when
    env.globals.update(_common_globals())
    return env


def page_title(report: ReportData, title: str | None) -> str:
    if title:
        return title
    if report.title_filter:
        return f"{DEFAULT_TITLE}: {report.title_filter}"
    return DEFAULT_TITLE


def content_security_policy(css: str) -> str:
    """The CSP for a page whose only inline resource is `css`."""
    digest = base64.b64encode(hashlib.sha256(css.encode("utf-8")).digest()).decode("ascii")
    return CSP_TEMPLATE.format(style=f"'sha256-{digest}'")


def render_html(report: ReportData, title: str | None = None) -> str:
    """One self-contained HTML page: inline CSS, inline SVG chart, no scripts, strict CSP."""
    env = html_environment()
    css = env.loader.get_source(env, CSS_TEMPLATE)[0]  # type: ignore[union-attr]
    chart = weekly_bar_chart(report.timeline.weeks, report.timeline.series) \
        if report.timeline.total else ""
    return env.get_template("report.html").render(
        report=report, page_title=page_title(report, title),
        # The CSS is a package file and the SVG is built by our chart code, whose text the
        # XML writer escaped: neither contains scraped markup.
        css=Markup(css), chart_svg=Markup(chart),  # noqa: S704
        csp=content_security_policy(css))


def render_atom_content(alert: Any) -> str:
    """HTML for one alert's Atom <content type="html"> (autoescaped)."""
    return html_environment().get_template("atom_entry.html").render(a=alert)

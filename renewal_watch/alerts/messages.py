"""Message rendering: Jinja2 templates shipped in `alerts/templates/`.

Plain-text bodies go to most channels, HTML bodies (autoescaped) to email. Scraped text
(headlines, evidence sentences, URLs) only ever enters a template as a *value*: it is cleaned
of control characters, bounded, and never compiled as a template itself. Links are kept only
when they are http(s), since autoescaping does not make a `javascript:` href safe.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from jinja2 import Environment, PackageLoader, StrictUndefined, select_autoescape

from renewal_watch.models import Alert

# Bounds on what a message may carry from scraped pages.
MAX_HEADLINE_CHARS = 200
MAX_EVIDENCE_CHARS = 300
MAX_REASON_CHARS = 300
MAX_URL_CHARS = 500
MAX_SOURCES_LISTED = 10
MAX_EVIDENCE_LINES = 2

_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f\u200b-\u200f\u202a-\u202e\u2066-\u2069]")
_SPACE = re.compile(r"\s+")


@dataclass(frozen=True)
class Message:
    """A rendered message: subject, plain-text body and HTML body."""

    subject: str
    body: str
    html: str


@lru_cache(maxsize=1)
def _env() -> Environment:
    return Environment(
        loader=PackageLoader("renewal_watch.alerts", "templates"),
        autoescape=select_autoescape(enabled_extensions=("html.j2",), default=False),
        undefined=StrictUndefined, trim_blocks=True, lstrip_blocks=True,
        keep_trailing_newline=False)


def clean(value: object, limit: int) -> str:
    """Scraped text made safe to show: no control or bidi characters, one line, bounded."""
    text = _SPACE.sub(" ", _CONTROL.sub(" ", str(value or ""))).strip()
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def safe_link(url: str | None) -> str:
    """An http(s) URL, bounded, or "" (never a javascript: or data: link)."""
    url = clean(url, MAX_URL_CHARS)
    return url if re.match(r"^https?://", url, re.IGNORECASE) else ""


def _evidence_lines(evidence: list[Any]) -> list[str]:
    lines = []
    for item in evidence or []:
        text = item.get("text") if isinstance(item, dict) else item
        if text:
            lines.append(clean(text, MAX_EVIDENCE_CHARS))
        if len(lines) >= MAX_EVIDENCE_LINES:
            break
    return lines


def alert_context(alert: Alert, *, previous: str | None = None,
                  believed_before: str | None = None) -> dict[str, Any]:
    """Template values for an alert (its sources in the order they arrived)."""
    sources = sorted(alert.sources, key=lambda s: (s.added_at, s.id or 0))
    listed = [{
        "name": clean(s.source_name or "unknown source", 100),
        "trust": clean(s.trust or "unknown", 20),
        "headline": clean(s.headline or "(no headline)", MAX_HEADLINE_CHARS),
        "url": safe_link(s.url), "independent": s.independent,
        "structured": s.signal_id is not None,
    } for s in sources[:MAX_SOURCES_LISTED]]
    evidence = _evidence_lines(alert.evidence)
    if not evidence and sources:
        evidence = _evidence_lines(sources[0].evidence)
    return {
        "id": alert.id, "summary": clean(alert.summary, 300), "severity": alert.severity,
        "kind": alert.kind, "previous": previous, "believed_before": believed_before,
        "evidence": evidence, "sources": listed,
        "more_sources": max(0, len(sources) - MAX_SOURCES_LISTED),
        "independent": sum(1 for s in sources if s.independent),
        "reason": clean(alert.reason, MAX_REASON_CHARS),
    }


def subject_for(alert: Alert, previous: str | None = None) -> str:
    """ "[critical] Hero Mask: renewal, season 3" (a rise says what it was)."""
    rise = f" (was {previous})" if previous else ""
    return f"[{alert.severity}] {clean(alert.summary, 200)}{rise}"


def render_alert(alert: Alert, *, previous: str | None = None,
                 believed_before: str | None = None) -> Message:
    """The message announcing an alert, or its rise from `previous` severity."""
    ctx = alert_context(alert, previous=previous, believed_before=believed_before)
    env = _env()
    return Message(subject=subject_for(alert, previous),
                   body=env.get_template("alert.txt.j2").render(ctx),
                   html=env.get_template("alert.html.j2").render(ctx))


def render_digest(ctx: dict[str, Any]) -> Message:
    """A digest message from its values (see `digest.build_digest`)."""
    env = _env()
    subject = f"renewal-watch {ctx['period']} digest ({ctx['end']})"
    return Message(subject=subject, body=env.get_template("digest.txt.j2").render(ctx),
                   html=env.get_template("digest.html.j2").render(ctx))

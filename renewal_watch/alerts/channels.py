"""Notification channels: Apprise URLs, plus two local kinds for offline use.

Apprise carries every real channel (mailto://, slack://, discord://, tgram://, ntfy://,
json://, ...). Two local kinds are registered here with Apprise's custom-notification
decorator:

* ``console://`` prints each message to standard output (``console://stderr``: to stderr);
* ``file:///path/alerts.jsonl`` appends one JSON line per message (the offline demo reads it).

Success is Apprise's return value (true only when every service accepted the message), never
log text; the log lines Apprise captured for the call are kept as the provider's answer, with
every secret of the channel URL masked. Channel URLs are only ever shown through `safe_url`.
"""

from __future__ import annotations

import datetime as dt
import json
import logging
import re
import sys
import time
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import unquote

import apprise
from apprise.decorators import notify

logger = logging.getLogger(__name__)

# Schemes whose messages are sent as HTML (the rest get plain text).
HTML_SCHEMES = frozenset({"mailto", "mailtos"})
# Longest provider answer kept per attempt.
MAX_ANSWER_CHARS = 2000
# URL pieces shorter than this are never treated as secrets (ports, "hook", "to").
MIN_SECRET_CHARS = 4
_URL_WORDS = re.compile(r"[^/:@?&=#,;+\s]+")


@notify(on="console", name="Console")
def _console(body: str, title: str, notify_type: str, meta: dict, *args, **kwargs) -> bool:
    """console:// prints to stdout; console://stderr to stderr."""
    stream = sys.stderr if (meta.get("host") or "").lower() == "stderr" else sys.stdout
    try:
        stream.write(f"{title}\n{body}\n\n" if title else f"{body}\n\n")
        stream.flush()
    except (OSError, ValueError):
        return False
    return True


def file_channel_path(meta: dict) -> Path:
    """The file a file:// channel writes to (Apprise reads file:///a/b as host "a", path /b)."""
    host = meta.get("host") or ""
    path = meta.get("fullpath") or ""
    return Path(unquote(f"/{host}{path}" if host else path))


@notify(on="file", name="JSON lines file")
def _file(body: str, title: str, notify_type: str, meta: dict, *args, **kwargs) -> bool:
    """file:///path/alerts.jsonl appends {"at", "type", "title", "body"} as one line."""
    path = file_channel_path(meta)
    line = json.dumps({"at": dt.datetime.now(dt.UTC).isoformat(), "type": str(notify_type),
                       "title": title, "body": body}, ensure_ascii=False)
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        # One write of one line in append mode: concurrent writers do not interleave lines.
        with path.open("a", encoding="utf-8") as fh:
            fh.write(line + "\n")
    except OSError as exc:
        logger.warning("file channel %s: %s", path, exc)
        return False
    return True


@dataclass(frozen=True)
class SendResult:
    """What one send came to: success (Apprise's verdict), its answer, and how long it took."""

    ok: bool
    answer: str
    duration_ms: int


def secrets_of(url: str) -> list[str]:
    """Pieces of a channel URL that its privacy rendering hides (passwords, tokens, keys)."""
    shown = safe_url(url)
    visible = set(_URL_WORDS.findall(shown))
    found = {w for w in _URL_WORDS.findall(url) if len(w) >= MIN_SECRET_CHARS
             and w not in visible}
    found |= {unquote(w) for w in found}
    return sorted(found, key=len, reverse=True)


def redact(text: str, url: str) -> str:
    """`text` with every secret of `url` replaced by ****."""
    for secret in secrets_of(url):
        text = text.replace(secret, "****")
    return text


def safe_url(url: str) -> str:
    """The channel URL as Apprise renders it with privacy=True (or its scheme alone)."""
    scheme = url.split("://", 1)[0] if "://" in url else "?"
    try:
        service = apprise.Apprise.instantiate(url)
    except Exception:  # a bad URL must still be shown, safely
        service = None
    if not service:
        return f"{scheme}://(unparsable)"
    rendered = service.url(privacy=True)
    # Drop Apprise's default query arguments: noise in a status table.
    return rendered.split("?", 1)[0] if "?" in rendered else rendered


def is_valid(url: str) -> bool:
    """Whether Apprise understands this channel URL."""
    return bool(apprise.Apprise().add(url))


def _answer(result: object, url: str) -> str:
    status = getattr(result, "status", None)
    parts = [f"status={getattr(status, 'name', status)}" if status is not None else
             f"result={bool(result)}"]
    logs = getattr(result, "logs", None)
    if callable(logs):
        parts += [f"{e.level}: {e.message}" for e in logs()]
    return redact("; ".join(parts), url)[:MAX_ANSWER_CHARS]


def send(url: str, subject: str, body: str, html: str | None = None) -> SendResult:
    """Send one message through one channel URL and report Apprise's verdict."""
    started = time.monotonic()
    scheme = url.split("://", 1)[0].lower()
    ap = apprise.Apprise()
    if not ap.add(url):
        return SendResult(False, "channel URL not understood by Apprise",
                          int((time.monotonic() - started) * 1000))
    use_html = html is not None and scheme in HTML_SCHEMES
    try:
        result = ap.notify(body=html if use_html else body, title=subject,
                           body_format=(apprise.NotifyFormat.HTML if use_html
                                        else apprise.NotifyFormat.TEXT),
                           log_level=logging.INFO)
    except Exception as exc:  # a plugin bug is a failed send, recorded
        logger.warning("channel %s raised %s", safe_url(url), type(exc).__name__)
        return SendResult(False, redact(f"error: {type(exc).__name__}: {exc}", url)
                          [:MAX_ANSWER_CHARS], int((time.monotonic() - started) * 1000))
    return SendResult(bool(result), _answer(result, url),
                      int((time.monotonic() - started) * 1000))

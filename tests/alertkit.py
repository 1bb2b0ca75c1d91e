"""Helpers for the alert tests: a config with local channels, and database rows made by hand.

The store stage writes these rows in a real crawl; here they are written directly so the
decision logic is tested on its own, on SQLite and PostgreSQL.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import itertools
import json
import socket
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

from sqlalchemy import select

from renewal_watch.config import Config, load_defaults, merge, validate
from renewal_watch.models import Article, Mention, Signal, Source, Title

T0 = dt.datetime(2025, 3, 1, 12, 0, tzinfo=dt.UTC)
_counter = itertools.count(1)


def make_config(channels: list[dict[str, Any]] | None = None, **alerts: Any) -> Config:
    """Shipped defaults (its sources and Hero Mask), the console channel off, given channels."""
    user: dict[str, Any] = {"channel": [{"name": "console", "enabled": False},
                                        *(channels or [])]}
    if alerts:
        user["alerts"] = alerts
    return validate(merge(load_defaults(), user))


def add_source(session, name: str, trust: str = "community", type_: str = "feed") -> Source:
    source = Source(name=name, type=type_, trust=trust)
    session.add(source)
    session.flush()
    return source


def add_title(session, key: str = "hero-mask", name: str = "Hero Mask", season: int | None = 2,
              status: str = "ended") -> Title:
    title = Title(key=key, name=name, baseline_season=season, baseline_status=status)
    session.add(title)
    session.flush()
    return title


def add_article(session, source: Source | None, *, headline: str = "Hero Mask news",
                text: str | None = None, url: str | None = None, simhash: int | None = None,
                content_hash: str | None = None, published: dt.datetime | None = None,
                seen: dt.datetime | None = None) -> Article:
    n = next(_counter)
    url = url or f"https://{source.name if source else 'x'}.example/news/{n}"
    text = text if text is not None else f"{headline} body {n}"
    article = Article(
        url_hash=hashlib.sha256(url.encode()).hexdigest(), canonical_url=url, url=url,
        source_id=source.id if source else None, headline=headline, text=text,
        content_hash=content_hash or hashlib.sha256(text.encode()).hexdigest(),
        simhash=simhash, published_at=published or T0, first_seen_at=seen or T0,
        last_seen_at=seen or T0)
    session.add(article)
    session.flush()
    return article


def add_mention(session, article: Article, title: Title, label: str, *,
                season: int | None = None, confidence: float = 0.9, change: bool = True,
                evidence: str = "Hero Mask season 3 has been announced.",
                classified: dt.datetime | None = None) -> Mention:
    mention = Mention(article_id=article.id, title_id=title.id, label=label, season=season,
                      confidence=confidence, change=change,
                      evidence=[{"text": evidence, "start": 0, "end": len(evidence),
                                 "field": "text"}],
                      reason=f"test: {label}", classifier_version="test",
                      classified_at=classified or T0)
    session.add(mention)
    session.flush()
    return mention


def add_signal(session, *, title_key: str = "hero-mask", provider: str = "anilist",
               subject_id: str = "110686", kind: str = "relation", related_id: str = "999",
               relation: str | None = "SEQUEL", related_title: str | None = None,
               related_format: str | None = "TV", related_status: str | None = None,
               status: str | None = None, source: Source | None = None,
               seen: dt.datetime | None = None) -> Signal:
    signal = Signal(provider=provider, subject_id=subject_id, title_key=title_key, kind=kind,
                    related_id=related_id, relation=relation, related_title=related_title,
                    related_format=related_format, related_status=related_status,
                    status=status, source_id=source.id if source else None,
                    url=f"https://anilist.co/anime/{related_id}", payload={},
                    first_seen_at=seen or T0, last_seen_at=seen or T0)
    session.add(signal)
    session.flush()
    return signal


ARTICLE_ARGS = ("headline", "text", "content_hash", "simhash", "published")


def seed(db, *sources: tuple[str, str]) -> tuple[int, list[int]]:
    """Hero Mask (ended after season 2) and the given (name, trust) sources: their ids."""
    with db.transaction() as s:
        title = add_title(s)
        made = [add_source(s, name, trust) for name, trust in sources]
        return title.id, [m.id for m in made]


def store_report(db, source_id: int | None, label: str = "renewal", season: int | None = 3,
                 **kw: Any) -> int:
    """One stored article from `source_id` with one classified mention of Hero Mask."""
    article_args = {k: kw.pop(k) for k in ARTICLE_ARGS if k in kw}
    article_args.setdefault("headline", "Hero Mask season 3")
    with db.transaction() as s:
        source = s.get(Source, source_id) if source_id else None
        title = s.scalars(select(Title)).first()
        article = add_article(s, source, **article_args)
        add_mention(s, article, title, label, season=season, **kw)
        return article.id


# --------------------------------------------------------------------------------------------
# A real webhook receiver (Apprise json:// posts to it)
# --------------------------------------------------------------------------------------------

class Receiver:
    """An HTTP server on 127.0.0.1 recording each JSON body posted to it.

    `stop()` closes the port (senders get "connection refused"); `start()` again listens on
    the same port, as a webhook that was down for a while and came back.
    """

    def __init__(self, port: int = 0, delay: float = 0.0, status: int = 200):
        self.port = port
        self.delay = delay
        self.status = status
        self.messages: list[dict[str, Any]] = []
        self._lock = threading.Lock()
        self._server: ThreadingHTTPServer | None = None

    def _handler(self):
        receiver = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self):
                length = int(self.headers.get("Content-Length") or 0)
                body = self.rfile.read(length)
                if receiver.delay:
                    time.sleep(receiver.delay)
                if receiver.status == 200:
                    with receiver._lock:
                        receiver.messages.append(json.loads(body))
                self.send_response(receiver.status)
                self.send_header("Content-Length", "0")
                self.end_headers()

            def log_message(self, *args):
                pass

        return Handler

    def start(self) -> Receiver:
        ThreadingHTTPServer.allow_reuse_address = True
        self._server = ThreadingHTTPServer(("127.0.0.1", self.port), self._handler())
        self.port = self._server.server_address[1]
        threading.Thread(target=self._server.serve_forever, daemon=True).start()
        return self

    def stop(self) -> None:
        if self._server is not None:
            self._server.shutdown()
            self._server.server_close()
            self._server = None

    def url(self, path: str = "hook") -> str:
        return f"json://127.0.0.1:{self.port}/{path}"

    def titles(self) -> list[str]:
        with self._lock:
            return [m.get("title", "") for m in self.messages]

    def __enter__(self) -> Receiver:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()


def free_port() -> int:
    """A TCP port nothing listens on (closed again at once)."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]

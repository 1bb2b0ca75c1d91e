"""A small loopback web server for the offline demo and for tests.

It serves files from a directory and/or in-memory routes, answers conditional requests the
way real sites do (ETag + Last-Modified on every static answer, 304 when they match), gzips
when asked, and logs every request so a test can assert what a crawler sent. Content can be
changed while it runs (`set`, `remove`): an edited article, a feed with a new entry.

A route may also be a callable taking the `LoggedRequest` and returning an `Answer` (or None
for 404), which is how tests inject faults: 500s, hangs, gzip bombs, hostile XML.

    with MirrorServer(routes={"/feed.xml": FEED}) as site:
        crawl(site.url("/feed.xml"))
        assert site.requests[-1].headers.get("if-none-match")
"""

from __future__ import annotations

import email.utils
import gzip
import hashlib
import logging
import mimetypes
import threading
import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

logger = logging.getLogger(__name__)

# Types guessed from file names that mimetypes does not know (or knows wrongly for feeds).
EXTRA_TYPES = {".rss": "application/rss+xml", ".atom": "application/atom+xml",
               ".xml": "application/xml", ".json": "application/json"}
# Bodies smaller than this are sent uncompressed even when gzip is accepted.
GZIP_MIN_BYTES = 256


@dataclass
class Answer:
    """What the server sends for a path. `headers` may override anything, even Content-Encoding
    (then the body is sent as is: a pre-compressed gzip bomb, say)."""

    body: bytes
    content_type: str = "text/html; charset=utf-8"
    status: int = 200
    headers: dict[str, str] = field(default_factory=dict)
    etag: str = ""
    last_modified: float = 0.0

    def __post_init__(self) -> None:
        if not self.etag:
            self.etag = '"' + hashlib.sha256(self.body).hexdigest()[:32] + '"'
        if not self.last_modified:
            self.last_modified = time.time()


@dataclass(frozen=True)
class LoggedRequest:
    """One request as received: method, path (with query), lower-case headers, our status."""

    method: str
    path: str
    headers: dict[str, str]
    status: int
    at: float


Handler = Callable[[LoggedRequest], "Answer | None"]


def _as_bytes(body: bytes | str) -> bytes:
    return body.encode("utf-8") if isinstance(body, str) else body


def _guess_type(path: str) -> str:
    suffix = Path(urlsplit(path).path).suffix.lower()
    if suffix in EXTRA_TYPES:
        return EXTRA_TYPES[suffix]
    guessed, _ = mimetypes.guess_type(urlsplit(path).path)
    if guessed and guessed.startswith("text/"):
        return f"{guessed}; charset=utf-8"
    return guessed or "application/octet-stream"


class MirrorServer:
    """A threaded HTTP server on 127.0.0.1 (an ephemeral port unless `port` is given)."""

    def __init__(self, root: Path | None = None, routes: Mapping[str, Any] | None = None,
                 host: str = "127.0.0.1", port: int = 0) -> None:
        self.root = Path(root) if root is not None else None
        self.host = host
        self._port = port
        self._lock = threading.Lock()
        self._routes: dict[str, Answer | Handler] = {}
        self._log: list[LoggedRequest] = []
        self._server: ThreadingHTTPServer | None = None
        self._thread: threading.Thread | None = None
        for path, value in (routes or {}).items():
            if callable(value) or isinstance(value, Answer):
                self.route(path, value)
            else:
                self.set(path, value)

    # -- lifecycle ---------------------------------------------------------------------------

    def start(self) -> MirrorServer:
        """Bind and serve in a background thread; returns self."""
        if self._server is not None:
            return self
        server = ThreadingHTTPServer((self.host, self._port), self._handler_class())
        server.daemon_threads = True       # a hung handler must not block stop()
        server.block_on_close = False
        self._server = server
        self._thread = threading.Thread(target=server.serve_forever, name="mirror-server",
                                        kwargs={"poll_interval": 0.05}, daemon=True)
        self._thread.start()
        logger.debug("mirror server on %s", self.base_url)
        return self

    def stop(self) -> None:
        """Stop serving and close the socket."""
        if self._server is None:
            return
        self._server.shutdown()
        self._server.server_close()
        self._server = None
        self._thread = None

    def __enter__(self) -> MirrorServer:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()

    @property
    def port(self) -> int:
        if self._server is None:
            raise RuntimeError("server not started")
        return int(self._server.server_address[1])

    @property
    def base_url(self) -> str:
        return f"http://{self.host}:{self.port}"

    def url(self, path: str = "/") -> str:
        """The absolute URL of `path` on this server."""
        return self.base_url + (path if path.startswith("/") else "/" + path)

    # -- content -----------------------------------------------------------------------------

    def set(self, path: str, body: bytes | str, content_type: str | None = None,
            headers: Mapping[str, str] | None = None, status: int = 200) -> Answer:
        """Serve `body` at `path` from now on (a new ETag and Last-Modified if it changed)."""
        data = _as_bytes(body)
        with self._lock:
            previous = self._routes.get(path)
            answer = Answer(body=data, content_type=content_type or _guess_type(path),
                            status=status, headers=dict(headers or {}))
            if isinstance(previous, Answer) and previous.body == data:
                answer.last_modified = previous.last_modified
            elif isinstance(previous, Answer):
                # Whole seconds on the wire: make sure an edit is visibly newer.
                answer.last_modified = max(time.time(), previous.last_modified + 1)
            self._routes[path] = answer
        return answer

    def route(self, path: str, handler: Handler | Answer) -> None:
        """Serve `path` with a callable (fault injection) or a prepared Answer."""
        with self._lock:
            self._routes[path] = handler

    def remove(self, path: str) -> None:
        """Stop serving `path` (404 from now on, unless a file under root has it)."""
        with self._lock:
            self._routes.pop(path, None)

    # -- the request log ---------------------------------------------------------------------

    @property
    def requests(self) -> list[LoggedRequest]:
        """A snapshot of every request so far, oldest first."""
        with self._lock:
            return list(self._log)

    def requests_for(self, path: str) -> list[LoggedRequest]:
        """Requests whose path (query included, or not) is `path`."""
        return [r for r in self.requests if r.path == path or urlsplit(r.path).path == path]

    def clear_log(self) -> None:
        with self._lock:
            self._log.clear()

    # -- serving -----------------------------------------------------------------------------

    def _record(self, entry: LoggedRequest) -> None:
        with self._lock:
            self._log.append(entry)

    def _lookup(self, path: str) -> Answer | Handler | None:
        with self._lock:
            found = self._routes.get(path) or self._routes.get(urlsplit(path).path)
        if found is not None:
            return found
        return self._from_root(urlsplit(path).path)

    def _from_root(self, path: str) -> Answer | None:
        if self.root is None:
            return None
        root = self.root.resolve()
        target = (root / path.lstrip("/")).resolve()
        if target.is_dir():
            target = target / "index.html"
        if root not in target.parents or not target.is_file():
            return None
        data = target.read_bytes()
        return Answer(body=data, content_type=_guess_type(target.name),
                      last_modified=target.stat().st_mtime)

    def _handler_class(self) -> type[BaseHTTPRequestHandler]:
        mirror = self

        class _Handler(BaseHTTPRequestHandler):
            server_version = "MirrorServer/1"

            def log_message(self, format: str, *args: Any) -> None:
                logger.debug("mirror: %s", format % args)

            def do_GET(self) -> None:
                self._serve(head=False)

            def do_HEAD(self) -> None:
                self._serve(head=True)

            def do_POST(self) -> None:
                length = int(self.headers.get("Content-Length") or 0)
                self.rfile.read(min(length, 10_000_000))
                self._serve(head=False)

            def _serve(self, head: bool) -> None:
                headers = {k.lower(): v for k, v in self.headers.items()}
                request = LoggedRequest(self.command, self.path, headers, 0, time.time())
                found = mirror._lookup(self.path)
                answer = found(request) if callable(found) else found
                status, out, body, with_body = self._reply(answer, headers, head)
                # Logged before the reply is written: once a client has its answer, the log
                # already shows the request (a test may read it straight away).
                mirror._record(LoggedRequest(self.command, self.path, headers, status,
                                             request.at))
                self._write(status, out, body, with_body)

            def _reply(self, answer: Answer | None, headers: dict[str, str], head: bool,
                       ) -> tuple[int, dict[str, str], bytes, bool]:
                """(status, headers, body, whether to send the body) for `answer`."""
                if answer is None:
                    return 404, {"Content-Type": "text/plain"}, b"not found", not head
                out = {"Content-Type": answer.content_type, "ETag": answer.etag,
                       "Last-Modified": email.utils.formatdate(answer.last_modified,
                                                               usegmt=True)}
                if answer.status == 200 and _not_modified(answer, headers):
                    kept = {"ETag": answer.etag, "Last-Modified": out["Last-Modified"]}
                    return 304, kept, b"", False
                body = answer.body
                out.update(answer.headers)
                if ("Content-Encoding" not in answer.headers and len(body) >= GZIP_MIN_BYTES
                        and "gzip" in headers.get("accept-encoding", "")):
                    body = gzip.compress(body)
                    out["Content-Encoding"] = "gzip"
                    out["Vary"] = "Accept-Encoding"
                return answer.status, out, body, not head

            def _write(self, status: int, headers: dict[str, str], body: bytes,
                       with_body: bool) -> None:
                try:
                    self.send_response(status)
                    for key, value in headers.items():
                        self.send_header(key, value)
                    if "Content-Length" not in headers:
                        self.send_header("Content-Length", str(len(body)))
                    self.end_headers()
                    if with_body:
                        self.wfile.write(body)
                except (BrokenPipeError, ConnectionResetError):
                    pass  # the client gave up (a timeout test): nothing to tell it

        return _Handler


def _not_modified(answer: Answer, headers: Mapping[str, str]) -> bool:
    """RFC 9110: If-None-Match decides when present; else If-Modified-Since."""
    inm = headers.get("if-none-match")
    if inm is not None:
        tags = {t.strip().removeprefix("W/") for t in inm.split(",")}
        return "*" in tags or answer.etag in tags
    ims = headers.get("if-modified-since")
    if ims:
        try:
            since = email.utils.parsedate_to_datetime(ims).timestamp()
        except (TypeError, ValueError):
            return False
        return int(answer.last_modified) <= int(since)
    return False

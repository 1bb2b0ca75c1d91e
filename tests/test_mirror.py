"""renewal_watch.mirror: a real loopback server, exercised with urllib."""

from __future__ import annotations

import gzip
import urllib.error
import urllib.request

import pytest

from renewal_watch.mirror import Answer, MirrorServer
from tests.crawlkit import SITE


def _get(url: str, **headers: str) -> tuple[int, dict[str, str], bytes]:
    request = urllib.request.Request(url, headers=headers)
    try:
        with urllib.request.urlopen(request, timeout=5) as response:
            return response.status, dict(response.headers), response.read()
    except urllib.error.HTTPError as exc:
        return exc.code, dict(exc.headers), exc.read()


def test_routes_validators_and_304():
    with MirrorServer(routes={"/feed.xml": "<rss/>"}) as site:
        status, headers, body = _get(site.url("/feed.xml"))
        assert (status, body) == (200, b"<rss/>")
        assert headers["Content-Type"] == "application/xml"
        etag, modified = headers["ETag"], headers["Last-Modified"]
        assert _get(site.url("/feed.xml"), **{"If-None-Match": etag})[0] == 304
        assert _get(site.url("/feed.xml"), **{"If-Modified-Since": modified})[0] == 304
        # If-None-Match decides when both are sent (RFC 9110)
        assert _get(site.url("/feed.xml"), **{"If-None-Match": '"other"',
                                              "If-Modified-Since": modified})[0] == 200
        site.set("/feed.xml", "<rss version='2.0'/>")
        status, headers, _ = _get(site.url("/feed.xml"), **{"If-None-Match": etag})
        assert status == 200 and headers["ETag"] != etag
        assert headers["Last-Modified"] != modified  # an edit is visibly newer
        site.remove("/feed.xml")
        assert _get(site.url("/feed.xml"))[0] == 404


def test_root_files_robots_and_gzip():
    with MirrorServer(root=SITE) as site:
        status, _, body = _get(site.url("/robots.txt"))
        assert status == 200 and b"Disallow: /private/" in body
        status, headers, body = _get(site.url("/news/studio-roundup.html"),
                                     **{"Accept-Encoding": "gzip"})
        assert headers.get("Content-Encoding") == "gzip"
        assert b"Weekly Studio Roundup" in gzip.decompress(body)
        assert headers["Content-Type"].startswith("text/html")
        assert _get(site.url("/../conftest.py"))[0] == 404  # no escape from root
        assert _get(site.url("/missing.html"))[0] == 404


def test_request_log_and_callable_routes():
    seen = []

    def handler(request):
        seen.append(request.path)
        return Answer(body=b"boom", status=500)

    with MirrorServer() as site:
        site.route("/fault", handler)
        site.set("/page", "hello", headers={"X-Test": "1"})
        assert _get(site.url("/fault?x=1"))[0] == 500
        status, headers, _ = _get(site.url("/page"), **{"User-Agent": "tester/1"})
        assert status == 200 and headers["X-Test"] == "1"
        log = site.requests
        assert [(r.method, r.path, r.status) for r in log] == [
            ("GET", "/fault?x=1", 500), ("GET", "/page", 200)]
        assert log[1].headers["user-agent"] == "tester/1"
        assert seen == ["/fault?x=1"]
        assert [r.path for r in site.requests_for("/fault")] == ["/fault?x=1"]
        site.clear_log()
        assert site.requests == []


def test_precompressed_answers_are_sent_as_they_are():
    bomb = gzip.compress(b"\0" * 100_000)
    with MirrorServer() as site:
        site.route("/bomb", Answer(body=bomb, headers={"Content-Encoding": "gzip"}))
        _, headers, body = _get(site.url("/bomb"), **{"Accept-Encoding": "gzip"})
        assert headers["Content-Encoding"] == "gzip" and body == bomb


def test_port_and_lifecycle():
    site = MirrorServer()
    with pytest.raises(RuntimeError):
        _ = site.port
    site.start()
    try:
        assert site.url("x").startswith(f"http://127.0.0.1:{site.port}/")
    finally:
        site.stop()
        site.stop()  # idempotent


def test_a_request_is_logged_by_the_time_its_answer_arrives():
    # The log is written before the reply: reading it straight after an answer never misses
    # that request (tests assert on it without waiting).
    with MirrorServer(routes={"/page": "x" * 100_000}) as site:
        for n in range(1, 51):
            assert _get(site.url("/page"))[0] == 200
            assert len(site.requests_for("/page")) == n

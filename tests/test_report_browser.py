"""The HTML report in headless Chromium: it renders, the chart is there, and nothing scraped runs.

Each hostile payload would leave a trace if it ran (a changed document.title or a data-pwned
attribute on <html>). A control page proves the detector: the same payloads pasted raw into a
page without a CSP do leave their traces in this browser. Skips cleanly without Chromium unless
RENEWAL_WATCH_REQUIRE_BROWSER=1 (CI), where a missing browser fails.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
from pathlib import Path

import pytest
from lxml import html as lxml_html
from report_rows import (
    EVIDENCE,
    HOSTILE_SENTENCE,
    IMG_PAYLOAD,
    JS_URL,
    NOW,
    SCRIPT_PAYLOAD,
    populate,
)

from renewal_watch.config import load_config
from renewal_watch.report import build_report, render

pytestmark = pytest.mark.browser

CHROMIUM_FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                  "--disable-component-update", "--no-first-run", "--disable-sync",
                  "--enable-logging=stderr", "--v=0", "--virtual-time-budget=3000"]
CSP_META = re.compile(r'<meta http-equiv="Content-Security-Policy"[^>]*>')
PAGE_TITLE = "renewal-watch report"


@pytest.fixture(scope="session")
def chromium() -> str:
    path = shutil.which("chromium") or ("/usr/bin/chromium" if Path("/usr/bin/chromium").exists()
                                        else None)
    if path is None:
        if os.environ.get("RENEWAL_WATCH_REQUIRE_BROWSER") == "1":
            pytest.fail("chromium is required (RENEWAL_WATCH_REQUIRE_BROWSER=1) but not found")
        pytest.skip("chromium not installed")
    return path


def dump_dom(chromium: str, page: Path, tmp_path: Path) -> tuple[lxml_html.HtmlElement, str]:
    """The DOM after load (scripts, if any were allowed, have run) and the browser's log.

    A browser that fails to start (a busy CI machine) is given one more try.
    """
    for attempt in range(2):
        profile = tmp_path / f"profile-{page.stem}-{attempt}"
        done = subprocess.run([chromium, *CHROMIUM_FLAGS, f"--user-data-dir={profile}",
                               "--dump-dom", page.resolve().as_uri()],
                              capture_output=True, text=True, timeout=120, check=False)
        if done.returncode == 0 and "<html" in done.stdout:
            return lxml_html.fromstring(done.stdout), done.stderr
    raise AssertionError(f"chromium failed ({done.returncode}): {done.stderr[-2000:]}")


def _traces(doc: lxml_html.HtmlElement) -> list[str]:
    root = doc.getroottree().getroot()
    found = [f"{k}={v}" for k, v in root.attrib.items() if k.startswith("data-pwned")]
    title = doc.findtext(".//title") or ""
    if "PWNED" in title:
        found.append(f"title={title}")
    return found


def _write(tmp_path: Path, name: str, text: str) -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def _report_html(db) -> str:
    populate(db)
    return render(build_report(db, load_config(None), now=NOW), "html")


def test_control_page_shows_the_payloads_would_run(chromium, tmp_path):
    raw = (f"<!DOCTYPE html><html><head><meta charset='utf-8'><title>{PAGE_TITLE}</title>"
           f"</head><body><p>{SCRIPT_PAYLOAD}</p><p>{IMG_PAYLOAD}</p></body></html>")
    doc, _ = dump_dom(chromium, _write(tmp_path, "control.html", raw), tmp_path)
    traces = _traces(doc)
    assert "data-pwned-script=1" in traces and "data-pwned-img=1" in traces, traces


def test_report_renders_chart_and_runs_nothing(chromium, db, tmp_path):
    page = _write(tmp_path, "report.html", _report_html(db))
    doc, log = dump_dom(chromium, page, tmp_path)
    assert _traces(doc) == []
    assert doc.findtext(".//title") == PAGE_TITLE
    # Payloads are visible as text, and no element they describe exists.
    text = doc.text_content()
    assert SCRIPT_PAYLOAD in text and IMG_PAYLOAD in text and JS_URL in text
    assert not doc.xpath("//script") and not doc.xpath("//img") and not doc.xpath("//iframe")
    for el in doc.iter():
        for name, value in el.attrib.items():
            assert not name.lower().startswith("on"), (el.tag, name)
            assert not value.strip().lower().startswith("javascript:"), (el.tag, name, value)
    # Every source link is http(s); the javascript: URL is plain text.
    hrefs = [a.get("href") for a in doc.xpath("//a[@href]")]
    assert all(h.startswith(("https://", "http://", "#")) for h in hrefs), hrefs
    assert JS_URL in [s.text_content() for s in doc.xpath("//span[@class='url']")]
    # Evidence is highlighted inside its context.
    marks = doc.xpath("//article[@data-kind='renewal']//mark")
    assert [m.text_content() for m in marks] == [EVIDENCE] * 3 + [HOSTILE_SENTENCE]
    # The chart: one inline SVG with a bar per non-zero (week, label) cell.
    svgs = doc.xpath("//*[local-name()='svg']")
    assert len(svgs) == 1
    bars = svgs[0].xpath(".//*[local-name()='rect'][@class='bar']")
    assert len(bars) == 4
    assert sorted(b.get("data-label") for b in bars) == ["ended", "mention", "mention", "renewal"]
    # The strict CSP let the page's own inline style through and had nothing else to block.
    assert "Content Security Policy" not in log, log[-2000:]


def test_escaping_alone_stops_the_payloads(chromium, db, tmp_path):
    """Defence in depth: with the CSP removed, autoescaping still keeps every payload inert."""
    page_text, n = CSP_META.subn("", _report_html(db))
    assert n == 1
    doc, _ = dump_dom(chromium, _write(tmp_path, "no-csp.html", page_text), tmp_path)
    assert _traces(doc) == []
    assert SCRIPT_PAYLOAD in doc.text_content()


def test_csp_alone_stops_raw_payloads(chromium, db, tmp_path):
    """And the other layer: the report's CSP blocks the payloads even if escaping had failed."""
    csp = CSP_META.search(_report_html(db)).group(0)
    raw = (f"<!DOCTYPE html><html><head><meta charset='utf-8'>{csp}<title>{PAGE_TITLE}</title>"
           f"</head><body><p>{SCRIPT_PAYLOAD}</p><p>{IMG_PAYLOAD}</p></body></html>")
    doc, _ = dump_dom(chromium, _write(tmp_path, "csp-only.html", raw), tmp_path)
    # The control page shows these payloads run without the CSP; here they did not.
    assert _traces(doc) == []

"""Message rendering (scraped text is data, never a template) and the local channels."""

from __future__ import annotations

import json

from alertkit import T0

from renewal_watch.alerts import channels
from renewal_watch.alerts.messages import clean, render_alert, safe_link
from renewal_watch.models import Alert, AlertSource

HOSTILE = "<script>alert(1)</script> {{ 7*7 }} {% raw %} \x1b[31mred\x1b[0m \u202eevil"


def _alert() -> Alert:
    alert = Alert(id=7, dedupe_key="event:hero-mask:renewal:3", kind="renewal", season=3,
                  severity="critical", status="new", summary="Hero Mask: renewal, season 3",
                  reason="renewal: season 3 beyond baseline 2",
                  evidence=[{"text": HOSTILE, "start": 0, "end": 10, "field": "text"}],
                  opened_at=T0, updated_at=T0)
    alert.sources = [
        AlertSource(id=1, source_name="ann", trust="trade", url="javascript:alert(1)",
                    headline=HOSTILE, evidence=[], independent=True, added_at=T0),
        AlertSource(id=2, source_name="reddit-anime", trust="community",
                    url="https://example.com/a?x=1&y=<2>", headline="x" * 5000, evidence=[],
                    independent=False, added_at=T0)]
    return alert


def test_scraped_text_is_never_a_template_and_is_escaped_in_html():
    message = render_alert(_alert(), previous="warning", believed_before="ended after season 2")
    assert message.subject == "[critical] Hero Mask: renewal, season 3 (was warning)"
    for body in (message.body, message.html):
        assert "{{ 7*7 }}" in body and "49" not in body
        assert "\x1b" not in body and "\u202e" not in body
        assert "javascript:" not in body
    assert "<script>" in message.body  # plain text stays as written ...
    assert "<script>" not in message.html and "&lt;script&gt;" in message.html  # ... HTML not
    assert 'href="https://example.com/a?x=1&amp;y=&lt;2&gt;"' in message.html
    assert "x" * 201 not in message.body  # headlines are bounded
    assert "ann (trade)" in message.body and "reddit-anime (community, copy)" in message.body
    assert "Review: renewal-watch alerts show 7" in message.body


def test_clean_and_safe_link():
    assert clean("a\nb\t c\x00d", 100) == "a b c d"
    assert clean("y" * 50, 10) == "y" * 9 + "…"
    assert safe_link("JavaScript:alert(1)") == ""
    assert safe_link("data:text/html,x") == ""
    assert safe_link("https://ok.example/x") == "https://ok.example/x"


def test_file_channel_appends_json_lines(tmp_path):
    target = tmp_path / "dir with space" / "alerts.jsonl"
    url = "file://" + str(target).replace(" ", "%20")
    for n in (1, 2):
        result = channels.send(url, f"subject {n}", f"body {n}")
        assert result.ok, result.answer
    lines = [json.loads(line) for line in target.read_text("utf-8").splitlines()]
    assert [(m["title"], m["body"]) for m in lines] == [("subject 1", "body 1"),
                                                       ("subject 2", "body 2")]


def test_file_channel_reports_failure(tmp_path):
    blocker = tmp_path / "not-a-dir"
    blocker.write_text("x")
    assert not channels.send(f"file://{blocker}/alerts.jsonl", "s", "b").ok


def test_console_channel_prints_to_stdout_or_stderr(capsys):
    assert channels.send("console://", "the subject", "the body").ok
    assert channels.send("console://stderr", "to stderr", "body").ok
    out, err = capsys.readouterr()
    assert "the subject\nthe body" in out and "to stderr" in err and "to stderr" not in out


def test_secrets_never_shown():
    cases = {
        "json://alice:hunter2secret@127.0.0.1:8080/hook": "hunter2secret",
        "discord://1234567890/abcdefghijklmnopqrstuvwxyz": "abcdefghijklmnopqrstuvwxyz",
        "mailto://bob:mailpass99@example.com?to=me@example.com": "mailpass99",
    }
    for url, secret in cases.items():
        shown = channels.safe_url(url)
        assert secret not in shown, shown
        assert secret not in channels.redact(f"error talking to {url}", url)
    assert channels.safe_url("nonsense://x") == "nonsense://(unparsable)"
    assert not channels.send("nonsense://x", "s", "b").ok

"""renewal_watch.crawl_child: the child's event lines and exit codes."""

from __future__ import annotations

import subprocess
import sys

from renewal_watch.crawl_child import EVENT_PREFIX, decode_event, emit


def test_emitted_events_decode_back(capsys):
    emit("progress", {"source": "news", "requests": 3})
    (line,) = capsys.readouterr().out.splitlines()
    assert line.startswith(EVENT_PREFIX)
    assert decode_event(line) == {"event": "progress", "source": "news", "requests": 3}


def test_other_and_garbled_lines_are_no_events():
    assert decode_event("[console] Hero Mask: season 3 announced\n") is None
    assert decode_event(EVENT_PREFIX + "{not json\n") is None
    assert decode_event(EVENT_PREFIX + "[1, 2]\n") is None


def test_bad_configuration_is_an_error_event_and_exit_code_two(tmp_path):
    bad = tmp_path / "bad.toml"
    bad.write_text("[crawl]\ntime_limit = 'soon'\n")
    result = subprocess.run([sys.executable, "-m", "renewal_watch.crawl_child", "--config",
                             str(bad), "--db", f"sqlite:///{tmp_path / 'x.sqlite3'}"],
                            capture_output=True, text=True, timeout=120, check=False)
    assert result.returncode == 2, result.stderr
    events = [decode_event(line) for line in result.stdout.splitlines()]
    assert [e["event"] for e in events if e] == ["error"]
    assert "time_limit" in events[0]["message"]

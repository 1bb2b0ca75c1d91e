"""The crawl child process: `python -m renewal_watch.crawl_child`, and how it talks to its parent.

`renewal_watch.runner.run_in_child` starts this module in a new process group and runs one
crawl in it (`renewal_watch.crawl.run_crawl`: a Twisted reactor cannot restart, TRAPS.md 4).

The protocol, both directions:

- child to parent: one JSON object per line on stdout, prefixed with EVENT_PREFIX (`emit`,
  read back with `decode_event`): "progress" about once a second per source, "error" (the
  crawl could not start: bad configuration, unknown source) and "summary" at the end. Any
  other line (a console:// alert, say) is output the parent passes on.
- parent to child: SIGTERM (or SIGINT) stops the crawl at once and records its unfinished runs
  as "interrupted"; a second signal stops the reactor where it is (`renewal_watch.crawl`).
- exit code: 0 when a source succeeded, 1 when none did, the error's code (2: configuration)
  when the crawl could not start.
"""

from __future__ import annotations

import argparse
import json
import logging
import sys
from typing import Any

logger = logging.getLogger(__name__)

# Prefix of the child's protocol lines on stdout; anything else (a console:// alert) is output
# the parent passes on.
EVENT_PREFIX = "@@renewal-watch "
# The event kinds the child sends.
EVENT_PROGRESS = "progress"
EVENT_ERROR = "error"
EVENT_SUMMARY = "summary"


def emit(event: str, payload: dict[str, Any]) -> None:
    """One prefixed JSON line on stdout: how the child tells its parent what happens."""
    sys.stdout.write(EVENT_PREFIX + json.dumps({"event": event, **payload}, default=str) + "\n")
    sys.stdout.flush()


def decode_event(line: str) -> dict[str, Any] | None:
    """The event of one protocol line; None when the line is not one (or is garbled)."""
    if not line.startswith(EVENT_PREFIX):
        return None
    try:
        event = json.loads(line[len(EVENT_PREFIX):])
    except ValueError:
        return None
    return event if isinstance(event, dict) else None


def main(argv: list[str] | None = None) -> int:
    """Child entry point. Exit 0: a source succeeded; 1: none did; 2: bad configuration."""
    from renewal_watch.config import database_url, load_config
    from renewal_watch.crawl import run_crawl
    from renewal_watch.exceptions import RenewalWatchError

    parser = argparse.ArgumentParser(prog="python -m renewal_watch.crawl_child")
    parser.add_argument("--config", default=None)
    parser.add_argument("--db", default=None)
    parser.add_argument("--source", action="append", default=[])
    parser.add_argument("--trigger", default="manual")
    parser.add_argument("--log-level", default="WARNING")
    args = parser.parse_args(argv)
    logging.basicConfig(level=args.log_level.upper(),
                        format="%(asctime)s %(levelname)s %(name)s: %(message)s")
    try:
        config = load_config(args.config)
        summary = run_crawl(config, database_url(config, args.db), args.source or None,
                            trigger=args.trigger, progress=lambda p: emit(EVENT_PROGRESS, p))
    except RenewalWatchError as exc:
        emit(EVENT_ERROR, {"message": str(exc), "exit_code": exc.exit_code})
        return exc.exit_code
    emit(EVENT_SUMMARY, summary.to_dict())
    return 0 if summary.any_ok else 1


if __name__ == "__main__":
    raise SystemExit(main())

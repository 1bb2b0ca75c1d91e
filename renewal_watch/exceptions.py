"""The exception vocabulary of renewal-watch.

Small on purpose: code raises these where a decision is made, callers catch them by type,
and the CLI maps them to a clean message and a non-zero exit code. Anything else that escapes
to a process boundary (CLI entry, daemon job wrapper) is a bug and is logged with its traceback.
"""

from __future__ import annotations


class RenewalWatchError(Exception):
    """Base class: an expected failure with a message meant for the user."""

    exit_code = 1


class ConfigError(RenewalWatchError):
    """The configuration is invalid. `problems` holds one `file: key: message` line each."""

    exit_code = 2

    def __init__(self, problems: list[str]):
        self.problems = list(problems)
        super().__init__("\n".join(self.problems))


class DatabaseError(RenewalWatchError):
    """The database cannot be opened, migrated or written (full disk, bad URL, locked)."""


class SourceError(RenewalWatchError):
    """A source could not be fetched or parsed; recorded on the source, never fatal to a crawl."""


class CrawlFailed(RenewalWatchError):
    """No source in a crawl succeeded."""


class DaemonAlreadyRunning(RenewalWatchError):
    """Another daemon holds the lock on this database."""

    exit_code = 3


class DeliveryError(RenewalWatchError):
    """A notification channel refused or could not be reached; the delivery will be retried."""


class NotFound(RenewalWatchError):
    """A named thing (alert, source, title) does not exist."""

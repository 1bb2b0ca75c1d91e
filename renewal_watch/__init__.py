"""renewal-watch: watches anime news for announcements about whether a show continues."""

from __future__ import annotations

__version__ = "0.1.0"

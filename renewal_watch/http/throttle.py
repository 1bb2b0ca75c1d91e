"""AutoThrottle that never goes below a host's configured rate limit.

Scrapy's AutoThrottle (2.19, `extensions/throttle.py`) floors every slot's delay at the global
DOWNLOAD_DELAY only, so a fast host would pull a `DOWNLOAD_SLOTS` delay of 2 s (AniList's
30/min) down towards its latency. This subclass re-applies the slot's configured delay as
the floor after each adjustment; AutoThrottle may still slow a host down, never speed it up
past its limit.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from scrapy.extensions.throttle import AutoThrottle

if TYPE_CHECKING:
    from scrapy import Request, Spider
    from scrapy.http import Response


class RateLimitedAutoThrottle(AutoThrottle):
    """AutoThrottle with per-slot floors taken from DOWNLOAD_SLOTS."""

    def _floor(self, key: str | None) -> float:
        slots = self.crawler.settings.getdict("DOWNLOAD_SLOTS")
        configured = slots.get(key or "", {}).get("delay")
        return float(configured) if configured is not None else self.mindelay

    def _response_downloaded(self, response: Response, request: Request,
                             spider: Spider) -> None:
        super()._response_downloaded(response, request, spider)
        key, slot = self._get_slot(request, spider)
        if slot is not None:
            slot.delay = max(slot.delay, self._floor(key))

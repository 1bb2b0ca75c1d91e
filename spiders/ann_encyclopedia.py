"""ANN encyclopedia API: per watched title with an ANN id, its news and related entries.

`api.xml?anime=<id>/<id>...` (up to BATCH ids per request) gives `<news>` links, followed as
articles, and `<related-prev|next rel=... id=...>` relations, which become SignalItems once
the related entries' names are known (one more batched request). `reports.xml?id=148`
(recently added entries) is read too: a new entry whose name starts with a watched name or
alias ("Hero Mask (TV 2)") is a signal of kind "new_entry".
"""

from __future__ import annotations

import logging
import re
from collections.abc import Iterable
from dataclasses import replace
from typing import Any
from urllib.parse import urljoin

import scrapy
from twisted.python.failure import Failure

from renewal_watch.config import Watch
from spiders.base import PREFIX, SourceSpider
from spiders.parsers.ann import name_format, parse_api, parse_report
from spiders.parsers.types import Relation

logger = logging.getLogger(__name__)

BATCH = 50                        # ids per api.xml request (the API accepts a slash list)
REPORT_RECENTLY_ADDED = "reports.xml?id=148&nlist=50"
NO_RESULT = PREFIX + "no_result"


def starts_with_name(entry_name: str, watch: Watch) -> bool:
    """True when an ANN entry name is a watched name/alias followed by nothing or a bracket."""
    folded = entry_name.casefold()
    for name in (watch.name, *watch.aliases):
        prefix = name.casefold()
        if folded.startswith(prefix) and re.match(r"^\s*(\(|:|$)", folded[len(prefix):]):
            return True
    return False


class AnnEncyclopediaSpider(SourceSpider):
    """`scrapy crawl ann_encyclopedia -a source=ann-encyclopedia`"""

    name = "ann_encyclopedia"
    source_type = "ann_encyclopedia"

    @property
    def api_url(self) -> str:
        return self.source.urls[0]

    def listing_requests(self) -> Iterable[scrapy.Request]:
        titles = self.ids("ann")
        ids = sorted(titles)
        for i in range(0, len(ids), BATCH):
            batch = {str(x): titles[x] for x in ids[i:i + BATCH]}
            url = f"{self.api_url}?anime={'/'.join(batch)}"
            # Not conditional: relations are re-read every poll so signals stay "last seen".
            yield self.listing_request(url, self.parse_api, conditional=False,
                                       cb_kwargs={"titles": batch})
        if self.watchlist:
            yield self.listing_request(urljoin(self.api_url, REPORT_RECENTLY_ADDED),
                                       self.parse_report, conditional=False)

    def parse_api(self, response: scrapy.http.Response, titles: dict[str, str],
                  ) -> Iterable[Any]:
        result = parse_api(response.body, response.url)
        if not result.ok:
            self.listing_unusable(response.url, "not_ann", f"not an ANN answer: {response.url}")
            return
        self.listing_parsed(response.url)
        for warning in result.warnings:
            self.crawler.stats.inc_value(NO_RESULT)
            logger.info("%s: %s", self.source.name, warning)
        pending: list[tuple[str, Relation]] = []
        for entry in result.entries:
            key = titles.get(entry.id)
            if key is None:
                continue
            yield from self.follow_entries(entry.news, response.url)
            pending += [(key, rel) for rel in entry.relations]
        if pending:
            ids = sorted({rel.related_id for _, rel in pending})[:BATCH]
            yield scrapy.Request(f"{self.api_url}?anime={'/'.join(ids)}",
                                 callback=self.parse_related, errback=self.related_failed,
                                 cb_kwargs={"pending": pending}, dont_filter=True)

    def parse_related(self, response: scrapy.http.Response,
                      pending: list[tuple[str, Relation]]) -> Iterable[Any]:
        names = {e.id: e for e in parse_api(response.body, response.url).entries}
        for key, rel in pending:
            found = names.get(rel.related_id)
            if found is not None:
                rel = replace(rel, related_title=found.name,
                              related_format=found.precision or found.type
                              or name_format(found.name),
                              related_type=rel.related_type or found.kind.upper())
            yield self.relation_item(key, rel)

    def related_failed(self, failure: Failure) -> Iterable[Any]:
        # The relations are known even if their names are not: keep them.
        self.article_failed(failure)
        for key, rel in failure.request.cb_kwargs.get("pending", []):
            yield self.relation_item(key, rel)

    def parse_report(self, response: scrapy.http.Response) -> Iterable[Any]:
        items = parse_report(response.body)
        self.listing_parsed(response.url)
        for item in items:
            for watch in self.watchlist:
                if not starts_with_name(item.name, watch):
                    continue
                subject = str((watch.ids.get("ann") or [""])[0])
                yield self.relation_item(watch.key, Relation(
                    provider="ann", subject_id=subject, related_id=item.id, relation="new_entry",
                    related_title=item.name, related_format=name_format(item.name),
                    related_type="ANIME", url=item.url),
                    kind="new_entry", date_added=item.fields.get("date_added"))

"""Jikan v4 (MyAnimeList): news, relations and status of each watched title's MAL ids.

`/anime/{id}/news` rows are followed as articles (their title, date and excerpt ride along as
listing data); `/anime/{id}/relations` and `/anime/{id}` give signals. Jikan allows 3/s and
60/min: the per-host rate in `[crawl.rate_limits]` keeps us under it.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable
from typing import Any

import scrapy

from spiders.base import SourceSpider
from spiders.parsers.jikan import JikanError, parse_anime, parse_news, parse_relations

logger = logging.getLogger(__name__)


class JikanSpider(SourceSpider):
    """`scrapy crawl jikan -a source=jikan`"""

    name = "jikan"
    source_type = "jikan"

    def listing_requests(self) -> Iterable[scrapy.Request]:
        base = self.source.urls[0].rstrip("/")
        for mal_id, key in sorted(self.ids("mal").items()):
            kwargs = {"key": key, "mal_id": mal_id}
            yield self.listing_request(f"{base}/anime/{mal_id}/news", self.parse_news,
                                       cb_kwargs=kwargs)
            yield self.listing_request(f"{base}/anime/{mal_id}/relations", self.parse_relations,
                                       conditional=False, cb_kwargs=kwargs)
            yield self.listing_request(f"{base}/anime/{mal_id}", self.parse_anime,
                                       conditional=False, cb_kwargs=kwargs)

    def _fail(self, response: scrapy.http.Response, exc: JikanError) -> None:
        self.listing_unusable(response.url, "api_error", f"Jikan {response.url}: {exc}")

    def parse_news(self, response: scrapy.http.Response, key: str, mal_id: int,
                   ) -> Iterable[Any]:
        try:
            entries = parse_news(response.body)
        except JikanError as exc:
            self._fail(response, exc)
            return
        self.listing_parsed(response.url)
        yield from self.follow_entries(entries, response.url)

    def parse_relations(self, response: scrapy.http.Response, key: str, mal_id: int,
                        ) -> Iterable[Any]:
        try:
            relations = parse_relations(response.body, str(mal_id))
        except JikanError as exc:
            self._fail(response, exc)
            return
        self.listing_parsed(response.url)
        for relation in relations:
            yield self.relation_item(key, relation)

    def parse_anime(self, response: scrapy.http.Response, key: str, mal_id: int,
                    ) -> Iterable[Any]:
        try:
            status = parse_anime(response.body)
        except JikanError as exc:
            self._fail(response, exc)
            return
        self.listing_parsed(response.url)
        yield self.status_item(key, status)

"""AniList GraphQL: status and relations of each watched title's AniList ids.

One POST per id, at the configured rate (AniList documents 30/min; 429 answers carry
`Retry-After`, honoured by the retry middleware). A SEQUEL edge, or a related anime that is
NOT_YET_RELEASED/RELEASING, is flagged in the signal's payload as `renewal_signal`.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable
from typing import Any

import scrapy

from spiders.base import SourceSpider
from spiders.parsers.anilist import AniListError, is_renewal_signal, media_request_body, parse_media

logger = logging.getLogger(__name__)

JSON_HEADERS = {"Content-Type": "application/json", "Accept": "application/json"}


class AniListSpider(SourceSpider):
    """`scrapy crawl anilist -a source=anilist`"""

    name = "anilist"
    source_type = "anilist"

    def listing_requests(self) -> Iterable[scrapy.Request]:
        for media_id, key in sorted(self.ids("anilist").items()):
            yield self.listing_request(
                self.source.urls[0], self.parse_media, conditional=False, method="POST",
                body=media_request_body(media_id), headers=JSON_HEADERS,
                # AniList answers an unknown id with 404 + a JSON error: let the parser say so.
                meta={"handle_httpstatus_list": [404]},
                cb_kwargs={"key": key, "media_id": media_id})

    def parse_media(self, response: scrapy.http.Response, key: str, media_id: int,
                    ) -> Iterable[Any]:
        try:
            status, relations = parse_media(response.body)
        except AniListError as exc:
            self.listing_unusable(response.url, "api_error",
                                  f"AniList media {media_id}: {exc} (HTTP {response.status})")
            return
        self.listing_parsed(response.url)
        yield self.status_item(key, status)
        for relation in relations:
            yield self.relation_item(key, relation, renewal_signal=is_renewal_signal(relation))

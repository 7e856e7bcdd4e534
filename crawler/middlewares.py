"""Downloader middlewares."""

from __future__ import annotations

import logging

from scrapy import Request, Spider
from scrapy.crawler import Crawler
from scrapy.exceptions import IgnoreRequest

from crawler.urls import is_allowed

log = logging.getLogger(__name__)


class HostGuardMiddleware:
    """Refuse every request (redirects included) outside the spider's ``allowed_hosts``.

    Scrapy's own offsite filter admits subdomains and is bypassed by ``dont_filter``;
    a crawler that was given hosts must never fetch anything else.
    """

    def __init__(self, crawler: Crawler) -> None:
        self.crawler = crawler

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> "HostGuardMiddleware":
        return cls(crawler)

    def process_request(self, request: Request, spider: Spider | None = None) -> None:
        spider = spider or self.crawler.spider
        hosts = getattr(spider, "allowed_hosts", None)
        if hosts is not None and not is_allowed(request.url, hosts):
            self.crawler.stats.inc_value("winnow/offsite_refused")
            raise IgnoreRequest(f"not an allowed host: {request.url}")
        return None

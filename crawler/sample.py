"""The sampling spider of ``winnow sites init`` (outside ``crawler.spiders``, so scrapyd and
``scrapy list`` offer only the one crawling spider): fetches a bounded, polite sample of a site
(robots.txt obeyed, sitemaps read) and records each page's URL and page type; stores nothing."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any
from urllib.parse import urlsplit

from scrapy.http import HtmlResponse, Response

from crawler.sites import SiteConfig
from crawler.spiders.site import SiteSpider
from crawler.urls import host_of, is_ip_literal, registrable_domain
from pipeline.pagetype import classify


class SampleSpider(SiteSpider):
    name = "sample"

    def __init__(self, start_url: str, **kwargs: Any) -> None:
        host = host_of(start_url)
        domain = registrable_domain(host)
        # Subdomains of the start host's domain are sampled too: that is how a farm's cities are found.
        family = () if is_ip_literal(host) or "." not in domain else (domain, f"*.{domain}")
        config = SiteConfig(allowed_hosts=family)
        super().__init__(start_url=start_url, config=config, **kwargs)
        self.samples: list[tuple[str, str]] = []
        self.linked_hosts: set[str] = set()

    def parse(self, response: Response, **kwargs: Any) -> Iterator[Any]:
        if not isinstance(response, HtmlResponse) or response.status >= 400:
            return
        self.samples.append((response.url, classify(response.url, response.selector.root).kind))
        for href in response.css("a::attr(href)").getall():
            self.linked_hosts.add((urlsplit(response.urljoin(href.strip())).hostname or "").lower())
        yield from self.follow_links(response)

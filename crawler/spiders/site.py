"""The one generic spider: follows same-host links, list pages and sitemaps; yields pages."""

from __future__ import annotations

from typing import Any, AsyncIterator, Iterator
from urllib.parse import urlsplit, urlunsplit

import scrapy
from scrapy.http import HtmlResponse, Response, TextResponse
from scrapy.spidermiddlewares.httperror import HttpError
from scrapy.utils.sitemap import Sitemap
from twisted.python.failure import Failure

from crawler.items import PageItem
from crawler.sites import SiteConfig, load_site, run_key
from crawler.urls import canonical_url, host_of, is_allowed

SKIP_EXTENSIONS = (".jpg", ".jpeg", ".png", ".gif", ".webp", ".css", ".js", ".ico", ".zip", ".mp4", ".mp3")


class SiteSpider(scrapy.Spider):
    name = "site"

    def __init__(
        self,
        start_url: str | list[str] | None = None,
        site: str | None = None,
        **kwargs: Any,
    ) -> None:
        super().__init__(**kwargs)
        self.config = load_site(site) if site else SiteConfig()
        given = [start_url] if isinstance(start_url, str) else list(start_url or [])
        given = [u for part in given for u in part.split(",") if u]  # -a start_url=a,b
        self.start_urls_all = [canonical_url(u) for u in (*self.config.start_urls, *given)]
        if not self.start_urls_all:
            raise ValueError("no start URL: pass -a start_url=URL or -a site=NAME")
        self.allowed_hosts = {host_of(u) for u in self.start_urls_all} | set(self.config.allowed_hosts)
        self.run_key = run_key(site, given)
        self.resume_urls: set[str] = set()  # filled by the store pipeline after a killed run

    async def start(self) -> AsyncIterator[Any]:
        for url in self.start_urls_all:
            yield self.page_request(url)
        for root in sorted({self.root_of(u) for u in self.start_urls_all}):
            yield scrapy.Request(root + "/sitemap.xml", callback=self.parse_sitemap, errback=self.ignore)

    @staticmethod
    def root_of(url: str) -> str:
        parts = urlsplit(url)
        return urlunsplit((parts.scheme, parts.netloc, "", "", ""))

    def page_request(self, url: str) -> scrapy.Request:
        return scrapy.Request(url, callback=self.parse, errback=self.failed)

    def parse(self, response: Response, **kwargs: Any) -> Iterator[Any]:
        is_html = isinstance(response, HtmlResponse)
        # Non-HTML responses are stored too, so the pipeline records them as skipped.
        if not is_html or self.config.kind_of(urlsplit(response.url).path) != "list":
            yield self.item(response)
        if is_html:
            yield from self.follow_links(response)

    def item(self, response: Response) -> PageItem:
        headers = {k.decode("latin-1"): b", ".join(v).decode("latin-1") for k, v in response.headers.items()}
        return PageItem(url=self.document_url(response), status=response.status, headers=headers, body=response.body)

    def document_url(self, response: Response) -> str:
        """One document per canonical URL: a same-host ``<link rel=canonical>`` wins."""
        if isinstance(response, HtmlResponse):
            href = response.css('link[rel="canonical"]::attr(href)').get()
            if href:
                url = response.urljoin(href.strip())
                if is_allowed(url, self.allowed_hosts):
                    return canonical_url(url)
        return canonical_url(response.url)

    def follow_links(self, response: TextResponse) -> Iterator[scrapy.Request]:
        for href in response.css("a::attr(href), link[rel=next]::attr(href)").getall():
            url = self.to_follow(response.urljoin(href.strip()))
            if url:
                yield self.page_request(url)

    def to_follow(self, url: str) -> str | None:
        if not is_allowed(url, self.allowed_hosts):
            return None
        url = canonical_url(url)
        if urlsplit(url).path.lower().endswith(SKIP_EXTENSIONS):
            return None
        return url

    def parse_sitemap(self, response: Response) -> Iterator[scrapy.Request]:
        try:
            sitemap = Sitemap(response.body)
        except Exception:  # a broken sitemap is not fatal: links still get followed
            self.logger.warning("unreadable sitemap %s", response.url)
            return
        for entry in sitemap:
            url = self.to_follow(entry.get("loc", ""))
            if not url:
                continue
            if sitemap.type == "sitemapindex":
                yield scrapy.Request(url, callback=self.parse_sitemap, errback=self.ignore)
            else:
                yield self.page_request(url)

    def failed(self, failure: Failure) -> Iterator[PageItem]:
        """Record a failed fetch as a page with an error, so it shows up in the run's documents."""
        request = failure.request  # type: ignore[attr-defined]
        url = canonical_url(request.meta.get("redirect_urls", [request.url])[0])  # the URL we asked for
        if failure.check(HttpError):
            response = failure.value.response
            yield PageItem(url=url, status=response.status, error=f"http {response.status}")
            return
        if failure.check(scrapy.exceptions.IgnoreRequest) and _refused_on_purpose(failure):
            return  # robots.txt or host guard: never fetched, nothing to record
        reason = f"{failure.type.__name__}: {failure.getErrorMessage()}"[:500]
        yield PageItem(url=url, status=0, error=reason)

    def ignore(self, failure: Failure) -> None:
        self.logger.debug("optional request failed: %s", failure.getErrorMessage())


def _refused_on_purpose(failure: Failure) -> bool:
    """IgnoreRequest means "not allowed" (robots.txt, host guard) but also "gave up"
    (redirect loops, decompression bombs): only the latter are recorded as failed fetches."""
    message = failure.getErrorMessage().lower()
    return "robots.txt" in message or "not an allowed host" in message or "offsite" in message

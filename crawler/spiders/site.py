"""The one generic spider: follows same-host links, list pages and sitemaps; yields pages."""

from __future__ import annotations

from collections.abc import AsyncIterator, Iterator
from datetime import UTC, datetime
from typing import Any
from urllib.parse import urlsplit, urlunsplit

import scrapy
from scrapy import signals
from scrapy.http import HtmlResponse, Response, TextResponse
from scrapy.spidermiddlewares.httperror import HttpError
from scrapy.utils.sitemap import Sitemap
from twisted.python.failure import Failure

from crawler.canonical import SHARED_REASON, CanonicalCheck, page_identity
from crawler.items import CLASSIFY, FETCHED_URL_HEADER, RETRACT_HEADER, WARNING_HEADER, PageItem
from crawler.sitemaps import SitemapBudget, parse_lastmod, robots_sitemaps
from crawler.sites import SiteConfig, load_site, load_site_file, run_key
from crawler.urls import canonical_url, host_of, is_allowed
from pipeline.dates import FETCHED_AT_HEADER
from pipeline.pagetype import LIST

SKIP_EXTENSIONS = (".jpg", ".jpeg", ".png", ".gif", ".webp", ".css", ".js", ".ico", ".zip", ".mp4", ".mp3")


class SiteSpider(scrapy.Spider):
    name = "site"

    def __init__(
        self,
        start_url: str | list[str] | None = None,
        site: str | None = None,
        site_file: str | None = None,
        allow_host: str | list[str] | None = None,
        config: SiteConfig | dict[str, Any] | None = None,
        **kwargs: Any,
    ) -> None:
        """``site``: a site name (sites directory); ``site_file``: a site file's path; ``config``:
        an already resolved site (``winnow crawl`` and distributed workers pass this);
        ``allow_host``: more hosts or ``*.domain`` patterns (a list, or comma-separated)."""
        super().__init__(**kwargs)
        self.config = _config(site, site_file, config).with_hosts(_listed(allow_host))
        given = _listed(start_url)
        self.start_urls_all = [canonical_url(u) for u in (*self.config.start_urls, *given)]
        if not self.start_urls_all:
            raise ValueError("no start URL: pass -a start_url=URL or -a site=NAME")
        self.allowed_hosts = {host_of(u) for u in self.start_urls_all} | set(self.config.allowed_hosts)
        extra = () if self.config.name else self.config.allowed_hosts
        self.run_key = run_key(self.config.name or None, given, extra)
        self.resume_urls: set[str] = set()  # filled by the store pipeline after a killed run
        self.canonicals = CanonicalCheck()
        self.sitemaps = SitemapBudget()
        self.lastmod: dict[str, datetime] = {}  # URL -> <lastmod> of the sitemap that listed it

    @classmethod
    def from_crawler(cls, crawler: Any, *args: Any, **kwargs: Any) -> SiteSpider:
        spider = super().from_crawler(crawler, *args, **kwargs)
        spider.sitemaps = SitemapBudget.from_settings(crawler.settings)
        crawler.signals.connect(spider.robots_parsed, signal=signals.robots_parsed)
        return spider

    async def start(self) -> AsyncIterator[Any]:
        for url in self.start_urls_all:
            yield self.page_request(url)
        for root in sorted({self.root_of(u) for u in self.start_urls_all}):
            yield self.sitemap_request(root + "/sitemap.xml")

    @staticmethod
    def root_of(url: str) -> str:
        parts = urlsplit(url)
        return urlunsplit((parts.scheme, parts.netloc, "", "", ""))

    def page_request(self, url: str, **meta: Any) -> scrapy.Request:
        return scrapy.Request(url, callback=self.parse, errback=self.failed, meta=meta)

    def sitemap_request(self, url: str, depth: int = 0) -> scrapy.Request:
        return scrapy.Request(
            url, callback=self.parse_sitemap, errback=self.ignore, meta={"winnow_sitemap_depth": depth}
        )

    # -- pages ----------------------------------------------------------------------------

    def parse(self, response: Response, **kwargs: Any) -> Iterator[Any]:
        is_html = isinstance(response, HtmlResponse)
        # Non-HTML responses are stored too, so the pipeline records them as skipped.
        kind = self.config.kind_of(urlsplit(response.url).path) if is_html else "article"
        if kind == LIST:
            yield self.item(response, kind=LIST)  # recorded as such in the fetch log; never a document
        else:
            # No pattern: the store worker classifies the page (pipeline.pagetype), off the reactor.
            yield from self.page_items(response, "page" if kind == "article" else CLASSIFY)
        if is_html:
            yield from self.follow_links(response)

    def page_items(self, response: Response, kind: str = "page") -> Iterator[Any]:
        fetched = canonical_url(response.url)
        url, warning, redo = self.document_url(response)
        headers: dict[str, str] = {}
        if url != fetched:
            headers[FETCHED_URL_HEADER] = fetched
        if warning:
            headers[WARNING_HEADER] = warning
        retract = response.meta.get("winnow_retract")
        if retract:
            headers[RETRACT_HEADER] = retract
        yield self.item(response, url=url, kind=kind, extra=headers)
        if redo:  # an earlier page was stored under a canonical URL now known to be shared
            first, target = redo
            self.crawler.stats.inc_value("winnow/canonical_refetched")
            request = self.page_request(first, winnow_canonical_off=target, winnow_retract=target)
            yield request.replace(dont_filter=True)

    def item(
        self, response: Response, url: str | None = None, kind: str = "page", extra: dict[str, str] | None = None
    ) -> PageItem:
        headers = {k.decode("latin-1"): b", ".join(v).decode("latin-1") for k, v in response.headers.items()}
        headers.update(extra or {})
        if not any(key.lower() == "date" for key in headers):
            # relative bylines ("昨天 14:20", "3天前") are read against the fetch time (pipeline.dates)
            headers[FETCHED_AT_HEADER] = datetime.now(UTC).isoformat(timespec="seconds")
        return PageItem(
            url=url or canonical_url(response.url),
            status=response.status,
            headers=headers,
            body=response.body,
            kind=kind,
        )

    def document_url(self, response: Response) -> tuple[str, str, tuple[str, str] | None]:
        """(URL naming the document, warning, page to fetch again). A ``<link rel=canonical>``
        names the document only when it is consistent (see ``CanonicalCheck``); otherwise the
        fetched URL does and the warning says why."""
        fetched = canonical_url(response.url)
        if not isinstance(response, HtmlResponse):
            return fetched, "", None
        href = response.css('link[rel="canonical"]::attr(href)').get()
        target = canonical_url(response.urljoin(href.strip())) if href and href.strip() else fetched
        identity = page_identity(response)
        if response.meta.get("winnow_canonical_off") == target:
            return fetched, f"rel=canonical {target} ignored: {SHARED_REASON}", None
        if target != fetched and not is_allowed(target, self.allowed_hosts):
            return fetched, f"rel=canonical {target} ignored: outside the crawl's hosts", None
        return self.canonicals.check(fetched, target, identity)

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

    # -- sitemaps -------------------------------------------------------------------------

    def robots_parsed(self, robotparser: Any, request: scrapy.Request) -> None:
        """robots.txt of a host was read: queue the sitemaps its ``Sitemap:`` lines name."""
        for url in robots_sitemaps(robotparser):
            url = self.to_follow(url)
            if url and self.crawler.engine is not None:
                self.crawler.stats.inc_value("winnow/sitemap_from_robots")
                self.crawler.engine.crawl(self.sitemap_request(url))

    def parse_sitemap(self, response: Response) -> Iterator[scrapy.Request]:
        body, problem = self.sitemaps.body(response.body)
        if problem:
            self.logger.warning("sitemap %s skipped: %s", response.url, problem)
            self.crawler.stats.inc_value("winnow/sitemap_skipped")
            return
        try:
            sitemap = Sitemap(body)
        except Exception:  # a broken sitemap is not fatal: links still get followed
            self.logger.warning("unreadable sitemap %s", response.url)
            self.crawler.stats.inc_value("winnow/sitemap_skipped")
            return
        depth = response.meta.get("winnow_sitemap_depth", 0)
        for entry in self.sitemaps.entries(sitemap, response.url):
            url = self.to_follow(entry.get("loc", ""))
            if not url:
                continue
            if sitemap.type == "sitemapindex":
                if depth < self.sitemaps.max_depth:
                    yield self.sitemap_request(url, depth + 1)
            else:
                self.remember_lastmod(url, entry.get("lastmod", ""))
                yield self.page_request(url)

    def remember_lastmod(self, url: str, lastmod: str) -> None:
        when = parse_lastmod(lastmod)
        if when is not None:
            self.lastmod[url] = when

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


def _config(site: str | None, site_file: str | None, config: SiteConfig | dict[str, Any] | None) -> SiteConfig:
    if isinstance(config, dict):
        return SiteConfig.from_dict(config)
    if config is not None:
        return config
    if site_file:
        return load_site_file(site_file)
    return load_site(site) if site else SiteConfig()


def _listed(value: str | list[str] | tuple[str, ...] | None) -> list[str]:
    """Values given as a list, or comma-separated (``-a start_url=a,b``)."""
    given = [value] if isinstance(value, str) else list(value or [])
    return [v.strip() for part in given for v in part.split(",") if v.strip()]

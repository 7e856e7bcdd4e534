"""The one generic spider: follows same-host links, list pages and sitemaps; yields pages."""

from __future__ import annotations

import re
from collections.abc import AsyncIterator, Iterator
from dataclasses import replace
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
from pipeline.pagetype import ARTICLE, LIST, url_hint
from pipeline.pagetype import classify as classify_page
from pipeline.parts import MAX_PARTS, PARTS_HEADER, article_page, join_bodies, split_body
from pipeline.softerror import REDIRECTED_TO_HEADER, is_login_path

# A pager's "next page" link: rel=next, a text starting 下一页 / 下页 / 后页 / Next, a bare arrow, or
# the next page's number ($n). Candidates only: SiteSpider.next_part keeps the one whose URL is
# this article's next page (so "Next article »" is not taken for one).
# The bytes any such pager holds (UTF-8, GBK or an entity), looked for before walking the tree.
PAGER_WORDS = re.compile(
    b"|".join(
        re.escape(word.encode(encoding))
        for encoding in ("utf-8", "gb18030")
        for word in ("下一页", "下页", "后页", "下一頁")
    )
    # case by hand: an IGNORECASE search of a 10 kB page costs three times as long
    # "next" only as rel=next or a link text's start: ``class="prenext"`` (上一篇/下一篇 bars) is no pager
    + rb"|rel=.?next|>\s*(?:[Nn]ext|NEXT)|&raquo;|&rsaquo;|&#187;|\xc2\xbb|\xe2\x80\xba",
)
_TEXT = "normalize-space(.)"
_LOWER = f"translate({_TEXT}, 'ABCDEFGHIJKLMNOPQRSTUVWXYZ', 'abcdefghijklmnopqrstuvwxyz')"
NEXT_XPATH = (
    "//link[@rel='next']/@href | //a[@rel='next']/@href | //a[@href]["
    + " or ".join(f"starts-with({_TEXT}, '{w}')" for w in ("下一页", "下页", "下一頁", "后页"))
    + f" or starts-with({_LOWER}, 'next') or {_TEXT} = $n"
    + "".join(f" or {_TEXT} = '{w}'" for w in ("›", "»", ">", ">>", "»»"))
    + "]/@href"
)
PART = "part"  # PageItem.kind of page 2+ of an article reached on its own: logged, stored joined to page 1
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
        # URL -> fetch time of the stored copy answered instead of a request (re-crawl not due yet)
        self.served_from_store: dict[str, datetime] = {}
        # host -> (probe URL, response) of its random unknown URL (crawler.middlewares.NotFoundProbeMiddleware)
        self.not_found_probes: dict[str, tuple[str, Response]] = {}

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
        landed = self.error_redirect(response)
        if landed:  # an article that now redirects to a login or front page: judged under its own URL
            asked = canonical_url(response.meta["redirect_urls"][0])
            yield self.item(response, url=asked, kind=CLASSIFY, extra={REDIRECTED_TO_HEADER: landed})
            return
        html = response if isinstance(response, HtmlResponse) else None
        # Non-HTML responses are stored too, so the pipeline records them as skipped.
        kind = self.config.kind_of(urlsplit(response.url).path) if html is not None else "article"
        parts: set[str] = set()
        if kind == LIST:
            yield self.item(response, kind=LIST)  # recorded as such in the fetch log; never a document
        elif html is not None and self.is_later_part(html):
            # page 2+ of an article, reached on its own: it is stored joined to its first page
            yield self.item(response, kind=PART)
            yield self.page_request(article_page(canonical_url(response.url))[0])
        else:
            # No pattern: the store worker classifies the page (pipeline.pagetype), off the reactor.
            items = list(self.page_items(response, "page" if kind == "article" else CLASSIFY))
            following = self.next_part(html) if html is not None and items else ""
            if following and html is not None and self.is_article(html, kind):
                first = items[0]
                first.body = split_body(first.body)[0]  # a joined body answered from the store
                parts = {following}
                yield self.part_request(following, first, [canonical_url(response.url)], [first.body])
                yield from items[1:]
            else:
                yield from items
        if html is not None:
            yield from self.follow_links(html, skip=parts)

    # -- articles over several pages (pipeline.parts) -------------------------------------

    def next_part(self, response: TextResponse) -> str:
        """The URL of the next page of this same article, or "": a ``rel=next``, "下一页" / "Next"
        or page-number link whose URL is this page's with the next page number (``_2.html``,
        ``/page/2/``, ``?page=2``)."""
        if not PAGER_WORDS.search(response.body):  # most pages: no pager at all, no tree walk
            return ""
        here = canonical_url(response.url)
        first, number = article_page(here)
        # one XPath, in lxml's C code (see NEXT_XPATH)
        hrefs = response.xpath(NEXT_XPATH, n=str(number + 1)).getall()
        for href in hrefs:
            url = self.to_follow(response.urljoin(href.strip()))
            if url and url != here and article_page(url) == (first, number + 1):
                return url
        return ""

    def is_later_part(self, response: TextResponse) -> bool:
        """Is this page 2+ of an article (its URL numbered, a pager link back to page 1 or to
        the page before)? Not when it came as a part of a chain (``parse_part``)."""
        first, number = article_page(canonical_url(response.url))
        if number < 2:
            return False
        for anchor in response.css("a[href], link[rel=prev]"):
            url = self.to_follow(response.urljoin((anchor.attrib.get("href") or "").strip()))
            if url and (url == first or article_page(url) == (first, number - 1)):
                return True
        return False

    def is_article(self, response: TextResponse, kind: str) -> bool:
        """A list's pager is not an article's: only an article's pages are joined (site
        patterns say so, or the URL shape, or the page's own evidence; pipeline.pagetype)."""
        url = canonical_url(response.url)
        if kind == "article" or url_hint(url) == ARTICLE:
            return True
        # a URL that looks like a list may be a post (``/2024/post/`` ends in "/"): the page decides
        return classify_page(url, response.selector.root).kind == ARTICLE

    def part_request(self, url: str, first: PageItem, urls: list[str], bodies: list[bytes]) -> scrapy.Request:
        self.crawler.stats.inc_value("winnow/article_parts_requested")
        meta = {"winnow_article": {"item": first, "urls": urls, "bodies": bodies}, "winnow_fresh": True}
        return scrapy.Request(url, callback=self.parse_part, errback=self.part_failed, meta=meta, dont_filter=True)

    def parse_part(self, response: Response) -> Iterator[Any]:
        state = response.meta["winnow_article"]
        urls = [*state["urls"], canonical_url(response.url)]
        bodies = [*state["bodies"], response.body]
        following = self.next_part(response) if isinstance(response, HtmlResponse) else ""
        if following and following not in urls and len(urls) < MAX_PARTS:
            yield self.part_request(following, state["item"], urls, bodies)
        else:
            yield self.joined(state["item"], urls, bodies)
        if isinstance(response, HtmlResponse):
            yield from self.follow_links(response, skip={*urls, following})

    def part_failed(self, failure: Failure) -> Iterator[PageItem]:
        """A later page could not be fetched: the pages fetched so far are stored, with a warning."""
        state = failure.request.meta["winnow_article"]  # type: ignore[attr-defined]
        url = failure.request.url  # type: ignore[attr-defined]
        item = self.joined(state["item"], state["urls"], state["bodies"])
        item.headers[WARNING_HEADER] = f"article page {url} not fetched: {failure.getErrorMessage()[:200]}"
        yield item

    @staticmethod
    def joined(first: PageItem, urls: list[str], bodies: list[bytes]) -> PageItem:
        if len(urls) < 2:
            return first
        headers = {**first.headers, PARTS_HEADER: " ".join(urls)}
        return replace(first, body=join_bodies(bodies), headers=headers)

    def error_redirect(self, response: Response) -> str:
        """The URL a redirect ended at when that is where error pages live (a login path, the
        front page, where the host sends unknown URLs); "" otherwise (a page that moved)."""
        asked = response.meta.get("redirect_urls")
        if not asked:
            return ""
        first, landed = canonical_url(asked[0]), canonical_url(response.url)
        if first == landed:
            return ""
        probe = self.not_found_probes.get(urlsplit(first).netloc.lower())
        sent_unknown_to = canonical_url(probe[1].url) if probe and probe[1].meta.get("redirect_urls") else ""
        front = urlsplit(landed).path in ("", "/") and not urlsplit(landed).query
        if is_login_path(landed) or (front and urlsplit(first).path not in ("", "/")) or landed == sent_unknown_to:
            return landed
        return ""

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

    def follow_links(
        self, response: TextResponse, skip: set[str] | frozenset[str] = frozenset()
    ) -> Iterator[scrapy.Request]:
        """Requests for the page's links (``skip``: pages of the same article, fetched as parts)."""
        for href in response.css("a::attr(href), link[rel=next]::attr(href)").getall():
            url = self.to_follow(response.urljoin(href.strip()))
            if url and url not in skip:
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
        for listed in robots_sitemaps(robotparser):
            url = self.to_follow(listed)
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
                if self.changed_since_served(url):  # answered from the store before this sitemap came
                    self.crawler.stats.inc_value("winnow/recrawl_by_lastmod")
                    yield self.page_request(url, winnow_due=True).replace(dont_filter=True)

    def remember_lastmod(self, url: str, lastmod: str) -> None:
        when = parse_lastmod(lastmod)
        if when is not None:
            self.lastmod[url] = when

    def changed_since_served(self, url: str) -> bool:
        """Was ``url`` answered from the store in this run although its ``<lastmod>`` (known
        only now) is newer than that copy? Then it is requested after all."""
        served = self.served_from_store.pop(url, None)
        lastmod = self.lastmod.get(url)
        return served is not None and lastmod is not None and lastmod > served

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

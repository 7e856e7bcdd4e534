"""Downloader middlewares."""

from __future__ import annotations

import asyncio
import io
import logging
from datetime import UTC
from typing import Any

from scrapy import Request, Spider, signals
from scrapy.crawler import Crawler
from scrapy.downloadermiddlewares.redirect import RedirectMiddleware
from scrapy.downloadermiddlewares.retry import RetryMiddleware
from scrapy.downloadermiddlewares.robotstxt import RobotsTxtMiddleware as _RobotsTxtMiddleware
from scrapy.exceptions import IgnoreRequest, NotConfigured
from scrapy.http import Response

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
    def from_crawler(cls, crawler: Crawler) -> HostGuardMiddleware:
        return cls(crawler)

    def process_request(self, request: Request, spider: Spider | None = None) -> None:
        spider = spider or self.crawler.spider
        hosts = getattr(spider, "allowed_hosts", None)
        if hosts is not None and not is_allowed(request.url, hosts):
            self.crawler.stats.inc_value("winnow/offsite_refused")
            raise IgnoreRequest(f"not an allowed host: {request.url}")
        return None


class StoredPagesMiddleware:
    """Uses what the database already holds for a URL.

    - After a killed run, pages it fetched are served from the store (``spider.resume_urls``),
      so the resumed crawl follows their links without fetching them again.
    - A page a sitemap lists with a ``<lastmod>`` no later than our stored fetch of it is served
      from the store too (the sitemap says it has not changed since): no request at all.
    - Otherwise requests are conditional (If-None-Match / If-Modified-Since from the stored
      response); a 304 is answered with the stored body, which the store pipeline then sees
      as unchanged and does not reprocess.
    """

    def __init__(self, crawler: Crawler) -> None:
        from storage.db import open_db

        self.crawler = crawler
        self.sessions = open_db(crawler.settings.get("WINNOW_DB"))

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> StoredPagesMiddleware:
        return cls(crawler)

    def _stored(self, url: str):  # type: ignore[no-untyped-def]
        from sqlalchemy.exc import DBAPIError

        from storage.repository import stored_page

        try:
            with self.sessions() as session:
                return stored_page(session, url)
        except DBAPIError as exc:  # database briefly unreachable: fetch normally, unconditionally
            log.warning("stored page lookup failed for %s: %s", url, str(exc.orig).strip()[:200])
            return None

    def process_request(self, request: Request, spider: Spider | None = None) -> Response | None:
        if (
            request.meta.get("winnow_fresh")
            or "winnow_sitemap_depth" in request.meta
            or request.url.endswith(("/robots.txt", "/sitemap.xml"))
        ):
            return None
        spider = spider or self.crawler.spider
        stored = self._stored(request.url)
        if stored is None:
            return None
        if request.url in getattr(spider, "resume_urls", ()):
            self.crawler.stats.inc_value("winnow/resumed")
            return self._response(request, stored, "resumed")
        if _unchanged_since(getattr(spider, "lastmod", {}).get(request.url), stored.fetched_at):
            self.crawler.stats.inc_value("winnow/sitemap_unchanged")
            return self._response(request, stored, "not_modified")
        headers = {k.lower(): v for k, v in stored.headers.items()}
        if "etag" in headers:
            request.headers.setdefault("If-None-Match", headers["etag"])
        if "last-modified" in headers:
            request.headers.setdefault("If-Modified-Since", headers["last-modified"])
        return None

    def process_response(self, request: Request, response: Response, spider: Spider | None = None) -> Response:
        if response.status != 304:
            return response
        stored = self._stored(request.url)
        if stored is None:  # a 304 we did not ask for: fetch it for real
            return request.replace(dont_filter=True, meta={**request.meta, "winnow_fresh": True})
        self.crawler.stats.inc_value("winnow/not_modified")
        return self._response(request, stored, "not_modified")

    @staticmethod
    def _response(request: Request, stored, flag: str) -> Response:  # type: ignore[no-untyped-def]
        from scrapy.http import HtmlResponse

        headers = {k: v for k, v in stored.headers.items() if not k.lower().startswith("x-winnow")}
        return HtmlResponse(
            url=request.url,
            status=stored.status_code,
            headers=headers,
            body=stored.body,
            request=request,
            flags=[f"winnow:{flag}"],
        )


def _unchanged_since(lastmod: Any, fetched_at: Any) -> bool:
    """Did our stored fetch happen at or after the sitemap's ``<lastmod>``?"""
    if lastmod is None or fetched_at is None:
        return False

    if fetched_at.tzinfo is None:  # SQLite returns the stored UTC time without its zone
        fetched_at = fetched_at.replace(tzinfo=UTC)
    return bool(fetched_at >= lastmod)


class LoopSafeRedirectMiddleware(RedirectMiddleware):
    """Redirect hops bypass the duplicate filter, so a redirect loop runs into
    ``REDIRECT_MAX_TIMES`` and is recorded as a failed fetch instead of vanishing silently."""

    def _redirect(self, redirected: Request, request: Request, reason: Any) -> Request:
        redirected = super()._redirect(redirected, request, reason)
        redirected.dont_filter = True  # REDIRECT_MAX_TIMES still bounds the chain
        return redirected


class BackoffRetryMiddleware(RetryMiddleware):
    """Scrapy's retries, but spaced out: exponential backoff, or the server's Retry-After.

    A 429 or 503 means "slow down"; retrying at once only adds load to a struggling site.
    """

    def __init__(self, settings: Any) -> None:
        super().__init__(settings)
        self.base = settings.getfloat("RETRY_BACKOFF_BASE", 1.0)
        self.cap = settings.getfloat("RETRY_BACKOFF_MAX", 60.0)

    def delay_for(self, request: Request, response: Response | None) -> float:
        retry_after = response.headers.get("Retry-After") if response is not None else None
        if retry_after and retry_after.strip().isdigit():
            return min(float(retry_after), self.cap)
        return min(self.base * 2 ** request.meta.get("retry_times", 0), self.cap)

    async def process_response(  # type: ignore[override]
        self, request: Request, response: Response, spider: Spider | None = None
    ) -> Request | Response:
        result = super().process_response(request, response)
        if isinstance(result, Request):
            await asyncio.sleep(self.delay_for(request, response))
        return result


class WarcMiddleware:
    """Writes every fetched response (as received, before decompression) to a WARC file.

    Enabled by the ``WINNOW_WARC`` setting (a path; ``.gz`` gives per-record gzip), which
    ``winnow crawl --warc FILE`` sets. Pages answered from the store are not re-archived.
    """

    def __init__(self, crawler: Crawler, path: str) -> None:
        from warcio.warcwriter import WARCWriter

        self.stream = open(path, "ab")
        self.writer = WARCWriter(self.stream, gzip=path.endswith(".gz"))
        crawler.signals.connect(self.close, signal=signals.spider_closed)

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> WarcMiddleware:
        path = crawler.settings.get("WINNOW_WARC")
        if not path:
            # Off unless asked for: a bare NotConfigured (Scrapy logs one with a message as a WARNING).
            raise NotConfigured
        return cls(crawler, path)

    def process_response(self, request: Request, response: Response, spider: Spider | None = None) -> Response:
        if not any(flag.startswith("winnow:") for flag in response.flags):
            self.write(response)
        return response

    def write(self, response: Response) -> None:
        from warcio.statusandheaders import StatusAndHeaders

        headers = [(k.decode("latin-1"), v.decode("latin-1")) for k, values in response.headers.items() for v in values]
        http_headers = StatusAndHeaders(f"{response.status} {_reason(response.status)}", headers, protocol="HTTP/1.1")
        record = self.writer.create_warc_record(
            response.url, "response", payload=io.BytesIO(response.body), http_headers=http_headers
        )
        self.writer.write_record(record)

    def close(self) -> None:
        self.stream.close()


def _reason(status: int) -> str:
    from http import HTTPStatus

    try:
        return HTTPStatus(status).phrase
    except ValueError:
        return "Unknown"


class RobotsTxtMiddleware(_RobotsTxtMiddleware):
    """Scrapy 2.19's robots.txt middleware, with every waiter getting the parser, and with
    robots.txt ``Crawl-delay`` honoured.

    robots.txt is read per host (per ``host:port``, as Scrapy keys it), so every subdomain of a
    farm gets its own rules. **Crawl-delay** (Scrapy does not apply it: scrapy/scrapy#892): requests
    to a host whose robots.txt asks for one are spaced at least that many seconds apart: the
    host's download slot gets that delay as its minimum (Scrapy then spaces the sends), and the
    middleware itself spaces requests as they leave it, so a slot delay lowered by AutoThrottle
    cannot undo it. The effective gap is the larger of Crawl-delay and our ``DOWNLOAD_DELAY``. Values above ``WINNOW_CRAWL_DELAY_MAX`` (60 s) are capped, with
    a warning: a robots.txt must not be able to stall a crawl for days.

    Requests that arrive while robots.txt is being fetched all wait on one Deferred through
    ``maybe_deferred_to_future``, which *consumes* its result (Twisted's ``asFuture``): the first
    waiter gets the parser, every later one gets ``None`` and is let through unchecked. A worker
    that starts with a full shared queue has ~16 such requests at once, and fetched a page under
    a ``Disallow:`` line in 1 of 2 runs. Each waiter here gets its own Deferred instead.
    """

    def __init__(self, crawler: Crawler) -> None:
        super().__init__(crawler)
        self.max_delay = crawler.settings.getfloat("WINNOW_CRAWL_DELAY_MAX", 60.0)
        self._next_at: dict[str, float] = {}  # host:port -> earliest time the next request may leave

    async def process_request(self, request: Request, spider: Spider | None = None) -> None:  # type: ignore[override]
        await super().process_request(request)
        if request.meta.get("dont_obey_robotstxt"):
            return
        from scrapy.utils.httpobj import urlparse_cached

        netloc = urlparse_cached(request).netloc
        delay = self.crawl_delay(self._parsers.get(netloc), request)
        if delay > 0:
            self._slow_slot(request, delay)
            await self._pace(netloc, delay)

    def _slow_slot(self, request: Request, delay: float) -> None:
        """Scrapy's per-host download slot spaces the actual sends: its delay becomes at least
        ``delay``, not randomised (re-applied per request: AutoThrottle may have lowered it)."""
        engine = self.crawler.engine
        downloader = getattr(engine, "downloader", None)
        if downloader is None:
            return
        slot = downloader.slots.get(downloader.get_slot_key(request))
        if slot is None and hasattr(downloader, "_get_slot"):
            # the host's first requests: without a slot now, Scrapy would make one with our default
            # delay, and two of them queued behind the global concurrency could leave together
            _, slot = downloader._get_slot(request)
        if slot is not None and (slot.delay < delay or getattr(slot, "jitter", 0)):
            slot.delay = max(slot.delay, delay)
            slot.jitter = 0  # Scrapy 2.19: the ±share of random delay (RANDOMIZE_DOWNLOAD_DELAY)

    def crawl_delay(self, parser: Any, request: Request) -> float:
        """Seconds robots.txt asks between requests for our user agent (0: no such line)."""
        if parser is None or not hasattr(parser, "crawl_delay"):
            return 0.0
        agent = self._robotstxt_useragent or request.headers.get(b"User-Agent", self._default_useragent)
        try:
            delay = float(parser.crawl_delay(agent) or 0.0)
        except (TypeError, ValueError):
            return 0.0
        if delay > self.max_delay:
            log.warning("robots.txt Crawl-delay %.0f s for %s capped at %.0f s", delay, request.url, self.max_delay)
            delay = self.max_delay
        return delay

    async def _pace(self, netloc: str, delay: float) -> None:
        """Reserve the next free time for ``netloc`` and wait for it (reservations keep concurrent
        requests to one host apart, each by ``delay``)."""
        loop = asyncio.get_running_loop()
        now = loop.time()
        at = max(now, self._next_at.get(netloc, 0.0))
        self._next_at[netloc] = at + delay
        self.crawler.stats.inc_value("winnow/crawl_delay_waits")
        if at > now:
            await asyncio.sleep(at - now)

    async def robot_parser(self, request: Request) -> Any:
        from scrapy.utils.defer import maybe_deferred_to_future
        from scrapy.utils.httpobj import urlparse_cached
        from twisted.internet.defer import Deferred

        pending = self._parsers.get(urlparse_cached(request).netloc)
        if not isinstance(pending, Deferred):
            return await super().robot_parser(request)
        mine: Deferred[Any] = Deferred()

        def relay(result: Any) -> Any:
            mine.callback(result)
            return result  # leave the result for the next waiter

        pending.addBoth(relay)
        return await maybe_deferred_to_future(mine)

"""Downloader middlewares."""

from __future__ import annotations

import asyncio
import io
import logging
from datetime import UTC, datetime
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
    - Re-crawl policy: a stored page is requested again when any of its signals says so - its
      age has reached the site's re-crawl interval (``WINNOW_RECRAWL_SECONDS``, default 0: every
      run), or a sitemap's ``<lastmod>`` is newer than our fetch. A frozen or missing
      ``<lastmod>`` never stops a request (sitemaps that never change their dates are common).
      A page not due yet is answered from the store; if a sitemap read later in the run says it
      changed, the spider asks again (``winnow_due``), so the decision does not depend on
      whether the sitemap or the links came first.
    - Requests are conditional (If-None-Match / If-Modified-Since from the stored response);
      a 304 is answered with the stored body, which the store pipeline then sees as unchanged
      and does not reprocess.
    """

    def __init__(self, crawler: Crawler) -> None:
        from storage.db import open_db

        self.crawler = crawler
        self.sessions = open_db(crawler.settings.get("WINNOW_DB"))
        self.interval = crawler.settings.getfloat("WINNOW_RECRAWL_SECONDS", 0.0)

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> StoredPagesMiddleware:
        return cls(crawler)

    def _stored(self, url: str):
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
        lastmod = getattr(spider, "lastmod", {}).get(request.url)
        if not request.meta.get("winnow_due") and not _due(stored.fetched_at, lastmod, self.interval):
            self.crawler.stats.inc_value("winnow/recrawl_not_due")
            served = getattr(spider, "served_from_store", None)
            if served is not None:
                served[request.url] = _aware(stored.fetched_at)
            return self._response(request, stored, "not_due")
        headers = {k.lower(): v for k, v in stored.headers.items()}
        if "etag" in headers:
            request.headers.setdefault("If-None-Match", headers["etag"])
        if "last-modified" in headers:
            request.headers.setdefault("If-Modified-Since", headers["last-modified"])
        return None

    def process_response(
        self, request: Request, response: Response, spider: Spider | None = None
    ) -> Request | Response:
        if response.status != 304:
            return response
        stored = self._stored(request.url)
        if stored is None:  # a 304 we did not ask for: fetch it for real
            return request.replace(dont_filter=True, meta={**request.meta, "winnow_fresh": True})
        self.crawler.stats.inc_value("winnow/not_modified")
        return self._response(request, stored, "not_modified")

    @staticmethod
    def _response(request: Request, stored, flag: str) -> Response:
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


def _due(fetched_at: Any, lastmod: datetime | None, interval: float) -> bool:
    """Is a stored page to be requested again? Yes when its age reached ``interval`` seconds
    (0: always), or when ``lastmod`` is newer than our fetch. Only a newer ``lastmod`` counts:
    an old or missing one says nothing (see ``StoredPagesMiddleware``)."""
    fetched_at = _aware(fetched_at)
    if interval <= 0 or fetched_at is None:
        return True
    if lastmod is not None and lastmod > fetched_at:
        return True
    return (datetime.now(UTC) - fetched_at).total_seconds() >= interval


def _aware(when: Any) -> Any:
    if when is not None and when.tzinfo is None:  # SQLite returns the stored UTC time without its zone
        return when.replace(tzinfo=UTC)
    return when


class NotFoundProbeMiddleware:
    """Learns what each host serves for a URL that cannot exist, before any page of it is fetched.

    Crawl-hygiene tools do this to tell soft 404s (a not-found page answered with status 200)
    from content: once per host and run, a random unknown URL next to the first URL asked of the
    host (``/a/1.html`` -> ``/a/winnow-probe-<random>.html``) is fetched, redirects followed.
    The response is kept on the spider (``not_found_probes``, by host) for the store pipeline,
    which hands it to the store worker first, so pages are judged against it
    (``pipeline.softerror``). Requests to the host wait for the probe; the probe obeys
    robots.txt. ``WINNOW_NOT_FOUND_PROBE = False`` turns it off."""

    def __init__(self, crawler: Crawler) -> None:
        self.crawler = crawler
        self._probes: dict[str, asyncio.Future[None]] = {}

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> NotFoundProbeMiddleware:
        if not crawler.settings.getbool("WINNOW_NOT_FOUND_PROBE", True):
            raise NotConfigured
        return cls(crawler)

    async def process_request(self, request: Request, spider: Spider | None = None) -> None:
        from scrapy.utils.httpobj import urlparse_cached

        if request.meta.get("winnow_probe") or "winnow_sitemap_depth" in request.meta:
            return
        parts = urlparse_cached(request)
        if parts.path == "/robots.txt" or parts.scheme not in ("http", "https"):
            return
        host = parts.netloc.lower()
        pending = self._probes.get(host)
        if pending is None:
            pending = self._probes[host] = asyncio.get_running_loop().create_future()
            try:
                await self._probe(request, host)
            finally:
                pending.set_result(None)
        elif not pending.done():
            await asyncio.shield(pending)

    async def _probe(self, request: Request, host: str) -> None:
        from scrapy.http.request import NO_CALLBACK

        url = probe_url(request.url)
        meta = {"winnow_probe": True, "dont_retry": True, "handle_httpstatus_all": True}
        probe = Request(url, meta=meta, callback=NO_CALLBACK, dont_filter=True, priority=1000)
        try:
            response = await self.crawler.engine.download_async(probe)
        except Exception as exc:  # refused by robots.txt, timed out...: pages are judged without it
            log.debug("not-found probe %s failed: %s", url, exc)
            return
        spider = self.crawler.spider
        probes = getattr(spider, "not_found_probes", None)
        if probes is not None:
            probes[host] = (url, response)
        self.crawler.stats.inc_value("winnow/not_found_probes")


def probe_url(url: str) -> str:
    """A URL of the same host, folder and extension as ``url`` that no site has."""
    import secrets
    from urllib.parse import urlsplit, urlunsplit

    parts = urlsplit(url)
    folder, _, leaf = parts.path.rpartition("/")
    ext = leaf[leaf.rfind(".") :] if "." in leaf else ".html"
    name = f"winnow-probe-{secrets.token_hex(6)}{ext if len(ext) <= 6 else '.html'}"
    return urlunsplit((parts.scheme, parts.netloc, f"{folder}/{name}", "", ""))


class GzipBodyMiddleware:
    """Unpacks an HTML body that is gzip data although no ``Content-Encoding`` says so (a stored
    ``.html.gz`` served as is, a cache that forgot the header): Scrapy leaves it packed, and its
    links would not be followed. Bounded by ``DOWNLOAD_MAXSIZE``; a damaged one is left as it is
    (the store records it with error kind ``bad_gzip``)."""

    def __init__(self, crawler: Crawler) -> None:
        self.limit = crawler.settings.getint("DOWNLOAD_MAXSIZE", 10 * 1024 * 1024) or 10 * 1024 * 1024
        self.stats = crawler.stats

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> GzipBodyMiddleware:
        return cls(crawler)

    def process_response(self, request: Request, response: Response, spider: Spider | None = None) -> Response:
        from pipeline.decode import GZIP_MAGIC, gunzip_bounded

        if "winnow_sitemap_depth" in request.meta or not response.body.startswith(GZIP_MAGIC):
            return response
        ctype = (response.headers.get(b"Content-Type") or b"").decode("latin-1").lower()
        if ctype and not ctype.startswith(("text/", "application/xhtml")):
            return response
        try:
            body = gunzip_bounded(response.body, self.limit, complete=True)
        except ValueError:
            return response
        from scrapy.http import HtmlResponse

        self.stats.inc_value("winnow/gzip_body_unpacked")
        headers = response.headers.copy()
        headers[b"X-Winnow-Warning"] = b"gzip-compressed body without Content-Encoding: unpacked"
        return HtmlResponse(
            url=response.url,
            status=response.status,
            headers=headers,
            body=body,
            request=request,
            flags=response.flags,
        )


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
    ``winnow crawl --warc FILE`` sets. Pages answered from the store are not re-archived, nor
    are not-found probes (``NotFoundProbeMiddleware``).
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
        # not-found probes are crawl hygiene, not pages of the site: an ingest of the WARC gives the crawl's documents
        if not any(flag.startswith("winnow:") for flag in response.flags) and not request.meta.get("winnow_probe"):
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

    async def process_request(self, request: Request, spider: Spider | None = None) -> None:
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

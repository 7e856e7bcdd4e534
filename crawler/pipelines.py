"""Item pipeline: hands pages to ``pipeline`` (processing) and ``storage`` (batched writes).

Pages are handed over in batches to one store-worker process that classifies, processes and
writes them (``winnow.service.batches.store_batch``), so neither the pipeline stages nor the ORM compete
for the GIL with the Twisted reactor that drives the downloads. ``WINNOW_PROCESS_WORKERS=0``
keeps the work in a thread of this process instead (simpler to debug, slower).
"""

from __future__ import annotations

import asyncio
import logging
import multiprocessing
import time
from concurrent.futures import Executor, ProcessPoolExecutor, ThreadPoolExecutor
from datetime import UTC, datetime
from typing import Any
from urllib.parse import urlsplit

from scrapy import signals
from scrapy.crawler import Crawler

from crawler.items import PageItem
from crawler.urls import canonical_url
from pipeline.softerror import REDIRECTED_TO_HEADER
from storage.db import database_url, open_db
from storage.repository import (
    RawInput,
    close_runs,
    fetched_urls,
    finish_run,
    interrupted_runs,
    start_run,
)
from winnow.service.batches import (
    FETCH_ERROR_HEADER,
    NOT_ARTICLES,
    PROBE,
    SOFT_ERRORS,
    init_store_worker,
    retry_while_unreachable,
    store_batch,
)
from winnow.service.corpus import recluster

log = logging.getLogger(__name__)


def to_raw(item: PageItem) -> RawInput:
    headers = dict(item.headers)
    if item.error:  # kept with the raw page so `reprocess` records the same failure
        headers[FETCH_ERROR_HEADER] = item.error
    kind = item.kind if item.kind in ("list", "classify", "part") else "html"
    return RawInput(url=item.url, body=item.body, headers=headers, status_code=item.status, kind=kind)


def make_store_worker(inline: bool, *init: Any) -> Executor:
    """One process that processes and writes batches (see winnow.service.batches); a thread when inline.
    ``init``: the arguments of ``winnow.service.batches.init_store_worker``."""
    if inline:
        init_store_worker(*init)
        return ThreadPoolExecutor(1, thread_name_prefix="winnow-store")
    # forkserver: the reactor process has threads, and forking those is unsafe.
    return ProcessPoolExecutor(
        1,
        mp_context=multiprocessing.get_context("forkserver"),
        initializer=init_store_worker,
        initargs=init,
    )


class StorePipeline:
    """Batches pages for the store worker; clusters once at the end of the crawl."""

    def __init__(self, crawler: Crawler) -> None:
        self.crawler = crawler
        settings = crawler.settings
        self.db_url = database_url(settings.get("WINNOW_DB"))
        self.sessions = open_db(self.db_url)
        self.run_id: int | None = settings.getint("WINNOW_RUN_ID") or None
        self.owns_run = self.run_id is None
        self.batch_size = settings.getint("WINNOW_BATCH_SIZE", 100)
        self.max_seconds = settings.getfloat("WINNOW_FLUSH_SECONDS", 2.0)
        self.inline = settings.getint("WINNOW_PROCESS_WORKERS", 1) <= 0
        self.retry_seconds = settings.getfloat("WINNOW_DB_RETRY_SECONDS", 600.0)
        self.worker: Executor | None = None
        self.pending: list[RawInput] = []
        self.probes_sent: set[str] = set()  # hosts whose not-found probe went to the store worker
        self.last_flush = time.monotonic()
        self.lock = asyncio.Lock()
        # An idle crawl (e.g. a distributed worker waiting for others) must not sit on unwritten pages.
        crawler.signals.connect(self._flush_when_idle, signal=signals.spider_idle)

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> StorePipeline:
        return cls(crawler)

    def open_spider(self) -> None:
        spider = self.crawler.spider
        assert spider is not None  # Scrapy opens item pipelines after the spider
        if self.owns_run:
            with self.sessions.begin() as session:
                self.run_id = start_run(session, "crawl", getattr(spider, "run_key", spider.name))
        with self.sessions.begin() as session:
            spider.resume_urls = self._resume(session, getattr(spider, "run_key", ""))  # type: ignore[attr-defined]  # read by SiteSpider; set on any spider this pipeline serves
        hosts = sorted(h for h in getattr(spider, "allowed_hosts", ()) if not h.startswith("*."))
        site = getattr(spider, "run_key", "")
        self.worker = make_store_worker(self.inline, self.db_url, self.run_id, hosts, self.retry_seconds, site)

    def _resume(self, session: Any, key: str) -> set[str]:
        """URLs a killed earlier run of the same crawl already fetched: served from the store."""
        killed = [r for r in interrupted_runs(session, key) if r != self.run_id]
        urls = fetched_urls(session, killed)
        close_runs(session, killed, "interrupted", f"resumed by run {self.run_id}")
        if urls:
            log.info("resuming: %d pages fetched by interrupted run(s) %s", len(urls), killed)
        return urls

    async def process_item(self, item: Any) -> Any:
        if not isinstance(item, PageItem):
            return item
        probe = self._probe_of(item.url)
        if probe is not None:  # before the host's first page: its pages are judged against it
            self.pending.append(probe)
            self.crawler.stats.inc_value("winnow/pages_added")
        self.pending.append(to_raw(item))
        self.crawler.stats.inc_value("winnow/pages_added")  # with pages_written: what is committed
        if len(self.pending) >= self.batch_size or time.monotonic() - self.last_flush >= self.max_seconds:
            await self._flush()
        return item

    def _probe_of(self, url: str) -> RawInput | None:
        """The not-found probe of ``url``'s host (``NotFoundProbeMiddleware``), once per host."""
        host = urlsplit(url).netloc.lower()
        if host in self.probes_sent:
            return None
        found = getattr(self.crawler.spider, "not_found_probes", {}).get(host)
        if found is None:
            return None
        self.probes_sent.add(host)
        asked, response = found
        headers = {k.decode("latin-1"): b", ".join(v).decode("latin-1") for k, v in response.headers.items()}
        if canonical_url(response.url) != canonical_url(asked):
            headers[REDIRECTED_TO_HEADER] = canonical_url(response.url)
        return RawInput(url=asked, body=response.body, headers=headers, status_code=response.status, kind=PROBE)

    async def _flush(self) -> None:
        async with self.lock:
            batch, self.pending = self.pending, []
            self.last_flush = time.monotonic()
            if not batch or self.worker is None:
                return
            counts = await asyncio.get_running_loop().run_in_executor(self.worker, store_batch, batch)
            for outcome, n in counts.items():
                # stage seconds are floats; Scrapy's stats add any number, its annotation says int
                self.crawler.stats.inc_value(f"winnow/{outcome}", n)  # type: ignore[arg-type]
            self.crawler.stats.inc_value("winnow/pages_written", len(batch))
            # List, "other" and error pages are only recorded in the fetch log: not documents.
            recorded = int(sum(counts.get(k, 0) for k in (*NOT_ARTICLES, *SOFT_ERRORS)))
            self.crawler.stats.inc_value("winnow/pages_recorded_only", recorded)

    def _flush_when_idle(self) -> None:
        asyncio.ensure_future(self._flush())

    async def close_spider(self) -> None:
        await self._flush()
        if self.worker is not None:
            self.worker.shutdown(wait=True)
        stats = self.crawler.stats
        stats.set_value("winnow/stored_seconds", self._seconds_since_start())
        if self.crawler.settings.getbool("WINNOW_CLUSTER_AT_CLOSE", True):
            started = time.monotonic()
            summary = await asyncio.get_running_loop().run_in_executor(
                None, retry_while_unreachable, lambda: recluster(self.sessions), self.retry_seconds
            )
            stats.set_value("winnow/cluster_seconds", round(time.monotonic() - started, 3))
            for key, value in summary.items():
                stats.set_value(f"winnow/{key}", value)
        if self.owns_run and self.run_id is not None:
            retry_while_unreachable(self._finish_run, self.retry_seconds)

    def _finish_run(self) -> None:
        assert self.run_id is not None  # set from the settings or by open_spider
        with self.sessions.begin() as session:
            finish_run(session, self.run_id, _run_counts(self.crawler.stats.get_stats()))
        # A run this pipeline owns (scrapy crawl, scrapyd) records its health like `winnow crawl`.
        from winnow.health import assess_run

        try:
            drift = assess_run(self.sessions, self.run_id).drift
        except Exception:  # the pages are stored and the run finished: report, don't fail the job
            log.warning("run health not recorded for run %s", self.run_id, exc_info=True)
            return
        if drift:
            log.warning(drift)

    def _seconds_since_start(self) -> float:
        """Seconds from the crawl's start until every page was processed and stored."""
        start = self.crawler.stats.get_value("start_time")
        if start is None:
            return 0.0
        return round((datetime.now(UTC) - start).total_seconds(), 3)


def _run_counts(stats: dict[str, Any]) -> dict[str, Any]:
    keep = ("downloader/response_count", "item_scraped_count", "log_count/ERROR", "finish_reason")
    counts = {k: v for k, v in stats.items() if k.startswith("winnow/") or k in keep}
    return {k: v for k, v in counts.items() if isinstance(v, (int, float, str))}

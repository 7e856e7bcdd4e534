"""Item pipeline: hands pages to ``pipeline`` (processing) and ``storage`` (batched writes).

Processing runs in a worker process and database writes in a thread, so neither stalls the
Twisted reactor that drives the downloads (a 10 ms/page step inline halves crawl throughput).
"""

from __future__ import annotations

import asyncio
import logging
import multiprocessing
from concurrent.futures import Executor, ProcessPoolExecutor, ThreadPoolExecutor
from typing import Any

from scrapy import signals
from scrapy.crawler import Crawler

from crawler.items import PageItem
from storage.db import open_db
from storage.repository import (
    RawInput,
    close_runs,
    current_documents,
    fetched_urls,
    finish_run,
    interrupted_runs,
    start_run,
)
from winnow.jobs import CHANGED, FETCH_ERROR_HEADER, NEW, BatchWriter, process_raw, recluster

log = logging.getLogger(__name__)


def to_raw(item: PageItem) -> RawInput:
    headers = dict(item.headers)
    if item.error:  # kept with the raw page so `reprocess` records the same failure
        headers[FETCH_ERROR_HEADER] = item.error
    return RawInput(url=item.url, body=item.body, headers=headers, status_code=item.status)


def make_process_pool(workers: int) -> Executor | None:
    if workers <= 0:
        return None
    # forkserver: the reactor process has threads, and forking those is unsafe.
    return ProcessPoolExecutor(workers, mp_context=multiprocessing.get_context("forkserver"))


class StorePipeline:
    """Classifies, processes and stores each page; clusters once at the end of the crawl."""

    def __init__(self, crawler: Crawler) -> None:
        self.crawler = crawler
        settings = crawler.settings
        self.sessions = open_db(settings.get("WINNOW_DB"))
        self.run_id: int | None = settings.getint("WINNOW_RUN_ID") or None
        self.owns_run = self.run_id is None
        self.writer = BatchWriter(
            self.sessions,
            batch_size=settings.getint("WINNOW_BATCH_SIZE", 100),
            max_seconds=settings.getfloat("WINNOW_FLUSH_SECONDS", 2.0),
        )
        self.pool = make_process_pool(settings.getint("WINNOW_PROCESS_WORKERS", 1))
        self.io = ThreadPoolExecutor(1, thread_name_prefix="winnow-db")
        self.lock = asyncio.Lock()
        # An idle crawl (e.g. a distributed worker waiting for others) must not sit on unwritten pages.
        crawler.signals.connect(self._flush_when_idle, signal=signals.spider_idle)

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> "StorePipeline":
        return cls(crawler)

    def open_spider(self) -> None:
        spider = self.crawler.spider
        if self.owns_run:
            with self.sessions.begin() as session:
                self.run_id = start_run(session, "crawl", getattr(spider, "run_key", spider.name))
        self.writer.run_id = self.run_id
        with self.sessions.begin() as session:
            self.writer.current = current_documents(session, sorted(getattr(spider, "allowed_hosts", ())))
            spider.resume_urls = self._resume(session, getattr(spider, "run_key", ""))

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
        raw = to_raw(item)
        outcome = self.writer.outcome_of(raw)
        doc = await self._process(raw) if outcome in (NEW, CHANGED) else None
        # The flush is awaited in a thread below, not run inline on the reactor thread.
        outcome = self.writer.add(raw, doc, outcome, autoflush=False)
        self.crawler.stats.inc_value(f"winnow/{outcome}")
        self.crawler.stats.inc_value("winnow/pages_added")  # with pages_written: what is committed
        if self.writer.due:
            await self._flush()
        return item

    async def _process(self, raw: RawInput) -> Any:
        if self.pool is None:
            return process_raw(raw)
        loop = asyncio.get_running_loop()
        return await loop.run_in_executor(self.pool, process_raw, raw)

    async def _flush(self) -> None:
        async with self.lock:
            pending = self.writer.take()
            if pending:
                await asyncio.get_running_loop().run_in_executor(self.io, self.writer.flush, pending)
                self.crawler.stats.inc_value("winnow/pages_written", len(pending))

    def _flush_when_idle(self) -> None:
        asyncio.ensure_future(self._flush())

    async def close_spider(self) -> None:
        await self._flush()
        self.io.shutdown(wait=True)
        if self.pool is not None:
            self.pool.shutdown(wait=True)
        stats = self.crawler.stats
        if self.crawler.settings.getbool("WINNOW_CLUSTER_AT_CLOSE", True):
            summary = await asyncio.get_running_loop().run_in_executor(None, recluster, self.sessions)
            for key, value in summary.items():
                stats.set_value(f"winnow/{key}", value)
        if self.owns_run and self.run_id is not None:
            with self.sessions.begin() as session:
                finish_run(session, self.run_id, _run_counts(stats.get_stats()))


def _run_counts(stats: dict[str, Any]) -> dict[str, Any]:
    keep = ("downloader/response_count", "item_scraped_count", "log_count/ERROR", "finish_reason")
    counts = {k: v for k, v in stats.items() if k.startswith("winnow/") or k in keep}
    return {k: v for k, v in counts.items() if isinstance(v, (int, float, str))}

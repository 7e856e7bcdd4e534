"""Item pipeline: hands pages to ``pipeline`` (processing) and ``storage`` (batched writes)."""

from __future__ import annotations

import logging
from typing import Any

from scrapy.crawler import Crawler

from crawler.items import PageItem
from storage.db import open_db
from storage.repository import RawInput, finish_run, start_run
from winnow.jobs import FETCH_ERROR_HEADER, BatchWriter, recluster

log = logging.getLogger(__name__)


def to_raw(item: PageItem) -> RawInput:
    headers = dict(item.headers)
    if item.error:  # kept with the raw page so `reprocess` records the same failure
        headers[FETCH_ERROR_HEADER] = item.error
    return RawInput(url=item.url, body=item.body, headers=headers, status_code=item.status)


class StorePipeline:
    """Processes each page and stores it; clusters once at the end of the crawl."""

    def __init__(self, crawler: Crawler) -> None:
        self.crawler = crawler
        settings = crawler.settings
        self.sessions = open_db(settings.get("WINNOW_DB"))
        self.run_id: int | None = settings.getint("WINNOW_RUN_ID") or None
        self.owns_run = self.run_id is None
        self.writer = BatchWriter(self.sessions, batch_size=settings.getint("WINNOW_BATCH_SIZE", 200))

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> "StorePipeline":
        return cls(crawler)

    def open_spider(self) -> None:
        if self.owns_run:
            with self.sessions.begin() as session:
                self.run_id = start_run(session, "crawl", getattr(self.crawler.spider, "name", ""))
        self.writer.run_id = self.run_id

    def process_item(self, item: Any) -> Any:
        if not isinstance(item, PageItem):
            return item
        raw = to_raw(item)
        doc = self.writer.add(raw)
        self.crawler.stats.inc_value(f"winnow/documents_{doc.status}")
        return item

    def close_spider(self) -> None:
        self.writer.flush()
        summary = recluster(self.sessions)
        stats = self.crawler.stats
        for key, value in summary.items():
            stats.set_value(f"winnow/{key}", value)
        if self.owns_run and self.run_id is not None:
            with self.sessions.begin() as session:
                finish_run(session, self.run_id, _run_counts(stats.get_stats()))


def _run_counts(stats: dict[str, Any]) -> dict[str, Any]:
    keep = ("downloader/response_count", "item_scraped_count", "log_count/ERROR")
    counts = {k: v for k, v in stats.items() if k.startswith("winnow/") or k in keep}
    return {k: v for k, v in counts.items() if isinstance(v, (int, float, str))}

"""Scrapy extension for the benches: dump the final stats as JSON to STATS_DUMP_FILE."""

import json
from datetime import UTC

from scrapy import signals
from scrapy.crawler import Crawler


class DumpStats:
    def __init__(self, crawler: Crawler) -> None:
        self.crawler = crawler
        self.path = crawler.settings.get("STATS_DUMP_FILE")
        crawler.signals.connect(self.write, signal=signals.spider_closed)

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> "DumpStats":
        return cls(crawler)

    def write(self) -> None:
        stats = self.crawler.stats.get_stats()
        if "elapsed_time_seconds" not in stats and "start_time" in stats:
            from datetime import datetime

            stats["elapsed_time_seconds"] = (datetime.now(UTC) - stats["start_time"]).total_seconds()
        with open(self.path, "w", encoding="utf-8") as handle:
            json.dump(stats, handle, default=str)

"""``winnow sites init URL``: sample a site politely, propose a site file, write it for review."""

from __future__ import annotations

import argparse
import os
from pathlib import Path
from typing import Any

from winnow.commands.common import EXIT_OK, UsageError, parse_settings

# Sampling is bounded by page count and time, and polite: robots.txt, Crawl-delay, our delay.
SAMPLE_SETTINGS = {
    "ITEM_PIPELINES": {},
    "DOWNLOADER_MIDDLEWARES": {
        "crawler.middlewares.StoredPagesMiddleware": None,  # nothing is stored: no database needed
        "crawler.middlewares.WarcMiddleware": None,
    },
    "CLOSESPIDER_TIMEOUT": 600,
    "LOG_LEVEL": "WARNING",
}


def sample(url: str, max_pages: int, overrides: dict[str, Any]) -> tuple[list[tuple[str, str]], set[str]]:
    """(URL, page type) of up to ``max_pages`` sampled pages, and the hosts their links point at."""
    from scrapy.crawler import CrawlerProcess
    from scrapy.utils.project import get_project_settings

    from crawler.sample import SampleSpider

    os.environ.setdefault("SCRAPY_SETTINGS_MODULE", "crawler.settings")
    settings = get_project_settings()
    for key, value in {**SAMPLE_SETTINGS, "CLOSESPIDER_PAGECOUNT": max_pages, **overrides}.items():
        if key == "DOWNLOADER_MIDDLEWARES":
            value = {**settings.getdict("DOWNLOADER_MIDDLEWARES"), **value}
        settings.set(key, value, priority="cmdline")
    settings.set("LOG_INSTALL_ROOT_HANDLER", False, priority="cmdline")
    process = CrawlerProcess(settings)
    crawler = process.create_crawler(SampleSpider)
    process.crawl(crawler, start_url=url)
    process.start()
    spider = crawler.spider
    assert isinstance(spider, SampleSpider)  # the crawler was created for it above
    return list(spider.samples), set(spider.linked_hosts)


def init_site(url: str, args: argparse.Namespace) -> int:
    from crawler.siteinit import propose, render

    if args.max_pages is None or args.max_pages < 1:
        raise UsageError("--max-pages must be at least 1")
    samples, linked = sample(url, args.max_pages, parse_settings(args.settings))
    if not samples:
        raise UsageError(f"no HTML page could be fetched from {url} (robots.txt, or the site is unreachable)")
    proposal = propose(url, samples, linked)
    out: Path = args.out or Path("sites") / f"{proposal.name}.toml"
    if out.exists() and not args.force:
        raise UsageError(f"{out} exists; use --force to overwrite it, or --out PATH")
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(render(proposal, len(samples)), encoding="utf-8")
    kinds = {k: sum(1 for _, kind in samples if kind == k) for k in ("article", "list", "other")}
    print(
        f"sampled {len(samples)} pages ({', '.join(f'{k}: {n}' for k, n in kinds.items())}); "
        f"proposed site file written to {out}: review it, then `winnow crawl --site-file {out}`"
    )
    return EXIT_OK

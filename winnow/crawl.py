"""Run the Scrapy crawl in-process and report what it did."""

from __future__ import annotations

import os
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from scrapy.crawler import CrawlerProcess
from scrapy.settings import Settings
from scrapy.utils.project import get_project_settings


@dataclass(frozen=True)
class CrawlRequest:
    db_url: str
    start_urls: Sequence[str] = ()
    site: str | None = None
    max_pages: int | None = None
    run_id: int | None = None
    overrides: Mapping[str, Any] = field(default_factory=dict)
    config: Mapping[str, Any] | None = None  # the resolved site (SiteConfig.to_dict()); wins over ``site``


def crawl_settings(request: CrawlRequest, site_settings: Mapping[str, Any] | None = None) -> Settings:
    os.environ.setdefault("SCRAPY_SETTINGS_MODULE", "crawler.settings")
    settings = get_project_settings()
    settings.setdict(dict(site_settings or {}), priority="project")
    settings.set("WINNOW_DB", request.db_url, priority="cmdline")
    if request.run_id is not None:
        settings.set("WINNOW_RUN_ID", request.run_id, priority="cmdline")
    if request.max_pages:
        settings.set("CLOSESPIDER_PAGECOUNT", request.max_pages, priority="cmdline")
    for key, value in request.overrides.items():
        settings.set(key, value, priority="cmdline")
    return settings


def run_crawl(request: CrawlRequest, site_settings: Mapping[str, Any] | None = None) -> dict[str, Any]:
    """Crawl to completion (blocking); returns the crawler's stats."""
    from crawler.spiders.site import SiteSpider

    settings = crawl_settings(request, site_settings)
    settings.set("LOG_INSTALL_ROOT_HANDLER", False, priority="cmdline")  # winnow.cli owns logging
    process = CrawlerProcess(settings)
    crawler = process.create_crawler(SiteSpider)
    kwargs: dict[str, Any] = {"start_url": list(request.start_urls)}
    if request.config is not None:
        kwargs["config"] = dict(request.config)
    elif request.site:
        kwargs["site"] = request.site
    process.crawl(crawler, **kwargs)
    process.start()
    return dict(crawler.stats.get_stats()) if crawler.stats else {}

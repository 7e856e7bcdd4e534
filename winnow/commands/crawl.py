"""``winnow crawl``: crawl sites over HTTP with Scrapy (or, with --distributed, with worker
processes sharing a Redis frontier: ``winnow.commands.distributed``) and process every article."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from sqlalchemy.orm import Session, sessionmaker

from storage.db import database_url, open_db
from winnow.commands.common import EXIT_FAILED, EXIT_OK, UsageError, check_start_url, parse_settings, site_config
from winnow.commands.job import begin_run, check_health, end_run, locked, summary
from winnow.lock import scope


def crawl_scope(args: argparse.Namespace) -> str:
    """The lock of a crawl: its site's name, else its start hosts and host patterns."""
    config = site_config(args)
    if config is not None and config.name:
        return scope(config.name)
    patterns = sorted(config.allowed_hosts) if config is not None else []
    return scope(None, [*args.start_url, *patterns])


@locked(crawl_scope)
def crawl(args: argparse.Namespace) -> int:
    from crawler.sites import run_key
    from winnow.crawl import CrawlRequest

    start_urls = [check_start_url(u) for u in args.start_url]
    config = site_config(args)
    site_settings = config.settings if config is not None else {}
    if not start_urls and not (config and (config.name or config.start_urls)):
        raise UsageError("give --start-url URL, --site NAME or --site-file PATH")
    overrides = parse_settings(args.settings)
    if args.warc:
        overrides["WINNOW_WARC"] = str(Path(args.warc).resolve())
    url = database_url(args.db)
    sessions = open_db(url)
    name = config.name if config is not None else None
    extra = config.allowed_hosts if config is not None and not name else ()
    run_id = begin_run(sessions, "crawl", run_key(name, start_urls, extra))
    request = CrawlRequest(
        url, start_urls, name, args.max_pages, run_id, overrides, config.to_dict() if config is not None else None
    )
    if getattr(args, "distributed", False):
        from winnow.commands.distributed import coordinate

        return check_health(sessions, run_id, args, coordinate(args, sessions, request, site_settings))
    return check_health(sessions, run_id, args, crawl_and_report(sessions, request, site_settings))


def crawl_and_report(sessions: sessionmaker[Session], request: Any, site_settings: Mapping[str, Any]) -> int:
    """Run one in-process crawl (``winnow.crawl.CrawlRequest``), close its run record, print
    what it did; returns the exit code (1 when it ended early or the site stopped answering)."""
    from winnow.crawl import run_crawl

    stats = run_crawl(request, site_settings)
    fetched = stats.get("downloader/response_count", 0)
    unreachable = site_unreachable(stats)
    counts = {k: v for k, v in stats.items() if isinstance(v, (int, float)) and "/" in k}
    end_run(sessions, request.run_id, counts, ok=not stats.get("log_count/ERROR", 0) and not unreachable)
    recorded = stats.get("winnow/pages_recorded_only", 0)  # list/other pages: in the fetch log only
    stored = stats.get("item_scraped_count", 0) - recorded
    reason = stats.get("finish_reason", "")
    soft = stats.get("winnow/soft-404", 0) + stats.get("winnow/login-wall", 0)
    print(
        f"crawl {reason}: pages fetched: {fetched}, stored: {stored}, list/other pages recorded: {recorded}, "
        f"of them error pages served as content (soft-404, login-wall): {soft}, " + summary(sessions)
    )
    if reason not in ("finished", "closespider_pagecount"):
        print(f"winnow: crawl ended early: {reason}", file=sys.stderr)
        return EXIT_FAILED
    if unreachable:
        print(
            f"winnow: crawl failed: the site stopped answering ({unreachable} requests could not connect); "
            "pages stored so far are kept, the next run fetches the rest",
            file=sys.stderr,
        )
        return EXIT_FAILED
    return EXIT_OK


# Scrapy/Twisted exception names (Scrapy 2.19 wraps them, e.g. DownloadConnectionRefusedError).
CONNECTION_ERRORS = ("Connection", "DNSLookup", "Timeout", "TimedOut", "NeverReceived", "DownloadFailed")


def site_unreachable(stats: Mapping[str, Any]) -> int:
    """Failed connections when they are a fifth or more of all requests (the site went away,
    rather than a few flaky requests), else 0."""
    failures = sum(
        v
        for k, v in stats.items()
        if k.startswith("downloader/exception_type_count/")
        and any(name in k.rsplit(".", 1)[-1] for name in CONNECTION_ERRORS)
    )
    answered = stats.get("downloader/response_count", 0)
    return failures if failures >= 10 and failures * 5 >= failures + answered else 0

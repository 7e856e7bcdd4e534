"""``winnow crawl --distributed``, ``winnow worker`` and ``winnow frontier``: distributed crawls,
a coordinator, N workers and one shared Redis frontier (crawler/frontier.py).

``winnow crawl --distributed --workers N`` (the coordinator) writes the crawl descriptor to Redis,
seeds the frontier with the spider's own start requests, starts N local ``winnow worker``
processes, re-queues the leases of workers that stop sending heartbeats, and once the frontier
reports the crawl finished runs the one clustering step (workers run with
``WINNOW_CLUSTER_AT_CLOSE=False``) and closes the crawl run all workers wrote under.
``winnow worker`` joins from any machine that reaches the same Redis and database: everything
else (start URLs, site, settings, run id) comes from the descriptor.
"""

from __future__ import annotations

import argparse
import asyncio
import logging
import os
import signal
import subprocess
import sys
import time
from collections.abc import Mapping
from typing import Any
from urllib.parse import urlsplit, urlunsplit

from crawler.frontier import ALIVE_STATES, DEFAULT_PREFIX, DEFAULT_REDIS_URL, Frontier, new_worker_id
from winnow.commands.common import EXIT_FAILED, EXIT_LOCKED, EXIT_OK, UsageError, parse_settings, site_settings

log = logging.getLogger(__name__)

DESCRIPTOR_VERSION = 1
KEEP_FINISHED_SECONDS = 7 * 24 * 3600  # `winnow frontier` can still report a finished crawl for a week
POLL_SECONDS = 0.5


def safe_redis_url(url: str) -> str:
    parts = urlsplit(url)
    if parts.password:
        netloc = f"{parts.username or ''}:***@{parts.hostname}" + (f":{parts.port}" if parts.port else "")
        return urlunsplit(parts._replace(netloc=netloc))
    return url


def connect(args: argparse.Namespace) -> Frontier:
    url = getattr(args, "redis", None) or os.environ.get("WINNOW_REDIS") or DEFAULT_REDIS_URL
    import redis

    try:
        return Frontier.connect(url, getattr(args, "frontier", None) or DEFAULT_PREFIX)
    except (redis.RedisError, ValueError) as exc:
        raise UsageError(f"redis unavailable at {safe_redis_url(url)}: {exc}") from None


def worker_settings(frontier_url: str, prefix: str, worker: str, run_id: int | None) -> dict[str, Any]:
    """Scrapy settings that turn a crawl into one worker of a distributed crawl."""
    return {
        "SCHEDULER": "crawler.frontier.FrontierScheduler",
        "REDIS_URL": frontier_url,
        "WINNOW_FRONTIER_PREFIX": prefix,
        "WINNOW_WORKER_ID": worker,
        "WINNOW_CLUSTER_AT_CLOSE": False,  # the coordinator clusters once, at the end
        "WINNOW_RUN_ID": run_id,
    }


# -- seeding ---------------------------------------------------------------------------------


def seed(frontier: Frontier, start_urls: list[str], site: str | None, config: Mapping[str, Any] | None = None) -> int:
    """Queue the spider's own start requests (pages and sitemaps); returns how many were new.
    ``config``: the resolved site (``SiteConfig.to_dict()``), which wins over ``site``."""
    from scrapy_redis.dupefilter import RFPDupeFilter
    from scrapy_redis.queue import PriorityQueue

    from crawler.spiders.site import SiteSpider

    spider = SiteSpider(
        start_url=list(start_urls), site=None if config else site, config=dict(config) if config else None
    )
    queue = PriorityQueue(server=frontier.server, spider=spider, key=frontier.queue_key)
    seen = RFPDupeFilter(frontier.server, key=frontier.seen_key)

    async def requests() -> list[Any]:
        return [r async for r in spider.start()]

    added = 0
    for request in asyncio.run(requests()):
        added += frontier.push(queue._encode_request(request), -request.priority, seen.request_fingerprint(request))
    return added


# -- coordinator -----------------------------------------------------------------------------


def coordinate(args: argparse.Namespace, sessions: Any, request: Any, site_settings: Mapping[str, Any]) -> int:
    """``winnow crawl --distributed``: seed, start workers, wait, cluster once, report."""
    from redis import RedisError

    from storage.db import database_url

    if args.max_pages:
        raise UsageError("--max-pages is not supported with --distributed")
    if args.workers < 1:
        raise UsageError("--workers must be at least 1")
    db_url = database_url(args.db)
    if not db_url.startswith("postgresql"):
        raise UsageError("--distributed needs a PostgreSQL --db: workers write concurrently")
    frontier = connect(args)
    stale = float(request.overrides.get("WINNOW_FRONTIER_STALE_SECONDS", 30))
    if _busy_elsewhere(frontier, stale):
        print(
            f"winnow: a distributed crawl with live workers already uses frontier {frontier.prefix!r}; "
            "wait for it, or pick another --frontier",
            file=sys.stderr,
        )
        return EXIT_LOCKED
    frontier.clear()
    frontier.describe(
        {
            "version": DESCRIPTOR_VERSION,
            "start_urls": list(request.start_urls),
            "site": request.site,
            "config": dict(request.config) if request.config else None,  # workers need no site file
            "overrides": {k: str(v) for k, v in request.overrides.items()},
            "run_id": request.run_id,
            "created": frontier.now(),
            "coordinator": new_worker_id(),
        }
    )
    seeded = seed(frontier, list(request.start_urls), request.site, request.config)
    log.info("frontier %s seeded with %d request(s)", frontier.prefix, seeded)
    started = time.monotonic()
    procs = [_start_worker(args, frontier, db_url) for _ in range(args.workers)]
    try:
        _wait(frontier, procs, stale)
    except KeyboardInterrupt:
        _stop(procs)
        raise
    except RedisError as exc:
        # Without the frontier the workers can neither take nor hand back requests: stop them.
        # The run stays open, so the next run resumes from the stored fetch log.
        for proc in procs:
            _kill_group(proc)
        print(
            f"winnow: crawl failed: the Redis frontier at {safe_redis_url(frontier.url)} went away ({exc}); "
            "pages stored so far are kept, run the crawl again to resume",
            file=sys.stderr,
        )
        return EXIT_FAILED
    crawl_seconds = time.monotonic() - started
    return _finish_crawl(frontier, sessions, request.run_id, procs, crawl_seconds)


def _busy_elsewhere(frontier: Frontier, stale: float) -> bool:
    if frontier.descriptor() is None or frontier.is_done():
        return False
    return any(w.state in ALIVE_STATES and (w.heartbeat_age or 0) < stale for w in frontier.workers())


def _start_worker(args: argparse.Namespace, frontier: Frontier, db_url: str) -> subprocess.Popen[bytes]:
    command = [sys.executable, "-m", "winnow", "worker", "--frontier", frontier.prefix, "--log-level", args.log_level]
    if args.log_file:
        command += ["--log-file", args.log_file]
    # Database and Redis URLs go through the environment: passwords stay out of `ps`.
    env = {**os.environ, "WINNOW_DB": db_url, "WINNOW_REDIS": frontier.url}
    # Own process group: when a worker dies, its processing pool dies with it (see _reap_local).
    return subprocess.Popen(command, env=env, stdout=subprocess.DEVNULL, start_new_session=True)


def _wait(frontier: Frontier, procs: list[subprocess.Popen[bytes]], stale: float) -> None:
    """Until local workers exit and no remote worker is alive; re-queue dead workers' leases."""
    reported: set[int] = set()
    while True:
        frontier.reap(stale)
        for proc in procs:
            if proc.poll() is not None and proc.returncode != 0 and proc.pid not in reported:
                reported.add(proc.pid)
                _kill_group(proc)
                log.warning(
                    "worker process %d exited with %s; its requests go back to the frontier "
                    "after %.0f s without heartbeat",
                    proc.pid,
                    proc.returncode,
                    stale,
                )
        if all(p.poll() is not None for p in procs) and not _remote_alive(frontier, stale):
            return
        time.sleep(POLL_SECONDS)


def _kill_group(proc: subprocess.Popen[bytes]) -> None:
    """A worker that was killed leaves its pool processes behind; they are in its process group."""
    try:
        os.killpg(proc.pid, signal.SIGKILL)
    except (ProcessLookupError, PermissionError):
        pass


def _remote_alive(frontier: Frontier, stale: float) -> bool:
    if frontier.is_done():
        return False
    return any(w.state in ALIVE_STATES and (w.heartbeat_age or 0) < stale for w in frontier.workers())


def _stop(procs: list[subprocess.Popen[bytes]]) -> None:
    """Ask workers to stop cleanly (they hand their leases back), then wait for them."""
    for proc in procs:
        if proc.poll() is None:
            proc.send_signal(signal.SIGTERM)
    for proc in procs:
        try:
            proc.wait(timeout=30)
        except subprocess.TimeoutExpired:
            _kill_group(proc)


def _finish_crawl(
    frontier: Frontier, sessions: Any, run_id: int, procs: list[subprocess.Popen[bytes]], crawl_seconds: float
) -> int:
    from storage.repository import finish_run
    from winnow.commands.job import summary
    from winnow.service.corpus import recluster

    workers = frontier.workers()
    counts: dict[str, Any] = {
        "workers": len(workers),
        "workers_dead": sum(1 for w in workers if w.state == "dead"),
        "downloader/response_count": sum(w.responses for w in workers),
        "winnow/pages_written": sum(w.pages for w in workers),
        "crawl_seconds": round(crawl_seconds, 2),
    }
    if not frontier.finished():
        left = frontier.counts()
        counts.update(left)
        with sessions.begin() as session:
            finish_run(session, run_id, counts, "failed")
        print(
            f"winnow: distributed crawl incomplete: {left['queued']} queued, {left['in_flight']} in flight; "
            f"`winnow worker --frontier {frontier.prefix}` (same --redis/--db) finishes it"
        )
        return EXIT_FAILED
    started = time.monotonic()
    counts.update(recluster(sessions))
    counts["cluster_seconds"] = round(time.monotonic() - started, 2)
    with sessions.begin() as session:
        finish_run(session, run_id, counts, "finished")
    frontier.expire(KEEP_FINISHED_SECONDS)
    print(
        f"crawl finished (distributed, {len(workers)} workers, {counts['workers_dead']} lost): "
        f"pages fetched: {counts['downloader/response_count']}, stored: {counts['winnow/pages_written']}, "
        f"crawl {crawl_seconds:.1f} s, clustering {counts['cluster_seconds']:.1f} s, " + summary(sessions)
    )
    return EXIT_OK


# -- worker ----------------------------------------------------------------------------------


def worker(args: argparse.Namespace) -> int:
    """``winnow worker``: join the crawl described in Redis and work until it is finished."""
    from storage.db import database_url
    from winnow.crawl import CrawlRequest, run_crawl

    frontier = connect(args)
    descriptor = frontier.descriptor()
    if descriptor is None:
        raise UsageError(f"no crawl in frontier {frontier.prefix!r}: start one with `winnow crawl --distributed`")
    if frontier.is_done():
        print(f"crawl in frontier {frontier.prefix!r} is already finished")
        return EXIT_OK
    worker_id = new_worker_id()
    overrides = {**descriptor.get("overrides", {}), **parse_settings(args.settings)}
    overrides.update(worker_settings(frontier.url, frontier.prefix, worker_id, descriptor["run_id"]))
    config = descriptor.get("config")
    request = CrawlRequest(
        database_url(args.db),
        descriptor["start_urls"],
        descriptor.get("site"),
        None,
        descriptor["run_id"],
        overrides,
        config,
    )
    _stop_on_sigterm()
    stats = run_crawl(request, config.get("settings", {}) if config else site_settings(descriptor.get("site")))
    reason = stats.get("finish_reason", "")
    print(
        f"worker {worker_id} {reason}: pages fetched: {stats.get('downloader/response_count', 0)}, "
        f"stored: {stats.get('winnow/pages_written', 0) - stats.get('winnow/pages_recorded_only', 0) - stats.get('winnow/probe', 0)}"
    )
    return EXIT_OK if reason == "finished" and frontier.is_done() else EXIT_FAILED


def _stop_on_sigterm() -> None:
    """SIGTERM stops a worker like Ctrl-C does: Scrapy closes the spider and leases go back."""
    signal.signal(signal.SIGTERM, lambda *_: os.kill(os.getpid(), signal.SIGINT))


# -- status ----------------------------------------------------------------------------------


def status(args: argparse.Namespace) -> int:
    """``winnow frontier``: queue length, seen-set size, per-worker progress."""
    frontier = connect(args)
    descriptor = frontier.descriptor()
    if descriptor is None:
        print(f"frontier {frontier.prefix!r}: no crawl")
        return EXIT_OK
    counts = frontier.counts()
    what = descriptor.get("site") or ", ".join(descriptor.get("start_urls", []))
    state = "finished" if frontier.is_done() else "running"
    print(f"frontier {frontier.prefix!r}: crawl of {what} (run {descriptor.get('run_id')}), {state}")
    print(
        f"queued: {counts['queued']}, seen: {counts['seen']}, in flight: {counts['in_flight']}, "
        f"workers: {counts['workers']}"
    )
    rows = frontier.workers()
    if rows:
        width = max(len("worker"), *(len(w.worker) for w in rows))
        print(f"{'worker':<{width}}  {'state':<8} {'pages':>7} {'fetched':>8} {'in flight':>9}  last heartbeat")
        for w in rows:
            age = "never" if w.heartbeat_age is None else f"{w.heartbeat_age:.1f} s ago"
            print(f"{w.worker:<{width}}  {w.state:<8} {w.pages:>7} {w.responses:>8} {w.inflight:>9}  {age}")
    return EXIT_OK

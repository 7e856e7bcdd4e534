"""What each ``winnow`` subcommand does. Printing and exit codes live here; work lives in jobs."""

from __future__ import annotations

import argparse
import functools
import logging
import sys
from pathlib import Path
from typing import Any, Callable, Mapping

from sqlalchemy.orm import Session, sessionmaker

from storage.db import database_url, open_db
from storage.export import ExportCounts, export_csv, export_parquet, export_xlsx
from storage.repository import finish_run, start_run, table_counts
from winnow import files
from winnow.cli import EXIT_FAILED, EXIT_LOCKED, EXIT_OK, UsageError, check_start_url, parse_settings
from winnow.service.batches import BatchWriter, store_all
from winnow.service.corpus import recluster, reprocess_all
from winnow.lock import AlreadyRunning, run_lock, scope
from winnow.progress import Progress

log = logging.getLogger(__name__)


def _sessions(args: argparse.Namespace) -> sessionmaker[Session]:
    return open_db(database_url(args.db))


def _summary(sessions: sessionmaker[Session], extra: Mapping[str, Any] | None = None) -> str:
    with sessions() as session:
        counts = table_counts(session)
    parts = {
        "documents": counts["documents"],
        "ok": counts["documents_ok"],
        "errors": counts["documents_error"],
        "skipped": counts["documents_skipped"],
        "sections": counts["sections"],
        "clusters": counts["clusters"],
        "templates (clusters with 2+ members)": counts["multi_member_clusters"],
    }
    parts = {**(extra or {}), **parts}
    return ", ".join(f"{k}: {v}" for k, v in parts.items())


def _run(sessions: sessionmaker[Session], kind: str, site: str = "") -> int:
    with sessions.begin() as session:
        return start_run(session, kind, site)


def _finish(sessions: sessionmaker[Session], run_id: int, counts: Mapping[str, Any], ok: bool = True) -> None:
    with sessions.begin() as session:
        finish_run(session, run_id, counts, "finished" if ok else "failed")


def _locked(what: Callable[[argparse.Namespace], str]) -> Callable[[Callable[[argparse.Namespace], int]], Any]:
    """Run the command holding the (database, site) lock; exit 75 at once if another run has it."""

    def wrap(command: Callable[[argparse.Namespace], int]) -> Callable[[argparse.Namespace], int]:
        @functools.wraps(command)
        def locked(args: argparse.Namespace) -> int:
            try:
                with run_lock(database_url(args.db), what(args)):
                    return command(args)
            except AlreadyRunning as exc:
                print(f"winnow: {exc}", file=sys.stderr)
                return EXIT_LOCKED

        return locked

    return wrap


def _crawl_scope(args: argparse.Namespace) -> str:
    """The lock of a crawl: its site's name, else its start hosts and host patterns."""
    config = _site_config(args)
    if config is not None and config.name:
        return scope(config.name)
    patterns = sorted(config.allowed_hosts) if config is not None else []
    return scope(None, [*args.start_url, *patterns])


@_locked(_crawl_scope)
def crawl(args: argparse.Namespace) -> int:
    from winnow.crawl import CrawlRequest

    start_urls = [check_start_url(u) for u in args.start_url]
    config = _site_config(args)
    site_settings = config.settings if config is not None else {}
    if not start_urls and not (config and (config.name or config.start_urls)):
        raise UsageError("give --start-url URL, --site NAME or --site-file PATH")
    overrides = parse_settings(args.settings)
    if args.warc:
        overrides["WINNOW_WARC"] = str(Path(args.warc).resolve())
    url = database_url(args.db)
    sessions = open_db(url)
    from crawler.sites import run_key

    name = config.name if config is not None else None
    extra = config.allowed_hosts if config is not None and not name else ()
    run_id = _run(sessions, "crawl", run_key(name, start_urls, extra))
    request = CrawlRequest(url, start_urls, name, args.max_pages, run_id, overrides,
                           config.to_dict() if config is not None else None)
    if getattr(args, "distributed", False):
        from winnow.distributed import coordinate

        return _health(sessions, run_id, args, coordinate(args, sessions, request, site_settings))
    return _health(sessions, run_id, args, _crawl_and_report(sessions, request, site_settings))


def _health(sessions: sessionmaker[Session], run_id: int, args: argparse.Namespace, code: int) -> int:
    """Record the run's health figures (winnow.health); print the drift line if they moved, and
    fail the command on it with --fail-on-drift. Returns the command's exit code."""
    from winnow.health import assess_run

    try:
        assessment = assess_run(sessions, run_id)
    except Exception as exc:  # the run itself is done and stored: say so, don't fail it
        log.warning("run health not recorded for run %s", run_id, exc_info=True)
        print(f"winnow: run health not recorded: {type(exc).__name__}: {exc}", file=sys.stderr)
        return code
    if assessment.drift:
        print(f"winnow: {assessment.drift}", file=sys.stderr)
        if getattr(args, "fail_on_drift", False) and code == EXIT_OK:
            return EXIT_FAILED
    return code


def _site_settings(site: str | None) -> dict[str, Any]:
    if not site:
        return {}
    from crawler.sites import load_site

    try:
        return load_site(site).settings
    except ValueError as exc:  # UnknownSite, BadSiteFile
        raise UsageError(str(exc)) from None


def _site_config(args: argparse.Namespace) -> Any:
    """The crawl's site from --site / --site-file / --allow-host (None when none is given);
    a missing or broken site file, or a bad host pattern, is a usage error."""
    from crawler.sites import SiteConfig, load_site, load_site_file

    site_file, allow = getattr(args, "site_file", None), getattr(args, "allow_host", [])
    if args.site and site_file:
        raise UsageError("give --site NAME or --site-file PATH, not both")
    if not (args.site or site_file or allow):
        return None
    try:
        config = load_site_file(site_file) if site_file else load_site(args.site) if args.site else SiteConfig()
        return config.with_hosts(allow)
    except ValueError as exc:  # UnknownSite, BadSiteFile
        raise UsageError(str(exc)) from None


def _crawl_and_report(sessions: sessionmaker[Session], request: Any, site_settings: Mapping[str, Any]) -> int:
    from winnow.crawl import run_crawl

    stats = run_crawl(request, site_settings)
    fetched = stats.get("downloader/response_count", 0)
    unreachable = site_unreachable(stats)
    counts = {k: v for k, v in stats.items() if isinstance(v, (int, float)) and "/" in k}
    _finish(sessions, request.run_id, counts, ok=not stats.get("log_count/ERROR", 0) and not unreachable)
    recorded = stats.get("winnow/pages_recorded_only", 0)  # list/other pages: in the fetch log only
    stored = stats.get("item_scraped_count", 0) - recorded
    reason = stats.get("finish_reason", "")
    print(f"crawl {reason}: pages fetched: {fetched}, stored: {stored}, list/other pages recorded: {recorded}, "
          + _summary(sessions))
    if reason not in ("finished", "closespider_pagecount"):
        print(f"winnow: crawl ended early: {reason}", file=sys.stderr)
        return EXIT_FAILED
    if unreachable:
        print(f"winnow: crawl failed: the site stopped answering ({unreachable} requests could not connect); "
              "pages stored so far are kept, the next run fetches the rest", file=sys.stderr)
        return EXIT_FAILED
    return EXIT_OK


# Scrapy/Twisted exception names (Scrapy 2.19 wraps them, e.g. DownloadConnectionRefusedError).
CONNECTION_ERRORS = ("Connection", "DNSLookup", "Timeout", "TimedOut", "NeverReceived", "DownloadFailed")


def site_unreachable(stats: Mapping[str, Any]) -> int:
    """Failed connections when they are a fifth or more of all requests (the site went away,
    rather than a few flaky requests), else 0."""
    failures = sum(
        v for k, v in stats.items()
        if k.startswith("downloader/exception_type_count/")
        and any(name in k.rsplit(".", 1)[-1] for name in CONNECTION_ERRORS)
    )
    answered = stats.get("downloader/response_count", 0)
    return failures if failures >= 10 and failures * 5 >= failures + answered else 0


@_locked(lambda args: scope(job="ingest"))
def ingest(args: argparse.Namespace) -> int:
    paths = [Path(p) for p in args.paths]
    for path in paths:
        if not path.exists():
            raise UsageError(f"no such file or directory: {path}")
    sessions = _sessions(args)
    run_id = _run(sessions, "ingest")
    writer = BatchWriter(sessions, run_id)
    with Progress("ingest", unit="files") as progress:
        store_all(writer, progress.track(files.read_inputs(paths)))
    summary = recluster(sessions)
    _finish(sessions, run_id, dict(writer.counts) | summary)
    print(f"ingest finished: files read: {writer.counts['stored']}, " + _summary(sessions))
    return _health(sessions, run_id, args, EXIT_OK)


@_locked(lambda args: scope(job="reprocess"))
def reprocess(args: argparse.Namespace) -> int:
    sessions = _sessions(args)
    run_id = _run(sessions, "reprocess")
    with Progress("reprocess", unit="pages") as progress:
        counts = reprocess_all(sessions, on_page=progress.advance)
    _finish(sessions, run_id, counts)
    print(f"reprocess finished: pages: {counts.get('stored', 0)}, " + _summary(sessions))
    return _health(sessions, run_id, args, EXIT_OK)


def export(args: argparse.Namespace) -> int:
    sessions = _sessions(args)
    fmt = getattr(args, "format", "csv")
    limit = {"max_rows": args.max_rows} if getattr(args, "max_rows", None) and fmt != "parquet" else {}
    write = {"parquet": export_parquet, "xlsx": export_xlsx}.get(fmt, export_csv)
    with sessions() as session, Progress("export", unit="rows") as progress:
        counts = write(session, args.out, on_row=progress.advance, **limit)
    print(f"export finished into {args.out}: {describe_export(counts, fmt)}")
    return EXIT_OK


def describe_export(counts: ExportCounts, fmt: str) -> str:
    """``documents.csv: 3 rows, sections.csv: 9 rows in 2 parts, …`` (xlsx: sheets of winnow.xlsx)."""
    parts = []
    for name, rows in counts.items():
        files = counts.files.get(name, [])
        split = f" in {len(files)} parts" if len(files) > 1 else ""
        label = f"{name} sheet" if fmt == "xlsx" else f"{name}.{fmt}"
        parts.append(f"{label}: {rows} rows{split}")
    return ", ".join(parts)


@_locked(lambda args: scope("demo"))
def demo(args: argparse.Namespace) -> int:
    import tempfile

    from winnow.crawl import CrawlRequest
    from winnow.demo.server import serve
    from winnow.demo.site import build_site

    url = database_url(args.db)
    sessions = open_db(url)
    with tempfile.TemporaryDirectory(prefix="winnow-demo-") as tmp:
        root = Path(tmp) / "site"
        build_site(root)
        with serve(root) as server:
            print(f"demo site served at {server.url}")
            run_id = _run(sessions, "demo", "demo")
            request = CrawlRequest(url, [server.url + "/"], "demo", None, run_id, DEMO_SETTINGS)
            code = _crawl_and_report(sessions, request, {})
    code = _health(sessions, run_id, args, code)
    if code != EXIT_OK:
        return code
    with sessions() as session:
        counts = export_csv(session, args.out)
    print(f"exported to {args.out}/: " + ", ".join(f"{k}.csv ({n} rows)" for k, n in counts.items()))
    return EXIT_OK


# The demo site is local: no need to be polite to ourselves.
DEMO_SETTINGS = {
    "DOWNLOAD_DELAY": 0,
    "AUTOTHROTTLE_ENABLED": False,
    "CONCURRENT_REQUESTS_PER_DOMAIN": 16,
    "LOG_LEVEL": "WARNING",
}


def sites(args: argparse.Namespace) -> int:
    """List every site with the file it comes from (and files it shadows), or ``init URL``."""
    action = list(getattr(args, "action", []) or [])
    if action:
        if action[0] != "init" or len(action) != 2:
            raise UsageError("usage: winnow sites [init URL]")
        from winnow.siteinit import init_site

        return init_site(check_start_url(action[1]), args)
    from crawler.sites import load_site_file, site_sources, sites_dirs

    print("# searched, in order: " + ", ".join(str(d) for d in sites_dirs()))
    for name, paths in sorted(site_sources().items()):
        try:
            config = load_site_file(paths[0], name=name)
            starts = ", ".join(config.start_urls) or "(start URL given at run time)"
        except ValueError as exc:
            starts = f"(unusable: {exc})"
        shadowed = "".join(f" (shadows {p})" for p in paths[1:])
        print(f"{name}\t{starts}\t{paths[0]}{shadowed}")
    return EXIT_OK


def runs(args: argparse.Namespace) -> int:
    from storage.repository import recent_runs

    sessions = _sessions(args)
    with sessions() as session:
        rows = recent_runs(session, args.limit)
    print("id\tkind\tsite\tstatus\tstarted\tseconds\tfetched\tnew\tchanged\tunchanged\terrors"
          "\tnear_empty\tremoved\tsections_per_page\tjoined\tdrift")
    for run in rows:
        print("\t".join(str(v) for v in run))
    return EXIT_OK

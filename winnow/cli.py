"""The ``winnow`` command line (contract: CONTRACT.md). Exit codes: 0 ok, 1 job failed,
2 usage error (bad option, unreadable path, unreachable database), 75 another run holds the lock.
"""

from __future__ import annotations

import argparse
import importlib
import logging
import sys
from collections.abc import Callable, Sequence
from pathlib import Path

from winnow.commands.common import EXIT_FAILED, EXIT_USAGE, UsageError

log = logging.getLogger("winnow")


def _add_common(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--db", metavar="URL", help="SQLAlchemy URL (default: env WINNOW_DB, else sqlite:///winnow.db)")
    parser.add_argument("--log-level", default="WARNING", help="DEBUG, INFO, WARNING (default), ERROR")
    parser.add_argument("--log-file", metavar="PATH", help="write logs to this file instead of stderr")


def _add_drift(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--fail-on-drift",
        action="store_true",
        help="exit 1 when the run's quality figures moved far from the site's previous "
        "runs (near-empty pages, text removed, sections per page, templates joined)",
    )


def _add_jobs(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--jobs",
        type=int,
        default=0,
        metavar="N",
        help="processes that run the per-page pipeline (default: one per usable core, at most 8; 1: in this process)",
    )


def _add_frontier(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--redis",
        metavar="URL",
        help="Redis of the shared frontier (default: env WINNOW_REDIS, else redis://127.0.0.1:6379/0)",
    )
    parser.add_argument(
        "--frontier", metavar="NAME", default="winnow", help="key prefix of the crawl in Redis (default: winnow)"
    )


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="winnow",
        description="Crawl content-farm sites, strip boilerplate, cluster near-duplicate templates, "
        "keep one canonical copy.",
    )
    sub = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    crawl = sub.add_parser("crawl", help="crawl sites over HTTP and process every article")
    crawl.add_argument("--start-url", action="append", default=[], metavar="URL")
    crawl.add_argument(
        "--site",
        metavar="NAME",
        help="use the site file NAME.toml of the sites directory (WINNOW_SITES_DIR, else ./sites/), "
        "else the bundled one (`winnow sites` lists them)",
    )
    crawl.add_argument("--site-file", metavar="PATH", help="use this site file (TOML), wherever it is")
    crawl.add_argument(
        "--allow-host",
        action="append",
        default=[],
        metavar="PATTERN",
        help="also follow links to this host or *.domain pattern (repeatable)",
    )
    crawl.add_argument("--max-pages", type=int, metavar="N", help="stop after N responses")
    crawl.add_argument("--warc", metavar="FILE", help="also archive every response to this WARC (.warc.gz)")
    crawl.add_argument(
        "-s",
        dest="settings",
        action="append",
        default=[],
        metavar="KEY=VALUE",
        help="override a Scrapy setting for this run",
    )
    crawl.add_argument(
        "--distributed",
        action="store_true",
        help="crawl with worker processes sharing a Redis frontier (needs a PostgreSQL --db)",
    )
    crawl.add_argument("--workers", type=int, default=2, metavar="N", help="local workers for --distributed (2)")
    _add_frontier(crawl)
    _add_drift(crawl)
    _add_common(crawl)

    worker = sub.add_parser("worker", help="join a distributed crawl (settings come from Redis)")
    worker.add_argument(
        "-s",
        dest="settings",
        action="append",
        default=[],
        metavar="KEY=VALUE",
        help="override a Scrapy setting for this worker",
    )
    _add_frontier(worker)
    _add_common(worker)

    frontier = sub.add_parser("frontier", help="show a distributed crawl: queue, seen set, workers")
    _add_frontier(frontier)
    _add_common(frontier)

    ingest = sub.add_parser("ingest", help="process local .html/.htm/.txt/.warc(.gz) files or directories")
    ingest.add_argument("paths", nargs="+", metavar="PATH")
    _add_jobs(ingest)
    _add_drift(ingest)
    _add_common(ingest)

    reprocess = sub.add_parser("reprocess", help="rebuild everything from the stored raw pages")
    _add_jobs(reprocess)
    _add_drift(reprocess)
    _add_common(reprocess)

    export = sub.add_parser("export", help="write documents, sections, canonical and members tables")
    export.add_argument("--out", required=True, metavar="DIR", type=Path)
    export.add_argument(
        "--format",
        choices=("csv", "xlsx", "parquet"),
        default="csv",
        help="csv (default; UTF-8 with BOM), xlsx (one workbook, a sheet per table) or parquet (typed, text whole)",
    )
    export.add_argument(
        "--max-rows",
        type=_positive,
        default=None,
        metavar="N",
        help="data rows per CSV file or XLSX sheet before a table is split into "
        "numbered parts (default: Excel's limit, 1048575)",
    )
    _add_common(export)

    demo = sub.add_parser("demo", help="serve the bundled demo site, crawl it, export to ./exports/")
    demo.add_argument("--out", default=Path("exports"), type=Path, metavar="DIR", help=argparse.SUPPRESS)
    _add_drift(demo)
    _add_common(demo)

    sites = sub.add_parser(
        "sites",
        help="list the configured sites and where each comes from; `sites init URL` proposes a site file for URL",
    )
    sites.add_argument(
        "action",
        nargs="*",
        metavar="init URL",
        help="init URL: sample the site politely and write a commented site file to review",
    )
    sites.add_argument("--out", type=Path, metavar="PATH", help="init: where to write (default: ./sites/NAME.toml)")
    sites.add_argument("--max-pages", type=int, default=150, metavar="N", help="init: pages to sample (150)")
    sites.add_argument("--force", action="store_true", help="init: overwrite an existing file")
    sites.add_argument(
        "-s",
        dest="settings",
        action="append",
        default=[],
        metavar="KEY=VALUE",
        help="init: override a Scrapy setting for the sampling crawl",
    )
    _add_common(sites)

    runs = sub.add_parser("runs", help="list crawl, ingest and reprocess runs with their counts")
    runs.add_argument("--limit", type=int, default=20, metavar="N")
    _add_common(runs)
    return parser


def _positive(text: str) -> int:
    value = int(text)
    if value < 1:
        raise argparse.ArgumentTypeError(f"must be at least 1, got {value}")
    return value


def setup_logging(level: str, log_file: str | None) -> None:
    numeric = getattr(logging, level.upper(), None)
    if not isinstance(numeric, int):
        raise UsageError(f"unknown log level {level!r}")
    handler: logging.Handler = logging.FileHandler(log_file) if log_file else logging.StreamHandler()
    handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
    handler.setLevel(numeric)  # on the handler too: Scrapy resets the root logger's level
    root = logging.getLogger()
    root.handlers[:] = [handler]
    root.setLevel(numeric)


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    from storage.db import DatabaseUnavailable

    try:
        setup_logging(args.log_level, args.log_file)
        return command_function(args.command)(args)
    except UsageError as exc:
        print(f"winnow: error: {exc}", file=sys.stderr)
        return EXIT_USAGE
    except DatabaseUnavailable as exc:
        print(f"winnow: error: database unavailable: {exc}", file=sys.stderr)
        return EXIT_USAGE
    except KeyboardInterrupt:
        print("winnow: interrupted", file=sys.stderr)
        return EXIT_FAILED
    except Exception as exc:  # the job failed: full trace to the log, the reason on the last line
        log.exception("%s failed", args.command)
        print(f"winnow: {args.command} failed: {type(exc).__name__}: {exc}", file=sys.stderr)
        return EXIT_FAILED


# command name -> "module:function"; a command's module is imported only when it runs, so
# `winnow --help` imports none of them and `winnow ingest` never imports Scrapy or Redis.
COMMAND_FUNCTIONS = {
    "crawl": "winnow.commands.crawl:crawl",
    "ingest": "winnow.commands.ingest:ingest",
    "reprocess": "winnow.commands.reprocess:reprocess",
    "export": "winnow.commands.export:export",
    "demo": "winnow.commands.demo:demo",
    "sites": "winnow.commands.sites:sites",
    "worker": "winnow.commands.distributed:worker",
    "frontier": "winnow.commands.distributed:status",
    "runs": "winnow.commands.runs:runs",
}


def command_function(name: str) -> Callable[[argparse.Namespace], int]:
    """The function that runs command ``name`` (KeyError for an unknown one), its module imported now."""
    module, _, function = COMMAND_FUNCTIONS[name].partition(":")
    return getattr(importlib.import_module(module), function)


if __name__ == "__main__":
    sys.exit(main())

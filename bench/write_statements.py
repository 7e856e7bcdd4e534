"""How many SQL statements a ``winnow ingest`` of N generated pages sends, and how long it takes.

    .venv/bin/python bench/write_statements.py [--pages 400] [--db URL]

Builds the demo site with N articles into a temporary directory, ingests its article pages
(every page but the list and index pages, the first N) into an empty database (default: a temporary SQLite file) and counts
every cursor execution (an executemany counts once) with a ``before_cursor_execute`` listener:
all of the command, then only those of the write phase (store_all, before clustering).
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from sqlalchemy import Engine, event  # noqa: E402

from winnow.demo.site import build_site  # noqa: E402


def article_files(site: Path, n: int) -> list[Path]:
    """The first ``n`` article pages of the generated site (list and index pages left out)."""
    pages = sorted(p for p in site.rglob("*.html") if p.parent.name not in ("list", site.name))
    return pages[:n]


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--pages", type=int, default=400)
    parser.add_argument("--db", help="SQLAlchemy URL of an empty database (default: temporary SQLite)")
    args = parser.parse_args(argv)

    counts: Counter[str] = Counter()

    def count(conn, cursor, statement, parameters, context, executemany):  # type: ignore[no-untyped-def]
        counts[phase[0]] += 1

    phase = ["setup"]
    event.listen(Engine, "before_cursor_execute", count)
    with tempfile.TemporaryDirectory() as tmp:
        site = Path(tmp) / "site"
        build_site(site, n_articles=args.pages)
        pages = Path(tmp) / "pages"
        pages.mkdir()
        for i, page in enumerate(article_files(site, args.pages)):
            (pages / f"{i:05d}.html").write_bytes(page.read_bytes())
        db = args.db or f"sqlite:///{tmp}/bench.db"

        import importlib

        # the ingest command's own name for store_all (its module moved in the layering change)
        try:
            command = importlib.import_module("winnow.commands.ingest")
        except ModuleNotFoundError:
            command = importlib.import_module("winnow.commands")
        store_all = command.store_all

        def timed_store_all(*a, **kw):  # type: ignore[no-untyped-def]
            phase[0] = "write"
            store_all(*a, **kw)
            phase[0] = "after"

        command.store_all = timed_store_all
        from winnow.cli import main as winnow

        started = time.perf_counter()
        code = winnow(["ingest", str(pages), "--db", db])
        seconds = time.perf_counter() - started
    n = len(list(counts.elements()))
    print(
        f"pages: {args.pages}, exit {code}, {seconds:.2f} s; statements: all {n}, "
        f"write phase {counts['write']}, setup {counts['setup']}, after writing {counts['after']}"
    )


if __name__ == "__main__":
    main()

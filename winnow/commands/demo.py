"""``winnow demo``: serve the bundled demo site on 127.0.0.1, crawl it, export to ./exports/."""

from __future__ import annotations

import argparse
import tempfile
from pathlib import Path

from storage.db import database_url, open_db
from storage.export import export_csv
from winnow.commands.common import EXIT_OK
from winnow.commands.crawl import crawl_and_report
from winnow.commands.job import begin_run, check_health, locked
from winnow.lock import scope

# The demo site is local: no need to be polite to ourselves.
DEMO_SETTINGS = {
    "DOWNLOAD_DELAY": 0,
    "AUTOTHROTTLE_ENABLED": False,
    "CONCURRENT_REQUESTS_PER_DOMAIN": 16,
    "LOG_LEVEL": "WARNING",
}


@locked(lambda args: scope("demo"))
def demo(args: argparse.Namespace) -> int:
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
            run_id = begin_run(sessions, "demo", "demo")
            request = CrawlRequest(url, [server.url + "/"], "demo", None, run_id, DEMO_SETTINGS)
            code = crawl_and_report(sessions, request, {})
    code = check_health(sessions, run_id, args, code)
    if code != EXIT_OK:
        return code
    with sessions() as session:
        counts = export_csv(session, args.out)
    print(f"exported to {args.out}/: " + ", ".join(f"{k}.csv ({n} rows)" for k, n in counts.items()))
    return EXIT_OK

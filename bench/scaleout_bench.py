"""Scale-out bench: pages/s of a distributed crawl with 1, 2 and 3 workers (plus one plain process).

Builds a demo content-farm site of ``--articles`` pages (default 2,100, ~2,220 URLs with list pages),
serves it from a separate process, and crawls it into a fresh PostgreSQL database per run, each
with its own Redis key prefix (deleted afterwards). Reports the crawl phase (workers started ->
frontier finished) and the one clustering step the coordinator runs at the end separately.

Run: ``.venv/bin/python bench/scaleout_bench.py [--articles 2100] [--workers 1 2 3]``
"""

from __future__ import annotations

import argparse
import contextlib
import os
import re
import socket
import subprocess
import sys
import tempfile
import time
import uuid
from collections.abc import Iterator
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from crawler.frontier import Frontier  # noqa: E402
from tests.conftest import _pg_database  # noqa: E402
from winnow.demo import build_site  # noqa: E402

WINNOW = str(Path(sys.executable).parent / "winnow")
REDIS = os.environ.get("WINNOW_TEST_REDIS", "redis://127.0.0.1:6379/0")
FAST = [
    "-s",
    "DOWNLOAD_DELAY=0",
    "-s",
    "AUTOTHROTTLE_ENABLED=False",
    "-s",
    "CONCURRENT_REQUESTS_PER_DOMAIN=16",
    "-s",
    "LOG_LEVEL=WARNING",
]


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@contextlib.contextmanager
def served(root: Path) -> Iterator[str]:
    """The site from its own process, so the server's CPU is not the bench's."""
    port = free_port()
    proc = subprocess.Popen(
        [sys.executable, "-m", "winnow.demo.server", str(root), "--port", str(port)],
        cwd=REPO,
        stdout=subprocess.DEVNULL,
    )
    try:
        for _ in range(100):
            with contextlib.suppress(OSError), socket.create_connection(("127.0.0.1", port), timeout=0.2):
                break
            time.sleep(0.1)
        yield f"http://127.0.0.1:{port}/"
    finally:
        proc.terminate()
        proc.wait(timeout=10)


def run(start: str, workers: int | None, cwd: Path) -> dict[str, float]:
    """One crawl into a fresh database; workers=None is the plain single-process crawl."""
    with contextlib.contextmanager(_pg_database)() as db:
        prefix = f"winnow-bench-{uuid.uuid4().hex[:8]}"
        command = [WINNOW, "crawl", "--site", "demo", "--start-url", start, "--db", db, *FAST]
        if workers is not None:
            command += ["--distributed", "--workers", str(workers), "--redis", REDIS, "--frontier", prefix]
        started = time.monotonic()
        out = subprocess.run(command, capture_output=True, text=True, cwd=cwd, timeout=3600)
        total = time.monotonic() - started
        if workers is not None:
            Frontier.connect(REDIS, prefix).clear()
        if out.returncode != 0:
            raise SystemExit(f"crawl failed: {out.stdout[-1000:]} {out.stderr[-2000:]}")
        fetched = int(re.search(r"pages fetched: (\d+)", out.stdout).group(1))
        crawl = re.search(r"crawl ([\d.]+) s, clustering ([\d.]+) s", out.stdout)
        crawl_s, cluster_s = (float(crawl.group(1)), float(crawl.group(2))) if crawl else (total, float("nan"))
        return {"fetched": fetched, "crawl_s": crawl_s, "cluster_s": cluster_s, "total_s": total}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, default=2100)
    parser.add_argument("--workers", type=int, nargs="+", default=[1, 2, 3])
    parser.add_argument("--no-baseline", action="store_true", help="skip the plain single-process crawl")
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory(prefix="winnow-scaleout-") as tmp:
        root = Path(tmp) / "site"
        build_site(root, n_articles=args.articles)
        with served(root) as start:
            runs: list[tuple[str, dict[str, float]]] = []
            if not args.no_baseline:
                runs.append(("1 process, no Redis", run(start, None, Path(tmp))))
            for n in args.workers:
                runs.append((f"{n} worker(s)", run(start, n, Path(tmp))))
                print(f"  done: {runs[-1][0]}", file=sys.stderr)
    print(f"site: {args.articles} articles, CPUs: {os.cpu_count()}; pages/s over the crawl phase")
    print(f"{'run':<22} {'pages':>6} {'crawl s':>8} {'pages/s':>8} {'cluster s':>10} {'wall s':>7}")
    for name, r in runs:
        rate = r["fetched"] / r["crawl_s"] if r["crawl_s"] else 0.0
        print(
            f"{name:<22} {r['fetched']:>6.0f} {r['crawl_s']:>8.1f} {rate:>8.1f} {r['cluster_s']:>10.1f} {r['total_s']:>7.1f}"
        )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

"""Crawl throughput: a bare spider that stores nothing vs Winnow's full crawl (process + store).

Both crawl the same >= 2,000-page local demo site in the same run, served from memory by a
separate, lightweight process (bench/static_server.py), so that on this 2-core machine the
server takes as little CPU as possible from the crawl being measured. Target: Winnow >= 70 %
of bare for fetch + process + store; the corpus step after the crawl is reported separately.

    .venv/bin/python bench/crawl_bench.py [--articles 2400] [--repeat 2]
"""

from __future__ import annotations

import argparse
import json
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path

BIN = Path(sys.executable).parent
FAST = {
    "DOWNLOAD_DELAY": "0",
    "AUTOTHROTTLE_ENABLED": "False",
    "CONCURRENT_REQUESTS_PER_DOMAIN": "16",
    "CONCURRENT_REQUESTS": "16",
    "LOG_LEVEL": "WARNING",
}
# The bare spider routes exactly like Winnow's but has no item pipeline and no database lookups.
BARE = {
    "ITEM_PIPELINES": "{}",
    "DOWNLOADER_MIDDLEWARES": json.dumps(
        {
            "crawler.middlewares.HostGuardMiddleware": 50,
            "scrapy.downloadermiddlewares.redirect.RedirectMiddleware": None,
            "crawler.middlewares.LoopSafeRedirectMiddleware": 600,
        }
    ),
}


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def serve(root: Path) -> tuple[subprocess.Popen[bytes], str]:
    port = free_port()
    server = Path(__file__).resolve().parent / "static_server.py"  # see its docstring for why
    proc = subprocess.Popen(
        [str(BIN / "python"), str(server), str(root), str(port)], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
    )
    url = f"http://127.0.0.1:{port}"
    for _ in range(100):
        try:
            socket.create_connection(("127.0.0.1", port), timeout=0.2).close()
            return proc, url
        except OSError:
            time.sleep(0.1)
    raise RuntimeError("demo server did not start")


def run_crawl(url: str, settings: dict[str, str], tmp: Path, label: str) -> dict[str, float]:
    stats_file = tmp / f"{label}.json"
    args = [
        str(BIN / "scrapy"),
        "crawl",
        "site",
        "-a",
        f"start_url={url}/",
        "-a",
        "site=demo",
        "-s",
        f"WINNOW_DB=sqlite:///{tmp / label}.db",
        "-s",
        f"STATS_DUMP_FILE={stats_file}",
    ]
    for key, value in settings.items():
        args += ["-s", f"{key}={value}"]
    started = time.perf_counter()
    out = subprocess.run(
        args + ["-s", 'EXTENSIONS={"bench_stats.DumpStats": 0}'],
        capture_output=True,
        text=True,
        cwd=Path(__file__).resolve().parent.parent,
        env=_env(),
    )
    wall = time.perf_counter() - started
    if out.returncode != 0:
        raise RuntimeError(out.stderr[-2000:])
    stats = json.loads(stats_file.read_text())
    pages = stats["downloader/response_count"]
    elapsed = stats["elapsed_time_seconds"]
    stored = stats.get("winnow/stored_seconds", elapsed)  # every page fetched, processed, stored
    return {
        "pages": pages,
        "elapsed": elapsed,
        "stored": stored,
        "wall": wall,
        "cluster": stats.get("winnow/cluster_seconds", 0.0),
        "pages_per_s": pages / elapsed,
        "stored_per_s": pages / stored,
    }


def _env() -> dict[str, str]:
    import os

    env = dict(os.environ)
    env["PYTHONPATH"] = str(Path(__file__).resolve().parent) + os.pathsep + env.get("PYTHONPATH", "")
    return env


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, default=2400)
    parser.add_argument("--repeat", type=int, default=2)
    args = parser.parse_args()
    from winnow.demo import build_site

    with tempfile.TemporaryDirectory() as tmp_name:
        tmp = Path(tmp_name)
        build_site(tmp / "site", n_articles=args.articles)
        server, url = serve(tmp / "site")
        try:
            results: dict[str, list[dict[str, float]]] = {"bare": [], "winnow": []}
            for i in range(args.repeat):  # interleaved, so machine noise hits both alike
                results["bare"].append(run_crawl(url, {**FAST, **BARE}, tmp, f"bare{i}"))
                results["winnow"].append(run_crawl(url, FAST, tmp, f"winnow{i}"))
        finally:
            server.terminate()
    print(f"{'crawl':8} {'pages':>6} {'stored s':>9} {'pages/s':>8} {'cluster s':>10} {'total s':>8} {'pages/s':>8}")
    best = {}
    for name, runs in results.items():
        top = max(runs, key=lambda r: r["stored_per_s"])
        best[name] = top
        print(
            f"{name:8} {top['pages']:>6} {top['stored']:>9.1f} {top['stored_per_s']:>8.1f} "
            f"{top['cluster']:>10.1f} {top['elapsed']:>8.1f} {top['pages_per_s']:>8.1f}"
        )
    crawl_ratio = best["winnow"]["stored_per_s"] / best["bare"]["stored_per_s"]
    total_ratio = best["winnow"]["pages_per_s"] / best["bare"]["pages_per_s"]
    print(f"fetch + process + store: winnow / bare = {crawl_ratio:.0%} (target >= 70%)")
    print(f"including the corpus step at the end (site-wide boilerplate, clustering): {total_ratio:.0%}")
    return 0


if __name__ == "__main__":
    sys.exit(main())

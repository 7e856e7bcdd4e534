"""How ``winnow ingest`` scales with the store: ms/page, peak RSS and stage times at N pages.

    .venv/bin/python bench/scale_bench.py [--sizes 1000,10000,100000] [--dbs sqlite,postgresql]
                                          [--new 100] [--work DIR] [--traf 400]

For each N the demo generator (``winnow.demo.site.build_site``) renders a content-farm site of N
articles (article pages only are ingested; the rendered sites are kept in ``--work`` and reused).
Each ingest runs as its own ``python -m winnow ingest`` process, so its peak RSS (``ru_maxrss``
from ``wait4``) and wall time are that command's alone, start-up included. Stage times
(process, write, site-wide, cluster, canonical) are the ``seconds_*`` counts the run records.

Then ``--new`` pages of a different seed (new URLs) are ingested into the largest store and into
an empty one: their ratio is the cost of the store's size on a daily crawl (goal <= 2).

Last, ``--traf`` pages are ingested whole and the same files given to ``trafilatura.extract``
(default options, in this process, extraction only): the ratio is in the same run.

PostgreSQL: a scratch database per N on ``--pg`` (default the local server, trust auth).
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from sqlalchemy import create_engine, text  # noqa: E402

STAGES = ("process", "write", "sitewide", "cluster", "canonical")
PEAK_STAGES = ("store", "sitewide", "cluster", "canonical")  # peak RSS at the end of each (run record)


def article_files(site: Path) -> list[Path]:
    """Article pages of a generated site (list pages, the index and other files left out)."""
    return sorted(p for p in site.rglob("*.html") if p.parent.name not in ("list", site.name))


def pages_dir(work: Path, n: int, seed: int = 7) -> Path:
    """A directory holding exactly ``n`` generated article pages (built once, then reused)."""
    from winnow.demo.site import build_site

    out = work / f"pages-{seed}-{n}"
    if (out / ".done").exists():
        return out
    shutil.rmtree(out, ignore_errors=True)
    site = work / f"site-{seed}-{n}"
    build_site(site, seed=seed, n_articles=n)
    out.mkdir(parents=True)
    for i, page in enumerate(article_files(site)[:n]):
        os.link(page, out / f"{seed}-{i:06d}.html")
    (out / ".done").touch()
    shutil.rmtree(site)  # the pages are hard links: only the other files go
    return out


def fresh_db(kind: str, name: str, work: Path, pg: str) -> str:
    if kind == "sqlite":
        path = work / f"{name}.db"
        path.unlink(missing_ok=True)
        return f"sqlite:///{path}"
    admin = create_engine(pg, isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(text(f'DROP DATABASE IF EXISTS "{name}"'))
        conn.execute(text(f'CREATE DATABASE "{name}"'))
    admin.dispose()
    return pg.rsplit("/", 1)[0] + "/" + name


# The child reports its own peak (VmHWM, Linux): ru_maxrss from wait4 would also count this
# process's pages at the time it forked the child.
CHILD = """import atexit, resource, sys
def peak():
    with open("/proc/self/status") as status:
        kb = next(line.split()[1] for line in status if line.startswith("VmHWM"))
    print("PEAK_KB", kb, file=sys.stderr)
    # the largest of its --jobs worker processes (forked: much of it shared with this one)
    print("WORKER_KB", resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss, file=sys.stderr)
atexit.register(peak)
from winnow.cli import main
sys.exit(main(sys.argv[1:]))
"""


def ingest(db: str, *dirs: Path) -> dict:
    """Run ``winnow ingest`` in its own process; wall seconds, peak RSS (MB) and stage seconds."""
    # the previous step's writes are flushed first: an ingest must not pay for writing back the
    # 3 GB the one before it left dirty (a daily crawl's store was written a day before)
    os.sync()
    start = time.perf_counter()
    proc = subprocess.run(
        [sys.executable, "-c", CHILD, "ingest", *map(str, dirs), "--db", db],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        cwd=ROOT,
        text=True,
    )
    seconds = time.perf_counter() - start
    if proc.returncode not in (0, 3):  # 3: run finished with health warnings
        raise SystemExit(f"ingest failed ({proc.returncode}): {proc.stderr[-2000:]}")
    peak_kb = int(proc.stderr.rsplit("PEAK_KB", 1)[1].split()[0])
    worker_kb = int(proc.stderr.rsplit("WORKER_KB", 1)[1].split()[0])
    counts = last_run_counts(db)
    return {
        "seconds": seconds,
        "rss_mb": peak_kb / 1024,
        "worker_mb": worker_kb / 1024,
        "stages": {s: float(counts.get(f"seconds_{s}", 0.0)) for s in STAGES},
        "peaks": {s: float(counts.get(f"peak_mb_{s}", 0.0)) for s in PEAK_STAGES},
    }


def last_run_counts(db: str) -> dict:
    engine = create_engine(db)
    with engine.connect() as conn:
        counts = conn.execute(text("select counts from crawl_runs order by id desc limit 1")).scalar()
    engine.dispose()
    return json.loads(counts) if isinstance(counts, str) else (counts or {})


def traf_seconds(files: list[Path]) -> float:
    import trafilatura

    bodies = [p.read_bytes() for p in files]
    start = time.perf_counter()
    for body in bodies:
        trafilatura.extract(body)
    return time.perf_counter() - start


def row(label: str, n: int, result: dict) -> str:
    stages = " ".join(f"{s} {result['stages'][s]:6.1f}" for s in STAGES)
    peaks = "/".join(f"{result['peaks'][s]:.0f}" for s in PEAK_STAGES)
    return (
        f"{label:<11}{n:>8} {result['seconds']:8.1f} s {1000 * result['seconds'] / n:7.2f} ms/page "
        f"{result['rss_mb']:7.0f} MB  (after {peaks}; worker {result['worker_mb']:.0f})   {stages}"
    )


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--sizes", default="1000,10000,100000")
    parser.add_argument("--dbs", default="sqlite,postgresql")
    parser.add_argument("--new", type=int, default=100)
    parser.add_argument("--traf", type=int, default=400)
    parser.add_argument("--work", type=Path, default=Path("/tmp/winnow-scale"))
    parser.add_argument("--pg", default="postgresql+psycopg://postgres@127.0.0.1:5432/test")
    args = parser.parse_args(argv)
    args.work.mkdir(parents=True, exist_ok=True)
    sizes = [int(s) for s in args.sizes.split(",")]
    print(
        "store      pages     wall      ms/page  peak RSS  (after store/sitewide/cluster/canonical; largest worker)"
        "   stage seconds"
    )
    for kind in args.dbs.split(","):
        results = {}
        for n in sizes:
            results[n] = ingest(fresh_db(kind, f"winnow_scale_{n}", args.work, args.pg), pages_dir(args.work, n))
            print(row(kind, n, results[n]), flush=True)
        small, large = min(sizes), max(sizes)
        new = pages_dir(args.work, args.new, seed=8)
        into_large = ingest(
            args.pg.rsplit("/", 1)[0] + f"/winnow_scale_{large}"
            if kind != "sqlite"
            else f"sqlite:///{args.work}/winnow_scale_{large}.db",
            new,
        )
        into_empty = ingest(fresh_db(kind, "winnow_scale_empty", args.work, args.pg), new)
        print(row(f"{kind}+new", args.new, into_large))
        print(row(f"{kind} empty", args.new, into_empty))
        print(
            f"{kind}: peak RSS {large}/{small} = {results[large]['rss_mb'] / results[small]['rss_mb']:.2f}x (goal <= 1.25)"
        )
        if len(sizes) > 1:
            mid = sorted(sizes)[-2]
            ratio = (results[large]["seconds"] / large) / (results[mid]["seconds"] / mid)
            print(f"{kind}: ms/page {large}/{mid} = {ratio:.2f}x (goal <= 1.15)")
        print(
            f"{kind}: {args.new} new pages into the {large}-page store / into an empty one = "
            f"{into_large['seconds'] / into_empty['seconds']:.2f}x (goal <= 2)",
            flush=True,
        )
    if args.traf:
        files_dir = pages_dir(args.work, args.traf, seed=9)
        ours = ingest(fresh_db("sqlite", "winnow_scale_traf", args.work, args.pg), files_dir)
        theirs = traf_seconds(sorted(files_dir.glob("*.html")))
        print(
            f"whole winnow ingest of {args.traf} pages {ours['seconds']:.2f} s; trafilatura.extract alone "
            f"{theirs:.2f} s; ratio {ours['seconds'] / theirs:.2f}x (goal <= 0.5)"
        )


if __name__ == "__main__":
    main()

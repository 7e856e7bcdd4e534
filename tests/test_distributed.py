"""Distributed crawls for real: worker processes, one Redis frontier, one PostgreSQL store.

Each test uses its own Redis key prefix (deleted afterwards; nothing else in Redis is touched)
and its own PostgreSQL databases. The reference is a single-process crawl of the same site.
"""

from __future__ import annotations

import contextlib
import csv
import json
import os
import signal
import subprocess
import sys
import time
import uuid
from collections import Counter
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import urlsplit

import pytest

from crawler.frontier import Frontier, WorkerStatus
from tests.conftest import _pg_database
from winnow.demo import build_site, serve

pytestmark = pytest.mark.slow

WINNOW = str(Path(sys.executable).parent / "winnow")
REDIS = os.environ.get("WINNOW_TEST_REDIS", "redis://127.0.0.1:6379/0")
FAST = ["-s", "DOWNLOAD_DELAY=0", "-s", "AUTOTHROTTLE_ENABLED=False", "-s", "CONCURRENT_REQUESTS_PER_DOMAIN=16"]
VOLATILE = ("first_seen", "last_seen")  # when a page was seen: differs between any two crawls


def winnow(*args: str, cwd: Path, timeout: float = 120) -> subprocess.CompletedProcess[str]:
    out = subprocess.run([WINNOW, *args], capture_output=True, text=True, cwd=cwd, timeout=timeout)
    assert out.returncode == 0, out.stdout[-2000:] + out.stderr[-3000:]
    return out


def read_csv(path: Path) -> list[dict[str, str]]:
    with open(path, encoding="utf-8-sig", newline="") as handle:
        return list(csv.DictReader(handle))


def export(db: str, out: Path, cwd: Path) -> dict[str, list[dict[str, str]]]:
    winnow("export", "--out", str(out), "--db", db, cwd=cwd)
    return {name: read_csv(out / f"{name}.csv") for name in ("documents", "sections", "canonical")}


def comparable(tables: dict[str, list[dict[str, str]]]) -> dict[str, list[tuple[str, ...]]]:
    """The export without row ids and timestamps, in a stable order."""
    docs = sorted((d["url"], d["status"], d["clean_text"]) for d in tables["documents"])
    sections = sorted((s["url"], s["section_no"], s["heading"], s["text"], s["cluster_id"]) for s in tables["sections"])
    canonical = sorted(tuple(v for k, v in sorted(c.items()) if k not in VOLATILE) for c in tables["canonical"])
    return {"documents": docs, "sections": sections, "canonical": canonical}


@contextlib.contextmanager
def database() -> Iterator[str]:
    with contextlib.contextmanager(_pg_database)() as url:
        yield url


@contextlib.contextmanager
def frontier_prefix() -> Iterator[str]:
    prefix = f"winnow-test-{uuid.uuid4().hex[:10]}"
    try:
        yield prefix
    finally:
        Frontier.connect(REDIS, prefix).clear()


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Iterator[dict]:
    tmp = tmp_path_factory.mktemp("distributed")
    gold = json.loads(build_site(tmp / "site").read_text(encoding="utf-8"))
    with serve(tmp / "site") as server, database() as db:
        start = server.url + "/"
        winnow("crawl", "--site", "demo", "--start-url", start, "--db", db, *FAST, cwd=tmp)
        reference = comparable(export(db, tmp / "single", tmp))
        yield {"tmp": tmp, "gold": gold, "start": start, "reference": reference}


class Crawl:
    """``winnow crawl --distributed`` running in the background; output goes to files, not pipes
    (a killed worker's leftovers must not keep a pipe open)."""

    def __init__(self, site: dict, db: str, prefix: str, workers: int, *extra: str) -> None:
        command = [
            WINNOW,
            "crawl",
            "--distributed",
            "--workers",
            str(workers),
            "--redis",
            REDIS,
            "--frontier",
            prefix,
            "--site",
            "demo",
            "--start-url",
            site["start"],
            "--db",
            db,
            *FAST,
            *extra,
        ]
        self.out, self.err = (site["tmp"] / f"{prefix}.{name}" for name in ("out", "err"))
        with open(self.out, "w") as out, open(self.err, "w") as err:
            self.proc = subprocess.Popen(command, cwd=site["tmp"], stdout=out, stderr=err)

    def finish(self, timeout: float = 120) -> str:
        self.proc.wait(timeout=timeout)
        stdout, stderr = self.out.read_text(), self.err.read_text()
        assert self.proc.returncode == 0, stdout + stderr[-3000:]
        return stdout


def assert_same_as_single_process(site: dict, got: dict[str, list[tuple[str, ...]]]) -> None:
    urls = Counter(urlsplit(d[0]).path for d in got["documents"])
    assert not [u for u, n in urls.items() if n > 1], "a page stored twice"
    missing = [p for p in site["gold"]["reachable_articles"] if urls[p] != 1]
    assert not missing, f"reachable articles not stored: {missing[:5]}"
    reference = site["reference"]
    assert got["documents"] == reference["documents"]
    assert got["sections"] == reference["sections"]
    assert got["canonical"] == reference["canonical"]


def test_three_workers_store_what_one_process_stores(site: dict) -> None:
    with database() as db, frontier_prefix() as prefix:
        stdout = Crawl(site, db, prefix, 3).finish()
        assert "crawl finished (distributed, 3 workers, 0 lost)" in stdout
        got = comparable(export(db, site["tmp"] / f"out-{prefix}", site["tmp"]))
        frontier = Frontier.connect(REDIS, prefix)
        workers = frontier.workers()
        status = winnow("frontier", "--redis", REDIS, "--frontier", prefix, cwd=site["tmp"]).stdout
    assert_same_as_single_process(site, got)
    assert len(workers) == 3 and all(w.state == "finished" for w in workers)
    assert all(w.pages > 0 for w in workers), "every worker took part"
    assert sum(w.pages for w in workers) == len(got["documents"])  # each page stored by exactly one worker
    assert "queued: 0" in status and "in flight: 0" in status and "finished" in status


def test_a_killed_worker_loses_nothing(site: dict) -> None:
    with database() as db, frontier_prefix() as prefix:
        # A little slower, so the kill lands mid-crawl; a dead worker is noticed after 2 s.
        crawl = Crawl(
            site,
            db,
            prefix,
            3,
            "-s",
            "DOWNLOAD_DELAY=0.05",
            "-s",
            "CONCURRENT_REQUESTS_PER_DOMAIN=4",
            "-s",
            "WINNOW_FRONTIER_STALE_SECONDS=2",
        )
        frontier = Frontier.connect(REDIS, prefix)
        victim = wait_for_busy_worker(frontier, crawl.proc)
        os.kill(victim.pid, signal.SIGKILL)
        stdout = crawl.finish()
        got = comparable(export(db, site["tmp"] / f"out-{prefix}", site["tmp"]))
        dead = [w for w in frontier.workers() if w.state == "dead"]
        requeued = json.loads(frontier.server.hget(frontier.workers_key, victim.worker))["requeued"]
    assert "1 lost" in stdout
    assert [w.worker for w in dead] == [victim.worker]
    assert requeued >= 1, "the victim held leases when it was killed"
    assert_same_as_single_process(site, got)


def wait_for_busy_worker(frontier: Frontier, proc: subprocess.Popen[str], timeout: float = 60) -> WorkerStatus:
    """A worker that has stored some pages and holds leases right now."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        assert proc.poll() is None, "the crawl ended before a worker could be killed"
        for w in frontier.workers():
            if w.pages >= 5 and w.inflight >= 2 and w.state == "busy":
                return w
        time.sleep(0.05)
    raise AssertionError("no busy worker seen")


def test_distributed_farm_crawl_with_host_patterns_from_a_site_file(tmp_path: Path) -> None:
    """Two workers crawl the multi-host farm from one --site-file (host patterns, the site's
    settings carried to the workers in the crawl descriptor): every article once, nothing else."""
    from tests.farm import DOMAIN, SMALL, FarmServer
    from tests.test_farm_crawl import site_file

    with FarmServer(shape=SMALL) as server, database() as db, frontier_prefix() as prefix:
        path = site_file(tmp_path / "wenda.toml", server)
        winnow(
            "crawl",
            "--distributed",
            "--workers",
            "2",
            "--redis",
            REDIS,
            "--frontier",
            prefix,
            "--site-file",
            str(path),
            "--db",
            db,
            *FAST,
            cwd=tmp_path,
            timeout=300,
        )
        got = export(db, tmp_path / "out", tmp_path)
        hosts = {host for _, host, _ in server.log}
    urls = [d["url"] for d in got["documents"]]
    assert len(urls) == len(set(urls))
    assert set(urls) == server.farm.urls("article")
    assert "ads.other.test" not in hosts and len([h for h in hosts if h.endswith("." + DOMAIN)]) == SMALL.cities + 1

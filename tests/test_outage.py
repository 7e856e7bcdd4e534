"""PostgreSQL going away mid-crawl: batches wait and are stored when it comes back."""

from __future__ import annotations

import subprocess
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import create_engine, text

from tests.conftest import _pg_database
from tests.mockserver import MockServer
from tests.tcpproxy import Proxy
from tests.test_crawler import FAST, WINNOW, slow_site


@pytest.fixture
def pg_url() -> Iterator[str]:
    yield from _pg_database()


def count(url: str) -> int:
    engine = create_engine(url)
    try:
        with engine.connect() as conn:
            return conn.execute(text("select count(*) from documents where status = 'ok'")).scalar_one()
    except Exception:
        return 0
    finally:
        engine.dispose()


# The site answers slowly (0.1 s a page, two at a time: ~7 s for its 133 pages) so that the
# outage below falls mid-crawl: list pages are not stored, and a faster site was crawled and
# written before the outage began.
def test_postgresql_outage_mid_crawl_loses_nothing(pg_url: str, tmp_path: Path) -> None:
    proxy = Proxy(("127.0.0.1", 5432))
    proxy.start()
    via_proxy = pg_url.replace("127.0.0.1:5432", f"127.0.0.1:{proxy.port}")
    site = slow_site(120, delay=0.1)
    args = ["-s", "CONCURRENT_REQUESTS=2", "-s", "WINNOW_FLUSH_SECONDS=0.3", "-s", "WINNOW_BATCH_SIZE=5"]
    log = tmp_path / "stderr.log"
    with MockServer(site) as server, log.open("w") as stderr:
        proc = subprocess.Popen(
            [WINNOW, "crawl", "--start-url", server.url + "/", "--db", via_proxy, *FAST, *args],
            stdout=subprocess.DEVNULL,
            stderr=stderr,
            text=True,
        )
        deadline = time.monotonic() + 120
        while count(pg_url) < 20 and time.monotonic() < deadline and proc.poll() is None:
            time.sleep(0.1)
        proxy.stop()
        # the crawl goes on fetching; the database stays away until a batch has failed to be
        # written (on a loaded machine that can take longer than any fixed pause)
        deadline = time.monotonic() + 60
        while "database unreachable, retrying" not in log.read_text() and time.monotonic() < deadline:
            time.sleep(0.2)
        down_count = count(pg_url)
        proxy.start()
        proc.wait(timeout=300)
    proxy.close()
    err = log.read_text()
    assert proc.returncode == 0, err[-3000:]
    assert "database unreachable, retrying" in err
    assert down_count < 133
    assert count(pg_url) == 133  # every page of the site, each once


def test_site_going_away_mid_crawl_fails_clearly_and_the_next_run_completes(tmp_path: Path) -> None:
    site = slow_site(120, delay=0.1)
    args = [
        "-s",
        "CONCURRENT_REQUESTS=2",
        "-s",
        "WINNOW_FLUSH_SECONDS=0.3",
        "-s",
        "WINNOW_BATCH_SIZE=5",
        "-s",
        "RETRY_TIMES=0",
    ]
    db = f"sqlite:///{tmp_path / 'w.db'}"
    server = MockServer(site)
    port = server.port
    with server:
        proc = subprocess.Popen(
            [WINNOW, "crawl", "--start-url", server.url + "/", "--db", db, *FAST, *args],
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        deadline = time.monotonic() + 120
        while count(db) < 20 and time.monotonic() < deadline and proc.poll() is None:
            time.sleep(0.1)
    out, err = proc.communicate(timeout=300)  # the server is gone: every further request fails
    assert proc.returncode == 1
    assert "the site stopped answering" in err.strip().splitlines()[-1]
    kept = count(db)
    assert kept >= 20
    again = MockServer.__new__(MockServer)
    _rebind(again, site, port)
    with again:
        rerun = subprocess.run(
            [WINNOW, "crawl", "--start-url", f"http://127.0.0.1:{port}/", "--db", db, *FAST, *args],
            capture_output=True,
            text=True,
            timeout=300,
        )
    assert rerun.returncode == 0, rerun.stderr[-2000:]
    assert count(db) == 133


def _rebind(server: MockServer, site, port: int) -> None:  # type: ignore[no-untyped-def]
    """The same site on the same port again (the documents' URLs include it)."""
    import threading
    from http.server import ThreadingHTTPServer

    from tests.mockserver import Handler

    handler = type("BoundHandler", (Handler,), {"site": site})
    ThreadingHTTPServer.allow_reuse_address = True
    server.httpd = ThreadingHTTPServer(("127.0.0.1", port), handler)
    server.httpd.daemon_threads = True
    server.site, server.port, server.url = site, port, f"http://127.0.0.1:{port}"
    server.thread = threading.Thread(target=server.httpd.serve_forever, daemon=True)


def test_redis_going_away_fails_the_distributed_run_clearly_and_a_rerun_completes(tmp_path: Path) -> None:
    import shutil
    import socket

    redis_server = shutil.which("redis-server")
    assert redis_server, "redis-server is part of this machine kind"
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    redis_url = f"redis://127.0.0.1:{port}/0"

    def start_redis() -> subprocess.Popen[bytes]:
        proc = subprocess.Popen(
            [redis_server, "--port", str(port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no"],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        for _ in range(100):
            try:
                socket.create_connection(("127.0.0.1", port), timeout=0.2).close()
                return proc
            except OSError:
                time.sleep(0.05)
        raise RuntimeError("redis-server did not start")

    site = slow_site(120, delay=0.1)
    pg = _pg_database()
    db = next(pg)
    args = [
        "--distributed",
        "--workers",
        "2",
        "--redis",
        redis_url,
        "--frontier",
        "outage",
        *FAST,
        "-s",
        "CONCURRENT_REQUESTS=2",
        "-s",
        "WINNOW_FLUSH_SECONDS=0.3",
        "-s",
        "WINNOW_BATCH_SIZE=5",
    ]
    redis_proc = start_redis()
    try:
        with MockServer(site) as server:
            command = [WINNOW, "crawl", "--start-url", server.url + "/", "--db", db, *args]
            proc = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
            deadline = time.monotonic() + 120
            while count(db) < 10 and time.monotonic() < deadline and proc.poll() is None:
                time.sleep(0.1)
            redis_proc.kill()
            redis_proc.wait()
            out, err = proc.communicate(timeout=120)
            assert proc.returncode == 1, err[-2000:]
            assert "the Redis frontier" in err.strip().splitlines()[-1] and "went away" in err
            assert count(db) < 133
            redis_proc = start_redis()
            rerun = subprocess.run(command, capture_output=True, text=True, timeout=300)
            assert rerun.returncode == 0, rerun.stderr[-2000:]
            assert count(db) == 133
    finally:
        redis_proc.kill()
        try:
            next(pg)
        except StopIteration:
            pass

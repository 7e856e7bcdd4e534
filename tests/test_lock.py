"""Operators: overlapping runs of one site exit 75, progress stays out of cron logs, no password leaks."""

from __future__ import annotations

import io
import os
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest

from winnow.lock import AlreadyRunning, lock_path, run_lock, scope
from winnow.progress import Progress

WINNOW = str(Path(sys.executable).parent / "winnow")
PAGES = 12
SECRET = "s3cretPW42"


class _SlowSite(BaseHTTPRequestHandler):
    """A small site whose every page takes a while, so a crawl of it lasts a few seconds."""

    hits = 0
    protocol_version = "HTTP/1.1"

    def do_GET(self) -> None:  # noqa: N802 - stdlib name
        type(self).hits += 1
        if self.path == "/robots.txt":
            body = b"User-agent: *\nAllow: /\n"
            ctype = "text/plain"
        else:
            # every page is a list of links: classified as a list page, fetched but not processed or
            # stored, so each must take long enough for the crawl to outlast a second one's start-up
            time.sleep(0.5)
            links = "".join(f'<a href="/p/{i}.html">第{i}页</a>' for i in range(PAGES))
            body = (
                f"<html><head><title>慢页面</title></head><body><p>医保卡余额怎么查?</p>{links}</body></html>".encode()
            )
            ctype = "text/html; charset=utf-8"
        self.send_response(200)
        self.send_header("Content-Type", ctype)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args: object) -> None:
        pass


@pytest.fixture
def slow_site() -> Iterator[str]:
    server = ThreadingHTTPServer(("127.0.0.1", 0), _SlowSite)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/"
    finally:
        server.shutdown()
        server.server_close()


@pytest.fixture(autouse=True)
def lock_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    path = tmp_path / "locks"
    monkeypatch.setenv("WINNOW_LOCK_DIR", str(path))
    return path


def crawl_cmd(url: str, db: str) -> list[str]:
    return [
        WINNOW,
        "crawl",
        "--start-url",
        url,
        "--db",
        db,
        "-s",
        "DOWNLOAD_DELAY=0",
        "-s",
        "AUTOTHROTTLE_ENABLED=False",
        "-s",
        "CONCURRENT_REQUESTS_PER_DOMAIN=1",
    ]


@pytest.mark.slow
def test_second_overlapping_crawl_exits_75_and_first_finishes(slow_site: str, tmp_path: Path) -> None:
    db = f"sqlite:///{tmp_path / 'w.db'}"
    env = os.environ.copy()
    _SlowSite.hits = 0
    first = subprocess.Popen(
        crawl_cmd(slow_site, db), cwd=tmp_path, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True
    )
    try:
        deadline = time.monotonic() + 60
        while _SlowSite.hits < 2 and time.monotonic() < deadline:  # the first crawl is under way
            assert first.poll() is None, first.communicate()
            time.sleep(0.05)
        started = time.monotonic()
        second = subprocess.run(
            crawl_cmd(slow_site, db), cwd=tmp_path, env=env, capture_output=True, text=True, timeout=60
        )
        assert time.monotonic() - started < 15  # "at once": no waiting for the lock
        assert first.poll() is None, "the first crawl should still be running"
        assert second.returncode == 75, second.stderr
        lines = second.stderr.strip().splitlines()
        assert len(lines) == 1 and lines[0].startswith("winnow: another run of hosts:127.0.0.1:")
        assert "try later" in lines[0]
        out, err = first.communicate(timeout=120)
    finally:
        if first.poll() is None:
            first.kill()
    assert first.returncode == 0, err
    assert "crawl finished" in out
    # released: the same crawl may run again now
    again = subprocess.run(
        crawl_cmd(slow_site, db) + ["--max-pages", "1"],
        cwd=tmp_path,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert again.returncode == 0, again.stderr


def test_lock_is_per_database_and_site(tmp_path: Path) -> None:
    db1, db2 = f"sqlite:///{tmp_path / 'a.db'}", f"sqlite:///{tmp_path / 'b.db'}"
    with run_lock(db1, scope("demo")) as path:
        assert path.exists()
        with pytest.raises(AlreadyRunning):
            with run_lock(db1, scope("demo")):
                pass
        with run_lock(db2, scope("demo")), run_lock(db1, scope("other")):
            pass  # another database, another site: no conflict
    with run_lock(db1, scope("demo")):
        pass  # released on exit
    assert scope(None, ["http://A.example/x", "http://a.example/y"]) == "hosts:a.example"
    # relative and absolute paths to the same SQLite file are the same database
    os.chdir(tmp_path)
    assert lock_path("sqlite:///a.db", "site:x") == lock_path(db1, "site:x")


def test_lock_message_never_shows_the_password() -> None:
    url = f"postgresql+psycopg://winnow:{SECRET}@db.example/winnow"
    with run_lock(url, "site:demo"):
        with pytest.raises(AlreadyRunning) as info:
            with run_lock(url, "site:demo"):
                pass
    assert SECRET not in str(info.value) and "db.example" in str(info.value)


@pytest.fixture
def pg_with_password() -> Iterator[str]:
    """A fresh PostgreSQL database, its URL carrying a password (trust auth ignores it)."""
    from conftest import _pg_database

    for url in _pg_database():
        yield url.replace("://postgres@", f"://postgres:{SECRET}@", 1)


@pytest.mark.parametrize("reachable", [False, True])
def test_no_password_in_logs_or_errors(tmp_path: Path, reachable: bool, request: pytest.FixtureRequest) -> None:
    """Unreachable server (exit 2) and a reachable one, with DEBUG logs to a file."""
    if reachable:
        url = request.getfixturevalue("pg_with_password")
    else:
        url = f"postgresql+psycopg://postgres:{SECRET}@127.0.0.1:1/test"
    assert SECRET in url
    log = tmp_path / "winnow.log"
    result = subprocess.run(
        [WINNOW, "export", "--out", str(tmp_path / "out"), "--db", url, "--log-level", "DEBUG", "--log-file", str(log)],
        capture_output=True,
        text=True,
        timeout=120,
        cwd=tmp_path,
    )
    assert result.returncode in (0, 2), result.stderr
    everything = result.stdout + result.stderr + (log.read_text() if log.exists() else "")
    assert SECRET not in everything
    if not reachable:
        assert result.returncode == 2 and "***" in result.stderr
    else:
        assert result.returncode == 0 and log.read_text()  # DEBUG logging really happened


def test_progress_is_silent_unless_a_terminal() -> None:
    quiet = io.StringIO()
    with Progress("ingest", stream=quiet) as progress:
        list(progress.track(range(50)))
    assert quiet.getvalue() == "" and progress.done == 50

    class Tty(io.StringIO):
        def isatty(self) -> bool:
            return True

    loud = Tty()
    with Progress("export", total=3, unit="rows", stream=loud, interval=0) as progress:
        for _ in range(3):
            progress.advance()
    shown = loud.getvalue()
    assert "\rexport: 3/3 rows" in shown and shown.endswith("\r")

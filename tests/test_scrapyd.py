"""A real scrapyd: deploy the crawler with deploy/scrapyd/deploy.sh, schedule the `site` spider on
the demo site, wait for it, and find its documents in the database."""

from __future__ import annotations

import json
import os
import socket
import subprocess
import sys
import time
import urllib.parse
import urllib.request
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import create_engine, text

from winnow.demo import build_site, serve

REPO = Path(__file__).resolve().parent.parent
BIN = Path(sys.executable).parent
pytestmark = pytest.mark.slow

if not (BIN / "scrapyd").exists() or not (BIN / "scrapyd-deploy").exists():
    pytest.skip("scrapyd / scrapyd-client are not installed", allow_module_level=True)


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def call(base: str, endpoint: str, data: list[tuple[str, str]] | None = None) -> dict[str, Any]:
    body = urllib.parse.urlencode(data).encode() if data is not None else None
    with urllib.request.urlopen(base + endpoint, data=body, timeout=10) as response:
        return json.loads(response.read())


@pytest.fixture
def scrapyd(tmp_path: Path) -> Iterator[str]:
    home = tmp_path / "scrapyd"
    home.mkdir()
    port = free_port()
    (home / "scrapyd.conf").write_text(
        "[scrapyd]\n"
        f"bind_address = 127.0.0.1\nhttp_port = {port}\npoll_interval = 0.5\nmax_proc = 1\n"
        f"eggs_dir = {home / 'eggs'}\nlogs_dir = {home / 'logs'}\ndbs_dir = {home / 'dbs'}\nitems_dir =\n"
    )
    log = (home / "scrapyd.out").open("w")
    proc = subprocess.Popen([str(BIN / "scrapyd")], cwd=home, stdout=log, stderr=subprocess.STDOUT)
    base = f"http://127.0.0.1:{port}/"
    try:
        deadline = time.monotonic() + 30
        while True:
            try:
                assert call(base, "daemonstatus.json")["status"] == "ok"
                break
            except OSError:
                assert proc.poll() is None, (home / "scrapyd.out").read_text()
                assert time.monotonic() < deadline, "scrapyd did not start"
                time.sleep(0.2)
        yield base
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            proc.kill()
        log.close()


def test_deploy_schedule_and_store(scrapyd: str, tmp_path: Path) -> None:
    deploy = subprocess.run(
        [str(REPO / "deploy" / "scrapyd" / "deploy.sh"), scrapyd, "1"],
        capture_output=True,
        text=True,
        timeout=180,
        env=os.environ | {"WINNOW_VENV": str(BIN.parent)},
    )
    assert deploy.returncode == 0, deploy.stdout + deploy.stderr
    assert call(scrapyd, "listspiders.json?project=winnow")["spiders"] == ["site"]

    db = f"sqlite:///{tmp_path / 'scrapyd.db'}"
    build_site(tmp_path / "site")
    with serve(tmp_path / "site") as server:
        job = call(
            scrapyd,
            "schedule.json",
            [
                ("project", "winnow"),
                ("spider", "site"),
                ("start_url", server.url + "/"),
                ("setting", f"WINNOW_DB={db}"),
                ("setting", "DOWNLOAD_DELAY=0"),
                ("setting", "AUTOTHROTTLE_ENABLED=False"),
                ("setting", "CONCURRENT_REQUESTS_PER_DOMAIN=16"),
            ],
        )
        assert job["status"] == "ok", job
        job_id = job["jobid"]
        deadline = time.monotonic() + 240
        while True:
            jobs = call(scrapyd, "listjobs.json?project=winnow")
            finished = [j for j in jobs["finished"] if j["id"] == job_id]
            if finished:
                break
            assert time.monotonic() < deadline, f"job still not finished: {jobs}"
            time.sleep(0.5)
    log_url = finished[0].get("log_url")
    engine = create_engine(db)
    try:
        with engine.connect() as conn:
            ok = conn.execute(text("SELECT count(*) FROM documents WHERE status = 'ok'")).scalar_one()
            urls = conn.execute(text("SELECT url FROM documents")).scalars().all()
            runs = conn.execute(text("SELECT kind, status FROM crawl_runs")).all()
            clusters = conn.execute(text("SELECT count(*) FROM clusters WHERE member_count >= 2")).scalar_one()
    finally:
        engine.dispose()
    assert ok >= 100, f"only {ok} documents; log: {log_url}"
    assert all(u.startswith(server.url) for u in urls)
    assert runs == [("crawl", "finished")]
    assert clusters >= 5

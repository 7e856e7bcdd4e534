"""`winnow sites init URL` proposes a site file that, used as it is, crawls the site with no list
page stored and no article missed: on the demo site and on the multi-host farm."""

from __future__ import annotations

import json
import sqlite3
import subprocess
import sys
import tomllib
from pathlib import Path

import pytest

from tests.farm import DOMAIN, SMALL, FarmServer
from winnow.demo import build_site, serve

pytestmark = pytest.mark.slow

WINNOW = str(Path(sys.executable).parent / "winnow")
FAST = ["-s", "DOWNLOAD_DELAY=0", "-s", "AUTOTHROTTLE_ENABLED=False", "-s", "CONCURRENT_REQUESTS_PER_DOMAIN=8"]


def run(*args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    out = subprocess.run([WINNOW, *args], capture_output=True, text=True, cwd=cwd, timeout=600)
    assert out.returncode == 0, out.stderr[-3000:]
    return out


def stored_urls(db: Path) -> set[str]:
    with sqlite3.connect(db) as conn:
        return {u for (u,) in conn.execute("select url from documents where status = 'ok'")}


def test_init_on_the_demo_site(tmp_path: Path) -> None:
    gold = json.loads(build_site(tmp_path / "site").read_text(encoding="utf-8"))
    with serve(tmp_path / "site") as server:
        out = run("sites", "init", server.url + "/", "--max-pages", "80", *FAST, cwd=tmp_path)
        proposed = next((tmp_path / "sites").glob("*.toml"))
        assert str(proposed.name) in out.stdout
        site = tomllib.loads(proposed.read_text(encoding="utf-8"))["site"]
        assert site["article_pattern"] and site["list_pattern"]
        db = tmp_path / "w.db"
        run("crawl", "--site-file", str(proposed), "--db", f"sqlite:///{db}", *FAST, cwd=tmp_path)
    stored = {u.removeprefix(server.url) for u in stored_urls(db)}
    assert stored == set(gold["reachable_articles"])  # every article, and nothing else
    assert not stored & (set(gold["list_pages"]) | set(gold["index_pages"]))


def test_init_on_the_multi_host_farm(tmp_path: Path) -> None:
    with FarmServer(shape=SMALL) as server:
        resolve = [
            "-s",
            "TWISTED_DNS_RESOLVER=crawler.resolver.MappedResolver",
            "-s",
            f"WINNOW_RESOLVE={server.resolve}",
        ]
        start = server.farm.base("www." + DOMAIN) + "/"
        proposed = tmp_path / "wenda.toml"
        run("sites", "init", start, "--out", str(proposed), "--max-pages", "40", *FAST, *resolve, cwd=tmp_path)
        site = tomllib.loads(proposed.read_text(encoding="utf-8"))["site"]
        assert site["allowed_hosts"] == [f"*.{DOMAIN}"]
        assert "copyqa.test" in proposed.read_text(encoding="utf-8")  # named as linked, not included
        db = tmp_path / "w.db"
        run("crawl", "--site-file", str(proposed), "--db", f"sqlite:///{db}", *FAST, *resolve, cwd=tmp_path)
        hosts = {host for _, host, _ in server.log}
    farm_articles = {u for u in server.farm.urls("article") if DOMAIN in u}
    assert stored_urls(db) == farm_articles
    assert "ads.other.test" not in hosts

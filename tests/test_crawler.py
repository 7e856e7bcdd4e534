"""Real crawls (subprocesses of `winnow crawl`) against real local HTTP servers; no mocked downloader."""

from __future__ import annotations

import os
import signal
import sqlite3
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.mockserver import MockServer, Site, flaky, gzip_bomb, redirect, static

WINNOW = str(Path(sys.executable).parent / "winnow")
FAST = ["-s", "DOWNLOAD_DELAY=0", "-s", "AUTOTHROTTLE_ENABLED=False", "-s", "RETRY_TIMES=2"]
BODY = "<p>{}</p>".format("医保卡余额可以通过支付宝、微信、电话和线下窗口查询,步骤如下。" * 4)
GBK_TEXT = "镕喆堃珺昇:本地医保经办机构地址在人民路一号,可现场咨询办理医保卡余额查询业务。"


def article(title: str, links: list[str] = (), extra: str = "", charset: str = "utf-8") -> str:
    anchors = "".join(f'<li><a href="{href}">{href}</a></li>' for href in links)
    return (
        f'<html><head><meta charset="{charset}"><title>{title}</title></head><body>'
        f"<h1>{title}</h1><div class='content'><h2>{title}</h2>{BODY}{extra}</div>"
        f"<ul class='nav'>{anchors}</ul></body></html>"
    )


def crawl(
    url: str, db: str, *extra: str, wait: bool = True
) -> subprocess.Popen[str] | subprocess.CompletedProcess[str]:
    args = [WINNOW, "crawl", "--start-url", url, "--db", db, *FAST, *extra]
    if not wait:
        return subprocess.Popen(args, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    out = subprocess.run(args, capture_output=True, text=True, timeout=300)
    assert out.returncode == 0, out.stderr[-3000:]
    return out


def rows(db_path: Path, sql: str) -> list[tuple]:
    with sqlite3.connect(db_path) as conn:
        return conn.execute(sql).fetchall()


def documents(db_path: Path) -> dict[str, tuple]:
    return {r[0]: r[1:] for r in rows(db_path, "select url, status, error, clean_text from documents")}


@pytest.fixture(scope="module")
def site_crawl(tmp_path_factory: pytest.TempPathFactory) -> Iterator[dict]:
    tmp = tmp_path_factory.mktemp("crawl")
    site = Site()
    with MockServer(site) as server:
        base = server.url
        links = [
            "/a.html",
            "/a.html?utm_source=x&utm_medium=y",
            "/a.html#top",
            "/b.html?spm=1.2",
            "/private/secret.html",
            f"http://localhost:{server.port}/offhost.html",
            f"http://127.0.0.2:{server.port}/offhost2.html",
            "mailto:x@example.com",
            "javascript:void(0)",
            "/gbk.html",
            "/gb2312.html",
            "/flaky.html",
            "/loop1.html",
            "/big.html",
            "/bomb.html",
            "/doc.pdf",
            "/dead.html",
        ]
        site.page("/", article("首页", links))
        site.page("/a.html", article("益阳怎么查医保卡余额?"))
        site.page("/b.html", article("嘉兴医保卡余额查询方法"))
        site.page("/private/secret.html", article("不该抓取"))
        site.routes["/robots.txt"] = static(b"User-agent: *\nDisallow: /private/\n", "text/plain")
        site.routes["/gbk.html"] = static(
            article("GBK页面", extra=f"<p>{GBK_TEXT}</p>", charset="gbk").encode("gbk"), "text/html"
        )
        site.routes["/gb2312.html"] = static(
            article("谎称gb2312", extra=f"<p>{GBK_TEXT}</p>", charset="gb2312").encode("gbk"),
            "text/html; charset=gb2312",
        )
        site.routes["/flaky.html"] = flaky(article("先失败后成功").encode(), failures=1)
        site.routes["/loop1.html"] = redirect("/loop2.html")
        site.routes["/loop2.html"] = redirect("/loop1.html")
        site.routes["/big.html"] = static(
            article("巨大页面", extra="<p>" + "大" * 400_000 + "</p>").encode(), "text/html; charset=utf-8"
        )
        site.routes["/bomb.html"] = gzip_bomb(50_000_000)
        site.routes["/doc.pdf"] = static(
            b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n", "application/pdf"
        )
        db_path = tmp / "w.db"
        out = crawl(base + "/", f"sqlite:///{db_path}", "-s", "DOWNLOAD_MAXSIZE=1000000")
        yield {"base": base, "site": site, "db": db_path, "out": out, "docs": documents(db_path)}


def test_robots_txt_is_obeyed(site_crawl: dict) -> None:
    assert not [p for p in site_crawl["site"].paths_requested() if p.startswith("/private/")]


def test_off_host_links_and_other_schemes_are_never_fetched(site_crawl: dict) -> None:
    port = site_crawl["base"].rsplit(":", 1)[1]
    hosts = {host for host, _, _ in site_crawl["site"].log}
    assert hosts == {f"127.0.0.1:{port}"}
    assert not [u for u in site_crawl["docs"] if "offhost" in u or not u.startswith("http://127.0.0.1")]


def test_tracking_and_fragment_variants_collapse_to_one_document(site_crawl: dict) -> None:
    a_docs = [u for u in site_crawl["docs"] if "/a.html" in u]
    assert a_docs == [site_crawl["base"] + "/a.html"]
    assert site_crawl["base"] + "/b.html" in site_crawl["docs"]


def test_gbk_and_lying_gb2312_pages_decode_cleanly(site_crawl: dict) -> None:
    for path in ("/gbk.html", "/gb2312.html"):
        status, error, text = site_crawl["docs"][site_crawl["base"] + path]
        assert status == "ok", error
        assert "\ufffd" not in text
        assert GBK_TEXT in text


def test_server_error_then_success_is_retried(site_crawl: dict) -> None:
    assert site_crawl["docs"][site_crawl["base"] + "/flaky.html"][0] == "ok"
    assert site_crawl["site"].paths_requested().count("/flaky.html") == 2


def test_redirect_loop_stops_and_is_recorded(site_crawl: dict) -> None:
    loops = [p for p in site_crawl["site"].paths_requested() if p.startswith("/loop")]
    assert 2 <= len(loops) <= 8
    status, error, _ = site_crawl["docs"][site_crawl["base"] + "/loop1.html"]
    assert status == "error" and "redirect" in error.lower()


@pytest.mark.parametrize("path", ["/big.html", "/bomb.html"])
def test_oversize_page_and_gzip_bomb_are_refused_and_recorded(site_crawl: dict, path: str) -> None:
    status, error, text = site_crawl["docs"][site_crawl["base"] + path]
    assert status == "error"
    assert "maxsize" in error.lower() or "too large" in error.lower() or "cancel" in error.lower()
    assert text == ""


def test_pdf_is_recorded_as_skipped(site_crawl: dict) -> None:
    status, error, _ = site_crawl["docs"][site_crawl["base"] + "/doc.pdf"]
    assert status == "skipped" and "pdf" in error


def test_dead_link_is_recorded_with_its_status(site_crawl: dict) -> None:
    status, error, _ = site_crawl["docs"][site_crawl["base"] + "/dead.html"]
    assert (status, error) == ("error", "http 404")


def test_run_is_recorded_with_counts(site_crawl: dict) -> None:
    runs = rows(site_crawl["db"], "select status, counts from crawl_runs")
    assert len(runs) == 1 and runs[0][0] == "finished"
    kinds = dict(rows(site_crawl["db"], "select error_kind, count(*) from fetches where error_kind != '' group by 1"))
    assert kinds.get("http_404") == 1
    assert kinds.get("too_large") == 2
    assert kinds.get("redirect_loop") == 1


def test_recrawl_uses_conditional_requests_and_only_changed_pages_get_new_versions(tmp_path: Path) -> None:
    site = Site()
    pages = {f"/p{i}.html": article(f"第{i}篇怎么查医保卡余额?") for i in range(5)}
    with MockServer(site) as server:
        site.page("/", article("首页", list(pages)), etag=True)
        for path, html in pages.items():
            site.page(path, html, etag=True)
        db_path = tmp_path / "w.db"
        db = f"sqlite:///{db_path}"
        crawl(server.url + "/", db)
        before = rows(db_path, "select url, version, raw_page_id from documents order by url")
        site.log.clear()
        crawl(server.url + "/", db)
        # every stored page is asked for conditionally (the not-found probe has no stored copy)
        conditional = [h for _, p, h in site.log if p.endswith(".html") and "winnow-probe" not in p]
        assert conditional and all("If-None-Match" in h for h in conditional)
        assert rows(db_path, "select url, version, raw_page_id from documents order by url") == before
        outcomes = dict(rows(db_path, "select outcome, count(*) from fetches where run_id = 2 group by 1"))
        assert outcomes == {"unchanged": 6}

        site.page(
            "/p3.html",
            article("第3篇怎么查医保卡余额?", extra="<p>新增:本地热线12345可咨询医保卡余额。</p>"),
            etag=True,
        )
        crawl(server.url + "/", db)
        after = {r[0]: r[1:] for r in rows(db_path, "select url, version, raw_page_id from documents")}
        changed = [u for u, (version, raw_id) in after.items() if version != 1]
        assert changed == [server.url + "/p3.html"]
        assert after[server.url + "/p3.html"][0] == 2
        history = rows(db_path, f"select count(*) from raw_pages where url = '{server.url}/p3.html'")
        assert history == [(2,)]  # the old version is kept


def test_page_that_disappears_is_marked_gone_not_deleted(tmp_path: Path) -> None:
    site = Site()
    with MockServer(site) as server:
        site.page("/", article("首页", ["/x.html"]))
        site.page("/x.html", article("会消失的页面怎么办?"))
        db_path = tmp_path / "w.db"
        crawl(server.url + "/", f"sqlite:///{db_path}")
        del site.routes["/x.html"]
        crawl(server.url + "/", f"sqlite:///{db_path}")
    status, gone_at, text = rows(
        db_path, "select status, gone_at, clean_text from documents where url like '%/x.html'"
    )[0]
    assert status == "ok" and gone_at is not None and "支付宝" in text


def slow_site(n: int, delay: float) -> Site:
    site = Site()
    per_list = 10

    def slow(route):  # type: ignore[no-untyped-def]
        def wrapped(handler):  # type: ignore[no-untyped-def]
            time.sleep(delay)
            return route(handler)

        return wrapped

    lists = [f"/list/{i}.html" for i in range(n // per_list)]
    site.page("/", article("首页", lists))
    for i, path in enumerate(lists):
        items = [f"/a/{i * per_list + j}.html" for j in range(per_list)]
        site.routes[path] = slow(static(article(f"列表{i}", items).encode(), "text/html; charset=utf-8"))
        for item in items:
            site.routes[item] = slow(static(article(f"{item}医保卡余额怎么查?").encode(), "text/html; charset=utf-8"))
    return site


def snapshot(db_path: Path) -> list[tuple]:
    return rows(
        db_path,
        "select d.url, d.status, r.content_hash from documents d join raw_pages r on r.id = d.raw_page_id order by d.url",
    )


def test_crawl_killed_three_times_ends_identical_to_an_uninterrupted_one(tmp_path: Path) -> None:
    site = slow_site(120, delay=0.03)
    slow = ["-s", "CONCURRENT_REQUESTS=2", "-s", "WINNOW_FLUSH_SECONDS=0.3", "-s", "WINNOW_BATCH_SIZE=5"]
    with MockServer(site) as server:
        clean = tmp_path / "clean.db"
        crawl(server.url + "/", f"sqlite:///{clean}", *slow)
        killed = tmp_path / "killed.db"
        db = f"sqlite:///{killed}"
        for threshold in (10, 45, 90):
            proc = crawl(server.url + "/", db, *slow, wait=False)
            deadline = time.monotonic() + 120
            while time.monotonic() < deadline and proc.poll() is None:
                if killed.exists() and _count(killed, "select count(*) from documents") >= threshold:
                    break
                time.sleep(0.05)
            os.kill(proc.pid, signal.SIGKILL)
            proc.wait()
        stored_before = {r[0] for r in rows(killed, "select url from documents where status = 'ok'")}
        site.log.clear()
        crawl(server.url + "/", db, *slow)
        refetched = {server.url + p for p in site.paths_requested()} & stored_before
    assert snapshot(killed) == snapshot(clean)
    assert len(snapshot(clean)) == 133
    # Pages the killed runs stored were not fetched again (only pages of an unfinished batch may be).
    assert len(refetched) <= 12, sorted(refetched)[:20]


def _count(db_path: Path, sql: str) -> int:
    try:
        return rows(db_path, sql)[0][0]
    except sqlite3.Error:
        return 0


def test_retries_back_off_and_honour_retry_after(tmp_path: Path) -> None:
    site = Site()
    times: list[float] = []
    busy = flaky(article("繁忙的页面怎么办?").encode(), failures=1, status=503)

    def timed(handler):  # type: ignore[no-untyped-def]
        times.append(time.monotonic())
        status, headers, body = busy(handler)
        return status, ({**headers, "Retry-After": "1"} if status == 503 else headers), body

    site.page("/", article("首页", ["/busy.html"]))
    site.routes["/busy.html"] = timed
    with MockServer(site) as server:
        crawl(server.url + "/", f"sqlite:///{tmp_path / 'w.db'}")
    assert len(times) == 2
    assert times[1] - times[0] >= 0.9


def test_same_host_rel_canonical_names_the_document(tmp_path: Path) -> None:
    site = Site()
    page = article("规范地址怎么查?").replace("<head>", '<head><link rel="canonical" href="/canonical.html">')
    site.page("/", article("首页", ["/copy.html", "/other.html"]))
    site.page("/copy.html", page)
    site.page(
        "/other.html",
        article("别处的规范地址?").replace("<head>", '<head><link rel="canonical" href="http://evil.example/x">'),
    )
    with MockServer(site) as server:
        db_path = tmp_path / "w.db"
        crawl(server.url + "/", f"sqlite:///{db_path}")
        urls = set(documents(db_path))
    assert server.url + "/canonical.html" in urls and server.url + "/copy.html" not in urls
    assert server.url + "/other.html" in urls


def test_crawl_writes_a_warc_that_ingest_reads_back(tmp_path: Path) -> None:
    site = Site()
    site.page("/", article("首页", ["/w1.html", "/w2.html"]))
    site.page("/w1.html", article("归档页面一怎么查?"))
    site.routes["/w2.html"] = static(
        article("归档页面二", extra=f"<p>{GBK_TEXT}</p>", charset="gbk").encode("gbk"), "text/html"
    )
    warc = tmp_path / "crawl.warc.gz"
    with MockServer(site) as server:
        crawl(server.url + "/", f"sqlite:///{tmp_path / 'a.db'}", "--warc", str(warc))
    check = subprocess.run(
        [str(Path(sys.executable).parent / "warcio"), "check", str(warc)], capture_output=True, text=True
    )
    assert check.returncode == 0, check.stdout + check.stderr
    out = subprocess.run(
        [WINNOW, "ingest", str(warc), "--db", f"sqlite:///{tmp_path / 'b.db'}"], capture_output=True, text=True
    )
    assert out.returncode == 0, out.stderr
    crawled, ingested = documents(tmp_path / "a.db"), documents(tmp_path / "b.db")
    assert {u: d for u, d in ingested.items() if not u.endswith(("robots.txt", "sitemap.xml"))} == crawled


def test_runs_command_lists_the_crawl(site_crawl: dict) -> None:
    out = subprocess.run([WINNOW, "runs", "--db", f"sqlite:///{site_crawl['db']}"], capture_output=True, text=True)
    assert out.returncode == 0
    header, row = out.stdout.splitlines()[:2]
    assert header.startswith("id\tkind")
    fields = row.split("\t")
    assert fields[1] == "crawl" and fields[3] == "finished" and int(fields[6]) > 10

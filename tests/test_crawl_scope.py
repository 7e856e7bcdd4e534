"""Crawl scope and discovery over real HTTP: lying canonicals (field case 14 and its kind), gzip
sitemap children (field case 15 and its kind), robots.txt ``Sitemap:`` lines, Crawl-delay, site
files from anywhere, ``winnow sites init``."""

from __future__ import annotations

import gzip
import json
import os
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest

from tests.mockserver import MockServer, Site, static

WINNOW = str(Path(sys.executable).parent / "winnow")
FAST = ["-s", "DOWNLOAD_DELAY=0", "-s", "AUTOTHROTTLE_ENABLED=False", "-s", "RETRY_TIMES=1"]
ANSWERS = {
    "养老保险缴费年限怎么查": "登录当地人社局网站或者电子社保卡小程序，选择个人权益记录查询，就可以看到累计缴费月数。",
    "住房公积金可以用来交房租吗": "无房职工在本市租房自住的，可以按规定提取住房公积金支付房租，每年可以申请一次。",
    "生育保险报销需要什么条件": "用人单位为职工连续缴纳生育保险满一定月数的，可以享受生育医疗费用报销和生育津贴。",
    "失业保险金怎么领取": "非本人意愿中断就业且缴费满一年的，可以在电子社保卡小程序上申请领取失业保险金。",
    "医保卡丢了怎么补办": "带上身份证到社保经办窗口或者合作银行网点挂失补办，新卡一般十个工作日内制好。",
    "灵活就业人员怎么交社保": "到户籍或居住地社保经办机构登记后，可以在税务APP上按月或按年缴纳养老和医疗保险。",
}


def qa_page(title: str, canonical: str = "") -> str:
    head = f'<link rel="canonical" href="{canonical}">' if canonical else ""
    return (
        f'<!DOCTYPE html><html><head><meta charset="utf-8"><title>{title}_民生问答网</title>{head}</head>'
        f'<body><div class="nav"><a href="/">首页</a></div><div class="content"><h1>{title}</h1>'
        f"<p>{ANSWERS[title]}</p><p>具体办理材料以当地经办机构公布的为准，可拨打12333咨询。</p></div></body></html>"
    )


def index_page(paths: dict[str, str]) -> str:
    items = "".join(f'<li><a href="{p}">{t}</a></li>' for p, t in paths.items())
    return f'<!DOCTYPE html><html><head><meta charset="utf-8"><title>民生问答网</title></head><body><h1>民生问答网</h1><ul>{items}</ul></body></html>'


def crawl(url: str, db: Path, *extra: str, cwd: Path | None = None) -> subprocess.CompletedProcess[str]:
    out = subprocess.run(
        [WINNOW, "crawl", "--start-url", url, "--db", f"sqlite:///{db}", *FAST, *extra],
        capture_output=True,
        text=True,
        timeout=300,
        cwd=cwd,
    )
    assert out.returncode == 0, out.stderr[-3000:]
    return out


def rows(db: Path, sql: str) -> list[tuple]:
    with sqlite3.connect(db) as conn:
        return conn.execute(sql).fetchall()


# -- field case 14 and its kind: canonical links that lie ---------------------------------------


def test_canonicals_that_lie_never_merge_articles(tmp_path: Path) -> None:
    site = Site()
    titles = list(ANSWERS)
    pages = {
        "/a/1.html": qa_page(titles[0], "http://{host}/"),  # the home page, absolute (field case 14)
        "/a/2.html": qa_page(titles[1], "/"),  # the home page, relative
        "/a/3.html": qa_page(titles[2], "/index.php"),  # the home page under another name
        "/b/4.html": qa_page(titles[3], "/list.html"),  # one category page claimed by three
        "/b/5.html": qa_page(titles[4], "/list.html"),
        "/b/6.html": qa_page(titles[5], "/list.html"),
        "/c/7.html": qa_page(titles[0], "/c/main.html"),  # a real duplicate: one document, as before
        "/c/7.html?print=1": "",
    }
    with MockServer(site) as server:
        host = f"127.0.0.1:{server.port}"
        links = {p: t for p, t in zip(pages, titles * 2, strict=False) if not p.endswith("print=1")}
        site.page("/", index_page(links | {"/c/7.html?print=1": "打印版"}))
        for path, html in pages.items():
            if html:
                site.page(path, html.replace("{host}", host))
        site.routes["/robots.txt"] = static(b"User-agent: *\nDisallow:\n", "text/plain")
        db = tmp_path / "w.db"
        crawl(server.url + "/", db, "-s", "CONCURRENT_REQUESTS=1")  # order-independent, but made repeatable
    docs = {
        url.removeprefix(server.url): (title, json.loads(warnings))
        for url, title, warnings in rows(db, "select url, title, warnings from documents")
    }
    for path in ("/a/1.html", "/a/2.html", "/a/3.html"):
        assert path in docs and any("home page" in w for w in docs[path][1]), docs.get(path)
    for path in ("/b/4.html", "/b/5.html", "/b/6.html"):
        assert path in docs, sorted(docs)
    assert any("different content" in w for path in ("/b/5.html", "/b/6.html") for w in docs[path][1])
    assert "/list.html" not in docs  # the first claimant was retracted once the claim proved shared
    assert docs["/c/main.html"][0].startswith(titles[0]) and "/c/7.html" not in docs
    assert "/" not in docs  # the index is a list page: followed, never a document
    assert len(docs) == 7
    articles = [t for path, (t, _) in docs.items() if not path.startswith("/c/")]
    assert len(articles) == len(set(articles)) == 6  # six articles, none overwritten by another


# -- field case 15 and its kind: sitemaps ------------------------------------------------------


def sitemap_site(base_holder: dict[str, str]) -> Site:
    site = Site()
    titles = list(ANSWERS)

    def xml(body: str) -> bytes:
        return ('<?xml version="1.0" encoding="UTF-8"?>' + body.replace("{host}", base_holder["base"])).encode()

    def urlset(paths: list[str]) -> bytes:
        locs = "".join(f"<url><loc>{{host}}{p}</loc><lastmod>2025-06-05</lastmod></url>" for p in paths)
        return xml(f'<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">{locs}</urlset>')

    def index(children: list[str]) -> bytes:
        locs = "".join(f"<sitemap><loc>{{host}}{c}</loc></sitemap>" for c in children)
        return xml(f'<sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">{locs}</sitemapindex>')

    def lazy(make):  # type: ignore[no-untyped-def]
        return lambda handler: make()

    site.page("/", index_page({"/a/1.html": titles[0]}))
    for i, title in enumerate(titles, 1):
        site.page(f"/a/{i}.html", qa_page(title))
    site.routes["/robots.txt"] = static(b"User-agent: *\nDisallow:\n", "text/plain")
    # Field case 15: an index whose child is a gzip file served without Content-Encoding.
    site.routes["/sitemap.xml"] = lazy(
        lambda: (200, {"Content-Type": "application/xml"}, index(["/sm/a.xml.gz", "/sm/b.xml.gz", "/sm/nested.xml"]))
    )
    site.routes["/sm/a.xml.gz"] = lazy(
        lambda: (200, {"Content-Type": "application/x-gzip"}, gzip.compress(urlset(["/a/2.html"])))
    )
    # The same kind of file sent with Content-Encoding: gzip, and a nested index two levels down.
    site.routes["/sm/b.xml.gz"] = lazy(
        lambda: (
            200,
            {"Content-Type": "application/x-gzip", "Content-Encoding": "gzip"},
            gzip.compress(gzip.compress(urlset(["/a/3.html"]))),
        )
    )
    site.routes["/sm/nested.xml"] = lazy(lambda: (200, {"Content-Type": "application/xml"}, index(["/sm/deep.xml"])))
    site.routes["/sm/deep.xml"] = lazy(lambda: (200, {"Content-Type": "application/xml"}, urlset(["/a/4.html"])))
    return site


def test_gzip_sitemap_children_and_nested_indexes_are_read(tmp_path: Path) -> None:
    holder: dict[str, str] = {}
    site = sitemap_site(holder)
    with MockServer(site) as server:
        holder["base"] = server.url
        db = tmp_path / "w.db"
        crawl(server.url + "/", db)
        requested = set(site.paths_requested())
    assert {"/a/2.html", "/a/3.html", "/a/4.html"} <= requested
    assert "/a/5.html" not in requested  # listed nowhere
    stored = {u.removeprefix(holder["base"]) for (u,) in rows(db, "select url from documents where status = 'ok'")}
    assert stored == {"/a/1.html", "/a/2.html", "/a/3.html", "/a/4.html"}


def test_sitemap_bomb_and_depth_limit_are_refused_and_the_crawl_goes_on(tmp_path: Path) -> None:
    holder: dict[str, str] = {}
    site = sitemap_site(holder)
    bomb = gzip.compress(b"<urlset>" + b" " * 5_000_000 + b"</urlset>")
    site.routes["/sm/a.xml.gz"] = lambda handler: (200, {"Content-Type": "application/x-gzip"}, bomb)
    with MockServer(site) as server:
        holder["base"] = server.url
        db = tmp_path / "w.db"
        out = crawl(
            server.url + "/",
            db,
            "-s",
            "WINNOW_SITEMAP_MAX_BYTES=1000000",
            "-s",
            "WINNOW_SITEMAP_MAX_DEPTH=1",
            "--log-level",
            "INFO",
        )
        requested = set(site.paths_requested())
    assert "/a/3.html" in requested  # the good sibling still counts
    assert "/a/2.html" not in requested and "/sm/deep.xml" not in requested
    assert "larger than 1000000 bytes unpacked" in out.stderr


def test_an_old_lastmod_never_stops_a_recrawl_but_the_recrawl_interval_does(tmp_path: Path) -> None:
    holder: dict[str, str] = {}
    site = sitemap_site(holder)
    with MockServer(site) as server:
        holder["base"] = server.url
        db = tmp_path / "w.db"
        crawl(server.url + "/", db)
        site.log.clear()
        crawl(server.url + "/", db)
        again = set(site.paths_requested())
        # Sitemap pages (lastmod 2025-06-05, stored today) are requested again: a lastmod that is
        # not newer than our copy is no evidence the page did not change (field case 40).
        assert {"/a/1.html", "/a/2.html", "/a/3.html", "/a/4.html"} <= again
        site.log.clear()
        crawl(server.url + "/", db, "-s", "WINNOW_RECRAWL_SECONDS=86400")
        third = set(site.paths_requested())
    # within the site's re-crawl interval, stored pages are answered from the store
    assert not {"/a/1.html", "/a/2.html", "/a/3.html", "/a/4.html"} & third
    for run in (2, 3):
        outcomes = dict(rows(db, f"select url, outcome from fetches where run_id = {run}"))
        assert outcomes[holder["base"] + "/a/2.html"] == "unchanged"


# -- robots.txt Sitemap: lines ---------------------------------------------------------------


def test_sitemap_named_only_in_robots_txt_is_read(tmp_path: Path) -> None:
    site = Site()
    titles = list(ANSWERS)
    base: dict[str, str] = {}
    site.page("/", index_page({"/a/1.html": titles[0]}))
    for i, title in enumerate(titles[:3], 1):
        site.page(f"/a/{i}.html", qa_page(title))
    site.routes["/robots.txt"] = lambda handler: (
        200,
        {"Content-Type": "text/plain"},
        f"User-agent: *\nDisallow: /private/\n\nSitemap: {base['url']}/maps/qa-map.xml\n".encode(),
    )
    site.routes["/maps/qa-map.xml"] = lambda handler: (
        200,
        {"Content-Type": "application/xml"},
        (
            '<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">'
            f"<url><loc>{base['url']}/a/2.html</loc></url><url><loc>{base['url']}/a/3.html</loc></url>"
            f"<url><loc>{base['url']}/private/x.html</loc></url><url><loc>http://elsewhere.test/a.html</loc></url>"
            "</urlset>"
        ).encode(),
    )
    with MockServer(site) as server:
        base["url"] = server.url
        db = tmp_path / "w.db"
        crawl(server.url + "/", db)
        requested = site.paths_requested()
    assert requested.count("/robots.txt") == 1
    assert "/maps/qa-map.xml" in requested and {"/a/2.html", "/a/3.html"} <= set(requested)
    assert "/private/x.html" not in requested  # robots.txt still rules what its sitemap lists
    assert len(rows(db, "select 1 from documents where status = 'ok'")) == 3


# -- Crawl-delay ------------------------------------------------------------------------------


@pytest.mark.parametrize("robots_delay,our_delay", [(0.6, 0.0), (0.1, 0.6)])
def test_crawl_delay_or_our_delay_whichever_is_larger(tmp_path: Path, robots_delay: float, our_delay: float) -> None:
    site = Site()
    times: list[float] = []
    titles = list(ANSWERS)
    paths = {f"/a/{i}.html": t for i, t in enumerate(titles[:5], 1)}

    def timed(html: str):  # type: ignore[no-untyped-def]
        def route(handler):  # type: ignore[no-untyped-def]
            times.append(time.monotonic())
            return 200, {"Content-Type": "text/html; charset=utf-8"}, html.encode()

        return route

    site.routes["/"] = timed(index_page(paths))
    for path, title in paths.items():
        site.routes[path] = timed(qa_page(title))
    site.routes["/robots.txt"] = static(f"User-agent: *\nCrawl-delay: {robots_delay}\n".encode(), "text/plain")
    with MockServer(site) as server:
        subprocess.run(
            [
                WINNOW,
                "crawl",
                "--start-url",
                server.url + "/",
                "--db",
                f"sqlite:///{tmp_path / 'w.db'}",
                "-s",
                f"DOWNLOAD_DELAY={our_delay}",
                "-s",
                "RANDOMIZE_DOWNLOAD_DELAY=False",
                "-s",
                "AUTOTHROTTLE_ENABLED=False",
                "-s",
                "CONCURRENT_REQUESTS_PER_DOMAIN=4",
            ],
            check=True,
            capture_output=True,
            timeout=120,
        )
    gaps = [b - a for a, b in zip(times, times[1:], strict=False)]
    assert len(times) == 6
    assert min(gaps) >= 0.8 * max(robots_delay, our_delay), gaps


# -- site files from anywhere -------------------------------------------------------------------


def test_sites_dir_shadows_bundled_sites_and_sites_lists_sources(tmp_path: Path) -> None:
    mine = tmp_path / "mysites"
    mine.mkdir()
    (mine / "demo.toml").write_text('[site]\nstart_urls = ["http://example.invalid/"]\n', encoding="utf-8")
    (mine / "farm.toml").write_text('[site]\nallowed_hosts = ["*.example.cn"]\n', encoding="utf-8")
    env = {**os.environ, "WINNOW_SITES_DIR": str(mine)}
    out = subprocess.run([WINNOW, "sites"], capture_output=True, text=True, env=env, cwd=tmp_path)
    assert out.returncode == 0, out.stderr
    lines = {line.split("\t")[0]: line for line in out.stdout.splitlines() if not line.startswith("#")}
    assert (
        str(mine / "demo.toml") in lines["demo"]
        and "shadows" in lines["demo"]
        and "crawler/sites/demo.toml" in lines["demo"]
    )
    assert str(mine / "farm.toml") in lines["farm"]
    # ./sites/ is the default directory when WINNOW_SITES_DIR is not set.
    (tmp_path / "sites").mkdir()
    (tmp_path / "sites" / "local.toml").write_text("[site]\n", encoding="utf-8")
    env.pop("WINNOW_SITES_DIR")
    out = subprocess.run([WINNOW, "sites"], capture_output=True, text=True, env=env, cwd=tmp_path)
    assert "local\t" in out.stdout and "demo\t" in out.stdout


@pytest.mark.parametrize(
    "content,message",
    [
        ('[site]\nallowed_hosts = ["*.com.cn"]\n', "too broad"),
        ('[site]\nallowed_hosts = ["*"]\n', "bad host pattern"),
        ("[site]\narticle_pattern = '(unclosed'\n", "not a valid regular expression"),
        ("[site\n", "wenda.toml"),
    ],
)
def test_a_bad_site_file_is_a_usage_error(tmp_path: Path, content: str, message: str) -> None:
    path = tmp_path / "wenda.toml"
    path.write_text(content, encoding="utf-8")
    out = subprocess.run(
        [
            WINNOW,
            "crawl",
            "--site-file",
            str(path),
            "--start-url",
            "http://127.0.0.1:9/",
            "--db",
            f"sqlite:///{tmp_path / 'w.db'}",
        ],
        capture_output=True,
        text=True,
    )
    assert out.returncode == 2 and message in out.stderr and "Traceback" not in out.stderr


def test_allow_host_pattern_is_checked(tmp_path: Path) -> None:
    out = subprocess.run(
        [
            WINNOW,
            "crawl",
            "--start-url",
            "http://127.0.0.1:9/",
            "--allow-host",
            "*.cn",
            "--db",
            f"sqlite:///{tmp_path / 'w.db'}",
        ],
        capture_output=True,
        text=True,
    )
    assert out.returncode == 2 and "too broad" in out.stderr


# -- host patterns, locks and run keys (unit checks) -------------------------------------------

from crawler.urls import is_allowed, registrable_domain  # noqa: E402


@pytest.mark.parametrize(
    "url,allowed",
    [
        ("http://sz.example.cn/a.html", True),
        ("https://a.b.example.cn:8443/", True),
        ("http://example.cn/", False),  # the bare domain is not a subdomain: list it to allow it
        ("http://evilexample.cn/", False),
        ("http://sz.example.cn.evil.test/", False),
        ("http://sz.example.cn@evil.test/", False),
        ("http://169.254.169.254/", False),
        ("http://copy.example.com/x", True),
        ("http://www.copy.example.com/x", False),
    ],
)
def test_host_patterns(url: str, allowed: bool) -> None:
    assert is_allowed(url, ["*.example.cn", "copy.example.com"]) is allowed


def test_registrable_domain_uses_the_public_suffix_list() -> None:
    assert registrable_domain("sz.example.com.cn") == "example.com.cn"
    assert registrable_domain("a.b.example.cn") == "example.cn"
    assert registrable_domain("127.0.0.1") == "127.0.0.1"


def test_locks_and_run_keys_follow_the_site_not_one_host(tmp_path: Path) -> None:
    import argparse

    from crawler.sites import run_key
    from winnow.commands.crawl import crawl_scope

    one, two = tmp_path / "a.toml", tmp_path / "b.toml"
    one.write_text('[site]\nname = "farm"\nallowed_hosts = ["*.example.cn"]\n', encoding="utf-8")
    two.write_text('[site]\nname = "farm"\nstart_urls = ["http://gz.example.cn/"]\n', encoding="utf-8")

    def args(**kw: object) -> argparse.Namespace:
        base = {"site": None, "site_file": None, "allow_host": [], "start_url": []}
        return argparse.Namespace(**(base | kw))

    # The same site from two files (or two start URLs) is one lock; patterns make a crawl distinct.
    assert (
        crawl_scope(args(site_file=str(one), start_url=["http://sz.example.cn/"]))
        == crawl_scope(args(site_file=str(two), start_url=["http://bj.example.cn/"]))
        == "site:farm"
    )
    plain = crawl_scope(args(start_url=["http://sz.example.cn/"]))
    assert plain == "hosts:sz.example.cn"
    assert crawl_scope(args(start_url=["http://sz.example.cn/"], allow_host=["*.example.cn"])) != plain
    assert run_key(None, ["http://sz.example.cn/"], ["*.example.cn"]) == "*.example.cn,sz.example.cn"

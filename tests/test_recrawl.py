"""Scheduled re-crawls (issue 25), as real crawls over HTTP: error pages served with status 200
are never stored (field case 28 and its kind), a changed page is always re-read whatever the
sitemap says and whatever the request order (field case 40), gzip bodies sent without
Content-Encoding are read, and every dropped response says why."""

from __future__ import annotations

import gzip
import json
import subprocess
import time
from datetime import UTC, datetime
from pathlib import Path

import pytest

from tests.mockserver import Handler, MockServer, Reply, Site, redirect, static
from tests.test_crawler import WINNOW, crawl, rows

FIELD_CASES = Path(__file__).resolve().parents[2] / "shared" / "field-cases"
NAV = '<div class="nav"><a href="/">首页</a> <a href="/yibao/">医保</a> <a href="/shebao/">社保</a></div>'
FOOT = '<div class="footer">民生问答网 版权所有</div>'
ANSWERS = {
    "/a/1.html": (
        "益阳养老保险缴费年限怎么查",
        ["益阳参保人登录湖南智慧人社APP，选择个人权益记录查询，就能看到累计缴费月数和每年的缴费基数。",
         "也可以带上身份证到益阳市社保经办窗口打印缴费明细，窗口打印一般当场就能拿到。"],
    ),
    "/a/2.html": (
        "嘉兴住房公积金可以用来交房租吗",
        ["在嘉兴没有自有住房的职工租房自住，可以按规定提取住房公积金支付房租，每年可以申请一次。",
         "申请时在浙里办APP上填写租房信息并上传租赁合同，审核通过后钱会转到本人的银行卡上。"],
    ),
}  # fmt: skip


def qa(title: str, paragraphs: list[str]) -> str:
    body = "".join(f"<p>{p}</p>" for p in paragraphs)
    return (
        f'<!DOCTYPE html><html><head><meta charset="utf-8"><title>{title}_民生问答网</title></head><body>{NAV}'
        f'<div class="article"><h1>{title}</h1><div class="info">2024-05-08 来源：民生问答网</div>'
        f'<div class="content">{body}</div></div>{FOOT}</body></html>'
    )


def index(links: dict[str, str]) -> str:
    items = "".join(f'<li><a href="{href}">{text}</a></li>' for href, text in links.items())
    return f'<html><head><meta charset="utf-8"><title>民生问答网</title></head><body><ul class="list">{items}</ul></body></html>'


ZH_NOT_FOUND = (
    '<!DOCTYPE html><html><head><meta charset="utf-8"><title>页面不存在_民生问答网</title></head><body>'
    f'{NAV}<div class="error-box"><h1>抱歉，您访问的页面不存在或已被删除！</h1>'
    "<p>可能的原因：网址输入有误，或者这篇文章已经过期下线。</p>"
    '<p><span id="sec">5</span>秒后自动返回首页，您也可以先看看下面的热门文章。</p></div>'
    '<div class="hot"><h3>热门文章</h3><ul><li><a href="/a/1.html">益阳养老保险缴费年限怎么查</a></li>'
    f'<li><a href="/a/2.html">嘉兴住房公积金可以用来交房租吗</a></li></ul></div>{FOOT}</body></html>'
)
EN_NOT_FOUND = (
    '<html><head><meta charset="utf-8"><title>Page not found - Money Answers</title></head><body>'
    '<nav><a href="/">Home</a> <a href="/en/">Answers</a></nav><main><h1>Sorry, we can\'t find that page.</h1>'
    "<p>The article you were looking for has been removed or never existed.</p>"
    '<p>Popular: <a href="/a/1.html">Pension years</a></p></main></body></html>'
)
LOGIN_PAGE = (
    '<html><head><meta charset="utf-8"><title>用户登录_民生问答网</title></head><body>'
    f'{NAV}<form class="login" action="/login.html" method="post"><h2>会员登录</h2>'
    '<p>用户名：<input name="user"></p><p>密码：<input type="password" name="pass"></p>'
    f'<p><button>登录</button> <a href="/reg.html">免费注册</a></p></form>{FOOT}</body></html>'
)
NOT_FOUND_WORDS = ("页面不存在", "您访问的页面", "can't find that page", "用户名", "密码")


def documents(db: Path) -> dict[str, tuple]:
    return {
        url.split("/", 3)[3]: rest
        for url, *rest in rows(db, "select url, status, title, clean_text, version, gone_at from documents")
    }


def outcomes(db: Path, run_id: int) -> dict[str, tuple[str, str]]:
    got = rows(db, f"select url, outcome, error_kind from fetches where run_id = {run_id}")
    return {url.split("/", 3)[3]: (outcome, kind) for url, outcome, kind in got}


def no_error_page_is_content(db: Path) -> None:
    texts = rows(db, "select title || ' ' || clean_text from documents where status = 'ok'")
    texts += rows(db, "select text from sections") + rows(db, "select canonical_text || template_text from clusters")
    for (text,) in texts:
        assert not any(w in text for w in NOT_FOUND_WORDS), text


def test_not_found_and_login_pages_are_never_stored_nor_replace_an_article(tmp_path: Path) -> None:
    site = Site()
    for path, (title, paragraphs) in ANSWERS.items():
        site.page(path, qa(title, paragraphs))
    links = {
        "/a/1.html": "益阳",
        "/a/2.html": "嘉兴",
        "/a/3.html": "绵阳",
        "/en/4.html": "Pension",
        "/a/5.html": "会员",
    }
    site.page("/", index(links))
    site.page("/a/3.html", ZH_NOT_FOUND)  # field case 28: a new URL that answers "not found" with 200
    site.page("/en/4.html", EN_NOT_FOUND)  # the English sibling
    site.routes["/a/5.html"] = redirect("/login.html?redirect=%2Fa%2F5.html")  # an article behind a login
    site.page("/login.html", LOGIN_PAGE)
    db = tmp_path / "w.db"
    with MockServer(site) as server:
        crawl(server.url + "/", f"sqlite:///{db}")
        first = documents(db)
        assert {p for p, d in first.items() if d[0] == "ok"} == {"a/1.html", "a/2.html"}
        assert "login.html?redirect=%2Fa%2F5.html" not in first and "a/5.html" not in first
        got = outcomes(db, 1)
        assert got["a/3.html"] == ("soft-404", "soft-404") and got["en/4.html"] == ("soft-404", "soft-404")
        assert got["a/5.html"] == ("login-wall", "login-wall")
        no_error_page_is_content(db)

        # The re-crawl: article 2 was deleted (200 + not found), article 1 moved behind a login.
        site.page("/a/2.html", ZH_NOT_FOUND)
        site.routes["/a/1.html"] = redirect("/login.html?redirect=%2Fa%2F1.html")
        crawl(server.url + "/", f"sqlite:///{db}")
    second = documents(db)
    got = outcomes(db, 2)
    assert got["a/2.html"] == ("soft-404", "soft-404") and got["a/1.html"] == ("login-wall", "login-wall")
    for path in ANSWERS:  # the stored articles are kept as they were, one version each
        status, title, text, version, _ = second[path.lstrip("/")]
        assert (status, title, version) == ("ok", ANSWERS[path][0], 1) and ANSWERS[path][1][0] in text
    assert second["a/2.html"][4] is not None and second["a/1.html"][4] is None  # gone / left as it was
    no_error_page_is_content(db)
    assert rows(db, "select count(*) from raw_pages where body like '%页面不存在%'") == [(0,)]
    # canonical entries of both articles are still there
    urls = " ".join(u for (u,) in rows(db, "select urls from clusters"))
    assert "/a/1.html" in urls and "/a/2.html" in urls

    # the run's health counts them, and `winnow runs` shows them with every dropped response's kind
    (health,) = rows(db, "select health from crawl_runs where id = 2")[0]
    health = json.loads(health)
    # soft-404: a/2 (deleted now), a/3 and en/4 (still); login-wall: a/1 (now), a/5 (still)
    assert health["soft_errors"] > 0 and health["error_kinds"]["soft-404"] == 3
    assert health["error_kinds"]["login-wall"] == 2
    listed = subprocess.run([WINNOW, "runs", "--db", f"sqlite:///{db}"], capture_output=True, text=True, timeout=60)
    header, newest = listed.stdout.splitlines()[:2]
    row = dict(zip(header.split("\t"), newest.split("\t"), strict=True))
    assert row["soft_errors"] == "5" and "soft-404:3" in row["dropped"] and "login-wall:2" in row["dropped"]


def serve_case(path: Path, site: Site, holder: dict[str, str]) -> None:
    """A field case's crawl site (``serve_site.py``'s format) on our mock server."""
    pages = json.loads(path.read_text(encoding="utf-8"))["pages"]
    site.routes.clear()
    for key, page in pages.items():

        def route(handler: Handler, page: dict = page) -> Reply:
            body = page["body"].replace("{host}", holder["host"]).encode(page.get("encoding", "utf-8"))
            return page.get("status", 200), dict(page.get("headers", {})), body

        site.routes[key] = route


@pytest.mark.skipif(not (FIELD_CASES / "28-soft-404.json").exists(), reason="field cases not present")
def test_field_case_28_as_published(tmp_path: Path) -> None:
    site, holder = Site(), {}
    db = tmp_path / "w.db"
    with MockServer(site) as server:
        holder["host"] = server.url.removeprefix("http://")
        serve_case(FIELD_CASES / "28-soft-404.json", site, holder)
        crawl(server.url + "/", f"sqlite:///{db}")
        assert {p for p, d in documents(db).items() if d[0] == "ok"} == {"a/1.html", "a/2.html"}
        serve_case(FIELD_CASES / "28-soft-404.round2.json", site, holder)
        crawl(server.url + "/", f"sqlite:///{db}")
    docs = documents(db)
    assert docs["a/2.html"][1] == "嘉兴住房公积金可以用来交房租吗" and docs["a/2.html"][3] == 1
    no_error_page_is_content(db)


# -- field case 40: a sitemap whose <lastmod> never moves ------------------------------------

NEW_LINE = "从今年六月起，新生儿参保也可以在湘医保小程序上全程网上办理，不用再跑窗口。"
NEWBORN = [
    "宝宝出生后凭出生医学证明和户口本到益阳市医保经办窗口办理参保登记。",
    "出生九十天内参保的，从出生之日起享受医保待遇。",
]
ORDERS = {  # seconds each path is held back: which of sitemap and links the crawler reads first
    "sitemap-first": {"/": 1.5},
    "links-first": {"/sitemap.xml": 1.5},
    "interleaved": {"/sitemap.xml": 0.3, "/a/1.html": 0.6, "/a/2.html": 0.6},
}


def frozen_site(holder: dict[str, str], lastmod: str | None, delays: dict[str, float]) -> Site:
    site = Site()

    def sitemap(handler: Handler) -> Reply:
        stamp = "" if lastmod is None else f"<lastmod>{holder.get('lastmod', lastmod)}</lastmod>"
        locs = "".join(
            f"<url><loc>{holder['base']}{p}</loc>{stamp}</url>" for p in ("/a/1.html", "/a/2.html", "/a/9.html")
        )
        xml = f'<?xml version="1.0" encoding="UTF-8"?><urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">{locs}</urlset>'
        return 200, {"Content-Type": "application/xml"}, xml.encode()

    site.routes["/robots.txt"] = static(b"User-agent: *\nDisallow:\n", "text/plain")
    site.routes["/sitemap.xml"] = sitemap
    site.page("/", index({"/a/1.html": "益阳医保卡余额怎么查", "/a/2.html": "益阳新生儿医保怎么办"}))
    site.page("/a/1.html", qa("益阳医保卡余额怎么查", ["益阳参保人可以拨打12393医保服务热线查询医保卡余额，也可以在国家医保服务平台APP上登录后查看。"]), etag=True)  # fmt: skip
    site.page("/a/2.html", qa("益阳新生儿医保怎么办", NEWBORN))
    site.page("/a/9.html", qa("益阳灵活就业人员医保怎么交", ["灵活就业人员可以在湘税社保APP上按年或按月缴纳城镇职工医保，缴费基数可以自己选择。"]))  # fmt: skip
    for path, seconds in delays.items():
        site.routes[path] = held_back(site.routes[path], seconds)
    return site


def held_back(route, seconds: float):  # type: ignore[no-untyped-def]
    def slow(handler: Handler) -> Reply:
        time.sleep(seconds)
        return route(handler)

    return slow


@pytest.mark.parametrize("lastmod", ["2024-01-15", None], ids=["frozen-lastmod", "no-lastmod"])
@pytest.mark.parametrize("order", list(ORDERS))
def test_a_changed_page_is_reread_whatever_the_sitemap_says_and_the_request_order(
    tmp_path: Path, order: str, lastmod: str | None
) -> None:
    holder: dict[str, str] = {}
    site = frozen_site(holder, lastmod, ORDERS[order])
    db = tmp_path / "w.db"
    with MockServer(site) as server:
        holder["base"] = server.url
        crawl(server.url + "/", f"sqlite:///{db}")
        site.log.clear()
        site.page("/a/2.html", qa("益阳新生儿医保怎么办", [*NEWBORN, NEW_LINE]))
        site.routes["/a/2.html"] = held_back(site.routes["/a/2.html"], ORDERS[order].get("/a/2.html", 0))
        crawl(server.url + "/", f"sqlite:///{db}")
        requested = [(p, h) for _, p, h in site.log]
    paths = [p for p, _ in requested]
    assert {"/a/1.html", "/a/2.html", "/a/9.html"} <= set(paths)  # /a/9.html: listed only in the sitemap
    assert all("If-None-Match" in h for p, h in requested if p == "/a/1.html")  # it sent an ETag
    text = documents(db)["a/2.html"][2]
    assert NEW_LINE in text
    sections = rows(
        db, "select s.text from sections s join documents d on d.id = s.document_id where d.url like '%/a/2.html'"
    )
    assert any(NEW_LINE in s for (s,) in sections)
    got = outcomes(db, 2)
    assert got["a/2.html"][0] == "changed" and got["a/1.html"][0] == got["a/9.html"][0] == "unchanged"


@pytest.mark.parametrize("order", list(ORDERS))
def test_with_a_recrawl_interval_a_newer_lastmod_still_wins_in_any_order(tmp_path: Path, order: str) -> None:
    """Pages younger than the interval are answered from the store, unless the sitemap says they
    changed since our copy - also when the sitemap is read after the links led to them."""
    holder: dict[str, str] = {}
    site = frozen_site(holder, "2024-01-15", ORDERS[order])
    db = tmp_path / "w.db"
    interval = ["-s", "WINNOW_RECRAWL_SECONDS=86400"]
    with MockServer(site) as server:
        holder["base"] = server.url
        crawl(server.url + "/", f"sqlite:///{db}", *interval)
        site.log.clear()
        crawl(server.url + "/", f"sqlite:///{db}", *interval)  # nothing due, nothing newer
        assert not {"/a/1.html", "/a/2.html", "/a/9.html"} & set(site.paths_requested())
        assert outcomes(db, 2)["a/2.html"][0] == "unchanged"
        site.log.clear()
        site.page("/a/2.html", qa("益阳新生儿医保怎么办", [*NEWBORN, NEW_LINE]))
        holder["lastmod"] = datetime.now(UTC).isoformat(timespec="seconds")  # the sitemap says: changed now
        crawl(server.url + "/", f"sqlite:///{db}", *interval)
        requested = site.paths_requested()
    assert "/a/2.html" in requested
    assert NEW_LINE in documents(db)["a/2.html"][2]


@pytest.mark.skipif(not (FIELD_CASES / "40-sitemap-frozen-lastmod.json").exists(), reason="field cases not present")
@pytest.mark.parametrize("order", ["sitemap-first", "links-first"])
def test_field_case_40_as_published(tmp_path: Path, order: str) -> None:
    site, holder = Site(), {}
    db = tmp_path / "w.db"
    with MockServer(site) as server:
        holder["host"] = server.url.removeprefix("http://")
        for round_file in ("40-sitemap-frozen-lastmod.json", "40-sitemap-frozen-lastmod.round2.json"):
            serve_case(FIELD_CASES / round_file, site, holder)
            for path, seconds in ORDERS[order].items():
                site.routes[path] = held_back(site.routes[path], seconds)
            crawl(server.url + "/", f"sqlite:///{db}")
    assert "从今年六月起" in documents(db)["a/2.html"][2]


# -- a gzip body without Content-Encoding ----------------------------------------------------


def test_gzip_body_without_content_encoding_is_read_and_a_damaged_one_has_an_error_kind(tmp_path: Path) -> None:
    site = Site()
    html = qa(*ANSWERS["/a/1.html"]).replace(FOOT, '<a href="/a/2.html">下一篇</a>' + FOOT)
    site.routes["/a/1.html"] = lambda h: (
        200,
        {"Content-Type": "text/html; charset=utf-8"},
        gzip.compress(html.encode()),
    )
    site.routes["/a/3.html"] = lambda h: (200, {"Content-Type": "text/html"}, gzip.compress(html.encode())[:-40])
    site.page("/a/2.html", qa(*ANSWERS["/a/2.html"]))
    site.page("/", index({"/a/1.html": "益阳", "/a/3.html": "坏的"}))
    db = tmp_path / "w.db"
    with MockServer(site) as server:
        crawl(server.url + "/", f"sqlite:///{db}")
        requested = site.paths_requested()
    docs = documents(db)
    assert docs["a/1.html"][0] == "ok" and ANSWERS["/a/1.html"][1][0] in docs["a/1.html"][2]
    assert "/a/2.html" in requested  # its links were followed
    got = outcomes(db, 1)
    assert got["a/3.html"] == ("error", "bad_gzip")
    dropped = rows(
        db,
        "select url, outcome from fetches where outcome not in ('new', 'changed', 'unchanged', 'list') and error_kind = ''",
    )
    assert dropped == []  # every dropped response says why


def test_a_jump_in_soft_errors_fails_the_run_with_fail_on_drift(tmp_path: Path) -> None:
    cities = ["益阳", "嘉兴", "绵阳", "常德", "岳阳", "湘潭", "株洲", "衡阳", "邵阳", "郴州", "永州", "怀化"]
    topics = ["医保卡余额怎么查", "公积金怎么提取", "社保卡怎么补办"]
    site = Site()
    paths = {}
    for i, (city, topic) in enumerate((c, t) for c in cities for t in topics):
        title = f"{city}{topic}"
        paths[f"/a/{i}.html"] = title
        text = [
            f"{city}参保人办理{topic[:-3]}业务，可以登录当地政务服务网或者到{city}市政务服务中心窗口办理，编号{i}。",
            f"办理时带上本人身份证原件，窗口工作人员当场审核，{city}的办理时限一般为三个工作日。",
        ]
        site.page(f"/a/{i}.html", qa(title, text))
    site.page("/", index(paths))
    db = tmp_path / "w.db"
    args = ["--fail-on-drift"]
    with MockServer(site) as server:
        crawl(server.url + "/", f"sqlite:///{db}", *args)
        for i in range(12):  # a third of the site deleted, answered with the not-found page
            site.page(f"/a/{i}.html", ZH_NOT_FOUND)
        out = subprocess.run(
            [WINNOW, "crawl", "--start-url", server.url + "/", "--db", f"sqlite:///{db}", "-s", "DOWNLOAD_DELAY=0",
             "-s", "AUTOTHROTTLE_ENABLED=False", *args],
            capture_output=True, text=True, timeout=300,
        )  # fmt: skip
    assert out.returncode == 1, out.stderr[-2000:]
    assert "error pages served as content 0% → " in out.stderr.strip().splitlines()[-1]

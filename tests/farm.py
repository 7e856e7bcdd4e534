"""A local multi-host content farm: per-city subdomains of one farm, a domain that copies it, and a
host outside the crawl's scope. Served by one HTTP server on 127.0.0.1; the crawler reaches every
name there through ``crawler.resolver.MappedResolver`` (``WINNOW_RESOLVE``), so no request can
leave the machine and every request, wanted or not, shows up in the server's log.

- ``www.wenda.test``: the portal, linking every city home page, the copier and an outside host.
- ``cNN.wenda.test`` (``N_CITIES``, or ``Shape.cities``): per city, ``ARTICLES_PER_CITY`` articles ``/a/<id>.html``
  (text: the demo site's per-city templates, so one template spans many subdomains), a home page
  and ``/list/2.html`` with teasers and a pager, two ``/tag/<t>.html`` pages, and one article only
  its sitemap lists. robots.txt names ``/sitemap_index.xml``, whose child ``/sitemaps/a.xml.gz`` is
  gzip served as ``application/x-gzip`` (even cities) or with ``Content-Encoding: gzip`` (odd).
  Cities in ``SLOW_CITIES`` ask for ``Crawl-delay: CRAWL_DELAY``; the city ``LYING_CITY`` has
  every article declare its home page as ``rel=canonical``.
- ``copyqa.test``: ``N_COPIES`` farm articles copied into its own layout, each with a canonical
  pointing back at the farm (another registrable domain: not to be trusted).
- ``ads.other.test``: linked from every page, outside every pattern: must never be requested.
"""

from __future__ import annotations

import gzip
import random
import threading
import time
from dataclasses import dataclass, field
from html import escape
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

from winnow.demo.cities import CITIES
from winnow.demo.seeds import templates
from winnow.demo.site import REGULAR_TEMPLATES, TITLE_PATTERNS, _make_section

DOMAIN = "wenda.test"
PORTAL = f"www.{DOMAIN}"
COPIER = "copyqa.test"
OUTSIDE = "ads.other.test"
N_CITIES = 22
ARTICLES_PER_CITY = 14
N_COPIES = 30
SLOW_CITIES = (1, 2)
CRAWL_DELAY = 0.5
LYING_CITY = 3
TAGS = ("医保", "社保", "公积金", "报销")
FOOTER = "本地问答网 版权所有 未经授权禁止转载 客服热线 400-000-0000"
RESOLVE = f"*.{DOMAIN}={{ip}},{COPIER}={{ip}},*.other.test={{ip}}"


@dataclass
class Page:
    kind: str  # article | list | robots | sitemap
    body: bytes
    headers: dict[str, str] = field(default_factory=dict)


@dataclass
class Article:
    id: int
    host: str
    path: str
    title: str
    teaser: str
    sections: list[tuple[str, list[str]]]
    tag: str
    orphan: bool = False


@dataclass(frozen=True)
class Shape:
    """How big the farm is (the defaults are the full-size farm of the must-show crawl; tests of
    other mechanisms, e.g. resume, use a smaller one to keep the suite fast)."""

    cities: int = N_CITIES
    per_city: int = ARTICLES_PER_CITY
    copies: int = N_COPIES
    slow: tuple[int, ...] = SLOW_CITIES


SMALL = Shape(cities=6, per_city=8, copies=8, slow=())


@dataclass
class Farm:
    port: int | None
    shape: Shape = field(default_factory=Shape)
    pages: dict[tuple[str, str], Page] = field(default_factory=dict)
    articles: list[Article] = field(default_factory=list)

    def base(self, host: str) -> str:
        return f"http://{host}" + (f":{self.port}" if self.port else "")

    def urls(self, kind: str) -> set[str]:
        return {self.base(h) + p for (h, p), page in self.pages.items() if page.kind == kind}

    def city_hosts(self) -> list[str]:
        return [city_host(i) for i in range(self.shape.cities)]


def city_host(i: int) -> str:
    return f"c{i:02d}.{DOMAIN}"


def _html(title: str, body: str, head: str = "") -> bytes:
    return (
        f'<!DOCTYPE html><html><head><meta charset="utf-8"><title>{escape(title)}</title>{head}</head>'
        f"<body>{body}</body></html>"
    ).encode()


def _nav(farm: Farm, host: str) -> str:
    tags = "".join(f'<a href="/tag/{i}.html">{t}</a>' for i, t in enumerate(TAGS[:2]))
    return (
        f'<div class="nav"><a href="/">首页</a><a href="{farm.base(PORTAL)}/">全国站</a>{tags}'
        f'<a href="http://{OUTSIDE}:{farm.port or 80}/banner">广告</a></div>'
    )


def _footer(farm: Farm) -> str:
    return f'<div class="footer"><p>{FOOTER}</p><a href="{farm.base(PORTAL)}/">网站首页</a></div>'


def _plan(rng: random.Random, shape: Shape) -> list[Article]:
    articles = []
    for c in range(shape.cities):
        city = CITIES[c]
        display = city.display("plain")
        for k in range(shape.per_city):
            used: set[str] = set()
            ids = rng.sample(REGULAR_TEMPLATES, rng.choice((1, 2)))
            secs = [_make_section(rng, rng.choice(templates()[t]), city, display, None, used) for t in ids]
            title = rng.choice(TITLE_PATTERNS[ids[0]]).format(city=display)
            number = 1000 + c * 100 + k
            lines = [line for s in secs for line in s.lines]
            articles.append(
                Article(
                    number,
                    city_host(c),
                    f"/a/{number}.html",
                    title,
                    lines[0][:40] + "……",
                    [(s.heading, s.lines) for s in secs],
                    TAGS[k % 2],
                    orphan=k == shape.per_city - 1,
                )
            )
    return articles


def _article_page(farm: Farm, art: Article, related: list[Article], c: int) -> Page:
    canonical = farm.base(art.host) + ("/" if c == LYING_CITY else art.path)
    body = "".join(
        f"<h2>{escape(h)}</h2>" + "".join(f"<p>{escape(line)}</p>" for line in lines) for h, lines in art.sections
    )
    rel = "".join(f'<li><a href="{r.path}">{escape(r.title)}</a></li>' for r in related)
    html = (
        f"{_nav(farm, art.host)}<div class='main'><h1>{escape(art.title)}</h1>"
        f"<div class='info'>来源:本地问答网 标签:<a href='/tag/{TAGS.index(art.tag)}.html'>{art.tag}</a></div>"
        f"<div class='content'>{body}</div></div><div class='related'><h3>相关问答</h3><ul>{rel}</ul></div>"
        f"{_footer(farm)}"
    )
    return Page("article", _html(f"{art.title}_本地问答网", html, f'<link rel="canonical" href="{canonical}">'))


def _list_page(farm: Farm, host: str, title: str, items: list[Article], pager: str) -> Page:
    entries = "".join(
        f'<li><h3><a href="{a.path}">{escape(a.title)}</a></h3><p class="teaser">{escape(a.teaser)}</p>'
        f"<span>2025-06-0{1 + a.id % 9}</span></li>"
        for a in items
    )
    html = f"{_nav(farm, host)}<h1>{escape(title)}</h1><ul class='list'>{entries}</ul><div class='pager'>{pager}</div>{_footer(farm)}"
    return Page("list", _html(f"{title}_本地问答网", html))


def _city_pages(farm: Farm, c: int, arts: list[Article]) -> None:
    host = city_host(c)
    linked = [a for a in arts if not a.orphan]
    for i, art in enumerate(arts):
        related = [linked[(i + j) % len(linked)] for j in range(1, 6) if linked[(i + j) % len(linked)] is not art]
        farm.pages[(host, art.path)] = _article_page(farm, art, related, c)
    name = CITIES[c].display("plain")
    half = (len(linked) + 1) // 2
    farm.pages[(host, "/")] = _list_page(
        farm, host, f"{name}本地问答", linked[:half], '<a href="/list/2.html">下一页</a>'
    )
    farm.pages[(host, "/list/2.html")] = _list_page(
        farm, host, f"{name}本地问答 第2页", linked[half:], '<a href="/">上一页</a>'
    )
    for t, tag in enumerate(TAGS[:2]):
        tagged = [a for a in linked if a.tag == tag]
        farm.pages[(host, f"/tag/{t}.html")] = _list_page(farm, host, f"{name}{tag}问答", tagged, "")
    delay = f"Crawl-delay: {CRAWL_DELAY}\n" if c in farm.shape.slow else ""
    robots = f"User-agent: *\nDisallow: /private/\n{delay}\nSitemap: {farm.base(host)}/sitemap_index.xml\n"
    farm.pages[(host, "/robots.txt")] = Page("robots", robots.encode(), {"Content-Type": "text/plain"})
    index = (
        f'<?xml version="1.0" encoding="UTF-8"?><sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">'
        f"<sitemap><loc>{farm.base(host)}/sitemaps/a.xml.gz</loc></sitemap></sitemapindex>"
    )
    farm.pages[(host, "/sitemap_index.xml")] = Page("sitemap", index.encode(), {"Content-Type": "application/xml"})
    urls = "".join(f"<url><loc>{farm.base(host)}{a.path}</loc><lastmod>2025-06-05</lastmod></url>" for a in arts)
    xml = gzip.compress(
        f'<?xml version="1.0" encoding="UTF-8"?><urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">{urls}</urlset>'.encode()
    )
    headers = (
        {"Content-Type": "application/x-gzip"}
        if c % 2 == 0
        else {"Content-Type": "application/xml", "Content-Encoding": "gzip"}
    )
    farm.pages[(host, "/sitemaps/a.xml.gz")] = Page("sitemap", xml, headers)


def _portal(farm: Farm) -> None:
    cities = "".join(
        f'<li><a href="{farm.base(city_host(c))}/">{CITIES[c].display("plain")}站</a></li>'
        for c in range(farm.shape.cities)
    )
    html = (
        f"<h1>本地问答网</h1><ul class='cities'>{cities}</ul><p><a href='{farm.base(COPIER)}/'>友情链接:问答转载网</a></p>"
        f"<p><a href='http://{OUTSIDE}:{farm.port or 80}/'>合作伙伴</a></p>"
    )
    farm.pages[(PORTAL, "/")] = Page("list", _html("本地问答网 - 全国城市站", html))
    farm.pages[(PORTAL, "/robots.txt")] = Page("robots", b"User-agent: *\nDisallow:\n", {"Content-Type": "text/plain"})


def _copier(farm: Farm, rng: random.Random) -> None:
    copied = rng.sample([a for a in farm.articles if not a.orphan], farm.shape.copies)
    for art in copied:
        body = "".join(
            f"<h3>{escape(h)}</h3>" + "".join(f"<p>{escape(line)}</p>" for line in lines) for h, lines in art.sections
        )
        html = (
            f"<div class='top'><a href='/'>问答转载网</a></div><div class='article'><h1>{escape(art.title)}</h1>{body}</div>"
            f"<div class='copy'><p>本站内容来自网络 如有侵权请联系删除</p></div>"
        )
        head = f'<link rel="canonical" href="{farm.base(art.host)}{art.path}">'
        farm.pages[(COPIER, f"/news/{art.id}.html")] = Page("article", _html(art.title, html, head))
    half = farm.shape.copies // 2
    for n, chunk in enumerate((copied[:half], copied[half:])):
        entries = "".join(
            f'<li><a href="/news/{a.id}.html">{escape(a.title)}</a><em>{escape(a.teaser)}</em></li>' for a in chunk
        )
        pager = '<a href="/news/list_2.html">下一页</a>' if n == 0 else '<a href="/">首页</a>'
        html = f"<h1>问答转载网</h1><ul>{entries}</ul><div>{pager}</div>"
        farm.pages[(COPIER, "/" if n == 0 else "/news/list_2.html")] = Page("list", _html("问答转载网", html))
    farm.pages[(COPIER, "/robots.txt")] = Page("robots", b"User-agent: *\nDisallow:\n", {"Content-Type": "text/plain"})


def build_farm(port: int | None = None, seed: int = 14, shape: Shape = Shape()) -> Farm:
    """The whole farm, deterministic for a seed; URLs carry ``port`` when given."""
    rng = random.Random(seed)
    farm = Farm(port, shape)
    farm.articles = _plan(rng, shape)
    for c in range(shape.cities):
        _city_pages(farm, c, [a for a in farm.articles if a.host == city_host(c)])
    _portal(farm)
    _copier(farm, rng)
    return farm


class FarmServer:
    """Serves a farm by ``Host`` header on 127.0.0.1; ``log`` holds (monotonic time the connection
    was accepted, host, path); HTTP/1.0, so every request comes on its own connection."""

    def __init__(self, seed: int = 14, shape: Shape = Shape(), latency: float = 0.0) -> None:
        """``latency``: seconds every page takes to answer (a crawl that lasts long enough to be killed)."""
        server = self

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self) -> None:  # noqa: N802 (http.server's naming)
                host = (self.headers.get("Host", "") or "").rsplit(":", 1)[0].lower()
                with server.lock:  # the time the connection was accepted (one request per connection)
                    accepted = server.accepted.pop(self.request.fileno(), time.monotonic())
                    server.log.append((accepted, host, self.path))
                page = server.farm.pages.get((host, self.path.split("?", 1)[0]))
                if latency and page is not None and page.kind != "robots":
                    time.sleep(latency)
                if page is None:
                    self.send_response(404)
                    self.send_header("Content-Type", "text/plain")
                    self.send_header("Content-Length", "9")
                    self.end_headers()
                    self.wfile.write(b"not found")
                    return
                self.send_response(200)
                for key, value in (page.headers or {"Content-Type": "text/html; charset=utf-8"}).items():
                    self.send_header(key, value)
                self.send_header("Content-Length", str(len(page.body)))
                self.end_headers()
                self.wfile.write(page.body)

            def log_message(self, format: str, *args: object) -> None:
                pass

        class Server(ThreadingHTTPServer):
            def process_request(self, request, client_address):  # type: ignore[no-untyped-def]
                # Stamped in the accepting thread: a handler thread may start late on a busy machine.
                with server.lock:
                    server.accepted[request.fileno()] = time.monotonic()
                super().process_request(request, client_address)

        self.accepted: dict[int, float] = {}
        self.httpd = Server(("127.0.0.1", 0), Handler)
        self.httpd.daemon_threads = True
        self.port = self.httpd.server_address[1]
        self.farm = build_farm(self.port, seed, shape)
        self.log: list[tuple[float, str, str]] = []
        self.lock = threading.Lock()
        self.thread = threading.Thread(target=self.httpd.serve_forever, daemon=True)

    @property
    def resolve(self) -> str:
        """The ``WINNOW_RESOLVE`` value that maps every farm name to this server."""
        return RESOLVE.format(ip="127.0.0.1")

    def __enter__(self) -> FarmServer:
        self.thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.httpd.shutdown()
        self.httpd.server_close()

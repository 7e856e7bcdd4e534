"""Self-check of the blindfarm2 generator: gold.jsonl agrees with the files it describes."""

from __future__ import annotations

import collections
import html.parser
import json
import re

import pytest

from .generate import CITIES, LAYOUTS, MAIN_HOST, TEMPLATES, build_site

FULLWIDTH = set("：，；？！（）")
BLOCK = {
    "p",
    "div",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "li",
    "tr",
    "table",
    "ul",
    "ol",
    "figure",
    "figcaption",
    "section",
    "article",
    "main",
    "br",
    "header",
    "footer",
}


class BodyText(html.parser.HTMLParser):
    """Text lines inside the first element matching (tag, attr, value)."""

    def __init__(self, tag, attr, value):
        super().__init__(convert_charrefs=True)
        self.want = (tag, attr, value)
        self.depth = 0
        self.lines: list[str] = []
        self.cur: list[str] = []
        self.done = False

    def _flush(self):
        line = re.sub(r"[ \t\r\n]+", " ", "".join(self.cur)).strip()
        if line:
            self.lines.append(line)
        self.cur = []

    def handle_starttag(self, tag, attrs):
        if self.done:
            return
        if self.depth == 0:
            a = dict(attrs)
            t, k, v = self.want
            if tag == t and v in (a.get(k) or "").split():
                self.depth = 1
            return
        if tag == self.want[0]:
            self.depth += 1
        if tag in BLOCK:
            self._flush()
        elif tag in ("td", "th"):
            self.cur.append(" ")

    def handle_startendtag(self, tag, attrs):
        if self.depth and tag == "br":
            self._flush()

    def handle_endtag(self, tag):
        if not self.depth or self.done:
            return
        if tag == self.want[0]:
            self.depth -= 1
            if self.depth == 0:
                self._flush()
                self.done = True
                return
        if tag in BLOCK:
            self._flush()

    def handle_data(self, data):
        if self.depth and not self.done:
            self.cur.append(data)


def _is_subsequence(small, big):
    it = iter(big)
    return all(any(x == y for y in it) for x in small)


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    out = tmp_path_factory.mktemp("bf2")
    golds = build_site(out, articles=120, seed=5)
    return out, golds


def _read(out, g):
    return (out / g["path"]).read_bytes().decode(g["encoding"])


def test_gold_file_matches_return(site):
    out, golds = site
    rows = [json.loads(ln) for ln in (out / "gold.jsonl").read_text(encoding="utf-8").splitlines()]
    assert rows == golds
    assert "\\u" not in (out / "gold.jsonl").read_text(encoding="utf-8")[:2000]


def test_every_html_file_has_gold_and_back(site):
    out, golds = site
    paths = {g["path"] for g in golds}
    assert len(paths) == len(golds)
    files = {p.relative_to(out).as_posix() for p in out.rglob("*.html")}
    assert files == paths
    for g in golds:
        assert g["url"].startswith("https://" + g["host"] + "/")
        assert g["path"].startswith(g["host"] + "/")


def test_hosts_robots_sitemap(site):
    out, golds = site
    hosts = {g["host"] for g in golds}
    assert MAIN_HOST in hosts and len(hosts) >= 11
    for h in hosts:
        assert (out / h / "robots.txt").read_text(encoding="utf-8").count("Sitemap:") == 1
        sm = (out / h / "sitemap.xml").read_text(encoding="utf-8")
        for g in golds:
            if g["host"] == h:
                assert f"<loc>{g['url']}</loc>" in sm


def test_body_lines_are_main_plus_boilerplate(site):
    out, golds = site
    for g in golds:
        if g["page_type"] != "article":
            continue
        p = BodyText(*LAYOUTS[g["layout"]])
        p.feed(_read(out, g))
        got = p.lines
        assert collections.Counter(got) == collections.Counter(g["main_text"] + g["boilerplate"]), g["path"]
        assert _is_subsequence(g["main_text"], got), g["path"]
        assert _is_subsequence(g["boilerplate"], got), g["path"]
        assert g["title"] not in g["main_text"][:0]  # the title itself is never a gold line
        assert g["main_text"] and g["sections"]


def test_sections_join_to_main_text(site):
    _, golds = site
    for g in golds:
        joined = [ln for s in g["sections"] for ln in [s["heading"]] + s["paragraphs"]]
        assert joined == g["main_text"], g["path"]
        for s in g["sections"]:
            assert re.fullmatch(r"t\d\d|u\d{4}", s["template_id"])
            assert 3 <= len(s["paragraphs"])


def test_cities(site):
    _, golds = site
    shorts = {c.short: c for c in CITIES}
    for g in golds:
        if g["page_type"] != "article":
            continue
        sec_cities = {s["city"] for s in g["sections"]} - {None}
        assert set(g["cities"]) == sec_cities, g["path"]
        for s in g["sections"]:
            if s["city"]:
                assert shorts[s["city"]].prov == s["province"]
                assert g["host"] == shorts[s["city"]].host


def test_titles_and_dates_on_page(site):
    out, golds = site
    for g in golds:
        page = _read(out, g)
        title_tag = re.search(r"<title>(.*?)</title>", page).group(1)
        if g["page_type"] == "list":
            assert g["title"] in page
            continue
        t = g["title"].replace("&", "&amp;")
        assert title_tag.startswith(t) and title_tag != t
        assert f">{t}</" in page
        d = g["published_at"]
        assert re.fullmatch(r"\d{4}-\d\d-\d\d(T\d\d:\d\d(:\d\d)?)?", d)
        day = d[:10]
        y, m, dd = day.split("-")
        assert day in page or f"{y}年{m}月{dd}日" in page or f"{y}/{m}/{dd}" in page
        if g["layout"] == "logo":
            assert '<h1 class="logo">' in page


def test_every_article_linked_from_a_list_page(site):
    out, golds = site
    linked = collections.defaultdict(set)
    for g in golds:
        if g["page_type"] == "list":
            for href in re.findall(r'href="(/[^"]*)"', _read(out, g)):
                linked[g["host"]].add(href)
    for g in golds:
        if g["page_type"] == "article":
            path = "/" + g["url"].split("/", 3)[3]
            assert path in linked[g["host"]], g["url"]


def test_counts_and_variety(tmp_path):
    golds = build_site(tmp_path, articles=400, seed=11)
    arts = [g for g in golds if g["page_type"] == "article"]
    assert len(arts) == 400
    assert 15 <= len(TEMPLATES) <= 25
    ids = collections.Counter(s["template_id"] for g in arts for s in g["sections"])
    one = [i for i in ids if i.startswith("u")]
    assert 15 <= len(one) <= 25 and all(ids[i] == 1 for i in one)
    for t in TEMPLATES:
        cities = {s["city"] for g in arts for s in g["sections"] if s["template_id"] == t["id"]}
        assert len(cities) >= 3, t["id"]
    layouts = collections.Counter(g["layout"] for g in arts)
    assert set(layouts) == set(LAYOUTS)
    gbk = [g for g in arts if g["encoding"] == "gbk"]
    assert 8 <= len(gbk) <= 16
    assert any(g["charset_declared"] == "utf-8" for g in gbk)
    nsec = collections.Counter(len(g["sections"]) for g in arts)
    assert set(nsec) == {1, 2, 3}
    heads = [s["heading"] for g in arts for s in g["sections"]]
    assert any(h.endswith("？") for h in heads) and any(not h.endswith(("？", "?")) for h in heads)
    assert any(h.startswith("（") for h in heads) and any(re.match("[一二三]、", h) for h in heads)
    # legacy layout is ASCII-punctuated even in the full-width build
    for g in arts:
        if g["layout"] == "legacy":
            assert not FULLWIDTH & set("".join(g["main_text"] + g["boilerplate"] + [g["title"]]))
    assert any("——" in g["title"] for g in arts) and any("：" in g["title"] for g in arts)
    assert sum(bool(g["cities"]) for g in arts) > 300
    for g in arts:
        assert set(g["cities"]) == {s["city"] for s in g["sections"]} - {None}, g["path"]
        joined = [ln for s in g["sections"] for ln in [s["heading"]] + s["paragraphs"]]
        assert joined == g["main_text"]
    page = (tmp_path / arts[0]["path"]).read_bytes()
    assert page
    glued = 0
    for g in arts:
        raw = (tmp_path / g["path"]).read_bytes().decode(g["encoding"])
        glued += bool(re.search(r"。<br><a href=", raw))
    assert glued >= 5


def test_ascii_variant_and_determinism(tmp_path):
    a = build_site(tmp_path / "a", articles=60, seed=3, punctuation="ascii")
    b = build_site(tmp_path / "b", articles=60, seed=3, punctuation="ascii")
    assert a == [dict(x, path=x["path"]) for x in b]
    f = build_site(tmp_path / "f", articles=60, seed=3)
    assert [g["path"] for g in f] == [g["path"] for g in a]
    for g in a:
        text = "".join(g["main_text"] + g["boilerplate"] + [g["title"]])
        assert not FULLWIDTH & set(text)
    for g in a:
        if g["page_type"] == "article":
            raw = (tmp_path / "a" / g["path"]).read_bytes().decode(g["encoding"])
            assert not FULLWIDTH & set(raw)

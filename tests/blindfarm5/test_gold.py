"""Self-checks of the blindfarm5 generator and its gold (fast; standard library + pytest)."""

import collections
import functools
import json
import os
import re
from html.parser import HTMLParser

import pytest

from tests.blindfarm5.generate import CONTAINER, build_site

KEYS = {
    "host",
    "path",
    "url",
    "page_type",
    "layout",
    "encoding",
    "title",
    "published_at",
    "main_text",
    "boilerplate",
    "sections",
    "cities",
}
BLOCK = {
    "p",
    "div",
    "section",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "li",
    "ul",
    "ol",
    "table",
    "tbody",
    "thead",
    "tr",
    "dl",
    "dt",
    "dd",
    "blockquote",
}
VOID = {"br", "img", "hr", "meta", "input", "link", "wbr"}


class Lines(HTMLParser):
    """Text lines of the element whose `attr` contains `value`."""

    def __init__(self, attr, value):
        super().__init__()
        self.attr, self.value = attr, value
        self.depth = 0
        self.done = False
        self.skip = 0
        self.cur, self.lines = [], []

    def flush(self):
        s = " ".join("".join(self.cur).split())
        if s:
            self.lines.append(s)
        self.cur = []

    def handle_starttag(self, tag, attrs):
        if self.done:
            return
        if self.depth == 0:
            v = dict(attrs).get(self.attr) or ""
            if self.value in v.split() and tag not in VOID:
                self.depth = 1
            return
        if tag in ("script", "style"):
            self.skip += 1
        if tag in BLOCK or tag == "br":
            self.flush()
        if tag in ("td", "th"):
            self.cur.append(" ")
        if tag not in VOID:
            self.depth += 1

    def handle_endtag(self, tag):
        if self.depth == 0 or self.done or tag in VOID:
            return
        if tag in ("script", "style"):
            self.skip -= 1
        if tag in BLOCK:
            self.flush()
        self.depth -= 1
        if self.depth == 0:
            self.flush()
            self.done = True

    def handle_data(self, d):
        if self.depth and not self.done and not self.skip:
            self.cur.append(d)


def body_lines(html, layout):
    p = Lines(*CONTAINER[layout])
    p.feed(html)
    p.close()
    assert p.done, "container not found / not closed"
    return p.lines


def interleaves(lines, a, b):
    @functools.cache
    def ok(i, j):
        k = i + j
        if k == len(lines):
            return i == len(a) and j == len(b)
        return (i < len(a) and a[i] == lines[k] and ok(i + 1, j)) or (j < len(b) and b[j] == lines[k] and ok(i, j + 1))

    return ok(0, 0)


def read(out, g):
    raw = open(os.path.join(out, g["path"]), "rb").read()
    return raw.decode(g["encoding"])


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    out = str(tmp_path_factory.mktemp("bf5"))
    return out, build_site(out, articles=400, seed=41, punctuation="fullwidth")


@pytest.fixture(scope="module")
def site_ascii(tmp_path_factory):
    out = str(tmp_path_factory.mktemp("bf5a"))
    return out, build_site(out, articles=150, seed=41, punctuation="ascii")


def arts(gold):
    return [g for g in gold if g["page_type"] == "article"]


def test_keys_and_jsonl(site):
    out, gold = site
    for g in gold:
        assert set(g) == KEYS
    with open(os.path.join(out, "gold.jsonl"), encoding="utf-8") as f:
        assert [json.loads(ln) for ln in f] == gold
    assert len(arts(gold)) == 400


@pytest.mark.parametrize("which", ["site", "site_ascii"])
def test_body_is_interleaving(which, request):
    out, gold = request.getfixturevalue(which)
    for g in arts(gold):
        lines = body_lines(read(out, g), g["layout"])
        assert interleaves(tuple(lines), tuple(g["main_text"]), tuple(g["boilerplate"])), g["path"]


def test_sections_join(site):
    _, gold = site
    for g in arts(gold):
        joined = [x for s in g["sections"] for x in [s["heading"]] + s["paragraphs"]]
        assert joined == g["main_text"]
        assert 1 <= len(g["sections"]) <= 3
        assert len({(s["city"], s["province"]) for s in g["sections"]}) == 1
        assert g["sections"][0]["city"] in g["cities"]


def test_title_and_date_on_page(site):
    out, gold = site
    for g in arts(gold):
        h = read(out, g)
        assert g["title"] in h
        d = g["published_at"]
        y, m, dd = d[:10].split("-")
        assert d[:10] in h or "%d年%d月%d日" % (int(y), int(m), int(dd)) in h
        assert re.fullmatch(r"\d{4}-\d\d-\d\d(T\d\d:\d\d(:\d\d)?)?", d)
    assert {len(g["published_at"]) for g in arts(gold)} == {10, 16, 19}


def test_list_pages_link_everything(site):
    out, gold = site
    linked = set()
    for g in gold:
        if g["page_type"] == "list":
            assert g["published_at"] is None and not g["main_text"]
            linked |= set(re.findall(r'href="([^"]+)"', read(out, g)))
    assert {g["url"] for g in arts(gold)} <= linked
    for host in {g["host"] for g in gold}:
        sm = open(os.path.join(out, host, "sitemap.xml"), encoding="utf-8").read()
        assert all(g["url"] in sm for g in gold if g["host"] == host)
        assert os.path.exists(os.path.join(out, host, "robots.txt"))
    assert len({g["host"] for g in gold}) >= 11


def test_gbk_pages(site):
    out, gold = site
    gbk = [g for g in arts(gold) if g["encoding"] == "gbk"]
    assert 4 <= len(gbk) <= 25
    for g in gbk:
        raw = open(os.path.join(out, g["path"]), "rb").read()
        with pytest.raises(UnicodeDecodeError):
            raw.decode("utf-8")
        assert g["title"] in raw.decode("gbk")


def test_ascii_variant(site_ascii):
    out, gold = site_ascii
    bad = re.compile("[：，；？！（）]")
    for root, _, files in os.walk(out):
        for fn in files:
            p = os.path.join(root, fn)
            raw = open(p, "rb").read()
            try:
                s = raw.decode("utf-8")
            except UnicodeDecodeError:
                s = raw.decode("gbk")
            assert not bad.search(s), p
    assert any("、" in x or "。" in x for g in arts(gold) for x in g["main_text"])


def test_deterministic(tmp_path):
    a = build_site(str(tmp_path / "a"), articles=60, seed=7)
    b = build_site(str(tmp_path / "b"), articles=60, seed=7)
    assert a == b
    for g in a:
        assert open(tmp_path / "a" / g["path"], "rb").read() == open(tmp_path / "b" / g["path"], "rb").read()
    c = build_site(str(tmp_path / "c"), articles=60, seed=8)
    assert a != c


def test_variety(site):
    _, gold = site
    A = arts(gold)
    assert set(g["layout"] for g in A) == set(CONTAINER)
    tids = collections.Counter(s["template_id"] for g in A for s in g["sections"])
    oneoff = sum(v for k, v in tids.items() if k.startswith("u"))
    assert 0.02 < oneoff / sum(tids.values()) < 0.09
    # no single boilerplate wording on more than ~8 % of the pages
    c = collections.Counter(x for g in A for x in set(g["boilerplate"]))
    common = [(x, n) for x, n in c.items() if n > 0.08 * len(A)]
    assert not common, common

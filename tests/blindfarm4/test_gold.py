"""Self-checks of the blindfarm4 generator and its gold (fast)."""

from __future__ import annotations

import json
import re
from html.parser import HTMLParser
from pathlib import Path

import pytest

from tests.blindfarm4.generate import build_site
from tests.blindfarm4.layouts import CONTAINERS

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
    "dt",
    "dd",
    "tr",
    "table",
    "thead",
    "tbody",
    "ul",
    "ol",
    "dl",
    "br",
    "blockquote",
    "img",
}
VOID = {"br", "img", "meta", "link", "hr", "input"}
FULL = "：，；？！（）"


class Lines(HTMLParser):
    """Text lines of the element (tag, attr=value): block tags break lines, table cells join with a space."""

    def __init__(self, tag, attr, val):
        super().__init__(convert_charrefs=True)
        self.want = (tag, attr, val)
        self.inside = False
        self.depth = 0
        self.skip = 0
        self.buf = []
        self.lines = []

    def flush(self):
        t = re.sub(r"\s+", " ", "".join(self.buf)).strip()
        if t:
            self.lines.append(t)
        self.buf = []

    def handle_starttag(self, tag, attrs):
        tg, at, val = self.want
        if not self.inside:
            if tag == tg and val in (dict(attrs).get(at) or "").split() + [dict(attrs).get(at)]:
                self.inside, self.depth = True, 1
            return
        if tag == tg and tag not in VOID:
            self.depth += 1
        if tag in ("script", "style"):
            self.skip += 1
        if tag in BLOCK:
            self.flush()
        elif tag in ("td", "th") and "".join(self.buf).strip():
            self.buf.append(" ")

    def handle_endtag(self, tag):
        if not self.inside:
            return
        if tag in ("script", "style"):
            self.skip -= 1
        if tag in BLOCK:
            self.flush()
        if tag == self.want[0]:
            self.depth -= 1
            if self.depth == 0:
                self.flush()
                self.inside = False

    def handle_data(self, data):
        if self.inside and not self.skip:
            self.buf.append(data)


def body_lines(html, layout):
    p = Lines(*CONTAINERS[layout])
    p.feed(html)
    p.close()
    return p.lines


def interleaves(lines, main, bp):
    i = j = 0
    for ln in lines:
        if i < len(main) and main[i] == ln:
            i += 1
        elif j < len(bp) and bp[j] == ln:
            j += 1
        else:
            return False, ln
    return (i == len(main) and j == len(bp)), None


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    out = tmp_path_factory.mktemp("bf4")
    gold = build_site(out, articles=400, seed=31, punctuation="fullwidth")
    return out, gold


@pytest.fixture(scope="module")
def ascii_site(tmp_path_factory):
    out = tmp_path_factory.mktemp("bf4a")
    gold = build_site(out, articles=120, seed=7, punctuation="ascii")
    return out, gold


def _read(out, g):
    return (Path(out) / g["path"]).read_bytes().decode(g["encoding"])


def test_gold_file_and_keys(site):
    out, gold = site
    lines = (Path(out) / "gold.jsonl").read_text(encoding="utf-8").splitlines()
    assert [json.loads(x) for x in lines] == gold
    for g in gold:
        assert set(g) == KEYS
    arts = [g for g in gold if g["page_type"] == "article"]
    assert len(arts) == 400
    assert len({g["layout"] for g in arts}) == 5


@pytest.mark.parametrize("which", ["site", "ascii_site"])
def test_body_is_interleaving_of_main_and_boilerplate(which, request):
    out, gold = request.getfixturevalue(which)
    for g in gold:
        if g["page_type"] != "article":
            continue
        lines = body_lines(_read(out, g), g["layout"])
        ok, bad = interleaves(lines, g["main_text"], g["boilerplate"])
        assert ok, (g["path"], bad)


def test_sections_join_to_main_text(site):
    _, gold = site
    for g in gold:
        joined = []
        for s in g["sections"]:
            assert set(s) == {"heading", "template_id", "city", "province", "paragraphs"}
            joined += [s["heading"]] + s["paragraphs"]
        assert joined == g["main_text"]


def test_titles_dates_cities(site):
    out, gold = site
    for g in gold:
        html = _read(out, g)
        assert g["title"] in html
        if g["page_type"] == "list":
            assert g["published_at"] is None and not g["main_text"] and not g["sections"]
            continue
        assert re.fullmatch(r"\d{4}-\d\d-\d\d(T\d\d:\d\d(:\d\d)?)?", g["published_at"])
        text = "\n".join(g["main_text"])
        pos = [text.index(c) for c in g["cities"]]
        assert pos == sorted(pos) and g["cities"]
        assert g["sections"][0]["city"] in g["cities"]


def test_list_pages_link_every_article_and_sitemaps(site):
    out, gold = site
    linked = set()
    for g in gold:
        if g["page_type"] == "list":
            linked |= set(re.findall(r'href="(https://[^"]+\.html)"', _read(out, g)))
    arts = {g["url"] for g in gold if g["page_type"] == "article"}
    assert arts <= linked
    for h in {g["host"] for g in gold}:
        sm = (Path(out) / h / "sitemap.xml").read_text(encoding="utf-8")
        assert (Path(out) / h / "robots.txt").exists()
        for g in gold:
            if g["host"] == h:
                assert f"<loc>{g['url']}</loc>" in sm


def test_gbk_pages_decode(site):
    out, gold = site
    gbk = [g for g in gold if g["encoding"] == "gbk"]
    assert gbk
    for g in gbk:
        raw = (Path(out) / g["path"]).read_bytes()
        html = raw.decode("gbk")
        assert re.search(r"charset=\"?(gbk|gb2312|utf-8)", html)
        with pytest.raises(UnicodeDecodeError):
            raw.decode("utf-8")


def test_ascii_variant_has_no_fullwidth(ascii_site):
    out, gold = ascii_site
    for p in Path(out).rglob("*"):
        if p.is_file():
            g = p.read_bytes()
            text = g.decode("gbk") if b"charset" in g and _is_gbk(g) else g.decode("utf-8")
            assert not any(c in text for c in FULL), p
    assert any(":" in x for g in gold for x in g["main_text"])


def _is_gbk(raw):
    try:
        raw.decode("utf-8")
        return False
    except UnicodeDecodeError:
        return True


def test_deterministic(tmp_path):
    a, b = tmp_path / "a", tmp_path / "b"
    build_site(a, articles=60, seed=5)
    build_site(b, articles=60, seed=5)
    fa = sorted(p.relative_to(a) for p in a.rglob("*") if p.is_file())
    fb = sorted(p.relative_to(b) for p in b.rglob("*") if p.is_file())
    assert fa == fb
    for r in fa:
        assert (a / r).read_bytes() == (b / r).read_bytes()


def test_boilerplate_wordings_rotate(site):
    _, gold = site
    arts = [g for g in gold if g["page_type"] == "article"]
    seen = {}
    for g in arts:
        for line in set(g["boilerplate"]):
            seen[line] = seen.get(line, 0) + 1
    assert len(seen) > 150
    assert max(seen.values()) <= 0.08 * len(arts)


def test_published_at_is_shown(site):
    out, gold = site
    for g in gold:
        if g["page_type"] != "article":
            continue
        html = _read(out, g)
        d = g["published_at"]
        y, m, day = (int(x) for x in d[:10].split("-"))
        shown = d[:10] in html or f"{y}年{m}月{day}日" in html
        assert shown, g["path"]
        if len(d) > 10:
            assert d[11:] in html, g["path"]

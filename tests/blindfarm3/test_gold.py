"""Self-check for the blindfarm3 generator: gold.jsonl agrees with the written files."""

import json
import re
from html.parser import HTMLParser

import pytest

from tests.blindfarm3 import data as D
from tests.blindfarm3.generate import build_site

BODY = {  # layout -> (attribute, value) of the article body container
    "portal": ("id", "artContent"),
    "logo": ("id", "content"),
    "faq": ("class", "qa-body"),
    "ascii": ("class", "entry-content"),
    "card": ("id", "js_content"),
}
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
    "dt",
    "dd",
    "dl",
    "section",
    "table",
    "ul",
    "ol",
    "figure",
    "br",
    "header",
    "footer",
    "thead",
    "tbody",
}
VOID = {"br", "img", "meta", "link", "input", "hr"}


class Lines(HTMLParser):
    """Render the text lines inside the element matching (attr, value)."""

    def __init__(self, attr, value):
        super().__init__(convert_charrefs=True)
        self.attr, self.value = attr, value
        self.depth = 0  # >0 while inside the container
        self.lines, self.cur = [], ""
        self.h1 = []
        self.in_h1 = False

    def flush(self):
        t = self.cur.strip(" \t\n\r\f")
        if t:
            self.lines.append(t)
        self.cur = ""

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "h1":
            self.in_h1 = True
        if self.depth:
            if tag not in VOID:
                self.depth += 1
            if tag in BLOCK:
                self.flush()
            if tag in ("td", "th") and self.cur.strip():
                self.cur += " "
        elif (
            self.attr and (a.get(self.attr) or "").split().count(self.value)
            if self.attr == "class"
            else a.get(self.attr) == self.value
        ):
            self.depth = 1

    def handle_endtag(self, tag):
        if tag == "h1":
            self.in_h1 = False
        if self.depth:
            if tag in BLOCK:
                self.flush()
            if tag not in VOID:
                self.depth -= 1

    def handle_data(self, d):
        if self.in_h1:
            self.h1.append(d)
        if self.depth:
            self.cur += re.sub(r"[ \t\n\r\f]+", " ", d) if d.strip(" \t\n\r\f") else ""


def merge_ok(lines, main, bp):
    """lines must be an interleaving of main and bp, each kept in order."""
    i = j = 0
    for ln in lines:
        if i < len(main) and ln == main[i]:
            i += 1
        elif j < len(bp) and ln == bp[j]:
            j += 1
        else:
            return False, ln
    return (i == len(main) and j == len(bp)), None


@pytest.fixture(scope="module", params=["fullwidth", "ascii"])
def site(request, tmp_path_factory):
    out = tmp_path_factory.mktemp(f"bf3_{request.param}")
    gold = build_site(out, articles=120, seed=7, punctuation=request.param)
    return out, gold, request.param


def test_gold_file_matches_return(site):
    out, gold, _ = site
    rows = [json.loads(ln) for ln in (out / "gold.jsonl").read_text(encoding="utf-8").splitlines()]
    assert rows == gold
    assert sum(r["page_type"] == "article" for r in rows) == 120


def test_hosts_and_crawl_files(site):
    out, gold, _ = site
    hosts = {g["host"] for g in gold}
    assert D.MAIN_HOST in hosts and len(hosts) >= 11
    for h in hosts:
        assert (out / h / "robots.txt").exists()
        sm = (out / h / "sitemap.xml").read_text(encoding="utf-8")
        for g in gold:
            if g["host"] == h:
                assert f"<loc>{g['url']}</loc>" in sm.replace("&amp;", "&")


def test_every_article_linked_from_lists(site):
    out, gold, _ = site
    linked = set()
    for g in gold:
        if g["page_type"] == "list":
            linked |= set(re.findall(r'href="([^"]+)"', (out / g["path"]).read_text(encoding="utf-8")))
    for g in gold:
        if g["page_type"] == "article":
            assert g["url"] in linked, g["url"]


def test_sections_join_to_main_text(site):
    _, gold, _ = site
    for g in gold:
        if g["page_type"] != "article":
            continue
        joined = []
        for s in g["sections"]:
            joined.append(s["heading"])
            joined.extend(s["paragraphs"])
            assert re.fullmatch(r"t\d\d|u\d{4}", s["template_id"])
            assert s["city"] and s["province"]
        assert joined == g["main_text"]
        assert 1 <= len(g["sections"]) <= 3
        assert re.fullmatch(r"\d{4}-\d\d-\d\d(T\d\d:\d\d(:\d\d)?)?", g["published_at"])
        for c in g["cities"]:
            assert any(c in ln for ln in g["main_text"])


def test_body_rendering_matches_gold(site):
    out, gold, punct = site
    for g in gold:
        if g["page_type"] != "article":
            continue
        raw = (out / g["path"]).read_bytes()
        text = raw.decode(g["encoding"])
        attr, val = BODY[g["layout"]]
        p = Lines(attr, val)
        p.feed(text)
        p.close()
        ok, bad = merge_ok(p.lines, g["main_text"], g["boilerplate"])
        assert ok, (g["path"], bad)
        # title as shown on the page (logo layout: the <h1> is the logo)
        assert g["title"] in text
        if g["layout"] != "logo":
            assert "".join(p.h1).strip() == g["title"]
        if punct == "ascii" or g["layout"] == "ascii":
            body = "\n".join(g["main_text"] + g["boilerplate"] + [g["title"]])
            assert not re.search("[：，；？！（）]", body), g["path"]
        if g["encoding"] == "gbk":
            with pytest.raises(UnicodeDecodeError):
                raw.decode("utf-8")


def test_mix(site):
    _, gold, punct = site
    arts = [g for g in gold if g["page_type"] == "article"]
    assert {g["layout"] for g in arts} == set(BODY)
    assert any(g["encoding"] == "gbk" for g in arts)
    assert any(s["template_id"].startswith("u") for g in arts for s in g["sections"])
    if punct == "fullwidth":
        assert any("？" in g["main_text"][0] for g in arts)


def test_deterministic(tmp_path):
    a = build_site(tmp_path / "a", articles=30, seed=3)
    b = build_site(tmp_path / "b", articles=30, seed=3)
    assert a == b
    files_a = sorted(p.relative_to(tmp_path / "a") for p in (tmp_path / "a").rglob("*") if p.is_file())
    files_b = sorted(p.relative_to(tmp_path / "b") for p in (tmp_path / "b").rglob("*") if p.is_file())
    assert files_a == files_b
    for f in files_a:
        assert (tmp_path / "a" / f).read_bytes() == (tmp_path / "b" / f).read_bytes()


def test_vocabulary_is_gbk_encodable():
    """Any page may be chosen for GBK, so every generator string must encode."""
    import inspect

    from tests.blindfarm3 import generate, templates

    src = inspect.getsource(D) + inspect.getsource(templates) + inspect.getsource(generate)
    bad = {c for c in src if ord(c) > 127 and not c.encode("gbk", "ignore")}
    assert not bad

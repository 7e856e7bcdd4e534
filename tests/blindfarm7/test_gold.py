"""Fast self-checks of the blindfarm7 generator and its gold."""

import collections
import hashlib
import json
import os
import re
from html.parser import HTMLParser

import pytest

try:
    from .generate import BODY_CONTAINER, build_site
except ImportError:  # pragma: no cover - imported as a top-level module
    from tests.blindfarm7.generate import BODY_CONTAINER, build_site

FULLWIDTH = "：，；？！（）"
BLOCK = {
    "p",
    "div",
    "section",
    "article",
    "header",
    "footer",
    "aside",
    "nav",
    "main",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "ul",
    "ol",
    "li",
    "table",
    "thead",
    "tbody",
    "tr",
    "blockquote",
    "dl",
    "dt",
    "dd",
    "figure",
    "figcaption",
    "form",
    "hr",
    "pre",
}
VOID = {"br", "img", "hr", "meta", "link", "input", "wbr", "source", "area", "col", "embed"}


class BodyLines(HTMLParser):
    """Render the element matching (attr, value) into text lines."""

    def __init__(self, attr, value):
        super().__init__(convert_charrefs=True)
        self.attr, self.value = attr, value
        self.depth = 0
        self.skip = 0
        self.done = False
        self.found = 0
        self.buf = []
        self.lines = []

    def _matches(self, attrs):
        v = dict(attrs).get(self.attr)
        if v is None:
            return False
        return self.value in v.split() if self.attr == "class" else v == self.value

    def flush(self):
        text = re.sub(r"\s+", " ", "".join(self.buf)).strip()
        if text:
            self.lines.append(text)
        self.buf = []

    def handle_starttag(self, tag, attrs):
        if self.depth == 0:
            if self._matches(attrs):
                self.found += 1
                if not self.done:
                    self.depth = 1
            return
        if tag in VOID:
            if tag in ("br", "hr"):
                self.flush()
            return
        self.depth += 1
        if tag in ("script", "style"):
            self.skip += 1
        if tag in BLOCK:
            self.flush()
        if tag in ("td", "th"):
            self.buf.append(" ")

    def handle_startendtag(self, tag, attrs):
        self.handle_starttag(tag, attrs)

    def handle_endtag(self, tag):
        if self.depth == 0 or tag in VOID:
            return
        self.depth -= 1
        if tag in ("script", "style"):
            self.skip -= 1
        if self.depth == 0:
            self.flush()
            self.done = True
            return
        if tag in BLOCK:
            self.flush()

    def handle_data(self, data):
        if self.depth > 0 and not self.skip:
            self.buf.append(data)


def body_lines(text, layout):
    attr, value = BODY_CONTAINER[layout]
    p = BodyLines(attr, value)
    p.feed(text)
    p.close()
    assert p.found == 1, "body container must be unique"
    return p.lines


def is_interleaving(lines, main, boiler):
    i = j = 0
    for ln in lines:
        if i < len(main) and ln == main[i]:
            i += 1
        elif j < len(boiler) and ln == boiler[j]:
            j += 1
        else:
            return False, ln
    return (i == len(main) and j == len(boiler)), None


def read_page(out, g):
    with open(os.path.join(out, g["path"]), "rb") as f:
        return f.read().decode(g["encoding"])


@pytest.fixture(scope="module")
def full(tmp_path_factory):
    out = str(tmp_path_factory.mktemp("bf7_full"))
    return out, build_site(out, articles=400, seed=61, punctuation="fullwidth")


@pytest.fixture(scope="module")
def ascii_site(tmp_path_factory):
    out = str(tmp_path_factory.mktemp("bf7_ascii"))
    return out, build_site(out, articles=400, seed=61, punctuation="ascii")


def _check_bodies(out, gold):
    n = 0
    for g in gold:
        if g["page_type"] != "article":
            continue
        lines = body_lines(read_page(out, g), g["layout"])
        ok, bad = is_interleaving(lines, g["main_text"], g["boilerplate"])
        assert ok, (g["path"], bad)
        assert not (set(g["main_text"]) & set(g["boilerplate"])), g["path"]
        n += 1
    assert n == 400


def test_bodies_fullwidth(full):
    _check_bodies(*full)


def test_bodies_ascii(ascii_site):
    _check_bodies(*ascii_site)


@pytest.mark.parametrize("which", ["full", "ascii_site"])
def test_sections_and_cities(which, request):
    out, gold = request.getfixturevalue(which)
    for g in gold:
        flat = []
        for s in g["sections"]:
            flat.append(s["heading"])
            flat.extend(s["paragraphs"])
            assert s["city"] in g["cities"] or s["template_id"].startswith("O")
        assert flat == g["main_text"], g["path"]
        if g["page_type"] == "article":
            assert g["main_text"] and g["sections"]
            joined = "\n".join(g["main_text"])
            pos = [joined.find(c) for c in g["cities"]]
            assert all(p >= 0 for p in pos) and pos == sorted(pos)
            assert len({s["city"] for s in g["sections"]}) == 1
        else:
            assert g["main_text"] == [] and g["boilerplate"] == [] and g["sections"] == []


def test_gold_shape(full):
    out, gold = full
    keys = {
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
    with open(os.path.join(out, "gold.jsonl"), encoding="utf-8") as f:
        from_file = [json.loads(x) for x in f]
    assert from_file == gold
    layouts = collections.Counter(g["layout"] for g in gold if g["page_type"] == "article")
    assert set(layouts) == {"classic", "boldp", "qa", "wechat", "portal"}
    assert min(layouts.values()) >= 30
    hosts = {g["host"] for g in gold}
    assert 11 <= len(hosts) <= 17
    arts = [g for g in gold if g["page_type"] == "article"]
    on_sub = sum(1 for g in arts if not g["host"].startswith("www."))
    assert 0.78 <= on_sub / len(arts) <= 0.92
    gbk = [g for g in arts if g["encoding"] == "gbk"]
    assert 1 <= len(gbk) <= 30
    for g in gold:
        assert set(g) == keys
        assert g["path"].startswith(g["host"] + "/")
        assert g["url"] == "http://" + g["path"]
        assert os.path.exists(os.path.join(out, g["path"]))
    for h in hosts:
        assert os.path.exists(os.path.join(out, h, "robots.txt"))
        assert os.path.exists(os.path.join(out, h, "sitemap.xml"))
    # titles shown and dates exposed
    for g in arts:
        page = read_page(out, g)
        assert g["title"] in page.replace("&quot;", '"').replace("&amp;", "&")
        assert re.fullmatch(r"\d{4}-\d\d-\d\d(T\d\d:\d\d(:\d\d)?)?", g["published_at"])
        d = g["published_at"]
        if g["layout"] == "boldp":
            y, m, dd = d[:10].split("-")
            assert "%d年%d月%d日 %s" % (int(y), int(m), int(dd), d[11:16]) in page
        elif g["layout"] == "portal":
            assert f'"datePublished": "{d}+08:00"' in page
        else:
            assert d.replace("T", " ") in page
    # one-off blocks never reused, templates reused
    tids = collections.Counter(s["template_id"] for g in arts for s in g["sections"])
    assert all(c == 1 for t, c in tids.items() if t.startswith("O"))
    assert 15 <= len([t for t in tids if t.startswith("T")]) <= 20
    assert 0.02 <= sum(c for t, c in tids.items() if t.startswith("O")) / sum(tids.values()) <= 0.08


def test_gbk_pages(full):
    out, gold = full
    for g in gold:
        if g["encoding"] != "gbk":
            continue
        raw = open(os.path.join(out, g["path"]), "rb").read()
        with pytest.raises(UnicodeDecodeError):
            raw.decode("utf-8")
        head = raw.decode("gbk")[:400].lower()
        assert re.search(r"charset=\"?(gbk|gb2312|utf-8)", head)


def test_boilerplate_wordings_spread(full):
    out, gold = full
    arts = [g for g in gold if g["page_type"] == "article"]
    cnt = collections.Counter(b for g in arts for b in set(g["boilerplate"]))
    # no single boilerplate line (except generic short widget rows) on a large share of pages
    for line, c in cnt.items():
        if len(line) >= 12:
            assert c / len(arts) < 0.12, (line, c)


def test_ascii_has_no_fullwidth(ascii_site):
    out, gold = ascii_site
    for g in gold:
        blob = json.dumps(g, ensure_ascii=False)
        assert not any(ch in blob for ch in FULLWIDTH), g["path"]
    for root, _, files in os.walk(out):
        for fn in files:
            raw = open(os.path.join(root, fn), "rb").read()
            try:
                text = raw.decode("utf-8")
            except UnicodeDecodeError:
                text = raw.decode("gbk")
            assert not any(ch in text for ch in FULLWIDTH), fn


def test_fullwidth_pages_use_fullwidth(full):
    out, gold = full
    arts = [g for g in gold if g["page_type"] == "article"]
    assert sum(1 for g in arts if any("，" in x for x in g["main_text"])) > 0.9 * len(arts)


def test_deterministic(tmp_path, full):
    out1, gold1 = full
    out2 = str(tmp_path / "again")
    gold2 = build_site(out2, articles=400, seed=61, punctuation="fullwidth")
    assert gold1 == gold2

    def digest(root):
        h = hashlib.sha256()
        for dirpath, dirs, files in sorted(os.walk(root)):
            dirs.sort()
            for fn in sorted(files):
                p = os.path.join(dirpath, fn)
                h.update(os.path.relpath(p, root).encode())
                h.update(open(p, "rb").read())
        return h.hexdigest()

    assert digest(out1) == digest(out2)
    out3 = str(tmp_path / "other")
    gold3 = build_site(out3, articles=60, seed=7)
    assert [g["main_text"] for g in gold3][:20] != [g["main_text"] for g in gold1][:20]

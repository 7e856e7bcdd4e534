"""Fast self-checks of the blindfarm6 generator and its gold labels."""

import collections
import hashlib
import json
import os
import re
from html.parser import HTMLParser

import pytest

from tests.blindfarm6.generate import build_site

N_ARTICLES = 160
SEED = 53

# body container per layout: (tag, attribute, value-or-class-token)
BODY = {
    "news": ("div", "id", "artContent"),
    "wenda": ("div", "class", "answer-body"),
    "weixin": ("div", "id", "js_content"),
    "gov": ("div", "class", "TRS_Editor"),
    "portal": ("div", "id", "content"),
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
    "ul",
    "ol",
    "table",
    "tbody",
    "thead",
    "tr",
    "section",
    "article",
    "header",
    "footer",
    "aside",
    "nav",
    "blockquote",
    "dl",
    "dt",
    "dd",
    "figure",
    "figcaption",
    "form",
    "br",
    "hr",
    "center",
    "pre",
}
CELL = {"td", "th"}
SKIP = {"script", "style", "noscript", "template"}
VOID = {"br", "img", "meta", "link", "input", "hr", "source", "wbr", "area", "col", "embed", "param", "track", "base"}
WS = re.compile(r"\s+")


class BodyLines(HTMLParser):
    """Collects the visible lines of the first element matching (tag, attr, value)."""

    def __init__(self, sel):
        super().__init__(convert_charrefs=True)
        self.sel = sel
        self.depth = 0
        self.inside = None
        self.skip = 0
        self.buf = []
        self.lines = []
        self.matches = 0

    def _match(self, tag, attrs):
        t, k, v = self.sel
        if tag != t:
            return False
        val = dict(attrs).get(k) or ""
        return v in val.split() if k == "class" else val == v

    def _nl(self):
        line = WS.sub(" ", "".join(self.buf)).strip()
        if line:
            self.lines.append(line)
        self.buf = []

    def handle_starttag(self, tag, attrs):
        if tag in VOID:
            if self.inside is not None and tag in BLOCK:
                self._nl()
            return
        self.depth += 1
        if self.inside is None:
            if self._match(tag, attrs):
                self.matches += 1
                if self.matches == 1:
                    self.inside = self.depth
            return
        if tag in SKIP:
            self.skip += 1
        elif tag in BLOCK:
            self._nl()
        elif tag in CELL:
            self.buf.append(" ")

    def handle_endtag(self, tag):
        if tag in VOID:
            return
        if self.inside is not None:
            if tag in SKIP:
                self.skip -= 1
            elif tag in BLOCK:
                self._nl()
            if self.depth == self.inside:
                self._nl()
                self.inside = None
        self.depth -= 1

    def handle_data(self, data):
        if self.inside is not None and not self.skip:
            self.buf.append(data)


def body_lines(raw, enc, layout):
    p = BodyLines(BODY[layout])
    p.feed(raw.decode(enc))
    p.close()
    assert p.matches == 1, f"body container must be unique ({layout})"
    return p.lines


def is_interleaving(lines, a, b):
    if len(lines) != len(a) + len(b):
        return False
    reach = {(0, 0)}
    for line in lines:
        nxt = set()
        for i, j in reach:
            if i < len(a) and a[i] == line:
                nxt.add((i + 1, j))
            if j < len(b) and b[j] == line:
                nxt.add((i, j + 1))
        if not nxt:
            return False
        reach = nxt
    return (len(a), len(b)) in reach


@pytest.fixture(scope="module")
def sites(tmp_path_factory):
    out = {}
    for mode in ("fullwidth", "ascii"):
        d = tmp_path_factory.mktemp(f"bf6_{mode}")
        out[mode] = (str(d), build_site(str(d), articles=N_ARTICLES, seed=SEED, punctuation=mode))
    return out


def articles(gold):
    return [g for g in gold if g["page_type"] == "article"]


@pytest.mark.parametrize("mode", ["fullwidth", "ascii"])
def test_body_is_interleaving_of_gold(sites, mode):
    d, gold = sites[mode]
    arts = articles(gold)
    assert len(arts) == N_ARTICLES
    for g in arts:
        raw = open(os.path.join(d, g["path"]), "rb").read()
        lines = body_lines(raw, g["encoding"], g["layout"])
        assert is_interleaving(lines, g["main_text"], g["boilerplate"]), g["path"]
        assert not set(g["main_text"]) & set(g["boilerplate"]), g["path"]
        assert g["main_text"] and g["title"] and g["published_at"]


@pytest.mark.parametrize("mode", ["fullwidth", "ascii"])
def test_sections_join_to_main_text(sites, mode):
    _, gold = sites[mode]
    for g in articles(gold):
        joined = []
        for s in g["sections"]:
            assert set(s) == {"heading", "template_id", "city", "paragraphs"}
            joined.append(s["heading"])
            joined.extend(s["paragraphs"])
        assert joined == g["main_text"], g["path"]
        assert 1 <= len(g["sections"]) <= 3
        text = "\n".join(g["main_text"])
        pos = [text.find(c) for c in g["cities"]]
        assert all(p >= 0 for p in pos) and pos == sorted(pos)
        for s in g["sections"]:
            # a block's city is listed unless the block never names it (a few one-offs)
            if s["city"] in "\n".join([s["heading"]] + s["paragraphs"]):
                assert s["city"] in g["cities"]


def test_gold_keys_and_files(sites):
    d, gold = sites["fullwidth"]
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
    paths = set()
    for g in gold:
        assert set(g) == keys
        assert g["path"].startswith(g["host"] + "/")
        assert g["url"] == "http://" + g["path"]
        assert os.path.isfile(os.path.join(d, g["path"]))
        assert g["path"] not in paths
        paths.add(g["path"])
        if g["page_type"] == "list":
            assert not g["main_text"] and not g["boilerplate"] and not g["sections"]
        else:
            raw = open(os.path.join(d, g["path"]), "rb").read().decode(g["encoding"])
            assert g["title"] in raw
            assert re.fullmatch(r"\d{4}-\d\d-\d\d(T\d\d:\d\d(:\d\d)?)?", g["published_at"])
    layouts = collections.Counter(g["layout"] for g in articles(gold))
    assert set(layouts) == set(BODY)
    hosts = {g["host"] for g in gold}
    assert 13 <= len(hosts) <= 17
    for h in hosts:
        assert os.path.isfile(os.path.join(d, h, "robots.txt"))
        assert os.path.isfile(os.path.join(d, h, "sitemap.xml"))
    with open(os.path.join(d, "gold.jsonl"), encoding="utf-8") as f:
        assert [json.loads(x) for x in f] == gold


def test_ascii_mode_has_no_fullwidth_punctuation(sites):
    d, gold = sites["ascii"]
    bad = re.compile("[：，；？！（）]")
    for root, _, files in os.walk(d):
        for fn in files:
            raw = open(os.path.join(root, fn), "rb").read()
            try:
                text = raw.decode("utf-8")
            except UnicodeDecodeError:
                text = raw.decode("gbk")
            assert not bad.search(text), fn
    assert not bad.search(json.dumps(gold, ensure_ascii=False))
    # the other punctuation stays
    assert "、" in json.dumps(gold, ensure_ascii=False)


def test_fullwidth_mode_text_is_fullwidth(sites):
    _, gold = sites["fullwidth"]
    for g in articles(gold):
        for line in g["main_text"] + g["boilerplate"] + [g["title"]]:
            assert not re.search(r"[,;?!()]", line), line
            assert not re.search(r"(?<!\d):|:(?!\d)", line), line


def tree_digest(d):
    h = hashlib.sha256()
    for root, dirs, files in os.walk(d):
        dirs.sort()
        for fn in sorted(files):
            p = os.path.join(root, fn)
            h.update(os.path.relpath(p, d).encode())
            h.update(open(p, "rb").read())
    return h.hexdigest()


def test_deterministic(sites, tmp_path):
    d1, gold1 = sites["fullwidth"]
    d2 = str(tmp_path / "again")
    gold2 = build_site(d2, articles=N_ARTICLES, seed=SEED, punctuation="fullwidth")
    assert gold1 == gold2
    assert tree_digest(d1) == tree_digest(d2)
    d3 = str(tmp_path / "other")
    gold3 = build_site(d3, articles=N_ARTICLES, seed=SEED + 1, punctuation="fullwidth")
    assert gold3 != gold1


def test_farm_properties(tmp_path):
    gold = build_site(str(tmp_path), articles=400, seed=SEED)
    arts = articles(gold)
    # the same template is published for many cities
    tpl_cities = collections.defaultdict(set)
    for g in arts:
        for s in g["sections"]:
            tpl_cities[s["template_id"]].add(s["city"])
    shared = [t for t in tpl_cities if not t.startswith("oneoff_")]
    assert 15 <= len(shared) <= 20
    assert all(len(tpl_cities[t]) >= 5 for t in shared)
    oneoff = collections.Counter(
        s["template_id"] for g in arts for s in g["sections"] if s["template_id"].startswith("oneoff_")
    )
    assert oneoff and max(oneoff.values()) == 1
    # GBK pages exist and are decodable
    gbk = [g for g in arts if g["encoding"] == "gbk"]
    assert 3 <= len(gbk) <= 25
    # ~85% of articles on a city subdomain
    on_city = sum(1 for g in arts if not g["host"].startswith("www."))
    assert 0.78 <= on_city / len(arts) <= 0.92
    # no single boilerplate wording dominates the site
    df = collections.Counter(line for g in arts for line in set(g["boilerplate"]))
    assert max(df.values()) / len(arts) < 0.08, df.most_common(3)
    kinds_present = sum(1 for g in arts if g["boilerplate"])
    assert kinds_present / len(arts) > 0.9

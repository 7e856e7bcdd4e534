"""Fast self-checks of the blindfarm9 generator and its gold."""

import hashlib
import json
import os
import re
from html.parser import HTMLParser

import pytest

from tests.blindfarm9 import data as D
from tests.blindfarm9.generate import BODY_CONTAINERS, build_site

N = 120
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
    "tr",
    "thead",
    "tbody",
    "section",
    "article",
    "header",
    "footer",
    "blockquote",
    "dl",
    "dt",
    "dd",
    "figure",
    "figcaption",
    "form",
    "nav",
    "aside",
    "br",
    "hr",
    "img",
}
VOID = {"br", "hr", "img", "meta", "link", "input", "source", "wbr"}
WIDE = "：，；？！（）"
FIELDS = (
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
    "slot_values",
)
FOLD = str.maketrans(WIDE, ":,;?!()")


class BodyLines(HTMLParser):
    """Split the text of the body container into lines (block tags break lines, cells join with one space)."""

    def __init__(self, tag, att, val):
        super().__init__(convert_charrefs=True)
        self.target = (tag, att, val)
        self.depth = 0
        self.done = False
        self.buf = []
        self.lines = []
        self.skip = 0

    def flush(self):
        s = re.sub(r"\s+", " ", "".join(self.buf)).strip()
        if s:
            self.lines.append(s)
        self.buf = []

    def handle_starttag(self, tag, attrs):
        if self.depth == 0:
            if self.done:
                return
            t, a, v = self.target
            d = dict(attrs)
            if tag == t and v in (d.get(a) or "").split():
                self.depth = 1
            return
        if tag in ("script", "style"):
            self.skip += 1
        if tag in BLOCK:
            self.flush()
        if tag in ("td", "th"):
            self.buf.append(" ")
        if tag not in VOID:
            self.depth += 1

    def handle_startendtag(self, tag, attrs):
        if self.depth and tag in BLOCK:
            self.flush()

    def handle_endtag(self, tag):
        if self.depth == 0 or tag in VOID:
            return
        if tag in ("script", "style"):
            self.skip -= 1
        if tag in BLOCK:
            self.flush()
        self.depth -= 1
        if self.depth == 0:
            self.flush()
            self.done = True

    def handle_data(self, data):
        if self.depth and not self.skip:
            self.buf.append(data)


def body_lines(path, layout, encoding):
    with open(path, "rb") as fh:
        text = fh.read().decode(encoding)
    p = BodyLines(*BODY_CONTAINERS[layout])
    p.feed(text)
    p.close()
    assert p.done, f"body container not found/closed in {path}"
    return p.lines


@pytest.fixture(scope="module", params=["fullwidth", "ascii"])
def site(request, tmp_path_factory):
    out = tmp_path_factory.mktemp("bf9_" + request.param)
    gold = build_site(str(out), articles=N, seed=9, punctuation=request.param)
    return request.param, str(out), gold


def test_interleaving(site):
    mode, out, gold = site
    arts = [g for g in gold if g["page_type"] in ("article", "landing")]
    assert len([g for g in arts if g["page_type"] == "article"]) == N
    for g in arts:
        lines = body_lines(os.path.join(out, g["path"]), g["layout"], g["encoding"])
        main, bp = g["main_text"], g["boilerplate"]
        assert not set(main) & set(bp), g["path"]
        i = j = 0
        for ln in lines:
            if i < len(main) and ln == main[i]:
                i += 1
            elif j < len(bp) and ln == bp[j]:
                j += 1
            else:
                raise AssertionError(
                    "{}: unexpected line {!r} (next main {!r}, next bp {!r})".format(
                        g["path"], ln, main[i] if i < len(main) else None, bp[j] if j < len(bp) else None
                    )
                )
        assert i == len(main) and j == len(bp), g["path"]


def test_feature_box_on_every_article(site):
    mode, out, gold = site
    box = [x.translate(FOLD) if mode == "ascii" else x for x in D.FEATURE_BOX]
    for g in gold:
        if g["page_type"] == "article":
            assert g["boilerplate"][: len(box)] == box, g["path"]


def test_sections_and_fields(site):
    mode, out, gold = site
    for g in gold:
        for k in FIELDS:
            assert k in g
        assert g["url"] == "http://" + g["path"]
        assert g["path"].startswith(g["host"] + "/")
        assert os.path.exists(os.path.join(out, g["path"]))
        if g["page_type"] == "list":
            assert g["main_text"] == [] and g["boilerplate"] == [] and g["sections"] == []
            continue
        flat = []
        for s in g["sections"]:
            assert {"heading", "paragraphs", "template_id", "slots"} <= set(s)
            flat.append(s["heading"])
            flat.extend(s["paragraphs"])
            for v in s["slots"].values():
                assert v == g["slot_values"][next(k for k in s["slots"] if s["slots"][k] == v)]
        assert flat == g["main_text"]
        assert re.fullmatch(r"\d{4}-\d\d-\d\d(T\d\d:\d\d(:\d\d)?)?", g["published_at"])
        cities = [c for s in g["sections"] for c in [s["slots"].get("city")] if c]
        if cities:
            assert g["cities"][0] == cities[0]


def test_slot_recurs(site):
    mode, out, gold = site
    for g in gold:
        for s in g["sections"]:
            if s["template_id"].startswith("oneoff"):
                assert s["slots"] == {}
                continue
            text = "\n".join([s["heading"]] + s["paragraphs"])
            for v in s["slots"].values():
                assert v in text, (g["path"], v)
    heavy = [
        g
        for g in gold
        if g["page_type"] == "article"
        and "surname" in g["slot_values"]
        and "\n".join(g["main_text"]).count(g["slot_values"]["surname"]) >= 10
    ]
    assert len(heavy) > N // 5


def test_punctuation(site):
    mode, out, gold = site
    blob = json.dumps(gold, ensure_ascii=False)
    if mode == "ascii":
        assert not any(c in blob for c in WIDE)
        for g in gold:
            with open(os.path.join(out, g["path"]), "rb") as fh:
                text = fh.read().decode(g["encoding"])
            assert not any(c in text for c in WIDE), g["path"]
    else:
        assert "：" in blob and "，" in blob


def test_site_shape(site):
    mode, out, gold = site
    hosts = {g["host"] for g in gold}
    for h in hosts:
        assert os.path.exists(os.path.join(out, h, "robots.txt"))
        assert os.path.exists(os.path.join(out, h, "sitemap.xml"))
    arts = [g for g in gold if g["page_type"] == "article"]
    assert len({g["layout"] for g in arts}) == 4
    assert {g["page_type"] for g in gold} == {"article", "landing", "list"}
    tids = {s["template_id"] for g in arts for s in g["sections"] if not s["template_id"].startswith("oneoff")}
    assert len(tids) >= 14
    kinds = {k for g in arts for k in g["slot_values"]}
    assert kinds == {"surname", "char", "city"}
    land = [g for g in gold if g["page_type"] == "landing"]
    assert {s["template_id"] for g in land for s in g["sections"]} == {"L-surname", "L-char", "L-city"}
    classic = [g for g in arts if g["layout"] == "classic"][0]
    with open(os.path.join(out, classic["path"]), encoding=classic["encoding"]) as fh:
        text = fh.read()
    assert re.search(r"</h1>\n<p class=\"time\">\d{4}-\d\d-\d\d \d\d:\d\d:\d\d</p>", text)


def _digest(d):
    h = hashlib.sha256()
    for root, dirs, files in os.walk(d):
        dirs.sort()
        for f in sorted(files):
            p = os.path.join(root, f)
            h.update(os.path.relpath(p, d).encode())
            with open(p, "rb") as fh:
                h.update(fh.read())
    return h.hexdigest()


def test_deterministic(tmp_path):
    a, b, c = tmp_path / "a", tmp_path / "b", tmp_path / "c"
    ga = build_site(str(a), articles=60, seed=5)
    gb = build_site(str(b), articles=60, seed=5)
    gc = build_site(str(c), articles=60, seed=6)
    assert ga == gb and _digest(a) == _digest(b)
    assert ga != gc

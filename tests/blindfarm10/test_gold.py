"""Fast self-checks of the blindfarm10 generator and its gold."""

import hashlib
import json
import os
import re
from html.parser import HTMLParser

import pytest

from tests.blindfarm10 import data as D
from tests.blindfarm10.generate import BODY_CONTAINERS, build_site

N = 150
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
    out = tmp_path_factory.mktemp("bf10_" + request.param)
    gold = build_site(str(out), articles=N, seed=10, punctuation=request.param)
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


def test_footer_and_trust_line_on_every_page(site):
    mode, out, gold = site
    for g in gold:
        if g["page_type"] != "list":
            assert g["boilerplate"][-3:] == D.FOOTER + [D.TRUST], g["path"]


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
        assert flat == g["main_text"]
        assert re.fullmatch(r"\d{4}-\d\d-\d\d(T\d\d:\d\d(:\d\d)?)?", g["published_at"])
        if g["page_type"] == "article":
            sv = g["slot_values"]
            first = g["sections"][0]["slots"]
            assert first == sv
            assert g["cities"] == [sv["town"]]
            for s in g["sections"]:
                assert s["slots"]["town"] == sv["town"] and s["slots"]["state"] == sv["state"]
                text = "\n".join([s["heading"]] + s["paragraphs"])
                assert sv["town"] in text and s["slots"]["service"].split()[0].lower() in text.lower()
            assert "{}, {}".format(sv["town"], sv["state"]) in g["title"]
        else:
            assert len(g["cities"]) >= 2


def test_spinning_varies_pages(site):
    mode, out, gold = site
    arts = [g for g in gold if g["page_type"] == "article"]
    by = {}
    for g in arts:
        by.setdefault(g["sections"][0]["template_id"], []).append(g["main_text"][1:3])
    for tid, texts in by.items():
        skel = {tuple(re.sub(r"[A-Z][a-z]+|\d[\d,]*", "X", t) for t in x) for x in texts}
        assert len(skel) > len(texts) // 2, tid


def test_punctuation(site):
    mode, out, gold = site
    blob = json.dumps(gold, ensure_ascii=False)
    assert not any(c in blob for c in WIDE)


def test_site_shape(site):
    mode, out, gold = site
    hosts = {g["host"] for g in gold}
    assert len(hosts) == 3
    for h in hosts:
        assert os.path.exists(os.path.join(out, h, "robots.txt"))
        assert os.path.exists(os.path.join(out, h, "sitemap.xml"))
    arts = [g for g in gold if g["page_type"] == "article"]
    assert len({g["layout"] for g in arts}) == 3
    assert {g["page_type"] for g in gold} == {"article", "landing", "list"}
    assert len([g for g in gold if g["page_type"] == "landing"]) == len(D.SERVICES)
    names = [t[0] for t in D.TOWNS]
    assert len(names) >= 80 and {n for n in names if names.count(n) > 1} >= {"Springfield", "Portland"}
    phones = {}
    for g in arts:
        t = (g["slot_values"]["town"], g["slot_values"]["state"])
        ph = re.search(r"\(\d{3}\) 555-01\d\d", "\n".join(g["main_text"])).group(0)
        assert phones.setdefault(t, ph) == ph
        ac = next(x[2] for x in D.TOWNS if (x[0], x[1]) == t)
        assert ph.startswith("(" + ac + ")")


def test_variants_identical(tmp_path):
    a, b = tmp_path / "a", tmp_path / "b"
    ga = build_site(str(a), articles=40, seed=3, punctuation="fullwidth")
    gb = build_site(str(b), articles=40, seed=3, punctuation="ascii")
    assert ga == gb and _digest(a) == _digest(b)


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

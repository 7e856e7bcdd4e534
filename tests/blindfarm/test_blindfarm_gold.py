"""Self-check: the blind farm's gold labels agree with the files it writes."""

import collections
import html
import json
import re
import urllib.parse

import pytest

from .generate import build_site

FULLWIDTH = set("：，；？！（）")
INLINE = re.compile(r"</?(?:strong|b|a|span|em|i|u|font)(?:\s[^>]*)?>", re.I)
DROP = re.compile(r"<(script|style)\b.*?</\1>", re.I | re.S)
TAG = re.compile(r"<[^>]+>")
WS = re.compile(r"\s+")


def page_text(raw: bytes, encoding: str) -> str:
    """Decode, drop scripts, strip tags (inline tags glue, block tags break), collapse white space."""
    s = raw.decode(encoding)
    s = DROP.sub(" ", s)
    s = INLINE.sub("", s)
    s = TAG.sub("\n", s)
    return WS.sub(" ", html.unescape(s))


def norm(line: str) -> str:
    return WS.sub(" ", line).strip()


def assert_in_order(lines, text, what, path):
    pos = 0
    for line in lines:
        k = text.find(norm(line), pos)
        assert k >= 0, f"{path}: {what} line not found in order: {line!r}"
        pos = k + len(norm(line))


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    out = tmp_path_factory.mktemp("blindfarm")
    gold = build_site(out, articles=120, seed=3)
    return out, gold


def test_gold_file_matches_return_value(site):
    out, gold = site
    lines = (out / "gold.jsonl").read_text(encoding="utf-8").splitlines()
    assert [json.loads(x) for x in lines] == gold
    assert all(not re.search(r"\\u[0-9a-f]{4}", x) for x in lines[:20]), "gold.jsonl must not be ASCII-escaped"


def test_lines_occur_in_page_text(site):
    out, gold = site
    for g in gold:
        raw = (out / g["path"]).read_bytes()
        assert g["url"] == f"http://{g['path']}"
        text = page_text(raw, g["encoding"])
        if g["page_type"] != "article":
            continue
        assert norm(g["title"]) in text
        assert_in_order(g["main_text"], text, "main_text", g["path"])
        assert_in_order(g["boilerplate"], text, "boilerplate", g["path"])
        secs = [x for s in g["sections"] for x in [s["heading"]] + s["paragraphs"]]
        assert secs == g["main_text"], g["path"]
        assert re.fullmatch(r"\d{4}-\d\d-\d\d(T\d\d:\d\d(:\d\d)?)?", g["published_at"])


def test_encodings(site):
    out, gold = site
    gbk = [g for g in gold if g["encoding"] == "gbk"]
    assert gbk, "some pages must be GBK"
    assert any(g["charset_declared"] == "utf-8" for g in gbk), "one GBK page must carry a lying utf-8 meta"
    for g in gbk:
        raw = (out / g["path"]).read_bytes()
        with pytest.raises(UnicodeDecodeError):
            raw.decode("utf-8")
        head = raw[:600].decode("ascii", "replace").lower()
        assert f"charset={g['charset_declared']}" in head or f'charset="{g["charset_declared"]}"' in head


def test_every_article_linked_from_a_list_page(site):
    out, gold = site
    linked = set()
    for g in gold:
        if g["page_type"] != "list":
            continue
        raw = (out / g["path"]).read_text(encoding="utf-8")
        for href in re.findall(r'href="([^"]+)"', raw):
            linked.add(urllib.parse.urljoin(g["url"], href))
    missing = [g["url"] for g in gold if g["page_type"] == "article" and g["url"] not in linked]
    assert not missing, missing[:5]


def test_templates_shared_across_cities(site):
    _, gold = site
    cities = collections.defaultdict(set)
    uses = collections.Counter()
    for g in gold:
        for s in g.get("sections", []):
            cities[s["template_id"]].add(s["city"])
            uses[s["template_id"]] += 1
            assert s["city"] in g["cities"]
    shared = [t for t in cities if t.startswith("t")]
    assert len(shared) >= 15
    assert all(len(cities[t]) >= 2 for t in shared)
    uniq = [t for t in cities if t.startswith("u")]
    assert uniq and all(uses[t] == 1 for t in uniq)


def test_hosts_robots_sitemaps(site):
    out, gold = site
    hosts = {g["host"] for g in gold}
    assert len(hosts) >= 21
    for h in hosts:
        assert "Sitemap:" in (out / h / "robots.txt").read_text(encoding="utf-8")
        sm = (out / h / "sitemap.xml").read_text(encoding="utf-8")
        for g in gold:
            if g["host"] == h:
                assert f"<loc>{g['url']}</loc>" in sm
    assert len({g["layout"] for g in gold if g["page_type"] == "article"}) >= 5


def test_punctuation_variants(tmp_path):
    fw = build_site(tmp_path / "fw", articles=60, seed=11)
    asc = build_site(tmp_path / "ascii", articles=60, seed=11, punctuation="ascii")
    fw_a = [g for g in fw if g["page_type"] == "article"]
    asc_a = [g for g in asc if g["page_type"] == "article"]
    assert [g["path"] for g in fw_a] == [g["path"] for g in asc_a]
    for g in asc_a:
        assert not FULLWIDTH & set("".join(g["main_text"] + g["boilerplate"]) + g["title"])
    assert any(FULLWIDTH & set("".join(g["main_text"])) for g in fw_a if g["punctuation"] == "fullwidth")
    # the mobile mirror host is ASCII even in the full-width build
    m = [g for g in fw_a if g["host"].startswith("m.")]
    assert m and all(g["punctuation"] == "ascii" for g in m)


def test_deterministic(tmp_path):
    a = build_site(tmp_path / "a", articles=40, seed=5)
    b = build_site(tmp_path / "b", articles=40, seed=5)
    assert a == b
    pa = sorted(p.relative_to(tmp_path / "a") for p in (tmp_path / "a").rglob("*") if p.is_file())
    pb = sorted(p.relative_to(tmp_path / "b") for p in (tmp_path / "b").rglob("*") if p.is_file())
    assert pa == pb
    assert all((tmp_path / "a" / p).read_bytes() == (tmp_path / "b" / p).read_bytes() for p in pa)

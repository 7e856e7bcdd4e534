"""The bundled demo site: generator output, gold labels, and the HTTP server."""

from __future__ import annotations

import json
import re
import urllib.error
import urllib.request
from pathlib import Path

import pytest

from winnow.demo.cities import CITIES, GBK_ONLY_CHARS
from winnow.demo.server import serve
from winnow.demo.site import build_site


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, dict]:
    root = tmp_path_factory.mktemp("demo")
    gold_path = build_site(root)
    return root, json.loads(gold_path.read_text(encoding="utf-8"))


def _articles(gold: dict) -> list[dict]:
    return [a for a in gold["articles"] if not a["disallowed"]]


def _tree(root: Path) -> dict[str, bytes]:
    return {str(p.relative_to(root)): p.read_bytes() for p in sorted(root.rglob("*")) if p.is_file()}


def test_article_counts_and_layouts(site):
    root, gold = site
    public = _articles(gold)
    assert len(public) >= 150
    assert len(gold["reachable_articles"]) == len(public)
    assert {a["layout"] for a in public} == {"A", "B"}
    assert sum(a["kind"] == "hard_negative" for a in public) >= 8
    assert len({a["city"] for a in gold["articles"]}) >= 60
    assert sum(c.province not in ("北京", "上海", "天津", "重庆") for c in CITIES) >= 60
    for a in gold["articles"]:
        assert (root / a["path"].lstrip("/")).is_file()


def test_layout_a_is_utf8_with_meta(site):
    root, gold = site
    a = next(x for x in _articles(gold) if x["layout"] == "A")
    html = (root / a["path"].lstrip("/")).read_bytes().decode("utf-8")
    assert '<meta charset="utf-8">' in html
    assert 'class="article-content"' in html


def test_gb2312_declared_page_needs_gbk(site):
    root, gold = site
    pages = [a for a in _articles(gold) if a["declared_charset"] == "gb2312"]
    assert pages
    for a in pages:
        raw = (root / a["path"].lstrip("/")).read_bytes()
        assert b"charset=gb2312" in raw
        with pytest.raises(UnicodeDecodeError):
            raw.decode("gb2312")
        text = raw.decode("gb18030")
        assert set(a["gbk_only_chars"]) & set(GBK_ONLY_CHARS)
        assert any(ch in text for ch in GBK_ONLY_CHARS)
        assert a["main_text"].split("\n")[0] in text
    for ch in GBK_ONLY_CHARS:
        ch.encode("gbk")
        with pytest.raises(UnicodeEncodeError):
            ch.encode("gb2312")


def test_main_text_excludes_boilerplate(site):
    _, gold = site
    for a in gold["articles"]:
        lines = a["main_text"].split("\n")
        assert not set(lines) & set(a["boilerplate"])
        assert all(s["heading"] in lines for s in a["sections"])
        rebuilt = ([a["lead"]] if a["lead"] else []) + [
            line for s in a["sections"] for line in [s["heading"], *s["text"].split("\n")]
        ]
        assert a["main_text"] == "\n".join(rebuilt)
        for s in a["sections"]:
            assert all(v in s["text"].split("\n") for v in s["variations"])
        flat = [v for vs in a["variations"] for v in vs]
        assert len(flat) == len(set(flat))
        for line in lines:
            assert "仅供参考" not in line and "小编" not in line and "声明" not in line


def test_robots_and_sitemap(site):
    root, gold = site
    robots = (root / "robots.txt").read_text()
    assert "Disallow: /private/" in robots
    assert gold["disallowed_paths"]
    assert all(p.startswith("/private/") for p in gold["disallowed_paths"])
    sitemap = (root / "sitemap.xml").read_text()
    locs = re.findall(r"<loc>[^<]*?(/[^<]*)</loc>", sitemap.replace(gold["base_url_placeholder"], ""))
    assert sorted(locs) == sorted(gold["reachable_articles"])
    assert not any(p.startswith("/private/") for p in locs)
    # A crawler ignoring robots.txt would still find the private pages through links.
    index = (root / "index.html").read_text(encoding="utf-8")
    assert gold["disallowed_paths"][0] in index


def test_template_groups(site):
    _, gold = site
    sources = {}
    for a in gold["articles"]:
        for s in a["sections"]:
            sources.setdefault(s["source"], set()).add(s["template_id"])
    # Seed blocks -> templates, as decided from the seeds.
    expected = {
        "000:1": "balance",
        "001:7": "balance",
        "002:41": "balance",
        "000:52": "family",
        "002:7": "family",
        "000:69": "withdraw",
        "001:115": "reimburse",
        "003:1": "balance_alt",
        "004:6": "detail_query",
        "004:18": "card_usage",
    }
    for source, template_id in expected.items():
        assert sources.get(source) == {template_id}, source
    # Every seed block maps to exactly one template, and no two blocks outside the two
    # same-template groups share one.
    assert all(len(ids) == 1 for ids in sources.values())
    shared = {"balance", "family"}
    singles = [next(iter(ids)) for ids in sources.values() if not ids & shared]
    assert len(singles) == len(set(singles))
    hard = [a for a in gold["articles"] if a["kind"] == "hard_negative"]
    assert all(s["template_id"] not in ("balance", "family") for a in hard for s in a["sections"])
    assert any(v for a in gold["articles"] for v in a["variations"])


def test_generation_is_deterministic(tmp_path):
    build_site(tmp_path / "one")
    build_site(tmp_path / "two")
    assert _tree(tmp_path / "one") == _tree(tmp_path / "two")
    build_site(tmp_path / "three", seed=8)
    assert _tree(tmp_path / "one") != _tree(tmp_path / "three")


def _links(root: Path, path: str) -> list[str]:
    raw = (root / path.lstrip("/")).read_bytes()
    text = raw.decode("gb18030" if path.startswith("/gbk/") else "utf-8")
    return [h.replace("&amp;", "&") for h in re.findall(r'href="([^"]+)"', text)]


def test_links_resolve_and_polite_crawl_reaches_everything(site):
    root, gold = site
    dead = set(gold["dead_links"])
    seen_dead, queue, visited = set(), ["/index.html"], set()
    linked_private = False
    while queue:
        path = queue.pop()
        if path in visited:
            continue
        visited.add(path)
        if not path.endswith(".html"):
            continue
        for href in _links(root, path):
            target = href.split("?", 1)[0]
            target = "/index.html" if target == "/" else target
            if target in dead:
                seen_dead.add(target)
                continue
            assert (root / target.lstrip("/")).is_file(), f"{path} links to missing {href}"
            if target.startswith("/private/"):
                linked_private = True  # robots.txt forbids following it
                continue
            queue.append(target)
    assert seen_dead == dead
    assert linked_private
    assert gold["pdf_path"] in visited
    assert set(gold["reachable_articles"]) <= visited
    assert not visited & set(gold["disallowed_paths"])


def _get(url: str) -> tuple[int, str, bytes]:
    try:
        with urllib.request.urlopen(url, timeout=5) as resp:
            return resp.status, resp.headers["Content-Type"], resp.read()
    except urllib.error.HTTPError as err:
        return err.code, err.headers["Content-Type"], err.read()


def test_serving_over_http(site):
    root, gold = site
    a_page = next(a for a in _articles(gold) if a["layout"] == "A")
    b_page = next(a for a in _articles(gold) if a["layout"] == "B")
    with serve(root) as server:
        status, ctype, body = _get(server.url + a_page["path"])
        assert (status, ctype) == (200, "text/html; charset=utf-8")
        assert a_page["title"] in body.decode("utf-8")
        status, ctype, body = _get(server.url + b_page["path"])
        assert (status, ctype) == (200, "text/html")
        assert body == (root / b_page["path"].lstrip("/")).read_bytes()
        assert _get(server.url + "/")[0] == 200
        assert _get(server.url + "/list/2.html")[0] == 200
        assert _get(server.url + gold["pdf_path"])[:2] == (200, "application/pdf")
        assert _get(server.url + gold["pdf_path"])[2].startswith(b"%PDF-")
        status, ctype, body = _get(server.url + "/sitemap.xml")
        assert (status, ctype) == (200, "application/xml")
        assert server.url + gold["reachable_articles"][0] in body.decode("utf-8")
        status, ctype, body = _get(server.url + "/robots.txt")
        assert status == 200 and ctype.startswith("text/plain") and b"/private/" in body
        utm = gold["utm_variants"][0]
        assert _get(server.url + utm["url"])[2] == _get(server.url + utm["path"])[2]
        for dead in gold["dead_links"]:
            assert _get(server.url + dead)[0] == 404
        assert _get(server.url + "/gold.json")[0] == 404
        assert _get(server.url + "/../../etc/passwd")[0] == 404

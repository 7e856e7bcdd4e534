"""The main job, end to end: crawl the demo site over HTTP, export, compare with the gold labels."""

from __future__ import annotations

import json
from collections import defaultdict
from collections.abc import Iterator
from urllib.parse import urlsplit

import pytest

from tests.cli import read_csv, winnow
from tests.test_extract_quality import f1 as char_f1  # the same metric as the quality gate
from winnow.demo import build_site, serve

FAST = ["-s", "DOWNLOAD_DELAY=0", "-s", "AUTOTHROTTLE_ENABLED=False", "-s", "CONCURRENT_REQUESTS_PER_DOMAIN=16"]


@pytest.fixture(scope="module")
def crawled(tmp_path_factory: pytest.TempPathFactory) -> Iterator[dict]:
    tmp = tmp_path_factory.mktemp("e2e")
    gold = json.loads(build_site(tmp / "site").read_text(encoding="utf-8"))
    db = f"sqlite:///{tmp / 'winnow.db'}"
    with serve(tmp / "site") as server:
        crawl = winnow("crawl", "--site", "demo", "--start-url", server.url + "/", "--db", db, *FAST, cwd=tmp)
    winnow("export", "--out", str(tmp / "out"), "--db", db, cwd=tmp)
    yield {
        "gold": gold,
        "summary": crawl.stdout,
        "documents": read_csv(tmp / "out" / "documents.csv"),
        "sections": read_csv(tmp / "out" / "sections.csv"),
        "canonical": read_csv(tmp / "out" / "canonical.csv"),
        "tmp": tmp,
        "db": db,
    }


def by_path(rows: list[dict[str, str]]) -> dict[str, dict[str, str]]:
    return {urlsplit(r["url"]).path: r for r in rows}


def test_summary_line_reports_counts(crawled: dict) -> None:
    summary = crawled["summary"]
    for word in ("pages fetched", "stored", "errors", "clusters"):
        assert word in summary


def test_every_reachable_article_is_stored_once_and_ok(crawled: dict) -> None:
    docs = crawled["documents"]
    urls = [d["url"] for d in docs]
    assert len(urls) == len(set(urls))
    assert not [u for u in urls if "utm_" in u]
    paths = by_path(docs)
    for path in crawled["gold"]["reachable_articles"]:
        assert paths[path]["status"] == "ok", (path, paths[path]["error"])


def test_robots_disallowed_pages_are_never_fetched(crawled: dict) -> None:
    prefix = crawled["gold"]["disallowed_prefix"]
    assert not [d for d in crawled["documents"] if urlsplit(d["url"]).path.startswith(prefix)]


def test_dead_links_and_pdf_are_recorded(crawled: dict) -> None:
    paths = by_path(crawled["documents"])
    assert paths[crawled["gold"]["pdf_path"]]["status"] == "skipped"
    for dead in crawled["gold"]["dead_links"]:
        assert paths[dead]["status"] == "error"
        assert "404" in paths[dead]["error"]


def test_clean_text_matches_gold_main_text(crawled: dict) -> None:
    paths = by_path(crawled["documents"])
    scores = {
        a["path"]: char_f1(paths[a["path"]]["clean_text"], a["main_text"])
        for a in crawled["gold"]["articles"]
        if a["path"] in crawled["gold"]["reachable_articles"]
    }
    mean = sum(scores.values()) / len(scores)
    assert mean >= 0.95, sorted(scores.items(), key=lambda kv: kv[1])[:5]
    assert min(scores.values()) >= 0.80


def test_gbk_pages_decode_without_replacement_characters(crawled: dict) -> None:
    paths = by_path(crawled["documents"])
    gb2312_pages = [a for a in crawled["gold"]["articles"] if a["declared_charset"] == "gb2312" and not a["disallowed"]]
    assert gb2312_pages
    for article in gb2312_pages:
        text = paths[article["path"]]["clean_text"]
        assert "\ufffd" not in text
        for ch in article["gbk_only_chars"]:
            assert ch in text


def b_cubed_f1(predicted: dict[str, str], truth: dict[str, str]) -> float:
    pred_groups: dict[str, set[str]] = defaultdict(set)
    true_groups: dict[str, set[str]] = defaultdict(set)
    for item, label in predicted.items():
        pred_groups[label].add(item)
    for item, label in truth.items():
        true_groups[label].add(item)
    precision = recall = 0.0
    for item in truth:
        same_pred, same_true = pred_groups[predicted[item]], true_groups[truth[item]]
        both = len(same_pred & same_true)
        precision += both / len(same_pred)
        recall += both / len(same_true)
    precision, recall = precision / len(truth), recall / len(truth)
    return 2 * precision * recall / (precision + recall)


def test_sections_cluster_by_template(crawled: dict) -> None:
    rows = defaultdict(list)
    for row in crawled["sections"]:
        rows[urlsplit(row["url"]).path].append(row)
    predicted, truth = {}, {}
    aligned = 0
    for article in crawled["gold"]["articles"]:
        ours = sorted(rows.get(article["path"], []), key=lambda r: int(r["section_no"]))
        if article["disallowed"]:
            continue
        if len(ours) != len(article["sections"]):
            continue
        aligned += 1
        for row, gold in zip(ours, article["sections"], strict=False):
            key = f"{article['path']}#{row['section_no']}"
            predicted[key], truth[key] = row["cluster_id"], gold["template_id"]
    assert aligned >= 0.95 * len(crawled["gold"]["reachable_articles"])
    assert b_cubed_f1(predicted, truth) >= 0.97


def test_canonical_entries_are_templates(crawled: dict) -> None:
    canonical = crawled["canonical"]
    big = [c for c in canonical if int(c["member_count"]) >= 10]
    assert big
    for entry in big:
        assert "{city}" in entry["template_text"]
        assert len(entry["cities"].split(";")) >= 5
        assert entry["urls"].count(";") + 1 >= 5


def test_reused_block_endings_are_not_taken_for_site_wide_boilerplate(crawled: dict) -> None:
    """The withdrawal block's closing lines end many pages (in different block combinations);
    they are template content, and site-wide learning must leave them alone."""
    paths = by_path(crawled["documents"])
    closing = "保护个人信息:在查询和提取医保卡余额时"
    having = [a for a in crawled["gold"]["articles"] if closing in a["main_text"] and not a["disallowed"]]
    assert len(having) >= 10
    for article in having:
        assert closing in paths[article["path"]]["clean_text"], article["path"]

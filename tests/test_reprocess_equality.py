"""Streaming corpus steps give the clusters and canonical entries the whole-corpus steps gave.

``tests/data/reprocess_expected.json`` was recorded with the corpus steps as they were before
they streamed (commit 191f968: site-wide learning and clustering over every stored page held in
memory): a demo site of 120 articles spread over three hosts of one site, ingested in two runs
(the second one incremental), then reprocessed; the file keeps the reprocessed store. Run this
module as a script to record it again (it then holds the incremental snapshot too):

    .venv/bin/python tests/test_reprocess_equality.py tests/data/reprocess_expected.json
"""

from __future__ import annotations

import hashlib
import json
import sys
import tempfile
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import text

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from storage.db import open_db  # noqa: E402
from storage.repository import RawInput  # noqa: E402
from winnow.demo.site import build_site  # noqa: E402
from winnow.service.batches import BatchWriter, store_all  # noqa: E402
from winnow.service.corpus import recluster, reprocess_all  # noqa: E402

EXPECTED = Path(__file__).parent / "data" / "reprocess_expected.json"
HOSTS = ("yiyang.farm.example.cn", "jiaxing.farm.example.cn", "www.farm.example.cn")


def farm_pages(site: Path) -> list[RawInput]:
    """The site's article pages, dealt over three hosts of one registrable domain."""
    pages = sorted(p for p in site.rglob("*.html") if p.parent.name not in ("list", site.name))
    return [
        RawInput(
            url=f"http://{HOSTS[i % len(HOSTS)]}/{p.relative_to(site).as_posix()}",
            body=p.read_bytes(),
            headers={},
            kind="html",
        )
        for i, p in enumerate(pages)
    ]


def snapshot(db_url: str) -> dict[str, Any]:
    """Documents' text, every cluster (members, canonical entry) and each member's variation."""
    sessions = open_db(db_url)
    with sessions() as session:
        docs = session.execute(text("select url, clean_text, headings from documents order by url")).all()
        members = session.execute(
            text(
                "select c.key, d.url, s.section_no, s.variation from sections s join documents d on d.id = s.document_id"
                " join clusters c on c.id = s.cluster_id order by d.url, s.section_no"
            )
        ).all()
        clusters = session.execute(
            text(
                "select c.key, c.title, c.canonical_text, c.template_text, c.cities, c.urls, c.member_count,"
                " d.url, s.section_no from clusters c join sections s on s.id = c.representative_id"
                " join documents d on d.id = s.document_id order by c.key"
            )
        ).all()
    by_cluster: dict[str, list[str]] = {}
    for key, url, no, _ in members:
        by_cluster.setdefault(key, []).append(f"{url}#{no}")
    return {
        # a digest per document keeps the recorded file small; the clusters are kept whole
        "documents": {url: _digest([clean, json.loads(h) if isinstance(h, str) else h]) for url, clean, h in docs},
        "variations": {f"{url}#{no}": variation for _, url, no, variation in members if variation},
        "clusters": {
            key: {
                "members": by_cluster.get(key, []),
                "title": title,
                "canonical_text": canonical,
                "template_text": template,
                "cities": cities,
                "urls": urls,
                "member_count": count,
                "representative": f"{url}#{no}",
            }
            for key, title, canonical, template, cities, urls, count, url, no in clusters
        },
    }


def _digest(value: Any) -> str:
    return hashlib.sha1(json.dumps(value, ensure_ascii=False).encode("utf-8")).hexdigest()[:16]


def run_corpus(workdir: Path) -> dict[str, Any]:
    """Ingest two thirds of the farm, then the rest (incremental), then reprocess: a snapshot of each."""
    site = workdir / "site"
    build_site(site, seed=11, n_articles=120)
    pages = farm_pages(site)
    db_url = f"sqlite:///{workdir / 'equality.db'}"
    sessions = open_db(db_url)
    cut = 2 * len(pages) // 3
    for part in (pages[:cut], pages[cut:]):
        store_all(BatchWriter(sessions), part)
        recluster(sessions)
    incremental = snapshot(db_url)
    reprocess_all(sessions)
    return {"incremental": incremental, "reprocessed": snapshot(db_url)}


@pytest.fixture(scope="module")
def runs(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    return run_corpus(tmp_path_factory.mktemp("equality"))


def test_reprocess_gives_the_clusters_and_canonical_entries_recorded_before(runs: dict[str, Any]) -> None:
    expected = json.loads(EXPECTED.read_text(encoding="utf-8"))
    got = runs["reprocessed"]
    assert got["documents"] == expected["reprocessed"]["documents"]
    assert got["clusters"] == expected["reprocessed"]["clusters"]
    assert got["variations"] == expected["reprocessed"]["variations"]


def test_incremental_runs_strip_the_pages_as_one_run_over_all_of_them(runs: dict[str, Any]) -> None:
    # Learning from the pages as the per-page pipeline left them (not from pages stripped by an
    # earlier run) makes the second run strip all 127 pages as reprocess does; the whole-corpus
    # steps before got 13 of them wrong (a question heading learned as furniture on some).
    assert runs["incremental"]["documents"] == runs["reprocessed"]["documents"]


if __name__ == "__main__":
    with tempfile.TemporaryDirectory() as tmp:
        result = run_corpus(Path(tmp))
    Path(sys.argv[1]).write_text(
        json.dumps(result, ensure_ascii=False, indent=0, sort_keys=True) + "\n", encoding="utf-8"
    )
    print({k: len(v["clusters"]) for k, v in result.items()})


def test_clustering_in_small_batches_gives_the_clusters_of_one_batch(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # ~240 sections in batches of 40: later batches find earlier clusters through any member
    # (SimHash neighbours, stored candidate keys) and clusters split by batching are joined by
    # consensus, so the store ends as one batch (the recorded whole-corpus clustering) left it.
    from winnow.service import corpus

    monkeypatch.setattr(corpus, "NEW_BATCH", 40)
    expected = json.loads(EXPECTED.read_text(encoding="utf-8"))["reprocessed"]
    got = run_corpus(tmp_path)["reprocessed"]
    assert got["clusters"] == expected["clusters"]
    assert got["variations"] == expected["variations"]

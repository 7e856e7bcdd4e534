"""Planner statistics after a bulk write: a run plans its corpus queries on fresh ones."""

from __future__ import annotations

from sqlalchemy import text

from pipeline import process
from storage.db import open_db, refresh_statistics
from storage.repository import PageWrite, RawInput, save_pages

PAGE = "<html><head><title>医保卡余额怎么查</title></head><body><article><h1>医保卡余额怎么查</h1>{}</article></body></html>"


def _pages(n: int) -> list[PageWrite]:
    writes = []
    for i in range(n):
        body = PAGE.format(
            "".join(f"<p>第{i}页第{j}段:拨打12333查询医保卡余额,或登录医保局网站。</p>" for j in range(3))
        )
        raw = RawInput(url=f"http://farm.example.cn/{i}.html", body=body.encode(), headers={}, kind="html")
        writes.append(PageWrite(raw, process(raw.url, raw.body), changed=False))
    return writes


def test_tables_a_run_filled_are_analysed_once(db_url: str) -> None:
    sessions = open_db(db_url)
    with sessions.begin() as session:
        save_pages(session, _pages(120))
    analysed = refresh_statistics(sessions)
    if db_url.startswith("sqlite"):
        assert analysed == []  # SQLite plans without statistics here
        return
    assert {"documents", "sections", "raw_pages"} <= set(analysed)
    with sessions() as session:
        rows = session.execute(text("select reltuples from pg_class where relname = 'documents'")).scalar()
    assert rows == 120
    assert refresh_statistics(sessions) == []  # nothing changed since
    with sessions.begin() as session:  # a few changes: below autovacuum's threshold (50 + 10 %)
        session.execute(text("update documents set title = title || '!' where id <= 10"))
    assert refresh_statistics(sessions) == []
    with sessions.begin() as session:
        session.execute(text("update documents set title = title || '!'"))
    assert refresh_statistics(sessions) == ["documents"]

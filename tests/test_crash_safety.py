"""Crash safety: SIGKILL ``winnow ingest`` and ``winnow export`` mid-run, restart, lose nothing.

- ingest: killed once its first batches are committed; everything committed before the kill is
  still there afterwards, the restart finishes the job, and the counts reconcile
  (documents = distinct inputs = raw pages, no duplicates, SQLite integrity ok).
- export: killed while a CSV is being written; every ``*.csv`` in the output directory is either
  the previous complete file or absent, never a truncated one (tmp file + rename).
"""

from __future__ import annotations

import csv
import os
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import hostile
import pytest
from sqlalchemy import insert

from storage.db import open_db
from storage.models import DocumentRow

WINNOW = str(Path(sys.executable).parent / "winnow")


def _count(db: Path, sql: str) -> int:
    con = sqlite3.connect(db, timeout=30)
    try:
        return con.execute(sql).fetchone()[0]
    except sqlite3.OperationalError:
        return 0  # schema not created yet
    finally:
        con.close()


def _wait_for(predicate, timeout: float, what: str) -> None:  # type: ignore[no-untyped-def]
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if predicate():
            return
        time.sleep(0.01)
    pytest.fail(f"timed out waiting for {what}")


def _kill(proc: subprocess.Popen[bytes]) -> None:
    proc.send_signal(signal.SIGKILL)
    proc.wait(30)


# -- ingest -----------------------------------------------------------------------------------


@pytest.mark.slow
def test_killed_ingest_loses_nothing_committed_and_restart_reconciles(tmp_path: Path) -> None:
    inputs = tmp_path / "in"
    inputs.mkdir()
    total = 400
    for n in range(total):
        (inputs / f"p{n:04d}.html").write_bytes(hostile.good_page(n))
    (inputs / "broken.html").write_bytes(hostile.CASES["binary_random"].build()[:1000])  # a bad one among them
    total += 1
    db = tmp_path / "w.db"
    url = f"sqlite:///{db}"
    proc = subprocess.Popen(
        [WINNOW, "ingest", str(inputs), "--db", url], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, cwd=tmp_path
    )
    try:
        _wait_for(lambda: _count(db, "SELECT count(*) FROM documents") >= 100, 90, "the first committed batch")
    finally:
        _kill(proc)
    assert proc.returncode == -signal.SIGKILL

    con = sqlite3.connect(db)
    assert con.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    committed = dict(con.execute("SELECT url, clean_text FROM documents").fetchall())
    con.close()
    assert 100 <= len(committed) < total, "kill the run mid-way (raise the input count if it finished)"

    out = subprocess.run(
        [WINNOW, "ingest", str(inputs), "--db", url], capture_output=True, text=True, timeout=180, cwd=tmp_path
    )
    assert out.returncode == 0, out.stderr  # no stale lock, no half-applied state in the way

    con = sqlite3.connect(db)
    try:
        assert con.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        after = dict(con.execute("SELECT url, clean_text FROM documents").fetchall())
        assert {u: after.get(u) for u in committed} == committed  # nothing committed was lost or altered
        assert len(after) == total  # documents = distinct inputs
        assert (
            con.execute("SELECT count(*) FROM (SELECT url FROM documents GROUP BY url HAVING count(*) > 1)").fetchone()[
                0
            ]
            == 0
        )
        assert con.execute("SELECT count(DISTINCT url) FROM raw_pages").fetchone()[0] == total
        assert (
            con.execute(
                "SELECT count(*) FROM (SELECT url, content_hash FROM raw_pages "
                "GROUP BY url, content_hash HAVING count(*) > 1)"
            ).fetchone()[0]
            == 0
        )
        statuses = dict(con.execute("SELECT status, count(*) FROM documents GROUP BY status").fetchall())
        assert statuses.get("ok") == total - 1 and statuses.get("skipped") == 1
        orphans = con.execute("SELECT count(*) FROM sections WHERE document_id NOT IN (SELECT id FROM documents)")
        assert orphans.fetchone()[0] == 0
    finally:
        con.close()


# -- export -----------------------------------------------------------------------------------


def _fill(url: str, rows: int, start: int = 0, size: int = 20_000) -> None:
    """Many large documents, inserted directly (the export is what is under test)."""
    sessions = open_db(url)
    text = ("医保卡余额可以通过支付宝查询。" * (size // 15))[:size]
    with sessions.begin() as session:
        session.execute(
            insert(DocumentRow),
            [
                {
                    "url": f"http://export.test/{n}",
                    "host": "export.test",
                    "title": f"=标题{n}",
                    "clean_text": text,
                    "status": "ok",
                    "warnings": [],
                    "removed": [],
                }
                for n in range(start, start + rows)
            ],
        )
    sessions.kw["bind"].dispose()


def _csv_rows(path: Path) -> int:
    with open(path, encoding="utf-8-sig", newline="") as handle:
        rows = list(csv.reader(handle))
    assert rows and rows[0], f"{path.name}: no header"
    assert all(len(r) == len(rows[0]) for r in rows), f"{path.name}: a truncated row"
    return len(rows) - 1


def _export(out_dir: Path, url: str) -> list[str]:
    return [WINNOW, "export", "--out", str(out_dir), "--db", url]


@pytest.mark.slow
def test_killed_export_leaves_only_complete_csv_files(tmp_path: Path) -> None:
    db = tmp_path / "e.db"
    url = f"sqlite:///{db}"
    out_dir = tmp_path / "out"
    _fill(url, 50)
    first = subprocess.run(_export(out_dir, url), capture_output=True, text=True, timeout=120)
    assert first.returncode == 0, first.stderr
    assert _csv_rows(out_dir / "documents.csv") == 50

    _fill(url, 3000, start=50)  # ~60 MB of text: the second export takes a while to write
    proc = subprocess.Popen(_export(out_dir, url), stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:

        def writing() -> bool:
            tmp = [p for p in out_dir.iterdir() if p.name.startswith(".documents.csv.")]
            return bool(tmp) and tmp[0].stat().st_size > 1_000_000

        _wait_for(writing, 90, "the export to be half-way through documents.csv")
    finally:
        _kill(proc)

    assert _csv_rows(out_dir / "documents.csv") == 50  # the previous complete file, untouched
    for path in out_dir.glob("*.csv"):
        _csv_rows(path)  # every visible CSV parses with whole rows

    again = subprocess.run(_export(out_dir, url), capture_output=True, text=True, timeout=180)
    assert again.returncode == 0, again.stderr
    assert _csv_rows(out_dir / "documents.csv") == 3050


@pytest.mark.slow
def test_killed_export_leaves_no_temp_files_after_the_next_export(tmp_path: Path) -> None:
    db = tmp_path / "e.db"
    url = f"sqlite:///{db}"
    out_dir = tmp_path / "out"
    _fill(url, 1500)
    proc = subprocess.Popen(_export(out_dir, url), stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        _wait_for(
            lambda: out_dir.is_dir() and any(p.name.startswith(".documents.csv.") for p in out_dir.iterdir()),
            90,
            "the export to start",
        )
    finally:
        _kill(proc)
    again = subprocess.run(_export(out_dir, url), capture_output=True, text=True, timeout=180)
    assert again.returncode == 0, again.stderr
    leftovers = [p.name for p in out_dir.iterdir() if p.name.startswith(".")]
    assert not leftovers, leftovers


def test_export_tmp_and_rename_is_what_makes_it_atomic(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """In-process: an exception mid-write leaves the old file and removes the temp file."""
    from storage import export

    target = tmp_path / "documents.csv"
    export.write_csv(target, ("doc_id", "x"), [(1, "a")])

    def rows():  # type: ignore[no-untyped-def]
        yield (2, "b")
        raise RuntimeError("disk gone")

    with pytest.raises(RuntimeError):
        export.write_csv(target, ("doc_id", "x"), rows())
    assert _csv_rows(target) == 1
    assert sorted(os.listdir(tmp_path)) == ["documents.csv"]

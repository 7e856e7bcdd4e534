"""Pages are written in bulk (a fixed number of statements per batch), and the rows are exactly
those that writing page by page through ``save_raw`` / ``save_document`` gives: new, changed
(versions), unchanged (touched), gone, kept, errors, list pages, retractions, a URL twice in one
batch, idempotent re-runs and forced rewrites, on SQLite and PostgreSQL."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import Any

import pytest
from sqlalchemy import Engine, delete, event, select
from sqlalchemy.orm import Session, sessionmaker

from pipeline import Document
from storage.db import open_db
from storage.models import CrawlRun, DocumentRow, FetchRow, FingerprintRow, RawPage, SectionRow
from storage.repository import (
    RawInput,
    mark_gone,
    record_fetches,
    retract_document,
    save_document,
    save_raw,
    start_run,
    touch_documents,
)
from winnow.demo.site import build_site
from winnow.service.batches import (
    CHANGED,
    FETCH_ERROR_HEADER,
    GONE,
    KEPT,
    LOGIN_WALL,
    NOT_ARTICLES,
    RETRACT_HEADER,
    SOFT_404,
    UNCHANGED,
    BatchWriter,
    store_all,
)

HTML = {"Content-Type": "text/html; charset=utf-8"}
FETCHED_FROM = "x-winnow-fetched-url"  # what retract_document checks on the stored raw page


class RowByRowWriter(BatchWriter):
    """The reference: every page written on its own through the per-row repository functions,
    as BatchWriter did before bulk statements."""

    def _write_batch(self, pending: list[tuple[RawInput, Document | None, str]]) -> None:
        with self.sessions.begin() as session:
            for raw, doc, outcome in pending:
                retract = raw.headers.get(RETRACT_HEADER)
                if retract:
                    retract_document(session, retract, raw.url)
                if outcome in (*NOT_ARTICLES, LOGIN_WALL):
                    continue
                if outcome == UNCHANGED:
                    touch_documents(session, [raw.url])
                elif outcome in (GONE, SOFT_404):
                    mark_gone(session, [raw.url])
                elif outcome != KEPT and doc is not None:
                    raw_id = save_raw(session, raw, self.run_id)
                    save_document(session, doc, raw_id, changed=outcome == CHANGED and not self.force, site=self.site)
            for raw, doc, outcome in pending:
                if self.run_id is not None:
                    record_fetches(session, self.run_id, [self._fetch(raw, outcome, doc)])


@pytest.fixture(scope="module")
def bodies(tmp_path_factory: pytest.TempPathFactory) -> list[bytes]:
    site = tmp_path_factory.mktemp("bulk") / "site"
    build_site(site, n_articles=60)
    bodies = [p.read_bytes() for p in sorted((site / "article").glob("*.html"))[:30]]
    assert len(bodies) == 30
    return bodies


def url(i: int) -> str:
    return f"http://farm.test/a/{i}.html"


def rounds(bodies: list[bytes]) -> list[list[RawInput]]:
    """Four runs of one site: first sight, a day of changes, the same day again, a rewrite."""
    first = [RawInput(url(i), bodies[i], HTML) for i in range(20)]
    first[5] = RawInput(url(5), bodies[5], HTML | {FETCHED_FROM: url(25)})  # stored from another page
    first.insert(4, RawInput(url(3), bodies[21], HTML))  # the same URL again, in the same batch
    first += [
        RawInput("http://farm.test/list/1.html", b"<html>list</html>", HTML, kind="list"),
        RawInput(url(26), b"", {FETCH_ERROR_HEADER: "TimeoutError: took too long"}, status_code=0),
        RawInput(url(27), b"not found", HTML, status_code=404),
    ]
    second = [
        *(RawInput(url(i), bodies[i + 20], HTML) for i in range(0, 4)),  # changed
        RawInput(url(0), bodies[29], HTML),  # changed twice in one batch
        *(RawInput(url(i), bodies[i], HTML) for i in range(6, 10)),  # unchanged
        RawInput(url(25), bodies[25], HTML | {RETRACT_HEADER: url(5)}),  # its canonical was shared
        RawInput(url(10), b"gone", HTML, status_code=410),
        RawInput(url(11), b"", {FETCH_ERROR_HEADER: "ConnectionRefusedError"}, status_code=0),  # kept
        RawInput(url(12), b"oops", HTML, status_code=500),  # kept
        RawInput(url(28), bodies[28], HTML),  # new
    ]
    return [first, second, second, first[:6]]


def write(sessions: sessionmaker[Session], make: Callable[..., BatchWriter], bodies: list[bytes]) -> None:
    for n, raws in enumerate(rounds(bodies)):
        with sessions.begin() as session:
            run_id = start_run(session, "crawl", "farm")
        # batches of 7 pages cut the rounds mid-way; the last round rewrites (reprocess)
        store_all(make(sessions, run_id, batch_size=7, site="farm", force=n == 3), raws)


def snapshot(sessions: sessionmaker[Session]) -> dict[str, list[tuple[Any, ...]]]:
    """Every row of the written tables, ids and timestamps replaced by what they point at."""
    with sessions() as s:
        runs = {run_id: rank for rank, run_id in enumerate(s.scalars(select(CrawlRun.id).order_by(CrawlRun.id)))}
        raws = {r.id: (r.url, r.content_hash) for r in s.scalars(select(RawPage))}
        docs = {d.id: d.url for d in s.scalars(select(DocumentRow))}
        sections = {x.id: (docs[x.document_id], x.section_no) for x in s.scalars(select(SectionRow))}
        skip = {"id", "first_seen", "last_seen", "changed_at", "gone_at", "fetched_at"}

        def plain(row: Any, **mapped: Any) -> tuple[Any, ...]:
            values = {c.key: getattr(row, c.key) for c in row.__table__.columns if c.key not in skip}
            return tuple(sorted((values | mapped).items(), key=lambda kv: kv[0]))

        return {
            "raw_pages": sorted(plain(r, run_id=runs.get(r.run_id)) for r in s.scalars(select(RawPage))),
            "documents": sorted(
                plain(
                    d, raw_page_id=raws.get(d.raw_page_id), changed=d.changed_at is not None, gone=d.gone_at is not None
                )
                for d in s.scalars(select(DocumentRow))
            ),
            "sections": sorted(plain(x, document_id=docs[x.document_id]) for x in s.scalars(select(SectionRow))),
            "fingerprints": sorted(
                plain(f, section_id=sections[f.section_id]) for f in s.scalars(select(FingerprintRow))
            ),
            "fetches": sorted(plain(f, run_id=runs[f.run_id]) for f in s.scalars(select(FetchRow))),
        }


def wipe(sessions: sessionmaker[Session]) -> None:
    with sessions.begin() as session:
        for table in (FingerprintRow, SectionRow, FetchRow, DocumentRow, RawPage, CrawlRun):
            session.execute(delete(table))


@pytest.fixture
def statements() -> Iterator[list[str]]:
    seen: list[str] = []

    def count(conn: Any, cursor: Any, statement: str, *_: Any) -> None:
        seen.append(statement)

    event.listen(Engine, "before_cursor_execute", count)
    yield seen
    event.remove(Engine, "before_cursor_execute", count)


def test_bulk_writes_give_the_rows_of_row_by_row_writes(db_url: str, bodies: list[bytes]) -> None:
    sessions = open_db(db_url)
    write(sessions, RowByRowWriter, bodies)
    expected = snapshot(sessions)
    wipe(sessions)
    write(sessions, BatchWriter, bodies)
    got = snapshot(sessions)

    assert got == expected
    documents = {dict(d)["url"]: dict(d) for d in got["documents"]}
    # twice in one batch on the second day (two versions), once more on the third (the page's
    # second copy in that batch is then unchanged); the rewrite of the fourth is no new version
    assert documents[url(0)]["version"] == 4
    assert documents[url(3)]["version"] == 2 and documents[url(6)]["version"] == 1
    assert url(5) not in documents and documents[url(25)]["status"] == "ok"  # retracted, then its own
    assert documents[url(10)]["gone"] and not documents[url(9)]["gone"]
    assert documents[url(26)]["status"] == "error" and "http://farm.test/list/1.html" not in documents
    assert len(got["sections"]) == len(got["fingerprints"]) > 25


def test_a_batch_takes_a_fixed_number_of_statements(
    sqlite_url: str, bodies: list[bytes], statements: list[str]
) -> None:
    sessions = open_db(sqlite_url)
    with sessions.begin() as session:
        run_id = start_run(session, "ingest")
    counts = []
    for n in (10, 30):
        statements.clear()
        raws = [RawInput(f"http://farm.test/n{n}/{i}.html", bodies[i % len(bodies)], HTML) for i in range(n)]
        store_all(BatchWriter(sessions, run_id, batch_size=100), raws)
        counts.append(len(statements))
    assert counts[0] == counts[1] <= 12, counts  # lookup, raw pages (2), documents, sections (4), fetch log


def test_batches_of_any_length_reuse_a_few_statement_texts(
    db_url: str, bodies: list[bytes], statements: list[str]
) -> None:
    """SQLite keeps one prepared program per distinct SQL text, as large as its rows and IN lists:
    a text per batch length filled that cache with megabytes (site-wide re-stripping of 10k pages
    grew 25 MB). Lengths 1..40 must share the texts of a few power-of-two lengths."""
    sessions = open_db(db_url)
    with sessions.begin() as session:
        run_id = start_run(session, "ingest")
    distinct = {}
    start = 0
    for n in range(1, 41):
        raws = [
            RawInput(f"http://farm.test/len/{start + i}.html", bodies[(start + i) % len(bodies)], HTML)
            for i in range(n)
        ]
        start += n
        store_all(BatchWriter(sessions, run_id, batch_size=n), raws)
        distinct[n] = len(set(statements))
    # lengths 9..40 add the texts of 16, 32 and 64 values of each of a batch's five IN lists
    # (raw pages, documents read back, stored lookup, sections deleted and read back); with a
    # text per length they added 32 for each IN list and multi-row VALUES
    assert distinct[40] - distinct[8] <= 3 * 5, distinct

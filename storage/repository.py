"""Repository functions. Each takes a ``Session``; the caller owns the transaction.

Scraped text only ever reaches SQL as bound parameters (ORM / Core constructs, never f-strings).
"""

from __future__ import annotations

import hashlib
from array import array
from collections import defaultdict
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any, cast
from urllib.parse import urlsplit

import numpy as np
from sqlalchemy import Table, and_, delete, func, insert, literal, or_, select, update
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.orm import Session, aliased

from pipeline.document import Document, Removed
from storage.models import (
    ClusterKey,
    ClusterRow,
    CrawlRun,
    DocumentRow,
    FetchRow,
    FingerprintRow,
    RawPage,
    SectionRow,
    SitewideScope,
)


@dataclass(frozen=True)
class RawInput:
    """A response as fetched (or a local file as read), before any processing."""

    url: str
    body: bytes
    headers: Mapping[str, str]
    status_code: int = 200
    kind: str = "html"  # html | text

    @property
    def content_hash(self) -> str:
        return hashlib.sha256(self.body).hexdigest()


def utcnow() -> datetime:
    return datetime.now(UTC)


def _insert(session: Session, table: Any) -> Any:
    """A dialect-specific INSERT, so ON CONFLICT works on SQLite and PostgreSQL alike."""
    dialect = session.get_bind().dialect.name
    module = postgresql if dialect == "postgresql" else sqlite
    return module.insert(table)


def stream(session: Session, stmt: Any, size: int) -> Any:
    """Rows of ``stmt`` fetched ``size`` at a time. Through the session's connection: a
    ``yield_per`` given to ``Session.execute`` on SQLite still buffered every row (32 MB for the
    run figures of 10k pages, against 6 MB this way)."""
    return session.connection().execution_options(yield_per=size).execute(stmt)


# -- crawl runs -------------------------------------------------------------------------------


def start_run(session: Session, kind: str, site: str = "") -> int:
    run = CrawlRun(kind=kind, site=site, status="running", counts={}, message="")
    session.add(run)
    session.flush()
    return run.id


def finish_run(
    session: Session, run_id: int, counts: Mapping[str, Any], status: str = "finished", message: str = ""
) -> None:
    session.execute(
        update(CrawlRun)
        .where(CrawlRun.id == run_id)
        .values(finished_at=utcnow(), counts=dict(counts), status=status, message=message)
    )


@dataclass(frozen=True)
class PageFigures:
    """What run health needs of one document: status, characters kept and removed, sections,
    decode warnings."""

    status: str
    clean_chars: int
    removed_chars: int
    sections: int
    warnings: int


def run_pages(session: Session, run_id: int | None) -> Iterator[PageFigures]:
    """The documents a run saw (the URLs it fetched or read, new, changed or unchanged, as
    stored now; a stored article the run found no article at counts as an empty page); every
    document when ``run_id`` is None (a reprocess rebuilds them all). Streamed, a thousand rows at a time."""
    n_sections = select(func.count(SectionRow.id)).where(SectionRow.document_id == DocumentRow.id).scalar_subquery()
    stmt = select(
        DocumentRow.status,
        func.length(DocumentRow.clean_text),
        DocumentRow.removed,
        DocumentRow.warnings,
        n_sections,
    )
    n_lost = 0
    if run_id is not None:
        # a join on the fetch log (one row per URL and run), not IN (subquery): SQLite would build
        # a temporary index of every URL of the run in memory
        stmt = stmt.join(FetchRow, FetchRow.url == DocumentRow.url).where(
            FetchRow.run_id == run_id, FetchRow.outcome != "other"
        )
        # a stored article whose page this run found to hold no article ("other": its text moved
        # into a script, say) is what a layout change looks like: it counts as a near-empty page
        n_lost = session.execute(
            select(func.count(DocumentRow.id))
            .join(FetchRow, FetchRow.url == DocumentRow.url)
            .where(FetchRow.run_id == run_id, FetchRow.outcome == "other")
        ).scalar_one()
    for status, chars, removed, warnings, sections in stream(session, stmt, 1000):
        yield PageFigures(
            status,
            chars or 0,
            sum(len(str(r.get("text", ""))) for r in removed or () if isinstance(r, dict)),
            sections or 0,
            len(warnings or ()),
        )
    for _ in range(n_lost):
        yield PageFigures("ok", 0, 0, 0, 0)


@dataclass(frozen=True)
class RunInfo:
    id: int
    kind: str
    site: str
    status: str
    counts: Mapping[str, Any]
    health: Mapping[str, Any] | None


def get_run(session: Session, run_id: int) -> RunInfo:
    run = session.get(CrawlRun, run_id)
    if run is None:
        raise KeyError(run_id)
    return RunInfo(run.id, run.kind, run.site, run.status, run.counts or {}, run.health)


def previous_runs(session: Session, run_id: int, site: str, kinds: Sequence[str], limit: int = 5) -> list[RunInfo]:
    """The newest ``limit`` finished runs of ``site`` and ``kinds`` before ``run_id`` that
    recorded health figures, newest first."""
    stmt = (
        select(CrawlRun)
        .where(
            CrawlRun.id < run_id,
            CrawlRun.site == site,
            CrawlRun.kind.in_(list(kinds)),
            CrawlRun.status == "finished",
            CrawlRun.health.is_not(None),
        )
        .order_by(CrawlRun.id.desc())
        .limit(limit)
    )
    return [RunInfo(r.id, r.kind, r.site, r.status, r.counts or {}, r.health) for r in session.execute(stmt).scalars()]


def record_health(session: Session, run_id: int, health: Mapping[str, Any], drift: str) -> None:
    session.execute(update(CrawlRun).where(CrawlRun.id == run_id).values(health=dict(health), drift=drift))


def recent_runs(session: Session, limit: int = 20) -> list[tuple[Any, ...]]:
    """Newest runs first: id, kind, site, status, start, seconds, fetched, new, changed, unchanged,
    errors, then the run's health figures (near_empty, removed, sections_per_page, joined; "" when
    not recorded), its soft errors (pages answered with an error page served as content), what it
    dropped by error kind (``http_404:2 soft-404:1``, from the fetch log) and its drift line
    ("" when none)."""
    stmt = select(CrawlRun).order_by(CrawlRun.id.desc()).limit(limit)
    runs = list(session.execute(stmt).scalars())
    kinds = error_kinds(session, [run.id for run in runs])
    return [_run_row(run, kinds.get(run.id, {})) for run in runs]


def error_kinds(session: Session, run_ids: Sequence[int]) -> dict[int, dict[str, int]]:
    """run id -> {error kind: fetches of that run dropped for it} (``fetches.error_kind``)."""
    if not run_ids:
        return {}
    stmt = (
        select(FetchRow.run_id, FetchRow.error_kind, func.count())
        .where(FetchRow.run_id.in_(list(run_ids)), FetchRow.error_kind != "")
        .group_by(FetchRow.run_id, FetchRow.error_kind)
    )
    found: dict[int, dict[str, int]] = defaultdict(dict)
    for run_id, kind, n in session.execute(stmt):
        found[run_id][kind] = n
    return dict(found)


def fetch_count(session: Session, run_id: int) -> int:
    """Responses a run logged (every outcome)."""
    return session.execute(select(func.count(FetchRow.id)).where(FetchRow.run_id == run_id)).scalar_one()


SOFT_ERROR_KINDS = ("soft-404", "login-wall")  # pipeline.softerror.SOFT_ERRORS


def _run_row(run: CrawlRun, kinds: Mapping[str, int]) -> tuple[Any, ...]:
    counts = run.counts or {}
    seconds = round((run.finished_at - run.started_at).total_seconds(), 1) if run.finished_at else ""

    def n(key: str) -> int:
        return int(counts.get(f"winnow/{key}", counts.get(key, 0)) or 0)

    fetched = int(counts.get("downloader/response_count", 0) or 0) or n("stored")
    errors = n("error") + n("gone")
    started = run.started_at.replace(microsecond=0).isoformat() if run.started_at else ""
    health = run.health or {}

    def figure(key: str, digits: int = 2) -> Any:
        value = health.get(key)
        return "" if value is None else round(value, digits)

    return (
        run.id,
        run.kind,
        run.site,
        run.status,
        started,
        seconds,
        fetched,
        n("new"),
        n("changed"),
        n("unchanged"),
        errors,
        figure("near_empty"),
        figure("removed_share"),
        figure("sections_per_page", 1),
        figure("joined_share"),
        sum(kinds.get(k, 0) for k in SOFT_ERROR_KINDS),
        " ".join(f"{k}:{n}" for k, n in sorted(kinds.items(), key=lambda kv: (-kv[1], kv[0]))),
        run.drift or "",
    )


# -- raw pages --------------------------------------------------------------------------------


def save_raw(session: Session, raw: RawInput, run_id: int | None = None) -> int:
    """Store a response once per (url, body); returns its id either way."""
    digest = raw.content_hash
    stmt = _insert(session, RawPage).values(
        url=raw.url,
        status_code=raw.status_code,
        headers=dict(raw.headers),
        body=raw.body,
        content_hash=digest,
        kind=raw.kind,
        run_id=run_id,
    )
    session.execute(stmt.on_conflict_do_nothing(index_elements=["url", "content_hash"]))
    found = select(RawPage.id).where(RawPage.url == raw.url, RawPage.content_hash == digest)
    return session.execute(found).scalar_one()


def latest_raw_pages(session: Session, after_id: int = 0, limit: int = 200) -> list[RawPage]:
    """The newest stored response of every URL, a page at a time in id order (keyset paging)."""
    newest = select(func.max(RawPage.id)).group_by(RawPage.url).scalar_subquery()
    stmt = select(RawPage).where(RawPage.id.in_(newest), RawPage.id > after_id).order_by(RawPage.id).limit(limit)
    return list(session.execute(stmt).scalars())


# -- documents and sections -------------------------------------------------------------------


def url_hash(url: str) -> int:
    """Signed 64-bit BLAKE2b hash of a URL (``documents.url_hash``: the order site-wide samples follow)."""
    return int.from_bytes(hashlib.blake2b(url.encode("utf-8"), digest_size=8).digest(), "big", signed=True)


def _document_values(
    doc: Document, raw_page_id: int | None, site: str = "", sitewide_pending: bool = True
) -> dict[str, Any]:
    site_value = {"site": site} if site else {}  # unknown (reprocess, sitewide): keep what is stored
    return site_value | {
        "url": doc.url,
        "host": urlsplit(doc.url).hostname or "",
        "url_hash": url_hash(doc.url),
        "sitewide_pending": sitewide_pending,
        "raw_page_id": raw_page_id,
        "title": doc.title,
        "published_at": doc.published_at,
        "source": doc.source,
        "clean_text": doc.clean_text,
        "status": doc.status,
        "error": doc.error,
        "declared_encoding": doc.declared_encoding,
        "encoding": doc.encoding,
        "warnings": list(doc.warnings),
        "removed": [_removed_value(r) for r in doc.removed],
        "headings": [[text, level] for text, level in doc.headings],
    }


def _removed_value(removed: Removed) -> dict[str, Any]:
    value: dict[str, Any] = {"text": removed.text, "reason": removed.reason}
    return value | {"at": removed.at} if removed.at is not None else value


def save_document(
    session: Session,
    doc: Document,
    raw_page_id: int | None = None,
    changed: bool = False,
    site: str = "",
    sitewide_pending: bool = True,
) -> int:
    """Insert or replace the document of ``doc.url`` and its sections; returns the document id.

    ``changed`` marks a new version of a page seen before (its old raw page stays stored).
    ``site``: the site the page was crawled for (kept as it is when "").
    ``sitewide_pending``: False when ``doc`` has been through the site-wide steps already.
    """
    values = _document_values(doc, raw_page_id, site, sitewide_pending)
    stmt = _insert(session, DocumentRow).values(**values)
    changes = {k: v for k, v in values.items() if k != "url"} | {"last_seen": func.now(), "gone_at": None}
    if changed:
        changes |= {"version": DocumentRow.version + 1, "changed_at": func.now()}
    stmt = stmt.on_conflict_do_update(index_elements=["url"], set_=changes).returning(DocumentRow.id)
    doc_id = session.execute(stmt).scalar_one()
    _replace_sections(session, doc_id, doc)
    return doc_id


def _replace_sections(session: Session, doc_id: int, doc: Document) -> None:
    """Delete and re-insert the document's sections and fingerprints."""
    session.execute(delete(SectionRow).where(SectionRow.document_id == doc_id))
    _insert_sections(session, [(doc_id, doc)])


def _insert_sections(session: Session, docs: Sequence[tuple[int, Document]]) -> None:
    """Insert the sections and fingerprints of (document id, document) pairs: an executemany
    per table and one query for the new section ids, whatever the number of sections (an
    INSERT … RETURNING in parameter order runs row by row on SQLite)."""
    sections = {(doc_id, s.section_no): s for doc_id, doc in docs for s in doc.sections}
    if not sections:
        return
    hashes = {doc_id: url_hash(doc.url) for doc_id, doc in docs}
    rows = [
        {
            "document_id": doc_id,
            "section_no": s.section_no,
            "heading": s.heading,
            "text": s.text,
            "template_text": s.template_text,
            "cities": ";".join(s.cities),
            "variation": "",
            "url_hash": hashes[doc_id],
        }
        for (doc_id, _), s in sections.items()
    ]
    session.execute(insert(_table(SectionRow)), rows)
    doc_ids = list({doc_id for doc_id, _ in docs})
    new_ids = select(SectionRow.document_id, SectionRow.section_no, SectionRow.id).where(
        SectionRow.document_id.in_(_padded(doc_ids))
    )
    prints = [
        {"section_id": section_id, "simhash": simhash, **FingerprintRow.blocks(simhash)}
        for doc_id, section_no, section_id in session.execute(new_ids)
        if (simhash := sections[doc_id, section_no].simhash) is not None
    ]
    if prints:
        session.execute(insert(_table(FingerprintRow)), prints)


@dataclass(frozen=True)
class PageWrite:
    """One processed page to store: its response, its document, and whether it is a new
    version of a document stored before (``changed``: the version count goes up)."""

    raw: RawInput
    doc: Document
    changed: bool = False


def save_pages(session: Session, pages: Sequence[PageWrite], run_id: int | None = None, site: str = "") -> None:
    """Store many pages as ``save_raw`` + ``save_document`` would one by one, in a fixed number
    of statements (executemany / multi-row INSERT … ON CONFLICT), whatever the page count.

    Each URL may appear once: two versions of one URL in one statement would be one upsert
    hitting the same row twice (PostgreSQL refuses it). ``site`` as in ``save_document``.
    """
    if not pages:
        return
    raw_ids = _save_raws(session, [p.raw for p in pages], run_id)
    doc_ids: dict[str, int] = {}
    for changed in (False, True):
        group = [p for p in pages if p.changed is changed]
        doc_ids |= _upsert_documents(
            session, [_document_values(p.doc, raw_ids[_raw_key(p.raw)], site) for p in group], changed
        )
    session.execute(delete(SectionRow).where(SectionRow.document_id.in_(_padded(doc_ids.values()))))
    _insert_sections(session, [(doc_ids[p.doc.url], p.doc) for p in pages])


def save_documents(
    session: Session, docs: Sequence[tuple[Document, int | None]], sitewide_pending: bool = True
) -> None:
    """``save_document`` for many (document, raw page id) pairs, in a fixed number of statements
    (each URL once)."""
    if not docs:
        return
    ids = _upsert_documents(
        session, [_document_values(doc, raw_id, "", sitewide_pending) for doc, raw_id in docs], False
    )
    session.execute(delete(SectionRow).where(SectionRow.document_id.in_(_padded(ids.values()))))
    _insert_sections(session, [(ids[doc.url], doc) for doc, _ in docs])


def _raw_key(raw: RawInput) -> tuple[str, str]:
    return raw.url, raw.content_hash


def _save_raws(session: Session, raws: Sequence[RawInput], run_id: int | None) -> dict[tuple[str, str], int]:
    """Insert the responses not stored yet; (url, content hash) -> id of every one."""
    rows = [
        {
            "url": r.url,
            "status_code": r.status_code,
            "headers": dict(r.headers),
            "body": r.body,
            "content_hash": r.content_hash,
            "kind": r.kind,
            "run_id": run_id,
        }
        for r in raws
    ]
    stmt = _insert(session, RawPage.__table__).on_conflict_do_nothing(index_elements=["url", "content_hash"])
    session.execute(stmt, rows)
    found = select(RawPage.url, RawPage.content_hash, RawPage.id).where(RawPage.url.in_(_padded(r.url for r in raws)))
    return {(url, digest): raw_id for url, digest, raw_id in session.execute(found)}


def _upsert_documents(session: Session, rows: Sequence[dict[str, Any]], changed: bool) -> dict[str, int]:
    """Insert or replace documents by URL (one executemany); url -> document id."""
    if not rows:
        return {}
    base = _insert(session, DocumentRow.__table__)
    changes = {k: base.excluded[k] for k in rows[0] if k != "url"} | {"last_seen": func.now(), "gone_at": None}
    if changed:
        changes |= {"version": DocumentRow.version + 1, "changed_at": func.now()}
    # executemany: one statement text for any count of rows; the ids are read back after
    session.execute(base.on_conflict_do_update(index_elements=["url"], set_=changes), rows)
    ids: dict[str, int] = {}
    for chunk in _id_chunks([row["url"] for row in rows]):
        ids |= dict(session.execute(select(DocumentRow.url, DocumentRow.id).where(DocumentRow.url.in_(chunk))).all())
    return ids


# SQLite (and each driver) keeps a prepared statement per distinct SQL text (pysqlite: the last
# 128), and a multi-row VALUES or an IN (...) of n values compiles to a program of O(n) steps.
# Batches of every length filled that cache with large programs: the site-wide step of a
# 10k-page ingest grew by 25 MB (bench/scale_bench.py; with pysqlite's cache at 8 it stayed
# flat). So rows go by executemany (one statement text, whatever the count) and IN lists in
# power-of-two lengths: a few texts per statement are prepared and reused.


def _table(model: type[Any]) -> Table:
    """The Core table of a mapped class (bulk inserts go through Core: one executemany, no ORM)."""
    return cast(Table, model.__table__)


def _padded(values: Iterable[Any]) -> list[Any]:
    """``values`` for an IN (...): the last one repeated up to a power-of-two length (an IN list
    is a set, so repeats change nothing but the statement text, see the note above)."""
    values = list(values)
    if not values:
        return values
    size = 1 << (len(values) - 1).bit_length()
    return values + [values[-1]] * (size - len(values))


def _id_chunks(values: Iterable[Any], size: int = 4096) -> list[list[Any]]:
    """``values`` in padded lists (``_padded``) of at most ``size`` (a power of two): the bound
    values of one IN (...) (SQLite allows 32,766)."""
    values = list(values)
    return [_padded(values[i : i + size]) for i in range(0, len(values), size)]


@dataclass(frozen=True)
class Current:
    """What is stored for a URL now: enough to tell new, changed and unchanged pages apart."""

    content_hash: str
    status: str


def _current() -> Any:
    return select(DocumentRow.url, RawPage.content_hash, DocumentRow.status).join(
        RawPage, DocumentRow.raw_page_id == RawPage.id
    )


def current_documents(session: Session, hosts: Sequence[str], site: str = "") -> dict[str, Current]:
    """What is stored for every URL of these hosts, or of this site (a crawl loads this once;
    a site with host patterns reaches hosts no list names)."""
    where = DocumentRow.host.in_(list(hosts))
    stmt = _current().where(or_(where, DocumentRow.site == site) if site else where)
    return {url: Current(digest, status) for url, digest, status in session.execute(stmt)}


def current_of_urls(session: Session, urls: Sequence[str]) -> dict[str, Current]:
    """What is stored for each of these URLs (one query; URLs with no document are absent)."""
    stmt = _current().where(DocumentRow.url.in_(_padded(urls)))
    return {url: Current(digest, status) for url, digest, status in session.execute(stmt)}


def current_document(session: Session, url: str) -> Current | None:
    """What is stored for one URL (ingest looks up file by file)."""
    row = session.execute(_current().where(DocumentRow.url == url)).first()
    return Current(row[1], row[2]) if row else None


def retract_document(session: Session, url: str, fetched_from: str) -> bool:
    """Delete the document stored under ``url`` if it was made from the page fetched at
    ``fetched_from`` (a rel=canonical found shared later); True when one was deleted. A document
    that ``url`` itself served is left alone."""
    row = session.execute(
        select(DocumentRow.id, RawPage.headers)
        .join(RawPage, DocumentRow.raw_page_id == RawPage.id)
        .where(DocumentRow.url == url)
    ).first()
    if row is None or (row[1] or {}).get("x-winnow-fetched-url") != fetched_from:
        return False
    session.execute(delete(DocumentRow).where(DocumentRow.id == row[0]))
    return True


def touch_documents(session: Session, urls: Sequence[str]) -> None:
    """Seen again, unchanged: only ``last_seen`` moves (and a page that came back is no longer gone)."""
    if urls:
        session.execute(
            update(DocumentRow).where(DocumentRow.url.in_(_padded(urls))).values(last_seen=func.now(), gone_at=None)
        )


def mark_gone(session: Session, urls: Sequence[str]) -> None:
    """The page vanished (404/410): keep the document and its text, note when it went."""
    if urls:
        session.execute(
            update(DocumentRow)
            .where(DocumentRow.url.in_(_padded(urls)), DocumentRow.gone_at.is_(None))
            .values(gone_at=func.now())
        )


@dataclass(frozen=True)
class Fetch:
    url: str
    status_code: int
    outcome: str  # new | changed | unchanged | error | gone | skipped
    error_kind: str = ""


def record_fetches(session: Session, run_id: int, fetches: Sequence[Fetch]) -> None:
    """Log each fetch of the run (one statement); a URL logged again keeps its last outcome."""
    latest = {
        f.url: {
            "run_id": run_id,
            "url": f.url,
            "status_code": f.status_code,
            "outcome": f.outcome,
            "error_kind": f.error_kind,
        }
        for f in fetches
    }  # one row per URL: see save_pages
    if not latest:
        return
    stmt = _insert(session, FetchRow.__table__)
    update_values = {k: stmt.excluded[k] for k in ("status_code", "outcome", "error_kind")}
    session.execute(
        stmt.on_conflict_do_update(index_elements=["run_id", "url"], set_=update_values), list(latest.values())
    )


@dataclass(frozen=True)
class StoredPage:
    body: bytes
    headers: Mapping[str, str]
    status_code: int
    fetched_at: datetime | None = None  # when this response was fetched


def stored_page(session: Session, url: str) -> StoredPage | None:
    """The raw response behind the current document of ``url``."""
    stmt = (
        select(RawPage.body, RawPage.headers, RawPage.status_code, RawPage.fetched_at)
        .join(DocumentRow, DocumentRow.raw_page_id == RawPage.id)
        .where(DocumentRow.url == url)
    )
    row = session.execute(stmt).first()
    return StoredPage(row[0], row[1], row[2], row[3]) if row else None


def interrupted_runs(session: Session, site: str) -> list[int]:
    """Runs of ``site`` that never finished (killed): the next run resumes from them."""
    stmt = select(CrawlRun.id).where(
        CrawlRun.site == site, CrawlRun.status == "running", CrawlRun.kind.in_(["crawl", "demo"])
    )
    return list(session.execute(stmt).scalars())


def fetched_urls(session: Session, run_ids: Sequence[int]) -> set[str]:
    if not run_ids:
        return set()
    stmt = select(FetchRow.url).where(FetchRow.run_id.in_(list(run_ids)), FetchRow.outcome != "error")
    return set(session.execute(stmt).scalars())


def close_runs(session: Session, run_ids: Sequence[int], status: str, message: str) -> None:
    if run_ids:
        session.execute(update(CrawlRun).where(CrawlRun.id.in_(list(run_ids))).values(status=status, message=message))


# -- site-wide steps ---------------------------------------------------------------------------


@dataclass(frozen=True)
class StoredDocument:
    """An ok document as stored (paragraphs, title, removed lines with their indices, headings)."""

    id: int
    doc: Document
    raw_page_id: int | None


def _stored_documents() -> Any:
    return select(
        DocumentRow.id,
        DocumentRow.url,
        DocumentRow.title,
        DocumentRow.published_at,
        DocumentRow.source,
        DocumentRow.clean_text,
        DocumentRow.removed,
        DocumentRow.raw_page_id,
        DocumentRow.encoding,
        DocumentRow.declared_encoding,
        DocumentRow.warnings,
        DocumentRow.headings,
    ).where(DocumentRow.status == "ok")


def _stored(row: Any) -> StoredDocument:
    doc = Document(
        url=row[1],
        title=row[2],
        published_at=row[3],
        source=row[4],
        paragraphs=tuple(p for p in row[5].split("\n") if p),
        removed=tuple(Removed(x["text"], x["reason"], x.get("at")) for x in row[6] or ()),
        encoding=row[8],
        declared_encoding=row[9],
        warnings=tuple(row[10] or ()),
        headings=tuple((text, int(level)) for text, level in row[11] or ()),
    )
    return StoredDocument(row[0], doc, row[7])


def sitewide_hosts(session: Session) -> tuple[list[str], set[str]]:
    """Hosts of ok documents, and those of them with documents the site-wide steps have not seen."""
    # (host, status) pairs rather than "hosts WHERE status = 'ok'": the pairs come from the index
    # on (host, status, …) alone, the filter would read every document row
    pairs = session.execute(select(DocumentRow.host, DocumentRow.status).distinct()).all()
    hosts = sorted(host for host, status in pairs if status == "ok")
    pending = set(
        session.execute(
            select(DocumentRow.host).where(DocumentRow.sitewide_pending, DocumentRow.status == "ok").distinct()
        ).scalars()
    )
    return hosts, pending


def host_page_count(session: Session, hosts: Sequence[str]) -> int:
    """Ok documents of these hosts."""
    stmt = (
        select(func.count())
        .select_from(DocumentRow)
        .where(DocumentRow.status == "ok", DocumentRow.host.in_(list(hosts)))
    )
    return int(session.execute(stmt).scalar_one())


def host_sample(session: Session, hosts: Sequence[str], size: int) -> list[StoredDocument]:
    """The ``size`` ok documents of these hosts with the lowest ``url_hash``: a fixed pseudo-random
    sample that does not depend on the order pages arrived in, and that a new page enters only
    if its hash is lower than the sample's highest."""
    stmt = (
        _stored_documents()
        .where(DocumentRow.host.in_(list(hosts)))
        .order_by(DocumentRow.url_hash, DocumentRow.url)
        .limit(size)
    )
    return [_stored(row) for row in session.execute(stmt)]


def raw_bodies(session: Session, ids: Sequence[int]) -> dict[int, tuple[bytes, dict[str, Any], str]]:
    """Raw page id -> (body, headers, kind) of these raw pages (the ones that exist)."""
    found: dict[int, tuple[bytes, dict[str, Any], str]] = {}
    for chunk in _id_chunks(ids):
        stmt = select(RawPage.id, RawPage.body, RawPage.headers, RawPage.kind).where(RawPage.id.in_(chunk))
        for row in session.execute(stmt):
            found[row[0]] = (row[1], dict(row[2] or {}), row[3])
    return found


def host_documents(
    session: Session, hosts: Sequence[str], pending_only: bool, after_id: int, limit: int
) -> list[StoredDocument]:
    """Ok documents of these hosts with ids above ``after_id``, in id order, at most ``limit``
    (a keyset page); ``pending_only``: only those the site-wide steps have not seen."""
    stmt = _stored_documents().where(DocumentRow.host.in_(list(hosts)), DocumentRow.id > after_id)
    if pending_only:
        stmt = stmt.where(DocumentRow.sitewide_pending)
    return [_stored(row) for row in session.execute(stmt.order_by(DocumentRow.id).limit(limit))]


@dataclass(frozen=True)
class ScopeState:
    """What the site-wide steps learned for one scope (``storage.models.SitewideScope``)."""

    scope: str
    pages: int
    keys: frozenset[str]
    headings: frozenset[str]


def load_scope_states(session: Session, scopes: Sequence[str]) -> dict[str, ScopeState]:
    stmt = select(SitewideScope).where(SitewideScope.scope.in_(list(scopes)))
    return {
        row.scope: ScopeState(row.scope, row.pages, frozenset(row.keys), frozenset(row.headings))
        for row in session.execute(stmt).scalars()
    }


def save_scope_state(session: Session, state: ScopeState) -> None:
    values = {
        "scope": state.scope,
        "pages": state.pages,
        "keys": sorted(state.keys),
        "headings": sorted(state.headings),
        "learned_at": datetime.now(UTC),
    }
    stmt = _insert(session, SitewideScope).values(**values)
    session.execute(
        stmt.on_conflict_do_update(index_elements=["scope"], set_={k: v for k, v in values.items() if k != "scope"})
    )


def clear_sitewide_pending(session: Session, ids: Sequence[int]) -> None:
    """These documents have been through the site-wide steps."""
    for chunk in _id_chunks(ids):
        session.execute(update(DocumentRow).where(DocumentRow.id.in_(chunk)).values(sitewide_pending=False))


# -- clusters ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class SectionForClustering:
    section_id: int
    url: str
    section_no: int
    heading: str
    text: str
    template_text: str
    cities: tuple[str, ...]
    simhash: int
    seen_at: str
    cluster_key: str | None
    cluster_size: int = 0  # the stored member count of its cluster (to spot clusters that lost members)


def _clustering_select() -> Any:
    return (
        select(
            SectionRow.id,
            DocumentRow.url,
            SectionRow.section_no,
            SectionRow.heading,
            SectionRow.text,
            SectionRow.template_text,
            SectionRow.cities,
            FingerprintRow.simhash,
            DocumentRow.published_at,
            DocumentRow.first_seen,
            ClusterRow.key,
            ClusterRow.member_count,
        )
        .join(DocumentRow, SectionRow.document_id == DocumentRow.id)
        .join(FingerprintRow, FingerprintRow.section_id == SectionRow.id)
        .outerjoin(ClusterRow, SectionRow.cluster_id == ClusterRow.id)
        .where(DocumentRow.status == "ok")
    )


def _for_clustering(r: Any) -> SectionForClustering:
    return SectionForClustering(
        section_id=r[0],
        url=r[1],
        section_no=r[2],
        heading=r[3],
        text=r[4],
        template_text=r[5],
        cities=tuple(c for c in r[6].split(";") if c),
        simhash=r[7],
        seen_at=r[8] or _iso(r[9]),
        cluster_key=r[10],
        cluster_size=r[11] or 0,
    )


_KEY_ORDER = (DocumentRow.url, SectionRow.section_no)


def sections_for_clustering(session: Session) -> list[SectionForClustering]:
    """Every clusterable section (ok document, fingerprinted), in key order. Holds them all: for
    tests and small stores; the corpus steps read through the functions below."""
    return [_for_clustering(r) for r in session.execute(_clustering_select().order_by(*_KEY_ORDER))]


def new_section_ids(session: Session) -> array[int]:
    """Ids of clusterable sections in no cluster yet, in key order: 8 bytes each (a first ingest
    of 100k pages has 183k; as a list of rows, then ints, they took 14 MB at once)."""
    stmt = (
        select(SectionRow.id)
        .join(DocumentRow, SectionRow.document_id == DocumentRow.id)
        .join(FingerprintRow, FingerprintRow.section_id == SectionRow.id)
        .where(DocumentRow.status == "ok", SectionRow.cluster_id.is_(None))
        .order_by(*_KEY_ORDER)
    )
    ids = array("q")
    for part in stream(session, stmt, 10_000).partitions():
        ids.extend(row[0] for row in part)
    return ids


def sections_by_ids(session: Session, ids: Sequence[int]) -> list[SectionForClustering]:
    """These sections (clusterable ones only), in key order."""
    stmt = _clustering_select().where(SectionRow.id.in_(_padded(ids))).order_by(*_KEY_ORDER)
    return [_for_clustering(r) for r in session.execute(stmt)]


def cluster_sample(session: Session, cluster_id: int, size: int) -> list[SectionForClustering]:
    """At most ``size`` members of a cluster: those of the lowest document ``url_hash`` (a fixed
    pseudo-random sample a new member enters only by chance), in key order."""
    stmt = (
        _clustering_select()
        .where(SectionRow.cluster_id == cluster_id)
        .order_by(SectionRow.url_hash, DocumentRow.url, SectionRow.section_no)
        .limit(size)
    )
    return sorted((_for_clustering(r) for r in session.execute(stmt)), key=lambda r: (r.url, r.section_no))


def cluster_member_batches(session: Session, cluster_id: int, size: int) -> Iterator[list[SectionForClustering]]:
    """Every member of a cluster in key order, ``size`` at a time (one query, streamed)."""
    stmt = _clustering_select().where(SectionRow.cluster_id == cluster_id).order_by(*_KEY_ORDER)
    for part in stream(session, stmt, size).partitions():
        yield [_for_clustering(r) for r in part]


@dataclass(frozen=True)
class StoredCluster:
    """A cluster as stored: what an update of its canonical entry starts from."""

    id: int
    key: str
    representative_id: int | None
    leader_id: int | None
    member_count: int
    cities: tuple[str, ...]
    urls: tuple[str, ...]
    first_seen: str
    last_seen: str


def stored_clusters(session: Session, ids: Sequence[int]) -> dict[int, StoredCluster]:
    stmt = select(
        ClusterRow.id,
        ClusterRow.key,
        ClusterRow.representative_id,
        ClusterRow.leader_id,
        ClusterRow.member_count,
        ClusterRow.cities,
        ClusterRow.urls,
        ClusterRow.first_seen,
        ClusterRow.last_seen,
    ).where(ClusterRow.id.in_(_padded(ids)))
    return {
        r[0]: StoredCluster(
            r[0],
            r[1],
            r[2],
            r[3],
            r[4],
            tuple(c for c in r[5].split(";") if c),
            tuple(u for u in r[6].split(";") if u),
            r[7],
            r[8],
        )
        for r in session.execute(stmt)
    }


def member_counts(session: Session) -> dict[int, tuple[int, int]]:
    """cluster id -> (members now, member count stored with its canonical entry)."""
    now = dict(
        session.execute(
            select(SectionRow.cluster_id, func.count())
            .where(SectionRow.cluster_id.is_not(None))
            .group_by(SectionRow.cluster_id)
        ).all()
    )
    stored = session.execute(select(ClusterRow.id, ClusterRow.member_count))
    return {cluster_id: (now.get(cluster_id, 0), count) for cluster_id, count in stored}


def cluster_leaders(session: Session) -> list[tuple[int, SectionForClustering]]:
    """(cluster id, its leader section) of every cluster that has one, by cluster id."""
    leader_of = dict(
        session.execute(select(ClusterRow.leader_id, ClusterRow.id).where(ClusterRow.leader_id.is_not(None))).all()
    )
    found: list[SectionForClustering] = []
    for chunk in _id_chunks(list(leader_of)):  # primary-key lookups, not a join over every section
        found.extend(sections_by_ids(session, chunk))
    return sorted(((leader_of[row.section_id], row) for row in found), key=lambda pair: pair[0])


def clear_clusters(session: Session) -> None:
    """Forget every cluster (a full recluster starts from none)."""
    session.execute(update(SectionRow).values(cluster_id=None, variation=""))
    session.execute(delete(ClusterKey))
    session.execute(delete(ClusterRow))


def repair_leaders(session: Session) -> int:
    """Give a cluster whose leader left it (its page was rewritten) the member with the smallest
    key as leader; returns how many moved."""
    leader = aliased(SectionRow)
    orphans = (
        session.execute(
            select(ClusterRow.id)
            .outerjoin(leader, and_(leader.id == ClusterRow.leader_id, leader.cluster_id == ClusterRow.id))
            .where(leader.id.is_(None))
        )
        .scalars()
        .all()
    )
    for cluster_id in orphans:
        first = session.execute(
            select(SectionRow.id)
            .join(DocumentRow, SectionRow.document_id == DocumentRow.id)
            .where(SectionRow.cluster_id == cluster_id)
            .order_by(*_KEY_ORDER)
            .limit(1)
        ).scalar()
        session.execute(update(ClusterRow).where(ClusterRow.id == cluster_id).values(leader_id=first))
    return len(orphans)


def add_cluster_keys(session: Session, pairs: Sequence[tuple[int, int]]) -> None:
    """Record (candidate key, cluster id) pairs; pairs already there are left alone."""
    rows = [{"key": key - (1 << 64) if key >= 1 << 63 else key, "cluster_id": cid} for key, cid in set(pairs)]
    if rows:
        session.execute(_insert(session, ClusterKey.__table__).on_conflict_do_nothing(), rows)


def clusters_of_keys(session: Session, keys: Sequence[int], per_key: int) -> dict[int, list[int]]:
    """candidate key -> the first ``per_key`` clusters (oldest first) that hold it."""
    found: dict[int, list[int]] = defaultdict(list)
    for chunk in _id_chunks(sorted(set(keys))):
        stmt = select(ClusterKey.key, ClusterKey.cluster_id).where(ClusterKey.key.in_(chunk))
        for key, cluster_id in session.execute(stmt.order_by(ClusterKey.key, ClusterKey.cluster_id)):
            if len(found[key]) < per_key:
                found[key].append(cluster_id)
    return found


def key_sharing_pairs(session: Session, cluster_ids: Sequence[int], per_key: int) -> set[tuple[int, int]]:
    """Pairs (a < b) of clusters, one of them in ``cluster_ids``, that share a candidate key held
    by at most ``per_key`` clusters (a key on more is boilerplate, no evidence)."""
    keys: set[int] = set()
    for chunk in _id_chunks(cluster_ids):
        keys.update(session.execute(select(ClusterKey.key).where(ClusterKey.cluster_id.in_(chunk))).scalars())
    pairs: set[tuple[int, int]] = set()
    wanted = set(cluster_ids)
    for holders in clusters_of_keys(session, list(keys), per_key + 1).values():
        if 1 < len(holders) <= per_key:
            pairs.update((a, b) for a in holders for b in holders if a < b and (a in wanted or b in wanted))
    return pairs


def move_members(session: Session, source: int, target: int) -> list[int]:
    """Move every member (and candidate key) of cluster ``source`` into ``target``, delete
    ``source``; returns the ids of the sections moved."""
    moved = list(session.execute(select(SectionRow.id).where(SectionRow.cluster_id == source)).scalars())
    session.execute(update(SectionRow).where(SectionRow.cluster_id == source).values(cluster_id=target, variation=""))
    keys = session.execute(select(ClusterKey.key).where(ClusterKey.cluster_id == source)).scalars().all()
    add_cluster_keys(session, [(key, target) for key in keys])
    session.execute(delete(ClusterKey).where(ClusterKey.cluster_id == source))
    session.execute(delete(ClusterRow).where(ClusterRow.id == source))
    return moved


def member_fingerprints(session: Session) -> tuple[np.ndarray, np.ndarray]:
    """Distinct (SimHash uint64, cluster id int64) pairs of the clustered sections, as two arrays
    (16 bytes a pair: at most 3 MB for 200k sections)."""
    # distinct in the database: copies of one template share a SimHash (200k sections of a 100k
    # demo store are 3.6k pairs), and the rows never become Python objects
    stmt = (
        select(FingerprintRow.simhash, SectionRow.cluster_id)
        .join(SectionRow, FingerprintRow.section_id == SectionRow.id)
        .where(SectionRow.cluster_id.is_not(None))
        .distinct()
    )
    hashes, clusters = [], []
    for chunk in stream(session, stmt, 20_000).partitions():
        hashes.append(np.array([h & 0xFFFFFFFFFFFFFFFF for h, _ in chunk], dtype=np.uint64))
        clusters.append(np.array([c for _, c in chunk], dtype=np.int64))
    if not hashes:
        return np.zeros(0, dtype=np.uint64), np.zeros(0, dtype=np.int64)
    return np.concatenate(hashes), np.concatenate(clusters)


def new_cluster(session: Session, key: str, leader_id: int) -> int:
    """An empty cluster row (its canonical entry is written later by ``write_canonical``)."""
    row = ClusterRow(key=key, leader_id=leader_id, member_count=0)
    session.add(row)
    session.flush()
    return row.id


def join_cluster(session: Session, cluster_id: int, section_ids: Sequence[int], leader_id: int | None = None) -> None:
    """Put sections in a cluster (and move its leader when one of them comes first)."""
    for chunk in _id_chunks(section_ids):
        session.execute(update(SectionRow).where(SectionRow.id.in_(chunk)).values(cluster_id=cluster_id, variation=""))
    if leader_id is not None:
        session.execute(update(ClusterRow).where(ClusterRow.id == cluster_id).values(leader_id=leader_id))


def write_canonical(session: Session, cluster_id: int, record: ClusterRecord, member_count: int) -> None:
    """Store a cluster's canonical entry (members are attached by ``join_cluster``, their variations
    written by ``set_variations``). ``record.urls`` None: the members' URLs as stored, joined by
    the database."""
    values = {
        "key": record.key,
        "representative_id": record.representative_id,
        "title": record.title,
        "canonical_text": record.canonical_text,
        "template_text": record.template_text,
        "member_count": member_count,
        "cities": ";".join(record.cities),
        "urls": _member_urls(session, cluster_id) if record.urls is None else ";".join(record.urls),
        "first_seen": record.first_seen,
        "last_seen": record.last_seen,
    }
    session.execute(update(ClusterRow).where(ClusterRow.id == cluster_id).values(**values))


def _member_urls(session: Session, cluster_id: int) -> Any:
    """The ``;``-joined, sorted URLs of a cluster's members, as a scalar subquery: the database
    joins them (a cluster of 59k pages holds 3.5 MB of URLs, that Python need not build)."""
    urls = (
        select(DocumentRow.url)
        .distinct()
        .join(SectionRow, SectionRow.document_id == DocumentRow.id)
        .join(FingerprintRow, FingerprintRow.section_id == SectionRow.id)
        .where(SectionRow.cluster_id == cluster_id, DocumentRow.status == "ok", DocumentRow.url != "")
        .order_by(DocumentRow.url)
        .subquery()
    )
    if session.get_bind().dialect.name == "postgresql":
        # code-point order (COLLATE "C"), whatever the database's locale: as Python sorts them
        joined = func.string_agg(urls.c.url, postgresql.aggregate_order_by(literal(";"), urls.c.url.collate("C")))
    else:  # SQLite 3.40 has no ORDER BY inside an aggregate; it concatenates in the subquery's order
        joined = func.group_concat(urls.c.url, ";")
    return select(func.coalesce(joined, "")).scalar_subquery()


def set_variations(session: Session, variations: Mapping[int, str]) -> None:
    """section id -> its variation ("" clears it), one executemany of the rows where it changed
    (a cluster whose representative moved rewrites every member's, and most come out the same)."""
    if not variations:
        return
    rows = session.execute(select(SectionRow.id, SectionRow.variation).where(SectionRow.id.in_(_padded(variations))))
    stored = {section_id: variation for section_id, variation in rows}
    changed = [{"id": i, "variation": v} for i, v in variations.items() if stored.get(i, v) != v]
    if changed:
        session.execute(update(SectionRow), changed)


def key_taken(session: Session, key: str) -> bool:
    return session.execute(select(ClusterRow.id).where(ClusterRow.key == key)).first() is not None


def _iso(value: datetime | None) -> str:
    return value.replace(microsecond=0).isoformat() if value else ""


@dataclass(frozen=True)
class ClusterRecord:
    key: str
    representative_id: int
    title: str
    canonical_text: str
    template_text: str
    cities: Sequence[str]
    urls: Sequence[str] | None  # sorted; None: write_canonical joins the members' own
    first_seen: str
    last_seen: str


def near_fingerprints(session: Session, simhash: int, k: int = 3) -> list[tuple[int, int]]:
    """(section id, Hamming distance) of stored sections within ``k`` bits of ``simhash``.

    Pigeonhole lookup on the indexed 16-bit block columns: two fingerprints within k <= 3 bits
    share at least one of their four blocks exactly, so one OR of four indexed equalities finds
    every candidate; the exact distance is then checked here (portable: SQLite has no bit_count).
    """
    blocks = FingerprintRow.blocks(simhash)
    match = or_(*(getattr(FingerprintRow, name) == value for name, value in blocks.items()))
    found = session.execute(select(FingerprintRow.section_id, FingerprintRow.simhash).where(match))
    near = [(section_id, bin(other ^ simhash).count("1")) for section_id, other in found]
    return sorted((pair for pair in near if pair[1] <= k), key=lambda p: (p[1], p[0]))


def cluster_counts(session: Session) -> tuple[int, int]:
    """(clusters, clusters with two or more members); empty clusters are removed first."""
    # NOT EXISTS: one index probe of sections per cluster, where NOT IN (every section's
    # cluster) read all of them on each run (PostgreSQL, 183k sections: 0.5 s)
    empty = select(ClusterRow.id).where(~select(SectionRow.id).where(SectionRow.cluster_id == ClusterRow.id).exists())
    ids = list(session.execute(empty).scalars())
    for chunk in _id_chunks(ids):
        session.execute(delete(ClusterKey).where(ClusterKey.cluster_id.in_(chunk)))
        session.execute(delete(ClusterRow).where(ClusterRow.id.in_(chunk)))
    return _cluster_totals(session)


def _cluster_totals(session: Session) -> tuple[int, int]:
    """(clusters, clusters with two or more members) as stored."""
    total = session.execute(select(func.count()).select_from(ClusterRow)).scalar_one()
    multi = session.execute(select(func.count()).where(ClusterRow.member_count >= 2)).scalar_one()
    return total, multi


def section_count(session: Session) -> int:
    return session.execute(select(func.count()).select_from(SectionRow)).scalar_one()


# -- counts -----------------------------------------------------------------------------------


def table_counts(session: Session) -> dict[str, int]:
    """Row counts that a run summary and the tests read."""
    clusters, multi = _cluster_totals(session)
    # one pass over documents, not four (a count is a scan on PostgreSQL)
    by_status = dict(session.execute(select(DocumentRow.status, func.count()).group_by(DocumentRow.status)).all())
    return {
        "raw_pages": session.execute(select(func.count()).select_from(RawPage)).scalar_one(),
        "documents": sum(by_status.values()),
        "documents_ok": by_status.get("ok", 0),
        "documents_error": by_status.get("error", 0),
        "documents_skipped": by_status.get("skipped", 0),
        "sections": section_count(session),
        "clusters": clusters,
        "multi_member_clusters": multi,
    }

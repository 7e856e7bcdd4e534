"""Glue between the pure ``pipeline`` and ``storage``: process raw inputs, store them in batches,
recluster, export. Shared by ``crawl``, ``ingest``, ``reprocess`` and the Scrapy item pipeline.
"""

from __future__ import annotations

import hashlib
import logging
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from typing import Callable, Iterable, Iterator, Sequence

from sqlalchemy.orm import Session, sessionmaker

from pipeline import Document, process, process_text
from pipeline.canonical import Member, build_canonical
from pipeline.cluster import ClusterItem, cluster
from storage.repository import (
    ClusterRecord,
    RawInput,
    SectionForClustering,
    latest_raw_pages,
    replace_clusters,
    save_document,
    save_raw,
    sections_for_clustering,
)

log = logging.getLogger(__name__)

FETCH_ERROR_HEADER = "x-winnow-fetch-error"


def process_raw(raw: RawInput) -> Document:
    """Run the per-document pipeline on one stored or fetched response."""
    fetch_error = raw.headers.get(FETCH_ERROR_HEADER)
    if fetch_error:
        return Document(url=raw.url, headers=dict(raw.headers)).fail(fetch_error)
    if raw.kind == "text":
        return process_text(raw.url, raw.body)
    if raw.status_code >= 400:
        return Document(url=raw.url, headers=dict(raw.headers)).fail(f"http {raw.status_code}")
    return process(raw.url, raw.body, raw.headers)


@dataclass
class BatchWriter:
    """Collects processed pages and writes them in one transaction per batch.

    One transaction per batch (not per page) is what makes SQLite keep up with the crawler.
    """

    sessions: sessionmaker[Session]
    run_id: int | None = None
    batch_size: int = 200
    counts: Counter[str] = field(default_factory=Counter)
    on_flush: Callable[[int], None] | None = None
    _pending: list[tuple[RawInput, Document]] = field(default_factory=list)

    def add(self, raw: RawInput, doc: Document | None = None) -> Document:
        doc = doc if doc is not None else process_raw(raw)
        self._pending.append((raw, doc))
        self.counts[f"documents_{doc.status}"] += 1
        if len(self._pending) >= self.batch_size:
            self.flush()
        return doc

    def flush(self) -> None:
        if not self._pending:
            return
        with self.sessions.begin() as session:
            for raw, doc in self._pending:
                raw_id = save_raw(session, raw, self.run_id)
                save_document(session, doc, raw_id)
        self.counts["stored"] += len(self._pending)
        if self.on_flush:
            self.on_flush(len(self._pending))
        self._pending.clear()


# -- clustering -------------------------------------------------------------------------------


def member_key(row: SectionForClustering) -> str:
    return f"{row.url}#{row.section_no}"


def cluster_key(representative: str) -> str:
    """Stable id of a cluster: derived from its canonical member, so reprocess gives the same ids."""
    return "t" + hashlib.sha1(representative.encode("utf-8")).hexdigest()[:15]


def build_clusters(rows: Sequence[SectionForClustering]) -> list[ClusterRecord]:
    """Cluster all sections and build one canonical entry per cluster (singletons included)."""
    items = [ClusterItem(key=member_key(r), text=r.template_text, simhash=r.simhash) for r in rows]
    labels = cluster(items)
    groups: dict[int, list[SectionForClustering]] = defaultdict(list)
    for row, label in zip(rows, labels):
        groups[label].append(row)
    return [_record(members) for members in groups.values()]


def _record(rows: Sequence[SectionForClustering]) -> ClusterRecord:
    members = [
        Member(
            key=member_key(r), url=r.url, heading=r.heading, text=r.text,
            template_text=r.template_text, cities=r.cities, seen_at=r.seen_at,
        )
        for r in rows
    ]
    canonical = build_canonical(members)
    by_key = {member_key(r): r for r in rows}
    return ClusterRecord(
        key=cluster_key(canonical.representative),
        representative_id=by_key[canonical.representative].section_id,
        title=canonical.title,
        canonical_text=canonical.canonical_text,
        template_text=canonical.template_text,
        cities=canonical.cities,
        urls=canonical.urls,
        first_seen=canonical.first_seen,
        last_seen=canonical.last_seen,
        member_ids=[r.section_id for r in rows],
        variations={
            by_key[key].section_id: "\n".join(lines)
            for key, lines in canonical.variations.items()
            if key in by_key
        },
    )


def recluster(sessions: sessionmaker[Session]) -> dict[str, int]:
    """Recompute every cluster and canonical entry from the stored sections."""
    with sessions() as session:
        rows = sections_for_clustering(session)
    records = build_clusters(rows)
    with sessions.begin() as session:
        replace_clusters(session, records)
    multi = sum(1 for r in records if len(r.member_ids) >= 2)
    return {"sections": len(rows), "clusters": len(records), "multi_member_clusters": multi}


def store_all(writer: BatchWriter, raws: Iterable[RawInput]) -> None:
    for raw in raws:
        writer.add(raw)
    writer.flush()


def reprocess_all(sessions: sessionmaker[Session], page_size: int = 200) -> dict[str, int]:
    """Re-run every per-document stage from the newest raw page of each URL, then recluster."""
    writer = BatchWriter(sessions, batch_size=page_size)
    store_all(writer, _stored_raws(sessions, page_size))
    return dict(writer.counts) | recluster(sessions)


def _stored_raws(sessions: sessionmaker[Session], page_size: int) -> Iterator[RawInput]:
    last_id = 0
    while True:
        with sessions() as session:
            page = latest_raw_pages(session, last_id, page_size)
        if not page:
            return
        last_id = page[-1].id
        for r in page:
            yield RawInput(url=r.url, body=r.body, headers=r.headers, status_code=r.status_code, kind=r.kind)

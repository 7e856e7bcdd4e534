"""Corpus steps: what needs every stored page rather than one. Site-wide boilerplate learning,
clustering sections into templates, canonical entries, and reprocessing everything.
"""

from __future__ import annotations

import hashlib
import logging
import time
from collections import defaultdict
from typing import Callable, Iterable, Iterator, Sequence

from sqlalchemy.orm import Session, sessionmaker

from pipeline import sitewide
from pipeline.canonical import Member, build_canonical
from pipeline.chain import resegment
from pipeline.cluster import ClusterItem, assign, cluster
from pipeline.segment import segment
from storage.repository import (
    ClusterRecord,
    RawInput,
    SectionForClustering,
    cluster_counts,
    latest_raw_pages,
    replace_clusters,
    save_document,
    sections_for_clustering,
    stored_documents,
    update_clusters,
)
from winnow.service.batches import BatchWriter, stage_seconds, store_all

log = logging.getLogger(__name__)




def member_key(row: SectionForClustering) -> str:
    return f"{row.url}#{row.section_no}"


def cluster_key(representative: str) -> str:
    """Stable id of a cluster: derived from its canonical member, so reprocess gives the same ids."""
    return "t" + hashlib.sha1(representative.encode("utf-8")).hexdigest()[:15]


def build_clusters(rows: Sequence[SectionForClustering]) -> list[ClusterRecord]:
    """Cluster all sections and build one canonical entry per cluster (singletons included)."""
    labels = cluster([_item(r) for r in rows])
    groups: dict[int, list[SectionForClustering]] = defaultdict(list)
    for row, label in zip(rows, labels):
        groups[label].append(row)
    return [_record(members) for members in groups.values()]


def _record(rows: Sequence[SectionForClustering], key: str | None = None) -> ClusterRecord:
    """The canonical entry of one cluster; ``key`` keeps an existing cluster's id stable."""
    members = [
        Member(
            key=member_key(r), url=r.url, heading=r.heading, text=r.text,
            template_text=r.template_text, cities=r.cities, seen_at=r.seen_at,
        )
        for r in rows
    ]
    canonical = build_canonical(members)
    by_key = {member_key(r): r for r in rows}
    representative = by_key[canonical.representative]
    # The entry reads as the question and its answer; the question is where the city usually is.
    return ClusterRecord(
        key=key or cluster_key(canonical.representative),
        representative_id=representative.section_id,
        title=canonical.title,
        canonical_text=_joined(representative.heading, canonical.canonical_text),
        template_text=_joined(canonical.title, canonical.template_text),
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


def _joined(heading: str, text: str) -> str:
    return f"{heading}\n{text}" if heading else text


def recluster(sessions: sessionmaker[Session], full: bool = False) -> dict[str, int]:
    """Bring clusters and canonical entries up to date with the stored sections.

    Incremental by default: new sections join existing clusters (``pipeline.cluster.assign``
    against each cluster's representative), the rest are clustered among themselves, and only
    clusters that gained or lost members are rebuilt. ``full`` reclusters everything from scratch.
    """
    started = time.perf_counter()
    apply_sitewide(sessions)
    sitewide_done = time.perf_counter()
    with sessions() as session:
        rows = sections_for_clustering(session)
    if full or not any(r.cluster_key for r in rows):
        records = build_clusters(rows)
        with sessions.begin() as session:
            replace_clusters(session, records)
        summary = _cluster_summary(rows, len(records), sum(len(r.member_ids) >= 2 for r in records))
    else:
        records = incremental_clusters(rows)
        with sessions.begin() as session:
            update_clusters(session, records)
            clusters, multi = cluster_counts(session)
        summary = _cluster_summary(rows, clusters, multi) | _joined_existing(rows, records)
    return summary | stage_seconds({"sitewide": sitewide_done - started,
                                    "cluster": time.perf_counter() - sitewide_done})


def _joined_existing(rows: Sequence[SectionForClustering], records: Sequence[ClusterRecord]) -> dict[str, int]:
    """new_sections: sections not in a cluster before this run; joined_existing: how many of them
    joined a template that was already there (run health watches the share: a site whose layout
    changed stops producing sections that match its templates)."""
    new_ids = {r.section_id for r in rows if not r.cluster_key}
    existing = {r.cluster_key for r in rows if r.cluster_key}
    joined = sum(m in new_ids for record in records if record.key in existing for m in record.member_ids)
    return {"new_sections": len(new_ids), "joined_existing": joined}


def apply_sitewide(sessions: sessionmaker[Session]) -> int:
    """Learn each host's (and site's) boilerplate from all its stored pages (``pipeline.sitewide``),
    strip it where it occurs, mark the block headings other pages of the site start sections
    with, and rebuild those documents' sections; returns how many changed.

    Per-page rules cannot see a footer line that only repetition reveals; this can, and it is
    idempotent: a stripped line is no longer there to be learned or stripped again.
    """
    with sessions() as session:
        stored = stored_documents(session)
    learned = sitewide.learn({doc.url: doc.paragraphs for doc, _ in stored},
                             starts_by_url={doc.url: sitewide.section_starts(segment(doc))
                                            for doc, _ in stored})
    stripped = [(sitewide.strip(doc, learned), doc, raw_page_id) for doc, raw_page_id in stored]
    stripped = [(resegment(new) if new is not old else new, old, raw_page_id)
                for new, old, raw_page_id in stripped]
    # block headings one layout writes as plain paragraphs, known from the site's other pages
    known = sitewide.learn_headings([new for new, _, _ in stripped])
    changed = 0
    with sessions.begin() as session:
        for new, old, raw_page_id in stripped:
            marked = sitewide.mark_headings(new, known)
            if marked is not new:
                new = resegment(marked)
            if new is not old:
                save_document(session, new, raw_page_id)
                changed += 1
    return changed


def _cluster_summary(rows: Sequence[SectionForClustering], clusters: int, multi: int) -> dict[str, int]:
    return {"sections": len(rows), "clusters": clusters, "multi_member_clusters": multi}


def incremental_clusters(rows: Sequence[SectionForClustering]) -> list[ClusterRecord]:
    """Records for the clusters that gained or lost members, and for new clusters.
    (Clusters left with no member are removed by ``cluster_counts``.)"""
    groups: dict[str, list[SectionForClustering]] = defaultdict(list)
    stored_size: dict[str, int] = {}
    new = []
    for row in rows:
        if row.cluster_key:
            groups[row.cluster_key].append(row)
            stored_size[row.cluster_key] = row.cluster_size
        else:
            new.append(row)
    keys = sorted(groups)
    # The representative cluster() itself would use: the member with the smallest key.
    reps = [min(groups[k], key=member_key) for k in keys]
    matches = assign([_item(r) for r in new], [_item(r) for r in reps])
    changed = {k for k in keys if len(groups[k]) != stored_size[k]}
    unmatched = []
    for row, match in zip(new, matches):
        if match is None:
            unmatched.append(row)
        else:
            groups[keys[match]].append(row)
            changed.add(keys[match])
    records = [_record(groups[k], key=k) for k in sorted(changed)]
    return records + (build_clusters(unmatched) if unmatched else [])


def _item(row: SectionForClustering) -> ClusterItem:
    return ClusterItem(key=member_key(row), text=row.template_text, simhash=row.simhash)


def reprocess_all(
    sessions: sessionmaker[Session], page_size: int = 200, on_page: Callable[[], None] | None = None
) -> dict[str, int]:
    """Re-run every per-document stage from the newest raw page of each URL, then recluster.
    ``on_page`` is called after each page (progress display)."""
    writer = BatchWriter(sessions, batch_size=page_size, force=True)
    raws = _stored_raws(sessions, page_size)
    store_all(writer, _each(raws, on_page) if on_page else raws)
    return dict(writer.counts) | recluster(sessions, full=True)


def _each(items: Iterable[RawInput], callback: Callable[[], None]) -> Iterator[RawInput]:
    for item in items:
        yield item
        callback()


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


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
from pipeline.document import Document
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
    ScopeState,
    clear_sitewide_pending,
    host_documents,
    host_page_count,
    host_sample,
    load_scope_states,
    replace_clusters,
    save_document,
    save_scope_state,
    sections_for_clustering,
    sitewide_hosts,
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
    apply_sitewide(sessions, full)
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


# A scope learns from at most SAMPLE_PAGES of its pages (the lowest URL hashes, see
# ``storage.repository.host_sample``): learning holds those pages in memory, so its memory and time
# stop growing with the store. Every blind farm and labelled corpus here has fewer pages per host,
# so on them the sample is the whole host.
SAMPLE_PAGES = 1500
# Pages that arrive later are stripped with what the scope learned until it has RELEARN_GROWTH
# more pages than then; relearning re-strips all its pages, so the cost per page stays constant
# (as a growing array doubles). Until it holds SAMPLE_PAGES pages a scope relearns on every new page.
RELEARN_GROWTH = 0.2
RESTRIP_BATCH = 500  # documents read, re-stripped and written at a time


def apply_sitewide(sessions: sessionmaker[Session], full: bool = False) -> int:
    """Learn each host's (and site's) boilerplate (``pipeline.sitewide``), strip it where it occurs,
    mark the block headings other pages of the site start sections with, and rebuild those
    documents' sections; returns how many documents changed.

    Per-page rules cannot see a footer line that only repetition reveals; this can. What a scope
    learned is kept (``sitewide_scopes``): new pages are stripped with it, and only a scope that
    grew enough (or ``full``: reprocess) learns again, from its sample, and re-strips its pages
    (from the text the per-page pipeline left, see ``sitewide.before_strip``). Idempotent.
    """
    with sessions() as session:
        hosts, pending = sitewide_hosts(session)
    by_site: dict[str, list[str]] = defaultdict(list)
    for host in hosts:
        by_site[sitewide.site_of("http://" + host)].append(host)
    changed = 0
    for site, site_hosts in sorted(by_site.items()):
        if pending.intersection(site_hosts):
            changed += _sitewide_site(sessions, site, site_hosts, pending, full)
    return changed


def _sitewide_site(sessions: sessionmaker[Session], site: str, hosts: list[str], pending: set[str], full: bool) -> int:
    """The site-wide steps for the hosts of one registrable domain (one scope each, and one for
    the site when it has several hosts)."""
    scopes = {host: [host] for host in hosts}
    if len(hosts) > 1:
        scopes["site:" + site] = hosts
    with sessions() as session:
        states = load_scope_states(session, list(scopes))
        due = [scope for scope, members in scopes.items()
               if pending.intersection(members) and _due(states.get(scope), host_page_count(session, members), full)]
    if due:
        states |= _learn(sessions, scopes, due, states)
    relearned = set(due)
    site_relearned = "site:" + site in relearned
    changed = 0
    for host in hosts:
        keys, headings = _host_rules(host, site, states)
        if site_relearned or host in relearned:
            changed += _restrip(sessions, host, keys, headings, pending_only=False)
        elif host in pending:
            changed += _restrip(sessions, host, keys, headings, pending_only=True)
    return changed


def _due(state: ScopeState | None, pages: int, full: bool) -> bool:
    if full or state is None:
        return True
    if state.pages < SAMPLE_PAGES:
        return pages != state.pages
    return pages >= state.pages * (1 + RELEARN_GROWTH)


def _host_rules(host: str, site: str, states: dict[str, ScopeState]) -> tuple[frozenset[str], frozenset[str]]:
    """Furniture keys and known headings that apply to pages of ``host``."""
    mine = [states[s] for s in (host, "site:" + site) if s in states]
    return (frozenset().union(*(s.keys for s in mine)), frozenset().union(*(s.headings for s in mine)))


def _learn(sessions: sessionmaker[Session], scopes: dict[str, list[str]], due: list[str],
           states: dict[str, ScopeState]) -> dict[str, ScopeState]:
    """Learn the ``due`` scopes from their samples and store what they learned.

    Furniture keys first (each scope from its own sample), then the known headings, from the
    samples stripped of every key that applies to them, as ``sitewide.learn_headings`` expects."""
    samples, pages = {}, {}
    with sessions() as session:
        for scope in due:
            samples[scope] = [sitewide.before_strip(s.doc) for s in host_sample(session, scopes[scope], SAMPLE_PAGES)]
            pages[scope] = host_page_count(session, scopes[scope])
    keys = {scope: _scoped(scope, sitewide.learn(
        {doc.url: doc.paragraphs for doc in docs},
        starts_by_url={doc.url: sitewide.section_starts(segment(doc)) for doc in docs}))
        for scope, docs in samples.items()}
    every = {scope: state.keys for scope, state in states.items()} | keys
    all_keys = frozenset().union(*every.values())
    learned = {}
    for scope, docs in samples.items():
        stripped = [_stripped(doc, all_keys) for doc in docs]
        headings = _scoped(scope, sitewide.learn_headings(stripped))
        learned[scope] = ScopeState(scope, pages[scope], keys[scope], headings)
    with sessions.begin() as session:
        for state in learned.values():
            save_scope_state(session, state)
    return learned


def _scoped(scope: str, keys: frozenset[str]) -> frozenset[str]:
    return frozenset(k for k in keys if k.startswith(scope + "\t"))


def _stripped(doc: Document, keys: frozenset[str]) -> Document:
    new = sitewide.strip(doc, keys)
    return resegment(new) if new is not doc else new


def _restrip(sessions: sessionmaker[Session], host: str, keys: frozenset[str], headings: frozenset[str],
             pending_only: bool) -> int:
    """Strip the documents of ``host`` (all, or those not yet seen) with ``keys``, mark ``headings``,
    and write those whose text or headings changed, RESTRIP_BATCH at a time."""
    changed, last_id = 0, 0
    while True:
        with sessions() as session:
            batch = host_documents(session, [host], pending_only, last_id, RESTRIP_BATCH)
        if not batch:
            return changed
        last_id = batch[-1].id
        with sessions.begin() as session:
            for stored in batch:
                new = _with_rules(stored.doc, keys, headings)
                if new is not None:
                    save_document(session, new, stored.raw_page_id, sitewide_pending=False)
                    changed += 1
            clear_sitewide_pending(session, [stored.id for stored in batch])


def _with_rules(doc: Document, keys: frozenset[str], headings: frozenset[str]) -> Document | None:
    """``doc`` stripped and marked afresh (from the page as the per-page pipeline left it); None
    when that is what is stored already."""
    base = sitewide.before_strip(doc)
    new = _stripped(base, keys)
    marked = sitewide.mark_headings(new, headings)
    if marked is not new:
        new = resegment(marked)
    if new.paragraphs == doc.paragraphs and new.headings == doc.headings and new.removed == doc.removed:
        return None
    return new


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


"""Corpus steps: what needs every stored page rather than one. Site-wide boilerplate learning,
clustering sections into templates, canonical entries, and reprocessing everything.
"""

from __future__ import annotations

import hashlib
import logging
import time
from array import array
from collections import defaultdict
from collections.abc import Callable, Iterable, Iterator, Sequence

import numpy as np
from sqlalchemy.orm import Session, sessionmaker

from pipeline import sitewide
from pipeline.canonical import CanonicalBuilder, Member, representative
from pipeline.chain import resegment
from pipeline.cluster import (
    ClusterConfig,
    ClusterItem,
    SimhashBlockIndex,
    assign,
    candidate_keys,
    cluster,
    connected_components,
    consensus,
    shingled,
    verified,
)
from pipeline.decode import decode
from pipeline.document import Document
from pipeline.fingerprint import MASK64
from pipeline.segment import segment
from storage.db import refresh_statistics
from storage.repository import (
    ClusterRecord,
    RawInput,
    ScopeState,
    SectionForClustering,
    StoredCluster,
    StoredDocument,
    add_cluster_keys,
    clear_clusters,
    clear_sitewide_pending,
    cluster_counts,
    cluster_leaders,
    cluster_member_batches,
    cluster_sample,
    clusters_of_keys,
    host_documents,
    host_page_count,
    host_sample,
    join_cluster,
    key_sharing_pairs,
    key_taken,
    latest_raw_pages,
    load_scope_states,
    member_counts,
    member_fingerprints,
    move_members,
    new_cluster,
    new_section_ids,
    raw_bodies,
    repair_leaders,
    save_documents,
    save_scope_state,
    section_count,
    sections_by_ids,
    set_variations,
    sitewide_hosts,
    stored_clusters,
    write_canonical,
)
from winnow.service.batches import (
    BatchWriter,
    PagePool,
    batched,
    peak_rss_mb,
    release_memory,
    stage_seconds,
    store_all,
)

log = logging.getLogger(__name__)


# New sections are clustered NEW_BATCH at a time: each batch joins the clusters there are (stored
# ones and those of earlier batches, through their leaders) and clusters what is left among
# itself, so memory holds one batch and the leaders, whatever the store's size. A store that
# gets fewer new sections in one run is clustered exactly as ``pipeline.cluster.cluster`` would.
# 500: a batch's texts and shingles are the clustering step's peak (10k pages: 166 MB with 1,000,
# 154 MB with 500).
NEW_BATCH = 500
# A cluster's representative is the medoid of at most MEDOID_SAMPLE of its members (lowest URL
# hashes, see ``storage.repository.cluster_sample``): the medoid of a sample, as CLARA (Kaufman &
# Rousseeuw 1990) does for large sets; for a smaller cluster it is the medoid of all members.
MEDOID_SAMPLE = 200
MEMBER_BATCH = 500  # members read at a time to rebuild a canonical entry (10k store: 15 MB less than 2,000, same time)
CONFIG = ClusterConfig()


def _ids() -> array[int]:
    """An empty list of section ids, 8 bytes an id (a first ingest gains every section)."""
    return array("q")


def member_key(row: SectionForClustering) -> str:
    return f"{row.url}#{row.section_no}"


def cluster_key(representative: str) -> str:
    """Stable id of a cluster: derived from its canonical member, so reprocess gives the same ids."""
    return "t" + hashlib.sha1(representative.encode("utf-8")).hexdigest()[:15]


def recluster(sessions: sessionmaker[Session], full: bool = False) -> dict[str, int | float]:
    """Bring site-wide stripping, clusters and canonical entries up to date with the stored pages.

    Incremental: new sections join existing clusters (``pipeline.cluster.assign`` against each
    cluster's leader, the member with the smallest key), the rest are clustered among themselves,
    and only clusters that gained or lost members get their canonical entry rebuilt. ``full``
    (reprocess) forgets every cluster first. Returns counts for the run record, and the seconds
    of each stage (``seconds_sitewide``, ``seconds_cluster``, ``seconds_canonical``).
    """
    started = time.perf_counter()
    peaks = {"peak_mb_store": peak_rss_mb()}  # processing and writes
    release_memory()
    _refresh_statistics(sessions)
    apply_sitewide(sessions, full)
    sitewide_done = time.perf_counter()
    peaks["peak_mb_sitewide"] = peak_rss_mb()
    release_memory()
    if full:
        with sessions.begin() as session:
            clear_clusters(session)
    gained, new_sections, existed = assign_new_sections(sessions)
    clustered = time.perf_counter()
    peaks["peak_mb_cluster"] = peak_rss_mb()
    release_memory()
    _refresh_statistics(sessions)  # clustering set cluster_id on every new section
    rebuild_canonical(sessions, gained)
    peaks["peak_mb_canonical"] = peak_rss_mb()
    release_memory()
    with sessions.begin() as session:
        clusters, multi = cluster_counts(session)
        sections = section_count(session)
    joined = sum(len(ids) for cluster_id, ids in gained.items() if cluster_id in existed)
    seconds = {
        "sitewide": sitewide_done - started,
        "cluster": clustered - sitewide_done,
        "canonical": time.perf_counter() - clustered,
    }
    summary = {"sections": sections, "clusters": clusters, "multi_member_clusters": multi}
    if not full and existed:
        # run health watches the share: a site whose layout changed stops producing sections that
        # match its templates
        summary |= {"new_sections": new_sections, "joined_existing": joined}
    return summary | stage_seconds(seconds) | peaks


def _refresh_statistics(sessions: sessionmaker[Session]) -> None:
    analysed = refresh_statistics(sessions)
    if analysed:
        log.debug("planner statistics refreshed: %s", ", ".join(analysed))


def assign_new_sections(sessions: sessionmaker[Session]) -> tuple[dict[int, array[int]], int, set[int]]:
    """Put every section that is in no cluster into one, NEW_BATCH at a time; returns the ids
    each cluster gained (new clusters included; 8 bytes an id), how many sections were new, and
    the ids of the clusters there were before."""
    with sessions.begin() as session:
        repair_leaders(session)
    with sessions() as session:
        leaders = cluster_leaders(session)
        ids = new_section_ids(session)
        members = MemberIndex(*member_fingerprints(session))
    stored = len(leaders)
    gained: dict[int, array[int]] = defaultdict(_ids)
    for chunk in batched(ids, NEW_BATCH):
        with sessions() as session:
            rows = sections_by_ids(session, chunk)
        with sessions.begin() as session:
            _assign_batch(session, rows, leaders, members, gained)
    del members
    if len(ids) > NEW_BATCH:
        _merge_across_batches(sessions, dict(leaders), [cid for cid, _ in leaders[stored:]], gained)
    return gained, len(ids), {cid for cid, _ in leaders[:stored]}


def _merge_across_batches(
    sessions: sessionmaker[Session],
    leaders: dict[int, SectionForClustering],
    fresh: list[int],
    gained: dict[int, array[int]],
) -> None:
    """Join clusters started in this run to clusters they are really one template with, as
    ``pipeline.cluster.cluster`` does within one batch (``_merge_by_consensus``): pairs that
    share a candidate key, compared by the consensus of (a sample of) their members; a joined
    group keeps the cluster whose leader has the smallest key."""
    with sessions() as session:
        pairs = key_sharing_pairs(session, fresh, CONFIG.max_key_clusters)
    agreed = {}
    for cluster_id in sorted({c for pair in pairs for c in pair}):
        with sessions() as session:
            sample = cluster_sample(session, cluster_id, MEDOID_SAMPLE)
        agreed[cluster_id] = consensus([shingled(r.template_text, CONFIG) for r in sample], CONFIG)
    # verified pairs joined transitively, each group labelled by its leader with the smallest key
    order = sorted(agreed, key=lambda c: member_key(leaders[c]))
    index = {c: n for n, c in enumerate(order)}
    joined = [(index[a], index[b]) for a, b in sorted(pairs) if verified(agreed[a], agreed[b], CONFIG)]
    if not joined:
        return
    component = connected_components(len(order), np.array(joined, dtype=np.int64))
    with sessions.begin() as session:
        for cluster_id in sorted(agreed):
            target = order[int(component[index[cluster_id]])]
            if target != cluster_id:
                gained[target].extend(move_members(session, cluster_id, target))
                gained.pop(cluster_id, None)


class MemberIndex:
    """SimHash neighbours among the sections clustered before this run (any member, not only
    leaders), as two arrays of distinct (SimHash, cluster) pairs: at most 16 bytes a section, and
    copies of one template with one SimHash count once. Built once a run: clusters started by
    this run are found through their leaders and stored candidate keys, and joined at the end
    (``_merge_across_batches``)."""

    def __init__(self, hashes: np.ndarray, clusters: np.ndarray) -> None:
        pairs = (
            np.unique(np.stack([hashes.astype(np.uint64), clusters.astype(np.uint64)], axis=1), axis=0)
            if len(hashes)
            else np.zeros((0, 2), dtype=np.uint64)
        )
        self.hashes, self.clusters = pairs[:, 0].copy(), pairs[:, 1].astype(np.int64)
        self._index = SimhashBlockIndex(CONFIG.k).build(self.hashes) if len(self.hashes) else None

    def clusters_near(self, simhash: int) -> set[int]:
        if self._index is None:
            return set()
        return set(np.unique(self.clusters[self._index.query(simhash & MASK64)]).tolist())


def _assign_batch(
    session: Session,
    rows: list[SectionForClustering],
    leaders: list[tuple[int, SectionForClustering]],
    members: MemberIndex,
    gained: dict[int, array[int]],
) -> None:
    """One batch of new sections: join the clusters there are, or start clusters (then new leaders)."""
    items = [_item(r) for r in rows]
    # shingles are made again by assign(): holding a batch's (15 KB a section) costs more than that
    keys = [candidate_keys(item.text, shingled(item.text, CONFIG), CONFIG) for item in items]
    holders = clusters_of_keys(session, [k for ks in keys for k in ks], CONFIG.max_key_clusters + 1)
    position = {cluster_id: n for n, (cluster_id, _) in enumerate(leaders)}
    extra = [
        {
            position[c]
            for c in members.clusters_near(item.simhash or 0).union(*(holders.get(k, ()) for k in ks))
            if c in position
        }
        for item, ks in zip(items, keys, strict=False)
    ]
    matches = assign(items, [_item(leader) for _, leader in leaders], CONFIG, extra)
    joining: dict[int, list[int]] = defaultdict(list)
    unmatched = []
    for n, match in enumerate(matches):
        if match is None:
            unmatched.append(n)
        else:
            joining[match].append(n)
    for index, picked in joining.items():
        cluster_id, leader = leaders[index]
        first = min((rows[n] for n in picked), key=member_key)
        moved = member_key(first) < member_key(leader)
        _join(
            session,
            cluster_id,
            [rows[n] for n in picked],
            [keys[n] for n in picked],
            holders,
            members,
            gained,
            first.section_id if moved else None,
        )
        if moved:
            leaders[index] = (cluster_id, first)
    labels = cluster([items[n] for n in unmatched], CONFIG) if unmatched else []
    groups: dict[int, list[int]] = defaultdict(list)
    for n, label in zip(unmatched, labels, strict=False):
        groups[label].append(n)
    for picked in groups.values():
        first = min((rows[n] for n in picked), key=member_key)
        cluster_id = new_cluster(session, f"new:{first.section_id}", first.section_id)
        _join(session, cluster_id, [rows[n] for n in picked], [keys[n] for n in picked], holders, members, gained)
        leaders.append((cluster_id, first))


def _join(
    session: Session,
    cluster_id: int,
    rows: list[SectionForClustering],
    keys: list[set[int]],
    holders: dict[int, list[int]],
    members: MemberIndex,
    gained: dict[int, array[int]],
    leader_id: int | None = None,
) -> None:
    join_cluster(session, cluster_id, [r.section_id for r in rows], leader_id)
    # only pairs not known to be stored: copies of one template repeat most of their keys
    add_cluster_keys(
        session, [(key, cluster_id) for ks in keys for key in ks if cluster_id not in holders.get(key, ())]
    )
    gained[cluster_id].extend(r.section_id for r in rows)


def rebuild_canonical(sessions: sessionmaker[Session], gained: dict[int, array[int]]) -> int:
    """Rebuild the canonical entry of every cluster that gained or lost members; returns how many."""
    with sessions() as session:
        counts = member_counts(session)
    changed = sorted(cid for cid, (now, stored) in counts.items() if now and (cid in gained or now != stored))
    for cluster_id in changed:
        _rebuild_one(sessions, cluster_id, gained.get(cluster_id, _ids()), counts[cluster_id][0])
    return len(changed)


def _rebuild_one(sessions: sessionmaker[Session], cluster_id: int, gained: Sequence[int], members: int) -> None:
    """A cluster's canonical entry: the medoid of its sample; then only its new members when the
    medoid stayed and no member left, else every member again (MEMBER_BATCH at a time)."""
    with sessions() as session:
        stored = stored_clusters(session, [cluster_id])[cluster_id]
        sample = cluster_sample(session, cluster_id, MEDOID_SAMPLE)
    # the stored entry stands and only members joined it (none left): what may be kept of it
    only_gained = stored.member_count + len(gained) == members and not stored.key.startswith("new:")
    rep = _sample_medoid(stored, sample, gained, only_gained)
    entry = CanonicalBuilder(_member(rep))
    kept = only_gained and stored.representative_id == rep.section_id
    urls: list[str] | None = None  # None: every member was read, the store joins their URLs
    if kept:
        entry.seed(stored.cities, stored.first_seen, stored.last_seen)
        # the stored list plus the new members': joining every member's again is a pass over
        # them all (100 new pages into the 100k SQLite store: canonical step 1.2 s -> 3.1 s)
        known = set(stored.urls)
        for chunk in batched(gained, MEMBER_BATCH):
            with sessions() as session:
                rows = sections_by_ids(session, chunk)
            _add_members(sessions, entry, rows)
            known.update(r.url for r in rows if r.url)
        urls = sorted(known)
    else:
        with sessions() as session:
            for batch in cluster_member_batches(session, cluster_id, MEMBER_BATCH):
                _add_members(sessions, entry, batch)
    canonical = entry.result()
    key = stored.key
    with sessions.begin() as session:
        if key.startswith("new:"):
            key = cluster_key(canonical.representative)
            if key_taken(session, key):  # its member left a cluster whose key it had given
                key = cluster_key(f"{canonical.representative}@{cluster_id}")
        record = ClusterRecord(
            key=key,
            representative_id=rep.section_id,
            title=canonical.title,
            # The entry reads as the question and its answer; the question is where the city usually is.
            canonical_text=_joined(rep.heading, canonical.canonical_text),
            template_text=_joined(canonical.title, canonical.template_text),
            cities=canonical.cities,
            urls=urls,
            first_seen=canonical.first_seen,
            last_seen=canonical.last_seen,
        )
        write_canonical(session, cluster_id, record, members)


def _sample_medoid(
    stored: StoredCluster, sample: list[SectionForClustering], gained: Sequence[int], only_gained: bool
) -> SectionForClustering:
    """The medoid of the cluster's sample, tie to the stored representative. When no member left
    (``only_gained``) and none of the new ones entered the sample (the lowest URL hashes: a new
    member of a cluster of 58k enters it about once in 300), the sample is the one the stored
    representative was chosen from, and it is still the medoid: the comparison of 200 members is
    skipped."""
    by_id = {r.section_id: r for r in sample}
    incumbent = by_id.get(stored.representative_id) if stored.representative_id is not None else None
    if incumbent is not None and only_gained and by_id.keys().isdisjoint(gained):
        return incumbent
    by_key = {member_key(r): r for r in sample}
    return by_key[representative([_member(r) for r in sample], member_key(incumbent) if incumbent else "").key]


def _add_members(
    sessions: sessionmaker[Session], entry: CanonicalBuilder, rows: Sequence[SectionForClustering]
) -> None:
    """Add members to the entry and write their variations now (a large cluster's would not fit)."""
    variations = {}
    for row in rows:
        member = _member(row)
        entry.add(member)
        variations[row.section_id] = "\n".join(entry.variations.pop(member.key, ()))
    with sessions.begin() as session:
        set_variations(session, variations)


def _member(r: SectionForClustering) -> Member:
    return Member(
        key=member_key(r),
        url=r.url,
        heading=r.heading,
        text=r.text,
        template_text=r.template_text,
        cities=r.cities,
        seen_at=r.seen_at,
    )


def _joined(heading: str, text: str) -> str:
    return f"{heading}\n{text}" if heading else text


# A scope learns from at most SAMPLE_PAGES of its pages (the lowest URL hashes, see
# ``storage.repository.host_sample``): learning holds those pages in memory, so its memory and time
# stop growing with the store. Every blind farm and labelled corpus here has fewer pages per host,
# so on them the sample is the whole host.
SAMPLE_PAGES = 1000
# Pages that arrive later are stripped with what the scope learned until it has RELEARN_GROWTH
# more pages than then; relearning re-strips all its pages, so the cost per page stays constant
# (as a growing array doubles). Until it holds SAMPLE_PAGES pages a scope relearns on every new page.
RELEARN_GROWTH = 0.2
RESTRIP_BATCH = 200  # documents read, re-stripped and written at a time


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
        due = [
            scope
            for scope, members in scopes.items()
            if pending.intersection(members) and _due(states.get(scope), host_page_count(session, members), full)
        ]
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


def _learn(
    sessions: sessionmaker[Session], scopes: dict[str, list[str]], due: list[str], states: dict[str, ScopeState]
) -> dict[str, ScopeState]:
    """Learn the ``due`` scopes from their samples and store what they learned.

    Furniture keys first (each scope from its own sample), then the known headings, from the
    samples stripped of every key that applies to them, as ``sitewide.learn_headings`` expects."""
    samples, pages, markup = {}, {}, {}
    with sessions() as session:
        for scope in due:
            stored = host_sample(session, scopes[scope], SAMPLE_PAGES)
            samples[scope] = [sitewide.before_strip(s.doc) for s in stored]
            pages[scope] = host_page_count(session, scopes[scope])
            markup[scope] = _markup(session, stored)
    keys = {
        scope: _scoped(
            scope,
            sitewide.learn(
                {doc.url: doc.paragraphs for doc in docs},
                starts_by_url={doc.url: sitewide.section_starts(segment(doc)) for doc in docs},
                html_by_url=markup[scope],
                only=scope,
            ),
        )
        for scope, docs in samples.items()
    }
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


def _markup(session: Session, stored: Sequence[StoredDocument]) -> dict[str, str]:
    """URL -> decoded HTML of the sample documents whose raw page is kept (``pipeline.siteblocks``
    learns the site's furniture from where its lines sit in the markup). Text inputs and pages
    that no longer decode have none."""
    raws = raw_bodies(session, [s.raw_page_id for s in stored if s.raw_page_id is not None])
    found = {}
    for s in stored:
        raw = raws.get(s.raw_page_id) if s.raw_page_id is not None else None
        if raw is None or raw[2] == "text":
            continue
        decoded = decode(Document(url=s.doc.url, raw=raw[0], headers=raw[1]))
        if decoded.ok and decoded.html:
            found[s.doc.url] = decoded.html
    return found


def _scoped(scope: str, keys: frozenset[str]) -> frozenset[str]:
    return frozenset(k for k in keys if k.startswith(scope + "\t"))


def _stripped(doc: Document, keys: frozenset[str]) -> Document:
    new = sitewide.strip(doc, keys)
    return resegment(new) if new is not doc else new


def _restrip(
    sessions: sessionmaker[Session], host: str, keys: frozenset[str], headings: frozenset[str], pending_only: bool
) -> int:
    """Strip the documents of ``host`` (all, or those not yet seen) with ``keys``, mark ``headings``,
    and write those whose text or headings changed, RESTRIP_BATCH at a time."""
    changed, last_id = 0, 0
    while True:
        with sessions() as session:
            batch = host_documents(session, [host], pending_only, last_id, RESTRIP_BATCH)
        if not batch:
            return changed
        last_id = batch[-1].id
        rewritten = [
            (new, stored.raw_page_id)
            for stored in batch
            if (new := _with_rules(stored.doc, keys, headings)) is not None
        ]
        with sessions.begin() as session:
            save_documents(session, rewritten, sitewide_pending=False)
            clear_sitewide_pending(session, [stored.id for stored in batch])
        changed += len(rewritten)


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


def _item(row: SectionForClustering) -> ClusterItem:
    return ClusterItem(key=member_key(row), text=row.template_text, simhash=row.simhash)


def reprocess_all(
    sessions: sessionmaker[Session],
    page_size: int = 200,
    on_page: Callable[[], None] | None = None,
    pool: PagePool | None = None,
) -> dict[str, int | float]:
    """Re-run every per-document stage from the newest raw page of each URL, then recluster.
    ``on_page`` is called after each page (progress display); ``pool``: see ``store_all``."""
    writer = BatchWriter(sessions, batch_size=page_size, force=True)
    raws = _stored_raws(sessions, page_size)
    store_all(writer, _each(raws, on_page) if on_page else raws, pool)
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

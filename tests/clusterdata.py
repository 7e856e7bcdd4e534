"""Clusters written for tests through the primitives the corpus step uses (``new_cluster``,
``join_cluster``, ``write_canonical``, ``set_variations``)."""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from sqlalchemy.orm import Session

from storage.repository import ClusterRecord, join_cluster, new_cluster, set_variations, write_canonical

# a cluster to store: its canonical entry, its member section ids, and section id -> variation
Cluster = tuple[ClusterRecord, Sequence[int], Mapping[int, str]]


def write_clusters(session: Session, clusters: Sequence[Cluster]) -> dict[str, int]:
    """Store each record as a cluster of its members (its representative the leader); returns
    key -> cluster id."""
    ids = {}
    for record, member_ids, variations in clusters:
        cluster_id = new_cluster(session, record.key, record.representative_id)
        join_cluster(session, cluster_id, list(member_ids))
        write_canonical(session, cluster_id, record, len(member_ids))
        set_variations(session, dict(variations))
        ids[record.key] = cluster_id
    return ids

"""Clusters written for tests through the primitives the corpus step uses (``new_cluster``,
``join_cluster``, ``write_canonical``, ``set_variations``), from ``ClusterRecord``s."""

from __future__ import annotations

from typing import Sequence

from sqlalchemy.orm import Session

from storage.repository import ClusterRecord, join_cluster, new_cluster, set_variations, write_canonical


def write_clusters(session: Session, records: Sequence[ClusterRecord]) -> dict[str, int]:
    """Store each record as a cluster of its ``member_ids`` (its representative the leader);
    returns key -> cluster id."""
    ids = {}
    for record in records:
        cluster_id = new_cluster(session, record.key, record.representative_id)
        join_cluster(session, cluster_id, list(record.member_ids))
        write_canonical(session, cluster_id, record, len(record.member_ids))
        set_variations(session, dict(record.variations))
        ids[record.key] = cluster_id
    return ids

"""Clustering: seed acceptance, index correctness, determinism."""

from __future__ import annotations

import random
import sys
from pathlib import Path

import numpy as np
import pytest

from pipeline.canonical import Member, build_canonical
from pipeline.cluster import (
    ClusterConfig,
    ClusterItem,
    SimhashBlockIndex,
    assign,
    cluster,
    connected_components,
)
from pipeline.fingerprint import simhash64
from pipeline.normalise import template_of

sys.path.insert(0, str(Path(__file__).parent / "data" / "cluster"))
from seed_blocks import seed_blocks  # noqa: E402

BALANCE = {"000-0", "001-0", "002-1"}
FAMILY = {"000-1", "002-0"}


@pytest.fixture(scope="module")
def seeds():
    return seed_blocks()


def items_of(blocks) -> list[ClusterItem]:
    out = []
    for b in blocks:
        text, _ = template_of(b["text"])
        out.append(ClusterItem(key=b["key"], text=text, simhash=simhash64(text)))
    return out


def groups(items, labels) -> list[set[str]]:
    by_label: dict[int, set[str]] = {}
    for item, label in zip(items, labels):
        by_label.setdefault(label, set()).add(item.key)
    return sorted(by_label.values(), key=lambda g: sorted(g))


def test_seed_clusters(seeds):
    items = items_of(seeds)
    found = groups(items, cluster(items))
    multi = [g for g in found if len(g) > 1]
    assert sorted(multi, key=sorted) == sorted([BALANCE, FAMILY], key=sorted)


def test_seed_clusters_do_not_depend_on_input_order(seeds):
    items = items_of(seeds)
    expected = groups(items, cluster(items))
    for seed in range(5):
        shuffled = items[:]
        random.Random(seed).shuffle(shuffled)
        assert groups(shuffled, cluster(shuffled)) == expected


def test_labels_point_at_representatives(seeds):
    items = items_of(seeds)
    labels = cluster(items)
    for i, label in enumerate(labels):
        assert labels[label] == label
        if label == i:
            continue
        assert items[label].key < items[i].key  # representative = first key of its cluster


def test_same_topic_other_wording_stays_apart(seeds):
    items = items_of(seeds)
    labels = cluster(items)
    by_key = {it.key: lab for it, lab in zip(items, labels)}
    lonely = ["000-2", "001-1", "003-0", "004-0", "004-1", "004-2"]
    for key in lonely:
        assert sum(1 for lab in labels if lab == by_key[key]) == 1, key


def test_first_cluster_template_is_masked(seeds):
    members = [
        Member(b["key"], b["url"], b["heading"], b["text"], template_of(b["text"])[0],
               template_of(b["heading"] + "\n" + b["text"])[1], "2025-06-05T17:29:34")
        for b in seeds if b["key"] in BALANCE
    ]
    canon = build_canonical(members)
    assert "{city}" in canon.template_text or "{city}" in canon.title
    for name in ("益阳", "嘉兴", "乌鲁木齐", "新疆"):
        assert name not in canon.template_text
        assert name not in canon.title


def test_assign_matches_existing_representatives(seeds):
    items = items_of(seeds)
    reps = [it for it in items if it.key in {"000-0", "000-1", "003-0"}]
    new = [it for it in items if it.key in {"001-0", "002-0", "004-1"}]
    got = dict(zip([it.key for it in new], assign(new, reps)))
    assert got == {"001-0": 0, "002-0": 1, "004-1": None}


def test_empty_and_tiny_inputs():
    assert cluster([]) == []
    one = [ClusterItem("a", "", 0)]
    assert cluster(one) == [0]
    assert assign(one, []) == [None]


def brute_pairs(hashes: np.ndarray, k: int) -> set[tuple[int, int]]:
    out = set()
    for i in range(len(hashes)):
        d = np.bitwise_count(hashes[i] ^ hashes[i + 1 :])
        out.update((i, i + 1 + int(j)) for j in np.flatnonzero(d <= k))
    return out


@pytest.mark.parametrize("k", [0, 1, 3, 5])
def test_block_index_finds_exactly_the_close_pairs(k):
    rng = np.random.default_rng(k)
    base = rng.integers(0, 2**64, size=300, dtype=np.uint64)
    flips = [np.uint64(1) << np.uint64(b) for b in rng.integers(0, 64, size=(300, k))] if k else []
    near = base.copy()
    for col in range(k):
        near ^= np.array([1 << int(b) for b in rng.integers(0, 64, size=300)], dtype=np.uint64)
    hashes = np.concatenate([base, near])
    index = SimhashBlockIndex(k).build(hashes)
    got = {tuple(p) for p in index.all_pairs().tolist()}
    assert got == brute_pairs(hashes, k)
    for i in range(0, 600, 37):
        expect = {j for j in range(600) if int(np.bitwise_count(hashes[i] ^ hashes[j])) <= k}
        assert set(index.query(int(hashes[i])).tolist()) == expect


def test_connected_components():
    labels = connected_components(6, np.array([[4, 5], [1, 4], [2, 3]]))
    assert labels.tolist() == [0, 1, 2, 2, 1, 1]

"""Group sections that come from one template (per-city copies of one text). Corpus level, pure.

Chain of small steps (as in text-dedup): fingerprints → candidate pairs → verification →
grouping → merging of clusters by consensus.

- Candidates come from three layers. (1) ``SimhashBlockIndex``: permuted-block (pigeonhole)
  tables over the 64-bit SimHash; finds every pair within ``k`` bits. (2) Keys of the masked
  sentences (their first and last ``min_sentence_chars`` characters: copies share many
  sentences verbatim once place names are masked, and a typo cannot touch both ends of a long
  sentence). (3) A bottom-k sketch of each text's shingle set (MinHash): edited copies whose
  every sentence changed still share some of their smallest shingle hashes. Keys shared by too
  many clusters are boilerplate and stop being keys.
- Verification is exact, on the masked text's script-aware shingles (character 3-grams of
  CJK runs, word 3-shingles of space-delimited runs; ``pipeline.fingerprint.token_runs``):
  containment |A∩B| / min(|A|, |B|) at least ``threshold``, a size-ratio guard so that a short
  text is not absorbed by a long one that happens to contain it, and a paragraph vote: more
  than half of the smaller text's paragraphs must be found in the other text. Containment
  alone weighs a long shared paragraph (an office tip under two different answers) by its
  length; the vote counts it once, against the answer paragraph that differs. None of the
  thresholds depends on the script. On the seeds, same-template pairs score 0.54–0.77 and
  every other pair at most 0.20; on the combined labelled corpus of bench/cluster_quality.py
  (demo gold + seeds + 44 hard negatives) the closest different-template pair, a structural
  clone on another subject (neg-skel-01), scores 0.33 against the 0.40 threshold.
- Grouping is leader clustering in key order: an item joins the most similar existing
  *representative* that passes verification, else it starts a cluster. Comparing with the
  representative (not with any member) prevents chaining A~B~C into one cluster when A and C are
  unrelated, and the key order (ties: smallest key) makes the result independent of the input
  order.
- Merging: copies edited apart can each fail against the one representative and start a second
  cluster of the same template, after which later copies split between the two. Clusters that
  share a candidate key and whose *consensus* (shingles in a majority of members, paragraphs
  cut down to them) passes the same verification are joined; labels stay the smallest key.
- Incremental use (winnow.service.corpus): ``assign(new, representatives)`` attaches new sections to stored
  clusters with the same candidates, verification and tie-break as ``cluster()``, then the
  unassigned rest is ``cluster()``-ed among itself. With each cluster's leader (the member its
  label points at) as the stored representative, this equals a from-scratch ``cluster()`` when
  the new keys sort after the old ones (tests/test_cluster.py: demo gold, 60 % then 40 %) and
  no merge by consensus was needed; a cluster that only consensus would join to a stored one
  stays apart until ``recluster(full=True)`` / ``winnow reprocess``.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from hashlib import blake2b
from itertools import combinations
from math import comb

import numpy as np

from pipeline.fingerprint import MASK64, feature_hashes, feature_lines, sentences


@dataclass(frozen=True)
class ClusterItem:
    key: str
    text: str  # template_text (normalised, places masked)
    simhash: int


@dataclass(frozen=True)
class ClusterConfig:
    # Pigeonhole candidates within k bits (``SimhashBlockIndex``; block count from n by
    # ``blocks_for``: k + 2 blocks, 10 tables of ~26-bit keys for k = 3, up to ~10M sections).
    # k = 3 catches near-exact copies cheaply; the sentence layer finds the rest (6–18 bits).
    k: int = 3
    # Containment of 3-gram sets needed to join a representative. Seeds: same template ≥ 0.54,
    # different ≤ 0.20; 0.40 sits in the gap with margin on both sides (sweep in the report).
    threshold: float = 0.40
    shingle: int = 3
    # |smaller| / |larger| shingle sets; a template copy with a few local extras stays > 0.5.
    min_size_ratio: float = 0.35
    # Sentences shorter than this are too generic (步骤, 操作步骤) to suggest a shared template.
    min_sentence_chars: int = 10
    # A sentence key seen in more clusters than this is boilerplate, not a template signal.
    max_key_clusters: int = 20
    # Bottom-k sketch: the k smallest shingle hashes of a text are candidate keys too. Two texts
    # with shingle Jaccard J share the minimum with probability J (MinHash), so at J >= 0.5 they
    # miss all of 4 only with probability < 1/16 per pair, and every member's keys point at its
    # cluster's representative, so a copy gets a chance per member. It finds edited copies whose
    # every sentence changed at both ends (no sentence key in common) and whose SimHash moved.
    sketch: int = 4
    # Texts with fewer distinct shingles are too short to judge; they stay singletons.
    min_shingles: int = 8
    # Paragraphs (lines) with fewer distinct shingles (``步骤:``, ``一、电话查询``) are sub-headings,
    # too short to count for or against a pair in the paragraph vote of ``verified``.
    min_paragraph_shingles: int = 4


# ---------------------------------------------------------------- SimHash block index


def _block_edges(blocks: int) -> list[tuple[int, int]]:
    """(shift, width) of each contiguous block, most significant first."""
    edges = [round(64 * i / blocks) for i in range(blocks + 1)]
    return [(a, b - a) for a, b in zip(edges, edges[1:], strict=False)][::-1]


def popcount64(values: np.ndarray) -> np.ndarray:
    return np.bitwise_count(values.astype(np.uint64))


def blocks_for(n: int, k: int) -> int:
    """Number of blocks for ``n`` fingerprints: more, longer keys as the corpus grows.

    A table whose key has b bits sorts n values and, for random fingerprints, yields about
    n²/2^(b+1) chance pairs that must be checked and thrown away. Cost model per table:
    n + 4·n²/2^(b+1) (a chance pair costs a few sort slots: gather, popcount, dedup). With
    C(blocks, k) tables, the cheapest block count is k + 2 (10 tables of ~26 bits for k = 3)
    up to ~10M fingerprints, then k + 3 (20 tables of ~32 bits), and so on, which keeps chance
    pairs a small, bounded fraction of n, i.e. the work near-linear.
    """

    def cost(blocks: int) -> float:
        tables = comb(blocks, k)
        key_bits = min(64 * (blocks - k) // blocks, 64 - max(1, (n - 1).bit_length()))
        return tables * (n + 4.0 * n * n / 2.0 ** (key_bits + 1))

    return min(range(k + 2, min(k + 6, 64) + 1), key=cost) if n > 1 else k + 2


class SimhashBlockIndex:
    """All pairs of 64-bit fingerprints within ``k`` bits, via sorted arrays + searchsorted.

    The 64 bits are cut into ``blocks`` contiguous blocks; each table keys on ``blocks - k`` of
    them. Two fingerprints within k bits differ in at most k blocks, so they share the key of at
    least one table (pigeonhole). Key length is a function of n (``blocks_for``) unless
    ``blocks`` is given. Each table is one sorted uint64 array of (key << idx_bits) | index:
    sorting values is ~2x faster than ``argsort`` and needs half the memory; the sort is cut
    into cache-sized pieces (:func:`_sort_by_prefix`), and ``all_pairs`` streams the tables
    (one in memory at a time). A key longer than the bits left
    beside the index is truncated, which only adds chance candidates (the popcount check stays
    exact).
    """

    def __init__(self, k: int = 3, blocks: int | None = None):
        if blocks is not None and blocks <= k:
            raise ValueError("need more blocks than k")
        self.k = k
        self.fixed_blocks = blocks
        self.blocks = blocks or k + 2
        self.hashes = np.zeros(0, dtype=np.uint64)
        self.idx_bits = 1
        self.tables: list[list[tuple[int, int]]] = []
        self._sorted: list[np.ndarray] | None = None
        self.last_candidates = self.last_verified = 0  # equal-key pairs seen / within k (last all_pairs)

    def build(self, hashes: Sequence[int] | np.ndarray) -> SimhashBlockIndex:
        self.hashes = np.ascontiguousarray(hashes, dtype=np.uint64)
        n = len(self.hashes)
        self.blocks = self.fixed_blocks or blocks_for(n, self.k)
        self.idx_bits = max(1, (n - 1).bit_length())
        edges = _block_edges(self.blocks)
        self.tables = [[edges[i] for i in chosen] for chosen in combinations(range(self.blocks), self.blocks - self.k)]
        self._sorted = None  # built on the first query; all_pairs does not need them
        return self

    @property
    def key_bits(self) -> list[int]:
        return [min(sum(w for _, w in t), 64 - self.idx_bits) for t in self.tables]

    def _keys(
        self,
        values: np.ndarray,
        table: list[tuple[int, int]],
        out: np.ndarray | None = None,
        scratch: np.ndarray | None = None,
    ) -> np.ndarray:
        """Compacted key of each value (chosen blocks side by side), truncated to fit the index."""
        key = np.zeros(len(values), dtype=np.uint64) if out is None else out
        part = np.empty_like(key) if scratch is None else scratch
        bits = 0
        for shift, width in table:  # in place: no 8 MB temporaries per step at 1M values
            np.right_shift(values, np.uint64(shift), out=part)
            np.bitwise_and(part, np.uint64((1 << width) - 1), out=part)
            if bits:
                np.left_shift(key, np.uint64(width), out=key)
                np.bitwise_or(key, part, out=key)
            else:
                key[:] = part
            bits += width
        spare = 64 - self.idx_bits
        if bits > spare:
            np.right_shift(key, np.uint64(bits - spare), out=key)
        return key

    def _packed(self, table: list[tuple[int, int]], scratch: np.ndarray | None = None) -> tuple[np.ndarray, np.ndarray]:
        """Sorted (key << idx_bits) | index of every stored value for one table, and the
        positions i whose key equals that of i + 1 (see :func:`_sort_by_prefix`)."""
        n = len(self.hashes)
        packed = np.empty(n, dtype=np.uint64)
        scratch = np.empty(min(n, CHUNK), dtype=np.uint64) if scratch is None else scratch
        shift = np.uint64(self.idx_bits)
        key_bits = min(sum(width for _, width in table), 64 - self.idx_bits)
        # the prefix is the key's top bits (all of a short key), so equal keys share it
        prefix_shift = np.uint64(self.idx_bits + key_bits - min(PREFIX_BITS, key_bits))
        counts = []
        for lo in range(0, n, CHUNK):  # chunks stay in the core's cache through every step
            hi = min(lo + CHUNK, n)
            part, spare = packed[lo:hi], scratch[: hi - lo]
            self._keys(self.hashes[lo:hi], table, part, spare)
            np.left_shift(part, shift, out=part)
            np.bitwise_or(part, np.arange(lo, hi, dtype=np.uint64), out=part)
            prefix = np.right_shift(part, prefix_shift, out=spare).astype(np.uint8)
            part[:] = part[np.argsort(prefix, kind="stable")]  # counting sort by prefix
            counts.append(np.bincount(prefix, minlength=1 << PREFIX_BITS))
        return _sort_by_prefix(packed, np.array(counts), self.idx_bits)

    def query(self, value: int) -> np.ndarray:
        """Indices of stored fingerprints within k bits of ``value``, ascending."""
        if len(self.hashes) == 0:
            return np.zeros(0, dtype=np.int64)
        if self._sorted is None:
            self._sorted = [self._packed(t)[0] for t in self.tables]
        v = np.array([value & MASK64], dtype=np.uint64)
        low_mask = (1 << self.idx_bits) - 1
        found = []
        for table, packed in zip(self.tables, self._sorted, strict=False):
            start = int(self._keys(v, table)[0]) << self.idx_bits
            lo, hi = (
                np.searchsorted(packed, np.uint64(start), "left"),
                np.searchsorted(packed, np.uint64(start | low_mask), "right"),
            )
            found.append(packed[lo:hi] & np.uint64(low_mask))
        cand = np.unique(np.concatenate(found)).astype(np.int64)
        return cand[popcount64(self.hashes[cand] ^ v[0]) <= self.k]

    def all_pairs(self) -> np.ndarray:
        """(m, 2) array of index pairs i < j within k bits, sorted and unique.

        A pair within k bits shares its key in several tables; it is kept only from the first
        of them (known from which blocks of the two values agree), so no global dedup is needed.
        """
        n = len(self.hashes)
        low_mask = np.uint64((1 << self.idx_bits) - 1)
        chunks = []
        self.last_candidates = self.last_verified = 0
        scratch = np.empty(min(n, CHUNK), dtype=np.uint64)
        first_table = self._first_tables()
        for t, table in enumerate(self.tables):
            packed, equal = self._packed(table, scratch)
            for a, b in _equal_key_pairs(packed, equal, self.idx_bits):
                a, b = (a & low_mask).astype(np.int64), (b & low_mask).astype(np.int64)
                diff = self.hashes[a] ^ self.hashes[b]
                close = popcount64(diff) <= self.k
                self.last_candidates += len(close)
                a, b, diff = a[close], b[close], diff[close]
                self.last_verified += len(a)
                own = first_table[self._agreeing_blocks(diff)] == t
                a, b = a[own], b[own]
                chunks.append(np.minimum(a, b) * n + np.maximum(a, b))
        if not chunks:
            return np.zeros((0, 2), dtype=np.int64)
        codes = np.sort(np.concatenate(chunks))
        return np.stack([codes // n, codes % n], axis=1)

    def _agreeing_blocks(self, diff: np.ndarray) -> np.ndarray:
        """Bit mask of the blocks (in :func:`_block_edges` order) where the two values agree."""
        mask = np.zeros(len(diff), dtype=np.int64)
        for position, (shift, width) in enumerate(_block_edges(self.blocks)):
            block = (diff >> np.uint64(shift)) & np.uint64((1 << width) - 1)
            mask |= (block == 0).astype(np.int64) << position
        return mask

    def _first_tables(self) -> np.ndarray:
        """For each agreeing-blocks mask, the first table whose blocks all agree (-1: none)."""
        edges = _block_edges(self.blocks)
        first = np.full(1 << self.blocks, -1, dtype=np.int64)
        for mask in range(1 << self.blocks):
            for t, table in enumerate(self.tables):
                if all(mask >> edges.index(edge) & 1 for edge in table):
                    first[mask] = t
                    break
        return first


CHUNK = 1 << 16  # values processed at a time by the streaming steps (fits a core's L2 cache)
PREFIX_BITS = 8  # the sort first partitions by this many top key bits ...
SLICE = 4096  # ... then sorts slices of whole partitions of about this many values


def _sort_by_prefix(packed: np.ndarray, counts: np.ndarray, idx_bits: int) -> tuple[np.ndarray, np.ndarray]:
    """``packed`` sorted, and the positions i whose key (value >> idx_bits) equals that of i + 1.

    On entry each CHUNK of ``packed`` is in order of its values' prefix (top key bits), with
    ``counts[chunk, prefix]`` values per group. The groups are gathered into global prefix
    order (runs of ~CHUNK / 256 contiguous values: cache-friendly); then each slice of whole
    prefix groups, about SLICE values, is sorted and searched for equal neighbours while it
    sits in cache. One big ``np.sort`` costs n·log n compare steps, mostly out of cache once n
    passes ~10^5; this keeps the per-value cost nearly flat as n grows (bench/cluster_bench.py).
    Equal keys share a prefix, so they never straddle two slices.
    """
    shift = np.uint64(idx_bits)
    if len(packed) <= SLICE:
        packed.sort()
        keys = packed >> shift
        return packed, np.flatnonzero(keys[1:] == keys[:-1])
    ordered = _gather_groups(packed, counts)
    equal, start = [], 0
    for end in _slice_ends(counts.sum(axis=0).cumsum().tolist()):
        part = ordered[start:end]
        part.sort()
        keys = part >> shift
        equal.append(np.flatnonzero(keys[1:] == keys[:-1]) + start)
        start = end
    return ordered, np.concatenate(equal)


def _slice_ends(group_ends: list[int]) -> list[int]:
    """Cut points among the prefix groups' ends for slices of about SLICE values each: a slice
    ends at the group end nearest to SLICE values, so slices keep one size whatever n is."""
    ends, start = [], 0
    for end, after in zip(group_ends, group_ends[1:] + [None], strict=False):
        if end == start:
            continue
        if after is None or end - start >= SLICE or (after - start) - SLICE > SLICE - (end - start):
            ends.append(end)
            start = end
    return ends


def _gather_groups(packed: np.ndarray, counts: np.ndarray) -> np.ndarray:
    """Chunk-wise prefix groups reordered prefix-major (all chunks' group 0, then group 1...)."""
    chunk_starts = np.arange(counts.shape[0], dtype=np.int64) * CHUNK
    sources = (chunk_starts[:, None] + np.cumsum(counts, axis=1) - counts).T.ravel()
    lengths = counts.T.ravel()
    targets = np.cumsum(lengths) - lengths
    index = np.repeat(sources - targets, lengths) + np.arange(len(packed), dtype=np.int64)
    return np.take(packed, index)


def _equal_key_pairs(packed: np.ndarray, equal: np.ndarray, idx_bits: int) -> Iterable[tuple[np.ndarray, np.ndarray]]:
    """Pairs of sorted packed entries with equal keys, from the positions ``equal`` whose
    neighbour has the same key: compare each with the one d places on while keys still match."""
    shift = np.uint64(idx_bits)
    pos = equal
    d = 1
    while len(pos):
        yield packed[pos], packed[pos + d]
        d += 1
        pos = pos[pos + d < len(packed)]
        pos = pos[(packed[pos + d] >> shift) == (packed[pos] >> shift)]


def connected_components(n: int, pairs: np.ndarray) -> np.ndarray:
    """Label = smallest index in each component (min-label propagation with pointer jumping)."""
    labels = np.arange(n, dtype=np.int64)
    if len(pairs) == 0:
        return labels
    a, b = pairs[:, 0], pairs[:, 1]
    while True:
        low = np.minimum(labels[a], labels[b])
        before = labels.copy()
        np.minimum.at(labels, a, low)
        np.minimum.at(labels, b, low)
        labels = labels[labels]  # pointer jumping: follow to the current root
        if np.array_equal(labels, before):
            return labels


# ---------------------------------------------------------------- verification features


@dataclass(frozen=True, eq=False)
class Shingled:
    """What verification compares: the text's shingle set, and the shingles of each paragraph
    (line) long enough to judge (``ClusterConfig.min_paragraph_shingles``).

    Paragraphs are kept as flat arrays (row = one shingle of one paragraph), so the paragraph
    vote of a pair is one ``searchsorted`` and one ``bincount`` instead of a set per paragraph.
    """

    ordered: np.ndarray  # uint64: the text's distinct shingles, sorted
    rows: np.ndarray  # uint64: the shingles of the judged paragraphs, paragraph by paragraph
    paragraph: np.ndarray  # int64: the paragraph (0 .. P-1) of each row
    sizes: np.ndarray  # int64 (P,): distinct shingles per judged paragraph

    @property
    def shingles(self) -> frozenset[int]:
        """The shingle set (as ``shingle_set``)."""
        return frozenset(self.ordered.tolist())

    @property
    def paragraphs(self) -> tuple[frozenset[int], ...]:
        """Each judged paragraph's shingle set (for tests and for ``consensus``)."""
        cuts = np.cumsum(self.sizes)[:-1]
        return tuple(frozenset(p.tolist()) for p in np.split(self.rows, cuts)) if len(self.sizes) else ()


def shingle_set(text: str, shingle: int = 3) -> frozenset[int]:
    """Hashes of the text's script-aware n-grams (``pipeline.fingerprint.feature_hashes``):
    character n-grams of CJK runs, word shingles of space-delimited runs."""
    return frozenset(feature_hashes(text, shingle).tolist())


def shingled(text: str, config: ClusterConfig) -> Shingled:
    """Shingles of the whole masked text and of each of its paragraphs (lines), in one pass.

    One sort by hash gives the sorted distinct shingles; a stable radix sort of that order by
    line number (16-bit) then gives each line's shingles, still sorted, so duplicates within a
    line are neighbours."""
    hashes, lines = feature_lines(text, config.shingle)
    by_hash = np.argsort(hashes)
    h = hashes[by_hash]
    distinct = np.ones(len(h), dtype=bool)
    distinct[1:] = h[1:] != h[:-1]
    line = np.minimum(lines[by_hash], 0xFFFF).astype(np.uint16)  # 65,535+ lines: one paragraph
    by_line = np.argsort(line, kind="stable")
    return Shingled(h[distinct], *_paragraph_rows(h[by_line], line[by_line], config.min_paragraph_shingles))


def _paragraph_rows(h: np.ndarray, line: np.ndarray, min_size: int) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """(rows, paragraph, sizes) of ``Shingled`` from shingles sorted by (line, hash) and their
    lines: distinct shingles per line, lines with fewer than ``min_size`` of them left out."""
    first = np.ones(len(h), dtype=bool)
    first[1:] = (h[1:] != h[:-1]) | (line[1:] != line[:-1])
    h, line = h[first], line[first]
    new_line = np.ones(len(line), dtype=bool)
    new_line[1:] = line[1:] != line[:-1]
    number = np.cumsum(new_line) - 1
    sizes = np.bincount(number) if len(number) else np.zeros(0, dtype=np.int64)
    judged = sizes >= min_size
    renumber = np.cumsum(judged) - 1
    keep = judged[number]
    return h[keep], renumber[number[keep]].astype(np.int64), sizes[judged].astype(np.int64)


def sentence_keys(text: str, min_chars: int = 10) -> set[int]:
    """Stable 64-bit hashes (blake2b, not the per-process salted ``hash``) of the first and of
    the last ``min_chars`` characters of every masked sentence at least that long; equal across
    processes and runs.

    Candidate keys, not evidence: equal sentences share both keys, and a sentence with one
    typo still shares one of them whenever it is at least ``2 * min_chars`` long (a typo
    cannot touch both ends), so a one-character edit does not hide a short near-duplicate whose
    SimHash moved more than ``k`` bits (a short text has few features, so each weighs a lot)."""
    keys = set()
    for s in sentences(text):
        if len(s) >= min_chars:
            for piece in ("<" + s[:min_chars], ">" + s[-min_chars:]):
                keys.add(int.from_bytes(blake2b(piece.encode("utf-8"), digest_size=8).digest(), "little"))
    return keys


def candidate_keys(text: str, features: Shingled, config: ClusterConfig) -> set[int]:
    """Sentence-end keys (``sentence_keys``) and the bottom-k sketch of the shingle set."""
    return sentence_keys(text, config.min_sentence_chars) | set(features.ordered[: config.sketch].tolist())


def similarity(a: frozenset[int], b: frozenset[int]) -> float:
    """Containment |A∩B| / min(|A|, |B|); 0 for empty sets."""
    if not a or not b:
        return 0.0
    return len(a & b) / min(len(a), len(b))


def size_ratio(a: frozenset[int], b: frozenset[int]) -> float:
    if not a or not b:
        return 0.0
    return min(len(a), len(b)) / max(len(a), len(b))


def matched_paragraphs(a: Shingled, b: Shingled, threshold: float) -> tuple[int, int]:
    """(paragraphs of the smaller text found in the other, paragraphs of the smaller text).

    A paragraph is found when at least ``threshold`` of its shingles occur anywhere in the other
    text, so reordered, split or merged paragraphs still count. The smaller text (fewer
    shingles) is the one judged, as containment judges it: a copy with local lines added is not
    held against its own additions."""
    small, large = (a, b) if len(a.ordered) <= len(b.ordered) else (b, a)
    if len(small.sizes) == 0 or len(large.ordered) == 0:
        return 0, len(small.sizes)
    hits = np.bincount(small.paragraph[_found_in(small.rows, large.ordered)], minlength=len(small.sizes))
    return int((hits >= threshold * small.sizes).sum()), len(small.sizes)


def _found_in(values: np.ndarray, ordered: np.ndarray) -> np.ndarray:
    """Which ``values`` occur in the sorted array ``ordered`` (boolean mask)."""
    at = np.minimum(np.searchsorted(ordered, values), len(ordered) - 1)
    return ordered[at] == values


def verified(a: Shingled, b: Shingled, config: ClusterConfig) -> float:
    """Similarity when the pair passes every check, else 0.

    Checks: both texts long enough to judge; sizes comparable; shingle containment at least
    ``threshold``; and more than half of the smaller text's paragraphs found in the other.
    The last one counts paragraphs, not characters, so one long shared paragraph (an office
    tip under two different answers, field case 19) is one vote against one, not a majority;
    and paragraphs of unrelated texts that share only common n-grams are not found at all.
    """
    small, large = sorted((a.ordered, b.ordered), key=len)
    if len(small) < config.min_shingles or len(small) < config.min_size_ratio * len(large):
        return 0.0
    sim = int(_found_in(small, large).sum()) / len(small)  # containment, as ``similarity``
    if sim < config.threshold:
        return 0.0
    found, total = matched_paragraphs(a, b, config.threshold)
    return sim if 2 * found > total or total == 0 else 0.0


# ---------------------------------------------------------------- clustering


def _simhash_neighbours(items: Sequence[ClusterItem], k: int) -> tuple[np.ndarray, np.ndarray]:
    """Near-duplicate fingerprint pairs as an adjacency list (CSR: ``neigh[start[i]:start[i+1]]``).

    Kept in numpy: copies of one template form dense cliques (500 copies, 125k pairs), and a
    Python dict of lists over those pairs cost seconds."""
    hashes = np.array([(it.simhash or 0) & MASK64 for it in items], dtype=np.uint64)
    pairs = SimhashBlockIndex(k).build(hashes).all_pairs().reshape(-1, 2).astype(np.int64)
    both = np.concatenate([pairs, pairs[:, ::-1]]) if len(pairs) else np.empty((0, 2), dtype=np.int64)
    both = both[np.argsort(both[:, 0], kind="stable")]
    start = np.searchsorted(both[:, 0], np.arange(len(items) + 1))
    return start, both[:, 1]


def cluster(items: Sequence[ClusterItem], config: ClusterConfig = ClusterConfig()) -> list[int]:
    """Label per item = index (into ``items``) of its cluster's representative."""
    n = len(items)
    order = sorted(range(n), key=lambda i: (items[i].key, i))
    shingles = [shingled(it.text, config) for it in items]
    start, neigh = _simhash_neighbours(items, config.k)
    labels = np.full(n, -1, dtype=np.int64)
    key_reps: dict[int, list[int]] = {}
    for i in order:
        found = labels[neigh[start[i] : start[i + 1]]]
        reps = set(np.unique(found[found >= 0]).tolist())
        keys = candidate_keys(items[i].text, shingles[i], config)
        for key in keys:
            reps.update(key_reps.get(key, ()))
        labels[i] = _best_rep(i, sorted(reps, key=lambda r: (items[r].key, r)), shingles, config)
        for key in keys:
            bucket = key_reps.setdefault(key, [])
            if len(bucket) <= config.max_key_clusters and labels[i] not in bucket:
                bucket.append(int(labels[i]))
    return _merge_by_consensus(items, labels, shingles, key_reps, config).tolist()


CONSENSUS_MEMBERS = 5  # members whose paragraphs make up a consensus (``consensus``)


def consensus(members: Sequence[Shingled], config: ClusterConfig) -> Shingled:
    """What a cluster's copies (in key order) agree on: the shingles found in a strict majority
    of them, and the paragraphs of the first ``CONSENSUS_MEMBERS`` cut down to those shingles
    (each distinct paragraph once).

    One member's local lines, typos and dropped paragraphs are not in the majority, so two
    clusters that are really one template (copies edited apart, split by the leader step)
    agree far more than any two of their members do; two different answers that share a tip
    still differ in every answer paragraph (the paragraph vote of ``verified`` rejects them)."""
    if len(members) == 1:
        return members[0]
    values, counts = np.unique(np.concatenate([m.ordered for m in members]), return_counts=True)
    ordered = values[2 * counts > len(members)]
    agreed = frozenset(ordered.tolist())
    paragraphs: list[frozenset[int]] = []
    seen: set[int] = set()
    # A paragraph of the majority is in most members, so the first few (in key order) nearly
    # always hold it; reading 5, not all, keeps a 500-copy cluster as cheap as a small one.
    for m in members[:CONSENSUS_MEMBERS]:
        for p in m.paragraphs:
            kept = p & agreed
            if len(kept) >= config.min_paragraph_shingles and len(kept - seen) >= config.threshold * len(kept):
                paragraphs.append(kept)
                seen |= kept
    rows = [np.fromiter(p, dtype=np.uint64, count=len(p)) for p in paragraphs]
    return Shingled(
        ordered,
        np.concatenate(rows) if rows else np.zeros(0, dtype=np.uint64),
        np.repeat(np.arange(len(rows), dtype=np.int64), [len(r) for r in rows]),
        np.array([len(r) for r in rows], dtype=np.int64),
    )


def _merge_by_consensus(
    items: Sequence[ClusterItem],
    labels: np.ndarray,
    shingles: Sequence[Shingled],
    key_reps: dict[int, list[int]],
    config: ClusterConfig,
) -> np.ndarray:
    """Join leader clusters whose consensus texts (``consensus``) pass ``verified``.

    The leader step compares a copy with one representative only; copies edited apart (a fifth
    of the lines dropped, local lines added, typos) can fail that one comparison and start a
    second cluster of the same template, after which later copies split between the two.
    Candidate pairs are clusters that share a candidate key; joins are transitive (connected
    components of the verified pairs), and each joined group is labelled by its smallest key,
    like a leader cluster."""
    members: dict[int, list[int]] = {}
    for i in sorted(range(len(items)), key=lambda i: (items[i].key, i)):  # key order: no input-order effect
        members.setdefault(int(labels[i]), []).append(i)
    agreed = {rep: consensus([shingles[i] for i in group], config) for rep, group in members.items()}
    pairs = {
        (a, b)
        for bucket in key_reps.values()
        if 1 < len(bucket) <= config.max_key_clusters
        for a in bucket
        for b in bucket
        if a < b
    }
    joined = [(a, b) for a, b in sorted(pairs) if verified(agreed[a], agreed[b], config)]
    if not joined:
        return labels
    component = connected_components(len(items), np.array(joined, dtype=np.int64))
    first: dict[int, int] = {}
    for i in sorted(range(len(items)), key=lambda i: (items[i].key, i)):
        first.setdefault(int(component[labels[i]]), i)
    return np.array([first[int(component[labels[i]])] for i in range(len(items))], dtype=np.int64)


def _best_rep(i: int, reps: Sequence[int], shingles: Sequence[Shingled], config: ClusterConfig) -> int:
    """Most similar verified representative; ``reps`` come in key order, so ties go to the smallest key."""
    best, best_sim = i, 0.0
    for rep in reps:
        sim = verified(shingles[i], shingles[rep], config)
        if sim > best_sim:
            best, best_sim = rep, sim
    return best


def assign(
    new_items: Sequence[ClusterItem],
    existing: Sequence[ClusterItem],
    config: ClusterConfig = ClusterConfig(),
    extra: Sequence[Iterable[int]] | None = None,
    shingles: Sequence[Shingled] | None = None,
) -> list[int | None]:
    """For each new item, the index (into ``existing``) of the matching representative, or None.

    Incremental clustering: ``existing`` are the representatives of clusters already stored,
    i.e. the member each cluster's label points at in ``cluster()`` (its first key); a new item
    joins the representative that ``cluster()`` would have chosen (same candidates, same
    verification, most similar wins, ties to the smallest representative key), and the items
    left as None are then clustered among themselves with ``cluster()``. An item whose key is
    already a representative's key (a re-processed section) maps to that representative. The
    answer does not depend on the order of either sequence.

    ``extra[i]``: the candidates (indices into ``existing``) for ``new_items[i]``, found by the
    caller through any member of a cluster (SimHash neighbours, stored candidate keys), as
    ``cluster()`` does; then the representatives are not indexed here, and only the candidates'
    texts are shingled (a store of many clusters is not re-read per call). Without it the
    candidates come from the representatives' own SimHash and keys. ``shingles[i]``:
    ``shingled(new_items[i].text)`` when the caller has it already.
    """
    if not existing or not new_items:
        return [None] * len(new_items)
    by_key = {e.key: r for r, e in sorted(enumerate(existing), key=lambda p: (p[1].key, p[0]), reverse=True)}
    found = extra if extra is not None else _representative_candidates(new_items, existing, config, shingles)
    rep_shingles: dict[int, Shingled] = {}
    out: list[int | None] = []
    for n, item in enumerate(new_items):
        if item.key in by_key:
            out.append(by_key[item.key])
            continue
        mine = shingles[n] if shingles is not None else shingled(item.text, config)
        best, best_sim = None, 0.0
        for r in sorted(set(found[n]), key=lambda r: (existing[r].key, r)):  # ties: smallest key, as cluster()
            if r not in rep_shingles:
                rep_shingles[r] = shingled(existing[r].text, config)
            sim = verified(mine, rep_shingles[r], config)
            if sim > best_sim:
                best, best_sim = r, sim
        out.append(best)
    return out


def _representative_candidates(
    new_items: Sequence[ClusterItem],
    existing: Sequence[ClusterItem],
    config: ClusterConfig,
    shingles: Sequence[Shingled] | None,
) -> list[set[int]]:
    """Per new item, the representatives within ``k`` bits of it or sharing a candidate key."""
    index = SimhashBlockIndex(config.k).build([(e.simhash or 0) & MASK64 for e in existing])
    key_reps: dict[int, list[int]] = {}
    for r, e in enumerate(existing):
        for key in candidate_keys(e.text, shingled(e.text, config), config):
            key_reps.setdefault(key, []).append(r)
    found = []
    for n, item in enumerate(new_items):
        cands = set(index.query((item.simhash or 0) & MASK64).tolist())
        mine = shingles[n] if shingles is not None else shingled(item.text, config)
        for key in candidate_keys(item.text, mine, config):
            bucket = key_reps.get(key, ())
            if len(bucket) <= config.max_key_clusters:
                cands.update(bucket)
        found.append(cands)
    return found

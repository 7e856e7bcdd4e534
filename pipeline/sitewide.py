"""Site-wide boilerplate learned from many pages of one host (CCNet-style line hashing).

Rule (what makes a line "site-wide"):

1. Lines are compared by a normalised key (whitespace and punctuation dropped, digits → 0,
   lower-cased), counted once per page, per host.
2. Pages of a host are first grouped into *templates*: a page joins the first group (pages in
   URL order, so the result does not depend on input order) whose first page shares >= 30 % of
   its line keys (Jaccard). Per-city copies of one article land in one group; unrelated
   articles of the same site share only their furniture and land in different groups.
3. A key is learned when it occurs on >= ``min_pages`` pages, in >= ``min_groups`` different
   template groups, and in >= ``min_share`` of all groups of the host. So a line shared only
   because pages are copies of one template is never learned, while a footer or statement that
   follows every article is.
4. Furniture sits at the edges of the text. A key whose occurrences are mostly in the middle of
   their pages (not in the first 2 or last 3 lines) is not learned: that protects paragraphs a
   content farm reuses across several of its templates ("步骤:", a stock "优点:…" line).
5. Furniture is stuck on to whatever article is there; template text comes with its own
   paragraphs. So a candidate's neighbouring text (the nearest line before it that is not itself
   a candidate, or for lines at the top, the nearest one after it; place names masked) must vary:
   if one neighbour accounts for more than half of its occurrences, the line is the end (or
   start) of a reused Q&A block, not furniture. Pages stitched from 1-3 blocks put a block's last
   lines at the page's end in many combinations, which rules 2-4 alone mistook for a footer.

``strip`` removes learned lines from a document (reason ``"sitewide"``).
"""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from dataclasses import replace
from typing import Mapping, Sequence
from urllib.parse import urlsplit

from pipeline.document import Document, Removed

TEMPLATE_JACCARD = 0.3
EDGE_HEAD = 2  # furniture left after extraction: bylines first, statements/disclaimers last
EDGE_TAIL = 3

_PUNCT_SPACE = re.compile(r"[\s\W_]+")
_DIGITS = re.compile(r"\d+")


def line_key(line: str) -> str:
    """Normalised form of a line used for counting (host-free)."""
    return _DIGITS.sub("0", _PUNCT_SPACE.sub("", line).lower())


def host_of(url: str) -> str:
    return (urlsplit(url).hostname or "").lower()


def learn(
    paragraphs_by_url: Mapping[str, Sequence[str]],
    min_pages: int = 3,
    min_share: float = 0.5,
    min_groups: int = 3,
) -> frozenset[str]:
    """Keys ``host + "\\t" + line_key`` of lines that recur across templates of one host."""
    by_host: dict[str, dict[str, list[str]]] = defaultdict(dict)
    for url in sorted(paragraphs_by_url):
        by_host[host_of(url)][url] = [line_key(p) for p in paragraphs_by_url[url] if line_key(p)]
    learned: set[str] = set()
    for host, pages in by_host.items():
        learned.update(f"{host}\t{key}" for key in _learn_host(pages, min_pages, min_share,
                                                                 min_groups))
    return frozenset(learned)


def strip(doc: Document, learned: frozenset[str]) -> Document:
    """Remove lines of ``doc`` whose host-scoped key was learned."""
    if not learned:
        return doc
    host = host_of(doc.url)
    kept: list[str] = []
    removed = list(doc.removed)
    for line in doc.paragraphs:
        if f"{host}\t{line_key(line)}" in learned:
            removed.append(Removed(line, "sitewide"))
        else:
            kept.append(line)
    if len(kept) == len(doc.paragraphs):
        return doc
    return replace(doc, paragraphs=tuple(kept), removed=tuple(removed))


def _learn_host(pages: dict[str, list[str]], min_pages: int, min_share: float,
                min_groups: int) -> set[str]:
    group_of = _template_groups(pages)
    total_groups = len(set(group_of.values()))
    pages_with: dict[str, int] = defaultdict(int)
    groups_with: dict[str, set[int]] = defaultdict(set)
    edge_hits: dict[str, int] = defaultdict(int)
    for url, keys in pages.items():
        last = len(keys) - 1
        seen: set[str] = set()
        for position, key in enumerate(keys):
            if key in seen:
                continue
            seen.add(key)
            pages_with[key] += 1
            groups_with[key].add(group_of[url])
            if position < EDGE_HEAD or last - position < EDGE_TAIL:
                edge_hits[key] += 1
    candidates = set()
    for key, count in pages_with.items():
        groups = len(groups_with[key])
        if (count >= min_pages and groups >= min_groups
                and groups >= min_share * total_groups and edge_hits[key] * 2 >= count):
            candidates.add(key)
    return {key for key in candidates if _stuck_on(key, pages, candidates)}


def _stuck_on(key: str, pages: dict[str, list[str]], candidates: set[str]) -> bool:
    """Rule 5: the text next to the line varies from page to page."""
    neighbours: Counter[str] = Counter()
    for keys in pages.values():
        if key in keys:
            neighbours[_neighbour(keys, keys.index(key), candidates)] += 1
    top = neighbours.most_common(1)[0][1]
    return top * 2 <= sum(neighbours.values())


def _neighbour(keys: list[str], position: int, candidates: set[str]) -> str:
    """Nearest non-candidate line before ``position`` (after it, for lines at the top)."""
    step = 1 if position < EDGE_HEAD else -1
    index = position + step
    while 0 <= index < len(keys) and keys[index] in candidates:
        index += step
    if not 0 <= index < len(keys):
        return "^" if step < 0 else "$"
    return _masked(keys[index])


def _masked(key: str) -> str:
    from pipeline.normalise import mask_places

    return mask_places(key)[0]


def _template_groups(pages: dict[str, list[str]]) -> dict[str, int]:
    """Greedy, order-independent (URLs sorted) grouping of pages by shared line keys."""
    leaders: list[set[str]] = []
    group_of: dict[str, int] = {}
    for url in sorted(pages):
        keys = set(pages[url])
        for number, leader in enumerate(leaders):
            union = len(keys | leader)
            if union and len(keys & leader) / union >= TEMPLATE_JACCARD:
                group_of[url] = number
                break
        else:
            group_of[url] = len(leaders)
            leaders.append(keys)
    return group_of

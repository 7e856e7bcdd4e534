"""One canonical entry per cluster of template copies. Pure.

The canonical section is the *medoid*: the member most similar to the rest of its cluster
(Jaccard of character 3-gram sets of the masked text, with intersections and unions summed
over the other members: sum|A∩B| / sum|A∪B|). A medoid is a real, readable member (a
synthesised "average" text would not be), and it is the copy with the fewest local additions
and omissions relative to the rest: extras of one city lower its similarity to every other copy.
Jaccard rather than containment, because containment would favour the shortest member (a
fragment is contained in everything). Summing before dividing ranks members like the mean
pairwise Jaccard but needs only each shingle's member count: O(total shingles) instead of
O(n²) set intersections, which took seconds for a 500-copy template. Ties go to the most
complete member (most shingles), then to the smallest key, so the choice is deterministic.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field, replace
from datetime import UTC, datetime

import numpy as np

from pipeline import memo
from pipeline.fingerprint import feature_hashes
from pipeline.normalise import canonical_cities, mask_places, normalise_text, template_of


@dataclass(frozen=True)
class Member:
    key: str
    url: str
    heading: str
    text: str
    template_text: str
    cities: tuple[str, ...]
    seen_at: str  # ISO 8601


@dataclass(frozen=True)
class Canonical:
    representative: str  # member key
    title: str  # the representative's heading with place names as {city}
    canonical_text: str
    template_text: str
    cities: tuple[str, ...]  # canonical prefecture-level names (pipeline.gazetteer.City.name)
    first_seen: str
    last_seen: str
    # member URLs in key order: ``build_canonical`` only (a builder fed in batches does not
    # hold a large cluster's URLs; the store joins them from the members, storage.repository)
    urls: tuple[str, ...] = ()
    # member key -> sentences it has beyond the template, other than place names (local
    # hotline, local app such as 随申办/粤省事); members with nothing extra are left out.
    variations: Mapping[str, tuple[str, ...]] = field(default_factory=dict)


_SENTENCE = re.compile(r"[^。！？!?\n]+[。！？!?]*")
_NOT_TEXT = re.compile(r"\W+")


def _template(member: Member) -> str:
    return member.template_text or template_of(member.text)[0]


def medoid(members: Sequence[Member], shingle: int = 3, prefer: str = "") -> int:
    """Index of the member most similar to the rest of the cluster (see module docstring). Of
    equally good members, the one whose key is ``prefer`` (the stored representative), else the
    smallest key."""
    sets = [np.unique(feature_hashes(_template(m), shingle)) for m in members]
    if len(sets) == 1:
        return 0
    every, counts = np.unique(np.concatenate(sets), return_counts=True)  # members per shingle
    sizes = np.array([len(hashes) for hashes in sets], dtype=np.float64)
    shared = np.array([counts[np.searchsorted(every, h)].sum() for h in sets], dtype=np.float64) - sizes
    union = sizes * (len(sets) - 1) + (sizes.sum() - sizes) - shared
    similarity = np.divide(shared, union, out=np.ones_like(shared), where=union > 0)
    return min(range(len(members)), key=lambda i: (-similarity[i], -sizes[i], members[i].key != prefer, members[i].key))


@memo.bounded(16_384)  # copies of one template repeat the same sentences; bounded: flat memory at scale
def sentence_key(sentence: str) -> str:
    """Comparison key of one sentence: normalised, places masked, punctuation dropped."""
    masked, _ = mask_places(normalise_text(sentence))
    return _NOT_TEXT.sub("", masked).lower()


def split_sentences(text: str) -> list[str]:
    return [s.strip() for s in _SENTENCE.findall(text or "") if s.strip()]


def variations_of(member: Member, template_keys: set[str]) -> tuple[str, ...]:
    """The member's sentences whose masked form is not in the template."""
    extra = []
    for sentence in split_sentences(member.text):
        key = sentence_key(sentence)
        if key and key not in template_keys:
            extra.append(sentence)
    return tuple(extra)


def _instant(seen_at: str) -> tuple[int, datetime | str]:
    """Sort key of an ISO 8601 timestamp: its instant (naive = UTC, so "+08:00" and "Z" compare
    correctly); text that does not parse sorts after every timestamp, by its text."""
    try:
        when = datetime.fromisoformat(seen_at.strip())
    except ValueError:
        return (1, seen_at)
    return (0, when if when.tzinfo else when.replace(tzinfo=UTC))


def build_canonical(members: Sequence[Member]) -> Canonical:
    """Canonical entry for one cluster; members are taken in key order."""
    members = sorted(members, key=lambda m: m.key)
    if not members:
        raise ValueError("a cluster has at least one member")
    entry = CanonicalBuilder(members[medoid(members)])
    for member in members:
        entry.add(member)
    return replace(entry.result(), urls=tuple(dict.fromkeys(m.url for m in members if m.url)))


def representative(members: Sequence[Member], incumbent: str = "") -> Member:
    """The medoid of ``members`` (taken in key order), as ``build_canonical`` chooses it; a tie
    goes to the member keyed ``incumbent``. Copies of a template that differ only in the place
    name tie, and the smallest key among them changes whenever a page arrives: keeping the stored
    representative keeps the entry (and every member's variation) as it was."""
    ordered = sorted(members, key=lambda m: m.key)
    return ordered[medoid(ordered, prefer=incumbent)]


class CanonicalBuilder:
    """A canonical entry built from its representative and then its members one at a time (in key
    order for the result of ``build_canonical``), so a cluster of any size is read in batches.

    ``seed`` an entry stored before (its cities and first/last seen) to add new members only.
    """

    def __init__(self, rep: Member) -> None:
        self.rep = rep
        self.template_keys = {sentence_key(s) for s in split_sentences(rep.text)}
        self.cities: dict[str, None] = {}
        self.first_seen = self.last_seen = ""
        self.variations: dict[str, tuple[str, ...]] = {}

    def seed(self, cities: Sequence[str], first_seen: str, last_seen: str) -> None:
        self.cities.update(dict.fromkeys(canonical_cities(cities)))
        for seen in (first_seen, last_seen):
            self._seen(seen)

    def add(self, member: Member) -> None:
        if member.key != self.rep.key and (extra := variations_of(member, self.template_keys)):
            self.variations[member.key] = extra
        names = member.cities or template_of(member.heading + "\n" + member.text)[1]
        self.cities.update(dict.fromkeys(canonical_cities(names)))
        self._seen(member.seen_at)

    def _seen(self, seen_at: str) -> None:
        if not seen_at:
            return
        if not self.first_seen or _instant(seen_at) < _instant(self.first_seen):
            self.first_seen = seen_at
        if not self.last_seen or _instant(seen_at) >= _instant(self.last_seen):
            self.last_seen = seen_at

    def result(self) -> Canonical:
        rep = self.rep
        return Canonical(
            representative=rep.key,
            title=mask_places(normalise_text(rep.heading))[0],
            canonical_text=rep.text,
            template_text=_template(rep),
            # canonical names (昆明 and 云南昆明 are one city), also for rows stored before they were
            cities=tuple(self.cities),
            first_seen=self.first_seen,
            last_seen=self.last_seen,
            variations=dict(self.variations),
        )

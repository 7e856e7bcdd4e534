"""Normalise section text into a template: NFKC, whitespace, noisy numbers, place names → {city}.

Content farms publish one text per city and per day; the city and the date are the parts that
change, so both are masked before fingerprinting. Place names come from ``pipeline.gazetteer``
and are found by a dictionary matcher (longest match, left to right) built lazily once. A name
counts only when its context confirms it: one that goes on as a street, estate, building or
school name (``中山路``, ``南京东路``, ``长沙花园``, ``中山大学``) is part of that name, not the city.

A section's ``cities`` are canonical prefecture-level names (``pipeline.gazetteer.City``):
``昆明`` and ``云南昆明`` are one city, ``赫山区`` counts as ``益阳``, and a province alone
(``甘肃``) is not a city. ``mask_places`` still returns the mentions as written.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Sequence
from dataclasses import replace
from functools import lru_cache

import numpy as np

from pipeline import memo
from pipeline.document import Document, Section
from pipeline.gazetteer import TRAP_WORDS, City, Place, city_of, name_places, name_table
from pipeline.textview import fold

CITY = "{city}"
DATE = "{date}"
TIME = "{time}"
NUM = "{num}"

# Dates and times vary per publication, not per template: 2025-06-05, 25年4月28日, 6月5日,
# (25/06/05), 17:29:34. Long digit runs (phone numbers, ids) vary per copy too; short numbers
# such as 12333 or "15~30个工作日" are content and stay.
_NOISE = re.compile(
    r"(?P<date>(?<!\d)\d{2,4}[-/.年]\d{1,2}[-/.月]\d{1,2}日?(?!\d)"
    r"|(?<!\d)\d{1,2}月\d{1,2}日"
    r"|(?<![\d/])\d{2}/\d{2}(?![\d/])"
    r"|(?<!\d)(?:19|20)\d{2}(?=年))"
    r"|(?P<time>(?<!\d)\d{1,2}:\d{2}(?::\d{2})?(?!\d))"
    r"|(?P<num>\d{6,})"
)
_TOKENS = {"date": DATE, "time": TIME, "num": NUM}
_SPACES = re.compile(r"[ \t\u3000\xa0]+")


def normalise_text(text: str) -> str:
    """NFKC (full-width → half-width), collapse spaces, drop empty lines, mask dates/long numbers."""
    text = _SPACES.sub(" ", unicodedata.normalize("NFKC", text or ""))  # one pass: no class holds a newline
    lines = (line.strip() for line in text.splitlines())
    text = "\n".join(line for line in lines if line)
    return _NOISE.sub(lambda m: _TOKENS[m.lastgroup or ""], text)  # every alternative is a named group


class _Matcher:
    """Longest-match, left-to-right dictionary matcher over place names and trap words.

    A numpy pass finds the positions whose first two characters begin some name (a few per
    cent of positions), then a dict lookup tries lengths longest first. Measured on a
    3,000-character section: ~0.1 ms, against ~1 ms for pyahocorasick (its root node has ~1,000
    children searched linearly, so every character costs ~0.3 µs) and ~4 ms for a trie regex.
    """

    def __init__(self, table: dict[str, bool]):
        self.table = table  # form -> True for a place, False for a trap word
        lengths: dict[int, set[int]] = {}
        for form in table:
            lengths.setdefault(_pair_key(form), set()).add(len(form))
        # the lengths of the names that start with a pair, longest first: two or three, where
        # trying every length of the whole table cost ~200 lookups a line
        self.lengths = {key: sorted(found, reverse=True) for key, found in lengths.items()}
        self.prefixes = np.unique(np.array(list(lengths), dtype=np.uint64))

    def spans(self, text: str) -> list[tuple[int, int]]:
        """(start, end) of each confirmed place name, longest match first, left to right."""
        if len(text) < 2 or not self.table:
            return []
        cp = np.frombuffer(text.encode("utf-32-le", "surrogatepass"), dtype=np.uint32).astype(np.uint64)
        pairs = (cp[:-1] << np.uint64(21)) | cp[1:]
        idx = np.searchsorted(self.prefixes, pairs)
        idx[idx == len(self.prefixes)] = 0
        candidates = np.flatnonzero(self.prefixes[idx] == pairs).tolist()
        found: list[tuple[int, int]] = []
        end = 0
        size = len(text)
        for start in candidates:
            if start < end:
                continue
            for length in self.lengths[_pair_key(text[start : start + 2])]:
                if start + length > size:  # a slice past the end would be shorter than length
                    continue
                is_place = self.table.get(text[start : start + length])
                if is_place is not None:
                    end = start + length
                    if is_place and not _goes_on_as_a_name(text, end):
                        found.append((start, end))
                    break
        return found


# What makes a place name part of a longer proper name: streets (中山路, 南京东路, 长安街), estates
# and buildings (龙泉苑, 长沙花园, 北京大厦), schools (中山大学). Matched on the folded view, so a
# full-width or ASCII page reads alike. Districts written as 东区/西区 are handled by the gazetteer
# (one-character stems are not names).
_NAME_GOES_ON = re.compile(
    r"[东西南北中]?(?:路|街|大街|大道|巷|弄|胡同|里弄)"
    r"|(?:苑|花园|家园|公园|广场|大厦|大楼|小区|新村|大学|学院|中学|小学)"
)


def _goes_on_as_a_name(text: str, end: int) -> bool:
    """Whether the characters after a match continue it as a street/estate/building/school."""
    return _NAME_GOES_ON.match(fold(text[end : end + 3])) is not None


def _pair_key(form: str) -> int:
    return (ord(form[0]) << 21) | ord(form[1])


@lru_cache(maxsize=1)
def _matcher() -> _Matcher:
    table = {form: False for form in TRAP_WORDS}
    table.update({form: True for form in name_table()})
    return _Matcher(table)


def _mentions(text: str) -> list[list[tuple[int, int]]]:
    """Place mentions, each the list of its adjacent name spans (广东 + 东莞 is one mention)."""
    mentions: list[list[tuple[int, int]]] = []
    for start, end in _matcher().spans(text):
        if mentions and mentions[-1][-1][1] == start:
            mentions[-1].append((start, end))
        else:
            mentions.append([(start, end)])
    return mentions


def find_places(text: str) -> list[tuple[int, int]]:
    """Non-overlapping (start, end) spans of place names; adjacent names merge (广东东莞)."""
    return _spans(_mentions(text))


def _spans(mentions: list[list[tuple[int, int]]]) -> list[tuple[int, int]]:
    return [(parts[0][0], parts[-1][1]) for parts in mentions]


def _consistent(place: Place, others: Sequence[Place]) -> bool:
    """Whether ``place`` lies inside every other named place (湖南 ⊃ 益阳 ⊃ 赫山区)."""
    for other in others:
        digits = {"province": 2, "prefecture": 4}.get(other.level, 12)
        if not place.adcode.startswith(other.adcode[:digits]):
            return False
    return True


def _resolve(names: list[str]) -> tuple[list[City], bool]:
    """Candidate cities of one mention given as its names, most specific name last; and whether
    the mention is settled (one city, or a province alone). ``云南昆明`` → [昆明]; ``鼓楼区``
    alone → the cities of every 鼓楼区 (to be settled by the rest of the text)."""
    table = name_places()
    last = table.get(names[-1], ())
    if not last:
        return [], True
    top = [p for p in last if p.level == last[0].level]  # the matcher's reading: highest level
    context = [table[n][0] for n in names[:-1] if n in table]
    fitting = [p for p in top if _consistent(p, context)] or top
    cities = list(dict.fromkeys(c for c in map(city_of, fitting) if c is not None))
    return cities, len(cities) <= 1


def cities_in(text: str) -> tuple[City, ...]:
    """Canonical cities of every place mention in (normalised) text, in order of first mention.

    A mention whose name is shared by several cities (``鼓楼区``: 南京, 福州, 徐州, 开封) takes
    the one the rest of the text names; if none is named, it counts for no city rather than a
    guessed one."""
    return _cities_of(text, _mentions(text))


def _cities_of(text: str, mentions: list[list[tuple[int, int]]]) -> tuple[City, ...]:
    settled: list[City] = []
    open_: list[list[City]] = []
    order: list[tuple[bool, int]] = []
    for parts in mentions:
        cities, sure = _resolve([text[a:b] for a, b in parts])
        if sure and cities:
            order.append((True, len(settled)))
            settled.append(cities[0])
        elif not sure:
            order.append((False, len(open_)))
            open_.append(cities)
    codes = {c.adcode for c in settled}
    out = []
    for sure, i in order:
        if sure:
            out.append(settled[i])
        else:
            named = [c for c in open_[i] if c.adcode in codes]
            if named:
                out.append(named[0])
    return tuple(dict.fromkeys(out))


@lru_cache(maxsize=20_000)
def canonical_city(name: str) -> str | None:
    """The canonical city of one stored name (``云南昆明`` → ``昆明``, ``赫山区`` → ``益阳``);
    None for a province alone or a name that resolves to no single city; a name the gazetteer
    does not know at all is kept as it is."""
    if not name:
        return None
    mentions = _mentions(name)
    if len(mentions) != 1 or mentions[0][0][0] != 0 or mentions[0][-1][1] != len(name):
        return name if not mentions else None
    cities = cities_in(name)
    return cities[0].name if cities else None


def canonical_cities(names: Iterable[str]) -> tuple[str, ...]:
    """Canonical names of stored city names, unique, in order (older rows stored mentions)."""
    return tuple(dict.fromkeys(c for c in map(canonical_city, names) if c))


def mask_places(text: str) -> tuple[str, tuple[str, ...]]:
    """Replace place names with ``{city}``; return the masked text and the names, in order, unique."""
    if not text:
        return "", ()
    spans = find_places(text)
    return _masked(text, spans), tuple(dict.fromkeys(text[start:end] for start, end in spans))


def _masked(text: str, spans: list[tuple[int, int]]) -> str:
    parts: list[str] = []
    pos = 0
    for start, end in spans:
        parts += [text[pos:start], CITY]
        pos = end
    parts.append(text[pos:])
    return "".join(parts)


def template_of(text: str) -> tuple[str, tuple[str, ...]]:
    """Normalised, masked text and the place names it mentions."""
    return mask_places(normalise_text(text))


def normalise_section(section: Section) -> Section:
    """Template text of the section; its cities: canonical names, heading first."""
    template, cities = _template_and_cities(section.heading, section.text)
    return replace(section, template_text=template, cities=cities)


# Site-wide stripping rebuilds the sections of a page after removing a line or two: most come
# back unchanged, so their templates are looked up, not computed again. Bounded: flat memory.
@memo.bounded(1024)
def _template_and_cities(heading: str, body: str) -> tuple[str, tuple[str, ...]]:
    text = normalise_text(body)
    mentions = _mentions(text)  # one matcher pass serves the mask and the cities
    template = _masked(text, _spans(mentions))
    cities = cities_in(normalise_text(heading)) + _cities_of(text, mentions)
    return template, tuple(dict.fromkeys(c.name for c in cities))


def normalise(doc: Document) -> Document:
    """Fill ``template_text`` and ``cities`` of every section; never raises on odd input."""
    try:
        sections = tuple(normalise_section(s) for s in doc.sections)
    except Exception as exc:  # a bad section must not stop the batch; keep the page, say why
        return doc.warn(f"normalise: {type(exc).__name__}: {exc}")
    return replace(doc, sections=sections)

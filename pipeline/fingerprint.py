"""64-bit SimHash of a section's template text, vectorised with numpy.

Features are character n-grams (default 2) of the masked text taken *within* sentences, so a
sentence moved elsewhere keeps its features, and place names are one placeholder character so
``益阳`` vs ``新疆乌鲁木齐`` does not change them. Each feature is hashed by ``feature_hash``: a
polynomial over its code points finished by the splitmix64 mixer; the same function runs over
whole numpy arrays here and one string at a time for the ``simhash`` package (the reference
implementation, used only in tests and benchmarks), so both give the same bits.

Speed: ``feature_hashes`` never builds Python feature strings. The text's code points are
classified (dropped / text / sentence end) through a lookup table derived from the very regexes
that ``sentences`` uses, so the two cannot drift, and the n-gram hashes of whole sentences are
computed over numpy arrays. Measured (bench/cluster_bench.py, best of 5 interleaved rounds):
~15x the ``simhash`` package on the 678-character seed sections, ~17x on demo-site sections
(~810 chars), ~33x on 3,000-character sections (the fixed per-call numpy overhead matters less
on long texts).

Storage helpers: SQLite's INTEGER is signed 64-bit, so values >= 2**63 are stored as signed
int64 (``to_signed``/``to_unsigned``) and split into 16-bit blocks for indexed lookups.
"""

from __future__ import annotations

import re
from dataclasses import replace
from functools import lru_cache

import numpy as np

from pipeline.document import Document, Section

# Character 2-grams: on the seeds, copies of one template are 6–13 bits apart and unrelated
# same-topic sections ≥ 17 (3-grams: 7–18 vs ≥ 26); DESIGN.md's city-swap probe also favoured 2.
SHINGLE = 2
MASK64 = (1 << 64) - 1
_MULT = 0x100000001B3  # FNV-64 prime: spreads each code point before the next one is added
_PLACEHOLDERS = {"{city}": "\ue000", "{date}": "\ue001", "{time}": "\ue002", "{num}": "\ue003"}
_PLACEHOLDER_RE = re.compile("|".join(re.escape(k) for k in _PLACEHOLDERS))
_SENTENCE_END = re.compile(r"[。！？!?；;\n]+")
_NOT_TEXT = re.compile(r"[^\w\ue000-\ue003\x00]+")  # punctuation and spaces carry no template signal
_SEP = "\x00"


def _mix(z: int) -> int:
    """splitmix64 finaliser on a Python int (reference for the numpy version)."""
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9 & MASK64
    z = (z ^ (z >> 27)) * 0x94D049BB133111EB & MASK64
    return z ^ (z >> 31)


def feature_hash(feature: str | bytes) -> int:
    """Unsigned 64-bit hash of one feature (accepts the UTF-8 bytes the simhash package passes)."""
    if isinstance(feature, bytes):
        feature = feature.decode("utf-8")
    return _mix(_poly([ord(ch) for ch in feature]))


def _poly(code_points: list[int]) -> int:
    z = len(code_points)
    for c in code_points:
        z = (z * _MULT + c + 1) & MASK64
    return z


def _mix_array(z: np.ndarray) -> np.ndarray:
    z = (z ^ (z >> np.uint64(30))) * np.uint64(0xBF58476D1CE4E5B9)
    z = (z ^ (z >> np.uint64(27))) * np.uint64(0x94D049BB133111EB)
    return z ^ (z >> np.uint64(31))


def sentences(text: str) -> list[str]:
    """Masked text → sentences of letters/digits/CJK only, placeholders as single characters."""
    text = _PLACEHOLDER_RE.sub(lambda m: _PLACEHOLDERS[m.group()], (text or "").lower())
    text = _NOT_TEXT.sub("", _SENTENCE_END.sub(_SEP, text.replace(_SEP, "")))  # one pass each
    return [p for p in text.split(_SEP) if p]


def simhash_features(text: str, shingle: int = SHINGLE) -> list[str]:
    """Character n-grams within each sentence; a sentence shorter than n is one feature."""
    feats: list[str] = []
    for s in sentences(text):
        if len(s) < shingle:
            feats.append(s)
        else:
            feats.extend(s[i : i + shingle] for i in range(len(s) - shingle + 1))
    return feats


_DROP, _TEXT, _END = 0, 1, 2  # character classes of ``sentences``: dropped, kept, sentence end


@lru_cache(maxsize=1)
def _bmp_classes() -> np.ndarray:
    """Class of every BMP code point, exactly as the regexes of ``sentences`` treat it."""
    chars = "".join(map(chr, range(0xD800))) + " " * 0x800 + "".join(map(chr, range(0xE000, 0x10000)))
    return _classify(chars)


def _classify(chars: str) -> np.ndarray:
    # one character in, one out: sentence ends -> _SEP (which _NOT_TEXT spares), dropped -> \x02
    ends = _SENTENCE_END.sub(lambda m: _SEP * len(m.group()), chars.replace(_SEP, "\x02"))
    kept = _NOT_TEXT.sub(lambda m: "\x02" * len(m.group()), ends)
    cp = np.frombuffer(kept.encode("utf-32-le", "surrogatepass"), dtype=np.uint32)
    return np.where(cp == 0, _END, np.where(cp == 2, _DROP, _TEXT)).astype(np.uint8)


def feature_hashes(text: str, shingle: int = SHINGLE) -> np.ndarray:
    """``feature_hash`` of every feature of ``simhash_features(text)``, as one uint64 array.

    Same features as ``simhash_features`` but without building them: the text's code points are
    classified (dropped / text / sentence end) by a lookup table, and the n-gram hashes are
    computed over whole arrays.
    """
    text = (text or "").lower()
    if "{" in text:
        for placeholder, char in _PLACEHOLDERS.items():
            text = text.replace(placeholder, char)
    cp = np.frombuffer(text.encode("utf-32-le", "surrogatepass"), dtype=np.uint32)
    if len(cp) == 0:
        return np.zeros(0, dtype=np.uint64)
    table = _bmp_classes()
    if cp.max() > 0xFFFF:  # rare (CJK extension B...): classify those characters one by one
        astral = cp > 0xFFFF
        cls = np.take(table, np.where(astral, 0, cp))
        cls[astral] = _classify("".join(chr(c) for c in cp[astral].tolist()))
    else:
        cls = np.take(table, cp)
    keep = np.flatnonzero(cls != _DROP)
    cp, is_text = cp[keep].astype(np.uint64), cls[keep] == _TEXT
    m = len(cp)
    parts = []
    if m >= shingle:
        n = m - shingle + 1
        with np.errstate(over="ignore"):  # the polynomial of _poly, one window per position
            z = cp[:n] + np.uint64((shingle * _MULT + 1) & MASK64)
            for j in range(1, shingle):
                z *= np.uint64(_MULT)
                z += cp[j : j + n]
                z += np.uint64(1)
        inside = is_text[:n].copy()  # windows inside one sentence: no sentence end in them
        for j in range(1, shingle):
            inside &= is_text[j : j + n]
        parts.append(z[inside])
    if shingle > 1:  # sentences shorter than the shingle are one feature each
        edges = np.flatnonzero(np.diff(np.concatenate(([False], is_text, [False])).astype(np.int8)))
        starts, stops = edges[::2], edges[1::2]
        short = np.flatnonzero(stops - starts < shingle)
        if len(short):
            parts.append(np.array([_poly(cp[starts[s] : stops[s]].tolist()) for s in short], dtype=np.uint64))
    if not parts:
        return np.zeros(0, dtype=np.uint64)
    with np.errstate(over="ignore"):
        return _mix_array(np.concatenate(parts) if len(parts) > 1 else parts[0])


def simhash_of_hashes(hashes: np.ndarray) -> int:
    """Bit j is set when more than half of the features have bit j set (as the simhash package)."""
    if len(hashes) == 0:
        return 0
    bits = np.unpackbits(hashes.astype("<u8").view(np.uint8), bitorder="little").reshape(-1, 64)
    # a float32 mat-vec is the fastest column sum here, and exact below 2**24 features
    counts = np.ones(len(bits), dtype=np.float32) @ bits.astype(np.float32)
    set_bits = np.packbits(counts * 2 > len(hashes), bitorder="little")
    return int(set_bits.view("<u8")[0])


def simhash64(text: str, shingle: int = SHINGLE) -> int:
    """Unsigned 64-bit SimHash of masked text."""
    return simhash_of_hashes(feature_hashes(text, shingle))


def reference_simhash(text: str, shingle: int = SHINGLE) -> int:
    """The same SimHash computed by the ``simhash`` package (slow; for tests and benchmarks)."""
    from simhash import Simhash  # untyped, unmaintained: kept behind this one function

    return Simhash(simhash_features(text, shingle), f=64, hashfunc=feature_hash).value


def hamming(a: int, b: int) -> int:
    return ((a ^ b) & MASK64).bit_count()


def to_signed(value: int) -> int:
    """Unsigned 64-bit → signed int64 (what SQLite can store)."""
    value &= MASK64
    return value - (1 << 64) if value >= 1 << 63 else value


def to_unsigned(value: int) -> int:
    """Signed int64 → unsigned 64-bit."""
    return value & MASK64


def blocks16(value: int) -> tuple[int, int, int, int]:
    """Four 16-bit blocks, most significant first."""
    value &= MASK64
    return tuple((value >> shift) & 0xFFFF for shift in (48, 32, 16, 0))  # type: ignore[return-value]


def from_blocks16(blocks: tuple[int, int, int, int]) -> int:
    a, b, c, d = blocks
    return (a << 48) | (b << 32) | (c << 16) | d


def fingerprint_section(section: Section, shingle: int = SHINGLE) -> Section:
    return replace(section, simhash=simhash64(section.template_text or section.text, shingle))


def fingerprint(doc: Document) -> Document:
    """Set ``simhash`` on every section; never raises on odd input."""
    try:
        sections = tuple(fingerprint_section(s) for s in doc.sections)
    except Exception as exc:  # keep the page flowing, say why
        return doc.warn(f"fingerprint: {type(exc).__name__}: {exc}")
    return replace(doc, sections=sections)

"""64-bit SimHash of a section's template text, vectorised with numpy.

Features are n-grams (default 2) of *tokens*, taken within runs of one kind of token inside one
sentence (``token_runs``). Scripts written without spaces (CJK, kana, Thai...) give one token
per character, so Chinese text gets character n-grams; space-delimited scripts (Latin,
Cyrillic, Greek, Hangul, digits) give one token per word, so English gets word shingles; a
mixed sentence (``在APP上登录``) is cut into runs of one kind each. Character n-grams of Latin
text are shared by any two long English texts (``the``, ``ing``), which made unrelated articles
look like copies of one template (issue 13); word shingles are not. A sentence moved elsewhere
keeps its features, and place names are one placeholder character so ``益阳`` vs
``新疆乌鲁木齐`` does not change them. Each feature is hashed by ``feature_hash``: a polynomial
over its token values (a character's code point; a word's ``_word_value``) finished by the
splitmix64 mixer; the same function runs over whole numpy arrays here and one string at a time
for the ``simhash`` package (the reference implementation, used only in tests and benchmarks),
so both give the same bits.

Speed: ``feature_hashes`` never builds Python feature strings. The text's code points are
classified (dropped / word letter / sentence end / character token) through a lookup table
derived from the very regexes that ``sentences`` uses, so the two cannot drift; every word's
value is computed at once (``np.add.reduceat``), and the n-gram hashes of whole runs are
computed over numpy arrays. Speed against the ``simhash`` package: bench/cluster_bench.py.

Storage helpers: SQLite's INTEGER is signed 64-bit, so values >= 2**63 are stored as signed
int64 (``to_signed``/``to_unsigned``) and split into 16-bit blocks for indexed lookups.
"""

from __future__ import annotations

import re
from dataclasses import replace
from functools import lru_cache

import numpy as np

from pipeline import memo
from pipeline.document import Document, Section

# Token 2-grams (character 2-grams on Chinese text): on the seeds, copies of one template are
# 6–13 bits apart and unrelated same-topic sections ≥ 17 (3-grams: 7–18 vs ≥ 26); DESIGN.md's
# city-swap probe also favoured 2.
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
    return _mix(_poly(_token_values(feature)))


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


# Character classes of the features: dropped (punctuation, spaces), a letter of a space-delimited
# script (part of a word), a sentence end, a character of a script written without spaces
# (each character is a token).
_DROP, _WORD, _END, _CHAR = 0, 1, 2, 3

# Scripts written without spaces between words: Han (with extensions and compatibility
# ideographs), kana, bopomofo, Thai, Lao, Tibetan, Myanmar, Khmer, and the place-name
# placeholders. Everything else that is a letter or digit belongs to a space-delimited word.
_CHAR_RANGES = (
    (0x0E00, 0x0EFF),
    (0x0F00, 0x0FFF),
    (0x1000, 0x109F),
    (0x1780, 0x17FF),
    (0x2E80, 0x2FDF),
    (0x3040, 0x30FF),
    (0x3100, 0x312F),
    (0x31A0, 0x31FF),
    (0x3400, 0x4DBF),
    (0x4E00, 0x9FFF),
    (0xE000, 0xE003),
    (0xF900, 0xFAFF),
    (0xFF66, 0xFF9F),
    (0x20000, 0x3FFFF),
)


def _mark_char_scripts(cls: np.ndarray, cp: np.ndarray) -> np.ndarray:
    """Turn _WORD into _CHAR for code points of scripts written without spaces."""
    no_space = np.zeros(len(cp), dtype=bool)
    for low, high in _CHAR_RANGES:
        no_space |= (cp >= low) & (cp <= high)
    return np.where((cls == _WORD) & no_space, _CHAR, cls).astype(np.uint8)


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
    cls = np.where(cp == 0, _END, np.where(cp == 2, _DROP, _WORD)).astype(np.uint8)
    original = np.frombuffer(chars.encode("utf-32-le", "surrogatepass"), dtype=np.uint32)
    return _mark_char_scripts(cls, original)


def _classes(cp: np.ndarray) -> np.ndarray:
    """Class of each code point of a text (lookup table; astral characters one by one)."""
    table = _bmp_classes()
    if len(cp) == 0 or cp.max() <= 0xFFFF:
        return np.take(table, cp)
    astral = cp > 0xFFFF  # rare (CJK extension B...)
    cls = np.take(table, np.where(astral, 0, cp))
    cls[astral] = _classify("".join(chr(c) for c in cp[astral].tolist()))
    return cls


def _class_of(char: str) -> int:
    return int(_classes(np.array([ord(char)], dtype=np.uint32))[0])


def _word_value(word: str) -> int:
    """64-bit token value of one word: sum of (code point + 1) · MULT^position, mixed.

    A sum of independent terms, so that ``feature_hashes`` can compute every word of a text at
    once with ``np.add.reduceat``; the position power keeps it order-sensitive."""
    total = sum((ord(ch) + 1) * pow(_MULT, i, 1 << 64) for i, ch in enumerate(word)) & MASK64
    return _mix((total + len(word)) & MASK64)


_POWERS = [np.ones(1, dtype=np.uint64)]  # MULT^0 .. MULT^k (mod 2^64), grown on demand


def _powers(n: int) -> np.ndarray:
    """MULT^i mod 2^64 for i < n."""
    if len(_POWERS[0]) < n:
        size = max(n, 2 * len(_POWERS[0]), 64)
        out = np.empty(size, dtype=np.uint64)
        out[0] = 1
        with np.errstate(over="ignore"):
            for i in range(1, size):
                out[i] = out[i - 1] * np.uint64(_MULT)
        _POWERS[0] = out
    return _POWERS[0][:n]


def _token_values(feature: str) -> list[int]:
    """Token values of one feature string: words (space-separated) or single characters."""
    if feature and _class_of(feature[0]) == _WORD:
        return [_word_value(w) for w in feature.split(" ")]
    return [ord(ch) for ch in feature]


def token_runs(text: str) -> list[list[str]]:
    """Masked text → runs of tokens, the unit within which features are taken.

    A token is one character of a script written without spaces (CJK...) or one word of a
    space-delimited script (Latin, Cyrillic, Greek, Hangul, digits...). A run is a stretch of one
    sentence whose tokens are all of one kind: ``在APP上登录`` is three runs (``在``, ``app``,
    ``上登录``), so each part of a mixed text gets the features of its own kind."""
    text = _PLACEHOLDER_RE.sub(lambda m: _PLACEHOLDERS[m.group()], (text or "").lower())
    if not text:
        return []
    cls = _classes(np.frombuffer(text.encode("utf-32-le", "surrogatepass"), dtype=np.uint32)).tolist()
    runs: list[list[str]] = []
    run: list[str] = []
    kind, in_word = _END, False
    for ch, c in zip(text, cls, strict=False):
        if c == _DROP:
            in_word = False
            continue
        if c != kind or c == _END:
            if run:
                runs.append(run)
            run, kind = [], c
        if c == _CHAR:
            run.append(ch)
        elif c == _WORD:
            if in_word:
                run[-1] += ch
            else:
                run.append(ch)
        in_word = c == _WORD
    if run:
        runs.append(run)
    return [r for r in runs if r]


def simhash_features(text: str, shingle: int = SHINGLE) -> list[str]:
    """Token n-grams within each run; a run shorter than n is one feature.

    Characters of CJK runs are concatenated (``医保``), words of space-delimited runs are
    joined by one space (``the quick``)."""
    feats: list[str] = []
    for run in token_runs(text):
        sep = " " if _class_of(run[0][0]) == _WORD else ""
        if len(run) < shingle:
            feats.append(sep.join(run))
        else:
            feats.extend(sep.join(run[i : i + shingle]) for i in range(len(run) - shingle + 1))
    return feats


def _tokens(text: str, with_lines: bool = True) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Token values (uint64), run ids (int64) and line numbers (int64; all 0 unless
    ``with_lines``) of a text, as ``token_runs`` cuts it (a line break ends a sentence, so no
    run spans two lines)."""
    text = (text or "").lower()
    if "{" in text:
        for placeholder, char in _PLACEHOLDERS.items():
            text = text.replace(placeholder, char)
    cp = np.frombuffer(text.encode("utf-32-le", "surrogatepass"), dtype=np.uint32)
    if len(cp) == 0:
        empty = np.zeros(0, dtype=np.int64)
        return np.zeros(0, dtype=np.uint64), empty, empty
    cls = _classes(cp)
    is_word = cls == _WORD
    word_start = is_word & ~np.concatenate(([False], is_word[:-1]))
    values = cp.astype(np.uint64)
    if is_word.any():
        values = _word_values(cp, is_word, word_start, values)
    # one entry per token (a CJK character or a word's first letter) and per sentence end
    at = np.flatnonzero((cls == _CHAR) | word_start | (cls == _END))
    kind = cls[at]
    new_run = np.ones(len(at), dtype=bool)
    new_run[1:] = (kind[1:] != kind[:-1]) | (kind[1:] == _END)
    run = np.cumsum(new_run)
    token = kind != _END
    at = at[token]
    # line breaks up to the token (a token is never one)
    line = np.cumsum(cp == 10)[at] if with_lines else np.zeros(len(at), dtype=np.int64)
    return values[at], run[token], line


def _word_values(cp: np.ndarray, is_word: np.ndarray, word_start: np.ndarray, values: np.ndarray) -> np.ndarray:
    """``values`` with ``_word_value`` of each word stored at the word's first letter."""
    letters = np.flatnonzero(is_word)
    starts_at = np.flatnonzero(word_start[letters])  # index into ``letters`` of each word start
    first = np.repeat(letters[starts_at], np.diff(np.append(starts_at, len(letters))))
    position = letters - first
    with np.errstate(over="ignore"):
        salted = (cp[letters].astype(np.uint64) + np.uint64(1)) * _powers(int(position.max()) + 1)[position]
        total = np.add.reduceat(salted, starts_at)
        lengths = np.diff(np.append(starts_at, len(letters))).astype(np.uint64)
        values[letters[starts_at]] = _mix_array(total + lengths)
    return values


def feature_hashes(text: str, shingle: int = SHINGLE) -> np.ndarray:
    """``feature_hash`` of every feature of ``simhash_features(text)``, as one uint64 array.

    Same features as ``simhash_features`` but without building them: code points are
    classified by a lookup table, words get their token value all at once, and the n-gram
    hashes of whole runs are computed over arrays.
    """
    return feature_lines(text, shingle, with_lines=False)[0]


def feature_lines(text: str, shingle: int = SHINGLE, with_lines: bool = True) -> tuple[np.ndarray, np.ndarray]:
    """``feature_hashes(text, shingle)`` and, for each feature, the number of the line it is on
    (0-based; features never span lines): one pass gives every paragraph's features."""
    values, run, line = _tokens(text, with_lines)
    m = len(values)
    if m == 0:
        return np.zeros(0, dtype=np.uint64), np.zeros(0, dtype=np.int64)
    parts, lines = [], []
    if m >= shingle:
        n = m - shingle + 1
        with np.errstate(over="ignore"):  # the polynomial of _poly, one window per position
            z = values[:n] + np.uint64((shingle * _MULT + 1) & MASK64)
            for j in range(1, shingle):
                z *= np.uint64(_MULT)
                z += values[j : j + n]
                z += np.uint64(1)
        inside = run[:n] == run[shingle - 1 :]  # runs are contiguous: both ends in one run
        parts.append(z[inside])
        lines.append(line[:n][inside])
    if shingle > 1:  # runs shorter than the shingle are one feature each
        edges = np.flatnonzero(np.diff(np.concatenate(([-1], run, [-1]))))
        starts, stops = edges[:-1], edges[1:]
        short = np.flatnonzero(stops - starts < shingle).tolist()
        if short:
            parts.append(np.array([_poly(values[starts[s] : stops[s]].tolist()) for s in short], dtype=np.uint64))
            lines.append(line[starts[short]])
    if not parts:
        return np.zeros(0, dtype=np.uint64), np.zeros(0, dtype=np.int64)
    with np.errstate(over="ignore"):
        return _mix_array(np.concatenate(parts)), np.concatenate(lines)


def simhash_of_hashes(hashes: np.ndarray) -> int:
    """Bit j is set when more than half of the features have bit j set (as the simhash package)."""
    if len(hashes) == 0:
        return 0
    bits = np.unpackbits(hashes.astype("<u8").view(np.uint8), bitorder="little").reshape(-1, 64)
    # a float32 mat-vec is the fastest column sum here, and exact below 2**24 features
    counts = np.ones(len(bits), dtype=np.float32) @ bits.astype(np.float32)
    set_bits = np.packbits(counts * 2 > len(hashes), bitorder="little")
    return int(set_bits.view("<u8")[0])


@memo.bounded(1024)  # sections rebuilt by site-wide stripping mostly repeat; bounded
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

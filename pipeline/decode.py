"""Bytes → str: pick the encoding a page really uses, not just the one it declares.

Order: BOM, HTTP ``Content-Type`` charset, ``<meta charset>`` / http-equiv, then detection.
A declaration is only trusted when the bytes decode strictly under it and the result does not
look like mojibake; Chinese sites often declare gb2312 while using GBK/GB18030 characters, say
utf-8 on a GBK body, or inherit a server default of ISO-8859-1.
"""

from __future__ import annotations

import codecs
import re
import zlib
from collections.abc import Mapping
from dataclasses import replace

from charset_normalizer import from_bytes

from pipeline.document import SKIPPED, Document

_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32-le"),  # before utf-16-le: it starts with the same two bytes
    (codecs.BOM_UTF32_BE, "utf-32-be"),
    (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)
_MAGIC = (
    (b"%PDF", "application/pdf"),
    (b"\x89PNG", "image/png"),
    (b"GIF8", "image/gif"),
    (b"\xff\xd8\xff", "image/jpeg"),
    (b"RIFF", "image/webp"),
    (b"PK\x03\x04", "application/zip"),
    (b"\x1f\x8b", "application/gzip"),
    (b"\x7fELF", "application/octet-stream"),
)
# Declared names that stand for a wider real encoding.
_ALIASES = {
    "gb2312": "gb18030",
    "gbk": "gb18030",
    "x-gbk": "gb18030",
    "gb_2312-80": "gb18030",
    "csgb2312": "gb18030",
    "cp936": "gb18030",
    "ms936": "gb18030",
    "windows-936": "gb18030",
    "euc-cn": "gb18030",
    "iso-8859-1": "windows-1252",
    "latin-1": "windows-1252",
    "latin1": "windows-1252",
    "us-ascii": "windows-1252",
    "ascii": "windows-1252",
    "utf8": "utf-8",
    "big5": "big5hkscs",
    "shift_jis": "cp932",
    "sjis": "cp932",
}
_SINGLE_BYTE = {"windows-1252", "cp1252", "iso-8859-15", "windows-1251", "koi8-r", "iso-8859-2"}
_HTML_TYPES = ("text/html", "application/xhtml", "text/plain", "text/xml", "application/xml")
_META_RE = re.compile(rb"""<meta[^>]+?charset\s*=\s*["']?\s*([a-zA-Z0-9_:.\-]+)""", re.IGNORECASE)
_HEADER_CHARSET_RE = re.compile(r"charset\s*=\s*[\"']?([a-zA-Z0-9_:.\-]+)", re.IGNORECASE)
_DAMAGED_SHARE = 0.001  # replacements tolerated in an otherwise clean UTF-8/GBK page
_MAX_REPLACEMENT_SHARE = 0.02  # above this a decode is considered wrong, not just damaged


def decode(doc: Document) -> Document:
    """Set ``html``, ``declared_encoding`` and ``encoding`` from ``raw`` and ``headers``."""
    raw = doc.raw
    if not raw:
        return doc.fail("empty body")
    content_type = _header(doc.headers, "content-type")
    if raw.startswith(GZIP_MAGIC) and _texty(content_type):
        raw, problem = _gunzip(raw)
        if problem:
            return doc.fail(problem)
        doc = replace(doc, raw=raw).warn("gzip-compressed body without Content-Encoding: unpacked")
    reason = _non_html_reason(raw, content_type)
    if reason:
        return doc.fail(reason, SKIPPED)
    declared = _declared(raw, content_type)
    text, used, note = _decode_bytes(raw, declared)
    doc = replace(doc, html=text, declared_encoding=declared, encoding=used)
    if note:
        doc = doc.warn(note)
    bad = text.count("\ufffd")
    if bad:
        doc = doc.warn(f"{bad} undecodable byte sequence(s) replaced with U+FFFD ({used})")
    return doc


GZIP_MAGIC = b"\x1f\x8b"
GZIP_MAX_BYTES = 4 * 1024 * 1024  # pipeline.limits.MAX_BYTES: what one page may unpack to


def _texty(content_type: str) -> bool:
    """Served as HTML or text (or with no type): a gzip body there is a page the server
    compressed without saying so (a .html.gz file, a cache serving stored gzip)."""
    mime = content_type.split(";", 1)[0].strip().lower()
    return not mime or mime.startswith(_HTML_TYPES) or mime.startswith("text/")


def _gunzip(raw: bytes) -> tuple[bytes, str]:
    """(the unpacked body, "") or (b"", why not: "bad gzip body: ..."): one layer, whole, at most
    ``GZIP_MAX_BYTES`` unpacked (a decompression bomb is refused, not unpacked)."""
    try:
        return gunzip_bounded(raw, GZIP_MAX_BYTES, complete=True, rounds=1), ""
    except ValueError as exc:
        return b"", f"bad gzip body: {exc}"


def gunzip_bounded(data: bytes, limit: int, complete: bool = False, rounds: int = 2) -> bytes:
    """``data`` unpacked while it starts with the gzip magic (twice at most: a gzip file sent with
    ``Content-Encoding: gzip`` by a server that compresses again); ``ValueError`` past ``limit``
    unpacked bytes (a decompression bomb) or on a damaged stream, and with ``complete`` on a
    stream cut short (a page must be whole; a sitemap's first part is still worth reading).
    ``rounds``: how many layers of gzip are unpacked at most."""
    for _ in range(rounds):
        if not data.startswith(GZIP_MAGIC):
            break
        unpacker = zlib.decompressobj(16 + zlib.MAX_WBITS)
        try:
            out = unpacker.decompress(data, limit + 1)
        except zlib.error as exc:
            raise ValueError(f"damaged gzip data: {exc}") from None
        if len(out) > limit or unpacker.unconsumed_tail:
            raise ValueError(f"larger than {limit} bytes unpacked")
        if complete and not unpacker.eof:
            raise ValueError("damaged gzip data: cut short")
        data = out
    if len(data) > limit:
        raise ValueError(f"larger than {limit} bytes")
    return data


def _header(headers: Mapping[str, str], name: str) -> str:
    for key, value in (headers or {}).items():
        if str(key).lower() == name:
            return value.decode("latin-1") if isinstance(value, bytes) else str(value)
    return ""


def _non_html_reason(raw: bytes, content_type: str) -> str:
    mime = content_type.split(";", 1)[0].strip().lower()
    if mime and not mime.startswith(_HTML_TYPES) and not mime.startswith("text/"):
        return f"non-html: {mime}"
    head = raw[:8]
    for magic, kind in _MAGIC:
        if head.startswith(magic):
            return f"non-html: {kind}"
    if not any(raw.startswith(bom) for bom, _ in _BOMS) and b"\x00" in raw[:4096]:
        return "non-html: binary body"
    return ""


def _normalise(name: str) -> str:
    name = name.strip().strip("\"'").lower()
    if not name:
        return ""
    name = _ALIASES.get(name, name)
    try:
        return codecs.lookup(name).name
    except LookupError:
        return ""


def _declared(raw: bytes, content_type: str) -> str:
    """The charset as declared (header first, then meta), lower-cased, not yet aliased."""
    match = _HEADER_CHARSET_RE.search(content_type)
    if match:
        return match.group(1).lower()
    meta = _META_RE.search(raw[:8192])
    if meta:
        return meta.group(1).decode("ascii", "ignore").lower()
    return ""


def _decode_bytes(raw: bytes, declared: str) -> tuple[str, str, str]:
    """Return (text, encoding used, warning or "")."""
    for bom, name in _BOMS:
        if raw.startswith(bom):
            return raw[len(bom) :].decode(name, "replace"), name, ""
    wanted = _normalise(declared)
    if declared and not wanted:
        note = f"unknown declared charset {declared!r}"
    else:
        note = ""
    if wanted and wanted != "utf-8" and not raw.isascii() and _strict(raw, "utf-8") is not None:
        # Multi-byte UTF-8 that is valid by accident under another charset practically never happens.
        return raw.decode("utf-8"), "utf-8", note or f"declared {declared} but decoded as utf-8"
    if wanted and wanted not in _SINGLE_BYTE:
        text = _strict(raw, wanted)
        if text is not None and not _looks_like_mojibake(text):
            return text, wanted, note
    elif wanted and raw.isascii():
        return raw.decode(wanted), wanted, note
    text, used = _detect(raw, wanted)
    if declared and used != wanted:
        note = note or f"declared {declared} but decoded as {used}"
    return text, used, note


def _detect(raw: bytes, fallback: str) -> tuple[str, str]:
    if fallback == "utf-8":
        # Declared UTF-8 with some damaged bytes: GB18030 accepts almost any byte string, so a
        # strict GB18030 read would "succeed" and turn every valid paragraph into mojibake.
        text = raw.decode("utf-8", "replace")
        bad = text.count("\ufffd")
        valid = len(_non_ascii(text, len(text))) - bad
        # GBK bytes read as UTF-8 are almost all U+FFFD; a damaged UTF-8 page is mostly valid.
        if valid > 0 and bad <= _DECLARED_UTF8_DAMAGE * (bad + valid) and _mostly_cjk_or_ascii(text):
            return text, "utf-8"
    # UTF-8 validity is a very strong signal; GB18030 next because that is what these sites use.
    for name in ("utf-8", "gb18030"):
        strict = _strict(raw, name)
        if strict is not None and (name == "utf-8" or _mostly_cjk(strict)):
            return strict, name
    if _isolated_high_bytes(raw):
        return raw.decode("windows-1252", "replace"), "windows-1252"
    # A few damaged sequences (a truncated character, one stray byte) in an otherwise clean
    # UTF-8/GBK page: keep that reading rather than a statistical guess at a legacy codepage.
    for name in ("utf-8", "gb18030"):
        text = raw.decode(name, "replace")
        bad = text.count("\ufffd")
        if bad <= max(3, _DAMAGED_SHARE * len(text)) and (name == "utf-8" and bad <= 3 or _mostly_cjk(text)):
            return text, name
    if fallback in _SINGLE_BYTE:
        return raw.decode(fallback, "replace"), fallback
    best = from_bytes(raw[:200_000]).best()
    if best is not None and best.encoding:
        name = _normalise(best.encoding) or best.encoding
        text = raw.decode(name, "replace")
        if text.count("\ufffd") <= _MAX_REPLACEMENT_SHARE * max(len(text), 1):
            return text, name
    return _least_damaged(raw, fallback)


_HIGH_RUN = re.compile(rb"[\x80-\xff]+")
_UTF8_CHAR = re.compile(rb"[\xc2-\xdf][\x80-\xbf]|[\xe0-\xef][\x80-\xbf]{2}|[\xf0-\xf4][\x80-\xbf]{3}")


def _isolated_high_bytes(raw: bytes) -> bool:
    """A legacy Western page (windows-1252 / latin-1, undeclared): its non-ASCII bytes are single
    accented letters and curly quotes between ASCII (runs of 1–2 bytes), none of them a valid
    UTF-8 sequence. GBK text comes in long even runs; damaged UTF-8 still has valid sequences.
    windows-1252 rather than latin-1: the two differ only in 0x80–0x9F, where latin-1 has
    control characters that no page means and windows-1252 has ’ “ ” — …
    """
    sample = raw[:200_000]
    runs = _HIGH_RUN.findall(sample)
    if not runs or any(_UTF8_CHAR.search(run) for run in runs):
        return False
    short = sum(1 for run in runs if len(run) <= 2)
    return short >= 0.9 * len(runs)


def _mostly_cjk_or_ascii(text: str) -> bool:
    return _mostly_cjk(text.replace("\ufffd", ""))


def _least_damaged(raw: bytes, fallback: str) -> tuple[str, str]:
    options = [n for n in (fallback, "utf-8", "gb18030") if n]
    decoded = [(raw.decode(n, "replace"), n) for n in options]
    return min(decoded, key=lambda pair: pair[0].count("\ufffd"))


def _strict(raw: bytes, name: str) -> str | None:
    try:
        return raw.decode(name)
    except (UnicodeDecodeError, LookupError):
        return None


_NON_ASCII = re.compile(r"[^\x00-\x7f]+")
_COMMON_CJK = re.compile("[\u4e00-\u9fff\u3000-\u303f\uff00-\uffef“”‘’…—·]+")
_DECLARED_UTF8_DAMAGE = 0.2  # share of non-ASCII characters that may be U+FFFD in a declared-UTF-8 page


def _non_ascii(text: str, limit: int = 20_000) -> str:
    # A regex, not a per-character loop: this runs on every page (it was ~1.6 ms of ~6).
    return "".join(_NON_ASCII.findall(text, 0, limit))


def _mostly_cjk(text: str) -> bool:
    """True when the non-ASCII characters are mostly common CJK ideographs and punctuation."""
    high = _non_ascii(text)
    if not high:
        return True
    common = len(high) - len(_COMMON_CJK.sub("", high))  # a C-speed count, not a Python loop
    return common >= 0.85 * len(high)


_LATIN1_LETTERS = re.compile("[\u00a0-\u00ff]")


def _looks_like_mojibake(text: str) -> bool:
    """UTF-8 or GBK bytes read as a single-byte charset: many Latin-1 letters like Ã, å, ä."""
    high = _non_ascii(text)
    if len(high) < 8:
        return False
    latin = len(_LATIN1_LETTERS.findall(high))
    return latin >= 0.5 * len(high)

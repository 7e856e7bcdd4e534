"""Bounds that keep one hostile page from costing more than a couple of seconds or a few
hundred MB, whatever it contains. Each bound that bites leaves a warning on the document.

- input: bodies over ``MAX_BYTES`` are cut before decoding (crawls already refuse >10 MiB);
- markup: lexbor's tree building is quadratic on huge runs of unclosed or deeply nested tags
  (20,000 unclosed ``<a><b><i>`` took > 2 minutes); such tag soup is read as plain text in
  linear time instead of being parsed;
- text: invisible characters that only serve spoofing (NUL, zero-width, bidi overrides) are
  removed, and text beyond ``MAX_CHARS`` (or ``MAX_PARAGRAPHS`` lines) is dropped before the
  per-character stages;
- sections: at most ``MAX_SECTIONS`` per page.
"""

from __future__ import annotations

import html as html_lib
import re
from dataclasses import replace

from pipeline.document import Document
from pipeline.extract import extract

MAX_BYTES = 4 * 1024 * 1024
MAX_CHARS = 500_000
MAX_PARAGRAPHS = 10_000
MAX_SECTIONS = 300
MAX_UNCLOSED = 20_000  # opening minus closing tags; ordinary pages stay in the hundreds

_VOID = "area|base|br|col|embed|hr|img|input|link|meta|param|source|track|wbr|p|li|td|tr|option"
_OPEN = re.compile(rb"<(?!/|!|\?|(?:%s)\b)[a-zA-Z]" % _VOID.encode())
_CLOSE = re.compile(rb"</[a-zA-Z]")
_INVISIBLE = re.compile("[\x00\u200b-\u200f\u202a-\u202e\u2060-\u2064\u2066-\u2069\ufeff]")
_BLOCK_BREAK = re.compile(r"<\s*/?\s*(?:p|div|br|li|tr|h[1-6]|table|section|article|td)\b[^>]*>", re.I)
_TAG = re.compile(r"<[^>]*>")
_SKIPPED = re.compile(r"<(script|style)\b.*?</\1\s*>", re.I | re.S)


def cap_input(doc: Document) -> Document:
    if len(doc.raw) > MAX_BYTES:
        cut = _safe_cut(doc.raw, MAX_BYTES)
        return replace(doc, raw=doc.raw[:cut]).warn(f"body cut to {cut} bytes")
    if len(doc.html) > MAX_BYTES:
        return replace(doc, html=doc.html[:MAX_BYTES]).warn(f"text cut to {MAX_BYTES} characters")
    return doc


def _safe_cut(data: bytes, limit: int) -> int:
    """A cut point at a line or tag end, so no multi-byte character is split."""
    for mark in (b"\n", b">"):
        cut = data.rfind(mark, 0, limit)
        if cut > limit // 2:
            return cut + 1
    return limit


def unclosed_tags(markup: str) -> int:
    data = markup.encode("utf-8", "surrogatepass")
    return len(_OPEN.findall(data)) - len(_CLOSE.findall(data))


def extract_bounded(doc: Document) -> Document:
    """``extract``, unless the markup is tag soup that would make the parser quadratic."""
    if doc.kind != "html" or unclosed_tags(doc.html) <= MAX_UNCLOSED:
        return extract(doc)
    return replace(doc, paragraphs=soup_paragraphs(doc.html)).warn("tag soup: read as text, not parsed")


def soup_paragraphs(markup: str) -> tuple[str, ...]:
    text = _BLOCK_BREAK.sub("\n", _SKIPPED.sub(" ", markup))
    text = html_lib.unescape(_TAG.sub(" ", text))
    return tuple(line for line in (" ".join(part.split()) for part in text.split("\n")) if line)


def scrub(doc: Document) -> Document:
    """Drop invisible spoofing characters; cap the text the per-character stages will see."""
    title = _INVISIBLE.sub("", doc.title)
    paragraphs = [p for p in (_INVISIBLE.sub("", p).strip() for p in doc.paragraphs[:MAX_PARAGRAPHS]) if p]
    if len(doc.paragraphs) > MAX_PARAGRAPHS:
        doc = doc.warn(f"{len(doc.paragraphs)} paragraphs: only the first {MAX_PARAGRAPHS} are kept")
    kept, size = [], 0
    for paragraph in paragraphs:
        if size + len(paragraph) > MAX_CHARS:
            kept.append(paragraph[: MAX_CHARS - size])
            doc = doc.warn(f"text cut to {MAX_CHARS} characters")
            break
        kept.append(paragraph)
        size += len(paragraph)
    return replace(doc, title=title, paragraphs=tuple(p for p in kept if p))


def cap_sections(doc: Document) -> Document:
    if len(doc.sections) <= MAX_SECTIONS:
        return doc
    return replace(doc, sections=doc.sections[:MAX_SECTIONS]).warn(
        f"{len(doc.sections)} sections: only the first {MAX_SECTIONS} are kept as sections"
    )

"""The per-document chain: decode → extract → clean → segment → normalise → fingerprint
(with the bounds of ``pipeline.limits`` around them).

Corpus-level steps (site-wide boilerplate, clustering, canonical entries) need many documents
and live in ``pipeline.cluster`` / ``pipeline.canonical`` / ``pipeline.sitewide``.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import replace

from pipeline.clean import clean
from pipeline.decode import decode
from pipeline.document import ERROR, Document
from pipeline.fingerprint import fingerprint
from pipeline.limits import cap_input, cap_sections, extract_bounded, scrub
from pipeline.normalise import normalise
from pipeline.parts import PARTS_HEADER, join_documents, part_urls, split_body
from pipeline.segment import segment

Stage = Callable[[Document], Document]
STAGES: tuple[Stage, ...] = (
    cap_input,
    decode,
    extract_bounded,
    scrub,
    clean,
    segment,
    cap_sections,
    normalise,
    fingerprint,
)
AFTER_DECODE = STAGES[STAGES.index(decode) + 1 :]
AFTER_CLEAN = STAGES[STAGES.index(clean) + 1 :]
UP_TO_CLEAN = STAGES[: STAGES.index(clean) + 1]


def resegment(doc: Document) -> Document:
    """Rebuild sections and fingerprints after the paragraphs changed (site-wide stripping)."""
    return run_stages(doc, AFTER_CLEAN)


def run_stages(doc: Document, stages: tuple[Stage, ...] = STAGES) -> Document:
    """Run each stage while the document is still ok; a stage that raises marks it as an error."""
    for stage in stages:
        if not doc.ok:
            break
        try:
            doc = stage(doc)
        except Exception as exc:  # a bug on one page must not stop the batch; it is recorded
            doc = doc.fail(f"{stage.__name__}: {type(exc).__name__}: {exc}", ERROR)
    return doc


def process(url: str, body: bytes | str, headers: Mapping[str, str] | None = None) -> Document:
    """Process one fetched HTML page (or a str already decoded). A body joined from the pages of
    one article (``pipeline.parts``) is processed page by page up to cleaning, then as one."""
    headers = dict(headers or {})
    urls = part_urls(headers)
    if len(urls) > 1 and isinstance(body, bytes):
        return _process_parts(url, body, headers, urls)
    if isinstance(body, str):
        doc = cap_input(Document(url=url, html=body, headers=headers, encoding="str"))
        return run_stages(doc, AFTER_DECODE)
    return run_stages(Document(url=url, raw=body, headers=headers))


def _process_parts(url: str, body: bytes, headers: dict[str, str], urls: list[str]) -> Document:
    own = {k: v for k, v in headers.items() if k.lower() != PARTS_HEADER}
    pages = split_body(body, len(urls))
    docs = [run_stages(Document(url=u, raw=raw, headers=own), UP_TO_CLEAN) for u, raw in zip(urls, pages, strict=False)]
    if not docs[0].ok:
        return replace(docs[0], url=url, raw=body, headers=headers)
    joined = join_documents(replace(docs[0], url=url, raw=body, headers=headers), docs[1:])
    return run_stages(joined, AFTER_CLEAN)


def process_text(url: str, text: bytes | str) -> Document:
    """Process plain text (no markup): the first non-empty line is the title."""
    warnings: tuple[str, ...] = ()
    encoding = "str"
    if isinstance(text, bytes):
        text, encoding, warnings = _decode_plain(text)
    doc = cap_input(Document(url=url, html=text, kind="text", encoding=encoding, warnings=warnings))
    return run_stages(doc, AFTER_DECODE)


def _decode_plain(data: bytes) -> tuple[str, str, tuple[str, ...]]:
    """Plain-text files carry no charset: try UTF-8, then GB18030 (a superset of GBK/GB2312)."""
    for encoding in ("utf-8-sig", "gb18030"):
        try:
            return data.decode(encoding), encoding, ()
        except UnicodeDecodeError:
            continue
    return data.decode("utf-8", errors="replace"), "utf-8", ("undecodable bytes replaced",)

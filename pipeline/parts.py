"""Articles split over several pages (``/a/100.html`` -> ``/a/100_2.html``, "下一页", ``rel=next``).

The crawler fetches every page of such an article and hands them over as one response: the
pages' bytes in page order, joined by ``PART_MARK``, with ``PARTS_HEADER`` naming each page's
URL. Kept like that in the store, byte for byte, so ``reprocess`` joins them the same way.
Here each page goes through decode/extract/clean on its own (each is a complete HTML page, with
its own title, byline and pager, which extraction strips), then the main texts are joined in
page order (lines an earlier page already holds are dropped: repeated furniture), and the
joined text is segmented and fingerprinted as one document.

Also the URL side, used by the crawler: which page of which article a URL is (``article_page``).
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import replace
from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

from pipeline.document import Document

PARTS_HEADER = "x-winnow-parts"  # space-separated URLs of the article's pages, page 1 first
PART_MARK = b"\n<!--winnow-part-->\n"
MAX_PARTS = 30  # pages joined into one article at most (a pager loop must end)

# /a/100_2.html, /a/100-2.html  |  /2024/05/post/2/, /post/page/2/  |  ?page=2, ?p=2
_NUMBERED_FILE = re.compile(r"^(?P<stem>.*?[^/_-])[_-](?P<n>\d{1,3})(?P<ext>\.(?:s?html?|php|aspx?|jsp))$", re.I)
_NUMBERED_DIR = re.compile(r"^(?P<stem>.*/)(?:page/)?(?P<n>\d{1,3})/?$", re.I)
_PAGE_PARAMS = ("page", "p", "pn", "pg", "pageno", "paged")


def article_page(url: str) -> tuple[str, int]:
    """(URL of the article's first page, this page's number): ``/a/100_2.html`` -> (``/a/100.html``,
    2), ``/post/page/3/`` -> (``/post/``, 3), ``/a?id=7&page=2`` -> (``/a?id=7``, 2); any other URL is
    page 1 of itself."""
    parts = urlsplit(url)
    query = parse_qsl(parts.query, keep_blank_values=True)
    numbered = [(k, v) for k, v in query if k.lower() in _PAGE_PARAMS and v.isdigit()]
    if numbered:
        rest = [(k, v) for k, v in query if (k, v) not in numbered]
        return urlunsplit((parts.scheme, parts.netloc, parts.path, urlencode(rest), "")), int(numbered[0][1])
    for pattern, join in ((_NUMBERED_FILE, "{stem}{ext}"), (_NUMBERED_DIR, "{stem}")):
        match = pattern.match(parts.path)
        if match and int(match["n"]) >= 2:
            path = join.format(**match.groupdict())
            if path.endswith("/page/"):
                path = path[: -len("page/")]
            return urlunsplit((parts.scheme, parts.netloc, path, parts.query, "")), int(match["n"])
    return url, 1


def join_bodies(bodies: Sequence[bytes]) -> bytes:
    return PART_MARK.join(bodies)


def split_body(raw: bytes, parts: int = MAX_PARTS) -> list[bytes]:
    """The pages of a joined body (at most ``parts``; a body without the mark is one page)."""
    return raw.split(PART_MARK, max(parts - 1, 0))


def part_urls(headers: Mapping[str, str]) -> list[str]:
    for key, value in headers.items():
        if str(key).lower() == PARTS_HEADER:
            return str(value).split()
    return []


def join_documents(first: Document, rest: Sequence[Document]) -> Document:
    """``first`` with the main text of the later pages appended in order (a later page's lines
    that an earlier page already holds are dropped: the same byline, a repeated notice)."""
    seen = set(first.paragraphs)
    paragraphs = list(first.paragraphs)
    headings = list(first.headings)
    removed = list(first.removed)
    warnings = list(first.warnings)
    for doc in rest:
        if not doc.ok:  # a page that failed adds nothing, and says so
            warnings.append(f"part {doc.url} not joined: {doc.error}")
            continue
        paragraphs += [p for p in doc.paragraphs if p not in seen]
        seen.update(doc.paragraphs)
        headings += [h for h in doc.headings if h not in headings]
        removed += doc.removed
        warnings += [w for w in doc.warnings if w not in warnings]
    return replace(
        first,
        paragraphs=tuple(paragraphs),
        headings=tuple(headings),
        removed=tuple(removed),
        warnings=tuple(warnings),
    )

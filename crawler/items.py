"""What spiders yield: the response as fetched, before any processing."""

from __future__ import annotations

from dataclasses import dataclass, field

# Headers the spider adds to a stored response (kept with the raw page, so `reprocess` sees them).
FETCHED_URL_HEADER = "x-winnow-fetched-url"  # the URL fetched, when a rel=canonical names the document
WARNING_HEADER = "x-winnow-warning"  # a crawl-side warning for the document (e.g. a canonical ignored)
RETRACT_HEADER = "x-winnow-retract"  # a URL this page was wrongly stored under earlier in the crawl
CLASSIFY = "classify"  # PageItem.kind: no site pattern decided; the store worker classifies the page


@dataclass
class PageItem:
    url: str
    status: int
    headers: dict[str, str] = field(default_factory=dict)
    body: bytes = b""
    error: str = ""  # set when the fetch itself failed (DNS, timeout, HTTP error, too large)
    kind: str = "page"  # page (store) | list (record only, never a document) | classify (the store worker decides)

    def __repr__(self) -> str:  # Scrapy logs every item at DEBUG: keep bodies out of the log
        return (
            f"PageItem(url={self.url!r}, status={self.status}, bytes={len(self.body)}, "
            f"kind={self.kind!r}, error={self.error!r})"
        )

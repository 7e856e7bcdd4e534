"""What spiders yield: the response as fetched, before any processing."""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass
class PageItem:
    url: str
    status: int
    headers: dict[str, str] = field(default_factory=dict)
    body: bytes = b""
    error: str = ""  # set when the fetch itself failed (DNS, timeout, HTTP error, too large)

    def __repr__(self) -> str:  # Scrapy logs every item at DEBUG: keep bodies out of the log
        return f"PageItem(url={self.url!r}, status={self.status}, bytes={len(self.body)}, error={self.error!r})"

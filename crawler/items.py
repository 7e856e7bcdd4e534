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

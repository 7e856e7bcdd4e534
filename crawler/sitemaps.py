"""Sitemaps, bounded: where they are declared, how they are unpacked, how much of them is read.

- Found at ``/sitemap.xml`` of each start host and in every ``Sitemap:`` line of every host's
  robots.txt; a ``<sitemapindex>`` nests further sitemaps, up to ``WINNOW_SITEMAP_MAX_DEPTH`` levels.
- A gzip file is recognised by its magic bytes, whatever the headers say: ``.xml.gz`` served
  as ``application/x-gzip`` without ``Content-Encoding`` (which Scrapy leaves compressed) and the
  same file served with ``Content-Encoding: gzip`` (which Scrapy has already unpacked once) both work.
- Bounds (Scrapy settings): ``WINNOW_SITEMAP_MAX_FILES`` sitemaps per crawl (500),
  ``WINNOW_SITEMAP_MAX_BYTES`` unpacked bytes per sitemap (50 MiB, the protocol's limit),
  ``WINNOW_SITEMAP_MAX_URLS`` URLs per crawl (200,000); what is over a bound is skipped and counted.
- ``<lastmod>`` is kept per URL: one signal of the re-crawl policy. A lastmod newer than our
  stored copy makes a page due again; an old, frozen or missing one never stops a request (see
  ``crawler.middlewares.StoredPagesMiddleware``).
"""

from __future__ import annotations

import logging
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from pipeline.decode import gunzip_bounded

log = logging.getLogger(__name__)


@dataclass
class SitemapBudget:
    max_files: int = 500
    max_bytes: int = 50 * 1024 * 1024
    max_urls: int = 200_000
    max_depth: int = 3
    files: int = 0
    urls: int = 0

    @classmethod
    def from_settings(cls, settings: Any) -> SitemapBudget:
        return cls(
            max_files=settings.getint("WINNOW_SITEMAP_MAX_FILES", 500),
            max_bytes=settings.getint("WINNOW_SITEMAP_MAX_BYTES", 50 * 1024 * 1024),
            max_urls=settings.getint("WINNOW_SITEMAP_MAX_URLS", 200_000),
            max_depth=settings.getint("WINNOW_SITEMAP_MAX_DEPTH", 3),
        )

    def body(self, raw: bytes) -> tuple[bytes, str]:
        """(the XML of a fetched sitemap, "") or (b"", why it is skipped)."""
        self.files += 1
        if self.files > self.max_files:
            return b"", f"more than {self.max_files} sitemaps in this crawl"
        try:
            return gunzip_bounded(raw, self.max_bytes), ""
        except ValueError as exc:
            return b"", str(exc)

    def entries(self, sitemap: Iterable[dict[str, Any]], where: str) -> Iterator[dict[str, Any]]:
        for entry in sitemap:
            if self.urls >= self.max_urls:
                log.warning("sitemap %s: stopped at the crawl's limit of %d sitemap URLs", where, self.max_urls)
                return
            self.urls += 1
            yield entry


def robots_sitemaps(robotparser: Any) -> list[str]:
    """The ``Sitemap:`` URLs of a parsed robots.txt (Scrapy's Protego parser keeps them)."""
    inner = getattr(robotparser, "rp", None)
    try:
        return [str(u) for u in getattr(inner, "sitemaps", ()) or ()]
    except Exception:  # another parser implementation, or a broken line: nothing to add
        return []


def parse_lastmod(text: str) -> datetime | None:
    """A sitemap ``<lastmod>`` (W3C datetime: ``2025-06-05``, ``2025-06-05T17:30:00+08:00``) as
    an aware UTC datetime; None when absent or unreadable (the page is then fetched as usual)."""
    text = (text or "").strip()
    if not text:
        return None
    try:
        when = datetime.fromisoformat(text.replace("Z", "+00:00"))
    except ValueError:
        return None
    if when.tzinfo is None:
        when = when.replace(tzinfo=UTC)
    return when.astimezone(UTC)

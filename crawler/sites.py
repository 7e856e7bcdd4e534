"""Per-site configuration, read from ``crawler/sites/<name>.toml`` (no Python needed per site)."""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

SITES_DIR = Path(__file__).parent / "sites"


class UnknownSite(ValueError):
    pass


@dataclass(frozen=True)
class SiteConfig:
    name: str = ""
    start_urls: tuple[str, ...] = ()
    allowed_hosts: tuple[str, ...] = ()
    article_pattern: str = ""  # regex on the URL path: pages to store
    list_pattern: str = ""  # regex on the URL path: pages only followed for links
    content_selector: str = ""  # CSS hint for the main content, when known
    settings: dict[str, Any] = field(default_factory=dict)  # Scrapy setting overrides

    def kind_of(self, path: str) -> str:
        """'article', 'list' or '' (unknown: the pipeline decides)."""
        if self.list_pattern and re.search(self.list_pattern, path):
            return "list"
        if self.article_pattern:
            return "article" if re.search(self.article_pattern, path) else "list"
        return ""


def available_sites() -> list[str]:
    return sorted(p.stem for p in SITES_DIR.glob("*.toml"))


def load_site(name: str) -> SiteConfig:
    path = SITES_DIR / f"{name}.toml"
    if not re.fullmatch(r"[\w-]+", name) or not path.is_file():
        raise UnknownSite(f"unknown site {name!r}; available: {', '.join(available_sites()) or 'none'}")
    data = tomllib.loads(path.read_text(encoding="utf-8"))
    site = data.get("site", {})
    return SiteConfig(
        name=name,
        start_urls=tuple(site.get("start_urls", ())),
        allowed_hosts=tuple(site.get("allowed_hosts", ())),
        article_pattern=site.get("article_pattern", ""),
        list_pattern=site.get("list_pattern", ""),
        content_selector=site.get("content_selector", ""),
        settings=dict(data.get("settings", {})),
    )


def run_key(site: str | None, start_urls: list[str] | tuple[str, ...]) -> str:
    """What identifies "the same crawl" for locking and resuming: the site, else its start hosts."""
    if site:
        return site
    from crawler.urls import host_port

    return ",".join(sorted({host_port(u) for u in start_urls}))

"""Per-site configuration: TOML files an operator keeps anywhere (no Python needed per site).

Where sites are found, first match wins:

1. ``--site-file PATH`` (any path; the site is named by ``[site] name``, else the file's stem);
2. the sites directory: ``WINNOW_SITES_DIR`` (several directories separated by ``os.pathsep``),
   else ``./sites/`` in the current directory;
3. the sites bundled with Winnow (``crawler/sites/*.toml``).

A site file::

    [site]
    name = "farm"                           # optional; default: the file name
    start_urls = ["https://www.example.cn/"]
    allowed_hosts = ["*.example.cn", "copy.example.com"]   # hosts or *.domain patterns
    article_pattern = '^/a/\\d+\\.html$'     # regex on the URL path: pages to store
    list_pattern = '^/(list/\\d+\\.html)?$'  # regex on the URL path: pages only followed
    content_selector = "div.content"

    [settings]                               # Scrapy setting overrides
    DOWNLOAD_DELAY = 1
"""

from __future__ import annotations

import os
import re
import tomllib
from collections.abc import Iterable, Mapping
from dataclasses import asdict, dataclass, field, replace
from pathlib import Path
from typing import Any

from crawler.urls import check_host_pattern

BUNDLED_DIR = Path(__file__).parent / "sites"
SITES_DIR = BUNDLED_DIR  # kept for callers of the old name
ENV_SITES_DIR = "WINNOW_SITES_DIR"
LOCAL_DIR = Path("sites")


class UnknownSite(ValueError):
    pass


class BadSiteFile(ValueError):
    """A site file that cannot be used as it is (the message says where and why)."""


@dataclass(frozen=True)
class SiteConfig:
    name: str = ""
    start_urls: tuple[str, ...] = ()
    allowed_hosts: tuple[str, ...] = ()  # host names and *.domain patterns
    article_pattern: str = ""  # regex on the URL path: pages to store
    list_pattern: str = ""  # regex on the URL path: pages only followed for links
    content_selector: str = ""  # CSS hint for the main content, when known
    settings: dict[str, Any] = field(default_factory=dict)  # Scrapy setting overrides
    source: str = ""  # the file it was read from ("" when built in code)

    def kind_of(self, path: str) -> str:
        """'article', 'list' or '' (no pattern given: the page's own evidence decides)."""
        if self.list_pattern and re.search(self.list_pattern, path):
            return "list"
        if self.article_pattern:
            return "article" if re.search(self.article_pattern, path) else "list"
        return ""

    def with_hosts(self, patterns: Iterable[str]) -> SiteConfig:
        """This site with more allowed hosts (``--allow-host``), each checked like the file's."""
        extra = tuple(_checked_hosts(patterns, "--allow-host"))
        return replace(self, allowed_hosts=tuple(dict.fromkeys(self.allowed_hosts + extra)))

    def to_dict(self) -> dict[str, Any]:
        """Plain JSON-able values (a distributed crawl hands the site to its workers this way)."""
        return asdict(self)

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> SiteConfig:
        known = {k: v for k, v in data.items() if k in cls.__dataclass_fields__}
        for key in ("start_urls", "allowed_hosts"):
            known[key] = tuple(known.get(key, ()))
        return cls(**known)


def sites_dirs() -> list[Path]:
    """Directories searched for ``NAME.toml``, in order (the bundled one last)."""
    configured = os.environ.get(ENV_SITES_DIR, "")
    dirs = [Path(p).expanduser() for p in configured.split(os.pathsep) if p] or [LOCAL_DIR]
    return [*dirs, BUNDLED_DIR]


def available_sites() -> list[str]:
    return sorted(site_sources())


def site_sources() -> dict[str, list[Path]]:
    """Every site name found, with the files that define it in search order: the first is used,
    the others are shadowed."""
    found: dict[str, list[Path]] = {}
    for directory in sites_dirs():
        if directory.is_dir():
            for path in sorted(directory.glob("*.toml")):
                found.setdefault(path.stem, []).append(path)
    return found


def load_site(name: str) -> SiteConfig:
    paths = site_sources().get(name) if re.fullmatch(r"[\w-]+", name) else None
    if not paths:
        where = ", ".join(str(d) for d in sites_dirs())
        raise UnknownSite(
            f"unknown site {name!r} (searched {where}); available: {', '.join(available_sites()) or 'none'}"
        )
    return load_site_file(paths[0], name=name)


def load_site_file(path: str | Path, name: str | None = None) -> SiteConfig:
    """Read and check one site file; ``BadSiteFile`` says what is wrong with it."""
    path = Path(path)
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise UnknownSite(f"no such site file: {path}") from None
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError) as exc:
        raise BadSiteFile(f"{path}: {exc}") from None
    return parse_site(data, name or str(data.get("site", {}).get("name") or path.stem), str(path.resolve()))


def parse_site(data: Mapping[str, Any], name: str, source: str = "") -> SiteConfig:
    site = data.get("site", {})
    config = SiteConfig(
        name=name,
        start_urls=tuple(site.get("start_urls", ())),
        allowed_hosts=tuple(_checked_hosts(site.get("allowed_hosts", ()), source or name)),
        article_pattern=site.get("article_pattern", ""),
        list_pattern=site.get("list_pattern", ""),
        content_selector=site.get("content_selector", ""),
        settings=dict(data.get("settings", {})),
        source=source,
    )
    for key in ("article_pattern", "list_pattern"):
        try:
            re.compile(getattr(config, key))
        except re.error as exc:
            raise BadSiteFile(f"{source or name}: {key} is not a valid regular expression: {exc}") from None
    return config


def _checked_hosts(patterns: Iterable[str], where: str) -> list[str]:
    out = []
    for pattern in patterns:
        try:
            out.append(check_host_pattern(str(pattern)))
        except ValueError as exc:
            raise BadSiteFile(f"{where}: {exc}") from None
    return out


def run_key(site: str | None, start_urls: list[str] | tuple[str, ...], allowed_hosts: Iterable[str] = ()) -> str:
    """What identifies "the same crawl" for locking, resuming and grouping stored documents:
    the site's name, else its start hosts and host patterns."""
    if site:
        return site
    from crawler.urls import host_port

    return ",".join(sorted({host_port(u) for u in start_urls} | set(allowed_hosts)))

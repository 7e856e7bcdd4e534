"""What the CLI and every command share: exit codes, ``UsageError``, parsing of option values.
Standard library only, so ``winnow --help`` stays instant."""

from __future__ import annotations

import argparse
from collections.abc import Sequence
from typing import Any
from urllib.parse import urlsplit

EXIT_OK, EXIT_FAILED, EXIT_USAGE, EXIT_LOCKED = 0, 1, 2, 75


class UsageError(Exception):
    """A mistake of the user's: printed as one line, exit code 2."""


def parse_settings(pairs: Sequence[str]) -> dict[str, Any]:
    """``-s KEY=VALUE`` options as a dict (values stay strings); UsageError on a malformed pair."""
    settings: dict[str, Any] = {}
    for pair in pairs:
        key, sep, value = pair.partition("=")
        if not sep or not key:
            raise UsageError(f"-s expects KEY=VALUE, got {pair!r}")
        settings[key.strip()] = value
    return settings


def check_start_url(url: str) -> str:
    """``url`` itself if it is an http(s) URL with a host, else UsageError."""
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise UsageError(f"not an http(s) URL: {url!r}")
    return url


def site_settings(site: str | None) -> dict[str, Any]:
    """The Scrapy settings of the named site file ({} for no site); UsageError when it is
    unknown or broken."""
    if not site:
        return {}
    from crawler.sites import load_site

    try:
        return load_site(site).settings
    except ValueError as exc:  # UnknownSite, BadSiteFile
        raise UsageError(str(exc)) from None


def site_config(args: argparse.Namespace) -> Any:
    """The crawl's site (``crawler.sites.SiteConfig``) from --site / --site-file / --allow-host
    (None when none is given); a missing or broken site file, or a bad host pattern, is a
    usage error."""
    from crawler.sites import SiteConfig, load_site, load_site_file

    site_file, allow = getattr(args, "site_file", None), getattr(args, "allow_host", [])
    if args.site and site_file:
        raise UsageError("give --site NAME or --site-file PATH, not both")
    if not (args.site or site_file or allow):
        return None
    try:
        config = load_site_file(site_file) if site_file else load_site(args.site) if args.site else SiteConfig()
        return config.with_hosts(allow)
    except ValueError as exc:  # UnknownSite, BadSiteFile
        raise UsageError(str(exc)) from None

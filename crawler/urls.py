"""URL canonicalisation and host checks (pure functions, shared by spider and middlewares)."""

from __future__ import annotations

import ipaddress
import re
from typing import Iterable
from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

TRACKING_PARAMS = (r"utm_\w+", "spm", "from", "fromsource", "share", "gclid", "fbclid", "wt\\.mc_id")
ALLOWED_SCHEMES = ("http", "https")


def tracking_pattern(params: Iterable[str] = TRACKING_PARAMS) -> re.Pattern[str]:
    return re.compile("^(?:" + "|".join(params) + ")$", re.IGNORECASE)


_DEFAULT_TRACKING = tracking_pattern()


def canonical_url(url: str, tracking: re.Pattern[str] = _DEFAULT_TRACKING) -> str:
    """Drop the fragment and tracking parameters, lower-case scheme and host, sort the query."""
    parts = urlsplit(url.strip())
    query = sorted((k, v) for k, v in parse_qsl(parts.query, keep_blank_values=True) if not tracking.match(k))
    netloc = (parts.hostname or "").lower()
    if parts.port and not _default_port(parts.scheme, parts.port):
        netloc += f":{parts.port}"
    path = parts.path or "/"
    return urlunsplit((parts.scheme.lower(), netloc, path, urlencode(query), ""))


def _default_port(scheme: str, port: int) -> bool:
    return (scheme, port) in (("http", 80), ("https", 443))


def host_of(url: str) -> str:
    return (urlsplit(url).hostname or "").lower()


def is_allowed(url: str, hosts: Iterable[str]) -> bool:
    """Same-host http(s) URLs only; the host must be one we were given, exactly."""
    parts = urlsplit(url)
    if parts.scheme.lower() not in ALLOWED_SCHEMES:
        return False
    host = (parts.hostname or "").lower()
    return bool(host) and host in {h.lower() for h in hosts} and not _forbidden_ip(host, hosts)


def _forbidden_ip(host: str, hosts: Iterable[str]) -> bool:
    """Link-local and cloud metadata addresses are never crawled, even if listed by mistake."""
    try:
        ip = ipaddress.ip_address(host)
    except ValueError:
        return False
    return ip.is_link_local or ip.is_multicast or ip.is_unspecified


def host_port(url: str) -> str:
    parts = urlsplit(url)
    host = (parts.hostname or "").lower()
    return f"{host}:{parts.port}" if parts.port else host

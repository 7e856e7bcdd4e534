"""URL canonicalisation and host checks (pure functions, shared by spider and middlewares)."""

from __future__ import annotations

import ipaddress
import re
import socket
from typing import Iterable
from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

from w3lib.url import safe_url_string

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
    """Same-host http(s) URLs only; the host must be one we were given, exactly.

    The URL is first normalised the way ``scrapy.Request`` does (w3lib, WHATWG rules), so the
    host checked is the host fetched: ``http://evil\\@allowed/`` is ``evil`` to Scrapy although
    ``urlsplit`` reads ``allowed``. URLs with userinfo are refused outright.
    """
    try:
        parts = urlsplit(safe_url_string(url))
    except (ValueError, TypeError):
        return False
    if parts.scheme.lower() not in ALLOWED_SCHEMES or "@" in parts.netloc:
        return False
    host = (parts.hostname or "").lower()
    return bool(host) and host in {h.lower() for h in hosts} and not _forbidden_ip(host, hosts)


def _forbidden_ip(host: str, hosts: Iterable[str]) -> bool:
    """Link-local and cloud metadata addresses are never crawled, even if listed by mistake.

    IPv4 is read as the system resolver reads it (inet_aton: ``2852039166``, ``0xa9fea9fe``,
    ``0251.0376.0251.0376`` are all 169.254.169.254), and IPv4-mapped IPv6 as its IPv4 address.
    """
    host = host.rstrip(".")
    try:
        ip: ipaddress.IPv4Address | ipaddress.IPv6Address = ipaddress.ip_address(host)
    except ValueError:
        try:
            ip = ipaddress.IPv4Address(socket.inet_aton(host))
        except OSError:
            return False
    if isinstance(ip, ipaddress.IPv6Address) and ip.ipv4_mapped is not None:
        ip = ip.ipv4_mapped
    return ip.is_link_local or ip.is_multicast or ip.is_unspecified or ip.is_reserved


def host_port(url: str) -> str:
    parts = urlsplit(url)
    host = (parts.hostname or "").lower()
    return f"{host}:{parts.port}" if parts.port else host

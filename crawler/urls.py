"""URL canonicalisation and host checks (pure functions, shared by spider and middlewares)."""

from __future__ import annotations

import ipaddress
import re
import socket
from collections.abc import Callable, Iterable
from typing import Any
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
    """http(s) URLs whose host is one we were given: exactly, or matching a ``*.domain`` pattern
    (see :func:`host_matches`).

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
    return bool(host) and host_matches(host, hosts) and not _forbidden_ip(host, hosts)


def host_matches(host: str, patterns: Iterable[str]) -> bool:
    """Is ``host`` (lower case, no port) one of ``patterns``?

    A pattern is a host name matched exactly (``example.cn``) or ``*.`` plus a domain, which
    matches every subdomain at any depth (``sz.example.cn``, ``a.b.example.cn``) but neither the
    domain itself (list it too when wanted) nor look-alikes (``evilexample.cn``). A wildcard never
    matches an IP address literal: numbers are not subdomains.
    """
    for pattern in patterns:
        pattern = pattern.lower()
        if pattern.startswith("*."):
            if host.endswith(pattern[1:]) and len(host) > len(pattern) - 1 and not is_ip_literal(host):
                return True
        elif host == pattern:
            return True
    return False


def is_ip_literal(host: str) -> bool:
    """True for an IPv4/IPv6 address (brackets allowed) or an all-digit dotted host."""
    try:
        ipaddress.ip_address(host.strip("[]"))
        return True
    except ValueError:
        return host.replace(".", "").isdigit()


def registrable_domain(host: str) -> str:
    """The domain a registrant owns (``sz.example.com.cn`` -> ``example.com.cn``), from the public
    suffix list bundled with ``tldextract`` (never fetched); the host itself for IP addresses,
    single-label names and hosts under no known suffix."""
    host = host.lower().rstrip(".")
    if is_ip_literal(host):
        return host
    parts = _EXTRACT(host)
    if parts.domain and parts.suffix:
        return f"{parts.domain}.{parts.suffix}"
    labels = host.split(".")
    return ".".join(labels[-2:]) if len(labels) >= 2 else host  # e.g. `.test`: no listed suffix


def _extractor() -> Callable[[str], Any]:
    import tldextract

    # suffix_list_urls=() : the snapshot shipped with the package, no network, no cache files.
    return tldextract.TLDExtract(suffix_list_urls=(), cache_dir=None, include_psl_private_domains=False)


class _LazyExtract:
    def __init__(self) -> None:
        self._impl: Callable[[str], Any] | None = None

    def __call__(self, host: str) -> Any:
        if self._impl is None:
            self._impl = _extractor()
        return self._impl(host)


_EXTRACT = _LazyExtract()


def check_host_pattern(pattern: str) -> str:
    """A host or ``*.domain`` pattern, lower-cased; ``ValueError`` (with the reason) when it is
    malformed or too broad: a wildcard over a public suffix (``*.com.cn``, ``*.cn``) or a bare ``*``
    would let a crawl wander over the whole web."""
    text = pattern.strip().lower().rstrip(".")
    base = text[2:] if text.startswith("*.") else text
    if not base or "*" in base or not re.fullmatch(r"[a-z0-9.-]+|\[[0-9a-f:.]+\]", base) or ".." in base:
        raise ValueError(f"bad host pattern {pattern!r}: use a host name or *.domain")
    if text.startswith("*."):
        if is_ip_literal(base):
            raise ValueError(f"bad host pattern {pattern!r}: a wildcard needs a domain, not an address")
        if "." not in base or _EXTRACT(base).suffix == base:
            raise ValueError(f"host pattern {pattern!r} is too broad: {base} is a public suffix")
    return text


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

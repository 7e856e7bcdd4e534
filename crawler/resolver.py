"""A DNS resolver with fixed answers for chosen host names (like ``curl --resolve``).

``WINNOW_RESOLVE`` maps host names or ``*.domain`` patterns to IP addresses; every other name is
resolved as Scrapy always does (``CachingThreadedResolver``). Enable it with
``TWISTED_DNS_RESOLVER = "crawler.resolver.MappedResolver"``. Uses: a staging copy of a site,
and the tests' multi-host farm, where many city subdomains are served by one local server::

    -s TWISTED_DNS_RESOLVER=crawler.resolver.MappedResolver -s "WINNOW_RESOLVE=*.farm.test=127.0.0.1"

The value is a dict or a comma-separated ``pattern=address`` string. An address that is
link-local, multicast, unspecified or reserved (cloud metadata endpoints) is refused at start:
a mapping must not become a way around the SSRF rules.
"""

from __future__ import annotations

import ipaddress
from collections.abc import Mapping, Sequence
from typing import Any

from scrapy.resolver import CachingThreadedResolver
from twisted.internet import defer
from twisted.internet.defer import Deferred

from crawler.urls import check_host_pattern, host_matches


def parse_mapping(value: str | Mapping[str, str] | None) -> dict[str, str]:
    """``{"*.farm.test": "127.0.0.1"}`` from a dict or ``"*.farm.test=127.0.0.1,x.test=127.0.0.2"``;
    ``ValueError`` for a malformed entry or a forbidden address."""
    if not value:
        return {}
    pairs = (
        value.items()
        if isinstance(value, Mapping)
        else (part.split("=", 1) for part in str(value).split(",") if part.strip())
    )
    mapping = {}
    for pair in pairs:
        if len(pair) != 2:
            raise ValueError(f"WINNOW_RESOLVE entries are pattern=address, got {pair!r}")
        pattern, address = check_host_pattern(pair[0]), str(pair[1]).strip()
        ip = ipaddress.ip_address(address)
        if ip.is_link_local or ip.is_multicast or ip.is_unspecified or ip.is_reserved:
            raise ValueError(f"WINNOW_RESOLVE refuses {address}: not a crawlable address")
        mapping[pattern] = address
    return mapping


class MappedResolver(CachingThreadedResolver):
    def __init__(self, reactor: Any, cache_size: int, timeout: float, mapping: Mapping[str, str] | None = None) -> None:
        super().__init__(reactor, cache_size, timeout)
        self.mapping = dict(mapping or {})

    @classmethod
    def from_crawler(cls, crawler: Any, reactor: Any) -> MappedResolver:
        resolver = super().from_crawler(crawler, reactor)  # Scrapy's cache size and DNS timeout
        resolver.mapping = parse_mapping(crawler.settings.get("WINNOW_RESOLVE"))
        return resolver

    def lookup(self, name: str) -> str | None:
        """The fixed address of ``name``, or None when it is resolved normally."""
        name = name.lower().rstrip(".")
        for pattern, address in self.mapping.items():
            if host_matches(name, [pattern]):
                return address
        return None

    def getHostByName(self, name: str, timeout: Sequence[int] = ()) -> Deferred[str]:  # noqa: N802 (Twisted)
        address = self.lookup(name)
        if address is not None:
            return defer.succeed(address)
        return super().getHostByName(name, timeout)

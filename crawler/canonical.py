"""When may a page's ``<link rel=canonical>`` name its document? Only when it is consistent.

A CMS template bug can make every article declare the home page (or one category page) as its
canonical URL; trusting it stores all articles under one URL, each overwriting the last. A
canonical other than the fetched URL is therefore used only when

- it stays on the fetched page's registrable domain (``sz.example.cn`` -> ``www.example.cn`` is
  fine, ``copy.example.com`` -> ``example.cn`` is not: a copier's claim proves nothing),
- it is not the site's home page (an article is never the home page),
- no page with different content already claims it, and it was not fetched itself with different
  content ("different content": another title / first heading, see ``page_identity``).

A claim found inconsistent only later (a second page with another title claims the same URL) makes
the first claimant's storage wrong: ``check`` then names that page, so the spider fetches it again
under its own URL and tells storage to retract the document stored under the canonical.
Memory: one entry per fetched page (a 64-bit hash of its identity) and per claimed canonical URL.
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urlsplit

from crawler.urls import host_of, registrable_domain

SHARED_REASON = "shared by pages with different content"
HOME_PATHS = re.compile(r"^/((index|default|home)\.(s?html?|php|aspx?|jsp))?$", re.IGNORECASE)


def page_identity(response: Any) -> int:
    """A 64-bit hash of what the page is about: its <title> and first <h1>, white space folded."""
    title = " ".join(response.css("title::text").getall())
    heading = " ".join(response.css("h1 ::text").getall()[:5])
    text = re.sub(r"\s+", " ", f"{title}\n{heading}").strip()
    return int.from_bytes(hashlib.blake2b(text.encode("utf-8"), digest_size=8).digest(), "big")


@dataclass
class _Claim:
    first: str  # the first page that claimed this canonical URL
    identity: int
    shared: bool = False


@dataclass
class CanonicalCheck:
    seen: dict[str, int] = field(default_factory=dict)  # fetched URL -> identity
    claims: dict[str, _Claim] = field(default_factory=dict)  # canonical URL -> first claim

    def check(self, fetched: str, target: str, identity: int) -> tuple[str, str, tuple[str, str] | None]:
        """(document URL, warning, (page to fetch again, canonical it was stored under) or None)."""
        self.seen[fetched] = identity
        redo = self._claimed_page_differs(fetched, identity)
        if target == fetched:
            return fetched, "", redo
        reason = self._problem(fetched, target, identity)
        if reason:
            return fetched, f"rel=canonical {target} ignored: {reason}", redo or self._redo(target)
        self.claims.setdefault(target, _Claim(fetched, identity))
        return target, "", redo

    def _problem(self, fetched: str, target: str, identity: int) -> str:
        if registrable_domain(host_of(target)) != registrable_domain(host_of(fetched)):
            return "another registrable domain"
        if HOME_PATHS.match(urlsplit(target).path or "/") and not HOME_PATHS.match(urlsplit(fetched).path or "/"):
            return "the site's home page"
        own = self.seen.get(target)
        if own is not None and own != identity:
            return "points at a page with different content"
        claim = self.claims.get(target)
        if claim is not None and (claim.shared or claim.identity != identity):
            claim.shared = True
            return SHARED_REASON
        return ""

    def _redo(self, target: str) -> tuple[str, str] | None:
        """The first claimant of a canonical now known to be shared, once."""
        claim = self.claims.get(target)
        if claim is None or not claim.shared or claim.first == "":
            return None
        first, claim.first = claim.first, ""
        return first, target

    def _claimed_page_differs(self, fetched: str, identity: int) -> tuple[str, str] | None:
        """The page at a claimed canonical URL was fetched itself, and is about something else."""
        claim = self.claims.get(fetched)
        if claim is None or claim.identity == identity:
            return None
        claim.shared = True
        return self._redo(fetched)

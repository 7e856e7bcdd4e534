"""Propose a site file from a sample of a site's pages (pure: URLs and page types in, text out).

``propose`` groups the sampled URLs by *shape* (the path with digit runs as ``\\d+`` and long slugs
as ``[^/]+``), labels each shape by the page types seen under it, and proposes

- ``article_pattern``: the shapes whose pages were all articles (a shape mixing articles and lists
  proposes no patterns at all: the crawl then classifies every page itself);
- ``list_pattern``: the shapes whose pages were lists (documentation: with an ``article_pattern``
  every other URL is followed but not stored anyway);
- ``allowed_hosts``: ``*.domain`` when two or more subdomains of one registrable domain were
  seen (plus the domain itself when it served pages), else the hosts themselves.
"""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from urllib.parse import urlsplit

from crawler.urls import is_ip_literal, registrable_domain

_DIGITS = re.compile(r"\d+")
_SLUG = re.compile(r"^[\w-]{16,}(\.\w+)?$")


@dataclass(frozen=True)
class Proposal:
    name: str
    start_url: str
    allowed_hosts: tuple[str, ...]
    article_pattern: str
    list_pattern: str
    shapes: dict[str, Counter[str]] = field(default_factory=dict)  # shape -> page types seen
    other_domains: dict[str, int] = field(default_factory=dict)  # linked, not included: domain -> links
    notes: tuple[str, ...] = ()


def shape_of(path: str) -> str:
    """``/a/1234.html`` -> ``^/a/\\d+\\.html$``; ``/`` -> ``^/$``."""
    segments = []
    for segment in (path or "/").split("/"):
        if _SLUG.match(segment) and not segment.isdigit():
            suffix = segment[segment.rfind(".") :] if "." in segment else ""
            segments.append("[^/]+" + re.escape(suffix))
        else:
            segments.append("\\d+".join(re.escape(p) for p in _DIGITS.split(segment)))
    return "^" + "/".join(segments) + "$"


def propose(start_url: str, samples: Iterable[tuple[str, str]], linked_hosts: Iterable[str] = ()) -> Proposal:
    """``samples``: (URL, page type) of every sampled page; ``linked_hosts``: hosts of links seen."""
    shapes: dict[str, Counter[str]] = defaultdict(Counter)
    hosts: Counter[str] = Counter()
    for url, kind in samples:
        parts = urlsplit(url)
        shapes[shape_of(parts.path)][kind] += 1
        hosts[(parts.hostname or "").lower()] += 1
    start_host = (urlsplit(start_url).hostname or "").lower()
    allowed = _allowed_hosts(start_host, hosts)
    notes = []
    mixed = sorted(s for s, kinds in shapes.items() if kinds["article"] and (kinds["list"] or kinds["other"]))
    articles = sorted(s for s, kinds in shapes.items() if kinds["article"] and s not in mixed)
    lists = sorted(s for s, kinds in shapes.items() if kinds["list"] and not kinds["article"])
    if mixed:
        notes.append(
            "URL shapes holding both articles and other pages: "
            + ", ".join(mixed)
            + "; no patterns proposed, every page is classified by its own evidence"
        )
        articles, lists = [], []
    domain = registrable_domain(start_host)
    others = Counter(registrable_domain(h) for h in linked_hosts if h and registrable_domain(h) != domain)
    return Proposal(
        name=re.sub(r"\W+", "-", domain if is_ip_literal(domain) else domain.split(".")[0]) or "site",
        start_url=start_url,
        allowed_hosts=tuple(allowed),
        article_pattern=_alternation(articles),
        list_pattern=_alternation(lists),
        shapes=dict(shapes),
        other_domains=dict(others.most_common(10)),
        notes=tuple(notes),
    )


def _allowed_hosts(start_host: str, hosts: Counter[str]) -> list[str]:
    domain = registrable_domain(start_host)
    family = sorted(h for h in hosts if registrable_domain(h) == domain)
    subdomains = [h for h in family if h != domain]
    if len(subdomains) >= 2:
        return [f"*.{domain}"] + ([domain] if domain in family else [])
    return family or [start_host]


def _alternation(shapes: list[str]) -> str:
    if not shapes:
        return ""
    if len(shapes) == 1:
        return shapes[0]
    return "^(?:" + "|".join(s[1:-1] for s in shapes) + ")$"


def render(proposal: Proposal, pages: int) -> str:
    """The commented site file (TOML) for the operator to review."""
    lines = [
        f"# Proposed by `winnow sites init {proposal.start_url}` from {pages} sampled pages.",
        "# Review before use: patterns only cover URL shapes that were seen.",
        "#",
        "# URL shapes seen (page types as classified):",
    ]
    for shape, kinds in sorted(proposal.shapes.items()):
        lines.append(f"#   {shape:<40} " + ", ".join(f"{k} {n}" for k, n in sorted(kinds.items())))
    for note in proposal.notes:
        lines.append(f"# NOTE: {note}")
    if proposal.other_domains:
        lines.append("# Other domains linked (not included; add them to allowed_hosts to crawl them):")
        lines += [f"#   {d} ({n} links)" for d, n in proposal.other_domains.items()]
    lines += [
        "",
        "[site]",
        f"name = {_toml(proposal.name)}",
        f"start_urls = [{_toml(proposal.start_url)}]",
        "# Hosts and *.domain patterns the crawl may follow links and redirects to.",
        "allowed_hosts = [" + ", ".join(_toml(h) for h in proposal.allowed_hosts) + "]",
        "# Pages to store (regex on the URL path); every other page is only followed for links.",
        "# Leave empty to let each page's own evidence decide (article / list / other).",
        f"article_pattern = {_toml(proposal.article_pattern)}",
        "# List pages seen (followed, recorded, never stored).",
        f"list_pattern = {_toml(proposal.list_pattern)}",
        "",
        "[settings]",
        "# Scrapy settings for this site, e.g. DOWNLOAD_DELAY = 1",
        "",
    ]
    return "\n".join(lines)


def _toml(value: str) -> str:
    """A TOML literal string (no escapes needed for regexes) unless it holds a quote."""
    return (
        f"'{value}'"
        if "'" not in value and "\n" not in value
        else '"' + value.replace("\\", "\\\\").replace('"', '\\"') + '"'
    )

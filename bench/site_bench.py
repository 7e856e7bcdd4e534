"""Winnow on real sites nobody here wrote, one site at a time, as ``winnow ingest`` stores them.

Each site is read from a local checkout of its public repository (or a benchmark folder) given
by path; a site whose path is absent is skipped. Its pages are never copied into this repository.

    python bench/site_bench.py [--lawls /tmp/lawls] [--nationwide /tmp/nationwidesite]
        [--poison-ivy /tmp/poison-ivy] [--one-site-zh ../shared/benchmarks/one-site-zh]
        [--limit 400] [--worst]

Sites (the *body slot* is where the site's own template puts the page's text: what is outside it
is the site's furniture by construction):

- ``lawls``: ``Catfeeds/m.lawls.cn``, a DedeCMS legal Q&A site: the generated static pages; its
  ``templets/lawyer/article_*.htm`` put ``{dede:field.body/}`` in ``<div class="art-content">``.
- ``nationwide``: ``manojdhari/nationwidesite``, one doorway page per town (``<town>/index.html``,
  one host per town as its canonical link says); the per-town text is ``<div class="main-content">``.
- ``poison-ivy``: ``pedraamn/poison-ivy-removal``, one doorway page per town (``public/<town>/``);
  the text is ``<main>``.
- ``one-site-zh``: 74 real pages of one Chinese portal (no slot: every line counts).

Per site, printed:

- ``pages`` read and their page types (``pipeline.pagetype``); ``stored``: article pages whose
  document is ok (what ``winnow`` stores);
- ``furn``: lines outside the body slot that stand on >= 90 % of the site's slotted pages
  (``--share``), and ``leak``: the share of stored documents holding one of them;
- ``recall`` / ``F1``: bag-of-characters extraction recall and F1 of the stored text against the
  body slot's text (pages with a slot);
- ``dates``: share of stored documents with a ``published_at``.
"""

from __future__ import annotations

import argparse
import gzip
import re
import sys
import time
from collections import Counter
from collections.abc import Callable, Iterator
from dataclasses import dataclass, replace
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

from blind_bench import corpus_steps  # noqa: E402  (what winnow runs over a site's stored pages)
from extract_bench import prf  # noqa: E402
from selectolax.lexbor import LexborHTMLParser  # noqa: E402

from pipeline.chain import process  # noqa: E402
from pipeline.decode import decode  # noqa: E402
from pipeline.document import Document  # noqa: E402
from pipeline.pagetype import ARTICLE, classify  # noqa: E402
from pipeline.textview import match_view  # noqa: E402

SHARED = ROOT.parent / "shared" / "benchmarks"
FURNITURE_SHARE = 0.9
MIN_LINE = 6  # characters (white space dropped): shorter lines ("Home", "首页") are not counted
HTML = {"Content-Type": "text/html"}
SAMPLE_PAGES = 1000  # as winnow.service.corpus.SAMPLE_PAGES: markup kept for learning, at most
_CANONICAL = re.compile(rb'<link[^>]+rel="canonical"[^>]+href="(https?://[^"]+)"', re.IGNORECASE)
_LAWLS_SKIP = frozenset("templets member scwls@ht ask include plus data publics demos qqLogin".split())


@dataclass(frozen=True)
class Page:
    """A page of a site; its bytes are read when asked for (a site may hold 10,000 pages)."""

    url: str
    path: Path
    gz: bool = False

    @property
    def body(self) -> bytes:
        data = self.path.read_bytes()
        return gzip.decompress(data) if self.gz else data


@dataclass(frozen=True)
class Site:
    name: str
    pages: Callable[[Path], Iterator[Page]]
    slot: str | None  # CSS selector of the body slot; None: no gold


def lawls_pages(root: Path) -> Iterator[Page]:
    for path in sorted(root.rglob("*.html")):
        rel = path.relative_to(root)
        if rel.parts[0] in _LAWLS_SKIP or rel.name == "404.html":
            continue
        yield Page("http://m.lawls.cn/" + rel.as_posix(), path)


def nationwide_pages(root: Path) -> Iterator[Page]:
    for path in sorted(root.glob("*/index.html")):
        with path.open("rb") as head:
            found = _CANONICAL.search(head.read(8192))
        url = found.group(1).decode() if found else f"http://nationwide.test/{path.parent.name}/"
        yield Page(url.lower(), path)


def poison_ivy_pages(root: Path) -> Iterator[Page]:
    for path in sorted((root / "public").glob("*/index.html")):
        yield Page(f"http://poison-ivy.test/{path.parent.name}/", path)


def one_site_pages(root: Path) -> Iterator[Page]:
    for path in sorted((root / "html").glob("*.html.gz"), key=lambda p: int(p.name.split(".")[0])):
        yield Page(f"http://one-site-zh.test/{path.name[:-3]}", path, gz=True)


SITES = {
    "lawls": Site("lawls", lawls_pages, "div.art-content"),
    "nationwide": Site("nationwide", nationwide_pages, "div.main-content"),
    "poison-ivy": Site("poison-ivy", poison_ivy_pages, "main"),
    "one-site-zh": Site("one-site-zh", one_site_pages, None),
}
DEFAULT_PATHS = {
    "lawls": Path("/tmp/lawls"),
    "nationwide": Path("/tmp/nationwidesite"),
    "poison-ivy": Path("/tmp/poison-ivy"),
    "one-site-zh": SHARED / "one-site-zh",
}


def squash(text: str) -> str:
    return "".join(match_view(text).split())


def split_slot(html: str, slot: str | None) -> tuple[str | None, list[str]]:
    """(text of the body slot or None when the page has none, squashed lines outside it)."""
    tree = LexborHTMLParser(html)
    for node in tree.css("script, style, noscript, template"):
        node.decompose()
    inside = None
    if slot:
        found = tree.css_first(slot)
        if found is not None:
            inside = found.text(separator="\n")
            found.decompose()
    root = tree.body
    text = root.text(separator="\n") if root is not None else ""
    return inside, [line for line in (squash(t) for t in text.split("\n")) if len(line) >= MIN_LINE]


def run(
    site: Site, root: Path, limit: int, share: float, worst: bool, structure: bool = True
) -> dict[str, float] | None:
    pages = list(site.pages(root))
    if limit and len(pages) > limit:  # an even spread over the site, not its first towns
        step = len(pages) / limit
        pages = [pages[int(i * step)] for i in range(limit)]
    if not pages:
        return None
    started = time.perf_counter()
    kinds: Counter[str] = Counter()
    stored: list[Document] = []
    html_by_url: dict[str, str] = {}
    slots: dict[str, str | None] = {}
    outside: dict[str, list[str]] = {}
    for page in pages:
        body = page.body
        html = decode(Document(url=page.url, raw=body, headers=HTML)).html
        kind = classify(page.url, body, HTML).kind
        kinds[kind] += 1
        slots[page.url], outside[page.url] = split_slot(html, site.slot)
        if kind == ARTICLE:
            doc = process(page.url, body, HTML)
            if doc.ok:
                # memory: keep the text, not the page (10,000 doorway pages of 200 KB each)
                stored.append(replace(doc, raw=b"", html=""))
                if len(html_by_url) < SAMPLE_PAGES:  # winnow learns from a sample this size
                    html_by_url[page.url] = html
    stored = corpus_steps(stored, html_by_url if structure else None)
    seconds = time.perf_counter() - started
    slotted = [url for url in slots if slots[url] is not None] if site.slot else list(slots)
    counts = Counter(line for url in slotted for line in set(outside[url]))
    furniture = {line for line, n in counts.items() if n >= share * len(slotted)}
    leaks = [_leaked(doc, furniture, squash(slots.get(doc.url) or "")) for doc in stored]
    scores = [prf(doc.clean_text, slots[doc.url] or "") for doc in stored if slots.get(doc.url) is not None]
    n = max(len(stored), 1)
    result = {
        "pages": len(pages),
        "stored": len(stored),
        "furniture": len(furniture),
        "leak": sum(bool(x) for x in leaks) / n,
        "recall": sum(s[1] for s in scores) / len(scores) if scores else float("nan"),
        "F1": sum(s[2] for s in scores) / len(scores) if scores else float("nan"),
        "dates": sum(bool(d.published_at) for d in stored) / n,
        "seconds": seconds,
    }
    types = " ".join(f"{k}={v}" for k, v in sorted(kinds.items()))
    print(
        f"{site.name:12} {result['pages']:5d} {result['stored']:6d} {result['furniture']:5d} {result['leak']:6.1%} "
        f"{result['recall']:7.3f} {result['F1']:6.3f} {result['dates']:6.1%} {seconds:6.1f}s  {types}"
    )
    if worst:
        top = Counter(line for lines in leaks for line in lines)
        print("  leaked lines:", [(line[:40], n) for line, n in top.most_common(8)])
        low = sorted(
            (round(s[1], 3), doc.url)
            for doc in stored
            if slots.get(doc.url) is not None and (s := prf(doc.clean_text, slots[doc.url] or ""))[1] < 0.9
        )
        print("  lowest recall:", low[:5])
    return result


def _leaked(doc: Document, furniture: set[str], slot: str) -> list[str]:
    """The furniture lines in the stored text of ``doc`` that its own body slot does not hold."""
    text = squash(doc.clean_text + "\n" + "\n".join(s.heading for s in doc.sections))
    return [line for line in furniture if line in text and line not in slot]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    for name in SITES:
        parser.add_argument("--" + name, type=Path, default=DEFAULT_PATHS[name], help=f"checkout of {name}")
    parser.add_argument("--site", default=",".join(SITES), help="which sites, comma-separated")
    parser.add_argument(
        "--limit", type=int, default=400, help="pages per site at most (0: all; about 0.3 MB of memory a page)"
    )
    parser.add_argument("--share", type=float, default=FURNITURE_SHARE)
    parser.add_argument("--worst", action="store_true", help="print the leaked lines and lowest recalls")
    parser.add_argument("--no-structure", action="store_true", help="site-wide learning from lines only")
    args = parser.parse_args(argv)
    print(
        f"{'site':12} {'pages':>5} {'stored':>6} {'furn':>5} {'leak':>6} {'recall':>7} {'F1':>6} {'dates':>6} "
        f"{'time':>7}  page types"
    )
    for name in args.site.split(","):
        root = getattr(args, name.replace("-", "_"))
        if not root.exists():
            print(f"{name:12} skipped: {root} absent")
            continue
        run(SITES[name], root, args.limit, args.share, args.worst, not args.no_structure)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

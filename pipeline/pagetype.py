"""Page types without configuration: is an HTML page an article, a list, or something else?

A pure function of the page's own evidence (no I/O, no site configuration):

- **text runs**: the page is cut into blocks at block-level elements, in document order; a block
  that is mostly link text (a headline, a menu entry) ends a run, other blocks extend it. An
  article's body is one long run of paragraphs; a list page's text is cut into short runs (one
  teaser, one date) by the headline links between them.
- **repeated link items**: every link whose text reads like a title is widened to the largest
  ancestor that holds no other such link (its ``li``, its teaser box); sibling items under one
  parent form a list. The list with the most text is the page's main list, and its median item
  length is what a teaser on this page looks like.
- **URL shape** (weak evidence, only for pages the text leaves undecided): ``/list/``, ``/tag/``,
  ``?page=2``, ``index.html`` read as lists; a numeric leaf (``/a/123.html``) as an article.

Decision: an article has a text run of at least ``MIN_RUN`` units that is clearly longer than a
typical item of its main list; otherwise a page with a list of at least ``MIN_ITEMS`` items is a
list; a page without such a list but with ``MIN_RUN`` units of text in all is an article (text cut
up by "learn more" links); a page with neither text nor a list but ``HUB_LINKS`` links is a list
(a portal of city or channel links); anything else (an empty shell, a form) is ``other``.

Units: one CJK character, or half a Latin word (so 100 units ~ 100 Chinese characters ~ 50 English
words); ``text_units`` counts them.
"""

from __future__ import annotations

import re
import statistics
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlsplit

import lxml.html
from lxml import etree

ARTICLE, LIST, OTHER = "article", "list", "other"

MIN_RUN = 40  # units: shorter than the shortest article seen (two sentences of a Q&A answer)
RUN_OVER_ITEM = 2.5  # an article's body outweighs one item of its own related/teaser list this much
MIN_ITEMS = 3  # items that make a list
TITLE_UNITS = 5  # a link whose text is at least this long reads like a headline, not a menu entry
LINK_BLOCK = 0.5  # a block with more link text than this share is a link block: it ends a run
HUB_LINKS = 10  # a page with no text and at least this many links is an index of links
UNDECIDED = 1.5  # article vs. list margin below which the URL shape decides

BLOCK_TAGS = frozenset(
    "address article aside blockquote body br dd details dialog div dl dt fieldset figcaption figure "
    "footer form h1 h2 h3 h4 h5 h6 header hr li main nav ol p pre section table tbody td tfoot th "
    "thead tr ul".split()
)
SKIP_TAGS = frozenset("script style noscript template svg head select option button iframe textarea".split())
LIST_PATH = re.compile(
    r"(^|/)(list|lists|category|categories|cat|tag|tags|topic|topics|column|channel|archive|archives|"
    r"search|page|index|default|node|catalog)([/_.-]|$)|[?&](page|p|pn|pageno|paged)=\d+|/$",
    re.IGNORECASE,
)
# The words of a list URL (not a bare trailing "/", which many posts have too; also when a number
# makes the URL look like an article's, ``/tag/t003.html``): under such a URL,
# a page whose longest text run is short is the last, nearly empty page of a list or a tag page
# with one teaser (``list_3.html`` holding one item and its excerpt), not an article.
LIST_WORDS = re.compile(
    r"(^|/)(list|lists|category|categories|cat|tag|tags|topic|topics|column|channel|archive|archives|"
    r"search|page|catalog)([/_.-]|$)|(^|/)index\.s?html?$|[?&](page|p|pn|pageno|paged)=\d+",
    re.IGNORECASE,
)
ELLIPSES = ("…", "...", "。。。")  # how a teaser's excerpt ends (``…`` and ``……``)
SHORT_RUN = 2 * MIN_RUN  # units: under a list URL, a run shorter than this is a teaser, not a body
FOOTER_NAME = re.compile(r"(^|[\s_-])(footer|foot|copyright|copy-right)([\s_-]|$)", re.IGNORECASE)
ARTICLE_PATH = re.compile(
    r"(\d{3,}|[0-9a-f]{8,})(_\d+)?\.(s?html?|php|aspx?)$|/\d{4}/\d{1,2}/\d{1,2}/.+", re.IGNORECASE
)
_UTF8 = lxml.html.HTMLParser(encoding="utf-8")
_CJK_RUN = re.compile(r"[\u3400-\u9fff]{2,}")
_LATIN_WORD = re.compile(r"[A-Za-z]{4,}")
_SENTENCE_MARK = re.compile(r"[。！？；!?;]|[.](?:\s|$)")
_CJK = re.compile(r"[\u3400-\u9fff\uf900-\ufaff\u3040-\u30ff\uac00-\ud7af]")
_WORD = re.compile(r"[^\W\d_\u3400-\u9fff\uf900-\ufaff\u3040-\u30ff\uac00-\ud7af]{2,}|\d+")


@dataclass(frozen=True)
class PageType:
    """The verdict and the evidence it rests on (units as in ``text_units``)."""

    kind: str  # article | list | other
    best_run: int  # longest run of non-link text
    items: int  # items of the main list (0: none)
    item_units: float  # median units of one main-list item
    url_hint: str  # article | list | "" (what the URL shape suggests)
    reason: str


def text_units(text: str) -> int:
    """CJK characters plus half a unit per Latin word or number (see the module docstring)."""
    cjk = len(_CJK.findall(text))
    return cjk + len(_WORD.findall(text)) // 2 if cjk else (len(_WORD.findall(text)) + 1) // 2


def classify(url: str, html: str | bytes | Any, headers: Mapping[str, str] | None = None) -> PageType:
    """Classify one page. ``html``: the markup (bytes are decoded as ``pipeline.decode`` does,
    with the response ``headers``), or an already parsed lxml root. Unparseable or empty markup
    is ``other``, never an exception."""
    root = _root(url, html, headers or {})
    if root is None:
        return PageType(OTHER, 0, 0, 0.0, url_hint(url), "no markup")
    best, total, best_text = _runs(_blocks(root))
    items, item_units = _main_list(root)
    links = sum(1 for a in root.iter("a") if a.get("href"))
    verdict = decide(url, best, items, item_units, total, links)
    if verdict.kind == LIST and verdict.items and best >= max(MIN_RUN, item_units) and _local(root, best_text):
        return PageType(
            ARTICLE, best, verdict.items, verdict.item_units, verdict.url_hint, f"landing page: templated run {best}"
        )
    return verdict


def _local(root: Any, text: str) -> bool:
    """The run ``text`` is the page's own templated text: prose (two sentence marks or more) that
    repeats a term of the page's title (a place, a service: "宜阳宝宝起名" → 宜阳, 起名) at least
    twice. A per-city (per-service) landing page writes its slot values into its paragraph; a list
    page's longest run is a teaser about another page."""
    title = root.find(".//title")
    heading = next(root.iter("h1"), None)
    heads = [node.text_content() for node in (title, heading) if node is not None]
    for own in heads:  # the run may start with the headline itself
        text = text.replace(own, "")
    if len(_SENTENCE_MARK.findall(text)) < 2:
        return False
    head = " ".join(heads)
    low = text.lower()
    return any(low.count(term) >= 2 for term in _title_terms(head))


def _title_terms(head: str) -> set[str]:
    """Two-character CJK runs and Latin words of four letters or more of a title, lower-cased."""
    terms = {word.lower() for word in _LATIN_WORD.findall(head)}
    for run in _CJK_RUN.findall(head):
        terms.update(run[i : i + 2] for i in range(len(run) - 1))
    return terms


def decide(url: str, best_run: int, items: int, item_units: float, total: int = 0, links: int = 0) -> PageType:
    """The verdict from the measured evidence (separate so the thresholds are testable).
    ``total``: all non-link text of the page, in units; ``links``: all its links."""
    hint = url_hint(url)
    need = max(MIN_RUN, RUN_OVER_ITEM * item_units if items >= MIN_ITEMS else 0)
    margin = best_run / need
    evidence = (best_run, items, item_units, hint)
    if items >= MIN_ITEMS and 1 / UNDECIDED <= margin < UNDECIDED and hint:
        return PageType(hint, *evidence, f"undecided by text (x{margin:.2f}): URL shape")
    if margin >= 1 and best_run < SHORT_RUN and LIST_WORDS.search(_tail(url)):
        return PageType(LIST, *evidence, f"list URL, text run {best_run} < {SHORT_RUN}: a teaser")
    if margin >= 1:
        return PageType(ARTICLE, *evidence, f"text run {best_run} >= {need:.0f}")
    if items >= MIN_ITEMS:
        return PageType(LIST, *evidence, f"{items} items, text run {best_run} < {need:.0f}")
    if total >= MIN_RUN:  # text cut up by links ("learn more"), yet no list of headlines
        return PageType(ARTICLE, *evidence, f"no list, {total} units of text")
    if links >= HUB_LINKS:  # a portal of short links (city sites, channels): followed, not stored
        return PageType(LIST, *evidence, f"link hub: {links} links, {total} units of text")
    return PageType(OTHER, *evidence, "no article text, no list")


def _tail(url: str) -> str:
    parts = urlsplit(url)
    return (parts.path or "/") + ("?" + parts.query if parts.query else "")


def url_hint(url: str) -> str:
    """'list', 'article' or '' from the URL's path and query alone."""
    parts = urlsplit(url)
    path = parts.path or "/"
    tail = path + ("?" + parts.query if parts.query else "")
    if ARTICLE_PATH.search(path):
        return ARTICLE
    if LIST_PATH.search(tail):
        return LIST
    return ""


def _root(url: str, html: str | bytes | Any, headers: Mapping[str, str]) -> Any:
    if not isinstance(html, (str, bytes)):
        return html
    if isinstance(html, bytes):
        from pipeline.decode import decode
        from pipeline.document import Document

        html = decode(Document(url=url, raw=html, headers=headers)).html
    if isinstance(html, str):
        html = html.encode("utf-8")  # lxml refuses str with an encoding declaration
    if not html.strip():
        return None
    try:  # the bytes are UTF-8 now, whatever the page's <meta charset> says
        return lxml.html.document_fromstring(html, parser=_UTF8)
    except (etree.ParserError, ValueError):
        return None


# -- text runs --------------------------------------------------------------------------------


def _blocks(root: Any) -> Iterator[tuple[int, int, bool, str]]:
    """(units, link units, holds a headline link, text) of each block of text, in document order."""
    text: list[str] = []
    links: list[str] = []
    titled = [False]

    def flush() -> Iterator[tuple[int, int, bool, str]]:
        joined = "".join(text)
        if joined.strip():
            units = text_units(joined)
            # a teaser's excerpt, cut off with an ellipsis, is a list item's text: like a link block
            cut = joined.rstrip().endswith(ELLIPSES)
            yield units, units if cut else text_units("".join(links)), titled[0], joined
        text.clear()
        links.clear()
        titled[0] = False

    def walk(el: Any, in_link: bool) -> Iterator[tuple[int, int, bool, str]]:
        tag = el.tag if isinstance(el.tag, str) else ""
        if tag and _is_footer(el, tag):  # copyright and ICP lines: a site's, on every page
            return
        if tag in SKIP_TAGS or not tag:
            if el.tail and not tag:  # comments and processing instructions: keep their tail
                text.append(el.tail)
                if in_link:
                    links.append(el.tail)
            return
        block = tag in BLOCK_TAGS
        if block:
            yield from flush()
        link = in_link or tag == "a"
        if tag == "a" and el.get("href") and text_units(el.text_content()) >= TITLE_UNITS:
            titled[0] = True
        if el.text:
            text.append(el.text)
            if link:
                links.append(el.text)
        for child in el:
            yield from walk(child, link)
            if isinstance(child.tag, str) and child.tag not in SKIP_TAGS and child.tail:
                text.append(child.tail)
                if link:
                    links.append(child.tail)
        if block:
            yield from flush()

    body = root.find("body")
    yield from walk(body if body is not None else root, False)
    yield from flush()


def _is_footer(el: Any, tag: str) -> bool:
    """A page footer (``<footer>``, class or id footer / copyright); never the page or its main
    part, whose classes name every component (``<body class="... has-footer ...">``)."""
    if tag == "footer":
        return True
    if tag in ("html", "body", "main", "article"):
        return False
    names = f"{el.get('class') or ''} {el.get('id') or ''}"
    return bool(names.strip()) and bool(FOOTER_NAME.search(names))


def _runs(blocks: Iterator[tuple[int, int, bool, str]]) -> tuple[int, int, str]:
    """(longest run, all non-link text, the longest run's text), in units. A block that is mostly
    link text ends a run; one that holds a headline link next to its own text (an inline teaser)
    starts a new one."""
    best = run = total = 0
    best_text: list[str] = []
    texts: list[str] = []
    for units, link_units, titled, text in blocks:
        if units and link_units / units > LINK_BLOCK:
            run = 0
            texts = []
            continue
        if titled:
            run = 0
            texts = []
        run += units - link_units
        texts.append(text)
        total += units - link_units
        if run > best:
            best, best_text = run, list(texts)
    return best, total, "".join(best_text)


# -- repeated link items ----------------------------------------------------------------------


def _main_list(root: Any) -> tuple[int, float]:
    """(items, median item units) of the list with the most text; (0, 0.0) when there is none."""
    titled = [a for a in root.iter("a") if a.get("href") and text_units(a.text_content()) >= TITLE_UNITS]
    counts: dict[Any, int] = {}  # title links under each element
    for a in titled:
        for el in a.iterancestors():
            counts[el] = counts.get(el, 0) + 1
    groups: dict[Any, list[Any]] = {}
    for a in titled:
        item = _widen(a, counts)
        groups.setdefault(item.getparent(), []).append(item)
    best: list[int] = []
    for items in groups.values():
        if len(items) < MIN_ITEMS:
            continue
        sizes = [text_units(item.text_content()) for item in dict.fromkeys(items)]
        if sum(sizes) > sum(best):
            best = sizes
    return (len(best), float(statistics.median(best))) if best else (0, 0.0)


def _widen(a: Any, counts: dict[Any, int]) -> Any:
    """The largest ancestor of ``a`` that contains no other title link."""
    item = a
    parent = item.getparent()
    while parent is not None and parent.tag not in ("body", "html") and counts.get(parent, 0) <= 1:
        item, parent = parent, parent.getparent()
    return item

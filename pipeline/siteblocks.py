"""Site furniture from page structure: blocks whose place in the DOM holds text that belongs to
no article of the site (template detection after Bar-Yossef & Rajagopalan 2002 and the site
style tree of Yi, Liu & Li 2003, reduced to what a line-keyed store needs).

Evidence, for the sample pages of one scope (a host, or a site of several hosts):

1. Every page is cut into *lines* at block elements and ``<br>``, as extraction cuts it; each line
   has a *place*: the tag and class names of its block ancestors (digits in class names folded,
   so ``item-3`` and ``item-7`` are one place), and a *key*, its shape (``sitewide.line_key``:
   place names, labelled values and digits masked, so per-city copies of one line are one key).
   Lines that are mostly link text are left out (``sitewide``): a headline listed as a link on
   other pages heads its own page, and menus are extraction's business.
2. A page's *body* is the place holding most of its text. A place that is the body of at least
   MAIN_SHARE of the pages it stands on is the site's main container there: never furniture.
3. A key *spreads* (belongs to no article) when it stands on MIN_PAGES pages or more and no
   other line travels with it: neither a line of those pages' bodies nor a line at its own
   place is on more than COMPANION_SHARE of its pages. Lines on half the sample's pages or
   more, and labels shorter than LABEL_CHARS ("满意", "有用(5)"), are nobody's companion: they
   go with every article. A paragraph reused on copies of one article, a list reused by the
   articles of one topic, the fixed sentences of a one-template doorway site all travel with
   their article's body; a header block, an "about us" box, a rotating promotion line or a
   feedback prompt stand next to any article.
4. A place is a *furniture place* when PLACE_SHARE of the lines standing there (once a page)
   spread, it is not a main container, and it is no table header cell (``<th>``: the same
   column names head every article's table of that kind).
5. A key is learned when it spreads and stands at furniture places in PLACE_SHARE of its
   occurrences. ``sitewide.learn`` keeps those that the markup draws as headings and that head
   content (a site's stock sub-headings).

No rule looks at where in the text a line sits (first lines, last lines) or at how many templates
a site has: a block is furniture because of its place in the markup and because its text does
not travel with any article, wherever it sits, top, middle, sidebar or inside the container.
"""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from typing import Any

import lxml.html
from lxml import etree

from pipeline.pagetype import BLOCK_TAGS, SKIP_TAGS

MIN_PAGES = 3  # a place or a key seen on fewer pages is not judged
# A line travels with its article when one line of the page bodies it stands next to is on more
# than COMPANION_SHARE of its pages. The two shares are what bench/lofo_bench.py chose for every
# blind farm left out (grid 0.4-0.6 x 0.6-0.8, mean F1 minus leak on the other seven farms).
COMPANION_SHARE = 0.4
PLACE_SHARE = 0.6  # share of a place's lines that spread for the place to be furniture
LABEL_CHARS = 6  # a shorter line is a label or a button ("满意", "有用(5)"): nobody's companion
COMMON_SHARE = 0.5  # a line on this share of pages goes with every article: no one's companion
MAIN_SHARE = 0.5  # a place that holds a page's most text on this share of its pages is a body
PATH_DEPTH = 8  # block ancestors kept in a path (innermost)
MAX_DEPTH = 200  # elements deeper than this are not read (hostile nesting)
MAX_LINE = 400  # characters: longer lines are an article's prose, never furniture
_UTF8 = lxml.html.HTMLParser(encoding="utf-8")
_HEADINGS = frozenset({"h1", "h2", "h3", "h4", "h5", "h6"})
_BOLD = frozenset({"b", "strong"})
_DIGITS = re.compile(r"\d+")


@dataclass(frozen=True)
class Line:
    path: str
    text: str
    heading: bool = False  # drawn as a heading: <h1>-<h6>, or a block whose text is all bold
    link: bool = False  # mostly link text: a menu entry, a headline in a list of other pages


def page_lines(html: str) -> list[Line]:
    """The lines of one page: see rule 1. Unparseable markup has none."""
    root = _parse(html)
    if root is None:
        return []
    body = root.find("body")
    lines: list[Line] = []
    _walk(body if body is not None else root, (), lines, 0)
    return lines


def furniture(
    pages: Mapping[str, list[tuple[str, str]]],
    companion_share: float | None = None,
    place_share: float | None = None,
    min_pages: int = MIN_PAGES,
) -> set[str]:
    """Keys learned as furniture from ``pages`` (url → [(place, line key)]), rules 2-5.

    ``companion_share`` and ``place_share`` default to the module's COMPANION_SHARE and
    PLACE_SHARE (read at call time, so that ``bench/lofo_bench.py`` can set them)."""
    companion_share = COMPANION_SHARE if companion_share is None else companion_share
    place_share = PLACE_SHARE if place_share is None else place_share
    on_page = {url: {key for _, key in lines if key} for url, lines in pages.items()}
    counts: Counter[str] = Counter()
    for keys in on_page.values():
        counts.update(keys)
    candidates = {key for key, n in counts.items() if n >= min_pages}
    common = {key for key, n in counts.items() if n >= COMMON_SHARE * len(on_page)}
    companions: dict[str, Counter[str]] = defaultdict(Counter)
    for lines in pages.values():
        main = _main_place(lines)
        body = {key for path, key in lines if path == main and len(key) >= LABEL_CHARS} - common
        by_place: dict[str, set[str]] = defaultdict(set)
        for path, key in lines:
            if key in candidates:
                by_place[path].add(key)
        mine: dict[str, set[str]] = defaultdict(set)  # key -> its companions on this page
        for keys in by_place.values():
            near = {key for key in keys - common if len(key) >= LABEL_CHARS} | body
            for key in keys:
                mine[key] |= near
        for key, near in mine.items():
            companions[key].update(near - {key})
    spread = {
        key
        for key in candidates
        if not companions[key] or companions[key].most_common(1)[0][1] <= companion_share * counts[key]
    }
    at_path: dict[str, list[str]] = defaultdict(list)  # place -> keys of its lines, once a page
    paths_of: dict[str, list[str]] = defaultdict(list)  # key -> its places, once a page
    main_of: Counter[str] = Counter()
    pages_at: Counter[str] = Counter()
    for lines in pages.values():
        pairs = dict.fromkeys((path, key) for path, key in lines if key)
        for path, key in pairs:
            at_path[path].append(key)
            paths_of[key].append(path)
        pages_at.update({path for path, _ in pairs})
        main_of[_main_place(lines)] += 1
    places = {
        path
        for path, keys in at_path.items()
        if len(keys) >= min_pages
        and not _header_cell(path)
        and main_of[path] < MAIN_SHARE * pages_at[path]
        and sum(key in spread for key in keys) >= place_share * len(keys)
    }
    return {key for key in spread if sum(path in places for path in paths_of[key]) >= place_share * len(paths_of[key])}


def _header_cell(path: str) -> bool:
    """A table's column header (``<th>``): the same words head the same data on every article
    that shows such a table, yet they are part of it."""
    last = path.rsplit("/", 1)[-1]
    return last == "th" or last.startswith("th.")


def _main_place(lines: list[tuple[str, str]]) -> str:
    """The place holding most of a page's text (its body): the path with the most key characters."""
    chars: Counter[str] = Counter()
    for path, key in lines:
        chars[path] += len(key)
    return chars.most_common(1)[0][0] if chars else ""


def _parse(html: str) -> Any:
    data = html.encode("utf-8", "replace")
    if not data.strip():
        return None
    try:
        return lxml.html.document_fromstring(data, parser=_UTF8)
    except (etree.ParserError, ValueError):
        return None


def _signature(el: Any) -> str:
    classes = _DIGITS.sub("0", ".".join(sorted((el.get("class") or "").split())))
    return f"{el.tag}.{classes}" if classes else el.tag


def _walk(el: Any, path: tuple[str, ...], lines: list[Line], depth: int) -> None:
    """Append the lines of ``el``'s subtree; ``path``: signatures of its block ancestors."""
    if depth > MAX_DEPTH:
        return
    tag = el.tag if isinstance(el.tag, str) else ""
    if tag in BLOCK_TAGS and tag != "br":
        path = (path + (_signature(el),))[-PATH_DEPTH:]
    where = "/".join(path)
    parts: list[str] = [el.text or ""]
    links: list[str] = []
    for child in el:
        child_tag = child.tag if isinstance(child.tag, str) else ""
        if child_tag in SKIP_TAGS or not child_tag:
            parts.append(child.tail or "")
            continue
        if child_tag in BLOCK_TAGS:
            _flush(parts, links, where, lines)
            if child_tag != "br":
                _walk(child, path, lines, depth + 1)
        else:
            _inline(child, path, lines, depth + 1, (parts, links), False)
        parts.append(child.tail or "")
    _flush(parts, links, where, lines, tag in _HEADINGS or _all_bold(el))


def _all_bold(el: Any) -> bool:
    """The element's text is all inside ``<b>``/``<strong>`` children."""
    if len(el) == 0 or (el.text or "").strip():
        return False
    return all(child.tag in _BOLD and not (child.tail or "").strip() for child in el)


def _inline(
    el: Any, path: tuple[str, ...], lines: list[Line], depth: int, into: tuple[list[str], list[str]], in_link: bool
) -> None:
    """Add the text of an inline element to ``into`` (all text, link text); a block nested in it
    (rare, invalid) becomes its own lines."""
    parts, links = into
    in_link = in_link or (el.tag == "a" and el.get("href") is not None)
    for text in _own_texts(el, path, lines, depth, into, in_link):
        parts.append(text)
        if in_link:
            links.append(text)


def _own_texts(
    el: Any, path: tuple[str, ...], lines: list[Line], depth: int, into: tuple[list[str], list[str]], in_link: bool
) -> Iterator[str]:
    yield el.text or ""
    for child in el:
        child_tag = child.tag if isinstance(child.tag, str) else ""
        if child_tag in BLOCK_TAGS or depth > MAX_DEPTH:
            if child_tag and child_tag != "br":
                _walk(child, path, lines, depth + 1)
        elif child_tag and child_tag not in SKIP_TAGS:
            _inline(child, path, lines, depth + 1, into, in_link)
        yield child.tail or ""


def _flush(parts: list[str], links: list[str], where: str, lines: list[Line], heading: bool = False) -> None:
    text = " ".join("".join(parts).split())
    linked = len("".join("".join(links).split()))
    parts.clear()
    links.clear()
    if text and len(text) <= MAX_LINE:
        lines.append(Line(where, text, heading, linked * 2 > len(text.replace(" ", ""))))

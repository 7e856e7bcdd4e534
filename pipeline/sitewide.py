"""Site-wide boilerplate learned from many pages of one host (CCNet-style line hashing).

Rule (what makes a line "site-wide"):

1. Lines are compared by their *shape* (:func:`line_key`): the matching view with URLs, place
   names and short labelled values (``责任编辑:王某`` → ``责任编辑:ⓥ``) masked, whitespace and
   punctuation dropped, digits → 0, lower-cased; so ``(责任编辑:王某)`` on one page and
   ``(责任编辑:李某)`` on another, or ``益阳社保网版权所有`` and ``嘉兴社保网版权所有`` on two city
   subdomains, are one line. Shapes are counted once per page, per host, and again per *site*
   (registrable domain: ``yiyang.example.cn`` and ``jiaxing.example.cn`` are one site) when the
   site has several hosts: a farm with one subdomain per city repeats its footer on every host,
   each holding too few pages to learn it alone.
2. Pages of a host are first grouped into *templates*: a page joins the first group (pages in
   URL order, so the result does not depend on input order) whose first page shares >= 30 % of
   its line keys (Jaccard). Per-city copies of one article land in one group; unrelated
   articles of the same site share only their furniture and land in different groups.
3. A key is learned when it occurs on >= ``min_pages`` pages, in >= ``min_groups`` different
   template groups, and in >= ``min_share`` of all groups of the host (or in >= ``RARE_SHARE``
   of them when it sits at an edge on >= ``RARE_EDGE`` of its pages, see rule 4). So a line shared only
   because pages are copies of one template is never learned, while a footer or statement that
   follows every article is.
4. Furniture sits at the edges of the text: the first 2 or last 3 lines, or the line just
   before a section heading (transitions between stitched blocks). A key whose occurrences are
   mostly elsewhere is not learned: that protects paragraphs a
   content farm reuses across several of its templates ("步骤:", a stock "优点:…" line).
5. Furniture is stuck on to whatever article is there; template text comes with its own
   paragraphs. So a candidate's neighbouring text (the nearest line before it that is not itself
   a candidate, or for lines at the top, the nearest one after it; place names masked) must vary:
   if one neighbour accounts for more than half of its occurrences, the line is the end (or
   start) of a reused Q&A block, not furniture. Pages stitched from 1-3 blocks put a block's last
   lines at the page's end in many combinations, which rules 2-4 alone mistook for a footer.

6. A farm rotates several wordings of each notice, so one wording reaches too few templates for
   rule 3. A line on pages of SPREAD_GROUPS templates or more, at an edge on SPREAD_EDGE of them,
   that names no place and is not a labelled number (``联系电话:0731-…``: a per-city value, like a
   place name), is learned when it travels alone: no other line (outside the candidates) is on
   more than COMPANION_SHARE of its pages. A line of a reused answer lands on as many templates,
   but with the rest of its block, which is on most of its pages even with optional units
   dropped; furniture meets a site's common sub-headings ("需要准备的材料") and its popular blocks
   by chance, on up to about 40 % of its pages (measured on blind farms 4 and 5).

7. A sentence that names the page's place ("据{city}往年情况,报名首日系统访问量较大,建议错峰登录。")
   is never learned, however furniture-like its spread: farms add such a local sentence to the end
   of any answer, so it lands on many templates at the edge, but it carries the city's own detail.
   A place inside a name without a clause ("益阳社保网版权所有") is still a footer.

8. When the pages' markup is given (``html_by_url``), furniture is also learned from where lines
   sit in it (``pipeline.siteblocks``): a line whose DOM place holds lines that travel with no
   article is learned wherever it sits in the text, top, middle or inside the article container,
   with none of rules 2-7's thresholds (template groups, edges, neighbours). Those rules stay for
   lines the markup does not set apart (a notice written as one more ``<p>`` of the answer). A
   key that the markup draws as a heading (``<h2>``, all bold) and that heads content is kept.

9. A line cut short with an ellipsis ("……", "…", "...", maybe followed by "[详细]", "点击阅读原文",
   "more") whose first TEASER_STEM characters (matching view, digits folded) open a paragraph on
   *another* page of the sample is a teaser of that page, wherever it sits: learned (its key).
   An article never quotes the opening of another page's paragraph and cuts it off.

``strip`` removes learned lines from a document (reason ``"sitewide"``).
"""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from collections.abc import Mapping, Sequence
from dataclasses import replace
from urllib.parse import urlsplit

from pipeline import memo, siteblocks
from pipeline.document import KNOWN_HEADING, Document, Removed
from pipeline.normalise import CITY, mask_places
from pipeline.textview import match_view

TEMPLATE_JACCARD = 0.3
# A site that rotates several wordings of one notice shows each on a fraction of its templates;
# such a line is learned from RARE_SHARE of the groups when it sits at the edge of RARE_EDGE of
# its pages (the last line of a reused answer reaches the page's edge only when that block
# comes last, measured at <= 60 % on the blind farm).
RARE_SHARE, RARE_EDGE = 0.15, 0.9
# Rule 6: a line on pages of SPREAD_GROUPS templates or more, at an edge of SPREAD_EDGE of them,
# with no other line on more than COMPANION_SHARE of its pages
SPREAD_GROUPS, SPREAD_EDGE, COMPANION_SHARE = 8, 0.6, 0.5
LABELLED_NUMBER_CHARS = 8  # a key this short holding a number is a label and its value
EDGE_HEAD = 2  # furniture left after extraction: bylines first, statements/disclaimers last
EDGE_TAIL = 3

TEASER_MARK = "⋯"  # starts a teaser's key (rule 9); line keys never hold it (punctuation is dropped)
TEASER_STEM = 12  # characters of a cut-short line that must open another page's paragraph (rule 9)
_CUT_SHORT = re.compile(
    r"\s*(?:……|…|\.{3})\s*[(\[（【]?\s*(?:详细|详情|全文|点击阅读原文|阅读全文|查看全文|more|read more)?\s*[)\]）】]?\s*$",
    re.IGNORECASE,
)
HEADED_CONTENT_CHARS = 10  # key characters a section needs beyond furniture for its heading to stay
SHAPE_CHARS = 80  # lines up to this long get names and labelled values masked
# A stock-sentence-sized line of at least SLOT_KEY_CHARS is known by its first PREFIX_CHARS and last
# SUFFIX_CHARS characters: farms fill a slot in their stock sentences with the topic
# ("先说结论:{topic}并没有想象中那么复杂…"), often right after a short lead-in.
# Up to SLOT_KEY_MAX: a longer line is an answer's sentence, whose middle is its content.
SLOT_KEY_CHARS, SLOT_KEY_MAX, PREFIX_CHARS, SUFFIX_CHARS = 16, 40, 4, 6
LABEL_VALUE_CHARS = 5  # a value this short after "label:" is a name (editor, source), masked

_PUNCT_SPACE = re.compile(r"[\s\W_]+")
_DIGITS = re.compile(r"\d+")
_URL = re.compile(r"(?:https?://|www\.)[^\s]+", re.IGNORECASE)
_LABEL_VALUE = re.compile(rf"([\w]{{1,8}})\s*[:/]\s*[^\s:/,;()。、]{{1,{LABEL_VALUE_CHARS}}}(?=$|[\s,;()。、])")
_PLACE_KEY = CITY.strip("{}")  # what a masked place name leaves in a key
_CLAUSE_BREAK = re.compile("[,;。]")  # on the matching view
_VALUE_MASK = "ⓥ"  # kept by the squash below (it is alphanumeric), equal on every page
# second-level labels under which a registrable domain has three labels (example.com.cn)
_SECOND_LEVEL = frozenset("com net org gov edu ac co".split())


# Bounded memo (a few MB): learning, stripping and heading marks each ask for the key of every
# line, and a farm repeats most of its lines; the place-name scan behind a key is the costly part.
KEY_CACHE = 1 << 12


@memo.bounded(KEY_CACHE)
def line_key(line: str) -> str:
    """The shape of a line used for counting (host-free): see rule 1 of the module docstring."""
    view = match_view(line)
    if len(view) > SHAPE_CHARS:
        return _DIGITS.sub("0", _PUNCT_SPACE.sub("", view).lower())
    view = _LABEL_VALUE.sub(lambda m: m.group(1) + _VALUE_MASK, _URL.sub(_VALUE_MASK, view))
    masked = _masked(view)
    key = _DIGITS.sub("0", _PUNCT_SPACE.sub("", masked).lower())
    # "先说结论:{topic}并没有想象中那么复杂…": the ends are the shape. Not for a line that names a
    # place: "{city}的市民还可以下载“惠州通”APP…" is a per-city detail, content worth keeping.
    if SLOT_KEY_CHARS <= len(key) <= SLOT_KEY_MAX and CITY not in masked:
        return f"{key[:PREFIX_CHARS]}…{key[-SUFFIX_CHARS:]}"
    return key


def host_of(url: str) -> str:
    return (urlsplit(url).hostname or "").lower()


def site_of(url: str) -> str:
    """The registrable domain of the URL's host (``a.b.example.com.cn`` → ``example.com.cn``),
    from its labels; an IP address or a one-label host is its own site."""
    host = host_of(url)
    labels = host.split(".")
    if len(labels) <= 2 or host.replace(".", "").isdigit():
        return host
    size = 3 if labels[-2] in _SECOND_LEVEL and len(labels[-1]) == 2 else 2
    return ".".join(labels[-size:])


def learn(
    paragraphs_by_url: Mapping[str, Sequence[str]],
    min_pages: int = 3,
    min_share: float = 0.5,
    min_groups: int = 3,
    starts_by_url: Mapping[str, frozenset[int]] | None = None,
    html_by_url: Mapping[str, str] | None = None,
    only: str | None = None,
) -> frozenset[str]:
    """Keys ``scope + "\\t" + line_key`` of lines that recur across templates of one host, or
    of one site (scope ``site:`` + registrable domain) whose pages span several hosts.

    ``starts_by_url`` (paragraph indices that head a section, :func:`section_starts`): the line
    just before a section heading counts as an edge too (rule 4), since pages stitched from
    several blocks put their transition furniture there. ``html_by_url``: the pages' decoded
    markup (rule 8); pages without an entry are learned from by their lines only. ``only``: learn
    that one scope (a host, or ``site:`` + domain) and skip the others the pages fall into."""
    by_host: dict[str, dict[str, list[str]]] = defaultdict(dict)
    by_site: dict[str, dict[str, list[str]]] = defaultdict(dict)
    hosts_of_site: dict[str, set[str]] = defaultdict(set)
    block_ends: dict[str, set[int]] = {}
    place_sentences: set[str] = set()  # rule 7: never learned
    for url in sorted(paragraphs_by_url):
        starts = (starts_by_url or {}).get(url, frozenset())
        keys: list[str] = []
        block_ends[url] = set()
        for index, line in enumerate(paragraphs_by_url[url]):
            key = line_key(line)
            if _PLACE_KEY in key and _CLAUSE_BREAK.search(match_view(line)):
                place_sentences.add(key)
            if key:
                if index + 1 in starts:
                    block_ends[url].add(len(keys))
                keys.append(key)
        by_host[host_of(url)][url] = keys
        by_site["site:" + site_of(url)][url] = keys
        hosts_of_site["site:" + site_of(url)].add(host_of(url))
    scopes = dict(by_host)
    scopes.update({site: pages for site, pages in by_site.items() if len(hosts_of_site[site]) > 1})
    if only is not None:
        scopes = {only: scopes[only]} if only in scopes else {}
    structure = _structure(
        html_by_url or {}, {url: paragraphs_by_url[url] for pages in scopes.values() for url in pages}
    )
    teasers = _teasers(paragraphs_by_url)
    learned: set[str] = set()
    for scope, pages in scopes.items():
        learned.update(
            f"{scope}\t{key}"
            for key in _learn_host(pages, block_ends, min_pages, min_share, min_groups) - place_sentences
        )
        if structure is not None:
            sample = {url: structure[0][url] for url in pages if url in structure[0]}
            found = siteblocks.furniture(sample)
            found -= _heading_content(
                found & structure[1], found, {url: paragraphs_by_url[url] for url in sample}, starts_by_url or {}
            )
            learned.update(f"{scope}\t{key}" for key in found)
        learned.update(f"{scope}\t{teasers[url][key]}" for url in pages for key in teasers.get(url, ()))
    return frozenset(learned)


def _teasers(paragraphs_by_url: Mapping[str, Sequence[str]]) -> dict[str, dict[str, str]]:
    """Rule 9: url -> {line: its key} of the lines of that page that are teasers of another page."""
    opening: dict[str, set[str]] = defaultdict(set)  # stem -> pages with a paragraph opening so
    cut: dict[str, list[tuple[str, str]]] = defaultdict(list)  # url -> [(line, stem)] cut short
    for url, paragraphs in paragraphs_by_url.items():
        for line in paragraphs:
            trimmed = _CUT_SHORT.sub("", line)
            stem = _stem(trimmed)
            if len(stem) < TEASER_STEM:
                continue
            if trimmed != line:
                cut[url].append((line, stem))
            elif len(opening[stem]) < 2:  # two pages are enough to know another page has it
                opening[stem].add(url)
    found: dict[str, dict[str, str]] = {}
    for url, lines in cut.items():
        for line, stem in lines:
            if opening.get(stem, set()) - {url}:
                found.setdefault(url, {})[line] = teaser_key(line)
    return found


def teaser_key(line: str) -> str:
    """The key a teaser is learned by: its whole text (matching view, white space and punctuation
    dropped) after TEASER_MARK. Not its shape (``line_key``): a teaser cut at a sentence's end has
    the shape of that sentence, which the page it points to and its per-city copies hold."""
    return TEASER_MARK + _PUNCT_SPACE.sub("", match_view(line)).lower()


def _stem(text: str) -> str:
    return _DIGITS.sub("0", _PUNCT_SPACE.sub("", match_view(text[: TEASER_STEM * 3])).lower())[:TEASER_STEM]


def _heading_content(
    drawn: set[str],
    found: set[str],
    paragraphs_by_url: Mapping[str, Sequence[str]],
    starts_by_url: Mapping[str, frozenset[int]],
) -> set[str]:
    """Of ``drawn`` (keys of ``found`` that the markup draws as headings), those that head
    content (a line not in ``found``, HEADED_CONTENT_CHARS key characters or more, before the
    next heading) on at least half of the pages where they stand: a site's stock sub-headings
    ("办理流程", "What Are Our Services?") stand on pages of every article like furniture, but the
    article's text follows them. A feedback prompt drawn as a heading heads only its buttons;
    a promotion line that the page's text cuts off as a section is not drawn as a heading."""
    heads: Counter[str] = Counter()
    with_content: Counter[str] = Counter()
    for url, paragraphs in paragraphs_by_url.items():
        keys = [line_key(p) for p in paragraphs]
        starts = sorted(set(starts_by_url.get(url, ())) | {i for i, key in enumerate(keys) if key in drawn})
        for number, start in enumerate(starts):
            if start >= len(keys) or keys[start] not in drawn:
                continue
            end = starts[number + 1] if number + 1 < len(starts) else len(keys)
            heads[keys[start]] += 1
            if sum(len(key) for key in keys[start + 1 : end] if key not in found) >= HEADED_CONTENT_CHARS:
                with_content[keys[start]] += 1
    return {key for key, n in heads.items() if with_content[key] * 2 >= n}


def _structure(
    html_by_url: Mapping[str, str], paragraphs_by_url: Mapping[str, Sequence[str]]
) -> tuple[dict[str, list[tuple[str, str]]], frozenset[str]] | None:
    """Each page's [(place, line key)] for ``siteblocks.furniture``, read from its markup once for
    all its scopes, and the keys drawn as headings (``<h2>``, all bold) on most of the pages that
    hold them; None when there is no markup."""
    if not html_by_url:
        return None
    pages: dict[str, list[tuple[str, str]]] = {}
    drawn: Counter[str] = Counter()
    held: Counter[str] = Counter()
    for url in sorted(paragraphs_by_url):
        if html_by_url.get(url):
            # a headline in a list of other pages is a link; the same words head that page itself
            lines = [line for line in siteblocks.page_lines(html_by_url[url]) if not line.link]
            pages[url] = [(line.path, line_key(line.text)) for line in lines]
            marked = {key for (_, key), line in zip(pages[url], lines, strict=True) if line.heading}
            drawn.update(marked)
            held.update({key for _, key in pages[url]})
    return pages, frozenset(key for key, n in drawn.items() if n * 2 >= held[key])


def strip(doc: Document, learned: frozenset[str]) -> Document:
    """Remove lines of ``doc`` whose host-scoped key was learned; each removal records the line's
    index (``Removed.at``) so that :func:`before_strip` can put it back."""
    if not learned:
        return doc
    host, site = host_of(doc.url), "site:" + site_of(doc.url)
    kept: list[str] = []
    removed = list(doc.removed)
    teasers = _cut_keys(learned)
    for index, line in enumerate(doc.paragraphs):
        keys = [line_key(line)]
        if teasers and _CUT_SHORT.search(line):
            keys.append(teaser_key(line))
        if any(f"{host}\t{key}" in learned or f"{site}\t{key}" in learned for key in keys):
            removed.append(Removed(line, "sitewide", at=index))
        else:
            kept.append(line)
    if len(kept) == len(doc.paragraphs):
        return doc
    return replace(doc, paragraphs=tuple(kept), removed=tuple(removed))


@memo.bounded(16)
def _cut_keys(learned: frozenset[str]) -> bool:
    """Whether ``learned`` holds any teaser key (rule 9): most scopes hold none."""
    return any(f"\t{TEASER_MARK}" in key for key in learned)


def before_strip(doc: Document) -> Document:
    """``doc`` as the per-page pipeline left it: the lines :func:`strip` removed put back where they
    were, and the headings :func:`mark_headings` added taken away (sections are not rebuilt). The same
    object when there is nothing to undo. Removals recorded without their index (stored before
    indices were kept) stay removed."""
    undo = sorted((r for r in doc.removed if r.reason == "sitewide" and r.at is not None), key=lambda r: r.at or 0)
    marked = any(level == KNOWN_HEADING for _, level in doc.headings)
    if not undo and not marked:
        return doc
    paragraphs = list(doc.paragraphs)
    for line in undo:
        paragraphs.insert(line.at or 0, line.text)
    return replace(
        doc,
        paragraphs=tuple(paragraphs),
        removed=tuple(r for r in doc.removed if not (r.reason == "sitewide" and r.at is not None)),
        headings=tuple(h for h in doc.headings if h[1] != KNOWN_HEADING),
    )


def section_starts(doc: Document) -> frozenset[int]:
    """Indices of ``doc.paragraphs`` that head one of its sections."""
    headings = [section.heading for section in doc.sections]
    starts: set[int] = set()
    position = 0
    for index, paragraph in enumerate(doc.paragraphs):
        if position < len(headings) and paragraph == headings[position]:
            starts.add(index)
            position += 1
        elif position < len(headings) - 1 and paragraph == headings[position + 1]:
            starts.add(index)  # the first section is headed by the title, not a paragraph
            position += 2
    return frozenset(starts)


def _learn_host(
    pages: dict[str, list[str]], block_ends: dict[str, set[int]], min_pages: int, min_share: float, min_groups: int
) -> set[str]:
    group_of = _template_groups(pages)
    total_groups = len(set(group_of.values()))
    pages_with: dict[str, int] = defaultdict(int)
    groups_with: dict[str, set[int]] = defaultdict(set)
    edge_hits: dict[str, int] = defaultdict(int)
    for url, keys in pages.items():
        last = len(keys) - 1
        seen: set[str] = set()
        for position, key in enumerate(keys):
            if key in seen:
                continue
            seen.add(key)
            pages_with[key] += 1
            groups_with[key].add(group_of[url])
            if position < EDGE_HEAD or last - position < EDGE_TAIL or position in block_ends[url]:
                edge_hits[key] += 1
    candidates, spread = set(), set()
    for key, count in pages_with.items():
        groups = len(groups_with[key])
        if count < min_pages or groups < min_groups:
            continue
        share, at_edge = groups / total_groups, edge_hits[key] / count
        if (share >= min_share and at_edge >= 0.5) or (share >= RARE_SHARE and at_edge >= RARE_EDGE):
            candidates.add(key)
        elif groups >= SPREAD_GROUPS and at_edge >= SPREAD_EDGE and not _per_city(key):
            spread.add(key)
    learned = {key for key in candidates if _stuck_on(key, pages, candidates)}
    return learned | _without_companions(spread, pages, candidates | spread)


def _per_city(key: str) -> bool:
    """A line naming the city, or a labelled number (a hotline, a fee): a per-city detail."""
    return _PLACE_KEY in key or (len(key) <= LABELLED_NUMBER_CHARS and "0" in key)


def _without_companions(spread: set[str], pages: dict[str, list[str]], candidates: set[str]) -> set[str]:
    """Rule 6: of the lines spread over many templates, those that travel alone.

    A farm rotates several wordings of each notice, so one wording reaches only a small share
    of a site's templates, too few for rule 3; but it lands on pages of many unrelated templates.
    A line of a reused Q&A block lands on many templates too (pages stitch blocks in many
    combinations), yet it comes with the rest of its block: some other line is on most of the
    pages it is on. A line is learned when no line outside ``candidates`` is on more than
    COMPANION_SHARE of its pages.
    """
    if not spread:
        return set()
    on_pages: dict[str, list[set[str]]] = defaultdict(list)
    for keys in pages.values():
        held = spread.intersection(keys)
        if held:
            others = set(keys) - candidates  # once a page, whichever spread lines it holds
            for key in held:
                on_pages[key].append(others)
    alone = set()
    for key, holding in on_pages.items():
        together: Counter[str] = Counter()
        for others in holding:
            together.update(others)
        top = together.most_common(1)[0][1] if together else 0
        if top <= COMPANION_SHARE * len(holding):
            alone.add(key)
    return alone


def _stuck_on(key: str, pages: dict[str, list[str]], candidates: set[str]) -> bool:
    """Rule 5: the text next to the line varies from page to page."""
    neighbours: Counter[str] = Counter()
    for keys in pages.values():
        if key in keys:
            neighbours[_neighbour(keys, keys.index(key), candidates)] += 1
    top = neighbours.most_common(1)[0][1]
    return top * 2 <= sum(neighbours.values())


def _neighbour(keys: list[str], position: int, candidates: set[str]) -> str:
    """Nearest non-candidate line before ``position`` (after it, for lines at the top)."""
    step = 1 if position < EDGE_HEAD else -1
    index = position + step
    while 0 <= index < len(keys) and keys[index] in candidates:
        index += step
    if not 0 <= index < len(keys):
        return "^" if step < 0 else "$"
    return _masked(keys[index])


@memo.bounded(KEY_CACHE)
def _masked(key: str) -> str:
    return mask_places(key)[0]


def _template_groups(pages: dict[str, list[str]]) -> dict[str, int]:
    """Greedy, order-independent (URLs sorted) grouping of pages by shared line keys."""
    leaders: list[set[str]] = []
    group_of: dict[str, int] = {}
    for url in sorted(pages):
        keys = set(pages[url])
        for number, leader in enumerate(leaders):
            union = len(keys | leader)
            if union and len(keys & leader) / union >= TEMPLATE_JACCARD:
                group_of[url] = number
                break
        else:
            group_of[url] = len(leaders)
            leaders.append(keys)
    return group_of


# --- headings known from other pages of the site ------------------------------------------------


def learn_headings(docs: Sequence[Document], min_pages: int = 2) -> frozenset[str]:
    """Keys ``scope + "\\t" + line_key`` of lines the site uses to start sections.

    A farm stitches the same blocks under the same headings on many pages; one layout marks a
    block heading up (<h2>, bold) where another writes it as a plain paragraph. A line (place
    names masked) that starts a section, or is the title, on >= ``min_pages`` pages of a host or
    site, and starts one more often than it sits inside a section elsewhere, is a block heading
    there too. Sub-headings of an answer (``一、线上查询``) sit inside sections on most pages and
    are never learned.
    """
    starts: dict[str, set[str]] = defaultdict(set)
    inside: Counter[str] = Counter()
    for doc in docs:
        scopes = (host_of(doc.url), "site:" + site_of(doc.url))
        keys = {line_key(section.heading) for section in doc.sections} | {line_key(doc.title)}
        body = {line_key(p) for section in doc.sections for p in section.paragraphs}
        for scope in scopes:
            for key in keys - body:
                if key:
                    starts[f"{scope}\t{key}"].add(doc.url)
            for key in body - keys:
                inside[f"{scope}\t{key}"] += 1
    return frozenset(key for key, urls in starts.items() if len(urls) >= min_pages and len(urls) > inside[key])


def mark_headings(doc: Document, known: frozenset[str]) -> Document:
    """``doc`` with its paragraphs that ``known`` lists added to ``headings`` (level
    ``KNOWN_HEADING``); the same object when there are none."""
    if not known or not doc.paragraphs:
        return doc
    scopes = (host_of(doc.url), "site:" + site_of(doc.url))
    marked = {text for text, _ in doc.headings}
    found = tuple(
        (p, KNOWN_HEADING)
        for p in doc.paragraphs
        if p not in marked and len(p) <= 60 and any(f"{scope}\t{line_key(p)}" in known for scope in scopes)
    )
    return replace(doc, headings=doc.headings + found) if found else doc

"""Main-content extraction: title + block-level text lines of the article.

The page is parsed with lexbor (selectolax) and flattened into lines, one per block-level
element (and per ``<br>``), each remembering its chain of block ancestors and how much of its
text sits inside links. The flattening is one pass of lexbor's C-level ``traverse()``: marker
text nodes inserted after blocks and links tell where they end, skipped elements are emptied
before the walk reaches their children. Every line gets a value: positive for prose (long,
punctuated, few links), negative for navigation (short or link-dense). The article is the
best-scoring run of lines (maximum subarray), searched inside a container the page names as
the article body when there is one. Inside it, link-dense lines, "related …" blocks, teaser
cards, captions, credits, advert slots and previous/next links are dropped, and bylines before
the first paragraph are trimmed; a list of reader comments after the article goes, whatever its
markup calls it (short sibling items dated by relative times). A heading drawn as an image keeps
its alt text as the heading. A date line right under the headline dates the page. Walking is
iterative and bounded (tags are capped before parsing), so deep or huge pages can neither
overflow the stack nor take unbounded time.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from datetime import datetime

from selectolax.lexbor import LexborHTMLParser, LexborNode

from pipeline import dates
from pipeline.boilerplate import RELATED_HEADINGS_ZH
from pipeline.document import EMPHASIS_LEVEL, Document, Removed
from pipeline.textview import both_widths, fold

MAX_CHARS = 4_000_000  # bigger inputs are truncated: real articles are far smaller
MAX_NODES = 250_000  # tags read before we stop (bounds the tree and every walk over it)
MAX_OPEN_BALANCE = 3_000  # opening minus closing tags before the deep-nesting check runs
MAX_DEPTH_KEPT = 24
TRIM_SIZE = 40  # lines this short before the first / after the last prose paragraph go
TRIM_LINES = 6  # ... when there are no more of them than this
TEASER_GAP, TEASER_CHARS = 4, 400  # most lines / characters between teaser headlines
HINT_SHARE = 0.6  # share of the best run's prose a named article container must hold  # block ancestors remembered per line (bounds work on deep nesting)

_SKIP_TAGS = frozenset(
    {
        "script",
        "style",
        "noscript",
        "template",
        "iframe",
        "svg",
        "canvas",
        "object",
        "embed",
        "select",
        "button",
        "input",
        "textarea",
        "nav",
        "footer",
        "aside",
        "head",
        "title",
        "link",
        "meta",
        "-comment",
        "map",
        "video",
        "audio",
        "label",
        "option",
    }
)
_BLOCK_TAGS = frozenset(
    {
        "p",
        "div",
        "li",
        "ul",
        "ol",
        "dl",
        "dt",
        "dd",
        "td",
        "th",
        "tr",
        "table",
        "tbody",
        "thead",
        "tfoot",
        "h1",
        "h2",
        "h3",
        "h4",
        "h5",
        "h6",
        "pre",
        "blockquote",
        "section",
        "article",
        "header",
        "main",
        "figure",
        "figcaption",
        "address",
        "center",
        "form",
        "hr",
        "fieldset",
        "details",
        "summary",
        "caption",
        "body",
        "html",
    }
)
# Long runs of bare opening tags: the parser's cost grows with nesting depth, so such runs are
# cut to their first few tags before parsing (real pages never nest hundreds of empty wrappers).
_DEEP_RUN = re.compile(r"(?:<[a-zA-Z][^<>]{0,200}>\s*){200,}")
_CELLS = frozenset({"td", "th"})
_LIST_CELLS = frozenset({"li", "td", "th", "dd", "dt", "pre"})
_FIGURES = frozenset({"figure", "figcaption"})
_HEADINGS = frozenset({"h1", "h2", "h3", "h4", "h5", "h6"})
_PLAIN_BLOCKS = frozenset({"p", "li", "td", "tr", "body", "html", "dd", "dt", "tbody", "br"})
_HIDDEN_STYLE = re.compile(r"display\s*:\s*none|visibility\s*:\s*hidden", re.IGNORECASE)
_DISPLAY_NONE = re.compile(r"display\s*:\s*none", re.IGNORECASE)
_VISIBLE_STYLE = "[style*='visibility:visible' i], [style*='visibility: visible' i]"
_SIGNATURE_DIGITS = re.compile(r"\d+")  # class names "post-17" and "post-18" are one kind
_BODY_ITEMPROPS = frozenset({"articleBody", "articlebody", "text", "reviewBody", "description"})
# Class/id tests run on the lower-cased "class id" string (case-sensitive patterns are faster).
# class/id names of the element that holds the article text itself
_CONTENT_ATTR = re.compile(
    r"(?:^|[\s_\-])(?:article|story|post|entry|news|blog|main|page|detail|text|content)[\-_]?"
    r"(?:body|content|text|txt|con|main|detail|copy|article)(?:$|[\s_\-])"
    r"|\b(?:articlebody|articlecontent|trs_editor|custom_unionstyle|zoom|zw|con_txt|main_text|"
    r"rich[\-_]?text|markdown[\-_]?body|newscontent|contenttext)\b"
)
# every _CONTENT_ATTR match holds one of these: a quick test first
_CONTENT_HINT = re.compile(r"body|con|te?xt|main|detail|copy|article|editor|unionstyle|zoom|zw")
# class/id words that mark page furniture (whole tokens split at whitespace, - and _)
_BOILER_WORDS = frozenset(
    """
    nav navbar menu breadcrumb breadcrumbs crumb crumbs sidebar footer comment comments share
    sharing social related recommend recommends advert advertisement banner copyright toolbar
    pagination pager hotnews tags keywords login topbar subnav relate xgtj xgyd bdshare
    friendlink newsletter promo cookie cookies consent gdpr popup modal
    statement disclaimer declare declaration shengming mianze banquan""".split()
)
_TOKEN_SEPARATORS = str.maketrans("_-", "  ")
# a marked element that is also a page wrapper ("Page-ad-margins", "main-content") is kept
_WRAPPER_ATTR = re.compile(r"wrap|container|content|main|article|body|page|post|entry|story|text")
_RELATED_HEAD = re.compile(
    rf"^(?:{RELATED_HEADINGS_ZH}|"
    r"related (?:articles|posts|stories|content|coverage|news|links)|you (?:may|might) (?:also )?like|"
    r"recommended(?: for you| stories| reading)?|read more|more stories|"
    r"most (?:read|popular|viewed|shared|watched|commented)(?: (?:stories|articles|news|now|today|"
    r"in [\w ]{1,20}))?|trending(?: now| stories| news)?|popular (?:now|stories|articles|posts)|"
    r"more from [\w .]{1,30}|editor'?s'? picks|top stories|latest (?:news|stories|articles)|"
    r"what to read next|up next|"
    # lists of other stories in the other languages of the benchmark pages (not "read also":
    # mid-article links carry that one)
    r"voc[êe] (?:também )?pode(?:rá)? gostar|(?:posts|artigos|notícias) relacionad[oa]s|"
    r"(?:también )?te puede interesar|(?:artículos|noticias) relacionad[oa]s|"
    r"vous aimerez aussi|articles similaires|das könnte sie auch interessieren|"
    r"potrebbe interessarti|articoli correlati|похожие статьи)"
    r"[\s:>».…]*$",
    re.IGNORECASE,
)
# advertisement slots and image credits: never article text (matched on short lines)
_AD_LINE = re.compile(
    r"^(?:advertisement|advertising|advert|ad|sponsored(?: content| links?)?|promoted|"
    r"(?:story|article) continues (?:below|after)(?: (?:this )?(?:advertisement|ad))?|"
    r"continue reading (?:below|the main story)|scroll (?:down )?to continue(?: with content)?|"
    # the controls of a photo gallery around an article's pictures
    r"caption|close|back to gallery|view (?:the )?gallery|open gallery|enlarge this image|expand)"
    r"[\s.:]*$",
    re.IGNORECASE,
)
_CREDIT_LINE = re.compile(
    r"\(?(?:(?:photo|image|picture|illustration|graphic|video)s?(?:graph)?\s*(?:by|via|credit|"
    r"courtesy(?: of)?|source)?\s*[:/]|(?:photo|image)s? (?:by|via|courtesy)\b|credits?\s*:)",
    re.IGNORECASE,
)
# first characters a _CREDIT_LINE match can start with (a cheap test before the match)
_CREDIT_STARTS = frozenset("(pPiIgGvVcC")
# "...where patients were treated.Credit: EPA": searched in the last CREDIT_TAIL characters
# "...(AP Photo/Alan Diaz, File)", and the "less"/"... more" toggle of an expandable caption
_CREDIT_TAIL = re.compile(
    r"(?:credit|photo|image|picture)s?\s*[:/]\s*[^.!?:]{1,60}\)?(?:\s+less)?$"
    r"|[.!?]\s+less$|\s(?:\.\.\.|…)\s+more$",
    re.IGNORECASE,
)
CREDIT_TAIL = 80
_PREV_NEXT = re.compile(
    r"^(?:上一篇|下一篇|上一页|下一页|上一条|下一条|(?:previous|next)(?: (?:post|article|story))?\s*:)",
    re.IGNORECASE,
)
# the heading of a reader-comment section: nothing after it belongs to the article
_COMMENTS_HEAD = re.compile(
    # "《title》已有1件评论": a WordPress theme names the post before the count
    r"^(?:《[^》]{1,80}》\s*)?(?:\d+\s*)?(?:comments?|leave a (?:comment|reply)|post a comment|"
    r"join the (?:discussion|conversation)|tell us what you think\W*|"
    # (not "回复"/"replies": on a forum the replies are the content)
    r"(?:网友|读者|最新|热门|我要|发表|全部|所有|精彩|用户)?(?:评论|留言)(?:区|列表)?"
    r"|(?:已有|共)?\s*\d+\s*(?:条|件|个)?(?:评论|留言))"
    r"(?:\s*\(\d+\))?[\s:.…]*$",
    re.IGNORECASE,
)
# the controls of a comment item: "回复", "赞(12)", "回复 | 举报", "Reply", "Like 3"
_COMMENT_CONTROLS = re.compile(
    r"^(?:(?:回复|赞|点赞|举报|顶|踩|引用|reply|like|report|quote|flag)\s*(?:\(\d+\)|\d+)?\s*[|·/]?\s*){1,4}$",
    re.IGNORECASE,
)
_FLOOR = re.compile(r"#\d+|\d+\s*楼|沙发|板凳|地板")
COMMENT_ITEM_CHARS = 300  # a reader comment is short: an item holding more is a post or an answer
COMMENT_LEAD_CHARS = 100  # article text (and more than one comment holds) before a comment list
COMMENT_LOOKAHEAD = 12  # lines after the best run searched for comment markers
# any of the short-line rules of _filter: one match tells whether to try them one by one
_SHORT_LINE_RULES = re.compile(
    "|".join(f"(?:{rule.pattern})" for rule in (_RELATED_HEAD, _PREV_NEXT, _AD_LINE, _COMMENTS_HEAD)),
    re.IGNORECASE,
)
_MONTHS = r"(?:jan|feb|mar|apr|may|jun|jul|aug|sep|sept|oct|nov|dec)[a-z]*\.?"
_DATE_ONLY = re.compile(
    r"(?:\d{4}[-/.年]\d{1,2}[-/.月]\d{1,2}日?|\d{1,2}[./]\d{1,2}[./]\d{4}|"
    rf"{_MONTHS}\s+\d{{1,2}}(?:st|nd|rd|th)?(?:,?\s*\d{{4}})?|\d{{1,2}}\s+{_MONTHS}(?:\s+\d{{4}})?)"
    r"(?:,?\s*\d{1,2}:\d{2}(?::\d{2})?(?:\s*[ap]\.?m\.?)?)?",
    re.IGNORECASE,
)
# the same, searched in lower-cased text (a case-insensitive search costs twice as much)
_DATE_ONLY_LOWER = re.compile(_DATE_ONLY.pattern)
_CJK = re.compile(r"[\u3400-\u9fff\uac00-\ud7af\u3040-\u30ff]")
_DIGIT = re.compile(r"\d")
# punctuation of prose in both widths (counted on the raw line: folding every line costs more)
_PUNCT = re.compile("[" + re.escape(both_widths("。,;!?、:.")) + "]")
# where a <title> puts the site name: "_", "|", a spaced dash, or a lone (not doubled) dash;
# a doubled dash "——" introduces a subtitle and stays
_TITLE_SPLIT = re.compile(
    "\\s*(?:[" + re.escape(both_widths("_|")) + "]|\\s[-–—－]{1,2}\\s|(?<![-–—])[–—](?![-–—]))\\s*"
)
_LIST_INTRO_CHARS = 80  # a line ending in ":" this short may introduce a list
_BY_LINE = re.compile(r"^(?:by|por|par|von|di|door|written by|words by)(?::|\s|$)", re.IGNORECASE)
BYLINE_LINES = 8  # lines above the body searched for a byline
_HEAD_SELECTOR = "title, " + dates.MARKUP_SELECTOR
HEADING_GAP = 2  # short plain lines between a heading and the run that join the run with it
SIGNOFF_LINES = 4  # lines of a closing formula, signature and date after the last paragraph


@dataclass(slots=True)
class _Line:
    text: str
    links: int  # characters inside <a>
    chain: tuple[int, ...]  # block ancestor ids, outermost first (bounded)
    tag: str  # innermost block tag
    size: int  # characters, spaces not counted
    figure: bool  # inside a <figure> or <figcaption>: a caption or credit
    value: float  # _value() of the line
    level: int  # heading level: 2-5 for <h2>-<h6>, 6 for an all-bold line or a "title" block, 0 none


def extract(doc: Document) -> Document:
    """Set ``title`` and ``paragraphs`` from ``doc.html``."""
    text = doc.html or ""
    if len(text) > MAX_CHARS:
        doc = doc.warn(f"input truncated from {len(text)} to {MAX_CHARS} characters")
        text = text[:MAX_CHARS]
    if doc.kind == "text":
        return _extract_text(doc, text)
    if not text.strip():
        return doc.fail("empty document")
    deep, stop = _scan_tags(text)
    if stop < len(text):
        doc = doc.warn(f"stopped after {MAX_NODES} tags")
        text = text[:stop]
    cut = 0
    if deep:
        text, cut = _DEEP_RUN.subn(lambda m: "".join(re.findall(r"<[^<>]*>", m.group(0))[:50]), text)
    if cut:
        doc = doc.warn(f"cut {cut} run(s) of deeply nested tags")
    tree = LexborHTMLParser(text)
    hints: dict[int, int] = {}
    # one walk for the title, og:title and the dated markup, before _flatten empties scripts
    marked = tree.css(_HEAD_SELECTOR)
    titles = _head_titles(marked)
    markup_date = dates.from_nodes(marked)
    units: dict[int, LexborNode] = {}
    lines = _flatten(tree, hints, units)
    title = _title(*titles, lines)
    reasons: dict[int, str] = {}
    body = _main_lines(lines, hints, reasons, units)
    if body and _same(body[0].text, title):
        reasons[id(body[0])] = "title-repeat"
        body = body[1:]
    kept = {id(line) for line in body}
    removed = tuple(
        [
            Removed(line.text, "extract:" + reasons.get(id(line), "outside-main"))
            for line in lines
            if id(line) not in kept
        ]
    )
    now = dates.fetched_at(doc.headers)
    published, source = _byline_before(lines, body, now)
    dated = _dated_under_headline(lines, title, now)
    if dated is not None:
        line, when, named = dated
        published, source = published or when, source or named
        if any(kept is line for kept in body):  # the date line is no text of the article
            body = [kept for kept in body if kept is not line]
            removed += (Removed(line.text, "date-source"),)  # the reason clean gives a byline
    return replace(
        doc,
        title=title,
        paragraphs=tuple(line.text for line in body),
        headings=tuple((line.text, line.level) for line in body if line.level),
        removed=doc.removed + removed,
        published_at=dates.merge(markup_date, published),
        source=source,
    )


def _byline_before(lines: list[_Line], body: list[_Line], now: datetime | None = None) -> tuple[str, str]:
    """(date, source) of a byline among the few lines just above the article body (an info bar
    between the headline and the text that extraction leaves out); a relative time ("昨天 14:20",
    "3天前") is resolved against ``now``, the fetch time (see ``dates.relative``)."""
    if not body:
        return "", ""
    first = next(index for index, line in enumerate(lines) if line is body[0])
    above = [fold(line.text) for line in lines[max(0, first - BYLINE_LINES) : first] if line.size <= 80]
    for view in reversed(above):
        found = dates.byline(view)
        if found and found[0]:
            return found
    for view in reversed(above):
        when = dates.info_bar(view)
        if when:
            return when, ""
    for view in reversed(above):
        relative = dates.relative_stamp(view, now)
        if relative:
            return relative, dates.source_in(view)
    return "", ""


def _dated_under_headline(lines: list[_Line], title: str, now: datetime | None) -> tuple[_Line, str, str] | None:
    """(line, ISO date, source) of a date line right under the page's headline (the ``<h1>`` that
    repeats the title, else the first ``<h1>``): a bare ``2020-10-19 09:11:16``, a date with
    its source, a stamp with counters, or a relative time resolved against ``now``. Wherever
    the headline sits (furniture blocks may come before it), the line under it dates the page.
    None when there is none (the date may then be "" for a relative time without ``now``)."""
    headlines = [index for index, line in enumerate(lines) if line.level == 1]
    if not headlines:
        return None
    at = next((index for index in headlines if _same(lines[index].text, title)), headlines[0])
    for line in lines[at + 1 : at + 3]:
        if line.size > 80 or line.level:
            return None
        view = fold(line.text)
        found = dates.byline(view)
        if found and found[0]:
            return line, found[0], found[1]
        when = dates.stamp_line(view)
        if when:
            return line, when, dates.source_in(view)
        relative = dates.relative_stamp(view, now)
        if relative is not None:
            return line, relative, dates.source_in(view)
    return None


def _scan_tags(text: str, chunk: int = 32_768) -> tuple[bool, int]:
    """(may nest deeply, where to stop) from a C-speed count of ``<`` and ``</`` per chunk.

    Nesting deeper than a few thousand needs that many more opening than closing tags in some
    prefix of the page (the cheap pre-check for :data:`_DEEP_RUN`, whose regex scan costs
    milliseconds per page). The balance is only counted exactly (``</`` is the slower count)
    once the ``<`` seen since the last exact count could have pushed it over the limit. Pages
    with more than :data:`MAX_NODES` tags are cut after that many, which bounds the tree and
    every pass over it.
    """
    balance = tags = pending = 0
    exact = 0  # where the balance was last counted exactly
    deep = False
    for start in range(0, len(text), chunk):
        end = start + chunk
        opening = text.count("<", start, end)
        if tags + opening > MAX_NODES:
            position = start
            for _ in range(MAX_NODES - tags + 1):
                position = text.index("<", position) + 1
            return deep, position - 1
        tags += opening
        if not deep:
            pending += opening
            if balance + pending > MAX_OPEN_BALANCE:
                balance += pending - 2 * text.count("</", exact, end)
                exact, pending = end, 0
                deep = balance > MAX_OPEN_BALANCE
    return deep, len(text)


def _extract_text(doc: Document, text: str) -> Document:
    lines = [" ".join(line.split()) for line in text.splitlines()]
    lines = [line for line in lines if line]
    if not lines:
        return doc.fail("empty document")
    return replace(doc, title=lines[0], paragraphs=tuple(lines[1:]))


_TAG_KINDS = {tag: "block" for tag in _BLOCK_TAGS - {"body", "html"}}
_TAG_KINDS |= {tag: "skip" for tag in _SKIP_TAGS if not tag.startswith("-")}
_TAG_KINDS |= {"a": "a", "br": "br", "strong": "bold", "b": "bold", "span": "styled", "font": "styled", "img": "img"}
# a heading drawn as an image ("<h2><img alt='在哪里办理参保登记?'></h2>") is titled by its alt
# (or title) text; an image's alt elsewhere (logos, photos, icons beside heading text) is no text
_ALT_HEADINGS = frozenset({"h2", "h3", "h4", "h5", "h6"})
_ALT_QUESTION = re.compile(r"[?？]\s*$|怎么|怎样|如何|吗|哪|多少|多久|能否|是否|可以|什么|为什么")
BANNER_RATIO = 4  # width / height of an image drawn as a line of text
# WeChat-style pages make headings bold with an inline style, not <strong>
_BOLD_STYLE = re.compile(r"font-weight\s*:\s*(?:bold|bolder|[6-9]00)", re.IGNORECASE)
# a <dt> is the term a <dd> answers: on Q&A pages, the question over its answer
_LEVELS = {"h1": 1, "h2": 2, "h3": 3, "h4": 4, "h5": 5, "h6": 5, "dt": EMPHASIS_LEVEL}
# class names of blocks that hold a (section) heading: "sec-title", "q_title", "subtit", "heading"
_HEADING_CLASS = re.compile(r"(?:^|[\s_\-])(?:[a-z]{0,4}tit(?:le)?|heading|hd)(?:$|[\s_\-])", re.IGNORECASE)
# Nodes are dispatched on lexbor's numeric tag id (no string built per node). Standard tags
# have small fixed ids and are cached; custom tags get per-document ids and are looked up.
_STATIC_IDS = 4096


def _text_tag_id() -> int:
    """lexbor's tag id of a text node (read once from a parsed one-word paragraph)."""
    paragraph = LexborHTMLParser("<p>x</p>").css_first("p")
    assert paragraph is not None and paragraph.first_child is not None
    return paragraph.first_child.tag_id


_TEXT_ID = _text_tag_id()
_KIND_BY_ID: dict[int, tuple[str, str | None]] = {}


def _kind_of(node: LexborNode, tag_id: int) -> tuple[str, str | None]:
    tag = node.tag or ""
    found = (tag, _TAG_KINDS.get(tag))
    if tag_id < _STATIC_IDS:
        _KIND_BY_ID[tag_id] = found
    return found


def _styled_bold(node: LexborNode) -> bool:
    """A <span>/<font> bold by its inline style, or whose class names a title ("subtit")."""
    attrs = node.attributes
    if not attrs:
        return False
    return bool(_BOLD_STYLE.search(attrs.get("style") or "") or _HEADING_CLASS.search(attrs.get("class") or ""))


def _following(node: LexborNode, parent_id: int, parent_end: int) -> int:
    """``mem_id`` of the first node after ``node``'s subtree (-1: none before the walk ends).

    ``parent_id`` / ``parent_end`` are the innermost open block and its own following node:
    every ancestor up to it is inline, so the climb is short.
    """
    current: LexborNode | None = node
    while current is not None:
        after = current.next
        if after is not None:
            return after.mem_id
        current = current.parent
        if current is None:
            return -1
        if current.mem_id == parent_id:
            return parent_end
    return -1


def _flatten(tree: LexborHTMLParser, hints: dict[int, int], units: dict[int, LexborNode] | None = None) -> list[_Line]:
    """Cut the page's text into block-level lines, each with its chain of block ancestors.

    One pass of lexbor's own depth-first ``traverse()`` (a C loop; Python sees each node once,
    with no per-node child lists). traverse() yields no end events, so each kept block and real
    link remembers the node that follows its subtree: reaching that node closes it. Skipped
    elements (scripts, menus, hidden blocks) are emptied before the walk descends into them.
    Block ids count kept blocks from 1 in document order (0 is the root). ``units`` receives
    the node of each kept block that is not a plain one (``p``, ``li``, ``td``…), by block id.
    """
    units = {} if units is None else units
    root = tree.body or tree.root
    lines: list[_Line] = []
    if root is None:
        return lines
    chain: tuple[int, ...] = (0,)  # the innermost open block's chain of block ids (bounded)
    block_tag, block_node, block_end = root.tag or "body", root.mem_id, -1  # -1: no node, never ends
    stack: list[tuple] = []  # the enclosing blocks' (chain, tag, node id, end) while open
    link_end, link_ends = 0, [0]  # the innermost open link's following-node id (0: none), and all
    block_count = 0
    parts: list[str] = []
    link_chars = 0
    bold_end, bold_ends = 0, [0]  # the same for the innermost open <strong>/<b>
    bold_chars = 0
    heading_blocks: set[int] = set()  # blocks whose class names a title
    figures = 0  # open <figure>/<figcaption> blocks
    kinds, text_id, kind_of, figure_tags = _KIND_BY_ID, _TEXT_ID, _kind_of, _FIGURES
    plain, depth = _PLAIN_BLOCKS, MAX_DEPTH_KEPT

    alt = ""  # alt text of an image heading while its block holds no text
    alt_linked = False

    def flush() -> None:  # called only when parts is not empty
        nonlocal link_chars, bold_chars, alt
        alt = ""
        text = " ".join("".join(parts).split())
        if text:
            size = len(text) - text.count(" ")
            # 0 for text blocks; h1 is 1. A bold table cell is a column header, not a heading.
            level = _LEVELS.get(block_tag, 0) or (
                EMPHASIS_LEVEL if (bold_chars >= size or chain[-1] in heading_blocks) and block_tag not in _CELLS else 0
            )
            lines.append(
                _Line(text, link_chars, chain, block_tag, size, figures > 0, _value(text, link_chars, size), level)
            )
        parts.clear()
        link_chars = bold_chars = 0

    walk = root.traverse(include_text=True)
    next(walk)  # the root itself
    for node in walk:
        node_id = node.mem_id
        if node_id == block_end:
            if alt and not parts:
                parts.append(alt)
                link_chars = len(alt.replace(" ", "")) if alt_linked else 0
            if parts:
                flush()
            alt = ""
            while node_id == block_end:
                if block_tag in figure_tags:
                    figures -= 1
                chain, block_tag, block_node, block_end = stack.pop()
        if node_id == link_end:
            while node_id == link_ends[-1]:
                link_ends.pop()
            link_end = link_ends[-1]
        if node_id == bold_end:
            while node_id == bold_ends[-1]:
                bold_ends.pop()
            bold_end = bold_ends[-1]
        tag_id = node.tag_id
        if tag_id == text_id:
            value = node.text_content or ""
            if parts:
                parts.append(value)
            elif value and not value.isspace():
                parts.append(value)
            else:
                continue  # whitespace between blocks
            if link_end or bold_end:
                chars = len("".join(value.split()))
                if link_end:
                    link_chars += chars
                if bold_end:
                    bold_chars += chars
            continue
        tag, kind = kinds.get(tag_id) or kind_of(node, tag_id)
        if kind is None:
            continue  # inline element (or comment): its text nodes come next
        if kind == "block":
            if tag in plain:
                hint, heading, unit = 0, False, False
            else:
                hint, heading = _classify(node, tag)
                unit = True
            if hint >= 0:
                if parts:
                    flush()
                block_count += 1
                if unit:
                    units[block_count] = node
                if hint:
                    hints[block_count] = hint
                if heading:
                    heading_blocks.add(block_count)
                stack.append((chain, block_tag, block_node, block_end))
                after = node.next  # _following's first step, inline: most blocks have a sibling
                block_end = after.mem_id if after is not None else _following(node, block_node, block_end)
                chain += (block_count,)
                if len(chain) > depth:
                    chain = chain[-depth:]
                block_tag, block_node = tag, node_id
                if tag in figure_tags:
                    figures += 1
                continue
        elif kind == "a":
            # only real links count: an unclosed <a name=…> is re-opened by the parser in every
            # following block and would make a whole article look like navigation
            if node.attrs.get("href") is not None:
                link_end = _following(node, block_node, block_end)
                link_ends.append(link_end)
            continue
        elif kind == "bold" or kind == "styled":
            if kind == "bold" or _styled_bold(node):
                bold_end = _following(node, block_node, block_end)
                bold_ends.append(bold_end)
            continue
        elif kind == "br":
            if parts:
                flush()
            continue
        elif kind == "img":
            if block_tag in _ALT_HEADINGS and not parts and not alt:
                alt = _alt_heading(node.attributes)
                alt_linked = bool(link_end)  # a linked image heading is a teaser, as linked text is
            continue
        node.inner_html = ""  # skipped: the walk goes on after it
    if parts:
        flush()
    return lines


def _shown_inside(node: LexborNode, style: str) -> bool:
    """A ``visibility: hidden`` block whose descendants set ``visibility: visible`` shows them
    (CSS: visibility is inherited and can be overridden below, unlike ``display: none``). WeChat
    articles hide their whole body this way until a script runs, with every paragraph visible."""
    return _DISPLAY_NONE.search(style) is None and node.css_first(_VISIBLE_STYLE) is not None


def _alt_heading(attrs: dict[str, str | None]) -> str:
    """The heading text of an image alone in a heading element: its alt (or title) when that
    reads as a heading (a question, "每个月要交多少钱?") or the image is drawn as a line of
    text (a banner, width >= BANNER_RATIO x height); "" for a photo in a heading ("Shy owl")."""
    text = " ".join((attrs.get("alt") or attrs.get("title") or "").split())[:200]
    if not text:
        return ""
    if _ALT_QUESTION.search(text):
        return text
    try:
        width, height = int(attrs.get("width") or 0), int(attrs.get("height") or 0)
    except ValueError:
        return ""
    return text if height > 0 and width >= BANNER_RATIO * height else ""


def _classify(node: LexborNode, tag: str) -> tuple[int, bool]:
    """(hint, heading) of a block: hint -1 for furniture to skip (menus, comments, hidden), else a
    content-hint strength 0..3; heading when it is a ``<div>`` whose class names a title."""
    attrs = node.attributes
    if not attrs:
        return (1 if tag in ("article", "main") else 0), False
    heading = tag == "div" and _HEADING_CLASS.search(attrs.get("class") or "") is not None
    if "hidden" in attrs:
        return -1, heading
    style = attrs.get("style")
    if style and _HIDDEN_STYLE.search(style) and not _shown_inside(node, style):
        return -1, heading
    if attrs.get("itemprop") in _BODY_ITEMPROPS:
        return 3, heading
    marker = f"{attrs.get('class') or ''} {attrs.get('id') or ''}".strip()
    if marker:
        kind = _marker_kind(marker)
        if kind:
            if kind > 0:
                return kind, heading
            # a furniture-named element that wraps the article itself is a layout wrapper
            if tag not in _HEADINGS and node.css_first("article, main, h1, [itemprop=articleBody]") is None:
                return -1, heading
    return (1 if tag in ("article", "main") else 0), heading


_MARKER_KINDS: dict[str, int] = {}  # class/id string -> kind; class names repeat on every page


def _marker_kind(marker: str) -> int:
    """2 for an article-body name, -1 for a furniture name, 0 for neither (cached)."""
    kind = _MARKER_KINDS.get(marker)
    if kind is None:
        low = marker.lower()
        if _CONTENT_HINT.search(low) and _CONTENT_ATTR.search(low):
            kind = 2
        elif not _BOILER_WORDS.isdisjoint(low.translate(_TOKEN_SEPARATORS).split()) and not _WRAPPER_ATTR.search(low):
            kind = -1
        else:
            kind = 0
        if len(marker) <= 200:
            if len(_MARKER_KINDS) >= 50_000:
                _MARKER_KINDS.clear()
            _MARKER_KINDS[marker] = kind
    return kind


def _value(text: str, links: int, size: int) -> float:
    """Positive for prose, negative for navigation-like lines, near zero for short plain text."""
    if size == 0:
        return 0.0
    if links > 0.5 * size:
        return -min(size, 60) - 5.0
    value = size - links - 12.0 + 4.0 * _marks(text)
    return value if value > -8.0 else -8.0


_MARKS_WINDOW = 160  # characters: ten marks are almost always found within them


def _marks(text: str) -> int:
    """Sentence punctuation marks in ``text``, counted up to 10 (a long line's rest is scanned
    only when its start holds fewer: the regex scan is the costly part of a line's value)."""
    marks = len(_PUNCT.findall(text, 0, _MARKS_WINDOW))
    if marks < 10 and len(text) > _MARKS_WINDOW:
        marks += len(_PUNCT.findall(text, _MARKS_WINDOW))
    return marks if marks < 10 else 10


def _main_lines(
    lines: list[_Line],
    hints: dict[int, int] | None = None,
    reasons: dict[int, str] | None = None,
    units: dict[int, LexborNode] | None = None,
) -> list[_Line]:
    """The best-scoring contiguous run of lines (maximum subarray), then filtered.

    A run rather than one DOM subtree: articles are often split over sibling elements or sit
    as bare paragraphs inside a giant layout cell that also holds every menu of the page. When
    the page names its article container (itemprop=articleBody, class "article-body", <article>)
    and that container holds most of the run's prose, the run is searched inside it instead, so
    teasers and bylines next to the article cannot join it. The run then takes in the headings
    right before it and a list that a line of it introduces (``…以下材料:`` + ``<ul>``): short
    lines score below zero on their own, but they are part of the answer.

    ``reasons`` (line id → reason) receives why each line inside the run was dropped.
    """
    if not lines:
        return []
    reasons = {} if reasons is None else reasons
    values = [line.value for line in lines]
    _neutral_cells(lines, values)
    start, end = _best_run(values, 0, len(lines))
    if end < start:
        return []
    container = None
    if hints:
        container = _hinted_container(lines, values, hints, start, end)
        if container is None:
            container = _named_body_elsewhere(lines, values, hints, start, end)
        if container is not None:
            inside = [i for i, line in enumerate(lines) if container in line.chain]
            sub_start, sub_end = _best_run(values, inside[0], inside[-1] + 1, container, lines)
            if sub_end >= sub_start:
                start, end = sub_start, sub_end
            else:
                container = None
    start = _with_headings_before(lines, start, container)
    end = _with_signoff(lines, _with_introduced_lists(lines, end, container))
    chosen = [line for line in lines[start : end + 1] if container is None or container in line.chain]
    dated = _dropping("dated-list", lambda run: _cut_dated_list(run, units), chosen, reasons)
    chosen = _dropping("teasers", _cut_teasers, dated, reasons)
    chosen = _dropping(
        "comments", lambda run: _cut_comments(run, lines[start : end + 1 + COMMENT_LOOKAHEAD]), chosen, reasons
    )
    filtered = _filter(chosen, _common_ancestor(chosen), reasons)
    return _dropping("byline-trim", _trim, filtered, reasons)


def _shared_prefix(a: tuple[int, ...], b: tuple[int, ...]) -> int:
    """How many leading block ids two chains share (their common ancestors)."""
    size = 0
    while size < len(a) and size < len(b) and a[size] == b[size]:
        size += 1
    return size


def _dropping(reason: str, step, lines: list[_Line], reasons: dict[int, str]) -> list[_Line]:
    """Run ``step`` on ``lines`` and record ``reason`` for every line it leaves out."""
    kept = step(lines)
    if len(kept) != len(lines):
        ids = {id(line) for line in kept}
        for line in lines:
            if id(line) not in ids:
                reasons.setdefault(id(line), reason)
    return kept


def _with_headings_before(lines: list[_Line], start: int, container: int | None) -> int:
    """Move the run's start back over the headings (<h1>-<h6>, all-bold lines, title blocks)
    right before it, and the short plain lines between such a heading and the run: the first
    question of a page, and a sub-heading under it, score below zero on their own but open
    the article."""
    while True:
        index, gap = start - 1, 0
        while index >= 0 and gap <= HEADING_GAP:
            line = lines[index]
            if line.links or line.size > 60 or (container is not None and container not in line.chain):
                return start
            if line.level:
                break
            index, gap = index - 1, gap + 1
        else:
            return start
        if index < 0:
            return start
        start = index


def _with_signoff(lines: list[_Line], end: int) -> int:
    """Move the run's end over a sign-off: up to SIGNOFF_LINES short plain lines in the same
    parent block as the run's last line, the last of them a date ("特此通告。/ 吉林省人民政府 /
    2022年1月27日", a letter's "Sincerely, / name / date"). Each scores below zero alone."""
    parent = lines[end].chain[:-1]
    index = end + 1
    while index < len(lines) and index - end <= SIGNOFF_LINES:
        line = lines[index]
        if line.links or line.size > 30 or line.chain[:-1] != parent:
            return end
        if _is_date_line(line):
            return index
        index += 1
    return end


def _with_introduced_lists(lines: list[_Line], end: int, container: int | None) -> int:
    """Move the run's end over a list (or table) that its last line, or a short line right after
    it, introduces with a closing colon."""
    index = end + 1
    intro = fold(lines[end].text).endswith(":")
    if not intro and index < len(lines):
        line = lines[index]
        if (
            line.size <= _LIST_INTRO_CHARS
            and not line.links
            and fold(line.text).endswith(":")
            and (container is None or container in line.chain)
        ):
            intro, index = True, index + 1
    if not intro:
        return end
    first = index
    while index < len(lines):
        line = lines[index]
        if (
            line.tag not in _LIST_CELLS
            or line.links > 0.3 * line.size
            or (container is not None and container not in line.chain)
        ):
            break
        index += 1
    return index - 1 if index > first else end


def _is_headline_link(line: _Line) -> bool:
    return 15 <= line.size <= 200 and line.links >= 0.5 * line.size


def _cut_teasers(lines: list[_Line]) -> list[_Line]:
    """Cut a run that ends in a teaser list: linked headlines, each with a short summary.

    Three or more linked headlines (a headline is a run of adjacent link lines: title, source)
    at most TEASER_GAP lines and TEASER_CHARS characters apart, running to the end of the run,
    each line between them inside the card (a block holding no other headline) of the headline
    before or after it, are other stories: the headlines would be dropped as links, but their
    kickers and summaries are plain text. Teaser widgets scattered between the article's own
    paragraphs do not qualify, as those paragraphs sit in no headline's card.
    """
    heads: list[tuple[int, int]] = []  # (first, last) line of each headline
    for index, line in enumerate(lines):
        if _is_headline_link(line):
            if heads and heads[-1][1] == index - 1:
                heads[-1] = (heads[-1][0], index)
            else:
                heads.append((index, index))
    if len(heads) < 3:
        return lines
    holds: dict[int, int] = {}  # block -> headlines inside it
    blocks_of = []
    for first, last in heads:
        blocks = set().union(*(lines[index].chain for index in range(first, last + 1)))
        blocks_of.append(blocks)
        for block in blocks:
            holds[block] = holds.get(block, 0) + 1
    cards = [{block for block in blocks if holds[block] == 1} for blocks in blocks_of]

    def in_cards(gap: list[_Line], owners: set[int]) -> bool:
        if len(gap) > TEASER_GAP or sum(line.size for line in gap) > TEASER_CHARS:
            return False
        return all(owners.intersection(line.chain) for line in gap)

    after = lines[heads[-1][1] + 1 :]
    if after and after[-1].size <= 60 and not cards[-1].intersection(after[-1].chain):
        after = after[:-1]  # the kicker of a story the run stops before
    if not in_cards(after, cards[-1]):
        return lines
    start, count, summaries = len(heads) - 1, 1, int(bool(after))
    while start > 0:
        gap = lines[heads[start - 1][1] + 1 : heads[start][0]]
        if not in_cards(gap, cards[start - 1] | cards[start]):
            break
        start, count, summaries = start - 1, count + 1, summaries + bool(gap)
    if count < 3 or summaries < 2:
        return lines  # a plain list of links: the link filter drops it anyway
    cut = heads[start][0]
    while (
        cut > 0
        and heads[start][0] - cut < 2
        and lines[cut - 1].size <= 60
        and cards[start].intersection(lines[cut - 1].chain)
    ):
        cut -= 1  # the first story's kicker
    return lines[:cut]


def _trim(lines: list[_Line]) -> list[_Line]:
    """Drop the short lines before the first and after the last paragraph of prose.

    Short means at most TRIM_SIZE characters and no Chinese (where that is a whole sentence
    and clean.py knows the byline shapes). Before it they are kickers, bylines and datelines
    ("By", an author's name, "Nov. 19, 2019 8:03 am ET"); after it, sign-offs and section
    labels. Headings before the first paragraph stay (they title the article or a section).
    """
    short = [line.size <= TRIM_SIZE and not _CJK.search(line.text) for line in lines]
    prose = [index for index, line in enumerate(lines) if not short[index] and line.value >= 40]
    if not prose:
        return lines
    first, last = prose[0], prose[-1]
    head = lines[:first]
    if sum(short[:first]) <= TRIM_LINES:  # more is a list, not a byline
        head = [line for index, line in enumerate(head) if not short[index] or line.tag in _HEADINGS]
    tail = lines[last + 1 :]
    if (
        len(tail) <= TRIM_LINES
        and all(short[last + 1 :])
        and not any(line.tag in _LIST_CELLS or line.text[-1] in ".!?:;" for line in tail)
    ):
        tail = []  # list items, table cells and sentences may end an article
    body = lines[first : last + 1]
    cut = _byline_after_standfirst(body, short[first : last + 1])
    return head + body[: cut[0]] + body[cut[1] :] + tail


def _byline_after_standfirst(body: list[_Line], short: list[bool]) -> tuple[int, int]:
    """(start, end) of a byline block right after the first paragraph (a standfirst), else (0, 0).

    News pages often print the summary first and then "By / Author Name / Nov. 18, 2019 7:04
    pm ET": a line that is only "By …" (or "Por", "Par", "Von"), with the short lines after it
    up to a date line.
    """
    for start in range(1, min(len(body), 4)):
        if short[start] and _BY_LINE.match(body[start].text):
            end = start + 1
            while end < len(body) and end - start < 4 and short[end]:
                end += 1
                if _is_date_line(body[end - 1]):
                    break
            return start, end
    return 0, 0


def _neutral_cells(lines: list[_Line], values: list[float]) -> None:
    """Short plain table cells (a cell holding one line) are data, not furniture: value 0.

    Their -8 would otherwise cut a data table out of the article it sits in. A cell holding
    several short lines (a forum's user box) keeps its negative value.
    """
    last = len(lines) - 1
    for index, line in enumerate(lines):
        if line.tag in _CELLS and values[index] < 0 and not line.links:
            cell = line.chain[-1]
            if (index == 0 or lines[index - 1].chain[-1] != cell) and (
                index == last or lines[index + 1].chain[-1] != cell
            ):
                values[index] = 0.0


def _is_date_line(line: _Line) -> bool:
    text = line.text
    if line.size > 40 or not _DIGIT.search(text):  # every date has a digit: cheap test
        return False
    low = text.lower()
    if len(low) == len(text):  # positions in low are positions in text
        match = _DATE_ONLY_LOWER.search(low)
    else:
        match = _DATE_ONLY.search(text)
    if match is None:
        return False
    rest = text[: match.start()] + text[match.end() :]
    return sum(ch.isalnum() for ch in rest) <= 12


def _cut_dated_list(lines: list[_Line], units: dict[int, LexborNode] | None = None) -> list[_Line]:
    """Cut a run that goes on into a list of dated items (teasers, other blog posts).

    Three or more date-only lines each followed by prose mark a listing. The first date may
    be the article's own (nothing of substance before it); the list then starts at the next.
    A thread is not cut: when the article's own dated block and the first listed one are
    sibling blocks of one kind (``units``: same tag, a class name in common), the items are the
    article's replies (forum posts, answers), not teasers of other pages.
    """
    dates = [i for i, line in enumerate(lines) if _is_date_line(line)]
    if len(dates) < 3:
        return lines
    values = [line.value for line in lines]
    total = sum(v for v in values if v > 0)

    def mass(lo: int, hi: int) -> float:
        return sum(v for v in values[lo:hi] if v > 0)

    if mass(0, dates[0]) >= 0.15 * total:
        cut = dates[0]
    else:
        # the article's own date: the first one followed by real prose before the next date
        bounds = dates + [len(lines)]
        own = next(
            (
                k
                for k in range(len(dates) - 2)
                if mass(bounds[k], bounds[k + 1]) >= 0.1 * total
                or sum(line.size for line in lines[bounds[k] : bounds[k + 1]]) >= 300
            ),
            None,
        )
        if own is None:
            return lines
        cut = dates[own + 1]
        if units and _same_kind_siblings(lines[dates[own]].chain, lines[cut].chain, units):
            return lines
    # the item's own title / print link just above the date go with it
    while cut > 0 and values[cut - 1] <= 20 and lines[cut - 1].size <= 60:
        cut -= 1
    return lines[:cut] if cut > 0 else lines


def _same_kind_siblings(a: tuple[int, ...], b: tuple[int, ...], units: dict[int, LexborNode]) -> bool:
    """Whether the two chains part at sibling blocks of one kind: the same tag and a class name
    in common, digits folded (``div.post-17`` and ``div.first-post post-18`` are one kind)."""
    size = _shared_prefix(a, b)
    if size == 0 or size >= len(a) or size >= len(b):
        return False
    first, second = units.get(a[size]), units.get(b[size])
    if first is None or second is None or first.tag != second.tag:
        return False
    return bool(_class_names(first) & _class_names(second))


def _class_names(node: LexborNode) -> set[str]:
    return set(_SIGNATURE_DIGITS.sub("#", node.attrs.get("class") or "").split())


def _is_comment_marker(line: _Line) -> bool:
    """A line that only a reader comment holds: a name with a relative time ("东城网友 3天前",
    "2 hours ago · Reply"), or the item's reply/like controls."""
    if line.size > 40:
        return False
    view = fold(line.text)
    return _COMMENT_CONTROLS.match(view) is not None or dates.relative_stamp(view, None) is not None


def _is_comment_time(line: _Line) -> bool:
    """A comment marker that dates the comment (a relative time), not only its controls."""
    return line.size <= 40 and dates.relative_stamp(fold(line.text), None) is not None


def _cut_comments(run: list[_Line], lines: list[_Line]) -> list[_Line]:
    """Cut a list of reader comments that follows the article inside its container: ``run``
    without the lines of the list, whose markers are sought in ``lines`` (the page from the
    run's start to a little after its end: the markers, short lines, often fall outside it).

    The kind, whatever the markup names it: two or more sibling items (blocks under one
    parent), each dated by a relative time (:func:`_is_comment_time`) and holding little text,
    after at least ``COMMENT_LEAD_CHARS`` of article text and more than the first item holds.
    Forum threads and Q&A answers also carry names and times, but their first post is such an
    item too (nothing of substance comes before the list), their items are long, or their
    replies are numbered floors ("#1", "2楼"), so they are not cut. The short heading lines of
    the list ("全部评论(3)") go with it.
    """
    markers = [index for index, line in enumerate(lines) if _is_comment_time(line)]
    if any(_FLOOR.search(fold(lines[index].text)) for index in markers):
        return run  # numbered floors ("#1", "2楼"): a thread's replies, the page's content
    for first, second in zip(markers, markers[1:], strict=False):
        chain_a, chain_b = lines[first].chain, lines[second].chain
        shared = _shared_prefix(chain_a, chain_b)
        if shared == 0 or shared >= min(len(chain_a), len(chain_b)):
            continue  # one item holds both markers, or no common parent
        parent, item = chain_a[shared - 1], chain_a[shared]
        start = next(index for index, line in enumerate(lines) if item in line.chain)
        item_chars = sum(line.size for line in lines if item in line.chain)
        lead = sum(line.size for line in lines[:start] if line.value > 0 and parent not in line.chain)
        if item_chars > COMMENT_ITEM_CHARS or lead < max(COMMENT_LEAD_CHARS, item_chars):
            continue
        while start > 0 and parent in lines[start - 1].chain and lines[start - 1].size <= 40:
            start -= 1  # the list's heading and counters
        listed = {id(line) for line in lines[start:] if parent in line.chain}
        return [line for line in run if id(line) not in listed]
    return run


def _best_run(
    values: list[float], lo: int, hi: int, container: int | None = None, lines: list[_Line] | None = None
) -> tuple[int, int]:
    """(first, last) index of the maximum-sum run in ``values[lo:hi]``; last < first if none."""
    best_sum, best_start, best_end = 0.0, lo, lo - 1
    current, start = 0.0, lo
    for index in range(lo, hi):
        if container is not None and lines is not None and container not in lines[index].chain:
            continue
        if current <= 0:
            current, start = 0.0, index
        current += values[index]
        if current > best_sum:
            best_sum, best_start, best_end = current, start, index
    return best_start, best_end


def _hinted_container(
    lines: list[_Line], values: list[float], hints: dict[int, int], start: int, end: int
) -> int | None:
    """The strongest-hinted, innermost block holding most of the best run's prose."""
    run_mass = sum(v for v in values[start : end + 1] if v > 0)
    if run_mass <= 0:
        return None
    mass: dict[int, float] = {}
    for index in range(start, end + 1):
        value = values[index]
        if value <= 0:
            continue
        for block in lines[index].chain:
            if block in hints:
                mass[block] = mass.get(block, 0.0) + value
    best: tuple[int, float] | None = None
    best_block = None
    related = _related_blocks(lines, start, end)
    for block, held in mass.items():
        if held < HINT_SHARE * run_mass or block in related:
            continue
        key = (hints[block], -held)
        if best is None or key > best:
            best, best_block = key, block
    return best_block


def _related_blocks(lines: list[_Line], start: int, end: int) -> set[int]:
    """Blocks opened by a "related …" heading in lines[start:end + 1]: a list of other stories
    (often each an <article>), never the article's own container."""
    blocks: set[int] = set()
    for index in range(start, end + 1):
        line = lines[index]
        if line.size <= 40 and _RELATED_HEAD.match(line.text):
            blocks.update(_opened_at(lines, index, line.chain))
    return blocks


def _opened_at(lines: list[_Line], index: int, blocks: tuple[int, ...]) -> list[int]:
    """The blocks among ``blocks`` (outermost first) that start with line ``index``."""
    previous = lines[index - 1].chain if index else ()
    return [block for block in blocks if block not in previous]


def _named_body_elsewhere(
    lines: list[_Line], values: list[float], hints: dict[int, int], start: int, end: int
) -> int | None:
    """A block named as the article body (hint >= 2) outside the best run, holding at least half
    as much prose as the run: the run then won on a long footer or sidebar text."""
    run_mass = sum(v for v in values[start : end + 1] if v > 0)
    mass: dict[int, float] = {}
    for index, line in enumerate(lines):
        value = values[index]
        if value <= 0 or start <= index <= end:
            continue
        for block in line.chain:
            if hints.get(block, 0) >= 2:
                mass[block] = mass.get(block, 0.0) + value
    if not mass:
        return None
    block, held = max(mass.items(), key=lambda item: (item[1], -item[0]))
    return block if held >= 0.5 * run_mass else None


def _common_ancestor(lines: list[_Line]) -> int | None:
    if not lines:
        return None
    prefix = lines[0].chain
    for line in lines[1:]:
        chain = line.chain
        if chain[: len(prefix)] == prefix:
            continue
        prefix = prefix[: _shared_prefix(prefix, chain)]
        if not prefix:
            return None
    return prefix[-1]


def _filter(lines: list[_Line], container: int | None, reasons: dict[int, str] | None = None) -> list[_Line]:
    """Drop link-dense lines, related-content blocks and previous/next links (``reasons`` gets
    why, per line id)."""
    reasons = {} if reasons is None else reasons
    kept: list[_Line] = []
    skip_until_block: int | None = None
    for index, line in enumerate(lines):
        if skip_until_block is not None:
            if skip_until_block in line.chain:
                reasons[id(line)] = "related"
                continue
            skip_until_block = None
        size = line.size
        # the short-line rules match the matching view; most lines match none of them, and one
        # combined match rules them all out
        view = fold(line.text) if size <= 60 else ""
        short_rule = bool(view) and _SHORT_LINE_RULES.match(view) is not None
        if short_rule and size <= 40 and _RELATED_HEAD.match(view):
            reasons[id(line)] = "related"
            block = _section_block(lines, index, container)
            if block is None:
                after = lines[index + 1] if index + 1 < len(lines) else None
                if line.links > 0.5 * size or (after is not None and after.value >= 60):
                    continue  # a "read more" link or a lone box label: prose goes on after it
                _record_rest(lines, index, "related", reasons)
                break  # heading sits directly in the container: the rest is the related list
            skip_until_block = block
            continue
        reason = _line_drop_reason(line, view, short_rule)
        if reason:
            reasons[id(line)] = reason
            continue
        if (
            short_rule
            and size <= 40
            and line.links < 0.5 * size
            and _COMMENTS_HEAD.match(view)
            and (
                sum(k.size for k in kept) >= 150
                or (kept and any(_is_comment_marker(after) for after in lines[index + 1 : index + 9]))
            )
        ):
            _record_rest(lines, index, "comments", reasons)
            break  # a comment section (a "comment" link at the top is not one)
        kept.append(line)
    return kept


def _line_drop_reason(line: _Line, view: str, short_rule: bool) -> str:
    """Why ``_filter`` drops this one line ("" to keep it)."""
    if short_rule and _PREV_NEXT.match(view):
        return "prev-next"
    if line.figure:
        return "caption"
    if short_rule and _AD_LINE.match(view):
        return "advert"
    if line.size <= 250 and _is_credit(line.text):
        return "credit"
    if line.links > 0.6 * line.size:
        return "link-dense"
    return ""


def _record_rest(lines: list[_Line], index: int, reason: str, reasons: dict[int, str]) -> None:
    for line in lines[index:]:
        reasons.setdefault(id(line), reason)


def _is_credit(text: str) -> bool:
    if text[:1] in _CREDIT_STARTS and _CREDIT_LINE.match(text):
        return True
    tail = text[-CREDIT_TAIL:]
    low = tail.lower()  # every _CREDIT_TAIL match holds ":" or "/" and one of these words, or a toggle
    toggle = low.endswith(("less", "more"))
    if not toggle and not (
        (":" in tail or "/" in tail) and ("credit" in low or "photo" in low or "image" in low or "picture" in low)
    ):
        return False
    return _CREDIT_TAIL.search(tail) is not None


def _section_block(lines: list[_Line], index: int, container: int | None) -> int | None:
    """The outermost block inside the container that starts with line ``index``."""
    chain = lines[index].chain
    inner = chain[chain.index(container) + 1 :] if container in chain else chain
    for block in _opened_at(lines, index, inner):
        # if the block holds nothing but the heading, take its parent's rest
        if index + 1 < len(lines) and block in lines[index + 1].chain:
            return block
    return None


def _head_titles(nodes: list[LexborNode]) -> tuple[str, str]:
    """(<title>, og:title) among the nodes of ``_HEAD_SELECTOR``."""
    page_title = og_title = ""
    for node in nodes:
        if node.tag == "title" and not page_title:
            page_title = " ".join(node.text().split())
        elif node.tag == "meta" and not og_title and node.attributes.get("property") == "og:title":
            og_title = " ".join((node.attributes.get("content") or "").split())
    return page_title, og_title


def _title(page_title: str, og_title: str, lines: list[_Line]) -> str:
    """The headline: the page line that the ``<title>`` or og:title names, else og:title, else the
    one ``<h1>``, else ``<title>`` without its site suffix.

    A line counts only when it equals the title's main part (site name cut off), so a logo in
    ``<h1>`` (whose text is the *site* part of ``<title>``) never wins over the headline.
    """
    wanted = [_strip_site_suffix(t) for t in (og_title, page_title) if t]  # og:title first:
    # a headline may hold a "｜" subtitle that <title> repeats before the site name: the title
    # without its last part is tried before its longest part
    whole = [_squash(_without_site(t)) for t in (og_title, page_title) if t]
    keys = list(
        dict.fromkeys(k for k in whole + [_squash(t) for t in wanted] if k)
    )  # a <title> may be the site name alone
    # squashing every line would cost more than the rest: only lines of about the title's
    # length that hold its first two characters
    probes = [(len(key), key[:2]) for key in keys]
    sizes = {size + near for size, _ in probes for near in range(-4, 5)}
    named = {
        _squash(line.text): line.text
        for line in reversed(lines)
        if line.size in sizes
        and line.size <= 120
        and line.links < line.size
        and any(abs(line.size - size) <= 4 and head in fold(line.text).lower() for size, head in probes)
    }
    for key in keys:
        if key in named:
            return named[key]
    site = _site_part(page_title)
    h1s = [line.text for line in lines if line.tag == "h1" and 2 <= line.size <= 120 and _squash(line.text) != site]
    for h1 in h1s:  # an h1 that the title holds with more words (a shortened <title>)
        if any(_squash(h1) in key or key in _squash(h1) for key in keys):
            return h1
    if og_title:
        return wanted[0]
    if len(h1s) == 1:
        return h1s[0]
    return (wanted[-1] if wanted else "") or (h1s[0] if h1s else "")


def _title_parts(title: str) -> list[str]:
    return [part for part in _TITLE_SPLIT.split(title) if part]


def _strip_site_suffix(title: str) -> str:
    parts = _title_parts(title)
    if len(parts) <= 1:
        return title
    return max(parts[:-1] or parts, key=len)


def _without_site(title: str) -> str:
    """``title`` without its last separated part (the site name); "" when it has one part."""
    parts = _title_parts(title)
    return title[: title.rindex(parts[-1])].rstrip() if len(parts) > 1 else ""


def _site_part(title: str) -> str:
    """The squashed site name of a ``<title>`` ("" when it has no separator)."""
    parts = _title_parts(title)
    return _squash(parts[-1]) if len(parts) > 1 else ""


_SQUASH = re.compile(r"[\s\W_]+")


def _squash(text: str) -> str:
    return _SQUASH.sub("", fold(text)).lower()


def _same(a: str, b: str) -> bool:
    squash = lambda s: re.sub(r"\s+", "", s)  # noqa: E731 - tiny local helper
    return bool(b) and squash(a) == squash(b)

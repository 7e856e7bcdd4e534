"""In-body boilerplate removal on paragraph lines (serves HTML and plain text alike).

Each rule is a small predicate on one line (plus its position); every removed line is kept in
``doc.removed`` with the rule's name so a wrong removal can be traced. Rules are written for
precision: they match the shapes content farms use for dates, disclaimers, statements, related
links, tag lists and editor filler, and leave question headings, step lists and labelled
paragraphs ("优点:…", "注意事项:") alone.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import replace

from pipeline import dates
from pipeline.boilerplate import (
    ANCHOR_SCAN,
    CATALOGUE,
    LINE,
    LINE_RULE_CHARS,
    RELATED_HEADINGS_ZH,
    RULES_BY_ANCHOR,
    SENTENCE_SCAN,
    STRADDLES,
    WORD_ANCHORS,
    Rule,
)
from pipeline.document import Document, Removed
from pipeline.textview import fold, views

# Every pattern here runs on the matching view (pipeline.textview): full-width punctuation is
# ASCII there, so ":" stands for "：" too.
_DATE = r"(\d{4})[-/年.](\d{1,2})[-/月.](\d{1,2})日?"
_TIME = r"(\d{1,2}):(\d{2})(?::(\d{2}))?"
_COUNTER_LINE = re.compile(r"^(?:浏览|阅读|点击)(?:次数|量|数)?\s*:\s*\d+\s*(?:次)?$")
_DATETIME_IN = re.compile(rf"{_DATE}(?:\s*{_TIME})?")
# related-link items: "title(25/06/05) 2025-06-05 17:02医保知识"
_STAMP = re.compile(r"\d{4}-\d{1,2}-\d{1,2}\s+\d{1,2}:\d{2}(?::\d{2})?")
_RELATED_HEAD = re.compile(rf"^(?:{RELATED_HEADINGS_ZH})[\s:>»]*$")
_SENTENCE = re.compile(r"[^。！？!?]*[。！？!?]+|[^。！？!?]+$")
_SENTENCE_BREAK = re.compile(r"(?<=[。!?])(?![。!?])")
_KEYWORD_PUNCT = re.compile(r"[。,;:!?、()]")
_SQUASH = re.compile(r"[\s\W_]+")
_LATIN_LETTER = re.compile("[a-z\u00c0-\u024f]")  # what a WORD_ANCHORS anchor starts with


def clean(doc: Document) -> Document:
    """Remove boilerplate lines; fill ``published_at`` / ``source`` from date lines.

    Every rule matches the line's matching view; kept lines keep the page's own characters.
    """
    lines = list(doc.paragraphs)
    seen = views(lines)
    removed: list[Removed] = list(doc.removed)
    published, source = doc.published_at, doc.source
    now = dates.fetched_at(doc.headers)
    # a byline stands above the text: a relative time further down dates a comment, not the page
    byline_end = min(6, next((i for i, view in enumerate(seen) if _is_prose(view)), len(seen)))
    tail_start = _related_start(seen)
    candidates = _candidate_rules(seen)
    tags_start = _tag_run_start(seen[:tail_start], candidates)
    kept: list[str] = []
    for index, (line, view) in enumerate(zip(lines, seen, strict=False)):
        if index >= tail_start:
            removed.append(Removed(line, "related"))
            continue
        if index >= tags_start:
            removed.append(Removed(line, "tags"))
            continue
        meta = dates.byline(view) if index < 6 else None
        if meta is not None:
            published = dates.merge(published, meta[0])
            source = source or meta[1]
            removed.append(Removed(line, "date-source"))
            continue
        relative = dates.relative_stamp(view, now) if index < byline_end else None
        if relative is not None:  # "昨天 14:20 来源:某某网", "3天前"
            published = dates.merge(published, relative)
            source = source or dates.source_in(view)
            removed.append(Removed(line, "date-source"))
            continue
        rules = candidates.get(index, ())
        reason = _line_reason(view, rules)
        stamp = dates.stamp_line(view) if index < 6 and reason in ("", "date-meta", "related") else ""
        if stamp and reason == "related":  # "站名 日期 时间 N人看过" at the top is the info bar
            reason = "date-source"
        if reason or stamp:
            # a stamp line at the top ("康途网 2021-09-02 14:29 热度 2327", "某某 发表于 …") dates
            # the article; an update stamp ("…已更新") is skipped by dates.info_bar
            published = dates.merge(published, stamp)
            if stamp:
                source = source or dates.source_in(view)
            removed.append(Removed(line, reason or "date-source"))
            continue
        sentence_rules = [rule for rule in rules if rule.scope != LINE]
        if sentence_rules:
            line = _strip_sentences(line, index, sentence_rules, removed)
        if line:
            kept.append(line)
    _drop_title_repeat(kept, removed, doc.title)
    published = published or dates.from_url(doc.url)
    if not published and doc.kind == "html":
        published = dates.from_page(doc.html, doc.url)
    return replace(doc, paragraphs=tuple(kept), removed=tuple(removed), published_at=published, source=source)


def _is_prose(view: str) -> bool:
    """A sentence of the text (long, punctuated), as opposed to a byline or a label."""
    return len(view) >= 30 and ("。" in view or "," in view or ". " in view)


def _candidate_rules(seen: list[str]) -> dict[int, list[Rule]]:
    """Line index → the catalogue rules whose anchors occur in that line (catalogue order).

    One anchor scan a line instead of one search per rule per line; a rule can only match a
    line that holds one of its anchors.
    """
    out: dict[int, list[Rule]] = {}
    for index, view in enumerate(seen):
        text = view.lower()
        short = len(text) <= LINE_RULE_CHARS
        found: set[str] = set()
        if short and _LATIN_LETTER.search(text):
            for word in WORD_ANCHORS:
                if word in text:
                    found.update(RULES_BY_ANCHOR[word])
        for match in (ANCHOR_SCAN if short else SENTENCE_SCAN).finditer(text):
            hit, end = match.group(), match.end()
            found.update(RULES_BY_ANCHOR[hit])
            for other, overlap in STRADDLES[hit]:
                if text.startswith(other, end - overlap):
                    found.update(RULES_BY_ANCHOR[other])
        if found:
            out[index] = [rule for rule in CATALOGUE if rule.name in found]
    return out


def _drop_title_repeat(kept: list[str], removed: list[Removed], title: str) -> None:
    """The title printed again at the top of the body (often under a byline or breadcrumb)."""
    key = _squash(title)
    for index, line in enumerate(kept[:3]):
        if key and _squash(line) == key:
            removed.append(Removed(kept.pop(index), "title-repeat"))
            return


def _squash(text: str) -> str:
    return _SQUASH.sub("", fold(text)).lower()


def _line_reason(view: str, rules: Sequence[Rule]) -> str:
    """The catalogue rule (of ``rules``, the line's candidates) that removes the whole line
    (given as its view), or ""."""
    if _is_related_item(view):
        return "related"
    if _COUNTER_LINE.match(view):
        return "date-source"
    size = len(view)
    for rule in rules:
        if rule.scope == LINE and size <= rule.max_chars and rule.pattern.search(view):
            return rule.name
    return ""


def _sentence_lines(view: str) -> str:
    """``view`` with a line break after each sentence end, so ^ and $ anchor sentences."""
    return _SENTENCE_BREAK.sub("\n", view)


def _strip_sentences(line: str, index: int, rules: list[Rule], removed: list[Removed]) -> str:
    """Drop editor-filler and transition sentences; an intro paragraph (one of the first
    four lines) that holds 小编 filler goes whole."""
    view = _sentence_lines(fold(line))  # a sentence a line, for ^ and $
    hits = [rule for rule in rules if rule.pattern.search(view)]
    if not hits:
        return line
    if index < 4 and "小编" in line:
        removed.append(Removed(line, "editor-filler"))
        return ""
    keep: list[str] = []
    for sentence in _SENTENCE.findall(line):
        sentence_view = fold(sentence)
        rule = next((rule for rule in hits if rule.pattern.search(sentence_view)), None)
        if rule is None:
            keep.append(sentence)
            continue
        # the rhetorical question just before the filler ("那么,…?") goes with it
        cut = _rhetorical_start(keep)
        dropped = "".join(keep[cut:]) + sentence
        del keep[cut:]
        removed.append(Removed(dropped, rule.name))
    rest = "".join(keep).strip()
    if (
        rest
        and len(keep) < len(_SENTENCE.findall(line))
        and all(fold(sentence).rstrip()[-1:] == "?" for sentence in keep)
    ):
        # only questions are left of a line that held a prompt ("你身边有人办过吗?欢迎在评论区
        # 分享经验。"): they lead into it, and alone they would pass for a section heading
        removed.append(Removed(rest, removed[-1].reason))
        return ""
    return rest


def _is_related_item(line: str) -> bool:
    """Lines of "title date time category" items; one item if the stamp is not at the start."""
    if ":" not in line or "-" not in line:  # both are in every stamp: cheap tests first
        return False
    stamps = list(_STAMP.finditer(line))
    if len(stamps) >= 2:
        return True
    if len(stamps) == 1:
        stamp = stamps[0]
        return stamp.start() >= 6 and len(line) - stamp.end() <= 8
    return False


def _related_start(seen: list[str]) -> int:
    """Index of a 相关推荐/猜你喜欢 heading whose tail is a list of teasers, else len(lines)."""
    for index, view in enumerate(seen):
        if _RELATED_HEAD.match(view):
            tail = seen[index + 1 :]
            if not tail or len(tail) <= 30 or any(_DATETIME_IN.search(t) for t in tail):
                return index
    return len(seen)


def _is_keyword(view: str) -> bool:
    return len(view) <= 12 and not _KEYWORD_PUNCT.search(view)


def _tag_run_start(seen: list[str], candidates: dict[int, list[Rule]]) -> int:
    """Start of a trailing run (>= 3) of short keyword lines such as 医保缴费 / 新农合缴费.

    A run that a line of the answer introduces (``申请时需要准备以下材料:``) is that answer's
    list, not tags; a label that is boilerplate itself (``关键词:``) introduces tags.
    """
    start = len(seen)
    while start > 0 and _is_keyword(seen[start - 1]):
        start -= 1
    if len(seen) - start < 3:
        return len(seen)
    if start > 0 and seen[start - 1].endswith(":") and not _line_reason(seen[start - 1], candidates.get(start - 1, [])):
        return len(seen)
    return start


def _rhetorical_start(sentences: list[str]) -> int:
    """Index where a trailing "那么,…?…?" run of questions starts (len() when there is none)."""
    index = len(sentences)
    while index > 0 and fold(sentences[index - 1]).rstrip()[-1:] == "?":
        index -= 1
        if sentences[index].startswith("那么"):
            return index
    return len(sentences)

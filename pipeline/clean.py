"""In-body boilerplate removal on paragraph lines (serves HTML and plain text alike).

Each rule is a small predicate on one line (plus its position); every removed line is kept in
``doc.removed`` with the rule's name so a wrong removal can be traced. Rules are written for
precision: they match the shapes content farms use for dates, disclaimers, statements, related
links, tag lists and editor filler, and leave question headings, step lists and labelled
paragraphs ("优点:…", "注意事项:") alone.
"""

from __future__ import annotations

import re
from dataclasses import replace

from pipeline.document import Document, Removed

_DATE = r"(\d{4})[-/年.](\d{1,2})[-/月.](\d{1,2})日?"
_TIME = r"(\d{1,2}):(\d{2})(?::(\d{2}))?"
# "2025-06-05 17:29:34社保网", "2022-04-24 15:16:08"
_DATE_SOURCE = re.compile(rf"^{_DATE}(?:\s*{_TIME})?\s*(?:来源[::]?\s*)?(.{{0,16}})$")
# "来源:社保网 发布时间:2022-04-24 15:16:08", "发布时间:… 来源:…", "作者:… 时间:…"
_META_LINE = re.compile(r"^(?:来源|发布时间|发布日期|时间|日期|作者|编辑|责任编辑|浏览|阅读)[::]")
_SOURCE_IN = re.compile(r"来源[::]\s*([^\s|,,]{1,20})")
_DATETIME_IN = re.compile(rf"{_DATE}(?:\s*{_TIME})?")
# related-link items: "title(25/06/05) 2025-06-05 17:02医保知识"
_STAMP = re.compile(r"\d{4}-\d{1,2}-\d{1,2}\s+\d{1,2}:\d{2}(?::\d{2})?")
_RELATED_HEAD = re.compile(
    r"^(?:相关(?:推荐|阅读|链接|文章|新闻|资讯|内容|问题)|猜你喜欢|热门(?:推荐|文章|资讯|新闻|阅读|标签)?|"
    r"推荐阅读|延伸阅读|更多(?:阅读|推荐|相关)|最新(?:文章|资讯)|热点推荐|大家都在看)[\s::>»]*$"
)
# "当前位置:首页 > 社保 > 正文", "您现在的位置: 首页 » 新闻"
_BREADCRUMB = re.compile(r"^(?:当前位置|您的位置|您现在的位置|所在位置|位置)[::]|^首页\s*[>»›/]")
_PREV_NEXT = re.compile(r"^(?:上一篇|下一篇|上一页|下一页|上一条|下一条)[::\s]?")
_TAGS = re.compile(r"^(?:关键词|关键字|标签|tags?|keywords?)\s*[::]", re.IGNORECASE)
_DISCLAIMER = re.compile(
    r"仅供参考|不能代替面诊|不构成.{0,6}建议|免责声明|请以.{0,12}为准|具体(?:需)?以当地.{0,12}为准"
)
_STATEMENT = re.compile(r"声明[::].{0,60}(?:投诉|来源于网络|侵权|删除|版权|个人观点)")
# searched in the lower-cased line: a case-insensitive search is many times slower on CJK text
_COPYRIGHT = re.compile(
    r"©|版权所有|copyright|all rights reserved|icp[备证]|公网安备|联系邮箱|联系我们|联系电话|"
    r"投稿邮箱|违法和不良信息|举报电话"
)
_FILLER_SENTENCE = re.compile(
    r"(?:下面|接下来|以下)?(?:就)?(?:随|跟|同|和)[^。!?!?]{0,10}小编[^。!?!?]{0,12}(?:了解|看看|来看|学习)"
    r"|今天(?:我们)?(?:就)?(?:来|一起)?(?:详细)?(?:看看|了解)(?:一下)?吧"
    r"|(?:一起|快)来(?:看看|了解)(?:一下|吧)"
    r"|小编(?:为你|为您|给大家|带来|整理)"
)
# first characters of every line the anchored rules (prev/next, breadcrumb, tags) can match
_ANCHORED_STARTS = frozenset("上下当您所位首关标tTkK")
_SENTENCE = re.compile(r"[^。!?!?]*[。!?!?]+|[^。!?!?]+$")
_SENTENCE_END = re.compile(r"[。!?!?.;;,,]")
_SQUASH = re.compile(r"[\s\W_]+")


def clean(doc: Document) -> Document:
    """Remove boilerplate lines; fill ``published_at`` / ``source`` from date lines."""
    lines = list(doc.paragraphs)
    removed: list[Removed] = list(doc.removed)
    published, source = doc.published_at, doc.source
    tail_start = _related_start(lines)
    tags_start = _tag_run_start(lines[:tail_start])
    kept: list[str] = []
    legal = _has_legal_words(lines)
    for index, line in enumerate(lines):
        if index >= tail_start:
            removed.append(Removed(line, "related"))
            continue
        if index >= tags_start:
            removed.append(Removed(line, "tags"))
            continue
        meta = _date_source(line) if index < 6 else None
        if meta is not None:
            published = published or meta[0]
            source = source or meta[1]
            removed.append(Removed(line, "date-source"))
            continue
        reason = _line_reason(line, legal)
        if reason:
            removed.append(Removed(line, reason))
            continue
        line, dropped = _strip_filler(line, index)
        if dropped:
            removed.extend(Removed(text, "editor-filler") for text in dropped)
        if line:
            kept.append(line)
    _drop_title_repeat(kept, removed, doc.title)
    return replace(doc, paragraphs=tuple(kept), removed=tuple(removed),
                   published_at=published, source=source)


def _drop_title_repeat(kept: list[str], removed: list[Removed], title: str) -> None:
    """The title printed again at the top of the body (often under a byline or breadcrumb)."""
    key = _squash(title)
    for index, line in enumerate(kept[:3]):
        if key and _squash(line) == key:
            removed.append(Removed(kept.pop(index), "title-repeat"))
            return


def _squash(text: str) -> str:
    return _SQUASH.sub("", text).lower()


def _line_reason(line: str, legal: bool = True) -> str:
    """The rule that removes ``line``, or "". ``legal``: the document has a disclaimer or
    copyright word at all (one search per document instead of two per line)."""
    size = len(line)
    if line[:1] in _ANCHORED_STARTS:
        if _PREV_NEXT.match(line) and size <= 60:
            return "prev-next"
        if _BREADCRUMB.match(line) and size <= 80:
            return "breadcrumb"
        if _TAGS.match(line) and size <= 120:
            return "tags"
    if _is_related_item(line):
        return "related"
    # length first: the searches are the costly part and most paragraphs are long
    if size <= 120 and "声明" in line and _STATEMENT.search(line):
        return "statement"
    if legal and size <= 80 and _DISCLAIMER.search(line):
        return "disclaimer"
    if legal and size <= 100 and _COPYRIGHT.search(line.lower()):
        return "copyright"
    return ""


def _has_legal_words(lines: list[str]) -> bool:
    """Whether a disclaimer or copyright rule can match any line (their patterns never cross a
    line break, so one search over the joined short lines answers for all of them)."""
    text = "\n".join(line for line in lines if len(line) <= 100)
    return bool(_DISCLAIMER.search(text) or _COPYRIGHT.search(text.lower()))


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


def _date_source(line: str) -> tuple[str, str] | None:
    """(ISO date, source) when the line is a date/source byline, else None."""
    if len(line) > 80:
        return None
    match = _DATE_SOURCE.match(line)
    if match and not _SENTENCE_END.search(match.group(7) or ""):
        return _iso(match.groups()[:6]), (match.group(7) or "").strip()
    if _META_LINE.match(line):
        when = _DATETIME_IN.search(line)
        src = _SOURCE_IN.search(line)
        return (_iso(when.groups()[:6]) if when else ""), (src.group(1) if src else "")
    return None


def _iso(parts: tuple[str | None, ...]) -> str:
    year, month, day, hour, minute, second = parts
    date = f"{int(year):04d}-{int(month):02d}-{int(day):02d}"
    if hour is None:
        return date
    return f"{date}T{int(hour):02d}:{int(minute):02d}:{int(second or 0):02d}"


def _related_start(lines: list[str]) -> int:
    """Index of a 相关推荐/猜你喜欢 heading whose tail is a list of teasers, else len(lines)."""
    for index, line in enumerate(lines):
        if _RELATED_HEAD.match(line):
            tail = lines[index + 1:]
            if not tail or len(tail) <= 30 or any(_DATETIME_IN.search(t) for t in tail):
                return index
    return len(lines)


def _is_keyword(line: str) -> bool:
    return len(line) <= 12 and not re.search(r"[。,,;;::!!??、()()]", line)


def _tag_run_start(lines: list[str]) -> int:
    """Start of a trailing run (>= 3) of short keyword lines such as 医保缴费 / 新农合缴费."""
    start = len(lines)
    while start > 0 and _is_keyword(lines[start - 1]):
        start -= 1
    return start if len(lines) - start >= 3 else len(lines)


def _strip_filler(line: str, index: int) -> tuple[str, list[str]]:
    """Drop editor-filler sentences; an intro paragraph that ends in 小编 filler goes whole."""
    # every filler pattern holds 小编, 今天, 来看看 or 来了解: cheap tests before the search
    if ("小编" not in line and "今天" not in line and "来看看" not in line
            and "来了解" not in line) or not _FILLER_SENTENCE.search(line):
        return line, []
    if index < 4 and "小编" in line:
        return "", [line]
    sentences = _SENTENCE.findall(line)
    keep: list[str] = []
    dropped: list[str] = []
    for sentence in sentences:
        if _FILLER_SENTENCE.search(sentence):
            # the rhetorical question just before the filler ("那么,…?") goes with it
            cut = _rhetorical_start(keep)
            dropped.extend(keep[cut:])
            del keep[cut:]
            dropped.append(sentence)
        else:
            keep.append(sentence)
    return "".join(keep).strip(), ["".join(dropped)]


def _rhetorical_start(sentences: list[str]) -> int:
    """Index where a trailing "那么,…?…?" run of questions starts (len() when there is none)."""
    index = len(sentences)
    while index > 0 and sentences[index - 1].rstrip()[-1:] in "??":
        index -= 1
        if sentences[index].startswith("那么"):
            return index
    return len(sentences)

"""Publication dates from every source a page offers, in order of trust.

1. ``<meta>``: article:published_time, og:published_time, pubdate, publishdate, publish_date,
   date, dc.date(.issued), sailthru.date, itemprop=datePublished;
2. JSON-LD ``datePublished`` (any depth, first found);
3. ``<time>``: its datetime attribute, else its text (one marked pubdate, datePublished or a
   "published" class first, else the first);
4. a byline line of the page (``发布时间:…``, ``2025年6月5日 17:29``, a date glued to the source
   name) — parsed by :func:`byline` — or the first date of an info bar above the article that
   no update word introduces (:func:`info_bar`);
5. the URL path (``/2025/0605/``, ``/20250605/``, ``/2025-06-05/``);
6. htmldate's fast search over the page (:func:`from_page`), when nothing above gives a date.

A relative byline (``昨天 14:20``, ``3天前``, ``2小时前``, ``刚刚``, ``3 days ago``, ``yesterday``) is
resolved against the fetch time (:func:`fetched_at`: the response's ``Date`` header), in Beijing
time for a Chinese phrase and UTC otherwise; without a fetch time, or for a unit too coarse to
name a day (weeks, months, years), the line is still a byline but gives no date.

The first source that gives a date wins; a less trusted one that names the *same day* with a
time of day adds the time (meta tags often carry the date only, the byline the minute).
Values are ISO 8601 without zone: ``YYYY-MM-DD`` or ``YYYY-MM-DDTHH:MM:SS`` (local time as the
page writes it; an explicit offset is dropped, since bylines carry none either).

Why ours first and htmldate only after: htmldate does not read the Chinese byline forms
(``2025年6月5日``, dates glued to the source name, labels such as ``发布时间:``, relative times),
and it parses the page again with lxml (~7 ms a page in its fast mode, more than our whole
extraction). Where ours finds nothing it reads markup ours does not know and forum post dates,
so it serves as the last source (measured in ``bench/date_bench.py``). dateparser was compared
on relative phrases: both read the 17 that name a day; it also dates "1 week ago" and "10月前",
which name no day, so ours (no new dependency, no guess) is kept for them.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable, Mapping
from datetime import UTC, datetime, timedelta, timezone
from email.utils import parsedate_to_datetime

from selectolax.lexbor import LexborHTMLParser, LexborNode

from pipeline.textview import match_view

_META_NAMES = (
    "article:published_time",
    "og:published_time",
    "og:article:published_time",
    "pubdate",
    "publishdate",
    "publish_date",
    "publish-date",
    "publishtime",
    "datepublished",
    "date",
    "dc.date.issued",
    "dc.date",
    "dcterms.date",
    "dcterms.created",
    "sailthru.date",
    "weibo:article:create_at",
    "article.published",
    "parsely-pub-date",
)
_JSONLD_MAX = 200_000  # characters of JSON-LD read per page
STAMP_REST = 16  # letters besides the stamp an info-bar line may hold
_DATE = r"(\d{4})[-/年.](\d{1,2})[-/月.](\d{1,2})日?"
_TIME = r"(\d{1,2}):(\d{2})(?::(\d{2}))?"
_VALUE = re.compile(rf"{_DATE}(?:(?:T|\s*)\s*{_TIME})?")
_COMPACT = re.compile(r"(?<!\d)(20\d{2}|19\d{2})(\d{2})(\d{2})(?:T?(\d{2})(\d{2})(\d{2})?)?(?!\d)")
_URL_DATE = re.compile(r"/((?:19|20)\d{2})[/_-]?(\d{2})[/_-]?(\d{2})(?=[/_.-]|\d{0,12}(?:[/_.]|$))")
# "2025-06-05 17:29:34社保网", "2022-04-24 15:16:08", "2025年6月5日 17:29 来源:民生网"
_DATE_SOURCE = re.compile(rf"^{_DATE}(?:\s*{_TIME})?\s*(?:来源\s*:?\s*)?(.{{0,16}})$")
# "来源:社保网 发布时间:2022-04-24 15:16:08", "发布时间:… 来源:…", "作者:… 时间:…"
_META_LINE = re.compile(
    r"^(?:来源|发布时间|发布日期|发表时间|更新时间|时间|日期|作者|编辑|责任编辑|浏览|阅读|点击)\s*:"
)
_SOURCE_IN = re.compile(r"来源\s*:\s*([^\s|,:]{1,20})")
_SENTENCE_END = re.compile(r"[。!?.;,]")
BEIJING = timezone(timedelta(hours=8))
FETCHED_AT_HEADER = "x-winnow-fetched-at"  # the fetch time (ISO 8601, UTC) where no Date header came
# "刚刚", "3天前", "2小时前", "半小时前", "昨天 14:20"; 今天/昨天/前天 only with a time of day or
# alone on the line ("昨天下午去办了" is a sentence)
_RELATIVE_ZH = re.compile(
    r"刚刚|刚才|(\d{1,3}|半|一|两|几)\s*(秒钟?|分钟|小时|个小时|个?钟头|天|日|周|个?星期|个?月|年)前"
    r"|(今天|昨天|前天)\s*(?:(\d{1,2}):(\d{2})(?::\d{2})?|$)"
)
_RELATIVE_EN = re.compile(
    r"\bjust now\b|\b(\d{1,3}|an?|one)\s+(sec(?:ond)?|min(?:ute)?|hour|hr|day|week|month|year)s?\s+ago\b"
    r"|\b(today|yesterday)\b(?:,?\s*(?:at\s*)?(\d{1,2}):(\d{2})\s*(?:([ap])\.?m\b\.?)?|\s*$)",
    re.IGNORECASE,
)
_UNIT_SECONDS = {
    "秒": 1, "秒钟": 1, "分钟": 60, "小时": 3600, "个小时": 3600, "钟头": 3600, "个钟头": 3600,
    "天": 86400, "日": 86400,
    "sec": 1, "second": 1, "min": 60, "minute": 60, "hour": 3600, "hr": 3600, "day": 86400,
}  # fmt: skip
_POSTED_WORD = re.compile(r"发布于|发表于|发布|发表|更新于|posted|published|updated|on", re.IGNORECASE)
# a member's profile ("Joined: 4 months ago", "注册于3年前") dates the member, not the page
_PROFILE_WORDS = re.compile(r"joined|member since|registered|注册|加入|入驻", re.IGNORECASE)
_COUNT_WORDS = {"半": 0.5, "一": 1, "两": 2, "a": 1, "an": 1, "one": 1}
_RELATIVE_REST = re.compile(r"来源\s*:\s*\S{1,20}|(?:阅读|浏览|点击|评论|热度)\s*[\d.]+\s*[万千kK]?")


def iso(
    year: str, month: str, day: str, hour: str | None = None, minute: str | None = None, second: str | None = None
) -> str:
    """ISO 8601 from parts ("" when the parts are no real date)."""
    y, m, d = int(year), int(month), int(day)
    if not (1990 <= y <= 2100 and 1 <= m <= 12 and 1 <= d <= 31):
        return ""
    date = f"{y:04d}-{m:02d}-{d:02d}"
    if hour is None or int(hour) > 23 or int(minute or 0) > 59:
        return date
    if minute is None:  # an hour alone is no time of day
        return date
    return f"{date}T{int(hour):02d}:{int(minute):02d}:{int(second or 0):02d}"


def parse(value: str) -> str:
    """ISO date of the first date in ``value`` ("2025-06-05T17:29:34+08:00", "2025/6/5",
    "2025年6月5日 17:29", "20250605"), or ""."""
    view = match_view(value)
    match = _VALUE.search(view)
    if match:
        return iso(*match.groups())
    match = _COMPACT.search(view)
    return iso(*match.groups()) if match else ""


def byline(view: str) -> tuple[str, str] | None:
    """(ISO date, source) when the line (its matching view) is a date/source byline, else None.

    A labelled line (``时间:``, ``来源:``) is a byline only when it holds a full date or names a
    source: ``时间:周一至周五 上午9:00-12:00`` is an answer (office hours), not a byline.
    """
    if len(view) > 80:
        return None
    match = _DATE_SOURCE.match(view)
    if match and not _SENTENCE_END.search(match.group(7) or ""):
        return iso(*match.groups()[:6]), (match.group(7) or "").strip()
    if _META_LINE.match(view):
        when = _VALUE.search(view)
        src = _SOURCE_IN.search(view)
        if when is None and src is None:
            return None
        return (iso(*when.groups()) if when else ""), (src.group(1) if src else "")
    return None


_PERIOD = re.compile(rf"{_DATE}\s*(?:至|到|~|-{{1,2}})\s*(?:\d{{4}}[-/年.])?\d{{1,2}}[-/月.]\d{{1,2}}")
_UPDATED_AFTER = re.compile(r"\W{0,2}(?:已?更新|已?修改|updated)", re.IGNORECASE)
_UPDATE_WORD = re.compile(r"(?:更新|修改|编辑于|updated?|modified|last edited)\W{0,3}\w{0,3}\W{0,3}$", re.IGNORECASE)


def info_bar(view: str) -> str:
    """The publication date in an info bar above the article ("无锡频道 · 2023年11月09日 04:02 ·
    更新于2024年11月16日", "康途网 2021-09-02 14:29 83774人看过"): the first full date there that
    no update word ("更新于", "最后修改", "Updated") introduces; "" for a longer line or none."""
    if len(view) > 80:
        return ""
    for match in _VALUE.finditer(view):
        before, after = view[max(0, match.start() - 8) : match.start()], view[match.end() : match.end() + 6]
        if not _UPDATE_WORD.search(before) and not _UPDATED_AFTER.match(after):
            return iso(*match.groups())
    return ""


def stamp_line(view: str) -> str:
    """The publication date of a line that is an info bar and little else (a date and time of day
    with a source name, a channel or a counter: "康途网宁波 2021-09-02 14:29 热度 23272"), else "".
    A sentence that mentions a date ("2024年1月1日起执行,…") or a period is not one."""
    when = info_bar(view)
    # a stamp has a time of day; a line of two dates is a period ("缴费时间:2024年1月1日至6月30日")
    if "T" not in when or "。" in view or "," in view or _PERIOD.search(view):
        return ""
    rest = _VALUE.sub("", view)
    return when if sum(ch.isalpha() for ch in rest) <= STAMP_REST else ""


PAGE_SEARCH_CHARS = 1_000_000  # characters of a page htmldate reads (its own cost grows with the page)


def from_page(html: str, url: str = "") -> str:
    """The date htmldate finds on the page (ISO day), or "": the fallback when none of the
    sources above gives one. Its fast mode (``extensive_search=False``) reads markup it knows
    more of than :func:`from_markup` (``sn-post-date``, "November 19, 2019, 07:47 PM EST",
    ``itemprop`` text, forum post dates) and dates in the URL, and never guesses from a copyright
    year. On the benchmark pages (``bench/date_bench.py``) ours then htmldate is right on 319 of
    327 pages, ours alone 290, htmldate alone 305 (317 in fast mode). A failure of the library on
    one page is an empty answer."""
    if not html:
        return ""
    try:
        from htmldate import find_date  # imported on first use: most pages never need it

        found = find_date(html[:PAGE_SEARCH_CHARS], url=url or None, original_date=True, extensive_search=False)
    except Exception:  # a third-party parser's failure on one page must not fail the page
        return ""
    return parse(found or "")


def fetched_at(headers: Mapping[str, str]) -> datetime | None:
    """When the page was fetched (an aware UTC datetime): the response's ``Date`` header (RFC
    7231), else ``x-winnow-fetched-at`` (ISO 8601); None when neither is there or parses."""
    values = {key.lower(): value for key, value in headers.items() if key.lower() in ("date", FETCHED_AT_HEADER)}
    try:
        if values.get("date"):
            when = parsedate_to_datetime(values["date"])
        elif values.get(FETCHED_AT_HEADER):
            when = datetime.fromisoformat(values[FETCHED_AT_HEADER])
        else:
            return None
    except (TypeError, ValueError, IndexError, OverflowError):
        return None
    return (when if when.tzinfo else when.replace(tzinfo=UTC)).astimezone(UTC)


def relative(view: str, now: datetime | None) -> tuple[str, tuple[int, int]] | None:
    """(ISO date, (start, end) of the phrase) of the first relative time in ``view`` (a matching
    view), resolved against ``now`` (aware); "" as the date when ``now`` is None or the phrase
    names no day ("3周前", "2 months ago"). None when ``view`` holds no relative time."""
    zh = _RELATIVE_ZH.search(view)
    en = None if zh else _RELATIVE_EN.search(view)
    match = zh or en
    if match is None:
        return None
    span = match.span()
    if now is None:
        return "", span
    local = now.astimezone(BEIJING if zh else UTC).replace(tzinfo=None)
    count, unit, day, hour, minute = match.group(1), match.group(2), match.group(3), match.group(4), match.group(5)
    if day:
        back = {"今天": 0, "昨天": 1, "前天": 2, "today": 0, "yesterday": 1}[day.lower()]
        date = local - timedelta(days=back)
        if hour is None:
            return date.strftime("%Y-%m-%d"), span
        hours = int(hour) % 12 + 12 if en and (match.group(6) or "").lower() == "p" else int(hour)
        if en and (match.group(6) or "").lower() == "a" and hours == 12:
            hours = 0
        return iso(str(date.year), str(date.month), str(date.day), str(hours), minute), span
    if count is None:  # 刚刚, just now
        return local.strftime("%Y-%m-%dT%H:%M:00"), span
    seconds = _UNIT_SECONDS.get(unit.lower())
    amount = _COUNT_WORDS.get(count.lower()) or (int(count) if count.isdigit() else None)
    if seconds is None or amount is None:  # weeks, months, years, "几天前": no day to name
        return "", span
    when = local - timedelta(seconds=seconds * amount)
    return (when.strftime("%Y-%m-%d") if seconds >= 86400 else when.strftime("%Y-%m-%dT%H:%M:00")), span


def relative_stamp(view: str, now: datetime | None) -> str | None:
    """The date of a line that is a relative-time byline and little else ("昨天 14:20 来源:民生网
    阅读 1.2万", "东城网友 3天前", "Posted 3 days ago"): the ISO date ("" when it cannot be
    resolved, see :func:`relative`), or None when the line is no such byline (a sentence,
    "3天前我去办了社保卡。", or a member's profile, "Joined: 4 months ago", is not)."""
    if len(view) > 80 or "。" in view or "," in view or "?" in view or _PROFILE_WORDS.search(view):
        return None
    found = relative(view, now)
    if found is None:
        return None
    when, (start, end) = found
    rest = _RELATIVE_REST.sub("", view[:start] + " " + view[end:])
    letters = sum(ch.isalpha() for ch in rest)
    if re.fullmatch(r"\D+", view[start:end]) and view[start:end] not in ("刚刚", "刚才"):
        # a bare day word ("yesterday", "昨天") dates a line only with a posting word at most:
        # "I went there yesterday" is a sentence
        letters = sum(ch.isalpha() for ch in _POSTED_WORD.sub("", rest))
        return when if letters == 0 else None
    return when if letters <= STAMP_REST else None


def source_in(view: str) -> str:
    """The source a byline names ("来源:民生问答网" → "民生问答网"), or ""."""
    match = _SOURCE_IN.search(view)
    return match.group(1) if match else ""


MARKUP_SELECTOR = 'meta[content], script[type="application/ld+json"], time'


def from_markup(tree: LexborHTMLParser) -> str:
    """The date of sources 1–3 (meta, JSON-LD, ``<time>``), or "". Read before extraction
    empties scripts."""
    return from_nodes(tree.css(MARKUP_SELECTOR))


def from_nodes(nodes: list[LexborNode]) -> str:
    """:func:`from_markup` on the page's ``MARKUP_SELECTOR`` nodes (one walk of the tree serves
    the title and the dates)."""
    metas = [n for n in nodes if n.tag == "meta"]
    scripts = [n for n in nodes if n.tag == "script"]
    times = [n for n in nodes if n.tag == "time"]
    return _from_meta(metas) or _from_jsonld(scripts) or _from_time(times)


def from_url(url: str) -> str:
    """The date in the URL path, or ""."""
    match = _URL_DATE.search(url.split("?", 1)[0])
    return iso(*match.groups()) if match else ""


def merge(trusted: str, other: str) -> str:
    """``trusted`` unless empty; a same-day ``other`` with a time of day adds that time."""
    if not trusted:
        return other
    if other and "T" not in trusted and "T" in other and other[:10] == trusted[:10]:
        return other
    return trusted


def first(values: Iterable[str]) -> str:
    """Merge candidate dates in order of trust."""
    best = ""
    for value in values:
        best = merge(best, value)
    return best


def _from_meta(nodes: list[LexborNode]) -> str:
    found: dict[str, str] = {}
    for node in nodes:
        attrs = node.attributes
        key = (attrs.get("property") or attrs.get("name") or attrs.get("itemprop") or "").lower()
        if key in _META_NAMES and key not in found:
            value = parse(attrs.get("content") or "")
            if value:
                found[key] = value
    return first(found[name] for name in _META_NAMES if name in found)


def _from_jsonld(nodes: list[LexborNode]) -> str:
    for node in nodes:
        text = node.text() or ""
        if "datePublished" not in text or len(text) > _JSONLD_MAX:
            continue
        try:
            value = _find_key(json.loads(text), "datePublished")
        except (ValueError, RecursionError):
            match = re.search(r'"datePublished"\s*:\s*"([^"]{6,40})"', text)
            value = match.group(1) if match else None
        if isinstance(value, str) and parse(value):
            return parse(value)
    return ""


def _find_key(data: object, key: str, depth: int = 0) -> object:
    if depth > 20:
        return None
    if isinstance(data, dict):
        if key in data:
            return data[key]
        items: Iterable[object] = data.values()
    elif isinstance(data, list):
        items = data
    else:
        return None
    for item in items:
        found = _find_key(item, key, depth + 1)
        if found is not None:
            return found
    return None


def _from_time(nodes: list[LexborNode]) -> str:
    marked = [
        n
        for n in nodes
        if "pubdate" in n.attributes
        or (n.attributes.get("itemprop") or "") == "datePublished"
        or "publish" in (n.attributes.get("class") or "")
    ]
    for node in marked + nodes:
        value = parse(node.attributes.get("datetime") or "") or parse(node.text() or "")
        if value:
            return value
    return ""

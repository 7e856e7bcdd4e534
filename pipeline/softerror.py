"""Soft errors: pages served with status 200 that are really an error page.

A not-found / removed page (``soft-404``) or a login or access-denied page (``login-wall``) must
never be stored as an article, nor replace a stored one. A pure function of the page's own
evidence, plus what the site serves for a URL that cannot exist (``NotFoundSample``, learned by
the crawler from one random unknown URL per host and run):

- **the site's own not-found page**: most of the page's main text is text the site also served
  for the random unknown URL (any language: nothing is matched but the site's own lines);
- **wording** (a catalogue, Chinese and English, matched on NFKC-folded text, so full-width and
  ASCII punctuation read alike): a title, headline or one of the first lines that says "page not
  found", "has been deleted", "please log in", "access denied" - and is not a question about it
  (``网页显示页面不存在怎么办？`` is an article);
- **shape**: little main text (at most ``MAX_UNITS``), a password field, a redirect to a login
  path or to the site's front page.

A long page is never a soft error by wording alone: an article about 404 pages is an article.
"""

from __future__ import annotations

import hashlib
import re
import unicodedata
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from urllib.parse import urlsplit

SOFT_404, LOGIN_WALL = "soft-404", "login-wall"
SOFT_ERRORS = (SOFT_404, LOGIN_WALL)

# Headers the crawler adds to an item (kept with the fetch, read here).
REDIRECTED_TO_HEADER = "x-winnow-redirected-to"  # the URL a redirect ended at (login page, front page)
NOT_FOUND_HEADER = "x-winnow-not-found"  # crawler: the host's not-found sample (NotFoundSample.encode)

MAX_UNITS = 150  # main-text units above which wording alone never makes a soft error
SAMPLE_SHARE = 0.6  # share of a page's main text that the site's not-found page also holds
SAMPLE_MAX_UNITS = 400  # a page this long is not the site's not-found page, whatever it shares
HEAD_LINES = 3  # first lines of main text read for wording
# a line longer than this is prose (``…也可以在APP上登录后查看。``), not an error message
LINE_CJK, LINE_WORDS = 25, 16

_NOT_FOUND = re.compile(
    r"(页面|网页)(已经?|已?被|暂时)?(不存在|找不到|未找到|走丢|丢失|删除|下线|撤销|过期|失效)"
    # other nouns only with "gone" verbs: ``身份证信息过期`` is a topic, ``该文章已被删除`` is not
    r"|(文章|内容|信息|资源|帖子|文档)(已经?被?|已?被|暂时)?(不存在|找不到|未找到|删除|下线)"
    r"|(找不到|未找到|没有找到)(该|您要的|您所?访问的|您请求的)?(页面|网页|文章|内容|信息)"
    r"|您?(所?访问|请求)的(页面|网页|文章|内容|地址)(不存在|已|找不到|暂时)"
    r"|^\W*404\b|\b404\W*(error|not\s+found|page)|^\W*(error\s+)?404\W*$"
    r"|\bpage\s+(was\s+)?not\s+found|\bnot\s+found\W*$|^\W*not\s+found\b"
    r"|\b(page|article|content|post|file|resource)\s+(you\s+\w+\s+)?(could\s*n[o']t|cannot|can't|couldn't)\s+be\s+found"
    r"|\b(couldn't|could\s+not|can't|cannot)\s+find\s+(the|that|this)\s+(page|article|post)"
    r"|\b(page|article|content|post)\s+(you\s+\w+\s+(for\s+)?)?(does\s*n[o']t|does\s+not|no\s+longer)\s+exists?"
    r"|\b(is\s+)?no\s+longer\s+available|\bhas\s+been\s+(removed|deleted)|\bwas\s+(removed|deleted)",
    re.IGNORECASE,
)
_LOGIN = re.compile(
    r"请先?(登录|登陆)|(登录|登陆)后(才能|方可|可以|即可)?(查看|阅读|浏览|继续|访问|下载)|(用户|会员|账号|帐号)(登录|登陆)\W*$"
    r"|^\W*(登录|登陆)\W*$|无权(访问|查看|浏览)|没有(访问|查看)?权限|访问(被拒绝|受限)|禁止访问|仅限会员"
    r"|\b(please\s+)?(log|sign)\s*in\s+to\s+(continue|read|view|access|see)|\b(you\s+must|you\s+need\s+to|please)\s+(log|sign)\s*in"
    r"|^\W*(log\s*in|sign\s*in|member\s+login|user\s+login)\W*$|\baccess\s+(is\s+)?denied|\bpermission\s+denied"
    r"|^\W*(403\W*)?forbidden\W*$|\bnot\s+authori[sz]ed\b|\bmembers\s+only\b",
    re.IGNORECASE,
)
# A question about an error page is an article (``页面不存在怎么办？``, "how to fix 404 not found").
_QUESTION = re.compile(
    r"[?]\s*$|怎么|如何|为什么|为何|什么原因|原因|解决|办法|吗\W*$|\b(how|why|what|fix|fixing|solve|troubleshoot)\b",
    re.I,
)
_LOGIN_PATH = re.compile(
    r"(^|/)(login|logon|signin|sign-in|sign_in|passport|auth|sso|account/login|member/login|user/login)([/._?-]|$)"
    r"|[?&](redirect|return_?url|returnto|return_to|next|backurl|from|referer)=",
    re.IGNORECASE,
)
_PASSWORD = re.compile(r"""<input\b[^>]*\btype\s*=\s*["']?password""", re.IGNORECASE)
_CJK = re.compile(r"[\u3400-\u9fff\uf900-\ufaff]")
_WORD = re.compile(r"[^\W\d_\u3400-\u9fff\uf900-\ufaff]{2,}|\d+")
_MASK = re.compile(r"https?://\S+|(/[\w.%~-]+)+/?|[\w.-]+\.(html?|php|aspx?)\b|\d+")


@dataclass(frozen=True)
class NotFoundSample:
    """What a host served for a URL that cannot exist: its final URL and hashes of its lines
    (digits and URLs masked: the page may echo the address it was asked for). ``lines`` empty:
    the host answered with a real error status, nothing to learn."""

    final_url: str
    title: str
    lines: frozenset[str]

    def encode(self) -> str:
        """One header value: ``final URL|title hash|line hashes`` (space-separated)."""
        return f"{self.final_url}|{_hash(self.title) if self.title else ''}|{' '.join(sorted(self.lines))}"

    @classmethod
    def decode(cls, value: str) -> NotFoundSample | None:
        parts = value.split("|")
        if len(parts) != 3:
            return None
        return cls(parts[0], parts[1], frozenset(parts[2].split()))

    @classmethod
    def learn(cls, final_url: str, title: str, lines: Iterable[str]) -> NotFoundSample:
        return cls(final_url, title, frozenset(_hash(line) for line in lines if _units(line) >= 2))


@dataclass(frozen=True)
class Verdict:
    kind: str  # soft-404 | login-wall
    reason: str


def detect(
    url: str,
    title: str,
    lines: Sequence[str],
    html: str = "",
    headers: Mapping[str, str] | None = None,
    sample: NotFoundSample | None = None,
) -> Verdict | None:
    """Is this page an error page served as content? ``lines``: its main text, a paragraph per
    item; ``html``: its markup (for a password field); ``headers``: the stored response headers
    (``REDIRECTED_TO_HEADER``, ``NOT_FOUND_HEADER``); ``sample``: the host's not-found page, when
    not given in the headers. None for an ordinary page."""
    headers = headers or {}
    sample = sample or _sample_of(headers)
    redirected = headers.get(REDIRECTED_TO_HEADER, "")
    if redirected:
        verdict = _redirect_verdict(url, redirected, sample)
        if verdict:
            return verdict
    has_sample = sample is not None and bool(sample.lines)
    units = _units_upto(lines, SAMPLE_MAX_UNITS if has_sample else MAX_UNITS)
    if sample is not None and has_sample and units <= SAMPLE_MAX_UNITS:
        share = _shared_share(lines, sample)
        if share >= SAMPLE_SHARE:
            return Verdict(SOFT_404, f"{share:.0%} of its text is the site's not-found page")
    if units > MAX_UNITS:
        return None
    if html and _PASSWORD.search(html):
        return Verdict(LOGIN_WALL, "a password form and little text")
    heads = [title, *lines[:HEAD_LINES]]
    for kind, pattern in ((SOFT_404, _NOT_FOUND), (LOGIN_WALL, _LOGIN)):
        line = _wording(heads, pattern)
        if line:
            return Verdict(kind, f"says {line[:60]!r} with {units} units of text")
    return None


def quick_hint(title: str, heading: str, html: str, headers: Mapping[str, str]) -> bool:
    """A cheap look (title, first headline, markup) at a page typed as a list or as no article:
    worth processing to ask ``detect``? (Those pages are not stored either way; this names why.)"""
    if headers.get(REDIRECTED_TO_HEADER) or _PASSWORD.search(html):
        return True
    return bool(_wording([title, heading], _NOT_FOUND) or _wording([title, heading], _LOGIN))


def is_login_path(url: str) -> bool:
    parts = urlsplit(url)
    return bool(_LOGIN_PATH.search(parts.path + ("?" + parts.query if parts.query else "")))


def _redirect_verdict(url: str, final: str, sample: NotFoundSample | None) -> Verdict | None:
    if is_login_path(final):
        return Verdict(LOGIN_WALL, f"redirected to a login page {final[:120]}")
    asked, landed = urlsplit(url), urlsplit(final)
    front = landed.path in ("", "/") and not landed.query and asked.path not in ("", "/")
    if front or (sample is not None and sample.final_url and final == sample.final_url != url):
        return Verdict(SOFT_404, f"redirected to {final[:120]}, where unknown URLs go")
    return None


def _sample_of(headers: Mapping[str, str]) -> NotFoundSample | None:
    value = headers.get(NOT_FOUND_HEADER)
    return NotFoundSample.decode(value) if value else None


def _shared_share(lines: Sequence[str], sample: NotFoundSample) -> float:
    total = shared = 0
    for line in lines:
        units = _units(line)
        total += units
        shared += units if _hash(line) in sample.lines else 0
    return shared / total if total else 0.0


def _wording(lines: Iterable[str], pattern: re.Pattern[str]) -> str:
    """The first line that says it (a short line, not a question), or ""."""
    for line in lines:
        folded = unicodedata.normalize("NFKC", line or "").strip()
        if not folded or not _short(folded):
            continue
        for part in re.split(r"\s[-_|–—]\s|_|\|", folded):  # "页面不存在_民生问答网", "Page not found | Site"
            part = part.strip()
            if part and pattern.search(part) and not _QUESTION.search(part):
                return folded
    return ""


def _short(line: str) -> bool:
    return len(_CJK.findall(line)) <= LINE_CJK and len(_WORD.findall(line)) <= LINE_WORDS


def _units_upto(lines: Sequence[str], limit: int) -> int:
    """Units of ``lines`` counted until they pass ``limit`` (an article's length is not needed:
    every page is asked, and most are long)."""
    total = 0
    for line in lines:
        total += _units(line)
        if total > limit:
            break
    return total


def _units(text: str) -> int:
    """CJK characters plus half a unit per Latin word (``pipeline.pagetype.text_units``)."""
    cjk = len(_CJK.findall(text))
    words = len(_WORD.findall(text))
    return cjk + words // 2 if cjk else (words + 1) // 2


def _hash(line: str) -> str:
    folded = _MASK.sub("#", unicodedata.normalize("NFKC", line).strip().lower())
    return hashlib.blake2b(folded.encode("utf-8"), digest_size=6).hexdigest()

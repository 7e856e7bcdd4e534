"""HTML for the two demo layouts.

An article body is a list of ``Item``s.  The same items produce both the HTML and the gold text
(``item_lines``), so the gold cannot drift from what is rendered.  Every item becomes one or more
block-level elements whose text content is exactly its gold lines.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from html import escape

CONTENT_KINDS = frozenset({"heading", "para"})


@dataclass
class Item:
    """One piece of article body.

    kinds: heading, para (content); source, filler, note, statement, keywords, attachment
    (one line of ``text``); related (``entries`` of (href, title, stamp), one line);
    tags ((href, tag) each on its own line); prevnext ((label, href | None, title));
    recommend (``text`` = block heading, entries of (href, title, teaser, meta)).
    """

    kind: str
    text: str = ""
    href: str = ""
    entries: list[tuple] = field(default_factory=list)


def item_lines(item: Item) -> list[str]:
    """The text lines an item renders to (what a perfect extractor would see)."""
    if item.kind == "related":
        return [" ".join(f"{title} {stamp}医保知识" for _, title, stamp in item.entries)]
    if item.kind == "tags":
        return [tag for _, tag in item.entries]
    if item.kind == "prevnext":
        return [f"{label}:{title}" for label, _, title in item.entries]
    if item.kind == "recommend":
        lines = [item.text]
        for _, title, teaser, meta in item.entries:
            lines += [title, teaser, meta]
        return lines
    return [item.text]


def _a(href: str, text: str) -> str:
    return f'<a href="{escape(href)}">{escape(text)}</a>'


# ---------------------------------------------------------------- layout A (utf-8, div/class)


def _item_a(item: Item) -> str:
    t = escape(item.text)
    kind = item.kind
    if kind == "heading":
        return f"<h2>{t}</h2>"
    if kind == "para" or kind in ("filler", "note"):
        # Fillers and disclaimers are plain <p> on purpose: markup gives no hint.
        return f"<p>{t}</p>"
    if kind == "source":
        date, site = item.text[:19], item.text[19:]
        return f'<div class="info"><span class="time">{escape(date)}</span>{escape(site)}</div>'
    if kind == "statement":
        head = escape(item.text.removesuffix("投诉"))
        return f'<div class="statement">{head}<a href="{escape(item.href)}">投诉</a></div>'
    if kind == "keywords":
        return f'<p class="keywords">{t}</p>'
    if kind == "attachment":
        return f'<p class="attach"><a href="{escape(item.href)}">{t}</a></p>'
    if kind == "related":
        parts = [
            f'{_a(h, title)} <span class="time">{escape(stamp)}</span><span class="cat">医保知识</span>'
            for h, title, stamp in item.entries
        ]
        return f'<p class="xglist">{" ".join(parts)}</p>'
    if kind == "tags":
        lis = "".join(f"<li>{_a(h, tag)}</li>" for h, tag in item.entries)
        return f'<ul class="tags">{lis}</ul>'
    if kind == "prevnext":
        ps = "".join(f"<p>{label}:{_a(h, title) if h else escape(title)}</p>" for label, h, title in item.entries)
        return f'<div class="prenext">{ps}</div>'
    if kind == "recommend":
        lis = "".join(
            f'<li><h4>{_a(h, title)}</h4><p class="desc">{escape(teaser)}</p><p class="meta">{escape(meta)}</p></li>'
            for h, title, teaser, meta in item.entries
        )
        return f'<div class="recommend"><h3>{t}</h3><ul>{lis}</ul></div>'
    raise ValueError(f"unknown item kind {kind!r}")


_NAV_A = (
    ("/", "首页"),
    ("/list/1.html", "医保知识"),
    ("/topic/shebao.html", "社保政策"),
    ("/gbk/index.html", "财经快报"),
    ("/sitemap.xml", "网站地图"),
)


def _chrome_a(
    title: str, main: str, hot: list[tuple[str, str]], canonical: str | None, footer_links: list[tuple[str, str]]
) -> str:
    nav = "".join(f"<li>{_a(h, t)}</li>" for h, t in _NAV_A)
    side = "".join(f"<li>{_a(h, t)}</li>" for h, t in hot)
    foot = " | ".join(_a(h, t) for h, t in footer_links)
    canon = f'<link rel="canonical" href="{escape(canonical)}">' if canonical else ""
    return (
        '<!DOCTYPE html>\n<html lang="zh-CN">\n<head>\n<meta charset="utf-8">\n'
        f"<title>{escape(title)}_社保网</title>\n"
        '<meta name="keywords" content="医保,社保,医保卡余额,医保知识">\n'
        f'{canon}\n<link rel="stylesheet" href="/static/style.css">\n</head>\n<body>\n'
        '<div class="header"><div class="logo"><a href="/">社保网</a></div>'
        f'<ul class="nav">{nav}</ul></div>\n'
        f'<div class="wrap">\n{main}\n'
        f'<div class="sidebar"><h3>热门文章</h3><ul class="hot">{side}</ul>'
        "<h3>公告</h3><p>本站内容仅供参考,欢迎投稿。</p></div>\n</div>\n"
        f'<div class="footer"><p>{foot}</p><p>© 2012-2025 社保网 版权所有</p>'
        "<p>京ICP备12345678号-1</p><p>网站联系邮箱:service@shebao.example</p></div>\n"
        "</body>\n</html>\n"
    )


def article_page_a(
    title: str, items: list[Item], hot: list[tuple[str, str]], canonical: str, footer_links: list[tuple[str, str]]
) -> str:
    body = "\n".join(_item_a(item) for item in items)
    main = (
        '<div class="main">'
        f'<div class="breadcrumb">{_a("/", "首页")} &gt; {_a("/list/1.html", "医保知识")} &gt; 正文</div>\n'
        f'<h1 class="article-title">{escape(title)}</h1>\n'
        f'<div class="article-content">\n{body}\n</div>\n</div>'
    )
    return _chrome_a(title, main, hot, canonical, footer_links)


def list_page_a(
    title: str,
    entries: list[tuple[str, str, str, str]],
    pager: list[tuple[str, str]],
    hot: list[tuple[str, str]],
    footer_links: list[tuple[str, str]],
) -> str:
    """entries: (href, title, date, teaser); pager: (href, label)."""
    lis = "".join(
        f'<li>{_a(h, t)}<span class="date">{escape(d)}</span><p>{escape(s)}</p></li>' for h, t, d, s in entries
    )
    pages = " ".join(_a(h, label) for h, label in pager)
    main = (
        f'<div class="main"><h1>{escape(title)}</h1><ul class="list">{lis}</ul><div class="pages">{pages}</div></div>'
    )
    return _chrome_a(title, main, hot, None, footer_links)


# ---------------------------------------------------------------- layout B (gbk, tables/font)


def _item_b(item: Item) -> str:
    t = escape(item.text)
    kind = item.kind
    if kind == "heading":
        return f"<p><strong>{t}</strong></p>"
    if kind in ("para", "filler", "note", "keywords"):
        return f'<p style="text-indent:2em">{t}</p>'
    if kind == "source":
        return f'<p align="center"><font color="#666666" size="2">{t}</font></p>'
    if kind == "statement":
        head = escape(item.text.removesuffix("投诉"))
        return f'<p><font color="#999999">{head}<a href="{escape(item.href)}">投诉</a></font></p>'
    if kind == "attachment":
        return f"<p>{_a(item.href, item.text)}</p>"
    if kind == "related":
        parts = [f'{_a(h, title)} <font size="2">{escape(stamp)}</font>医保知识' for h, title, stamp in item.entries]
        return f"<p>{' '.join(parts)}</p>"
    if kind == "tags":
        return "".join(f"<p>{_a(h, tag)}</p>" for h, tag in item.entries)
    if kind == "prevnext":
        rows = "".join(
            f"<tr><td>{label}:{_a(h, title) if h else escape(title)}</td></tr>" for label, h, title in item.entries
        )
        return f'<table width="100%" class="sxp">{rows}</table>'
    if kind == "recommend":
        rows = "".join(
            f'<tr><td>{_a(h, title)}</td></tr><tr><td><font size="2">{escape(teaser)}'
            f'</font></td></tr><tr><td><font color="#999999">{escape(meta)}</font></td></tr>'
            for h, title, teaser, meta in item.entries
        )
        return f'<table width="100%" class="cnxh"><tr><td bgcolor="#eeeeee"><b>{t}</b></td></tr>{rows}</table>'
    raise ValueError(f"unknown item kind {kind!r}")


_NAV_B = (
    ("/gbk/index.html", "首页"),
    ("/gbk/index.html", "社保"),
    ("/gbk/old/2019/1001.html", "往期回顾"),
    ("/", "社保网"),
)


def _chrome_b(title: str, charset: str, main: str, hot: list[tuple[str, str]]) -> str:
    nav = " | ".join(_a(h, t) for h, t in _NAV_B)
    side = "".join(f"<tr><td>{_a(h, t)}</td></tr>" for h, t in hot)
    return (
        '<!DOCTYPE HTML PUBLIC "-//W3C//DTD HTML 4.01 Transitional//EN">\n<html>\n<head>\n'
        f'<meta http-equiv="Content-Type" content="text/html; charset={charset}">\n'
        f"<title>{escape(title)} - 财经快报网</title>\n</head>\n"
        '<body bgcolor="#ffffff" topmargin="0">\n'
        '<table width="960" align="center" border="0" cellpadding="0" cellspacing="0">\n'
        f'<tr><td class="top" height="60"><font size="5" color="#cc0000"><b>财经快报网</b></font> {nav}</td></tr>\n'
        f'<tr><td><table width="100%"><tr>\n{main}\n'
        f'<td width="240" valign="top"><table class="right"><tr><td><b>热门文章</b></td></tr>{side}</table></td>\n'
        "</tr></table></td></tr>\n"
        '<tr><td align="center" class="bottom"><font size="2">&copy; 2012-2020 财经快报网 版权所有<br>'
        "网站联系邮箱:98 28 36 7@qq.com<br>沪ICP备87654321号</font></td></tr>\n"
        "</table>\n</body>\n</html>\n"
    )


def article_page_b(title: str, charset: str, items: list[Item], hot: list[tuple[str, str]]) -> str:
    body = "\n".join(_item_b(item) for item in items)
    main = (
        '<td width="700" valign="top">'
        f'<font size="2">当前位置:{_a("/gbk/index.html", "首页")} &gt; 社保 &gt; 正文</font><br>\n'
        f'<center><font size="5"><b>{escape(title)}</b></font></center>\n'
        f'<table width="100%"><tr><td id="zoom" class="zw">\n{body}\n</td></tr></table></td>'
    )
    return _chrome_b(title, charset, main, hot)


def list_page_b(title: str, charset: str, entries: list[tuple[str, str, str, str]], hot: list[tuple[str, str]]) -> str:
    rows = "".join(
        f'<tr><td>{_a(h, t)}</td><td width="120"><font size="2">{escape(d)}</font></td></tr>' for h, t, d, _ in entries
    )
    main = f'<td width="700" valign="top"><b>{escape(title)}</b><table width="100%">{rows}</table></td>'
    return _chrome_b(title, charset, main, hot)

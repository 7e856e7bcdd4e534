"""The five article layouts and the list-page layout of 易办百科网."""

from __future__ import annotations

import datetime as dt
from html import escape

from . import boilerplate as B

LAYOUTS = ["zhengwu", "logoh1", "dlqa", "wxcard", "plainnum"]
CN = "一二三四五六七八九十"
CIRCLED = "①②③④⑤⑥⑦⑧⑨⑩"
MAIN = "www." + B.DOMAIN
NAV = [
    ("gjj", "公积金"),
    ("jiazhao", "驾驶证"),
    ("huji", "户口"),
    ("cheliang", "车辆"),
    ("budongchan", "不动产"),
    ("churujing", "出入境"),
]


def e(s):
    return escape(s, quote=False)


def _fmt(style, n):
    return style.format(n=n, cn=CN[n - 1], c=CIRCLED[n - 1], n2=f"{n:02d}")


HEAD_STYLES = {
    "zhengwu": ["{cn}、", "", "（{cn}）"],
    "logoh1": ["{cn}、", "{n}.", "{n}、"],
    "dlqa": ["Q{n}：", "问{n}：", ""],
    "wxcard": ["{n2} ", "PART{n} ", "{cn}、"],
    "plainnum": ["{n}、", "{cn}、", "{n}."],
}
ITEM_STYLES = {
    "zhengwu": ["", "", "●"],
    "logoh1": ["（{n}）", "{n}）", "●"],
    "dlqa": ["", "{n}."],
    "wxcard": ["● ", "◆ ", ""],
    "plainnum": ["（{n}）", "{n}.", "·"],
}
STEP_STYLES = {
    "zhengwu": ["{n}.", "第{n}步：", "{n}、"],
    "logoh1": ["第{n}步：", "{n}、", "步骤{n}："],
    "dlqa": ["{n}.", "{n}、", "第{n}步："],
    "wxcard": ["{c}", "Step{n}：", "{n}."],
    "plainnum": ["步骤{n}：", "第{cn}步：", "{n}）"],
}


def block_struct(b, k, st):
    """Structure of one block; the heading numbering / item markers come from the page style."""
    out = [("head", _fmt(st["head"], k), b["head"])]
    for u in b["units"]:
        if u["kind"] == "P":
            out.append(("p", u["text"]))
        elif u["kind"] in "LS":
            out.append(("intro", u["text"]))
            mk = st["step"] if u["kind"] == "S" else st["item"]
            out.append(("items", [_fmt(mk, n) + it for n, it in enumerate(u["items"], 1)], u["kind"]))
        else:
            out.append(("table", [r.split("|") for r in [u["text"]] + u["items"]]))
    return out


def struct_lines(s):
    lines = []
    for x in s:
        if x[0] == "head":
            lines.append(x[1] + x[2])
        elif x[0] in ("p", "intro"):
            lines.append(x[1])
        elif x[0] == "items":
            lines += x[1]
        else:
            lines += [" ".join(r) for r in x[1]]
    return lines


def _table(rows, attrs=' class="tb"'):
    h = "".join(f"<th>{e(c)}</th>" for c in rows[0])
    body = "".join("<tr>" + "".join(f"<td>{e(c)}</td>" for c in r) + "</tr>\n" for r in rows[1:])
    return f"<table{attrs}><thead><tr>{h}</tr></thead><tbody>\n{body}</tbody></table>\n"


# ------------------------------------------------------------------ blocks per layout


def blk_zhengwu(s, rng, page_st):
    out = []
    for x in s:
        if x[0] == "head":
            t = page_st["htag"]
            out.append(f"<{t}>{e(x[1] + x[2])}</{t}>")
        elif x[0] in ("p", "intro"):
            out.append(f"<p>{e(x[1])}</p>")
        elif x[0] == "items":
            tag = "ol" if x[2] == "S" else "ul"
            out.append(f"<{tag}>" + "".join(f"<li>{e(i)}</li>" for i in x[1]) + f"</{tag}>")
        else:
            out.append(_table(x[1]))
    return "\n".join(out)


def blk_logoh1(s, rng, page_st):
    out = []
    for x in s:
        if x[0] == "head":
            b = page_st["btag"]
            out.append(f"<p><{b}>{e(x[1] + x[2])}</{b}></p>")
        elif x[0] in ("p", "intro"):
            out.append(f"<p>\u3000\u3000{e(x[1])}</p>")
        elif x[0] == "items":
            out += [f"<p>\u3000\u3000{e(i)}</p>" for i in x[1]]
        else:
            out.append(_table(x[1], ' border="1" cellspacing="0" width="100%"'))
    return "\n".join(out)


def blk_dlqa(s, rng, page_st):
    out = ['<dl class="qa-item">']
    for x in s:
        if x[0] == "head":
            out.append(f'<dt><i class="ico-q"></i>{e(x[1] + x[2])}</dt>')
        elif x[0] in ("p", "intro"):
            out.append(f"<dd>{e(x[1])}</dd>")
        elif x[0] == "items":
            out.append("<dd><ul>" + "".join(f"<li>{e(i)}</li>" for i in x[1]) + "</ul></dd>")
        else:
            out.append("<dd>" + _table(x[1]) + "</dd>")
    out.append("</dl>")
    return "\n".join(out)


def blk_wxcard(s, rng, page_st):
    out = []
    color = page_st["color"]
    for x in s:
        if x[0] == "head":
            pre = x[1]
            sp = " " if pre.endswith(" ") else ""
            out.append(
                f'<section style="margin:24px 0 12px;border-left:4px solid {color};padding-left:10px">'
                + (f'<span style="color:{color};font-weight:bold">{e(pre.strip())}</span>{sp}' if pre else "")
                + f'<span style="font-weight:bold;font-size:17px">{e(x[2])}</span></section>'
            )
        elif x[0] in ("p", "intro"):
            out.append(
                f'<p style="line-height:1.75em;margin-bottom:12px"><span style="font-size:15px">{e(x[1])}</span></p>'
            )
        elif x[0] == "items":
            out.append(
                "<section>"
                + "".join(f'<p style="padding-left:1em"><span>{e(i)}</span></p>' for i in x[1])
                + "</section>"
            )
        else:
            out.append('<section style="overflow-x:auto">' + _table(x[1], ' style="width:100%"') + "</section>")
    return "\n".join(out)


def blk_plainnum(s, rng, page_st):
    out = []
    for x in s:
        if x[0] == "head":
            if page_st["hspan"]:
                out.append(f'<p><span style="color:#c00;font-size:16px">{e(x[1] + x[2])}</span></p>')
            else:
                out.append(f"<p>{e(x[1] + x[2])}</p>")
        elif x[0] in ("p", "intro"):
            out.append(f"<p>{e(x[1])}</p>")
        elif x[0] == "items":
            out += [f"<p>{e(i)}</p>" for i in x[1]]
        else:
            out.append(_table(x[1], ' class="data" border="1"'))
    return "\n".join(out)


BLOCK = {"zhengwu": blk_zhengwu, "logoh1": blk_logoh1, "dlqa": blk_dlqa, "wxcard": blk_wxcard, "plainnum": blk_plainnum}

# ------------------------------------------------------------------ boilerplate per layout

BP_CLASS = {
    "SOURCE": "src",
    "OPENING": "lead",
    "TRANSITION": "trans",
    "AD": "adv",
    "CLOSING": "end",
    "DISCLAIMER": "tips",
    "PLATFORM": "statement",
    "COPYRIGHT": "copy",
    "PROMPT": "guide",
    "EDITOR": "editor",
    "TEASER": "more",
    "QR": "qrcode",
    "FEEDBACK": "helpful",
}


def render_bp(layout, kind, payload, rng):
    """(html, lines) of one boilerplate segment."""
    if kind == "RELATED":
        head, items = payload
        lines = [head] + [t for t, _ in items]
        if layout == "wxcard":
            h = (
                f'<section class="rel"><p style="font-weight:bold">{e(head)}</p>'
                + "".join(f'<p><a href="{u}">{e(t)}</a></p>' for t, u in items)
                + "</section>"
            )
        elif layout == "plainnum":
            h = f"<p><strong>{e(head)}</strong></p>" + "".join(f'<p><a href="{u}">{e(t)}</a></p>' for t, u in items)
        else:
            h = (
                f'<div class="related"><h4>{e(head)}</h4><ul>'
                + "".join(f'<li><a href="{u}" target="_blank">{e(t)}</a></li>' for t, u in items)
                + "</ul></div>"
            )
        return h, lines
    if kind == "TAGS":
        head, tags = payload[0], payload[1:]
        links = " ".join(f'<a href="https://{MAIN}/search/?q={e(t)}">{e(t)}</a>' for t in tags)
        return f'<div class="tags">{e(head)}{links}</div>', [head + " ".join(tags)]
    if kind == "FEEDBACK":
        parts = payload.split(" ")
        h = (
            f'<div class="helpful"><span>{e(parts[0])}</span> '
            + " ".join(f'<a href="javascript:void(0)" class="fb{i}">{e(p)}</a>' for i, p in enumerate(parts[1:]))
            + "</div>"
        )
        return h, [payload]
    if kind == "QR":
        img = f'<img src="/static/images/qr_{rng.randint(1, 9)}.jpg" alt="" width="160">'
        if layout == "wxcard":
            return f'<section style="text-align:center">{img}<p style="color:#888">{e(payload)}</p></section>', [
                payload
            ]
        return f'<div class="qrcode">{img}<p>{e(payload)}</p></div>', [payload]
    if kind == "AD":
        return (
            f'<p class="adv"><a href="https://{MAIN}/zixun/?from=art" rel="nofollow">{e(payload)}</a></p>',
            [payload],
        )
    if kind == "EDITOR":
        if layout in ("zhengwu", "plainnum"):
            return f'<p style="text-align:right">{e(payload)}</p>', [payload]
        return f'<div class="editor">{e(payload)}</div>', [payload]
    cls = BP_CLASS[kind]
    if layout == "wxcard":
        return f'<p style="color:#999;font-size:13px"><span>{e(payload)}</span></p>', [payload]
    if layout == "logoh1" and kind in ("OPENING", "CLOSING", "TRANSITION", "TEASER"):
        return f"<p>\u3000\u3000{e(payload)}</p>", [payload]
    if layout == "dlqa" or kind in ("DISCLAIMER", "COPYRIGHT", "PLATFORM"):
        return f'<div class="{cls}">{e(payload)}</div>', [payload]
    return f'<p class="{cls}">{e(payload)}</p>', [payload]


# ------------------------------------------------------------------ page chrome

CONTAINERS = {
    # layout -> (tag, attribute, value) that marks the body container
    "zhengwu": ("div", "id", "zwContent"),
    "logoh1": ("div", "class", "arcbody"),
    "dlqa": ("div", "class", "qa-list"),
    "wxcard": ("div", "id", "wxText"),
    "plainnum": ("div", "class", "post-body"),
}


def _head(page, title, desc, extra=""):
    cs = page["charset"]
    if page["gbk"] and cs != "utf-8" and page["i"] % 2:
        meta = f'<meta http-equiv="Content-Type" content="text/html; charset={cs}">'
    else:
        meta = f'<meta charset="{cs}">'
    return (
        f'<!DOCTYPE html>\n<html lang="zh-CN">\n<head>\n{meta}\n<title>{e(title)}_{B.SITE}</title>\n'
        f'<meta name="keywords" content="{e(",".join(page["tags"]))}">\n'
        f'<meta name="description" content="{escape(desc)}">\n'
        f'<meta name="viewport" content="width=device-width,initial-scale=1">\n{extra}'
        f'<link rel="stylesheet" href="/static/css/{page["layout"]}.css">\n</head>\n'
    )


def _nav(page):
    return (
        '<div class="topbar"><a href="https://'
        + MAIN
        + '/">'
        + B.SITE
        + "首页</a> "
        + " ".join(f'<a href="https://{MAIN}/{c}/index.html">{n}</a>' for c, n in NAV)
        + "</div>\n"
    )


def _crumb(page):
    cn = dict(NAV)[page["cat"]]
    return (
        f'<div class="crumb">当前位置：<a href="https://{MAIN}/">首页</a> &gt; '
        f'<a href="https://{MAIN}/{page["cat"]}/index.html">{cn}</a> &gt; 正文</div>\n'
    )


def _sidebar(page, rng):
    w = page["when"]
    items = []
    for k in range(5):
        d = w - dt.timedelta(days=rng.randint(1, 300))
        items.append(
            f'<li><a href="https://{MAIN}/{page["cat"]}/">{page["city"][1]}办事热点问答{k + 1}</a>'
            f"<span>{d:%m-%d}</span></li>"
        )
    return '<div class="side"><h3>热门文章</h3><ul>' + "".join(items) + "</ul></div>\n"


def _comments(page, rng):
    w = page["when"]
    out = []
    for _k in range(rng.randint(1, 3)):
        d = w + dt.timedelta(days=rng.randint(1, 90), minutes=rng.randint(0, 1440))
        out.append(
            f'<div class="cmt"><span class="u">网友{rng.randint(100, 999)}***</span> '
            f'<span class="t">{d:%Y-%m-%d %H:%M}</span><p>{rng.choice(["有用，谢谢分享", "请问外地户口也可以吗", "按步骤办成了", "电话一直打不通"])}</p></div>'
        )
    return '<div class="comments"><h3>网友评论</h3>' + "".join(out) + "</div>\n"


def _footer(page):
    y = page["when"].year
    return (
        f'<div class="footer"><p>Copyright &copy; 2019-{y + 1} {B.DOMAIN} 版权所有</p>'
        f"<p>浙ICP备1902{page['city'][5][-2:]}18号-1 | 联系我们 | 免责声明</p></div>\n</body>\n</html>\n"
    )


def _prevnext(page):
    return (
        '<div class="pn"><p>上一篇：<a href="#">' + page["city"][1] + "办事常见问题汇总</a></p>"
        '<p>下一篇：<a href="#">没有了</a></p></div>\n'
    )


def render_article(page, segs, rng, fold):
    layout = page["layout"]
    st = {
        "head": rng.choice(HEAD_STYLES[layout]),
        "item": rng.choice(ITEM_STYLES[layout]),
        "step": rng.choice(STEP_STYLES[layout]),
        "htag": rng.choice(["h2", "h3"]),
        "btag": rng.choice(["strong", "b"]),
        "color": rng.choice(["#07c160", "#1e6fff", "#e8663d"]),
        "hspan": rng.random() < 0.5,
    }
    body, order = [], []
    k = 0
    for seg in segs:
        if seg[0] == "block":
            k += 1
            s = block_struct(seg[1], k, st)
            body.append(BLOCK[layout](s, rng, st))
            order.append((seg, struct_lines(s), st))
        else:
            h, lines = render_bp(layout, seg[1], seg[2], rng)
            body.append(h)
            order.append((seg, lines, st))
    w = page["when"]
    title = page["title"]
    first = page["blocks"][0]["units"][0]["text"]
    tag, attr, val = CONTAINERS[layout]
    cont = f'<{tag} {attr}="{val}">\n' + "\n".join(body) + f"\n</{tag}>\n"
    src = rng.choice([B.SITE, "本地宝", B.SITE_SHORT + "编辑部", page["city"][1] + "政务服务网"])
    if layout == "zhengwu":
        pub = w.strftime("%Y-%m-%dT%H:%M:%S")
        upd = w + dt.timedelta(days=rng.randint(20, 200), seconds=rng.randint(0, 86000))
        html = (
            _head(page, title, first)
            + "<body>\n"
            + _nav(page)
            + _crumb(page)
            + f'<div class="main"><div class="article"><h1 class="art-title">{e(title)}</h1>\n'
            f'<div class="info"><span>发布时间：{w:%Y-%m-%d %H:%M:%S}</span> <span>来源：{e(src)}</span> '
            f"<span>浏览次数：{rng.randint(200, 90000)}</span></div>\n"
            + cont
            + f'<p class="upd">本页更新时间：{upd:%Y-%m-%d %H:%M:%S}</p>\n'
            + '<div class="share">分享到：微信 微博 QQ空间</div>\n'
            + _prevnext(page)
            + "</div>\n"
            + _sidebar(page, rng)
            + "</div>\n"
            + _footer(page)
        )
    elif layout == "logoh1":
        pub = w.strftime("%Y-%m-%dT%H:%M")
        aud = w + dt.timedelta(days=rng.randint(1, 30))
        html = (
            _head(page, title, first)
            + "<body>\n"
            + f'<div class="header"><h1 class="logo"><a href="https://{MAIN}/">{B.SITE}</a></h1>'
            + _nav(page)
            + "</div>\n"
            + _crumb(page)
            + f'<div class="arc"><h2 class="arc-tit">{e(title)}</h2>\n'
            f'<div class="arc-info">{w.year}年{w.month}月{w.day}日 {w:%H:%M}{e(src)}</div>\n'
            + cont
            + f'<div class="audit">审核日期：{aud.year}年{aud.month}月{aud.day}日</div>\n'
            + _prevnext(page)
            + _comments(page, rng)
            + "</div>\n"
            + _sidebar(page, rng)
            + _footer(page)
        )
    elif layout == "dlqa":
        pub = w.strftime("%Y-%m-%d")
        html = (
            _head(page, title, first)
            + "<body>\n"
            + _nav(page)
            + _crumb(page)
            + f'<div class="qa-page"><h1>{e(title)}</h1>\n<div class="qa-meta"><span class="who">{e(src)}</span> '
            f'<time datetime="{w:%Y-%m-%d}">{w:%Y-%m-%d}</time> <span class="views">{rng.randint(2, 80)}人觉得有用</span></div>\n'
            + cont
            + _comments(page, rng)
            + "</div>\n"
            + _sidebar(page, rng)
            + _footer(page)
        )
    elif layout == "wxcard":
        pub = w.strftime("%Y-%m-%dT%H:%M")
        upd = w + dt.timedelta(days=rng.randint(3, 120))
        acct = rng.choice([f"{page['city'][1]}办事通", B.SITE_SHORT, f"{page['city'][1]}生活圈"])
        html = (
            _head(page, title, first)
            + "<body>\n"
            + _nav(page)
            + f'<div class="rich_media"><div class="upd-tip">更新日期 {upd:%Y-%m-%d}</div>\n'
            f'<h1 class="rich_media_title">{e(title)}</h1>\n'
            f'<div class="rich_media_meta"><span class="acct">{e(acct)}</span> '
            f'<em id="publish_time">{w:%Y-%m-%d %H:%M}</em></div>\n'
            + cont
            + f'<div class="read">阅读 {rng.randint(1000, 99999)} 赞 {rng.randint(3, 500)}</div></div>\n'
            + _footer(page)
        )
    else:  # plainnum
        pub = w.strftime("%Y-%m-%dT%H:%M:%S")
        edit = w + dt.timedelta(days=rng.randint(5, 300), minutes=rng.randint(0, 999))
        meta = f'<meta property="article:published_time" content="{w:%Y-%m-%dT%H:%M:%S}+08:00">\n'
        html = (
            _head(page, title, first, meta)
            + "<body>\n"
            + _nav(page)
            + f'<div class="post"><h1 class="post-title">{e(title)}</h1>\n'
            f'<p class="byline">作者：{e(src)} | 发布于：{w:%Y-%m-%d %H:%M:%S}</p>\n'
            + cont
            + f'<p class="edited">最后编辑于 {edit:%Y-%m-%d %H:%M}</p>\n'
            + _prevnext(page)
            + "</div>\n"
            + _sidebar(page, rng)
            + _footer(page)
        )
    return fold(html), {"order": order, "published_at": pub}


def render_list(host, h1, items, pager, fold):
    lis = "".join(f'<li><a href="{u}">{e(t)}</a><span class="date">{w:%Y-%m-%d}</span></li>\n' for u, t, w in items)
    pg = ""
    if pager:
        pg = '<div class="pages">' + " ".join(f'<a href="{u}">{n}</a>' for u, n in pager) + "</div>\n"
    html = (
        f'<!DOCTYPE html>\n<html lang="zh-CN">\n<head>\n<meta charset="utf-8">\n<title>{e(h1)}_{B.SITE}</title>\n'
        f'</head>\n<body>\n<div class="topbar"><a href="https://{MAIN}/">{B.SITE}首页</a> '
        + " ".join(f'<a href="https://{MAIN}/{c}/index.html">{n}</a>' for c, n in NAV)
        + f'</div>\n<h1>{e(h1)}</h1>\n<ul class="list">\n{lis}</ul>\n{pg}'
        f'<div class="footer">Copyright &copy; {B.DOMAIN}</div>\n</body>\n</html>\n'
    )
    return fold(html)

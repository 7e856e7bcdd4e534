"""blindfarm5 generator: 学路百问网 (xuelu100.com), a 教育/考试/婚育/生育/养老 Q&A farm.

    python -m tests.blindfarm5.generate OUT_DIR [--articles N] [--seed S] [--punctuation fullwidth|ascii]

Deterministic, standard library only.  See README.md for the gold format.
"""

import argparse
import datetime as dt
import html
import json
import os
import random
import re

from . import data as D
from .templates import ONEOFF_HEADS, ONEOFF_SENTS, T

FOLD = str.maketrans({"：": ":", "，": ",", "；": ";", "？": "?", "！": "!", "（": "(", "）": ")"})
TPL = {t["id"]: t for t in T}
CITY = {c[0]: c for c in D.CITIES}
CATNAME = dict(D.CATEGORIES)
LAYOUTS = ["portal", "logo", "qa", "wx", "gov"]
# body container of each layout: (attribute, value)
CONTAINER = {
    "portal": ("id", "art-text"),
    "logo": ("class", "detail-txt"),
    "qa": ("class", "best-answer"),
    "wx": ("id", "rich-body"),
    "gov": ("class", "zw-content"),
}
CN_NUM = "一二三四五六七八九十"
E = html.escape


def _rng(*key):
    return random.Random("|".join(str(k) for k in key))


def city_vars(code, year):
    c = CITY[code]
    city = c[1]
    return {
        "city": city,
        "prov": c[2],
        "cap": c[3],
        "dist": c[4],
        "tel": c[5],
        "papp": c[6],
        "capp": c[7],
        "y": str(year),
        "edu": city + "市教育局",
        "ksy": city + "市教育考试院",
        "hrss": city + "市人力资源和社会保障局",
        "civil": city + "市民政局",
        "wjw": city + "市卫生健康委员会",
        "app": c[6],
    }


def fill(text, v, rng):
    text = re.sub(r"\{r:(\d+)-(\d+)\}", lambda m: str(rng.randint(int(m.group(1)), int(m.group(2)))), text)
    return re.sub(r"\{(\w+)\}", lambda m: v.get(m.group(1), m.group(0)), text)


def wording(text, v, rng, drop=0.35):
    alts = [a.strip() for a in text.split("||")]
    s = rng.choice(alts)
    s = re.sub(r"\[\[(.*?)\]\]", lambda m: "" if rng.random() < drop else m.group(1), s)
    s = fill(s, v, rng).strip()
    s = re.sub("[，、]$", "。", s).replace("，。", "。")
    return s


def _sentences(s):
    return [x for x in re.findall(r"[^。]*。|[^。]+$", s) if x]


def rewrite(tid, code, year, seed):
    """The block of template `tid` as rewritten for city `code` -> list of (kind, text|cells)."""
    tpl = TPL[tid]
    rng = _rng(seed, "rw", tid, code, year)
    v = city_vars(code, year)
    units = [u for u in tpl["units"] if not ("o" in u[-1] and rng.random() < 0.3)]
    mov = [i for i, u in enumerate(units) if "m" in u[-1]]
    order = mov[:]
    rng.shuffle(order)
    units2 = list(units)
    for i, j in zip(mov, order, strict=False):
        units2[i] = units[j]
    stepfmt = rng.choice(["{n}.", "{n}、", "第{n}步：", "（{n}）", "步骤{n}："])
    lines = []
    for u in units2:
        kind = u[0]
        if kind == "p":
            s = wording(u[1], v, rng)
            sents = _sentences(s)
            if len(sents) >= 2 and rng.random() < 0.15:
                k = rng.randint(1, len(sents) - 1)
                lines.append(("p", "".join(sents[:k])))
                lines.append(("p", "".join(sents[k:])))
            else:
                lines.append(("p", s))
        elif kind in "ls":
            intro = wording(u[1], v, rng)
            if rng.random() < 0.25 and intro.endswith("："):
                intro = rng.choice(["具体如下：", "主要有以下几项：", intro, "大致如下："]) if kind == "l" else intro
            items = [fill(x.lstrip("?"), v, rng) for x in u[2] if not (x.startswith("?") and rng.random() < 0.4)]
            lines.append(("intro", intro))
            if kind == "l":
                lines += [("item", x) for x in items]
            else:
                lines += [("step", stepfmt.format(n=n) + x) for n, x in enumerate(items, 1)]
        elif kind == "t":
            rows = [
                [fill(c.lstrip("?"), v, rng) for c in r]
                for r in u[1]
                if not (r[0].startswith("?") and rng.random() < 0.4)
            ]
            lines += [("row", r) for r in rows]
    if rng.random() < 0.6:
        loc = fill(rng.choice(D.LOCAL[tpl["cat"]]), v, rng)
        pos = len(lines) if rng.random() < 0.6 else 1
        lines.insert(pos, ("p", loc))
    return lines


def oneoff(code, year, seed, n):
    rng = _rng(seed, "oneoff", n)
    v = city_vars(code, year)
    head = fill(rng.choice(ONEOFF_HEADS), v, rng)
    sents = rng.sample(ONEOFF_SENTS, rng.randint(3, 5))
    paras, cur = [], ""
    for s in sents:
        cur += fill(s, v, rng)
        if rng.random() < 0.5:
            paras.append(cur)
            cur = ""
    if cur:
        paras.append(cur)
    return head, [("p", p) for p in paras]


# ---------------------------------------------------------------------------------------
def plan(articles, seed):
    rng = _rng(seed, "plan")
    start = dt.datetime(2023, 2, 1)
    span = int((dt.datetime(2025, 11, 20) - start).total_seconds())
    codes = [c[0] for c in D.CITIES]
    by_cat = {}
    for t in T:
        by_cat.setdefault(t["cat"], []).append(t["id"])
    arts = []
    for i in range(articles):
        code = rng.choice(codes)
        pub = start + dt.timedelta(seconds=rng.randrange(span))
        nb = rng.choices([1, 2, 3], [45, 35, 20])[0]
        first = rng.choice(T)["id"]
        tids = [first]
        while len(tids) < nb:
            pool = by_cat[TPL[first]["cat"]] if rng.random() < 0.7 else list(TPL)
            cand = rng.choice(pool)
            if cand not in tids:
                tids.append(cand)
        # one-off blocks (~5 % of all blocks) never open a page, so the title fits the first block
        blocks = [("u%04d" % (i * 3 + k) if k and rng.random() < 0.12 else tid) for k, tid in enumerate(tids)]
        host = D.MAIN_HOST if rng.random() < 0.15 else f"{code}.{D.DOMAIN}"
        cat = TPL[first]["cat"]
        aid = 20000 + i * 7 + rng.randint(0, 6)
        v = city_vars(code, pub.year)
        title = fill(rng.choice(TPL[first]["titles"]), v, rng)
        if rng.random() < 0.3:
            title += fill(
                rng.choice(
                    [
                        "——附办理流程",
                        "｜{y}年最新版" if "年" not in title else "｜最新版",
                        "（附材料清单）",
                        "——一文讲清楚",
                        "｜家长必看",
                        "——常见问题解答",
                        "｜收藏备用",
                    ]
                ),
                v,
                rng,
            )
        layout = LAYOUTS[rng.randrange(len(LAYOUTS))]
        enc = "utf-8"
        meta_cs = "utf-8"
        if rng.random() < 0.035:
            enc = "gbk"
            meta_cs = rng.choice(["gbk", "gb2312", "utf-8"])
        arts.append(
            dict(
                i=i,
                code=code,
                pub=pub,
                blocks=blocks,
                host=host,
                cat=cat,
                aid=aid,
                title=title,
                layout=layout,
                enc=enc,
                meta_cs=meta_cs,
                tags=sorted({g for b in tids for g in TPL[b]["tags"]}),
                path="%s/%s/%d.html" % (host, cat, aid),
                url="https://%s/%s/%d.html" % (host, cat, aid),
            )
        )
    return arts


def make_blocks(a, seed):
    """-> list of (heading_base, template_id, lines)"""
    out = []
    rng = _rng(seed, "heads", a["i"])
    v = city_vars(a["code"], a["pub"].year)
    for b in a["blocks"]:
        if b.startswith("u"):
            h, lines = oneoff(a["code"], a["pub"].year, seed, b)
        else:
            h = fill(rng.choice(TPL[b]["heads"]), v, rng)
            lines = rewrite(b, a["code"], a["pub"].year, seed)
        out.append((h, b, lines))
    return out


# --- rendering -------------------------------------------------------------------------
class Body:
    """Collects the HTML of the body container and its lines (main or boilerplate)."""

    def __init__(self):
        self.html, self.lines = [], []

    def add(self, h, lines=()):
        self.html.append(h)
        self.lines.extend(lines)

    def bp(self, text, tag="p", cls=None):
        c = f' class="{cls}"' if cls else ""
        self.add(f"<{tag}{c}>{E(text)}</{tag}>", [(text, False)])


def heading_text(layout, h, k, prng):
    if layout == "portal":
        return prng["hnum"].format(n=k + 1, cn=CN_NUM[k]) + h
    if layout == "logo":
        return prng["hnum"].format(n=k + 1, cn=CN_NUM[k]) + h
    if layout == "qa":
        q = h if h.endswith("？") else (h + "？" if re.search("怎么|什么|多少|吗|哪|几", h) else h)
        return "问：" + q
    if layout == "wx":
        return prng["hnum"].format(n=k + 1, cn=CN_NUM[k]) + h
    return CN_NUM[k] + "、" + h if prng["gov_paren"] is False else "（" + CN_NUM[k] + "）" + h


def render_heading(layout, text, prng):
    t = E(text)
    st = prng["hstyle"]
    if layout == "portal":
        return f"<{st}>{t}</{st}>"
    if layout == "logo":
        if st == "strong":
            return f"<p><strong>{t}</strong></p>"
        if st == "b":
            return f'<p style="margin-top:18px"><b>{t}</b></p>'
        return f'<p><span class="subtit">{t}</span></p>'
    if layout == "qa":
        return f'<p class="wen">{t}</p>' if st == "p" else f'<h3 class="q-sub">{t}</h3>'
    if layout == "wx":
        lab = prng["hnum"].format(n=prng["k"] + 1, cn="").strip()
        if st == "label" and lab and text.startswith(lab + " "):
            rest = text[len(lab) + 1 :]
            return (
                '<section style="margin:20px 0;border-left:4px solid #2f7dfa;padding-left:8px">'
                f'<span style="color:#2f7dfa;font-weight:bold">{E(lab)}</span> <span>{E(rest)}</span></section>'
            )
        return (
            '<section style="text-align:center;margin:24px 0"><p style="font-size:17px">'
            f"<strong>{t}</strong></p></section>"
        )
    return f'<p style="text-indent:2em">{t}</p>'


def render_lines(layout, lines, first_prefix):
    """-> (html, [text]) for a block's lines."""
    out, texts = [], []
    i = 0
    first = True
    while i < len(lines):
        kind, x = lines[i]
        if kind == "row":
            rows = []
            while i < len(lines) and lines[i][0] == "row":
                rows.append(lines[i][1])
                i += 1
            trs = []
            for r, cells in enumerate(rows):
                tag = "th" if (r == 0 and layout in ("portal", "gov")) else "td"
                trs.append("<tr>" + "".join(f"<{tag}>{E(c)}</{tag}>" for c in cells) + "</tr>")
                texts.append(" ".join(cells))
            out.append('<table border="1" cellspacing="0"><tbody>{}</tbody></table>'.format("".join(trs)))
            first = False
            continue
        if kind == "item":
            items = []
            while i < len(lines) and lines[i][0] == "item":
                items.append(lines[i][1])
                i += 1
            if layout == "logo":
                out.append("<p>" + "<br>".join(E(x) for x in items) + "</p>")
                texts += items
            elif layout == "gov":
                its = ["（%d）%s" % (n, x) for n, x in enumerate(items, 1)]
                out.append("".join(f'<p style="text-indent:2em">{E(x)}</p>' for x in its))
                texts += its
            elif layout == "qa":
                out.append("<ol>" + "".join(f"<li>{E(x)}</li>" for x in items) + "</ol>")
                texts += items
            else:
                out.append("<ul>" + "".join(f"<li>{E(x)}</li>" for x in items) + "</ul>")
                texts += items
            first = False
            continue
        if first and first_prefix:
            x = first_prefix + x
        first = False
        if layout == "wx":
            out.append(f'<p style="line-height:1.75em"><span style="font-size:15px">{E(x)}</span></p>')
        elif layout == "gov":
            out.append(f'<p style="text-indent:2em">{E(x)}</p>')
        else:
            out.append(f"<p>{E(x)}</p>")
        texts.append(x)
        i += 1
    return "".join(out), texts


def fmt_wording(s, a, rng, site_vars):
    d = (a["pub"] + dt.timedelta(days=rng.randint(1, 90))).strftime("%Y-%m-%d")
    vv = dict(
        site_vars,
        ed=rng.choice(D.EDITORS),
        ed2=rng.choice(D.EDITORS),
        rv=rng.choice(D.REVIEWERS),
        d=d,
        n=str(rng.randint(12, 980)),
        n4=str(rng.randint(1000, 9999)),
    )
    return re.sub(r"\{(\w+)\}", lambda m: vv.get(m.group(1), m.group(0)), s)


def build_body(a, blocks, arts, seed):
    rng = _rng(seed, "body", a["i"])
    L = a["layout"]
    c = CITY[a["code"]]
    agency = city_vars(a["code"], a["pub"].year)[TPL[next((b for b in a["blocks"] if b in TPL), "t01")]["agency"]]
    sv = dict(
        site=D.SITE_NAME,
        host=D.MAIN_HOST,
        city=c[1],
        agency=agency,
        mail="jubao@" + D.DOMAIN,
        topic=CATNAME[a["cat"]],
        kw=a["tags"][0],
    )

    def W(lst):
        return fmt_wording(rng.choice(lst), a, rng, sv)

    prng = {"gov_paren": rng.random() < 0.5}
    prng["hstyle"] = {
        "portal": rng.choice(["h2", "h3"]),
        "logo": rng.choice(["strong", "b", "span"]),
        "qa": rng.choice(["p", "h3"]),
        "wx": rng.choice(["label", "center"]),
        "gov": "p",
    }[L]
    if L in ("portal", "logo"):
        prng["hnum"] = rng.choice(["", "{cn}、", "{n}. ", "（{cn}）"] if L == "logo" else ["", "{cn}、", "{n}. "])
    elif L == "wx":
        prng["hnum"] = (
            rng.choice(["PART {n} ", "0{n} ", "Part.{n} "]) if prng["hstyle"] == "label" else rng.choice(["", "0{n} "])
        )
    body = Body()
    sections = []
    if rng.random() < 0.1:
        body.bp(W(D.PLATFORM), cls="pt-note")
    if rng.random() < 0.08:
        body.bp(W(D.EDITOR), cls="ed-top")
    if rng.random() < 0.3:
        body.bp(W(D.OPENING))
    for k, (h, tid, lines) in enumerate(blocks):
        if k > 0:
            if rng.random() < 0.5:
                body.bp(W(D.TRANSITION))
            if k == 1 and rng.random() < 0.08:
                body.bp(W(D.CONSULT), cls="ad-inline")
        ht = heading_text(L, h, k, prng)
        prng["k"] = k
        hh = render_heading(L, ht, prng)
        lh, texts = render_lines(L, lines, "答：" if L == "qa" else "")
        body.add(hh, [(ht, True)])
        body.add(lh, [(x, True) for x in texts])
        sections.append(dict(heading=ht, template_id=tid, city=c[1], province=c[2], paragraphs=texts))
    tail = []
    for kind, p, lst in [
        ("closing", 0.35, D.CLOSING),
        ("disc", 0.35, D.DISCLAIMER),
        ("src", 0.25, D.SOURCE),
        ("ed", 0.35, D.EDITOR),
        ("audit", 0.12, D.AUDIT),
        ("copy", 0.25, D.COPYRIGHT),
        ("reader", 0.3, D.READER),
        ("fb", 0.2, D.FEEDBACK),
        ("consult", 0.2, D.CONSULT),
        ("qr", 0.2, D.QR),
        ("plat", 0.08, D.PLATFORM),
    ]:
        if rng.random() < p:
            tail.append((kind, W(lst)))
    if tail and rng.random() < 0.5:
        first = tail[0]
        rest = tail[1:]
        rng.shuffle(rest)
        tail = [first] + rest
    for kind, text in tail:
        if kind == "fb":
            parts = text.split(" ")
            body.add(
                '<div class="useful"><span>{}</span> {}</div>'.format(
                    E(parts[0]), " ".join(f'<a href="javascript:;">{E(x)}</a>' for x in parts[1:])
                ),
                [(text, False)],
            )
        elif kind == "qr":
            body.add('<p style="text-align:center"><img src="/static/img/qrcode.jpg" alt=""></p>')
            body.bp(text, cls="qr-tip")
        elif kind == "ed":
            body.bp(text, cls="editor")
        else:
            body.bp(text)
    if rng.random() < 0.2:
        o = arts[rng.randrange(len(arts))]
        ob = next((b for b in o["blocks"] if b in TPL), "t01")
        first_p = next(x for k, x in rewrite(ob, o["code"], o["pub"].year, seed) if k == "p")
        teaser = rng.choice(D.TEASER_LABELS) + first_p[: rng.randint(22, 34)] + "……"
        body.bp(teaser)
    if rng.random() < 0.35:
        head = rng.choice(D.RELATED_HEADS)
        others = [o for o in rng.sample(arts, 5) if o is not a][: rng.randint(3, 4)]
        body.add(
            '<div class="xgyd"><p class="xg-h">{}</p><ul>{}</ul></div>'.format(
                E(head), "".join('<li><a href="{}">{}</a></li>'.format(o["url"], E(o["title"])) for o in others)
            ),
            [(head, False)] + [(o["title"], False) for o in others],
        )
    if rng.random() < 0.35:
        head = rng.choice(D.TAG_HEADS)
        body.add(
            '<p class="tag-line">{}{}</p>'.format(
                E(head),
                " ".join('<a href="https://%s/tag/%d.html">%s</a>' % (D.MAIN_HOST, TAGID[g], E(g)) for g in a["tags"]),
            ),
            [(head + " ".join(a["tags"]), False)],
        )
    return body, sections


TAGID = {}


def cities_in(lines):
    text = "\n".join(lines)
    found = []
    for name in D.PREFECTURES:
        i = text.find(name)
        if i >= 0:
            found.append((i, name))
    return [n for _, n in sorted(found)]


def date_parts(a):
    p = a["pub"]
    L = a["layout"]
    if L == "portal":
        return p.strftime("%Y-%m-%dT%H:%M:%S")
    if L in ("logo", "wx"):
        return p.strftime("%Y-%m-%dT%H:%M")
    return p.strftime("%Y-%m-%d")


def nav(a):
    return "".join(f'<a href="https://{D.MAIN_HOST}/{k}/">{n}</a>' for k, n in D.CATEGORIES)


def sidebar(arts, a, rng):
    hot = rng.sample(arts, 5)
    return '<div class="side"><h4>热门问答</h4><ul>{}</ul></div>'.format(
        "".join(
            '<li><a href="{}">{}</a><span>{}</span></li>'.format(o["url"], E(o["title"]), o["pub"].strftime("%Y-%m-%d"))
            for o in hot
        )
    )


def page_html(a, body, arts, seed):
    rng = _rng(seed, "page", a["i"])
    L = a["layout"]
    p = a["pub"]
    c = CITY[a["code"]]
    title = E(a["title"])
    attr, val = CONTAINER[L]
    inner = "".join(body.html)
    cont = f'<div {attr}="{val}">{inner}</div>'
    head = (
        '<!DOCTYPE html><html><head><meta charset="{}"><title>{}_{}</title><meta name="keywords" content="{}">'.format(
            a["meta_cs"], title, D.SITE_NAME, E(",".join(a["tags"]))
        )
    )
    foot = f'<div class="footer"><p>Copyright &copy; 2016-2025 {D.SITE_NAME} 版权所有</p><p>{D.MAIN_HOST}</p></div>'
    ago = rng.choice(["%d小时前" % rng.randint(1, 23), "%d天前" % rng.randint(1, 6), "刚刚", "昨天"])
    upd = (p + dt.timedelta(days=rng.randint(3, 200))).strftime("%Y-%m-%d %H:%M")
    if L == "portal":
        s = (
            head + '<meta property="article:published_time" content="%s+08:00"></head>'
            '<body><div class="top"><a class="logo" href="/">%s</a><div class="nav">%s</div></div>'
            '<div class="wrap"><div class="main"><div class="crumb">当前位置：<a href="/">首页</a> &gt; %s</div>'
            '<h1>%s</h1><div class="info"><span>发布时间：%s</span> <span>来源：%s</span> <span>阅读：%d</span></div>'
            '%s<div class="share">分享到：微信 微博 QQ空间</div><div class="prenext"><p>上一篇：<a href="#">%s</a></p></div>'
            "</div>%s</div>%s</body></html>"
        ) % (
            p.strftime("%Y-%m-%dT%H:%M:%S"),
            D.SITE_NAME,
            nav(a),
            CATNAME[a["cat"]],
            title,
            p.strftime("%Y-%m-%d %H:%M:%S"),
            D.SITE_NAME,
            rng.randint(100, 20000),
            cont,
            E(rng.choice(arts)["title"]),
            sidebar(arts, a, rng),
            foot,
        )
    elif L == "logo":
        s = (
            head + '</head><body><div class="hd"><h1 class="logo"><a href="https://%s/">%s</a></h1>'
            '<div class="nav">%s</div></div><div class="con"><h2 class="art-tit">%s</h2>'
            '<p class="byline">时间：%s <span class="ago">%s</span> 作者：%s</p>%s'
            '<p class="upd">更新于%s</p><div class="pl"><h4>网友评论</h4><p>%s说：很有用，谢谢！ %s</p></div>'
            "</div>%s%s</body></html>"
        ) % (
            D.MAIN_HOST,
            D.SITE_NAME,
            nav(a),
            title,
            "%d年%d月%d日 %02d:%02d" % (p.year, p.month, p.day, p.hour, p.minute),
            ago,
            rng.choice(D.EDITORS),
            cont,
            upd,
            rng.choice(["游客", "路人甲", "小雨"]),
            upd,
            sidebar(arts, a, rng),
            foot,
        )
    elif L == "qa":
        s = (
            head + '</head><body><div class="top"><span class="logo">%s · 问答</span></div>'
            '<div class="qbox"><h1 class="q-title">%s</h1><p class="q-meta">%s网友提问 · %d人浏览</p></div>'
            '<div class="abox"><p class="a-meta">最佳回答 · <time datetime="%s">%s</time> <span>%s</span></p>%s</div>'
            '<div class="more-ans"><p>其他回答（%d）</p><p>我也想知道，蹲一个。 %s</p></div>%s%s</body></html>'
        ) % (
            D.SITE_NAME,
            title,
            c[1],
            rng.randint(50, 9000),
            p.strftime("%Y-%m-%d"),
            p.strftime("%Y-%m-%d"),
            ago,
            cont,
            rng.randint(1, 9),
            upd,
            sidebar(arts, a, rng),
            foot,
        )
    elif L == "wx":
        s = (
            head + '<meta property="og:title" content="%s"></head><body><div class="rich_media">'
            '<h1 class="rich_media_title">%s</h1><div class="meta"><span class="nick">%s</span> '
            '<em id="publish_time">%s</em> <span>发表于%s</span></div>%s'
            '<div class="tool"><span>阅读 %d</span> <span>写留言</span></div>'
            '<div class="cmt"><p>留言 %s</p></div></div>%s</body></html>'
        ) % (title, title, D.SITE_NAME, p.strftime("%Y-%m-%d %H:%M"), c[2], cont, rng.randint(300, 99999), upd, foot)
    else:
        cw = (p - dt.timedelta(days=rng.randint(5, 60))).strftime("%Y-%m-%d")
        s = (
            head + '<meta name="PubDate" content="%s"></head><body><div class="banner">%s·政策问答</div>'
            '<div class="nav">%s</div><div class="detail"><h1>%s</h1><div class="ly">来源：%s 日期：%s</div>'
            '<div class="xxgk"><span>成文日期：%s</span></div>%s<div class="dy"><a href="javascript:window.print()">打印本页</a> '
            '<a href="javascript:window.close()">关闭窗口</a></div></div>%s</body></html>'
        ) % (p.strftime("%Y-%m-%d"), D.SITE_NAME, nav(a), title, D.SITE_NAME, p.strftime("%Y-%m-%d"), cw, cont, foot)
    return s


def list_html(title, links, host, pager=""):
    return (
        '<!DOCTYPE html><html><head><meta charset="utf-8"><title>{}_{}</title></head><body>'
        '<div class="top"><a href="https://{}/">{}</a></div><h1>{}</h1><ul class="list">{}</ul>{}'
        '<div class="footer">Copyright &copy; 2016-2025 {}</div></body></html>'
    ).format(
        E(title),
        D.SITE_NAME,
        D.MAIN_HOST,
        D.SITE_NAME,
        E(title),
        "".join(
            '<li><a href="{}">{}</a> <span>{}</span></li>'.format(
                o["url"], E(o["title"]), o["pub"].strftime("%Y-%m-%d")
            )
            for o in links
        ),
        pager,
        D.SITE_NAME,
    )


def build_site(out_dir, articles=400, seed=41, punctuation="fullwidth"):
    assert punctuation in ("fullwidth", "ascii")
    fold = (lambda s: s.translate(FOLD)) if punctuation == "ascii" else (lambda s: s)
    arts = plan(articles, seed)
    TAGID.clear()
    for n, g in enumerate(sorted({g for a in arts for g in a["tags"]})):
        TAGID[g] = n + 1
    gold = []
    files = {}

    def put(path, text, enc="utf-8"):
        files[path] = fold(text).encode(enc)

    for a in arts:
        blocks = make_blocks(a, seed)
        body, sections = build_body(a, blocks, arts, seed)
        s = page_html(a, body, arts, seed)
        enc = a["enc"]
        if enc == "gbk":
            try:
                fold(s).encode("gbk")
            except UnicodeEncodeError:
                enc = a["enc"] = "utf-8"
                s = s.replace('charset="{}"'.format(a["meta_cs"]), 'charset="utf-8"')
        put(a["path"], s, enc)
        main = [fold(x) for x, m in body.lines if m]
        gold.append(
            dict(
                host=a["host"],
                path=a["path"],
                url=a["url"],
                page_type="article",
                layout=a["layout"],
                encoding=enc,
                title=fold(a["title"]),
                published_at=date_parts(a),
                main_text=main,
                boilerplate=[fold(x) for x, m in body.lines if not m],
                sections=[
                    dict(
                        heading=fold(x["heading"]),
                        template_id=x["template_id"],
                        city=x["city"],
                        province=x["province"],
                        paragraphs=[fold(y) for y in x["paragraphs"]],
                    )
                    for x in sections
                ],
                cities=cities_in(main),
            )
        )
    newest = sorted(arts, key=lambda a: a["pub"], reverse=True)
    lists = []  # (host, relpath, title, links)
    lists.append((D.MAIN_HOST, "index.html", f"{D.SITE_NAME} - 教育考试婚育养老办事问答", newest[:30]))
    for cat, name in D.CATEGORIES:
        items = [a for a in newest if a["cat"] == cat]
        pages = [items[i : i + 25] for i in range(0, len(items), 25)] or [[]]
        for n, chunk in enumerate(pages, 1):
            rel = f"{cat}/index.html" if n == 1 else "%s/list_%d.html" % (cat, n)
            t = name if n == 1 else "%s（第%d页）" % (name, n)
            lists.append((D.MAIN_HOST, rel, t, chunk, len(pages), n, cat))
    for g, n in sorted(TAGID.items(), key=lambda x: x[1]):
        lists.append((D.MAIN_HOST, "tag/%d.html" % n, f"标签：{g}", [a for a in newest if g in a["tags"]]))
    for c in D.CITIES:
        host = f"{c[0]}.{D.DOMAIN}"
        lists.append((host, "index.html", f"{c[1]}办事问答", [a for a in newest if a["code"] == c[0]][:40]))
    for entry in lists:
        host, rel, t, links = entry[:4]
        pager = ""
        if len(entry) > 4:
            total, n, cat = entry[4:]
            pager = '<div class="pages">{}</div>'.format(
                " ".join(
                    '<a href="https://%s/%s/%s">%d</a>'
                    % (D.MAIN_HOST, cat, "index.html" if k == 1 else "list_%d.html" % k, k)
                    for k in range(1, total + 1)
                )
            )
        put(f"{host}/{rel}", list_html(t, links, host, pager))
        gold.append(
            dict(
                host=host,
                path=f"{host}/{rel}",
                url=f"https://{host}/{rel}",
                page_type="list",
                layout="list",
                encoding="utf-8",
                title=fold(t),
                published_at=None,
                main_text=[],
                boilerplate=[],
                sections=[],
                cities=[],
            )
        )
    hosts = sorted({g["host"] for g in gold} | {f"{c[0]}.{D.DOMAIN}" for c in D.CITIES})
    for host in hosts:
        urls = [g["url"] for g in gold if g["host"] == host]
        put(
            f"{host}/robots.txt",
            f"User-agent: *\nDisallow: /search/\nDisallow: /member/\nSitemap: https://{host}/sitemap.xml\n",
        )
        put(
            f"{host}/sitemap.xml",
            '<?xml version="1.0" encoding="UTF-8"?>\n<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">\n'
            + "".join(f"<url><loc>{u}</loc></url>\n" for u in urls)
            + "</urlset>\n",
        )
    for path, b in files.items():
        full = os.path.join(out_dir, path)
        os.makedirs(os.path.dirname(full), exist_ok=True)
        with open(full, "wb") as f:
            f.write(b)
    with open(os.path.join(out_dir, "gold.jsonl"), "w", encoding="utf-8") as f:
        for g in gold:
            f.write(json.dumps(g, ensure_ascii=False) + "\n")
    return gold


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("out_dir")
    ap.add_argument("--articles", type=int, default=400)
    ap.add_argument("--seed", type=int, default=41)
    ap.add_argument("--punctuation", choices=["fullwidth", "ascii"], default="fullwidth")
    a = ap.parse_args(argv)
    os.makedirs(a.out_dir, exist_ok=True)
    g = build_site(a.out_dir, a.articles, a.seed, a.punctuation)
    print("%d pages written to %s" % (len(g), a.out_dir))


if __name__ == "__main__":
    main()

"""Deterministic generator of the blindfarm9 site (名字宝典网, a naming-service content farm).

build_site(out_dir, articles=400, seed=9, punctuation="fullwidth") -> list of gold dicts
python -m tests.blindfarm9.generate OUT_DIR [--articles N] [--seed S] [--punctuation fullwidth|ascii]
"""

from __future__ import annotations

import argparse
import html
import json
import os
import random
from datetime import datetime, timedelta

from tests.blindfarm9 import data as D

WWW = "www." + D.DOMAIN
MOB = "m." + D.DOMAIN

# layout -> (tag, attribute, value) of the element that holds the article body
BODY_CONTAINERS = {
    "classic": ("div", "id", "article"),
    "card": ("div", "class", "content-box"),
    "mip": ("div", "class", "mip-article-body"),
    "table": ("div", "class", "art_con"),
    "landing": ("div", "id", "channel"),
}
LAYOUTS = ["classic", "card", "mip", "table"]
FOLD = str.maketrans("：，；？！（）", ":,;?!()")
CN_NUM = "一二三四五六七八九十"
ADJ = ["美丽大方", "聪慧灵秀", "品行高洁", "前程似锦", "温柔善良", "志向远大", "光明磊落", "平安喜乐"]


def esc(s):
    return html.escape(s, quote=False)


class Ctx:
    def __init__(self, rng, slots):
        self.rng = rng
        self.slots = slots
        self.vals = {"site": D.SITE, "domain": D.DOMAIN}
        if "surname" in slots:
            s = slots["surname"]
            self.vals["s"] = s
            self.vals["rank"] = str([x[0] for x in D.SURNAMES].index(s) + 1)
        if "char" in slots:
            c = next(x for x in D.CHARS if x[0] == slots["char"])
            self.vals.update(c=c[0], wx=c[2], cm=c[3])
        if "city" in slots:
            cy = next(x for x in D.CITIES if x[0] == slots["city"])
            self.vals.update(cy=cy[0], ag=cy[2], hot=cy[3], hosp=cy[4])

    def f(self, s):
        return s.format(**self.vals)


def pick_given(rng, gender, n, used, must=None, pos=None):
    pool = D.GIRL if gender == "f" else D.BOY
    out = []
    tries = 0
    while len(out) < n and tries < 500:
        tries += 1
        a, b = rng.choice(pool), rng.choice(pool)
        if must:
            p = pos if pos is not None else rng.randrange(2)
            a, b = (must, b) if p == 0 else (a, must)
        if a == b:
            continue
        g = a + b
        if g in used:
            continue
        used.add(g)
        out.append(g)
    return out


def block_items(tpl, ctx, used):
    """Raw items of one block: list of (type, payload)."""
    rng = ctx.rng
    items = []
    free_idx = []
    cn = 0
    for it in tpl["body"]:
        kind = it[0]
        if kind == "p":
            _, alts, opt, free = it
            if opt and rng.random() < opt:
                continue
            txt = ctx.f(rng.choice(alts))
            if free:
                free_idx.append(len(items))
            items.append(("p", txt))
        elif kind == "h":
            items.append(("sub", ctx.f(rng.choice(it[1]))))
        elif kind == "names":
            s = ctx.vals["s"]
            items.append(("names", [s + g for g in pick_given(rng, it[1], it[2] + rng.randrange(-2, 3), used)]))
        elif kind == "mean":
            s = ctx.vals["s"]
            for g in pick_given(rng, it[1], it[2], used):
                src = rng.choice(D.SOURCES)
                items.append(("p", f"{s}{g}：取自《{src}》，{g}二字寓意{rng.choice(ADJ)}。"))
        elif kind == "cnames":
            c = ctx.vals["c"]
            pos = cn % 2 if tpl["id"] == "C01" else None
            cn += 1
            items.append(("names", pick_given(rng, it[1], it[2] + rng.randrange(-2, 3), used, must=c, pos=pos)))
        elif kind == "bnames":
            s, c = ctx.vals["s"], ctx.vals["c"]
            items.append(("names", [s + g for g in pick_given(rng, it[1], it[2], used, must=c)]))
        elif kind == "steps":
            items.append(("steps", [ctx.f(rng.choice(alts)) for alts in it[1]]))
        elif kind == "table":
            v = ctx.vals
            if it[1] == "char":
                rows = [
                    ["汉字", "五行", "寓意", "常用度"],
                    [v["c"], v["wx"], v["cm"], rng.choice(["高", "较高", "中"])],
                ]
            else:
                rows = [
                    ["项目", "结果"],
                    ["姓名", v["s"] + v["c"]],
                    ["名字五行", v["wx"]],
                    ["综合评分", f"{rng.randrange(78, 97)}分"],
                ]
            items.append(("table", rows))
    # shuffle order-free paragraphs among their own slots
    if len(free_idx) > 1 and rng.random() < 0.4:
        vals = [items[i] for i in free_idx]
        rng.shuffle(vals)
        for i, v in zip(free_idx, vals, strict=True):
            items[i] = v
    # sometimes split a long paragraph in two
    if rng.random() < 0.15:
        cand = [i for i, x in enumerate(items) if x[0] == "p" and "，" in x[1] and len(x[1]) > 24]
        if cand:
            i = rng.choice(cand)
            a, b = items[i][1].split("，", 1)
            items[i : i + 1] = [("p", a + "。"), ("p", b)]
    return items


def oneoff_items(rng, n):
    qs = ["宝宝小名叫什么好", "名字里能用生僻字吗", "孩子跟谁姓要怎么商量", "名字笔画多了好不好", "改名会影响运势吗"]
    ans = [
        "网友回答：我家孩子小名是奶奶取的，叫着顺口最重要。",
        "其实没有标准答案，各家情况不同。",
        "我觉得名字好写好记就行，没必要太讲究。",
        "朋友家就因为生僻字办证跑了好几趟。",
        "起名前可以先在派出所系统里查查重名情况。",
        "笔画太多的字孩子小时候写起来会很吃力。",
    ]
    head = f"网友提问：{rng.choice(qs)}（第{n}期）"
    return head, [("p", a) for a in rng.sample(ans, 3)]


# ---------------------------------------------------------------- rendering of main content per layout


def render_block(layout, bi, head, items):
    """Return (html, lines) of one block."""
    out, lines = [], []

    def line(tag, text, attrs=""):
        out.append(f"<{tag}{attrs}>{esc(text)}</{tag}>")
        lines.append(text)

    if layout == "classic":
        line("h2", head)
    elif layout == "card":
        line("h2", CN_NUM[bi] + "、" + head, ' class="tt"')
    elif layout == "mip":
        out.append(f"<p><strong>{esc(head)}</strong></p>")
        lines.append(head)
    else:
        line("h3", head, ' class="title"')
    for kind, pay in items:
        if kind == "p":
            if layout == "mip" and len(pay) > 12:
                k = len(pay) // 2
                out.append(f'<p><span style="font-size:16px">{esc(pay[:k])}</span><span>{esc(pay[k:])}</span></p>')
                lines.append(pay)
            else:
                line("p", pay)
        elif kind == "sub":
            if layout == "classic":
                line("h3", pay)
            elif layout == "card":
                line("h3", "◆ " + pay)
            elif layout == "mip":
                t = "【" + pay + "】"
                out.append(f"<p><b>{esc(t)}</b></p>")
                lines.append(t)
            else:
                line("h4", pay)
        elif kind == "names":
            if layout == "card":
                t = " ".join(pay)
                out.append('<div class="namelist">' + " ".join(f"<span>{esc(x)}</span>" for x in pay) + "</div>")
                lines.append(t)
            elif layout == "table":
                out.append('<table class="mz">')
                for k in range(0, len(pay), 4):
                    row = pay[k : k + 4]
                    out.append("<tr>" + "".join(f"<td>{esc(x)}</td>" for x in row) + "</tr>")
                    lines.append(" ".join(row))
                out.append("</table>")
            else:
                line("p", "、".join(pay), ' class="names"')
        elif kind == "steps":
            if layout == "classic":
                for k, s in enumerate(pay):
                    line("p", f"第{k + 1}步：{s}")
            elif layout == "card":
                out.append("<ol>")
                for k, s in enumerate(pay):
                    line("li", f"{k + 1}、{s}")
                out.append("</ol>")
            elif layout == "mip":
                ts = [f"（{k + 1}）{s}" for k, s in enumerate(pay)]
                out.append("<p>" + "<br>".join(esc(t) for t in ts) + "</p>")
                lines.extend(ts)
            else:
                out.append("<ul>")
                for k, s in enumerate(pay):
                    line("li", f"步骤{CN_NUM[k]}：{s}")
                out.append("</ul>")
        elif kind == "table":
            out.append('<table border="1" cellspacing="0">')
            for r in pay:
                out.append("<tr>" + "".join(f"<td>{esc(c)}</td>" for c in r) + "</tr>")
                lines.append(" ".join(r))
            out.append("</table>")
    return "\n".join(out), lines


LINKS = {}  # title -> url of the first article with it (filled by build_site)


def linked(x):
    """The line as html, its trailing article title (if any) made a link."""
    for t in (x, x.split("：", 1)[-1]):
        if t in LINKS:
            return esc(x[: len(x) - len(t)]) + f'<a href="{LINKS[t]}">{esc(t)}</a>'
    return esc(x)


def bp_html(lines, cls, tag="p"):
    if tag == "li":
        return '<div class="{}"><h4>{}</h4><ul>{}</ul></div>'.format(
            cls, esc(lines[0]), "".join(f"<li>{linked(x)}</li>" for x in lines[1:])
        )
    if cls == "prenext":
        return f'<div class="{cls}">' + "".join(f"<p>{linked(x)}</p>" for x in lines) + "</div>"
    return f'<div class="{cls}">' + "".join(f"<{tag}>{esc(x)}</{tag}>" for x in lines) + "</div>"


# ---------------------------------------------------------------- page chrome


def fmt_date(layout, dt):
    if layout == "classic":
        return '<p class="time">{}</p>'.format(dt.strftime("%Y-%m-%d %H:%M:%S")), dt.strftime("%Y-%m-%dT%H:%M:%S")
    if layout == "card":
        v = dt.strftime("%Y年%m月%d日")
        h = '<div class="info"><span>来源：{}</span><span>发布时间：{}</span><span>阅读：{}</span></div>'
        return h.format(D.SITE, v, (dt.day * 137) % 9000 + 100), dt.strftime("%Y-%m-%d")
    if layout == "mip":
        h = '<div class="mip-info"><span class="author">起名小编</span> <span class="date">{}</span></div>'
        return h.format(dt.strftime("%Y-%m-%d")), dt.strftime("%Y-%m-%d")
    if layout == "table":
        h = '<div class="art_info">时间：{} 作者：{} 浏览：{}次</div>'
        return (
            h.format(dt.strftime("%Y/%m/%d %H:%M"), D.EDITOR_NAMES[dt.day % len(D.EDITOR_NAMES)], dt.minute * 31 + 7),
            dt.strftime("%Y-%m-%dT%H:%M"),
        )
    h = '<div class="upd">更新时间：{}</div>'
    return h.format(dt.strftime("%Y-%m-%d")), dt.strftime("%Y-%m-%d")


def sidebar(rng, titles, now):
    items = []
    for t in rng.sample(titles, min(8, len(titles))):
        d = now - timedelta(days=rng.randrange(1, 400))
        stamp = rng.choice([d.strftime("%m-%d"), d.strftime("%Y-%m-%d"), f"{rng.randrange(1, 30)}天前"])
        items.append('<li><a href="{}">{}</a><span>{}</span></li>'.format(LINKS.get(t, "#"), esc(t), stamp))
    sur = " ".join(f'<a href="/xing/{p}/index.html">{s}姓</a>' for s, p in D.SURNAMES[:12])
    return (
        '<div class="sidebar"><div class="box"><h3>热门文章</h3><ul>{}</ul></div>'
        '<div class="box"><h3>热门姓氏</h3><p>{}</p></div>'
        '<div class="box tool"><h3>免费起名</h3><form><input name="xing"><button>起名</button></form></div></div>'
    ).format("".join(items), sur)


def page(layout, title, suffix, encoding, head_html, container_html, side, host):
    cat_nav = "".join(
        f'<li><a href="{u}">{t}</a></li>'
        for u, t in [
            ("/index.html", "首页"),
            ("/xingshi/index.html", "姓氏起名"),
            ("/zi/index.html", "汉字取名"),
            ("/hukou/index.html", "上户口"),
            ("/ceshi/", "名字测试"),
            ("/bazi/", "八字起名"),
        ]
    )
    tag, att, val = BODY_CONTAINERS[layout]
    if layout == "mip":
        cont = f'<div class="mip-article-body">{container_html}</div>'
    else:
        cont = f'<{tag} {att}="{val}">{container_html}</{tag}>'
    return (
        '<!DOCTYPE html>\n<html lang="zh-CN">\n<head>\n<meta charset="{enc}">\n'
        "<title>{t}_{suf}_{site}</title>\n"
        '<meta name="keywords" content="{t},起名,取名">\n<meta name="description" content="{t}">\n'
        '<link rel="stylesheet" href="/static/css/{lay}.css">\n'
        "<script>var _hmt=_hmt||[];(function(){{var hm=document.createElement('script');hm.src='https://hm.baidu.com/hm.js?9a8b7c';}})();</script>\n"
        '</head>\n<body>\n<div class="top"><a href="http://{host}/" class="logo">{site}</a>'
        '<span class="slogan">好名字，伴一生</span></div>\n<ul class="nav">{nav}</ul>\n'
        '<div class="crumb"><a href="/">首页</a> &gt; <a href="#">{suf}</a> &gt; 正文</div>\n'
        '<div class="wrap"><div class="main">\n{head}\n{cont}\n</div>\n{side}\n</div>\n'
        '<div class="footer"><p><a href="/about/">关于我们</a> | <a href="/contact/">联系我们</a> | '
        '<a href="/sitemap.xml">网站地图</a></p><p>Copyright &copy; 2012-2024 {site} 版权所有 浙ICP备12034567号-3</p></div>\n'
        '<script src="/static/js/common.js"></script>\n</body>\n</html>\n'
    ).format(
        enc=encoding,
        t=esc(title),
        suf=suffix,
        site=D.SITE,
        lay=layout,
        host=host,
        nav=cat_nav,
        head=head_html,
        cont=cont,
        side=side,
    )


# ---------------------------------------------------------------- site


def find_cities(lines):
    seen = []
    pos = {}
    text = "\n".join(lines)
    for c in D.CITIES:
        k = text.find(c[0])
        if k >= 0:
            pos[c[0]] = k
    for c in sorted(pos, key=pos.get):
        seen.append(c)
    return seen


def build_site(out_dir, articles=400, seed=9, punctuation="fullwidth"):
    if punctuation not in ("fullwidth", "ascii"):
        raise ValueError(punctuation)
    rng = random.Random(seed)
    by_kind = {}
    for t in D.TEMPLATES:
        by_kind.setdefault(t["kind"], []).append(t)
    base = datetime(2019, 1, 1, 8, 0, 0)

    # plan articles first (ids, slots, templates, titles) so related lists can cite each other
    plans = []
    for i in range(articles):
        kind = rng.choices(["surname", "char", "both", "city"], [45, 22, 11, 22])[0]
        slots = {}
        if kind in ("surname", "both"):
            slots["surname"] = rng.choice(D.SURNAMES)[0]
        if kind in ("char", "both"):
            slots["char"] = rng.choice(D.CHARS)[0]
        if kind == "city":
            slots["city"] = rng.choice(D.CITIES)[0]
        nb = rng.choices([1, 2, 3], [45, 40, 15])[0]
        if kind == "both":
            pool = by_kind["both"] + by_kind["surname"] + by_kind["char"]
            tpls = [rng.choice(by_kind["both"])]
            tpls += rng.sample([t for t in pool if t not in tpls], nb - 1)
        else:
            tpls = rng.sample(by_kind[kind], nb)
        blocks = []
        for t in tpls:
            blocks.append(("tpl", t) if rng.random() > 0.05 else ("oneoff", None))
        if blocks[0][0] == "oneoff":
            blocks[0] = ("tpl", tpls[0])
        dt = base + timedelta(minutes=rng.randrange(0, 60 * 24 * 365 * 5), seconds=rng.randrange(60))
        layout = rng.choices(LAYOUTS, [32, 26, 20, 22])[0]
        host = MOB if layout == "mip" else WWW
        ctx = Ctx(rng, slots)
        ctx.vals["year"] = str(dt.year)
        title = ctx.f(rng.choice(tpls[0]["titles"]))
        aid = 10000 + i * 7 + rng.randrange(7)
        if layout == "mip":
            path = f"/a/{aid}.html"
        elif kind in ("surname", "both"):
            path = "/xingshi/{}/{}.html".format(dict(D.SURNAMES)[slots["surname"]], aid)
        elif kind == "char":
            path = "/zi/{}/{}.html".format(next(x[1] for x in D.CHARS if x[0] == slots["char"]), aid)
        else:
            path = "/hukou/{}/{}.html".format(next(x[1] for x in D.CITIES if x[0] == slots["city"]), aid)
        gbk = host == WWW and rng.random() < 0.03
        plans.append(
            dict(
                kind=kind,
                slots=slots,
                blocks=blocks,
                dt=dt,
                layout=layout,
                host=host,
                title=title,
                path=path,
                gbk=gbk,
                ctx=ctx,
            )
        )

    all_titles = [p["title"] for p in plans]
    LINKS.clear()
    for p in plans:
        LINKS.setdefault(p["title"], "http://" + p["host"] + p["path"])
    gold = []
    files = {}
    oneoff_n = 0
    for i, p in enumerate(plans):
        ctx, layout = p["ctx"], p["layout"]
        used = set()
        sections = []
        parts = []  # container html pieces
        bp = []
        main = []

        def add_bp(lines, cls, tag="p", parts=parts, bp=bp):
            parts.append(bp_html(lines, cls, tag))
            bp.extend(lines)

        fb = D.FEATURE_BOX
        parts.append(
            '<div class="about-box"><h4>{}</h4>{}</div>'.format(esc(fb[0]), "".join(f"<p>{esc(x)}</p>" for x in fb[1:]))
        )
        bp.extend(fb)
        ed, ed2 = rng.sample(D.EDITOR_NAMES, 2)
        ed_line = ctx.f(rng.choice(D.EDITORS).replace("{ed}", ed).replace("{ed2}", ed2))
        ed_top = rng.random() < 0.3
        if ed_top:
            add_bp([ed_line], "editor")
        if rng.random() < 0.7:
            add_bp([ctx.f(rng.choice(D.OPENERS))], "lead")
        if rng.random() < 0.25:
            add_bp([ctx.f(x) for x in rng.choice(D.TOOL_LINES)], "qm-tool", "div")
        for bi, (bk, tpl) in enumerate(p["blocks"]):
            if bi:
                if rng.random() < 0.6:
                    add_bp([rng.choice(D.TRANSITIONS)], "trans")
                if rng.random() < 0.3:
                    add_bp([rng.choice(D.ADS)], "ad")
                    parts.append("<script>(adsbygoogle=window.adsbygoogle||[]).push({});</script>")
            if bk == "tpl":
                head = ctx.f(rng.choice(tpl["heading"]))
                items = block_items(tpl, ctx, used)
                tid = tpl["id"]
                sl = {}
                if tpl["kind"] in ("surname", "both"):
                    sl["surname"] = p["slots"]["surname"]
                if tpl["kind"] in ("char", "both"):
                    sl["char"] = p["slots"]["char"]
                if tpl["kind"] == "city":
                    sl["city"] = p["slots"]["city"]
            else:
                oneoff_n += 1
                head, items = oneoff_items(rng, oneoff_n)
                tid = f"oneoff-{oneoff_n:03d}"
                sl = {}
            h, lines = render_block(layout, bi, head, items)
            parts.append(f'<div class="blk">{h}</div>')
            main.extend(lines)
            sections.append(
                {
                    "heading": lines[0],
                    "paragraphs": lines[1:],
                    "template_id": tid,
                    "city": sl.get("city"),
                    "slots": sl,
                }
            )
        if rng.random() < 0.7:
            add_bp([ctx.f(rng.choice(D.CLOSERS))], "end")
        if rng.random() < 0.4:
            add_bp([rng.choice(D.CONSULTS)], "consult")
        if rng.random() < 0.45:
            add_bp([ctx.f(rng.choice(D.DISCLAIMERS))], "statement")
        if rng.random() < 0.4:
            add_bp([ctx.f(rng.choice(D.SOURCES_LINES))], "source")
        if rng.random() < 0.4:
            add_bp([ctx.f(rng.choice(D.WECHAT))], "wx")
        if not ed_top and rng.random() < 0.5:
            add_bp([ed_line], "editor")
        if rng.random() < 0.4:
            k = rng.randrange(len(D.RATING_Q))
            add_bp([D.RATING_Q[k]] + D.RATING_B[k], "rate", "div")
        if rng.random() < 0.6:
            tags = [v + ("姓" if k == "surname" else "字" if k == "char" else "") for k, v in p["slots"].items()]
            tags += rng.sample(["宝宝起名", "女孩名字", "男孩名字", "取名技巧", "五行起名", "新生儿"], 2)
            add_bp([rng.choice(D.TAG_PREFIX) + " ".join(tags)], "tags")
        if rng.random() < 0.3:
            add_bp([rng.choice(D.SHARE)], "share")
        if rng.random() < 0.5:
            rel = [t for t in rng.sample(all_titles, 6) if t not in main and t != p["title"]][: rng.randrange(3, 6)]
            rel = list(dict.fromkeys(rel))
            if rel:
                add_bp([rng.choice(D.RELATED_H)] + rel, "related", "li")
        if rng.random() < 0.7:
            pre, nxt = rng.choice(D.PREVNEXT)
            a = all_titles[i - 1] if i > 0 else rng.choice(D.NONE_PN)
            b = all_titles[i + 1] if i + 1 < len(plans) else rng.choice(D.NONE_PN)
            add_bp([pre + a, nxt + b], "prenext")
        # a bp line never equals a main line
        assert not set(bp) & set(main), p["path"]
        date_html, pub = fmt_date(layout, p["dt"])
        head_html = "<h1>{}</h1>\n{}".format(esc(p["title"]), date_html)
        enc = "gbk" if p["gbk"] else "utf-8"
        suffix = {"surname": "姓氏起名", "both": "姓氏起名", "char": "汉字取名", "city": "上户口"}[p["kind"]]
        doc = page(
            layout, p["title"], suffix, enc, head_html, "\n".join(parts), sidebar(rng, all_titles, p["dt"]), p["host"]
        )
        files[p["host"] + p["path"]] = (doc, enc)
        gold.append(
            {
                "host": p["host"],
                "path": p["host"] + p["path"],
                "url": "http://" + p["host"] + p["path"],
                "page_type": "article",
                "layout": layout,
                "encoding": enc,
                "title": p["title"],
                "published_at": pub,
                "main_text": main,
                "boilerplate": bp,
                "sections": sections,
                "cities": find_cities(main),
                "slot_values": dict(p["slots"]),
            }
        )

    gold.extend(landing_pages(rng, plans, files))
    gold.extend(list_pages(rng, plans, files))
    for h in (WWW, MOB):
        files[h + "/robots.txt"] = (
            f"User-agent: *\nDisallow: /ceshi/\nSitemap: http://{h}/sitemap.xml\n",
            "utf-8",
        )
        urls = [g["url"] for g in gold if g["host"] == h]
        sm = '<?xml version="1.0" encoding="UTF-8"?>\n<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">\n'
        sm += "".join(f"<url><loc>{u}</loc></url>\n" for u in urls) + "</urlset>\n"
        files[h + "/sitemap.xml"] = (sm, "utf-8")

    if punctuation == "ascii":
        gold = json.loads(json.dumps(gold, ensure_ascii=False).translate(FOLD))
    for rel, (text, enc) in sorted(files.items()):
        if punctuation == "ascii":
            text = text.translate(FOLD)
        fp = os.path.join(out_dir, rel)
        os.makedirs(os.path.dirname(fp), exist_ok=True)
        with open(fp, "wb") as fh:
            fh.write(text.encode(enc))
    with open(os.path.join(out_dir, "gold.jsonl"), "w", encoding="utf-8") as fh:
        for g in gold:
            fh.write(json.dumps(g, ensure_ascii=False) + "\n")
    return gold


LANDING = {
    "surname": [
        "{s}姓起名频道收录了{n}篇{s}姓宝宝取名文章，包括{s}姓女孩名字、{s}姓男孩名字以及{s}姓的起源与名人，帮助姓{s}的家长为孩子挑选一个好名字。",
        "姓{s}的宝宝怎么取名？本频道汇总{s}姓男孩名字、{s}姓女孩名字、{s}姓双胞胎名字等{n}篇内容，所有{s}姓名字均可免费查看。",
        "这里是{site}的{s}姓专题，共有{n}篇关于{s}姓的文章，{s}姓家长可以按性别和用字查找心仪的名字。",
    ],
    "char": [
        "{c}字五行属{wx}，寓意{cm}。本专题共整理了{n}篇{c}字取名文章，带{c}字的男孩名字、女孩名字一应俱全。",
        "想用{c}字给宝宝取名？{site}为你准备了{n}篇{c}字起名资料，从{c}字的五行到{c}字的搭配都有详细介绍。",
    ],
    "city": [
        "{cy}新生儿上户口、出生证明办理、改名手续等问题，都可以在本频道找到答案，目前共有{n}篇{cy}办事指南，咨询电话{hot}。",
        "本频道为{cy}的新手爸妈整理了{n}篇实用指南，涵盖{cy}新生儿落户、出生医学证明和起名服务，{ag}咨询电话：{hot}。",
    ],
}
LANDING_HEAD = {
    "surname": ["{s}姓起名大全", "{s}姓宝宝取名"],
    "char": ["{c}字取名大全", "带{c}字的名字"],
    "city": ["{cy}新生儿办事指南", "{cy}宝宝上户口专题"],
}


def landing_pages(rng, plans, files):
    gold = []
    groups = {}
    for p in plans:
        for k, v in p["slots"].items():
            groups.setdefault((k, v), []).append(p)
    base = datetime(2024, 3, 1, 9, 0)
    for (k, v), ps in sorted(groups.items()):
        if len(ps) < 2:
            continue
        ctx = Ctx(rng, {k: v})
        ctx.vals["n"] = str(len(ps) * 3 + 11)
        if k == "surname":
            path = f"/xing/{dict(D.SURNAMES)[v]}/index.html"
        elif k == "char":
            path = f"/zi/{next(x[1] for x in D.CHARS if x[0] == v)}/index.html"
        else:
            path = f"/hukou/{next(x[1] for x in D.CITIES if x[0] == v)}/index.html"
        head = ctx.f(rng.choice(LANDING_HEAD[k]))
        para = ctx.f(rng.choice(LANDING[k]))
        lists = []
        t1 = list(dict.fromkeys(q["title"] for q in ps))[:12]
        lists.append([rng.choice(["最新文章", "本频道文章", "相关文章列表"])] + t1)
        if k == "surname":
            others = [s + "姓起名" for s, _ in rng.sample(D.SURNAMES, 8) if s != v]
            lists.insert(0, ["热门姓氏"] + others)
        elif k == "char":
            others = [f"带{c[0]}字的名字" for c in rng.sample(D.CHARS, 6) if c[0] != v]
            lists.append(["更多好字"] + others)
        else:
            others = [c[0] + "办事指南" for c in D.CITIES if c[0] != v]
            lists.append(["其他城市"] + others)
        lists = [[x for x in lst if x not in (head, para)] for lst in lists]
        for s, py in D.SURNAMES:
            LINKS.setdefault(s + "姓起名", f"http://{WWW}/xing/{py}/index.html")
        for c in D.CHARS:
            LINKS.setdefault(f"带{c[0]}字的名字", f"http://{WWW}/zi/{c[1]}/index.html")
        for c in D.CITIES:
            LINKS.setdefault(c[0] + "办事指南", f"http://{WWW}/hukou/{c[1]}/index.html")
        parts, bp = [], []
        for j, lst in enumerate(lists):
            if (k == "surname" and j == 1) or (k != "surname" and j == 0):
                parts.append(f'<div class="intro"><h2>{esc(head)}</h2><p>{esc(para)}</p></div>')
            parts.append(
                '<div class="links"><h3>{}</h3><ul>{}</ul></div>'.format(
                    esc(lst[0]), "".join(f"<li>{linked(x)}</li>" for x in lst[1:])
                )
            )
            bp.extend(lst)
        main = [head, para]
        dt = base + timedelta(days=rng.randrange(200), minutes=rng.randrange(600))
        date_html, pub = fmt_date("landing", dt)
        title = head
        doc = page(
            "landing",
            title,
            "专题",
            "utf-8",
            f"<h1>{esc(title)}</h1>\n{date_html}",
            "\n".join(parts),
            sidebar(rng, [q["title"] for q in plans], dt),
            WWW,
        )
        files[WWW + path] = (doc, "utf-8")
        gold.append(
            {
                "host": WWW,
                "path": WWW + path,
                "url": "http://" + WWW + path,
                "page_type": "landing",
                "layout": "landing",
                "encoding": "utf-8",
                "title": title,
                "published_at": pub,
                "main_text": main,
                "boilerplate": bp,
                "sections": [
                    {
                        "heading": head,
                        "paragraphs": [para],
                        "template_id": "L-" + k,
                        "city": v if k == "city" else None,
                        "slots": {k: v},
                    }
                ],
                "cities": find_cities(main),
                "slot_values": {k: v},
            }
        )
    return gold


def list_pages(rng, plans, files):
    gold = []
    lists = {
        WWW + "/index.html": [p for p in plans if p["host"] == WWW][:40],
        MOB + "/index.html": [p for p in plans if p["host"] == MOB][:40],
    }
    for sect, kinds in (("xingshi", ("surname", "both")), ("zi", ("char",)), ("hukou", ("city",))):
        ps = [p for p in plans if p["kind"] in kinds and p["host"] == WWW]
        for n in range(0, max(1, len(ps)), 20):
            name = "index.html" if n == 0 else f"list_{n // 20 + 1}.html"
            lists[WWW + f"/{sect}/{name}"] = ps[n : n + 20]
    for rel, ps in lists.items():
        host, path = rel.split("/", 1)
        items = "".join(
            '<li><a href="{}">{}</a><span class="date">{}</span></li>'.format(
                p["path"], esc(p["title"]), p["dt"].strftime("%Y-%m-%d")
            )
            for p in ps
        )
        doc = (
            f'<!DOCTYPE html>\n<html lang="zh-CN"><head><meta charset="utf-8"><title>{D.SITE}_宝宝起名_免费取名</title></head>\n'
            f'<body><div class="top"><a href="/" class="logo">{D.SITE}</a></div><ul class="list">{items}</ul>'
            '<div class="pages"><a href="#">上一页</a> <a href="#">下一页</a></div>'
            f'<div class="footer">Copyright &copy; 2012-2024 {D.SITE}</div></body></html>\n'
        )
        files[rel] = (doc, "utf-8")
        gold.append(
            {
                "host": host,
                "path": rel,
                "url": "http://" + rel,
                "page_type": "list",
                "layout": "list",
                "encoding": "utf-8",
                "title": D.SITE,
                "published_at": "",
                "main_text": [],
                "boilerplate": [],
                "sections": [],
                "cities": [],
                "slot_values": {},
            }
        )
    return gold


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("out")
    ap.add_argument("--articles", type=int, default=400)
    ap.add_argument("--seed", type=int, default=9)
    ap.add_argument("--punctuation", default="fullwidth", choices=["fullwidth", "ascii"])
    a = ap.parse_args()
    g = build_site(a.out, a.articles, a.seed, a.punctuation)
    print(len(g), "pages")


if __name__ == "__main__":
    main()

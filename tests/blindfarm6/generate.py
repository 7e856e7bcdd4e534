"""Deterministic generator of 随手办生活网 (www.suishouban.com), a Chinese
"content farm" for 生活缴费与出行 guidance, with gold labels.

    from tests.blindfarm6.generate import build_site
    gold = build_site(out_dir, articles=400, seed=53, punctuation="fullwidth")

    python -m tests.blindfarm6.generate OUT_DIR [--articles N] [--seed S]
                                               [--punctuation fullwidth|ascii]

Standard library only.  See README.md for the description of the site and gold.
"""

from __future__ import annotations

import argparse
import datetime as dt
import html
import json
import os
import random
import re
import sys

if __package__ in (None, ""):  # executed as a plain script
    sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__)))))
    __package__ = "tests.blindfarm6"

from . import data_boiler as DB  # noqa: E402
from . import data_cities as DC  # noqa: E402
from . import data_templates as DT  # noqa: E402

SITE = "随手办生活网"
SITE_SHORT = "随手办"
DOMAIN = "suishouban.com"
WWW = "www." + DOMAIN
EMAIL = "jubao@suishouban.com"
COMPLAINT_TEL = "400-860-3721"
ICP = "浙ICP备16052318号-3"

CATS = {"shuidian": "水电燃气", "kuandai": "宽带电视", "chuxing": "交通出行", "zufang": "租房居住"}
CAT_ORDER = ["shuidian", "kuandai", "chuxing", "zufang"]

LAYOUTS = ["news", "wenda", "weixin", "gov", "portal"]
LAYOUT_W = [0.24, 0.19, 0.20, 0.17, 0.20]

# the element that holds the article body in each layout: (tag, attribute, value)
BODY_CONTAINER = {
    "news": ("div", "id", "artContent"),
    "wenda": ("div", "class", "answer-body"),
    "weixin": ("div", "id", "js_content"),
    "gov": ("div", "class", "TRS_Editor"),
    "portal": ("div", "id", "content"),
}

FOLD = str.maketrans("：，；？！（）", ":,;?!()")
START = dt.datetime(2023, 1, 5, 0, 0, 0)
END = dt.datetime(2024, 12, 20, 23, 59, 59)
NOW = dt.datetime(2025, 1, 12, 9, 30, 0)  # "crawl time" used for relative stamps

SLOT_RE = re.compile(r"\{(\w+)\}")
ALT_RE = re.compile(r"\[([^\[\]]*)\]")
PHONE_RE = re.compile(r"\d{3,4}-\d{5,8}|(?<!\d)(?:12345|12123|12328|95598|95022|12315)(?!\d)")
CN_NUM = "一二三四五六七八九十"
CIRCLED = "①②③④⑤⑥⑦⑧⑨⑩"

BP_PROB = dict(
    source=0.35,
    opening=0.45,
    closing=0.4,
    disclaimer=0.4,
    update=0.15,
    editor=0.5,
    copyright=0.3,
    prompt=0.3,
    ad=0.22,
    qr=0.2,
    rating=0.25,
    share=0.3,
    tags=0.4,
    prevnext=0.35,
    related=0.45,
    teaser=0.15,
)
# order of boilerplate kinds inside the body container; "|" marks where the blocks go
BP_ORDER = {
    "news": [
        "source",
        "opening",
        "|",
        "closing",
        "disclaimer",
        "update",
        "editor",
        "copyright",
        "prompt",
        "ad",
        "qr",
        "rating",
        "share",
        "tags",
        "prevnext",
        "related",
        "teaser",
    ],
    "wenda": [
        "opening",
        "|",
        "closing",
        "prompt",
        "source",
        "disclaimer",
        "editor",
        "ad",
        "rating",
        "tags",
        "related",
        "teaser",
        "qr",
        "copyright",
        "update",
        "share",
        "prevnext",
    ],
    "weixin": [
        "update",
        "opening",
        "|",
        "closing",
        "prompt",
        "qr",
        "editor",
        "source",
        "copyright",
        "disclaimer",
        "teaser",
        "ad",
        "rating",
        "related",
        "tags",
        "share",
        "prevnext",
    ],
    "gov": [
        "opening",
        "|",
        "disclaimer",
        "source",
        "editor",
        "update",
        "copyright",
        "closing",
        "prompt",
        "rating",
        "share",
        "ad",
        "qr",
        "tags",
        "teaser",
        "prevnext",
        "related",
    ],
    "portal": [
        "opening",
        "source",
        "|",
        "closing",
        "disclaimer",
        "ad",
        "qr",
        "editor",
        "copyright",
        "prompt",
        "tags",
        "share",
        "rating",
        "prevnext",
        "related",
        "teaser",
        "update",
    ],
}
SINGLE_POOLS = {
    "source": DB.SOURCE,
    "copyright": DB.COPYRIGHT,
    "disclaimer": DB.DISCLAIMER,
    "opening": DB.OPENING,
    "transition": DB.TRANSITION,
    "closing": DB.CLOSING,
    "prompt": DB.PROMPT,
}


def e(s):
    return html.escape(s, quote=False)


def ea(s):
    return html.escape(s, quote=True)


def fill(s, V):
    return SLOT_RE.sub(lambda m: str(V[m.group(1)]), s)


def resolve(s, r, V, p_drop=0.35):
    """Resolve [a|b] alternatives and [?optional] parts (innermost first), then slots."""
    while True:
        m = ALT_RE.search(s)
        if not m:
            break
        inner = m.group(1)
        if inner.startswith("?"):
            rep = inner[1:] if r.random() >= p_drop else ""
        else:
            rep = r.choice(inner.split("|"))
        s = s[: m.start()] + rep + s[m.end() :]
    return fill(s, V)


# --------------------------------------------------------------------------- city variables
def make_city_vars(c, r):
    name, code = c["name"], c["code"]
    used = set()

    def tel(kind):
        while True:
            if kind == "96":
                t = f"{code}-96{r.randint(100, 999)}"
            else:
                t = f"{code}-{r.choice('5678')}{r.randint(1000000, 9999999)}"
            if t not in used:
                used.add(t)
                return t

    def addr():
        return f"{r.choice(c['districts'])}{r.choice(DC.ROADS)}{r.randint(8, 388)}号"

    wp = r.choice([2.75, 2.9, 3.05, 3.2, 3.35, 3.5, 3.8])
    V = dict(city=name, prov=c["prov"], code=code, app=c["app"], card=c["card"])
    V["water"] = r.choice(["{c}市自来水有限公司", "{c}水务集团", "{c}市供水总公司"]).format(c=name)
    V["water_tel"] = tel("96")
    V["power"] = f"国网{name}供电公司"
    V["gas"] = r.choice(["{c}燃气集团", "{c}市燃气有限公司", "{c}中燃城市燃气公司"]).format(c=name)
    V["gas_tel"] = tel("96")
    V["cable"] = r.choice(["{p}广电网络{c}分公司", "{c}有线电视网络公司", "{c}广电网络公司"]).format(
        c=name, p=c["prov"]
    )
    V["cable_tel"] = tel("8")
    V["card_center"] = r.choice(["{c}市民卡服务中心", "{c}公交一卡通有限公司", "{c}城市一卡通公司"]).format(c=name)
    V["card_tel"] = tel("8")
    V["jiaoguan"] = f"{name}市公安局交通警察支队"
    V["jg_tel"] = tel("8")
    V["zhujian"] = f"{name}市住房和城乡建设局"
    V["zj_tel"] = tel("8")
    V["taxi_tel"] = tel("96")
    V["etc_bank"] = "、".join(r.sample(DC.BANKS, 3))
    V["water_price"] = f"{wp:.2f}"
    V["water_price2"] = f"{wp * 1.5:.2f}"
    V["water_price3"] = f"{wp * 3:.2f}"
    V["power_price"] = f"0.{r.randint(500, 589)}"
    V["gas_price"] = f"{r.choice([2.6, 2.75, 2.9, 3.05, 3.2, 3.4]):.2f}"
    V["alarm_fee"] = str(r.choice([168, 198, 238, 268, 298, 320]))
    V["card_deposit"] = str(r.choice([20, 25, 30]))
    V["card_fee"] = str(r.choice([10, 15, 20]))
    V["elder_age"] = str(r.choice([65, 70]))
    V["disc_normal"] = r.choice(["刷卡9折", "刷卡8.5折", "每次优惠0.2元", "刷卡9.5折"])
    V["disc_student"] = r.choice(["刷卡5折", "刷卡4折", "刷卡6折"])
    V["cable_fee"] = str(r.choice([22, 24, 25, 26, 28]))
    V["park1"] = str(r.randrange(120, 310, 10))
    V["park2"] = str(r.randrange(300, 650, 50))
    V["park3"] = str(r.randrange(200, 550, 50))
    V["addr1"] = addr()
    V["addr2"] = addr()
    V["hours"] = r.choice(
        ["工作日9:00-17:00", "周一至周五8:30-12:00、14:00-17:30", "工作日8:30-17:30（周六上午照常办公）"]
    )
    V["policy_date"] = f"{r.randint(2017, 2022)}年{r.choice([1, 3, 5, 7, 9, 10])}月1日"
    return V


# --------------------------------------------------------------------------- template realisation
def realize(body, r, V):
    out = []
    for el in body:
        k = el["k"]
        if k == "sh":
            els = list(el["els"])
            if r.random() < 0.5:
                r.shuffle(els)
            out.extend(realize(els, r, V))
            continue
        if el.get("opt") and r.random() < el["opt"]:
            continue
        if k == "p":
            t = r.choice(el["alts"])
            if t.startswith("?"):
                if r.random() < 0.3:
                    continue
                t = t[1:]
            out.append(["p", resolve(t, r, V)])
        elif k in ("ul", "steps"):
            intro = resolve(el["intro"], r, V) if el["intro"] else None
            things = []
            for it in el["items" if k == "ul" else "steps"]:
                if it.startswith("?"):
                    if r.random() < 0.3:
                        continue
                    it = it[1:]
                things.append(resolve(it, r, V))
            if k == "ul" and el["shuffle"] and r.random() < 0.3:
                r.shuffle(things)
            out.append([k, intro, things])
        elif k == "table":
            rows = []
            for row in el["rows"]:
                if row[0].startswith("?"):
                    if r.random() < 0.3:
                        continue
                    row = [row[0][1:]] + list(row[1:])
                rows.append([resolve(c, r, V) for c in row])
            out.append(["table", rows])
    return out


def vary(items, r, V, local_pool):
    """Sometimes add a local sentence and sometimes split a paragraph in two."""
    if r.random() < 0.22:
        s = resolve(r.choice(local_pool), r, V)
        pidx = [i for i, it in enumerate(items) if it[0] == "p" and it[1].endswith("。")]
        if pidx:
            i = r.choice(pidx)
            if r.random() < 0.5:
                items[i][1] += s
            else:
                items.insert(i + 1, ["p", s])
    if r.random() < 0.15:
        cands = [i for i, it in enumerate(items) if it[0] == "p" and len(it[1]) >= 40 and "。" in it[1][:-1]]
        if cands:
            i = r.choice(cands)
            t = items[i][1]
            cuts = [k + 1 for k, ch in enumerate(t[:-1]) if ch == "。"]
            k = r.choice(cuts)
            items[i : i + 1] = [["p", t[:k]], ["p", t[k:]]]
    return items


# --------------------------------------------------------------------------- planning
def plan_articles(n, rng):
    tpls = DT.TEMPLATES
    combos = [(t, c) for t in range(len(tpls)) for c in range(len(DC.CITIES))]
    rng.shuffle(combos)
    oneoffs = list(range(len(DT.ONEOFFS)))
    rng.shuffle(oneoffs)
    span = int((END - START).total_seconds())
    arts = []
    for k in range(n):
        ti, ci = combos[k % len(combos)]
        t = tpls[ti]
        host = f"{DC.CITIES[ci]['sub']}.{DOMAIN}" if rng.random() < 0.85 else WWW
        layout = rng.choices(LAYOUTS, LAYOUT_W)[0]
        pub = START + dt.timedelta(seconds=rng.randrange(span))
        x = rng.random()
        nb = 1 if x < 0.5 else (2 if x < 0.83 else 3)
        same = [j for j, y in enumerate(tpls) if y["cat"] == t["cat"] and j != ti]
        other = [j for j, y in enumerate(tpls) if y["cat"] != t["cat"]]
        rng.shuffle(same)
        rng.shuffle(other)
        blocks = [("tpl", ti)]
        for _ in range(nb - 1):
            pool = same if (same and rng.random() < 0.75) else other
            blocks.append(("tpl", pool.pop()))
        if oneoffs and rng.random() < 0.085:
            oi = oneoffs.pop()
            if rng.random() < 0.35:
                blocks[0] = ("one", oi)
            elif len(blocks) >= 3:
                blocks[rng.randint(1, len(blocks) - 1)] = ("one", oi)
            else:
                blocks.insert(rng.randint(1, len(blocks)), ("one", oi))
        if rng.random() < 0.03:
            enc, decl = "gbk", rng.choice(["gbk", "gb2312", "utf-8"])
        else:
            enc, decl = "utf-8", "utf-8"
        arts.append(dict(ci=ci, host=host, layout=layout, pub=pub, blocks=blocks, encoding=enc, decl=decl, order=k))
    arts.sort(key=lambda a: (a["pub"], a["order"]))
    aid = 10230
    for a in arts:
        aid += rng.randint(1, 9)
        a["id"] = aid
    return arts


def article_path(a):
    p, i = a["pub"], a["id"]
    lay = a["layout"]
    if lay == "news":
        return f"{a['cat']}/{p:%Y%m%d}/{i}.html"
    if lay == "wenda":
        return f"wenda/{i}.html"
    if lay == "weixin":
        return f"mp/{p:%Y%m}/{i}.html"
    if lay == "gov":
        return f"art/{p:%Y}/{p:%m}/{p:%d}/art_{i}.html"
    return f"show/{i}.html"


def realize_article(a, CV, seed, used_titles):
    r = random.Random(f"{seed}|art|{a['id']}")
    c = DC.CITIES[a["ci"]]
    V0 = dict(CV[a["ci"]])
    V0["year"] = str(a["pub"].year)
    blocks = []
    for kind, idx in a["blocks"]:
        V = dict(V0)
        V["district"], V["district2"] = r.sample(c["districts"], 2)
        V["other"] = r.choice([x for x in DC.CITY_NAMES if x != c["name"]])
        if kind == "tpl":
            t = DT.TEMPLATES[idx]
            heading = resolve(r.choice(t["headings"]), r, V)
            items = realize(t["body"], r, V)
            tid, cat = t["id"], t["cat"]
        else:
            o = DT.ONEOFFS[idx]
            heading = resolve(o["heading"], r, V)
            items = [["p", resolve(p, r, V)] for p in o["paras"]]
            tid, cat = o["id"], o["cat"]
        items = vary(items, r, V, c["local"])
        blocks.append(dict(tid=tid, kind=kind, idx=idx, cat=cat, heading=heading, items=items, V=V))
    a["blocks_r"] = blocks
    b0 = blocks[0]
    V = b0["V"]
    if b0["kind"] == "tpl":
        t = DT.TEMPLATES[b0["idx"]]
        cands = t["titles"]
        a["topic"], a["kw"] = t["topic"], t["kw"]
        a["agency"], a["hotline"] = fill(t["agency"], V), fill(t["hotline"], V)
        tags = list(t["tags"])
    else:
        o = DT.ONEOFFS[b0["idx"]]
        cands = [o["title"]]
        topic, agency, hotline = DT.ONEOFF_TOPIC[o["cat"]]
        a["topic"], a["kw"] = topic, topic[:2]
        a["agency"], a["hotline"] = fill(agency, V), fill(hotline, V)
        tags = {
            "shuidian": ["生活缴费", "办事指南"],
            "kuandai": ["宽带", "有线电视"],
            "chuxing": ["办事指南", "停车"],
            "zufang": ["租房", "办事指南"],
        }[o["cat"]]
    a["cat"] = b0["cat"]
    title = None
    for attempt in range(40):
        base = resolve(r.choice(cands), r, V)
        if r.random() < 0.3 and not any(x in base for x in ("（", "——", "【")):
            base += resolve(r.choice(DT.TITLE_SUFFIXES), r, V)
        if attempt >= 20:
            base += f"（{r.choice(c['districts'])}）" if attempt < 30 else f"（{attempt}）"
        if base not in used_titles:
            title = base
            break
    used_titles.add(title)
    a["title"] = title
    r.shuffle(tags)
    tags = tags[: r.randint(2, 3)]
    if r.random() < 0.5:
        tags.append(c["name"])
    a["tags"] = tags


# --------------------------------------------------------------------------- main-text rendering
def step_prefix(style, n):
    if style == "dot":
        return f"{n}. "
    if style == "dun":
        return f"{n}、"
    if style == "di":
        return f"第{CN_NUM[n - 1]}步："
    if style == "buzhou":
        return f"步骤{n}："
    if style == "circ":
        return CIRCLED[n - 1]
    if style == "paren":
        return f"（{n}）"
    if style == "dot0":
        return f"{n}."
    raise ValueError(style)


def emph(t_escaped, r):
    if r.random() < 0.5:
        return t_escaped
    tag = r.choice(["<strong>", '<span style="color:#e53333;">', "<b>"])
    close = {"<strong>": "</strong>", "<b>": "</b>"}.get(tag, "</span>")
    return PHONE_RE.sub(lambda m: tag + m.group(0) + close, t_escaped, count=1)


def table_html(rows, lay):
    if lay == "gov":
        head = '<table border="1" cellspacing="0" cellpadding="4" style="border-collapse:collapse;width:100%;">'
    elif lay == "weixin":
        head = '<section style="overflow-x:auto;"><table style="width:100%;border-collapse:collapse;" data-sort="sortDisabled">'
    elif lay == "portal":
        head = '<div class="table-wrap"><table class="table table-bordered">'
    elif lay == "wenda":
        head = '<table class="ans-table" width="100%">'
    else:
        head = '<table class="tb">'
    out = [head, "<tbody>"]
    for i, row in enumerate(rows):
        if i == 0 and lay != "gov":
            out.append("<tr>" + "".join(f"<th>{e(x)}</th>" for x in row) + "</tr>")
        elif i == 0:
            out.append("<tr>" + "".join(f"<td><strong>{e(x)}</strong></td>" for x in row) + "</tr>")
        else:
            out.append("<tr>" + "".join(f"<td>{e(x)}</td>" for x in row) + "</tr>")
    out.append("</tbody>")
    out.append("</table>")
    if lay == "weixin":
        out.append("</section>")
    if lay == "portal":
        out.append("</div>")
    return "\n".join(out), [" ".join(row) for row in rows]


def page_style(lay, r):
    st = {}
    if lay == "news":
        st["h"] = r.choice(["h2", "h3"])
        st["step"] = r.choice(["dot", "dun", "di", "buzhou"])
    elif lay == "wenda":
        st["h"] = r.choice(["p", "div"])
        st["li"] = r.choice(["paren", "dun"])
        st["step"] = r.choice(["dun", "dot0", "di"])
    elif lay == "weixin":
        st["h"] = r.choice(["num", "part", "span"])
        st["step"] = r.choice(["circ", "dot", "buzhou"])
        st["bullet"] = r.choice(["● ", "●", "◆ "])
    elif lay == "gov":
        st["h"] = r.choice(["cn", "paren", "arabic"])
        st["step"] = r.choice(["di", "dun", "dot0"])
        st["indent"] = r.choice(["　　", "&nbsp;&nbsp;&nbsp;&nbsp;", ""])
    else:
        st["h"] = r.choice(["h3", "q", "h4"])
        st["step"] = r.choice(["dot", "buzhou"])
    return st


def heading_html(lay, st, n, h):
    s = st["h"]
    if lay == "news":
        return f"<{s}>{e(h)}</{s}>", h
    if lay == "wenda":
        line = "问：" + h
        if s == "p":
            return f'<p class="wt"><strong>问：{e(h)}</strong></p>', line
        return f'<div class="q-tit"><span class="q-ico">问：</span>{e(h)}</div>', line
    if lay == "weixin":
        if s == "num":
            return (
                f'<h3 style="margin:20px 0 10px;"><span class="num" style="color:#fff;background:#1e9fff;'
                f'padding:0 6px;">{n:02d}</span> <span style="color:#1e9fff;">{e(h)}</span></h3>',
                f"{n:02d} {h}",
            )
        if s == "part":
            return (
                f'<section class="part-hd"><p><span style="color:#ffffff;background-color:#3a7bd5;'
                f'padding:2px 8px;">PART {n}</span> <strong>{e(h)}</strong></p></section>',
                f"PART {n} {h}",
            )
        return (
            f'<p style="text-align:center;"><span style="color:#c0392b;font-size:17px;'
            f'font-weight:bold;">{e(h)}</span></p>',
            h,
        )
    if lay == "gov":
        if s == "cn":
            line = f"{CN_NUM[n - 1]}、{h}"
            return f'<p style="text-indent:2em;"><strong>{e(line)}</strong></p>', line
        if s == "paren":
            line = f"（{CN_NUM[n - 1]}）{h}"
            return f"<h3>{e(line)}</h3>", line
        line = f"{n}.{h}"
        return f"<p><b>{e(line)}</b></p>", line
    # portal
    if s == "h3":
        return f'<h3 class="sub-title">{e(h)}</h3>', h
    if s == "h4":
        return f"<h4>{e(h)}</h4>", h
    return f'<div class="qa-q"><i class="icon-q"></i><b>{e(h)}</b></div>', h


def item_html(lay, st, item, first, r):
    """Render one realised item; returns (html, lines)."""
    k = item[0]
    if k == "p":
        t = item[1]
        if lay == "wenda" and first:
            return f"<p><b>答：</b>{e(t)}</p>", ["答：" + t]
        if lay == "weixin":
            return (f'<p style="line-height:1.75em;"><span style="font-size:15px;">{emph(e(t), r)}</span></p>', [t])
        if lay == "gov":
            return f'<p style="text-indent:2em;">{st["indent"]}{e(t)}</p>', [t]
        if lay == "portal":
            return f"<p>{emph(e(t), r)}</p>", [t]
        return f"<p>{e(t)}</p>", [t]
    if k == "table":
        return table_html(item[1], lay)
    intro, things = item[1], item[2]
    lines = [intro] if intro else []
    parts = []
    if k == "ul":
        if lay == "wenda":
            pre = [step_prefix(st["li"], i + 1) for i in range(len(things))]
            ls = [p + x for p, x in zip(pre, things, strict=False)]
            parts.append("<p>" + "<br>".join(e(x) for x in lines + ls) + "</p>")
            return "\n".join(parts), lines + ls
        if lay == "weixin":
            ls = [st["bullet"] + x for x in things]
            if intro:
                parts.append(f'<p style="line-height:1.75em;"><span style="font-size:15px;">{e(intro)}</span></p>')
            parts.append('<p style="line-height:1.75em;">' + "<br/>".join(e(x) for x in ls) + "</p>")
            return "\n".join(parts), lines + ls
        if lay == "gov":
            ls = [f"（{i + 1}）{x}" for i, x in enumerate(things)]
            if intro:
                parts.append(f'<p style="text-indent:2em;">{st["indent"]}{e(intro)}</p>')
            parts.extend(f'<p style="text-indent:2em;">{st["indent"]}{e(x)}</p>' for x in ls)
            return "\n".join(parts), lines + ls
        cls = "dot-list" if lay == "portal" else "art-list"
        if intro:
            parts.append(f"<p>{e(intro)}</p>")
        parts.append(f'<ul class="{cls}">\n' + "\n".join(f"<li>{e(x)}</li>" for x in things) + "\n</ul>")
        return "\n".join(parts), lines + list(things)
    # steps
    pre = [step_prefix(st["step"], i + 1) for i in range(len(things))]
    ls = [p + x for p, x in zip(pre, things, strict=False)]
    if lay == "news":
        if intro:
            parts.append(f"<p>{e(intro)}</p>")
        parts.append(
            '<ol class="step-list" style="list-style:none;">\n' + "\n".join(f"<li>{e(x)}</li>" for x in ls) + "\n</ol>"
        )
    elif lay == "wenda":
        parts.append("<p>" + "<br>\n".join(e(x) for x in lines + ls) + "</p>")
    elif lay == "weixin":
        if intro:
            parts.append(
                f'<p style="line-height:1.75em;"><strong><span style="font-size:15px;">{e(intro)}</span></strong></p>'
            )
        parts.extend(f'<p style="line-height:1.75em;"><span style="font-size:15px;">{e(x)}</span></p>' for x in ls)
    elif lay == "gov":
        if intro:
            parts.append(f'<p style="text-indent:2em;">{st["indent"]}{e(intro)}</p>')
        parts.extend(f'<p style="text-indent:2em;">{st["indent"]}{e(x)}</p>' for x in ls)
    else:
        if intro:
            parts.append(f"<p><strong>{e(intro)}</strong></p>")
        parts.append(
            '<ol class="steps">\n'
            + "\n".join(f'<li><em class="no">{e(p)}</em>{e(x)}</li>' for p, x in zip(pre, things, strict=False))
            + "\n</ol>"
        )
    return "\n".join(parts), lines + ls


# --------------------------------------------------------------------------- boilerplate
def rand_name(r):
    return r.choice(DC.SURNAMES) + r.choice(DC.GIVEN)


def fmt_date_variant(d, r):
    return r.choice([f"{d:%Y-%m-%d}", f"{d.year}年{d.month}月{d.day}日", f"{d:%Y/%m/%d %H:%M}"])


def shape_lines(shape):
    t = shape[0]
    if t in ("line", "ad", "qr"):
        return [shape[1]]
    if t in ("lines", "rating"):
        return list(shape[1])
    if t == "teaser":
        return [shape[1] + shape[2] + shape[3]]
    if t == "related":
        return [shape[1]] + [x[0] for x in shape[2]]
    if t == "inline":
        return [shape[1] + " ".join(x[0] for x in shape[2])]
    if t == "prevnext":
        return [lab + tit for lab, tit, _ in shape[1]]
    raise ValueError(t)


def href_for(a, b):
    """Link from page a to page b (root-relative on the same host)."""
    return "/" + b["hpath"] if a["host"] == b["host"] else b["url"]


def make_shape(kind, a, C, r, S):
    C = dict(C)
    C["n1"], C["n2"] = rand_name(r), rand_name(r)
    if kind == "editor":
        return ("lines", [fill(x, C) for x in r.choice(DB.EDITOR)])
    if kind in SINGLE_POOLS:
        return ("line", fill(r.choice(SINGLE_POOLS[kind]), C))
    if kind == "update":
        ud = a["pub"] + dt.timedelta(days=r.randint(12, 200), minutes=r.randint(0, 900))
        ud = min(ud, NOW - dt.timedelta(days=1))
        C["ud"] = fmt_date_variant(ud, r)
        return ("line", fill(r.choice(DB.UPDATE), C))
    if kind == "rating":
        C.update(u=r.randint(3, 260), d=r.randint(0, 30), score=f"{r.uniform(3.8, 4.9):.1f}", cnt=r.randint(12, 900))
        return ("rating", [fill(x, C) for x in r.choice(DB.RATING)])
    if kind == "ad":
        C.update(
            tel400=f"400-{r.randint(100, 999)}-{r.randint(1000, 9999)}",
            wx=f"ssb{r.randint(1000, 9999)}",
            mobile=f"1{r.choice('3589')}{r.randint(100000000, 999999999)}",
        )
        return ("ad", fill(r.choice(DB.AD), C), f"/go/ad{r.randint(100, 999)}.html")
    if kind == "qr":
        return ("qr", fill(r.choice(DB.QR), C), f"/static/img/qr/{r.randint(1, 40)}.jpg")
    if kind == "teaser":
        others = [b for b in S["arts"] if b["id"] != a["id"]]
        b = r.choice(others)
        first = next(x for x in b["blocks_r"][0]["items"] if x[0] == "p")[1]
        hi = min(34, len(first) - 2)
        cut = first[: r.randint(16, hi)] if hi > 16 else first[: max(4, len(first) // 2)]
        return ("teaser", r.choice(DB.TEASER_PREFIX), cut, r.choice(DB.TEASER_END), href_for(a, b))
    if kind == "related":
        main_lines = S["main_lines"]
        pool = [b for b in S["arts"] if b["id"] != a["id"] and b["title"] not in main_lines]
        same = [b for b in pool if b["cat"] == a["cat"]]
        k = r.randint(3, 6)
        picks = r.sample(same, min(k, len(same)))
        picked = {b["id"] for b in picks}
        rest = [b for b in pool if b["id"] not in picked]
        if len(picks) < k:
            picks += r.sample(rest, k - len(picks))
        return ("related", fill(r.choice(DB.RELATED_HEAD), C), [(b["title"], href_for(a, b)) for b in picks])
    if kind == "tags":
        return ("inline", r.choice(DB.TAG_LABEL), [(t, f"http://{WWW}/tag/{tag_slug(t)}.html") for t in a["tags"]])
    if kind == "share":
        return ("inline", r.choice(DB.SHARE_LABEL), [(x, "javascript:;") for x in r.choice(DB.SHARE_SETS)])
    if kind == "prevnext":
        pl, nl = r.choice(DB.PREVNEXT)
        prev, nxt = S["neighbors"]
        out = []
        for lab, b, none in ((pl, prev, DB.PREV_NONE), (nl, nxt, DB.NEXT_NONE)):
            if b is None:
                out.append((lab, r.choice(none), None))
            else:
                out.append((lab, b["title"], href_for(a, b)))
        return ("prevnext", out)
    raise ValueError(kind)


BP_CLS = {
    "news": dict(
        editor="editor", source="art-source", copyright="statement", disclaimer="art-tips", update="update-time"
    ),
    "wenda": dict(
        editor="ans-editor",
        source="ans-from",
        copyright="ans-claim",
        disclaimer="ans-tip",
        update="ans-update",
        prompt="ans-prompt",
    ),
    "portal": dict(
        editor="post-editor",
        source="post-source",
        copyright="post-copyright",
        disclaimer="post-notice",
        update="post-update",
        closing="post-end",
    ),
}


def bp_html(lay, kind, shape, r):
    t = shape[0]
    if t == "line":
        text = e(shape[1])
        if lay == "weixin":
            align = "right" if kind in ("editor", "source", "update") else "left"
            return f'<p style="text-align:{align};"><span style="color:#888888;font-size:13px;">{text}</span></p>'
        if lay == "gov":
            if kind in ("editor", "source", "update"):
                return f'<p style="text-align:right;">{text}</p>'
            return f"<p>{text}</p>"
        cls = BP_CLS.get(lay, {}).get(kind)
        if not cls:
            return f"<p>{text}</p>"
        tag = "div" if lay in ("wenda", "portal") else "p"
        return f'<{tag} class="{cls}">{text}</{tag}>'
    if t == "lines":
        inner = "".join(f"<p>{e(x)}</p>" for x in shape[1])
        if lay == "weixin":
            return "\n".join(
                f'<p style="text-align:right;"><span style="color:#888;">{e(x)}</span></p>' for x in shape[1]
            )
        return f'<div class="author-box">{inner}</div>'
    if t == "rating":
        tagc = r.choice(["a", "span", "button"])
        rows = []
        for i, line in enumerate(shape[1]):
            words = line.split(" ")
            if len(words) == 1 and i == 0 and len(shape[1]) > 1:
                rows.append(f'<p class="rate-q">{e(line)}</p>')
            else:
                rows.append(
                    '<div class="rate-btns">'
                    + " ".join(f'<{tagc} class="rb{j}">{e(w)}</{tagc}>' for j, w in enumerate(words))
                    + "</div>"
                )
        return '<div class="rate-box">' + "".join(rows) + "</div>"
    if t == "ad":
        text, href = shape[1], shape[2]
        if lay == "weixin":
            return f'<p><a href="{ea(href)}"><span style="color:#576b95;">{e(text)}</span></a></p>'
        script = ""
        if lay in ("news", "portal") and r.random() < 0.5:
            script = f'<script type="text/javascript">var cpro_id="u{r.randint(100000, 999999)}";</script>'
        return f'<div class="ad-text">{script}<a href="{ea(href)}" target="_blank" rel="nofollow">{e(text)}</a></div>'
    if t == "qr":
        img = f'<img src="{ea(shape[2])}" alt="二维码" width="160">'
        if lay == "weixin":
            return (
                f'<p style="text-align:center;"><span style="color:#888;font-size:13px;">{e(shape[1])}</span></p>'
                f'\n<p style="text-align:center;">{img}</p>'
            )
        return f'<div class="qrcode"><p>{e(shape[1])}</p><p class="qr-img">{img}</p></div>'
    if t == "teaser":
        _, pre, cut, end, href = shape
        if end.startswith("…") and not end.startswith("……"):
            return f'<p class="read-more">{e(pre + cut)}…<a href="{ea(href)}">{e(end[1:])}</a></p>'
        if pre:
            return f'<div class="teaser">{e(pre)}<a href="{ea(href)}">{e(cut + end)}</a></div>'
        return f'<div class="teaser"><a href="{ea(href)}">{e(cut + end)}</a></div>'
    if t == "related":
        head, items = shape[1], shape[2]
        if lay == "weixin":
            return (
                "<section>"
                + f'<p><strong><span style="color:#1e9fff;">{e(head)}</span></strong></p>'
                + "".join(f'<p><a href="{ea(h)}">{e(x)}</a></p>' for x, h in items)
                + "</section>"
            )
        if lay == "gov":
            return (
                f'<div class="xgwz"><div class="xgwz-tit">{e(head)}</div><ul>'
                + "".join(f'<li><a href="{ea(h)}" target="_blank">{e(x)}</a></li>' for x, h in items)
                + "</ul></div>"
            )
        if lay == "portal":
            return (
                f'<div class="rel-box"><div class="rel-hd"><span>{e(head)}</span></div><ul class="rel-list">'
                + "".join(f'<li><a href="{ea(h)}">{e(x)}</a></li>' for x, h in items)
                + "</ul></div>"
            )
        hx = "h3" if lay == "news" else "h4"
        return (
            f'<div class="related"><{hx}>{e(head)}</{hx}><ul>'
            + "".join(f'<li><a href="{ea(h)}">{e(x)}</a></li>' for x, h in items)
            + "</ul></div>"
        )
    if t == "inline":
        label, items = shape[1], shape[2]
        cls = "tags" if kind == "tags" else "share-box"
        if not items:  # icon-only share buttons
            return (
                '<div class="bdsharebuttonbox"><span>' + e(label) + "</span>"
                '<a class="bds_weixin" title="分享到微信"></a><a class="bds_tsina" title="分享到新浪微博"></a>'
                '<a class="bds_qzone" title="分享到QQ空间"></a></div>'
            )
        lab = f"<span>{e(label)}</span>" if r.random() < 0.5 else e(label)
        return f'<div class="{cls}">{lab}' + " ".join(f'<a href="{ea(h)}">{e(x)}</a>' for x, h in items) + "</div>"
    if t == "prevnext":
        rows = []
        for lab, tit, href in shape[1]:
            if href is None:
                rows.append(f"{e(lab)}{e(tit)}")
            else:
                rows.append(f'{e(lab)}<a href="{ea(href)}">{e(tit)}</a>')
        if lay in ("gov", "wenda"):
            return '<ul class="prenext">' + "".join(f"<li>{x}</li>" for x in rows) + "</ul>"
        return '<div class="pre-next">' + "".join(f"<p>{x}</p>" for x in rows) + "</div>"
    raise ValueError(t)


def tag_slug(t):
    if t in DT.TAG_SLUGS:
        return DT.TAG_SLUGS[t]
    for c in DC.CITIES:
        if c["name"] == t:
            return c["sub"]
    raise KeyError(t)


# --------------------------------------------------------------------------- body assembly
class Body:
    def __init__(self, lay, r):
        self.lay, self.r = lay, r
        self.html = []
        self.main = []  # main_text lines
        self.bp = []  # boilerplate lines
        self.sections = []

    def spacer(self):
        if self.lay == "weixin" and self.r.random() < 0.15:
            self.html.append("<p><br></p>")
        elif self.lay == "gov" and self.r.random() < 0.08:
            self.html.append("<p>&nbsp;</p>")

    def add_main(self, h, lines):
        self.html.append(h)
        self.main.extend(lines)
        self.sections[-1]["paragraphs"].extend(lines)
        self.spacer()

    def add_heading(self, h, line, blk, city):
        self.html.append(h)
        self.main.append(line)
        self.sections.append(dict(heading=line, template_id=blk["tid"], city=city, paragraphs=[]))

    def add_bp(self, kind, shape):
        self.html.append(bp_html(self.lay, kind, shape, self.r))
        self.bp.extend(shape_lines(shape))
        self.spacer()


def build_body(a, S, seed):
    lay = a["layout"]
    r = random.Random(f"{seed}|body|{a['id']}")
    st = page_style(lay, r)
    city = DC.CITIES[a["ci"]]["name"]
    C = dict(
        city=city,
        topic=a["topic"],
        kw=a["kw"],
        agency=a["agency"],
        hotline=a["hotline"],
        site=SITE,
        site_short=SITE_SHORT,
        domain=DOMAIN,
        email=EMAIL,
        complaint_tel=COMPLAINT_TEL,
        pubmonth=f"{a['pub'].year}年{a['pub'].month}月",
    )
    # main lines first (needed to keep related titles distinct from headings)
    order = BP_ORDER[lay]
    cut = order.index("|")
    chosen = [k for k in order if k != "|" and r.random() < BP_PROB[k]]
    top = [k for k in chosen if order.index(k) < cut]
    trail = [k for k in chosen if order.index(k) > cut]
    mid = None
    if r.random() < 0.15:
        nitems = sum(len(b["items"]) for b in a["blocks_r"])
        mid = (r.randrange(nitems), r.choice(["ad", "ad", "ad", "teaser", "prompt", "qr"]))
    body = Body(lay, r)
    # provisional main lines so that related lists never repeat a line of this page
    S["main_lines"] = set()
    for bi, blk in enumerate(a["blocks_r"]):
        S["main_lines"].add(heading_html(lay, st, bi + 1, blk["heading"])[1])
        S["main_lines"].add(blk["heading"])
    for k in top:
        body.add_bp(k, make_shape(k, a, C, r, S))
    counter = 0
    for bi, blk in enumerate(a["blocks_r"]):
        if bi > 0 and r.random() < 0.55:
            body.add_bp("transition", make_shape("transition", a, C, r, S))
        h, line = heading_html(lay, st, bi + 1, blk["heading"])
        body.add_heading(h, line, blk, city)
        for ii, item in enumerate(blk["items"]):
            hh, lines = item_html(lay, st, item, ii == 0, r)
            body.add_main(hh, lines)
            if mid and mid[0] == counter:
                body.add_bp(mid[1], make_shape(mid[1], a, C, r, S))
            counter += 1
    for k in trail:
        body.add_bp(k, make_shape(k, a, C, r, S))
    if lay in ("news", "portal") and r.random() < 0.3:
        body.html.append("<!-- 正文结束 -->")
    return body, st


# --------------------------------------------------------------------------- page chrome
def nav_html(a_host, cls="nav"):
    items = [f'<li><a href="http://{WWW}/index.html">首页</a></li>']
    items += [f'<li><a href="http://{WWW}/{c}/index.html">{CATS[c]}</a></li>' for c in CAT_ORDER]
    items.append(f'<li><a href="http://{WWW}/city/index.html">城市分站</a></li>')
    return f'<ul class="{cls}">' + "".join(items) + "</ul>"


def footer_html(variant=0):
    links = (
        '<a href="/about.html">关于我们</a> | <a href="/contact.html">联系我们</a> | '
        '<a href="/disclaimer.html">免责声明</a> | <a href="/sitemap.xml">网站地图</a>'
    )
    years = ["2016-2025", "2016-2024", "2016-2025"][variant % 3]
    return (
        f'<div class="footer"><p>{links}</p>'
        f"<p>Copyright &copy; {years} {SITE} 版权所有 All Rights Reserved.</p>"
        f'<p><a href="https://beian.miit.gov.cn/" rel="nofollow">{ICP}</a> '
        f"浙公网安备33010602008876号 本站信息仅供参考，不代表任何政府部门立场。</p></div>"
    )


def side_html(a, S, r, title="热门文章"):
    pool = [b for b in S["arts"] if b["id"] != a["id"]]
    hot = r.sample(pool, min(6, len(pool)))
    latest = r.sample(pool, min(5, len(pool)))
    h1 = "".join(
        f'<li><a href="{ea(href_for(a, b))}">{e(b["title"])}</a><span>{b["pub"]:%m-%d}</span></li>' for b in hot
    )
    h2 = "".join(
        f'<li><a href="{ea(href_for(a, b))}">{e(b["title"])}</a><em>{b["pub"]:%Y-%m-%d}</em></li>' for b in latest
    )
    return (
        f'<div class="side-box"><div class="side-hd">{title}</div><ul class="hot-list">{h1}</ul></div>'
        f'<div class="side-box"><div class="side-hd">最新发布</div><ul class="new-list">{h2}</ul></div>'
    )


def comments_html(a, r, n, cls="comment-list"):
    city = DC.CITIES[a["ci"]]
    out = []
    t = a["pub"]
    for _ in range(n):
        t = t + dt.timedelta(days=r.randint(0, 40), minutes=r.randint(5, 2000))
        if t > NOW:
            t = NOW - dt.timedelta(hours=r.randint(2, 60))
        user = r.choice(DB.COMMENT_USERS).format(
            n=r.randint(1000, 99999), sur=r.choice(DC.SURNAMES), giv=r.choice(DC.GIVEN), city=city["name"]
        )
        text = r.choice(DB.COMMENTS).format(district=r.choice(city["districts"]))
        out.append(
            f'<li><div class="c-user"><span class="uname">{e(user)}</span> '
            f'<span class="ctime">{t:%Y-%m-%d %H:%M}</span></div><p class="c-text">{e(text)}</p>'
            f'<div class="c-act"><a href="javascript:;">回复</a> <a href="javascript:;">赞（{r.randint(0, 40)}）</a></div></li>'
        )
    return f'<ul class="{cls}">' + "".join(out) + "</ul>"


def relative_stamp(t):
    d = NOW - t
    days = d.days
    if days < 1:
        return f"{max(1, d.seconds // 3600)}小时前"
    if days < 7:
        return f"{days}天前"
    if days < 30:
        return f"{days // 7}周前"
    if days < 365:
        return f"{days // 30}个月前"
    return f"{days // 365}年前"


def meta_desc(a):
    first = next(x for x in a["blocks_r"][0]["items"] if x[0] == "p")[1]
    return first[:80]


def crumbs(a, sep):
    city = DC.CITIES[a["ci"]]
    return (
        f'<a href="http://{WWW}/index.html">首页</a>{sep}<a href="http://{city["sub"]}.{DOMAIN}/index.html">'
        f'{city["name"]}</a>{sep}<a href="http://{WWW}/{a["cat"]}/index.html">{CATS[a["cat"]]}</a>{sep}正文'
    )


def render_article(a, S, seed):
    body, st = build_body(a, S, seed)
    r = random.Random(f"{seed}|chrome|{a['id']}")
    lay = a["layout"]
    city = DC.CITIES[a["ci"]]
    p = a["pub"]
    title = a["title"]
    decl = a["decl"]
    kw = ",".join(a["tags"])
    desc = meta_desc(a)
    bhtml = "\n".join(body.html)
    src = r.choice([SITE, f"{city['name']}本地资讯", "综合整理", a["agency"], f"{SITE_SHORT}编辑部"])
    views = r.randint(120, 48000)
    if lay == "news":
        published = f"{p:%Y-%m-%dT%H:%M:%S}"
        page = f"""<!DOCTYPE html>
<html lang="zh-CN">
<head>
<meta charset="{decl}">
<title>{e(title)}_{SITE}</title>
<meta name="keywords" content="{ea(kw)}">
<meta name="description" content="{ea(desc)}">
<meta property="og:type" content="article">
<meta property="og:title" content="{ea(title)}">
<meta property="article:published_time" content="{p:%Y-%m-%dT%H:%M:%S}+08:00">
<link rel="stylesheet" href="/static/css/news.css">
</head>
<body>
<div class="top-bar"><div class="wrap"><span>欢迎访问{SITE}，一站式便民办事指南！</span><a href="javascript:;">设为首页</a> <a href="javascript:;">加入收藏</a></div></div>
<div class="header"><div class="wrap"><a class="logo" href="http://{WWW}/index.html"><img src="/static/img/logo.png" alt="{SITE}"></a>{nav_html(a["host"])}</div></div>
<div class="wrap clearfix">
<div class="crumbs">当前位置：{crumbs(a, " &gt; ")}</div>
<div class="main-left">
<h1 class="art-title">{e(title)}</h1>
<div class="art-info">发布时间：{p:%Y-%m-%d %H:%M:%S} 来源：{e(src)} 浏览：<script src="/plus/count.php?aid={a["id"]}"></script>次</div>
<div class="art-content" id="artContent">
{bhtml}
</div>
</div>
<div class="sidebar">{side_html(a, S, r)}</div>
</div>
{footer_html(0)}
</body>
</html>
"""
    elif lay == "wenda":
        published = f"{p:%Y-%m-%dT%H:%M}"
        nc = r.randint(0, 4)
        page = f"""<!DOCTYPE html>
<html>
<head>
<meta http-equiv="Content-Type" content="text/html; charset={decl}">
<title>{e(title)} - {SITE}</title>
<meta name="keywords" content="{ea(kw)}">
<meta name="description" content="{ea(desc)}">
<link rel="stylesheet" href="/static/wenda/style.css">
</head>
<body>
<div id="header"><div class="inner"><a href="http://{WWW}/index.html" class="logo">{SITE_SHORT}问答</a>{nav_html(a["host"], "menu")}<form class="search" action="/search/"><input type="text" name="q" placeholder="搜索办事问题"><button type="submit">搜索</button></form></div></div>
<div id="main" class="inner">
<div class="left">
<div class="path">{crumbs(a, " &raquo; ")}</div>
<div class="ask-box">
<h1 class="ask-title">{e(title)}</h1>
<div class="ask-meta"><span class="time">时间：{p.year}年{p.month}月{p.day}日 {p:%H:%M}</span> <span class="cate">分类：{CATS[a["cat"]]}</span> <span class="pv">{views}人看过</span></div>
</div>
<div class="answer-box">
<div class="answer-head"><img class="avatar" src="/static/wenda/avatar.png" alt=""><span class="uname">{SITE_SHORT}小助手</span><span class="best">最佳答案</span></div>
<div class="answer-body">
{bhtml}
</div>
</div>
<div class="comments"><h3>网友评论（{nc}）</h3>{comments_html(a, r, nc)}</div>
</div>
<div class="right">{side_html(a, S, r, "相关问题")}</div>
</div>
{footer_html(1)}
</body>
</html>
"""
    elif lay == "weixin":
        published = f"{p:%Y-%m-%d}"
        ud = min(p + dt.timedelta(days=r.randint(3, 120)), NOW - dt.timedelta(days=1))
        nc = r.choice([0, 0, 1, 2, 3])
        cm = (
            f'<div class="discuss"><div class="discuss_title">精选留言</div>{comments_html(a, r, nc, "discuss_list")}</div>'
            if nc
            else ""
        )
        page = f"""<!DOCTYPE html>
<html>
<head>
<meta charset="{decl}">
<meta name="viewport" content="width=device-width,initial-scale=1.0,maximum-scale=1.0,user-scalable=0">
<title>{e(title)}｜{SITE}</title>
<meta name="description" content="{ea(desc)}">
<link rel="stylesheet" href="/static/mp/mp.css">
</head>
<body id="activity-detail" class="zh_CN">
<div class="rich_media_wrp">
<div class="rich_media">
<h1 class="rich_media_title" id="activity-name">
            {e(title)}
          </h1>
<div class="rich_media_meta_list"><span class="rich_media_meta rich_media_meta_text">原创</span> <span class="rich_media_meta_nickname"><a href="http://{city["sub"]}.{DOMAIN}/index.html">{SITE_SHORT}{city["name"]}</a></span> <time datetime="{p:%Y-%m-%d}" class="rich_media_meta">{p:%Y-%m-%d}</time> <span class="rich_media_meta update">更新于{ud:%Y-%m-%d}</span></div>
<div class="rich_media_content" id="js_content" style="visibility: visible;">
{bhtml}
</div>
<div class="rich_media_tool"><span class="media_tool_meta">阅读 {views}</span> <span class="media_tool_meta">在看 {r.randint(0, 200)}</span> <a href="http://{WWW}/index.html" class="media_tool_meta">阅读原文</a></div>
{cm}
</div>
</div>
<div class="footer_mini">{SITE} &copy; 2016-2025 {ICP}</div>
</body>
</html>
"""
    elif lay == "gov":
        published = f"{p:%Y-%m-%d}"
        page = f"""<!DOCTYPE html PUBLIC "-//W3C//DTD XHTML 1.0 Transitional//EN" "http://www.w3.org/TR/xhtml1/DTD/xhtml1-transitional.dtd">
<html xmlns="http://www.w3.org/1999/xhtml">
<head>
<meta http-equiv="Content-Type" content="text/html; charset={decl}" />
<title>{e(title)}_{SITE_SHORT}</title>
<meta name="keywords" content="{ea(kw)}" />
<link href="/static/css/arc.css" rel="stylesheet" type="text/css" />
</head>
<body>
<div class="head"><h1 class="logo"><a href="http://{WWW}/index.html">{SITE}</a></h1><div class="head-r"><span class="slogan">办事不求人 一查就明白</span></div></div>
<div class="menu">{nav_html(a["host"], "menu-list")}</div>
<div class="position">您现在的位置：{crumbs(a, " &gt;&gt; ")}</div>
<div class="article">
<div class="article-hd">
<h2 class="arc-tit">{e(title)}</h2>
<div class="info"><span class="src">来源：{e(src)}{p:%Y-%m-%d}</span> <span class="fontsize">字号：<a href="javascript:;">大</a> <a href="javascript:;">中</a> <a href="javascript:;">小</a></span> <span class="print"><a href="javascript:window.print();">【打印】</a></span></div>
</div>
<div class="article-bd">
<div class="TRS_Editor">
{bhtml}
</div>
</div>
<div class="article-ft"><a href="javascript:window.close();">【关闭窗口】</a></div>
</div>
<div class="links"><span>相关链接：</span><a href="http://{WWW}/city/index.html">城市分站</a> <a href="http://{WWW}/{a["cat"]}/index.html">{CATS[a["cat"]]}</a></div>
{footer_html(2)}
</body>
</html>
"""
    else:  # portal
        published = f"{p:%Y-%m-%dT%H:%M}"
        nc = r.randint(0, 5)
        author = r.choice([f"{SITE_SHORT}小编", rand_name(r), f"{city['name']}生活君", "便民百事通"])
        page = f"""<!DOCTYPE html>
<html lang="zh-CN">
<head>
<meta charset="{decl}">
<meta name="PubDate" content="{p:%Y-%m-%d %H:%M}">
<meta name="keywords" content="{ea(kw)}">
<meta name="description" content="{ea(desc)}">
<title>{e(title)} - {SITE}</title>
<link rel="stylesheet" href="/assets/portal.css">
</head>
<body>
<header class="site-header"><div class="container"><a class="brand" href="http://{WWW}/index.html">{SITE}</a><nav>{nav_html(a["host"], "nav-list")}</nav></div></header>
<main class="container">
<div class="col-main">
<div class="breadcrumb">{crumbs(a, " / ")}</div>
<div class="post-head">
<h1 class="post-title">{e(title)}</h1>
<p class="post-meta"><span class="author">{e(author)}</span> · <span class="stamp">{relative_stamp(p)}</span> · <span class="views">{views}阅读</span></p>
</div>
<div class="content-main" id="content">
{bhtml}
</div>
<section class="comment-area"><h3>全部评论（{nc}）</h3>{comments_html(a, r, nc)}<div class="comment-form"><textarea placeholder="说点什么吧"></textarea><button>发表评论</button></div></section>
</div>
<aside class="col-side">{side_html(a, S, r, "大家都在看")}</aside>
</main>
<footer class="site-footer">{footer_html(3)}</footer>
</body>
</html>
"""
    return page, body, published


# --------------------------------------------------------------------------- list pages
def list_page_html(host, page_title, heading, items, pager, heading_tag="h1", home=False):
    lis = []
    for b in items:
        href = "/" + b["hpath"] if b["host"] == host else b["url"]
        summary = meta_desc(b)[:56]
        lis.append(
            f'<li><a class="tit" href="{ea(href)}">{e(b["title"])}</a><span class="date">{b["pub"]:%Y-%m-%d}</span>'
            f'<p class="summary">{e(summary)}…</p></li>'
        )
    logo = (
        f'<h1 class="logo"><a href="/index.html">{SITE}</a></h1>'
        if home
        else f'<a class="logo" href="http://{WWW}/index.html">{SITE}</a>'
    )
    head = "" if home else f'<{heading_tag} class="list-title">{e(heading)}</{heading_tag}>'
    return f"""<!DOCTYPE html>
<html lang="zh-CN">
<head>
<meta charset="utf-8">
<title>{e(page_title)}</title>
<link rel="stylesheet" href="/static/css/list.css">
</head>
<body>
<div class="header"><div class="wrap">{logo}{nav_html(host)}</div></div>
<div class="wrap">
<div class="list-main">
{head}
<ul class="news-list">
{chr(10).join(lis)}
</ul>
{pager}
</div>
</div>
{footer_html(0)}
</body>
</html>
"""


def pager_html(base, n, cur):
    if n <= 1:
        return ""

    def url(i):
        return f"{base}index.html" if i == 1 else f"{base}list_{i}.html"

    parts = []
    if cur > 1:
        parts.append(f'<a href="{url(cur - 1)}">上一页</a>')
    for i in range(1, n + 1):
        parts.append(f'<span class="cur">{i}</span>' if i == cur else f'<a href="{url(i)}">{i}</a>')
    if cur < n:
        parts.append(f'<a href="{url(cur + 1)}">下一页</a>')
    parts.append(f"<span>共{n}页</span>")
    return '<div class="pages">' + " ".join(parts) + "</div>"


# --------------------------------------------------------------------------- build
def cities_in(lines):
    text = "\n".join(lines)
    found = [(text.find(c), c) for c in DC.CITY_NAMES if c in text]
    return [c for _, c in sorted(found)]


def _fold(x):
    if isinstance(x, str):
        return x.translate(FOLD)
    if isinstance(x, list):
        return [_fold(y) for y in x]
    if isinstance(x, dict):
        return {k: _fold(v) for k, v in x.items()}
    return x


def build_site(out_dir, articles=400, seed=53, punctuation="fullwidth"):
    if punctuation not in ("fullwidth", "ascii"):
        raise ValueError("punctuation must be 'fullwidth' or 'ascii'")
    ascii_mode = punctuation == "ascii"
    rng = random.Random(seed)
    CV = [make_city_vars(c, random.Random(f"{seed}|city|{i}")) for i, c in enumerate(DC.CITIES)]
    arts = plan_articles(articles, rng)
    used_titles = set()
    for a in arts:
        realize_article(a, CV, seed, used_titles)
        a["hpath"] = article_path(a)
        a["url"] = f"http://{a['host']}/{a['hpath']}"
    S = {"arts": arts}
    by_host = {}
    for a in arts:
        by_host.setdefault(a["host"], []).append(a)
    files = {}  # relpath -> bytes
    gold = []

    def put(host, hpath, text, enc="utf-8"):
        if ascii_mode:
            text = text.translate(FOLD)
        files[f"{host}/{hpath}"] = text.encode(enc)

    for a in arts:
        hl = by_host[a["host"]]
        i = hl.index(a)
        S["neighbors"] = (hl[i - 1] if i > 0 else None, hl[i + 1] if i + 1 < len(hl) else None)
        page, body, published = render_article(a, S, seed)
        enc = a["encoding"]
        if enc == "gbk":
            try:
                page.encode("gbk")
            except UnicodeEncodeError:
                enc, a["decl"] = "utf-8", "utf-8"
                page, body, published = render_article(a, S, seed)
        a["encoding"] = enc
        put(a["host"], a["hpath"], page, enc)
        g = dict(
            host=a["host"],
            path=f"{a['host']}/{a['hpath']}",
            url=a["url"],
            page_type="article",
            layout=a["layout"],
            encoding=enc,
            title=a["title"],
            published_at=published,
            main_text=body.main,
            boilerplate=body.bp,
            sections=body.sections,
            cities=cities_in(body.main),
        )
        gold.append(g)

    # ---- list pages
    list_gold = []

    def add_list(host, hpath, page_title, heading, items, pager, home=False):
        put(host, hpath, list_page_html(host, page_title, heading, items, pager, home=home))
        list_gold.append(
            dict(
                host=host,
                path=f"{host}/{hpath}",
                url=f"http://{host}/{hpath}",
                page_type="list",
                layout="list",
                encoding="utf-8",
                title=heading,
                published_at=None,
                main_text=[],
                boilerplate=[],
                sections=[],
                cities=[],
            )
        )

    newest = sorted(arts, key=lambda b: b["id"], reverse=True)
    add_list(WWW, "index.html", f"{SITE}_生活缴费与出行办事指南", SITE, newest[:30], "", home=True)
    per = 20
    for cat in CAT_ORDER:
        items = [b for b in newest if b["cat"] == cat]
        npg = max(1, (len(items) + per - 1) // per)
        for pg in range(1, npg + 1):
            hp = f"{cat}/index.html" if pg == 1 else f"{cat}/list_{pg}.html"
            pt = f"{CATS[cat]}_{SITE}" if pg == 1 else f"{CATS[cat]}_第{pg}页_{SITE}"
            add_list(WWW, hp, pt, CATS[cat], items[(pg - 1) * per : pg * per], pager_html(f"/{cat}/", npg, pg))
    tagset = []
    for b in arts:
        for t in b["tags"]:
            if t not in tagset:
                tagset.append(t)
    for t in sorted(tagset, key=tag_slug):
        items = [b for b in newest if t in b["tags"]]
        add_list(WWW, f"tag/{tag_slug(t)}.html", f"{t}相关文章_{SITE}", f"“{t}”相关文章", items[:40], "")
    # city directory on www (links only, rendered as a list of latest article per city)
    city_items = []
    for c in DC.CITIES:
        h = f"{c['sub']}.{DOMAIN}"
        if by_host.get(h):
            city_items.append(sorted(by_host[h], key=lambda b: b["id"])[-1])
    add_list(WWW, "city/index.html", f"城市分站_{SITE}", "城市分站", city_items, "")
    for c in DC.CITIES:
        h = f"{c['sub']}.{DOMAIN}"
        items = sorted(by_host.get(h, []), key=lambda b: b["id"], reverse=True)
        npg = max(1, (len(items) + per - 1) // per)
        for pg in range(1, npg + 1):
            hp = "index.html" if pg == 1 else f"list_{pg}.html"
            heading = f"{c['name']}便民生活指南"
            pt = f"{heading}_{SITE}" if pg == 1 else f"{heading}_第{pg}页_{SITE}"
            add_list(h, hp, pt, heading, items[(pg - 1) * per : pg * per], pager_html("/", npg, pg))

    # ---- robots.txt / sitemap.xml per host
    hosts = [WWW] + [f"{c['sub']}.{DOMAIN}" for c in DC.CITIES]
    all_pages = gold + list_gold
    for h in hosts:
        put(
            h,
            "robots.txt",
            f"User-agent: *\nDisallow: /search/\nDisallow: /member/\nDisallow: /go/\n"
            f"Disallow: /plus/\n\nSitemap: http://{h}/sitemap.xml\n",
        )
        urls = []
        for g in all_pages:
            if g["host"] != h:
                continue
            lm = g["published_at"][:10] if g["published_at"] else f"{NOW:%Y-%m-%d}"
            urls.append(f"  <url><loc>{g['url']}</loc><lastmod>{lm}</lastmod></url>")
        put(
            h,
            "sitemap.xml",
            '<?xml version="1.0" encoding="UTF-8"?>\n'
            '<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">\n' + "\n".join(urls) + "\n</urlset>\n",
        )

    gold = gold + list_gold
    if ascii_mode:
        gold = [_fold(g) for g in gold]
    os.makedirs(out_dir, exist_ok=True)
    for rel, data in files.items():
        full = os.path.join(out_dir, rel)
        os.makedirs(os.path.dirname(full), exist_ok=True)
        with open(full, "wb") as f:
            f.write(data)
    with open(os.path.join(out_dir, "gold.jsonl"), "w", encoding="utf-8") as f:
        for g in gold:
            f.write(json.dumps(g, ensure_ascii=False) + "\n")
    return gold


def main(argv=None):
    ap = argparse.ArgumentParser(description="Generate the blindfarm6 content-farm test site.")
    ap.add_argument("out_dir")
    ap.add_argument("--articles", type=int, default=400)
    ap.add_argument("--seed", type=int, default=53)
    ap.add_argument("--punctuation", choices=["fullwidth", "ascii"], default="fullwidth")
    ns = ap.parse_args(argv)
    gold = build_site(ns.out_dir, articles=ns.articles, seed=ns.seed, punctuation=ns.punctuation)
    n_art = sum(1 for g in gold if g["page_type"] == "article")
    print(f"wrote {len(gold)} pages ({n_art} articles) to {ns.out_dir}")


if __name__ == "__main__":
    main()
